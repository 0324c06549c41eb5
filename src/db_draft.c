/*
 * db_draft.c - the queries a complaint is drafted from (draft_data.c):
 * one pass over a provider's selected evidence, and the recorded
 * upstream links with the stored answers behind them.  See db.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db_internal.h"
#include "exitcodes.h"

int
db_draft_evidence_iter(struct db *db, const struct draft_ev_filter *f,
    int (*fn)(const struct draft_ev_row *, void *), void *arg,
    struct dp_err *err)
{
	struct buf sql = BUF_INIT;
	struct draft_ev_row r;
	struct db_row row;
	sqlite3_stmt *st;
	size_t i;
	int rc, param;

	/*
	 * One scan in id order through the provider index; retracted rows
	 * are left out by their primary key (evidence_retractions is small
	 * next to the evidence).
	 */
	buf_adds(&sql, "SELECT id, kind, indicator, indicator_type, "
	    "observed_at, family, source, recorded_at FROM evidence AS e "
	    "WHERE provider_id = ?1 AND NOT EXISTS (SELECT 1 FROM "
	    "evidence_retractions AS x WHERE x.evidence_id = e.id)");
	param = 2;
	if (f->has_since)
		buf_addf(&sql, " AND observed_at >= ?%d", param++);
	if (f->nkinds > 0) {
		buf_adds(&sql, " AND kind IN (");
		for (i = 0; i < f->nkinds; i++)
			buf_addf(&sql, "%s?%d", i > 0 ? ", " : "", param++);
		buf_adds(&sql, ")");
	}
	buf_adds(&sql, " ORDER BY id");
	st = db_prepare(db, sql.s, err);
	buf_release(&sql);
	if (st == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, f->provider_id);
	param = 2;
	if (f->has_since)
		sqlite3_bind_int64(st, param++, f->since);
	for (i = 0; i < f->nkinds; i++)
		db_bind_text(st, param++, f->kinds[i]);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		db_row_start(&row, st, "evidence", err);
		memset(&r, 0, sizeof(r));
		r.id = db_row_id(&row, 0);
		r.kind = db_row_text(&row, 1, NULL);
		r.indicator = db_row_text(&row, 2, NULL);
		r.indicator_type = db_row_text(&row, 3, NULL);
		r.has_observed = db_row_int_opt(&row, 4, &r.observed_at);
		r.family = db_row_text_opt(&row, 5, NULL);
		r.source = db_row_text_opt(&row, 6, NULL);
		r.recorded_at = db_row_int(&row, 7);
		if (db_row_end(&row) != 0) {
			sqlite3_finalize(st);
			return err->code;
		}
		if ((rc = fn(&r, arg)) != 0) {
			sqlite3_finalize(st);
			return rc;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, err, "cannot read the evidence");
	return 0;
}

/* Read one upstreams row (columns as in LINK_COLS) into *l. */
#define LINK_COLS "u.id, u.asn, u.upstream_asn, u.name, u.confidence, " \
	"u.first_seen, u.last_seen"

static int
read_link(sqlite3_stmt *st, int col, struct draft_link *l,
    struct dp_err *err)
{
	struct db_row row;

	db_row_start(&row, st, "upstream link", err);
	memset(l, 0, sizeof(*l));
	l->id = db_row_id(&row, col);
	l->asn = (uint32_t)db_row_int_range(&row, col + 1, 1, UINT32_MAX);
	l->upstream = (uint32_t)db_row_int_range(&row, col + 2, 1,
	    UINT32_MAX);
	l->name = db_row_strdup_opt(&row, col + 3);
	l->confidence = db_row_real(&row, col + 4);
	l->first_seen = db_row_int(&row, col + 5);
	l->last_seen = db_row_int(&row, col + 6);
	if (db_row_end(&row) != 0) {
		free(l->name);
		l->name = NULL;
		return err->code;
	}
	return 0;
}

void
db_draft_link_release(struct draft_link *l)
{
	free(l->name);
	memset(l, 0, sizeof(*l));
}

int
db_draft_link_find(struct db *db, uint32_t asn, uint32_t up,
    struct draft_link *out, struct dp_err *err)
{
	sqlite3_stmt *st;
	int rc;

	st = db_prepare(db, "SELECT " LINK_COLS " FROM upstreams AS u "
	    "WHERE u.asn = ?1 AND u.upstream_asn = ?2", err);
	if (st == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, asn);
	sqlite3_bind_int64(st, 2, up);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = read_link(st, 0, out, err);
	else if (rc == SQLITE_DONE)
		rc = dp_fail(err, DP_EX_NOINPUT, "AS%u is not a recorded "
		    "upstream of AS%u", up, asn);
	else
		rc = db_fail(db, rc, err, "cannot read the upstreams");
	sqlite3_finalize(st);
	return rc;
}

int
db_draft_link_via(struct db *db, uint32_t asn, uint32_t up,
    struct draft_link *first, struct draft_link *second,
    struct dp_err *err)
{
	sqlite3_stmt *st;
	int rc;

	/* The most recently seen second hop, then the first. */
	st = db_prepare(db, "SELECT " LINK_COLS ", v.id, v.asn, "
	    "v.upstream_asn, v.name, v.confidence, v.first_seen, v.last_seen "
	    "FROM upstreams AS u JOIN upstreams AS v "
	    "ON v.asn = u.upstream_asn WHERE u.asn = ?1 AND "
	    "v.upstream_asn = ?2 AND u.upstream_asn <> ?2 "
	    "ORDER BY v.last_seen DESC, v.confidence DESC, u.last_seen DESC, "
	    "u.id LIMIT 1", err);
	if (st == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, asn);
	sqlite3_bind_int64(st, 2, up);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if ((rc = read_link(st, 0, first, err)) == 0 &&
		    (rc = read_link(st, 7, second, err)) != 0)
			db_draft_link_release(first);
	} else if (rc == SQLITE_DONE)
		rc = dp_fail(err, DP_EX_NOINPUT, "AS%u is not a recorded "
		    "upstream of an upstream of AS%u", up, asn);
	else
		rc = db_fail(db, rc, err, "cannot read the upstreams");
	sqlite3_finalize(st);
	return rc;
}

void
db_draft_link_src_free(struct draft_link_src *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].method);
		free(v[i].detail);
	}
	free(v);
}

int
db_draft_link_sources(struct db *db, int64_t link_id,
    struct draft_link_src **out, size_t *n, struct dp_err *err)
{
	struct draft_link_src *v = NULL;
	struct db_row row;
	sqlite3_stmt *st;
	size_t k = 0;
	int rc;

	*out = NULL;
	*n = 0;
	/*
	 * Strongest first, whatever order the answers arrived and were
	 * numbered in: the paths routing data shows (RIPEstat), the
	 * customer's own routing policy (IRR), Team Cymru's peer hint.  The
	 * records' R numbers in a message follow this order.
	 */
	st = db_prepare(db, "SELECT source_id, method, detail FROM "
	    "upstream_evidence WHERE upstream_id = ?1 ORDER BY CASE method "
	    "WHEN 'ripestat' THEN 0 WHEN 'irr' THEN 1 WHEN 'cymru' THEN 2 "
	    "ELSE 3 END, source_id, method", err);
	if (st == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, link_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = xreallocarray(v, k + 1, sizeof(*v));
		db_row_start(&row, st, "upstream link evidence", err);
		v[k].source_id = db_row_int(&row, 0);
		v[k].method = db_row_strdup(&row, 1);
		v[k].detail = db_row_strdup(&row, 2);
		k++;
		if (db_row_end(&row) != 0) {
			sqlite3_finalize(st);
			db_draft_link_src_free(v, k);
			return err->code;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_draft_link_src_free(v, k);
		return db_fail(db, rc, err, "cannot read the upstream links");
	}
	*out = v;
	*n = k;
	return 0;
}
