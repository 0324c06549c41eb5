/*
 * cmd_complaint_reply.c - "depeer complaint reply ID FILE|-": a reply
 * recorded by hand, for the answer that reached the researcher some way
 * "inbox import" cannot match (forwarded, saved from webmail, a ticket
 * portal's export).  Parses and prints; inbox.c records.
 */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "cmd_inbox.h"
#include "complaint_store.h"
#include "config.h"
#include "exitcodes.h"
#include "inbox.h"
#include "mailbox.h"

static int
reply_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct mbox_list l;
	struct inbox_result r;
	int64_t id;
	int rc;

	if (a->argc != 2)
		return cmd_usage_error(ctx, "'%s' needs a complaint ID and a "
		    "message file (- for standard input)", ctx->path);
	if (complaint_parse_id(a->argv[0], &id, &err) != 0)
		return cmd_usage_error(ctx, "%s", err.msg);
	if ((rc = ctx_config(ctx)) != 0)
		return rc;
	if ((rc = mailbox_read(a->argv[1], (size_t)config_int(ctx->config,
	    "max_message_size"), &l, &err)) != 0)
		return report(&err);
	if (l.n != 1) {
		rc = dp_fail(&err, DP_EX_DATAERR, "%s holds %zu messages; "
		    "'complaint reply' records one (import a mailbox with "
		    "'depeer inbox import')", strcmp(a->argv[1], "-") == 0 ?
		    "standard input" : a->argv[1], l.n);
		mbox_list_release(&l);
		return report(&err);
	}
	if ((rc = ctx_db(ctx)) != 0) {
		mbox_list_release(&l);
		return rc;
	}
	rc = inbox_reply(ctx->db, id, l.v[0].data, l.v[0].len,
	    config_get(ctx->config, "case_tag"), &r, &err);
	mbox_list_release(&l);
	if (rc != 0)
		return report(&err);
	if (ctx->json)
		print_json(inbox_outcome_json(&r.v[0]));
	else
		inbox_outcome_text(&r.v[0]);
	inbox_result_release(&r);
	return DP_EX_OK;
}

const struct cmd_entry cmd_complaint_reply_entry = {
	.name = "reply",
	.summary = "record a reply by hand",
	.about = "Store a message as a reply to complaint ID (origin hand), "
	    "classified as 'inbox import' classifies it, and move the "
	    "complaint as an import would: an auto-reply to acknowledged, "
	    "an answer to answered, a bounce to bounced.",
	.usage = "reply ID FILE|- [--json]",
	.flags = CMD_DB_WRITE | CMD_CONFIG,
	.exec = reply_exec,
	.man = "depeer-complaint",
};
