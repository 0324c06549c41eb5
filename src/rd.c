/*
 * rd.c - the buffered reader; see rd.h.
 *
 * The unread bytes are r->buf[pos..len).  A refill first moves them to the
 * front of the buffer and then asks fread() for everything the buffer has
 * room for, never less than RD_CHUNK bytes once the buffer is in use, so a
 * caller scanning the buffer directly (csv.c) sees long spans and the FILE's
 * own buffering is mostly bypassed.  The buffer grows only when the caller
 * must keep more than half of it unread (a long line, a large peek).
 *
 * One byte beyond cap is always allocated, so that rd_getline() can end the
 * line it hands out with a NUL even when it is the last, unterminated line.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "rd.h"
#include "util.h"

/*
 * The initial buffer and the least fread() is asked for at a time.  A
 * compile-time constant: the tests cross this boundary with inputs larger
 * than it rather than shrinking it.
 */
#define RD_CHUNK	(64 * 1024)

/*
 * Set up r to read fp; r does not own fp.  The buffer is allocated here, so
 * r->buf is never NULL between rd_init() and rd_release().
 */
void
rd_init(struct rd *r, FILE *fp)
{
	r->fp = fp;
	r->cap = RD_CHUNK;
	r->buf = xmalloc(r->cap + 1);
	r->buf[0] = '\0';
	r->pos = 0;
	r->len = 0;
	r->eof = 0;
	r->ioerr = 0;
	r->consumed = 0;
	r->hash = NULL;
}

/* Free the buffer (not the FILE); r must be set up again to be reused. */
void
rd_release(struct rd *r)
{
	free(r->buf);
	r->buf = NULL;
	r->pos = 0;
	r->len = 0;
	r->cap = 0;
}

/*
 * Make at least want unread bytes available unless the file ends first.
 * Returns 0 (check r->len - r->pos for what there is) or -1 on a read
 * error.  Errors are sticky, and so is end of file: once fread() has come
 * back short the FILE is not asked again.
 */
static int
rd_fill(struct rd *r, size_t want)
{
	size_t avail, ncap, room, n;

	avail = r->len - r->pos;
	if (avail >= want)
		return 0;
	if (r->ioerr != 0)
		return -1;
	if (r->eof)
		return 0;
	if (r->pos > 0) {
		memmove(r->buf, r->buf + r->pos, avail);
		r->pos = 0;
		r->len = avail;
	}
	/*
	 * Grow by doubling when the request does not fit, or when what must
	 * be kept leaves less than half the buffer to read into; a line of
	 * n bytes thus costs O(n) copying, not O(n^2 / RD_CHUNK).
	 */
	if (want > r->cap || avail > r->cap / 2) {
		ncap = r->cap * 2;
		if (ncap < want)
			ncap = want;
		if (ncap < r->cap || ncap == (size_t)-1)
			die("input buffer too large");
		r->buf = xrealloc(r->buf, ncap + 1);
		r->cap = ncap;
	}
	while (r->len - r->pos < want) {
		room = r->cap - r->len;
		errno = 0;
		n = fread(r->buf + r->len, 1, room, r->fp);
		if (r->hash != NULL)
			sha256_update(r->hash, r->buf + r->len, n);
		r->len += n;
		if (n < room) {
			if (ferror(r->fp)) {
				r->ioerr = errno != 0 ? errno : EIO;
				return -1;
			}
			r->eof = 1;
			break;
		}
	}
	return 0;
}

/* See rd.h; the count returned is every unread byte, which may exceed n. */
long
rd_peek(struct rd *r, size_t n)
{
	if (rd_fill(r, n) < 0)
		return -1;
	return (long)(r->len - r->pos);
}

/*
 * Hand out r->buf[pos..pos+n) as a line (NUL-terminated in place; the byte
 * replaced is the consumed "\n" or the spare byte past len) and consume
 * skip bytes.
 */
static int
rd_take(struct rd *r, const char **line, size_t *len, size_t n, size_t skip)
{
	*line = (const char *)r->buf + r->pos;
	*len = n;
	r->buf[r->pos + n] = '\0';
	r->pos += skip;
	r->consumed += skip;
	return 1;
}

/*
 * Search only the bytes not yet searched after each refill (scanned), so a
 * long line is scanned once.  Once more than maxlen bytes of a line are
 * buffered the line is known to be too long: its bytes are dropped as they
 * come until its newline, so memory stays bounded by about 2 * maxlen plus a
 * chunk whatever the line's length.
 */
int
rd_getline(struct rd *r, const char **line, size_t *len, size_t maxlen)
{
	unsigned char *nl;
	size_t avail, scanned = 0, n;
	int skipping = 0;

	for (;;) {
		avail = r->len - r->pos;
		nl = NULL;
		if (avail > scanned)
			nl = memchr(r->buf + r->pos + scanned, '\n',
			    avail - scanned);
		if (nl != NULL) {
			n = (size_t)(nl - (r->buf + r->pos));
			if (skipping || n > maxlen) {
				r->pos += n + 1;
				r->consumed += n + 1;
				return -2;
			}
			return rd_take(r, line, len, n, n + 1);
		}
		if (skipping || avail > maxlen) {
			r->pos = r->len;
			r->consumed += avail;
			skipping = 1;
			avail = 0;
		}
		scanned = avail;
		if (rd_fill(r, avail + 1) < 0)
			return -1;
		if (r->len - r->pos > avail)
			continue;
		/* End of file: what is left is the last line. */
		if (skipping)
			return -2;
		if (avail == 0)
			return 0;
		return rd_take(r, line, len, avail, avail);
	}
}
