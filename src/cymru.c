/*
 * cymru.c - Team Cymru IP-to-ASN answers: the bulk query text and the
 * table parsers (see cymru.h for the forms).  Everything works on
 * (pointer, length) slices of the answer, so NUL bytes in it are just
 * bytes; strings leave through utf8_clean(), which makes them safe UTF-8.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "asn.h"
#include "buf.h"
#include "cymru.h"
#include "exitcodes.h"
#include "span.h"
#include "validate.h"

/* Columns beyond this many are kept inside the last one (the AS name). */
#define MAXCOLS		16

enum col { C_SKIP, C_AS, C_IP, C_PREFIX, C_CC, C_RIR, C_ALLOC, C_NAME };

struct field {
	const char	*p;
	size_t		 len;
};

/* The columns of the rows to come, from a header line or guessed. */
struct layout {
	enum col	 cols[MAXCOLS];
	size_t		 ncols;
	int		 have;		/* a header line was seen */
	int		 peer;		/* it names column 1 PEER_AS */
};

/*
 * Lines that are no table rows even if they hold a '|': the bulk banner,
 * the server's errors, the client's warnings, comments.
 */
static int
is_chatter(const char *p, size_t len)
{
	static const char *const pre[] = {
		"Bulk mode;", "Error:", "Warning:", "%", "#",
	};
	size_t i, n;

	for (i = 0; i < ARRAY_SIZE(pre); i++) {
		n = strlen(pre[i]);
		if (len >= n && ascii_ncasecmp(p, pre[i], n) == 0)
			return 1;
	}
	return 0;
}

/* "15169" or "AS15169" (leading zeros allowed), 1..4294967295. */
static int
parse_asn(const char *p, size_t len, uint32_t *out)
{
	return asn_parse(p, len, ASN_PREFIX | ASN_ZEROS, out) == ASN_OK ? 0 :
	    -1;
}

/*
 * The first column: "NA", or ASNs separated by blanks.  Returns 1 for
 * NA, 0 with *asns and *n set (caller frees), -1 if it is neither.
 */
static int
parse_as_list(const char *p, size_t len, uint32_t **asns, size_t *n)
{
	uint32_t *v = NULL, a;
	size_t nv = 0, cap = 0, i = 0, j;

	if (span_eq(p, len, "NA"))
		return 1;
	while (i < len) {
		while (i < len && span_blank((unsigned char)p[i]))
			i++;
		if (i == len)
			break;
		for (j = i; j < len && !span_blank((unsigned char)p[j]); j++)
			;
		if (parse_asn(p + i, j - i, &a) != 0) {
			free(v);
			return -1;
		}
		if (nv == cap) {
			cap = cap ? cap * 2 : 4;
			v = xrealloc(v, cap * sizeof(*v));
		}
		v[nv++] = a;
		i = j;
	}
	if (nv == 0)
		return -1;
	*asns = v;
	*n = nv;
	return 0;
}

/*
 * Split a line at '|' into at most MAXCOLS fields (the last keeps any
 * further '|'), each trimmed.  Returns the field count.
 */
static size_t
split(const char *p, size_t len, struct field *f)
{
	size_t nf = 0, start = 0, i;

	for (i = 0; i <= len; i++) {
		if (i < len && (p[i] != '|' || nf == MAXCOLS - 1))
			continue;
		f[nf].p = p + start;
		f[nf].len = i - start;
		span_trim(&f[nf].p, &f[nf].len);
		nf++;
		start = i + 1;
	}
	return nf;
}

static enum col
col_named(const char *p, size_t len)
{
	static const struct {
		const char	*name;
		enum col	 col;
	} names[] = {
		{ "AS", C_AS }, { "PEER_AS", C_AS }, { "IP", C_IP },
		{ "BGP Prefix", C_PREFIX }, { "CC", C_CC },
		{ "Registry", C_RIR }, { "Allocated", C_ALLOC },
		{ "AS Name", C_NAME },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (span_eq(p, len, names[i].name))
			return names[i].col;
	return C_SKIP;
}

static void
set_layout(struct layout *l, const enum col *cols, size_t n)
{
	memcpy(l->cols, cols, n * sizeof(*cols));
	l->ncols = n;
}

/*
 * The columns of a row when no header said: by count, as the service
 * writes them (see cymru.h).  Returns -1 when the count fits no form.
 */
static int
guess_layout(struct layout *l, const struct field *f, size_t nf)
{
	static const enum col verbose[] = {
		C_AS, C_IP, C_PREFIX, C_CC, C_RIR, C_ALLOC, C_NAME
	};
	static const enum col asrow[] = { C_AS, C_CC, C_RIR, C_ALLOC, C_NAME };
	static const enum col plain[] = { C_AS, C_IP, C_NAME };
	static const enum col bare[] = { C_AS, C_IP };
	struct dp_err e;
	struct ipnet n;
	char tmp[CYMRU_ITEM_MAX + 1];

	if (nf >= 7)
		set_layout(l, verbose, 7);
	else if (nf == 5) {
		/* An AS row has the country, not an address, second. */
		if (f[1].len <= CYMRU_ITEM_MAX) {
			memcpy(tmp, f[1].p, f[1].len);
			tmp[f[1].len] = '\0';
			if (val_ip(tmp, &n, &e) == 0)
				return -1;
		}
		set_layout(l, asrow, 5);
	} else if (nf == 3)
		set_layout(l, plain, 3);
	else if (nf == 2)
		set_layout(l, bare, 2);
	else
		return -1;
	return 0;
}

static void
row_release(struct cymru_row *r)
{
	free(r->ip);
	free(r->asns);
	free(r->prefix);
	free(r->cc);
	free(r->rir);
	free(r->allocated);
	free(r->as_name);
	memset(r, 0, sizeof(*r));
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

void
cymru_row_copy(struct cymru_row *dst, const struct cymru_row *src)
{
	*dst = *src;
	dst->ip = dup_or_null(src->ip);
	dst->asns = NULL;
	if (src->nasns > 0) {
		dst->asns = xcalloc(src->nasns, sizeof(*dst->asns));
		memcpy(dst->asns, src->asns, src->nasns * sizeof(*dst->asns));
	}
	dst->prefix = dup_or_null(src->prefix);
	dst->cc = dup_or_null(src->cc);
	dst->rir = dup_or_null(src->rir);
	dst->allocated = dup_or_null(src->allocated);
	dst->as_name = dup_or_null(src->as_name);
}

void
cymru_rows_free(struct cymru_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		row_release(&rows[i]);
	free(rows);
}

/* Replace *dst with a clean copy of the field, or NULL if empty/"NA". */
static void
set_text(char **dst, const struct field *f, int keep_na)
{
	free(*dst);
	*dst = NULL;
	if (f->len == 0 || (!keep_na && span_eq(f->p, f->len, "NA")))
		return;
	*dst = utf8_clean(f->p, f->len);
}

/*
 * Fill r from the fields of one row laid out as l.  f[nf - 1] runs to
 * the end of the line, so an AS name holding '|' stays whole.  Returns
 * 0 or fills err.
 */
static int
read_row(struct cymru_row *r, const struct layout *l, struct field *f,
    size_t nf, const char *eol, size_t lineno, struct dp_err *err)
{
	char tmp[CYMRU_ITEM_MAX + 1], sb[EXCERPT_BUF];
	struct ipnet net;
	struct dp_err e;
	struct field *cc = NULL;
	size_t i;
	int rc;

	if (nf < l->ncols)
		return dp_fail(err, DP_EX_PROTOCOL, "line %zu: %zu columns "
		    "where %zu were expected", lineno, nf, l->ncols);
	if (nf > l->ncols) {
		if (l->cols[l->ncols - 1] != C_NAME)
			return dp_fail(err, DP_EX_PROTOCOL, "line %zu: %zu "
			    "columns where %zu were expected", lineno, nf,
			    l->ncols);
		/* The AS name had a '|' in it: take the rest of the line. */
		f[l->ncols - 1].len = (size_t)(eol - f[l->ncols - 1].p);
		span_trim(&f[l->ncols - 1].p, &f[l->ncols - 1].len);
	}
	for (i = 0; i < l->ncols; i++) {
		switch (l->cols[i]) {
		case C_AS:
			free(r->asns);
			r->asns = NULL;
			r->nasns = 0;
			rc = parse_as_list(f[i].p, f[i].len, &r->asns,
			    &r->nasns);
			if (rc < 0)
				return dp_fail(err, DP_EX_PROTOCOL, "line %zu: "
				    "expected AS numbers or NA, not '%s'",
				    lineno, text_excerpt(f[i].p, f[i].len, sb));
			r->na = rc == 1;
			break;
		case C_IP:
		case C_PREFIX:
			if (l->cols[i] == C_PREFIX && (f[i].len == 0 ||
			    span_eq(f[i].p, f[i].len, "NA"))) {
				free(r->prefix);
				r->prefix = NULL;
				break;
			}
			if (f[i].len == 0 || f[i].len > CYMRU_ITEM_MAX)
				rc = -1;
			else {
				memcpy(tmp, f[i].p, f[i].len);
				tmp[f[i].len] = '\0';
				rc = l->cols[i] == C_IP ?
				    val_ip(tmp, &net, &e) :
				    val_cidr(tmp, &net, &e);
			}
			if (rc != 0)
				return dp_fail(err, DP_EX_PROTOCOL, "line %zu: "
				    "invalid %s '%s'", lineno,
				    l->cols[i] == C_IP ? "address" : "prefix",
				    text_excerpt(f[i].p, f[i].len, sb));
			set_text(l->cols[i] == C_IP ? &r->ip : &r->prefix,
			    &f[i], 1);
			break;
		case C_CC:
			cc = &f[i];
			break;
		case C_RIR:
			set_text(&r->rir, &f[i], 0);
			break;
		case C_ALLOC:
			set_text(&r->allocated, &f[i], 0);
			break;
		case C_NAME:
			set_text(&r->as_name, &f[i], 0);
			break;
		case C_SKIP:
			break;
		}
	}
	/* "NA" is Namibia, except in the row of an unrouted address. */
	if (cc != NULL)
		set_text(&r->cc, cc, !r->na);
	return 0;
}

/*
 * The common parser: peers says which server's answer this must be
 * (a header naming the other first column is refused).
 */
static int
parse_table(const char *text, size_t len, int peers, struct cymru_row **rowsp,
    size_t *np, struct dp_err *err)
{
	struct cymru_row *rows = NULL, row;
	struct field f[MAXCOLS];
	struct layout l, guess;
	const char *p, *eol, *nl;
	size_t nrows = 0, cap = 0, lineno = 0, off = 0, linelen, nf, i;
	char sb[EXCERPT_BUF];
	uint32_t *tmpv;
	size_t tmpn;
	int rc = 0;

	memset(&l, 0, sizeof(l));
	memset(&row, 0, sizeof(row));
	while (off < len) {
		p = text + off;
		nl = memchr(p, '\n', len - off);
		linelen = nl != NULL ? (size_t)(nl - p) : len - off;
		off += linelen + (nl != NULL);
		lineno++;
		span_trim(&p, &linelen);
		eol = p + linelen;
		/* Banners, client warnings, "Error: no ASN or IP match". */
		if (linelen == 0 || memchr(p, '|', linelen) == NULL ||
		    is_chatter(p, linelen))
			continue;
		nf = split(p, linelen, f);
		if (parse_as_list(f[0].p, f[0].len, &tmpv, &tmpn) == 0)
			free(tmpv);
		else if (!span_eq(f[0].p, f[0].len, "NA")) {
			if (col_named(f[0].p, f[0].len) != C_AS) {
				rc = dp_fail(err, DP_EX_PROTOCOL, "line %zu: "
				    "expected AS numbers or NA, not '%s'",
				    lineno, text_excerpt(f[0].p, f[0].len, sb));
				goto out;
			}
			/* A column header: it names the columns to come. */
			l.peer = span_eq(f[0].p, f[0].len, "PEER_AS");
			if (l.peer != peers) {
				rc = dp_fail(err, DP_EX_PROTOCOL, "line %zu: "
				    "this is %s answer, not %s answer",
				    lineno, l.peer ? "a peer" : "an origin",
				    peers ? "a peer" : "an origin");
				goto out;
			}
			for (i = 0; i < nf; i++)
				l.cols[i] = col_named(f[i].p, f[i].len);
			l.ncols = nf;
			l.have = 1;
			continue;
		}
		if (!l.have && guess_layout(&guess, f, nf) != 0) {
			rc = dp_fail(err, DP_EX_PROTOCOL, "line %zu: cannot "
			    "tell the meaning of %zu columns without a "
			    "header", lineno, nf);
			goto out;
		}
		if ((rc = read_row(&row, l.have ? &l : &guess, f, nf, eol,
		    lineno, err)) != 0)
			goto out;
		if (nrows == cap) {
			cap = cap ? cap * 2 : 16;
			rows = xrealloc(rows, cap * sizeof(*rows));
		}
		rows[nrows++] = row;
		memset(&row, 0, sizeof(row));
	}
	*rowsp = rows;
	*np = nrows;
	rows = NULL;
	nrows = 0;
out:
	row_release(&row);
	cymru_rows_free(rows, nrows);
	return rc;
}

int
cymru_parse(const char *text, size_t len, struct cymru_row **rows, size_t *n,
    struct dp_err *err)
{
	return parse_table(text, len, 0, rows, n, err);
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Sorted and de-duplicated rather than kept in answer order: the
 * service's row order means nothing, and a sort keeps this linear-log
 * for a hostile answer with a million rows.
 */
int
cymru_parse_peers(const char *text, size_t len, uint32_t **peers, size_t *n,
    struct dp_err *err)
{
	struct cymru_row *rows = NULL;
	uint32_t *v = NULL;
	size_t nrows = 0, nv = 0, i, j;
	int rc;

	if ((rc = parse_table(text, len, 1, &rows, &nrows, err)) != 0)
		return rc;
	for (i = 0; i < nrows; i++) {
		if (rows[i].nasns == 0)
			continue;
		v = xrealloc(v, (nv + rows[i].nasns) * sizeof(*v));
		memcpy(v + nv, rows[i].asns, rows[i].nasns * sizeof(*v));
		nv += rows[i].nasns;
	}
	cymru_rows_free(rows, nrows);
	if (nv > 0) {
		qsort(v, nv, sizeof(*v), cmp_u32);
		for (i = 1, j = 1; i < nv; i++)
			if (v[i] != v[j - 1])
				v[j++] = v[i];
		nv = j;
	}
	*peers = v;
	*n = nv;
	return 0;
}

char *
cymru_bulk_query(const char *const *addrs, size_t n)
{
	struct buf b = BUF_INIT;
	size_t i, j, len;
	char c;

	for (i = 0; i < n; i++) {
		len = addrs[i] != NULL ? strlen(addrs[i]) : 0;
		if (len == 0 || len > CYMRU_ITEM_MAX)
			return NULL;
		for (j = 0; j < len; j++) {
			c = addrs[i][j];
			if (!((c >= '0' && c <= '9') ||
			    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    c == '.' || c == ':'))
				return NULL;
		}
	}
	buf_adds(&b, "begin\r\nverbose\r\n");
	for (i = 0; i < n; i++) {
		buf_adds(&b, addrs[i]);
		buf_adds(&b, "\r\n");
	}
	buf_adds(&b, "end\r\n");
	return buf_detach(&b, NULL);
}

char *
cymru_bulk_request(const char *const *addrs, size_t n)
{
	char *q = cymru_bulk_query(addrs, n);

	if (q != NULL)
		q[strlen(q) - 2] = '\0';	/* the "\r\n" after "end" */
	return q;
}
