/*
 * check_measure.c - the reading of measurement files (values, logs,
 * malformed lines, chunks), durations and names, and the store: import,
 * --add, the refusals that leave nothing behind, removal, and verify
 * finding the series and their points altered.
 */
#include <check.h>
#include <stdlib.h>

#include "audit.h"
#include "db_measure.h"
#include "measure.h"
#include "measure_store.h"
#include "testutil.h"
#include "verify.h"

/* Read s whole, in chunks of chunk bytes; returns the status. */
static int
parse(const char *s, size_t chunk, int64_t interval, int strict,
    struct measure_parse *p, struct dp_err *err)
{
	struct measure_acc *a = measure_acc_new(interval, strict);
	size_t len = strlen(s), off, n;
	int rc;

	for (off = 0; off < len; off += n) {
		n = len - off < chunk ? len - off : chunk;
		if ((rc = measure_acc_feed(a, s + off, n, err)) != 0) {
			measure_acc_free(a);
			return rc;
		}
	}
	return measure_acc_finish(a, p, err);
}

START_TEST(test_values)
{
	static const char in[] = "time,value\n"
	    "# a spamtrap\n"
	    "2008-11-11T21:00:00Z,30\n"
	    "2008-11-11T21:20:00Z,5\n"	/* the same hour: added */
	    "1226440800,12.5\r\n"		/* 22:00, Unix seconds */
	    "\n"
	    "\"2008-11-12T00:00:00+01:00\" , 7\n"	/* 23:00 UTC */
	    "2008-11-11T20:00:00Z 4";	/* blanks; out of order; no \n */
	struct dp_err err = DP_ERR_INIT;
	struct measure_parse p;
	size_t chunk;

	for (chunk = 1; chunk <= sizeof(in); chunk += 7) {
		ck_assert_msg(parse(in, chunk, 3600, 1, &p, &err) == 0, "%s",
		    err.msg);
		ck_assert_int_eq(p.kind, MEASURE_VALUES);
		ck_assert_uint_eq(p.n, 4);
		ck_assert_int_eq(p.pts[0].t, 1226433600);
		ck_assert(p.pts[0].v == 4);
		ck_assert_int_eq(p.pts[1].t, 1226437200);
		ck_assert(p.pts[1].v == 35);
		ck_assert(p.pts[2].v == 12.5);
		ck_assert_int_eq(p.pts[3].t, 1226444400);
		ck_assert(p.pts[3].v == 7);
		ck_assert_int_eq(p.lines, 8);
		ck_assert_int_eq(p.used, 5);
		ck_assert_int_eq(p.malformed, 0);
		measure_parse_release(&p);
	}
}
END_TEST

START_TEST(test_log)
{
	/* Events counted per 15 minutes; the intervals between without a
	   line count 0. */
	static const char in[] = "2008-11-11T21:01:00Z,208.66.194.37,x\n"
	    "2008-11-11T21:14:59Z,2001:db8::1\n"
	    "2008-11-11T21:59:00Z 208.66.194.38\n";
	struct dp_err err = DP_ERR_INIT;
	struct measure_parse p;

	ck_assert_msg(parse(in, 5, 900, 0, &p, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(p.kind, MEASURE_LOG);
	ck_assert_uint_eq(p.n, 4);
	ck_assert(p.pts[0].v == 2 && p.pts[1].v == 0 && p.pts[2].v == 0 &&
	    p.pts[3].v == 1);
	ck_assert_int_eq(p.pts[3].t - p.pts[0].t, 2700);
	measure_parse_release(&p);
}
END_TEST

START_TEST(test_malformed)
{
	static const char in[] = "2008-11-11T21:00:00Z,30\n"
	    "yesterday,3\n"				/* 2 */
	    "2008-11-11T22:00:00Z,-3\n"			/* 3 */
	    "2008-11-11T22:00:00Z,0x10\n"		/* 4 */
	    "2008-11-11T22:00:00Z,inf\n"		/* 5 */
	    "2008-11-11T22:00:00Z\n"			/* 6 */
	    "2008-11-11T22:00:00Z,1,2\n"		/* 7 */
	    "2008-11-11T22:00:00Z,192.0.2.1\n"		/* 8 */
	    "2008-11-11T23:00:00Z,1\n";
	struct dp_err err = DP_ERR_INIT;
	struct measure_parse p;

	ck_assert_msg(parse(in, 64, 3600, 0, &p, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(p.malformed, 7);
	ck_assert_int_eq(p.used, 2);
	ck_assert_int_eq(p.bad[0], 2);
	ck_assert_int_eq(p.bad[1], 3);
	ck_assert_int_eq(p.bad[4], 6);
	ck_assert_str_eq(p.why, "the time is not Unix seconds or an RFC "
	    "3339 time");
	measure_parse_release(&p);
	/* --strict: the first one is fatal, with its line. */
	ck_assert_int_eq(parse(in, 64, 3600, 1, &p, &err), DP_EX_DATAERR);
	ck_assert_str_eq(err.msg, "line 2: the time is not Unix seconds or "
	    "an RFC 3339 time (--strict)");
	ck_assert_int_eq(parse("1226440800,-3\n", 64, 3600, 1, &p, &err),
	    DP_EX_DATAERR);
	ck_assert_msg(strstr(err.msg, "line 1: the value is negative") !=
	    NULL, "%s", err.msg);
	/* Nothing readable, nothing at all. */
	ck_assert_int_eq(parse("a,b\n1,x\n2,y\n", 64, 3600, 0, &p, &err),
	    DP_EX_DATAERR);
	ck_assert_str_eq(err.msg, "no line of the input could be read: line "
	    "2: the value is not a number");
	ck_assert_int_eq(parse("", 64, 3600, 0, &p, &err), DP_EX_DATAERR);
	ck_assert_str_eq(err.msg, "the input holds no measurements (it is "
	    "empty)");
	ck_assert_int_eq(parse("# x\n\ntime,value\n", 64, 3600, 0, &p, &err),
	    DP_EX_DATAERR);
	/* A line over the limit is malformed, not cut. */
	{
		char *big = malloc(MEASURE_MAX_LINE + 64);

		memset(big, '1', MEASURE_MAX_LINE + 10);
		strcpy(big + MEASURE_MAX_LINE + 10, "\n1226440800,1\n");
		ck_assert_int_eq(parse(big, 100, 3600, 0, &p, &err), 0);
		ck_assert_int_eq(p.malformed, 1);
		ck_assert_str_eq(p.why, "the line is too long");
		measure_parse_release(&p);
		free(big);
	}
	/* A log spanning too many intervals. */
	ck_assert_int_eq(parse("0,192.0.2.1\n253402300799,192.0.2.1\n", 64,
	    60, 0, &p, &err), DP_EX_DATAERR);
	ck_assert_msg(strstr(err.msg, "spans more than") != NULL, "%s",
	    err.msg);
}
END_TEST

START_TEST(test_durations_names)
{
	struct dp_err err = DP_ERR_INIT;
	int64_t s;
	char b[24];

	ck_assert_int_eq(measure_parse_duration("--interval", "1h", &s, &err),
	    0);
	ck_assert_int_eq(s, 3600);
	ck_assert_int_eq(measure_parse_duration("--interval", "15m", &s,
	    &err), 0);
	ck_assert_int_eq(s, 900);
	ck_assert_int_eq(measure_parse_duration("--interval", "1d", &s, &err),
	    0);
	ck_assert_int_eq(measure_interval_valid("--interval", s, &err), 0);
	ck_assert_int_eq(measure_parse_duration("--interval", "1x", &s, &err),
	    DP_EX_USAGE);
	ck_assert_int_eq(measure_parse_duration("--interval", "h", &s, &err),
	    DP_EX_USAGE);
	ck_assert_int_eq(measure_parse_duration("--interval", "-1h", &s,
	    &err), DP_EX_USAGE);
	ck_assert_int_eq(measure_parse_duration("--interval", "0m", &s,
	    &err), DP_EX_USAGE);
	ck_assert_int_eq(measure_interval_valid("--interval", 7 * 60, &err),
	    DP_EX_USAGE);
	ck_assert_int_eq(measure_interval_valid("--interval", 2 * 86400,
	    &err), DP_EX_USAGE);
	ck_assert_int_eq(measure_interval_valid("--interval", 30, &err),
	    DP_EX_USAGE);
	measure_fmt_duration(900, b);
	ck_assert_str_eq(b, "15m");
	measure_fmt_duration(86400 * 7, b);
	ck_assert_str_eq(b, "7d");
	ck_assert_int_eq(measure_name_valid("spamtrap", &err), 0);
	ck_assert_int_eq(measure_name_valid("trap\x1b[2J", &err), DP_EX_USAGE);
	ck_assert_int_eq(measure_name_valid("", &err), DP_EX_USAGE);
	ck_assert_int_eq(measure_name_valid(" x", &err), DP_EX_USAGE);
}
END_TEST

static const char *
verify_bad(struct db *db)
{
	static char first[1024];
	struct verify_report rep;
	struct dp_err err = DP_ERR_INIT;

	ck_assert_msg(audit_verify(db, NULL, &rep, &err) == 0, "%s", err.msg);
	if (rep.ok)
		return NULL;
	snprintf(first, sizeof(first), "%s", rep.first_bad);
	return first;
}

static void
exec_sql(struct db *db, const char *sql)
{
	struct dp_err err = DP_ERR_INIT;

	ck_assert_msg(db_exec(db, sql, &err) == 0, "%s", err.msg);
}

static void
import(struct db *db, const char *name, const char *in, int64_t interval,
    int add, int want)
{
	struct dp_err err = DP_ERR_INIT;
	struct measure_import_req req = { name, interval, add, "test" };
	struct measure_parse p;
	struct measure_series s;
	int64_t seq;

	ck_assert_msg(parse(in, 4096, interval, 0, &p, &err) == 0, "%s",
	    err.msg);
	ck_assert_int_eq(measure_import(db, &req, &p, &s, &seq, &err), want);
	if (want == 0)
		measure_series_release(&s);
	measure_parse_release(&p);
}

static int
count_point(int64_t sid, int64_t seq, int64_t t, double v, void *arg)
{
	(void)sid;
	(void)seq;
	(void)t;
	(void)v;
	(*(int64_t *)arg)++;
	return 0;
}

static int
count_one(const struct measure_series *s, void *arg)
{
	(void)s;
	(*(int64_t *)arg)++;
	return 0;
}

/* The rows of series, series_points or audit_log. */
static int64_t
count(struct db *db, const char *table)
{
	struct dp_err err = DP_ERR_INIT;
	int64_t n = 0;

	if (strcmp(table, "series") == 0)
		ck_assert_int_eq(db_series_iter(db, count_one, &n, &err), 0);
	else if (strcmp(table, "series_points") == 0)
		ck_assert_int_eq(db_points_iter(db, count_point, &n, &err), 0);
	else
		n = db_count(db, table);
	return n;
}

START_TEST(test_store)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;
	struct measure_series s, *v;
	struct measure_point *pts;
	const char *bad;
	size_t n;

	import(db, "trap", "1226437200,30\n1226440800,10\n", 3600, 0, 0);
	ck_assert_ptr_null(verify_bad(db));
	/* The same name again, or another interval with --add: refused,
	   nothing written. */
	import(db, "trap", "1226437200,1\n", 3600, 0, DP_EX_DATAERR);
	import(db, "trap", "1226437200,1\n", 900, 1, DP_EX_DATAERR);
	import(db, "none", "1226437200,1\n", 3600, 1, DP_EX_NOINPUT);
	ck_assert_int_eq(count(db, "series"), 1);
	ck_assert_int_eq(count(db, "series_points"), 2);
	ck_assert_int_eq(count(db, "audit_log"), 1);
	/* --add: counts of the same interval added. */
	import(db, "trap", "1226437200,5\n1226444400,2\n", 3600, 1, 0);
	ck_assert_int_eq(measure_points(db, "trap", &s, &pts, &n, &err), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert(pts[0].v == 35 && pts[1].v == 10 && pts[2].v == 2);
	ck_assert_int_eq(s.points, 3);
	ck_assert_int_eq(s.imports, 2);
	ck_assert(s.total == 47);
	free(pts);
	measure_series_release(&s);
	ck_assert_ptr_null(verify_bad(db));
	ck_assert_int_eq(measure_list(db, &v, &n, &err), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(v[0].name, "trap");
	measure_series_release(&v[0]);
	free(v);
	/* Tampering. */
	exec_sql(db, "UPDATE series_points SET value = 31 WHERE value = 30");
	bad = verify_bad(db);
	ck_assert_msg(bad != NULL && strstr(bad, "no longer hash") != NULL,
	    "%s", bad);
	exec_sql(db, "UPDATE series_points SET value = 30 WHERE value = 31");
	ck_assert_ptr_null(verify_bad(db));
	exec_sql(db, "UPDATE series SET interval_s = 900");
	bad = verify_bad(db);
	ck_assert_msg(bad != NULL && strstr(bad, "differs from") != NULL,
	    "%s", bad);
	exec_sql(db, "UPDATE series SET interval_s = 3600");
	exec_sql(db, "UPDATE series_points SET audit_seq = 1 WHERE value = 2");
	bad = verify_bad(db);
	ck_assert_msg(bad != NULL && strstr(bad, "points were added or "
	    "removed") != NULL, "%s", bad);
	exec_sql(db, "UPDATE series_points SET audit_seq = 2 WHERE value = 2");
	ck_assert_ptr_null(verify_bad(db));
	/* Removal, then the points or the series put back are caught. */
	ck_assert_int_eq(measure_rm(db, "trap", &s, &err), 0);
	ck_assert_int_eq(s.points, 3);
	measure_series_release(&s);
	ck_assert_int_eq(count(db, "series_points"), 0);
	ck_assert_ptr_null(verify_bad(db));
	ck_assert_int_eq(measure_rm(db, "trap", &s, &err), DP_EX_NOINPUT);
	exec_sql(db, "PRAGMA foreign_keys = OFF; INSERT INTO series (id, "
	    "name, interval_s, created_at, updated_at, audit_seq) VALUES (1, "
	    "'trap', 3600, 1, 1, 1)");
	bad = verify_bad(db);
	ck_assert_msg(bad != NULL && strstr(bad, "behind depeer's back") !=
	    NULL, "%s", bad);
	db_close(db);
}
END_TEST

Suite *
measure_suite(void)
{
	Suite *s = suite_create("measure");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_values);
	tcase_add_test(tc, test_log);
	tcase_add_test(tc, test_malformed);
	tcase_add_test(tc, test_durations_names);
	tcase_add_test(tc, test_store);
	suite_add_tcase(s, tc);
	return s;
}
