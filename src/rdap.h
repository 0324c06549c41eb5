/*
 * rdap.h - RDAP answers (RFC 9082/9083) into struct reg_record, and the
 * IANA bootstrap registries (RFC 9224) that say which RDAP server to ask.
 *
 * Pure functions over bytes already fetched: nothing here touches the
 * network.  The HTTP client hands over a response body, whatever it is
 * (JSON, an HTML error page, nothing, something huge or hostile); these
 * functions either fill a record or return a DP_EX_* code with a message.
 *
 * What an RDAP object becomes:
 *   "ip network"  REG_NET: handle, name, country (else the registrant's
 *                 vCard adr country, with country_from "registrant's
 *                 address"), status, the range from
 *                 startAddress/endAddress (tolerating old registries'
 *                 "074.125.000.000" and "62.239.237.0/32"), prefixes from
 *                 the cidr0 extension when present (else the CIDR cover
 *                 of the range), origins from ARIN's arin_originas0 and
 *                 LACNIC's lacnic_originAutnum members.
 *   "autnum"      REG_AUTNUM: asn_first/asn_last (startAutnum/endAutnum,
 *                 or the handle "AS1234" / "27648"), handle, name,
 *                 country (or the registrant's, as for a network),
 *                 status.
 *   "entity"      REG_ENTITY: handle, name (vCard fn), org (vCard org, or
 *                 fn for kind org), country (vCard adr), contacts.
 *
 * Contacts come from the jCard (RFC 7095) of each entity, walked breadth
 * first so that an entity on the object itself ranks before one nested
 * inside another (ARIN puts a reassignment's own abuse POC at the top and
 * the parent organisation's inside the registrant), at most
 * RDAP_MAX_DEPTH levels deep.  An entity's role is its best RDAP role:
 * "abuse" ROLE_ABUSE, "technical"/"noc" ROLE_TECH, "administrative"
 * ROLE_ADMIN, "registrant" ROLE_REGISTRANT, anything else or no roles
 * (AFRINIC) ROLE_OTHER.  Roles count for entities on the object and for
 * entities nested under a registrant (the holder's own POCs, as ARIN
 * nests them); entities nested under any other entity are contacts of a
 * contact and get ROLE_OTHER.  Inside an abuse entity with several
 * addresses, those whose jCard type parameter is "abuse" (RIPE's
 * abuse-mailbox) are the abuse addresses and the others take the
 * entity's next role; without such a mark all are abuse addresses, in
 * "pref" order.  An abuse entity with no address at all adds its self
 * link (or one derived from the object's own self link) to links, for the
 * caller to fetch.  Addresses in remarks become ROLE_REMARK.  Contacts
 * are finally ordered by role, stably, so contacts[0] is the abuse
 * address when there is one; via is "rdap:abuse", "rdap:technical",
 * "rdap:administrative", "rdap:registrant", "rdap:other" or
 * "rdap:remarks".  A network or AS number with no abuse address and no
 * abuse link to follow has its addresses whose local part is "abuse"
 * typed ROLE_ABUSE_CANDIDATE (reg_abuse_candidates()).
 *
 * org/org_handle come from the registrant entity that looks most like an
 * organisation (vCard kind "org", then a name that is not just its
 * handle, which is what RIPE's maintainer entities have; a registrant
 * without a vCard gives only org_handle, and only if it is named like an
 * organisation object, "ORG-..."), or failing a registrant from a
 * role-less entity of kind "org" (AFRINIC).  source is
 * the registry, recognised from port43 or the self link ("arin", "ripe",
 * "apnic", "lacnic", "afrinic", "nicbr", "jpnic", "krnic"), else NULL.
 * status is the RDAP "type" ("ASSIGNED PA", "DIRECT ALLOCATION": what
 * WHOIS calls status) when given, else the RDAP status values joined by
 * ", ".  Text fields lose control characters (a newline in a name becomes
 * a space) and are cut at a character boundary at 255 bytes (handles,
 * country, status) or 512 bytes (names), with a note.
 *
 * Notes record what a reader of the evidence should know: quirks that were
 * repaired (zero-padded addresses, a "/32" suffix, bytes that were not
 * UTF-8), an old LACNIC reply echoing the query as a one-address network,
 * several abuse addresses and which was preferred, a link derived rather
 * than given, a registry's "object truncated" remark, no abuse contact.
 */
#ifndef DEPEER_RDAP_H
#define DEPEER_RDAP_H

#include <stddef.h>
#include <stdint.h>

#include "lpm.h"
#include "regrec.h"
#include "util.h"
#include "validate.h"

/* The largest body rdap_parse() reads. */
#define RDAP_MAX_REPLY	(1024 * 1024)
/* Entity nesting walked below the object (deeper entities are ignored,
   with a note).  JSON nesting as such is bounded by jansson's
   JSON_PARSER_MAX_DEPTH (2048 in 2.14), which fails the parse. */
#define RDAP_MAX_DEPTH	8

/*
 * Parse one RDAP response body (len bytes, need not be NUL-terminated).
 *
 * Returns 0 and fills *out (overwritten, not released first; the caller
 * releases it) with a REG_NET, REG_AUTNUM or REG_ENTITY record, or with
 * a REG_NONE record and a note for an RDAP error 404 ("not found" is an
 * answer).  Otherwise *out is untouched and err says why:
 *   DP_EX_TEMPFAIL  RDAP error 429, or an HTML/text page saying "429" or
 *                   "Too Many Requests": rate limited, try later;
 *   DP_EX_PROTOCOL  more than RDAP_MAX_REPLY bytes ("reply larger than 1
 *                   MiB"); empty; not JSON ("not JSON (looks like an HTML
 *                   page: <title>)", or jansson's reason and where);
 *                   nested deeper than jansson allows; not a JSON object;
 *                   any other RDAP error ("RDAP error 400: <title>:
 *                   <description>"); a search result; an object
 *                   class other than ip network, autnum or entity; an ip
 *                   network without a usable range, an autnum without a
 *                   number.
 * Bytes that are not UTF-8 are replaced with U+FFFD before parsing, with a
 * note saying how many.
 */
int	rdap_parse(const char *body, size_t len, struct reg_record *out,
	    struct dp_err *err);

/*
 * The IANA bootstrap registries for AS numbers, IPv4 and IPv6
 * (https://data.iana.org/rdap/{asn,ipv4,ipv6}.json).  Each service maps
 * ranges ("1228-1232", "2018") or prefixes ("41.0.0.0/8") to base URLs;
 * the entry keeps the service's first https URL, else its first URL.
 */
struct rdap_bs_asn {
	uint32_t	 first, last;
	const char	*url;		/* points into urls */
};

struct rdap_bs_net {
	struct ipnet	 net;
	const char	*url;		/* points into urls */
};

struct rdap_bootstrap {
	struct rdap_bs_asn *asns;
	size_t		 nasns;
	struct rdap_bs_net *nets;	/* IPv4 and IPv6 */
	size_t		 nnets;
	struct lpm	 net_index;	/* nets by prefix, values their url */
	char		**urls;		/* every base URL, owned */
	size_t		 nurls;
	char		*asn_published;	/* each file's "publication" time */
	char		*v4_published;
	char		*v6_published;
};
#define RDAP_BOOTSTRAP_INIT	{ 0 }

void	rdap_bootstrap_init(struct rdap_bootstrap *b);

/*
 * Load the three files (each may be NULL to leave that registry empty;
 * lengths in bytes, at most 4 MiB each) into b, which must be empty (after
 * RDAP_BOOTSTRAP_INIT, rdap_bootstrap_init() or rdap_bootstrap_release()).
 * Returns 0, or DP_EX_PROTOCOL naming the file ("asn.json", "ipv4.json",
 * "ipv6.json") and what is wrong with it; on failure b stays empty.
 */
int	rdap_bootstrap_load(struct rdap_bootstrap *b, const char *asn_json,
	    size_t asn_len, const char *v4_json, size_t v4_len,
	    const char *v6_json, size_t v6_len, struct dp_err *err);
void	rdap_bootstrap_release(struct rdap_bootstrap *b);

/*
 * The base URL of the RDAP server for an address or prefix: the service
 * with the longest prefix that contains all of addr (the first listed of
 * equal ones), or NULL if none; a longest-prefix match in net_index.
 * Borrowed from b, valid until rdap_bootstrap_release().
 */
const char *rdap_bootstrap_ip(const struct rdap_bootstrap *b,
	    const struct ipnet *addr);
/* The base URL of the RDAP server for an AS number, or NULL. */
const char *rdap_bootstrap_asn(const struct rdap_bootstrap *b, uint32_t asn);
/*
 * Whether host (a name or address, no port; case does not matter) is the
 * host of one of b's base URLs: an RDAP server IANA lists.
 */
int	rdap_bootstrap_has_host(const struct rdap_bootstrap *b,
	    const char *host);

/*
 * base + "/" + path with exactly one slash between them, whatever slashes
 * base ends with and path starts with ("https://rdap.arin.net/registry"
 * or ".../registry/" with "ip/1.2.3.4" or "/ip/1.2.3.4" all give
 * "https://rdap.arin.net/registry/ip/1.2.3.4").  The caller frees it.
 */
char	*rdap_url(const char *base, const char *path);

#endif
