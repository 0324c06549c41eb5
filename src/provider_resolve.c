/*
 * provider_resolve.c - a provider's AS numbers and prefixes from its
 * evidence addresses; see provider_resolve.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "cymru.h"
#include "db.h"
#include "evidence.h"
#include "exitcodes.h"
#include "net.h"
#include "provider_resolve.h"
#include "provider_store.h"
#include "resolver.h"
#include "srcstore.h"
#include "validate.h"

struct collect {
	char		**addrs;
	size_t		 n;
};

static int
collect_addr(const struct evidence *e, void *arg)
{
	struct collect *c = arg;
	struct ipnet net;
	char text[IPNET_STRLEN];
	size_t i;

	if (c->n >= RESOLVE_MAX)
		return 0;
	if (e->indicator_type == IND_IPV4 || e->indicator_type == IND_IPV6) {
		if (val_ip(e->indicator, &net, NULL) != 0)
			return 0;
	} else if (e->indicator_type == IND_CIDR) {
		if (val_cidr(e->indicator, &net, NULL) != 0)
			return 0;
	} else
		return 0;
	ipnet_format_addr(&net, text, sizeof(text));
	/* Evidence is often many rows about few addresses. */
	for (i = c->n; i > 0 && i + 64 > c->n; i--)
		if (strcmp(c->addrs[i - 1], text) == 0)
			return 0;
	c->addrs = xrealloc(c->addrs, (c->n + 1) * sizeof(*c->addrs));
	c->addrs[c->n++] = xstrdup(text);
	return 0;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Distinct, in a stable order (the query is stored as a source). */
static void
sort_unique(struct collect *col)
{
	size_t i, w;

	if (col->n > 1)
		qsort(col->addrs, col->n, sizeof(*col->addrs), str_cmp);
	for (i = w = 0; i < col->n; i++) {
		if (w > 0 && strcmp(col->addrs[w - 1], col->addrs[i]) == 0) {
			free(col->addrs[i]);
			continue;
		}
		col->addrs[w++] = col->addrs[i];
	}
	col->n = w;
}

/* Ask Team Cymru the bulk query q; its answer into *rows, and *batch. */
static int
ask_cymru(struct resolver *r, const char *q, struct cymru_row **rows,
    size_t *nrows, struct source_batch *batch, struct dp_err *err)
{
	struct net_req req;
	int rc = 0;

	memset(&req, 0, sizeof(req));
	req.kind = NET_WHOIS;
	req.host = xstrdup(r->ep.cymru.name);
	req.port = r->ep.cymru.port;
	req.query = xstrdup(q);
	net_add(r->net, &req);
	net_run(r->net, NULL, NULL);
	if (req.rc != 0) {
		*err = req.err;
		rc = err->code != 0 ? err->code : DP_EX_SOFTWARE;
	} else if ((rc = cymru_parse(req.body.s, req.body.len, rows, nrows,
	    err)) != 0)
		dp_err_prefix(err, "%s", r->cymru_label);
	else
		source_batch_add(batch, "cymru", r->cymru_label, q,
		    req.fetched_at, 0, 0, req.body.s, req.body.len);
	net_req_release(&req);
	return rc;
}

static void
added_push(struct provider_resolve_result *res, uint32_t asn,
    const char *prefix)
{
	res->added = xrealloc(res->added, (res->nadded + 1) *
	    sizeof(*res->added));
	res->added[res->nadded].asn = asn;
	res->added[res->nadded++].prefix = prefix != NULL ? xstrdup(prefix) :
	    NULL;
}

/* What is new in rows, added to p with one audit entry, in one
   transaction. */
static int
add_new(struct db *db, struct provider *p, const struct cymru_row *rows,
    size_t nrows, struct provider_resolve_result *res, struct dp_err *err)
{
	int64_t now = clock_now();
	json_t *added = json_array(), *change;
	size_t i, k;
	int rc;

	if ((rc = db_begin(db, err)) != 0) {
		json_decref(added);
		return rc;
	}
	for (i = 0; i < nrows; i++) {
		struct ipnet pfx;

		for (k = 0; k < rows[i].nasns; k++)
			if (provider_add_asn(p, rows[i].asns[k])) {
				if ((rc = db_provider_net_add(db, p->id,
				    rows[i].asns[k], NULL, now, err)) != 0)
					goto fail;
				added_push(res, rows[i].asns[k], NULL);
				json_array_append_new(added,
				    json_integer(rows[i].asns[k]));
			}
		if (rows[i].prefix != NULL &&
		    val_cidr(rows[i].prefix, &pfx, NULL) == 0 &&
		    provider_add_prefix(p, &pfx)) {
			if ((rc = db_provider_net_add(db, p->id, 0, &pfx, now,
			    err)) != 0)
				goto fail;
			added_push(res, 0, rows[i].prefix);
			json_array_append_new(added,
			    json_string(rows[i].prefix));
		}
	}
	if (json_array_size(added) > 0) {
		change = json_object();
		json_object_set_new(change, "added", json_incref(added));
		json_object_set_new(change, "source",
		    json_integer(res->source_id));
		rc = provider_record(db, p->id, "provider.net.add", now,
		    change, err);
		if (rc != 0)
			goto fail;
	}
	if ((rc = db_commit(db, err)) != 0)
		goto fail;
	json_decref(added);
	return 0;
fail:
	db_rollback(db);
	json_decref(added);
	return rc;
}

int
provider_resolve(struct resolver *r, const char *key,
    struct provider_resolve_result *out, struct dp_err *err)
{
	struct db *db = r->store.db;
	struct provider p = PROVIDER_INIT;
	struct provider_resolve_result res;
	struct collect col = { NULL, 0 };
	struct ev_filter f;
	struct source_batch batch = { NULL, 0 };
	struct cymru_row *rows = NULL;
	size_t nrows = 0, i;
	char *q = NULL;
	int rc;

	memset(&res, 0, sizeof(res));
	res.provider = (struct provider)PROVIDER_INIT;
	if ((rc = db_provider_find(db, key, &p, err)) != 0)
		return rc;
	memset(&f, 0, sizeof(f));
	f.provider_id = p.id;
	if ((rc = db_evidence_iter(db, &f, collect_addr, &col, err)) != 0)
		goto out;
	sort_unique(&col);
	if (col.n == 0) {
		rc = dp_fail(err, DP_EX_DATAERR, "provider '%s' has no "
		    "evidence with an address or prefix to resolve", p.name);
		goto out;
	}
	res.naddresses = col.n;
	q = cymru_bulk_request((const char *const *)col.addrs, col.n);
	if (q == NULL)
		die("an address did not make a valid bulk query");
	if ((rc = ask_cymru(r, q, &rows, &nrows, &batch, err)) != 0 ||
	    (rc = srcstore_commit_batch(db, &batch, 0, "provider-resolve",
	    err)) != 0)
		goto out;
	res.source_id = batch.v[0].id;
	if ((rc = add_new(db, &p, rows, nrows, &res, err)) != 0 ||
	    (rc = db_provider_get(db, p.id, &res.provider, err)) != 0)
		goto out;
	*out = res;
	memset(&res, 0, sizeof(res));
out:
	provider_resolve_result_release(&res);
	for (i = 0; i < col.n; i++)
		free(col.addrs[i]);
	free(col.addrs);
	free(q);
	cymru_rows_free(rows, nrows);
	source_batch_release(&batch);
	provider_release(&p);
	return rc;
}

void
provider_resolve_result_release(struct provider_resolve_result *res)
{
	size_t i;

	provider_release(&res->provider);
	for (i = 0; i < res->nadded; i++)
		free(res->added[i].prefix);
	free(res->added);
	memset(res, 0, sizeof(*res));
}
