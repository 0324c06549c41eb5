/*
 * provider_resolve.h - filling in a provider's AS numbers and BGP
 * prefixes from the addresses in its evidence: Team Cymru asked about
 * all of them in one bulk query, its answer stored as a source, and what
 * is new added to the provider with one audit entry citing it.
 *
 * Ownership: struct provider_resolve_result owns what it holds
 * (provider_resolve_result_release).
 */
#ifndef DEPEER_PROVIDER_RESOLVE_H
#define DEPEER_PROVIDER_RESOLVE_H

#include <stddef.h>
#include <stdint.h>

#include "provider.h"
#include "util.h"

struct resolver;

/* Evidence addresses to ask about: distinct, at most this many. */
#define RESOLVE_MAX	100000

/* Something added to the provider: an AS number, or a prefix. */
struct resolve_added {
	uint32_t	 asn;		/* or 0 for a prefix */
	char		*prefix;	/* as Team Cymru wrote it, or NULL */
};

struct provider_resolve_result {
	struct provider	 provider;	/* as it is now */
	size_t		 naddresses;	/* distinct addresses asked about */
	struct resolve_added *added;	/* in Team Cymru's row order */
	size_t		 nadded;
	int64_t		 source_id;	/* the stored answer */
};
void	provider_resolve_result_release(struct provider_resolve_result *res);

/*
 * Resolve provider key (name or id) on r, storing the answer and the
 * additions in r's store.  Returns 0 with *out filled, or an error code
 * with err filled: DP_EX_NOINPUT for no such provider, DP_EX_DATAERR when
 * its evidence holds no address, a network or store error.
 */
int	provider_resolve(struct resolver *r, const char *key,
	    struct provider_resolve_result *out, struct dp_err *err);

#endif
