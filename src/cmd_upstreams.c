/*
 * cmd_upstreams.c - "depeer upstreams": the upstream transit providers of
 * a provider's origin ASes (upstream.c), with their abuse contacts and
 * the registry records behind each link, as text or JSON.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "exitcodes.h"
#include "resolver.h"
#include "upstream.h"


static void
render_text(const struct upstream_result *res)
{
	size_t i, j, k;

	printf("%s\n", res->query);
	for (i = 0; i < res->norigins; i++) {
		const struct upstream_origin *o = &res->origins[i];

		printf("\norigin AS%u%s%s\n", o->asn, o->name != NULL ? " " :
		    "", o->name != NULL ? o->name : "");
		if (o->nups == 0)
			printf("  no upstream found\n");
		for (j = 0; j < o->nups; j++) {
			const struct upstream *u = &o->ups[j];

			printf("  AS%-8u %-24s confidence %.2f\n", u->asn,
			    u->name != NULL ? u->name : "-",
			    upstream_confidence_shown(u->confidence));
			for (k = 0; k < u->ncontacts; k++)
				if (u->contacts[k].role == ROLE_ABUSE)
					printf("    abuse: %s\n",
					    u->contacts[k].email);
			/* No registry-declared one: the weaker, marked. */
			for (k = 0; k < u->ncontacts &&
			    u->contacts[0].role != ROLE_ABUSE; k++)
				if (u->contacts[k].role == ROLE_ABUSE_LEGACY ||
				    u->contacts[k].role == ROLE_ABUSE_CANDIDATE)
					printf("    %s: %s\n", reg_role_name(
					    u->contacts[k].role),
					    u->contacts[k].email);
			for (k = 0; k < u->nev; k++) {
				printf("    %s: %s", u->ev[k].method,
				    u->ev[k].detail);
				if (u->ev[k].src != NULL &&
				    u->ev[k].src->id != 0)
					printf(" (source %lld)", (long long)
					    u->ev[k].src->id);
				putchar('\n');
			}
		}
		for (j = 0; j < o->nwarnings; j++)
			printf("  warning: %s\n", o->warnings[j]);
	}
}

static int
upstreams_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct upstream_result res;
	struct resolver r;
	long long ttl;
	int rc;

	if ((rc = cmd_ttl(a, ctx, &ttl)) != 0)
		return rc;
	if (a->argc != 1)
		return cmd_usage_error(ctx, "'upstreams' needs a provider or "
		    "an AS number");
	if ((rc = cmd_resolver(a, ctx, ttl, 1, &r)) != 0)
		return rc;
	if ((rc = upstream_find(&r, a->argv[0], &res, &err)) != 0) {
		resolver_release(&r);
		return report(&err);
	}
	if (res.answered == 0) {
		rc = DP_EX_UNAVAILABLE;
		error("no registry answered for '%s'", a->argv[0]);
	}
	if (ctx->json)
		print_json(upstream_result_to_json(&res));
	else
		render_text(&res);
	upstream_result_release(&res);
	resolver_release(&r);
	return rc;
}

const struct cmd_entry cmd_upstreams_entry = {
	.name = "upstreams",
	.summary = "find a provider's upstream transit providers and their "
	    "abuse contacts",
	.about = "Find the upstream transit providers of a provider's origin "
	    "ASes, with their abuse contacts and the registry records behind "
	    "each link.",
	.usage = "upstreams PROVIDER|ASN [--refresh] [--ttl SECONDS] [--json]",
	.flags = CMD_DB_CREATE | CMD_NET,
	.opts = (const struct cmd_opt[]){
		CMD_OPTS_FRESHNESS,
		CMD_OPTS_END
	},
	.exec = upstreams_exec,
	.man = "depeer-upstreams",
};
