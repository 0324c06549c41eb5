/*
 * whois.c - WHOIS lookups as referral chains over the net loop; see
 * whois.h.  Parsing is whois_parse.c's; this file decides whom to ask
 * next and when to stop.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ascii.h"
#include "exitcodes.h"
#include "lpm.h"
#include "source.h"
#include "whois.h"

static void	ask(struct whois_chain *c, const char *host, int port,
		    int rw);
static void	ask_level(struct whois_chain *c, const char *host, int port,
		    int rw, int level);
static void	send_hop(struct whois_chain *c, const struct whois_hop *h);
static void	process(struct whois_chain *c, const struct reg_record *pre);
static int	from_cache(struct whois_chain *c, struct whois_hop *h);
struct sh_answer;
static void	reuse(struct whois_chain *c, struct whois_hop *h,
		    struct sh_answer *a);

/* The format and stored protocol of an answer in rwhois (rw) or WHOIS. */
static enum whois_fmt
fmt_of(const char *host, int rw)
{
	return rw ? WHOIS_RWHOIS : whois_fmt_for_server(host);
}

static const char *
proto_of(int rw)
{
	return rw ? "rwhois" : "whois";
}

/* ---- sharing answers between chains (whois.h) ---- */

/* An answer a chain may reuse: stored earlier, or fetched in this run. */
struct sh_answer {
	char		*server;	/* "host:port" */
	int		 rwhois;	/* in rwhois, not WHOIS */
	char		*query;		/* what was asked */
	int		 family;
	unsigned char	 lo[16], hi[16];
	int64_t		 source_id;	/* stored: its id, else 0 */
	int		 batch;		/* fetched now: index in batch */
	char		*raw;		/* stored: its bytes (NUL added) */
	size_t		 rawlen;
	time_t		 fetched_at;
	/* parsed once, at its first reuse, for every chain it serves */
	int		 parsed;	/* 1: parse_rc and rec are set */
	int		 parse_rc;
	struct reg_record rec;
};

/* A query in flight that other chains wait on. */
struct sh_flight {
	char		*host;
	int		 port;
	int		 rwhois;
	struct ipnet	 addr;
	struct whois_chain *leader;
	struct whois_chain *waiters;
	struct sh_flight *next;
};

struct whois_share {
	const struct source_reader *cache;
	struct source_batch *batch;
	struct sh_answer *ans;
	size_t		 nans;
	struct sh_flight *flights;
	size_t		 asked, reused;
};

struct whois_share *
whois_share_new(const struct source_reader *cache,
    struct source_batch *batch)
{
	struct whois_share *s = xcalloc(1, sizeof(*s));

	s->cache = cache;
	s->batch = batch;
	return s;
}

void
whois_share_free(struct whois_share *s)
{
	struct sh_flight *f, *fn;
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nans; i++) {
		free(s->ans[i].server);
		free(s->ans[i].query);
		free(s->ans[i].raw);
		if (s->ans[i].parsed)
			reg_record_release(&s->ans[i].rec);
	}
	free(s->ans);
	for (f = s->flights; f != NULL; f = fn) {
		fn = f->next;
		free(f->host);
		free(f);
	}
	free(s);
}

void
whois_share_counts(const struct whois_share *s, size_t *asked,
    size_t *reused)
{
	*asked = s->asked;
	*reused = s->reused;
}

static int
in_range(int family, const unsigned char lo[16], const unsigned char hi[16],
    const struct ipnet *a)
{
	int n = ipnet_bytes(family);

	return a->family == family && memcmp(lo, a->addr, n) <= 0 &&
	    memcmp(a->addr, hi, n) <= 0;
}

/* Do the first bits bits of two addresses of one family agree? */
static int
same_block(const struct ipnet *a, const struct ipnet *b, int bits)
{
	return a->family == b->family &&
	    ipnet_bits_match(a->addr, b->addr, bits);
}

/*
 * IANA's special-purpose address blocks (RFC 6890 and its registries):
 * registered inside IANA's /8s and the registries' blocks, so an answer
 * about a neighbour says nothing about them.
 */
static int
special_purpose(const struct ipnet *a)
{
	static const struct {
		int		 family;
		const char	*prefix;
	} blocks[] = {
		{ AF_INET, "0.0.0.0/8" }, { AF_INET, "10.0.0.0/8" },
		{ AF_INET, "100.64.0.0/10" }, { AF_INET, "127.0.0.0/8" },
		{ AF_INET, "169.254.0.0/16" }, { AF_INET, "172.16.0.0/12" },
		{ AF_INET, "192.0.0.0/24" }, { AF_INET, "192.0.2.0/24" },
		{ AF_INET, "192.31.196.0/24" }, { AF_INET, "192.52.193.0/24" },
		{ AF_INET, "192.88.99.0/24" }, { AF_INET, "192.168.0.0/16" },
		{ AF_INET, "192.175.48.0/24" }, { AF_INET, "198.18.0.0/15" },
		{ AF_INET, "198.51.100.0/24" }, { AF_INET, "203.0.113.0/24" },
		{ AF_INET, "224.0.0.0/3" },
		{ AF_INET6, "::/8" }, { AF_INET6, "64:ff9b::/96" },
		{ AF_INET6, "64:ff9b:1::/48" }, { AF_INET6, "100::/64" },
		{ AF_INET6, "2001::/23" }, { AF_INET6, "2001:db8::/32" },
		{ AF_INET6, "2002::/16" }, { AF_INET6, "2620:4f:8000::/48" },
		{ AF_INET6, "3fff::/20" }, { AF_INET6, "5f00::/16" },
		{ AF_INET6, "fc00::/7" }, { AF_INET6, "fe80::/10" },
		{ AF_INET6, "ff00::/8" },
	};
	/* Built once: every address of a bulk run is checked. */
	static struct lpm table = LPM_INIT;
	static int built;
	struct ipnet n, q = *a;
	size_t i;

	if (!built) {
		for (i = 0; i < ARRAY_SIZE(blocks); i++) {
			if (val_cidr(blocks[i].prefix, &n, NULL) != 0 ||
			    n.family != blocks[i].family)
				die("bad special-purpose block %s",
				    blocks[i].prefix);
			(void)lpm_insert(&table, &n, (void *)blocks[i].prefix);
		}
		built = 1;
	}
	q.plen = ipnet_bits(q.family);	/* the blocks its first address is in */
	return lpm_lookup(&table, &q, NULL) != NULL;
}

/*
 * How finely chains about nearby addresses wait on one another's query
 * to host, at level (0 first): the prefix length two addresses share, or
 * -1 when the chain should ask without waiting.
 */
static int
wait_bits(const char *host, int family, int level)
{
	static const int iana4[] = { 8 }, iana6[] = { 12 };
	static const int reg4[] = { 16, 24 }, reg6[] = { 32, 48 };
	const int *v;
	int n;

	if (whois_fmt_for_server(host) == WHOIS_IANA) {
		v = family == AF_INET ? iana4 : iana6;
		n = 1;
	} else {
		v = family == AF_INET ? reg4 : reg6;
		n = 2;
	}
	return level < n ? v[level] : -1;
}

static void
server_label(char *buf, size_t size, const char *host, int port)
{
	snprintf(buf, size, "%s:%d", host, port);
}

/*
 * A stored answer from host:port whose range covers the chain's address:
 * parsed again to be sure it does, then remembered for the other chains.
 */
static struct sh_answer *
share_from_store(struct whois_share *sh, struct whois_chain *c,
    const char *host, int rw, const char *server)
{
	struct source src;
	struct reg_record rec;
	struct dp_err err = DP_ERR_INIT;
	struct sh_answer *a;
	enum whois_fmt fmt = fmt_of(host, rw);
	int64_t id;
	size_t i;
	int ok;

	if (sh->cache == NULL || sh->cache->covering(sh->cache->self,
	    proto_of(rw), server, c->addr.family, c->addr.addr,
	    &id) != 0)
		return NULL;
	/* Known, and its range does not cover the address after all. */
	for (i = 0; i < sh->nans; i++)
		if (sh->ans[i].source_id == id)
			return NULL;
	if (sh->cache->get(sh->cache->self, id, &src) != 0)
		return NULL;
	reg_record_init(&rec);
	ok = whois_parse(fmt, src.content, src.size, WQ_ADDR, &rec, &err) ==
	    0 && rec.has_range && in_range(rec.family, rec.first, rec.last,
	    &c->addr);
	if (!ok) {
		reg_record_release(&rec);
		source_release(&src);
		return NULL;
	}
	sh->ans = xrealloc(sh->ans, (sh->nans + 1) * sizeof(*sh->ans));
	a = &sh->ans[sh->nans++];
	memset(a, 0, sizeof(*a));
	a->server = xstrdup(server);
	a->rwhois = rw;
	a->query = src.query;
	src.query = NULL;
	a->family = rec.family;
	memcpy(a->lo, rec.first, 16);
	memcpy(a->hi, rec.last, 16);
	a->source_id = src.id;
	a->batch = -1;
	a->raw = src.content;
	a->rawlen = src.size;
	src.content = NULL;
	a->fetched_at = src.fetched_at;
	a->parsed = 1;		/* kept for the chains it serves */
	a->parse_rc = 0;
	a->rec = rec;
	source_release(&src);
	return a;
}

/* The most specific answer from host:port covering the chain's address. */
static struct sh_answer *
share_find(struct whois_share *sh, struct whois_chain *c, const char *host,
    int port, int rw)
{
	struct sh_answer *best = NULL, *a;
	char server[300];
	size_t i;
	int n = ipnet_bytes(c->addr.family);

	server_label(server, sizeof(server), host, port);
	for (i = 0; i < sh->nans; i++) {
		a = &sh->ans[i];
		if (!in_range(a->family, a->lo, a->hi, &c->addr) ||
		    a->rwhois != rw || ascii_casecmp(a->server, server) != 0)
			continue;
		if (best == NULL || memcmp(a->lo, best->lo, n) > 0 ||
		    (memcmp(a->lo, best->lo, n) == 0 &&
		    memcmp(a->hi, best->hi, n) < 0))
			best = a;
	}
	return best != NULL ? best : share_from_store(sh, c, host, rw,
	    server);
}

/*
 * Remember the answer of the chain's last hop for the others: a new one
 * goes into the batch to store, and any with a range can be reused.
 */
static void
share_add(struct whois_share *sh, struct whois_chain *c)
{
	struct whois_hop *h = &c->hops[c->nhops - 1];
	struct sh_answer *a;
	char server[300];

	server_label(server, sizeof(server), h->server, h->port);
	if (h->source_id == 0) {
		source_batch_add(sh->batch, proto_of(h->rwhois), server,
		    h->query, h->fetched_at, 0, 0, h->raw, h->rawlen);
		h->batch = (int)sh->batch->n - 1;
		if (h->has_range)
			source_add_range(&sh->batch->v[h->batch], h->family,
			    h->lo, h->hi);
	}
	if (!h->has_range)
		return;
	sh->ans = xrealloc(sh->ans, (sh->nans + 1) * sizeof(*sh->ans));
	a = &sh->ans[sh->nans++];
	memset(a, 0, sizeof(*a));
	a->server = xstrdup(server);
	a->rwhois = h->rwhois;
	a->query = xstrdup(h->query);
	a->family = h->family;
	memcpy(a->lo, h->lo, 16);
	memcpy(a->hi, h->hi, 16);
	a->source_id = h->source_id;
	a->batch = h->batch;
	if (h->source_id != 0) {
		a->raw = xmalloc(h->rawlen + 1);
		memcpy(a->raw, h->raw, h->rawlen + 1);
		a->rawlen = h->rawlen;
	}
	a->fetched_at = h->fetched_at;
}

/* A query in flight to host:port about an address near the chain's. */
static struct sh_flight *
share_flight(struct whois_share *sh, struct whois_chain *c, const char *host,
    int port, int rw, int bits)
{
	struct sh_flight *f;

	for (f = sh->flights; f != NULL; f = f->next)
		if (f->port == port && f->rwhois == rw &&
		    ascii_casecmp(f->host, host) == 0 &&
		    same_block(&f->addr, &c->addr, bits))
			return f;
	return NULL;
}

/* The chain's query is done: stop others waiting on it; returns them. */
static struct whois_chain *
share_land(struct whois_share *sh, struct whois_chain *c)
{
	struct sh_flight **fp, *f;
	struct whois_chain *w;

	for (fp = &sh->flights; *fp != NULL; fp = &(*fp)->next)
		if ((*fp)->leader == c)
			break;
	if ((f = *fp) == NULL)
		return NULL;
	*fp = f->next;
	w = f->waiters;
	free(f->host);
	free(f);
	return w;
}

/* Each waiter asks again, one level finer, now that an answer is in. */
static void
wake(struct whois_chain *w)
{
	struct whois_chain *next;
	char *host;

	for (; w != NULL; w = next) {
		next = w->next_waiter;
		w->next_waiter = NULL;
		host = w->park_host;
		w->park_host = NULL;
		ask_level(w, host, w->park_port, w->park_rwhois,
		    w->park_level + 1);
		free(host);
	}
}

void
whois_chain_release(struct whois_chain *c)
{
	size_t i;

	for (i = 0; i < c->nhops; i++) {
		free(c->hops[i].server);
		free(c->hops[i].query);
		free(c->hops[i].raw);
		free(c->hops[i].error);
	}
	free(c->hops);
	for (i = 0; i < c->nwarnings; i++)
		free(c->warnings[i]);
	free(c->warnings);
	c->warnings = NULL;
	c->nwarnings = 0;
	free(c->value);
	free(c->park_host);
	c->park_host = NULL;
	reg_record_release(&c->rec);
	net_req_release(&c->req);
	c->hops = NULL;
	c->nhops = 0;
	c->value = NULL;
}

/* Note something the chain could not do, on the record and for the user. */
static void
chain_note(struct whois_chain *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
chain_note(struct whois_chain *c, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	reg_add_note(&c->rec, "%s", s);
	c->warnings = xrealloc(c->warnings,
	    (c->nwarnings + 1) * sizeof(*c->warnings));
	c->warnings[c->nwarnings++] = s;
}

static int
visited(const struct whois_chain *c, const char *host, int port)
{
	size_t i;

	for (i = 0; i < c->nhops; i++)
		if (c->hops[i].port == port &&
		    ascii_casecmp(c->hops[i].server, host) == 0)
			return 1;
	return 0;
}

static void
finish(struct whois_chain *c)
{
	if (c->rc == 0 && c->rec.kind == REG_NONE && c->err.msg[0] == '\0')
		dp_fail(&c->err, 0, "no registry holds a record for %s",
		    c->value);
	if (c->done != NULL)
		c->done(c, c->arg);
}

/* Stop with an error, unless an earlier hop already gave an answer. */
static void
stop(struct whois_chain *c, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
stop(struct whois_chain *c, int code, const char *fmt, ...)
{
	va_list ap;
	char msg[sizeof(c->err.msg)];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (c->rec.kind != REG_NONE) {
		/* Keep the answer; say why the chain ended early. */
		chain_note(c, "%s", msg);
		c->rc = 0;
	} else
		c->rc = dp_fail(&c->err, code, "%s", msg);
	finish(c);
}

/*
 * Follow ref from the hop that gave it, if it is a WHOIS server not asked
 * yet and the chain is not too long; returns 1 if a query was sent.
 */
static int
follow(struct whois_chain *c, const char *ref, const char *from)
{
	struct dp_err err = DP_ERR_INIT;
	char *host = NULL;
	int port, rw, sent = 0;

	if (whois_referral_parse(ref, &host, &port, &rw, &err) != 0) {
		chain_note(c, "%s referred to '%.100s', which is not a WHOIS "
		    "server; not followed", from, ref);
		return 0;
	}
	if (port != NET_PORT_WHOIS && port != NET_PORT_RWHOIS) {
		chain_note(c, "%s referred to %s port %d, which is not a "
		    "WHOIS port; not followed", from, host, port);
	} else if (visited(c, host, port)) {
		chain_note(c, "%s referred back to %s:%d; referral loop "
		    "stopped", from, host, port);
	} else if (c->nhops >= WHOIS_MAX_HOPS) {
		chain_note(c, "referral chain longer than %d servers; %s:%d "
		    "not asked", WHOIS_MAX_HOPS, host, port);
	} else {
		ask(c, host, port, rw);
		sent = 1;
	}
	free(host);
	return sent;
}

/*
 * ARIN handles are letters, digits and hyphens ("NET-208-66-192-0-1",
 * "NET6-2001-DB8-1"); anything else from an answer is not sent back.
 */
static int
arin_handle_ok(const char *h)
{
	size_t n;

	for (n = 0; h[n] != '\0'; n++)
		if (n >= 64 || !((h[n] >= 'A' && h[n] <= 'Z') ||
		    (h[n] >= 'a' && h[n] <= 'z') ||
		    (h[n] >= '0' && h[n] <= '9') || h[n] == '-'))
			return 0;
	return n > 0;
}

/*
 * An answer another chain of the run got to the same query on h's server
 * (a handle asked for in full), or NULL.
 */
static struct sh_answer *
share_query(const struct whois_chain *c, const struct whois_hop *h)
{
	struct whois_share *sh = c->share;
	char server[300];
	size_t i;

	if (sh == NULL || c->type != WQ_ADDR)
		return NULL;
	server_label(server, sizeof(server), h->server, h->port);
	for (i = 0; i < sh->nans; i++)
		if (sh->ans[i].rwhois == h->rwhois &&
		    strcmp(sh->ans[i].query, h->query) == 0 &&
		    ascii_casecmp(sh->ans[i].server, server) == 0)
			return &sh->ans[i];
	return NULL;
}

/*
 * ARIN listed the record in a one-line summary (several records matched
 * the address): ask host:port for that record by its handle, in full
 * ("n" networks, "+" full output, "!" the handle), so that its contacts,
 * origin and ReferralServer are read.  Returns 1 if a query was sent.
 */
static int
ask_handle(struct whois_chain *c, const char *handle, const char *from)
{
	const struct whois_hop *prev = &c->hops[c->nhops - 1];
	struct whois_hop *h;
	struct sh_answer *a;
	char *host;
	int port = prev->port, rw = prev->rwhois;

	if (!arin_handle_ok(handle)) {
		chain_note(c, "%s listed a record by a handle that cannot be "
		    "asked for: '%.80s'", from, handle);
		return 0;
	}
	if (c->nhops >= WHOIS_MAX_HOPS) {
		chain_note(c, "referral chain longer than %d servers; %s not "
		    "asked for %s in full", WHOIS_MAX_HOPS, from, handle);
		return 0;
	}
	host = xstrdup(prev->server);
	c->hops = xrealloc(c->hops, (c->nhops + 1) * sizeof(*c->hops));
	h = &c->hops[c->nhops++];
	memset(h, 0, sizeof(*h));
	h->server = host;
	h->port = port;
	h->rwhois = rw;
	h->handle_query = 1;
	h->query = xasprintf("n + ! %s", handle);
	h->batch = -1;
	if (from_cache(c, h))
		process(c, NULL);
	else if ((a = share_query(c, h)) != NULL) {
		reuse(c, h, a);
		process(c, a->parsed && a->parse_rc == 0 ? &a->rec : NULL);
	} else
		send_hop(c, h);
	return 1;
}

/*
 * The last hop has its answer (from the network or the cache): use it.
 * pre: the answer parsed already (a shared answer reused), or NULL.
 */
static void
process(struct whois_chain *c, const struct reg_record *pre)
{
	struct whois_hop *h = &c->hops[c->nhops - 1];
	struct reg_record rec;
	struct dp_err err = DP_ERR_INIT;
	enum whois_fmt fmt;
	char from[300];
	int rc;

	snprintf(from, sizeof(from), "%s:%d", h->server, h->port);
	fmt = whois_hop_fmt(h);
	reg_record_init(&rec);
	/* pre may move once the chain asks on (share_find grows the
	   share): copied here, first. */
	if (pre != NULL) {
		reg_record_copy(&rec, pre);
		rc = 0;
	} else
		rc = whois_parse(fmt, h->raw, h->rawlen, c->type, &rec, &err);
	if (rc != 0) {
		h->rc = rc;
		h->error = xasprintf("%s query '%s': %s", from, h->query,
		    err.msg);
		stop(c, rc, "%s", h->error);
		return;
	}
	/* The network the answer names, if it covers the address asked. */
	if (c->type == WQ_ADDR && rec.has_range && in_range(rec.family,
	    rec.first, rec.last, &c->addr)) {
		h->has_range = 1;
		h->family = rec.family;
		memcpy(h->lo, rec.first, 16);
		memcpy(h->hi, rec.last, 16);
	}
	if (c->share != NULL && c->type == WQ_ADDR && !h->reused)
		share_add(c->share, c);
	if (fmt == WHOIS_IANA) {
		/* IANA only points the way. */
		if (rec.referral == NULL) {
			/* Reserved or unassigned space: an answer, not an
			   error. */
			reg_record_release(&rec);
			c->rc = 0;
			dp_fail(&c->err, 0, "%s names no registry for %s "
			    "(reserved or unassigned space?)", from, c->value);
			finish(c);
			return;
		}
		if (!follow(c, rec.referral, from) && c->rec.kind == REG_NONE) {
			c->rc = dp_fail(&c->err, DP_EX_PROTOCOL, "%s", 
			    c->rec.nnotes ? c->rec.notes[c->rec.nnotes - 1] :
			    "referral not followed");
			finish(c);
		}
		reg_record_release(&rec);
		return;
	}
	/*
	 * A registry's answer.  It replaces the one before unless it is
	 * empty (an rwhois server with nothing to say keeps ARIN's record).
	 */
	if (rec.kind != REG_NONE) {
		size_t i;
		int whole = h->handle_query && c->rec.summary;

		/* Carry the notes of earlier hops; the summary's own is
		   answered when its record came whole. */
		for (i = 0; i < c->rec.nnotes; i++)
			if (!whole || strcmp(c->rec.notes[i],
			    WHOIS_NOTE_SUMMARY) != 0)
				reg_add_note(&rec, "%s", c->rec.notes[i]);
		reg_record_release(&c->rec);
		c->rec = rec;
		c->rec_hop = (int)c->nhops - 1;
		if (fmt == WHOIS_ARIN && c->rec.summary && !h->handle_query &&
		    c->rec.handle != NULL && ask_handle(c, c->rec.handle, from))
			return;
		if (c->rec.referral != NULL && follow(c, c->rec.referral,
		    from))
			return;
	} else {
		if (c->rec.kind != REG_NONE && h->handle_query)
			chain_note(c, "%s had no answer to '%s'", from,
			    h->query);
		else if (c->rec.kind != REG_NONE)
			chain_note(c, "%s had no record for %s", from,
			    c->value);
		reg_record_release(&rec);
	}
	c->rc = 0;
	finish(c);
}

static void
answered(struct net_req *r, void *arg)
{
	struct whois_chain *c = arg;
	struct whois_hop *h = &c->hops[c->nhops - 1];
	struct whois_chain *waiting = c->share != NULL ?
	    share_land(c->share, c) : NULL;

	h->fetched_at = r->fetched_at;
	h->rc = r->rc;
	if (r->rc != 0) {
		/* No answer to keep: what arrived before the failure is not
		   one. */
		h->error = xstrdup(r->err.msg);
		net_req_release(&c->req);
		stop(c, h->rc, "%s", h->error);
	} else {
		h->rawlen = r->body.len;
		h->raw = xmalloc(r->body.len + 1);
		memcpy(h->raw, r->body.s, r->body.len);
		h->raw[r->body.len] = '\0';
		net_req_release(&c->req);
		process(c, NULL);
	}
	/* After process(): the answer is in the share for them to use. */
	wake(waiting);
}

/* Serve hop h from the store if a fresh enough answer is there. */
static int
from_cache(struct whois_chain *c, struct whois_hop *h)
{
	struct source s;
	char server[300];

	if (c->cache == NULL)
		return 0;
	snprintf(server, sizeof(server), "%s:%d", h->server, h->port);
	if (c->cache->cached(c->cache->self, whois_hop_protocol(h), server,
	    h->query, &s) != 0)
		return 0;
	h->raw = s.content;
	h->rawlen = s.size;
	h->fetched_at = s.fetched_at;
	h->source_id = s.id;
	s.content = NULL;
	source_release(&s);
	return 1;
}

static void
ask(struct whois_chain *c, const char *host, int port, int rw)
{
	ask_level(c, host, port, rw, 0);
}

/* Serve hop h from an answer about another address that covers this one. */
static void
reuse(struct whois_chain *c, struct whois_hop *h, struct sh_answer *a)
{
	const char *raw = a->raw;
	size_t len = a->rawlen;

	if (a->batch >= 0) {
		raw = c->share->batch->v[a->batch].content;
		len = c->share->batch->v[a->batch].size;
	}
	free(h->query);
	h->query = xstrdup(a->query);
	h->raw = xmalloc(len + 1);
	memcpy(h->raw, raw, len);
	h->raw[len] = '\0';
	h->rawlen = len;
	h->fetched_at = a->fetched_at;
	h->source_id = a->source_id;
	h->batch = a->batch;
	h->reused = 1;
	c->share->reused++;
	/* Parsed once, here, for all the chains it serves. */
	if (!a->parsed) {
		struct dp_err err = DP_ERR_INIT;
		enum whois_fmt fmt = whois_hop_fmt(h);

		reg_record_init(&a->rec);
		a->parse_rc = whois_parse(fmt, h->raw, h->rawlen, c->type,
		    &a->rec, &err);
		a->parsed = 1;
	}
}

/*
 * Ask host:port about the chain's value: from the store, from an answer
 * shared by another chain, after another chain's query that may answer
 * it (level: how near its address must be, see wait_bits()), or over the
 * network.
 */
static void
ask_level(struct whois_chain *c, const char *host, int port, int rw,
    int level)
{
	struct whois_share *sh = c->type == WQ_ADDR ? c->share : NULL;
	struct whois_hop *h;
	struct sh_answer *a;
	struct sh_flight *f;
	enum whois_fmt fmt = fmt_of(host, rw);
	char *q = whois_query(fmt, host, c->type, c->value);
	int bits;

	if (q == NULL)
		die("whois_query refused a validated value '%s'", c->value);
	c->hops = xrealloc(c->hops, (c->nhops + 1) * sizeof(*c->hops));
	h = &c->hops[c->nhops++];
	memset(h, 0, sizeof(*h));
	h->server = xstrdup(host);
	h->port = port;
	h->rwhois = rw;
	h->query = q;
	h->batch = -1;
	if (from_cache(c, h)) {
		process(c, NULL);
		return;
	}
	if (sh != NULL && !special_purpose(&c->addr)) {
		if ((a = share_find(sh, c, host, port, rw)) != NULL) {
			reuse(c, h, a);
			process(c, a->parsed && a->parse_rc == 0 ? &a->rec :
			    NULL);
			return;
		}
		bits = wait_bits(host, c->addr.family, level);
		if (bits >= 0 && (f = share_flight(sh, c, host, port, rw,
		    bits)) != NULL) {
			/* Not asked yet: no hop until it is. */
			free(h->server);
			free(h->query);
			c->nhops--;
			c->park_host = xstrdup(host);
			c->park_port = port;
			c->park_rwhois = rw;
			c->park_level = level;
			c->next_waiter = f->waiters;
			f->waiters = c;
			return;
		}
		f = xcalloc(1, sizeof(*f));
		f->host = xstrdup(host);
		f->port = port;
		f->rwhois = rw;
		f->addr = c->addr;
		f->leader = c;
		f->next = sh->flights;
		sh->flights = f;
	}
	send_hop(c, h);
}

/* Send hop h's query over the network. */
static void
send_hop(struct whois_chain *c, const struct whois_hop *h)
{
	if (c->share != NULL)
		c->share->asked++;
	memset(&c->req, 0, sizeof(c->req));
	c->req.kind = NET_WHOIS;
	c->req.host = xstrdup(h->server);
	c->req.port = h->port;
	c->req.query = xstrdup(h->query);
	c->req.done = answered;
	c->req.arg = c;
	net_add(c->net, &c->req);
}

void
whois_chain_start(struct net *net, struct whois_chain *c)
{
	int port;

	c->net = net;
	c->rc = 0;
	c->err.code = 0;
	c->err.msg[0] = '\0';
	c->rec_hop = -1;
	reg_record_init(&c->rec);
	if (c->type == WQ_ADDR && val_ip(c->value, &c->addr, NULL) != 0)
		die("whois chain: '%s' is not an address", c->value);
	if (c->start == NULL)
		die("BUG: a WHOIS chain without its first server");
	port = c->start_port > 0 ? c->start_port : NET_PORT_WHOIS;
	ask(c, c->start, port, port == NET_PORT_RWHOIS);
}

const char *
whois_protocol(int port)
{
	return proto_of(port == NET_PORT_RWHOIS);
}

const char *
whois_hop_protocol(const struct whois_hop *h)
{
	return proto_of(h->rwhois);
}

enum whois_fmt
whois_hop_fmt(const struct whois_hop *h)
{
	return fmt_of(h->server, h->rwhois);
}
