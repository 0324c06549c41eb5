/*
 * complaint_next.c - follow-ups, escalations and the next contact after
 * a bounce, drafted through complaint_draft() and linked to the
 * complaint they come from (complaint_next.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "buf.h"
#include "clock.h"
#include "complaint.h"
#include "complaint_draft.h"
#include "complaint_next.h"
#include "complaint_store.h"
#include "complaint_track.h"
#include "config.h"
#include "contacts.h"
#include "db.h"
#include "defang.h"
#include "exitcodes.h"
#include "hash.h"
#include "keyset.h"
#include "lookup.h"
#include "mail.h"
#include "provider.h"
#include "resolver.h"
#include "validate.h"

/* Indicators listed by name in new_since_last.live; the rest counted. */
#define LIVE_SHOWN	20
/* What mail.h lets a References field hold, less room for folding. */
#define REFS_MAX	(MAIL_MAX_FIELD - 8)

void
complaint_next_out_release(struct complaint_next_out *o)
{
	size_t i;

	complaint_drafted_free(o->v, o->n);
	for (i = 0; i < o->nnotes; i++)
		free(o->notes[i]);
	free(o->notes);
	memset(o, 0, sizeof(*o));
}

static void
note(struct complaint_next_out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
note(struct complaint_next_out *o, const char *fmt, ...)
{
	va_list ap;

	o->notes = xreallocarray(o->notes, o->nnotes + 1, sizeof(*o->notes));
	va_start(ap, fmt);
	o->notes[o->nnotes++] = xvasprintf(fmt, ap);
	va_end(ap);
}

/* A state in which the complaint reached (or was handed to) its
   recipient. */
static int
reached(const char *s)
{
	return strcmp(s, "draft") != 0 && strcmp(s, "queued") != 0 &&
	    strcmp(s, "sending") != 0;
}

static const char *
case_tag_prefix(const struct config *cfg)
{
	const char *v = config_get(cfg, "case_tag");

	return v != NULL && *v != '\0' ? v : "depeer";
}

/* ---- threads ---- */

static int
cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

int
complaint_thread_ids(struct db *db, int64_t id, int64_t *root,
    int64_t **ids, size_t *n, struct dp_err *err)
{
	struct complaint_link *l = NULL;
	size_t nl = 0, i, k, cap = 0;
	int64_t cur = id, *v = NULL;
	int rc, up, guard;

	*ids = NULL;
	*n = 0;
	/* Up to the first complaint (links cannot loop: a child is always
	   drafted after its parent; the guard is for a damaged case). */
	for (guard = 0; guard < 10000; guard++) {
		if ((rc = complaint_link_list(db, cur, &l, &nl, err)) != 0)
			return rc;
		for (up = 0, i = 0; i < nl && !up; i++)
			if (l[i].child == cur && l[i].parent < cur &&
			    strcmp(l[i].kind, "follow-up") == 0) {
				cur = l[i].parent;
				up = 1;
			}
		complaint_link_free(l, nl);
		if (!up)
			break;
	}
	*root = cur;
	/* Down, breadth first. */
	GROW(v, 1, cap);
	v[(*n)++] = cur;
	for (k = 0; k < *n; k++) {
		if ((rc = complaint_link_list(db, v[k], &l, &nl, err)) != 0) {
			free(v);
			*n = 0;
			return rc;
		}
		for (i = 0; i < nl; i++)
			if (l[i].parent == v[k] && l[i].child > v[k] &&
			    strcmp(l[i].kind, "follow-up") == 0) {
				GROW(v, *n + 1, cap);
				v[(*n)++] = l[i].child;
			}
		complaint_link_free(l, nl);
	}
	qsort(v, *n, sizeof(*v), cmp_id);
	*ids = v;
	return 0;
}

/* One message of a thread (or notice of the case) and what came of it. */
struct msg {
	struct complaint c;
	int64_t		 sent_at;	/* when it went out (its draft time
					   when no send is recorded) */
	char		*ticket;	/* learned, or NULL */
	/* The last reply: "acknowledged", "answered", "bounced", or
	   NULL for silence, with its time and status code. */
	char		*reply;
	int64_t		 reply_at;
	char		*dsn;
};

static void
msg_release(struct msg *m)
{
	complaint_release(&m->c);
	free(m->ticket);
	free(m->reply);
	free(m->dsn);
	memset(m, 0, sizeof(*m));
}

static void
msgs_free(struct msg *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		msg_release(&v[i]);
	free(v);
}

/* Complaint id as a message: *m filled (its state may be anything). */
static int
msg_load(struct db *db, int64_t id, struct msg *m, struct dp_err *err)
{
	struct complaint_ev *ev = NULL;
	size_t nev = 0, i;
	int rc;

	memset(m, 0, sizeof(*m));
	complaint_init(&m->c);
	if ((rc = complaint_get(db, id, &m->c, err)) != 0)
		return rc;
	if ((rc = complaint_ev_summary(db, id, NULL, NULL, &m->sent_at,
	    &m->ticket, err)) != 0)
		return rc;
	if (m->sent_at == 0)
		m->sent_at = m->c.created_at;
	if ((rc = complaint_ev_list(db, id, &ev, &nev, err)) != 0)
		return rc;
	for (i = 0; i < nev; i++) {
		const char *to = ev[i].to_state;

		if (strcmp(to, "acknowledged") != 0 &&
		    strcmp(to, "answered") != 0 && strcmp(to, "bounced") != 0)
			continue;
		free(m->reply);
		free(m->dsn);
		m->reply = xstrdup(to);
		m->reply_at = ev[i].at;
		m->dsn = ev[i].dsn_status != NULL ?
		    xstrdup(ev[i].dsn_status) : NULL;
	}
	complaint_ev_free(ev, nev);
	return 0;
}

static int
cmp_msg(const void *a, const void *b)
{
	const struct msg *x = a, *y = b;

	if (x->sent_at != y->sent_at)
		return x->sent_at < y->sent_at ? -1 : 1;
	return x->c.id < y->c.id ? -1 : x->c.id > y->c.id;
}

/*
 * The sent messages of the thread of complaint id, in the order they
 * were sent: *v of *n; *root the thread's first complaint.
 */
static int
thread_msgs(struct db *db, int64_t id, int64_t *root, struct msg **v,
    size_t *n, struct dp_err *err)
{
	int64_t *ids = NULL;
	size_t nids = 0, i;
	struct msg m;
	int rc;

	*v = NULL;
	*n = 0;
	if ((rc = complaint_thread_ids(db, id, root, &ids, &nids, err)) != 0)
		return rc;
	*v = xcalloc(nids, sizeof(**v));
	for (i = 0; i < nids; i++) {
		if ((rc = msg_load(db, ids[i], &m, err)) != 0) {
			msg_release(&m);
			/* A draft of the thread removed since: not sent. */
			if (rc == DP_EX_NOINPUT && ids[i] != id) {
				rc = 0;
				continue;
			}
			break;
		}
		if (!reached(m.c.state)) {
			msg_release(&m);
			continue;
		}
		(*v)[(*n)++] = m;
	}
	free(ids);
	if (rc != 0) {
		msgs_free(*v, *n);
		*v = NULL;
		*n = 0;
		return rc;
	}
	if (*n > 0)	/* qsort() takes no NULL array */
		qsort(*v, *n, sizeof(**v), cmp_msg);
	return 0;
}

/* ---- the notice history ---- */

static void
date_of(int64_t t, char out[TIME_STRLEN])
{
	fmt_time(t, out);
	out[10] = '\0';
}

/* "acknowledged on 2008-11-12, ticket 123" or "no reply after 4 days". */
static char *
answer_text(const struct msg *m, int64_t now)
{
	char d[TIME_STRLEN];
	int64_t days;

	if (m->reply == NULL) {
		days = now > m->sent_at ? (now - m->sent_at) / 86400 : 0;
		if (days == 0) {
			days = now > m->sent_at ? (now - m->sent_at) / 3600 : 0;
			return days == 0 ? xstrdup("no reply yet") :
			    xasprintf("no reply after %lld hour%s",
			    (long long)days, days == 1 ? "" : "s");
		}
		return xasprintf("no reply after %lld day%s", (long long)days,
		    days == 1 ? "" : "s");
	}
	date_of(m->reply_at, d);
	if (strcmp(m->reply, "bounced") == 0)
		return m->dsn != NULL ? xasprintf("bounced on %s (%s)", d,
		    m->dsn) : xasprintf("bounced on %s", d);
	if (strcmp(m->reply, "acknowledged") == 0 && m->ticket != NULL)
		return xasprintf("acknowledged on %s, ticket %s", d,
		    m->ticket);
	return xasprintf("%s on %s", m->reply, d);
}

struct notices {
	struct db	*db;
	const char	*prefix;
	int64_t		 now;
	json_t		*arr;
	int		 rc;
	struct dp_err	*err;
	struct msg	*msgs;		/* every sent one, kept for the */
	size_t		 nmsgs, cap;	/* caller */
};

static int
notice_one(const struct complaint *c, void *arg)
{
	struct notices *nt = arg;

	if (!reached(c->state))
		return 0;
	GROW(nt->msgs, nt->nmsgs + 1, nt->cap);
	if ((nt->rc = msg_load(nt->db, c->id, &nt->msgs[nt->nmsgs],
	    nt->err)) != 0) {
		msg_release(&nt->msgs[nt->nmsgs]);
		return nt->rc;
	}
	nt->nmsgs++;
	return 0;
}

/*
 * The earlier notices about provider_id that reached their recipients,
 * in the order they were sent, each with its reply or silence: the data
 * member "notices" (man/depeer-templates.5).
 */
static int
notices_json(struct db *db, const struct config *cfg, int64_t provider_id,
    int64_t now, json_t **out, struct dp_err *err)
{
	struct notices nt;
	struct buf to = BUF_INIT;
	char t[TIME_STRLEN], tag[96], *ans;
	size_t i, j;
	json_t *o;
	int rc;

	memset(&nt, 0, sizeof(nt));
	nt.db = db;
	nt.now = now;
	nt.err = err;
	rc = db_complaint_iter(db, 0, provider_id, NULL, notice_one, &nt,
	    err);
	if (rc == 0)
		rc = nt.rc;
	if (rc != 0) {
		msgs_free(nt.msgs, nt.nmsgs);
		return rc;
	}
	if (nt.nmsgs > 0)	/* qsort() takes no NULL array */
		qsort(nt.msgs, nt.nmsgs, sizeof(*nt.msgs), cmp_msg);
	*out = json_array();
	for (i = 0; i < nt.nmsgs; i++) {
		const struct msg *m = &nt.msgs[i];

		buf_reset(&to);
		for (j = 0; j < m->c.nto; j++)
			buf_addf(&to, "%s%s", j > 0 ? ", " : "", m->c.to[j]);
		snprintf(tag, sizeof(tag), "[%s #%lld]", case_tag_prefix(cfg),
		    (long long)m->c.id);
		fmt_time(m->sent_at, t);
		o = json_object();
		json_object_set_new(o, "tag", json_string(tag));
		json_object_set_new(o, "to", json_string(to.s));
		json_object_set_new(o, "date", json_string(t));
		json_object_set_new(o, "subject", json_string(m->c.subject));
		json_object_set_new(o, "state", json_string(m->c.state));
		json_object_set_new(o, "template", json_string(m->c.tmpl));
		ans = answer_text(m, now);
		json_object_set_new(o, "answer", json_string(ans));
		free(ans);
		if (m->ticket != NULL)
			json_object_set_new(o, "ticket",
			    json_string(m->ticket));
		json_array_append_new(*out, o);
	}
	buf_release(&to);
	msgs_free(nt.msgs, nt.nmsgs);
	return 0;
}

/* ---- what is new since the last message ---- */

struct ind {
	char		*indicator;	/* defanged */
	char		*kind;
	int64_t		 last_seen;	/* its latest observation after the
					   last message, 0 for none */
	int64_t		 count;		/* observations after it */
	int		 cited;		/* in a row an earlier message had */
};

struct newwalk {
	int64_t		 since;		/* the last message went out */
	int		 has_max;
	int64_t		 max_ev;	/* the last row it cited */
	struct keyset	 keys;
	struct ind	*v;
	size_t		 n, cap;
	int64_t		 rows;		/* recorded since */
	int64_t		 observed;	/* rows observed after it */
	int64_t		 last;		/* the latest of those */
};

/* The type named as the evidence table writes it (validate.h). */
static enum ind_type
type_of(const char *name)
{
	static const enum ind_type all[] = { IND_IPV4, IND_IPV6, IND_CIDR,
		IND_DOMAIN, IND_URL };
	size_t i;

	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (strcmp(ind_type_name(all[i]), name) == 0)
			return all[i];
	return IND_DOMAIN;	/* defang()'s most careful form */
}

static int
new_one(const struct draft_ev_row *e, void *arg)
{
	struct newwalk *w = arg;
	unsigned char d[SHA256_LEN];
	uint64_t k[2];
	int64_t num;
	struct ind *x;
	char *df;
	int is_new, after;

	is_new = w->has_max ? e->id > w->max_ev : e->recorded_at > w->since;
	after = e->has_observed && e->observed_at > w->since;
	if (is_new)
		w->rows++;
	sha256_buf(e->indicator, strlen(e->indicator), d);
	memcpy(k, d, sizeof(k));
	if ((num = keyset_find(&w->keys, k)) < 0) {
		keyset_add(&w->keys, k);
		num = (int64_t)w->n;
		GROW(w->v, w->n + 1, w->cap);
		x = &w->v[w->n++];
		memset(x, 0, sizeof(*x));
		df = defang(e->indicator, type_of(e->indicator_type));
		x->indicator = df;
		x->kind = xstrdup(e->kind);
	}
	x = &w->v[num];
	if (!is_new)
		x->cited = 1;
	if (after) {
		w->observed++;
		x->count++;
		if (e->observed_at > x->last_seen)
			x->last_seen = e->observed_at;
		if (e->observed_at > w->last)
			w->last = e->observed_at;
	}
	return 0;
}

static int
cmp_live(const void *a, const void *b)
{
	const struct ind *x = a, *y = b;

	if (x->last_seen != y->last_seen)
		return x->last_seen > y->last_seen ? -1 : 1;
	return strcmp(x->indicator, y->indicator);
}

/*
 * The data member "new_since_last" for a follow-up whose thread's last
 * message is last: the rows recorded since it (past the last evidence id
 * it cited, or recorded after it went out when it cited none), and the
 * indicators observed after it went out, newest first.
 */
static int
new_since_json(struct db *db, const struct config *cfg,
    const struct complaint *p, const struct msg *last, json_t **out,
    int64_t *rows, int64_t *live, struct dp_err *err)
{
	struct newwalk w;
	struct draft_ev_filter f;
	char t[TIME_STRLEN], tag[96];
	json_t *o, *arr, *x;
	size_t i, nlive = 0, nnew = 0;
	struct buf sum = BUF_INIT;
	int rc;

	memset(&w, 0, sizeof(w));
	w.since = last->sent_at;
	w.has_max = last->c.has_max_ev;
	w.max_ev = last->c.max_evidence_id;
	/* The selection the thread was drafted with, retracted rows out. */
	memset(&f, 0, sizeof(f));
	f.provider_id = p->provider_id;
	if (p->has_sel_kinds) {
		f.kinds = (const char *const *)p->sel_kinds;
		f.nkinds = p->nsel_kinds;
	}
	f.has_since = p->has_since;
	f.since = p->sel_since;
	rc = db_draft_evidence_iter(db, &f, new_one, &w, err);
	if (rc == 0) {
		for (i = 0; i < w.n; i++) {
			if (w.v[i].count > 0)
				nlive++;
			if (w.v[i].count > 0 && !w.v[i].cited)
				nnew++;
		}
		if (w.n > 0)	/* qsort() takes no NULL array */
			qsort(w.v, w.n, sizeof(*w.v), cmp_live);
		o = json_object();
		fmt_time(last->sent_at, t);
		json_object_set_new(o, "since", json_string(t));
		snprintf(tag, sizeof(tag), "[%s #%lld]", case_tag_prefix(cfg),
		    (long long)last->c.id);
		json_object_set_new(o, "tag", json_string(tag));
		json_object_set_new(o, "rows", json_integer(w.rows));
		json_object_set_new(o, "observations",
		    json_integer(w.observed));
		json_object_set_new(o, "indicators",
		    json_integer((json_int_t)nlive));
		json_object_set_new(o, "new_indicators",
		    json_integer((json_int_t)nnew));
		json_object_set_new(o, "has_rows", json_boolean(w.rows > 0));
		json_object_set_new(o, "has_live", json_boolean(nlive > 0));
		json_object_set_new(o, "has_new_indicators",
		    json_boolean(nnew > 0));
		if (w.last > 0) {
			fmt_time(w.last, t);
			json_object_set_new(o, "last_seen", json_string(t));
		}
		arr = json_array();
		for (i = 0; i < w.n && json_array_size(arr) < LIVE_SHOWN;
		    i++) {
			if (w.v[i].count == 0)
				continue;
			x = json_object();
			json_object_set_new(x, "indicator",
			    json_string(w.v[i].indicator));
			json_object_set_new(x, "kind",
			    json_string(w.v[i].kind));
			fmt_time(w.v[i].last_seen, t);
			json_object_set_new(x, "last_seen", json_string(t));
			json_object_set_new(x, "count",
			    json_integer(w.v[i].count));
			json_object_set_new(x, "new",
			    json_boolean(!w.v[i].cited));
			json_array_append_new(arr, x);
		}
		json_object_set_new(o, "live", arr);
		if (nlive > LIVE_SHOWN)
			json_object_set_new(o, "more",
			    json_integer((json_int_t)(nlive - LIVE_SHOWN)));
		/* One sentence for a template that wants no more. */
		buf_addf(&sum, "%lld observation%s of %zu indicator%s",
		    (long long)w.observed, w.observed == 1 ? "" : "s", nlive,
		    nlive == 1 ? "" : "s");
		if (nnew > 0)
			buf_addf(&sum, " (%zu not in our earlier messages)",
			    nnew);
		json_object_set_new(o, "summary", json_string(sum.s));
		*out = o;
		*rows = w.rows;
		*live = (int64_t)nlive;
	}
	buf_release(&sum);
	for (i = 0; i < w.n; i++) {
		free(w.v[i].indicator);
		free(w.v[i].kind);
	}
	free(w.v);
	keyset_release(&w.keys);
	return rc;
}

/* ---- drafting and linking ---- */

/* The request complaint_draft() gets for a message after p. */
struct base {
	struct complaint_draft_req req;
	char		 provider[24];
	const char	**cc;
};

static void
base_init(struct base *b, const struct complaint *p, const char *tmpl)
{
	memset(b, 0, sizeof(*b));
	snprintf(b->provider, sizeof(b->provider), "%lld",
	    (long long)p->provider_id);
	b->req.provider = b->provider;
	b->req.tmpl = tmpl;
	if (p->has_sel_kinds) {
		b->req.kinds = (const char *const *)p->sel_kinds;
		b->req.nkinds = p->nsel_kinds;
	}
	b->req.has_since = p->has_since;
	b->req.since = p->sel_since;
}

/*
 * Draft b->req inside one transaction with a link of kind from each
 * complaint drafted to parent.
 */
static int
draft_linked(struct db *db, const struct config *cfg, struct base *b,
    int64_t parent, const char *kind, struct complaint_next_out *out,
    struct dp_err *err)
{
	size_t i;
	int rc;

	out->kind = kind;
	out->parent = parent;
	if ((rc = db_begin(db, err)) != 0)
		return rc;
	if ((rc = complaint_draft(db, cfg, &b->req, &out->v, &out->n,
	    err)) != 0) {
		db_rollback(db);
		return rc;
	}
	for (i = 0; i < out->n && rc == 0; i++)
		rc = complaint_store_link(db, out->v[i].c.id, parent, kind,
		    err);
	if (rc == 0)
		rc = db_commit(db, err);
	if (rc != 0) {
		db_rollback(db);
		complaint_drafted_free(out->v, out->n);
		out->v = NULL;
		out->n = 0;
	}
	return rc;
}

/* Complaint id, refused unless it reached its recipient and is open. */
static int
load_parent(struct db *db, int64_t id, const char *what, int bounced_ok,
    struct complaint *p, struct dp_err *err)
{
	int rc;

	complaint_init(p);
	if ((rc = complaint_get(db, id, p, err)) != 0)
		return rc;
	if (!reached(p->state))
		return dp_fail(err, DP_EX_DATAERR, "complaint %lld is %s: it "
		    "was never sent, so there is nothing to %s (send it: "
		    "depeer complaint send %lld)", (long long)id, p->state,
		    what, (long long)id);
	if (strcmp(p->state, "resolved") == 0 ||
	    strcmp(p->state, "rejected") == 0)
		return dp_fail(err, DP_EX_DATAERR, "complaint %lld is %s: the "
		    "case with this recipient is closed", (long long)id,
		    p->state);
	if (!bounced_ok && strcmp(p->state, "bounced") == 0)
		return dp_fail(err, DP_EX_DATAERR, "complaint %lld bounced: "
		    "its recipient never read it (try the next contact: "
		    "depeer complaint next-contact %lld)", (long long)id,
		    (long long)id);
	return 0;
}

/* "a b c" of the thread's Message-IDs, the first and the latest that
   fit (RFC 5322 3.6.4 allows dropping those in between). */
static char *
references(const struct msg *v, size_t n)
{
	struct buf b = BUF_INIT;
	size_t first, i, len;

	len = strlen(v[0].c.message_id);
	for (first = n; first > 1; first--) {
		if (len + 1 + strlen(v[first - 1].c.message_id) > REFS_MAX)
			break;
		len += 1 + strlen(v[first - 1].c.message_id);
	}
	buf_adds(&b, v[0].c.message_id);
	for (i = first; i < n; i++)
		buf_addf(&b, " %s", v[i].c.message_id);
	return buf_detach(&b, NULL);
}

int
complaint_follow_up(struct db *db, const struct config *cfg,
    const struct complaint_next_req *req, struct complaint_next_out *out,
    struct dp_err *err)
{
	struct complaint p;
	struct msg *th = NULL;
	struct base b;
	const struct msg *first, *last;
	const char **cc = NULL;
	char *refs = NULL, t[TIME_STRLEN], tag[96], *subj;
	json_t *extra = NULL, *prev, *nsl = NULL, *notices = NULL;
	int64_t root, now = clock_now();
	size_t nth = 0, i, ncc = 0;
	const char *ticket = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = db_begin(db, err)) != 0)
		return rc;
	if ((rc = load_parent(db, req->id, "follow up", 0, &p, err)) != 0)
		goto done;
	if ((rc = thread_msgs(db, req->id, &root, &th, &nth, err)) != 0)
		goto done;
	if (nth == 0) {
		rc = dp_fail(err, DP_EX_SOFTWARE, "BUG: complaint %lld was "
		    "sent but its thread has no message", (long long)req->id);
		goto done;
	}
	first = &th[0];
	last = &th[nth - 1];
	for (i = 0; i < nth; i++)
		if (th[i].ticket != NULL)
			ticket = th[i].ticket;

	/* What the template knows of the thread. */
	extra = json_object();
	prev = json_object();
	snprintf(tag, sizeof(tag), "[%s #%lld]", case_tag_prefix(cfg),
	    (long long)first->c.id);
	json_object_set_new(prev, "tag", json_string(tag));
	/* "Re: " once: the first subject, as mail readers thread it. */
	subj = first->c.subject;
	if (strncasecmp(subj, "Re: ", 4) == 0)
		subj += 4;
	json_object_set_new(prev, "subject", json_string(subj));
	fmt_time(last->sent_at, t);
	json_object_set_new(prev, "date", json_string(t));
	json_object_set_new(prev, "message_id",
	    json_string(last->c.message_id));
	json_object_set_new(prev, "to", json_string(last->c.to[0]));
	if (ticket != NULL)
		json_object_set_new(prev, "ticket", json_string(ticket));
	json_object_set_new(prev, "messages", json_integer((json_int_t)nth));
	json_object_set_new(extra, "previous", prev);
	if ((rc = new_since_json(db, cfg, &p, last, &nsl, &out->new_rows,
	    &out->live, err)) != 0)
		goto done;
	json_object_set_new(extra, "new_since_last", nsl);
	if ((rc = notices_json(db, cfg, p.provider_id, now, &notices,
	    err)) != 0)
		goto done;
	if (json_array_size(notices) > 0)
		json_object_set(extra, "notices", notices);

	/* To the same recipients, in the thread. */
	base_init(&b, &p, req->tmpl != NULL ? req->tmpl : "follow-up");
	if (p.upstream_asn != 0) {
		b.req.asns = &p.upstream_asn;
		b.req.nasns = 1;
	}
	b.req.to = p.to[0];
	cc = xcalloc(p.nto + p.ncc + 1, sizeof(*cc));
	for (i = 1; i < p.nto; i++)
		cc[ncc++] = p.to[i];
	for (i = 0; i < p.ncc; i++)
		cc[ncc++] = p.cc[i];
	b.req.cc = cc;
	b.req.ncc = ncc;
	b.req.extra = extra;
	refs = references(th, nth);
	b.req.in_reply_to = last->c.message_id;
	b.req.references = refs;
	rc = draft_linked(db, cfg, &b, req->id, "follow-up", out, err);
done:
	if (rc == 0)
		rc = db_commit(db, err);
	if (rc != 0) {
		db_rollback(db);
		complaint_next_out_release(out);
	}
	complaint_release(&p);
	msgs_free(th, nth);
	json_decref(extra);
	json_decref(notices);
	free(refs);
	free(cc);
	return rc;
}

/* ---- contacts, read offline ---- */

/* The ranked contacts stored for AS asn (guesses left out). */
static int
stored_contacts(struct db *db, const struct config *cfg, uint32_t asn,
    struct contacts_result *res, struct dp_err *err)
{
	struct resolver r;
	char q[16];
	int rc;

	memset(res, 0, sizeof(*res));
	if ((rc = resolver_init(&r, cfg, db, 0, 0, err)) != 0)
		return rc;
	resolver_offline(&r);
	if ((rc = resolver_load_bootstrap(&r, err)) != 0) {
		resolver_release(&r);
		return rc;
	}
	snprintf(q, sizeof(q), "AS%u", asn);
	rc = lookup_contacts(&r, q, res, err);
	resolver_release(&r);
	return rc;
}

/* Whether AS asn has an abuse address in the stored answers, as
   complaint_draft() would find it. */
static int
has_abuse_contact(struct db *db, const struct config *cfg, uint32_t asn,
    int *yes, struct dp_err *err)
{
	struct contacts_result res;
	size_t i;
	int rc;

	*yes = 0;
	if ((rc = stored_contacts(db, cfg, asn, &res, err)) != 0)
		return rc;
	for (i = 0; i < res.n && !*yes; i++)
		*yes = res.v[i].role <= ROLE_ABUSE_CANDIDATE &&
		    res.v[i].role != ROLE_FALLBACK;
	contacts_result_release(&res);
	return 0;
}

struct tried {
	uint32_t	 asn;
	char		**addr;
	size_t		 n, cap;
};

static int
tried_one(const struct complaint *c, void *arg)
{
	struct tried *t = arg;
	size_t i;

	if (c->upstream_asn != t->asn || !reached(c->state))
		return 0;
	for (i = 0; i < c->nto; i++) {
		GROW(t->addr, t->n + 1, t->cap);
		t->addr[t->n++] = xstrdup(c->to[i]);
	}
	return 0;
}

int
complaint_next_contact_find(struct db *db, const struct config *cfg,
    const struct complaint *c, char **addr, size_t *ntried,
    struct dp_err *err)
{
	struct contacts_result res;
	struct tried t;
	size_t i, j, skipped = 0;
	int rc, seen;

	*addr = NULL;
	if (ntried != NULL)
		*ntried = 0;
	if (c->upstream_asn == 0)
		return 0;
	memset(&t, 0, sizeof(t));
	t.asn = c->upstream_asn;
	if ((rc = db_complaint_iter(db, 0, c->provider_id, NULL, tried_one,
	    &t, err)) != 0)
		goto out;
	if ((rc = stored_contacts(db, cfg, c->upstream_asn, &res, err)) != 0)
		goto out;
	for (i = 0; i < res.n && *addr == NULL; i++) {
		if (res.v[i].role == ROLE_FALLBACK)
			continue;
		for (seen = 0, j = 0; j < t.n && !seen; j++)
			seen = strcasecmp(t.addr[j], res.v[i].email) == 0;
		if (seen)
			skipped++;
		else
			*addr = xstrdup(res.v[i].email);
	}
	contacts_result_release(&res);
	if (ntried != NULL)
		*ntried = skipped;
out:
	for (i = 0; i < t.n; i++)
		free(t.addr[i]);
	free(t.addr);
	return rc;
}

int
complaint_next_contact(struct db *db, const struct config *cfg,
    const struct complaint_next_req *req, struct complaint_next_out *out,
    struct dp_err *err)
{
	struct complaint p;
	struct base b;
	char *addr = NULL;
	json_t *extra = NULL, *notices = NULL;
	size_t tried = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = db_begin(db, err)) != 0)
		return rc;
	complaint_init(&p);
	if ((rc = complaint_get(db, req->id, &p, err)) != 0)
		goto done;
	if (strcmp(p.state, "bounced") != 0) {
		rc = dp_fail(err, DP_EX_DATAERR, "complaint %lld is %s, not "
		    "bounced: the next contact is for an address that "
		    "bounced (a silent one is followed up or escalated)",
		    (long long)req->id, p.state);
		goto done;
	}
	if (p.upstream_asn == 0) {
		rc = dp_fail(err, DP_EX_DATAERR, "complaint %lld was drafted "
		    "to an address of no single AS, so there are no ranked "
		    "contacts to go on: draft one with depeer complaint draft "
		    "--to ADDR", (long long)req->id);
		goto done;
	}
	if ((rc = complaint_next_contact_find(db, cfg, &p, &addr, &tried,
	    err)) != 0)
		goto done;
	if (addr == NULL) {
		rc = dp_fail(err, DP_EX_NOINPUT, "no other contact of AS%u is "
		    "stored (%zu already written to): 'depeer contacts AS%u "
		    "--refresh' asks the registries again; a bounced abuse "
		    "contact can be reported to the RIR", p.upstream_asn,
		    tried, p.upstream_asn);
		goto done;
	}
	note(out, "next contact of AS%u: %s (%zu tried before)",
	    p.upstream_asn, addr, tried);
	extra = json_object();
	if ((rc = notices_json(db, cfg, p.provider_id, clock_now(), &notices,
	    err)) != 0)
		goto done;
	if (json_array_size(notices) > 0)
		json_object_set(extra, "notices", notices);
	base_init(&b, &p, req->tmpl != NULL ? req->tmpl : p.tmpl);
	b.req.asns = &p.upstream_asn;
	b.req.nasns = 1;
	b.req.to = addr;
	b.req.extra = extra;
	rc = draft_linked(db, cfg, &b, req->id, "next-contact", out, err);
done:
	if (rc == 0)
		rc = db_commit(db, err);
	if (rc != 0) {
		db_rollback(db);
		complaint_next_out_release(out);
	}
	complaint_release(&p);
	json_decref(extra);
	json_decref(notices);
	free(addr);
	return rc;
}

/* ---- escalation ---- */

struct asv {
	uint32_t	*v;
	size_t		 n, cap;
};

static void
asv_add(struct asv *a, uint32_t asn)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		if (a->v[i] == asn)
			return;
	GROW(a->v, a->n + 1, a->cap);
	a->v[a->n++] = asn;
}

static int
asv_has(const struct asv *a, uint32_t asn)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		if (a->v[i] == asn)
			return 1;
	return 0;
}

/* The current upstreams of asn, as recorded, best first. */
static int
current_upstreams(struct db *db, uint32_t asn, struct asv *out,
    struct dp_err *err)
{
	struct upstream_seen *v = NULL;
	size_t n = 0, i;
	int rc;

	if ((rc = db_upstream_history(db, asn, &v, &n, err)) != 0)
		return rc;
	for (i = 0; i < n; i++)
		if (v[i].gone_since == 0)
			asv_add(out, v[i].upstream);
	db_upstream_history_free(v, n);
	return 0;
}

static char *
as_list(const struct asv *a)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < a->n; i++)
		buf_addf(&b, "%sAS%u", i > 0 ? ", " : "", a->v[i]);
	return buf_detach(&b, NULL);
}

/*
 * The ASes an escalation above AS from goes to: its current upstreams
 * with a stored abuse contact; one without is replaced by its own
 * upstreams that have one (noted).  exclude: the ASes below (the
 * provider's and from), never escalated to.
 */
static int
next_hops(struct db *db, const struct config *cfg, uint32_t from,
    struct asv *exclude, struct asv *targets, struct complaint_next_out *out,
    struct dp_err *err)
{
	struct asv ups = { NULL, 0, 0 }, ups2;
	size_t i, j;
	int rc = 0, yes, any;
	char *l;

	if ((rc = current_upstreams(db, from, &ups, err)) != 0)
		return rc;
	if (ups.n == 0) {
		rc = dp_fail(err, DP_EX_NOINPUT, "no upstream of AS%u is "
		    "recorded: run 'depeer upstreams AS%u' (then 'depeer "
		    "contacts' for each), or give --to ADDR", from, from);
		goto out;
	}
	asv_add(exclude, from);
	for (i = 0; i < ups.n; i++) {
		if (asv_has(exclude, ups.v[i]))
			continue;
		if ((rc = has_abuse_contact(db, cfg, ups.v[i], &yes, err)) != 0)
			goto out;
		if (yes) {
			asv_add(targets, ups.v[i]);
			continue;
		}
		/* One more level up. */
		memset(&ups2, 0, sizeof(ups2));
		if ((rc = current_upstreams(db, ups.v[i], &ups2, err)) != 0)
			goto out;
		for (any = 0, j = 0; j < ups2.n; j++) {
			if (asv_has(exclude, ups2.v[j]) || ups2.v[j] ==
			    ups.v[i])
				continue;
			if ((rc = has_abuse_contact(db, cfg, ups2.v[j], &yes,
			    err)) != 0) {
				free(ups2.v);
				goto out;
			}
			if (yes) {
				asv_add(targets, ups2.v[j]);
				ups2.v[any++] = ups2.v[j];
			}
		}
		ups2.n = (size_t)any;
		if (any > 0) {
			l = as_list(&ups2);
			note(out, "AS%u (upstream of AS%u) has no abuse contact "
			    "stored: escalating one level further, to its "
			    "upstream%s %s", ups.v[i], from, any > 1 ? "s" : "",
			    l);
			free(l);
		} else
			note(out, "AS%u (upstream of AS%u) has no abuse contact "
			    "stored, and no upstream of it with one: left out "
			    "(depeer contacts AS%u, depeer upstreams AS%u)",
			    ups.v[i], from, ups.v[i], ups.v[i]);
		free(ups2.v);
	}
	if (targets->n == 0) {
		l = as_list(&ups);
		rc = dp_fail(err, DP_EX_NOINPUT, "no upstream of AS%u (%s) has "
		    "an abuse contact stored: run 'depeer contacts ASN' for "
		    "them, or give --to ADDR", from, l);
		free(l);
	}
out:
	free(ups.v);
	return rc;
}

int
complaint_escalate(struct db *db, const struct config *cfg,
    const struct complaint_next_req *req, struct complaint_next_out *out,
    struct dp_err *err)
{
	struct complaint p;
	struct msg *th = NULL;
	struct base b;
	struct mail_attachment *att = NULL;
	struct asv exclude = { NULL, 0, 0 }, targets = { NULL, 0, 0 };
	struct provider prov;
	char **names = NULL, **descs = NULL, **bytes = NULL, t[TIME_STRLEN];
	json_t *extra = NULL, *notices = NULL;
	int64_t root;
	size_t nth = 0, i, len;
	uint32_t from;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&prov, 0, sizeof(prov));
	if ((rc = db_begin(db, err)) != 0)
		return rc;
	if ((rc = load_parent(db, req->id, "escalate", 1, &p, err)) != 0)
		goto done;

	/*
	 * Whom to: --to, or the upstreams of an AS: the one asked for, the
	 * complaint's, or for a complaint to no single AS (drafted with
	 * --to) the provider's own, as WRITING.md's next step after a
	 * silent provider is its upstreams.
	 */
	if (req->to == NULL) {
		if ((rc = db_provider_get(db, p.provider_id, &prov,
		    err)) != 0)
			goto done;
		from = req->upstream_of != 0 ? req->upstream_of :
		    p.upstream_asn;
		if (from == 0 && prov.nasns == 0) {
			rc = dp_fail(err, DP_EX_USAGE, "complaint %lld went to "
			    "no single AS, and '%s' has no AS numbers: give "
			    "--to-upstream-of ASN or --to ADDR",
			    (long long)req->id, p.provider_name);
			goto done;
		}
		for (i = 0; i < prov.nasns; i++)
			if (prov.asns[i] != from)
				asv_add(&exclude, prov.asns[i]);
		if (from != 0)
			rc = next_hops(db, cfg, from, &exclude, &targets, out,
			    err);
		else {
			note(out, "complaint %lld went to no single AS: "
			    "escalating to the upstreams of %s's own AS "
			    "number%s", (long long)req->id, p.provider_name,
			    prov.nasns == 1 ? "" : "s");
			for (i = 0; i < prov.nasns; i++) {
				rc = next_hops(db, cfg, prov.asns[i], &exclude,
				    &targets, out, err);
				/* Another AS of the provider may have them. */
				if (rc == DP_EX_NOINPUT && i + 1 < prov.nasns) {
					note(out, "%s", err->msg);
					rc = 0;
				} else if (rc == DP_EX_NOINPUT && targets.n > 0) {
					note(out, "%s", err->msg);
					rc = 0;
				}
				if (rc != 0)
					break;
			}
		}
		if (rc != 0)
			goto done;
	}

	/* The thread's messages, attached as they were sent. */
	if ((rc = thread_msgs(db, req->id, &root, &th, &nth, err)) != 0)
		goto done;
	att = xcalloc(nth + 1, sizeof(*att));
	names = xcalloc(nth + 1, sizeof(*names));
	descs = xcalloc(nth + 1, sizeof(*descs));
	bytes = xcalloc(nth + 1, sizeof(*bytes));
	for (i = 0; i < nth; i++) {
		void *m;

		if ((rc = complaint_message(db, th[i].c.id, &m, &len,
		    err)) != 0)
			goto done;
		bytes[i] = m;
		fmt_time(th[i].sent_at, t);
		names[i] = xasprintf("%s-%lld.eml", case_tag_prefix(cfg),
		    (long long)th[i].c.id);
		descs[i] = xasprintf("our message of %s to %s, as sent", t,
		    th[i].c.to[0]);
		att[i].filename = names[i];
		att[i].content_type = "message/rfc822";
		att[i].data = m;
		att[i].len = len;
		att[i].description = descs[i];
	}
	out->attached = (int64_t)nth;

	extra = json_object();
	if ((rc = notices_json(db, cfg, p.provider_id, clock_now(), &notices,
	    err)) != 0)
		goto done;
	if (json_array_size(notices) > 0)
		json_object_set(extra, "notices", notices);
	json_object_set_new(extra, "thread_attached",
	    json_integer((json_int_t)nth));

	base_init(&b, &p, req->tmpl != NULL ? req->tmpl : "escalation");
	if (req->to != NULL)
		b.req.to = req->to;
	else {
		b.req.asns = targets.v;
		b.req.nasns = targets.n;
	}
	b.req.extra = extra;
	b.req.att = att;
	b.req.natt = nth;
	rc = draft_linked(db, cfg, &b, req->id, "escalation", out, err);
done:
	if (rc == 0)
		rc = db_commit(db, err);
	if (rc != 0) {
		db_rollback(db);
		complaint_next_out_release(out);
	}
	for (i = 0; i < nth && names != NULL; i++) {
		free(names[i]);
		free(descs[i]);
		free(bytes[i]);
	}
	free(names);
	free(descs);
	free(bytes);
	free(att);
	msgs_free(th, nth);
	complaint_release(&p);
	provider_release(&prov);
	json_decref(extra);
	json_decref(notices);
	free(exclude.v);
	free(targets.v);
	return rc;
}
