/*
 * verify.h - checking a whole case database against its audit chain: the
 * chain itself, then what each entry claims (audit.h lists the actions),
 * compared with what the database holds now.
 */
#ifndef DEPEER_VERIFY_H
#define DEPEER_VERIFY_H

#include <stdint.h>

#include "hash.h"
#include "util.h"

struct db;

/*
 * Result of audit_verify().  When ok is 0, first_bad names what failed:
 * an entry ("audit entry 17 (evidence.import at ...): ..."), an evidence
 * row, a file, a registry answer or a provider.
 */
struct verify_report {
	int		ok;
	int64_t		entries;
	int64_t		evidence_rows;
	int64_t		files;
	int64_t		sources;	/* raw registry answers */
	int64_t		providers;
	int64_t		retractions;	/* evidence rows retracted */
	int64_t		retirements;	/* provider.retire entries */
	int64_t		merges;		/* provider.merge entries */
	int64_t		complaints;	/* complaints held to their entries */
	int64_t		mails;		/* mails read back, likewise */
	int64_t		events;		/* provider events, likewise */
	int64_t		series;		/* measured series */
	int64_t		media;		/* media contacts, live */
	int64_t		bgp_imports;	/* BGP imports, not removed */
	int64_t		prefix_tables;	/* prefix tables, not removed */
	char		head[SHA256_HEXLEN];	/* last entry's hash, or "" */
	int		expect_found;		/* entries expect_head matched */
	char		expect_hash[SHA256_HEXLEN];	/* the first of them */
	char		first_bad[1024];
	int		damaged;	/* not ok because the file is damaged
					   (verify_schema.h), not altered */
};

/*
 * Recompute the whole chain (every link and hash, seq without gaps), then
 * run the check of each action found in it, in one read transaction:
 *   evidence.add, evidence.import  every evidence row's hash, and each
 *                                  entry's rows_sha256 over its rows
 *   (every stored file)            its SHA-256 and size
 *   lookup                         every stored registry answer's SHA-256,
 *                                  and each entry's sources_sha256
 *   provider.*                     every provider against the state its
 *                                  last entry recorded
 * An entry whose action this depeer does not write has its link, hash and
 * JSON payload checked and claims nothing more.  expect_head (may be
 * NULL) is a hash recorded earlier, or a prefix of one, in lower-case hex,
 * that must still be in the chain: rep->expect_found counts the entries
 * whose hash starts with it (more than one: the prefix is ambiguous).
 * Returns 0 with *rep filled (rep->ok says whether all is intact), or a
 * code on an error that stopped the check itself.  Writes nothing.
 */
int	audit_verify(struct db *db, const char *expect_head,
	    struct verify_report *rep, struct dp_err *err);

#endif
