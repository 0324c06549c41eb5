/*
 * termsafe.h - text from outside made safe to show: the one escaping of
 * depeer's text output and messages, and the checks behind the "no
 * control characters" rules of what researchers type.  Foundation layer:
 * no depeer knowledge, no printing.
 *
 * A terminal acts on some characters instead of showing them: C0 controls
 * (ESC starts sequences that retitle the window, move the cursor, clear
 * the screen), DEL, the C1 controls U+0080..U+009F (U+009B is a one-byte
 * CSI to many terminals), and the bidirectional overrides and isolates
 * U+202A..U+202E and U+2066..U+2069 that reorder what follows them.  A
 * line break in a one-line field can fake a line of depeer's own output.
 * The visible form, documented in depeer(1) OUTPUT, "Untrusted text":
 *
 *	\\          a backslash (always doubled, so no escape is ambiguous)
 *	\n \r \t    line feed, carriage return, tab
 *	\xNN        any other C0 control byte, DEL, and each byte that is
 *	            not part of well-formed UTF-8 (two lower-case hex digits)
 *	\uNNNN      a C1 control, a bidirectional override or isolate, and
 *	            U+2028 and U+2029 (line and paragraph separators), by code
 *	            point (four lower-case hex digits)
 *
 * Everything else, printable ASCII and well-formed UTF-8, is kept, so the
 * visible form of ordinary text is the text itself.  The multi-line form
 * (TS_MULTILINE) keeps line feeds, CR LF pairs and tabs as they are, for
 * fields that are several lines by design (notes, registry answers).
 * Escaped text is ASCII plus printable UTF-8: its display width is what
 * a terminal gives it.  Modelled on git's quote_c_style() and on curl's
 * sanitising of what it prints, without git's surrounding quotes.
 */
#ifndef DEPEER_TERMSAFE_H
#define DEPEER_TERMSAFE_H

#include <stddef.h>
#include <stdio.h>

/* Keep line feeds, CR LF and tabs (a multi-line field). */
#define TS_MULTILINE	0x1

/* Whether s[0..len) is its own visible form (nothing to escape). */
int	ts_plain(const char *s, size_t len, unsigned flags);

/*
 * The length in bytes of the visible form of s[0..len): len exactly when
 * s is plain (every escape is longer than what it shows).
 */
size_t	ts_escaped_len(const char *s, size_t len, unsigned flags);

/*
 * Write the visible form of s[0..len) to out, which has room for
 * ts_escaped_len() bytes and a NUL (at most 4 * len + 1); returns its
 * length.
 */
size_t	ts_escape_mem(char *out, const char *s, size_t len, unsigned flags);

/*
 * Write the visible form of s[0..len) to fp, without allocating (for the
 * message functions, which die() uses on exhaustion).
 */
void	ts_fwrite(const char *s, size_t len, unsigned flags, FILE *fp);

/*
 * For validation of typed text: the offset of the first control
 * character in s[0..len) that a field refuses: C0 controls (with
 * TS_MULTILINE, not LF, CR or tab), DEL, and C1 controls U+0080..U+009F
 * written as UTF-8.  Returns 1 and sets *off and *cp (the byte, or the
 * C1 code point) if one is found, else 0.  s should be valid UTF-8.
 */
int	ts_find_control(const char *s, size_t len, unsigned flags,
	    size_t *off, unsigned long *cp);

/*
 * The same for the bidirectional overrides and isolates (U+202A..U+202E,
 * U+2066..U+2069), which one-line fields such as names refuse.
 */
int	ts_find_bidi(const char *s, size_t len, size_t *off,
	    unsigned long *cp);

/*
 * JSON text made safe for a terminal without changing its value: each
 * DEL, C1 control, bidirectional override or isolate and U+2028/U+2029
 * written raw inside a string (jansson passes them through) becomes a
 * \uXXXX escape with upper-case hex, as jansson writes the controls below
 * 0x20.  json is JSON text (all of these only occur inside strings).
 * ts_json_extra() is how many bytes longer json[0..len) becomes (0:
 * nothing to escape); ts_json_mem() writes it to out, which has room for
 * len + ts_json_extra() bytes and a NUL, and returns its length.
 */
size_t	ts_json_extra(const char *json, size_t len);
size_t	ts_json_mem(char *out, const char *json, size_t len);

/*
 * Whether the JSON form escapes the code point cp (DEL, a C1 control, a
 * bidi override or isolate, U+2028, U+2029).  For jsonw.c, which decodes
 * as it writes.
 */
int	ts_json_point(unsigned long cp);

#endif
