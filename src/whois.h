/*
 * whois.h - a WHOIS lookup as a chain of queries: IANA first (for
 * addresses and AS numbers), then the registry it refers to, then ARIN's
 * referral servers (rwhois or another registry) and ResourceLinks for
 * transferred space, at most WHOIS_MAX_HOPS servers and never one twice.
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
#include "db.h"
#include "net.h"
#include "regrec.h"
#include "whois_parse.h"

#define WHOIS_MAX_HOPS		5
#define WHOIS_DEFAULT_START	"whois.iana.org"

/* One query and its answer. */
struct whois_hop {
	char		*server;
	int		 port;
	char		*query;
	char		*raw;		/* the answer's bytes (NUL added) */
	size_t		 rawlen;
	time_t		 fetched_at;
	int		 rc;		/* this hop's network or parse result */
	char		*error;		/* its message, or NULL */
	int64_t		 source_id;	/* the stored answer it came from
					   (a cache hit), or 0: fetched now */
};

struct whois_chain {
	/* set by the caller before whois_chain_start() */
	enum whois_qtype type;
	char		*value;		/* canonical address, prefix or ASN */
	const char	*start;		/* first server; NULL: IANA */
	struct db	*cache;		/* answer from the sources stored
					   there when fetched at or after
					   not_before; NULL: always ask */
	int64_t		 not_before;
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
};

/* Start the chain on net; done() runs from inside net_run(). */
void	whois_chain_start(struct net *net, struct whois_chain *c);
void	whois_chain_release(struct whois_chain *c);

#endif
