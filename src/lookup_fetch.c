/*
 * lookup_fetch.c - the ground floor of a lookup (see lookup.h): asking a
 * registry or reading its fresh stored answer, and recording each fact
 * with the source it came from.  Each registry answer becomes an lk_src
 * (stored later as a source, or already stored and served from the
 * store), and every fact taken from it keeps that source's index, so the
 * result can say where each address and origin came from.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "ascii.h"
#include "dns.h"
#include "exitcodes.h"
#include "lookup_internal.h"
#include "rdap.h"

#define RDAP_ACCEPT	"application/rdap+json, application/json"

/* A request in flight, and what to do with its answer. */
struct fetch {
	struct lookup	*l;
	struct net_req	 req;
	char		*protocol;
	char		*server;	/* label stored with the source */
	char		*query;
	lk_parse_fn	*parse;
	int		 failed_rc;	/* the request failed with this */
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
	l->whois_src = l->rdap_src = l->cymru_src = l->irr_src = -1;
	l->want = want;
	reg_record_init(&l->rdap);
	/* A URL has slashes too, and is refused below. */
	if (strchr(input, '/') != NULL && !dns_looks_like_name(input)) {
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
		if (dns_looks_like_name(input))
			return dp_fail(err, DP_EX_DATAERR, "a domain name or "
			    "a URL, not an address, prefix or AS number (names "
			    "are looked up one at a time: depeer lookup NAME)");
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

int
lookup_check(const char *input, struct dp_err *err)
{
	struct lookup l;
	int rc;

	if ((rc = lookup_init(&l, input, 0, err)) == 0)
		lookup_release(&l);
	return rc;
}

static void
src_release(struct lk_src *s)
{
	source_ref_release(&s->ref);
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
		free(l->contacts[i].from);
	}
	free(l->contacts);
	for (i = 0; i < l->norigins; i++)
		free(l->origins[i].from);
	free(l->origins);
	free(l->irr_routes);
	if (l->release_ext != NULL)
		l->release_ext(l);
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
void
lk_failed(struct lookup *l, int code)
{
	if (l->worst_rc == 0 || code == DP_EX_PROTOCOL)
		l->worst_rc = code;
	l->nfailed++;
}

void
lk_warn(struct lookup *l, const char *fmt, ...)
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
int
lk_add_src(struct lookup *l, int64_t id, int batch, const char *protocol,
    const char *server, const char *query, int64_t fetched_at,
    const char *sha256, size_t size)
{
	struct lk_src *s;

	l->src = xrealloc(l->src, (l->nsrc + 1) * sizeof(*l->src));
	s = &l->src[l->nsrc];
	source_ref_set(&s->ref, id, protocol, server, query, fetched_at,
	    sha256, size);
	s->batch = batch;
	s->ref.cached = batch < 0;
	return (int)l->nsrc++;
}

/* Where the lookup's new answers go. */
struct source_batch *
lk_new_batch(struct lookup *l)
{
	return l->shared != NULL ? l->shared : &l->batch;
}

/* A new answer: into the batch to store, and into the list used. */
int
lk_add_new_src(struct lookup *l, const char *protocol, const char *server,
    const char *query, int64_t fetched_at, long status, int has_status,
    const char *body, size_t len)
{
	struct source_batch *b = lk_new_batch(l);

	source_batch_add(b, protocol, server, query, fetched_at, status,
	    has_status, body, len);
	return lk_add_src(l, 0, (int)b->n - 1, protocol, server, query,
	    fetched_at, b->v[b->n - 1].sha256, len);
}

/* Every address as found; contacts_rank() ranks and de-duplicates. */
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
	k->from = c->from != NULL ? xstrdup(c->from) : NULL;
	k->src = src;
}

void
lk_add_origin(struct lookup *l, uint32_t asn, int src)
{
	size_t i;

	for (i = 0; i < l->norigins; i++)
		if (l->origins[i].asn == asn)
			return;
	l->origins = xrealloc(l->origins,
	    (l->norigins + 1) * sizeof(*l->origins));
	l->origins[l->norigins].asn = asn;
	l->origins[l->norigins].from = NULL;
	l->origins[l->norigins++].src = src;
}

void
lk_take_record(struct lookup *l, const struct reg_record *r, int src)
{
	size_t i;

	for (i = 0; i < r->ncontacts; i++)
		add_contact(l, &r->contacts[i], src);
	for (i = 0; i < r->norigins; i++) {
		size_t before = l->norigins;

		lk_add_origin(l, r->origins[i], src);
		if (l->norigins > before && r->origins_from != NULL)
			l->origins[before].from = xstrdup(r->origins_from);
	}
}

/* One answer fewer to wait for; tell the caller when it was the last. */
void
lk_settle(struct lookup *l)
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
		struct fetch *g;

		/* A server that failed the same way for another of the
		   lookup's requests (RIPEstat's calls) was warned about. */
		for (g = ((struct fetch_list *)l->priv_fetches)->head;
		    g != NULL; g = g->next)
			if (g != f && g->failed_rc == r->rc &&
			    strcmp(g->protocol, f->protocol) == 0 &&
			    strcmp(g->server, f->server) == 0)
				break;
		if (g == NULL)
			lk_warn(l, "%s: %s", f->protocol, r->err.msg);
		f->failed_rc = r->rc;
		lk_failed(l, r->rc);
		lk_settle(l);
		return;
	}
	before = l->nfailed;
	idx = lk_add_new_src(l, f->protocol, f->server, f->query, r->fetched_at,
	    r->status, r->kind == NET_HTTP, r->body.s, r->body.len);
	f->parse(l, r->body.s, r->body.len, idx);
	/*
	 * An answer that could not be read is not kept: it holds no fact,
	 * and kept it would be served from the store instead of asking
	 * again.  The warning says what was wrong with it.
	 */
	if (l->nfailed > before && idx == (int)l->nsrc - 1) {
		struct source_batch *b = lk_new_batch(l);

		src_release(&l->src[--l->nsrc]);
		source_release(&b->v[--b->n]);
	}
	lk_settle(l);
}

/*
 * Ask protocol's server (a WHOIS host:port, or an HTTPS URL) the query,
 * or take a fresh enough stored answer.
 */
void
lk_fetch(struct lookup *l, enum net_kind kind, const char *protocol,
    const char *host, int port, const char *query,
    lk_parse_fn *parse)
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
	if (l->cache != NULL && l->cache->cached(l->cache->self, protocol,
	    server, query, &s) == 0) {
		idx = lk_add_src(l, s.id, -1, protocol, server, query,
		    s.fetched_at, s.sha256, s.size);
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

/* part of url, or NULL (curl_free() it). */
static char *
url_part(CURLU *u, CURLUPart what)
{
	char *s = NULL;

	if (curl_url_get(u, what, &s, 0) != CURLUE_OK)
		return NULL;
	return s;
}

/* Why link (parsed in lu) may not be followed, or NULL if it may. */
static const char *
link_refused(struct lookup *l, CURLU *lu, CURLU *au, char *why, size_t len)
{
	char *scheme = url_part(lu, CURLUPART_SCHEME);
	char *host = url_part(lu, CURLUPART_HOST);
	char *port = url_part(lu, CURLUPART_PORT);
	char *user = url_part(lu, CURLUPART_USER);
	char *ahost = url_part(au, CURLUPART_HOST);
	char *aport = url_part(au, CURLUPART_PORT);
	const char *r = NULL;

	if (scheme == NULL || ascii_casecmp(scheme, "https") != 0)
		r = "not an https URL";
	else if (user != NULL)
		r = "it carries a user name";
	else if (host == NULL || ((ahost == NULL ||
	    ascii_casecmp(host, ahost) != 0) && (l->bootstrap == NULL ||
	    !rdap_bootstrap_has_host(l->bootstrap, host)))) {
		snprintf(why, len, "another host, neither that of the answer "
		    "nor an RDAP server of the IANA bootstrap");
		r = why;
	} else if (port != NULL && strcmp(port, "443") != 0 &&
	    (aport == NULL || strcmp(port, aport) != 0 ||
	    ascii_casecmp(host, ahost) != 0))
		r = "another port";
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_free(user);
	curl_free(ahost);
	curl_free(aport);
	return r;
}

/*
 * libcurl's URL parser (the one that will fetch the link) reads the link,
 * so that the host and port checked are those it would connect to.
 */
void
lk_follow_rdap_link(struct lookup *l, const char *link,
    const char *answer_url, lk_parse_fn *parse)
{
	CURLU *lu = curl_url(), *au = curl_url();
	char shown[ASCII_EXCERPT_BUF], from[ASCII_EXCERPT_BUF], why[200];
	const char *refused = NULL;
	char *host = NULL, *ahost = NULL;

	if (lu == NULL || au == NULL)
		die("out of memory");
	if (curl_url_set(au, CURLUPART_URL, answer_url, 0) != CURLUE_OK)
		refused = "the answer's own URL cannot be read";
	else if (curl_url_set(lu, CURLUPART_URL, link, 0) != CURLUE_OK)
		refused = "not a URL";
	else
		refused = link_refused(l, lu, au, why, sizeof(why));
	if (refused == NULL && (host = url_part(lu, CURLUPART_HOST)) != NULL)
		lk_fetch(l, NET_HTTP, "rdap", host, NET_PORT_HTTPS, link,
		    parse);
	else {
		ahost = url_part(au, CURLUPART_HOST);
		lk_warn(l, "rdap: not following link '%s' in the answer of "
		    "%s: %s", ascii_excerpt(link, strlen(link), shown),
		    ahost != NULL ? ascii_excerpt(ahost, strlen(ahost), from) :
		    "?", refused != NULL ? refused : "no host");
	}
	curl_free(host);
	curl_free(ahost);
	curl_url_cleanup(lu);
	curl_url_cleanup(au);
}

void
lookup_take_cymru(struct lookup *l, const struct cymru_row *rows, size_t n,
    int64_t id, int batch, const char *server, const char *label,
    int64_t fetched_at, const char *sha256, size_t size)
{
	size_t i, k;
	int src;

	src = lk_add_src(l, id, id != 0 ? -1 : batch, "cymru", server, label,
	    fetched_at, sha256, size);
	l->answered++;
	l->cymru_src = src;
	for (i = 0; i < n; i++) {
		l->cymru = xrealloc(l->cymru, (l->ncymru + 1) *
		    sizeof(*l->cymru));
		cymru_row_copy(&l->cymru[l->ncymru++], &rows[i]);
		for (k = 0; k < rows[i].nasns; k++)
			lk_add_origin(l, rows[i].asns[k], src);
	}
	if (n == 0)
		lk_warn(l, "cymru: %s has no row for %s", server, l->value);
}

void
lookup_note_failure(struct lookup *l, int code, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	lk_warn(l, "%s", msg);
	free(msg);
	lk_failed(l, code);
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
		if (l->src[i].ref.id == 0 && l->src[i].batch >= 0 &&
		    l->shared != NULL &&
		    (size_t)l->src[i].batch < l->shared->n)
			l->src[i].ref.id = l->shared->v[l->src[i].batch].id;
}

const struct source_ref *
lookup_src(const struct lookup *l, int src)
{
	return src >= 0 && (size_t)src < l->nsrc ? &l->src[src].ref : NULL;
}

const char *
lookup_asn_name(const struct lookup *l)
{
	if (l->whois.rec.kind != REG_NONE && l->whois.rec.name != NULL)
		return l->whois.rec.name;
	return l->rdap.name;
}
