/*
 * attribute_int.h - what the files of the attribution service share
 * (attribute.h is their public face; other modules use it alone):
 *
 *   attribute_count.c  the count table, and the counts of the tables
 *                      made into sorted (interval, key) rows; the set
 *                      of keys of the reducer and of --series
 *   attribute_prov.c   the providers' networks mapped for the counting
 *   attribute_line.c   the hot loop: each line parsed, looked up and
 *                      counted; the key codes and their strings
 *   attribute.c        the readers of the inputs and the counting
 *                      threads (attribute_run())
 *   attribute_csv.c    the counts as CSV and JSON, and the reducer of
 *                      partial CSVs (attribute_merge())
 *   attribute_case.c   the case's side: its providers, the --series
 *                      storage, the one-address lookup of "depeer lookup"
 *
 * Service layer.  The files use each other in one direction only, so
 * they form no ring: attribute.c uses attribute_line.c and
 * attribute_prov.c; those, attribute_csv.c and attribute_case.c use
 * attribute_count.c, which uses none of them.
 */
#ifndef DEPEER_ATTRIBUTE_INT_H
#define DEPEER_ATTRIBUTE_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "attribute.h"
#include "logline.h"
#include "lpm.h"
#include "util.h"

/* ---- the count table (attribute_count.c) ---- */

/*
 * Counts keyed by (interval start t, key code), open addressing with
 * linear probing.  A key code is what the caller makes it:
 * attribute_line.c's tagged codes (a snapshot's origin set or route,
 * an ASN, a provider), the reducer's key numbers.
 */
struct attr_slot {
	int64_t		t;
	uint64_t	code;
	uint64_t	count;		/* 0: empty */
};

struct attr_cmap {
	struct attr_slot *s;
	size_t		 cap, n;	/* cap a power of two */
};

static inline size_t
cmap_hash(int64_t t, uint64_t code)
{
	uint64_t h = (uint64_t)t * 0x9e3779b97f4a7c15ULL ^ code;

	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 32;
	return (size_t)h;
}

/* m with twice the slots (1024 at first), its counts kept. */
void	attr_cmap_grow(struct attr_cmap *m);

/*
 * n more lines of (t, code).  Inline: the counting threads call it for
 * every line, and the call would cost more than the probe.
 */
static inline void
cmap_add(struct attr_cmap *m, int64_t t, uint64_t code, uint64_t n)
{
	size_t i;

	if ((m->n + 1) * 4 > m->cap * 3)
		attr_cmap_grow(m);
	for (i = cmap_hash(t, code) & (m->cap - 1); m->s[i].count;
	    i = (i + 1) & (m->cap - 1))
		if (m->s[i].t == t && m->s[i].code == code) {
			m->s[i].count += n;
			return;
		}
	m->s[i].t = t;
	m->s[i].code = code;
	m->s[i].count = n;
	m->n++;
}

/*
 * The counts of the tables m[0..nm) (one a thread; a (t, code) may be
 * in several) as sorted (t, key) rows into res, equal rows added up
 * (two codes may also name one key: the same prefix in two snapshots).
 * key(arg, code) makes each distinct code's string (a new one), once a
 * code; res->interval must be set, every t a non-negative multiple of
 * it.  Sets res->counts, res->n, res->keys and res->nkeys.
 */
void	attr_finish_counts(struct attr_cmap *m, size_t nm,
	    char *(*key)(const void *, uint64_t), const void *arg,
	    struct attr_result *res);

/* ---- keys numbered as first seen (attribute_count.c) ---- */

struct attr_keyset {
	char		**keys;		/* by number, owned */
	size_t		 n, cap;
	uint32_t	*idx;		/* hash slots: number + 1, 0 empty */
	size_t		 icap;
};

#define ATTR_KEYSET_INIT	{ NULL, 0, 0, NULL, 0 }

/* The number of the key s[0..n), added (a copy) when it is new. */
uint32_t attr_keyset_add(struct attr_keyset *ks, const char *s, size_t n);
void	attr_keyset_release(struct attr_keyset *ks);

/* ---- the counting (attribute_line.c) and the threads (attribute.c) ---- */

/* Lines looked up together. */
#define ATTR_BATCH	1024

/*
 * Key codes: the top two bits say what the rest is.
 *   TAG_SNAP   snapshot << 32 | origin set (by asn, joint), or route (by
 *              prefix), or origin set (by provider, joint: its providers)
 *   TAG_ASN    an origin AS (by asn, split)
 *   TAG_PROV   a provider's index (by provider)
 */
#define TAG_SNAP	((uint64_t)0 << 62)
#define TAG_ASN		((uint64_t)1 << 62)
#define TAG_PROV	((uint64_t)2 << 62)
#define TAG_MASK	((uint64_t)3 << 62)
#define CODE_UNMATCHED	UINT64_MAX
#define CODE_OTHER	(UINT64_MAX - 1)
#define SNAP_CODE(s, x)	((uint64_t)(s) << 32 | (uint32_t)(x))

/* What the threads share, read-only but for what is under lock, and
   each thread's own counts. */

/* A provider prefix's IPv4 addresses, disjoint from the others. */
struct attr_seg {
	uint32_t	lo, hi;
	uint32_t	prov;
};

struct attr_shared {
	const struct attr_req *req;
	/* by provider: per snapshot, per origin set, its providers
	   (prov_of[s][off[s][set] .. off[s][set + 1])) */
	uint32_t	**off, **prov_of;
	struct attr_seg	*segs;		/* provider prefixes, IPv4 */
	size_t		 nsegs;
	struct lpm	 p6;		/* and IPv6 (value: index + 1) */
	int		 have_p6;
	struct attr_file *files;	/* the result's, one per input */
	/* The first input that failed: no later one is read on. */
	atomic_size_t	 fail_file;
	/* Under lock: the next input to begin, the inputs being opened,
	   every piece made, and the pieces a thief may cut. */
	pthread_mutex_t	 lock;
	size_t		 step;		/* ATTR_STEP, or the request's */
	int		 no_ahead;	/* zread_no_ahead(): as many
					   readers as CPUs */
	size_t		 next, opening;
	struct attr_piece **pieces, **live;
	size_t		 npieces, piececap, nlive, livecap;
};

struct attr_worker {
	struct attr_shared *sh;
	struct attr_cmap m;
	uint64_t	*snap_lines;
	uint64_t	 early;
	/* the batch */
	size_t		 nb;
	int64_t		 bt[ATTR_BATCH];
	uint32_t	 ba[ATTR_BATCH];
	uint32_t	 br[ATTR_BATCH];
	uint32_t	 bs[ATTR_BATCH];
	/*
	 * One key a line (by asn joint, by prefix): the counts of the
	 * interval dt of snapshot ds, by set (route) number, nx for no
	 * route; touched lists the numbers counted.
	 */
	uint64_t	*dense;
	uint32_t	*touched;
	size_t		 nt;
	uint32_t	 nx, ds;
	int64_t		 dt;
	pthread_t	 thread;
	/* Room so that no cache line holds two workers' counters (the
	   array of workers is one allocation). */
	char		 pad[64];
};

/* A piece of an input: a whole stream, or bytes [start, end) of a
   mapped file (attribute.c shares the inputs out in pieces). */
struct attr_mapped;
struct attr_piece {
	size_t		 file;
	size_t		 start;
	size_t		 end, claimed;	/* under sh->lock: a thief lowers end;
					   the owner reads up to claimed */
	struct attr_mapped *map;	/* NULL: a stream */
	int		 live;		/* in sh->live (under sh->lock) */
	struct attr_file c;		/* its counts; c.bad from its first
					   line */
	/* Its failure: rc, with err ready, or (line > 0) a line's, the
	   message made at the end when line numbers are whole. */
	int		 rc;
	struct dp_err	 err;
	uint64_t	 line;
	const char	*why;
	int		 fatal;
};

/* The reading of one piece. */
struct attr_rd {
	struct attr_worker *w;
	struct attr_piece *pc;
	struct attr_file *f;		/* &pc->c */
	struct logline_fmt fmt;
};

/* ---- attribute_prov.c ---- */

/*
 * --by provider: sh->off, sh->prov_of (each origin set's providers, a
 * joint key's names in byte order), sh->segs (the providers' IPv4
 * prefixes as disjoint segments) and sh->p6 made from sh->req's
 * providers; attr_prov_release() frees them (and is harmless on a
 * zeroed *sh).
 */
void	attr_prov_prepare(struct attr_shared *sh);
void	attr_prov_release(struct attr_shared *sh);

/* ---- attribute_line.c ---- */

/* The dense array of w (when a line has one key), before its first
   line; the worker's table and counters are the caller's. */
void	attr_worker_init(struct attr_worker *w);
/* The lines w has queued counted, and its dense array spilled into its
   table: w's counts are then all in w->m. */
void	attr_worker_done(struct attr_worker *w);
/*
 * The lines of p[0..len) of r's piece; with last, the text after the
 * last newline is a line too.  Returns the bytes used (the start of an
 * unfinished line) or -1 after a fatal line, or when an earlier input
 * failed.
 */
long	attr_lines(struct attr_rd *r, const char *p, size_t len, int last);
/*
 * Line r->f->lines of r's piece is malformed: kept among the first
 * ones.  -1 when that is fatal (fatal, or under --strict), the piece
 * failed at it; else 0.
 */
int	attr_bad_line(struct attr_rd *r, const char *why, int fatal);
/* Lower sh->fail_file to file (the first input that failed). */
void	attr_fail_at(struct attr_shared *sh, size_t file);
/* The key a code of sh stands for (a new string). */
char	*attr_code_key(const struct attr_shared *sh, uint64_t code);

#endif
