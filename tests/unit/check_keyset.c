/*
 * check_keyset.c - the packed set of 128-bit keys behind the duplicate
 * check of evidence import.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "keyset.h"

/* A well-mixed 64-bit value (splitmix64), for keys that look like digests. */
static uint64_t
mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

START_TEST(test_add_find_grow)
{
	struct keyset s = KEYSET_INIT;
	uint64_t k[2];
	size_t i, n = 100000;

	ck_assert_int_eq(keyset_find(&s, (uint64_t[2]){ 1, 2 }), -1);
	for (i = 0; i < n; i++) {
		k[0] = mix(2 * i);
		k[1] = mix(2 * i + 1);
		ck_assert_int_eq(keyset_add(&s, k), -1);
	}
	ck_assert_uint_eq(s.n, n);
	/* Every key kept its number through the table's growth. */
	for (i = 0; i < n; i++) {
		k[0] = mix(2 * i);
		k[1] = mix(2 * i + 1);
		ck_assert_int_eq(keyset_find(&s, k), (int64_t)i);
		ck_assert_int_eq(keyset_add(&s, k), (int64_t)i);
	}
	ck_assert_uint_eq(s.n, n);
	ck_assert_uint_le(2 * s.n, s.mask + 1);
	k[0] = mix(2 * n);
	k[1] = mix(2 * n + 1);
	ck_assert_int_eq(keyset_find(&s, k), -1);
	keyset_release(&s);
}
END_TEST

/*
 * Keys that share their tag (and so their home slot) but differ
 * elsewhere are different keys: a matching tag is only a hint.
 */
START_TEST(test_same_tag_different_keys)
{
	struct keyset s = KEYSET_INIT;
	uint64_t a[2] = { 0x1234567800000001ULL, 7 };
	uint64_t b[2] = { 0x1234567800000001ULL, 8 };
	uint64_t c[2] = { 0x1234567800000002ULL, 7 };
	uint64_t d[2] = { 0x1234567900000001ULL, 7 };

	ck_assert_int_eq(keyset_add(&s, a), -1);
	ck_assert_int_eq(keyset_add(&s, b), -1);
	ck_assert_int_eq(keyset_add(&s, c), -1);
	ck_assert_int_eq(keyset_find(&s, d), -1);
	ck_assert_int_eq(keyset_add(&s, d), -1);
	ck_assert_int_eq(keyset_find(&s, a), 0);
	ck_assert_int_eq(keyset_find(&s, b), 1);
	ck_assert_int_eq(keyset_find(&s, c), 2);
	ck_assert_int_eq(keyset_find(&s, d), 3);
	ck_assert_int_eq(keyset_add(&s, c), 2);
	ck_assert_uint_eq(s.n, 4);
	keyset_release(&s);
}
END_TEST

/* Many keys with one home slot: probing wraps and still finds each. */
START_TEST(test_long_probe_runs)
{
	struct keyset s = KEYSET_INIT;
	uint64_t k[2];
	size_t i;

	for (i = 0; i < 3000; i++) {
		k[0] = 0x000003ffULL << 32 | i;	/* the table's last slot */
		k[1] = i;
		ck_assert_int_eq(keyset_add(&s, k), -1);
	}
	for (i = 0; i < 3000; i++) {
		k[0] = 0x000003ffULL << 32 | i;
		k[1] = i;
		ck_assert_int_eq(keyset_find(&s, k), (int64_t)i);
	}
	keyset_release(&s);
}
END_TEST

/* Reserving first places the same keys as adding one at a time. */
START_TEST(test_reserve)
{
	struct keyset s = KEYSET_INIT;
	uint64_t keys[5000][2];
	size_t i, mask;

	for (i = 0; i < 5000; i++) {
		keys[i][0] = mix(i);
		keys[i][1] = i;
	}
	keyset_reserve(&s, (const uint64_t (*)[2])keys, 5000);
	mask = s.mask;
	ck_assert_uint_ge(mask + 1, 2 * 5000);
	for (i = 0; i < 5000; i++)
		ck_assert_int_eq(keyset_add(&s, keys[i]), -1);
	ck_assert_uint_eq(s.mask, mask);	/* nothing moved */
	for (i = 0; i < 5000; i++)
		ck_assert_int_eq(keyset_find(&s, keys[i]), (int64_t)i);
	keyset_release(&s);
}
END_TEST

Suite *
keyset_suite(void)
{
	Suite *s = suite_create("keyset");
	TCase *tc = tcase_create("keyset");

	tcase_add_test(tc, test_add_find_grow);
	tcase_add_test(tc, test_same_tag_different_keys);
	tcase_add_test(tc, test_long_probe_runs);
	tcase_add_test(tc, test_reserve);
	suite_add_tcase(s, tc);
	return s;
}
