/*
 * lookup_name.h - "lookup DOMAIN|URL": the host of a domain name or a URL
 * resolved to its addresses through DNS (dns.h), each answer kept as a
 * source (protocol "dns") like a registry's, then each address looked up
 * in the registries as "lookup ADDRESS" does (lookup.h).
 *
 * Freshness: a stored DNS answer is reused while it is younger than both
 * the lookup's --ttl and the answer's own TTL (the smallest TTL of the
 * records used, or for NXDOMAIN and an empty answer the SOA's negative
 * TTL; none: not reused), since a name may point elsewhere once its
 * records expire.  The address lookups follow --ttl alone, as always.
 *
 * Ownership: the caller owns struct name_lookup (name_lookup_init /
 * name_lookup_release) and the resolver and DNS client it runs on.
 */
#ifndef DEPEER_LOOKUP_NAME_H
#define DEPEER_LOOKUP_NAME_H

#include <stdint.h>

#include <jansson.h>

#include "dns.h"
#include "ipnet.h"
#include "lookup.h"
#include "source.h"
#include "source_ref.h"

/* One address the name has, and its registry lookup. */
struct name_addr {
	char		 text[IPNET_STRLEN];
	int		 type;		/* DNS_T_A, DNS_T_AAAA; 0: the host
					   was an address */
	uint32_t	 ttl;
	int		 dsrc;		/* the DNS answer (index in dsrc), or
					   -1 */
	struct lookup	 l;
};

/* A CNAME record followed on the way. */
struct name_cname {
	char		*name, *target;
	uint32_t	 ttl;
	int		 dsrc;
};

/* A DNS answer used: its citation and what it said. */
struct name_dsrc {
	struct source_ref ref;
	int		 qtype;
	char		 rcode[16];	/* "NOERROR", "NXDOMAIN" */
	int		 batch;		/* index in the batch, or -1 */
};

struct name_lookup {
	char		*input;		/* as typed */
	int		 is_url;
	char		*host;		/* the A-label name, or the address */
	int		 literal;	/* host is an address: no DNS */
	unsigned	 want;		/* LK_* for the address lookups */
	struct name_dsrc *dsrc;
	size_t		 ndsrc;
	struct name_cname *cnames;
	size_t		 ncnames;
	struct name_addr *addrs;
	size_t		 naddrs;
	int		 dns_rc;	/* 0, or the DNS step's failure:
					   DP_EX_NOINPUT (NXDOMAIN, no
					   addresses), DP_EX_TEMPFAIL,
					   DP_EX_PROTOCOL */
	char		*dns_error;	/* its message, or NULL */
	char		*dns_warning;	/* the AAAA question failed after the
					   A answer gave addresses: why, or
					   NULL */
	struct source_batch batch;	/* new DNS answers */
};

/*
 * Parse input: a URL (it has a '/' or a ':' — "://", a path, a port; the
 * scheme may be missing; the host taken by libcurl's URL API, an IPv6
 * literal's brackets dropped) or a domain name (a final dot
 * dropped; a name in Unicode converted to A-labels by libidn2, IDNA2008).
 * 0, or DP_EX_DATAERR with err saying what is wrong.
 */
int	name_lookup_init(struct name_lookup *nl, const char *input,
	    unsigned want, struct dp_err *err);
void	name_lookup_release(struct name_lookup *nl);

/*
 * Resolve nl's host through dc (or the store, within freshness), store
 * the new DNS answers in r's database (one "lookup" audit entry), then
 * look each address up on r (lookup_run's steps, all addresses at once).
 * A DNS failure is nl->dns_rc and nl->dns_error; the addresses' own
 * failures are in their struct lookup.  Returns the status of storing
 * (err filled).
 */
int	name_lookup_run(struct name_lookup *nl, struct resolver *r,
	    struct dns_client *dc, struct dp_err *err);

/* The documented JSON result (depeer-lookup(1)); a new reference. */
json_t	*name_lookup_to_json(const struct name_lookup *nl);

#endif
