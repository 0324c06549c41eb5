/*
 * check_mrt.c - the MRT reader on records built here byte by byte (a
 * tiny record builder): TABLE_DUMP_V2 RIBs with and without ADD-PATH,
 * BGP4MP updates of every subtype family, AS4_PATH merged, MP_REACH with
 * an IPv6 global and link-local next hop, and each kind of damage
 * depeer-bgp(1) DAMAGED FILES documents: truncation, a declared length
 * that is wrong either way, unknown types, a record over 64 KiB, a prefix
 * with trailing bits, a long withdrawal, a bad peer index, an attribute
 * running past its entry, a length no record has, a file that is not MRT.
 */
#include <arpa/inet.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "exitcodes.h"
#include "mrt.h"

/* ---- the builder ---- */

struct b {
	unsigned char	*p;
	size_t		 n, cap;
};

static void
b_need(struct b *b, size_t k)
{
	if (b->n + k > b->cap) {
		b->cap = (b->n + k) * 2 + 64;
		b->p = realloc(b->p, b->cap);
		ck_assert_ptr_nonnull(b->p);
	}
}

static void
b_u8(struct b *b, unsigned v)
{
	b_need(b, 1);
	b->p[b->n++] = (unsigned char)v;
}

static void
b_u16(struct b *b, unsigned v)
{
	b_u8(b, v >> 8);
	b_u8(b, v & 0xff);
}

static void
b_u32(struct b *b, uint32_t v)
{
	b_u16(b, v >> 16);
	b_u16(b, v & 0xffff);
}

static void
b_mem(struct b *b, const void *p, size_t n)
{
	b_need(b, n);
	memcpy(b->p + b->n, p, n);
	b->n += n;
}

static void
b_ip(struct b *b, const char *s)
{
	unsigned char a[16];

	if (strchr(s, ':') != NULL) {
		ck_assert_int_eq(inet_pton(AF_INET6, s, a), 1);
		b_mem(b, a, 16);
	} else {
		ck_assert_int_eq(inet_pton(AF_INET, s, a), 1);
		b_mem(b, a, 4);
	}
}

/* A prefix as NLRI: its length and its leading bytes. */
static void
b_nlri(struct b *b, const char *addr, unsigned plen)
{
	unsigned char a[16];
	int fam = strchr(addr, ':') ? AF_INET6 : AF_INET;

	ck_assert_int_eq(inet_pton(fam, addr, a), 1);
	b_u8(b, plen);
	b_mem(b, a, (plen + 7) / 8);
}

/* Start a record (its length filled by rec_end()); returns its offset. */
static size_t
rec_begin(struct b *b, uint32_t t, unsigned type, unsigned sub)
{
	size_t at = b->n;

	b_u32(b, t);
	b_u16(b, type);
	b_u16(b, sub);
	b_u32(b, 0);
	return at;
}

/* The record at `at' ends here; adjust: its length plus adj. */
static void
rec_end_adj(struct b *b, size_t at, long adj)
{
	uint32_t len = (uint32_t)((long)(b->n - at - 12) + adj);

	b->p[at + 8] = (unsigned char)(len >> 24);
	b->p[at + 9] = (unsigned char)(len >> 16);
	b->p[at + 10] = (unsigned char)(len >> 8);
	b->p[at + 11] = (unsigned char)len;
}

static void
rec_end(struct b *b, size_t at)
{
	rec_end_adj(b, at, 0);
}

/* Start an attribute (extended length); fill its length with attr_end. */
static size_t
attr_begin(struct b *b, unsigned flags, unsigned type)
{
	size_t at;

	b_u8(b, flags | 0x10);
	b_u8(b, type);
	at = b->n;
	b_u16(b, 0);
	return at;
}

static void
attr_end(struct b *b, size_t at)
{
	size_t len = b->n - at - 2;

	b->p[at] = (unsigned char)(len >> 8);
	b->p[at + 1] = (unsigned char)len;
}

/* A 2-byte length field here, filled by len_end(). */
static size_t
len_begin(struct b *b)
{
	size_t at = b->n;

	b_u16(b, 0);
	return at;
}

static void
len_end(struct b *b, size_t at)
{
	attr_end(b, at);
}

/* A PEER_INDEX_TABLE: peer 0 192.0.2.1 AS 64500 (2-byte), peer 1
   2001:db8::1 AS 4200000000 (4-byte). */
static void
peer_table(struct b *b, uint32_t t)
{
	size_t r = rec_begin(b, t, 13, 1);

	b_ip(b, "198.51.100.1");
	b_u16(b, 4);
	b_mem(b, "view", 4);
	b_u16(b, 2);
	b_u8(b, 0);
	b_ip(b, "10.0.0.1");
	b_ip(b, "192.0.2.1");
	b_u16(b, 64500);
	b_u8(b, 3);
	b_ip(b, "10.0.0.2");
	b_ip(b, "2001:db8::1");
	b_u32(b, 4200000000u);
	rec_end(b, r);
}

/* The attributes of a full RIB entry: ORIGIN EGP, AS_PATH (4-byte)
   "64500 3356 {26780,64501}", NEXT_HOP 192.0.2.1, MED 7, LOCAL_PREF 100,
   COMMUNITIES 3356:3 no-export, ATOMIC_AGGREGATE, AGGREGATOR 26780
   208.66.192.1. */
static void
full_attrs(struct b *b)
{
	size_t a;

	a = attr_begin(b, 0x40, 1);
	b_u8(b, 1);
	attr_end(b, a);
	a = attr_begin(b, 0x40, 2);
	b_u8(b, 2);
	b_u8(b, 2);
	b_u32(b, 64500);
	b_u32(b, 3356);
	b_u8(b, 1);
	b_u8(b, 2);
	b_u32(b, 26780);
	b_u32(b, 64501);
	attr_end(b, a);
	a = attr_begin(b, 0x40, 3);
	b_ip(b, "192.0.2.1");
	attr_end(b, a);
	a = attr_begin(b, 0x80, 4);
	b_u32(b, 7);
	attr_end(b, a);
	a = attr_begin(b, 0x40, 5);
	b_u32(b, 100);
	attr_end(b, a);
	a = attr_begin(b, 0xc0, 8);
	b_u32(b, 3356u << 16 | 3);
	b_u32(b, 0xffffff01u);
	attr_end(b, a);
	a = attr_begin(b, 0x40, 6);
	attr_end(b, a);
	a = attr_begin(b, 0xc0, 7);
	b_u32(b, 26780);
	b_ip(b, "208.66.192.1");
	attr_end(b, a);
}

/* ---- reading ---- */

static char dir[64];
static char warns[16384];
static int nwarn;

static void
on_warn(void *arg, uint64_t off, const char *msg)
{
	size_t n = strlen(warns);

	(void)arg;
	nwarn++;
	snprintf(warns + n, sizeof(warns) - n, "%llu: %s\n",
	    (unsigned long long)off, msg);
}

static void
setup(void)
{
	strcpy(dir, "/tmp/check_mrt.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(chdir(dir), 0);
	warns[0] = '\0';
	nwarn = 0;
}

static void
teardown(void)
{
	unlink("f");
	ck_assert_int_eq(chdir("/"), 0);
	rmdir(dir);
}

static struct mrt_reader *
open_b(struct b *b)
{
	struct dp_err err = DP_ERR_INIT;
	struct mrt_reader *r;
	FILE *fp = fopen("f", "wb");

	ck_assert_ptr_nonnull(fp);
	if (b->n > 0)
		ck_assert_uint_eq(fwrite(b->p, 1, b->n, fp), b->n);
	ck_assert_int_eq(fclose(fp), 0);
	free(b->p);
	b->p = NULL;
	b->n = b->cap = 0;
	ck_assert_int_eq(mrt_open("f", &r, &err), 0);
	mrt_set_warn(r, on_warn, NULL);
	return r;
}

static int
next(struct mrt_reader *r, struct mrt_elem *e)
{
	struct dp_err err = DP_ERR_INIT;
	int rc = mrt_next(r, e, &err);

	ck_assert_msg(rc >= 0, "%s", err.msg);
	return rc;
}

static const char *
fmt(const struct ipnet *n)
{
	static char s[4][IPNET_STRLEN];
	static int i;

	i = (i + 1) % 4;
	if (n->plen == (n->family == AF_INET ? 32 : 128))
		ipnet_format_addr(n, s[i], sizeof(s[i]));
	else
		ipnet_format(n, s[i], sizeof(s[i]));
	return s[i];
}

static void
expect_warn(const char *want)
{
	ck_assert_msg(strstr(warns, want) != NULL, "no warning '%s' in:\n%s",
	    want, warns);
}

/* ---- the tests ---- */

START_TEST(test_rib)
{
	struct b b = { 0 };
	struct mrt_reader *r;
	struct mrt_elem e;
	size_t rec, a;

	peer_table(&b, 1400000000);
	rec = rec_begin(&b, 1400000000, 13, 2);
	b_u32(&b, 0);
	b_nlri(&b, "208.66.192.0", 22);
	b_u16(&b, 2);
	b_u16(&b, 0);
	b_u32(&b, 1399999999);
	a = len_begin(&b);
	full_attrs(&b);
	len_end(&b, a);
	b_u16(&b, 1);		/* peer 1: an IPv6 next hop, abbreviated */
	b_u32(&b, 1399999998);
	a = len_begin(&b);
	{
		size_t m = attr_begin(&b, 0x80, 14);

		b_u8(&b, 32);
		b_ip(&b, "2001:db8::77");
		b_ip(&b, "fe80::77");
		attr_end(&b, m);
	}
	len_end(&b, a);
	rec_end(&b, rec);
	r = open_b(&b);

	ck_assert_int_eq(next(r, &e), 1);
	ck_assert_int_eq(e.type, MRT_RIB);
	ck_assert_str_eq(e.source, "TABLE_DUMP2");
	ck_assert_int_eq(e.time, 1400000000);
	ck_assert_str_eq(fmt(&e.peer_ip), "192.0.2.1");
	ck_assert_uint_eq(e.peer_as, 64500);
	ck_assert_str_eq(fmt(&e.prefix), "208.66.192.0/22");
	ck_assert_int_eq(e.has_path_id, 0);
	ck_assert_uint_eq(e.npath, 4);
	ck_assert_uint_eq(e.path[0], 64500);
	ck_assert_uint_eq(e.path[2], 26780);
	ck_assert_uint_eq(e.path[3], 64501);
	ck_assert_int_eq(e.path_has_set, 1);
	ck_assert_uint_eq(e.attrs->nsegs, 2);
	ck_assert_int_eq(e.attrs->segs[1].type, MRT_AS_SET);
	ck_assert_int_eq(e.attrs->origin, 1);
	ck_assert_int_eq(e.has_next_hop, 1);
	ck_assert_str_eq(fmt(&e.next_hop), "192.0.2.1");
	ck_assert_int_eq(e.attrs->has_med, 1);
	ck_assert_uint_eq(e.attrs->med, 7);
	ck_assert_uint_eq(e.attrs->local_pref, 100);
	ck_assert_uint_eq(e.attrs->ncommunities, 2);
	ck_assert_int_eq(e.attrs->atomic_aggregate, 1);
	ck_assert_int_eq(e.attrs->has_aggregator, 1);
	ck_assert_uint_eq(e.attrs->aggregator_as, 26780);

	ck_assert_int_eq(next(r, &e), 1);
	ck_assert_str_eq(fmt(&e.peer_ip), "2001:db8::1");
	ck_assert_uint_eq(e.peer_as, 4200000000u);
	ck_assert_int_eq(e.attrs->origin, -1);
	ck_assert_uint_eq(e.npath, 0);
	ck_assert_int_eq(e.has_next_hop, 1);
	ck_assert_str_eq(fmt(&e.next_hop), "2001:db8::77");	/* global */

	ck_assert_int_eq(next(r, &e), 0);
	ck_assert_int_eq(nwarn, 0);
	ck_assert_uint_eq(mrt_stats(r)->records, 2);
	ck_assert_uint_eq(mrt_stats(r)->elems, 2);
	ck_assert_int_eq(mrt_first_time(r), 1400000000);
	ck_assert_uint_eq(strlen(mrt_file_sha256(r)), 64);
	mrt_close(r);
}
END_TEST

/* RIB_IPV6_UNICAST_ADDPATH: each entry its path identifier. */
START_TEST(test_rib_addpath)
{
	struct b b = { 0 };
	struct mrt_reader *r;
	struct mrt_elem e;
	size_t rec, a;
	int i;

	peer_table(&b, 1452169448);
	rec = rec_begin(&b, 1452169448, 13, 10);
	b_u32(&b, 9);
	b_nlri(&b, "2001:db8:28::", 48);
	b_u16(&b, 2);
	for (i = 0; i < 2; i++) {
		b_u16(&b, 1);
		b_u32(&b, 1);
		b_u32(&b, 59 + 2 * (uint32_t)i);
		a = len_begin(&b);
		len_end(&b, a);
	}
	rec_end(&b, rec);
	r = open_b(&b);
	ck_assert_int_eq(next(r, &e), 1);
	ck_assert_str_eq(e.source, "TABLE_DUMP2_AP");
	ck_assert_str_eq(fmt(&e.prefix), "2001:db8:28::/48");
	ck_assert_int_eq(e.has_path_id, 1);
	ck_assert_uint_eq(e.path_id, 59);
	ck_assert_int_eq(e.has_next_hop, 0);
	ck_assert_int_eq(next(r, &e), 1);
	ck_assert_uint_eq(e.path_id, 61);
	ck_assert_int_eq(next(r, &e), 0);
	ck_assert_int_eq(nwarn, 0);
	mrt_close(r);
}
END_TEST

/*
 * A BGP4MP UPDATE of subtype sub, from peer 192.0.2.9 AS 64509 (2 or 4
 * bytes by sub): withdrawn 10.1.0.0/16, attributes from attrs(), NLRI
 * 10.2.0.0/16; path identifiers 7 and 8 when sub is an ADD-PATH one.
 */
static void
update(struct b *b, unsigned type, unsigned sub, uint32_t t,
    void (*attrs)(struct b *), long adj)
{
	int as4 = sub == 4 || sub == 7 || sub == 9 || sub == 11;
	int ap = sub >= 8;
	size_t rec, blen, w, al;

	rec = rec_begin(b, t, type, sub);
	if (type == 17)
		b_u32(b, 123456);
	if (as4) {
		b_u32(b, 64509);
		b_u32(b, 6447);
	} else {
		b_u16(b, 64509);
		b_u16(b, 6447);
	}
	b_u16(b, 0);
	b_u16(b, 1);
	b_ip(b, "192.0.2.9");
	b_ip(b, "192.0.2.10");
	b_mem(b, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"
	    "\xff\xff", 16);
	blen = len_begin(b);
	b_u8(b, 2);
	w = len_begin(b);
	if (ap)
		b_u32(b, 7);
	b_nlri(b, "10.1.0.0", 16);
	len_end(b, w);
	al = len_begin(b);
	if (attrs != NULL)
		attrs(b);
	len_end(b, al);
	if (ap)
		b_u32(b, 8);
	b_nlri(b, "10.2.0.0", 16);
	{
		size_t len = b->n - blen + 16;

		b->p[blen] = (unsigned char)(len >> 8);
		b->p[blen + 1] = (unsigned char)len;
	}
	rec_end_adj(b, rec, adj);
}

static void
simple_attrs(struct b *b)
{
	size_t a = attr_begin(b, 0x40, 1);

	b_u8(b, 0);
	attr_end(b, a);
	a = attr_begin(b, 0x40, 3);
	b_ip(b, "192.0.2.9");
	attr_end(b, a);
}

/* Every message subtype: its source name, AS size and path ids. */
START_TEST(test_bgp4mp_subtypes)
{
	static const struct {
		unsigned type, sub;
		const char *source;
	} c[] = {
		{ 16, 1, "BGP4MP" }, { 16, 4, "BGP4MP" },
		{ 16, 6, "BGP4MP_LOCAL" }, { 16, 7, "BGP4MP_LOCAL" },
		{ 16, 8, "BGP4MP_AP" }, { 16, 9, "BGP4MP_AP" },
		{ 16, 10, "BGP4MP_LOCAL_AP" }, { 16, 11, "BGP4MP_LOCAL_AP" },
		{ 17, 4, "BGP4MP_ET" }, { 17, 11, "BGP4MP_ET_LOCAL_AP" },
	};
	struct b b = { 0 };
	struct mrt_reader *r;
	struct mrt_elem e;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(c); i++)
		update(&b, c[i].type, c[i].sub, 1000 + (uint32_t)i,
		    simple_attrs, 0);
	r = open_b(&b);
	for (i = 0; i < ARRAY_SIZE(c); i++) {
		ck_assert_int_eq(next(r, &e), 1);
		ck_assert_int_eq(e.type, MRT_WITHDRAW);
		ck_assert_str_eq(e.source, c[i].source);
		ck_assert_str_eq(fmt(&e.prefix), "10.1.0.0/16");
		ck_assert_uint_eq(e.peer_as, 64509);
		ck_assert_str_eq(fmt(&e.peer_ip), "192.0.2.9");
		ck_assert_int_eq(e.has_path_id, c[i].sub >= 8);
		if (c[i].sub >= 8)
			ck_assert_uint_eq(e.path_id, 7);
		ck_assert_ptr_null(e.attrs);
		ck_assert_int_eq(e.has_usec, c[i].type == 17);
		ck_assert_int_eq(next(r, &e), 1);
		ck_assert_int_eq(e.type, MRT_ANNOUNCE);
		ck_assert_str_eq(fmt(&e.prefix), "10.2.0.0/16");
		ck_assert_int_eq(e.attrs->origin, 0);
		ck_assert_str_eq(fmt(&e.next_hop), "192.0.2.9");
		if (c[i].sub >= 8)
			ck_assert_uint_eq(e.path_id, 8);
		if (c[i].type == 17)
			ck_assert_uint_eq(e.usec, 123456);
	}
	ck_assert_int_eq(next(r, &e), 0);
	ck_assert_msg(nwarn == 0, "%s", warns);
	mrt_close(r);
}
END_TEST

static void
as4_attrs(struct b *b)
{
	size_t a = attr_begin(b, 0x40, 2);

	b_u8(b, 2);
	b_u8(b, 4);
	b_u16(b, 1);
	b_u16(b, 2);
	b_u16(b, 23456);
	b_u16(b, 23456);
	attr_end(b, a);
	a = attr_begin(b, 0xc0, 17);
	b_u8(b, 2);
	b_u8(b, 2);
	b_u32(b, 70000);
	b_u32(b, 80000);
	attr_end(b, a);
	a = attr_begin(b, 0xc0, 7);
	b_u16(b, 23456);
	b_ip(b, "192.0.2.77");
	attr_end(b, a);
	a = attr_begin(b, 0xc0, 18);
	b_u32(b, 196608);
	b_ip(b, "192.0.2.77");
	attr_end(b, a);
}

/* AS4_PATH longer than AS_PATH: ignored (RFC 6793 4.2.3). */
static void
as4_longer_attrs(struct b *b)
{
	size_t a = attr_begin(b, 0x40, 2);

	b_u8(b, 2);
	b_u8(b, 1);
	b_u16(b, 23456);
	attr_end(b, a);
	a = attr_begin(b, 0xc0, 17);
	b_u8(b, 2);
	b_u8(b, 2);
	b_u32(b, 70000);
	b_u32(b, 80000);
	attr_end(b, a);
}

/* Both paths empty (found by fuzz_mrt: the merge wrote through a null
   path). */
static void
empty_paths_attrs(struct b *b)
{
	size_t a = attr_begin(b, 0x40, 2);

	attr_end(b, a);
	a = attr_begin(b, 0xc0, 17);
	attr_end(b, a);
}

START_TEST(test_as4_merge)
{
	struct b b = { 0 };
	struct mrt_reader *r;
	struct mrt_elem e;

	update(&b, 16, 1, 2000, as4_attrs, 0);
	update(&b, 16, 1, 2001, as4_longer_attrs, 0);
	update(&b, 16, 4, 2002, as4_attrs, 0);	/* AS4 speaker: ignored */
	update(&b, 16, 1, 2003, empty_paths_attrs, 0);
	r = open_b(&b);
	ck_assert_int_eq(next(r, &e), 1);
	ck_assert_int_eq(next(r, &e), 1);
	ck_assert_uint_eq(e.npath, 4);
	ck_assert_uint_eq(e.path[0], 1);
	ck_assert_uint_eq(e.path[1], 2);
	ck_assert_uint_eq(e.path[2], 70000);
	ck_assert_uint_eq(e.path[3], 80000);
	ck_assert_uint_eq(e.attrs->aggregator_as, 196608);
	ck_assert_int_eq(next(r, &e), 1);
	ck_assert_int_eq(next(r, &e), 1);
	ck_assert_uint_eq(e.npath, 1);
	ck_assert_uint_eq(e.path[0], 23456);
	/* A 4-byte speaker's AS_PATH is read with 4-byte numbers: the
	   2-byte ones of as4_attrs() come out as two per number. */
	ck_assert_int_eq(next(r, &e), 1);
	ck_assert_int_eq(next(r, &e), 1);
	ck_assert_uint_eq(e.npath, 0);	/* 4 numbers of 4 bytes: 8 bytes
					   short, not read */
	ck_assert_int_eq(e.attrs->path_error, 1);
	ck_assert_int_eq(next(r, &e), 1);
	ck_assert_int_eq(next(r, &e), 1);
	ck_assert_uint_eq(e.npath, 0);
	ck_assert_int_eq(e.attrs->path_error, 0);
	ck_assert_int_eq(next(r, &e), 0);
	expect_warn("AS_PATH not read (a segment runs past the attribute)");
	mrt_close(r);
}
END_TEST

/* IPv6 over MP_REACH_NLRI / MP_UNREACH_NLRI: withdrawals first, the
   global next hop of the pair. */
static void
mp_attrs(struct b *b)
{
	size_t a = attr_begin(b, 0x80, 15);

	b_u16(b, 2);
	b_u8(b, 1);
	b_nlri(b, "2001:db8:dead::", 48);
	attr_end(b, a);
	a = attr_begin(b, 0x80, 14);
	b_u16(b, 2);
	b_u8(b, 1);
	b_u8(b, 32);
	b_ip(b, "2001:db8::9");
	b_ip(b, "fe80::9");
	b_u8(b, 0);
	b_nlri(b, "2001:db8:1::", 48);
	b_nlri(b, "2001:db8:2::", 47);
	attr_end(b, a);
	a = attr_begin(b, 0x80, 14);	/* a second one, for multicast */
	b_u16(b, 1);
	b_u8(b, 128);
	b_u8(b, 4);
	b_ip(b, "192.0.2.1");
	b_u8(b, 0);
	attr_end(b, a);
}

START_TEST(test_mp_reach)
{
	struct b b = { 0 };
	struct mrt_reader *r;
	struct mrt_elem e;

	update(&b, 16, 4, 3000, mp_attrs, 0);
	r = open_b(&b);
	ck_assert_int_eq(next(r, &e), 1);
	ck_assert_str_eq(fmt(&e.prefix), "10.1.0.0/16");
	ck_assert_int_eq(next(r, &e), 1);
	ck_assert_int_eq(e.type, MRT_WITHDRAW);
	ck_assert_str_eq(fmt(&e.prefix), "2001:db8:dead::/48");
	ck_assert_int_eq(next(r, &e), 1);
	ck_assert_int_eq(e.type, MRT_ANNOUNCE);
	ck_assert_str_eq(fmt(&e.prefix), "10.2.0.0/16");
	ck_assert_int_eq(e.has_next_hop, 0);	/* no NEXT_HOP attribute */
	ck_assert_int_eq(next(r, &e), 1);
	ck_assert_str_eq(fmt(&e.prefix), "2001:db8:1::/48");
	ck_assert_str_eq(fmt(&e.next_hop), "2001:db8::9");
	ck_assert_int_eq(e.safi, 1);
	ck_assert_int_eq(next(r, &e), 1);
	ck_assert_str_eq(fmt(&e.prefix), "2001:db8:2::/47");
	ck_assert_int_eq(next(r, &e), 0);
	expect_warn("MP_REACH_NLRI for AFI 1 SAFI 128 not read");
	mrt_close(r);
}
END_TEST

/* Bits past the length: cleared, warned with the prefix's offset. */
static void
no_attrs(struct b *b)
{
	(void)b;
}

START_TEST(test_trailing_bits)
{
	struct b b = { 0 };
	struct mrt_reader *r;
	struct mrt_elem e;
	size_t rec, blen;

	rec = rec_begin(&b, 1289168632, 16, 1);
	b_u16(&b, 7018);
	b_u16(&b, 6447);
	b_u16(&b, 0);
	b_u16(&b, 1);
	b_ip(&b, "12.0.1.63");
	b_ip(&b, "12.0.1.64");
	b_mem(&b, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"
	    "\xff\xff\xff", 16);
	blen = len_begin(&b);
	b_u8(&b, 2);
	b_u16(&b, 0);
	b_u16(&b, 0);
	b_u8(&b, 13);
	b_u8(&b, 11);
	b_u8(&b, 13);
	b.p[blen] = 0;
	b.p[blen + 1] = (unsigned char)(b.n - blen + 16);
	rec_end(&b, rec);
	(void)no_attrs;
	r = open_b(&b);
	ck_assert_int_eq(next(r, &e), 1);
	ck_assert_str_eq(fmt(&e.prefix), "11.8.0.0/13");
	ck_assert_int_eq(next(r, &e), 0);
	expect_warn("prefix has bits set past its length /13; read as "
	    "11.8.0.0/13");
	/* The offset is the prefix's length byte: header 12, peer part
	   16, marker 16, length 2, type 1, two lengths 4. */
	expect_warn("51: prefix has bits");
	mrt_close(r);
}
END_TEST

/* 5,000 withdrawals in one UPDATE, the last cut short. */
START_TEST(test_long_withdrawal)
{
	struct b b = { 0 };
	struct mrt_reader *r;
	struct mrt_elem e;
	size_t rec, blen, w;
	int i, n = 0;

	rec = rec_begin(&b, 1577792407, 16, 4);
	b_u32(&b, 65531);
	b_u32(&b, 65530);
	b_u16(&b, 0);
	b_u16(&b, 2);
	b_ip(&b, "2001:db8::2");
	b_ip(&b, "2001:db8::1");
	b_mem(&b, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"
	    "\xff\xff\xff", 16);
	blen = len_begin(&b);
	b_u8(&b, 2);
	w = len_begin(&b);
	for (i = 0; i < 5000; i++) {
		b_u8(&b, 24);
		b_u8(&b, 10);
		b_u8(&b, i >> 8);
		b_u8(&b, i & 0xff);
	}
	b_u8(&b, 24);
	b_u8(&b, 10);
	len_end(&b, w);
	b_u16(&b, 0);
	{
		size_t len = b.n - blen + 16;

		b.p[blen] = (unsigned char)(len >> 8);
		b.p[blen + 1] = (unsigned char)len;
	}
	rec_end(&b, rec);
	r = open_b(&b);
	while (next(r, &e) == 1) {
		ck_assert_int_eq(e.type, MRT_WITHDRAW);
		ck_assert_int_eq(e.prefix.addr[1], n >> 8);
		ck_assert_int_eq(e.prefix.addr[2], n & 0xff);
		n++;
	}
	ck_assert_int_eq(n, 5000);
	ck_assert_int_eq(nwarn, 1);
	expect_warn("prefix cut short by the end of its list; skipped");
	mrt_close(r);
}
END_TEST

/* A RIB record of 3,000 entries (over 96 KiB): read whole, quietly. */
START_TEST(test_big_record)
{
	struct b b = { 0 };
	struct mrt_reader *r;
	struct mrt_elem e;
	size_t rec, a, at;
	int i, n = 0;

	peer_table(&b, 1537344000);
	at = b.n;
	rec = rec_begin(&b, 1537344000, 13, 4);
	b_u32(&b, 0);
	b_nlri(&b, "2001:579:1040::", 46);
	b_u16(&b, 3000);
	for (i = 0; i < 3000; i++) {
		b_u16(&b, i % 2);
		b_u32(&b, 1);
		a = len_begin(&b);
		full_attrs(&b);
		len_end(&b, a);
	}
	rec_end(&b, rec);
	ck_assert_uint_gt(b.n - at, 65536);
	r = open_b(&b);
	while (next(r, &e) == 1) {
		ck_assert_uint_eq(e.npath, 4);
		n++;
	}
	ck_assert_int_eq(n, 3000);
	ck_assert_msg(nwarn == 0, "%s", warns);
	mrt_close(r);
}
END_TEST

/* The file ends inside the second record: the first is read, the cut
   one warned about at its offset, the stats say truncated. */
START_TEST(test_truncated)
{
	struct b b = { 0 };
	struct mrt_reader *r;
	struct mrt_elem e;
	size_t second;
	char want[80];

	update(&b, 16, 1, 100, simple_attrs, 0);
	second = b.n;
	update(&b, 16, 1, 101, simple_attrs, 0);
	b.n -= 10;
	r = open_b(&b);
	ck_assert_int_eq(next(r, &e), 1);
	ck_assert_int_eq(next(r, &e), 1);
	ck_assert_int_eq(next(r, &e), 0);
	ck_assert_int_eq(mrt_stats(r)->truncated, 1);
	snprintf(want, sizeof(want), "%zu: record of type 16 subtype 1 "
	    "declares", second);
	expect_warn(want);
	expect_warn("the file is truncated");
	mrt_close(r);
	/* Inside a header. */
	warns[0] = '\0';
	update(&b, 16, 1, 100, simple_attrs, 0);
	b_u32(&b, 101);
	r = open_b(&b);
	ck_assert_int_eq(next(r, &e), 1);
	ck_assert_int_eq(next(r, &e), 1);
	ck_assert_int_eq(next(r, &e), 0);
	expect_warn("inside a record header (4 bytes of 12)");
	mrt_close(r);
}
END_TEST

/* A declared length that is wrong: too short (the BGP message is
   longer: read by its length) and too long (padding: the next record is
   where the declared length says). */
START_TEST(test_wrong_length)
{
	struct b b = { 0 };
	struct mrt_reader *r;
	struct mrt_elem e;
	int n = 0;

	update(&b, 16, 1, 1100000000, simple_attrs, -5);
	update(&b, 16, 1, 1100000001, simple_attrs, 0);
	r = open_b(&b);
	while (next(r, &e) == 1) {
		ck_assert_str_eq(fmt(&e.prefix), n % 2 ? "10.2.0.0/16" :
		    "10.1.0.0/16");
		n++;
	}
	ck_assert_int_eq(n, 4);
	expect_warn("0: BGP4MP record declares");
	expect_warn("read by the message's length");
	ck_assert_int_eq(nwarn, 1);
	mrt_close(r);

	warns[0] = '\0';
	nwarn = 0;
	n = 0;
	update(&b, 16, 1, 1100000000, simple_attrs, 6);
	b_mem(&b, "\0\0\0\0\0\0", 6);
	update(&b, 16, 1, 1100000001, simple_attrs, 0);
	r = open_b(&b);
	while (next(r, &e) == 1)
		n++;
	ck_assert_int_eq(n, 4);
	expect_warn("the next record starts where the declared length says");
	ck_assert_int_eq(nwarn, 1);
	mrt_close(r);
}
END_TEST

/* Unknown types and subtypes: skipped by length, the first of each kind
   warned about, the count at the end. */
START_TEST(test_unknown_types)
{
	struct b b = { 0 };
	struct mrt_reader *r;
	struct mrt_elem e;
	size_t rec, first99 = 0;
	int i, n = 0;
	char want[96];

	update(&b, 16, 1, 100, simple_attrs, 0);
	for (i = 0; i < 3; i++) {
		if (i == 0)
			first99 = b.n;
		rec = rec_begin(&b, 100, 99, 1);
		b_u32(&b, 0xdeadbeef);
		rec_end(&b, rec);
		rec = rec_begin(&b, 100, 13, 6);
		b_u16(&b, 1);
		rec_end(&b, rec);
	}
	rec = rec_begin(&b, 100, 16, 3);	/* SNAPSHOT, deprecated */
	rec_end(&b, rec);
	update(&b, 16, 1, 101, simple_attrs, 0);
	r = open_b(&b);
	while (next(r, &e) == 1)
		n++;
	ck_assert_int_eq(n, 4);
	ck_assert_uint_eq(mrt_stats(r)->skipped, 7);
	snprintf(want, sizeof(want), "%zu: record of type 99 subtype 1 (a "
	    "type not read) skipped (the others", first99);
	expect_warn(want);
	expect_warn("(RIB_GENERIC) skipped (the others like it are counted)");
	expect_warn("(a type not read) skipped: 3 times in all");
	expect_warn("(RIB_GENERIC) skipped: 3 times in all");
	expect_warn("type 16 subtype 3 (a BGP4MP subtype not read)");
	ck_assert_int_eq(nwarn, 5);
	mrt_close(r);
}
END_TEST

/* Not MRT: an error at once; an empty file: no elements, no warning. */
START_TEST(test_not_mrt)
{
	struct dp_err err = DP_ERR_INIT;
	struct b b = { 0 };
	struct mrt_reader *r;
	struct mrt_elem e;

	b_mem(&b, "TABLE_DUMP2|1400000000|B|192.0.2.1|64500|10.0.0.0/8|\n",
	    52);
	r = open_b(&b);
	ck_assert_int_eq(mrt_next(r, &e, &err), -1);
	ck_assert_int_eq(err.code, DP_EX_DATAERR);
	ck_assert_msg(strstr(err.msg, "not an MRT file") != NULL, "%s",
	    err.msg);
	ck_assert_int_eq(mrt_next(r, &e, &err), -1);	/* stays failed */
	mrt_close(r);
	r = open_b(&b);
	ck_assert_int_eq(next(r, &e), 0);
	ck_assert_int_eq(nwarn, 0);
	ck_assert_int_eq(mrt_stats(r)->truncated, 0);
	mrt_close(r);
}
END_TEST

/* A length no record has, after good records: reading stops there. */
START_TEST(test_huge_length)
{
	struct b b = { 0 };
	struct mrt_reader *r;
	struct mrt_elem e;
	size_t rec;

	update(&b, 16, 1, 100, simple_attrs, 0);
	rec = rec_begin(&b, 100, 16, 1);
	b_mem(&b, "junk", 4);
	rec_end_adj(&b, rec, 0x7ffffff0);
	update(&b, 16, 1, 101, simple_attrs, 0);
	r = open_b(&b);
	ck_assert_int_eq(next(r, &e), 1);
	ck_assert_int_eq(next(r, &e), 1);
	ck_assert_int_eq(next(r, &e), 0);
	ck_assert_int_eq(mrt_stats(r)->stopped, 1);
	expect_warn("more than any MRT record holds");
	mrt_close(r);
}
END_TEST

/* RIB damage: a peer the table lacks, attributes running past. */
START_TEST(test_rib_damage)
{
	struct b b = { 0 };
	struct mrt_reader *r;
	struct mrt_elem e;
	size_t rec, a;

	peer_table(&b, 1);
	rec = rec_begin(&b, 1, 13, 2);
	b_u32(&b, 0);
	b_nlri(&b, "192.0.2.0", 24);
	b_u16(&b, 3);
	b_u16(&b, 5);		/* no such peer */
	b_u32(&b, 1);
	a = len_begin(&b);
	full_attrs(&b);
	len_end(&b, a);
	b_u16(&b, 0);		/* an attribute declaring too much */
	b_u32(&b, 1);
	a = len_begin(&b);
	b_u8(&b, 0x40);
	b_u8(&b, 1);
	b_u8(&b, 1);
	b_u8(&b, 2);
	b_u8(&b, 0x40);
	b_u8(&b, 3);
	b_u8(&b, 40);
	b_u32(&b, 0);
	len_end(&b, a);
	b_u16(&b, 1);		/* the entry declares more than there is */
	b_u32(&b, 1);
	b_u16(&b, 500);
	rec_end(&b, rec);
	r = open_b(&b);
	ck_assert_int_eq(next(r, &e), 1);
	ck_assert_int_eq(e.attrs->origin, 2);	/* read before the damage */
	ck_assert_int_eq(e.has_next_hop, 0);
	ck_assert_int_eq(next(r, &e), 0);
	expect_warn("RIB entry names peer 5 but the peer table has 2; "
	    "entry skipped");
	expect_warn("attribute 3 declares 40 bytes but 4 remain");
	expect_warn("RIB entry 3 of 3 declares 500 bytes of attributes");
	mrt_close(r);
}
END_TEST

/* STATE_CHANGE_AS4 over IPv6, and Zebra's 8-byte one. */
START_TEST(test_state_change)
{
	struct b b = { 0 };
	struct mrt_reader *r;
	struct mrt_elem e;
	size_t rec;

	rec = rec_begin(&b, 1445565678, 17, 5);
	b_u32(&b, 509481);
	b_u32(&b, 3856);
	b_u32(&b, 6447);
	b_u16(&b, 0);
	b_u16(&b, 2);
	b_ip(&b, "2001:db8::55");
	b_ip(&b, "2001:db8::56");
	b_u16(&b, 1);
	b_u16(&b, 2);
	rec_end(&b, rec);
	rec = rec_begin(&b, 1445565679, 16, 0);
	b_u16(&b, 15737);
	b_u16(&b, 6447);
	b_u16(&b, 3);
	b_u16(&b, 2);
	rec_end(&b, rec);
	r = open_b(&b);
	ck_assert_int_eq(next(r, &e), 1);
	ck_assert_int_eq(e.type, MRT_STATE);
	ck_assert_str_eq(e.source, "BGP4MP_ET");
	ck_assert_uint_eq(e.usec, 509481);
	ck_assert_str_eq(fmt(&e.peer_ip), "2001:db8::55");
	ck_assert_uint_eq(e.peer_as, 3856);
	ck_assert_int_eq(e.old_state, 1);
	ck_assert_int_eq(e.new_state, 2);
	ck_assert_int_eq(next(r, &e), 1);
	ck_assert_str_eq(e.source, "BGP4MP");
	ck_assert_uint_eq(e.peer_as, 15737);
	ck_assert_str_eq(fmt(&e.peer_ip), "0.0.0.0");
	ck_assert_int_eq(e.old_state, 3);
	ck_assert_int_eq(next(r, &e), 0);
	expect_warn("STATE_CHANGE of 8 bytes");
	mrt_close(r);
}
END_TEST

Suite *
mrt_suite(void)
{
	Suite *s = suite_create("mrt");
	TCase *tc = tcase_create("mrt");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_rib);
	tcase_add_test(tc, test_rib_addpath);
	tcase_add_test(tc, test_bgp4mp_subtypes);
	tcase_add_test(tc, test_as4_merge);
	tcase_add_test(tc, test_mp_reach);
	tcase_add_test(tc, test_trailing_bits);
	tcase_add_test(tc, test_long_withdrawal);
	tcase_add_test(tc, test_big_record);
	tcase_add_test(tc, test_truncated);
	tcase_add_test(tc, test_wrong_length);
	tcase_add_test(tc, test_unknown_types);
	tcase_add_test(tc, test_not_mrt);
	tcase_add_test(tc, test_huge_length);
	tcase_add_test(tc, test_rib_damage);
	tcase_add_test(tc, test_state_change);
	suite_add_tcase(s, tc);
	return s;
}
