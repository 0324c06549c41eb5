/*
 * whois_lex.c - the WHOIS answer reader: lines from rpsl_lex.c become
 * attributes ("key: value"; rwhois "class:Attribute:value") kept in one
 * arena and grouped into objects separated by blank lines.  The same pass
 * notes the comment lines that carry meaning ("% Abuse contact for",
 * "%ERROR:", "No entries found") and the first free-text line, for
 * messages, and sniffs answers that are no text at all.  Owns struct
 * answer (whois_int.h).  Values are stored as UTF-8: a byte that is not
 * part of well-formed printable UTF-8 becomes U+FFFD (LACNIC's Latin-1
 * letters included: we do not guess charsets).
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "buf.h"
#include "exitcodes.h"
#include "rpsl_lex.h"
#include "whois_int.h"

/* ---- small string helpers ---- */

int
wp_is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

/* Whether p[0..n) starts with s, ignoring ASCII case. */
int
wp_prefix_ci(const char *p, size_t n, const char *s)
{
	size_t m = strlen(s);

	return n >= m && ascii_ncasecmp(p, s, m) == 0;
}

/* Whether p[0..n) contains s (lower-case ASCII), ignoring case. */
static int
has_ci(const char *p, size_t n, const char *s)
{
	size_t m = strlen(s), i, j;

	if (m == 0 || n < m)
		return m == 0;
	for (i = 0; i + m <= n; i++) {
		for (j = 0; j < m; j++)
			if (ascii_tolower((unsigned char)p[i + j]) != s[j])
				break;
		if (j == m)
			return 1;
	}
	return 0;
}

/*
 * Escape p[0..n) into q: printable ASCII as is, anything else as \xNN, at
 * most QUOTE_BYTES input bytes, "..." when cut.
 */
void
wp_quote_bytes(const char *p, size_t n, char q[QUOTE_BUF])
{
	size_t i, o = 0;

	for (i = 0; i < n && i < QUOTE_BYTES; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c >= 0x20 && c < 0x7f && c != '\\')
			q[o++] = (char)c;
		else {
			snprintf(q + o, 5, "\\x%02x", c);
			o += 4;
		}
	}
	if (i < n) {
		memcpy(q + o, "...", 3);
		o += 3;
	}
	q[o] = '\0';
}

static void
sample_set(struct sample *s, const char *p, size_t n, size_t lineno)
{
	if (s->set)
		return;
	s->set = 1;
	s->lineno = lineno;
	wp_quote_bytes(p, n, s->q);
}

/*
 * Append p[0..n) to b as printable UTF-8 (utf8_clean_append(): tabs become
 * spaces; control bytes, C1 controls and bytes that are not well-formed
 * UTF-8 become U+FFFD), without its leading and trailing blanks.
 */
static void
add_clean(struct buf *b, const char *p, size_t n)
{
	size_t i = 0;

	while (n > 0 && wp_is_blank(p[n - 1]))
		n--;
	while (i < n && wp_is_blank(p[i]))
		i++;
	utf8_clean_append(b, p + i, n - i);
}

/*
 * The first blank-separated token of s (cut at '#', an RPSL end-of-line
 * comment) into out (size outlen); returns its length, 0 if none or too
 * long.
 */
size_t
wp_first_token(const char *s, char *out, size_t outlen)
{
	size_t n = 0;

	while (wp_is_blank(*s))
		s++;
	while (s[n] != '\0' && !wp_is_blank(s[n]) && s[n] != '#')
		n++;
	if (n == 0 || n >= outlen)
		return 0;
	memcpy(out, s, n);
	out[n] = '\0';
	return n;
}

/* Whether the first token of value is name, ignoring case. */
int
wp_tok_eq(const char *value, const char *name)
{
	char t[256];

	return wp_first_token(value, t, sizeof(t)) != 0 &&
	    ascii_casecmp(t, name) == 0;
}

void
wp_note(struct reg_record *r, const char *fmt, const char *arg)
{
	if (r->nnotes < MAX_NOTES)
		reg_add_note(r, fmt, arg);
}

/* ---- the line pass ---- */

void
wp_answer_init(struct answer *a, enum whois_fmt fmt)
{
	memset(a, 0, sizeof(*a));
	a->fmt = fmt;
	buf_init(&a->arena);
}

void
wp_answer_release(struct answer *a)
{
	buf_release(&a->arena);
	free(a->attrs);
	free(a->objs);
}

const char *
wp_akey(const struct answer *a, size_t i)
{
	return a->arena.s + a->attrs[i].key;
}

const char *
wp_aval(const struct answer *a, size_t i)
{
	return a->arena.s + a->attrs[i].val;
}

/* An object's type (its first attribute's name) and primary key. */
const char *
wp_otype(const struct answer *a, size_t o)
{
	return wp_akey(a, a->objs[o].a0);
}

const char *
wp_okey(const struct answer *a, size_t o)
{
	return wp_aval(a, a->objs[o].a0);
}

/* The first value of attribute key in object o, or NULL. */
const char *
wp_oget(const struct answer *a, size_t o, const char *key)
{
	size_t i, end = a->objs[o].a0 + a->objs[o].na;

	for (i = a->objs[o].a0; i < end; i++)
		if (ascii_casecmp(wp_akey(a, i), key) == 0)
			return wp_aval(a, i);
	return NULL;
}

static void
end_obj(struct answer *a)
{
	a->in_obj = 0;
	a->cont_ok = 0;
}

/* The class part of an rwhois key "class:Attribute" (length). */
size_t
wp_class_len(const char *key)
{
	const char *c = strchr(key, ':');

	return c != NULL ? (size_t)(c - key) : strlen(key);
}

static void
add_attr(struct answer *a, const char *k, size_t kn, const char *v,
    size_t vn)
{
	struct attr *at;
	const char *cur;

	if (a->in_obj && a->fmt == WHOIS_RWHOIS) {
		/* rwhois objects may follow each other without a blank. */
		const char *colon = memchr(k, ':', kn);
		size_t cn = colon != NULL ? (size_t)(colon - k) : kn;

		cur = wp_otype(a, a->nobjs - 1);
		if (wp_class_len(cur) != cn || ascii_ncasecmp(cur, k, cn) != 0)
			end_obj(a);
	}
	if (a->nattrs >= MAX_ATTRS || (!a->in_obj && a->nobjs >= MAX_OBJS)) {
		a->full = 1;
		a->cont_ok = 0;
		return;
	}
	if (!a->in_obj) {
		if (a->nobjs == a->capobjs) {
			a->capobjs = a->capobjs ? a->capobjs * 2 : 16;
			a->objs = xrealloc(a->objs, a->capobjs *
			    sizeof(*a->objs));
		}
		a->objs[a->nobjs].a0 = a->nattrs;
		a->objs[a->nobjs].na = 0;
		a->objs[a->nobjs].section = a->section;
		a->nobjs++;
		a->in_obj = 1;
	}
	if (a->nattrs == a->capattrs) {
		a->capattrs = a->capattrs ? a->capattrs * 2 : 64;
		a->attrs = xrealloc(a->attrs, a->capattrs * sizeof(*a->attrs));
	}
	at = &a->attrs[a->nattrs++];
	at->key = a->arena.len;
	buf_add(&a->arena, k, kn);
	buf_addc(&a->arena, '\0');
	at->val = a->arena.len;
	add_clean(&a->arena, v, vn);
	buf_addc(&a->arena, '\0');
	a->objs[a->nobjs - 1].na++;
	a->cont_ok = 1;
}

/* A continuation line (RPSL: leading blank or '+') of the last value. */
static void
add_continuation(struct answer *a, const char *p, size_t n)
{
	size_t cur = a->arena.len - 1 - a->attrs[a->nattrs - 1].val;

	while (n > 0 && wp_is_blank(*p)) {
		p++;
		n--;
	}
	if (n == 0 || cur + 1 + n > MAX_VALUE)
		return;
	a->arena.len--;		/* reopen the value: it is the last string */
	if (cur > 0)
		buf_addc(&a->arena, ' ');
	add_clean(&a->arena, p, n);
	buf_addc(&a->arena, '\0');
}

/* Statements that mean "nothing matched"; lower case. */
static const char *const none_phrases[] = {
	"no entries found", "no match", "no objects found", "no data found",
	"not found", "no entries",
};

/* Statements that mean "not now": quotas, rate limits, blocks. */
static const char *const temp_phrases[] = {
	"access denied", "denied", "limit exceeded", "rate limit",
	"query limit", "too many", "try again later", "temporarily",
	"exceeded",
};

static int
has_any(const char *p, size_t n, const char *const *v, size_t nv)
{
	size_t i;

	for (i = 0; i < nv; i++)
		if (has_ci(p, n, v[i]))
			return 1;
	return 0;
}

/* Whether the lower-case line lc contains one of the phrases. */
static int
has_any_lc(const char *lc, const char *const *v, size_t nv)
{
	size_t i;

	for (i = 0; i < nv; i++)
		if (strstr(lc, v[i]) != NULL)
			return 1;
	return 0;
}

/*
 * Note what a comment or free-text line says about the whole answer.  Only
 * the first MAX_STATEMENTS such lines are searched: refusals and "no
 * match" come first, and a long answer of free text stays linear.
 */
static void
statement(struct answer *a, const char *p, size_t n, size_t lineno)
{
	char lc[WHOIS_LINE_MAX + 1];
	size_t i;

	if (a->nstatements++ >= MAX_STATEMENTS)
		return;
	for (i = 0; i < n; i++)	/* NUL cannot occur: it ends lines */
		lc[i] = (char)ascii_tolower((unsigned char)p[i]);
	lc[n] = '\0';
	if (has_any_lc(lc, none_phrases, ARRAY_SIZE(none_phrases)))
		a->none = 1;
	else if (has_any_lc(lc, temp_phrases, ARRAY_SIZE(temp_phrases)))
		sample_set(&a->templine, p, n, lineno);
}

/* A server error line: "%ERROR:201: access denied", "%error 230 ...". */
static void
error_line(struct answer *a, const char *p, size_t n, size_t lineno,
    size_t skip)
{
	unsigned long code = 0;
	size_t i = skip;

	while (i < n && wp_is_blank(p[i]))
		i++;
	while (i < n && p[i] >= '0' && p[i] <= '9' && code < 100000)
		code = code * 10 + (unsigned long)(p[i++] - '0');
	/* RIPE 101 and rwhois 230 are "no entries found". */
	if (code == 101 || code == 230 || has_any(p, n, none_phrases,
	    ARRAY_SIZE(none_phrases))) {
		a->none = 1;
		return;
	}
	if (a->errcode != 0)
		return;
	a->errcode = code == 201 || code == 202 || has_any(p, n, temp_phrases,
	    ARRAY_SIZE(temp_phrases)) ? DP_EX_TEMPFAIL : DP_EX_PROTOCOL;
	sample_set(&a->errline, p, n, lineno);
}

/* "% Abuse contact for '62.239.237.0 - 62.239.237.255' is 'a@b'". */
static void
abuse_comment(struct answer *a, const char *p, size_t n)
{
	static const char intro[] = "% Abuse contact for '";
	const char *k, *e, *mid = NULL, *end = NULL;
	size_t i;

	if (a->ncmts >= MAX_CMTS)
		return;
	k = p + sizeof(intro) - 1;
	for (i = (size_t)(k - p); i + 6 <= n; i++)
		if (memcmp(p + i, "' is '", 6) == 0) {
			mid = p + i;
			break;
		}
	if (mid == NULL)
		return;
	e = mid + 6;
	for (i = n; i > (size_t)(e - p); i--)
		if (p[i - 1] == '\'') {
			end = p + i - 1;
			break;
		}
	if (end == NULL)
		return;
	a->cmts[a->ncmts].section = a->section;
	a->cmts[a->ncmts].key = a->arena.len;
	add_clean(&a->arena, k, (size_t)(mid - k));
	buf_addc(&a->arena, '\0');
	a->cmts[a->ncmts].email = a->arena.len;
	add_clean(&a->arena, e, (size_t)(end - e));
	buf_addc(&a->arena, '\0');
	a->ncmts++;
}

static void
comment_line(struct answer *a, const char *p, size_t n, size_t lineno)
{
	a->cont_ok = 0;
	if (wp_prefix_ci(p, n, "%ERROR:")) {
		error_line(a, p, n, lineno, 7);
		return;
	}
	if (a->fmt == WHOIS_RWHOIS && wp_prefix_ci(p, n, "%error")) {
		error_line(a, p, n, lineno, 6);
		return;
	}
	if (wp_prefix_ci(p, n, "% Information related to")) {
		a->section++;
		end_obj(a);
		return;
	}
	if (wp_prefix_ci(p, n, "% Abuse contact for '")) {
		abuse_comment(a, p, n);
		return;
	}
	if (wp_prefix_ci(p, n, "% No abuse contact registered")) {
		a->no_abuse = 1;
		return;
	}
	statement(a, p, n, lineno);
}

/* The blank-separated tokens of p[0..n), at most max of them. */
static size_t
tokens(const char *p, size_t n, const char **tok, size_t *len, size_t max)
{
	size_t i = 0, nt = 0, s;

	while (i < n && nt < max) {
		while (i < n && wp_is_blank(p[i]))
			i++;
		if (i == n)
			break;
		s = i;
		while (i < n && !wp_is_blank(p[i]))
			i++;
		tok[nt] = p + s;
		len[nt++] = i - s;
	}
	return nt;
}

/* A NetRange section of its own, made from an ARIN summary line. */
static void
add_block_attrs(struct answer *a, const char *range, size_t rn,
    const char *handle, size_t hn, const char *name, size_t nn,
    const char *org, size_t on, const char *flag, size_t fn)
{
	end_obj(a);
	add_attr(a, "NetRange", 8, range, rn);
	add_attr(a, "NetHandle", 9, handle, hn);
	add_attr(a, "NetName", 7, name, nn);
	if (on > 0)
		add_attr(a, "OrgName", 7, org, on);
	add_attr(a, "X-Summary", 9, flag, fn);
	end_obj(a);
}

/*
 * An ARIN summary line, given when a query matches several records
 * without "+": "Google LLC GOOGLE (NET-74-125-0-0-1) 74.125.0.0 -
 * 74.125.255.255".  It is turned into a NetRange section of its own
 * (attributes NetRange, NetHandle, NetName, OrgName, X-Summary).
 */
static int
arin_summary(struct answer *a, const char *p, size_t n)
{
	const char *tok[64];
	size_t len[64], nt, h;

	nt = tokens(p, n, tok, len, ARRAY_SIZE(tok));
	if (nt < 5 || nt == ARRAY_SIZE(tok))
		return 0;
	h = nt - 4;
	if (len[nt - 2] != 1 || tok[nt - 2][0] != '-' || len[h] < 3 ||
	    tok[h][0] != '(' || tok[h][len[h] - 1] != ')')
		return 0;
	add_block_attrs(a, tok[nt - 3], (size_t)(tok[nt - 1] + len[nt - 1] -
	    tok[nt - 3]), tok[h] + 1, len[h] - 2, tok[h - 1], len[h - 1],
	    p, h >= 2 ? (size_t)(tok[h - 2] + len[h - 2] - p) : 0, "1", 1);
	return 1;
}

static void
text_line(struct answer *a, const char *p, size_t n, size_t lineno)
{
	a->cont_ok = 0;
	while (n > 0 && wp_is_blank(*p)) {
		p++;
		n--;
	}
	if (a->fmt == WHOIS_ARIN && arin_summary(a, p, n))
		return;
	a->ntext++;
	sample_set(&a->textline, p, n, lineno);
	statement(a, p, n, lineno);
}

/*
 * The value's start after a name of kn bytes that rpsl_lex_kind() found;
 * rwhois names are longer: "class:Attribute[;Type]:value".  Returns 1
 * with the key in p[0..*kn) and the value from p[*vs]; else 0.
 */
static int
split_key(const struct answer *a, const char *p, size_t n, size_t *kn,
    size_t *vs)
{
	size_t i = *kn, end;

	if (a->fmt != WHOIS_RWHOIS) {
		*vs = i + 1;
		return 1;
	}
	i++;
	while (i < n && i <= KEY_MAX && rpsl_lex_key_char(p[i]))
		i++;
	end = i;
	if (i < n && p[i] == ';')	/* the type: ";I", ";S" */
		while (i < n && i <= KEY_MAX && p[i] != ':')
			i++;
	if (i > KEY_MAX || i == n || p[i] != ':' || p[end - 1] == ':')
		return 0;
	*kn = end;
	*vs = i + 1;
	return 1;
}

/*
 * An indented "Key: value" line that continues nothing: a record a proxy,
 * a web form or a paste indented ("   NetRange: ...").  ARIN never
 * continues a value on the next line (it repeats the key), so there an
 * indented attribute is always one.  Returns 1 if the line was taken.
 */
static int
indented_attr(struct answer *a, const char *p, size_t n)
{
	size_t kn = 0, vs;

	if (a->cont_ok && a->fmt != WHOIS_ARIN)
		return 0;
	while (n > 0 && wp_is_blank(*p)) {
		p++;
		n--;
	}
	if (rpsl_lex_kind(p, n, KEY_MAX, &kn) != RPSL_ATTR ||
	    !split_key(a, p, n, &kn, &vs))
		return 0;
	add_attr(a, p, kn, p + vs, n - vs);
	return 1;
}

/* One line, as rpsl_lex.c cut and classified it. */
static void
do_line(struct answer *a, const char *p, size_t n, size_t lineno)
{
	size_t kn = 0, vs;

	switch (rpsl_lex_kind(p, n, KEY_MAX, &kn)) {
	case RPSL_BLANK:
		end_obj(a);
		return;
	case RPSL_COMMENT:
		comment_line(a, p, n, lineno);
		return;
	case RPSL_CONT:
		if (indented_attr(a, p, n))
			return;
		if (a->cont_ok && a->fmt != WHOIS_ARIN)
			add_continuation(a, p + 1, n - 1);
		else
			text_line(a, p, n, lineno);
		return;
	case RPSL_ATTR:
		if (split_key(a, p, n, &kn, &vs)) {
			add_attr(a, p, kn, p + vs, n - vs);
			return;
		}
		break;
	case RPSL_TEXT:
		break;
	}
	text_line(a, p, n, lineno);
}

/* Lines end at LF, CRLF, CR or NUL; each goes to do_line. */
static void
scan(struct answer *a, const char *text, size_t len)
{
	struct rpsl_lexer lx;
	const char *p;
	size_t n;

	rpsl_lex_init(&lx, text, len, RPSL_LEX_ANY_EOL, WHOIS_LINE_MAX);
	while (rpsl_lex_next(&lx, &p, &n))
		do_line(a, p, n, lx.lineno);
	a->nlong += lx.nlong;
}

/* The line of text around offset off, for a message. */
static void
quote_line_at(const char *text, size_t len, size_t off, char q[QUOTE_BUF])
{
	size_t s = off, e = off;

	while (s > 0 && text[s - 1] != '\n')
		s--;
	while (e < len && text[e] != '\n')
		e++;
	wp_quote_bytes(text + s, e - s, q);
}

/*
 * Refuse what is not a WHOIS answer at all before reading it: HTML, XML,
 * JSON, an HTTP response, binary bytes.  Returns 0, 1 for an empty
 * answer, or an error code.
 */
static int
sniff(const char *text, size_t len, struct dp_err *err)
{
	char q[QUOTE_BUF];
	size_t i = 0, bad = 0, first = 0;
	const char *what = NULL;

	while (i < len && (wp_is_blank(text[i]) || text[i] == '\r' ||
	    text[i] == '\n' || text[i] == '\0'))
		i++;
	if (i == len)
		return 1;
	if (len - i >= 3 && memcmp(text + i, "\xef\xbb\xbf", 3) == 0)
		i += 3;		/* a UTF-8 byte order mark */
	if (i < len && text[i] == '<')
		what = "HTML or XML";
	else if (i < len && text[i] == '{')
		what = "JSON";
	else if (wp_prefix_ci(text + i, len - i, "HTTP/"))
		what = "an HTTP response";
	if (what != NULL) {
		quote_line_at(text, len, i, q);
		return dp_fail(err, DP_EX_PROTOCOL, "registry answer is %s, "
		    "not WHOIS text: '%s'", what, q);
	}
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		/* NUL is taken as a line end, not as a sign of binary. */
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' &&
		    c != '\0') || c == 0x7f) {
			if (bad++ == 0)
				first = i;
		}
	}
	if (bad >= BIN_MIN && bad > len / 32) {
		quote_line_at(text, len, first, q);
		return dp_fail(err, DP_EX_PROTOCOL, "registry answer is "
		    "binary, not WHOIS text (%zu control bytes in %zu): '%s'",
		    bad, len, q);
	}
	return 0;
}

/*
 * Read text into a (wp_answer_init()ed by the caller, released by the
 * caller).  Returns 0, 1 when the answer is empty, or an error code.
 */
int
wp_answer_load(struct answer *a, const char *text, size_t len,
    struct dp_err *err)
{
	int rc;

	if (text == NULL)
		len = 0;
	if ((rc = sniff(text, len, err)) != 0)
		return rc;
	/* A UTF-8 byte order mark (a saved or pasted answer) is no text. */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		text += 3;
		len -= 3;
	}
	scan(a, text, len);
	if (a->errcode != 0)
		return dp_fail(err, a->errcode, "registry %s the query "
		    "(line %zu): '%s'", a->errcode == DP_EX_TEMPFAIL ?
		    "refused" : "reported an error for", a->errline.lineno,
		    a->errline.q);
	return 0;
}

/*
 * After the interpretation found nothing: a refusal, free text that is no
 * WHOIS answer, or a plain "nothing found" (0).
 */
int
wp_answer_verdict(const struct answer *a, struct dp_err *err)
{
	if (a->templine.set)
		return dp_fail(err, DP_EX_TEMPFAIL, "registry refused the "
		    "query (line %zu): '%s'", a->templine.lineno,
		    a->templine.q);
	if (a->nattrs == 0 && a->ntext > 0 && !a->none)
		return dp_fail(err, DP_EX_PROTOCOL, "registry answer has no "
		    "'key: value' lines (line %zu): '%s'", a->textline.lineno,
		    a->textline.q);
	return 0;
}
