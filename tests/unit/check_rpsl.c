/*
 * check_rpsl.c - IRR objects: the AS3255 aut-num policy (upstreams,
 * peers, customers, as MANIFEST.md lists them), the RPSL forms a policy
 * may take (several peerings per rule, continuation lines, comments,
 * afi lists, structured policies, EXCEPT, routers, any case), the
 * route lists of "-i origin" answers with their TRUNCATED marker, and
 * hostile answers.  Inline objects use documentation ASNs (RFC 5398).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "exitcodes.h"
#include "rpsl.h"
#include "testutil.h"

#define AS3255	"irr/irrd_rpsl_samples_aut-num_AS3255_UARNET.txt"

static int
has(const uint32_t *v, size_t n, uint32_t asn)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] == asn)
			return 1;
	return 0;
}

/* Index of asn among the upstreams, or -1. */
static int
up_index(const struct rpsl_policy *p, uint32_t asn)
{
	size_t i;

	for (i = 0; i < p->nupstreams; i++)
		if (p->upstreams[i] == asn)
			return (int)i;
	return -1;
}

static void
autnum_ok(const char *s, struct rpsl_policy *p)
{
	struct dp_err err = DP_ERR_INIT;

	ck_assert_msg(rpsl_parse_autnum(s, strlen(s), p, &err) == 0, "%s",
	    err.msg);
}

START_TEST(test_as3255)
{
	static const uint32_t ups[] = {
		3356, 174, 8359, 3257, 3549, 9002,	/* "---> Uplinks" */
		13249, 6849, 25462, 15772,
	};
	static const uint32_t peers[] = {
		31117, 8501, 35297, 13188, 12389, 35395, 50952, 15645, 6695,
		6939, 20940, 13030, 42, 3856, 8545, 25229, 31210,
	};
	struct rpsl_policy p = RPSL_POLICY_INIT;
	struct dp_err err = DP_ERR_INIT;
	size_t len, i;
	char *text;

	text = test_fixture(AS3255, &len);
	ck_assert_msg(rpsl_parse_autnum(text, len, &p, &err) == 0, "%s",
	    err.msg);
	/* "aut-num: as03255" */
	ck_assert_uint_eq(p.asn, 3255);
	ck_assert_str_eq(p.as_name, "UARNET-AS");
	ck_assert_str_eq(p.source, "RIPE");
	/* 355 import + 353 export + 19 mp-import + 18 mp-export */
	ck_assert_uint_eq(p.nrules, 355 + 353 + 19 + 18);
	/* Exactly the ten "accept ANY" neighbours, in order, each with a
	   matching "export: to ASx announce AS-UARNET". */
	ck_assert_uint_eq(p.nupstreams, ARRAY_SIZE(ups));
	for (i = 0; i < ARRAY_SIZE(ups); i++) {
		ck_assert_uint_eq(p.upstreams[i], ups[i]);
		ck_assert_int_eq(p.upstream_confirmed[i], 1);
	}
	/* Accepting an as-set is peering: AS-HURRICANE, AS-ENERGOTEL. */
	for (i = 0; i < ARRAY_SIZE(peers); i++) {
		ck_assert_msg(has(p.peers, p.npeers, peers[i]), "AS%u",
		    peers[i]);
		ck_assert_int_eq(up_index(&p, peers[i]), -1);
	}
	ck_assert_uint_eq(p.npeers, 29);
	/*
	 * 315 "export: to ASx announce ANY" lines name 313 ASNs (AS21131
	 * and AS48589 twice); AS60334 is only in an mp-export: 314.
	 */
	ck_assert_uint_eq(p.ncustomers, 314);
	ck_assert(has(p.customers, p.ncustomers, 3319));   /* AS-KSNET in */
	ck_assert(has(p.customers, p.ncustomers, 60334));  /* mp only */
	ck_assert(has(p.customers, p.ncustomers, 47702));  /* "as47702" */
	ck_assert(has(p.customers, p.ncustomers, 39422));  /* "as39422" */
	ck_assert(has(p.customers, p.ncustomers, 204584)); /* the last */
	for (i = 0; i < p.ncustomers; i++) {
		ck_assert(!has(p.peers, p.npeers, p.customers[i]));
		ck_assert_int_eq(up_index(&p, p.customers[i]), -1);
		/* Listed once, though named twice. */
		ck_assert(!has(p.customers + i + 1, p.ncustomers - i - 1,
		    p.customers[i]));
	}
	/* import-via AS6777 (the AMS-IX route server) is no neighbour. */
	ck_assert(!has(p.peers, p.npeers, 6777));
	ck_assert(!has(p.customers, p.ncustomers, 6777));
	ck_assert_int_eq(up_index(&p, 6777), -1);
	ck_assert(!has(p.peers, p.npeers, 3255));
	rpsl_policy_release(&p);
	free(text);
}
END_TEST

START_TEST(test_policy_forms)
{
	static const char obj[] =
	    "% This is the RIPE Database query service.\n"
	    "\n"
	    "% Information related to 'AS64496'\n"
	    "\n"
	    "AUT-NUM:  as064496   # the hosting provider\n"
	    "as-name:  EXAMPLE-HOSTING\n"
	    /* several peerings in one rule, with actions */
	    "import:   from AS64500 action pref=100; med=0;\n"
	    "          from AS64501 action pref=200; accept ANY\n"
	    "export:   to AS64500 announce AS64496\n"
	    "export:   to AS64501 action community.append(64501:1);\n"
	    "+         announce AS-EXAMPLE   # our cone\n"
	    /* any case, leading zeros, ANY AND NOT */
	    "IMPORT:   FROM as064502 ACCEPT any AND NOT {0.0.0.0/0}\n"
	    /* an afi list */
	    "mp-import: afi ipv4.unicast, ipv6.unicast from AS64503\n"
	    "           accept ANY\n"
	    "mp-export: afi ipv6.unicast to AS64503 announce ANY\n"
	    /* no export at all */
	    "import:   from AS64504 192.0.2.1 at 192.0.2.2 accept ANY\n"
	    /* a structured policy with refine */
	    "import:   { from AS64505 accept ANY;\n"
	    "            from AS64506 accept AS64506;\n"
	    "          } refine { from AS-ANY accept NOT {0.0.0.0/0}; }\n"
	    "export:   to AS64506 announce ANY\n"
	    /* EXCEPT in a peering, protocol/into, AS-ANY as a filter */
	    "import:   from AS-ANY EXCEPT AS64507 accept ANY\n"
	    "import:   protocol BGP4 into OSPF from AS64508 accept AS-ANY\n"
	    /* a restricted filter both ways: a peer */
	    "import:   from AS64509 accept <^AS64509+$>\n"
	    "export:   to AS64509 announce AS-EXAMPLE\n"
	    /* ANY inside braces is no ANY */
	    "import:   from AS64510 accept { ANY }\n"
	    /* asdot, and this AS itself */
	    "import:   from AS1.10 accept ANY\n"
	    "import:   from AS64496 accept ANY\n"
	    "export:   to AS64511 announce ANY\n"
	    "import-via: AS64512 from AS-ANY accept ANY\n"
	    "default:  to AS64513 networks ANY\n"
	    "source:   TEST # Filtered\n"
	    "\n"
	    "aut-num:  AS64497\n"
	    "import:   from AS64599 accept ANY\n";
	struct rpsl_policy p = RPSL_POLICY_INIT;

	autnum_ok(obj, &p);
	ck_assert_uint_eq(p.asn, 64496);
	ck_assert_str_eq(p.as_name, "EXAMPLE-HOSTING");
	ck_assert_str_eq(p.source, "TEST");
	ck_assert_uint_eq(p.nupstreams, 8);
	ck_assert_uint_eq(p.upstreams[0], 64500);
	ck_assert_int_eq(p.upstream_confirmed[0], 1);	/* self */
	ck_assert_uint_eq(p.upstreams[1], 64501);
	ck_assert_int_eq(p.upstream_confirmed[1], 1);	/* as-set */
	ck_assert_uint_eq(p.upstreams[2], 64502);
	ck_assert_int_eq(p.upstream_confirmed[2], 0);	/* no export */
	ck_assert_uint_eq(p.upstreams[3], 64503);
	ck_assert_int_eq(p.upstream_confirmed[3], 0);	/* ANY both ways */
	ck_assert_uint_eq(p.upstreams[4], 64504);
	ck_assert_uint_eq(p.upstreams[5], 64505);
	ck_assert_uint_eq(p.upstreams[6], 64508);	/* AS-ANY is ANY */
	ck_assert_uint_eq(p.upstreams[7], 65546);	/* AS1.10 */
	/* EXCEPT AS64507 and the route server AS64512 are nowhere. */
	ck_assert_int_eq(up_index(&p, 64507), -1);
	ck_assert_int_eq(up_index(&p, 64512), -1);
	ck_assert_int_eq(up_index(&p, 64513), -1);
	ck_assert_uint_eq(p.ncustomers, 2);
	ck_assert_uint_eq(p.customers[0], 64506);
	ck_assert_uint_eq(p.customers[1], 64511);
	ck_assert_uint_eq(p.npeers, 2);
	ck_assert_uint_eq(p.peers[0], 64509);
	ck_assert_uint_eq(p.peers[1], 64510);
	ck_assert_uint_eq(p.nrules, 17);
	rpsl_policy_release(&p);
}
END_TEST

START_TEST(test_policy_any)
{
	/* What counts as the full table. */
	static const struct {
		const char	*filter;
		int		 any;
	} cases[] = {
		{ "ANY", 1 }, { "any", 1 }, { "AS-ANY", 1 }, { "ANY;", 1 },
		{ "ANY AND NOT AS-BOGONS", 1 },
		{ "ANY AND NOT {0.0.0.0/0, ::/0}", 1 },
		{ "ANY AND AS-FOO", 0 }, { "NOT ANY", 0 }, { "AS-FOO", 0 },
		{ "ANY OR AS-FOO", 0 }, { "{ 0.0.0.0/0^0-24 }", 0 },
		{ "ANY AND", 0 }, { "", 0 },
	};
	struct rpsl_policy p;
	char obj[256];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		snprintf(obj, sizeof(obj), "aut-num: AS64496\n"
		    "import: from AS64500 accept %s\n", cases[i].filter);
		autnum_ok(obj, &p);
		ck_assert_msg(p.nupstreams == (size_t)cases[i].any, "%s",
		    cases[i].filter);
		rpsl_policy_release(&p);
	}
}
END_TEST

START_TEST(test_autnum_errors)
{
	static const char noent[] =
	    "%  No entries found for the selected source(s).";
	static const char err101[] =
	    "% This is the RIPE Database query service.\n\n"
	    "%ERROR:101: no entries found\n%\n"
	    "% No entries found in source RIPE.\n";
	static const char *const proto[] = {
		"", "\n\n", "<html><body>502 Bad Gateway</body></html>\n",
		"route: 192.0.2.0/24\norigin: AS64496\n",
		"aut-num: AS-FOO\n", "aut-num: AS0\n", "aut-num:\n",
		"aut-num: AS4294967296\n", "aut-num: 64496\n",
	};
	struct rpsl_policy p;
	struct dp_err err;
	size_t i;

	memset(&p, 0x5a, sizeof(p));
	ck_assert_int_eq(rpsl_parse_autnum(noent, strlen(noent), &p, &err),
	    DP_EX_NOINPUT);
	ck_assert_int_eq(rpsl_parse_autnum(err101, strlen(err101), &p, &err),
	    DP_EX_NOINPUT);
	for (i = 0; i < ARRAY_SIZE(proto); i++)
		ck_assert_msg(rpsl_parse_autnum(proto[i], strlen(proto[i]), &p,
		    &err) == DP_EX_PROTOCOL, "%s", proto[i]);
	/* Untouched on failure. */
	ck_assert_uint_eq(p.asn, 0x5a5a5a5a);
	ck_assert_str_eq(err.msg, "line 1: aut-num '64496' is not an AS "
	    "number");
}
END_TEST

START_TEST(test_routes_as2856)
{
	static const char *const pfx[] = {
		"192.151.16.0/20", "61.28.211.0/24", "61.28.219.0/24",
		"205.157.82.0/24", "193.102.37.0/24", "193.35.182.0/23",
		"193.35.184.0/21", "193.35.192.0/22",
	};
	struct dp_err err = DP_ERR_INIT;
	struct rpsl_route *r;
	char *text, buf[IPNET_STRLEN];
	unsigned int flags = 0;
	size_t len, n, i;

	text = test_fixture("irr/ipwhois_asorigin_AS2856_62.239.237.1.txt",
	    &len);
	ck_assert_int_eq(rpsl_parse_routes(text, len, &r, &n, &flags, &err),
	    0);
	ck_assert_uint_eq(n, ARRAY_SIZE(pfx));
	ck_assert_uint_eq(flags, RPSL_TRUNCATED);
	for (i = 0; i < n; i++) {
		ipnet_format(&r[i].prefix, buf, sizeof(buf));
		ck_assert_str_eq(buf, pfx[i]);
		ck_assert_int_eq(r[i].prefix.family, AF_INET);
		ck_assert_uint_eq(r[i].origin, 2856);
		/* RADB first, then the RIPE mirror's objects. */
		ck_assert_str_eq(r[i].source, i < 3 ? "RADB" : "RIPE");
	}
	ck_assert_str_eq(r[0].descr, "Proxy-registered route object");
	ck_assert_str_eq(r[0].mnt_by, "MAINT-AS3491");
	ck_assert_str_eq(r[3].mnt_by, "BTNET-MNT");
	rpsl_routes_free(r, n);
	free(text);
}
END_TEST

START_TEST(test_routes_fixtures)
{
	static const struct {
		const char	*file;
		size_t		 n;
		uint32_t	 origin;
		const char	*first, *last;
		const char	*source;	/* of the first route, where no
						   other test says it */
		unsigned int	 flags;
	} fx[] = {
		{ "irr/ipwhois_asorigin_AS15169_74.125.225.229.txt", 25, 15169,
		  "66.249.64.0/20", "23.251.140.0/24", "RADB",
		  RPSL_TRUNCATED },
		{ "irr/ipwhois_asorigin_AS3786_210.107.73.73.txt", 14, 3786,
		  "211.63.32.0/19", NULL, "RADB", RPSL_TRUNCATED },
		{ "irr/ipwhois_asorigin_AS2497_2001_240_10c_1__ca20_9d1d.txt",
		  14, 2497, "132.179.0.0/16", "202.34.64.0/18", "RADB",
		  RPSL_TRUNCATED },
		{ "irr/ipwhois_asorigin_AS19373_200.57.141.161.txt", 1, 19373,
		  "200.57.144.0/20", "200.57.144.0/20", NULL, 0 },
		{ "irr/ipwhois_asorigin_AS37578_2001_43f8_7b0__.txt", 2, 37578,
		  "196.6.220.0/24", "2001:43f8:7b0::/48", "AFRINIC", 0 },
		{ "irr/ipwhois_asorigin_AS12091_no-entries.txt", 0, 0, NULL,
		  NULL, NULL, 0 },
	};
	struct dp_err err = DP_ERR_INIT;
	struct rpsl_route *r;
	char *text, buf[IPNET_STRLEN];
	unsigned int flags;
	size_t len, n, i, j;

	for (i = 0; i < ARRAY_SIZE(fx); i++) {
		text = test_fixture(fx[i].file, &len);
		flags = 99;
		ck_assert_msg(rpsl_parse_routes(text, len, &r, &n, &flags,
		    &err) == 0, "%s: %s", fx[i].file, err.msg);
		ck_assert_msg(n == fx[i].n, "%s: %zu", fx[i].file, n);
		ck_assert_uint_eq(flags, fx[i].flags);
		for (j = 0; j < n; j++)
			ck_assert_uint_eq(r[j].origin, fx[i].origin);
		if (fx[i].first != NULL) {
			ipnet_format(&r[0].prefix, buf, sizeof(buf));
			ck_assert_str_eq(buf, fx[i].first);
		}
		if (fx[i].last != NULL) {
			ipnet_format(&r[n - 1].prefix, buf, sizeof(buf));
			ck_assert_str_eq(buf, fx[i].last);
		}
		if (fx[i].source != NULL)
			ck_assert_str_eq(r[0].source, fx[i].source);
		if (n == 0)
			ck_assert_ptr_null(r);
		rpsl_routes_free(r, n);
		free(text);
	}
}
END_TEST

START_TEST(test_routes_details)
{
	struct dp_err err = DP_ERR_INIT;
	struct rpsl_route *r;
	size_t len, n;
	char *text;

	/* AS19373: the only route, "#20:40:21Z" cut as a comment. */
	text = test_fixture("irr/ipwhois_asorigin_AS19373_200.57.141.161.txt",
	    &len);
	ck_assert_int_eq(rpsl_parse_routes(text, len, &r, &n, NULL, &err), 0);
	ck_assert_str_eq(r[0].mnt_by, "MAINT-AS8151");
	ck_assert_str_eq(r[0].descr, "IC_AMERICA_MOVIL_OLLEROS");
	ck_assert_str_eq(r[0].source, "RADB");
	rpsl_routes_free(r, n);
	free(text);
	/* AS37578: route and route6, AFRINIC. */
	text = test_fixture("irr/ipwhois_asorigin_AS37578_2001_43f8_7b0__.txt",
	    &len);
	ck_assert_int_eq(rpsl_parse_routes(text, len, &r, &n, NULL, &err), 0);
	ck_assert_int_eq(r[0].prefix.family, AF_INET);
	ck_assert_int_eq(r[1].prefix.family, AF_INET6);
	ck_assert_str_eq(r[1].source, "AFRINIC");
	ck_assert_str_eq(r[1].mnt_by, "TESPOK-MNT");
	ck_assert_str_eq(r[1].descr, "KIXP Nairobi Management Network");
	ck_assert_str_eq(r[0].org, "ORG-TA38-AFRINIC");
	ck_assert_str_eq(r[1].org, "ORG-TA38-AFRINIC");
	rpsl_routes_free(r, n);
	free(text);
	/* AS2497: a descr continued on the next line is one value. */
	text = test_fixture(
	    "irr/ipwhois_asorigin_AS2497_2001_240_10c_1__ca20_9d1d.txt", &len);
	ck_assert_int_eq(rpsl_parse_routes(text, len, &r, &n, NULL, &err), 0);
	ck_assert_str_eq(r[0].descr, "Toppan Printing Co., Ltd. 11-1,1-Chome "
	    "Shimura, Itabashi-ku, Tokyo 174, Japan");
	rpsl_routes_free(r, n);
	free(text);
}
END_TEST

START_TEST(test_routes_odd)
{
	static const char ans[] =
	    "% comment\r\n"
	    "route:  192.0.2.0/24\r\n"
	    "origin: AS64496\r\n"
	    "source: TEST # Filtered\r\n"
	    "\r\n"
	    "route:  198.51.100.7/24\n"		/* host bits */
	    "origin: AS64496\n"
	    "\n"
	    "route:  203.0.113.0/24\n"		/* no origin */
	    "\n"
	    "route6: 2001:db8::/32\n"
	    "origin: 64496\n"			/* no "AS" */
	    "\n"
	    "mntner: MAINT-EXAMPLE\n"		/* another object type */
	    "\n"
	    "ROUTE6: 2001:DB8:1::/48\n"
	    "ORIGIN: as64497";
	struct dp_err err = DP_ERR_INIT;
	struct rpsl_route *r;
	unsigned int flags;
	char buf[IPNET_STRLEN];
	size_t n;

	ck_assert_int_eq(rpsl_parse_routes(ans, strlen(ans), &r, &n, &flags,
	    &err), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(flags, RPSL_SKIPPED);
	ck_assert_str_eq(r[0].source, "TEST");
	ck_assert_ptr_null(r[0].descr);
	ck_assert_ptr_null(r[0].org);
	ipnet_format(&r[1].prefix, buf, sizeof(buf));
	ck_assert_str_eq(buf, "2001:db8:1::/48");
	ck_assert_uint_eq(r[1].origin, 64497);
	rpsl_routes_free(r, n);

	/* Empty and non-RPSL answers are refused, untouched outputs. */
	r = (void *)1;
	n = 99;
	ck_assert_int_eq(rpsl_parse_routes("", 0, &r, &n, &flags, &err),
	    DP_EX_PROTOCOL);
	ck_assert_int_eq(rpsl_parse_routes(" \r\n\n", 4, &r, &n, &flags, &err),
	    DP_EX_PROTOCOL);
	ck_assert_int_eq(rpsl_parse_routes("<html>\n</html>\n", 15, &r, &n,
	    &flags, &err), DP_EX_PROTOCOL);
	ck_assert_str_eq(err.msg, "not an RPSL answer");
	ck_assert_ptr_eq(r, (void *)1);
	ck_assert_uint_eq(n, 99);
}
END_TEST

START_TEST(test_hostile)
{
	static const char nul[] =
	    "aut-num: AS64496\n"
	    "as-name: EX\0AMPLE\xff\x1b[2J\n"
	    "import: from AS64500\0 accept ANY\n"
	    "import: from AS64501 accept ANY\n";
	static const char bad_utf8[] =
	    "route: 192.0.2.0/24\norigin: AS64496\n"
	    "descr: caf\xc3\xa9 \xe9t\xe9\n";
	struct rpsl_policy p;
	struct dp_err err = DP_ERR_INIT;
	struct rpsl_route *r;
	size_t n, i, big = 1 << 20, off;
	char *s;

	ck_assert_int_eq(rpsl_parse_autnum(nul, sizeof(nul) - 1, &p, &err), 0);
	ck_assert_str_eq(p.as_name, "EX\xef\xbf\xbd" "AMPLE\xef\xbf\xbd"
	    "\xef\xbf\xbd[2J");
	/* "AS64500\0" is no AS number, so no upstream from that line. */
	ck_assert_uint_eq(p.nupstreams, 1);
	ck_assert_uint_eq(p.upstreams[0], 64501);
	rpsl_policy_release(&p);

	ck_assert_int_eq(rpsl_parse_routes(bad_utf8, strlen(bad_utf8), &r, &n,
	    NULL, &err), 0);
	ck_assert_str_eq(r[0].descr, "caf\xc3\xa9 \xef\xbf\xbdt\xef\xbf\xbd");
	rpsl_routes_free(r, n);

	/* A 1 MB import line of peerings, then 100000 neighbours. */
	s = xmalloc(16 * 1024 * 1024);
	off = (size_t)sprintf(s, "aut-num: AS64496\nimport:");
	while (off < big)
		off += (size_t)sprintf(s + off, " from AS%zu", off);
	off += (size_t)sprintf(s + off, " accept ANY\n");
	for (i = 1; i <= 100000; i++)
		off += (size_t)sprintf(s + off, "export: to AS%zu announce "
		    "ANY\n", 4000000000u + i);
	ck_assert_int_eq(rpsl_parse_autnum(s, off, &p, &err), 0);
	ck_assert_uint_gt(p.nupstreams, 50000);
	ck_assert_uint_eq(p.ncustomers, 100000);
	ck_assert_uint_eq(p.customers[99999], 4000100000u);
	rpsl_policy_release(&p);

	/* 1 MB of '{', of '+' continuation lines, of one attribute name. */
	off = (size_t)sprintf(s, "aut-num: AS64496\nimport: from AS64500 "
	    "accept ");
	memset(s + off, '{', big);
	off += big;
	ck_assert_int_eq(rpsl_parse_autnum(s, off, &p, &err), 0);
	ck_assert_uint_eq(p.nupstreams, 0);
	rpsl_policy_release(&p);
	off = (size_t)sprintf(s, "aut-num: AS64496\nimport: from AS64500\n");
	for (i = 0; i < big / 2; i++) {
		s[off++] = '+';
		s[off++] = '\n';
	}
	off += (size_t)sprintf(s + off, "+ accept ANY\n");
	ck_assert_int_eq(rpsl_parse_autnum(s, off, &p, &err), 0);
	ck_assert_uint_eq(p.nupstreams, 1);
	rpsl_policy_release(&p);
	memset(s, 'a', big);
	memcpy(s + big, ": x\n", 4);
	ck_assert_int_eq(rpsl_parse_autnum(s, big + 4, &p, &err),
	    DP_EX_PROTOCOL);
	free(s);
}
END_TEST

/*
 * Flip bytes in WHOIS and IRR answers (those check_whois.c mutates for
 * whois_parse()): any outcome but a crash.
 */
START_TEST(test_routes_mutations)
{
	static const char *const files[] = {
		"whois/ipwhois_ripe_62.239.237.1.txt",
		"whois/ipwhois_apnic_210.107.73.73.txt",
		"whois/ipwhois_lacnic_200.57.141.161.txt",
		"whois/ripego_arin_199.43.0.44.txt",
		"iana/blog-jemurray_whois_AS2552_iana+arin.txt",
		"irr/ipwhois_asorigin_AS37578_2001_43f8_7b0__.txt",
	};
	static const char bytes[] = ":\n\r \0%#-/.@+";
	struct dp_err err = DP_ERR_INIT;
	struct rpsl_route *r;
	size_t len, i, k, n;
	char *text, *copy;
	int round;

	srand(12345);
	for (i = 0; i < ARRAY_SIZE(files); i++) {
		text = test_fixture(files[i], &len);
		copy = xmalloc(len);
		for (round = 0; round < 60; round++) {
			memcpy(copy, text, len);
			for (k = 0; k < 8; k++)
				copy[(size_t)rand() % len] = rand() % 2 ?
				    bytes[(size_t)rand() %
				    (sizeof(bytes) - 1)] : (char)rand();
			if (rpsl_parse_routes(copy, len, &r, &n, NULL,
			    &err) == 0)
				rpsl_routes_free(r, n);
		}
		free(copy);
		free(text);
	}
}
END_TEST

Suite *
rpsl_suite(void)
{
	Suite *s = suite_create("rpsl");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_as3255);
	tcase_add_test(tc, test_policy_forms);
	tcase_add_test(tc, test_policy_any);
	tcase_add_test(tc, test_autnum_errors);
	tcase_add_test(tc, test_routes_as2856);
	tcase_add_test(tc, test_routes_fixtures);
	tcase_add_test(tc, test_routes_details);
	tcase_add_test(tc, test_routes_odd);
	tcase_add_test(tc, test_routes_mutations);
	tcase_add_test(tc, test_hostile);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}
