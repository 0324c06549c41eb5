/*
 * check_special.c - special.c: addresses and prefixes in and just outside
 * each special-purpose block, the most specific block named, prefixes
 * wider than a block not flagged; AS numbers at each range's edges.
 */
#include <check.h>
#include <string.h>

#include "special.h"
#include "util.h"
#include "validate.h"

Suite	*special_suite(void);

/* The reference of the block s (address or CIDR) is in, or NULL. */
static const char *
ref_of(const char *s)
{
	const struct special *sp;
	struct ipnet n;

	if (strchr(s, '/') != NULL)
		ck_assert_int_eq(val_cidr(s, &n, NULL), 0);
	else
		ck_assert_int_eq(val_ip(s, &n, NULL), 0);
	sp = special_net(&n);
	return sp != NULL ? sp->ref : NULL;
}

START_TEST(test_nets)
{
	static const struct {
		const char	*in;
		const char	*ref;	/* NULL: not special */
	} t[] = {
		{ "0.0.0.0", "RFC 791" }, { "0.255.255.255", "RFC 791" },
		{ "1.0.0.0", NULL },
		{ "10.0.0.1", "RFC 1918" }, { "10.0.0.0/8", "RFC 1918" },
		{ "9.255.255.255", NULL }, { "11.0.0.0", NULL },
		{ "100.64.0.1", "RFC 6598" }, { "100.127.255.255", "RFC 6598" },
		{ "100.128.0.0", NULL }, { "100.63.255.255", NULL },
		{ "127.0.0.1", "RFC 1122" },
		{ "169.254.1.1", "RFC 3927" },
		{ "172.16.0.0/12", "RFC 1918" }, { "172.31.255.255", "RFC 1918" },
		{ "172.32.0.0", NULL }, { "172.15.255.255", NULL },
		{ "192.0.0.8", "RFC 6890" },
		{ "192.0.2.1", "RFC 5737" }, { "192.0.2.0/25", "RFC 5737" },
		{ "192.0.3.0", NULL },
		{ "192.88.99.1", "RFC 7526" },
		{ "192.168.1.1", "RFC 1918" },
		{ "198.18.0.1", "RFC 2544" }, { "198.19.255.255", "RFC 2544" },
		{ "198.20.0.0", NULL },
		{ "198.51.100.7", "RFC 5737" }, { "203.0.113.0/24", "RFC 5737" },
		{ "224.0.0.1", "RFC 5771" }, { "239.255.255.255", "RFC 5771" },
		{ "240.0.0.1", "RFC 1112" },
		{ "255.255.255.255", "RFC 919" },
		{ "223.255.255.255", NULL },
		/* McColo's own space, and wide prefixes around a block. */
		{ "208.66.194.37", NULL }, { "208.66.192.0/22", NULL },
		{ "192.0.0.0/8", NULL }, { "0.0.0.0/0", NULL },
		{ "::", "RFC 4291" }, { "::1", "RFC 4291" },
		{ "::2", NULL },
		{ "::ffff:192.0.2.1", "RFC 4291" },
		{ "100::1", "RFC 6666" },
		{ "2001:2::1", "RFC 5180" },
		{ "2001:db8::1", "RFC 3849" }, { "2001:db8:1::/48", "RFC 3849" },
		{ "2001:db9::1", NULL }, { "2001:db8::/31", NULL },
		{ "3fff:1::1", "RFC 9637" },
		{ "fc00::1", "RFC 4193" }, { "fdff:ffff::1", "RFC 4193" },
		{ "fe80::1", "RFC 4291" }, { "febf::1", "RFC 4291" },
		{ "fec0::1", NULL },
		{ "ff02::1", "RFC 4291" },
		{ "2a00:1450::1", NULL }, { "2001:4860::/32", NULL },
	};
	size_t i;
	const char *r;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		r = ref_of(t[i].in);
		if (t[i].ref == NULL)
			ck_assert_msg(r == NULL, "'%s' flagged (%s)", t[i].in,
			    r);
		else
			ck_assert_msg(r != NULL && strcmp(r, t[i].ref) == 0,
			    "'%s': %s, not %s", t[i].in, r ? r : "none",
			    t[i].ref);
	}
}
END_TEST

START_TEST(test_asns)
{
	static const struct {
		uint32_t	 asn;
		const char	*ref;
	} t[] = {
		{ 0, "RFC 7607" }, { 1, NULL }, { 26780, NULL },
		{ 23455, NULL }, { 23456, "RFC 6793" }, { 23457, NULL },
		{ 64495, NULL }, { 64496, "RFC 5398" }, { 64511, "RFC 5398" },
		{ 64512, "RFC 6996" }, { 65534, "RFC 6996" },
		{ 65535, "RFC 7300" },
		{ 65536, "RFC 5398" }, { 65551, "RFC 5398" }, { 65552, NULL },
		{ 4199999999U, NULL }, { 4200000000U, "RFC 6996" },
		{ 4294967294U, "RFC 6996" }, { 4294967295U, "RFC 7300" },
	};
	const struct special *sp;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		sp = special_asn(t[i].asn);
		if (t[i].ref == NULL)
			ck_assert_msg(sp == NULL, "AS%u flagged", t[i].asn);
		else
			ck_assert_msg(sp != NULL && strcmp(sp->ref,
			    t[i].ref) == 0, "AS%u: %s", t[i].asn,
			    sp ? sp->ref : "none");
	}
}
END_TEST

Suite *
special_suite(void)
{
	Suite *s = suite_create("special");
	TCase *tc = tcase_create("special");

	tcase_add_test(tc, test_nets);
	tcase_add_test(tc, test_asns);
	suite_add_tcase(s, tc);
	return s;
}
