/*
 * check_advice.c - advice_name_key(), the look-alike rule for provider
 * names: folding, NFC, punctuation and spaces, trailing legal forms; and
 * URL indicators whose host is an address, checked like addresses.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "advice.h"
#include "evidence.h"
#include "ipnet.h"
#include "testutil.h"
#include "validate.h"

Suite	*advice_suite(void);

START_TEST(test_name_key)
{
	static const struct {
		const char	*in;
		const char	*key;
	} t[] = {
		{ "McColo Corp.", "mccolo" },
		{ "MCCOLO CORPORATION", "mccolo" },
		{ "Mccolo Corporation", "mccolo" },
		{ "Mc-Colo, Inc.", "mccolo" },
		{ "McColo Co. Ltd", "mccolo" },
		{ "McColo Hosting", "mccolohosting" },
		{ "Corp Hosting", "corphosting" },
		{ "Inc", "inc" },
		{ "Inc.", "inc" },
		{ "Stra\xc3\x9f" "e Net GmbH", "strassenet" },
		{ "STRASSE NET", "strassenet" },
		{ "Caf\xc3\xa9", "caf\xc3\xa9" },
		{ "CAFE\xcc\x81", "caf\xc3\xa9" },	/* decomposed: NFC */
		{ "\xd0\xa5\xd0\x9e\xd0\xa1\xd0\xa2 \xd0\x9e\xd0\x9e\xd0\x9e",
		  "\xd1\x85\xd0\xbe\xd1\x81\xd1\x82" },
		{ "  ", "" },
	};
	size_t i;
	char *k;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		k = advice_name_key(t[i].in);
		ck_assert_msg(k != NULL && strcmp(k, t[i].key) == 0,
		    "'%s' gave '%s', not '%s'", t[i].in, k ? k : "(null)",
		    t[i].key);
		free(k);
	}
	ck_assert_ptr_null(advice_name_key("bad \xff utf-8"));
}
END_TEST

/* A URL evidence record of provider pid. */
static struct evidence
url_ev(int64_t pid, const char *url)
{
	struct evidence e;

	memset(&e, 0, sizeof(e));
	e.provider_id = pid;
	e.kind = (char *)"c2";
	e.indicator = (char *)url;
	e.indicator_type = IND_URL;
	return e;
}

START_TEST(test_url_host_special)
{
	static const struct {
		const char	*url;
		const char	*warn;	/* a part of the warning, or NULL */
	} t[] = {
		{ "http://10.1.2.3/gate.php", "private-use" },
		{ "https://[2001:db8::1]:8443/x", "documentation" },
		{ "http://192.0.2.5:8080/p?q=1", "TEST-NET-1" },
		{ "http://127.0.0.1/", "loopback" },
		{ "http://208.66.194.37/gate.php", NULL },
		{ "http://mccolo.com/10.1.2.3/", NULL },
		{ "http://10.1.2.3.example/", NULL },
	};
	struct dp_err err = DP_ERR_INIT;
	struct db *db = test_db();
	int64_t pid = test_provider(db, "McColo");
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct advice a = ADVICE_INIT;
		struct evidence e = url_ev(pid, t[i].url);

		ck_assert_int_eq(advice_evidence(db, &e, 1226438580, &a,
		    &err), 0);
		if (t[i].warn == NULL)
			ck_assert_msg(a.n == 0, "%s: unexpected '%s'",
			    t[i].url, a.msgs[0]);
		else
			ck_assert_msg(a.n == 1 && strstr(a.msgs[0],
			    t[i].warn) != NULL, "%s: %zu warnings, '%s'",
			    t[i].url, a.n, a.n ? a.msgs[0] : "");
		advice_release(&a);
	}
	db_close(db);
}
END_TEST

START_TEST(test_url_host_rows)
{
	struct advice_rows rs;
	struct advice a = ADVICE_INIT;
	struct evidence e;
	struct ipnet n;

	/* As advice_rows_init() leaves it; advice_rows_finish() frees it. */
	memset(&rs, 0, sizeof(rs));
	rs.provs = xcalloc(1, sizeof(*rs.provs));
	rs.nprovs = 1;
	rs.provs[0].id = 7;
	ck_assert_int_eq(val_cidr("208.66.192.0/22", &n, NULL), 0);
	ck_assert_int_eq(provider_add_prefix(&rs.provs[0], &n), 1);
	e = url_ev(7, "http://208.66.194.37/gate.php");
	advice_row(&rs, &e, 1, 0);
	e = url_ev(7, "http://9.9.9.9/panel/");
	advice_row(&rs, &e, 2, 0);
	e = url_ev(7, "http://10.0.0.1/");
	advice_row(&rs, &e, 3, 0);
	e = url_ev(7, "http://mccolo.com/");
	advice_row(&rs, &e, 4, 0);
	e = url_ev(7, "http://[2001:db8::5]/");
	advice_row(&rs, &e, 5, 0);
	ck_assert_int_eq(rs.outside, 1);
	ck_assert_int_eq(rs.outside_line, 2);
	ck_assert_int_eq(rs.special, 2);
	ck_assert_int_eq(rs.special_line, 3);
	advice_rows_finish(&rs, &a);
	ck_assert_uint_eq(a.n, 2);
	ck_assert_ptr_null(rs.provs);
	advice_release(&a);
}
END_TEST

Suite *
advice_suite(void)
{
	Suite *s = suite_create("advice");
	TCase *tc = tcase_create("advice");

	tcase_add_test(tc, test_name_key);
	tcase_add_test(tc, test_url_host_special);
	tcase_add_test(tc, test_url_host_rows);
	suite_add_tcase(s, tc);
	return s;
}
