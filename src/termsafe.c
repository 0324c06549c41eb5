/*
 * termsafe.c - the visible form of untrusted text, and the control and
 * bidi checks of typed text; see termsafe.h.  Hand-written: libunistring
 * classifies characters but has no "escape for a terminal" call, and the
 * notation is depeer's own (documented in depeer(1)).  Decoding is
 * libunistring's u8_mbtoucr(), which takes the same sequences as
 * well-formed as utf8.c's utf8_seq() (no overlongs, no surrogates,
 * nothing above U+10FFFF; check_termsafe.c holds them to each other).
 * No allocation and no other module of ours: util.c's message functions
 * use it, and die() must not recurse.
 */
#include <stdio.h>
#include <string.h>

#include <unistr.h>

#include "termsafe.h"

/* What classify() found at a position. */
enum {
	K_KEEP,		/* shown as it is */
	K_BACKSLASH,	/* '\\', doubled */
	K_BYTE,		/* one byte as \n, \r, \t or \xNN */
	K_POINT		/* a code point as \uNNNN */
};

/*
 * If p[0..n) starts with a well-formed UTF-8 sequence of two to four
 * bytes, its length and code point; else 0.
 */
static size_t
seq(const unsigned char *p, size_t n, unsigned long *cpp)
{
	ucs4_t uc;
	int len;

	if (p[0] < 0xc2 || (len = u8_mbtoucr(&uc, p, n)) < 2)
		return 0;
	*cpp = uc;
	return (size_t)len;
}

/* The bidirectional overrides and isolates. */
static int
bidi_point(unsigned long cp)
{
	return (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069);
}

/* The code points written as \uNNNN. */
static int
point_escaped(unsigned long cp)
{
	return (cp >= 0x80 && cp < 0xa0) || bidi_point(cp) ||
	    cp == 0x2028 || cp == 0x2029;
}

/*
 * The kind of the character at p[0..n) (n >= 1), its length in *lenp
 * (at least 1) and, for K_POINT, its code point in *cpp.
 */
static int
classify(const unsigned char *p, size_t n, unsigned flags, size_t *lenp,
    unsigned long *cpp)
{
	unsigned char c = p[0];
	size_t len;

	*lenp = 1;
	if (c >= 0x20 && c < 0x7f)
		return c == '\\' ? K_BACKSLASH : K_KEEP;
	if (c < 0x80) {
		if ((flags & TS_MULTILINE) != 0) {
			if (c == '\n' || c == '\t')
				return K_KEEP;
			if (c == '\r' && n >= 2 && p[1] == '\n') {
				*lenp = 2;
				return K_KEEP;
			}
		}
		return K_BYTE;
	}
	if ((len = seq(p, n, cpp)) == 0)
		return K_BYTE;
	*lenp = len;
	return point_escaped(*cpp) ? K_POINT : K_KEEP;
}

int
ts_plain(const char *s, size_t len, unsigned flags)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	unsigned long cp;
	size_t n;

	while (p < end) {
		/* Printable ASCII without a call: nearly all of it. */
		if (*p >= 0x20 && *p < 0x7f && *p != '\\') {
			p++;
			continue;
		}
		if (classify(p, (size_t)(end - p), flags, &n, &cp) != K_KEEP)
			return 0;
		p += n;
	}
	return 1;
}

/*
 * The one escaper, writing through out(arg, bytes, n): into a buf, or to
 * a stream without allocating (die()'s "out of memory" goes through it).
 */
static void
escape_to(void (*out)(void *, const void *, size_t), void *arg,
    const char *s, size_t len, unsigned flags)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s, *end = p + len,
	    *run;
	unsigned long cp = 0;
	char e[8];
	size_t n;

	while (p < end) {
		run = p;
		while (p < end && *p >= 0x20 && *p < 0x7f && *p != '\\')
			p++;
		if (p > run)
			out(arg, run, (size_t)(p - run));
		if (p == end)
			break;
		switch (classify(p, (size_t)(end - p), flags, &n, &cp)) {
		case K_KEEP:
			out(arg, p, n);
			break;
		case K_BACKSLASH:
			out(arg, "\\\\", 2);
			break;
		case K_BYTE:
			e[0] = '\\';
			if (*p == '\n' || *p == '\r' || *p == '\t') {
				e[1] = *p == '\n' ? 'n' : *p == '\r' ? 'r' :
				    't';
				out(arg, e, 2);
				break;
			}
			e[1] = 'x';
			e[2] = hex[*p >> 4];
			e[3] = hex[*p & 0xf];
			out(arg, e, 4);
			break;
		default:	/* K_POINT: below U+10000, four digits */
			e[0] = '\\';
			e[1] = 'u';
			e[2] = hex[(cp >> 12) & 0xf];
			e[3] = hex[(cp >> 8) & 0xf];
			e[4] = hex[(cp >> 4) & 0xf];
			e[5] = hex[cp & 0xf];
			out(arg, e, 6);
			break;
		}
		p += n;
	}
}

/* Where escape_to() writes into memory. */
static void
out_mem(void *arg, const void *s, size_t n)
{
	char **o = arg;

	memcpy(*o, s, n);
	*o += n;
}

static void
out_count(void *arg, const void *s, size_t n)
{
	(void)s;
	*(size_t *)arg += n;
}

static void
out_file(void *arg, const void *s, size_t n)
{
	fwrite(s, 1, n, arg);
}

size_t
ts_escaped_len(const char *s, size_t len, unsigned flags)
{
	size_t n = 0;

	if (ts_plain(s, len, flags))
		return len;
	escape_to(out_count, &n, s, len, flags);
	return n;
}

size_t
ts_escape_mem(char *out, const char *s, size_t len, unsigned flags)
{
	char *o = out;

	escape_to(out_mem, &o, s, len, flags);
	*o = '\0';
	return (size_t)(o - out);
}

void
ts_fwrite(const char *s, size_t len, unsigned flags, FILE *fp)
{
	if (ts_plain(s, len, flags))
		fwrite(s, 1, len, fp);
	else
		escape_to(out_file, fp, s, len, flags);
}

int
ts_find_control(const char *s, size_t len, unsigned flags, size_t *off,
    unsigned long *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned long c;
	size_t i = 0, n;

	while (i < len) {
		if (p[i] < 0x20 || p[i] == 0x7f) {
			if ((flags & TS_MULTILINE) != 0 && (p[i] == '\n' ||
			    p[i] == '\r' || p[i] == '\t')) {
				i++;
				continue;
			}
			*off = i;
			*cp = p[i];
			return 1;
		}
		if (p[i] < 0x80 || (n = seq(p + i, len - i, &c)) == 0) {
			i++;
			continue;
		}
		if (c < 0xa0) {
			*off = i;
			*cp = c;
			return 1;
		}
		i += n;
	}
	return 0;
}

int
ts_find_bidi(const char *s, size_t len, size_t *off, unsigned long *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned long c;
	size_t i = 0, n;

	while (i < len) {
		/* All of them are three bytes starting 0xe2. */
		if (p[i] != 0xe2 || (n = seq(p + i, len - i, &c)) == 0) {
			i++;
			continue;
		}
		if (bidi_point(c)) {
			*off = i;
			*cp = c;
			return 1;
		}
		i += n;
	}
	return 0;
}

int
ts_json_point(unsigned long cp)
{
	return cp == 0x7f || point_escaped(cp);
}

/*
 * If p[0..n) starts with a character that the JSON form escapes, its
 * length in bytes, with its code point in *cp; else 0.
 */
static size_t
json_special(const unsigned char *p, size_t n, unsigned long *cp)
{
	size_t len;

	if (p[0] == 0x7f) {
		*cp = 0x7f;
		return 1;
	}
	if (p[0] < 0xc2 || (len = seq(p, n, cp)) == 0)
		return 0;
	return point_escaped(*cp) ? len : 0;
}

size_t
ts_json_extra(const char *json, size_t len)
{
	const unsigned char *p = (const unsigned char *)json, *end = p + len;
	unsigned long cp;
	size_t extra = 0, n;

	while (p < end) {
		if ((*p == 0x7f || *p == 0xc2 || *p == 0xe2) &&
		    (n = json_special(p, (size_t)(end - p), &cp)) != 0) {
			extra += 6 - n;
			p += n;
		} else
			p++;
	}
	return extra;
}

size_t
ts_json_mem(char *out, const char *json, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)json, *end = p + len,
	    *run = p;
	unsigned long cp;
	char *o = out;
	size_t n;

	while (p < end) {
		if ((*p != 0x7f && *p != 0xc2 && *p != 0xe2) ||
		    (n = json_special(p, (size_t)(end - p), &cp)) == 0) {
			p++;
			continue;
		}
		memcpy(o, run, (size_t)(p - run));
		o += p - run;
		o[0] = '\\';
		o[1] = 'u';
		o[2] = hex[(cp >> 12) & 0xf];
		o[3] = hex[(cp >> 8) & 0xf];
		o[4] = hex[(cp >> 4) & 0xf];
		o[5] = hex[cp & 0xf];
		o += 6;
		p += n;
		run = p;
	}
	memcpy(o, run, (size_t)(p - run));
	o += p - run;
	*o = '\0';
	return (size_t)(o - out);
}
