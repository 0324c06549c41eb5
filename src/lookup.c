/*
 * lookup.c - one query resolved through the registries; see lookup.h.
 *
 * Each registry answer becomes an lk_src (stored later as a source, or
 * already stored and served from the cache), and every fact taken from it
 * keeps that source's index, so the result can say where each address and
 * origin came from.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "exitcodes.h"
#include "jsonout.h"
#include "lookup.h"
#include "rdap.h"
#include "ripestat.h"
#include "rpsl.h"

#define RDAP_ACCEPT	"application/rdap+json, application/json"
const struct lk_endpoints lk_default_endpoints = {
	.whois = { WHOIS_DEFAULT_START, 43 },
	.cymru = { "whois.cymru.com", 43 },
	.cymru_peer = { "v4-peer.whois.cymru.com", 43 },
	.irr = { "whois.radb.net", 43 },
	.ripestat = "https://stat.ripe.net/data/",
	.sourceapp = "depeer",
};

int
lk_url_host(const char *url, char host[256])
{
	host[0] = '\0';
	return sscanf(url, "https://%255[^/]", host) == 1 ? 0 : -1;
}

/* A request in flight, and what to do with its answer. */
struct fetch {
	struct lookup	*l;
	struct net_req	 req;
	char		*protocol;
	char		*server;	/* label stored with the source */
	char		*query;
	void		(*parse)(struct lookup *, const char *, size_t, int);
	struct fetch	*next;
};

/* The fetches of all lookups, freed by lookup_release(). */
struct fetch_list {
	struct fetch	*head;
};

unsigned
lookup_source_bit(const char *name)
{
	static const struct {
		const char	*name;
		unsigned	 bit;
	} names[] = {
		{ "whois", LK_WHOIS }, { "rdap", LK_RDAP },
		{ "cymru", LK_CYMRU }, { "ripestat", LK_RIPESTAT },
		{ "irr", LK_IRR }, { "all", LK_ALL },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (strcmp(names[i].name, name) == 0)
			return names[i].bit;
	return 0;
}

int
lookup_init(struct lookup *l, const char *input, unsigned want,
    struct dp_err *err)
{
	struct dp_err e1 = DP_ERR_INIT, e2 = DP_ERR_INIT;

	memset(l, 0, sizeof(*l));
	l->ep = &lk_default_endpoints;
	l->whois_src = l->rdap_src = l->cymru_src = l->irr_src = -1;
	l->want = want;
	reg_record_init(&l->rdap);
	if (strchr(input, '/') != NULL) {
		if (val_cidr(input, &l->net, err) != 0)
			return DP_EX_DATAERR;
		l->type = LK_PREFIX;
		ipnet_format(&l->net, l->value, sizeof(l->value));
	} else if (val_ip(input, &l->net, &e1) == 0) {
		l->type = LK_ADDR;
		ipnet_format_addr(&l->net, l->value, sizeof(l->value));
	} else if (val_asn(input, &l->asn, &e2) == 0) {
		l->type = LK_ASN;
		snprintf(l->value, sizeof(l->value), "AS%u", l->asn);
	} else {
		/* Say what it looked most like. */
		if (strchr(input, ':') != NULL || strchr(input, '.') != NULL)
			*err = e1;
		else
			*err = e2;
		dp_err_prefix(err, "not an address, prefix or AS number");
		return DP_EX_DATAERR;
	}
	l->input = xstrdup(input);
	return 0;
}

static void
src_release(struct lk_src *s)
{
	free(s->protocol);
	free(s->server);
	free(s->query);
}

void
lookup_release(struct lookup *l)
{
	struct fetch_list *fl = l->priv_fetches;
	struct fetch *f, *fn;
	size_t i;

	for (i = 0; i < l->nsrc; i++)
		src_release(&l->src[i]);
	free(l->src);
	source_batch_release(&l->batch);
	whois_chain_release(&l->whois);
	reg_record_release(&l->rdap);
	cymru_rows_free(l->cymru, l->ncymru);
	for (i = 0; i < l->nwarnings; i++)
		free(l->warnings[i]);
	free(l->warnings);
	for (i = 0; i < l->ncontacts; i++) {
		free(l->contacts[i].email);
		free(l->contacts[i].via);
		free(l->contacts[i].handle);
	}
	free(l->contacts);
	free(l->origins);
	free(l->irr_routes);
	for (i = 0; i < l->nups; i++) {
		size_t k;

		for (k = 0; k < l->ups[i].nev; k++) {
			free(l->ups[i].ev[k].method);
			free(l->ups[i].ev[k].detail);
		}
		free(l->ups[i].ev);
	}
	free(l->ups);
	if (fl != NULL) {
		for (f = fl->head; f != NULL; f = fn) {
			fn = f->next;
			net_req_release(&f->req);
			free(f->protocol);
			free(f->server);
			free(f->query);
			free(f);
		}
		free(fl);
	}
	free(l->input);
	memset(l, 0, sizeof(*l));
}

/* A registry could not be asked or its answer not read. */
static void
failed(struct lookup *l, int code)
{
	if (l->worst_rc == 0 || code == DP_EX_PROTOCOL)
		l->worst_rc = code;
	l->nfailed++;
}

static void
warn(struct lookup *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
warn(struct lookup *l, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	l->warnings = xrealloc(l->warnings,
	    (l->nwarnings + 1) * sizeof(*l->warnings));
	l->warnings[l->nwarnings++] = s;
}

/* Record an answer used; returns its index in l->src. */
static int
add_src(struct lookup *l, int64_t id, int batch, const char *protocol,
    const char *server, const char *query, int64_t fetched_at,
    const char *sha256)
{
	struct lk_src *s;

	l->src = xrealloc(l->src, (l->nsrc + 1) * sizeof(*l->src));
	s = &l->src[l->nsrc];
	memset(s, 0, sizeof(*s));
	s->id = id;
	s->batch = batch;
	s->protocol = xstrdup(protocol);
	s->server = xstrdup(server);
	s->query = xstrdup(query);
	s->fetched_at = fetched_at;
	snprintf(s->sha256, sizeof(s->sha256), "%s", sha256);
	return (int)l->nsrc++;
}

/* Where the lookup's new answers go. */
static struct source_batch *
new_batch(struct lookup *l)
{
	return l->shared != NULL ? l->shared : &l->batch;
}

/* A new answer: into the batch to store, and into the list used. */
static int
add_new_src(struct lookup *l, const char *protocol, const char *server,
    const char *query, int64_t fetched_at, long status, int has_status,
    const char *body, size_t len)
{
	struct source_batch *b = new_batch(l);

	source_batch_add(b, protocol, server, query, fetched_at, status,
	    has_status, body, len);
	return add_src(l, 0, (int)b->n - 1, protocol, server, query,
	    fetched_at, b->v[b->n - 1].sha256);
}

/* Every address as found; lookup_finish() ranks and de-duplicates. */
static void
add_contact(struct lookup *l, const struct reg_contact *c, int src)
{
	struct lk_contact *k;

	l->contacts = xrealloc(l->contacts,
	    (l->ncontacts + 1) * sizeof(*l->contacts));
	k = &l->contacts[l->ncontacts++];
	k->email = xstrdup(c->email);
	k->role = c->role;
	k->via = c->via != NULL ? xstrdup(c->via) : NULL;
	k->handle = c->handle != NULL ? xstrdup(c->handle) : NULL;
	k->src = src;
}

static void
add_origin(struct lookup *l, uint32_t asn, int src)
{
	size_t i;

	for (i = 0; i < l->norigins; i++)
		if (l->origins[i].asn == asn)
			return;
	l->origins = xrealloc(l->origins,
	    (l->norigins + 1) * sizeof(*l->origins));
	l->origins[l->norigins].asn = asn;
	l->origins[l->norigins++].src = src;
}

static void
take_record(struct lookup *l, const struct reg_record *r, int src)
{
	size_t i;

	for (i = 0; i < r->ncontacts; i++)
		add_contact(l, &r->contacts[i], src);
	for (i = 0; i < r->norigins; i++)
		add_origin(l, r->origins[i], src);
}

/* One answer fewer to wait for; tell the caller when it was the last. */
static void
settle(struct lookup *l)
{
	if (--l->pending == 0 && l->on_done != NULL)
		l->on_done(l, l->on_done_arg);
}

static void
fetched(struct net_req *r, void *arg)
{
	struct fetch *f = arg;
	struct lookup *l = f->l;
	int idx, before;

	if (r->rc != 0) {
		warn(l, "%s: %s", f->protocol, r->err.msg);
		failed(l, r->rc);
		settle(l);
		return;
	}
	before = l->nfailed;
	idx = add_new_src(l, f->protocol, f->server, f->query, r->fetched_at,
	    r->status, r->kind == NET_HTTP, r->body.s, r->body.len);
	f->parse(l, r->body.s, r->body.len, idx);
	/*
	 * An answer that could not be read is not kept: it holds no fact,
	 * and kept it would be served from the store instead of asking
	 * again.  The warning says what was wrong with it.
	 */
	if (l->nfailed > before && idx == (int)l->nsrc - 1) {
		struct source_batch *b = new_batch(l);

		src_release(&l->src[--l->nsrc]);
		source_release(&b->v[--b->n]);
	}
	settle(l);
}

/*
 * Ask protocol's server (a WHOIS host:port, or an HTTPS URL) the query,
 * or take a fresh enough stored answer.
 */
static void
fetch(struct lookup *l, enum net_kind kind, const char *protocol,
    const char *host, int port, const char *query,
    void (*parse)(struct lookup *, const char *, size_t, int))
{
	struct fetch_list *fl = l->priv_fetches;
	struct fetch *f;
	struct source s;
	char server[300];
	int idx;

	if (kind == NET_WHOIS)
		snprintf(server, sizeof(server), "%s:%d", host, port);
	else
		snprintf(server, sizeof(server), "%s", host);
	if (l->db != NULL && db_source_cached(l->db, protocol, server, query,
	    l->not_before, &s, NULL) == 0) {
		idx = add_src(l, s.id, -1, protocol, server, query,
		    s.fetched_at, s.sha256);
		parse(l, s.content, s.size, idx);
		source_release(&s);
		return;
	}
	if (fl == NULL)
		l->priv_fetches = fl = xcalloc(1, sizeof(*fl));
	f = xcalloc(1, sizeof(*f));
	f->l = l;
	f->protocol = xstrdup(protocol);
	f->server = xstrdup(server);
	f->query = xstrdup(query);
	f->parse = parse;
	f->next = fl->head;
	fl->head = f;
	f->req.kind = kind;
	f->req.host = xstrdup(host);
	f->req.port = port;
	if (kind == NET_WHOIS)
		f->req.query = xstrdup(query);
	else {
		f->req.url = xstrdup(query);
		f->req.accept = strcmp(protocol, "rdap") == 0 ? RDAP_ACCEPT :
		    "application/json";
	}
	f->req.done = fetched;
	f->req.arg = f;
	l->pending++;
	net_add(l->netloop, &f->req);
}

/* ---- answers ---- */

static void
rdap_link_parsed(struct lookup *l, const char *body, size_t len, int src)
{
	struct reg_record r;
	struct dp_err err = DP_ERR_INIT;
	size_t i;

	reg_record_init(&r);
	if (rdap_parse(body, len, &r, &err) != 0) {
		warn(l, "rdap: abuse entity: %s", err.msg);
		return;
	}
	/* The entity was linked from an abuse role: its addresses are. */
	for (i = 0; i < r.ncontacts; i++) {
		if (r.contacts[i].role == ROLE_REMARK)
			continue;
		r.contacts[i].role = ROLE_ABUSE;
		reg_set(&r.contacts[i].via, "rdap:abuse-link");
	}
	take_record(l, &r, src);
	reg_record_release(&r);
}

static void
rdap_parsed(struct lookup *l, const char *body, size_t len, int src)
{
	struct dp_err err = DP_ERR_INIT;
	size_t i;
	int have_abuse = 0;

	reg_record_release(&l->rdap);
	if (rdap_parse(body, len, &l->rdap, &err) != 0) {
		warn(l, "rdap: %s: %s", l->src[src].query, err.msg);
		failed(l, DP_EX_PROTOCOL);
		return;
	}
	l->answered++;
	l->rdap_src = src;
	if (l->rdap.kind == REG_NONE)
		warn(l, "rdap: %s has no record for %s", l->src[src].server,
		    l->value);
	take_record(l, &l->rdap, src);
	for (i = 0; i < l->rdap.ncontacts; i++)
		if (l->rdap.contacts[i].role == ROLE_ABUSE)
			have_abuse = 1;
	/* An abuse entity without an address: follow its self link once. */
	if (!have_abuse && l->rdap.nlinks > 0) {
		char host[256] = "";

		sscanf(l->rdap.links[0], "https://%255[^/:]", host);
		if (host[0] != '\0')
			fetch(l, NET_HTTP, "rdap", host, 443, l->rdap.links[0],
			    rdap_link_parsed);
		else
			warn(l, "rdap: abuse entity link '%.200s' is not an "
			    "https URL; not followed", l->rdap.links[0]);
	}
}

static void
cymru_parsed(struct lookup *l, const char *body, size_t len, int src)
{
	struct dp_err err = DP_ERR_INIT;
	size_t i, k;

	if (cymru_parse(body, len, &l->cymru, &l->ncymru, &err) != 0) {
		warn(l, "cymru: %s", err.msg);
		failed(l, DP_EX_PROTOCOL);
		return;
	}
	l->answered++;
	l->cymru_src = src;
	if (l->type == LK_ASN)
		return;
	for (i = 0; i < l->ncymru; i++) {
		struct ipnet a;

		for (k = 0; k < l->cymru[i].nasns; k++)
			add_origin(l, l->cymru[i].asns[k], src);
		/* Each row speaks for its address: a bulk lookup reuses it. */
		if (l->src[src].batch >= 0 && l->cymru[i].ip != NULL &&
		    val_ip(l->cymru[i].ip, &a, NULL) == 0)
			source_add_range(&new_batch(l)->v[l->src[src].batch],
			    a.family, a.addr, a.addr);
	}
}

/* A RIPEstat answer that parses into a record of contacts and origins. */
static void
ripestat_record(struct lookup *l, const char *body, size_t len, int src,
    const char *call, int (*parse)(const char *, size_t, struct reg_record *,
    struct dp_err *))
{
	struct reg_record r;
	struct dp_err err = DP_ERR_INIT;

	reg_record_init(&r);
	if (parse(body, len, &r, &err) != 0) {
		warn(l, "ripestat: %s: %s", call, err.msg);
		failed(l, DP_EX_PROTOCOL);
		return;
	}
	l->answered++;
	take_record(l, &r, src);
	reg_record_release(&r);
}

static void
ripestat_abuse_parsed(struct lookup *l, const char *body, size_t len,
    int src)
{
	ripestat_record(l, body, len, src, "abuse-contact-finder",
	    ripestat_parse_abuse);
}

static void
ripestat_overview_parsed(struct lookup *l, const char *body, size_t len,
    int src)
{
	ripestat_record(l, body, len, src, "prefix-overview",
	    ripestat_parse_prefix_overview);
}

static void
whois_done(struct whois_chain *c, void *arg)
{
	struct lookup *l = arg;
	size_t i;
	int idx;

	for (i = 0; i < c->nhops; i++) {
		struct whois_hop *h = &c->hops[i];
		const char *proto = h->port == 4321 ? "rwhois" : "whois";
		char server[300];
		unsigned char d[SHA256_LEN];
		char hex[SHA256_HEXLEN];

		if (h->raw == NULL || h->rc != 0)
			continue;	/* no answer, or none that could be read */
		snprintf(server, sizeof(server), "%s:%d", h->server, h->port);
		if (h->source_id != 0 || h->batch >= 0) {
			/* Stored, or already in the shared batch. */
			sha256_buf(h->raw, h->rawlen, d);
			sha256_hex(d, hex);
			idx = add_src(l, h->source_id, h->source_id != 0 ? -1 :
			    h->batch, proto, server, h->query, h->fetched_at,
			    hex);
		} else {
			idx = add_new_src(l, proto, server, h->query,
			    h->fetched_at, 0, 0, h->raw, h->rawlen);
			/* So that a bulk lookup can reuse it later. */
			if (h->has_range)
				source_add_range(&new_batch(l)->v[l->src[idx].
				    batch], h->family, h->lo, h->hi);
		}
		l->src[idx].reused = h->reused;
		if ((int)i == c->rec_hop)
			l->whois_src = idx;
		/* Parsed, and kept in the batch or the store: the copy can
		   go (a bulk run holds many chains). */
		free(h->raw);
		h->raw = NULL;
	}
	if (c->rc != 0) {
		warn(l, "whois: %s", c->err.msg);
		failed(l, c->rc);
	} else {
		l->answered++;
		if (c->rec.kind != REG_NONE)
			take_record(l, &c->rec, l->whois_src);
		else if (c->err.msg[0] != '\0')
			warn(l, "whois: %s", c->err.msg);
		else
			warn(l, "whois: no registry holds a record for %s",
			    l->value);
	}
	/* What the chain could not do on the way. */
	for (i = 0; i < c->nwarnings; i++)
		warn(l, "whois: %s", c->warnings[i]);
	settle(l);
}

/*
 * IRR route objects: for an address, the routes covering it give origins;
 * for an AS number ("-i origin ASx"), the routes it registered are its
 * prefixes.
 */
static void
routes_parsed(struct lookup *l, const char *body, size_t len, int src)
{
	struct rpsl_route *rt = NULL;
	struct dp_err err = DP_ERR_INIT;
	size_t n = 0, i;
	unsigned flags = 0;

	if (rpsl_parse_routes(body, len, &rt, &n, &flags, &err) != 0) {
		warn(l, "irr: %s", err.msg);
		failed(l, DP_EX_PROTOCOL);
		return;
	}
	l->answered++;
	if (flags & RPSL_TRUNCATED)
		warn(l, "irr: the route list was cut short by the server");
	if (n == 0)
		warn(l, "irr: %s has no route objects for %s",
		    l->ep->irr.name, l->value);
	for (i = 0; i < n; i++) {
		if (l->type == LK_ASN) {
			l->irr_routes = xrealloc(l->irr_routes,
			    (l->nirr_routes + 1) * sizeof(*l->irr_routes));
			l->irr_routes[l->nirr_routes++] = rt[i].prefix;
		} else
			add_origin(l, rt[i].origin, src);
	}
	if (n > 0)
		l->irr_src = src;
	rpsl_routes_free(rt, n);
}

/* ---- upstreams ---- */

static struct lk_upstream *
up_get(struct lookup *l, uint32_t asn)
{
	size_t i;

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
up_ev(struct lk_upstream *u, const char *method, int src, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));

static void
up_ev(struct lk_upstream *u, const char *method, int src, const char *fmt,
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
	struct lk_upstream *u;
	size_t i;

	memset(&nb, 0, sizeof(nb));
	if (ripestat_parse_neighbours(body, len, &nb, &err) != 0) {
		warn(l, "ripestat: asn-neighbours: %s", err.msg);
		failed(l, DP_EX_PROTOCOL);
		return;
	}
	l->answered++;
	for (i = 0; i < nb.nnotes; i++)
		warn(l, "ripestat: asn-neighbours: %s", nb.notes[i]);
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
	struct lk_upstream *u;
	size_t i;
	int rc;

	rc = rpsl_parse_autnum(body, len, &p, &err);
	if (rc == DP_EX_NOINPUT) {
		l->answered++;
		warn(l, "irr: %s has no aut-num object for %s",
		    l->ep->irr.name, l->value);
		return;
	}
	if (rc != 0) {
		warn(l, "irr: %s", err.msg);
		failed(l, DP_EX_PROTOCOL);
		return;
	}
	l->answered++;
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
	struct lk_upstream *u;
	uint32_t *peers = NULL;
	size_t n = 0, i;

	if (cymru_parse_peers(body, len, &peers, &n, &err) != 0) {
		warn(l, "cymru: peers: %s", err.msg);
		failed(l, DP_EX_PROTOCOL);
		return;
	}
	l->answered++;
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
lookup_want_upstreams(struct lookup *l, const char *peer_ip)
{
	l->upstreams = 1;
	if (peer_ip != NULL)
		snprintf(l->peer_ip, sizeof(l->peer_ip), "%s", peer_ip);
}

/* Evidence in a fixed order (by method, then as found), not arrival's. */
static void
sort_ev(struct lk_upstream *u)
{
	struct lk_ev t;
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
	const struct lk_upstream *x = a, *y = b;

	if (x->confidence != y->confidence)
		return x->confidence > y->confidence ? -1 : 1;
	return (x->asn > y->asn) - (x->asn < y->asn);
}

void
lookup_upstreams_score(struct lookup *l)
{
	size_t i, n = 0;
	double c;

	for (i = 0; i < l->nups; i++) {
		struct lk_upstream *u = &l->ups[i];

		c = 0;
		if (u->left) {
			double p = u->power < 0 ? 0.5 : u->power / 100.0;

			c = 0.5 + 0.2 * (p > 1 ? 1 : p);
		}
		if (u->irr_import)
			c += u->irr_confirmed ? 0.3 : 0.25;
		if (u->cymru_peer && c > 0)
			c += 0.1;
		else if (u->cymru_peer)
			c = 0.1;
		if (u->both || u->irr_customer || (u->right && !u->left)) {
			c /= 2;
			up_ev(u, "depeer", -1, "the sources disagree: %s",
			    u->both ? "seen on both sides of the AS" :
			    u->irr_customer ? "the IRR calls it a customer" :
			    "RIPEstat sees it downstream");
		}
		if (c > 1)
			c = 1;
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

void
lookup_start(struct lookup *l, struct net *net,
    struct rdap_bootstrap *bootstrap)
{
	const struct lk_endpoints *ep = l->ep;
	const char *base = NULL;
	char *q, *url, host[256], rs[256];
	const char *item;

	l->netloop = net;
	l->bootstrap = bootstrap;
	/* Answers from the store arrive at once: done only at the end. */
	l->pending++;
	if (l->want & LK_WHOIS) {
		l->whois.share = l->share;
		l->whois.type = l->type == LK_ADDR ? WQ_ADDR :
		    l->type == LK_PREFIX ? WQ_PREFIX : WQ_ASN;
		l->whois.value = xstrdup(l->value);
		l->whois.done = whois_done;
		l->whois.arg = l;
		l->whois.cache = l->db;
		l->whois.not_before = l->not_before;
		l->whois.start = ep->whois.name;
		l->whois.start_port = ep->whois.port;
		l->pending++;
		whois_chain_start(net, &l->whois);
	}
	if ((l->want & LK_RDAP) && bootstrap != NULL) {
		char path[IPNET_STRLEN + 16];

		host[0] = '\0';
		if (l->type == LK_ASN) {
			base = rdap_bootstrap_asn(bootstrap, l->asn);
			snprintf(path, sizeof(path), "autnum/%u", l->asn);
		} else {
			base = rdap_bootstrap_ip(bootstrap, &l->net);
			snprintf(path, sizeof(path), "ip/%s", l->value);
		}
		if (base == NULL)
			warn(l, "rdap: no RDAP server in the IANA bootstrap "
			    "for %s", l->value);
		else {
			url = rdap_url(base, path);
			sscanf(url, "https://%255[^/:]", host);
			if (host[0] == '\0')
				warn(l, "rdap: bootstrap URL '%.200s' is not "
				    "https; not used", url);
			else
				fetch(l, NET_HTTP, "rdap", host, 443, url,
				    rdap_parsed);
			free(url);
		}
	}
	if (l->want & LK_CYMRU) {
		char ipbuf[IPNET_STRLEN];

		if (l->type == LK_ASN)
			item = l->value;
		else {
			ipnet_format_addr(&l->net, ipbuf, sizeof(ipbuf));
			item = ipbuf;
		}
		/* The whole bulk exchange is one WHOIS "query". */
		if ((q = cymru_bulk_request(&item, 1)) != NULL) {
			fetch(l, NET_WHOIS, "cymru", ep->cymru.name,
			    ep->cymru.port, q, cymru_parsed);
			free(q);
		}
	}
	if (l->want & LK_IRR) {
		char rq[IPNET_STRLEN + 16];

		if (l->type == LK_ASN)
			snprintf(rq, sizeof(rq), "-i origin %s", l->value);
		else
			snprintf(rq, sizeof(rq), "%s", l->value);
		fetch(l, NET_WHOIS, "irr", ep->irr.name, ep->irr.port, rq,
		    routes_parsed);
	}
	if (l->upstreams && l->type == LK_ASN) {
		url = ripestat_url(ep->ripestat, "asn-neighbours", l->value,
		    ep->sourceapp);
		lk_url_host(url, rs);
		fetch(l, NET_HTTP, "ripestat", rs, 443, url,
		    neighbours_parsed);
		free(url);
		fetch(l, NET_WHOIS, "irr", ep->irr.name, ep->irr.port,
		    l->value, autnum_parsed);
		if (l->peer_ip[0] != '\0') {
			char pq[IPNET_STRLEN + 8];

			snprintf(pq, sizeof(pq), " -v %s", l->peer_ip);
			fetch(l, NET_WHOIS, "cymru", ep->cymru_peer.name,
			    ep->cymru_peer.port, pq, peers_parsed);
		}
	}
	if (l->want & LK_RIPESTAT) {
		url = ripestat_url(ep->ripestat, "abuse-contact-finder",
		    l->value, ep->sourceapp);
		lk_url_host(url, rs);
		fetch(l, NET_HTTP, "ripestat", rs, 443, url,
		    ripestat_abuse_parsed);
		free(url);
		if (l->type != LK_ASN) {
			url = ripestat_url(ep->ripestat, "prefix-overview",
			    l->value, ep->sourceapp);
			fetch(l, NET_HTTP, "ripestat", rs, 443,
			    url, ripestat_overview_parsed);
			free(url);
		}
	}
	settle(l);
}

int
lookup_store(struct lookup *l, struct dp_err *err)
{
	char subject[IPNET_STRLEN + 16];
	size_t i;
	int rc;

	if (l->batch.n == 0 || l->db == NULL)
		return 0;
	snprintf(subject, sizeof(subject), "lookup:%s", l->value);
	if ((rc = source_batch_commit(l->db, &l->batch, subject, err)) != 0)
		return rc;
	for (i = 0; i < l->nsrc; i++)
		if (l->src[i].batch >= 0)
			l->src[i].id = l->batch.v[l->src[i].batch].id;
	return 0;
}

void
lookup_take_cymru(struct lookup *l, const struct cymru_row *rows, size_t n,
    int64_t id, int batch, const char *server, const char *label,
    int64_t fetched_at, const char *sha256)
{
	size_t i, k;
	int src;

	src = add_src(l, id, id != 0 ? -1 : batch, "cymru", server, label,
	    fetched_at, sha256);
	l->answered++;
	l->cymru_src = src;
	for (i = 0; i < n; i++) {
		l->cymru = xrealloc(l->cymru, (l->ncymru + 1) *
		    sizeof(*l->cymru));
		cymru_row_copy(&l->cymru[l->ncymru++], &rows[i]);
		for (k = 0; k < rows[i].nasns; k++)
			add_origin(l, rows[i].asns[k], src);
	}
	if (n == 0)
		warn(l, "cymru: %s has no row for %s", server, l->value);
}

void
lookup_note_failure(struct lookup *l, int code, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	warn(l, "%s", msg);
	free(msg);
	failed(l, code);
}

const struct reg_record *
lookup_record(const struct lookup *l)
{
	if (l->whois.rec.kind != REG_NONE)
		return &l->whois.rec;
	if (l->rdap.kind != REG_NONE)
		return &l->rdap;
	return NULL;
}

void
lookup_fill_ids(struct lookup *l)
{
	size_t i;

	for (i = 0; i < l->nsrc; i++)
		if (l->src[i].id == 0 && l->src[i].batch >= 0 &&
		    l->shared != NULL &&
		    (size_t)l->src[i].batch < l->shared->n)
			l->src[i].id = l->shared->v[l->src[i].batch].id;
}

/* Within a role, the registry's own WHOIS first, then RDAP, RIPEstat. */
static int
proto_rank(const char *p)
{
	static const char *const order[] = { "whois", "rwhois", "rdap",
	    "ripestat", "irr", "cymru" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(order); i++)
		if (strcmp(order[i], p) == 0)
			return (int)i;
	return (int)ARRAY_SIZE(order);
}

struct ranked {
	struct lk_contact c;
	int		  proto;
	size_t		  arrival;
};

static int
ranked_cmp(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->c.role != y->c.role)
		return x->c.role < y->c.role ? -1 : 1;
	if (x->proto != y->proto)
		return x->proto - y->proto;
	return (x->arrival > y->arrival) - (x->arrival < y->arrival);
}

/*
 * Rank the contacts (role, then source protocol, then the order the
 * answers gave them, which is the registry's precedence) and keep each
 * address once, at its best place: the result does not depend on which
 * answer arrived first.
 */
void
lookup_finish(struct lookup *l)
{
	struct ranked *v;
	size_t i, j, n = 0;

	if (l->ncontacts == 0)
		return;
	v = xcalloc(l->ncontacts, sizeof(*v));
	for (i = 0; i < l->ncontacts; i++) {
		v[i].c = l->contacts[i];
		v[i].proto = l->contacts[i].src >= 0 ?
		    proto_rank(l->src[l->contacts[i].src].protocol) : 99;
		v[i].arrival = i;
	}
	qsort(v, l->ncontacts, sizeof(*v), ranked_cmp);
	for (i = 0; i < l->ncontacts; i++) {
		for (j = 0; j < n; j++)
			if (strcasecmp(l->contacts[j].email, v[i].c.email) == 0)
				break;
		if (j < n) {
			free(v[i].c.email);
			free(v[i].c.via);
			free(v[i].c.handle);
			continue;
		}
		l->contacts[n++] = v[i].c;
	}
	l->ncontacts = n;
	free(v);
}

/* ---- output ---- */

static json_t *
src_ref(const struct lookup *l, int src)
{
	return src >= 0 && (size_t)src < l->nsrc && l->src[src].id != 0 ?
	    json_integer(l->src[src].id) : json_null();
}

json_t *
lookup_to_json(const struct lookup *l)
{
	const struct reg_record *m = lookup_record(l);
	json_t *o = json_object(), *a, *c;
	char text[IPNET_STRLEN];
	size_t i;

	json_object_set_new(o, "query", json_string(l->input));
	json_object_set_new(o, "canonical", json_string(l->value));
	json_object_set_new(o, "type", json_string(l->type == LK_ADDR ? "ip" :
	    l->type == LK_PREFIX ? "cidr" : "asn"));
	a = json_array();
	if (m != NULL)
		for (i = 0; i < m->nprefixes; i++) {
			ipnet_format(&m->prefixes[i], text, sizeof(text));
			json_array_append_new(a, json_string(text));
		}
	/* An AS number's prefixes: the routes it registered in the IRR. */
	if (l->type == LK_ASN)
		for (i = 0; i < l->nirr_routes; i++) {
			ipnet_format(&l->irr_routes[i], text, sizeof(text));
			json_array_append_new(a, json_string(text));
		}
	json_object_set_new(o, "prefixes", a);
	if (m != NULL && m->has_range) {
		struct ipnet n;

		c = json_object();
		memset(&n, 0, sizeof(n));
		n.family = m->family;
		memcpy(n.addr, m->first, 16);
		ipnet_format_addr(&n, text, sizeof(text));
		json_object_set_new(c, "start", json_string(text));
		memcpy(n.addr, m->last, 16);
		ipnet_format_addr(&n, text, sizeof(text));
		json_object_set_new(c, "end", json_string(text));
		json_object_set_new(o, "range", c);
	} else
		json_object_set_new(o, "range", json_null());
	a = json_array();
	for (i = 0; i < l->norigins; i++)
		json_array_append_new(a, json_integer(l->origins[i].asn));
	json_object_set_new(o, "origin_asns", a);
	json_object_set_new(o, "netname", json_str_or_null(m ? m->name : NULL));
	json_object_set_new(o, "handle", json_str_or_null(m ? m->handle :
	    NULL));
	json_object_set_new(o, "org", json_str_or_null(m ? m->org : NULL));
	json_object_set_new(o, "country", json_str_or_null(m ? m->country :
	    NULL));
	json_object_set_new(o, "rir", json_str_or_null(m ? m->source : NULL));
	a = json_array();
	for (i = 0; i < l->ncontacts; i++)
		if (l->contacts[i].role == ROLE_ABUSE)
			json_array_append_new(a,
			    json_string(l->contacts[i].email));
	json_object_set_new(o, "abuse_emails", a);
	a = json_array();
	for (i = 0; i < l->ncontacts; i++) {
		c = json_object();
		json_object_set_new(c, "email",
		    json_string(l->contacts[i].email));
		json_object_set_new(c, "role",
		    json_string(reg_role_name(l->contacts[i].role)));
		json_object_set_new(c, "via",
		    json_str_or_null(l->contacts[i].via));
		json_object_set_new(c, "source", src_ref(l,
		    l->contacts[i].src));
		json_array_append_new(a, c);
	}
	json_object_set_new(o, "contacts", a);
	a = json_array();
	for (i = 0; i < l->nsrc; i++) {
		const struct lk_src *s = &l->src[i];

		c = json_object();
		json_object_set_new(c, "id", s->id ? json_integer(s->id) :
		    json_null());
		json_object_set_new(c, "protocol", json_string(s->protocol));
		json_object_set_new(c, "server", json_string(s->server));
		json_object_set_new(c, "query", json_string(s->query));
		json_object_set_new(c, "fetched_at",
		    json_time_or_null(1, s->fetched_at));
		json_object_set_new(c, "sha256", json_string(s->sha256));
		json_object_set_new(c, "cached", json_boolean(s->batch < 0));
		json_object_set_new(c, "reused", json_boolean(s->reused));
		json_array_append_new(a, c);
	}
	json_object_set_new(o, "sources", a);
	a = json_array();
	for (i = 0; i < l->nwarnings; i++)
		json_array_append_new(a, json_string(l->warnings[i]));
	json_object_set_new(o, "warnings", a);
	return o;
}
