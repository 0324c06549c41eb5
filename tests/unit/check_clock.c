/*
 * check_clock.c - the clock and its overrides, DEPEER_NOW and
 * SOURCE_DATE_EPOCH.  Each test runs in its own process (CK_FORK), so
 * the variables set here do not leak into other tests.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "exitcodes.h"
#include "util.h"

/* The McColo de-peering, as the golden tests fix it. */
#define MCCOLO	INT64_C(1226438580)

static int64_t
utc(const char *s)
{
	int64_t t = -1;

	ck_assert_msg(clock_parse_utc(s, &t) == 0, "'%s' refused", s);
	return t;
}

START_TEST(test_parse_utc)
{
	int64_t t = 42;

	ck_assert(utc("1970-01-01T00:00:00Z") == 0);
	ck_assert(utc("2008-11-11T21:23:00Z") == MCCOLO);
	ck_assert(utc("2008-11-11t21:23:00z") == MCCOLO);
	ck_assert(utc("2008-11-11 21:23:00Z") == MCCOLO);
	ck_assert(utc("2000-02-29T00:00:00Z") == INT64_C(951782400));
	ck_assert(utc("2038-01-19T03:14:08Z") == INT64_C(2147483648));
	ck_assert(utc("9999-12-31T23:59:59Z") == CLOCK_MAX);
	ck_assert(utc("2024-12-31T23:59:59Z") == INT64_C(1735689599));
	/* What is not one, and *out is left alone. */
	ck_assert_int_eq(clock_parse_utc("1900-02-29T00:00:00Z", &t), -1);
	ck_assert_int_eq(clock_parse_utc("2100-02-29T00:00:00Z", &t), -1);
	ck_assert_int_eq(clock_parse_utc("2023-02-29T00:00:00Z", &t), -1);
	ck_assert_int_eq(clock_parse_utc("2008-04-31T00:00:00Z", &t), -1);
	ck_assert_int_eq(clock_parse_utc("2008-13-01T00:00:00Z", &t), -1);
	ck_assert_int_eq(clock_parse_utc("2008-00-01T00:00:00Z", &t), -1);
	ck_assert_int_eq(clock_parse_utc("2008-11-00T00:00:00Z", &t), -1);
	ck_assert_int_eq(clock_parse_utc("2008-11-11T24:00:00Z", &t), -1);
	ck_assert_int_eq(clock_parse_utc("2008-11-11T21:60:00Z", &t), -1);
	ck_assert_int_eq(clock_parse_utc("2016-12-31T23:59:60Z", &t), -1);
	ck_assert_int_eq(clock_parse_utc("1969-12-31T23:59:59Z", &t), -1);
	ck_assert_int_eq(clock_parse_utc("2008-11-11T21:23:00", &t), -1);
	ck_assert_int_eq(clock_parse_utc("2008-11-11T21:23:00+00:00", &t),
	    -1);
	ck_assert_int_eq(clock_parse_utc("2008-11-11T21:23:00.5Z", &t), -1);
	ck_assert_int_eq(clock_parse_utc("2008-1-11T21:23:00Z  ", &t), -1);
	ck_assert_int_eq(clock_parse_utc("2008-11-11T21:2+:00Z", &t), -1);
	ck_assert_int_eq(clock_parse_utc("", &t), -1);
	ck_assert(t == 42);
}
END_TEST

/* Every day from 1970 to 2100 agrees with the C library's gmtime(). */
START_TEST(test_parse_utc_every_day)
{
	char s[32];
	struct tm tm;
	time_t t;

	for (t = 0; t < (time_t)4102444800; t += 86400 + 3661) {
		ck_assert_ptr_nonnull(gmtime_r(&t, &tm));
		strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%SZ", &tm);
		ck_assert_msg(utc(s) == (int64_t)t, "%s", s);
	}
}
END_TEST

START_TEST(test_now)
{
	struct dp_err err = DP_ERR_INIT;
	int64_t before = (int64_t)time(NULL), now;

	unsetenv("DEPEER_NOW");
	ck_assert_int_eq(clock_check(&err), 0);
	now = clock_now();
	ck_assert(now >= before && now <= (int64_t)time(NULL));
	setenv("DEPEER_NOW", "", 1);	/* empty counts as unset */
	ck_assert_int_eq(clock_check(&err), 0);
	ck_assert(clock_now() >= before);
	setenv("DEPEER_NOW", "2008-11-11T21:23:00Z", 1);
	ck_assert_int_eq(clock_check(&err), 0);
	ck_assert(clock_now() == MCCOLO);
	setenv("DEPEER_NOW", "1226438580", 1);
	ck_assert(clock_now() == MCCOLO);
	setenv("DEPEER_NOW", "0", 1);
	ck_assert(clock_now() == 0);
}
END_TEST

START_TEST(test_now_malformed)
{
	const char *const v[] = {
		"yesterday", "-1", "+1226438580", " 1226438580", "1226438580 ",
		"253402300800", "2008-11-11T21:23:00+01:00", "2008-11-11",
	};
	struct dp_err err = DP_ERR_INIT;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(v); i++) {
		setenv("DEPEER_NOW", v[i], 1);
		ck_assert_msg(clock_check(&err) == DP_EX_CONFIG, "'%s'", v[i]);
		ck_assert_int_eq(err.code, DP_EX_CONFIG);
	}
	setenv("DEPEER_NOW", "soon\033[2J", 1);
	clock_check(&err);
	ck_assert_str_eq(err.msg, "DEPEER_NOW: 'soon?[2J' is neither seconds "
	    "since 1970 nor a UTC time like 2008-11-11T21:23:00Z");
	ck_assert_int_eq(clock_check(NULL), DP_EX_CONFIG);
}
END_TEST

/* A malformed value nobody checked is a bug: exit 70. */
START_TEST(test_now_unchecked_dies)
{
	setenv("DEPEER_NOW", "soon", 1);
	(void)clock_now();
}
END_TEST

START_TEST(test_doc_stamp)
{
	struct dp_err err = DP_ERR_INIT;

	unsetenv("SOURCE_DATE_EPOCH");
	setenv("DEPEER_NOW", "2008-11-11T21:23:00Z", 1);
	ck_assert_int_eq(clock_doc_check(&err), 0);
	ck_assert(clock_doc_stamp() == MCCOLO);	/* falls back to now */
	setenv("SOURCE_DATE_EPOCH", "", 1);
	ck_assert(clock_doc_stamp() == MCCOLO);
	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	ck_assert_int_eq(clock_doc_check(&err), 0);
	ck_assert(clock_doc_stamp() == INT64_C(1700000000));
	/* It names seconds only; a time in words is an error. */
	setenv("SOURCE_DATE_EPOCH", "2008-11-11T21:23:00Z", 1);
	ck_assert_int_eq(clock_doc_check(&err), DP_EX_CONFIG);
	ck_assert_int_eq(err.code, DP_EX_CONFIG);
	ck_assert_str_eq(err.msg, "SOURCE_DATE_EPOCH: '2008-11-11T21:23:00Z' "
	    "is not a whole number from 0 to 253402300799");
	setenv("SOURCE_DATE_EPOCH", "-1", 1);
	ck_assert_int_eq(clock_doc_check(NULL), DP_EX_CONFIG);
	setenv("SOURCE_DATE_EPOCH", "1e9", 1);
	ck_assert_int_eq(clock_doc_check(NULL), DP_EX_CONFIG);
}
END_TEST

START_TEST(test_doc_stamp_unchecked_dies)
{
	setenv("SOURCE_DATE_EPOCH", "0x10", 1);
	(void)clock_doc_stamp();
}
END_TEST

Suite *
clock_suite(void)
{
	Suite *s = suite_create("clock");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_parse_utc);
	tcase_add_test(tc, test_parse_utc_every_day);
	tcase_add_test(tc, test_now);
	tcase_add_test(tc, test_now_malformed);
	tcase_add_exit_test(tc, test_now_unchecked_dies, DP_EX_SOFTWARE);
	tcase_add_test(tc, test_doc_stamp);
	tcase_add_exit_test(tc, test_doc_stamp_unchecked_dies,
	    DP_EX_SOFTWARE);
	suite_add_tcase(s, tc);
	return s;
}
