/*
 * cmd_measure.c - "depeer measure": import, list, show and remove the
 * measurement series "depeer impact" reads.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "exitcodes.h"
#include "measure.h"
#include "measure_store.h"
#include "openin.h"
#include "validate.h"

enum { OPT_SERIES = OPT_FIRST_LOCAL, OPT_INTERVAL, OPT_ADD, OPT_STRICT };

/* The first malformed line numbers, "4, 9, 12". */
static void
bad_lines(const struct measure_parse *p, char *buf, size_t len)
{
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < MEASURE_BAD_MAX && (int64_t)i < p->malformed &&
	    o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%" PRId64,
		    i ? ", " : "", p->bad[i]);
}

/* Read the whole input through the measurement reader. */
static int
read_input(FILE *fp, const char *name, int64_t interval, int strict,
    struct measure_parse *p, struct dp_err *err)
{
	struct measure_acc *acc = measure_acc_new(interval, strict);
	char buf[65536];
	size_t got;
	int rc;

	while ((got = fread(buf, 1, sizeof(buf), fp)) > 0)
		if ((rc = measure_acc_feed(acc, buf, got, err)) != 0) {
			measure_acc_free(acc);
			dp_err_prefix(err, "'%s'", tx(name));
			return rc;
		}
	if (ferror(fp)) {
		measure_acc_free(acc);
		return dp_fail(err, DP_EX_IOERR, "cannot read '%s'", tx(name));
	}
	if ((rc = measure_acc_finish(acc, p, err)) != 0)
		dp_err_prefix(err, "'%s'", tx(name));
	return rc;
}

static int
measure_import_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct measure_import_req req;
	struct measure_parse p;
	struct measure_series s, cur;
	const char *arg, *name, *path;
	char lines[96], t1[TIME_STRLEN], t2[TIME_STRLEN], iv[24];
	int64_t seq = 0, interval = MEASURE_DEFAULT_INTERVAL;
	int rc, strict = args_has(a, OPT_STRICT) > 0, need_series;
	FILE *fp;
	json_t *o, *bl;
	size_t i;

	memset(&req, 0, sizeof(req));
	memset(&p, 0, sizeof(p));
	if (a->argc != 1)
		return cmd_usage_error(ctx, "'measure import' needs one FILE "
		    "(or - for standard input)");
	if ((name = args_get(a, OPT_SERIES)) == NULL)
		return cmd_usage_error(ctx, "'measure import' needs --series "
		    "NAME");
	if (measure_name_valid(name, &err) != 0)
		return report(&err);
	if ((arg = args_get(a, OPT_INTERVAL)) != NULL &&
	    (measure_parse_duration("--interval", arg, &interval, &err) != 0 ||
	    measure_interval_valid("--interval", interval, &err) != 0))
		return report(&err);
	path = a->argv[0];
	if (strcmp(path, "-") == 0) {
		fp = stdin;
		req.input = "-";
	} else {
		if ((rc = fopen_regular(path, &fp, NULL, &err)) != 0)
			return report(&err);
		req.input = path;
	}
	/*
	 * The input is read before the database is opened (a bad file
	 * creates none), except when added to a series without --interval:
	 * then it is read with the series' interval.
	 */
	need_series = args_has(a, OPT_ADD) && arg == NULL;
	if (!need_series && (rc = read_input(fp, fp == stdin ? "<stdin>" :
	    path, interval, strict, &p, &err)) != 0)
		goto bad_input;
	if ((rc = ctx_db(ctx)) != 0)
		goto out;
	if (need_series) {
		if ((rc = measure_get(ctx->db, name, &cur, &err)) != 0) {
			if (rc == DP_EX_NOINPUT)
				dp_fail(&err, rc, "no series named '%s' to add "
				    "to (import without --add to make it)",
				    name);
			rc = report(&err);
			goto out;
		}
		interval = cur.interval_s;
		measure_series_release(&cur);
		if ((rc = read_input(fp, fp == stdin ? "<stdin>" : path,
		    interval, strict, &p, &err)) != 0)
			goto bad_input;
	}
	req.name = name;
	req.interval_s = interval;
	req.add = args_has(a, OPT_ADD) > 0;
	if ((rc = measure_import(ctx->db, &req, &p, &s, &seq, &err)) != 0) {
		report(&err);
		goto out;
	}
	bad_lines(&p, lines, sizeof(lines));
	if (p.malformed > 0)
		warning("'%s': %" PRId64 " malformed line%s skipped (line%s "
		    "%s%s): line %" PRId64 ": %s", tx(fp == stdin ? "<stdin>" :
		    path), p.malformed, p.malformed == 1 ? "" : "s",
		    p.malformed == 1 ? "" : "s", lines,
		    p.malformed > MEASURE_BAD_MAX ? ", ..." : "", p.bad[0],
		    p.why);
	fmt_time(p.pts[0].t, t1);
	fmt_time(p.pts[p.n - 1].t, t2);
	measure_fmt_duration(interval, iv);
	if (ctx->json) {
		o = json_object();
		json_object_set_new(o, "series", measure_series_to_json(&s));
		json_object_set_new(o, "new", json_boolean(!req.add));
		json_object_set_new(o, "input", json_string(req.input));
		json_object_set_new(o, "kind", json_string(p.kind ==
		    MEASURE_LOG ? "log" : "values"));
		json_object_set_new(o, "lines", json_integer(p.lines));
		json_object_set_new(o, "used", json_integer(p.used));
		json_object_set_new(o, "malformed", json_integer(p.malformed));
		bl = json_array();
		for (i = 0; i < MEASURE_BAD_MAX &&
		    (int64_t)i < p.malformed; i++)
			json_array_append_new(bl, json_integer(p.bad[i]));
		json_object_set_new(o, "malformed_lines", bl);
		json_object_set_new(o, "points", json_integer((json_int_t)p.n));
		json_object_set_new(o, "first", json_string(t1));
		json_object_set_new(o, "last", json_string(t2));
		json_object_set_new(o, "audit_seq", json_integer(seq));
		print_json(o);
	} else
		printf("%s %zu interval%s of %s (%s to %s) %s series '%s' from "
		    "'%s' (%s, %" PRId64 " line%s counted); audit entry %"
		    PRId64 "\n", req.add ? "added" : "imported", p.n,
		    p.n == 1 ? "" : "s", iv, t1, t2, req.add ? "to" : "as",
		    tx(name), tx(req.input), p.kind == MEASURE_LOG ?
		    "a log of addresses" : "values", p.used,
		    p.used == 1 ? "" : "s", seq);
	measure_series_release(&s);
	goto out;
bad_input:
	report(&err);
	fputs("depeer: nothing was imported\n", stderr);
out:
	measure_parse_release(&p);
	if (fp != stdin)
		fclose(fp);
	return rc;
}

static void
fmt_total(double v, char *buf, size_t len)
{
	if (v == (double)(int64_t)v && v < 9e15)
		snprintf(buf, len, "%" PRId64, (int64_t)v);
	else
		snprintf(buf, len, "%.6g", v);
}

static int
measure_list_exec(const struct cmd_args *a, struct ctx *ctx)
{
	static const char *const hdr[] = { "NAME", "INTERVAL", "POINTS",
	    "IMPORTS", "FIRST", "LAST", "TOTAL" };
	struct dp_err err = DP_ERR_INIT;
	struct measure_series *v;
	char iv[24], pts[24], imp[24], f[TIME_STRLEN], l[TIME_STRLEN],
	    tot[32];
	const char *row[7];
	struct table *t;
	size_t n, i;
	int rc;

	if (a->argc != 0)
		return cmd_usage_error(ctx, "'measure list' takes no "
		    "arguments");
	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	if (measure_list(ctx->db, &v, &n, &err) != 0)
		return report(&err);
	if (ctx->json) {
		json_t *arr = json_array();

		for (i = 0; i < n; i++)
			json_array_append_new(arr,
			    measure_series_to_json(&v[i]));
		print_json(arr);
	} else {
		t = table_new(7, hdr);
		for (i = 0; i < n; i++) {
			measure_fmt_duration(v[i].interval_s, iv);
			snprintf(pts, sizeof(pts), "%" PRId64, v[i].points);
			snprintf(imp, sizeof(imp), "%" PRId64, v[i].imports);
			fmt_time(v[i].first_t, f);
			fmt_time(v[i].last_t, l);
			fmt_total(v[i].total, tot, sizeof(tot));
			row[0] = v[i].name;
			row[1] = iv;
			row[2] = pts;
			row[3] = imp;
			row[4] = v[i].points > 0 ? f : NULL;
			row[5] = v[i].points > 0 ? l : NULL;
			row[6] = tot;
			table_row(t, row);
		}
		table_end(t);
	}
	for (i = 0; i < n; i++)
		measure_series_release(&v[i]);
	free(v);
	return DP_EX_OK;
}

static int
measure_show_exec(const struct cmd_args *a, struct ctx *ctx)
{
	static const char *const hdr[] = { "TIME", "VALUE" };
	struct dp_err err = DP_ERR_INIT;
	struct measure_series s;
	struct measure_point *p;
	char t[TIME_STRLEN], v[32], iv[24];
	const char *row[2];
	struct table *tb;
	json_t *o, *arr, *pt;
	size_t n, i;
	int rc;

	if (a->argc != 1)
		return cmd_usage_error(ctx, "'measure show' needs one series "
		    "NAME");
	if (measure_name_valid(a->argv[0], &err) != 0)
		return report(&err);
	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	if (measure_points(ctx->db, a->argv[0], &s, &p, &n, &err) != 0)
		return report(&err);
	if (ctx->json) {
		o = measure_series_to_json(&s);
		arr = json_array();
		for (i = 0; i < n; i++) {
			fmt_time(p[i].t, t);
			pt = json_object();
			json_object_set_new(pt, "t", json_string(t));
			json_object_set_new(pt, "value", json_real(p[i].v));
			json_array_append_new(arr, pt);
		}
		json_object_set_new(o, "values", arr);
		print_json(o);
	} else {
		measure_fmt_duration(s.interval_s, iv);
		fmt_total(s.total, v, sizeof(v));
		print_field("series:   ", s.name);
		print_field("interval: ", iv);
		printf("points:   %" PRId64 " from %" PRId64 " import%s, "
		    "total %s\n", s.points, s.imports, s.imports == 1 ? "" :
		    "s", v);
		tb = table_new(2, hdr);
		for (i = 0; i < n; i++) {
			fmt_time(p[i].t, t);
			fmt_total(p[i].v, v, sizeof(v));
			row[0] = t;
			row[1] = v;
			table_row(tb, row);
		}
		table_end(tb);
	}
	free(p);
	measure_series_release(&s);
	return DP_EX_OK;
}

static int
measure_rm_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct measure_series s;
	int rc;

	if (a->argc != 1)
		return cmd_usage_error(ctx, "'measure rm' needs one series "
		    "NAME");
	if (measure_name_valid(a->argv[0], &err) != 0)
		return report(&err);
	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	if (measure_rm(ctx->db, a->argv[0], &s, &err) != 0)
		return report(&err);
	if (ctx->json) {
		json_t *o = measure_series_to_json(&s);

		json_object_set_new(o, "removed", json_true());
		print_json(o);
	} else
		printf("removed series '%s' (%" PRId64 " interval%s from %"
		    PRId64 " import%s)\n", tx(s.name), s.points,
		    s.points == 1 ? "" : "s", s.imports,
		    s.imports == 1 ? "" : "s");
	measure_series_release(&s);
	return DP_EX_OK;
}

static const struct cmd_entry import_entry = {
	.name = "import",
	.summary = "import counts per interval from a CSV or a raw log",
	.about = "Import a series of counts: a CSV of TIME,VALUE or a raw "
	    "log of TIME,IP lines, counted per interval, in one transaction.",
	.usage = "import FILE|- --series NAME [--interval 1h] [--add] "
	    "[--strict] [--json]",
	.flags = CMD_DB_CREATE,
	.opts = (const struct cmd_opt[]){
		{ "series", OPT_SERIES, required_argument, "NAME",
		  "the series to make (or add to, with --add)" },
		{ "interval", OPT_INTERVAL, required_argument, "DURATION",
		  "the length of an interval: 1m to 1d, dividing a day "
		  "(default 1h)" },
		{ "add", OPT_ADD, no_argument, NULL,
		  "add the counts to the existing series of that name" },
		{ "strict", OPT_STRICT, no_argument, NULL,
		  "refuse the input at its first malformed line" },
		CMD_OPTS_END
	},
	.exec = measure_import_exec,
	.man = "depeer-measure",
};

static const struct cmd_entry list_entry = {
	.name = "list",
	.summary = "list the series",
	.usage = "list [--json]",
	.flags = CMD_DB_READ,
	.exec = measure_list_exec,
	.man = "depeer-measure",
};

static const struct cmd_entry show_entry = {
	.name = "show",
	.summary = "show a series and its value per interval",
	.usage = "show NAME [--json]",
	.flags = CMD_DB_READ,
	.exec = measure_show_exec,
	.man = "depeer-measure",
};

static const struct cmd_entry rm_entry = {
	.name = "rm",
	.summary = "remove a series and its points",
	.usage = "rm NAME",
	.flags = CMD_DB_WRITE,
	.exec = measure_rm_exec,
	.man = "depeer-measure",
};

const struct cmd_entry cmd_measure_entry = {
	.name = "measure",
	.summary = "import and show measurements (counts per interval)",
	.usage = "import FILE|- --series NAME [--interval 1h] [--add] "
	    "[--strict] [--json]\n"
	    "measure list [--json]\n"
	    "measure show NAME [--json]\n"
	    "measure rm NAME",
	.subs = (const struct cmd_entry *const[]){ &import_entry, &list_entry,
	    &show_entry, &rm_entry, NULL },
	.man = "depeer-measure",
};
