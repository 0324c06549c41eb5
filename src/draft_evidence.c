/*
 * draft_evidence.c - the evidence of a complaint in one pass: counts,
 * first and last seen, the sample and its table, evidence.csv under its
 * cap; see draft_data.h for the choices and draft_int.h for the call.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistr.h>
#include <uniwidth.h>

#include "db.h"
#include "draft_int.h"

/*
 * The kinds (validate.h's evidence_kinds order) in words: many and one
 * for the counts of the summary ("3 botnet command-and-control (C2)
 * servers"), label for a row of the sample, brief for the subject line.
 */
static const struct {
	const char	*kind, *many, *one, *label, *brief;
} kinds[] = {
	{ "c2", "botnet command-and-control (C2) servers",
	    "botnet command-and-control (C2) server", "C2 server",
	    "botnet C2" },
	{ "spam-source", "sources of spam", "source of spam", "spam source",
	    "spam" },
	{ "malware-host", "hosts serving malware", "host serving malware",
	    "malware host", "malware" },
	{ "phishing", "phishing sites", "phishing site", "phishing site",
	    "phishing" },
	{ "botnet-ctrl", "botnet controllers", "botnet controller",
	    "botnet controller", "botnet control" },
	{ "scan", "hosts scanning other networks",
	    "host scanning other networks", "scanner", "scanning" },
	{ "other", "other abusive hosts", "other abusive host", "other",
	    "abuse" },
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
		buf_adds(&b, "  ");
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

/*
 * evidence.summary, "3 botnet command-and-control (C2) servers and 1
 * source of spam", and evidence.kinds_short, "botnet C2 and spam", from
 * the kinds in order (by count): the sentences and the subject line of
 * a complaint say what was found without a template having to join a
 * list.  kinds_short names three kinds at most, else the two largest
 * and "other abuse", to keep the subject line short.
 */
static void
kinds_phrases(json_t *ev, const struct pass *p, const size_t *order)
{
	struct buf sum = BUF_INIT, brief = BUF_INIT;
	size_t i, n = 0, k = 0;

	for (i = 0; i < NKINDS; i++)
		if (p->kind_n[order[i]] > 0)
			n++;
	for (i = 0; i < NKINDS; i++) {
		int64_t c = p->kind_n[order[i]];

		if (c == 0)
			continue;
		if (k > 0) {
			const char *sep = k + 1 == n ? " and " : ", ";

			buf_adds(&sum, sep);
			if (n <= 3)
				buf_adds(&brief, sep);
			else if (k < 3)
				buf_adds(&brief, k == 2 ? " and " : ", ");
		}
		buf_addf(&sum, "%lld %s", (long long)c,
		    c == 1 ? kinds[order[i]].one : kinds[order[i]].many);
		/* the subject names the two largest kinds at most */
		if (k < 2 || n <= 3)
			buf_adds(&brief, kinds[order[i]].brief);
		else if (k == 2)
			buf_adds(&brief, "other abuse");
		k++;
	}
	buf_addc(&sum, '\0');
	buf_addc(&brief, '\0');
	set_str(ev, "summary", sum.s);
	set_str(ev, "kinds_short", brief.s);
	buf_release(&sum);
	buf_release(&brief);
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
	t = xasprintf("%lld observation%s", (long long)p->total,
	    p->total == 1 ? "" : "s");
	set_str(ev, "observations", t);
	free(t);
	if (p->dated) {
		set_time(ev, "first_seen", p->first);
		set_time(ev, "last_seen", p->last);
		set_period(ev, "period", p->first, p->last);
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
		set_str(o, "label", p->kind_n[order[i]] == 1 ?
		    kinds[order[i]].one : kinds[order[i]].many);
		json_object_set_new(o, "count",
		    json_integer(p->kind_n[order[i]]));
		json_array_append_new(a, o);
	}
	json_object_set_new(ev, "by_kind", a);
	kinds_phrases(ev, p, order);
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
		json_object_set_new(ev, "has_families", json_true());
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
		set_str(o, "label", kinds[v[i]->kind].label);
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

/* ---- the call ---- */

int
draft_evidence(struct db *db, int64_t provider_id,
    const struct draft_req *req, struct draft_data *out, json_t **ev,
    struct dp_err *err)
{
	struct draft_ev_filter f;
	struct pass pass;
	size_t i;
	int rc;

	*ev = NULL;
	memset(&pass, 0, sizeof(pass));
	pass.req = req;
	pass.k = req->sample > 0 ? req->sample : DRAFT_SAMPLE;
	for (i = 0; i < NKINDS; i++)
		pass.cand[i] = xcalloc(pass.k, sizeof(*pass.cand[i]));
	pass.csv = &out->csv;
	buf_adds(&out->csv, CSV_HEADER);
	memset(&f, 0, sizeof(f));
	f.provider_id = provider_id;
	f.kinds = req->kinds;
	f.nkinds = req->nkinds;
	f.has_since = req->has_since;
	f.since = req->since;
	rc = db_draft_evidence_iter(db, &f, pass_row, &pass, err);
	if (rc == 0 && pass.total > 0) {
		out->nevidence = pass.total;
		out->csv_rows = pass.csv_rows;
		out->csv_omitted = pass.csv_omitted;
		out->max_evidence_id = pass.max_id;
		*ev = evidence_json(&pass, out);
	}
	pass_release(&pass);
	return rc;
}
