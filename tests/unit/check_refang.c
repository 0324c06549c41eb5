/*
 * check_refang.c - refang.c: each defang form undone, values without one
 * left alone (NULL), and the refang_*() helpers that touch a value only
 * when it is invalid as typed and valid once refanged.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "refang.h"
#include "util.h"

Suite	*refang_suite(void);

/* in -> want (NULL: nothing to undo). */
static const struct {
	const char	*in;
	const char	*want;
} table[] = {
	{ "208.66.194[.]37", "208.66.194.37" },
	{ "208[.]66[.]194[.]37", "208.66.194.37" },
	{ "208(.)66(.)194(.)37", "208.66.194.37" },
	{ "208.66.194[dot]37", "208.66.194.37" },
	{ "208.66.194[DOT]37", "208.66.194.37" },
	{ "208.66.192[.]0/22", "208.66.192.0/22" },
	{ "evil[.]example[.]com", "evil.example.com" },
	{ "hxxp://evil[.]example/x", "http://evil.example/x" },
	{ "hxxps://evil[.]example/", "https://evil.example/" },
	{ "hXXps://evil.example/", "https://evil.example/" },
	{ "HXXP://evil.example/", "http://evil.example/" },
	{ "hxxp[:]//evil[.]example", "http://evil.example" },
	{ "hxxps[://]evil[.]example", "https://evil.example" },
	{ "http[:]//evil.example", "http://evil.example" },
	{ "2001:db8[:]:1", "2001:db8::1" },
	{ "2001[:]db8[:][:]1", "2001:db8::1" },
	{ "abuse[@]example.net", "abuse@example.net" },
	{ "abuse[at]example[.]net", "abuse@example.net" },
	{ "abuse[AT]example.net", "abuse@example.net" },
	/* Nothing to undo: NULL. */
	{ "208.66.194.37", NULL },
	{ "http://evil.example/", NULL },
	{ "http://[2001:db8::1]/", NULL },
	{ "http://[::]/", NULL },
	{ "hxxp.example.com", NULL },
	/* "hxxp" is a scheme only before ':'. */
	{ "hxxp[.]example[.]com", "hxxp.example.com" },
	{ "ahxxp://x", NULL },
	{ "[", NULL },
	{ "(", NULL },
	{ "[.", NULL },
	{ "(dot)", NULL },
	{ "{.}", NULL },
	{ "", NULL },
};

START_TEST(test_table)
{
	size_t i;
	char *r;

	for (i = 0; i < ARRAY_SIZE(table); i++) {
		r = refang(table[i].in);
		if (table[i].want == NULL)
			ck_assert_msg(r == NULL, "'%s' became '%s'",
			    table[i].in, r);
		else
			ck_assert_msg(r != NULL && strcmp(r,
			    table[i].want) == 0, "'%s' gave '%s', not '%s'",
			    table[i].in, r ? r : "(null)", table[i].want);
		free(r);
	}
}
END_TEST

/* refang_indicator(): in -> want, or NULL to leave it as typed. */
START_TEST(test_indicator)
{
	static const struct {
		const char	*in;
		const char	*want;
	} t[] = {
		{ "208.66.194[.]37", "208.66.194.37" },
		{ "hxxp://evil[.]example/a?b=c", "http://evil.example/a?b=c" },
		{ "2001:db8[:]:1", "2001:db8::1" },
		{ "208.66.192[.]0/22", "208.66.192.0/22" },
		/* hxxp is no real scheme: refanged though it validates. */
		{ "hxxp://evil.example/gate.php", "http://evil.example/gate.php" },
		{ "HXXPS://evil.example/", "https://evil.example/" },
		/* Valid as is: never altered. */
		{ "208.66.194.37", NULL },
		{ "http://evil.example/a[.]b", NULL },
		/* Still invalid once refanged: left for the message. */
		{ "999[.]1.1.1", NULL },
		{ "not an indicator[.]", NULL },
	};
	size_t i;
	char *r;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		r = refang_indicator(t[i].in);
		if (t[i].want == NULL)
			ck_assert_msg(r == NULL, "'%s' became '%s'",
			    t[i].in, r);
		else
			ck_assert_msg(r != NULL && strcmp(r, t[i].want) == 0,
			    "'%s' gave '%s'", t[i].in, r ? r : "(null)");
		free(r);
	}
	r = refang_cidr("208.66.192[.]0/22");
	ck_assert_str_eq(r, "208.66.192.0/22");
	free(r);
	ck_assert_ptr_null(refang_cidr("208.66.192.0/22"));
	ck_assert_ptr_null(refang_cidr("208.66.192[.]1/22"));
}
END_TEST

Suite *
refang_suite(void)
{
	Suite *s = suite_create("refang");
	TCase *tc = tcase_create("refang");

	tcase_add_test(tc, test_table);
	tcase_add_test(tc, test_indicator);
	suite_add_tcase(s, tc);
	return s;
}
