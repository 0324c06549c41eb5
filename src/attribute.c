/*
 * attribute.c - log lines counted per interval and per origin AS,
 * provider or prefix (attribute.h): the readers of the inputs, the
 * counting threads, the reducer of partial CSVs and the storage of the
 * counts as measurement series.
 *
 * The hot loop reads a line (logline.h), queues its time and IPv4
 * address, and every ATTR_BATCH lines looks the addresses up together
 * (ptab_lookup4_batch) and counts them into an open-addressing table
 * keyed by (interval start, key code), through an array of the current
 * interval's counts when a line has one key.  A key code is a number
 * standing for the key (a snapshot's origin set or route, an ASN, a
 * provider); the strings are made once at the end, so that the loop
 * never touches text it does not read.  Each thread counts into its own
 * table; the tables' rows are sorted together when the threads are done
 * (attr_finish_counts()), so the counts do not depend on how the inputs were
 * shared out.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "attribute.h"
#include "attribute_int.h"
#include "buf.h"
#include "db.h"
#include "exitcodes.h"
#include "logline.h"
#include "lpm.h"
#include "measure.h"
#include "measure_store.h"
#include "openin.h"
#include "prefix_store.h"
#include "provider.h"
#include "ptab.h"
#include "validate.h"
#include "zread.h"

/* Lines looked up together. */
#define ATTR_BATCH	1024
/* What zread hands over at a time. */
#define ATTR_BLOCK	(1 << 20)

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

/* ---- what the threads share, read-only ---- */

/* A provider prefix's IPv4 addresses, disjoint from the others. */
struct seg {
	uint32_t	lo, hi;
	uint32_t	prov;
};

struct shared {
	const struct attr_req *req;
	/* by provider: per snapshot, per origin set, its providers
	   (prov_of[s][off[s][set] .. off[s][set + 1])) */
	uint32_t	**off, **prov_of;
	struct seg	*segs;		/* provider prefixes, IPv4 */
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
	size_t		 next, opening;
	struct piece	**pieces, **live;
	size_t		 npieces, piececap, nlive, livecap;
};

struct worker {
	struct shared	*sh;
	struct cmap	 m;
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

/*
 * n zeroed bytes alone in their cache lines: counters one thread bumps
 * on every line must not share a line with another thread's, or the
 * two cores pass the line back and forth on every increment.
 */
static void *
xcalloc_lines(size_t n)
{
	void *p = NULL;

	n = (n + 63) & ~(size_t)63;
	if (posix_memalign(&p, 64, n ? n : 64) != 0)
		die("out of memory");
	memset(p, 0, n ? n : 64);
	return p;
}

/* The snapshot for time t: the latest taken at or before t, else the
   oldest (*early set). */
static uint32_t
snap_for(const struct attr_req *req, int64_t t, int *early)
{
	size_t lo = 0, hi = req->nsnaps, mid;

	if (req->nsnaps == 1 || t < req->snaps[0].taken_at) {
		*early = t < req->snaps[0].taken_at;
		return 0;
	}
	*early = 0;
	/* The last with taken_at <= t. */
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (req->snaps[mid].taken_at <= t)
			lo = mid;
		else
			hi = mid;
	}
	return (uint32_t)lo;
}

static int
prov_of_v4(const struct shared *sh, uint32_t a)
{
	size_t lo = 0, hi = sh->nsegs, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (sh->segs[mid].hi < a)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < sh->nsegs && sh->segs[lo].lo <= a)
		return (int)sh->segs[lo].prov;
	return -1;
}

/* Count one line whose address prov (or -1) and route r of snapshot s. */
static inline void
count_line(struct worker *w, int64_t t, uint32_t s, uint32_t r, int prov)
{
	const struct attr_req *req = w->sh->req;
	const struct ptab *tab = req->snaps[s].t;
	const uint32_t *asns;
	uint32_t set, k, e;
	size_t n, i;

	t -= t % req->interval;
	if (prov >= 0) {
		cmap_add(&w->m, t, TAG_PROV | (uint32_t)prov, 1);
		return;
	}
	if (r == PTAB_NONE) {
		cmap_add(&w->m, t, CODE_UNMATCHED, 1);
		return;
	}
	switch (req->by) {
	case ATTR_BY_PREFIX:
		cmap_add(&w->m, t, SNAP_CODE(s, r), 1);
		break;
	case ATTR_BY_ASN:
		set = ptab_route_set(tab, r);
		if (req->multi == ATTR_JOINT) {
			cmap_add(&w->m, t, SNAP_CODE(s, set), 1);
			break;
		}
		n = ptab_set_origins(tab, set, &asns);
		for (i = 0; i < n; i++)
			cmap_add(&w->m, t, TAG_ASN | asns[i], 1);
		break;
	case ATTR_BY_PROVIDER:
		set = ptab_route_set(tab, r);
		k = w->sh->off[s][set];
		e = w->sh->off[s][set + 1];
		if (k == e)
			cmap_add(&w->m, t, CODE_OTHER, 1);
		else if (req->multi == ATTR_JOINT && e - k > 1)
			cmap_add(&w->m, t, SNAP_CODE(s, set), 1);
		else
			for (; k < e; k++)
				cmap_add(&w->m, t, TAG_PROV |
				    w->sh->prov_of[s][k], 1);
		break;
	}
}

/* The counts of the dense array into the table, the array emptied. */
static void
dense_spill(struct worker *w)
{
	uint32_t x;
	size_t i;

	for (i = 0; i < w->nt; i++) {
		x = w->touched[i];
		cmap_add(&w->m, w->dt, x == w->nx ? CODE_UNMATCHED :
		    SNAP_CODE(w->ds, x), w->dense[x]);
		w->dense[x] = 0;
	}
	w->nt = 0;
}

/* Look up and count the queued IPv4 lines. */
static void
flush(struct worker *w)
{
	const struct attr_req *req = w->sh->req;
	size_t i, j;
	int prov;

	if (w->nb == 0)
		return;
	/* Runs of one snapshot go to the batch lookup. */
	for (i = 0; i < w->nb; i = j) {
		for (j = i + 1; j < w->nb && w->bs[j] == w->bs[i]; j++)
			;
		ptab_lookup4_batch(req->snaps[w->bs[i]].t, w->ba + i,
		    w->br + i, j - i);
	}
	if (req->by == ATTR_BY_PROVIDER || (req->by == ATTR_BY_ASN &&
	    req->multi == ATTR_SPLIT)) {
		for (i = 0; i < w->nb; i++) {
			prov = w->sh->nsegs ? prov_of_v4(w->sh, w->ba[i]) : -1;
			count_line(w, w->bt[i], w->bs[i], w->br[i], prov);
		}
		w->nb = 0;
		return;
	}
	/*
	 * One key a line, a number below the snapshot's sets (or routes,
	 * by prefix), or that number for no route: counted in a plain
	 * array while the lines stay in one interval of one snapshot (a
	 * log is mostly in time order), which stays in the core's cache
	 * where a hash table of every interval's keys would not; the
	 * array is spilled into the table when the interval changes.
	 */
	for (i = 0; i < w->nb; i++) {
		uint32_t r = w->br[i], x;
		int64_t t = w->bt[i];

		if ((uint64_t)(t - w->dt) >= (uint64_t)req->interval ||
		    w->bs[i] != w->ds) {
			dense_spill(w);
			w->dt = t - t % req->interval;
			w->ds = w->bs[i];
		}
		x = r == PTAB_NONE ? w->nx : req->by == ATTR_BY_PREFIX ? r :
		    ptab_route_set(req->snaps[w->ds].t, r);
		if (w->dense[x]++ == 0)
			w->touched[w->nt++] = x;
	}
	w->nb = 0;
}

/*
 * ---- sharing the inputs out ----
 *
 * A thread takes the next input whole; a plain file it maps and reads
 * in blocks of sh->step bytes (ATTR_STEP), each ending at a line's end.  A thread
 * that finds no input left takes the second half of the rest of the
 * largest piece another thread is reading (a "steal", cut at a line's
 * end beyond the block that thread has claimed), so that the threads
 * finish together even with one file, or files of unequal sizes.  Each
 * piece counts its own lines; line numbers are made whole at the end,
 * adding the lines of the pieces before it.  Compressed files and
 * standard input cannot be cut: they are read whole by one thread.
 */
#define ATTR_STEP	(256 << 10)
/* No steal of less than this many steps. */
#define ATTR_STEAL_MIN	4

/* A plain file's mapping, unmapped when its last piece is done. */
struct mapped {
	const char	*p;
	size_t		 len;
	size_t		 refs;		/* live pieces (under sh->lock) */
};

/* A piece of an input: a whole stream, or bytes [start, end) of a
   mapped file. */
struct piece {
	size_t		 file;
	size_t		 start;
	size_t		 end, claimed;	/* under sh->lock: a thief lowers end;
					   the owner reads up to claimed */
	struct mapped	*map;		/* NULL: a stream */
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

/* Lower sh->fail_file to file (the first input that failed). */
static void
fail_at(struct shared *sh, size_t file)
{
	size_t cur = atomic_load(&sh->fail_file);

	while (file < cur && !atomic_compare_exchange_weak(&sh->fail_file,
	    &cur, file))
		;
}

/* The reading of one piece. */
struct rd {
	struct worker	*w;
	struct piece	*pc;
	struct attr_file *f;		/* &pc->c */
	struct logline_fmt fmt;
};

static int
bad_line(struct rd *r, const char *why, int fatal)
{
	struct attr_file *f = r->f;
	struct piece *pc = r->pc;

	if (f->malformed < ATTR_BAD_MAX)
		f->bad[f->malformed] = f->lines;
	if (f->malformed == 0)
		snprintf(f->why, sizeof(f->why), "%s", why);
	f->malformed++;
	if (!fatal && !r->w->sh->req->strict)
		return 0;
	pc->rc = DP_EX_DATAERR;
	pc->line = f->lines;
	pc->why = why;
	pc->fatal = fatal;
	fail_at(r->w->sh, pc->file);
	return -1;
}

/* One line s[0..n) (f->lines is its number). */
static inline int
one_line(struct rd *r, const char *s, size_t n, int pad)
{
	struct worker *w = r->w;
	const struct attr_req *req = w->sh->req;
	struct logline l;
	const char *why;
	uint32_t snap;
	int early, prov = -1;
	void *v;
	struct ipnet q;

	switch (pad ? logline_parse_pad(&r->fmt, s, n, &l, &why) :
	    logline_parse(&r->fmt, s, n, &l, &why)) {
	case LOGLINE_V4:
		snap = snap_for(req, l.t, &early);
		w->early += (uint64_t)early;
		w->snap_lines[snap]++;
		r->f->used++;
		w->bt[w->nb] = l.t;
		w->ba[w->nb] = l.v4;
		w->bs[w->nb] = snap;
		if (++w->nb == ATTR_BATCH)
			flush(w);
		return 0;
	case LOGLINE_V6:
		snap = snap_for(req, l.t, &early);
		w->early += (uint64_t)early;
		w->snap_lines[snap]++;
		r->f->used++;
		if (w->sh->have_p6) {
			q.family = AF_INET6;
			q.plen = 128;
			memcpy(q.addr, l.v6, 16);
			if ((v = lpm_lookup(&w->sh->p6, &q, NULL)) != NULL)
				prov = (int)((uintptr_t)v - 1);
		}
		count_line(w, l.t, snap, ptab_lookup6(req->snaps[snap].t,
		    l.v6), prov);
		return 0;
	case LOGLINE_SKIP:
		return 0;
	case LOGLINE_BADHEADER:
		return bad_line(r, why, 1);
	case LOGLINE_BAD:
	default:
		return bad_line(r, why, 0);
	}
}

/*
 * The lines of p[0..len); with last, the text after the last newline is
 * a line too.  Returns the bytes used (the start of an unfinished line)
 * or -1 after a fatal line, or when an earlier input failed.
 */
static long
lines(struct rd *r, const char *p, size_t len, int last)
{
	const char *s = p, *e = p + len, *nl;

	while (s < e) {
		if ((nl = memchr(s, '\n', (size_t)(e - s))) == NULL) {
			if (!last)
				break;
			nl = e;
		}
		r->f->lines++;
		if ((size_t)(nl - s) > LOGLINE_MAX) {
			if (bad_line(r, "the line is too long", 0) != 0)
				return -1;
		} else if (one_line(r, s, (size_t)(nl - s), e - nl >
		    LOGLINE_PAD) != 0)
			return -1;
		s = nl + 1;
		if ((r->f->lines & 0xffff) == 0 &&
		    atomic_load(&r->w->sh->fail_file) < r->pc->file)
			return -1;
	}
	return s > e ? (long)len : (long)(s - p);
}

static int
is_compressed(const unsigned char *b, size_t n)
{
	return (n >= 2 && b[0] == 0x1f && b[1] == 0x8b) ||
	    (n >= 3 && memcmp(b, "BZh", 3) == 0) ||
	    (n >= 4 && memcmp(b, "\x28\xb5\x2f\xfd", 4) == 0);
}

/* The piece's failure: rc with err (already in pc->err) ready. */
static int
piece_fail(struct rd *r, int rc)
{
	r->pc->rc = rc ? rc : DP_EX_IOERR;
	fail_at(r->w->sh, r->pc->file);
	return -1;
}

/* Through zread: compressed files and standard input, whole. */
static int
read_stream(struct rd *r, const char *path)
{
	struct piece *pc = r->pc;
	struct zread *z = NULL;
	char *buf = xmalloc(ATTR_BLOCK + LOGLINE_MAX + 2), *nl;
	size_t have = 0, start;
	long got, used;
	int rc, skipping = 0;

	if ((rc = zread_open(path, &z, &pc->err)) != 0)
		goto fail;
	zread_no_digest(z);
	for (;;) {
		got = zread_read(z, buf + have, ATTR_BLOCK, &pc->err);
		if (got < 0) {
			rc = pc->err.code;
			goto fail;
		}
		have += (size_t)got;
		start = 0;
		/* The rest of a line too long to keep: up to its end. */
		if (skipping) {
			if ((nl = memchr(buf, '\n', have)) == NULL) {
				have = 0;
				if (got == 0)
					break;
				continue;
			}
			start = (size_t)(nl + 1 - buf);
			skipping = 0;
		}
		if ((used = lines(r, buf + start, have - start, got == 0)) < 0)
			goto stop;
		start += (size_t)used;
		memmove(buf, buf + start, have - start);
		have -= start;
		if (have > LOGLINE_MAX) {
			r->f->lines++;
			if (bad_line(r, "the line is too long", 0) != 0)
				goto stop;
			skipping = 1;
			have = 0;
		}
		if (got == 0)
			break;
	}
	r->f->truncated = zread_truncated(z);
	zread_close(z);
	free(buf);
	return 0;
stop:
	zread_close(z);
	free(buf);
	return -1;
fail:
	zread_close(z);
	free(buf);
	return piece_fail(r, rc);
}

/* Under sh->lock: a new piece of file, in sh->pieces. */
static struct piece *
piece_new(struct shared *sh, size_t file)
{
	struct piece *pc = xcalloc(1, sizeof(*pc));

	pc->file = file;
	pc->c.path = sh->req->files[file];
	pc->err = (struct dp_err)DP_ERR_INIT;
	GROW(sh->pieces, sh->npieces + 1, sh->piececap);
	sh->pieces[sh->npieces++] = pc;
	return pc;
}

/* Under sh->lock: pc of map joins the pieces thieves may cut. */
static void
piece_live(struct shared *sh, struct piece *pc, struct mapped *map)
{
	pc->map = map;
	pc->claimed = pc->start;
	map->refs++;
	pc->live = 1;
	GROW(sh->live, sh->nlive + 1, sh->livecap);
	sh->live[sh->nlive++] = pc;
}

/* pc is read: out of the live pieces, its file unmapped after its last
   piece. */
static void
piece_done(struct shared *sh, struct piece *pc)
{
	struct mapped *map = pc->map;
	size_t i;
	int last;

	pthread_mutex_lock(&sh->lock);
	for (i = 0; i < sh->nlive && sh->live[i] != pc; i++)
		;
	if (i < sh->nlive)
		sh->live[i] = sh->live[--sh->nlive];
	pc->live = 0;
	last = --map->refs == 0;
	pthread_mutex_unlock(&sh->lock);
	if (last) {
		munmap((void *)map->p, map->len);
		free(map);
	}
}

/*
 * Under sh->lock: a piece cut from the live piece with the most bytes
 * nobody has claimed (the second half of them, from a line's start), or
 * NULL when no piece has ATTR_STEAL_MIN steps of them.
 */
static struct piece *
steal(struct shared *sh)
{
	struct piece *from = NULL, *pc;
	const char *p, *nl;
	size_t i, rest, most = 0, cut;

	for (i = 0; i < sh->nlive; i++) {
		pc = sh->live[i];
		rest = pc->end - pc->claimed;
		if (rest > most && pc->file <= atomic_load(&sh->fail_file)) {
			most = rest;
			from = pc;
		}
	}
	if (from == NULL || most < ATTR_STEAL_MIN * sh->step)
		return NULL;
	p = from->map->p;
	cut = from->claimed + most / 2;
	if ((nl = memchr(p + cut, '\n', from->end - cut)) == NULL ||
	    (size_t)(nl - p) + 1 >= from->end)
		return NULL;
	pc = piece_new(sh, from->file);
	pc->start = (size_t)(nl - p) + 1;
	pc->end = from->end;
	from->end = pc->start;
	piece_live(sh, pc, from->map);
	return pc;
}

/*
 * The layout of the lines from pc->start on: what the file's first data
 * line decided, read again from the file's start (one line, mostly).
 * -1 when that line is a CSV header that names no column we need: the
 * file then fails at it, in its first piece.
 */
static int
piece_fmt(const struct piece *pc, struct logline_fmt *fmt)
{
	const char *s = pc->map->p, *e = s + pc->start, *nl, *why;
	struct logline l;

	*fmt = (struct logline_fmt)LOGLINE_FMT_INIT;
	while (s < e && !fmt->decided) {
		/* A piece starts after a newline: one ends every line. */
		nl = memchr(s, '\n', (size_t)(e - s));
		if ((size_t)(nl - s) <= LOGLINE_MAX && logline_parse(fmt, s,
		    (size_t)(nl - s), &l, &why) == LOGLINE_BADHEADER)
			return -1;
		s = nl + 1;
	}
	return 0;
}

/* The bytes of a mapped piece, a block at a time, each block claimed
   under the lock so that a thief cuts beyond it. */
static int
read_mapped(struct rd *r)
{
	struct shared *sh = r->w->sh;
	struct piece *pc = r->pc;
	const char *p = pc->map->p, *nl;
	size_t pos = pc->start, stop;
	int rc = 0;

	for (;;) {
		pthread_mutex_lock(&sh->lock);
		stop = pc->end;
		if (pos < stop && stop - pos > sh->step && (nl = memchr(p +
		    pos + sh->step, '\n', stop - pos - sh->step)) != NULL)
			stop = (size_t)(nl - p) + 1;
		pc->claimed = stop;
		pthread_mutex_unlock(&sh->lock);
		if (pos >= stop)
			break;
		if (lines(r, p + pos, stop - pos, 1) < 0) {
			rc = -1;
			break;
		}
		pos = stop;
	}
	return rc;
}

static void
rd_init(struct rd *r, struct worker *w, struct piece *pc)
{
	memset(r, 0, sizeof(*r));
	r->w = w;
	r->pc = pc;
	r->f = &pc->c;
	r->fmt = (struct logline_fmt)LOGLINE_FMT_INIT;
}

/* Input i, opened: mapped and read (thieves may cut it), or streamed. */
static void
read_input(struct worker *w, size_t i)
{
	struct shared *sh = w->sh;
	const char *path = sh->req->files[i];
	struct dp_err err = DP_ERR_INIT;
	struct mapped *map = NULL;
	unsigned char head[4];
	struct piece *pc;
	struct stat st;
	struct rd r;
	ssize_t k = 0;
	void *p;
	int fd = -1, rc = 0, stream = strcmp(path, "-") == 0;

	if (!stream && (rc = open_regular(path, &fd, &st, &err)) == 0) {
		k = pread(fd, head, sizeof(head), 0);
		if (k < 0)
			rc = dp_fail(&err, DP_EX_IOERR, "cannot read '%s': %s",
			    path, strerror(errno));
		else if (is_compressed(head, (size_t)k) || st.st_size == 0)
			stream = k > 0;
		else if ((p = mmap(NULL, (size_t)st.st_size, PROT_READ,
		    MAP_PRIVATE, fd, 0)) == MAP_FAILED)
			rc = dp_fail(&err, DP_EX_IOERR, "cannot map '%s': %s",
			    path, strerror(errno));
		else {
			(void)madvise(p, (size_t)st.st_size, MADV_SEQUENTIAL);
			map = xcalloc(1, sizeof(*map));
			map->p = p;
			map->len = (size_t)st.st_size;
		}
		close(fd);
	}
	pthread_mutex_lock(&sh->lock);
	pc = piece_new(sh, i);
	if (map != NULL) {
		pc->end = map->len;
		piece_live(sh, pc, map);
	}
	sh->opening--;
	pthread_mutex_unlock(&sh->lock);
	rd_init(&r, w, pc);
	if (rc != 0) {
		pc->err = err;
		piece_fail(&r, rc);
	} else if (map != NULL) {
		read_mapped(&r);
		piece_done(sh, pc);
	} else if (stream)
		read_stream(&r, path);
	/* else an empty file */
}

static void *
work(void *arg)
{
	struct worker *w = arg;
	struct shared *sh = w->sh;
	struct piece *pc;
	struct rd r;
	size_t i;

	for (;;) {
		pthread_mutex_lock(&sh->lock);
		if (sh->next < sh->req->nfiles) {
			/* No input after one that failed is begun. */
			i = sh->next++;
			if (i > atomic_load(&sh->fail_file)) {
				pthread_mutex_unlock(&sh->lock);
				break;
			}
			sh->opening++;
			pthread_mutex_unlock(&sh->lock);
			read_input(w, i);
			continue;
		}
		pc = steal(sh);
		if (pc == NULL && sh->opening > 0) {
			/* A file about to be mapped may be worth a cut. */
			pthread_mutex_unlock(&sh->lock);
			sched_yield();
			continue;
		}
		pthread_mutex_unlock(&sh->lock);
		if (pc == NULL)
			break;
		rd_init(&r, w, pc);
		if (piece_fmt(pc, &r.fmt) == 0)
			read_mapped(&r);
		piece_done(sh, pc);
	}
	flush(w);
	if (w->dense != NULL)
		dense_spill(w);
	return NULL;
}

/* ---- providers ---- */

struct asn_prov {
	uint32_t	asn, prov;
};

static int
cmp_asn_prov(const void *x, const void *y)
{
	const struct asn_prov *a = x, *b = y;

	if (a->asn != b->asn)
		return a->asn < b->asn ? -1 : 1;
	return a->prov < b->prov ? -1 : a->prov > b->prov;
}

static int
cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return a < b ? -1 : a > b;
}

/*
 * The providers of each origin set of each snapshot, and the provider
 * prefixes as disjoint IPv4 segments (each elementary piece between two
 * prefix bounds belongs to the most specific prefix covering it) and an
 * IPv6 table.  Provider names are sorted first (attribute_providers()
 * lists them by name), so that a joint key's names come in byte order.
 */
static void
prepare_providers(struct shared *sh)
{
	const struct attr_req *req = sh->req;
	struct asn_prov *ap = NULL;
	size_t nap = 0, cap = 0, i, j, s, nb = 0, bcap = 0;
	uint64_t *bounds = NULL;
	struct lpm p4 = LPM_INIT;
	struct ipnet q, found;
	const uint32_t *asns;
	uint32_t set, nsets, n, tmp[64], ntmp, k;
	size_t flat, fcap;
	void *v;

	for (i = 0; i < req->nproviders; i++)
		for (j = 0; j < req->providers[i].nasns; j++) {
			GROW(ap, nap + 1, cap);
			ap[nap].asn = req->providers[i].asns[j];
			ap[nap++].prov = (uint32_t)i;
		}
	qsort(ap, nap, sizeof(*ap), cmp_asn_prov);
	sh->off = xcalloc(req->nsnaps, sizeof(*sh->off));
	sh->prov_of = xcalloc(req->nsnaps, sizeof(*sh->prov_of));
	for (s = 0; s < req->nsnaps; s++) {
		nsets = ptab_nsets(req->snaps[s].t);
		sh->off[s] = xcalloc((size_t)nsets + 1, sizeof(uint32_t));
		flat = 0;
		fcap = 0;
		for (set = 0; set < nsets; set++) {
			n = (uint32_t)ptab_set_origins(req->snaps[s].t, set,
			    &asns);
			ntmp = 0;
			for (k = 0; k < n && nap > 0; k++) {
				/* The first entry of the ASN, then all. */
				size_t lo = 0, hi = nap, mid;

				while (lo < hi) {
					mid = lo + (hi - lo) / 2;
					if (ap[mid].asn < asns[k])
						lo = mid + 1;
					else
						hi = mid;
				}
				for (; lo < nap && ap[lo].asn == asns[k] &&
				    ntmp < 64; lo++)
					tmp[ntmp++] = ap[lo].prov;
			}
			/* By name in byte order (the joint key's order); few,
			   so an insertion sort. */
			for (k = 1; k < ntmp; k++) {
				uint32_t x = tmp[k], m = k;

				for (; m > 0 && strcmp(req->providers[tmp[m -
				    1]].name, req->providers[x].name) > 0; m--)
					tmp[m] = tmp[m - 1];
				tmp[m] = x;
			}
			for (k = 0; k < ntmp; k++) {
				if (k > 0 && tmp[k] == tmp[k - 1])
					continue;
				GROW(sh->prov_of[s], flat + 1, fcap);
				sh->prov_of[s][flat++] = tmp[k];
			}
			sh->off[s][set + 1] = (uint32_t)flat;
		}
	}
	free(ap);
	/* The prefixes. */
	lpm_init(&p4);
	lpm_init(&sh->p6);
	for (i = 0; i < req->nproviders; i++)
		for (j = 0; j < req->providers[i].nprefixes; j++) {
			const struct ipnet *p = &req->providers[i].prefixes[j];
			unsigned char lo[16], hi[16];

			v = (void *)(uintptr_t)(i + 1);
			if (p->family == AF_INET6) {
				lpm_insert(&sh->p6, p, v);
				sh->have_p6 = 1;
				continue;
			}
			lpm_insert(&p4, p, v);
			ipnet_first(p, lo);
			ipnet_last(p, hi);
			GROW(bounds, nb + 2, bcap);
			bounds[nb++] = (uint64_t)lo[0] << 24 | lo[1] << 16 |
			    lo[2] << 8 | lo[3];
			bounds[nb++] = ((uint64_t)hi[0] << 24 | hi[1] << 16 |
			    hi[2] << 8 | hi[3]) + 1;
		}
	if (nb > 0) {
		size_t u = 0, cap2 = 0;

		qsort(bounds, nb, sizeof(*bounds), cmp_u64);
		for (i = 0; i < nb; i++)
			if (u == 0 || bounds[u - 1] != bounds[i])
				bounds[u++] = bounds[i];
		for (i = 0; i + 1 < u; i++) {
			uint32_t a = (uint32_t)bounds[i];

			memset(&q, 0, sizeof(q));
			q.family = AF_INET;
			q.plen = 32;
			q.addr[0] = (unsigned char)(a >> 24);
			q.addr[1] = (unsigned char)(a >> 16);
			q.addr[2] = (unsigned char)(a >> 8);
			q.addr[3] = (unsigned char)a;
			if ((v = lpm_lookup(&p4, &q, &found)) == NULL)
				continue;
			k = (uint32_t)((uintptr_t)v - 1);
			if (sh->nsegs > 0 && sh->segs[sh->nsegs - 1].prov ==
			    k && sh->segs[sh->nsegs - 1].hi + 1 == a) {
				sh->segs[sh->nsegs - 1].hi =
				    (uint32_t)(bounds[i + 1] - 1);
				continue;
			}
			GROW(sh->segs, sh->nsegs + 1, cap2);
			sh->segs[sh->nsegs].lo = a;
			sh->segs[sh->nsegs].hi = (uint32_t)(bounds[i + 1] - 1);
			sh->segs[sh->nsegs++].prov = k;
		}
	}
	free(bounds);
	lpm_release(&p4);
}

static void
release_shared(struct shared *sh)
{
	size_t s;

	if (sh->off != NULL)
		for (s = 0; s < sh->req->nsnaps; s++) {
			free(sh->off[s]);
			free(sh->prov_of[s]);
		}
	free(sh->off);
	free(sh->prov_of);
	free(sh->segs);
	lpm_release(&sh->p6);
}

/* ---- the counts as text ---- */

static char *
asn_key(const uint32_t *asns, size_t n)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++)
		buf_addf(&b, "%sAS%" PRIu32, i ? "_" : "", asns[i]);
	return buf_detach(&b, NULL);
}

/* The key a code stands for (a new string). */
static char *
code_key(const struct shared *sh, uint64_t code)
{
	const struct attr_req *req = sh->req;
	const struct ptab *tab;
	const uint32_t *asns;
	struct ipnet p;
	char text[IPNET_STRLEN];
	struct buf b = BUF_INIT;
	uint32_t s, x, k;
	size_t n;

	if (code == CODE_UNMATCHED)
		return xstrdup(ATTR_UNMATCHED);
	if (code == CODE_OTHER)
		return xstrdup(ATTR_OTHER);
	switch (code & TAG_MASK) {
	case TAG_ASN:
		return xasprintf("AS%" PRIu32, (uint32_t)code);
	case TAG_PROV:
		return xstrdup(req->providers[(uint32_t)code].name);
	default:
		break;
	}
	s = (uint32_t)(code >> 32);
	x = (uint32_t)code;
	tab = req->snaps[s].t;
	if (req->by == ATTR_BY_PREFIX) {
		ptab_route_prefix(tab, x, &p);
		ipnet_format(&p, text, sizeof(text));
		return xstrdup(text);
	}
	if (req->by == ATTR_BY_ASN) {
		n = ptab_set_origins(tab, x, &asns);
		return asn_key(asns, n);
	}
	for (k = sh->off[s][x]; k < sh->off[s][x + 1]; k++)
		buf_addf(&b, "%s%s", k > sh->off[s][x] ? "_" : "",
		    req->providers[sh->prov_of[s][k]].name);
	return buf_detach(&b, NULL);
}
static char *
shared_key(const void *arg, uint64_t code)
{
	return code_key(arg, code);
}

/* The dense array of a worker, when a line has one key: as many
   counters as the largest snapshot has sets (routes), and one. */
static void
dense_init(struct worker *w)
{
	const struct attr_req *req = w->sh->req;
	uint32_t n, most = 0;
	size_t s;

	w->ds = UINT32_MAX;
	w->dt = 0;
	if (req->by == ATTR_BY_PROVIDER || (req->by == ATTR_BY_ASN &&
	    req->multi == ATTR_SPLIT))
		return;
	for (s = 0; s < req->nsnaps; s++) {
		n = req->by == ATTR_BY_PREFIX ? ptab_nroutes(req->snaps[s].t) :
		    ptab_nsets(req->snaps[s].t);
		if (n > most)
			most = n;
	}
	w->nx = most;
	w->dense = xcalloc((size_t)most + 1, sizeof(*w->dense));
	w->touched = xcalloc((size_t)most + 1, sizeof(*w->touched));
}

static int
cmp_piece(const void *x, const void *y)
{
	const struct piece *a = *(struct piece *const *)x;
	const struct piece *b = *(struct piece *const *)y;

	if (a->file != b->file)
		return a->file < b->file ? -1 : 1;
	return a->start < b->start ? -1 : a->start > b->start;
}

/*
 * The pieces (sorted by file and place) added up into sh->files, their
 * line numbers made whole; the failure of the first piece that failed,
 * if one did, into err.
 */
static int
gather_pieces(struct shared *sh, struct dp_err *err)
{
	struct attr_file *f;
	const struct attr_file *c;
	struct piece *pc;
	size_t i, j;
	int rc = 0;

	qsort(sh->pieces, sh->npieces, sizeof(*sh->pieces), cmp_piece);
	for (i = 0; i < sh->npieces; i++) {
		pc = sh->pieces[i];
		c = &pc->c;
		f = &sh->files[pc->file];
		if (pc->rc != 0) {
			if (pc->line == 0)
				*err = pc->err;
			else
				dp_fail(err, pc->rc, "'%s': line %" PRIu64
				    ": %s%s", strcmp(f->path, "-") == 0 ?
				    "<stdin>" : f->path, f->lines + pc->line,
				    pc->why, pc->fatal ? "" : " (--strict)");
			return pc->rc;
		}
		for (j = 0; j < c->malformed && f->malformed + j <
		    ATTR_BAD_MAX && j < ATTR_BAD_MAX; j++)
			f->bad[f->malformed + j] = f->lines + c->bad[j];
		if (f->malformed == 0 && c->malformed > 0)
			memcpy(f->why, c->why, sizeof(f->why));
		f->lines += c->lines;
		f->used += c->used;
		f->malformed += c->malformed;
		f->truncated |= c->truncated;
	}
	return rc;
}

/* The threads worth starting: no more than there are inputs, or
   pieces of the least size a thread cuts. */
static size_t
threads_for(const struct attr_req *req, size_t step)
{
	size_t nw = req->jobs < 1 ? 1 : (size_t)req->jobs, n = 0, i;
	size_t least = ATTR_STEAL_MIN * step;
	struct stat st;

	for (i = 0; i < req->nfiles && n < nw; i++)
		n += strcmp(req->files[i], "-") != 0 &&
		    stat(req->files[i], &st) == 0 && S_ISREG(st.st_mode) &&
		    (size_t)st.st_size >= 2 * least ?
		    (size_t)st.st_size / least : 1;
	return n < nw ? n : nw;
}

int
attribute_run(const struct attr_req *req, struct attr_result *res,
    struct dp_err *err)
{
	struct shared sh;
	struct worker *w;
	struct cmap *maps = NULL;
	size_t i, s, nw;
	int rc = 0;

	memset(res, 0, sizeof(*res));
	memset(&sh, 0, sizeof(sh));
	if (req->nsnaps == 0 || req->nfiles == 0)
		return dp_fail(err, DP_EX_SOFTWARE, "attribute: no table or "
		    "no input");
	sh.req = req;
	sh.files = xcalloc(req->nfiles, sizeof(*sh.files));
	for (i = 0; i < req->nfiles; i++)
		sh.files[i].path = req->files[i];
	atomic_init(&sh.fail_file, SIZE_MAX);
	pthread_mutex_init(&sh.lock, NULL);
	if (req->by == ATTR_BY_PROVIDER)
		prepare_providers(&sh);
	sh.step = req->step ? req->step : ATTR_STEP;
	nw = threads_for(req, sh.step);
	w = xcalloc(nw, sizeof(*w));
	for (i = 0; i < nw; i++) {
		w[i].sh = &sh;
		w[i].snap_lines = xcalloc_lines(req->nsnaps *
		    sizeof(uint64_t));
		dense_init(&w[i]);
	}
	/* This thread is worker 0. */
	for (i = 1; i < nw; i++)
		if (pthread_create(&w[i].thread, NULL, work, &w[i]) != 0)
			die("cannot start a thread: %s", strerror(errno));
	work(&w[0]);
	for (i = 1; i < nw; i++)
		pthread_join(w[i].thread, NULL);
	/* The failure of the first input that failed, whichever thread. */
	if ((rc = gather_pieces(&sh, err)) != 0)
		goto out;
	res->pieces = sh.npieces;
	res->interval = req->interval;
	res->snap_lines = xcalloc(req->nsnaps, sizeof(uint64_t));
	for (i = 0; i < nw; i++) {
		for (s = 0; s < req->nsnaps; s++)
			res->snap_lines[s] += w[i].snap_lines[s];
		res->early += w[i].early;
	}
	for (i = 0; i < req->nfiles; i++) {
		res->lines += sh.files[i].lines;
		res->used += sh.files[i].used;
		res->malformed += sh.files[i].malformed;
	}
	if (res->used == 0 && res->malformed > 0) {
		for (i = 0; sh.files[i].malformed == 0; i++)
			;
		rc = dp_fail(err, DP_EX_DATAERR, "no line could be read: "
		    "'%s': line %" PRIu64 ": %s", strcmp(sh.files[i].path,
		    "-") == 0 ? "<stdin>" : sh.files[i].path,
		    sh.files[i].bad[0], sh.files[i].why);
		free(res->snap_lines);
		res->snap_lines = NULL;
		goto out;
	}
	maps = xcalloc(nw, sizeof(*maps));
	for (i = 0; i < nw; i++)
		maps[i] = w[i].m;
	attr_finish_counts(maps, nw, shared_key, &sh, res);
	res->files = sh.files;
	res->nfiles = req->nfiles;
	sh.files = NULL;
out:
	for (i = 0; i < nw; i++) {
		free(w[i].m.s);
		free(w[i].snap_lines);
		free(w[i].dense);
		free(w[i].touched);
	}
	free(w);
	free(maps);
	free(sh.files);
	for (i = 0; i < sh.npieces; i++)
		free(sh.pieces[i]);
	free(sh.pieces);
	free(sh.live);
	pthread_mutex_destroy(&sh.lock);
	release_shared(&sh);
	return rc;
}
