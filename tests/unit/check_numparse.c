/*
 * check_numparse.c - the strict whole-number parser.
 */
#include <check.h>
#include <limits.h>
#include <string.h>

#include "exitcodes.h"
#include "numparse.h"
#include "util.h"

/* Parse s in [min, max]; return the value, failing the test on error. */
static long long
ok(const char *s, long long min, long long max)
{
	struct dp_err err = DP_ERR_INIT;
	long long v = -12345;

	ck_assert_msg(parse_num("--n", s, min, max, &v, &err) == 0,
	    "'%s': %s", s, err.msg);
	return v;
}

/* Expect s to be refused in [min, max] with msg; *out left alone. */
static void
bad(const char *what, const char *s, long long min, long long max,
    const char *msg)
{
	struct dp_err err = DP_ERR_INIT;
	long long v = 4242;

	ck_assert_int_eq(parse_num(what, s, min, max, &v, &err),
	    DP_EX_USAGE);
	ck_assert_int_eq(err.code, DP_EX_USAGE);
	ck_assert_str_eq(err.msg, msg);
	ck_assert_int_eq(v, 4242);
}

START_TEST(test_good)
{
	ck_assert_int_eq(ok("0", 0, 10), 0);
	ck_assert_int_eq(ok("10", 0, 10), 10);
	ck_assert_int_eq(ok("007", 0, 10), 7);
	ck_assert_int_eq(ok("86400", 0, INT_MAX), 86400);
	ck_assert_int_eq(ok("-5", -10, 10), -5);
	ck_assert_int_eq(ok("-0", -1, 1), 0);
	ck_assert(ok("9223372036854775807", 0, LLONG_MAX) == LLONG_MAX);
	ck_assert(ok("-9223372036854775808", LLONG_MIN, 0) == LLONG_MIN);
	ck_assert(ok("-9223372036854775807", LLONG_MIN, 0) == -LLONG_MAX);
}
END_TEST

START_TEST(test_bad_syntax)
{
	const char *const v[] = {
		"", "-", "+1", " 1", "1 ", "1s", "0x10", "1.5", "1e3", "--1",
		"12a", "\xd9\xa3",	/* ARABIC-INDIC DIGIT THREE */
	};
	struct dp_err err = DP_ERR_INIT;
	long long out;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(v); i++)
		ck_assert_msg(parse_num("--n", v[i], -100, 100, &out, &err) ==
		    DP_EX_USAGE, "'%s' accepted", v[i]);
	/* A sign is a syntax error when the range has no negatives. */
	bad("--limit", "-1", 1, LLONG_MAX,
	    "'--limit': '-1' is not a whole number of 1 or more");
}
END_TEST

START_TEST(test_range)
{
	bad("--limit", "0", 1, LLONG_MAX,
	    "'--limit': '0' is not a whole number of 1 or more");
	bad("--ttl", "x", 0, 2147483647,
	    "'--ttl': 'x' is not a whole number from 0 to 2147483647");
	bad(NULL, "99999999999999999999", 0, 65535,
	    "'99999999999999999999' is not a whole number from 0 to 65535");
	bad("--n", "9223372036854775808", 0, LLONG_MAX,
	    "'--n': '9223372036854775808' is not a whole number of 0 or more");
	bad("--n", "-9223372036854775809", LLONG_MIN, LLONG_MAX,
	    "'--n': '-9223372036854775809' is not a whole number");
	bad("--n", "-9223372036854775808", LLONG_MIN + 1, 0,
	    "'--n': '-9223372036854775808' is not a whole number from "
	    "-9223372036854775807 to 0");
	bad("--n", "-11", -10, 10,
	    "'--n': '-11' is not a whole number from -10 to 10");
	bad("--n", "5", LLONG_MIN, 4,
	    "'--n': '5' is not a whole number of 4 or less");
	ck_assert_int_eq(ok("4", 4, 4), 4);
}
END_TEST

START_TEST(test_message_excerpt)
{
	/* Long values are cut and control bytes never reach the terminal. */
	bad(NULL, "1\x1b[2J", 0, 9,
	    "'1?[2J' is not a whole number from 0 to 9");
	bad(NULL, "12345678901234567890123456789012345678901234567890", 0, 9,
	    "'1234567890123456789012345678901234567890...' is not a whole "
	    "number from 0 to 9");
	/* err may be NULL. */
	ck_assert_int_eq(parse_num("--n", "x", 0, 1, NULL, NULL),
	    DP_EX_USAGE);
}
END_TEST

START_TEST(test_empty_range_dies)
{
	long long v;

	parse_num("--n", "1", 2, 1, &v, NULL);
}
END_TEST

Suite *
numparse_suite(void)
{
	Suite *s = suite_create("numparse");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_good);
	tcase_add_test(tc, test_bad_syntax);
	tcase_add_test(tc, test_range);
	tcase_add_test(tc, test_message_excerpt);
	tcase_add_exit_test(tc, test_empty_range_dies, 70);
	suite_add_tcase(s, tc);
	return s;
}
