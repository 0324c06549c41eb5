/*
 * srcstore.h - the stored registry answers as the resolution core uses
 * them: reading a fresh enough answer instead of asking again (through
 * the struct source_reader the protocol modules see), and storing a
 * batch of new answers with the audit entry that covers them.  The SQL
 * stays in db_source.c; this file owns the freshness rule and the
 * "lookup" audit entries.
 *
 * Ownership: a struct srcstore borrows its database; it holds no memory
 * of its own (no release needed).
 */
#ifndef DEPEER_SRCSTORE_H
#define DEPEER_SRCSTORE_H

#include <stddef.h>
#include <stdint.h>

#include "source.h"
#include "util.h"

struct db;

struct srcstore {
	struct db	*db;		/* where answers are read and stored;
					   may be NULL (nothing is) */
	int		 read;		/* serve stored answers at all */
	int64_t		 not_before;	/* only those fetched since */
	struct source_reader reader;	/* bound to this store */
};

/*
 * Set st up over db: stored answers fetched in the last ttl seconds are
 * served, none when refresh is set or ttl is 0 (times are whole seconds,
 * so "0" means ask again).  now is the current time.
 */
void	srcstore_init(struct srcstore *st, struct db *db, int refresh,
	    long long ttl, int64_t now);
/* The reader over st, or NULL when st serves nothing (always ask). */
const struct source_reader *srcstore_reader(struct srcstore *st);
/*
 * The newest stored answer to this question however old, into *out
 * (the caller releases it): 0, or DP_EX_NOINPUT when there is none or
 * st has no database.  For the RDAP bootstrap copies, which do not age.
 */
int	srcstore_newest(struct srcstore *st, const char *protocol,
	    const char *server, const char *query, struct source *out);
/* Answer id into *out (fresh or not); DP_EX_NOINPUT when there is none. */
int	srcstore_get(struct srcstore *st, int64_t id, struct source *out,
	    struct dp_err *err);

/*
 * Store the answers b->v[start..n) and one audit entry (action "lookup",
 * subject what was looked up) in one transaction, filling in their ids
 * and audit_seq.  The payload lists the ids and "sources_sha256", the
 * SHA-256 over their record hashes (source_record_hash()) in id order.
 * Nothing to store is no error.  On failure the ids stay 0 and nothing
 * was written.  A long bulk run stores from where it last stopped, so
 * that an interrupted run keeps what it fetched.
 */
int	srcstore_commit_batch(struct db *db, struct source_batch *b,
	    size_t start, const char *subject, struct dp_err *err);
/*
 * The same inside the caller's open transaction (which the caller rolls
 * back on failure, and whose commit makes the ids final): for a command
 * that stores its answers together with what it derived from them.
 */
int	srcstore_write_batch(struct db *db, struct source_batch *b,
	    size_t start, const char *subject, struct dp_err *err);

#endif
