/*
 * mail.c - RFC 5322 messages built and checked with GMime (mail.h).
 *
 * GMime does the MIME structure, RFC 2047/2231 encoding, folding,
 * transfer encodings and the GnuPG signature; written here are only the
 * checks it does not make: that no text from the case reaches a header
 * with a line break or control in it, and, for mail_check(), the strict
 * line rules of RFC 5322 (CRLF only, 998 bytes, ASCII headers, each
 * required field once), which GMime's forgiving parser lets pass.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

#include <gmime/gmime.h>

#include "addr.h"
#include "buf.h"
#include "exitcodes.h"
#include "mail.h"
#include "termsafe.h"
#include "utf8.h"
#include "util.h"

static pthread_once_t mail_once = PTHREAD_ONCE_INIT;

static void
mail_init_once(void)
{
	g_mime_init();
}

void
mail_init(void)
{
	pthread_once(&mail_once, mail_init_once);
}

/* ---- checking what goes into a header ---- */

/*
 * One line of text for the header field "what": valid UTF-8, no line
 * break, no other control, no bidi override, at most max bytes.
 */
static int
check_line(const char *what, const char *s, size_t max, struct dp_err *err)
{
	size_t n = strlen(s), off;
	unsigned long cp;

	if (!utf8_valid(s, n, NULL))
		return dp_fail(err, DP_EX_DATAERR, "the %s is not valid UTF-8",
		    what);
	if (strpbrk(s, "\r\n") != NULL)
		return dp_fail(err, DP_EX_DATAERR, "the %s carries a line "
		    "break", what);
	if (ts_find_control(s, n, 0, &off, &cp))
		return dp_fail(err, DP_EX_DATAERR, "the %s carries a control "
		    "character (U+%04lX)", what, cp);
	if (ts_find_bidi(s, n, &off, &cp))
		return dp_fail(err, DP_EX_DATAERR, "the %s carries a "
		    "bidirectional override (U+%04lX)", what, cp);
	if (n > max)
		return dp_fail(err, DP_EX_DATAERR, "the %s is longer than %zu "
		    "bytes", what, max);
	return 0;
}

/*
 * A message id without brackets: id-left "@" id-right, printable ASCII
 * without spaces, '<', '>' or a second '@' (RFC 5322 3.6.4, dot-atom or
 * a no-fold-literal on the right).
 */
static int
check_msgid(const char *what, const char *s, struct dp_err *err)
{
	const char *at, *p;
	int rc;

	if ((rc = check_line(what, s, 250, err)) != 0)
		return rc;
	for (p = s; *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f ||
		    *p == '<' || *p == '>' || *p == '"' || *p == '\\' ||
		    *p == '(' || *p == ')' || *p == ',')
			return dp_fail(err, DP_EX_DATAERR, "the %s '%s' holds "
			    "a character not allowed in a message id", what,
			    s);
	at = strchr(s, '@');
	if (at == NULL || at == s || at[1] == '\0' || strchr(at + 1, '@'))
		return dp_fail(err, DP_EX_DATAERR, "the %s '%s' is not of the "
		    "form left@right", what, s);
	return 0;
}

/* A mailbox as addr.h made it, checked again: the struct is public. */
static int
check_mailbox(const char *what, const struct mailbox *m, struct dp_err *err)
{
	char w[64];

	if (m == NULL || m->addr == NULL)
		return dp_fail(err, DP_EX_DATAERR, "no %s address", what);
	if (addr_check_spec(m->addr, err) != 0) {
		dp_err_prefix(err, "%s", what);
		return DP_EX_DATAERR;
	}
	snprintf(w, sizeof(w), "%s name", what);
	if (m->name != NULL)
		return check_line(w, m->name, ADDR_MAX_NAME, err);
	return 0;
}

/* RFC 5322 ftext: printable ASCII but ':'. */
static int
field_name_ok(const char *s)
{
	if (*s == '\0' || strlen(s) > 76)
		return 0;
	for (; *s != '\0'; s++)
		if ((unsigned char)*s <= ' ' || (unsigned char)*s >= 0x7f ||
		    *s == ':')
			return 0;
	return 1;
}

static const char *const own_fields[] = {
	"From", "To", "Cc", "Bcc", "Subject", "Date", "Message-ID",
	"In-Reply-To", "References", "MIME-Version", "Sender", "Reply-To",
	"Return-Path", "Received", NULL
};

static int
check_extra(const char *name, const char *value, struct dp_err *err)
{
	size_t i;

	if (!field_name_ok(name))
		return dp_fail(err, DP_EX_DATAERR, "'%s' is not a header field "
		    "name", name);
	for (i = 0; own_fields[i] != NULL; i++)
		if (strcasecmp(name, own_fields[i]) == 0)
			break;
	if (own_fields[i] != NULL || strncasecmp(name, "Content-", 8) == 0)
		return dp_fail(err, DP_EX_DATAERR, "the header field '%s' is "
		    "not one an extra header may set", name);
	return check_line("value of header field", value, MAIL_MAX_FIELD,
	    err);
}

static int
check_filename(const char *s, struct dp_err *err)
{
	int rc;

	if ((rc = check_line("attachment's file name", s, 200, err)) != 0)
		return rc;
	if (*s == '\0' || strpbrk(s, "/\\\"") != NULL || strcmp(s, ".") == 0 ||
	    strcmp(s, "..") == 0)
		return dp_fail(err, DP_EX_DATAERR, "the attachment's file name "
		    "'%s' is empty or holds '/', '\\' or '\"'", s);
	return 0;
}

/* The whole spec, before anything is built. */
static int
check_spec(const struct mail_spec *s, struct dp_err *err)
{
	size_t i;
	int rc;

	if ((rc = check_mailbox("From", s->from, err)) != 0)
		return rc;
	if (s->nto == 0)
		return dp_fail(err, DP_EX_DATAERR, "no To address");
	for (i = 0; i < s->nto; i++)
		if ((rc = check_mailbox("To", &s->to[i], err)) != 0)
			return rc;
	for (i = 0; i < s->ncc; i++)
		if ((rc = check_mailbox("Cc", &s->cc[i], err)) != 0)
			return rc;
	if (s->subject == NULL || *s->subject == '\0')
		return dp_fail(err, DP_EX_DATAERR, "the subject is empty");
	if ((rc = check_line("subject", s->subject, MAIL_MAX_SUBJECT, err)))
		return rc;
	if (s->message_id == NULL)
		return dp_fail(err, DP_EX_DATAERR, "no Message-ID");
	if ((rc = check_msgid("Message-ID", s->message_id, err)) != 0)
		return rc;
	if (s->in_reply_to != NULL &&
	    (rc = check_msgid("In-Reply-To", s->in_reply_to, err)) != 0)
		return rc;
	if (s->references != NULL) {
		char *r = xstrdup(s->references), *save = NULL, *t;

		rc = check_line("References", s->references, MAIL_MAX_FIELD,
		    err);
		for (t = strtok_r(r, " ", &save); rc == 0 && t != NULL;
		    t = strtok_r(NULL, " ", &save))
			rc = check_msgid("References", t, err);
		free(r);
		if (rc != 0)
			return rc;
	}
	if (s->date < 0 || s->date > 253402300799LL)
		return dp_fail(err, DP_EX_DATAERR, "the date is out of range");
	if (s->body == NULL || !utf8_valid(s->body, strlen(s->body), NULL))
		return dp_fail(err, DP_EX_DATAERR, "the body is not valid "
		    "UTF-8");
	{
		size_t off;
		unsigned long cp;

		if (ts_find_control(s->body, strlen(s->body), TS_MULTILINE,
		    &off, &cp))
			return dp_fail(err, DP_EX_DATAERR, "the body carries a "
			    "control character (U+%04lX) at byte %zu", cp,
			    off);
	}
	for (i = 0; s->extra_headers != NULL && s->extra_headers[i] != NULL;
	    i += 2) {
		if (s->extra_headers[i + 1] == NULL)
			return dp_fail(err, DP_EX_DATAERR, "the header field "
			    "'%s' has no value", s->extra_headers[i]);
		if ((rc = check_extra(s->extra_headers[i],
		    s->extra_headers[i + 1], err)) != 0)
			return rc;
	}
	for (i = 0; i < s->natt; i++) {
		const struct mail_attachment *a = &s->att[i];

		if (a->filename == NULL ||
		    (rc = check_filename(a->filename, err)) != 0)
			return rc != 0 ? rc : dp_fail(err, DP_EX_DATAERR,
			    "attachment %zu has no file name", i + 1);
		if (a->content_type == NULL || check_line("attachment's "
		    "content type", a->content_type, 200, err) != 0 ||
		    strchr(a->content_type, '/') == NULL)
			return dp_fail(err, DP_EX_DATAERR, "attachment '%s': "
			    "bad content type", a->filename);
		if (a->description != NULL && (rc = check_line("attachment's "
		    "description", a->description, MAIL_MAX_FIELD, err)) != 0)
			return rc;
		if (a->data == NULL && a->len > 0)
			return dp_fail(err, DP_EX_DATAERR, "attachment '%s' "
			    "has no data", a->filename);
	}
	if (s->sign_key != NULL && (rc = check_line("signing key",
	    s->sign_key, 254, err)) != 0)
		return rc;
	return 0;
}

/* ---- building ---- */

/* The body with LF line ends and a final one, and whether it needs QP. */
static char *
body_text(const char *in, int *qp)
{
	struct buf b = BUF_INIT;
	size_t col = 0;
	const char *p;

	*qp = 0;
	for (p = in; *p != '\0'; p++) {
		if (*p == '\r' && p[1] == '\n')
			continue;
		if (*p == '\r' || *p == '\n') {
			buf_addc(&b, '\n');
			col = 0;
			continue;
		}
		if ((unsigned char)*p >= 0x80)
			*qp = 1;
		if (++col > 76)
			*qp = 1;
		buf_addc(&b, *p);
	}
	if (b.len == 0 || b.s[b.len - 1] != '\n')
		buf_addc(&b, '\n');
	return buf_detach(&b, NULL);
}

static void
add_mailboxes(InternetAddressList *l, const struct mailbox *m, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		InternetAddress *ia = internet_address_mailbox_new(
		    m[i].name, m[i].addr);

		internet_address_set_charset(ia, "utf-8");
		internet_address_list_add(l, ia);
		g_object_unref(ia);
	}
}

/* "<a> <b>" from "a b". */
static char *
bracket_ids(const char *ids)
{
	struct buf b = BUF_INIT;
	char *r = xstrdup(ids), *save = NULL, *t;

	for (t = strtok_r(r, " ", &save); t != NULL;
	    t = strtok_r(NULL, " ", &save))
		buf_addf(&b, "%s<%s>", b.len > 0 ? " " : "", t);
	free(r);
	return buf_detach(&b, NULL);
}

/* Part of type ct holding data[0..len) with encoding enc. */
static GMimeObject *
data_part(const char *ct, const void *data, size_t len,
    GMimeContentEncoding enc)
{
	GMimeContentType *t = g_mime_content_type_parse(NULL, ct);
	GMimePart *p = g_mime_part_new();
	GMimeStream *st;
	GMimeDataWrapper *w;

	g_mime_object_set_content_type(GMIME_OBJECT(p), t);
	g_object_unref(t);
	/* The stream copies the bytes. */
	st = g_mime_stream_mem_new_with_buffer(data != NULL ? data : "", len);
	w = g_mime_data_wrapper_new_with_stream(st,
	    GMIME_CONTENT_ENCODING_DEFAULT);
	g_mime_part_set_content(p, w);
	g_object_unref(w);
	g_object_unref(st);
	g_mime_part_set_content_encoding(p, enc);
	return GMIME_OBJECT(p);
}

/*
 * The text part: UTF-8 as given (g_mime_text_part_set_text() would pick
 * another charset, ISO-8859-1 for most Latin text, and convert).
 */
static GMimeObject *
text_part(const char *body)
{
	int qp;
	char *text = body_text(body, &qp);
	GMimeObject *o = data_part("text/plain; charset=utf-8", text,
	    strlen(text), qp ? GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE :
	    GMIME_CONTENT_ENCODING_7BIT);

	free(text);
	return o;
}

/*
 * A whole message attached (message/rfc822) goes as it is, 7bit or 8bit:
 * RFC 2046 5.2.1 allows no other encoding for it, and a reader then sees
 * the earlier message byte for byte.
 */
static GMimeContentEncoding
attachment_encoding(const struct mail_attachment *a)
{
	const unsigned char *p = a->data;
	size_t i;

	if (strncasecmp(a->content_type, "message/rfc822", 14) != 0)
		return GMIME_CONTENT_ENCODING_BASE64;
	for (i = 0; i < a->len; i++)
		if (p[i] >= 0x80)
			return GMIME_CONTENT_ENCODING_8BIT;
	return GMIME_CONTENT_ENCODING_7BIT;
}

static GMimeObject *
attachment_part(const struct mail_attachment *a)
{
	GMimeObject *o = data_part(a->content_type, a->data, a->len,
	    attachment_encoding(a));

	GMimeParam *pm;

	g_mime_part_set_filename(GMIME_PART(o), a->filename);
	/*
	 * UTF-8 for the RFC 2231 file name and the RFC 2047 description:
	 * left to itself GMime picks the smallest charset that fits
	 * (ISO-8859-1, even CP1251 for a dash).
	 */
	pm = g_mime_param_list_get_parameter(
	    g_mime_content_disposition_get_parameters(
	    g_mime_object_get_content_disposition(o)), "filename");
	if (pm != NULL)
		g_mime_param_set_charset(pm, "utf-8");
	pm = g_mime_param_list_get_parameter(g_mime_content_type_get_parameters(
	    g_mime_object_get_content_type(o)), "name");
	if (pm != NULL)
		g_mime_param_set_charset(pm, "utf-8");
	if (a->description != NULL)
		g_mime_object_set_header(o, "Content-Description",
		    a->description, "utf-8");
	return o;
}

/* Sign top with key: a multipart/signed in its place, or NULL. */
static GMimeObject *
sign_part(GMimeObject *top, const char *key, struct dp_err *err)
{
	GMimeCryptoContext *ctx = g_mime_gpg_context_new();
	GMimeMultipartSigned *ms;
	GError *gerr = NULL;

	if (ctx == NULL) {
		dp_fail(err, DP_EX_CONFIG, "cannot sign: GMime was built "
		    "without GnuPG support");
		return NULL;
	}
	ms = g_mime_multipart_signed_sign(ctx, top, key, &gerr);
	g_object_unref(ctx);
	if (ms == NULL) {
		dp_fail(err, DP_EX_CONFIG, "cannot sign with the key '%s' "
		    "(pgp_key): %s; 'gpg --list-secret-keys' shows the keys "
		    "there are", key, gerr != NULL ? gerr->message :
		    "unknown error");
		if (gerr != NULL)
			g_error_free(gerr);
		return NULL;
	}
	return GMIME_OBJECT(ms);
}

/* Whether the header section of m[0..n) is 7-bit with short lines. */
static int
headers_clean(const char *m, size_t n)
{
	size_t i, col = 0;

	for (i = 0; i < n; i++) {
		if (m[i] == '\n') {
			if (col == 1)	/* just "\r": the empty line */
				return 1;
			col = 0;
			continue;
		}
		if ((unsigned char)m[i] >= 0x80 || ++col > 999)
			return 0;
	}
	return 1;
}

int
mail_build(const struct mail_spec *s, struct buf *out, struct dp_err *err)
{
	GMimeMessage *msg;
	GMimeObject *top, *signedp;
	GMimeStream *mem;
	GMimeFormatOptions *fo;
	GByteArray *ba;
	GDateTime *dt;
	size_t i;
	int rc;

	if ((rc = check_spec(s, err)) != 0)
		return rc;
	mail_init();
	msg = g_mime_message_new(FALSE);
	add_mailboxes(g_mime_message_get_from(msg), s->from, 1);
	add_mailboxes(g_mime_message_get_addresses(msg, GMIME_ADDRESS_TYPE_TO),
	    s->to, s->nto);
	if (s->ncc > 0)
		add_mailboxes(g_mime_message_get_addresses(msg,
		    GMIME_ADDRESS_TYPE_CC), s->cc, s->ncc);
	g_mime_message_set_subject(msg, s->subject, "utf-8");
	dt = g_date_time_new_from_unix_utc(s->date);
	g_mime_message_set_date(msg, dt);
	g_date_time_unref(dt);
	g_mime_message_set_message_id(msg, s->message_id);
	if (s->in_reply_to != NULL) {
		char *v = bracket_ids(s->in_reply_to);

		g_mime_object_set_header(GMIME_OBJECT(msg), "In-Reply-To", v,
		    NULL);
		free(v);
	}
	if (s->references != NULL) {
		char *v = bracket_ids(s->references);

		g_mime_object_set_header(GMIME_OBJECT(msg), "References", v,
		    NULL);
		free(v);
	}
	for (i = 0; s->extra_headers != NULL && s->extra_headers[i] != NULL;
	    i += 2)
		g_mime_object_append_header(GMIME_OBJECT(msg),
		    s->extra_headers[i], s->extra_headers[i + 1], "utf-8");

	top = text_part(s->body);
	if (s->natt > 0) {
		GMimeMultipart *mp = g_mime_multipart_new_with_subtype("mixed");

		g_mime_multipart_add(mp, top);
		g_object_unref(top);
		for (i = 0; i < s->natt; i++) {
			GMimeObject *a = attachment_part(&s->att[i]);

			g_mime_multipart_add(mp, a);
			g_object_unref(a);
		}
		top = GMIME_OBJECT(mp);
	}
	if (s->sign_key != NULL) {
		signedp = sign_part(top, s->sign_key, err);
		g_object_unref(top);
		if (signedp == NULL) {
			g_object_unref(msg);
			return err != NULL ? err->code : DP_EX_CONFIG;
		}
		top = signedp;
	}
	g_mime_message_set_mime_part(msg, top);
	g_object_unref(top);

	fo = g_mime_format_options_new();
	g_mime_format_options_set_newline_format(fo, GMIME_NEWLINE_FORMAT_DOS);
	mem = g_mime_stream_mem_new();
	if (g_mime_object_write_to_stream(GMIME_OBJECT(msg), fo, mem) < 0)
		rc = dp_fail(err, DP_EX_SOFTWARE, "GMime could not write the "
		    "message");
	g_mime_format_options_free(fo);
	g_object_unref(msg);
	if (rc == 0) {
		ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
		/* GMime encodes every header; a failure here is a bug. */
		if (!headers_clean((const char *)ba->data, ba->len))
			rc = dp_fail(err, DP_EX_SOFTWARE, "the message built "
			    "has 8-bit bytes or an overlong line in its "
			    "header");
		else
			buf_add(out, ba->data, ba->len);
	}
	g_object_unref(mem);
	return rc;
}

char *
mail_make_message_id(const char *domain, int64_t now)
{
	unsigned char r[16];
	char hex[33];
	size_t i, got = 0;
	ssize_t n;

	while (got < sizeof(r)) {
		n = getrandom(r + got, sizeof(r) - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			die("no random bytes from the system: %s",
			    strerror(errno));
		got += (size_t)n;
	}
	for (i = 0; i < sizeof(r); i++)
		snprintf(hex + 2 * i, 3, "%02x", r[i]);
	return xasprintf("%llx.%s@%s", (unsigned long long)now, hex, domain);
}

void
mail_crlf(const void *bytes, size_t len, struct buf *out)
{
	const char *p = bytes;
	size_t i;

	buf_grow(out, len + len / 32);
	for (i = 0; i < len; i++) {
		if (p[i] == '\r') {
			if (i + 1 < len && p[i + 1] == '\n')
				i++;
			buf_add(out, "\r\n", 2);
		} else if (p[i] == '\n')
			buf_add(out, "\r\n", 2);
		else
			buf_addc(out, p[i]);
	}
}

/* ---- checking ---- */

void
mail_info_release(struct mail_info *m)
{
	free(m->from);
	free(m->to);
	free(m->cc);
	free(m->subject);
	free(m->message_id);
	free(m->date);
	free(m->in_reply_to);
	memset(m, 0, sizeof(*m));
}

static const char *const required[] = {
	"From", "To", "Date", "Message-ID", "Subject"
};

/* The lines: CRLF only, no NUL, at most 998 bytes; the header section. */
static int
check_lines(const char *m, size_t len, size_t *hdr_end, struct dp_err *err)
{
	size_t i, start = 0, line = 1;

	*hdr_end = 0;
	for (i = 0; i < len; i++) {
		if (m[i] == '\0')
			return dp_fail(err, DP_EX_DATAERR, "line %zu holds a "
			    "NUL byte", line);
		if (m[i] == '\r' && (i + 1 >= len || m[i + 1] != '\n'))
			return dp_fail(err, DP_EX_DATAERR, "line %zu has a "
			    "bare CR", line);
		if (m[i] == '\n' && (i == 0 || m[i - 1] != '\r'))
			return dp_fail(err, DP_EX_DATAERR, "line %zu ends with "
			    "a bare LF (line ends are CRLF)", line);
		if (m[i] != '\n')
			continue;
		if (i - 1 - start > 998)
			return dp_fail(err, DP_EX_DATAERR, "line %zu is longer "
			    "than 998 bytes", line);
		if (*hdr_end == 0 && i - 1 == start)
			*hdr_end = start;	/* the empty line */
		start = i + 1;
		line++;
	}
	if (len > start && len - start > 998)
		return dp_fail(err, DP_EX_DATAERR, "line %zu is longer than "
		    "998 bytes", line);
	if (*hdr_end == 0)
		return dp_fail(err, DP_EX_DATAERR, "no empty line ends the "
		    "header section");
	for (i = 0; i < *hdr_end; i++)
		if ((unsigned char)m[i] >= 0x80)
			return dp_fail(err, DP_EX_DATAERR, "the header section "
			    "holds an 8-bit byte (non-ASCII text in a header "
			    "must be RFC 2047 encoded)");
	return 0;
}

/* Count each field in the header section m[0..end). */
static int
check_fields(const char *m, size_t end, struct dp_err *err)
{
	size_t counts[ARRAY_SIZE(required)] = { 0 }, ncc = 0, i, k;
	size_t line = 1, nlen;
	const char *p = m, *e = m + end, *nl, *colon;

	if (end > 0 && (*p == ' ' || *p == '\t'))
		return dp_fail(err, DP_EX_DATAERR, "line 1 starts with a space "
		    "(a continuation of no field)");
	for (; p < e; p = nl + 1, line++) {
		nl = memchr(p, '\n', (size_t)(e - p));
		if (nl == NULL)
			nl = e;
		if (*p == ' ' || *p == '\t')
			continue;
		colon = memchr(p, ':', (size_t)(nl - p));
		if (colon == NULL)
			return dp_fail(err, DP_EX_DATAERR, "header line %zu is "
			    "not 'Name: value'", line);
		nlen = (size_t)(colon - p);
		for (i = 0; i < nlen; i++)
			if ((unsigned char)p[i] <= ' ' ||
			    (unsigned char)p[i] >= 0x7f)
				return dp_fail(err, DP_EX_DATAERR,
				    "header line %zu: the field name holds a "
				    "space or control", line);
		if (nlen == 0)
			return dp_fail(err, DP_EX_DATAERR, "header line %zu: "
			    "no field name", line);
		for (k = 0; k < ARRAY_SIZE(required); k++)
			if (strlen(required[k]) == nlen &&
			    strncasecmp(p, required[k], nlen) == 0)
				counts[k]++;
		if (nlen == 2 && strncasecmp(p, "Cc", 2) == 0)
			ncc++;
		if (nlen == 3 && strncasecmp(p, "Bcc", 3) == 0)
			return dp_fail(err, DP_EX_DATAERR, "header line %zu: a "
			    "Bcc field (a complaint names every recipient)",
			    line);
	}
	for (k = 0; k < ARRAY_SIZE(required); k++)
		if (counts[k] != 1)
			return dp_fail(err, DP_EX_DATAERR, "the header has %s "
			    "%s field%s (exactly one is needed)", counts[k] == 0
			    ? "no" : "more than one", required[k],
			    counts[k] == 0 ? "" : "s");
	if (ncc > 1)
		return dp_fail(err, DP_EX_DATAERR, "the header has more than "
		    "one Cc field");
	return 0;
}

/* Every address of l a mailbox that passes addr_check_spec(). */
static int
check_list(const char *what, InternetAddressList *l, int need,
    struct dp_err *err)
{
	int i, n = l != NULL ? internet_address_list_length(l) : 0;

	if (n == 0 && need)
		return dp_fail(err, DP_EX_DATAERR, "the %s field holds no "
		    "address", what);
	for (i = 0; i < n; i++) {
		InternetAddress *ia = internet_address_list_get_address(l, i);
		const char *a;

		if (!INTERNET_ADDRESS_IS_MAILBOX(ia))
			return dp_fail(err, DP_EX_DATAERR, "the %s field holds "
			    "a group, not a mailbox", what);
		a = internet_address_mailbox_get_addr(
		    INTERNET_ADDRESS_MAILBOX(ia));
		if (addr_check_spec(a, err) != 0) {
			dp_err_prefix(err, "%s", what);
			return DP_EX_DATAERR;
		}
	}
	return 0;
}

static char *
list_text(InternetAddressList *l)
{
	char *s = internet_address_list_to_string(l, NULL, FALSE);
	char *r = xstrdup(s != NULL ? s : "");

	g_free(s);
	return r;
}

/* bytes[0..len) as a GMime message (a new reference), or NULL. */
static GMimeMessage *
parse_message(const void *bytes, size_t len, struct dp_err *err)
{
	GMimeStream *st;
	GMimeParser *parser;
	GMimeMessage *msg;

	mail_init();
	st = g_mime_stream_mem_new_with_buffer(bytes, len);
	parser = g_mime_parser_new_with_stream(st);
	g_object_unref(st);
	msg = g_mime_parser_construct_message(parser, NULL);
	g_object_unref(parser);
	if (msg == NULL)
		dp_fail(err, DP_EX_DATAERR, "GMime cannot parse the message");
	return msg;
}

int
mail_check(const void *bytes, size_t len, struct mail_info *out,
    struct dp_err *err)
{
	GMimeMessage *msg;
	InternetAddressList *cc;
	GDateTime *dt;
	const char *v;
	size_t hdr_end;
	int rc;

	if ((rc = check_lines(bytes, len, &hdr_end, err)) != 0 ||
	    (rc = check_fields(bytes, hdr_end, err)) != 0)
		return rc;
	if ((msg = parse_message(bytes, len, err)) == NULL)
		return DP_EX_DATAERR;
	cc = g_mime_message_get_addresses(msg, GMIME_ADDRESS_TYPE_CC);
	if ((rc = check_list("From", g_mime_message_get_from(msg), 1, err)) ||
	    (rc = check_list("To", g_mime_message_get_addresses(msg,
	    GMIME_ADDRESS_TYPE_TO), 1, err)) ||
	    (rc = check_list("Cc", cc, 0, err)))
		goto out;
	if ((dt = g_mime_message_get_date(msg)) == NULL) {
		rc = dp_fail(err, DP_EX_DATAERR, "the Date field is not a "
		    "date");
		goto out;
	}
	if ((v = g_mime_message_get_message_id(msg)) == NULL || *v == '\0') {
		rc = dp_fail(err, DP_EX_DATAERR, "the Message-ID field holds "
		    "no message id");
		goto out;
	}
	if (out != NULL) {
		memset(out, 0, sizeof(*out));
		out->from = list_text(g_mime_message_get_from(msg));
		out->to = list_text(g_mime_message_get_addresses(msg,
		    GMIME_ADDRESS_TYPE_TO));
		if (internet_address_list_length(cc) > 0)
			out->cc = list_text(cc);
		v = g_mime_message_get_subject(msg);
		out->subject = xstrdup(v != NULL ? v : "");
		out->message_id = xstrdup(g_mime_message_get_message_id(msg));
		v = g_mime_object_get_header(GMIME_OBJECT(msg), "Date");
		out->date = xstrdup(v != NULL ? v : "");
		out->date_unix = g_date_time_to_unix(dt);
		v = g_mime_object_get_header(GMIME_OBJECT(msg), "In-Reply-To");
		if (v != NULL) {
			char *id = g_mime_utils_decode_message_id(v);

			if (id != NULL)
				out->in_reply_to = xstrdup(id);
			g_free(id);
		}
		out->is_signed = GMIME_IS_MULTIPART_SIGNED(
		    g_mime_message_get_mime_part(msg));
	}
out:
	g_object_unref(msg);
	return rc;
}

/* ---- reading a message for review ---- */

struct read_walk {
	struct mail_text	*t;
	size_t			 cap;
};

/* The decoded size of a leaf part's content. */
static size_t
part_size(GMimePart *part)
{
	GMimeDataWrapper *w = g_mime_part_get_content(part);
	GMimeStream *null;
	gint64 n;

	if (w == NULL)
		return 0;
	null = g_mime_stream_null_new();
	n = g_mime_data_wrapper_write_to_stream(w, null);
	g_object_unref(null);
	return n > 0 ? (size_t)n : 0;
}

/*
 * An attached message (message/rfc822, an escalation's earlier notice):
 * listed with its file name and its size as written with CRLF line ends,
 * which is what it was attached as; its own parts are not the reader's.
 */
static void
read_message_part(struct read_walk *rw, GMimeObject *part)
{
	struct mail_text *t = rw->t;
	GMimeMessage *m = g_mime_message_part_get_message(
	    GMIME_MESSAGE_PART(part));
	GMimeFormatOptions *fo;
	GMimeStream *null;
	const char *name;
	gint64 n = 0;

	name = g_mime_object_get_content_disposition_parameter(part,
	    "filename");
	if (name == NULL)
		name = g_mime_object_get_content_type_parameter(part, "name");
	if (m != NULL) {
		fo = g_mime_format_options_new();
		g_mime_format_options_set_newline_format(fo,
		    GMIME_NEWLINE_FORMAT_DOS);
		null = g_mime_stream_null_new();
		n = g_mime_object_write_to_stream(GMIME_OBJECT(m), fo, null);
		g_object_unref(null);
		g_mime_format_options_free(fo);
	}
	if (t->natt == rw->cap) {
		rw->cap = rw->cap ? 2 * rw->cap : 8;
		t->att = xreallocarray(t->att, rw->cap, sizeof(*t->att));
	}
	t->att[t->natt].filename = name != NULL ? xstrdup(name) : NULL;
	t->att[t->natt].content_type = xstrdup("message/rfc822");
	t->att[t->natt].size = n > 0 ? (size_t)n : 0;
	t->natt++;
}

static void
read_part(GMimeObject *parent, GMimeObject *part, gpointer arg)
{
	struct read_walk *rw = arg;
	struct mail_text *t = rw->t;
	GMimeContentType *ct;
	const char *name;
	char *type, *text;

	(void)parent;
	if (GMIME_IS_MESSAGE_PART(part)) {
		read_message_part(rw, part);
		return;
	}
	if (!GMIME_IS_PART(part))
		return;
	ct = g_mime_object_get_content_type(part);
	if (g_mime_content_type_is_type(ct, "application", "pgp-signature"))
		return;
	name = g_mime_part_get_filename(GMIME_PART(part));
	if (t->body == NULL && name == NULL && GMIME_IS_TEXT_PART(part) &&
	    g_mime_content_type_is_type(ct, "text", "plain") &&
	    !g_mime_part_is_attachment(GMIME_PART(part))) {
		text = g_mime_text_part_get_text(GMIME_TEXT_PART(part));
		if (text != NULL) {
			struct buf b = BUF_INIT;
			size_t i;

			for (i = 0; text[i] != '\0'; i++)
				if (!(text[i] == '\r' && text[i + 1] == '\n'))
					buf_addc(&b, text[i]);
			t->body = buf_detach(&b, NULL);
		}
		g_free(text);
		return;
	}
	if (t->natt == rw->cap) {
		rw->cap = rw->cap ? 2 * rw->cap : 8;
		t->att = xreallocarray(t->att, rw->cap, sizeof(*t->att));
	}
	type = g_mime_content_type_get_mime_type(ct);
	t->att[t->natt].filename = name != NULL ? xstrdup(name) : NULL;
	t->att[t->natt].content_type = xstrdup(type != NULL ? type : "");
	t->att[t->natt].size = part_size(GMIME_PART(part));
	t->natt++;
	g_free(type);
}

int
mail_read(const void *bytes, size_t len, struct mail_text *out,
    struct dp_err *err)
{
	struct read_walk rw;
	GMimeMessage *msg;

	memset(out, 0, sizeof(*out));
	if ((msg = parse_message(bytes, len, err)) == NULL)
		return DP_EX_DATAERR;
	rw.t = out;
	rw.cap = 0;
	out->is_signed = GMIME_IS_MULTIPART_SIGNED(
	    g_mime_message_get_mime_part(msg));
	g_mime_message_foreach(msg, read_part, &rw);
	g_object_unref(msg);
	return 0;
}

void
mail_text_release(struct mail_text *t)
{
	size_t i;

	free(t->body);
	for (i = 0; i < t->natt; i++) {
		free(t->att[i].filename);
		free(t->att[i].content_type);
	}
	free(t->att);
	memset(t, 0, sizeof(*t));
}
