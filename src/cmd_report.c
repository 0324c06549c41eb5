/*
 * cmd_report.c - "depeer report PROVIDER": the status report of a
 * provider (report.h) on stdout or, with -o, in a file that appears
 * whole or not at all (outfile.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "clock.h"
#include "cmd.h"
#include "exitcodes.h"
#include "outfile.h"
#include "report.h"

enum { OPT_FORMAT = OPT_FIRST_LOCAL, OPT_REDACT, OPT_SERIES, OPT_AT,
	OPT_FORCE };

static int
report_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct report_opts o;
	struct outfile *of;
	struct buf out = BUF_INIT;
	const char *fmt, *path;
	const char **series = NULL;
	size_t i, n = 0;
	int rc;

	if (a->argc != 1)
		return cmd_usage_error(ctx, "'report' takes one provider");
	memset(&o, 0, sizeof(o));
	o.format = ctx->json ? REPORT_JSON : REPORT_TEXT;
	if ((fmt = args_get(a, OPT_FORMAT)) != NULL &&
	    report_format_parse(fmt, &o.format) != 0)
		return cmd_usage_error(ctx, "'--format': '%s' is not text, "
		    "markdown, html or json", fmt);
	if (ctx->json && o.format != REPORT_JSON)
		return cmd_usage_error(ctx, "'report': --json and --format "
		    "%s disagree", fmt);
	o.redact = args_has(a, OPT_REDACT) > 0;
	o.at = args_get(a, OPT_AT);
	if (clock_doc_check(&err) != 0)
		return report(&err);
	o.now = clock_doc_stamp();
	series = xcalloc(a->nopts + 1, sizeof(*series));
	for (i = 0; i < a->nopts; i++)
		if (a->opts[i].id == OPT_SERIES)
			series[n++] = a->opts[i].value;
	o.series = series;
	o.nseries = n;
	path = args_get(a, 'o');
	if ((rc = ctx_db(ctx)) != 0)
		goto out;
	if ((rc = report_write(ctx->db, a->argv[0], &o, &out, &err)) != 0) {
		rc = report(&err);
		goto out;
	}
	if (path == NULL || strcmp(path, "-") == 0) {
		fwrite(out.s, 1, out.len, stdout);
		rc = DP_EX_OK;
		goto out;
	}
	if ((rc = outfile_open_mode(path, 0666, args_has(a, OPT_FORCE) > 0,
	    &of, &err)) != 0) {
		rc = report(&err);
		goto out;
	}
	fwrite(out.s, 1, out.len, outfile_fp(of));
	if ((rc = outfile_commit(of, &err)) != 0)
		rc = report(&err);
out:
	free(series);
	buf_release(&out);
	return rc;
}

const struct cmd_entry cmd_report_entry = {
	.name = "report",
	.summary = "write a provider's status report for journalists",
	.about = "Write the status report of a provider: a plain summary, "
	    "the caveats, the evidence counted by kind and family, the "
	    "upstreams and how each link was shown, who was told and what "
	    "each said, the timeline, the measured impact with its "
	    "intervals, and every record cited.",
	.usage = "report PROVIDER [--format text|markdown|html|json] "
	    "[--redact] [--series NAME]... [--at TIME|event:ID] "
	    "[-o FILE [--force]]",
	.flags = CMD_DB_READ,
	.opts = (const struct cmd_opt[]){
		{ "format", OPT_FORMAT, required_argument, "FORMAT",
		  "text (default), markdown, html or json" },
		{ "redact", OPT_REDACT, no_argument, NULL,
		  "hide indicators and personal addresses, for publication" },
		{ "series", OPT_SERIES, required_argument, "NAME",
		  "a series to measure (repeat; default: every series)" },
		{ "at", OPT_AT, required_argument, "TIME",
		  "the event measured: a time or event:ID (default: the "
		  "last upstream-lost or de-peered event)" },
		{ "output", 'o', required_argument, "FILE",
		  "write the report to FILE, whole or not at all" },
		{ "force", OPT_FORCE, no_argument, NULL,
		  "replace FILE if it exists" },
		CMD_OPTS_END
	},
	.exec = report_exec,
	.man = "depeer-report",
};
