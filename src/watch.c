/*
 * watch.c - "depeer watch": a provider's routing asked again, compared
 * with the last recorded run and the changes recorded as events; see
 * watch.h.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asn.h"
#include "buf.h"
#include "clock.h"
#include "db.h"
#include "db_watch.h"
#include "event_store.h"
#include "exitcodes.h"
#include "jsonout.h"
#include "net.h"
#include "provider.h"
#include "resolver.h"
#include "ripestat.h"
#include "source.h"
#include "srcstore.h"
#include "watch.h"

/* The three data calls asked for each origin AS, in this order. */
enum { C_NB, C_AP, C_RS, NCALLS };
static const char *const calls[NCALLS] = {
	"asn-neighbours", "announced-prefixes", "routing-status",
};

/* ---- sets of AS numbers (sorted, distinct) ---- */

static int
u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

static int
has_asn(const uint32_t *v, size_t n, uint32_t asn)
{
	return n > 0 && bsearch(&asn, v, n, sizeof(*v), u32_cmp) != NULL;
}

/* Sort v and drop repeats; the new count. */
static size_t
sort_unique(uint32_t *v, size_t n)
{
	size_t i, w = 0;

	if (n > 1)
		qsort(v, n, sizeof(*v), u32_cmp);
	for (i = 0; i < n; i++)
		if (w == 0 || v[w - 1] != v[i])
			v[w++] = v[i];
	return w;
}

static uint32_t *
asn_dup(const uint32_t *v, size_t n)
{
	uint32_t *d = xcalloc(n + 1, sizeof(*d));

	if (n > 0)
		memcpy(d, v, n * sizeof(*d));
	return d;
}

/* "AS3549, AS6939" (at most 10, then "and N more"); "none" when empty. */
static void
asn_list(struct buf *b, const uint32_t *v, size_t n)
{
	size_t i;

	if (n == 0) {
		buf_adds(b, "none");
		return;
	}
	for (i = 0; i < n && i < 10; i++)
		buf_addf(b, "%sAS%" PRIu32, i > 0 ? ", " : "", v[i]);
	if (n > 10)
		buf_addf(b, " and %zu more", n - 10);
}

/* ---- the pure part ---- */

void
watch_origin_release(struct watch_origin *o)
{
	free(o->ups);
	memset(o, 0, sizeof(*o));
}

int
watch_origin_read(uint32_t asn, const uint32_t *own, size_t nown,
    const char *nb, size_t nblen, const char *ap, size_t aplen,
    const char *rs, size_t rslen, struct watch_origin *o,
    struct dp_err *err)
{
	struct rs_neighbours n;
	struct rs_announced a;
	struct rs_routing_status s;
	size_t i, k;
	int rc;

	memset(o, 0, sizeof(*o));
	o->asn = asn;
	o->seeing = -1;
	memset(&n, 0, sizeof(n));
	if ((rc = ripestat_parse_neighbours(nb, nblen, &n, err)) != 0)
		return rc;
	o->ups = xcalloc(n.n + 1, sizeof(*o->ups));
	for (i = 0; i < n.n; i++) {
		if (n.v[i].side != RS_LEFT || n.v[i].both_sides ||
		    n.v[i].asn == asn)
			continue;
		for (k = 0; k < nown && own[k] != n.v[i].asn; k++)
			;
		if (k == nown)
			o->ups[o->nups++] = n.v[i].asn;
	}
	o->nups = sort_unique(o->ups, o->nups);
	rs_neighbours_release(&n);
	if ((rc = ripestat_parse_announced(ap, aplen, &a, err)) != 0) {
		watch_origin_release(o);
		return rc;
	}
	for (i = 0; i < a.n; i++) {
		if (rs_announced_now(&a, &a.v[i]))
			o->announced++;
		else
			o->withdrawn++;
	}
	rs_announced_release(&a);
	if ((rc = ripestat_parse_routing_status(rs, rslen, &s, err)) != 0) {
		watch_origin_release(o);
		return rc;
	}
	if (s.has_visibility && (s.v4_seeing >= 0 || s.v6_seeing >= 0))
		o->seeing = (s.v4_seeing > 0 ? s.v4_seeing : 0) +
		    (s.v6_seeing > 0 ? s.v6_seeing : 0);
	rs_routing_status_release(&s);
	return 0;
}

int
watch_origin_online(const struct watch_origin *o)
{
	return o->announced > 0 || o->seeing > 0;
}

void
watch_state_of(const struct watch_origin *v, size_t n,
    struct watch_state *s)
{
	size_t i, k, cap = 1;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < n; i++)
		cap += v[i].nups;
	s->ups = xcalloc(cap, sizeof(*s->ups));
	for (i = 0; i < n; i++) {
		if (watch_origin_online(&v[i]))
			s->online = 1;
		for (k = 0; k < v[i].nups; k++)
			s->ups[s->nups++] = v[i].ups[k];
	}
	s->nups = sort_unique(s->ups, s->nups);
}

void
watch_state_release(struct watch_state *s)
{
	free(s->ups);
	memset(s, 0, sizeof(*s));
}

void
watch_prev_release(struct watch_prev *p)
{
	watch_state_release(&p->last);
	free(p->online_ups);
	memset(p, 0, sizeof(*p));
}

static void
change_add(struct watch_change **v, size_t *n, const char *kind,
    uint32_t asn)
{
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	memset(&(*v)[*n], 0, sizeof(**v));
	snprintf((*v)[*n].kind, sizeof((*v)[*n].kind), "%s", kind);
	(*v)[(*n)++].asn = asn;
}

void
watch_compare(const struct watch_prev *prev, const struct watch_state *now,
    struct watch_change **v, size_t *n)
{
	const struct watch_state *was = &prev->last;
	uint32_t first_new = 0;
	size_t i;
	int kept = 0;

	*v = NULL;
	*n = 0;
	if (!prev->known)
		return;
	if (was->online && !now->online)
		change_add(v, n, "offline", 0);
	for (i = 0; i < was->nups; i++)
		if (!has_asn(now->ups, now->nups, was->ups[i]))
			change_add(v, n, "upstream-lost", was->ups[i]);
		else
			kept = 1;
	for (i = 0; i < now->nups; i++)
		if (!has_asn(was->ups, was->nups, now->ups[i]))
			change_add(v, n, "upstream-gained", now->ups[i]);
	/* The last upstream gone: de-peered in depeer-event(1)'s sense
	   ("no upstream left"), whoever ended the sessions. */
	if (was->nups > 0 && now->nups == 0)
		change_add(v, n, "de-peered", 0);
	if (!now->online)
		return;
	if (!was->online) {
		/* Back: behind whom, compared with when it was last up. */
		for (i = 0; i < now->nups && first_new == 0; i++)
			if (prev->have_online && !has_asn(prev->online_ups,
			    prev->nonline_ups, now->ups[i]))
				first_new = now->ups[i];
		if (first_new != 0)
			change_add(v, n, "rehomed", first_new);
		else
			change_add(v, n, "back-online", 0);
		return;
	}
	/* Up in both runs, every old upstream replaced by new ones. */
	if (was->nups > 0 && now->nups > 0 && !kept)
		change_add(v, n, "rehomed", now->ups[0]);
}

/* ---- the last state, from the answers of the recorded runs ---- */

/* The data call and AS number of a stored RIPEstat URL; -1 if not. */
static int
classify(const char *url, int *call, uint32_t *asn)
{
	const char *p, *q;
	size_t i, len;

	if ((p = strstr(url, "/data/")) == NULL)
		return -1;
	p += 6;
	if ((q = strchr(p, '/')) == NULL)
		return -1;
	len = (size_t)(q - p);
	for (i = 0; i < NCALLS; i++)
		if (strlen(calls[i]) == len && strncmp(p, calls[i], len) == 0)
			break;
	if (i == NCALLS || (p = strstr(q, "resource=")) == NULL)
		return -1;
	p += 9;
	len = strcspn(p, "&");
	if (asn_parse(p, len, ASN_PREFIX, asn) != ASN_OK)
		return -1;
	*call = (int)i;
	return 0;
}

/* The origins one recorded run (entry payload) read. */
static int
run_origins(struct db *db, const char *payload, const uint32_t *own,
    size_t nown, struct watch_origin **out, size_t *nout,
    struct dp_err *err)
{
	struct group {
		uint32_t	 asn;
		struct source	 s[NCALLS];
		int		 have[NCALLS];
	} *g = NULL;
	struct watch_origin *v = NULL;
	json_t *root, *ids;
	size_t i, k, ng = 0, n = 0;
	uint32_t asn;
	int call, rc = 0;

	*out = NULL;
	*nout = 0;
	root = json_loads(payload, 0, NULL);
	ids = json_object_get(root, "sources");
	g = xcalloc(json_array_size(ids) + 1, sizeof(*g));
	for (i = 0; i < json_array_size(ids) && rc == 0; i++) {
		struct source s;

		memset(&s, 0, sizeof(s));
		if ((rc = db_source_get(db, json_integer_value(
		    json_array_get(ids, i)), &s, err)) != 0)
			break;
		if (strcmp(s.protocol, "ripestat") != 0 ||
		    classify(s.query, &call, &asn) != 0) {
			source_release(&s);
			continue;
		}
		for (k = 0; k < ng && g[k].asn != asn; k++)
			;
		if (k == ng)
			g[ng++].asn = asn;
		if (g[k].have[call])
			source_release(&g[k].s[call]);
		g[k].s[call] = s;
		g[k].have[call] = 1;
	}
	if (rc == 0)
		v = xcalloc(ng + 1, sizeof(*v));
	for (k = 0; k < ng && rc == 0; k++) {
		if (!g[k].have[C_NB] || !g[k].have[C_AP] || !g[k].have[C_RS])
			continue;	/* not a whole origin: not a state */
		rc = watch_origin_read(g[k].asn, own, nown,
		    g[k].s[C_NB].content, g[k].s[C_NB].size,
		    g[k].s[C_AP].content, g[k].s[C_AP].size,
		    g[k].s[C_RS].content, g[k].s[C_RS].size, &v[n], err);
		if (rc != 0) {
			dp_err_prefix(err, "a stored answer of an earlier "
			    "watch run (source %" PRId64 ")", g[k].s[C_NB].id);
			break;
		}
		v[n].src_nb = g[k].s[C_NB].id;
		v[n].src_ap = g[k].s[C_AP].id;
		v[n].src_rs = g[k].s[C_RS].id;
		n++;
	}
	for (k = 0; k < ng; k++)
		for (i = 0; i < NCALLS; i++)
			if (g[k].have[i])
				source_release(&g[k].s[i]);
	free(g);
	json_decref(root);
	if (rc != 0) {
		for (i = 0; i < n; i++)
			watch_origin_release(&v[i]);
		free(v);
		return rc;
	}
	*out = v;
	*nout = n;
	return 0;
}

/*
 * prev from the runs recorded for provider pid: the last one's state,
 * and the upstreams of the last one that saw it online.
 */
static int
prev_from_db(struct db *db, int64_t pid, const uint32_t *own, size_t nown,
    struct watch_prev *prev, struct dp_err *err)
{
	struct watch_origin *v;
	struct watch_state s;
	char subject[64], *payload;
	int64_t before = 0, seq;
	size_t n, i, runs;
	int rc = 0;

	memset(prev, 0, sizeof(*prev));
	snprintf(subject, sizeof(subject), WATCH_SUBJECT_FMT, (long long)pid);
	for (runs = 0; runs < WATCH_MAX_RUNS_BACK; runs++) {
		rc = db_watch_last_run(db, subject, before, &seq, &payload,
		    err);
		if (rc == DP_EX_NOINPUT) {
			rc = 0;
			break;
		}
		if (rc != 0)
			break;
		rc = run_origins(db, payload, own, nown, &v, &n, err);
		free(payload);
		if (rc != 0)
			break;
		before = seq;
		if (n == 0)
			continue;	/* no whole origin: look further */
		watch_state_of(v, n, &s);
		for (i = 0; i < n; i++)
			watch_origin_release(&v[i]);
		free(v);
		if (!prev->known) {
			prev->known = 1;
			prev->last = s;
			if (!s.online)
				continue;
			prev->have_online = 1;
			prev->online_ups = asn_dup(s.ups, s.nups);
			prev->nonline_ups = s.nups;
			break;
		}
		if (s.online) {
			prev->have_online = 1;
			prev->online_ups = asn_dup(s.ups, s.nups);
			prev->nonline_ups = s.nups;
			watch_state_release(&s);
			break;
		}
		watch_state_release(&s);
	}
	if (rc != 0)
		watch_prev_release(prev);
	return rc;
}

/* ---- one provider ---- */

void
watch_items_free(struct watch_item *v, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		free(v[i].provider);
		watch_state_release(&v[i].state);
		for (k = 0; k < v[i].norigins; k++)
			watch_origin_release(&v[i].origins[k]);
		free(v[i].origins);
		free(v[i].sources);
		pevent_free(v[i].events, v[i].nevents);
	}
	free(v);
}

/* The first origin whose upstreams hold asn (else the first origin). */
static const struct watch_origin *
origin_with(const struct watch_item *it, uint32_t asn)
{
	size_t i;

	for (i = 0; i < it->norigins; i++)
		if (has_asn(it->origins[i].ups, it->origins[i].nups, asn))
			return &it->origins[i];
	return &it->origins[0];
}

/* The first origin online (else the first origin). */
static const struct watch_origin *
origin_online(const struct watch_item *it)
{
	size_t i;

	for (i = 0; i < it->norigins; i++)
		if (watch_origin_online(&it->origins[i]))
			return &it->origins[i];
	return &it->origins[0];
}

/* The event for change c: its source, and a note saying what shows it. */
static void
event_of(const struct watch_item *it, const struct watch_prev *prev,
    const struct watch_change *c, int64_t at, struct pevent *e)
{
	const struct watch_origin *o;
	struct buf b = BUF_INIT;

	memset(e, 0, sizeof(*e));
	snprintf(e->kind, sizeof(e->kind), "%s", c->kind);
	e->at = at;
	e->upstream_asn = c->asn;
	if (strcmp(c->kind, "upstream-lost") == 0) {
		o = &it->origins[0];
		buf_addf(&b, "AS%" PRIu32 " no longer seen as upstream of "
		    "AS%" PRIu32 " (RIPEstat asn-neighbours, source %" PRId64
		    ")", c->asn, o->asn, o->src_nb);
		e->source_id = o->src_nb;
	} else if (strcmp(c->kind, "upstream-gained") == 0) {
		o = origin_with(it, c->asn);
		buf_addf(&b, "AS%" PRIu32 " newly seen as upstream of "
		    "AS%" PRIu32 " (RIPEstat asn-neighbours, source %" PRId64
		    ")", c->asn, o->asn, o->src_nb);
		e->source_id = o->src_nb;
	} else if (strcmp(c->kind, "offline") == 0) {
		o = &it->origins[0];
		buf_addf(&b, "no prefix of AS%" PRIu32 " announced: %zu "
		    "withdrawn, seen by %ld RIS peers (RIPEstat "
		    "announced-prefixes, source %" PRId64 "; routing-status, "
		    "source %" PRId64 ")", o->asn, o->withdrawn,
		    o->seeing < 0 ? 0 : o->seeing, o->src_ap, o->src_rs);
		e->source_id = o->src_ap;
	} else if (strcmp(c->kind, "de-peered") == 0) {
		o = &it->origins[0];
		buf_addf(&b, "no upstream of AS%" PRIu32 " seen any more; "
		    "last seen ", o->asn);
		asn_list(&b, prev->last.ups, prev->last.nups);
		buf_addf(&b, " (RIPEstat asn-neighbours, source %" PRId64
		    ")", o->src_nb);
		e->source_id = o->src_nb;
	} else if (strcmp(c->kind, "rehomed") == 0) {
		o = origin_with(it, c->asn);
		buf_addf(&b, "AS%" PRIu32 " announced behind AS%" PRIu32
		    ", not among the upstreams last seen (", o->asn, c->asn);
		asn_list(&b, prev->have_online && !prev->last.online ?
		    prev->online_ups : prev->last.ups, prev->have_online &&
		    !prev->last.online ? prev->nonline_ups :
		    prev->last.nups);
		buf_addf(&b, "); upstreams now ");
		asn_list(&b, it->state.ups, it->state.nups);
		buf_addf(&b, " (RIPEstat asn-neighbours, source %" PRId64
		    "; announced-prefixes, source %" PRId64 ")", o->src_nb,
		    o->src_ap);
		e->source_id = o->src_nb;
	} else {	/* back-online */
		o = origin_online(it);
		buf_addf(&b, "AS%" PRIu32 " announced again: %zu prefixes, "
		    "behind ", o->asn, o->announced);
		asn_list(&b, it->state.ups, it->state.nups);
		buf_addf(&b, " (RIPEstat announced-prefixes, source %" PRId64
		    "; asn-neighbours, source %" PRId64 ")", o->src_ap,
		    o->src_nb);
		e->source_id = o->src_ap;
	}
	e->note = buf_detach(&b, NULL);
}

/* Ask RIPEstat the three calls for each origin of p; into it. */
static int
fetch(struct resolver *r, const struct provider *p, struct watch_item *it,
    struct source_batch *batch, int64_t *at, struct dp_err *err)
{
	struct net_req *req;
	char res[16], host[256];
	size_t i, k, n = p->nasns * NCALLS;
	int rc = 0;

	req = xcalloc(n + 1, sizeof(*req));
	for (i = 0; i < p->nasns; i++)
		for (k = 0; k < NCALLS; k++) {
			struct net_req *q = &req[i * NCALLS + k];

			snprintf(res, sizeof(res), "AS%" PRIu32, p->asns[i]);
			q->kind = NET_HTTP;
			q->url = ripestat_url(r->ep.ripestat, calls[k], res,
			    r->ep.sourceapp);
			if (resolver_url_host(q->url, host) != 0)
				host[0] = '\0';
			q->host = xstrdup(host);
			q->port = NET_PORT_HTTPS;
			q->accept = "application/json";
			net_add(r->net, q);
		}
	net_run(r->net, NULL, NULL);
	*at = 0;
	for (i = 0; i < n && rc == 0; i++) {
		if (req[i].rc != 0) {
			*err = req[i].err;
			rc = err->code != 0 ? err->code : DP_EX_SOFTWARE;
		} else if (req[i].status != 200)
			rc = dp_fail(err, DP_EX_PROTOCOL, "%s: HTTP %ld",
			    req[i].url, req[i].status);
		else if (*at == 0 || req[i].fetched_at < *at)
			*at = req[i].fetched_at;
	}
	it->origins = xcalloc(p->nasns + 1, sizeof(*it->origins));
	for (i = 0; i < p->nasns && rc == 0; i++) {
		struct net_req *q = &req[i * NCALLS];

		rc = watch_origin_read(p->asns[i], p->asns, p->nasns,
		    q[C_NB].body.s, q[C_NB].body.len, q[C_AP].body.s,
		    q[C_AP].body.len, q[C_RS].body.s, q[C_RS].body.len,
		    &it->origins[i], err);
		if (rc != 0)
			break;
		it->norigins++;
		for (k = 0; k < NCALLS; k++)
			source_batch_add(batch, "ripestat", q[k].host,
			    q[k].url, q[k].fetched_at, q[k].status, 1,
			    q[k].body.s, q[k].body.len);
	}
	for (i = 0; i < n; i++)
		net_req_release(&req[i]);
	free(req);
	if (rc == 0)
		watch_state_of(it->origins, it->norigins, &it->state);
	return rc;
}

/* Compare with the last run and record, in one transaction. */
static int
record(struct db *db, const struct provider *p, struct watch_item *it,
    struct source_batch *batch, int64_t at, struct dp_err *err)
{
	struct watch_prev prev;
	struct watch_change *ch = NULL;
	char subject[64];
	size_t nch = 0, i, k;
	int rc;

	if ((rc = db_begin(db, err)) != 0)
		return rc;
	/* Read inside the write lock: a run at the same time has either
	   recorded already (and this one sees it) or waits. */
	if ((rc = prev_from_db(db, p->id, p->asns, p->nasns, &prev,
	    err)) != 0)
		goto fail;
	watch_compare(&prev, &it->state, &ch, &nch);
	if (prev.known && nch == 0) {
		it->status = WATCH_UNCHANGED;
		watch_prev_release(&prev);
		db_rollback(db);
		return 0;
	}
	snprintf(subject, sizeof(subject), WATCH_SUBJECT_FMT,
	    (long long)p->id);
	if ((rc = srcstore_write_batch(db, batch, 0, subject, err)) != 0)
		goto fail;
	it->sources = xcalloc(batch->n + 1, sizeof(*it->sources));
	for (i = 0; i < batch->n; i++)
		it->sources[it->nsources++] = batch->v[i].id;
	for (i = 0; i < it->norigins; i++) {
		it->origins[i].src_nb = batch->v[i * NCALLS + C_NB].id;
		it->origins[i].src_ap = batch->v[i * NCALLS + C_AP].id;
		it->origins[i].src_rs = batch->v[i * NCALLS + C_RS].id;
	}
	it->events = xcalloc(nch + 1, sizeof(*it->events));
	for (k = 0; k < nch; k++) {
		struct pevent *e = &it->events[k];

		event_of(it, &prev, &ch[k], at, e);
		if ((rc = event_add(db, p->name, e, err)) != 0) {
			pevent_release(e);
			goto fail;
		}
		it->nevents++;
	}
	if ((rc = db_commit(db, err)) != 0)
		goto fail;
	it->status = prev.known ? WATCH_CHANGED : WATCH_BASELINE;
	watch_prev_release(&prev);
	free(ch);
	return 0;
fail:
	db_rollback(db);
	watch_prev_release(&prev);
	free(ch);
	/* Rolled back: nothing of this run is stored. */
	pevent_free(it->events, it->nevents);
	it->events = NULL;
	it->nevents = 0;
	free(it->sources);
	it->sources = NULL;
	it->nsources = 0;
	for (i = 0; i < it->norigins; i++)
		it->origins[i].src_nb = it->origins[i].src_ap =
		    it->origins[i].src_rs = 0;
	return rc;
}

static void
watch_one(struct resolver *r, const struct provider *p, int named,
    struct watch_item *it)
{
	struct source_batch batch = { NULL, 0 };
	int64_t at;

	it->provider = xstrdup(p->name);
	it->provider_id = p->id;
	if (p->retired_at != 0) {
		it->status = WATCH_FAILED;
		dp_fail(&it->err, DP_EX_DATAERR, "provider '%s' is retired",
		    p->name);
		return;
	}
	if (p->nasns == 0) {
		it->status = named ? WATCH_FAILED : WATCH_SKIPPED;
		dp_fail(&it->err, DP_EX_DATAERR, "provider '%s' has no AS "
		    "numbers to watch; add them with 'depeer provider net "
		    "add %s --asn N' or 'depeer provider resolve %s'",
		    p->name, p->name, p->name);
		return;
	}
	if (fetch(r, p, it, &batch, &at, &it->err) != 0 ||
	    record(r->store.db, p, it, &batch, at, &it->err) != 0) {
		dp_err_prefix(&it->err, "watch '%s'", p->name);
		it->status = WATCH_FAILED;
	}
	source_batch_release(&batch);
}

int
watch_run(struct resolver *r, char *const *keys, size_t n,
    struct watch_item **items, size_t *nitems, struct dp_err *err)
{
	struct db *db = r->store.db;
	struct provider *all = NULL, p = PROVIDER_INIT;
	struct watch_item *v;
	size_t i, nall = 0;
	int rc;

	*items = NULL;
	*nitems = 0;
	if (n == 0) {
		if ((rc = db_provider_list(db, &all, &nall, err)) != 0)
			return rc;
		v = xcalloc(nall + 1, sizeof(*v));
		for (i = 0; i < nall; i++) {
			if (all[i].retired_at != 0)
				continue;
			watch_one(r, &all[i], 0, &v[(*nitems)++]);
		}
		for (i = 0; i < nall; i++)
			provider_release(&all[i]);
		free(all);
		*items = v;
		return 0;
	}
	v = xcalloc(n + 1, sizeof(*v));
	for (i = 0; i < n; i++) {
		struct watch_item *it = &v[(*nitems)++];

		if (db_provider_find(db, keys[i], &p, &it->err) != 0) {
			it->provider = xstrdup(keys[i]);
			it->status = WATCH_FAILED;
			continue;
		}
		watch_one(r, &p, 1, it);
		provider_release(&p);
		p = (struct provider)PROVIDER_INIT;
	}
	*items = v;
	return 0;
}

/* ---- JSON ---- */

static json_t *
asn_array(const uint32_t *v, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_integer(v[i]));
	return a;
}

static json_t *
id_or_null(int64_t id)
{
	return id != 0 ? json_integer(id) : json_null();
}

const char *
watch_status_name(enum watch_status s)
{
	static const char *const names[] = {
		"baseline", "changed", "unchanged", "skipped", "failed",
	};

	return names[s];
}

json_t *
watch_item_to_json(const struct watch_item *it)
{
	json_t *o = json_object(), *origins = json_array(), *x, *src, *ev;
	size_t i;
	int seen = it->status != WATCH_FAILED && it->status != WATCH_SKIPPED;

	json_object_set_new(o, "provider", json_string(it->provider));
	json_object_set_new(o, "provider_id", id_or_null(it->provider_id));
	json_object_set_new(o, "status",
	    json_string(watch_status_name(it->status)));
	json_object_set_new(o, "online", seen ?
	    json_boolean(it->state.online) : json_null());
	json_object_set_new(o, "upstreams", seen ?
	    asn_array(it->state.ups, it->state.nups) : json_null());
	for (i = 0; seen && i < it->norigins; i++) {
		const struct watch_origin *w = &it->origins[i];

		x = json_object();
		json_object_set_new(x, "asn", json_integer(w->asn));
		json_object_set_new(x, "upstreams", asn_array(w->ups,
		    w->nups));
		json_object_set_new(x, "announced",
		    json_integer((json_int_t)w->announced));
		json_object_set_new(x, "withdrawn",
		    json_integer((json_int_t)w->withdrawn));
		json_object_set_new(x, "ris_peers_seeing", w->seeing >= 0 ?
		    json_integer(w->seeing) : json_null());
		src = json_object();
		json_object_set_new(src, "asn-neighbours",
		    id_or_null(w->src_nb));
		json_object_set_new(src, "announced-prefixes",
		    id_or_null(w->src_ap));
		json_object_set_new(src, "routing-status",
		    id_or_null(w->src_rs));
		json_object_set_new(x, "sources", src);
		json_array_append_new(origins, x);
	}
	json_object_set_new(o, "origins", origins);
	x = json_array();
	for (i = 0; i < it->nsources; i++)
		json_array_append_new(x, json_integer(it->sources[i]));
	json_object_set_new(o, "sources", x);
	ev = json_array();
	for (i = 0; i < it->nevents; i++)
		json_array_append_new(ev, pevent_to_json(&it->events[i]));
	json_object_set_new(o, "events", ev);
	json_object_set_new(o, "error", it->status == WATCH_FAILED ||
	    it->status == WATCH_SKIPPED ? json_string(it->err.msg) :
	    json_null());
	return o;
}
