/*
 * utf8.h - UTF-8 for text that crosses trust boundaries: the strict
 * check of imported text, the cleaning of text from servers before it is
 * stored or printed, and short printable excerpts for messages.
 * Foundation layer: no depeer knowledge.
 */
#ifndef DEPEER_UTF8_H
#define DEPEER_UTF8_H

#include <stddef.h>

#include "ascii.h"

struct buf;

/*
 * If p[0..n) starts with a well-formed UTF-8 sequence of two to four
 * bytes, its length, with its code point in *cpp; else 0 (ASCII bytes
 * included).  n may be SIZE_MAX for a NUL-terminated string.
 */
size_t	utf8_seq(const unsigned char *p, size_t n, unsigned long *cpp);

/*
 * Whether s[0..len) is valid UTF-8 (no overlongs, no surrogates, nothing
 * above U+10FFFF) without NUL bytes.  Returns 1 if valid; else 0 and, if
 * badoff is not NULL, the offset of the first bad byte.
 */
int	utf8_valid(const char *s, size_t len, size_t *badoff);

/*
 * Text from a server, made fit to print: s[0..len) (NUL bytes are only
 * bytes here) with printable ASCII and well-formed UTF-8 (utf8_valid()'s
 * rules) kept, each tab turned into a space, and U+FFFD in place of each
 * byte that is not part of a well-formed sequence, each other C0 control
 * (NUL, CR, LF, ESC, ...), each DEL, and each C1 control (U+0080..U+009F,
 * one U+FFFD for its two bytes).  The result passes utf8_valid() and
 * holds no byte below 0x20 and no 0x7f.  Nothing is trimmed or cut.
 * utf8_clean() returns a new string the caller frees; utf8_clean_append()
 * adds the same bytes to the end of b.
 */
char	*utf8_clean(const char *s, size_t len);
void	 utf8_clean_append(struct buf *b, const char *s, size_t len);

/* The most bytes of a value text_excerpt() shows, and its buffer size. */
#define EXCERPT_MAX	ASCII_EXCERPT_MAX
#define EXCERPT_BUF	ASCII_EXCERPT_BUF

/*
 * An excerpt of p[0..len) for an error message: ascii_excerpt(), under
 * the name the parsers and validators use.
 */
const char *text_excerpt(const char *p, size_t len, char buf[EXCERPT_BUF]);

#endif
