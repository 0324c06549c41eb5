/*
 * cmd_lookup_name.c - "depeer lookup DOMAIN|URL": the name resolved
 * through DNS (lookup_name.c), its DNS answers and each address's
 * registry lookup printed as text or JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_lookup_name.h"
#include "config.h"
#include "dns.h"
#include "exitcodes.h"
#include "lookup_name.h"
#include "resolver.h"

/* A stored DNS answer decoded, one record a line, for --raw. */
static void
print_dns_raw(struct resolver *r, int64_t id)
{
	struct source s;
	char t[TIME_STRLEN], *text;

	if (srcstore_get(&r->store, id, &s, NULL) != 0)
		return;
	fmt_time(s.fetched_at, t);
	printf("\n--- source %lld: dns %s '%s'  %s (%zu bytes, sha256 %s)\n",
	    (long long)s.id, tx(s.server), tx(s.query), t, s.size, s.sha256);
	text = dns_format((const unsigned char *)s.content, s.size);
	fputs(txm(text), stdout);
	free(text);
	source_release(&s);
}

static void
render_name(const struct name_lookup *nl, int raw, struct resolver *r,
    void (*render)(const struct lookup *, int, struct resolver *))
{
	char t[TIME_STRLEN], tb[16];
	size_t i;

	printf("query:       %s (%s)\n", tx(nl->input), nl->is_url ? "url" :
	    "domain");
	printf("host:        %s%s\n", tx(nl->host), nl->literal ?
	    " (an address: no DNS)" : "");
	for (i = 0; i < nl->ncnames; i++)
		printf("%-12s %s -> %s  (ttl %u)\n", i == 0 ? "cname:" : "",
		    tx(nl->cnames[i].name), tx(nl->cnames[i].target),
		    nl->cnames[i].ttl);
	for (i = 0; i < nl->naddrs; i++) {
		const struct name_addr *a = &nl->addrs[i];

		printf("%-12s %s", i == 0 ? "addresses:" : "", tx(a->text));
		if (a->type != 0)
			printf("  [%s, ttl %u, source %lld]",
			    dns_type_name(a->type, tb), a->ttl,
			    (long long)nl->dsrc[a->dsrc].ref.id);
		putchar('\n');
	}
	for (i = 0; i < nl->ndsrc; i++) {
		const struct source_ref *s = &nl->dsrc[i].ref;

		fmt_time(s->fetched_at, t);
		printf("%-12s %-5lld dns %s '%s' %s  %s%s\n", i == 0 ?
		    "dns:" : "", (long long)s->id, tx(s->server), tx(s->query),
		    tx(nl->dsrc[i].rcode), t, s->cached ? " (cached)" : "");
	}
	if (nl->dns_warning != NULL)
		printf("%-12s %s\n", "warnings:", tx(nl->dns_warning));
	if (nl->dns_error != NULL)
		printf("%-12s %s\n", "error:", tx(nl->dns_error));
	for (i = 0; raw && i < nl->ndsrc; i++)
		print_dns_raw(r, nl->dsrc[i].ref.id);
	for (i = 0; i < nl->naddrs; i++) {
		if (nl->addrs[i].l.input == NULL)
			continue;
		printf("\n== %s\n", tx(nl->addrs[i].text));
		render(&nl->addrs[i].l, raw, r);
	}
}

int
cmd_lookup_name(const struct cmd_args *a, struct ctx *ctx, const char *input,
    unsigned want, long long ttl, int raw,
    void (*render)(const struct lookup *, int, struct resolver *))
{
	struct dp_err err = DP_ERR_INIT;
	struct name_lookup nl;
	struct dns_client dc;
	struct resolver r;
	char *host;
	size_t i, answered = 0;
	int rc, port, worst = 0;

	if (name_lookup_init(&nl, input, want, &err) != 0) {
		dp_err_prefix(&err, "'%.200s'", input);
		return report(&err);
	}
	if ((rc = cmd_resolver(a, ctx, ttl, 1, &r)) != 0) {
		name_lookup_release(&nl);
		return rc;
	}
	host = config_host(ctx->config, "dns_server", &port);
	/* The network settings: a try waits read_timeout_ms; retries+1. */
	rc = dns_client_init(&dc, host, port,
	    (long)config_int(ctx->config, "read_timeout_ms"),
	    (int)config_int(ctx->config, "retries") + 1, &err);
	free(host);
	if (rc != 0) {
		resolver_release(&r);
		name_lookup_release(&nl);
		return report(&err);
	}
	if ((rc = name_lookup_run(&nl, &r, &dc, &err)) != 0)
		report(&err);
	for (i = 0; i < nl.naddrs; i++) {
		const struct lookup *l = &nl.addrs[i].l;

		if (l->input == NULL)
			continue;
		if (l->answered > 0)
			answered++;
		else if (worst == 0)
			worst = l->worst_rc != 0 ? l->worst_rc :
			    DP_EX_UNAVAILABLE;
	}
	if (ctx->json)
		print_json(name_lookup_to_json(&nl));
	else
		render_name(&nl, raw, &r, render);
	if (rc == 0 && nl.dns_rc != 0) {
		error("%s", nl.dns_error);
		rc = nl.dns_rc;
	} else if (rc == 0 && nl.naddrs > 0 && answered == 0) {
		error("no registry answered for the addresses of %s", nl.host);
		rc = worst;
	}
	dns_client_release(&dc);
	name_lookup_release(&nl);
	resolver_release(&r);
	return rc;
}
