/*
 * check_advice.c - advice_name_key(), the look-alike rule for provider
 * names: folding, NFC, punctuation and spaces, trailing legal forms.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "advice.h"

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

Suite *
advice_suite(void)
{
	Suite *s = suite_create("advice");
	TCase *tc = tcase_create("advice");

	tcase_add_test(tc, test_name_key);
	suite_add_tcase(s, tc);
	return s;
}
