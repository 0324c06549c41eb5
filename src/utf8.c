/*
 * utf8.c - UTF-8 checking and cleaning; see utf8.h.  One decoder,
 * utf8_seq(), serves the check, the cleaning and validate.c's quoting of
 * bad values in messages.
 */
#include <stdint.h>
#include <string.h>

#include "ascii.h"
#include "buf.h"
#include "utf8.h"

/*
 * If p[0..n) starts with a well-formed UTF-8 sequence other than a lone
 * ASCII byte, return its length and store its code point in *cpp; else 0.
 * Rejects overlong forms, surrogates and anything above U+10FFFF by
 * narrowing the range of the second byte (Unicode 15, table 3-7).  A
 * continuation byte is only read after the one before it was accepted, so
 * n may be SIZE_MAX for a NUL-terminated string: the NUL ends the sequence.
 */
size_t
utf8_seq(const unsigned char *p, size_t n, unsigned long *cpp)
{
	unsigned char c = p[0], lo = 0x80, hi = 0xbf;
	unsigned long cp;
	size_t len, i;

	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		cp = c & 0x0f;
		if (c == 0xe0)
			lo = 0xa0;	/* overlong below U+0800 */
		else if (c == 0xed)
			hi = 0x9f;	/* surrogates U+D800..U+DFFF */
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		cp = c & 0x07;
		if (c == 0xf0)
			lo = 0x90;	/* overlong below U+10000 */
		else if (c == 0xf4)
			hi = 0x8f;	/* above U+10FFFF */
	} else
		return 0;	/* ASCII, continuation, C0, C1, F5..FF */
	if (n < 2 || p[1] < lo || p[1] > hi)
		return 0;
	cp = cp << 6 | (p[1] & 0x3f);
	for (i = 2; i < len; i++) {
		if (i >= n || (p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	*cpp = cp;
	return len;
}

/*
 * Eight bytes at a time while they are ASCII and not NUL, then one
 * sequence at a time.  In a word v of bytes below 0x80, v - ones has a
 * high bit set in some byte exactly when v has a zero byte (the lowest
 * zero byte borrows and becomes 0xff), so the one test
 * ((v | (v - ones)) & highs) == 0 rules out both non-ASCII and NUL.
 * badoff is the offset of the first byte of the first ill-formed sequence.
 */
int
utf8_valid(const char *s, size_t len, size_t *badoff)
{
	const uint64_t ones = 0x0101010101010101ULL;
	const uint64_t highs = 0x8080808080808080ULL;
	const unsigned char *p = (const unsigned char *)s;
	unsigned long cp;
	uint64_t v;
	size_t i = 0, n;

	while (i < len) {
		if (len - i >= 8) {
			memcpy(&v, p + i, 8);
			if (((v | (v - ones)) & highs) == 0) {
				i += 8;
				continue;
			}
		}
		if (p[i] != 0 && p[i] < 0x80)
			n = 1;
		else if (p[i] == 0 ||
		    (n = utf8_seq(p + i, len - i, &cp)) == 0) {
			if (badoff != NULL)
				*badoff = i;
			return 0;
		}
		i += n;
	}
	return 1;
}

/*
 * One pass, no look-behind: a run of printable ASCII is added at once,
 * anything else one character (or one bad byte) at a time.  utf8_seq()
 * returns 0 for every byte below 0xc2, so C0 controls, DEL, stray
 * continuation bytes and overlong leads all take the U+FFFD branch.
 */
void
utf8_clean_append(struct buf *b, const char *s, size_t len)
{
	static const char repl[] = "\xef\xbf\xbd";	/* U+FFFD */
	const unsigned char *p = (const unsigned char *)s;
	unsigned long cp;
	size_t i = 0, run, n;

	while (i < len) {
		if (p[i] >= 0x20 && p[i] < 0x7f) {
			for (run = i + 1; run < len && p[run] >= 0x20 &&
			    p[run] < 0x7f; run++)
				;
			buf_add(b, s + i, run - i);
			i = run;
		} else if (p[i] == '\t') {
			buf_addc(b, ' ');
			i++;
		} else if ((n = utf8_seq(p + i, len - i, &cp)) == 0) {
			buf_add(b, repl, 3);
			i++;
		} else {
			if (cp < 0xa0)		/* a C1 control, whole */
				buf_add(b, repl, 3);
			else
				buf_add(b, s + i, n);
			i += n;
		}
	}
}

char *
utf8_clean(const char *s, size_t len)
{
	struct buf b = BUF_INIT;

	utf8_clean_append(&b, s, len);
	return buf_detach(&b, NULL);
}

const char *
text_excerpt(const char *p, size_t len, char buf[EXCERPT_BUF])
{
	return ascii_excerpt(p, len, buf);
}
