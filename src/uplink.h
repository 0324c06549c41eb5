/*
 * uplink.h - the model of a recorded upstream link: one row of the
 * upstreams table (an origin AS, its upstream, when it was first and
 * last seen, the confidence) with the evidence rows written with it, and
 * the canonical hash that ties it to its "upstreams" audit entry.  No
 * SQL here; db_upstream.c stores and reads links.
 *
 * The entry that last wrote a link is the "upstreams" entry of its origin
 * whose time ("at") is the link's last_seen: both are the time of the
 * run (upstream_record()), so no column on the row is needed to find it.
 *
 * Ownership: struct uplink owns its strings (uplink_release).
 */
#ifndef DEPEER_UPLINK_H
#define DEPEER_UPLINK_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "hash.h"
#include "util.h"

struct db;

/* One stored answer that showed the link. */
struct uplink_ev {
	int64_t		 source_id;
	char		*method;
	char		*detail;
	int64_t		 seen_at;
};

struct uplink {
	int64_t		 id;
	uint32_t	 asn;		/* the origin (customer) */
	uint32_t	 upstream;
	char		*name;		/* the upstream's AS name, or NULL */
	double		 confidence;
	int64_t		 first_seen;
	int64_t		 last_seen;
	int64_t		 audit_seq;	/* the "upstreams" entry that last
					   wrote it, 0 for none (rows from
					   before migration 0006) */
	struct uplink_ev *ev;		/* those written with it (the same
					   audit_seq), by source id then
					   method */
	size_t		 nev;
};

void	uplink_release(struct uplink *u);
/*
 * The link's hash: SHA-256 over the netstrings ("<len>:<bytes>,", "-,"
 * for a NULL name) of "depeer-upstream-v1", asn, upstream, name,
 * confidence ("%.17g", which reads back as the same double), first_seen,
 * last_seen, then per evidence row source_id, method, detail, seen_at.
 * Everything in decimal.  The row id is not part of it.
 */
void	uplink_hash(const struct uplink *u, unsigned char out[SHA256_LEN]);
/*
 * The payload of the "upstreams" audit entry recording links v[0..n) of
 * origin asn (a new JSON object, for audit_record(), which encodes it
 * compactly with sorted keys):
 *   {"links": [{"sha256": hex, "upstream": N}, ...], "links_sha256": hex,
 *    "origin": asn}
 * links_sha256 is the SHA-256 over the 32-byte link hashes in order.
 */
json_t	*uplink_payload(uint32_t asn, const struct uplink *v, size_t n);

/* ---- SQL (db_upstream.c) ---- */

/*
 * The link asn -> upstream into *u, with the evidence rows written with it
 * (its audit_seq); DP_EX_NOINPUT when there is none.
 */
int	db_upstream_link_get(struct db *db, uint32_t asn, uint32_t upstream,
	    struct uplink *u, struct dp_err *err);
/*
 * Call fn with each link of origin asn last written by audit entry
 * audit_seq, by upstream (the struct is borrowed for the call); stops at
 * fn's first non-zero return, which it returns.
 */
int	db_upstream_iter_entry(struct db *db, uint32_t asn, int64_t audit_seq,
	    int (*fn)(const struct uplink *, void *), void *arg,
	    struct dp_err *err);
/*
 * A link, or a piece of evidence behind one, that names an audit entry
 * which is not an "upstreams" entry of its origin (a row moved to escape
 * the entry that wrote it): the first such link into *asn, *upstream and
 * *seq.  DP_EX_NOINPUT when there is none.
 */
int	db_upstream_stray(struct db *db, uint32_t *asn, uint32_t *upstream,
	    int64_t *seq, struct dp_err *err);

#endif
