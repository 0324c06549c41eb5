/*
 * cmd_bulk.c - "depeer lookup --bulk FILE|-": many addresses, prefixes and
 * AS numbers resolved together on one network loop.  WHOIS answers are
 * shared between the lookups (whois.h, struct whois_share), Team Cymru is
 * asked about all addresses in bulk queries on one connection at a time,
 * and the new answers are stored as the run goes, one audit entry per
 * commit.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "cmd_lookup.h"
#include "cymru.h"
#include "db.h"
#include "exitcodes.h"
#include "lookup.h"
#include "rdap.h"

/* At most this many indicators in one run; longer files are split. */
#define BULK_MAX	100000
/* A line longer than this is not an indicator. */
#define LINE_MAX_LEN	1024
#define STR_(x)		#x
#define STR(x)		STR_(x)
/* Addresses per Team Cymru bulk query (its answer stays under 1 MiB). */
#define CYMRU_CHUNK	5000
/* Store the answers gathered so far after this many, or this long. */
#define COMMIT_EVERY	500
#define COMMIT_SECS	10

struct item {
	struct lookup	 l;
	size_t		 line;		/* where it was first given */
	int		 waiting;	/* parts not answered yet */
	struct bulk	*bulk;
};

/* One Team Cymru bulk query and the items it asks about. */
struct chunk {
	struct net_req	 req;
	size_t		*items;
	size_t		 n;
	char		*query;
	struct bulk	*bulk;
};

struct bulk {
	struct ctx	*ctx;
	struct item	*items;
	size_t		 n, ndone;
	struct source_batch shared;
	size_t		 committed;	/* shared.v[0..committed) stored */
	time_t		 last_commit;
	int		 store_rc;	/* the first failure to store */
	char		 subject[64];
	struct chunk	*chunks;
	size_t		 nchunks;
	size_t		 cymru_cached;
	/* progress bar */
	int		 tty;
	int64_t		 started_ms, drawn_ms;
};

static int64_t
ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- input ---- */

static int
item_cmp_value(const void *a, const void *b)
{
	const struct item *x = *(struct item *const *)a;
	const struct item *y = *(struct item *const *)b;
	int c = strcmp(x->l.value, y->l.value);

	if (c != 0)
		return c;
	return (x->line > y->line) - (x->line < y->line);
}

/*
 * Read one indicator a line ('#' starts a comment; blank lines skipped),
 * each checked before anything is asked: the first bad line ends the run
 * (DP_EX_DATAERR, naming the line).  Duplicates are kept once, at their
 * first line.
 */
/*
 * One line of fp into line (LINE_MAX_LEN bytes and a NUL), without its
 * end: 1, 0 at the end of the file, -1 when the line is too long or
 * holds a NUL byte (*why says which), -2 on a read error.  Reads no more
 * than it keeps, so a file without line breaks costs no memory.
 */
static int
read_line(FILE *fp, char line[LINE_MAX_LEN + 1], const char **why)
{
	size_t n = 0;
	int c;

	while ((c = getc(fp)) != EOF && c != '\n') {
		if (c == '\0') {
			*why = "NUL byte in line";
			return -1;
		}
		if (n == LINE_MAX_LEN) {
			*why = "line longer than " STR(LINE_MAX_LEN) " bytes";
			return -1;
		}
		line[n++] = (char)c;
	}
	line[n] = '\0';
	if (c == EOF && ferror(fp))
		return -2;
	return c == EOF && n == 0 ? 0 : 1;
}

static int
read_items(const char *path, struct bulk *b)
{
	FILE *fp;
	char line[LINE_MAX_LEN + 1], *p, *e, shown[EXCERPT_BUF];
	size_t lineno = 0, cap = 0, i, w;
	struct dp_err err = DP_ERR_INIT;
	struct item **order;
	const char *name = strcmp(path, "-") == 0 ? "standard input" : path;
	const char *why = NULL;
	int rc = 0, got;

	if (strcmp(path, "-") == 0)
		fp = stdin;
	else if ((fp = fopen(path, "r")) == NULL) {
		rc = errno == ENOENT ? DP_EX_NOINPUT : DP_EX_IOERR;
		error("cannot open '%s': %s", path, strerror(errno));
		return rc;
	}
	while ((got = read_line(fp, line, &why)) > 0 || got == -1) {
		lineno++;
		if (got == -1) {
			error("%s:%zu: %s", name, lineno, why);
			rc = DP_EX_DATAERR;
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
			error("%s:%zu: more than %d indicators; split the "
			    "file", name, lineno, BULK_MAX);
			rc = DP_EX_DATAERR;
			goto out;
		}
		if (b->n == cap) {
			cap = cap > 0 ? cap * 2 : 64;
			b->items = xrealloc(b->items, cap * sizeof(*b->items));
		}
		memset(&b->items[b->n], 0, sizeof(b->items[b->n]));
		if (lookup_init(&b->items[b->n].l, p, 0, &err) != 0) {
			error("%s:%zu: '%s': %s", name, lineno,
			    text_excerpt(p, strlen(p), shown), err.msg);
			rc = DP_EX_DATAERR;
			goto out;
		}
		b->items[b->n].line = lineno;
		b->items[b->n].bulk = b;
		b->n++;
	}
	if (got == -2) {
		error("cannot read %s: %s", name, strerror(errno));
		rc = DP_EX_IOERR;
		goto out;
	}
	if (b->n == 0) {
		error("%s: no address, prefix or AS number in it", name);
		rc = DP_EX_DATAERR;
		goto out;
	}
	/* Each indicator once, in the order first given. */
	order = xcalloc(b->n, sizeof(*order));
	for (i = 0; i < b->n; i++)
		order[i] = &b->items[i];
	qsort(order, b->n, sizeof(*order), item_cmp_value);
	for (i = 1; i < b->n; i++)
		if (strcmp(order[i]->l.value, order[i - 1]->l.value) == 0)
			order[i]->line = 0;	/* a repeat */
	free(order);
	for (i = w = 0; i < b->n; i++) {
		if (b->items[i].line == 0) {
			lookup_release(&b->items[i].l);
			continue;
		}
		b->items[w++] = b->items[i];
	}
	b->n = w;
out:
	if (fp != stdin)
		fclose(fp);
	return rc;
}

/* ---- progress and storing ---- */

static void
draw(struct bulk *b, int last)
{
	int64_t t = ms_now();
	char bar[31];
	size_t fill, i;

	if (!b->tty || (!last && t - b->drawn_ms < 100))
		return;
	b->drawn_ms = t;
	fill = b->n > 0 ? b->ndone * 30 / b->n : 30;
	for (i = 0; i < 30; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[30] = '\0';
	fprintf(stderr, "\r[%s] %zu/%zu done  %.1f s", bar, b->ndone,
	    b->n, (double)(t - b->started_ms) / 1000.0);
	if (last)
		fputs("\r\033[K", stderr);
	fflush(stderr);
}

/* Store what was fetched since the last commit. */
static void
commit(struct bulk *b)
{
	struct dp_err err = DP_ERR_INIT;

	if (b->store_rc != 0 || b->ctx->db == NULL ||
	    b->committed >= b->shared.n)
		return;
	if (source_batch_commit_from(b->ctx->db, &b->shared, b->committed,
	    b->subject, &err) != 0) {
		/* Go on resolving; the results say the answers were not
		   stored and the exit status tells. */
		b->store_rc = report(&err);
		return;
	}
	b->committed = b->shared.n;
	b->last_commit = time(NULL);
}

static void
progress(size_t done, size_t total, void *arg)
{
	struct bulk *b = arg;

	(void)done;
	(void)total;
	if (b->shared.n - b->committed >= COMMIT_EVERY ||
	    (b->shared.n > b->committed &&
	    time(NULL) - b->last_commit >= COMMIT_SECS))
		commit(b);
	draw(b, 0);
}

static void
part_done(struct item *it)
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
	memcpy(key.a.addr, a->addr, a->family == AF_INET ? 4 : 16);
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
	struct chunk *c = arg;
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
		dp_err_prefix(&err, "%s", cymru_label());
		r->rc = DP_EX_PROTOCOL;
		r->err = err;
	}
	if (r->rc != 0) {
		for (i = 0; i < c->n; i++) {
			struct item *it = &b->items[c->items[i]];

			lookup_note_failure(&it->l, r->rc, "cymru: %s",
			    r->err.msg);
			part_done(it);
		}
		return;
	}
	source_batch_add(&b->shared, "cymru", cymru_label(), c->query,
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
		struct item *it = &b->items[c->items[i]];

		k = rowidx_find(&x, &it->l.net, &mine);
		lookup_take_cymru(&it->l, mine, k, 0, idx, cymru_label(),
		    label, r->fetched_at, s->sha256);
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
 * asked in bulk queries of CYMRU_CHUNK.
 */
static void
cymru_start(struct bulk *b, struct net *net, int64_t not_before,
    int use_store)
{
	struct parsed *cache = NULL;
	size_t ncache = 0, *ask = NULL, nask = 0, i, j, k;
	struct source s;
	struct cymru_row *mine;
	int64_t id;
	struct dp_err err = DP_ERR_INIT;
	char label[64], buf[IPNET_STRLEN];

	for (i = 0; i < b->n; i++) {
		struct item *it = &b->items[i];
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
		if (use_store &&
		    db_source_covering(b->ctx->db, "cymru", cymru_label(),
		    it->l.net.family, it->l.net.addr, not_before, &id,
		    NULL) == 0) {
			for (j = 0; j < ncache; j++)
				if (cache[j].src.id == id)
					break;
			if (j < ncache)
				p = &cache[j];
			else if (db_source_get(b->ctx->db, id, &s, NULL) ==
			    0) {
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
				    -1, cymru_label(), label,
				    p->src.fetched_at, p->src.sha256);
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
	b->nchunks = (nask + CYMRU_CHUNK - 1) / CYMRU_CHUNK;
	b->chunks = xcalloc(b->nchunks > 0 ? b->nchunks : 1,
	    sizeof(*b->chunks));
	for (j = 0; j < b->nchunks; j++) {
		struct chunk *c = &b->chunks[j];
		char **texts;

		c->bulk = b;
		c->n = nask - j * CYMRU_CHUNK;
		if (c->n > CYMRU_CHUNK)
			c->n = CYMRU_CHUNK;
		c->items = xcalloc(c->n, sizeof(*c->items));
		memcpy(c->items, ask + j * CYMRU_CHUNK, c->n *
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
		c->req.host = xstrdup(endpoints()->cymru.name);
		c->req.port = endpoints()->cymru.port;
		c->req.query = xstrdup(c->query);
		c->req.done = chunk_done;
		c->req.arg = c;
		net_add(net, &c->req);
	}
	free(ask);
}

/* ---- output ---- */

static void
print_table(struct bulk *b)
{
	static const char *const hdr[] = { "INDICATOR", "ORIGIN", "NETNAME",
	    "RIR", "ABUSE" };
	struct table *t = table_new(5, hdr);
	struct buf origin = BUF_INIT;
	const char *cells[5];
	size_t i, k;

	for (i = 0; i < b->n; i++) {
		struct lookup *l = &b->items[i].l;
		const struct reg_record *m = lookup_record(l);

		buf_reset(&origin);
		for (k = 0; k < l->norigins; k++)
			buf_addf(&origin, "%sAS%u", k > 0 ? " " : "",
			    l->origins[k].asn);
		cells[0] = l->value;
		cells[1] = origin.len > 0 ? origin.s : NULL;
		cells[2] = m != NULL ? m->name : NULL;
		cells[3] = m != NULL ? m->source : NULL;
		cells[4] = NULL;
		for (k = 0; k < l->ncontacts; k++)
			if (l->contacts[k].role == ROLE_ABUSE) {
				cells[4] = l->contacts[k].email;
				break;
			}
		table_row(t, cells);
	}
	table_end(t);
	buf_release(&origin);
}

/* The warnings of the lookups that found nothing, on stderr. */
static void
print_failures(const struct bulk *b, const char *name)
{
	size_t i, shown = 0, failed = 0;

	for (i = 0; i < b->n; i++) {
		const struct lookup *l = &b->items[i].l;

		if (l->answered > 0)
			continue;
		failed++;
		if (shown++ < 20)
			error("%s:%zu: %s: %s", name, b->items[i].line,
			    l->value, l->nwarnings > 0 ? l->warnings[0] :
			    "no registry answered");
	}
	if (shown > 20)
		error("... and %zu more not resolved", shown - 20);
	if (failed > 0)
		error("%zu of %zu not resolved", failed, b->n);
}

int
lookup_bulk(struct ctx *ctx, const char *path, unsigned want, int refresh,
    long long ttl, int exact)
{
	struct rdap_bootstrap boot;
	struct whois_share *share = NULL;
	struct bulk b;
	struct net *net = NULL;
	int64_t not_before = time(NULL) - ttl;
	int use_store = !refresh && ttl > 0, rc, have_boot = 0, in_read;
	const char *name = strcmp(path, "-") == 0 ? "standard input" : path;
	size_t i, asked = 0, reused = 0, resolved = 0;

	memset(&b, 0, sizeof(b));
	b.ctx = ctx;
	if ((rc = read_items(path, &b)) != 0)
		goto out;
	if ((rc = ctx_db_mode(ctx, CMD_DB_CREATE)) != 0)
		goto out;
	if ((want & LK_RDAP) && (rc = load_bootstrap(ctx, &boot)) != 0)
		goto out;
	have_boot = (want & LK_RDAP) != 0;
	if ((net = open_net(ctx, &rc)) == NULL)
		goto out;
	snprintf(b.subject, sizeof(b.subject), "lookup:bulk of %zu", b.n);
	b.last_commit = time(NULL);
	b.tty = isatty(STDERR_FILENO);
	b.started_ms = ms_now();
	if (!exact)
		share = whois_share_new(use_store ? ctx->db : NULL, not_before,
		    &b.shared);
	for (i = 0; i < b.n; i++) {
		struct lookup *l = &b.items[i].l;

		l->want = want & ~LK_CYMRU;
		l->ep = endpoints();
		l->db = use_store ? ctx->db : NULL;
		l->not_before = not_before;
		l->shared = &b.shared;
		l->share = share;
		/* Done when its lookup and its Team Cymru row are in. */
		b.items[i].waiting = (want & LK_CYMRU) ? 2 : 1;
	}
	/*
	 * What the store answers is read now, as the lookups start: in one
	 * read transaction, not one lock per query.  Nothing is written
	 * before net_run().
	 */
	in_read = use_store && db_begin_read(ctx->db, NULL) == 0;
	if (want & LK_CYMRU)
		cymru_start(&b, net, not_before, use_store);
	for (i = 0; i < b.n; i++) {
		struct item *it = &b.items[i];

		it->l.on_done = lookup_done;
		it->l.on_done_arg = it;
		lookup_start(&it->l, net, have_boot ? &boot : NULL);
	}
	if (in_read)
		db_rollback(ctx->db);	/* it only read */
	net_run(net, progress, &b);
	commit(&b);
	draw(&b, 1);
	rc = DP_EX_OK;
	for (i = 0; i < b.n; i++) {
		struct lookup *l = &b.items[i].l;

		lookup_fill_ids(l);
		lookup_finish(l);
		if (l->answered == 0 && rc == DP_EX_OK)
			rc = l->worst_rc != 0 ? l->worst_rc :
			    DP_EX_UNAVAILABLE;
	}
	if (ctx->json) {
		for (i = 0; i < b.n; i++)
			json_stream_item(lookup_to_json(&b.items[i].l),
			    (int64_t)i + 1);
		json_stream_end((int64_t)b.n);
	} else
		print_table(&b);
	print_failures(&b, name);
	if (b.tty) {
		for (i = 0; i < b.n; i++)
			resolved += b.items[i].l.answered > 0;
		fprintf(stderr, "depeer: %zu of %zu resolved", resolved, b.n);
		if (share != NULL) {
			whois_share_counts(share, &asked, &reused);
			fprintf(stderr, "; WHOIS: %zu quer%s, %zu answer%s "
			    "reused", asked, asked == 1 ? "y" : "ies", reused,
			    reused == 1 ? "" : "s");
		}
		if (want & LK_CYMRU)
			fprintf(stderr, "; Team Cymru: %zu bulk quer%s, %zu "
			    "row%s from the store", b.nchunks, b.nchunks == 1 ?
			    "y" : "ies", b.cymru_cached, b.cymru_cached == 1 ?
			    "" : "s");
		fputc('\n', stderr);
	}
	if (b.store_rc != 0)
		rc = b.store_rc;
out:
	for (i = 0; i < b.nchunks; i++) {
		net_req_release(&b.chunks[i].req);
		free(b.chunks[i].items);
		free(b.chunks[i].query);
	}
	free(b.chunks);
	for (i = 0; i < b.n; i++)
		lookup_release(&b.items[i].l);
	free(b.items);
	whois_share_free(share);
	source_batch_release(&b.shared);
	net_free(net);
	if (have_boot)
		rdap_bootstrap_release(&boot);
	return rc;
}
