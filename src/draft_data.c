/*
 * draft_data.c - the template data, evidence.csv and cited answers of a
 * complaint; see draft_data.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistr.h>
#include <uniwidth.h>

#include "config.h"
#include "contacts.h"
#include "db.h"
#include "defang.h"
#include "draft_data.h"
#include "exitcodes.h"
#include "lookup.h"
#include "provider.h"
#include "resolver.h"
#include "source.h"
#include "validate.h"

/* The kinds (validate.h's evidence_kinds order) in words. */
static const struct {
	const char	*kind, *many, *one;
} kinds[] = {
	{ "c2", "botnet command-and-control (C2) servers", "C2 server" },
	{ "spam-source", "sources of spam", "spam source" },
	{ "malware-host", "hosts serving malware", "malware host" },
	{ "phishing", "phishing sites", "phishing site" },
	{ "botnet-ctrl", "botnet controllers", "botnet controller" },
	{ "scan", "hosts scanning other networks", "scanner" },
	{ "other", "other abuse", "other" },
};
#define NKINDS	ARRAY_SIZE(kinds)

static const struct {
	const char	*type, *label;
	enum ind_type	 t;
} types[] = {
	{ "ipv4", "IPv4 addresses", IND_IPV4 },
	{ "ipv6", "IPv6 addresses", IND_IPV6 },
	{ "cidr", "network prefixes", IND_CIDR },
	{ "domain", "domain names", IND_DOMAIN },
	{ "url", "URLs", IND_URL },
};
#define NTYPES	ARRAY_SIZE(types)

/*
 * The index of kind k, told by its first letters (the schema's CHECK
 * allows no other kinds): this runs once per row of a million.
 */
static size_t
kind_index(const char *k)
{
	switch (k[0]) {
	case 'c':
		return 0;
	case 's':
		return k[1] == 'p' ? 1 : 5;
	case 'm':
		return 2;
	case 'p':
		return 3;
	case 'b':
		return 4;
	default:
		return 6;
	}
}

/* The index of indicator type t, the same way. */
static size_t
type_index(const char *t)
{
	switch (t[0]) {
	case 'i':
		return t[3] == '4' ? 0 : 1;
	case 'c':
		return 2;
	case 'd':
		return 3;
	default:
		return 4;
	}
}

/* ---- the pass over the evidence ---- */

/* A row kept for the sample. */
struct cand {
	int64_t		 id;
	size_t		 kind, type;
	char		*indicator, *family, *source;
	int		 has_observed;
	int64_t		 observed_at;
};

static void
cand_clear(struct cand *c)
{
	free(c->indicator);
	free(c->family);
	free(c->source);
	memset(c, 0, sizeof(*c));
}

/* Row a is newer than b: dated before undated, then time, then id. */
static int
newer(int a_dated, int64_t a_t, int64_t a_id, const struct cand *b)
{
	if (a_dated != b->has_observed)
		return a_dated;
	if (a_dated && a_t != b->observed_at)
		return a_t > b->observed_at;
	return a_id > b->id;
}

/* A family and its count (an open-addressing table). */
struct fam {
	char		*name;
	int64_t		 n;
};

struct pass {
	const struct draft_req *req;
	size_t		 k;		/* sample size */
	int64_t		 total, kind_n[NKINDS], type_n[NTYPES];
	int		 dated;
	int64_t		 first, last;
	/* families */
	struct fam	*fam;
	size_t		 fam_cap, fam_n;
	/* the newest distinct indicators of each kind (at most k) */
	struct cand	*cand[NKINDS];
	size_t		 ncand[NKINDS];
	size_t		 oldest[NKINDS];	/* the oldest kept */
	/* evidence.csv */
	struct buf	*csv;
	struct buf	 line;
	int		 csv_full;
	int64_t		 csv_rows, csv_omitted, max_id;
};

static uint64_t
str_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static void
fam_count(struct pass *p, const char *name)
{
	struct fam *old;
	size_t i, j, cap;

	if (p->fam_n * 2 >= p->fam_cap) {
		old = p->fam;
		cap = p->fam_cap;
		p->fam_cap = cap == 0 ? 64 : cap * 2;
		p->fam = xcalloc(p->fam_cap, sizeof(*p->fam));
		for (i = 0; i < cap; i++) {
			if (old[i].name == NULL)
				continue;
			j = str_hash(old[i].name) & (p->fam_cap - 1);
			while (p->fam[j].name != NULL)
				j = (j + 1) & (p->fam_cap - 1);
			p->fam[j] = old[i];
		}
		free(old);
	}
	j = str_hash(name) & (p->fam_cap - 1);
	while (p->fam[j].name != NULL && strcmp(p->fam[j].name, name) != 0)
		j = (j + 1) & (p->fam_cap - 1);
	if (p->fam[j].name == NULL) {
		p->fam[j].name = xstrdup(name);
		p->fam_n++;
	}
	p->fam[j].n++;
}

static void
cand_set(struct cand *c, const struct draft_ev_row *r, size_t kind)
{
	cand_clear(c);
	c->id = r->id;
	c->kind = kind;
	c->type = type_index(r->indicator_type);
	c->indicator = xstrdup(r->indicator);
	c->family = r->family != NULL ? xstrdup(r->family) : NULL;
	c->source = r->source != NULL ? xstrdup(r->source) : NULL;
	c->has_observed = r->has_observed;
	c->observed_at = r->observed_at;
}

/*
 * Keep r among the k newest distinct indicators of its kind.  A row is
 * refused only when k distinct indicators newer than it are kept, so the
 * set at the end is exactly the k newest (by each one's newest row).
 */
static void
sample_offer(struct pass *p, const struct draft_ev_row *r, size_t kind)
{
	struct cand *v = p->cand[kind];
	size_t n = p->ncand[kind], i, o;

	if (n == p->k && !newer(r->has_observed, r->observed_at, r->id,
	    &v[p->oldest[kind]]))
		return;		/* older than all k kept: the usual case */
	for (i = 0; i < n; i++)
		if (strcmp(v[i].indicator, r->indicator) == 0)
			break;
	if (i < n) {
		if (!newer(r->has_observed, r->observed_at, r->id, &v[i]))
			return;
		cand_set(&v[i], r, kind);
	} else if (n < p->k)
		cand_set(&v[p->ncand[kind]++], r, kind);
	else
		cand_set(&v[p->oldest[kind]], r, kind);
	for (o = 0, i = 1; i < p->ncand[kind]; i++)
		if (newer(v[o].has_observed, v[o].observed_at, v[o].id, &v[i]))
			o = i;
	p->oldest[kind] = o;
}

/* A CSV field (RFC 4180): quoted when it must be. */
static void
csv_field(struct buf *b, const char *s)
{
	if (s == NULL)
		return;
	if (strpbrk(s, ",\"\r\n") == NULL) {
		buf_adds(b, s);
		return;
	}
	buf_addc(b, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			buf_addc(b, '"');
		buf_addc(b, *s);
	}
	buf_addc(b, '"');
}

#define CSV_HEADER	"evidence_id,observed_at,kind,indicator," \
	"indicator_type,family,source,recorded_at\r\n"

static void
csv_row(struct pass *p, const struct draft_ev_row *r)
{
	char t[TIME_STRLEN];

	if (p->csv_full) {
		p->csv_omitted++;
		return;
	}
	buf_reset(&p->line);
	buf_addf(&p->line, "%lld,", (long long)r->id);
	if (r->has_observed) {
		fmt_time(r->observed_at, t);
		buf_adds(&p->line, t);
	}
	buf_addc(&p->line, ',');
	csv_field(&p->line, r->kind);
	buf_addc(&p->line, ',');
	csv_field(&p->line, r->indicator);
	buf_addc(&p->line, ',');
	csv_field(&p->line, r->indicator_type);
	buf_addc(&p->line, ',');
	csv_field(&p->line, r->family);
	buf_addc(&p->line, ',');
	csv_field(&p->line, r->source);
	fmt_time(r->recorded_at, t);
	buf_addf(&p->line, ",%s\r\n", t);
	if (p->req->max_csv > 0 &&
	    (int64_t)(p->csv->len + p->line.len) > p->req->max_csv) {
		/* Stop here, so the file is every row up to max_id. */
		p->csv_full = 1;
		p->csv_omitted++;
		return;
	}
	buf_add(p->csv, p->line.s, p->line.len);
	p->csv_rows++;
	p->max_id = r->id;
}

static int
pass_row(const struct draft_ev_row *r, void *arg)
{
	struct pass *p = arg;
	size_t kind = kind_index(r->kind);

	p->total++;
	p->kind_n[kind]++;
	p->type_n[type_index(r->indicator_type)]++;
	if (r->has_observed) {
		if (!p->dated || r->observed_at < p->first)
			p->first = r->observed_at;
		if (!p->dated || r->observed_at > p->last)
			p->last = r->observed_at;
		p->dated = 1;
	}
	if (r->family != NULL && *r->family != '\0')
		fam_count(p, r->family);
	sample_offer(p, r, kind);
	csv_row(p, r);
	return 0;
}

static void
pass_release(struct pass *p)
{
	size_t i, j;

	for (i = 0; i < p->fam_cap; i++)
		free(p->fam[i].name);
	free(p->fam);
	for (i = 0; i < NKINDS; i++) {
		for (j = 0; j < p->ncand[i]; j++)
			cand_clear(&p->cand[i][j]);
		free(p->cand[i]);
	}
	buf_release(&p->line);
}

/* ---- JSON helpers ---- */

static void
set_str(json_t *o, const char *key, const char *s)
{
	json_object_set_new(o, key, json_string(s));
}

/* Free text from the case, defanged; absent when s is NULL or empty. */
static void
set_text(json_t *o, const char *key, const char *s)
{
	char *d;

	if (s == NULL || *s == '\0')
		return;
	d = defang_text(s);
	json_object_set_new(o, key, json_string(d));
	free(d);
}

static void
set_time(json_t *o, const char *key, int64_t t)
{
	char b[TIME_STRLEN];

	fmt_time(t, b);
	set_str(o, key, b);
}

static void
set_date(json_t *o, const char *key, int64_t t)
{
	char b[TIME_STRLEN];

	fmt_time(t, b);
	b[10] = '\0';
	set_str(o, key, b);
}

static void
set_as(json_t *o, const char *key, uint32_t asn)
{
	char b[16];

	snprintf(b, sizeof(b), "AS%u", asn);
	set_str(o, key, b);
}

/* ---- the evidence object ---- */

static int
fam_cmp(const void *a, const void *b)
{
	const struct fam *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int
cand_cmp(const void *a, const void *b)
{
	const struct cand *x = *(const struct cand *const *)a;
	const struct cand *y = *(const struct cand *const *)b;

	if (x->id == y->id)
		return 0;
	return newer(x->has_observed, x->observed_at, x->id, y) ? -1 : 1;
}

static int
picked(struct cand **v, size_t n, const char *indicator)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i]->indicator, indicator) == 0)
			return 1;
	return 0;
}

/* The rows of the sample, newest first (pointers into p's candidates). */
static size_t
sample_pick(struct pass *p, struct cand ***out)
{
	struct cand **pool, **v;
	size_t npool = 0, n = 0, i, j, best;
	int done[NKINDS];

	pool = xcalloc(NKINDS * (p->k + 1) + 1, sizeof(*pool));
	v = xcalloc(p->k + 1, sizeof(*v));
	for (i = 0; i < NKINDS; i++)
		for (j = 0; j < p->ncand[i]; j++)
			pool[npool++] = &p->cand[i][j];
	qsort(pool, npool, sizeof(*pool), cand_cmp);
	/* The newest of each kind present, most common kind first. */
	memset(done, 0, sizeof(done));
	while (n < p->k) {
		best = NKINDS;
		for (i = 0; i < NKINDS; i++)
			if (!done[i] && p->ncand[i] > 0 && (best == NKINDS ||
			    p->kind_n[i] > p->kind_n[best]))
				best = i;
		if (best == NKINDS)
			break;
		done[best] = 1;
		/* None when all its indicators are shown under another. */
		for (i = 0; i < npool; i++)
			if (pool[i]->kind == best &&
			    !picked(v, n, pool[i]->indicator)) {
				v[n++] = pool[i];
				break;
			}
	}
	/* Then the newest of the rest. */
	for (i = 0; i < npool && n < p->k; i++)
		if (!picked(v, n, pool[i]->indicator))
			v[n++] = pool[i];
	qsort(v, n, sizeof(*v), cand_cmp);
	free(pool);
	*out = v;
	return n;
}

static size_t
width(const char *s)
{
	int w = u8_strwidth((const uint8_t *)s, "UTF-8");

	return w < 0 ? strlen(s) : (size_t)w;
}

/*
 * The sample as a plain-text table: columns aligned by display width,
 * two spaces apart, no trailing spaces, each line ending in \n.
 */
static char *
sample_table(char ***cells, size_t rows)
{
	static const char *const head[] = { "ID", "OBSERVED (UTC)", "KIND",
	    "INDICATOR", "FAMILY" };
	size_t w[5], i, c, end, k;
	struct buf b = BUF_INIT;

	for (c = 0; c < 5; c++) {
		w[c] = width(head[c]);
		for (i = 0; i < rows; i++)
			if (width(cells[i][c]) > w[c])
				w[c] = width(cells[i][c]);
	}
	for (i = 0; i <= rows; i++) {
		const char *const *row = i == 0 ? head :
		    (const char *const *)cells[i - 1];

		for (end = 5; end > 1 && *row[end - 1] == '\0'; end--)
			;
		for (c = 0; c < end; c++) {
			buf_adds(&b, row[c]);
			if (c + 1 < end)
				for (k = width(row[c]); k < w[c] + 2; k++)
					buf_addc(&b, ' ');
		}
		buf_addc(&b, '\n');
	}
	return buf_detach(&b, NULL);
}

static json_t *
evidence_json(struct pass *p, const struct draft_data *d)
{
	json_t *ev = json_object(), *a, *o, *s;
	struct fam *fv;
	struct cand **v;
	size_t i, n, nf = 0, order[NKINDS], j;
	char ***cells, *t;
	int64_t others = 0;

	json_object_set_new(ev, "total", json_integer(p->total));
	if (p->dated) {
		set_time(ev, "first_seen", p->first);
		set_time(ev, "last_seen", p->last);
	}
	/* by_kind: by count, then the kinds' own order */
	for (i = 0; i < NKINDS; i++)
		order[i] = i;
	for (i = 1; i < NKINDS; i++)
		for (j = i; j > 0 && p->kind_n[order[j]] >
		    p->kind_n[order[j - 1]]; j--) {
			size_t x = order[j];

			order[j] = order[j - 1];
			order[j - 1] = x;
		}
	a = json_array();
	for (i = 0; i < NKINDS; i++) {
		if (p->kind_n[order[i]] == 0)
			continue;
		o = json_object();
		set_str(o, "kind", kinds[order[i]].kind);
		set_str(o, "label", kinds[order[i]].many);
		json_object_set_new(o, "count",
		    json_integer(p->kind_n[order[i]]));
		json_array_append_new(a, o);
	}
	json_object_set_new(ev, "by_kind", a);
	/* by_family */
	if (p->fam_n > 0) {
		fv = xcalloc(p->fam_n, sizeof(*fv));
		for (i = 0; i < p->fam_cap; i++)
			if (p->fam[i].name != NULL)
				fv[nf++] = p->fam[i];
		qsort(fv, nf, sizeof(*fv), fam_cmp);
		a = json_array();
		for (i = 0; i < nf; i++) {
			if (i >= DRAFT_FAMILIES) {
				others += fv[i].n;
				continue;
			}
			o = json_object();
			set_text(o, "family", fv[i].name);
			json_object_set_new(o, "count", json_integer(fv[i].n));
			json_array_append_new(a, o);
		}
		if (others > 0) {
			o = json_object();
			set_str(o, "family", "others");
			json_object_set_new(o, "count", json_integer(others));
			json_array_append_new(a, o);
		}
		json_object_set_new(ev, "by_family", a);
		free(fv);
	}
	/* by_type, in the types' order */
	a = json_array();
	for (i = 0; i < NTYPES; i++) {
		if (p->type_n[i] == 0)
			continue;
		o = json_object();
		set_str(o, "type", types[i].type);
		set_str(o, "label", types[i].label);
		json_object_set_new(o, "count", json_integer(p->type_n[i]));
		json_array_append_new(a, o);
	}
	json_object_set_new(ev, "by_type", a);
	/* sample and its table */
	n = sample_pick(p, &v);
	cells = xcalloc(n + 1, sizeof(*cells));
	a = json_array();
	for (i = 0; i < n; i++) {
		char tb[TIME_STRLEN];

		o = json_object();
		json_object_set_new(o, "id", json_integer(v[i]->id));
		set_str(o, "kind", kinds[v[i]->kind].kind);
		set_str(o, "label", kinds[v[i]->kind].one);
		t = defang(v[i]->indicator, types[v[i]->type].t);
		set_str(o, "indicator", t);
		set_str(o, "type", types[v[i]->type].type);
		if (v[i]->has_observed)
			set_time(o, "observed_at", v[i]->observed_at);
		set_text(o, "family", v[i]->family);
		set_text(o, "source", v[i]->source);
		json_array_append_new(a, o);
		cells[i] = xcalloc(5, sizeof(**cells));
		cells[i][0] = xasprintf("%lld", (long long)v[i]->id);
		if (v[i]->has_observed) {
			fmt_time(v[i]->observed_at, tb);
			cells[i][1] = xstrdup(tb);
		} else
			cells[i][1] = xstrdup("-");
		cells[i][2] = xstrdup(kinds[v[i]->kind].kind);
		cells[i][3] = t;
		cells[i][4] = v[i]->family != NULL && *v[i]->family != '\0' ?
		    defang_text(v[i]->family) : xstrdup("");
	}
	json_object_set_new(ev, "sample", a);
	t = sample_table(cells, n);
	set_str(ev, "sample_table", t);
	free(t);
	for (i = 0; i < n; i++) {
		for (j = 0; j < 5; j++)
			free(cells[i][j]);
		free(cells[i]);
	}
	free(cells);
	free(v);
	json_object_set_new(ev, "shown", json_integer((json_int_t)n));
	if (p->total > (int64_t)n)
		json_object_set_new(ev, "more",
		    json_integer(p->total - (int64_t)n));
	s = json_object();
	set_str(s, "name", "evidence.csv");
	json_object_set_new(s, "rows", json_integer(d->csv_rows));
	json_object_set_new(s, "omitted", json_integer(d->csv_omitted));
	json_object_set_new(s, "truncated", json_boolean(d->csv_omitted > 0));
	json_object_set_new(ev, "csv", s);
	return ev;
}

/* ---- the cited answers ---- */

struct recs {
	struct draft_record *v;
	json_t		**obj;		/* each one's JSON */
	size_t		 n;
};

/* The answer's host for a file name: no port, only [A-Za-z0-9.-]. */
static char *
file_host(const char *server)
{
	const char *colon = strchr(server, ':');
	char *h;
	size_t i;

	if (colon != NULL && strchr(colon + 1, ':') == NULL)
		h = xstrndup(server, (size_t)(colon - server));
	else
		h = xstrdup(server);
	for (i = 0; h[i] != '\0'; i++)
		if (!((h[i] >= 'a' && h[i] <= 'z') ||
		    (h[i] >= 'A' && h[i] <= 'Z') ||
		    (h[i] >= '0' && h[i] <= '9') || h[i] == '.' ||
		    h[i] == '-'))
			h[i] = '-';
	return h;
}

/*
 * Cite stored answer id (once: a second citation returns the first's
 * index) with what it shows; *idx receives its index.
 */
static int
rec_add(struct db *db, struct recs *rs, int64_t id, const char *method,
    const char *detail, size_t *idx, struct dp_err *err)
{
	struct draft_record *r;
	struct source s;
	json_t *o;
	char *host, *q;
	const char *ext, *ctype;
	int rc;

	for (*idx = 0; *idx < rs->n; (*idx)++)
		if (rs->v[*idx].source_id == id)
			return 0;
	if ((rc = db_source_get(db, id, &s, err)) != 0)
		return rc;
	if (strcmp(s.protocol, "rdap") == 0 ||
	    strcmp(s.protocol, "ripestat") == 0) {
		ext = "json";
		ctype = "application/json";
	} else if (strcmp(s.protocol, "dns") == 0) {
		ext = "bin";	/* the wire format */
		ctype = "application/octet-stream";
	} else {
		ext = "txt";
		ctype = "text/plain";
	}
	rs->v = xreallocarray(rs->v, rs->n + 1, sizeof(*rs->v));
	rs->obj = xreallocarray(rs->obj, rs->n + 1, sizeof(*rs->obj));
	r = &rs->v[rs->n];
	r->source_id = id;
	r->ref = xasprintf("R%zu", rs->n + 1);
	host = file_host(s.server);
	r->attachment = xasprintf("%s-%s-%s.%s", r->ref, s.protocol, host,
	    ext);
	free(host);
	r->content_type = xstrdup(ctype);
	o = json_object();
	set_str(o, "ref", r->ref);
	json_object_set_new(o, "id", json_integer(id));
	set_str(o, "protocol", s.protocol);
	set_str(o, "server", s.server);
	/* A query may name an address or a URL: defanged like the rest. */
	q = defang_text(s.query);
	set_str(o, "query", q);
	free(q);
	set_time(o, "fetched_at", s.fetched_at);
	set_date(o, "date", s.fetched_at);
	set_str(o, "sha256", s.sha256);
	json_object_set_new(o, "size", json_integer((json_int_t)s.size));
	if (method != NULL)
		set_str(o, "method", method);
	set_text(o, "detail", detail);
	set_str(o, "attachment", r->attachment);
	rs->obj[rs->n] = o;
	*idx = rs->n++;
	source_release(&s);
	return 0;
}

static void
recs_release(struct recs *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		json_decref(rs->obj[i]);
	free(rs->obj);
	/* the records themselves move to the draft_data */
}

/* Cite every answer behind link l into arr (the link's records). */
static int
cite_link(struct db *db, struct recs *rs, const struct draft_link *l,
    json_t *arr, struct dp_err *err)
{
	struct draft_link_src *v;
	size_t n, i, idx;
	int rc;

	if ((rc = db_draft_link_sources(db, l->id, &v, &n, err)) != 0)
		return rc;
	for (i = 0; i < n && rc == 0; i++) {
		size_t k;
		int have = 0;

		if ((rc = rec_add(db, rs, v[i].source_id, v[i].method,
		    v[i].detail, &idx, err)) != 0)
			break;
		for (k = 0; k < json_array_size(arr); k++)
			have |= json_array_get(arr, k) == rs->obj[idx];
		if (!have)
			json_array_append(arr, rs->obj[idx]);
	}
	db_draft_link_src_free(v, n);
	return rc;
}

/* ---- the relation ---- */

/* Link a is better evidence than b: seen later, then more confident. */
static int
link_better(const struct draft_link *a, const struct draft_link *b)
{
	if (a->last_seen != b->last_seen)
		return a->last_seen > b->last_seen;
	return a->confidence > b->confidence;
}

/*
 * The relation of target to provider p, and for an upstream the
 * "upstream" object (its records cited into rs).
 */
static int
relation(struct db *db, const struct provider *p, uint32_t target,
    struct recs *rs, const char **rel, json_t **up, struct dp_err *err)
{
	struct draft_link best, best2, l, l2;
	size_t i;
	int rc, found = 0, via = 0;
	char conf[16];
	json_t *arr;

	*rel = "other";
	*up = NULL;
	if (target == 0)
		return 0;
	for (i = 0; i < p->nasns; i++)
		if (p->asns[i] == target) {
			*rel = "provider";
			return 0;
		}
	memset(&best, 0, sizeof(best));
	memset(&best2, 0, sizeof(best2));
	for (i = 0; i < p->nasns; i++) {
		rc = db_draft_link_find(db, p->asns[i], target, &l, err);
		if (rc == DP_EX_NOINPUT)
			continue;
		if (rc != 0)
			goto fail;
		if (!found || link_better(&l, &best)) {
			db_draft_link_release(&best);
			best = l;
			found = 1;
		} else
			db_draft_link_release(&l);
	}
	for (i = 0; i < p->nasns && !found; i++) {
		rc = db_draft_link_via(db, p->asns[i], target, &l, &l2, err);
		if (rc == DP_EX_NOINPUT)
			continue;
		if (rc != 0)
			goto fail;
		if (!via || link_better(&l2, &best2)) {
			db_draft_link_release(&best);
			db_draft_link_release(&best2);
			best = l;
			best2 = l2;
			via = 1;
		} else {
			db_draft_link_release(&l);
			db_draft_link_release(&l2);
		}
	}
	memset(err, 0, sizeof(*err));
	if (!found && !via)
		return 0;
	/* For two hops the object describes the upper one, target -> via. */
	*rel = via ? "upstream-of-upstream" : "upstream";
	*up = json_object();
	{
		const struct draft_link *top = via ? &best2 : &best;

		set_as(*up, "as", target);
		json_object_set_new(*up, "asn", json_integer(target));
		set_text(*up, "name", top->name);
		set_as(*up, "customer_as", best.asn);
		if (via)
			set_as(*up, "via_as", best.upstream);
		set_time(*up, "first_seen", top->first_seen);
		set_time(*up, "last_seen", top->last_seen);
		snprintf(conf, sizeof(conf), "%.2f", top->confidence);
		set_str(*up, "confidence", conf);
	}
	arr = json_array();
	json_object_set_new(*up, "records", arr);
	rc = cite_link(db, rs, &best, arr, err);
	if (rc == 0 && via)
		rc = cite_link(db, rs, &best2, arr, err);
	if (rc != 0) {
		json_decref(*up);
		*up = NULL;
	}
	db_draft_link_release(&best);
	db_draft_link_release(&best2);
	return rc;
fail:
	db_draft_link_release(&best);
	db_draft_link_release(&best2);
	return rc;
}

/* ---- the recipient ---- */

/*
 * The best abuse address of AS target in the stored answers, read
 * offline; *c receives a copy (contacts_free(c, 1)).
 */
static int
stored_abuse_contact(struct db *db, const struct config *cfg,
    uint32_t target, struct contact **c, struct dp_err *err)
{
	struct resolver r;
	struct contacts_result res;
	char q[16];
	size_t i;
	int rc;

	*c = NULL;
	if ((rc = resolver_init(&r, cfg, db, 0, 0, err)) != 0)
		return rc;
	resolver_offline(&r);
	if ((rc = resolver_load_bootstrap(&r, err)) != 0) {
		resolver_release(&r);
		return rc;
	}
	snprintf(q, sizeof(q), "AS%u", target);
	rc = lookup_contacts(&r, q, &res, err);
	resolver_release(&r);
	if (rc != 0)
		return rc;
	/* Ranked by role: the first is the best, if it is an abuse one. */
	for (i = 0; i < res.n; i++)
		if (res.v[i].role <= ROLE_ABUSE_CANDIDATE &&
		    res.v[i].role != ROLE_FALLBACK)
			break;
	if (i < res.n) {
		*c = xcalloc(1, sizeof(**c));
		**c = res.v[i];
		memset(&res.v[i], 0, sizeof(res.v[i]));
	} else
		rc = dp_fail(err, DP_EX_NOINPUT, "no abuse address known "
		    "for AS%u from its stored records%s; run 'depeer "
		    "contacts AS%u'", target, res.answered == 0 ?
		    " (none is stored)" : "", target);
	contacts_result_release(&res);
	return rc;
}

/* ---- the sender ---- */

/* The configured value of key, if depeer has the key and it is set. */
static const char *
conf(const struct config *cfg, const char *key)
{
	const char *v;

	if (cfg == NULL || !config_is_key(key))
		return NULL;
	v = config_get(cfg, key);
	return v != NULL && *v != '\0' ? v : NULL;
}

/*
 * The sender from config "from" ("Name <addr>" or "addr"), or NULL when
 * none is set (the complaint service refuses to draft then).  The value
 * was checked as an address when it was set; this only splits it.
 */
static json_t *
sender_json(const struct config *cfg)
{
	const char *from = conf(cfg, "from"), *lt, *gt, *v;
	json_t *o;
	char *name;
	size_t n;

	if (from == NULL)
		return NULL;
	o = json_object();
	lt = strrchr(from, '<');
	gt = lt != NULL ? strchr(lt, '>') : NULL;
	if (lt != NULL && gt != NULL) {
		n = (size_t)(lt - from);
		while (n > 0 && (from[n - 1] == ' ' || from[n - 1] == '\t'))
			n--;
		if (n >= 2 && from[0] == '"' && from[n - 1] == '"')
			name = xstrndup(from + 1, n - 2);
		else
			name = xstrndup(from, n);
		if (*name != '\0')
			set_str(o, "name", name);
		free(name);
		name = xstrndup(lt + 1, (size_t)(gt - lt - 1));
		set_str(o, "address", name);
		free(name);
	} else
		set_str(o, "address", from);
	if (json_object_get(o, "name") == NULL)
		json_object_set(o, "name", json_object_get(o, "address"));
	set_str(o, "mailbox", from);
	if ((v = conf(cfg, "organisation")) != NULL)
		set_str(o, "organisation", v);
	if ((v = conf(cfg, "pgp_key")) != NULL)
		set_str(o, "pgp_key", v);
	if ((v = conf(cfg, "pgp_key_url")) != NULL)
		set_str(o, "pgp_key_url", v);
	return o;
}

/* ---- the provider ---- */

static json_t *
provider_json(const struct provider *p)
{
	json_t *o = json_object(), *a, *e;
	struct buf asl = BUF_INIT, pl = BUF_INIT;
	char net[IPNET_STRLEN], *d;
	size_t i;

	json_object_set_new(o, "id", json_integer(p->id));
	set_text(o, "name", p->name);
	a = json_array();
	for (i = 0; i < p->nasns; i++) {
		e = json_object();
		set_as(e, "as", p->asns[i]);
		json_object_set_new(e, "asn", json_integer(p->asns[i]));
		json_array_append_new(a, e);
		buf_addf(&asl, "%sAS%u", i > 0 ? ", " : "", p->asns[i]);
	}
	set_str(o, "as_list", asl.s);
	json_object_set_new(o, "asns", a);
	a = json_array();
	for (i = 0; i < p->nprefixes; i++) {
		ipnet_format(&p->prefixes[i], net, sizeof(net));
		d = defang(net, IND_CIDR);
		e = json_object();
		set_str(e, "prefix", d);
		json_array_append_new(a, e);
		buf_addf(&pl, "%s%s", i > 0 ? ", " : "", d);
		free(d);
	}
	json_object_set_new(o, "prefixes", a);
	if (p->nprefixes > 0)
		set_str(o, "prefix_list", pl.s);
	if (p->country != NULL && *p->country != '\0')
		set_str(o, "country", p->country);
	set_text(o, "note", p->note);
	buf_release(&asl);
	buf_release(&pl);
	return o;
}

/* ---- the whole ---- */

/* Why nothing was selected: all retracted, or all filtered out. */
static int
no_evidence(struct db *db, const struct provider *p,
    const struct draft_req *req, struct dp_err *err)
{
	struct ev_summary s;
	int rc;

	if ((rc = db_evidence_summary(db, p->id, &s, err)) != 0)
		return rc;
	free(s.kinds);
	if (s.rows > 0)
		return dp_fail(err, DP_EX_NOINPUT, "none of the %lld evidence "
		    "rows of provider '%s' matches %s", (long long)s.rows,
		    p->name, req->nkinds > 0 && req->has_since ?
		    "the --kind and --since filters" : req->nkinds > 0 ?
		    "the --kind filter" : "the --since filter");
	if (s.retracted > 0)
		return dp_fail(err, DP_EX_NOINPUT, "provider '%s' has no "
		    "evidence to complain about: all its %lld rows are "
		    "retracted", p->name, (long long)s.retracted);
	return dp_fail(err, DP_EX_NOINPUT, "provider '%s' has no evidence "
	    "to complain about; add some with 'depeer evidence add'",
	    p->name);
}

int
draft_data_build(struct db *db, const struct config *cfg,
    const struct draft_req *req, struct draft_data *out, struct dp_err *err)
{
	struct provider p;
	struct pass pass;
	struct recs rs;
	struct draft_ev_filter f;
	struct contact *c = NULL;
	json_t *data = NULL, *o, *up = NULL, *arr;
	const char *rel;
	char *via;
	size_t i, idx;
	int rc;

	memset(out, 0, sizeof(*out));
	buf_init(&out->csv);
	memset(&pass, 0, sizeof(pass));
	memset(&rs, 0, sizeof(rs));
	memset(&p, 0, sizeof(p));
	if (req->nasns > 1)
		return dp_fail(err, DP_EX_SOFTWARE, "draft data is built for "
		    "one upstream at a time");
	if (req->nasns == 0 && req->to == NULL)
		return dp_fail(err, DP_EX_USAGE, "a complaint needs a "
		    "recipient: --upstream ASN or --to ADDR");
	if ((rc = db_provider_find(db, req->provider, &p, err)) != 0)
		return rc;
	out->provider_id = p.id;
	out->target_asn = req->nasns > 0 ? req->asns[0] : 0;

	/* The evidence, in one pass. */
	pass.req = req;
	pass.k = req->sample > 0 ? req->sample : DRAFT_SAMPLE;
	for (i = 0; i < NKINDS; i++)
		pass.cand[i] = xcalloc(pass.k, sizeof(*pass.cand[i]));
	pass.csv = &out->csv;
	buf_adds(&out->csv, CSV_HEADER);
	memset(&f, 0, sizeof(f));
	f.provider_id = p.id;
	f.kinds = req->kinds;
	f.nkinds = req->nkinds;
	f.has_since = req->has_since;
	f.since = req->since;
	if ((rc = db_draft_evidence_iter(db, &f, pass_row, &pass, err)) != 0)
		goto done;
	if (pass.total == 0) {
		rc = no_evidence(db, &p, req, err);
		goto done;
	}
	out->nevidence = pass.total;
	out->csv_rows = pass.csv_rows;
	out->csv_omitted = pass.csv_omitted;
	out->max_evidence_id = pass.max_id;

	/* The upstream link and its records, then the recipient's. */
	if ((rc = relation(db, &p, out->target_asn, &rs, &rel, &up,
	    err)) != 0)
		goto done;
	if (req->to == NULL) {
		if ((rc = stored_abuse_contact(db, cfg, out->target_asn, &c,
		    err)) != 0)
			goto done;
		out->to = xstrdup(c->email);
	} else
		out->to = xstrdup(req->to);

	data = json_object();
	set_time(data, "now", req->now);
	set_date(data, "today", req->now);
	if ((o = sender_json(cfg)) != NULL)
		json_object_set_new(data, "sender", o);
	o = json_object();
	set_str(o, "address", out->to);
	if (out->target_asn != 0) {
		set_as(o, "as", out->target_asn);
		json_object_set_new(o, "asn",
		    json_integer(out->target_asn));
		if (up != NULL && json_object_get(up, "name") != NULL)
			json_object_set(o, "name",
			    json_object_get(up, "name"));
	}
	if (c != NULL && c->src != NULL) {
		char *detail = xasprintf("abuse contact of AS%u (%s%s%s)",
		    out->target_asn, c->via != NULL ? c->via :
		    reg_role_name(c->role), c->handle != NULL ?
		    ", handle " : "", c->handle != NULL ? c->handle : "");
		char date[TIME_STRLEN], *host;

		rc = rec_add(db, &rs, c->src->id, "abuse contact", detail,
		    &idx, err);
		free(detail);
		if (rc != 0) {
			json_decref(o);
			goto done;
		}
		out->to_source_id = c->src->id;
		fmt_time(c->src->fetched_at, date);
		date[10] = '\0';
		host = file_host(c->src->server);
		via = xasprintf("%s of AS%u, %s answer of %s (record %s)",
		    c->via != NULL ? c->via : reg_role_name(c->role),
		    out->target_asn, host, date, rs.v[idx].ref);
		free(host);
		set_str(o, "via", via);
		free(via);
	}
	json_object_set_new(data, "recipient", o);
	set_str(data, "relation", rel);
	json_object_set_new(data, "provider", provider_json(&p));
	if (up != NULL) {
		json_object_set_new(data, "upstream", up);
		up = NULL;
	}
	json_object_set_new(data, "evidence", evidence_json(&pass, out));
	arr = json_array();
	for (i = 0; i < rs.n; i++)
		json_array_append(arr, rs.obj[i]);
	json_object_set_new(data, "records", arr);
	out->data = data;
	data = NULL;
	out->records = rs.v;
	out->nrecords = rs.n;
	rs.v = NULL;
	rc = 0;
done:
	json_decref(data);
	json_decref(up);
	if (c != NULL)
		contacts_free(c, 1);
	for (i = 0; rs.v != NULL && i < rs.n; i++) {
		free(rs.v[i].ref);
		free(rs.v[i].attachment);
		free(rs.v[i].content_type);
	}
	free(rs.v);
	recs_release(&rs);
	pass_release(&pass);
	provider_release(&p);
	if (rc != 0)
		draft_data_release(out);
	return rc;
}

void
draft_data_release(struct draft_data *d)
{
	size_t i;

	json_decref(d->data);
	free(d->to);
	buf_release(&d->csv);
	for (i = 0; i < d->nrecords; i++) {
		free(d->records[i].ref);
		free(d->records[i].attachment);
		free(d->records[i].content_type);
	}
	free(d->records);
	memset(d, 0, sizeof(*d));
	buf_init(&d->csv);
}
