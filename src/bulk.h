/*
 * bulk.h - many addresses, prefixes and AS numbers resolved together on
 * one network loop ("lookup --bulk", later attribution): WHOIS answers
 * shared between the lookups (whois.h, struct whois_share), Team Cymru
 * asked about all addresses in bulk queries of BULK_CYMRU_CHUNK, stored
 * answers reused where they cover an address, and the new answers stored
 * as the run goes (every BULK_COMMIT_EVERY answers or BULK_COMMIT_SECS),
 * one audit entry per commit, so that an interrupted run keeps them.
 * At most BULK_WINDOW lookups are started and not yet emitted at once, so
 * that the memory of a run grows by its struct bulk_item for each
 * indicator waiting its turn, not by a lookup with its requests.
 * Prints nothing: progress goes to a callback.
 *
 * Ownership: the caller owns struct bulk (bulk_init / bulk_release); each
 * item's lookup is lent to the emit() callback, then released.
 */
#ifndef DEPEER_BULK_H
#define DEPEER_BULK_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "lookup.h"
#include "util.h"

struct resolver;

/* At most this many indicators in one run; longer files are split. */
#define BULK_MAX		100000
/* A line longer than this is not an indicator. */
#define BULK_LINE_MAX		1024
/* Addresses per Team Cymru bulk query (its answer stays under 1 MiB). */
#define BULK_CYMRU_CHUNK	5000
/* Store the answers gathered so far after this many, or this long. */
#define BULK_COMMIT_EVERY	500
#define BULK_COMMIT_SECS	10
/* Lookups started and not yet emitted, at most. */
#define BULK_WINDOW		BULK_CYMRU_CHUNK

struct bulk;

struct bulk_item {
	char		*input;		/* as given */
	char		 value[IPNET_STRLEN];	/* canonical (duplicates) */
	size_t		 line;		/* where it was first given */
	int		 repeat;	/* given before: dropped */
	/* while it runs (bulk_run): its lookup, made when it starts and
	   released once emitted, so that a run holds only the lookups
	   not yet done and printed */
	struct lookup	*l;
	int		 waiting;	/* parts not answered yet */
	int		 emitted;	/* given to emit() */
	/* kept once emitted, for the messages and the exit status */
	int		 answered;	/* registries whose answer was read */
	int		 worst_rc;	/* lookup.h */
	char		*why;		/* answered == 0: the first warning,
					   or NULL */
	struct bulk	*bulk;
};

struct bulk_chunk;
struct cymru_cache;

struct bulk {
	struct bulk_item *items;
	size_t		 n;
	size_t		 ndone;		/* items with every answer in */
	/*
	 * Called once for each item, in the order of the file, as soon as
	 * it and every item before it are done and their new answers are
	 * stored (so that their ids are known): the lookup, its contacts
	 * ranked, is released after.  Interrupted, the items done are
	 * given at the end, those not done left out.  May be NULL.
	 */
	void		(*emit)(const struct bulk *b, size_t i,
			    const struct lookup *l, void *arg);
	void		*emit_arg;
	/* called after each answer, and once more with last set at the end
	   (may be NULL) */
	void		(*progress)(const struct bulk *b, int last, void *arg);
	void		*progress_arg;
	/* set by a signal handler to end the run early (may be NULL):
	   what was fetched is stored, the items not done are left so */
	volatile sig_atomic_t *stop;
	/* after bulk_run() */
	int		 interrupted;	/* ended early by stop: only the
					   items with waiting == 0 are done */
	size_t		 stored;	/* new answers stored in all */
	int		 whois_shared;	/* answers were shared (not exact) */
	size_t		 whois_asked;	/* WHOIS queries sent */
	size_t		 whois_reused;	/* answers reused for another item */
	size_t		 nchunks;	/* Team Cymru bulk queries */
	size_t		 cymru_cached;	/* Team Cymru rows from the store */
	int		 store_rc;	/* the first failure to store, and */
	struct dp_err	 store_err;	/* its message; the run went on */
	/* private */
	struct source_batch shared;
	size_t		 committed;	/* shared.v[0..committed) stored */
	size_t		 next_emit;	/* items[0..next_emit) emitted */
	unsigned	 want;
	time_t		 last_commit;
	char		 subject[64];
	struct bulk_chunk **chunks;	/* nchunks of them */
	struct resolver	*r;
	size_t		 cap;		/* items allocated */
	/* the window of lookups (bulk.c: BULK_WINDOW) */
	size_t		 next_start;	/* items[0..next_start) started */
	size_t		*ask;		/* started items for the next Team */
	size_t		 nask;		/* Cymru query, in order */
	size_t		 askcap;
	struct cymru_cache *cc;		/* stored Team Cymru answers read */
	struct whois_share *share;
};

void	bulk_init(struct bulk *b);
void	bulk_release(struct bulk *b);
/*
 * Add one indicator (an address, a prefix or an AS number; line says
 * where it came from, for messages, or 0).  DP_EX_DATAERR with err saying
 * what is wrong with it, or that there are more than BULK_MAX.  A repeat
 * is kept once, where it was first given, when the run starts.
 */
int	bulk_add(struct bulk *b, const char *indicator, size_t line,
	    struct dp_err *err);
/*
 * Read the indicators of path ("-": standard input), one a line ('#'
 * starts a comment; blank lines skipped), each checked before anything is
 * asked: the first bad line ends the run (DP_EX_DATAERR, naming
 * "FILE:LINE").  Duplicates are kept once, at their first line.  Returns
 * 0, or an error code with err filled (DP_EX_NOINPUT for a missing file
 * or one that is not a regular file (openin.h), DP_EX_IOERR for one that
 * cannot be read).
 */
int	bulk_read(struct bulk *b, const char *path, struct dp_err *err);
/*
 * Resolve every item on r from the registries in want (LK_*); exact: ask
 * about every address instead of reusing the answer about a nearby one.
 * The answers are stored in r's store as they come (store_rc says
 * whether that failed).  Each item's result goes to emit().  When
 * *b->stop turns non-zero the run ends at once: the answers in are
 * stored, interrupted is set, and only the items whose waiting is 0 were
 * emitted.
 */
void	bulk_run(struct bulk *b, struct resolver *r, unsigned want,
	    int exact);

#endif
