/*
 * lookup_name.c - a domain name or a URL resolved through DNS, the
 * answers kept as sources, and each address looked up in the registries
 * (see lookup_name.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <idn2.h>

#include "clock.h"
#include "contacts.h"
#include "exitcodes.h"
#include "jsonout.h"
#include "lookup_name.h"
#include "srcstore.h"
#include "utf8.h"
#include "validate.h"

/* ---- the operand ---- */

/*
 * The name to ask for: lower-case A-labels through libidn2 when there is
 * anything beyond ASCII (IDNA2008, non-transitional, as browsers resolve
 * it), then checked as a domain name.
 */
static int
name_canon(const char *host, char **out, struct dp_err *err)
{
	char canon[256], *a = NULL, *h = xstrdup(host);
	const unsigned char *p;
	size_t n = strlen(h);
	int rc;

	if (n > 1 && h[n - 1] == '.')
		h[n - 1] = '\0';
	for (p = (const unsigned char *)h; *p != '\0' && *p < 0x80; p++)
		;
	if (*p != '\0') {
		if (!utf8_valid(h, strlen(h), NULL)) {
			free(h);
			return dp_fail(err, DP_EX_DATAERR, "the host name is "
			    "not valid UTF-8");
		}
		rc = idn2_to_ascii_8z(h, &a, IDN2_NONTRANSITIONAL |
		    IDN2_NFC_INPUT);
		if (rc != IDN2_OK) {
			free(h);
			return dp_fail(err, DP_EX_DATAERR, "not a valid "
			    "internationalised domain name: %s",
			    idn2_strerror(rc));
		}
		free(h);
		h = xstrdup(a);
		idn2_free(a);
	}
	rc = val_domain(h, canon, sizeof(canon), err);
	free(h);
	if (rc != 0)
		return DP_EX_DATAERR;
	*out = xstrdup(canon);
	return 0;
}

int
name_lookup_init(struct name_lookup *nl, const char *input, unsigned want,
    struct dp_err *err)
{
	struct dp_err sub = DP_ERR_INIT;
	struct ipnet ip;
	char *host = NULL;

	memset(nl, 0, sizeof(*nl));
	nl->want = want;
	/* A scheme, a path or a port: a URL. */
	nl->is_url = strpbrk(input, "/:") != NULL;
	if (nl->is_url) {
		if (val_url_host(input, &host, err) != 0)
			return DP_EX_DATAERR;
	} else
		host = xstrdup(input);
	if (val_ip(host, &ip, &sub) == 0) {
		nl->literal = 1;
		nl->host = xcalloc(1, IPNET_STRLEN);
		ipnet_format_addr(&ip, nl->host, IPNET_STRLEN);
	} else if (name_canon(host, &nl->host, err) != 0) {
		free(host);
		return DP_EX_DATAERR;
	}
	free(host);
	nl->input = xstrdup(input);
	return 0;
}

void
name_lookup_release(struct name_lookup *nl)
{
	size_t i;

	for (i = 0; i < nl->ndsrc; i++)
		source_ref_release(&nl->dsrc[i].ref);
	free(nl->dsrc);
	for (i = 0; i < nl->ncnames; i++) {
		free(nl->cnames[i].name);
		free(nl->cnames[i].target);
	}
	free(nl->cnames);
	for (i = 0; i < nl->naddrs; i++)
		lookup_release(&nl->addrs[i].l);
	free(nl->addrs);
	source_batch_release(&nl->batch);
	free(nl->dns_error);
	free(nl->dns_warning);
	free(nl->input);
	free(nl->host);
	memset(nl, 0, sizeof(*nl));
}

/* ---- DNS ---- */

static void
dns_fail(struct name_lookup *nl, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
dns_fail(struct name_lookup *nl, int rc, const char *fmt, ...)
{
	va_list ap;

	if (nl->dns_rc != 0)
		return;		/* the first failure says it */
	va_start(ap, fmt);
	nl->dns_error = xvasprintf(fmt, ap);
	va_end(ap);
	nl->dns_rc = rc;
}

static int
add_dsrc(struct name_lookup *nl, int qtype, const struct dns_msg *m,
    int64_t id, int batch, const char *server, const char *query,
    int64_t fetched_at, const char *sha256, size_t size)
{
	struct name_dsrc *d;
	char rb[16];

	nl->dsrc = xrealloc(nl->dsrc, (nl->ndsrc + 1) * sizeof(*nl->dsrc));
	d = &nl->dsrc[nl->ndsrc];
	memset(d, 0, sizeof(*d));
	source_ref_set(&d->ref, id, "dns", server, query, fetched_at, sha256,
	    size);
	d->ref.cached = batch < 0;
	d->batch = batch;
	d->qtype = qtype;
	snprintf(d->rcode, sizeof(d->rcode), "%s",
	    dns_rcode_name(m->rcode, rb));
	return (int)nl->ndsrc++;
}

/*
 * How long answer m may be reused, in seconds: the smallest TTL of the
 * records used, or for a "no" the SOA's negative TTL; 0 when it says
 * neither.
 */
static uint32_t
answer_ttl(const struct dns_msg *m, int qtype)
{
	const struct dns_rr **chain, **addrs;
	size_t nchain, naddrs;
	uint32_t ttl;

	dns_follow(m, qtype, &chain, &nchain, &addrs, &naddrs, &ttl);
	free(chain);
	free(addrs);
	if (m->rcode != DNS_R_NXDOMAIN && naddrs > 0)
		return ttl;
	if (!m->has_neg_ttl)
		return 0;
	return nchain > 0 && ttl < m->neg_ttl ? ttl : m->neg_ttl;
}

/*
 * The answer to "NAME. IN TYPE": a fresh stored one, else asked now.
 * 0 with *m filled and its source recorded; else the failure is noted.
 */
static int
answer(struct name_lookup *nl, struct resolver *r, struct dns_client *dc,
    int qtype, struct dns_msg *m)
{
	const struct source_reader *rd = srcstore_reader(&r->store);
	struct dp_err e = DP_ERR_INIT;
	struct source s;
	char query[300], tb[16], rb[16];
	unsigned char *bytes;
	size_t len;
	int64_t now = clock_now();
	struct source_batch *b = &nl->batch;

	snprintf(query, sizeof(query), "%s. IN %s", nl->host,
	    dns_type_name(qtype, tb));
	if (rd != NULL && rd->cached(rd->self, "dns", dc->label, query,
	    &s) == 0) {
		if (dns_parse((const unsigned char *)s.content, s.size, m,
		    NULL) == 0) {
			if (now - s.fetched_at < (int64_t)answer_ttl(m, qtype)) {
				add_dsrc(nl, qtype, m, s.id, -1, s.server,
				    s.query, s.fetched_at, s.sha256, s.size);
				source_release(&s);
				return 0;
			}
			dns_msg_release(m);
		}
		source_release(&s);
	}
	if (dns_client_query(dc, nl->host, qtype, &bytes, &len, &e) != 0) {
		dns_fail(nl, e.code, "%s", e.msg);
		return -1;
	}
	if (dns_parse(bytes, len, m, &e) != 0) {
		free(bytes);
		dns_fail(nl, e.code, "%s (from %s for %s)", e.msg, dc->label,
		    query);
		return -1;
	}
	if (m->rcode != DNS_R_NOERROR && m->rcode != DNS_R_NXDOMAIN) {
		/* A server failure is no fact about the name: not kept. */
		dns_fail(nl, DP_EX_TEMPFAIL, "the name server (%s) answered "
		    "%s for %s; try again later", dc->label,
		    dns_rcode_name(m->rcode, rb), query);
		dns_msg_release(m);
		free(bytes);
		return -1;
	}
	if (m->truncated || strcmp(m->qname, nl->host) != 0 ||
	    m->qtype != qtype) {
		dns_fail(nl, DP_EX_PROTOCOL, "the name server (%s) answered "
		    "%s for %s", dc->label, m->truncated ? "a truncated "
		    "message" : "another question", query);
		dns_msg_release(m);
		free(bytes);
		return -1;
	}
	source_batch_add(b, "dns", dc->label, query, now, 0, 0,
	    (const char *)bytes, len);
	free(bytes);
	add_dsrc(nl, qtype, m, 0, (int)b->n - 1, dc->label, query, now,
	    b->v[b->n - 1].sha256, len);
	return 0;
}

/* The records of one answer: its CNAMEs (once) and its addresses. */
static void
take(struct name_lookup *nl, const struct dns_msg *m, int qtype, int dsrc)
{
	const struct dns_rr **chain, **addrs;
	size_t nchain, naddrs, i, k;
	uint32_t ttl;

	dns_follow(m, qtype, &chain, &nchain, &addrs, &naddrs, &ttl);
	/* The chain as the first answer with one gave it. */
	if (nl->ncnames == 0 && nchain > 0) {
		nl->cnames = xcalloc(nchain, sizeof(*nl->cnames));
		for (i = 0; i < nchain; i++) {
			nl->cnames[i].name = xstrdup(chain[i]->name);
			nl->cnames[i].target = xstrdup(chain[i]->data);
			nl->cnames[i].ttl = chain[i]->ttl;
			nl->cnames[i].dsrc = dsrc;
		}
		nl->ncnames = nchain;
	}
	for (i = 0; i < naddrs; i++) {
		struct name_addr *a;

		for (k = 0; k < nl->naddrs; k++)
			if (strcmp(nl->addrs[k].text, addrs[i]->data) == 0)
				break;
		if (k < nl->naddrs)
			continue;
		nl->addrs = xrealloc(nl->addrs, (nl->naddrs + 1) *
		    sizeof(*nl->addrs));
		a = &nl->addrs[nl->naddrs++];
		memset(a, 0, sizeof(*a));
		snprintf(a->text, sizeof(a->text), "%s", addrs[i]->data);
		a->type = qtype;
		a->ttl = addrs[i]->ttl;
		a->dsrc = dsrc;
	}
	free(chain);
	free(addrs);
}

static void
resolve(struct name_lookup *nl, struct resolver *r, struct dns_client *dc)
{
	static const int types[] = { DNS_T_A, DNS_T_AAAA };
	struct dns_msg m;
	size_t i;
	int nx = 0;

	for (i = 0; i < ARRAY_SIZE(types) && !nx; i++) {
		if (answer(nl, r, dc, types[i], &m) != 0) {
			/* The addresses found are looked up all the same;
			   what failed is said beside them. */
			if (nl->naddrs > 0) {
				nl->dns_warning = nl->dns_error;
				nl->dns_error = NULL;
				nl->dns_rc = 0;
			}
			return;
		}
		/* An NXDOMAIN holds for every type: AAAA is not asked. */
		nx = m.rcode == DNS_R_NXDOMAIN;
		take(nl, &m, types[i], (int)nl->ndsrc - 1);
		dns_msg_release(&m);
	}
	if (nx && nl->ncnames > 0)
		dns_fail(nl, DP_EX_NOINPUT, "no such domain: %s, at the end "
		    "of the CNAME chain of %s (NXDOMAIN from %s)",
		    nl->cnames[nl->ncnames - 1].target, nl->host,
		    nl->dsrc[nl->ndsrc - 1].ref.server);
	else if (nx)
		dns_fail(nl, DP_EX_NOINPUT, "no such domain: %s (NXDOMAIN "
		    "from %s)", nl->host, nl->dsrc[nl->ndsrc - 1].ref.server);
	else if (nl->naddrs == 0)
		dns_fail(nl, DP_EX_NOINPUT, "%s has no A or AAAA records "
		    "(%s%s)", nl->host, nl->ncnames > 0 ? "at the end of its "
		    "CNAME chain, " : "", nl->dsrc[0].ref.server);
}

int
name_lookup_run(struct name_lookup *nl, struct resolver *r,
    struct dns_client *dc, struct dp_err *err)
{
	char subject[300];
	size_t i;
	int rc = 0;

	if (nl->literal) {
		nl->addrs = xcalloc(1, sizeof(*nl->addrs));
		snprintf(nl->addrs[0].text, sizeof(nl->addrs[0].text), "%s",
		    nl->host);
		nl->addrs[0].dsrc = -1;
		nl->naddrs = 1;
	} else
		resolve(nl, r, dc);
	/* The DNS answers are kept even when they end the lookup. */
	if (nl->batch.n > 0 && r->store.db != NULL) {
		snprintf(subject, sizeof(subject), "lookup:%s", nl->host);
		if ((rc = srcstore_commit_batch(r->store.db, &nl->batch, 0,
		    subject, err)) != 0)
			return rc;
		for (i = 0; i < nl->ndsrc; i++)
			if (nl->dsrc[i].batch >= 0)
				nl->dsrc[i].ref.id =
				    nl->batch.v[nl->dsrc[i].batch].id;
	}
	if (nl->dns_rc != 0) {
		/* An address found before a later failure is not looked up:
		   the answer is incomplete. */
		return 0;
	}
	for (i = 0; i < nl->naddrs; i++) {
		if (lookup_init(&nl->addrs[i].l, nl->addrs[i].text, nl->want,
		    err) != 0)
			die("an address from DNS is not an address: %s",
			    nl->addrs[i].text);
		lookup_start(&nl->addrs[i].l, r);
	}
	net_run(r->net, NULL, NULL);
	for (i = 0; i < nl->naddrs; i++) {
		struct dp_err e = DP_ERR_INIT;
		int src;

		if ((src = lookup_store(&nl->addrs[i].l, r->store.db, &e)) != 0
		    && rc == 0) {
			rc = src;
			*err = e;
		}
		contacts_rank(&nl->addrs[i].l);
	}
	return rc;
}

/* ---- JSON ---- */

json_t *
name_lookup_to_json(const struct name_lookup *nl)
{
	json_t *o = json_object(), *a, *v;
	char tb[16];
	size_t i;

	json_object_set_new(o, "query", json_string(nl->input));
	json_object_set_new(o, "type", json_string(nl->is_url ? "url" :
	    "domain"));
	json_object_set_new(o, "host", json_string(nl->host));
	a = json_array();
	for (i = 0; i < nl->ncnames; i++) {
		v = json_object();
		json_object_set_new(v, "name", json_string(nl->cnames[i].name));
		json_object_set_new(v, "target",
		    json_string(nl->cnames[i].target));
		json_object_set_new(v, "ttl", json_integer(nl->cnames[i].ttl));
		json_array_append_new(a, v);
	}
	json_object_set_new(o, "cnames", a);
	a = json_array();
	for (i = 0; i < nl->naddrs; i++) {
		const struct name_addr *x = &nl->addrs[i];

		v = json_object();
		json_object_set_new(v, "address", json_string(x->text));
		json_object_set_new(v, "record", x->type != 0 ?
		    json_string(dns_type_name(x->type, tb)) : json_null());
		json_object_set_new(v, "ttl", x->type != 0 ?
		    json_integer(x->ttl) : json_null());
		json_object_set_new(v, "dns_source", x->dsrc >= 0 ?
		    json_integer(nl->dsrc[x->dsrc].ref.id) : json_null());
		json_object_set_new(v, "lookup", x->l.input != NULL ?
		    lookup_to_json(&x->l) : json_null());
		json_array_append_new(a, v);
	}
	json_object_set_new(o, "addresses", a);
	a = json_array();
	for (i = 0; i < nl->ndsrc; i++) {
		v = source_ref_to_json(&nl->dsrc[i].ref);
		json_object_set_new(v, "rcode", json_string(nl->dsrc[i].rcode));
		json_array_append_new(a, v);
	}
	json_object_set_new(o, "dns_sources", a);
	a = json_array();
	if (nl->dns_warning != NULL)
		json_array_append_new(a, json_string(nl->dns_warning));
	json_object_set_new(o, "warnings", a);
	json_object_set_new(o, "error", nl->dns_error != NULL ?
	    json_string(nl->dns_error) : json_null());
	return o;
}
