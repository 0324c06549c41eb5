/*
 * buf.h - a growable, always NUL-terminated byte string (after git's strbuf).
 *
 * A struct buf owns its memory; buf_release() frees it and leaves an empty
 * buffer that can be used again.  buf.s is never NULL after BUF_INIT.
 */
#ifndef DEPEER_BUF_H
#define DEPEER_BUF_H

#include <stddef.h>

struct buf {
	char	*s;
	size_t	 len;
	size_t	 cap;
};

extern char buf_empty[];
#define BUF_INIT	{ buf_empty, 0, 0 }

void	buf_init(struct buf *b);
void	buf_release(struct buf *b);
/* Make room for n more bytes. */
void	buf_grow(struct buf *b, size_t n);
void	buf_add(struct buf *b, const void *data, size_t n);
void	buf_adds(struct buf *b, const char *s);
void	buf_addc(struct buf *b, int c);
void	buf_addf(struct buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Empty the buffer, keeping its memory. */
void	buf_reset(struct buf *b);
/* Hand the string to the caller (who frees it) and reset b. */
char	*buf_detach(struct buf *b, size_t *lenp);

#endif
