/*
 * check_bgp_obs.c - BGP paths cleaned (prepending, sets, loops, private
 * and reserved AS numbers) and counted: upstreams of each origin with
 * their paths and vantage points, prefixes counted once, links and
 * triplets, withdrawals ending routes, repeated paths counted from the
 * last, rows in order over the whole AS number range, the hash of the
 * result and its exact text.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "bgp_obs.h"
#include "hash.h"
#include "ipnet.h"

static struct ipnet
net(const char *s)
{
	struct ipnet n;
	struct ipnet_perr pe;

	ck_assert_int_eq(ipnet_parse_cidr(s, &n, &pe), IPNET_OK);
	return n;
}

START_TEST(test_reserved)
{
	static const uint32_t bad[] = { 0, 23456, 64496, 64511, 64512,
	    65534, 65535, 65536, 65551, 4200000000u, 4294967294u,
	    4294967295u };
	static const uint32_t good[] = { 1, 3549, 6939, 26780, 23455, 23457,
	    64495, 65552, 131072, 4199999999u };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(bgp_asn_reserved(bad[i]), "%u", bad[i]);
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ck_assert_msg(!bgp_asn_reserved(good[i]), "%u", good[i]);
}
END_TEST

START_TEST(test_clean)
{
	uint32_t out[BGP_PATH_MAX], big[300];
	size_t n = 99, i;
	static const uint32_t pre[] = { 1, 1, 2, 3, 3, 3 };
	static const uint32_t loop[] = { 1, 2, 3, 2 };
	static const uint32_t adj[] = { 1, 2, 2, 2, 3 };
	static const uint32_t priv[] = { 1, 65000, 3 };
	static const uint32_t trans[] = { 1, 23456, 3 };

	ck_assert_int_eq(bgp_path_clean(pre, 6, 0, out, &n), BGP_PATH_OK);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(out[0], 1);
	ck_assert_uint_eq(out[1], 2);
	ck_assert_uint_eq(out[2], 3);
	ck_assert_int_eq(bgp_path_clean(adj, 5, 0, out, &n), BGP_PATH_OK);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(bgp_path_clean(loop, 4, 0, out, &n), BGP_PATH_LOOP);
	ck_assert_int_eq(bgp_path_clean(pre, 6, 1, out, &n), BGP_PATH_SET);
	ck_assert_int_eq(bgp_path_clean(pre, 0, 0, out, &n), BGP_PATH_EMPTY);
	ck_assert_int_eq(bgp_path_clean(priv, 3, 0, out, &n),
	    BGP_PATH_RESERVED);
	ck_assert_int_eq(bgp_path_clean(trans, 3, 0, out, &n),
	    BGP_PATH_RESERVED);
	/* A single AS: the origin seen by itself. */
	ck_assert_int_eq(bgp_path_clean(pre, 2, 0, out, &n), BGP_PATH_OK);
	ck_assert_uint_eq(n, 1);
	/* Long, but prepending: fine; long and distinct: dropped. */
	for (i = 0; i < 300; i++)
		big[i] = 7;
	ck_assert_int_eq(bgp_path_clean(big, 300, 0, out, &n), BGP_PATH_OK);
	ck_assert_uint_eq(n, 1);
	for (i = 0; i < 300; i++)
		big[i] = (uint32_t)i + 1;
	ck_assert_int_eq(bgp_path_clean(big, 300, 0, out, &n), BGP_PATH_LOOP);
}
END_TEST

static const struct bgp_upstream *
find_up(const struct bgp_obs_result *r, uint32_t o, uint32_t u)
{
	size_t i;

	for (i = 0; i < r->nupstreams; i++)
		if (r->upstreams[i].origin == o && r->upstreams[i].upstream == u)
			return &r->upstreams[i];
	return NULL;
}

static const struct bgp_origin *
find_origin(const struct bgp_obs_result *r, uint32_t o)
{
	size_t i;

	for (i = 0; i < r->norigins; i++)
		if (r->origins[i].asn == o)
			return &r->origins[i];
	return NULL;
}

START_TEST(test_counts)
{
	struct bgp_obs *o = bgp_obs_new();
	struct bgp_obs_result r;
	struct ipnet p1 = net("192.0.2.1/32"), p2 = net("192.0.2.2/32"),
	    p3 = net("2001:db8::1/128");
	struct ipnet a = net("208.66.192.0/22"), b = net("208.72.168.0/21");
	const struct bgp_upstream *u;
	const struct bgp_origin *og;
	/* Peer 1 (AS 100) sees McColo through 3549, twice prepended. */
	static const uint32_t x1[] = { 100, 3549, 26780, 26780 };
	static const uint32_t x2[] = { 200, 6939, 26780 };
	static const uint32_t x3[] = { 300, 6939, 26780 };
	static const uint32_t bad[] = { 300, 6939, 300, 26780 };
	char h1[SHA256_HEXLEN], h2[SHA256_HEXLEN];

	ck_assert_int_eq(bgp_obs_path(o, &p1, 100, &a, 0, x1, 4, 0, 0),
	    BGP_PATH_OK);
	ck_assert_int_eq(bgp_obs_path(o, &p2, 200, &a, 0, x2, 3, 0, 0),
	    BGP_PATH_OK);
	ck_assert_int_eq(bgp_obs_path(o, &p3, 300, &a, 0, x3, 3, 0, 0),
	    BGP_PATH_OK);
	ck_assert_int_eq(bgp_obs_path(o, &p1, 100, &b, 0, x1, 4, 0, 0),
	    BGP_PATH_OK);
	ck_assert_int_eq(bgp_obs_path(o, &p2, 200, &b, 0, x2, 3, 0, 0),
	    BGP_PATH_OK);
	ck_assert_int_eq(bgp_obs_path(o, &p3, 300, &b, 0, bad, 4, 0, 0),
	    BGP_PATH_LOOP);
	bgp_obs_finish(o, &r);
	ck_assert_int_eq(r.accepted, 5);
	ck_assert_int_eq(r.dropped[BGP_PATH_LOOP], 1);
	ck_assert_int_eq(r.vantage, 3);
	ck_assert_uint_eq(r.norigins, 1);
	og = find_origin(&r, 26780);
	ck_assert_ptr_nonnull(og);
	ck_assert_int_eq(og->prefixes, 2);
	ck_assert_int_eq(og->paths, 5);
	ck_assert_int_eq(og->vantage, 3);
	ck_assert_int_eq(og->announced, 1);
	ck_assert_uint_eq(r.nupstreams, 2);
	u = find_up(&r, 26780, 3549);
	ck_assert_ptr_nonnull(u);
	ck_assert_int_eq(u->paths, 2);
	ck_assert_int_eq(u->vantage, 1);
	u = find_up(&r, 26780, 6939);
	ck_assert_ptr_nonnull(u);
	ck_assert_int_eq(u->paths, 3);
	ck_assert_int_eq(u->vantage, 2);
	/* links: 100-3549, 3549-26780, 200-6939, 300-6939, 6939-26780 */
	ck_assert_uint_eq(r.nlinks, 5);
	ck_assert_uint_eq(r.links[0].a, 100);
	ck_assert_uint_eq(r.links[0].b, 3549);
	ck_assert_int_eq(r.links[0].paths, 2);
	ck_assert_uint_eq(r.ntriplets, 3);
	ck_assert_uint_eq(r.triplets[0].a, 100);
	ck_assert_uint_eq(r.triplets[0].c, 26780);
	ck_assert_int_eq(r.triplets[0].paths, 2);
	bgp_obs_result_hash(&r, h1);
	r.upstreams[0].vantage++;
	bgp_obs_result_hash(&r, h2);
	ck_assert_str_ne(h1, h2);
	r.upstreams[0].vantage--;
	bgp_obs_result_hash(&r, h2);
	ck_assert_str_eq(h1, h2);
	bgp_obs_free(o);
}
END_TEST

START_TEST(test_withdraw)
{
	struct bgp_obs *o = bgp_obs_new();
	struct bgp_obs_result r;
	struct ipnet p1 = net("192.0.2.1/32"), p2 = net("192.0.2.2/32");
	struct ipnet a = net("198.51.100.0/24"), b = net("203.0.113.0/24");
	static const uint32_t x1[] = { 100, 3549, 26780 };
	static const uint32_t y1[] = { 100, 3549, 64999 };	/* private */
	static const uint32_t z1[] = { 200, 6939, 4000 };
	const struct bgp_origin *og;

	/* 26780 announced by two peers, withdrawn by both. */
	bgp_obs_path(o, &p1, 100, &a, 0, x1, 3, 0, 1);
	bgp_obs_path(o, &p2, 200, &a, 0, x1, 3, 0, 1);
	bgp_obs_withdraw(o, &p1, 100, &a, 0);
	/* The second peer's route replaced by one dropped. */
	bgp_obs_path(o, &p2, 200, &a, 0, y1, 3, 0, 1);
	/* 4000 announced, withdrawn, announced again. */
	bgp_obs_path(o, &p2, 200, &b, 0, z1, 3, 0, 1);
	bgp_obs_withdraw(o, &p2, 200, &b, 0);
	bgp_obs_path(o, &p2, 200, &b, 0, z1, 3, 0, 1);
	/* A withdrawal of a route never seen. */
	bgp_obs_withdraw(o, &p1, 100, &b, 0);
	bgp_obs_finish(o, &r);
	ck_assert_int_eq(r.withdrawals, 3);
	og = find_origin(&r, 26780);
	ck_assert_ptr_nonnull(og);
	ck_assert_int_eq(og->announced, 0);
	ck_assert_int_eq(og->paths, 2);
	og = find_origin(&r, 4000);
	ck_assert_ptr_nonnull(og);
	ck_assert_int_eq(og->announced, 1);
	ck_assert_int_eq(og->paths, 2);
	ck_assert_int_eq(og->prefixes, 1);
	ck_assert_int_eq(r.dropped[BGP_PATH_RESERVED], 1);
	bgp_obs_free(o);
}
END_TEST

/* Many distinct paths and peers: the tables grow and keep counts. */
START_TEST(test_many)
{
	struct bgp_obs *o = bgp_obs_new();
	struct bgp_obs_result r;
	struct ipnet peer = net("10.0.0.0/32"), pfx = net("10.0.0.0/24");
	uint32_t p[3];
	size_t i, k;

	for (i = 0; i < 20000; i++) {
		peer.addr[3] = (unsigned char)(i % 37);
		pfx.addr[1] = (unsigned char)(i / 256);
		pfx.addr[2] = (unsigned char)i;
		p[0] = 1000 + (uint32_t)(i % 37);
		p[1] = 2000 + (uint32_t)(i % 7);
		p[2] = 100000 + (uint32_t)(i % 1000);
		ck_assert_int_eq(bgp_obs_path(o, &peer, p[0], &pfx, 0, p, 3,
		    0, 0), BGP_PATH_OK);
	}
	bgp_obs_finish(o, &r);
	ck_assert_uint_eq(r.norigins, 1000);
	ck_assert_int_eq(r.vantage, 37);
	for (i = 0; i < r.norigins; i++) {
		ck_assert_int_eq(r.origins[i].paths, 20);
		ck_assert_int_eq(r.origins[i].prefixes, 20);
		ck_assert_int_eq(r.origins[i].vantage, 20);
	}
	for (i = k = 0; i < r.nupstreams; i++)
		k += (size_t)r.upstreams[i].paths;
	ck_assert_uint_eq(k, 20000);
	bgp_obs_free(o);
}
END_TEST

/*
 * A vantage point's repeated path is counted from its last one without
 * being cleaned again: the repeats must count as the first did, and an
 * empty path, the same words with an AS_SET, or a long path must not be
 * mistaken for the last one.
 */
START_TEST(test_repeats)
{
	struct bgp_obs *o = bgp_obs_new();
	struct bgp_obs_result r;
	struct ipnet p1 = net("192.0.2.1/32"), p2 = net("192.0.2.2/32");
	struct ipnet pfx = net("10.0.0.0/24");
	uint32_t x[] = { 100, 3549, 3549, 26780 }, big[40];
	const struct bgp_origin *og;
	size_t i;

	/* An empty path first: nothing cached yet to match it. */
	ck_assert_int_eq(bgp_obs_path(o, &p1, 100, &pfx, 0, x, 0, 0, 0),
	    BGP_PATH_EMPTY);
	for (i = 0; i < 5; i++) {
		pfx.addr[2] = (unsigned char)i;
		ck_assert_int_eq(bgp_obs_path(o, &p1, 100, &pfx, 0, x, 4, 0,
		    0), BGP_PATH_OK);
	}
	/* After a cached path: empty, and the same words with a set. */
	ck_assert_int_eq(bgp_obs_path(o, &p1, 100, &pfx, 0, x, 0, 0, 0),
	    BGP_PATH_EMPTY);
	ck_assert_int_eq(bgp_obs_path(o, &p1, 100, &pfx, 0, x, 4, 1, 0),
	    BGP_PATH_SET);
	/* Another peer, the same words: a path of its own. */
	ck_assert_int_eq(bgp_obs_path(o, &p2, 200, &pfx, 0, x, 4, 0, 0),
	    BGP_PATH_OK);
	/* A long path (prepending), repeated. */
	for (i = 0; i < 40; i++)
		big[i] = i < 30 ? 300 : 4000;
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(bgp_obs_path(o, &p2, 200, &pfx, 0, big, 40,
		    0, 0), BGP_PATH_OK);
	/* Back to the first path of p1, after a different one. */
	x[3] = 4000;
	ck_assert_int_eq(bgp_obs_path(o, &p1, 100, &pfx, 0, x, 4, 0, 0),
	    BGP_PATH_OK);
	x[3] = 26780;
	ck_assert_int_eq(bgp_obs_path(o, &p1, 100, &pfx, 0, x, 4, 0, 0),
	    BGP_PATH_OK);
	bgp_obs_finish(o, &r);
	ck_assert_int_eq(r.accepted, 11);
	ck_assert_int_eq(r.dropped[BGP_PATH_EMPTY], 2);
	ck_assert_int_eq(r.dropped[BGP_PATH_SET], 1);
	og = find_origin(&r, 26780);
	ck_assert_ptr_nonnull(og);
	ck_assert_int_eq(og->paths, 7);
	ck_assert_int_eq(og->vantage, 2);
	ck_assert_int_eq(og->prefixes, 5);
	og = find_origin(&r, 4000);
	ck_assert_ptr_nonnull(og);
	ck_assert_int_eq(og->paths, 4);
	ck_assert_int_eq(og->vantage, 2);
	ck_assert_ptr_nonnull(find_up(&r, 4000, 300));
	ck_assert_int_eq(find_up(&r, 4000, 300)->paths, 3);
	ck_assert_int_eq(find_up(&r, 4000, 3549)->paths, 1);
	ck_assert_int_eq(find_up(&r, 26780, 3549)->paths, 7);
	ck_assert_int_eq(find_up(&r, 26780, 3549)->vantage, 2);
	bgp_obs_free(o);
}
END_TEST

/*
 * bgp_path_prepare() and bgp_obs_prepared() (the import's reader thread
 * and counting thread) count what bgp_obs_path() counts, alone or
 * alternating with it on one bgp_obs: random RIB entries, announcements
 * and withdrawals from a few peers, with prepending, loops, sets,
 * reserved AS numbers, empty and repeated paths.  mode 0: bgp_obs_path()
 * only; 1: prepared only; 2: alternating.
 */
static void
feed_random(struct bgp_obs *o, int mode, char hex[SHA256_HEXLEN])
{
	struct bgp_obs_result r;
	struct bgp_path_prepared pp;
	struct ipnet peer = net("192.0.2.0/32"), pfx = net("10.0.0.0/24");
	uint32_t x = 12345, path[12], clean[12];
	size_t i, n = 0, j;
	int why, why2, update, has_set;

	for (i = 0; i < 30000; i++) {
		x = x * 1103515245u + 12345u;
		peer.addr[3] = (unsigned char)(x >> 8) % 5;
		pfx.addr[2] = (unsigned char)((x >> 12) % 40);
		update = (x >> 20) % 3 == 0;
		if (update && (x >> 22) % 4 == 0) {
			bgp_obs_withdraw(o, &peer, 100 + peer.addr[3], &pfx, 0);
			continue;
		}
		/* Often the peer's last path again. */
		if ((x >> 24) % 3 != 0 || i == 0) {
			n = (x >> 16) % 7;
			for (j = 0; j < n; j++) {
				x = x * 1103515245u + 12345u;
				path[j] = (x >> 16) % 9 == 0 ? 64512 :
				    1 + (x >> 16) % 6;
			}
		}
		has_set = (x >> 28) % 17 == 0;
		if (mode == 0 || (mode == 2 && i % 2 == 0))
			why = bgp_obs_path(o, &peer, 100 + peer.addr[3], &pfx,
			    0, path, n, has_set, update);
		else {
			bgp_path_prepare(path, n, has_set, clean, &pp);
			why = bgp_obs_prepared(o, &peer, 100 + peer.addr[3],
			    &pfx, 0, &pp, update);
		}
		why2 = bgp_path_clean(path, n, has_set, clean, &j);
		ck_assert_int_eq(why, why2);
	}
	bgp_obs_finish(o, &r);
	ck_assert_int_gt(r.accepted, 5000);
	ck_assert_int_gt(r.dropped[BGP_PATH_LOOP], 100);
	ck_assert_int_gt(r.dropped[BGP_PATH_RESERVED], 100);
	ck_assert_int_gt(r.withdrawals, 100);
	bgp_obs_result_hash(&r, hex);
}

START_TEST(test_prepared)
{
	char h[3][SHA256_HEXLEN];
	int m;

	for (m = 0; m < 3; m++) {
		struct bgp_obs *o = bgp_obs_new();

		feed_random(o, m, h[m]);
		bgp_obs_free(o);
	}
	ck_assert_str_eq(h[1], h[0]);
	ck_assert_str_eq(h[2], h[0]);
}
END_TEST

/* A vantage point's first path, the same as another's: its own. */
START_TEST(test_prepared_new_peer)
{
	struct bgp_obs *o = bgp_obs_new();
	struct bgp_obs_result r;
	struct bgp_path_prepared pp;
	struct ipnet p1 = net("192.0.2.1/32"), p2 = net("192.0.2.2/32");
	struct ipnet pfx = net("10.0.0.0/24");
	uint32_t x[] = { 100, 3549, 26780 }, clean[3];

	bgp_path_prepare(x, 3, 0, clean, &pp);
	ck_assert_int_eq(bgp_obs_prepared(o, &p1, 100, &pfx, 0, &pp, 0),
	    BGP_PATH_OK);
	ck_assert_int_eq(bgp_obs_prepared(o, &p2, 100, &pfx, 0, &pp, 0),
	    BGP_PATH_OK);
	bgp_obs_finish(o, &r);
	ck_assert_int_eq(find_up(&r, 26780, 3549)->paths, 2);
	ck_assert_int_eq(find_up(&r, 26780, 3549)->vantage, 2);
	bgp_obs_free(o);
}
END_TEST

/* Whether a result's rows are in the documented order, each key once. */
static int
key_lt(const uint32_t *x, const uint32_t *y, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (x[i] != y[i])
			return x[i] < y[i];
	return 0;
}

/*
 * AS numbers across the whole 32-bit range (4-byte ASNs use the top
 * bits the sort otherwise skips): every row in order, the sums kept.
 */
START_TEST(test_order)
{
	struct bgp_obs *o = bgp_obs_new();
	struct bgp_obs_result r;
	struct ipnet peer = net("192.0.2.1/32"), pfx = net("10.0.0.0/24");
	uint32_t p[4], s = 12345;
	size_t i, npaths = 0;
	int64_t sum = 0;

	for (i = 0; i < 5000; i++) {
		size_t k;

		peer.addr[3] = (unsigned char)(i % 11);
		pfx.addr[1] = (unsigned char)(i >> 8);
		pfx.addr[2] = (unsigned char)i;
		for (k = 0; k < 4; k++) {
			s = s * 1103515245u + 12345u;
			/* Small numbers often, so that keys repeat. */
			p[k] = k == 0 ? 1 + (uint32_t)(i % 11) :
			    (s >> 8) % 3 == 0 ? 1 + (s >> 12) % 50 :
			    1 + s % 4199999999u;
		}
		if (bgp_obs_path(o, &peer, p[0], &pfx, 0, p, 4, 0, 0) ==
		    BGP_PATH_OK)
			npaths++;
	}
	bgp_obs_finish(o, &r);
	ck_assert_int_eq(r.accepted, (int64_t)npaths);
	ck_assert_uint_gt(r.ntriplets, 1000);
	for (i = 1; i < r.norigins; i++)
		ck_assert(r.origins[i - 1].asn < r.origins[i].asn);
	for (i = 1; i < r.nupstreams; i++) {
		uint32_t x[2] = { r.upstreams[i - 1].origin,
		    r.upstreams[i - 1].upstream }, y[2] = {
		    r.upstreams[i].origin, r.upstreams[i].upstream };

		ck_assert(key_lt(x, y, 2));
	}
	for (i = 1; i < r.nlinks; i++) {
		uint32_t x[2] = { r.links[i - 1].a, r.links[i - 1].b },
		    y[2] = { r.links[i].a, r.links[i].b };

		ck_assert(key_lt(x, y, 2));
	}
	for (i = 0; i < r.ntriplets; i++) {
		sum += r.triplets[i].paths;
		if (i > 0) {
			uint32_t x[3] = { r.triplets[i - 1].a,
			    r.triplets[i - 1].b, r.triplets[i - 1].c }, y[3] = {
			    r.triplets[i].a, r.triplets[i].b, r.triplets[i].c };

			ck_assert(key_lt(x, y, 3));
		}
	}
	/* Every accepted path has four distinct ASes here, or fewer when
	   a repeat collapsed: at most two triplets each. */
	ck_assert_int_le(sum, 2 * (int64_t)npaths);
	ck_assert_int_gt(sum, (int64_t)npaths);
	bgp_obs_free(o);
}
END_TEST

/* The hashed lines are exactly the documented text. */
START_TEST(test_hash_text)
{
	struct bgp_origin og[2] = { { 1, 0, 0, 0, 0 },
	    { 4294967295u, INT64_MAX, 9, 10, 1 } };
	struct bgp_upstream up = { 26780, 3549, 1234567890123LL, 7 };
	struct bgp_link ln = { 3549, 26780, 2, 1 };
	struct bgp_triplet tr = { 7018, 3549, 26780, 100 };
	struct bgp_obs_result r;
	unsigned char d[SHA256_LEN];
	char want[SHA256_HEXLEN], got[SHA256_HEXLEN];
	static const char text[] =
	    "o 1 0 0 0 0\n"
	    "o 4294967295 9223372036854775807 9 10 1\n"
	    "u 26780 3549 1234567890123 7\n"
	    "l 3549 26780 2 1\n"
	    "t 7018 3549 26780 100\n";
	struct bgp_triplet *many;
	struct bgp_obs_hasher *h;
	char *big;
	size_t i, len = 0;

	memset(&r, 0, sizeof(r));
	r.origins = og;
	r.norigins = 2;
	r.upstreams = &up;
	r.nupstreams = 1;
	r.links = &ln;
	r.nlinks = 1;
	r.triplets = &tr;
	r.ntriplets = 1;
	sha256_buf(text, strlen(text), d);
	sha256_hex(d, want);
	bgp_obs_result_hash(&r, got);
	ck_assert_str_eq(got, want);
	/* Many lines: past the hasher's buffer. */
	many = calloc(5000, sizeof(*many));
	big = malloc(5000 * 64);
	for (i = 0; i < 5000; i++) {
		many[i].a = (uint32_t)i;
		many[i].b = (uint32_t)i * 7919u;
		many[i].c = 4000000000u - (uint32_t)i;
		many[i].paths = (int64_t)i * 1000003;
		len += (size_t)sprintf(big + len, "t %u %u %u %lld\n",
		    many[i].a, many[i].b, many[i].c,
		    (long long)many[i].paths);
	}
	h = bgp_obs_hasher_new();
	for (i = 0; i < 5000; i++)
		bgp_obs_hash_triplet(h, &many[i]);
	bgp_obs_hasher_end(h, got);
	sha256_buf(big, len, d);
	sha256_hex(d, want);
	ck_assert_str_eq(got, want);
	free(many);
	free(big);
}
END_TEST

Suite *
bgp_obs_suite(void)
{
	Suite *s = suite_create("bgp_obs");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_reserved);
	tcase_add_test(tc, test_clean);
	tcase_add_test(tc, test_counts);
	tcase_add_test(tc, test_withdraw);
	tcase_add_test(tc, test_many);
	tcase_add_test(tc, test_repeats);
	tcase_add_test(tc, test_prepared);
	tcase_add_test(tc, test_prepared_new_peer);
	tcase_add_test(tc, test_order);
	tcase_add_test(tc, test_hash_text);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}
