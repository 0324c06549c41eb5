/*
 * attribute_prov.c - the providers' networks mapped for the counting
 * threads of the attribution service (attribute_int.h, --by provider):
 * for each origin set of each snapshot, the providers holding one of
 * its origins; the providers' IPv4 prefixes as disjoint, sorted address
 * segments (a binary search a line); their IPv6 prefixes in an lpm
 * table.  Built once before the threads start, read-only while they
 * run.  Service layer, below attribute.c; uses no other attribute file.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "attribute.h"
#include "attribute_int.h"
#include "ipnet.h"
#include "lpm.h"
#include "ptab.h"
#include "util.h"

struct asn_prov {
	uint32_t	asn, prov;
};

static int
cmp_asn_prov(const void *x, const void *y)
{
	const struct asn_prov *a = x, *b = y;

	if (a->asn != b->asn)
		return a->asn < b->asn ? -1 : 1;
	return a->prov < b->prov ? -1 : a->prov > b->prov;
}

static int
cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return a < b ? -1 : a > b;
}

/*
 * The providers of each origin set of each snapshot, and the provider
 * prefixes as disjoint IPv4 segments (each elementary piece between two
 * prefix bounds belongs to the most specific prefix covering it) and an
 * IPv6 table.  Provider names are sorted first (attribute_providers()
 * lists them by name), so that a joint key's names come in byte order.
 */
void
attr_prov_prepare(struct attr_shared *sh)
{
	const struct attr_req *req = sh->req;
	struct asn_prov *ap = NULL;
	size_t nap = 0, cap = 0, i, j, s, nb = 0, bcap = 0;
	uint64_t *bounds = NULL;
	struct lpm p4 = LPM_INIT;
	struct ipnet q, found;
	const uint32_t *asns;
	uint32_t set, nsets, n, tmp[64], ntmp, k;
	size_t flat, fcap;
	void *v;

	for (i = 0; i < req->nproviders; i++)
		for (j = 0; j < req->providers[i].nasns; j++) {
			GROW(ap, nap + 1, cap);
			ap[nap].asn = req->providers[i].asns[j];
			ap[nap++].prov = (uint32_t)i;
		}
	qsort(ap, nap, sizeof(*ap), cmp_asn_prov);
	sh->off = xcalloc(req->nsnaps, sizeof(*sh->off));
	sh->prov_of = xcalloc(req->nsnaps, sizeof(*sh->prov_of));
	for (s = 0; s < req->nsnaps; s++) {
		nsets = ptab_nsets(req->snaps[s].t);
		sh->off[s] = xcalloc((size_t)nsets + 1, sizeof(uint32_t));
		flat = 0;
		fcap = 0;
		for (set = 0; set < nsets; set++) {
			n = (uint32_t)ptab_set_origins(req->snaps[s].t, set,
			    &asns);
			ntmp = 0;
			for (k = 0; k < n && nap > 0; k++) {
				/* The first entry of the ASN, then all. */
				size_t lo = 0, hi = nap, mid;

				while (lo < hi) {
					mid = lo + (hi - lo) / 2;
					if (ap[mid].asn < asns[k])
						lo = mid + 1;
					else
						hi = mid;
				}
				for (; lo < nap && ap[lo].asn == asns[k] &&
				    ntmp < 64; lo++)
					tmp[ntmp++] = ap[lo].prov;
			}
			/* By name in byte order (the joint key's order); few,
			   so an insertion sort. */
			for (k = 1; k < ntmp; k++) {
				uint32_t x = tmp[k], m = k;

				for (; m > 0 && strcmp(req->providers[tmp[m -
				    1]].name, req->providers[x].name) > 0; m--)
					tmp[m] = tmp[m - 1];
				tmp[m] = x;
			}
			for (k = 0; k < ntmp; k++) {
				if (k > 0 && tmp[k] == tmp[k - 1])
					continue;
				GROW(sh->prov_of[s], flat + 1, fcap);
				sh->prov_of[s][flat++] = tmp[k];
			}
			sh->off[s][set + 1] = (uint32_t)flat;
		}
	}
	free(ap);
	/* The prefixes. */
	lpm_init(&p4);
	lpm_init(&sh->p6);
	for (i = 0; i < req->nproviders; i++)
		for (j = 0; j < req->providers[i].nprefixes; j++) {
			const struct ipnet *p = &req->providers[i].prefixes[j];
			unsigned char lo[16], hi[16];

			v = (void *)(uintptr_t)(i + 1);
			if (p->family == AF_INET6) {
				lpm_insert(&sh->p6, p, v);
				sh->have_p6 = 1;
				continue;
			}
			lpm_insert(&p4, p, v);
			ipnet_first(p, lo);
			ipnet_last(p, hi);
			GROW(bounds, nb + 2, bcap);
			bounds[nb++] = (uint64_t)lo[0] << 24 | lo[1] << 16 |
			    lo[2] << 8 | lo[3];
			bounds[nb++] = ((uint64_t)hi[0] << 24 | hi[1] << 16 |
			    hi[2] << 8 | hi[3]) + 1;
		}
	if (nb > 0) {
		size_t u = 0, cap2 = 0;

		qsort(bounds, nb, sizeof(*bounds), cmp_u64);
		for (i = 0; i < nb; i++)
			if (u == 0 || bounds[u - 1] != bounds[i])
				bounds[u++] = bounds[i];
		for (i = 0; i + 1 < u; i++) {
			uint32_t a = (uint32_t)bounds[i];

			memset(&q, 0, sizeof(q));
			q.family = AF_INET;
			q.plen = 32;
			q.addr[0] = (unsigned char)(a >> 24);
			q.addr[1] = (unsigned char)(a >> 16);
			q.addr[2] = (unsigned char)(a >> 8);
			q.addr[3] = (unsigned char)a;
			if ((v = lpm_lookup(&p4, &q, &found)) == NULL)
				continue;
			k = (uint32_t)((uintptr_t)v - 1);
			if (sh->nsegs > 0 && sh->segs[sh->nsegs - 1].prov ==
			    k && sh->segs[sh->nsegs - 1].hi + 1 == a) {
				sh->segs[sh->nsegs - 1].hi =
				    (uint32_t)(bounds[i + 1] - 1);
				continue;
			}
			GROW(sh->segs, sh->nsegs + 1, cap2);
			sh->segs[sh->nsegs].lo = a;
			sh->segs[sh->nsegs].hi = (uint32_t)(bounds[i + 1] - 1);
			sh->segs[sh->nsegs++].prov = k;
		}
	}
	free(bounds);
	lpm_release(&p4);
}

void
attr_prov_release(struct attr_shared *sh)
{
	size_t s;

	if (sh->off != NULL)
		for (s = 0; s < sh->req->nsnaps; s++) {
			free(sh->off[s]);
			free(sh->prov_of[s]);
		}
	free(sh->off);
	free(sh->prov_of);
	free(sh->segs);
	lpm_release(&sh->p6);
}
