/*
 * db_upstream.c - SQL for the upstreams found for origin ASes, kept over
 * time with the sources that showed each link.
 */
#include "db_internal.h"
#include "exitcodes.h"

int
db_upstream_seen(struct db *db, uint32_t asn, uint32_t up, const char *name,
    double confidence, int64_t now, int64_t *id, int64_t *first_seen,
    struct dp_err *err)
{
	sqlite3_stmt *st;
	int rc;

	st = db_prepare(db, "INSERT INTO upstreams (asn, upstream_asn, name, "
	    "confidence, first_seen, last_seen) VALUES (?1, ?2, ?3, ?4, ?5, "
	    "?5) ON CONFLICT (asn, upstream_asn) DO UPDATE SET "
	    "name = coalesce(excluded.name, name), "
	    "confidence = excluded.confidence, last_seen = excluded.last_seen "
	    "RETURNING id, first_seen", err);
	if (st == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, asn);
	sqlite3_bind_int64(st, 2, up);
	db_bind_text(st, 3, name);
	sqlite3_bind_double(st, 4, confidence);
	sqlite3_bind_int64(st, 5, now);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*first_seen = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return db_fail(db, rc, err, "cannot record an upstream");
	return 0;
}

int
db_upstream_evidence(struct db *db, int64_t id, int64_t source_id,
    const char *method, const char *detail, int64_t now, struct dp_err *err)
{
	sqlite3_stmt *st;
	int rc;

	st = db_prepare(db, "INSERT OR REPLACE INTO upstream_evidence "
	    "(upstream_id, source_id, method, detail, seen_at) VALUES "
	    "(?1, ?2, ?3, ?4, ?5)", err);
	if (st == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, source_id);
	db_bind_text(st, 3, method);
	db_bind_text(st, 4, detail);
	sqlite3_bind_int64(st, 5, now);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, err, "cannot record an upstream");
	return 0;
}
