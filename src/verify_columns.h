/*
 * verify_columns.h - verify's checks of the columns that no record hash
 * covers, each held to what it must be:
 *
 *   providers.updated_at         the time of the provider's last
 *                                provider.add or provider.edit entry
 *                                (the only writes that set it)
 *   provider_networks.added_at   the time of the entry whose recorded
 *                                state first held the network (since it
 *                                was last absent), replayed over the
 *                                provider.* entries
 *   provider_networks.prefix     the text a recorded state lists; family,
 *     family, net_first,         net_first and net_last recomputed from
 *     net_last                   it (NULL for an AS number)
 *   artifacts.stored_at          the time of the entry that recorded the
 *                                first evidence row attaching the file;
 *                                a file no row attaches is foreign
 *   provider_retirements         enters a recorded state only through
 *                                the provider's own provider.retire or
 *                                provider.merge entry, dated as it; none
 *                                of a missing provider
 *   evidence.indicator_type      one of the names validate.h lists, as
 *                                text (the reader maps any other value to
 *                                "domain", which the row hash would not
 *                                see on a domain row)
 *   evidence_files.pos           1..n for each row; no file row of a
 *                                missing evidence row
 *   sources.size                 the length of the stored bytes
 *   source_ranges                each names an answer of the same
 *                                protocol and server, keys of one family
 *
 * A records-layer check, called by verify (verify.c): the provider
 * states are handed over as the chain is walked, the rest is read once
 * the chain and the hashed rows have been found intact.
 */
#ifndef DEPEER_VERIFY_COLUMNS_H
#define DEPEER_VERIFY_COLUMNS_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "util.h"

struct audit_entry;
struct db;
struct vcols;

struct vcols *vcols_new(void);
void	vcols_free(struct vcols *c);	/* NULL is fine */

/* Provider id's state st (provider_to_json()) as recorded by entry e. */
void	vcols_note_state(struct vcols *c, const struct audit_entry *e,
	    int64_t id, json_t *st);

/*
 * Compare the database with what the entries noted and with what the
 * columns derive from.  Returns 0 with why "" when all hold, else why
 * (len bytes) names the first row found altered; or an error code with
 * err filled when the check itself failed.
 */
int	vcols_walk(struct vcols *c, struct db *db, char *why, size_t len,
	    struct dp_err *err);

#endif
