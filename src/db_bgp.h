/*
 * db_bgp.h - SQL for the BGP observations (schema 18): the imports, the
 * rows counted from each, and the reads the relationship inference,
 * "upstreams" and verify need.
 */
#ifndef DEPEER_DB_BGP_H
#define DEPEER_DB_BGP_H

#include <stddef.h>
#include <stdint.h>

#include "bgp_obs.h"
#include "util.h"

struct db;

/* The id the next import gets: one past every id an import ever had. */
int	db_bgp_import_next_id(struct db *db, int64_t *id, struct dp_err *err);
/* Insert imp (its id from db_bgp_import_next_id()) inside the caller's
   transaction. */
int	db_bgp_import_add(struct db *db, struct bgp_import *imp,
	    struct dp_err *err);
/* The import of the same file content and date: *id, or 0 when none. */
int	db_bgp_import_find(struct db *db, const char *file_sha256,
	    int64_t observed_at, int64_t *id, struct dp_err *err);
/* Insert the rows of one part of the observations r of import id (the
   links and the triplets packed into one row each). */
int	db_bgp_obs_add_part(struct db *db, int64_t id,
	    const struct bgp_obs_result *r, enum bgp_obs_part part,
	    struct dp_err *err);
/* Every import, by id; *v an array of *n for bgp_imports_free(). */
int	db_bgp_import_list(struct db *db, struct bgp_import **v, size_t *n,
	    struct dp_err *err);
/* Import id (DP_EX_NOINPUT when there is none). */
int	db_bgp_import_get(struct db *db, int64_t id, struct bgp_import *imp,
	    struct dp_err *err);
/*
 * The hash of import id's observations as stored (bgp_obs.h).  When its
 * packed links or triplets are missing or do not unpack, why says so
 * (len bytes) and hex is empty; else why is empty.
 */
int	db_bgp_obs_hash(struct db *db, int64_t id, char hex[SHA256_HEXLEN],
	    char *why, size_t len, struct dp_err *err);
/* Observation rows (packed ones included) whose import is not in
   bgp_imports. */
int	db_bgp_orphans(struct db *db, int64_t *n, struct dp_err *err);

/* One import as one origin AS saw it (db_bgp_origin_history()). */
struct bgp_seen {
	int64_t		 import_id;
	int64_t		 observed_at;
	const char	*kind;		/* "rib" or "updates" (static) */
	int		 present;	/* the origin has a row */
	int64_t		 prefixes, paths, vantage;
	int		 announced;
	struct bgp_upstream *ups;	/* most vantage points first */
	size_t		 nups;
};
void	bgp_seen_free(struct bgp_seen *v, size_t n);
/*
 * Every import, ordered by observed_at then id, with origin asn's row
 * and upstreams when it has them.  *v an array of *n (bgp_seen_free()).
 */
int	db_bgp_origin_history(struct db *db, uint32_t asn, struct bgp_seen **v,
	    size_t *n, struct dp_err *err);

/* ---- bgp list, bgp rm, relationships over a window of dates ---- */

/* How many origin ASes import id has rows for. */
int	db_bgp_origin_count(struct db *db, int64_t id, int64_t *n,
	    struct dp_err *err);
/*
 * Delete import id and every observation row of it, inside the caller's
 * transaction (its id is never given again: db_bgp_import_add()).
 */
int	db_bgp_import_rm(struct db *db, int64_t id, struct dp_err *err);

/*
 * Every link and every triplet of the imports whose observed_at is in
 * [from, to] (INT64_MIN, INT64_MAX: every import; a link or triplet seen
 * in several: its paths summed, its vantage points the most any import
 * saw), sorted; arrays for free().  DP_EX_DATAERR when an import's
 * packed records do not unpack.
 */
int	db_bgp_links_window(struct db *db, int64_t from, int64_t to,
	    struct bgp_link **v, size_t *n, struct dp_err *err);
int	db_bgp_triplets_window(struct db *db, int64_t from, int64_t to,
	    struct bgp_triplet **v, size_t *n, struct dp_err *err);
/* How many imports have their observed_at in [from, to]. */
int	db_bgp_import_count_window(struct db *db, int64_t from, int64_t to,
	    int64_t *n, struct dp_err *err);

#endif
