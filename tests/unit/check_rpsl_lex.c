/*
 * check_rpsl_lex.c - rpsl_lex.c: line ends (LF only, or also CR, CRLF
 * and NUL), trailing blanks, long lines, and the kinds of lines.
 */
#include <check.h>
#include <string.h>

#include "rpsl_lex.h"

Suite	*rpsl_lex_suite(void);

START_TEST(test_lines)
{
	static const char text[] = "a: 1 \r\nb:2\rc\0d\n\n";
	struct rpsl_lexer lx;
	const char *p;
	size_t n;

	rpsl_lex_init(&lx, text, sizeof(text) - 1, 0, 0);
	ck_assert(rpsl_lex_next(&lx, &p, &n));
	ck_assert_uint_eq(n, 4);	/* "a: 1": CR is a trailing blank */
	ck_assert(rpsl_lex_next(&lx, &p, &n));
	ck_assert_uint_eq(n, 7);	/* "b:2\rc\0d" */
	ck_assert(rpsl_lex_next(&lx, &p, &n));
	ck_assert_uint_eq(n, 0);
	ck_assert_uint_eq(lx.lineno, 3);
	ck_assert(!rpsl_lex_next(&lx, &p, &n));

	rpsl_lex_init(&lx, text, sizeof(text) - 1, RPSL_LEX_ANY_EOL, 2);
	ck_assert(rpsl_lex_next(&lx, &p, &n));
	ck_assert_uint_eq(n, 2);	/* "a:" cut at 2 */
	ck_assert(rpsl_lex_next(&lx, &p, &n));
	ck_assert_uint_eq(n, 2);	/* "b:" */
	ck_assert(rpsl_lex_next(&lx, &p, &n));
	ck_assert(memcmp(p, "c", 1) == 0 && n == 1);
	ck_assert(rpsl_lex_next(&lx, &p, &n));
	ck_assert(memcmp(p, "d", 1) == 0 && n == 1);
	ck_assert(rpsl_lex_next(&lx, &p, &n));
	ck_assert_uint_eq(n, 0);
	ck_assert(!rpsl_lex_next(&lx, &p, &n));
	ck_assert_uint_eq(lx.nlong, 2);
}
END_TEST

static enum rpsl_line
kind(const char *s, size_t keymax, size_t *kn)
{
	return rpsl_lex_kind(s, strlen(s), keymax, kn);
}

START_TEST(test_kinds)
{
	size_t kn = 0;

	ck_assert_int_eq(kind("", 0, &kn), RPSL_BLANK);
	ck_assert_int_eq(kind("% comment", 0, &kn), RPSL_COMMENT);
	ck_assert_int_eq(kind("# comment", 0, &kn), RPSL_COMMENT);
	ck_assert_int_eq(kind(" more", 0, &kn), RPSL_CONT);
	ck_assert_int_eq(kind("\tmore", 0, &kn), RPSL_CONT);
	ck_assert_int_eq(kind("+", 0, &kn), RPSL_CONT);
	ck_assert_int_eq(kind("aut-num: AS1", 0, &kn), RPSL_ATTR);
	ck_assert_uint_eq(kn, 7);
	ck_assert_int_eq(kind("mnt_by:", 0, &kn), RPSL_ATTR);
	ck_assert_int_eq(kind("mnt by: x", 0, &kn), RPSL_TEXT);
	ck_assert_int_eq(kind(": x", 0, &kn), RPSL_TEXT);
	ck_assert_int_eq(kind("no colon", 0, &kn), RPSL_TEXT);
	ck_assert_int_eq(kind("abcd:", 4, &kn), RPSL_ATTR);
	ck_assert_int_eq(kind("abcde:", 4, &kn), RPSL_TEXT);
}
END_TEST

Suite *
rpsl_lex_suite(void)
{
	Suite *s = suite_create("rpsl_lex");
	TCase *tc = tcase_create("rpsl_lex");

	tcase_add_test(tc, test_lines);
	tcase_add_test(tc, test_kinds);
	suite_add_tcase(s, tc);
	return s;
}
