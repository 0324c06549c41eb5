/*
 * check_dns.c - reading DNS answers (dns.c): wire bytes laid out as a
 * recursive resolver sends them (RFC 1035 4.1, names compressed with
 * pointers), the CNAME walk, negative TTLs (RFC 2308), and malformed
 * messages refused.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "dns.h"
#include "exitcodes.h"
#include "testutil.h"
#include "util.h"

/*
 * WWW.McColo.com A: a CNAME to mccolo.com and its address, and a TXT
 * record the reader skips; every owner and the CNAME target are
 * pointers into the question.
 */
static const unsigned char cname_answer[] = {
	0x5a, 0x5a, 0x81, 0x80,		/* id; QR RD RA, NOERROR */
	0x00, 0x01, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00,	/* 1 q, 3 an */
	/* 12: WWW.McColo.com (McColo at 16), A, IN */
	0x03, 'W', 'W', 'W', 0x06, 'M', 'c', 'C', 'o', 'l', 'o',
	0x03, 'c', 'o', 'm', 0x00, 0x00, 0x01, 0x00, 0x01,
	/* ptr 12, CNAME, IN, TTL 600, 2 bytes: ptr 16 */
	0xc0, 0x0c, 0x00, 0x05, 0x00, 0x01, 0x00, 0x00, 0x02, 0x58,
	0x00, 0x02, 0xc0, 0x10,
	/* ptr 16, A, IN, TTL 300, 208.66.194.37 */
	0xc0, 0x10, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x01, 0x2c,
	0x00, 0x04, 0xd0, 0x42, 0xc2, 0x25,
	/* ptr 16, TXT, IN, TTL 300, "hello" */
	0xc0, 0x10, 0x00, 0x10, 0x00, 0x01, 0x00, 0x00, 0x01, 0x2c,
	0x00, 0x06, 0x05, 'h', 'e', 'l', 'l', 'o',
};

/*
 * nosuch.mccolo.com AAAA: NXDOMAIN, the zone's SOA in the authority
 * section (TTL 1800, MINIMUM 900), its names compressed.
 */
static const unsigned char nx_answer[] = {
	0x12, 0x34, 0x81, 0x83,		/* NXDOMAIN */
	0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,	/* 1 q, 1 ns */
	/* 12: nosuch.mccolo.com (mccolo at 19), AAAA, IN */
	0x06, 'n', 'o', 's', 'u', 'c', 'h', 0x06, 'm', 'c', 'c', 'o', 'l',
	'o', 0x03, 'c', 'o', 'm', 0x00, 0x00, 0x1c, 0x00, 0x01,
	/* ptr 19, SOA, IN, TTL 1800, 39 bytes */
	0xc0, 0x13, 0x00, 0x06, 0x00, 0x01, 0x00, 0x00, 0x07, 0x08,
	0x00, 0x27,
	0x03, 'n', 's', '1', 0xc0, 0x13,	/* MNAME */
	0x0a, 'h', 'o', 's', 't', 'm', 'a', 's', 't', 'e', 'r', 0xc0, 0x13,
	0x77, 0xb1, 0x57, 0xfd,		/* SERIAL 2008111101 */
	0x00, 0x00, 0x0e, 0x10, 0x00, 0x00, 0x02, 0x58,	/* REFRESH RETRY */
	0x00, 0x09, 0x3a, 0x80, 0x00, 0x00, 0x03, 0x84,	/* EXPIRE MINIMUM */
};

START_TEST(test_cname_answer)
{
	struct dp_err err = DP_ERR_INIT;
	struct dns_msg m;
	const struct dns_rr **chain, **addrs;
	size_t nchain, naddrs;
	uint32_t ttl;

	ck_assert_msg(dns_parse(cname_answer, sizeof(cname_answer), &m,
	    &err) == 0, "%s", err.msg);
	ck_assert_int_eq(m.rcode, DNS_R_NOERROR);
	ck_assert_int_eq(m.truncated, 0);
	ck_assert_str_eq(m.qname, "www.mccolo.com");	/* lower case */
	ck_assert_int_eq(m.qtype, DNS_T_A);
	ck_assert_uint_eq(m.nan, 3);
	ck_assert_str_eq(m.an[0].name, "www.mccolo.com");
	ck_assert_int_eq(m.an[0].type, DNS_T_CNAME);
	ck_assert_uint_eq(m.an[0].ttl, 600);
	ck_assert_str_eq(m.an[0].data, "mccolo.com");
	ck_assert_str_eq(m.an[1].name, "mccolo.com");
	ck_assert_str_eq(m.an[1].data, "208.66.194.37");
	ck_assert_int_eq(m.an[2].type, 16);
	ck_assert_ptr_null(m.an[2].data);
	ck_assert_int_eq(m.has_neg_ttl, 0);

	dns_follow(&m, DNS_T_A, &chain, &nchain, &addrs, &naddrs, &ttl);
	ck_assert_uint_eq(nchain, 1);
	ck_assert_ptr_eq(chain[0], &m.an[0]);
	ck_assert_uint_eq(naddrs, 1);
	ck_assert_str_eq(addrs[0]->data, "208.66.194.37");
	ck_assert_uint_eq(ttl, 300);	/* the smaller of 600 and 300 */
	free(chain);
	free(addrs);
	/* No AAAA at the end of the chain. */
	dns_follow(&m, DNS_T_AAAA, &chain, &nchain, &addrs, &naddrs, &ttl);
	ck_assert_uint_eq(nchain, 1);
	ck_assert_uint_eq(naddrs, 0);
	ck_assert_uint_eq(ttl, 600);
	free(chain);
	free(addrs);
	dns_msg_release(&m);
}
END_TEST

START_TEST(test_nxdomain_soa)
{
	struct dp_err err = DP_ERR_INIT;
	struct dns_msg m;

	ck_assert_msg(dns_parse(nx_answer, sizeof(nx_answer), &m, &err) ==
	    0, "%s", err.msg);
	ck_assert_int_eq(m.rcode, DNS_R_NXDOMAIN);
	ck_assert_str_eq(m.qname, "nosuch.mccolo.com");
	ck_assert_int_eq(m.qtype, DNS_T_AAAA);
	ck_assert_uint_eq(m.nan, 0);
	ck_assert_int_eq(m.has_neg_ttl, 1);
	ck_assert_uint_eq(m.neg_ttl, 900);	/* min(1800, 900) */
	dns_msg_release(&m);
}
END_TEST

/* Every cut of a good message is refused, never read past its end. */
START_TEST(test_truncated)
{
	struct dp_err err;
	struct dns_msg m;
	unsigned char *cut;
	size_t n;

	for (n = 0; n < sizeof(cname_answer); n++) {
		cut = xmalloc(n + 1);	/* exactly n bytes for ASan */
		memcpy(cut, cname_answer, n);
		memset(&err, 0, sizeof(err));
		ck_assert_msg(dns_parse(cut, n, &m, &err) == DP_EX_PROTOCOL,
		    "%zu bytes read", n);
		ck_assert(strstr(err.msg, "malformed DNS answer") != NULL);
		ck_assert_uint_eq(m.nan, 0);
		free(cut);
	}
}
END_TEST

START_TEST(test_malformed)
{
	struct dp_err err = DP_ERR_INIT;
	struct dns_msg m;
	unsigned char b[sizeof(cname_answer)];

	/* A query, not a response. */
	memcpy(b, cname_answer, sizeof(b));
	b[2] &= 0x7f;
	ck_assert_int_eq(dns_parse(b, sizeof(b), &m, &err), DP_EX_PROTOCOL);
	ck_assert(strstr(err.msg, "not a response") != NULL);
	/* The CNAME target points at itself. */
	memcpy(b, cname_answer, sizeof(b));
	b[44] = 0xc0;
	b[45] = 44;
	ck_assert_int_eq(dns_parse(b, sizeof(b), &m, &err), DP_EX_PROTOCOL);
	/* An A record of 5 bytes. */
	memcpy(b, cname_answer, sizeof(b));
	b[57] = 0x05;
	ck_assert_int_eq(dns_parse(b, sizeof(b), &m, &err), DP_EX_PROTOCOL);
	/* Two questions. */
	memcpy(b, cname_answer, sizeof(b));
	b[5] = 2;
	ck_assert_int_eq(dns_parse(b, sizeof(b), &m, &err), DP_EX_PROTOCOL);
}
END_TEST

/* A CNAME loop ends the walk; each link is followed once. */
START_TEST(test_follow_loop)
{
	struct dns_rr rr[2] = {
		{ "a.test", DNS_T_CNAME, 50, "b.test" },
		{ "b.test", DNS_T_CNAME, 40, "a.test" },
	};
	struct dns_msg m;
	const struct dns_rr **chain, **addrs;
	size_t nchain, naddrs;
	uint32_t ttl;

	memset(&m, 0, sizeof(m));
	m.qname = "a.test";
	m.qtype = DNS_T_A;
	m.an = rr;
	m.nan = 2;
	dns_follow(&m, DNS_T_A, &chain, &nchain, &addrs, &naddrs, &ttl);
	ck_assert_uint_eq(nchain, 2);
	ck_assert_uint_eq(naddrs, 0);
	ck_assert_uint_eq(ttl, 40);
	free(chain);
	free(addrs);
}
END_TEST

START_TEST(test_looks_like_name)
{
	ck_assert(dns_looks_like_name("mccolo.com"));
	ck_assert(dns_looks_like_name("http://208.66.194.37/x"));
	ck_assert(dns_looks_like_name("b\xc3\xbc" "cher.example"));
	ck_assert(!dns_looks_like_name("208.66.194.37"));
	ck_assert(!dns_looks_like_name("AS26780"));
	ck_assert(!dns_looks_like_name("2001:db8::1"));
	ck_assert(!dns_looks_like_name("fe80::a.b"));
	ck_assert(!dns_looks_like_name("208.66.192.0/22"));
	ck_assert(dns_looks_like_name("mccolo.com/panel/login.php"));
	ck_assert(dns_looks_like_name("mccolo.com:8080/x"));
	ck_assert(dns_looks_like_name("mccolo.com:8080"));
	ck_assert(!dns_looks_like_name("2001:db8::/32"));
	ck_assert(!dns_looks_like_name("::ffff:208.66.194.37"));
	ck_assert(!dns_looks_like_name("mccolo.com:http"));
}
END_TEST

START_TEST(test_format)
{
	char *t = dns_format(cname_answer, sizeof(cname_answer));

	ck_assert_str_eq(t, ";; status: NOERROR\n"
	    "www.mccolo.com.\t600\tIN\tCNAME\tmccolo.com.\n"
	    "mccolo.com.\t300\tIN\tA\t208.66.194.37\n"
	    "mccolo.com.\t300\tIN\tTYPE16\t(not shown)\n");
	free(t);
	t = dns_format(nx_answer, sizeof(nx_answer));
	ck_assert_str_eq(t, ";; status: NXDOMAIN\n"
	    ";; negative answer holds 900 s (SOA)\n");
	free(t);
	t = dns_format(nx_answer, 11);
	ck_assert_str_eq(t, ";; not a DNS message (malformed DNS answer: the "
	    "sections do not fit the message)\n");
	free(t);
}
END_TEST

/* A configured server: its label, and the waits kept short. */
START_TEST(test_client)
{
	struct dp_err err = DP_ERR_INIT;
	struct dns_client c;

	ck_assert_int_eq(dns_client_init(&c, "127.0.0.1", 5353, 20000, 4,
	    &err), 0);
	ck_assert_str_eq(c.label, "127.0.0.1:5353");
	ck_assert_int_eq(c.timeout_s, DNS_MAX_WAIT);
	ck_assert_int_eq(c.tries, DNS_MAX_TRIES);
	dns_client_release(&c);
	ck_assert_int_eq(dns_client_init(&c, "192.0.2.53", 0, 800, 1, &err),
	    0);
	ck_assert_str_eq(c.label, "192.0.2.53:53");
	ck_assert_int_eq(c.timeout_s, 1);
	ck_assert_int_eq(c.tries, 1);
	dns_client_release(&c);
	ck_assert_int_eq(dns_client_init(&c, "::1", 53, 800, 1, &err),
	    DP_EX_CONFIG);
	ck_assert(strstr(err.msg, "IPv4") != NULL);
}
END_TEST

START_TEST(test_names)
{
	char b[16];

	ck_assert_str_eq(dns_type_name(DNS_T_AAAA, b), "AAAA");
	ck_assert_str_eq(dns_type_name(99, b), "TYPE99");
	ck_assert_str_eq(dns_rcode_name(DNS_R_NXDOMAIN, b), "NXDOMAIN");
	ck_assert_str_eq(dns_rcode_name(9, b), "RCODE9");
}
END_TEST

/* The answers fakenet's responder sent over a socket (tests/fixtures/dns). */
START_TEST(test_fixture_answers)
{
	struct dp_err err = DP_ERR_INIT;
	const struct dns_rr **chain, **addrs;
	size_t nchain, naddrs, len;
	uint32_t ttl;
	struct dns_msg m;
	char *raw;

	raw = test_fixture("dns/cname-chain.bin", &len);
	ck_assert_msg(dns_parse((unsigned char *)raw, len, &m, &err) == 0,
	    "%s", err.msg);
	ck_assert_int_eq(m.rcode, DNS_R_NOERROR);
	ck_assert_str_eq(m.qname, "www.mccolo.com");
	dns_follow(&m, DNS_T_A, &chain, &nchain, &addrs, &naddrs, &ttl);
	ck_assert_uint_eq(nchain, 2);
	ck_assert_str_eq(chain[0]->data, "web.mccolo.com");
	ck_assert_str_eq(chain[1]->data, "mccolo.com");
	ck_assert_uint_eq(naddrs, 1);
	ck_assert_str_eq(addrs[0]->data, "208.66.194.37");
	ck_assert_uint_eq(ttl, 120);
	free(chain);
	free(addrs);
	dns_msg_release(&m);
	free(raw);

	raw = test_fixture("dns/aaaa-mccolo.bin", &len);
	ck_assert_int_eq(dns_parse((unsigned char *)raw, len, &m, &err), 0);
	ck_assert_int_eq(m.qtype, DNS_T_AAAA);
	ck_assert_uint_eq(m.nan, 1);
	ck_assert_str_eq(m.an[0].data, "2001:db8:c0::25");
	dns_msg_release(&m);
	free(raw);

	raw = test_fixture("dns/nxdomain.bin", &len);
	ck_assert_int_eq(dns_parse((unsigned char *)raw, len, &m, &err), 0);
	ck_assert_int_eq(m.rcode, DNS_R_NXDOMAIN);
	ck_assert_uint_eq(m.nan, 0);
	ck_assert_int_eq(m.has_neg_ttl, 1);
	ck_assert_uint_eq(m.neg_ttl, 60);
	dns_msg_release(&m);
	free(raw);

	raw = test_fixture("dns/empty.bin", &len);
	ck_assert_int_eq(dns_parse((unsigned char *)raw, len, &m, &err), 0);
	ck_assert_int_eq(m.rcode, DNS_R_NOERROR);
	ck_assert_uint_eq(m.nan, 0);
	dns_msg_release(&m);
	free(raw);
}
END_TEST

Suite *
dns_suite(void)
{
	Suite *s = suite_create("dns");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_cname_answer);
	tcase_add_test(tc, test_nxdomain_soa);
	tcase_add_test(tc, test_truncated);
	tcase_add_test(tc, test_malformed);
	tcase_add_test(tc, test_follow_loop);
	tcase_add_test(tc, test_looks_like_name);
	tcase_add_test(tc, test_format);
	tcase_add_test(tc, test_client);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_fixture_answers);
	suite_add_tcase(s, tc);
	return s;
}
