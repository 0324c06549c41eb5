/*
 * check_resolve_json.c - lookup_json_write(), the bulk lookup's JSON
 * written straight from the struct, against what it replaces: jansson's
 * dump of lookup_to_json(), re-indented as a stream's element.  Lookups
 * built from the RDAP fixtures, and by hand with strings that need
 * escaping, NULLs, empty arrays, IPv6, inherited provenance, warnings.
 */
#include <string.h>

#include "buf.h"
#include "lookup.h"
#include "rdap.h"
#include "testutil.h"

#define AT	1226438580	/* 2008-11-11T21:23:00Z */

/* jansson's dump of lookup_to_json(l), every line after the first
   indented by indent more spaces. */
static char *
jansson_text(const struct lookup *l, int indent)
{
	return test_jansson_text(lookup_to_json(l), indent);
}

static void
same_as_jansson(const struct lookup *l)
{
	struct buf b = BUF_INIT;
	char *want, *got;
	size_t k, from;
	int indent;

	for (indent = 0; indent <= 6; indent += 2) {
		want = jansson_text(l, indent);
		buf_reset(&b);
		/* after other text, as a stream's buffer can be */
		buf_adds(&b, "[\n  ");
		lookup_json_write(&b, l, indent);
		got = b.s + 4;
		for (k = 0; want[k] != '\0' && want[k] == got[k]; k++)
			;
		from = k > 80 ? k - 80 : 0;
		/* where they part, not the whole text: Check's messages are
		   short */
		ck_assert_msg(want[k] == got[k],
		    "%s, indent %d, byte %zu:\n--- jansson ---\n%.160s\n"
		    "--- written ---\n%.160s", l->input, indent, k,
		    want + from, got + from);
		ck_assert_uint_eq(b.len, strlen(b.s));
		free(want);
	}
	buf_release(&b);
}

/* A cited answer; its index in l->src. */
static int
add_src(struct lookup *l, int64_t id, const char *protocol,
    const char *server, const char *query, int cached, int reused)
{
	struct lk_src *s;
	char sha[SHA256_HEXLEN];

	memset(sha, 0, sizeof(sha));
	memset(sha, "0123456789abcdef"[l->nsrc % 16], SHA256_HEXLEN - 1);
	l->src = xrealloc(l->src, (l->nsrc + 1) * sizeof(*l->src));
	s = &l->src[l->nsrc];
	memset(s, 0, sizeof(*s));
	source_ref_set(&s->ref, id, protocol, server, query,
	    AT + (int64_t)l->nsrc * 86401, sha, 1000 * l->nsrc + 17);
	s->ref.cached = cached;
	s->ref.reused = reused;
	s->batch = cached ? -1 : (int)l->nsrc;
	return (int)l->nsrc++;
}

static void
add_contact(struct lookup *l, const char *email, enum reg_role role,
    const char *via, int src, const char *from)
{
	struct lk_contact *c;

	l->contacts = xrealloc(l->contacts, (l->ncontacts + 1) *
	    sizeof(*l->contacts));
	c = &l->contacts[l->ncontacts++];
	memset(c, 0, sizeof(*c));
	c->email = xstrdup(email);
	c->role = role;
	c->via = via != NULL ? xstrdup(via) : NULL;
	c->src = src;
	c->from = from != NULL ? xstrdup(from) : NULL;
}

static void
add_origin(struct lookup *l, uint32_t asn, int src, const char *from)
{
	struct lk_origin *g;

	l->origins = xrealloc(l->origins, (l->norigins + 1) *
	    sizeof(*l->origins));
	g = &l->origins[l->norigins++];
	g->asn = asn;
	g->src = src;
	g->from = from != NULL ? xstrdup(from) : NULL;
}

static void
add_warning(struct lookup *l, const char *w)
{
	l->warnings = xrealloc(l->warnings, (l->nwarnings + 1) *
	    sizeof(*l->warnings));
	l->warnings[l->nwarnings++] = xstrdup(w);
}

/* The lookup a run would make of an RDAP answer: its record, contacts
   and origins, each citing the answer. */
static void
from_rdap(struct lookup *l, const char *input, const char *fixture)
{
	struct dp_err err = DP_ERR_INIT;
	struct reg_record rec;
	size_t len, i;
	char *body = test_fixture(fixture, &len);
	int src;

	ck_assert_int_eq(lookup_init(l, input, LK_RDAP, &err), 0);
	ck_assert_msg(rdap_parse(body, len, &rec, &err) == 0, "%s: %s",
	    fixture, err.msg);
	free(body);
	reg_record_release(&l->rdap);
	l->rdap = rec;
	src = add_src(l, 0, "rdap", "rdap.example.net", fixture, 0, 0);
	l->rdap_src = src;
	for (i = 0; i < rec.ncontacts; i++)
		add_contact(l, rec.contacts[i].email, rec.contacts[i].role,
		    rec.contacts[i].via, src, rec.contacts[i].from);
	for (i = 0; i < rec.norigins; i++)
		add_origin(l, rec.origins[i], src, rec.origins_from);
}

START_TEST(test_rdap_fixtures)
{
	static const char *const cases[][2] = {
		{ "206.41.110.7", "rdap/20c_ip_206.41.110.0.json" },
		{ "196.11.240.215",
		  "rdap/ipwhois_afrinic_ip_196.11.240.215.json" },
		{ "2001:43f8:7b0::1",
		  "rdap/ipwhois_afrinic_ip_2001_43f8_7b0__.json" },
		{ "2001:240:10c:1::ca20:9d1d",
		  "rdap/ipwhois_apnic_ip_2001_240_10c_1__ca20_9d1d.json" },
		{ "210.107.73.73", "rdap/ipwhois_apnic_ip_210.107.73.73.json" },
		{ "2001:4860:4860::8888",
		  "rdap/ipwhois_arin_ip_2001_4860_4860__8888.json" },
		{ "74.125.225.0/24",
		  "rdap/ipwhois_arin_ip_74.125.225.229.json" },
		{ "200.57.141.161",
		  "rdap/ipwhois_lacnic_ip_200.57.141.161.json" },
		{ "62.239.237.1", "rdap/ipwhois_ripe_ip_62.239.237.1.json" },
		{ "1.1.1.1", "rdap/rdapclient_ip_network_apnic_1_1_1_1.json" },
		{ "3.3.3.3", "rdap/rdapclient_ip_network_arin_3_3_3_3.json" },
		{ "193.0.0.1",
		  "rdap/rdapclient_ip_network_ripe_193_0_0_0.json" },
		{ "AS205697", "rdap/20c_autnum_AS205697.json" },
		{ "AS2515", "rdap/20c_autnum_AS2515.json" },
		{ "AS36864", "rdap/rdapclient_autnum_afrinic_as36864.json" },
		{ "AS4608", "rdap/rdapclient_autnum_apnic_as4608.json" },
		{ "AS27648", "rdap/rdapclient_autnum_lacnic_as27648.json" },
	};
	struct lookup l;

	from_rdap(&l, cases[_i][0], cases[_i][1]);
	same_as_jansson(&l);
	/* the same answer served from the store, about another address */
	l.src[0].ref.id = 9007199254740993LL;
	l.src[0].ref.cached = 1;
	l.src[0].ref.reused = 1;
	add_warning(&l, "whois: whois.example.net:43: connection refused");
	same_as_jansson(&l);
	lookup_release(&l);
}
END_TEST

static char ctl_chars[40];

/* By hand: every string that needs escaping, NULLs and empty arrays. */
static void
tricky(struct lookup *l, int variant)
{
	static const char *const inputs[] = { "192.0.2.1",
	    "2001:db8::/32", "AS64500", "2001:db8:ffff:ffff:ffff:ffff:ffff:1",
	    "0.0.0.0/0", "AS4294967295" };
	struct dp_err err = DP_ERR_INIT;
	struct ipnet n;
	const char *what;
	int w, r, c;
	int i;

	for (i = 0; i < 31; i++)
		ctl_chars[i] = (char)(i + 1);
	ctl_chars[31] = '\0';
	ck_assert_int_eq(lookup_init(l, inputs[variant % 6], LK_ALL, &err),
	    0);
	if (variant == 0)
		return;		/* nothing found: every array empty */
	w = add_src(l, variant == 1 ? 0 : 42, "whois", "whois.example.net:43",
	    "-B \"192.0.2.1\"\r\n", 0, 0);
	r = add_src(l, 7, "rdap", "rdap.example.net",
	    "https://rdap.example.net/ip/192.0.2.1?a=\\b&c=\x7f", 1, 1);
	c = add_src(l, INT64_MAX, "cymru", "whois.cymru.com:43",
	    "begin\nverbose\n192.0.2.1\nend\n", variant % 2, 0);
	if (variant != 2) {
		l->rdap.kind = variant == 3 ? REG_AUTNUM : REG_NET;
		l->rdap_src = r;
		if (l->type != LK_ASN) {
			/* a range that is not one prefix: two of them */
			const char *a = variant == 4 ? "2001:db8::" :
			    "192.0.2.0", *z = variant == 4 ?
			    "2001:db8:1:0:ffff:ffff:ffff:ffff" : "192.0.3.127";
			struct ipnet f;

			ck_assert_ptr_null(ipnet_parse_addr(a, strlen(a), &f,
			    &what));
			ck_assert_ptr_null(ipnet_parse_addr(z, strlen(z), &n,
			    &what));
			ck_assert_int_eq(reg_set_range(&l->rdap, f.family,
			    f.addr, n.addr, &err), 0);
			ck_assert_uint_gt(l->rdap.nprefixes, 1);
		}
		reg_set(&l->rdap.name, "NET \"quoted\" \\ back / slash");
		reg_set(&l->rdap.handle, variant == 3 ? NULL : ctl_chars);
		reg_set(&l->rdap.org, "\xc3\xa9t\xc3\xa9 \xe4\xb8\xad "
		    "\xf0\x9f\x98\x80 \xe2\x80\xa8 \xc2\x80\xc2\x9f");
		reg_set(&l->rdap.country, variant == 5 ? NULL : "NL");
		reg_set(&l->rdap.country_from, variant == 4 ?
		    "ORG-EX1-RIPE" : NULL);
		reg_set(&l->rdap.source, "ripe");
	}
	if (l->type == LK_ASN && variant >= 3) {
		l->irr_routes = xcalloc(2, sizeof(*l->irr_routes));
		ck_assert_ptr_null(ipnet_parse_addr("203.0.113.0", 11,
		    &l->irr_routes[0], &what));
		l->irr_routes[0].plen = 24;
		ck_assert_ptr_null(ipnet_parse_addr("2001:db8:1::", 12,
		    &l->irr_routes[1], &what));
		l->irr_routes[1].plen = 48;
		l->nirr_routes = 2;
		l->irr_src = w;
	}
	add_origin(l, 64500, c, NULL);
	add_origin(l, 4294967295U, w, "NET-192-0-0-0-1 \"parent\"");
	if (variant != 1)
		add_origin(l, 0, -1, NULL);	/* a source not kept */
	add_contact(l, "abuse@example.net", ROLE_ABUSE, "abuse-mailbox", w,
	    NULL);
	add_contact(l, "noc+\"x\"@example.net", ROLE_TECH, NULL, r,
	    "NET-198-51-100-0-1");
	add_contact(l, "\xc3\xa9@example.net", ROLE_ABUSE, "rdap:abuse", -1,
	    ctl_chars);
	add_contact(l, "tech@example.net\t", ROLE_TECH, "remarks", c, "");
	add_warning(l, "rdap: rdap.example.net: 503 \"busy\"\nretry later");
	add_warning(l, ctl_chars);
	add_warning(l, "");
}

START_TEST(test_tricky)
{
	struct lookup l;

	tricky(&l, _i);
	same_as_jansson(&l);
	lookup_release(&l);
}
END_TEST

/* Long strings: room reserved piece by piece, the buffer moved often. */
START_TEST(test_long)
{
	struct lookup l;
	char *big = xmalloc(20001);
	int i;

	for (i = 0; i < 20000; i++)
		big[i] = "\"\\\x01\nxy\x7f"[i % 7];
	big[20000] = '\0';
	tricky(&l, 4);
	for (i = 0; i < 50; i++) {
		add_contact(&l, big, ROLE_ABUSE, big, i % 3, big);
		add_warning(&l, big);
		add_src(&l, i, big, big, big, i % 2, i % 3 == 0);
	}
	same_as_jansson(&l);
	lookup_release(&l);
	free(big);
}
END_TEST

Suite *
resolve_json_suite(void)
{
	Suite *s = suite_create("resolve_json");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_rdap_fixtures, 0, 17);
	tcase_add_loop_test(tc, test_tricky, 0, 6);
	tcase_add_test(tc, test_long);
	suite_add_tcase(s, tc);
	return s;
}
