/*
 * cmd_rdap.c - "depeer rdap update-bootstrap": IANA's current RDAP
 * bootstrap registries fetched and kept in the case database for later
 * lookups (resolver.c).
 */
#include <stdio.h>

#include "cmd.h"
#include "exitcodes.h"
#include "jsonout.h"
#include "resolver.h"

static int
update_bootstrap(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct bootstrap_update u;
	struct resolver r;
	json_t *o;
	int rc;

	if (a->argc != 0) {
		error("'rdap update-bootstrap' takes no arguments");
		return DP_EX_USAGE;
	}
	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	if (resolver_init(&r, ctx->config, ctx->db, 1, 0, &err) != 0)
		return report(&err);
	if ((rc = resolver_update_bootstrap(&r, &u, &err)) != 0) {
		resolver_release(&r);
		return report(&err);
	}
	if (ctx->json) {
		o = json_object();
		json_object_set_new(o, "asn_published",
		    json_str_or_null(u.asn_published));
		json_object_set_new(o, "ipv4_published",
		    json_str_or_null(u.v4_published));
		json_object_set_new(o, "ipv6_published",
		    json_str_or_null(u.v6_published));
		json_object_set_new(o, "sources", json_pack("[III]",
		    (json_int_t)u.source_ids[0], (json_int_t)u.source_ids[1],
		    (json_int_t)u.source_ids[2]));
		print_json(o);
	} else
		printf("stored IANA's RDAP bootstrap: asn.json of %s, "
		    "ipv4.json of %s, ipv6.json of %s (sources %lld-%lld)\n",
		    u.asn_published ? tx(u.asn_published) : "?",
		    u.v4_published ? tx(u.v4_published) : "?",
		    u.v6_published ? tx(u.v6_published) : "?",
		    (long long)u.source_ids[0], (long long)u.source_ids[2]);
	bootstrap_update_release(&u);
	resolver_release(&r);
	return DP_EX_OK;
}

static const struct cmd_entry update_entry = {
	.name = "update-bootstrap",
	.summary = "fetch IANA's RDAP bootstrap registries",
	.about = "Fetch IANA's current RDAP bootstrap registries (which RDAP "
	    "server serves which addresses and AS numbers) and keep them in "
	    "the case database for later lookups.",
	.usage = "update-bootstrap [--json]",
	.flags = CMD_DB_CREATE | CMD_NET,
	.exec = update_bootstrap,
	.man = "depeer-rdap",
};

const struct cmd_entry cmd_rdap_entry = {
	.name = "rdap",
	.summary = "refresh the RDAP bootstrap registries from IANA",
	.usage = "rdap update-bootstrap [--json]",
	.subs = (const struct cmd_entry *const[]){ &update_entry, NULL },
	.man = "depeer-rdap",
};
