/*
 * span.c - helpers over byte spans of registry text; see span.h.
 */
#include <string.h>

#include "ascii.h"
#include "span.h"

int
span_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

void
span_trim(const char **p, size_t *len)
{
	while (*len > 0 && span_blank((unsigned char)**p)) {
		(*p)++;
		(*len)--;
	}
	while (*len > 0 && span_blank((unsigned char)(*p)[*len - 1]))
		(*len)--;
}

int
span_eq(const char *p, size_t len, const char *word)
{
	return strlen(word) == len && ascii_ncasecmp(p, word, len) == 0;
}
