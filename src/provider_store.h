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

#include "db.h"
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
 * Retire provider key at now, for reason (checked: provider_reason_valid()):
 * it stays in the case, with its networks and evidence, but leaves the
 * default listings.  AUDIT_PROVIDER_RETIRE records it.  A provider
 * retired already, or merged, is DP_EX_DATAERR.  *out receives the
 * provider as it is afterwards.
 */
int	provider_retire(struct db *db, const char *key, const char *reason,
	    int64_t now, struct provider *out, struct dp_err *err);

/* What a merge moved (provider_merge()). */
struct provider_merge_result {
	int64_t		 rows;		/* evidence rows */
	size_t		 nets;		/* networks the target did not hold */
	size_t		 nets_held;	/* networks it held already */
};

/*
 * Merge provider dup (a look-alike duplicate) into provider into at now,
 * all or nothing: dup's networks go to into (those it holds already are
 * just dropped from dup), dup's evidence rows become into's, and dup is
 * retired with a pointer to into and reason (may be NULL; checked when
 * given).  AUDIT_PROVIDER_MERGE records both states, the networks and the
 * ids of the rows moved.  Unknown names are DP_EX_NOINPUT; dup and into
 * the same, dup merged already, into retired or merged: DP_EX_DATAERR.
 * *dup_out and *into_out receive both as they are afterwards, *res what
 * moved.
 */
int	provider_merge(struct db *db, const char *dup, const char *into,
	    const char *reason, int64_t now, struct provider *dup_out,
	    struct provider *into_out, struct provider_merge_result *res,
	    struct dp_err *err);

/* ---- reading: a provider's case at a glance ---- */

/* One origin AS of the provider and its links as of its latest run. */
struct provider_origin {
	uint32_t	 asn;
	int64_t		 last_run;	/* 0: "upstreams" never ran for it */
	struct upstream_seen *links;	/* current links (db.h) */
	size_t		 nlinks;
	size_t		 ngone;		/* links seen before, gone since */
};

/*
 * The case summary of provider_show: its evidence counts by kind and time
 * span, the current upstreams of each of its AS numbers, the providers
 * merged into it and, when it was merged, the one it ended in.
 * (Complaints join this once depeer sends them.)
 */
struct provider_summary {
	struct ev_summary	 ev;
	struct provider_origin	*origins;
	size_t			 norigins;
	struct provider		*merged_from;
	size_t			 nmerged_from;
	struct provider		*merged_into;	/* or NULL */
};
/*
 * Provider key (merged ones too) into *p, its summary into *s (release
 * with provider_summary_release()).  DP_EX_NOINPUT when there is none.
 */
int	provider_show(struct db *db, const char *key, struct provider *p,
	    struct provider_summary *s, struct dp_err *err);
void	provider_summary_release(struct provider_summary *s);

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
