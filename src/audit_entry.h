/*
 * audit_entry.h - one entry of the tamper-evident audit log: its fields,
 * its hash and its JSON form.  A model: no database, no I/O.
 *
 * Every change to a case database appends one entry.  An entry's hash is
 *
 *   SHA-256( "depeer-audit-v1\n" seq "\n" at "\n" action "\n" subject "\n"
 *            hex(SHA-256(payload)) "\n" prev_hash )
 *
 * with numbers in decimal and hashes in lower-case hex; prev_hash is the
 * previous entry's hash (64 zeros for the first).  Changing, inserting or
 * deleting an entry breaks every later link.  The payload is a compact JSON
 * text with sorted keys describing the change (audit.h says what each
 * action records).  This construction must never change: case databases
 * written by every earlier depeer must still verify.
 */
#ifndef DEPEER_AUDIT_ENTRY_H
#define DEPEER_AUDIT_ENTRY_H

#include <stdint.h>

#include <jansson.h>

#include "hash.h"

/*
 * One log entry.  The strings are borrowed: from the database for the
 * duration of a db_audit_iter() callback, or from the caller.
 */
struct audit_entry {
	int64_t		 seq;
	int64_t		 at;
	const char	*action;
	const char	*subject;
	const char	*payload;
	const char	*prev_hash;
	const char	*hash;
};

/* The hash of the first entry's predecessor: 64 zeros. */
extern const char audit_genesis[SHA256_HEXLEN];

/* Compute an entry's hash from its fields (prev_hash included). */
void	audit_entry_hash(const struct audit_entry *e, char out[SHA256_HEXLEN]);

/*
 * The documented JSON of an entry, {seq, at, action, subject, payload,
 * prev_hash, hash}, with the payload parsed (kept as a string when it is
 * not JSON); a new reference.
 */
json_t	*audit_entry_to_json(const struct audit_entry *e);

#endif
