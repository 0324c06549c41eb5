/*
 * check_inbox_parse.c - inbox_parse.c and mailbox.c: every fixture in
 * tests/fixtures/mail read to the class, ticket, status, recipient and
 * returned Message-ID a person reading it would name; the ticket
 * systems' subjects; the auto-reply headers one by one; the refusals
 * (no header section, NUL, no From, garbage); and the mbox framing
 * (separators, ">From " unquoting, the size limit).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "exitcodes.h"
#include "inbox_parse.h"
#include "mailbox.h"

Suite	*inbox_parse_suite(void);

#define CID	"20261112T091500.4f1c2d3e5a6b7c8d@cert.example.org"

static char *
fixture(const char *name, size_t *len)
{
	const char *dir = getenv("DEPEER_TEST_FIXTURES");
	char path[4096];
	struct buf b = BUF_INIT;
	char chunk[8192];
	size_t n;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/mail/%s", dir != NULL ? dir :
	    "fixtures", name);
	fp = fopen(path, "rb");
	ck_assert_msg(fp != NULL, "cannot open %s", path);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_add(&b, chunk, n);
	fclose(fp);
	return buf_detach(&b, len);
}

static void
eq_or_null(const char *what, const char *got, const char *want)
{
	if (want == NULL)
		ck_assert_msg(got == NULL, "%s: got '%s', want none", what, got);
	else
		ck_assert_msg(got != NULL && strcmp(got, want) == 0,
		    "%s: got '%s', want '%s'", what, got ? got : "(none)", want);
}

/* What each fixture is. */
static const struct want {
	const char	*file;
	enum inbox_class cls;
	const char	*ticket;
	const char	*status;
	const char	*recipient;
	const char	*returned;
	const char	*in_reply_to;
	int64_t		 case_id;
	const char	*from;
} wants[] = {
	{ "postfix-bounce.eml", INBOX_BOUNCE, NULL, "5.1.1",
	  "abuse@example.net", CID, NULL, 0, "MAILER-DAEMON@mx.cert.example.org" },
	{ "postfix-delay.eml", INBOX_DELAY, NULL, "4.4.7",
	  "abuse@example.com", CID, NULL, 0, "MAILER-DAEMON@mx.cert.example.org" },
	{ "postfix-delivered.eml", INBOX_DELIVERED, NULL, "2.0.0",
	  "abuse@example.net", CID, NULL, 0, "MAILER-DAEMON@mx.cert.example.org" },
	{ "exim-dsn.eml", INBOX_BOUNCE, NULL, "5.1.1", "abuse@example.org",
	  CID, NULL, 0, "Mailer-Daemon@mx2.cert.example.org" },
	{ "exim-old.eml", INBOX_BOUNCE, NULL, "5.1.1", "abuse@example.org",
	  CID, NULL, 0, "Mailer-Daemon@mx3.cert.example.org" },
	{ "exchange-ndr.eml", INBOX_BOUNCE, NULL, "5.1.10",
	  "abuse@example.com", CID, CID, 1, "postmaster@outlook.example.com" },
	{ "exchange-571.eml", INBOX_BOUNCE, NULL, "5.7.1",
	  "abuse@example.com", CID, NULL, 1, "postmaster@mail.example.com" },
	{ "qmail-bounce.eml", INBOX_BOUNCE, NULL, "5.1.1", "abuse@example.net",
	  CID, NULL, 0, "MAILER-DAEMON@mail.example.net" },
	{ "sendmail-returned.eml", INBOX_BOUNCE, NULL, "5.1.1",
	  "abuse@example.com", CID, NULL, 0, "MAILER-DAEMON@relay.example.com" },
	{ "otrs-ack.eml", INBOX_AUTO_REPLY, "Ticket#2026111210000123", NULL,
	  NULL, NULL, CID, 1, "abuse@example.net" },
	{ "rt-ack.eml", INBOX_AUTO_REPLY, "example.org #48213", NULL, NULL,
	  NULL, CID, 1, "abuse@example.org" },
	{ "salesforce-ack.eml", INBOX_AUTO_REPLY, "Case 00123456", NULL, NULL,
	  NULL, NULL, 0, "noreply-abuse@example.com" },
	{ "zendesk-ack.eml", INBOX_AUTO_REPLY, "Request #12345", NULL, NULL,
	  NULL, CID, 1, "support@example.com" },
	{ "vacation.eml", INBOX_AUTO_REPLY, NULL, NULL, NULL, NULL, CID, 1,
	  "noc@example.net" },
	{ "human-reply.eml", INBOX_REPLY, NULL, NULL, NULL, NULL, CID, 1,
	  "carol@example.net" },
	{ "reply-case-tag.eml", INBOX_REPLY, NULL, NULL, NULL, NULL, NULL, 1,
	  "dave@example.org" },
	{ "reply-ticket-only.eml", INBOX_REPLY, "Ticket#2026111210000123",
	  NULL, NULL, NULL, NULL, 0, "abuse@example.net" },
};

START_TEST(test_fixture)
{
	const struct want *w = &wants[_i];
	struct dp_err err = DP_ERR_INIT;
	struct inbox_msg m;
	size_t len;
	char *b = fixture(w->file, &len);

	ck_assert_msg(inbox_parse(b, len, "depeer", &m, &err) == 0, "%s: %s",
	    w->file, err.msg);
	ck_assert_msg(m.cls == w->cls, "%s: class %s, want %s (%s)", w->file,
	    inbox_class_name(m.cls), inbox_class_name(w->cls), m.why);
	eq_or_null("ticket", m.ticket, w->ticket);
	eq_or_null("status", m.dsn_status, w->status);
	eq_or_null("recipient", m.dsn_recipient, w->recipient);
	eq_or_null("returned", m.returned_id, w->returned);
	eq_or_null("in-reply-to", m.in_reply_to, w->in_reply_to);
	eq_or_null("from", m.from_addr, w->from);
	ck_assert_int_eq(m.case_id, w->case_id);
	ck_assert_ptr_nonnull(m.message_id);
	ck_assert_ptr_nonnull(m.why);
	ck_assert(m.has_date && m.date > 1794000000 && m.date < 1795000000);
	inbox_msg_release(&m);
	free(b);
}
END_TEST

START_TEST(test_identity)
{
	struct dp_err err = DP_ERR_INIT;
	struct inbox_msg m;
	size_t len;
	char *b = fixture("reply-case-tag.eml", &len);

	ck_assert_int_eq(inbox_parse(b, len, "depeer", &m, &err), 0);
	/* RFC 2047 words across two lines, UTF-8 and the en dash */
	ck_assert_str_eq(m.subject, "AW: [depeer #1] Abuse report: AS64500 "
	    "(Bulletproof Example Ltd) hosting botnet controllers "
	    "\xe2\x80\x93 erledigt");
	ck_assert_str_eq(m.message_id, "AM0PR02MB99887766E1B2@AM0PR02MB9988."
	    "eurprd02.prod.example.org");
	ck_assert_int_eq(m.date, 1794812504);	/* 2026-11-16T07:01:44Z */
	inbox_msg_release(&m);
	free(b);
	b = fixture("rt-ack.eml", &len);
	ck_assert_int_eq(inbox_parse(b, len, "depeer", &m, &err), 0);
	ck_assert_uint_eq(m.nrefs, 2);
	ck_assert_str_eq(m.refs[0], "RT-Ticket-48213@example.org");
	ck_assert_str_eq(m.refs[1], CID);
	ck_assert_str_eq(m.ticket_system, "RT");
	inbox_msg_release(&m);
	free(b);
	/* the case tag of another prefix is not ours, nor an RT ticket */
	b = fixture("human-reply.eml", &len);
	ck_assert_int_eq(inbox_parse(b, len, "cert", &m, &err), 0);
	ck_assert_int_eq(m.case_id, 0);
	ck_assert_str_eq(m.ticket, "depeer #1");
	inbox_msg_release(&m);
	free(b);
}
END_TEST

START_TEST(test_tickets)
{
	static const struct {
		const char *subject, *ticket, *system;
	} t[] = {
		{ "[Ticket#2008111110000123] Re: spam", "Ticket#2008111110000123",
		  "OTRS" },
		{ "Re: [ticket#: 42] x", "Ticket#42", "OTRS" },
		{ "[RT #123] AutoReply: x", "RT #123", "RT" },
		{ "[depeer #7] Re: [abuse.example.net #99] x",
		  "abuse.example.net #99", "RT" },
		{ "[depeer #7] Re: abuse", NULL, NULL },
		{ "Case 00123456 received", "Case 00123456", "Salesforce" },
		{ "Re: Case #00123457: update", "Case 00123457", "Salesforce" },
		{ "Showcase 12345 of", NULL, NULL },
		{ "Request #12345: Abuse report", "Request #12345", "Zendesk" },
		{ "[ABUSE-123] Your report was received", "ABUSE-123", "Jira" },
		{ "[abuse-123] lower case is no Jira key", NULL, NULL },
		{ "ABUSE-123 without brackets", NULL, NULL },
		{ "[#12345] Abuse report", "#12345", "Freshdesk" },
		{ "Re: abuse from AS64500", NULL, NULL },
	};
	const char *sys;
	size_t i;
	char *got;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		got = inbox_ticket(t[i].subject, NULL, "depeer", &sys);
		eq_or_null(t[i].subject, got, t[i].ticket);
		eq_or_null("system", sys, t[i].system);
		free(got);
	}
	got = inbox_ticket("[Request received] Re: x", "Your request "
	    "(4711) has been received and is being reviewed", "depeer", &sys);
	ck_assert_str_eq(got, "Request #4711");
	free(got);
	ck_assert_int_eq(inbox_case_tag("Re: [depeer #12] x", "depeer"), 12);
	ck_assert_int_eq(inbox_case_tag("Re: [DEPEER #12] x", "depeer"), 12);
	ck_assert_int_eq(inbox_case_tag("[depeer #3] Re: [depeer #12]",
	    "depeer"), 12);
	ck_assert_int_eq(inbox_case_tag("[depeer #0] x", "depeer"), 0);
	ck_assert_int_eq(inbox_case_tag("[depeer#12] x", "depeer"), 0);
	ck_assert_int_eq(inbox_case_tag("[cert #12] x", "depeer"), 0);
	ck_assert_int_eq(inbox_case_tag("[cert #12] x", "cert"), 12);
	ck_assert_int_eq(inbox_case_tag("[depeer #12] x", NULL), 0);
}
END_TEST

/* A small message with extra header lines, classified. */
static enum inbox_class
classify(const char *extra, const char *subject, const char *body,
    char **why)
{
	struct dp_err err = DP_ERR_INIT;
	struct inbox_msg m;
	char *msg = xasprintf("From: Someone <someone@example.net>\n"
	    "To: ana@cert.example.org\nSubject: %s\n"
	    "Date: Thu, 12 Nov 2026 09:20:00 +0000\n"
	    "Message-ID: <x1@example.net>\n%s\n%s", subject, extra, body);
	enum inbox_class c;

	ck_assert_msg(inbox_parse(msg, strlen(msg), "depeer", &m, &err) == 0,
	    "%s", err.msg);
	c = m.cls;
	if (why != NULL)
		*why = xstrdup(m.why);
	inbox_msg_release(&m);
	free(msg);
	return c;
}

START_TEST(test_auto_headers)
{
	char *why;

	ck_assert_int_eq(classify("", "Re: x", "Thanks.\n", NULL),
	    INBOX_REPLY);
	ck_assert_int_eq(classify("Auto-Submitted: no\n", "Re: x",
	    "Thanks.\n", NULL), INBOX_REPLY);
	ck_assert_int_eq(classify("Auto-Submitted: auto-generated\n", "Re: x",
	    "Thanks.\n", &why), INBOX_AUTO_REPLY);
	ck_assert_str_eq(why, "Auto-Submitted: auto-generated");
	free(why);
	ck_assert_int_eq(classify("Auto-Submitted: auto-replied; owner=x\n",
	    "Re: x", "Thanks.\n", NULL), INBOX_AUTO_REPLY);
	ck_assert_int_eq(classify("X-Autoreply: yes\n", "Re: x", "T.\n",
	    NULL), INBOX_AUTO_REPLY);
	ck_assert_int_eq(classify("X-Autorespond: Thanks\n", "Re: x", "T.\n",
	    NULL), INBOX_AUTO_REPLY);
	ck_assert_int_eq(classify("Precedence: auto_reply\n", "Re: x", "T.\n",
	    NULL), INBOX_AUTO_REPLY);
	ck_assert_int_eq(classify("Precedence: junk\n", "Re: x", "T.\n",
	    NULL), INBOX_AUTO_REPLY);
	ck_assert_int_eq(classify("Precedence: bulk\n", "Re: x", "T.\n",
	    NULL), INBOX_AUTO_REPLY);
	/* a list's post may be a person's answer */
	ck_assert_int_eq(classify("Precedence: list\n", "Re: x", "T.\n",
	    NULL), INBOX_REPLY);
	ck_assert_int_eq(classify("", "Automatic reply: [depeer #3] x", "T.\n",
	    NULL), INBOX_AUTO_REPLY);
	ck_assert_int_eq(classify("", "Abwesenheitsnotiz: x", "T.\n", NULL),
	    INBOX_AUTO_REPLY);
	/* a ticket's acknowledgement, and an agent's answer in the ticket */
	ck_assert_int_eq(classify("", "[#12345] Re: x",
	    "Your ticket has been created.\n", NULL), INBOX_AUTO_REPLY);
	ck_assert_int_eq(classify("", "[#12345] Re: x",
	    "We removed the host.\n> Your ticket has been created.\n", NULL),
	    INBOX_REPLY);
	/* a person's answer about a bounce is no bounce */
	ck_assert_int_eq(classify("", "Re: Undeliverable: [depeer #3] x",
	    "That address is gone; write to noc@example.net.\n", NULL),
	    INBOX_REPLY);
	ck_assert_int_eq(classify("", "Undeliverable: [depeer #3] x",
	    "Delivery has failed to these recipients or groups:\n\n"
	    "abuse@example.net\n", &why), INBOX_BOUNCE);
	ck_assert_str_eq(why, "bounce text: \"Undeliverable:\"");
	free(why);
	/* words of acknowledgement without a ticket: a person */
	ck_assert_int_eq(classify("", "Re: x", "We received it and acted.\n",
	    NULL), INBOX_REPLY);
}
END_TEST

START_TEST(test_hostile_fields)
{
	struct dp_err err = DP_ERR_INIT;
	struct inbox_msg m;
	struct buf b = BUF_INIT;
	size_t i;

	/* a bidi override in an RFC 2047 subject, a subject of 5000 bytes,
	   a Message-ID with a space and one with a control */
	buf_adds(&b, "From: x@example.net\nSubject: =?UTF-8?B?");
	buf_adds(&b, "4oCuZ3BqLmV4ZQ==");	/* U+202E "gpj.exe" */
	buf_adds(&b, "?= ");
	for (i = 0; i < 5000; i++)
		buf_addc(&b, i % 70 == 69 ? ' ' : 'a');
	buf_adds(&b, "\nMessage-ID: <a b@example.net>\n"
	    "In-Reply-To: <a\x01b@example.net>\n\nbody\n");
	ck_assert_int_eq(inbox_parse(b.s, b.len, "depeer", &m, &err), 0);
	ck_assert_ptr_null(strstr(m.subject, "\xe2\x80\xae"));
	ck_assert_ptr_nonnull(strstr(m.subject, "\xef\xbf\xbdgpj.exe"));
	ck_assert_uint_le(strlen(m.subject), INBOX_MAX_FIELD);
	ck_assert_ptr_null(m.message_id);
	ck_assert_ptr_null(m.in_reply_to);
	inbox_msg_release(&m);
	buf_release(&b);
	/* no Subject, a ticket in the text only (found by fuzz_inbox_parse:
	   the subject was read as if it were there) */
	ck_assert_int_eq(inbox_parse("From: s@example.com\n\nYour request "
	    "(4711) has been received.\n", 60, "depeer", &m, &err), 0);
	ck_assert_ptr_null(m.subject);
	ck_assert_str_eq(m.ticket, "Request #4711");
	ck_assert_int_eq(m.cls, INBOX_AUTO_REPLY);
	inbox_msg_release(&m);
}
END_TEST

START_TEST(test_dsn_worst)
{
	static const char msg[] =
	    "From: MAILER-DAEMON@mx.example.org\n"
	    "To: ana@cert.example.org\nSubject: Delivery report\n"
	    "Date: Thu, 12 Nov 2026 09:20:00 +0000\n"
	    "MIME-Version: 1.0\n"
	    "Content-Type: multipart/report; report-type=\"Delivery-Status\"; "
	    "boundary=b\n\n"
	    "--b\nContent-Type: text/plain\n\nSee below.\n"
	    "--b\nContent-Type: message/delivery-status\n\n"
	    "Reporting-MTA: dns; mx.example.org\n\n"
	    "Final-Recipient: rfc822; noc@example.org\nAction: delivered\n"
	    "Status: 2.0.0\n\n"
	    "Final-Recipient: rfc822; <abuse@example.org>\nAction: delayed\n"
	    "Status: 4.2.2 (mailbox full)\n\n"
	    "Final-Recipient: rfc822;gone@example.org\nAction: failed\n"
	    "Status: 5.2.1\nDiagnostic-Code: smtp; 550 5.2.1 disabled\n"
	    "\n--b\nContent-Type: message/rfc822\n\n"
	    "From: ana@cert.example.org\nMessage-ID: <orig.1@cert.example.org>\n"
	    "Subject: x\n\nbody\n--b--\n";
	struct dp_err err = DP_ERR_INIT;
	struct inbox_msg m;

	ck_assert_int_eq(inbox_parse(msg, strlen(msg), "depeer", &m, &err), 0);
	ck_assert_int_eq(m.cls, INBOX_BOUNCE);
	ck_assert_str_eq(m.dsn_status, "5.2.1");
	ck_assert_str_eq(m.dsn_recipient, "gone@example.org");
	ck_assert_str_eq(m.dsn_diagnostic, "550 5.2.1 disabled");
	ck_assert_str_eq(m.returned_id, "orig.1@cert.example.org");
	ck_assert_ptr_null(m.message_id);
	inbox_msg_release(&m);
}
END_TEST

START_TEST(test_refused)
{
	static const struct {
		const char *msg;
		size_t len;
		const char *err;
	} t[] = {
		{ "", 0, "empty" },
		{ "Hello,\n\nno headers here.\n", 0, "no header section" },
		{ ": no name\n\nx\n", 0, "no header section" },
		{ "From: a@example.net\nX: a\0b\n\nx\n", 30, "NUL" },
		{ "Subject: no sender\nDate: Thu, 12 Nov 2026 09:20:00 +0000\n\n"
		  "x\n", 0, "no From" },
		{ "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, "no header section" },
	};
	struct dp_err err = DP_ERR_INIT;
	struct inbox_msg m;
	size_t i, len;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		len = t[i].len != 0 ? t[i].len : strlen(t[i].msg);
		ck_assert_msg(inbox_parse(t[i].msg, len, "depeer", &m, &err) ==
		    DP_EX_DATAERR, "%zu accepted", i);
		ck_assert_msg(strstr(err.msg, t[i].err) != NULL, "%zu: %s", i,
		    err.msg);
	}
}
END_TEST

START_TEST(test_mbox)
{
	static const char mb[] =
	    "From a@example.net Thu Nov 12 09:20:00 2026\n"
	    "From: a@example.net\nSubject: one\n\n"
	    ">From the start\n>>From twice\n> From not quoted\nFrom: no\n\n"
	    "From b@example.net Thu Nov 12 09:21:00 2026\n"
	    "From: b@example.net\nSubject: two\n\nlast\n\n";
	struct dp_err err = DP_ERR_INIT;
	struct mbox_list l;

	ck_assert_int_eq(mailbox_split("t", mb, sizeof(mb) - 1, 1000, &l,
	    &err), 0);
	ck_assert_str_eq(l.kind, "mbox");
	ck_assert_uint_eq(l.n, 2);
	ck_assert_str_eq(l.v[0].data, "From: a@example.net\nSubject: one\n\n"
	    "From the start\n>From twice\n> From not quoted\nFrom: no\n");
	ck_assert_uint_eq(l.v[0].len, strlen(l.v[0].data));
	ck_assert_str_eq(l.v[0].where, "message 1 (line 1)");
	ck_assert_str_eq(l.v[1].data, "From: b@example.net\nSubject: two\n\n"
	    "last\n");
	ck_assert_str_eq(l.v[1].where, "message 2 (line 10)");
	mbox_list_release(&l);
	/* the same, with a limit the first message passes */
	ck_assert_int_eq(mailbox_split("'t'", mb, sizeof(mb) - 1, 60, &l,
	    &err), DP_EX_DATAERR);
	ck_assert_msg(strstr(err.msg, "'t': message 1 (line 1) is ") != NULL,
	    "%s", err.msg);
	ck_assert_uint_eq(l.n, 0);
	/* one message, not an mbox */
	ck_assert_int_eq(mailbox_split("t", "From: a@example.net\n\nx\n", 23,
	    1000, &l, &err), 0);
	ck_assert_str_eq(l.kind, "message");
	ck_assert_uint_eq(l.n, 1);
	mbox_list_release(&l);
	ck_assert_int_eq(mailbox_split("'e'", "", 0, 1000, &l, &err),
	    DP_EX_DATAERR);
	ck_assert_str_eq(err.msg, "'e' is empty");
	ck_assert_int_eq(mailbox_split("t", "From x\n", 7, 1000, &l, &err),
	    DP_EX_DATAERR);
}
END_TEST

START_TEST(test_mbox_fixture)
{
	struct dp_err err = DP_ERR_INIT;
	struct mbox_list l;
	struct inbox_msg m;
	size_t len;
	char *b = fixture("replies.mbox", &len);

	ck_assert_int_eq(mailbox_split("r", b, len, 10000000, &l, &err), 0);
	ck_assert_uint_eq(l.n, 3);
	ck_assert_ptr_nonnull(strstr(l.v[0].data, "\nFrom our logs"));
	ck_assert_ptr_nonnull(strstr(l.v[0].data, "\n>From the customer"));
	ck_assert_int_eq(inbox_parse(l.v[2].data, l.v[2].len, "depeer", &m,
	    &err), 0);
	ck_assert_int_eq(m.cls, INBOX_BOUNCE);
	inbox_msg_release(&m);
	mbox_list_release(&l);
	free(b);
}
END_TEST

Suite *
inbox_parse_suite(void)
{
	Suite *s = suite_create("inbox_parse");
	TCase *tc = tcase_create("inbox_parse");

	tcase_add_loop_test(tc, test_fixture, 0,
	    (int)(sizeof(wants) / sizeof(wants[0])));
	tcase_add_test(tc, test_identity);
	tcase_add_test(tc, test_tickets);
	tcase_add_test(tc, test_auto_headers);
	tcase_add_test(tc, test_hostile_fields);
	tcase_add_test(tc, test_dsn_worst);
	tcase_add_test(tc, test_refused);
	tcase_add_test(tc, test_mbox);
	tcase_add_test(tc, test_mbox_fixture);
	suite_add_tcase(s, tc);
	return s;
}
