/*
 * cmd_bgp_rel.c - "depeer bgp relationships": the AS relationships
 * inferred from every BGP import (bgp_store.c, asrel.c) in CAIDA's
 * serial-1 format, or their agreement with a reference file per class.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "bgp_store.h"
#include "cmd.h"
#include "exitcodes.h"

enum { OPT_COMPARE = OPT_FIRST_LOCAL };

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
	const char *ref = args_get(a, OPT_COMPARE);
	size_t i;
	int rc;

	if (a->argc != 0)
		return cmd_usage_error(ctx, "'bgp relationships' takes no "
		    "operand");
	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	if (bgp_store_relationships(ctx->db, &g, &err) != 0)
		return report(&err);
	if (ref != NULL) {
		if (bgp_store_compare(&g, ref, &c, &err) != 0) {
			asrel_graph_release(&g);
			return report(&err);
		}
		if (ctx->json)
			print_json(compare_json(&c, ref));
		else
			compare_text(&c);
	} else if (ctx->json)
		print_json(graph_json(&g));
	else {
		printf("# inferred by depeer from the BGP imports of this "
		    "case\n# clique:");
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
	    "peer-peer) inferred from every imported BGP path, in CAIDA's "
	    "serial-1 format, or their agreement with a CAIDA as-rel file.",
	.usage = "relationships [--compare CAIDA-AS-REL-FILE] [--json]",
	.flags = CMD_DB_READ,
	.opts = (const struct cmd_opt[]){
		{ "compare", OPT_COMPARE, required_argument,
		  "CAIDA-AS-REL-FILE",
		  "the agreement with this file per class of link" },
		CMD_OPTS_END
	},
	.exec = bgp_rel_exec,
	.man = "depeer-bgp",
};
