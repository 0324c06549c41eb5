/*
 * rpsl.h - routing policy from Internet Routing Registry objects in RPSL
 * (RFC 2622, and RFC 4012 for the mp-* attributes): who an AS says its
 * transit providers, customers and peers are (aut-num import/export
 * policy), and which prefixes it registers (route/route6 objects, the
 * answer to "whois -h whois.radb.net -- '-i origin AS26780'").  Pure
 * functions over the text of one answer.
 *
 * The text is read as whois servers send it: '%' lines are server
 * comments, a blank line ends an object, "name: value" starts an
 * attribute and a line starting with a space, a tab or '+' continues it
 * (RFC 2622 section 2), '#' starts a comment to the end of the line,
 * attribute names are case-insensitive, and so are AS numbers
 * ("as03255" is AS3255).
 */
#ifndef DEPEER_RPSL_H
#define DEPEER_RPSL_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"
#include "validate.h"

/*
 * What an aut-num's policy says about its neighbours.  Each neighbour
 * ASN is in exactly one of the three lists, in order of first mention:
 *
 *   upstreams  "import: from ASx accept ANY" (or mp-import, for any afi):
 *              ASx gives us the full table, so it is a transit provider
 *              candidate.  upstream_confirmed[i] is 1 when there is also
 *              "export: to ASx announce <filter>" whose filter names this
 *              AS or an as-set (our own routes and customers only), which
 *              is what a customer of ASx announces; 0 when the export is
 *              missing or is ANY as well (mutual transit, a sibling).
 *   customers  "export: to ASy announce ANY" without an import of ANY
 *              from ASy: we give ASy the full table.
 *   peers      every other neighbour named in import/export: routes are
 *              exchanged under a filter both ways ("accept AS-HURRICANE").
 *
 * A filter counts as ANY when it is "ANY" or "AS-ANY", alone or followed
 * by "AND NOT ..." (the full table minus bogons is still the full
 * table).  Peerings through as-sets ("from AS-ANY"), import-via/export-via
 * (route servers), default: and the aut-num's own number are not
 * neighbours.  A peering may name several ASNs ("from AS1 action pref=10;
 * from AS2 accept ANY", "from AS1 OR AS2"); all of them get the filter.
 */
struct rpsl_policy {
	uint32_t	 asn;		/* the aut-num itself */
	char		*as_name;	/* "UARNET-AS", or NULL */
	char		*source;	/* "RIPE", "RADB", or NULL */
	uint32_t	*upstreams;
	unsigned char	*upstream_confirmed;	/* 0/1, one per upstream */
	size_t		 nupstreams;
	uint32_t	*customers;
	size_t		 ncustomers;
	uint32_t	*peers;
	size_t		 npeers;
	size_t		 nrules;	/* import/export lines read */
};
#define RPSL_POLICY_INIT	{ 0 }

/*
 * Parse the first aut-num object in text[0..len) (other objects, such as
 * the person and role objects a whois server adds, are skipped).  On
 * success fills *out (overwritten: release it first if it held
 * anything) and returns 0.  Returns DP_EX_NOINPUT when the server said
 * it has no entries ("%  No entries found", "%ERROR:101: no entries
 * found"), DP_EX_PROTOCOL when there is no aut-num object or its key is
 * not an AS number; err says which.
 */
int	rpsl_parse_autnum(const char *text, size_t len,
	    struct rpsl_policy *out, struct dp_err *err);
void	rpsl_policy_release(struct rpsl_policy *p);

/* One route or route6 object. */
struct rpsl_route {
	struct ipnet	 prefix;	/* route: / route6: */
	uint32_t	 origin;	/* origin: */
	char		*source;	/* "RADB", "RIPE" (a # remark cut) */
	char		*descr;		/* the first descr: (its continuation
					   lines joined), or NULL */
	char		*mnt_by;	/* first mnt-by:, or NULL */
	char		*org;		/* org: ("ORG-TA38-AFRINIC"), or NULL */
};

/*
 * Flags rpsl_parse_routes() reports.  RPSL_TRUNCATED: the answer has a
 * "TRUNCATED" line (clients that cut long answers add one; ipwhois does),
 * so there were more routes.  RPSL_SKIPPED: a route object without a
 * valid prefix or origin was left out.
 */
#define RPSL_TRUNCATED	0x1
#define RPSL_SKIPPED	0x2

/*
 * Parse the route and route6 objects of an "-i origin ASx" answer, in
 * answer order, into *routes and *n (the caller frees them with
 * rpsl_routes_free(); *routes is NULL when *n is 0), and *flags (may be
 * NULL) as above; returns 0.  "No entries found" is an empty list, not
 * an error, and other object types are skipped.  An empty answer, or one
 * with no RPSL in it at all (an HTML error page), fails with
 * DP_EX_PROTOCOL; outputs are written only on success.
 */
int	rpsl_parse_routes(const char *text, size_t len,
	    struct rpsl_route **routes, size_t *n, unsigned int *flags,
	    struct dp_err *err);
void	rpsl_routes_free(struct rpsl_route *routes, size_t n);

#endif
