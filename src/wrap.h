/*
 * wrap.h - plain-text paragraphs folded for e-mail: the prose lines of a
 * rendered template broken at spaces so that no line is wider than a
 * mail reader's window (RFC 5322 section 2.1.1 recommends 78 characters).
 * Foundation layer: no depeer knowledge.
 *
 * A template writes each paragraph as one line, because its width depends
 * on the data; this module folds them.  Lines that begin with a space or
 * a tab are preformatted (tables, indented records, addresses) and are
 * never folded; neither is a line with no space to break at.
 */
#ifndef DEPEER_WRAP_H
#define DEPEER_WRAP_H

#include <stddef.h>

struct buf;

/*
 * Append text[0..len) to out with every line whose display width is
 * above width folded at spaces into lines of at most width columns
 * (display columns: two for a wide character, by libunistring); a word
 * wider than width stays whole on its own line.  The spaces a line is
 * broken at are dropped; nothing else changes (line ends are LF; a CR
 * before an LF is kept with its line).
 */
void	wrap_prose(const char *text, size_t len, size_t width,
	    struct buf *out);

#endif
