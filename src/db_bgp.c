/*
 * db_bgp.c - SQL for the BGP observations (db_bgp.h).
 */
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "bgp_pack.h"
#include "buf.h"
#include "db_bgp.h"
#include "db_internal.h"
#include "exitcodes.h"

#define IMPORT_SQL "SELECT id, file_name, file_sha256, file_size, kind, " \
	"observed_at, first_time, last_time, records, elems, paths, " \
	"dropped_empty, dropped_set, dropped_loop, dropped_reserved, " \
	"withdrawals, vantage, truncated, warnings, nwarnings, " \
	"content_sha256, created_at, audit_seq FROM bgp_imports "

static const char *
kind_static(const char *k)
{
	return k != NULL && strcmp(k, "rib") == 0 ? "rib" : "updates";
}

static int
row_to_import(sqlite3_stmt *st, struct bgp_import *imp, struct dp_err *err)
{
	struct db_row r;
	const char *kind;

	memset(imp, 0, sizeof(*imp));
	db_row_start(&r, st, "bgp import", err);
	imp->id = db_row_id(&r, 0);
	imp->file_name = db_row_strdup(&r, 1);
	imp->file_sha256 = db_row_strdup(&r, 2);
	imp->file_size = db_row_int(&r, 3);
	kind = db_row_text(&r, 4, NULL);
	if (strcmp(kind, "rib") != 0 && strcmp(kind, "updates") != 0)
		db_row_bad(&r, "its kind is '%s'", kind);
	imp->kind = kind_static(kind);
	imp->observed_at = db_row_int(&r, 5);
	imp->has_span = db_row_int_opt(&r, 6, &imp->first_time);
	if (!db_row_int_opt(&r, 7, &imp->last_time))
		imp->has_span = 0;
	imp->records = db_row_int(&r, 8);
	imp->elems = db_row_int(&r, 9);
	imp->paths = db_row_int(&r, 10);
	imp->dropped[BGP_PATH_EMPTY] = db_row_int(&r, 11);
	imp->dropped[BGP_PATH_SET] = db_row_int(&r, 12);
	imp->dropped[BGP_PATH_LOOP] = db_row_int(&r, 13);
	imp->dropped[BGP_PATH_RESERVED] = db_row_int(&r, 14);
	imp->withdrawals = db_row_int(&r, 15);
	imp->vantage = db_row_int(&r, 16);
	imp->truncated = (int)db_row_int_range(&r, 17, 0, 1);
	imp->warnings = db_row_strdup(&r, 18);
	imp->nwarnings = db_row_int(&r, 19);
	imp->content_sha256 = db_row_strdup(&r, 20);
	imp->created_at = db_row_int(&r, 21);
	imp->audit_seq = db_row_int(&r, 22);
	if (db_row_end(&r) != 0) {
		bgp_import_release(imp);
		return err->code;
	}
	return 0;
}

int
db_bgp_import_next_id(struct db *db, int64_t *id, struct dp_err *err)
{
	/*
	 * The id is one past every id an import ever had, the removed ones
	 * too (their bgp.import entries stay in the log): an upstream's
	 * detail or a note that cites "bgp import #N" never comes to mean
	 * another file.  One scan of the log per import.
	 */
	return db_query_int64(db, "SELECT 1 + max(ifnull((SELECT max(id) "
	    "FROM bgp_imports), 0), ifnull((SELECT max(CAST(substr(subject, "
	    "5) AS INTEGER)) FROM audit_log WHERE action = '" AUDIT_BGP_IMPORT
	    "' AND subject LIKE 'bgp:%'), 0))", id,
	    "cannot read the BGP imports", err);
}

int
db_bgp_import_add(struct db *db, struct bgp_import *imp, struct dp_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_prepare(db, "INSERT INTO bgp_imports (id, file_name, "
	    "file_sha256, file_size, kind, observed_at, first_time, "
	    "last_time, records, elems, paths, dropped_empty, dropped_set, "
	    "dropped_loop, dropped_reserved, withdrawals, vantage, "
	    "truncated, warnings, nwarnings, content_sha256, created_at, "
	    "audit_seq) VALUES (?23, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
	    "?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, "
	    "?22)", err)) == NULL)
		return err->code;
	db_bind_text(st, 1, imp->file_name);
	db_bind_text(st, 2, imp->file_sha256);
	sqlite3_bind_int64(st, 3, imp->file_size);
	db_bind_text(st, 4, imp->kind);
	sqlite3_bind_int64(st, 5, imp->observed_at);
	if (imp->has_span) {
		sqlite3_bind_int64(st, 6, imp->first_time);
		sqlite3_bind_int64(st, 7, imp->last_time);
	}
	sqlite3_bind_int64(st, 8, imp->records);
	sqlite3_bind_int64(st, 9, imp->elems);
	sqlite3_bind_int64(st, 10, imp->paths);
	sqlite3_bind_int64(st, 11, imp->dropped[BGP_PATH_EMPTY]);
	sqlite3_bind_int64(st, 12, imp->dropped[BGP_PATH_SET]);
	sqlite3_bind_int64(st, 13, imp->dropped[BGP_PATH_LOOP]);
	sqlite3_bind_int64(st, 14, imp->dropped[BGP_PATH_RESERVED]);
	sqlite3_bind_int64(st, 15, imp->withdrawals);
	sqlite3_bind_int64(st, 16, imp->vantage);
	sqlite3_bind_int64(st, 17, imp->truncated);
	db_bind_text(st, 18, imp->warnings);
	sqlite3_bind_int64(st, 19, imp->nwarnings);
	db_bind_text(st, 20, imp->content_sha256);
	sqlite3_bind_int64(st, 21, imp->created_at);
	sqlite3_bind_int64(st, 22, imp->audit_seq);
	sqlite3_bind_int64(st, 23, imp->id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, err, "cannot record the BGP import");
	return 0;
}

int
db_bgp_import_find(struct db *db, const char *file_sha256,
    int64_t observed_at, int64_t *id, struct dp_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_prepare(db, "SELECT id FROM bgp_imports WHERE "
	    "file_sha256 = ?1 AND observed_at = ?2 ORDER BY id LIMIT 1",
	    err)) == NULL)
		return err->code;
	db_bind_text(st, 1, file_sha256);
	sqlite3_bind_int64(st, 2, observed_at);
	*id = 0;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, rc, err, "cannot read the BGP imports");
	return 0;
}

/*
 * The rows of one observation table: ncols values a row after the import
 * id, read by get(arg, i, v) for row i.
 */
struct obs_rows {
	const char	*head;		/* "INSERT INTO t (import_id, ...) VALUES " */
	int		 ncols;
	size_t		 n;
	const void	*arg;
	void		(*get)(const void *, size_t, int64_t *);
};

/* Rows a statement inserts at once: one cursor kept across them, so that
   SQLite appends the sorted rows instead of seeking each from the root. */
#define OBS_BATCH	128

/* The INSERT of k rows of t. */
static char *
batch_sql(const struct obs_rows *t, size_t k)
{
	struct buf b = BUF_INIT;
	size_t i;
	int c;

	buf_adds(&b, t->head);
	for (i = 0; i < k; i++) {
		buf_adds(&b, i > 0 ? ",(?1" : "(?1");
		for (c = 0; c < t->ncols; c++)
			buf_adds(&b, ",?");
		buf_addc(&b, ')');
	}
	return buf_detach(&b, NULL);
}

static int
insert_rows(struct db *db, int64_t id, const struct obs_rows *t,
    struct dp_err *err)
{
	sqlite3_stmt *st = NULL;
	size_t i = 0, k, stk = 0, j;
	int64_t v[8];
	int c, rc = 0, p;

	while (i < t->n && rc == 0) {
		k = t->n - i < OBS_BATCH ? t->n - i : OBS_BATCH;
		if (k != stk) {
			char *sql = batch_sql(t, k);

			sqlite3_finalize(st);
			st = db_prepare(db, sql, err);
			free(sql);
			if (st == NULL)
				return err->code;
			sqlite3_bind_int64(st, 1, id);
			stk = k;
		}
		for (j = 0, p = 2; j < k; j++, i++) {
			t->get(t->arg, i, v);
			for (c = 0; c < t->ncols; c++)
				sqlite3_bind_int64(st, p++, v[c]);
		}
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		rc = rc == SQLITE_DONE ? 0 : db_fail(db, rc, err,
		    "cannot record the BGP observations");
	}
	sqlite3_finalize(st);
	return rc;
}

static void
get_origin(const void *arg, size_t i, int64_t *v)
{
	const struct bgp_origin *x = (const struct bgp_origin *)arg + i;

	v[0] = x->asn;
	v[1] = x->prefixes;
	v[2] = x->paths;
	v[3] = x->vantage;
	v[4] = x->announced;
}

static void
get_upstream(const void *arg, size_t i, int64_t *v)
{
	const struct bgp_upstream *x = (const struct bgp_upstream *)arg + i;

	v[0] = x->origin;
	v[1] = x->upstream;
	v[2] = x->paths;
	v[3] = x->vantage;
}

/* One part's records, packed (bgp_pack.h), into its row of bgp_packed;
   frees data. */
static int
insert_packed(struct db *db, int64_t id, const char *part, size_t n,
    uint8_t *data, size_t len, struct dp_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_prepare(db, "INSERT INTO bgp_packed (import_id, part, "
	    "records, data) VALUES (?1, ?2, ?3, ?4)", err)) == NULL) {
		free(data);
		return err->code;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, part, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (int64_t)n);
	sqlite3_bind_blob64(st, 4, data, len, SQLITE_STATIC);
	rc = sqlite3_step(st);
	rc = rc == SQLITE_DONE ? 0 : db_fail(db, rc, err,
	    "cannot record the BGP observations");
	sqlite3_finalize(st);
	free(data);
	return rc;
}

int
db_bgp_obs_add_part(struct db *db, int64_t id,
    const struct bgp_obs_result *r, enum bgp_obs_part part,
    struct dp_err *err)
{
	/* Only this part's fields are read: the others may still be being
	   filled by the fold's threads. */
	struct obs_rows t;
	uint8_t *data;
	size_t len;
	int rc;

	switch (part) {
	case BGP_PART_ORIGINS:
		t = (struct obs_rows){ "INSERT INTO bgp_origins (import_id, "
		    "asn, prefixes, paths, vantage, announced) VALUES ", 5,
		    r->norigins, r->origins, get_origin };
		if ((rc = insert_rows(db, id, &t, err)) != 0)
			return rc;
		t = (struct obs_rows){ "INSERT INTO bgp_upstreams (import_id, "
		    "origin, upstream, paths, vantage) VALUES ", 4,
		    r->nupstreams, r->upstreams, get_upstream };
		return insert_rows(db, id, &t, err);
	case BGP_PART_LINKS:
		data = bgp_pack_links(r->links, r->nlinks, &len);
		return insert_packed(db, id, "links", r->nlinks, data, len,
		    err);
	case BGP_PART_TRIPLETS:
		data = bgp_pack_triplets(r->triplets, r->ntriplets, &len);
		return insert_packed(db, id, "triplets", r->ntriplets, data,
		    len, err);
	default:
		die("BUG: db_bgp_obs_add_part(%d)", (int)part);
	}
}

int
db_bgp_import_list(struct db *db, struct bgp_import **v, size_t *n,
    struct dp_err *err)
{
	struct bgp_import *out = NULL;
	size_t nout = 0, cap = 0;
	sqlite3_stmt *st;
	int rc;

	if ((st = db_prepare(db, IMPORT_SQL "ORDER BY id", err)) == NULL)
		return err->code;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		GROW(out, nout + 1, cap);
		if (row_to_import(st, &out[nout], err) != 0) {
			sqlite3_finalize(st);
			bgp_imports_free(out, nout);
			return err->code;
		}
		nout++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		bgp_imports_free(out, nout);
		return db_fail(db, rc, err, "cannot list the BGP imports");
	}
	*v = out;
	*n = nout;
	return 0;
}

int
db_bgp_import_get(struct db *db, int64_t id, struct bgp_import *imp,
    struct dp_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_prepare(db, IMPORT_SQL "WHERE id = ?1", err)) == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = row_to_import(st, imp, err);
	else if (rc == SQLITE_DONE)
		rc = dp_fail(err, DP_EX_NOINPUT, "no BGP import %lld",
		    (long long)id);
	else
		rc = db_fail(db, rc, err, "cannot read the BGP import");
	sqlite3_finalize(st);
	return rc;
}

/* Run the query of one table's rows of import id into the hasher. */
static int
hash_rows(struct db *db, int64_t id, const char *sql, int kind,
    struct bgp_obs_hasher *h, struct dp_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_prepare(db, sql, err)) == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t c[6];
		int k;

		for (k = 0; k < 6; k++)
			c[k] = sqlite3_column_int64(st, k);
		switch (kind) {
		case 'o': {
			struct bgp_origin x = { (uint32_t)c[0], c[1], c[2],
			    c[3], (int)c[4] };

			bgp_obs_hash_origin(h, &x);
			break;
		}
		default: {
			struct bgp_upstream x = { (uint32_t)c[0],
			    (uint32_t)c[1], c[2], c[3] };

			bgp_obs_hash_upstream(h, &x);
			break;
		}
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, err, "cannot read the BGP observations");
	return 0;
}

/* Unpack data of part "links" (into *v as struct bgp_link) or
   "triplets" (struct bgp_triplet): bgp_unpack_links() or _triplets(). */
static int
unpack_part(const char *part, const void *data, size_t len, int64_t n,
    void **v, const char **fault, size_t *at)
{
	if (strcmp(part, "links") == 0)
		return bgp_unpack_links(data, len, n, (struct bgp_link **)v,
		    fault, at);
	return bgp_unpack_triplets(data, len, n, (struct bgp_triplet **)v,
	    fault, at);
}

/*
 * One packed part ("links" or "triplets") of import id, unpacked into
 * *v (*n records; for free()).  Without its row, or with data that does
 * not unpack, why says so and *v is NULL.
 */
static int
read_packed(struct db *db, int64_t id, const char *part, void **v,
    size_t *n, char *why, size_t len, struct dp_err *err)
{
	sqlite3_stmt *st;
	const char *fault = NULL;
	size_t at = 0;
	int64_t k;
	int rc;

	*v = NULL;
	*n = 0;
	if ((st = db_prepare(db, "SELECT records, data FROM bgp_packed "
	    "WHERE import_id = ?1 AND part = ?2", err)) == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, part, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		k = sqlite3_column_int64(st, 0);
		if (unpack_part(part, sqlite3_column_blob(st, 1),
		    (size_t)sqlite3_column_bytes(st, 1), k, v, &fault,
		    &at) != 0)
			snprintf(why, len, "the packed %s of BGP import %lld "
			    "are damaged: %s (byte %zu)", part, (long long)id,
			    fault, at);
		else
			*n = (size_t)k;
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		snprintf(why, len, "the packed %s of BGP import %lld are "
		    "missing", part, (long long)id);
		rc = 0;
	} else
		rc = db_fail(db, rc, err, "cannot read the BGP observations");
	sqlite3_finalize(st);
	return rc;
}

int
db_bgp_obs_hash(struct db *db, int64_t id, char hex[SHA256_HEXLEN],
    char *why, size_t len, struct dp_err *err)
{
	struct bgp_obs_hasher *h = bgp_obs_hasher_new();
	struct bgp_obs_result r;
	int rc;

	memset(&r, 0, sizeof(r));
	why[0] = '\0';
	/* The tables are STRICT: every value read is an integer. */
	if ((rc = hash_rows(db, id, "SELECT asn, prefixes, paths, vantage, "
	    "announced FROM bgp_origins WHERE import_id = ?1 ORDER BY asn",
	    'o', h, err)) == 0 &&
	    (rc = hash_rows(db, id, "SELECT origin, upstream, paths, vantage "
	    "FROM bgp_upstreams WHERE import_id = ?1 ORDER BY origin, "
	    "upstream", 'u', h, err)) == 0 &&
	    (rc = read_packed(db, id, "links", (void **)&r.links, &r.nlinks,
	    why, len, err)) == 0 && why[0] == '\0')
		rc = read_packed(db, id, "triplets", (void **)&r.triplets,
		    &r.ntriplets, why, len, err);
	bgp_obs_hash_part(h, &r, BGP_PART_LINKS);
	bgp_obs_hash_part(h, &r, BGP_PART_TRIPLETS);
	bgp_obs_hasher_end(h, hex);
	if (rc != 0 || why[0] != '\0')
		hex[0] = '\0';
	free(r.links);
	free(r.triplets);
	return rc;
}

int
db_bgp_orphans(struct db *db, int64_t *n, struct dp_err *err)
{
	return db_query_int64(db, "SELECT "
	    "(SELECT count(*) FROM bgp_origins WHERE import_id NOT IN "
	    "(SELECT id FROM bgp_imports)) + "
	    "(SELECT count(*) FROM bgp_upstreams WHERE import_id NOT IN "
	    "(SELECT id FROM bgp_imports)) + "
	    "(SELECT count(*) FROM bgp_packed WHERE import_id NOT IN "
	    "(SELECT id FROM bgp_imports))", n, "cannot read the BGP "
	    "observations", err);
}

void
bgp_seen_free(struct bgp_seen *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].ups);
	free(v);
}

int
db_bgp_origin_history(struct db *db, uint32_t asn, struct bgp_seen **v,
    size_t *n, struct dp_err *err)
{
	struct bgp_seen *out = NULL;
	size_t nout = 0, cap = 0, i, ucap;
	sqlite3_stmt *st, *su = NULL;
	int rc;

	if ((st = db_prepare(db, "SELECT i.id, i.observed_at, i.kind, "
	    "o.prefixes, o.paths, o.vantage, o.announced FROM bgp_imports i "
	    "LEFT JOIN bgp_origins o ON o.import_id = i.id AND o.asn = ?1 "
	    "ORDER BY i.observed_at, i.id", err)) == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, asn);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct bgp_seen *s;

		GROW(out, nout + 1, cap);
		s = &out[nout++];
		memset(s, 0, sizeof(*s));
		s->import_id = sqlite3_column_int64(st, 0);
		s->observed_at = sqlite3_column_int64(st, 1);
		s->kind = kind_static((const char *)sqlite3_column_text(st,
		    2));
		s->present = sqlite3_column_type(st, 3) != SQLITE_NULL;
		s->prefixes = sqlite3_column_int64(st, 3);
		s->paths = sqlite3_column_int64(st, 4);
		s->vantage = sqlite3_column_int64(st, 5);
		s->announced = sqlite3_column_int64(st, 6) != 0;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		rc = db_fail(db, rc, err, "cannot read the BGP observations");
		goto fail;
	}
	if ((su = db_prepare(db, "SELECT upstream, paths, vantage FROM "
	    "bgp_upstreams WHERE import_id = ?1 AND origin = ?2 "
	    "ORDER BY vantage DESC, paths DESC, upstream", err)) == NULL) {
		rc = err->code;
		goto fail;
	}
	for (i = 0; i < nout; i++) {
		if (!out[i].present)
			continue;
		sqlite3_reset(su);
		sqlite3_bind_int64(su, 1, out[i].import_id);
		sqlite3_bind_int64(su, 2, asn);
		ucap = 0;
		while ((rc = sqlite3_step(su)) == SQLITE_ROW) {
			struct bgp_upstream *u;

			GROW(out[i].ups, out[i].nups + 1, ucap);
			u = &out[i].ups[out[i].nups++];
			u->origin = asn;
			u->upstream = (uint32_t)sqlite3_column_int64(su, 0);
			u->paths = sqlite3_column_int64(su, 1);
			u->vantage = sqlite3_column_int64(su, 2);
		}
		if (rc != SQLITE_DONE) {
			rc = db_fail(db, rc, err, "cannot read the BGP "
			    "upstreams");
			goto fail;
		}
	}
	sqlite3_finalize(su);
	*v = out;
	*n = nout;
	return 0;
fail:
	sqlite3_finalize(su);
	bgp_seen_free(out, nout);
	return rc;
}

/* ---- bgp list, bgp rm, relationships over a window of dates ---- */

int
db_bgp_origin_count(struct db *db, int64_t id, int64_t *n, struct dp_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_prepare(db, "SELECT count(*) FROM bgp_origins WHERE "
	    "import_id = ?1", err)) == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return db_fail(db, rc, err, "cannot read the BGP origins");
	return 0;
}

int
db_bgp_import_rm(struct db *db, int64_t id, struct dp_err *err)
{
	static const char *const sql[] = {
		"DELETE FROM bgp_origins WHERE import_id = ?1",
		"DELETE FROM bgp_upstreams WHERE import_id = ?1",
		"DELETE FROM bgp_packed WHERE import_id = ?1",
		"DELETE FROM bgp_imports WHERE id = ?1",
	};
	return db_exec_each_id(db, sql, ARRAY_SIZE(sql), id,
	    "cannot remove the BGP import", err);
}

/*
 * The rows of sql (?1, ?2: the window of observed_at), ncol integer
 * columns each, appended to *v as int64_t; *n counts the rows.
 */
static int
read_window(struct db *db, const char *sql, int64_t from, int64_t to,
    int ncol, int64_t **v, size_t *n, const char *what, struct dp_err *err)
{
	int64_t *out = NULL;
	size_t nout = 0, cap = 0;
	sqlite3_stmt *st;
	int rc, k;

	if ((st = db_prepare(db, sql, err)) == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		GROW(out, (nout + 1) * (size_t)ncol, cap);
		for (k = 0; k < ncol; k++)
			out[nout * (size_t)ncol + (size_t)k] =
			    sqlite3_column_int64(st, k);
		nout++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(out);
		return db_fail(db, rc, err, what);
	}
	*v = out;
	*n = nout;
	return 0;
}

/*
 * The packed part of every import in the window, unpacked and merged one
 * import at a time (bgp_pack.h): the memory is about twice the result's
 * and one import's records, whatever the number of imports.
 */
static int
packed_window(struct db *db, int64_t from, int64_t to, const char *part,
    void **v, size_t *n, struct dp_err *err)
{
	int links = strcmp(part, "links") == 0;
	size_t size = links ? sizeof(struct bgp_link) :
	    sizeof(struct bgp_triplet);
	void *acc = NULL, *one = NULL, *out;
	size_t nacc = 0, at = 0;
	const char *fault = NULL;
	sqlite3_stmt *st;
	int64_t id, k;
	int rc;

	if ((st = db_prepare(db, "SELECT import_id, records, data FROM "
	    "bgp_packed WHERE part = ?3 AND import_id IN (SELECT id FROM "
	    "bgp_imports WHERE observed_at BETWEEN ?1 AND ?2) "
	    "ORDER BY import_id", err)) == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	sqlite3_bind_text(st, 3, part, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		k = sqlite3_column_int64(st, 1);
		if (unpack_part(part, sqlite3_column_blob(st, 2),
		    (size_t)sqlite3_column_bytes(st, 2), k, &one, &fault,
		    &at) != 0) {
			dp_fail(err, DP_EX_DATAERR, "the packed %s of BGP "
			    "import %lld are damaged: %s (byte %zu); 'depeer "
			    "verify' checks the case", part, (long long)id,
			    fault, at);
			break;
		}
		out = xreallocarray(NULL, nacc + (size_t)k + 1, size);
		nacc = links ? bgp_links_merge(acc, nacc, one, (size_t)k,
		    out) : bgp_triplets_merge(acc, nacc, one, (size_t)k, out);
		free(acc);
		free(one);
		acc = out;
		one = NULL;
	}
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc == SQLITE_ROW)
		rc = err->code;
	else
		rc = db_fail(db, rc, err, "cannot read the BGP observations");
	sqlite3_finalize(st);
	if (rc != 0) {
		free(acc);
		return rc;
	}
	*v = acc != NULL ? acc : xcalloc(1, size);
	*n = nacc;
	return 0;
}

int
db_bgp_links_window(struct db *db, int64_t from, int64_t to,
    struct bgp_link **v, size_t *n, struct dp_err *err)
{
	return packed_window(db, from, to, "links", (void **)v, n, err);
}

int
db_bgp_triplets_window(struct db *db, int64_t from, int64_t to,
    struct bgp_triplet **v, size_t *n, struct dp_err *err)
{
	return packed_window(db, from, to, "triplets", (void **)v, n, err);
}

int
db_bgp_import_count_window(struct db *db, int64_t from, int64_t to,
    int64_t *n, struct dp_err *err)
{
	int64_t *r = NULL;
	size_t k = 0;
	int rc;

	if ((rc = read_window(db, "SELECT count(*) FROM bgp_imports WHERE "
	    "observed_at BETWEEN ?1 AND ?2", from, to, 1, &r, &k,
	    "cannot read the BGP imports", err)) != 0)
		return rc;
	*n = k == 1 ? r[0] : 0;
	free(r);
	return 0;
}
