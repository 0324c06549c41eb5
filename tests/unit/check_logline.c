/*
 * check_logline.c - logline.c: each time and address form accepted and
 * refused, both layouts with and without a header, and the time parser
 * against timegm(3) over random instants.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "logline.h"

Suite	*logline_suite(void);

static int
tm_ok(const char *s, int64_t want)
{
	int64_t t = -7;

	return logline_time(s, strlen(s), &t) == 0 && t == want;
}

static int
tm_bad(const char *s)
{
	int64_t t = -7;

	return logline_time(s, strlen(s), &t) == -1 && t == -7;
}

START_TEST(test_time)
{
	ck_assert(tm_ok("0", 0));
	ck_assert(tm_ok("1226448000", 1226448000));
	ck_assert(tm_ok("1226448000.999", 1226448000));
	ck_assert(tm_ok("253402300799", 253402300799LL));
	ck_assert(tm_ok("2008-11-11T21:23:00Z", 1226438580));
	ck_assert(tm_ok("2008-11-11t21:23:00z", 1226438580));
	ck_assert(tm_ok("2008-11-11T21:23:00.123456Z", 1226438580));
	ck_assert(tm_ok("2008-11-11T16:23:00-05:00", 1226438580));
	ck_assert(tm_ok("2008-11-12T02:53:00+05:30", 1226438580));
	ck_assert(tm_ok("2016-12-31T23:59:60Z", 1483228799));
	ck_assert(tm_ok("2000-02-29T00:00:00Z", 951782400));
	ck_assert(tm_ok("1970-01-01T00:00:00Z", 0));
	ck_assert(tm_bad(""));
	ck_assert(tm_bad("253402300800"));
	ck_assert(tm_bad("1e9"));
	ck_assert(tm_bad("-1"));
	ck_assert(tm_bad("12."));
	ck_assert(tm_bad("12.3.4"));
	ck_assert(tm_bad(".5"));
	ck_assert(tm_bad("9999999999999"));
	ck_assert(tm_bad("2008-11-11T21:23:00"));
	ck_assert(tm_bad("2008-11-11 21:23:00Z"));
	ck_assert(tm_bad("2001-02-29T00:00:00Z"));
	ck_assert(tm_bad("1900-03-01T00:00:00Z"));
	ck_assert(tm_bad("2008-13-11T21:23:00Z"));
	ck_assert(tm_bad("2008-11-11T24:00:00Z"));
	ck_assert(tm_bad("2008-11-11T21:60:00Z"));
	ck_assert(tm_bad("2008-11-11T21:23:00.Z"));
	ck_assert(tm_bad("2008-11-11T21:23:00+0500"));
	ck_assert(tm_bad("2008-11-11T21:23:00+05:00x"));
	ck_assert(tm_bad("1970-01-01T00:00:00+01:00"));
}
END_TEST

/* The RFC 3339 reader agrees with timegm() on random instants. */
START_TEST(test_time_random)
{
	char buf[64];
	struct tm tm;
	time_t t;
	int64_t got;
	int i;

	srandom(14);
	for (i = 0; i < 200000; i++) {
		t = (time_t)(random() % 253402300800LL);
		if (i % 2)
			t = (time_t)((uint64_t)random() * 65536 % 4102444800ULL);
		gmtime_r(&t, &tm);
		strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
		ck_assert_msg(logline_time(buf, strlen(buf), &got) == 0 &&
		    got == (int64_t)t, "%s", buf);
		snprintf(buf, sizeof(buf), "%lld", (long long)t);
		ck_assert(logline_time(buf, strlen(buf), &got) == 0 &&
		    got == (int64_t)t);
	}
}
END_TEST

static int
addr_kind(const char *s, struct logline *l)
{
	return logline_addr(s, strlen(s), l);
}

START_TEST(test_addr)
{
	struct logline l;

	ck_assert_int_eq(addr_kind("208.66.192.1", &l), LOGLINE_V4);
	ck_assert_uint_eq(l.v4, 0xd042c001);
	ck_assert_int_eq(addr_kind("0.0.0.0", &l), LOGLINE_V4);
	ck_assert_uint_eq(l.v4, 0);
	ck_assert_int_eq(addr_kind("255.255.255.255", &l), LOGLINE_V4);
	ck_assert_uint_eq(l.v4, 0xffffffff);
	ck_assert_int_eq(addr_kind("::ffff:208.66.192.1", &l), LOGLINE_V4);
	ck_assert_uint_eq(l.v4, 0xd042c001);
	ck_assert_int_eq(addr_kind("::FFFF:d042:c001", &l), LOGLINE_V4);
	ck_assert_uint_eq(l.v4, 0xd042c001);
	ck_assert_int_eq(addr_kind("2001:db8::1", &l), LOGLINE_V6);
	ck_assert_uint_eq(l.v6[0], 0x20);
	ck_assert_uint_eq(l.v6[15], 1);
	ck_assert_int_eq(addr_kind("::", &l), LOGLINE_V6);
	ck_assert_int_eq(addr_kind("010.1.1.1", &l), -1);
	ck_assert_int_eq(addr_kind("10.1", &l), -1);
	ck_assert_int_eq(addr_kind("10.1.1", &l), -1);
	ck_assert_int_eq(addr_kind("10.1.1.1.", &l), -1);
	ck_assert_int_eq(addr_kind("10.1.1.256", &l), -1);
	ck_assert_int_eq(addr_kind("10.1.1.1000", &l), -1);
	ck_assert_int_eq(addr_kind("0x0a.1.1.1", &l), -1);
	ck_assert_int_eq(addr_kind("167772161", &l), -1);
	ck_assert_int_eq(addr_kind("fe80::1%eth0", &l), -1);
	ck_assert_int_eq(addr_kind("[2001:db8::1]", &l), -1);
	ck_assert_int_eq(addr_kind("2001:db8:::1", &l), -1);
	ck_assert_int_eq(addr_kind("1.2.3.4:25", &l), -1);
	ck_assert_int_eq(addr_kind("", &l), -1);
	ck_assert_int_eq(addr_kind("abc", &l), -1);
}
END_TEST

static enum logline_kind
line(struct logline_fmt *f, const char *s, struct logline *l)
{
	const char *why = NULL;
	enum logline_kind k = logline_parse(f, s, strlen(s), l, &why);

	if (k == LOGLINE_BAD || k == LOGLINE_BADHEADER)
		ck_assert_ptr_nonnull(why);
	return k;
}

START_TEST(test_blank_layout)
{
	struct logline_fmt f = LOGLINE_FMT_INIT;
	struct logline l;

	ck_assert_int_eq(line(&f, "", &l), LOGLINE_SKIP);
	ck_assert_int_eq(line(&f, "  # a comment, with a comma", &l),
	    LOGLINE_SKIP);
	ck_assert_int_eq(line(&f, "time address", &l), LOGLINE_SKIP);
	ck_assert_int_eq(line(&f, "1226448000 208.66.192.1 extra,fields\r",
	    &l), LOGLINE_V4);
	ck_assert_int_eq(l.t, 1226448000);
	ck_assert_uint_eq(l.v4, 0xd042c001);
	ck_assert_int_eq(line(&f, "\t2008-11-11T00:00:00Z\t\t2001:db8::2",
	    &l), LOGLINE_V6);
	ck_assert_int_eq(l.t, 1226361600);
	/* Only the first data line may be a header. */
	ck_assert_int_eq(line(&f, "time address", &l), LOGLINE_BAD);
	ck_assert_int_eq(line(&f, "1226448000", &l), LOGLINE_BAD);
	ck_assert_int_eq(line(&f, "1226448000 ", &l), LOGLINE_BAD);
	ck_assert_int_eq(line(&f, "1226448000 1.2.3", &l), LOGLINE_BAD);
	ck_assert_int_eq(line(&f, "1226448000,1.2.3.4", &l), LOGLINE_BAD);
}
END_TEST

START_TEST(test_csv_layout)
{
	struct logline_fmt f = LOGLINE_FMT_INIT, g = LOGLINE_FMT_INIT,
	    h = LOGLINE_FMT_INIT;
	struct logline l;

	ck_assert_int_eq(line(&f, "id,\"Src_IP\",subject,Timestamp", &l),
	    LOGLINE_SKIP);
	ck_assert_int_eq(f.tcol, 3);
	ck_assert_int_eq(f.acol, 1);
	ck_assert_int_eq(line(&f, "7,208.66.192.1,\"hi, there\",1226448000",
	    &l), LOGLINE_V4);
	ck_assert_int_eq(l.t, 1226448000);
	ck_assert_int_eq(line(&f, "8,\"2001:db8::1\",\"a \"\"q\"\"\","
	    "\"2008-11-11T00:00:00Z\"", &l), LOGLINE_V6);
	ck_assert_int_eq(line(&f, "9,1.2.3.4,x", &l), LOGLINE_BAD);
	ck_assert_int_eq(line(&f, "9,1.2.3.4,\"open,1226448000", &l),
	    LOGLINE_BAD);
	/* No header: time then address. */
	ck_assert_int_eq(line(&g, "1226448000, 10.0.0.1 ,x", &l), LOGLINE_V4);
	ck_assert_uint_eq(l.v4, 0x0a000001);
	ck_assert_int_eq(line(&g, "10.0.0.1,1226448000", &l), LOGLINE_BAD);
	/* A header that names no address column. */
	ck_assert_int_eq(line(&h, "time,host", &l), LOGLINE_BADHEADER);
}
END_TEST

Suite *
logline_suite(void)
{
	Suite *s = suite_create("logline");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_time);
	tcase_add_test(tc, test_time_random);
	tcase_add_test(tc, test_addr);
	tcase_add_test(tc, test_blank_layout);
	tcase_add_test(tc, test_csv_layout);
	suite_add_tcase(s, tc);
	return s;
}
