/*
 * check_ripestat_announced.c - the announced-prefixes parser (ripestat.c)
 * on real answers and an authored withdrawn one.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "exitcodes.h"
#include "ripestat.h"
#include "testutil.h"

/* ---- announced-prefixes ---- */

START_TEST(test_announced_real)
{
	struct dp_err err = DP_ERR_INIT;
	struct rs_announced a;
	size_t len;
	char *text;

	/* A current answer (2026): one prefix, announced to the end. */
	text = test_fixture("ripestat/statripe_announced-prefixes_AS211532.json",
	    &len);
	ck_assert_msg(ripestat_parse_announced(text, len, &a, &err) == 0,
	    "%s", err.msg);
	ck_assert_str_eq(a.resource, "211532");
	ck_assert_int_eq(a.has_end, 1);
	ck_assert_int_eq(a.query_end, 1780761600);	/* 2026-06-06T16:00 */
	ck_assert_uint_eq(a.n, 1);
	ck_assert_str_eq(a.v[0].prefix, "194.226.28.0/24");
	ck_assert_uint_eq(a.v[0].nt, 1);
	ck_assert_int_eq(a.v[0].t[0].end, a.query_end);
	ck_assert_int_eq(rs_announced_now(&a, &a.v[0]), 1);
	ck_assert_uint_eq(a.nnotes, 1);
	ck_assert_ptr_nonnull(strstr(a.notes[0], "very low visibility"));
	rs_announced_release(&a);
	free(text);

	/* AS3333 (2021): six timelines, the last reaching the end. */
	text = test_fixture("ripestat/prsw_announced-prefixes.json", &len);
	ck_assert_msg(ripestat_parse_announced(text, len, &a, &err) == 0,
	    "%s", err.msg);
	ck_assert_uint_eq(a.n, 1);
	ck_assert_str_eq(a.v[0].prefix, "193.0.10.0/23");
	ck_assert_uint_eq(a.v[0].nt, 6);
	ck_assert_int_lt(a.v[0].t[0].end, a.query_end);
	ck_assert_int_eq(rs_announced_now(&a, &a.v[0]), 1);
	rs_announced_release(&a);
	free(text);
}
END_TEST

START_TEST(test_announced_withdrawn)
{
	struct dp_err err = DP_ERR_INIT;
	struct rs_announced a;
	size_t len;
	char *text;

	/* McColo after the cut: both prefixes end 8 hours before the
	   window does. */
	text = test_fixture(
	    "ripestat/authored_announced-prefixes_withdrawn.json", &len);
	ck_assert_msg(ripestat_parse_announced(text, len, &a, &err) == 0,
	    "%s", err.msg);
	ck_assert_uint_eq(a.n, 2);
	ck_assert_int_eq(rs_announced_now(&a, &a.v[0]), 0);
	ck_assert_int_eq(rs_announced_now(&a, &a.v[1]), 0);
	ck_assert_int_eq(a.query_end - a.v[0].t[0].end, 8 * 3600);
	rs_announced_release(&a);
	free(text);
}
END_TEST

START_TEST(test_announced_bad)
{
	struct dp_err err = DP_ERR_INIT;
	struct rs_announced a;
	const char *s;

	/* No list of prefixes: not this call's answer. */
	s = "{\"status\":\"ok\",\"data\":{\"resource\":\"1\"}}";
	ck_assert_int_eq(ripestat_parse_announced(s, strlen(s), &a, &err),
	    DP_EX_PROTOCOL);
	/* Another call's answer. */
	s = "{\"status\":\"ok\",\"data_call_name\":\"routing-status\","
	    "\"data\":{\"prefixes\":[]}}";
	ck_assert_int_eq(ripestat_parse_announced(s, strlen(s), &a, &err),
	    DP_EX_PROTOCOL);
	/* A server error: try later. */
	s = "{\"status\":\"error\",\"status_code\":500,\"messages\":"
	    "[[\"error\",\"backend down\"]],\"data\":{}}";
	ck_assert_int_eq(ripestat_parse_announced(s, strlen(s), &a, &err),
	    DP_EX_TEMPFAIL);
	ck_assert_ptr_nonnull(strstr(err.msg, "backend down"));
	/* Bad entries left out with notes; no end: any timeline counts. */
	s = "{\"status\":\"ok\",\"data\":{\"prefixes\":["
	    "{\"prefix\":\"not a prefix\",\"timelines\":[]},"
	    "{\"prefix\":\"192.0.2.0/24\",\"timelines\":["
	    "{\"starttime\":\"2020-01-01T00:00:00\"},"
	    "{\"starttime\":\"2020-01-01T00:00:00\","
	    "\"endtime\":\"2020-01-02T00:00:00\"}]},"
	    "{\"prefix\":\"198.51.100.0/24\",\"timelines\":[]}]}}";
	ck_assert_msg(ripestat_parse_announced(s, strlen(s), &a, &err) == 0,
	    "%s", err.msg);
	ck_assert_uint_eq(a.n, 2);
	ck_assert_int_eq(a.has_end, 0);
	ck_assert_uint_eq(a.v[0].nt, 1);
	ck_assert_int_eq(rs_announced_now(&a, &a.v[0]), 1);
	/* Seen in no timeline: not announced. */
	ck_assert_int_eq(rs_announced_now(&a, &a.v[1]), 0);
	ck_assert_uint_eq(a.nnotes, 2);
	rs_announced_release(&a);
}
END_TEST

Suite *
ripestat_announced_suite(void)
{
	Suite *s = suite_create("ripestat_announced");
	TCase *tc = tcase_create("announced-prefixes");

	tcase_add_test(tc, test_announced_real);
	tcase_add_test(tc, test_announced_withdrawn);
	tcase_add_test(tc, test_announced_bad);
	suite_add_tcase(s, tc);
	return s;
}
