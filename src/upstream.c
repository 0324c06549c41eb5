/*
 * upstream.c - upstream discovery, scoring and recording; see upstream.h.
 * The evidence methods: RIPEstat asn-neighbours (left, right and
 * uncertain neighbours in the AS paths RIS sees), the IRR aut-num policy
 * (import ANY from X: an upstream; export ANY to X: a customer), and Team
 * Cymru's BGP peers of an announced address (a weak hint), and the
 * left neighbours in the case's own BGP imports (bgp_store.h), read
 * offline, with the relationship inferred from them.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ascii.h"
#include "audit.h"
#include "bgp_store.h"
#include "clock.h"
#include "cymru.h"
#include "db.h"
#include "exitcodes.h"
#include "jsonout.h"
#include "lookup_internal.h"
#include "provider.h"
#include "resolver.h"
#include "ripestat.h"
#include "rpsl.h"
#include "uplink.h"
#include "upstream.h"

/* ---- discovery ---- */

void
upstream_release_candidates(struct lookup *l)
{
	size_t i, k;

	for (i = 0; i < l->nups; i++) {
		for (k = 0; k < l->ups[i].nev; k++) {
			free(l->ups[i].ev[k].method);
			free(l->ups[i].ev[k].detail);
		}
		free(l->ups[i].ev);
	}
	free(l->ups);
	l->ups = NULL;
	l->nups = 0;
}

static struct upstream_cand *
up_get(struct lookup *l, uint32_t asn)
{
	size_t i;

	l->release_ext = upstream_release_candidates;
	for (i = 0; i < l->nups; i++)
		if (l->ups[i].asn == asn)
			return &l->ups[i];
	l->ups = xrealloc(l->ups, (l->nups + 1) * sizeof(*l->ups));
	memset(&l->ups[l->nups], 0, sizeof(l->ups[l->nups]));
	l->ups[l->nups].asn = asn;
	l->ups[l->nups].power = -1;
	return &l->ups[l->nups++];
}

static void
up_ev(struct upstream_cand *u, const char *method, int src, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));

static void
up_ev(struct upstream_cand *u, const char *method, int src, const char *fmt,
    ...)
{
	va_list ap;

	u->ev = xrealloc(u->ev, (u->nev + 1) * sizeof(*u->ev));
	u->ev[u->nev].method = xstrdup(method);
	va_start(ap, fmt);
	u->ev[u->nev].detail = xvasprintf(fmt, ap);
	va_end(ap);
	u->ev[u->nev++].src = src;
}

static void
neighbours_parsed(struct lookup *l, const char *body, size_t len, int src)
{
	struct rs_neighbours nb;
	struct dp_err err = DP_ERR_INIT;
	struct upstream_cand *u;
	size_t i;

	memset(&nb, 0, sizeof(nb));
	if (ripestat_parse_neighbours(body, len, &nb, &err) != 0) {
		lk_warn(l, "ripestat: asn-neighbours: %s", err.msg);
		lk_failed(l, DP_EX_PROTOCOL);
		return;
	}
	l->answered++;
	l->nb_answered++;
	for (i = 0; i < nb.nnotes; i++)
		lk_warn(l, "ripestat: asn-neighbours: %s", nb.notes[i]);
	for (i = 0; i < nb.n; i++) {
		const struct rs_neighbour *n = &nb.v[i];

		u = up_get(l, n->asn);
		if (n->both_sides)
			u->both = 1;
		switch (n->side) {
		case RS_LEFT:
			u->left = 1;
			if (n->power > u->power)
				u->power = n->power;
			if (n->power >= 0)
				up_ev(u, "ripestat", src, "left (upstream) "
				    "neighbour in %ld AS paths seen by RIS",
				    n->power);
			else
				up_ev(u, "ripestat", src, "left (upstream) "
				    "neighbour in AS paths seen by RIS");
			break;
		case RS_RIGHT:
			u->right = 1;
			up_ev(u, "ripestat", src, "right (downstream) "
			    "neighbour in AS paths seen by RIS");
			break;
		case RS_UNCERTAIN:
			u->uncertain = 1;
			up_ev(u, "ripestat", src, "uncertain neighbour (seen "
			    "only as a RIS peer): not counted as transit");
			break;
		}
	}
	rs_neighbours_release(&nb);
}

static void
autnum_parsed(struct lookup *l, const char *body, size_t len, int src)
{
	struct rpsl_policy p = RPSL_POLICY_INIT;
	struct dp_err err = DP_ERR_INIT;
	struct upstream_cand *u;
	size_t i;
	int rc;

	rc = rpsl_parse_autnum(body, len, &p, &err);
	if (rc == DP_EX_NOINPUT) {
		l->answered++;
		l->nb_answered++;
		lk_warn(l, "irr: %s has no aut-num object for %s",
		    l->ep->irr.name, l->value);
		return;
	}
	if (rc != 0) {
		lk_warn(l, "irr: %s", err.msg);
		lk_failed(l, DP_EX_PROTOCOL);
		return;
	}
	l->answered++;
	l->nb_answered++;
	for (i = 0; i < p.nupstreams; i++) {
		u = up_get(l, p.upstreams[i]);
		u->irr_import = 1;
		u->irr_confirmed |= p.upstream_confirmed[i];
		up_ev(u, "irr", src, "aut-num %s imports ANY from AS%u%s",
		    l->value, p.upstreams[i], p.upstream_confirmed[i] ?
		    " and exports its routes to it" : "");
	}
	for (i = 0; i < p.ncustomers; i++) {
		u = up_get(l, p.customers[i]);
		u->irr_customer = 1;
		up_ev(u, "irr", src, "aut-num %s exports ANY to AS%u: a "
		    "customer, not an upstream", l->value, p.customers[i]);
	}
	rpsl_policy_release(&p);
}

static void
peers_parsed(struct lookup *l, const char *body, size_t len, int src)
{
	struct dp_err err = DP_ERR_INIT;
	struct upstream_cand *u;
	uint32_t *peers = NULL;
	size_t n = 0, i;

	if (cymru_parse_peers(body, len, &peers, &n, &err) != 0) {
		lk_warn(l, "cymru: peers: %s", err.msg);
		lk_failed(l, DP_EX_PROTOCOL);
		return;
	}
	l->answered++;
	l->nb_answered++;
	for (i = 0; i < n; i++) {
		if (peers[i] == l->asn)
			continue;
		u = up_get(l, peers[i]);
		u->cymru_peer = 1;
		up_ev(u, "cymru", src, "BGP peer of the AS announcing %s "
		    "(a weak hint)", l->peer_ip);
	}
	free(peers);
}

void
upstream_start(struct lookup *l, const char *peer_ip)
{
	const struct resolver_endpoints *ep = l->ep;
	char *url, rs[256];

	if (l->type != LK_ASN)
		return;
	if (peer_ip != NULL)
		snprintf(l->peer_ip, sizeof(l->peer_ip), "%s", peer_ip);
	/* Stored answers arrive at once: done only at the end. */
	l->pending++;
	l->nb_asked = l->peer_ip[0] != '\0' ? 3 : 2;
	url = ripestat_url(ep->ripestat, "asn-neighbours", l->value,
	    ep->sourceapp);
	resolver_url_host(url, rs);
	lk_fetch(l, NET_HTTP, "ripestat", rs, NET_PORT_HTTPS, url,
	    neighbours_parsed);
	free(url);
	lk_fetch(l, NET_WHOIS, "irr", ep->irr.name, ep->irr.port,
	    l->value, autnum_parsed);
	if (l->peer_ip[0] != '\0') {
		char pq[IPNET_STRLEN + 8];

		snprintf(pq, sizeof(pq), " -v %s", l->peer_ip);
		lk_fetch(l, NET_WHOIS, "cymru", ep->cymru_peer.name,
		    ep->cymru_peer.port, pq, peers_parsed);
	}
	lk_settle(l);
}

/* Evidence in a fixed order (by method, then as found), not arrival's. */
static void
sort_ev(struct upstream_cand *u)
{
	struct upstream_cand_ev t;
	size_t i, j;

	for (i = 1; i < u->nev; i++) {
		t = u->ev[i];
		for (j = i; j > 0 && strcmp(u->ev[j - 1].method, t.method) > 0;
		    j--)
			u->ev[j] = u->ev[j - 1];
		u->ev[j] = t;
	}
}

static int
up_cmp(const void *a, const void *b)
{
	const struct upstream_cand *x = a, *y = b;

	if (x->confidence != y->confidence)
		return x->confidence > y->confidence ? -1 : 1;
	return (x->asn > y->asn) - (x->asn < y->asn);
}

void
upstream_score(struct lookup *l)
{
	size_t i, n = 0;
	double c;

	for (i = 0; i < l->nups; i++) {
		struct upstream_cand *u = &l->ups[i];

		c = 0;
		if (u->left) {
			double p = u->power < 0 ? UP_PATHS_UNKNOWN :
			    u->power / UP_PATHS_FULL;

			c = UP_W_LEFT + UP_W_PATHS * (p > 1 ? 1 : p);
		}
		/* The case's own paths: a peer-peer link is not transit. */
		if (u->bgp && u->bgp_rel != ASREL_PEER) {
			double p = (double)u->bgp_vantage /
			    UP_BGP_VANTAGE_FULL;
			double b = UP_W_BGP + UP_W_PATHS * (p > 1 ? 1 : p);

			if (b > c)
				c = b;
		}
		if (u->irr_import)
			c += u->irr_confirmed ? UP_W_IRR_CONFIRMED : UP_W_IRR;
		if (u->cymru_peer && c > 0)
			c += UP_W_PEER;
		else if (u->cymru_peer)
			c = UP_W_PEER;
		if (u->both || u->irr_customer || (u->right && !u->left &&
		    !u->bgp) || (u->bgp && u->bgp_rel == ASREL_CUSTOMER)) {
			c *= UP_DISAGREE;
			up_ev(u, "depeer", -1, "the sources disagree: %s",
			    u->both ? "seen on both sides of the AS" :
			    u->irr_customer ? "the IRR calls it a customer" :
			    u->bgp && u->bgp_rel == ASREL_CUSTOMER ?
			    "the BGP paths make it a customer" :
			    "RIPEstat sees it downstream");
		}
		if (c > UP_MAX)
			c = UP_MAX;
		u->confidence = c;
		sort_ev(u);
		if (c > 0)
			l->ups[n++] = *u;
		else {
			size_t k;

			for (k = 0; k < u->nev; k++) {
				free(u->ev[k].method);
				free(u->ev[k].detail);
			}
			free(u->ev);
		}
	}
	l->nups = n;
	if (n > 1)
		qsort(l->ups, n, sizeof(*l->ups), up_cmp);
}

double
upstream_confidence_shown(double c)
{
	return (double)(int)(c * 100 + 0.5) / 100;
}

/*
 * The left neighbours of l's AS in the latest BGP import that saw it,
 * as candidates with their relationship; an observation counts as an
 * answer (the command works offline from imported data).
 */
static int
bgp_candidates(struct db *db, struct lookup *l, struct dp_err *err)
{
	struct bgp_cands c;
	char t[TIME_STRLEN];
	size_t i;
	int rc;

	if ((rc = bgp_store_candidates(db, l->asn, &c, err)) != 0)
		return rc;
	if (c.import_id == 0)
		return 0;
	l->answered++;
	fmt_time(c.observed_at, t);
	for (i = 0; i < c.n; i++) {
		struct upstream_cand *u = up_get(l, c.v[i].upstream);

		u->bgp = 1;
		u->bgp_paths = c.v[i].paths;
		u->bgp_vantage = c.v[i].vantage;
		u->bgp_rel = c.v[i].rel;
		up_ev(u, "bgp", -1, "left neighbour in %lld path%s from %lld "
		    "vantage point%s (bgp import #%lld, %s)%s",
		    (long long)c.v[i].paths, c.v[i].paths == 1 ? "" : "s",
		    (long long)c.v[i].vantage, c.v[i].vantage == 1 ? "" : "s",
		    (long long)c.import_id, t,
		    c.v[i].rel == ASREL_PEER ? "; inferred peer-peer link: "
		    "not transit" : c.v[i].rel == ASREL_PROVIDER ?
		    "; inferred provider of the origin" :
		    c.v[i].rel == ASREL_CUSTOMER ? "; inferred customer of "
		    "the origin" : "");
	}
	if (!c.announced)
		lk_warn(l, "bgp: bgp import #%lld (%s) saw AS%u withdrawn "
		    "everywhere by its end", (long long)c.import_id, t, l->asn);
	bgp_cands_release(&c);
	return 0;
}

/* ---- finding a provider's upstreams ---- */

/* The origin ASes to ask about, and the address to ask Team Cymru. */
struct targets {
	uint32_t	*asns;
	size_t		 n;
	char		 peer[IPNET_STRLEN];
	char		*provider;
};

/* A provider by name or id first; else an AS number. */
static int
targets_of(struct db *db, const char *query, struct targets *t,
    struct dp_err *err)
{
	struct provider p = PROVIDER_INIT;
	uint32_t one;
	size_t k;
	int rc;

	memset(t, 0, sizeof(*t));
	rc = db_provider_find(db, query, &p, err);
	if (rc == 0) {
		if (p.nasns == 0) {
			rc = dp_fail(err, DP_EX_DATAERR, "provider '%s' has no "
			    "AS numbers; add them with 'depeer provider net "
			    "add %s --asn N'", p.name, p.name);
			provider_release(&p);
			return rc;
		}
		t->asns = xcalloc(p.nasns, sizeof(*t->asns));
		memcpy(t->asns, p.asns, p.nasns * sizeof(*t->asns));
		t->n = p.nasns;
		t->provider = xstrdup(p.name);
		/*
		 * Team Cymru's peers are asked for an address the provider
		 * holds (its first IPv4 prefix's first host; the service is
		 * IPv4 only), and only when the provider has one AS: with
		 * several, the peers of that address belong to whichever AS
		 * announces it, which is not known here.
		 */
		for (k = 0; p.nasns == 1 && k < p.nprefixes; k++) {
			struct ipnet h = p.prefixes[k];

			if (h.family != AF_INET)
				continue;
			h.addr[3] |= 1;
			ipnet_format_addr(&h, t->peer, sizeof(t->peer));
			break;
		}
		provider_release(&p);
		return 0;
	}
	if (rc == DP_EX_NOINPUT && val_asn(query, &one, NULL) == 0) {
		t->asns = xcalloc(1, sizeof(*t->asns));
		t->asns[0] = one;
		t->n = 1;
		return 0;
	}
	if (rc == DP_EX_NOINPUT && (ascii_ncasecmp(query, "AS", 2) == 0 ||
	    (*query >= '0' && *query <= '9')))
		/* It looks like an AS number: say what is wrong. */
		rc = val_asn(query, &one, err);
	else if (rc == DP_EX_NOINPUT)
		rc = dp_fail(err, rc, "'%s' is neither a provider nor an "
		    "AS number (see 'depeer provider list')", query);
	return rc;
}

/* A lookup of an AS number (name and abuse contacts). */
static struct lookup *
asn_lookup(uint32_t asn, unsigned want)
{
	struct lookup *l = xcalloc(1, sizeof(*l));
	struct dp_err err = DP_ERR_INIT;
	char q[16];

	snprintf(q, sizeof(q), "AS%u", asn);
	if (lookup_init(l, q, want, &err) != 0)
		die("cannot look up %s: %s", q, err.msg);
	return l;
}

static void
lookup_free(struct lookup *l)
{
	if (l == NULL)
		return;
	lookup_release(l);
	free(l);
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

static void
add_warning(struct upstream_origin *o, char *line)
{
	o->warnings = xrealloc(o->warnings, (o->nwarnings + 1) *
	    sizeof(*o->warnings));
	o->warnings[o->nwarnings++] = line;
}

/*
 * The typed upstreams of origin lookup o (scored), with the contacts of
 * each from about[k].
 */
static void
origin_result(const struct lookup *o, struct lookup *const *about,
    struct upstream_origin *out)
{
	size_t i, k, n = o->nups < UP_MAX_UPSTREAMS ? o->nups :
	    UP_MAX_UPSTREAMS;

	memset(out, 0, sizeof(*out));
	out->asn = o->asn;
	out->name = dup_or_null(lookup_asn_name(o));
	out->ups = xcalloc(n + 1, sizeof(*out->ups));
	out->nups = n;
	out->inconclusive = !LK_NEIGHBOURS_ANSWERED(o);
	for (i = 0; i < n; i++) {
		const struct upstream_cand *lu = &o->ups[i];
		struct upstream *u = &out->ups[i];

		u->asn = lu->asn;
		u->confidence = lu->confidence;
		if (about[i] != NULL) {
			u->name = dup_or_null(lookup_asn_name(about[i]));
			contacts_of_lookup(about[i], 0, &u->contacts,
			    &u->ncontacts);
		}
		u->ev = xcalloc(lu->nev + 1, sizeof(*u->ev));
		u->nev = lu->nev;
		for (k = 0; k < lu->nev; k++) {
			const struct source_ref *s = lookup_src(o,
			    lu->ev[k].src);

			u->ev[k].method = xstrdup(lu->ev[k].method);
			u->ev[k].detail = xstrdup(lu->ev[k].detail);
			if (s != NULL) {
				u->ev[k].src = xcalloc(1, sizeof(*s));
				source_ref_copy(u->ev[k].src, s);
			}
		}
	}
	for (i = 0; i < o->nwarnings; i++)
		add_warning(out, xstrdup(o->warnings[i]));
	for (k = 0; k < n; k++)
		for (i = 0; about[k] != NULL && i < about[k]->nwarnings; i++)
			add_warning(out, xasprintf("AS%u: %s", about[k]->asn,
			    about[k]->warnings[i]));
}

int
upstream_record(struct db *db, struct upstream_origin *o, int64_t now,
    struct dp_err *err)
{
	struct uplink *links;
	json_t *payload;
	char subject[32];
	size_t i, k, n = 0;
	int64_t id, seq, got;
	int rc = 0;

	/*
	 * No upstream: a run only when every source of neighbours answered
	 * (all transit gone at once); when one failed, nothing is known.
	 */
	if (o->nups == 0 && o->inconclusive)
		return 0;
	/* The rows name the entry that records them (verify_upstream.h). */
	if ((rc = db_audit_next_seq(db, &seq, err)) != 0)
		return rc;
	links = xcalloc(o->nups + 1, sizeof(*links));
	for (i = 0; i < o->nups; i++) {
		struct upstream *u = &o->ups[i];

		if ((rc = db_upstream_seen(db, o->asn, u->asn, u->name,
		    u->confidence, now, seq, &id, &u->first_seen, err)) != 0)
			goto out;
		u->last_seen = now;
		for (k = 0; k < u->nev; k++) {
			const struct upstream_ev *x = &u->ev[k];

			if (x->src != NULL && x->src->id != 0 &&
			    (rc = db_upstream_evidence(db, id, x->src->id,
			    x->method, x->detail, now, seq, err)) != 0)
				goto out;
		}
		/*
		 * Hashed as stored (evidence rows of one source and method
		 * replace each other), so that verify, reading the same
		 * rows, computes the same hash.
		 */
		if ((rc = db_upstream_link_get(db, o->asn, u->asn, &links[n],
		    err)) != 0)
			goto out;
		n++;
	}
	snprintf(subject, sizeof(subject), "upstreams:AS%u", o->asn);
	payload = uplink_payload(o->asn, links, n);
	/* Its links are kept, but it is not a run that shows others gone. */
	if (o->inconclusive)
		json_object_set_new(payload, "inconclusive", json_true());
	rc = audit_record(db, AUDIT_UPSTREAMS, subject, now, payload, &got,
	    err);
	if (rc == 0 && got != seq)
		die("BUG: the upstreams entry got %lld, not %lld",
		    (long long)got, (long long)seq);
out:
	for (i = 0; i < n; i++)
		uplink_release(&links[i]);
	free(links);
	return rc;
}

int
upstream_find(struct resolver *r, const char *query,
    struct upstream_result *out, struct dp_err *err)
{
	struct db *db = r->store.db;
	struct targets t;
	struct lookup **origins = NULL, ***about = NULL;
	struct upstream_result res;
	int64_t now;
	size_t i, k;
	int rc;

	if ((rc = targets_of(db, query, &t, err)) != 0)
		return rc;
	memset(&res, 0, sizeof(res));
	res.query = xstrdup(query);
	res.provider = t.provider;
	t.provider = NULL;
	/* Round one: each origin's name, neighbours, policy and peers. */
	origins = xcalloc(t.n, sizeof(*origins));
	about = xcalloc(t.n, sizeof(*about));
	for (i = 0; i < t.n; i++) {
		origins[i] = asn_lookup(t.asns[i], LK_WHOIS);
		lookup_start(origins[i], r);
		upstream_start(origins[i], t.peer[0] ? t.peer : NULL);
	}
	net_run(r->net, NULL, NULL);
	/* The case's own BGP observations, read offline. */
	for (i = 0; i < t.n; i++)
		if ((rc = bgp_candidates(db, origins[i], err)) != 0)
			goto fail;
	/* Round two: name and abuse contacts of each upstream found. */
	for (i = 0; i < t.n; i++) {
		upstream_score(origins[i]);
		about[i] = xcalloc(UP_MAX_UPSTREAMS, sizeof(**about));
		for (k = 0; k < origins[i]->nups && k < UP_MAX_UPSTREAMS;
		    k++) {
			about[i][k] = asn_lookup(origins[i]->ups[k].asn,
			    LK_WHOIS | LK_RDAP);
			lookup_start(about[i][k], r);
		}
	}
	net_run(r->net, NULL, NULL);
	/*
	 * Store the answers and the links that cite them in one
	 * transaction: a "lookup" entry per lookup, an "upstreams" entry per
	 * origin over its links.
	 */
	res.origins = xcalloc(t.n, sizeof(*res.origins));
	now = clock_now();
	rc = db_begin(db, err);
	for (i = 0; i < t.n && rc == 0; i++) {
		res.answered += origins[i]->answered;
		if ((rc = lookup_write(origins[i], db, err)) != 0)
			break;
		for (k = 0; k < UP_MAX_UPSTREAMS && about[i][k] != NULL; k++) {
			if ((rc = lookup_write(about[i][k], db, err)) != 0)
				break;
			contacts_rank(about[i][k]);
		}
		if (rc != 0)
			break;
		origin_result(origins[i], about[i], &res.origins[i]);
		res.norigins++;
		rc = upstream_record(db, &res.origins[i], now, err);
	}
	if (rc == 0)
		rc = db_commit(db, err);
	if (rc != 0)
		db_rollback(db);
fail:
	for (i = 0; i < t.n; i++) {
		for (k = 0; about[i] != NULL && k < UP_MAX_UPSTREAMS; k++)
			lookup_free(about[i][k]);
		free(about[i]);
		lookup_free(origins[i]);
	}
	free(about);
	free(origins);
	free(t.asns);
	if (rc != 0) {
		upstream_result_release(&res);
		return rc;
	}
	*out = res;
	return 0;
}

void
upstream_result_release(struct upstream_result *res)
{
	size_t i, j, k;

	for (i = 0; i < res->norigins; i++) {
		struct upstream_origin *o = &res->origins[i];

		for (j = 0; j < o->nups; j++) {
			struct upstream *u = &o->ups[j];

			for (k = 0; k < u->nev; k++) {
				free(u->ev[k].method);
				free(u->ev[k].detail);
				if (u->ev[k].src != NULL) {
					source_ref_release(u->ev[k].src);
					free(u->ev[k].src);
				}
			}
			free(u->ev);
			free(u->name);
			contacts_free(u->contacts, u->ncontacts);
		}
		free(o->ups);
		free(o->name);
		for (k = 0; k < o->nwarnings; k++)
			free(o->warnings[k]);
		free(o->warnings);
	}
	free(res->origins);
	free(res->query);
	free(res->provider);
	memset(res, 0, sizeof(*res));
}

/* ---- history ---- */

int
upstream_history(struct db *db, const char *query,
    struct upstream_history *out, struct dp_err *err)
{
	struct upstream_history h;
	struct upstream_history_origin *o;
	struct targets t;
	size_t i;
	int rc = 0;

	if ((rc = targets_of(db, query, &t, err)) != 0)
		return rc;
	memset(&h, 0, sizeof(h));
	h.query = xstrdup(query);
	h.provider = t.provider;
	h.origins = xcalloc(t.n + 1, sizeof(*h.origins));
	/* One snapshot: the runs and the links they wrote agree. */
	if ((rc = db_begin_read(db, err)) != 0)
		goto out;
	for (i = 0; i < t.n && rc == 0; i++) {
		o = &h.origins[h.norigins++];
		o->asn = t.asns[i];
		if ((rc = db_upstream_last_run(db, o->asn, &o->last_run,
		    err)) == 0)
			rc = db_upstream_history(db, o->asn, &o->links,
			    &o->nlinks, err);
		if (rc == 0) {
			o->bgp = xcalloc(1, sizeof(*o->bgp));
			rc = bgp_store_history(db, o->asn, o->bgp, err);
		}
	}
	db_rollback(db);
out:
	free(t.asns);
	if (rc != 0) {
		upstream_history_release(&h);
		return rc;
	}
	*out = h;
	return 0;
}

void
upstream_history_release(struct upstream_history *h)
{
	size_t i;

	for (i = 0; i < h->norigins; i++) {
		db_upstream_history_free(h->origins[i].links,
		    h->origins[i].nlinks);
		if (h->origins[i].bgp != NULL)
			bgp_hist_release(h->origins[i].bgp);
		free(h->origins[i].bgp);
	}
	free(h->origins);
	free(h->query);
	free(h->provider);
	memset(h, 0, sizeof(*h));
}

json_t *
upstream_history_to_json(const struct upstream_history *h)
{
	json_t *o = json_object(), *origins = json_array(), *x, *links, *l;
	const struct upstream_seen *u;
	size_t i, j;

	for (i = 0; i < h->norigins; i++) {
		links = json_array();
		for (j = 0; j < h->origins[i].nlinks; j++) {
			u = &h->origins[i].links[j];
			l = json_object();
			json_object_set_new(l, "upstream",
			    json_integer(u->upstream));
			json_object_set_new(l, "name",
			    json_str_or_null(u->name));
			json_object_set_new(l, "confidence", json_real(
			    upstream_confidence_shown(u->confidence)));
			json_object_set_new(l, "first_seen",
			    json_time_or_null(1, u->first_seen));
			json_object_set_new(l, "last_seen",
			    json_time_or_null(1, u->last_seen));
			json_object_set_new(l, "current",
			    json_boolean(u->gone_since == 0));
			json_object_set_new(l, "gone_since", json_time_or_null(
			    u->gone_since != 0, u->gone_since));
			json_array_append_new(links, l);
		}
		x = json_object();
		json_object_set_new(x, "origin",
		    json_integer(h->origins[i].asn));
		json_object_set_new(x, "last_run", json_time_or_null(
		    h->origins[i].last_run != 0, h->origins[i].last_run));
		json_object_set_new(x, "links", links);
		json_object_set_new(x, "bgp", h->origins[i].bgp != NULL ?
		    bgp_hist_to_json(h->origins[i].bgp) : json_null());
		json_array_append_new(origins, x);
	}
	json_object_set_new(o, "query", json_string(h->query));
	json_object_set_new(o, "provider", json_str_or_null(h->provider));
	json_object_set_new(o, "origins", origins);
	return o;
}
