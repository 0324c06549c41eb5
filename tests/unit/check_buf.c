/*
 * check_buf.c - the growable string.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

START_TEST(test_add_and_grow)
{
	struct buf b = BUF_INIT;
	int i;

	ck_assert_str_eq(b.s, "");
	for (i = 0; i < 1000; i++)
		buf_addc(&b, 'a' + i % 26);
	ck_assert_uint_eq(b.len, 1000);
	ck_assert_uint_eq(strlen(b.s), 1000);
	ck_assert_int_eq(b.s[26], 'a');
	buf_release(&b);
	ck_assert_str_eq(b.s, "");
}
END_TEST

START_TEST(test_addf)
{
	struct buf b = BUF_INIT;
	char *s;
	size_t len;

	buf_addf(&b, "AS%u", 26780u);
	buf_adds(&b, " ");
	buf_addf(&b, "%0300d", 7);
	ck_assert_uint_eq(b.len, 8 + 300);
	ck_assert(strncmp(b.s, "AS26780 000", 11) == 0);
	s = buf_detach(&b, &len);
	ck_assert_uint_eq(len, 308);
	ck_assert_str_eq(b.s, "");
	free(s);
}
END_TEST

START_TEST(test_detach_empty)
{
	struct buf b = BUF_INIT;
	char *s = buf_detach(&b, NULL);

	ck_assert_str_eq(s, "");
	free(s);
}
END_TEST

Suite *
buf_suite(void)
{
	Suite *s = suite_create("buf");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_add_and_grow);
	tcase_add_test(tc, test_addf);
	tcase_add_test(tc, test_detach_empty);
	suite_add_tcase(s, tc);
	return s;
}
