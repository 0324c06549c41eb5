/*
 * check_complaint_next.c - the notice history an escalation carries,
 * from replies recorded the way "inbox import" records them (the CLI
 * tests cannot make one before that command exists): an acknowledgement
 * with its ticket, a bounce with its status code, an answer, and the
 * silence of a notice nobody answered, each on its notice's line.  The
 * escalation attaches the thread's messages and is linked to the
 * complaint; a failure stores nothing.  mail_read() lists the attached
 * message (file name, the stored size) as "complaint show" shows it.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "complaint.h"
#include "complaint_next.h"
#include "complaint_store.h"
#include "complaint_track.h"
#include "config.h"
#include "evidence.h"
#include "evidence_store.h"
#include "mail.h"
#include "testutil.h"

/* 2008-11-10T12:00:00Z and the days after. */
#define T0	INT64_C(1226318400)
#define DAY	INT64_C(86400)

static struct config *
conf(void)
{
	struct config *c = NULL;
	struct dp_err err = DP_ERR_INIT;

	setenv("DEPEER_FROM", "Ann Analyst <ann@cert.example>", 1);
	ck_assert_msg(config_load("/nonexistent/depeer-config", &c, &err) == 0,
	    "%s", err.msg);
	return c;
}

/* A complaint drafted to addr at T0 by complaint_draft(). */
static int64_t
draft_to(struct db *db, const struct config *cfg, const char *addr)
{
	struct complaint_draft_req req;
	struct complaint_drafted *v = NULL;
	struct dp_err err = DP_ERR_INIT;
	size_t n = 0;
	int64_t id;

	memset(&req, 0, sizeof(req));
	req.provider = "McColo";
	req.to = addr;
	ck_assert_msg(complaint_draft(db, cfg, &req, &v, &n, &err) == 0, "%s",
	    err.msg);
	ck_assert_uint_eq(n, 1);
	id = v[0].c.id;
	complaint_drafted_free(v, n);
	return id;
}

static void
change(struct db *db, int64_t id, const char *state, enum complaint_by by,
    int64_t at, const char *ticket, const char *dsn)
{
	struct dp_err err = DP_ERR_INIT;
	struct complaint_change ch;
	struct complaint c;

	memset(&ch, 0, sizeof(ch));
	ch.state = state;
	ch.by = by;
	ch.at = at;
	ch.ticket = ticket;
	ch.dsn_status = dsn;
	ch.note = by == COMPLAINT_BY_HAND ? "sent from mutt" : NULL;
	ck_assert_msg(complaint_store_change(db, id, &ch, &c, NULL, &err) == 0,
	    "%lld to %s: %s", (long long)id, state, err.msg);
	complaint_release(&c);
}

START_TEST(test_history)
{
	struct db *db = test_db();
	struct config *cfg = conf();
	struct ev_input in = { "c2", "208.66.194.22", "2008-11-10T11:00:00Z",
	    NULL, NULL, NULL };
	struct dp_err err = DP_ERR_INIT;
	struct complaint_next_req req;
	struct complaint_next_out out;
	struct mail_text mt;
	struct evidence e;
	int64_t acked, bounced, answered, silent, esc;
	void *bytes;
	size_t len;
	char *b, *p;

	setenv("DEPEER_NOW", "2008-11-10T12:00:00Z", 1);
	test_provider(db, "McColo");
	memset(&e, 0, sizeof(e));
	ck_assert_msg(evidence_from_input(&in, &e, &err) == 0, "%s", err.msg);
	ck_assert_msg(evidence_add(db, "McColo", &e, &err) == 0, "%s",
	    err.msg);
	evidence_release(&e);
	acked = draft_to(db, cfg, "abuse@mccolo.example");
	bounced = draft_to(db, cfg, "gone@transit.example");
	answered = draft_to(db, cfg, "noc@transit.example");
	silent = draft_to(db, cfg, "abuse@other.example");
	change(db, acked, "sent", COMPLAINT_BY_HAND, T0 + 600, NULL, NULL);
	change(db, acked, "acknowledged", COMPLAINT_BY_INBOX, T0 + 900,
	    "2008111110000123", NULL);
	change(db, bounced, "sent", COMPLAINT_BY_HAND, T0 + 600, NULL, NULL);
	change(db, bounced, "bounced", COMPLAINT_BY_INBOX, T0 + DAY, NULL,
	    "5.1.1");
	change(db, answered, "sent", COMPLAINT_BY_HAND, T0 + 600, NULL,
	    NULL);
	change(db, answered, "answered", COMPLAINT_BY_INBOX, T0 + 2 * DAY,
	    NULL, NULL);
	change(db, silent, "sent", COMPLAINT_BY_HAND, T0 + 600, NULL, NULL);

	/* Four days on, the acknowledged one is escalated. */
	setenv("DEPEER_NOW", "2008-11-14T12:30:00Z", 1);
	memset(&req, 0, sizeof(req));
	req.id = acked;
	req.to = "abuse@upstream.example";
	ck_assert_msg(complaint_escalate(db, cfg, &req, &out, &err) == 0,
	    "%s", err.msg);
	ck_assert_uint_eq(out.n, 1);
	ck_assert_int_eq(out.attached, 1);
	ck_assert_str_eq(out.kind, "escalation");
	esc = out.v[0].c.id;
	complaint_next_out_release(&out);
	ck_assert_msg(complaint_message(db, esc, &bytes, &len, &err) == 0,
	    "%s", err.msg);
	ck_assert_msg(mail_read(bytes, len, &mt, &err) == 0, "%s", err.msg);
	/* One line per notice, whatever the folding. */
	b = xstrdup(mt.body);
	for (p = b; *p != '\0'; p++)
		if (*p == '\n')
			*p = ' ';
	ck_assert_msg(strstr(b, "to abuse@mccolo.example, acknowledged: "
	    "acknowledged on 2008-11-10, ticket 2008111110000123") != NULL,
	    "%s", mt.body);
	ck_assert_msg(strstr(b, "to gone@transit.example, bounced: bounced "
	    "on 2008-11-11 (5.1.1)") != NULL, "%s", mt.body);
	ck_assert_msg(strstr(b, "to noc@transit.example, answered: answered "
	    "on 2008-11-12") != NULL, "%s", mt.body);
	ck_assert_msg(strstr(b, "to abuse@other.example, sent: no reply "
	    "after 4 days") != NULL, "%s", mt.body);
	/* Sent times, not draft times. */
	ck_assert_msg(strstr(b, "2008-11-10T12:10:00Z") != NULL, "%s",
	    mt.body);
	ck_assert_uint_eq(mt.natt, 2);
	ck_assert_str_eq(mt.att[1].content_type, "message/rfc822");
	free(b);
	b = xasprintf("depeer-%lld.eml", (long long)acked);
	ck_assert_str_eq(mt.att[1].filename, b);
	free(b);
	free(bytes);
	/* Listed with the size of the message as stored. */
	ck_assert_msg(complaint_message(db, acked, &bytes, &len, &err) == 0,
	    "%s", err.msg);
	ck_assert_uint_eq(mt.att[1].size, len);
	mail_text_release(&mt);
	free(bytes);

	/* Refused: nothing stored, not even the link. */
	req.to = "not an address";
	ck_assert_int_eq(complaint_escalate(db, cfg, &req, &out, &err),
	    DP_EX_DATAERR);
	{
		struct complaint_link *l = NULL;
		size_t nl = 0;

		ck_assert_int_eq(complaint_link_list(db, 0, &l, &nl, &err), 0);
		ck_assert_uint_eq(nl, 1);
		ck_assert_int_eq(l[0].child, esc);
		ck_assert_int_eq(l[0].parent, acked);
		ck_assert_str_eq(l[0].kind, "escalation");
		complaint_link_free(l, nl);
	}
	unsetenv("DEPEER_NOW");
	unsetenv("DEPEER_FROM");
	config_free(cfg);
	db_close(db);
}
END_TEST

Suite *
complaint_next_suite(void)
{
	Suite *s = suite_create("complaint_next");
	TCase *tc = tcase_create("history");

	tcase_add_test(tc, test_history);
	suite_add_tcase(s, tc);
	return s;
}
