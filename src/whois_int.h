/*
 * whois_int.h - what the WHOIS readers share among themselves; not an API
 * for the rest of depeer (that is whois_parse.h).  The readers are
 * whois_lex.c (the answer cut into attributes and objects), whois_rec.c
 * (the record building the interpreters share), one interpreter per
 * answer format (whois_rpsl.c, whois_arin.c, whois_iana.c,
 * whois_rwhois.c), and whois_parse.c, the dispatcher above them all.
 * Names shared between these files start with wp_; everything else in
 * them is static.
 */
#ifndef DEPEER_WHOIS_INT_H
#define DEPEER_WHOIS_INT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "regrec.h"
#include "util.h"
#include "whois_parse.h"

/* Bounds: a real answer is far below all of them. */
#define MAX_OBJS	50000	/* objects kept from one answer */
#define MAX_ATTRS	500000	/* attributes kept from one answer */
#define MAX_VALUE	16384	/* a value with its continuation lines */
#define MAX_CONTACTS	64	/* contacts in one record */
#define MAX_ORIGINS	256	/* origin ASNs in one record */
#define MAX_NOTES	16	/* notes in one record */
#define MAX_LOOKUPS	256	/* reference look-ups in one answer */
#define MAX_REFS	32	/* references followed from one object */
#define MAX_PARENTS	8	/* enclosing blocks tried for contacts */
#define MAX_CMTS	64	/* "% Abuse contact" comments kept */
#define KEY_MAX		64	/* longest attribute name */
#define QUOTE_BYTES	60	/* bytes of a bad line quoted in a message */
#define QUOTE_BUF	(QUOTE_BYTES * 4 + 4)
#define BIN_MIN		32	/* control bytes before an answer is binary */
#define MAX_STATEMENTS	256	/* comment/text lines searched for phrases */

/* An escaped excerpt of a line, for messages. */
struct sample {
	int	set;
	size_t	lineno;
	char	q[QUOTE_BUF];
};

struct attr {
	size_t	key;		/* offsets into answer.arena */
	size_t	val;
};

struct obj {
	size_t	a0, na;		/* its attributes: attrs[a0 .. a0 + na) */
	int	section;	/* count of "% Information related to" */
};

/* "% Abuse contact for '<key>' is '<email>'", per section. */
struct abuse_cmt {
	int	section;
	size_t	key, email;	/* arena offsets */
};

/* One answer cut into attributes and objects. */
struct answer {
	enum whois_fmt	 fmt;
	struct buf	 arena;		/* NUL-separated keys and values */
	struct attr	*attrs;
	size_t		 nattrs, capattrs;
	struct obj	*objs;
	size_t		 nobjs, capobjs;
	int		 in_obj;	/* an object is open */
	int		 cont_ok;	/* a continuation line may follow */
	int		 section;
	struct abuse_cmt cmts[MAX_CMTS];
	size_t		 ncmts;
	int		 no_abuse;	/* "% No abuse contact registered" */
	int		 none;		/* the server said: nothing found */
	int		 errcode;	/* DP_EX_* of a server error line */
	struct sample	 errline;	/* ... and the line */
	struct sample	 templine;	/* "rate limit exceeded" and such */
	struct sample	 textline;	/* first line that is not key: value */
	size_t		 ntext;
	size_t		 nstatements;	/* lines searched for phrases */
	size_t		 nlong;		/* lines cut at WHOIS_LINE_MAX */
	int		 full;		/* MAX_OBJS or MAX_ATTRS reached */
};

/* An address block: a range, or a prefix when plen >= 0. */
struct block {
	int		family;
	unsigned char	first[16], last[16];
	int		plen;
};

/* ARIN: the attributes from one NetRange or ASNumber line to the next. */
struct asec {
	size_t	a0, a1;		/* attrs[a0 .. a1) */
	int	asn;		/* an ASNumber section */
};

/* State while one record is filled. */
struct rctx {
	const struct answer	*a;
	struct reg_record	*r;
	size_t			 lookups;
	const struct asec	*secs;	/* ARIN only */
};

/* A candidate block and its place in the answer. */
struct cand {
	size_t		idx;		/* object or ARIN section */
	struct block	b;
};

/*
 * whois_lex.c: the answer reader.  An answer is cut into lines by
 * rpsl_lex.c and into attributes and objects here, with the comment
 * lines that carry meaning noted; the accessors give an attribute's key
 * and value, an object's type, key and values (strings in the arena,
 * valid until wp_answer_release()).  Small text helpers go with it.
 */
const char *wp_akey(const struct answer *a, size_t i);
void	wp_answer_init(struct answer *a, enum whois_fmt fmt);
int	wp_answer_load(struct answer *a, const char *text, size_t len,
	    struct dp_err *err);
void	wp_answer_release(struct answer *a);
int	wp_answer_verdict(const struct answer *a, struct dp_err *err);
const char *wp_aval(const struct answer *a, size_t i);
size_t	wp_class_len(const char *key);
size_t	wp_first_token(const char *s, char *out, size_t outlen);
int	wp_is_blank(int c);
void	wp_note(struct reg_record *r, const char *fmt, const char *arg);
const char *wp_oget(const struct answer *a, size_t o, const char *key);
const char *wp_okey(const struct answer *a, size_t o);
const char *wp_otype(const struct answer *a, size_t o);
int	wp_prefix_ci(const char *p, size_t n, const char *s);
void	wp_quote_bytes(const char *p, size_t n, char q[QUOTE_BUF]);
int	wp_tok_eq(const char *value, const char *name);

/*
 * whois_rec.c: record building shared by the interpreters: blocks,
 * AS numbers, contacts and origins into the record, and the candidate
 * blocks of an answer, smallest first, with their parents' contacts.
 */
int	wp_asn_lenient(const char *s, size_t n, uint32_t *out);
int	wp_asn_range(const char *s, uint32_t *lo, uint32_t *hi);
int	wp_block_overlaps(const struct block *x, const struct block *y);
int	wp_cand_cmp(const void *x, const void *y);
int	wp_contact(struct reg_record *r, const char *value, enum reg_role role,
	    const char *handle, const char *via);
void	wp_name_handle(struct reg_record *r, const char *v);
void	wp_origin(struct reg_record *r, uint32_t asn);
void	wp_origin_list(struct reg_record *r, const char *s);
void	wp_parent_contacts(struct rctx *c, const struct cand *v, size_t n,
	    size_t me, void (*collect)(struct rctx *, size_t),
	    const char *(*name)(const struct rctx *, size_t));
void	wp_parent_origins(struct rctx *c, const struct cand *v, size_t n,
	    size_t me, void (*origins)(struct rctx *, size_t),
	    const char *(*name)(const struct rctx *, size_t));
int	wp_parse_block(const char *s, struct block *b);
void	wp_set_block(struct reg_record *r, const struct block *b);
void	wp_set_if(char **field, const char *v);
void	wp_set_source(struct reg_record *r, const char *v);
void	wp_text_contacts(struct reg_record *r, const char *s,
	    const char *handle, const char *via);

/* whois_rpsl.c: RPSL registries (RIPE, APNIC, AFRINIC, IRR) and LACNIC. */
void	wp_rpsl_autnum(struct rctx *c, enum whois_fmt fmt);
void	wp_rpsl_net(struct rctx *c, enum whois_fmt fmt);

/* whois_arin.c: ARIN's sections. */
void	wp_arin_interpret(struct rctx *c, enum whois_qtype t);

/* whois_iana.c: IANA's answers. */
void	wp_iana_interpret(struct rctx *c, enum whois_qtype t);

/* whois_rwhois.c: rwhois (RFC 2167) answers. */
void	wp_rwhois_interpret(struct rctx *c);

#endif
