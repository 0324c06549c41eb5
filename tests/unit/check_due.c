/*
 * check_due.c - due.c's business days: Monday to Friday in UTC, counted
 * from a time to a time of the same time of day; a weekend is skipped,
 * a start on a weekend counts from the Monday.  The properties are
 * checked over every start hour of four weeks and counts up to 30.
 * Then due_list() over complaints moved by the send and inbox paths
 * (which the CLI tests cannot reach before "complaint send" and "inbox
 * import" exist): a failed attempt to send again, one found in sending,
 * an acknowledged one with its ticket, a queued one never tried left out.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "complaint.h"
#include "complaint_store.h"
#include "complaint_track.h"
#include "due.h"
#include "testutil.h"

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

/* ---- due_list() ---- */

static const char msg[] = "From: Ann <ann@example.org>\r\n"
    "To: abuse@mccolo.example\r\nSubject: McColo [depeer #1]\r\n"
    "Message-ID: <1.a@example.org>\r\nDate: Fri, 07 Nov 2008 15:00:00 "
    "+0000\r\n\r\nThe evidence.\r\n";

/* A draft made at FRI_15 with a deadline of days (0: none). */
static int64_t
draft(struct db *db, int64_t provider, int days)
{
	static int serial;
	struct dp_err err = DP_ERR_INIT;
	struct complaint c;
	char mid[64];
	int64_t id;

	complaint_init(&c);
	c.provider_id = provider;
	c.tmpl = xstrdup("provider-abuse");
	c.from_addr = xstrdup("ann@example.org");
	c.subject = xstrdup("McColo");
	snprintf(mid, sizeof(mid), "%d.%d@example.org", days, ++serial);
	c.message_id = xstrdup(mid);
	complaint_add_to(&c, "abuse@mccolo.example");
	c.created_at = c.updated_at = FRI_15;
	if (days > 0) {
		c.has_due = 1;
		c.due_at = FRI_15 + days * DAY;
	}
	ck_assert_msg(complaint_store_draft(db, &c, msg, sizeof(msg) - 1,
	    &err) == 0, "%s", err.msg);
	id = c.id;
	complaint_release(&c);
	return id;
}

static void
change(struct db *db, int64_t id, const char *state, enum complaint_by by,
    int64_t at, int64_t attempt, const char *reply, const char *ticket)
{
	struct dp_err err = DP_ERR_INIT;
	struct complaint_change ch;
	struct complaint c;

	memset(&ch, 0, sizeof(ch));
	ch.state = state;
	ch.by = by;
	ch.at = at;
	ch.attempt = attempt;
	ch.reply = reply;
	ch.ticket = ticket;
	ch.via = by == COMPLAINT_BY_SEND ? "smtp://smtp.example.net:587" :
	    NULL;
	ck_assert_msg(complaint_store_change(db, id, &ch, &c, NULL, &err) == 0,
	    "%lld to %s: %s", (long long)id, state, err.msg);
	complaint_release(&c);
}

START_TEST(test_list)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;
	struct due_item *v;
	int64_t p = test_provider(db, "McColo"), failed, stuck, acked, idle;
	int64_t now = MON2_12 - 4 * 3600;	/* 2008-11-17T08:00:00Z */
	size_t n;

	/* Sent Friday 15:00 after one 4xx; acknowledged Monday 09:00
	   with a ticket: due Monday + 5 = the next Monday, 09:00. */
	acked = draft(db, p, 2);
	change(db, acked, "sending", COMPLAINT_BY_SEND, FRI_15, 1, NULL,
	    NULL);
	change(db, acked, "sent", COMPLAINT_BY_SEND, FRI_15, 1,
	    "250 2.0.0 Ok: queued as 4F1A2", NULL);
	change(db, acked, "acknowledged", COMPLAINT_BY_INBOX, MON_10 - 3600,
	    0, NULL, "2008111110000123");
	/* Refused for now on Friday 16:00: send again. */
	failed = draft(db, p, 2);
	change(db, failed, "sending", COMPLAINT_BY_SEND, FRI_15 + 3600, 1,
	    NULL, NULL);
	change(db, failed, "queued", COMPLAINT_BY_SEND, FRI_15 + 3600, 1,
	    "451 4.3.0 Try again later", NULL);
	/* Killed in the SMTP transaction on Saturday. */
	stuck = draft(db, p, 2);
	change(db, stuck, "sending", COMPLAINT_BY_SEND, SAT_10, 1, NULL,
	    NULL);
	/* Queued and never tried: not late. */
	idle = draft(db, p, 2);
	change(db, idle, "queued", COMPLAINT_BY_HAND, FRI_15, 0, NULL, NULL);

	ck_assert_msg(due_list(db, NULL, NULL, now, &v, &n, &err) == 0, "%s",
	    err.msg);
	/* Most overdue first; the acknowledged one is not due yet. */
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(v[0].c.id, failed);
	ck_assert_str_eq(v[0].step, "send");
	ck_assert_int_eq(v[0].attempts, 1);
	ck_assert_str_eq(v[0].last_reply, "451 4.3.0 Try again later");
	ck_assert_int_eq(v[0].due_at, FRI_15 + 3600);
	ck_assert_int_eq(v[0].overdue, now - (FRI_15 + 3600));
	ck_assert_ptr_nonnull(strstr(v[0].why, "451 4.3.0"));
	ck_assert_int_eq(v[1].c.id, stuck);
	ck_assert_str_eq(v[1].step, "resend");
	ck_assert_int_eq(v[1].due_at, SAT_10);
	due_items_free(v, n);

	/* A week on, the acknowledged one is five business days late,
	   with its ticket. */
	now = MON2_12 + 7 * DAY;	/* 2008-11-24T12:00:00Z */
	ck_assert_msg(due_list(db, NULL, "McColo", now, &v, &n, &err) == 0,
	    "%s", err.msg);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(v[2].c.id, acked);
	ck_assert_str_eq(v[2].step, "follow-up");
	ck_assert_str_eq(v[2].ticket, "2008111110000123");
	ck_assert_int_eq(v[2].sent_at, FRI_15);
	ck_assert_int_eq(v[2].due_at, MON_10 - 3600 + 7 * DAY);
	ck_assert_int_eq(v[2].overdue_days, 5);
	due_items_free(v, n);
	(void)idle;
	db_close(db);
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
	tc = tcase_create("list");
	tcase_add_test(tc, test_list);
	suite_add_tcase(s, tc);
	return s;
}
