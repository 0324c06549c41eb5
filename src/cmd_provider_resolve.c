/*
 * cmd_provider_resolve.c - "depeer provider resolve": a provider's AS
 * numbers and BGP prefixes filled in from the addresses in its evidence
 * (provider_resolve.c).
 */
#include <stdio.h>

#include "cmd.h"
#include "exitcodes.h"
#include "provider_resolve.h"
#include "resolver.h"

static int
resolve_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct provider_resolve_result res;
	struct resolver r;
	json_t *o, *added;
	size_t i;
	int rc;

	if (a->argc != 1)
		return cmd_usage_error(ctx, "'provider resolve' needs one "
		    "NAME or ID");
	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	if (resolver_init(&r, ctx->config, ctx->db, 1, 0, &err) != 0)
		return report(&err);
	if ((rc = provider_resolve(&r, a->argv[0], &res, &err)) != 0) {
		resolver_release(&r);
		return report(&err);
	}
	if (ctx->json) {
		added = json_array();
		for (i = 0; i < res.nadded; i++)
			json_array_append_new(added, res.added[i].prefix !=
			    NULL ? json_string(res.added[i].prefix) :
			    json_integer(res.added[i].asn));
		o = json_object();
		json_object_set_new(o, "provider",
		    provider_to_json(&res.provider));
		json_object_set_new(o, "addresses", json_integer(
		    (json_int_t)res.naddresses));
		json_object_set_new(o, "added", added);
		json_object_set_new(o, "source", json_integer(res.source_id));
		print_json(o);
	} else {
		printf("asked Team Cymru about %zu address%s of '%s' "
		    "(source %lld)\n", res.naddresses, res.naddresses == 1 ?
		    "" : "es", tx(res.provider.name),
		    (long long)res.source_id);
		if (res.nadded == 0)
			printf("nothing new: the provider has every AS and "
			    "prefix found\n");
		for (i = 0; i < res.nadded; i++) {
			if (res.added[i].prefix == NULL)
				printf("added AS%u\n", res.added[i].asn);
			else
				printf("added %s\n",
				    tx(res.added[i].prefix));
		}
	}
	provider_resolve_result_release(&res);
	resolver_release(&r);
	return DP_EX_OK;
}

const struct cmd_entry cmd_provider_resolve_entry = {
	.name = "resolve",
	.summary = "fill in AS numbers and prefixes from the evidence's "
	    "addresses",
	.about = "Fill in a provider's AS numbers and BGP prefixes from the "
	    "addresses in its evidence (Team Cymru, in one bulk query).",
	.usage = "resolve NAME|ID [--json]",
	.flags = CMD_DB_WRITE | CMD_NET,
	.exec = resolve_exec,
	.man = "depeer-provider",
};
