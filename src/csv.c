/*
 * csv.c - the strict RFC 4180 reader; see csv.h.
 *
 * csv_read() scans the rd buffer in place with table-driven loops over
 * unsigned bytes and copies each field's bytes into one growing buffer (fb),
 * a NUL after each field.  The field offsets, lengths and pointers live in
 * arrays that are reused from record to record, so once they have grown a
 * record costs no allocation.  Bytes are handed back to the rd as soon as
 * they are copied, so a refill never invalidates anything the parser holds,
 * and a field over the limit is refused before more than a buffer's worth
 * of it has been read.
 */
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "exitcodes.h"
#include "rd.h"
#include "util.h"
#include "validate.h"

/* Byte classes of the scanning tables. */
enum {
	CL_PLAIN,	/* part of the field */
	CL_HIGH,	/* part of the field; >= 0x80, so check UTF-8 */
	CL_STOP		/* the slow path decides */
};

struct csv_reader {
	struct rd	*r;
	size_t		 max_field;
	long		 line;		/* physical line of the next byte */
	int		 started;	/* the byte order mark check is done */
	int		 failed;	/* code of an earlier error, else 0 */
	struct dp_err	 err;		/* the message of that error */
	char		*fb;		/* field bytes of the record */
	size_t		 fblen;
	size_t		 fbcap;
	size_t		*offs;		/* where each field starts in fb */
	size_t		*lens;
	char		**fields;
	size_t		 nalloc;	/* entries in offs, lens, fields */
	unsigned char	 ucls[256];	/* classes in an unquoted field */
	unsigned char	 qcls[256];	/* classes in a quoted field */
};

/*
 * A reader over r with empty arrays big enough for most records; the
 * scanning tables are per reader, so there is no shared state.
 */
struct csv_reader *
csv_new(struct rd *r, size_t max_field)
{
	struct csv_reader *c;
	int i;

	c = xcalloc(1, sizeof(*c));
	c->r = r;
	c->max_field = max_field;
	c->line = 1;
	c->fbcap = 4096;
	c->fb = xmalloc(c->fbcap);
	c->nalloc = 16;
	c->offs = xmalloc(c->nalloc * sizeof(*c->offs));
	c->lens = xmalloc(c->nalloc * sizeof(*c->lens));
	c->fields = xmalloc(c->nalloc * sizeof(*c->fields));
	for (i = 0x80; i < 256; i++) {
		c->ucls[i] = CL_HIGH;
		c->qcls[i] = CL_HIGH;
	}
	/*
	 * Unquoted fields stop at their ends and at the bytes that are
	 * errors there; quoted ones at the quote, at NUL, and at LF so that
	 * lines are counted.
	 */
	c->ucls[','] = c->ucls['\n'] = c->ucls['\r'] = CL_STOP;
	c->ucls['"'] = c->ucls['\0'] = CL_STOP;
	c->qcls['"'] = c->qcls['\0'] = c->qcls['\n'] = CL_STOP;
	return c;
}

/* Free c and its buffers; r stays the caller's. */
void
csv_free(struct csv_reader *c)
{
	if (c == NULL)
		return;
	free(c->fb);
	free(c->offs);
	free(c->lens);
	free(c->fields);
	free(c);
}

/* Make room for n more bytes in fb. */
static void
fb_grow(struct csv_reader *c, size_t n)
{
	size_t ncap = c->fbcap;

	if (n > (size_t)-1 / 4 - c->fblen)
		die("CSV field buffer too large");
	while (ncap - c->fblen < n)
		ncap *= 2;
	c->fb = xrealloc(c->fb, ncap);
	c->fbcap = ncap;
}

/*
 * Append n bytes to the field that starts at fb[fstart], keeping one byte
 * free for its NUL.  Returns -1, appending nothing, if the field would then
 * be longer than max_field.
 */
static inline int
fb_add(struct csv_reader *c, const unsigned char *s, size_t n, size_t fstart)
{
	if (n > c->max_field - (c->fblen - fstart))
		return -1;
	if (n + 1 > c->fbcap - c->fblen)
		fb_grow(c, n + 1);
	memcpy(c->fb + c->fblen, s, n);
	c->fblen += n;
	return 0;
}

/* Room for one more field in offs, lens and fields. */
static void
fields_grow(struct csv_reader *c)
{
	/* Three arrays side by side: GROW() would keep three capacities. */
	c->nalloc = grow_cap(c->nalloc, c->nalloc + 1);
	c->offs = xreallocarray(c->offs, c->nalloc, sizeof(*c->offs));
	c->lens = xreallocarray(c->lens, c->nalloc, sizeof(*c->lens));
	c->fields = xreallocarray(c->fields, c->nalloc, sizeof(*c->fields));
}

/*
 * Give the bytes before *pp back to the rd as consumed and read more.  Only
 * called with *pp == *endp.  Returns the bytes now available, 0 at end of
 * file, -1 on a read error; *pp and *endp point into the (maybe moved)
 * buffer.
 */
static long
csv_fill(struct rd *r, const unsigned char **pp, const unsigned char **endp)
{
	size_t pos = (size_t)(*pp - r->buf);
	long n;

	r->consumed += pos - r->pos;
	r->pos = pos;
	n = rd_peek(r, 1);
	*pp = r->buf + r->pos;
	*endp = r->buf + r->len;
	return n;
}

/*
 * End field nf (1-based in messages), which began at fb[fstart] on line
 * fline: NUL-terminate it, record it, and if it has bytes >= 0x80 check
 * that it is UTF-8.  Returns 0 or DP_EX_DATAERR with c->err filled; the
 * message names the line of the first bad byte, counting the newlines of a
 * quoted field.
 */
static int
field_end(struct csv_reader *c, size_t nf, size_t fstart, long fline, int hi)
{
	size_t len = c->fblen - fstart, bad, i;
	long line;

	if (c->fblen == c->fbcap)
		fb_grow(c, 1);
	c->fb[c->fblen++] = '\0';
	c->offs[nf] = fstart;
	c->lens[nf] = len;
	if (hi && !utf8_valid(c->fb + fstart, len, &bad)) {
		line = fline;
		for (i = 0; i < bad; i++)
			if (c->fb[fstart + i] == '\n')
				line++;
		return dp_fail(&c->err, DP_EX_DATAERR,
		    "line %ld: field %zu is not valid UTF-8 (byte 0x%02x at "
		    "offset %zu)", line, nf + 1,
		    (unsigned char)c->fb[fstart + bad], bad);
	}
	return 0;
}

/*
 * The parser keeps p and end as locals for speed and gives consumed bytes
 * back to the rd only when it refills and on return.  Each turn of the
 * outer loop reads one field: its content (the fast loops), then the byte
 * after it, which ends the field, the record, or is an error.
 */
int
csv_read(struct csv_reader *c, struct csv_record *rec, struct dp_err *err)
{
	struct rd *r = c->r;
	const unsigned char *ucls = c->ucls, *qcls = c->qcls;
	const unsigned char *p, *q, *end;
	size_t nf = 0, fstart, i, skip;
	long n, fline, qline, rline;
	int code = 0, hi, quoted, ateof;

	if (c->failed != 0)
		goto out_nosync;
	if (!c->started) {
		c->started = 1;
		n = r->consumed == 0 ? rd_peek(r, 3) : 0;
		if (n < 0)
			goto ioerr_nosync;
		if (n >= 3 && memcmp(r->buf + r->pos, "\xef\xbb\xbf", 3) == 0) {
			r->pos += 3;
			r->consumed += 3;
		}
	}
	p = r->buf + r->pos;
	end = r->buf + r->len;
	if (p == end) {
		n = csv_fill(r, &p, &end);
		if (n < 0)
			goto ioerr;
		if (n == 0)
			goto out;
	}
	rline = c->line;
	c->fblen = 0;
	for (;;) {
		if (nf == c->nalloc)
			fields_grow(c);
		fstart = c->fblen;
		fline = c->line;
		hi = 0;
		ateof = 0;
		if (p == end && (n = csv_fill(r, &p, &end)) <= 0) {
			if (n < 0)
				goto ioerr;
			ateof = 1;	/* after a final comma */
		}
		quoted = !ateof && *p == '"';
		if (!ateof && !quoted) {
			for (;;) {
				q = p;
				for (;;) {
					while (q < end && ucls[*q] == CL_PLAIN)
						q++;
					if (q == end || ucls[*q] != CL_HIGH)
						break;
					hi = 1;
					q++;
				}
				if (q > p && fb_add(c, p, (size_t)(q - p),
				    fstart) < 0)
					goto toolong;
				p = q;
				if (p < end)
					break;
				if ((n = csv_fill(r, &p, &end)) <= 0) {
					if (n < 0)
						goto ioerr;
					ateof = 1;
					break;
				}
			}
		} else if (quoted) {
			p++;
			qline = c->line;
			skip = 0;
			for (;;) {
				/*
				 * skip = 1 when p is at the second quote of a
				 * pair: that quote is field content.
				 */
				q = p + skip;
				skip = 0;
				for (;;) {
					while (q < end && qcls[*q] == CL_PLAIN)
						q++;
					if (q == end)
						break;
					if (qcls[*q] == CL_HIGH)
						hi = 1;
					else if (*q == '\n')
						c->line++;
					else
						break;
					q++;
				}
				if (q > p && fb_add(c, p, (size_t)(q - p),
				    fstart) < 0)
					goto toolong;
				p = q;
				if (p == end) {
					if ((n = csv_fill(r, &p, &end)) < 0)
						goto ioerr;
					if (n == 0) {
						code = dp_fail(&c->err,
						    DP_EX_DATAERR, "line %ld: "
						    "unbalanced quote: the "
						    "quoted field opened on "
						    "line %ld is never closed",
						    qline, qline);
						goto out;
					}
					continue;
				}
				if (*p == '\0')
					goto nul;
				p++;	/* a quote: closing, or doubled */
				if (p == end &&
				    (n = csv_fill(r, &p, &end)) <= 0) {
					if (n < 0)
						goto ioerr;
					ateof = 1;
					break;
				}
				if (*p != '"')
					break;
				skip = 1;
			}
		}
		/* p is at the byte after the field unless ateof. */
		if (ateof) {
			if ((code = field_end(c, nf++, fstart, fline, hi)) != 0)
				goto out;
			break;
		}
		if (*p == ',') {
			p++;
			if ((code = field_end(c, nf++, fstart, fline, hi)) != 0)
				goto out;
			continue;
		}
		if (*p == '\r') {
			p++;
			if (p == end && (n = csv_fill(r, &p, &end)) < 0)
				goto ioerr;
			if (p == end || *p != '\n') {
				code = dp_fail(&c->err, DP_EX_DATAERR,
				    "line %ld: carriage return without a line "
				    "feed after field %zu", c->line, nf + 1);
				goto out;
			}
		}
		if (*p == '\n') {
			p++;
			c->line++;
			if ((code = field_end(c, nf++, fstart, fline, hi)) != 0)
				goto out;
			break;
		}
		if (quoted) {
			code = dp_fail(&c->err, DP_EX_DATAERR,
			    "line %ld: text after the closing quote of field "
			    "%zu", c->line, nf + 1);
			goto out;
		}
		if (*p == '\0')
			goto nul;
		code = dp_fail(&c->err, DP_EX_DATAERR,
		    "line %ld: stray quote in unquoted field %zu (a field "
		    "with quotes must be quoted, its quotes doubled)",
		    c->line, nf + 1);
		goto out;
	}
	for (i = 0; i < nf; i++)
		c->fields[i] = c->fb + c->offs[i];
	rec->nfields = nf;
	rec->fields = c->fields;
	rec->lens = c->lens;
	rec->line = rline;
	code = 1;
	goto out;

nul:
	code = dp_fail(&c->err, DP_EX_DATAERR,
	    "line %ld: NUL byte in field %zu", c->line, nf + 1);
	goto out;
toolong:
	code = dp_fail(&c->err, DP_EX_DATAERR,
	    "line %ld: field %zu is longer than %zu bytes", fline, nf + 1,
	    c->max_field);
	goto out;
ioerr:
	r->consumed += (size_t)(p - r->buf) - r->pos;
	r->pos = (size_t)(p - r->buf);
ioerr_nosync:
	code = dp_fail(&c->err, DP_EX_IOERR, "read error: %s",
	    strerror(r->ioerr));
	c->failed = code;
	goto out_nosync;
out:
	r->consumed += (size_t)(p - r->buf) - r->pos;
	r->pos = (size_t)(p - r->buf);
	if (code > 1)
		c->failed = code;
out_nosync:
	if (c->failed != 0) {
		if (err != NULL)
			*err = c->err;
		return c->failed;
	}
	return code;
}
