/*
 * cmd_complaint_next.c - "depeer complaint follow-up|escalate|
 * next-contact": the next message after a complaint, drafted for review.
 * Parses and prints; complaint_next.c drafts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "complaint.h"
#include "complaint_draft.h"
#include "complaint_next.h"
#include "complaint_store.h"
#include "exitcodes.h"
#include "validate.h"

enum { OPT_TEMPLATE = OPT_FIRST_LOCAL, OPT_UPSTREAM_OF, OPT_TO };

static void
join(struct buf *b, char *const *v, size_t n)
{
	size_t i;

	buf_reset(b);
	for (i = 0; i < n; i++)
		buf_addf(b, "%s%s", i > 0 ? ", " : "", v[i]);
}

static json_t *
out_json(const struct complaint_next_out *o)
{
	json_t *r = json_object(), *arr = json_array(), *x, *a;
	size_t i, j;

	json_object_set_new(r, "kind", json_string(o->kind));
	json_object_set_new(r, "parent", json_integer(o->parent));
	for (i = 0; i < o->n; i++) {
		x = complaint_to_json(&o->v[i].c);
		a = json_array();
		for (j = 0; j < o->v[i].nasns; j++)
			json_array_append_new(a,
			    json_integer(o->v[i].asns[j]));
		json_object_set_new(x, "asns", a);
		json_object_set_new(x, "via", o->v[i].via != NULL ?
		    json_string(o->v[i].via) : json_null());
		json_array_append_new(arr, x);
	}
	json_object_set_new(r, "complaints", arr);
	a = json_array();
	for (i = 0; i < o->nnotes; i++)
		json_array_append_new(a, json_string(o->notes[i]));
	json_object_set_new(r, "notes", a);
	if (strcmp(o->kind, "escalation") == 0)
		json_object_set_new(r, "attached", json_integer(o->attached));
	if (strcmp(o->kind, "follow-up") == 0) {
		json_object_set_new(r, "new_rows", json_integer(o->new_rows));
		json_object_set_new(r, "live", json_integer(o->live));
	}
	return r;
}

static void
out_text(const struct complaint_next_out *o)
{
	struct buf b = BUF_INIT;
	size_t i, j;

	for (i = 0; i < o->n; i++) {
		const struct complaint_drafted *d = &o->v[i];

		printf("drafted %s %lld of complaint %lld\n", o->kind,
		    (long long)d->c.id, (long long)o->parent);
		join(&b, d->c.to, d->c.nto);
		printf("  to:       %s\n", tx(b.s));
		if (d->via != NULL)
			printf("            (%s)\n", tx(d->via));
		if (d->nasns > 1) {
			buf_reset(&b);
			for (j = 0; j < d->nasns; j++)
				buf_addf(&b, "%sAS%u", j > 0 ? ", " : "",
				    d->asns[j]);
			printf("  covers:   %s (one abuse address)\n", b.s);
		}
		if (d->c.ncc > 0) {
			join(&b, d->c.cc, d->c.ncc);
			printf("  cc:       %s\n", tx(b.s));
		}
		printf("  subject:  %s\n", tx(d->c.subject));
		printf("  template: %s\n", tx(d->c.tmpl));
		if (strcmp(o->kind, "follow-up") == 0)
			printf("  new:      %lld evidence row%s since the last "
			    "message, %lld indicator%s observed after it\n",
			    (long long)o->new_rows, o->new_rows == 1 ? "" :
			    "s", (long long)o->live, o->live == 1 ? "" : "s");
		if (strcmp(o->kind, "escalation") == 0)
			printf("  attached: %lld earlier message%s "
			    "(message/rfc822)\n", (long long)o->attached,
			    o->attached == 1 ? "" : "s");
		printf("  message:  %lld bytes, sha256 %s\n",
		    (long long)d->c.size, d->c.sha256);
		printf("review it: depeer complaint show %lld\n",
		    (long long)d->c.id);
	}
	buf_release(&b);
}

/* The one ID operand. */
static int
parse_id(const struct cmd_args *a, struct ctx *ctx, int64_t *id)
{
	struct dp_err err = DP_ERR_INIT;

	if (a->argc != 1)
		return cmd_usage_error(ctx, "'%s' needs one complaint ID",
		    ctx->path);
	if (complaint_parse_id(a->argv[0], id, &err) != 0)
		return cmd_usage_error(ctx, "%s", err.msg);
	return 0;
}

typedef int (*next_fn)(struct db *, const struct config *,
    const struct complaint_next_req *, struct complaint_next_out *,
    struct dp_err *);

static int
run(struct ctx *ctx, const struct complaint_next_req *req, next_fn fn)
{
	struct dp_err err = DP_ERR_INIT;
	struct complaint_next_out out;
	size_t i;
	int rc;

	if ((rc = ctx_config(ctx)) != 0 || (rc = ctx_db(ctx)) != 0)
		return rc;
	memset(&out, 0, sizeof(out));
	if ((rc = fn(ctx->db, ctx->config, req, &out, &err)) != 0) {
		if (rc == DP_EX_USAGE)
			return cmd_usage_error(ctx, "%s", err.msg);
		return report(&err);
	}
	for (i = 0; i < out.nnotes; i++)
		warning("%s", out.notes[i]);
	for (i = 0; i < out.n; i++)
		if (out.v[i].csv_omitted > 0)
			warning("complaint %lld: evidence.csv holds %lld of "
			    "%lld rows, to stay within max_message_size",
			    (long long)out.v[i].c.id,
			    (long long)out.v[i].csv_rows,
			    (long long)(out.v[i].csv_rows +
			    out.v[i].csv_omitted));
	if (ctx->json)
		print_json(out_json(&out));
	else
		out_text(&out);
	complaint_next_out_release(&out);
	return DP_EX_OK;
}

/* ---- follow-up ---- */

static int
follow_up_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct complaint_next_req req;
	int rc;

	memset(&req, 0, sizeof(req));
	if ((rc = parse_id(a, ctx, &req.id)) != 0)
		return rc;
	req.tmpl = args_get(a, OPT_TEMPLATE);
	return run(ctx, &req, complaint_follow_up);
}

const struct cmd_entry cmd_complaint_follow_up_entry = {
	.name = "follow-up",
	.summary = "draft a follow-up in a complaint's thread",
	.about = "Draft the next message in the thread of a complaint that "
	    "was sent: to the same recipients, in reply to the last message "
	    "of the thread, the case tag kept, saying what is new since "
	    "that message (evidence recorded since, indicators still "
	    "observed) rather than repeating it.  Send it with complaint "
	    "send.",
	.usage = "follow-up ID [--template NAME|PATH] [--json]",
	.flags = CMD_DB_WRITE | CMD_CONFIG,
	.opts = (const struct cmd_opt[]){
		{ "template", OPT_TEMPLATE, required_argument, "NAME|PATH",
		  "the template (default: follow-up)" },
		CMD_OPTS_END
	},
	.exec = follow_up_exec,
	.man = "depeer-complaint",
};

/* ---- escalate ---- */

static int
escalate_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct complaint_next_req req;
	const char *up;
	int rc;

	memset(&req, 0, sizeof(req));
	if ((rc = parse_id(a, ctx, &req.id)) != 0)
		return rc;
	req.tmpl = args_get(a, OPT_TEMPLATE);
	req.to = args_get(a, OPT_TO);
	up = args_get(a, OPT_UPSTREAM_OF);
	if (args_has(a, OPT_TO) > 1 || args_has(a, OPT_UPSTREAM_OF) > 1)
		return cmd_usage_error(ctx, "give --to or --to-upstream-of "
		    "once");
	if (up != NULL && req.to != NULL)
		return cmd_usage_error(ctx, "give --to-upstream-of ASN or --to "
		    "ADDR, not both");
	if (up != NULL && val_asn(up, &req.upstream_of, &err) != 0)
		return cmd_usage_error(ctx, "--to-upstream-of: %s", err.msg);
	return run(ctx, &req, complaint_escalate);
}

const struct cmd_entry cmd_complaint_escalate_entry = {
	.name = "escalate",
	.summary = "draft an escalation to the next network up",
	.about = "Draft an escalation of a complaint that went unanswered: "
	    "by default to the abuse desks of the recorded upstreams of the "
	    "silent network (one level further where one has no abuse "
	    "contact stored), carrying the notice history with each reply "
	    "or silence, and the earlier messages of the thread attached "
	    "as they were sent.  Send it with complaint send.",
	.usage = "escalate ID [--to-upstream-of ASN | --to ADDR] "
	    "[--template NAME|PATH] [--json]",
	.flags = CMD_DB_WRITE | CMD_CONFIG,
	.opts = (const struct cmd_opt[]){
		{ "to-upstream-of", OPT_UPSTREAM_OF, required_argument, "ASN",
		  "to the recorded upstreams of this AS instead" },
		{ "to", OPT_TO, required_argument, "ADDR",
		  "to this address instead" },
		{ "template", OPT_TEMPLATE, required_argument, "NAME|PATH",
		  "the template (default: escalation)" },
		CMD_OPTS_END
	},
	.exec = escalate_exec,
	.man = "depeer-complaint",
};

/* ---- next-contact ---- */

static int
next_contact_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct complaint_next_req req;
	int rc;

	memset(&req, 0, sizeof(req));
	if ((rc = parse_id(a, ctx, &req.id)) != 0)
		return rc;
	req.tmpl = args_get(a, OPT_TEMPLATE);
	return run(ctx, &req, complaint_next_contact);
}

const struct cmd_entry cmd_complaint_next_contact_entry = {
	.name = "next-contact",
	.summary = "after a bounce, draft to the next-ranked contact",
	.about = "Draft a bounced complaint again, to the next abuse contact "
	    "of its AS in the order depeer contacts ranks them, passing over "
	    "every address the case already wrote to about that AS.  Send "
	    "it with complaint send.",
	.usage = "next-contact ID [--template NAME|PATH] [--json]",
	.flags = CMD_DB_WRITE | CMD_CONFIG,
	.opts = (const struct cmd_opt[]){
		{ "template", OPT_TEMPLATE, required_argument, "NAME|PATH",
		  "the template (default: the bounced complaint's)" },
		CMD_OPTS_END
	},
	.exec = next_contact_exec,
	.man = "depeer-complaint",
};
