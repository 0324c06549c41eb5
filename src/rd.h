/*
 * rd.h - a buffered reader over a FILE that lets the caller peek ahead (to
 * detect a file's format before parsing it) and hands out lines or raw
 * buffer spans without a call per byte.  It owns its buffer, not the FILE.
 */
#ifndef DEPEER_RD_H
#define DEPEER_RD_H

#include <stdio.h>
#include <stddef.h>

struct sha256;

struct rd {
	FILE		*fp;
	unsigned char	*buf;
	size_t		 pos;		/* next unread byte */
	size_t		 len;		/* bytes valid in buf */
	size_t		 cap;
	int		 eof;		/* the FILE hit end of file */
	int		 ioerr;		/* errno of a read error, else 0 */
	unsigned long long consumed;	/* bytes handed out so far */
	struct sha256	*hash;		/* when set, every byte read from the
					   FILE is added to it */
};

void	rd_init(struct rd *r, FILE *fp);
void	rd_release(struct rd *r);
/*
 * Make at least n unread bytes available in r->buf[r->pos..] unless the
 * file ends first.  Returns the number available (may be < n at end of
 * file), or -1 on a read error (r->ioerr set).
 */
long	rd_peek(struct rd *r, size_t n);
/*
 * The next line, without its "\n" (a "\r" before it is kept: the caller
 * decides).  *line points into r's buffer and stays valid until the next
 * call.  Returns 1 with a line, 0 at end of file, -1 on a read error, and
 * -2 if the line is longer than maxlen (the line is skipped).
 */
int	rd_getline(struct rd *r, const char **line, size_t *len, size_t maxlen);

#endif
