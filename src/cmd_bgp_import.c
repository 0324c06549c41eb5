/*
 * cmd_bgp_import.c - "depeer bgp import": MRT RIB dumps and BGP4MP
 * updates read into dated observations of who carries whose routes
 * (bgp_store.c), with the reader's warnings passed on.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp_store.h"
#include "clock.h"
#include "cmd.h"
#include "exitcodes.h"
#include "validate.h"

enum { OPT_DATE = OPT_FIRST_LOCAL };

/* The kept warnings of imp on stderr, with the file's name. */
static void
warn_import(const struct bgp_import *imp)
{
	json_t *w = json_loads(imp->warnings, 0, NULL), *x;
	size_t i;

	json_array_foreach(w, i, x)
		warning("'%s': %s", tx(imp->file_name),
		    tx(json_string_value(x)));
	if (imp->nwarnings > (int64_t)json_array_size(w))
		warning("'%s': %" PRId64 " more warning%s not shown",
		    tx(imp->file_name), imp->nwarnings -
		    (int64_t)json_array_size(w), imp->nwarnings -
		    (int64_t)json_array_size(w) == 1 ? "" : "s");
	if (imp->truncated)
		warning("'%s' ends inside a record: imported what was read",
		    tx(imp->file_name));
	json_decref(w);
}

static int
bgp_import_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct bgp_import *v = NULL;
	const char *arg;
	int64_t date, *datep = NULL;
	size_t n = 0, i;
	int rc;

	if (a->argc < 1)
		return cmd_usage_error(ctx, "'bgp import' needs at least one "
		    "MRT FILE");
	for (i = 0, n = 0; i < (size_t)a->argc; i++)
		n += strcmp(a->argv[i], "-") == 0;
	if (n > 1)
		return cmd_usage_error(ctx, "standard input ('-') can be "
		    "read once");
	n = 0;
	if ((arg = args_get(a, OPT_DATE)) != NULL) {
		if (val_time(arg, &date, &err) != 0) {
			dp_err_prefix(&err, "--date");
			return report(&err);
		}
		datep = &date;
	}
	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	if ((rc = bgp_store_import(ctx->db, a->argv, (size_t)a->argc, datep,
	    clock_now(), &v, &n, &err)) != 0) {
		report(&err);
		fputs("depeer: nothing was imported\n", stderr);
		return rc;
	}
	for (i = 0; i < n; i++)
		warn_import(&v[i]);
	if (ctx->json) {
		json_t *o = json_array();

		for (i = 0; i < n; i++)
			json_array_append_new(o, bgp_import_to_json(&v[i]));
		print_json(json_pack("{s:o}", "imports", o));
	} else
		for (i = 0; i < n; i++) {
			const struct bgp_import *x = &v[i];
			char t[TIME_STRLEN];
			int64_t dropped = x->dropped[BGP_PATH_EMPTY] +
			    x->dropped[BGP_PATH_SET] +
			    x->dropped[BGP_PATH_LOOP] +
			    x->dropped[BGP_PATH_RESERVED];

			fmt_time(x->observed_at, t);
			printf("bgp import %" PRId64 ": '%s', %s of %s: %"
			    PRId64 " path%s from %" PRId64 " vantage point%s, "
			    "%" PRId64 " dropped (%" PRId64 " with AS_SET, %"
			    PRId64 " with a loop, %" PRId64 " with a private "
			    "or reserved AS, %" PRId64 " with no AS), %" PRId64
			    " withdrawal%s%s; audit entry %" PRId64 "\n",
			    x->id, tx(x->file_name), x->kind, t, x->paths,
			    x->paths == 1 ? "" : "s", x->vantage,
			    x->vantage == 1 ? "" : "s", dropped,
			    x->dropped[BGP_PATH_SET],
			    x->dropped[BGP_PATH_LOOP],
			    x->dropped[BGP_PATH_RESERVED],
			    x->dropped[BGP_PATH_EMPTY], x->withdrawals,
			    x->withdrawals == 1 ? "" : "s",
			    x->truncated ? " (truncated file)" : "",
			    x->audit_seq);
		}
	bgp_imports_free(v, n);
	return DP_EX_OK;
}

const struct cmd_entry cmd_bgp_import_entry = {
	.name = "import",
	.summary = "read MRT RIBs and updates into dated upstream "
	    "observations",
	.about = "Read MRT RIB dumps and BGP4MP updates, clean their AS "
	    "paths and record, for every origin AS, the ASes seen just "
	    "before it with their path and vantage-point counts, as dated "
	    "observations.",
	.usage = "import FILE... [--date DATE] [--json]",
	.flags = CMD_DB_CREATE,
	.opts = (const struct cmd_opt[]){
		{ "date", OPT_DATE, required_argument, "DATE",
		  "the date of the observations (default: the dump's)" },
		CMD_OPTS_END
	},
	.exec = bgp_import_exec,
	.man = "depeer-bgp",
};
