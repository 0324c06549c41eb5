/*
 * provider.h - a hosting provider under investigation and its networks.
 */
#ifndef DEPEER_PROVIDER_H
#define DEPEER_PROVIDER_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "validate.h"

/*
 * A provider.  Owns every string and array; release with provider_release().
 * NULL strings are absent facts.  asns and prefixes are kept sorted.
 */
struct provider {
	int64_t		 id;
	char		*name;
	char		*country;
	char		*url;
	char		*note;
	int64_t		 created_at;
	uint32_t	*asns;
	size_t		 nasns;
	struct ipnet	*prefixes;
	size_t		 nprefixes;
};
#define PROVIDER_INIT	{ 0, NULL, NULL, NULL, NULL, 0, NULL, 0, NULL, 0 }

void	provider_release(struct provider *p);

/*
 * Add an ASN or prefix to p's lists unless present; returns 1 if added, 0
 * if it was there already.
 */
int	provider_add_asn(struct provider *p, uint32_t asn);
int	provider_add_prefix(struct provider *p, const struct ipnet *n);
/* Sort the lists (ASNs numerically, prefixes by family, address, length). */
void	provider_sort(struct provider *p);

/*
 * A provider name: 1..200 bytes of valid UTF-8 with no control characters
 * and no leading or trailing space, not all digits (digits name ids).
 */
int	provider_name_valid(const char *name, struct dp_err *err);

/*
 * The provider as a JSON object with the documented fields {id, name, asns,
 * prefixes, country, url, note, created_at}; a new reference.
 */
json_t	*provider_to_json(const struct provider *p);

struct db;
/*
 * Append the audit entry for a change to provider id inside the caller's
 * write transaction: action ("provider.add", "provider.edit",
 * "provider.net.add", "provider.net.rm"), the provider's whole new state
 * as read back from the database, and change (a JSON value describing what
 * changed; the reference is stolen; may be NULL).
 */
int	provider_record(struct db *db, int64_t id, const char *action,
	    int64_t at, json_t *change, struct dp_err *err);

#endif
