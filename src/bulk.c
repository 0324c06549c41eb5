/*
 * bulk.c - many indicators resolved together on one loop; see bulk.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "bulk.h"
#include "contacts.h"
#include "cymru.h"
#include "db.h"
#include "exitcodes.h"
#include "ipnet.h"
#include "openin.h"
#include "refang.h"
#include "resolver.h"
#include "srcstore.h"

#define STR_(x)		#x
#define STR(x)		STR_(x)

/* One Team Cymru bulk query and the items it asks about. */
struct bulk_chunk {
	struct net_req	 req;
	size_t		*items;
	size_t		 n;
	char		*query;
	struct bulk	*bulk;
};

/* ---- input ---- */

static int
item_cmp_value(const void *a, const void *b)
{
	const struct bulk_item *x = *(struct bulk_item *const *)a;
	const struct bulk_item *y = *(struct bulk_item *const *)b;
	int c = strcmp(x->value, y->value);

	if (c != 0)
		return c;
	/* The same array: the first given first. */
	return (x > y) - (x < y);
}

/*
 * One line of fp into line (BULK_LINE_MAX bytes and a NUL), without its
 * end: 1, 0 at the end of the file, -1 when the line is too long or
 * holds a NUL byte (*why says which), -2 on a read error.  Reads no more
 * than it keeps, so a file without line breaks costs no memory.
 */
static int
read_line(FILE *fp, char line[BULK_LINE_MAX + 1], const char **why)
{
	size_t n = 0;
	int c;

	while ((c = getc(fp)) != EOF && c != '\n') {
		if (c == '\0') {
			*why = "NUL byte in line";
			return -1;
		}
		if (n == BULK_LINE_MAX) {
			*why = "line longer than " STR(BULK_LINE_MAX) " bytes";
			return -1;
		}
		line[n++] = (char)c;
	}
	line[n] = '\0';
	if (c == EOF && ferror(fp))
		return -2;
	return c == EOF && n == 0 ? 0 : 1;
}

int
bulk_add(struct bulk *b, const char *indicator, size_t line,
    struct dp_err *err)
{
	struct bulk_item *it;
	struct lookup l;

	if (b->n >= BULK_MAX)
		return dp_fail(err, DP_EX_DATAERR, "more than %d indicators",
		    BULK_MAX);
	/* Checked now; the lookup itself is made when the item starts. */
	if (lookup_init(&l, indicator, 0, err) != 0)
		return DP_EX_DATAERR;
	if (b->n == b->cap) {
		b->cap = b->cap > 0 ? b->cap * 2 : 64;
		b->items = xrealloc(b->items, b->cap * sizeof(*b->items));
	}
	it = &b->items[b->n];
	memset(it, 0, sizeof(*it));
	it->input = xstrdup(indicator);
	snprintf(it->value, sizeof(it->value), "%s", l.value);
	lookup_release(&l);
	it->line = line;
	it->bulk = b;
	b->n++;
	return 0;
}

/* Each indicator once, in the order first given. */
static void
dedup(struct bulk *b)
{
	struct bulk_item **order;
	size_t i, w;

	if (b->n < 2)
		return;
	order = xcalloc(b->n, sizeof(*order));
	for (i = 0; i < b->n; i++)
		order[i] = &b->items[i];
	qsort(order, b->n, sizeof(*order), item_cmp_value);
	for (i = 1; i < b->n; i++)
		if (strcmp(order[i]->value, order[i - 1]->value) == 0)
			order[i]->repeat = 1;
	free(order);
	for (i = w = 0; i < b->n; i++) {
		if (b->items[i].repeat) {
			free(b->items[i].input);
			continue;
		}
		b->items[w++] = b->items[i];
	}
	b->n = w;
}

int
bulk_read(struct bulk *b, const char *path, struct dp_err *err)
{
	FILE *fp;
	char line[BULK_LINE_MAX + 1], *p, *e, *rf, shown[EXCERPT_BUF];
	size_t lineno = 0;
	struct dp_err ierr = DP_ERR_INIT;
	const char *name = strcmp(path, "-") == 0 ? "standard input" : path;
	const char *why = NULL;
	int rc = 0, got;

	if (strcmp(path, "-") == 0)
		fp = stdin;
	else if ((rc = fopen_regular(path, &fp, NULL, err)) != 0)
		return rc;	/* a FIFO or device: refused, not waited on */
	while ((got = read_line(fp, line, &why)) > 0 || got == -1) {
		lineno++;
		if (got == -1) {
			rc = dp_fail(err, DP_EX_DATAERR, "%s:%zu: %s", name,
			    lineno, why);
			goto out;
		}
		if ((p = strchr(line, '#')) != NULL)
			*p = '\0';
		for (p = line; *p == ' ' || *p == '\t'; p++)
			;
		for (e = p + strlen(p); e > p && (e[-1] == '\n' ||
		    e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'); e--)
			;
		*e = '\0';
		if (*p == '\0')
			continue;
		if (b->n >= BULK_MAX) {
			rc = dp_fail(err, DP_EX_DATAERR, "%s:%zu: more than "
			    "%d indicators; split the file", name, lineno,
			    BULK_MAX);
			goto out;
		}
		/* IOC lists are often defanged (refang.h); the results
		   name each indicator as read back. */
		if ((rf = refang_indicator(p)) != NULL &&
		    strlen(rf) < sizeof(line))
			p = strcpy(line, rf);
		free(rf);
		if (bulk_add(b, p, lineno, &ierr) != 0) {
			rc = dp_fail(err, DP_EX_DATAERR, "%s:%zu: '%s': %s",
			    name, lineno, text_excerpt(p, strlen(p), shown),
			    ierr.msg);
			goto out;
		}
	}
	if (got == -2) {
		rc = dp_fail(err, DP_EX_IOERR, "cannot read %s: %s", name,
		    strerror(errno));
		goto out;
	}
	if (b->n == 0) {
		rc = dp_fail(err, DP_EX_DATAERR, "%s: no address, prefix or "
		    "AS number in it", name);
		goto out;
	}
	dedup(b);
out:
	if (fp != stdin)
		fclose(fp);
	return rc;
}

/* ---- progress and storing ---- */

/*
 * Store what was fetched since the last commit.  The pace of commits is
 * wall-clock time (time(NULL)), not clock_now(): DEPEER_NOW fixes the
 * latter, and the run must still commit every BULK_COMMIT_SECS.
 */
static void
commit(struct bulk *b)
{
	struct db *db = b->r->store.db;
	int rc;

	if (b->store_rc != 0 || db == NULL || b->committed >= b->shared.n)
		return;
	if ((rc = srcstore_commit_batch(db, &b->shared, b->committed,
	    b->subject, &b->store_err)) != 0) {
		/* Go on resolving; the results say the answers were not
		   stored and the exit status tells. */
		b->store_rc = rc;
		return;
	}
	b->stored += b->shared.n - b->committed;
	b->committed = b->shared.n;
	b->last_commit = time(NULL);
}

/*
 * Whether the new answers l used are stored, so that their ids are
 * known; or never will be (no store, or storing failed).
 */
static int
stored_yet(const struct bulk *b, const struct lookup *l)
{
	size_t k;

	if (b->r->store.db == NULL || b->store_rc != 0)
		return 1;
	for (k = 0; k < l->nsrc; k++)
		if (l->src[k].ref.id == 0 && l->src[k].batch >= 0 &&
		    (size_t)l->src[k].batch >= b->committed)
			return 0;
	return 1;
}

/* Hand item i's result to the caller, keep its summary, release it. */
static void
emit_item(struct bulk *b, size_t i)
{
	struct bulk_item *it = &b->items[i];
	struct lookup *l = it->l;

	lookup_fill_ids(l);
	contacts_rank(l);
	it->answered = l->answered;
	it->worst_rc = l->worst_rc;
	if (l->answered == 0 && l->nwarnings > 0)
		it->why = xstrdup(l->warnings[0]);
	it->emitted = 1;
	if (b->emit != NULL)
		b->emit(b, i, l, b->emit_arg);
	lookup_release(l);
	free(l);
	it->l = NULL;
}

/*
 * Emit the items done, in order, up to the first not done (or whose new
 * answers are not stored yet); final: every item done, skipping those
 * not done (an interrupted run).  Called only between the loop's events
 * and the lookups' starts, never from inside a lookup's callback, so
 * that no code of the lookup is running when it is released.
 */
static void
flush(struct bulk *b, int final)
{
	struct bulk_item *it;

	for (; b->next_emit < b->n; b->next_emit++) {
		it = &b->items[b->next_emit];
		if (it->l == NULL || it->waiting > 0) {
			if (!final)
				return;
			continue;
		}
		if (!final && !stored_yet(b, it->l))
			return;
		emit_item(b, b->next_emit);
	}
}

static void	start_more(struct bulk *);

static void
progress(size_t done, size_t total, void *arg)
{
	struct bulk *b = arg;

	(void)done;
	(void)total;
	if (b->shared.n - b->committed >= BULK_COMMIT_EVERY ||
	    (b->shared.n > b->committed &&
	    time(NULL) - b->last_commit >= BULK_COMMIT_SECS))
		commit(b);
	flush(b, 0);
	start_more(b);
	if (b->progress != NULL)
		b->progress(b, 0, b->progress_arg);
}

static void
part_done(struct bulk_item *it)
{
	if (--it->waiting == 0)
		it->bulk->ndone++;
}

static void
lookup_done(struct lookup *l, void *arg)
{
	(void)l;
	part_done(arg);
}

/* ---- Team Cymru ---- */

/* An answer's rows by address, to find an address's rows quickly. */
struct rowref {
	struct ipnet	 a;
	size_t		 i;		/* index in the answer */
};

struct rowidx {
	const struct cymru_row *rows;
	struct rowref	*v;
	size_t		 n;
};

static int
ref_cmp(const void *x, const void *y)
{
	const struct rowref *p = x, *q = y;
	int c;

	if (p->a.family != q->a.family)
		return p->a.family < q->a.family ? -1 : 1;
	if ((c = memcmp(p->a.addr, q->a.addr, 16)) != 0)
		return c;
	return (p->i > q->i) - (p->i < q->i);
}

static void
rowidx_build(struct rowidx *x, const struct cymru_row *rows, size_t n)
{
	size_t i;

	x->rows = rows;
	x->v = xcalloc(n > 0 ? n : 1, sizeof(*x->v));
	x->n = 0;
	for (i = 0; i < n; i++) {
		/* val_ip() zeroes what the family does not use. */
		if (rows[i].ip == NULL ||
		    val_ip(rows[i].ip, &x->v[x->n].a, NULL) != 0)
			continue;
		x->v[x->n++].i = i;
	}
	if (x->n > 1)
		qsort(x->v, x->n, sizeof(*x->v), ref_cmp);
}

/*
 * The rows about address a, in the answer's order, as shallow copies in
 * *out (the caller frees the array, not the rows); returns how many.
 */
static size_t
rowidx_find(const struct rowidx *x, const struct ipnet *a,
    struct cymru_row **out)
{
	struct rowref key;
	size_t lo = 0, hi = x->n, mid, k = 0;

	memset(&key, 0, sizeof(key));
	key.a.family = a->family;
	memcpy(key.a.addr, a->addr, (size_t)ipnet_bytes(a->family));
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (ref_cmp(&x->v[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*out = NULL;
	for (; lo < x->n && x->v[lo].a.family == a->family &&
	    memcmp(x->v[lo].a.addr, key.a.addr, 16) == 0; lo++) {
		*out = xrealloc(*out, (k + 1) * sizeof(**out));
		(*out)[k++] = x->rows[x->v[lo].i];
	}
	return k;
}

/*
 * A bulk answer: stored once, each row covering its own address, and
 * each item given its rows (one, or more with several origins; none
 * when Team Cymru left the address out).
 */
static void
chunk_done(struct net_req *r, void *arg)
{
	struct bulk_chunk *c = arg;
	struct bulk *b = c->bulk;
	struct cymru_row *rows = NULL;
	struct dp_err err = DP_ERR_INIT;
	struct source *s;
	struct rowidx x;
	struct cymru_row *mine;
	size_t nrows = 0, i, k;
	char label[64];
	int idx;

	if (r->rc == 0 && cymru_parse(r->body.s, r->body.len, &rows, &nrows,
	    &err) != 0) {
		dp_err_prefix(&err, "%s", b->r->cymru_label);
		r->rc = DP_EX_PROTOCOL;
		r->err = err;
	}
	if (r->rc != 0) {
		for (i = 0; i < c->n; i++) {
			struct bulk_item *it = &b->items[c->items[i]];

			lookup_note_failure(it->l, r->rc, "cymru: %s",
			    r->err.msg);
			part_done(it);
		}
		return;
	}
	source_batch_add(&b->shared, "cymru", b->r->cymru_label, c->query,
	    r->fetched_at, 0, 0, r->body.s, r->body.len);
	idx = (int)b->shared.n - 1;
	s = &b->shared.v[idx];
	rowidx_build(&x, rows, nrows);
	/* Each row speaks for its own address only. */
	for (k = 0; k < x.n; k++)
		source_add_range(s, x.v[k].a.family, x.v[k].a.addr,
		    x.v[k].a.addr);
	snprintf(label, sizeof(label), "bulk query of %zu items", c->n);
	for (i = 0; i < c->n; i++) {
		struct bulk_item *it = &b->items[c->items[i]];

		k = rowidx_find(&x, &it->l->net, &mine);
		lookup_take_cymru(it->l, mine, k, 0, idx, b->r->cymru_label,
		    label, r->fetched_at, s->sha256, s->size);
		free(mine);
		part_done(it);
	}
	free(x.v);
	cymru_rows_free(rows, nrows);
}

/* A stored answer about many addresses, parsed once. */
struct parsed {
	struct source	 src;
	struct cymru_row *rows;
	size_t		 nrows;
	struct rowidx	 x;
};

/* The stored Team Cymru answers read in this run. */
struct cymru_cache {
	struct parsed	*v;
	size_t		 n;
};

static void
cymru_cache_release(struct cymru_cache *cc)
{
	size_t j;

	for (j = 0; j < cc->n; j++) {
		source_release(&cc->v[j].src);
		cymru_rows_free(cc->v[j].rows, cc->v[j].nrows);
		free(cc->v[j].x.v);
	}
	free(cc->v);
	memset(cc, 0, sizeof(*cc));
}

/*
 * Serve item it from a stored Team Cymru answer with a row for its
 * address: 1, or 0 when it must be asked.  An answer read already is
 * looked at first (it is fresh, or the store would not have served it),
 * so that a run asks the store only about the addresses that none of
 * them answers, and reads and parses each answer once.
 */
static int
cymru_stored(struct bulk *b, const struct source_reader *store,
    struct cymru_cache *cc, struct bulk_item *it)
{
	struct parsed *p = NULL;
	struct cymru_row *mine = NULL;
	struct dp_err err = DP_ERR_INIT;
	struct source s;
	char label[64];
	size_t j, k = 0;
	int64_t id;

	for (j = 0; j < cc->n && k == 0; j++)
		if ((k = rowidx_find(&cc->v[j].x, &it->l->net, &mine)) > 0)
			p = &cc->v[j];
	if (k == 0 && store != NULL && store->covering(store->self, "cymru",
	    b->r->cymru_label, it->l->net.family, it->l->net.addr,
	    &id) == 0) {
		for (j = 0; j < cc->n; j++)
			if (cc->v[j].src.id == id)
				break;
		/* Read already, it has no row for this address: ask. */
		if (j == cc->n && store->get(store->self, id, &s) == 0) {
			cc->v = xrealloc(cc->v, (cc->n + 1) * sizeof(*cc->v));
			p = &cc->v[cc->n++];
			memset(p, 0, sizeof(*p));
			p->src = s;
			if (cymru_parse(s.content, s.size, &p->rows,
			    &p->nrows, &err) != 0)
				p->nrows = 0;
			rowidx_build(&p->x, p->rows, p->nrows);
			free(mine);
			k = rowidx_find(&p->x, &it->l->net, &mine);
		}
	}
	if (k == 0) {
		free(mine);
		return 0;
	}
	snprintf(label, sizeof(label), "bulk query (stored source %lld)",
	    (long long)p->src.id);
	lookup_take_cymru(it->l, mine, k, p->src.id, -1, b->r->cymru_label,
	    label, p->src.fetched_at, p->src.sha256, p->src.size);
	free(mine);
	b->cymru_cached++;
	part_done(it);
	return 1;
}

/* Ask Team Cymru about the items in b->ask, in one bulk query. */
static void
send_chunk(struct bulk *b)
{
	char buf[IPNET_STRLEN], **texts;
	struct bulk_chunk *c;
	size_t k;

	if (b->nask == 0)
		return;
	c = xcalloc(1, sizeof(*c));
	b->chunks = xreallocarray(b->chunks, b->nchunks + 1,
	    sizeof(*b->chunks));
	b->chunks[b->nchunks++] = c;
	c->bulk = b;
	c->n = b->nask;
	c->items = b->ask;
	b->ask = NULL;
	b->askcap = 0;
	b->nask = 0;
	texts = xcalloc(c->n, sizeof(*texts));
	for (k = 0; k < c->n; k++) {
		ipnet_format_addr(&b->items[c->items[k]].l->net, buf,
		    sizeof(buf));
		texts[k] = xstrdup(buf);
	}
	c->query = cymru_bulk_request((const char *const *)texts, c->n);
	if (c->query == NULL)
		die("a checked indicator made no Team Cymru query");
	for (k = 0; k < c->n; k++)
		free(texts[k]);
	free(texts);
	c->req.kind = NET_WHOIS;
	c->req.host = xstrdup(b->r->ep.cymru.name);
	c->req.port = b->r->ep.cymru.port;
	c->req.query = xstrdup(c->query);
	c->req.done = chunk_done;
	c->req.arg = c;
	net_add(b->r->net, &c->req);
}

/* ---- the run ---- */

void
bulk_init(struct bulk *b)
{
	memset(b, 0, sizeof(*b));
}

/* Start item i's lookup (and find its Team Cymru row, or queue it). */
static void
start_item(struct bulk *b, size_t i)
{
	const struct source_reader *store = srcstore_reader(&b->r->store);
	struct bulk_item *it = &b->items[i];
	struct lookup *l = xcalloc(1, sizeof(*l));
	struct dp_err err = DP_ERR_INIT;

	if (lookup_init(l, it->input, b->want & ~LK_CYMRU, &err) != 0)
		die("checked indicator '%s' refused: %s", it->input, err.msg);
	it->l = l;
	l->shared = &b->shared;
	l->share = b->share;
	l->on_done = lookup_done;
	l->on_done_arg = it;
	/* Done when its lookup and its Team Cymru row are in. */
	it->waiting = (b->want & LK_CYMRU) ? 2 : 1;
	/*
	 * Team Cymru maps addresses to their origin; an AS number has its
	 * own (RIPEstat, the IRR), and one line it cannot read would cost
	 * the whole bulk answer.
	 */
	if ((b->want & LK_CYMRU) && l->type == LK_ASN)
		part_done(it);
	else if ((b->want & LK_CYMRU) && !cymru_stored(b, store, b->cc,
	    it)) {
		GROW(b->ask, b->nask + 1, b->askcap);
		b->ask[b->nask++] = i;
		if (b->nask == BULK_CYMRU_CHUNK)
			send_chunk(b);
	}
	lookup_start(l, b->r);
}

/*
 * Start lookups until BULK_WINDOW are started and not yet emitted, or
 * all are.  An item queued for Team Cymru is asked about with the next
 * BULK_CYMRU_CHUNK; sooner when every item is started, or when the
 * window is full and the first item not emitted waits for that query.
 * When the first item is done but its answers are not stored yet, they
 * are stored now, so that the window moves on.
 */
static void
start_more(struct bulk *b)
{
	for (;;) {
		while (b->next_start < b->n &&
		    b->next_start - b->next_emit < BULK_WINDOW) {
			start_item(b, b->next_start++);
			flush(b, 0);
		}
		if (b->next_start < b->n && b->next_emit < b->n &&
		    b->items[b->next_emit].l != NULL &&
		    b->items[b->next_emit].waiting == 0 &&
		    b->committed < b->shared.n) {
			commit(b);
			if (b->store_rc == 0) {
				size_t before = b->next_emit;

				flush(b, 0);
				if (b->next_emit > before)
					continue;
			}
		}
		break;
	}
	if (b->nask > 0 && (b->next_start == b->n ||
	    (b->next_start - b->next_emit >= BULK_WINDOW &&
	    b->ask[0] == b->next_emit)))
		send_chunk(b);
	if (b->next_start == b->n && b->cc != NULL) {
		cymru_cache_release(b->cc);
		free(b->cc);
		b->cc = NULL;
	}
}

void
bulk_run(struct bulk *b, struct resolver *r, unsigned want, int exact)
{
	const struct source_reader *store = srcstore_reader(&r->store);
	size_t started, emitted;
	int in_read;

	b->r = r;
	b->want = want;
	dedup(b);
	snprintf(b->subject, sizeof(b->subject), "lookup:bulk of %zu", b->n);
	b->last_commit = time(NULL);
	b->cc = xcalloc(1, sizeof(*b->cc));
	if (!exact)
		b->share = whois_share_new(store, &b->shared);
	/*
	 * What the store answers is read as the lookups start: the first
	 * window in one read transaction, not one lock per query.  Nothing
	 * is written before net_run().  A lookup the store answers in full
	 * is done at once, and emitted and released before the next starts,
	 * so that a run answered from the store holds one lookup at a time.
	 */
	in_read = store != NULL && db_begin_read(r->store.db, NULL) == 0;
	start_more(b);
	if (in_read)
		db_rollback(r->store.db);	/* it only read */
	net_stop_on(r->net, b->stop);
	/*
	 * progress() starts lookups as others are emitted; when the loop
	 * runs dry first (the window waits for answers to be stored), the
	 * rest are started here.
	 */
	for (;;) {
		net_run(r->net, progress, b);
		if (net_stopped(r->net) || b->next_start >= b->n)
			break;
		started = b->next_start;
		emitted = b->next_emit;
		commit(b);
		flush(b, 0);
		start_more(b);
		if (b->next_start == started && b->next_emit == emitted)
			break;	/* nothing moves: storing failed */
	}
	b->interrupted = net_stopped(r->net);
	net_stop_on(r->net, NULL);
	commit(b);
	flush(b, 1);
	if (b->progress != NULL)
		b->progress(b, 1, b->progress_arg);
	if (b->share != NULL) {
		b->whois_shared = 1;
		whois_share_counts(b->share, &b->whois_asked,
		    &b->whois_reused);
	}
	whois_share_free(b->share);
	b->share = NULL;
}

void
bulk_release(struct bulk *b)
{
	size_t i;

	for (i = 0; i < b->nchunks; i++) {
		net_req_release(&b->chunks[i]->req);
		free(b->chunks[i]->items);
		free(b->chunks[i]->query);
		free(b->chunks[i]);
	}
	free(b->chunks);
	free(b->ask);
	if (b->cc != NULL) {
		cymru_cache_release(b->cc);
		free(b->cc);
	}
	whois_share_free(b->share);
	for (i = 0; i < b->n; i++) {
		if (b->items[i].l != NULL) {
			lookup_release(b->items[i].l);
			free(b->items[i].l);
		}
		free(b->items[i].input);
		free(b->items[i].why);
	}
	free(b->items);
	source_batch_release(&b->shared);
	memset(b, 0, sizeof(*b));
}
