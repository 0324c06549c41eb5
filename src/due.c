/*
 * due.c - the complaints whose answer is overdue and the next step for
 * each (due.h); business days counted by hand: a weekday is arithmetic
 * on the day number (1970-01-01 was a Thursday), which no library here
 * offers without going through the local time zone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "complaint.h"
#include "complaint_next.h"
#include "complaint_store.h"
#include "complaint_track.h"
#include "due.h"
#include "exitcodes.h"
#include "jsonout.h"

#define DAY	INT64_C(86400)

/* The day number of t (days since 1970-01-01), rounding down. */
static int64_t
day_of(int64_t t)
{
	return t >= 0 ? t / DAY : -((-t + DAY - 1) / DAY);
}

int
due_weekday(int64_t t)
{
	int64_t w = (day_of(t) + 3) % 7;	/* day 0 was a Thursday */

	return (int)(w < 0 ? w + 7 : w);
}

int64_t
due_add_business_days(int64_t t, int64_t days)
{
	int w;

	if (days <= 0)
		return t;
	/* From a weekend day, count as from the Friday before: Monday is
	   the first business day after either. */
	if ((w = due_weekday(t)) >= 5)
		t -= (w - 4) * DAY;
	/* Whole weeks first: five business days are seven days. */
	t += (days / 5) * 7 * DAY;
	days %= 5;
	while (days > 0) {
		t += DAY;
		w = due_weekday(t);
		if (w < 5)
			days--;
	}
	return t;
}

int64_t
due_business_days_between(int64_t a, int64_t b)
{
	int64_t n;

	if (b <= a)
		return 0;
	/* An estimate from below, then counted up. */
	n = (b - a) / DAY / 7 * 5;
	if (n > 0)
		n--;
	while (due_add_business_days(a, n + 1) <= b)
		n++;
	return n;
}

void
due_items_free(struct due_item *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		complaint_release(&v[i].c);
		free(v[i].last_reply);
		free(v[i].ticket);
		free(v[i].next_contact);
		free(v[i].why);
	}
	free(v);
}

/* A state in which the complaint reached its recipient (or was handed
   to a server that took it). */
static int
reached(const char *s)
{
	return strcmp(s, "draft") != 0 && strcmp(s, "queued") != 0 &&
	    strcmp(s, "sending") != 0;
}

/* The time of complaint id's latest change to state (0: none), and of
   its latest change of any kind (*any, may be NULL). */
static int
last_event(struct db *db, int64_t id, const char *state, int64_t *at,
    int64_t *any, struct dp_err *err)
{
	struct complaint_ev *ev = NULL;
	size_t n = 0, i;
	int rc;

	*at = 0;
	if (any != NULL)
		*any = 0;
	if ((rc = complaint_ev_list(db, id, &ev, &n, err)) != 0)
		return rc;
	for (i = 0; i < n; i++) {
		if (state != NULL && strcmp(ev[i].to_state, state) == 0)
			*at = ev[i].at;
		if (any != NULL)
			*any = ev[i].at;
	}
	complaint_ev_free(ev, n);
	return 0;
}

int
due_deadline(struct db *db, const struct complaint *c, int64_t *due,
    int64_t *days, struct dp_err *err)
{
	int64_t sent_at = 0, at = 0, d;
	int rc;

	*due = 0;
	*days = 0;
	if (!c->has_due)
		return 0;
	/* The template's days, counted in business days from sending. */
	*days = (c->due_at - c->created_at + DAY / 2) / DAY;
	if ((rc = complaint_ev_summary(db, c->id, NULL, NULL, &sent_at, NULL,
	    err)) != 0)
		return rc;
	if (sent_at == 0)
		sent_at = c->created_at;
	*due = due_add_business_days(sent_at, *days);
	if (strcmp(c->state, "acknowledged") == 0) {
		if ((rc = last_event(db, c->id, "acknowledged", &at, NULL,
		    err)) != 0)
			return rc;
		d = due_add_business_days(at, DUE_UPDATE_DAYS);
		if (at != 0 && d > *due)
			*due = d;
	}
	return 0;
}

/* What the links say of complaint id's thread going on. */
struct children {
	int	 went_on;	/* a follow-up or next contact was sent */
	int	 escalated;	/* an escalation was sent */
	int64_t	 unsent;	/* a child drafted but not sent, or 0 */
	const char *unsent_kind;
};

static int
children_of(struct db *db, int64_t id, struct children *ch,
    struct dp_err *err)
{
	struct complaint_link *l = NULL;
	struct complaint c;
	size_t n = 0, i;
	int rc = 0;

	memset(ch, 0, sizeof(*ch));
	if ((rc = complaint_link_list(db, id, &l, &n, err)) != 0)
		return rc;
	for (i = 0; i < n && rc == 0; i++) {
		if (l[i].parent != id)
			continue;
		complaint_init(&c);
		if ((rc = complaint_get(db, l[i].child, &c, err)) != 0) {
			/* A child removed (a draft may be): not there. */
			if (rc == DP_EX_NOINPUT)
				rc = 0;
			complaint_release(&c);
			continue;
		}
		if (reached(c.state)) {
			if (strcmp(l[i].kind, "escalation") == 0)
				ch->escalated = 1;
			else
				ch->went_on = 1;
		} else if (ch->unsent == 0) {
			ch->unsent = c.id;
			ch->unsent_kind = strcmp(l[i].kind, "follow-up") == 0 ?
			    "follow-up" : strcmp(l[i].kind, "escalation") == 0 ?
			    "escalation" : "next contact";
		}
		complaint_release(&c);
	}
	complaint_link_free(l, n);
	return rc;
}

/* The thread of c: its first complaint, follow-ups sent, its age. */
static int
thread_of(struct db *db, const struct complaint *c, int64_t now,
    struct due_item *d, struct dp_err *err)
{
	int64_t *ids = NULL, root, sent = 0;
	struct complaint m;
	size_t n = 0, i;
	int rc;

	if ((rc = complaint_thread_ids(db, c->id, &root, &ids, &n, err)) != 0)
		return rc;
	d->thread = root;
	for (i = 0; i < n && rc == 0; i++) {
		complaint_init(&m);
		if ((rc = complaint_get(db, ids[i], &m, err)) == 0 &&
		    ids[i] != root && reached(m.state))
			d->followups++;
		if (rc == 0 && ids[i] == root) {
			rc = complaint_ev_summary(db, root, NULL, NULL, &sent,
			    NULL, err);
			if (sent == 0)
				sent = m.created_at;
			d->thread_days = now > sent ? (now - sent) / DAY : 0;
		}
		complaint_release(&m);
	}
	free(ids);
	return rc;
}

struct items {
	struct due_item	*v;
	size_t		 n, cap;
};

static struct due_item *
item_new(struct items *it, const struct complaint *c)
{
	struct due_item *d;

	GROW(it->v, it->n + 1, it->cap);
	d = &it->v[it->n++];
	memset(d, 0, sizeof(*d));
	complaint_init(&d->c);
	/* Moved: the caller's copy is released empty. */
	d->c = *c;
	return d;
}

static void
set_overdue(struct due_item *d, int64_t now)
{
	d->overdue = now > d->due_at ? now - d->due_at : 0;
	d->overdue_days = due_business_days_between(d->due_at, now);
}

/* One complaint: an item added to it (taking c), or c released. */
static int
one(struct db *db, const struct config *cfg, struct complaint *c,
    int64_t now, struct items *it, struct dp_err *err)
{
	struct due_item *d, tmp;
	struct children ch;
	int64_t attempts = 0, sent_at = 0, at = 0, any = 0, due, days;
	char *last_reply = NULL, *ticket = NULL, *addr = NULL;
	const char *s = c->state;
	int rc;

	memset(&tmp, 0, sizeof(tmp));
	if ((rc = complaint_ev_summary(db, c->id, &attempts, &last_reply,
	    &sent_at, &ticket, err)) != 0)
		goto drop;
	if ((rc = children_of(db, c->id, &ch, err)) != 0)
		goto drop;

	if (strcmp(s, "queued") == 0 || strcmp(s, "sending") == 0) {
		if (strcmp(s, "queued") == 0 && attempts == 0)
			goto drop;	/* queued, never tried: not late */
		if ((rc = last_event(db, c->id, s, &at, &any, err)) != 0)
			goto drop;
		d = item_new(it, c);
		d->step = strcmp(s, "queued") == 0 ? "send" : "resend";
		d->due_at = at != 0 ? at : c->updated_at;
		d->why = strcmp(s, "queued") == 0 ?
		    xasprintf("attempt %lld failed%s%s: send it again",
		    (long long)attempts, last_reply != NULL ? ": " : "",
		    last_reply != NULL ? last_reply : "") :
		    xstrdup("found in sending: it may or may not have been "
		    "delivered; once you know it was not, send it again with "
		    "--resend");
		goto item;
	}
	if (strcmp(s, "bounced") == 0) {
		if (ch.went_on)
			goto drop;
		if ((rc = last_event(db, c->id, "bounced", &at, NULL,
		    err)) != 0)
			goto drop;
		if (ch.unsent != 0 && strcmp(ch.unsent_kind, "next contact") ==
		    0) {
			d = item_new(it, c);
			d->step = "send";
			d->child = ch.unsent;
			d->why = xasprintf("the %s %lld is drafted: review and "
			    "send it", ch.unsent_kind, (long long)ch.unsent);
		} else {
			if ((rc = complaint_next_contact_find(db, cfg, c,
			    &addr, NULL, err)) != 0)
				goto drop;
			d = item_new(it, c);
			if (addr != NULL) {
				d->step = "next-contact";
				d->next_contact = addr;
				d->why = xasprintf("bounced: the next contact of "
				    "AS%u is %s", d->c.upstream_asn, addr);
				addr = NULL;
			} else {
				d->step = "escalate";
				d->why = d->c.upstream_asn != 0 ?
				    xasprintf("bounced, and no other contact "
				    "of AS%u is stored", d->c.upstream_asn) :
				    xstrdup("bounced, and it went to no "
				    "single AS with ranked contacts");
			}
		}
		d->due_at = at != 0 ? at : d->c.updated_at;
		goto item;
	}
	if (strcmp(s, "sent") != 0 && strcmp(s, "no-response") != 0 &&
	    strcmp(s, "acknowledged") != 0 && strcmp(s, "escalated") != 0)
		goto drop;
	if (ch.went_on || ch.escalated)
		goto drop;
	if (!c->has_due)
		goto drop;
	if (sent_at == 0)
		sent_at = c->created_at;
	if ((rc = due_deadline(db, c, &due, &days, err)) != 0)
		goto drop;
	if (now <= due)
		goto drop;
	if ((rc = thread_of(db, c, now, &tmp, err)) != 0)
		goto drop;
	d = item_new(it, c);
	d->thread = tmp.thread;
	d->followups = tmp.followups;
	d->thread_days = tmp.thread_days;
	d->due_at = due;
	if (ch.unsent != 0) {
		d->step = "send";
		d->child = ch.unsent;
		d->why = xasprintf("the %s %lld is drafted: review and send it",
		    ch.unsent_kind, (long long)ch.unsent);
	} else if (d->followups >= DUE_MAX_FOLLOWUPS) {
		d->step = "escalate";
		d->why = xasprintf("%lld follow-up%s sent without an answer",
		    (long long)d->followups, d->followups == 1 ? "" : "s");
	} else if (d->thread_days >= DUE_ESCALATE_DAYS &&
	    strcmp(s, "acknowledged") != 0) {
		d->step = "escalate";
		d->why = xasprintf("first notice %lld days ago without an "
		    "answer", (long long)d->thread_days);
	} else {
		d->step = "follow-up";
		d->why = xstrdup(strcmp(s, "acknowledged") == 0 ?
		    "acknowledged, but no update since" :
		    "no answer by the deadline");
	}
item:
	d->sent_at = sent_at;
	d->attempts = attempts;
	d->last_reply = last_reply;
	d->ticket = ticket;
	set_overdue(d, now);
	free(addr);
	return 0;
drop:
	complaint_release(c);
	free(last_reply);
	free(ticket);
	free(addr);
	return rc;
}

static int
cmp_item(const void *a, const void *b)
{
	const struct due_item *x = a, *y = b;

	if (x->overdue != y->overdue)
		return x->overdue > y->overdue ? -1 : 1;
	return x->c.id < y->c.id ? -1 : x->c.id > y->c.id;
}

int
due_list(struct db *db, const struct config *cfg, const char *provider,
    int64_t now, struct due_item **v, size_t *n, struct dp_err *err)
{
	struct complaint *cs = NULL;
	struct items it;
	size_t ncs = 0, i;
	int rc;

	*v = NULL;
	*n = 0;
	memset(&it, 0, sizeof(it));
	if ((rc = complaint_list(db, provider, NULL, &cs, &ncs, err)) != 0)
		return rc;
	for (i = 0; i < ncs && rc == 0; i++) {
		rc = one(db, cfg, &cs[i], now, &it, err);
		/* Taken or released: nothing for complaint_list_free(). */
		complaint_init(&cs[i]);
	}
	complaint_list_free(cs, ncs);
	if (rc != 0) {
		due_items_free(it.v, it.n);
		return rc;
	}
	if (it.n > 0)	/* qsort() takes no NULL array */
		qsort(it.v, it.n, sizeof(*it.v), cmp_item);
	*v = it.v;
	*n = it.n;
	return 0;
}

json_t *
due_item_to_json(const struct due_item *d)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(d->c.id));
	json_object_set_new(o, "provider", json_string(d->c.provider_name));
	json_object_set_new(o, "upstream_asn", d->c.upstream_asn != 0 ?
	    json_integer(d->c.upstream_asn) : json_null());
	json_object_set_new(o, "state", json_string(d->c.state));
	json_object_set_new(o, "to", complaint_strv_json(d->c.to, d->c.nto));
	json_object_set_new(o, "subject", json_string(d->c.subject));
	json_object_set_new(o, "step", json_string(d->step));
	json_object_set_new(o, "why", json_string(d->why));
	json_object_set_new(o, "sent_at", json_time_or_null(d->sent_at != 0,
	    d->sent_at));
	json_object_set_new(o, "due_at", json_time_or_null(1, d->due_at));
	json_object_set_new(o, "overdue_seconds", json_integer(d->overdue));
	json_object_set_new(o, "overdue_business_days",
	    json_integer(d->overdue_days));
	json_object_set_new(o, "thread", d->thread != 0 ?
	    json_integer(d->thread) : json_null());
	json_object_set_new(o, "followups", json_integer(d->followups));
	json_object_set_new(o, "attempts", json_integer(d->attempts));
	json_object_set_new(o, "last_reply", json_str_or_null(d->last_reply));
	json_object_set_new(o, "ticket", json_str_or_null(d->ticket));
	json_object_set_new(o, "next_contact", json_str_or_null(d->next_contact));
	json_object_set_new(o, "child", d->child != 0 ?
	    json_integer(d->child) : json_null());
	return o;
}
