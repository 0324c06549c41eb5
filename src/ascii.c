/*
 * ascii.c - locale-independent ASCII case folding; see ascii.h.
 */
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
