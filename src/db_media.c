/*
 * db_media.c - SQL for the media contacts (db_media.h).
 */
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "db_media.h"
#include "exitcodes.h"

#define MEDIA_SQL "SELECT m.id, m.name, m.addr, m.outlet, m.provider_id, " \
	"p.name, m.note, m.created_at, m.audit_seq, m.removed_at, " \
	"m.removed_seq FROM media_contacts m " \
	"LEFT JOIN providers p ON p.id = m.provider_id "

static int
row_to_media(sqlite3_stmt *st, struct media_contact *m, struct dp_err *err)
{
	struct db_row r;
	int64_t v;

	memset(m, 0, sizeof(*m));
	db_row_start(&r, st, "media contact", err);
	m->id = db_row_id(&r, 0);
	m->name = db_row_strdup(&r, 1);
	m->addr = db_row_strdup(&r, 2);
	m->outlet = db_row_strdup_opt(&r, 3);
	if (db_row_int_opt(&r, 4, &v))
		m->provider_id = v;
	m->provider = db_row_strdup_opt(&r, 5);
	m->note = db_row_strdup_opt(&r, 6);
	m->created_at = db_row_int(&r, 7);
	m->audit_seq = db_row_int(&r, 8);
	if (db_row_int_opt(&r, 9, &v))
		m->removed_at = v;
	if (db_row_int_opt(&r, 10, &v))
		m->removed_seq = v;
	if (db_row_end(&r) != 0) {
		media_release(m);
		return err->code;
	}
	return 0;
}

int
db_media_add(struct db *db, struct media_contact *m, struct dp_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_prepare(db, "INSERT INTO media_contacts (name, addr, "
	    "outlet, provider_id, note, created_at, audit_seq) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", err)) == NULL)
		return err->code;
	db_bind_text(st, 1, m->name);
	db_bind_text(st, 2, m->addr);
	if (m->outlet != NULL)
		db_bind_text(st, 3, m->outlet);
	if (m->provider_id != 0)
		sqlite3_bind_int64(st, 4, m->provider_id);
	if (m->note != NULL)
		db_bind_text(st, 5, m->note);
	sqlite3_bind_int64(st, 6, m->created_at);
	sqlite3_bind_int64(st, 7, m->audit_seq);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return dp_fail(err, DP_EX_DATAERR, "%s is already a media "
		    "contact of %s", m->addr, m->provider_id != 0 ?
		    "this provider" : "every case");
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, err, "cannot add the media contact");
	m->id = sqlite3_last_insert_rowid(db->h);
	return 0;
}

int
db_media_get(struct db *db, int64_t id, struct media_contact *m,
    struct dp_err *err)
{
	sqlite3_stmt *st;
	int rc, r;

	memset(m, 0, sizeof(*m));
	if ((st = db_prepare(db, MEDIA_SQL "WHERE m.id = ?1", err)) == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		r = row_to_media(st, m, err);
	else if (rc == SQLITE_DONE)
		r = dp_fail(err, DP_EX_NOINPUT, "no media contact %lld",
		    (long long)id);
	else
		r = db_fail(db, rc, err, "cannot read the media contact");
	sqlite3_finalize(st);
	return r;
}

int
db_media_list(struct db *db, int64_t provider_id, int all,
    struct media_contact **out, size_t *n, struct dp_err *err)
{
	struct media_contact *v = NULL;
	size_t cap = 0;
	sqlite3_stmt *st;
	int rc, r = 0;

	*out = NULL;
	*n = 0;
	if ((st = db_prepare(db, MEDIA_SQL "WHERE (?1 = 0 OR m.provider_id "
	    "IS NULL OR m.provider_id = ?1) AND (?2 OR m.removed_at IS NULL) "
	    "ORDER BY m.id", err)) == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, provider_id);
	sqlite3_bind_int(st, 2, all != 0);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		if ((r = row_to_media(st, &v[*n], err)) != 0)
			break;
		(*n)++;
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = db_fail(db, rc, err, "cannot read the media contacts");
	sqlite3_finalize(st);
	if (r != 0) {
		media_free(v, *n);
		*n = 0;
		return r;
	}
	*out = v;
	return 0;
}

int
db_media_outlet(struct db *db, int64_t provider_id, const char *addr,
    char **outlet, struct dp_err *err)
{
	sqlite3_stmt *st;
	int rc;

	*outlet = NULL;
	if ((st = db_prepare(db, "SELECT outlet FROM media_contacts "
	    "WHERE addr = ?2 COLLATE NOCASE AND (provider_id IS NULL OR "
	    "provider_id = ?1) AND outlet IS NOT NULL ORDER BY id DESC "
	    "LIMIT 1", err)) == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, provider_id);
	db_bind_text(st, 2, addr);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*outlet = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, rc, err, "cannot read the media contacts");
	return 0;
}

int
db_media_remove(struct db *db, int64_t id, int64_t removed_at, int64_t seq,
    struct dp_err *err)
{
	sqlite3_stmt *st;

	if ((st = db_prepare(db, "UPDATE media_contacts SET removed_at = ?2, "
	    "removed_seq = ?3 WHERE id = ?1 AND removed_at IS NULL",
	    err)) == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, removed_at);
	sqlite3_bind_int64(st, 3, seq);
	if (db_step_done(db, st, "cannot remove the media contact", err) != 0)
		return err->code;
	if (sqlite3_changes(db->h) != 1)
		return dp_fail(err, DP_EX_DATAERR, "media contact %lld is "
		    "already removed", (long long)id);
	return 0;
}
