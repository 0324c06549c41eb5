/*
 * asn.c - AS numbers; see asn.h.  One scanner for plain, "AS"-prefixed
 * and asdot forms, whose flags reproduce what each registry reader
 * accepted before they shared it.
 */
#include <stdio.h>
#include <string.h>

#include "asn.h"

/* Outcomes of dec(). */
enum { DEC_OK, DEC_EMPTY, DEC_NOTNUM, DEC_LEADZERO, DEC_RANGE };

/*
 * s[0..n) as a decimal number at most max: digits only, no leading zero
 * unless zeros (or the number is "0").  Sets *v only on DEC_OK.
 */
static int
dec(const char *s, size_t n, int zeros, uint64_t max, uint64_t *v)
{
	uint64_t x = 0;
	size_t i;

	if (n == 0)
		return DEC_EMPTY;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return DEC_NOTNUM;
	if (!zeros && n > 1 && s[0] == '0')
		return DEC_LEADZERO;
	for (i = 0; i < n; i++) {
		x = x * 10 + (uint64_t)(s[i] - '0');
		if (x > max)
			return DEC_RANGE;	/* stops before overflow */
	}
	*v = x;
	return DEC_OK;
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

int
asn_parse(const char *s, size_t n, unsigned int flags, uint32_t *out)
{
	const char *dot;
	uint64_t v, hi, lo;
	int r1, r2;

	if (flags & ASN_TRIM) {
		while (n > 0 && is_blank(s[n - 1]))
			n--;
		while (n > 0 && is_blank(*s)) {
			s++;
			n--;
		}
	}
	if (n == 0)
		return ASN_EEMPTY;
	if ((flags & (ASN_PREFIX | ASN_NEED_PREFIX)) && n >= 2 &&
	    (s[0] == 'A' || s[0] == 'a') && (s[1] == 'S' || s[1] == 's')) {
		s += 2;
		n -= 2;
		while ((flags & ASN_GAP) && n > 0 && (*s == ' ' || *s == '\t')) {
			s++;
			n--;
		}
		if (n == 0)
			return ASN_ENONUM;
	} else if (flags & ASN_NEED_PREFIX)
		return ASN_ENOTNUM;
	dot = (flags & ASN_ASDOT) ? memchr(s, '.', n) : NULL;
	if (dot != NULL) {
		r1 = dec(s, (size_t)(dot - s), flags & ASN_ZEROS, 65535, &hi);
		r2 = dec(dot + 1, n - (size_t)(dot - s) - 1,
		    flags & ASN_ZEROS_LOW, 65535, &lo);
		if (r1 == DEC_OK && r2 == DEC_OK) {
			v = hi << 16 | lo;
			if (v == 0 && !(flags & ASN_ZERO))
				return ASN_EZERO;
			if (hi == 0 && !(flags & ASN_HIGH0))
				return ASN_EHIGH0;
		} else if (r1 == DEC_NOTNUM || r2 == DEC_NOTNUM)
			return ASN_ENOTNUM;
		else if (r1 == DEC_EMPTY || r2 == DEC_EMPTY)
			return ASN_EDOTEMPTY;
		else if (r1 == DEC_LEADZERO || r2 == DEC_LEADZERO)
			return ASN_ELEADZERO;
		else
			return ASN_EDOTRANGE;
	} else {
		switch (dec(s, n, flags & ASN_ZEROS, UINT32_MAX, &v)) {
		case DEC_OK:
			if (v == 0 && !(flags & ASN_ZERO))
				return ASN_EZERO;
			break;
		case DEC_LEADZERO:
			return ASN_ELEADZERO;
		case DEC_RANGE:
			return ASN_ERANGE;
		default:
			return ASN_ENOTNUM;
		}
	}
	*out = (uint32_t)v;
	return ASN_OK;
}

int
asn_from_int(long long v, uint32_t *out)
{
	if (v < 1 || v > (long long)UINT32_MAX)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

char *
asn_format(uint32_t asn, char buf[ASN_STRLEN])
{
	snprintf(buf, ASN_STRLEN, "AS%lu", (unsigned long)asn);
	return buf;
}
