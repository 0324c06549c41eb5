/*
 * check_util.c - array growth (GROW, xreallocarray) and the dp_err
 * helpers.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "exitcodes.h"
#include "util.h"

START_TEST(test_grow_append)
{
	int *v = NULL;
	size_t n = 0, cap = 0, i;

	for (i = 0; i < 1000; i++) {
		GROW(v, n + 1, cap);
		v[n++] = (int)i;
	}
	ck_assert_uint_eq(n, 1000);
	ck_assert_uint_eq(cap, 1024);
	for (i = 0; i < n; i++)
		ck_assert_int_eq(v[i], (int)i);
	free(v);
}
END_TEST

START_TEST(test_grow_no_shrink)
{
	char *v = NULL;
	size_t cap = 0;
	char *keep;

	GROW(v, 3, cap);
	ck_assert_uint_eq(cap, 8);
	keep = v;
	GROW(v, 8, cap);	/* fits: nothing moves */
	ck_assert_ptr_eq(v, keep);
	ck_assert_uint_eq(cap, 8);
	GROW(v, 100, cap);	/* a jump straight past several doublings */
	ck_assert_uint_eq(cap, 128);
	GROW(v, 1, cap);
	ck_assert_uint_eq(cap, 128);
	free(v);
}
END_TEST

START_TEST(test_grow_cap)
{
	ck_assert_uint_eq(grow_cap(0, 1), 8);
	ck_assert_uint_eq(grow_cap(8, 9), 16);
	ck_assert_uint_eq(grow_cap(10, 11), 20);
	ck_assert_uint_eq(grow_cap(0, 1000), 1024);
}
END_TEST

START_TEST(test_grow_cap_overflow)
{
	grow_cap(8, SIZE_MAX);
}
END_TEST

START_TEST(test_reallocarray_overflow)
{
	void *p = xreallocarray(NULL, SIZE_MAX / 2, 4);

	free(p);
}
END_TEST

START_TEST(test_reallocarray)
{
	long *p = xreallocarray(NULL, 4, sizeof(*p));

	p[3] = 7;
	p = xreallocarray(p, 16, sizeof(*p));
	ck_assert_int_eq(p[3], 7);
	free(p);
}
END_TEST

/* Zeroed however large (fresh pages and reused ones alike), and an
   overflowing size dies rather than wraps. */
START_TEST(test_calloc_written)
{
	size_t sizes[] = { 0, 1, 100, 1 << 20, 3 << 20 }, i, k;
	unsigned char *p;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		/* A block freed dirty first, which malloc may hand back. */
		p = xmalloc(sizes[i] + 1);
		memset(p, 0xa5, sizes[i] + 1);
		free(p);
		p = xcalloc_written(sizes[i], 1);
		for (k = 0; k < sizes[i]; k++)
			if (p[k] != 0)
				ck_abort_msg("byte %zu of %zu is not zero", k,
				    sizes[i]);
		p[sizes[i] > 0 ? sizes[i] - 1 : 0] = 1;
		free(p);
	}
	p = xcalloc_written(1000, 4096);
	ck_assert_uint_eq(p[4096 * 1000 - 1], 0);
	free(p);
}
END_TEST

START_TEST(test_calloc_written_overflow)
{
	void *p = xcalloc_written(SIZE_MAX / 2, 4);

	free(p);
}
END_TEST

START_TEST(test_dp_err)
{
	struct dp_err err = DP_ERR_INIT;

	ck_assert_int_eq(dp_fail(&err, DP_EX_DATAERR, "bad '%s'", "x"),
	    DP_EX_DATAERR);
	ck_assert_int_eq(err.code, DP_EX_DATAERR);
	dp_err_prefix(&err, "line %d", 4);
	ck_assert_str_eq(err.msg, "line 4: bad 'x'");
	ck_assert_int_eq(dp_fail(NULL, DP_EX_IOERR, "ignored"), DP_EX_IOERR);
	dp_err_prefix(NULL, "nothing");
}
END_TEST

Suite *
util_suite(void)
{
	Suite *s = suite_create("util");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_grow_append);
	tcase_add_test(tc, test_grow_no_shrink);
	tcase_add_test(tc, test_grow_cap);
	tcase_add_exit_test(tc, test_grow_cap_overflow, DP_EX_SOFTWARE);
	tcase_add_exit_test(tc, test_reallocarray_overflow, DP_EX_SOFTWARE);
	tcase_add_test(tc, test_reallocarray);
	tcase_add_test(tc, test_calloc_written);
	tcase_add_exit_test(tc, test_calloc_written_overflow, DP_EX_SOFTWARE);
	tcase_add_test(tc, test_dp_err);
	suite_add_tcase(s, tc);
	return s;
}
