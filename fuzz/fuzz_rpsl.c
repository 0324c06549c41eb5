/*
 * fuzz_rpsl.c - libFuzzer target for the RPSL parsers (aut-num policy and
 * route lists): any bytes must end in a result or a clean error, never a
 * crash, a hang or a leak, and a policy must keep the promises of rpsl.h
 * (each neighbour in exactly one list, never the aut-num itself, never
 * AS0; printable UTF-8 strings).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "rpsl.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static void
check_policy(const struct rpsl_policy *p)
{
	size_t n = p->nupstreams + p->ncustomers + p->npeers, i;
	uint32_t *all;

	fuzz_check_text(p->as_name);
	fuzz_check_text(p->source);
	if (p->asn == 0 || n == 0)
		return;
	if ((all = malloc(n * sizeof(*all))) == NULL)
		return;
	/* memcpy() from NULL is undefined even for 0 bytes. */
	if (p->nupstreams > 0)
		memcpy(all, p->upstreams, p->nupstreams * sizeof(*all));
	if (p->ncustomers > 0)
		memcpy(all + p->nupstreams, p->customers,
		    p->ncustomers * sizeof(*all));
	if (p->npeers > 0)
		memcpy(all + p->nupstreams + p->ncustomers, p->peers,
		    p->npeers * sizeof(*all));
	for (i = 0; i < p->nupstreams; i++)
		if (p->upstream_confirmed[i] > 1)
			abort();
	qsort(all, n, sizeof(*all), cmp_u32);
	for (i = 0; i < n; i++)
		if (all[i] == 0 || all[i] == p->asn ||
		    (i > 0 && all[i] == all[i - 1]))
			abort();
	free(all);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dp_err err = DP_ERR_INIT;
	struct rpsl_policy p = RPSL_POLICY_INIT;
	struct rpsl_route *r;
	unsigned int flags;
	size_t n, i;

	if (rpsl_parse_autnum((const char *)data, size, &p, &err) == 0) {
		check_policy(&p);
		rpsl_policy_release(&p);
	}
	if (rpsl_parse_routes((const char *)data, size, &r, &n, &flags,
	    &err) == 0) {
		for (i = 0; i < n; i++) {
			if (r[i].origin == 0)
				abort();
			fuzz_check_text(r[i].source);
			fuzz_check_text(r[i].descr);
			fuzz_check_text(r[i].mnt_by);
		}
		rpsl_routes_free(r, n);
	}
	return 0;
}
