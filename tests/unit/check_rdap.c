/*
 * check_rdap.c - RDAP parsing and bootstrap: every file in
 * tests/fixtures/rdap with the facts tests/fixtures/MANIFEST.md lists for
 * it (handles, names, ranges, CIDRs, countries, origins, the abuse address
 * chosen and the addresses that must not be taken for it, links to
 * follow), RDAP errors, the ARIN originas0 search, hostile bodies, the
 * IANA bootstrap files and URL joining.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "buf.h"
#include "rdap.h"
#include "testutil.h"

/* A string literal and its length (it may hold a NUL). */
#define LIT(s)	(s), (sizeof(s) - 1)

/*
 * A fixture's RDAP body: the file, or for http_raw/<name>.http.txt what
 * follows the HTTP headers.  The caller frees it.
 */
static char *
body_of(const char *rel, size_t *lenp)
{
	size_t len;
	char *s = test_fixture(rel, &len), *p;
	size_t skip;

	if (strstr(rel, ".http.txt") != NULL) {
		if ((p = strstr(s, "\r\n\r\n")) != NULL)
			skip = (size_t)(p - s) + 4;
		else {
			ck_assert_ptr_nonnull(p = strstr(s, "\n\n"));
			skip = (size_t)(p - s) + 2;
		}
		memmove(s, s + skip, len - skip + 1);
		len -= skip;
	}
	*lenp = len;
	return s;
}

static void
parse_fixture(const char *rel, struct reg_record *r)
{
	struct dp_err err = DP_ERR_INIT;
	size_t len;
	char *s = body_of(rel, &len);

	ck_assert_msg(rdap_parse(s, len, r, &err) == 0, "%s: %s", rel,
	    err.msg);
	free(s);
}

static int
parse_str(const char *s, struct reg_record *r, struct dp_err *err)
{
	return rdap_parse(s, strlen(s), r, err);
}

/* "first - last" of a record's range. */
static void
range_text(const struct reg_record *r, char *out, size_t len)
{
	struct ipnet a;
	char x[IPNET_STRLEN], y[IPNET_STRLEN];

	memset(&a, 0, sizeof(a));
	a.family = r->family;
	a.plen = r->family == AF_INET ? 32 : 128;
	memcpy(a.addr, r->first, 16);
	ipnet_format_addr(&a, x, sizeof(x));
	memcpy(a.addr, r->last, 16);
	ipnet_format_addr(&a, y, sizeof(y));
	snprintf(out, len, "%s - %s", x, y);
}

/* The prefixes, space separated. */
static void
prefixes_text(const struct reg_record *r, char *out, size_t len)
{
	char t[IPNET_STRLEN];
	size_t i, o = 0;

	out[0] = '\0';
	for (i = 0; i < r->nprefixes && o < len; i++) {
		ipnet_format(&r->prefixes[i], t, sizeof(t));
		o += (size_t)snprintf(out + o, len - o, "%s%s", i ? " " : "",
		    t);
	}
}

static void
origins_text(const struct reg_record *r, char *out, size_t len)
{
	size_t i, o = 0;

	out[0] = '\0';
	for (i = 0; i < r->norigins && o < len; i++)
		o += (size_t)snprintf(out + o, len - o, "%s%u", i ? " " : "",
		    r->origins[i]);
}

static const struct reg_contact *
contact(const struct reg_record *r, const char *email)
{
	size_t i;

	for (i = 0; i < r->ncontacts; i++)
		if (strcasecmp(r->contacts[i].email, email) == 0)
			return &r->contacts[i];
	return NULL;
}

/* got equals want (both NULL, or the same text). */
static void
str_eq(const char *file, const char *what, const char *got, const char *want)
{
	if (want == NULL)
		ck_assert_msg(got == NULL, "%s: %s is '%s', want none", file,
		    what, got);
	else
		ck_assert_msg(got != NULL && strcmp(got, want) == 0,
		    "%s: %s is '%s', want '%s'", file, what,
		    got != NULL ? got : "(null)", want);
}
#define STR_EQ(what, got, want)	str_eq(w->file, (what), (got), (want))

/*
 * The facts of each object fixture.  abuse: contacts[0] when it is
 * ROLE_ABUSE (NULL: no ROLE_ABUSE contact at all); first: contacts[0]
 * whatever its role, for records without an abuse address.
 */
static const struct want {
	const char	*file;
	enum reg_kind	 kind;
	const char	*source, *handle, *name, *country, *status;
	const char	*org, *org_handle;
	const char	*range, *prefixes, *origins;
	uint32_t	 asn_first, asn_last;
	const char	*abuse, *abuse_handle;
	const char	*first;
	const char	*link;
	const char	*note;
} wants[] = {
	/* ip network */
	{ .file = "rdap/ipwhois_arin_ip_74.125.225.229.json",
	  .kind = REG_NET, .source = "arin", .handle = "NET-74-125-0-0-1",
	  .name = "GOOGLE", .org = "Google Inc.", .org_handle = "GOGL",
	  .range = "74.125.0.0 - 74.125.255.255",
	  .prefixes = "74.125.0.0/16", .origins = "",
	  .abuse = "arin-contact@google.com", .abuse_handle = "ZG39-ARIN",
	  .note = "leading zeros ('074.125.000.000')" },
	{ .file = "rdap/ipwhois_arin_ip_2001_4860_4860__8888.json",
	  .kind = REG_NET, .source = "arin", .handle = "NET6-2001-4860-1",
	  .name = "GOOGLE-IPV6", .org = "Google Inc.", .org_handle = "GOGL",
	  .range = "2001:4860:: - 2001:4860:ffff:ffff:ffff:ffff:ffff:ffff",
	  .prefixes = "2001:4860::/32", .origins = "",
	  .abuse = "arin-contact@google.com", .abuse_handle = "ZG39-ARIN" },
	{ .file = "rdap/ipwhois_ripe_ip_62.239.237.1.json",
	  .kind = REG_NET, .source = "ripe",
	  .handle = "62.239.237.0 - 62.239.237.255", .name = "BT-CORPORATE",
	  .country = "GB", .status = "ASSIGNED PA",
	  .range = "62.239.237.0 - 62.239.237.255",
	  .prefixes = "62.239.237.0/24", .origins = "",
	  .abuse = "zzdnsr@bt.com", .abuse_handle = "BTCR3-RIPE",
	  .note = "prefix length ('62.239.237.0/32')" },
	{ .file = "rdap/rdapclient_ip_network_ripe_193_0_0_0.json",
	  .kind = REG_NET, .source = "ripe",
	  .handle = "193.0.0.0 - 193.0.7.255", .name = "RIPE-NCC",
	  .country = "NL", .status = "ASSIGNED PA",
	  .org_handle = "ORG-RIEN1-RIPE",
	  .range = "193.0.0.0 - 193.0.7.255", .prefixes = "193.0.0.0/21",
	  .origins = "", .abuse = "abuse@ripe.net",
	  .abuse_handle = "OPS4-RIPE" },
	{ .file = "rdap/ipwhois_apnic_ip_210.107.73.73.json",
	  .kind = REG_NET, .source = "apnic",
	  .handle = "210.107.0.0 - 210.107.127.255",
	  .name = "BORANET-NET-210-107", .country = "KR",
	  .status = "ALLOCATED PORTABLE",
	  .range = "210.107.0.0 - 210.107.127.255",
	  .prefixes = "210.107.0.0/17", .origins = "",
	  .abuse = "hostmaster@nic.or.kr", .abuse_handle = "IRT-KRNIC-KR" },
	{ .file = "rdap/ipwhois_apnic_ip_2001_240_10c_1__ca20_9d1d.json",
	  .kind = REG_NET, .source = "apnic", .handle = "2001:0240::/32",
	  .name = "IIJ-JPNIC-JP-20000308", .country = "JP",
	  .range = "2001:240:: - 2001:240:ffff:ffff:ffff:ffff:ffff:ffff",
	  .prefixes = "2001:240::/32", .origins = "",
	  .first = "hostmaster@nic.ad.jp", .note = "no abuse contact" },
	{ .file = "rdap/rdapclient_ip_network_apnic_1_1_1_1.json",
	  .kind = REG_NET, .source = "apnic", .handle = "1.1.1.0 - 1.1.1.255",
	  .name = "APNIC-LABS", .country = "AU",
	  .status = "ASSIGNED PORTABLE", .range = "1.1.1.0 - 1.1.1.255",
	  .prefixes = "1.1.1.0/24", .origins = "",
	  .abuse = "abuse@apnic.net", .abuse_handle = "IRT-APNICRANDNET-AU" },
	{ .file = "rdap/ipwhois_lacnic_ip_200.57.141.161.json",
	  .kind = REG_NET, .source = "lacnic", .handle = "200.57.141.161",
	  .name = "Triara.com, S.A. de C.V.", .country = "MX",
	  .org = "Triara.com, S.A. de C.V.", .org_handle = "MX-TSCV6-LACNIC",
	  .range = "200.57.141.161 - 200.57.141.161",
	  .prefixes = "200.57.141.161/32", .origins = "",
	  .abuse = "operacion.redes@TRIARA.COM", .abuse_handle = "RYT2",
	  .note = "single address 200.57.141.161" },
	{ .file = "rdap/rdapclient_ip_network_br.json",
	  .kind = REG_NET, .source = "nicbr", .handle = "177.0.0.0/14",
	  .name = "153304", .country = "BR", .status = "ALLOCATED",
	  .org = "Brasil Telecom S/A - Filial Distrito Federal",
	  .org_handle = "76535764032690",
	  .range = "177.0.0.0 - 177.3.255.255", .prefixes = "177.0.0.0/14",
	  .origins = "", .link = "https://rdap.registro.br/entity/CSIOI",
	  .note = "abuse entity CSIOI has no e-mail address" },
	{ .file = "rdap/ipwhois_afrinic_ip_196.11.240.215.json",
	  .kind = REG_NET, .source = "afrinic",
	  .handle = "196.11.239.0 - 196.11.246.255",
	  .name = "ORG-VSA1-AFRINIC", .country = "ZA",
	  .status = "ASSIGNED PI", .org_handle = "ORG-VSA1-AFRINIC",
	  .range = "196.11.239.0 - 196.11.246.255",
	  .prefixes = "196.11.239.0/24 196.11.240.0/22 196.11.244.0/23 "
	  "196.11.246.0/24", .origins = "",
	  .first = "abuse@mtnbusiness.co.za", .note = "no abuse contact" },
	{ .file = "rdap/ipwhois_afrinic_ip_2001_43f8_7b0__.json",
	  .kind = REG_NET, .source = "afrinic",
	  .handle = "2001:43f8:07b0::/48", .name = "ORG-TA38-AFRINIC",
	  .country = "KE", .org_handle = "ORG-TA38-AFRINIC",
	  .range = "2001:43f8:7b0:: - "
	  "2001:43f8:7b0:ffff:ffff:ffff:ffff:ffff",
	  .prefixes = "2001:43f8:7b0::/48", .origins = "",
	  .first = "jpmuga@tespok.co.ke", .note = "no abuse contact" },
	{ .file = "rdap/rdapclient_ip_network_afrinic.json",
	  .kind = REG_NET, .source = "afrinic",
	  .handle = "41.0.0.0 - 41.0.255.255", .country = "ZA",
	  .status = "ASSIGNED PA", .range = "41.0.0.0 - 41.0.255.255",
	  .prefixes = "41.0.0.0/16", .origins = "",
	  .first = "Jacques.hendricks@vodacom.co.za",
	  .note = "no abuse contact" },
	{ .file = "rdap/rdapclient_ip_network_arin_3_3_3_3.json",
	  .kind = REG_NET, .source = "arin", .handle = "NET-3-0-0-0-1",
	  .name = "AT-88-Z", .status = "DIRECT ALLOCATION",
	  .org = "Amazon Technologies Inc.", .org_handle = "AT-88-Z",
	  .range = "3.0.0.0 - 3.127.255.255", .prefixes = "3.0.0.0/9",
	  .origins = "", .abuse = "abuse@amazonaws.com",
	  .abuse_handle = "AEA8-ARIN" },
	{ .file = "rdap/20c_ip_206.41.110.0.json",
	  .kind = REG_NET, .source = "arin", .handle = "NET-206-41-110-0-1",
	  .name = "CHIX", .org = "United-IX", .org_handle = "UIEL",
	  .range = "206.41.110.0 - 206.41.110.255",
	  .prefixes = "206.41.110.0/24", .origins = "",
	  .abuse = "neteng@unitedix.net", .abuse_handle = "UIE-ARIN" },
	{ .file = "rdap/http_raw/nicinfo_ip_108_45_128_208.http.txt",
	  .kind = REG_NET, .source = "arin", .handle = "NET-108-0-0-0-1",
	  .name = "VIS-BLOCK",
	  .org = "MCI Communications Services, Inc. d/b/a Verizon Business",
	  .org_handle = "MCICS", .range = "108.0.0.0 - 108.57.255.255",
	  .prefixes = "108.0.0.0/11 108.32.0.0/12 108.48.0.0/13 "
	  "108.56.0.0/15", .origins = "",
	  .abuse = "abuse@verizon.net", .abuse_handle = "ABUSE5603-ARIN",
	  .note = "2 abuse addresses, preferred first: abuse@verizon.net "
	  "(ABUSE5603-ARIN), abuse-mail@verizonbusiness.com (ABUSE3-ARIN)" },
	/* autnum */
	{ .file = "rdap/rdapclient_autnum_arin_as256.json",
	  .kind = REG_AUTNUM, .source = "arin", .handle = "AS256",
	  .name = "DNIC-AS-00256", .asn_first = 256, .asn_last = 256,
	  .org = "Navy Network Information Center (NNIC)",
	  .org_handle = "NNICN-1",
	  .abuse = "disa.columbus.ns.mbx.arin-registrations@mail.mil",
	  .abuse_handle = "REGIS10-ARIN" },
	{ .file = "rdap/20c_autnum_AS63311.json",
	  .kind = REG_AUTNUM, .source = "arin", .handle = "AS63311",
	  .name = "20C", .status = "active", .asn_first = 63311,
	  .asn_last = 63311, .org = "20C, LLC", .org_handle = "CL-672",
	  .abuse = "neteng@20c.com", .abuse_handle = "NETWO7047-ARIN" },
	{ .file = "rdap/http_raw/nicinfo_autnum_703.http.txt",
	  .kind = REG_AUTNUM, .source = "arin", .handle = "AS701",
	  .name = "UUNET", .asn_first = 701, .asn_last = 705,
	  .org = "MCI Communications Services, Inc. d/b/a Verizon Business",
	  .org_handle = "MCICS", .abuse = "abuse-mail@verizonbusiness.com",
	  .abuse_handle = "ABUSE3-ARIN" },
	{ .file = "rdap/rdapclient_autnum_ripe_as1234.json",
	  .kind = REG_AUTNUM, .source = "ripe", .handle = "AS1234",
	  .name = "FORTUM-AS", .status = "DIRECT ALLOCATION",
	  .asn_first = 1234, .asn_last = 1234,
	  .note = "no abuse contact in this reply" },
	{ .file = "rdap/20c_autnum_AS8283.json",
	  .kind = REG_AUTNUM, .source = "ripe", .handle = "AS8283",
	  .name = "COLOCLUE-AS", .asn_first = 8283, .asn_last = 8283,
	  .org = "Netwerkvereniging Coloclue", .org_handle = "ORG-NC22-RIPE",
	  .abuse = "abuse@coloclue.net", .abuse_handle = "CLUE1-RIPE" },
	{ .file = "rdap/20c_autnum_AS205697.json",
	  .kind = REG_AUTNUM, .source = "ripe", .handle = "AS205697",
	  .name = "ALOJALIA", .asn_first = 205697, .asn_last = 205697,
	  .org = "ALOJALIA CLOUD S.L.", .org_handle = "ORG-IYCS4-RIPE",
	  .abuse = "abuse@alojalia.com", .abuse_handle = "AR37103-RIPE" },
	{ .file = "rdap/20c_autnum_AS205726.json",
	  .kind = REG_AUTNUM, .source = "ripe", .handle = "AS205726",
	  .name = "Vusam", .asn_first = 205726, .asn_last = 205726,
	  .org = "Daan Jurriaan van Gorkum trading as Vusam V.O.F",
	  .org_handle = "ORG-DJVG1-RIPE", .abuse = "abuse@vusam.com",
	  .abuse_handle = "VA33288-RIPE" },
	{ .file = "rdap/20c_autnum_AS206050.json",
	  .kind = REG_AUTNUM, .source = "ripe", .handle = "AS206050",
	  .name = "elitnet-tr", .asn_first = 206050, .asn_last = 206050,
	  .org = "ELITNET TELEKOMUNIKASYON INTERNET VE ILETISIM HIZ.TIC "
	  "LTD.STI.", .org_handle = "ORG-ETIV1-RIPE",
	  .abuse = "abuse@geoipa.com", .abuse_handle = "AR62478-RIPE" },
	{ .file = "rdap/20c_autnum_AS49037.json",
	  .kind = REG_AUTNUM, .source = "ripe", .handle = "AS49037",
	  .name = "PG19", .asn_first = 49037, .asn_last = 49037,
	  .org = "PROSTIE RESHENIA LLC", .org_handle = "ORG-PRL15-RIPE",
	  .abuse = "abuse@webrocket.am", .abuse_handle = "WA2477-RIPE" },
	{ .file = "rdap/20c_autnum_AS61399.json",
	  .kind = REG_AUTNUM, .source = "ripe", .handle = "AS61399",
	  .name = "KG-IX", .asn_first = 61399, .asn_last = 61399,
	  .org = "KG-IX LLC", .org_handle = "ORG-KL219-RIPE",
	  .abuse = "lir@ix.kg", .abuse_handle = "AR41993-RIPE" },
	{ .file = "rdap/rdapclient_autnum_apnic_as4608.json",
	  .kind = REG_AUTNUM, .source = "apnic", .handle = "AS4608",
	  .name = "APNIC-SERVICES", .country = "AU", .asn_first = 4608,
	  .asn_last = 4608, .abuse = "noc@apnic.net",
	  .abuse_handle = "IRT-APNIC-IS-AP" },
	{ .file = "rdap/20c_autnum_AS2515.json",
	  .kind = REG_AUTNUM, .source = "apnic", .handle = "AS2515",
	  .name = "JPNIC", .country = "JP", .asn_first = 2515,
	  .asn_last = 2515, .first = "hostmaster@nic.ad.jp",
	  .note = "no abuse contact" },
	{ .file = "rdap/rdapclient_autnum_lacnic_as27648.json",
	  .kind = REG_AUTNUM, .source = "lacnic", .handle = "27648",
	  .status = "DIRECT ALLOCATION", .asn_first = 27648,
	  .asn_last = 27648, .org = "TELECOMUNICACIONES BANTEL, C.A.",
	  .org_handle = "VE-TBCA1-LACNIC", .abuse = "aperez@bantel.net.ve",
	  .abuse_handle = "ROG", .note = "taken from the handle" },
	{ .file = "rdap/20c_autnum_AS53170.json",
	  .kind = REG_AUTNUM, .source = "nicbr", .handle = "53170",
	  .name = "ASN53170", .country = "BR", .status = "DIRECT ALLOCATION",
	  .asn_first = 53170, .asn_last = 53170,
	  .org = "Cabangu Internet Ltda", .org_handle = "17769837000100",
	  .link = "https://rdap.registro.br/entity/BRI2",
	  .note = "derived from the object's self link" },
	{ .file = "rdap/rdapclient_autnum_afrinic_as36864.json",
	  .kind = REG_AUTNUM, .source = "afrinic", .handle = "AS36864",
	  .name = "ORG-AMS4-AFRINIC", .asn_first = 36864, .asn_last = 36864,
	  .org = "AFRIBONE MALI SA", .org_handle = "ORG-AMS4-AFRINIC",
	  .first = "stevance@afribonemali.net", .note = "no abuse contact" },
	/* entity */
	{ .file = "rdap/ipwhois_arin_entity_ZG39-ARIN.json",
	  .kind = REG_ENTITY, .source = "arin", .handle = "ZG39-ARIN",
	  .name = "Google Inc", .status = "validated", .org = "Google Inc",
	  .first = "arin-contact@google.com" },
	{ .file = "rdap/20c_entity_PEERI-ARIN.json",
	  .kind = REG_ENTITY, .source = "arin", .handle = "PEERI-ARIN",
	  .name = "Peering", .org = "Peering", .first = "peering@ntt.net" },
	{ .file = "rdap/20c_entity_CLUE1-RIPE.json",
	  .kind = REG_ENTITY, .source = "ripe", .handle = "CLUE1-RIPE",
	  .name = "Netwerkvereniging Coloclue", .first = "ops@coloclue.net" },
	{ .file = "rdap/20c_entity_PP17-AFRINIC.json",
	  .kind = REG_ENTITY, .source = "afrinic", .handle = "PP17-AFRINIC",
	  .name = "Peter Peele", .first = "peterp@workonline.africa" },
	{ .file = "rdap/20c_entity_WOL-AFRINIC.json",
	  .kind = REG_ENTITY, .source = "afrinic", .handle = "WOL-AFRINIC",
	  .name = "Workonline NOC", .first = "benm@workonline.africa" },
};

START_TEST(test_fixture_facts)
{
	const struct want *w = &wants[_i];
	struct reg_record r;
	char text[1024];
	size_t i;

	parse_fixture(w->file, &r);
	ck_assert_msg(r.kind == w->kind, "%s: kind %d", w->file, r.kind);
	STR_EQ("source", r.source, w->source);
	STR_EQ("handle", r.handle, w->handle);
	STR_EQ("name", r.name, w->name);
	STR_EQ("country", r.country, w->country);
	if (w->status != NULL)
		STR_EQ("status", r.status, w->status);
	STR_EQ("org", r.org, w->org);
	STR_EQ("org_handle", r.org_handle, w->org_handle);
	if (w->kind == REG_NET) {
		ck_assert_msg(r.has_range, "%s: no range", w->file);
		range_text(&r, text, sizeof(text));
		STR_EQ("range", text, w->range);
		prefixes_text(&r, text, sizeof(text));
		STR_EQ("prefixes", text, w->prefixes);
		origins_text(&r, text, sizeof(text));
		STR_EQ("origins", text, w->origins);
	} else
		ck_assert_msg(!r.has_range, "%s: has a range", w->file);
	if (w->kind == REG_AUTNUM) {
		ck_assert_uint_eq(r.asn_first, w->asn_first);
		ck_assert_uint_eq(r.asn_last, w->asn_last);
	}
	if (w->abuse != NULL) {
		ck_assert_msg(r.ncontacts > 0 &&
		    r.contacts[0].role == ROLE_ABUSE, "%s: no abuse contact",
		    w->file);
		STR_EQ("abuse", r.contacts[0].email, w->abuse);
		STR_EQ("abuse handle", r.contacts[0].handle,
		    w->abuse_handle);
		STR_EQ("abuse via", r.contacts[0].via,
		    "rdap:abuse");
	} else
		ck_assert_msg(count_role(&r, ROLE_ABUSE) == 0,
		    "%s: unexpected abuse contact %s", w->file,
		    r.contacts[0].email);
	if (w->first != NULL) {
		ck_assert_msg(r.ncontacts > 0, "%s: no contacts", w->file);
		STR_EQ("contacts[0]", r.contacts[0].email,
		    w->first);
	}
	if (w->abuse == NULL && w->first == NULL)
		ck_assert_msg(r.ncontacts == 0, "%s: %zu contacts", w->file,
		    r.ncontacts);
	if (w->link != NULL) {
		ck_assert_uint_eq(r.nlinks, 1);
		STR_EQ("link", r.links[0], w->link);
	} else
		ck_assert_msg(r.nlinks == 0, "%s: link %s", w->file,
		    r.links[0]);
	if (w->note != NULL)
		ck_assert_msg(has_note(&r, w->note), "%s: no note '%s'",
		    w->file, w->note);
	/* Invariants: sorted by role, abuse only from abuse entities. */
	for (i = 0; i < r.ncontacts; i++) {
		if (i > 0)
			ck_assert_int_le(r.contacts[i - 1].role,
			    r.contacts[i].role);
		if (r.contacts[i].role == ROLE_ABUSE)
			ck_assert_str_eq(r.contacts[i].via, "rdap:abuse");
		ck_assert(email_plausible(r.contacts[i].email,
		    strlen(r.contacts[i].email)));
	}
	reg_record_release(&r);
}
END_TEST

/* role of email in a fixture, or -1 if absent. */
static int
role_in(const char *file, const char *email)
{
	const struct reg_contact *c;
	struct reg_record r;
	int role;

	parse_fixture(file, &r);
	c = contact(&r, email);
	role = c != NULL ? (int)c->role : -1;
	reg_record_release(&r);
	return role;
}

/*
 * The distractors: addresses in the same reply that a naive parser would
 * take for the abuse contact.
 */
START_TEST(test_not_abuse)
{
	static const struct {
		const char *file, *email;
		int role;
	} cases[] = {
		/* DB50-AP is technical; its abuse@ is not the registry's. */
		{ "rdap/ipwhois_apnic_ip_210.107.73.73.json",
		  "abuse@bora.net", ROLE_TECH },
		{ "rdap/ipwhois_apnic_ip_210.107.73.73.json",
		  "security@bora.net", ROLE_TECH },
		/* Operator's address in remarks: a hint only. */
		{ "rdap/rdapclient_ip_network_apnic_1_1_1_1.json",
		  "resolver-abuse@cloudflare.com", ROLE_REMARK },
		{ "rdap/rdapclient_ip_network_apnic_1_1_1_1.json",
		  "research@apnic.net", ROLE_TECH },
		/* type=email beside type=abuse in the abuse entity. */
		{ "rdap/rdapclient_ip_network_ripe_193_0_0_0.json",
		  "ops@ripe.net", ROLE_OTHER },
		{ "rdap/20c_autnum_AS8283.json", "ops@coloclue.net",
		  ROLE_TECH },
		{ "rdap/20c_autnum_AS8283.json", "routers@coloclue.net",
		  ROLE_TECH },
		/* Contacts of the abuse role, not of the AS. */
		{ "rdap/20c_autnum_AS8283.json", "ripe@jurrian.vaniersel.net",
		  ROLE_OTHER },
		{ "rdap/20c_autnum_AS49037.json", "ripe@webrocket.am",
		  ROLE_TECH },
		{ "rdap/20c_autnum_AS49037.json", "noc@pg19.ru", ROLE_REMARK },
		{ "rdap/20c_autnum_AS205697.json", "soporte@alojalia.com",
		  ROLE_REMARK },
		{ "rdap/20c_autnum_AS205697.json", "alejandro@alojalia.com",
		  ROLE_ADMIN },
		/* AFRINIC: no roles at all; the remark is a low hint. */
		{ "rdap/ipwhois_afrinic_ip_196.11.240.215.json",
		  "abuse@mtnbusiness.co.za", ROLE_REMARK },
		{ "rdap/ipwhois_afrinic_ip_196.11.240.215.json",
		  "ip-maint@mtnbusiness.co.za", ROLE_OTHER },
		{ "rdap/ipwhois_afrinic_ip_196.11.240.215.json",
		  "teixei_a@mtn.co.za", ROLE_OTHER },
		{ "rdap/20c_entity_WOL-AFRINIC.json", "abuse@workonline.africa",
		  ROLE_OTHER },
		{ "rdap/rdapclient_ip_network_arin_3_3_3_3.json",
		  "aws-routing-poc@amazon.com", ROLE_OTHER },
		{ "rdap/rdapclient_ip_network_arin_3_3_3_3.json",
		  "amzn-noc-contact@amazon.com", ROLE_TECH },
		{ "rdap/rdapclient_ip_network_arin_3_3_3_3.json",
		  "ipmanagement@amazon.com", ROLE_ADMIN },
		/* Both Verizon abuse POCs are abuse contacts, nested second. */
		{ "rdap/http_raw/nicinfo_ip_108_45_128_208.http.txt",
		  "abuse-mail@verizonbusiness.com", ROLE_ABUSE },
		{ "rdap/http_raw/nicinfo_ip_108_45_128_208.http.txt",
		  "help4u@verizonbusiness.com", ROLE_TECH },
		{ "rdap/http_raw/nicinfo_ip_108_45_128_208.http.txt",
		  "IPMGMT@verizon.com", ROLE_ADMIN },
		{ "rdap/ipwhois_ripe_ip_62.239.237.1.json",
		  "lee.bailey-hague@bt.com", ROLE_ABUSE },
		{ "rdap/20c_autnum_AS205726.json", "support@vusam.com",
		  ROLE_REGISTRANT },
		{ "rdap/rdapclient_autnum_afrinic_as36864.json",
		  "stevance@afribonemali.net", ROLE_TECH },
		/* CLUE1-RIPE fetched alone has no abuse@. */
		{ "rdap/20c_entity_CLUE1-RIPE.json", "abuse@coloclue.net", -1 },
		{ "rdap/20c_entity_CLUE1-RIPE.json", "routers@coloclue.net",
		  ROLE_OTHER },
	};
	size_t i;
	int got;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		got = role_in(cases[i].file, cases[i].email);
		ck_assert_msg(got == cases[i].role, "%s: %s has role %d, "
		    "want %d", cases[i].file, cases[i].email, got,
		    cases[i].role);
	}
}
END_TEST

START_TEST(test_abuse_details)
{
	struct reg_record r;

	/* Old RIPE: three e-mail lines, none marked; all abuse, in order. */
	parse_fixture("rdap/ipwhois_ripe_ip_62.239.237.1.json", &r);
	ck_assert_uint_eq(count_role(&r, ROLE_ABUSE), 3);
	ck_assert_str_eq(r.contacts[1].email, "steve.a.marshall@bt.com");
	ck_assert(has_note(&r, "marks none as type abuse"));
	ck_assert(has_note(&r, "no objectClassName"));
	reg_record_release(&r);

	/* The same address twice (pref 1 and none) is one contact. */
	parse_fixture("rdap/ipwhois_apnic_ip_210.107.73.73.json", &r);
	ck_assert_uint_eq(count_role(&r, ROLE_ABUSE), 1);
	reg_record_release(&r);

	/* Registro.br: abuse entity without e-mail, no other contact. */
	parse_fixture("rdap/rdapclient_ip_network_br.json", &r);
	ck_assert_uint_eq(r.ncontacts, 0);
	ck_assert(has_note(&r, "object truncated due to server policy"));
	reg_record_release(&r);

	/* Top-level abuse entity beside the nested one (ARIN v6). */
	parse_fixture("rdap/ipwhois_arin_ip_2001_4860_4860__8888.json", &r);
	ck_assert_uint_eq(r.ncontacts, 1);
	reg_record_release(&r);

	/* Entity with nested "organisation" entity: its addresses are
	   contacts of the entity, under no known role. */
	parse_fixture("rdap/20c_entity_WOL-AFRINIC.json", &r);
	ck_assert_int_eq(contact(&r, "noc@workonline.africa")->role,
	    ROLE_OTHER);
	ck_assert_int_eq(contact(&r, "communications@workonline.africa")->role,
	    ROLE_OTHER);
	ck_assert_str_eq(contact(&r,
	    "communications@workonline.africa")->handle, "ORG-WCL1-AFRINIC");
	reg_record_release(&r);
}
END_TEST

/* Every file under tests/fixtures/rdap is used by some test here. */
static const char *const other_files[] = {
	"rdap/rdapclient_arin_originas0_networkSearchResults.json",
	"rdap/errors/20c_apnic_404_entity_HKBN-HK_doubleslash.json",
	"rdap/errors/20c_ripe_400_entity_PEERI-ARIN_wrong-rir.json",
	"rdap/errors/20c_ripe_404_entity_JNIC1-AP_wrong-rir.json",
	"rdap/errors/rdapclient_error_apnic_400.json",
	"rdap/errors/rdapclient_error_ripe_404.json",
	"rdap/bootstrap/20c_iana_asn.json",
	"rdap/bootstrap/openrdap_iana_asn.json",
	"rdap/bootstrap/openrdap_iana_ipv4.json",
	"rdap/bootstrap/openrdap_iana_ipv6.json",
	"rdap/bootstrap/rdapclient_iana_asn.json",
	"rdap/bootstrap/rdapclient_iana_ipv4.json",
	"rdap/bootstrap/rdapclient_iana_ipv6.json",
	"rdap/http_raw/nicinfo_iana_asn.http.txt",
	"rdap/http_raw/nicinfo_iana_ipv4.http.txt",
	"rdap/http_raw/nicinfo_iana_ipv6.http.txt",
};

static int
covered(const char *rel)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(wants); i++)
		if (strcmp(wants[i].file, rel) == 0)
			return 1;
	for (i = 0; i < ARRAY_SIZE(other_files); i++)
		if (strcmp(other_files[i], rel) == 0)
			return 1;
	return 0;
}

START_TEST(test_every_fixture_covered)
{
	static const char *const dirs[] = {
		"rdap", "rdap/errors", "rdap/bootstrap", "rdap/http_raw",
	};
	const char *base = getenv("DEPEER_TEST_FIXTURES");
	char path[1024], rel[1024];
	struct dirent *de;
	size_t i, n = 0;
	DIR *d;

	for (i = 0; i < ARRAY_SIZE(dirs); i++) {
		snprintf(path, sizeof(path), "%s/%s",
		    base != NULL ? base : "tests/fixtures", dirs[i]);
		ck_assert_msg((d = opendir(path)) != NULL, "%s", path);
		while ((de = readdir(d)) != NULL) {
			if (strstr(de->d_name, ".json") == NULL &&
			    strstr(de->d_name, ".txt") == NULL)
				continue;
			snprintf(rel, sizeof(rel), "%s/%s", dirs[i],
			    de->d_name);
			ck_assert_msg(covered(rel), "fixture %s has no test",
			    rel);
			n++;
		}
		closedir(d);
	}
	ck_assert_uint_eq(n, ARRAY_SIZE(wants) + ARRAY_SIZE(other_files));
}
END_TEST

START_TEST(test_errors)
{
	struct reg_record r, before;
	struct dp_err err = DP_ERR_INIT;
	size_t len;
	char *s;

	/* errorCode as a string. */
	s = body_of("rdap/errors/rdapclient_error_apnic_400.json", &len);
	memset(&r, 0x5a, sizeof(r));
	before = r;
	ck_assert_int_eq(rdap_parse(s, len, &r, &err), DP_EX_PROTOCOL);
	ck_assert_str_eq(err.msg, "RDAP error 400: Bad Request: Request "
	    "could not be understood, malformed syntax");
	ck_assert(memcmp(&r, &before, sizeof(r)) == 0);	/* untouched */
	free(s);

	s = body_of("rdap/errors/20c_ripe_400_entity_PEERI-ARIN_wrong-rir.json",
	    &len);
	ck_assert_int_eq(rdap_parse(s, len, &r, &err), DP_EX_PROTOCOL);
	ck_assert_str_eq(err.msg, "RDAP error 400: Invalid syntax.");
	free(s);

	/* errorCode as a number; 404 is an answer. */
	parse_fixture("rdap/errors/rdapclient_error_ripe_404.json", &r);
	ck_assert_int_eq(r.kind, REG_NONE);
	ck_assert_str_eq(r.source, "ripe");
	ck_assert(has_note(&r, "RDAP error 404: nameservers not found"));
	ck_assert_uint_eq(r.ncontacts, 0);
	reg_record_release(&r);

	parse_fixture("rdap/errors/20c_ripe_404_entity_JNIC1-AP_wrong-rir.json",
	    &r);
	ck_assert_int_eq(r.kind, REG_NONE);
	ck_assert(has_note(&r, "RDAP error 404: not found"));
	reg_record_release(&r);

	parse_fixture("rdap/errors/"
	    "20c_apnic_404_entity_HKBN-HK_doubleslash.json", &r);
	ck_assert_int_eq(r.kind, REG_NONE);
	ck_assert(has_note(&r, "404: Not Found: The server has not found"));
	reg_record_release(&r);

	/* 429 as an RDAP error: try later. */
	ck_assert_int_eq(parse_str("{\"errorCode\":429,\"title\":\"Too many "
	    "requests\"}", &r, &err), DP_EX_TEMPFAIL);
	ck_assert_str_eq(err.msg, "RDAP error 429: Too many requests");
	ck_assert_int_eq(parse_str("{\"errorCode\":\"429\"}", &r, &err),
	    DP_EX_TEMPFAIL);
	ck_assert_int_eq(parse_str("{\"errorCode\":503,\"description\":"
	    "[\"down\",\"for maintenance\"]}", &r, &err), DP_EX_PROTOCOL);
	ck_assert_str_eq(err.msg, "RDAP error 503: down for maintenance");
	ck_assert_int_eq(parse_str("{\"errorCode\":\"four hundred\"}", &r,
	    &err), DP_EX_PROTOCOL);
	ck_assert_ptr_nonnull(strstr(err.msg, "bad errorCode"));
	ck_assert_int_eq(parse_str("{\"errorCode\":99999999999,\"title\":"
	    "[1]}", &r, &err), DP_EX_PROTOCOL);
	ck_assert_int_eq(parse_str("{\"errorCode\":null}", &r, &err),
	    DP_EX_PROTOCOL);
}
END_TEST

START_TEST(test_search_originas0)
{
	struct reg_record r;
	struct dp_err err = DP_ERR_INIT;
	size_t len;
	char *s;

	s = body_of("rdap/rdapclient_arin_originas0_networkSearchResults.json",
	    &len);
	ck_assert_uint_gt(len, RDAP_MAX_REPLY);
	ck_assert_int_eq(rdap_parse(s, len, &r, &err), DP_EX_PROTOCOL);
	ck_assert_ptr_nonnull(strstr(err.msg, "reply larger than 1 MiB"));
	free(s);
}
END_TEST

START_TEST(test_search_small)
{
	static const char one[] = "{\"ipSearchResults\":[{\"objectClassName\":"
	    "\"ip network\",\"startAddress\":\"10.0.0.0\",\"endAddress\":"
	    "\"10.0.255.255\"},{\"objectClassName\":\"ip network\"},7]}";
	struct reg_record r;
	struct dp_err err = DP_ERR_INIT;

	/* rdap_parse() does not take a list. */
	ck_assert_int_eq(parse_str(one, &r, &err), DP_EX_PROTOCOL);
	ck_assert_ptr_nonnull(strstr(err.msg, "search result"));
}
END_TEST

/* A body that must fail with code, its message containing says. */
static void
expect_fail(const char *s, size_t len, int code, const char *says)
{
	struct reg_record r;
	struct dp_err err = DP_ERR_INIT;
	int rc = rdap_parse(s, len, &r, &err);

	ck_assert_msg(rc == code, "got %d (%s), want %d", rc, err.msg, code);
	ck_assert_msg(strstr(err.msg, says) != NULL, "'%s' lacks '%s'",
	    err.msg, says);
}

START_TEST(test_hostile)
{
	static const char html429[] = "<html><head><title>429 Too Many "
	    "Requests</title></head><body><h1>429</h1></body></html>";
	static const char html503[] = "\r\n<!DOCTYPE html>\n<HTML><HEAD>"
	    "<TITLE>503 Service\n  Unavailable</TITLE>";
	struct reg_record r;
	struct dp_err err = DP_ERR_INIT;
	char *s;
	size_t i, n;

	expect_fail(LIT(""), DP_EX_PROTOCOL, "empty reply");
	expect_fail(NULL, 0, DP_EX_PROTOCOL, "empty reply");
	expect_fail(LIT(" \r\n\t"), DP_EX_PROTOCOL, "empty reply");
	expect_fail(LIT("\xef\xbb\xbf"), DP_EX_PROTOCOL, "empty reply");
	expect_fail(LIT("null"), DP_EX_PROTOCOL, "not an RDAP object (the "
	    "reply is a JSON value)");
	expect_fail(LIT("[]"), DP_EX_PROTOCOL, "JSON array");
	expect_fail(LIT("42"), DP_EX_PROTOCOL, "JSON value");
	expect_fail(LIT("\"x\""), DP_EX_PROTOCOL, "JSON value");
	expect_fail(LIT("{}"), DP_EX_PROTOCOL, "neither an RDAP object");
	expect_fail(LIT("{\"objectClassName\":"), DP_EX_PROTOCOL, "not JSON");
	expect_fail(LIT("{\"a\":1} x"), DP_EX_PROTOCOL, "not JSON");
	expect_fail(LIT("{\"a\":\"x\0y\"}"), DP_EX_PROTOCOL, "not JSON");
	expect_fail(html429, strlen(html429), DP_EX_TEMPFAIL,
	    "rate limited: the server answered with an HTML page '429 Too "
	    "Many Requests'");
	expect_fail(html503, strlen(html503), DP_EX_PROTOCOL,
	    "not JSON (looks like an HTML page: 503 Service Unavailable)");
	expect_fail(LIT("<html><body>oops</body></html>"), DP_EX_PROTOCOL,
	    "HTML page without a title");
	expect_fail(LIT("<title>\xff\xfe bad</title>"), DP_EX_PROTOCOL,
	    "HTML page: ?? bad");
	expect_fail(LIT("Too Many Requests\n"), DP_EX_TEMPFAIL, "rate limited");
	expect_fail(LIT("Internal Server Error"), DP_EX_PROTOCOL,
	    "the reply starts 'Internal Server Error'");
	expect_fail(LIT("{\"objectClassName\":\"domain\"}"), DP_EX_PROTOCOL,
	    "unexpected RDAP object class 'domain'");
	expect_fail(LIT("{\"objectClassName\":7}"), DP_EX_PROTOCOL,
	    "neither an RDAP object");

	/* 100000 nested arrays: jansson's depth limit, no stack overflow. */
	n = 100000;
	s = xmalloc(2 * n);
	memset(s, '[', n);
	memset(s + n, ']', n);
	expect_fail(s, 2 * n, DP_EX_PROTOCOL, "maximum parsing depth");
	/* And in an object, as the value of entities. */
	memcpy(s, "{\"entities\":", 12);
	expect_fail(s, n, DP_EX_PROTOCOL, "not JSON");
	free(s);

	/* Larger than 1 MiB, even if it would be valid. */
	n = RDAP_MAX_REPLY + 1;
	s = xmalloc(n);
	memset(s, ' ', n);
	s[0] = '{';
	s[n - 1] = '}';
	expect_fail(s, n, DP_EX_PROTOCOL, "reply larger than 1 MiB");
	/* Exactly 1 MiB is read. */
	n = RDAP_MAX_REPLY;
	memset(s, ' ', n);
	memcpy(s, "{\"errorCode\":404", 16);
	s[n - 1] = '}';
	ck_assert_int_eq(rdap_parse(s, n, &r, &err), 0);
	ck_assert_int_eq(r.kind, REG_NONE);
	reg_record_release(&r);

	/* A huge name is kept cut, with a note. */
	memset(s, 'A', n);
	i = (size_t)snprintf(s, n, "{\"objectClassName\":\"autnum\","
	    "\"startAutnum\":1,\"name\":\"");
	s[i] = 'A';
	memcpy(s + n - 2, "\"}", 2);
	ck_assert_msg(rdap_parse(s, n, &r, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(strlen(r.name), 512);
	ck_assert(has_note(&r, "name cut to 512 bytes"));
	reg_record_release(&r);
	free(s);
}
END_TEST

START_TEST(test_not_utf8)
{
	static const char latin1[] = "{\"objectClassName\":\"ip network\","
	    "\"startAddress\":\"10.0.0.0\",\"endAddress\":\"10.0.0.255\","
	    "\"name\":\"Caf\xe9 Net\",\"entities\":[{\"roles\":[\"abuse\"],"
	    "\"vcardArray\":[\"vcard\",[[\"email\",{},\"text\","
	    "\"abuse@caf\xe9.example\"],[\"email\",{},\"text\","
	    "\"abuse@cafe.example\"]]]}]}";
	struct reg_record r;
	struct dp_err err = DP_ERR_INIT;

	ck_assert_msg(parse_str(latin1, &r, &err) == 0, "%s", err.msg);
	ck_assert_str_eq(r.name, "Caf\xef\xbf\xbd Net");
	ck_assert(has_note(&r, "not valid UTF-8: 2 bytes replaced"));
	/* A repaired address cannot be mailed; the other one is taken. */
	ck_assert_uint_eq(r.ncontacts, 1);
	ck_assert_str_eq(r.contacts[0].email, "abuse@cafe.example");
	ck_assert(has_note(&r, "e-mail value that is not an address"));
	reg_record_release(&r);
}
END_TEST

START_TEST(test_bad_vcards)
{
	/* Every wrong type where jCard has structure. */
	static const char s[] = "{\"objectClassName\":\"autnum\","
	    "\"startAutnum\":\"AS65000\",\"entities\":["
	    "7,\"x\",null,[],"
	    "{\"roles\":\"abuse\",\"vcardArray\":\"vcard\"},"
	    "{\"roles\":[5,null],\"vcardArray\":[\"vcard\",\"x\"]},"
	    "{\"roles\":[\"abuse\"],\"handle\":7,\"vcardArray\":[1,[]]},"
	    "{\"roles\":[\"technical\"],\"entities\":{},\"vcardArray\":"
	    "[\"vcard\",[1,\"a\",[],[\"email\"],[7,{},\"text\",\"a@b.org\"],"
	    "[\"email\",[],\"text\",5],[\"email\",null,\"text\",null],"
	    "[\"fn\",{},\"text\",[\"x\"]],[\"adr\",{\"cc\":5},\"text\",7],"
	    "[\"adr\",{},\"text\",[1,2,3,4,5,6,[7]]],"
	    "[\"email\",{\"type\":7,\"pref\":\"x\"},\"text\","
	    "\"ok@example.com\",\"second@example.com\",9],"
	    "[\"email\",{},\"text\",\"not an address\"],"
	    "[\"email\",{},\"text\",\"mailto:m@example.com\"]]]}],"
	    "\"remarks\":[7,{\"description\":\"see <x@example.net>, or "
	    "mailto:y@example.net. not@this ever@\"},{\"description\":"
	    "[1,null]}],\"links\":\"x\",\"status\":[\"active\",5]}";
	struct reg_record r;
	struct dp_err err = DP_ERR_INIT;

	ck_assert_msg(parse_str(s, &r, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(r.kind, REG_AUTNUM);
	ck_assert_uint_eq(r.asn_first, 65000);
	ck_assert_str_eq(r.status, "active");
	ck_assert_uint_eq(r.ncontacts, 5);
	ck_assert_str_eq(r.contacts[0].email, "ok@example.com");
	ck_assert_int_eq(r.contacts[0].role, ROLE_TECH);
	ck_assert_str_eq(r.contacts[1].email, "second@example.com");
	ck_assert_str_eq(r.contacts[2].email, "m@example.com");
	ck_assert_str_eq(r.contacts[3].email, "x@example.net");
	ck_assert_int_eq(r.contacts[3].role, ROLE_REMARK);
	ck_assert_str_eq(r.contacts[4].email, "y@example.net");
	ck_assert(has_note(&r, "e-mail value that is not an address"));
	/* Abuse entities without any address and no link at all. */
	ck_assert(has_note(&r, "abuse entity ? has neither an e-mail address "
	    "nor a link"));
	ck_assert_uint_eq(r.nlinks, 0);
	reg_record_release(&r);
}
END_TEST

START_TEST(test_jcard)
{
	static const char s[] = "{\"objectClassName\":\"ip network\","
	    "\"startAddress\":\"192.0.2.0\",\"endAddress\":\"192.0.2.255\","
	    "\"entities\":[{\"handle\":\"A-1\",\"roles\":[\"noc\",\"abuse\"],"
	    "\"vcardArray\":[\"vcard\",[[\"version\",{},\"text\",4],"
	    "[\"email\",{\"pref\":\"2\"},\"text\",\"two@example.org\"],"
	    "[\"email\",{\"pref\":1},\"text\",\" one@example.org \"]]]},"
	    "{\"handle\":\"B-1\",\"roles\":[\"abuse\",\"administrative\"],"
	    "\"vcardArray\":[\"vcard\",[[\"email\",{\"type\":\"work\"},"
	    "\"text\",\"work@example.org\"],[\"email\",{\"type\":\"work,"
	    "Abuse\"},\"text\",\"ab@example.org\"],[\"email\",{\"type\":"
	    "[\"internet\",\"abuse\"]},\"text\",\"ab2@example.org\"]]]},"
	    "{\"handle\":\"ORG-X\",\"roles\":[\"registrant\"],\"vcardArray\":"
	    "[\"vcard\",[[\"fn\",{},\"text\",\"X\\r\\nCorp\"],[\"kind\",{},"
	    "\"text\",\"org\"]]]}]}";
	static const char ent[] = "{\"objectClassName\":\"entity\","
	    "\"handle\":\"E-1\",\"roles\":[\"abuse\"],\"vcardArray\":"
	    "[\"vcard\",[[\"fn\",{},\"text\",\"E\"],"
	    "[\"kind\",{},\"text\",\"org\"],[\"adr\",{\"cc\":\"nl\"},\"text\","
	    "[\"\",\"\",\"\",\"\",\"\",\"\",\"Netherlands\"]]]]}";
	struct reg_record r;
	struct dp_err err = DP_ERR_INIT;

	ck_assert_msg(parse_str(s, &r, &err) == 0, "%s", err.msg);
	/* pref 1 first; both abuse (nothing marked type abuse). */
	ck_assert_str_eq(r.contacts[0].email, "one@example.org");
	ck_assert_str_eq(r.contacts[1].email, "two@example.org");
	ck_assert_int_eq(r.contacts[1].role, ROLE_ABUSE);
	/* type abuse marks the abuse addresses; the other takes the next
	   role. */
	ck_assert_str_eq(r.contacts[2].email, "ab@example.org");
	ck_assert_int_eq(r.contacts[2].role, ROLE_ABUSE);
	ck_assert_str_eq(r.contacts[3].email, "ab2@example.org");
	ck_assert_int_eq(contact(&r, "work@example.org")->role, ROLE_ADMIN);
	ck_assert_str_eq(contact(&r, "work@example.org")->via,
	    "rdap:administrative");
	/* Control characters in names become spaces. */
	ck_assert_str_eq(r.org, "X  Corp");
	ck_assert_str_eq(r.org_handle, "ORG-X");
	reg_record_release(&r);

	/* An entity object: its own roles, country from adr cc. */
	ck_assert_msg(parse_str(ent, &r, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(r.kind, REG_ENTITY);
	ck_assert_str_eq(r.country, "NL");
	ck_assert_str_eq(r.org, "E");
	ck_assert_uint_eq(r.ncontacts, 0);
	ck_assert(has_note(&r, "abuse entity E-1 has neither"));
	reg_record_release(&r);
}
END_TEST

START_TEST(test_nesting)
{
	struct buf b = BUF_INIT;
	struct reg_record r;
	struct dp_err err = DP_ERR_INIT;
	int i;

	/* Registrants nested 20 deep, each with an abuse entity: roles
	   count down the registrant chain, for 8 levels. */
	buf_adds(&b, "{\"objectClassName\":\"autnum\",\"startAutnum\":1,"
	    "\"entities\":[");
	for (i = 0; i < 20; i++)
		buf_addf(&b, "{\"handle\":\"R%d\",\"roles\":[\"registrant\"],"
		    "\"entities\":[{\"roles\":[\"abuse\"],\"handle\":\"A%d\","
		    "\"vcardArray\":[\"vcard\",[[\"email\",{},\"text\","
		    "\"a%d@example.org\"]]]},", i, i, i);
	buf_adds(&b, "{}");
	for (i = 0; i < 20; i++)
		buf_adds(&b, "]}");
	buf_adds(&b, "]}");
	ck_assert_msg(rdap_parse(b.s, b.len, &r, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(r.ncontacts, 7);	/* depths 1..7 */
	ck_assert_str_eq(r.contacts[0].email, "a0@example.org");
	ck_assert(has_note(&r, "nested deeper than 8 levels"));
	reg_record_release(&r);
	buf_reset(&b);

	/* Many entities, many addresses: bounded. */
	buf_adds(&b, "{\"objectClassName\":\"autnum\",\"startAutnum\":1,"
	    "\"entities\":[");
	for (i = 0; i < 3000; i++)
		buf_addf(&b, "%s{\"roles\":[\"technical\"],\"vcardArray\":"
		    "[\"vcard\",[[\"email\",{},\"text\","
		    "\"t%d@example.org\"]]]}", i ? "," : "", i);
	buf_adds(&b, "]}");
	ck_assert_msg(rdap_parse(b.s, b.len, &r, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(r.ncontacts, 256);
	ck_assert(has_note(&r, "more than 256 addresses"));
	ck_assert(has_note(&r, "more than 1024 entities"));
	ck_assert_uint_le(r.nnotes, 33);
	reg_record_release(&r);
	buf_release(&b);
}
END_TEST

START_TEST(test_net_members)
{
	struct reg_record r;
	struct dp_err err = DP_ERR_INIT;
	char text[512];

	/* cidr0 replaces the computed cover. */
	ck_assert_int_eq(parse_str("{\"objectClassName\":\"ip network\","
	    "\"startAddress\":\"10.0.0.0\",\"endAddress\":\"10.0.0.255\","
	    "\"cidr0_cidrs\":[{\"v4prefix\":\"10.0.0.0\",\"length\":25},"
	    "{\"v4prefix\":\"10.0.0.128\",\"length\":25}],"
	    "\"arin_originas0_originautnums\":[65001,\"AS65002\",0,-1,"
	    "4294967296,\"x\",65001],\"lacnic_originAutnum\":[\"65003\"]}",
	    &r, &err), 0);
	prefixes_text(&r, text, sizeof(text));
	ck_assert_str_eq(text, "10.0.0.0/25 10.0.0.128/25");
	origins_text(&r, text, sizeof(text));
	ck_assert_str_eq(text, "65001 65002 65003");
	ck_assert(has_note(&r, "origin values that are not AS numbers"));
	reg_record_release(&r);

	/* cidr0 outside the range is not believed. */
	ck_assert_int_eq(parse_str("{\"objectClassName\":\"ip network\","
	    "\"startAddress\":\"10.0.0.0\",\"endAddress\":\"10.0.0.255\","
	    "\"cidr0_cidrs\":[{\"v4prefix\":\"10.0.0.0\",\"length\":16},"
	    "{\"v6prefix\":\"10.0.0.0\",\"length\":8},{\"v4prefix\":"
	    "\"10.0.0.1\",\"length\":24},{\"length\":24},7]}", &r, &err), 0);
	prefixes_text(&r, text, sizeof(text));
	ck_assert_str_eq(text, "10.0.0.0/24");
	ck_assert(has_note(&r, "cidr0 prefixes lie outside the range"));
	ck_assert(has_note(&r, "4 cidr0 prefixes could not be read"));
	reg_record_release(&r);

	/* cidr0 alone makes the range; upper-case IPv6. */
	ck_assert_int_eq(parse_str("{\"objectClassName\":\"ip network\","
	    "\"ipVersion\":\"v4\",\"cidr0_cidrs\":[{\"v6prefix\":"
	    "\"2001:DB8::\",\"length\":33},{\"v6prefix\":\"2001:db8:8000::\","
	    "\"length\":33}]}", &r, &err), 0);
	range_text(&r, text, sizeof(text));
	ck_assert_str_eq(text, "2001:db8:: - "
	    "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff");
	prefixes_text(&r, text, sizeof(text));
	ck_assert_str_eq(text, "2001:db8::/33 2001:db8:8000::/33");
	reg_record_release(&r);

	/* ipVersion that disagrees. */
	ck_assert_int_eq(parse_str("{\"objectClassName\":\"ip network\","
	    "\"ipVersion\":\"v6\",\"startAddress\":\"10.0.0.0\","
	    "\"endAddress\":\"10.0.0.3\"}", &r, &err), 0);
	ck_assert(has_note(&r, "ipVersion 'v6' does not match"));
	reg_record_release(&r);

	/* Unusable ranges. */
	ck_assert_int_eq(parse_str("{\"objectClassName\":\"ip network\","
	    "\"startAddress\":\"10.0.0\",\"endAddress\":\"10.0.0.3\"}", &r,
	    &err), DP_EX_PROTOCOL);
	ck_assert_str_eq(err.msg, "ip network with a bad address '10.0.0'");
	ck_assert_int_eq(parse_str("{\"objectClassName\":\"ip network\","
	    "\"startAddress\":\"10.0.0.0\",\"endAddress\":\"0010.0.0.3\"}", &r,
	    &err), DP_EX_PROTOCOL);
	ck_assert_int_eq(parse_str("{\"objectClassName\":\"ip network\","
	    "\"startAddress\":\"10.0.0.0/x\",\"endAddress\":\"10.0.0.3\"}", &r,
	    &err), DP_EX_PROTOCOL);
	ck_assert_int_eq(parse_str("{\"objectClassName\":\"ip network\","
	    "\"startAddress\":\"10.0.0.0.0\",\"endAddress\":\"10.0.0.3\"}", &r,
	    &err), DP_EX_PROTOCOL);
	ck_assert_int_eq(parse_str("{\"objectClassName\":\"ip network\","
	    "\"startAddress\":\"10.0.0.9\",\"endAddress\":\"10.0.0.3\"}", &r,
	    &err), DP_EX_PROTOCOL);
	ck_assert_ptr_nonnull(strstr(err.msg, "ends before it starts"));
	ck_assert_int_eq(parse_str("{\"objectClassName\":\"ip network\","
	    "\"startAddress\":\"::\",\"endAddress\":\"10.0.0.3\"}", &r,
	    &err), DP_EX_PROTOCOL);
	ck_assert_ptr_nonnull(strstr(err.msg, "mixes IPv4 and IPv6"));
	ck_assert_int_eq(parse_str("{\"objectClassName\":\"ip network\","
	    "\"handle\":\"x\"}", &r, &err), DP_EX_PROTOCOL);
	ck_assert_ptr_nonnull(strstr(err.msg, "without a usable range"));

	/* Autnum numbers. */
	ck_assert_int_eq(parse_str("{\"objectClassName\":\"autnum\","
	    "\"startAutnum\":0}", &r, &err), DP_EX_PROTOCOL);
	ck_assert_int_eq(parse_str("{\"objectClassName\":\"autnum\","
	    "\"startAutnum\":5,\"endAutnum\":4}", &r, &err), DP_EX_PROTOCOL);
	ck_assert_ptr_nonnull(strstr(err.msg, "AS5 - AS4"));
	ck_assert_int_eq(parse_str("{\"objectClassName\":\"autnum\","
	    "\"startAutnum\":5,\"endAutnum\":\"x\"}", &r, &err),
	    DP_EX_PROTOCOL);
	ck_assert_int_eq(parse_str("{\"objectClassName\":\"autnum\","
	    "\"handle\":\"FOO\"}", &r, &err), DP_EX_PROTOCOL);
	ck_assert_int_eq(parse_str("{\"objectClassName\":\"autnum\","
	    "\"startAutnum\":4294967295}", &r, &err), 0);
	ck_assert_uint_eq(r.asn_last, 4294967295U);
	reg_record_release(&r);
}
END_TEST

/*
 * Bootstrap.
 */

struct bs_set {
	const char *asn, *v4, *v6, *published;
};

static void
load_set(const struct bs_set *set, struct rdap_bootstrap *b)
{
	struct dp_err err = DP_ERR_INIT;
	char *a = NULL, *v4 = NULL, *v6 = NULL;
	size_t na = 0, n4 = 0, n6 = 0;

	a = body_of(set->asn, &na);
	if (set->v4 != NULL)
		v4 = body_of(set->v4, &n4);
	if (set->v6 != NULL)
		v6 = body_of(set->v6, &n6);
	rdap_bootstrap_init(b);
	ck_assert_msg(rdap_bootstrap_load(b, a, na, v4, n4, v6, n6, &err) == 0,
	    "%s: %s", set->asn, err.msg);
	ck_assert_str_eq(b->asn_published, set->published);
	free(a);
	free(v4);
	free(v6);
}

static const char *
ip_url(const struct rdap_bootstrap *b, const char *s)
{
	struct ipnet n;

	if (strchr(s, '/') != NULL)
		ck_assert_int_eq(val_cidr(s, &n, NULL), 0);
	else
		ck_assert_int_eq(val_ip(s, &n, NULL), 0);
	return rdap_bootstrap_ip(b, &n);
}

#define ARIN	"https://rdap.arin.net/registry"
#define RIPE	"https://rdap.db.ripe.net/"
#define APNIC	"https://rdap.apnic.net/"
#define LACNIC	"https://rdap.lacnic.net/rdap/"
#define AFRINIC	"https://rdap.afrinic.net/rdap/"

START_TEST(test_bootstrap_sets)
{
	static const struct bs_set sets[] = {
		{ "rdap/bootstrap/openrdap_iana_asn.json",
		  "rdap/bootstrap/openrdap_iana_ipv4.json",
		  "rdap/bootstrap/openrdap_iana_ipv6.json",
		  "2016-09-08T18:00:00Z" },
		{ "rdap/http_raw/nicinfo_iana_asn.http.txt",
		  "rdap/http_raw/nicinfo_iana_ipv4.http.txt",
		  "rdap/http_raw/nicinfo_iana_ipv6.http.txt",
		  "2017-10-05T15:42:54Z" },
		{ "rdap/bootstrap/rdapclient_iana_asn.json",
		  "rdap/bootstrap/rdapclient_iana_ipv4.json",
		  "rdap/bootstrap/rdapclient_iana_ipv6.json",
		  "2019-06-12T18:00:01Z" },
		/* What db/rdap-bootstrap bundles. */
		{ "../../db/rdap-bootstrap/asn.json",
		  "../../db/rdap-bootstrap/ipv4.json",
		  "../../db/rdap-bootstrap/ipv6.json",
		  "2025-01-17T20:00:02Z" },
	};
	/* An address in each RIR's space (the fixtures' queries). */
	static const struct {
		const char *addr, *rir;
	} ips[] = {
		{ "74.125.225.229", ARIN }, { "3.3.3.3", ARIN },
		{ "108.45.128.208", ARIN },
		{ "62.239.237.1", RIPE }, { "193.0.0.1", RIPE },
		{ "210.107.73.73", APNIC }, { "1.1.1.1", APNIC },
		{ "133.1.2.5", APNIC },
		{ "200.57.141.161", LACNIC }, { "177.0.0.1", LACNIC },
		{ "196.11.240.215", AFRINIC }, { "41.0.0.1", AFRINIC },
		{ "2001:4860:4860::8888", ARIN },
		{ "2a00:2381:ffff::1", RIPE },
		{ "2001:240:10c:1::ca20:9d1d", APNIC },
		{ "2801:10:c000::", LACNIC },
		{ "2001:43f8:7b0::", AFRINIC }, { "2c0f:f000::1", AFRINIC },
		{ "41.0.0.0/16", AFRINIC }, { "2001:43f8:7b0::/48", AFRINIC },
		{ "10.1.2.3", NULL }, { "0.0.0.1", NULL },
		{ "255.255.255.255", NULL }, { "::1", NULL },
		{ "0.0.0.0/0", NULL }, { "fc00::/7", NULL },
	};
	/* The same in every set (the range moved in none of them). */
	static const struct {
		uint32_t asn;
		const char *rir;
	} asns[] = {
		{ 1, ARIN }, { 15169, ARIN }, { 701, ARIN }, { 703, ARIN },
		{ 2856, RIPE }, { 205697, RIPE },
		{ 4608, APNIC }, { 4865, APNIC },
		{ 27648, LACNIC }, { 53170, LACNIC },
		{ 36864, AFRINIC }, { 37578, AFRINIC },
		{ 327680, AFRINIC }, { 328703, AFRINIC },
		{ 0, NULL }, { 64512, NULL }, { 4294967295U, NULL },
	};
	struct rdap_bootstrap b;
	const char *got;
	size_t s, i;

	for (s = 0; s < ARRAY_SIZE(sets); s++) {
		load_set(&sets[s], &b);
		ck_assert_uint_gt(b.nasns, 0);
		ck_assert_uint_gt(b.nnets, 0);
		for (i = 0; i < ARRAY_SIZE(ips); i++) {
			got = ip_url(&b, ips[i].addr);
			if (ips[i].rir == NULL)
				ck_assert_msg(got == NULL, "%s: %s -> %s",
				    sets[s].asn, ips[i].addr, got);
			else
				ck_assert_msg(got != NULL && strncmp(got,
				    ips[i].rir, strlen(ips[i].rir)) == 0,
				    "%s: %s -> %s", sets[s].asn, ips[i].addr,
				    got ? got : "(null)");
		}
		for (i = 0; i < ARRAY_SIZE(asns); i++) {
			got = rdap_bootstrap_asn(&b, asns[i].asn);
			if (asns[i].rir == NULL)
				ck_assert_msg(got == NULL, "AS%u -> %s",
				    asns[i].asn, got);
			else
				ck_assert_msg(got != NULL && strncmp(got,
				    asns[i].rir, strlen(asns[i].rir)) == 0,
				    "%s: AS%u -> %s", sets[s].asn, asns[i].asn,
				    got ? got : "(null)");
		}
		rdap_bootstrap_release(&b);
		ck_assert_uint_eq(b.nnets, 0);
	}
}
END_TEST

START_TEST(test_bootstrap_history)
{
	static const struct bs_set old = {
		"rdap/bootstrap/openrdap_iana_asn.json", NULL, NULL,
		"2016-09-08T18:00:00Z"
	}, new = {
		"rdap/bootstrap/20c_iana_asn.json", NULL, NULL,
		"2025-01-17T20:00:02Z"
	};
	struct rdap_bootstrap b;

	/* 2016: per-ASN legacy entries ("1228-1232", "2018" AFRINIC); ARIN
	   without the trailing slash. */
	load_set(&old, &b);
	ck_assert_str_eq(rdap_bootstrap_asn(&b, 1228), AFRINIC);
	ck_assert_str_eq(rdap_bootstrap_asn(&b, 1232), AFRINIC);
	ck_assert_str_eq(rdap_bootstrap_asn(&b, 1233), APNIC);
	ck_assert_str_eq(rdap_bootstrap_asn(&b, 2018), AFRINIC);
	ck_assert_str_eq(rdap_bootstrap_asn(&b, 3786), APNIC);
	ck_assert_str_eq(rdap_bootstrap_asn(&b, 15169), ARIN);
	ck_assert_ptr_null(rdap_bootstrap_ip(&b, &(struct ipnet){ AF_INET,
	    { 1, 1, 1, 1 }, 32 }));
	rdap_bootstrap_release(&b);

	/* 2025: legacy ASNs are ARIN's blocks (ARIN redirects). */
	load_set(&new, &b);
	ck_assert_str_eq(rdap_bootstrap_asn(&b, 1228), ARIN "/");
	ck_assert_str_eq(rdap_bootstrap_asn(&b, 3786), ARIN "/");
	ck_assert_str_eq(rdap_bootstrap_asn(&b, 401309), ARIN "/");
	ck_assert_str_eq(rdap_bootstrap_asn(&b, 36864), AFRINIC);
	ck_assert_ptr_null(b.v4_published);
	rdap_bootstrap_release(&b);
}
END_TEST

START_TEST(test_bootstrap_rules)
{
	static const char v4[] = "{\"publication\":\"x\",\"services\":["
	    "[[\"10.0.0.0/8\"],[\"http://a.example/\",\"https://a.example/\"]],"
	    "[[\"10.1.0.0/16\"],[\"ftp://x\",\"http://b.example/\"]],"
	    "[[\"10.2.0.0/16\"],[\"ftp://x\"]],"
	    "[[\"tag@example\"],[\"10.3.0.0/16\"],[\"https://c.example/\"]]]}";
	static const char *const bad[] = {
		"", "[]", "{\"services\":{}}", "{\"services\":[7]}",
		"{\"services\":[[[\"10.0.0.0/8\"]]]}",
		"{\"services\":[[[\"10.0.0.1/8\"],[\"https://x/\"]]]}",
		"{\"services\":[[[\"300.0.0.0/8\"],[\"https://x/\"]]]}",
		"{\"services\":[[[7],[\"https://x/\"]]]}",
		"{\"services\":[[\"x\",[\"https://x/\"]]]}",
	};
	static const char *const badasn[] = {
		"1-x", "5-3", "-5", "5-", "", "4294967296", "1--2", " 5",
		"12345678901",
	};
	struct rdap_bootstrap b = RDAP_BOOTSTRAP_INIT;
	struct dp_err err = DP_ERR_INIT;
	char doc[256];
	size_t i;

	ck_assert_int_eq(rdap_bootstrap_load(&b, NULL, 0, v4, strlen(v4),
	    NULL, 0, &err), 0);
	/* https over http; http if that is all; none, no service. */
	ck_assert_str_eq(ip_url(&b, "10.9.9.9"), "https://a.example/");
	ck_assert_str_eq(ip_url(&b, "10.1.2.3"), "http://b.example/");
	ck_assert_str_eq(ip_url(&b, "10.2.2.3"), "https://a.example/");
	/* Longest match; a prefix must fit whole. */
	ck_assert_str_eq(ip_url(&b, "10.1.0.0/16"), "http://b.example/");
	ck_assert_str_eq(ip_url(&b, "10.0.0.0/15"), "https://a.example/");
	/* A three-element (object tags) service. */
	ck_assert_str_eq(ip_url(&b, "10.3.0.1"), "https://c.example/");
	ck_assert_ptr_null(ip_url(&b, "11.0.0.1"));
	ck_assert_ptr_null(ip_url(&b, "::a00:1"));
	ck_assert_str_eq(b.v4_published, "x");
	rdap_bootstrap_release(&b);

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		ck_assert_int_eq(rdap_bootstrap_load(&b, NULL, 0, NULL, 0,
		    bad[i], strlen(bad[i]), &err), DP_EX_PROTOCOL);
		ck_assert_msg(strncmp(err.msg, "ipv6.json: ", 11) == 0, "%s",
		    err.msg);
		ck_assert_uint_eq(b.nurls, 0);
	}
	for (i = 0; i < ARRAY_SIZE(badasn); i++) {
		snprintf(doc, sizeof(doc), "{\"services\":[[[\"1-2\",\"%s\"],"
		    "[\"https://x/\"]]]}", badasn[i]);
		ck_assert_int_eq(rdap_bootstrap_load(&b, doc, strlen(doc), NULL,
		    0, NULL, 0, &err), DP_EX_PROTOCOL);
		ck_assert_msg(strstr(err.msg, "asn.json: bad entry") != NULL,
		    "%s", err.msg);
		ck_assert_uint_eq(b.nasns, 0);
	}
	snprintf(doc, sizeof(doc), "{\"services\":[[[\"0-4294967295\"],"
	    "[\"https://all/\"]]]}");
	ck_assert_int_eq(rdap_bootstrap_load(&b, doc, strlen(doc), NULL, 0,
	    NULL, 0, &err), 0);
	ck_assert_str_eq(rdap_bootstrap_asn(&b, 4294967295U), "https://all/");
	rdap_bootstrap_release(&b);
}
END_TEST

START_TEST(test_url)
{
	static const char *const cases[][3] = {
		{ "https://rdap.arin.net/registry", "ip/1.2.3.4",
		  "https://rdap.arin.net/registry/ip/1.2.3.4" },
		{ "https://rdap.arin.net/registry/", "ip/1.2.3.4",
		  "https://rdap.arin.net/registry/ip/1.2.3.4" },
		{ "https://rdap.arin.net/registry//", "/ip/1.2.3.4",
		  "https://rdap.arin.net/registry/ip/1.2.3.4" },
		{ "https://rdap.apnic.net/", "entity/HKBN-HK",
		  "https://rdap.apnic.net/entity/HKBN-HK" },
		{ "https://rdap.apnic.net", "/entity/HKBN-HK",
		  "https://rdap.apnic.net/entity/HKBN-HK" },
		{ "https://rdap.db.ripe.net/", "autnum/26780",
		  "https://rdap.db.ripe.net/autnum/26780" },
		{ "https://x", "", "https://x/" },
	};
	size_t i, len;
	char *u, *s;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		u = rdap_url(cases[i][0], cases[i][1]);
		ck_assert_str_eq(u, cases[i][2]);
		free(u);
	}
	/* The APNIC 404 fixture records the bug this prevents. */
	s = body_of("rdap/errors/20c_apnic_404_entity_HKBN-HK_doubleslash.json",
	    &len);
	ck_assert_ptr_nonnull(strstr(s, "https://rdap.apnic.net/entity//"
	    "HKBN-HK"));
	free(s);
}
END_TEST

/* Regression: C1 controls in a registry's text reached the terminal. */
START_TEST(test_c1_controls_removed)
{
	static const char body[] = "{\"objectClassName\":\"autnum\","
	    "\"handle\":\"AS64496\",\"startAutnum\":64496,"
	    "\"endAutnum\":64496,\"name\":\"EX\\u009b31mAMPLE\"}";
	struct reg_record r;
	struct dp_err err = DP_ERR_INIT;

	reg_record_init(&r);
	ck_assert_msg(rdap_parse(body, sizeof(body) - 1, &r, &err) == 0, "%s",
	    err.msg);
	ck_assert_str_eq(r.name, "EX 31mAMPLE");
	reg_record_release(&r);
}
END_TEST

Suite *
rdap_suite(void)
{
	Suite *s = suite_create("rdap");
	TCase *tc = tcase_create("parse");

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_fixture_facts, 0, (int)ARRAY_SIZE(wants));
	tcase_add_test(tc, test_c1_controls_removed);
	tcase_add_test(tc, test_not_abuse);
	tcase_add_test(tc, test_abuse_details);
	tcase_add_test(tc, test_every_fixture_covered);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_search_originas0);
	tcase_add_test(tc, test_search_small);
	tcase_add_test(tc, test_hostile);
	tcase_add_test(tc, test_not_utf8);
	tcase_add_test(tc, test_bad_vcards);
	tcase_add_test(tc, test_jcard);
	tcase_add_test(tc, test_nesting);
	tcase_add_test(tc, test_net_members);
	suite_add_tcase(s, tc);

	tc = tcase_create("bootstrap");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_bootstrap_sets);
	tcase_add_test(tc, test_bootstrap_history);
	tcase_add_test(tc, test_bootstrap_rules);
	tcase_add_test(tc, test_url);
	suite_add_tcase(s, tc);
	return s;
}
