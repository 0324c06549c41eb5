/*
 * event_store.c - the events of a provider and its timeline
 * (event_store.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "clock.h"
#include "complaint.h"
#include "db.h"
#include "db_event.h"
#include "db_media.h"
#include "event_store.h"
#include "exitcodes.h"
#include "provider.h"
#include "track.h"
#include "validate.h"

/* The provider key names, refusing a retired one. */
static int
find_provider(struct db *db, const char *key, struct provider *p,
    int live, struct dp_err *err)
{
	int rc;

	if ((rc = db_provider_find(db, key, p, err)) != 0)
		return rc;
	if (live && p->retired_at != 0)
		return dp_fail(err, DP_EX_DATAERR, "provider '%s' is retired; "
		    "its timeline takes no more events", p->name);
	return 0;
}

int
event_add(struct db *db, const char *provider, struct pevent *e,
    struct dp_err *err)
{
	struct provider p = PROVIDER_INIT;
	char subject[48];
	json_t *o;
	int rc;

	if ((rc = pevent_check(e, err)) != 0)
		return rc;
	if ((rc = db_begin(db, err)) != 0)
		return rc;
	if ((rc = find_provider(db, provider, &p, 1, err)) != 0)
		goto fail;
	if (e->source_id != 0 &&
	    (rc = db_source_exists(db, e->source_id, err)) != 0)
		goto fail;
	e->provider_id = p.id;
	e->created_at = clock_now();
	if ((rc = db_audit_next_seq(db, &e->audit_seq, err)) != 0 ||
	    (rc = db_pevent_add(db, e, err)) != 0)
		goto fail;
	o = json_object();
	json_object_set_new(o, "provider", json_string(p.name));
	json_object_set_new(o, "event", pevent_to_json(e));
	snprintf(subject, sizeof(subject), "event:%" PRId64, e->id);
	if ((rc = audit_record(db, AUDIT_PROVIDER_EVENT, subject,
	    e->created_at, o, NULL, err)) != 0)
		goto fail;
	if ((rc = db_commit(db, err)) != 0)
		goto fail;
	provider_release(&p);
	return 0;
fail:
	db_rollback(db);
	provider_release(&p);
	return rc != 0 ? rc : err->code;
}

int
event_get(struct db *db, int64_t id, struct pevent *e, struct dp_err *err)
{
	return db_pevent_get(db, id, e, err);
}

int
event_list(struct db *db, const char *provider, struct pevent **v,
    size_t *n, struct dp_err *err)
{
	struct provider p = PROVIDER_INIT;
	int rc;

	*v = NULL;
	*n = 0;
	if ((rc = db_begin_read(db, err)) != 0)
		return rc;
	if ((rc = find_provider(db, provider, &p, 0, err)) == 0)
		rc = db_pevent_list(db, p.id, v, n, err);
	db_rollback(db);
	provider_release(&p);
	return rc;
}

int
event_last_withdrawal(struct db *db, const char *provider, struct pevent *e,
    struct dp_err *err)
{
	struct provider p = PROVIDER_INIT;
	struct pevent *v = NULL;
	size_t n = 0, i, last = SIZE_MAX;
	int rc;

	memset(e, 0, sizeof(*e));
	if ((rc = db_begin_read(db, err)) != 0)
		return rc;
	if ((rc = find_provider(db, provider, &p, 0, err)) != 0 ||
	    (rc = db_pevent_list(db, p.id, &v, &n, err)) != 0)
		goto out;
	for (i = 0; i < n; i++)
		if (strcmp(v[i].kind, "upstream-lost") == 0 ||
		    strcmp(v[i].kind, "de-peered") == 0)
			last = i;
	if (last == SIZE_MAX)
		rc = dp_fail(err, DP_EX_NOINPUT, "the timeline of provider "
		    "'%s' has no upstream-lost or de-peered event; give --at",
		    p.name);
	else {
		*e = v[last];
		memset(&v[last], 0, sizeof(v[last]));
	}
out:
	db_rollback(db);
	pevent_free(v, n);
	provider_release(&p);
	return rc;
}

/* ---- the timeline ---- */

/* The states a complaint's change shows on the timeline. */
static int
timeline_state(const char *s)
{
	static const char *const shown[] = { "sent", "acknowledged",
	    "answered", "bounced", "escalated", "resolved", "rejected",
	    "no-response", NULL };
	size_t i;

	for (i = 0; shown[i] != NULL; i++)
		if (strcmp(s, shown[i]) == 0)
			return 1;
	return 0;
}

struct tl_build {
	struct db	*db;
	struct timeline	*t;
	size_t		 cap;
};

static struct tl_item *
tl_push(struct tl_build *b)
{
	struct tl_item *it;

	if (b->t->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 16;
		b->t->v = xreallocarray(b->t->v, b->cap, sizeof(*b->t->v));
	}
	it = &b->t->v[b->t->n++];
	memset(it, 0, sizeof(*it));
	return it;
}

static char *
xstrdup_opt(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

static int
add_complaint(const struct complaint *c, void *arg)
{
	struct tl_build *b = arg;
	struct buf to = BUF_INIT;
	struct complaint_ev *v;
	struct tl_item *it;
	struct dp_err err = DP_ERR_INIT;
	char *outlet = NULL;
	size_t n, i;
	int rc, media;

	if ((rc = db_event_list(b->db, c->id, &v, &n, &err)) != 0)
		return rc;
	for (i = 0; i < c->nto; i++) {
		if (i > 0)
			buf_adds(&to, ", ");
		buf_adds(&to, c->to[i]);
	}
	/* A status update to a journalist shows once: when it was sent. */
	media = complaint_is_media_update(c);
	if (media && c->nto > 0 && (rc = db_media_outlet(b->db,
	    c->provider_id, c->to[0], &outlet, &err)) != 0) {
		complaint_ev_free(v, n);
		buf_release(&to);
		return rc;
	}
	for (i = 0; i < n; i++) {
		if (!timeline_state(v[i].to_state) ||
		    (media && strcmp(v[i].to_state, "sent") != 0))
			continue;
		it = tl_push(b);
		it->at = v[i].at;
		it->kind = xstrdup(media ? COMPLAINT_MEDIA_TEMPLATE :
		    v[i].to_state);
		it->media = media;
		it->outlet = xstrdup_opt(outlet);
		it->complaint_id = c->id;
		it->recipient = xstrdup(to.s);
		it->upstream_asn = c->upstream_asn;
		it->note = xstrdup_opt(v[i].note);
		it->reply = xstrdup_opt(v[i].reply);
		it->by = xstrdup_opt(v[i].by);
		it->audit_seq = v[i].audit_seq;
		it->mail_id = v[i].mail_id;
	}
	buf_release(&to);
	complaint_ev_free(v, n);
	free(outlet);
	return 0;
}

static int
tl_cmp(const void *a, const void *b)
{
	const struct tl_item *x = a, *y = b;
	int64_t ix, iy;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	if ((x->event_id != 0) != (y->event_id != 0))
		return x->event_id != 0 ? -1 : 1;
	if (x->complaint_id != y->complaint_id)
		return x->complaint_id < y->complaint_id ? -1 : 1;
	ix = x->event_id != 0 ? x->event_id : x->audit_seq;
	iy = y->event_id != 0 ? y->event_id : y->audit_seq;
	return ix < iy ? -1 : ix > iy;
}

int
timeline_get(struct db *db, const char *provider, struct timeline *t,
    struct dp_err *err)
{
	struct provider p = PROVIDER_INIT;
	struct tl_build b = { db, t, 0 };
	struct pevent *v = NULL;
	struct tl_item *it;
	size_t n = 0, i;
	int rc;

	memset(t, 0, sizeof(*t));
	if ((rc = db_begin_read(db, err)) != 0)
		return rc;
	if ((rc = find_provider(db, provider, &p, 0, err)) != 0 ||
	    (rc = db_pevent_list(db, p.id, &v, &n, err)) != 0)
		goto out;
	t->provider_id = p.id;
	t->provider = xstrdup(p.name);
	for (i = 0; i < n; i++) {
		it = tl_push(&b);
		it->at = v[i].at;
		it->kind = xstrdup(v[i].kind);
		it->event_id = v[i].id;
		it->upstream_asn = v[i].upstream_asn;
		it->note = xstrdup_opt(v[i].note);
		it->audit_seq = v[i].audit_seq;
		it->source_id = v[i].source_id;
	}
	if ((rc = db_complaint_iter(db, 0, p.id, NULL, add_complaint, &b,
	    err)) != 0)
		goto out;
	if (t->n > 1)
		qsort(t->v, t->n, sizeof(*t->v), tl_cmp);
out:
	db_rollback(db);
	pevent_free(v, n);
	provider_release(&p);
	if (rc != 0)
		timeline_release(t);
	return rc;
}

void
timeline_release(struct timeline *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->v[i].kind);
		free(t->v[i].recipient);
		free(t->v[i].note);
		free(t->v[i].reply);
		free(t->v[i].by);
		free(t->v[i].outlet);
	}
	free(t->v);
	free(t->provider);
	memset(t, 0, sizeof(*t));
}

static json_t *
opt_str(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

static json_t *
opt_id(int64_t v)
{
	return v != 0 ? json_integer(v) : json_null();
}

json_t *
tl_item_to_json(const struct tl_item *it)
{
	char t[TIME_STRLEN];
	json_t *o = json_object(), *r = json_object();

	fmt_time(it->at, t);
	json_object_set_new(o, "at", json_string(t));
	json_object_set_new(o, "kind", json_string(it->kind));
	json_object_set_new(o, "event_id", opt_id(it->event_id));
	json_object_set_new(o, "complaint_id", opt_id(it->complaint_id));
	json_object_set_new(o, "recipient", opt_str(it->recipient));
	json_object_set_new(o, "upstream_asn", opt_id(it->upstream_asn));
	json_object_set_new(o, "note", opt_str(it->note));
	json_object_set_new(o, "reply", opt_str(it->reply));
	json_object_set_new(o, "by", opt_str(it->by));
	json_object_set_new(o, "outlet", opt_str(it->outlet));
	json_object_set_new(r, "audit_seq", json_integer(it->audit_seq));
	json_object_set_new(r, "mail_id", opt_id(it->mail_id));
	json_object_set_new(r, "source_id", opt_id(it->source_id));
	json_object_set_new(o, "record", r);
	return o;
}
