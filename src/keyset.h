/*
 * keyset.h - a set of 128-bit keys (truncated digests), each numbered in
 * the order it was first added, packed for inputs of millions of keys:
 * 8 bytes a slot (a 32-bit tag taken from the key and the key's number)
 * beside 16 bytes a key, where a slot holding the key itself took 24.
 * Memory grows with the keys added; nothing is ever removed.
 */
#ifndef DEPEER_KEYSET_H
#define DEPEER_KEYSET_H

#include <stddef.h>
#include <stdint.h>

/* Most keys a set holds (numbers must fit the 32 bits of a slot). */
#define KEYSET_MAX	((size_t)UINT32_MAX - 1)

struct keyset {
	uint64_t	*slot;	/* tag << 32 | number + 1; 0: empty */
	size_t		 mask;	/* slots - 1 (a power of two, minus one) */
	uint64_t	(*key)[2];	/* by number */
	size_t		 n, cap;
};

#define KEYSET_INIT	{ NULL, 0, NULL, 0, 0 }

/*
 * Add k as number set->n, unless it is there: returns the number of the
 * equal key added before, or -1 after adding k.  The caller checks
 * set->n < KEYSET_MAX first.
 */
int64_t	keyset_add(struct keyset *set, const uint64_t k[2]);
/* The number of k, or -1. */
int64_t	keyset_find(const struct keyset *set, const uint64_t k[2]);
/*
 * Make room for more keys now, so that adding them moves nothing, and
 * have the slots they will probe fetched into the cache (the table is
 * larger than the cache; a probe that waits for memory is slow).
 */
void	keyset_reserve(struct keyset *set, const uint64_t (*keys)[2],
	    size_t more);
void	keyset_release(struct keyset *set);

#endif
