/*
 * rpsl_lex.h - the line lexer under both RPSL readers: rpsl.c (IRR
 * aut-num and route objects) and whois_lex.c (the RIRs' WHOIS answers,
 * RPSL or not).  It cuts text into lines and says what each line is;
 * what a reader does with a comment, a continuation or a stray line of
 * text is the reader's business.
 *
 * The shape it knows (RFC 2622 section 2, as whois servers send it):
 * trailing blanks (space, tab, CR, VT, FF) are not part of a line; an
 * empty line ends an object; '%' and '#' in the first column start a
 * comment line; a line starting with a space, a tab or '+' continues the
 * last value; "name: value", where the name is letters, digits, '-' and
 * '_', starts an attribute; anything else is text.
 *
 * Works on (pointer, length) slices: NUL bytes are bytes unless
 * RPSL_LEX_ANY_EOL makes them line ends.  Nothing is allocated.
 */
#ifndef DEPEER_RPSL_LEX_H
#define DEPEER_RPSL_LEX_H

#include <stddef.h>

/* Flags of rpsl_lex_init(). */
#define RPSL_LEX_ANY_EOL	0x01	/* CR, CRLF and NUL end lines too,
					   not only LF */

struct rpsl_lexer {
	const char	*text;
	size_t		 len, off;
	size_t		 lineno;	/* of the line last returned, from 1 */
	size_t		 maxline;	/* longer lines are cut; 0: no limit */
	size_t		 nlong;		/* lines that were cut */
	unsigned int	 flags;
};

/* Start reading text[0..len). */
void	rpsl_lex_init(struct rpsl_lexer *lx, const char *text, size_t len,
	    unsigned int flags, size_t maxline);

/*
 * The next line, without its end and its trailing blanks, into *p and
 * *n (a slice of the text).  Returns 1, or 0 at the end of the text.
 */
int	rpsl_lex_next(struct rpsl_lexer *lx, const char **p, size_t *n);

/* What a line is. */
enum rpsl_line {
	RPSL_BLANK,		/* empty: ends an object */
	RPSL_COMMENT,		/* '%' or '#' first */
	RPSL_CONT,		/* ' ', '\t' or '+' first: continues a value */
	RPSL_ATTR,		/* "name:" first */
	RPSL_TEXT,		/* none of those */
};

/*
 * Classify the line p[0..n) (as rpsl_lex_next() returns it).  For
 * RPSL_ATTR, *namelen is the name's length (the ':' is at p[*namelen]).
 * keymax limits the name's length (longer is RPSL_TEXT); 0: no limit.
 */
enum rpsl_line rpsl_lex_kind(const char *p, size_t n, size_t keymax,
	    size_t *namelen);

/* Whether c may be in an attribute name: letters, digits, '-', '_'. */
int	rpsl_lex_key_char(int c);

#endif
