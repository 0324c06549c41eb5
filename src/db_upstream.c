/*
 * db_upstream.c - SQL for the upstreams found for origin ASes, kept over
 * time with the sources that showed each link (uplink.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "exitcodes.h"
#include "uplink.h"

int
db_upstream_seen(struct db *db, uint32_t asn, uint32_t up, const char *name,
    double confidence, int64_t now, int64_t audit_seq, int64_t *id,
    int64_t *first_seen, struct dp_err *err)
{
	sqlite3_stmt *st;
	int rc;

	st = db_prepare(db, "INSERT INTO upstreams (asn, upstream_asn, name, "
	    "confidence, first_seen, last_seen, audit_seq) VALUES (?1, ?2, "
	    "?3, ?4, ?5, ?5, ?6) ON CONFLICT (asn, upstream_asn) DO UPDATE SET "
	    "name = coalesce(excluded.name, name), "
	    "confidence = excluded.confidence, last_seen = excluded.last_seen, "
	    "audit_seq = excluded.audit_seq RETURNING id, first_seen", err);
	if (st == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, asn);
	sqlite3_bind_int64(st, 2, up);
	db_bind_text(st, 3, name);
	sqlite3_bind_double(st, 4, confidence);
	sqlite3_bind_int64(st, 5, now);
	sqlite3_bind_int64(st, 6, audit_seq);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*first_seen = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return db_fail(db, rc, err, "cannot record an upstream");
	return 0;
}

int
db_upstream_evidence(struct db *db, int64_t id, int64_t source_id,
    const char *method, const char *detail, int64_t now, int64_t audit_seq,
    struct dp_err *err)
{
	sqlite3_stmt *st;
	int rc;

	st = db_prepare(db, "INSERT OR REPLACE INTO upstream_evidence "
	    "(upstream_id, source_id, method, detail, seen_at, audit_seq) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", err);
	if (st == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, source_id);
	db_bind_text(st, 3, method);
	db_bind_text(st, 4, detail);
	sqlite3_bind_int64(st, 5, now);
	sqlite3_bind_int64(st, 6, audit_seq);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, err, "cannot record an upstream");
	return 0;
}

/* The link at the statement's row (columns as in LINK_COLS). */
#define LINK_COLS \
	"id, asn, upstream_asn, name, confidence, first_seen, last_seen, " \
	"coalesce(audit_seq, 0)"

static int
link_row(sqlite3_stmt *st, struct uplink *u, struct dp_err *err)
{
	struct db_row r;

	memset(u, 0, sizeof(*u));
	db_row_start(&r, st, "upstream link", err);
	u->id = db_row_id(&r, 0);
	u->asn = (uint32_t)db_row_int_range(&r, 1, 1, UINT32_MAX);
	u->upstream = (uint32_t)db_row_int_range(&r, 2, 1, UINT32_MAX);
	u->name = db_row_strdup_opt(&r, 3);
	u->confidence = db_row_real(&r, 4);
	u->first_seen = db_row_int(&r, 5);
	u->last_seen = db_row_int(&r, 6);
	u->audit_seq = db_row_int(&r, 7);
	return db_row_end(&r);
}

/* u's evidence rows written with it (by the same audit entry). */
static int
link_evidence(struct db *db, struct uplink *u, struct dp_err *err)
{
	sqlite3_stmt *st;
	struct uplink_ev *e;
	int rc;

	st = db_prepare(db, "SELECT source_id, method, detail, seen_at FROM "
	    "upstream_evidence WHERE upstream_id = ?1 AND seen_at = ?2 AND "
	    "coalesce(audit_seq, 0) = ?3 ORDER BY source_id, method", err);
	if (st == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, u->id);
	sqlite3_bind_int64(st, 2, u->last_seen);
	sqlite3_bind_int64(st, 3, u->audit_seq);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct db_row r;

		u->ev = xrealloc(u->ev, (u->nev + 1) * sizeof(*u->ev));
		e = &u->ev[u->nev++];
		db_row_start(&r, st, "upstream link", err);
		r.id = u->id;
		e->source_id = db_row_int(&r, 0);
		e->method = db_row_strdup(&r, 1);
		e->detail = db_row_strdup(&r, 2);
		e->seen_at = db_row_int(&r, 3);
		if (db_row_end(&r) != 0) {
			sqlite3_finalize(st);
			return err->code;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, err, "cannot read upstream evidence");
	return 0;
}

int
db_upstream_link_get(struct db *db, uint32_t asn, uint32_t upstream,
    struct uplink *u, struct dp_err *err)
{
	sqlite3_stmt *st;
	struct uplink v;
	int rc;

	st = db_prepare(db, "SELECT " LINK_COLS " FROM upstreams WHERE "
	    "asn = ?1 AND upstream_asn = ?2", err);
	if (st == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, asn);
	sqlite3_bind_int64(st, 2, upstream);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && link_row(st, &v, err) != 0) {
		sqlite3_finalize(st);
		uplink_release(&v);
		return err->code;
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return dp_fail(err, DP_EX_NOINPUT, "no upstream AS%u of AS%u",
		    upstream, asn);
	if (rc != SQLITE_ROW)
		return db_fail(db, rc, err, "cannot read an upstream");
	if ((rc = link_evidence(db, &v, err)) != 0) {
		uplink_release(&v);
		return rc;
	}
	*u = v;
	return 0;
}

int
db_upstream_iter_entry(struct db *db, uint32_t asn, int64_t audit_seq,
    int (*fn)(const struct uplink *, void *), void *arg,
    struct dp_err *err)
{
	sqlite3_stmt *st;
	struct uplink u;
	int rc, stop = 0;

	st = db_prepare(db, "SELECT " LINK_COLS " FROM upstreams WHERE "
	    "asn = ?1 AND audit_seq = ?2 ORDER BY upstream_asn", err);
	if (st == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, asn);
	sqlite3_bind_int64(st, 2, audit_seq);
	while (stop == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((rc = link_row(st, &u, err)) != 0 ||
		    (rc = link_evidence(db, &u, err)) != 0) {
			uplink_release(&u);
			sqlite3_finalize(st);
			return rc;
		}
		stop = fn(&u, arg);
		uplink_release(&u);
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	if (stop != 0)
		return stop;
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, err, "cannot read the upstreams");
	return 0;
}

int
db_upstream_stray(struct db *db, uint32_t *asn, uint32_t *upstream,
    int64_t *seq, struct dp_err *err)
{
	sqlite3_stmt *st;
	int rc;

	/* The subject is how upstream_record() names the origin. */
	st = db_prepare(db, "SELECT u.asn, u.upstream_asn, x.seq FROM "
	    "(SELECT id, audit_seq AS seq FROM upstreams "
	    "WHERE audit_seq IS NOT NULL UNION ALL "
	    "SELECT upstream_id, audit_seq FROM upstream_evidence "
	    "WHERE audit_seq IS NOT NULL) AS x "
	    "JOIN upstreams AS u ON u.id = x.id "
	    "LEFT JOIN audit_log AS a ON a.seq = x.seq "
	    "AND a.action = 'upstreams' AND a.subject = 'upstreams:AS' || u.asn "
	    "WHERE a.seq IS NULL ORDER BY u.asn, u.upstream_asn LIMIT 1", err);
	if (st == NULL)
		return err->code;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		struct db_row r;

		db_row_start(&r, st, "upstream link", err);
		*asn = (uint32_t)db_row_int_range(&r, 0, 1, UINT32_MAX);
		*upstream = (uint32_t)db_row_int_range(&r, 1, 1, UINT32_MAX);
		*seq = db_row_int(&r, 2);
		if (db_row_end(&r) != 0) {
			sqlite3_finalize(st);
			return err->code;
		}
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return dp_fail(err, DP_EX_NOINPUT, "no stray upstream link");
	if (rc != SQLITE_ROW)
		return db_fail(db, rc, err, "cannot read the upstreams");
	return 0;
}

/*
 * A run of an origin is an "upstreams" audit entry of it (a run that found
 * no upstream records one too, with no links), unless its payload says it
 * was inconclusive (a source of neighbours did not answer: the links it
 * did not see may still be there).  A link names the latest entry that
 * saw it (audit_seq, migration 0006); links written before 0006 name none
 * and are compared by time instead.
 */
#define RUNS_OF_ORIGIN \
	"SELECT seq, at FROM audit_log WHERE action = 'upstreams' AND " \
	"subject = 'upstreams:AS' || ?1 AND " \
	"coalesce(json_extract(payload, '$.inconclusive'), 0) = 0"

int
db_upstream_history(struct db *db, uint32_t asn, struct upstream_seen **out,
    size_t *n, struct dp_err *err)
{
	sqlite3_stmt *st;
	struct upstream_seen *v = NULL, *u;
	size_t len = 0;
	int rc;

	st = db_prepare(db, "WITH runs AS (" RUNS_OF_ORIGIN ") "
	    "SELECT x.upstream_asn, x.name, x.confidence, x.first_seen, "
	    "x.last_seen, coalesce(x.gone, 0) FROM (SELECT u.*, "
	    "(SELECT min(r.at) FROM runs AS r WHERE CASE WHEN u.audit_seq "
	    "IS NULL THEN r.at > u.last_seen ELSE r.seq > u.audit_seq END) "
	    "AS gone FROM upstreams AS u WHERE u.asn = ?1) AS x "
	    "ORDER BY x.gone IS NOT NULL, x.gone DESC, x.confidence DESC, "
	    "x.upstream_asn", err);
	if (st == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, asn);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct db_row r;

		v = xrealloc(v, (len + 1) * sizeof(*v));
		u = &v[len++];
		memset(u, 0, sizeof(*u));
		u->asn = asn;
		db_row_start(&r, st, "upstream link", err);
		u->upstream = (uint32_t)db_row_int_range(&r, 0, 1,
		    UINT32_MAX);
		u->name = db_row_strdup_opt(&r, 1);
		u->confidence = db_row_real(&r, 2);
		u->first_seen = db_row_int(&r, 3);
		u->last_seen = db_row_int(&r, 4);
		u->gone_since = db_row_int(&r, 5);
		if (db_row_end(&r) != 0) {
			sqlite3_finalize(st);
			db_upstream_history_free(v, len);
			return err->code;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_upstream_history_free(v, len);
		return db_fail(db, rc, err, "cannot read the upstreams");
	}
	*out = v;
	*n = len;
	return 0;
}

void
db_upstream_history_free(struct upstream_seen *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

int
db_upstream_last_run(struct db *db, uint32_t asn, int64_t *at,
    struct dp_err *err)
{
	sqlite3_stmt *st;
	int rc;

	st = db_prepare(db, "SELECT coalesce(max(at), 0) FROM (" RUNS_OF_ORIGIN
	    ")", err);
	if (st == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, asn);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*at = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return db_fail(db, rc, err, "cannot read the upstreams");
	return 0;
}
