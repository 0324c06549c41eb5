/*
 * db_track.c - SQL for what happens to a complaint after its draft: its
 * events, the mails that came back, the links between complaints.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "exitcodes.h"
#include "hash.h"
#include "track.h"

static void
bind_id(sqlite3_stmt *st, int i, int64_t v)
{
	if (v != 0)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

/* ---- events ---- */

int
db_event_add(struct db *db, const struct complaint_ev *e, int64_t *id,
    struct dp_err *err)
{
	sqlite3_stmt *st;
	int rc;

	st = db_prepare(db, "INSERT INTO complaint_events (complaint_id, at, "
	    "by, from_state, to_state, note, attempt, reply, via, mail_id, "
	    "ticket, dsn_status, audit_seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
	    "?7, ?8, ?9, ?10, ?11, ?12, ?13)", err);
	if (st == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, e->complaint_id);
	sqlite3_bind_int64(st, 2, e->at);
	db_bind_text(st, 3, e->by);
	db_bind_text(st, 4, e->from_state);
	db_bind_text(st, 5, e->to_state);
	db_bind_text(st, 6, e->note);
	bind_id(st, 7, e->attempt);
	db_bind_text(st, 8, e->reply);
	db_bind_text(st, 9, e->via);
	bind_id(st, 10, e->mail_id);
	db_bind_text(st, 11, e->ticket);
	db_bind_text(st, 12, e->dsn_status);
	sqlite3_bind_int64(st, 13, e->audit_seq);
	if ((rc = db_step_done(db, st, "cannot record the complaint's change",
	    err)) != 0)
		return rc;
	if (id != NULL)
		*id = sqlite3_last_insert_rowid(db->h);
	return 0;
}

#define EVENT_COLS "id, complaint_id, at, by, from_state, to_state, note, " \
	"attempt, reply, via, mail_id, ticket, dsn_status, audit_seq"

static int
row_to_event(sqlite3_stmt *st, struct complaint_ev *e, struct dp_err *err)
{
	struct db_row r;
	int64_t v;

	memset(e, 0, sizeof(*e));
	db_row_start(&r, st, "complaint event", err);
	e->id = db_row_id(&r, 0);
	e->complaint_id = db_row_int(&r, 1);
	e->at = db_row_int(&r, 2);
	e->by = db_row_strdup(&r, 3);
	e->from_state = db_row_strdup(&r, 4);
	e->to_state = db_row_strdup(&r, 5);
	e->note = db_row_strdup_opt(&r, 6);
	if (db_row_int_opt(&r, 7, &v))
		e->attempt = v;
	e->reply = db_row_strdup_opt(&r, 8);
	e->via = db_row_strdup_opt(&r, 9);
	if (db_row_int_opt(&r, 10, &v))
		e->mail_id = v;
	e->ticket = db_row_strdup_opt(&r, 11);
	e->dsn_status = db_row_strdup_opt(&r, 12);
	e->audit_seq = db_row_int(&r, 13);
	return db_row_end(&r);
}

int
db_event_list(struct db *db, int64_t complaint_id, struct complaint_ev **out,
    size_t *n, struct dp_err *err)
{
	struct complaint_ev *v = NULL;
	size_t cap = 0;
	sqlite3_stmt *st;
	int rc, r = 0;

	*out = NULL;
	*n = 0;
	st = db_prepare(db, "SELECT " EVENT_COLS " FROM complaint_events "
	    "WHERE ?1 = 0 OR complaint_id = ?1 ORDER BY at, id", err);
	if (st == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, complaint_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		GROW(v, *n + 1, cap);
		r = row_to_event(st, &v[*n], err);
		(*n)++;
		if (r != 0)
			break;
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = db_fail(db, rc, err, "cannot read complaint events");
	sqlite3_finalize(st);
	if (r != 0) {
		complaint_ev_free(v, *n);
		*n = 0;
		return r;
	}
	*out = v;
	return 0;
}

/* ---- mails ---- */

int
db_mail_add(struct db *db, const struct mailrec *m, const void *msg,
    size_t len, int64_t *id, struct dp_err *err)
{
	sqlite3_stmt *st;
	int rc;

	st = db_prepare(db, "INSERT INTO mails (sha256, message, size, "
	    "message_id, from_addr, subject, date, imported_at, origin, class, "
	    "ticket, dsn_status, dsn_recipient, complaint_id, matched_by, "
	    "audit_seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
	    "?12, ?13, ?14, ?15, ?16)", err);
	if (st == NULL)
		return err->code;
	sqlite3_bind_text(st, 1, m->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_blob64(st, 2, len > 0 ? msg : "", len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (int64_t)len);
	db_bind_text(st, 4, m->message_id);
	db_bind_text(st, 5, m->from_addr);
	db_bind_text(st, 6, m->subject);
	if (m->has_date)
		sqlite3_bind_int64(st, 7, m->date);
	sqlite3_bind_int64(st, 8, m->imported_at);
	db_bind_text(st, 9, m->origin);
	db_bind_text(st, 10, m->mclass);
	db_bind_text(st, 11, m->ticket);
	db_bind_text(st, 12, m->dsn_status);
	db_bind_text(st, 13, m->dsn_recipient);
	bind_id(st, 14, m->complaint_id);
	db_bind_text(st, 15, m->matched_by);
	sqlite3_bind_int64(st, 16, m->audit_seq);
	if ((rc = db_step_done(db, st, "cannot store the mail", err)) != 0)
		return rc;
	*id = sqlite3_last_insert_rowid(db->h);
	return 0;
}

int
db_mail_find(struct db *db, const char *sha256, const char *message_id,
    int64_t *id, struct dp_err *err)
{
	sqlite3_stmt *st;
	struct db_row r;
	int rc;

	*id = 0;
	if (message_id != NULL)
		st = db_prepare(db, "SELECT id FROM mails WHERE message_id = "
		    "?1 ORDER BY id LIMIT 1", err);
	else
		st = db_prepare(db, "SELECT id FROM mails WHERE sha256 = ?1 "
		    "ORDER BY id LIMIT 1", err);
	if (st == NULL)
		return err->code;
	db_bind_text(st, 1, message_id != NULL ? message_id : sha256);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		db_row_start(&r, st, "mail", err);
		*id = db_row_int(&r, 0);
		rc = db_row_end(&r);
		sqlite3_finalize(st);
		return rc;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, err, "cannot read mails");
	return 0;
}

int
db_mail_match(struct db *db, int64_t id, int64_t complaint_id,
    const char *matched_by, struct dp_err *err)
{
	sqlite3_stmt *st;

	st = db_prepare(db, "UPDATE mails SET complaint_id = ?2, matched_by = "
	    "?3 WHERE id = ?1", err);
	if (st == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, complaint_id);
	db_bind_text(st, 3, matched_by);
	return db_step_done(db, st, "cannot match the mail", err);
}

#define MAIL_COLS "id, sha256, size, message_id, from_addr, subject, date, " \
	"imported_at, origin, class, ticket, dsn_status, dsn_recipient, " \
	"complaint_id, matched_by, audit_seq"

static int
row_to_mail(sqlite3_stmt *st, struct mailrec *m, struct dp_err *err)
{
	struct db_row r;
	const char *sha;
	size_t len;
	int64_t v;

	mailrec_init(m);
	db_row_start(&r, st, "mail", err);
	m->id = db_row_id(&r, 0);
	sha = db_row_text(&r, 1, &len);
	if (r.rc == 0 && len != SHA256_HEXLEN - 1)
		db_row_bad(&r, "its sha256 is not a SHA-256");
	snprintf(m->sha256, sizeof(m->sha256), "%s", sha);
	m->size = db_row_int(&r, 2);
	m->message_id = db_row_strdup_opt(&r, 3);
	m->from_addr = db_row_strdup_opt(&r, 4);
	m->subject = db_row_strdup_opt(&r, 5);
	if (db_row_int_opt(&r, 6, &v)) {
		m->has_date = 1;
		m->date = v;
	}
	m->imported_at = db_row_int(&r, 7);
	m->origin = db_row_strdup(&r, 8);
	m->mclass = db_row_strdup(&r, 9);
	m->ticket = db_row_strdup_opt(&r, 10);
	m->dsn_status = db_row_strdup_opt(&r, 11);
	m->dsn_recipient = db_row_strdup_opt(&r, 12);
	if (db_row_int_opt(&r, 13, &v))
		m->complaint_id = v;
	m->matched_by = db_row_strdup_opt(&r, 14);
	m->audit_seq = db_row_int(&r, 15);
	return db_row_end(&r);
}

int
db_mail_list(struct db *db, int64_t id, int64_t complaint_id,
    struct mailrec **out, size_t *n, struct dp_err *err)
{
	struct mailrec *v = NULL;
	size_t cap = 0;
	sqlite3_stmt *st;
	int rc, r = 0;

	*out = NULL;
	*n = 0;
	/* One mail by its key; an OR of the key would scan them all. */
	if (id != 0)
		st = db_prepare(db, "SELECT " MAIL_COLS " FROM mails WHERE id "
		    "= ?1 AND (?2 = 0 OR (?2 = -1 AND complaint_id IS NULL) OR "
		    "complaint_id = ?2)", err);
	else if (complaint_id > 0)
		st = db_prepare(db, "SELECT " MAIL_COLS " FROM mails WHERE "
		    "complaint_id = ?2 AND ?1 = 0 ORDER BY coalesce(date, "
		    "imported_at), id", err);
	else
		st = db_prepare(db, "SELECT " MAIL_COLS " FROM mails WHERE ?1 "
		    "= 0 AND (?2 = 0 OR (?2 = -1 AND complaint_id IS NULL)) "
		    "ORDER BY coalesce(date, imported_at), id", err);
	if (st == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, complaint_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		GROW(v, *n + 1, cap);
		r = row_to_mail(st, &v[*n], err);
		(*n)++;
		if (r != 0)
			break;
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = db_fail(db, rc, err, "cannot read mails");
	sqlite3_finalize(st);
	if (r != 0) {
		mailrec_free(v, *n);
		*n = 0;
		return r;
	}
	*out = v;
	return 0;
}

int
db_mail_bytes(struct db *db, int64_t id, void **bytes, size_t *len,
    char sha256[SHA256_HEXLEN], struct dp_err *err)
{
	unsigned char d[SHA256_LEN];
	sqlite3_stmt *st;
	struct db_row r;
	const void *p;
	int rc;

	*bytes = NULL;
	*len = 0;
	st = db_prepare(db, "SELECT message FROM mails WHERE id = ?1", err);
	if (st == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_finalize(st);
		if (rc == SQLITE_DONE)
			return dp_fail(err, DP_EX_NOINPUT, "no mail %lld",
			    (long long)id);
		return db_fail(db, rc, err, "cannot read the mail");
	}
	db_row_start(&r, st, "mail", err);
	r.id = id;
	p = db_row_blob(&r, 0, len);
	if ((rc = db_row_end(&r)) != 0) {
		sqlite3_finalize(st);
		return rc;
	}
	*bytes = xmalloc(*len + 1);
	if (*len > 0)
		memcpy(*bytes, p, *len);
	((char *)*bytes)[*len] = '\0';
	sqlite3_finalize(st);
	sha256_buf(*bytes, *len, d);
	sha256_hex(d, sha256);
	return 0;
}

/* ---- finding complaints ---- */

/* Run sql with ?1 bound to text and read one integer. */
static int
query_int64_text(struct db *db, const char *sql, const char *text,
    int64_t *out, const char *what, struct dp_err *err)
{
	sqlite3_stmt *st;
	struct db_row r;
	int rc;

	*out = 0;
	if ((st = db_prepare(db, sql, err)) == NULL)
		return err->code;
	db_bind_text(st, 1, text);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return db_fail(db, rc == SQLITE_DONE ? SQLITE_ERROR : rc, err,
		    what);
	}
	db_row_start(&r, st, what, err);
	*out = db_row_int(&r, 0);
	rc = db_row_end(&r);
	sqlite3_finalize(st);
	return rc;
}

int
db_complaint_by_message_id(struct db *db, const char *mid, int64_t *id,
    struct dp_err *err)
{
	return query_int64_text(db, "SELECT coalesce((SELECT id FROM "
	    "complaints WHERE message_id = ?1), 0)", mid, id,
	    "cannot read complaints", err);
}

int
db_complaint_by_ticket(struct db *db, const char *ticket, int64_t *id,
    struct dp_err *err)
{
	/* The latest: a desk may reuse a ticket for a later matter. */
	return query_int64_text(db, "SELECT coalesce((SELECT complaint_id "
	    "FROM (SELECT complaint_id, at AS t, id FROM complaint_events "
	    "WHERE ticket = ?1 UNION ALL SELECT complaint_id, "
	    "coalesce(date, imported_at), id FROM mails WHERE ticket = ?1 AND "
	    "complaint_id IS NOT NULL) ORDER BY t DESC, id DESC LIMIT 1), 0)",
	    ticket, id, "cannot read ticket numbers", err);
}

/* ---- links ---- */

int
db_link_add(struct db *db, const struct complaint_link *l,
    struct dp_err *err)
{
	sqlite3_stmt *st;

	st = db_prepare(db, "INSERT INTO complaint_links (child, parent, kind, "
	    "audit_seq) VALUES (?1, ?2, ?3, ?4)", err);
	if (st == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, l->child);
	sqlite3_bind_int64(st, 2, l->parent);
	db_bind_text(st, 3, l->kind);
	sqlite3_bind_int64(st, 4, l->audit_seq);
	return db_step_done(db, st, "cannot record the complaint's link", err);
}

int
db_link_list(struct db *db, int64_t id, struct complaint_link **out,
    size_t *n, struct dp_err *err)
{
	struct complaint_link *v = NULL;
	size_t cap = 0;
	sqlite3_stmt *st;
	struct db_row r;
	int rc, bad = 0;

	*out = NULL;
	*n = 0;
	st = db_prepare(db, "SELECT child, parent, kind, audit_seq FROM "
	    "complaint_links WHERE ?1 = 0 OR child = ?1 OR parent = ?1 ORDER "
	    "BY child", err);
	if (st == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		GROW(v, *n + 1, cap);
		db_row_start(&r, st, "complaint link", err);
		v[*n].child = db_row_id(&r, 0);
		v[*n].parent = db_row_int(&r, 1);
		v[*n].kind = db_row_strdup(&r, 2);
		v[*n].audit_seq = db_row_int(&r, 3);
		(*n)++;
		if ((bad = db_row_end(&r)) != 0)
			break;
	}
	if (bad == 0 && rc != SQLITE_DONE)
		bad = db_fail(db, rc, err, "cannot read complaint links");
	sqlite3_finalize(st);
	if (bad != 0) {
		complaint_link_free(v, *n);
		*n = 0;
		return bad;
	}
	*out = v;
	return 0;
}
