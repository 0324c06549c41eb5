/*
 * fuzz_asrel.c - libFuzzer target for CAIDA's as-rel reader and for the
 * path counting and relationship inference behind "bgp import" and "bgp
 * relationships": any bytes read as an as-rel file end in sorted,
 * distinct links or a clean error; any bytes read as AS paths (4-byte
 * words, a zero word ending a path) are counted and inferred without a
 * crash, a hang or a leak, and what comes out keeps the promises of
 * bgp_obs.h and asrel.h (sorted, no self link, every link classified,
 * the comparison with itself in full agreement).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "asrel.h"
#include "bgp_obs.h"
#include "fuzz.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_caida(const uint8_t *data, size_t size)
{
	struct dp_err err = DP_ERR_INIT;
	struct asrel *v;
	struct asrel_cmp c;
	size_t n, i;

	if (asrel_parse_caida((const char *)data, size, &v, &n, &err) != 0)
		return;
	for (i = 0; i < n; i++) {
		uint32_t lo = v[i].a < v[i].b ? v[i].a : v[i].b,
		    hi = v[i].a < v[i].b ? v[i].b : v[i].a;

		if (v[i].a == v[i].b || (v[i].rel != ASREL_P2C &&
		    v[i].rel != ASREL_P2P) ||
		    (v[i].rel == ASREL_P2P && v[i].a > v[i].b))
			abort();
		if (i > 0) {
			uint32_t pl = v[i - 1].a < v[i - 1].b ? v[i - 1].a :
			    v[i - 1].b, ph = v[i - 1].a < v[i - 1].b ?
			    v[i - 1].b : v[i - 1].a;

			if (pl > lo || (pl == lo && ph >= hi))
				abort();
		}
	}
	asrel_compare(v, n, v, n, &c);
	if (c.both != (int64_t)n || c.cls[ASREL_CLASS_P2C].agree !=
	    c.cls[ASREL_CLASS_P2C].both || c.cls[ASREL_CLASS_P2P].agree !=
	    c.cls[ASREL_CLASS_P2P].both)
		abort();
	free(v);
}

static void
check_paths(const uint8_t *data, size_t size)
{
	struct bgp_obs *o = bgp_obs_new();
	struct bgp_obs_result r;
	struct asrel_graph g;
	struct ipnet peer, pfx;
	uint32_t path[64];
	size_t i, n = 0, k;

	memset(&peer, 0, sizeof(peer));
	peer.family = AF_INET;
	peer.plen = 32;
	pfx = peer;
	pfx.plen = 24;
	for (i = 0; i + 4 <= size; i += 4) {
		uint32_t w = (uint32_t)data[i] << 24 | (uint32_t)data[i + 1] <<
		    16 | (uint32_t)data[i + 2] << 8 | data[i + 3];

		/* Small numbers, so that paths meet. */
		w %= 64;
		if (w != 0 && n < 64) {
			path[n++] = w;
			continue;
		}
		if (n > 0) {
			peer.addr[3] = (uint8_t)path[0];
			pfx.addr[2] = (uint8_t)path[n - 1];
			if (data[i] & 0x80)
				bgp_obs_withdraw(o, &peer, path[0], &pfx, 0);
			else
				bgp_obs_path(o, &peer, path[0], &pfx, 0, path,
				    n, 0, data[i] & 0x40);
		}
		n = 0;
	}
	bgp_obs_finish(o, &r);
	for (i = 0; i < r.nlinks; i++)
		if (r.links[i].a == r.links[i].b || r.links[i].vantage < 1 ||
		    r.links[i].vantage > r.links[i].paths)
			abort();
	for (i = 0; i < r.norigins; i++)
		if (r.origins[i].prefixes < 1 || r.origins[i].vantage < 1)
			abort();
	asrel_infer(r.links, r.nlinks, r.triplets, r.ntriplets, &g);
	for (i = 0; i < r.nlinks; i++)
		if (asrel_get(&g, r.links[i].a, r.links[i].b) == ASREL_NONE)
			abort();
	for (k = 0; k < g.nlinks; k++)
		if (g.links[k].a == g.links[k].b)
			abort();
	asrel_graph_release(&g);
	bgp_obs_free(o);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_caida(data, size);
	check_paths(data, size);
	return 0;
}
