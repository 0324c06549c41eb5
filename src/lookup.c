/*
 * lookup.c - one query resolved through the registries (see lookup.h):
 * which registries to ask for which kind of query, and storing the
 * answers with their audit entry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contacts.h"
#include "exitcodes.h"
#include "lookup_internal.h"
#include "rdap.h"
#include "ripestat.h"

void
lookup_start(struct lookup *l, struct resolver *r)
{
	const struct resolver_endpoints *ep = &r->ep;
	struct rdap_bootstrap *bootstrap = r->have_boot ? &r->boot : NULL;
	struct net *net = r->net;
	const char *base = NULL;
	char *q, *url, host[256], rs[256];
	const char *item;

	l->ep = ep;
	l->cache = srcstore_reader(&r->store);
	l->netloop = net;
	l->bootstrap = bootstrap;
	/* Answers from the store arrive at once: done only at the end. */
	l->pending++;
	if (l->want & LK_WHOIS) {
		l->whois.share = l->share;
		l->whois.type = l->type == LK_ADDR ? WQ_ADDR :
		    l->type == LK_PREFIX ? WQ_PREFIX : WQ_ASN;
		l->whois.value = xstrdup(l->value);
		l->whois.done = lk_whois_done;
		l->whois.arg = l;
		l->whois.cache = l->cache;
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
			lk_warn(l, "rdap: no RDAP server in the IANA bootstrap "
			    "for %s", l->value);
		else {
			url = rdap_url(base, path);
			sscanf(url, "https://%255[^/:]", host);
			if (host[0] == '\0')
				lk_warn(l, "rdap: bootstrap URL '%.200s' is "
				    "not https; not used", url);
			else
				lk_fetch(l, NET_HTTP, "rdap", host,
				    NET_PORT_HTTPS, url, lk_rdap_parsed);
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
			lk_fetch(l, NET_WHOIS, "cymru", ep->cymru.name,
			    ep->cymru.port, q, lk_cymru_parsed);
			free(q);
		}
	}
	if (l->want & LK_IRR) {
		char rq[IPNET_STRLEN + 16];

		if (l->type == LK_ASN)
			snprintf(rq, sizeof(rq), "-i origin %s", l->value);
		else
			snprintf(rq, sizeof(rq), "%s", l->value);
		lk_fetch(l, NET_WHOIS, "irr", ep->irr.name, ep->irr.port, rq,
		    lk_routes_parsed);
	}
	if (l->want & LK_RIPESTAT) {
		url = ripestat_url(ep->ripestat, "abuse-contact-finder",
		    l->value, ep->sourceapp);
		resolver_url_host(url, rs);
		lk_fetch(l, NET_HTTP, "ripestat", rs, NET_PORT_HTTPS, url,
		    lk_ripestat_abuse_parsed);
		free(url);
		if (l->type != LK_ASN) {
			url = ripestat_url(ep->ripestat, "prefix-overview",
			    l->value, ep->sourceapp);
			lk_fetch(l, NET_HTTP, "ripestat", rs, NET_PORT_HTTPS,
			    url, lk_ripestat_overview_parsed);
			free(url);
		}
	}
	lk_settle(l);
}

/* Store l's new answers, by commit (srcstore_commit_batch) or write. */
static int
store(struct lookup *l, struct db *db,
    int (*how)(struct db *, struct source_batch *, size_t, const char *,
    struct dp_err *), struct dp_err *err)
{
	char subject[IPNET_STRLEN + 16];
	size_t i;
	int rc;

	if (l->batch.n == 0 || db == NULL)
		return 0;
	snprintf(subject, sizeof(subject), "lookup:%s", l->value);
	if ((rc = how(db, &l->batch, 0, subject, err)) != 0)
		return rc;
	for (i = 0; i < l->nsrc; i++)
		if (l->src[i].batch >= 0)
			l->src[i].ref.id = l->batch.v[l->src[i].batch].id;
	return 0;
}

int
lookup_store(struct lookup *l, struct db *db, struct dp_err *err)
{
	return store(l, db, srcstore_commit_batch, err);
}

int
lookup_write(struct lookup *l, struct db *db, struct dp_err *err)
{
	return store(l, db, srcstore_write_batch, err);
}

int
lookup_run(struct resolver *r, struct lookup *l, struct dp_err *err)
{
	int rc;

	lookup_start(l, r);
	net_run(r->net, NULL, NULL);
	rc = lookup_store(l, r->store.db, err);
	contacts_rank(l);
	return rc;
}

int
lookup_contacts(struct resolver *r, const char *query,
    struct contacts_result *out, struct dp_err *err)
{
	struct lookup l;
	size_t i;
	int rc;

	if ((rc = lookup_init(&l, query, LK_WHOIS | LK_RDAP | LK_RIPESTAT,
	    err)) != 0)
		return rc;
	memset(out, 0, sizeof(*out));
	out->store_rc = lookup_run(r, &l, &out->store_err);
	out->query = xstrdup(l.input);
	out->canonical = xstrdup(l.value);
	contacts_of_lookup(&l, 1, &out->v, &out->n);
	out->warnings = xcalloc(l.nwarnings + 1, sizeof(*out->warnings));
	for (i = 0; i < l.nwarnings; i++)
		out->warnings[i] = xstrdup(l.warnings[i]);
	out->nwarnings = l.nwarnings;
	out->answered = l.answered;
	out->worst_rc = l.worst_rc;
	lookup_release(&l);
	return 0;
}
