/*
 * cmd_evidence_import.c - "depeer evidence import": CSV or JSON Lines,
 * all rows or none.  evidence_import.c reads, checks and writes.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "advice.h"
#include "cmd.h"
#include "evidence_import.h"
#include "exitcodes.h"
#include "openin.h"
#include "rd.h"

enum { OPT_PROVIDER = OPT_FIRST_LOCAL, OPT_DRYRUN, OPT_ALLOWDUPS };

/* The signal that asked the import to stop; the import loop checks it. */
static volatile sig_atomic_t import_stop;

static void
on_stop(int sig)
{
	import_stop = sig;
}

/*
 * SIGINT and SIGTERM only set the flag, so that the import rolls back, or
 * finishes its commit, and says which.  No SA_RESTART: a read waiting for
 * input is cut short.  A signal ignored when depeer started (nohup, a
 * background job of a script) stays ignored.  The handler stays until
 * depeer exits: restored to the default, a signal just after the result
 * was printed would turn a stored import into exit 130.
 */
static void
catch_stop(void)
{
	static const int sigs[2] = { SIGINT, SIGTERM };
	struct sigaction sa, old;
	int i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;
	for (i = 0; i < 2; i++) {
		sigaction(sigs[i], NULL, &old);
		if (old.sa_handler != SIG_IGN)
			sigaction(sigs[i], &sa, NULL);
	}
}


static int
evidence_import_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct import_result res;
	struct import_opts opt;
	struct rd r;
	const char *path, *name;
	FILE *fp;
	size_t i;
	int rc, dry_run = args_has(a, OPT_DRYRUN) > 0;

	memset(&res, 0, sizeof(res));
	if (a->argc != 1)
		return cmd_usage_error(ctx, "'evidence import' needs one FILE "
		    "(or - for standard input)");
	path = a->argv[0];
	if (strcmp(path, "-") == 0) {
		fp = stdin;
		name = "<stdin>";
	} else {
		/* A FIFO, socket or device is refused before a read could
		   wait on it; "-" reads standard input, whatever it is. */
		if ((rc = fopen_regular(path, &fp, NULL, &err)) != 0) {
			report(&err);
			return rc;
		}
		name = path;
	}
	/* Before the database is opened: a signal from now on is seen. */
	import_stop = 0;
	catch_stop();
	if ((rc = ctx_db(ctx)) != 0)
		goto out;
	memset(&opt, 0, sizeof(opt));
	opt.provider = args_get(a, OPT_PROVIDER);
	opt.dry_run = dry_run;
	opt.allow_dups = args_has(a, OPT_ALLOWDUPS) > 0;
	opt.stop = &import_stop;
	rd_init(&r, fp);
	rc = evidence_import_opts(ctx->db, &r, name, &opt, &res, &err);
	rd_release(&r);
	if (rc != 0 && res.interrupted) {
		report(&err);
		goto out;
	}
	if (rc != 0) {
		for (i = 0; i < res.nproblems; i++)
			error("'%s': %s", name, res.problems[i]);
		if (res.more_problems > 0)
			error("'%s': ... and %lld more bad line%s", name,
			    (long long)res.more_problems,
			    res.more_problems == 1 ? "" : "s");
		report(&err);
		if (!dry_run)
			fputs("depeer: nothing was imported\n", stderr);
		goto out;
	}
	print_advice(&res.warnings);
	if (ctx->json) {
		json_t *o = json_object();

		json_object_set_new(o, "input", json_string(name));
		json_object_set_new(o, "input_sha256",
		    json_string(res.input_sha256));
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
		    "run)\n", tx(name), (long long)res.rows, res.format,
		    res.rows == 1 ? "" : "s");
	else
		printf("imported %lld row%s from '%s' (%s) as evidence "
		    "%lld-%lld; audit entry %lld\n", (long long)res.rows,
		    res.rows == 1 ? "" : "s", tx(name), res.format, (long long)res.first_id,
		    (long long)res.last_id, (long long)res.audit_seq);
out:
	advice_release(&res.warnings);
	import_result_release(&res);
	if (fp != stdin)
		fclose(fp);
	return rc;
}

const struct cmd_entry cmd_evidence_import_entry = {
	.name = "import",
	.summary = "import CSV or JSON Lines in one transaction",
	.about = "Import evidence from CSV (with a header row) or JSON Lines, "
	    "all rows or none, in one transaction.",
	.usage = "import [--provider P] [--dry-run] [--allow-duplicates] "
	    "FILE|-",
	.flags = CMD_DB_WRITE,
	.opts = (const struct cmd_opt[]){
		{ "provider", OPT_PROVIDER, required_argument, "P",
		  "the provider of rows that name none" },
		{ "dry-run", OPT_DRYRUN, no_argument, NULL,
		  "check every row, list the bad ones, store nothing" },
		{ "allow-duplicates", OPT_ALLOWDUPS, no_argument, NULL,
		  "import a file or rows already stored" },
		CMD_OPTS_END
	},
	.exec = evidence_import_exec,
	.man = "depeer-evidence",
};
