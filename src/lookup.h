/*
 * lookup.h - resolving an address, a prefix or an AS number through the
 * registries: WHOIS (with referrals), RDAP, Team Cymru, RIPEstat and the
 * IRR, each answer kept as a source, answered from the stored sources when
 * they are fresh enough, and the facts combined with the source each came
 * from.
 *
 * The work is split by job: lookup_fetch.c (asking, or reading the store,
 * and recording facts with their source), lookup_parse.c (each registry's
 * answer), lookup.c (which registries to ask; storing), upstream.c
 * (upstream discovery), contacts.c (ranking), resolve_json.c (JSON).
 *
 * Ownership: the caller owns struct lookup (lookup_init/lookup_release)
 * and the struct resolver it runs on.
 */
#ifndef DEPEER_LOOKUP_H
#define DEPEER_LOOKUP_H

#include <stdint.h>

#include <jansson.h>

#include "contacts.h"
#include "cymru.h"
#include "net.h"
#include "regrec.h"
#include "resolver.h"
#include "source.h"
#include "source_ref.h"
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

/* One answer this lookup used: fetched now (batch >= 0) or stored. */
struct lk_src {
	struct source_ref ref;		/* ref.cached: batch < 0 */
	int		 batch;		/* index in the lookup's batch (or the
					   shared one), or -1 */
};

/* A contact address and the answer it came from. */
struct lk_contact {
	char		*email;
	enum reg_role	 role;
	char		*via;
	char		*handle;
	int		 src;		/* index in lookup.src */
	char		*from;		/* the enclosing record it was taken
					   from (reg_contact.from), or NULL */
};

/* An origin AS and the answer that named it. */
struct lk_origin {
	uint32_t	 asn;
	int		 src;
	char		*from;		/* the enclosing record that stated it
					   (reg_record.origins_from), or NULL */
};

struct upstream_cand;		/* upstream.h */
struct rdap_bootstrap;

struct lookup {
	/* input */
	char		*input;		/* as typed */
	enum lk_type	 type;
	struct ipnet	 net;		/* LK_ADDR, LK_PREFIX */
	uint32_t	 asn;		/* LK_ASN */
	char		 value[IPNET_STRLEN];	/* canonical text */
	unsigned	 want;		/* LK_* */
	const struct resolver_endpoints *ep;	/* the resolver's
					   (lookup_start) */
	const struct source_reader *cache;	/* fresh stored answers, or
					   NULL (lookup_start) */
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
	/* upstream discovery (upstream.c: upstream_start()) */
	char		 peer_ip[IPNET_STRLEN];	/* for Team Cymru's peers */
	struct upstream_cand *ups;	/* the candidates */
	size_t		 nups;
	int		 nb_asked;	/* neighbour sources asked (RIPEstat, */
	int		 nb_answered;	/* IRR, Team Cymru peers); answered */
	/* what another module hung on the lookup, released by
	   lookup_release() (upstream.c's candidates), or NULL */
	void		(*release_ext)(struct lookup *);
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
/* Whether input would make a lookup: 0, or lookup_init()'s error. */
int	lookup_check(const char *input, struct dp_err *err);
/*
 * Queue the lookup's first requests on r's loop (they run in net_run()),
 * answering from r's store what is fresh there.  r must outlive l's
 * requests.
 */
void	lookup_start(struct lookup *l, struct resolver *r);
/*
 * After net_run(): store the new answers in db (one "lookup" audit
 * entry), and fill in their ids.  Nothing to store, or no db, is no
 * error.
 */
int	lookup_store(struct lookup *l, struct db *db, struct dp_err *err);
/* The same inside the caller's open transaction (srcstore_write_batch). */
int	lookup_write(struct lookup *l, struct db *db, struct dp_err *err);
/*
 * One lookup from start to end on r: asked (or served from the store),
 * the new answers stored, the contacts ranked (contacts_rank()).
 * Returns the status of storing (err filled); the lookup's own failures
 * are in l->warnings, l->answered and l->worst_rc.
 */
int	lookup_run(struct resolver *r, struct lookup *l, struct dp_err *err);
/*
 * The contacts of query (an AS number or an address) through WHOIS, RDAP
 * and RIPEstat on r, the answers stored in r's store.  Returns 0 with
 * *out filled (out->store_rc says whether the answers were stored), or
 * DP_EX_DATAERR with err filled for a query that is neither.
 */
int	lookup_contacts(struct resolver *r, const char *query,
	    struct contacts_result *out, struct dp_err *err);
/*
 * Bulk: Team Cymru's rows about the lookup's address from one answer for
 * many (stored as source id, or batch in the shared batch); label is the
 * query as shown in the result, size the answer's.
 */
void	lookup_take_cymru(struct lookup *l, const struct cymru_row *rows,
	    size_t n, int64_t id, int batch, const char *server,
	    const char *label, int64_t fetched_at, const char *sha256,
	    size_t size);
/* Bulk: the ids of the answers in the shared batch, once stored. */
void	lookup_fill_ids(struct lookup *l);
/* Bulk: a part of the lookup done elsewhere failed (code, message). */
void	lookup_note_failure(struct lookup *l, int code, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* The record the block facts come from (WHOIS, else RDAP), or NULL. */
const struct reg_record *lookup_record(const struct lookup *l);
/* The source a fact cites (its index in l->src), or NULL for -1. */
const struct source_ref *lookup_src(const struct lookup *l, int src);
/* The AS name a lookup of an AS number found (WHOIS, else RDAP). */
const char *lookup_asn_name(const struct lookup *l);

/* ---- rendering (resolve_json.c) ---- */

/* The documented JSON result (see depeer-lookup(1)); a new reference. */
json_t	*lookup_to_json(const struct lookup *l);
/*
 * The same, written straight to text at the end of b: the bytes of
 * lookup_to_json()'s dump with JSON_INDENT(2) | JSON_PRESERVE_ORDER,
 * every line after the first indented by indent more spaces (a bulk
 * run's array elements), with no tree built (jsonw.h).
 */
struct buf;
void	lookup_json_write(struct buf *b, const struct lookup *l, int indent);

#endif
