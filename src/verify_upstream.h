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
 *  - each link it lists exists; one last seen at e's time is the link it
 *    recorded (uplink_hash() equal), one last seen later was rewritten
 *    by a later run (whose entry covers it), one last seen earlier was
 *    changed outside depeer;
 *  - every link of its origin last seen at its time is one it lists.
 * Returns 0 when the check ran, with why "" when the entry holds, else
 * why (len bytes) says what is wrong, naming the link; or an error code
 * with err filled when the check itself failed (the database).
 *
 * Not covered: a link whose last_seen was moved forward to a time no
 * entry of its origin has (no entry claims it), evidence rows of earlier
 * runs, and links written before this check existed (no entry).  Two
 * runs for one origin within the same second that found different links
 * make the first entry fail: times are whole seconds (an audit_seq
 * column on the links would end both; see upstream_record()).
 */
int	verify_upstream_entry(struct db *db, const struct audit_entry *e,
	    char *why, size_t len, struct dp_err *err);

#endif
