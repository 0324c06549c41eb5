/*
 * check_fuzzfound.c - what the fuzz targets (fuzz/) found, one test per
 * finding, from the input that showed it, so that it stays fixed
 * whether or not a fuzzer runs.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "evidence.h"
#include "evidence_import.h"
#include "exitcodes.h"
#include "regrec.h"
#include "ripestat.h"
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

/*
 * The entry fuzz_jsonl reads records through: the import's own checks,
 * refanging included, without a database.
 */
START_TEST(test_jsonl_record)
{
	static const char ok[] = "{\"provider\":\"McColo\",\"kind\":\"c2\","
	    "\"indicator\":\"208.66.194[.]37\",\"observed_at\":"
	    "\"2008-11-11T16:23:00-05:00\",\"note\":null}";
	static const char *const bad[] = {
		"{\"kind\":\"c2\",\"indicator\":\"a.example\",\"kind\":\"c2\"}",
		"{\"kind\":\"c2\",\"indicator\":\"a.example\",\"x\":\"1\"}",
		"{\"kind\":\"c2\",\"indicator\":\"a.example\",\"note\":1}",
		"{\"kind\":\"c2\",\"indicator\":\"a\\u0000b\"}",
		"[\"c2\"]",
		"{\"kind\":\"c3\",\"indicator\":\"a.example\"}",
		"{\"kind\":\"c2\",\"indicator\":\"http://a.example/\\u009b\"}",
	};
	struct dp_err err = DP_ERR_INIT;
	struct evidence e;
	char *provider;
	size_t i;

	memset(&e, 0, sizeof(e));
	ck_assert_int_eq(evidence_import_jsonl_record(ok, strlen(ok), 3, &e,
	    &provider, &err), 0);
	ck_assert_str_eq(provider, "McColo");
	ck_assert_str_eq(e.indicator, "208.66.194.37");
	ck_assert_int_eq(e.indicator_type, IND_IPV4);
	ck_assert_int_eq(e.observed_at, 1226438580);
	ck_assert_str_eq(e.note, "defanged as: 208.66.194[.]37");
	free(provider);
	evidence_release(&e);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&e, 0, sizeof(e));
		ck_assert_msg(evidence_import_jsonl_record(bad[i],
		    strlen(bad[i]), 7, &e, &provider, &err) == DP_EX_DATAERR,
		    "took '%s'", bad[i]);
		ck_assert_ptr_null(provider);
		ck_assert_msg(strncmp(err.msg, "line 7: ", 8) == 0, "%s",
		    err.msg);
		evidence_release(&e);
	}
}
END_TEST

/*
 * fuzz_ripestat, in the long run: RIPEstat's abuse-contact-finder answer
 * gave an abuse contact holding the C1 control U+008D (a JSON string is
 * any UTF-8), and email_plausible() took it, so it reached the contacts
 * that depeer ranks and prints.
 */
START_TEST(test_ripestat_abuse_c1)
{
	static const char json[] = "{\"data\":{\"abuse_contacts\":["
	    "\"abuse@ripe.net\",\"abuse\\u008d@ripe.net\","
	    "\"abuse@ri\\u0085pe.net\"]},\"status\":\"ok\"}";
	static const char c1[] = "abuse\xc2\x8d@ripe.net";
	static const char ok[] = "abuse@ripe.net";
	static const char utf8[] = "caf\xc3\xa9@example.net";
	struct dp_err err = DP_ERR_INIT;
	struct reg_record r;
	size_t i;

	ck_assert(!email_plausible(c1, strlen(c1)));
	ck_assert(email_plausible(ok, strlen(ok)));
	ck_assert(email_plausible(utf8, strlen(utf8)));
	reg_record_init(&r);
	ck_assert_int_eq(ripestat_parse_abuse(json, strlen(json), &r, &err),
	    0);
	ck_assert_uint_eq(r.ncontacts, 1);
	ck_assert_str_eq(r.contacts[0].email, "abuse@ripe.net");
	for (i = 0; i < r.nnotes; i++)
		ck_assert_ptr_null(strstr(r.notes[i], "\xc2\x8d"));
	reg_record_release(&r);
}
END_TEST

Suite *
fuzzfound_suite(void)
{
	Suite *s = suite_create("fuzzfound");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_url_bytes);
	tcase_add_test(tc, test_jsonl_record);
	tcase_add_test(tc, test_ripestat_abuse_c1);
	suite_add_tcase(s, tc);
	return s;
}
