/*
 * inbox.c - replies stored, matched and acted on (inbox.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "complaint.h"
#include "complaint_store.h"
#include "complaint_track.h"
#include "db.h"
#include "exitcodes.h"
#include "inbox.h"
#include "inbox_parse.h"
#include "mailbox.h"
#include "util.h"

static void
outcome_release(struct inbox_outcome *o)
{
	free(o->where);
	free(o->from_addr);
	free(o->subject);
	free(o->why);
	free(o->ticket);
	free(o->dsn_status);
	free(o->dsn_recipient);
	free(o->from_state);
	free(o->to_state);
	free(o->unchanged);
	memset(o, 0, sizeof(*o));
}

void
inbox_result_release(struct inbox_result *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		outcome_release(&r->v[i]);
	free(r->v);
	memset(r, 0, sizeof(*r));
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

static struct inbox_outcome *
new_outcome(struct inbox_result *r, const char *where,
    const struct inbox_msg *m)
{
	struct inbox_outcome *o;

	r->v = xreallocarray(r->v, r->n + 1, sizeof(*r->v));
	o = &r->v[r->n++];
	memset(o, 0, sizeof(*o));
	o->where = xstrdup(where);
	o->from_addr = dup_or_null(m->from_addr);
	o->subject = dup_or_null(m->subject);
	o->has_date = m->has_date;
	o->date = m->date;
	o->mclass = inbox_class_name(m->cls);
	o->why = dup_or_null(m->why);
	o->ticket = dup_or_null(m->ticket);
	o->dsn_status = dup_or_null(m->dsn_status);
	o->dsn_recipient = dup_or_null(m->dsn_recipient);
	return o;
}

/* The domain of an addr-spec ("" when none). */
static const char *
domain_of(const char *addr)
{
	const char *at = addr != NULL ? strrchr(addr, '@') : NULL;

	return at != NULL ? at + 1 : "";
}

/*
 * Whether complaint id learned ticket from a mail of the same domain as
 * from (or from no mail at all: an event by hand).
 */
static int
same_desk(struct db *db, int64_t id, const char *ticket, const char *from,
    int *ok, struct dp_err *err)
{
	struct mailrec *v = NULL;
	size_t n = 0, i;
	int rc, seen = 0;

	*ok = 0;
	if ((rc = mail_store_list(db, id, &v, &n, err)) != 0)
		return rc;
	for (i = 0; i < n; i++) {
		if (v[i].ticket == NULL || strcmp(v[i].ticket, ticket) != 0)
			continue;
		seen = 1;
		if (ascii_casecmp(domain_of(v[i].from_addr),
		    domain_of(from)) == 0)
			*ok = 1;
	}
	if (!seen)
		*ok = 1;
	mailrec_free(v, n);
	return 0;
}

/* The complaint m answers: *id (0: none) and *by. */
static int
match(struct db *db, const struct inbox_msg *m, int64_t *id,
    const char **by, struct dp_err *err)
{
	struct complaint c;
	size_t i;
	int rc, ok;

	*id = 0;
	*by = NULL;
	if (m->in_reply_to != NULL) {
		if ((rc = complaint_find_message_id(db, m->in_reply_to, id,
		    err)) != 0)
			return rc;
		if (*id != 0) {
			*by = "in-reply-to";
			return 0;
		}
	}
	for (i = m->nrefs; i-- > 0;) {
		if ((rc = complaint_find_message_id(db, m->refs[i], id,
		    err)) != 0)
			return rc;
		if (*id != 0) {
			*by = "references";
			return 0;
		}
	}
	if (m->cls != INBOX_REPLY && m->cls != INBOX_AUTO_REPLY &&
	    m->returned_id != NULL) {
		if ((rc = complaint_find_message_id(db, m->returned_id, id,
		    err)) != 0)
			return rc;
		if (*id != 0) {
			*by = "returned-headers";
			return 0;
		}
	}
	if (m->case_id > 0) {
		complaint_init(&c);
		rc = complaint_get(db, m->case_id, &c, err);
		complaint_release(&c);
		if (rc == 0) {
			*id = m->case_id;
			*by = "case-tag";
			return 0;
		}
		if (rc != DP_EX_NOINPUT)
			return rc;
	}
	if (m->ticket != NULL) {
		if ((rc = complaint_find_ticket(db, m->ticket, id, err)) != 0)
			return rc;
		if (*id != 0) {
			if ((rc = same_desk(db, *id, m->ticket, m->from_addr,
			    &ok, err)) != 0)
				return rc;
			if (ok) {
				*by = "ticket";
				return 0;
			}
			*id = 0;
		}
	}
	return 0;
}

/* Whether addr is one of c's To addresses. */
static int
is_to(const struct complaint *c, const char *addr)
{
	size_t i;

	for (i = 0; i < c->nto; i++)
		if (ascii_casecmp(c->to[i], addr) == 0)
			return 1;
	return 0;
}

/* Move complaint o->complaint_id as what m is says. */
static int
act(struct db *db, const struct inbox_msg *m, struct inbox_outcome *o,
    struct inbox_result *r, struct dp_err *err)
{
	struct complaint_change ch;
	struct complaint c, after;
	struct dp_err e2 = DP_ERR_INIT;
	const char *to = NULL, *why;
	char *note;
	int rc;

	switch (m->cls) {
	case INBOX_AUTO_REPLY:
		to = "acknowledged";
		break;
	case INBOX_REPLY:
		to = "answered";
		break;
	case INBOX_BOUNCE:
		to = "bounced";
		break;
	case INBOX_DELAY:
	case INBOX_DELIVERED:
		break;
	}
	complaint_init(&c);
	if ((rc = complaint_get(db, o->complaint_id, &c, err)) != 0)
		goto out;
	o->from_state = xstrdup(c.state);
	if (to == NULL) {
		o->unchanged = xasprintf("a %s report is recorded, it changes "
		    "nothing", o->mclass);
		goto out;
	}
	if (m->cls == INBOX_BOUNCE && m->dsn_recipient != NULL &&
	    !is_to(&c, m->dsn_recipient)) {
		o->unchanged = xasprintf("the bounce is for %s, not one of the "
		    "complaint's To addresses", m->dsn_recipient);
		goto out;
	}
	if (!complaint_transition_ok(c.state, to, COMPLAINT_BY_INBOX, &why)) {
		o->unchanged = xasprintf("complaint %lld is %s: %s%s%s",
		    (long long)c.id, c.state, why,
		    strcmp(why, "it is already") == 0 ? " " : "",
		    strcmp(why, "it is already") == 0 ? to : "");
		goto out;
	}
	memset(&ch, 0, sizeof(ch));
	ch.state = to;
	ch.by = COMPLAINT_BY_INBOX;
	note = xasprintf("%s from %s", o->mclass, m->from_addr);
	ch.note = note;
	ch.mail_id = o->mail_id;
	ch.ticket = m->ticket;
	ch.dsn_status = m->cls == INBOX_BOUNCE ? m->dsn_status : NULL;
	complaint_init(&after);
	rc = complaint_store_change(db, o->complaint_id, &ch, &after, NULL,
	    &e2);
	free(note);
	if (rc == DP_EX_DATAERR) {
		/* refused (a stale complaint, say): recorded, not moved */
		o->unchanged = xstrdup(e2.msg);
		rc = 0;
	} else if (rc != 0) {
		*err = e2;
	} else {
		o->to_state = xstrdup(after.state);
		r->changed++;
	}
	complaint_release(&after);
out:
	complaint_release(&c);
	return rc;
}

/* Fill a mailrec from what m says (the store sets the rest). */
static void
mailrec_from(struct mailrec *rec, const struct inbox_msg *m,
    const char *origin)
{
	mailrec_init(rec);
	rec->message_id = dup_or_null(m->message_id);
	rec->from_addr = dup_or_null(m->from_addr);
	rec->subject = dup_or_null(m->subject);
	rec->has_date = m->has_date;
	rec->date = m->date;
	rec->origin = xstrdup(origin);
	rec->mclass = xstrdup(inbox_class_name(m->cls));
	rec->ticket = dup_or_null(m->ticket);
	rec->dsn_status = dup_or_null(m->dsn_status);
	rec->dsn_recipient = dup_or_null(m->dsn_recipient);
}

/* Store one message and act on it. */
static int
one(struct db *db, const struct mbox_msg *mm, const struct inbox_msg *m,
    struct inbox_result *r, struct dp_err *err)
{
	struct inbox_outcome *o = new_outcome(r, mm->where, m);
	struct mailrec rec;
	int64_t dup = 0, cid;
	const char *by;
	int rc;

	mailrec_from(&rec, m, "import");
	rc = mail_store_add(db, &rec, mm->data, mm->len, &dup, err);
	o->mail_id = dup != 0 ? dup : rec.id;
	mailrec_release(&rec);
	if (rc != 0)
		return rc;
	if (dup != 0) {
		o->duplicate = 1;
		r->duplicates++;
		return 0;
	}
	r->stored++;
	if ((rc = match(db, m, &cid, &by, err)) != 0)
		return rc;
	if (cid == 0)
		return 0;
	if ((rc = mail_store_match(db, o->mail_id, cid, by, err)) != 0)
		return rc;
	o->complaint_id = cid;
	o->matched_by = by;
	r->matched++;
	return act(db, m, o, r, err);
}

/*
 * Try the mails not matched yet once more: a ticket learned now, or a
 * complaint drafted since, may place them.
 */
/* Whether mail id was stored (not found stored) by this import. */
static int
stored_now(const struct inbox_result *r, int64_t id)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->v[i].mail_id == id && !r->v[i].duplicate &&
		    !r->v[i].earlier)
			return 1;
	return 0;
}

static int
retry_unmatched(struct db *db, const char *case_tag, int learned,
    struct inbox_result *r, struct dp_err *err)
{
	struct mailrec *v = NULL;
	char sha[SHA256_HEXLEN];
	struct inbox_outcome *o;
	struct inbox_msg m;
	struct dp_err perr = DP_ERR_INIT;
	size_t n = 0, i, k;
	void *bytes;
	size_t len;
	int64_t cid;
	const char *by;
	char *where;
	int rc;

	if ((rc = mail_store_list(db, -1, &v, &n, err)) != 0)
		return rc;
	for (i = 0; i < n && rc == 0; i++) {
		/*
		 * A mail stored by this import was tried a moment ago; only
		 * a ticket learned since can place it now.
		 */
		if (!learned && stored_now(r, v[i].id))
			continue;
		/*
		 * The bytes by id, held to the SHA-256 the list read (what
		 * mail_store_get() checks; it reads the row again through
		 * a query that scans every mail, once per mail here).
		 */
		if ((rc = db_mail_bytes(db, v[i].id, &bytes, &len, sha,
		    err)) != 0)
			break;
		if (strcmp(sha, v[i].sha256) != 0) {
			free(bytes);
			rc = dp_fail(err, DP_EX_DATAERR, "mail %lld: its bytes "
			    "no longer match their SHA-256; run 'depeer "
			    "verify'", (long long)v[i].id);
			break;
		}
		if (inbox_parse(bytes, len, case_tag, &m, &perr) != 0) {
			/* stored by an older depeer that read it: leave it */
			free(bytes);
			continue;
		}
		free(bytes);
		if ((rc = match(db, &m, &cid, &by, err)) != 0 || cid == 0) {
			inbox_msg_release(&m);
			continue;
		}
		if ((rc = mail_store_match(db, v[i].id, cid, by, err)) != 0) {
			inbox_msg_release(&m);
			break;
		}
		/* one read in this import: its outcome says it */
		o = NULL;
		for (k = 0; k < r->n; k++)
			if (r->v[k].mail_id == v[i].id && !r->v[k].duplicate &&
			    !r->v[k].earlier)
				o = &r->v[k];
		if (o == NULL) {
			where = xasprintf("mail %lld", (long long)v[i].id);
			o = new_outcome(r, where, &m);
			free(where);
			o->mail_id = v[i].id;
			o->earlier = 1;
		}
		o->complaint_id = cid;
		o->matched_by = by;
		r->matched++;
		rc = act(db, &m, o, r, err);
		inbox_msg_release(&m);
	}
	mailrec_free(v, n);
	if (rc != 0)
		return rc;
	/* what is left unmatched, of this import and before */
	v = NULL;
	n = 0;
	if ((rc = mail_store_list(db, -1, &v, &n, err)) != 0)
		return rc;
	r->unmatched = n;
	mailrec_free(v, n);
	return 0;
}

/* Read every message of l before anything is written. */
static int
parse_all(const struct mbox_list *l, const char *case_tag,
    struct inbox_msg **out, struct dp_err *err)
{
	struct inbox_msg *v = xcalloc(l->n > 0 ? l->n : 1, sizeof(*v));
	size_t i, k;
	int rc;

	for (i = 0; i < l->n; i++) {
		if ((rc = inbox_parse(l->v[i].data, l->v[i].len, case_tag,
		    &v[i], err)) != 0) {
			char msg[sizeof(err->msg)];

			snprintf(msg, sizeof(msg), "%s", err->msg);
			dp_fail(err, rc, "%s: %s; nothing was imported",
			    l->v[i].where, msg);
			for (k = 0; k < i; k++)
				inbox_msg_release(&v[k]);
			free(v);
			return rc;
		}
	}
	*out = v;
	return 0;
}

int
inbox_import(struct db *db, const struct mbox_list *l, const char *case_tag,
    struct inbox_result *r, struct dp_err *err)
{
	struct inbox_msg *v = NULL;
	size_t i;
	int rc, learned = 0;

	memset(r, 0, sizeof(*r));
	r->kind = l->kind;
	r->read = l->n;
	if ((rc = parse_all(l, case_tag, &v, err)) != 0)
		return rc;
	if ((rc = db_begin(db, err)) != 0)
		goto out;
	for (i = 0; i < l->n && rc == 0; i++) {
		rc = one(db, &l->v[i], &v[i], r, err);
		/* a ticket matched now may place a mail read before it */
		if (rc == 0 && v[i].ticket != NULL && r->v[r->n - 1].complaint_id
		    != 0)
			learned = 1;
	}
	if (rc == 0)
		rc = retry_unmatched(db, case_tag, learned, r, err);
	if (rc == 0)
		rc = db_commit(db, err);
	else
		db_rollback(db);
out:
	for (i = 0; i < l->n; i++)
		inbox_msg_release(&v[i]);
	free(v);
	if (rc != 0) {
		struct inbox_result empty;

		inbox_result_release(r);
		memset(&empty, 0, sizeof(empty));
		*r = empty;
	}
	return rc;
}

int
inbox_reply(struct db *db, int64_t id, const void *msg, size_t len,
    const char *case_tag, struct inbox_result *r, struct dp_err *err)
{
	struct inbox_outcome *o;
	struct complaint c;
	struct inbox_msg m;
	struct mailrec rec;
	int64_t dup = 0;
	int rc;

	memset(r, 0, sizeof(*r));
	r->kind = "message";
	r->read = 1;
	if ((rc = inbox_parse(msg, len, case_tag, &m, err)) != 0)
		return rc;
	if ((rc = db_begin(db, err)) != 0) {
		inbox_msg_release(&m);
		return rc;
	}
	complaint_init(&c);
	if ((rc = complaint_get(db, id, &c, err)) != 0)
		goto fail;
	o = new_outcome(r, "the message", &m);
	mailrec_from(&rec, &m, "hand");
	rc = mail_store_add(db, &rec, msg, len, &dup, err);
	o->mail_id = dup != 0 ? dup : rec.id;
	mailrec_release(&rec);
	if (rc != 0)
		goto fail;
	if (dup != 0) {
		o->duplicate = 1;
		r->duplicates++;
		mailrec_init(&rec);
		if ((rc = mail_store_get(db, dup, &rec, NULL, NULL, err)) != 0)
			goto fail;
		if (rec.complaint_id == id) {
			o->complaint_id = id;
			o->matched_by = "hand";
			o->from_state = xstrdup(c.state);
			o->unchanged = xasprintf("mail %lld was recorded for "
			    "complaint %lld already", (long long)dup,
			    (long long)id);
			mailrec_release(&rec);
			goto done;
		}
		if (rec.complaint_id != 0) {
			rc = dp_fail(err, DP_EX_DATAERR, "this message is mail "
			    "%lld, which answers complaint %lld, not %lld",
			    (long long)dup, (long long)rec.complaint_id,
			    (long long)id);
			mailrec_release(&rec);
			goto fail;
		}
		mailrec_release(&rec);
	} else
		r->stored++;
	if ((rc = mail_store_match(db, o->mail_id, id, "hand", err)) != 0)
		goto fail;
	o->complaint_id = id;
	o->matched_by = "hand";
	r->matched++;
	if ((rc = act(db, &m, o, r, err)) != 0)
		goto fail;
done:
	if ((rc = db_commit(db, err)) != 0)
		goto fail2;
	complaint_release(&c);
	inbox_msg_release(&m);
	return 0;
fail:
	db_rollback(db);
fail2:
	complaint_release(&c);
	inbox_msg_release(&m);
	inbox_result_release(r);
	return rc;
}
