/*
 * ascii.h - case folding and comparison of ASCII text, the same in every
 * locale.
 *
 * Registry keywords, protocol tokens, host names and e-mail domains are
 * compared without case, and only their ASCII letters fold.  strcasecmp()
 * follows LC_CTYPE, which depeer sets from the environment (for the
 * terminal), so a locale could fold other bytes or fold letters
 * differently; these functions never do.  Bytes outside A-Z are compared
 * as they are, as unsigned char values.  Also: a printable excerpt of a
 * value for a message.
 */
#ifndef DEPEER_ASCII_H
#define DEPEER_ASCII_H

#include <stddef.h>

/* c with A-Z mapped to a-z; any other value (EOF too) unchanged. */
int	ascii_tolower(int c);

/* c with a-z mapped to A-Z; any other value unchanged. */
int	ascii_toupper(int c);

/*
 * Compare the NUL-terminated strings a and b with ASCII letters folded:
 * less than, equal to or greater than 0 as a sorts before, with or after
 * b, the order of the folded bytes as unsigned char (like strcasecmp() in
 * the C locale).
 */
int	ascii_casecmp(const char *a, const char *b);

/* The same over at most the first n bytes of a and b. */
int	ascii_ncasecmp(const char *a, const char *b, size_t n);

/* The most bytes of a value ascii_excerpt() shows, and its buffer size. */
#define ASCII_EXCERPT_MAX	40
#define ASCII_EXCERPT_BUF	(ASCII_EXCERPT_MAX + 4)

/*
 * An excerpt of s[0..len) fit to quote in a message: at most
 * ASCII_EXCERPT_MAX bytes, each byte outside printable ASCII shown as '?'
 * (a terminal must not get control bytes from a mistyped value), then
 * "..." when s is longer.  Written to buf, which is returned.
 */
const char *ascii_excerpt(const char *s, size_t len,
	    char buf[ASCII_EXCERPT_BUF]);

#endif
