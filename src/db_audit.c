/*
 * db_audit.c - SQL for the audit log.
 */
#include <string.h>

#include "audit_entry.h"
#include "db_internal.h"
#include "exitcodes.h"

int
db_audit_append(struct db *db, int64_t at, const char *action,
    const char *subject, const char *payload, int64_t *seqp,
    struct dp_err *err)
{
	sqlite3_stmt *st;
	struct audit_entry e;
	char prev[SHA256_HEXLEN], hash[SHA256_HEXLEN];
	int64_t seq = 1;
	int rc;

	if (!DB_IN_WRITE(db))
		die("BUG: audit entry outside a write transaction");
	st = db_prepare(db, "SELECT seq, hash FROM audit_log "
	    "ORDER BY seq DESC LIMIT 1", err);
	if (st == NULL)
		return err->code;
	memcpy(prev, audit_genesis, sizeof(prev));
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		struct db_row r;
		size_t n;
		const char *h;

		db_row_start(&r, st, "audit entry", err);
		seq = db_row_id(&r, 0) + 1;
		h = db_row_text(&r, 1, &n);
		if (r.rc == 0 && n != 64)
			db_row_bad(&r, "has a malformed hash");
		if (db_row_end(&r) != 0) {
			sqlite3_finalize(st);
			return err->code;
		}
		memcpy(prev, h, sizeof(prev));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, rc, err, "cannot read the audit log");

	e.seq = seq;
	e.at = at;
	e.action = action;
	e.subject = subject;
	e.payload = payload;
	e.prev_hash = prev;
	audit_entry_hash(&e, hash);
	st = db_prepare(db, "INSERT INTO audit_log (seq, at, action, subject, "
	    "payload, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	    err);
	if (st == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_int64(st, 2, at);
	db_bind_text(st, 3, action);
	db_bind_text(st, 4, subject);
	db_bind_text(st, 5, payload);
	db_bind_text(st, 6, prev);
	db_bind_text(st, 7, hash);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, err, "cannot append to the audit log");
	if (seqp != NULL)
		*seqp = seq;
	return 0;
}

int
db_audit_next_seq(struct db *db, int64_t *seq, struct dp_err *err)
{
	return db_query_int64(db, "SELECT coalesce(max(seq), 0) + 1 "
	    "FROM audit_log", seq, "cannot read the audit log", err);
}

/*
 * An entry's columns, each of the class depeer writes; the texts are read
 * by their stored length, so that a NUL hidden in a payload cannot make
 * the entry hash as the part before it.
 */
static int
row_to_entry(sqlite3_stmt *st, struct audit_entry *e, struct dp_err *err)
{
	struct db_row r;

	db_row_start(&r, st, "audit entry", err);
	e->seq = db_row_id(&r, 0);
	e->at = db_row_int(&r, 1);
	e->action = db_row_text(&r, 2, NULL);
	e->subject = db_row_text(&r, 3, NULL);
	e->payload = db_row_text(&r, 4, NULL);
	e->prev_hash = db_row_text(&r, 5, NULL);
	e->hash = db_row_text(&r, 6, NULL);
	return db_row_end(&r);
}

#define AUDIT_COLS	"seq, at, action, subject, payload, prev_hash, hash"

int
db_audit_iter(struct db *db, int64_t limit,
    int (*fn)(const struct audit_entry *, void *), void *arg,
    struct dp_err *err)
{
	sqlite3_stmt *st;
	struct audit_entry e;
	int rc, r = 0;

	if (limit > 0)
		st = db_prepare(db, "SELECT * FROM (SELECT " AUDIT_COLS
		    " FROM audit_log ORDER BY seq DESC LIMIT ?1) "
		    "ORDER BY seq", err);
	else
		st = db_prepare(db, "SELECT " AUDIT_COLS " FROM audit_log "
		    "ORDER BY seq", err);
	if (st == NULL)
		return err->code;
	if (limit > 0)
		sqlite3_bind_int64(st, 1, limit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((r = row_to_entry(st, &e, err)) != 0 ||
		    (r = fn(&e, arg)) != 0)
			break;
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = db_fail(db, rc, err, "cannot read the audit log");
	sqlite3_finalize(st);
	return r;
}
