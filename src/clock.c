/*
 * clock.c - the current time and the document time stamp, with their
 * overrides DEPEER_NOW and SOURCE_DATE_EPOCH; see clock.h.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ascii.h"
#include "clock.h"
#include "exitcodes.h"
#include "numparse.h"
#include "util.h"

#define NOW_VAR		"DEPEER_NOW"
#define EPOCH_VAR	"SOURCE_DATE_EPOCH"

/* The value of variable name, or NULL if it is unset or empty. */
static const char *
env(const char *name)
{
	const char *v = getenv(name);

	return v != NULL && *v != '\0' ? v : NULL;
}

/* Whether year y (1970..9999) has a 29 February. */
static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* The number n of len digits at s (no sign), or -1 if they are not. */
static int
digits(const char *s, int len)
{
	int n = 0;

	for (; len > 0; len--, s++) {
		if (*s < '0' || *s > '9')
			return -1;
		n = n * 10 + (*s - '0');
	}
	return n;
}

int
clock_parse_utc(const char *s, int64_t *out)
{
	static const int mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int y, mo, d, h, mi, sec, i;
	int64_t days;

	/* YYYY-MM-DDTHH:MM:SSZ, exactly. */
	if (strlen(s) != 20 || s[4] != '-' || s[7] != '-' ||
	    (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':' ||
	    s[16] != ':' || (s[19] != 'Z' && s[19] != 'z'))
		return -1;
	y = digits(s, 4);
	mo = digits(s + 5, 2);
	d = digits(s + 8, 2);
	h = digits(s + 11, 2);
	mi = digits(s + 14, 2);
	sec = digits(s + 17, 2);
	/* No leap second: Unix time cannot name one. */
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 ||
	    mi < 0 || mi > 59 || sec < 0 || sec > 59)
		return -1;
	if (d > mdays[mo - 1] + (mo == 2 && leap(y)))
		return -1;
	/* Days from 1970-01-01 to the first of the year, then the month. */
	days = 365 * (int64_t)(y - 1970) +
	    ((y - 1) / 4 - (y - 1) / 100 + (y - 1) / 400) -
	    (1969 / 4 - 1969 / 100 + 1969 / 400);
	for (i = 0; i < mo - 1; i++)
		days += mdays[i] + (i == 1 && leap(y));
	days += d - 1;
	*out = days * 86400 + h * 3600 + mi * 60 + sec;
	return 0;
}

/* DEPEER_NOW's value v in seconds; 0 or -1. */
static int
parse_now(const char *v, int64_t *out)
{
	long long n;

	if (clock_parse_utc(v, out) == 0)
		return 0;
	if (parse_num(NULL, v, 0, CLOCK_MAX, &n, NULL) != 0)
		return -1;
	*out = n;
	return 0;
}

int
clock_check(struct dp_err *err)
{
	const char *v = env(NOW_VAR);
	char shown[ASCII_EXCERPT_BUF];
	int64_t t;

	if (v == NULL || parse_now(v, &t) == 0)
		return 0;
	return dp_fail(err, DP_EX_CONFIG, NOW_VAR ": '%s' is neither seconds "
	    "since 1970 nor a UTC time like 2008-11-11T21:23:00Z",
	    ascii_excerpt(v, strlen(v), shown));
}

int64_t
clock_now(void)
{
	const char *v = env(NOW_VAR);
	int64_t t;

	if (v == NULL)
		return (int64_t)time(NULL);
	if (parse_now(v, &t) != 0)
		die(NOW_VAR " is malformed and clock_check() was not called");
	return t;
}

int
clock_doc_check(struct dp_err *err)
{
	const char *v = env(EPOCH_VAR);
	long long n;

	if (v == NULL || parse_num(NULL, v, 0, CLOCK_MAX, &n, err) == 0)
		return 0;
	if (err != NULL) {
		err->code = DP_EX_CONFIG;
		dp_err_prefix(err, EPOCH_VAR);
	}
	return DP_EX_CONFIG;
}

int64_t
clock_doc_stamp(void)
{
	const char *v = env(EPOCH_VAR);
	long long n;

	if (v == NULL)
		return clock_now();
	if (parse_num(NULL, v, 0, CLOCK_MAX, &n, NULL) != 0)
		die(EPOCH_VAR " is malformed and clock_doc_check() was not "
		    "called");
	return n;
}
