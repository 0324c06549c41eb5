/*
 * whois.h - a WHOIS lookup as a chain of queries: IANA first (for
 * addresses and AS numbers), then the registry it refers to, then ARIN's
 * referral servers (rwhois or another registry) and ResourceLinks for
 * transferred space, at most WHOIS_MAX_HOPS servers and never one twice
 * (save ARIN itself once more: when it lists the record in a one-line
 * summary, the record is asked for by its handle, "n + ! HANDLE", and the
 * chain goes on from that full record).
 * Every answer is kept, byte for byte, with the server, the query and the
 * time, so that each fact can be shown with the record it came from.
 *
 * Ownership: the caller owns the struct whois_chain and must keep it, and
 * the struct net, alive until done() has been called.
 */
#ifndef DEPEER_WHOIS_H
#define DEPEER_WHOIS_H

#include <time.h>

#include "buf.h"
#include "net.h"
#include "regrec.h"
#include "source.h"
#include "validate.h"
#include "whois_parse.h"

#define WHOIS_MAX_HOPS		5

/* One query and its answer. */
struct whois_hop {
	char		*server;
	int		 port;
	int		 rwhois;	/* spoken in rwhois (RFC 2167): the
					   referral's scheme said so, or,
					   without one, the port was 4321 */
	int		 handle_query;	/* ARIN asked for a record by its
					   handle, after a summary list */
	char		*query;
	char		*raw;		/* the answer's bytes (NUL added) */
	size_t		 rawlen;
	time_t		 fetched_at;
	int		 rc;		/* this hop's network or parse result */
	char		*error;		/* its message, or NULL */
	int64_t		 source_id;	/* the stored answer it came from
					   (a cache hit), or 0: fetched now */
	int		 batch;		/* with a share: the answer's index
					   in the share's batch when fetched
					   in this run, else -1 */
	int		 reused;	/* the answer was about another
					   address inside the network it
					   names (see whois_share) */
	int		 has_range;	/* an address query's answer: the */
	int		 family;	/* network it names, when it covers */
	unsigned char	 lo[16], hi[16];	/* the address asked */
};

/*
 * Chains run together (a bulk lookup) share their answers.  A registry
 * answers an address query with the most specific network it holds for
 * that address (IANA: the /8; the RIR: its inetnum or NetRange), so the
 * answer is reused for every other address inside that network: asked
 * once, stored once, and named as the source of each result it served.
 * A chain about to ask a server waits when a query to the same server
 * about a nearby address is in flight (same IANA /8 or IPv6 /12, then
 * same /16 and /24, or /32 and /48 for the registries), since its answer
 * may cover this address too; when it does not, the chain asks at the
 * next finer level, and in the end asks itself.  Addresses in IANA's
 * special-purpose blocks are always asked about themselves.
 *
 * The cost: a network registered inside the reused one for this address
 * alone (a reassignment the registry holds for it but did not show for
 * the other address) is not seen.  "lookup --exact" asks about every
 * address.  New answers go into batch, with the ranges they cover, for
 * the caller to store.
 */
struct whois_share;
struct whois_share *whois_share_new(const struct source_reader *cache,
	    struct source_batch *batch);
void	whois_share_free(struct whois_share *s);
/* Queries sent to the network, and answers reused for another address. */
void	whois_share_counts(const struct whois_share *s, size_t *asked,
	    size_t *reused);

struct whois_chain {
	/* set by the caller before whois_chain_start() */
	enum whois_qtype type;
	char		*value;		/* canonical address, prefix or ASN */
	const char	*start;		/* first server (the configured
					   whois_server, IANA's by default) */
	int		 start_port;	/* its port; 0: 43 */
	const struct source_reader *cache;	/* fresh stored answers
					   (srcstore.h); NULL: always ask */
	struct whois_share *share;	/* or NULL: a chain of its own */
	void		(*done)(struct whois_chain *, void *);
	void		*arg;
	/* results, valid in done() */
	int		 rc;		/* 0 when rec holds an answer */
	struct dp_err	 err;
	struct reg_record rec;		/* the most specific answer */
	int		 rec_hop;	/* index of the hop it came from */
	struct whois_hop *hops;
	size_t		 nhops;
	char		**warnings;	/* what the chain could not do: a
					   referral not followed, a later
					   server that failed after an
					   earlier one answered */
	size_t		 nwarnings;
	/* private */
	struct net	*net;
	struct net_req	 req;
	struct ipnet	 addr;		/* WQ_ADDR: value parsed */
	char		*park_host;	/* waiting on another chain's query */
	int		 park_port;
	int		 park_rwhois;
	int		 park_level;
	struct whois_chain *next_waiter;
};

/* Start the chain on net; done() runs from inside net_run(). */
void	whois_chain_start(struct net *net, struct whois_chain *c);
/*
 * The protocol an answer from port is stored under: "rwhois" for ARIN's
 * referral servers (NET_PORT_RWHOIS), else "whois".
 */
const char *whois_protocol(int port);
/*
 * The protocol a hop's answer is stored under ("rwhois" or "whois") and
 * the format it is read in: the referral's scheme decides, the port only
 * when there was none (see whois_hop.rwhois).
 */
const char *whois_hop_protocol(const struct whois_hop *h);
enum whois_fmt whois_hop_fmt(const struct whois_hop *h);
void	whois_chain_release(struct whois_chain *c);

#endif
