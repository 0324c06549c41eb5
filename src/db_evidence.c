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

/* Chunk size for streaming attached files in and out of blobs. */
#define BLOB_CHUNK	(256 * 1024)

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
 * The row is inserted with a zeroblob of the right size and the content is
 * then written through SQLite's incremental blob I/O, so a large capture is
 * never held in memory whole.  The bytes are hashed again as they are
 * copied: a file that changed since the caller hashed it is refused.
 */
int
db_artifact_store(struct db *db, const char *path, const char *sha256,
    int64_t size, int64_t now, int64_t *idp, struct dp_err *err)
{
	sqlite3_stmt *st;
	sqlite3_blob *blob = NULL;
	struct sha256 *h = NULL;
	unsigned char *chunk = NULL, d[SHA256_LEN];
	char hex[SHA256_HEXLEN];
	FILE *fp = NULL;
	int64_t id, off = 0;
	size_t n;
	int rc;

	if ((rc = artifact_lookup(db, sha256, &id, err)) != 0)
		return rc;
	if (id != 0) {
		*idp = id;
		return 0;
	}
	st = db_prepare(db, "INSERT INTO artifacts (sha256, size, content, "
	    "stored_at) VALUES (?1, ?2, zeroblob(?2), ?3)", err);
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
	if (size == 0)
		goto done;
	rc = sqlite3_blob_open(db->h, "main", "artifacts", "content", id, 1,
	    &blob);
	if (rc != SQLITE_OK) {
		rc = db_fail(db, rc, err, "cannot store a file");
		goto out;
	}
	if ((fp = fopen(path, "rb")) == NULL) {
		rc = dp_fail(err, DP_EX_NOINPUT, "cannot open '%s': %s", path,
		    strerror(errno));
		goto out;
	}
	h = sha256_new();
	chunk = xmalloc(BLOB_CHUNK);
	while ((n = fread(chunk, 1, BLOB_CHUNK, fp)) > 0) {
		if (off + (int64_t)n > size)
			break;
		sha256_update(h, chunk, n);
		rc = sqlite3_blob_write(blob, chunk, (int)n, (int)off);
		if (rc != SQLITE_OK) {
			rc = db_fail(db, rc, err, "cannot store a file");
			goto out;
		}
		off += (int64_t)n;
	}
	if (ferror(fp)) {
		rc = dp_fail(err, DP_EX_IOERR, "cannot read '%s': %s", path,
		    strerror(errno));
		goto out;
	}
	sha256_final(h, d);
	sha256_hex(d, hex);
	if (off != size || n != 0 || strcmp(hex, sha256) != 0) {
		rc = dp_fail(err, DP_EX_DATAERR, "'%s' changed while it was "
		    "being stored; try again", path);
		goto out;
	}
done:
	*idp = id;
	rc = 0;
out:
	if (blob != NULL)
		sqlite3_blob_close(blob);
	if (fp != NULL)
		fclose(fp);
	sha256_free(h);
	free(chunk);
	return rc;
}

int
db_artifact_write(struct db *db, int64_t id, void *fpv, struct dp_err *err)
{
	FILE *fp = fpv;
	sqlite3_stmt *st;
	sqlite3_blob *blob = NULL;
	struct sha256 *h = NULL;
	unsigned char *chunk = NULL, d[SHA256_LEN];
	char want[SHA256_HEXLEN], hex[SHA256_HEXLEN];
	int64_t size = 0, off;
	int rc, n;

	st = db_prepare(db, "SELECT sha256, size FROM artifacts WHERE id = ?1",
	    err);
	if (st == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(want, sizeof(want), "%s",
		    (const char *)sqlite3_column_text(st, 0));
		size = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return dp_fail(err, DP_EX_NOINPUT, "no stored file %lld",
		    (long long)id);
	if (rc != SQLITE_ROW)
		return db_fail(db, rc, err, "cannot read a file");
	rc = sqlite3_blob_open(db->h, "main", "artifacts", "content", id, 0,
	    &blob);
	if (rc != SQLITE_OK)
		return db_fail(db, rc, err, "cannot read a file");
	if (sqlite3_blob_bytes(blob) != size) {
		rc = dp_fail(err, DP_EX_DATAERR, "stored file %s has %d bytes, "
		    "not the %lld recorded (run 'depeer verify')", want,
		    sqlite3_blob_bytes(blob), (long long)size);
		goto out;
	}
	h = sha256_new();
	chunk = xmalloc(BLOB_CHUNK);
	for (off = 0; off < size; off += n) {
		n = size - off > BLOB_CHUNK ? BLOB_CHUNK : (int)(size - off);
		rc = sqlite3_blob_read(blob, chunk, n, (int)off);
		if (rc != SQLITE_OK) {
			rc = db_fail(db, rc, err, "cannot read a file");
			goto out;
		}
		sha256_update(h, chunk, (size_t)n);
		if (fwrite(chunk, 1, (size_t)n, fp) != (size_t)n) {
			rc = dp_fail(err, DP_EX_IOERR, "cannot write: %s",
			    strerror(errno));
			goto out;
		}
	}
	sha256_final(h, d);
	sha256_hex(d, hex);
	rc = 0;
	if (strcmp(hex, want) != 0)
		rc = dp_fail(err, DP_EX_DATAERR, "stored file %s does not match "
		    "its hash (run 'depeer verify')", want);
out:
	sqlite3_blob_close(blob);
	sha256_free(h);
	free(chunk);
	return rc;
}

int
db_artifact_check_iter(struct db *db,
    int (*fn)(const struct artifact_check *, void *), void *arg,
    struct dp_err *err)
{
	sqlite3_stmt *st;
	struct artifact_check c;
	struct sha256 *h;
	unsigned char d[SHA256_LEN];
	const unsigned char *p;
	int rc, r = 0;

	st = db_prepare(db, "SELECT id, sha256, size, content FROM artifacts "
	    "ORDER BY id", err);
	if (st == NULL)
		return err->code;
	h = sha256_new();
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		c.id = sqlite3_column_int64(st, 0);
		c.sha256 = (const char *)sqlite3_column_text(st, 1);
		if (c.sha256 == NULL)
			c.sha256 = "";
		c.size = sqlite3_column_int64(st, 2);
		p = sqlite3_column_blob(st, 3);
		c.actual_size = sqlite3_column_bytes(st, 3);
		sha256_update(h, p, (size_t)c.actual_size);
		sha256_final(h, d);
		sha256_hex(d, c.actual);
		if ((r = fn(&c, arg)) != 0)
			break;
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = db_fail(db, rc, err, "cannot read stored files");
	sqlite3_finalize(st);
	sha256_free(h);
	return r;
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
