/*
 * check_xarf.c - xarf.c: each kind mapped to its XARF category and type
 * with the fields the type schema requires, the rows that cannot be
 * reported and why, the stable v4-shaped report id, the evidence item's
 * hash over its payload, and a context that lacks the reporter refused.
 * The schemas themselves are checked by tests/cli/t0203-xarf.sh.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/evp.h>

#include "addr.h"
#include "evidence.h"
#include "exitcodes.h"
#include "hash.h"
#include "xarf.h"

Suite	*xarf_suite(void);

static struct mailbox from = { "Ana Lima", "ana@cert.example" };
static const char mid[] = "4919f7b4.0123456789abcdef@cert.example";

static void
make(struct evidence *e, const char *kind, const char *ind,
    const char *observed, const char *family, const char *source)
{
	struct ev_input in = { kind, ind, observed, family, source,
		"a note, with \"quotes\"" };
	struct dp_err err = DP_ERR_INIT;
	struct sha256 *h = sha256_new();

	memset(e, 0, sizeof(*e));
	ck_assert_msg(evidence_from_input(&in, e, &err) == 0, "%s", err.msg);
	e->id = 42;
	e->provider_id = 1;
	e->recorded_at = 1226500000;
	evidence_hash(e, h);
	sha256_free(h);
}

static json_t *
report(const struct evidence *e)
{
	struct xarf_ctx c = { "CERT Example", &from, mid };
	struct dp_err err = DP_ERR_INIT;
	json_t *r = xarf_report(e, &c, &err);

	ck_assert_msg(r != NULL, "%s", err.msg);
	return r;
}

static const char *
str(json_t *r, const char *key)
{
	json_t *v = json_object_get(r, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

struct kcase {
	const char	*kind, *ind;
	const char	*category, *type;
	const char	*need;		/* required by its schema */
};

static const struct kcase kinds[] = {
	{ "c2", "208.66.194.22", "infrastructure", "botnet",
	  "compromise_evidence" },
	{ "botnet-ctrl", "panel.evil.example", "infrastructure", "botnet",
	  "compromise_evidence" },
	{ "malware-host", "http://evil.example/a.exe", "content", "malware",
	  "url" },
	{ "phishing", "https://evil.example/login", "content", "phishing",
	  "url" },
};

START_TEST(test_kinds)
{
	const struct kcase *k = &kinds[_i];
	struct evidence e;
	json_t *r;

	make(&e, k->kind, k->ind, "2008-11-11T21:23:00Z", "Srizbi", "x");
	ck_assert_ptr_null(xarf_unreportable(&e));
	r = report(&e);
	ck_assert_str_eq(str(r, "category"), k->category);
	ck_assert_str_eq(str(r, "type"), k->type);
	ck_assert_ptr_nonnull(str(r, k->need));
	ck_assert_str_eq(str(r, "xarf_version"), "4.2.0");
	ck_assert_str_eq(str(r, "timestamp"), "2008-11-11T21:23:00Z");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(r,
	    "reporter"), "domain")), "cert.example");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(r,
	    "sender"), "org")), "CERT Example");
	/* "x" is no XARF evidence_source word: none is guessed. */
	ck_assert_ptr_null(json_object_get(r, "evidence_source"));
	json_decref(r);
	evidence_release(&e);
}
END_TEST

START_TEST(test_botnet_fields)
{
	struct evidence e;
	json_t *r;

	make(&e, "c2", "http://cc.evil.example:8080/gate.php", NULL, "Mega-D",
	    "honeypot");
	r = report(&e);
	ck_assert_str_eq(str(r, "c2_server"), "cc.evil.example");
	ck_assert_str_eq(str(r, "source_identifier"),
	    "http://cc.evil.example:8080/gate.php");
	ck_assert_str_eq(str(r, "malware_family"), "Mega-D");
	ck_assert_str_eq(str(r, "evidence_source"), "honeypot");
	/* No observation time: the time it was recorded. */
	ck_assert_str_eq(str(r, "timestamp"), "2008-11-12T14:26:40Z");
	ck_assert_ptr_nonnull(strstr(str(r, "compromise_evidence"),
	    "evidence 42, kind c2, source: honeypot"));
	json_decref(r);
	evidence_release(&e);
}
END_TEST

static const struct {
	const char	*kind, *ind, *why;
} skips[] = {
	{ "spam-source", "208.66.195.1", "envelope sender" },
	{ "scan", "208.66.195.2", "source port" },
	{ "other", "208.66.195.3", "no XARF type" },
	{ "malware-host", "208.66.195.4", "need a URL" },
	{ "phishing", "evil.example", "need a URL" },
};

START_TEST(test_unreportable)
{
	struct evidence e;
	struct xarf_ctx c = { "CERT Example", &from, mid };
	struct dp_err err = DP_ERR_INIT;
	const char *why;

	make(&e, skips[_i].kind, skips[_i].ind, NULL, NULL, NULL);
	why = xarf_unreportable(&e);
	ck_assert_ptr_nonnull(why);
	ck_assert_ptr_nonnull(strstr(why, skips[_i].why));
	ck_assert_ptr_null(xarf_report(&e, &c, &err));
	ck_assert_int_eq(err.code, DP_EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(err.msg, "evidence 42: "));
	evidence_release(&e);
}
END_TEST

/* Stable per (Message-ID, evidence id), v4-shaped, different otherwise. */
START_TEST(test_report_id)
{
	char a[37], b[37], c[37], d[37];

	xarf_report_id(mid, 42, a);
	xarf_report_id(mid, 42, b);
	xarf_report_id(mid, 43, c);
	xarf_report_id("other@cert.example", 42, d);
	ck_assert_str_eq(a, b);
	ck_assert_str_ne(a, c);
	ck_assert_str_ne(a, d);
	ck_assert_uint_eq(strlen(a), 36);
	ck_assert(a[8] == '-' && a[13] == '-' && a[18] == '-' && a[23] == '-');
	ck_assert_int_eq(a[14], '4');
	ck_assert_ptr_nonnull(strchr("89ab", a[19]));
	/* Not 4 and 42 run together: "4" "242" differs from "42" "42". */
	xarf_report_id("x@y.example4", 2, c);
	xarf_report_id("x@y.example", 42, d);
	ck_assert_str_ne(c, d);
}
END_TEST

/* The evidence item: the row as CSV, its SHA-256 and size. */
START_TEST(test_evidence_item)
{
	struct evidence e;
	json_t *r, *ev;
	unsigned char raw[1024], dg[SHA256_LEN];
	char hex[SHA256_HEXLEN], want[80];
	const char *p;
	int n;

	make(&e, "c2", "208.66.194.22", "2008-11-11T21:23:00Z", "Srizbi",
	    "abuse.ch");
	e.nfiles = 2;
	e.files = calloc(2, sizeof(*e.files));
	e.files[0].name = strdup("capture.pcap");
	memset(e.files[0].sha256, 'a', SHA256_HEXLEN - 1);
	e.files[0].size = 1234;
	e.files[1].name = strdup("shot, 1.png");
	memset(e.files[1].sha256, 'b', SHA256_HEXLEN - 1);
	e.files[1].size = 5;
	r = report(&e);
	ev = json_array_get(json_object_get(r, "evidence"), 0);
	ck_assert_ptr_nonnull(ev);
	p = json_string_value(json_object_get(ev, "payload"));
	n = EVP_DecodeBlock(raw, (const unsigned char *)p, (int)strlen(p));
	ck_assert_int_gt(n, 0);
	/* EVP_DecodeBlock counts a byte for each '=' of padding. */
	n -= (p[strlen(p) - 1] == '=') + (p[strlen(p) - 2] == '=');
	ck_assert_int_eq(n, (int)json_integer_value(json_object_get(ev,
	    "size")));
	raw[n] = '\0';
	ck_assert_ptr_nonnull(strstr((char *)raw, "id,kind,indicator,"));
	ck_assert_ptr_nonnull(strstr((char *)raw, "\r\n42,c2,208.66.194.22,"
	    "ipv4,2008-11-11T21:23:00Z,Srizbi,abuse.ch,\"a note, with "
	    "\"\"quotes\"\"\",2008-11-12T14:26:40Z,"));
	ck_assert_ptr_nonnull(strstr((char *)raw, ",\"capture.pcap sha256:"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa "
	    "1234; shot, 1.png sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
	    "bbbbbbbbbbbbbbbbbbbbbbbb 5\"\r\n"));
	sha256_buf(raw, (size_t)n, dg);
	sha256_hex(dg, hex);
	snprintf(want, sizeof(want), "sha256:%s", hex);
	ck_assert_str_eq(json_string_value(json_object_get(ev, "hash")), want);
	json_decref(r);
	evidence_release(&e);
}
END_TEST

START_TEST(test_context_refused)
{
	struct evidence e;
	struct mailbox noname = { NULL, "ana@cert.example" };
	struct mailbox literal = { "Ana", "ana@[192.0.2.1]" };
	struct xarf_ctx c = { NULL, &noname, mid };
	struct dp_err err = DP_ERR_INIT;
	json_t *r;

	make(&e, "c2", "208.66.194.22", NULL, NULL, NULL);
	ck_assert_ptr_null(xarf_report(&e, &c, &err));
	ck_assert_int_eq(err.code, DP_EX_CONFIG);
	ck_assert_ptr_nonnull(strstr(err.msg, "depeer config set "
	    "organisation"));
	c.from = NULL;
	ck_assert_ptr_null(xarf_report(&e, &c, &err));
	ck_assert_ptr_nonnull(strstr(err.msg, "set 'from'"));
	c.from = &literal;
	ck_assert_ptr_null(xarf_report(&e, &c, &err));
	ck_assert_ptr_nonnull(strstr(err.msg, "address literal"));
	/* Without an organisation, the From name names the reporter. */
	c.from = &from;
	r = xarf_report(&e, &c, &err);
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(r,
	    "reporter"), "org")), "Ana Lima");
	json_decref(r);
	evidence_release(&e);
}
END_TEST

Suite *
xarf_suite(void)
{
	Suite *s = suite_create("xarf");
	TCase *tc = tcase_create("report");

	tcase_add_loop_test(tc, test_kinds, 0,
	    (int)(sizeof(kinds) / sizeof(kinds[0])));
	tcase_add_test(tc, test_botnet_fields);
	tcase_add_loop_test(tc, test_unreportable, 0,
	    (int)(sizeof(skips) / sizeof(skips[0])));
	tcase_add_test(tc, test_report_id);
	tcase_add_test(tc, test_evidence_item);
	tcase_add_test(tc, test_context_refused);
	suite_add_tcase(s, tc);
	return s;
}
