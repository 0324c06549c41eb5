/*
 * cmd_stats.c - "depeer stats upstreams": how each upstream AS and abuse
 * address answered the complaints sent to it.  Parses and prints;
 * stats.c counts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "exitcodes.h"
#include "stats.h"

enum { OPT_PROVIDER = OPT_FIRST_LOCAL };

/* "3d 4h", "5h 12m", "7m", "40s"; and "(n=3)"; "-" with none. */
static void
median_text(const struct stats_median *m, char *out, size_t size)
{
	int64_t s = m->s, d = s / 86400, h = s % 86400 / 3600,
	    mi = s % 3600 / 60;
	char v[48];

	if (m->n == 0) {
		snprintf(out, size, "-");
		return;
	}
	if (d > 0)
		snprintf(v, sizeof(v), "%lldd %lldh", (long long)d,
		    (long long)h);
	else if (h > 0)
		snprintf(v, sizeof(v), "%lldh %lldm", (long long)h,
		    (long long)mi);
	else if (mi > 0)
		snprintf(v, sizeof(v), "%lldm", (long long)mi);
	else
		snprintf(v, sizeof(v), "%llds", (long long)s);
	snprintf(out, size, "%s (n=%zu)", v, m->n);
}

static int
upstreams_exec(const struct cmd_args *a, struct ctx *ctx)
{
	static const char *const hdr[] = { "AS", "ADDRESS", "SENT", "ACK",
		"ANSWERED", "BOUNCED", "RESOLVED", "REJECTED", "NO REPLY",
		"FIRST REPLY", "FIRST ANSWER", "RESOLUTION", "PROVIDERS" };
	struct dp_err err = DP_ERR_INIT;
	struct stats_row *v = NULL;
	struct table *t;
	struct buf prov = BUF_INIT;
	char as[16], num[7][24], rep[64], ans[64], res[64];
	const char *row[13];
	json_t *arr;
	size_t n = 0, i, j;
	int rc;

	if (a->argc != 0)
		return cmd_usage_error(ctx, "'stats upstreams' takes no "
		    "operands");
	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	if ((rc = stats_upstreams(ctx->db, args_get(a, OPT_PROVIDER), &v, &n,
	    &err)) != 0)
		return report(&err);
	if (ctx->json) {
		arr = json_array();
		for (i = 0; i < n; i++)
			json_array_append_new(arr, stats_row_to_json(&v[i]));
		print_json(arr);
	} else if (n == 0)
		fprintf(stderr, "no complaint was sent\n");
	else {
		t = table_new(13, hdr);
		for (i = 0; i < n; i++) {
			if (v[i].asn != 0)
				snprintf(as, sizeof(as), "AS%lu",
				    (unsigned long)v[i].asn);
			else
				snprintf(as, sizeof(as), "-");
			snprintf(num[0], 24, "%lld", (long long)v[i].sent);
			snprintf(num[1], 24, "%lld",
			    (long long)v[i].acknowledged);
			snprintf(num[2], 24, "%lld", (long long)v[i].answered);
			snprintf(num[3], 24, "%lld", (long long)v[i].bounced);
			snprintf(num[4], 24, "%lld", (long long)v[i].resolved);
			snprintf(num[5], 24, "%lld", (long long)v[i].rejected);
			snprintf(num[6], 24, "%lld", (long long)v[i].no_reply);
			median_text(&v[i].first_reply, rep, sizeof(rep));
			median_text(&v[i].first_answer, ans, sizeof(ans));
			median_text(&v[i].resolution, res, sizeof(res));
			buf_reset(&prov);
			for (j = 0; j < v[i].nproviders; j++)
				buf_addf(&prov, "%s%s", j > 0 ? ", " : "",
				    v[i].providers[j]);
			row[0] = as;
			row[1] = v[i].address;
			for (j = 0; j < 7; j++)
				row[2 + j] = num[j];
			row[9] = rep;
			row[10] = ans;
			row[11] = res;
			row[12] = prov.s;
			table_row(t, row);
		}
		table_end(t);
	}
	buf_release(&prov);
	stats_rows_free(v, n);
	return DP_EX_OK;
}

static const struct cmd_entry upstreams_entry = {
	.name = "upstreams",
	.summary = "how each upstream answered the complaints sent to it",
	.about = "Per upstream AS and abuse address, across every provider "
	    "of the case: the complaints sent, acknowledged, answered, "
	    "bounced, resolved and rejected, those with no reply, and the "
	    "median time to the first reply, to the first human answer and "
	    "to the resolution, each with the number of complaints it is "
	    "over.  Most complaints sent first.",
	.usage = "upstreams [--provider NAME|ID] [--json]",
	.flags = CMD_DB_READ,
	.opts = (const struct cmd_opt[]){
		{ "provider", OPT_PROVIDER, required_argument, "NAME|ID",
		  "only this provider's complaints" },
		CMD_OPTS_END
	},
	.exec = upstreams_exec,
	.man = "depeer-stats",
};

const struct cmd_entry cmd_stats_entry = {
	.name = "stats",
	.summary = "figures across the case: how the upstreams answered",
	.usage = "upstreams [--provider NAME|ID] [--json]",
	.subs = (const struct cmd_entry *const[]){ &upstreams_entry, NULL },
	.man = "depeer-stats",
};
