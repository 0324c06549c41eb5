/*
 * watch.h - "depeer watch": each provider's upstreams and routing
 * visibility asked again (RIPEstat asn-neighbours, routing-status and
 * announced-prefixes of each origin AS), compared with the state the
 * last recorded run saw, and what changed recorded as provider events
 * (event_store.h), each citing the stored answer that shows it.
 *
 * The state is not kept in a table of its own: a run that records
 * anything (the first, the baseline; later, a change) stores the answers
 * it read, with one "lookup" entry whose subject is WATCH_SUBJECT_FMT,
 * and the last state is read back from those answers.  What a run
 * concluded is so always the stored answers themselves, which verify
 * already holds to their entries.  A run that finds nothing changed
 * writes nothing.
 *
 * Upstreams here are what RIS saw: the left neighbours in
 * asn-neighbours (not those seen on both sides, not the "uncertain"
 * ones, not the provider's own ASes).  The IRR's aut-num policy and
 * Team Cymru's peers, which "depeer upstreams" also weighs, are left
 * out: an aut-num keeps listing an upstream long after the session is
 * gone, so it cannot show a de-peering.
 *
 * Ownership: struct watch_item owns everything in it
 * (watch_items_free()).
 */
#ifndef DEPEER_WATCH_H
#define DEPEER_WATCH_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "event.h"
#include "util.h"

struct db;
struct resolver;

#define WATCH_SUBJECT_FMT	"watch:provider:%lld"
/* How far back a run looks for the provider's last state online. */
#define WATCH_MAX_RUNS_BACK	1000

/* ---- the pure part: answers in, state out, states compared ---- */

/* What one origin AS's three answers show. */
struct watch_origin {
	uint32_t	 asn;
	uint32_t	*ups;		/* left neighbours, sorted */
	size_t		 nups;
	size_t		 announced;	/* prefixes announced at the end of
					   the window */
	size_t		 withdrawn;	/* seen in the window, not at its
					   end */
	long		 seeing;	/* RIS peers seeing it (v4 + v6), -1
					   not given */
	int64_t		 src_nb, src_ap, src_rs;	/* stored answers,
					   0 while not stored */
};
void	watch_origin_release(struct watch_origin *o);

/*
 * Read origin asn's asn-neighbours (nb), announced-prefixes (ap) and
 * routing-status (rs) answers into *o; own (n) are the provider's ASes,
 * never taken as upstreams.  0, or the parser's error (DP_EX_PROTOCOL,
 * DP_EX_TEMPFAIL for a RIPEstat error status) with err filled.
 */
int	watch_origin_read(uint32_t asn, const uint32_t *own, size_t nown,
	    const char *nb, size_t nblen, const char *ap, size_t aplen,
	    const char *rs, size_t rslen, struct watch_origin *o,
	    struct dp_err *err);
/* Online: a prefix announced at the window's end, or RIS peers seeing
   one (RIPEstat's announced-prefixes leaves out routes fewer than 10
   peers see). */
int	watch_origin_online(const struct watch_origin *o);

/* A provider's state: the union over its origins. */
struct watch_state {
	int		 online;
	uint32_t	*ups;		/* sorted, distinct */
	size_t		 nups;
};
void	watch_state_of(const struct watch_origin *v, size_t n,
	    struct watch_state *s);
void	watch_state_release(struct watch_state *s);

/* The last recorded run's state, and the upstreams of the last one
   that saw the provider online (the ones a return is compared with). */
struct watch_prev {
	int		 known;		/* 0: never watched (a baseline) */
	struct watch_state last;
	int		 have_online;
	uint32_t	*online_ups;
	size_t		 nonline_ups;
};
void	watch_prev_release(struct watch_prev *p);

/* A change found: an event kind and its upstream (0: none). */
struct watch_change {
	char		 kind[16];
	uint32_t	 asn;
};

/*
 * The changes from prev to now, in this order: offline; each upstream
 * lost, each gained (by AS number); back-online or rehomed.  None when
 * prev is not known (the baseline) or nothing changed.
 *   upstream-lost / -gained   an upstream no longer seen / newly seen
 *   offline       online before, not now
 *   back-online   online again, behind none but upstreams seen when it
 *                 was last online (or nothing known of those)
 *   rehomed       online again behind an upstream not among those; or
 *                 online before and now, behind none of the upstreams
 *                 it had (transit replaced between two runs); its asn
 *                 is the lowest new upstream
 * *v (caller frees) of *n.
 */
void	watch_compare(const struct watch_prev *prev,
	    const struct watch_state *now, struct watch_change **v,
	    size_t *n);

/* ---- the service ---- */

enum watch_status {
	WATCH_BASELINE,		/* first run: the state recorded, no events */
	WATCH_CHANGED,		/* events recorded */
	WATCH_UNCHANGED,	/* nothing written */
	WATCH_SKIPPED,		/* no AS number (only when not named) */
	WATCH_FAILED		/* err says why; nothing written */
};

struct watch_item {
	char		*provider;	/* its name, or the key as given */
	int64_t		 provider_id;	/* 0 when not found */
	enum watch_status status;
	struct watch_state state;	/* as seen now */
	struct watch_origin *origins;
	size_t		 norigins;
	int64_t		*sources;	/* stored by this run */
	size_t		 nsources;
	struct pevent	*events;	/* recorded by this run */
	size_t		 nevents;
	char		**notes;	/* the answers' notes, "AS1: ..." */
	size_t		 nnotes;
	struct dp_err	 err;
};
void	watch_items_free(struct watch_item *v, size_t n);

/*
 * Watch the providers named in keys (names or ids; n 0: every active
 * provider, those without an AS number skipped) on r: *items gets one
 * item per provider, in order.  Each provider's compare and record is
 * one transaction that reads the last state inside it, so two runs at
 * once never record one change twice.  Returns 0 (the items say which
 * failed), or an error code with err filled when the providers cannot
 * be listed.
 */
int	watch_run(struct resolver *r, char *const *keys, size_t n,
	    struct watch_item **items, size_t *nitems, struct dp_err *err);

/* The documented JSON of an item (depeer-watch(1)); a new reference. */
json_t	*watch_item_to_json(const struct watch_item *it);
/* "baseline", "changed", "unchanged", "skipped", "failed". */
const char *watch_status_name(enum watch_status s);

#endif
