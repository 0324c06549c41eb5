/*
 * check_export.c - iodef.c on a tiny case: the document read back with
 * libxml2 has its parts in the schema's order, every indicator type in
 * its element, text from the case escaped and read back unchanged; a
 * sink that fails is an I/O error; the root check refuses IODEF v1, a
 * root without a namespace, another root and broken XML; the registry
 * of a server's name.  The schema itself is checked by
 * tests/cli/t0330-export-iodef.sh (xmllint).  Also the bundle's file
 * names (bundle_int.h).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "buf.h"
#include "bundle_int.h"
#include "evidence.h"
#include "exitcodes.h"
#include "iodef.h"

Suite	*export_suite(void);

static int
to_buf(void *arg, const char *bytes, size_t len)
{
	buf_add(arg, bytes, len);
	return 0;
}

static int
failing(void *arg, const char *bytes, size_t len)
{
	(void)arg;
	(void)bytes;
	(void)len;
	return -1;
}

static const char *const mail[] = { "abuse@transit.example" };
static const uint32_t up_as[] = { 3549 };
static const char *const up_reg[] = { "arin" };
static const struct iodef_contact contacts[] = {
	{ "creator", "person", "Ana <Lima>", NULL, NULL, NULL, 0, NULL, 0 },
	{ "abuse", "organization", "AS3549 GBLX", "transit & more", up_as,
	  up_reg, 1, mail, 1 },
};
static const struct iodef_history hist[] = {
	{ 1226404800, "contact-source-site", "sent to abuse@transit.example",
	  &contacts[1] },
};
static const struct iodef_event events[] = {
	{ 1, "c2", "192.0.2.1", IND_IPV4, 1, 1226300000, "Srizbi", NULL,
	  "a <note> & \"quotes\"", NULL },
	{ 2, "spam-source", "2001:db8::1", IND_IPV6, 0, 0, NULL, NULL, NULL,
	  NULL },
	{ 3, "phishing", "http://bank.example/?a=1&b=2", IND_URL, 0, 0, NULL,
	  NULL, NULL, NULL },
	{ 4, "malware-host", "evil.example", IND_DOMAIN, 0, 0, NULL, NULL,
	  NULL, NULL },
	{ 5, "scan", "198.51.100.0/24", IND_CIDR, 0, 0, NULL, NULL, NULL,
	  NULL },
};

static void
build(struct buf *out)
{
	struct iodef_case c;
	struct dp_err err = DP_ERR_INIT;
	struct iodef_w *w;
	size_t i;

	memset(&c, 0, sizeof(c));
	c.id_name = "cert.example";
	c.id = "depeer-P1";
	c.status = "in-progress";
	c.generation_time = 1226448000;
	c.description = "McColo <&>";
	c.contacts = contacts;
	c.ncontacts = 2;
	c.history = hist;
	c.nhistory = 1;
	w = iodef_begin(&c, to_buf, out, &err);
	ck_assert_msg(w != NULL, "%s", err.msg);
	for (i = 0; i < sizeof(events) / sizeof(events[0]); i++)
		ck_assert_int_eq(iodef_event(w, &events[i], &err), 0);
	ck_assert_msg(iodef_end(w, &err) == 0, "%s", err.msg);
}

/* The string value of xpath expr (prefix i: the v2 namespace). */
static char *
xp(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr x = xmlXPathNewContext(doc);
	xmlXPathObjectPtr o;
	char *s;

	xmlXPathRegisterNs(x, (const xmlChar *)"i",
	    (const xmlChar *)IODEF_NS);
	o = xmlXPathEvalExpression((const xmlChar *)expr, x);
	ck_assert_ptr_nonnull(o);
	s = (char *)xmlXPathCastToString(o);
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(x);
	return s;
}

static void
is(xmlDocPtr doc, const char *expr, const char *want)
{
	char *got = xp(doc, expr);

	ck_assert_msg(strcmp(got, want) == 0, "%s: '%s', not '%s'", expr, got,
	    want);
	xmlFree(got);
}

START_TEST(test_document)
{
	struct buf b = BUF_INIT;
	struct dp_err err = DP_ERR_INIT;
	xmlDocPtr doc;

	build(&b);
	ck_assert_int_eq(iodef_check_root(b.s, b.len, &err), 0);
	/* the text is escaped, never pasted */
	ck_assert_ptr_nonnull(strstr(b.s, "a &lt;note&gt; &amp; "));
	ck_assert_ptr_null(strstr(b.s, "<note>"));
	doc = xmlReadMemory(b.s, (int)b.len, NULL, NULL, XML_PARSE_NONET);
	ck_assert_ptr_nonnull(doc);
	is(doc, "string(/i:IODEF-Document/@version)", "2.00");
	is(doc, "local-name(/i:IODEF-Document/i:Incident/*[1])",
	    "IncidentID");
	is(doc, "local-name(/i:IODEF-Document/i:Incident/*[2])",
	    "GenerationTime");
	is(doc, "string(//i:GenerationTime)", "2008-11-12T00:00:00Z");
	is(doc, "string(//i:Incident/i:Description)", "McColo <&>");
	is(doc, "string(//i:Contact[1]/i:ContactName)", "Ana <Lima>");
	is(doc, "string(//i:Incident/i:Contact[2]/i:RegistryHandle/"
	    "@registry)", "arin");
	is(doc, "string(//i:Incident/i:Contact[2]/i:RegistryHandle)",
	    "AS3549");
	is(doc, "count(//i:EventData)", "5");
	is(doc, "string(//i:EventData[1]/i:Description)",
	    "c2, family Srizbi: a <note> & \"quotes\"");
	is(doc, "string(//i:EventData[1]//i:Address/@category)",
	    "ipv4-addr");
	is(doc, "string(//i:EventData[1]//i:System/@category)",
	    "intermediate");
	is(doc, "string(//i:EventData[1]/i:DetectTime)",
	    "2008-11-10T06:53:20Z");
	is(doc, "count(//i:EventData[2]/i:DetectTime)", "0");
	is(doc, "string(//i:EventData[2]//i:Address/@category)",
	    "ipv6-addr");
	is(doc, "string(//i:EventData[3]//i:Address/@category)", "site-uri");
	is(doc, "string(//i:EventData[3]//i:Address)",
	    "http://bank.example/?a=1&b=2");
	is(doc, "string(//i:EventData[4]//i:DomainData/i:Name)",
	    "evil.example");
	is(doc, "string(//i:EventData[5]//i:Address/@category)", "ipv4-net");
	is(doc, "count(//i:EventData[5]//i:NodeRole)", "0");
	is(doc, "string(//i:EventData[4]//i:NodeRole/@category)",
	    "malware-distribution");
	is(doc, "local-name(/i:IODEF-Document/i:Incident/*[last()])",
	    "History");
	is(doc, "string(//i:HistoryItem/@action)", "contact-source-site");
	is(doc, "string(//i:HistoryItem/i:Contact/i:Email/i:EmailTo)",
	    "abuse@transit.example");
	xmlFreeDoc(doc);
	buf_release(&b);
}
END_TEST

START_TEST(test_sink_fails)
{
	struct iodef_case c;
	struct dp_err err = DP_ERR_INIT;
	struct iodef_w *w;
	int rc = 0;
	size_t i;

	memset(&c, 0, sizeof(c));
	c.id_name = "x.example";
	c.id = "1";
	c.status = "new";
	c.contacts = contacts;
	c.ncontacts = 1;
	/* libxml2 buffers: the failure shows when it flushes */
	w = iodef_begin(&c, failing, NULL, &err);
	if (w == NULL)
		rc = err.code;
	for (i = 0; w != NULL && rc == 0 && i < 2000; i++)
		rc = iodef_event(w, &events[0], &err);
	if (w != NULL && rc == 0)
		rc = iodef_end(w, &err);
	else if (w != NULL)
		iodef_abort(w);
	ck_assert_int_eq(rc, DP_EX_IOERR);
	c.ncontacts = 0;
	ck_assert_ptr_null(iodef_begin(&c, to_buf, NULL, &err));
}
END_TEST

static int
root(const char *xml, struct dp_err *err)
{
	return iodef_check_root(xml, strlen(xml), err);
}

START_TEST(test_root)
{
	struct dp_err err = DP_ERR_INIT;

	ck_assert_int_eq(root("<IODEF-Document xmlns=\"" IODEF_NS "\"/>",
	    &err), 0);
	ck_assert_int_eq(root("<i:IODEF-Document xmlns:i=\"" IODEF_NS
	    "\"/>", &err), 0);
	/* IODEF v1: the schema bundle would accept a valid one */
	ck_assert_int_eq(root("<IODEF-Document version=\"1.00\" lang=\"en\" "
	    "xmlns=\"urn:ietf:params:xml:ns:iodef-1.0\"/>", &err),
	    DP_EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(err.msg, "iodef-1.0"));
	ck_assert_int_eq(root("<IODEF-Document/>", &err), DP_EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(err.msg, "no namespace"));
	ck_assert_int_eq(root("<Incident xmlns=\"" IODEF_NS "\"/>", &err),
	    DP_EX_DATAERR);
	/* a prefix is enough; a broken start tag is not */
	ck_assert_int_eq(root("<?xml version=\"1.0\"?>\n<IODEF-Document "
	    "xmlns=\"" IODEF_NS "\"><Incident", &err), 0);
	ck_assert_int_eq(root("<IODEF-Document xmlns=", &err),
	    DP_EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(err.msg, "well-formed"));
}
END_TEST

START_TEST(test_registry)
{
	ck_assert_str_eq(iodef_registry("whois.arin.net:43"), "arin");
	ck_assert_str_eq(iodef_registry("rdap.db.ripe.net"), "ripe");
	ck_assert_str_eq(iodef_registry("WHOIS.APNIC.NET"), "apnic");
	ck_assert_str_eq(iodef_registry("rdap.lacnic.net/rdap"), "lacnic");
	ck_assert_str_eq(iodef_registry("whois.afrinic.net"), "afrinic");
	ck_assert_ptr_null(iodef_registry("whois.radb.net:43"));
	ck_assert_ptr_null(iodef_registry("notarin.example"));
	ck_assert_ptr_null(iodef_registry(NULL));
}
END_TEST

START_TEST(test_names)
{
	struct buf b = BUF_INIT;
	struct evfile f;

	bundle_safe_name(&b, "../etc/pass wd;\n.x", 100);
	ck_assert_str_eq(b.s, "_._etc_pass_wd__.x");
	buf_reset(&b);
	bundle_safe_name(&b, ".hidden", 100);
	ck_assert_str_eq(b.s, "_hidden");
	buf_reset(&b);
	bundle_safe_name(&b, "", 100);
	ck_assert_str_eq(b.s, "_");
	buf_reset(&b);
	bundle_safe_name(&b, "abcdef", 3);
	ck_assert_str_eq(b.s, "abc");
	buf_reset(&b);
	memset(&f, 0, sizeof(f));
	memset(f.sha256, 'a', 64);
	f.name = "capture one.pcap";
	bundle_attachment_path(&b, &f);
	ck_assert_str_eq(b.s, "attachments/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-capture_one.pcap");
	buf_release(&b);
}
END_TEST

Suite *
export_suite(void)
{
	Suite *s = suite_create("export");
	TCase *tc = tcase_create("iodef");

	tcase_add_test(tc, test_document);
	tcase_add_test(tc, test_sink_fails);
	tcase_add_test(tc, test_root);
	tcase_add_test(tc, test_registry);
	tcase_add_test(tc, test_names);
	suite_add_tcase(s, tc);
	return s;
}
