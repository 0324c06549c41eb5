/*
 * check_cymru.c - Team Cymru IP-to-ASN answers: every fact MANIFEST.md
 * lists for tests/fixtures/cymru, the other forms of the service (AS-name
 * rows, several origins, NA rows, errors echoed by the server, a '|' in
 * an AS name), the bulk query text, and hostile answers (empty, NUL
 * bytes, invalid UTF-8, escape sequences, 1 MB lines, garbage columns).
 * Inline answers use documentation ASNs and addresses (RFC 5398, 5737).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cymru.h"
#include "exitcodes.h"
#include "testutil.h"

static size_t
parse_ok(const char *s, size_t len, struct cymru_row **rows)
{
	struct dp_err err = DP_ERR_INIT;
	size_t n = 99;

	*rows = (void *)1;
	ck_assert_msg(cymru_parse(s, len, rows, &n, &err) == 0, "%s",
	    err.msg);
	return n;
}

static int
parse_fails(const char *s, size_t len, struct dp_err *err)
{
	struct cymru_row *rows = (void *)1;
	size_t n = 99;
	int rc;

	rc = cymru_parse(s, len, &rows, &n, err);
	/* Out-parameters are written only on success. */
	ck_assert_ptr_eq(rows, (void *)1);
	ck_assert_uint_eq(n, 99);
	return rc;
}

#define ck_str_or_null(got, want) do {					\
	if ((want) == NULL)						\
		ck_assert_ptr_null(got);				\
	else								\
		ck_assert_str_eq((got), (want));			\
} while (0)

START_TEST(test_bulk_fixture)
{
	static const struct {
		uint32_t	 asn;
		const char	*ip, *prefix, *cc, *rir, *alloc, *name;
	} want[] = {
		{ 15169, "74.125.225.229", "74.125.225.0/24", "US", "arin",
		  "2007-03-13", "GOOGLE, US" },
		{ 15169, "2001:4860:4860::8888", "2001:4860::/32", "US", "arin",
		  "2005-03-14", "GOOGLE, US" },
		{ 2856, "62.239.237.1", "62.239.0.0/16", "GB", "ripencc",
		  "2001-01-02", "BT-UK-AS BTnet UK Regional network, GB" },
		{ 2856, "2a00:2381:ffff::1", "2a00:2380::/25", "GB", "ripencc",
		  "2007-08-29", "BT-UK-AS BTnet UK Regional network, GB" },
		{ 3786, "210.107.73.73", "210.107.0.0/17", "KR", "apnic",
		  "1997-08-29", "LGDACOM LG DACOM Corporation, KR" },
		{ 2497, "2001:240:10c:1::ca20:9d1d", "2001:240::/32", "JP",
		  "apnic", "2000-03-08",
		  "IIJ Internet Initiative Japan Inc., JP" },
		{ 19373, "200.57.141.161", "200.57.128.0/20", "MX", "lacnic",
		  "2000-12-04", "Triara.com S.A. de C.V., MX" },
		{ 264653, "2801:10:c000::", "2801:10:c000::/48", "CO",
		  "lacnic", "2013-10-29",
		  "Universidad Catolica de Oriente, CO" },
		{ 12091, "196.11.240.215", "196.11.240.0/24", "ZA", "afrinic",
		  "1994-07-21", "MTNNS-1, ZA" },
		{ 37578, "2001:43f8:7b0::", "2001:43f8:7b0::/48", "KE",
		  "afrinic", "2013-03-22", "Tespok, KE" },
		{ 4730, "133.1.2.5", "133.1.0.0/16", "JP", "apnic",
		  "1997-03-01", "ODINS Osaka University, JP" },
		{ 4766, "115.1.2.3", "115.0.0.0/12", "KR", "apnic",
		  "2008-07-01", "KIXS-AS-KR Korea Telecom, KR" },
	};
	struct cymru_row *rows;
	size_t len, n, i;
	char *text;

	text = test_fixture(
	    "cymru/ipwhois_EXPERIMENTAL.rst_bulk_2024-10-15.txt", &len);
	n = parse_ok(text, len, &rows);
	ck_assert_uint_eq(n, ARRAY_SIZE(want));
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(rows[i].na, 0);
		ck_assert_uint_eq(rows[i].nasns, 1);
		ck_assert_uint_eq(rows[i].asns[0], want[i].asn);
		ck_assert_str_eq(rows[i].ip, want[i].ip);
		ck_assert_str_eq(rows[i].prefix, want[i].prefix);
		ck_assert_str_eq(rows[i].cc, want[i].cc);
		ck_assert_str_eq(rows[i].rir, want[i].rir);
		ck_assert_str_eq(rows[i].allocated, want[i].alloc);
		ck_assert_str_eq(rows[i].as_name, want[i].name);
	}
	cymru_rows_free(rows, n);
	free(text);
}
END_TEST

START_TEST(test_plain_fixture)
{
	struct cymru_row *rows;
	size_t len, n;
	char *text;

	text = test_fixture("cymru/blog-jemurray_cymru_plain_128.252.0.1.txt",
	    &len);
	n = parse_ok(text, len, &rows);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(rows[0].nasns, 1);
	ck_assert_uint_eq(rows[0].asns[0], 2552);
	ck_assert_str_eq(rows[0].ip, "128.252.0.1");
	ck_assert_str_eq(rows[0].as_name, "WUSTL-ASN, US");
	ck_assert_ptr_null(rows[0].prefix);
	ck_assert_ptr_null(rows[0].cc);
	ck_assert_ptr_null(rows[0].rir);
	ck_assert_ptr_null(rows[0].allocated);
	cymru_rows_free(rows, n);
	free(text);
}
END_TEST

START_TEST(test_verbose_fixture)
{
	struct cymru_row *rows;
	size_t len, n;
	char *text;

	/* Starts with whois(1)'s "Warning: RIPE flags used ..." line. */
	text = test_fixture("cymru/blog-jemurray_cymru_verbose_128.252.0.1.txt",
	    &len);
	ck_assert_ptr_nonnull(strstr(text, "Warning: RIPE flags"));
	n = parse_ok(text, len, &rows);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(rows[0].asns[0], 2552);
	ck_assert_str_eq(rows[0].ip, "128.252.0.1");
	ck_assert_str_eq(rows[0].prefix, "128.252.0.0/16");
	ck_assert_str_eq(rows[0].cc, "US");
	ck_assert_str_eq(rows[0].rir, "arin");
	ck_assert_str_eq(rows[0].allocated, "1987-06-03");
	ck_assert_str_eq(rows[0].as_name, "WUSTL-ASN, US");
	cymru_rows_free(rows, n);
	free(text);
}
END_TEST

START_TEST(test_peer_fixture)
{
	struct dp_err err = DP_ERR_INIT;
	uint32_t *peers = NULL;
	size_t len, n = 0;
	char *text;

	text = test_fixture("cymru/blog-jemurray_cymru_v4-peer_128.252.0.1.txt",
	    &len);
	ck_assert_msg(cymru_parse_peers(text, len, &peers, &n, &err) == 0,
	    "%s", err.msg);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(peers[0], 3356);
	ck_assert_uint_eq(peers[1], 19782);
	ck_assert_uint_eq(peers[2], 20115);
	free(peers);
	/* A peer answer is not an origin answer, and the other way round. */
	ck_assert_int_eq(parse_fails(text, len, &err), DP_EX_PROTOCOL);
	ck_assert_ptr_nonnull(strstr(err.msg, "peer answer"));
	free(text);
	text = test_fixture("cymru/blog-jemurray_cymru_plain_128.252.0.1.txt",
	    &len);
	peers = (void *)1;
	ck_assert_int_eq(cymru_parse_peers(text, len, &peers, &n, &err),
	    DP_EX_PROTOCOL);
	ck_assert_ptr_eq(peers, (void *)1);
	free(text);
}
END_TEST

START_TEST(test_peers_multi)
{
	static const char ans[] =
	    "PEER_AS | IP               | AS Name\n"
	    "64500 64501 | 192.0.2.1    | EXAMPLE-A, ZZ\n"
	    "64499   | 192.0.2.1        | EXAMPLE-B, ZZ\n"
	    "64501   | 192.0.2.1        | EXAMPLE-A, ZZ\n"
	    "NA      | 198.51.100.1     | NA\n";
	struct dp_err err = DP_ERR_INIT;
	uint32_t *peers;
	size_t n;

	ck_assert_int_eq(cymru_parse_peers(ans, strlen(ans), &peers, &n, &err),
	    0);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(peers[0], 64499);
	ck_assert_uint_eq(peers[1], 64500);
	ck_assert_uint_eq(peers[2], 64501);
	free(peers);
	/* No peers at all: an empty list, not an error. */
	ck_assert_int_eq(cymru_parse_peers("", 0, &peers, &n, &err), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_null(peers);
}
END_TEST

START_TEST(test_as_rows)
{
	static const char hdr[] =
	    "AS      | CC | Registry | Allocated  | AS Name\n"
	    "64496   | ZZ | arin     | 2007-05-17 | EXAMPLE-HOSTING - Example, "
	    "ZZ\n";
	/* The same row from a bulk session: no header. */
	static const char bulk[] =
	    "Bulk mode; whois.cymru.com [2008-11-11 21:23:00 +0000]\n"
	    "64496   | ZZ | arin     | 2007-05-17 | EXAMPLE-HOSTING - Example, "
	    "ZZ\n";
	const char *const in[] = { hdr, bulk };
	struct cymru_row *rows;
	size_t n, i;

	for (i = 0; i < ARRAY_SIZE(in); i++) {
		n = parse_ok(in[i], strlen(in[i]), &rows);
		ck_assert_uint_eq(n, 1);
		ck_assert_ptr_null(rows[0].ip);
		ck_assert_ptr_null(rows[0].prefix);
		ck_assert_uint_eq(rows[0].nasns, 1);
		ck_assert_uint_eq(rows[0].asns[0], 64496);
		ck_assert_str_eq(rows[0].cc, "ZZ");
		ck_assert_str_eq(rows[0].rir, "arin");
		ck_assert_str_eq(rows[0].allocated, "2007-05-17");
		ck_assert_str_eq(rows[0].as_name,
		    "EXAMPLE-HOSTING - Example, ZZ");
		cymru_rows_free(rows, n);
	}
}
END_TEST

START_TEST(test_na_and_moas)
{
	static const char ans[] =
	    "Bulk mode; whois.cymru.com [2024-10-15 05:46:42 +0000]\r\n"
	    "Error: no ASN or IP match on line 3.\r\n"
	    "Warning: a | b\r\n"
	    "% note | x\r\n"
	    "NA      | 10.0.0.1         | NA                  |    | other    "
	    "|            | NA\r\n"
	    "64500 64501 | 192.0.2.7    | 192.0.2.0/24        | NA | afrinic  "
	    "| 2001-01-01 | EXAMPLE-NA, NA\r\n"
	    "64502   | 203.0.113.9      | 203.0.113.0/24      | ZZ | apnic    "
	    "| 2001-01-01 | EXAMPLE | PIPE | NAME, ZZ";
	struct cymru_row *rows;
	size_t n;

	n = parse_ok(ans, strlen(ans), &rows);
	ck_assert_uint_eq(n, 3);
	/* An unrouted address. */
	ck_assert_int_eq(rows[0].na, 1);
	ck_assert_ptr_null(rows[0].asns);
	ck_assert_uint_eq(rows[0].nasns, 0);
	ck_assert_str_eq(rows[0].ip, "10.0.0.1");
	ck_assert_ptr_null(rows[0].prefix);
	ck_assert_ptr_null(rows[0].cc);
	ck_assert_str_eq(rows[0].rir, "other");
	ck_assert_ptr_null(rows[0].allocated);
	ck_assert_ptr_null(rows[0].as_name);
	/* Two origins; "NA" as a country is Namibia. */
	ck_assert_int_eq(rows[1].na, 0);
	ck_assert_uint_eq(rows[1].nasns, 2);
	ck_assert_uint_eq(rows[1].asns[0], 64500);
	ck_assert_uint_eq(rows[1].asns[1], 64501);
	ck_assert_str_eq(rows[1].cc, "NA");
	/* A '|' in the AS name, no final newline. */
	ck_assert_str_eq(rows[2].as_name, "EXAMPLE | PIPE | NAME, ZZ");
	cymru_rows_free(rows, n);
}
END_TEST

START_TEST(test_header_order)
{
	/* A header decides the columns, whatever their order. */
	static const char ans[] =
	    "IP | AS | AS Name\n";
	static const char ans2[] =
	    "AS | AS Name | Foo | IP\n"
	    "64500 | EXAMPLE, ZZ | whatever | 192.0.2.1\n";
	struct dp_err err = DP_ERR_INIT;
	struct cymru_row *rows;
	size_t n;

	ck_assert_int_eq(parse_fails(ans, strlen(ans), &err), DP_EX_PROTOCOL);
	n = parse_ok(ans2, strlen(ans2), &rows);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(rows[0].ip, "192.0.2.1");
	ck_assert_str_eq(rows[0].as_name, "EXAMPLE, ZZ");
	ck_assert_uint_eq(rows[0].asns[0], 64500);
	cymru_rows_free(rows, n);
}
END_TEST

START_TEST(test_bulk_query)
{
	const char *const ok[] = { "208.66.192.1", "2001:db8::1", "AS26780" };
	const char *const bad1[] = { "192.0.2.1", "192.0.2.2\r\nend" };
	const char *const bad2[] = { "" };
	const char *const bad3[] = { "noasname 192.0.2.1" };
	const char *const bad4[] = { NULL };
	char big[CYMRU_ITEM_MAX + 2];
	const char *const bad5[] = { big };
	char *q;

	q = cymru_bulk_query(ok, ARRAY_SIZE(ok));
	ck_assert_str_eq(q, "begin\r\nverbose\r\n208.66.192.1\r\n"
	    "2001:db8::1\r\n"
	    "AS26780\r\nend\r\n");
	free(q);
	q = cymru_bulk_query(NULL, 0);
	ck_assert_str_eq(q, "begin\r\nverbose\r\nend\r\n");
	free(q);
	ck_assert_ptr_null(cymru_bulk_query(bad1, 2));
	ck_assert_ptr_null(cymru_bulk_query(bad2, 1));
	ck_assert_ptr_null(cymru_bulk_query(bad3, 1));
	ck_assert_ptr_null(cymru_bulk_query(bad4, 1));
	memset(big, '1', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ck_assert_ptr_null(cymru_bulk_query(bad5, 1));
	big[CYMRU_ITEM_MAX] = '\0';
	q = cymru_bulk_query(bad5, 1);
	ck_assert_ptr_nonnull(q);
	free(q);
}
END_TEST

START_TEST(test_bad_rows)
{
	static const char *const bad[] = {
		/* ASN out of range, AS0, not a number, empty */
		"4294967296 | 192.0.2.1 | X\n",
		"0 | 192.0.2.1 | X\n",
		"64500x | 192.0.2.1 | X\n",
		" | 192.0.2.1 | X\n",
		/* a bad address, a prefix with host bits, a huge address */
		"64500 | 192.0.2 | X\n",
		("64500 | 192.0.2.1 | 192.0.2.1/24 | ZZ | arin | 2001-01-01 "
		"| X\n"),
		("64500 | 192.0.2.11111111111111111111111111111111111111111111"
		"11111111111111111111111 | X\n"),
		/* a column count no form has, without a header */
		"64500 | 192.0.2.1 | 192.0.2.0/24 | ZZ\n",
		"64500 | 192.0.2.1 | ZZ | arin | X\n",
		/* header then a short row */
		("AS | IP | BGP Prefix | CC | Registry | Allocated | AS Name\n"
		"64500 | 192.0.2.1 | X\n"),
		/* a row longer than a header that does not end in AS Name */
		"AS | IP\n64500 | 192.0.2.1 | X\n",
		/* garbage in the first column */
		"<html> | <body>\n",
	};
	static const char nul[] = "6450\x00 | 192.0.2.1 | X\n";
	struct dp_err err;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		memset(&err, 0, sizeof(err));
		ck_assert_msg(parse_fails(bad[i], strlen(bad[i]), &err) ==
		    DP_EX_PROTOCOL, "case %zu", i);
		ck_assert_int_eq(err.code, DP_EX_PROTOCOL);
		ck_assert_msg(strncmp(err.msg, "line ", 5) == 0, "%s", err.msg);
	}
	/* A NUL inside the ASN. */
	ck_assert_int_eq(parse_fails(nul, sizeof(nul) - 1, &err),
	    DP_EX_PROTOCOL);
	/* The line is named, and the bad value shown safely. */
	memset(&err, 0, sizeof(err));
	parse_fails("\n\nx\x1b[31m | y\n", 13, &err);
	ck_assert_str_eq(err.msg,
	    "line 3: expected AS numbers or NA, not 'x?[31m'");
}
END_TEST

START_TEST(test_hostile_text)
{
	/* NUL, invalid UTF-8, an escape sequence, a C1 CSI, DEL. */
	static const char ans[] =
	    "64500 | 192.0.2.1 | A\0B\xff\xc3\xa9\x1b[2J\xc2\x9b\x7f\xe2\x82\n"
	    "64501 | 192.0.2.2 | \xf0\x9f\x98\x80 ok\tx\n";
	struct cymru_row *rows;
	size_t n;

	n = parse_ok(ans, sizeof(ans) - 1, &rows);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(rows[0].as_name, "A\xef\xbf\xbd" "B\xef\xbf\xbd"
	    "\xc3\xa9\xef\xbf\xbd[2J\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
	    "\xef\xbf\xbd");
	ck_assert_str_eq(rows[1].as_name, "\xf0\x9f\x98\x80 ok x");
	ck_assert(utf8_valid(rows[0].as_name, strlen(rows[0].as_name), NULL));
	cymru_rows_free(rows, n);
}
END_TEST

START_TEST(test_empty_and_huge)
{
	struct dp_err err = DP_ERR_INIT;
	struct cymru_row *rows;
	size_t n, big = 1 << 20;
	char *s;

	/* Nothing, blank lines, banners alone: no rows, no error. */
	ck_assert_uint_eq(parse_ok("", 0, &rows), 0);
	ck_assert_ptr_null(rows);
	ck_assert_uint_eq(parse_ok("\n\r\n \n", 5, &rows), 0);
	ck_assert_uint_eq(parse_ok("Bulk mode; whois.cymru.com [x]\n", 31,
	    &rows), 0);
	ck_assert_uint_eq(parse_ok("\0\0\0", 3, &rows), 0);

	/* A 1 MB line without '|' is skipped. */
	s = xmalloc(big + 64);
	memset(s, 'x', big);
	strcpy(s + big, "\n64500 | 192.0.2.1 | X\n");
	n = parse_ok(s, strlen(s), &rows);
	ck_assert_uint_eq(n, 1);
	cymru_rows_free(rows, n);

	/* A 1 MB AS name is kept whole. */
	strcpy(s, "64500 | 192.0.2.1 | ");
	memset(s + 20, 'y', big);
	s[20 + big] = '\0';
	n = parse_ok(s, strlen(s), &rows);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(strlen(rows[0].as_name), big);
	cymru_rows_free(rows, n);

	/* 1 MB of '|' and of digits: refused, not crashed. */
	memset(s, '|', big);
	s[big] = '\0';
	ck_assert_int_eq(parse_fails(s, big, &err), DP_EX_PROTOCOL);
	memset(s, '7', big);
	memcpy(s + big, " | 192.0.2.1 | X", 17);
	ck_assert_int_eq(parse_fails(s, strlen(s), &err), DP_EX_PROTOCOL);
	free(s);
}
END_TEST

START_TEST(test_many_rows)
{
	struct { char *s; size_t n; } b;
	struct cymru_row *rows;
	size_t i, n;

	b.s = xmalloc(100000 * 64);
	b.n = 0;
	for (i = 0; i < 100000; i++)
		b.n += (size_t)sprintf(b.s + b.n,
		    "%zu | 192.0.2.%zu | 192.0.2.0/24 | ZZ | arin | x | N\n",
		    i + 1, i % 256);
	n = parse_ok(b.s, b.n, &rows);
	ck_assert_uint_eq(n, 100000);
	ck_assert_uint_eq(rows[99999].asns[0], 100000);
	cymru_rows_free(rows, n);
	free(b.s);
}
END_TEST

Suite *
cymru_suite(void)
{
	Suite *s = suite_create("cymru");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_bulk_fixture);
	tcase_add_test(tc, test_plain_fixture);
	tcase_add_test(tc, test_verbose_fixture);
	tcase_add_test(tc, test_peer_fixture);
	tcase_add_test(tc, test_peers_multi);
	tcase_add_test(tc, test_as_rows);
	tcase_add_test(tc, test_na_and_moas);
	tcase_add_test(tc, test_header_order);
	tcase_add_test(tc, test_bulk_query);
	tcase_add_test(tc, test_bad_rows);
	tcase_add_test(tc, test_hostile_text);
	tcase_add_test(tc, test_empty_and_huge);
	tcase_add_test(tc, test_many_rows);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return s;
}
