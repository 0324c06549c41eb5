/*
 * rpsl.c - RPSL objects from IRR answers: an object reader over
 * rpsl_lex.c's lines (comments, continuation lines, '#' remarks), the
 * aut-num policy classifier and the route/route6 list (see rpsl.h for
 * what each means).  The reader works
 * on (pointer, length) slices, so NUL bytes are only bytes; strings leave
 * through utf8_clean(), which makes them safe UTF-8.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "asn.h"
#include "buf.h"
#include "exitcodes.h"
#include "rpsl.h"
#include "rpsl_lex.h"
#include "span.h"

/* One attribute: its name as a slice of the text, its joined value. */
struct attr {
	const char	*name;
	size_t		 namelen;
	struct buf	 val;
	size_t		 line;
};

/* One object: its attributes in order, and where it started. */
struct obj {
	struct attr	*a;
	size_t		 n, cap;
	size_t		 line;
};

/* What the reader saw outside objects. */
struct scan {
	struct rpsl_lexer lx;
	int		 noentries;	/* "No entries found" */
	int		 truncated;	/* a "TRUNCATED" line */
	int		 garbage;	/* a line that is no RPSL at all */
	int		 rpsl;		/* an attribute was seen */
};

/* Whether word occurs in p[0..len), ignoring case. */
static int
has_ci(const char *p, size_t len, const char *word)
{
	size_t wl = strlen(word), i;

	for (i = 0; i + wl <= len; i++)
		if (ascii_ncasecmp(p + i, word, wl) == 0)
			return 1;
	return 0;
}

/*
 * An AS number token: "AS3356", "as03255", asdot "AS1.10" (RFC 5396),
 * any case.  The "AS" is required: in a peering a bare number is not an
 * AS.  AS0 is refused.
 */
static int
parse_as_token(const char *p, size_t len, uint32_t *out)
{
	return asn_parse(p, len, ASN_NEED_PREFIX | ASN_ASDOT | ASN_HIGH0 |
	    ASN_ZEROS | ASN_ZEROS_LOW, out) == ASN_OK ? 0 : -1;
}

/* "AS-UARNET", "AS25229:AS-CUST": an as-set name (RFC 2622 5.1). */
static int
is_as_set(const char *p, size_t len)
{
	return (len > 3 && ascii_ncasecmp(p, "AS-", 3) == 0) ||
	    has_ci(p, len, ":AS-");
}

/*
 * The object reader.
 */

static void
obj_reset(struct obj *o)
{
	size_t i;

	for (i = 0; i < o->n; i++)
		buf_release(&o->a[i].val);
	o->n = 0;
}

static void
obj_release(struct obj *o)
{
	obj_reset(o);
	free(o->a);
	memset(o, 0, sizeof(*o));
}

/* Append one line's value to b: comment cut, trimmed, space-joined. */
static void
add_value(struct buf *b, const char *p, size_t len)
{
	const char *hash = memchr(p, '#', len);

	if (hash != NULL)
		len = (size_t)(hash - p);
	span_trim(&p, &len);
	if (len == 0)
		return;
	if (b->len > 0)
		buf_addc(b, ' ');
	buf_add(b, p, len);
}

/*
 * Read the next object into o (reset first).  Returns 1 with an object,
 * 0 at the end of the text.
 */
static int
next_object(struct scan *sc, struct obj *o)
{
	const char *p;
	size_t linelen, namelen = 0;
	struct attr *a;

	obj_reset(o);
	while (rpsl_lex_next(&sc->lx, &p, &linelen)) {
		switch (rpsl_lex_kind(p, linelen, 0, &namelen)) {
		case RPSL_BLANK:
			if (o->n > 0)
				return 1;	/* a blank line ends it */
			continue;
		case RPSL_COMMENT:
			if (p[0] == '%' &&
			    has_ci(p, linelen, "no entries found"))
				sc->noentries = 1;
			continue;
		case RPSL_CONT:
			if (o->n > 0)
				add_value(&o->a[o->n - 1].val, p + 1,
				    linelen - 1);
			continue;
		case RPSL_TEXT:
			if (span_eq(p, linelen, "TRUNCATED"))
				sc->truncated = 1;
			else
				sc->garbage = 1;
			continue;
		case RPSL_ATTR:
			break;
		}
		sc->rpsl = 1;
		if (o->n == o->cap) {
			o->cap = o->cap ? o->cap * 2 : 16;
			o->a = xrealloc(o->a, o->cap * sizeof(*o->a));
		}
		a = &o->a[o->n++];
		if (o->n == 1)
			o->line = sc->lx.lineno;
		a->name = p;
		a->namelen = namelen;
		a->line = sc->lx.lineno;
		buf_init(&a->val);
		add_value(&a->val, p + namelen + 1, linelen - namelen - 1);
	}
	return o->n > 0;
}

/* The first attribute called name, or NULL. */
static struct attr *
obj_get(struct obj *o, const char *name)
{
	size_t i;

	for (i = 0; i < o->n; i++)
		if (span_eq(o->a[i].name, o->a[i].namelen, name))
			return &o->a[i];
	return NULL;
}

/* A copy of the first value called name (safe text), or NULL. */
static char *
obj_text(struct obj *o, const char *name)
{
	struct attr *a = obj_get(o, name);

	return a != NULL && a->val.len > 0 ? utf8_clean(a->val.s, a->val.len) :
	    NULL;
}

/*
 * Neighbours of an aut-num: what its policy says of each, found by ASN
 * through an open-addressing table so a hostile 1 MB policy stays fast.
 */

#define IMP_ANY		0x01
#define IMP_OTHER	0x02
#define EXP_ANY		0x04
#define EXP_SELFSET	0x08
#define EXP_OTHER	0x10

struct nb {
	uint32_t	 asn;
	unsigned int	 flags;
};

struct nbmap {
	struct nb	*v;
	size_t		 n, cap;
	uint32_t	*slot;		/* index + 1 into v; 0 is empty */
	size_t		 nslot;		/* a power of two */
};

static size_t
nb_hash(uint32_t asn, size_t nslot)
{
	return (size_t)(asn * 2654435761u) & (nslot - 1);
}

static void
nb_mark(struct nbmap *m, uint32_t asn, unsigned int flags)
{
	size_t i, j;

	if (m->nslot == 0 || (m->n + 1) * 2 > m->nslot) {
		free(m->slot);
		m->nslot = m->nslot ? m->nslot * 2 : 64;
		m->slot = xcalloc(m->nslot, sizeof(*m->slot));
		for (j = 0; j < m->n; j++) {
			i = nb_hash(m->v[j].asn, m->nslot);
			while (m->slot[i] != 0)
				i = (i + 1) & (m->nslot - 1);
			m->slot[i] = (uint32_t)(j + 1);
		}
	}
	i = nb_hash(asn, m->nslot);
	while (m->slot[i] != 0) {
		if (m->v[m->slot[i] - 1].asn == asn) {
			m->v[m->slot[i] - 1].flags |= flags;
			return;
		}
		i = (i + 1) & (m->nslot - 1);
	}
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 64;
		m->v = xrealloc(m->v, m->cap * sizeof(*m->v));
	}
	m->v[m->n].asn = asn;
	m->v[m->n].flags = flags;
	m->slot[i] = (uint32_t)++m->n;
}

/*
 * The filter after accept/announce, seen one token at a time: enough to
 * tell ANY ("ANY", "AS-ANY", "ANY AND NOT ...") from a restriction, and
 * whether it names this AS or an as-set.
 */
struct filter {
	size_t		 ntok;
	int		 any0, and1, not2;
	int		 selfset;
};

static void
filter_token(struct filter *f, const char *t, size_t len, uint32_t self)
{
	uint32_t asn;

	if (f->ntok == 0)
		f->any0 = span_eq(t, len, "ANY") || span_eq(t, len, "AS-ANY");
	else if (f->ntok == 1)
		f->and1 = span_eq(t, len, "AND");
	else if (f->ntok == 2)
		f->not2 = span_eq(t, len, "NOT");
	if ((parse_as_token(t, len, &asn) == 0 && asn == self) ||
	    (is_as_set(t, len) && !span_eq(t, len, "AS-ANY")))
		f->selfset = 1;
	f->ntok++;
}

static int
filter_is_any(const struct filter *f)
{
	return f->any0 && (f->ntok == 1 || (f->ntok >= 3 && f->and1 &&
	    f->not2));
}

/* Give the filter to the ASNs of the peerings before it. */
static void
filter_end(struct nbmap *m, const struct filter *f, int import,
    const uint32_t *pend, size_t npend, uint32_t self)
{
	unsigned int fl;
	size_t i;

	if (f->ntok == 0)
		return;
	if (import)
		fl = filter_is_any(f) ? IMP_ANY : IMP_OTHER;
	else
		fl = filter_is_any(f) ? EXP_ANY :
		    f->selfset ? EXP_SELFSET : EXP_OTHER;
	for (i = 0; i < npend; i++)
		if (pend[i] != self)
			nb_mark(m, pend[i], fl);
}

static int
is_punct(char c)
{
	return c == ';' || c == '{' || c == '}' || c == '(' || c == ')' ||
	    c == ',';
}

/* The next token of s at *i: a word, or one of ; { } ( ) , alone. */
static int
next_token(const char *s, size_t len, size_t *i, const char **t, size_t *tl)
{
	size_t j;

	while (*i < len && (span_blank((unsigned char)s[*i]) || s[*i] == '\n'))
		(*i)++;
	if (*i == len)
		return 0;
	*t = s + *i;
	if (is_punct(s[*i])) {
		*tl = 1;
		(*i)++;
		return 1;
	}
	for (j = *i; j < len && !span_blank((unsigned char)s[j]) &&
	    !is_punct(s[j]); j++)
		;
	*tl = j - *i;
	*i = j;
	return 1;
}

enum pstate { P_START, P_AFI, P_SKIP1, P_PEERING, P_AT, P_ACTION, P_FILTER };

/*
 * One import/export (or mp-) value, RFC 2622 6.1/6.2 and RFC 4012 2.5:
 *   [afi <list>] [protocol P] [into P] from <peering> [at <router>]
 *   [action <actions>;] ... accept <filter> [;] [refine|except ...]
 * and the structured forms in braces.  Each "from"/"to" peering adds its
 * ASNs to the pending list; the next filter is given to all of them.
 */
static void
policy_value(struct nbmap *m, const char *s, size_t len, int import,
    uint32_t self)
{
	enum pstate st = P_START;
	struct filter f;
	uint32_t *pend = NULL, asn;
	size_t npend = 0, cap = 0, i = 0, tl, depth = 0;
	const char *t;
	int except = 0;

	memset(&f, 0, sizeof(f));
	while (next_token(s, len, &i, &t, &tl)) {
		if (st == P_SKIP1) {
			st = P_START;
			continue;
		}
		if (st == P_AFI) {
			/* "afi ipv4.unicast, ipv6.multicast", "afi any" */
			if ((tl == 1 && *t == ',') || memchr(t, '.', tl) ||
			    span_eq(t, tl, "any") || span_eq(t, tl, "ipv4") ||
			    span_eq(t, tl, "ipv6"))
				continue;
			st = P_START;
		}
		if (st != P_FILTER || depth == 0) {
			if (span_eq(t, tl, "from") || span_eq(t, tl, "to")) {
				if (st == P_FILTER || st == P_START) {
					filter_end(m, &f, import, pend, npend,
					    self);
					npend = 0;
				}
				memset(&f, 0, sizeof(f));
				except = 0;
				st = P_PEERING;
				continue;
			}
			if (span_eq(t, tl, "accept") ||
			    span_eq(t, tl, "announce")) {
				memset(&f, 0, sizeof(f));
				depth = 0;
				st = P_FILTER;
				continue;
			}
			if (span_eq(t, tl, "action")) {
				st = P_ACTION;
				continue;
			}
			if (st != P_FILTER && st != P_ACTION &&
			    span_eq(t, tl, "afi")) {
				st = P_AFI;
				continue;
			}
			if (st != P_FILTER && st != P_ACTION &&
			    (span_eq(t, tl, "protocol") ||
			    span_eq(t, tl, "into"))) {
				st = P_SKIP1;
				continue;
			}
		}
		switch (st) {
		case P_PEERING:
			if (span_eq(t, tl, "at")) {
				st = P_AT;
				break;
			}
			/* "from AS-ANY EXCEPT AS1": AS1 is left out. */
			if (span_eq(t, tl, "except"))
				except = 1;
			if (except || parse_as_token(t, tl, &asn) != 0)
				break;	/* an as-set, OR, AND */
			if (npend == cap) {
				cap = cap ? cap * 2 : 8;
				pend = xrealloc(pend, cap * sizeof(*pend));
			}
			pend[npend++] = asn;
			break;
		case P_FILTER:
			if (tl == 1 && (*t == '{' || *t == '(')) {
				depth++;
				filter_token(&f, t, tl, self);
			} else if (tl == 1 && (*t == '}' || *t == ')')) {
				if (depth > 0) {
					depth--;
					filter_token(&f, t, tl, self);
					break;
				}
				/* The end of a structured block. */
				filter_end(m, &f, import, pend, npend, self);
				memset(&f, 0, sizeof(f));
				npend = 0;
				st = P_START;
			} else if (depth == 0 && ((tl == 1 && *t == ';') ||
			    span_eq(t, tl, "refine") || span_eq(t, tl, "except"))) {
				filter_end(m, &f, import, pend, npend, self);
				memset(&f, 0, sizeof(f));
				npend = 0;
				st = P_START;
			} else
				filter_token(&f, t, tl, self);
			break;
		default:
			/* Router addresses, actions, braces, ';'. */
			break;
		}
	}
	if (st == P_FILTER)
		filter_end(m, &f, import, pend, npend, self);
	free(pend);
}

void
rpsl_policy_release(struct rpsl_policy *p)
{
	free(p->as_name);
	free(p->source);
	free(p->upstreams);
	free(p->upstream_confirmed);
	free(p->customers);
	free(p->peers);
	memset(p, 0, sizeof(*p));
}

int
rpsl_parse_autnum(const char *text, size_t len, struct rpsl_policy *out,
    struct dp_err *err)
{
	struct scan sc;
	struct obj o;
	struct nbmap m;
	struct rpsl_policy p = RPSL_POLICY_INIT;
	struct attr *a;
	const char *v;
	size_t i, vl, nu, nc, np;
	unsigned int fl;
	char sb[EXCERPT_BUF];
	int rc = 0, found = 0, import;

	memset(&sc, 0, sizeof(sc));
	memset(&o, 0, sizeof(o));
	memset(&m, 0, sizeof(m));
	rpsl_lex_init(&sc.lx, text, len, 0, 0);
	while (next_object(&sc, &o))
		if (span_eq(o.a[0].name, o.a[0].namelen, "aut-num")) {
			found = 1;
			break;
		}
	if (!found) {
		if (sc.noentries)
			rc = dp_fail(err, DP_EX_NOINPUT, "the registry has no "
			    "entries for this AS");
		else
			rc = dp_fail(err, DP_EX_PROTOCOL, "no aut-num object "
			    "in the answer");
		goto out;
	}
	v = o.a[0].val.s;
	vl = o.a[0].val.len;
	if (parse_as_token(v, vl, &p.asn) != 0) {
		rc = dp_fail(err, DP_EX_PROTOCOL, "line %zu: aut-num '%s' is "
		    "not an AS number", o.line, text_excerpt(v, vl, sb));
		goto out;
	}
	p.as_name = obj_text(&o, "as-name");
	p.source = obj_text(&o, "source");
	for (i = 1; i < o.n; i++) {
		a = &o.a[i];
		if (span_eq(a->name, a->namelen, "import") ||
		    span_eq(a->name, a->namelen, "mp-import"))
			import = 1;
		else if (span_eq(a->name, a->namelen, "export") ||
		    span_eq(a->name, a->namelen, "mp-export"))
			import = 0;
		else
			continue;
		policy_value(&m, a->val.s, a->val.len, import, p.asn);
		p.nrules++;
	}
	/* Sized first, filled second: each list is allocated once. */
	for (i = 0; i < m.n; i++) {
		fl = m.v[i].flags;
		if (fl & IMP_ANY)
			p.nupstreams++;
		else if (fl & EXP_ANY)
			p.ncustomers++;
		else
			p.npeers++;
	}
	if (p.nupstreams > 0) {
		p.upstreams = xcalloc(p.nupstreams, sizeof(*p.upstreams));
		p.upstream_confirmed = xcalloc(p.nupstreams, 1);
	}
	if (p.ncustomers > 0)
		p.customers = xcalloc(p.ncustomers, sizeof(*p.customers));
	if (p.npeers > 0)
		p.peers = xcalloc(p.npeers, sizeof(*p.peers));
	nu = nc = np = 0;
	for (i = 0; i < m.n; i++) {
		fl = m.v[i].flags;
		if (fl & IMP_ANY) {
			p.upstream_confirmed[nu] = (fl & EXP_SELFSET) != 0;
			p.upstreams[nu++] = m.v[i].asn;
		} else if (fl & EXP_ANY)
			p.customers[nc++] = m.v[i].asn;
		else
			p.peers[np++] = m.v[i].asn;
	}
	*out = p;
	memset(&p, 0, sizeof(p));
out:
	rpsl_policy_release(&p);
	obj_release(&o);
	free(m.v);
	free(m.slot);
	return rc;
}

void
rpsl_routes_free(struct rpsl_route *routes, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(routes[i].source);
		free(routes[i].descr);
		free(routes[i].mnt_by);
		free(routes[i].org);
	}
	free(routes);
}

/* Fill r from a route/route6 object; -1 if its prefix or origin is bad. */
static int
read_route(struct obj *o, struct rpsl_route *r)
{
	struct attr *org = obj_get(o, "origin");
	struct dp_err e;
	char tmp[IPNET_STRLEN];

	memset(r, 0, sizeof(*r));
	if (o->a[0].val.len == 0 || o->a[0].val.len >= sizeof(tmp) ||
	    org == NULL)
		return -1;
	memcpy(tmp, o->a[0].val.s, o->a[0].val.len);
	tmp[o->a[0].val.len] = '\0';
	if (val_cidr(tmp, &r->prefix, &e) != 0 ||
	    parse_as_token(org->val.s, org->val.len, &r->origin) != 0)
		return -1;
	r->source = obj_text(o, "source");
	r->descr = obj_text(o, "descr");
	r->mnt_by = obj_text(o, "mnt-by");
	r->org = obj_text(o, "org");
	return 0;
}

int
rpsl_parse_routes(const char *text, size_t len, struct rpsl_route **routesp,
    size_t *np, unsigned int *flagsp, struct dp_err *err)
{
	struct rpsl_route *routes = NULL, r;
	struct scan sc;
	struct obj o;
	size_t n = 0, cap = 0, i;
	unsigned int flags = 0;
	int rc = 0;

	memset(&sc, 0, sizeof(sc));
	memset(&o, 0, sizeof(o));
	rpsl_lex_init(&sc.lx, text, len, 0, 0);
	while (next_object(&sc, &o)) {
		if (!span_eq(o.a[0].name, o.a[0].namelen, "route") &&
		    !span_eq(o.a[0].name, o.a[0].namelen, "route6"))
			continue;
		if (read_route(&o, &r) != 0) {
			flags |= RPSL_SKIPPED;
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			routes = xrealloc(routes, cap * sizeof(*routes));
		}
		routes[n++] = r;
	}
	for (i = 0; i < len && (span_blank((unsigned char)text[i]) ||
	    text[i] == '\n'); i++)
		;
	if (i == len || (n == 0 && sc.garbage && !sc.rpsl && !sc.noentries)) {
		rc = dp_fail(err, DP_EX_PROTOCOL, i == len ? "empty answer" :
		    "not an RPSL answer");
		goto out;
	}
	if (sc.truncated)
		flags |= RPSL_TRUNCATED;
	*routesp = routes;
	*np = n;
	if (flagsp != NULL)
		*flagsp = flags;
	routes = NULL;
	n = 0;
out:
	rpsl_routes_free(routes, n);
	obj_release(&o);
	return rc;
}
