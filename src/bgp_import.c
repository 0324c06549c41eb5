/*
 * bgp_import.c - MRT files read through mrt.h into observations and
 * stored (bgp_store_import(), declared in bgp_store.h).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp_store.h"
#include "db.h"
#include "exitcodes.h"
#include "mrt.h"


/* The reader's warnings of one file. */
struct warns {
	json_t		*kept;		/* the first BGP_WARNINGS_KEPT */
	int64_t		 n;
};

static void
on_warn(void *arg, uint64_t offset, const char *msg)
{
	struct warns *w = arg;

	if (w->n++ < BGP_WARNINGS_KEPT) {
		char *s = xasprintf("offset %llu: %s",
		    (unsigned long long)offset, msg);

		json_array_append_new(w->kept, json_string(s));
		free(s);
	}
}

/*
 * The file is read in a thread of its own: decompressing, hashing and
 * parsing the MRT records take about as long as counting the paths, so
 * on two cores the reader fills batches of the elements' few fields the
 * counting needs while the calling thread counts the batch before.
 */
#define ELEM_BATCH	2048
#define RING		4

/* What bgp_obs needs of one element, its path cleaned and hashed by
   the reader (bgp_path_prepare()). */
struct xelem {
	struct ipnet	 peer_ip, prefix;
	uint32_t	 peer_as, path_id;
	uint32_t	 off;		/* the clean path: words[off ..
					   off + path.n) */
	unsigned char	 type;
	struct bgp_path_prepared path;
};

struct ebatch {
	struct xelem	 e[ELEM_BATCH];
	size_t		 n;
	uint32_t	*words;
	size_t		 nwords, cwords;
};

struct ring {
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	struct ebatch	*b;		/* RING batches */
	size_t		 head, tail;	/* batches taken, batches filled */
	int		 done;		/* the reader has filled its last */
	/* the reader's, read once it is done */
	struct mrt_reader *rd;
	int		 rc;
	struct dp_err	 err;
	int64_t		 nrib, nupd, tmin, tmax;
};

/*
 * Give the batch filled to the counting side; the next one to fill (it
 * waits for one to be free), or NULL after the last.
 */
static struct ebatch *
ring_put(struct ring *g, int last)
{
	struct ebatch *b;

	pthread_mutex_lock(&g->mu);
	g->tail++;
	g->done = last;
	pthread_cond_signal(&g->cv);
	while (!last && g->tail - g->head == RING)
		pthread_cond_wait(&g->cv, &g->mu);
	pthread_mutex_unlock(&g->mu);
	if (last)
		return NULL;
	b = &g->b[g->tail % RING];
	b->n = 0;
	b->nwords = 0;
	return b;
}

static void *
reader_main(void *arg)
{
	struct ring *g = arg;
	struct ebatch *b = &g->b[0];
	struct mrt_elem e;
	struct xelem *x;
	int rc;

	while ((rc = mrt_next(g->rd, &e, &g->err)) == 1) {
		/* Multicast routes are not the unicast reachability that
		   transit is about. */
		if (e.type == MRT_STATE || e.safi == 2)
			continue;
		if (g->nrib + g->nupd == 0 || e.time < g->tmin)
			g->tmin = e.time;
		if (g->nrib + g->nupd == 0 || e.time > g->tmax)
			g->tmax = e.time;
		if (e.type == MRT_RIB)
			g->nrib++;
		else
			g->nupd++;
		x = &b->e[b->n++];
		x->type = (unsigned char)e.type;
		x->peer_ip = e.peer_ip;
		x->peer_as = e.peer_as;
		x->prefix = e.prefix;
		x->path_id = e.has_path_id ? e.path_id : 0;
		x->off = (uint32_t)b->nwords;
		if (e.type != MRT_WITHDRAW) {
			/* Cleaning never lengthens a path. */
			GROW(b->words, b->nwords + e.npath, b->cwords);
			bgp_path_prepare(e.path, e.npath, e.path_has_set != 0,
			    b->words + b->nwords, &x->path);
			b->nwords += x->path.n;
		}
		if (b->n == ELEM_BATCH)
			b = ring_put(g, 0);
	}
	g->rc = rc;
	ring_put(g, 1);
	return NULL;
}

/* The next batch filled, or NULL after the last. */
static struct ebatch *
ring_take(struct ring *g, int *last)
{
	struct ebatch *b = NULL;

	pthread_mutex_lock(&g->mu);
	while (g->head == g->tail)
		pthread_cond_wait(&g->cv, &g->mu);
	b = &g->b[g->head % RING];
	*last = g->done && g->head + 1 == g->tail;
	pthread_mutex_unlock(&g->mu);
	return b;
}

/* The batch taken is counted: the reader may fill it again. */
static void
ring_done(struct ring *g)
{
	pthread_mutex_lock(&g->mu);
	g->head++;
	pthread_cond_signal(&g->cv);
	pthread_mutex_unlock(&g->mu);
}

static void
count_batch(struct bgp_obs *o, const struct ebatch *b)
{
	const struct xelem *x;
	size_t i;

	for (i = 0; i < b->n; i++) {
		x = &b->e[i];
		if (x->type == MRT_WITHDRAW)
			bgp_obs_withdraw(o, &x->peer_ip, x->peer_as,
			    &x->prefix, x->path_id);
		else {
			/* The words' address, fixed now that the batch is
			   whole (they grew while it was filled). */
			struct bgp_path_prepared r = x->path;

			r.clean = b->words + x->off;
			bgp_obs_prepared(o, &x->peer_ip, x->peer_as,
			    &x->prefix, x->path_id, &r,
			    x->type == MRT_ANNOUNCE);
		}
	}
}

/* Read rd (its warnings into w) into o: 0, or the reader's error. */
static int
read_elems(struct mrt_reader *rd, struct bgp_obs *o, struct ring *g,
    struct dp_err *err)
{
	struct ebatch *b;
	pthread_t tid;
	size_t i;
	int last = 0;

	memset(g, 0, sizeof(*g));
	g->rd = rd;
	g->err = (struct dp_err)DP_ERR_INIT;
	g->b = xcalloc(RING, sizeof(*g->b));
	pthread_mutex_init(&g->mu, NULL);
	pthread_cond_init(&g->cv, NULL);
	if (pthread_create(&tid, NULL, reader_main, g) != 0)
		die("cannot start the MRT reader thread");
	while (!last) {
		b = ring_take(g, &last);
		count_batch(o, b);
		ring_done(g);
	}
	pthread_join(tid, NULL);
	pthread_mutex_destroy(&g->mu);
	pthread_cond_destroy(&g->cv);
	for (i = 0; i < RING; i++)
		free(g->b[i].words);
	free(g->b);
	if (g->rc < 0)
		*err = g->err;
	return g->rc < 0 ? -1 : 0;
}

/* Read one file into imp and o, and start folding o (bgp_obs_fold()). */
static int
read_file(const char *path, const int64_t *date, struct bgp_obs *o,
    struct bgp_import *imp, struct dp_err *err)
{
	const struct bgp_obs_result *r;
	struct mrt_reader *rd = NULL;
	struct warns w;
	struct ring g;
	const struct mrt_stats *st;
	int64_t nrib, nupd, tmin, tmax;
	int rc;

	memset(imp, 0, sizeof(*imp));
	w.kept = json_array();
	w.n = 0;
	if ((rc = mrt_open(path, &rd, err)) != 0)
		goto out;
	mrt_set_warn(rd, on_warn, &w);
	if ((rc = read_elems(rd, o, &g, err)) < 0) {
		rc = err->code != 0 ? err->code : DP_EX_DATAERR;
		dp_err_prefix(err, "%s", path);
		goto out;
	}
	nrib = g.nrib;
	nupd = g.nupd;
	tmin = g.tmin;
	tmax = g.tmax;
	if (nrib + nupd == 0) {
		rc = dp_fail(err, DP_EX_DATAERR, "'%s' holds no route (no RIB "
		    "entry, announcement or withdrawal)", path);
		goto out;
	}
	st = mrt_stats(rd);
	r = bgp_obs_fold(o);
	imp->file_name = xstrdup(path);
	imp->file_sha256 = xstrdup(mrt_file_sha256(rd));
	imp->file_size = (int64_t)mrt_file_size(rd);
	imp->kind = nrib >= nupd ? "rib" : "updates";
	if (date != NULL)
		imp->observed_at = *date;
	else if (nrib >= nupd)
		imp->observed_at = mrt_first_time(rd);
	else
		imp->observed_at = tmax;
	imp->has_span = 1;
	imp->first_time = tmin;
	imp->last_time = tmax;
	imp->records = (int64_t)st->records;
	imp->elems = (int64_t)st->elems;
	imp->paths = r->accepted;
	memcpy(imp->dropped, r->dropped, sizeof(imp->dropped));
	imp->withdrawals = r->withdrawals;
	imp->vantage = r->vantage;
	imp->truncated = st->truncated != 0;
	imp->warnings = json_dumps(w.kept, JSON_COMPACT);
	imp->nwarnings = w.n;
	rc = 0;
out:
	json_decref(w.kept);
	if (rd != NULL)
		mrt_close(rd);
	if (rc != 0)
		bgp_import_release(imp);
	return rc;
}

int
bgp_store_import(struct db *db, char *const *files, size_t n,
    const int64_t *date, int64_t now, struct bgp_import **out, size_t *nout,
    struct dp_err *err)
{
	struct bgp_import *v = xcalloc(n + 1, sizeof(*v));
	size_t i, done = 0;
	int rc;

	/*
	 * Foreign keys are off for the bulk insert (as evidence import does):
	 * with them on SQLite looks the import row up again for each of the
	 * tens of thousands of observation rows that point to it, which was
	 * about a third of the time spent in SQLite.  The rows are written
	 * right after their import row, in the same transaction, and verify
	 * checks both the rows' imports and the imports' audit entries.
	 */
	if ((rc = db_foreign_keys(db, 0, err)) != 0) {
		free(v);
		return rc;
	}
	if ((rc = db_begin(db, err)) != 0) {
		db_foreign_keys(db, 1, NULL);
		free(v);
		return rc;
	}
	for (i = 0; i < n && rc == 0; i++) {
		struct bgp_obs *o = bgp_obs_new();

		if ((rc = read_file(files[i], date, o, &v[i], err)) == 0) {
			done++;
			rc = bgp_store_write(db, &v[i], o, now, err);
		}
		bgp_obs_free(o);
	}
	if (rc == 0)
		rc = db_commit(db, err);
	if (rc != 0)
		db_rollback(db);
	db_foreign_keys(db, 1, NULL);
	if (rc != 0) {
		bgp_imports_free(v, done);
		return rc;
	}
	*out = v;
	*nout = n;
	return 0;
}

