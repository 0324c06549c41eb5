/*
 * cmd_due.c - "depeer due": the complaints whose answer is overdue, most
 * overdue first, with the next step for each.  Parses and prints; due.c
 * decides.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "clock.h"
#include "cmd.h"
#include "due.h"
#include "exitcodes.h"
#include "validate.h"

enum { OPT_PROVIDER = OPT_FIRST_LOCAL };

/* "3 business days", "1 business day", or hours within the first. */
static void
overdue_text(const struct due_item *d, char *out, size_t size)
{
	if (d->overdue_days > 0)
		snprintf(out, size, "%lld business day%s",
		    (long long)d->overdue_days, d->overdue_days == 1 ? "" :
		    "s");
	else
		snprintf(out, size, "%lld h", (long long)(d->overdue / 3600));
}

/* The command that takes the step. */
static void
step_command(const struct due_item *d, char *out, size_t size)
{
	if (strcmp(d->step, "send") == 0)
		snprintf(out, size, "complaint send %lld", (long long)(d->child
		    != 0 ? d->child : d->c.id));
	else if (strcmp(d->step, "resend") == 0)
		snprintf(out, size, "complaint send --resend %lld",
		    (long long)d->c.id);
	else
		snprintf(out, size, "complaint %s %lld", d->step,
		    (long long)d->c.id);
}

static int
due_exec(const struct cmd_args *a, struct ctx *ctx)
{
	static const char *const hdr[] = { "ID", "PROVIDER", "STATE", "TO",
		"DUE (UTC)", "OVERDUE", "NEXT STEP", "WHY" };
	struct dp_err err = DP_ERR_INIT;
	struct due_item *v = NULL;
	struct table *t;
	struct buf to = BUF_INIT;
	char id[24], due[TIME_STRLEN], over[48], cmd[64];
	const char *row[8];
	json_t *arr, *o;
	size_t n = 0, i, j;
	int rc;

	if (a->argc != 0)
		return cmd_usage_error(ctx, "'due' takes no operands");
	if ((rc = ctx_config(ctx)) != 0 || (rc = ctx_db(ctx)) != 0)
		return rc;
	if ((rc = due_list(ctx->db, ctx->config, args_get(a, OPT_PROVIDER),
	    clock_now(), &v, &n, &err)) != 0)
		return report(&err);
	if (ctx->json) {
		arr = json_array();
		for (i = 0; i < n; i++) {
			o = due_item_to_json(&v[i]);
			step_command(&v[i], cmd, sizeof(cmd));
			json_object_set_new(o, "command",
			    json_string(cmd));
			json_array_append_new(arr, o);
		}
		print_json(arr);
	} else if (n == 0)
		fprintf(stderr, "nothing is due\n");
	else {
		t = table_new(8, hdr);
		for (i = 0; i < n; i++) {
			snprintf(id, sizeof(id), "%lld", (long long)v[i].c.id);
			fmt_time(v[i].due_at, due);
			overdue_text(&v[i], over, sizeof(over));
			step_command(&v[i], cmd, sizeof(cmd));
			buf_reset(&to);
			for (j = 0; j < v[i].c.nto; j++)
				buf_addf(&to, "%s%s", j > 0 ? ", " : "",
				    v[i].c.to[j]);
			row[0] = id;
			row[1] = v[i].c.provider_name;
			row[2] = v[i].c.state;
			row[3] = to.s;
			row[4] = due;
			row[5] = over;
			row[6] = cmd;
			row[7] = v[i].why;
			table_row(t, row);
		}
		table_end(t);
	}
	buf_release(&to);
	due_items_free(v, n);
	return DP_EX_OK;
}

const struct cmd_entry cmd_due_entry = {
	.name = "due",
	.summary = "list the complaints whose answer is overdue",
	.about = "List the complaints whose answer is overdue (deadlines in "
	    "business days, Monday to Friday in UTC), bounced ones and "
	    "failed sends, most overdue first, each with its next step: "
	    "follow up, escalate, try the next contact, send.",
	.usage = "due [--provider NAME|ID] [--json]",
	.flags = CMD_DB_READ | CMD_CONFIG,
	.opts = (const struct cmd_opt[]){
		{ "provider", OPT_PROVIDER, required_argument, "NAME|ID",
		  "only this provider's complaints" },
		CMD_OPTS_END
	},
	.exec = due_exec,
	.man = "depeer-due",
};
