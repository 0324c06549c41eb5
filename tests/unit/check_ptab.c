/*
 * check_ptab.c - ptab.c: lookups checked against a brute-force scan for
 * the longest covering prefix, on a hand-made table with every boundary
 * (/0, /32, /128, nested, adjacent, longer than /64, multi-origin and
 * duplicate prefixes) and on random clustered tables, at every prefix's
 * first and last address and their neighbours, one by one and in
 * batches; the IPv6 index keyed below the routes' common prefix (long,
 * short, none, the 64-bit cap; addresses just outside it); IPv6 leaves
 * of each kind and fill, keys of exactly 32 and 64 bits and one more;
 * origin sets shared and united; and damaged files (truncated,
 * extended, a byte flipped anywhere, wrong magic or version, a bad IPv6
 * base, a leaf of no kind, past its kind's last, or with a route out of
 * range, empty) refused by ptab_open.
 */
#include <sys/socket.h>
#include <sys/stat.h>

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exitcodes.h"
#include "ptab.h"

Suite	*ptab_suite(void);

struct ref {
	struct ipnet	 p;
	uint32_t	 asn;
};

static char tmpdir[64];

static void
setup(void)
{
	strcpy(tmpdir, "/tmp/check_ptab.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void
teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	ck_assert_int_eq(system(cmd), 0);
}

static char *
tpath(const char *name)
{
	static char buf[128];

	snprintf(buf, sizeof(buf), "%s/%s", tmpdir, name);
	return buf;
}

static struct ipnet
P(const char *s)
{
	struct ipnet n;
	struct ipnet_perr pe;
	const char *what;

	if (strchr(s, '/') == NULL) {
		ck_assert_ptr_null(ipnet_parse_addr(s, strlen(s), &n, &what));
		return n;
	}
	ck_assert_msg(ipnet_parse_cidr(s, &n, &pe) == IPNET_OK, "%s", s);
	return n;
}

/* The longest of refs[0..n) covering a (its index), or -1. */
static int
brute(const struct ref *refs, size_t n, const struct ipnet *a)
{
	int best = -1;

	for (size_t i = 0; i < n; i++)
		if (ipnet_contains(&refs[i].p, a) && (best < 0 ||
		    refs[i].p.plen > refs[best].p.plen))
			best = (int)i;
	return best;
}

static uint32_t
v4num(const struct ipnet *a)
{
	return (uint32_t)a->addr[0] << 24 | (uint32_t)a->addr[1] << 16 |
	    (uint32_t)a->addr[2] << 8 | a->addr[3];
}

/* The table's answer for a agrees with the scan: the same prefix. */
static void
agree(const struct ptab *t, const struct ref *refs, size_t n,
    const struct ipnet *a)
{
	int b = brute(refs, n, a);
	uint32_t r = ptab_lookup(t, a), rb;
	char buf[IPNET_STRLEN], got[IPNET_STRLEN];
	struct ipnet q;

	ipnet_format_addr(a, buf, sizeof(buf));
	if (a->family == AF_INET)
		rb = ptab_lookup4(t, v4num(a));
	else
		rb = ptab_lookup6(t, a->addr);
	ck_assert_uint_eq(r, rb);
	if (b < 0) {
		ck_assert_msg(r == PTAB_NONE, "%s: matched, expected none",
		    buf);
		return;
	}
	ck_assert_msg(r != PTAB_NONE, "%s: no match", buf);
	ptab_route_prefix(t, r, &q);
	ipnet_format(&q, got, sizeof(got));
	ck_assert_msg(ipnet_compare(&q, &refs[b].p) == 0, "%s: got %s",
	    buf, got);
}

/* a's neighbours: one below and one above (within the family). */
static void
neighbours(const struct ipnet *a, struct ipnet *lo, struct ipnet *hi,
    int *has_lo, int *has_hi)
{
	int nb = a->family == AF_INET ? 4 : 16;
	int i;

	*lo = *a;
	*hi = *a;
	*has_hi = !ipnet_addr_inc(hi->addr, a->family);
	*has_lo = 0;
	for (i = nb - 1; i >= 0; i--)
		if (lo->addr[i] != 0)
			break;
	if (i >= 0) {
		*has_lo = 1;
		lo->addr[i]--;
		for (int j = i + 1; j < nb; j++)
			lo->addr[j] = 0xff;
	}
}

/* Check every boundary of every prefix in refs, and n random points. */
static void
check_all(const struct ptab *t, const struct ref *refs, size_t n,
    unsigned int seed, int nrandom)
{
	for (size_t i = 0; i < n; i++) {
		struct ipnet f, l, x, y;
		int hx, hy;

		f = refs[i].p;
		ipnet_first(&refs[i].p, f.addr);
		f.plen = ipnet_bits(f.family);
		l = f;
		ipnet_last(&refs[i].p, l.addr);
		agree(t, refs, n, &f);
		agree(t, refs, n, &l);
		neighbours(&f, &x, &y, &hx, &hy);
		if (hx)
			agree(t, refs, n, &x);
		neighbours(&l, &x, &y, &hx, &hy);
		if (hy)
			agree(t, refs, n, &y);
	}
	srand(seed);
	for (int i = 0; i < nrandom; i++) {
		struct ipnet a;

		memset(&a, 0, sizeof(a));
		if (i % 2 == 0 && n > 0) {
			/* inside or near a random prefix */
			const struct ref *r = &refs[rand() % (int)n];
			int nb = ipnet_bytes(r->p.family);

			a = r->p;
			for (int j = r->p.plen / 8; j < nb; j++)
				a.addr[j] = (unsigned char)rand();
		} else {
			a.family = i % 4 == 1 ? AF_INET : AF_INET6;
			for (int j = 0; j < ipnet_bytes(a.family); j++)
				a.addr[j] = (unsigned char)rand();
			if (a.family == AF_INET6 && i % 8 == 3)
				a.addr[0] = 0x20;
		}
		a.plen = ipnet_bits(a.family);
		agree(t, refs, n, &a);
	}
}

static struct ptab *
build(struct ref *refs, size_t n, const char *name)
{
	struct ptab_builder *b = ptab_builder_new();
	struct dp_err err = DP_ERR_INIT;
	struct ptab *t;

	for (size_t i = 0; i < n; i++)
		ptab_builder_add(b, &refs[i].p, &refs[i].asn, 1);
	ck_assert_int_eq(ptab_write(b, tpath(name), 1400000000, &err), 0);
	ptab_builder_free(b);
	ck_assert_msg(ptab_open(tpath(name), &t, &err) == 0, "%s", err.msg);
	return t;
}

static const char *const fixed[] = {
	"0.0.0.0/0", "10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24",
	"10.1.2.3/32", "10.1.2.4/32", "10.1.3.0/24", "10.2.0.0/15",
	"10.4.0.0/14", "11.0.0.0/8", "12.0.0.0/8", "12.0.0.0/9",
	"12.128.0.0/9", "255.255.255.255/32", "255.255.255.0/24",
	"0.0.0.0/32", "1.0.0.0/24", "1.0.1.0/24", "1.0.2.0/23",
	"208.66.192.0/22", "208.72.168.0/21", "208.72.173.0/24",
	"192.0.2.0/25", "192.0.2.128/25", "192.0.2.64/26",
	"::/0", "2001:db8::/32", "2001:db8::/48", "2001:db8:0:1::/64",
	"2001:db8:0:1::1/128", "2001:db8:0:1::2/127", "2001:db8:0:1:8000::/65",
	"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128", "::/128", "::1/128",
	"2a00::/12", "2a00:1000::/20", "2c0f:fff0::/32",
	"2001:db8:8000::/33", "2001:db9::/32",
};

START_TEST(test_boundaries)
{
	size_t n = ARRAY_SIZE(fixed);
	struct ref *refs = calloc(n, sizeof(*refs));
	struct ptab *t;

	for (size_t i = 0; i < n; i++) {
		refs[i].p = P(fixed[i]);
		refs[i].asn = (uint32_t)(64500 + i);
	}
	t = build(refs, n, "fixed.ptab");
	ck_assert_uint_eq(ptab_nroutes(t), n);
	ck_assert_int_eq(ptab_taken_at(t), 1400000000);
	check_all(t, refs, n, 1, 20000);
	/* without the defaults, the gaps answer none */
	ptab_close(t);
	t = build(refs + 1, n - 1, "nodefault.ptab");
	check_all(t, refs + 1, n - 1, 2, 20000);
	ptab_close(t);
	free(refs);
}
END_TEST

static void batch_agrees(const struct ptab *, const struct ref *, size_t);

/* A random table refs[0..n) (freed) built as name and checked with
   check_all() (and batch_agrees() with batch). */
static void
check_random(struct ref *refs, size_t n, const char *name,
    unsigned int seed, int batch)
{
	struct ptab *t;

	/* the scan and the table agree on duplicates: keep one */
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < i; j++)
			if (ipnet_compare(&refs[i].p, &refs[j].p) == 0)
				refs[i].asn = refs[j].asn;
	t = build(refs, n, name);
	check_all(t, refs, n, seed, 20000);
	if (batch)
		batch_agrees(t, refs, n);
	ptab_close(t);
	free(refs);
}

/* Clustered random tables: nested runs of prefixes in a few regions. */
START_TEST(test_random)
{
	for (int round = 0; round < 6; round++) {
		size_t n = 200 + (size_t)round * 300;
		struct ref *refs = calloc(n, sizeof(*refs));
		char name[32];

		srand(100 + (unsigned int)round);
		for (size_t i = 0; i < n; i++) {
			struct ipnet *p = &refs[i].p;
			int v6 = rand() % 3 == 0;

			memset(p, 0, sizeof(*p));
			p->family = v6 ? AF_INET6 : AF_INET;
			p->addr[0] = v6 ? 0x20 : (unsigned char)(rand() % 4);
			p->addr[1] = (unsigned char)(rand() % 3);
			for (int j = 2; j < (v6 ? 16 : 4); j++)
				p->addr[j] = (unsigned char)(rand() % 4 == 0 ?
				    rand() : 0);
			p->plen = v6 ? rand() % 129 : rand() % 33;
			if (round % 2 == 1 && p->plen < 8)
				p->plen = 8;
			ipnet_mask(p);
			refs[i].asn = (uint32_t)rand();
		}
		snprintf(name, sizeof(name), "r%d.ptab", round);
		check_random(refs, n, name, 7 + (unsigned int)round, 0);
	}
}
END_TEST

START_TEST(test_batch)
{
	struct ref refs[ARRAY_SIZE(fixed)];
	size_t n = ARRAY_SIZE(fixed), m = 5000;
	uint32_t *a4 = malloc(m * sizeof(*a4)), *r = malloc(m * sizeof(*r));
	uint8_t (*a6)[16] = malloc(m * sizeof(*a6));
	struct ptab *t;

	for (size_t i = 0; i < n; i++) {
		refs[i].p = P(fixed[i]);
		refs[i].asn = (uint32_t)i + 1;
	}
	t = build(refs, n, "batch.ptab");
	srand(3);
	for (size_t i = 0; i < m; i++) {
		a4[i] = (uint32_t)rand() << 1 ^ (uint32_t)rand();
		if (i % 3 == 0)
			a4[i] = 0x0a010200u | (a4[i] & 0x1ff);
		for (int j = 0; j < 16; j++)
			a6[i][j] = (uint8_t)rand();
		if (i % 2 == 0)
			memcpy(a6[i], "\x20\x01\x0d\xb8\x00\x00\x00\x01", 8);
	}
	/* every length up to past three of the IPv6 batch's groups */
	for (size_t len = 0; len <= m; len += len < 200 ? 1 : 997) {
		ptab_lookup4_batch(t, a4, r, len);
		for (size_t i = 0; i < len; i++)
			ck_assert_uint_eq(r[i], ptab_lookup4(t, a4[i]));
		ptab_lookup6_batch(t, (const uint8_t (*)[16])a6, r, len);
		for (size_t i = 0; i < len; i++)
			ck_assert_uint_eq(r[i], ptab_lookup6(t, a6[i]));
	}
	ptab_close(t);
	free(a4);
	free(a6);
	free(r);
}
END_TEST

/* Batch lookups of every prefix's edges and their neighbours, and of
   random addresses inside the first prefix, against one by one. */
static void
batch_agrees(const struct ptab *t, const struct ref *refs, size_t n)
{
	size_t m = 0, cap = n * 4 + 1000;
	uint8_t (*a)[16] = malloc(cap * sizeof(*a));
	uint32_t *r = malloc(cap * sizeof(*r));

	for (size_t i = 0; i < n; i++) {
		struct ipnet f = refs[i].p, l, x, y;
		int hx, hy;

		if (f.family != AF_INET6)
			continue;
		ipnet_first(&refs[i].p, f.addr);
		l = f;
		ipnet_last(&refs[i].p, l.addr);
		memcpy(a[m++], f.addr, 16);
		memcpy(a[m++], l.addr, 16);
		neighbours(&f, &x, &y, &hx, &hy);
		memcpy(a[m++], hx ? x.addr : f.addr, 16);
		neighbours(&l, &x, &y, &hx, &hy);
		memcpy(a[m++], hy ? y.addr : l.addr, 16);
	}
	while (m < cap) {
		memcpy(a[m], refs[0].p.addr, 16);
		for (int j = refs[0].p.plen / 8; j < 16; j++)
			a[m][j] = (uint8_t)rand();
		m++;
	}
	ptab_lookup6_batch(t, (const uint8_t (*)[16])a, r, m);
	for (size_t i = 0; i < m; i++)
		ck_assert_uint_eq(r[i], ptab_lookup6(t, a[i]));
	free(a);
	free(r);
}

/* refs from the prefixes s[0..n), origins 64500 on. */
static struct ref *
refs_of(const char *const *s, size_t n)
{
	struct ref *refs = calloc(n, sizeof(*refs));

	for (size_t i = 0; i < n; i++) {
		refs[i].p = P(s[i]);
		refs[i].asn = (uint32_t)(64500 + i);
	}
	return refs;
}

/*
 * The IPv6 index is keyed below the routes' common prefix: tables whose
 * routes share a long one (all inside 2001:db8::/32, with and without
 * the /32 itself, enough of them under one index entry for nodes), a
 * short one (2000::/3 and 3000::/4), none (::/0), and the longest (a
 * single /128, two /128s differing past bit 64: the base stops at 64
 * bits), each checked at every prefix's edges and their neighbours (the
 * addresses just outside the base on both sides) and at random, one by
 * one against the scan and in batches.
 */
static const char *const db8[] = {
	"2001:db8::/32", "2001:db8::/48", "2001:db8:0:1::/64",
	"2001:db8:0:1::1/128", "2001:db8:0:1::2/127", "2001:db8:1::/48",
	"2001:db8:1:2::/64", "2001:db8:1:3::/64", "2001:db8:1:4::/64",
	"2001:db8:1:5::/64", "2001:db8:1:6::/64", "2001:db8:1:7::/64",
	"2001:db8:1:8::/63", "2001:db8:1:a::/64", "2001:db8:1:b:8000::/65",
	"2001:db8:ffff::/48", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff/128",
	"2001:db8:8000::/33", "10.0.0.0/8",
};

START_TEST(test_base6)
{
	static const char *const inner[] = { "2001:db8:1:2::/64",
	    "2001:db8:1:3::/64", "2001:db8:1:3:4::/80",
	    "2001:db8:1:3:4::1/128" };
	static const char *const shortb[] = { "2000::/3", "3000::/4",
	    "2001:db8::/32", "3fff:ffff::/32", "2400::/12" };
	static const char *const nob[] = { "::/0", "2001:db8::/32",
	    "2001:db8::1/128" };
	static const char *const one[] = { "2001:db8::1/128" };
	static const char *const two[] = { "2001:db8::1/128",
	    "2001:db8::8000:0:0:1/128", "192.0.2.0/24" };
	static const char *const edge[] = { "::/128", "::1/128" };
	static const char *const top[] = {
	    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128", "ffff::/16" };
	const struct {
		const char *const *p;
		size_t n;
	} tabs[] = {
		{ db8, ARRAY_SIZE(db8) },
		{ db8 + 1, ARRAY_SIZE(db8) - 1 },
		{ inner, ARRAY_SIZE(inner) },
		{ shortb, ARRAY_SIZE(shortb) },
		{ nob, ARRAY_SIZE(nob) },
		{ one, ARRAY_SIZE(one) },
		{ two, ARRAY_SIZE(two) },
		{ edge, ARRAY_SIZE(edge) },
		{ top, ARRAY_SIZE(top) },
	};

	for (size_t k = 0; k < ARRAY_SIZE(tabs); k++) {
		struct ref *refs = refs_of(tabs[k].p, tabs[k].n);
		struct ptab *t;
		char name[32];

		snprintf(name, sizeof(name), "base%zu.ptab", k);
		t = build(refs, tabs[k].n, name);
		check_all(t, refs, tabs[k].n, 30 + (unsigned int)k, 5000);
		batch_agrees(t, refs, tabs[k].n);
		ptab_close(t);
		free(refs);
	}
}
END_TEST

static unsigned char *slurp(const char *, size_t *);
static void spit(const char *, const unsigned char *, size_t);
static void refused(const char *, const char *);

/* The header's IPv6 base (base6: a uint64 at 384, blen6: a uint32 at
   392, host order) damaged behind a good size and checksum. */
static void
base_damaged(const unsigned char *good, size_t len, size_t off,
    uint64_t val, int width, const char *why)
{
	unsigned char *bad = malloc(len);
	const char *p = tpath("badbase.ptab");

	memcpy(bad, good, len);
	if (width == 8)
		memcpy(bad + off, &val, 8);
	else {
		uint32_t v = (uint32_t)val;

		memcpy(bad + off, &v, 4);
	}
	ck_assert_int_eq(ptab_seal(bad, len), 0);
	spit(p, bad, len);
	refused(p, why);
	free(bad);
}

START_TEST(test_damaged_base6)
{
	struct ref *refs = refs_of(db8, ARRAY_SIZE(db8));
	struct ptab *t;
	unsigned char *good;
	size_t len;
	uint64_t base;
	uint32_t blen;

	t = build(refs, ARRAY_SIZE(db8), "db8.ptab");
	ptab_close(t);
	good = slurp(tpath("db8.ptab"), &len);
	memcpy(&base, good + 384, 8);
	memcpy(&blen, good + 392, 4);
	/* the table's base is 2001:db8::/32 */
	ck_assert_uint_eq(base, 0x20010db800000000ull);
	ck_assert_uint_eq(blen, 32);
	base_damaged(good, len, 392, 65, 4, "unknown layout");
	base_damaged(good, len, 392, 1u << 31, 4, "unknown layout");
	/* bits beyond the base's length */
	base_damaged(good, len, 384, base | 1, 8, "bad IPv6 base");
	base_damaged(good, len, 392, 16, 4, "bad IPv6 base");
	/* routes outside the base: another /32, a longer base */
	base_damaged(good, len, 384, 0x20010db900000000ull, 8, "bad route");
	base_damaged(good, len, 392, 33, 4, "bad route");
	base_damaged(good, len, 392, 28, 4, "bad IPv6 base");
	/* a shorter base the routes are inside: still a good file (the
	   index then names other chunks, so only wrong answers, never a
	   read out of bounds) */
	memcpy(good + 392, &(uint32_t){ 16 }, 4);
	memcpy(good + 384, &(uint64_t){ 0x2001000000000000ull }, 8);
	ck_assert_int_eq(ptab_seal(good, len), 0);
	spit(tpath("short.ptab"), good, len);
	{
		struct dp_err err = DP_ERR_INIT;
		uint8_t a[16] = { 0x20, 0x01, 0x0d, 0xb8 };

		ck_assert_int_eq(ptab_open(tpath("short.ptab"), &t, &err), 0);
		(void)ptab_lookup6(t, a);
		ptab_lookup6_batch(t, (const uint8_t (*)[16])a, &blen, 1);
		ptab_close(t);
	}
	free(good);
	free(refs);
}
END_TEST

/*
 * Random tables inside one /32, /48 or /64 (a long base), many prefixes
 * longer than /64, so that the index below the base has nodes and
 * blocks deciding on the low 64 bits.
 */
START_TEST(test_random_base6)
{
	static const int blen[] = { 32, 48, 64, 20 };

	for (int round = 0; round < 4; round++) {
		size_t n = 1500;
		struct ref *refs = calloc(n, sizeof(*refs));
		struct ipnet base = P("2001:db8:1234:5678::/64");
		char name[32];

		srand(200 + (unsigned int)round);
		for (size_t i = 0; i < n; i++) {
			struct ipnet *p = &refs[i].p;

			*p = base;
			for (int j = blen[round] / 8; j < 16; j++)
				p->addr[j] = (unsigned char)(rand() % 3 == 0 ?
				    rand() : rand() % 2);
			p->plen = blen[round] + rand() % (129 - blen[round]);
			ipnet_mask(p);
			refs[i].asn = (uint32_t)rand();
		}
		snprintf(name, sizeof(name), "rb%d.ptab", round);
		check_random(refs, n, name, 50 + (unsigned int)round, 1);
	}
}
END_TEST

typedef unsigned __int128 u128;

/* The IPv6 prefix a/plen, a as a number. */
static struct ipnet
net6(u128 a, int plen)
{
	struct ipnet n;

	memset(&n, 0, sizeof(n));
	n.family = AF_INET6;
	for (int i = 0; i < 16; i++)
		n.addr[i] = (unsigned char)(a >> (120 - 8 * i));
	n.plen = plen;
	return n;
}

/* The header's 32-bit field at off (host order). */
static uint32_t
hdr32(const unsigned char *img, size_t off)
{
	uint32_t v;

	memcpy(&v, img + off, 4);
	return v;
}

static uint64_t
hdr64(const unsigned char *img, size_t off)
{
	uint64_t v;

	memcpy(&v, img + off, 8);
	return v;
}

/* Header offsets (struct ptab_hdr): the IPv6 nodes' entries, the leaves
   of each kind (L32, L64, L128), and the sections' offsets (IPv6 index:
   section 3, the L32 leaves: 4). */
#define H_NNODES6	28
#define H_NLEAF6	396
#define H_OFF		80
#define SEC_IDX6	3
#define SEC_LEAF32	4

/*
 * A table of IPv6 leaves of one kind, each fill: inside 2001:db8::/32
 * (the base, so that the index of a small table cuts /40s), chunk
 * 2001:db8:m00::/40 gets m ranges, for m from 2 to one past what a leaf
 * of the kind holds: prefixes of len bits at odd multiples of their
 * size, so that their starts need exactly len - 40 bits below the
 * chunk's prefix (32 for /72: L32, 64 for /104: L64, 88 for /128: L128),
 * and for an even m one more at the chunk's first address.  Returns the
 * prefixes' count.
 */
static size_t
leaf_table(struct ref *refs, int len, int cap)
{
	u128 b32 = (u128)0x20010db8u << 96, u = (u128)1 << (128 - len);
	size_t n = 0;

	refs[n].p = net6(b32, 32);
	refs[n].asn = 64500;
	n++;
	for (int m = 2; m <= cap + 1; m++) {
		u128 cs = b32 | (u128)m << 88;
		int pairs = (m - 1) / 2;

		if (m % 2 == 0) {
			refs[n].p = net6(cs, len);
			refs[n].asn = (uint32_t)(65000 + n);
			n++;
			pairs = (m - 2) / 2;
		}
		for (int i = 0; i < pairs; i++) {
			refs[n].p = net6(cs + (u128)(4 * i + 3) * u, len);
			refs[n].asn = (uint32_t)(65000 + n);
			n++;
		}
	}
	return n;
}

/*
 * IPv6 leaves of every kind and fill, and one past (a full L64's range
 * more goes to an L128, one more than an L32 or L128 holds to a node),
 * with keys of exactly 32 and 64 bits and one bit more,
 * checked at every prefix's edges and their neighbours, at random, and
 * at each chunk's first and last address (the last's key bits all ones,
 * where a lookup counts the padding keys too), one by one against the
 * scan and in batches; the header's counts of leaves and nodes show
 * that each table has the shape meant.
 */
START_TEST(test_leaves6)
{
	static const struct {
		int len, cap;
		/* at least; -1: none, -2: any */
		int l32, l64, l128, nodes;
	} kinds[] = {
		/* keys of 32 bits, 33 (an L64), 64, 65 (an L128) */
		{ 72, 8, 7, -1, -1, 1 },
		{ 73, 6, -1, 5, 1, -1 },
		{ 104, 6, -1, 5, 1, -1 },
		{ 105, 7, -2, -2, 6, 1 },
		/* the 8 ranges of one more than an L128 holds lie within
		   13 addresses: nodes down to the last few bits, where
		   keys of 32 bits fit */
		{ 128, 7, -2, -2, 6, 1 },
	};

	for (size_t kd = 0; kd < ARRAY_SIZE(kinds); kd++) {
		struct ref refs[64];
		size_t n = leaf_table(refs, kinds[kd].len, kinds[kd].cap), len;
		int want[4] = { kinds[kd].l32, kinds[kd].l64, kinds[kd].l128,
		    kinds[kd].nodes };
		u128 b32 = (u128)0x20010db8u << 96;
		unsigned char *img;
		struct ptab *t;
		char name[32];

		snprintf(name, sizeof(name), "leaves%zu.ptab", kd);
		t = build(refs, n, name);
		check_all(t, refs, n, 60 + (unsigned int)kd, 5000);
		batch_agrees(t, refs, n);
		for (int m = 2; m <= kinds[kd].cap + 1; m++) {
			u128 cs = b32 | (u128)m << 88;
			struct ipnet f = net6(cs, 128), l = net6(cs |
			    (((u128)1 << 88) - 1), 128);

			agree(t, refs, n, &f);
			agree(t, refs, n, &l);
		}
		ptab_close(t);
		img = slurp(tpath(name), &len);
		for (int k = 0; k < 4; k++) {
			uint32_t got = hdr32(img, k < 3 ? H_NLEAF6 + 4 *
			    (size_t)k : H_NNODES6);

			if (want[k] == -1)
				ck_assert_msg(got == 0, "table %zu: %u of %d",
				    kd, got, k);
			else if (want[k] >= 0)
				ck_assert_msg(got >= (uint32_t)want[k],
				    "table %zu: %u of %d", kd, got, k);
		}
		free(img);
	}
}
END_TEST

/* img with the 32-bit word at off set to v, sealed, written to path. */
static void
poke_sealed(const unsigned char *img, size_t len, size_t off, uint32_t v,
    const char *path)
{
	unsigned char *bad = malloc(len);

	memcpy(bad, img, len);
	memcpy(bad + off, &v, 4);
	ck_assert_int_eq(ptab_seal(bad, len), 0);
	spit(path, bad, len);
	free(bad);
}

/*
 * IPv6 leaves damaged behind a good size and checksum: an index entry
 * naming a leaf of the fourth kind, none or past the last of its kind,
 * a leaf's route out of range: refused; a leaf's keys scrambled: only
 * wrong answers, so the file opens and lookups stay in bounds.
 */
START_TEST(test_damaged_leaf6)
{
	struct ref refs[64];
	size_t n = leaf_table(refs, 72, 8), len, ie = 0, lo;
	const char *p = tpath("badleaf.ptab");
	unsigned char *img;
	struct ptab *t;
	struct dp_err err = DP_ERR_INIT;
	uint32_t e = 0, nl;
	uint8_t a6[16];

	t = build(refs, n, "leaf.ptab");
	ptab_close(t);
	img = slurp(tpath("leaf.ptab"), &len);
	/* the first index entry that is a leaf (bit 31 clear) */
	for (size_t i = 0; i < 256; i++) {
		ie = (size_t)hdr64(img, H_OFF + 8 * SEC_IDX6) + 4 * i;
		e = hdr32(img, ie);
		if (!(e & 0x80000000u))
			break;
	}
	ck_assert_uint_eq(e & 0x80000000u, 0);
	ck_assert_uint_eq(e >> 29, 0);		/* an L32 */
	nl = hdr32(img, H_NLEAF6);
	poke_sealed(img, len, ie, e | 3u << 29, p);
	refused(p, "bad range index");
	poke_sealed(img, len, ie, nl, p);
	refused(p, "bad range index");
	poke_sealed(img, len, ie, 0x1fffffffu, p);
	refused(p, "bad range index");
	poke_sealed(img, len, ie, 1u << 29, p);	/* an L64: there are none */
	refused(p, "bad range index");
	poke_sealed(img, len, ie, 2u << 29, p);
	refused(p, "bad range index");
	/* leaf 0's routes are words 7-14; the table has n routes */
	lo = (size_t)hdr64(img, H_OFF + 8 * SEC_LEAF32);
	poke_sealed(img, len, lo + 4 * 7, (uint32_t)n, p);
	refused(p, "bad route number");
	poke_sealed(img, len, lo + 4 * 14, 0x7fffffffu, p);
	refused(p, "bad route number");
	/* the unused word 15 and the keys are not routes */
	poke_sealed(img, len, lo + 4 * 15, 0x7fffffffu, p);
	ck_assert_int_eq(ptab_open(p, &t, &err), 0);
	ptab_close(t);
	poke_sealed(img, len, lo + 4 * 7, PTAB_NONE, p);
	ck_assert_int_eq(ptab_open(p, &t, &err), 0);
	ptab_close(t);
	for (int w = 0; w < 7; w++) {
		uint32_t r;

		poke_sealed(img, len, lo + 4 * (size_t)w, 0x12345678u *
		    (uint32_t)(w + 1), p);
		ck_assert_int_eq(ptab_open(p, &t, &err), 0);
		for (int i = 0; i < 64; i++) {
			struct ipnet q = net6(((u128)0x20010db8u << 96) |
			    (u128)(i % 10) << 88 | (u128)rand() << 40, 128);

			memcpy(a6, q.addr, 16);
			r = ptab_lookup6(t, a6);
			ck_assert(r == PTAB_NONE || r < ptab_nroutes(t));
		}
		ptab_close(t);
	}
	free(img);
}
END_TEST

START_TEST(test_sets)
{
	struct ptab_builder *b = ptab_builder_new();
	struct dp_err err = DP_ERR_INIT;
	struct ptab *t;
	struct ipnet p1 = P("192.0.2.0/24"), p2 = P("198.51.100.0/24"),
	    p3 = P("203.0.113.0/24"), p4 = P("2001:db8::/32"),
	    p5 = P("192.0.2.77"), a;
	uint32_t o1[] = { 300, 100 }, o2[] = { 100, 300, 100 }, o3[] = { 7 },
	    o4[] = { 200 };
	const uint32_t *v;
	uint32_t r1, r2, r3, r4;

	p5.plen = 24;

	ptab_builder_add(b, &p1, o1, 2);
	ptab_builder_add(b, &p2, o2, 3);
	ptab_builder_add(b, &p3, o3, 1);
	ptab_builder_add(b, &p4, o3, 1);
	/* a duplicate with host bits set: the origins are united */
	ptab_builder_add(b, &p5, o4, 1);
	ptab_builder_add(b, &p1, o4, 0);	/* no origins: ignored */
	ck_assert_uint_eq(ptab_builder_count(b), 5);
	ck_assert_int_eq(ptab_write(b, tpath("sets.ptab"), 0, &err), 0);
	ptab_builder_free(b);
	ck_assert_int_eq(ptab_open(tpath("sets.ptab"), &t, &err), 0);
	ck_assert_uint_eq(ptab_nroutes(t), 4);
	ck_assert_uint_eq(ptab_nroutes4(t), 3);
	ck_assert_uint_eq(ptab_nsets(t), 3);
	a = P("192.0.2.1");
	r1 = ptab_lookup(t, &a);
	a = P("198.51.100.1");
	r2 = ptab_lookup(t, &a);
	a = P("203.0.113.1");
	r3 = ptab_lookup(t, &a);
	a = P("2001:db8::1");
	r4 = ptab_lookup(t, &a);
	ck_assert_uint_eq(ptab_set_origins(t, ptab_route_set(t, r1), &v), 3);
	ck_assert_uint_eq(v[0], 100);
	ck_assert_uint_eq(v[1], 200);
	ck_assert_uint_eq(v[2], 300);
	ck_assert_uint_eq(ptab_set_origins(t, ptab_route_set(t, r2), &v), 2);
	ck_assert_uint_eq(v[0], 100);
	ck_assert_uint_eq(v[1], 300);
	ck_assert_uint_eq(ptab_route_set(t, r3), ptab_route_set(t, r4));
	ck_assert_uint_ne(ptab_route_set(t, r1), ptab_route_set(t, r2));
	ptab_close(t);
}
END_TEST

START_TEST(test_empty)
{
	struct ptab_builder *b = ptab_builder_new();
	struct dp_err err = DP_ERR_INIT;
	struct ptab *t;
	uint8_t a6[16] = { 0x20, 0x01 };

	ck_assert_int_eq(ptab_write(b, tpath("empty.ptab"), 5, &err), 0);
	ptab_builder_free(b);
	ck_assert_int_eq(ptab_open(tpath("empty.ptab"), &t, &err), 0);
	ck_assert_uint_eq(ptab_nroutes(t), 0);
	ck_assert_uint_eq(ptab_lookup4(t, 0x01020304), PTAB_NONE);
	ck_assert_uint_eq(ptab_lookup6(t, a6), PTAB_NONE);
	ptab_close(t);
}
END_TEST

/*
 * A table large enough for an IPv4 index with 16-bit keys (small tables
 * get a narrower index and 32-bit keys): 10.0.0.0/8 with
 * 40,000 of its /24s and 3,000 single addresses, checked against the
 * answer worked out from the table's shape, at every /24's edges and
 * their neighbours, every single address and its neighbours, and
 * random addresses, one by one and in a batch.
 */
START_TEST(test_large4)
{
	size_t n24 = 40000, n32 = 3000, n = 1 + n24 + n32, m = 0;
	struct ref *refs = calloc(n, sizeof(*refs));
	unsigned char *has24 = calloc(1u << 16, 1);
	uint32_t *a = malloc(400000 * sizeof(*a)), *r;
	struct ptab *t;
	struct stat st;

	srand(24);
	refs[0].p = P("10.0.0.0/8");
	for (size_t i = 1; i < n; i++) {
		uint32_t x;

		do
			x = (uint32_t)rand() & 0xffffff;
		while (i <= n24 ? has24[x >> 8] != 0 : 0);
		if (i <= n24)
			has24[x >> 8] = 1;
		else
			x |= 1;		/* never an edge of a /24 */
		x |= 10u << 24;
		refs[i].p.family = AF_INET;
		refs[i].p.plen = i <= n24 ? 24 : 32;
		for (int j = 0; j < 4; j++)
			refs[i].p.addr[j] = (unsigned char)(x >> (24 - 8 * j));
		ipnet_mask(&refs[i].p);
		refs[i].asn = (uint32_t)i;
	}
	/* duplicates among the single addresses: drop them */
	for (size_t i = n24 + 1; i < n; i++)
		for (size_t j = n24 + 1; j < i; j++)
			if (ipnet_compare(&refs[i].p, &refs[j].p) == 0)
				refs[i].p.addr[3] ^= 2;
	t = build(refs, n, "large4.ptab");
	ck_assert_int_eq(stat(tpath("large4.ptab"), &st), 0);
	/* an index of 2^17 entries or more: 16-bit keys */
	ck_assert_int_ge(st.st_size, 4 << 17);
	for (size_t i = 1; i < n; i++) {
		uint32_t f = v4num(&refs[i].p), l = f | (i <= n24 ? 255 : 0);

		a[m++] = f;
		a[m++] = l;
		a[m++] = f - 1;
		a[m++] = l + 1;
	}
	while (m < 400000)
		a[m++] = (uint32_t)rand() << 1 ^ (uint32_t)rand();
	r = malloc(m * sizeof(*r));
	ptab_lookup4_batch(t, a, r, m);
	for (size_t i = 0; i < m; i++) {
		size_t want = SIZE_MAX;
		struct ipnet q;

		if (a[i] >> 24 == 10)
			want = has24[(a[i] >> 8) & 0xffff] ? 1 : 0;
		ck_assert_uint_eq(r[i], ptab_lookup4(t, a[i]));
		if (want == SIZE_MAX) {
			ck_assert_uint_eq(r[i], PTAB_NONE);
			continue;
		}
		ck_assert_uint_ne(r[i], PTAB_NONE);
		ptab_route_prefix(t, r[i], &q);
		if (q.plen == 32)
			ck_assert_uint_eq(v4num(&q), a[i]);
		else
			ck_assert_uint_eq(q.plen, want ? 24 : 8);
		ck_assert_uint_eq(v4num(&q), a[i] & (q.plen == 32 ?
		    0xffffffffu : want ? 0xffffff00u : 0xff000000u));
	}
	/* every single address is found as itself */
	for (size_t i = n24 + 1; i < n; i++) {
		struct ipnet q;

		ptab_route_prefix(t, ptab_lookup4(t, v4num(&refs[i].p)), &q);
		ck_assert_int_eq(ipnet_compare(&q, &refs[i].p), 0);
	}
	ptab_close(t);
	free(refs);
	free(has24);
	free(a);
	free(r);
}
END_TEST

/* A table of a few prefixes makes a file of a few kilobytes: the index
   is as wide as the table needs. */
START_TEST(test_small_file)
{
	struct ref refs[ARRAY_SIZE(fixed)];
	size_t n = ARRAY_SIZE(fixed);
	struct ptab *t;
	struct stat st;

	for (size_t i = 0; i < n; i++) {
		refs[i].p = P(fixed[i]);
		refs[i].asn = (uint32_t)i + 1;
	}
	t = build(refs, n, "small.ptab");
	ptab_close(t);
	ck_assert_int_eq(stat(tpath("small.ptab"), &st), 0);
	ck_assert_int_lt(st.st_size, 8192);
}
END_TEST

static unsigned char *
slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	unsigned char *b;
	long len;

	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	b = malloc((size_t)len + 1);
	ck_assert_uint_eq(fread(b, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	*n = (size_t)len;
	return b;
}

static void
spit(const char *path, const unsigned char *b, size_t n)
{
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(b, 1, n, f), n);
	ck_assert_int_eq(fclose(f), 0);
}

/* ptab_open refuses path with DP_EX_DATAERR and a message with why. */
static void
refused(const char *path, const char *why)
{
	struct dp_err err = DP_ERR_INIT;
	struct ptab *t = (struct ptab *)1;

	ck_assert_int_eq(ptab_open(path, &t, &err), DP_EX_DATAERR);
	ck_assert_ptr_null(t);
	ck_assert_msg(strstr(err.msg, why) != NULL, "%s", err.msg);
}

START_TEST(test_damaged)
{
	struct ref refs[ARRAY_SIZE(fixed)];
	size_t n = ARRAY_SIZE(fixed), len;
	unsigned char *good, *bad;
	struct ptab *t;
	struct dp_err err = DP_ERR_INIT;
	const char *p = tpath("bad.ptab");

	for (size_t i = 0; i < n; i++) {
		refs[i].p = P(fixed[i]);
		refs[i].asn = (uint32_t)i + 1;
	}
	t = build(refs, n, "good.ptab");
	ptab_close(t);
	good = slurp(tpath("good.ptab"), &len);
	bad = malloc(len + 64);
	/* truncated, extended */
	spit(p, good, len - 1);
	refused(p, "size");
	memcpy(bad, good, len);
	memset(bad + len, 0, 64);
	spit(p, bad, len + 64);
	refused(p, "size");
	spit(p, good, 100);
	refused(p, "shorter than its header");
	spit(p, good, 0);
	refused(p, "shorter than its header");
	/* magic, version */
	memcpy(bad, good, len);
	bad[0] ^= 0x20;
	spit(p, bad, len);
	refused(p, "magic");
	memcpy(bad, good, len);
	bad[8] ^= 0x02;
	spit(p, bad, len);
	refused(p, "version");
	/* one bit flipped at spread positions, the header's included */
	for (size_t off = 9; off < len; off += 1 + off / 7) {
		memcpy(bad, good, len);
		bad[off] ^= (unsigned char)(1u << (off % 8));
		spit(p, bad, len);
		ck_assert_msg(ptab_open(p, &t, &err) == DP_EX_DATAERR,
		    "flipped byte %zu accepted", off);
	}
	/* structural damage behind a good size and checksum */
	{
		/* (not the tag at 304..383: any tag is a good file; the
		   store compares it with the table's) */
		static const size_t offs[] = { 12, 16, 20, 28, 56, 64, 80, 88,
		    96, 200, 390, 511 };

		for (size_t i = 0; i < ARRAY_SIZE(offs); i++) {
			memcpy(bad, good, len);
			bad[offs[i]] ^= 0x41;
			ck_assert_int_eq(ptab_seal(bad, len), 0);
			spit(p, bad, len);
			ck_assert_msg(ptab_open(p, &t, &err) == DP_EX_DATAERR,
			    "sealed damage at %zu accepted", offs[i]);
		}
		/* an index entry pointing past the ranges */
		memcpy(bad, good, len);
		memset(bad + 512, 0x7f, 4);
		ck_assert_int_eq(ptab_seal(bad, len), 0);
		spit(p, bad, len);
		refused(p, "bad range index");
		/* sealed but unchanged: still good */
		memcpy(bad, good, len);
		ck_assert_int_eq(ptab_seal(bad, len), 0);
		ck_assert_int_eq(memcmp(bad, good, len), 0);
		ck_assert_int_eq(ptab_seal(bad, 10), -1);
	}
	/* missing, and a folder */
	ck_assert_int_eq(ptab_open(tpath("none.ptab"), &t, &err),
	    DP_EX_NOINPUT);
	refused(tmpdir, "not a regular file");
	/* the good one still opens */
	spit(p, good, len);
	ck_assert_int_eq(ptab_open(p, &t, &err), 0);
	ptab_close(t);
	free(good);
	free(bad);
}
END_TEST

Suite *
ptab_suite(void)
{
	Suite *s = suite_create("ptab");
	TCase *tc = tcase_create("ptab");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_boundaries);
	tcase_add_test(tc, test_random);
	tcase_add_test(tc, test_batch);
	tcase_add_test(tc, test_base6);
	tcase_add_test(tc, test_random_base6);
	tcase_add_test(tc, test_damaged_base6);
	tcase_add_test(tc, test_leaves6);
	tcase_add_test(tc, test_damaged_leaf6);
	tcase_add_test(tc, test_sets);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_large4);
	tcase_add_test(tc, test_small_file);
	tcase_add_test(tc, test_damaged);
	suite_add_tcase(s, tc);
	return s;
}
