/*
 * source.h - raw registry answers kept as proof (the sources table): one
 * answer, byte for byte, with the protocol, the server, the exact query
 * and the time.  Stored in groups: each lookup that fetched anything
 * appends one audit entry ("lookup") whose payload holds the SHA-256 over
 * its sources' hashes, so verify covers them as it covers evidence.
 */
#ifndef DEPEER_SOURCE_H
#define DEPEER_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "hash.h"
#include "util.h"

struct db;

/*
 * An address range a source speaks for: the network a WHOIS answer names,
 * or one address of a Team Cymru bulk answer (0004-source-ranges.sql).
 * Stored with the source; a bulk lookup reuses the answer for the other
 * addresses inside it.
 */
struct source_range {
	int		 family;	/* AF_INET or AF_INET6 */
	unsigned char	 lo[16], hi[16];	/* inclusive, network order;
						   IPv4 uses 4 bytes */
};

struct source {
	int64_t		 id;
	char		*protocol;	/* whois rwhois rdap cymru ripestat
					   irr dns */
	char		*server;	/* "whois.arin.net:43" or a host */
	char		*query;		/* the query line, the URL, or
					   "NAME. IN TYPE" (dns) */
	int64_t		 fetched_at;
	int		 has_status;
	long		 status;	/* HTTP status */
	char		*content;	/* the bytes, NUL added (dns: the
					   wire format, binary) */
	size_t		 size;
	char		 sha256[SHA256_HEXLEN];
	int64_t		 audit_seq;
	struct source_range *ranges;	/* stored with a new source; not
					   read back by db_source_get() */
	size_t		 nranges;
};

void	source_release(struct source *s);
/* Add a range (lo <= hi, same family) that s speaks for. */
void	source_add_range(struct source *s, int family,
	    const unsigned char lo[16], const unsigned char hi[16]);
/*
 * The hash that ties a stored answer to its audit entry: SHA-256 over the
 * netstring encoding ("<len>:<bytes>,", "-," for an absent status) of
 * "depeer-source-v1", id, protocol, server, query, fetched_at, status and
 * the hex SHA-256 of the bytes.  A lookup entry's "sources_sha256" is the
 * SHA-256 over these 32-byte hashes in id order, so changing whom depeer
 * asked, what or when breaks it as surely as changing the bytes.
 */
void	source_record_hash(const struct source *s, struct sha256 *h,
	    unsigned char out[SHA256_LEN]);
/* The documented JSON of a source without its bytes:
   {id, protocol, server, query, fetched_at, sha256, size}. */
json_t	*source_to_json(const struct source *s);

/*
 * A batch of answers fetched by one lookup, to be stored together:
 * source_batch_add() keeps copies; srcstore_commit() (srcstore.h) writes
 * them and their audit entry and fills in their ids.
 */
struct source_batch {
	struct source	*v;
	size_t		 n;
};
void	source_batch_add(struct source_batch *b, const char *protocol,
	    const char *server, const char *query, int64_t fetched_at,
	    long status, int has_status, const char *content, size_t size);
void	source_batch_release(struct source_batch *b);

/*
 * The stored answers as the protocol modules read them (whois.c, the
 * lookups): an interface, so that they need nothing of the database.
 * srcstore.c provides one over the case database, with its freshness
 * (only answers fetched at or after its not_before are served).  A NULL
 * reader means "always ask".  Each function returns 0 and fills its out
 * parameter (the caller releases a struct source), or non-zero when there
 * is no such answer.
 */
struct source_reader {
	void	*self;
	/* The newest fresh answer to exactly this question. */
	int	(*cached)(void *self, const char *protocol, const char *server,
		    const char *query, struct source *out);
	/* The id of the fresh answer from protocol's server whose range
	   covers addr (see db_source_covering()). */
	int	(*covering)(void *self, const char *protocol,
		    const char *server, int family,
		    const unsigned char addr[16], int64_t *id);
	/* Answer id, fresh or not. */
	int	(*get)(void *self, int64_t id, struct source *out);
};

/* ---- SQL (db_source.c) ---- */

/*
 * Insert s (sha256 and audit_seq set), and its ranges, inside the open
 * transaction.
 */
int	db_source_insert(struct db *db, struct source *s, struct dp_err *err);
/* Source id into *s; DP_EX_NOINPUT when there is none. */
int	db_source_get(struct db *db, int64_t id, struct source *s,
	    struct dp_err *err);
/*
 * The newest stored answer to the same question fetched at or after
 * not_before, into *s; DP_EX_NOINPUT when there is none.
 */
int	db_source_cached(struct db *db, const char *protocol,
	    const char *server, const char *query, int64_t not_before,
	    struct source *s, struct dp_err *err);
/*
 * The id of the stored answer from protocol's server fetched at or after
 * not_before with a range covering addr (family's width), into *id: the
 * most specific range, then the newest answer.  Only the ranges nearest
 * below addr are
 * looked at (a bounded index scan), so a miss costs little; a covering
 * range far below is missed, which costs a query, never a wrong answer.
 * DP_EX_NOINPUT when there is none.
 */
int	db_source_covering(struct db *db, const char *protocol,
	    const char *server, int family, const unsigned char addr[16],
	    int64_t not_before, int64_t *id, struct dp_err *err);
/*
 * Verify's walk: each source in id order with its bytes' hash recomputed
 * into actual (fn's struct is borrowed for the call).
 */
int	db_source_check_iter(struct db *db,
	    int (*fn)(const struct source *, const char *actual, void *),
	    void *arg, struct dp_err *err);

#endif
