/*
 * provider.h - a hosting provider under investigation and its networks: the
 * struct, validation of what is typed for it, and its JSON form.  A model:
 * no database (db_provider.c stores it; provider_store.h changes it with
 * its audit entry).
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
	/* Retired (no longer pursued, or merged into another): retired_at
	   is non-zero.  reason may be NULL for a merge; merged_into is the
	   provider it was merged into, or 0. */
	int64_t		 retired_at;
	char		*retired_reason;
	int64_t		 merged_into;
};
#define PROVIDER_INIT	{ 0, NULL, NULL, NULL, NULL, 0, NULL, 0, NULL, 0, \
	0, NULL, 0 }

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
 * prefixes, country, url, note, created_at, retired}; a new reference.
 * retired is null, or {at, reason, merged_into} (merged_into an id or
 * null).  This is also the state audit entries record (provider_store.h);
 * entries written before retirement existed lack "retired", which verify
 * reads as null.
 */
json_t	*provider_to_json(const struct provider *p);

/*
 * A reason for retiring or merging a provider: 1..PROVIDER_MAX_NOTE bytes
 * of valid UTF-8 (several lines allowed); opt names the option in
 * messages.
 */
int	provider_reason_valid(const char *opt, const char *reason,
	    struct dp_err *err);

/* Longest note, in bytes. */
#define PROVIDER_MAX_NOTE	65536

/* The facts of a provider that are free text, for provider_set(). */
enum provider_field { PROVIDER_COUNTRY, PROVIDER_URL, PROVIDER_NOTE };
/*
 * Set field f of p from value as typed: "" clears it; else it is checked
 * and stored in canonical form: an ISO 3166 country code (upper case), an
 * http or https URL, a note of valid UTF-8 (several lines allowed).
 * Messages name the option (--country, --url, --note).  On an error the
 * field is left absent.
 */
int	provider_set(struct provider *p, enum provider_field f,
	    const char *value, struct dp_err *err);

#endif
