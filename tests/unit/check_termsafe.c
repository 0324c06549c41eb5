/*
 * check_termsafe.c - the visible form of untrusted text (termsafe.c):
 * every class a terminal obeys (C0, DEL, C1, bidi overrides and
 * isolates, line separators), ill-formed UTF-8, backslashes, the
 * multi-line form, the width of what is shown, the JSON escapes, and
 * the checks of typed text.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "termsafe.h"
#include "utf8.h"

static void
esc_eq(const char *in, size_t len, unsigned flags, const char *want)
{
	char *out = malloc(4 * len + 1);
	size_t n;

	ck_assert_ptr_nonnull(out);
	n = ts_escape_mem(out, in, len, flags);
	ck_assert_msg(n == strlen(want) && memcmp(out, want, n) == 0,
	    "escaped to '%s', want '%s'", out, want);
	ck_assert_uint_eq(ts_escaped_len(in, len, flags), n);
	/* Plain exactly when the visible form is the text itself. */
	ck_assert_int_eq(ts_plain(in, len, flags),
	    n == len && memcmp(out, in, len) == 0);
	free(out);
}

/* A string literal's bytes, NULs included. */
#define E(lit, flags, want)	esc_eq((lit), sizeof(lit) - 1, (flags), (want))

START_TEST(test_plain_kept)
{
	E("", 0, "");
	E("McColo Corp.", 0, "McColo Corp.");
	E("株式会社 Caf\xc3\xa9 \xc2\xa0x", 0,
	    "株式会社 Caf\xc3\xa9 \xc2\xa0x");
	/* U+202F and U+2065 are next to the bidi controls, and kept. */
	E("\xe2\x80\xaf\xe2\x81\xa5", 0, "\xe2\x80\xaf\xe2\x81\xa5");
}
END_TEST

START_TEST(test_c0_del)
{
	E("\x1b]0;title\x07", 0, "\\x1b]0;title\\x07");
	E("\x1b[2J", 0, "\\x1b[2J");
	E("a\nb\rc\td", 0, "a\\nb\\rc\\td");
	E("x\x7fy", 0, "x\\x7fy");
	E("\0z", 0, "\\x00z");
	E("\x01\x1f", 0, "\\x01\\x1f");
}
END_TEST

START_TEST(test_c1_bidi)
{
	E("\xc2\x9b" "31m", 0, "\\u009b31m");
	E("\xc2\x80\xc2\x85\xc2\x9f", 0, "\\u0080\\u0085\\u009f");
	E("evil\xe2\x80\xaegpj.exe", 0, "evil\\u202egpj.exe");
	E("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad", 0,
	    "\\u202a\\u202b\\u202c\\u202d");
	E("\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9", 0,
	    "\\u2066\\u2067\\u2068\\u2069");
	E("a\xe2\x80\xa8" "b\xe2\x80\xa9", 0, "a\\u2028b\\u2029");
}
END_TEST

START_TEST(test_malformed)
{
	E("a\xff" "b", 0, "a\\xffb");
	/* A cut sequence: each of its bytes. */
	E("\xe2\x80", 0, "\\xe2\\x80");
	/* Overlong and surrogate forms are not well-formed. */
	E("\xc0\xaf", 0, "\\xc0\\xaf");
	E("\xed\xa0\x80", 0, "\\xed\\xa0\\x80");
	/* A C1 control written overlong is bytes, not U+009B. */
	E("\xe0\x82\x9b", 0, "\\xe0\\x82\\x9b");
}
END_TEST

/*
 * Well-formed means what utf8.c says: a text starting with any two bytes
 * (the first not ASCII), or with three or four around the edges
 * (overlongs, surrogates, the end of Unicode), starts with an escaped
 * byte exactly when utf8_seq() finds no sequence there.
 */
START_TEST(test_same_utf8_rules)
{
	static const unsigned char leads[] = { 0xc0, 0xc1, 0xc2, 0xdf, 0xe0,
	    0xe1, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf4, 0xf5, 0xff };
	unsigned char s[4];
	unsigned long cp;
	char out[17];
	size_t i, len;
	int a, b, c;

	for (a = 0x80; a < 0x100; a++)
		for (b = 0x00; b < 0x100; b++) {
			s[0] = (unsigned char)a;
			s[1] = (unsigned char)b;
			ts_escape_mem(out, (char *)s, 2, 0);
			ck_assert_int_eq(strncmp(out, "\\x", 2) != 0,
			    utf8_seq(s, 2, &cp) != 0);
		}
	for (i = 0; i < sizeof(leads); i++)
		for (b = 0x70; b < 0xd0; b++)
			for (c = 0x70; c < 0xd0; c += 0x0f) {
				s[0] = leads[i];
				s[1] = (unsigned char)b;
				s[2] = (unsigned char)c;
				s[3] = 0x80;
				len = leads[i] >= 0xf0 ? 4 : 3;
				ts_escape_mem(out, (char *)s, len, 0);
				ck_assert_int_eq(strncmp(out, "\\x", 2) != 0,
				    utf8_seq(s, len, &cp) != 0);
			}
}
END_TEST

/* A literal backslash cannot pass for an escape. */
START_TEST(test_backslash)
{
	E("C:\\x1b", 0, "C:\\\\x1b");
	E("\\", 0, "\\\\");
	E("\\\x1b", 0, "\\\\\\x1b");
}
END_TEST

START_TEST(test_multiline)
{
	E("one\ntwo\r\nthree\tfour", TS_MULTILINE,
	    "one\ntwo\r\nthree\tfour");
	/* A lone CR would overwrite the line on a screen. */
	E("good\rEVIL\n", TS_MULTILINE, "good\\rEVIL\n");
	E("a\x1b[2J\n\xc2\x85z", TS_MULTILINE, "a\\x1b[2J\n\\u0085z");
	E("end\r", TS_MULTILINE, "end\\r");
}
END_TEST

START_TEST(test_str_and_width)
{
	struct buf b = BUF_INIT;
	const char *plain = "McColo", *s;

	ck_assert_ptr_eq(shown_text(plain, &b, 0), plain);
	s = shown_text("a\x1b" "b", &b, 0);
	ck_assert_str_eq(s, "a\\x1bb");
	/* The escaped text's width is its length: ASCII escapes. */
	ck_assert_uint_eq(text_width(s), 6);
	s = shown_text("\xe2\x80\xae" "株", &b, 0);
	ck_assert_str_eq(s, "\\u202e株");
	ck_assert_uint_eq(text_width(s), 8);
	s = shown_text("x\xc2\x9b\n", &b, TS_MULTILINE);
	ck_assert_str_eq(s, "x\\u009b\n");
	buf_release(&b);
	ck_assert_str_eq(tx(NULL), "-");
	ck_assert_str_eq(tx("a\nb"), "a\\nb");
	ck_assert_str_eq(txm("a\nb\x1b"), "a\nb\\x1b");
}
END_TEST

START_TEST(test_json)
{
	static const char in[] = "{\"a\": \"x\x7f\xc2\x9b\xe2\x80\xae\xc3\xa9\"}";
	static const char plain[] = "{\"a\": \"\xc3\xa9\xe2\x80\xaf\\\\\"}";
	char out[sizeof(in) + 16];
	size_t extra = ts_json_extra(in, sizeof(in) - 1);

	ck_assert_uint_eq(extra, 5 + 4 + 3);
	ck_assert_uint_eq(ts_json_mem(out, in, sizeof(in) - 1),
	    sizeof(in) - 1 + extra);
	ck_assert_str_eq(out, "{\"a\": \"x\\u007F\\u009B\\u202E\xc3\xa9\"}");
	ck_assert_uint_eq(ts_json_extra(out, strlen(out)), 0);
	ck_assert_uint_eq(ts_json_extra(plain, strlen(plain)), 0);
	ck_assert(ts_json_point(0x7f) && ts_json_point(0x80) &&
	    ts_json_point(0x9f) && ts_json_point(0x202e) &&
	    ts_json_point(0x2069) && ts_json_point(0x2028));
	ck_assert(!ts_json_point(0x7e) && !ts_json_point(0xa0) &&
	    !ts_json_point(0x202f) && !ts_json_point(0x206a) &&
	    !ts_json_point(0x1b));
}
END_TEST

START_TEST(test_find)
{
	size_t off = 99;
	unsigned long cp = 0;

	ck_assert(!ts_find_control("plain \xc2\xa0 text", 13, 0, &off, &cp));
	ck_assert(ts_find_control("ab\x1b", 3, 0, &off, &cp));
	ck_assert_uint_eq(off, 2);
	ck_assert_uint_eq(cp, 0x1b);
	ck_assert(ts_find_control("a\xc2\x85", 3, 0, &off, &cp));
	ck_assert_uint_eq(off, 1);
	ck_assert_uint_eq(cp, 0x85);
	ck_assert(ts_find_control("\x7f", 1, TS_MULTILINE, &off, &cp));
	ck_assert(!ts_find_control("a\r\n\tb", 5, TS_MULTILINE, &off, &cp));
	ck_assert(ts_find_control("a\nb", 3, 0, &off, &cp));
	ck_assert(ts_find_control("a\n\xc2\x9b", 4, TS_MULTILINE, &off, &cp));
	ck_assert_uint_eq(cp, 0x9b);
	ck_assert(!ts_find_bidi("\xe2\x80\xaf", 3, &off, &cp));
	ck_assert(ts_find_bidi("ab\xe2\x81\xa9", 5, &off, &cp));
	ck_assert_uint_eq(off, 2);
	ck_assert_uint_eq(cp, 0x2069);
}
END_TEST

Suite *
termsafe_suite(void)
{
	Suite *s = suite_create("termsafe");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_plain_kept);
	tcase_add_test(tc, test_c0_del);
	tcase_add_test(tc, test_c1_bidi);
	tcase_add_test(tc, test_malformed);
	tcase_add_test(tc, test_same_utf8_rules);
	tcase_add_test(tc, test_backslash);
	tcase_add_test(tc, test_multiline);
	tcase_add_test(tc, test_str_and_width);
	tcase_add_test(tc, test_json);
	tcase_add_test(tc, test_find);
	suite_add_tcase(s, tc);
	return s;
}
