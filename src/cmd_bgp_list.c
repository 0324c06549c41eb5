/*
 * cmd_bgp_list.c - "depeer bgp list" and "depeer bgp rm": the BGP imports
 * of a case shown, and one undone (bgp_store.c), so that a file imported
 * by mistake, or twice under two dates, stops counting in the inference
 * and the upstreams.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "bgp_store.h"
#include "clock.h"
#include "cmd.h"
#include "exitcodes.h"
#include "numparse.h"
#include "validate.h"

static int
bgp_list_exec(const struct cmd_args *a, struct ctx *ctx)
{
	static const char *const hdr[] = { "ID", "DATE", "KIND", "ENTRIES",
	    "ORIGINS", "IMPORTED", "FILE_SHA256", "FILE" };
	struct dp_err err = DP_ERR_INIT;
	struct bgp_import *v = NULL;
	int64_t *origins = NULL;
	size_t n = 0, i;
	int rc;

	if (a->argc != 0)
		return cmd_usage_error(ctx, "'bgp list' takes no operand");
	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	if (bgp_store_list_origins(ctx->db, &v, &origins, &n, &err) != 0)
		return report(&err);
	if (ctx->json) {
		json_t *arr = json_array();

		for (i = 0; i < n; i++) {
			json_t *o = bgp_import_to_json(&v[i]);

			json_object_set_new(o, "origins",
			    json_integer(origins[i]));
			json_array_append_new(arr, o);
		}
		print_json(json_pack("{s:o}", "imports", arr));
	} else {
		struct table *t = table_new(8, hdr);

		for (i = 0; i < n; i++) {
			char id[24], date[TIME_STRLEN], el[24], org[24],
			    at[TIME_STRLEN];
			const char *row[8];

			snprintf(id, sizeof(id), "%" PRId64, v[i].id);
			fmt_time(v[i].observed_at, date);
			snprintf(el, sizeof(el), "%" PRId64, v[i].elems);
			snprintf(org, sizeof(org), "%" PRId64, origins[i]);
			fmt_time(v[i].created_at, at);
			row[0] = id;
			row[1] = date;
			row[2] = v[i].kind;
			row[3] = el;
			row[4] = org;
			row[5] = at;
			row[6] = v[i].file_sha256;
			row[7] = v[i].file_name;
			table_row(t, row);
		}
		table_end(t);
	}
	bgp_imports_free(v, n);
	free(origins);
	return DP_EX_OK;
}

static int
bgp_rm_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct bgp_import imp;
	char t[TIME_STRLEN];
	long long id;
	int64_t seq = 0;
	int rc;

	if (a->argc != 1)
		return cmd_usage_error(ctx, "'bgp rm' needs one import ID (see "
		    "'depeer bgp list')");
	if (parse_num("BGP import id", a->argv[0], 1, INT64_MAX, &id,
	    &err) != 0)
		return report(&err);
	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	if (bgp_store_rm(ctx->db, id, clock_now(), &imp, &seq, &err) != 0)
		return report(&err);
	if (ctx->json) {
		json_t *o = bgp_import_to_json(&imp);

		json_object_set_new(o, "removed", json_true());
		json_object_set_new(o, "removed_seq", json_integer(seq));
		print_json(o);
	} else {
		fmt_time(imp.observed_at, t);
		printf("removed bgp import %" PRId64 ": '%s', %s of %s, %"
		    PRId64 " entr%s; audit entry %" PRId64 "\n", imp.id,
		    tx(imp.file_name), imp.kind, t, imp.elems,
		    imp.elems == 1 ? "y" : "ies", seq);
	}
	bgp_import_release(&imp);
	return DP_EX_OK;
}

const struct cmd_entry cmd_bgp_list_entry = {
	.name = "list",
	.summary = "list the BGP imports of the case",
	.about = "List the MRT files imported into the case: id, the date "
	    "of the observations, kind (rib or updates), RIB entries or "
	    "update elements read, origin ASes seen, when it was imported, "
	    "the SHA-256 of the file as read and its name.",
	.usage = "list [--json]",
	.flags = CMD_DB_READ,
	.exec = bgp_list_exec,
	.man = "depeer-bgp",
};

const struct cmd_entry cmd_bgp_rm_entry = {
	.name = "rm",
	.summary = "remove a BGP import and its observations",
	.about = "Remove one BGP import: its observations are deleted in "
	    "one transaction with a bgp.rm audit entry, and the inference, "
	    "the upstreams and their history no longer count it.",
	.usage = "rm ID [--json]",
	.flags = CMD_DB_WRITE,
	.exec = bgp_rm_exec,
	.man = "depeer-bgp",
};
