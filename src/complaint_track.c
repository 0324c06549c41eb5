/*
 * complaint_track.c - what happens to a complaint after its draft: its
 * changes of state and their causes, the mails that came back, the links
 * between complaints; each change with its audit entry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "clock.h"
#include "complaint.h"
#include "complaint_store.h"
#include "complaint_track.h"
#include "db.h"
#include "exitcodes.h"
#include "validate.h"

/* The longest note, reply or other text of a change, in bytes. */
#define CHANGE_TEXT_MAX	4096

static const char *
by_name(enum complaint_by by)
{
	switch (by) {
	case COMPLAINT_BY_HAND:
		return "hand";
	case COMPLAINT_BY_SEND:
		return "send";
	case COMPLAINT_BY_INBOX:
		return "inbox";
	}
	return NULL;
}

/* An optional one-line text of a change: NULL and "" are none. */
static int
opt_text(const char *what, const char *s, struct dp_err *err)
{
	if (s == NULL || *s == '\0')
		return 0;
	return val_text(what, s, CHANGE_TEXT_MAX, 0, err);
}

static char *
opt_dup(const char *s)
{
	return s != NULL && *s != '\0' ? xstrdup(s) : NULL;
}

int
complaint_store_change(struct db *db, int64_t id,
    const struct complaint_change *ch, struct complaint *out,
    int64_t *event_id, struct dp_err *err)
{
	struct complaint_ev ev;
	char subject[64];
	const char *why, *by = by_name(ch->by);
	int64_t *ids = NULL, at;
	size_t n = 0;
	json_t *o;
	int rc;

	complaint_init(out);
	memset(&ev, 0, sizeof(ev));
	if (by == NULL)
		return dp_fail(err, DP_EX_SOFTWARE, "complaint change: who?");
	if (!complaint_state_valid(ch->state))
		return dp_fail(err, DP_EX_USAGE, "unknown state '%s': one of "
		    "draft, queued, sending, sent, acknowledged, answered, "
		    "bounced, escalated, resolved, rejected, no-response",
		    ch->state);
	if ((rc = opt_text("note", ch->note, err)) != 0 ||
	    (rc = opt_text("reply", ch->reply, err)) != 0 ||
	    (rc = opt_text("via", ch->via, err)) != 0 ||
	    (rc = opt_text("ticket", ch->ticket, err)) != 0 ||
	    (rc = opt_text("status code", ch->dsn_status, err)) != 0)
		return rc;
	if (ch->attempt < 0 || ch->mail_id < 0)
		return dp_fail(err, DP_EX_SOFTWARE, "complaint change: a "
		    "negative number");
	if ((rc = db_begin(db, err)) != 0)
		return rc;
	if ((rc = db_complaint_get(db, id, out, err)) != 0)
		goto fail;
	if (!complaint_transition_ok(out->state, ch->state, ch->by, &why)) {
		rc = dp_fail(err, DP_EX_DATAERR, "complaint %lld is %s: it "
		    "cannot become %s (%s)", (long long)id, out->state,
		    ch->state, why);
		goto fail;
	}
	if (ch->by == COMPLAINT_BY_HAND && strcmp(ch->state, "sent") == 0 &&
	    (ch->note == NULL || *ch->note == '\0')) {
		rc = dp_fail(err, DP_EX_DATAERR, "complaint %lld: marking it "
		    "sent by hand needs --note saying how, when and to whom "
		    "it was sent ('depeer complaint send' records that "
		    "itself)", (long long)id);
		goto fail;
	}
	if (strcmp(ch->state, "queued") == 0 || strcmp(ch->state, "sent") == 0
	    || strcmp(ch->state, "sending") == 0) {
		if ((rc = complaint_stale(db, id, &ids, &n, err)) != 0)
			goto fail;
		free(ids);
		/* A message on its way is recorded as it ends, stale or
		   not: it went out before the retraction was seen. */
		if (n > 0 && strcmp(out->state, "sending") != 0) {
			rc = dp_fail(err, DP_EX_DATAERR, "complaint %lld is "
			    "stale: it cites evidence retracted since it was "
			    "drafted (complaint show %lld); draft it again "
			    "before it is %s", (long long)id, (long long)id,
			    ch->state);
			goto fail;
		}
	}
	at = ch->at != 0 ? ch->at : clock_now();
	/* updated_at never goes back, even if the clock does; the event
	   and its entry keep that time. */
	out->updated_at = at > out->updated_at ? at : out->updated_at;
	ev.complaint_id = id;
	ev.at = out->updated_at;
	ev.by = xstrdup(by);
	ev.from_state = out->state;
	out->state = xstrdup(ch->state);
	ev.to_state = xstrdup(ch->state);
	ev.note = opt_dup(ch->note);
	ev.attempt = ch->attempt;
	ev.reply = opt_dup(ch->reply);
	ev.via = opt_dup(ch->via);
	ev.mail_id = ch->mail_id;
	ev.ticket = opt_dup(ch->ticket);
	ev.dsn_status = opt_dup(ch->dsn_status);
	if ((rc = db_audit_next_seq(db, &ev.audit_seq, err)) != 0 ||
	    (rc = db_complaint_set_state(db, id, ch->state, out->updated_at,
	    err)) != 0 ||
	    (rc = db_event_add(db, &ev, event_id, err)) != 0)
		goto fail;
	o = complaint_claim(out);
	json_object_set_new(o, "status", complaint_ev_status(&ev));
	snprintf(subject, sizeof(subject), "complaint:%lld", (long long)id);
	if ((rc = audit_record(db, AUDIT_COMPLAINT_STATUS, subject,
	    out->updated_at, o, NULL, err)) != 0)
		goto fail;
	if ((rc = db_commit(db, err)) != 0)
		goto release;
	complaint_ev_release(&ev);
	return 0;
fail:
	db_rollback(db);
release:
	complaint_ev_release(&ev);
	complaint_release(out);
	return rc;
}

int
complaint_store_status(struct db *db, int64_t id, const char *state,
    const char *note, struct complaint *out, struct dp_err *err)
{
	struct complaint_change ch;

	memset(&ch, 0, sizeof(ch));
	ch.state = state;
	ch.by = COMPLAINT_BY_HAND;
	ch.note = note;
	return complaint_store_change(db, id, &ch, out, NULL, err);
}

int
complaint_ev_list(struct db *db, int64_t id, struct complaint_ev **v,
    size_t *n, struct dp_err *err)
{
	return db_event_list(db, id, v, n, err);
}

int
complaint_ev_summary(struct db *db, int64_t id, int64_t *attempts,
    char **last_reply, int64_t *sent_at, char **ticket, struct dp_err *err)
{
	struct complaint_ev *v;
	struct mailrec *m;
	size_t n, nm, i;
	int64_t at = 0, tat = 0;
	const char *reply = NULL, *tk = NULL;
	int rc;

	if (attempts != NULL)
		*attempts = 0;
	if (last_reply != NULL)
		*last_reply = NULL;
	if (sent_at != NULL)
		*sent_at = 0;
	if (ticket != NULL)
		*ticket = NULL;
	if ((rc = db_event_list(db, id, &v, &n, err)) != 0)
		return rc;
	if ((rc = db_mail_list(db, 0, id, &m, &nm, err)) != 0) {
		complaint_ev_free(v, n);
		return rc;
	}
	for (i = 0; i < n; i++) {
		if (strcmp(v[i].to_state, "sending") == 0 && attempts != NULL)
			(*attempts)++;
		if (v[i].reply != NULL)
			reply = v[i].reply;
		if (strcmp(v[i].to_state, "sent") == 0)
			at = v[i].at;
		if (v[i].ticket != NULL && v[i].at >= tat) {
			tk = v[i].ticket;
			tat = v[i].at;
		}
	}
	for (i = 0; i < nm; i++)
		if (m[i].ticket != NULL && (m[i].has_date ? m[i].date :
		    m[i].imported_at) >= tat) {
			tk = m[i].ticket;
			tat = m[i].has_date ? m[i].date : m[i].imported_at;
		}
	if (last_reply != NULL && reply != NULL)
		*last_reply = xstrdup(reply);
	if (sent_at != NULL)
		*sent_at = at;
	if (ticket != NULL && tk != NULL)
		*ticket = xstrdup(tk);
	complaint_ev_free(v, n);
	mailrec_free(m, nm);
	return 0;
}

/* ---- mails ---- */

static const char *const matched_bys[] = { "in-reply-to", "references",
	"returned-headers", "case-tag", "ticket", "hand" };

static int
matched_by_valid(const char *s)
{
	size_t i;

	for (i = 0; s != NULL && i < ARRAY_SIZE(matched_bys); i++)
		if (strcmp(s, matched_bys[i]) == 0)
			return 1;
	return 0;
}

static int
check_mail(const struct mailrec *m, struct dp_err *err)
{
	int rc;

	if (!mailrec_class_valid(m->mclass))
		return dp_fail(err, DP_EX_SOFTWARE, "mail: unknown class '%s'",
		    m->mclass != NULL ? m->mclass : "");
	if (m->origin == NULL || (strcmp(m->origin, "import") != 0 &&
	    strcmp(m->origin, "hand") != 0))
		return dp_fail(err, DP_EX_SOFTWARE, "mail: unknown origin");
	if ((m->complaint_id != 0) != (m->matched_by != NULL) ||
	    (m->matched_by != NULL && !matched_by_valid(m->matched_by)))
		return dp_fail(err, DP_EX_SOFTWARE, "mail: a match needs "
		    "both a complaint and how it was matched");
	/* What the mail says of itself is the sender's: one line each. */
	if ((rc = opt_text("Message-ID", m->message_id, err)) != 0 ||
	    (rc = opt_text("From", m->from_addr, err)) != 0 ||
	    (rc = opt_text("ticket", m->ticket, err)) != 0 ||
	    (rc = opt_text("status code", m->dsn_status, err)) != 0 ||
	    (rc = opt_text("recipient", m->dsn_recipient, err)) != 0)
		return rc;
	if (m->subject != NULL && (rc = val_text("Subject", m->subject,
	    CHANGE_TEXT_MAX, 0, err)) != 0)
		return rc;
	return 0;
}

int
mail_store_add(struct db *db, struct mailrec *m, const void *msg,
    size_t len, int64_t *dup, struct dp_err *err)
{
	unsigned char d[SHA256_LEN];
	struct complaint c;
	char subject[64];
	int rc;

	*dup = 0;
	if ((rc = check_mail(m, err)) != 0)
		return rc;
	sha256_buf(msg, len, d);
	sha256_hex(d, m->sha256);
	m->size = (int64_t)len;
	if (m->imported_at == 0)
		m->imported_at = clock_now();
	if ((rc = db_begin(db, err)) != 0)
		return rc;
	if ((rc = db_mail_find(db, m->sha256, m->message_id, dup, err)) != 0)
		goto fail;
	if (*dup != 0) {
		db_rollback(db);
		return 0;
	}
	if (m->complaint_id != 0) {
		if ((rc = db_complaint_get(db, m->complaint_id, &c, err)) != 0)
			goto fail;
		complaint_release(&c);
	}
	if ((rc = db_audit_next_seq(db, &m->audit_seq, err)) != 0 ||
	    (rc = db_mail_add(db, m, msg, len, &m->id, err)) != 0)
		goto fail;
	snprintf(subject, sizeof(subject), "mail:%lld", (long long)m->id);
	if ((rc = audit_record(db, AUDIT_MAIL_ADD, subject, m->imported_at,
	    mailrec_claim(m), NULL, err)) != 0)
		goto fail;
	return db_commit(db, err);
fail:
	db_rollback(db);
	return rc;
}

int
mail_store_match(struct db *db, int64_t id, int64_t complaint_id,
    const char *matched_by, struct dp_err *err)
{
	struct mailrec *m = NULL;
	struct complaint c;
	char subject[64];
	size_t n = 0;
	json_t *o;
	int rc;

	if (!matched_by_valid(matched_by) || complaint_id <= 0)
		return dp_fail(err, DP_EX_SOFTWARE, "mail match: how?");
	if ((rc = db_begin(db, err)) != 0)
		return rc;
	if ((rc = db_mail_list(db, id, 0, &m, &n, err)) != 0)
		goto fail;
	if (n == 0) {
		rc = dp_fail(err, DP_EX_NOINPUT, "no mail %lld",
		    (long long)id);
		goto fail;
	}
	if (m[0].complaint_id != 0) {
		rc = dp_fail(err, DP_EX_DATAERR, "mail %lld is matched to "
		    "complaint %lld already", (long long)id,
		    (long long)m[0].complaint_id);
		goto fail;
	}
	if ((rc = db_complaint_get(db, complaint_id, &c, err)) != 0)
		goto fail;
	complaint_release(&c);
	if ((rc = db_mail_match(db, id, complaint_id, matched_by, err)) != 0)
		goto fail;
	o = json_object();
	json_object_set_new(o, "id", json_integer(id));
	json_object_set_new(o, "complaint_id", json_integer(complaint_id));
	json_object_set_new(o, "matched_by", json_string(matched_by));
	snprintf(subject, sizeof(subject), "mail:%lld", (long long)id);
	if ((rc = audit_record(db, AUDIT_MAIL_MATCH, subject, clock_now(), o,
	    NULL, err)) != 0)
		goto fail;
	mailrec_free(m, n);
	return db_commit(db, err);
fail:
	db_rollback(db);
	mailrec_free(m, n);
	return rc;
}

int
mail_store_get(struct db *db, int64_t id, struct mailrec *m, void **bytes,
    size_t *len, struct dp_err *err)
{
	struct mailrec *v = NULL;
	char sha[SHA256_HEXLEN];
	size_t n = 0;
	int rc, own = !db_in_transaction(db);

	mailrec_init(m);
	if (bytes != NULL)
		*bytes = NULL;
	/* One snapshot, unless the caller's transaction is one. */
	if (own && (rc = db_begin_read(db, err)) != 0)
		return rc;
	if ((rc = db_mail_list(db, id, 0, &v, &n, err)) != 0)
		goto out;
	if (n == 0) {
		rc = dp_fail(err, DP_EX_NOINPUT, "no mail %lld",
		    (long long)id);
		goto out;
	}
	if (bytes != NULL) {
		if ((rc = db_mail_bytes(db, id, bytes, len, sha, err)) != 0)
			goto out;
		if (strcmp(sha, v[0].sha256) != 0) {
			free(*bytes);
			*bytes = NULL;
			rc = dp_fail(err, DP_EX_DATAERR, "mail %lld: its "
			    "bytes no longer match their SHA-256; run "
			    "'depeer verify'", (long long)id);
			goto out;
		}
	}
	*m = v[0];
	mailrec_init(&v[0]);
out:
	if (own)
		db_rollback(db);
	mailrec_free(v, n);
	return rc;
}

int
mail_store_list(struct db *db, int64_t complaint_id, struct mailrec **v,
    size_t *n, struct dp_err *err)
{
	return db_mail_list(db, 0, complaint_id, v, n, err);
}

int
complaint_find_message_id(struct db *db, const char *mid, int64_t *id,
    struct dp_err *err)
{
	return db_complaint_by_message_id(db, mid, id, err);
}

int
complaint_find_ticket(struct db *db, const char *ticket, int64_t *id,
    struct dp_err *err)
{
	return db_complaint_by_ticket(db, ticket, id, err);
}

/* ---- links ---- */

int
complaint_store_link(struct db *db, int64_t child, int64_t parent,
    const char *kind, struct dp_err *err)
{
	struct complaint_link l;
	struct complaint c;
	char subject[64];
	int rc;

	if (!complaint_link_kind_valid(kind))
		return dp_fail(err, DP_EX_SOFTWARE, "complaint link: kind?");
	if (child == parent)
		return dp_fail(err, DP_EX_DATAERR, "complaint %lld cannot "
		    "follow itself", (long long)child);
	if ((rc = db_begin(db, err)) != 0)
		return rc;
	if ((rc = db_complaint_get(db, parent, &c, err)) != 0)
		goto fail;
	complaint_release(&c);
	if ((rc = db_complaint_get(db, child, &c, err)) != 0)
		goto fail;
	complaint_release(&c);
	l.child = child;
	l.parent = parent;
	l.kind = (char *)kind;
	if ((rc = db_audit_next_seq(db, &l.audit_seq, err)) != 0 ||
	    (rc = db_link_add(db, &l, err)) != 0)
		goto fail;
	snprintf(subject, sizeof(subject), "complaint:%lld",
	    (long long)child);
	if ((rc = audit_record(db, AUDIT_COMPLAINT_LINK, subject, clock_now(),
	    complaint_link_claim(&l), NULL, err)) != 0)
		goto fail;
	return db_commit(db, err);
fail:
	db_rollback(db);
	return rc;
}

int
complaint_link_list(struct db *db, int64_t id, struct complaint_link **v,
    size_t *n, struct dp_err *err)
{
	return db_link_list(db, id, v, n, err);
}

/* ---- the conversation of a thread ---- */

void
complaint_thread_release(struct complaint_thread *t)
{
	size_t i;

	for (i = 0; i < t->nc; i++)
		complaint_release(&t->c[i]);
	free(t->c);
	complaint_link_free(t->links, t->nlinks);
	complaint_ev_free(t->ev, t->nev);
	mailrec_free(t->mails, t->nmails);
	memset(t, 0, sizeof(*t));
}

static int
in_ids(const int64_t *ids, size_t n, int64_t id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ids[i] == id)
			return 1;
	return 0;
}

static int
cmp_ev(const void *a, const void *b)
{
	const struct complaint_ev *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int64_t
mail_time(const struct mailrec *m)
{
	return m->has_date ? m->date : m->imported_at;
}

static int
cmp_mail(const void *a, const void *b)
{
	const struct mailrec *x = a, *y = b;

	if (mail_time(x) != mail_time(y))
		return mail_time(x) < mail_time(y) ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int
cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

int
complaint_thread(struct db *db, int64_t id, struct complaint_thread *t,
    struct dp_err *err)
{
	struct complaint_link *all = NULL;
	struct complaint_ev *ev;
	struct mailrec *m;
	struct complaint c;
	int64_t *ids = NULL, root;
	size_t nall = 0, nids = 0, cap = 0, linkcap = 0, i, n, k, grown;
	int rc;

	memset(t, 0, sizeof(*t));
	if ((rc = db_begin_read(db, err)) != 0)
		return rc;
	if ((rc = db_complaint_get(db, id, &c, err)) != 0)
		goto out;
	complaint_release(&c);
	if ((rc = db_link_list(db, 0, &all, &nall, err)) != 0)
		goto out;
	/* Up to the first complaint (a link's parent is always older). */
	root = id;
	for (k = 0; k <= nall; k++) {
		for (i = 0; i < nall && all[i].child != root; i++)
			;
		if (i == nall)
			break;
		root = all[i].parent;
	}
	t->root = root;
	GROW(ids, nids + 1, cap);
	ids[nids++] = root;
	do {
		grown = 0;
		for (i = 0; i < nall; i++)
			if (in_ids(ids, nids, all[i].parent) &&
			    !in_ids(ids, nids, all[i].child)) {
				GROW(ids, nids + 1, cap);
				ids[nids++] = all[i].child;
				grown = 1;
			}
	} while (grown);
	qsort(ids, nids, sizeof(*ids), cmp_id);
	for (i = 0; i < nall; i++)
		if (in_ids(ids, nids, all[i].child)) {
			GROW(t->links, t->nlinks + 1, linkcap);
			t->links[t->nlinks] = all[i];
			all[i].kind = NULL;
			t->nlinks++;
		}
	t->c = xcalloc(nids, sizeof(*t->c));
	for (i = 0; i < nids; i++) {
		if ((rc = db_complaint_get(db, ids[i], &t->c[i], err)) != 0)
			goto out;
		t->nc++;
		if ((rc = db_event_list(db, ids[i], &ev, &n, err)) != 0)
			goto out;
		t->ev = xreallocarray(t->ev, t->nev + n + 1, sizeof(*t->ev));
		if (n > 0)
			memcpy(t->ev + t->nev, ev, n * sizeof(*ev));
		t->nev += n;
		free(ev);
		if ((rc = db_mail_list(db, 0, ids[i], &m, &n, err)) != 0)
			goto out;
		t->mails = xreallocarray(t->mails, t->nmails + n + 1,
		    sizeof(*t->mails));
		if (n > 0)
			memcpy(t->mails + t->nmails, m, n * sizeof(*m));
		t->nmails += n;
		free(m);
	}
	if (t->nev > 1)
		qsort(t->ev, t->nev, sizeof(*t->ev), cmp_ev);
	if (t->nmails > 1)
		qsort(t->mails, t->nmails, sizeof(*t->mails), cmp_mail);
out:
	db_rollback(db);
	complaint_link_free(all, nall);
	free(ids);
	if (rc != 0)
		complaint_thread_release(t);
	return rc;
}
