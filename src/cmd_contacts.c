/*
 * cmd_contacts.c - "depeer contacts": the ranked abuse contacts of an AS
 * number or an address (contacts.c), each with the record it came from.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "contacts.h"
#include "exitcodes.h"
#include "lookup.h"
#include "resolver.h"


static void
render_text(const struct contacts_result *res)
{
	size_t i;

	printf("%s\n", tx(res->canonical));
	for (i = 0; i < res->n; i++) {
		const struct contact *c = &res->v[i];

		printf("  %-40s %-9s %s", tx(c->email), reg_role_name(c->role),
		    c->via != NULL ? tx(c->via) : "");
		if (c->src != NULL)
			printf(" (source %lld: %s %s)", (long long)c->src->id,
			    tx(c->src->protocol), tx(c->src->server));
		/* Taken from the record covering the one that lacks it. */
		if (c->from != NULL)
			printf(" (from %s)", tx(c->from));
		putchar('\n');
	}
	if (res->n == 0)
		printf("  no contact found\n");
	for (i = 0; i < res->nwarnings; i++)
		printf("  warning: %s\n", tx(res->warnings[i]));
}

static int
contacts_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct contacts_result res;
	struct resolver r;
	long long ttl;
	int rc;

	if ((rc = cmd_ttl(a, ctx, &ttl)) != 0)
		return rc;
	if (a->argc != 1)
		return cmd_usage_error(ctx, "'contacts' needs one AS number "
		    "or address");
	if (lookup_check(a->argv[0], &err) != 0)
		return report(&err);
	if ((rc = cmd_resolver(a, ctx, ttl, 1, &r)) != 0)
		return rc;
	if ((rc = lookup_contacts(&r, a->argv[0], &res, &err)) != 0) {
		resolver_release(&r);
		return report(&err);
	}
	if ((rc = res.store_rc) != 0)
		report(&res.store_err);
	if (rc == 0 && res.answered == 0) {
		rc = res.worst_rc != 0 ? res.worst_rc : DP_EX_UNAVAILABLE;
		error("no registry answered for %s", res.canonical);
	}
	if (ctx->json)
		print_json(contacts_result_to_json(&res));
	else
		render_text(&res);
	contacts_result_release(&res);
	resolver_release(&r);
	return rc;
}

const struct cmd_entry cmd_contacts_entry = {
	.name = "contacts",
	.summary = "rank the abuse contacts of an AS or an address, with "
	    "their records",
	.about = "The abuse contacts of an AS number or an address, ranked "
	    "by the registries' own roles, each with the record it came "
	    "from.",
	.usage = "contacts ASN|IP [--refresh] [--ttl SECONDS] [--json]",
	.flags = CMD_DB_CREATE | CMD_NET,
	.opts = (const struct cmd_opt[]){
		CMD_OPTS_FRESHNESS,
		CMD_OPTS_END
	},
	.exec = contacts_exec,
	.man = "depeer-contacts",
};
