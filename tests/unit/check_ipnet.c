/*
 * check_ipnet.c - ipnet.c: strict and lenient address parsing, prefixes,
 * first/last addresses, containment, ordering, and the range key (that
 * byte order of keys is address order within a family).  The lenient
 * parser is compared on random text with the two it replaced (copied
 * here as they were), under the flags each caller now passes.
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

/* ---- the registry readers' address parsers before ipnet.c ---- */

static int
old_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
old_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

/* The strict parser under both, as val_ip() had it (moved unchanged). */
static int
old_val_ip(const char *buf, struct ipnet *out)
{
	const char *what;

	return ipnet_parse_addr(buf, strlen(buf), out, &what) == NULL ? 0 : -1;
}

/* whois_parse.c addr_lenient(). */
static int
old_whois(const char *s, size_t n, int pad, struct ipnet *out)
{
	char buf[IPNET_STRLEN];
	size_t i = 0, o = 0, digits;
	int octets = 0;

	while (n > 0 && old_blank(s[n - 1]))
		n--;
	while (n > 0 && old_blank(*s)) {
		s++;
		n--;
	}
	if (n == 0 || n >= sizeof(buf))
		return -1;
	if (memchr(s, ':', n) != NULL) {
		memcpy(buf, s, n);
		buf[n] = '\0';
		return old_val_ip(buf, out);
	}
	while (i < n) {
		if (octets == 4)
			return -1;
		while (i < n && s[i] == '0' && i + 1 < n && old_digit(s[i + 1]))
			i++;
		digits = 0;
		while (i < n && old_digit(s[i]) && digits < 4) {
			buf[o++] = s[i++];
			digits++;
		}
		if (digits == 0 || digits > 3)
			return -1;
		octets++;
		if (i < n) {
			if (s[i] != '.' || i + 1 == n)
				return -1;
			buf[o++] = s[i++];
		}
	}
	while (pad && octets < 4) {
		memcpy(buf + o, ".0", 2);
		o += 2;
		octets++;
	}
	buf[o] = '\0';
	return old_val_ip(buf, out);
}

/* rdap.c rdap_addr() without the "/len" suffix; *zeros its quirk bit 1. */
static int
old_rdap(const char *s, struct ipnet *out, int *zeros)
{
	char buf[IPNET_STRLEN], v4[16];
	const char *p, *q;
	size_t n = strlen(s), o = 0, digits;
	int octets = 0;

	*zeros = 0;
	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (strchr(buf, ':') != NULL)
		return old_val_ip(buf, out);
	for (p = buf; octets < 4; octets++) {
		for (q = p; old_digit(*q); q++)
			;
		digits = (size_t)(q - p);
		if (digits == 0 || digits > 3)
			return -1;
		for (; digits > 1 && *p == '0'; p++, digits--)
			*zeros = 1;
		memcpy(v4 + o, p, digits);
		o += digits;
		p = q;
		if (*p == '\0')
			break;
		if (*p != '.' || octets == 3)
			return -1;
		v4[o++] = *p++;
	}
	v4[o] = '\0';
	return old_val_ip(v4, out);
}

/* Dotted groups of 1-4 digits, zeros likely, maybe blanks around. */
static size_t
rand_quad(char s[32])
{
	size_t n = 0, g, d, groups = 1 + (size_t)rand() % 5;

	if (rand() % 4 == 0)
		s[n++] = ' ';
	for (g = 0; g < groups; g++) {
		if (g > 0)
			s[n++] = '.';
		for (d = 1 + (size_t)rand() % 4; d > 0; d--)
			s[n++] = rand() % 3 == 0 ? '0' : (char)('0' + rand() % 10);
	}
	if (rand() % 4 == 0)
		s[n++] = '\t';
	return n;
}

START_TEST(test_lenient_same_as_before)
{
	static const char alpha[] = "00001112223459..:::af \t";
	char s[32];
	struct ipnet a, b;
	size_t n, i;
	int k, ra, rb, za, zb, pad, took = 0;

	srand(2622);
	for (k = 0; k < 300000; k++) {
		if (k % 3 != 0) {
			n = (size_t)rand() % 24;
			for (i = 0; i < n; i++)
				s[i] = alpha[rand() % (int)(sizeof(alpha) - 1)];
		} else
			n = rand_quad(s);
		s[n] = '\0';
		pad = k % 2;
		memset(&a, 0, sizeof(a));
		memset(&b, 0, sizeof(b));
		ra = old_whois(s, n, pad, &a);
		rb = ipnet_parse_lenient(s, n, IPNET_TRIM | IPNET_ZEROS |
		    (pad ? IPNET_ABBREV : 0), &b, NULL);
		ck_assert_msg(ra == rb && (ra != 0 ||
		    ipnet_compare(&a, &b) == 0), "whois '%s'", s);
		memset(&a, 0, sizeof(a));
		memset(&b, 0, sizeof(b));
		za = zb = 0;
		ra = old_rdap(s, &a, &za);
		rb = ipnet_parse_lenient(s, n, IPNET_ZEROS | IPNET_ZEROS3, &b,
		    &zb);
		ck_assert_msg(ra == rb && (ra != 0 || (ipnet_compare(&a,
		    &b) == 0 && za == zb)), "rdap '%s'", s);
		took += ra == 0;
	}
	ck_assert_int_gt(took, 1000);	/* the cases are not all refusals */
}
END_TEST

Suite *
ipnet_suite(void)
{
	Suite *s = suite_create("ipnet");
	TCase *tc = tcase_create("ipnet");

	tcase_add_test(tc, test_strict);
	tcase_add_test(tc, test_lenient);
	tcase_add_test(tc, test_lenient_same_as_before);
	tcase_add_test(tc, test_bits);
	tcase_add_test(tc, test_compare);
	tcase_add_test(tc, test_key);
	suite_add_tcase(s, tc);
	return s;
}
