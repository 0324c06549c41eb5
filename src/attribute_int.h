/*
 * attribute_int.h - what the files of the attribution service share
 * (attribute.h is their public face; other modules use it alone):
 *
 *   attribute_count.c  the count table, and the counts of the tables
 *                      made into sorted (interval, key) rows; the set
 *                      of keys of the reducer and of --series
 *   attribute.c        the readers of the inputs and the counting
 *                      threads (attribute_run())
 *   attribute_csv.c    the counts as CSV and JSON, and the reducer of
 *                      partial CSVs (attribute_merge())
 *   attribute_case.c   the case's side: its providers, the --series
 *                      storage, the one-address lookup of "depeer lookup"
 *
 * Service layer.  attribute_count.c uses no other file of these; each
 * of the others uses it and no other one, so the files form no ring.
 */
#ifndef DEPEER_ATTRIBUTE_INT_H
#define DEPEER_ATTRIBUTE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "attribute.h"

/* ---- the count table ---- */

/*
 * Counts keyed by (interval start t, key code), open addressing with
 * linear probing.  A key code is what the caller makes it: attribute.c's
 * tagged codes (a snapshot's origin set or route, an ASN, a provider),
 * the reducer's key numbers.
 */
struct slot {
	int64_t		t;
	uint64_t	code;
	uint64_t	count;		/* 0: empty */
};

struct cmap {
	struct slot	*s;
	size_t		 cap, n;	/* cap a power of two */
};

static inline size_t
cmap_hash(int64_t t, uint64_t code)
{
	uint64_t h = (uint64_t)t * 0x9e3779b97f4a7c15ULL ^ code;

	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 32;
	return (size_t)h;
}

/* m with twice the slots (1024 at first), its counts kept. */
void	attr_cmap_grow(struct cmap *m);

/*
 * n more lines of (t, code).  Inline: the counting threads call it for
 * every line, and the call would cost more than the probe.
 */
static inline void
cmap_add(struct cmap *m, int64_t t, uint64_t code, uint64_t n)
{
	size_t i;

	if ((m->n + 1) * 4 > m->cap * 3)
		attr_cmap_grow(m);
	for (i = cmap_hash(t, code) & (m->cap - 1); m->s[i].count;
	    i = (i + 1) & (m->cap - 1))
		if (m->s[i].t == t && m->s[i].code == code) {
			m->s[i].count += n;
			return;
		}
	m->s[i].t = t;
	m->s[i].code = code;
	m->s[i].count = n;
	m->n++;
}

/*
 * The counts of the tables m[0..nm) (one a thread; a (t, code) may be
 * in several) as sorted (t, key) rows into res, equal rows added up
 * (two codes may also name one key: the same prefix in two snapshots).
 * key(arg, code) makes each distinct code's string (a new one), once a
 * code; res->interval must be set, every t a non-negative multiple of
 * it.  Sets res->counts, res->n, res->keys and res->nkeys.
 */
void	attr_finish_counts(struct cmap *m, size_t nm,
	    char *(*key)(const void *, uint64_t), const void *arg,
	    struct attr_result *res);

/* ---- keys numbered as first seen ---- */

struct attr_keyset {
	char		**keys;		/* by number, owned */
	size_t		 n, cap;
	uint32_t	*idx;		/* hash slots: number + 1, 0 empty */
	size_t		 icap;
};

#define ATTR_KEYSET_INIT	{ NULL, 0, 0, NULL, 0 }

/* The number of the key s[0..n), added (a copy) when it is new. */
uint32_t attr_keyset_add(struct attr_keyset *ks, const char *s, size_t n);
void	attr_keyset_release(struct attr_keyset *ks);

#endif
