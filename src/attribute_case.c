/*
 * attribute_case.c - what the attribution service reads from and keeps
 * in the case (attribute.h): the case's providers as the counting's
 * views of them, the counts stored as measurement series (--series),
 * and the origin of one address in the case's own prefix tables for
 * "depeer lookup".  Service layer, above attribute_count.c; the SQL is
 * behind db.h, measure_store.h and prefix_store.h.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "attribute.h"
#include "attribute_int.h"
#include "db.h"
#include "exitcodes.h"
#include "measure.h"
#include "measure_store.h"
#include "prefix_store.h"
#include "provider.h"
#include "ptab.h"
#include "util.h"
#include "validate.h"

/* ---- the case: providers and series ---- */

int
attribute_providers(struct db *db, struct provider **provs,
    struct attr_provider **views, size_t *n, struct dp_err *err)
{
	struct attr_provider *v;
	size_t i;
	int rc;

	if ((rc = db_provider_list(db, provs, n, err)) != 0)
		return rc;
	v = xcalloc(*n ? *n : 1, sizeof(*v));
	for (i = 0; i < *n; i++) {
		v[i].name = (*provs)[i].name;
		v[i].asns = (*provs)[i].asns;
		v[i].nasns = (*provs)[i].nasns;
		v[i].prefixes = (*provs)[i].prefixes;
		v[i].nprefixes = (*provs)[i].nprefixes;
	}
	*views = v;
	return 0;
}

void
attribute_providers_free(struct provider *provs, struct attr_provider *views,
    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		provider_release(&provs[i]);
	free(provs);
	free(views);
}

int
attribute_store(struct db *db, const char *prefix, int add,
    const char *input, const struct attr_result *res, char ***names,
    int64_t **seqs, size_t *n, struct dp_err *err)
{
	struct measure_import_req req;
	struct measure_parse p;
	struct measure_series s;
	struct attr_keyset ks = ATTR_KEYSET_INIT;
	int64_t first, last, span;
	char **nm = NULL;
	int64_t *sq = NULL;
	size_t i, j, k, nk = 0, *start = NULL, *order = NULL;
	uint32_t *ids = NULL;
	int rc;

	*names = NULL;
	*seqs = NULL;
	*n = 0;
	if (res->n == 0)
		return dp_fail(err, DP_EX_DATAERR, "no line was counted: no "
		    "series to store");
	first = res->counts[0].t;
	last = res->counts[res->n - 1].t;
	span = (last - first) / res->interval + 1;
	ids = xcalloc(res->n, sizeof(*ids));
	for (i = 0; i < res->n; i++)
		ids[i] = attr_keyset_add(&ks, res->counts[i].key,
		    strlen(res->counts[i].key));
	nk = ks.n;
	/* The counts of each key together (a counting sort by key). */
	start = xcalloc(nk + 1, sizeof(*start));
	order = xcalloc(res->n, sizeof(*order));
	for (i = 0; i < res->n; i++)
		start[ids[i] + 1]++;
	for (k = 0; k < nk; k++)
		start[k + 1] += start[k];
	for (i = 0; i < res->n; i++)
		order[start[ids[i]]++] = i;
	for (k = nk; k > 0; k--)
		start[k] = start[k - 1];
	start[0] = 0;
	if (span > MEASURE_MAX_POINTS || (int64_t)nk * span >
	    MEASURE_MAX_POINTS) {
		rc = dp_fail(err, DP_EX_DATAERR, "%zu series of %" PRId64
		    " intervals each are more than %d points in all; "
		    "count --by provider, or over a longer --interval", nk,
		    span, MEASURE_MAX_POINTS);
		goto done;
	}
	nm = xcalloc(nk, sizeof(*nm));
	sq = xcalloc(nk, sizeof(*sq));
	for (k = 0; k < nk; k++) {
		nm[k] = xasprintf("%s:%s", prefix, ks.keys[k]);
		if ((rc = measure_name_valid(nm[k], err)) != 0) {
			dp_err_prefix(err, "series '%s'", nm[k]);
			err->code = rc = DP_EX_DATAERR;
			goto done;
		}
	}
	memset(&p, 0, sizeof(p));
	p.n = (size_t)span;
	p.pts = xcalloc(p.n, sizeof(*p.pts));
	p.kind = MEASURE_VALUES;
	p.lines = (int64_t)res->lines;
	p.used = (int64_t)res->used;
	p.malformed = (int64_t)res->malformed;
	if ((rc = db_begin(db, err)) != 0)
		goto free_p;
	for (k = 0; k < nk; k++) {
		for (i = 0; i < p.n; i++) {
			p.pts[i].t = first + (int64_t)i * res->interval;
			p.pts[i].v = 0;
		}
		for (j = start[k]; j < start[k + 1]; j++) {
			i = order[j];
			p.pts[(res->counts[i].t - first) / res->interval].v =
			    (double)res->counts[i].count;
		}
		memset(&req, 0, sizeof(req));
		req.name = nm[k];
		req.interval_s = res->interval;
		req.add = add;
		req.input = input;
		if ((rc = measure_import(db, &req, &p, &s, &sq[k], err)) != 0) {
			db_rollback(db);
			goto free_p;
		}
		measure_series_release(&s);
	}
	if ((rc = db_commit(db, err)) != 0)
		db_rollback(db);
free_p:
	free(p.pts);
done:
	attr_keyset_release(&ks);
	free(ids);
	free(start);
	free(order);
	if (rc != 0) {
		for (k = 0; nm != NULL && k < nk; k++)
			free(nm[k]);
		free(nm);
		free(sq);
		return rc;
	}
	*names = nm;
	*seqs = sq;
	*n = nk;
	return 0;
}

/* ---- one address, for "depeer lookup" ---- */

int
attribute_origin(struct db *db, const struct ipnet *a, int64_t at,
    struct attr_origin *o, struct dp_err *err)
{
	struct prefix_table_info *v;
	struct ptab *t;
	const uint32_t *asns;
	size_t n, i, best = SIZE_MAX;
	uint32_t r;
	int rc;

	memset(o, 0, sizeof(*o));
	if ((rc = prefix_store_list(db, &v, &n, err)) != 0)
		return rc;
	/* Oldest first: the last taken at or before at. */
	for (i = 0; i < n; i++)
		if (v[i].taken_at <= at)
			best = i;
	if (best == SIZE_MAX) {
		prefix_table_info_free(v, n);
		free(v);
		return 0;
	}
	if ((rc = prefix_store_open(db, v[best].name, &t, err)) != 0) {
		prefix_table_info_free(v, n);
		free(v);
		return rc;
	}
	o->table = xstrdup(v[best].name);
	o->taken_at = v[best].taken_at;
	prefix_table_info_free(v, n);
	free(v);
	r = ptab_lookup(t, a);
	if (r != PTAB_NONE) {
		ptab_route_prefix(t, r, &o->prefix);
		/* A prefix asked: only a route covering all of it. */
		if (o->prefix.plen <= a->plen) {
			o->routed = 1;
			n = ptab_set_origins(t, ptab_route_set(t, r), &asns);
			o->asns = xcalloc(n, sizeof(*o->asns));
			memcpy(o->asns, asns, n * sizeof(*asns));
			o->nasns = n;
		}
	}
	ptab_close(t);
	return 0;
}

void
attr_origin_release(struct attr_origin *o)
{
	free(o->table);
	free(o->asns);
	memset(o, 0, sizeof(*o));
}

json_t *
attr_origin_to_json(const struct attr_origin *o)
{
	char t[TIME_STRLEN], p[IPNET_STRLEN];
	json_t *obj = json_object(), *arr;
	size_t i;

	fmt_time(o->taken_at, t);
	json_object_set_new(obj, "table", json_string(o->table));
	json_object_set_new(obj, "taken_at", json_string(t));
	if (o->routed) {
		ipnet_format(&o->prefix, p, sizeof(p));
		json_object_set_new(obj, "prefix", json_string(p));
		arr = json_array();
		for (i = 0; i < o->nasns; i++)
			json_array_append_new(arr, json_integer(o->asns[i]));
		json_object_set_new(obj, "origins", arr);
	} else {
		json_object_set_new(obj, "prefix", json_null());
		json_object_set_new(obj, "origins", json_null());
	}
	return obj;
}
