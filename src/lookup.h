/*
 * lookup.h - resolving an address, a prefix or an AS number through the
 * registries: WHOIS (with referrals), RDAP, Team Cymru, RIPEstat and the
 * IRR, each answer kept as a source, answered from the stored sources when
 * they are fresh enough, and the facts combined with the source each came
 * from.
 *
 * Ownership: the caller owns struct lookup (lookup_init/lookup_release)
 * and the struct net it runs on.
 */
#ifndef DEPEER_LOOKUP_H
#define DEPEER_LOOKUP_H

#include <stdint.h>

#include <jansson.h>

#include "cymru.h"
#include "net.h"
#include "regrec.h"
#include "source.h"
#include "validate.h"
#include "whois.h"

/* Which registries to ask. */
#define LK_WHOIS	0x01
#define LK_RDAP		0x02
#define LK_CYMRU	0x04
#define LK_RIPESTAT	0x08
#define LK_IRR		0x10
#define LK_ALL		0x1f

/* Parse "whois", "rdap", ..., "all" into LK_* bits; 0 if unknown. */
unsigned lookup_source_bit(const char *name);

enum lk_type { LK_ADDR, LK_PREFIX, LK_ASN };

/* A WHOIS server: host name or address (no brackets), and port. */
struct lk_host {
	const char	*name;
	int		 port;
};

/*
 * Where the registries are: the WHOIS servers, the RIPEstat base URL.
 * The defaults are the real services; "depeer config" overrides them.
 */
struct lk_endpoints {
	struct lk_host	 whois;		/* where WHOIS chains start */
	struct lk_host	 cymru;		/* Team Cymru IP to ASN */
	struct lk_host	 cymru_peer;	/* Team Cymru peers */
	struct lk_host	 irr;		/* IRR for aut-num and routes */
	const char	*ripestat;	/* RIPEstat Data API base URL */
	const char	*sourceapp;	/* RIPEstat's sourceapp */
};
extern const struct lk_endpoints lk_default_endpoints;
/*
 * The host (with its ":port", if any) of an https:// URL into host: 0, or
 * -1 for a URL that is not https or names no host.
 */
int	lk_url_host(const char *url, char host[256]);

/* One answer this lookup used: fetched now (batch >= 0) or stored. */
struct lk_src {
	int64_t		 id;		/* stored id; 0 until stored */
	int		 batch;		/* index in the lookup's batch (or the
					   shared one), or -1 */
	int		 reused;	/* about another address inside the
					   network it names (lookup --bulk) */
	char		*protocol;
	char		*server;
	char		*query;
	int64_t		 fetched_at;
	char		 sha256[SHA256_HEXLEN];
};

/* A contact address and the answer it came from. */
struct lk_contact {
	char		*email;
	enum reg_role	 role;
	char		*via;
	char		*handle;
	int		 src;		/* index in lookup.src */
};

/* An origin AS and the answer that named it. */
struct lk_origin {
	uint32_t	 asn;
	int		 src;
};

/* One reason to think an AS is an upstream (or is not). */
struct lk_ev {
	char		*method;	/* "ripestat", "irr", "cymru" */
	char		*detail;	/* "left neighbour in 226 AS paths" */
	int		 src;
};

/* A candidate upstream of the looked-up AS. */
struct lk_upstream {
	uint32_t	 asn;
	double		 confidence;	/* 0..1, see lookup_upstreams_score() */
	int		 left, right, uncertain, both;	/* RIPEstat */
	long		 power;		/* RIPEstat AS paths, -1 unknown */
	int		 irr_import;	/* import ... accept ANY */
	int		 irr_confirmed;	/* and a matching export */
	int		 irr_customer;	/* export ... announce ANY: ours */
	int		 cymru_peer;
	struct lk_ev	*ev;
	size_t		 nev;
};

struct rdap_bootstrap;

struct lookup {
	/* input */
	char		*input;		/* as typed */
	enum lk_type	 type;
	struct ipnet	 net;		/* LK_ADDR, LK_PREFIX */
	uint32_t	 asn;		/* LK_ASN */
	char		 value[IPNET_STRLEN];	/* canonical text */
	unsigned	 want;		/* LK_* */
	const struct lk_endpoints *ep;	/* lk_default_endpoints unless set */
	struct db	*db;		/* for the cache; may be NULL */
	int64_t		 not_before;	/* cache: answers fetched since */
	/* bulk (set before lookup_start): new answers go into shared
	   instead of batch, and WHOIS answers are shared through share */
	struct source_batch *shared;
	struct whois_share *share;
	void		(*on_done)(struct lookup *, void *);	/* once, when
					   every answer is in */
	void		*on_done_arg;
	/* results */
	struct lk_src	*src;
	size_t		 nsrc;
	struct source_batch batch;	/* new answers, to store */
	struct whois_chain whois;
	int		 whois_src;	/* lk_src of the WHOIS record, or -1 */
	struct reg_record rdap;
	int		 rdap_src;
	struct cymru_row *cymru;
	size_t		 ncymru;
	int		 cymru_src;
	struct ipnet	*irr_routes;	/* an AS number's registered routes */
	size_t		 nirr_routes;
	int		 irr_src;
	struct lk_contact *contacts;	/* best role first, in the order
					   the answers gave them */
	size_t		 ncontacts;
	struct lk_origin *origins;
	size_t		 norigins;
	char		**warnings;	/* one line per source that failed */
	size_t		 nwarnings;
	/* upstream discovery (lookup_want_upstreams) */
	int		 upstreams;
	char		 peer_ip[IPNET_STRLEN];	/* for Team Cymru's peers */
	struct lk_upstream *ups;
	size_t		 nups;
	int		 answered;	/* registries whose answer was read */
	int		 nfailed;	/* answers that failed */
	int		 worst_rc;	/* of those that failed: 76 if any
					   answer was unreadable, else the
					   first failure's code */
	/* private */
	struct net	*netloop;
	struct rdap_bootstrap *bootstrap;
	void		*priv_fetches;
	int		 pending;
};

/*
 * Parse input (an address, a CIDR prefix, or an AS number) into l; err
 * says what is wrong with it (DP_EX_DATAERR).
 */
int	lookup_init(struct lookup *l, const char *input, unsigned want,
	    struct dp_err *err);
void	lookup_release(struct lookup *l);
/* Queue the lookup's first requests on net (runs in net_run()). */
void	lookup_start(struct lookup *l, struct net *net,
	    struct rdap_bootstrap *bootstrap);
/* After net_run(): store the new answers (one audit entry), fill ids. */
int	lookup_store(struct lookup *l, struct dp_err *err);
/*
 * Also find the upstreams of an AS lookup: RIPEstat asn-neighbours, the
 * aut-num policy in the IRR (whois.radb.net), and, when peer_ip (an
 * address the AS originates) is given, Team Cymru's peers.  Call before
 * lookup_start().
 */
void	lookup_want_upstreams(struct lookup *l, const char *peer_ip);
/*
 * Score the candidates (after net_run()), best first:
 *   RIPEstat left neighbour     0.5 + 0.2 * min(1, paths / 100)
 *                               (0.6 when RIPEstat gives no path count)
 *   IRR "import from X accept ANY"   + 0.25, + 0.05 with a matching export
 *   Team Cymru peer             + 0.1 (0.1 alone)
 *   seen on both sides in RIPEstat, called a customer in the IRR, or seen
 *   only downstream by RIPEstat: halved, and said so in the evidence
 *   RIPEstat "uncertain" alone  0 (a route collector's session, not
 *                               transit)
 * capped at 1.  Candidates at 0 are dropped.
 */
void	lookup_upstreams_score(struct lookup *l);
/*
 * Bulk: Team Cymru's rows about the lookup's address from one answer for
 * many (stored as source id, or batch in the shared batch); label is the
 * query as shown in the result.
 */
void	lookup_take_cymru(struct lookup *l, const struct cymru_row *rows,
	    size_t n, int64_t id, int batch, const char *server,
	    const char *label, int64_t fetched_at, const char *sha256);
/* Bulk: the ids of the answers in the shared batch, once stored. */
void	lookup_fill_ids(struct lookup *l);
/* Bulk: a part of the lookup done elsewhere failed (code, message). */
void	lookup_note_failure(struct lookup *l, int code, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* The record the block facts come from (WHOIS, else RDAP), or NULL. */
const struct reg_record *lookup_record(const struct lookup *l);
/* Rank and de-duplicate the contacts (after net_run()). */
void	lookup_finish(struct lookup *l);
/* The documented JSON result (see depeer-lookup(1)); a new reference. */
json_t	*lookup_to_json(const struct lookup *l);

#endif
