/*
 * bgp_obs.c - AS paths cleaned and counted into observations
 * (bgp_obs.h).
 *
 * The counting is hand-written around one open-addressing hash table of
 * fixed-size integer keys (struct ktab) rather than a library table:
 * a RIB has hundreds of thousands of entries and each touches a few
 * counters, so the keys are packed words hashed in place, with no
 * allocation per key (jansson's and GLib's tables want a string or an
 * allocated key per entry, several times slower here).
 *
 * The paths are counted once per distinct (vantage point, cleaned path)
 * while reading (a RIB repeats the same path of a peer for every prefix
 * of an origin); the adjacencies, triplets and vantage sets are folded
 * from those distinct paths at the end, in two threads when there are
 * many.
 */
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "bgp_obs.h"
#include "validate.h"
#include "util.h"

int
bgp_asn_reserved(uint32_t asn)
{
	return asn == 0 || asn == 23456 ||
	    (asn >= 64496 && asn <= 65551) ||	/* RFC 5398, 6996, 7300 */
	    asn >= 4200000000u;			/* RFC 6996, 7300 */
}

int
bgp_path_clean(const uint32_t *in, size_t n, int has_set, uint32_t *out,
    size_t *nout)
{
	size_t i, j, k = 0;

	if (n == 0)
		return BGP_PATH_EMPTY;
	if (has_set)
		return BGP_PATH_SET;
	for (i = 0; i < n; i++) {
		if (bgp_asn_reserved(in[i]))
			return BGP_PATH_RESERVED;
		if (k > 0 && out[k - 1] == in[i])
			continue;
		if (k == BGP_PATH_MAX)
			return BGP_PATH_LOOP;
		/* Paths are short: a scan beats a set here. */
		for (j = 0; j + 1 < k; j++)
			if (out[j] == in[i])
				return BGP_PATH_LOOP;
		out[k++] = in[i];
	}
	*nout = k;
	return BGP_PATH_OK;
}

/* ---- a hash table of fixed-size keys of 32-bit words ---- */

struct ktab {
	uint32_t	*slots;		/* cap slots of 1 + kw + vw words:
					   a used flag, the key, the value */
	size_t		 kw, vw, sw;	/* words of key, value, slot */
	size_t		 cap, n;
};

static void
kt_init(struct ktab *t, size_t kw, size_t vw)
{
	memset(t, 0, sizeof(*t));
	t->kw = kw;
	t->vw = vw;
	t->sw = 1 + kw + vw;
	t->cap = 1024;
	t->slots = xcalloc(t->cap * t->sw, sizeof(uint32_t));
}

static void
kt_release(struct ktab *t)
{
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

/* Inline, so that a call with a constant n compiles to straight code. */
static inline uint64_t
hash_words(const uint32_t *k, size_t n)
{
	uint64_t h = 0x243f6a8885a308d3ull ^ n;
	size_t i;

	for (i = 0; i < n; i++) {
		h = (h ^ k[i]) * 0x9e3779b97f4a7c15ull;
		h ^= h >> 29;
	}
	h *= 0xbf58476d1ce4e5b9ull;
	return h ^ (h >> 31);
}

static void	kt_grow(struct ktab *t);

/*
 * The value words of key (kw words: the table's, passed again so that
 * each caller's constant makes the hashing and the comparison straight
 * code), zeroed and *isnew 1 when it was not there.
 */
static inline uint32_t *
kt_get_h(struct ktab *t, const uint32_t *key, size_t kw, uint64_t h,
    int *isnew)
{
	size_t i, w, mask;
	uint32_t *s;

	if ((t->n + 1) * 4 > t->cap * 3)
		kt_grow(t);
	mask = t->cap - 1;
	for (i = h & mask;; i = (i + 1) & mask) {
		s = t->slots + i * (1 + kw + t->vw);
		if (!s[0])
			break;
		for (w = 0; w < kw && s[1 + w] == key[w]; w++)
			;
		if (w == kw) {
			*isnew = 0;
			return s + 1 + kw;
		}
	}
	s[0] = 1;
	memcpy(s + 1, key, kw * sizeof(uint32_t));
	t->n++;
	*isnew = 1;
	return s + 1 + kw;
}

static inline uint32_t *
kt_get(struct ktab *t, const uint32_t *key, size_t kw, int *isnew)
{
	return kt_get_h(t, key, kw, hash_words(key, kw), isnew);
}

/* Start loading the slot where a key of hash h is looked for first. */
static inline void
kt_prefetch(const struct ktab *t, uint64_t h)
{
	__builtin_prefetch(t->slots + (h & (t->cap - 1)) * t->sw, 1);
}

static void
kt_grow(struct ktab *t)
{
	struct ktab old = *t;
	size_t i;
	int isnew;

	t->cap *= 2;
	t->n = 0;
	/* Zeroed by writing (xcalloc_written()): with the reader thread
	   running, calloc's zero page cost 12% of an import's CPU time in
	   TLB flushes. */
	t->slots = xcalloc_written(t->cap * t->sw, sizeof(uint32_t));
	for (i = 0; i < old.cap; i++) {
		uint32_t *s = old.slots + i * old.sw;

		if (s[0])
			memcpy(kt_get(t, s + 1, t->kw, &isnew), s + 1 + t->kw,
			    t->vw * sizeof(uint32_t));
	}
	free(old.slots);
}

/* Insert key; 1 when it was new. */
static inline int
kt_add(struct ktab *t, const uint32_t *key, size_t kw)
{
	int isnew;

	kt_get(t, key, kw, &isnew);
	return isnew;
}

/* The i-th slot's key, or NULL when unused. */
static const uint32_t *
kt_slot(const struct ktab *t, size_t i)
{
	const uint32_t *s = t->slots + i * t->sw;

	return s[0] ? s + 1 : NULL;
}

static int64_t
get64(const uint32_t *v)
{
	int64_t x;

	memcpy(&x, v, sizeof(x));
	return x;
}

static void
add64(uint32_t *v, int64_t d)
{
	int64_t x;

	memcpy(&x, v, sizeof(x));
	x += d;
	memcpy(v, &x, sizeof(x));
}

/* ---- the accumulator ---- */

/* One distinct (vantage point, cleaned path), its path in the arena. */
struct pent {
	uint64_t	 h;
	uint32_t	 off, n, peer;
	int64_t		 count;
};

/* A two-way cache in front of the peers' table: a RIB names the same
   few dozen vantage points over and over. */
#define PEER_CACHE_BITS	8
#define PEER_CACHE	(1u << PEER_CACHE_BITS)

/*
 * The last path each vantage point gave, as read, and the distinct path
 * it was counted as: a RIB lists the prefixes in address order, and a
 * peer's route to the next prefix is most often the same path as to the
 * one before (the same origin's next block), so a comparison of the raw
 * words skips the cleaning and the lookup of most entries.
 */
#define LAST_PATH_MAX	16

struct peer_last {
	uint32_t	 n;		/* words in path; 0: none */
	uint32_t	 pe;		/* index in pe */
	uint32_t	 path[LAST_PATH_MAX];
};

struct bgp_obs {
	struct ktab	 peers;		/* family, addr[4], as -> index */
	uint32_t	 npeers;
	struct peer_last *last;		/* by peer index */
	size_t		 clast_peer;
	uint32_t	 pc_key[PEER_CACHE][6];
	uint32_t	 pc_idx[PEER_CACHE];	/* index + 1; 0 empty */
	/* distinct paths */
	uint32_t	*arena;
	size_t		 narena, carena;
	struct pent	*pe;
	size_t		 npe, cpe;
	uint32_t	*pidx;		/* open addressing: pe index + 1 */
	size_t		 pcap;
	/* origin -> prefixes(2) live routes(2) */
	struct ktab	 origins;
	struct ktab	 origin_pfx;	/* origin, fam|plen, addr[4] */
	struct ktab	 routes;	/* peer, path id, fam|plen, addr[4]
					   -> origin (updates) */
	struct ipnet	 last_pfx;	/* the RIB's prefix being read */
	uint32_t	*last_orig;	/* origins counted for it */
	size_t		 nlast, clast;
	struct bgp_obs_result res;
	int		 finished;	/* bgp_obs_fold() called */
	/* the fold */
	size_t		*order;		/* pe indices grouped by peer */
	pthread_mutex_t	 fold_mu;
	pthread_cond_t	 fold_cv;
	int		 fold_done[BGP_PART_N];
	pthread_t	 fold_tid[2];
	int		 nthreads;
};

static void	fold_join(struct bgp_obs *);

struct bgp_obs *
bgp_obs_new(void)
{
	struct bgp_obs *o = xcalloc(1, sizeof(*o));

	kt_init(&o->peers, 6, 1);
	kt_init(&o->origins, 1, 4);
	kt_init(&o->origin_pfx, 6, 0);
	kt_init(&o->routes, 7, 1);
	o->pcap = 1024;
	o->pidx = xcalloc(o->pcap, sizeof(*o->pidx));
	o->last_pfx.family = -1;
	return o;
}

void
bgp_obs_free(struct bgp_obs *o)
{
	if (o == NULL)
		return;
	if (o->finished) {
		fold_join(o);
		pthread_mutex_destroy(&o->fold_mu);
		pthread_cond_destroy(&o->fold_cv);
	}
	free(o->order);
	kt_release(&o->peers);
	kt_release(&o->origins);
	kt_release(&o->origin_pfx);
	kt_release(&o->routes);
	free(o->arena);
	free(o->pe);
	free(o->pidx);
	free(o->last_orig);
	free(o->last);
	free(o->res.origins);
	free(o->res.upstreams);
	free(o->res.links);
	free(o->res.triplets);
	free(o);
}

static void
addr_words(const struct ipnet *n, uint32_t w[5])
{
	memset(w, 0, 5 * sizeof(uint32_t));
	w[0] = (uint32_t)(n->family == AF_INET6) << 8 | (uint32_t)n->plen;
	memcpy(w + 1, n->addr, n->family == AF_INET6 ? 16 : 4);
}

/* Whether a[0..n) and b[0..n) hold the same words (n a constant: no
   call to memcmp). */
static inline int
words_eq(const uint32_t *a, const uint32_t *b, size_t n)
{
	uint32_t d = 0;
	size_t i;

	for (i = 0; i < n; i++)
		d |= a[i] ^ b[i];
	return d == 0;
}

static uint32_t
peer_index(struct bgp_obs *o, const struct ipnet *ip, uint32_t as)
{
	uint32_t k[6], *v;
	int isnew;

	size_t c;

	addr_words(ip, k);
	k[5] = as;
	/* Every word mixed in: the peers of a collector differ in any of
	   them, and two that share a slot evict each other at every
	   prefix of a RIB. */
	c = 2 * (size_t)(((uint64_t)(k[1] ^ k[3]) * 0x9e3779b97f4a7c15ull ^
	    (uint64_t)(k[2] ^ k[4]) * 0xc2b2ae3d27d4eb4full ^
	    (uint64_t)as * 0x165667b19e3779f9ull) >>
	    (64 - PEER_CACHE_BITS + 1));
	if (o->pc_idx[c] != 0 && words_eq(o->pc_key[c], k, 6))
		return o->pc_idx[c] - 1;
	if (o->pc_idx[c + 1] != 0 && words_eq(o->pc_key[c + 1], k, 6))
		return o->pc_idx[c + 1] - 1;
	v = kt_get(&o->peers, k, 6, &isnew);
	if (isnew) {
		*v = o->npeers++;
		GROW(o->last, o->npeers, o->clast_peer);
		o->last[*v].n = 0;
	}
	/* Into the set's first way, its last entry into the second. */
	memcpy(o->pc_key[c + 1], o->pc_key[c], sizeof(k));
	o->pc_idx[c + 1] = o->pc_idx[c];
	memcpy(o->pc_key[c], k, sizeof(k));
	o->pc_idx[c] = *v + 1;
	return *v;
}

static void
pidx_grow(struct bgp_obs *o)
{
	size_t i, j, mask;

	free(o->pidx);
	o->pcap *= 2;
	o->pidx = xcalloc_written(o->pcap, sizeof(uint32_t));
	mask = o->pcap - 1;
	for (i = 0; i < o->npe; i++) {
		for (j = o->pe[i].h & mask; o->pidx[j] != 0; j = (j + 1) & mask)
			;
		o->pidx[j] = (uint32_t)i + 1;
	}
}

/* Count one more sighting of path p[0..n) (ph: hash_words(p, n)) by
   peer; its index in pe. */
static uint32_t
count_path(struct bgp_obs *o, uint32_t peer, const uint32_t *p, size_t n,
    uint64_t ph)
{
	uint64_t h = ph ^ (peer * 0x9e3779b97f4a7c15ull);
	size_t j, mask;
	struct pent *e;

	if ((o->npe + 1) * 2 > o->pcap)
		pidx_grow(o);
	mask = o->pcap - 1;
	for (j = h & mask; o->pidx[j] != 0; j = (j + 1) & mask) {
		e = &o->pe[o->pidx[j] - 1];
		if (e->h == h && e->peer == peer && e->n == n &&
		    memcmp(o->arena + e->off, p, n * sizeof(*p)) == 0) {
			e->count++;
			return o->pidx[j] - 1;
		}
	}
	GROW(o->arena, o->narena + n, o->carena);
	memcpy(o->arena + o->narena, p, n * sizeof(*p));
	GROW(o->pe, o->npe + 1, o->cpe);
	e = &o->pe[o->npe];
	e->h = h;
	e->off = (uint32_t)o->narena;
	e->n = (uint32_t)n;
	e->peer = peer;
	e->count = 1;
	o->narena += n;
	o->pidx[j] = (uint32_t)++o->npe;
	return o->pidx[j] - 1;
}

/* The origin's counters: prefixes (words 0-1), live routes (2-3). */
static uint32_t *
origin_vals(struct bgp_obs *o, uint32_t asn)
{
	int isnew;

	return kt_get(&o->origins, &asn, 1, &isnew);
}

/* Count prefix for origin once: 1 when it is new. */
static int
count_prefix(struct bgp_obs *o, uint32_t origin, const struct ipnet *pfx)
{
	uint32_t k[6];
	size_t i;

	if (pfx->family != o->last_pfx.family ||
	    pfx->plen != o->last_pfx.plen ||
	    memcmp(pfx->addr, o->last_pfx.addr, sizeof(pfx->addr)) != 0) {
		o->last_pfx = *pfx;
		o->nlast = 0;
	}
	/* A RIB gives a prefix's entries together: most are repeats. */
	for (i = 0; i < o->nlast; i++)
		if (o->last_orig[i] == origin)
			return 0;
	GROW(o->last_orig, o->nlast + 1, o->clast);
	o->last_orig[o->nlast++] = origin;
	k[0] = origin;
	addr_words(pfx, k + 1);
	if (!kt_add(&o->origin_pfx, k, 6))
		return 0;
	add64(origin_vals(o, origin), 1);
	return 1;
}

/* The route of (peer, path id, prefix) now goes to origin (0: none). */
static void
route_set(struct bgp_obs *o, uint32_t peer, uint32_t path_id,
    const struct ipnet *pfx, uint32_t origin)
{
	uint32_t k[7], *v;
	int isnew;

	k[0] = peer;
	k[1] = path_id;
	addr_words(pfx, k + 2);
	v = kt_get(&o->routes, k, 7, &isnew);
	if (!isnew && *v != 0)
		add64(origin_vals(o, *v) + 2, -1);
	*v = origin;
	if (origin != 0)
		add64(origin_vals(o, origin) + 2, 1);
}

/* A path dropped for why: counted so; an announcement replaces the
   route even when dropped. */
static int
dropped(struct bgp_obs *o, uint32_t peer, uint32_t path_id,
    const struct ipnet *pfx, int why, int update)
{
	o->res.dropped[why]++;
	if (update)
		route_set(o, peer, path_id, pfx, 0);
	return why;
}

/* A path to origin accepted (its distinct path counted). */
static int
counted(struct bgp_obs *o, uint32_t peer, uint32_t path_id,
    const struct ipnet *pfx, uint32_t origin, int update)
{
	o->res.accepted++;
	/* In a RIB a route seen stays up: one mark per origin and prefix
	   is enough for "announced". */
	if (count_prefix(o, origin, pfx) && !update)
		add64(origin_vals(o, origin) + 2, 1);
	if (update)
		route_set(o, peer, path_id, pfx, origin);
	return BGP_PATH_OK;
}

int
bgp_obs_path(struct bgp_obs *o, const struct ipnet *peer_ip,
    uint32_t peer_as, const struct ipnet *prefix, uint32_t path_id,
    const uint32_t *path, size_t npath, int has_set, int update)
{
	uint32_t clean[BGP_PATH_MAX], peer, origin;
	struct peer_last *pl;
	struct pent *e;
	size_t n = 0;
	int why;

	peer = peer_index(o, peer_ip, peer_as);
	pl = &o->last[peer];
	if (!has_set && npath == pl->n && npath > 0 &&
	    memcmp(path, pl->path, npath * sizeof(*path)) == 0) {
		/* The same words as this peer's last path: counted as it
		   was. */
		e = &o->pe[pl->pe];
		e->count++;
		origin = o->arena[e->off + e->n - 1];
	} else {
		why = bgp_path_clean(path, npath, has_set, clean, &n);
		if (why != BGP_PATH_OK)
			return dropped(o, peer, path_id, prefix, why, update);
		pl->pe = count_path(o, peer, clean, n, hash_words(clean, n));
		pl->n = npath <= LAST_PATH_MAX ? (uint32_t)npath : 0;
		memcpy(pl->path, path, pl->n * sizeof(*path));
		origin = clean[n - 1];
	}
	return counted(o, peer, path_id, prefix, origin, update);
}

void
bgp_path_prepare(const uint32_t *path, size_t npath, int has_set,
    uint32_t *clean, struct bgp_path_prepared *r)
{
	r->clean = clean;
	r->n = 0;
	r->h = 0;
	r->why = bgp_path_clean(path, npath, has_set, clean, &r->n);
	if (r->why == BGP_PATH_OK)
		r->h = hash_words(clean, r->n);
}

int
bgp_obs_prepared(struct bgp_obs *o, const struct ipnet *peer_ip,
    uint32_t peer_as, const struct ipnet *prefix, uint32_t path_id,
    const struct bgp_path_prepared *r, int update)
{
	uint32_t peer, origin;
	struct peer_last *pl;
	struct pent *e;

	peer = peer_index(o, peer_ip, peer_as);
	pl = &o->last[peer];
	/* bgp_obs_path()'s check of the words as read would now compare
	   against a path counted before this one. */
	pl->n = 0;
	if (r->why != BGP_PATH_OK)
		return dropped(o, peer, path_id, prefix, r->why, update);
	e = pl->pe < o->npe ? &o->pe[pl->pe] : NULL;
	if (e != NULL && e->peer == peer && e->n == r->n &&
	    memcmp(o->arena + e->off, r->clean, r->n * sizeof(*r->clean)) ==
	    0)
		/* The peer's last path again (a RIB repeats it for each of
		   an origin's prefixes). */
		e->count++;
	else
		pl->pe = count_path(o, peer, r->clean, r->n, r->h);
	origin = r->clean[r->n - 1];
	return counted(o, peer, path_id, prefix, origin, update);
}

void
bgp_obs_withdraw(struct bgp_obs *o, const struct ipnet *peer_ip,
    uint32_t peer_as, const struct ipnet *prefix, uint32_t path_id)
{
	o->res.withdrawals++;
	route_set(o, peer_index(o, peer_ip, peer_as), path_id, prefix, 0);
}

/*
 * Sort n records of size bytes at v by their 32-bit words at byte offsets
 * off[0..nw) (off[0] the most significant): a least-significant-digit
 * radix sort, RADIX_BITS a pass, each pass stable; a pass whose digit is
 * the same in every record is skipped (AS numbers rarely use the top
 * bits).  Hand-written: qsort()'s comparison calls took a tenth of an
 * import of a RIB, and no Debian library sorts fixed records by integer
 * keys.  Inline, so that each caller's constant size copies records
 * without a call.
 */
#define RADIX_BITS	11
#define RADIX		(1u << RADIX_BITS)

static inline uint32_t
word_at(const unsigned char *p)
{
	uint32_t x;

	memcpy(&x, p, sizeof(x));
	return x;
}

static inline void
sort_records(void *v, size_t n, size_t size, const size_t *off, size_t nw)
{
	unsigned char *a = v, *b, *t;
	size_t *cnt, i, w, sum, c;
	unsigned int d;

	if (n < 2)
		return;
	b = xmalloc(n * size);
	cnt = xmalloc(RADIX * sizeof(*cnt));
	for (w = nw; w-- > 0;)
		for (d = 0; d < 32; d += RADIX_BITS) {
			memset(cnt, 0, RADIX * sizeof(*cnt));
			for (i = 0; i < n; i++)
				cnt[word_at(a + i * size + off[w]) >> d &
				    (RADIX - 1)]++;
			if (cnt[word_at(a + off[w]) >> d & (RADIX - 1)] == n)
				continue;
			for (i = sum = 0; i < RADIX; i++) {
				c = cnt[i];
				cnt[i] = sum;
				sum += c;
			}
			for (i = 0; i < n; i++)
				memcpy(b + cnt[word_at(a + i * size + off[w]) >>
				    d & (RADIX - 1)]++ * size, a + i * size,
				    size);
			t = a;
			a = b;
			b = t;
		}
	if (a != v) {
		memcpy(v, a, n * size);
		free(a);
	} else
		free(b);
	free(cnt);
}

/*
 * Count key (an origin, an upstream link or an adjacency) in t by count
 * paths of peer: values paths(2) vantage(2) last peer + 1 (1).  The
 * distinct paths are visited grouped by peer, so a vantage point is new
 * to a key exactly when it differs from the last one counted there.
 */
static inline void
count_key(struct ktab *t, const uint32_t *key, size_t kw, uint32_t peer,
    int64_t count)
{
	uint32_t *v;
	int isnew;

	v = kt_get(t, key, kw, &isnew);
	add64(v, count);
	if (v[4] != peer + 1) {
		v[4] = peer + 1;
		add64(v + 2, 1);
	}
}

static const size_t origin_key[] = {
	offsetof(struct bgp_origin, asn)
}, upstream_key[] = {
	offsetof(struct bgp_upstream, origin),
	offsetof(struct bgp_upstream, upstream)
}, link_key[] = {
	offsetof(struct bgp_link, a), offsetof(struct bgp_link, b)
}, triplet_key[] = {
	offsetof(struct bgp_triplet, a),
	offsetof(struct bgp_triplet, b),
	offsetof(struct bgp_triplet, c)
};

/*
 * bgp_obs_fold() folds the distinct paths into the result's arrays in
 * three parts that share nothing but what they read: the origins and
 * upstreams, the links (both visit the paths grouped by vantage point,
 * o->order), and the triplets.  With many paths the first two run on one
 * thread and the triplets on another, so that the caller can store each
 * part as soon as it is done (bgp_obs_wait()) while the rest is folded.
 */

/* The origins (every one with a route seen, counted or not) and the
   upstreams. */
static void
fold_origins(struct bgp_obs *o)
{
	struct ktab ovp, ups;
	struct bgp_origin *org;
	const uint32_t *k;
	size_t i, n;
	int isnew;

	kt_init(&ovp, 1, 5);
	kt_init(&ups, 2, 5);
	for (i = 0; i < o->npe; i++) {
		const struct pent *e = &o->pe[o->order[i]];
		const uint32_t *p = o->arena + e->off;
		uint32_t key[2];

		count_key(&ovp, p + e->n - 1, 1, e->peer, e->count);
		if (e->n >= 2) {
			key[0] = p[e->n - 1];
			key[1] = p[e->n - 2];
			count_key(&ups, key, 2, e->peer, e->count);
		}
	}
	o->res.origins = xcalloc(o->origins.n + 1, sizeof(*o->res.origins));
	for (i = n = 0; i < o->origins.cap; i++) {
		uint32_t *v;

		if ((k = kt_slot(&o->origins, i)) == NULL)
			continue;
		org = &o->res.origins[n++];
		org->asn = k[0];
		org->prefixes = get64(k + 1);
		org->announced = get64(k + 3) > 0;
		v = kt_get(&ovp, k, 1, &isnew);
		org->paths = get64(v);
		org->vantage = get64(v + 2);
	}
	o->res.norigins = n;
	sort_records(o->res.origins, n, sizeof(*o->res.origins), origin_key, 1);
	o->res.upstreams = xcalloc(ups.n + 1, sizeof(*o->res.upstreams));
	for (i = n = 0; i < ups.cap; i++) {
		struct bgp_upstream *u;

		if ((k = kt_slot(&ups, i)) == NULL)
			continue;
		u = &o->res.upstreams[n++];
		u->origin = k[0];
		u->upstream = k[1];
		u->paths = get64(k + 2);
		u->vantage = get64(k + 4);
	}
	o->res.nupstreams = n;
	sort_records(o->res.upstreams, n, sizeof(*o->res.upstreams),
	    upstream_key, 2);
	kt_release(&ovp);
	kt_release(&ups);
}

/* The links. */
static void
fold_links(struct bgp_obs *o)
{
	struct ktab links;
	const uint32_t *k;
	size_t i, j, n;

	kt_init(&links, 2, 5);
	for (i = 0; i < o->npe; i++) {
		const struct pent *e = &o->pe[o->order[i]];
		const uint32_t *p = o->arena + e->off;

		for (j = 0; j + 1 < e->n; j++)
			count_key(&links, p + j, 2, e->peer, e->count);
	}
	o->res.links = xcalloc(links.n + 1, sizeof(*o->res.links));
	for (i = n = 0; i < links.cap; i++) {
		struct bgp_link *l;

		if ((k = kt_slot(&links, i)) == NULL)
			continue;
		l = &o->res.links[n++];
		l->a = k[0];
		l->b = k[1];
		l->paths = get64(k + 2);
		l->vantage = get64(k + 4);
	}
	o->res.nlinks = n;
	sort_records(o->res.links, n, sizeof(*o->res.links), link_key, 2);
	kt_release(&links);
}

/* The triplets. */
#define TRIP_AHEAD	16

static void
fold_triplets(struct bgp_obs *o)
{
	struct ktab trip;
	const uint32_t *k;
	size_t i, n;
	int isnew;

	kt_init(&trip, 3, 2);
	/*
	 * The sums need no order: the paths are taken as stored, and each
	 * triplet's slot is hashed and prefetched TRIP_AHEAD triplets
	 * before it is counted, as the table is too large for the cache.
	 */
	{
		struct {
			const uint32_t	*k;
			uint64_t	 h;
			int64_t		 count;
		} q[TRIP_AHEAD];
		size_t qi = 0, qn = 0, pi = 0, pj = 0;

		for (;;) {
			/* The next triplet into the queue. */
			while (pi < o->npe && pj + 2 >= o->pe[pi].n) {
				pi++;
				pj = 0;
			}
			if (pi < o->npe) {
				size_t at = (qi + qn) % TRIP_AHEAD;

				q[at].k = o->arena + o->pe[pi].off + pj;
				q[at].h = hash_words(q[at].k, 3);
				q[at].count = o->pe[pi].count;
				kt_prefetch(&trip, q[at].h);
				pj++;
				if (++qn < TRIP_AHEAD)
					continue;
			}
			if (qn == 0)
				break;
			add64(kt_get_h(&trip, q[qi].k, 3, q[qi].h, &isnew),
			    q[qi].count);
			qi = (qi + 1) % TRIP_AHEAD;
			qn--;
		}
	}
	o->res.triplets = xcalloc(trip.n + 1, sizeof(*o->res.triplets));
	for (i = n = 0; i < trip.cap; i++) {
		struct bgp_triplet *t;

		if ((k = kt_slot(&trip, i)) == NULL)
			continue;
		t = &o->res.triplets[n++];
		t->a = k[0];
		t->b = k[1];
		t->c = k[2];
		t->paths = get64(k + 3);
	}
	o->res.ntriplets = n;
	sort_records(o->res.triplets, n, sizeof(*o->res.triplets),
	    triplet_key, 3);
	kt_release(&trip);
}

/* Below this many distinct paths the threads cost more than they
   save. */
#define FOLD_THREAD_MIN	4096

/* Part p folded: tell bgp_obs_wait(). */
static void
part_done(struct bgp_obs *o, enum bgp_obs_part p)
{
	pthread_mutex_lock(&o->fold_mu);
	o->fold_done[p] = 1;
	pthread_cond_broadcast(&o->fold_cv);
	pthread_mutex_unlock(&o->fold_mu);
}

static void *
fold_a(void *arg)
{
	struct bgp_obs *o = arg;

	fold_origins(o);
	part_done(o, BGP_PART_ORIGINS);
	fold_links(o);
	part_done(o, BGP_PART_LINKS);
	return NULL;
}

static void *
fold_b(void *arg)
{
	struct bgp_obs *o = arg;

	fold_triplets(o);
	part_done(o, BGP_PART_TRIPLETS);
	return NULL;
}

const struct bgp_obs_result *
bgp_obs_fold(struct bgp_obs *o)
{
	size_t i, *start;

	if (o->finished)
		die("BUG: bgp_obs_fold() twice");
	o->finished = 1;
	o->res.vantage = o->npeers;
	/* The distinct paths by peer (a counting sort). */
	o->order = xcalloc(o->npe + 1, sizeof(*o->order));
	start = xcalloc((size_t)o->npeers + 2, sizeof(*start));
	for (i = 0; i < o->npe; i++)
		start[o->pe[i].peer + 1]++;
	for (i = 0; i < o->npeers; i++)
		start[i + 1] += start[i];
	for (i = 0; i < o->npe; i++)
		o->order[start[o->pe[i].peer]++] = i;
	free(start);
	pthread_mutex_init(&o->fold_mu, NULL);
	pthread_cond_init(&o->fold_cv, NULL);
	o->nthreads = 0;
	if (o->npe >= FOLD_THREAD_MIN &&
	    pthread_create(&o->fold_tid[0], NULL, fold_a, o) == 0) {
		o->nthreads = 1;
		if (pthread_create(&o->fold_tid[1], NULL, fold_b, o) == 0)
			o->nthreads = 2;
		else
			fold_b(o);
	} else {
		fold_a(o);
		fold_b(o);
	}
	return &o->res;
}

const struct bgp_obs_result *
bgp_obs_wait(struct bgp_obs *o, enum bgp_obs_part part)
{
	if (!o->finished)
		die("BUG: bgp_obs_wait() before bgp_obs_fold()");
	pthread_mutex_lock(&o->fold_mu);
	while (!o->fold_done[part])
		pthread_cond_wait(&o->fold_cv, &o->fold_mu);
	pthread_mutex_unlock(&o->fold_mu);
	return &o->res;
}

/* The threads ended (they end once their parts are done). */
static void
fold_join(struct bgp_obs *o)
{
	int i;

	for (i = 0; i < o->nthreads; i++)
		pthread_join(o->fold_tid[i], NULL);
	o->nthreads = 0;
}

void
bgp_obs_finish(struct bgp_obs *o, struct bgp_obs_result *res)
{
	bgp_obs_fold(o);
	fold_join(o);
	*res = o->res;
}

/* ---- the claimed hash ---- */

/*
 * The lines are made by hand and hashed a buffer at a time: tens of
 * thousands of rows went through vsnprintf() and one sha256_update()
 * each, a tenth of an import of a RIB.
 */
struct bgp_obs_hasher {
	struct sha256	*h;
	size_t		 len;
	char		 buf[8192];
};

struct bgp_obs_hasher *
bgp_obs_hasher_new(void)
{
	struct bgp_obs_hasher *h = xcalloc(1, sizeof(*h));

	h->h = sha256_new();
	return h;
}

/* Room for one line (a letter and five numbers of at most 20 digits
   with their spaces, and the newline). */
#define HLINE_MAX	(2 + 5 * 21 + 1)

static char *
hline_start(struct bgp_obs_hasher *h, char kind)
{
	if (h->len + HLINE_MAX > sizeof(h->buf)) {
		sha256_update(h->h, h->buf, h->len);
		h->len = 0;
	}
	h->buf[h->len] = kind;
	return h->buf + h->len + 1;
}

/* " V" in decimal at p, as printf's " %lld" writes it; the end. */
static char *
put_num(char *p, int64_t v)
{
	char tmp[20];
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
	size_t k = 0;

	*p++ = ' ';
	if (v < 0)
		*p++ = '-';
	do {
		tmp[k++] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	while (k > 0)
		*p++ = tmp[--k];
	return p;
}

static void
hline_end(struct bgp_obs_hasher *h, char *p)
{
	*p++ = '\n';
	h->len = (size_t)(p - h->buf);
}

void
bgp_obs_hash_origin(struct bgp_obs_hasher *h, const struct bgp_origin *x)
{
	char *p = hline_start(h, 'o');

	p = put_num(p, x->asn);
	p = put_num(p, x->prefixes);
	p = put_num(p, x->paths);
	p = put_num(p, x->vantage);
	hline_end(h, put_num(p, x->announced));
}

void
bgp_obs_hash_upstream(struct bgp_obs_hasher *h, const struct bgp_upstream *x)
{
	char *p = hline_start(h, 'u');

	p = put_num(p, x->origin);
	p = put_num(p, x->upstream);
	p = put_num(p, x->paths);
	hline_end(h, put_num(p, x->vantage));
}

void
bgp_obs_hash_link(struct bgp_obs_hasher *h, const struct bgp_link *x)
{
	char *p = hline_start(h, 'l');

	p = put_num(p, x->a);
	p = put_num(p, x->b);
	p = put_num(p, x->paths);
	hline_end(h, put_num(p, x->vantage));
}

void
bgp_obs_hash_triplet(struct bgp_obs_hasher *h, const struct bgp_triplet *x)
{
	char *p = hline_start(h, 't');

	p = put_num(p, x->a);
	p = put_num(p, x->b);
	p = put_num(p, x->c);
	hline_end(h, put_num(p, x->paths));
}

void
bgp_obs_hasher_end(struct bgp_obs_hasher *h, char hex[SHA256_HEXLEN])
{
	unsigned char d[SHA256_LEN];

	sha256_update(h->h, h->buf, h->len);
	sha256_final(h->h, d);
	sha256_hex(d, hex);
	sha256_free(h->h);
	free(h);
}

void
bgp_obs_hash_part(struct bgp_obs_hasher *h, const struct bgp_obs_result *r,
    enum bgp_obs_part part)
{
	size_t i;

	switch (part) {
	case BGP_PART_ORIGINS:
		for (i = 0; i < r->norigins; i++)
			bgp_obs_hash_origin(h, &r->origins[i]);
		for (i = 0; i < r->nupstreams; i++)
			bgp_obs_hash_upstream(h, &r->upstreams[i]);
		break;
	case BGP_PART_LINKS:
		for (i = 0; i < r->nlinks; i++)
			bgp_obs_hash_link(h, &r->links[i]);
		break;
	case BGP_PART_TRIPLETS:
		for (i = 0; i < r->ntriplets; i++)
			bgp_obs_hash_triplet(h, &r->triplets[i]);
		break;
	default:
		die("BUG: bgp_obs_hash_part(%d)", (int)part);
	}
}

void
bgp_obs_result_hash(const struct bgp_obs_result *r, char hex[SHA256_HEXLEN])
{
	struct bgp_obs_hasher *h = bgp_obs_hasher_new();

	bgp_obs_hash_part(h, r, BGP_PART_ORIGINS);
	bgp_obs_hash_part(h, r, BGP_PART_LINKS);
	bgp_obs_hash_part(h, r, BGP_PART_TRIPLETS);
	bgp_obs_hasher_end(h, hex);
}

void
bgp_obs_hash_folded(struct bgp_obs *o, char hex[SHA256_HEXLEN])
{
	struct bgp_obs_hasher *h = bgp_obs_hasher_new();

	/* Only the fields of the part waited for: the fold's threads may
	   still be writing the others. */
	bgp_obs_hash_part(h, bgp_obs_wait(o, BGP_PART_ORIGINS),
	    BGP_PART_ORIGINS);
	bgp_obs_hash_part(h, bgp_obs_wait(o, BGP_PART_LINKS), BGP_PART_LINKS);
	bgp_obs_hash_part(h, bgp_obs_wait(o, BGP_PART_TRIPLETS),
	    BGP_PART_TRIPLETS);
	bgp_obs_hasher_end(h, hex);
}

/* ---- an import ---- */

void
bgp_import_release(struct bgp_import *imp)
{
	free(imp->file_name);
	free(imp->file_sha256);
	free(imp->warnings);
	free(imp->content_sha256);
	memset(imp, 0, sizeof(*imp));
}

void
bgp_imports_free(struct bgp_import *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		bgp_import_release(&v[i]);
	free(v);
}

static json_t *
time_json(int64_t t)
{
	char buf[TIME_STRLEN];

	fmt_time(t, buf);
	return json_string(buf);
}

json_t *
bgp_import_to_json(const struct bgp_import *imp)
{
	json_t *o = json_object(), *d = json_object(), *w;

	json_object_set_new(o, "id", json_integer(imp->id));
	json_object_set_new(o, "file_name", json_string(imp->file_name));
	json_object_set_new(o, "file_sha256", json_string(imp->file_sha256));
	json_object_set_new(o, "file_size", json_integer(imp->file_size));
	json_object_set_new(o, "kind", json_string(imp->kind));
	json_object_set_new(o, "observed_at", time_json(imp->observed_at));
	json_object_set_new(o, "first_time", imp->has_span ?
	    time_json(imp->first_time) : json_null());
	json_object_set_new(o, "last_time", imp->has_span ?
	    time_json(imp->last_time) : json_null());
	json_object_set_new(o, "records", json_integer(imp->records));
	json_object_set_new(o, "elems", json_integer(imp->elems));
	json_object_set_new(o, "paths", json_integer(imp->paths));
	json_object_set_new(d, "empty", json_integer(
	    imp->dropped[BGP_PATH_EMPTY]));
	json_object_set_new(d, "as_set", json_integer(
	    imp->dropped[BGP_PATH_SET]));
	json_object_set_new(d, "loop", json_integer(
	    imp->dropped[BGP_PATH_LOOP]));
	json_object_set_new(d, "reserved", json_integer(
	    imp->dropped[BGP_PATH_RESERVED]));
	json_object_set_new(o, "dropped", d);
	json_object_set_new(o, "withdrawals", json_integer(imp->withdrawals));
	json_object_set_new(o, "vantage_points", json_integer(imp->vantage));
	json_object_set_new(o, "truncated", json_boolean(imp->truncated));
	w = imp->warnings != NULL ? json_loads(imp->warnings, 0, NULL) : NULL;
	json_object_set_new(o, "warnings", w != NULL ? w : json_array());
	json_object_set_new(o, "nwarnings", json_integer(imp->nwarnings));
	json_object_set_new(o, "content_sha256",
	    json_string(imp->content_sha256));
	json_object_set_new(o, "created_at", time_json(imp->created_at));
	json_object_set_new(o, "audit_seq", json_integer(imp->audit_seq));
	return o;
}
