/*
 * check_answers.c - registry answers read right (tests/fixtures/answers,
 * authored in the registries' real formats with documentation addresses
 * and AS numbers): a reassignment that takes its origin AS and abuse
 * contact from the carrier's enclosing block, naming it; an RPSL
 * organisation's legacy abuse-mailbox kept apart from the abuse-c
 * answer; RDAP's country from the registrant's jCard address, marked;
 * an abuse@ address offered as a low-confidence candidate only when no
 * abuse contact is named; ARIN's ambiguous-query summaries and answers
 * with banners and notices before the first record.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include "rdap.h"
#include "testutil.h"
#include "whois.h"
#include "whois_parse.h"

static void
whois_fx(enum whois_fmt fmt, const char *rel, struct reg_record *r)
{
	struct dp_err err = DP_ERR_INIT;
	size_t len;
	char *text = test_fixture(rel, &len);

	reg_record_init(r);
	ck_assert_msg(whois_parse(fmt, text, len, WQ_ADDR, r, &err) == 0,
	    "%s: %s", rel, err.msg);
	free(text);
}

static void
whois_str(enum whois_fmt fmt, const char *text, struct reg_record *r)
{
	struct dp_err err = DP_ERR_INIT;

	reg_record_init(r);
	ck_assert_msg(whois_parse(fmt, text, strlen(text), WQ_ADDR, r,
	    &err) == 0, "%s", err.msg);
}

static void
rdap_fx(const char *rel, struct reg_record *r)
{
	struct dp_err err = DP_ERR_INIT;
	size_t len;
	char *text = test_fixture(rel, &len);

	reg_record_init(r);
	ck_assert_msg(rdap_parse(text, len, r, &err) == 0, "%s: %s", rel,
	    err.msg);
	free(text);
}

/* The contact with address email, or NULL. */
static const struct reg_contact *
find(const struct reg_record *r, const char *email)
{
	size_t i;

	for (i = 0; i < r->ncontacts; i++)
		if (strcmp(r->contacts[i].email, email) == 0)
			return &r->contacts[i];
	return NULL;
}

static void
assert_range(const struct reg_record *r, const char *lo, const char *hi)
{
	unsigned char a[16] = { 0 }, b[16] = { 0 };

	ck_assert_int_eq(r->family, AF_INET);
	ck_assert_int_eq(inet_pton(AF_INET, lo, a), 1);
	ck_assert_int_eq(inet_pton(AF_INET, hi, b), 1);
	ck_assert_mem_eq(r->first, a, 4);
	ck_assert_mem_eq(r->last, b, 4);
}

/*
 * ARIN: the customer's Reassigned block has no OriginAS value and no POC;
 * the carrier's Direct Allocation in the same answer has both.
 */
START_TEST(test_arin_reassignment_inherits)
{
	struct reg_record r;
	const struct reg_contact *c;

	whois_fx(WHOIS_ARIN, "answers/arin-reassigned.txt", &r);
	ck_assert_str_eq(r.handle, "NET-198-51-100-64-1");
	ck_assert_str_eq(r.status, "Reassigned");
	ck_assert_str_eq(r.org, "Hoster Example LLC");
	ck_assert_int_eq(r.summary, 0);
	assert_range(&r, "198.51.100.64", "198.51.100.127");
	ck_assert_uint_eq(r.norigins, 2);
	ck_assert_uint_eq(r.origins[0], 64496);
	ck_assert_uint_eq(r.origins[1], 64497);
	ck_assert_ptr_nonnull(r.origins_from);
	ck_assert_str_eq(r.origins_from, "NET-198-51-100-0-1");
	ck_assert_str_eq(r.contacts[0].email, "abuse@carrier.example");
	ck_assert_int_eq(r.contacts[0].role, ROLE_ABUSE);
	ck_assert_ptr_nonnull(r.contacts[0].from);
	ck_assert_str_eq(r.contacts[0].from, "NET-198-51-100-0-1");
	ck_assert_ptr_nonnull(c = find(&r, "noc@carrier.example"));
	ck_assert_str_eq(c->from, "NET-198-51-100-0-1");
	reg_record_release(&r);
}
END_TEST

/* The carrier's own block states its origins: no "from". */
START_TEST(test_arin_own_origin_not_marked)
{
	struct reg_record r;

	whois_str(WHOIS_ARIN,
	    "NetRange:       198.51.100.0 - 198.51.100.255\n"
	    "NetHandle:      NET-198-51-100-0-1\n"
	    "NetType:        Direct Allocation\n"
	    "OriginAS:       AS64496\n"
	    "OrgAbuseEmail:  abuse@carrier.example\n", &r);
	ck_assert_uint_eq(r.norigins, 1);
	ck_assert_ptr_null(r.origins_from);
	ck_assert_ptr_null(r.contacts[0].from);
	reg_record_release(&r);
}
END_TEST

/* "Query terms are ambiguous": the most specific covering record. */
START_TEST(test_arin_ambiguous_summary)
{
	struct reg_record r;

	whois_fx(WHOIS_ARIN, "answers/arin-ambiguous.txt", &r);
	ck_assert_int_eq(r.kind, REG_NET);
	ck_assert_str_eq(r.handle, "NET-198-51-100-64-1");
	ck_assert_str_eq(r.name, "CARRI-CUST-HOSTER");
	ck_assert_str_eq(r.org, "Hoster Example LLC");
	assert_range(&r, "198.51.100.64", "198.51.100.127");
	/* One line of a list: the lookup says how to get the rest. */
	ck_assert_int_eq(r.summary, 1);
	ck_assert_uint_eq(r.ncontacts, 0);
	reg_record_release(&r);
}
END_TEST

/* Banners, notices in key: value form and comments before the record. */
START_TEST(test_arin_leading_lines)
{
	struct reg_record r;

	whois_str(WHOIS_ARIN,
	    "\r\n\r\n"
	    "ARIN WHOIS service: test double\r\n"
	    "Notice: queries are logged\r\n"
	    "# comment\r\n"
	    "% another comment\r\n"
	    "\r\n"
	    "Comment: the record follows\r\n"
	    "\r\n"
	    "NetRange:       198.51.100.64 - 198.51.100.127\r\n"
	    "NetHandle:      NET-198-51-100-64-1\r\n"
	    "NetType:        Reassigned\r\n"
	    "CustName:       Hoster Example LLC\r\n"
	    "OrgAbuseEmail:  abuse@hoster.example\r\n", &r);
	ck_assert_int_eq(r.kind, REG_NET);
	ck_assert_str_eq(r.handle, "NET-198-51-100-64-1");
	ck_assert_str_eq(r.org, "Hoster Example LLC");
	ck_assert_str_eq(r.contacts[0].email, "abuse@hoster.example");
	/* The comment before the record is no contact of it. */
	ck_assert_uint_eq(r.ncontacts, 1);
	reg_record_release(&r);
}
END_TEST

/* A record indented as a whole (a proxy's or a paste's), after a banner. */
START_TEST(test_arin_indented_record)
{
	struct reg_record r;

	whois_str(WHOIS_ARIN,
	    "# ARIN WHOIS, as a web form showed it\n"
	    "\n"
	    "    NetRange:       198.51.100.64 - 198.51.100.127\n"
	    "    NetHandle:      NET-198-51-100-64-1\n"
	    "    NetType:        Reassigned\n"
	    "    OriginAS:       AS64496\n"
	    "    OrgAbuseEmail:  abuse@hoster.example\n", &r);
	ck_assert_int_eq(r.kind, REG_NET);
	ck_assert_str_eq(r.handle, "NET-198-51-100-64-1");
	ck_assert_str_eq(r.status, "Reassigned");
	ck_assert_uint_eq(r.norigins, 1);
	ck_assert_str_eq(r.contacts[0].email, "abuse@hoster.example");
	reg_record_release(&r);
}
END_TEST

/* A saved answer that starts with a UTF-8 byte order mark. */
START_TEST(test_rpsl_byte_order_mark)
{
	struct reg_record r;

	whois_str(WHOIS_RPSL,
	    "\xef\xbb\xbfinetnum:        192.0.2.0 - 192.0.2.255\n"
	    "netname:        DOC-NET\n"
	    "country:        NL\n"
	    "source:         RIPE\n", &r);
	ck_assert_int_eq(r.kind, REG_NET);
	ck_assert_str_eq(r.name, "DOC-NET");
	assert_range(&r, "192.0.2.0", "192.0.2.255");
	reg_record_release(&r);
}
END_TEST

/* RPSL keeps its continuation lines: an indented line after a value. */
START_TEST(test_rpsl_continuation_kept)
{
	struct reg_record r;

	whois_str(WHOIS_RPSL,
	    "inetnum:        192.0.2.0 - 192.0.2.255\n"
	    "netname:        DOC-NET\n"
	    "descr:          Doc Org\n"
	    "                country: see remarks\n"
	    "source:         RIPE\n", &r);
	ck_assert_int_eq(r.kind, REG_NET);
	ck_assert_str_eq(r.name, "DOC-NET");
	/* Part of descr, not a country attribute. */
	ck_assert_str_eq(r.org, "Doc Org country: see remarks");
	ck_assert_ptr_null(r.country);
	reg_record_release(&r);
}
END_TEST

/* RIPE: the abuse-c answer is the abuse contact; the org's is legacy. */
START_TEST(test_ripe_org_abuse_mailbox_legacy)
{
	struct reg_record r;
	const struct reg_contact *c;

	whois_fx(WHOIS_RPSL, "answers/ripe-org-legacy.txt", &r);
	ck_assert_str_eq(r.contacts[0].email, "abuse@hoster.example");
	ck_assert_int_eq(r.contacts[0].role, ROLE_ABUSE);
	ck_assert_uint_eq(count_role(&r, ROLE_ABUSE), 1);
	ck_assert_ptr_nonnull(c = find(&r, "complaints@hoster.example"));
	ck_assert_int_eq(c->role, ROLE_ABUSE_LEGACY);
	ck_assert_str_eq(c->via, "org-abuse-mailbox (legacy)");
	ck_assert_str_eq(c->handle, "ORG-HE7-RIPE");
	ck_assert_str_eq(r.contacts[1].email, "complaints@hoster.example");
	ck_assert_str_eq(reg_role_name(c->role), "org-abuse-legacy");
	reg_record_release(&r);
}
END_TEST

/* AFRINIC without the comment: the org's abuse-c role, not its mailbox. */
START_TEST(test_afrinic_org_abuse_c)
{
	struct reg_record r;
	const struct reg_contact *c;

	whois_fx(WHOIS_RPSL, "answers/afrinic-org-legacy.txt", &r);
	ck_assert_str_eq(r.source, "afrinic");
	ck_assert_str_eq(r.contacts[0].email, "abuse@hoster-africa.example");
	ck_assert_int_eq(r.contacts[0].role, ROLE_ABUSE);
	ck_assert_str_eq(r.contacts[0].handle, "HEAB2-AFRINIC");
	ck_assert_uint_eq(count_role(&r, ROLE_ABUSE), 1);
	ck_assert_ptr_nonnull(c = find(&r, "old-abuse@hoster-africa.example"));
	ck_assert_int_eq(c->role, ROLE_ABUSE_LEGACY);
	reg_record_release(&r);
}
END_TEST

/* An organisation with only its legacy mailbox: still not "abuse". */
START_TEST(test_rpsl_org_mailbox_alone)
{
	struct reg_record r;
	const struct reg_contact *c;

	whois_str(WHOIS_RPSL,
	    "inetnum:        192.0.2.0 - 192.0.2.255\n"
	    "netname:        DOC-NET\n"
	    "org:            ORG-DOC1-RIPE\n"
	    "source:         RIPE\n"
	    "\n"
	    "organisation:   ORG-DOC1-RIPE\n"
	    "org-name:       Doc Org\n"
	    "abuse-mailbox:  reports@doc.example\n"
	    "source:         RIPE\n", &r);
	ck_assert_uint_eq(count_role(&r, ROLE_ABUSE), 0);
	ck_assert_ptr_nonnull(c = find(&r, "reports@doc.example"));
	ck_assert_int_eq(c->role, ROLE_ABUSE_LEGACY);
	reg_record_release(&r);
}
END_TEST

/* RDAP: no country on the network; the registrant's adr cc (RFC 8605). */
START_TEST(test_rdap_registrant_cc)
{
	struct reg_record r;
	const struct reg_contact *c;

	rdap_fx("answers/rdap-registrant-cc.json", &r);
	ck_assert_str_eq(r.country, "US");
	ck_assert_ptr_nonnull(r.country_from);
	ck_assert_str_eq(r.country_from, "registrant's address");
	/* No entity has the abuse role: abuse@ is a candidate, marked. */
	ck_assert_uint_eq(count_role(&r, ROLE_ABUSE), 0);
	ck_assert_ptr_nonnull(c = find(&r, "abuse@hoster.example"));
	ck_assert_int_eq(c->role, ROLE_ABUSE_CANDIDATE);
	ck_assert_str_eq(c->via, "rdap:registrant");
	ck_assert_str_eq(reg_role_name(c->role), "abuse-candidate");
	ck_assert_str_eq(r.contacts[0].email, "abuse@hoster.example");
	ck_assert_int_eq(find(&r, "noc@hoster.example")->role, ROLE_TECH);
	reg_record_release(&r);
}
END_TEST

/* The country-name component when there is no cc parameter. */
START_TEST(test_rdap_registrant_country_name)
{
	struct reg_record r;

	rdap_fx("answers/rdap-registrant-country-name.json", &r);
	ck_assert_str_eq(r.country, "Australia");
	ck_assert_str_eq(r.country_from, "registrant's address");
	/* An abuse entity exists: no candidate, the registrant stays one. */
	ck_assert_str_eq(r.contacts[0].email, "abuse@hoster-ap.example");
	ck_assert_int_eq(r.contacts[0].role, ROLE_ABUSE);
	ck_assert_int_eq(find(&r, "info@hoster-ap.example")->role,
	    ROLE_REGISTRANT);
	reg_record_release(&r);
}
END_TEST

/* The network's own country is not replaced nor marked. */
START_TEST(test_rdap_own_country)
{
	static const char body[] =
	    "{\"objectClassName\":\"ip network\",\"handle\":\"DOC-1\","
	    "\"startAddress\":\"192.0.2.0\",\"endAddress\":\"192.0.2.255\","
	    "\"ipVersion\":\"v4\",\"country\":\"NL\",\"entities\":[{"
	    "\"objectClassName\":\"entity\",\"handle\":\"R1\",\"roles\":"
	    "[\"registrant\"],\"vcardArray\":[\"vcard\",[[\"version\",{},"
	    "\"text\",\"4.0\"],[\"fn\",{},\"text\",\"Doc\"],[\"adr\","
	    "{\"cc\":\"DE\"},\"text\",[\"\",\"\",\"\",\"\",\"\",\"\",\"\"]],"
	    "[\"email\",{},\"text\",\"abuse@doc.example\"]]]},{"
	    "\"objectClassName\":\"entity\",\"handle\":\"A1\",\"roles\":"
	    "[\"abuse\"],\"vcardArray\":[\"vcard\",[[\"version\",{},\"text\","
	    "\"4.0\"],[\"email\",{},\"text\",\"desk@doc.example\"]]]}]}";
	struct reg_record r;
	struct dp_err err = DP_ERR_INIT;

	reg_record_init(&r);
	ck_assert_int_eq(rdap_parse(body, sizeof(body) - 1, &r, &err), 0);
	ck_assert_str_eq(r.country, "NL");
	ck_assert_ptr_null(r.country_from);
	/* A registry abuse contact exists: abuse@ stays the registrant's. */
	ck_assert_int_eq(find(&r, "abuse@doc.example")->role,
	    ROLE_REGISTRANT);
	ck_assert_int_eq(find(&r, "desk@doc.example")->role, ROLE_ABUSE);
	reg_record_release(&r);
}
END_TEST

/* WHOIS: an abuse@ tech address is a candidate only without OrgAbuse. */
START_TEST(test_whois_abuse_candidate)
{
	struct reg_record r;

	whois_str(WHOIS_ARIN,
	    "NetRange:       192.0.2.0 - 192.0.2.255\n"
	    "NetHandle:      NET-192-0-2-0-1\n"
	    "OrgTechEmail:   Abuse@doc.example\n"
	    "OrgAdminEmail:  admin@doc.example\n"
	    "Comment:        write to abuse@remark.example\n", &r);
	ck_assert_str_eq(r.contacts[0].email, "Abuse@doc.example");
	ck_assert_int_eq(r.contacts[0].role, ROLE_ABUSE_CANDIDATE);
	ck_assert_str_eq(r.contacts[0].via, "OrgTechEmail");
	/* A remark is never promoted. */
	ck_assert_int_eq(find(&r, "abuse@remark.example")->role, ROLE_REMARK);
	reg_record_release(&r);
	whois_str(WHOIS_ARIN,
	    "NetRange:       192.0.2.0 - 192.0.2.255\n"
	    "NetHandle:      NET-192-0-2-0-1\n"
	    "OrgAbuseEmail:  desk@doc.example\n"
	    "OrgTechEmail:   abuse@doc.example\n", &r);
	ck_assert_int_eq(find(&r, "abuse@doc.example")->role, ROLE_TECH);
	ck_assert_uint_eq(count_role(&r, ROLE_ABUSE_CANDIDATE), 0);
	reg_record_release(&r);
}
END_TEST

/* An rwhois customer network: its own facts, no abuse of its own. */
START_TEST(test_rwhois_customer)
{
	struct reg_record r;

	whois_fx(WHOIS_RWHOIS, "answers/rwhois-customer.txt", &r);
	ck_assert_str_eq(r.name, "HOSTER-EXAMPLE-2");
	assert_range(&r, "203.0.113.128", "203.0.113.255");
	ck_assert_uint_eq(count_role(&r, ROLE_ABUSE), 0);
	ck_assert_uint_eq(r.norigins, 0);
	ck_assert_str_eq(find(&r, "noc@hoster.example")->handle,
	    "NOC-HOSTER.203.0.113.0/24");
	reg_record_release(&r);
}
END_TEST

/*
 * The record ARIN gives for "n + ! HANDLE" after a summary list: whole,
 * with its origin, abuse contact and rwhois referral.
 */
START_TEST(test_arin_handle_record_whole)
{
	struct reg_record r;
	size_t i;

	whois_fx(WHOIS_ARIN, "answers/arin-handle-full-v6.txt", &r);
	ck_assert_str_eq(r.handle, "NET6-2001-DB8-10-1");
	ck_assert_int_eq(r.summary, 0);
	ck_assert_uint_eq(r.norigins, 1);
	ck_assert_uint_eq(r.origins[0], 64510);
	ck_assert_str_eq(r.contacts[0].email, "abuse@hoster.example");
	ck_assert_int_eq(r.contacts[0].role, ROLE_ABUSE);
	ck_assert_str_eq(r.referral, "rwhois://whois.hoster.example:43");
	for (i = 0; i < r.nnotes; i++)
		ck_assert_str_ne(r.notes[i], WHOIS_NOTE_SUMMARY);
	reg_record_release(&r);
	/* The summary's record carries the note the chain drops. */
	whois_fx(WHOIS_ARIN, "answers/arin-ambiguous.txt", &r);
	for (i = 0; i < r.nnotes; i++)
		if (strcmp(r.notes[i], WHOIS_NOTE_SUMMARY) == 0)
			break;
	ck_assert_uint_lt(i, r.nnotes);
	reg_record_release(&r);
}
END_TEST

/*
 * A referral's scheme names the protocol, the port only the socket:
 * "rwhois://host:43" is rwhois, "whois://host:4321" WHOIS; without a
 * scheme, port 4321 means rwhois.
 */
START_TEST(test_referral_scheme_decides)
{
	static const struct {
		const char	*ref;
		int		 port, rw;
	} v[] = {
		{ "rwhois://whois.hoster.example:43", 43, 1 },
		{ "rwhois://whois.hoster.example", 4321, 1 },
		{ "whois://whois.hoster.example:4321", 4321, 0 },
		{ "whois.hoster.example:4321", 4321, 1 },
		{ "whois.hoster.example:43", 43, 0 },
		{ "whois.hoster.example", 43, 0 },
	};
	struct dp_err err = DP_ERR_INIT;
	struct whois_hop h;
	char *host;
	size_t i;
	int port, rw;

	for (i = 0; i < ARRAY_SIZE(v); i++) {
		host = NULL;
		ck_assert_msg(whois_referral_parse(v[i].ref, &host, &port, &rw,
		    &err) == 0, "%s: %s", v[i].ref, err.msg);
		ck_assert_str_eq(host, "whois.hoster.example");
		ck_assert_int_eq(port, v[i].port);
		ck_assert_msg(rw == v[i].rw, "%s: rwhois %d", v[i].ref, rw);
		/* The hop built from it is read and stored by protocol. */
		memset(&h, 0, sizeof(h));
		h.server = host;
		h.port = port;
		h.rwhois = rw;
		ck_assert_int_eq(whois_hop_fmt(&h), rw ? WHOIS_RWHOIS :
		    WHOIS_RPSL);
		ck_assert_str_eq(whois_hop_protocol(&h), rw ? "rwhois" :
		    "whois");
		free(host);
	}
}
END_TEST

/* rwhois on port 43: the customer's network, read as rwhois. */
START_TEST(test_rwhois_on_port_43)
{
	struct reg_record r;
	const struct reg_contact *c;

	whois_fx(WHOIS_RWHOIS, "answers/rwhois43-customer-v6.txt", &r);
	ck_assert_int_eq(r.kind, REG_NET);
	ck_assert_str_eq(r.name, "CUSTOMER-V6-DOC");
	ck_assert_int_eq(r.family, AF_INET6);
	ck_assert_ptr_nonnull(c = find(&r, "noc@customer.example"));
	ck_assert_int_eq(c->role, ROLE_TECH);
	reg_record_release(&r);
}
END_TEST

/*
 * RIPE: only abuse-c's abuse-mailbox is the registry's abuse contact.
 * The block's own abuse-mailbox and those of its tech-c and admin-c
 * objects are legacy: kept, labelled, ranked below it, in that order.
 */
START_TEST(test_rpsl_abuse_mailbox_outside_abuse_c)
{
	struct reg_record r;
	const struct reg_contact *c;

	whois_fx(WHOIS_RPSL, "answers/ripe-abuse-mailbox-roles.txt", &r);
	ck_assert_uint_eq(count_role(&r, ROLE_ABUSE), 1);
	ck_assert_str_eq(r.contacts[0].email, "abuse@hoster.example");
	ck_assert_int_eq(r.contacts[0].role, ROLE_ABUSE);
	ck_assert_str_eq(r.contacts[0].handle, "HEA1-RIPE");
	ck_assert_str_eq(r.contacts[1].email, "old-abuse@hoster.example");
	ck_assert_int_eq(r.contacts[1].role, ROLE_ABUSE_MAILBOX_LEGACY);
	ck_assert_str_eq(r.contacts[1].via,
	    "abuse-mailbox (legacy, on the block)");
	ck_assert_str_eq(r.contacts[1].handle, "192.0.2.0 - 192.0.2.255");
	ck_assert_str_eq(r.contacts[2].email, "noc-abuse@hoster.example");
	ck_assert_int_eq(r.contacts[2].role, ROLE_ABUSE_MAILBOX_LEGACY);
	ck_assert_str_eq(r.contacts[2].via, "tech-c abuse-mailbox (legacy)");
	ck_assert_str_eq(r.contacts[2].handle, "HEN1-RIPE");
	ck_assert_str_eq(r.contacts[3].email, "jane-abuse@hoster.example");
	ck_assert_str_eq(r.contacts[3].via, "admin-c abuse-mailbox (legacy)");
	ck_assert_str_eq(reg_role_name(r.contacts[3].role),
	    "abuse-mailbox-legacy");
	ck_assert_ptr_nonnull(c = find(&r, "noc@hoster.example"));
	ck_assert_int_eq(c->role, ROLE_TECH);
	reg_record_release(&r);
}
END_TEST

/* With the registry's comment, the block's own mailbox is legacy too. */
START_TEST(test_rpsl_inetnum_abuse_mailbox_below_comment)
{
	struct reg_record r;
	const struct reg_contact *c;

	whois_fx(WHOIS_RPSL, "answers/ripe-inetnum-abuse-mailbox.txt", &r);
	ck_assert_uint_eq(count_role(&r, ROLE_ABUSE), 1);
	ck_assert_str_eq(r.contacts[0].email, "abuse@hoster.example");
	ck_assert_str_eq(r.contacts[0].via, "abuse-comment");
	ck_assert_ptr_nonnull(c = find(&r, "old-abuse@hoster.example"));
	ck_assert_int_eq(c->role, ROLE_ABUSE_MAILBOX_LEGACY);
	reg_record_release(&r);
}
END_TEST

/*
 * No abuse-c and no comment: nothing is the registry's abuse contact;
 * the block's legacy mailbox leads, then its tech-c's.
 */
START_TEST(test_rpsl_abuse_mailbox_without_abuse_c)
{
	struct reg_record r;

	whois_str(WHOIS_RPSL,
	    "inetnum:        192.0.2.0 - 192.0.2.255\n"
	    "netname:        DOC-NET\n"
	    "tech-c:         DN1-RIPE\n"
	    "abuse-mailbox:  reports@doc.example\n"
	    "source:         RIPE\n"
	    "\n"
	    "role:           Doc NOC\n"
	    "e-mail:         noc@doc.example\n"
	    "abuse-mailbox:  noc-abuse@doc.example\n"
	    "nic-hdl:        DN1-RIPE\n"
	    "source:         RIPE\n", &r);
	ck_assert_uint_eq(count_role(&r, ROLE_ABUSE), 0);
	ck_assert_str_eq(r.contacts[0].email, "reports@doc.example");
	ck_assert_int_eq(r.contacts[0].role, ROLE_ABUSE_MAILBOX_LEGACY);
	ck_assert_str_eq(r.contacts[1].email, "noc-abuse@doc.example");
	ck_assert_int_eq(r.contacts[1].role, ROLE_ABUSE_MAILBOX_LEGACY);
	ck_assert_str_eq(r.contacts[2].email, "noc@doc.example");
	ck_assert_int_eq(r.contacts[2].role, ROLE_TECH);
	reg_record_release(&r);
}
END_TEST

Suite *
answers_suite(void)
{
	Suite *s = suite_create("answers");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_arin_reassignment_inherits);
	tcase_add_test(tc, test_arin_own_origin_not_marked);
	tcase_add_test(tc, test_arin_ambiguous_summary);
	tcase_add_test(tc, test_arin_leading_lines);
	tcase_add_test(tc, test_arin_indented_record);
	tcase_add_test(tc, test_rpsl_byte_order_mark);
	tcase_add_test(tc, test_rpsl_continuation_kept);
	tcase_add_test(tc, test_ripe_org_abuse_mailbox_legacy);
	tcase_add_test(tc, test_afrinic_org_abuse_c);
	tcase_add_test(tc, test_rpsl_org_mailbox_alone);
	tcase_add_test(tc, test_rdap_registrant_cc);
	tcase_add_test(tc, test_rdap_registrant_country_name);
	tcase_add_test(tc, test_rdap_own_country);
	tcase_add_test(tc, test_whois_abuse_candidate);
	tcase_add_test(tc, test_rwhois_customer);
	tcase_add_test(tc, test_arin_handle_record_whole);
	tcase_add_test(tc, test_referral_scheme_decides);
	tcase_add_test(tc, test_rwhois_on_port_43);
	tcase_add_test(tc, test_rpsl_abuse_mailbox_outside_abuse_c);
	tcase_add_test(tc, test_rpsl_inetnum_abuse_mailbox_below_comment);
	tcase_add_test(tc, test_rpsl_abuse_mailbox_without_abuse_c);
	suite_add_tcase(s, tc);
	return s;
}
