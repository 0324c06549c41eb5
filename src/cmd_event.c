/*
 * cmd_event.c - "depeer event add" and "event list": the events of a
 * provider's timeline that the researcher records (event_store.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asn.h"
#include "clock.h"
#include "cmd.h"
#include "event_store.h"
#include "exitcodes.h"
#include "numparse.h"
#include "validate.h"

enum { OPT_AT = OPT_FIRST_LOCAL, OPT_UPSTREAM, OPT_NOTE, OPT_SOURCE };

/* One event, one line: "event 3: upstream-lost at TIME, AS3561 (note)" */
static void
print_event(const struct pevent *e)
{
	char t[TIME_STRLEN], a[ASN_STRLEN];

	fmt_time(e->at, t);
	printf("event %" PRId64 ": %s at %s", e->id, e->kind, t);
	if (e->upstream_asn != 0)
		printf(", upstream %s", asn_format(e->upstream_asn, a));
	if (e->source_id != 0)
		printf(", source %" PRId64, e->source_id);
	if (e->note != NULL)
		printf(": %s", tx(e->note));
	printf("\n");
}

static int
event_add_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct pevent e;
	const char *arg;
	long long v;
	int rc;

	if (a->argc != 2)
		return cmd_usage_error(ctx, "'event add' takes a provider and "
		    "a kind");
	memset(&e, 0, sizeof(e));
	if (event_kind_valid(a->argv[1], &err) != 0)
		return report(&err);
	snprintf(e.kind, sizeof(e.kind), "%s", a->argv[1]);
	e.at = clock_now();
	if ((arg = args_get(a, OPT_AT)) != NULL &&
	    val_time(arg, &e.at, &err) != 0) {
		dp_err_prefix(&err, "'--at'");
		err.code = DP_EX_USAGE;
		return report(&err);
	}
	if ((arg = args_get(a, OPT_UPSTREAM)) != NULL &&
	    val_asn(arg, &e.upstream_asn, &err) != 0) {
		dp_err_prefix(&err, "'--upstream'");
		err.code = DP_EX_USAGE;
		return report(&err);
	}
	if ((arg = args_get(a, OPT_SOURCE)) != NULL) {
		if (parse_num("--source", arg, 1, INT64_MAX, &v, &err) != 0)
			return report(&err);
		e.source_id = v;
	}
	e.note = (char *)args_get(a, OPT_NOTE);
	if (pevent_check(&e, &err) != 0)
		return report(&err);
	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	rc = event_add(ctx->db, a->argv[0], &e, &err);
	if (rc != 0)
		return report(&err);
	if (ctx->json)
		print_json(pevent_to_json(&e));
	else
		print_event(&e);
	return DP_EX_OK;
}

static int
event_list_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct pevent *v;
	json_t *arr;
	size_t n, i;
	int rc;

	if (a->argc != 1)
		return cmd_usage_error(ctx, "'event list' takes a provider");
	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	if (event_list(ctx->db, a->argv[0], &v, &n, &err) != 0)
		return report(&err);
	if (ctx->json) {
		arr = json_array();
		for (i = 0; i < n; i++)
			json_array_append_new(arr, pevent_to_json(&v[i]));
		print_json(arr);
	} else
		for (i = 0; i < n; i++)
			print_event(&v[i]);
	pevent_free(v, n);
	return DP_EX_OK;
}

static const struct cmd_entry add_entry = {
	.name = "add",
	.summary = "record an event of a provider's timeline",
	.about = "Record what happened to a provider: an upstream lost or "
	    "gained, de-peered, offline, back online, rehomed behind a new "
	    "upstream, or a note; with the stored answer that shows it.",
	.usage = "add PROVIDER KIND [--at TIME] [--upstream ASN] "
	    "[--note TEXT] [--source ID] [--json]",
	.flags = CMD_DB_WRITE,
	.opts = (const struct cmd_opt[]){
		{ "at", OPT_AT, required_argument, "TIME",
		  "when it happened, RFC 3339 (default: now)" },
		{ "upstream", OPT_UPSTREAM, required_argument, "ASN",
		  "the upstream lost, gained or rehomed behind" },
		{ "note", OPT_NOTE, required_argument, "TEXT",
		  "what happened, in a line" },
		{ "source", OPT_SOURCE, required_argument, "ID",
		  "the stored registry answer that shows it" },
		CMD_OPTS_END
	},
	.exec = event_add_exec,
	.man = "depeer-event",
};

static const struct cmd_entry list_entry = {
	.name = "list",
	.summary = "list a provider's recorded events",
	.usage = "list PROVIDER [--json]",
	.flags = CMD_DB_READ,
	.exec = event_list_exec,
	.man = "depeer-event",
};

const struct cmd_entry cmd_event_entry = {
	.name = "event",
	.summary = "record and list the events of a provider's timeline",
	.usage = "add PROVIDER KIND [--at TIME] [--upstream ASN] "
	    "[--note TEXT] [--source ID] [--json]\n"
	    "event list PROVIDER [--json]",
	.subs = (const struct cmd_entry *const[]){ &add_entry, &list_entry,
	    NULL },
	.man = "depeer-event",
};
