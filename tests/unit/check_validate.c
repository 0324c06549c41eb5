/*
 * check_validate.c - the parsers of validate.c: AS numbers, addresses,
 * prefixes, domains, URLs, indicators, times, countries, evidence kinds,
 * UTF-8, and the cleaning of server text.  Failure cases check the code,
 * that the output was left alone, and the part of the message that tells
 * the user what is wrong.
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "exitcodes.h"
#include "termsafe.h"
#include "validate.h"

Suite	*validate_suite(void);

/* An input and the text its canonical form, or its message, must have. */
struct pair {
	const char	*in;
	const char	*want;
};

/* Assert that err holds a data error whose message contains part. */
static void
assert_msg(const char *in, const struct dp_err *err, const char *part)
{
	ck_assert_msg(err->code == DP_EX_DATAERR, "'%s': code %d", in,
	    err->code);
	ck_assert_msg(strstr(err->msg, part) != NULL,
	    "'%s': message \"%s\" lacks \"%s\"", in, err->msg, part);
}

/* AS numbers. */

START_TEST(test_asn_plain)
{
	static const struct {
		const char	*in;
		uint32_t	 want;
	} ok[] = {
		{ "26780", 26780 }, { "AS26780", 26780 }, { "as26780", 26780 },
		{ "As26780", 26780 }, { "aS26780", 26780 }, { "1", 1 },
		{ "AS1", 1 }, { "4294967295", 4294967295u },
		{ "AS4294967295", 4294967295u }, { "AS65535", 65535 },
		{ "AS65536", 65536 },
	};
	struct dp_err err = DP_ERR_INIT;
	uint32_t v;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		v = 0;
		ck_assert_msg(val_asn(ok[i].in, &v, &err) == 0, "'%s': %s",
		    ok[i].in, err.msg);
		ck_assert_msg(v == ok[i].want, "'%s' gave %u", ok[i].in, v);
	}
}
END_TEST

START_TEST(test_asn_asdot)
{
	static const struct {
		const char	*in;
		uint32_t	 want;
	} ok[] = {
		{ "1.10", 65546 }, { "AS1.10", 65546 }, { "as1.0", 65536 },
		{ "65535.65535", 4294967295u }, { "1.65535", 131071 },
		{ "AS397.2", 397 * 65536 + 2 }, { "AS 26780", 26780 },
		{ "as 4.1234", 4 * 65536 + 1234 },
	};
	struct dp_err err = DP_ERR_INIT;
	uint32_t v;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		v = 0;
		ck_assert_msg(val_asn(ok[i].in, &v, &err) == 0, "'%s': %s",
		    ok[i].in, err.msg);
		ck_assert_msg(v == ok[i].want, "'%s' gave %u", ok[i].in, v);
	}
}
END_TEST

START_TEST(test_asn_bad)
{
	static const struct pair bad[] = {
		{ "", "empty" },
		{ "AS", "no number after 'AS'" },
		{ "as", "no number after 'as'" },
		{ "AS0", "AS0 is reserved (RFC 7607)" },
		{ "0", "RFC 7607" },
		{ "0.0", "RFC 7607" },
		{ "AS4294967296", "out of range (1-4294967295)" },
		{ "4294967296", "out of range (1-4294967295)" },
		{ "AS99999999999", "out of range (1-4294967295)" },
		{ "999999999999999999999999999", "out of range" },
		{ "026780", "leading zero" },
		{ "AS026780", "leading zero" },
		{ "00", "leading zero" },
		{ "+26780", "not a number" },
		{ "-1", "not a number" },
		{ "AS-1", "not a number" },
		{ " 26780", "not a number" },
		{ "26780 ", "not a number" },
		{ "AS 26780 ", "not a number" },
		{ "AS ", "no number after 'AS'" },
		{ "26,780", "not a number" },
		{ "0x1A", "not a number" },
		{ "ASN26780", "not a number" },
		{ "AS26780x", "not a number" },
		{ "1.65536", "out of range (0-65535)" },
		{ "65536.1", "out of range (0-65535)" },
		{ "0.10", "write it as 10" },
		{ "1.", "two numbers" },
		{ ".1", "two numbers" },
		{ "1.2.3", "not a number" },
		{ "01.10", "leading zero" },
		{ "1.010", "leading zero" },
	};
	struct dp_err err = DP_ERR_INIT;
	uint32_t v;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		v = 12345;
		memset(&err, 0, sizeof(err));
		ck_assert_msg(val_asn(bad[i].in, &v, &err) == DP_EX_DATAERR,
		    "'%s' accepted", bad[i].in);
		ck_assert_msg(v == 12345, "'%s' wrote the output", bad[i].in);
		assert_msg(bad[i].in, &err, bad[i].want);
		ck_assert_msg(strstr(err.msg, "'") != NULL, "'%s' unquoted",
		    bad[i].in);
	}
}
END_TEST

START_TEST(test_asn_message)
{
	struct dp_err err = DP_ERR_INIT;
	uint32_t v;

	ck_assert_int_eq(val_asn("AS99999999999", &v, &err), DP_EX_DATAERR);
	ck_assert_int_eq(err.code, DP_EX_DATAERR);
	ck_assert_str_eq(err.msg,
	    "invalid AS number 'AS99999999999': out of range (1-4294967295)");
}
END_TEST

/* Addresses. */

START_TEST(test_ip4_ok)
{
	static const char *const ok[] = {
		"208.66.192.1", "0.0.0.0", "255.255.255.255", "10.0.0.0",
		"1.2.3.4", "100.64.0.1",
	};
	struct dp_err err = DP_ERR_INIT;
	struct ipnet n;
	char buf[IPNET_STRLEN];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		ck_assert_msg(val_ip(ok[i], &n, &err) == 0, "'%s': %s", ok[i],
		    err.msg);
		ck_assert_int_eq(n.family, AF_INET);
		ck_assert_int_eq(n.plen, 32);
		ipnet_format_addr(&n, buf, sizeof(buf));
		ck_assert_str_eq(buf, ok[i]);
	}
	ck_assert_int_eq(val_ip("208.66.192.1", &n, &err), 0);
	ck_assert_int_eq(n.addr[0], 208);
	ck_assert_int_eq(n.addr[1], 66);
	ck_assert_int_eq(n.addr[2], 192);
	ck_assert_int_eq(n.addr[3], 1);
	ipnet_format(&n, buf, sizeof(buf));
	ck_assert_str_eq(buf, "208.66.192.1/32");
}
END_TEST

START_TEST(test_ip6_canonical)
{
	static const struct pair ok[] = {
		{ "2001:DB8:0:0::1", "2001:db8::1" },
		{ "2001:db8::1", "2001:db8::1" },
		{ "::", "::" },
		{ "::1", "::1" },
		{ "2001:0db8:0000:0000:0000:ff00:0042:8329",
		    "2001:db8::ff00:42:8329" },
		{ "::FFFF:1.2.3.4", "::ffff:1.2.3.4" },
		{ "2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1" },
		{ "2001:0:0:1:0:0:0:1", "2001:0:0:1::1" },
		{ "FE80::1", "fe80::1" },
		{ "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
		    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" },
	};
	struct dp_err err = DP_ERR_INIT;
	struct ipnet n;
	char buf[IPNET_STRLEN];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		ck_assert_msg(val_ip(ok[i].in, &n, &err) == 0, "'%s': %s",
		    ok[i].in, err.msg);
		ck_assert_int_eq(n.family, AF_INET6);
		ck_assert_int_eq(n.plen, 128);
		ipnet_format_addr(&n, buf, sizeof(buf));
		ck_assert_str_eq(buf, ok[i].want);
	}
	ck_assert_int_eq(val_ip("2001:db8::1", &n, &err), 0);
	ipnet_format(&n, buf, sizeof(buf));
	ck_assert_str_eq(buf, "2001:db8::1/128");
	ck_assert_int_eq(val_ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", &n,
	    &err), 0);
	ipnet_format(&n, buf, IPNET_STRLEN);
	ck_assert_str_eq(buf, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128");
}
END_TEST

START_TEST(test_ip_bad)
{
	static const struct pair bad[] = {
		{ "1.2.3.256", "invalid IPv4 address '1.2.3.256': octet out "
		    "of range" },
		{ "1.2.3.1000", "octet out of range" },
		{ "01.2.3.4", "invalid IPv4 address '01.2.3.4': octet has a "
		    "leading zero" },
		{ "1.2.3.04", "leading zero" },
		{ "1.2.3.00", "leading zero" },
		{ "1.2.3", "too few octets" },
		{ "1", "too few octets" },
		{ "1.2.3.4.5", "too many octets" },
		{ "1..3.4", "empty octet" },
		{ "1.2.3.4.", "empty octet" },
		{ ".1.2.3", "empty octet" },
		{ "", "empty" },
		{ " 1.2.3.4", "whitespace" },
		{ "1.2.3.4 ", "whitespace" },
		{ "1.2.3.4\n", "whitespace" },
		{ " ::1", "whitespace" },
		{ "fe80::1%eth0", "invalid IPv6 address 'fe80::1%eth0': zone "
		    "index" },
		{ "fe80::1%1", "zone index" },
		{ "1.2.3.4:443", "port is not allowed" },
		{ "example.com", "invalid IP address 'example.com': not an "
		    "IPv4 or IPv6 address" },
		{ "1::2::3", "invalid IPv6 address" },
		{ "12345::", "invalid IPv6 address" },
		{ "2001:db8::g", "invalid IPv6 address" },
		{ "::ffff:01.2.3.4", "invalid IPv6 address" },
		{ "1:2:3:4:5:6:7:8:9", "invalid IPv6 address" },
		{ "1.2.3.4/32", "not an IPv4 or IPv6 address" },
		{ "0x7f.0.0.1", "not an IPv4" },
		{ "1.2.3.-4", "not an IPv4" },
		{ "1.2.3.+4", "not an IPv4" },
		{ "::1:2:3:4:5:6:7:8:9:a:b:c:d:e:f:10:11:12:13:14:15:16:17:18:"
		    "19:1a:1b:1c:1d:1e:1f", "IPv6" },
	};
	struct dp_err err = DP_ERR_INIT;
	struct ipnet n, keep;
	size_t i;

	memset(&keep, 0x5a, sizeof(keep));
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		n = keep;
		memset(&err, 0, sizeof(err));
		ck_assert_msg(val_ip(bad[i].in, &n, &err) == DP_EX_DATAERR,
		    "'%s' accepted", bad[i].in);
		ck_assert_msg(memcmp(&n, &keep, sizeof(n)) == 0,
		    "'%s' wrote the output", bad[i].in);
		assert_msg(bad[i].in, &err, bad[i].want);
	}
}
END_TEST

START_TEST(test_ipnet_format_short)
{
	struct dp_err err = DP_ERR_INIT;
	struct ipnet n;
	char buf[8];

	ck_assert_int_eq(val_ip("208.66.192.1", &n, &err), 0);
	memset(buf, 'x', sizeof(buf));
	ipnet_format(&n, buf, 5);
	ck_assert_str_eq(buf, "208.");
	ck_assert_int_eq(buf[5], 'x');
	ipnet_format_addr(&n, buf, 4);
	ck_assert_str_eq(buf, "208");
	buf[0] = 'y';
	ipnet_format(&n, buf, 0);
	ipnet_format_addr(&n, buf, 0);
	ck_assert_int_eq(buf[0], 'y');
}
END_TEST

/* CIDR prefixes. */

START_TEST(test_cidr_ok)
{
	static const struct pair ok[] = {
		{ "208.66.192.0/22", "208.66.192.0/22" },
		{ "208.72.168.0/21", "208.72.168.0/21" },
		{ "0.0.0.0/0", "0.0.0.0/0" },
		{ "10.0.0.0/8", "10.0.0.0/8" },
		{ "1.2.3.4/32", "1.2.3.4/32" },
		{ "10.0.0.0/31", "10.0.0.0/31" },
		{ "128.0.0.0/1", "128.0.0.0/1" },
		{ "2001:db8::/32", "2001:db8::/32" },
		{ "2001:DB8:0::/32", "2001:db8::/32" },
		{ "::/0", "::/0" },
		{ "2001:db8::1/128", "2001:db8::1/128" },
		{ "2001:db8:8000::/33", "2001:db8:8000::/33" },
		{ "fe80::/10", "fe80::/10" },
	};
	struct dp_err err = DP_ERR_INIT;
	struct ipnet n;
	char buf[IPNET_STRLEN];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		ck_assert_msg(val_cidr(ok[i].in, &n, &err) == 0, "'%s': %s",
		    ok[i].in, err.msg);
		ipnet_format(&n, buf, sizeof(buf));
		ck_assert_str_eq(buf, ok[i].want);
	}
	ck_assert_int_eq(val_cidr("208.66.192.0/22", &n, &err), 0);
	ck_assert_int_eq(n.family, AF_INET);
	ck_assert_int_eq(n.plen, 22);
	ipnet_format_addr(&n, buf, sizeof(buf));
	ck_assert_str_eq(buf, "208.66.192.0");
	ck_assert_int_eq(val_cidr("2001:db8::/32", &n, &err), 0);
	ck_assert_int_eq(n.family, AF_INET6);
	ck_assert_int_eq(n.plen, 32);
}
END_TEST

START_TEST(test_cidr_host_bits)
{
	static const struct pair bad[] = {
		{ "208.66.195.7/22", "'208.66.195.7/22' has host bits set; "
		    "did you mean 208.66.192.0/22?" },
		{ "208.72.168.0/20", "did you mean 208.72.160.0/20?" },
		{ "10.0.0.1/31", "did you mean 10.0.0.0/31?" },
		{ "1.0.0.0/0", "did you mean 0.0.0.0/0?" },
		{ "255.255.255.255/1", "did you mean 128.0.0.0/1?" },
		{ "2001:db8::1/32", "did you mean 2001:db8::/32?" },
		{ "2001:DB8:FFFF::/33", "did you mean 2001:db8:8000::/33?" },
		{ "::1/127", "did you mean ::/127?" },
		{ "::1/0", "did you mean ::/0?" },
	};
	struct dp_err err = DP_ERR_INIT;
	struct ipnet n;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		memset(&err, 0, sizeof(err));
		n.plen = -1;
		ck_assert_msg(val_cidr(bad[i].in, &n, &err) == DP_EX_DATAERR,
		    "'%s' accepted", bad[i].in);
		ck_assert_int_eq(n.plen, -1);
		assert_msg(bad[i].in, &err, bad[i].want);
	}
	ck_assert_int_eq(val_cidr("208.66.195.7/22", &n, &err), DP_EX_DATAERR);
	ck_assert_str_eq(err.msg, "'208.66.195.7/22' has host bits set; did "
	    "you mean 208.66.192.0/22?");
}
END_TEST

START_TEST(test_cidr_bad)
{
	static const struct pair bad[] = {
		{ "1.2.3.4/33", "invalid CIDR prefix '1.2.3.4/33': prefix "
		    "length out of range (0-32)" },
		{ "0.0.0.0/99999999999999999999", "out of range (0-32)" },
		{ "::/129", "out of range (0-128)" },
		{ "1.2.3.0/024", "leading zero" },
		{ "1.2.3.0/00", "leading zero" },
		{ "1.2.3.0/", "missing prefix length" },
		{ "1.2.3.0", "missing '/'" },
		{ "", "missing '/'" },
		{ "/24", "bad IP address: empty" },
		{ "1.2.3.0/+24", "not a decimal number" },
		{ "1.2.3.0/-1", "not a decimal number" },
		{ "1.2.3.0/24/", "not a decimal number" },
		{ "1.2.3.0/ 24", "not a decimal number" },
		{ "1.2.3.0/24 ", "not a decimal number" },
		{ "1.2.3.0/2a", "not a decimal number" },
		{ "1.2.3.0/0x18", "not a decimal number" },
		{ "1.2.3.256/24", "bad IPv4 address: octet out of range" },
		{ "01.2.3.0/24", "leading zero" },
		{ "1.2.3/24", "too few octets" },
		{ "fe80::%eth0/64", "zone index" },
		{ "2001:db8::g/32", "bad IPv6 address" },
		{ "example.com/24", "not an IPv4 or IPv6 address" },
		{ " 1.2.3.0/24", "whitespace" },
	};
	struct dp_err err = DP_ERR_INIT;
	struct ipnet n;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		memset(&err, 0, sizeof(err));
		ck_assert_msg(val_cidr(bad[i].in, &n, &err) == DP_EX_DATAERR,
		    "'%s' accepted", bad[i].in);
		assert_msg(bad[i].in, &err, bad[i].want);
	}
}
END_TEST

/* Domains. */

START_TEST(test_domain_ok)
{
	static const struct pair ok[] = {
		{ "example.com", "example.com" },
		{ "Example.COM", "example.com" },
		{ "McColo.com", "mccolo.com" },
		{ "example.com.", "example.com" },
		{ "xn--bcher-kva.de", "xn--bcher-kva.de" },
		{ "XN--BCHER-KVA.DE", "xn--bcher-kva.de" },
		{ "example.xn--p1ai", "example.xn--p1ai" },
		{ "_dmarc.example.com", "_dmarc.example.com" },
		{ "my_host.example.com", "my_host.example.com" },
		{ "a.b", "a.b" },
		{ "1password.com", "1password.com" },
		{ "3com.com", "3com.com" },
		{ "a-b.example", "a-b.example" },
		{ "1.2.3.com", "1.2.3.com" },
		{ "example.c0m", "example.c0m" },
		/* hex-looking but not a number, or not the top label */
		{ "example.0xg", "example.0xg" },
		{ "example.0xbeefy", "example.0xbeefy" },
		{ "0x4.example", "0x4.example" },
		{ "1.2.0x3.com", "1.2.0x3.com" },
		{ "example.x0", "example.x0" },
		{ "example.ox1", "example.ox1" },
	};
	struct dp_err err = DP_ERR_INIT;
	char canon[254];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		ck_assert_msg(val_domain(ok[i].in, canon, sizeof(canon),
		    &err) == 0, "'%s': %s", ok[i].in, err.msg);
		ck_assert_str_eq(canon, ok[i].want);
	}
}
END_TEST

START_TEST(test_domain_lengths)
{
	struct dp_err err = DP_ERR_INIT;
	char name[300], canon[254], want[300];
	size_t i;

	/* A label of 63 bytes is fine, 64 is not. */
	memset(name, 'a', 63);
	strcpy(name + 63, ".com");
	ck_assert_int_eq(val_domain(name, canon, sizeof(canon), &err), 0);
	ck_assert_str_eq(canon, name);
	memset(name, 'a', 64);
	strcpy(name + 64, ".com");
	ck_assert_int_eq(val_domain(name, canon, sizeof(canon), &err),
	    DP_EX_DATAERR);
	assert_msg(name, &err, "label longer than 63 bytes");

	/* 253 bytes (4 x 63 + ...) is fine, also with the final dot. */
	for (i = 0; i < 253; i++)
		name[i] = i % 2 == 1 ? '.' : 'a';
	name[253] = '\0';
	ck_assert_int_eq(val_domain(name, canon, sizeof(canon), &err), 0);
	ck_assert_uint_eq(strlen(canon), 253);
	strcpy(want, name);
	strcat(name, ".");
	ck_assert_int_eq(val_domain(name, canon, sizeof(canon), &err), 0);
	ck_assert_str_eq(canon, want);
	/* 254 is not. */
	name[253] = 'b';
	name[254] = '\0';
	ck_assert_int_eq(val_domain(name, canon, sizeof(canon), &err),
	    DP_EX_DATAERR);
	assert_msg(name, &err, "longer than 253 bytes");

	/* A canon buffer too small is an error, not an overflow. */
	memset(canon, 'z', sizeof(canon));
	ck_assert_int_eq(val_domain("example.com", canon, 11, &err),
	    DP_EX_DATAERR);
	ck_assert_int_eq(canon[0], 'z');
	ck_assert_int_eq(val_domain("example.com", canon, 12, &err), 0);
	ck_assert_str_eq(canon, "example.com");
}
END_TEST

START_TEST(test_domain_bad)
{
	static const struct pair bad[] = {
		{ "", "empty" },
		{ "localhost", "at least two labels" },
		{ "localhost.", "at least two labels" },
		{ "com", "at least two labels" },
		{ "example.123", "invalid domain 'example.123': top-level "
		    "domain '123' is all digits" },
		{ "1.2.3.4", "top-level domain '4' is all digits" },
		/* numbers inet_aton(3) reads as parts of an IPv4 address */
		{ "1.2.3.0x4", "invalid domain '1.2.3.0x4': top-level domain "
		    "'0x4' is a hexadecimal number (read as part of an IPv4 "
		    "address)" },
		{ "0x1.0x2.0x3.0x4", "'0x4' is a hexadecimal number" },
		{ "1.0xFF", "top-level domain '0xff' is a hexadecimal number" },
		{ "example.0X1f", "'0x1f' is a hexadecimal number" },
		{ "example.0x", "'0x' is a hexadecimal number" },
		{ "example.0x.", "'0x' is a hexadecimal number" },
		{ "1.2.3.017", "top-level domain '017' is all digits" },
		{ "-example.com", "label '-example' starts with a hyphen" },
		{ "example-.com", "label 'example-' ends with a hyphen" },
		{ "example.com-", "ends with a hyphen" },
		{ "example.-com", "starts with a hyphen" },
		{ "a..b", "empty label" },
		{ ".example.com", "empty label" },
		{ "example.com..", "empty label" },
		{ ".", "empty label" },
		{ "..", "empty label" },
		{ "b\xc3\xbc" "cher.de", "invalid domain 'b\xc3\xbc"
		    "cher.de': non-ASCII characters; use the IDNA A-label "
		    "(xn--) form" },
		{ "\xff" "example.com", "xn--" },
		{ "exa mple.com", "whitespace" },
		{ " example.com", "whitespace" },
		{ "example.com ", "whitespace" },
		{ "example.com\n", "whitespace or a control character" },
		{ "exa\tmple.com", "control character" },
		{ "example.com/", "invalid character '/'" },
		{ "ex*ample.com", "invalid character '*'" },
		{ "example.com:80", "invalid character ':'" },
		{ "user@example.com", "invalid character '@'" },
		{ "exam\x7fple.com", "control character" },
	};
	struct dp_err err = DP_ERR_INIT;
	char canon[254];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		memset(&err, 0, sizeof(err));
		strcpy(canon, "untouched");
		ck_assert_msg(val_domain(bad[i].in, canon, sizeof(canon),
		    &err) == DP_EX_DATAERR, "'%s' accepted", bad[i].in);
		ck_assert_str_eq(canon, "untouched");
		assert_msg(bad[i].in, &err, bad[i].want);
	}
}
END_TEST

/* URLs. */

START_TEST(test_url_ok)
{
	static const struct pair ok[] = {
		{ "http://example.com/", "http://example.com/" },
		{ "http://example.com", "http://example.com/" },
		{ "HTTP://EXAMPLE.com/Path", "http://example.com/Path" },
		{ "hxxp://evil.example/gate.php",
		    "hxxp://evil.example/gate.php" },
		{ "https://[2001:DB8::1]:8080/a",
		    "https://[2001:db8::1]:8080/a" },
		{ "http://208.66.194.1/cmd", "http://208.66.194.1/cmd" },
		{ "ftp://example.com/x", "ftp://example.com/x" },
		{ "http://example.com./", "http://example.com/" },
		{ "http://user@example.com/", "http://user@example.com/" },
		{ "http://exa_mple.com/", "http://exa_mple.com/" },
		{ "http://example.com/a?b=c#d", "http://example.com/a?b=c#d" },
		{ "http://example.com:8080/../a/./b",
		    "http://example.com:8080/a/b" },
		{ "tcp://198.51.100.7:443", "tcp://198.51.100.7:443/" },
		{ "http://xn--bcher-kva.de/", "http://xn--bcher-kva.de/" },
	};
	struct dp_err err = DP_ERR_INIT;
	char *canon;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		canon = NULL;
		ck_assert_msg(val_url(ok[i].in, &canon, &err) == 0, "'%s': %s",
		    ok[i].in, err.msg);
		ck_assert_ptr_nonnull(canon);
		ck_assert_str_eq(canon, ok[i].want);
		free(canon);
	}
}
END_TEST

/*
 * val_url() reads common URLs without libcurl: every URL of this table
 * (schemes x hosts x tails, most of them tricky) must get from it exactly
 * what val_url_curl() gives: the same status, and the same normal form or
 * message.
 */
START_TEST(test_url_fast_same)
{
	static const char *const schemes[] = {
		"http://", "https://", "HTTP://", "Https://", "hxxp://",
		"ftp://", "http:/", "http:///",
	};
	static const char *const hosts[] = {
		"example.com", "a.b.c.example.org", "xn--bcher-kva.de",
		"exa-mple.com", "-bad.com", "bad-.com", "a..b.com",
		"example.com.", "example.com..", "example.123", "123.com",
		"1.2.3.4", "1.2.3.256", "010.0.0.1", "0x8.0.0.1", "1.2.3",
		"example", "Example.com", "exa_mple.com", "a.com:80",
		"a.com:8080", "a.com:", "a.com:99999", "u@a.com", "u:p@a.com",
		"[::1]", "[2001:db8::1]", "a.b", ".a.com", "a-.b-.com",
		/* Hosts curl reads as IPv4 (inet_aton's forms): the
		   fast path once took them for domains (fuzz_validate). */
		"1.2.3.0x4", "1.0x2", "0xa.0xb", "1.2.3.0xa", "1.2.3.0x4a",
		"1.2.3.0xg", "1.2.3.0x", "a.0x4", "0x1.2.3.com",
		"0xa.0x198.", "1.2.3.0x4.", "0x1.", "1.2.3.",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		".com",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		".com",
		"",
	};
	static const char *const tails[] = {
		"", "/", "/x", "/x/", "//x", "/./x", "/../x", "/a/./b",
		"/a/../b", "/a/.", "/a/..", "/.hidden", "/x.php?id=1",
		"/x?y=/../z", "/x?y=//z", "/x#frag", "/x#a#b", "?q", "#f",
		"/x?a=%20", "/%7e", "/%7E", "/%zz", "/a%2", "/~user",
		"/a;b=c", "/a,b", "/a'b", "/a(b)", "/a*b", "/a+b", "/a!b",
		"/a$b", "/a:b@c", "/a&b=c", "/{x}", "/a|b", "/a\\b", "/a^b",
		"/a`b", "/a\"b", "/a<b>", "/a[b]", "/\xc3\xa9", "/..", "/.",
		"/?", "/#", "/x?", "/x#", "/x?#", "/A/B?C=D#E", "/gate.php",
		"/a b", "/a\tb", "/x/y/z/", "/-._~",
	};
	char url[512];
	size_t i, j, k;

	for (i = 0; i < ARRAY_SIZE(schemes); i++)
		for (j = 0; j < ARRAY_SIZE(hosts); j++)
			for (k = 0; k < ARRAY_SIZE(tails); k++) {
				struct dp_err e1 = DP_ERR_INIT,
				    e2 = DP_ERR_INIT;
				char *c1 = NULL, *c2 = NULL;
				int r1, r2;

				snprintf(url, sizeof(url), "%s%s%s",
				    schemes[i], hosts[j], tails[k]);
				r1 = val_url(url, &c1, &e1);
				r2 = val_url_curl(url, &c2, &e2);
				ck_assert_msg(r1 == r2, "'%s': %d, curl %d",
				    url, r1, r2);
				if (r1 == 0) {
					char *c3 = NULL;

					ck_assert_msg(strcmp(c1, c2) == 0,
					    "'%s': '%s', curl '%s'", url, c1,
					    c2);
					/* The normal form is taken as it is
					   (fuzz_validate's rule). */
					ck_assert_msg(val_url(c1, &c3, NULL) ==
					    0 && strcmp(c3, c1) == 0, "'%s' "
					    "gives '%s', which is not its own "
					    "normal form", url, c1);
					free(c3);
				} else
					ck_assert_str_eq(e1.msg, e2.msg);
				free(c1);
				free(c2);
			}
}
END_TEST

START_TEST(test_url_bad)
{
	static const struct pair bad[] = {
		{ "", "empty" },
		{ "example.com/path", "invalid URL 'example.com/path': no "
		    "scheme" },
		{ "mailto:abuse@example.com", "no scheme" },
		{ "://example.com", "empty scheme" },
		{ "1.2.3.4:80://x", "scheme must be letters" },
		{ "svn+ssh://example.com/", "scheme must be letters" },
		{ "http://", "no host" },
		{ "file:///etc/passwd", "no host" },
		{ "http://localhost/", "invalid domain 'localhost': needs at "
		    "least two labels" },
		{ "http://1.2.3.256/", "invalid IPv4 address '1.2.3.256': "
		    "octet out of range" },
		{ "http://b\xc3\xbc" "cher.de/", "xn--" },
		{ "http://-bad.example/", "starts with a hyphen" },
		{ "http://example.123/", "all digits" },
		{ "http://example.com/a b", "space or control character" },
		{ " http://example.com/", "space or control character" },
		{ "http://example.com/\x01", "control character" },
		{ "http://example.com/\x7f", "control character" },
		{ "http://exa mple.com/", "space" },
		{ "http://[fe80::1%25eth0]/", "zone index" },
		{ "http://example.com:99999/", "invalid URL 'http://example."
		    "com:99999/': port" },
		{ "http://[2001:db8::g]/", "invalid URL" },
	};
	struct dp_err err = DP_ERR_INIT;
	char *canon;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		memset(&err, 0, sizeof(err));
		canon = (char *)bad;
		ck_assert_msg(val_url(bad[i].in, &canon, &err) ==
		    DP_EX_DATAERR, "'%s' accepted", bad[i].in);
		ck_assert_msg(canon == (char *)bad, "'%s' wrote the output",
		    bad[i].in);
		assert_msg(bad[i].in, &err, bad[i].want);
		ck_assert_msg(strncmp(err.msg, "invalid URL '", 13) == 0,
		    "'%s': message \"%s\"", bad[i].in, err.msg);
	}
}
END_TEST

/* Indicators. */

START_TEST(test_indicator_ok)
{
	static const struct {
		const char	*in;
		enum ind_type	 type;
		const char	*want;
	} ok[] = {
		{ "http://Example.com/x", IND_URL, "http://example.com/x" },
		{ "hxxp://208.66.194.1/gate", IND_URL,
		    "hxxp://208.66.194.1/gate" },
		{ "208.66.192.0/22", IND_CIDR, "208.66.192.0/22" },
		{ "2001:DB8::/32", IND_CIDR, "2001:db8::/32" },
		{ "1.2.3.4/32", IND_CIDR, "1.2.3.4/32" },
		{ "208.66.194.1", IND_IPV4, "208.66.194.1" },
		{ "2001:DB8:0:0::1", IND_IPV6, "2001:db8::1" },
		{ "::ffff:208.66.194.1", IND_IPV6, "::ffff:208.66.194.1" },
		{ "McColo.com", IND_DOMAIN, "mccolo.com" },
		{ "xn--bcher-kva.de.", IND_DOMAIN, "xn--bcher-kva.de" },
	};
	struct dp_err err = DP_ERR_INIT;
	enum ind_type t;
	char *canon;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		canon = NULL;
		t = (enum ind_type)-1;
		ck_assert_msg(val_indicator(ok[i].in, &t, &canon, &err) == 0,
		    "'%s': %s", ok[i].in, err.msg);
		ck_assert_msg(t == ok[i].type, "'%s' is %s", ok[i].in,
		    ind_type_name(t));
		ck_assert_str_eq(canon, ok[i].want);
		free(canon);
	}
}
END_TEST

START_TEST(test_indicator_bad)
{
	static const struct pair bad[] = {
		{ "", "invalid indicator '': empty" },
		{ "1.2.3.256", "invalid IPv4 address '1.2.3.256': octet out of "
		    "range" },
		{ "1.2.3", "invalid IPv4 address '1.2.3': too few octets" },
		{ "12345", "invalid IPv4 address" },
		{ "1.2.3.4:443", "port is not allowed" },
		{ "example.com:8080", "port is not allowed" },
		{ "208.66.195.7/22", "did you mean 208.66.192.0/22?" },
		{ "localhost", "invalid domain 'localhost'" },
		{ "example.com/path", "invalid indicator 'example.com/path': "
		    "neither a CIDR prefix nor a URL" },
		{ "1.2.3.0/33", "invalid CIDR prefix" },
		{ "::/x", "invalid CIDR prefix" },
		{ "http://localhost/", "invalid URL" },
		{ "bad domain.com", "invalid domain" },
		{ "c&c.example.com", "invalid character '&'" },
	};
	struct dp_err err = DP_ERR_INIT;
	enum ind_type t = IND_URL;
	char *canon;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		memset(&err, 0, sizeof(err));
		canon = (char *)bad;
		ck_assert_msg(val_indicator(bad[i].in, &t, &canon, &err) ==
		    DP_EX_DATAERR, "'%s' accepted", bad[i].in);
		ck_assert_msg(canon == (char *)bad && t == IND_URL,
		    "'%s' wrote the output", bad[i].in);
		assert_msg(bad[i].in, &err, bad[i].want);
	}
}
END_TEST

START_TEST(test_null_err)
{
	struct ipnet n;
	enum ind_type t;
	char canon[254], *p;
	uint32_t v;
	int64_t tm;

	/* err may be NULL: the code is still returned. */
	ck_assert_int_eq(val_asn("AS0", &v, NULL), DP_EX_DATAERR);
	ck_assert_int_eq(val_ip("1.2.3.256", &n, NULL), DP_EX_DATAERR);
	ck_assert_int_eq(val_cidr("1.2.3.4/24", &n, NULL), DP_EX_DATAERR);
	ck_assert_int_eq(val_domain("x", canon, sizeof(canon), NULL),
	    DP_EX_DATAERR);
	ck_assert_int_eq(val_url("http://localhost/", &p, NULL),
	    DP_EX_DATAERR);
	ck_assert_int_eq(val_indicator("1.2.3", &t, &p, NULL), DP_EX_DATAERR);
	ck_assert_int_eq(val_time("2008-02-30", &tm, NULL), DP_EX_DATAERR);
	ck_assert_int_eq(val_country("UK", canon, NULL), DP_EX_DATAERR);
	ck_assert_int_eq(val_kind("c&c", NULL), DP_EX_DATAERR);
}
END_TEST

START_TEST(test_ind_type_name)
{
	ck_assert_str_eq(ind_type_name(IND_IPV4), "ipv4");
	ck_assert_str_eq(ind_type_name(IND_IPV6), "ipv6");
	ck_assert_str_eq(ind_type_name(IND_CIDR), "cidr");
	ck_assert_str_eq(ind_type_name(IND_DOMAIN), "domain");
	ck_assert_str_eq(ind_type_name(IND_URL), "url");
}
END_TEST

/* Times. */

START_TEST(test_time_ok)
{
	static const struct {
		const char	*in;
		int64_t		 want;
	} ok[] = {
		/* McColo was cut off by its upstreams on 11 November 2008. */
		{ "2008-11-11T21:23:00Z", 1226438580 },
		{ "2008-11-11 16:23 -0500", 1226438580 },
		{ "2008-11-11T16:23:00-05:00", 1226438580 },
		{ "2008-11-11t21:23:00z", 1226438580 },
		{ "2008-11-11T21:23:00.123Z", 1226438580 },
		{ "2008-11-11T21:23:00.123456789+00:00", 1226438580 },
		{ "2008-11-11T21:23:00.9-00:00", 1226438580 },
		{ "2008-11-12T02:53:00+05:30", 1226438580 },
		{ "2008-11-11 21:23", 1226438580 },
		{ "2008-11-11 21:23:00", 1226438580 },
		{ "2008-11-11 21:23:00 UTC", 1226438580 },
		{ "2008-11-11 21:23:00 utc", 1226438580 },
		{ "2008-11-11 21:23UTC", 1226438580 },
		{ "2008-11-11 21:23 Z", 1226438580 },
		{ "2008-11-11 16:23-0500", 1226438580 },
		{ "2008-11-11 16:23 -05:00", 1226438580 },
		{ "2008-11-11 22:23 +0100", 1226438580 },
		{ "2008-11-11T21:23", 1226438580 },
		{ "2008-11-11", 1226361600 },
		{ "1970-01-01T00:00:00Z", 0 },
		{ "1970-01-01", 0 },
		{ "1970-01-01 01:30 +0100", 1800 },
		{ "1970-01-02 00:00 +2359", 60 },
		{ "2008-02-29", 1204243200 },
		{ "2000-02-29", 951782400 },
		{ "2008-12-31T23:59:60Z", 1230767999 },
		{ "2008-12-31T23:59:59Z", 1230767999 },
		{ "9999-12-31T23:59:59Z", 253402300799 },
		{ "2038-01-19T03:14:08Z", 2147483648 },
	};
	struct dp_err err = DP_ERR_INIT;
	int64_t t;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		t = -42;
		ck_assert_msg(val_time(ok[i].in, &t, &err) == 0, "'%s': %s",
		    ok[i].in, err.msg);
		ck_assert_msg(t == ok[i].want, "'%s' gave %lld, not %lld",
		    ok[i].in, (long long)t, (long long)ok[i].want);
	}
}
END_TEST

START_TEST(test_time_bad)
{
	static const struct pair bad[] = {
		{ "2008-02-30 10:00", "invalid time '2008-02-30 10:00': day "
		    "out of range" },
		{ "2009-02-29", "day out of range" },
		{ "2100-02-29", "day out of range" },
		{ "2008-11-31", "day out of range" },
		{ "2008-11-00", "day out of range" },
		{ "2008-01-32", "day out of range" },
		{ "2008-13-01", "month out of range" },
		{ "2008-00-10", "month out of range" },
		{ "2008-11-11 24:00", "hour out of range" },
		{ "2008-11-11 23:60", "minute out of range" },
		{ "2008-11-11 23:59:61", "second out of range" },
		{ "1969-12-31", "year out of range (1970-9999)" },
		{ "1969-12-31T23:00:00-01:00", "year out of range" },
		{ "0000-01-01", "year out of range" },
		{ "10000-01-01", "expected a date as YYYY-MM-DD" },
		{ "2008-1-1", "expected a date" },
		{ "2008/11/11", "expected a date" },
		{ "08-11-11", "expected a date" },
		{ "", "expected a date" },
		{ " 2008-11-11", "expected a date" },
		{ "2008-11-11x", "expected 'T' or a space" },
		{ "2008-11-11T", "expected a time" },
		{ "2008-11-11 ", "expected a time" },
		{ "2008-11-11 21", "expected a time" },
		{ "2008-11-11 21:2", "expected a time" },
		{ "2008-11-11 1:23", "expected a time" },
		{ "2008-11-11 21:23:0", "expected two digits of seconds" },
		{ "2008-11-11 21:23:00.", "expected digits after '.'" },
		{ "2008-11-11 21:23:00.Z", "expected digits after '.'" },
		{ "2008-11-11 21:23 ", "unexpected space at the end" },
		{ "2008-11-11 21:23  +0000", "bad UTC offset" },
		{ "2008-11-11T21:23:00Zjunk", "unexpected text after the "
		    "time" },
		{ "2008-11-11T21:23:00+05:00:00", "unexpected text" },
		{ "2008-11-11 21:23 +05", "bad UTC offset" },
		{ "2008-11-11 21:23 +5:00", "bad UTC offset" },
		{ "2008-11-11 21:23 EST", "bad UTC offset" },
		{ "2008-11-11 21:23 UT", "bad UTC offset" },
		{ "2008-11-11 21:23 x", "bad UTC offset" },
		{ "2008-11-11 21:23 +2400", "UTC offset out of range" },
		{ "2008-11-11 21:23 +0560", "UTC offset out of range" },
	};
	struct dp_err err = DP_ERR_INIT;
	int64_t t;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		t = -42;
		memset(&err, 0, sizeof(err));
		ck_assert_msg(val_time(bad[i].in, &t, &err) == DP_EX_DATAERR,
		    "'%s' accepted", bad[i].in);
		ck_assert_msg(t == -42, "'%s' wrote the output", bad[i].in);
		assert_msg(bad[i].in, &err, bad[i].want);
	}
	/* Fractions without a zone are fine: no zone means UTC. */
	ck_assert_int_eq(val_time("2008-11-11T21:23:00.5", &t, &err), 0);
	ck_assert_int_eq(t, 1226438580);
}
END_TEST

START_TEST(test_time_leap_years)
{
	struct dp_err err = DP_ERR_INIT;
	int64_t t;

	ck_assert_int_eq(val_time("2008-02-29", &t, &err), 0);
	ck_assert_int_eq(val_time("2009-02-29", &t, &err), DP_EX_DATAERR);
	ck_assert_int_eq(val_time("2000-02-29", &t, &err), 0);
	ck_assert_int_eq(val_time("1900-02-29", &t, &err), DP_EX_DATAERR);
	ck_assert_int_eq(val_time("2100-02-29", &t, &err), DP_EX_DATAERR);
	ck_assert_int_eq(val_time("2400-02-29", &t, &err), 0);
	ck_assert_int_eq(val_time("2008-02-28", &t, &err), 0);
	ck_assert_int_eq(t, 1204156800);
	ck_assert_int_eq(val_time("2008-03-01", &t, &err), 0);
	ck_assert_int_eq(t, 1204156800 + 2 * 86400);
	ck_assert_int_eq(val_time("2009-03-01", &t, &err), 0);
	ck_assert_int_eq(val_time("2009-02-28", &t, &err), 0);
}
END_TEST

START_TEST(test_fmt_time)
{
	char buf[TIME_STRLEN];

	fmt_time(1226438580, buf);
	ck_assert_str_eq(buf, "2008-11-11T21:23:00Z");
	fmt_time(0, buf);
	ck_assert_str_eq(buf, "1970-01-01T00:00:00Z");
	fmt_time(253402300799, buf);
	ck_assert_str_eq(buf, "9999-12-31T23:59:59Z");
	fmt_time(-1, buf);
	ck_assert_str_eq(buf, "1969-12-31T23:59:59Z");
	fmt_time(INT64_MAX, buf);
	ck_assert_uint_lt(strlen(buf), TIME_STRLEN);
}
END_TEST

START_TEST(test_time_round_trip)
{
	struct dp_err err = DP_ERR_INIT;
	char buf[TIME_STRLEN];
	int64_t t, back;

	/*
	 * About 20000 steps of 4 months and an odd time of day, landing on
	 * every month, day of month and hour over 1970..9999.
	 */
	for (t = 0; t <= 253402300799; t += 86400 * 127 + 3671) {
		fmt_time(t, buf);
		ck_assert_msg(val_time(buf, &back, &err) == 0, "'%s': %s", buf,
		    err.msg);
		ck_assert_msg(back == t, "'%s' gave %lld, not %lld", buf,
		    (long long)back, (long long)t);
	}
}
END_TEST

/* Countries. */

START_TEST(test_country_ok)
{
	static const struct pair ok[] = {
		{ "us", "US" }, { "Us", "US" }, { "RU", "RU" }, { "ru", "RU" },
		{ "EU", "EU" }, { "ap", "AP" }, { "gb", "GB" }, { "SS", "SS" },
		{ "BQ", "BQ" }, { "CW", "CW" }, { "SX", "SX" }, { "AX", "AX" },
		{ "AD", "AD" }, { "ZW", "ZW" }, { "UA", "UA" }, { "nl", "NL" },
	};
	struct dp_err err = DP_ERR_INIT;
	char out[3];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		ck_assert_msg(val_country(ok[i].in, out, &err) == 0, "'%s': %s",
		    ok[i].in, err.msg);
		ck_assert_str_eq(out, ok[i].want);
	}
}
END_TEST

START_TEST(test_country_count)
{
	char in[3], out[3];
	int a, b, n = 0;

	/* 249 assigned codes plus EU and AP, and nothing else. */
	in[2] = '\0';
	for (a = 'A'; a <= 'Z'; a++)
		for (b = 'A'; b <= 'Z'; b++) {
			in[0] = (char)a;
			in[1] = (char)b;
			if (val_country(in, out, NULL) == 0)
				n++;
		}
	ck_assert_int_eq(n, 251);
}
END_TEST

START_TEST(test_country_bad)
{
	static const struct pair bad[] = {
		{ "UK", "unknown country code 'UK' (not an ISO 3166-1 alpha-2 "
		    "code; did you mean GB?)" },
		{ "XK", "unknown country code 'XK'" },
		{ "ZZ", "unknown country code" },
		{ "AN", "unknown country code" },
		{ "YU", "unknown country code" },
		{ "", "invalid country code '': expected two letters" },
		{ "U", "expected two letters" },
		{ "USA", "expected two letters" },
		{ "U1", "expected two letters" },
		{ " US", "expected two letters" },
		{ "US ", "expected two letters" },
		{ "\xc3\xbc" "S", "expected two letters" },
	};
	struct dp_err err = DP_ERR_INIT;
	char out[3];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		memset(&err, 0, sizeof(err));
		strcpy(out, "--");
		ck_assert_msg(val_country(bad[i].in, out, &err) ==
		    DP_EX_DATAERR, "'%s' accepted", bad[i].in);
		ck_assert_str_eq(out, "--");
		assert_msg(bad[i].in, &err, bad[i].want);
	}
}
END_TEST

/* Evidence kinds. */

START_TEST(test_kind)
{
	static const char *const want[] = {
		"c2", "spam-source", "malware-host", "phishing", "botnet-ctrl",
		"scan", "other",
	};
	static const char *const bad[] = {
		"C2", "", "c2 ", " c2", "spam", "malware", "Other", "c&c",
	};
	struct dp_err err = DP_ERR_INIT;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(want); i++) {
		ck_assert_str_eq(evidence_kinds[i], want[i]);
		ck_assert_int_eq(val_kind(want[i], &err), 0);
	}
	ck_assert_ptr_null(evidence_kinds[ARRAY_SIZE(want)]);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		memset(&err, 0, sizeof(err));
		ck_assert_int_eq(val_kind(bad[i], &err), DP_EX_DATAERR);
		assert_msg(bad[i], &err, "(expected one of: c2, spam-source, "
		    "malware-host, phishing, botnet-ctrl, scan, other)");
	}
	ck_assert_int_eq(val_kind("c&c", &err), DP_EX_DATAERR);
	ck_assert_str_eq(err.msg, "unknown evidence kind 'c&c' (expected one "
	    "of: c2, spam-source, malware-host, phishing, botnet-ctrl, scan, "
	    "other)");
}
END_TEST

/*
 * Messages quote hostile values as they are, and the one escaper of
 * termsafe.h shows them when the message is printed (util.c).
 */
static int
shown_has(const struct dp_err *err, const char *want)
{
	char out[4 * sizeof(err->msg) + 1];

	ts_escape_mem(out, err->msg, strlen(err->msg), 0);
	return strstr(out, want) != NULL;
}

START_TEST(test_message_quoting)
{
	struct dp_err err = DP_ERR_INIT;
	char big[5000], canon[254];
	uint32_t v;
	int64_t t;

	/* Terminal escapes and invalid UTF-8 are shown as \xNN. */
	ck_assert_int_eq(val_domain("\x1b[31mevil.example", canon,
	    sizeof(canon), &err), DP_EX_DATAERR);
	ck_assert(shown_has(&err, "'\\x1b[31mevil.example'"));
	ck_assert_int_eq(val_asn("\xff\xfe" "1", &v, &err), DP_EX_DATAERR);
	ck_assert(shown_has(&err, "'\\xff\\xfe1'"));
	/* A C1 control (U+009B, CSI) as \u009b, printable UTF-8 kept. */
	ck_assert_int_eq(val_kind("\xc2\x9b" "2J", &err), DP_EX_DATAERR);
	ck_assert(shown_has(&err, "'\\u009b2J'"));
	ck_assert_int_eq(val_kind("caf\xc3\xa9", &err), DP_EX_DATAERR);
	ck_assert(shown_has(&err, "'caf\xc3\xa9'"));
	ck_assert_int_eq(val_time("2008-11-11\r\n", &t, &err), DP_EX_DATAERR);
	ck_assert(shown_has(&err, "'2008-11-11\\r\\n'"));

	/* A huge value is shortened so the reason still shows. */
	memset(big, '7', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	big[0] = '1';
	ck_assert_int_eq(val_asn(big, &v, &err), DP_EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(err.msg, "...': out of range"));
	ck_assert_uint_lt(strlen(err.msg), 300);
	/* Cut at a character boundary, never inside an escape or a letter. */
	memset(big, 'a', sizeof(big) - 1);
	memcpy(big + 158, "\xc3\xa9\x01\x01", 4);
	ck_assert_int_eq(val_kind(big, &err), DP_EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(err.msg, "aa\xc3\xa9...' (expected"));
	ck_assert(utf8_valid(err.msg, strlen(err.msg), NULL));
}
END_TEST

/* UTF-8. */

START_TEST(test_utf8_valid)
{
	static const char *const ok[] = {
		"", "abc", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9d\x84\x9e",
		"\xf4\x8f\xbf\xbf", "\xef\xbf\xbf", "\xee\x80\x80",
		"\xed\x9f\xbf", "\xc2\x80", "\xdf\xbf", "\xe0\xa0\x80",
		"\xf0\x90\x80\x80", "\x01\x7f", "caf\xc3\xa9 cr\xc3\xa8me",
		"\xd0\x9c\xd0\xb0\xd0\xba\xd0\xba\xd0\xbe\xd0\xbb\xd0\xbe",
	};
	char big[1000];
	size_t i, off;

	for (i = 0; i < ARRAY_SIZE(ok); i++)
		ck_assert_msg(utf8_valid(ok[i], strlen(ok[i]), &off) == 1,
		    "string %zu refused at %zu", i, off);
	ck_assert_int_eq(utf8_valid(NULL, 0, NULL), 1);
	for (i = 0; i < sizeof(big); i++)
		big[i] = (char)(1 + i % 127);
	ck_assert_int_eq(utf8_valid(big, sizeof(big), NULL), 1);
	for (i = 0; i + 3 < sizeof(big); i += 50)
		memcpy(big + i, "\xe2\x82\xac", 3);
	ck_assert_int_eq(utf8_valid(big, sizeof(big), NULL), 1);
}
END_TEST

START_TEST(test_utf8_invalid)
{
	static const struct {
		const char	*s;
		size_t		 len, off;
	} bad[] = {
		{ "ab\0cd", 5, 2 },
		{ "\xc0\x80", 2, 0 },		/* overlong NUL */
		{ "\xc1\xbf", 2, 0 },		/* overlong */
		{ "\xe0\x80\x80", 3, 0 },
		{ "\xe0\x9f\xbf", 3, 0 },	/* overlong U+07FF */
		{ "\xf0\x8f\xbf\xbf", 4, 0 },	/* overlong U+FFFF */
		{ "\xed\xa0\x80", 3, 0 },	/* U+D800 */
		{ "\xed\xbf\xbf", 3, 0 },	/* U+DFFF */
		{ "x\xed\xb0\x80", 4, 1 },
		{ "\xf4\x90\x80\x80", 4, 0 },	/* U+110000 */
		{ "\xf5\x80\x80\x80", 4, 0 },
		{ "\xf8\x88\x80\x80\x80", 5, 0 },
		{ "\xff", 1, 0 },
		{ "\xfe", 1, 0 },
		{ "a\x80", 2, 1 },		/* stray continuation */
		{ "\xbf", 1, 0 },
		{ "ab\xe2\x82", 4, 2 },		/* truncated */
		{ "\xc3", 1, 0 },
		{ "\xf0\x9d\x84", 3, 0 },
		{ "\xe2\x28\xa1", 3, 0 },
		{ "\xc3\xa9\xc3", 3, 2 },
		{ "0123456789abcdef\x80", 17, 16 },
		{ "0123456\xc3\xa9" "0123456789\0", 20, 19 },
		{ "0123456789abcde\xe2\x82\xac\xe2\x82", 20, 18 },
		{ "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3" "abcdefgh",
		    19, 10 },
	};
	size_t i, off;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		off = 9999;
		ck_assert_msg(utf8_valid(bad[i].s, bad[i].len, &off) == 0,
		    "string %zu accepted", i);
		ck_assert_msg(off == bad[i].off, "string %zu: offset %zu, not "
		    "%zu", i, off, bad[i].off);
		ck_assert_int_eq(utf8_valid(bad[i].s, bad[i].len, NULL), 0);
	}
	/* The length, not a NUL, ends the string. */
	ck_assert_int_eq(utf8_valid("ab\xc3\xa9", 3, &off), 0);
	ck_assert_uint_eq(off, 2);
	ck_assert_int_eq(utf8_valid("ab\xff", 2, NULL), 1);
}
END_TEST

START_TEST(test_utf8_fast_path)
{
	static const unsigned char bytes[] = { 0x00, 0x80, 0xff, 0xc3 };
	char buf[72];
	size_t i, pos, off;

	/* A bad byte at every position of long ASCII runs is found. */
	for (i = 0; i < ARRAY_SIZE(bytes); i++)
		for (pos = 0; pos < sizeof(buf); pos++) {
			memset(buf, 'a', sizeof(buf));
			buf[pos] = (char)bytes[i];
			off = 9999;
			ck_assert_msg(utf8_valid(buf, sizeof(buf), &off) == 0,
			    "byte %#x at %zu accepted", bytes[i], pos);
			ck_assert_uint_eq(off, pos);
		}
	/* Bytes next to zero or 0x80 are fine: 0x01 and 0x7f. */
	memset(buf, 0x01, sizeof(buf));
	ck_assert_int_eq(utf8_valid(buf, sizeof(buf), NULL), 1);
	memset(buf, 0x7f, sizeof(buf));
	ck_assert_int_eq(utf8_valid(buf, sizeof(buf), NULL), 1);
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (char)(i % 2 ? 0x01 : 0x7f);
	ck_assert_int_eq(utf8_valid(buf, sizeof(buf), NULL), 1);
}
END_TEST

/*
 * A reference decoder written the long way: take the length from the lead
 * byte, decode, then refuse overlong forms, surrogates and out-of-range
 * code points.  Returns the length of the valid sequence at p, or 0.
 */
static size_t
ref_seq(const unsigned char *p, size_t n)
{
	unsigned long cp, min;
	size_t len, i;

	if (p[0] == 0)
		return 0;
	if (p[0] < 0x80)
		return 1;
	if ((p[0] & 0xe0) == 0xc0) {
		len = 2;
		cp = p[0] & 0x1f;
		min = 0x80;
	} else if ((p[0] & 0xf0) == 0xe0) {
		len = 3;
		cp = p[0] & 0x0f;
		min = 0x800;
	} else if ((p[0] & 0xf8) == 0xf0) {
		len = 4;
		cp = p[0] & 0x07;
		min = 0x10000;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

/* Whether p[0..n) is valid by ref_seq(), with the offset of the failure. */
static int
ref_valid(const unsigned char *p, size_t n, size_t *off)
{
	size_t i = 0, k;

	while (i < n) {
		if ((k = ref_seq(p + i, n - i)) == 0) {
			*off = i;
			return 0;
		}
		i += k;
	}
	return 1;
}

START_TEST(test_utf8_reference)
{
	static const unsigned char edge[] = {
		0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0,
	};
	unsigned char b[4];
	size_t off1, off2;
	unsigned a, c, d, e;
	int r1, r2;

	/* Every string of one and two bytes. */
	for (a = 0; a < 65536; a++) {
		b[0] = (unsigned char)(a >> 8);
		b[1] = (unsigned char)a;
		off1 = off2 = 0;
		r1 = utf8_valid((const char *)b, 2, &off1);
		r2 = ref_valid(b, 2, &off2);
		ck_assert_msg(r1 == r2 && (r1 || off1 == off2),
		    "%02x %02x: %d at %zu, reference %d at %zu", b[0], b[1],
		    r1, off1, r2, off2);
		ck_assert_int_eq(utf8_valid((const char *)b, 1, NULL),
		    ref_valid(b, 1, &off2));
	}
	/* Lead bytes from 0xc0 with the continuation bytes around edges. */
	for (a = 0xc0; a < 0x100; a++)
		for (c = 0; c < ARRAY_SIZE(edge); c++)
			for (d = 0; d < ARRAY_SIZE(edge); d++)
				for (e = 0; e < ARRAY_SIZE(edge); e++) {
					b[0] = (unsigned char)a;
					b[1] = edge[c];
					b[2] = edge[d];
					b[3] = edge[e];
					off1 = off2 = 0;
					r1 = utf8_valid((const char *)b, 4,
					    &off1);
					r2 = ref_valid(b, 4, &off2);
					ck_assert_msg(r1 == r2 &&
					    (r1 || off1 == off2),
					    "%02x %02x %02x %02x", b[0], b[1],
					    b[2], b[3]);
					ck_assert_int_eq(utf8_valid(
					    (const char *)b, 3, NULL),
					    ref_valid(b, 3, &off2));
				}
}
END_TEST

/* Server text made fit to print: what stays, what becomes U+FFFD. */
START_TEST(test_utf8_clean)
{
#define R	"\xef\xbf\xbd"
	static const struct {
		const char	*in;
		size_t		 len;
		const char	*want;
	} cases[] = {
		{ "", 0, "" },
		{ "plain ASCII", 11, "plain ASCII" },
		{ "a\tb", 3, "a b" },			/* tab: a space */
		{ "a\0b", 3, "a" R "b" },		/* NUL is a byte */
		{ "\r\n\x1b[2J\x7f", 7, R R R "[2J" R },
		{ "caf\xc3\xa9 \xe2\x82\xac \xf0\x9d\x84\x9e", 14,
		  "caf\xc3\xa9 \xe2\x82\xac \xf0\x9d\x84\x9e" },
		{ "\xc2\x85\xc2\x9b" "x\xc2\xa0", 7, R R "x\xc2\xa0" },	/* C1 */
		{ "\xe9t\xe9", 3, R "t" R },		/* Latin-1 */
		{ "\xc0\xaf\xed\xa0\x80", 5, R R R R R },	/* overlong,
							   surrogate */
		{ "\xf4\x90\x80\x80", 4, R R R R },	/* above U+10FFFF */
		{ "ab\xe2\x82", 4, "ab" R R },		/* cut short */
		{ "\x80\xbf", 2, R R },			/* lone continuation */
	};
	struct buf b = BUF_INIT;
	size_t i;
	char *t;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		t = utf8_clean(cases[i].in, cases[i].len);
		ck_assert_msg(strcmp(t, cases[i].want) == 0, "case %zu", i);
		ck_assert(utf8_valid(t, strlen(t), NULL));
		free(t);
	}
	/* Appending: the same bytes after what b holds. */
	buf_adds(&b, "x: ");
	utf8_clean_append(&b, "y\x01", 2);
	ck_assert_str_eq(b.s, "x: y" R);
	buf_release(&b);
#undef R
}
END_TEST

START_TEST(test_text_excerpt)
{
	char sb[EXCERPT_BUF], in[100];

	ck_assert_str_eq(text_excerpt("AS-FOO", 6, sb), "AS-FOO");
	ck_assert_str_eq(text_excerpt("a\0b\x1b\xc3\xa9", 6, sb), "a?b???");
	memset(in, 'x', sizeof(in));
	ck_assert_uint_eq(strlen(text_excerpt(in, EXCERPT_MAX, sb)),
	    EXCERPT_MAX);
	ck_assert_ptr_eq(text_excerpt(in, sizeof(in), sb), sb);
	ck_assert_uint_eq(strlen(sb), EXCERPT_MAX + 3);
	ck_assert_str_eq(sb + EXCERPT_MAX, "...");
}
END_TEST

/* Regressions from review: obfuscated URL hosts, host:port, free text. */
START_TEST(test_review_regressions)
{
	struct dp_err err = DP_ERR_INIT;
	enum ind_type t;
	char *canon = NULL;

	ck_assert_int_eq(val_url("http://010.0.0.1/x", &canon, &err),
	    DP_EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(err.msg, "it means 8.0.0.1"));
	ck_assert_int_eq(val_url("http://u@0x8.0.0.1:80/", &canon, &err),
	    DP_EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(err.msg, "'0x8.0.0.1'"));
	ck_assert_int_eq(val_url("http://8.0.0.1:8080/a", &canon, &err), 0);
	ck_assert_str_eq(canon, "http://8.0.0.1:8080/a");
	free(canon);
	ck_assert_int_eq(val_url("HTTP://User@Example.COM./x", &canon, &err),
	    0);
	free(canon);
	ck_assert_int_eq(val_indicator("example.com:80", &t, &canon, &err),
	    DP_EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(err.msg, "a port is not allowed"));
	ck_assert_ptr_null(strstr(err.msg, "IP address"));
	/* An offset must not carry a time out of range in UTC. */
	{
		int64_t when;

		ck_assert_int_eq(val_time("1970-01-01T00:00:00+01:00", &when,
		    &err), DP_EX_DATAERR);
		ck_assert_ptr_nonnull(strstr(err.msg, "in UTC"));
		ck_assert_int_eq(val_time("9999-12-31T23:59:59-01:00", &when,
		    &err), DP_EX_DATAERR);
		ck_assert_int_eq(val_time("9999-12-31T23:59:59Z", &when,
		    &err), 0);
		ck_assert_int_eq(when, 253402300799LL);
	}
	ck_assert_int_eq(val_text("note", "a\nb\tc", 10, 1, &err), 0);
	ck_assert_int_eq(val_text("note", "a\nb", 10, 0, &err),
	    DP_EX_DATAERR);
	ck_assert_int_eq(val_text("note", "\x1b[31m", 10, 1, &err),
	    DP_EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(err.msg, "control character (0x1b)"));
	ck_assert_int_eq(val_text("note", "abcdef", 5, 1, &err),
	    DP_EX_DATAERR);
	ck_assert_int_eq(val_text("note", "\xc3\x28", 5, 1, &err),
	    DP_EX_DATAERR);
	/* C1 controls as UTF-8, in one-line and multi-line fields alike. */
	ck_assert_int_eq(val_text("note", "a\xc2\x9b" "2J", 10, 1, &err),
	    DP_EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(err.msg, "C1 control character "
	    "(U+009B)"));
	ck_assert_int_eq(val_text("family", "\xc2\x85", 10, 0, &err),
	    DP_EX_DATAERR);
	ck_assert_int_eq(val_text("note", "\x7f", 10, 1, &err), DP_EX_DATAERR);
	/* Bidi overrides and isolates: refused on one line, kept in notes. */
	ck_assert_int_eq(val_text("family", "a\xe2\x80\xae" "b", 10, 0,
	    &err), DP_EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(err.msg, "bidirectional control "
	    "character (U+202E)"));
	ck_assert_int_eq(val_text("source", "\xe2\x81\xa6", 10, 0, &err),
	    DP_EX_DATAERR);
	ck_assert_int_eq(val_text("note", "a\xe2\x80\xae" "b", 10, 1, &err),
	    0);
	/* Their neighbours and no-break space are ordinary text. */
	ck_assert_int_eq(val_text("family", "\xc2\xa0\xe2\x80\xaf", 10, 0,
	    &err), 0);
}
END_TEST

/* val_url_host: libcurl's host, brackets dropped, a missing scheme guessed. */
START_TEST(test_url_host)
{
	static const char *const ok[][2] = {
		{ "http://208.66.194.37/gate.php", "208.66.194.37" },
		{ "https://[2001:db8::1]:8080/x", "2001:db8::1" },
		{ "mccolo.com/panel/gate.php", "mccolo.com" },
		{ "ftp://user@files.example.net/", "files.example.net" },
	};
	struct dp_err err = DP_ERR_INIT;
	char *h;
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		ck_assert_msg(val_url_host(ok[i][0], &h, &err) == 0, "%s: %s",
		    ok[i][0], err.msg);
		ck_assert_str_eq(h, ok[i][1]);
		free(h);
	}
	ck_assert_int_eq(val_url_host("http://", &h, &err), DP_EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(err.msg, "not a URL with a host"));
	ck_assert_int_eq(val_url_host("", &h, NULL), DP_EX_DATAERR);
}
END_TEST

Suite *
validate_suite(void)
{
	Suite *s = suite_create("validate");
	TCase *tc;

	tc = tcase_create("asn");
	tcase_add_test(tc, test_asn_plain);
	tcase_add_test(tc, test_asn_asdot);
	tcase_add_test(tc, test_asn_bad);
	tcase_add_test(tc, test_asn_message);
	suite_add_tcase(s, tc);

	tc = tcase_create("ip");
	tcase_add_test(tc, test_ip4_ok);
	tcase_add_test(tc, test_ip6_canonical);
	tcase_add_test(tc, test_ip_bad);
	tcase_add_test(tc, test_ipnet_format_short);
	tcase_add_test(tc, test_cidr_ok);
	tcase_add_test(tc, test_cidr_host_bits);
	tcase_add_test(tc, test_cidr_bad);
	suite_add_tcase(s, tc);

	tc = tcase_create("names");
	tcase_add_test(tc, test_domain_ok);
	tcase_add_test(tc, test_domain_lengths);
	tcase_add_test(tc, test_domain_bad);
	tcase_add_test(tc, test_url_ok);
	tcase_add_test(tc, test_url_bad);
	tcase_add_test(tc, test_url_fast_same);
	tcase_add_test(tc, test_indicator_ok);
	tcase_add_test(tc, test_indicator_bad);
	tcase_add_test(tc, test_ind_type_name);
	tcase_add_test(tc, test_null_err);
	suite_add_tcase(s, tc);

	tc = tcase_create("time");
	tcase_add_test(tc, test_time_ok);
	tcase_add_test(tc, test_time_bad);
	tcase_add_test(tc, test_time_leap_years);
	tcase_add_test(tc, test_fmt_time);
	tcase_add_test(tc, test_time_round_trip);
	suite_add_tcase(s, tc);

	tc = tcase_create("misc");
	tcase_add_test(tc, test_country_ok);
	tcase_add_test(tc, test_country_count);
	tcase_add_test(tc, test_country_bad);
	tcase_add_test(tc, test_kind);
	tcase_add_test(tc, test_message_quoting);
	tcase_add_test(tc, test_review_regressions);
	suite_add_tcase(s, tc);

	tc = tcase_create("utf8");
	tcase_add_test(tc, test_utf8_valid);
	tcase_add_test(tc, test_utf8_invalid);
	tcase_add_test(tc, test_utf8_fast_path);
	tcase_add_test(tc, test_utf8_reference);
	tcase_add_test(tc, test_utf8_clean);
	tcase_add_test(tc, test_text_excerpt);
	tcase_add_test(tc, test_url_host);
	suite_add_tcase(s, tc);
	return s;
}
