/*
 * lookup_parse.c - each registry's answer to a lookup, read into facts
 * (contacts, origins, routes) that cite it: RDAP (and the abuse entity
 * it links to), Team Cymru, RIPEstat, the WHOIS chain's record and the
 * IRR's route objects.  The parsing proper is the parsers' (rdap.c,
 * cymru.c, ripestat.c, rpsl.c, whois_parse.c); this file decides what
 * each answer means for the lookup and warns about what it lacks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "exitcodes.h"
#include "lookup_internal.h"
#include "rdap.h"
#include "ripestat.h"
#include "rpsl.h"
#include "whois_parse.h"

static void
rdap_link_parsed(struct lookup *l, const char *body, size_t len, int src)
{
	struct reg_record r;
	struct dp_err err = DP_ERR_INIT;
	size_t i;

	reg_record_init(&r);
	if (rdap_parse(body, len, &r, &err) != 0) {
		lk_warn(l, "rdap: abuse entity: %s", err.msg);
		return;
	}
	/* The entity was linked from an abuse role: its addresses are. */
	for (i = 0; i < r.ncontacts; i++) {
		if (r.contacts[i].role == ROLE_REMARK)
			continue;
		r.contacts[i].role = ROLE_ABUSE;
		reg_set(&r.contacts[i].via, "rdap:abuse-link");
	}
	lk_take_record(l, &r, src);
	reg_record_release(&r);
}

void
lk_rdap_parsed(struct lookup *l, const char *body, size_t len, int src)
{
	struct dp_err err = DP_ERR_INIT;
	size_t i;
	int have_abuse = 0;

	reg_record_release(&l->rdap);
	if (rdap_parse(body, len, &l->rdap, &err) != 0) {
		lk_warn(l, "rdap: %s: %s", l->src[src].ref.query, err.msg);
		lk_failed(l, DP_EX_PROTOCOL);
		return;
	}
	l->answered++;
	l->rdap_src = src;
	if (l->rdap.kind == REG_NONE)
		lk_warn(l, "rdap: %s has no record for %s",
		    l->src[src].ref.server, l->value);
	lk_take_record(l, &l->rdap, src);
	for (i = 0; i < l->rdap.ncontacts; i++)
		if (l->rdap.contacts[i].role == ROLE_ABUSE)
			have_abuse = 1;
	/* An abuse entity without an address: follow its self link once. */
	if (!have_abuse && l->rdap.nlinks > 0)
		lk_follow_rdap_link(l, l->rdap.links[0],
		    l->src[src].ref.query, rdap_link_parsed);
}

void
lk_cymru_parsed(struct lookup *l, const char *body, size_t len, int src)
{
	struct dp_err err = DP_ERR_INIT;
	size_t i, k;

	if (cymru_parse(body, len, &l->cymru, &l->ncymru, &err) != 0) {
		lk_warn(l, "cymru: %s", err.msg);
		lk_failed(l, DP_EX_PROTOCOL);
		return;
	}
	l->answered++;
	l->cymru_src = src;
	if (l->type == LK_ASN)
		return;
	for (i = 0; i < l->ncymru; i++) {
		struct ipnet a;

		for (k = 0; k < l->cymru[i].nasns; k++)
			lk_add_origin(l, l->cymru[i].asns[k], src);
		/* Each row speaks for its address: a bulk lookup reuses it. */
		if (l->src[src].batch >= 0 && l->cymru[i].ip != NULL &&
		    val_ip(l->cymru[i].ip, &a, NULL) == 0)
			source_add_range(&lk_new_batch(l)->v[l->src[src].batch],
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
		lk_warn(l, "ripestat: %s: %s", call, err.msg);
		lk_failed(l, DP_EX_PROTOCOL);
		return;
	}
	l->answered++;
	lk_take_record(l, &r, src);
	reg_record_release(&r);
}

void
lk_ripestat_abuse_parsed(struct lookup *l, const char *body, size_t len,
    int src)
{
	ripestat_record(l, body, len, src, "abuse-contact-finder",
	    ripestat_parse_abuse);
}

void
lk_ripestat_overview_parsed(struct lookup *l, const char *body, size_t len,
    int src)
{
	ripestat_record(l, body, len, src, "prefix-overview",
	    ripestat_parse_prefix_overview);
}

/* Whether record p's block covers record r's (same family), or AS range. */
static int
record_covers(const struct reg_record *p, const struct reg_record *r)
{
	size_t n = r->family == AF_INET6 ? 16 : 4;

	if (r->kind == REG_AUTNUM)
		return p->kind == REG_AUTNUM && p->asn_first <= r->asn_first &&
		    r->asn_last <= p->asn_last;
	return r->kind == REG_NET && p->kind == REG_NET && p->has_range &&
	    r->has_range && p->family == r->family &&
	    memcmp(p->first, r->first, n) <= 0 &&
	    memcmp(r->last, p->last, n) <= 0;
}

static int
record_has_abuse(const struct reg_record *r)
{
	size_t i;

	for (i = 0; i < r->ncontacts; i++)
		if (r->contacts[i].role == ROLE_ABUSE)
			return 1;
	return 0;
}

/* "NET-... at whois.arin.net": facts one record took from another. */
static void
name_server(struct reg_record *r, const char *server)
{
	size_t i;
	char *s;

	if (server == NULL)
		return;
	if (r->origins_from != NULL) {
		s = xasprintf("%s at %s", r->origins_from, server);
		free(r->origins_from);
		r->origins_from = s;
	}
	for (i = 0; i < r->ncontacts; i++)
		if (r->contacts[i].from != NULL) {
			s = xasprintf("%s at %s", r->contacts[i].from, server);
			free(r->contacts[i].from);
			r->contacts[i].from = s;
		}
}

/*
 * The most specific record of a chain (an rwhois server's customer
 * network, say) may state no origin AS or abuse contact that the covering
 * record an earlier server gave (the carrier's NetRange) does: take them
 * from the closest such record, as facts of that answer, each naming the
 * record it came from.  hopsrc[i] is hop i's index in l->src, or -1.
 */
static void
inherit_from_chain(struct lookup *l, const struct whois_chain *c,
    const int *hopsrc)
{
	const struct reg_record *rec = &c->rec;
	int need_origin, need_abuse, i;
	size_t k;

	need_origin = rec->kind == REG_NET && rec->norigins == 0;
	need_abuse = !record_has_abuse(rec);
	for (i = c->rec_hop - 1; i >= 0 && (need_origin || need_abuse); i--) {
		const struct whois_hop *h = &c->hops[i];
		struct reg_record p, take;
		struct dp_err err = DP_ERR_INIT;
		enum whois_fmt fmt = whois_hop_fmt(h);
		const char *name;
		char *from;

		if (h->raw == NULL || h->rc != 0 || hopsrc[i] < 0 ||
		    fmt == WHOIS_IANA)
			continue;
		reg_record_init(&p);
		if (whois_parse(fmt, h->raw, h->rawlen, c->type, &p, &err) != 0
		    || !record_covers(&p, rec)) {
			reg_record_release(&p);
			continue;
		}
		reg_record_init(&take);
		name = p.handle != NULL ? p.handle : p.name != NULL ? p.name :
		    "the covering record";
		if (need_origin && p.norigins > 0) {
			for (k = 0; k < p.norigins; k++)
				reg_add_origin(&take, p.origins[k]);
			from = xasprintf("%s at %s", p.origins_from != NULL ?
			    p.origins_from : name, h->server);
			reg_set(&take.origins_from, from);
			free(from);
			need_origin = 0;
		}
		if (need_abuse && record_has_abuse(&p)) {
			for (k = 0; k < p.ncontacts; k++) {
				const struct reg_contact *pc = &p.contacts[k];

				if (pc->role != ROLE_ABUSE)
					continue;
				if (!reg_add_contact(&take, pc->email, pc->role,
				    pc->handle, pc->via))
					continue;
				from = xasprintf("%s at %s", pc->from != NULL ?
				    pc->from : name, h->server);
				reg_set(&take.contacts[take.ncontacts - 1].from,
				    from);
				free(from);
			}
			need_abuse = 0;
		}
		lk_take_record(l, &take, hopsrc[i]);
		reg_record_release(&take);
		reg_record_release(&p);
	}
}

void
lk_whois_done(struct whois_chain *c, void *arg)
{
	struct lookup *l = arg;
	int *hopsrc = xcalloc(c->nhops + 1, sizeof(*hopsrc));
	size_t i;
	int idx;

	for (i = 0; i < c->nhops; i++) {
		struct whois_hop *h = &c->hops[i];
		const char *proto = whois_hop_protocol(h);
		char server[300];
		unsigned char d[SHA256_LEN];
		char hex[SHA256_HEXLEN];

		hopsrc[i] = -1;
		if (h->raw == NULL || h->rc != 0)
			continue;	/* no answer, or none that could be read */
		snprintf(server, sizeof(server), "%s:%d", h->server, h->port);
		if (h->source_id != 0 || h->batch >= 0) {
			/* Stored, or already in the shared batch. */
			sha256_buf(h->raw, h->rawlen, d);
			sha256_hex(d, hex);
			idx = lk_add_src(l, h->source_id, h->source_id != 0 ?
			    -1 : h->batch, proto, server, h->query,
			    h->fetched_at, hex, h->rawlen);
		} else {
			idx = lk_add_new_src(l, proto, server, h->query,
			    h->fetched_at, 0, 0, h->raw, h->rawlen);
			/* So that a bulk lookup can reuse it later. */
			if (h->has_range)
				source_add_range(&lk_new_batch(l)->v[
				    l->src[idx].batch], h->family, h->lo,
				    h->hi);
		}
		l->src[idx].ref.reused = h->reused;
		hopsrc[i] = idx;
		if ((int)i == c->rec_hop)
			l->whois_src = idx;
	}
	if (c->rc != 0) {
		lk_warn(l, "whois: %s", c->err.msg);
		lk_failed(l, c->rc);
	} else {
		l->answered++;
		if (c->rec.kind != REG_NONE) {
			name_server(&c->rec, c->rec_hop >= 0 ?
			    c->hops[c->rec_hop].server : NULL);
			lk_take_record(l, &c->rec, l->whois_src);
			inherit_from_chain(l, c, hopsrc);
			/* ARIN's help: "!" before a handle asks for that
			   record alone, in full. */
			if (c->rec.summary && c->rec.handle != NULL &&
			    c->rec_hop >= 0)
				lk_warn(l, "whois: %s listed %s in a one-line "
				    "summary, without contacts or origin; ask "
				    "it for '! %s'", c->hops[c->rec_hop].server,
				    c->rec.handle, c->rec.handle);
		} else if (c->err.msg[0] != '\0')
			lk_warn(l, "whois: %s", c->err.msg);
		else
			lk_warn(l, "whois: no registry holds a record for %s",
			    l->value);
	}
	/* Parsed, and kept in the batch or the store: the copies can go
	   (a bulk run holds many chains). */
	for (i = 0; i < c->nhops; i++) {
		free(c->hops[i].raw);
		c->hops[i].raw = NULL;
	}
	free(hopsrc);
	/* What the chain could not do on the way. */
	for (i = 0; i < c->nwarnings; i++)
		lk_warn(l, "whois: %s", c->warnings[i]);
	lk_settle(l);
}

/*
 * IRR route objects: for an address, the routes covering it give origins;
 * for an AS number ("-i origin ASx"), the routes it registered are its
 * prefixes.
 */
void
lk_routes_parsed(struct lookup *l, const char *body, size_t len, int src)
{
	struct rpsl_route *rt = NULL;
	struct dp_err err = DP_ERR_INIT;
	size_t n = 0, i;
	unsigned flags = 0;

	if (rpsl_parse_routes(body, len, &rt, &n, &flags, &err) != 0) {
		lk_warn(l, "irr: %s", err.msg);
		lk_failed(l, DP_EX_PROTOCOL);
		return;
	}
	l->answered++;
	if (flags & RPSL_TRUNCATED)
		lk_warn(l, "irr: the route list was cut short by the server");
	if (n == 0)
		lk_warn(l, "irr: %s has no route objects for %s",
		    l->ep->irr.name, l->value);
	for (i = 0; i < n; i++) {
		if (l->type == LK_ASN) {
			l->irr_routes = xrealloc(l->irr_routes,
			    (l->nirr_routes + 1) * sizeof(*l->irr_routes));
			l->irr_routes[l->nirr_routes++] = rt[i].prefix;
		} else
			lk_add_origin(l, rt[i].origin, src);
	}
	if (n > 0)
		l->irr_src = src;
	rpsl_routes_free(rt, n);
}
