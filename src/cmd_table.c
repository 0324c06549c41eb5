/*
 * cmd_table.c - the aligned text tables of the listings (provider list,
 * evidence list, log, lookup --bulk) and ellipsize(); see cmd.h.
 *
 * Widths are display widths: the columns a terminal gives the text, by
 * libunistring's uc_width() (two for wide and full-width characters,
 * none for combining marks), so a row with "株式会社" lines up with a row
 * of ASCII.  The policy, documented in depeer(1) OUTPUT:
 *
 *   - the first TABLE_SAMPLE rows (the header included) are buffered and
 *     set each column's width, the widest of its cells;
 *   - every cell but the last of a row is followed by spaces up to its
 *     column's width and then two more: cells are never glued;
 *   - a later cell wider than its column widens the column from that row
 *     on, so the value is shown whole and the rows after it line up
 *     again, at the cost of one step in the table (nothing is cut: a
 *     listing is also read by grep and awk, and an indicator cut short
 *     is a different indicator);
 *   - a table whose cells all fit prints the same bytes as before this
 *     policy, on a terminal and in a pipe alike;
 *   - each cell is shown in termsafe.h's one-line visible form, and
 *     measured as shown.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <unigbrk.h>
#include <unistr.h>
#include <uniwidth.h>

#include "buf.h"
#include "cmd.h"
#include "termsafe.h"

struct table {
	FILE		 *fp;
	int		  ncols;
	struct buf	 *esc;		/* a cell's visible form, per column */
	size_t		 *width;	/* display columns of each column */
	char		**cells;	/* buffered rows, ncols each */
	size_t		  nrows;
	int		  streaming;	/* past the sample: rows print at once */
};

/* Width of s[0..n): controls count 0, each ill-formed sequence 1. */
static size_t
span_width(const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + n;
	size_t w = 0;
	ucs4_t uc;
	int len, cw;

	while (p < end) {
		if (*p < 0x80) {
			/* The common case, without a call. */
			w += *p >= 0x20 && *p != 0x7f;
			p++;
			continue;
		}
		/*
		 * u8_mbtouc() reads at most end - p bytes and gives U+FFFD
		 * (one column, as a terminal shows it) for a byte that does
		 * not start a well-formed sequence.
		 */
		len = u8_mbtouc(&uc, p, (size_t)(end - p));
		cw = uc_width(uc, "UTF-8");
		if (cw > 0)
			w += (size_t)cw;
		p += len > 0 ? len : 1;
	}
	return w;
}

size_t
text_width(const char *s)
{
	return span_width(s, strlen(s));
}

static const char *
cell_text(const char *c)
{
	return c != NULL ? c : "-";
}

/* Widen the columns (all but the last) that a cell of row needs. */
static void
fit(struct table *t, const char *const *row)
{
	size_t w;
	int i;

	for (i = 0; i < t->ncols - 1; i++) {
		w = text_width(cell_text(row[i]));
		if (w > t->width[i])
			t->width[i] = w;
	}
}

static void
print_row(const struct table *t, const char *const *cells)
{
	const char *c;
	size_t w;
	int i;

	for (i = 0; i < t->ncols; i++) {
		c = cell_text(cells[i]);
		fputs(c, t->fp);
		if (i == t->ncols - 1)
			break;
		for (w = text_width(c); w < t->width[i] + 2; w++)
			putc(' ', t->fp);
	}
	putc('\n', t->fp);
}

static void
flush_rows(struct table *t)
{
	char **row;
	size_t r;
	int i;

	for (r = 0; r < t->nrows; r++) {
		row = &t->cells[r * (size_t)t->ncols];
		print_row(t, (const char *const *)row);
		for (i = 0; i < t->ncols; i++)
			free(row[i]);
	}
	t->nrows = 0;
}

struct table *
table_new_fp(FILE *fp, int ncols, const char *const *headers)
{
	struct table *t = xcalloc(1, sizeof(*t));

	t->fp = fp;
	t->ncols = ncols;
	t->width = xcalloc((size_t)ncols, sizeof(*t->width));
	t->esc = xcalloc((size_t)ncols, sizeof(*t->esc));
	t->cells = xcalloc((size_t)ncols * (TABLE_SAMPLE + 1),
	    sizeof(*t->cells));
	table_row(t, headers);
	return t;
}

struct table *
table_new(int ncols, const char *const *headers)
{
	return table_new_fp(stdout, ncols, headers);
}

const char *
shown_text(const char *s, struct buf *b, unsigned flags)
{
	size_t len = strlen(s), n = ts_escaped_len(s, len, flags);

	if (n == len)
		return s;
	buf_reset(b);
	buf_grow(b, n + 1);
	b->len = ts_escape_mem(b->s, s, len, flags);
	return b->s;
}

/*
 * Cells are shown in their one-line visible form (termsafe.h): a value
 * from outside cannot move the cursor, break the row or reorder it, and
 * the widths are measured on what is printed.
 */
void
table_row(struct table *t, const char *const *raw)
{
	const char *cellv[TABLE_MAX_COLS], *const *cells = cellv;
	char **row;
	int i;

	if (t->ncols > TABLE_MAX_COLS)
		die("BUG: a table of %d columns", t->ncols);
	for (i = 0; i < t->ncols; i++)
		cellv[i] = raw[i] != NULL ? shown_text(raw[i], &t->esc[i], 0) :
		    NULL;
	fit(t, cells);
	if (t->streaming) {
		print_row(t, cells);
		return;
	}
	row = &t->cells[t->nrows++ * (size_t)t->ncols];
	for (i = 0; i < t->ncols; i++)
		row[i] = cells[i] != NULL ? xstrdup(cells[i]) : NULL;
	if (t->nrows == TABLE_SAMPLE + 1) {
		flush_rows(t);
		t->streaming = 1;
	}
}

void
table_end(struct table *t)
{
	int i;

	flush_rows(t);
	for (i = 0; i < t->ncols; i++)
		buf_release(&t->esc[i]);
	free(t->esc);
	free(t->width);
	free(t->cells);
	free(t);
}

/*
 * Whole grapheme clusters (u8_grapheme_next(): a letter and its combining
 * marks, an emoji sequence) are kept or dropped together, so a cut never
 * parts a mark from its letter or splits a multi-byte sequence.  A tab or
 * a line break ends the text shown, as a cut does.
 */
char *
ellipsize(const char *s, size_t max)
{
	const uint8_t *p, *next, *end;
	size_t room, w = 0, keep = 0;
	int cut = 0;

	if (s == NULL)
		return NULL;
	room = max > 3 ? max - 3 : 0;
	p = (const uint8_t *)s;
	end = p + strlen(s);
	while (p < end) {
		if (*p == '\n' || *p == '\t' || *p == '\r') {
			cut = 1;
			break;
		}
		next = u8_grapheme_next(p, end);
		if (next == NULL || next <= p)
			next = p + 1;	/* cannot happen before end */
		w += span_width((const char *)p, (size_t)(next - p));
		if (w > max) {
			cut = 1;
			break;
		}
		if (w <= room)
			keep = (size_t)(next - (const uint8_t *)s);
		p = next;
	}
	if (!cut)
		return xstrdup(s);
	return xasprintf("%.*s...", (int)keep, s);
}

/* The value in its multi-line visible form: line breaks kept. */
void
print_field(const char *label, const char *value)
{
	struct buf b = BUF_INIT;
	size_t pad = strlen(label);
	const char *p;

	fputs(label, stdout);
	for (p = shown_text(value, &b, TS_MULTILINE); *p != '\0'; p++) {
		putchar(*p);
		if (*p == '\n' && p[1] != '\0')
			printf("%*s", (int)pad, "");
	}
	putchar('\n');
	buf_release(&b);
}

/*
 * Ring of buffers for tx(): printf() takes a few values at once, each
 * needing its own until the call is done.
 */
#define TX_SLOTS	8

static const char *
tx_flags(const char *s, unsigned flags)
{
	static struct buf slot[TX_SLOTS];
	static unsigned next;

	if (s == NULL)
		return "-";
	return shown_text(s, &slot[next++ % TX_SLOTS], flags);
}

const char *
tx(const char *s)
{
	return tx_flags(s, 0);
}

const char *
txm(const char *s)
{
	return tx_flags(s, TS_MULTILINE);
}

/*
 * On a terminal the answer is shown in the multi-line visible form: a
 * registry (or whoever answers in its place) must not drive the
 * researcher's terminal.  Anywhere else (a file, a pipe) it is written
 * byte for byte, because the stored answer is the proof and is piped to
 * files as such.
 */
void
print_answer(const char *s, size_t len)
{
	static int tty = -1;

	if (tty < 0)
		tty = isatty(STDOUT_FILENO);
	if (tty)
		ts_fwrite(s, len, TS_MULTILINE, stdout);
	else
		fwrite(s, 1, len, stdout);
}
