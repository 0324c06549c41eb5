/*
 * attribute.c - log lines counted per interval and per origin AS,
 * provider or prefix (attribute.h): attribute_run(), the readers of the
 * inputs and the counting threads.  The other files of the service are
 * named in attribute_int.h; the lines themselves are counted in
 * attribute_line.c.
 *
 * Each thread counts into its own table; the tables' rows are sorted
 * together when the threads are done (attr_finish_counts()), so the
 * counts do not depend on how the inputs were shared out.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "attribute.h"
#include "attribute_int.h"
#include "exitcodes.h"
#include "logline.h"
#include "openin.h"
#include "util.h"
#include "zread.h"

/* What zread hands over at a time. */
#define ATTR_BLOCK	(1 << 20)

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

/*
 * ---- sharing the inputs out ----
 *
 * A thread takes the next input whole; a plain file it maps and reads
 * in blocks of sh->step bytes (ATTR_STEP), each ending at a line's
 * end.  A thread that finds no input left takes the second half of the
 * rest of the largest piece another thread is reading (a "steal", cut
 * at a line's end beyond the block that thread has claimed), so that
 * the threads finish together even with one file, or files of unequal
 * sizes.  Each piece counts its own lines; line numbers are made whole
 * at the end, adding the lines of the pieces before it.  Compressed
 * files and standard input cannot be cut: they are read whole by one
 * thread.
 */
#define ATTR_STEP	(256 << 10)
/* No steal of less than this many steps. */
#define ATTR_STEAL_MIN	4

/* A plain file's mapping, unmapped when its last piece is done. */
struct attr_mapped {
	const char	*p;
	size_t		 len;
	size_t		 refs;		/* live pieces (under sh->lock) */
};

static int
is_compressed(const unsigned char *b, size_t n)
{
	return (n >= 2 && b[0] == 0x1f && b[1] == 0x8b) ||
	    (n >= 3 && memcmp(b, "BZh", 3) == 0) ||
	    (n >= 4 && memcmp(b, "\x28\xb5\x2f\xfd", 4) == 0);
}

/* The piece's failure: rc with err (already in pc->err) ready. */
static int
piece_fail(struct attr_rd *r, int rc)
{
	r->pc->rc = rc ? rc : DP_EX_IOERR;
	attr_fail_at(r->w->sh, r->pc->file);
	return -1;
}

/* Through zread: compressed files and standard input, whole. */
static int
read_stream(struct attr_rd *r, const char *path)
{
	struct attr_piece *pc = r->pc;
	struct zread *z = NULL;
	char *buf = xmalloc(ATTR_BLOCK + LOGLINE_MAX + 2), *nl;
	size_t have = 0, start;
	long got, used;
	int rc, skipping = 0;

	if ((rc = zread_open(path, &z, &pc->err)) != 0)
		goto fail;
	zread_no_digest(z);
	if (r->w->sh->no_ahead)
		zread_no_ahead(z);
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
		if ((used = attr_lines(r, buf + start, have - start,
		    got == 0)) < 0)
			goto stop;
		start += (size_t)used;
		memmove(buf, buf + start, have - start);
		have -= start;
		if (have > LOGLINE_MAX) {
			r->f->lines++;
			if (attr_bad_line(r, "the line is too long", 0) != 0)
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
static struct attr_piece *
piece_new(struct attr_shared *sh, size_t file)
{
	struct attr_piece *pc = xcalloc(1, sizeof(*pc));

	pc->file = file;
	pc->c.path = sh->req->files[file];
	pc->err = (struct dp_err)DP_ERR_INIT;
	GROW(sh->pieces, sh->npieces + 1, sh->piececap);
	sh->pieces[sh->npieces++] = pc;
	return pc;
}

/* Under sh->lock: pc of map joins the pieces thieves may cut. */
static void
piece_live(struct attr_shared *sh, struct attr_piece *pc,
    struct attr_mapped *map)
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
piece_done(struct attr_shared *sh, struct attr_piece *pc)
{
	struct attr_mapped *map = pc->map;
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
static struct attr_piece *
steal(struct attr_shared *sh)
{
	struct attr_piece *from = NULL, *pc;
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
piece_fmt(const struct attr_piece *pc, struct logline_fmt *fmt)
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
read_mapped(struct attr_rd *r)
{
	struct attr_shared *sh = r->w->sh;
	struct attr_piece *pc = r->pc;
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
		if (attr_lines(r, p + pos, stop - pos, 1) < 0) {
			rc = -1;
			break;
		}
		pos = stop;
	}
	return rc;
}

static void
rd_init(struct attr_rd *r, struct attr_worker *w, struct attr_piece *pc)
{
	memset(r, 0, sizeof(*r));
	r->w = w;
	r->pc = pc;
	r->f = &pc->c;
	r->fmt = (struct logline_fmt)LOGLINE_FMT_INIT;
}

/* Input i, opened: mapped and read (thieves may cut it), or streamed. */
static void
read_input(struct attr_worker *w, size_t i)
{
	struct attr_shared *sh = w->sh;
	const char *path = sh->req->files[i];
	struct dp_err err = DP_ERR_INIT;
	struct attr_mapped *map = NULL;
	unsigned char head[4];
	struct attr_piece *pc;
	struct stat st;
	struct attr_rd r;
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
	struct attr_worker *w = arg;
	struct attr_shared *sh = w->sh;
	struct attr_piece *pc;
	struct attr_rd r;
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
	attr_worker_done(w);
	return NULL;
}

static char *
shared_key(const void *arg, uint64_t code)
{
	return attr_code_key(arg, code);
}

static int
cmp_piece(const void *x, const void *y)
{
	const struct attr_piece *a = *(struct attr_piece *const *)x;
	const struct attr_piece *b = *(struct attr_piece *const *)y;

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
gather_pieces(struct attr_shared *sh, struct dp_err *err)
{
	struct attr_file *f;
	const struct attr_file *c;
	struct attr_piece *pc;
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
	struct attr_shared sh;
	struct attr_worker *w;
	struct attr_cmap *maps = NULL;
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
		attr_prov_prepare(&sh);
	sh.step = req->step ? req->step : ATTR_STEP;
	nw = threads_for(req, sh.step);
	/* A compressed file's decoding runs ahead on a thread of its own
	   (zread.h) only while the readers leave a CPU free for it. */
	{
		long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

		sh.no_ahead = (long)(nw < req->nfiles ? nw : req->nfiles) >=
		    (ncpu > 0 ? ncpu : 1);
	}
	w = xcalloc(nw, sizeof(*w));
	for (i = 0; i < nw; i++) {
		w[i].sh = &sh;
		w[i].snap_lines = xcalloc_lines(req->nsnaps *
		    sizeof(uint64_t));
		attr_worker_init(&w[i]);
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
	attr_prov_release(&sh);
	return rc;
}
