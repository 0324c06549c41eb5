/*
 * fuzz.h - what the libFuzzer targets check of every string a parser
 * returns, and the small helpers they share.
 */
#ifndef DEPEER_FUZZ_H
#define DEPEER_FUZZ_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "validate.h"

/*
 * Whether s[0..n) is valid UTF-8 without control characters: no C0
 * (except those in allow), no DEL, no C1 (U+0080..U+009F, the bytes
 * C2 80..C2 9F in UTF-8).
 */
static inline int
fuzz_text_ok(const char *s, size_t n, const char *allow)
{
	size_t i;

	if (!utf8_valid(s, n, NULL))
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && (c == 0 || strchr(allow, c) == NULL)) ||
		    c == 0x7f)
			return 0;
		if (c == 0xc2 && i + 1 < n &&
		    (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9f)
			return 0;
	}
	return 1;
}

/* Safe to print on one line: valid UTF-8 without control characters;
   else abort(). */
static inline void
fuzz_check_text(const char *s)
{
	if (s != NULL && !fuzz_text_ok(s, strlen(s), ""))
		abort();
}

/* The same for text of several lines: line feed, carriage return and
   tab allowed. */
static inline void
fuzz_check_lines(const char *s)
{
	if (s != NULL && !fuzz_text_ok(s, strlen(s), "\n\r\t"))
		abort();
}

/*
 * Whether s holds a bidirectional override or isolate (U+202A..U+202E,
 * U+2066..U+2069) or a line or paragraph separator (U+2028, U+2029).
 */
static inline int
fuzz_has_bidi(const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (p[0] == 0xe2 && ((p[1] == 0x80 && p[2] >= 0xa8 &&
		    p[2] <= 0xae) || (p[1] == 0x81 && p[2] >= 0xa6 &&
		    p[2] <= 0xa9)))
			return 1;
	return 0;
}

/* A name, a one-line field: fuzz_check_text() and no bidi character. */
static inline void
fuzz_check_name(const char *s)
{
	fuzz_check_text(s);
	if (s != NULL && fuzz_has_bidi(s))
		abort();
}

/* What depeer shows (JSON text): line feeds, no other control and no
   bidi character. */
static inline void
fuzz_check_shown(const char *s)
{
	if (s != NULL && (!fuzz_text_ok(s, strlen(s), "\n") ||
	    fuzz_has_bidi(s)))
		abort();
}

/* Printable ASCII only (what a canonical address or domain is). */
static inline void
fuzz_check_ascii(const char *s)
{
	if (s == NULL)
		return;
	for (; *s != '\0'; s++)
		if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f)
			abort();
}

/*
 * The next line of data[*pos..size) into line (at most cap - 1 bytes,
 * NUL-terminated; longer lines cut): 1, or 0 at the end.  A NUL byte in
 * the line ends the string early, as a C caller would see it.
 */
static inline int
fuzz_next_line(const uint8_t *data, size_t size, size_t *pos, char *line,
    size_t cap)
{
	size_t n, i = *pos;

	if (i >= size)
		return 0;
	for (n = 0; i + n < size && data[i + n] != '\n'; n++)
		;
	*pos = i + n + 1;
	if (n >= cap)
		n = cap - 1;
	memcpy(line, data + i, n);
	line[n] = '\0';
	return 1;
}

#endif
