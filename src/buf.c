/*
 * buf.c - growable strings; see buf.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "util.h"

/* The shared empty string every fresh buffer points at; never written. */
char buf_empty[1];

void
buf_init(struct buf *b)
{
	b->s = buf_empty;
	b->len = 0;
	b->cap = 0;
}

void
buf_release(struct buf *b)
{
	if (b->cap != 0)
		free(b->s);
	buf_init(b);
}

void
buf_grow(struct buf *b, size_t n)
{
	size_t want;

	if (b->len + n + 1 <= b->cap)
		return;
	if (n > (size_t)-1 / 2 - b->len)
		die("buffer too large");
	want = b->cap < 64 ? 64 : b->cap;
	while (want < b->len + n + 1)
		want *= 2;
	if (b->cap == 0) {
		b->s = xmalloc(want);
		b->s[0] = '\0';
	} else
		b->s = xrealloc(b->s, want);
	b->cap = want;
}

void
buf_add(struct buf *b, const void *data, size_t n)
{
	if (n == 0)
		return;
	buf_grow(b, n);
	memcpy(b->s + b->len, data, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addc(struct buf *b, int c)
{
	buf_grow(b, 1);
	b->s[b->len++] = (char)c;
	b->s[b->len] = '\0';
}

void
buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(b->s + b->len, b->cap ? b->cap - b->len : 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		die("bad format '%s'", fmt);
	if (b->cap == 0 || (size_t)n >= b->cap - b->len) {
		buf_grow(b, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->cap != 0)
		b->s[0] = '\0';
}

char *
buf_detach(struct buf *b, size_t *lenp)
{
	char *s;

	if (b->cap == 0)
		buf_grow(b, 0);
	s = b->s;
	if (lenp != NULL)
		*lenp = b->len;
	buf_init(b);
	return s;
}
