/*
 * whois_parse.c - WHOIS answers (IANA, ARIN, RPSL, LACNIC, rwhois) into
 * reg_records, the query lines that ask for them, and referral parsing.
 * See whois_parse.h for the contracts.
 *
 * How: one pass cuts the answer into lines and the lines into attributes
 * ("key: value"; rwhois "class:Attribute:value"), kept in one arena and
 * grouped into objects separated by blank lines.  The same pass notes the
 * comment lines that carry meaning ("% Abuse contact for", "%ERROR:",
 * "No entries found") and the first free-text line, for messages.  Then
 * one interpreter per format picks the record's block and follows its
 * references.  Every loop is bounded by the input's size or by a constant
 * below; nothing recurses.  Values are stored as UTF-8: a byte that is not
 * part of well-formed printable UTF-8 becomes U+FFFD (LACNIC's Latin-1
 * letters included: we do not guess charsets).
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "asn.h"
#include "buf.h"
#include "exitcodes.h"
#include "rpsl_lex.h"
#include "whois_parse.h"

/* Bounds: a real answer is far below all of them. */
#define MAX_OBJS	50000	/* objects kept from one answer */
#define MAX_ATTRS	500000	/* attributes kept from one answer */
#define MAX_VALUE	16384	/* a value with its continuation lines */
#define MAX_CONTACTS	64	/* contacts in one record */
#define MAX_ORIGINS	256	/* origin ASNs in one record */
#define MAX_NOTES	16	/* notes in one record */
#define MAX_LOOKUPS	256	/* reference look-ups in one answer */
#define MAX_REFS	32	/* references followed from one object */
#define MAX_PARENTS	8	/* enclosing blocks tried for contacts */
#define MAX_CMTS	64	/* "% Abuse contact" comments kept */
#define KEY_MAX		64	/* longest attribute name */
#define QUOTE_BYTES	60	/* bytes of a bad line quoted in a message */
#define QUOTE_BUF	(QUOTE_BYTES * 4 + 4)
#define BIN_MIN		32	/* control bytes before an answer is binary */
#define MAX_STATEMENTS	256	/* comment/text lines searched for phrases */

static const char utf8_replacement[] = "\xef\xbf\xbd";

/* An escaped excerpt of a line, for messages. */
struct sample {
	int	set;
	size_t	lineno;
	char	q[QUOTE_BUF];
};

struct attr {
	size_t	key;		/* offsets into answer.arena */
	size_t	val;
};

struct obj {
	size_t	a0, na;		/* its attributes: attrs[a0 .. a0 + na) */
	int	section;	/* count of "% Information related to" */
};

/* "% Abuse contact for '<key>' is '<email>'", per section. */
struct abuse_cmt {
	int	section;
	size_t	key, email;	/* arena offsets */
};

/* One answer cut into attributes and objects. */
struct answer {
	enum whois_fmt	 fmt;
	struct buf	 arena;		/* NUL-separated keys and values */
	struct attr	*attrs;
	size_t		 nattrs, capattrs;
	struct obj	*objs;
	size_t		 nobjs, capobjs;
	int		 in_obj;	/* an object is open */
	int		 cont_ok;	/* a continuation line may follow */
	int		 section;
	struct abuse_cmt cmts[MAX_CMTS];
	size_t		 ncmts;
	int		 no_abuse;	/* "% No abuse contact registered" */
	int		 none;		/* the server said: nothing found */
	int		 errcode;	/* DP_EX_* of a server error line */
	struct sample	 errline;	/* ... and the line */
	struct sample	 templine;	/* "rate limit exceeded" and such */
	struct sample	 textline;	/* first line that is not key: value */
	size_t		 ntext;
	size_t		 nstatements;	/* lines searched for phrases */
	size_t		 nlong;		/* lines cut at WHOIS_LINE_MAX */
	int		 full;		/* MAX_OBJS or MAX_ATTRS reached */
};

/* An address block: a range, or a prefix when plen >= 0. */
struct block {
	int		family;
	unsigned char	first[16], last[16];
	int		plen;
};

/* ARIN: the attributes from one NetRange or ASNumber line to the next. */
struct asec {
	size_t	a0, a1;		/* attrs[a0 .. a1) */
	int	asn;		/* an ASNumber section */
};

/* State while one record is filled. */
struct rctx {
	const struct answer	*a;
	struct reg_record	*r;
	size_t			 lookups;
	const struct asec	*secs;	/* ARIN only */
};

/* ---- small string helpers ---- */

static int
is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Whether p[0..n) starts with s, ignoring ASCII case. */
static int
prefix_ci(const char *p, size_t n, const char *s)
{
	size_t m = strlen(s);

	return n >= m && strncasecmp(p, s, m) == 0;
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
			if (lower((unsigned char)p[i + j]) != s[j])
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
static void
quote_bytes(const char *p, size_t n, char q[QUOTE_BUF])
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
	quote_bytes(p, n, s->q);
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

	while (n > 0 && is_blank(p[n - 1]))
		n--;
	while (i < n && is_blank(p[i]))
		i++;
	utf8_clean_append(b, p + i, n - i);
}

/*
 * The first blank-separated token of s (cut at '#', an RPSL end-of-line
 * comment) into out (size outlen); returns its length, 0 if none or too
 * long.
 */
static size_t
first_token(const char *s, char *out, size_t outlen)
{
	size_t n = 0;

	while (is_blank(*s))
		s++;
	while (s[n] != '\0' && !is_blank(s[n]) && s[n] != '#')
		n++;
	if (n == 0 || n >= outlen)
		return 0;
	memcpy(out, s, n);
	out[n] = '\0';
	return n;
}

/* Whether the first token of value is name, ignoring case. */
static int
tok_eq(const char *value, const char *name)
{
	char t[256];

	return first_token(value, t, sizeof(t)) != 0 &&
	    strcasecmp(t, name) == 0;
}

static void
note(struct reg_record *r, const char *fmt, const char *arg)
{
	if (r->nnotes < MAX_NOTES)
		reg_add_note(r, fmt, arg);
}

/* ---- the line pass ---- */

static void
answer_init(struct answer *a, enum whois_fmt fmt)
{
	memset(a, 0, sizeof(*a));
	a->fmt = fmt;
	buf_init(&a->arena);
}

static void
answer_release(struct answer *a)
{
	buf_release(&a->arena);
	free(a->attrs);
	free(a->objs);
}

static const char *
akey(const struct answer *a, size_t i)
{
	return a->arena.s + a->attrs[i].key;
}

static const char *
aval(const struct answer *a, size_t i)
{
	return a->arena.s + a->attrs[i].val;
}

/* An object's type (its first attribute's name) and primary key. */
static const char *
otype(const struct answer *a, size_t o)
{
	return akey(a, a->objs[o].a0);
}

static const char *
okey(const struct answer *a, size_t o)
{
	return aval(a, a->objs[o].a0);
}

/* The first value of attribute key in object o, or NULL. */
static const char *
oget(const struct answer *a, size_t o, const char *key)
{
	size_t i, end = a->objs[o].a0 + a->objs[o].na;

	for (i = a->objs[o].a0; i < end; i++)
		if (strcasecmp(akey(a, i), key) == 0)
			return aval(a, i);
	return NULL;
}

static void
end_obj(struct answer *a)
{
	a->in_obj = 0;
	a->cont_ok = 0;
}

/* The class part of an rwhois key "class:Attribute" (length). */
static size_t
class_len(const char *key)
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

		cur = otype(a, a->nobjs - 1);
		if (class_len(cur) != cn || strncasecmp(cur, k, cn) != 0)
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

	while (n > 0 && is_blank(*p)) {
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
		lc[i] = (char)lower((unsigned char)p[i]);
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

	while (i < n && is_blank(p[i]))
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
	if (prefix_ci(p, n, "%ERROR:")) {
		error_line(a, p, n, lineno, 7);
		return;
	}
	if (a->fmt == WHOIS_RWHOIS && prefix_ci(p, n, "%error")) {
		error_line(a, p, n, lineno, 6);
		return;
	}
	if (prefix_ci(p, n, "% Information related to")) {
		a->section++;
		end_obj(a);
		return;
	}
	if (prefix_ci(p, n, "% Abuse contact for '")) {
		abuse_comment(a, p, n);
		return;
	}
	if (prefix_ci(p, n, "% No abuse contact registered")) {
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
		while (i < n && is_blank(p[i]))
			i++;
		if (i == n)
			break;
		s = i;
		while (i < n && !is_blank(p[i]))
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
	while (n > 0 && is_blank(*p)) {
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
		if (a->cont_ok)
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
	quote_bytes(text + s, e - s, q);
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

	while (i < len && (is_blank(text[i]) || text[i] == '\r' ||
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
	else if (prefix_ci(text + i, len - i, "HTTP/"))
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
		    "binary, not WHOIS text (%zu control bytes in %zu): '%s'", bad, len,
		    q);
	}
	return 0;
}

/*
 * Read text into a (answer_init()ed by the caller, released by the
 * caller).  Returns 0, 1 when the answer is empty, or an error code.
 */
static int
answer_load(struct answer *a, const char *text, size_t len,
    struct dp_err *err)
{
	int rc;

	if (text == NULL)
		len = 0;
	if ((rc = sniff(text, len, err)) != 0)
		return rc;
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
static int
answer_verdict(const struct answer *a, struct dp_err *err)
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

/* ---- values: addresses, blocks, AS numbers, e-mail addresses ---- */

/*
 * An address as registries write it: IPv4 octets may have leading zeros
 * ("074.125.000.000"), and with pad set may be fewer than four (LACNIC's
 * "200.57.128" of "200.57.128/19"); blanks around it are ignored.  IPv6
 * as inet_pton takes it.
 */
static int
addr_lenient(const char *s, size_t n, int pad, struct ipnet *out)
{
	return ipnet_parse_lenient(s, n, IPNET_TRIM | IPNET_ZEROS |
	    (pad ? IPNET_ABBREV : 0), out, NULL);
}

/*
 * A block as registries write it: "a - b" (spaces optional), a prefix
 * "a/len" (host bits are cleared; IPv4 may be abbreviated), or one address.
 */
static int
parse_block(const char *s, struct block *b)
{
	const char *dash = strchr(s, '-'), *slash = strchr(s, '/');
	struct ipnet x, y;
	unsigned long len = 0;
	int bits, i;

	memset(b, 0, sizeof(*b));
	if (dash != NULL) {
		if (addr_lenient(s, (size_t)(dash - s), 0, &x) != 0 ||
		    addr_lenient(dash + 1, strlen(dash + 1), 0, &y) != 0 ||
		    x.family != y.family ||
		    memcmp(x.addr, y.addr, (size_t)ipnet_bytes(x.family)) > 0)
			return -1;
		b->family = x.family;
		memcpy(b->first, x.addr, 16);
		memcpy(b->last, y.addr, 16);
		b->plen = -1;
		return 0;
	}
	if (slash != NULL) {
		if (addr_lenient(s, (size_t)(slash - s), 1, &x) != 0)
			return -1;
		bits = ipnet_bits(x.family);
		for (i = 1; slash[i] >= '0' && slash[i] <= '9' && len <= 128;
		    i++)
			len = len * 10 + (unsigned long)(slash[i] - '0');
		while (is_blank(slash[i]))
			i++;
		if (i == 1 || slash[i] != '\0' || len > (unsigned long)bits)
			return -1;
	} else {
		if (addr_lenient(s, strlen(s), 0, &x) != 0)
			return -1;
		bits = ipnet_bits(x.family);
		len = (unsigned long)bits;
	}
	b->family = x.family;
	b->plen = x.plen = (int)len;
	ipnet_first(&x, b->first);
	ipnet_last(&x, b->last);
	return 0;
}

/* last - first of b, as a 16-byte big-endian number. */
static void
block_size(const struct block *b, unsigned char out[16])
{
	int n = ipnet_bytes(b->family), i, borrow = 0, d;

	memset(out, 0, 16);
	for (i = n - 1; i >= 0; i--) {
		d = (int)b->last[i] - (int)b->first[i] - borrow;
		borrow = d < 0;
		out[16 - n + i] = (unsigned char)(d + (borrow ? 256 : 0));
	}
}

/* <0, 0, >0 as a is smaller than, as large as, larger than b. */
static int
block_cmp_size(const struct block *a, const struct block *b)
{
	unsigned char x[16], y[16];

	block_size(a, x);
	block_size(b, y);
	return memcmp(x, y, 16);
}

static int
block_contains(const struct block *p, const struct block *c)
{
	size_t n = (size_t)ipnet_bytes(p->family);

	return p->family == c->family && memcmp(p->first, c->first, n) <= 0 &&
	    memcmp(c->last, p->last, n) <= 0;
}

static int
block_overlaps(const struct block *x, const struct block *y)
{
	size_t n = (size_t)ipnet_bytes(x->family);

	return x->family == y->family && memcmp(x->first, y->last, n) <= 0 &&
	    memcmp(y->first, x->last, n) <= 0;
}

static void
set_block(struct reg_record *r, const struct block *b)
{
	struct ipnet n;

	if (b->plen >= 0) {
		memset(&n, 0, sizeof(n));
		n.family = b->family;
		memcpy(n.addr, b->first, 16);
		n.plen = b->plen;
		reg_set_prefix(r, &n);
	} else
		(void)reg_set_range(r, b->family, b->first, b->last, NULL);
}

/*
 * An AS number as registries write it: "AS3255", "as03255", "3255", asdot
 * "1.10"; blanks around it ignored.
 */
static int
asn_lenient(const char *s, size_t n, uint32_t *out)
{
	return asn_parse(s, n, ASN_TRIM | ASN_PREFIX | ASN_ASDOT | ASN_ZEROS,
	    out) == ASN_OK ? 0 : -1;
}

/* "2137-2584", "AS1877 - AS1901", "701 - 705", or one number. */
static int
asn_range(const char *s, uint32_t *lo, uint32_t *hi)
{
	const char *dash = strchr(s, '-');

	if (dash == NULL) {
		if (asn_lenient(s, strlen(s), lo) != 0)
			return -1;
		*hi = *lo;
		return 0;
	}
	if (asn_lenient(s, (size_t)(dash - s), lo) != 0 ||
	    asn_lenient(dash + 1, strlen(dash + 1), hi) != 0 || *hi < *lo)
		return -1;
	return 0;
}

/*
 * Trim an e-mail-like token p[0..n) of the punctuation that free text
 * puts around addresses ("<a@b>", "(a@b).", "mailto:a@b"); returns the
 * address in out if it is plausible.
 */
static int
clean_email(const char *p, size_t n, char *out, size_t outlen)
{
	size_t i;

	while (n > 0 && strchr("<([{\"'", *p) != NULL) {
		p++;
		n--;
	}
	if (prefix_ci(p, n, "mailto:")) {
		p += 7;
		n -= 7;
	}
	while (n > 0 && strchr(">)]}\"'.,;:!?", p[n - 1]) != NULL)
		n--;
	if (n == 0 || n >= outlen || !email_plausible(p, n))
		return 0;
	for (i = 0; i + 2 < n; i++)	/* a byte we replaced: corrupt */
		if (memcmp(p + i, utf8_replacement, 3) == 0)
			return 0;
	memcpy(out, p, n);
	out[n] = '\0';
	return 1;
}

static int
has_abuse(const struct reg_record *r)
{
	size_t i;

	for (i = 0; i < r->ncontacts; i++)
		if (r->contacts[i].role == ROLE_ABUSE)
			return 1;
	return 0;
}

/* Add the address in value (its first token) as a contact. */
static int
contact(struct reg_record *r, const char *value, enum reg_role role,
    const char *handle, const char *via)
{
	char tok[256], e[256];
	size_t n;

	if ((n = first_token(value, tok, sizeof(tok))) == 0 ||
	    !clean_email(tok, n, e, sizeof(e)))
		return 0;
	if (r->ncontacts >= MAX_CONTACTS)
		return 0;
	reg_add_contact(r, e, role, handle, via);
	return 1;
}

/* Every address in free text, as ROLE_REMARK: a hint, never abuse. */
static void
text_contacts(struct reg_record *r, const char *s, const char *handle,
    const char *via)
{
	char e[256];
	size_t i = 0, st;

	while (s[i] != '\0') {
		while (s[i] != '\0' && (is_blank(s[i]) || s[i] == ',' ||
		    s[i] == ';'))
			i++;
		st = i;
		while (s[i] != '\0' && !is_blank(s[i]) && s[i] != ',' &&
		    s[i] != ';')
			i++;
		if (i > st && memchr(s + st, '@', i - st) != NULL &&
		    clean_email(s + st, i - st, e, sizeof(e)) &&
		    r->ncontacts < MAX_CONTACTS)
			reg_add_contact(r, e, ROLE_REMARK, handle, via);
	}
}

static void
origin(struct reg_record *r, uint32_t asn)
{
	if (r->norigins < MAX_ORIGINS)
		reg_add_origin(r, asn);
}

/* OriginAS "AS15169", "AS15169, AS36040", "AS1 AS2". */
static void
origin_list(struct reg_record *r, const char *s)
{
	size_t i = 0, st;
	uint32_t asn;

	while (s[i] != '\0') {
		while (s[i] != '\0' && (is_blank(s[i]) || s[i] == ','))
			i++;
		st = i;
		while (s[i] != '\0' && !is_blank(s[i]) && s[i] != ',')
			i++;
		if (i > st && asn_lenient(s + st, i - st, &asn) == 0)
			origin(r, asn);
	}
}

/* A registry's source name as the record keeps it: "RIPE # Filtered"
 * is "ripe". */
static void
set_source(struct reg_record *r, const char *v)
{
	char t[64];
	size_t i, n;

	if (v == NULL || (n = first_token(v, t, sizeof(t))) == 0)
		return;
	for (i = 0; i < n; i++)
		t[i] = (char)lower((unsigned char)t[i]);
	reg_set(&r->source, t);
}

static void
set_if(char **field, const char *v)
{
	if (*field == NULL && v != NULL && *v != '\0')
		reg_set(field, v);
}

/* "Google Inc. (GOGL)" into name and handle. */
static void
name_handle(struct reg_record *r, const char *v)
{
	const char *open = strrchr(v, '(');
	size_t n = strlen(v);
	char *name, *h;

	if (open == NULL || n < 3 || v[n - 1] != ')' || open == v) {
		set_if(&r->org, v);
		return;
	}
	name = xstrndup(v, (size_t)(open - v));
	n = strlen(name);
	while (n > 0 && is_blank(name[n - 1]))
		name[--n] = '\0';
	h = xstrndup(open + 1, strlen(open + 1) - 1);
	set_if(&r->org, name);
	set_if(&r->org_handle, h);
	free(name);
	free(h);
}

/* ---- RPSL and LACNIC ---- */

enum ref_kind {
	REF_ABUSE,		/* abuse-c */
	REF_ORG,		/* org */
	REF_ORG_ABUSE,		/* the organisation's abuse-c */
	REF_IRT,		/* mnt-irt */
	REF_TECH,		/* tech-c, LACNIC routing-c */
	REF_ADMIN,		/* admin-c, LACNIC owner-c */
};

struct ref {
	enum ref_kind	 kind;
	long		 obj;		/* -1: not in the answer */
	const char	*handle;	/* as referenced (arena or static) */
	char		 hbuf[64];
};

/*
 * The object a reference names: a person, role or LACNIC nic-hdl block by
 * its nic-hdl; an organisation or irt by its key.  -1 if absent or when
 * the look-up budget of the answer is spent.
 */
static long
find_ref(struct rctx *c, const char *name, enum ref_kind kind)
{
	const struct answer *a = c->a;
	size_t o, i, end;
	const char *t;

	if (c->lookups++ >= MAX_LOOKUPS)
		return -1;
	for (o = 0; o < a->nobjs; o++) {
		t = otype(a, o);
		if (kind == REF_ORG) {
			if (strcasecmp(t, "organisation") == 0 &&
			    tok_eq(okey(a, o), name))
				return (long)o;
			continue;
		}
		if (kind == REF_IRT) {
			if (strcasecmp(t, "irt") == 0 &&
			    tok_eq(okey(a, o), name))
				return (long)o;
			continue;
		}
		end = a->objs[o].a0 + a->objs[o].na;
		for (i = a->objs[o].a0; i < end; i++)
			if ((strcasecmp(akey(a, i), "nic-hdl") == 0 ||
			    strcasecmp(akey(a, i), "nic-hdl-br") == 0) &&
			    tok_eq(aval(a, i), name))
				return (long)o;
	}
	return -1;
}

/* Follow every attribute key of object o as references of one kind. */
static size_t
add_refs(struct rctx *c, size_t o, const char *key, enum ref_kind kind,
    struct ref *refs, size_t n)
{
	const struct answer *a = c->a;
	size_t i, end = a->objs[o].a0 + a->objs[o].na;

	for (i = a->objs[o].a0; i < end && n < MAX_REFS; i++) {
		if (strcasecmp(akey(a, i), key) != 0)
			continue;
		if (first_token(aval(a, i), refs[n].hbuf,
		    sizeof(refs[n].hbuf)) == 0 ||
		    strcasecmp(refs[n].hbuf, "N/A") == 0)
			continue;
		refs[n].kind = kind;
		refs[n].handle = refs[n].hbuf;
		refs[n].obj = find_ref(c, refs[n].hbuf, kind == REF_ORG_ABUSE ?
		    REF_ABUSE : kind);
		n++;
	}
	return n;
}

/* Add every value of key in object o as a contact. */
static int
obj_contacts(struct rctx *c, size_t o, const char *key, enum reg_role role,
    const char *handle, const char *via)
{
	const struct answer *a = c->a;
	size_t i, end = a->objs[o].a0 + a->objs[o].na;
	int n = 0;

	for (i = a->objs[o].a0; i < end; i++)
		if (strcasecmp(akey(a, i), key) == 0)
			n += contact(c->r, aval(a, i), role, handle, via);
	return n;
}

/* Addresses in the free text of object o (remarks, descr, comment). */
static void
obj_text(struct rctx *c, size_t o, const char *handle)
{
	const struct answer *a = c->a;
	size_t i, end = a->objs[o].a0 + a->objs[o].na;
	const char *k;

	for (i = a->objs[o].a0; i < end; i++) {
		k = akey(a, i);
		if (strcasecmp(k, "remarks") == 0 ||
		    strcasecmp(k, "descr") == 0 ||
		    strcasecmp(k, "comment") == 0)
			text_contacts(c->r, aval(a, i), handle, k);
	}
}

/*
 * abuse-c references: the abuse-mailbox of the object named, or its
 * e-mail when it has none (LACNIC's nic-hdl blocks have only e-mail).
 */
static void
abuse_refs(struct rctx *c, const struct ref *refs, size_t n,
    enum ref_kind kind)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (refs[i].kind != kind)
			continue;
		if (refs[i].obj < 0) {
			note(c->r, "abuse-c '%s' is not in the answer",
			    refs[i].handle);
			continue;
		}
		if (obj_contacts(c, (size_t)refs[i].obj, "abuse-mailbox",
		    ROLE_ABUSE, refs[i].handle, "abuse-mailbox") == 0)
			obj_contacts(c, (size_t)refs[i].obj, "e-mail",
			    ROLE_ABUSE, refs[i].handle, "abuse-c");
	}
}

/*
 * The contacts of object o (a block or an aut-num), in the registry's
 * precedence: first every abuse address (the "% Abuse contact" comment of
 * its section, abuse-c, its own abuse-mailbox, its organisation's, its
 * irt's, those of its tech-c and admin-c objects), then the e-mail of
 * tech-c, irt, admin-c and organisation, then addresses in free text.
 */
static void
rpsl_collect(struct rctx *c, size_t o)
{
	const struct answer *a = c->a;
	struct reg_record *r = c->r;
	struct ref *refs;
	size_t n = 0, i, k;
	const char *key = okey(a, o);
	long org = -1;

	refs = xcalloc(MAX_REFS, sizeof(*refs));
	n = add_refs(c, o, "abuse-c", REF_ABUSE, refs, n);
	n = add_refs(c, o, "org", REF_ORG, refs, n);
	for (i = 0; i < n; i++)
		if (refs[i].kind == REF_ORG && refs[i].obj >= 0) {
			org = refs[i].obj;
			break;
		}
	if (org >= 0)
		n = add_refs(c, (size_t)org, "abuse-c", REF_ORG_ABUSE, refs,
		    n);
	n = add_refs(c, o, "mnt-irt", REF_IRT, refs, n);
	n = add_refs(c, o, "tech-c", REF_TECH, refs, n);
	n = add_refs(c, o, "routing-c", REF_TECH, refs, n);
	n = add_refs(c, o, "admin-c", REF_ADMIN, refs, n);
	n = add_refs(c, o, "owner-c", REF_ADMIN, refs, n);

	/* The registry's own statement comes first. */
	for (k = 0; k < a->ncmts; k++)
		if (a->cmts[k].section == a->objs[o].section)
			contact(r, a->arena.s + a->cmts[k].email, ROLE_ABUSE,
			    NULL, "abuse-comment");
	abuse_refs(c, refs, n, REF_ABUSE);
	obj_contacts(c, o, "abuse-mailbox", ROLE_ABUSE, key, "abuse-mailbox");
	abuse_refs(c, refs, n, REF_ORG_ABUSE);
	if (org >= 0)
		obj_contacts(c, (size_t)org, "abuse-mailbox", ROLE_ABUSE,
		    okey(a, (size_t)org), "abuse-mailbox");
	for (i = 0; i < n; i++)
		if (refs[i].kind == REF_IRT && refs[i].obj >= 0)
			obj_contacts(c, (size_t)refs[i].obj, "abuse-mailbox",
			    ROLE_ABUSE, refs[i].handle, "irt");
	for (i = 0; i < n; i++)
		if ((refs[i].kind == REF_TECH || refs[i].kind == REF_ADMIN) &&
		    refs[i].obj >= 0)
			obj_contacts(c, (size_t)refs[i].obj, "abuse-mailbox",
			    ROLE_ABUSE, refs[i].handle, "abuse-mailbox");

	/* Then the people behind the block. */
	for (i = 0; i < n; i++)
		if (refs[i].kind == REF_TECH && refs[i].obj >= 0)
			obj_contacts(c, (size_t)refs[i].obj, "e-mail",
			    ROLE_TECH, refs[i].handle, "e-mail");
	for (i = 0; i < n; i++)
		if (refs[i].kind == REF_IRT && refs[i].obj >= 0)
			obj_contacts(c, (size_t)refs[i].obj, "e-mail",
			    ROLE_TECH, refs[i].handle, "irt");
	for (i = 0; i < n; i++)
		if (refs[i].kind == REF_ADMIN && refs[i].obj >= 0)
			obj_contacts(c, (size_t)refs[i].obj, "e-mail",
			    ROLE_ADMIN, refs[i].handle, "e-mail");
	if (org >= 0)
		obj_contacts(c, (size_t)org, "e-mail", ROLE_REGISTRANT,
		    okey(a, (size_t)org), "e-mail");

	/* Last, hints in free text: never an abuse contact. */
	obj_text(c, o, key);
	for (i = 0; i < n; i++)
		if (refs[i].obj >= 0)
			obj_text(c, (size_t)refs[i].obj, refs[i].handle);
	free(refs);
}

/* Kinds of RPSL objects the record is made of. */
static int
is_block_type(const char *t)
{
	return strcasecmp(t, "inetnum") == 0 || strcasecmp(t, "inet6num") == 0;
}

static int
is_route_type(const char *t)
{
	return strcasecmp(t, "route") == 0 || strcasecmp(t, "route6") == 0;
}

/* A candidate block and its place in the answer. */
struct cand {
	size_t		idx;		/* object or ARIN section */
	struct block	b;
};

static int
cand_cmp(const void *x, const void *y)
{
	const struct cand *p = x, *q = y;
	int d = block_cmp_size(&p->b, &q->b);

	if (d != 0)
		return d;
	/* Equal sizes: the later first (the more detailed copy). */
	return p->idx < q->idx ? 1 : p->idx > q->idx ? -1 : 0;
}

/*
 * The objects of a type class whose key parses as a block, smallest first
 * (qsort: the list may be long in a hostile answer).
 */
static size_t
rpsl_cands(const struct answer *a, int routes, struct cand **out,
    struct reg_record *r)
{
	struct cand *v = NULL;
	size_t n = 0, o;
	const char *t;
	int bad = 0;

	for (o = 0; o < a->nobjs; o++) {
		t = otype(a, o);
		if (!(routes ? is_route_type(t) : is_block_type(t)))
			continue;
		v = xrealloc(v, (n + 1) * sizeof(*v));
		v[n].idx = o;
		if (parse_block(okey(a, o), &v[n].b) != 0) {
			if (bad++ == 0)
				note(r, "ignored a block that does not "
				    "parse: '%s'", okey(a, o));
			continue;
		}
		n++;
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), cand_cmp);
	*out = v;
	return n;
}

/*
 * When the chosen object names no abuse address, add the contacts of the
 * enclosing blocks, closest first, up to the first that has one.
 */
static void
parent_contacts(struct rctx *c, const struct cand *v, size_t n, size_t me,
    void (*collect)(struct rctx *, size_t),
    const char *(*name)(const struct rctx *, size_t))
{
	size_t i, tried = 0, before;
	char msg[512];

	if (has_abuse(c->r))
		return;
	for (i = 0; i < n && tried < MAX_PARENTS; i++) {
		if (i == me || !block_contains(&v[i].b, &v[me].b))
			continue;
		if (block_cmp_size(&v[i].b, &v[me].b) == 0 && i < me)
			continue;	/* the same block, seen before */
		tried++;
		before = c->r->ncontacts;
		collect(c, v[i].idx);
		if (c->r->ncontacts == before)
			continue;
		snprintf(msg, sizeof(msg), "%s", name(c, v[i].idx));
		note(c->r, "no abuse contact for the block itself; contacts "
		    "of the enclosing '%s' added", msg);
		if (has_abuse(c->r))
			break;
	}
}

/* The organisation object o references, or -1. */
static long
org_of(struct rctx *c, size_t o)
{
	const char *v = oget(c->a, o, "org");
	char h[64];

	if (v == NULL || first_token(v, h, sizeof(h)) == 0)
		return -1;
	return find_ref(c, h, REF_ORG);
}

/* name, org, country, status, source of an RPSL or LACNIC object. */
static void
rpsl_fields(struct rctx *c, size_t o, enum whois_fmt fmt)
{
	const struct answer *a = c->a;
	struct reg_record *r = c->r;
	long org = org_of(c, o);
	const char *v;
	char h[64];

	if (fmt == WHOIS_LACNIC) {
		set_if(&r->org, oget(a, o, "owner"));
		set_if(&r->org_handle, oget(a, o, "ownerid"));
	}
	set_if(&r->name, oget(a, o, "netname"));
	set_if(&r->name, oget(a, o, "as-name"));
	if (org >= 0) {
		set_if(&r->org, oget(a, (size_t)org, "org-name"));
		if (first_token(okey(a, (size_t)org), h, sizeof(h)) != 0)
			set_if(&r->org_handle, h);
	} else if ((v = oget(a, o, "org")) != NULL &&
	    first_token(v, h, sizeof(h)) != 0)
		set_if(&r->org_handle, h);
	set_if(&r->org, oget(a, o, "descr"));
	set_if(&r->country, oget(a, o, "country"));
	if (org >= 0)
		set_if(&r->country, oget(a, (size_t)org, "country"));
	set_if(&r->status, oget(a, o, "status"));
	set_source(r, oget(a, o, "source"));
	if (r->source == NULL && fmt == WHOIS_LACNIC)
		reg_set(&r->source, "lacnic");
}

static const char *
obj_name(const struct rctx *c, size_t o)
{
	return okey(c->a, o);
}

/* REG_NET from the smallest inetnum/inet6num (else route) object. */
static void
rpsl_net(struct rctx *c, enum whois_fmt fmt)
{
	const struct answer *a = c->a;
	struct reg_record *r = c->r;
	struct cand *v = NULL, *rt = NULL;
	size_t n, nr, i, o;
	const struct cand *pick;
	const char *an;
	uint32_t asn;
	int from_routes = 0;

	n = rpsl_cands(a, 0, &v, r);
	nr = rpsl_cands(a, 1, &rt, r);
	if (n == 0 && nr == 0)
		goto out;
	if (n == 0) {
		from_routes = 1;
		pick = &rt[0];
		note(r, "no inetnum in the answer; the block is the route "
		    "object '%s'", okey(a, rt[0].idx));
	} else
		pick = &v[0];
	o = pick->idx;
	r->kind = REG_NET;
	set_block(r, &pick->b);
	reg_set(&r->handle, okey(a, o));
	rpsl_fields(c, o, fmt);
	if (fmt == WHOIS_LACNIC && (an = oget(a, o, "aut-num")) != NULL &&
	    asn_lenient(an, strlen(an), &asn) == 0)
		origin(r, asn);
	/* Route objects of the same answer: most specific first. */
	for (i = 0; i < nr; i++) {
		if (!block_overlaps(&rt[i].b, &pick->b))
			continue;
		an = oget(a, rt[i].idx, "origin");
		if (an != NULL && asn_lenient(an, strlen(an), &asn) == 0)
			origin(r, asn);
	}
	rpsl_collect(c, o);
	if (!from_routes)
		parent_contacts(c, v, n, 0, rpsl_collect, obj_name);
out:
	free(v);
	free(rt);
}

/* REG_AUTNUM from the aut-num object (else the as-block). */
static void
rpsl_autnum(struct rctx *c, enum whois_fmt fmt)
{
	const struct answer *a = c->a;
	struct reg_record *r = c->r;
	size_t o, nroutes = 0;
	uint32_t lo, hi;
	long block = -1;
	char h[32];
	const char *t;

	for (o = 0; o < a->nobjs; o++) {
		t = otype(a, o);
		if (is_route_type(t))
			nroutes++;
		if (strcasecmp(t, "as-block") == 0 && block < 0 &&
		    asn_range(okey(a, o), &lo, &hi) == 0)
			block = (long)o;
		if (strcasecmp(t, "aut-num") != 0 ||
		    asn_lenient(okey(a, o), strlen(okey(a, o)), &lo) != 0)
			continue;
		r->kind = REG_AUTNUM;
		r->asn_first = r->asn_last = lo;
		snprintf(h, sizeof(h), "AS%u", (unsigned)lo);
		reg_set(&r->handle, h);
		rpsl_fields(c, o, fmt);
		rpsl_collect(c, o);
		return;
	}
	if (block >= 0) {
		o = (size_t)block;
		(void)asn_range(okey(a, o), &lo, &hi);
		r->kind = REG_AUTNUM;
		r->asn_first = lo;
		r->asn_last = hi;
		reg_set(&r->handle, okey(a, o));
		rpsl_fields(c, o, fmt);
		rpsl_collect(c, o);
		note(r, "no aut-num in the answer, only the as-block '%s'",
		    okey(a, o));
		return;
	}
	if (nroutes > 0)
		note(r, "%s", "the answer has route objects but no aut-num; "
		    "see rpsl_parse_routes()");
}

/* ---- ARIN ---- */

static size_t
arin_sections(const struct answer *a, struct asec **out)
{
	struct asec *v = NULL;
	size_t n = 0, i;
	const char *k;

	for (i = 0; i < a->nattrs; i++) {
		k = akey(a, i);
		if (strcasecmp(k, "NetRange") != 0 &&
		    strcasecmp(k, "ASNumber") != 0)
			continue;
		if (n > 0)
			v[n - 1].a1 = i;
		v = xrealloc(v, (n + 1) * sizeof(*v));
		v[n].a0 = i;
		v[n].a1 = a->nattrs;
		v[n].asn = strcasecmp(k, "ASNumber") == 0;
		n++;
	}
	*out = v;
	return n;
}

/* The first value of key in section s, or NULL. */
static const char *
sget(const struct answer *a, const struct asec *s, const char *key)
{
	size_t i;

	for (i = s->a0; i < s->a1; i++)
		if (strcasecmp(akey(a, i), key) == 0)
			return aval(a, i);
	return NULL;
}

/*
 * The POC e-mails of a section in ARIN's precedence: the resource's own
 * (R*, set on a reassignment) before the organisation's, abuse before
 * technical before administrative; then addresses in Comment text.
 */
static void
arin_collect(struct rctx *c, size_t si)
{
	static const struct {
		const char	*poc;
		enum reg_role	 role;
	} order[] = {
		{ "RAbuse", ROLE_ABUSE }, { "OrgAbuse", ROLE_ABUSE },
		{ "RTech", ROLE_TECH }, { "RNOC", ROLE_TECH },
		{ "RRouting", ROLE_TECH }, { "OrgTech", ROLE_TECH },
		{ "OrgNOC", ROLE_TECH }, { "OrgRouting", ROLE_TECH },
		{ "RAdmin", ROLE_ADMIN }, { "OrgAdmin", ROLE_ADMIN },
		{ "RDNS", ROLE_OTHER }, { "OrgDNS", ROLE_OTHER },
	};
	const struct answer *a = c->a;
	const struct asec *s = &c->secs[si];
	char hk[32], ek[32];
	const char *handle, *k;
	size_t j, i;

	for (j = 0; j < ARRAY_SIZE(order); j++) {
		snprintf(hk, sizeof(hk), "%sHandle", order[j].poc);
		snprintf(ek, sizeof(ek), "%sEmail", order[j].poc);
		handle = NULL;
		for (i = s->a0; i < s->a1; i++) {
			k = akey(a, i);
			if (strcasecmp(k, hk) == 0)
				handle = aval(a, i);
			else if (strcasecmp(k, ek) == 0)
				contact(c->r, aval(a, i), order[j].role,
				    handle != NULL && *handle != '\0' ?
				    handle : NULL, ek);
		}
	}
	for (i = s->a0; i < s->a1; i++)
		if (strcasecmp(akey(a, i), "Comment") == 0)
			text_contacts(c->r, aval(a, i), sget(a, s, "NetHandle"),
			    "Comment");
}

static const char *
arin_name(const struct rctx *c, size_t si)
{
	const char *h = sget(c->a, &c->secs[si], "NetHandle");

	return h != NULL ? h : aval(c->a, c->secs[si].a0);
}

/* Organisation, country, status and POCs of the chosen section. */
static void
arin_fields(struct rctx *c, const struct asec *s)
{
	const struct answer *a = c->a;
	struct reg_record *r = c->r;
	const char *v;

	set_if(&r->org, sget(a, s, "OrgName"));
	set_if(&r->org_handle, sget(a, s, "OrgId"));
	set_if(&r->org, sget(a, s, "CustName"));
	if ((v = sget(a, s, "Organization")) != NULL && *v != '\0')
		name_handle(r, v);
	if ((v = sget(a, s, "Customer")) != NULL && *v != '\0')
		name_handle(r, v);
	set_if(&r->country, sget(a, s, "Country"));
	reg_set(&r->source, "arin");
}

/* ReferralServer (the last), else a ResourceLink naming a WHOIS host. */
static void
arin_referral(const struct answer *a, struct reg_record *r)
{
	const char *ref = NULL, *link = NULL, *k, *v;
	size_t i;

	for (i = 0; i < a->nattrs; i++) {
		k = akey(a, i);
		v = aval(a, i);
		if (*v == '\0')
			continue;
		if (strcasecmp(k, "ReferralServer") == 0)
			ref = v;
		else if (strcasecmp(k, "ResourceLink") == 0) {
			if (prefix_ci(v, strlen(v), "http://") ||
			    prefix_ci(v, strlen(v), "https://"))
				note(r, "transferred resource, see %s", v);
			else
				link = v;
		}
	}
	if (ref == NULL)
		ref = link;
	if (ref != NULL)
		reg_set(&r->referral, ref);
}

static void
arin_interpret(struct rctx *c, enum whois_qtype t)
{
	const struct answer *a = c->a;
	struct reg_record *r = c->r;
	struct asec *secs = NULL;
	struct cand *v = NULL;
	size_t ns, n = 0, i, best = 0;
	uint32_t lo, hi, blo = 0, bhi = 0;
	const struct asec *s;
	const char *x;
	int found = 0;

	ns = arin_sections(a, &secs);
	c->secs = secs;
	arin_referral(a, r);
	if (t == WQ_ASN) {
		for (i = 0; i < ns; i++) {
			if (!secs[i].asn || asn_range(aval(a, secs[i].a0),
			    &lo, &hi) != 0)
				continue;
			if (!found || hi - lo < bhi - blo) {
				best = i;
				blo = lo;
				bhi = hi;
				found = 1;
			}
		}
		if (!found)
			goto out;
		s = &secs[best];
		r->kind = REG_AUTNUM;
		r->asn_first = blo;
		r->asn_last = bhi;
		set_if(&r->handle, sget(a, s, "ASHandle"));
		set_if(&r->name, sget(a, s, "ASName"));
		arin_fields(c, s);
		arin_collect(c, best);
		goto out;
	}
	for (i = 0; i < ns; i++) {
		if (secs[i].asn)
			continue;
		v = xrealloc(v, (n + 1) * sizeof(*v));
		v[n].idx = i;
		if (parse_block(aval(a, secs[i].a0), &v[n].b) != 0) {
			note(r, "ignored a NetRange that does not parse: '%s'",
			    aval(a, secs[i].a0));
			continue;
		}
		n++;
	}
	if (n == 0)
		goto out;
	if (n > 1)
		qsort(v, n, sizeof(*v), cand_cmp);
	s = &secs[v[0].idx];
	r->kind = REG_NET;
	set_block(r, &v[0].b);
	set_if(&r->handle, sget(a, s, "NetHandle"));
	set_if(&r->name, sget(a, s, "NetName"));
	set_if(&r->status, sget(a, s, "NetType"));
	if ((x = sget(a, s, "OriginAS")) != NULL)
		origin_list(r, x);
	arin_fields(c, s);
	if (sget(a, s, "X-Summary") != NULL)
		note(r, "%s", "ARIN answered with a summary list; ask for the "
		    "handle for contacts");
	arin_collect(c, v[0].idx);
	parent_contacts(c, v, n, 0, arin_collect, arin_name);
out:
	free(v);
	free(secs);
}

/* ---- IANA ---- */

/*
 * IANA's answer is one RPSL-looking list whose attributes are spread over
 * blank-separated groups ("refer:", then "inetnum:" with "organisation:"
 * and "status:", then "whois:"), so it is read as one flat list.
 */
static void
iana_interpret(struct rctx *c, enum whois_qtype t)
{
	const struct answer *a = c->a;
	struct reg_record *r = c->r;
	const char *k, *v, *refer = NULL, *whois = NULL;
	struct block b;
	uint32_t lo, hi;
	size_t i;
	int got = 0;

	for (i = 0; i < a->nattrs; i++) {
		k = akey(a, i);
		v = aval(a, i);
		if (strcasecmp(k, "refer") == 0 && refer == NULL && *v != '\0')
			refer = v;
		else if (strcasecmp(k, "whois") == 0 && whois == NULL &&
		    *v != '\0')
			whois = v;
		else if (!got && (strcasecmp(k, "inetnum") == 0 ||
		    strcasecmp(k, "inet6num") == 0) &&
		    parse_block(v, &b) == 0) {
			r->kind = REG_NET;
			set_block(r, &b);
			got = 1;
		} else if (!got && (strcasecmp(k, "as-block") == 0 ||
		    strcasecmp(k, "aut-num") == 0) &&
		    asn_range(v, &lo, &hi) == 0) {
			r->kind = REG_AUTNUM;
			r->asn_first = lo;
			r->asn_last = hi;
			got = 1;
		} else if (got && strcasecmp(k, "organisation") == 0)
			set_if(&r->org, v);
		else if (got && strcasecmp(k, "status") == 0)
			set_if(&r->status, v);
	}
	if (refer == NULL)
		refer = whois;
	if (refer != NULL) {
		reg_set(&r->referral, refer);
		if (!got)	/* only a referral: still worth returning */
			r->kind = t == WQ_ASN ? REG_AUTNUM : REG_NET;
	}
	if (r->kind != REG_NONE)
		reg_set(&r->source, "iana");
}

/* ---- rwhois ---- */

/* The first value of an rwhois attribute (any class) in object o. */
static const char *
rget(const struct answer *a, size_t o, const char *attr)
{
	size_t i, end = a->objs[o].a0 + a->objs[o].na;
	const char *k;

	for (i = a->objs[o].a0; i < end; i++) {
		k = akey(a, i) + class_len(akey(a, i));
		if (*k == ':' && strcasecmp(k + 1, attr) == 0)
			return aval(a, i);
	}
	return NULL;
}

static int
is_rwhois_net(const struct answer *a, size_t o)
{
	const char *t = otype(a, o);

	return class_len(t) == 7 && strncasecmp(t, "network", 7) == 0;
}

/* Contacts of an rwhois network: addresses, or handles of objects. */
static void
rwhois_collect(struct rctx *c, size_t o)
{
	static const struct {
		const char	*attr;
		enum reg_role	 role;
	} order[] = {
		{ "Abuse-Contact", ROLE_ABUSE }, { "Tech-Contact", ROLE_TECH },
		{ "Admin-Contact", ROLE_ADMIN },
	};
	static const char *const mails[] = { "Email", "E-Mail", "Mailbox" };
	const struct answer *a = c->a;
	size_t j, i, p, m, end = a->objs[o].a0 + a->objs[o].na;
	const char *k, *v, *id;
	char h[64];

	for (j = 0; j < ARRAY_SIZE(order); j++)
		for (i = a->objs[o].a0; i < end; i++) {
			k = akey(a, i) + class_len(akey(a, i));
			if (*k != ':' || strcasecmp(k + 1, order[j].attr) != 0)
				continue;
			v = aval(a, i);
			if (contact(c->r, v, order[j].role, NULL,
			    order[j].attr) || first_token(v, h, sizeof(h)) == 0)
				continue;
			if (c->lookups++ >= MAX_LOOKUPS)
				continue;
			for (p = 0; p < a->nobjs; p++) {
				if ((id = rget(a, p, "ID")) == NULL ||
				    !tok_eq(id, h))
					continue;
				for (m = 0; m < ARRAY_SIZE(mails); m++)
					if ((id = rget(a, p, mails[m])) != NULL)
						contact(c->r, id, order[j].role,
						    h, order[j].attr);
				break;
			}
		}
	for (i = a->objs[o].a0; i < end; i++) {
		k = akey(a, i) + class_len(akey(a, i));
		if (*k == ':' && (strcasecmp(k + 1, "Comment") == 0 ||
		    strcasecmp(k + 1, "Remarks") == 0))
			text_contacts(c->r, aval(a, i), rget(a, o, "ID"),
			    k + 1);
	}
}

static const char *
rwhois_name(const struct rctx *c, size_t o)
{
	const char *id = rget(c->a, o, "ID");

	return id != NULL ? id : "?";
}

static void
rwhois_interpret(struct rctx *c)
{
	const struct answer *a = c->a;
	struct reg_record *r = c->r;
	struct cand *v = NULL;
	size_t n = 0, o;
	const char *x;

	for (o = 0; o < a->nobjs; o++) {
		if (!is_rwhois_net(a, o))
			continue;
		if ((x = rget(a, o, "IP-Network-Block")) == NULL &&
		    (x = rget(a, o, "IP-Network")) == NULL)
			continue;
		v = xrealloc(v, (n + 1) * sizeof(*v));
		v[n].idx = o;
		if (parse_block(x, &v[n].b) == 0)
			n++;
	}
	if (n == 0)
		goto out;
	if (n > 1)
		qsort(v, n, sizeof(*v), cand_cmp);
	o = v[0].idx;
	r->kind = REG_NET;
	set_block(r, &v[0].b);
	set_if(&r->handle, rget(a, o, "ID"));
	set_if(&r->name, rget(a, o, "Network-Name"));
	set_if(&r->org, rget(a, o, "Org-Name"));
	set_if(&r->org, rget(a, o, "Organization-Name"));
	set_if(&r->org, rget(a, o, "Organization"));
	set_if(&r->country, rget(a, o, "Country-Code"));
	set_if(&r->country, rget(a, o, "Country"));
	set_if(&r->country, rget(a, o, "Organization-Country"));
	reg_set(&r->source, "rwhois");
	rwhois_collect(c, o);
	parent_contacts(c, v, n, 0, rwhois_collect, rwhois_name);
out:
	free(v);
}

/* ---- the public functions ---- */

const char *
whois_fmt_name(enum whois_fmt fmt)
{
	static const char *const names[] = {
		"iana", "arin", "rpsl", "lacnic", "rwhois",
	};

	return (size_t)fmt < ARRAY_SIZE(names) ? names[fmt] : "rpsl";
}

/* host in lower case without scheme, port and final dot, into out. */
static void
host_norm(const char *host, char *out, size_t outlen)
{
	size_t n = 0;

	if (prefix_ci(host, strlen(host), "rwhois://"))
		host += 9;
	else if (prefix_ci(host, strlen(host), "whois://"))
		host += 8;
	while (host[n] != '\0' && host[n] != ':' && host[n] != '/' &&
	    n + 1 < outlen) {
		out[n] = (char)lower((unsigned char)host[n]);
		n++;
	}
	while (n > 0 && out[n - 1] == '.')
		n--;
	out[n] = '\0';
}

enum whois_fmt
whois_fmt_for_server(const char *host)
{
	char h[256];

	if (host == NULL)
		return WHOIS_RPSL;
	if (prefix_ci(host, strlen(host), "rwhois://"))
		return WHOIS_RWHOIS;
	host_norm(host, h, sizeof(h));
	if (strcmp(h, "whois.iana.org") == 0)
		return WHOIS_IANA;
	if (strcmp(h, "whois.arin.net") == 0)
		return WHOIS_ARIN;
	if (strcmp(h, "whois.lacnic.net") == 0 ||
	    strcmp(h, "whois.registro.br") == 0)
		return WHOIS_LACNIC;
	if (strncmp(h, "rwhois.", 7) == 0)
		return WHOIS_RWHOIS;
	return WHOIS_RPSL;
}

/* The RIRs whose servers take RIPE's query flags. */
static int
ripe_flags_host(const char *host)
{
	char h[256];

	if (host == NULL)
		return 0;
	host_norm(host, h, sizeof(h));
	return strcmp(h, "whois.ripe.net") == 0 ||
	    strcmp(h, "whois.apnic.net") == 0 ||
	    strcmp(h, "whois.afrinic.net") == 0;
}

char *
whois_query(enum whois_fmt fmt, const char *host, enum whois_qtype t,
    const char *value)
{
	char txt[IPNET_STRLEN];
	struct ipnet n;
	uint32_t asn = 0;
	int ripe = fmt == WHOIS_RPSL && ripe_flags_host(host);

	if (value == NULL)
		return NULL;
	switch (t) {
	case WQ_ADDR:
		if (val_ip(value, &n, NULL) != 0)
			return NULL;
		ipnet_format_addr(&n, txt, sizeof(txt));
		break;
	case WQ_PREFIX:
		if (val_cidr(value, &n, NULL) != 0)
			return NULL;
		if (fmt == WHOIS_IANA)	/* IANA wants an address */
			ipnet_format_addr(&n, txt, sizeof(txt));
		else
			ipnet_format(&n, txt, sizeof(txt));
		break;
	case WQ_ASN:
		if (asn_parse(value, strlen(value), ASN_STRICT, &asn) !=
		    ASN_OK)
			return NULL;
		break;
	default:
		return NULL;
	}
	if (fmt == WHOIS_ARIN)
		return t == WQ_ASN ? xasprintf("a %u", (unsigned)asn) :
		    t == WQ_ADDR ? xasprintf("n + %s", txt) :
		    xasprintf("r + = %s", txt);
	if (t == WQ_ASN)
		return ripe ? xasprintf("-r -T aut-num AS%u", (unsigned)asn) :
		    xasprintf("AS%u", (unsigned)asn);
	return ripe ? xasprintf("-r %s", txt) : xstrdup(txt);
}

char *
whois_query_origin(const char *host, uint32_t asn)
{
	(void)host;
	return xasprintf("-i origin AS%u", (unsigned)asn);
}

int
whois_parse(enum whois_fmt fmt, const char *text, size_t len,
    enum whois_qtype t, struct reg_record *out, struct dp_err *err)
{
	struct answer a;
	struct reg_record r;
	struct rctx c;
	int rc;

	if ((unsigned)fmt > WHOIS_RWHOIS)
		fmt = WHOIS_RPSL;
	if ((unsigned)t > WQ_ASN)
		t = WQ_ADDR;
	answer_init(&a, fmt);
	reg_record_init(&r);
	if ((rc = answer_load(&a, text, len, err)) != 0) {
		if (rc == 1)	/* empty: nothing found */
			rc = 0;
		goto out;
	}
	memset(&c, 0, sizeof(c));
	c.a = &a;
	c.r = &r;
	switch (fmt) {
	case WHOIS_IANA:
		iana_interpret(&c, t);
		break;
	case WHOIS_ARIN:
		arin_interpret(&c, t);
		break;
	case WHOIS_RWHOIS:
		if (t != WQ_ASN)
			rwhois_interpret(&c);
		break;
	default:
		if (t == WQ_ASN)
			rpsl_autnum(&c, fmt);
		else
			rpsl_net(&c, fmt);
		break;
	}
	if (r.kind == REG_NONE && (rc = answer_verdict(&a, err)) != 0)
		goto out;
	if (r.kind != REG_NONE) {
		if (a.no_abuse)
			note(&r, "%s", "the registry says no abuse contact is "
			    "registered");
		if (a.full)
			note(&r, "%s", "answer too long: the rest was not "
			    "read");
		if (a.nlong > 0)
			note(&r, "%s", "lines longer than 4096 bytes were "
			    "cut");
	}
	reg_sort_contacts(&r);
out:
	if (rc == 0) {
		reg_record_release(out);
		*out = r;
	} else
		reg_record_release(&r);
	answer_release(&a);
	return rc;
}

int
whois_referral_parse(const char *ref, char **host, int *port,
    int *is_rwhois, struct dp_err *err)
{
	char q[QUOTE_BUF], hb[300], canon[256];
	const char *p, *e, *h, *he, *scheme;
	size_t n = ref != NULL ? strlen(ref) : 0;
	unsigned long prt = 0;
	struct ipnet ip;
	int rw = 0, digits = 0;

	if (ref == NULL)
		ref = "";
	p = ref;
	e = ref + n;
	while (p < e && is_blank(*p))
		p++;
	while (e > p && is_blank(e[-1]))
		e--;
	quote_bytes(p, (size_t)(e - p), q);
	if (prefix_ci(p, (size_t)(e - p), "rwhois://")) {
		rw = 1;
		p += 9;
	} else if (prefix_ci(p, (size_t)(e - p), "whois://"))
		p += 8;
	else if ((scheme = strstr(p, "://")) != NULL && scheme < e)
		return dp_fail(err, DP_EX_PROTOCOL, "not a WHOIS referral "
		    "(another scheme): '%s'", q);
	if (p < e && *p == '[') {
		h = p + 1;
		he = memchr(h, ']', (size_t)(e - h));
		if (he == NULL)
			goto bad;
		p = he + 1;
	} else {
		h = p;
		while (p < e && *p != ':' && *p != '/')
			p++;
		he = p;
	}
	if (p < e && *p == ':') {
		for (p++; p < e && *p >= '0' && *p <= '9' && prt <= 65535;
		    p++, digits++)
			prt = prt * 10 + (unsigned long)(*p - '0');
		if (digits == 0 || prt == 0 || prt > 65535)
			goto bad;
	}
	if (p < e && *p != '/')
		goto bad;
	if (he == h || (size_t)(he - h) >= sizeof(hb))
		goto bad;
	memcpy(hb, h, (size_t)(he - h));
	hb[he - h] = '\0';
	if (val_ip(hb, &ip, NULL) == 0) {
		if ((ip.family == AF_INET6) != (h > ref && h[-1] == '['))
			goto bad;
		ipnet_format_addr(&ip, canon, sizeof(canon));
	} else if (h > ref && h[-1] == '[')
		goto bad;
	else if (val_domain(hb, canon, sizeof(canon), NULL) != 0)
		goto bad;
	*host = xstrdup(canon);
	*port = digits ? (int)prt : rw ? RWHOIS_PORT : WHOIS_PORT;
	*is_rwhois = rw;
	return 0;
bad:
	return dp_fail(err, DP_EX_PROTOCOL, "bad WHOIS referral '%s'", q);
}
