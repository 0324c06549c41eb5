/*
 * cmd_report.c - "depeer report PROVIDER": the status report of a
 * provider (report.h) on stdout or, with -o, in a file that appears
 * whole or not at all (outfile.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "bundle.h"
#include "clock.h"
#include "cmd.h"
#include "complaint_draft.h"
#include "exitcodes.h"
#include "media.h"
#include "media_update.h"
#include "outfile.h"
#include "report.h"

enum { OPT_FORMAT = OPT_FIRST_LOCAL, OPT_REDACT, OPT_SERIES, OPT_AT,
	OPT_FORCE, OPT_TO_MEDIA, OPT_BUNDLE, OPT_UNREDACTED };

/* report PROVIDER --to-media: one status update per media contact. */
static int
to_media(const struct cmd_args *a, struct ctx *ctx, const char **series,
    size_t nseries, int64_t now)
{
	struct dp_err err = DP_ERR_INIT;
	struct media_update_req req;
	struct complaint_drafted *v = NULL;
	struct media_contact *m = NULL;
	char *dir = NULL, *mb;
	json_t *o, *arr, *u;
	size_t n = 0, i;
	int rc;

	if (args_get(a, OPT_FORMAT) != NULL || args_get(a, 'o') != NULL ||
	    args_has(a, OPT_REDACT) || args_has(a, OPT_FORCE))
		return cmd_usage_error(ctx, "'report --to-media' drafts "
		    "messages: --format, -o, --force and --redact do not go "
		    "with it (the update is redacted unless --unredacted)");
	memset(&req, 0, sizeof(req));
	req.provider = a->argv[0];
	req.unredacted = args_has(a, OPT_UNREDACTED) > 0;
	req.series = series;
	req.nseries = nseries;
	req.at = args_get(a, OPT_AT);
	dir = args_get(a, OPT_BUNDLE) != NULL ?
	    xstrdup(args_get(a, OPT_BUNDLE)) :
	    bundle_default_dir(a->argv[0], now);
	req.bundle_dir = dir;
	if ((rc = ctx_db_write(ctx)) != 0)
		goto out;
	if ((rc = media_update_draft(ctx->db, ctx->config, &req, &v, &m, &n,
	    &err)) != 0) {
		rc = report(&err);
		goto out;
	}
	if (ctx->json) {
		o = json_object();
		arr = json_array();
		json_object_set_new(o, "bundle", json_string(dir));
		json_object_set_new(o, "redacted",
		    json_boolean(!req.unredacted));
		for (i = 0; i < n; i++) {
			u = json_object();
			json_object_set_new(u, "complaint_id",
			    json_integer(v[i].c.id));
			json_object_set_new(u, "media", media_to_json(&m[i]));
			json_object_set_new(u, "subject",
			    json_string(v[i].c.subject));
			json_array_append_new(arr, u);
		}
		json_object_set_new(o, "updates", arr);
		print_json(o);
	} else {
		printf("wrote the case bundle%s to %s (its SHA256SUMS is "
		    "attached to each update)\n", req.unredacted ? "" :
		    ", redacted,", tx(dir));
		for (i = 0; i < n; i++) {
			mb = media_mailbox(&m[i]);
			printf("drafted status update %lld to %s%s%s%s\n",
			    (long long)v[i].c.id, tx(mb),
			    m[i].outlet != NULL ? " (" : "",
			    m[i].outlet != NULL ? tx(m[i].outlet) : "",
			    m[i].outlet != NULL ? ")" : "");
			free(mb);
		}
		printf("review each with 'depeer complaint show ID', then "
		    "send them with 'depeer complaint send ID...'\n");
	}
	rc = DP_EX_OK;
out:
	complaint_drafted_free(v, n);
	media_free(m, n);
	free(dir);
	return rc;
}

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
	if (args_has(a, OPT_TO_MEDIA)) {
		rc = to_media(a, ctx, series, n, o.now);
		goto out;
	}
	if (args_get(a, OPT_BUNDLE) != NULL || args_has(a, OPT_UNREDACTED)) {
		rc = cmd_usage_error(ctx, "'report': --bundle and --unredacted "
		    "go with --to-media");
		goto out;
	}
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
	    "[-o FILE [--force]]\n"
	    "report PROVIDER --to-media [--bundle DIR] [--unredacted] "
	    "[--series NAME]... [--at TIME|event:ID] [--json]",
	/* The configuration: --to-media drafts messages from it. */
	.flags = CMD_DB_READ | CMD_CONFIG,
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
		{ "to-media", OPT_TO_MEDIA, no_argument, NULL,
		  "draft a status update to each media contact of the case" },
		{ "bundle", OPT_BUNDLE, required_argument, "DIR",
		  "with --to-media: where the case bundle goes (default: "
		  "bundle-PROVIDER-TIME here)" },
		{ "unredacted", OPT_UNREDACTED, no_argument, NULL,
		  "with --to-media: indicators and names as they are" },
		CMD_OPTS_END
	},
	.exec = report_exec,
	.man = "depeer-report",
};
