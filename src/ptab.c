/*
 * ptab.c - the prefix table's lookup file: built, written, mapped and
 * searched.  See ptab.h for the outline.
 *
 * Written by hand: no library on Debian builds a longest-prefix-match
 * structure that can be written to a file and used in place through
 * mmap (lpm.h's trie is pointer-linked memory, and 32 bytes a node).
 *
 * The structure, per family:
 *
 *   ranges   the prefixes flattened into disjoint address ranges, each
 *            the route of the longest prefix covering it (or PTAB_NONE),
 *            neighbours with the same route merged.
 *   index    the address space cut by its top D bits into chunks, D
 *            chosen by the table's size (about two chunks a range) and
 *            recorded in the header: for IPv4 8 to 20 bits (20 for a
 *            full table, a 4 MB index: measured on the 2014 table, 16
 *            bits gave 60-90 M lookups/s, 18 bits 70-80, 20 bits 100-115,
 *            because 83% of random addresses then end at the index; a
 *            DIR-24-8's 64 MB thrashes the TLB; a small table gets a
 *            small index, so its file is a few kilobytes), for IPv6 8
 *            to 20 bits, taken below the base: the longest common
 *            prefix of the IPv6 routes (at most 64 bits; base6_for()),
 *            which the header records.  Every route lies inside it, so
 *            an address outside it is answered none with no read; for
 *            a table in 2000::/12 the index then spends its entries on
 *            routed space instead of 1 in 4096 of them (a 1M-prefix
 *            file with 200k IPv6 prefixes: 8% smaller, opened in 8
 *            instead of 10 ms, the index check having far fewer node
 *            entries to go through).
 *            An entry is either a route (the chunk lies inside one
 *            range: the lookup ends there) or the position of the
 *            chunk's block of ranges (chunk4() has the details); an
 *            IPv6 entry can also be a node, a further index on the
 *            chunk's next bits, for the chunks where IPv6 routes crowd.
 *   blocks   (IPv4) the ranges of one chunk, the first being the range
 *            that covers the chunk's first address, its key slot
 *            holding the block's length.  Keys are the low 32 - D bits
 *            of a range's start (the chunk gives the rest), in 16-bit
 *            slots from D = 17 on (a range is then 2 + 4 bytes), 32-bit
 *            below.
 *   leaves   (IPv6) the ranges of one chunk in one 64-byte line (two
 *            for the longest keys), keys and routes together: the
 *            keys are the bits of the ranges' starts below the chunk's
 *            prefix, 32 or 64 of them where those hold every bit the
 *            starts have set (nearly every chunk of a BGP table, whose
 *            prefixes end at /64 or above), whole 128-bit starts
 *            otherwise, so the search is exact for every length
 *            ("IPv6 index entries" below has the details).
 *
 * A lookup is one index read, for most addresses the last; else a
 * branch-free binary search over the block's keys (log2 of its length
 * steps, on one or two cache lines for most blocks of a BGP table), then
 * one route read; an IPv6 lookup reads its index entry, a node's entry
 * for most, then the leaf's line, where it counts the keys at or below
 * the address without a branch.  The IPv4 batch prefetches the index
 * entries of the addresses 16 ahead, so the cache misses of several
 * lookups overlap; the IPv6 batch, whose lookups take several dependent
 * reads (index, nodes, leaf), goes through groups of 64 in stages, each
 * stage's reads prefetched for the whole group before any is used
 * (lookup6_group()).
 *
 * The file: a 512-byte header (struct ptab_hdr), then the sections, each
 * 64-byte aligned.  The checksum covers every byte of the file (the
 * checksum field read as zero).  It is hand-written (fsum() below):
 * zlib's CRC-32 ran at 1.6 GB/s here, and SHA-256 through libcrypto no
 * faster, which made opening a 1M-prefix file (26 MB) take 20 ms of a 10
 * ms budget; no library the build links has a fast non-cryptographic
 * hash.  A cryptographic one would buy nothing: the file is a cache
 * rebuilt from the content the audit log hashes, and the check is
 * against damage, not an adversary.  ptab_open checks it and then every
 * invariant a lookup relies on (index entries naming routes that exist,
 * blocks inside the ranges, nodes inside the nodes and after the entry
 * naming them, leaves of a known kind inside that kind's section, route
 * and set numbers in range, the IPv6 base at most 64 bits, zero beyond
 * its length, and every IPv6 route inside it), so that
 * even a crafted file with a matching checksum cannot send a lookup out
 * of bounds; keys out of order would only give wrong answers.
 */
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zstd.h>

#include "buf.h"
#include "exitcodes.h"
#include "hash.h"
#include "ptab.h"

/*
 * The IPv4 index's width, by the table's size (d4_for()): from D4_MIN
 * bits up to D4_MAX for large tables, where 20 measured fastest (see
 * the top).  Keys are 16-bit from NARROW4 bits on (a block's length, up
 * to 2^(32 - d4) + 1, must fit its key slot), 32-bit below; ptab_open
 * accepts up to 24.
 */
#define D4_MIN	8
#define D4_MAX	20
#define NARROW4	17
#define ALIGN	64

static const char ptab_magic[8] = { 'D', 'P', 'P', 'T', 'A', 'B', '\n',
    '\0' };
#define BYTE_ORDER_MARK	0x01020304u

/* Sections, in file order. */
enum {
	S_IDX4,		/* uint32[1 << d4] */
	S_KEY4,		/* uint16 or uint32 (d4 < NARROW4)[nranges4] */
	S_RT4,		/* uint32[nranges4] */
	S_IDX6,		/* uint32[1 << d6] */
	S_LEAF32,	/* uint32[16 * nleaf6[L32]]: IPv6 leaves, 64 bytes */
	S_LEAF64,	/* uint32[16 * nleaf6[L64]] */
	S_LEAF128,	/* uint32[32 * nleaf6[L128]]: 128 bytes */
	S_NODE6,	/* uint32[nnodes6]: IPv6 index nodes' entries */
	S_ADDR4,	/* uint32[nroutes4], host order */
	S_ADDR6,	/* uint8[nroutes6][16] */
	S_PLEN,		/* uint8[nroutes] */
	S_RSET,		/* uint32[nroutes] */
	S_SETOFF,	/* uint32[nsets + 1] */
	S_SETASN,	/* uint32[nasns] */
	S_COUNT
};

struct ptab_hdr {
	char		magic[8];
	uint32_t	version;
	uint32_t	byte_order;	/* BYTE_ORDER_MARK as written */
	uint32_t	hdr_size;
	uint32_t	d4, d6;
	uint32_t	nnodes6;	/* entries of the IPv6 nodes */
	uint64_t	file_size;
	int64_t		taken_at;
	uint64_t	checksum;	/* file_sum(), this field as zero */
	uint32_t	nroutes4, nroutes6, nsets, nasns;
	uint32_t	nranges4;
	uint32_t	nranges6;	/* for information: in the leaves */
	uint64_t	off[S_COUNT];
	uint64_t	len[S_COUNT];	/* bytes */
	char		tag[PTAB_TAGLEN];	/* NUL-terminated */
	uint64_t	base6;		/* the IPv6 routes' common prefix: its
					   top 64 bits, zero past blen6 */
	uint32_t	blen6;		/* its length, 0..64 */
	uint32_t	nleaf6[3];	/* IPv6 leaves of each kind (L32..) */
	char		pad[512 - 80 - 16 * S_COUNT - PTAB_TAGLEN - 24];
};
_Static_assert(sizeof(struct ptab_hdr) == 512, "ptab header is 512 bytes");

struct ptab {
	const unsigned char	*map;
	size_t			 size;
	const struct ptab_hdr	*h;
	const uint32_t		*idx4, *rt4, *idx6, *addr4, *rset;
	const uint32_t		*setoff, *setasn;
	const uint16_t		*key4;		/* d4 >= NARROW4, else */
	const uint32_t		*key4w;		/* this */
	int			 shift4;	/* 32 - d4 */
	const uint32_t		*leaf6[4];	/* by kind: L32, L64, L128 (the
						   fourth never used) */
	const uint8_t		*addr6, *plen;
	const uint32_t		*node6;
	int			 shift6;	/* 64 - the IPv6 index width */
	int			 blen6;		/* the base's length */
	int			 pos6;		/* blen6 + the index width */
	uint64_t		 base6, mask6;	/* the base, its mask */
};

/* ---- the checksum ---- */

/*
 * A 64-bit checksum of p[0..n) from seed: four independent lanes that
 * each take 8 bytes a step: the word times an odd constant, added to
 * the lane, which is then rotated (the round of xxHash64, as its
 * specification describes it, without its second multiply: that one
 * sat on the lane's chain of dependent operations, and dropping it took
 * a 26 MB file's sum from 2.3 to 1.7 ms here), so the CPU runs the
 * lanes in parallel at about memory speed; the lanes are then folded
 * together with the length and mixed.
 * Every step is a bijection of the lane for a given input word, so a
 * change confined to one 8-byte word is always detected.
 */
#define K1	0x9e3779b185ebca87ull
#define K2	0xc2b2ae3d27d4eb4full
#define K3	0x165667b19e3779f9ull

static inline uint64_t
rotl64(uint64_t x, int r)
{
	return x << r | x >> (64 - r);
}

static inline uint64_t
load64(const unsigned char *p)
{
	uint64_t w;

	memcpy(&w, p, 8);
	return w;
}

static uint64_t
fsum(const unsigned char *p, size_t n, uint64_t seed)
{
	uint64_t a = seed + K1 + K2, b = seed + K2, c = seed, d = seed - K1, h;
	size_t i = 0;

	for (; i + 32 <= n; i += 32) {
		a = rotl64(a + load64(p + i) * K2, 31);
		b = rotl64(b + load64(p + i + 8) * K2, 31);
		c = rotl64(c + load64(p + i + 16) * K2, 31);
		d = rotl64(d + load64(p + i + 24) * K2, 31);
	}
	h = rotl64(a, 1) + rotl64(b, 7) + rotl64(c, 12) + rotl64(d, 18);
	h ^= (uint64_t)n;
	for (; i + 8 <= n; i += 8)
		h = rotl64(h ^ (rotl64(load64(p + i) * K2, 31) * K1), 27) *
		    K1 + K3;
	for (; i < n; i++)
		h = rotl64(h ^ (p[i] * K3), 11) * K1;
	h ^= h >> 33;
	h *= K2;
	h ^= h >> 29;
	h *= K3;
	h ^= h >> 32;
	return h;
}

/* The checksum of a file image: its header with the checksum field as
   zero, then the rest. */
static uint64_t
file_sum(const unsigned char *img, size_t len)
{
	struct ptab_hdr h;

	memcpy(&h, img, sizeof(h));
	h.checksum = 0;
	return fsum(img + sizeof(h), len - sizeof(h),
	    fsum((const unsigned char *)&h, sizeof(h), 0));
}

/* ---- building ---- */

struct bentry {
	unsigned char	addr[16];	/* host bits clear */
	uint8_t		plen;
	uint8_t		v6;
	uint32_t	nasn;
	uint32_t	asn;		/* nasn == 1: the origin, else the
					   offset into the builder's pool */
};

struct ptab_builder {
	struct bentry	*e;
	size_t		 n, cap;
	uint32_t	*pool;
	size_t		 npool, cpool;
	size_t		 added;		/* ptab_builder_add() calls kept */
	int		 finished;	/* e sorted, duplicates united */
	char		 tag[PTAB_TAGLEN];
};

struct ptab_builder *
ptab_builder_new(void)
{
	return xcalloc(1, sizeof(struct ptab_builder));
}

void
ptab_builder_free(struct ptab_builder *b)
{
	if (b == NULL)
		return;
	free(b->e);
	free(b->pool);
	free(b);
}

size_t
ptab_builder_count(const struct ptab_builder *b)
{
	return b->added;
}

void
ptab_builder_add(struct ptab_builder *b, const struct ipnet *p,
    const uint32_t *asns, size_t nasns)
{
	struct bentry *e;
	struct ipnet m = *p;

	if (nasns == 0)
		return;
	ipnet_mask(&m);
	b->added++;
	b->finished = 0;
	GROW(b->e, b->n + 1, b->cap);
	e = &b->e[b->n++];
	memset(e, 0, sizeof(*e));
	memcpy(e->addr, m.addr, 16);
	if (m.family == AF_INET)
		memset(e->addr + 4, 0, 12);
	e->plen = (uint8_t)m.plen;
	e->v6 = m.family == AF_INET6;
	e->nasn = (uint32_t)nasns;
	if (nasns == 1) {
		e->asn = asns[0];
		return;
	}
	GROW(b->pool, b->npool + nasns, b->cpool);
	e->asn = (uint32_t)b->npool;
	memcpy(b->pool + b->npool, asns, nasns * sizeof(*asns));
	b->npool += nasns;
}

static int
bentry_cmp(const void *a, const void *b)
{
	const struct bentry *x = a, *y = b;
	int c;

	if (x->v6 != y->v6)
		return x->v6 - y->v6;
	if ((c = memcmp(x->addr, y->addr, 16)) != 0)
		return c;
	return (int)x->plen - (int)y->plen;
}

static int
u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static const uint32_t *
bentry_asns(const struct ptab_builder *b, const struct bentry *e)
{
	return e->nasn == 1 ? &e->asn : b->pool + e->asn;
}

typedef unsigned __int128 u128;

/* The tables being built, in memory, before they are written. */
struct built {
	uint32_t	 nroutes4, nroutes6;
	uint32_t	*addr4;
	uint8_t		*addr6;
	uint8_t		*plen;
	uint32_t	*rset;
	uint32_t	*setoff, *setasn;
	size_t		 nsets, nasns, csets, casns;
	/* the set hash: index + 1, 0 = free */
	uint32_t	*hslot;
	size_t		 hcap;
	uint32_t	*idx4, *rt4, *idx6;
	uint32_t	*key4;
	uint32_t	*leaf6[3];	/* by kind (leaf_words[] a leaf) */
	size_t		 nleaf6[3], capleaf6[3];
	size_t		 nranges4, nranges6;
	uint32_t	*node6;
	size_t		 nnodes6, capnode6;
	int		 d4, d6;
	u128		 base6;		/* the IPv6 routes' common prefix */
	int		 blen6;
};

static uint64_t
set_hash(const uint32_t *a, size_t n)
{
	uint64_t h = 1469598103934665603ull;

	for (size_t i = 0; i < n; i++)
		h = (h ^ a[i]) * 1099511628211ull;
	return h ^ (h >> 29);
}

/* The set number of the sorted, distinct origins a[0..n). */
static uint32_t
intern_set(struct built *bt, const uint32_t *a, size_t n)
{
	size_t i;

	if (bt->nsets * 2 + 2 > bt->hcap) {
		size_t ncap = bt->hcap ? bt->hcap * 2 : 1024;
		uint32_t *ns = xcalloc(ncap, sizeof(*ns));

		for (size_t s = 0; s < bt->nsets; s++) {
			const uint32_t *sa = bt->setasn + bt->setoff[s];
			size_t sn = bt->setoff[s + 1] - bt->setoff[s];

			i = set_hash(sa, sn) & (ncap - 1);
			while (ns[i] != 0)
				i = (i + 1) & (ncap - 1);
			ns[i] = (uint32_t)s + 1;
		}
		free(bt->hslot);
		bt->hslot = ns;
		bt->hcap = ncap;
	}
	i = set_hash(a, n) & (bt->hcap - 1);
	while (bt->hslot[i] != 0) {
		uint32_t s = bt->hslot[i] - 1;
		size_t sn = bt->setoff[s + 1] - bt->setoff[s];

		if (sn == n && memcmp(bt->setasn + bt->setoff[s], a,
		    n * sizeof(*a)) == 0)
			return s;
		i = (i + 1) & (bt->hcap - 1);
	}
	GROW(bt->setoff, bt->nsets + 2, bt->csets);
	GROW(bt->setasn, bt->nasns + n, bt->casns);
	if (bt->nsets == 0)
		bt->setoff[0] = 0;
	memcpy(bt->setasn + bt->nasns, a, n * sizeof(*a));
	bt->nasns += n;
	bt->setoff[bt->nsets + 1] = (uint32_t)bt->nasns;
	bt->hslot[i] = (uint32_t)bt->nsets + 1;
	return (uint32_t)bt->nsets++;
}

/*
 * A family's ranges, before they are cut into chunks: start addresses
 * (as 128-bit numbers; IPv4 in the low 32 bits) and routes.
 */
struct rlist {
	u128		*start;
	uint32_t	*route;
	size_t		 n, cap, cap2;
};

/* A range starting at pos with route r; one at the same start replaces
   the last (a longer prefix that starts where its parent starts). */
static void
rl_emit(struct rlist *rl, u128 pos, uint32_t r)
{
	if (rl->n > 0 && rl->start[rl->n - 1] == pos) {
		rl->route[rl->n - 1] = r;
		return;
	}
	GROW(rl->start, rl->n + 1, rl->cap);
	GROW(rl->route, rl->n + 1, rl->cap2);
	rl->start[rl->n] = pos;
	rl->route[rl->n] = r;
	rl->n++;
}

static u128
addr_num(const unsigned char *a, int v6)
{
	u128 x = 0;

	for (int i = 0; i < (v6 ? 16 : 4); i++)
		x = (x << 8) | a[i];
	return x;
}

/*
 * Flatten routes first .. first + n - 1 (sorted, distinct, one family)
 * into ranges: a sweep with the stack of prefixes enclosing the current
 * one.  A prefix starts a range at its first address; when the sweep
 * passes a prefix's last address, the enclosing prefix (or none) takes
 * over after it.  Then neighbours with the same route are merged.
 */
static void
flatten(const struct bentry *e, uint32_t first, size_t n, int v6,
    struct rlist *rl)
{
	int bits = v6 ? 128 : 32;
	u128 *send = xmalloc((bits + 1) * sizeof(*send));
	uint32_t *sr = xmalloc((bits + 1) * sizeof(*sr));
	int sp = 0;
	size_t w;

	rl_emit(rl, 0, PTAB_NONE);
	for (size_t i = 0; i < n; i++) {
		u128 s = addr_num(e[i].addr, v6);
		u128 span = e[i].plen >= bits ? 0 : e[i].plen == 0 &&
		    v6 ? ~(u128)0 : ((u128)1 << (bits - e[i].plen)) - 1;

		while (sp > 0 && send[sp - 1] < s) {
			u128 end = send[--sp];

			rl_emit(rl, end + 1, sp > 0 ? sr[sp - 1] : PTAB_NONE);
		}
		rl_emit(rl, s, first + (uint32_t)i);
		send[sp] = s + span;
		sr[sp] = first + (uint32_t)i;
		sp++;
	}
	while (sp > 0) {
		u128 end = send[--sp];
		u128 max = v6 ? ~(u128)0 : 0xffffffffu;

		if (end != max)
			rl_emit(rl, end + 1, sp > 0 ? sr[sp - 1] : PTAB_NONE);
	}
	free(send);
	free(sr);
	/* merge neighbours with the same route */
	w = 0;
	for (size_t i = 0; i < rl->n; i++) {
		if (w > 0 && rl->route[w - 1] == rl->route[i])
			continue;
		rl->start[w] = rl->start[i];
		rl->route[w] = rl->route[i];
		w++;
	}
	rl->n = w;
}

/*
 * The index over a family's ranges.  An entry with DIRECT set is a chunk
 * inside one range: the low 31 bits are its route (DIRECT_NONE: none),
 * and a lookup ends there, with one memory access.  Any other entry is
 * the position of the chunk's block of ranges: first the range covering
 * the chunk's first address, whose key slot holds the block's length
 * instead (its key would be 0, and a search never compares its first
 * element), then the ranges starting inside the chunk.  A search never
 * leaves its block.
 */
#define DIRECT		0x80000000u
#define DIRECT_NONE	0x7fffffffu

static uint32_t
direct(uint32_t route)
{
	return DIRECT | (route == PTAB_NONE ? DIRECT_NONE : route);
}

/* Walk chunk by chunk: for chunk c (first address cs, one past the last
   ce), *j is left at the range covering cs and *k one past the last
   range starting before ce. */
static void
chunk_span(const struct rlist *rl, u128 cs, u128 ce, int last, size_t *j,
    size_t *k)
{
	while (*j + 1 < rl->n && rl->start[*j + 1] <= cs)
		(*j)++;
	*k = *j + 1;
	while (*k < rl->n && (last || rl->start[*k] < ce))
		(*k)++;
}

/* The IPv4 index's width: about 2 chunks a range, within
   D4_MIN..D4_MAX bits. */
static int
d4_for(size_t nranges)
{
	int d = D4_MIN;

	while (d < D4_MAX && ((size_t)1 << d) < nranges * 2)
		d++;
	return d;
}

static void
chunk4(struct built *bt, const struct rlist *rl)
{
	int d4 = bt->d4 = d4_for(rl->n);
	size_t nchunk = (size_t)1 << d4, j = 0, k, cap = 0, n = 0;

	bt->idx4 = xmalloc(nchunk * sizeof(*bt->idx4));
	bt->key4 = NULL;
	bt->rt4 = NULL;
	for (size_t c = 0; c < nchunk; c++) {
		u128 cs = (u128)c << (32 - d4);

		chunk_span(rl, cs, cs + ((u128)1 << (32 - d4)),
		    c + 1 == nchunk, &j, &k);
		if (k == j + 1) {
			bt->idx4[c] = direct(rl->route[j]);
			continue;
		}
		if (cap < n + (k - j)) {
			cap = grow_cap(cap, n + (k - j));
			bt->key4 = xreallocarray(bt->key4, cap,
			    sizeof(*bt->key4));
			bt->rt4 = xreallocarray(bt->rt4, cap,
			    sizeof(*bt->rt4));
		}
		bt->idx4[c] = (uint32_t)n;
		bt->key4[n] = (uint32_t)(k - j);
		bt->rt4[n++] = rl->route[j];
		for (size_t i = j + 1; i < k; i++) {
			bt->key4[n] = (uint32_t)(rl->start[i] - cs);
			bt->rt4[n++] = rl->route[i];
		}
		j = k - 1;
	}
	bt->nranges4 = n;
}

/* The IPv6 index's width: about 2 chunks a range, within D6_MIN..D6_MAX
   bits (ptab_open accepts those).  Wider ones (4 to 32 chunks a range,
   up to 24 bits) took bench/lpm.sh's generated table no faster (35-37 M
   batch lookups/s each) and make the open's index check longer. */
#define D6_MIN	8
#define D6_MAX	20

static int
d6_for(size_t nranges)
{
	int d = D6_MIN;

	while (d < D6_MAX && ((size_t)1 << d) < nranges * 2)
		d++;
	return d;
}

/*
 * The IPv6 index's base: the longest common prefix of the IPv6 routes
 * e[0..n) (sorted), at most 64 bits: that of the first route's first
 * address and the highest last address of any route, since every route
 * lies between the two.  It is no longer than the shortest route, and
 * 0 for no routes or ::/0.  Every routed address lies in 2000::/3, so
 * an index keyed from bit 0 would spend nearly all its entries on space
 * no route covers; keyed below the base, every entry is of use.
 */
static int
base6_for(const struct bentry *e, size_t n, u128 *base)
{
	u128 first, last = 0, x;
	int len = 0;

	*base = 0;
	if (n == 0)
		return 0;
	first = addr_num(e[0].addr, 1);
	for (size_t i = 0; i < n; i++) {
		u128 host = e[i].plen == 0 ? ~(u128)0 : e[i].plen >= 128 ?
		    0 : ((u128)1 << (128 - e[i].plen)) - 1;
		u128 end = addr_num(e[i].addr, 1) | host;

		last = end > last ? end : last;
	}
	x = first ^ last;
	while (len < 64 && ((x >> (127 - len)) & 1) == 0)
		len++;
	if (len > 0)
		*base = first & ~(((u128)1 << (128 - len)) - 1);
	return len;
}

/*
 * IPv6 index entries: DIRECT with NODE6 clear is a route (30 bits,
 * DIRECT6_NONE for none); DIRECT with NODE6 set is a node, 2^s entries
 * of the same kind indexed by the next s bits of the address (s - 1 in
 * bits 26-29, the node's first entry in node6 in the low 26); an entry
 * without DIRECT is a leaf: its kind in bits 29-30, its number among
 * the leaves of that kind in the low 29.
 *
 * A leaf holds a chunk's ranges whole: the start keys of all but the
 * first (which covers the chunk's first address) and the routes of all,
 * in one of three kinds:
 *
 *   L32   one 64-byte line, up to 8 ranges: 7 keys of 32 bits (words
 *         0-6), 8 routes (words 7-14);
 *   L64   one line, up to 6 ranges: 5 keys of 64 bits (words 0-9), 6
 *         routes (words 10-15);
 *   L128  two lines, up to 7 ranges: 6 keys of 128 bits, each its high
 *         then its low 64 bits (words 0-23), 7 routes (words 24-30).
 *
 * An L32 or L64 key is bits pos .. pos + 31 (or 63) of a range's start,
 * pos being the chunk's prefix length (its bits above pos are the
 * chunk's, the address's too); a chunk gets the narrowest kind whose
 * keys hold every bit its starts have set (their bits past the key are
 * zero, so that comparing the address's same bits decides exactly),
 * and L128 keys are whole starts.  The keys past the ranges are all
 * ones and the routes past them copies of the last: a lookup counts
 * the keys at or below the address over every slot, without a branch
 * or the block's length, and the count names its route (an address
 * that reaches a padding key lies in the last range anyway).  So a
 * leaf costs one cache line (L128: two) where the version 3 blocks (keys
 * in two 64-bit arrays, the routes in a third) took four on average, and
 * a lookup that passes one node reads three lines in all.
 *
 * A chunk of more ranges than any kind fitting its keys holds gets a
 * node (while bits remain).  A node's width s follows its chunk's
 * ranges (about an entry a range, up to S6_MAX bits), so that nearly
 * every lookup ends one node down: a fixed 6 bits (64 entries) left 40%
 * of the lookups on bench/lpm.sh's generated table two or three nodes
 * down (13-16 M lookups/s before the batch was staged; fixed 8 bits gave
 * about 16 M/s but a 40 MB file for 1M prefixes, 4 bits 11-14 M/s).
 * With version 3's blocks a node had about two entries a range; with
 * leaves of 6 to 8 ranges one is enough: that table's file 9% smaller,
 * its batch lookups about 1% faster.
 * Nodes are laid out in the order they are made, a child after the
 * entry that names it, which ptab_open checks so that no walk can loop.
 */
#define NODE6		0x40000000u
#define DIRECT6_NONE	0x3fffffffu
#define NODE6_OFF	((1u << 26) - 1)
#define S6_MAX		12
#define LEAF6_OFF	((1u << 29) - 1)

enum { L32, L64, L128, NLEAF };

/* Per kind: a leaf's 32-bit words, the ranges it holds, its keys' width
   in bits, the word of its first route. */
static const int leaf_words[NLEAF] = { 16, 16, 32 };
static const int leaf_cap[NLEAF] = { 8, 6, 7 };
static const int leaf_bits[NLEAF] = { 32, 64, 128 };
static const int leaf_rt[NLEAF] = { 7, 10, 24 };

static int
node6_bits(uint32_t e)
{
	return (int)((e >> 26) & 15) + 1;
}

static uint32_t
direct6(uint32_t route)
{
	return DIRECT | (route == PTAB_NONE ? DIRECT6_NONE : route);
}

/* Trailing zero bits of x (128 for 0). */
static int
ctz128(u128 x)
{
	uint64_t lo = (uint64_t)x, hi = (uint64_t)(x >> 64);

	if (lo != 0)
		return __builtin_ctzll(lo);
	return hi != 0 ? 64 + __builtin_ctzll(hi) : 128;
}

/* The kind of leaf that holds rl's ranges j..k - 1 of the chunk at bit
   pos, or -1 when none does. */
static int
leaf6_kind(const struct rlist *rl, int pos, size_t j, size_t k)
{
	int need = 0;

	if (k - j > (size_t)leaf_cap[L32])	/* no kind holds more */
		return -1;
	/* bits past pos that the starts have set */
	for (size_t i = j + 1; i < k; i++) {
		int b = 128 - ctz128(rl->start[i]) - pos;

		need = b > need ? b : need;
	}
	for (int kind = L32; kind < NLEAF; kind++)
		if (need <= leaf_bits[kind] && k - j <= (size_t)leaf_cap[kind])
			return kind;
	return -1;
}

/* A leaf of the kind for rl's ranges j..k - 1 of the chunk at bit pos;
   its entry. */
static uint32_t
leaf6_make(struct built *bt, const struct rlist *rl, int kind, int pos,
    size_t j, size_t k)
{
	size_t n = bt->nleaf6[kind], m = k - j, nw = (size_t)leaf_words[kind];
	uint32_t *w;

	if (n > LEAF6_OFF)
		die("prefix table too large");
	GROW(bt->leaf6[kind], (n + 1) * nw, bt->capleaf6[kind]);
	w = bt->leaf6[kind] + n * nw;
	memset(w, 0xff, nw * sizeof(*w));	/* padding keys */
	for (int i = 0; i < leaf_cap[kind]; i++)
		w[leaf_rt[kind] + i] = rl->route[j + ((size_t)i < m ?
		    (size_t)i : m - 1)];
	for (size_t i = 1; i < m; i++) {
		u128 s = rl->start[j + i], rel = s << pos;

		if (kind == L32)
			w[i - 1] = (uint32_t)(rel >> 96);
		else if (kind == L64) {
			uint64_t x = (uint64_t)(rel >> 64);

			memcpy(w + 2 * (i - 1), &x, 8);
		} else {
			uint64_t x[2] = { (uint64_t)(s >> 64), (uint64_t)s };

			memcpy(w + 4 * (i - 1), x, 16);
		}
	}
	bt->nleaf6[kind] = n + 1;
	return (uint32_t)kind << 29 | (uint32_t)n;
}

/* Whether each of the 2^s children of the chunk at cs, pos (rl's ranges
   from j on) is inside one range or fits a leaf. */
static int
children_fit(const struct rlist *rl, u128 cs, int pos, int s, size_t j)
{
	u128 size = (u128)1 << (128 - pos - s);

	for (uint32_t c = 0; c < (1u << s); c++) {
		u128 ccs = cs + ((u128)c << (128 - pos - s));
		size_t k;

		chunk_span(rl, ccs, ccs + size, ccs + size == 0, &j, &k);
		if (k > j + 1 && leaf6_kind(rl, pos + s, j, k) < 0)
			return 0;
		j = k - 1;
	}
	return 1;
}

/*
 * The width of the node for the chunk at cs, pos (rl's ranges from j
 * on), s0 bits by its ranges' count: up to WIDER6 bits more where that
 * lets every child end in a leaf or a route, so that a lookup passes one
 * node, not two.  Ranges that cluster (a /128 inside a /64 inside a /48)
 * stay in one child of a node of s0 bits, and where they need L128 keys
 * that child needed another node: with s0 alone, 1.7% of the lookups
 * on bench/lpm.sh's generated table went two or three nodes down, and
 * most groups of 64 (lookup6_group()) took an extra round for them; up
 * to 2 bits more left 0.23%, 3 0.06% (the file 1.5% larger, the batch
 * 60 -> 62 M lookups/s).
 */
#define WIDER6	3

static int
node6_width(const struct rlist *rl, u128 cs, int pos, int s0, size_t j)
{
	for (int s = s0; s <= s0 + WIDER6 && s <= S6_MAX && s <= 128 - pos;
	    s++)
		if (children_fit(rl, cs, pos, s, j))
			return s;
	return s0;
}

/*
 * The entry for the chunk [cs, cs + 2^(128 - pos)): *j is the range
 * covering cs on entry and the one covering the chunk's last address on
 * return.
 */
static uint32_t
entry6(struct built *bt, const struct rlist *rl, u128 cs, int pos,
    size_t *j)
{
	u128 size = pos == 0 ? 0 : (u128)1 << (128 - pos);
	int last = cs + size == 0;	/* the chunk ends the space */
	size_t k;
	uint32_t node;
	int s, kind;

	chunk_span(rl, cs, cs + size, last, j, &k);
	if (k == *j + 1)
		return direct6(rl->route[*j]);
	/* a chunk of one address (pos 128) has one range */
	if ((kind = leaf6_kind(rl, pos, *j, k)) >= 0) {
		uint32_t e = leaf6_make(bt, rl, kind, pos, *j, k);

		*j = k - 1;
		return e;
	}
	for (s = 1; s < S6_MAX && ((size_t)1 << s) < k - *j; s++)
		;
	if (s > 128 - pos)
		s = 128 - pos;
	s = node6_width(rl, cs, pos, s, *j);
	node = (uint32_t)bt->nnodes6;
	bt->nnodes6 += (size_t)1 << s;
	if (bt->nnodes6 > (size_t)NODE6_OFF + 1)
		die("prefix table too large");
	GROW(bt->node6, bt->nnodes6, bt->capnode6);
	for (uint32_t c = 0; c < (1u << s); c++) {
		uint32_t e = entry6(bt, rl, cs + ((u128)c << (128 - pos - s)),
		    pos + s, j);

		bt->node6[node + c] = e;
	}
	return DIRECT | NODE6 | (uint32_t)(s - 1) << 26 | node;
}

/* The IPv6 index: chunk c is the base's c-th sub-prefix of blen6 + d6
   bits; the ranges before and after the base are in no chunk. */
static void
chunk6(struct built *bt, const struct rlist *rl)
{
	size_t nchunk, j = 0;
	int pos;

	bt->d6 = d6_for(rl->n);
	bt->nranges6 = rl->n;
	pos = bt->blen6 + bt->d6;
	nchunk = (size_t)1 << bt->d6;
	bt->idx6 = xmalloc(nchunk * sizeof(*bt->idx6));
	for (size_t c = 0; c < nchunk; c++)
		bt->idx6[c] = entry6(bt, rl, bt->base6 + ((u128)c <<
		    (128 - pos)), pos, &j);
}

static void
built_free(struct built *bt)
{
	free(bt->addr4);
	free(bt->addr6);
	free(bt->plen);
	free(bt->rset);
	free(bt->setoff);
	free(bt->setasn);
	free(bt->hslot);
	free(bt->idx4);
	free(bt->rt4);
	free(bt->key4);
	free(bt->idx6);
	for (int k = 0; k < NLEAF; k++)
		free(bt->leaf6[k]);
	free(bt->node6);
}

/*
 * Sort the entries and unite the duplicates of a prefix into one entry
 * with the sorted, distinct origins of all of them (a new pool).  Adding
 * after this is fine: the next call sorts and unites again.
 */
static void
finish(struct ptab_builder *b)
{
	uint32_t *pool = NULL, *tmp = NULL;
	size_t npool = 0, cpool = 0, ctmp = 0, w = 0;

	if (b->finished)
		return;
	if (b->n > 0)
		qsort(b->e, b->n, sizeof(*b->e), bentry_cmp);
	for (size_t i = 0; i < b->n;) {
		size_t j = i, m = 0, u = 0;
		struct bentry ne = b->e[i];

		while (j < b->n && bentry_cmp(&b->e[i], &b->e[j]) == 0) {
			GROW(tmp, m + b->e[j].nasn, ctmp);
			memcpy(tmp + m, bentry_asns(b, &b->e[j]),
			    b->e[j].nasn * sizeof(*tmp));
			m += b->e[j].nasn;
			j++;
		}
		qsort(tmp, m, sizeof(*tmp), u32_cmp);
		for (size_t k = 0; k < m; k++)
			if (u == 0 || tmp[u - 1] != tmp[k])
				tmp[u++] = tmp[k];
		ne.nasn = (uint32_t)u;
		if (u == 1)
			ne.asn = tmp[0];
		else {
			GROW(pool, npool + u, cpool);
			memcpy(pool + npool, tmp, u * sizeof(*tmp));
			ne.asn = (uint32_t)npool;
			npool += u;
		}
		b->e[w++] = ne;
		i = j;
	}
	free(tmp);
	free(b->pool);
	b->pool = pool;
	b->npool = npool;
	b->cpool = cpool;
	b->n = w;
	b->finished = 1;
}

void
ptab_builder_each(struct ptab_builder *b, ptab_each_fn *fn, void *arg)
{
	finish(b);
	for (size_t i = 0; i < b->n; i++) {
		const struct bentry *e = &b->e[i];
		struct ipnet p;

		memset(&p, 0, sizeof(p));
		p.family = e->v6 ? AF_INET6 : AF_INET;
		memcpy(p.addr, e->addr, 16);
		p.plen = e->plen;
		fn(arg, &p, bentry_asns(b, e), e->nasn);
	}
}

size_t
ptab_builder_prefixes(struct ptab_builder *b)
{
	finish(b);
	return b->n;
}

void
ptab_builder_set_tag(struct ptab_builder *b, const char *tag)
{
	snprintf(b->tag, sizeof(b->tag), "%s", tag);
}

/* Number the routes and their sets, flatten, cut into chunks. */
static void
build(struct ptab_builder *b, struct built *bt)
{
	size_t n, nr;
	struct rlist rl4 = { 0 }, rl6 = { 0 };

	memset(bt, 0, sizeof(*bt));
	finish(b);
	n = b->n;
	if (n >= 0x3fffffff)	/* DIRECT6_NONE: route numbers fit 30 bits */
		die("prefix table too large");
	bt->plen = xmalloc(n + 1);
	bt->rset = xmalloc((n + 1) * sizeof(*bt->rset));
	bt->addr4 = xmalloc((n + 1) * sizeof(*bt->addr4));
	bt->addr6 = xmalloc(n * 16 + 1);
	for (nr = 0; nr < n; nr++) {
		const struct bentry *e = &b->e[nr];

		bt->plen[nr] = e->plen;
		bt->rset[nr] = intern_set(bt, bentry_asns(b, e), e->nasn);
		if (!e->v6) {
			bt->addr4[nr] = (uint32_t)addr_num(e->addr, 0);
			bt->nroutes4++;
		} else {
			memcpy(bt->addr6 + (nr - bt->nroutes4) * 16,
			    e->addr, 16);
			bt->nroutes6++;
		}
	}
	flatten(b->e, 0, bt->nroutes4, 0, &rl4);
	flatten(b->e + bt->nroutes4, bt->nroutes4, bt->nroutes6, 1, &rl6);
	bt->blen6 = base6_for(b->e + bt->nroutes4, bt->nroutes6, &bt->base6);
	chunk4(bt, &rl4);
	chunk6(bt, &rl6);
	free(rl4.start);
	free(rl4.route);
	free(rl6.start);
	free(rl6.route);
}

static int
write_all(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n > 0) {
		ssize_t w = write(fd, c, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

int
ptab_write(struct ptab_builder *b, const char *path, int64_t taken_at,
    struct dp_err *err)
{
	struct built bt;
	struct ptab_hdr h;
	const void *src[S_COUNT];
	unsigned char *buf;
	uint64_t off;
	char *tmp;
	int fd, rc = 0;

	build(b, &bt);
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, ptab_magic, sizeof(h.magic));
	h.version = PTAB_VERSION;
	h.byte_order = BYTE_ORDER_MARK;
	h.hdr_size = sizeof(h);
	h.d4 = (uint32_t)bt.d4;
	h.d6 = (uint32_t)bt.d6;
	h.base6 = (uint64_t)(bt.base6 >> 64);
	h.blen6 = (uint32_t)bt.blen6;
	h.taken_at = taken_at;
	memcpy(h.tag, b->tag, sizeof(h.tag));
	h.nroutes4 = bt.nroutes4;
	h.nroutes6 = bt.nroutes6;
	h.nsets = (uint32_t)bt.nsets;
	h.nasns = (uint32_t)bt.nasns;
	h.nranges4 = (uint32_t)bt.nranges4;
	h.nranges6 = (uint32_t)bt.nranges6;
	if (bt.nsets == 0) {
		/* setoff always has nsets + 1 entries */
		GROW(bt.setoff, 1, bt.csets);
		bt.setoff[0] = 0;
	}
	src[S_IDX4] = bt.idx4;
	h.len[S_IDX4] = (1ull << bt.d4) * 4;
	if (bt.d4 >= NARROW4) {
		/* 16-bit keys, in place */
		uint16_t *k16 = (uint16_t *)bt.key4;

		for (size_t i = 0; i < bt.nranges4; i++)
			k16[i] = (uint16_t)bt.key4[i];
		h.len[S_KEY4] = bt.nranges4 * 2ull;
	} else
		h.len[S_KEY4] = bt.nranges4 * 4ull;
	src[S_KEY4] = bt.key4;
	src[S_RT4] = bt.rt4;
	h.len[S_RT4] = bt.nranges4 * 4ull;
	src[S_IDX6] = bt.idx6;
	h.len[S_IDX6] = (1ull << bt.d6) * 4;
	for (int k = 0; k < NLEAF; k++) {
		src[S_LEAF32 + k] = bt.leaf6[k];
		h.len[S_LEAF32 + k] = bt.nleaf6[k] * 4ull * leaf_words[k];
		h.nleaf6[k] = (uint32_t)bt.nleaf6[k];
	}
	src[S_NODE6] = bt.node6;
	h.len[S_NODE6] = (uint64_t)bt.nnodes6 * 4;
	h.nnodes6 = (uint32_t)bt.nnodes6;
	src[S_ADDR4] = bt.addr4;
	h.len[S_ADDR4] = bt.nroutes4 * 4ull;
	src[S_ADDR6] = bt.addr6;
	h.len[S_ADDR6] = bt.nroutes6 * 16ull;
	src[S_PLEN] = bt.plen;
	h.len[S_PLEN] = (uint64_t)bt.nroutes4 + bt.nroutes6;
	src[S_RSET] = bt.rset;
	h.len[S_RSET] = ((uint64_t)bt.nroutes4 + bt.nroutes6) * 4;
	src[S_SETOFF] = bt.setoff;
	h.len[S_SETOFF] = (bt.nsets + 1) * 4ull;
	src[S_SETASN] = bt.setasn;
	h.len[S_SETASN] = bt.nasns * 4ull;
	off = sizeof(h);
	for (int s = 0; s < S_COUNT; s++) {
		off = (off + ALIGN - 1) & ~(uint64_t)(ALIGN - 1);
		h.off[s] = off;
		off += h.len[s];
	}
	h.file_size = off;
	/* the whole file in memory: the checksum covers it, and one write
	   is the fastest way out */
	buf = xcalloc(1, (size_t)off);
	for (int s = 0; s < S_COUNT; s++)
		if (h.len[s] > 0)
			memcpy(buf + h.off[s], src[s], (size_t)h.len[s]);
	memcpy(buf, &h, sizeof(h));
	h.checksum = file_sum(buf, (size_t)off);
	memcpy(buf, &h, sizeof(h));
	built_free(&bt);

	tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		rc = dp_fail(err, DP_EX_CANTCREAT, "cannot create %s: %s",
		    tmp, strerror(errno));
		goto out;
	}
	if (write_all(fd, buf, (size_t)off) != 0 || fsync(fd) != 0) {
		rc = dp_fail(err, DP_EX_IOERR, "cannot write %s: %s", tmp,
		    strerror(errno));
		close(fd);
		unlink(tmp);
		goto out;
	}
	if (close(fd) != 0) {
		rc = dp_fail(err, DP_EX_IOERR, "cannot write %s: %s", tmp,
		    strerror(errno));
		unlink(tmp);
		goto out;
	}
	if (rename(tmp, path) != 0) {
		rc = dp_fail(err, DP_EX_CANTCREAT, "cannot rename %s to %s: "
		    "%s", tmp, path, strerror(errno));
		unlink(tmp);
	}
out:
	free(tmp);
	free(buf);
	return rc;
}

/* ---- opening ---- */

/* The big-endian 64-bit number at p (an IPv6 address's half). */
static inline uint64_t
be64(const uint8_t *p)
{
	uint64_t x;

	memcpy(&x, p, 8);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	x = __builtin_bswap64(x);
#endif
	return x;
}


static int
damaged(struct dp_err *err, const char *path, const char *why)
{
	return dp_fail(err, DP_EX_DATAERR, "%s: not a usable prefix table "
	    "file: %s", path, why);
}

/*
 * Whether the chunk index v[0..n) names only routes lo..hi - 1 (or none)
 * and blocks inside the nranges ranges, each block's length being
 * len[its first range] (the IPv4 keys, or the IPv6 low keys; width 2,
 * 4 or 8 bytes).  Written without early exits or branches (every entry's
 * length slot is read, the first for a route's) so that the loop runs
 * at memory speed: opening checks a million entries.
 */
static inline int
index_ok_w(const uint32_t *v, size_t n, uint32_t lo, uint32_t hi,
    uint32_t nranges, const void *len, int width)
{
	uint32_t bad = 0;

	for (size_t c = 0; c < n; c++) {
		uint32_t e = v[c], r = e & ~DIRECT, blk = e < nranges;
		uint32_t i = blk ? e : 0, bd, bb;
		uint64_t l = width == 2 ? ((const uint16_t *)len)[i] :
		    width == 4 ? ((const uint32_t *)len)[i] :
		    ((const uint64_t *)len)[i];

		bd = (r != DIRECT_NONE) & ((r < lo) | (r >= hi));
		bb = !blk | (l < 2) | (l > nranges - i);
		bad |= (e & DIRECT) ? bd : bb;
	}
	return bad == 0;
}

static int
index_ok(const uint32_t *v, size_t n, uint32_t lo, uint32_t hi,
    uint32_t nranges, const void *len, int width)
{
	static const uint64_t nolen[1];

	if (nranges == 0)	/* no keys: every entry must be a route */
		return index_ok_w(v, n, lo, hi, 0, nolen, 8);
	if (width == 2)
		return index_ok_w(v, n, lo, hi, nranges, len, 2);
	if (width == 4)
		return index_ok_w(v, n, lo, hi, nranges, len, 4);
	return index_ok_w(v, n, lo, hi, nranges, len, 8);
}

/*
 * The same for IPv6 entries v[0..n): routes, leaves of a known kind
 * inside that kind's nleaf[kind] leaves, and nodes whose entries lie
 * inside the nnodes node entries, entry c's starting at first + c or
 * later (a node's entries come after the entry that names it).
 */
static int
index6_ok(const uint32_t *v, size_t n, uint32_t first, uint32_t nnodes,
    uint32_t lo, uint32_t hi, const uint32_t nleaf[NLEAF])
{
	/* the leaves of each kind, none of the fourth (bits 29-30 = 3) */
	const uint32_t lim[4] = { nleaf[L32], nleaf[L64], nleaf[L128], 0 };
	uint32_t bad = 0;

	for (size_t c = 0; c < n; c++) {
		uint32_t e = v[c], r = e & ~(DIRECT | NODE6);
		uint32_t off = e & NODE6_OFF, bn, bd, bl;

		bn = (first != 0 && off < first + c) |
		    ((uint64_t)off + (1u << node6_bits(e)) > nnodes);
		bd = (r != DIRECT6_NONE) & ((r < lo) | (r >= hi));
		bl = (e & LEAF6_OFF) >= lim[(e >> 29) & 3];
		bad |= (e & (DIRECT | NODE6)) == (DIRECT | NODE6) ? bn :
		    (e & DIRECT) ? bd : bl;
	}
	return bad == 0;
}

/* Every route slot of the n leaves of kind at w is a route lo..hi - 1
   or PTAB_NONE (their keys need no check: out of order, they would only
   give wrong answers). */
static int
leaves_ok(const uint32_t *w, size_t n, int kind, uint32_t lo, uint32_t hi)
{
	uint32_t bad = 0;

	for (size_t i = 0; i < n; i++, w += leaf_words[kind])
		for (int j = leaf_rt[kind]; j < leaf_rt[kind] +
		    leaf_cap[kind]; j++)
			bad |= (w[j] != PTAB_NONE) & ((w[j] < lo) |
			    (w[j] >= hi));
	return bad == 0;
}

/* Whether the set offsets v[0..n] ascend from 0 to last, every set
   holding at least one origin. */
static int
sets_ok(const uint32_t *v, size_t n, uint32_t last)
{
	if (v[0] != 0 || v[n] != last)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (v[i + 1] <= v[i])
			return 0;
	return 1;
}

/* Every route number in v[0..n) is below nroutes or PTAB_NONE. */
static int
routes_ok(const uint32_t *v, size_t n, uint32_t lo, uint32_t hi)
{
	uint32_t bad = 0;

	for (size_t i = 0; i < n; i++)
		bad |= (v[i] != PTAB_NONE) & ((v[i] < lo) | (v[i] >= hi));
	return bad == 0;
}

static int
check(struct ptab *t, const char *path, struct dp_err *err)
{
	const struct ptab_hdr *h = t->h;
	uint64_t need[S_COUNT];
	uint32_t nr = h->nroutes4 + h->nroutes6;

	if (h->hdr_size != sizeof(*h) || h->d4 < D4_MIN || h->d4 > 24 ||
	    h->d6 < D6_MIN || h->d6 > D6_MAX || h->blen6 > 64)
		return damaged(err, path, "unknown layout");
	t->blen6 = (int)h->blen6;
	t->mask6 = h->blen6 == 0 ? 0 : ~(uint64_t)0 << (64 - h->blen6);
	t->base6 = h->base6;
	if ((h->base6 & ~t->mask6) != 0)
		return damaged(err, path, "bad IPv6 base");
	if (memchr(h->tag, '\0', sizeof(h->tag)) == NULL)
		return damaged(err, path, "bad tag");
	for (size_t i = 0; i < sizeof(h->pad); i++)
		if (h->pad[i] != 0)
			return damaged(err, path, "unknown header fields");
	if ((uint64_t)h->nroutes4 + h->nroutes6 >= PTAB_NONE)
		return damaged(err, path, "bad counts");
	need[S_IDX4] = (1ull << h->d4) * 4;
	need[S_KEY4] = h->nranges4 * (h->d4 >= NARROW4 ? 2ull : 4ull);
	need[S_RT4] = h->nranges4 * 4ull;
	need[S_IDX6] = (1ull << h->d6) * 4;
	for (int k = 0; k < NLEAF; k++)
		need[S_LEAF32 + k] = h->nleaf6[k] * 4ull * leaf_words[k];
	need[S_NODE6] = (uint64_t)h->nnodes6 * 4;
	need[S_ADDR4] = h->nroutes4 * 4ull;
	need[S_ADDR6] = h->nroutes6 * 16ull;
	need[S_PLEN] = nr;
	need[S_RSET] = nr * 4ull;
	need[S_SETOFF] = (h->nsets + 1) * 4ull;
	need[S_SETASN] = h->nasns * 4ull;
	for (int s = 0; s < S_COUNT; s++) {
		if (h->len[s] != need[s] || h->off[s] % ALIGN != 0 ||
		    h->off[s] < sizeof(*h) || h->off[s] > t->size ||
		    h->len[s] > t->size - h->off[s])
			return damaged(err, path, "bad section bounds");
	}
	t->idx4 = (const uint32_t *)(t->map + h->off[S_IDX4]);
	if (h->d4 >= NARROW4)
		t->key4 = (const uint16_t *)(t->map + h->off[S_KEY4]);
	else
		t->key4w = (const uint32_t *)(t->map + h->off[S_KEY4]);
	t->shift4 = 32 - (int)h->d4;
	t->rt4 = (const uint32_t *)(t->map + h->off[S_RT4]);
	t->idx6 = (const uint32_t *)(t->map + h->off[S_IDX6]);
	for (int k = 0; k < NLEAF; k++)
		t->leaf6[k] = (const uint32_t *)(t->map + h->off[S_LEAF32 +
		    k]);
	t->node6 = (const uint32_t *)(t->map + h->off[S_NODE6]);
	t->addr4 = (const uint32_t *)(t->map + h->off[S_ADDR4]);
	t->addr6 = t->map + h->off[S_ADDR6];
	t->plen = t->map + h->off[S_PLEN];
	t->rset = (const uint32_t *)(t->map + h->off[S_RSET]);
	t->setoff = (const uint32_t *)(t->map + h->off[S_SETOFF]);
	t->setasn = (const uint32_t *)(t->map + h->off[S_SETASN]);
	/* every index entry names a route, a block inside the ranges, a
	   node or a leaf, so that a search stays inside */
	t->shift6 = 64 - (int)h->d6;
	t->pos6 = t->blen6 + (int)h->d6;
	if (!index_ok(t->idx4, (size_t)1 << h->d4, 0, h->nroutes4,
	    h->nranges4, t->map + h->off[S_KEY4], h->d4 >= NARROW4 ? 2 : 4) ||
	    !index6_ok(t->idx6, (size_t)1 << h->d6, 0, h->nnodes6,
	    h->nroutes4, nr, h->nleaf6) ||
	    !index6_ok(t->node6, h->nnodes6, 1, h->nnodes6, h->nroutes4, nr,
	    h->nleaf6))
		return damaged(err, path, "bad range index");
	if (!routes_ok(t->rt4, h->nranges4, 0, h->nroutes4))
		return damaged(err, path, "bad route number");
	for (int k = 0; k < NLEAF; k++)
		if (!leaves_ok(t->leaf6[k], h->nleaf6[k], k, h->nroutes4, nr))
			return damaged(err, path, "bad route number");
	if (!sets_ok(t->setoff, h->nsets, h->nasns))
		return damaged(err, path, "bad origin sets");
	{
		uint32_t maxset = 0;
		uint8_t max4 = 0, max6 = 0;
		uint64_t out6 = 0;

		for (uint32_t r = 0; r < nr; r++)
			maxset = t->rset[r] > maxset ? t->rset[r] : maxset;
		for (uint32_t r = 0; r < h->nroutes4; r++)
			max4 = t->plen[r] > max4 ? t->plen[r] : max4;
		/* every IPv6 route inside the base: a lookup answers an
		   address outside it none without looking further */
		for (uint32_t r = h->nroutes4; r < nr; r++) {
			max6 = t->plen[r] > max6 ? t->plen[r] : max6;
			out6 |= ((be64(t->addr6 + (size_t)(r - h->nroutes4) *
			    16) ^ t->base6) & t->mask6) |
			    (t->plen[r] < h->blen6);
		}
		if ((nr > 0 && maxset >= h->nsets) || max4 > 32 ||
		    max6 > 128 || out6 != 0)
			return damaged(err, path, "bad route");
	}
	return 0;
}

int
ptab_open(const char *path, struct ptab **out, struct dp_err *err)
{
	struct ptab *t;
	struct stat st;
	struct ptab_hdr h;
	void *map;
	int fd, rc;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return dp_fail(err, errno == ENOENT ? DP_EX_NOINPUT :
		    DP_EX_IOERR, "cannot open %s: %s", path, strerror(errno));
	if (fstat(fd, &st) != 0) {
		rc = dp_fail(err, DP_EX_IOERR, "cannot read %s: %s", path,
		    strerror(errno));
		close(fd);
		return rc;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return damaged(err, path, "not a regular file");
	}
	if ((uint64_t)st.st_size < sizeof(h)) {
		close(fd);
		return damaged(err, path, "shorter than its header");
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE |
	    MAP_POPULATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return dp_fail(err, DP_EX_IOERR, "cannot map %s: %s", path,
		    strerror(errno));
	t = xcalloc(1, sizeof(*t));
	t->map = map;
	t->size = (size_t)st.st_size;
	t->h = map;
	memcpy(&h, map, sizeof(h));
	if (memcmp(h.magic, ptab_magic, sizeof(h.magic)) != 0)
		rc = damaged(err, path, "wrong magic");
	else if (h.byte_order != BYTE_ORDER_MARK)
		rc = damaged(err, path, "written on a machine of the other "
		    "byte order");
	else if (h.version != PTAB_VERSION)
		rc = dp_fail(err, DP_EX_DATAERR, "%s is a lookup file of %s "
		    "format (version %u; this depeer reads version %d)", path,
		    h.version < PTAB_VERSION ? "an older" : "a newer",
		    h.version, PTAB_VERSION);
	else if (h.file_size != (uint64_t)st.st_size)
		rc = damaged(err, path, "its size is not the size its header "
		    "claims (truncated or extended)");
	else {
		if (file_sum(t->map, t->size) != h.checksum)
			rc = damaged(err, path, "checksum mismatch");
		else
			rc = check(t, path, err);
	}
	if (rc != 0) {
		ptab_close(t);
		return rc;
	}
	*out = t;
	return 0;
}

void
ptab_close(struct ptab *t)
{
	if (t == NULL)
		return;
	munmap((void *)t->map, t->size);
	free(t);
}

int64_t
ptab_taken_at(const struct ptab *t)
{
	return t->h->taken_at;
}

uint32_t
ptab_nroutes(const struct ptab *t)
{
	return t->h->nroutes4 + t->h->nroutes6;
}

uint32_t
ptab_nroutes4(const struct ptab *t)
{
	return t->h->nroutes4;
}

uint32_t
ptab_nsets(const struct ptab *t)
{
	return t->h->nsets;
}

const char *
ptab_tag(const struct ptab *t)
{
	return t->h->tag;
}

void
ptab_checksum_hex(const struct ptab *t, char out[17])
{
	snprintf(out, 17, "%016llx", (unsigned long long)t->h->checksum);
}

/* ---- lookups ---- */

/* A direct index entry's route. */
static inline uint32_t
direct_route(uint32_t e)
{
	e &= ~DIRECT;
	return e == DIRECT_NONE ? PTAB_NONE : e;
}

/* The last of block base's keys at or below k: its length is in
   keys[base], its first element is taken as below k.  wide: 32-bit keys
   (a constant where it is inlined, so each loop has one kind). */
static inline uint32_t
search4(const struct ptab *t, uint32_t base, uint32_t k, int wide)
{
	uint32_t n = wide ? t->key4w[base] : t->key4[base];

	while (n > 1) {
		uint32_t half = n >> 1, key = wide ? t->key4w[base + half] :
		    t->key4[base + half];

		base = key <= k ? base + half : base;
		n -= half;
	}
	return t->rt4[base];
}

/* sh: 32 - the index's width (a constant where it is inlined for the
   widest index, which a full table has: a shift by a variable cost the
   batch about 6%). */
static inline uint32_t
lookup4(const struct ptab *t, uint32_t addr, int wide, int sh)
{
	uint32_t e = t->idx4[addr >> sh];

	if (e & DIRECT)
		return direct_route(e);
	return search4(t, e, addr & ((1u << sh) - 1), wide);
}

uint32_t
ptab_lookup4(const struct ptab *t, uint32_t addr)
{
	if (t->key4w != NULL)
		return lookup4(t, addr, 1, t->shift4);
	if (t->shift4 == 32 - D4_MAX)
		return lookup4(t, addr, 0, 32 - D4_MAX);
	return lookup4(t, addr, 0, t->shift4);
}

/* Addresses ahead that the batch calls prefetch the index entry of. */
#define AHEAD	16

static inline void
batch4(const struct ptab *t, const uint32_t *addr, uint32_t *route,
    size_t n, int wide, int sh)
{
	const uint32_t *idx = t->idx4;
	size_t i = 0;

	for (; i + AHEAD < n; i++) {
		__builtin_prefetch(&idx[addr[i + AHEAD] >> sh]);
		route[i] = lookup4(t, addr[i], wide, sh);
	}
	for (; i < n; i++)
		route[i] = lookup4(t, addr[i], wide, sh);
}

void
ptab_lookup4_batch(const struct ptab *t, const uint32_t *addr,
    uint32_t *route, size_t n)
{
	if (t->key4w != NULL)
		batch4(t, addr, route, n, 1, t->shift4);
	else if (t->shift4 == 32 - D4_MAX)
		batch4(t, addr, route, n, 0, 32 - D4_MAX);
	else
		batch4(t, addr, route, n, 0, t->shift4);
}

/* The leaf of entry e (without DIRECT; ptab_open refused a fourth
   kind). */
static inline const uint32_t *
leaf6_at(const struct ptab *t, uint32_t e)
{
	uint32_t kind = e >> 29 & 3;

	return t->leaf6[kind] + (size_t)(e & LEAF6_OFF) * (kind == L128 ?
	    32 : 16);
}

/* Key i of an L64 leaf w, of an L128 one. */
static inline uint64_t
key64(const uint32_t *w, int i)
{
	return load64((const unsigned char *)(w + 2 * i));
}

static inline u128
key128(const uint32_t *w, int i)
{
	return (u128)load64((const unsigned char *)(w + 4 * i)) << 64 |
	    load64((const unsigned char *)(w + 4 * i + 2));
}

/*
 * The route of leaf e (an entry without DIRECT, see entry6()) for the
 * address a, the leaf's chunk being at bit pos: the number of its keys
 * at or below the address's same bits, counted over every slot without
 * a branch (a data-dependent branch mispredicted costs more than the
 * few compares), names the route's slot.
 */
static inline uint32_t
leaf6_route(const struct ptab *t, uint32_t e, u128 a, int pos)
{
	uint32_t kind = e >> 29 & 3;
	const uint32_t *w = leaf6_at(t, e);
	u128 x = a << (pos & 127);	/* pos is below 128 but in a crafted
					   file */

	/* the counts written out: GCC at -O2 kept them as loops, at five
	   instructions a key instead of two */
	if (kind == L32) {
		uint32_t k = (uint32_t)(x >> 96);

		return w[7 + (w[0] <= k) + (w[1] <= k) + (w[2] <= k) +
		    (w[3] <= k) + (w[4] <= k) + (w[5] <= k) + (w[6] <= k)];
	}
	if (kind == L64) {
		uint64_t k = (uint64_t)(x >> 64);

		return w[10 + (key64(w, 0) <= k) + (key64(w, 1) <= k) +
		    (key64(w, 2) <= k) + (key64(w, 3) <= k) +
		    (key64(w, 4) <= k)];
	}
	return w[24 + (key128(w, 0) <= a) + (key128(w, 1) <= a) +
	    (key128(w, 2) <= a) + (key128(w, 3) <= a) + (key128(w, 4) <= a) +
	    (key128(w, 5) <= a)];
}

/* An IPv6 entry that is not a node: its route. */
static inline uint32_t
leaf6(const struct ptab *t, uint32_t e, u128 a, int pos)
{
	if (!(e & DIRECT))
		return leaf6_route(t, e, a, pos);
	e &= ~DIRECT;
	return e == DIRECT6_NONE ? PTAB_NONE : e;
}

/* The node entry under e (a node of s bits) for the address, at bit
   pos (pos + s <= 128). */
static inline const uint32_t *
child6(const struct ptab *t, uint32_t e, u128 a, int pos, int s)
{
	return &t->node6[(e & NODE6_OFF) +
	    (uint32_t)((a >> (128 - pos - s)) & ((1u << s) - 1))];
}

/* What an address outside the base reads in place of an index entry. */
static const uint32_t none6 = DIRECT | DIRECT6_NONE;

/*
 * The index entry of the address a: bits blen6 .. pos6 - 1 of it name
 * the entry; an address outside the base (no route covers it) gets
 * none6, without a branch.
 */
static inline const uint32_t *
index6(const struct ptab *t, u128 a)
{
	uint64_t below = (uint64_t)(a << t->blen6 >> 64);
	const uint32_t *e = &t->idx6[below >> t->shift6];

	return (((uint64_t)(a >> 64) ^ t->base6) & t->mask6) != 0 ? &none6 :
	    e;
}

/* The address at p (network byte order) as a number. */
static inline u128
addr6(const uint8_t p[16])
{
	return (u128)be64(p) << 64 | be64(p + 8);
}

static inline uint32_t
lookup6(const struct ptab *t, u128 a)
{
	uint32_t e = *index6(t, a);
	int pos = t->pos6;

	while ((e & (DIRECT | NODE6)) == (DIRECT | NODE6)) {
		int s = node6_bits(e);

		if (pos + s > 128)	/* only a crafted file */
			return PTAB_NONE;
		e = *child6(t, e, a, pos, s);
		pos += s;
	}
	return leaf6(t, e, a, pos);
}

uint32_t
ptab_lookup6(const struct ptab *t, const uint8_t addr[16])
{
	return lookup6(t, addr6(addr));
}

/*
 * The IPv6 batch works on groups of G6 addresses in stages, each stage
 * taking one step of every lookup of the group and prefetching what its
 * next step reads: the index entries, then the nodes' entries (a round
 * for each level, as many rounds as the deepest lookup of the group
 * needs: a lookup already at its leaf re-reads its entry, which costs
 * less than the mispredicted branch that would skip it), then the
 * leaves (a cache line or two each).  By the time a lookup's next step
 * comes round, its line has had the rest of the group's time to arrive,
 * so the group's cache misses overlap instead of following each other.
 */
/* 64: a stage's prefetches have the time of 63 other lookups' steps to
   arrive.  With version 3's blocks, 16 gave 33-35 M/s on bench/lpm.sh's
   table, 32 36-39, 64 no more than 32; with leaves of a line and the
   addresses prefetched, 16 gave 50-51 M/s, 32 53-54, 64 55-56, 128
   57-58 (min CPU time of 8 runs of 2M lookups each), and in
   lpm-driver's 10M lookups 32 gave 48-51, 64 52-54. */
#define G6	64
/* The index stage prefetches the addresses PF6 ahead (two groups): a
   group reads its lines of addresses in one burst and then none for a
   long while, and the hardware's stream prefetch did not keep ahead of
   that (with groups of 32, a sixth of the batch's time sampled on that
   read; prefetched, 45 -> 50 M lookups/s in lpm-driver; one group
   ahead about the same, four no better). */
#define PF6	(2 * G6)
#define NODE_BITS	(DIRECT | NODE6)

/* A group of g lookups, addr[0..ahead) being the batch's rest. */
static void
lookup6_group(const struct ptab *t, const uint8_t (*addr)[16],
    uint32_t *route, size_t g, size_t ahead)
{
	u128 a[G6];
	const uint32_t *at[G6];
	uint32_t e[G6];
	int pos[G6], walking;

	for (size_t k = 0; k < g; k++) {
		if (k % 4 == 0 && k + PF6 < ahead)
			__builtin_prefetch(addr[k + PF6]);
		a[k] = addr6(addr[k]);
		at[k] = index6(t, a[k]);
		pos[k] = t->pos6;
		__builtin_prefetch(at[k]);
	}
	do {
		walking = 0;
		for (size_t k = 0; k < g; k++) {
			uint32_t x = *at[k];
			int s = node6_bits(x);
			int node = (x & NODE_BITS) == NODE_BITS &&
			    pos[k] + s <= 128;
			const uint32_t *c = child6(t, node ? x : NODE_BITS,
			    a[k], node ? pos[k] : 0, node ? s : 1);

			e[k] = x;
			at[k] = node ? c : at[k];
			pos[k] += node ? s : 0;
			walking |= node;
			__builtin_prefetch(at[k]);
		}
	} while (walking);
	for (size_t k = 0; k < g; k++) {
		if ((e[k] & NODE_BITS) == NODE_BITS)	/* a crafted file */
			e[k] = DIRECT | DIRECT6_NONE;
		if (!(e[k] & DIRECT)) {
			const uint32_t *w = leaf6_at(t, e[k]);

			/* an L128 leaf's second line (for the others, their
			   one line again: cheaper than a branch) */
			__builtin_prefetch(w);
			__builtin_prefetch(w + ((e[k] >> 29 & 3) == L128 ?
			    16 : 0));
		}
	}
	for (size_t k = 0; k < g; k++)
		route[k] = leaf6(t, e[k], a[k], pos[k]);
}

void
ptab_lookup6_batch(const struct ptab *t, const uint8_t (*addr)[16],
    uint32_t *route, size_t n)
{
	for (size_t i = 0; i < n; i += G6)
		lookup6_group(t, addr + i, route + i, n - i < G6 ? n - i :
		    G6, n - i);
}

uint32_t
ptab_lookup(const struct ptab *t, const struct ipnet *a)
{
	if (a->family == AF_INET)
		return ptab_lookup4(t, (uint32_t)a->addr[0] << 24 |
		    (uint32_t)a->addr[1] << 16 | (uint32_t)a->addr[2] << 8 |
		    a->addr[3]);
	return ptab_lookup6(t, a->addr);
}

void
ptab_route_prefix(const struct ptab *t, uint32_t route, struct ipnet *out)
{
	memset(out, 0, sizeof(*out));
	out->plen = t->plen[route];
	if (route < t->h->nroutes4) {
		uint32_t a = t->addr4[route];

		out->family = AF_INET;
		out->addr[0] = (unsigned char)(a >> 24);
		out->addr[1] = (unsigned char)(a >> 16);
		out->addr[2] = (unsigned char)(a >> 8);
		out->addr[3] = (unsigned char)a;
	} else {
		out->family = AF_INET6;
		memcpy(out->addr, t->addr6 + (size_t)(route -
		    t->h->nroutes4) * 16, 16);
	}
}

uint32_t
ptab_route_set(const struct ptab *t, uint32_t route)
{
	return t->rset[route];
}

size_t
ptab_set_origins(const struct ptab *t, uint32_t set, const uint32_t **asns)
{
	*asns = t->setasn + t->setoff[set];
	return t->setoff[set + 1] - t->setoff[set];
}

int
ptab_seal(void *buf, size_t len)
{
	struct ptab_hdr h;

	if (len < sizeof(h))
		return -1;
	memcpy(&h, buf, sizeof(h));
	h.file_size = len;
	memcpy(buf, &h, sizeof(h));
	h.checksum = file_sum(buf, len);
	memcpy(buf, &h, sizeof(h));
	return 0;
}

const void *
ptab_bytes(const struct ptab *t, size_t *len)
{
	*len = t->size;
	return t->map;
}

/* ---- the stored content ---- */

/* zstd's level for the content: 6 compresses a 12 MB listing of a
   512k-prefix table to about 2.5 MB in a few tenths of a second. */
#define CONTENT_LEVEL	6

struct ptab_content {
	struct buf	  raw;		/* the chunk being filled */
	struct buf	 *chunks;
	size_t		  n, cap;
	uint64_t	  bytes;
	struct sha256	 *h;
};

struct ptab_content *
ptab_content_new(void)
{
	struct ptab_content *c = xcalloc(1, sizeof(*c));

	buf_init(&c->raw);
	c->h = sha256_new();
	return c;
}

static void
flush_chunk(struct ptab_content *c)
{
	size_t bound = ZSTD_compressBound(c->raw.len), r;
	struct buf *z;

	if (c->raw.len == 0)
		return;
	GROW(c->chunks, c->n + 1, c->cap);
	z = &c->chunks[c->n++];
	buf_init(z);
	buf_grow(z, bound);
	r = ZSTD_compress(z->s, bound, c->raw.s, c->raw.len, CONTENT_LEVEL);
	if (ZSTD_isError(r))
		die("zstd: %s", ZSTD_getErrorName(r));
	z->len = r;
	buf_reset(&c->raw);
}

void
ptab_content_add(struct ptab_content *c, const void *data, size_t len)
{
	const char *p = data;

	sha256_update(c->h, data, len);
	c->bytes += len;
	while (len > 0) {
		size_t room = PTAB_CHUNK - c->raw.len, k = len < room ? len :
		    room;

		buf_add(&c->raw, p, k);
		p += k;
		len -= k;
		if (c->raw.len == PTAB_CHUNK)
			flush_chunk(c);
	}
}

void
ptab_content_finish(struct ptab_content *c, char sha[65])
{
	unsigned char d[SHA256_LEN];

	flush_chunk(c);
	sha256_final(c->h, d);
	sha256_hex(d, sha);
}

size_t
ptab_content_nchunks(const struct ptab_content *c)
{
	return c->n;
}

const void *
ptab_content_chunk(const struct ptab_content *c, size_t i, size_t *len)
{
	*len = c->chunks[i].len;
	return c->chunks[i].s;
}

uint64_t
ptab_content_bytes(const struct ptab_content *c)
{
	return c->bytes;
}

void
ptab_content_free(struct ptab_content *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->n; i++)
		buf_release(&c->chunks[i]);
	free(c->chunks);
	buf_release(&c->raw);
	sha256_free(c->h);
	free(c);
}

int
ptab_chunk_decode(const void *data, size_t len, struct buf *out,
    struct dp_err *err)
{
	unsigned long long n = ZSTD_getFrameContentSize(data, len);
	size_t fs = ZSTD_findFrameCompressedSize(data, len), r;

	if (n == ZSTD_CONTENTSIZE_ERROR || n == ZSTD_CONTENTSIZE_UNKNOWN ||
	    ZSTD_isError(fs) || fs != len)
		return dp_fail(err, DP_EX_DATAERR, "not one zstd frame");
	if (n > PTAB_CHUNK)
		return dp_fail(err, DP_EX_DATAERR, "a chunk of %llu bytes, "
		    "more than %u", n, PTAB_CHUNK);
	buf_grow(out, (size_t)n + 1);
	r = ZSTD_decompress(out->s + out->len, (size_t)n, data, len);
	if (ZSTD_isError(r) || r != n)
		return dp_fail(err, DP_EX_DATAERR, "corrupt zstd data: %s",
		    ZSTD_isError(r) ? ZSTD_getErrorName(r) : "short");
	out->len += r;
	out->s[out->len] = '\0';
	return 0;
}
