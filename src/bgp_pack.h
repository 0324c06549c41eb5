/*
 * bgp_pack.h - the links and triplets of one BGP import packed into one
 * byte string each, as the database keeps them (db_bgp.c, table
 * bgp_packed).  Models layer: no SQL, no I/O.
 *
 * A RIB dump gives a few links and many triplets per prefix it carries:
 * the 1 MiB excerpt of a RouteViews RIB already gives 47,000 triplets,
 * a whole RIB about a hundred times that, and a case keeps one import
 * per day of interest.  Nothing asks for one triplet: the relationship
 * inference reads them all for a window of dates, and verify reads an
 * import's to hash them.  As rows they cost a B-tree entry each (about
 * 18 bytes and most of the import's time); packed they cost 5 to 7
 * bytes and one row.
 *
 * Format (version 1), written by hand: no library packs sorted integer
 * tuples.  One byte, the version (1), then the records in strictly
 * ascending order of their key (a, b for a link; a, b, c for a
 * triplet), each as unsigned LEB128 varints:
 *
 *   link:     da, b', paths, vantage
 *   triplet:  da, b', c', paths
 *
 * da is a minus the record before's a.  When da > 0 the other key
 * fields are stored as they are.  When da = 0, b' is b minus the record
 * before's b (for a link, minus one more: b must grow); for a triplet
 * whose b' is then 0 too, c' is c minus the record before's c minus
 * one, else c as it is.  The first record stores a, b and c as they
 * are.  Varints are at most 10 bytes and canonical (no trailing zero
 * group), AS numbers fit 32 bits, counts 63.  The number of records is
 * kept beside the bytes (the row's count) and must match.
 */
#ifndef DEPEER_BGP_PACK_H
#define DEPEER_BGP_PACK_H

#include <stddef.h>
#include <stdint.h>

#include "bgp_obs.h"

#define BGP_PACK_VERSION	1

/*
 * Pack v[0..n), sorted strictly by key, into a new buffer (*len bytes).
 * Dies on an unsorted array or a negative count: the callers pack what
 * bgp_obs_fold() sorted.
 */
uint8_t	*bgp_pack_links(const struct bgp_link *v, size_t n, size_t *len);
uint8_t	*bgp_pack_triplets(const struct bgp_triplet *v, size_t n,
	    size_t *len);

/*
 * Unpack p[0..len), which claims n records, into a new array (*out,
 * freed by the caller; NULL when n is 0).  0, or -1 with *why naming
 * the fault and *at its byte offset (nothing allocated).
 */
int	bgp_unpack_links(const uint8_t *p, size_t len, int64_t n,
	    struct bgp_link **out, const char **why, size_t *at);
int	bgp_unpack_triplets(const uint8_t *p, size_t len, int64_t n,
	    struct bgp_triplet **out, const char **why, size_t *at);

/* The order of the keys (a, b; a, b, c), for qsort(). */
int	bgp_link_cmp(const void *x, const void *y);
int	bgp_triplet_cmp(const void *x, const void *y);

/*
 * Merge two sorted arrays into out (room for na + nb), one record per
 * key: links add their paths and keep the larger vantage count, triplets
 * add their paths.  The number of records written.
 */
size_t	bgp_links_merge(const struct bgp_link *a, size_t na,
	    const struct bgp_link *b, size_t nb, struct bgp_link *out);
size_t	bgp_triplets_merge(const struct bgp_triplet *a, size_t na,
	    const struct bgp_triplet *b, size_t nb, struct bgp_triplet *out);

#endif
