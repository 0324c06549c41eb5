/*
 * check_defang.c - defang.c: each indicator type in its documented form,
 * refang() undoing every one of them exactly, nothing a linkifier would
 * take for a URL, address or host left in the result, and free text
 * defanged token by token.
 */
#include <check.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "defang.h"
#include "refang.h"
#include "util.h"

Suite	*defang_suite(void);

static const struct {
	const char	*in;
	enum ind_type	 type;
	const char	*want;
} table[] = {
	{ "208.66.194.22", IND_IPV4, "208.66.194[.]22" },
	{ "2001:db8::1", IND_IPV6, "2001[:]db8[:][:]1" },
	{ "::ffff:192.0.2.1", IND_IPV6, "[:][:]ffff[:]192.0.2.1" },
	{ "208.66.192.0/22", IND_CIDR, "208.66.192[.]0/22" },
	{ "2001:db8::/32", IND_CIDR, "2001[:]db8[:][:]/32" },
	{ "evil.example", IND_DOMAIN, "evil[.]example" },
	{ "a.b.evil.example", IND_DOMAIN, "a[.]b[.]evil[.]example" },
	{ "xn--bcher-kva.example", IND_DOMAIN, "xn--bcher-kva[.]example" },
	{ "http://evil.example/panel/gate.php", IND_URL,
	  "hxxp://evil[.]example/panel/gate[.]php" },
	{ "https://evil.example:8443/", IND_URL,
	  "hxxps://evil[.]example:8443/" },
	{ "ftp://files.evil.example/x", IND_URL,
	  "ftp[://]files[.]evil[.]example/x" },
	{ "http://208.66.194.22/", IND_URL, "hxxp://208[.]66[.]194[.]22/" },
	{ "http://[2001:db8::1]/x", IND_URL, "hxxp://[2001:db8::1]/x" },
	{ "http://u@evil.example/?r=http://b.example/", IND_URL,
	  "hxxp://u[@]evil[.]example/?r=http[://]b[.]example/" },
};

/* What a mail client or filter would link or flag as live. */
static const char *const live[] = {
	"(https?|s?ftps?|file|wss?|gopher)://",		/* a URL */
	"[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+",		/* a dotted quad */
	"[A-Za-z0-9-]+\\.[A-Za-z][A-Za-z0-9-]+",	/* a host */
	"[0-9A-Fa-f]*:[0-9A-Fa-f]*:",			/* IPv6 */
	"[^[ ]@",					/* an address */
};

static int
is_live(const char *s)
{
	regex_t re;
	size_t i;
	int hit;

	for (i = 0; i < ARRAY_SIZE(live); i++) {
		ck_assert_int_eq(regcomp(&re, live[i], REG_EXTENDED |
		    REG_NOSUB | REG_ICASE), 0);
		hit = regexec(&re, s, 0, NULL, 0) == 0;
		regfree(&re);
		if (hit)
			return 1;
	}
	return 0;
}

START_TEST(test_forms)
{
	size_t i;
	char *d, *r;

	for (i = 0; i < ARRAY_SIZE(table); i++) {
		d = defang(table[i].in, table[i].type);
		ck_assert_msg(strcmp(d, table[i].want) == 0, "%s -> %s",
		    table[i].in, d);
		r = refang(d);
		ck_assert_msg(r != NULL && strcmp(r, table[i].in) == 0,
		    "refang(%s) = %s", d, r != NULL ? r : "(null)");
		/* The URL's bracketed IPv6 host is dead by its scheme. */
		if (strchr(table[i].in, '[') == NULL &&
		    strstr(table[i].in, "::ffff") == NULL)
			ck_assert_msg(!is_live(d), "%s is still live", d);
		free(r);
		free(d);
	}
}
END_TEST

/* Every value of every type round-trips, and the refang helpers agree. */
START_TEST(test_roundtrip_validated)
{
	static const char *const v[] = {
		"208.66.194.22", "10.0.0.1", "2001:db8:1:2::77", "::1",
		"208.66.192.0/22", "2001:db8::/48", "mccolo.com",
		"srizbi-c2.example.net", "http://mccolo.com/panel/",
		"https://a.b.example/x?y=1.2&z=3", "http://208.66.194.22:8080/",
	};
	enum ind_type t;
	char *canon, *d, *r;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(v); i++) {
		ck_assert_int_eq(val_indicator(v[i], &t, &canon, NULL), 0);
		d = defang(canon, t);
		ck_assert_msg(strcmp(d, canon) != 0, "%s unchanged", canon);
		ck_assert_msg(!is_live(d), "%s is still live", d);
		r = refang(d);
		ck_assert_msg(r != NULL && strcmp(r, canon) == 0, "%s: %s",
		    canon, r != NULL ? r : "(null)");
		free(r);
		/* What an import of the defanged text would store. */
		if (t != IND_CIDR) {
			r = refang_indicator(d);
			ck_assert_msg(r != NULL && strcmp(r, canon) == 0,
			    "refang_indicator(%s)", d);
			free(r);
		}
		free(d);
		free(canon);
	}
}
END_TEST

START_TEST(test_text)
{
	static const struct {
		const char	*in, *want;
	} tt[] = {
		{ "", "" },
		{ "seen at http://evil.example/x.",
		  "seen at hxxp://evil[.]example/x." },
		{ "C2 208.66.194.22, 208.66.194.23; and 2001:db8::7",
		  "C2 208.66.194[.]22, 208.66.194[.]23; and "
		  "2001[:]db8[:][:]7" },
		{ "(see mccolo.com/panel/)", "(see mccolo[.]com/panel/)" },
		{ "mail abuse@evil.example now",
		  "mail abuse[@]evil[.]example now" },
		{ "net 208.66.192.0/22!", "net 208.66.192[.]0/22!" },
		/* Not indicators: left alone. */
		{ "e.g. v1.2 at 12:30, i.e. done",
		  "e.g. v1.2 at 12:30, i.e. done" },
		{ "already evil[.]example", "already evil[.]example" },
		{ "Srizbi botnet", "Srizbi botnet" },
		{ "Trojan.Win32", "Trojan.Win32" },
		/* A dotted name ending in letters: a bracket too many. */
		{ "Backdoor.Srizbi", "Backdoor[.]Srizbi" },
		{ "Ünïcode text", "Ünïcode text" },
	};
	size_t i;
	char *d;

	for (i = 0; i < ARRAY_SIZE(tt); i++) {
		d = defang_text(tt[i].in);
		ck_assert_msg(strcmp(d, tt[i].want) == 0, "'%s' -> '%s'",
		    tt[i].in, d);
		if (i < 6)
			ck_assert_msg(!is_live(d), "%s is still live", d);
		free(d);
	}
}
END_TEST

/* The regex check can fail: the live forms are seen as live. */
START_TEST(test_live_detector)
{
	ck_assert(is_live("http://evil.example/"));
	ck_assert(is_live("208.66.194.22"));
	ck_assert(is_live("evil.example"));
	ck_assert(is_live("2001:db8::1"));
	ck_assert(is_live("a@b"));
	ck_assert(!is_live("208.66.194[.]22 evil[.]example a[@]b"));
}
END_TEST

Suite *
defang_suite(void)
{
	Suite *s = suite_create("defang");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_forms);
	tcase_add_test(tc, test_roundtrip_validated);
	tcase_add_test(tc, test_text);
	tcase_add_test(tc, test_live_detector);
	suite_add_tcase(s, tc);
	return s;
}
