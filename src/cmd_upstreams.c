/*
 * cmd_upstreams.c - "depeer upstreams": the upstream transit providers of
 * a provider's origin ASes (upstream.c), with their abuse contacts and
 * the registry records behind each link, as text or JSON; with
 * --history, every link the case recorded, current or gone.
 */
#include <stdio.h>
#include <stdlib.h>

#include "bgp_store.h"
#include "buf.h"
#include "cmd.h"
#include "db.h"
#include "exitcodes.h"
#include "resolver.h"
#include "upstream.h"

enum { OPT_HISTORY = OPT_FIRST_LOCAL };

/* An origin's BGP observations over the imports, one line each. */
static void
bgp_history_text(const struct bgp_hist *b)
{
	static const char *const hdr[] = { "OBSERVED", "IMPORT", "KIND",
	    "ANNOUNCED", "UPSTREAMS (VANTAGE POINTS)", "CHANGE" };
	char t[TIME_STRLEN], imp[24];
	struct table *tb;
	const char *row[6];
	size_t i, k;

	if (b == NULL || b->n == 0) {
		printf("  no BGP observation (see 'depeer bgp import')\n");
		return;
	}
	printf("  BGP observations: %zu distinct upstream%s, %zu change%s, "
	    "%zu gap%s\n", b->distinct, b->distinct == 1 ? "" : "s",
	    b->changes, b->changes == 1 ? "" : "s", b->gaps,
	    b->gaps == 1 ? "" : "s");
	tb = table_new(6, hdr);
	for (i = 0; i < b->n; i++) {
		const struct bgp_hist_point *p = &b->v[i];
		struct buf ups = BUF_INIT, ch = BUF_INIT;

		fmt_time(p->observed_at, t);
		snprintf(imp, sizeof(imp), "#%lld", (long long)p->import_id);
		for (k = 0; k < p->nups; k++)
			buf_addf(&ups, "%sAS%u (%lld)", k > 0 ? " " : "",
			    p->ups[k].upstream, (long long)p->ups[k].vantage);
		if (!p->announced)
			buf_addf(&ch, "not announced");
		for (k = 0; k < p->ngained; k++)
			buf_addf(&ch, "%s+AS%u", ch.len > 0 ? " " : "",
			    p->gained[k]);
		for (k = 0; k < p->nlost; k++)
			buf_addf(&ch, "%s-AS%u", ch.len > 0 ? " " : "",
			    p->lost[k]);
		row[0] = t;
		row[1] = imp;
		row[2] = p->kind;
		row[3] = p->announced ? "yes" : "no";
		row[4] = ups.len > 0 ? ups.s : "-";
		row[5] = ch.len > 0 ? ch.s : "";
		table_row(tb, row);
		buf_release(&ups);
		buf_release(&ch);
	}
	table_end(tb);
}

static void
history_text(const struct upstream_history *h)
{
	static const char *const hdr[] = { "UPSTREAM", "NAME", "CONFIDENCE",
	    "FIRST SEEN", "LAST SEEN", "STATUS" };
	char t[TIME_STRLEN], f[TIME_STRLEN], l[TIME_STRLEN], up[16],
	    conf[16], status[64];
	const struct upstream_seen *u;
	struct table *tb;
	const char *row[6];
	size_t i, j;

	printf("%s\n", tx(h->query));
	for (i = 0; i < h->norigins; i++) {
		const struct upstream_history_origin *o = &h->origins[i];

		printf("\norigin AS%u", o->asn);
		if (o->last_run == 0) {
			printf(": never looked up (run 'depeer upstreams "
			    "AS%u')\n", o->asn);
			bgp_history_text(o->bgp);
			continue;
		}
		fmt_time(o->last_run, t);
		printf(", latest run %s\n", t);
		if (o->nlinks == 0) {
			printf("  no upstream recorded\n");
			bgp_history_text(o->bgp);
			continue;
		}
		tb = table_new(6, hdr);
		for (j = 0; j < o->nlinks; j++) {
			u = &o->links[j];
			snprintf(up, sizeof(up), "AS%u", u->upstream);
			snprintf(conf, sizeof(conf), "%.2f",
			    upstream_confidence_shown(u->confidence));
			fmt_time(u->first_seen, f);
			fmt_time(u->last_seen, l);
			if (u->gone_since != 0) {
				fmt_time(u->gone_since, t);
				snprintf(status, sizeof(status),
				    "gone since %s", t);
			} else
				snprintf(status, sizeof(status), "current");
			row[0] = up;
			row[1] = u->name;
			row[2] = conf;
			row[3] = f;
			row[4] = l;
			row[5] = status;
			table_row(tb, row);
		}
		table_end(tb);
		bgp_history_text(o->bgp);
	}
}

/* --history: read the case, ask no registry. */
static int
history_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct upstream_history h;
	int rc;

	if (args_has(a, OPT_REFRESH) || args_has(a, OPT_TTL))
		return cmd_usage_error(ctx, "--history reads the case only; "
		    "it takes no --refresh or --ttl");
	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	if (upstream_history(ctx->db, a->argv[0], &h, &err) != 0)
		return report(&err);
	if (ctx->json)
		print_json(upstream_history_to_json(&h));
	else
		history_text(&h);
	upstream_history_release(&h);
	return DP_EX_OK;
}

static void
render_text(const struct upstream_result *res)
{
	size_t i, j, k;

	printf("%s\n", tx(res->query));
	for (i = 0; i < res->norigins; i++) {
		const struct upstream_origin *o = &res->origins[i];

		printf("\norigin AS%u%s%s\n", o->asn, o->name != NULL ? " " :
		    "", o->name != NULL ? tx(o->name) : "");
		if (o->nups == 0)
			printf("  no upstream found\n");
		if (o->inconclusive)
			printf("  inconclusive run: a source of neighbours did "
			    "not answer; links not seen are not taken as "
			    "gone\n");
		for (j = 0; j < o->nups; j++) {
			const struct upstream *u = &o->ups[j];

			printf("  AS%-8u %-24s confidence %.2f\n", u->asn,
			    tx(u->name),
			    upstream_confidence_shown(u->confidence));
			for (k = 0; k < u->ncontacts; k++)
				if (u->contacts[k].role == ROLE_ABUSE)
					printf("    abuse: %s\n",
					    tx(u->contacts[k].email));
			/* No registry-declared one: the weaker, marked. */
			for (k = 0; k < u->ncontacts &&
			    u->contacts[0].role != ROLE_ABUSE; k++)
				if (u->contacts[k].role == ROLE_ABUSE_LEGACY ||
				    u->contacts[k].role ==
				    ROLE_ABUSE_MAILBOX_LEGACY ||
				    u->contacts[k].role == ROLE_ABUSE_CANDIDATE)
					printf("    %s: %s\n", reg_role_name(
					    u->contacts[k].role),
					    tx(u->contacts[k].email));
			for (k = 0; k < u->nev; k++) {
				printf("    %s: %s", tx(u->ev[k].method),
				    tx(u->ev[k].detail));
				if (u->ev[k].src != NULL &&
				    u->ev[k].src->id != 0)
					printf(" (source %lld)", (long long)
					    u->ev[k].src->id);
				putchar('\n');
			}
		}
		for (j = 0; j < o->nwarnings; j++)
			printf("  warning: %s\n", tx(o->warnings[j]));
	}
}

static int
upstreams_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct upstream_result res;
	struct resolver r;
	long long ttl;
	int rc;

	if (a->argc != 1)
		return cmd_usage_error(ctx, "'upstreams' needs a provider or "
		    "an AS number");
	if (args_has(a, OPT_HISTORY))
		return history_exec(a, ctx);
	if ((rc = cmd_ttl(a, ctx, &ttl)) != 0)
		return rc;
	if ((rc = cmd_resolver(a, ctx, ttl, 1, &r)) != 0)
		return rc;
	if ((rc = upstream_find(&r, a->argv[0], &res, &err)) != 0) {
		resolver_release(&r);
		return report(&err);
	}
	if (res.answered == 0) {
		rc = DP_EX_UNAVAILABLE;
		error("no registry answered for '%s'", a->argv[0]);
	}
	if (ctx->json)
		print_json(upstream_result_to_json(&res));
	else
		render_text(&res);
	upstream_result_release(&res);
	resolver_release(&r);
	return rc;
}

const struct cmd_entry cmd_upstreams_entry = {
	.name = "upstreams",
	.summary = "find a provider's upstream transit providers and their "
	    "abuse contacts",
	.about = "Find the upstream transit providers of a provider's origin "
	    "ASes, with their abuse contacts and the registry records behind "
	    "each link.",
	.usage = "upstreams PROVIDER|ASN [--refresh] [--ttl SECONDS] [--json]\n"
	    "upstreams PROVIDER|ASN --history [--json]",
	.flags = CMD_DB_CREATE | CMD_NET,
	.opts = (const struct cmd_opt[]){
		CMD_OPTS_FRESHNESS,
		{ "history", OPT_HISTORY, no_argument, NULL,
		  "every link the case recorded, current or gone, and the "
		  "BGP observations over time (asks no registry)" },
		CMD_OPTS_END
	},
	.exec = upstreams_exec,
	.man = "depeer-upstreams",
};
