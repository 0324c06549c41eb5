/*
 * ascii.c - locale-independent ASCII case folding, and excerpts of values
 * for messages; see ascii.h.
 */
#include <string.h>

#include "ascii.h"

int
ascii_tolower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

int
ascii_toupper(int c)
{
	return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

int
ascii_casecmp(const char *a, const char *b)
{
	return ascii_ncasecmp(a, b, (size_t)-1);
}

int
ascii_ncasecmp(const char *a, const char *b, size_t n)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;
	int d;

	for (; n > 0; n--, p++, q++) {
		d = ascii_tolower(*p) - ascii_tolower(*q);
		/* Equal folded bytes end both strings together at a NUL. */
		if (d != 0 || *p == '\0')
			return d;
	}
	return 0;
}

const char *
ascii_excerpt(const char *s, size_t len, char buf[ASCII_EXCERPT_BUF])
{
	size_t i;
	unsigned char c;

	for (i = 0; i < len && i < ASCII_EXCERPT_MAX; i++) {
		c = (unsigned char)s[i];
		buf[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	if (i < len) {
		memcpy(buf + i, "...", 3);
		i += 3;
	}
	buf[i] = '\0';
	return buf;
}
