/*
 * audit.h - the tamper-evident audit log.
 *
 * Every change to a case database appends one entry.  An entry's hash is
 *
 *   SHA-256( "depeer-audit-v1\n" seq "\n" at "\n" action "\n" subject "\n"
 *            hex(SHA-256(payload)) "\n" prev_hash )
 *
 * with numbers in decimal and hashes in lower-case hex; prev_hash is the
 * previous entry's hash (64 zeros for the first).  Changing, inserting or
 * deleting an entry breaks every later link.  The payload is a compact JSON
 * text with sorted keys describing the change: for providers the whole new
 * state, for evidence the number of rows, their id range and "rows_sha256",
 * the SHA-256 over the concatenated 32-byte hashes of the rows (in id order)
 * that the entry recorded, so that one entry keeps an import of a million
 * rows verifiable.
 */
#ifndef DEPEER_AUDIT_H
#define DEPEER_AUDIT_H

#include <stdint.h>

#include "hash.h"
#include "util.h"

struct db;

/* One log entry; strings are borrowed for the duration of a callback. */
struct audit_entry {
	int64_t		 seq;
	int64_t		 at;
	const char	*action;
	const char	*subject;
	const char	*payload;
	const char	*prev_hash;
	const char	*hash;
};

/* The hash of the first entry's predecessor. */
extern const char audit_genesis[SHA256_HEXLEN];

/* Compute an entry's hash from its fields (prev_hash included). */
void	audit_entry_hash(const struct audit_entry *e, char out[SHA256_HEXLEN]);

/*
 * Result of audit_verify().  When ok is 0, first_bad names what failed:
 * an entry ("audit entry 17 (evidence.import at ...): ..."), an evidence
 * row, a file or a provider.
 */
struct verify_report {
	int		ok;
	int64_t		entries;
	int64_t		evidence_rows;
	int64_t		files;
	int64_t		sources;	/* raw registry answers */
	int64_t		providers;
	char		head[SHA256_HEXLEN];	/* last entry's hash, or "" */
	int		expect_found;		/* expect_head was in the chain */
	char		first_bad[1024];
};

/*
 * Recompute the whole chain, every evidence row's hash and each entry's
 * rows_sha256, every file's SHA-256 and size, every stored registry
 * answer's SHA-256 and each lookup entry's sources_sha256, and compare
 * every provider with the state its last entry recorded.  expect_head (may be NULL) is a
 * hash recorded earlier that must still be in the chain.  Returns 0 with
 * *rep filled (rep->ok says whether all is intact), or a code on an error
 * that stopped the check itself.
 */
int	audit_verify(struct db *db, const char *expect_head,
	    struct verify_report *rep, struct dp_err *err);

#endif
