/*
 * cmd_watch.c - "depeer watch": each provider's upstreams and routing
 * asked again and what changed recorded as events (watch.c); made for
 * cron: silent when nothing changed, non-zero only on failure.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "asn.h"
#include "cmd.h"
#include "exitcodes.h"
#include "resolver.h"
#include "watch.h"

enum { OPT_QUIET = 'q', OPT_VERBOSE = 'v' };

static void
print_ups(const struct watch_state *s)
{
	size_t i;

	printf("%s, upstreams ", s->online ? "online" : "offline");
	if (s->nups == 0)
		printf("none seen");
	for (i = 0; i < s->nups; i++)
		printf("%sAS%" PRIu32, i > 0 ? ", " : "", s->ups[i]);
}

static void
print_sources(const struct watch_item *it)
{
	size_t i;

	printf(" (source%s ", it->nsources == 1 ? "" : "s");
	for (i = 0; i < it->nsources; i++)
		printf("%s%" PRId64, i > 0 ? ", " : "", it->sources[i]);
	printf(")");
}

static void
print_item(const struct watch_item *it, int verbose)
{
	char a[ASN_STRLEN];
	size_t i;

	switch (it->status) {
	case WATCH_BASELINE:
		printf("%s: first run, baseline recorded: ", tx(it->provider));
		print_ups(&it->state);
		print_sources(it);
		printf("; changes are recorded from the next run\n");
		break;
	case WATCH_CHANGED:
		for (i = 0; i < it->nevents; i++) {
			const struct pevent *e = &it->events[i];

			printf("%s: %s", tx(it->provider), e->kind);
			if (e->upstream_asn != 0)
				printf(" %s", asn_format(e->upstream_asn, a));
			printf(": %s [event %" PRId64 "]\n", tx(e->note),
			    e->id);
		}
		break;
	case WATCH_UNCHANGED:
		if (verbose) {
			printf("%s: no change: ", tx(it->provider));
			print_ups(&it->state);
			printf("\n");
		}
		break;
	case WATCH_SKIPPED:
		if (verbose)
			printf("%s: skipped: no AS number\n",
			    tx(it->provider));
		break;
	case WATCH_FAILED:
		break;		/* on standard error */
	}
}

static int
watch_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct watch_item *items = NULL;
	struct resolver r;
	size_t n = 0, i;
	json_t *arr;
	int rc, quiet = args_has(a, OPT_QUIET),
	    verbose = args_has(a, OPT_VERBOSE);

	if (quiet && (verbose || ctx->json))
		return cmd_usage_error(ctx, "--quiet cannot go with %s",
		    verbose ? "--verbose" : "--json");
	/* Always ask: a stored answer cannot show a change. */
	if ((rc = cmd_resolver(a, ctx, 0, 0, &r)) != 0)
		return rc;
	if (watch_run(&r, a->argv, (size_t)a->argc, &items, &n, &err) != 0) {
		resolver_release(&r);
		return report(&err);
	}
	rc = DP_EX_OK;
	/* The failures first, each on standard error; the first decides. */
	for (i = 0; i < n; i++)
		if (items[i].status == WATCH_FAILED) {
			report(&items[i].err);
			if (rc == DP_EX_OK)
				rc = items[i].err.code != 0 ?
				    items[i].err.code : DP_EX_SOFTWARE;
		}
	if (ctx->json) {
		arr = json_array();
		for (i = 0; i < n; i++)
			json_array_append_new(arr,
			    watch_item_to_json(&items[i]));
		print_json(arr);
	} else if (!quiet)
		for (i = 0; i < n; i++)
			print_item(&items[i], verbose);
	watch_items_free(items, n);
	resolver_release(&r);
	return rc;
}

const struct cmd_entry cmd_watch_entry = {
	.name = "watch",
	.summary = "record de-peering, going offline and rehoming as events",
	.about = "Ask RIPEstat again about each provider's origin ASes "
	    "(asn-neighbours, announced-prefixes, routing-status), compare "
	    "with the last recorded run, and record what changed as events: "
	    "an upstream lost or gained, the last upstream gone "
	    "(de-peered), every prefix withdrawn (offline), "
	    "announced again (back-online), or behind a new upstream "
	    "(rehomed).  Silent when nothing changed; for cron.",
	.usage = "watch [PROVIDER...] [--json] [-q | -v]",
	.flags = CMD_DB_WRITE | CMD_NET,
	.opts = (const struct cmd_opt[]){
		{ "quiet", OPT_QUIET, no_argument, NULL,
		  "print nothing but errors, not even what changed" },
		{ "verbose", OPT_VERBOSE, no_argument, NULL,
		  "also say which providers did not change" },
		CMD_OPTS_END
	},
	.exec = watch_exec,
	.man = "depeer-watch",
};
