/*
 * bgp_obs.h - what BGP paths say about who carries whose routes: the AS
 * paths of one MRT file (a RIB dump or BGP4MP updates) cleaned and
 * counted into dated observations.  Models layer: no SQL, no I/O.
 *
 * Cleaning (bgp_path_clean()):
 *   - prepending collapsed: "AS1 AS1 AS2" is "AS1 AS2";
 *   - a path with an AS_SET or a confederation segment is dropped (its
 *     order is not an adjacency);
 *   - a path with a loop (an AS twice, not adjacent) is dropped;
 *   - a path with a private or reserved AS number is dropped
 *     (bgp_asn_reserved()): AS0 (RFC 7607), AS_TRANS 23456 (RFC 6793),
 *     the documentation ranges 64496-64511 and 65536-65551 (RFC 5398),
 *     the private ranges 64512-65534 and 4200000000-4294967294 (RFC 6996)
 *     and the last numbers 65535 and 4294967295 (RFC 7300).  A private AS
 *     is not a network anyone can complain to, and a path through one has
 *     had part of its route hidden, so its adjacencies are not facts.
 *
 * Counting (struct bgp_obs): every accepted path is one path seen by one
 * vantage point (the peer's address and AS).  For each origin AS (the
 * last AS of a path): the prefixes it announced, the paths and the
 * vantage points; for each AS seen immediately before an origin (an
 * upstream candidate): paths and vantage points; for every adjacency
 * "a b" (a left of b, a nearer the vantage point): paths and vantage
 * points; for every three consecutive ASes (a triplet, what the
 * relationship inference reads): paths.
 *
 * Updates: each announcement is a path seen; a withdrawal ends the route
 * of its vantage point, prefix and path id.  At the end of the file an
 * origin is "announced" when some vantage point still has a route from
 * it; one that every vantage point withdrew is kept with announced 0
 * (its counts are still those of the announcements seen).  In a RIB
 * every origin seen is announced.
 *
 * Ownership: struct bgp_obs owns everything; the arrays bgp_obs_fold()
 * fills are valid until bgp_obs_free().
 */
#ifndef DEPEER_BGP_OBS_H
#define DEPEER_BGP_OBS_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "hash.h"
#include "ipnet.h"

/* bgp_path_clean() results: BGP_PATH_OK, or why the path was dropped. */
enum bgp_path_why {
	BGP_PATH_OK,
	BGP_PATH_EMPTY,		/* no AS at all */
	BGP_PATH_SET,		/* an AS_SET or confederation segment */
	BGP_PATH_LOOP,		/* an AS twice, not adjacent */
	BGP_PATH_RESERVED,	/* a private or reserved AS number */
	BGP_PATH_NWHY
};

/* The longest path kept; a longer one is dropped as a loop would be
   (no real path comes near it once prepending is collapsed). */
#define BGP_PATH_MAX	255

/* Whether asn is private or reserved (see above). */
int	bgp_asn_reserved(uint32_t asn);

/*
 * Clean path in[0..n) (has_set: it had an AS_SET or confederation
 * segment) into out (room for BGP_PATH_MAX): prepending collapsed.
 * Returns BGP_PATH_OK with *nout set, or the reason it is dropped.
 */
int	bgp_path_clean(const uint32_t *in, size_t n, int has_set,
	    uint32_t *out, size_t *nout);

/* One origin AS. */
struct bgp_origin {
	uint32_t	 asn;
	int64_t		 prefixes;	/* distinct prefixes announced */
	int64_t		 paths;
	int64_t		 vantage;	/* distinct vantage points */
	int		 announced;	/* a route still up at the end */
};

/* An AS seen immediately before an origin. */
struct bgp_upstream {
	uint32_t	 origin, upstream;
	int64_t		 paths;
	int64_t		 vantage;
};

/* An adjacency: a left of b in paths (a nearer the vantage point). */
struct bgp_link {
	uint32_t	 a, b;
	int64_t		 paths;
	int64_t		 vantage;
};

/* Three consecutive ASes of paths, left to right. */
struct bgp_triplet {
	uint32_t	 a, b, c;
	int64_t		 paths;
};

/* The counts of one file, filled by bgp_obs_finish(), sorted by AS
   numbers (origin, then upstream; a, b, c). */
struct bgp_obs_result {
	struct bgp_origin	*origins;
	size_t			 norigins;
	struct bgp_upstream	*upstreams;
	size_t			 nupstreams;
	struct bgp_link		*links;
	size_t			 nlinks;
	struct bgp_triplet	*triplets;
	size_t			 ntriplets;
	int64_t			 vantage;	/* vantage points seen */
	int64_t			 accepted;	/* paths counted */
	int64_t			 dropped[BGP_PATH_NWHY];	/* by reason */
	int64_t			 withdrawals;
};

struct bgp_obs;

struct bgp_obs *bgp_obs_new(void);
void	bgp_obs_free(struct bgp_obs *o);	/* NULL is fine */

/*
 * One path (as read: prepending and all) for prefix, from the vantage
 * point peer_ip / peer_as; path_id is the ADD-PATH id (0 without).
 * update: an announcement in an updates file (a route that a later
 * withdrawal can end) rather than a RIB entry.  The path is cleaned and
 * counted, or counted as dropped.  Returns the bgp_path_why.
 */
int	bgp_obs_path(struct bgp_obs *o, const struct ipnet *peer_ip,
	    uint32_t peer_as, const struct ipnet *prefix, uint32_t path_id,
	    const uint32_t *path, size_t npath, int has_set, int update);
/*
 * The same in two steps, for a reader on another thread:
 * bgp_path_prepare() cleans path into clean (room for npath words; at
 * most BGP_PATH_MAX are written) and hashes it into *r, touching nothing
 * shared; bgp_obs_prepared() counts it as bgp_obs_path() would have
 * (r->clean must still hold the words).
 */
struct bgp_path_prepared {
	const uint32_t	*clean;
	size_t		 n;
	int		 why;		/* bgp_path_why */
	uint64_t	 h;
};
void	bgp_path_prepare(const uint32_t *path, size_t npath, int has_set,
	    uint32_t *clean, struct bgp_path_prepared *r);
int	bgp_obs_prepared(struct bgp_obs *o, const struct ipnet *peer_ip,
	    uint32_t peer_as, const struct ipnet *prefix, uint32_t path_id,
	    const struct bgp_path_prepared *r, int update);
/* A withdrawal of prefix by the vantage point. */
void	bgp_obs_withdraw(struct bgp_obs *o, const struct ipnet *peer_ip,
	    uint32_t peer_as, const struct ipnet *prefix, uint32_t path_id);

/*
 * Fold the counts into the result (owned by o), after the last path; call
 * once.  The parts of the result are folded on threads of their own when
 * there are many paths, so that a caller can store each part as it is
 * done: bgp_obs_wait() returns the result once part is filled (waiting
 * for it).  The counts (vantage, accepted, dropped, withdrawals) are
 * filled when bgp_obs_fold() returns; the arrays only after
 * bgp_obs_wait() for their part.  bgp_obs_finish() is both, for all
 * parts, into *res.
 */
enum bgp_obs_part {
	BGP_PART_ORIGINS,	/* origins and upstreams */
	BGP_PART_LINKS,
	BGP_PART_TRIPLETS,
	BGP_PART_N
};
const struct bgp_obs_result *bgp_obs_fold(struct bgp_obs *o);
const struct bgp_obs_result *bgp_obs_wait(struct bgp_obs *o,
	    enum bgp_obs_part part);
void	bgp_obs_finish(struct bgp_obs *o, struct bgp_obs_result *res);

/*
 * The hash an import's entry claims over its observations: SHA-256 of
 * one line per row, in the order above,
 *   "o ASN PREFIXES PATHS VANTAGE ANNOUNCED\n"
 *   "u ORIGIN UPSTREAM PATHS VANTAGE\n"
 *   "l A B PATHS VANTAGE\n"
 *   "t A B C PATHS\n"
 * (decimal numbers, one space).  Verify computes it again from the rows.
 */
struct bgp_obs_hasher;
struct bgp_obs_hasher *bgp_obs_hasher_new(void);
void	bgp_obs_hash_origin(struct bgp_obs_hasher *h,
	    const struct bgp_origin *x);
void	bgp_obs_hash_upstream(struct bgp_obs_hasher *h,
	    const struct bgp_upstream *x);
void	bgp_obs_hash_link(struct bgp_obs_hasher *h, const struct bgp_link *x);
void	bgp_obs_hash_triplet(struct bgp_obs_hasher *h,
	    const struct bgp_triplet *x);
/* The digest as hex; frees h. */
void	bgp_obs_hasher_end(struct bgp_obs_hasher *h, char hex[SHA256_HEXLEN]);
/* Hash one part of r: its lines, in the order of the whole hash. */
void	bgp_obs_hash_part(struct bgp_obs_hasher *h,
	    const struct bgp_obs_result *r, enum bgp_obs_part part);
/*
 * The same hash of o's result, each part hashed as soon as it is folded
 * (bgp_obs_wait()): from a thread of its own while another stores the
 * parts.
 */
void	bgp_obs_hash_folded(struct bgp_obs *o, char hex[SHA256_HEXLEN]);
/* The hash of a whole result (the same lines). */
void	bgp_obs_result_hash(const struct bgp_obs_result *r,
	    char hex[SHA256_HEXLEN]);

/* ---- one import: the file read and what it gave (bgp_imports) ---- */

/* At most this many of the reader's warnings are kept with an import. */
#define BGP_WARNINGS_KEPT	100

struct bgp_import {
	int64_t		 id;
	char		*file_name;	/* as given */
	char		*file_sha256;	/* of the bytes read */
	int64_t		 file_size;
	const char	*kind;		/* "rib" or "updates" (static) */
	int64_t		 observed_at;	/* the date of the observations */
	int		 has_span;
	int64_t		 first_time, last_time;	/* of the records */
	int64_t		 records, elems;
	int64_t		 paths;		/* counted */
	int64_t		 dropped[BGP_PATH_NWHY];	/* [BGP_PATH_OK] unused */
	int64_t		 withdrawals;
	int64_t		 vantage;
	int		 truncated;
	char		*warnings;	/* a JSON array of strings (text) */
	int64_t		 nwarnings;
	char		*content_sha256;
	int64_t		 created_at;
	int64_t		 audit_seq;
};

void	bgp_import_release(struct bgp_import *imp);
void	bgp_imports_free(struct bgp_import *v, size_t n);
/*
 * The import as its bgp.import entry records it and "bgp imports --json"
 * shows it: every column, times as RFC 3339, warnings as an array.  A new
 * reference.
 */
json_t	*bgp_import_to_json(const struct bgp_import *imp);

#endif
