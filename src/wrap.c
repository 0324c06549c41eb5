/*
 * wrap.c - fold long prose lines at spaces (see wrap.h).  Hand-written:
 * the job is twenty lines over libunistring's uc_width(), and no packaged
 * library folds plain text while leaving preformatted lines alone.
 */
#include <stddef.h>

#include <unistr.h>
#include <uniwidth.h>

#include "buf.h"
#include "wrap.h"

/* Display width of s[0..n): bytes that are not UTF-8 count one each. */
static size_t
width_of(const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + n;
	size_t w = 0;
	ucs4_t uc;
	int k, cw;

	while (p < end) {
		k = u8_mbtouc(&uc, p, (size_t)(end - p));
		if (k <= 0)
			k = 1;
		cw = uc_width(uc, "UTF-8");
		w += cw > 0 ? (size_t)cw : (cw == 0 ? 0 : 1);
		p += k;
	}
	return w;
}

/*
 * Append line s[0..n) (no line end) folded at spaces: words are filled
 * greedily, the run of spaces a line is broken at is dropped, the runs
 * kept inside a line stay as they were.
 */
static void
fold_line(const char *s, size_t n, size_t width, struct buf *out)
{
	size_t i = 0, sp, ws, w, col = 0;
	int first = 1;

	while (i < n) {
		for (sp = i; i < n && s[i] == ' '; i++)
			;
		for (ws = i; i < n && s[i] != ' '; i++)
			;
		if (ws == i)
			break;		/* trailing spaces */
		w = width_of(s + ws, i - ws);
		if (first) {
			buf_add(out, s + ws, i - ws);
			col = w;
			first = 0;
		} else if (col + (ws - sp) + w <= width) {
			buf_add(out, s + sp, i - sp);
			col += (ws - sp) + w;
		} else {
			buf_addc(out, '\n');
			buf_add(out, s + ws, i - ws);
			col = w;
		}
	}
}

void
wrap_prose(const char *text, size_t len, size_t width, struct buf *out)
{
	size_t i = 0, j, n;

	while (i < len) {
		for (j = i; j < len && text[j] != '\n'; j++)
			;
		n = j - i;
		if (n > 0 && text[i] != ' ' && text[i] != '\t' &&
		    width_of(text + i, n) > width)
			fold_line(text + i, n, width, out);
		else
			buf_add(out, text + i, n);
		if (j < len)
			buf_addc(out, '\n');
		i = j + 1;
	}
}
