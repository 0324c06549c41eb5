/*
 * check_track.c - what happens after a draft: changes of state by send,
 * inbox and hand with their events and audit entries, mails stored once
 * and matched, links, and verify finding each of them altered.
 */
#include <check.h>
#include <stdlib.h>

#include "audit.h"
#include "complaint.h"
#include "complaint_store.h"
#include "complaint_track.h"
#include "testutil.h"
#include "verify.h"

static const char msg[] = "From: Ann <ann@example.org>\r\n"
    "To: abuse@gblx.example\r\nSubject: McColo [depeer #1]\r\n"
    "Message-ID: <1.a@example.org>\r\nDate: Tue, 11 Nov 2008 12:00:00 "
    "+0000\r\n\r\nFrom the evidence:\r\n";

static const char ack[] = "From: GBLX Abuse <abuse@gblx.example>\r\n"
    "To: ann@example.org\r\nSubject: [Ticket#2008111110000123] Re: "
    "McColo [depeer #1]\r\nMessage-ID: <t123@gblx.example>\r\n"
    "In-Reply-To: <1.a@example.org>\r\nAuto-Submitted: auto-replied\r\n"
    "Date: Tue, 11 Nov 2008 12:05:00 +0000\r\n\r\nReceived.\r\n";

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
assert_intact(struct db *db)
{
	const char *bad = verify_bad(db);

	ck_assert_msg(bad == NULL, "%s", bad);
}

static void
assert_broken(struct db *db, const char *sub)
{
	const char *bad = verify_bad(db);

	ck_assert_msg(bad != NULL, "verify passed; expected '%s'", sub);
	ck_assert_msg(strstr(bad, sub) != NULL, "'%s' lacks '%s'", bad, sub);
}

static int64_t
draft(struct db *db, const char *mid)
{
	struct dp_err err = DP_ERR_INIT;
	struct complaint c;
	int64_t id;

	complaint_init(&c);
	/* The first draft of a case adds its provider (id 1). */
	c.provider_id = db_count(db, "providers") == 0 ?
	    test_provider(db, "McColo") : 1;
	c.upstream_asn = 3549;
	c.tmpl = xstrdup("upstream-complaint");
	c.from_addr = xstrdup("ann@example.org");
	c.subject = xstrdup("McColo [depeer #1]");
	c.message_id = xstrdup(mid);
	complaint_add_to(&c, "abuse@gblx.example");
	c.created_at = 1226404800;
	ck_assert_msg(complaint_store_draft(db, &c, msg, sizeof(msg) - 1,
	    &err) == 0, "%s", err.msg);
	id = c.id;
	complaint_release(&c);
	return id;
}

/* Change complaint id; 0 or the DP_EX_* code (err->msg says why). */
static int
change(struct db *db, int64_t id, const char *state, enum complaint_by by,
    int64_t attempt, const char *reply, struct dp_err *err)
{
	struct complaint_change ch;
	struct complaint c;
	int rc;

	memset(&ch, 0, sizeof(ch));
	ch.state = state;
	ch.by = by;
	ch.attempt = attempt;
	ch.reply = reply;
	ch.via = by == COMPLAINT_BY_SEND ? "smtp://smtp.example.net:587" :
	    NULL;
	if ((rc = complaint_store_change(db, id, &ch, &c, NULL, err)) == 0)
		complaint_release(&c);
	return rc;
}

static void
exec(struct db *db, const char *sql)
{
	struct dp_err err = DP_ERR_INIT;

	ck_assert_msg(db_exec(db, sql, &err) == 0, "%s: %s", sql, err.msg);
}

/* A complaint sent after one 4xx: draft, sending, queued, sending, sent. */
static int64_t
sent_after_retry(struct db *db)
{
	struct dp_err err = DP_ERR_INIT;
	int64_t id = draft(db, "1.a@example.org");

	ck_assert_msg(change(db, id, "sending", COMPLAINT_BY_SEND, 1, NULL,
	    &err) == 0, "%s", err.msg);
	ck_assert_msg(change(db, id, "queued", COMPLAINT_BY_SEND, 1,
	    "451 4.3.0 Try again later", &err) == 0, "%s", err.msg);
	ck_assert_msg(change(db, id, "sending", COMPLAINT_BY_SEND, 2, NULL,
	    &err) == 0, "%s", err.msg);
	ck_assert_msg(change(db, id, "sent", COMPLAINT_BY_SEND, 2,
	    "250 2.0.0 Ok: queued as 4F1A2", &err) == 0, "%s", err.msg);
	return id;
}

START_TEST(test_send_events)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;
	struct complaint_ev *ev;
	struct complaint c;
	char *reply, *ticket;
	int64_t id, attempts, sent_at;
	size_t n;

	id = sent_after_retry(db);
	ck_assert_int_eq(complaint_get(db, id, &c, &err), 0);
	ck_assert_str_eq(c.state, "sent");
	complaint_release(&c);
	ck_assert_int_eq(complaint_ev_list(db, id, &ev, &n, &err), 0);
	ck_assert_int_eq(n, 4);
	ck_assert_str_eq(ev[0].by, "send");
	ck_assert_str_eq(ev[0].from_state, "draft");
	ck_assert_str_eq(ev[1].reply, "451 4.3.0 Try again later");
	ck_assert_int_eq(ev[3].attempt, 2);
	ck_assert_str_eq(ev[3].via, "smtp://smtp.example.net:587");
	complaint_ev_free(ev, n);
	ck_assert_int_eq(complaint_ev_summary(db, id, &attempts, &reply,
	    &sent_at, &ticket, &err), 0);
	ck_assert_int_eq(attempts, 2);
	ck_assert_str_eq(reply, "250 2.0.0 Ok: queued as 4F1A2");
	ck_assert_int_gt(sent_at, 0);
	ck_assert_ptr_null(ticket);
	free(reply);
	assert_intact(db);

	/* Sent is sent: send does not go back, the hand cannot send. */
	ck_assert_int_eq(change(db, id, "sending", COMPLAINT_BY_SEND, 3, NULL,
	    &err), DP_EX_DATAERR);
	ck_assert_int_eq(change(db, id, "sent", COMPLAINT_BY_INBOX, 0, NULL,
	    &err), DP_EX_DATAERR);
	ck_assert_int_eq(db_count(db, "complaint_events"), 4);
	db_close(db);
}
END_TEST

START_TEST(test_transitions_by_maker)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;
	int64_t id = draft(db, "1.a@example.org");

	/* Only send moves to sending; the inbox cannot answer a draft. */
	ck_assert_int_eq(change(db, id, "sending", COMPLAINT_BY_HAND, 0, NULL,
	    &err), DP_EX_DATAERR);
	ck_assert_int_eq(change(db, id, "answered", COMPLAINT_BY_INBOX, 0,
	    NULL, &err), DP_EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(err.msg, "never sent"));
	ck_assert_int_eq(change(db, id, "sending", COMPLAINT_BY_SEND, 1, NULL,
	    &err), 0);
	/* --resend: sending again from sending. */
	ck_assert_int_eq(change(db, id, "sending", COMPLAINT_BY_SEND, 2, NULL,
	    &err), 0);
	ck_assert_int_eq(change(db, id, "sent", COMPLAINT_BY_SEND, 2, "250 ok",
	    &err), 0);
	ck_assert_int_eq(change(db, id, "acknowledged", COMPLAINT_BY_INBOX, 0,
	    NULL, &err), 0);
	ck_assert_int_eq(change(db, id, "answered", COMPLAINT_BY_INBOX, 0,
	    NULL, &err), 0);
	/* The researcher decides resolved; the inbox cannot. */
	ck_assert_int_eq(change(db, id, "resolved", COMPLAINT_BY_INBOX, 0,
	    NULL, &err), DP_EX_DATAERR);
	ck_assert_int_eq(change(db, id, "resolved", COMPLAINT_BY_HAND, 0,
	    NULL, &err), 0);
	assert_intact(db);
	/* A control character in what a server said is refused. */
	id = draft(db, "2.a@example.org");
	ck_assert_int_eq(change(db, id, "sending", COMPLAINT_BY_SEND, 1,
	    "250 ok\r\nX-Forged: 1", &err), DP_EX_DATAERR);
	db_close(db);
}
END_TEST

static int64_t
add_mail(struct db *db, const char *bytes, const char *mid, int64_t cid,
    const char *ticket, int64_t *dup)
{
	struct dp_err err = DP_ERR_INIT;
	struct mailrec m;
	int64_t id;

	mailrec_init(&m);
	m.message_id = mid != NULL ? xstrdup(mid) : NULL;
	m.from_addr = xstrdup("abuse@gblx.example");
	m.subject = xstrdup("[Ticket#2008111110000123] Re: McColo");
	m.has_date = 1;
	m.date = 1226405100;
	m.origin = xstrdup("import");
	m.mclass = xstrdup("auto-reply");
	m.ticket = ticket != NULL ? xstrdup(ticket) : NULL;
	if (cid != 0) {
		m.complaint_id = cid;
		m.matched_by = xstrdup("in-reply-to");
	}
	ck_assert_msg(mail_store_add(db, &m, bytes, strlen(bytes), dup,
	    &err) == 0, "%s", err.msg);
	id = m.id;
	mailrec_release(&m);
	return id;
}

START_TEST(test_mails)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;
	struct mailrec m, *v;
	int64_t cid, mid, dup, entries, found;
	void *bytes;
	size_t len, n;

	cid = sent_after_retry(db);
	mid = add_mail(db, ack, "t123@gblx.example", cid,
	    "2008111110000123", &dup);
	ck_assert_int_eq(dup, 0);
	ck_assert_int_gt(mid, 0);
	/* Stored once: the same Message-ID again is a duplicate. */
	entries = db_count(db, "audit_log");
	ck_assert_int_eq(add_mail(db, "other bytes", "t123@gblx.example", 0,
	    NULL, &dup), 0);
	ck_assert_int_eq(dup, mid);
	ck_assert_int_eq(db_count(db, "audit_log"), entries);
	/* Without a Message-ID, the same bytes are. */
	mid = add_mail(db, "no id\r\n", NULL, 0, NULL, &dup);
	ck_assert_int_eq(dup, 0);
	ck_assert_int_eq(add_mail(db, "no id\r\n", NULL, 0, NULL, &dup), 0);
	ck_assert_int_eq(dup, mid);
	/* Matched later, once. */
	ck_assert_int_eq(mail_store_list(db, -1, &v, &n, &err), 0);
	ck_assert_int_eq(n, 1);
	mailrec_free(v, n);
	ck_assert_int_eq(mail_store_match(db, mid, cid, "case-tag", &err), 0);
	ck_assert_int_eq(mail_store_match(db, mid, cid, "case-tag", &err),
	    DP_EX_DATAERR);
	ck_assert_int_eq(mail_store_list(db, cid, &v, &n, &err), 0);
	ck_assert_int_eq(n, 2);
	mailrec_free(v, n);
	ck_assert_int_eq(mail_store_get(db, 1, &m, &bytes, &len, &err), 0);
	ck_assert_int_eq(len, strlen(ack));
	ck_assert_mem_eq(bytes, ack, len);
	ck_assert_str_eq(m.ticket, "2008111110000123");
	mailrec_release(&m);
	free(bytes);
	ck_assert_int_eq(complaint_find_message_id(db, "1.a@example.org",
	    &found, &err), 0);
	ck_assert_int_eq(found, cid);
	ck_assert_int_eq(complaint_find_message_id(db, "nope@example.org",
	    &found, &err), 0);
	ck_assert_int_eq(found, 0);
	ck_assert_int_eq(complaint_find_ticket(db, "2008111110000123", &found,
	    &err), 0);
	ck_assert_int_eq(found, cid);
	assert_intact(db);

	/* Each kind of tampering is seen. */
	exec(db, "UPDATE mails SET class = 'reply' WHERE id = 1");
	assert_broken(db, "mail 1 differs from what its audit entries");
	exec(db, "UPDATE mails SET class = 'auto-reply' WHERE id = 1");
	assert_intact(db);
	exec(db, "UPDATE mails SET message = CAST('x' AS BLOB) WHERE id = 1");
	assert_broken(db, "mail 1: its bytes no longer match");
	db_close(db);

	db = test_db();
	cid = sent_after_retry(db);
	add_mail(db, ack, "t123@gblx.example", cid, NULL, &dup);
	exec(db, "INSERT INTO mails SELECT 7, sha256, message, size, "
	    "'x@example.net', from_addr, subject, date, imported_at, origin, "
	    "class, ticket, dsn_status, dsn_recipient, NULL, NULL, audit_seq "
	    "FROM mails WHERE id = 1");
	assert_broken(db, "mail 7 has no audit entry");
	exec(db, "DELETE FROM mails");
	assert_broken(db, "mail 1, stored by audit entry");
	db_close(db);
}
END_TEST

START_TEST(test_events_tampered)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;
	int64_t id;

	id = sent_after_retry(db);
	(void)id;
	exec(db, "UPDATE complaint_events SET reply = '250 2.0.0 forged' "
	    "WHERE to_state = 'queued'");
	assert_broken(db, "differs from the entry");
	db_close(db);

	db = test_db();
	sent_after_retry(db);
	exec(db, "DELETE FROM complaint_events WHERE to_state = 'queued'");
	assert_broken(db, "is missing");
	db_close(db);

	db = test_db();
	id = sent_after_retry(db);
	exec(db, "INSERT INTO complaint_events (complaint_id, at, by, "
	    "from_state, to_state, audit_seq) SELECT complaint_id, at, by, "
	    "'sent', 'answered', 1 FROM complaint_events LIMIT 1");
	assert_broken(db, "no audit entry recorded");
	db_close(db);

	/* An inbox change recorded with its ticket. */
	db = test_db();
	id = sent_after_retry(db);
	{
		struct complaint_change ch;
		struct complaint c;
		char *ticket;

		memset(&ch, 0, sizeof(ch));
		ch.state = "acknowledged";
		ch.by = COMPLAINT_BY_INBOX;
		ch.ticket = "2008111110000123";
		ck_assert_int_eq(complaint_store_change(db, id, &ch, &c, NULL,
		    &err), 0);
		complaint_release(&c);
		ck_assert_int_eq(complaint_ev_summary(db, id, NULL, NULL,
		    NULL, &ticket, &err), 0);
		ck_assert_str_eq(ticket, "2008111110000123");
		free(ticket);
	}
	assert_intact(db);
	exec(db, "UPDATE complaint_events SET ticket = '999' WHERE ticket IS "
	    "NOT NULL");
	assert_broken(db, "differs from the entry");
	db_close(db);
}
END_TEST

START_TEST(test_links)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;
	struct complaint_link *l;
	struct complaint c;
	int64_t parent, child;
	size_t n;

	parent = sent_after_retry(db);
	child = draft(db, "2.a@example.org");
	ck_assert_int_eq(complaint_store_link(db, child, child, "follow-up",
	    &err), DP_EX_DATAERR);
	ck_assert_int_eq(complaint_store_link(db, child, 99, "follow-up",
	    &err), DP_EX_NOINPUT);
	ck_assert_int_eq(complaint_store_link(db, child, parent, "follow-up",
	    &err), 0);
	ck_assert_int_eq(complaint_link_list(db, parent, &l, &n, &err), 0);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(l[0].child, child);
	ck_assert_str_eq(l[0].kind, "follow-up");
	complaint_link_free(l, n);
	assert_intact(db);
	exec(db, "UPDATE complaint_links SET kind = 'escalation'");
	assert_broken(db, "its link differs");
	exec(db, "UPDATE complaint_links SET kind = 'follow-up'");
	assert_intact(db);
	/* Removing the draft takes its link along, and verify agrees. */
	ck_assert_int_eq(complaint_store_rm(db, child, &c, &err), 0);
	complaint_release(&c);
	ck_assert_int_eq(db_count(db, "complaint_links"), 0);
	assert_intact(db);
	db_close(db);
}
END_TEST

Suite *
track_suite(void)
{
	Suite *s = suite_create("track");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_send_events);
	tcase_add_test(tc, test_transitions_by_maker);
	tcase_add_test(tc, test_mails);
	tcase_add_test(tc, test_events_tampered);
	tcase_add_test(tc, test_links);
	suite_add_tcase(s, tc);
	return s;
}
