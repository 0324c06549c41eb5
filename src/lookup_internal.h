/*
 * lookup_internal.h - what the files of one lookup share (lookup_fetch.c,
 * lookup_parse.c, lookup.c, upstream.c): asking a registry or reading
 * its stored answer, and recording facts with the source each came from.
 * Not for other modules.
 */
#ifndef DEPEER_LOOKUP_INTERNAL_H
#define DEPEER_LOOKUP_INTERNAL_H

#include "lookup.h"

/* The parser of an answer: body (len bytes) is source src of l. */
typedef void lk_parse_fn(struct lookup *l, const char *body, size_t len,
    int src);

/* A registry could not be asked or its answer not read. */
void	lk_failed(struct lookup *l, int code);
/* Add a warning line to l. */
void	lk_warn(struct lookup *l, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Record an answer used; returns its index in l->src. */
int	lk_add_src(struct lookup *l, int64_t id, int batch,
	    const char *protocol, const char *server, const char *query,
	    int64_t fetched_at, const char *sha256, size_t size);
/* A new answer: into the batch to store, and into the list used. */
int	lk_add_new_src(struct lookup *l, const char *protocol,
	    const char *server, const char *query, int64_t fetched_at,
	    long status, int has_status, const char *body, size_t len);
/* Where the lookup's new answers go (its batch, or the shared one). */
struct source_batch *lk_new_batch(struct lookup *l);
void	lk_add_origin(struct lookup *l, uint32_t asn, int src);
/* A record's contacts and origins, as facts of source src. */
void	lk_take_record(struct lookup *l, const struct reg_record *r,
	    int src);
/* One answer fewer to wait for; tell the caller when it was the last. */
void	lk_settle(struct lookup *l);
/*
 * Ask protocol's server (a WHOIS host:port, or an HTTPS URL in query)
 * the query, or take a fresh enough stored answer; parse gets it.
 */
void	lk_fetch(struct lookup *l, enum net_kind kind, const char *protocol,
	    const char *host, int port, const char *query, lk_parse_fn *parse);
/*
 * Follow link, found in the RDAP answer fetched from answer_url, to an
 * abuse entity (parse gets it) if it is safe to: https, on answer_url's
 * host or the host of an RDAP server of the IANA bootstrap, on the
 * default port or answer_url's.  Anything else (file:, gopher:, another
 * host or port, credentials) is not asked, with one warning naming the
 * link (its bytes escaped) and why.
 */
void	lk_follow_rdap_link(struct lookup *l, const char *link,
	    const char *answer_url, lk_parse_fn *parse);

/*
 * The neighbour sources (upstream.c) count themselves in l->nb_asked when
 * asked and in l->nb_answered when their answer was read: a run is
 * conclusive about links gone only when the two agree.
 */
#define LK_NEIGHBOURS_ANSWERED(l) ((l)->nb_answered >= (l)->nb_asked)

/* The answers of each registry (lookup_parse.c). */
lk_parse_fn lk_rdap_parsed, lk_cymru_parsed, lk_ripestat_abuse_parsed,
	    lk_ripestat_overview_parsed, lk_routes_parsed;
void	lk_whois_done(struct whois_chain *c, void *arg);

#endif
