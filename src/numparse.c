/*
 * numparse.c - strict parsing of whole numbers with a range; see
 * numparse.h.
 */
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "ascii.h"
#include "exitcodes.h"
#include "numparse.h"
#include "util.h"

/* The range in words: "from 1 to 10", "of 1 or more", ... */
static void
range_text(long long min, long long max, char *buf, size_t size)
{
	if (min == LLONG_MIN && max == LLONG_MAX)
		buf[0] = '\0';
	else if (max == LLONG_MAX)
		snprintf(buf, size, " of %lld or more", min);
	else if (min == LLONG_MIN)
		snprintf(buf, size, " of %lld or less", max);
	else
		snprintf(buf, size, " from %lld to %lld", min, max);
}

int
parse_num(const char *what, const char *s, long long min, long long max,
    long long *out, struct dp_err *err)
{
	char shown[ASCII_EXCERPT_BUF], range[64];
	const char *p = s;
	unsigned long long v = 0, limit;
	int neg = 0;

	if (min > max)
		die("parse_num: empty range %lld..%lld", min, max);
	if (*p == '-' && min < 0) {
		neg = 1;
		p++;
	}
	/* The magnitude may reach LLONG_MAX, or one more when negative. */
	limit = neg ? (unsigned long long)LLONG_MAX + 1 : LLONG_MAX;
	if (*p < '0' || *p > '9')
		goto bad;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (limit - (unsigned long long)(*p - '0')) / 10)
			goto bad;
		v = v * 10 + (unsigned long long)(*p - '0');
	}
	if (*p != '\0')
		goto bad;
	if (neg) {
		if (v == (unsigned long long)LLONG_MAX + 1) {
			if (min != LLONG_MIN)
				goto bad;
			*out = LLONG_MIN;
			return 0;
		}
		if (-(long long)v < min)
			goto bad;
		*out = -(long long)v;
		return 0;
	}
	if ((long long)v < min || (long long)v > max)
		goto bad;
	*out = (long long)v;
	return 0;
bad:
	range_text(min, max, range, sizeof(range));
	ascii_excerpt(s, strlen(s), shown);
	if (what != NULL)
		return dp_fail(err, DP_EX_USAGE, "'%s': '%s' is not a whole "
		    "number%s", what, shown, range);
	return dp_fail(err, DP_EX_USAGE, "'%s' is not a whole number%s",
	    shown, range);
}
