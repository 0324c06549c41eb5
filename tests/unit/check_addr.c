/*
 * check_addr.c - addr.c: strict addr-specs (what is accepted, each
 * refusal with its reason), IDN domains to A-labels, and mailboxes with
 * display names in any script, header injection refused.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "exitcodes.h"

Suite	*addr_suite(void);

struct pair {
	const char	*in;
	const char	*want;	/* the result, or part of the message */
};

static const struct pair good[] = {
	{ "abuse@example.net", "abuse@example.net" },
	{ "Abuse.Desk+ticket@Sub.Example.NET",
	  "Abuse.Desk+ticket@Sub.Example.NET" },
	{ "a!#$%&'*+-/=?^_`{|}~b@ex-ample.org",
	  "a!#$%&'*+-/=?^_`{|}~b@ex-ample.org" },
	{ "\"john doe\"@example.com", "\"john doe\"@example.com" },
	{ "\"a\\\"b\"@example.com", "\"a\\\"b\"@example.com" },
	{ "\"x@y\"@example.com", "\"x@y\"@example.com" },
	{ "noc@[192.0.2.1]", "noc@[192.0.2.1]" },
	{ "noc@[IPv6:2001:db8::1]", "noc@[IPv6:2001:db8::1]" },
	{ "abuse@b\xc3\xbc" "cher.example", "abuse@xn--bcher-kva.example" },
	{ "abuse@xn--bcher-kva.example", "abuse@xn--bcher-kva.example" },
	{ "abuse@XN--BCHER-KVA.Example", "abuse@xn--bcher-kva.example" },
	{ "Jane@xn--bcher-kva.exampleeAqA", "Jane@xn--bcher-kva.exampleeaqa" },
	{ "a@b1.c2", "a@b1.c2" },
};

static const struct pair badl[] = {
	{ "", "empty" },
	{ "abuse.example.net", "no '@'" },
	{ "a@b@example.net", "more than one '@'" },
	{ "@example.net", "nothing before the '@'" },
	{ "abuse@", "nothing after the '@'" },
	{ "abuse@localhost", "single label" },
	{ "abuse@example.net.", "ends with a '.'" },
	{ "abuse.@example.net", "'.' at the start or end" },
	{ ".abuse@example.net", "'.' at the start or end" },
	{ "ab..use@example.net", "two in a row" },
	{ "ab use@example.net", "space" },
	{ "abuse@exa mple.net", "space" },
	{ " abuse@example.net", "space" },
	{ "abuse@example.net\r\nBcc: x@y.example", "line break" },
	{ "abuse@example.net\nBcc: x@y.example", "line break" },
	{ "abuse@example.net\r", "line break" },
	{ "ab\tuse@example.net", "control character" },
	{ "ab\x1buse@example.net", "control character" },
	{ "ab\x7fuse@example.net", "control character" },
	{ "j\xc3\xb6rg@example.net", "SMTPUTF8" },
	{ "a\"b\"@example.net", "quote" },
	{ "\"unterminated@example.net", "unterminated" },
	{ "\"a\"b\"@example.net", "not escaped" },
	{ "a(b)@example.net", "not allowed" },
	{ "abuse@exa_mple.net", "character other than" },
	{ "abuse@-example.net", "starts or ends with '-'" },
	{ "abuse@example.123", "all digits" },
	{ "abuse@192.0.2.1", "all digits" },
	{ "abuse@[192.0.2.999]", "not an IPv4 address" },
	{ "abuse@[2001:db8::1]", "not an IPv4 address" },
	{ "abuse@[IPv6:192.0.2.1]", "not an IPv6" },
	{ "abuse@[192.0.2.1", "must end with ']'" },
	{ "abuse@ex..ample.net", "empty label" },
	{ "abuse@\xff.example", "UTF-8" },
	/* A-labels that are not valid IDNA2008 (found by fuzz_addr). */
	{ "AU@xn--bch2hcep-ra.xher.x", "cannot be converted to A-labels" },
	{ "a@xn--zz.example", "cannot be converted to A-labels" },
	{ "a@sub.XN--ZZ.example", "cannot be converted to A-labels" },
	{ "Ae@xn--vmk.example", "cannot be converted to A-labels" },
	{ "ne@xn--rnkva.\xc3\xbc" "ber.example", "cannot be converted" },
};

START_TEST(test_spec_good)
{
	const struct pair *p = &good[_i];
	struct dp_err err = DP_ERR_INIT;
	char *out = NULL;

	ck_assert_msg(addr_normalize(p->in, &out, &err) == 0, "'%s': %s",
	    p->in, err.msg);
	ck_assert_str_eq(out, p->want);
	free(out);
	ck_assert_int_eq(addr_check_spec(p->in, NULL), 0);
}
END_TEST

START_TEST(test_spec_bad)
{
	const struct pair *p = &badl[_i];
	struct dp_err err = DP_ERR_INIT;
	char *out = NULL;

	ck_assert_int_eq(addr_normalize(p->in, &out, &err), DP_EX_DATAERR);
	ck_assert_ptr_null(out);
	ck_assert_int_eq(err.code, DP_EX_DATAERR);
	ck_assert_msg(strncmp(err.msg, "invalid address '", 17) == 0,
	    "message '%s'", err.msg);
	ck_assert_msg(strstr(err.msg, p->want) != NULL,
	    "'%s': message \"%s\" lacks \"%s\"", p->in, err.msg, p->want);
}
END_TEST

/* The length limits of RFC 5321, at the limit and one over. */
START_TEST(test_spec_lengths)
{
	char s[600], local[80];
	struct dp_err err = DP_ERR_INIT;

	memset(local, 'a', 64);
	local[64] = '\0';
	snprintf(s, sizeof(s), "%s@example.net", local);
	ck_assert_int_eq(addr_check_spec(s, &err), 0);
	snprintf(s, sizeof(s), "%sa@example.net", local);
	ck_assert_int_eq(addr_check_spec(s, &err), DP_EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(err.msg, "longer than 64"));

	/* A label of 63 is fine, 64 is not. */
	memset(local, 'b', 63);
	local[63] = '\0';
	snprintf(s, sizeof(s), "a@%s.example", local);
	ck_assert_int_eq(addr_check_spec(s, &err), 0);
	snprintf(s, sizeof(s), "a@%sb.example", local);
	ck_assert_int_eq(addr_check_spec(s, &err), DP_EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(err.msg, "longer than 63"));

	/* 254 in all: 64 + 1 + 189 (three labels of 61 and dots, ".net"). */
	memset(local, 'a', 64);
	local[64] = '\0';
	snprintf(s, sizeof(s), "%s@%.61s.%.61s.%.61s.net", local,
	    "ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc",
	    "ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc",
	    "ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc");
	ck_assert_uint_eq(strlen(s), 254);
	ck_assert_int_eq(addr_check_spec(s, &err), 0);
	snprintf(s, sizeof(s), "%s@%.61s.%.61s.%.61s.nett", local,
	    "ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc",
	    "ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc",
	    "ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc");
	ck_assert_int_eq(addr_check_spec(s, &err), DP_EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(err.msg, "longer than 254"));

	/* A domain over 255 bytes. */
	{
		char d[400];
		size_t o = 0;

		while (o < 300) {
			memcpy(d + o, "abcdefghi.", 10);
			o += 10;
		}
		memcpy(d + o, "net", 4);
		snprintf(s, sizeof(s), "a@%s", d);
		ck_assert_int_eq(addr_check_spec(s, &err), DP_EX_DATAERR);
		ck_assert_ptr_nonnull(strstr(err.msg, "longer than 255"));
	}
}
END_TEST

struct mbcase {
	const char	*in;
	const char	*name;	/* NULL: none */
	const char	*addr;
};

static const struct mbcase mb_good[] = {
	{ "abuse@example.net", NULL, "abuse@example.net" },
	{ "<abuse@example.net>", NULL, "abuse@example.net" },
	{ "  Abuse Desk   <abuse@example.net>  ", "Abuse Desk",
	  "abuse@example.net" },
	{ "\"Doe, Jane\" <jane@example.org>", "Doe, Jane", "jane@example.org" },
	{ "\"Say \\\"hi\\\"\" <a@example.org>", "Say \"hi\"", "a@example.org" },
	{ "J\xc3\xb6rg M\xc3\xbcller <jm@example.org>",
	  "J\xc3\xb6rg M\xc3\xbcller", "jm@example.org" },
	{ "\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd <ivan@example.org>",
	  "\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd", "ivan@example.org" },
	{ "\xe5\xb1\xb1\xe7\x94\xb0 <y@b\xc3\xbc" "cher.example>",
	  "\xe5\xb1\xb1\xe7\x94\xb0", "y@xn--bcher-kva.example" },
	{ "\"\" <a@example.org>", NULL, "a@example.org" },
};

static const struct pair mb_bad[] = {
	{ "Name <abuse@example.net>\r\nBcc: victim@example.org",
	  "line break" },
	{ "Name\r\nBcc: victim@example.org <abuse@example.net>", "line break" },
	{ "Name\n <abuse@example.net>", "line break" },
	{ "Na\x01me <abuse@example.net>", "control character" },
	{ "Na\xc2\x85me <abuse@example.net>", "control character" },
	{ "Na\xe2\x80\xaeme <abuse@example.net>", "bidirectional" },
	{ "Name <abuse@example.net", "'<' without a '>'" },
	{ "Name abuse@example.net>", "'>' without a '<'" },
	{ "A <b> <abuse@example.net>", "'<' or '>'" },
	{ "\"Name <abuse@example.net>", "unbalanced" },
	{ "Na\"me <abuse@example.net>", "quote the whole name" },
	{ "Name <abuse@localhost>", "single label" },
	{ "Name <>", "empty" },
	{ "Name", "no '@'" },
	{ "Name <a b@example.net>", "space" },
	{ "\xff <a@example.net>", "UTF-8" },
};

START_TEST(test_mailbox_good)
{
	const struct mbcase *c = &mb_good[_i];
	struct mailbox m = { NULL, NULL };
	struct dp_err err = DP_ERR_INIT;

	ck_assert_msg(addr_parse_mailbox(c->in, &m, &err) == 0, "'%s': %s",
	    c->in, err.msg);
	if (c->name == NULL)
		ck_assert_ptr_null(m.name);
	else
		ck_assert_str_eq(m.name, c->name);
	ck_assert_str_eq(m.addr, c->addr);
	mailbox_release(&m);
	ck_assert_ptr_null(m.addr);
}
END_TEST

START_TEST(test_mailbox_bad)
{
	const struct pair *p = &mb_bad[_i];
	struct mailbox m = { NULL, NULL };
	struct dp_err err = DP_ERR_INIT;

	ck_assert_int_eq(addr_parse_mailbox(p->in, &m, &err), DP_EX_DATAERR);
	ck_assert_ptr_null(m.name);
	ck_assert_ptr_null(m.addr);
	ck_assert_msg(strstr(err.msg, "invalid address '") == err.msg &&
	    strstr(err.msg, p->want) != NULL, "'%s': message \"%s\" lacks "
	    "\"%s\"", p->in, err.msg, p->want);
}
END_TEST

/* Display names: 200 bytes fit, 201 do not, counted in bytes. */
START_TEST(test_mailbox_name_length)
{
	char name[300], s[400];
	struct mailbox m = { NULL, NULL };
	struct dp_err err = DP_ERR_INIT;
	size_t i;

	for (i = 0; i < 100; i++)
		memcpy(name + 2 * i, "\xc3\xa9", 2);	/* 100 x U+00E9 */
	name[200] = '\0';
	snprintf(s, sizeof(s), "%s <a@example.org>", name);
	ck_assert_int_eq(addr_parse_mailbox(s, &m, &err), 0);
	ck_assert_uint_eq(strlen(m.name), 200);
	mailbox_release(&m);
	snprintf(s, sizeof(s), "%sx <a@example.org>", name);
	ck_assert_int_eq(addr_parse_mailbox(s, &m, &err), DP_EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(err.msg, "longer than 200"));
}
END_TEST

Suite *
addr_suite(void)
{
	Suite *s = suite_create("addr");
	TCase *tc = tcase_create("spec");

	tcase_add_loop_test(tc, test_spec_good, 0, (int)(sizeof(good) /
	    sizeof(good[0])));
	tcase_add_loop_test(tc, test_spec_bad, 0, (int)(sizeof(badl) /
	    sizeof(badl[0])));
	tcase_add_test(tc, test_spec_lengths);
	suite_add_tcase(s, tc);
	tc = tcase_create("mailbox");
	tcase_add_loop_test(tc, test_mailbox_good, 0, (int)(sizeof(mb_good) /
	    sizeof(mb_good[0])));
	tcase_add_loop_test(tc, test_mailbox_bad, 0, (int)(sizeof(mb_bad) /
	    sizeof(mb_bad[0])));
	tcase_add_test(tc, test_mailbox_name_length);
	suite_add_tcase(s, tc);
	return s;
}
