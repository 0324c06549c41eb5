/*
 * rpsl_lex.c - lines of RPSL-shaped text and what each is; see
 * rpsl_lex.h.  Both readers (rpsl.c, whois_lex.c) cut lines and tell
 * comments, continuations and attributes apart here, so the IRR and the
 * RIRs are read by one set of rules.
 */
#include <string.h>

#include "rpsl_lex.h"
#include "span.h"

void
rpsl_lex_init(struct rpsl_lexer *lx, const char *text, size_t len,
    unsigned int flags, size_t maxline)
{
	memset(lx, 0, sizeof(*lx));
	lx->text = text;
	lx->len = len;
	lx->flags = flags;
	lx->maxline = maxline;
}

static int
is_eol(const struct rpsl_lexer *lx, char c)
{
	if (c == '\n')
		return 1;
	return (lx->flags & RPSL_LEX_ANY_EOL) && (c == '\r' || c == '\0');
}

int
rpsl_lex_next(struct rpsl_lexer *lx, const char **p, size_t *n)
{
	size_t start = lx->off, len;

	if (lx->off >= lx->len)
		return 0;
	while (lx->off < lx->len && !is_eol(lx, lx->text[lx->off]))
		lx->off++;
	len = lx->off - start;
	if (lx->off < lx->len) {
		/* CRLF is one line end. */
		if (lx->text[lx->off] == '\r' && lx->off + 1 < lx->len &&
		    lx->text[lx->off + 1] == '\n')
			lx->off++;
		lx->off++;
	}
	lx->lineno++;
	if (lx->maxline != 0 && len > lx->maxline) {
		len = lx->maxline;
		lx->nlong++;
	}
	while (len > 0 && span_blank((unsigned char)lx->text[start + len - 1]))
		len--;
	*p = lx->text + start;
	*n = len;
	return 1;
}

int
rpsl_lex_key_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '_';
}

enum rpsl_line
rpsl_lex_kind(const char *p, size_t n, size_t keymax, size_t *namelen)
{
	size_t i = 0;

	if (n == 0)
		return RPSL_BLANK;
	if (p[0] == '%' || p[0] == '#')
		return RPSL_COMMENT;
	if (p[0] == ' ' || p[0] == '\t' || p[0] == '+')
		return RPSL_CONT;
	while (i < n && (keymax == 0 || i <= keymax) &&
	    rpsl_lex_key_char((unsigned char)p[i]))
		i++;
	if (i == 0 || (keymax != 0 && i > keymax) || i == n || p[i] != ':')
		return RPSL_TEXT;
	*namelen = i;
	return RPSL_ATTR;
}
