/*
 * check_ripestat.c - RIPEstat Data API answers: URLs, every fact
 * MANIFEST.md lists for tests/fixtures/ripestat (asn-neighbours in both
 * schemas, abuse-contact-finder, prefix-overview, looking-glass and the
 * upstream on a prepended path), routing-status over the authored
 * answers (authored_routing-status_*.json, written by hand in the
 * documented format), and hostile bodies: not JSON, NUL bytes, invalid
 * UTF-8, wrong types, missing data, error statuses, deep nesting, huge
 * strings.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "exitcodes.h"
#include "ripestat.h"
#include "testutil.h"

/* Whether any note equals s. */
static int
notes_have(char **notes, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(notes[i], s) == 0)
			return 1;
	return 0;
}

static void
nb_fixture(const char *file, struct rs_neighbours *nb)
{
	struct dp_err err = DP_ERR_INIT;
	size_t len;
	char *text = test_fixture(file, &len);

	ck_assert_msg(ripestat_parse_neighbours(text, len, nb, &err) == 0,
	    "%s: %s", file, err.msg);
	free(text);
}

static void
nb_inline(const char *json, struct rs_neighbours *nb)
{
	struct dp_err err = DP_ERR_INIT;

	ck_assert_msg(ripestat_parse_neighbours(json, strlen(json), nb,
	    &err) == 0, "%s", err.msg);
}

START_TEST(test_url)
{
	char *u;

	u = ripestat_url(NULL, "asn-neighbours", "AS26780", "depeer");
	ck_assert_str_eq(u, "https://stat.ripe.net/data/asn-neighbours/"
	    "data.json?resource=AS26780&sourceapp=depeer");
	ripestat_url_param(&u, "lod", "1");
	ck_assert_str_eq(u, "https://stat.ripe.net/data/asn-neighbours/"
	    "data.json?resource=AS26780&sourceapp=depeer&lod=1");
	free(u);
	u = ripestat_url("http://127.0.0.1:8443/data", "prefix-overview",
	    "193.0.0.0/21", NULL);
	ck_assert_str_eq(u, "http://127.0.0.1:8443/data/prefix-overview/"
	    "data.json?resource=193.0.0.0%2F21");
	free(u);
	u = ripestat_url(RIPESTAT_BASE, "routing-status", "2001:db8::/32",
	    "a b&c=d\xc3\xa9~");
	ck_assert_str_eq(u, "https://stat.ripe.net/data/routing-status/"
	    "data.json?resource=2001%3Adb8%3A%3A%2F32"
	    "&sourceapp=a%20b%26c%3Dd%C3%A9~");
	ripestat_url_param(&u, "query_time", "2008-11-11T21:23:00");
	ck_assert_ptr_nonnull(strstr(u, "&query_time=2008-11-11T21%3A23%3A00"));
	free(u);
	u = ripestat_url("", "x", "", NULL);
	ck_assert_str_eq(u, "/x/data.json?resource=");
	free(u);
	ck_assert_ptr_null(ripestat_url(NULL, NULL, "AS1", NULL));
	ck_assert_ptr_null(ripestat_url(NULL, "", "AS1", NULL));
	ck_assert_ptr_null(ripestat_url(NULL, "x", NULL, NULL));
}
END_TEST

START_TEST(test_neighbours_v3)
{
	struct rs_neighbours nb;

	nb_fixture("ripestat/statripe_asn-neighbours_AS24910_qt2019-11-15.json",
	    &nb);
	ck_assert_uint_eq(nb.resource, 24910);
	ck_assert_str_eq(nb.version, "3.2");
	ck_assert_int_eq(nb.count_left, 1);
	ck_assert_int_eq(nb.count_right, 0);
	ck_assert_int_eq(nb.count_unique, 1);
	ck_assert_int_eq(nb.count_uncertain, 0);
	ck_assert_int_eq(nb.has_query_time, 1);
	ck_assert_int_eq(nb.query_time, 1573776000);	/* 2019-11-15 */
	ck_assert_uint_eq(nb.n, 1);
	ck_assert_uint_eq(nb.v[0].asn, 21371);
	ck_assert_int_eq(nb.v[0].side, RS_LEFT);
	ck_assert_int_eq(nb.v[0].power, 226);
	ck_assert_int_eq(nb.v[0].v4_peers, 274);
	ck_assert_int_eq(nb.v[0].v6_peers, 0);
	ck_assert_int_eq(nb.v[0].both_sides, 0);
	ck_assert_uint_eq(nb.nnotes, 0);
	rs_neighbours_release(&nb);

	nb_fixture("ripestat/statripe_asn-neighbours_AS397968.json", &nb);
	ck_assert_uint_eq(nb.resource, 397968);
	ck_assert_int_eq(nb.query_time, 1783987200);	/* 2026-07-14 */
	ck_assert_uint_eq(nb.n, 1);
	ck_assert_uint_eq(nb.v[0].asn, 400810);
	ck_assert_int_eq(nb.v[0].side, RS_LEFT);
	ck_assert_int_eq(nb.v[0].power, 304);
	ck_assert_int_eq(nb.v[0].v4_peers, 333);
	ck_assert_int_eq(nb.v[0].v6_peers, 315);
	ck_assert_uint_eq(nb.nnotes, 2);
	ck_assert(notes_have(nb.notes, nb.nnotes,
	    "warning: Latest available results are 29 hours old."));
	ck_assert(notes_have(nb.notes, nb.nnotes, "info: Query time has been "
	    "set to the latest available time (2026-07-14 00:00 UTC)"));
	rs_neighbours_release(&nb);

	/* lod=0: no power or peer counts. */
	nb_fixture("ripestat/mcpripestat_asn-neighbours_AS1205_lod0.json", &nb);
	ck_assert_uint_eq(nb.resource, 1205);
	ck_assert_str_eq(nb.version, "3.2");
	ck_assert_int_eq(nb.count_left, 1);
	ck_assert_int_eq(nb.count_unique, 1);
	ck_assert_uint_eq(nb.nnotes, 1);
	ck_assert_int_eq(nb.query_time, 1750636800);	/* 2025-06-23 */
	ck_assert_uint_eq(nb.n, 1);
	ck_assert_uint_eq(nb.v[0].asn, 1853);
	ck_assert_int_eq(nb.v[0].side, RS_LEFT);
	ck_assert_int_eq(nb.v[0].power, -1);
	ck_assert_int_eq(nb.v[0].v4_peers, -1);
	ck_assert_int_eq(nb.v[0].v6_peers, -1);
	rs_neighbours_release(&nb);

	nb_fixture("ripestat/mcpripestat_asn-neighbours_AS1205_lod1.json", &nb);
	ck_assert_uint_eq(nb.n, 1);
	ck_assert_uint_eq(nb.v[0].asn, 1853);
	ck_assert_int_eq(nb.v[0].side, RS_LEFT);
	ck_assert_int_eq(nb.v[0].power, 372);
	ck_assert_int_eq(nb.v[0].v4_peers, 1254);
	ck_assert_int_eq(nb.v[0].v6_peers, 393);
	rs_neighbours_release(&nb);
}
END_TEST

START_TEST(test_neighbours_v41)
{
	/* The 2011 schema: "position", details.path_count/peer_count. */
	static const char nopos[] =
	    "{\"status\":\"ok\",\"data\":{\"resource\":\"1205\",\"neighbours\":"
	    "[{\"asn\":1853,\"details\":{\"paths\":[{\"path\":"
	    "\"1103 20965 1853 1853 1205\"}]}},"
	    " {\"asn\":\"AS64500\",\"details\":{\"paths\":[{\"path\":"
	    "\"1103 1205 1205 64500\"}]}},"
	    " {\"asn\":64501,\"position\":\"left\",\"details\":{\"paths\":["
	    "{\"path\":\"3356 64501 1205\"},{\"path\":\"1205 64501\"}]}}]}}";
	struct rs_neighbours nb;

	nb_fixture("ripestat/prsw_asn-neighbours.json", &nb);
	ck_assert_uint_eq(nb.resource, 1205);
	ck_assert_str_eq(nb.version, "4.1");
	ck_assert_int_eq(nb.count_left, 1);
	ck_assert_int_eq(nb.count_right, 0);
	ck_assert_int_eq(nb.count_uncertain, 1);
	ck_assert_int_eq(nb.count_unique, 2);
	/* The body was trimmed: the counts say so. */
	ck_assert_uint_eq(nb.nnotes, 1);
	ck_assert_str_eq(nb.notes[0], "neighbour_counts says 2 neighbours, "
	    "the list has 1");
	ck_assert_int_eq(nb.query_time, 1322726400);	/* 2011-12-01T08 */
	ck_assert_uint_eq(nb.n, 1);
	ck_assert_uint_eq(nb.v[0].asn, 1853);
	ck_assert_int_eq(nb.v[0].side, RS_LEFT);
	ck_assert_int_eq(nb.v[0].power, 81);
	ck_assert_int_eq(nb.v[0].v4_peers, 288);
	ck_assert_int_eq(nb.v[0].v6_peers, 0);
	ck_assert_int_eq(nb.v[0].both_sides, 0);
	rs_neighbours_release(&nb);

	/* No position: the side comes from the paths (prepending skipped). */
	nb_inline(nopos, &nb);
	ck_assert_ptr_null(nb.version);
	ck_assert_int_eq(nb.count_unique, -1);
	ck_assert_uint_eq(nb.n, 3);
	ck_assert_int_eq(nb.v[0].side, RS_LEFT);
	ck_assert_int_eq(nb.v[0].both_sides, 0);
	ck_assert_uint_eq(nb.v[1].asn, 64500);
	ck_assert_int_eq(nb.v[1].side, RS_RIGHT);
	ck_assert_int_eq(nb.v[1].power, -1);
	/* Said left, but a path shows it right of AS1205 too. */
	ck_assert_int_eq(nb.v[2].side, RS_LEFT);
	ck_assert_int_eq(nb.v[2].both_sides, 1);
	rs_neighbours_release(&nb);
}
END_TEST

START_TEST(test_neighbours_sides)
{
	static const char json[] =
	    "{\"status\":\"ok\",\"status_code\":200,\"data_call_name\":"
	    "\"asn-neighbours\",\"data\":{\"resource\":\"64496\","
	    "\"neighbours\":["
	    "{\"asn\":64500,\"type\":\"left\",\"power\":5},"
	    "{\"asn\":64501,\"type\":\"right\",\"power\":1},"
	    "{\"asn\":64500,\"type\":\"right\",\"power\":2},"
	    "{\"asn\":64502,\"type\":\"uncertain\",\"power\":2.6},"
	    "{\"asn\":64503,\"type\":\"sibling\\u001b[2J\"},"
	    "1, \"x\", null, {\"asn\":\"foo\"}, {\"asn\":0},"
	    "{\"asn\":4294967296}, {\"asn\":-5}, {\"type\":\"left\"},"
	    "{\"asn\":64504,\"type\":5,\"power\":\"many\",\"v4_peers\":-3}]}}";
	struct rs_neighbours nb;

	nb_inline(json, &nb);
	ck_assert_uint_eq(nb.n, 6);
	ck_assert_int_eq(nb.has_query_time, 0);
	/* AS64500 left and right: both flagged. */
	ck_assert_int_eq(nb.v[0].both_sides, 1);
	ck_assert_int_eq(nb.v[2].both_sides, 1);
	ck_assert_int_eq(nb.v[1].both_sides, 0);
	ck_assert_int_eq(nb.v[3].side, RS_UNCERTAIN);
	ck_assert_int_eq(nb.v[3].power, 3);
	ck_assert_int_eq(nb.v[3].both_sides, 0);
	ck_assert_int_eq(nb.v[4].side, RS_UNCERTAIN);
	ck_assert_int_eq(nb.v[5].asn, 64504);
	ck_assert_int_eq(nb.v[5].side, RS_UNCERTAIN);
	ck_assert_int_eq(nb.v[5].power, -1);
	ck_assert_int_eq(nb.v[5].v4_peers, -1);
	ck_assert(notes_have(nb.notes, nb.nnotes, "neighbour AS64503: unknown "
	    "side 'sibling\xef\xbf\xbd[2J' taken as uncertain"));
	ck_assert(notes_have(nb.notes, nb.nnotes, "8 neighbours without a valid "
	    "asn left out"));
	rs_neighbours_release(&nb);
}
END_TEST

START_TEST(test_abuse)
{
	struct dp_err err = DP_ERR_INIT;
	struct reg_record r;
	char *text, buf[IPNET_STRLEN];
	size_t len;

	text = test_fixture(
	    "ripestat/mcpripestat_abuse-contact-finder_193.0.0.0_21.json",
	    &len);
	ck_assert_msg(ripestat_parse_abuse(text, len, &r, &err) == 0, "%s",
	    err.msg);
	ck_assert_int_eq(r.kind, REG_NET);
	ck_assert_str_eq(r.source, "ripe");
	ck_assert_uint_eq(r.nprefixes, 1);
	ipnet_format(&r.prefixes[0], buf, sizeof(buf));
	ck_assert_str_eq(buf, "193.0.0.0/21");
	ck_assert_uint_eq(r.ncontacts, 1);
	ck_assert_str_eq(r.contacts[0].email, "abuse@ripe.net");
	ck_assert_int_eq(r.contacts[0].role, ROLE_ABUSE);
	ck_assert_str_eq(r.contacts[0].via, "ripestat:abuse-contact-finder");
	ck_assert_ptr_null(r.contacts[0].handle);
	ck_assert_uint_eq(r.nnotes, 0);
	reg_record_release(&r);
	free(text);

	text = test_fixture("ripestat/prsw_abuse-contact-finder.json", &len);
	ck_assert_int_eq(ripestat_parse_abuse(text, len, &r, &err), 0);
	ck_assert_int_eq(r.kind, REG_AUTNUM);
	ck_assert_uint_eq(r.asn_first, 3333);
	ck_assert_uint_eq(r.asn_last, 3333);
	ck_assert_str_eq(r.source, "ripe");
	ck_assert_uint_eq(r.ncontacts, 1);
	ck_assert_str_eq(r.contacts[0].email, "abuse@ripe.net");
	reg_record_release(&r);
	free(text);
}
END_TEST

START_TEST(test_abuse_odd)
{
	static const char json[] =
	    "{\"status\":\"ok\",\"messages\":[[\"warning\",\"w\"],[1,2],"
	    "\"x\",[\"info\"]],\"data\":{\"abuse_contacts\":[\"nope\",5,"
	    "\"Abuse@Example.NET\",\"abuse@example.net\"],"
	    "\"authoritative_rir\":\"arin\",\"parameters\":{\"resource\":"
	    "\"2001:db8::1\"}}}";
	static const char nores[] =
	    "{\"status\":\"ok\",\"data\":{\"abuse_contacts\":[]},"
	    "\"parameters\":{\"resource\":\"what?\"}}";
	static const char nolist[] =
	    "{\"status\":\"ok\",\"data\":{\"abuse_contacts\":\"abuse@x.net\"}}";
	struct dp_err err = DP_ERR_INIT;
	struct reg_record r;
	char buf[IPNET_STRLEN];

	ck_assert_int_eq(ripestat_parse_abuse(json, strlen(json), &r, &err),
	    0);
	ck_assert_int_eq(r.kind, REG_NET);
	ipnet_format(&r.prefixes[0], buf, sizeof(buf));
	ck_assert_str_eq(buf, "2001:db8::1/128");
	ck_assert_str_eq(r.source, "arin");
	ck_assert_uint_eq(r.ncontacts, 1);	/* the same address twice */
	ck_assert_str_eq(r.contacts[0].email, "Abuse@Example.NET");
	ck_assert(notes_have(r.notes, r.nnotes, "warning: w"));
	ck_assert(notes_have(r.notes, r.nnotes, "abuse contact 'nope' is no "
	    "e-mail address; left out"));
	ck_assert(notes_have(r.notes, r.nnotes, "abuse contact 1 is no string; "
	    "left out"));
	ck_assert_uint_eq(r.nnotes, 3);
	reg_record_release(&r);

	ck_assert_int_eq(ripestat_parse_abuse(nores, strlen(nores), &r, &err),
	    0);
	ck_assert_int_eq(r.kind, REG_NONE);
	ck_assert_ptr_null(r.source);
	ck_assert(notes_have(r.notes, r.nnotes, "resource 'what?' is no address, "
	    "prefix or AS number"));
	reg_record_release(&r);

	ck_assert_int_eq(ripestat_parse_abuse(nolist, strlen(nolist), &r,
	    &err), DP_EX_PROTOCOL);
}
END_TEST

START_TEST(test_note_clipping)
{
	/*
	 * Found by fuzz_ripestat: a quoted value cut at 80 bytes must not
	 * split a character (here each \u0001 becomes 3-byte U+FFFD).
	 */
	struct dp_err err = DP_ERR_INIT;
	struct reg_record r;
	char json[1024];
	size_t off, i, n;

	off = (size_t)snprintf(json, sizeof(json), "{\"status\":\"ok\","
	    "\"data\":{\"abuse_contacts\":[\"a@");
	for (i = 0; i < 100; i++)
		off += (size_t)snprintf(json + off, sizeof(json) - off,
		    "\\u0001");
	snprintf(json + off, sizeof(json) - off, "\"]}}");
	ck_assert_int_eq(ripestat_parse_abuse(json, strlen(json), &r, &err),
	    0);
	ck_assert_uint_eq(r.nnotes, 1);
	n = strlen(r.notes[0]);
	ck_assert(utf8_valid(r.notes[0], n, NULL));
	/* "a@" and 26 whole U+FFFD are 80 bytes; then "...". */
	ck_assert_uint_eq(n, strlen("abuse contact '") + 80 + 3 +
	    strlen("' is no e-mail address; left out"));
	reg_record_release(&r);
}
END_TEST

START_TEST(test_prefix_overview)
{
	static const char moas[] =
	    "{\"status\":\"ok\",\"data_call_name\":\"prefix-overview\","
	    "\"data\":{\"resource\":\"192.0.2.0/24\",\"announced\":false,"
	    "\"asns\":[{\"asn\":64500,\"holder\":\"EXAMPLE-A\"},"
	    "{\"asn\":\"64501\",\"holder\":\"EXAMPLE-B\"},{\"asn\":64500},"
	    "{\"holder\":\"X\"}]}}";
	static const char *const bad[] = {
		"{\"status\":\"ok\",\"data\":{\"asns\":[]}}",
		"{\"status\":\"ok\",\"data\":{\"resource\":\"AS3333\"}}",
		"{\"status\":\"ok\",\"data\":{\"resource\":42}}",
		("{\"status\":\"ok\",\"data\":{\"resource\":\"192.0.2.0/24\","
		"\"asns\":{\"asn\":1}}}"),
	};
	struct dp_err err = DP_ERR_INIT;
	struct reg_record r;
	char *text, buf[IPNET_STRLEN];
	size_t len, i;

	text = test_fixture(
	    "ripestat/mcpripestat_prefix-overview_193.0.0.0_21.json", &len);
	ck_assert_msg(ripestat_parse_prefix_overview(text, len, &r, &err) == 0,
	    "%s", err.msg);
	ck_assert_int_eq(r.kind, REG_NET);
	ck_assert_str_eq(r.source, "ripestat");
	ipnet_format(&r.prefixes[0], buf, sizeof(buf));
	ck_assert_str_eq(buf, "193.0.0.0/21");
	ck_assert_uint_eq(r.norigins, 1);
	ck_assert_uint_eq(r.origins[0], 3333);
	ck_assert_str_eq(r.org, "RIPE-NCC-AS - Reseaux IP Europeens Network "
	    "Coordination Centre (RIPE NCC)");
	ck_assert_uint_eq(r.nnotes, 1);
	ck_assert_str_eq(r.notes[0],
	    "block 193.0.0.0/8: RIPE NCC (Status: ALLOCATED)");
	reg_record_release(&r);
	free(text);

	ck_assert_int_eq(ripestat_parse_prefix_overview(moas, strlen(moas), &r,
	    &err), 0);
	ck_assert_uint_eq(r.norigins, 2);
	ck_assert_uint_eq(r.origins[0], 64500);
	ck_assert_uint_eq(r.origins[1], 64501);
	ck_assert_str_eq(r.org, "EXAMPLE-A");
	ck_assert(notes_have(r.notes, r.nnotes, "origin AS64501 is held by "
	    "EXAMPLE-B"));
	ck_assert(notes_have(r.notes, r.nnotes, "not announced in BGP (RIS)"));
	ck_assert(notes_have(r.notes, r.nnotes, "1 origins without a valid asn "
	    "left out"));
	reg_record_release(&r);

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		ck_assert_msg(ripestat_parse_prefix_overview(bad[i],
		    strlen(bad[i]), &r, &err) == DP_EX_PROTOCOL, "%s", bad[i]);
}
END_TEST

START_TEST(test_routing_status)
{
	struct dp_err err = DP_ERR_INIT;
	struct rs_routing_status s;
	size_t len;
	char *text;

	text = test_fixture("ripestat/authored_routing-status_prefix.json",
	    &len);
	ck_assert_msg(ripestat_parse_routing_status(text, len, &s, &err) == 0,
	    "%s", err.msg);
	ck_assert_str_eq(s.resource, "192.0.2.0/24");
	ck_assert_int_eq(s.query_time, 1557273600);
	ck_assert_int_eq(s.first_seen.present, 1);
	ck_assert_str_eq(s.first_seen.prefix, "192.0.2.0/24");
	ck_assert_uint_eq(s.first_seen.origin, 64496);
	ck_assert_int_eq(s.first_seen.time, 1206576000);
	ck_assert_int_eq(s.last_seen.time, 1557273600);
	ck_assert_int_eq(s.has_visibility, 1);
	ck_assert_int_eq(s.v4_seeing, 319);
	ck_assert_int_eq(s.v4_total, 324);
	ck_assert_int_eq(s.v6_seeing, 0);
	ck_assert_int_eq(s.v6_total, 291);
	ck_assert_int_eq(s.observed_neighbours, -1);
	ck_assert_uint_eq(s.norigins, 1);
	ck_assert_uint_eq(s.origins[0], 64496);
	ck_assert_uint_eq(s.nless, 1);
	ck_assert_str_eq(s.less_specifics[0].prefix, "192.0.0.0/22");
	ck_assert_uint_eq(s.less_specifics[0].origin, 64511);
	ck_assert_uint_eq(s.nmore, 1);
	ck_assert_str_eq(s.more_specifics[0].prefix, "192.0.2.128/25");
	ck_assert_uint_eq(s.more_specifics[0].origin, 64500);
	ck_assert_uint_eq(s.nnotes, 1);
	rs_routing_status_release(&s);
	free(text);

	text = test_fixture("ripestat/authored_routing-status_asn.json", &len);
	ck_assert_int_eq(ripestat_parse_routing_status(text, len, &s, &err), 0);
	ck_assert_str_eq(s.resource, "64496");
	ck_assert_int_eq(s.first_seen.time, 1162339200);
	ck_assert_str_eq(s.first_seen.prefix, "198.51.100.0/24");
	ck_assert_int_eq(s.observed_neighbours, 14);
	ck_assert_uint_eq(s.norigins, 0);
	ck_assert_ptr_null(s.origins);
	rs_routing_status_release(&s);
	free(text);

	/* Never seen: no first/last seen at all. */
	text = test_fixture("ripestat/authored_routing-status_unseen.json",
	    &len);
	ck_assert_int_eq(ripestat_parse_routing_status(text, len, &s, &err), 0);
	ck_assert_int_eq(s.first_seen.present, 0);
	ck_assert_int_eq(s.last_seen.present, 0);
	ck_assert_int_eq(s.v4_seeing, 0);
	ck_assert_uint_eq(s.norigins + s.nless + s.nmore, 0);
	rs_routing_status_release(&s);
	free(text);
}
END_TEST

START_TEST(test_routing_status_odd)
{
	static const char json[] =
	    "{\"status\":\"ok\",\"data\":{\"first_seen\":{},\"last_seen\":"
	    "{\"origin\":\"x\",\"time\":\"yesterday\"},\"visibility\":[],"
	    "\"origins\":[64500,\"AS64501\",{\"origin\":\"64502\"},{},\"z\"],"
	    "\"less_specifics\":[{\"prefix\":\"192.0.0.0/16\"},7],"
	    "\"more_specifics\":{}}}";
	struct dp_err err = DP_ERR_INIT;
	struct rs_routing_status s;

	ck_assert_int_eq(ripestat_parse_routing_status(json, strlen(json), &s,
	    &err), 0);
	ck_assert_ptr_null(s.resource);
	ck_assert_int_eq(s.first_seen.present, 0);
	ck_assert_int_eq(s.last_seen.present, 1);
	ck_assert_uint_eq(s.last_seen.origin, 0);
	ck_assert_int_eq(s.last_seen.has_time, 0);
	ck_assert_ptr_null(s.last_seen.prefix);
	ck_assert_int_eq(s.has_visibility, 0);
	ck_assert_int_eq(s.v4_total, -1);
	ck_assert_uint_eq(s.norigins, 3);
	ck_assert_uint_eq(s.origins[2], 64502);
	ck_assert_uint_eq(s.nless, 0);
	ck_assert_uint_eq(s.nmore, 0);
	ck_assert(notes_have(s.notes, s.nnotes, "origins: 2 entries without a "
	    "valid AS number left out"));
	ck_assert(notes_have(s.notes, s.nnotes, "less_specifics: 2 entries "
	    "without a prefix and origin left out"));
	rs_routing_status_release(&s);
}
END_TEST

START_TEST(test_looking_glass)
{
	static const char *const files[] = {
		"ripestat/mcpripestat_looking-glass_first.json",
		"ripestat/prsw_looking-glass.json",
	};
	static const uint32_t path[] = { 34854, 6939, 1853, 1853, 1205 };
	static const int64_t qt[] = { 1750734442, 1618491082 };
	struct dp_err err = DP_ERR_INIT;
	struct rs_looking_glass lg;
	size_t len, i, j;
	uint32_t up = 0;
	char *text;

	for (i = 0; i < ARRAY_SIZE(files); i++) {
		text = test_fixture(files[i], &len);
		ck_assert_msg(ripestat_parse_looking_glass(text, len, &lg,
		    &err) == 0, "%s", err.msg);
		ck_assert_int_eq(lg.has_query_time, 1);
		ck_assert_int_eq(lg.query_time, qt[i]);
		ck_assert_uint_eq(lg.n, 1);
		ck_assert_str_eq(lg.v[0].rrc, "RRC00");
		ck_assert_str_eq(lg.v[0].peer, "2.56.11.1");
		ck_assert_str_eq(lg.v[0].prefix, "140.78.0.0/16");
		ck_assert_uint_eq(lg.v[0].origin, 1205);
		ck_assert_int_eq(lg.v[0].has_set, 0);
		ck_assert_uint_eq(lg.v[0].npath, ARRAY_SIZE(path));
		for (j = 0; j < ARRAY_SIZE(path); j++)
			ck_assert_uint_eq(lg.v[0].path[j], path[j]);
		/* Prepending: 1853 1853 1205 -> upstream AS1853. */
		ck_assert_int_eq(rs_path_upstream(lg.v[0].path, lg.v[0].npath,
		    lg.v[0].origin, &up), 0);
		ck_assert_uint_eq(up, 1853);
		rs_looking_glass_release(&lg);
		free(text);
	}
}
END_TEST

START_TEST(test_looking_glass_odd)
{
	static const char json[] =
	    "{\"status\":\"ok\",\"data\":{\"rrcs\":["
	    "{\"rrc\":\"RRC01\",\"peers\":["
	    "{\"as_path\":[50300,5580,2852,1853,1205],\"prefix\":\"p\"},"
	    "{\"as_path\":\"3356 64500 {64501,64502}\",\"asn_origin\":64501},"
	    "{\"as_path\":\"3356 x\"},{\"as_path\":\"\"},{\"as_path\":7},"
	    "{\"as_path\":\"3356 {64501\"},{\"as_path\":[1,\"2\",\"z\"]},"
	    "{\"as_path\":\"1 99999999999\"},5]},"
	    "{\"peers\":\"none\"},7]}}";
	struct dp_err err = DP_ERR_INIT;
	struct rs_looking_glass lg;
	uint32_t up;

	ck_assert_int_eq(ripestat_parse_looking_glass(json, strlen(json), &lg,
	    &err), 0);
	ck_assert_int_eq(lg.has_query_time, 0);
	ck_assert_uint_eq(lg.n, 2);
	ck_assert_uint_eq(lg.v[0].origin, 1205);	/* the path's last */
	ck_assert_uint_eq(lg.v[0].npath, 5);
	ck_assert_ptr_null(lg.v[0].peer);
	ck_assert_int_eq(rs_path_upstream(lg.v[0].path, lg.v[0].npath, 1205,
	    &up), 0);
	ck_assert_uint_eq(up, 1853);
	ck_assert_int_eq(lg.v[1].has_set, 1);
	ck_assert_uint_eq(lg.v[1].npath, 2);
	ck_assert_uint_eq(lg.v[1].origin, 64501);
	/* The path does not end in the origin: no upstream to name. */
	ck_assert_int_eq(rs_path_upstream(lg.v[1].path, lg.v[1].npath,
	    lg.v[1].origin, &up), -1);
	ck_assert(notes_have(lg.notes, lg.nnotes, "7 routes without a readable "
	    "as_path left out"));
	rs_looking_glass_release(&lg);
}
END_TEST

START_TEST(test_path_upstream)
{
	static const uint32_t p1[] = { 34854, 6939, 1853, 1853, 1205 };
	static const uint32_t p2[] = { 1853, 1205, 1205, 1205 };
	static const uint32_t p3[] = { 1205 };
	static const uint32_t p4[] = { 1205, 1205 };
	static const uint32_t p5[] = { 1, 2, 3 };
	static const uint32_t p6[] = { 1205, 7, 1205 };
	uint32_t up = 42;

	ck_assert_int_eq(rs_path_upstream(p1, 5, 1205, &up), 0);
	ck_assert_uint_eq(up, 1853);
	ck_assert_int_eq(rs_path_upstream(p2, 4, 1205, &up), 0);
	ck_assert_uint_eq(up, 1853);
	ck_assert_int_eq(rs_path_upstream(p6, 3, 1205, &up), 0);
	ck_assert_uint_eq(up, 7);
	up = 42;
	ck_assert_int_eq(rs_path_upstream(p3, 1, 1205, &up), -1);
	ck_assert_int_eq(rs_path_upstream(p4, 2, 1205, &up), -1);
	ck_assert_int_eq(rs_path_upstream(p5, 3, 1205, &up), -1);
	ck_assert_int_eq(rs_path_upstream(p1, 0, 1205, &up), -1);
	ck_assert_int_eq(rs_path_upstream(NULL, 0, 1205, &up), -1);
	ck_assert_uint_eq(up, 42);
}
END_TEST

START_TEST(test_envelope)
{
	static const struct {
		const char	*json;
		int		 code;
		const char	*msg;	/* a part of err.msg, or NULL */
	} cases[] = {
		{ "", DP_EX_PROTOCOL, "not JSON" },
		{ "[]", DP_EX_PROTOCOL, "not a JSON object" },
		{ "\"ok\"", DP_EX_PROTOCOL, "not JSON" },
		{ "{\"data\":{\"neighbours\":[]}}", DP_EX_PROTOCOL,
		  "no status" },
		{ "{\"status\":null,\"data\":{}}", DP_EX_PROTOCOL,
		  "no status" },
		{ "{\"status\":\"ok\"}", DP_EX_PROTOCOL, "no data object" },
		{ "{\"status\":\"ok\",\"data\":null}", DP_EX_PROTOCOL,
		  "no data object" },
		{ "{\"status\":\"ok\",\"data\":[1]}", DP_EX_PROTOCOL,
		  "no data object" },
		{ "{\"status\":\"ok\",\"data\":{}}", DP_EX_PROTOCOL,
		  "no neighbours list" },
		{ "{\"status\":\"ok\",\"data\":{\"neighbours\":{}}}",
		  DP_EX_PROTOCOL, "no neighbours list" },
		{ "{\"status\":\"ok\",\"status_code\":\"200\",\"data\":{}}",
		  DP_EX_PROTOCOL, "status_code" },
		{ "{\"status\":\"ok\",\"data_call_name\":\"looking-glass\","
		  "\"data\":{\"neighbours\":[]}}", DP_EX_PROTOCOL,
		  "expected a RIPEstat asn-neighbours answer, got "
		  "'looking-glass'" },
		{ "{\"status\":\"error\",\"status_code\":400,\"messages\":[["
		  "\"error\",\"The given resource is not valid.\"]],"
		  "\"data\":{}}", DP_EX_PROTOCOL,
		  "RIPEstat asn-neighbours: status 'error', code 400: "
		  "The given resource is not valid." },
		{ "{\"status\":\"error\",\"status_code\":503,\"data\":{}}",
		  DP_EX_TEMPFAIL, "code 503" },
		{ "{\"status\":\"error\",\"status_code\":429,\"data\":{}}",
		  DP_EX_TEMPFAIL, "code 429" },
		{ "{\"status\":\"ok\",\"status_code\":500,\"data\":"
		  "{\"neighbours\":[]}}", DP_EX_TEMPFAIL, NULL },
		{ "{\"status\":\"maintenance\\u001b[2J\",\"data\":{}}",
		  DP_EX_PROTOCOL, "status 'maintenance?[2J'" },
		{ "{\"status\":\"ok\",\"data\":{\"neighbours\":[]}} x",
		  DP_EX_PROTOCOL, "not JSON" },
		{ "{\"status\":\"ok\",\"data\":{\"neighbours\":[\x1b]}}",
		  DP_EX_PROTOCOL, "not JSON" },
		{ "{\"status\":\"ok\",\"data\":{\"resource\":\"\\u0000\","
		  "\"neighbours\":[]}}", DP_EX_PROTOCOL, "not JSON" },
		{ "{\"status\":\"ok\",\"data\":{\"resource\":\"\xff\xfe\","
		  "\"neighbours\":[]}}", DP_EX_PROTOCOL, "not JSON" },
	};
	struct rs_neighbours nb;
	struct dp_err err;
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		memset(&err, 0, sizeof(err));
		memset(&nb, 0x5a, sizeof(nb));
		ck_assert_msg(ripestat_parse_neighbours(cases[i].json,
		    strlen(cases[i].json), &nb, &err) == cases[i].code,
		    "case %zu: %s", i, err.msg);
		ck_assert_uint_eq(nb.resource, 0x5a5a5a5a);
		if (cases[i].msg != NULL)
			ck_assert_msg(strstr(err.msg, cases[i].msg) != NULL,
			    "case %zu: %s", i, err.msg);
		for (j = 0; err.msg[j] != '\0'; j++)
			ck_assert_msg((unsigned char)err.msg[j] >= 0x20 &&
			    (unsigned char)err.msg[j] != 0x7f, "case %zu: %s",
			    i, err.msg);
	}
	/* A NUL byte inside the body. */
	ck_assert_int_eq(ripestat_parse_neighbours("{\"status\":\"ok\"\0}", 16,
	    &nb, &err), DP_EX_PROTOCOL);
}
END_TEST

START_TEST(test_other_calls)
{
	/* Answers of calls depeer does not parse here, fed to each parser:
	   refused cleanly (a wrong data_call_name, or what is missing). */
	static const char *const files[] = {
		"ripestat/mcpripestat_as-overview_AS3333.json",
		"ripestat/prsw_address-space-hierarchy.json",
		"ripestat/prsw_announced-prefixes.json",
		"ripestat/prsw_network-info.json",
		"ripestat/prsw_routing-history.json",
		"ripestat/statripe_announced-prefixes_AS211532.json",
	};
	struct dp_err err = DP_ERR_INIT;
	struct rs_neighbours nb;
	struct rs_looking_glass lg;
	struct rs_routing_status rs;
	struct reg_record r;
	size_t len, i;
	char *text;

	for (i = 0; i < ARRAY_SIZE(files); i++) {
		text = test_fixture(files[i], &len);
		ck_assert_int_eq(ripestat_parse_neighbours(text, len, &nb,
		    &err), DP_EX_PROTOCOL);
		ck_assert_int_eq(ripestat_parse_abuse(text, len, &r, &err),
		    DP_EX_PROTOCOL);
		ck_assert_int_eq(ripestat_parse_prefix_overview(text, len, &r,
		    &err), DP_EX_PROTOCOL);
		ck_assert_int_eq(ripestat_parse_looking_glass(text, len, &lg,
		    &err), DP_EX_PROTOCOL);
		ck_assert_int_eq(ripestat_parse_routing_status(text, len, &rs,
		    &err), DP_EX_PROTOCOL);
		free(text);
	}
	ck_assert_int_eq(ripestat_parse_routing_status("{\"status\":\"ok\","
	    "\"data\":{}}", 25, &rs, &err), DP_EX_PROTOCOL);
	/* The data_call_name is checked before anything in data. */
	text = test_fixture("ripestat/mcpripestat_as-overview_AS3333.json",
	    &len);
	ck_assert_int_eq(ripestat_parse_prefix_overview(text, len, &r, &err),
	    DP_EX_PROTOCOL);
	ck_assert_str_eq(err.msg, "expected a RIPEstat prefix-overview answer, "
	    "got 'as-overview'");
	free(text);
}
END_TEST

START_TEST(test_hostile_sizes)
{
	struct dp_err err = DP_ERR_INIT;
	struct rs_neighbours nb;
	struct reg_record r;
	size_t big = 1 << 20, off, i;
	char *s;

	s = xmalloc(4 * big + 1024);
	/* A 1 MB message and a 1 MB error text. */
	off = (size_t)sprintf(s, "{\"status\":\"ok\",\"messages\":["
	    "[\"warning\","
	    "\"");
	memset(s + off, 'w', big);
	off += big;
	off += (size_t)sprintf(s + off, "\"]],\"data\":{\"neighbours\":[]}}");
	ck_assert_int_eq(ripestat_parse_neighbours(s, off, &nb, &err), 0);
	ck_assert_uint_eq(nb.nnotes, 1);
	ck_assert_uint_eq(strlen(nb.notes[0]), big + 9);
	rs_neighbours_release(&nb);
	off = (size_t)sprintf(s, "{\"status\":\"error\",\"messages\":["
	    "[\"error\","
	    "\"");
	memset(s + off, 'e', big);
	off += big;
	off += (size_t)sprintf(s + off, "\"]],\"data\":{}}");
	ck_assert_int_eq(ripestat_parse_neighbours(s, off, &nb, &err),
	    DP_EX_PROTOCOL);
	ck_assert_uint_lt(strlen(err.msg), 300);

	/* 100000 neighbours, and 100000 origins (kept to 1000). */
	off = (size_t)sprintf(s, "{\"status\":\"ok\",\"data\":"
	    "{\"neighbours\":[");
	for (i = 0; i < 100000; i++)
		off += (size_t)sprintf(s + off,
		    "%s{\"asn\":%zu,\"type\":\"%s\"}",
		    i ? "," : "", i % 50000 + 1, i < 50000 ? "left" : "right");
	off += (size_t)sprintf(s + off, "]}}");
	ck_assert_int_eq(ripestat_parse_neighbours(s, off, &nb, &err), 0);
	ck_assert_uint_eq(nb.n, 100000);
	ck_assert_int_eq(nb.v[0].both_sides, 1);
	ck_assert_int_eq(nb.v[99999].both_sides, 1);
	rs_neighbours_release(&nb);
	off = (size_t)sprintf(s, "{\"status\":\"ok\",\"data\":{\"resource\":"
	    "\"192.0.2.0/24\",\"asns\":[");
	for (i = 0; i < 100000; i++)
		off += (size_t)sprintf(s + off, "%s{\"asn\":%zu}", i ? "," : "",
		    i + 1);
	off += (size_t)sprintf(s + off, "]}}");
	ck_assert_int_eq(ripestat_parse_prefix_overview(s, off, &r, &err), 0);
	ck_assert_uint_eq(r.norigins, 1000);
	reg_record_release(&r);

	/* Nesting 100000 deep: refused by jansson, not a stack overflow. */
	memset(s, '[', 100000);
	memset(s + 100000, ']', 100000);
	ck_assert_int_eq(ripestat_parse_neighbours(s, 200000, &nb, &err),
	    DP_EX_PROTOCOL);
	free(s);
}
END_TEST

Suite *
ripestat_suite(void)
{
	Suite *s = suite_create("ripestat");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_url);
	tcase_add_test(tc, test_neighbours_v3);
	tcase_add_test(tc, test_neighbours_v41);
	tcase_add_test(tc, test_neighbours_sides);
	tcase_add_test(tc, test_abuse);
	tcase_add_test(tc, test_abuse_odd);
	tcase_add_test(tc, test_note_clipping);
	tcase_add_test(tc, test_prefix_overview);
	tcase_add_test(tc, test_routing_status);
	tcase_add_test(tc, test_routing_status_odd);
	tcase_add_test(tc, test_looking_glass);
	tcase_add_test(tc, test_looking_glass_odd);
	tcase_add_test(tc, test_path_upstream);
	tcase_add_test(tc, test_envelope);
	tcase_add_test(tc, test_other_calls);
	tcase_add_test(tc, test_hostile_sizes);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}
