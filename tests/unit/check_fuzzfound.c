/*
 * check_fuzzfound.c - what the fuzz targets (fuzz/) found, one test per
 * finding, from the input that showed it, so that it stays fixed
 * whether or not a fuzzer runs.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "evidence.h"
#include "exitcodes.h"
#include "validate.h"

Suite	*fuzzfound_suite(void);

/*
 * fuzz_validate and fuzz_jsonl: libcurl keeps the bytes above 0x7f of a
 * URL's path and query as they are, so val_url() took a URL with bytes
 * that are not UTF-8 (stored, then dropped by jansson from the JSON) or
 * with a C1 control such as U+009B, which a terminal obeys as ESC [ (the
 * C1 refusal came with termsafe.h's checks at the same time).
 */
START_TEST(test_url_bytes)
{
	static const char *const bad[] = {
		"http://a.example/\xff",
		"http://a.example/x\xc3",
		"http://a.example/a\xc2\x9b" "b",
		"http://a.example/?q=\xc2\x85",
		"http://a.example/#\xc2\x80",
		"ftp://a.example/\xc2\x9f",
	};
	static const char *const good[] = {
		"http://a.example/caf\xc3\xa9",
		"http://a.example/\xc2\xa0",	/* U+00A0: no control */
	};
	struct dp_err err = DP_ERR_INIT;
	struct ev_input in;
	struct evidence e;
	enum ind_type t;
	char *c;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(val_url(bad[i], &c, &err) == DP_EX_DATAERR,
		    "val_url took bad URL %zu", i);
		ck_assert_msg(val_url_curl(bad[i], &c, &err) ==
		    DP_EX_DATAERR, "val_url_curl took bad URL %zu", i);
		ck_assert_msg(val_indicator(bad[i], &t, &c, &err) ==
		    DP_EX_DATAERR, "val_indicator took bad URL %zu", i);
		ck_assert_ptr_nonnull(strstr(err.msg, "invalid URL"));
		memset(&in, 0, sizeof(in));
		memset(&e, 0, sizeof(e));
		in.kind = "c2";
		in.indicator = bad[i];
		ck_assert_int_eq(evidence_from_input(&in, &e, &err),
		    DP_EX_DATAERR);
		evidence_release(&e);
	}
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		ck_assert_msg(val_url(good[i], &c, &err) == 0, "%s",
		    err.msg);
		ck_assert_str_eq(c, good[i]);
		free(c);
	}
}
END_TEST

Suite *
fuzzfound_suite(void)
{
	Suite *s = suite_create("fuzzfound");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_url_bytes);
	suite_add_tcase(s, tc);
	return s;
}
