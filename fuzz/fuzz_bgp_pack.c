/*
 * fuzz_bgp_pack.c - libFuzzer target for the packed links and triplets
 * read from a case (bgp_pack.h): the first two bytes are the claimed
 * count, the rest the data.  Any bytes end in a clean refusal or in
 * records that pack back to exactly the same bytes (the format has one
 * form per content), and merging them with themselves keeps every key
 * once.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bgp_pack.h"
#include "fuzz.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bgp_link *l, *lm;
	struct bgp_triplet *t, *tm;
	const char *why;
	size_t at, len;
	int64_t n;
	uint8_t *p;

	if (size < 2)
		return 0;
	n = (int64_t)data[0] << 8 | data[1];
	data += 2;
	size -= 2;
	if (bgp_unpack_links(data, size, n, &l, &why, &at) == 0) {
		p = bgp_pack_links(l, (size_t)n, &len);
		if (len != size || memcmp(p, data, size) != 0)
			abort();
		free(p);
		lm = malloc(2 * (size_t)n * sizeof(*lm) + 1);
		if (bgp_links_merge(l, (size_t)n, l, (size_t)n, lm) !=
		    (size_t)n)
			abort();
		free(lm);
		free(l);
	} else if (why == NULL || at > size)
		abort();
	if (bgp_unpack_triplets(data, size, n, &t, &why, &at) == 0) {
		p = bgp_pack_triplets(t, (size_t)n, &len);
		if (len != size || memcmp(p, data, size) != 0)
			abort();
		free(p);
		tm = malloc(2 * (size_t)n * sizeof(*tm) + 1);
		if (bgp_triplets_merge(t, (size_t)n, t, (size_t)n, tm) !=
		    (size_t)n)
			abort();
		free(tm);
		free(t);
	} else if (why == NULL || at > size)
		abort();
	return 0;
}
