/*
 * attribute_count.c - the count table of the attribution service
 * (attribute_int.h): its growth, and the counts of one or several tables
 * made into rows sorted by interval and key, equal rows added up; and
 * the set of keys numbered as first seen that the reducer and the
 * --series storage use.  Service layer, below the other attribute_*.c
 * files; uses none of them.
 *
 * The rows are made on one thread after the counting threads are done,
 * so this is kept linear in the rows but for the sort of the distinct
 * keys.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "attribute.h"
#include "attribute_int.h"
#include "util.h"

void
attr_cmap_grow(struct attr_cmap *m)
{
	struct attr_cmap bigger;
	size_t i;

	bigger.cap = m->cap ? m->cap * 2 : 1024;
	bigger.n = 0;
	/* Probed by a worker while the others run (xcalloc_written()). */
	bigger.s = xcalloc_written(bigger.cap, sizeof(*bigger.s));
	for (i = 0; i < m->cap; i++)
		if (m->s[i].count)
			cmap_add(&bigger, m->s[i].t, m->s[i].code,
			    m->s[i].count);
	free(m->s);
	*m = bigger;
}

/* A count on its way out: key (interval number, key rank) packed, or
   at first the interval number alone. */
struct kv {
	uint64_t	key;
	uint64_t	count;
};

/*
 * a[0..n) by key, with tmp as room: a least-significant-digit radix
 * sort, a byte a pass, passes over a byte every key shares skipped (the
 * keys here use three or four of the eight).  Stable; the result is
 * back in a.
 */
static void
kv_sort(struct kv *a, struct kv *tmp, size_t n)
{
	size_t (*hist)[256] = xcalloc(8, sizeof(*hist));
	struct kv *from = a, *to = tmp, *sw;
	size_t i, d, sum, c;

	for (i = 0; i < n; i++)
		for (d = 0; d < 8; d++)
			hist[d][(a[i].key >> (d * 8)) & 255]++;
	for (d = 0; d < 8; d++) {
		if (n == 0 || hist[d][(a[0].key >> (d * 8)) & 255] == n)
			continue;
		for (i = 0, sum = 0; i < 256; i++) {
			c = hist[d][i];
			hist[d][i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			to[hist[d][(from[i].key >> (d * 8)) & 255]++] = from[i];
		sw = from;
		from = to;
		to = sw;
	}
	if (from != a)
		memcpy(a, from, n * sizeof(*a));
	free(hist);
}

/* Distinct codes numbered as first seen: open addressing, slot value
   index + 1 (0 empty). */
struct codeset {
	uint64_t	*code;
	uint32_t	*idx;
	size_t		 cap, n;
};

static uint32_t
codeset_add(struct codeset *cs, uint64_t code)
{
	size_t i, j;

	if ((cs->n + 1) * 2 > cs->cap) {
		struct codeset big = { NULL, NULL, cs->cap ? cs->cap * 2 : 1024,
		    cs->n };

		big.code = xcalloc(big.cap, sizeof(*big.code));
		big.idx = xcalloc(big.cap, sizeof(*big.idx));
		for (j = 0; j < cs->cap; j++) {
			if (cs->idx[j] == 0)
				continue;
			for (i = cmap_hash(0, cs->code[j]) & (big.cap - 1);
			    big.idx[i]; i = (i + 1) & (big.cap - 1))
				;
			big.code[i] = cs->code[j];
			big.idx[i] = cs->idx[j];
		}
		free(cs->code);
		free(cs->idx);
		*cs = big;
	}
	for (i = cmap_hash(0, code) & (cs->cap - 1); cs->idx[i];
	    i = (i + 1) & (cs->cap - 1))
		if (cs->code[i] == code)
			return cs->idx[i] - 1;
	cs->code[i] = code;
	cs->idx[i] = (uint32_t)++cs->n;
	return cs->idx[i] - 1;
}

/* Pointers to strings, by the strings. */
static int
cmp_strp(const void *x, const void *y)
{
	return strcmp(**(char **const *)x, **(char **const *)y);
}

/*
 * The counts of the tables m[0..nm) (one a thread; a (t, code) may be
 * in several) as sorted (t, key) rows into res, equal rows added up
 * (two codes may also name one key: the same prefix in two snapshots).
 * key() makes each distinct code's string, once a code; the strings are
 * sorted once, and the rows then by (interval number, the key's rank)
 * packed in one integer, with a radix sort: res->interval must be set,
 * every t a non-negative multiple of it.  This runs on one thread after
 * the others, so it is kept linear in the rows but for the sort of the
 * distinct keys.
 */
void
attr_finish_counts(struct attr_cmap *m, size_t nm, char *(*key)(const void *,
    uint64_t), const void *arg, struct attr_result *res)
{
	struct codeset cs = { NULL, NULL, 0, 0 };
	struct kv *e, *tmp;
	char **str, ***sorted;
	uint32_t *rank_of, *ci;
	int64_t tmin = INT64_MAX;
	size_t i, j, k, n = 0, nk;
	unsigned rbits = 1;

	for (k = 0; k < nm; k++)
		n += m[k].n;
	e = xcalloc(n ? n : 1, sizeof(*e));
	tmp = xcalloc(n ? n : 1, sizeof(*tmp));
	ci = xcalloc(n ? n : 1, sizeof(*ci));
	for (k = 0; k < nm; k++)
		for (i = 0; i < m[k].cap; i++)
			if (m[k].s[i].count && m[k].s[i].t < tmin)
				tmin = m[k].s[i].t;
	/* Each row's code numbered; t kept as its interval's number. */
	for (k = 0, j = 0; k < nm; k++)
		for (i = 0; i < m[k].cap; i++) {
			const struct attr_slot *s = &m[k].s[i];

			if (s->count == 0)
				continue;
			e[j].key = (uint64_t)((s->t - tmin) / res->interval);
			ci[j] = codeset_add(&cs, s->code);
			e[j++].count = s->count;
		}
	/* One string a distinct code, in byte order; equal strings one
	   key. */
	str = xcalloc(cs.n ? cs.n : 1, sizeof(*str));
	for (i = 0; i < cs.cap; i++)
		if (cs.idx[i])
			str[cs.idx[i] - 1] = key(arg, cs.code[i]);
	sorted = xcalloc(cs.n ? cs.n : 1, sizeof(*sorted));
	for (i = 0; i < cs.n; i++)
		sorted[i] = &str[i];
	qsort(sorted, cs.n, sizeof(*sorted), cmp_strp);
	res->keys = xcalloc(cs.n ? cs.n : 1, sizeof(*res->keys));
	rank_of = xcalloc(cs.n ? cs.n : 1, sizeof(*rank_of));
	for (i = 0, nk = 0; i < cs.n; i++) {
		char **sp = sorted[i];

		if (nk == 0 || strcmp(res->keys[nk - 1], *sp) != 0)
			res->keys[nk++] = *sp;
		else
			free(*sp);	/* a duplicate of a key kept */
		rank_of[sp - str] = (uint32_t)nk - 1;
	}
	res->nkeys = nk;
	/* (interval number, rank) in one integer: the rank in the low
	   rbits bits. */
	while (rbits < 32 && ((size_t)1 << rbits) < nk)
		rbits++;
	for (i = 0; i < n; i++) {
		if (e[i].key >> (64 - rbits) != 0)
			die("BUG: attribute: %" PRId64 "-second intervals too "
			    "many to sort", res->interval);
		e[i].key = e[i].key << rbits | rank_of[ci[i]];
	}
	kv_sort(e, tmp, n);
	res->counts = xcalloc(n ? n : 1, sizeof(*res->counts));
	res->n = 0;
	for (i = 0; i < n; i = j) {
		uint64_t sum = 0;

		for (j = i; j < n && e[j].key == e[i].key; j++)
			sum += e[j].count;
		res->counts[res->n].t = tmin + (int64_t)(e[i].key >> rbits) *
		    res->interval;
		res->counts[res->n].key = res->keys[e[i].key &
		    (((uint64_t)1 << rbits) - 1)];
		res->counts[res->n++].count = sum;
	}
	free(cs.code);
	free(cs.idx);
	free(rank_of);
	free(ci);
	free(sorted);
	free(str);
	free(tmp);
	free(e);
}

void
attr_result_release(struct attr_result *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nkeys; i++)
		free(r->keys[i]);
	free(r->keys);
	free(r->counts);
	free(r->files);
	free(r->snap_lines);
	memset(r, 0, sizeof(*r));
}

static size_t
str_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return (size_t)h;
}

uint32_t
attr_keyset_add(struct attr_keyset *ks, const char *s, size_t n)
{
	size_t i, j;

	if ((ks->n + 1) * 2 > ks->icap) {
		free(ks->idx);
		ks->icap = ks->icap ? ks->icap * 2 : 256;
		ks->idx = xcalloc(ks->icap, sizeof(*ks->idx));
		for (j = 0; j < ks->n; j++) {
			for (i = str_hash(ks->keys[j], strlen(ks->keys[j])) &
			    (ks->icap - 1); ks->idx[i];
			    i = (i + 1) & (ks->icap - 1))
				;
			ks->idx[i] = (uint32_t)j + 1;
		}
	}
	for (i = str_hash(s, n) & (ks->icap - 1); ks->idx[i];
	    i = (i + 1) & (ks->icap - 1)) {
		const char *k = ks->keys[ks->idx[i] - 1];

		if (strncmp(k, s, n) == 0 && k[n] == '\0')
			return ks->idx[i] - 1;
	}
	GROW(ks->keys, ks->n + 1, ks->cap);
	ks->keys[ks->n] = xstrndup(s, n);
	ks->idx[i] = (uint32_t)ks->n + 1;
	return (uint32_t)ks->n++;
}

void
attr_keyset_release(struct attr_keyset *ks)
{
	size_t i;

	for (i = 0; i < ks->n; i++)
		free(ks->keys[i]);
	free(ks->keys);
	free(ks->idx);
	memset(ks, 0, sizeof(*ks));
}
