/*
 * fuzz.h - what the libFuzzer targets check of every string a parser
 * returns.
 */
#ifndef DEPEER_FUZZ_H
#define DEPEER_FUZZ_H

#include <stdlib.h>
#include <string.h>

#include "validate.h"

/* Safe to print: valid UTF-8 without control characters; else abort(). */
static inline void
fuzz_check_text(const char *s)
{
	size_t i, n;

	if (s == NULL)
		return;
	n = strlen(s);
	if (!utf8_valid(s, n, NULL))
		abort();
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			abort();
}

#endif
