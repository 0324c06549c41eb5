/*
 * db_watch.c - SQL for the runs of "depeer watch" (db_watch.h).
 */
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db_internal.h"
#include "db_watch.h"
#include "exitcodes.h"

int
db_watch_last_run(struct db *db, const char *subject, int64_t before,
    int64_t *seq, char **payload, struct dp_err *err)
{
	struct db_row r;
	sqlite3_stmt *st;
	int rc, ret;

	*payload = NULL;
	if ((st = db_prepare(db, "SELECT seq, payload FROM audit_log "
	    "WHERE action = ?1 AND subject = ?2 AND (?3 = 0 OR seq < ?3) "
	    "ORDER BY seq DESC LIMIT 1", err)) == NULL)
		return err->code;
	db_bind_text(st, 1, AUDIT_LOOKUP);
	db_bind_text(st, 2, subject);
	sqlite3_bind_int64(st, 3, before);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		db_row_start(&r, st, "audit entry", err);
		*seq = db_row_id(&r, 0);
		*payload = db_row_strdup(&r, 1);
		if ((ret = db_row_end(&r)) != 0) {
			free(*payload);
			*payload = NULL;
		}
	} else if (rc == SQLITE_DONE)
		ret = dp_fail(err, DP_EX_NOINPUT, "no watch run of '%s'",
		    subject);
	else
		ret = db_fail(db, rc, err, "cannot read the watch runs");
	sqlite3_finalize(st);
	return ret;
}
