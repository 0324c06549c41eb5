/*
 * cmd_attribute.c - "depeer attribute": log lines counted per interval
 * and origin AS, provider or prefix with the case's prefix tables (or a
 * lookup file shipped with a job), printed as CSV or JSON or stored as
 * measurement series; and "--merge", the reducer of partial counts.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attribute.h"
#include "buf.h"
#include "cmd.h"
#include "exitcodes.h"
#include "measure.h"
#include "numparse.h"
#include "prefix_store.h"
#include "ptab.h"
#include "validate.h"

enum { OPT_TABLE = OPT_FIRST_LOCAL, OPT_TABLE_FILE, OPT_AT, OPT_BY,
	OPT_INTERVAL, OPT_SERIES, OPT_ADD, OPT_FORMAT, OPT_MULTI, OPT_STRICT,
	OPT_JOBS, OPT_MERGE };

/* The tables a run attributes with, opened. */
struct tabs {
	struct attr_snapshot *snaps;
	struct ptab	**open;
	char		**names;
	size_t		 n;
};

static void
tabs_release(struct tabs *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		ptab_close(t->open[i]);
		free(t->names[i]);
	}
	free(t->snaps);
	free(t->open);
	free(t->names);
	memset(t, 0, sizeof(*t));
}

static void
tabs_add(struct tabs *t, const char *name, struct ptab *p)
{
	t->snaps = xreallocarray(t->snaps, t->n + 1, sizeof(*t->snaps));
	t->open = xreallocarray(t->open, t->n + 1, sizeof(*t->open));
	t->names = xreallocarray(t->names, t->n + 1, sizeof(*t->names));
	t->names[t->n] = xstrdup(name);
	t->open[t->n] = p;
	t->snaps[t->n].name = t->names[t->n];
	t->snaps[t->n].t = p;
	t->snaps[t->n].taken_at = ptab_taken_at(p);
	t->n++;
}

/* --table NAME, or every table (--at auto, the default). */
static int
open_case_tables(struct ctx *ctx, const char *only, struct tabs *t)
{
	struct dp_err err = DP_ERR_INIT;
	struct prefix_table_info *v;
	struct ptab *p;
	size_t n, i;
	int rc, found = 0;

	if ((rc = prefix_store_list(ctx->db, &v, &n, &err)) != 0)
		return report(&err);
	for (i = 0; i < n && rc == 0; i++) {
		if (only != NULL && strcmp(v[i].name, only) != 0)
			continue;
		found = 1;
		if ((rc = prefix_store_open(ctx->db, v[i].name, &p, &err))
		    != 0)
			report(&err);
		else
			tabs_add(t, v[i].name, p);
	}
	prefix_table_info_free(v, n);
	free(v);
	if (rc == 0 && !found) {
		if (only != NULL)
			error("no prefix table named '%s' (see 'depeer "
			    "prefixes list')", tx(only));
		else
			error("the case has no prefix table: import one with "
			    "'depeer prefixes import', or give --table-file");
		rc = DP_EX_NOINPUT;
	}
	return rc;
}

static const char *
shown_path(const char *p)
{
	return strcmp(p, "-") == 0 ? "<stdin>" : p;
}

/* What was read, on stderr: malformed lines, cut-off files. */
static void
warn_inputs(const struct attr_result *r, const struct tabs *t)
{
	char lines[96], when[TIME_STRLEN];
	const struct attr_file *f;
	size_t i, j, o;

	for (i = 0; i < r->nfiles; i++) {
		f = &r->files[i];
		if (f->truncated)
			warning("'%s' ends early (a cut-off compressed file): "
			    "its lines up to there were counted",
			    tx(shown_path(f->path)));
		if (f->malformed == 0)
			continue;
		lines[0] = '\0';
		for (j = 0, o = 0; j < ATTR_BAD_MAX && j < f->malformed; j++)
			o += (size_t)snprintf(lines + o, sizeof(lines) - o,
			    "%s%" PRIu64, j ? ", " : "", f->bad[j]);
		warning("'%s': %" PRIu64 " malformed line%s skipped (line%s "
		    "%s%s): line %" PRIu64 ": %s", tx(shown_path(f->path)),
		    f->malformed, f->malformed == 1 ? "" : "s",
		    f->malformed == 1 ? "" : "s", lines,
		    f->malformed > ATTR_BAD_MAX ? ", ..." : "", f->bad[0],
		    f->why);
	}
	if (r->early > 0 && t != NULL && t->n > 0) {
		fmt_time(t->snaps[0].taken_at, when);
		warning("%" PRIu64 " line%s older than the oldest table '%s' "
		    "(%s) %s attributed with it", r->early, r->early == 1 ?
		    "" : "s", tx(t->snaps[0].name), when,
		    r->early == 1 ? "was" : "were");
	}
}

static json_t *
files_json(const struct attr_result *r)
{
	json_t *arr = json_array(), *o, *bl;
	size_t i, j;

	for (i = 0; i < r->nfiles; i++) {
		const struct attr_file *f = &r->files[i];

		o = json_object();
		json_object_set_new(o, "file", json_string(f->path));
		json_object_set_new(o, "lines", json_integer((json_int_t)
		    f->lines));
		json_object_set_new(o, "used", json_integer((json_int_t)
		    f->used));
		json_object_set_new(o, "malformed", json_integer((json_int_t)
		    f->malformed));
		bl = json_array();
		for (j = 0; j < ATTR_BAD_MAX && j < f->malformed; j++)
			json_array_append_new(bl, json_integer((json_int_t)
			    f->bad[j]));
		json_object_set_new(o, "malformed_lines", bl);
		json_object_set_new(o, "why", f->malformed ?
		    json_string(f->why) : json_null());
		json_object_set_new(o, "truncated", json_boolean(f->truncated));
		json_array_append_new(arr, o);
	}
	return arr;
}

static void
to_stdout(const char *s, size_t n, void *arg)
{
	(void)arg;
	fwrite(s, 1, n, stdout);
}

/* The counts on stdout: CSV, or a JSON array streamed. */
static void
print_counts(const struct attr_result *r, int json)
{
	size_t i;

	if (json) {
		for (i = 0; i < r->n; i++)
			json_stream_item(attr_count_to_json(&r->counts[i]),
			    (int64_t)i + 1);
		json_stream_end((int64_t)r->n);
		return;
	}
	attribute_csv(r, to_stdout, NULL);
}

/* The summary as --json prints it. */
static json_t *
summary_json(const struct attr_result *r, const struct tabs *t,
    const char *by, const char *multi)
{
	char iv[24], when[TIME_STRLEN];
	json_t *o = json_object(), *arr, *x;
	size_t i;

	measure_fmt_duration(r->interval, iv);
	json_object_set_new(o, "interval", json_string(iv));
	if (by != NULL)
		json_object_set_new(o, "by", json_string(by));
	if (multi != NULL)
		json_object_set_new(o, "multi", json_string(multi));
	if (t != NULL) {
		arr = json_array();
		for (i = 0; i < t->n; i++) {
			x = json_object();
			fmt_time(t->snaps[i].taken_at, when);
			json_object_set_new(x, "name",
			    json_string(t->snaps[i].name));
			json_object_set_new(x, "taken_at", json_string(when));
			json_object_set_new(x, "lines", json_integer(
			    (json_int_t)r->snap_lines[i]));
			json_array_append_new(arr, x);
		}
		json_object_set_new(o, "tables", arr);
		json_object_set_new(o, "early", json_integer((json_int_t)
		    r->early));
		json_object_set_new(o, "lines", json_integer((json_int_t)
		    r->lines));
		json_object_set_new(o, "used", json_integer((json_int_t)
		    r->used));
		json_object_set_new(o, "malformed", json_integer((json_int_t)
		    r->malformed));
		json_object_set_new(o, "files", files_json(r));
	}
	return o;
}

/* --series: store the counts; print what was stored. */
static int
store(struct ctx *ctx, const char *prefix, int add, const char *input,
    const struct attr_result *r, json_t *summary)
{
	struct dp_err err = DP_ERR_INIT;
	char **names, iv[24];
	int64_t *seqs;
	size_t n, i;
	int rc;
	json_t *arr, *x;

	if ((rc = ctx_db_write(ctx)) != 0)
		return rc;
	if ((rc = attribute_store(ctx->db, prefix, add, input, r, &names,
	    &seqs, &n, &err)) != 0) {
		report(&err);
		fputs("depeer: nothing was stored\n", stderr);
		return rc;
	}
	measure_fmt_duration(r->interval, iv);
	if (ctx->json) {
		arr = json_array();
		for (i = 0; i < n; i++) {
			x = json_object();
			json_object_set_new(x, "name", json_string(names[i]));
			json_object_set_new(x, "audit_seq",
			    json_integer(seqs[i]));
			json_array_append_new(arr, x);
		}
		json_object_set_new(summary, "series", arr);
		json_object_set_new(summary, "added", json_boolean(add));
		print_json(json_incref(summary));
	} else
		for (i = 0; i < n; i++)
			printf("%s series '%s' (per %s); audit entry %" PRId64
			    "\n", add ? "added to" : "stored", tx(names[i]),
			    iv, seqs[i]);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(seqs);
	return 0;
}

static int
attribute_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct attr_req req;
	struct attr_result res;
	struct tabs tabs;
	struct provider *provs = NULL;
	struct attr_provider *views = NULL;
	size_t nprov = 0;
	const char *arg, *table, *tfile, *series, *by = "asn",
	    *multi = "joint", *format = "csv";
	long long jobs;
	long ncpu;
	int64_t interval = MEASURE_DEFAULT_INTERVAL;
	struct ptab *p;
	json_t *summary = NULL;
	int rc, merge = args_has(a, OPT_MERGE) > 0;

	memset(&req, 0, sizeof(req));
	memset(&res, 0, sizeof(res));
	memset(&tabs, 0, sizeof(tabs));
	table = args_get(a, OPT_TABLE);
	tfile = args_get(a, OPT_TABLE_FILE);
	series = args_get(a, OPT_SERIES);
	if (a->argc < 1)
		return cmd_usage_error(ctx, "'attribute' needs FILE... (or - "
		    "for standard input)");
	if ((table != NULL) + (tfile != NULL) + (args_has(a, OPT_AT) > 0) > 1)
		return cmd_usage_error(ctx, "give one of --table, --table-file "
		    "and --at");
	if ((arg = args_get(a, OPT_AT)) != NULL && strcmp(arg, "auto") != 0)
		return cmd_usage_error(ctx, "--at '%s': only 'auto' is known "
		    "(each line with the table of its day)", tx(arg));
	if ((arg = args_get(a, OPT_BY)) != NULL) {
		if (strcmp(arg, "asn") == 0)
			req.by = ATTR_BY_ASN;
		else if (strcmp(arg, "provider") == 0)
			req.by = ATTR_BY_PROVIDER;
		else if (strcmp(arg, "prefix") == 0)
			req.by = ATTR_BY_PREFIX;
		else
			return cmd_usage_error(ctx, "--by '%s': expected asn, "
			    "provider or prefix", tx(arg));
		by = arg;
	}
	if ((arg = args_get(a, OPT_MULTI)) != NULL) {
		if (strcmp(arg, "joint") == 0)
			req.multi = ATTR_JOINT;
		else if (strcmp(arg, "split") == 0)
			req.multi = ATTR_SPLIT;
		else
			return cmd_usage_error(ctx, "--multi '%s': expected "
			    "joint or split", tx(arg));
		multi = arg;
	}
	if ((arg = args_get(a, OPT_FORMAT)) != NULL) {
		if (strcmp(arg, "csv") != 0 && strcmp(arg, "json") != 0)
			return cmd_usage_error(ctx, "--format '%s': expected "
			    "csv or json", tx(arg));
		format = arg;
	}
	if ((arg = args_get(a, OPT_INTERVAL)) != NULL &&
	    (measure_parse_duration("--interval", arg, &interval, &err) != 0 ||
	    measure_interval_valid("--interval", interval, &err) != 0))
		return report(&err);
	if (args_has(a, OPT_ADD) && series == NULL)
		return cmd_usage_error(ctx, "--add adds to the series of "
		    "--series PREFIX: give --series");
	if (series != NULL) {
		char *probe = xasprintf("%s:AS1", series);

		rc = measure_name_valid(probe, &err);
		free(probe);
		if (rc != 0)
			return report(&err);
	}
	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	jobs = ncpu > 0 ? ncpu : 1;
	if ((arg = args_get(a, OPT_JOBS)) != NULL &&
	    parse_num("--jobs", arg, 1, 256, &jobs, &err) != 0)
		return report(&err);
	if (merge) {
		if (table != NULL || tfile != NULL || args_has(a, OPT_AT) ||
		    args_has(a, OPT_BY) || args_has(a, OPT_MULTI) ||
		    args_has(a, OPT_STRICT) || args_has(a, OPT_JOBS))
			return cmd_usage_error(ctx, "--merge adds up counts "
			    "already made: it takes no table, --by, --multi, "
			    "--strict or --jobs");
		if ((rc = attribute_merge((const char *const *)a->argv,
		    (size_t)a->argc, interval, &res, &err)) != 0) {
			report(&err);
			goto out;
		}
		summary = summary_json(&res, NULL, NULL, NULL);
		goto print;
	}
	/* The tables: a lookup file needs no case; the case's otherwise. */
	if (tfile != NULL) {
		if ((rc = ptab_open(tfile, &p, &err)) != 0) {
			/* An exported copy is not rebuilt as the case's own
			   files are: say how to get a good one. */
			if (rc == DP_EX_DATAERR) {
				size_t l = strlen(err.msg);

				snprintf(err.msg + l, sizeof(err.msg) - l,
				    "; export the table again with 'depeer "
				    "prefixes export NAME -o FILE'");
			}
			report(&err);
			goto out;
		}
		tabs_add(&tabs, tfile, p);
	}
	/* Opened for writing from the start when the counts are stored
	   (a database opened to read stays so). */
	if (tfile == NULL || req.by == ATTR_BY_PROVIDER) {
		if ((rc = series != NULL ? ctx_db_write(ctx) : ctx_db(ctx)) != 0)
			goto out;
	}
	if (tfile == NULL && (rc = open_case_tables(ctx, table, &tabs)) != 0)
		goto out;
	if (req.by == ATTR_BY_PROVIDER) {
		if ((rc = attribute_providers(ctx->db, &provs, &views, &nprov,
		    &err)) != 0) {
			report(&err);
			goto out;
		}
		if (nprov == 0) {
			error("--by provider: the case has no provider (see "
			    "'depeer provider add')");
			rc = DP_EX_NOINPUT;
			goto out;
		}
	}
	req.snaps = tabs.snaps;
	req.nsnaps = tabs.n;
	req.interval = interval;
	req.strict = args_has(a, OPT_STRICT) > 0;
	req.jobs = (int)jobs;
	req.providers = views;
	req.nproviders = nprov;
	req.files = (const char *const *)a->argv;
	req.nfiles = (size_t)a->argc;
	if ((rc = attribute_run(&req, &res, &err)) != 0) {
		report(&err);
		if (series != NULL)
			fputs("depeer: nothing was stored\n", stderr);
		goto out;
	}
	warn_inputs(&res, &tabs);
	summary = summary_json(&res, &tabs, by, multi);
print:
	if (series != NULL) {
		char *input = a->argc == 1 ? xstrdup(a->argv[0]) :
		    xasprintf("%s and %d more", a->argv[0], a->argc - 1);

		rc = store(ctx, series, args_has(a, OPT_ADD) > 0, input, &res,
		    summary);
		free(input);
	} else if (ctx->json) {
		json_t *arr = json_array();
		size_t i;

		for (i = 0; i < res.n; i++)
			json_array_append_new(arr,
			    attr_count_to_json(&res.counts[i]));
		json_object_set_new(summary, "counts", arr);
		print_json(json_incref(summary));
	} else
		print_counts(&res, strcmp(format, "json") == 0);
out:
	json_decref(summary);
	attr_result_release(&res);
	attribute_providers_free(provs, views, nprov);
	tabs_release(&tabs);
	return rc;
}

const struct cmd_entry cmd_attribute_entry = {
	.name = "attribute",
	.summary = "count log lines per interval and origin AS, provider "
	    "or prefix",
	.about = "Read log lines (TIME ADDRESS, or a CSV naming those "
	    "columns), map each address by longest-prefix match to its "
	    "origin AS with the routing table of its day, and count per "
	    "interval and key; or, with --merge, add up such counts.",
	.usage = "attribute [--table NAME | --table-file FILE | --at auto] "
	    "[--by asn|provider|prefix] [--multi joint|split] "
	    "[--interval 1h] [--series PREFIX [--add]] [--format csv|json] "
	    "[--strict] [--jobs N] [--json] FILE...|-\n"
	    "attribute --merge [--interval 1h] [--series PREFIX [--add]] "
	    "[--format csv|json] [--json] CSV...",
	.flags = CMD_DB_READ,
	.opts = (const struct cmd_opt[]){
		{ "table", OPT_TABLE, required_argument, "NAME",
		  "attribute with the case's prefix table NAME" },
		{ "table-file", OPT_TABLE_FILE, required_argument, "FILE",
		  "attribute with a lookup file ('prefixes export'); no case "
		  "needed" },
		{ "at", OPT_AT, required_argument, "auto",
		  "each line with the latest table not after it (default)" },
		{ "by", OPT_BY, required_argument, "KEY",
		  "count per asn (default), provider or prefix" },
		{ "multi", OPT_MULTI, required_argument, "HOW",
		  "several origins: joint key AS1_AS2 (default) or split, "
		  "whole to each" },
		{ "interval", OPT_INTERVAL, required_argument, "DURATION",
		  "the length of an interval: 1m to 1d, dividing a day "
		  "(default 1h)" },
		{ "series", OPT_SERIES, required_argument, "PREFIX",
		  "store each key's counts as the series PREFIX:KEY" },
		{ "add", OPT_ADD, no_argument, NULL,
		  "add the counts to the existing series" },
		{ "format", OPT_FORMAT, required_argument, "FORMAT",
		  "print csv (default) or json" },
		{ "strict", OPT_STRICT, no_argument, NULL,
		  "refuse the input at its first malformed line" },
		{ "jobs", OPT_JOBS, required_argument, "N",
		  "threads, sharing files out, large plain files cut at line "
		  "ends (default: the CPUs online)" },
		{ "merge", OPT_MERGE, no_argument, NULL,
		  "add up CSVs of counts made by several runs" },
		CMD_OPTS_END
	},
	.exec = attribute_exec,
	.man = "depeer-attribute",
};
