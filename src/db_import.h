/*
 * db_import.h - the SQL an evidence import needs beyond inserting rows:
 * the keys of the stored rows, to find duplicates, and the earlier import
 * of the same input.
 */
#ifndef DEPEER_DB_IMPORT_H
#define DEPEER_DB_IMPORT_H

#include <signal.h>
#include <stdint.h>

#include "util.h"

struct db;

/* What makes two evidence rows the same observation. */
struct ev_key {
	int64_t		 id;
	int64_t		 provider_id;
	const char	*kind;
	const char	*indicator;	/* canonical form */
	int		 has_observed;
	int64_t		 observed_at;
};

/*
 * Call fn with the key of every stored evidence row whose id is below
 * before_id, in id order (the strings are valid during the call).  One
 * pass over the table: an index on the key would cost every import its
 * upkeep.  Stops with fn's non-zero return, which it returns; stops with
 * 0 and *stopped set when *stop becomes non-zero (stop may be NULL).
 */
int	db_import_keys(struct db *db, int64_t before_id,
	    int (*fn)(const struct ev_key *, void *), void *arg,
	    volatile sig_atomic_t *stop, int *stopped, struct dp_err *err);

/*
 * The earliest audit entry of action (evidence.import) whose input_sha256
 * is sha_hex:
 * its seq (0 when there is none), time and evidence ids.
 */
int	db_import_find_input(struct db *db, const char *action,
	    const char *sha_hex, int64_t *seq, int64_t *at,
	    int64_t *first_id, int64_t *last_id, struct dp_err *err);

#endif
