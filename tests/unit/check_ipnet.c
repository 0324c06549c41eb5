/*
 * check_ipnet.c - ipnet.c: strict and lenient address parsing, prefixes,
 * first/last addresses, containment, ordering, and the range key (that
 * byte order of keys is address order within a family).
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "ipnet.h"

Suite	*ipnet_suite(void);

static struct ipnet
net(const char *s)
{
	struct ipnet n, a;
	struct ipnet_perr pe;
	const char *what;

	if (strchr(s, '/') != NULL) {
		ck_assert_msg(ipnet_parse_cidr(s, &n, &pe) == IPNET_OK, "%s", s);
		return n;
	}
	ck_assert_msg(ipnet_parse_addr(s, strlen(s), &a, &what) == NULL, "%s",
	    s);
	return a;
}

static const char *
fmt(const struct ipnet *n)
{
	static char buf[IPNET_STRLEN];

	ipnet_format(n, buf, sizeof(buf));
	return buf;
}

START_TEST(test_strict)
{
	struct ipnet n;
	struct ipnet_perr pe;
	const char *what, *why;

	n = net("208.66.192.1");
	ck_assert_int_eq(n.family, AF_INET);
	ck_assert_int_eq(n.plen, 32);
	ck_assert_str_eq(fmt(&n), "208.66.192.1/32");
	n = net("2001:DB8::1");
	ck_assert_str_eq(fmt(&n), "2001:db8::1/128");
	why = ipnet_parse_addr("1.02.3.4", 8, &n, &what);
	ck_assert_str_eq(why, "octet has a leading zero");
	ck_assert_str_eq(what, "IPv4 address");
	why = ipnet_parse_addr("1.2.3.4:80", 10, &n, &what);
	ck_assert_ptr_nonnull(strstr(why, "port"));
	ck_assert_int_eq(ipnet_parse_cidr("1.2.3.4", &n, &pe), IPNET_ENOSLASH);
	ck_assert_int_eq(ipnet_parse_cidr("1.2.3.0/33", &n, &pe),
	    IPNET_ERANGE);
	ck_assert_int_eq(pe.max, 32);
	ck_assert_int_eq(ipnet_parse_cidr("1.2.3.0/024", &n, &pe), IPNET_ELEN);
	ck_assert_int_eq(ipnet_parse_cidr("x/24", &n, &pe), IPNET_EADDR);
	ck_assert_int_eq(ipnet_parse_cidr("208.66.195.7/22", &n, &pe),
	    IPNET_EHOST);
	ck_assert_str_eq(fmt(&pe.net), "208.66.192.0/22");
}
END_TEST

START_TEST(test_lenient)
{
	struct ipnet n;
	int zeros = -1;

	ck_assert_int_eq(ipnet_parse_lenient("074.125.000.000", 15,
	    IPNET_ZEROS, &n, &zeros), 0);
	ck_assert_int_eq(zeros, 1);
	ck_assert_str_eq(fmt(&n), "74.125.0.0/32");
	ck_assert_int_eq(ipnet_parse_lenient("0074.1.1.1", 10,
	    IPNET_ZEROS, &n, NULL), 0);
	ck_assert_int_eq(ipnet_parse_lenient("0074.1.1.1", 10,
	    IPNET_ZEROS | IPNET_ZEROS3, &n, NULL), -1);
	ck_assert_int_eq(ipnet_parse_lenient("074.1.1.1", 9, 0, &n, NULL), -1);
	ck_assert_int_eq(ipnet_parse_lenient("200.3", 5, IPNET_ABBREV, &n,
	    &zeros), 0);
	ck_assert_int_eq(zeros, 0);
	ck_assert_str_eq(fmt(&n), "200.3.0.0/32");
	ck_assert_int_eq(ipnet_parse_lenient("200.3", 5, 0, &n, NULL), -1);
	ck_assert_int_eq(ipnet_parse_lenient(" 1.2.3.4\t", 9, IPNET_TRIM, &n,
	    NULL), 0);
	ck_assert_int_eq(ipnet_parse_lenient(" 1.2.3.4", 8, 0, &n, NULL), -1);
	ck_assert_int_eq(ipnet_parse_lenient("1.2.3.", 6, IPNET_ABBREV, &n,
	    NULL), -1);
	ck_assert_int_eq(ipnet_parse_lenient("1.2.3.4.5", 9, IPNET_ZEROS, &n,
	    NULL), -1);
	ck_assert_int_eq(ipnet_parse_lenient("2001:db8::", 10, IPNET_ZEROS,
	    &n, NULL), 0);
	ck_assert_int_eq(n.family, AF_INET6);
}
END_TEST

START_TEST(test_bits)
{
	struct ipnet n = net("10.1.2.3"), p;
	unsigned char a[16];

	n.plen = 8;
	ck_assert(!ipnet_host_bits_clear(&n));
	ipnet_first(&n, a);
	ck_assert_int_eq(a[0], 10);
	ck_assert_int_eq(a[1] | a[2] | a[3], 0);
	ipnet_last(&n, a);
	ck_assert_int_eq(a[0], 10);
	ck_assert_int_eq(a[1] & a[2] & a[3], 255);
	ck_assert_int_eq(a[4], 0);
	ipnet_mask(&n);
	ck_assert(ipnet_host_bits_clear(&n));
	ck_assert_str_eq(fmt(&n), "10.0.0.0/8");
	p = net("10.255.0.0/16");
	ck_assert(ipnet_contains(&n, &p));
	ck_assert(!ipnet_contains(&p, &n));
	p = net("11.0.0.0/16");
	ck_assert(!ipnet_contains(&n, &p));
	p = net("::/0");
	ck_assert(!ipnet_contains(&p, &n));
	ck_assert(ipnet_contains(&p, &p));
	n = net("2001:db8::/32");
	p = net("2001:db8:ffff::1");
	ck_assert(ipnet_contains(&n, &p));
	ck_assert(ipnet_bits_match(n.addr, p.addr, 32));
	ck_assert(!ipnet_bits_match(n.addr, p.addr, 33));
	memset(a, 0xff, sizeof(a));
	ck_assert_int_eq(ipnet_addr_inc(a, AF_INET6), 1);
	memset(a, 0, sizeof(a));
	a[3] = 0xff;
	ck_assert_int_eq(ipnet_addr_inc(a, AF_INET), 0);
	ck_assert_int_eq(a[2], 1);
	ck_assert_int_eq(a[3], 0);
}
END_TEST

START_TEST(test_compare)
{
	struct ipnet a = net("10.0.0.0/8"), b = net("10.0.0.0/16"),
	    c = net("::/0");

	ck_assert_int_lt(ipnet_compare(&a, &b), 0);
	ck_assert_int_gt(ipnet_compare(&b, &a), 0);
	ck_assert_int_lt(ipnet_compare(&b, &c), 0);
	ck_assert_int_eq(ipnet_compare(&c, &c), 0);
}
END_TEST

/* Key order is address order within a family; families never mix. */
START_TEST(test_key)
{
	unsigned char k1[IPNET_KEYLEN], k2[IPNET_KEYLEN], a[16];
	struct ipnet x, y;
	int i, fam, c1, c2;

	srand(8);
	for (i = 0; i < 10000; i++) {
		memset(&x, 0, sizeof(x));
		memset(&y, 0, sizeof(y));
		x.family = y.family = i % 2 ? AF_INET : AF_INET6;
		for (fam = 0; fam < ipnet_bytes(x.family); fam++) {
			x.addr[fam] = (unsigned char)rand();
			y.addr[fam] = (unsigned char)(i % 3 ? x.addr[fam] :
			    rand());
		}
		y.addr[ipnet_bytes(y.family) - 1] ^= (unsigned char)rand();
		ipnet_key(x.family, x.addr, k1);
		ipnet_key(y.family, y.addr, k2);
		c1 = memcmp(k1, k2, IPNET_KEYLEN);
		c2 = memcmp(x.addr, y.addr, 16);
		ck_assert_int_eq((c1 > 0) - (c1 < 0), (c2 > 0) - (c2 < 0));
		ck_assert_int_eq(ipnet_key_decode(k1, &fam, a), 0);
		ck_assert_int_eq(fam, x.family);
		ck_assert_mem_eq(a, x.addr, 16);
	}
	x = net("255.255.255.255");
	y = net("::");
	ipnet_key(x.family, x.addr, k1);
	ipnet_key(y.family, y.addr, k2);
	ck_assert_int_lt(memcmp(k1, k2, IPNET_KEYLEN), 0);
	ck_assert_int_eq(k1[0], 4);
	ck_assert_int_eq(k2[0], 6);
	x = net("208.66.192.0/22");
	ipnet_key_range(&x, k1, k2);
	ck_assert_mem_eq(k1, "\x04\xd0\x42\xc0\x00\0\0\0\0\0\0\0\0\0\0\0\0",
	    IPNET_KEYLEN);
	ck_assert_mem_eq(k2, "\x04\xd0\x42\xc3\xff\0\0\0\0\0\0\0\0\0\0\0\0",
	    IPNET_KEYLEN);
	k1[9] = 1;
	ck_assert_int_eq(ipnet_key_decode(k1, &fam, a), -1);
	k1[0] = 5;
	ck_assert_int_eq(ipnet_key_decode(k1, &fam, a), -1);
}
END_TEST

Suite *
ipnet_suite(void)
{
	Suite *s = suite_create("ipnet");
	TCase *tc = tcase_create("ipnet");

	tcase_add_test(tc, test_strict);
	tcase_add_test(tc, test_lenient);
	tcase_add_test(tc, test_bits);
	tcase_add_test(tc, test_compare);
	tcase_add_test(tc, test_key);
	suite_add_tcase(s, tc);
	return s;
}
