/*
 * ascii.h - case folding and comparison of ASCII text, the same in every
 * locale.
 *
 * Registry keywords, protocol tokens, host names and e-mail domains are
 * compared without case, and only their ASCII letters fold.  strcasecmp()
 * follows LC_CTYPE, which depeer sets from the environment (for the
 * terminal), so a locale could fold other bytes or fold letters
 * differently; these functions never do.  Bytes outside A-Z are compared
 * as they are, as unsigned char values.
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

#endif
