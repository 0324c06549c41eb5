/*
 * inbox_parse.c - a mail that came back, read and classified
 * (inbox_parse.h).
 *
 * GMime parses the MIME structure, decodes the transfer encodings,
 * charsets and RFC 2047 words, and reads the returned message of a
 * report.  Written here, because no library on Debian does it: the
 * fields of an RFC 3464 message/delivery-status body (plain "Name: value"
 * groups, read with GMime's header unfolding rules by hand), and the
 * recognition of the bounce texts, auto-reply headers and ticket-system
 * subjects, which are conventions rather than a grammar.  Ticket and tag
 * patterns are POSIX extended regular expressions (regex.h).
 */
#include <pthread.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gmime/gmime.h>

#include "addr.h"
#include "ascii.h"
#include "buf.h"
#include "exitcodes.h"
#include "inbox_parse.h"
#include "mail.h"
#include "utf8.h"
#include "util.h"

#define ISDIG(c)	((c) >= '0' && (c) <= '9')

/* How much text is searched for bounce texts, quoted headers and
   acknowledgement words. */
#define TEXT_MAX	(256 * 1024)
#define ACK_TEXT_MAX	2048

const char *
inbox_class_name(enum inbox_class c)
{
	switch (c) {
	case INBOX_REPLY:
		return "reply";
	case INBOX_AUTO_REPLY:
		return "auto-reply";
	case INBOX_BOUNCE:
		return "bounce";
	case INBOX_DELAY:
		return "delay";
	case INBOX_DELIVERED:
		return "delivered";
	}
	return "reply";
}

void
inbox_msg_init(struct inbox_msg *m)
{
	memset(m, 0, sizeof(*m));
}

void
inbox_msg_release(struct inbox_msg *m)
{
	size_t i;

	free(m->message_id);
	free(m->from_addr);
	free(m->subject);
	free(m->in_reply_to);
	for (i = 0; i < m->nrefs; i++)
		free(m->refs[i]);
	free(m->refs);
	free(m->why);
	free(m->ticket);
	free(m->ticket_system);
	free(m->dsn_action);
	free(m->dsn_status);
	free(m->dsn_recipient);
	free(m->dsn_diagnostic);
	free(m->returned_id);
	memset(m, 0, sizeof(*m));
}

/* ---- small text helpers ---- */

/*
 * s[0..n) made one clean line: utf8_clean(), each bidirectional override
 * or isolate (U+202A..U+202E, U+2066..U+2069: three bytes in UTF-8) made
 * U+FFFD (three bytes too), spaces trimmed, cut to INBOX_MAX_FIELD bytes
 * at a character's start.  What a sender writes reaches the case only in
 * this form.
 */
static char *
clean_line(const char *s, size_t n)
{
	unsigned char *p;
	char *c, *e;
	size_t len;

	while (n > 0 && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	c = utf8_clean(s, n);
	for (p = (unsigned char *)c; *p != '\0'; p++)
		if (p[0] == 0xe2 && ((p[1] == 0x80 && p[2] >= 0xaa &&
		    p[2] <= 0xae) || (p[1] == 0x81 && p[2] >= 0xa6 &&
		    p[2] <= 0xa9))) {
			p[0] = 0xef;
			p[1] = 0xbf;
			p[2] = 0xbd;
			p += 2;
		}
	len = strlen(c);
	if (len > INBOX_MAX_FIELD) {
		len = INBOX_MAX_FIELD;
		while (len > 0 && ((unsigned char)c[len] & 0xc0) == 0x80)
			len--;
		c[len] = '\0';
	}
	/* utf8_clean turned tabs into spaces and controls into U+FFFD */
	e = c + strlen(c);
	while (e > c && e[-1] == ' ')
		*--e = '\0';
	return c;
}

/* Whether needle occurs in hay[0..n), ASCII case-insensitive. */
static const char *
ci_find(const char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle), i;

	if (k == 0 || k > n)
		return NULL;
	for (i = 0; i + k <= n; i++)
		if (ascii_ncasecmp(hay + i, needle, k) == 0)
			return hay + i;
	return NULL;
}

static int
ci_has(const char *s, const char *needle)
{
	return s != NULL && ci_find(s, strlen(s), needle) != NULL;
}

/* Whether s is printable ASCII without spaces, '<' or '>'. */
static int
printable_id(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s <= 32 || (unsigned char)*s >= 127 ||
		    *s == '<' || *s == '>')
			return 0;
	return 1;
}

/* A message id "<x@y>" or "x@y" (GMime's decoder), without <>; NULL. */
static char *
msgid_of(const char *v)
{
	char *id, *r = NULL;

	if (v == NULL)
		return NULL;
	id = g_mime_utils_decode_message_id(v);
	if (id != NULL && *id != '\0' && strlen(id) <= INBOX_MAX_FIELD &&
	    printable_id(id))
		r = xstrdup(id);
	g_free(id);
	return r;
}

/* The first d.d.d status code (class 2, 4 or 5) in s[0..n), or NULL. */
static char *
find_status(const char *s, size_t n, char want)
{
	size_t i, j, k, a, b;

	for (i = 0; i + 5 <= n; i++) {
		if ((s[i] != '2' && s[i] != '4' && s[i] != '5') ||
		    (want != 0 && s[i] != want) || s[i + 1] != '.')
			continue;
		if (i > 0 && (ISDIG(s[i - 1]) || s[i - 1] == '.'))
			continue;
		j = i + 2;
		for (a = 0; j < n && ISDIG(s[j]) && a < 4; j++)
			a++;
		if (a == 0 || a > 3 || j >= n || s[j] != '.')
			continue;
		k = j + 1;
		for (b = 0; k < n && ISDIG(s[k]) && b < 4; k++)
			b++;
		if (b == 0 || b > 3 || (k < n && (ISDIG(s[k]) ||
		    (s[k] == '.' && k + 1 < n && ISDIG(s[k + 1])))))
			continue;
		return xstrndup(s + i, k - i);
	}
	return NULL;
}

/* ---- the header section ---- */

/*
 * Check that bytes start with a header section: the first line is a
 * field ("Name:", RFC 5322 ftext), no NUL before the blank line that ends
 * it, at most INBOX_MAX_HEADER bytes.
 */
static int
check_head(const char *m, size_t len, struct dp_err *err)
{
	size_t i, end;

	for (i = 0; i < len && m[i] != ':' && m[i] != '\n'; i++)
		if ((unsigned char)m[i] < 33 || (unsigned char)m[i] > 126)
			break;
	if (len == 0)
		return dp_fail(err, DP_EX_DATAERR, "the message is empty");
	if (i == 0 || i >= len || m[i] != ':')
		return dp_fail(err, DP_EX_DATAERR, "the message has no header "
		    "section (its first line is not a header field)");
	for (end = 0; end < len; end++) {
		if (m[end] == '\0')
			return dp_fail(err, DP_EX_DATAERR, "the header section "
			    "holds a NUL byte");
		if (m[end] == '\n' && (end + 1 >= len || m[end + 1] == '\n' ||
		    (m[end + 1] == '\r' && end + 2 < len &&
		    m[end + 2] == '\n')))
			break;
		if (end >= INBOX_MAX_HEADER)
			return dp_fail(err, DP_EX_DATAERR, "the header section "
			    "is longer than %d bytes", INBOX_MAX_HEADER);
	}
	return 0;
}

static const char *
header(GMimeObject *o, const char *name)
{
	return g_mime_object_get_header(o, name);
}

/* ---- reading the parts ---- */

struct walk {
	struct buf	 text;		/* the text parts, for bounce texts */
	char		*first;		/* the first text/plain, LF lines */
	struct buf	 dsn;		/* the delivery-status bodies */
	int		 report;	/* a multipart/report of delivery
					   status was seen */
	char		*returned_id;	/* of a message/rfc822 or
					   text/rfc822-headers part */
	int		 depth;
};

/* The decoded content of a leaf part, appended to b (at most max). */
static void
part_bytes(GMimePart *p, struct buf *b, size_t max)
{
	GMimeDataWrapper *w = g_mime_part_get_content(p);
	GMimeStream *ms;
	GByteArray *arr;
	size_t n;

	if (w == NULL)
		return;
	ms = g_mime_stream_mem_new();
	g_mime_data_wrapper_write_to_stream(w, ms);
	arr = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(ms));
	n = arr->len;
	if (n > max)
		n = max;
	buf_add(b, arr->data, n);
	g_object_unref(ms);
}

/*
 * The Message-ID in a header block quoted as text (text/rfc822-headers,
 * or the headers a bounce quotes in its body): the first line that
 * starts, after spaces or "> ", with "Message-ID:", its value on that
 * line or the next.
 */
static char *
quoted_msgid(const char *s, size_t n)
{
	const char *p = s, *e = s + n, *nl, *v;
	char *val, *id;

	while (p < e) {
		nl = memchr(p, '\n', (size_t)(e - p));
		if (nl == NULL)
			nl = e;
		v = p;
		while (v < nl && (*v == ' ' || *v == '\t' || *v == '>'))
			v++;
		if ((size_t)(nl - v) > 11 && ascii_ncasecmp(v, "Message-ID:",
		    11) == 0) {
			struct buf b = BUF_INIT;

			buf_add(&b, v + 11, (size_t)(nl - v - 11));
			/* a folded value continues on the next line */
			if (nl < e) {
				const char *n2 = nl + 1, *ne;

				ne = memchr(n2, '\n', (size_t)(e - n2));
				if (ne == NULL)
					ne = e;
				if (n2 < ne && (*n2 == ' ' || *n2 == '\t'))
					buf_add(&b, n2, (size_t)(ne - n2));
			}
			val = buf_detach(&b, NULL);
			id = strchr(val, '<') != NULL ? msgid_of(val) : NULL;
			free(val);
			if (id != NULL)
				return id;
		}
		p = nl < e ? nl + 1 : e;
	}
	return NULL;
}

static void walk_object(struct walk *w, GMimeObject *o);

static void
walk_part(struct walk *w, GMimePart *p)
{
	GMimeContentType *ct = g_mime_object_get_content_type(GMIME_OBJECT(p));
	struct buf b = BUF_INIT;

	if (g_mime_content_type_is_type(ct, "message", "delivery-status") ||
	    g_mime_content_type_is_type(ct, "message",
	    "global-delivery-status")) {
		part_bytes(p, &w->dsn, TEXT_MAX);
		buf_addc(&w->dsn, '\n');
		buf_addc(&w->dsn, '\n');
		return;
	}
	if (g_mime_content_type_is_type(ct, "text", "rfc822-headers") ||
	    g_mime_content_type_is_type(ct, "message", "global-headers")) {
		part_bytes(p, &b, TEXT_MAX);
		if (w->returned_id == NULL)
			w->returned_id = quoted_msgid(b.s, b.len);
		buf_release(&b);
		return;
	}
	if (!g_mime_content_type_is_type(ct, "text", "*"))
		return;
	if (GMIME_IS_TEXT_PART(p)) {
		char *t = g_mime_text_part_get_text(GMIME_TEXT_PART(p));
		size_t i, n;

		if (t == NULL)
			return;
		n = strlen(t);
		if (w->text.len < TEXT_MAX) {
			buf_add(&w->text, t, n < TEXT_MAX - w->text.len ? n :
			    TEXT_MAX - w->text.len);
			buf_addc(&w->text, '\n');
		}
		if (w->first == NULL && g_mime_content_type_is_type(ct, "text",
		    "plain") && !g_mime_part_is_attachment(p)) {
			for (i = 0; i < n && i < TEXT_MAX; i++)
				if (!(t[i] == '\r' && t[i + 1] == '\n'))
					buf_addc(&b, t[i]);
			w->first = buf_detach(&b, NULL);
		}
		g_free(t);
	}
}

static void
walk_object(struct walk *w, GMimeObject *o)
{
	GMimeContentType *ct;
	const char *rt;
	int i, n;

	if (o == NULL || w->depth > 32)
		return;
	w->depth++;
	if (GMIME_IS_MULTIPART(o)) {
		ct = g_mime_object_get_content_type(o);
		if (g_mime_content_type_is_type(ct, "multipart", "report") &&
		    (rt = g_mime_content_type_get_parameter(ct,
		    "report-type")) != NULL &&
		    (ascii_casecmp(rt, "delivery-status") == 0 ||
		    ascii_casecmp(rt, "global-delivery-status") == 0))
			w->report = 1;
		n = g_mime_multipart_get_count(GMIME_MULTIPART(o));
		for (i = 0; i < n; i++)
			walk_object(w, g_mime_multipart_get_part(
			    GMIME_MULTIPART(o), i));
	} else if (GMIME_IS_MESSAGE_PART(o)) {
		/* a returned or forwarded message: its id, not its text */
		GMimeMessage *in = g_mime_message_part_get_message(
		    GMIME_MESSAGE_PART(o));

		if (in != NULL && w->returned_id == NULL)
			w->returned_id = msgid_of(header(GMIME_OBJECT(in),
			    "Message-ID"));
	} else if (GMIME_IS_PART(o))
		walk_part(w, GMIME_PART(o));
	w->depth--;
}

/* ---- RFC 3464 delivery-status fields ---- */

struct dsn_rcpt {
	char	*action, *status, *recipient, *diagnostic;
};

static void
dsn_rcpt_release(struct dsn_rcpt *r)
{
	free(r->action);
	free(r->status);
	free(r->recipient);
	free(r->diagnostic);
	memset(r, 0, sizeof(*r));
}

/* How bad an action is: failed 3, delayed 2, delivered and the like 1. */
static int
action_rank(const char *a, const char *status)
{
	if (a != NULL) {
		if (ascii_casecmp(a, "failed") == 0)
			return 3;
		if (ascii_casecmp(a, "delayed") == 0)
			return 2;
		if (ascii_casecmp(a, "delivered") == 0 ||
		    ascii_casecmp(a, "relayed") == 0 ||
		    ascii_casecmp(a, "expanded") == 0)
			return 1;
	}
	if (status != NULL)
		return status[0] == '5' ? 3 : status[0] == '4' ? 2 :
		    status[0] == '2' ? 1 : 0;
	return 0;
}

/* The value after "type;" (Final-Recipient: rfc822; a@b), <> removed. */
static char *
typed_value(const char *v)
{
	const char *s = strchr(v, ';');
	size_t n;

	s = s != NULL ? s + 1 : v;
	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	if (n > 0 && *s == '<' && s[n - 1] == '>') {
		s++;
		n -= 2;
	}
	return clean_line(s, n);
}

/* One "Name: value" field of a delivery-status group into cur. */
static void
dsn_field(const char *l, struct dsn_rcpt *cur, int *had)
{
	const char *c = strchr(l, ':');
	char **slot = NULL;
	size_t k;

	if (c == NULL)
		return;
	k = (size_t)(c - l);
	if (k == 6 && ascii_ncasecmp(l, "Action", 6) == 0)
		slot = &cur->action;
	else if (k == 6 && ascii_ncasecmp(l, "Status", 6) == 0)
		slot = &cur->status;
	else if (k == 15 && ascii_ncasecmp(l, "Final-Recipient", 15) == 0)
		slot = &cur->recipient;
	else if (k == 15 && ascii_ncasecmp(l, "Diagnostic-Code", 15) == 0)
		slot = &cur->diagnostic;
	if (slot == NULL || *slot != NULL)
		return;
	if (slot == &cur->recipient || slot == &cur->diagnostic)
		*slot = typed_value(c + 1);
	else if (slot == &cur->status)
		*slot = find_status(c + 1, strlen(c + 1), 0);
	else
		*slot = clean_line(c + 1, strlen(c + 1));
	if (*slot != NULL)
		*had = 1;
}

/* A group ends: keep cur in *best when it is worse than what is there. */
static void
dsn_group_end(struct dsn_rcpt *cur, struct dsn_rcpt *best, int *best_rank,
    int *had)
{
	int r;

	if (*had && (r = action_rank(cur->action, cur->status)) >
	    *best_rank) {
		dsn_rcpt_release(best);
		*best = *cur;
		memset(cur, 0, sizeof(*cur));
		*best_rank = r;
	}
	dsn_rcpt_release(cur);
	*had = 0;
}

/*
 * Read the groups of the delivery-status text s[0..n) (fields, unfolded;
 * groups end at blank lines) and keep the worst recipient in *best: the
 * per-message group has none of the fields read, so it counts for none.
 */
static void
dsn_fields(const char *s, size_t n, struct dsn_rcpt *best)
{
	struct dsn_rcpt cur = { NULL, NULL, NULL, NULL };
	const char *p = s, *e = s + n, *nl;
	struct buf line = BUF_INIT;
	size_t k;
	int had = 0, best_rank = 0;

	while (p < e) {
		nl = memchr(p, '\n', (size_t)(e - p));
		if (nl == NULL)
			nl = e;
		k = (size_t)(nl - p);
		if (k > 0 && p[k - 1] == '\r')
			k--;
		if (k > 0 && (*p == ' ' || *p == '\t') && line.len > 0) {
			while (k > 0 && (*p == ' ' || *p == '\t'))
				p++, k--;
			buf_addc(&line, ' ');
			buf_add(&line, p, k);
		} else {
			if (line.len > 0)
				dsn_field(line.s, &cur, &had);
			buf_reset(&line);
			if (k == 0)
				dsn_group_end(&cur, best, &best_rank, &had);
			else
				buf_add(&line, p, k);
		}
		p = nl < e ? nl + 1 : e;
	}
	if (line.len > 0)
		dsn_field(line.s, &cur, &had);
	dsn_group_end(&cur, best, &best_rank, &had);
	buf_release(&line);
}

/* ---- bounces without a report ---- */

static const char *const bounce_subjects[] = {
	"Undeliverable:", "Undelivered Mail Returned to Sender",
	"Delivery Status Notification (Failure)",
	"Delivery Status Notification (Delay)", "Returned mail:",
	"Mail delivery failed", "failure notice", "Delivery Failure",
	"Delivery delayed", "Delayed Mail", "Warning: message",
	"Undeliverable mail", "Mail System Error", "Non remis",
	"Unzustellbar:", NULL
};
static const char *const bounce_texts[] = {
	"This message was created automatically by mail delivery software",
	"Hi. This is the qmail-send program",
	"The original message was received at",
	"Delivery has failed to these recipients or groups",
	"Your message couldn't be delivered",
	"I'm sorry to have to inform you that your message could not",
	"The following addresses had permanent fatal errors",
	"could not be delivered to one or more of its recipients",
	"Your message wasn't delivered",
	NULL
};
static const char *const delay_texts[] = {
	"Delivery Status Notification (Delay)", "Delivery delayed",
	"Delayed Mail", "Warning: message", "has not yet been delivered",
	"Delivery is delayed", "will continue trying",
	"This is a warning message only", "still being retried",
	"Warning: could not send message for past", NULL
};
static const char *const failure_texts[] = {
	"permanent", "failed", "could not be delivered",
	"couldn't be delivered", "wasn't delivered", "Undeliverable",
	NULL
};

static const char *
any_of(const char *s, size_t n, const char *const *v)
{
	size_t i;

	if (s == NULL)
		return NULL;
	for (i = 0; v[i] != NULL; i++)
		if (ci_find(s, n, v[i]) != NULL)
			return v[i];
	return NULL;
}

/*
 * The entry of v that s starts with (ASCII case-insensitive), or NULL: a
 * bounce's subject starts with its phrase, where a person's answer
 * about a bounce ("Re: Undeliverable: ...") does not.
 */
static const char *
prefix_of(const char *s, const char *const *v)
{
	size_t i;

	for (i = 0; v[i] != NULL; i++)
		if (ascii_ncasecmp(s, v[i], strlen(v[i])) == 0)
			return v[i];
	return NULL;
}

/*
 * The first recipient a bounce text names: a line that is, after spaces,
 * an addr-spec alone, in <>, or followed by ':' or text (qmail's
 * "<a@b>:", Exim's "  a@b", sendmail's "<a@b>... User unknown",
 * Exchange's "a@b").
 */
static char *
bounce_recipient(const char *s, size_t n)
{
	const char *p = s, *e = s + n, *nl, *a, *z;
	char *cand;
	struct dp_err err = DP_ERR_INIT;

	while (p < e) {
		nl = memchr(p, '\n', (size_t)(e - p));
		if (nl == NULL)
			nl = e;
		a = p;
		while (a < nl && (*a == ' ' || *a == '\t'))
			a++;
		if (a < nl && *a == '<') {
			a++;
			z = memchr(a, '>', (size_t)(nl - a));
		} else {
			z = a;
			while (z < nl && *z != ' ' && *z != '\t' &&
			    *z != '\r' && *z != '<')
				z++;
			while (z > a && (z[-1] == ':' || z[-1] == '.' ||
			    z[-1] == ','))
				z--;
		}
		if (z != NULL && z > a && z - a < 255 && memchr(a, '@',
		    (size_t)(z - a)) != NULL) {
			cand = xstrndup(a, (size_t)(z - a));
			if (addr_check_spec(cand, &err) == 0)
				return cand;
			free(cand);
		}
		p = nl < e ? nl + 1 : e;
	}
	return NULL;
}

/* ---- auto-replies ---- */

static const char *const vacation_subjects[] = {
	"Out of Office", "Out-of-Office", "Automatic reply", "Auto-Reply",
	"Autoreply", "Auto Reply", "Auto Response", "Auto-Response",
	"Autoresponse", "Abwesenheitsnotiz", "Automatische Antwort",
	"R\xc3\xa9ponse automatique", "Respuesta autom\xc3\xa1tica",
	"On vacation", "Away from the office", NULL
};
static const char *const ack_words[] = {
	"received", "created", "automatic", "automated", "auto-reply",
	"autoreply", "do not reply", "don't reply", "acknowledg",
	"has been opened", "has been logged", "eingegangen", NULL
};

/* The first ACK_TEXT_MAX bytes of text, lines quoted with '>' left out. */
static char *
own_text(const char *t)
{
	struct buf b = BUF_INIT;
	const char *p = t, *nl;

	while (p != NULL && *p != '\0' && b.len < ACK_TEXT_MAX) {
		nl = strchr(p, '\n');
		if (*p != '>')
			buf_add(&b, p, nl != NULL ? (size_t)(nl - p + 1) :
			    strlen(p));
		p = nl != NULL ? nl + 1 : NULL;
	}
	buf_addc(&b, '\0');
	return buf_detach(&b, NULL);
}

/* ---- tickets and the case tag ---- */

struct rx {
	const char	*pat;
	int		 flags;
	regex_t		 re;
};
static struct rx rx_tab[] = {
#define RX_TAG		0
	{ "\\[([^][#]+) #([0-9]{1,18})\\]", REG_EXTENDED, { 0 } },
#define RX_OTRS		1
	{ "\\[Ticket#:?[[:space:]]*([0-9]{1,30})\\]", REG_EXTENDED | REG_ICASE,
	  { 0 } },
#define RX_FRESH	2
	{ "\\[#([0-9]{1,18})\\]", REG_EXTENDED, { 0 } },
#define RX_JIRA		3
	{ "\\[([A-Z][A-Z0-9_]{1,20}-[0-9]{1,12})\\]", REG_EXTENDED, { 0 } },
#define RX_ZEN		4
	{ "(^|[^[:alnum:]])Request #([0-9]{1,18})", REG_EXTENDED | REG_ICASE,
	  { 0 } },
#define RX_ZENBODY	5
	{ "Your request \\(#?([0-9]{1,18})\\) has been received",
	  REG_EXTENDED | REG_ICASE, { 0 } },
#define RX_CASE		6
	{ "(^|[^[:alnum:]])Case[[:space:]]*(#|:|Number:)?[[:space:]]*"
	  "([0-9]{4,12})([^[:alnum:]]|$)", REG_EXTENDED | REG_ICASE, { 0 } },
};
static pthread_once_t rx_once = PTHREAD_ONCE_INIT;

static void
rx_init(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rx_tab); i++)
		if (regcomp(&rx_tab[i].re, rx_tab[i].pat, rx_tab[i].flags) !=
		    0)
			die("inbox_parse: bad pattern %zu", i);
}

static regex_t *
rx(int i)
{
	pthread_once(&rx_once, rx_init);
	return &rx_tab[i].re;
}

/* Subexpression k of a match in s, a new string. */
static char *
sub(const char *s, const regmatch_t *m, int k)
{
	return xstrndup(s + m[k].rm_so, (size_t)(m[k].rm_eo - m[k].rm_so));
}

/* Whether tag (the bracket's text before " #") is the case tag. */
static int
is_case_tag(const char *s, const regmatch_t *m, const char *case_tag)
{
	size_t n = (size_t)(m[1].rm_eo - m[1].rm_so);

	return case_tag != NULL && strlen(case_tag) == n &&
	    ascii_ncasecmp(s + m[1].rm_so, case_tag, n) == 0;
}

int64_t
inbox_case_tag(const char *subject, const char *case_tag)
{
	regmatch_t m[3];
	const char *p = subject;
	int64_t id = 0, v;
	char *d;

	if (subject == NULL || case_tag == NULL || *case_tag == '\0')
		return 0;
	while (regexec(rx(RX_TAG), p, 3, m, p == subject ? 0 :
	    REG_NOTBOL) == 0) {
		if (is_case_tag(p, m, case_tag)) {
			d = sub(p, m, 2);
			v = strtoll(d, NULL, 10);
			free(d);
			if (v > 0)
				id = v;
		}
		p += m[0].rm_eo;
	}
	return id;
}

char *
inbox_ticket(const char *subject, const char *body, const char *case_tag,
    const char **system)
{
	regmatch_t m[5];
	const char *p;
	char *a, *b, *r;

	if (system != NULL)
		*system = NULL;
	if (subject != NULL) {
		if (regexec(rx(RX_OTRS), subject, 2, m, 0) == 0) {
			a = sub(subject, m, 1);
			r = xasprintf("Ticket#%s", a);
			free(a);
			if (system != NULL)
				*system = "OTRS";
			return r;
		}
		if (regexec(rx(RX_FRESH), subject, 2, m, 0) == 0) {
			a = sub(subject, m, 1);
			r = xasprintf("#%s", a);
			free(a);
			if (system != NULL)
				*system = "Freshdesk";
			return r;
		}
		if (regexec(rx(RX_JIRA), subject, 2, m, 0) == 0) {
			if (system != NULL)
				*system = "Jira";
			return sub(subject, m, 1);
		}
		for (p = subject; regexec(rx(RX_TAG), p, 3, m, p == subject ?
		    0 : REG_NOTBOL) == 0; p += m[0].rm_eo) {
			if (is_case_tag(p, m, case_tag))
				continue;
			a = sub(p, m, 1);
			b = sub(p, m, 2);
			/* "[Request #5]" is Zendesk's, "[Case #5]" Salesforce's */
			if (ascii_casecmp(a, "Request") == 0 ||
			    ascii_casecmp(a, "Case") == 0) {
				free(a);
				free(b);
				continue;
			}
			r = xasprintf("%s #%s", a, b);
			free(a);
			free(b);
			if (system != NULL)
				*system = "RT";
			return r;
		}
		if (regexec(rx(RX_ZEN), subject, 3, m, 0) == 0) {
			a = sub(subject, m, 2);
			r = xasprintf("Request #%s", a);
			free(a);
			if (system != NULL)
				*system = "Zendesk";
			return r;
		}
		if (regexec(rx(RX_CASE), subject, 4, m, 0) == 0) {
			a = sub(subject, m, 3);
			r = xasprintf("Case %s", a);
			free(a);
			if (system != NULL)
				*system = "Salesforce";
			return r;
		}
	}
	if (body != NULL && regexec(rx(RX_ZENBODY), body, 2, m, 0) == 0) {
		a = sub(body, m, 1);
		r = xasprintf("Request #%s", a);
		free(a);
		if (system != NULL)
			*system = "Zendesk";
		return r;
	}
	return NULL;
}

/* ---- the message ---- */

static void
read_identity(GMimeMessage *msg, struct inbox_msg *out)
{
	GMimeObject *o = GMIME_OBJECT(msg);
	InternetAddressList *from = g_mime_message_get_from(msg);
	GMimeReferences *refs;
	GDateTime *dt;
	const char *v;
	int i, n;

	out->message_id = msgid_of(header(o, "Message-ID"));
	n = from != NULL ? internet_address_list_length(from) : 0;
	for (i = 0; i < n && out->from_addr == NULL; i++) {
		InternetAddress *ia = internet_address_list_get_address(from,
		    i);

		if (INTERNET_ADDRESS_IS_MAILBOX(ia)) {
			v = internet_address_mailbox_get_addr(
			    INTERNET_ADDRESS_MAILBOX(ia));
			if (v != NULL && *v != '\0')
				out->from_addr = clean_line(v, strlen(v));
		}
	}
	if ((v = g_mime_message_get_subject(msg)) != NULL)
		out->subject = clean_line(v, strlen(v));
	if ((dt = g_mime_message_get_date(msg)) != NULL) {
		out->has_date = 1;
		out->date = g_date_time_to_unix(dt);
	}
	out->in_reply_to = msgid_of(header(o, "In-Reply-To"));
	if ((v = header(o, "References")) != NULL &&
	    (refs = g_mime_references_parse(NULL, v)) != NULL) {
		n = g_mime_references_length(refs);
		for (i = 0; i < n && i < 1000; i++) {
			char *id = msgid_of(g_mime_references_get_message_id(
			    refs, i));

			if (id == NULL)
				continue;
			out->refs = xreallocarray(out->refs, out->nrefs + 1,
			    sizeof(*out->refs));
			out->refs[out->nrefs++] = id;
		}
		g_mime_references_free(refs);
	}
}

/* Auto-reply headers: the reason, or NULL. */
static char *
auto_headers(GMimeObject *o)
{
	const char *v;
	char *t, *r = NULL;
	size_t n;

	if ((v = header(o, "Auto-Submitted")) != NULL) {
		t = clean_line(v, strlen(v));
		n = strcspn(t, "; (");
		if (n > 0 && !(n == 2 && ascii_ncasecmp(t, "no", 2) == 0))
			r = xasprintf("Auto-Submitted: %.*s", (int)n, t);
		free(t);
		if (r != NULL)
			return r;
	}
	if (header(o, "X-Autoreply") != NULL)
		return xstrdup("X-Autoreply");
	if (header(o, "X-Autorespond") != NULL)
		return xstrdup("X-Autorespond");
	if ((v = header(o, "Precedence")) != NULL) {
		t = clean_line(v, strlen(v));
		if (ascii_casecmp(t, "auto_reply") == 0 ||
		    ascii_casecmp(t, "bulk") == 0 ||
		    ascii_casecmp(t, "junk") == 0)
			r = xasprintf("Precedence: %s", t);
		free(t);
	}
	return r;
}

static int
from_daemon(const char *addr)
{
	size_t n;

	if (addr == NULL)
		return 0;
	n = strcspn(addr, "@");
	return (n == 13 && ascii_ncasecmp(addr, "mailer-daemon", 13) == 0) ||
	    (n == 10 && ascii_ncasecmp(addr, "postmaster", 10) == 0);
}

/* Classify a report or a bounce text; 1 when it is one. */
static int
classify_bounce(struct inbox_msg *out, struct walk *w)
{
	const char *subj = out->subject != NULL ? out->subject : "";
	const char *text = w->text.s;
	const char *hit;
	int delay;

	if (w->report && w->dsn.len > 0) {
		struct dsn_rcpt r = { NULL, NULL, NULL, NULL };
		int rank;

		dsn_fields(w->dsn.s, w->dsn.len, &r);
		rank = r.action != NULL || r.status != NULL ?
		    action_rank(r.action, r.status) : 0;
		if (rank > 0) {
			out->cls = rank == 3 ? INBOX_BOUNCE : rank == 2 ?
			    INBOX_DELAY : INBOX_DELIVERED;
			out->why = xasprintf("RFC 3464 report: Action %s%s%s",
			    r.action != NULL ? r.action : "(none)",
			    r.status != NULL ? ", Status " : "",
			    r.status != NULL ? r.status : "");
			out->dsn_action = r.action;
			out->dsn_status = r.status;
			out->dsn_diagnostic = r.diagnostic;
			if (r.recipient != NULL &&
			    addr_check_spec(r.recipient, NULL) == 0)
				out->dsn_recipient = r.recipient;
			else
				free(r.recipient);
			out->returned_id = w->returned_id;
			w->returned_id = NULL;
			if (out->returned_id == NULL)
				out->returned_id = quoted_msgid(text,
				    w->text.len);
			return 1;
		}
		dsn_rcpt_release(&r);
	}
	hit = prefix_of(subj, bounce_subjects);
	if (hit == NULL && (from_daemon(out->from_addr) ||
	    w->report))
		hit = any_of(text, w->text.len, bounce_texts);
	if (hit == NULL)
		hit = any_of(text, w->text.len < 4096 ? w->text.len : 4096,
		    bounce_texts);
	if (hit == NULL)
		return 0;
	delay = any_of(subj, strlen(subj), delay_texts) != NULL ||
	    (any_of(text, w->text.len, delay_texts) != NULL &&
	    any_of(text, w->text.len, failure_texts) == NULL);
	out->cls = delay ? INBOX_DELAY : INBOX_BOUNCE;
	out->why = xasprintf("%s text: \"%s\"", delay ? "delay" : "bounce",
	    hit);
	out->dsn_action = xstrdup(delay ? "delayed" : "failed");
	out->dsn_status = find_status(text, w->text.len, delay ? '4' : '5');
	if (out->dsn_status == NULL && !delay)
		out->dsn_status = find_status(text, w->text.len, '4');
	out->dsn_recipient = bounce_recipient(text, w->text.len);
	out->returned_id = w->returned_id;
	w->returned_id = NULL;
	if (out->returned_id == NULL)
		out->returned_id = quoted_msgid(text, w->text.len);
	return 1;
}

int
inbox_parse(const void *bytes, size_t len, const char *case_tag,
    struct inbox_msg *out, struct dp_err *err)
{
	GMimeStream *st;
	GMimeParser *parser;
	GMimeMessage *msg;
	struct walk w;
	const char *sys = NULL;
	char *why, *own;
	int rc;

	inbox_msg_init(out);
	if ((rc = check_head(bytes, len, err)) != 0)
		return rc;
	mail_init();
	st = g_mime_stream_mem_new_with_buffer(bytes, len);
	parser = g_mime_parser_new_with_stream(st);
	g_object_unref(st);
	msg = g_mime_parser_construct_message(parser, NULL);
	g_object_unref(parser);
	if (msg == NULL)
		return dp_fail(err, DP_EX_DATAERR, "GMime cannot read the "
		    "message");
	read_identity(msg, out);
	if (out->from_addr == NULL) {
		g_object_unref(msg);
		inbox_msg_release(out);
		return dp_fail(err, DP_EX_DATAERR, "the message has no From "
		    "address");
	}
	memset(&w, 0, sizeof(w));
	buf_init(&w.text);
	buf_init(&w.dsn);
	walk_object(&w, g_mime_message_get_mime_part(msg));
	out->case_id = inbox_case_tag(out->subject, case_tag);
	out->ticket = inbox_ticket(out->subject, w.first, case_tag, &sys);
	if (sys != NULL)
		out->ticket_system = xstrdup(sys);
	if (!classify_bounce(out, &w)) {
		own = own_text(w.first != NULL ? w.first : "");
		if ((why = auto_headers(GMIME_OBJECT(msg))) != NULL) {
			out->cls = INBOX_AUTO_REPLY;
			out->why = why;
		} else if (any_of(out->subject, out->subject != NULL ?
		    strlen(out->subject) : 0, vacation_subjects) != NULL) {
			out->cls = INBOX_AUTO_REPLY;
			out->why = xstrdup("an auto-reply subject");
		} else if (ci_has(out->subject, "[Request received]")) {
			out->cls = INBOX_AUTO_REPLY;
			out->why = xstrdup("Zendesk's [Request received]");
		} else if (out->ticket != NULL && (any_of(out->subject,
		    out->subject != NULL ? strlen(out->subject) : 0,
		    ack_words) != NULL ||
		    any_of(own, strlen(own), ack_words) != NULL)) {
			out->cls = INBOX_AUTO_REPLY;
			out->why = xasprintf("a %s acknowledgement",
			    out->ticket_system);
		} else {
			out->cls = INBOX_REPLY;
			out->why = xstrdup(out->ticket != NULL ?
			    "a person's answer in a ticket" :
			    "a person's answer");
		}
		free(own);
	}
	free(w.first);
	free(w.returned_id);
	buf_release(&w.text);
	buf_release(&w.dsn);
	g_object_unref(msg);
	return 0;
}
