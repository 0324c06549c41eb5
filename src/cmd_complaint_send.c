/*
 * cmd_complaint_send.c - "depeer complaint send ID... | --queued": the
 * complaints sent exactly once (complaint_send.c), a line each as it
 * goes, or a JSON array at the end; the exit status from the worst
 * outcome.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd.h"
#include "complaint_send.h"
#include "complaint_store.h"
#include "exitcodes.h"
#include "jsonout.h"

enum { OPT_DRY_RUN = OPT_FIRST_LOCAL, OPT_RESEND, OPT_QUEUED };

static const char *const outcome_name[] = {
	[SEND_SENT] = "sent", [SEND_QUEUED] = "queued",
	[SEND_REFUSED] = "refused", [SEND_WOULD] = "would-send",
	[SEND_NOT_TRIED] = "not-tried", [SEND_UNRECORDED] = "unrecorded",
};

static void
rcpt_text(const struct send_one *o)
{
	size_t k;

	for (k = 0; k < o->nrcpt; k++)
		printf("%s%s", k > 0 ? ", " : "", tx(o->rcpt[k]));
}

/* One complaint's outcome as text, as the run goes. */
static void
said(const struct send_one *o, void *arg)
{
	const struct ctx *ctx = arg;
	size_t k;

	/* Failures go to stderr with --json too; the rest is its array. */
	if (ctx->json && (o->outcome == SEND_SENT ||
	    o->outcome == SEND_WOULD))
		return;
	switch (o->outcome) {
	case SEND_SENT:
		printf("complaint %lld sent to ", (long long)o->id);
		rcpt_text(o);
		printf(" via %s", tx(o->via));
		if (o->attempt > 1)
			printf(" (attempt %lld)", (long long)o->attempt);
		printf(": %s\n", tx(o->reply));
		if (o->escalated)
			printf("complaint %lld is now escalated\n",
			    (long long)o->parent_id);
		break;
	case SEND_WOULD:
		printf("complaint %lld would go via %s: %lld bytes, sha256 "
		    "%s\n", (long long)o->id, tx(o->via), (long long)o->size,
		    o->sha256);
		printf("  MAIL FROM:<%s>\n", tx(o->from));
		for (k = 0; k < o->nrcpt; k++)
			printf("  RCPT TO:<%s>\n", tx(o->rcpt[k]));
		printf("  Message-ID: <%s>\n", tx(o->message_id));
		printf("  Subject: %s\n", tx(o->subject));
		break;
	case SEND_QUEUED:
		fflush(stdout);
		fprintf(stderr, "depeer: complaint %lld was not delivered "
		    "(attempt %lld via %s): %s; it is queued again\n",
		    (long long)o->id, (long long)o->attempt, tx(o->via),
		    tx(o->reply));
		break;
	case SEND_NOT_TRIED:
	case SEND_REFUSED:
	case SEND_UNRECORDED:
		report(&o->err);
		break;
	}
}

static json_t *
one_json(const struct send_one *o)
{
	json_t *j = json_object(), *r = json_array();
	size_t k;

	for (k = 0; k < o->nrcpt; k++)
		json_array_append_new(r, json_string(o->rcpt[k]));
	json_object_set_new(j, "id", json_integer(o->id));
	json_object_set_new(j, "outcome",
	    json_string(outcome_name[o->outcome]));
	json_object_set_new(j, "state", json_str_or_null(o->state));
	json_object_set_new(j, "attempt", o->attempt > 0 ?
	    json_integer(o->attempt) : json_null());
	json_object_set_new(j, "via", json_str_or_null(o->via));
	json_object_set_new(j, "reply", json_str_or_null(o->reply));
	json_object_set_new(j, "error", o->err.msg[0] != '\0' ?
	    json_string(o->err.msg) : json_null());
	json_object_set_new(j, "mail_from", json_str_or_null(o->from));
	json_object_set_new(j, "rcpt_to", r);
	json_object_set_new(j, "message_id", json_str_or_null(o->message_id));
	json_object_set_new(j, "size", json_integer(o->size));
	json_object_set_new(j, "sha256", json_string(o->sha256));
	json_object_set_new(j, "escalated", o->escalated ?
	    json_integer(o->parent_id) : json_null());
	return j;
}

/* The exit status: the worst outcome (a stored record that failed, then
   a refusal, then a message not delivered). */
static int
worst(const struct send_one *v, size_t n)
{
	int rc = DP_EX_OK, refused = 0, temp = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (v[i].outcome == SEND_UNRECORDED && rc == DP_EX_OK)
			rc = v[i].rc;
		else if (v[i].outcome == SEND_REFUSED) {
			if (v[i].rc != DP_EX_DATAERR && rc == DP_EX_OK)
				rc = v[i].rc;
			refused = 1;
		} else if (v[i].outcome == SEND_QUEUED ||
		    v[i].outcome == SEND_NOT_TRIED)
			temp = 1;
	}
	if (rc != DP_EX_OK)
		return rc;
	return refused ? DP_EX_DATAERR : temp ? DP_EX_TEMPFAIL : DP_EX_OK;
}

/*
 * SIGINT or SIGTERM: no further message is sent; the one being sent is
 * finished (its server's reply waited for, at most smtp_timeout) and
 * recorded.  A second signal ends the process at once, as if no handler
 * were installed: a complaint in the middle of its send stays "sending",
 * which says what it is.
 */
static int
complaint_send_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct send_req req;
	struct send_one *v = NULL;
	struct cmd_saved_signals sigs;
	int64_t *ids = NULL;
	size_t n = 0, i, k;
	json_t *arr;
	int rc;

	memset(&req, 0, sizeof(req));
	req.queued = args_has(a, OPT_QUEUED);
	req.resend = args_has(a, OPT_RESEND);
	req.dry_run = args_has(a, OPT_DRY_RUN);
	if (req.queued && a->argc > 0)
		return cmd_usage_error(ctx, "--queued sends every queued "
		    "complaint: give no IDs with it");
	if (!req.queued && a->argc == 0)
		return cmd_usage_error(ctx, "'%s' needs a complaint ID (or "
		    "--queued)", ctx->path);
	ids = xcalloc((size_t)a->argc + 1, sizeof(*ids));
	for (i = 0; i < (size_t)a->argc; i++) {
		if (complaint_parse_id(a->argv[i], &ids[i], &err) != 0) {
			free(ids);
			return cmd_usage_error(ctx, "%s", err.msg);
		}
		for (k = 0; k < i; k++)
			if (ids[k] == ids[i]) {
				rc = cmd_usage_error(ctx, "complaint %lld is "
				    "named twice", (long long)ids[i]);
				free(ids);
				return rc;
			}
	}
	req.ids = ids;
	req.nids = (size_t)a->argc;
	if ((rc = ctx_config(ctx)) != 0 || (rc = ctx_db(ctx)) != 0) {
		free(ids);
		return rc;
	}
	req.stop = &cmd_stop_signal;
	cmd_catch_stop_signals(&sigs);
	rc = complaint_send(ctx->db, ctx->config, &req, said, ctx, &v, &n,
	    &err);
	cmd_restore_stop_signals(&sigs);
	free(ids);
	if (rc != 0)
		return report(&err);
	if (ctx->json) {
		arr = json_array();
		for (i = 0; i < n; i++)
			json_array_append_new(arr, one_json(&v[i]));
		print_json(arr);
	} else if (n == 0)
		fprintf(stderr, "no queued complaint to send\n");
	rc = worst(v, n);
	send_free(v, n);
	if (cmd_stop_signal != 0)
		return cmd_stop_signal == SIGINT ? DP_EX_INTERRUPTED :
		    DP_EX_TERMINATED;
	return rc;
}

const struct cmd_entry cmd_complaint_send_entry = {
	.name = "send",
	.summary = "send complaints, exactly once",
	.about = "Send each complaint's stored message, byte for byte, to its "
	    "recipients through the configured mail server (smtp_url, "
	    "STARTTLS required) or mail program (sendmail_command).  The "
	    "state 'sending' is recorded before the message leaves and "
	    "'sent' with the server's reply after; a message not accepted "
	    "goes back to 'queued'.  A complaint found in 'sending' (depeer "
	    "stopped during a send) is sent again only with --resend; one "
	    "already sent never is.",
	.usage = "send ID... [--dry-run] [--resend] [--json]\n"
	    "send --queued [--dry-run] [--json]",
	.flags = CMD_DB_WRITE | CMD_CONFIG,
	.opts = (const struct cmd_opt[]){
		{ "dry-run", OPT_DRY_RUN, no_argument, NULL,
		  "say what would be sent where; send and change nothing" },
		{ "resend", OPT_RESEND, no_argument, NULL,
		  "send again one found in 'sending' (it may have gone)" },
		{ "queued", OPT_QUEUED, no_argument, NULL,
		  "send every queued complaint, paced (smtp_pace)" },
		CMD_OPTS_END
	},
	.exec = complaint_send_exec,
	.man = "depeer-complaint",
};
