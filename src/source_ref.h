/*
 * source_ref.h - a citation of a stored registry answer: which answer
 * (its id, once stored), whom depeer asked what and when, the SHA-256
 * and size of the bytes, and how this result came by it (served from
 * the store, or reused from an answer about a nearby address).  Every
 * JSON output that cites a source uses source_ref_to_json(), so a source
 * has one shape everywhere (lookup, contacts, upstreams, bulk).
 *
 * Ownership: struct source_ref owns its strings (source_ref_release).
 */
#ifndef DEPEER_SOURCE_REF_H
#define DEPEER_SOURCE_REF_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "hash.h"

struct source_ref {
	int64_t		 id;		/* stored id; 0 until stored */
	char		*protocol;	/* whois rwhois rdap cymru ripestat
					   irr dns */
	char		*server;	/* "whois.arin.net:43" or a host */
	char		*query;		/* the query line or the URL */
	int64_t		 fetched_at;
	char		 sha256[SHA256_HEXLEN];	/* of the bytes */
	size_t		 size;		/* of the bytes */
	int		 cached;	/* served from the store */
	int		 reused;	/* about another address inside the
					   network it names (lookup --bulk) */
};

/* Fill r with copies of the strings; the other fields are set by hand. */
void	source_ref_set(struct source_ref *r, int64_t id,
	    const char *protocol, const char *server, const char *query,
	    int64_t fetched_at, const char *sha256, size_t size);
/* A deep copy of src into dst. */
void	source_ref_copy(struct source_ref *dst, const struct source_ref *src);
void	source_ref_release(struct source_ref *r);
/*
 * The documented JSON (a new reference): {id, protocol, server, query,
 * fetched_at, sha256, size, cached, reused}; id is null until stored.
 */
json_t	*source_ref_to_json(const struct source_ref *r);
/* source_ref_to_json(r), or JSON null for a NULL r. */
json_t	*source_ref_to_json_or_null(const struct source_ref *r);

#endif
