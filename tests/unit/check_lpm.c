/*
 * check_lpm.c - lpm.c: hand-picked nesting cases, random tables checked
 * lookup by lookup against a linear scan for the longest covering
 * prefix (both families, short and duplicate prefixes included), and a
 * table of a million prefixes, the size of a full BGP table, with its
 * memory checked against lpm.h's bound.
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lpm.h"

Suite	*lpm_suite(void);

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

static const char *
look(const struct lpm *t, const char *q)
{
	struct ipnet n = P(q);

	return lpm_lookup(t, &n, NULL);
}

START_TEST(test_basic)
{
	struct lpm t = LPM_INIT;
	struct ipnet n, f;
	const char *v[] = { "8", "16", "24", "v6", "0", "v6-32" };

	ck_assert_ptr_null(look(&t, "10.1.2.3"));
	n = P("10.0.0.0/8");
	ck_assert_int_eq(lpm_insert(&t, &n, (void *)v[0]), 0);
	n = P("10.1.2.0/24");
	ck_assert_int_eq(lpm_insert(&t, &n, (void *)v[2]), 0);
	n = P("10.1.0.0/16");
	ck_assert_int_eq(lpm_insert(&t, &n, (void *)v[1]), 0);
	n = P("::/0");
	ck_assert_int_eq(lpm_insert(&t, &n, (void *)v[3]), 0);
	n = P("2001:db8::/32");
	ck_assert_int_eq(lpm_insert(&t, &n, (void *)v[5]), 0);
	/* A second insert of a prefix keeps the first value. */
	n = P("10.1.0.0/16");
	ck_assert_int_eq(lpm_insert(&t, &n, (void *)v[4]), 1);
	ck_assert_uint_eq(lpm_count(&t), 5);

	ck_assert_str_eq(look(&t, "10.1.2.3"), "24");
	ck_assert_str_eq(look(&t, "10.1.3.3"), "16");
	ck_assert_str_eq(look(&t, "10.2.0.0"), "8");
	ck_assert_str_eq(look(&t, "10.1.0.0/16"), "16");
	ck_assert_str_eq(look(&t, "10.0.0.0/15"), "8");
	ck_assert_ptr_null(look(&t, "11.0.0.0"));
	ck_assert_ptr_null(look(&t, "0.0.0.0/0"));
	ck_assert_str_eq(look(&t, "::ffff:10.1.2.3"), "v6");
	ck_assert_str_eq(look(&t, "2001:db8::1"), "v6-32");
	ck_assert_str_eq(look(&t, "2001:db9::1"), "v6");
	n = P("10.1.2.99");
	ck_assert_str_eq(lpm_lookup(&t, &n, &f), "24");
	ck_assert_int_eq(f.plen, 24);
	ck_assert_int_eq(f.addr[3], 0);
	lpm_release(&t);
	ck_assert_ptr_null(look(&t, "10.1.2.3"));
}
END_TEST

/* A random prefix: lengths spread over the family, and some near 0. */
static void
rand_net(struct ipnet *n, int family, int maxlen)
{
	int bytes = family == AF_INET ? 4 : 16, i;

	memset(n, 0, sizeof(*n));
	n->family = family;
	/* A few leading bytes from a small set, so prefixes nest. */
	for (i = 0; i < bytes; i++)
		n->addr[i] = (unsigned char)(i < 2 ? rand() % 4 : rand());
	n->plen = rand() % (maxlen + 1);
	ipnet_mask(n);
}

/* The longest of v[0..nv) covering q, first one on ties: a scan. */
static const struct ipnet *
scan(const struct ipnet *v, size_t nv, const struct ipnet *q)
{
	const struct ipnet *best = NULL;
	size_t i;

	for (i = 0; i < nv; i++)
		if (ipnet_contains(&v[i], q) &&
		    (best == NULL || v[i].plen > best->plen))
			best = &v[i];
	return best;
}

START_TEST(test_random)
{
	struct lpm t = LPM_INIT;
	struct ipnet *v, q;
	const struct ipnet *want;
	void *got;
	size_t nv, i, round;
	int fam;

	srand(1918);
	for (round = 0; round < 40; round++) {
		nv = 1 + (size_t)rand() % 600;
		v = calloc(nv, sizeof(*v));
		for (i = 0; i < nv; i++) {
			fam = rand() % 2 ? AF_INET : AF_INET6;
			rand_net(&v[i], fam, fam == AF_INET ? 32 : 48);
			lpm_insert(&t, &v[i], &v[i]);
		}
		for (i = 0; i < 3000; i++) {
			fam = rand() % 2 ? AF_INET : AF_INET6;
			if (i % 2)
				rand_net(&q, fam, fam == AF_INET ? 32 : 128);
			else {
				/* An address inside a stored prefix. */
				q = v[(size_t)rand() % nv];
				q.addr[q.family == AF_INET ? 3 : 15] ^=
				    (unsigned char)rand();
				q.plen = q.family == AF_INET ? 32 : 128;
			}
			want = scan(v, nv, &q);
			got = lpm_lookup(&t, &q, NULL);
			ck_assert_ptr_eq(got, want);
		}
		lpm_release(&t);
		free(v);
	}
}
END_TEST

/*
 * A full-table-sized build: a million distinct prefixes, /16 to /24
 * IPv4 (most of them /24) and /19 to /48 IPv6, about 5 to 1 as in a BGP
 * table.  The
 * memory must stay inside lpm.h's bound of 32 bytes a node, 2n nodes and
 * 8 bytes a value, with array doubling on top (x2).
 */
START_TEST(test_million)
{
	struct lpm t = LPM_INIT;
	struct ipnet n;
	size_t i, added = 0, mem;
	uint32_t x = 2463534242U;

	for (i = 0; added < 1000000 && i < 4000000; i++) {
		memset(&n, 0, sizeof(n));
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		if (i % 6 != 0) {
			n.family = AF_INET;
			memcpy(n.addr, &x, 4);
			n.plen = 24 - (int)(x % 13) % 9;	/* /16-/24 */
		} else {
			n.family = AF_INET6;
			n.addr[0] = 0x20;
			n.addr[1] = (unsigned char)(x >> 24);
			memcpy(n.addr + 2, &x, 4);
			n.plen = 19 + (int)(x % 30);
		}
		ipnet_mask(&n);
		if (lpm_insert(&t, &n, &t) == 0)
			added++;
	}
	mem = lpm_memory(&t);
	ck_assert_uint_eq(added, 1000000);
	ck_assert_uint_eq(lpm_count(&t), added);
	ck_assert_uint_le(mem, 2 * (added * 2 * 32 + added * 8));
	if (getenv("LPM_REPORT") != NULL)
		fprintf(stderr, "lpm: %zu prefixes, %u nodes, %zu bytes "
		    "(%.1f a prefix)\n", added, t.nnodes - 1, mem,
		    (double)mem / (double)added);
	lpm_release(&t);
}
END_TEST

Suite *
lpm_suite(void)
{
	Suite *s = suite_create("lpm");
	TCase *tc = tcase_create("lpm"), *big = tcase_create("million");

	tcase_add_test(tc, test_basic);
	tcase_add_test(tc, test_random);
	suite_add_tcase(s, tc);
	/* About a second at -O2; room for sanitizers and a busy machine. */
	tcase_set_timeout(big, 300);
	tcase_add_test(big, test_million);
	suite_add_tcase(s, big);
	return s;
}
