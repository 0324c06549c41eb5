/*
 * keyset.c - a packed set of 128-bit keys (see keyset.h).  Open
 * addressing with linear probing, kept at most half full.  A key's
 * home slot and its 32-bit tag both come from the top half of its first
 * word, so the table grows without reading the keys again; a tag that
 * matches is confirmed against the whole key.  Written here rather than
 * taken from a library: none of those available packs a slot this small
 * for a key that is already a uniform digest.
 */
#include <stdlib.h>
#include <string.h>

#include "keyset.h"
#include "util.h"

#define TAG(k)		((k)[0] >> 32)
#define NUM(s)		((int64_t)((s) & 0xffffffffu) - 1)

static void
grow(struct keyset *set, size_t want)
{
	uint64_t *old = set->slot;
	size_t oldn = old == NULL ? 0 : set->mask + 1, nslots, i, j;

	nslots = old == NULL ? 1024 : oldn;
	while (nslots < 2 * want)
		nslots *= 2;
	if (nslots == oldn)
		return;
	set->slot = xcalloc(nslots, sizeof(*set->slot));
	set->mask = nslots - 1;
	for (i = 0; i < oldn; i++) {
		if (old[i] == 0)
			continue;
		for (j = (old[i] >> 32) & set->mask; set->slot[j] != 0;
		    j = (j + 1) & set->mask)
			;
		set->slot[j] = old[i];
	}
	free(old);
}

/* The slot holding k, or the empty slot where it would go. */
static size_t
probe(const struct keyset *set, const uint64_t k[2])
{
	uint64_t tag = TAG(k), s;
	const uint64_t *o;
	size_t j;

	for (j = tag & set->mask; (s = set->slot[j]) != 0;
	    j = (j + 1) & set->mask) {
		if ((s >> 32) != tag)
			continue;
		o = set->key[NUM(s)];
		if (o[0] == k[0] && o[1] == k[1])
			break;
	}
	return j;
}

int64_t
keyset_add(struct keyset *set, const uint64_t k[2])
{
	size_t j;

	if (set->slot == NULL || 2 * (set->n + 1) > set->mask + 1)
		grow(set, set->n + 1);
	j = probe(set, k);
	if (set->slot[j] != 0)
		return NUM(set->slot[j]);
	if (set->n == set->cap) {
		set->cap = grow_cap(set->cap, set->n + 1);
		set->key = xreallocarray(set->key, set->cap,
		    sizeof(*set->key));
	}
	set->key[set->n][0] = k[0];
	set->key[set->n][1] = k[1];
	set->slot[j] = TAG(k) << 32 | (uint64_t)(set->n + 1);
	set->n++;
	return -1;
}

int64_t
keyset_find(const struct keyset *set, const uint64_t k[2])
{
	size_t j;

	if (set->slot == NULL)
		return -1;
	j = probe(set, k);
	return set->slot[j] != 0 ? NUM(set->slot[j]) : -1;
}

void
keyset_reserve(struct keyset *set, const uint64_t (*keys)[2], size_t more)
{
	size_t i;

	grow(set, set->n + more);
	for (i = 0; i < more; i++)
		__builtin_prefetch(&set->slot[TAG(keys[i]) & set->mask], 1);
}

void
keyset_release(struct keyset *set)
{
	free(set->slot);
	free(set->key);
	memset(set, 0, sizeof(*set));
}
