/*
 * check_table.c - the text tables of the listings (cmd_table.c): display
 * widths of wide, combining and ill-formed text, ellipsize() cutting by
 * display width on grapheme boundaries, and the column policy (two spaces
 * at least, a late wide cell widens its column from its row on).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

START_TEST(test_width)
{
	ck_assert_uint_eq(text_width(""), 0);
	ck_assert_uint_eq(text_width("McColo"), 6);
	/* wide and full-width: two columns each */
	ck_assert_uint_eq(text_width("株式会社"), 8);
	ck_assert_uint_eq(text_width("ＭｃＣｏｌｏ 株式会社"), 21);
	/* a combining acute accent takes no column */
	ck_assert_uint_eq(text_width("Cafe\xcc\x81"), 4);
	ck_assert_uint_eq(text_width("Caf\xc3\xa9"), 4);
	/* controls take none */
	ck_assert_uint_eq(text_width("a\x1b" "b\x7f"), 2);
	/* ill-formed UTF-8: one column a bad sequence, never past the end */
	ck_assert_uint_eq(text_width("\xff\xfe"), 2);
	ck_assert_uint_eq(text_width("ab\xe6\x97"), 3);
	ck_assert_uint_eq(text_width("\xe6\x97" "a"), 2);
	ck_assert_uint_eq(text_width("\xc0\xaf"), 2);
}
END_TEST

START_TEST(test_ellipsize_ascii)
{
	char *s;

	ck_assert_ptr_null(ellipsize(NULL, 10));
	s = ellipsize("208.66.194.37", 20);
	ck_assert_str_eq(s, "208.66.194.37");
	free(s);
	/* exactly max columns: whole */
	s = ellipsize("0123456789", 10);
	ck_assert_str_eq(s, "0123456789");
	free(s);
	s = ellipsize("0123456789a", 10);
	ck_assert_str_eq(s, "0123456...");
	free(s);
	/* a line break or a tab ends the text shown */
	s = ellipsize("first line\nsecond", 40);
	ck_assert_str_eq(s, "first line...");
	free(s);
	s = ellipsize("a\tb", 40);
	ck_assert_str_eq(s, "a...");
	free(s);
}
END_TEST

START_TEST(test_ellipsize_wide)
{
	char *s;

	/* 16 columns into 10: three characters (6) and "..." */
	s = ellipsize("株式会社株式会社", 10);
	ck_assert_str_eq(s, "株式会...");
	ck_assert_uint_le(text_width(s), 10);
	free(s);
	/* six characters but ten columns: cut, by columns */
	s = ellipsize("ab株株株株", 8);
	ck_assert_str_eq(s, "ab株...");
	free(s);
	s = ellipsize("abcdefg株", 9);
	ck_assert_str_eq(s, "abcdefg株");
	free(s);
}
END_TEST

START_TEST(test_ellipsize_graphemes)
{
	/* ten e + COMBINING ACUTE ACCENT: ten columns, twenty bytes */
	const char *acc = "e\xcc\x81" "e\xcc\x81" "e\xcc\x81" "e\xcc\x81"
	    "e\xcc\x81" "e\xcc\x81" "e\xcc\x81" "e\xcc\x81" "e\xcc\x81"
	    "e\xcc\x81";
	char *s;

	s = ellipsize(acc, 10);
	ck_assert_str_eq(s, acc);
	free(s);
	/* five whole letters, each with its accent, then "..." */
	s = ellipsize(acc, 8);
	ck_assert_str_eq(s, "e\xcc\x81" "e\xcc\x81" "e\xcc\x81" "e\xcc\x81"
	    "e\xcc\x81...");
	free(s);
	/* a letter with two marks stays whole too */
	s = ellipsize("abcd" "o\xcc\x88\xcc\x81" "xyz", 7);
	ck_assert_str_eq(s, "abcd...");
	free(s);
	s = ellipsize("abc" "o\xcc\x88\xcc\x81" "wxyz", 7);
	ck_assert_str_eq(s, "abc" "o\xcc\x88\xcc\x81" "...");
	free(s);
}
END_TEST

START_TEST(test_ellipsize_invalid)
{
	char *s;

	/* bad bytes count one column each and are never read past */
	s = ellipsize("\xff\xff\xff\xff\xff\xff", 5);
	ck_assert_str_eq(s, "\xff\xff...");
	free(s);
	s = ellipsize("abcdef\xe6\x97", 7);
	ck_assert_str_eq(s, "abcdef\xe6\x97");
	free(s);
	s = ellipsize("abcdefg\xe6\x97", 7);
	ck_assert_str_eq(s, "abcd...");
	free(s);
}
END_TEST

/* Run rows through a table into a string; the caller frees it. */
static char *
render(int ncols, const char *const *hdr, const char *const *rows,
    size_t nrows, size_t repeat_first)
{
	char *out = NULL;
	size_t len = 0, i;
	FILE *fp = open_memstream(&out, &len);
	struct table *t;

	ck_assert_ptr_nonnull(fp);
	t = table_new_fp(fp, ncols, hdr);
	for (i = 0; i < repeat_first; i++)
		table_row(t, rows);
	for (i = 0; i < nrows; i++)
		table_row(t, &rows[i * (size_t)ncols]);
	table_end(t);
	ck_assert_int_eq(fclose(fp), 0);
	return out;
}

START_TEST(test_table_fit)
{
	static const char *const hdr[] = { "ID", "NAME", "ASNS" };
	static const char *const rows[] = {
		"1", "McColo Corporation", "AS26780",
		"2", "株式会社", NULL,
		"10", "Cafe\xcc\x81", "AS1",
	};
	char *out = render(3, hdr, rows, 3, 0);

	ck_assert_str_eq(out,
	    "ID  NAME                ASNS\n"
	    "1   McColo Corporation  AS26780\n"
	    "2   株式会社            -\n"
	    "10  Cafe\xcc\x81                AS1\n");
	free(out);
}
END_TEST

START_TEST(test_table_widen)
{
	static const char *const hdr[] = { "KIND", "INDICATOR", "SEEN" };
	static const char *const rows[] = {
		"c2", "10.0.0.1", "2008",
		"spam-source", "http://example.net/gate.php", "2008",
		"c2", "10.0.0.2", "2008",
		"株式会社株式会社", "x", "2008",
		"c2", "10.0.0.3", "2008",
	};
	char *out = render(3, hdr, rows, 5, TABLE_SAMPLE);
	const char *p, *tail;
	size_t n = 0;

	/* the sample's rows keep the sample's widths */
	ck_assert(strncmp(out, "KIND  INDICATOR  SEEN\n"
	    "c2    10.0.0.1   2008\n", 44) == 0);
	for (p = out; *p != '\0'; p++)
		n += *p == '\n';
	ck_assert_uint_eq(n, 1 + TABLE_SAMPLE + 5);
	/* after it: widened, never glued, lined up again */
	tail = strstr(out, "spam-source");
	ck_assert_ptr_nonnull(tail);
	ck_assert_str_eq(tail,
	    "spam-source  http://example.net/gate.php  2008\n"
	    "c2           10.0.0.2                     2008\n"
	    "株式会社株式会社  x                            2008\n"
	    "c2                10.0.0.3                     2008\n");
	free(out);
}
END_TEST

Suite *
table_suite(void)
{
	Suite *s = suite_create("table");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_width);
	tcase_add_test(tc, test_ellipsize_ascii);
	tcase_add_test(tc, test_ellipsize_wide);
	tcase_add_test(tc, test_ellipsize_graphemes);
	tcase_add_test(tc, test_ellipsize_invalid);
	tcase_add_test(tc, test_table_fit);
	tcase_add_test(tc, test_table_widen);
	suite_add_tcase(s, tc);
	return s;
}
