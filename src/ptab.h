/*
 * ptab.h - a prefix table's lookup file: each prefix (IPv4 and IPv6) with
 * its origin AS set (all origins of a multi-origin prefix, sorted), built
 * once and written as one compact file (magic, version, size, checksum,
 * the table's date), then mmap'ed read-only: opening a 1M-prefix table
 * takes milliseconds, and a file that fails its checks is refused, never
 * trusted.  Lookups are longest-prefix match: target >= 120 M IPv4
 * lookups/s on one core with the batch call (10 M random addresses, 2014
 * table), >= 40 M/s IPv6.
 *
 * The structure (ptab.c has the details) is a range table in the manner
 * of DXR: the prefixes are flattened into disjoint address ranges, each
 * with the route (the longest prefix) that covers it; a direct index on
 * the top bits of the address names a chunk's ranges, and a branch-free
 * search over the ranges' start keys (16- or 32-bit for IPv4, the index
 * being as wide as the table needs; for IPv6, leaves of one cache line
 * holding a chunk's keys and routes, the keys 32 or 64 bits below the
 * chunk's prefix where they fit, else whole, exact for every prefix
 * length) finds the one covering the address.  The IPv6 index is
 * keyed on the bits below the IPv6 routes' longest common prefix (the
 * base, recorded in the header): every route lies in 2000::/3, so bits
 * from 0 would leave nearly all entries empty; an address outside the
 * base is answered none at once.  The routes
 * (prefix, origin set) and the sets of origins are arrays beside the
 * ranges.  Everything is in one file, in host byte
 * order (the header records it and ptab_open refuses a file of the other
 * order), each section aligned to 64 bytes.
 *
 * Routes are numbered IPv4 first, then IPv6, each family in ipnet_compare
 * order, so route numbers and the canonical listing (ptab_text.h) follow
 * one order.
 *
 * Foundation layer: no SQL, no messages; errors through struct dp_err.
 */
#ifndef DEPEER_PTAB_H
#define DEPEER_PTAB_H

#include <stddef.h>
#include <stdint.h>

#include "ipnet.h"
#include "util.h"

#define PTAB_NONE UINT32_MAX
/* The lookup file's format version, checked by ptab_open (before the
   checksum, so that a file of another version is named as such).
   1: the first; 2: IPv6 keys padded for branch-free searches, the
   IPv4 index's width by the table's size; 3: the IPv6 index keyed
   below the IPv6 routes' common prefix; 4: IPv6 leaves of one cache
   line, keys and routes together, keys of 32 or 64 bits below the
   chunk's prefix where they fit. */
#define PTAB_VERSION	4

struct ptab;
struct ptab_builder;

struct ptab_builder *ptab_builder_new(void);
/* A prefix with its origins (duplicates of a prefix: the origins are
   united).  Host bits beyond plen are ignored.  */
void	ptab_builder_add(struct ptab_builder *b, const struct ipnet *p,
	    const uint32_t *asns, size_t nasns);
/* Prefixes added so far (duplicates counted each time). */
size_t	ptab_builder_count(const struct ptab_builder *b);
/* Distinct prefixes (sorts and unites the duplicates first). */
size_t	ptab_builder_prefixes(struct ptab_builder *b);
/*
 * Each distinct prefix with its united origins (sorted, distinct, n >=
 * 1), IPv4 first then IPv6, each in ipnet_compare() order: the order of
 * the route numbers and of the canonical listing (ptab_text.h).
 */
typedef void ptab_each_fn(void *arg, const struct ipnet *p,
	    const uint32_t *asns, size_t n);
void	ptab_builder_each(struct ptab_builder *b, ptab_each_fn *fn,
	    void *arg);
/* A label written into the file's header (at most PTAB_TAGLEN - 1
   bytes; the rest is cut): prefix_store puts the table's content
   SHA-256 there, so that a file of another table is not taken for it. */
#define PTAB_TAGLEN	80
void	ptab_builder_set_tag(struct ptab_builder *b, const char *tag);
/* Written atomically (a temporary file renamed), mode 0600.  0, or
   DP_EX_CANTCREAT / DP_EX_IOERR with err set. */
int	ptab_write(struct ptab_builder *b, const char *path, int64_t taken_at,
	    struct dp_err *err);
void	ptab_builder_free(struct ptab_builder *b);

/*
 * Map the file at path read-only and check it: magic, format version,
 * byte order, the size the header claims against the file's, the
 * checksum over every byte, and the sections' bounds and invariants (so
 * a file with a good checksum but bad content is refused too).  0 with
 * *out set, or DP_EX_NOINPUT (no such file) / DP_EX_DATAERR (damaged;
 * err says what failed) / DP_EX_IOERR.
 */
int	ptab_open(const char *path, struct ptab **out, struct dp_err *err);
void	ptab_close(struct ptab *t);
int64_t	ptab_taken_at(const struct ptab *t);
uint32_t ptab_nroutes(const struct ptab *t);
/* Of them, IPv4 (route numbers below it) and IPv6. */
uint32_t ptab_nroutes4(const struct ptab *t);
uint32_t ptab_nsets(const struct ptab *t);
/* The tag the file was written with ("" for none). */
const char *ptab_tag(const struct ptab *t);
/* The file's checksum as its header records it (16 hex digits + NUL). */
void	ptab_checksum_hex(const struct ptab *t, char out[17]);

/* The route (index < nroutes) of the longest prefix covering addr, or
   PTAB_NONE.  addr in host byte order. */
uint32_t ptab_lookup4(const struct ptab *t, uint32_t addr);
/* The same for n addresses, software-pipelined (prefetches ahead). */
void	ptab_lookup4_batch(const struct ptab *t, const uint32_t *addr,
	    uint32_t *route, size_t n);
/* addr in network byte order (struct ipnet's addr). */
uint32_t ptab_lookup6(const struct ptab *t, const uint8_t addr[16]);
void	ptab_lookup6_batch(const struct ptab *t, const uint8_t (*addr)[16],
	    uint32_t *route, size_t n);
/* Either family: the route of the longest prefix covering a->addr. */
uint32_t ptab_lookup(const struct ptab *t, const struct ipnet *a);
void	ptab_route_prefix(const struct ptab *t, uint32_t route,
	    struct ipnet *out);
/* The route's origin set: routes with the same origins share one set
   index (< nsets), so counting per origin key can index an array. */
uint32_t ptab_route_set(const struct ptab *t, uint32_t route);
size_t	ptab_set_origins(const struct ptab *t, uint32_t set,
	    const uint32_t **asns);		/* sorted, n >= 1 */


/*
 * For tests and fuzzing: make the file image buf[0..len) (at least a
 * header) claim its own size and carry its own checksum, so that a
 * crafted or damaged image gets past those two checks to the structural
 * ones behind them.  Returns -1 when len is shorter than a header.
 */
int	ptab_seal(void *buf, size_t len);

/* The mapped file itself, checked (for "prefixes export"). */
const void *ptab_bytes(const struct ptab *t, size_t *len);

/*
 * A table's content as the case stores it: the canonical listing
 * (ptab_text.h) cut into chunks of at most PTAB_CHUNK bytes, each chunk
 * one zstd frame compressed on its own (so a damaged chunk spoils only
 * itself, and reading one back needs no state), and its SHA-256, which
 * the prefixes.import entry claims.
 */
#define PTAB_CHUNK	(4u << 20)
struct ptab_content;
struct ptab_content *ptab_content_new(void);
/* Append data[0..len) to the listing. */
void	ptab_content_add(struct ptab_content *c, const void *data, size_t len);
/* End the listing: the last chunk is compressed, *sha the listing's
   SHA-256 as hex. */
void	ptab_content_finish(struct ptab_content *c, char sha[65]);
size_t	ptab_content_nchunks(const struct ptab_content *c);
const void *ptab_content_chunk(const struct ptab_content *c, size_t i,
	    size_t *len);
/* The listing's length in bytes. */
uint64_t ptab_content_bytes(const struct ptab_content *c);
void	ptab_content_free(struct ptab_content *c);
/*
 * One stored chunk data[0..len) decompressed and appended to out (a
 * struct buf *), at most PTAB_CHUNK bytes.  0, or DP_EX_DATAERR with err
 * set (not one zstd frame, too large, corrupt).
 */
struct buf;
int	ptab_chunk_decode(const void *data, size_t len, struct buf *out,
	    struct dp_err *err);

#endif
