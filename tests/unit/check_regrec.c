/*
 * check_regrec.c - the common registry record: CIDR covers of ranges,
 * contact ranking, de-duplication and sorting.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "exitcodes.h"
#include "regrec.h"
#include "validate.h"

/* reg_set_range() from the text of two addresses of one family. */
static int
set_range(struct reg_record *r, const char *a, const char *b,
    struct dp_err *err)
{
	struct ipnet x, y;

	ck_assert_msg(val_ip(a, &x, err) == 0, "%s", err->msg);
	ck_assert_msg(val_ip(b, &y, err) == 0, "%s", err->msg);
	ck_assert_int_eq(x.family, y.family);
	return reg_set_range(r, x.family, x.addr, y.addr, err);
}

static char *
cover(const char *a, const char *b)
{
	struct reg_record r;
	struct dp_err err = DP_ERR_INIT;
	char text[IPNET_STRLEN], *out;
	struct buf { char s[4096]; size_t n; } buf = { "", 0 };
	size_t i;

	reg_record_init(&r);
	ck_assert_msg(set_range(&r, a, b, &err) == 0, "%s", err.msg);
	for (i = 0; i < r.nprefixes; i++) {
		ipnet_format(&r.prefixes[i], text, sizeof(text));
		buf.n += (size_t)snprintf(buf.s + buf.n, sizeof(buf.s) - buf.n,
		    "%s%s", i ? " " : "", text);
	}
	out = xstrdup(buf.s);
	reg_record_release(&r);
	return out;
}

START_TEST(test_cidr_cover)
{
	static const char *const cases[][3] = {
		/* AFRINIC's non-aligned block in the fixtures. */
		{ "196.11.239.0", "196.11.246.255",
		  "196.11.239.0/24 196.11.240.0/22 196.11.244.0/23 "
		  "196.11.246.0/24" },
		{ "62.239.237.0", "62.239.237.255", "62.239.237.0/24" },
		{ "210.107.0.0", "210.107.127.255", "210.107.0.0/17" },
		{ "0.0.0.0", "255.255.255.255", "0.0.0.0/0" },
		{ "10.0.0.1", "10.0.0.1", "10.0.0.1/32" },
		{ "10.0.0.1", "10.0.0.6",
		  "10.0.0.1/32 10.0.0.2/31 10.0.0.4/31 10.0.0.6/32" },
		{ "255.255.255.254", "255.255.255.255", "255.255.255.254/31" },
		{ "2001:4860::", "2001:4860:ffff:ffff:ffff:ffff:ffff:ffff",
		  "2001:4860::/32" },
		{ "2001:43f8:7b0::", "2001:43f8:7b0:ffff:ffff:ffff:ffff:ffff",
		  "2001:43f8:7b0::/48" },
		{ "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "::/0" },
	};
	size_t i;
	char *got;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		got = cover(cases[i][0], cases[i][1]);
		ck_assert_msg(strcmp(got, cases[i][2]) == 0, "%s - %s: %s",
		    cases[i][0], cases[i][1], got);
		free(got);
	}
}
END_TEST

START_TEST(test_range_errors)
{
	struct reg_record r;
	struct dp_err err = DP_ERR_INIT;

	reg_record_init(&r);
	ck_assert_int_eq(set_range(&r, "10.0.0.9", "10.0.0.1", &err),
	    DP_EX_DATAERR);
	ck_assert(!r.has_range);
	reg_record_release(&r);
}
END_TEST

START_TEST(test_contacts)
{
	struct reg_record r;

	reg_record_init(&r);
	ck_assert_int_eq(reg_add_contact(&r, "btcertcc@bt.com", ROLE_REMARK,
	    NULL, "remarks"), 1);
	ck_assert_int_eq(reg_add_contact(&r, "protect@bt.com", ROLE_ABUSE,
	    NULL, "abuse-comment"), 1);
	/* Same address, worse role: ignored; better role: upgraded. */
	ck_assert_int_eq(reg_add_contact(&r, "PROTECT@bt.com", ROLE_TECH,
	    "BTCR1-RIPE", "e-mail"), 0);
	ck_assert_int_eq(reg_add_contact(&r, "btcertcc@BT.com", ROLE_ABUSE,
	    "X", "abuse-mailbox"), 1);
	ck_assert_uint_eq(r.ncontacts, 2);
	ck_assert_int_eq(r.contacts[0].role, ROLE_ABUSE);
	ck_assert_str_eq(r.contacts[0].via, "abuse-mailbox");
	ck_assert_str_eq(reg_role_name(ROLE_REMARK), "remark");
	reg_add_origin(&r, 2856);
	reg_add_origin(&r, 2856);
	ck_assert_uint_eq(r.norigins, 1);
	reg_add_note(&r, "results are %d hours old", 29);
	ck_assert_str_eq(r.notes[0], "results are 29 hours old");
	reg_record_release(&r);
}
END_TEST

/* A copy owns every string and array of its own (ASan: no double free). */
START_TEST(test_copy)
{
	struct reg_record r, c;
	struct ipnet n;
	unsigned char lo[16] = { 208, 66, 192, 0 }, hi[16] = { 208, 66, 195,
	    255 };
	struct dp_err err = DP_ERR_INIT;

	reg_record_init(&r);
	reg_set(&r.source, "arin");
	reg_set(&r.handle, "NET-208-66-192-0-1");
	reg_set(&r.name, "MCCOLO");
	reg_set(&r.org, "McColo Corporation");
	reg_set(&r.org_handle, "MCCOL");
	reg_set(&r.country, "US");
	reg_set(&r.country_from, "registrant's address");
	reg_set(&r.status, "allocated");
	reg_set(&r.origins_from, "NET-208-0-0-0-0");
	reg_set(&r.referral, "rwhois://rwhois.example:4321");
	ck_assert_int_eq(reg_set_range(&r, AF_INET, lo, hi, &err), 0);
	ck_assert_int_eq(val_cidr("208.66.192.0/22", &n, NULL), 0);
	reg_set_prefix(&r, &n);
	reg_add_origin(&r, 26780);
	reg_add_contact(&r, "abuse@mccolo.example", ROLE_ABUSE, "MCCOL-ARIN",
	    "OrgAbuseEmail");
	reg_set(&r.contacts[0].from, "NET-208-0-0-0-0");
	reg_add_link(&r, "https://rdap.example/entity/X");
	reg_add_note(&r, "a note");
	reg_record_copy(&c, &r);
	reg_record_release(&r);		/* the copy must not need it */
	ck_assert_str_eq(c.name, "MCCOLO");
	ck_assert_str_eq(c.country_from, "registrant's address");
	ck_assert_str_eq(c.origins_from, "NET-208-0-0-0-0");
	ck_assert_str_eq(c.referral, "rwhois://rwhois.example:4321");
	ck_assert_uint_eq(c.norigins, 1);
	ck_assert_uint_eq(c.origins[0], 26780);
	ck_assert_uint_ge(c.nprefixes, 1);
	ck_assert_int_eq(c.has_range, 1);
	ck_assert_uint_eq(c.ncontacts, 1);
	ck_assert_str_eq(c.contacts[0].email, "abuse@mccolo.example");
	ck_assert_str_eq(c.contacts[0].from, "NET-208-0-0-0-0");
	ck_assert_str_eq(c.links[0], "https://rdap.example/entity/X");
	ck_assert_str_eq(c.notes[0], "a note");
	reg_record_release(&c);
	/* An empty record copies to an empty one. */
	reg_record_init(&r);
	reg_record_copy(&c, &r);
	ck_assert_ptr_null(c.contacts);
	ck_assert_ptr_null(c.prefixes);
	reg_record_release(&c);
}
END_TEST

/* By role, best first; equal roles keep the order they were added in. */
START_TEST(test_sort_contacts)
{
	static const struct {
		const char	*email;
		enum reg_role	 role;
	} in[] = {
		{ "r1@example.org", ROLE_REMARK },
		{ "t1@example.org", ROLE_TECH },
		{ "a1@example.org", ROLE_ABUSE },
		{ "t2@example.org", ROLE_TECH },
		{ "r2@example.org", ROLE_REMARK },
		{ "a2@example.org", ROLE_ABUSE },
	};
	static const char *const want[] = {
		"a1@example.org", "a2@example.org", "t1@example.org",
		"t2@example.org", "r1@example.org", "r2@example.org",
	};
	struct reg_record r;
	size_t i;

	reg_record_init(&r);
	reg_sort_contacts(&r);		/* none: nothing to do */
	for (i = 0; i < ARRAY_SIZE(in); i++)
		reg_add_contact(&r, in[i].email, in[i].role, NULL, NULL);
	reg_sort_contacts(&r);
	ck_assert_uint_eq(r.ncontacts, ARRAY_SIZE(want));
	for (i = 0; i < ARRAY_SIZE(want); i++)
		ck_assert_str_eq(r.contacts[i].email, want[i]);
	reg_record_release(&r);
}
END_TEST

START_TEST(test_email_plausible)
{
	static const char *const ok[] = { "abuse@ripe.net", "a.b+c@x.co.uk",
	    "operacion.redes@TRIARA.COM" };
	static const char *const bad[] = { "abuse", "@ripe.net", "abuse@",
	    "abuse@ripe", "a b@c.d", "<a@b.c>", "a@b.c.", "a@@b.c" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ok); i++)
		ck_assert_msg(email_plausible(ok[i], strlen(ok[i])), "%s",
		    ok[i]);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		ck_assert_msg(!email_plausible(bad[i], strlen(bad[i])), "%s",
		    bad[i]);
}
END_TEST

Suite *
regrec_suite(void)
{
	Suite *s = suite_create("regrec");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_cidr_cover);
	tcase_add_test(tc, test_range_errors);
	tcase_add_test(tc, test_contacts);
	tcase_add_test(tc, test_copy);
	tcase_add_test(tc, test_sort_contacts);
	tcase_add_test(tc, test_email_plausible);
	suite_add_tcase(s, tc);
	return s;
}
