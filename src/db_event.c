/*
 * db_event.c - SQL for the provider events (db_event.h).
 */
#include <stdlib.h>
#include <string.h>

#include "db_event.h"
#include "db_internal.h"
#include "exitcodes.h"

#define EVENT_SQL "SELECT id, provider_id, kind, at, upstream_asn, note, " \
	"source_id, created_at, audit_seq FROM provider_events "

static int
row_to_event(sqlite3_stmt *st, struct pevent *e, struct dp_err *err)
{
	struct db_row r;
	const char *k;
	int64_t v;

	memset(e, 0, sizeof(*e));
	db_row_start(&r, st, "provider event", err);
	e->id = db_row_id(&r, 0);
	e->provider_id = db_row_int(&r, 1);
	k = db_row_text(&r, 2, NULL);
	if (strlen(k) >= sizeof(e->kind))
		db_row_bad(&r, "kind '%.40s' is not one", k);
	else
		strcpy(e->kind, k);
	e->at = db_row_int(&r, 3);
	if (db_row_int_opt(&r, 4, &v)) {
		if (v < 1 || v > 4294967295LL)
			db_row_bad(&r, "upstream AS %lld is out of range",
			    (long long)v);
		else
			e->upstream_asn = (uint32_t)v;
	}
	e->note = db_row_strdup_opt(&r, 5);
	if (db_row_int_opt(&r, 6, &v))
		e->source_id = v;
	e->created_at = db_row_int(&r, 7);
	e->audit_seq = db_row_int(&r, 8);
	if (db_row_end(&r) != 0) {
		pevent_release(e);
		return err->code;
	}
	return 0;
}

int
db_pevent_add(struct db *db, struct pevent *e, struct dp_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_prepare(db, "INSERT INTO provider_events (provider_id, "
	    "kind, at, upstream_asn, note, source_id, created_at, audit_seq) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", err)) == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, e->provider_id);
	db_bind_text(st, 2, e->kind);
	sqlite3_bind_int64(st, 3, e->at);
	if (e->upstream_asn != 0)
		sqlite3_bind_int64(st, 4, e->upstream_asn);
	if (e->note != NULL)
		db_bind_text(st, 5, e->note);
	if (e->source_id != 0)
		sqlite3_bind_int64(st, 6, e->source_id);
	sqlite3_bind_int64(st, 7, e->created_at);
	sqlite3_bind_int64(st, 8, e->audit_seq);
	if ((rc = db_step_done(db, st, "cannot add the event", err)) != 0)
		return rc;
	e->id = sqlite3_last_insert_rowid(db->h);
	return 0;
}

int
db_pevent_get(struct db *db, int64_t id, struct pevent *e,
    struct dp_err *err)
{
	sqlite3_stmt *st;
	int rc, r;

	memset(e, 0, sizeof(*e));
	if ((st = db_prepare(db, EVENT_SQL "WHERE id = ?1", err)) == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		r = row_to_event(st, e, err);
	else if (rc == SQLITE_DONE)
		r = dp_fail(err, DP_EX_NOINPUT, "no event %lld", (long long)id);
	else
		r = db_fail(db, rc, err, "cannot read the event");
	sqlite3_finalize(st);
	return r;
}

int
db_pevent_list(struct db *db, int64_t provider_id, struct pevent **out,
    size_t *n, struct dp_err *err)
{
	struct pevent *v = NULL;
	size_t cap = 0;
	sqlite3_stmt *st;
	int rc, r = 0;

	*out = NULL;
	*n = 0;
	if ((st = db_prepare(db, provider_id != 0 ? EVENT_SQL
	    "WHERE provider_id = ?1 ORDER BY at, id" : EVENT_SQL
	    "ORDER BY id", err)) == NULL)
		return err->code;
	if (provider_id != 0)
		sqlite3_bind_int64(st, 1, provider_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		if ((r = row_to_event(st, &v[*n], err)) != 0)
			break;
		(*n)++;
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = db_fail(db, rc, err, "cannot read the events");
	sqlite3_finalize(st);
	if (r != 0) {
		pevent_free(v, *n);
		*n = 0;
		return r;
	}
	*out = v;
	return 0;
}

int
db_source_exists(struct db *db, int64_t id, struct dp_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_prepare(db, "SELECT 1 FROM sources WHERE id = ?1",
	    err)) == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return dp_fail(err, DP_EX_NOINPUT, "no stored answer (source) "
		    "%lld", (long long)id);
	return db_fail(db, rc, err, "cannot read the sources");
}
