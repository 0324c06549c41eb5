/*
 * provider_store.h - changing the providers of a case: each change and
 * its audit entry (audit.h) are written in one transaction, which nests
 * in the caller's when one is open (db.h).  A service: commands call
 * these and never write providers themselves.
 *
 * Every function returns 0 or a DP_EX_* code with err filled; on an error
 * the database is as it was.  Providers are named by key: a name (any
 * case) or, when no name matches and it is all digits, an id
 * (db_provider_find()).
 */
#ifndef DEPEER_PROVIDER_STORE_H
#define DEPEER_PROVIDER_STORE_H

#include <stdint.h>

#include <jansson.h>

#include "util.h"

struct db;
struct provider;

/*
 * Store p, whose fields the caller has checked (provider_name_valid(),
 * provider_set(), sorted lists), with its networks: action
 * AUDIT_PROVIDER_ADD at p->created_at.  Sets p->id.  A name in use (any
 * case) is DP_EX_DATAERR.
 */
int	provider_create(struct db *db, struct provider *p, struct dp_err *err);

/* What provider_update() changes: NULL leaves a field as it is. */
struct provider_edit {
	const char	*name;		/* a new name */
	const char	*country;	/* as typed for provider_set(): */
	const char	*url;		/*   "" clears */
	const char	*note;
};

/*
 * Change the fields ed names of provider key, at now.  The values are
 * checked once the provider is found (an unknown provider is reported
 * before a bad value).  When nothing would change, nothing is written
 * and *changed is 0; else AUDIT_PROVIDER_EDIT records the new state and
 * which fields changed, and *changed is 1.  *out receives the provider
 * as it is afterwards (the caller releases it).
 */
int	provider_update(struct db *db, const char *key,
	    const struct provider_edit *ed, int64_t now, struct provider *out,
	    int *changed, struct dp_err *err);

/*
 * Add (add != 0) or remove the AS numbers and prefixes listed in nets
 * (only its asns and prefixes are read) to or from provider key, at now,
 * all or none: adding one it has is DP_EX_DATAERR, removing one it lacks
 * DP_EX_NOINPUT.  AUDIT_PROVIDER_NET_ADD or _RM records the new state and
 * the networks named.  *out receives the provider as it is afterwards.
 */
int	provider_net_change(struct db *db, const char *key, int add,
	    const struct provider *nets, int64_t now, struct provider *out,
	    struct dp_err *err);

/*
 * Append the audit entry for a change to provider id made in the
 * caller's open write transaction: action (an AUDIT_PROVIDER_* constant),
 * the provider's whole new state as read back from the database, and
 * change (a JSON value saying what changed; its reference is taken over
 * whatever happens; may be NULL).
 */
int	provider_record(struct db *db, int64_t id, const char *action,
	    int64_t at, json_t *change, struct dp_err *err);

#endif
