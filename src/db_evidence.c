/*
 * db_evidence.c - SQL for evidence rows and their attached files
 * (artifacts), and the walks verify makes over them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db_internal.h"
#include "evidence.h"
#include "exitcodes.h"
#include "openin.h"

int
db_evidence_next_id(struct db *db, int64_t *id, struct dp_err *err)
{
	return db_query_int64(db, "SELECT coalesce(max(id), 0) + 1 "
	    "FROM evidence", id, "cannot read evidence ids", err);
}

/*
 * Rows are inserted EV_BATCH at a time with one multi-row INSERT: a step
 * per row spent a fifth of an import in statement start-up and halt.  The
 * inserter only points at the rows it has queued.
 */
#define EV_BATCH	DB_EV_BATCH
#define EV_NCOLS	12

struct db_ev_inserter {
	struct db	*db;
	sqlite3_stmt	*batch;		/* EV_BATCH rows */
	sqlite3_stmt	*row;		/* one row */
	sqlite3_stmt	*file;
	const struct evidence *rows[EV_BATCH];
	size_t		 nrows;
};

static sqlite3_stmt *
prepare_insert(struct db *db, int nrows, struct dp_err *err)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *st;
	int r, c;

	buf_adds(&sql, "INSERT INTO evidence (id, provider_id, kind, "
	    "indicator, indicator_type, observed_at, family, source, note, "
	    "recorded_at, audit_seq, row_hash) VALUES ");
	for (r = 0; r < nrows; r++) {
		buf_adds(&sql, r ? ",(" : "(");
		for (c = 0; c < EV_NCOLS; c++)
			buf_adds(&sql, c ? ",?" : "?");
		buf_addc(&sql, ')');
	}
	st = db_prepare(db, sql.s, err);
	buf_release(&sql);
	return st;
}

struct db_ev_inserter *
db_ev_inserter_new(struct db *db, struct dp_err *err)
{
	struct db_ev_inserter *ins = xcalloc(1, sizeof(*ins));

	ins->db = db;
	ins->batch = prepare_insert(db, EV_BATCH, err);
	ins->row = prepare_insert(db, 1, err);
	ins->file = db_prepare(db, "INSERT INTO evidence_files (evidence_id, "
	    "pos, artifact_id, name) VALUES (?1, ?2, ?3, ?4)", err);
	if (ins->batch == NULL || ins->row == NULL || ins->file == NULL) {
		db_ev_inserter_free(ins);
		return NULL;
	}
	return ins;
}

void
db_ev_inserter_free(struct db_ev_inserter *ins)
{
	if (ins == NULL)
		return;
	sqlite3_finalize(ins->batch);
	sqlite3_finalize(ins->row);
	sqlite3_finalize(ins->file);
	free(ins);
}

/*
 * Bind e as row r of st.  Strings are bound SQLITE_STATIC: they live until
 * the step that writes them.
 */
static void
bind_row(sqlite3_stmt *st, int r, const struct evidence *e)
{
	int b = r * EV_NCOLS;

	sqlite3_bind_int64(st, b + 1, e->id);
	sqlite3_bind_int64(st, b + 2, e->provider_id);
	sqlite3_bind_text(st, b + 3, e->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, b + 4, e->indicator, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, b + 5, ind_type_name(e->indicator_type), -1,
	    SQLITE_STATIC);
	if (e->has_observed)
		sqlite3_bind_int64(st, b + 6, e->observed_at);
	else
		sqlite3_bind_null(st, b + 6);
#define BIND_OPT(i, s) ((s) != NULL ? \
	sqlite3_bind_text(st, (i), (s), -1, SQLITE_STATIC) : \
	sqlite3_bind_null(st, (i)))
	BIND_OPT(b + 7, e->family);
	BIND_OPT(b + 8, e->source);
	BIND_OPT(b + 9, e->note);
#undef BIND_OPT
	sqlite3_bind_int64(st, b + 10, e->recorded_at);
	sqlite3_bind_int64(st, b + 11, e->audit_seq);
	sqlite3_bind_blob(st, b + 12, e->row_hash, SHA256_LEN, SQLITE_STATIC);
}

static int
step_done(struct db_ev_inserter *ins, sqlite3_stmt *st, struct dp_err *err,
    const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(ins->db, rc, err, what);
	return 0;
}

static int
insert_files(struct db_ev_inserter *ins, const struct evidence *e,
    struct dp_err *err)
{
	sqlite3_stmt *st = ins->file;
	size_t i;
	int rc;

	for (i = 0; i < e->nfiles; i++) {
		sqlite3_bind_int64(st, 1, e->id);
		sqlite3_bind_int64(st, 2, (int64_t)i + 1);
		sqlite3_bind_int64(st, 3, e->files[i].artifact_id);
		sqlite3_bind_text(st, 4, e->files[i].name, -1, SQLITE_STATIC);
		if ((rc = step_done(ins, st, err,
		    "cannot store an attached file")) != 0)
			return rc;
	}
	return 0;
}

int
db_ev_flush(struct db_ev_inserter *ins, struct dp_err *err)
{
	size_t i;
	int rc = 0;

	if (ins->nrows == EV_BATCH) {
		for (i = 0; i < EV_BATCH; i++)
			bind_row(ins->batch, (int)i, ins->rows[i]);
		rc = step_done(ins, ins->batch, err, "cannot store evidence");
	} else
		for (i = 0; i < ins->nrows && rc == 0; i++) {
			bind_row(ins->row, 0, ins->rows[i]);
			rc = step_done(ins, ins->row, err,
			    "cannot store evidence");
		}
	for (i = 0; i < ins->nrows && rc == 0; i++)
		rc = insert_files(ins, ins->rows[i], err);
	ins->nrows = 0;
	return rc;
}

int
db_ev_insert(struct db_ev_inserter *ins, const struct evidence *e,
    struct dp_err *err)
{
	ins->rows[ins->nrows++] = e;
	if (ins->nrows < EV_BATCH)
		return 0;
	return db_ev_flush(ins, err);
}

/*
 * Attached files (artifacts) are stored in chunks: the rows of
 * artifact_chunks numbered n = 0, 1, ... in the order of the file's bytes
 * (db/migrations/0011-artifact-chunks.sql says why).  depeer writes
 * chunks of ART_CHUNK (1 MiB) bytes, the last one shorter: a chunk is held
 * in memory once while it is stored, and SQLite builds its row in a copy,
 * so 1 MiB keeps that small while the row and index entry each chunk costs
 * (some 30 bytes) stay negligible.  Measured storing a 150 MB file (median
 * of 3): 256 KiB chunks 1.66 s and 22 MB peak, 1 MiB 1.39 s and 23 MB,
 * 4 MiB 1.58 s and 29 MB; larger chunks buy nothing.  Chunks are read back
 * ART_PIECE bytes at a time through incremental blob I/O, so that a chunk
 * of any size (another version's) is read in bounded memory.
 */
#define ART_CHUNK	DB_ARTIFACT_CHUNK
#define ART_PIECE	(256 * 1024)
/*
 * The page cache, in KiB, while a file streams through it.  Each page is
 * written or read once, so the connection's larger cache (db.c) would only
 * hold memory; when this one is full, SQLite spills dirty pages to the WAL
 * (cache_spill), still inside the transaction.
 */
#define ART_CACHE_KIB	8192

/* Make the page cache small for a stream; *old receives its size. */
static int
cache_shrink(struct db *db, int64_t *old, struct dp_err *err)
{
	char sql[64];
	int rc;

	if ((rc = db_query_int64(db, "PRAGMA cache_size", old,
	    "cannot read the page cache size", err)) != 0)
		return rc;
	snprintf(sql, sizeof(sql), "PRAGMA cache_size = -%d", ART_CACHE_KIB);
	return db_exec(db, sql, err);
}

static void
cache_restore(struct db *db, int64_t old)
{
	char sql[64];

	snprintf(sql, sizeof(sql), "PRAGMA cache_size = %lld", (long long)old);
	sqlite3_exec(db->h, sql, NULL, NULL, NULL);
}

static int
artifact_lookup(struct db *db, const char *sha256, int64_t *id,
    struct dp_err *err)
{
	sqlite3_stmt *st;
	int rc;

	st = db_prepare(db, "SELECT id FROM artifacts WHERE sha256 = ?1", err);
	if (st == NULL)
		return err->code;
	db_bind_text(st, 1, sha256);
	rc = sqlite3_step(st);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, rc, err, "cannot look up a file");
	return 0;
}

/*
 * The file is read a chunk at a time, each chunk inserted as it is read,
 * so a large capture is never held in memory whole.  The bytes are hashed
 * again as they are copied: a file that changed since the caller hashed
 * it is refused.  Everything is written in the caller's transaction, so a
 * failure (or an interruption) part way leaves nothing once it rolls back.
 */
int
db_artifact_store(struct db *db, const char *path, const char *sha256,
    int64_t size, int64_t now, int64_t *idp, struct dp_err *err)
{
	sqlite3_stmt *st;
	struct sha256 *h = NULL;
	unsigned char *chunk = NULL, d[SHA256_LEN];
	char hex[SHA256_HEXLEN];
	FILE *fp = NULL;
	int64_t id, off = 0, n = 0, cache = 0;
	size_t got = 0;
	int rc, shrunk = 0;

	if (!DB_IN_WRITE(db))
		die("BUG: a file stored outside a write transaction");
	if ((rc = artifact_lookup(db, sha256, &id, err)) != 0)
		return rc;
	if (id != 0) {
		*idp = id;
		return 0;
	}
	st = db_prepare(db, "INSERT INTO artifacts (sha256, size, stored_at) "
	    "VALUES (?1, ?2, ?3)", err);
	if (st == NULL)
		return err->code;
	db_bind_text(st, 1, sha256);
	sqlite3_bind_int64(st, 2, size);
	sqlite3_bind_int64(st, 3, now);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, err, "cannot store a file");
	id = sqlite3_last_insert_rowid(db->h);
	/*
	 * Only if it is (still) a regular file: the caller checked it when it
	 * hashed it, but the name may have been pointed at a FIFO since.
	 */
	if ((rc = fopen_regular(path, &fp, NULL, err)) != 0)
		return rc;
	st = db_prepare(db, "INSERT INTO artifact_chunks (artifact_id, n, "
	    "data) VALUES (?1, ?2, ?3)", err);
	if (st == NULL) {
		rc = err->code;
		goto out;
	}
	if ((rc = cache_shrink(db, &cache, err)) != 0)
		goto out;
	shrunk = 1;
	h = sha256_new();
	chunk = xmalloc(ART_CHUNK);
	while ((got = fread(chunk, 1, ART_CHUNK, fp)) > 0) {
		if (off + (int64_t)got > size)
			break;
		sha256_update(h, chunk, got);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, n);
		sqlite3_bind_blob(st, 3, chunk, (int)got, SQLITE_STATIC);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			rc = db_fail(db, rc, err, "cannot store a file");
			goto out;
		}
		off += (int64_t)got;
		n++;
	}
	if (ferror(fp)) {
		rc = dp_fail(err, DP_EX_IOERR, "cannot read '%s': %s", path,
		    strerror(errno));
		goto out;
	}
	sha256_final(h, d);
	sha256_hex(d, hex);
	if (off != size || got != 0 || strcmp(hex, sha256) != 0) {
		rc = dp_fail(err, DP_EX_DATAERR, "'%s' changed while it was "
		    "being stored; try again", path);
		goto out;
	}
	*idp = id;
	rc = 0;
out:
	if (shrunk)
		cache_restore(db, cache);
	sqlite3_finalize(st);
	fclose(fp);
	sha256_free(h);
	free(chunk);
	return rc;
}

/*
 * Reading the chunks of stored files: a statement listing one file's
 * chunks in order, and one blob handle moved from chunk to chunk.
 */
struct chunk_reader {
	struct db	*db;
	sqlite3_stmt	*list;
	sqlite3_blob	*blob;
	unsigned char	*piece;
};

static int
chunk_reader_init(struct chunk_reader *r, struct db *db, struct dp_err *err)
{
	memset(r, 0, sizeof(*r));
	r->db = db;
	r->list = db_prepare(db, "SELECT id, n FROM artifact_chunks "
	    "WHERE artifact_id = ?1 ORDER BY n", err);
	if (r->list == NULL)
		return err->code;
	r->piece = xmalloc(ART_PIECE);
	return 0;
}

static void
chunk_reader_release(struct chunk_reader *r)
{
	if (r->blob != NULL)
		sqlite3_blob_close(r->blob);
	sqlite3_finalize(r->list);
	free(r->piece);
}

/* Point r->blob at chunk row rowid. */
static int
chunk_open(struct chunk_reader *r, int64_t rowid)
{
	int rc;

	if (r->blob == NULL)
		return sqlite3_blob_open(r->db->h, "main", "artifact_chunks",
		    "data", rowid, 0, &r->blob);
	if ((rc = sqlite3_blob_reopen(r->blob, rowid)) != SQLITE_OK) {
		/* A handle that failed to move cannot be used again. */
		sqlite3_blob_close(r->blob);
		r->blob = NULL;
	}
	return rc;
}

/*
 * Read stored file id's chunks in order: each piece is hashed into h and,
 * when out is not NULL, written to it.  *total receives the number of
 * bytes read; fault (fsize bytes) what is wrong with the chunks other than
 * their bytes (one missing, twice, empty, unreadable), or "".
 */
static int
chunk_read(struct chunk_reader *r, int64_t id, struct sha256 *h, FILE *out,
    int64_t *total, char *fault, size_t fsize, struct dp_err *err)
{
	int64_t want = 0, n, rowid;
	int rc, bytes, off, len;

	*total = 0;
	fault[0] = '\0';
	sqlite3_bind_int64(r->list, 1, id);
	while ((rc = sqlite3_step(r->list)) == SQLITE_ROW) {
		struct db_row row;

		db_row_start(&row, r->list, "file chunk", err);
		rowid = db_row_id(&row, 0);
		n = db_row_int(&row, 1);
		if ((rc = db_row_end(&row)) != 0) {
			sqlite3_reset(r->list);
			return rc;
		}
		if (n != want && fault[0] == '\0')
			snprintf(fault, fsize, n < want ? "chunk %lld of its "
			    "content is stored twice" : "chunk %lld of its "
			    "content is missing", (long long)(n < want ? n :
			    want));
		want = n + 1;
		if ((rc = chunk_open(r, rowid)) == SQLITE_ERROR) {
			/* Not a blob or text (sqlite3_blob_open()). */
			if (fault[0] == '\0')
				snprintf(fault, fsize, "chunk %lld of its "
				    "content is not bytes", (long long)n);
			continue;
		}
		if (rc != SQLITE_OK)
			goto fail;
		bytes = sqlite3_blob_bytes(r->blob);
		if (bytes == 0 && fault[0] == '\0')
			snprintf(fault, fsize, "chunk %lld of its content is "
			    "empty", (long long)n);
		for (off = 0; off < bytes; off += len) {
			len = bytes - off < ART_PIECE ? bytes - off : ART_PIECE;
			rc = sqlite3_blob_read(r->blob, r->piece, len, off);
			if (rc != SQLITE_OK)
				goto fail;
			sha256_update(h, r->piece, (size_t)len);
			if (out != NULL && fwrite(r->piece, 1, (size_t)len,
			    out) != (size_t)len) {
				sqlite3_reset(r->list);
				return dp_fail(err, DP_EX_IOERR, "cannot write: "
				    "%s", strerror(errno));
			}
		}
		*total += bytes;
	}
	if (rc != SQLITE_DONE)
		goto fail;
	sqlite3_reset(r->list);
	return 0;
fail:
	rc = db_fail(r->db, rc, err, "cannot read a stored file");
	sqlite3_reset(r->list);
	return rc;
}

int
db_artifact_write(struct db *db, int64_t id, void *fpv, struct dp_err *err)
{
	struct chunk_reader r;
	sqlite3_stmt *st;
	struct sha256 *h = NULL;
	unsigned char d[SHA256_LEN];
	char want[SHA256_HEXLEN], hex[SHA256_HEXLEN], fault[128];
	int64_t size = 0, total, cache;
	int rc;

	st = db_prepare(db, "SELECT sha256, size FROM artifacts WHERE id = ?1",
	    err);
	if (st == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		struct db_row row;
		int bad;

		db_row_start(&row, st, "stored file", err);
		row.id = id;
		snprintf(want, sizeof(want), "%s", db_row_text(&row, 0, NULL));
		size = db_row_int_range(&row, 1, 0, INT64_MAX);
		if ((bad = db_row_end(&row)) != 0) {
			sqlite3_finalize(st);
			return bad;
		}
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return dp_fail(err, DP_EX_NOINPUT, "no stored file %lld",
		    (long long)id);
	if (rc != SQLITE_ROW)
		return db_fail(db, rc, err, "cannot read a file");
	if ((rc = chunk_reader_init(&r, db, err)) != 0)
		return rc;
	if ((rc = cache_shrink(db, &cache, err)) != 0) {
		chunk_reader_release(&r);
		return rc;
	}
	h = sha256_new();
	rc = chunk_read(&r, id, h, fpv, &total, fault, sizeof(fault), err);
	cache_restore(db, cache);
	chunk_reader_release(&r);
	sha256_final(h, d);
	sha256_free(h);
	sha256_hex(d, hex);
	if (rc != 0)
		return rc;
	if (total != size)
		return dp_fail(err, DP_EX_DATAERR, "stored file %s has %lld "
		    "bytes, not the %lld recorded (run 'depeer verify')", want,
		    (long long)total, (long long)size);
	if (strcmp(hex, want) != 0)
		return dp_fail(err, DP_EX_DATAERR, "stored file %s does not "
		    "match its hash (run 'depeer verify')", want);
	return 0;
}

/*
 * Each stored file's chunks are hashed in order; then the chunks that
 * belong to no stored file (their rows deleted, or chunks added under an
 * id that has none) are reported.
 */
int
db_artifact_check_iter(struct db *db,
    int (*fn)(const struct artifact_check *, void *), void *arg,
    struct dp_err *err)
{
	struct chunk_reader r;
	sqlite3_stmt *st = NULL;
	struct artifact_check c;
	struct sha256 *h = NULL;
	unsigned char d[SHA256_LEN];
	char sha[SHA256_HEXLEN], fault[128];
	int64_t cache;
	int rc, r_ = 0, shrunk = 0;

	if ((rc = chunk_reader_init(&r, db, err)) != 0)
		return rc;
	/* A file no record refers to: verify_columns.c (check_stored). */
	st = db_prepare(db, "SELECT a.id, a.sha256, a.size "
	    "FROM artifacts a ORDER BY a.id", err);
	if (st == NULL) {
		r_ = err->code;
		goto out;
	}
	if ((r_ = cache_shrink(db, &cache, err)) != 0)
		goto out;
	shrunk = 1;
	h = sha256_new();
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct db_row row;

		memset(&c, 0, sizeof(c));
		db_row_start(&row, st, "stored file", err);
		c.id = db_row_id(&row, 0);
		snprintf(sha, sizeof(sha), "%s", db_row_text(&row, 1, NULL));
		c.sha256 = sha;
		c.size = db_row_int_range(&row, 2, 0, INT64_MAX);
		if ((r_ = db_row_end(&row)) != 0)
			goto out;
		if ((r_ = chunk_read(&r, c.id, h, NULL, &c.actual_size, fault,
		    sizeof(fault), err)) != 0)
			goto out;
		sha256_final(h, d);
		sha256_hex(d, c.actual);
		c.fault = fault[0] != '\0' ? fault : NULL;
		if ((r_ = fn(&c, arg)) != 0)
			goto out;
	}
	if (rc != SQLITE_DONE) {
		r_ = db_fail(db, rc, err, "cannot read stored files");
		goto out;
	}
	sqlite3_finalize(st);
	st = db_prepare(db, "SELECT DISTINCT artifact_id FROM artifact_chunks "
	    "WHERE artifact_id NOT IN (SELECT id FROM artifacts) "
	    "ORDER BY artifact_id", err);
	if (st == NULL) {
		r_ = err->code;
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct db_row row;

		memset(&c, 0, sizeof(c));
		db_row_start(&row, st, "file chunk", err);
		c.id = db_row_int(&row, 0);
		if ((r_ = db_row_end(&row)) != 0)
			goto out;
		c.sha256 = "";
		c.fault = "its row is missing, but chunks of its content "
		    "remain";
		if ((r_ = fn(&c, arg)) != 0)
			goto out;
	}
	if (rc != SQLITE_DONE)
		r_ = db_fail(db, rc, err, "cannot read stored files");
out:
	if (shrunk)
		cache_restore(db, cache);
	sqlite3_finalize(st);
	chunk_reader_release(&r);
	sha256_free(h);
	return r_;
}

/* The indicator type stored; -1 for one depeer does not write. */
static int
ind_type_parse(const char *s)
{
	enum ind_type t;

	for (t = IND_IPV4; t <= IND_URL; t++)
		if (strcmp(s, ind_type_name(t)) == 0)
			return (int)t;
	return -1;
}

/* The evidence row's own columns (0-12) and its retraction (18-20). */
static int
row_to_evidence(sqlite3_stmt *st, struct evidence *e, struct dp_err *err)
{
	struct db_row r;
	int t;

	db_row_start(&r, st, "evidence", err);
	e->id = db_row_id(&r, 0);
	e->provider_id = db_row_int(&r, 1);
	e->provider_name = db_row_strdup_opt(&r, 2);	/* NULL: none */
	e->kind = db_row_strdup(&r, 3);
	e->indicator = db_row_strdup(&r, 4);
	t = ind_type_parse(db_row_text(&r, 5, NULL));
	e->has_observed = db_row_int_opt(&r, 6, &e->observed_at);
	e->family = db_row_strdup_opt(&r, 7);
	e->source = db_row_strdup_opt(&r, 8);
	e->note = db_row_strdup_opt(&r, 9);
	e->recorded_at = db_row_int(&r, 10);
	e->audit_seq = db_row_int(&r, 11);
	db_row_blob_n(&r, 12, e->row_hash, SHA256_LEN);
	if (r.rc == 0 && t < 0)
		db_row_bad(&r, "indicator_type is not one depeer writes");
	e->indicator_type = t < 0 ? IND_DOMAIN : (enum ind_type)t;
	if (db_row_int_opt(&r, 20, &e->retract_seq)) {
		e->retracted = 1;
		e->retract_reason = db_row_strdup(&r, 18);
		e->retracted_at = db_row_int(&r, 19);
	}
	return db_row_end(&r);
}

/* One attached file of the row (columns 13-17), when there is one. */
static int
row_to_file(sqlite3_stmt *st, struct evidence *e, struct dp_err *err)
{
	struct db_row r;
	struct evfile *fl;
	int64_t pos;

	db_row_start(&r, st, "evidence", err);
	r.id = e->id;
	if (!db_row_int_opt(&r, 13, &pos))
		return db_row_end(&r);
	e->files = xrealloc(e->files, (e->nfiles + 1) * sizeof(*e->files));
	fl = &e->files[e->nfiles++];
	memset(fl, 0, sizeof(*fl));
	fl->name = db_row_strdup(&r, 14);
	snprintf(fl->sha256, sizeof(fl->sha256), "%s",
	    db_row_text(&r, 15, NULL));
	fl->size = db_row_int(&r, 16);
	fl->artifact_id = db_row_int(&r, 17);
	return db_row_end(&r);
}

static void
ev_clear(struct evidence *e)
{
	evidence_release(e);
	memset(e, 0, sizeof(*e));
}

/*
 * One query joins each row with its files; consecutive result rows with
 * the same evidence id are folded into one struct evidence.
 */
int
db_evidence_iter(struct db *db, const struct ev_filter *f,
    int (*fn)(const struct evidence *, void *), void *arg,
    struct dp_err *err)
{
	struct buf sql = BUF_INIT;
	struct evidence e;
	sqlite3_stmt *st;
	int rc, r = 0, have = 0;
	int64_t id;

	buf_adds(&sql, "SELECT e.id, e.provider_id, p.name, e.kind, "
	    "e.indicator, e.indicator_type, e.observed_at, e.family, "
	    "e.source, e.note, e.recorded_at, e.audit_seq, e.row_hash, "
	    "f.pos, f.name, a.sha256, a.size, a.id, "
	    "r.reason, r.retracted_at, r.audit_seq "
	    "FROM evidence e LEFT JOIN providers p ON p.id = e.provider_id "
	    "LEFT JOIN evidence_files f ON f.evidence_id = e.id "
	    "LEFT JOIN artifacts a ON a.id = f.artifact_id "
	    "LEFT JOIN evidence_retractions r ON r.evidence_id = e.id "
	    "WHERE 1");
	if (f->id != 0)
		buf_adds(&sql, " AND e.id = :id");
	if (f->provider_id != 0)
		buf_adds(&sql, " AND e.provider_id = :provider");
	if (f->kind != NULL)
		buf_adds(&sql, " AND e.kind = :kind");
	if (f->has_since)
		buf_adds(&sql, " AND e.observed_at >= :since");
	if (f->has_until)
		buf_adds(&sql, " AND e.observed_at < :until");
	if (f->audit_seq != 0)
		buf_adds(&sql, " AND e.audit_seq = :seq");
	if (f->hide_retracted)
		buf_adds(&sql, " AND r.evidence_id IS NULL");
	buf_adds(&sql, " ORDER BY e.id, f.pos");
	st = db_prepare(db, sql.s, err);
	buf_release(&sql);
	if (st == NULL)
		return err->code;
#define BIND64(name, v) sqlite3_bind_int64(st, \
	sqlite3_bind_parameter_index(st, name), (v))
	if (f->id != 0)
		BIND64(":id", f->id);
	if (f->provider_id != 0)
		BIND64(":provider", f->provider_id);
	if (f->kind != NULL)
		db_bind_text(st, sqlite3_bind_parameter_index(st, ":kind"),
		    f->kind);
	if (f->has_since)
		BIND64(":since", f->since);
	if (f->has_until)
		BIND64(":until", f->until);
	if (f->audit_seq != 0)
		BIND64(":seq", f->audit_seq);
#undef BIND64
	memset(&e, 0, sizeof(e));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		if (have && id != e.id) {
			if ((r = fn(&e, arg)) != 0)
				break;
			ev_clear(&e);
			have = 0;
		}
		if (!have) {
			have = 1;
			if ((r = row_to_evidence(st, &e, err)) != 0)
				break;
		}
		if ((r = row_to_file(st, &e, err)) != 0)
			break;
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = db_fail(db, rc, err, "cannot read evidence");
	else if (r == 0 && have)
		r = fn(&e, arg);
	ev_clear(&e);
	sqlite3_finalize(st);
	return r;
}

/* ---- retractions ---- */

int
db_evidence_retract(struct db *db, int64_t id, const char *reason,
    int64_t at, int64_t audit_seq, struct dp_err *err)
{
	sqlite3_stmt *st;
	int rc;

	st = db_prepare(db, "INSERT INTO evidence_retractions (evidence_id, "
	    "reason, retracted_at, audit_seq) VALUES (?1, ?2, ?3, ?4)", err);
	if (st == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, reason);
	sqlite3_bind_int64(st, 3, at);
	sqlite3_bind_int64(st, 4, audit_seq);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, err, "cannot record a retraction");
	return 0;
}

int
db_retraction_check_iter(struct db *db,
    int (*fn)(const struct retraction_check *, void *), void *arg,
    struct dp_err *err)
{
	struct retraction_check c;
	sqlite3_stmt *st;
	int rc, r = 0;

	st = db_prepare(db, "SELECT r.evidence_id, r.reason, r.retracted_at, "
	    "r.audit_seq, e.row_hash FROM evidence_retractions r "
	    "LEFT JOIN evidence e ON e.id = r.evidence_id "
	    "ORDER BY r.audit_seq, r.evidence_id", err);
	if (st == NULL)
		return err->code;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct db_row row;

		memset(&c, 0, sizeof(c));
		db_row_start(&row, st, "retraction of evidence", err);
		c.evidence_id = db_row_id(&row, 0);
		c.reason = db_row_text(&row, 1, NULL);
		c.at = db_row_int(&row, 2);
		c.audit_seq = db_row_int(&row, 3);
		if (sqlite3_column_type(st, 4) != SQLITE_NULL) {
			db_row_blob_n(&row, 4, c.row_hash, SHA256_LEN);
			c.has_row = 1;
		}
		if ((r = db_row_end(&row)) != 0 || (r = fn(&c, arg)) != 0)
			break;
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = db_fail(db, rc, err, "cannot read retractions");
	sqlite3_finalize(st);
	return r;
}
