/*
 * check_bgp_pack.c - the packed links and triplets (bgp_pack.h): the
 * bytes of a small example pinned, random runs and the extremes of every
 * field packed and unpacked back, every cut and fault of the data
 * refused with its offset, and the merge of runs against a count made
 * the slow way.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "bgp_pack.h"

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* A number of a few bits, or near one of the ends of 32 bits. */
static uint32_t
rnd_asn(void)
{
	switch (rnd() % 4) {
	case 0:
		return (uint32_t)(rnd() % 8);
	case 1:
		return UINT32_MAX - (uint32_t)(rnd() % 4);
	default:
		return (uint32_t)(rnd() % 70000);
	}
}

static int64_t
rnd_count(void)
{
	return rnd() % 5 == 0 ? INT64_MAX - (int64_t)(rnd() % 3) :
	    (int64_t)(rnd() % 300);
}

static int
cmp_link(const void *x, const void *y)
{
	const struct bgp_link *a = x, *b = y;

	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	return a->b < b->b ? -1 : a->b > b->b;
}

static int
cmp_triplet(const void *x, const void *y)
{
	const struct bgp_triplet *a = x, *b = y;

	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	if (a->b != b->b)
		return a->b < b->b ? -1 : 1;
	return a->c < b->c ? -1 : a->c > b->c;
}

/* n random links, sorted and made distinct (the count may shrink). */
static struct bgp_link *
rnd_links(size_t *n)
{
	struct bgp_link *v = calloc(*n + 1, sizeof(*v));
	size_t i, k = 0;

	for (i = 0; i < *n; i++) {
		v[i].a = rnd_asn();
		v[i].b = rnd() % 3 == 0 ? v[i].a : rnd_asn();
		v[i].paths = rnd_count();
		v[i].vantage = rnd_count();
	}
	qsort(v, *n, sizeof(*v), cmp_link);
	for (i = 0; i < *n; i++)
		if (k == 0 || cmp_link(&v[k - 1], &v[i]) != 0)
			v[k++] = v[i];
	*n = k;
	return v;
}

static struct bgp_triplet *
rnd_triplets(size_t *n)
{
	struct bgp_triplet *v = calloc(*n + 1, sizeof(*v));
	size_t i, k = 0;

	for (i = 0; i < *n; i++) {
		v[i].a = rnd_asn();
		v[i].b = rnd() % 3 == 0 ? v[i].a : rnd_asn();
		v[i].c = rnd() % 3 == 0 ? v[i].b : rnd_asn();
		v[i].paths = rnd_count();
	}
	qsort(v, *n, sizeof(*v), cmp_triplet);
	for (i = 0; i < *n; i++)
		if (k == 0 || cmp_triplet(&v[k - 1], &v[i]) != 0)
			v[k++] = v[i];
	*n = k;
	return v;
}

START_TEST(test_bytes)
{
	static const struct bgp_triplet t[] = {
		{ 1, 2, 3, 5 }, { 1, 2, 4, 1 }, { 1, 3, 0, 2 }, { 7, 0, 0, 0 },
	};
	static const uint8_t tb[] = { 1, 1, 2, 3, 5, 0, 0, 0, 1, 0, 1, 0, 2,
	    6, 0, 0, 0 };
	static const struct bgp_link l[] = {
		{ 1, 2, 3, 4 }, { 1, 5, 1, 1 }, { 300, 0, 0, 0 },
		{ UINT32_MAX, UINT32_MAX, 128, 0 },
	};
	static const uint8_t lb[] = { 1, 1, 2, 3, 4, 0, 2, 1, 1, 0xab, 0x02,
	    0, 0, 0, 0xd3, 0xfd, 0xff, 0xff, 0x0f, 0xff, 0xff, 0xff, 0xff,
	    0x0f, 0x80, 0x01, 0 };
	uint8_t *p;
	size_t len;

	p = bgp_pack_triplets(t, 4, &len);
	ck_assert_uint_eq(len, sizeof(tb));
	ck_assert_mem_eq(p, tb, len);
	free(p);
	p = bgp_pack_links(l, 4, &len);
	ck_assert_uint_eq(len, sizeof(lb));
	ck_assert_mem_eq(p, lb, len);
	free(p);
	p = bgp_pack_links(NULL, 0, &len);
	ck_assert_uint_eq(len, 1);
	ck_assert_uint_eq(p[0], BGP_PACK_VERSION);
	free(p);
}
END_TEST

START_TEST(test_round_trip)
{
	size_t sizes[] = { 0, 1, 2, 3, 10, 100, 5000 }, s, n, len, at, i;
	const char *why;

	for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		struct bgp_link *l, *lo = NULL;
		struct bgp_triplet *t, *to = NULL;
		uint8_t *p;

		n = sizes[s];
		l = rnd_links(&n);
		p = bgp_pack_links(l, n, &len);
		ck_assert_int_eq(bgp_unpack_links(p, len, (int64_t)n, &lo,
		    &why, &at), 0);
		if (n > 0)
			ck_assert_mem_eq(lo, l, n * sizeof(*l));
		free(p);
		free(l);
		free(lo);

		n = sizes[s];
		t = rnd_triplets(&n);
		p = bgp_pack_triplets(t, n, &len);
		ck_assert_int_eq(bgp_unpack_triplets(p, len, (int64_t)n, &to,
		    &why, &at), 0);
		for (i = 0; i < n; i++)
			ck_assert(cmp_triplet(&to[i], &t[i]) == 0 &&
			    to[i].paths == t[i].paths);
		/* As rows, these would take about 18 bytes each. */
		if (n > 1000)
			ck_assert_uint_lt(len, n * 12);
		free(p);
		free(t);
		free(to);
	}
}
END_TEST

/* Every cut of the data, and every wrong count, is refused. */
START_TEST(test_cuts)
{
	size_t n = 200, len, cut, at;
	struct bgp_triplet *t = rnd_triplets(&n), *to;
	struct bgp_link *l = rnd_links(&n), *lo;
	const char *why;
	uint8_t *p;

	p = bgp_pack_triplets(t, n, &len);
	for (cut = 0; cut < len; cut++) {
		to = (void *)1;
		ck_assert_int_eq(bgp_unpack_triplets(p, cut, (int64_t)n, &to,
		    &why, &at), -1);
		ck_assert_ptr_eq(to, (void *)1);
		ck_assert_uint_le(at, cut);
	}
	ck_assert_int_eq(bgp_unpack_triplets(p, len, (int64_t)n - 1, &to,
	    &why, &at), -1);
	ck_assert_str_eq(why, "bytes follow the last record");
	ck_assert_int_eq(bgp_unpack_triplets(p, len, (int64_t)n + 1, &to,
	    &why, &at), -1);
	ck_assert_int_eq(bgp_unpack_triplets(p, len, INT64_MAX, &to, &why,
	    &at), -1);
	ck_assert_str_eq(why, "the count of records does not fit the data");
	ck_assert_int_eq(bgp_unpack_triplets(p, len, -1, &to, &why, &at), -1);
	p[0] = 2;
	ck_assert_int_eq(bgp_unpack_triplets(p, len, (int64_t)n, &to, &why,
	    &at), -1);
	ck_assert_str_eq(why, "the data is of an unknown version");
	free(p);
	free(t);

	p = bgp_pack_links(l, n, &len);
	for (cut = 0; cut < len; cut++)
		ck_assert_int_eq(bgp_unpack_links(p, cut, (int64_t)n, &lo,
		    &why, &at), -1);
	ck_assert_int_eq(bgp_unpack_links(p, len, (int64_t)n - 1, &lo,
	    &why, &at), -1);
	free(p);
	free(l);
	ck_assert_int_eq(bgp_unpack_links(NULL, 0, 0, &lo, &why, &at), -1);
	ck_assert_str_eq(why, "the data is empty");
}
END_TEST

struct bad {
	const char	*what;
	uint8_t		 b[24];
	size_t		 len;
	int64_t		 n;
	const char	*why;
	size_t		 at;
};

/* Faults in single fields, each with its message and offset. */
START_TEST(test_faults)
{
	static const struct bad bl[] = {
		{ "a of 2^32", { 1, 0x80, 0x80, 0x80, 0x80, 0x10, 0, 0, 0 }, 9,
		    1, "an AS number is past 4294967295", 1 },
		{ "a delta past 2^32", { 1, 0xfe, 0xff, 0xff, 0xff, 0x0f, 0, 0,
		    0, 2, 0, 0, 0 }, 13, 2, "an AS number is past 4294967295",
		    9 },
		{ "b after UINT32_MAX", { 1, 1, 0xff, 0xff, 0xff, 0xff, 0x0f,
		    0, 0, 0, 0, 0, 0 }, 13, 2,
		    "an AS number is past 4294967295", 10 },
		{ "a long zero", { 1, 0x80, 0x00, 2, 0, 0 }, 6, 1,
		    "a number is not in its shortest form", 1 },
		{ "11 bytes", { 1, 1, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		    0xff, 0xff, 0xff, 0xff, 0x01, 0 }, 15, 1,
		    "a number is longer than 64 bits", 3 },
		{ "paths of 2^63", { 1, 1, 2, 0x80, 0x80, 0x80, 0x80, 0x80,
		    0x80, 0x80, 0x80, 0x80, 0x01, 0 }, 14, 1,
		    "a count is past 2^63", 3 },
		{ "ends in a number", { 1, 1, 2, 3, 0x80 }, 5, 1,
		    "the data ends inside a number", 4 },
	};
	struct bgp_link *lo;
	const char *why;
	size_t i, at;

	for (i = 0; i < sizeof(bl) / sizeof(bl[0]); i++) {
		why = NULL;
		at = 999;
		ck_assert_msg(bgp_unpack_links(bl[i].b, bl[i].len, bl[i].n,
		    &lo, &why, &at) == -1, "%s", bl[i].what);
		ck_assert_msg(why != NULL && strcmp(why, bl[i].why) == 0,
		    "%s: %s", bl[i].what, why);
		ck_assert_msg(at == bl[i].at, "%s: at %zu", bl[i].what, at);
	}
}
END_TEST

START_TEST(test_triplet_faults)
{
	/* b + db past 2^32, then c after UINT32_MAX with b and a the same. */
	static const uint8_t b1[] = { 1, 0, 0xff, 0xff, 0xff, 0xff, 0x0f, 0,
	    0, 0, 1, 0, 0 };
	static const uint8_t b2[] = { 1, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x0f,
	    0, 0, 0, 0, 0 };
	struct bgp_triplet *to;
	const char *why;
	size_t at;

	ck_assert_int_eq(bgp_unpack_triplets(b1, sizeof(b1), 2, &to, &why,
	    &at), -1);
	ck_assert_str_eq(why, "an AS number is past 4294967295");
	ck_assert_uint_eq(at, 10);
	ck_assert_int_eq(bgp_unpack_triplets(b2, sizeof(b2), 2, &to, &why,
	    &at), -1);
	ck_assert_str_eq(why, "an AS number is past 4294967295");
	ck_assert_uint_eq(at, 11);
}
END_TEST

/* Merging runs one by one gives what summing them all the slow way gives. */
START_TEST(test_merge)
{
	struct bgp_triplet *acc = NULL, *all = NULL, *tmp;
	struct bgp_link *lacc = NULL, *lall = NULL, *ltmp;
	size_t nacc = 0, nall = 0, lnacc = 0, lnall = 0, r, n, i, k;

	for (r = 0; r < 6; r++) {
		struct bgp_triplet *t;
		struct bgp_link *l;

		n = 300;
		t = rnd_triplets(&n);
		for (i = 0; i < n; i++)
			t[i].paths = (int64_t)(rnd() % 50);
		tmp = malloc((nacc + n + 1) * sizeof(*tmp));
		nacc = bgp_triplets_merge(acc, nacc, t, n, tmp);
		free(acc);
		acc = tmp;
		all = realloc(all, (nall + n) * sizeof(*all));
		memcpy(all + nall, t, n * sizeof(*t));
		nall += n;
		free(t);

		n = 300;
		l = rnd_links(&n);
		for (i = 0; i < n; i++) {
			l[i].paths = (int64_t)(rnd() % 50);
			l[i].vantage = (int64_t)(rnd() % 50);
		}
		ltmp = malloc((lnacc + n + 1) * sizeof(*ltmp));
		lnacc = bgp_links_merge(lacc, lnacc, l, n, ltmp);
		free(lacc);
		lacc = ltmp;
		lall = realloc(lall, (lnall + n) * sizeof(*lall));
		memcpy(lall + lnall, l, n * sizeof(*l));
		lnall += n;
		free(l);
	}
	qsort(all, nall, sizeof(*all), cmp_triplet);
	for (i = k = 0; i < nall; i++) {
		if (k > 0 && cmp_triplet(&all[k - 1], &all[i]) == 0)
			all[k - 1].paths += all[i].paths;
		else
			all[k++] = all[i];
	}
	ck_assert_uint_eq(nacc, k);
	for (i = 0; i < k; i++)
		ck_assert(cmp_triplet(&acc[i], &all[i]) == 0 &&
		    acc[i].paths == all[i].paths);
	qsort(lall, lnall, sizeof(*lall), cmp_link);
	for (i = k = 0; i < lnall; i++) {
		if (k > 0 && cmp_link(&lall[k - 1], &lall[i]) == 0) {
			lall[k - 1].paths += lall[i].paths;
			if (lall[i].vantage > lall[k - 1].vantage)
				lall[k - 1].vantage = lall[i].vantage;
		} else
			lall[k++] = lall[i];
	}
	ck_assert_uint_eq(lnacc, k);
	ck_assert_mem_eq(lacc, lall, k * sizeof(*lall));
	ck_assert_uint_lt(k, lnall);	/* some keys did meet */
	free(acc);
	free(all);
	free(lacc);
	free(lall);
}
END_TEST

/* Counts that would wrap stop at the largest one. */
START_TEST(test_merge_saturates)
{
	struct bgp_triplet a = { 1, 2, 3, INT64_MAX - 1 }, b = { 1, 2, 3, 5 },
	    out[2];

	ck_assert_uint_eq(bgp_triplets_merge(&a, 1, &b, 1, out), 1);
	ck_assert_int_eq(out[0].paths, INT64_MAX);
}
END_TEST

Suite *
bgp_pack_suite(void)
{
	Suite *s = suite_create("bgp_pack");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_bytes);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_cuts);
	tcase_add_test(tc, test_faults);
	tcase_add_test(tc, test_triplet_faults);
	tcase_add_test(tc, test_merge);
	tcase_add_test(tc, test_merge_saturates);
	suite_add_tcase(s, tc);
	return s;
}
