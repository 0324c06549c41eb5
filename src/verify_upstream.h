/*
 * verify_upstream.h - verify's check of an "upstreams" audit entry: the
 * upstream links it recorded are still as they were (uplink.h), or were
 * rewritten by a later run, and no link claims it that it did not
 * record.  A records-layer check, to be listed in verify's table of
 * actions.
 */
#ifndef DEPEER_VERIFY_UPSTREAM_H
#define DEPEER_VERIFY_UPSTREAM_H

#include <stddef.h>

#include "util.h"

struct audit_entry;
struct db;

/*
 * Check entry e (action "upstreams") against the upstreams table:
 *  - its payload is an upstreams payload whose links_sha256 is the hash
 *    of the link hashes it lists;
 *  - each link it lists exists; one whose audit_seq is e's is the link
 *    it recorded (uplink_hash() equal, with the evidence rows of the
 *    same audit_seq), one with a later audit_seq was rewritten by a
 *    later run (whose entry covers it), one with an earlier (or none)
 *    was changed outside depeer;
 *  - every link of its origin whose audit_seq is e's is one it lists.
 * A link moved to an audit_seq that is not an "upstreams" entry of its
 * origin escapes every entry's check: db_upstream_stray() finds those,
 * and verify runs it once after the chain.
 * Returns 0 when the check ran, with why "" when the entry holds, else
 * why (len bytes) says what is wrong, naming the link; or an error code
 * with err filled when the check itself failed (the database).
 *
 * Not covered: evidence rows of earlier runs (replaced or kept beside
 * the current ones).  Links written before migration 0006 name no entry:
 * verify_upstream_unaudited() below.
 */
int	verify_upstream_entry(struct db *db, const struct audit_entry *e,
	    char *why, size_t len, struct dp_err *err);

/*
 * The links that name no entry (audit_seq NULL).  Those written between
 * the first audited runs and migration 0006 were recorded by the
 * "upstreams" entry of their origin made at their last_seen: when such
 * an entry exists, one of them must list the link with its hash now.
 * With none, the link must have been last seen before the first
 * "upstreams" entry of the case, when depeer did not record links yet;
 * one dated later was added or moved behind depeer's back.  A link
 * forged with a date before that stays unseen (depeer-verify(1)).
 * Returns as verify_upstream_entry() does.
 */
int	verify_upstream_unaudited(struct db *db, char *why, size_t len,
	    struct dp_err *err);

#endif
