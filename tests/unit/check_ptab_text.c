/*
 * check_ptab_text.c - ptab_text.c: each format's lines (IPv4 and IPv6,
 * multi-origin and AS sets, comments, malformed lines and why), iptoasn
 * ranges split into the fewest prefixes (checked to cover the range
 * exactly), format detection, canonical lines, and dates from archive
 * file names.
 */
#include <sys/socket.h>

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptab_text.h"

Suite	*ptab_text_suite(void);

/* What the emit callback saw, as canonical lines. */
static char got[8192];

static void
collect(void *arg, const struct ipnet *p, const uint32_t *asns, size_t n)
{
	char line[PTAB_LINE_MAX];

	(void)arg;
	ptab_canonical_line(p, asns, n, line, sizeof(line));
	strcat(got, line);
}

static enum ptab_line
L(enum ptab_format f, const char *s, const char **why)
{
	got[0] = '\0';
	*why = NULL;
	return ptab_text_line(f, s, strlen(s), collect, NULL, why);
}

START_TEST(test_ipasn)
{
	const char *why;

	ck_assert_int_eq(L(PTAB_FMT_IPASN, "1.0.0.0/24\t15169", &why),
	    PTAB_LINE_ENTRY);
	ck_assert_str_eq(got, "1.0.0.0/24\t15169\n");
	ck_assert_int_eq(L(PTAB_FMT_IPASN, "2001:db8::/32\t64500\r", &why),
	    PTAB_LINE_ENTRY);
	ck_assert_str_eq(got, "2001:db8::/32\t64500\n");
	ck_assert_int_eq(L(PTAB_FMT_IPASN, "10.0.0.0/8\t{3356, 174}", &why),
	    PTAB_LINE_ENTRY);
	ck_assert_str_eq(got, "10.0.0.0/8\t174,3356\n");
	ck_assert_int_eq(L(PTAB_FMT_IPASN, "10.0.0.0/8\t3356_174_3356", &why),
	    PTAB_LINE_ENTRY);
	ck_assert_str_eq(got, "10.0.0.0/8\t174,3356\n");
	/* host bits are cleared */
	ck_assert_int_eq(L(PTAB_FMT_IPASN, "10.1.2.3/8\t1", &why),
	    PTAB_LINE_ENTRY);
	ck_assert_str_eq(got, "10.0.0.0/8\t1\n");
	ck_assert_int_eq(L(PTAB_FMT_IPASN, "; IP-ASN32-DAT file", &why),
	    PTAB_LINE_SKIP);
	ck_assert_int_eq(L(PTAB_FMT_IPASN, "", &why), PTAB_LINE_SKIP);
	ck_assert_int_eq(L(PTAB_FMT_IPASN, "1.0.0.0/24 15169", &why),
	    PTAB_LINE_BAD);
	ck_assert_str_eq(why, "no tab between prefix and ASN");
	ck_assert_int_eq(L(PTAB_FMT_IPASN, "1.0.0.0/33\t1", &why),
	    PTAB_LINE_BAD);
	ck_assert_str_eq(why, "bad prefix");
	ck_assert_int_eq(L(PTAB_FMT_IPASN, "1.0.0/24\t1", &why),
	    PTAB_LINE_BAD);
	ck_assert_int_eq(L(PTAB_FMT_IPASN, "1.0.0.0\t1", &why),
	    PTAB_LINE_BAD);
	ck_assert_int_eq(L(PTAB_FMT_IPASN, "1.0.0.0/24\t0", &why),
	    PTAB_LINE_BAD);
	ck_assert_str_eq(why, "bad ASN");
	ck_assert_int_eq(L(PTAB_FMT_IPASN, "1.0.0.0/24\t4294967296", &why),
	    PTAB_LINE_BAD);
	ck_assert_int_eq(L(PTAB_FMT_IPASN, "1.0.0.0/24\tAS1", &why),
	    PTAB_LINE_BAD);
	ck_assert_int_eq(L(PTAB_FMT_IPASN, "1.0.0.0/24\t1_", &why),
	    PTAB_LINE_BAD);
	ck_assert_int_eq(L(PTAB_FMT_IPASN, "1.0.0.0/24\t1\t2", &why),
	    PTAB_LINE_BAD);
	ck_assert_int_eq(L(PTAB_FMT_IPASN, "1.0.0.0/024\t1", &why),
	    PTAB_LINE_BAD);
	ck_assert_int_eq(L(PTAB_FMT_IPASN, "1.0.0.0/24\t4294967295", &why),
	    PTAB_LINE_ENTRY);
}
END_TEST

START_TEST(test_pfx2as)
{
	const char *why;

	ck_assert_int_eq(L(PTAB_FMT_PFX2AS, "208.66.192.0\t22\t26780", &why),
	    PTAB_LINE_ENTRY);
	ck_assert_str_eq(got, "208.66.192.0/22\t26780\n");
	ck_assert_int_eq(L(PTAB_FMT_PFX2AS, "1.2.3.0\t24\t5_3,4", &why),
	    PTAB_LINE_ENTRY);
	ck_assert_str_eq(got, "1.2.3.0/24\t3,4,5\n");
	ck_assert_int_eq(L(PTAB_FMT_PFX2AS, "2001:db8::\t32\t7", &why),
	    PTAB_LINE_ENTRY);
	ck_assert_str_eq(got, "2001:db8::/32\t7\n");
	ck_assert_int_eq(L(PTAB_FMT_PFX2AS, "2001:db8::\t129\t7", &why),
	    PTAB_LINE_BAD);
	ck_assert_int_eq(L(PTAB_FMT_PFX2AS, "1.2.3.0/24\t7", &why),
	    PTAB_LINE_BAD);
	ck_assert_str_eq(why, "not three tab-separated fields");
	ck_assert_int_eq(L(PTAB_FMT_PFX2AS, "# comment", &why),
	    PTAB_LINE_SKIP);
}
END_TEST

/* Whether the canonical lines in got cover first..last exactly: each
   prefix starts one past the last one's end. */
static void
covers(const char *first, const char *last)
{
	struct ipnet f, l, cur;
	const char *what, *s = got;
	int started = 0;

	ck_assert_ptr_null(ipnet_parse_addr(first, strlen(first), &f, &what));
	ck_assert_ptr_null(ipnet_parse_addr(last, strlen(last), &l, &what));
	cur = f;
	while (*s != '\0') {
		const char *tab = strchr(s, '\t'), *nl = strchr(s, '\n');
		char buf[IPNET_STRLEN];
		struct ipnet p, hi;
		struct ipnet_perr pe;

		ck_assert_ptr_nonnull(tab);
		memcpy(buf, s, (size_t)(tab - s));
		buf[tab - s] = '\0';
		ck_assert_int_eq(ipnet_parse_cidr(buf, &p, &pe), IPNET_OK);
		ck_assert_msg(memcmp(p.addr, cur.addr, 16) == 0, "gap at %s",
		    buf);
		hi = p;
		ipnet_last(&p, hi.addr);
		cur = hi;
		ipnet_addr_inc(cur.addr, cur.family);
		started = 1;
		if (memcmp(hi.addr, l.addr, 16) == 0)
			ck_assert_str_eq(nl + 1, "");
		s = nl + 1;
		if (*s == '\0')
			ck_assert_msg(memcmp(hi.addr, l.addr, 16) == 0,
			    "ends at the wrong address");
	}
	ck_assert(started);
}

START_TEST(test_iptoasn)
{
	const char *why;

	ck_assert_int_eq(L(PTAB_FMT_IPTOASN,
	    "1.0.0.0\t1.0.0.255\t13335\tUS\tCLOUDFLARENET", &why),
	    PTAB_LINE_ENTRY);
	ck_assert_str_eq(got, "1.0.0.0/24\t13335\n");
	ck_assert_int_eq(L(PTAB_FMT_IPTOASN,
	    "1.0.1.0\t1.0.3.255\t4134\tCN\tCHINANET", &why), PTAB_LINE_ENTRY);
	ck_assert_str_eq(got, "1.0.1.0/24\t4134\n1.0.2.0/23\t4134\n");
	covers("1.0.1.0", "1.0.3.255");
	ck_assert_int_eq(L(PTAB_FMT_IPTOASN,
	    "10.0.0.7\t10.3.255.200\t64500\tZZ\tx", &why), PTAB_LINE_ENTRY);
	covers("10.0.0.7", "10.3.255.200");
	ck_assert_int_eq(L(PTAB_FMT_IPTOASN,
	    "0.0.0.0\t255.255.255.255\t1\tZZ\tall", &why), PTAB_LINE_ENTRY);
	ck_assert_str_eq(got, "0.0.0.0/0\t1\n");
	ck_assert_int_eq(L(PTAB_FMT_IPTOASN,
	    "255.255.255.255\t255.255.255.255\t1\tZZ\tx", &why),
	    PTAB_LINE_ENTRY);
	ck_assert_str_eq(got, "255.255.255.255/32\t1\n");
	ck_assert_int_eq(L(PTAB_FMT_IPTOASN,
	    "2001:db8::1\t2001:db8::1:0\t7\tZZ\tx", &why), PTAB_LINE_ENTRY);
	covers("2001:db8::1", "2001:db8::1:0");
	ck_assert_int_eq(L(PTAB_FMT_IPTOASN,
	    "::\tffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff\t7\tZZ\tx", &why),
	    PTAB_LINE_ENTRY);
	ck_assert_str_eq(got, "::/0\t7\n");
	ck_assert_int_eq(L(PTAB_FMT_IPTOASN,
	    "1.0.4.0\t1.0.7.255\t0\tNone\tNot routed", &why),
	    PTAB_LINE_UNROUTED);
	ck_assert_int_eq(L(PTAB_FMT_IPTOASN,
	    "1.0.8.0\t1.0.7.255\t5\tZZ\tx", &why), PTAB_LINE_BAD);
	ck_assert_str_eq(why, "range ends before it starts");
	ck_assert_int_eq(L(PTAB_FMT_IPTOASN,
	    "1.0.8.0\t2001:db8::\t5\tZZ\tx", &why), PTAB_LINE_BAD);
	ck_assert_int_eq(L(PTAB_FMT_IPTOASN, "1.0.8.0\t1.0.8.9", &why),
	    PTAB_LINE_BAD);
}
END_TEST

static enum ptab_format
D(const char *s)
{
	return ptab_format_detect((const unsigned char *)s, strlen(s));
}

START_TEST(test_detect)
{
	const unsigned char mrt[12] = { 0x53, 0x7e, 0xa6, 0x20, 0, 13, 0, 1,
	    0, 0, 0x01, 0x20 };
	const unsigned char bgp4mp[12] = { 0x53, 0x7e, 0xa6, 0x20, 0, 16, 0,
	    4, 0, 0, 0x01, 0x20 };
	const unsigned char ospf[12] = { 0x53, 0x7e, 0xa6, 0x20, 0, 11, 0,
	    4, 0, 0, 0x01, 0x20 };

	ck_assert_int_eq(D("; IP-ASN32-DAT file\n; x\n1.0.0.0/24\t1\n"),
	    PTAB_FMT_IPASN);
	ck_assert_int_eq(D("\n1.0.0.0/24\t1\n"), PTAB_FMT_IPASN);
	ck_assert_int_eq(D("1.0.0.0\t24\t13335\n"), PTAB_FMT_PFX2AS);
	ck_assert_int_eq(D("1.0.0.0\t1.0.0.255\t13335\tUS\tX\n"),
	    PTAB_FMT_IPTOASN);
	ck_assert_int_eq(D("# c\r\n::\t::1\t0\tNone\tNot routed\n"),
	    PTAB_FMT_IPTOASN);
	ck_assert_int_eq(D("hello world\n"), PTAB_FMT_UNKNOWN);
	ck_assert_int_eq(D(""), PTAB_FMT_UNKNOWN);
	ck_assert_int_eq(D("1.0.0.0/24\t1"), PTAB_FMT_UNKNOWN);
	ck_assert_int_eq(ptab_format_detect(mrt, sizeof(mrt)), PTAB_FMT_MRT);
	ck_assert_int_eq(ptab_format_detect(bgp4mp, sizeof(bgp4mp)),
	    PTAB_FMT_MRT);
	ck_assert_int_eq(ptab_format_detect(bgp4mp, 11), PTAB_FMT_UNKNOWN);
	ck_assert_int_eq(ptab_format_detect(ospf, sizeof(ospf)),
	    PTAB_FMT_UNKNOWN);
	ck_assert_int_eq(ptab_format_from_name("pfx2as"), PTAB_FMT_PFX2AS);
	ck_assert_int_eq(ptab_format_from_name("canonical"),
	    PTAB_FMT_UNKNOWN);
	ck_assert_str_eq(ptab_format_name(PTAB_FMT_MRT), "mrt");
}
END_TEST

START_TEST(test_dates)
{
	int64_t t;

	ck_assert_int_eq(ptab_date_from_name("x/ipasn_20140513.dat.gz", &t),
	    0);
	ck_assert_int_eq(t, 1399939200);
	ck_assert_int_eq(ptab_date_from_name("rib.20140523.0600_firstMB.bz2",
	    &t), 0);
	ck_assert_int_eq(t, 1400824800);
	ck_assert_int_eq(ptab_date_from_name(
	    "routeviews-rv2-20080501-1200.pfx2as.gz", &t), 0);
	ck_assert_int_eq(t, 1209643200);
	ck_assert_int_eq(ptab_date_from_name("ipasn_20080501_v12.dat.gz", &t),
	    0);
	ck_assert_int_eq(t, 1209600000);
	/* a folder's date is not the file's */
	ck_assert_int_eq(ptab_date_from_name("20140513/table.dat", &t), -1);
	ck_assert_int_eq(ptab_date_from_name("ip2asn-v4.tsv", &t), -1);
	ck_assert_int_eq(ptab_date_from_name("t_20141301.dat", &t), -1);
	ck_assert_int_eq(ptab_date_from_name("t_201405130.dat", &t), -1);
	ck_assert_int_eq(ptab_date_from_name("t_20150229.dat", &t), -1);
	ck_assert_int_eq(ptab_date_from_name("t_20160229.dat", &t), 0);
}
END_TEST

Suite *
ptab_text_suite(void)
{
	Suite *s = suite_create("ptab_text");
	TCase *tc = tcase_create("ptab_text");

	tcase_add_test(tc, test_ipasn);
	tcase_add_test(tc, test_pfx2as);
	tcase_add_test(tc, test_iptoasn);
	tcase_add_test(tc, test_detect);
	tcase_add_test(tc, test_dates);
	suite_add_tcase(s, tc);
	return s;
}
