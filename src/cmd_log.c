/*
 * cmd_log.c - "depeer log": the audit log, one entry per change.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_entry.h"
#include "cmd.h"
#include "db.h"
#include "exitcodes.h"
#include "numparse.h"
#include "validate.h"

enum { OPT_LIMIT = OPT_FIRST_LOCAL };

struct log_state {
	int		json;
	int64_t		n;
	struct table	*t;
};

static int
log_row(const struct audit_entry *e, void *arg)
{
	struct log_state *ls = arg;
	char seq[24], t[TIME_STRLEN], h[13];
	const char *row[5];

	ls->n++;
	if (ls->json) {
		json_stream_item(audit_entry_to_json(e), ls->n);
		return 0;
	}
	fmt_time(e->at, t);
	snprintf(seq, sizeof(seq), "%lld", (long long)e->seq);
	snprintf(h, sizeof(h), "%.12s", e->hash);
	row[0] = seq;
	row[1] = t;
	row[2] = e->action;
	row[3] = e->subject;
	row[4] = h;
	table_row(ls->t, row);
	return 0;
}

static int
log_exec(const struct cmd_args *a, struct ctx *ctx)
{
	static const char *const hdr[] = { "SEQ", "TIME", "ACTION", "SUBJECT",
	    "HASH" };
	struct dp_err err = DP_ERR_INIT;
	struct log_state ls;
	const char *arg;
	long long limit = 0;
	int rc;

	if ((arg = args_get(a, OPT_LIMIT)) != NULL &&
	    parse_num("--limit", arg, 1, INT64_MAX, &limit, &err) != 0)
		return report(&err);
	if (a->argc != 0)
		return cmd_usage_error(ctx, "'log' takes no arguments");
	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	memset(&ls, 0, sizeof(ls));
	ls.json = ctx->json;
	if (!ls.json)
		ls.t = table_new(5, hdr);
	rc = db_audit_iter(ctx->db, limit, log_row, &ls, &err);
	if (ls.json)
		json_stream_end(ls.n);
	else
		table_end(ls.t);
	return rc != 0 ? report(&err) : DP_EX_OK;
}

const struct cmd_entry cmd_log_entry = {
	.name = "log",
	.summary = "show the audit log",
	.about = "Show the audit log: one entry per change, each chained to "
	    "the one before by SHA-256.",
	.usage = "log [--limit N] [--json]",
	.flags = CMD_DB_READ,
	.opts = (const struct cmd_opt[]){
		{ "limit", OPT_LIMIT, required_argument, "N",
		  "show only the last N entries" },
		CMD_OPTS_END
	},
	.exec = log_exec,
	.man = "depeer-log",
};
