/*
 * check_mail_rfc822.c - mail.c: an earlier message attached as
 * message/rfc822 (an escalation's notice history) goes 7bit or 8bit,
 * never base64 (RFC 2046 5.2.1), and its bytes appear in the new message
 * exactly as given, CRLF line ends included; the new message passes
 * mail_check().
 */
#define _GNU_SOURCE
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "buf.h"
#include "mail.h"

Suite	*mail_rfc822_suite(void);

static const struct mailbox me = { "Ann Analyst", "ann@cert.example" };
static const struct mailbox desk = { NULL, "abuse@transit.example" };

static char *
build(const char *subject, const char *mid, const struct mail_attachment *a,
    size_t na, size_t *len)
{
	struct mail_spec s;
	struct buf b = BUF_INIT;
	struct dp_err err = DP_ERR_INIT;

	memset(&s, 0, sizeof(s));
	s.from = &me;
	s.to = &desk;
	s.nto = 1;
	s.subject = subject;
	s.date = 1226438580;
	s.message_id = mid;
	s.body = "Hello,\n\nthe abuse goes on.\n";
	s.att = a;
	s.natt = na;
	ck_assert_msg(mail_build(&s, &b, &err) == 0, "build: %s", err.msg);
	return buf_detach(&b, len);
}

START_TEST(test_attached_as_is)
{
	struct mail_attachment csv, a[2];
	struct dp_err err = DP_ERR_INIT;
	char *inner, *outer, *p;
	size_t ilen, olen;

	memset(&csv, 0, sizeof(csv));
	csv.filename = "evidence.csv";
	csv.content_type = "text/csv; charset=utf-8";
	csv.data = "a,b\r\n1,2\r\n";
	csv.len = 10;
	inner = build("Abuse report [depeer #1]", "1.a@cert.example", &csv, 1,
	    &ilen);
	memset(a, 0, sizeof(a));
	a[0].filename = "depeer-1.eml";
	a[0].content_type = "message/rfc822";
	a[0].data = inner;
	a[0].len = ilen;
	a[0].description = "our message of 2008-11-11";
	a[1] = a[0];
	a[1].filename = "depeer-1-again.eml";
	outer = build("Escalation [depeer #2]", "2.b@cert.example", a, 2,
	    &olen);
	ck_assert_msg(mail_check(outer, olen, NULL, &err) == 0, "check: %s",
	    err.msg);
	p = memmem(outer, olen, inner, ilen);
	ck_assert_ptr_nonnull(p);
	/* Twice, the second after the first. */
	ck_assert_ptr_nonnull(memmem(p + ilen, olen - (size_t)(p + ilen -
	    outer), inner, ilen));
	ck_assert_ptr_nonnull(strstr(outer, "Content-Type: message/rfc822"));
	ck_assert_ptr_nonnull(strstr(outer,
	    "Content-Transfer-Encoding: 7bit"));
	/* The CSV inside the inner message stays base64, once. */
	ck_assert_ptr_null(strstr(outer, "a,b\r\n1,2"));
	free(inner);
	free(outer);
}
END_TEST

START_TEST(test_8bit)
{
	struct mail_attachment a;
	static const char inner[] = "From: x@example.org\r\nTo: y@example.org"
	    "\r\nSubject: caf\xc3\xa9\r\nDate: Tue, 11 Nov 2008 21:23:00 +0000"
	    "\r\nMessage-ID: <3@example.org>\r\n\r\nd\xc3\xa9j\xc3\xa0\r\n";
	struct dp_err err = DP_ERR_INIT;
	char *outer;
	size_t olen;

	memset(&a, 0, sizeof(a));
	a.filename = "reply.eml";
	a.content_type = "message/rfc822";
	a.data = inner;
	a.len = sizeof(inner) - 1;
	outer = build("Escalation", "4.d@cert.example", &a, 1, &olen);
	ck_assert_ptr_nonnull(memmem(outer, olen, inner, sizeof(inner) - 1));
	ck_assert_ptr_nonnull(strstr(outer,
	    "Content-Transfer-Encoding: 8bit"));
	ck_assert_msg(mail_check(outer, olen, NULL, &err) == 0, "check: %s",
	    err.msg);
	free(outer);
}
END_TEST

Suite *
mail_rfc822_suite(void)
{
	Suite *s = suite_create("mail_rfc822");
	TCase *tc = tcase_create("attach");

	tcase_add_test(tc, test_attached_as_is);
	tcase_add_test(tc, test_8bit);
	suite_add_tcase(s, tc);
	return s;
}
