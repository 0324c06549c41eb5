/*
 * cmd_timeline.c - "depeer timeline": a provider's events and the
 * changes of its complaints, in time order, each with the record behind
 * it (event_store.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asn.h"
#include "cmd.h"
#include "event_store.h"
#include "exitcodes.h"
#include "validate.h"

/* TIME  KIND  WHAT  [record: audit N, mail N, source N] */
static void
print_item(const struct tl_item *it)
{
	char t[TIME_STRLEN], a[ASN_STRLEN];

	fmt_time(it->at, t);
	printf("%s  %-15s ", t, it->kind);
	if (it->media) {
		printf("status update #%" PRId64 " sent to %s",
		    it->complaint_id, tx(it->recipient));
		if (it->outlet != NULL)
			printf(" (%s)", tx(it->outlet));
	} else if (it->complaint_id != 0)
		printf("complaint #%" PRId64 " to %s", it->complaint_id,
		    tx(it->recipient));
	else
		printf("event %" PRId64, it->event_id);
	if (it->upstream_asn != 0)
		printf(" (upstream %s)", asn_format(it->upstream_asn, a));
	if (it->note != NULL)
		printf(": %s", tx(it->note));
	if (it->reply != NULL)
		printf("; server: %s", tx(it->reply));
	printf("  [audit %" PRId64, it->audit_seq);
	if (it->mail_id != 0)
		printf(", mail %" PRId64, it->mail_id);
	if (it->source_id != 0)
		printf(", source %" PRId64, it->source_id);
	printf("]\n");
}

static int
timeline_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct timeline t;
	json_t *o, *arr;
	size_t i;
	int rc;

	if (a->argc != 1)
		return cmd_usage_error(ctx, "'timeline' takes a provider");
	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	if (timeline_get(ctx->db, a->argv[0], &t, &err) != 0)
		return report(&err);
	if (ctx->json) {
		o = json_object();
		arr = json_array();
		json_object_set_new(o, "provider", json_string(t.provider));
		json_object_set_new(o, "provider_id",
		    json_integer(t.provider_id));
		for (i = 0; i < t.n; i++)
			json_array_append_new(arr, tl_item_to_json(&t.v[i]));
		json_object_set_new(o, "events", arr);
		print_json(o);
	} else if (t.n == 0)
		printf("provider '%s' has no events and no complaint sent "
		    "yet\n", tx(t.provider));
	else
		for (i = 0; i < t.n; i++)
			print_item(&t.v[i]);
	timeline_release(&t);
	return DP_EX_OK;
}

const struct cmd_entry cmd_timeline_entry = {
	.name = "timeline",
	.summary = "a provider's events and complaints in time order",
	.about = "Show what happened to a provider, in time order: the "
	    "events recorded with 'event add' and the changes of its "
	    "complaints (sent, acknowledged, answered, bounced, escalated, "
	    "resolved, rejected, no response), each with the record behind "
	    "it: the audit entry, the mail, the stored registry answer.",
	.usage = "timeline PROVIDER [--json]",
	.flags = CMD_DB_READ,
	.exec = timeline_exec,
	.man = "depeer-event",
};
