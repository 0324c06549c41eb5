/*
 * check_stats.c - stats.c's pure parts: the median (odd and even counts,
 * rounding down) and the folding of complaints, changes and mails into
 * rows (what counts as sent, as a reply, as no reply; the grouping and
 * its order).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

START_TEST(test_median)
{
	int64_t one[] = { 5 };
	int64_t odd[] = { 30, 10, 20 };
	int64_t even[] = { 40, 10, 30, 20 };
	int64_t half[] = { 1, 4 };
	struct stats_median m;

	m = stats_median(NULL, 0);
	ck_assert(m.n == 0 && m.s == 0);
	m = stats_median(one, 1);
	ck_assert(m.n == 1 && m.s == 5);
	m = stats_median(odd, 3);
	ck_assert(m.n == 3 && m.s == 20);
	/* Even: the mean of the middle two, 20 and 30. */
	m = stats_median(even, 4);
	ck_assert(m.n == 4 && m.s == 25);
	/* (1 + 4) / 2 = 2.5, rounded down. */
	m = stats_median(half, 2);
	ck_assert(m.n == 2 && m.s == 2);
}
END_TEST

static void
mk(struct complaint *c, int64_t id, uint32_t asn, const char *to,
    const char *prov)
{
	complaint_init(c);
	c->id = id;
	c->upstream_asn = asn;
	complaint_add_to(c, to);
	c->provider_name = strdup(prov);
}

static struct complaint_ev
ev(int64_t cid, int64_t at, const char *to)
{
	struct complaint_ev e;

	memset(&e, 0, sizeof(e));
	e.complaint_id = cid;
	e.at = at;
	e.to_state = (char *)to;
	return e;
}

START_TEST(test_build)
{
	struct complaint c[5];
	struct complaint_ev e[8];
	struct mailrec m[3];
	struct stats_row *r;
	size_t n, i;

	mk(&c[0], 1, 64500, "abuse@a.example", "P");
	mk(&c[1], 2, 64500, "abuse@a.example", "Q");
	mk(&c[2], 3, 0, "x@b.example", "P");
	mk(&c[3], 4, 64500, "abuse@a.example", "P");	/* never sent */
	mk(&c[4], 5, 64501, "abuse@c.example", "P");
	e[0] = ev(1, 100, "sent");
	e[1] = ev(2, 100, "sent");
	e[2] = ev(3, 100, "sent");
	e[3] = ev(1, 500, "answered");	/* by hand: 400 s */
	e[4] = ev(2, 1100, "resolved");
	e[5] = ev(99, 1, "sent");	/* no such complaint: skipped */
	e[6] = ev(5, 100, "sent");
	e[7] = ev(5, 200, "rejected");
	/* 2: an auto-reply at 50 (before the send: 0 s), a reply at 700. */
	for (i = 0; i < 3; i++)
		mailrec_init(&m[i]);
	m[0].complaint_id = 2;
	m[0].has_date = 1;
	m[0].date = 50;
	m[0].mclass = (char *)"auto-reply";
	m[1].complaint_id = 2;
	m[1].imported_at = 700;
	m[1].mclass = (char *)"reply";
	m[2].complaint_id = 3;
	m[2].imported_at = 300;
	m[2].mclass = (char *)"bounce";
	stats_build(c, 5, e, 8, m, 3, &r, &n);
	ck_assert_uint_eq(n, 3);
	/* Most sent first; then AS ascending, none last. */
	ck_assert_uint_eq(r[0].asn, 64500);
	ck_assert_str_eq(r[0].address, "abuse@a.example");
	ck_assert_int_eq(r[0].sent, 2);
	ck_assert_uint_eq(r[0].nproviders, 2);
	ck_assert_str_eq(r[0].providers[0], "P");
	ck_assert_str_eq(r[0].providers[1], "Q");
	ck_assert_int_eq(r[0].answered, 1);
	ck_assert_int_eq(r[0].acknowledged, 0);
	ck_assert_int_eq(r[0].resolved, 1);
	ck_assert_int_eq(r[0].no_reply, 0);
	/* First replies 400 and 0: 200 over 2; answers 400, 600: 500. */
	ck_assert(r[0].first_reply.n == 2 && r[0].first_reply.s == 200);
	ck_assert(r[0].first_answer.n == 2 && r[0].first_answer.s == 500);
	ck_assert(r[0].resolution.n == 1 && r[0].resolution.s == 1000);
	ck_assert_uint_eq(r[1].asn, 64501);
	ck_assert_int_eq(r[1].rejected, 1);
	ck_assert_int_eq(r[1].no_reply, 0);
	ck_assert_uint_eq(r[1].first_reply.n, 0);
	ck_assert_uint_eq(r[2].asn, 0);
	ck_assert_int_eq(r[2].bounced, 1);
	ck_assert_int_eq(r[2].no_reply, 0);
	stats_rows_free(r, n);
	for (i = 0; i < 5; i++)
		complaint_release(&c[i]);
}
END_TEST

START_TEST(test_no_reply)
{
	struct complaint c;
	struct complaint_ev e = ev(1, 10, "sent");
	struct stats_row *r;
	size_t n;

	mk(&c, 1, 0, "x@b.example", "P");
	stats_build(&c, 1, &e, 1, NULL, 0, &r, &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(r[0].sent, 1);
	ck_assert_int_eq(r[0].no_reply, 1);
	stats_rows_free(r, n);
	stats_build(&c, 1, NULL, 0, NULL, 0, &r, &n);
	ck_assert_uint_eq(n, 0);
	stats_rows_free(r, n);
	complaint_release(&c);
}
END_TEST

Suite *
stats_suite(void)
{
	Suite *s = suite_create("stats");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_median);
	tcase_add_test(tc, test_build);
	tcase_add_test(tc, test_no_reply);
	suite_add_tcase(s, tc);
	return s;
}
