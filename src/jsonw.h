/*
 * jsonw.h - JSON text written straight from typed values, byte for byte
 * what jansson's json_dumps(JSON_INDENT(2) | JSON_PRESERVE_ORDER) gives
 * for the same tree after ts_json_mem() (and so what print_json()
 * prints): the same escaping, the same line breaks and indentation.  For
 * streams of many
 * records, where building a json_t tree per record and dumping it was
 * most of the time.
 *
 * The writer fills room reserved ahead (jw_begin(), jw_room()) through
 * a plain pointer: a buf_add() per piece was a fifth of a listing's
 * time.  Each jw_* piece returns the pointer past what it wrote; the
 * caller reserves enough for the pieces it writes before reserving
 * again, with the bounds below.
 *
 *	char *o = jw_begin(b, 64);
 *	*o++ = '{';
 *	o = jw_room(b, o, JW_KEY_ROOM(ind) + JW_STR_ROOM(len));
 *	JW_KEY(o, ind, 1, "\"name\": ");
 *	o = jw_str(o, s, len);
 *	...
 *	jw_end(b, o);
 */
#ifndef DEPEER_JSONW_H
#define DEPEER_JSONW_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"

/* The most jw_str() writes for len bytes: each escaped as six, quotes. */
#define JW_STR_ROOM(len)	(6 * (size_t)(len) + 2)
/* The most jw_int(), jw_time() (any int64_t) and a literal write. */
#define JW_NUM_ROOM		24
#define JW_TIME_ROOM		40
/* The most jw_line() or JW_KEY() with a key of up to 32 bytes writes. */
#define JW_KEY_ROOM(ind)	((size_t)(ind) + 40)

/* Reserve room bytes at the end of b; the pointer to write at. */
char	*jw_begin(struct buf *b, size_t room);
/* Reserve room more bytes after o (inside b); the pointer, moved. */
char	*jw_room(struct buf *b, char *o, size_t room);
/* Take the bytes written up to o into b (NUL-terminated). */
void	 jw_end(struct buf *b, char *o);

/*
 * A JSON string of s[0..len), escaped as jansson does it: '"' and '\\'
 * escaped, \b \f \n \r \t by name, the other controls below 0x20 as
 * \u00XX (upper-case hex); then, as print_json() does after jansson, DEL,
 * the C1 controls, the bidi overrides and isolates and U+2028/U+2029 as
 * \uXXXX (termsafe.h's ts_json_mem()); other non-ASCII as is.  A byte that
 * is not part of well-formed UTF-8 is written as
 * U+FFFD (jansson refuses the string, and leaves its key out).
 */
char	*jw_str(char *o, const char *s, size_t len);
/* A string or null; len is strlen(s) (0 for NULL). */
char	*jw_opt(char *o, const char *s, size_t len);
char	*jw_int(char *o, int64_t v);
/* A time as fmt_time() writes it, quoted, or null when !have. */
char	*jw_time(char *o, int have, int64_t t);
/* true or false. */
char	*jw_bool(char *o, int v);
/* null. */
char	*jw_null(char *o);
/* Start a member or element: ",\n", or "\n" for the first, then ind
   spaces. */
char	*jw_line(char *o, int ind, int first);

/* A member's key, given with its quotes and ": " as a literal. */
#define JW_KEY(o, ind, first, lit) \
	((o) = jw_line((o), (ind), (first)), \
	memcpy((o), (lit), sizeof(lit) - 1), (o) += sizeof(lit) - 1)

/* strlen(s), 0 for NULL. */
static inline size_t
jw_len(const char *s)
{
	return s != NULL ? strlen(s) : 0;
}

#endif
