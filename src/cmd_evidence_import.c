/*
 * cmd_evidence_import.c - "depeer evidence import": CSV or JSON Lines,
 * all rows or none.  evidence_import.c reads, checks and writes.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "advice.h"
#include "cmd.h"
#include "evidence_import.h"
#include "exitcodes.h"
#include "rd.h"

enum { OPT_PROVIDER = OPT_FIRST_LOCAL, OPT_DRYRUN };

static int
evidence_import_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct import_result res;
	struct stat sb;
	struct rd r;
	const char *provider = args_get(a, OPT_PROVIDER), *path, *name;
	FILE *fp;
	int rc, dry_run = args_has(a, OPT_DRYRUN) > 0;

	if (a->argc != 1)
		return cmd_usage_error(ctx, "'evidence import' needs one FILE "
		    "(or - for standard input)");
	path = a->argv[0];
	if (strcmp(path, "-") == 0) {
		fp = stdin;
		name = "<stdin>";
	} else {
		if ((fp = fopen(path, "rb")) == NULL) {
			error("cannot open '%s': %s", path, strerror(errno));
			return DP_EX_NOINPUT;
		}
		if (fstat(fileno(fp), &sb) == 0 && S_ISDIR(sb.st_mode)) {
			fclose(fp);
			error("'%s' is a directory", path);
			return DP_EX_NOINPUT;
		}
		name = path;
	}
	memset(&res, 0, sizeof(res));
	if ((rc = ctx_db(ctx)) != 0)
		goto out;
	rd_init(&r, fp);
	rc = evidence_import(ctx->db, &r, name, provider, dry_run, &res,
	    &err);
	rd_release(&r);
	if (rc != 0) {
		report(&err);
		if (!dry_run)
			fputs("depeer: nothing was imported\n", stderr);
		goto out;
	}
	print_advice(&res.warnings);
	if (ctx->json) {
		json_t *o = json_object();

		json_object_set_new(o, "input", json_string(name));
		json_object_set_new(o, "format", json_string(res.format));
		json_object_set_new(o, "rows", json_integer(res.rows));
		json_object_set_new(o, "dry_run", json_boolean(dry_run));
		json_object_set_new(o, "first_id", dry_run ? json_null() :
		    json_integer(res.first_id));
		json_object_set_new(o, "last_id", dry_run ? json_null() :
		    json_integer(res.last_id));
		json_object_set_new(o, "audit_seq", dry_run ? json_null() :
		    json_integer(res.audit_seq));
		json_object_set_new(o, "warnings",
		    advice_to_json(&res.warnings));
		print_json(o);
	} else if (dry_run)
		printf("'%s': %lld valid %s row%s; nothing stored (dry "
		    "run)\n", name, (long long)res.rows, res.format,
		    res.rows == 1 ? "" : "s");
	else
		printf("imported %lld row%s from '%s' (%s) as evidence "
		    "%lld-%lld; audit entry %lld\n", (long long)res.rows,
		    res.rows == 1 ? "" : "s", name, res.format, (long long)res.first_id,
		    (long long)res.last_id, (long long)res.audit_seq);
out:
	advice_release(&res.warnings);
	if (fp != stdin)
		fclose(fp);
	return rc;
}

const struct cmd_entry cmd_evidence_import_entry = {
	.name = "import",
	.summary = "import CSV or JSON Lines in one transaction",
	.about = "Import evidence from CSV (with a header row) or JSON Lines, "
	    "all rows or none, in one transaction.",
	.usage = "import [--provider P] [--dry-run] FILE|-",
	.flags = CMD_DB_WRITE,
	.opts = (const struct cmd_opt[]){
		{ "provider", OPT_PROVIDER, required_argument, "P",
		  "the provider of rows that name none" },
		{ "dry-run", OPT_DRYRUN, no_argument, NULL,
		  "check every row, store nothing" },
		CMD_OPTS_END
	},
	.exec = evidence_import_exec,
	.man = "depeer-evidence",
};
