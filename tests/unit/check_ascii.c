/*
 * check_ascii.c - locale-independent ASCII case folding, and excerpts for
 * messages.
 */
#include <check.h>
#include <stdio.h>

#include "ascii.h"

START_TEST(test_tolower)
{
	int c;

	ck_assert_int_eq(ascii_tolower('A'), 'a');
	ck_assert_int_eq(ascii_tolower('Z'), 'z');
	ck_assert_int_eq(ascii_tolower('a'), 'a');
	ck_assert_int_eq(ascii_toupper('q'), 'Q');
	ck_assert_int_eq(ascii_tolower(EOF), EOF);
	/* Only the 26 letters move, and nothing outside ASCII. */
	for (c = 0; c < 256; c++) {
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
			continue;
		ck_assert_int_eq(ascii_tolower(c), c);
		ck_assert_int_eq(ascii_toupper(c), c);
	}
}
END_TEST

START_TEST(test_casecmp)
{
	ck_assert_int_eq(ascii_casecmp("NetRange", "netrange"), 0);
	ck_assert_int_eq(ascii_casecmp("", ""), 0);
	ck_assert_int_lt(ascii_casecmp("abc", "ABD"), 0);
	ck_assert_int_gt(ascii_casecmp("abd", "ABC"), 0);
	/* A prefix sorts first. */
	ck_assert_int_lt(ascii_casecmp("inet", "INETNUM"), 0);
	ck_assert_int_gt(ascii_casecmp("inetnum", "INET"), 0);
	/*
	 * Letters fold before they are compared: '_' (0x5f) lies between
	 * 'Z' and 'a', and the order must not depend on case.
	 */
	ck_assert_int_gt(ascii_casecmp("A", "_"), 0);
	ck_assert_int_gt(ascii_casecmp("a", "_"), 0);
	/* Bytes above 0x7f are unsigned and never fold. */
	ck_assert_int_ne(ascii_casecmp("\xc9", "\xe9"), 0);
	ck_assert_int_gt(ascii_casecmp("\xe9", "z"), 0);
	/* Turkish dotted and dotless i stay apart from I and i. */
	ck_assert_int_ne(ascii_casecmp("\xc4\xb1", "I"), 0);
	ck_assert_int_eq(ascii_casecmp("mailto:ABUSE@EXAMPLE.NET",
	    "MAILTO:abuse@example.net"), 0);
}
END_TEST

START_TEST(test_ncasecmp)
{
	ck_assert_int_eq(ascii_ncasecmp("AS-McColo", "as-", 3), 0);
	ck_assert_int_eq(ascii_ncasecmp("abc", "ABD", 2), 0);
	ck_assert_int_lt(ascii_ncasecmp("abc", "ABD", 3), 0);
	ck_assert_int_eq(ascii_ncasecmp("x", "y", 0), 0);
	/* n past the end of both: stops at the NUL. */
	ck_assert_int_eq(ascii_ncasecmp("Whois", "WHOIS", 100), 0);
	ck_assert_int_lt(ascii_ncasecmp("who", "WHOIS", 100), 0);
}
END_TEST

START_TEST(test_excerpt)
{
	char buf[ASCII_EXCERPT_BUF];
	const char *long_one =
	    "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ";

	ck_assert_str_eq(ascii_excerpt("ttl", 3, buf), "ttl");
	ck_assert_str_eq(ascii_excerpt("", 0, buf), "");
	/* len, not the NUL, ends the value. */
	ck_assert_str_eq(ascii_excerpt("abc", 2, buf), "ab");
	ck_assert_str_eq(ascii_excerpt("a\0b", 3, buf), "a?b");
	ck_assert_str_eq(ascii_excerpt("\x1b[2J\xc3\xa9\x7f", 7, buf),
	    "?[2J???");
	ck_assert_str_eq(ascii_excerpt(long_one, 40, buf),
	    "abcdefghijklmnopqrstuvwxyz0123456789ABCD");
	ck_assert_str_eq(ascii_excerpt(long_one, 41, buf),
	    "abcdefghijklmnopqrstuvwxyz0123456789ABCD...");
}
END_TEST

Suite *
ascii_suite(void)
{
	Suite *s = suite_create("ascii");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_tolower);
	tcase_add_test(tc, test_casecmp);
	tcase_add_test(tc, test_ncasecmp);
	tcase_add_test(tc, test_excerpt);
	suite_add_tcase(s, tc);
	return s;
}
