/*
 * check_mail.c - mail.c: messages built with GMime come back through
 * mail_check() (and GMime's parser) with the values they were built
 * from; every header text with a line break or control is refused before
 * anything is built; mail_check() refuses what a strict receiver would
 * (bare LF, 8-bit header bytes, a missing or doubled field, an overlong
 * line, Bcc, a bad address).  The independent check by Python's email
 * package, and signing, are tests/cli/t0202-mail.sh's.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gmime/gmime.h>

#include "addr.h"
#include "buf.h"
#include "exitcodes.h"
#include "mail.h"

Suite	*mail_suite(void);

static const struct mailbox from = { "J\xc3\xb6rg M\xc3\xbcller",
	"jm@cert.example" };
static const struct mailbox to[] = {
	{ "NOC \xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd", "abuse@transit.example" },
	{ NULL, "noc@transit.example" },
};
static const struct mailbox cc = { "Doe, Jane", "jane@cert.example" };

static const char csv[] = "id,indicator,note\r\n"
	"1,\"208.66.194.22\",\"says \"\"hi\"\", then, commas\"\r\n"
	"2,evil.example,\xc3\xa9t\xc3\xa9 \xe2\x80\x94 "
	"\xe6\x97\xa5\xe6\x9c\xac\r\n";

static void
spec_init(struct mail_spec *s, struct mail_attachment *att)
{
	memset(s, 0, sizeof(*s));
	s->from = &from;
	s->to = to;
	s->nto = 2;
	s->cc = &cc;
	s->ncc = 1;
	s->subject = "[depeer #42] Ab\xc3\xbcse from AS64500 \xe2\x80\x94 "
	    "McColo";
	s->date = 1226438580;	/* 2008-11-11T21:23:00Z */
	s->message_id = "1.abc@cert.example";
	s->body = "Hello,\n\nA line of plain ASCII.\n";
	att[0].filename = "evidence.csv";
	att[0].content_type = "text/csv; charset=utf-8";
	att[0].data = csv;
	att[0].len = sizeof(csv) - 1;
	att[0].description = "Evidence rows, UTC times";
	att[1].filename = "whois-\xc3\xa4s64500.txt";
	att[1].content_type = "text/plain; charset=utf-8";
	att[1].data = "aut-num: AS64500\nas-name: EXAMPLE\n";
	att[1].len = strlen("aut-num: AS64500\nas-name: EXAMPLE\n");
	att[1].description = "WHOIS answer of whois.example, 2008-11-11";
	s->att = att;
	s->natt = 2;
}

static char *
build(const struct mail_spec *s, size_t *len)
{
	struct buf b = BUF_INIT;
	struct dp_err err = DP_ERR_INIT;

	ck_assert_msg(mail_build(s, &b, &err) == 0, "build: %s", err.msg);
	return buf_detach(&b, len);
}

/* The content of part's data decoded, as a new GByteArray. */
static GByteArray *
part_bytes(GMimeObject *o)
{
	GMimeDataWrapper *w = g_mime_part_get_content(GMIME_PART(o));
	GMimeStream *mem = g_mime_stream_mem_new();
	GByteArray *ba;

	g_mime_data_wrapper_write_to_stream(w, mem);
	ba = g_byte_array_new();
	g_byte_array_append(ba, g_mime_stream_mem_get_byte_array(
	    GMIME_STREAM_MEM(mem))->data, g_mime_stream_mem_get_byte_array(
	    GMIME_STREAM_MEM(mem))->len);
	g_object_unref(mem);
	return ba;
}

START_TEST(test_round_trip)
{
	struct mail_spec s;
	struct mail_attachment att[2];
	struct mail_info mi;
	struct dp_err err = DP_ERR_INIT;
	size_t len, i;
	char *m;
	GMimeStream *st;
	GMimeParser *p;
	GMimeMessage *msg;
	GMimeMultipart *mp;
	GByteArray *ba;

	spec_init(&s, att);
#define LONGLINE "a very long line " X50 X50 " end"
#define X50 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	s.body = "Gr\xc3\xbc\xc3\x9f" "e,\r\nthe evidence, in UTC:\n"
	    LONGLINE "\r=3D is not an escape here";
	m = build(&s, &len);
	ck_assert_msg(mail_check(m, len, &mi, &err) == 0, "check: %s",
	    err.msg);
	ck_assert_str_eq(mi.subject, s.subject);
	ck_assert_str_eq(mi.message_id, "1.abc@cert.example");
	ck_assert_int_eq(mi.date_unix, 1226438580);
	ck_assert_str_eq(mi.date, "Tue, 11 Nov 2008 21:23:00 +0000");
	ck_assert_ptr_nonnull(strstr(mi.from, "jm@cert.example"));
	ck_assert_ptr_nonnull(strstr(mi.from, from.name));
	ck_assert_ptr_nonnull(strstr(mi.to, "abuse@transit.example"));
	ck_assert_ptr_nonnull(strstr(mi.to, "noc@transit.example"));
	ck_assert_ptr_nonnull(strstr(mi.to, to[0].name));
	ck_assert_ptr_nonnull(strstr(mi.cc, "Doe, Jane"));
	ck_assert_int_eq(mi.is_signed, 0);
	mail_info_release(&mi);

	/* No 8-bit byte anywhere: every part is encoded. */
	for (i = 0; i < len; i++)
		ck_assert_msg((unsigned char)m[i] < 0x80, "8-bit at %zu", i);
	ck_assert_ptr_nonnull(strstr(m, "\r\nMIME-Version: 1.0\r\n"));
	ck_assert_ptr_nonnull(strstr(m, "Content-Transfer-Encoding: "
	    "quoted-printable"));
	ck_assert_ptr_null(strstr(m, "Auto-Submitted"));

	/* GMime reads back each part as it was given. */
	mail_init();
	st = g_mime_stream_mem_new_with_buffer(m, len);
	p = g_mime_parser_new_with_stream(st);
	msg = g_mime_parser_construct_message(p, NULL);
	ck_assert_ptr_nonnull(msg);
	mp = GMIME_MULTIPART(g_mime_message_get_mime_part(msg));
	ck_assert_int_eq(g_mime_multipart_get_count(mp), 3);
	{
		GMimeTextPart *tp = GMIME_TEXT_PART(
		    g_mime_multipart_get_part(mp, 0));
		char *text = g_mime_text_part_get_text(tp), *r, *w;

		/* Decoded from the CRLF message: CRLF lines. */
		for (r = w = text; *r != '\0'; r++)
			if (*r != '\r' || r[1] != '\n')
				*w++ = *r;
		*w = '\0';

		ck_assert_str_eq(text, "Gr\xc3\xbc\xc3\x9f" "e,\nthe evidence, "
		    "in UTC:\n" LONGLINE "\n=3D is not an escape here\n");
		g_free(text);
	}
	for (i = 0; i < 2; i++) {
		GMimeObject *o = g_mime_multipart_get_part(mp, (int)i + 1);

		ck_assert_str_eq(g_mime_part_get_filename(GMIME_PART(o)),
		    att[i].filename);
		ck_assert_str_eq(g_mime_part_get_content_description(
		    GMIME_PART(o)), att[i].description);
		ba = part_bytes(o);
		ck_assert_uint_eq(ba->len, att[i].len);
		ck_assert(memcmp(ba->data, att[i].data, att[i].len) == 0);
		g_byte_array_unref(ba);
	}
	g_object_unref(msg);
	g_object_unref(p);
	g_object_unref(st);
	free(m);
}
END_TEST

/* mail_read: the body decoded to LF text, the attachments listed. */
START_TEST(test_read)
{
	struct mail_spec s;
	struct mail_attachment att[2];
	struct mail_text mt;
	struct dp_err err = DP_ERR_INIT;
	size_t len;
	char *m;

	spec_init(&s, att);
	s.body = "Gr\xc3\xbc\xc3\x9f" "e,\n=3D stays, a long line "
	    X50 X50 "\n";
	m = build(&s, &len);
	ck_assert_int_eq(mail_read(m, len, &mt, &err), 0);
	ck_assert_str_eq(mt.body, s.body);
	ck_assert_uint_eq(mt.natt, 2);
	ck_assert_str_eq(mt.att[0].filename, "evidence.csv");
	ck_assert_str_eq(mt.att[0].content_type, "text/csv");
	ck_assert_uint_eq(mt.att[0].size, att[0].len);
	ck_assert_str_eq(mt.att[1].filename, att[1].filename);
	ck_assert_uint_eq(mt.att[1].size, att[1].len);
	ck_assert_int_eq(mt.is_signed, 0);
	mail_text_release(&mt);
	free(m);
	ck_assert_int_eq(mail_read("", 0, &mt, &err), DP_EX_DATAERR);
}
END_TEST

/* A short ASCII body goes as 7bit, a single part without attachments. */
START_TEST(test_plain_7bit)
{
	struct mail_spec s;
	struct mail_attachment att[2];
	const char *const extra[] = { "Auto-Submitted", "auto-generated",
		NULL };
	struct mail_info mi;
	struct dp_err err = DP_ERR_INIT;
	size_t len;
	char *m;

	spec_init(&s, att);
	s.natt = 0;
	s.ncc = 0;
	s.subject = "[depeer #1] plain";
	s.in_reply_to = "0.x@transit.example";
	s.references = "0.x@transit.example 1.y@cert.example";
	s.extra_headers = extra;
	m = build(&s, &len);
	ck_assert_ptr_nonnull(strstr(m, "Content-Transfer-Encoding: 7bit"));
	ck_assert_ptr_nonnull(strstr(m, "Content-Type: text/plain; "
	    "charset=utf-8"));
	ck_assert_ptr_nonnull(strstr(m, "\r\nSubject: [depeer #1] plain\r\n"));
	ck_assert_ptr_nonnull(strstr(m, "\r\nAuto-Submitted: auto-generated"
	    "\r\n"));
	ck_assert_ptr_nonnull(strstr(m, "\r\nIn-Reply-To: "
	    "<0.x@transit.example>\r\n"));
	ck_assert_ptr_nonnull(strstr(m, "\r\nReferences: <0.x@transit.example> "
	    "<1.y@cert.example>\r\n"));
	ck_assert_ptr_nonnull(strstr(m, "\r\n\r\nHello,\r\n\r\nA line of "
	    "plain ASCII.\r\n"));
	ck_assert_int_eq(mail_check(m, len, &mi, &err), 0);
	ck_assert_ptr_null(mi.cc);
	ck_assert_str_eq(mi.in_reply_to, "0.x@transit.example");
	mail_info_release(&mi);
	free(m);
}
END_TEST

struct inj {
	const char	*what;		/* which field */
	const char	*value;
	const char	*msg;		/* part of the message */
};

static const struct inj injections[] = {
	{ "subject", "Hello\r\nBcc: victim@example.org", "subject carries a "
	  "line break" },
	{ "subject", "Hello\nBcc: victim@example.org", "line break" },
	{ "subject", "Hello\rX", "line break" },
	{ "subject", "Hel\x01lo", "subject carries a control" },
	{ "subject", "Hel\xc2\x85lo", "control" },
	{ "subject", "Hel\xe2\x80\xaelo", "bidirectional" },
	{ "subject", "", "subject is empty" },
	{ "subject", "\xff", "not valid UTF-8" },
	{ "fromname", "Ana\r\nBcc: victim@example.org", "From name carries a "
	  "line break" },
	{ "fromname", "Ana\x1b[31m", "control" },
	{ "fromaddr", "ana@cert.example\r\nBcc: v@example.org", "line break" },
	{ "toaddr", "abuse@localhost", "single label" },
	{ "toname", "NOC\nBcc: v@example.org", "To name carries a line break" },
	{ "msgid", "1.abc@cert.example>\r\nBcc: v@example.org", "line break" },
	{ "msgid", "no-at-sign", "left@right" },
	{ "msgid", "a b@c.example", "not allowed" },
	{ "irt", "x@y.example\nBcc: v@example.org", "In-Reply-To carries" },
	{ "refs", "x@y.example\r\nBcc: v@example.org", "References carries" },
	{ "xname", "Bcc", "not one an extra header may set" },
	{ "xname", "X-Bad Name", "not a header field name" },
	{ "xname", "Content-Type", "not one an extra header" },
	{ "xvalue", "yes\r\nBcc: v@example.org", "line break" },
	{ "fname", "a/../../etc/passwd", "'/'" },
	{ "fname", "evil\r\n.csv", "file name carries a line break" },
	{ "desc", "Rows\nBcc: v@example.org", "description carries a line "
	  "break" },
	{ "ctype", "text/csv\r\nBcc: v@example.org", "content type" },
	{ "body", "text \x1b[2J more", "body carries a control" },
	{ "key", "KEY\nX", "signing key carries" },
};

START_TEST(test_injection_refused)
{
	const struct inj *c = &injections[_i];
	struct mail_spec s;
	struct mail_attachment att[2];
	struct mailbox f = from, t = to[0];
	const char *extra[] = { "X-Case", "42", NULL };
	struct buf b = BUF_INIT;
	struct dp_err err = DP_ERR_INIT;
	int rc;

	spec_init(&s, att);
	if (strcmp(c->what, "subject") == 0)
		s.subject = c->value;
	else if (strcmp(c->what, "fromname") == 0)
		f.name = (char *)c->value;
	else if (strcmp(c->what, "fromaddr") == 0)
		f.addr = (char *)c->value;
	else if (strcmp(c->what, "toaddr") == 0)
		t.addr = (char *)c->value;
	else if (strcmp(c->what, "toname") == 0)
		t.name = (char *)c->value;
	else if (strcmp(c->what, "msgid") == 0)
		s.message_id = c->value;
	else if (strcmp(c->what, "irt") == 0)
		s.in_reply_to = c->value;
	else if (strcmp(c->what, "refs") == 0)
		s.references = c->value;
	else if (strcmp(c->what, "xname") == 0)
		extra[0] = c->value;
	else if (strcmp(c->what, "xvalue") == 0)
		extra[1] = c->value;
	else if (strcmp(c->what, "fname") == 0)
		att[1].filename = c->value;
	else if (strcmp(c->what, "desc") == 0)
		att[0].description = c->value;
	else if (strcmp(c->what, "ctype") == 0)
		att[0].content_type = c->value;
	else if (strcmp(c->what, "body") == 0)
		s.body = c->value;
	else if (strcmp(c->what, "key") == 0)
		s.sign_key = c->value;
	else
		ck_abort_msg("bad case %s", c->what);
	s.from = &f;
	s.to = &t;
	s.nto = 1;
	s.extra_headers = extra;
	buf_adds(&b, "kept");
	rc = mail_build(&s, &b, &err);
	ck_assert_msg(rc == DP_EX_DATAERR, "%s: rc %d (%s)", c->what, rc,
	    err.msg);
	ck_assert_msg(strstr(err.msg, c->msg) != NULL, "%s: message \"%s\" "
	    "lacks \"%s\"", c->what, err.msg, c->msg);
	ck_assert_str_eq(b.s, "kept");		/* nothing appended */
	buf_release(&b);
}
END_TEST

/* A header over 998 bytes of subject: refused at 900, folded below. */
START_TEST(test_long_subject)
{
	struct mail_spec s;
	struct mail_attachment att[2];
	struct mail_info mi;
	struct dp_err err = DP_ERR_INIT;
	char subj[1000], *m;
	size_t len, i;

	spec_init(&s, att);
	for (i = 0; i < 400; i++)
		memcpy(subj + 2 * i, "\xc3\xa9", 2);
	subj[800] = '\0';
	s.subject = subj;
	m = build(&s, &len);
	ck_assert_int_eq(mail_check(m, len, &mi, &err), 0);
	ck_assert_str_eq(mi.subject, subj);
	mail_info_release(&mi);
	free(m);
	/* 900 bytes without a space: no fold point, still under 998. */
	memset(subj, 'a', 900);
	subj[900] = '\0';
	m = build(&s, &len);
	ck_assert_int_eq(mail_check(m, len, &mi, &err), 0);
	ck_assert_str_eq(mi.subject, subj);
	mail_info_release(&mi);
	free(m);
	/* The same for an extra header's value and an attachment's
	   description. */
	{
		const char *extra[] = { "X-Long-Field-Name-For-Testing", subj,
			NULL };

		s.subject = "short";
		s.extra_headers = extra;
		att[0].description = subj;
		m = build(&s, &len);
		ck_assert_msg(mail_check(m, len, NULL, &err) == 0, "%s",
		    err.msg);
		free(m);
		s.subject = subj;
		s.extra_headers = NULL;
	}
	memset(subj, 'a', 901);
	subj[901] = '\0';
	{
		struct buf b = BUF_INIT;

		ck_assert_int_eq(mail_build(&s, &b, &err), DP_EX_DATAERR);
		ck_assert_ptr_nonnull(strstr(err.msg, "longer than 900"));
		buf_release(&b);
	}
}
END_TEST

/* mail_check()'s refusals, each made from a good message. */
struct bad {
	const char	*find;		/* the first of this... */
	const char	*repl;		/* ...replaced with this */
	const char	*msg;
};

static const struct bad bads[] = {
	{ "\r\nSubject:", "\nSubject:", "bare LF" },
	{ "\r\nSubject:", "\rSubject:", "bare CR" },
	{ "\r\nSubject:", "\r\nSubject: caf\xc3\xa9\r\nX-Old-Subject:",
	  "8-bit byte" },
	{ "\r\nSubject:", "\r\nX-Subject:", "no Subject field" },
	{ "\r\nDate:", "\r\nDate: Mon, 1 Jan 2024 00:00:00 +0000\r\nDate:",
	  "more than one Date" },
	{ "\r\nTo:", "\r\nBcc: x@example.org\r\nTo:", "Bcc" },
	{ "\r\nMessage-Id:", "\r\nX-Message-ID:", "no Message-ID" },
	{ "\r\nTo:", "\r\nFrom: b@example.org\r\nTo:", "more than one From" },
	{ "\r\nTo: ", "\r\nTo: abuse@localhost, ", "single label" },
	{ "\r\nTo:", "\r\nTo: undisclosed:;\r\nX-To:", "group" },
	{ "\r\nTo:", "\r\nNo colon here\r\nTo:", "not 'Name: value'" },
	{ "\r\nTo:", "\r\nCc: a@example.org\r\nCc: b@example.org\r\nTo:",
	  "more than one Cc" },
	{ "\r\nDate: ", "\r\nDate: not a date\r\nX-Date: ", "not a date" },
	{ "\r\n\r\n", "\r\n", "no empty line" },
};

START_TEST(test_check_refuses)
{
	const struct bad *c = &bads[_i];
	struct mail_spec s;
	struct mail_attachment att[2];
	struct dp_err err = DP_ERR_INIT;
	struct buf b = BUF_INIT;
	size_t len, flen;
	char *m, *at;
	int rc;

	spec_init(&s, att);
	s.ncc = 0;
	s.natt = 0;
	m = build(&s, &len);
	if (strcmp(c->find, "\r\n\r\n") == 0) {
		/* No empty line at all: only headers. */
		at = strstr(m, "\r\n\r\n");
		ck_assert_ptr_nonnull(at);
		buf_add(&b, m, (size_t)(at - m) + 2);
	} else {
		at = strstr(m, c->find);
		ck_assert_msg(at != NULL, "no '%s' in the message", c->find);
		flen = strlen(c->find);
		buf_add(&b, m, (size_t)(at - m));
		buf_adds(&b, c->repl);
		buf_add(&b, at + flen, len - (size_t)(at - m) - flen);
	}
	rc = mail_check(b.s, b.len, NULL, &err);
	ck_assert_msg(rc == DP_EX_DATAERR, "'%s': rc %d", c->repl, rc);
	ck_assert_msg(strstr(err.msg, c->msg) != NULL, "message \"%s\" lacks "
	    "\"%s\"", err.msg, c->msg);
	buf_release(&b);
	free(m);
}
END_TEST

START_TEST(test_check_long_line)
{
	struct buf b = BUF_INIT;
	struct dp_err err = DP_ERR_INIT;
	size_t i;

	buf_adds(&b, "From: a@example.org\r\nTo: b@example.org\r\n"
	    "Date: Tue, 11 Nov 2008 21:23:00 +0000\r\nMessage-ID: <1@x.example>"
	    "\r\nSubject: s\r\n\r\n");
	for (i = 0; i < 998; i++)
		buf_addc(&b, 'x');
	buf_adds(&b, "\r\n");
	ck_assert_int_eq(mail_check(b.s, b.len, NULL, &err), 0);
	b.len -= 2;
	buf_adds(&b, "y\r\n");
	ck_assert_int_eq(mail_check(b.s, b.len, NULL, &err), DP_EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(err.msg, "line 7 is longer than 998"));
	/* A NUL byte. */
	b.s[b.len - 3] = '\0';
	ck_assert_int_eq(mail_check(b.s, b.len, NULL, &err), DP_EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(err.msg, "NUL"));
	buf_release(&b);
}
END_TEST

/* An editor's LF lines made CRLF pass the check. */
START_TEST(test_crlf)
{
	static const char in[] = "From: a@example.org\nTo: b@example.org\r\n"
	    "Date: Tue, 11 Nov 2008 21:23:00 +0000\rMessage-ID: <1@x.example>\n"
	    "Subject: s\n\nbody\n";
	struct buf b = BUF_INIT;
	struct dp_err err = DP_ERR_INIT;

	ck_assert_int_eq(mail_check(in, sizeof(in) - 1, NULL, &err),
	    DP_EX_DATAERR);
	mail_crlf(in, sizeof(in) - 1, &b);
	ck_assert_int_eq(mail_check(b.s, b.len, NULL, &err), 0);
	ck_assert_str_eq(b.s, "From: a@example.org\r\nTo: b@example.org\r\n"
	    "Date: Tue, 11 Nov 2008 21:23:00 +0000\r\nMessage-ID: "
	    "<1@x.example>\r\nSubject: s\r\n\r\nbody\r\n");
	buf_release(&b);
}
END_TEST

START_TEST(test_message_id)
{
	char *a = mail_make_message_id("cert.example", 1226438580);
	char *b = mail_make_message_id("cert.example", 1226438580);
	const char *dot, *at;

	ck_assert_str_ne(a, b);
	ck_assert_msg(strncmp(a, "4919f7b4.", 9) == 0, "%s", a);
	dot = strchr(a, '.');
	at = strchr(a, '@');
	ck_assert_int_eq((int)(at - dot - 1), 32);
	ck_assert_uint_eq(strspn(dot + 1, "0123456789abcdef"), 32);
	ck_assert_str_eq(at, "@cert.example");
	free(a);
	free(b);
}
END_TEST

/* Signing with a key that does not exist: exit 78, the key named. */
START_TEST(test_sign_no_key)
{
	struct mail_spec s;
	struct mail_attachment att[2];
	struct buf b = BUF_INIT;
	struct dp_err err = DP_ERR_INIT;
	char home[] = "/tmp/dpgXXXXXX";

	ck_assert_ptr_nonnull(mkdtemp(home));
	setenv("GNUPGHOME", home, 1);
	spec_init(&s, att);
	s.sign_key = "0xDEADBEEFDEADBEEF";
	ck_assert_int_eq(mail_build(&s, &b, &err), DP_EX_CONFIG);
	ck_assert_ptr_nonnull(strstr(err.msg, "0xDEADBEEFDEADBEEF"));
	ck_assert_ptr_nonnull(strstr(err.msg, "gpg --list-secret-keys"));
	ck_assert_uint_eq(b.len, 0);
	unsetenv("GNUPGHOME");
	{
		char cmd[200];

		snprintf(cmd, sizeof(cmd), "GNUPGHOME=%s gpgconf --kill "
		    "gpg-agent >/dev/null 2>&1; rm -rf %s", home, home);
		ck_assert_int_ne(system(cmd), -1);
	}
}
END_TEST

Suite *
mail_suite(void)
{
	Suite *s = suite_create("mail");
	TCase *tc = tcase_create("build");

	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_read);
	tcase_add_test(tc, test_plain_7bit);
	tcase_add_loop_test(tc, test_injection_refused, 0,
	    (int)(sizeof(injections) / sizeof(injections[0])));
	tcase_add_test(tc, test_long_subject);
	tcase_add_test(tc, test_message_id);
	tcase_add_test(tc, test_sign_no_key);
	suite_add_tcase(s, tc);
	tc = tcase_create("check");
	tcase_add_loop_test(tc, test_check_refuses, 0,
	    (int)(sizeof(bads) / sizeof(bads[0])));
	tcase_add_test(tc, test_check_long_line);
	tcase_add_test(tc, test_crlf);
	suite_add_tcase(s, tc);
	return s;
}
