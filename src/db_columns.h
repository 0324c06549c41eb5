/*
 * db_columns.h - the reads verify makes of the columns that no record
 * hash covers: times the store copies from an audit entry (a provider's
 * updated_at, a network's added_at, a stored file's stored_at), values
 * derived from other columns (a network's family and address range, an
 * answer's size), and the bookkeeping that ties rows together (file
 * positions, source ranges, upstream links written before schema 6).
 * verify_columns.h says what each must hold.
 *
 * The "first" functions return 0 with *id (and what they say) filled
 * for the first offending row, DP_EX_NOINPUT when there is none, or
 * another code with err filled on a database error.
 */
#ifndef DEPEER_DB_COLUMNS_H
#define DEPEER_DB_COLUMNS_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct db;

/* Each provider's id and updated_at, in id order; fn returns non-zero to
   stop (returned as is). */
int	db_provider_updated_iter(struct db *db,
	    int (*fn)(int64_t id, int64_t updated_at, void *), void *arg,
	    struct dp_err *err);

/* A provider_networks row as stored (borrowed for the call). */
struct db_network_row {
	int64_t		 id;
	int64_t		 provider_id;
	int64_t		 asn;		/* 0 when NULL */
	const char	*prefix;	/* NULL when NULL */
	int64_t		 family;	/* 0 when NULL */
	const unsigned char *first, *last;
	size_t		 first_len, last_len;
	/* Whether the column is not NULL (a value of another class, or text
	   with a NUL, is refused by the reader: db_internal.h's db_row). */
	int		 has_family, has_first, has_last;
	int64_t		 added_at;
};
int	db_network_iter(struct db *db,
	    int (*fn)(const struct db_network_row *, void *), void *arg,
	    struct dp_err *err);

/*
 * Each stored file (artifacts row) in id order: its id, stored_at, and
 * the time of the audit entry that recorded the lowest-numbered evidence
 * row attaching it (has_first 0 when no row attaches it).
 */
int	db_artifact_first_use_iter(struct db *db,
	    int (*fn)(int64_t id, int64_t stored_at, int has_first,
	    int64_t first_at, void *), void *arg, struct dp_err *err);

/* The first provider_retirements row of a provider that does not
   exist. */
int	db_retirement_first_stray(struct db *db, int64_t *id,
	    struct dp_err *err);
/* The first evidence row whose indicator_type is not the text of one of
   the types validate.h names. */
int	db_evidence_first_bad_type(struct db *db, int64_t *id,
	    struct dp_err *err);
/* The first evidence row whose files are not at positions 1, 2, ... n. */
int	db_evidence_first_file_gap(struct db *db, int64_t *id,
	    struct dp_err *err);
/* The first evidence_files row whose evidence row does not exist. */
int	db_evidence_first_stray_file(struct db *db, int64_t *id,
	    struct dp_err *err);
/* The first registry answer whose size is not the length of its bytes. */
int	db_source_first_bad_size(struct db *db, int64_t *id,
	    struct dp_err *err);
/*
 * The first source_ranges row that cannot be one depeer wrote: its answer
 * is missing or of another protocol or server, or lo and hi are not keys
 * of one family (ipnet.h).  *id is its source_id.
 */
int	db_source_first_stray_range(struct db *db, int64_t *id,
	    struct dp_err *err);

/* Each upstream link that names no audit entry (audit_seq NULL), by
   origin and upstream. */
int	db_upstream_unaudited_iter(struct db *db,
	    int (*fn)(uint32_t asn, uint32_t upstream, void *), void *arg,
	    struct dp_err *err);
/* The payload of each "upstreams" entry of origin asn made at time at. */
int	db_upstream_entries_at(struct db *db, uint32_t asn, int64_t at,
	    int (*fn)(const char *payload, void *), void *arg,
	    struct dp_err *err);
/* The time of the first "upstreams" entry of any origin, 0 when none. */
int	db_upstream_first_entry_at(struct db *db, int64_t *at,
	    struct dp_err *err);

#endif
