/*
 * stats.c - how the upstreams answered (stats.h): every complaint, its
 * changes and its mails read in one snapshot through one query each, then
 * folded per AS and address in memory (stats_build(), pure so that the
 * unit tests hold it to hand-computed figures).
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "provider.h"
#include "stats.h"

/* What one complaint contributes. */
struct acc {
	int		 sent;
	int64_t		 sent_at;
	int		 ack, answered, bounced, resolved, rejected;
	int		 has_reply, has_answer, has_resolved;
	int64_t		 reply_at, answer_at, resolved_at;
	char		*address;
};

static void
earliest(int *has, int64_t *at, int64_t t)
{
	if (!*has || t < *at) {
		*has = 1;
		*at = t;
	}
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

struct stats_median
stats_median(int64_t *v, size_t n)
{
	struct stats_median m = { n, 0 };
	int64_t a, b;

	if (n == 0)
		return m;
	qsort(v, n, sizeof(*v), cmp_i64);
	if (n % 2 == 1) {
		m.s = v[n / 2];
		return m;
	}
	a = v[n / 2 - 1];
	b = v[n / 2];
	/* a + (b - a) / 2 cannot overflow for a <= b; floor for odd sums. */
	m.s = a + (b - a) / 2;
	return m;
}

/* The index of complaint id in c[0..nc) (ascending ids), or nc. */
static size_t
find(const struct complaint *c, size_t nc, int64_t id)
{
	size_t lo = 0, hi = nc, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (c[mid].id == id)
			return mid;
		if (c[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return nc;
}

/* For sorting complaints into groups. */
struct key {
	uint32_t	 asn;
	const char	*address;
	size_t		 i;		/* index into c and acc */
};

static int
cmp_key(const void *a, const void *b)
{
	const struct key *x = a, *y = b;

	if (x->asn != y->asn)
		return x->asn < y->asn ? -1 : 1;
	return strcmp(x->address, y->address);
}

static int
cmp_row(const void *a, const void *b)
{
	const struct stats_row *x = a, *y = b;

	if (x->sent != y->sent)
		return x->sent > y->sent ? -1 : 1;
	if (x->asn != y->asn) {
		if (x->asn == 0 || y->asn == 0)	/* none last */
			return x->asn == 0 ? 1 : -1;
		return x->asn < y->asn ? -1 : 1;
	}
	return strcmp(x->address, y->address);
}

static void
add_provider(struct stats_row *r, const char *name)
{
	size_t i;

	if (name == NULL)
		return;
	for (i = 0; i < r->nproviders; i++)
		if (strcmp(r->providers[i], name) == 0)
			return;
	r->providers = xreallocarray(r->providers, r->nproviders + 1,
	    sizeof(*r->providers));
	r->providers[r->nproviders++] = xstrdup(name);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The row of the complaints k[0..nk) (one group). */
static void
fold(const struct complaint *c, const struct acc *acc, const struct key *k,
    size_t nk, struct stats_row *r)
{
	int64_t *rep = xcalloc(nk, sizeof(*rep));
	int64_t *ans = xcalloc(nk, sizeof(*ans));
	int64_t *res = xcalloc(nk, sizeof(*res));
	size_t nrep = 0, nans = 0, nres = 0, j;
	const struct acc *a;

	memset(r, 0, sizeof(*r));
	r->asn = k[0].asn;
	r->address = xstrdup(k[0].address);
	for (j = 0; j < nk; j++) {
		a = &acc[k[j].i];
		add_provider(r, c[k[j].i].provider_name);
		r->sent++;
		r->acknowledged += a->ack;
		r->answered += a->answered;
		r->bounced += a->bounced;
		r->resolved += a->resolved;
		r->rejected += a->rejected;
		if (!a->has_reply && !a->bounced && !a->resolved &&
		    !a->rejected)
			r->no_reply++;
		/* Clocks differ: a reply dated before the send took 0 s. */
		if (a->has_reply)
			rep[nrep++] = a->reply_at > a->sent_at ?
			    a->reply_at - a->sent_at : 0;
		if (a->has_answer)
			ans[nans++] = a->answer_at > a->sent_at ?
			    a->answer_at - a->sent_at : 0;
		if (a->has_resolved)
			res[nres++] = a->resolved_at > a->sent_at ?
			    a->resolved_at - a->sent_at : 0;
	}
	if (r->nproviders > 1)
		qsort(r->providers, r->nproviders, sizeof(*r->providers),
		    cmp_str);
	r->first_reply = stats_median(rep, nrep);
	r->first_answer = stats_median(ans, nans);
	r->resolution = stats_median(res, nres);
	free(rep);
	free(ans);
	free(res);
}

void
stats_build(const struct complaint *c, size_t nc,
    const struct complaint_ev *ev, size_t nev, const struct mailrec *m,
    size_t nm, struct stats_row **out, size_t *n)
{
	struct acc *acc = xcalloc(nc > 0 ? nc : 1, sizeof(*acc));
	struct key *k = xcalloc(nc > 0 ? nc : 1, sizeof(*k));
	struct stats_row *rows = NULL;
	struct buf b = BUF_INIT;
	size_t nk = 0, nrows = 0, i, j, start;
	const char *to;
	int64_t t;
	struct acc *a;

	for (i = 0; i < nev; i++) {
		if ((j = find(c, nc, ev[i].complaint_id)) == nc ||
		    ev[i].to_state == NULL)
			continue;
		a = &acc[j];
		to = ev[i].to_state;
		if (strcmp(to, "sent") == 0) {
			if (!a->sent || ev[i].at < a->sent_at)
				a->sent_at = ev[i].at;
			a->sent = 1;
		} else if (strcmp(to, "acknowledged") == 0) {
			a->ack = 1;
			earliest(&a->has_reply, &a->reply_at, ev[i].at);
		} else if (strcmp(to, "answered") == 0) {
			a->answered = 1;
			earliest(&a->has_reply, &a->reply_at, ev[i].at);
			earliest(&a->has_answer, &a->answer_at, ev[i].at);
		} else if (strcmp(to, "bounced") == 0)
			a->bounced = 1;
		else if (strcmp(to, "resolved") == 0) {
			a->resolved = 1;
			earliest(&a->has_resolved, &a->resolved_at, ev[i].at);
		} else if (strcmp(to, "rejected") == 0)
			a->rejected = 1;
	}
	for (i = 0; i < nm; i++) {
		if (m[i].complaint_id == 0 || m[i].mclass == NULL ||
		    (j = find(c, nc, m[i].complaint_id)) == nc)
			continue;
		a = &acc[j];
		t = m[i].has_date ? m[i].date : m[i].imported_at;
		if (strcmp(m[i].mclass, "reply") == 0) {
			earliest(&a->has_reply, &a->reply_at, t);
			earliest(&a->has_answer, &a->answer_at, t);
		} else if (strcmp(m[i].mclass, "auto-reply") == 0)
			earliest(&a->has_reply, &a->reply_at, t);
		else if (strcmp(m[i].mclass, "bounce") == 0)
			a->bounced = 1;
	}
	for (i = 0; i < nc; i++) {
		if (!acc[i].sent)
			continue;
		buf_reset(&b);
		for (j = 0; j < c[i].nto; j++)
			buf_addf(&b, "%s%s", j > 0 ? ", " : "", c[i].to[j]);
		acc[i].address = xstrdup(b.s != NULL ? b.s : "");
		k[nk].asn = c[i].upstream_asn;
		k[nk].address = acc[i].address;
		k[nk].i = i;
		nk++;
	}
	if (nk > 0)
		qsort(k, nk, sizeof(*k), cmp_key);
	rows = xcalloc(nk > 0 ? nk : 1, sizeof(*rows));
	for (start = 0; start < nk; start = i) {
		for (i = start + 1; i < nk && cmp_key(&k[start], &k[i]) == 0;
		    i++)
			;
		fold(c, acc, k + start, i - start, &rows[nrows++]);
	}
	if (nrows > 0)
		qsort(rows, nrows, sizeof(*rows), cmp_row);
	for (i = 0; i < nc; i++)
		free(acc[i].address);
	free(acc);
	free(k);
	buf_release(&b);
	*out = rows;
	*n = nrows;
}

struct list_acc {
	struct complaint	*v;
	size_t			 n, cap;
};

static int
list_one(const struct complaint *c, void *arg)
{
	struct list_acc *a = arg;

	/* A status update to a journalist is no complaint to a desk. */
	if (complaint_is_media_update(c))
		return 0;
	GROW(a->v, a->n + 1, a->cap);
	a->v[a->n++] = *c;
	complaint_init((struct complaint *)c);
	return 0;
}

int
stats_upstreams(struct db *db, const char *provider, struct stats_row **out,
    size_t *n, struct dp_err *err)
{
	struct provider p = PROVIDER_INIT;
	struct list_acc a = { NULL, 0, 0 };
	struct complaint_ev *ev = NULL;
	struct mailrec *m = NULL;
	size_t nev = 0, nm = 0, i;
	int rc;

	*out = NULL;
	*n = 0;
	/* One snapshot: three queries, whatever the number of complaints. */
	if ((rc = db_begin_read(db, err)) != 0)
		return rc;
	if (provider != NULL &&
	    (rc = db_provider_find_any(db, provider, &p, err)) != 0)
		goto out;
	if ((rc = db_complaint_iter(db, 0, p.id, NULL, list_one, &a,
	    err)) != 0 ||
	    (rc = db_event_list(db, 0, &ev, &nev, err)) != 0 ||
	    (rc = db_mail_list(db, 0, 0, &m, &nm, err)) != 0)
		goto out;
	stats_build(a.v, a.n, ev, nev, m, nm, out, n);
out:
	db_rollback(db);
	provider_release(&p);
	for (i = 0; i < a.n; i++)
		complaint_release(&a.v[i]);
	free(a.v);
	complaint_ev_free(ev, nev);
	mailrec_free(m, nm);
	return rc;
}

void
stats_rows_free(struct stats_row *v, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		free(v[i].address);
		for (j = 0; j < v[i].nproviders; j++)
			free(v[i].providers[j]);
		free(v[i].providers);
	}
	free(v);
}

static json_t *
median_json(const struct stats_median *m)
{
	return m->n > 0 ? json_integer(m->s) : json_null();
}

json_t *
stats_row_to_json(const struct stats_row *r)
{
	json_t *o = json_object(), *p = json_array();
	size_t i;

	for (i = 0; i < r->nproviders; i++)
		json_array_append_new(p, json_string(r->providers[i]));
	json_object_set_new(o, "asn", r->asn != 0 ? json_integer(r->asn) :
	    json_null());
	json_object_set_new(o, "address", json_string(r->address));
	json_object_set_new(o, "providers", p);
	json_object_set_new(o, "sent", json_integer(r->sent));
	json_object_set_new(o, "acknowledged", json_integer(r->acknowledged));
	json_object_set_new(o, "answered", json_integer(r->answered));
	json_object_set_new(o, "bounced", json_integer(r->bounced));
	json_object_set_new(o, "resolved", json_integer(r->resolved));
	json_object_set_new(o, "rejected", json_integer(r->rejected));
	json_object_set_new(o, "no_reply", json_integer(r->no_reply));
	json_object_set_new(o, "median_first_reply_s",
	    median_json(&r->first_reply));
	json_object_set_new(o, "n_first_reply",
	    json_integer((json_int_t)r->first_reply.n));
	json_object_set_new(o, "median_first_answer_s",
	    median_json(&r->first_answer));
	json_object_set_new(o, "n_first_answer",
	    json_integer((json_int_t)r->first_answer.n));
	json_object_set_new(o, "median_resolution_s",
	    median_json(&r->resolution));
	json_object_set_new(o, "n_resolution",
	    json_integer((json_int_t)r->resolution.n));
	return o;
}
