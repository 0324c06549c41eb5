/*
 * asrel.c - AS relationships inferred from paths, AS-Rank style, and
 * compared with a reference (asrel.h).  Written by hand: no packaged
 * library infers AS relationships (CAIDA publishes results and a paper,
 * not a library), and the steps are short over sorted arrays.
 */
#include <stdlib.h>
#include <string.h>

#include "asn.h"
#include "asrel.h"
#include "exitcodes.h"

/* An undirected link, lo < hi, and what is known of it. */
enum { E_UNKNOWN, E_P2P, E_LO_PROV, E_HI_PROV };

struct edge {
	uint32_t	 lo, hi;
	int		 rel;
};

struct work {
	uint32_t	*asn;		/* sorted, distinct */
	size_t		 n;
	struct edge	*e;		/* sorted by lo, hi */
	size_t		 ne;
	uint32_t	*tdeg, *deg;
	unsigned char	*inclique;
};

static int
u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

static size_t
uniq_u32(uint32_t *v, size_t n)
{
	size_t i, k = 0;

	qsort(v, n, sizeof(*v), u32_cmp);
	for (i = 0; i < n; i++)
		if (k == 0 || v[k - 1] != v[i])
			v[k++] = v[i];
	return k;
}

static size_t
as_idx(const struct work *w, uint32_t asn)
{
	const uint32_t *p = bsearch(&asn, w->asn, w->n, sizeof(*w->asn),
	    u32_cmp);

	return p != NULL ? (size_t)(p - w->asn) : (size_t)-1;
}

static int
edge_cmp(const void *a, const void *b)
{
	const struct edge *x = a, *y = b;

	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	return (x->hi > y->hi) - (x->hi < y->hi);
}

static struct edge *
edge_get(const struct work *w, uint32_t a, uint32_t b)
{
	struct edge k;

	k.lo = a < b ? a : b;
	k.hi = a < b ? b : a;
	return bsearch(&k, w->e, w->ne, sizeof(*w->e), edge_cmp);
}

/* a's role towards b by edge x. */
static enum asrel_role
edge_role(const struct edge *x, uint32_t a)
{
	if (x == NULL)
		return ASREL_NONE;
	switch (x->rel) {
	case E_P2P:
		return ASREL_PEER;
	case E_LO_PROV:
		return x->lo == a ? ASREL_PROVIDER : ASREL_CUSTOMER;
	case E_HI_PROV:
		return x->hi == a ? ASREL_PROVIDER : ASREL_CUSTOMER;
	}
	return ASREL_NONE;
}

static void
edge_set_provider(struct edge *x, uint32_t provider)
{
	x->rel = x->lo == provider ? E_LO_PROV : E_HI_PROV;
}

/* For ranking: transit degree, degree, then number. */
static const struct work *rank_w;

static int
rank_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	if (rank_w->tdeg[x] != rank_w->tdeg[y])
		return rank_w->tdeg[x] > rank_w->tdeg[y] ? -1 : 1;
	if (rank_w->deg[x] != rank_w->deg[y])
		return rank_w->deg[x] > rank_w->deg[y] ? -1 : 1;
	return (x > y) - (x < y);
}

static int
adjacent(const struct work *w, size_t x, size_t y)
{
	return edge_get(w, w->asn[x], w->asn[y]) != NULL;
}

/* Step 3: the clique among the first ranked. */
#define CLIQUE_SEED	10
#define CLIQUE_EXTEND	50

static void
find_clique(struct work *w, const size_t *rank)
{
	size_t k = w->n < CLIQUE_SEED ? w->n : CLIQUE_SEED, i, j, lim;
	unsigned mask, best = 0;
	int bestn = 0, n;

	for (mask = 1; mask < (1u << k); mask++) {
		int ok = 1;

		n = __builtin_popcount(mask);
		if (n <= bestn)
			continue;
		for (i = 0; i < k && ok; i++)
			for (j = i + 1; j < k && ok; j++)
				if ((mask >> i & 1) && (mask >> j & 1) &&
				    !adjacent(w, rank[i], rank[j]))
					ok = 0;
		if (ok) {
			best = mask;
			bestn = n;
		}
	}
	for (i = 0; i < k; i++)
		if (best >> i & 1)
			w->inclique[rank[i]] = 1;
	lim = w->n < CLIQUE_EXTEND ? w->n : CLIQUE_EXTEND;
	for (i = k; i < lim && bestn > 0; i++) {
		int ok = 1;

		for (j = 0; j < w->n && ok; j++)
			if (w->inclique[j] && !adjacent(w, rank[i], j))
				ok = 0;
		if (ok)
			w->inclique[rank[i]] = 1;
	}
}

/* Triplets by their middle AS. */
struct tix {
	size_t		 mid;
	uint32_t	 a, c;
};

static int
u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

static int
tix_cmp(const void *a, const void *b)
{
	const struct tix *x = a, *y = b;

	return (x->mid > y->mid) - (x->mid < y->mid);
}

void
asrel_infer(const struct bgp_link *l, size_t nl, const struct bgp_triplet *t,
    size_t nt, struct asrel_graph *g)
{
	struct work w;
	struct tix *tx;
	uint64_t *pairs;
	size_t i, j, k, np, *rank, *toff;
	int changed;

	memset(&w, 0, sizeof(w));
	memset(g, 0, sizeof(*g));
	/* The ASes and the undirected links. */
	w.asn = xcalloc(2 * nl + 1, sizeof(*w.asn));
	w.e = xcalloc(nl + 1, sizeof(*w.e));
	for (i = 0; i < nl; i++) {
		if (l[i].a == l[i].b)
			continue;
		w.asn[w.n++] = l[i].a;
		w.asn[w.n++] = l[i].b;
		w.e[w.ne].lo = l[i].a < l[i].b ? l[i].a : l[i].b;
		w.e[w.ne].hi = l[i].a < l[i].b ? l[i].b : l[i].a;
		w.e[w.ne++].rel = E_UNKNOWN;
	}
	w.n = uniq_u32(w.asn, w.n);
	qsort(w.e, w.ne, sizeof(*w.e), edge_cmp);
	for (i = k = 0; i < w.ne; i++)
		if (k == 0 || edge_cmp(&w.e[k - 1], &w.e[i]) != 0)
			w.e[k++] = w.e[i];
	w.ne = k;
	w.tdeg = xcalloc(w.n + 1, sizeof(*w.tdeg));
	w.deg = xcalloc(w.n + 1, sizeof(*w.deg));
	w.inclique = xcalloc(w.n + 1, 1);
	for (i = 0; i < w.ne; i++) {
		w.deg[as_idx(&w, w.e[i].lo)]++;
		w.deg[as_idx(&w, w.e[i].hi)]++;
	}

	/* Step 1: transit degree, from the triplets whose links we know. */
	pairs = xcalloc(2 * nt + 1, sizeof(*pairs));
	tx = xcalloc(nt + 1, sizeof(*tx));
	for (i = np = k = 0; i < nt; i++) {
		size_t m = as_idx(&w, t[i].b);

		if (m == (size_t)-1 || as_idx(&w, t[i].a) == (size_t)-1 ||
		    as_idx(&w, t[i].c) == (size_t)-1)
			continue;
		pairs[np++] = (uint64_t)m << 32 | t[i].a;
		pairs[np++] = (uint64_t)m << 32 | t[i].c;
		tx[k].mid = m;
		tx[k].a = t[i].a;
		tx[k++].c = t[i].c;
	}
	qsort(pairs, np, sizeof(*pairs), u64_cmp);
	for (i = 0; i < np; i++)
		if (i == 0 || pairs[i] != pairs[i - 1])
			w.tdeg[pairs[i] >> 32]++;
	free(pairs);
	nt = k;
	qsort(tx, nt, sizeof(*tx), tix_cmp);
	toff = xcalloc(w.n + 1, sizeof(*toff));
	for (i = 0; i < nt; i++)
		toff[tx[i].mid + 1]++;
	for (i = 0; i < w.n; i++)
		toff[i + 1] += toff[i];

	/* Step 2: the ranking. */
	rank = xcalloc(w.n + 1, sizeof(*rank));
	for (i = 0; i < w.n; i++)
		rank[i] = i;
	rank_w = &w;
	qsort(rank, w.n, sizeof(*rank), rank_cmp);
	rank_w = NULL;

	/* Step 3: the clique, its links peer-peer. */
	find_clique(&w, rank);
	for (i = 0; i < w.ne; i++)
		if (w.inclique[as_idx(&w, w.e[i].lo)] &&
		    w.inclique[as_idx(&w, w.e[i].hi)])
			w.e[i].rel = E_P2P;

	/* Steps 4 and 5: top down, until nothing changes. */
	do {
		changed = 0;
		for (j = 0; j < w.n; j++) {
			size_t x = rank[j];
			uint32_t X = w.asn[x];

			for (k = toff[x]; k < toff[x + 1]; k++) {
				size_t a = as_idx(&w, tx[k].a),
				    c = as_idx(&w, tx[k].c);
				struct edge *wx, *xy;
				enum asrel_role r;

				if (w.inclique[a] && w.inclique[c] &&
				    !w.inclique[x])
					continue;	/* poisoned */
				wx = edge_get(&w, tx[k].a, X);
				r = edge_role(wx, tx[k].a);
				if (r != ASREL_PROVIDER && r != ASREL_PEER)
					continue;
				xy = edge_get(&w, X, tx[k].c);
				if (xy == NULL || xy->rel != E_UNKNOWN)
					continue;
				edge_set_provider(xy, X);
				changed = 1;
			}
		}
	} while (changed);

	/* Steps 6 and 7: stubs below transit ASes; the rest peers. */
	for (i = 0; i < w.ne; i++) {
		struct edge *x = &w.e[i];
		uint32_t tl = w.tdeg[as_idx(&w, x->lo)],
		    th = w.tdeg[as_idx(&w, x->hi)];

		if (x->rel != E_UNKNOWN)
			continue;
		if (tl == 0 && th > 0)
			x->rel = E_HI_PROV;
		else if (th == 0 && tl > 0)
			x->rel = E_LO_PROV;
		else
			x->rel = E_P2P;
	}

	/* The result. */
	g->links = xcalloc(w.ne + 1, sizeof(*g->links));
	for (i = 0; i < w.ne; i++) {
		struct asrel *r = &g->links[g->nlinks++];

		r->rel = w.e[i].rel == E_P2P ? ASREL_P2P : ASREL_P2C;
		r->a = w.e[i].rel == E_HI_PROV ? w.e[i].hi : w.e[i].lo;
		r->b = w.e[i].rel == E_HI_PROV ? w.e[i].lo : w.e[i].hi;
	}
	g->ases = xcalloc(w.n + 1, sizeof(*g->ases));
	for (i = 0; i < w.n; i++) {
		g->ases[i].asn = w.asn[i];
		g->ases[i].transit_degree = w.tdeg[i];
		g->ases[i].degree = w.deg[i];
		if (w.inclique[i])
			g->nclique++;
	}
	g->nases = w.n;
	g->clique = xcalloc(g->nclique + 1, sizeof(*g->clique));
	for (i = k = 0; i < w.n; i++)
		if (w.inclique[i])
			g->clique[k++] = w.asn[i];
	free(rank);
	free(toff);
	free(tx);
	free(w.asn);
	free(w.e);
	free(w.tdeg);
	free(w.deg);
	free(w.inclique);
}

void
asrel_graph_release(struct asrel_graph *g)
{
	free(g->links);
	free(g->ases);
	free(g->clique);
	memset(g, 0, sizeof(*g));
}

/* Links sorted by the lower AS number, then the higher. */
static int
rel_cmp(const void *p, const void *q)
{
	const struct asrel *x = p, *y = q;
	uint32_t xl = x->a < x->b ? x->a : x->b, xh = x->a < x->b ? x->b : x->a,
	    yl = y->a < y->b ? y->a : y->b, yh = y->a < y->b ? y->b : y->a;

	if (xl != yl)
		return xl < yl ? -1 : 1;
	return (xh > yh) - (xh < yh);
}

enum asrel_role
asrel_get(const struct asrel_graph *g, uint32_t a, uint32_t b)
{
	struct asrel k = { a, b, 0 };
	const struct asrel *r = bsearch(&k, g->links, g->nlinks,
	    sizeof(*g->links), rel_cmp);

	if (r == NULL)
		return ASREL_NONE;
	if (r->rel == ASREL_P2P)
		return ASREL_PEER;
	return r->a == a ? ASREL_PROVIDER : ASREL_CUSTOMER;
}

static int
as_cmp(const void *p, const void *q)
{
	return u32_cmp(&((const struct asrel_as *)p)->asn,
	    &((const struct asrel_as *)q)->asn);
}

const struct asrel_as *
asrel_as_get(const struct asrel_graph *g, uint32_t asn)
{
	struct asrel_as k;

	k.asn = asn;
	return bsearch(&k, g->ases, g->nases, sizeof(*g->ases), as_cmp);
}

/* ---- CAIDA's files ---- */

int
asrel_parse_caida(const char *buf, size_t len, struct asrel **out, size_t *n,
    struct dp_err *err)
{
	struct asrel *v = NULL;
	size_t nv = 0, cap = 0, line = 0, i, k;
	const char *p = buf, *end = buf + len, *eol;

	while (p < end) {
		const char *f[4];
		size_t fl[4], nf = 0;
		uint32_t a, b;
		const char *q;

		line++;
		eol = memchr(p, '\n', (size_t)(end - p));
		if (eol == NULL)
			eol = end;
		q = eol;
		if (q > p && q[-1] == '\r')
			q--;
		if (q == p || *p == '#') {
			p = eol + (eol < end);
			continue;
		}
		f[0] = p;
		for (i = 0; p + i < q; i++)
			if (p[i] == '|') {
				if (nf == 3)
					break;
				fl[nf] = (size_t)(p + i - f[nf]);
				f[++nf] = p + i + 1;
			}
		fl[nf] = (size_t)(q - f[nf]);
		nf++;
		if (nf < 3 || asn_parse(f[0], fl[0], 0, &a) != ASN_OK ||
		    asn_parse(f[1], fl[1], 0, &b) != ASN_OK || a == b ||
		    !((fl[2] == 2 && memcmp(f[2], "-1", 2) == 0) ||
		    (fl[2] == 1 && f[2][0] == '0'))) {
			free(v);
			return dp_fail(err, DP_EX_DATAERR, "line %zu is not "
			    "'AS|AS|-1' or 'AS|AS|0'", line);
		}
		GROW(v, nv + 1, cap);
		v[nv].rel = fl[2] == 2 ? ASREL_P2C : ASREL_P2P;
		v[nv].a = v[nv].rel == ASREL_P2P && b < a ? b : a;
		v[nv].b = v[nv].rel == ASREL_P2P && b < a ? a : b;
		nv++;
		p = eol + (eol < end);
	}
	if (nv > 0)
		qsort(v, nv, sizeof(*v), rel_cmp);
	/* A link listed twice: the first kept. */
	for (i = k = 0; i < nv; i++)
		if (k == 0 || rel_cmp(&v[k - 1], &v[i]) != 0)
			v[k++] = v[i];
	*out = v;
	*n = k;
	return 0;
}

void
asrel_compare(const struct asrel *ours, size_t n, const struct asrel *ref,
    size_t m, struct asrel_cmp *out)
{
	uint32_t *prov;
	size_t i = 0, j = 0, np = 0;

	memset(out, 0, sizeof(*out));
	out->ours = (int64_t)n;
	out->ref = (int64_t)m;
	prov = xcalloc(m + 1, sizeof(*prov));
	for (j = 0; j < m; j++)
		if (ref[j].rel == ASREL_P2C)
			prov[np++] = ref[j].a;
	np = uniq_u32(prov, np);
	j = 0;
	while (i < n && j < m) {
		int c = rel_cmp(&ours[i], &ref[j]);
		const struct asrel *o = &ours[i], *r = &ref[j];
		struct asrel_class *cl[2] = { NULL, NULL };
		size_t k;

		if (c < 0) {
			i++;
			continue;
		}
		if (c > 0) {
			j++;
			continue;
		}
		out->both++;
		if (r->rel == ASREL_P2P)
			cl[0] = &out->cls[ASREL_CLASS_P2P];
		else {
			cl[0] = &out->cls[ASREL_CLASS_P2C];
			if (bsearch(&r->b, prov, np, sizeof(*prov),
			    u32_cmp) == NULL)
				cl[1] = &out->cls[ASREL_CLASS_STUB];
		}
		for (k = 0; k < 2 && cl[k] != NULL; k++) {
			cl[k]->both++;
			if (o->rel == ASREL_P2P)
				cl[k]->as_p2p++;
			else if (r->rel == ASREL_P2P || o->a == r->a)
				cl[k]->as_p2c++;
			else
				cl[k]->as_c2p++;
			if (o->rel == r->rel && (r->rel == ASREL_P2P ||
			    o->a == r->a))
				cl[k]->agree++;
		}
		i++;
		j++;
	}
	free(prov);
}
