/*
 * check_jsonw.c - the JSON writer's pieces against jansson's dump of the
 * same value (strings of every class of byte, integers at their ends),
 * times against fmt_time(), and room reserved piece by piece.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "jsonw.h"
#include "termsafe.h"
#include "testutil.h"
#include "validate.h"

/*
 * jansson's text of v (released), after print_json()'s escaping of what
 * a terminal obeys (test_json_safe()).
 */
static char *
dumped(json_t *v)
{
	char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_INDENT(2) |
	    JSON_PRESERVE_ORDER);

	json_decref(v);
	ck_assert_ptr_nonnull(s);
	return test_json_safe(s);
}

static void
str_same(const char *s, size_t len)
{
	struct buf b = BUF_INIT;
	char *o, *want = dumped(json_stringn(s, len));

	o = jw_begin(&b, JW_STR_ROOM(len));
	o = jw_str(o, s, len);
	jw_end(&b, o);
	ck_assert_msg(strcmp(b.s, want) == 0, "jansson %s, written %s", want,
	    b.s);
	free(want);
	buf_release(&b);
}

START_TEST(test_str_random)
{
	static const char *const pieces[] = { "\"", "\\", "/", "\n", "\r",
	    "\t", "\b", "\f", "\x01", "\x1f", "\x7f", " ", "a", "Z", "0",
	    "\xc3\xa9", "\xdf\xbf", "\xe0\xa0\x80", "\xef\xbf\xbd",
	    "\xed\x9f\xbf", "\xee\x80\x80", "\xf0\x90\x80\x80",
	    "\xf4\x8f\xbf\xbf", "\xe2\x80\xa8", "\\u0000", "\xc2\x80",
	    "\xc2\x9b", "\xc2\x9f", "\xc2\xa0", "\xe2\x80\xae",
	    "\xe2\x80\xaa", "\xe2\x80\xa9", "\xe2\x81\xa6",
	    "\xe2\x81\xa9", "\xe2\x81\xaa", "\xe2\x80\xa9" };
	size_t np = sizeof(pieces) / sizeof(pieces[0]), len, k;
	char s[400];
	int round, c;

	for (c = 1; c < 0x80; c++) {
		s[0] = (char)c;
		str_same(s, 1);
	}
	str_same("", 0);
	srand(1213);
	for (round = 0; round < 2000; round++) {
		len = 0;
		for (k = (size_t)(rand() % 40); k > 0; k--) {
			const char *pc = pieces[rand() % (int)np];

			memcpy(s + len, pc, strlen(pc));
			len += strlen(pc);
		}
		str_same(s, len);
	}
}
END_TEST

/* Not UTF-8: U+FFFD for each bad byte, and still JSON. */
START_TEST(test_str_invalid)
{
	static const char bad[] = "a\xff" "b\xe2\x82" "c\xc0\xaf";
	char buf[JW_STR_ROOM(sizeof(bad))], *o;

	o = jw_str(buf, bad, sizeof(bad) - 1);
	*o = '\0';
	ck_assert_str_eq(buf, "\"a\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd"
	    "c\xef\xbf\xbd\xef\xbf\xbd\"");
}
END_TEST

/*
 * What a terminal obeys is written as an escape of the same value: DEL,
 * C1 controls, bidi overrides and isolates, U+2028 and U+2029; the
 * characters beside them are kept.
 */
START_TEST(test_str_terminal)
{
	static const char in[] = "a\x7f" "b\xc2\x9b" "c\xc2\x85" "d\xc2\xa0"
	    "e\xe2\x80\xae" "f\xe2\x81\xa6" "g\xe2\x80\xa8" "h\xe2\x80\xad"
	    "i\xe2\x80\xaf";
	char buf[JW_STR_ROOM(sizeof(in))], *o;
	json_error_t je;
	json_t *v;

	o = jw_str(buf, in, sizeof(in) - 1);
	*o = '\0';
	ck_assert_str_eq(buf, "\"a\\u007Fb\\u009Bc\\u0085d\xc2\xa0"
	    "e\\u202Ef\\u2066g\\u2028h\\u202Di\xe2\x80\xaf\"");
	/* The same value as the raw text. */
	v = json_loads(buf, JSON_DECODE_ANY, &je);
	ck_assert_ptr_nonnull(v);
	ck_assert_str_eq(json_string_value(v), in);
	json_decref(v);
}
END_TEST

START_TEST(test_scalars)
{
	static const int64_t ints[] = { 0, 1, -1, 9, 10, -10, 4294967295LL,
	    INT64_MAX, INT64_MIN, INT64_MIN + 1 };
	char buf[64], *o, *want;
	size_t i;

	for (i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
		*jw_int(buf, ints[i]) = '\0';
		want = dumped(json_integer(ints[i]));
		ck_assert_str_eq(buf, want);
		free(want);
	}
	*jw_bool(buf, 1) = '\0';
	ck_assert_str_eq(buf, "true");
	*jw_bool(buf, 0) = '\0';
	ck_assert_str_eq(buf, "false");
	*jw_null(buf) = '\0';
	ck_assert_str_eq(buf, "null");
	*jw_opt(buf, NULL, 0) = '\0';
	ck_assert_str_eq(buf, "null");
	o = jw_line(buf, 4, 0);
	*o = '\0';
	ck_assert_str_eq(buf, ",\n    ");
	o = jw_line(buf, 0, 1);
	*o = '\0';
	ck_assert_str_eq(buf, "\n");
}
END_TEST

/* Times inside and outside the years the writer formats itself. */
START_TEST(test_time)
{
	static const int64_t edges[] = { 0, -1, 1226438580, 951782400,
	    951868800, -30610224000LL, -30610224001LL, 253402300799LL,
	    253402300800LL, 4102444800LL, -62135596800LL };
	char buf[JW_TIME_ROOM + 1], tb[TIME_STRLEN], want[TIME_STRLEN + 2];
	int64_t t;
	int round;

	*jw_time(buf, 0, 5) = '\0';
	ck_assert_str_eq(buf, "null");
	srand(1214);
	for (round = 0; round < 20000; round++) {
		if ((size_t)round < sizeof(edges) / sizeof(edges[0]))
			t = edges[round];
		else
			t = (((int64_t)rand() << 24) ^ rand()) %
			    340000000000LL - 40000000000LL;
		fmt_time(t, tb);
		snprintf(want, sizeof(want), "\"%s\"", tb);
		*jw_time(buf, 1, t) = '\0';
		ck_assert_msg(strcmp(buf, want) == 0, "%lld: %s, not %s",
		    (long long)t, buf, want);
	}
}
END_TEST

/* Room reserved in small pieces: the buffer moves, the text does not. */
START_TEST(test_room)
{
	struct buf b = BUF_INIT;
	char *o;
	int i;

	buf_adds(&b, "before ");
	o = jw_begin(&b, 1);
	*o++ = '[';
	for (i = 0; i < 5000; i++) {
		o = jw_room(&b, o, JW_KEY_ROOM(2) + JW_NUM_ROOM);
		o = jw_line(o, 2, i == 0);
		o = jw_int(o, i);
	}
	o = jw_room(&b, o, JW_KEY_ROOM(0));
	o = jw_line(o, 0, 1);
	*o++ = ']';
	jw_end(&b, o);
	ck_assert_uint_eq(b.len, strlen(b.s));
	ck_assert_int_eq(strncmp(b.s, "before [\n  0,\n  1,\n", 19), 0);
	ck_assert_int_eq(strcmp(b.s + b.len - 9, "\n  4999\n]"), 0);
	buf_release(&b);
}
END_TEST

Suite *
jsonw_suite(void)
{
	Suite *s = suite_create("jsonw");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_str_random);
	tcase_add_test(tc, test_str_invalid);
	tcase_add_test(tc, test_str_terminal);
	tcase_add_test(tc, test_scalars);
	tcase_add_test(tc, test_time);
	tcase_add_test(tc, test_room);
	suite_add_tcase(s, tc);
	return s;
}
