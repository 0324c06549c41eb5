/*
 * attribute_line.c - the hot loop of the attribution service
 * (attribute_int.h): the lines of a piece of input parsed (logline.h),
 * each line's address mapped to its key and counted in its thread's
 * table; and, at the end, the string each key code stands for.
 * Service layer, below attribute.c (which shares the inputs out and
 * runs the threads); uses attribute_count.c's table.
 *
 * A line's time and IPv4 address are queued, and every ATTR_BATCH lines
 * the addresses are looked up together (ptab_lookup4_batch) and counted
 * into an open-addressing table keyed by (interval start, key code),
 * through an array of the current interval's counts when a line has
 * one key.  A key code is a number standing for the key (a snapshot's
 * origin set or route, an ASN, a provider); the strings are made once
 * at the end (attr_code_key()), so that the loop never touches text it
 * does not read.  Everything a line passes through is in this file, as
 * static functions (cmap_add() inline in attribute_int.h): keep it so,
 * since a function called for every line from another file could no
 * longer be inlined (the build uses no link-time optimisation).
 */
#include <inttypes.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "attribute.h"
#include "attribute_int.h"
#include "buf.h"
#include "exitcodes.h"
#include "ipnet.h"
#include "logline.h"
#include "lpm.h"
#include "ptab.h"
#include "util.h"

/* The snapshot for time t: the latest taken at or before t, else the
   oldest (*early set). */
static uint32_t
snap_for(const struct attr_req *req, int64_t t, int *early)
{
	size_t lo = 0, hi = req->nsnaps, mid;

	if (req->nsnaps == 1 || t < req->snaps[0].taken_at) {
		*early = t < req->snaps[0].taken_at;
		return 0;
	}
	*early = 0;
	/* The last with taken_at <= t. */
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (req->snaps[mid].taken_at <= t)
			lo = mid;
		else
			hi = mid;
	}
	return (uint32_t)lo;
}

static int
prov_of_v4(const struct attr_shared *sh, uint32_t a)
{
	size_t lo = 0, hi = sh->nsegs, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (sh->segs[mid].hi < a)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < sh->nsegs && sh->segs[lo].lo <= a)
		return (int)sh->segs[lo].prov;
	return -1;
}

/* Count one line whose address prov (or -1) and route r of snapshot s. */
static inline void
count_line(struct attr_worker *w, int64_t t, uint32_t s, uint32_t r, int prov)
{
	const struct attr_req *req = w->sh->req;
	const struct ptab *tab = req->snaps[s].t;
	const uint32_t *asns;
	uint32_t set, k, e;
	size_t n, i;

	t -= t % req->interval;
	if (prov >= 0) {
		cmap_add(&w->m, t, TAG_PROV | (uint32_t)prov, 1);
		return;
	}
	if (r == PTAB_NONE) {
		cmap_add(&w->m, t, CODE_UNMATCHED, 1);
		return;
	}
	switch (req->by) {
	case ATTR_BY_PREFIX:
		cmap_add(&w->m, t, SNAP_CODE(s, r), 1);
		break;
	case ATTR_BY_ASN:
		set = ptab_route_set(tab, r);
		if (req->multi == ATTR_JOINT) {
			cmap_add(&w->m, t, SNAP_CODE(s, set), 1);
			break;
		}
		n = ptab_set_origins(tab, set, &asns);
		for (i = 0; i < n; i++)
			cmap_add(&w->m, t, TAG_ASN | asns[i], 1);
		break;
	case ATTR_BY_PROVIDER:
		set = ptab_route_set(tab, r);
		k = w->sh->off[s][set];
		e = w->sh->off[s][set + 1];
		if (k == e)
			cmap_add(&w->m, t, CODE_OTHER, 1);
		else if (req->multi == ATTR_JOINT && e - k > 1)
			cmap_add(&w->m, t, SNAP_CODE(s, set), 1);
		else
			for (; k < e; k++)
				cmap_add(&w->m, t, TAG_PROV |
				    w->sh->prov_of[s][k], 1);
		break;
	}
}

/* The counts of the dense array into the table, the array emptied. */
static void
dense_spill(struct attr_worker *w)
{
	uint32_t x;
	size_t i;

	for (i = 0; i < w->nt; i++) {
		x = w->touched[i];
		cmap_add(&w->m, w->dt, x == w->nx ? CODE_UNMATCHED :
		    SNAP_CODE(w->ds, x), w->dense[x]);
		w->dense[x] = 0;
	}
	w->nt = 0;
}

/* Look up and count the queued IPv4 lines. */
static void
flush(struct attr_worker *w)
{
	const struct attr_req *req = w->sh->req;
	size_t i, j;
	int prov;

	if (w->nb == 0)
		return;
	/* Runs of one snapshot go to the batch lookup. */
	for (i = 0; i < w->nb; i = j) {
		for (j = i + 1; j < w->nb && w->bs[j] == w->bs[i]; j++)
			;
		ptab_lookup4_batch(req->snaps[w->bs[i]].t, w->ba + i,
		    w->br + i, j - i);
	}
	if (req->by == ATTR_BY_PROVIDER || (req->by == ATTR_BY_ASN &&
	    req->multi == ATTR_SPLIT)) {
		for (i = 0; i < w->nb; i++) {
			prov = w->sh->nsegs ? prov_of_v4(w->sh, w->ba[i]) : -1;
			count_line(w, w->bt[i], w->bs[i], w->br[i], prov);
		}
		w->nb = 0;
		return;
	}
	/*
	 * One key a line, a number below the snapshot's sets (or routes,
	 * by prefix), or that number for no route: counted in a plain
	 * array while the lines stay in one interval of one snapshot (a
	 * log is mostly in time order), which stays in the core's cache
	 * where a hash table of every interval's keys would not; the
	 * array is spilled into the table when the interval changes.
	 */
	for (i = 0; i < w->nb; i++) {
		uint32_t r = w->br[i], x;
		int64_t t = w->bt[i];

		if ((uint64_t)(t - w->dt) >= (uint64_t)req->interval ||
		    w->bs[i] != w->ds) {
			dense_spill(w);
			w->dt = t - t % req->interval;
			w->ds = w->bs[i];
		}
		x = r == PTAB_NONE ? w->nx : req->by == ATTR_BY_PREFIX ? r :
		    ptab_route_set(req->snaps[w->ds].t, r);
		if (w->dense[x]++ == 0)
			w->touched[w->nt++] = x;
	}
	w->nb = 0;
}

void
attr_fail_at(struct attr_shared *sh, size_t file)
{
	size_t cur = atomic_load(&sh->fail_file);

	while (file < cur && !atomic_compare_exchange_weak(&sh->fail_file,
	    &cur, file))
		;
}

int
attr_bad_line(struct attr_rd *r, const char *why, int fatal)
{
	struct attr_file *f = r->f;
	struct attr_piece *pc = r->pc;

	if (f->malformed < ATTR_BAD_MAX)
		f->bad[f->malformed] = f->lines;
	if (f->malformed == 0)
		snprintf(f->why, sizeof(f->why), "%s", why);
	f->malformed++;
	if (!fatal && !r->w->sh->req->strict)
		return 0;
	pc->rc = DP_EX_DATAERR;
	pc->line = f->lines;
	pc->why = why;
	pc->fatal = fatal;
	attr_fail_at(r->w->sh, pc->file);
	return -1;
}

/* One line s[0..n) (f->lines is its number). */
static inline int
one_line(struct attr_rd *r, const char *s, size_t n, int pad)
{
	struct attr_worker *w = r->w;
	const struct attr_req *req = w->sh->req;
	struct logline l;
	const char *why;
	uint32_t snap;
	int early, prov = -1;
	void *v;
	struct ipnet q;

	switch (pad ? logline_parse_pad(&r->fmt, s, n, &l, &why) :
	    logline_parse(&r->fmt, s, n, &l, &why)) {
	case LOGLINE_V4:
		snap = snap_for(req, l.t, &early);
		w->early += (uint64_t)early;
		w->snap_lines[snap]++;
		r->f->used++;
		w->bt[w->nb] = l.t;
		w->ba[w->nb] = l.v4;
		w->bs[w->nb] = snap;
		if (++w->nb == ATTR_BATCH)
			flush(w);
		return 0;
	case LOGLINE_V6:
		snap = snap_for(req, l.t, &early);
		w->early += (uint64_t)early;
		w->snap_lines[snap]++;
		r->f->used++;
		if (w->sh->have_p6) {
			q.family = AF_INET6;
			q.plen = 128;
			memcpy(q.addr, l.v6, 16);
			if ((v = lpm_lookup(&w->sh->p6, &q, NULL)) != NULL)
				prov = (int)((uintptr_t)v - 1);
		}
		count_line(w, l.t, snap, ptab_lookup6(req->snaps[snap].t,
		    l.v6), prov);
		return 0;
	case LOGLINE_SKIP:
		return 0;
	case LOGLINE_BADHEADER:
		return attr_bad_line(r, why, 1);
	case LOGLINE_BAD:
	default:
		return attr_bad_line(r, why, 0);
	}
}

long
attr_lines(struct attr_rd *r, const char *p, size_t len, int last)
{
	const char *s = p, *e = p + len, *nl;

	while (s < e) {
		if ((nl = memchr(s, '\n', (size_t)(e - s))) == NULL) {
			if (!last)
				break;
			nl = e;
		}
		r->f->lines++;
		if ((size_t)(nl - s) > LOGLINE_MAX) {
			if (attr_bad_line(r, "the line is too long", 0) != 0)
				return -1;
		} else if (one_line(r, s, (size_t)(nl - s), e - nl >
		    LOGLINE_PAD) != 0)
			return -1;
		s = nl + 1;
		if ((r->f->lines & 0xffff) == 0 &&
		    atomic_load(&r->w->sh->fail_file) < r->pc->file)
			return -1;
	}
	return s > e ? (long)len : (long)(s - p);
}

static char *
asn_key(const uint32_t *asns, size_t n)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++)
		buf_addf(&b, "%sAS%" PRIu32, i ? "_" : "", asns[i]);
	return buf_detach(&b, NULL);
}

char *
attr_code_key(const struct attr_shared *sh, uint64_t code)
{
	const struct attr_req *req = sh->req;
	const struct ptab *tab;
	const uint32_t *asns;
	struct ipnet p;
	char text[IPNET_STRLEN];
	struct buf b = BUF_INIT;
	uint32_t s, x, k;
	size_t n;

	if (code == CODE_UNMATCHED)
		return xstrdup(ATTR_UNMATCHED);
	if (code == CODE_OTHER)
		return xstrdup(ATTR_OTHER);
	switch (code & TAG_MASK) {
	case TAG_ASN:
		return xasprintf("AS%" PRIu32, (uint32_t)code);
	case TAG_PROV:
		return xstrdup(req->providers[(uint32_t)code].name);
	default:
		break;
	}
	s = (uint32_t)(code >> 32);
	x = (uint32_t)code;
	tab = req->snaps[s].t;
	if (req->by == ATTR_BY_PREFIX) {
		ptab_route_prefix(tab, x, &p);
		ipnet_format(&p, text, sizeof(text));
		return xstrdup(text);
	}
	if (req->by == ATTR_BY_ASN) {
		n = ptab_set_origins(tab, x, &asns);
		return asn_key(asns, n);
	}
	for (k = sh->off[s][x]; k < sh->off[s][x + 1]; k++)
		buf_addf(&b, "%s%s", k > sh->off[s][x] ? "_" : "",
		    req->providers[sh->prov_of[s][k]].name);
	return buf_detach(&b, NULL);
}

/* The dense array: as many counters as the largest snapshot has sets
   (routes), and one. */
void
attr_worker_init(struct attr_worker *w)
{
	const struct attr_req *req = w->sh->req;
	uint32_t n, most = 0;
	size_t s;

	w->ds = UINT32_MAX;
	w->dt = 0;
	if (req->by == ATTR_BY_PROVIDER || (req->by == ATTR_BY_ASN &&
	    req->multi == ATTR_SPLIT))
		return;
	for (s = 0; s < req->nsnaps; s++) {
		n = req->by == ATTR_BY_PREFIX ? ptab_nroutes(req->snaps[s].t) :
		    ptab_nsets(req->snaps[s].t);
		if (n > most)
			most = n;
	}
	w->nx = most;
	/* Counted into while the other workers run (xcalloc_written()). */
	w->dense = xcalloc_written((size_t)most + 1, sizeof(*w->dense));
	w->touched = xcalloc_written((size_t)most + 1, sizeof(*w->touched));
}

void
attr_worker_done(struct attr_worker *w)
{
	flush(w);
	if (w->dense != NULL)
		dense_spill(w);
}
