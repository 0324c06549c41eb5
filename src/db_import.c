/*
 * db_import.c - SQL for what an evidence import checks before it commits;
 * see db_import.h.
 */
#include <stdlib.h>

#include "db_import.h"
#include "db_internal.h"
#include "exitcodes.h"

/* Rows between looks at the stop flag. */
#define KEYS_STOP_EVERY	4096

int
db_import_keys(struct db *db, int64_t before_id,
    int (*fn)(const struct ev_key *, void *), void *arg,
    volatile sig_atomic_t *stop, int *stopped, struct dp_err *err)
{
	sqlite3_stmt *st;
	struct db_row r;
	struct ev_key k;
	unsigned long n = 0;
	int rc;

	*stopped = 0;
	st = db_prepare(db, "SELECT id, provider_id, kind, indicator, "
	    "observed_at FROM evidence WHERE id < ?1 ORDER BY id", err);
	if (st == NULL)
		return err != NULL ? err->code : DP_EX_SOFTWARE;
	sqlite3_bind_int64(st, 1, before_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (stop != NULL && ++n % KEYS_STOP_EVERY == 0 && *stop) {
			*stopped = 1;
			rc = SQLITE_DONE;
			break;
		}
		db_row_start(&r, st, "evidence", err);
		k.id = db_row_id(&r, 0);
		k.provider_id = db_row_int(&r, 1);
		k.kind = db_row_text(&r, 2, NULL);
		k.indicator = db_row_text(&r, 3, NULL);
		k.has_observed = db_row_int_opt(&r, 4, &k.observed_at);
		if ((rc = db_row_end(&r)) != 0 || (rc = fn(&k, arg)) != 0) {
			sqlite3_finalize(st);
			return rc;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, err, "cannot read stored evidence");
	return 0;
}

int
db_import_find_input(struct db *db, const char *action,
    const char *sha_hex, int64_t *seq, int64_t *at, int64_t *first_id,
    int64_t *last_id, struct dp_err *err)
{
	sqlite3_stmt *st;
	int rc;

	*seq = *at = *first_id = *last_id = 0;
	st = db_prepare(db, "SELECT seq, at, "
	    "json_extract(payload, '$.first_id'), "
	    "json_extract(payload, '$.last_id') FROM audit_log "
	    "WHERE action = ?1 AND json_valid(payload) AND "
	    "json_extract(payload, '$.input_sha256') = ?2 "
	    "ORDER BY seq LIMIT 1", err);
	if (st == NULL)
		return err != NULL ? err->code : DP_EX_SOFTWARE;
	sqlite3_bind_text(st, 1, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, sha_hex, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		struct db_row r;

		db_row_start(&r, st, "audit entry", err);
		*seq = db_row_id(&r, 0);
		*at = db_row_int(&r, 1);
		db_row_int_opt(&r, 2, first_id);
		db_row_int_opt(&r, 3, last_id);
		if ((rc = db_row_end(&r)) != 0) {
			sqlite3_finalize(st);
			return rc;
		}
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, err, "cannot read the audit log");
	return 0;
}
