/*
 * jsonout.h - the small conversions every JSON record of depeer makes:
 * absent facts become null, never a missing key; times are RFC 3339 UTC.
 */
#ifndef DEPEER_JSONOUT_H
#define DEPEER_JSONOUT_H

#include <stdint.h>

#include <jansson.h>

#include "validate.h"

/* A new JSON string for s, or null when s is NULL. */
static inline json_t *
json_str_or_null(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

/* A new JSON string with t as RFC 3339 UTC, or null when !have. */
static inline json_t *
json_time_or_null(int have, int64_t t)
{
	char buf[TIME_STRLEN];

	if (!have)
		return json_null();
	fmt_time(t, buf);
	return json_string(buf);
}

#endif
