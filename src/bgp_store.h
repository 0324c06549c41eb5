/*
 * bgp_store.h - the BGP observations of a case: MRT files imported into
 * dated observations (bgp_obs.h) with their bgp.import audit entries,
 * the relationships inferred from every import (asrel.h) and compared
 * with a reference file, and, per origin AS, what "upstreams" reads: the
 * latest observed upstreams with their relationship, and the history of
 * upstreams over the imports.  A service: no printing.
 *
 * Ownership: every struct filled here is released by its _release().
 */
#ifndef DEPEER_BGP_STORE_H
#define DEPEER_BGP_STORE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "asrel.h"
#include "bgp_obs.h"
#include "db_bgp.h"
#include "util.h"

struct db;

/*
 * (bgp_import.c) Import the MRT files files[0..n) (RIB dumps or BGP4MP updates, any
 * compression zread reads) into db, all in one transaction: per file one
 * bgp_imports row, its observations and one bgp.import entry (subject
 * "bgp:<id>", payload {"import": bgp_import_to_json()}, whose
 * content_sha256 is the hash of the observation rows).  date: the date of
 * the observations, or NULL for the file's own (a RIB: the time of its
 * first record, the dump; updates: the time of the last record, the
 * state at the end of the file).  now: the time of the import.
 *
 * The reader's warnings (byte offsets in the decompressed stream) are
 * kept with the import (the first BGP_WARNINGS_KEPT, and how many); a
 * file that ends inside a record is imported with what was read and
 * truncated set.  A file that is not MRT, holds no route at all, or was
 * imported before with the same date is an error: DP_EX_DATAERR (DP_EX_NOINPUT: missing, DP_EX_IOERR: read
 * error), and nothing is written.
 *
 * Returns 0 with *out an array of *nout imports (bgp_imports_free()).
 */
int	bgp_store_import(struct db *db, char *const *files, size_t n,
	    const int64_t *date, int64_t now, struct bgp_import **out,
	    size_t *nout, struct dp_err *err);

/*
 * Write import imp (its file and counts filled; id, created_at,
 * audit_seq and content_sha256 set here) with the observations of o
 * (bgp_obs_fold() called: each part is stored as it is folded) and its
 * bgp.import entry, inside the caller's open transaction, with foreign
 * keys off (the import's row is written after its observations).  The
 * same file content with the same date imported before: DP_EX_DATAERR.
 * bgp_store_import() calls it per file.
 */
int	bgp_store_write(struct db *db, struct bgp_import *imp,
	    struct bgp_obs *o, int64_t now, struct dp_err *err);

/* The imports of db, by id (bgp_imports_free()). */
int	bgp_store_list(struct db *db, struct bgp_import **out, size_t *n,
	    struct dp_err *err);

/*
 * The relationships inferred from every import's links and triplets
 * (asrel_infer()).  DP_EX_NOINPUT when nothing was imported.
 */
int	bgp_store_relationships(struct db *db, struct asrel_graph *g,
	    struct dp_err *err);

/*
 * Compare g with the CAIDA serial-1 file at path (read through openin,
 * any size; DP_EX_NOINPUT missing, DP_EX_DATAERR malformed).
 */
int	bgp_store_compare(const struct asrel_graph *g, const char *path,
	    struct asrel_cmp *out, struct dp_err *err);

/* ---- what "upstreams" reads ---- */

/* One upstream of an origin in its latest observation. */
struct bgp_cand {
	uint32_t	 upstream;
	int64_t		 paths, vantage;
	enum asrel_role	 rel;		/* the upstream towards the origin:
					   ASREL_PROVIDER is transit */
};

struct bgp_cands {
	int64_t		 import_id;	/* 0: no observation of the origin */
	int64_t		 observed_at;
	int64_t		 vantage;	/* vantage points of the import */
	int		 announced;
	struct bgp_cand	*v;		/* most vantage points first */
	size_t		 n;
};
void	bgp_cands_release(struct bgp_cands *c);

/*
 * The upstreams of origin asn in the latest import that saw it, each
 * with the relationship inferred from every import.  *out->import_id 0
 * when no import saw it.
 */
int	bgp_store_candidates(struct db *db, uint32_t asn, struct bgp_cands *out,
	    struct dp_err *err);

/* One import, as the history of an origin shows it. */
struct bgp_hist_point {
	int64_t		 import_id;
	int64_t		 observed_at;
	const char	*kind;		/* "rib" or "updates" */
	int		 announced;	/* 0: a gap (absent from a RIB, or
					   withdrawn everywhere by the end of
					   an updates file) */
	int64_t		 prefixes, paths, vantage;
	struct bgp_upstream *ups;	/* most vantage points first */
	size_t		 nups;
	uint32_t	*gained, *lost;	/* against the previous announced
					   point (none for the first) */
	size_t		 ngained, nlost;
};

struct bgp_hist {
	struct bgp_hist_point *v;	/* by observed_at, then import */
	size_t		 n;
	size_t		 distinct;	/* distinct upstreams ever seen */
	size_t		 changes;	/* points with a gain or a loss */
	size_t		 gaps;		/* points with no announcement */
};
void	bgp_hist_release(struct bgp_hist *h);

/*
 * The history of origin asn over the imports: a point for every RIB
 * import (absent: a gap) and every updates import that saw the origin
 * (an updates file without it says nothing).
 */
int	bgp_store_history(struct db *db, uint32_t asn, struct bgp_hist *out,
	    struct dp_err *err);
/* The documented JSON (depeer-upstreams(1)); a new reference. */
json_t	*bgp_hist_to_json(const struct bgp_hist *h);

/* ---- bgp list, bgp rm, relationships over a window of dates ---- */

/*
 * The imports of db, by id (bgp_imports_free()), with how many origin
 * ASes each has rows for: *origins, an array of *n for free().
 */
int	bgp_store_list_origins(struct db *db, struct bgp_import **out,
	    int64_t **origins, size_t *n, struct dp_err *err);

/*
 * Remove import id in one transaction: its observation rows and its row
 * are deleted, and a bgp.rm entry (subject "bgp:<id>", payload
 * {"import": bgp_import_to_json()} of the import as it was) records it.
 * Later inferences and histories no longer see it; the id may be given
 * to the next import.  *out receives the import removed
 * (bgp_import_release()), *seq the entry's number.  No such import:
 * DP_EX_NOINPUT, nothing written.
 */
int	bgp_store_rm(struct db *db, int64_t id, int64_t now,
	    struct bgp_import *out, int64_t *seq, struct dp_err *err);

/*
 * As bgp_store_relationships(), from the imports whose date (observed_at)
 * is in [from, to] only (INT64_MIN, INT64_MAX: every import); *nimports
 * receives how many those are.  DP_EX_NOINPUT when they hold no path.
 */
int	bgp_store_relationships_window(struct db *db, int64_t from, int64_t to,
	    struct asrel_graph *g, int64_t *nimports, struct dp_err *err);

#endif
