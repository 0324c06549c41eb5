/*
 * upstream.h - the upstream transit providers of a provider's origin
 * ASes: discovered three ways (RIPEstat asn-neighbours, the aut-num
 * policy in the IRR, Team Cymru's peers of an address the AS announces),
 * scored with named weights, recorded over time (first seen, last seen)
 * with the stored answers behind each link, and returned with each
 * upstream's ranked contacts: what a complaint to an upstream needs.
 *
 * Ownership: struct upstream_result owns everything in it
 * (upstream_result_release).
 */
#ifndef DEPEER_UPSTREAM_H
#define DEPEER_UPSTREAM_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "contacts.h"
#include "source_ref.h"
#include "util.h"

struct db;
struct lookup;
struct resolver;
struct upstream_seen;
struct bgp_hist;

/*
 * The scores (upstream_score()), each a named weight:
 *   RIPEstat left neighbour     UP_W_LEFT + UP_W_PATHS * min(1, paths /
 *                               UP_PATHS_FULL) (UP_PATHS_UNKNOWN when
 *                               RIPEstat gives no path count)
 *   IRR "import from X accept ANY"   + UP_W_IRR, UP_W_IRR_CONFIRMED with
 *                               a matching export
 *   Team Cymru peer             + UP_W_PEER (UP_W_PEER alone)
 *   seen on both sides in RIPEstat, called a customer in the IRR, or seen
 *   only downstream by RIPEstat: times UP_DISAGREE, and said so in the
 *   evidence
 *   RIPEstat "uncertain" alone  0 (a route collector's session, not
 *                               transit)
 *   BGP left neighbour in the    UP_W_BGP + UP_W_PATHS * min(1, vantage
 *   case's imports (bgp import)  points / UP_BGP_VANTAGE_FULL), instead of
 *                               the RIPEstat part when larger (the same
 *                               kind of evidence, not added twice); 0
 *                               when the inferred relationship is
 *                               peer-peer (not transit), and times
 *                               UP_DISAGREE when it makes the candidate
 *                               the origin's customer
 * capped at UP_MAX.  Candidates at 0 are dropped.
 */
#define UP_W_LEFT		0.5
#define UP_W_PATHS		0.2
#define UP_PATHS_FULL		100.0
#define UP_PATHS_UNKNOWN	0.5	/* the share of UP_W_PATHS given
					   without a path count */
#define UP_W_IRR		0.25
#define UP_W_IRR_CONFIRMED	0.3
#define UP_W_PEER		0.1
#define UP_DISAGREE		0.5
#define UP_MAX			1.0
#define UP_W_BGP		0.5
#define UP_BGP_VANTAGE_FULL	10.0	/* vantage points for the full
					   UP_W_PATHS share */

/* At most this many upstreams of one origin get their contacts looked up
   and are recorded. */
#define UP_MAX_UPSTREAMS	10

/* One reason to think an AS is an upstream (or is not). */
struct upstream_cand_ev {
	char		*method;	/* "ripestat", "irr", "cymru",
					   "bgp", "depeer" */
	char		*detail;	/* "left neighbour in 226 AS paths" */
	int		 src;
};

/* A candidate upstream of an AS lookup (struct lookup.ups). */
struct upstream_cand {
	uint32_t	 asn;
	double		 confidence;	/* 0..1, see upstream_score() */
	int		 left, right, uncertain, both;	/* RIPEstat */
	long		 power;		/* RIPEstat AS paths, -1 unknown */
	int		 irr_import;	/* import ... accept ANY */
	int		 irr_confirmed;	/* and a matching export */
	int		 irr_customer;	/* export ... announce ANY: ours */
	int		 cymru_peer;
	int		 bgp;		/* seen in a bgp import */
	int64_t		 bgp_paths, bgp_vantage;
	int		 bgp_rel;	/* enum asrel_role: the candidate
					   towards the origin */
	struct upstream_cand_ev	*ev;
	size_t		 nev;
};

/*
 * Free l's candidates (set as l->release_ext when the first one is
 * found, so lookup_release() calls it).
 */
void	upstream_release_candidates(struct lookup *l);

/*
 * Also find the upstreams of an AS lookup (after lookup_start()): RIPEstat
 * asn-neighbours, the aut-num in the IRR, and, when peer_ip (an address
 * the AS originates) is given, Team Cymru's peers.
 */
void	upstream_start(struct lookup *l, const char *peer_ip);
/* Score l's candidates (after net_run()), best first; see above. */
void	upstream_score(struct lookup *l);
/* The confidence as shown (two decimals, rounded half up). */
double	upstream_confidence_shown(double c);

/* One reason to think an AS is an upstream (or is not). */
struct upstream_ev {
	char		*method;	/* "ripestat", "irr", "cymru",
					   "depeer" */
	char		*detail;	/* "left neighbour in 226 AS paths" */
	struct source_ref *src;		/* the stored answer, or NULL */
};

struct upstream {
	uint32_t	 asn;
	char		*name;		/* the AS name, or NULL */
	double		 confidence;	/* 0..1 */
	int64_t		 first_seen;	/* recorded: the first run that */
	int64_t		 last_seen;	/* found it, and this one */
	struct upstream_ev *ev;
	size_t		 nev;
	struct contact	*contacts;	/* ranked (contacts.h) */
	size_t		 ncontacts;
};

/* One origin AS of the provider and its upstreams, best first. */
struct upstream_origin {
	uint32_t	 asn;
	char		*name;		/* or NULL */
	struct upstream	*ups;
	size_t		 nups;
	char		**warnings;	/* the origin's, then "ASn: ..." of
					   each upstream's lookup */
	size_t		 nwarnings;
	int		 inconclusive;	/* a source of neighbours did not
					   answer: links not seen are not
					   taken as gone */
};

struct upstream_result {
	char		*query;		/* as given */
	char		*provider;	/* the provider's name, or NULL for an
					   AS number */
	struct upstream_origin *origins;
	size_t		 norigins;
	int		 answered;	/* registries whose answer was read */
};
void	upstream_result_release(struct upstream_result *res);

/*
 * The upstreams of query (a provider's name or id, or an AS number) on
 * r: for each origin AS, its upstreams with their ranked contacts and
 * the stored answers behind each link; the answers and the links are
 * stored in r's store (one transaction per origin, with its audit
 * entries).  Returns 0 with *out filled (out->answered 0: no registry
 * answered), or an error code with err filled: DP_EX_DATAERR for a
 * provider without AS numbers or a bad AS number, DP_EX_NOINPUT for
 * neither a provider nor an AS number, a store error (then nothing was
 * stored: the answers and the links are written in one transaction,
 * with a "lookup" audit entry per lookup and an "upstreams" entry per
 * origin, see upstream_record()).
 */
int	upstream_find(struct resolver *r, const char *query,
	    struct upstream_result *out, struct dp_err *err);

/*
 * Record origin o's links as seen at now, inside the caller's open
 * transaction: each upstream's row (first_seen kept, last_seen now,
 * first_seen and last_seen filled into o), the stored answers that
 * showed it, and one "upstreams" audit entry (subject "upstreams:ASn")
 * whose payload holds each link's hash (uplink_payload()), at now:
 * the rows' last_seen names the entry.  Evidence without a stored answer
 * is not recorded.  An origin without upstreams gets an entry with no
 * links (every earlier link is then gone since now) only when every
 * source of neighbours answered; an inconclusive one writes nothing.
 * An inconclusive origin with upstreams records them under an entry
 * whose payload has "inconclusive": true, which is not a run for
 * db_upstream_history(): the links it did not see are not gone.
 */
int	upstream_record(struct db *db, struct upstream_origin *o,
	    int64_t now, struct dp_err *err);

/* ---- history: what the case recorded, without asking anyone ---- */

/* One origin AS and every link recorded for it (db_upstream_history()). */
struct upstream_history_origin {
	uint32_t	 asn;
	int64_t		 last_run;	/* its latest "upstreams" run, 0 none */
	struct upstream_seen *links;	/* current first, then gone */
	size_t		 nlinks;
	struct bgp_hist	*bgp;		/* the BGP observations of the
					   origin over the imports
					   (bgp_store.h) */
};

struct upstream_history {
	char		*query;		/* as given */
	char		*provider;	/* the provider's name, or NULL */
	struct upstream_history_origin *origins;
	size_t		 norigins;
};

/*
 * The recorded upstream links of query (a provider's name or id, or an AS
 * number; as for upstream_find()) from db alone: every link ever seen for
 * each origin AS, with first and last seen, current or gone since the
 * first run that did not see it; and the origin's BGP observations over
 * the imports (bgp_store_history()).  Returns 0 with *out filled (release
 * with upstream_history_release()) or an error code with err filled.
 */
int	upstream_history(struct db *db, const char *query,
	    struct upstream_history *out, struct dp_err *err);
void	upstream_history_release(struct upstream_history *h);
/* The documented JSON (see depeer-upstreams(1)); a new reference. */
json_t	*upstream_history_to_json(const struct upstream_history *h);

/* ---- rendering (resolve_json.c) ---- */

/* The documented JSON (see depeer-upstreams(1)); a new reference. */
json_t	*upstream_result_to_json(const struct upstream_result *res);

#endif
