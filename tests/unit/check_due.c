/*
 * check_due.c - due.c's business days: Monday to Friday in UTC, counted
 * from a time to a time of the same time of day; a weekend is skipped,
 * a start on a weekend counts from the Monday.  The properties are
 * checked over every start hour of four weeks and counts up to 30.
 */
#include <check.h>
#include <stdint.h>
#include <time.h>

#include "due.h"

Suite	*due_suite(void);

/* 2008-11-07T15:00:00Z, a Friday, and the days around it. */
#define FRI_15		INT64_C(1226070000)
#define SAT_10		INT64_C(1226138400)	/* 2008-11-08 */
#define SUN_09		INT64_C(1226221200)	/* 2008-11-09 */
#define MON_10		INT64_C(1226311200)	/* 2008-11-10 */
#define MON_15		INT64_C(1226329200)
#define TUE_15		INT64_C(1226415600)	/* 2008-11-11 */
#define WED_12		INT64_C(1226491200)	/* 2008-11-12 */
#define FRI2_09		INT64_C(1226653200)	/* 2008-11-14 */
#define MON2_12		INT64_C(1226923200)	/* 2008-11-17 */
#define DAY		INT64_C(86400)

START_TEST(test_weekday)
{
	ck_assert_int_eq(due_weekday(0), 3);		/* 1970-01-01 Thu */
	ck_assert_int_eq(due_weekday(-1), 2);		/* 1969-12-31 Wed */
	ck_assert_int_eq(due_weekday(-7 * DAY), 3);
	ck_assert_int_eq(due_weekday(FRI_15), 4);
	ck_assert_int_eq(due_weekday(SAT_10), 5);
	ck_assert_int_eq(due_weekday(SUN_09), 6);
	ck_assert_int_eq(due_weekday(MON_10), 0);
}
END_TEST

START_TEST(test_add)
{
	ck_assert_int_eq(due_add_business_days(FRI_15, 0), FRI_15);
	ck_assert_int_eq(due_add_business_days(FRI_15, 1), MON_15);
	ck_assert_int_eq(due_add_business_days(FRI_15, 2), TUE_15);
	ck_assert_int_eq(due_add_business_days(FRI_15, 5), FRI_15 + 7 * DAY);
	ck_assert_int_eq(due_add_business_days(SAT_10, 1), MON_10);
	ck_assert_int_eq(due_add_business_days(SUN_09, 5), FRI2_09);
	ck_assert_int_eq(due_add_business_days(SAT_10, 5), FRI2_09 + 3600);
	ck_assert_int_eq(due_add_business_days(WED_12, 3), MON2_12);
	ck_assert_int_eq(due_add_business_days(WED_12, 10),
	    WED_12 + 14 * DAY);
}
END_TEST

START_TEST(test_between)
{
	ck_assert_int_eq(due_business_days_between(FRI_15, FRI_15), 0);
	ck_assert_int_eq(due_business_days_between(FRI_15, FRI_15 - 1), 0);
	/* The whole weekend is not one day. */
	ck_assert_int_eq(due_business_days_between(FRI_15, MON_15 - 1), 0);
	ck_assert_int_eq(due_business_days_between(FRI_15, MON_15), 1);
	ck_assert_int_eq(due_business_days_between(FRI_15, TUE_15), 2);
	ck_assert_int_eq(due_business_days_between(FRI_15,
	    FRI_15 + 21 * DAY), 15);
	ck_assert_int_eq(due_business_days_between(SAT_10, MON_10), 1);
}
END_TEST

/* For every hour of four weeks and every count up to 30. */
START_TEST(test_properties)
{
	int64_t t, u, prev;
	int64_t n;
	int w;

	for (t = FRI_15 - 14 * DAY; t < FRI_15 + 14 * DAY; t += 3600) {
		prev = t;
		for (n = 1; n <= 30; n++) {
			u = due_add_business_days(t, n);
			w = due_weekday(u);
			ck_assert_msg(w < 5, "add(%lld, %lld) on a weekend",
			    (long long)t, (long long)n);
			ck_assert_int_eq((u - t) % DAY, 0);
			ck_assert_int_ge(u - prev, DAY);
			ck_assert_int_le(u - prev, 3 * DAY);
			ck_assert_int_eq(due_business_days_between(t, u), n);
			ck_assert_int_eq(due_business_days_between(t, u - 1),
			    n - 1);
			prev = u;
		}
	}
}
END_TEST

Suite *
due_suite(void)
{
	Suite *s = suite_create("due");
	TCase *tc = tcase_create("business-days");

	tcase_add_test(tc, test_weekday);
	tcase_add_test(tc, test_add);
	tcase_add_test(tc, test_between);
	tcase_add_test(tc, test_properties);
	suite_add_tcase(s, tc);
	return s;
}
