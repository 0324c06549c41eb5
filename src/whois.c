/*
 * whois.c - WHOIS lookups as referral chains over the net loop; see
 * whois.h.  Parsing is whois_parse.c's; this file decides whom to ask
 * next and when to stop.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "exitcodes.h"
#include "source.h"
#include "whois.h"

static void	ask(struct whois_chain *c, const char *host, int port);

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
		    strcasecmp(c->hops[i].server, host) == 0)
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
	if (port != 43 && port != 4321) {
		chain_note(c, "%s referred to %s port %d, which is not a "
		    "WHOIS port; not followed", from, host, port);
	} else if (visited(c, host, port)) {
		chain_note(c, "%s referred back to %s:%d; referral loop "
		    "stopped", from, host, port);
	} else if (c->nhops >= WHOIS_MAX_HOPS) {
		chain_note(c, "referral chain longer than %d servers; %s:%d "
		    "not asked", WHOIS_MAX_HOPS, host, port);
	} else {
		ask(c, host, port);
		sent = 1;
	}
	free(host);
	return sent;
}

/* The last hop has its answer (from the network or the cache): use it. */
static void
process(struct whois_chain *c)
{
	struct whois_hop *h = &c->hops[c->nhops - 1];
	struct reg_record rec;
	struct dp_err err = DP_ERR_INIT;
	enum whois_fmt fmt;
	char from[300];
	int rc;

	snprintf(from, sizeof(from), "%s:%d", h->server, h->port);
	fmt = h->port == 4321 ? WHOIS_RWHOIS : whois_fmt_for_server(h->server);
	reg_record_init(&rec);
	rc = whois_parse(fmt, h->raw, h->rawlen, c->type, &rec, &err);
	if (rc != 0) {
		h->rc = rc;
		h->error = xasprintf("%s query '%s': %s", from, h->query,
		    err.msg);
		stop(c, rc, "%s", h->error);
		return;
	}
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

		/* Carry the notes of earlier hops. */
		for (i = 0; i < c->rec.nnotes; i++)
			reg_add_note(&rec, "%s", c->rec.notes[i]);
		reg_record_release(&c->rec);
		c->rec = rec;
		c->rec_hop = (int)c->nhops - 1;
		if (c->rec.referral != NULL && follow(c, c->rec.referral,
		    from))
			return;
	} else {
		if (c->rec.kind != REG_NONE)
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

	h->fetched_at = r->fetched_at;
	h->rc = r->rc;
	if (r->rc != 0) {
		/* No answer to keep: what arrived before the failure is not
		   one. */
		h->error = xstrdup(r->err.msg);
		net_req_release(&c->req);
		stop(c, h->rc, "%s", h->error);
		return;
	}
	h->rawlen = r->body.len;
	h->raw = xmalloc(r->body.len + 1);
	memcpy(h->raw, r->body.s, r->body.len);
	h->raw[r->body.len] = '\0';
	net_req_release(&c->req);
	process(c);
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
	if (db_source_cached(c->cache, h->port == 4321 ? "rwhois" : "whois",
	    server, h->query, c->not_before, &s, NULL) != 0)
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
ask(struct whois_chain *c, const char *host, int port)
{
	struct whois_hop *h;
	enum whois_fmt fmt = port == 4321 ? WHOIS_RWHOIS :
	    whois_fmt_for_server(host);
	char *q = whois_query(fmt, host, c->type, c->value);

	if (q == NULL)
		die("whois_query refused a validated value '%s'", c->value);
	c->hops = xrealloc(c->hops, (c->nhops + 1) * sizeof(*c->hops));
	h = &c->hops[c->nhops++];
	memset(h, 0, sizeof(*h));
	h->server = xstrdup(host);
	h->port = port;
	h->query = q;
	if (from_cache(c, h)) {
		process(c);
		return;
	}
	memset(&c->req, 0, sizeof(c->req));
	c->req.kind = NET_WHOIS;
	c->req.host = xstrdup(host);
	c->req.port = port;
	c->req.query = xstrdup(q);
	c->req.done = answered;
	c->req.arg = c;
	net_add(c->net, &c->req);
}

void
whois_chain_start(struct net *net, struct whois_chain *c)
{
	c->net = net;
	c->rc = 0;
	c->err.code = 0;
	c->err.msg[0] = '\0';
	c->rec_hop = -1;
	reg_record_init(&c->rec);
	ask(c, c->start != NULL ? c->start : WHOIS_DEFAULT_START, 43);
}
