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
	int c = strcmp(x->l.value, y->l.value);

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

	if (b->n >= BULK_MAX)
		return dp_fail(err, DP_EX_DATAERR, "more than %d indicators",
		    BULK_MAX);
	if (b->n == b->cap) {
		b->cap = b->cap > 0 ? b->cap * 2 : 64;
		b->items = xrealloc(b->items, b->cap * sizeof(*b->items));
	}
	it = &b->items[b->n];
	memset(it, 0, sizeof(*it));
	if (lookup_init(&it->l, indicator, 0, err) != 0)
		return DP_EX_DATAERR;
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
		if (strcmp(order[i]->l.value, order[i - 1]->l.value) == 0)
			order[i]->repeat = 1;
	free(order);
	for (i = w = 0; i < b->n; i++) {
		if (b->items[i].repeat) {
			lookup_release(&b->items[i].l);
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
	else if ((fp = fopen(path, "r")) == NULL) {
		return dp_fail(err, errno == ENOENT ? DP_EX_NOINPUT :
		    DP_EX_IOERR, "cannot open '%s': %s", path,
		    strerror(errno));
	}
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

			lookup_note_failure(&it->l, r->rc, "cymru: %s",
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

		k = rowidx_find(&x, &it->l.net, &mine);
		lookup_take_cymru(&it->l, mine, k, 0, idx, b->r->cymru_label,
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

/*
 * Serve the items that a stored Team Cymru answer covers; the others are
 * asked in bulk queries of BULK_CYMRU_CHUNK.
 */
static void
cymru_start(struct bulk *b, const struct source_reader *store)
{
	struct parsed *cache = NULL;
	size_t ncache = 0, *ask = NULL, nask = 0, i, j, k;
	struct source s;
	struct cymru_row *mine;
	int64_t id;
	struct dp_err err = DP_ERR_INIT;
	char label[64], buf[IPNET_STRLEN];

	for (i = 0; i < b->n; i++) {
		struct bulk_item *it = &b->items[i];
		struct parsed *p = NULL;

		/*
		 * Team Cymru maps addresses to their origin; an AS number
		 * has its own (RIPEstat, the IRR), and one line it cannot
		 * read would cost the whole bulk answer.
		 */
		if (it->l.type == LK_ASN) {
			part_done(it);
			continue;
		}
		if (store != NULL && store->covering(store->self, "cymru",
		    b->r->cymru_label, it->l.net.family, it->l.net.addr,
		    &id) == 0) {
			for (j = 0; j < ncache; j++)
				if (cache[j].src.id == id)
					break;
			if (j < ncache)
				p = &cache[j];
			else if (store->get(store->self, id, &s) == 0) {
				cache = xrealloc(cache, (ncache + 1) *
				    sizeof(*cache));
				p = &cache[ncache++];
				memset(p, 0, sizeof(*p));
				p->src = s;
				if (cymru_parse(s.content, s.size, &p->rows,
				    &p->nrows, &err) != 0)
					p->nrows = 0;
				rowidx_build(&p->x, p->rows, p->nrows);
			}
		}
		if (p != NULL) {
			k = rowidx_find(&p->x, &it->l.net, &mine);
			if (k > 0) {
				snprintf(label, sizeof(label), "bulk query "
				    "(stored source %lld)",
				    (long long)p->src.id);
				lookup_take_cymru(&it->l, mine, k, p->src.id,
				    -1, b->r->cymru_label, label,
				    p->src.fetched_at, p->src.sha256,
				    p->src.size);
				free(mine);
				b->cymru_cached++;
				part_done(it);
				continue;
			}
		}
		ask = xrealloc(ask, (nask + 1) * sizeof(*ask));
		ask[nask++] = i;
	}
	for (j = 0; j < ncache; j++) {
		source_release(&cache[j].src);
		cymru_rows_free(cache[j].rows, cache[j].nrows);
		free(cache[j].x.v);
	}
	free(cache);
	b->nchunks = (nask + BULK_CYMRU_CHUNK - 1) / BULK_CYMRU_CHUNK;
	b->chunks = xcalloc(b->nchunks > 0 ? b->nchunks : 1,
	    sizeof(*b->chunks));
	for (j = 0; j < b->nchunks; j++) {
		struct bulk_chunk *c = &b->chunks[j];
		char **texts;

		c->bulk = b;
		c->n = nask - j * BULK_CYMRU_CHUNK;
		if (c->n > BULK_CYMRU_CHUNK)
			c->n = BULK_CYMRU_CHUNK;
		c->items = xcalloc(c->n, sizeof(*c->items));
		memcpy(c->items, ask + j * BULK_CYMRU_CHUNK, c->n *
		    sizeof(*c->items));
		texts = xcalloc(c->n, sizeof(*texts));
		for (k = 0; k < c->n; k++) {
			ipnet_format_addr(&b->items[c->items[k]].l.net, buf,
			    sizeof(buf));
			texts[k] = xstrdup(buf);
		}
		c->query = cymru_bulk_request((const char *const *)texts,
		    c->n);
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
	free(ask);
}

/* ---- the run ---- */

void
bulk_init(struct bulk *b)
{
	memset(b, 0, sizeof(*b));
}

void
bulk_run(struct bulk *b, struct resolver *r, unsigned want, int exact)
{
	const struct source_reader *store = srcstore_reader(&r->store);
	struct whois_share *share = NULL;
	size_t i;
	int in_read;

	b->r = r;
	dedup(b);
	snprintf(b->subject, sizeof(b->subject), "lookup:bulk of %zu", b->n);
	b->last_commit = time(NULL);
	if (!exact)
		share = whois_share_new(store, &b->shared);
	for (i = 0; i < b->n; i++) {
		struct lookup *l = &b->items[i].l;

		l->want = want & ~LK_CYMRU;
		l->shared = &b->shared;
		l->share = share;
		/* Done when its lookup and its Team Cymru row are in. */
		b->items[i].waiting = (want & LK_CYMRU) ? 2 : 1;
	}
	/*
	 * What the store answers is read now, as the lookups start: in one
	 * read transaction, not one lock per query.  Nothing is written
	 * before net_run().
	 */
	in_read = store != NULL && db_begin_read(r->store.db, NULL) == 0;
	if (want & LK_CYMRU)
		cymru_start(b, store);
	for (i = 0; i < b->n; i++) {
		struct bulk_item *it = &b->items[i];

		it->l.on_done = lookup_done;
		it->l.on_done_arg = it;
		lookup_start(&it->l, r);
	}
	if (in_read)
		db_rollback(r->store.db);	/* it only read */
	net_stop_on(r->net, b->stop);
	net_run(r->net, progress, b);
	b->interrupted = net_stopped(r->net);
	net_stop_on(r->net, NULL);
	commit(b);
	if (b->progress != NULL)
		b->progress(b, 1, b->progress_arg);
	for (i = 0; i < b->n; i++) {
		if (b->items[i].waiting > 0)
			continue;	/* interrupted: not done */
		lookup_fill_ids(&b->items[i].l);
		contacts_rank(&b->items[i].l);
	}
	if (share != NULL) {
		b->whois_shared = 1;
		whois_share_counts(share, &b->whois_asked, &b->whois_reused);
	}
	whois_share_free(share);
}

void
bulk_release(struct bulk *b)
{
	size_t i;

	for (i = 0; i < b->nchunks; i++) {
		net_req_release(&b->chunks[i].req);
		free(b->chunks[i].items);
		free(b->chunks[i].query);
	}
	free(b->chunks);
	for (i = 0; i < b->n; i++)
		lookup_release(&b->items[i].l);
	free(b->items);
	source_batch_release(&b->shared);
	memset(b, 0, sizeof(*b));
}
