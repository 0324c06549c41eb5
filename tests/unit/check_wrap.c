/*
 * check_wrap.c - folding prose lines for e-mail (wrap.c): long lines
 * broken at spaces within the width, preformatted and short lines left
 * alone, wide characters counted as two columns, words wider than the
 * width kept whole.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "wrap.h"

static void
wrap_eq(const char *in, size_t width, const char *want)
{
	struct buf b;

	buf_init(&b);
	wrap_prose(in, strlen(in), width, &b);
	buf_addc(&b, '\0');
	ck_assert_msg(strcmp(b.s, want) == 0, "'%s' at %zu gave '%s'",
	    in, width, b.s);
	buf_release(&b);
}

START_TEST(test_fold)
{
	wrap_eq("one two three four", 9, "one two\nthree\nfour");
	wrap_eq("one two three four", 18, "one two three four");
	wrap_eq("one two three four\n", 13, "one two three\nfour\n");
	/* the break's spaces go, inner runs stay */
	wrap_eq("a  b   c", 4, "a  b\nc");
	/* a word wider than the line stays whole */
	wrap_eq("see https://stat.ripe.net/data/x/y now", 10,
	    "see\nhttps://stat.ripe.net/data/x/y\nnow");
	/* trailing spaces of a folded line are dropped */
	wrap_eq("aaa bbb   ", 5, "aaa\nbbb");
}
END_TEST

START_TEST(test_preformatted)
{
	/* indented lines and tables are never folded */
	wrap_eq("  ID  OBSERVED (UTC)  KIND  INDICATOR", 10,
	    "  ID  OBSERVED (UTC)  KIND  INDICATOR");
	wrap_eq("\tx y z w", 3, "\tx y z w");
	wrap_eq("short\n  pre formatted line\nlong line here", 9,
	    "short\n  pre formatted line\nlong line\nhere");
	wrap_eq("", 10, "");
	wrap_eq("\n\n", 10, "\n\n");
}
END_TEST

START_TEST(test_width)
{
	/* "\xe6\x97\xa5" (U+65E5) is two columns wide: the line is 9 */
	wrap_eq("\xe6\x97\xa5\xe6\x97\xa5 \xe6\x97\xa5\xe6\x97\xa5", 9,
	    "\xe6\x97\xa5\xe6\x97\xa5 \xe6\x97\xa5\xe6\x97\xa5");
	wrap_eq("\xe6\x97\xa5\xe6\x97\xa5 \xe6\x97\xa5\xe6\x97\xa5", 8,
	    "\xe6\x97\xa5\xe6\x97\xa5\n\xe6\x97\xa5\xe6\x97\xa5");
	/* accented letters are one column each */
	wrap_eq("caf\xc3\xa9 caf\xc3\xa9", 9, "caf\xc3\xa9 caf\xc3\xa9");
}
END_TEST

Suite *
wrap_suite(void)
{
	Suite *s = suite_create("wrap");
	TCase *tc = tcase_create("wrap");

	tcase_add_test(tc, test_fold);
	tcase_add_test(tc, test_preformatted);
	tcase_add_test(tc, test_width);
	suite_add_tcase(s, tc);
	return s;
}
