/*
 * cmd_bgp_rel.c - "depeer bgp relationships": the AS relationships
 * inferred from the BGP imports (every one, or those of a window of
 * dates; bgp_store.c, asrel.c) in CAIDA's serial-1 format, or their
 * agreement with a reference file per class.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp_store.h"
#include "cmd.h"
#include "exitcodes.h"
#include "validate.h"

enum { OPT_COMPARE = OPT_FIRST_LOCAL, OPT_FROM, OPT_TO };

/* The imports the inference reads: their dates in [from, to]. */
struct window {
	int64_t		 from, to;
	int		 has_from, has_to;
	int64_t		 imports;	/* how many those are */
};

/*
 * --from and --to into w: RFC 3339 or YYYY-MM-DD (val_time()); a bare
 * date given to --to means the end of that day.  0, or the exit status
 * after the message.
 */
static int
window_args(const struct cmd_args *a, struct ctx *ctx, struct window *w)
{
	struct dp_err err = DP_ERR_INIT;
	const char *f = args_get(a, OPT_FROM), *t = args_get(a, OPT_TO);

	memset(w, 0, sizeof(*w));
	w->from = INT64_MIN;
	w->to = INT64_MAX;
	if (f != NULL) {
		if (val_time(f, &w->from, &err) != 0) {
			dp_err_prefix(&err, "--from");
			return report(&err);
		}
		w->has_from = 1;
	}
	if (t != NULL) {
		if (val_time(t, &w->to, &err) != 0) {
			dp_err_prefix(&err, "--to");
			return report(&err);
		}
		if (strlen(t) == 10)	/* YYYY-MM-DD: all of that day */
			w->to += 86399;
		w->has_to = 1;
	}
	if (w->from > w->to)
		return cmd_usage_error(ctx, "--from %s is after --to %s",
		    tx(f), tx(t));
	return 0;
}

/* The window as JSON members "from", "to" (null: open) and "imports". */
static void
window_json(json_t *o, const struct window *w)
{
	char t[TIME_STRLEN];

	if (w->has_from)
		fmt_time(w->from, t);
	json_object_set_new(o, "from", w->has_from ? json_string(t) :
	    json_null());
	if (w->has_to)
		fmt_time(w->to, t);
	json_object_set_new(o, "to", w->has_to ? json_string(t) :
	    json_null());
	json_object_set_new(o, "imports", json_integer(w->imports));
}

/* The window in words, for the text outputs. */
static void
window_text(const struct window *w, const char *lead)
{
	char f[TIME_STRLEN], t[TIME_STRLEN];

	printf("%s%" PRId64 " BGP import%s", lead, w->imports,
	    w->imports == 1 ? "" : "s");
	if (w->has_from)
		fmt_time(w->from, f);
	if (w->has_to)
		fmt_time(w->to, t);
	if (w->has_from && w->has_to)
		printf(" dated from %s to %s", f, t);
	else if (w->has_from)
		printf(" dated from %s on", f);
	else if (w->has_to)
		printf(" dated up to %s", t);
	putchar('\n');
}

static const char *const class_key[ASREL_NCLASS] = {
	"provider_customer", "peer_peer", "stub_customer"
};
static const char *const class_name[ASREL_NCLASS] = {
	"provider-customer", "peer-peer", "customer is a stub"
};

static double
pct(int64_t part, int64_t whole)
{
	return whole > 0 ? 100.0 * (double)part / (double)whole : 0;
}

static void
compare_text(const struct asrel_cmp *c)
{
	static const char *const hdr[] = { "CLASS", "BOTH", "AGREE", "%",
	    "OURS P2P", "OURS P2C", "OURS C2P" };
	char cell[6][32];
	const char *row[7];
	struct table *t;
	int k;

	printf("links inferred: %" PRId64 "; in the reference: %" PRId64
	    "; in both: %" PRId64 "\n\n", c->ours, c->ref, c->both);
	t = table_new(7, hdr);
	for (k = 0; k < ASREL_NCLASS; k++) {
		const struct asrel_class *x = &c->cls[k];

		snprintf(cell[0], 32, "%" PRId64, x->both);
		snprintf(cell[1], 32, "%" PRId64, x->agree);
		snprintf(cell[2], 32, "%.1f", pct(x->agree, x->both));
		snprintf(cell[3], 32, "%" PRId64, x->as_p2p);
		snprintf(cell[4], 32, "%" PRId64, x->as_p2c);
		snprintf(cell[5], 32, "%" PRId64, x->as_c2p);
		row[0] = class_name[k];
		row[1] = cell[0];
		row[2] = cell[1];
		row[3] = cell[2];
		row[4] = cell[3];
		row[5] = cell[4];
		row[6] = cell[5];
		table_row(t, row);
	}
	table_end(t);
}

static json_t *
compare_json(const struct asrel_cmp *c, const char *path)
{
	json_t *o = json_object(), *cls = json_object();
	int k;

	for (k = 0; k < ASREL_NCLASS; k++) {
		const struct asrel_class *x = &c->cls[k];

		json_object_set_new(cls, class_key[k], json_pack(
		    "{s:I,s:I,s:f,s:I,s:I,s:I}", "both", (json_int_t)x->both,
		    "agree", (json_int_t)x->agree, "agree_pct",
		    (double)(int64_t)(pct(x->agree, x->both) * 10 + 0.5) / 10,
		    "ours_p2p", (json_int_t)x->as_p2p, "ours_p2c",
		    (json_int_t)x->as_p2c, "ours_c2p", (json_int_t)x->as_c2p));
	}
	json_object_set_new(o, "reference", json_string(path));
	json_object_set_new(o, "links_inferred", json_integer(c->ours));
	json_object_set_new(o, "links_reference", json_integer(c->ref));
	json_object_set_new(o, "links_both", json_integer(c->both));
	json_object_set_new(o, "classes", cls);
	return o;
}

static json_t *
graph_json(const struct asrel_graph *g)
{
	json_t *o = json_object(), *cl = json_array(), *l = json_array();
	size_t i;

	for (i = 0; i < g->nclique; i++)
		json_array_append_new(cl, json_integer(g->clique[i]));
	for (i = 0; i < g->nlinks; i++)
		json_array_append_new(l, json_pack("{s:I,s:I,s:i}", "a",
		    (json_int_t)g->links[i].a, "b", (json_int_t)g->links[i].b,
		    "rel", g->links[i].rel));
	json_object_set_new(o, "clique", cl);
	json_object_set_new(o, "links", l);
	return o;
}

static int
bgp_rel_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct asrel_graph g;
	struct asrel_cmp c;
	struct window w;
	const char *ref = args_get(a, OPT_COMPARE);
	json_t *o;
	size_t i;
	int rc;

	if (a->argc != 0)
		return cmd_usage_error(ctx, "'bgp relationships' takes no "
		    "operand");
	if ((rc = window_args(a, ctx, &w)) != 0 || (rc = ctx_db(ctx)) != 0)
		return rc;
	if (bgp_store_relationships_window(ctx->db, w.from, w.to, &g,
	    &w.imports, &err) != 0)
		return report(&err);
	if (ref != NULL) {
		if (bgp_store_compare(&g, ref, &c, &err) != 0) {
			asrel_graph_release(&g);
			return report(&err);
		}
		if (ctx->json) {
			o = compare_json(&c, ref);
			window_json(o, &w);
			print_json(o);
		} else {
			window_text(&w, "from ");
			compare_text(&c);
		}
	} else if (ctx->json) {
		o = graph_json(&g);
		window_json(o, &w);
		print_json(o);
	} else {
		window_text(&w, "# inferred by depeer from ");
		printf("# clique:");
		for (i = 0; i < g.nclique; i++)
			printf(" %u", g.clique[i]);
		printf("\n# provider|customer|-1, peer|peer|0\n");
		for (i = 0; i < g.nlinks; i++)
			printf("%u|%u|%d\n", g.links[i].a, g.links[i].b,
			    g.links[i].rel);
	}
	asrel_graph_release(&g);
	return DP_EX_OK;
}

const struct cmd_entry cmd_bgp_relationships_entry = {
	.name = "relationships",
	.summary = "AS relationships inferred from the imported BGP paths",
	.about = "Print the AS relationships (provider-customer or "
	    "peer-peer) inferred from the imported BGP paths (every import, "
	    "or those dated from --from to --to), in CAIDA's serial-1 "
	    "format, or their agreement with a CAIDA as-rel file.",
	.usage = "relationships [--from DATE] [--to DATE] "
	    "[--compare CAIDA-AS-REL-FILE] [--json]",
	.flags = CMD_DB_READ,
	.opts = (const struct cmd_opt[]){
		{ "compare", OPT_COMPARE, required_argument,
		  "CAIDA-AS-REL-FILE",
		  "the agreement with this file per class of link" },
		{ "from", OPT_FROM, required_argument, "DATE",
		  "only the imports dated at or after DATE" },
		{ "to", OPT_TO, required_argument, "DATE",
		  "only the imports dated at or before DATE (a bare date: "
		  "to its end)" },
		CMD_OPTS_END
	},
	.exec = bgp_rel_exec,
	.man = "depeer-bgp",
};
