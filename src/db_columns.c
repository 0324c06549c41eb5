/*
 * db_columns.c - SQL for verify's checks of the columns no record hash
 * covers (db_columns.h).
 */
#include <stdio.h>
#include <string.h>

#include "db_columns.h"
#include "db_internal.h"
#include "exitcodes.h"
#include "validate.h"

int
db_provider_updated_iter(struct db *db,
    int (*fn)(int64_t, int64_t, void *), void *arg, struct dp_err *err)
{
	sqlite3_stmt *st;
	int rc, r = 0;

	st = db_prepare(db, "SELECT id, updated_at FROM providers ORDER BY id",
	    err);
	if (st == NULL)
		return err->code;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct db_row row;
		int64_t id, at;

		db_row_start(&row, st, "provider", err);
		id = db_row_id(&row, 0);
		at = db_row_int(&row, 1);
		if ((r = db_row_end(&row)) != 0 || (r = fn(id, at, arg)) != 0)
			break;
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = db_fail(db, rc, err, "cannot read providers");
	sqlite3_finalize(st);
	return r;
}

int
db_network_iter(struct db *db,
    int (*fn)(const struct db_network_row *, void *), void *arg,
    struct dp_err *err)
{
	struct db_network_row n;
	sqlite3_stmt *st;
	int rc, r = 0;

	st = db_prepare(db, "SELECT id, provider_id, asn, prefix, family, "
	    "net_first, net_last, added_at FROM provider_networks "
	    "ORDER BY provider_id, id", err);
	if (st == NULL)
		return err->code;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct db_row row;
		const void *first, *last;

		memset(&n, 0, sizeof(n));
		db_row_start(&row, st, "network", err);
		n.id = db_row_id(&row, 0);
		n.provider_id = db_row_int(&row, 1);
		db_row_int_opt(&row, 2, &n.asn);
		n.prefix = db_row_text_opt(&row, 3, NULL);
		n.has_family = db_row_int_opt(&row, 4, &n.family);
		n.has_first = db_row_blob_opt(&row, 5, &first, &n.first_len);
		n.has_last = db_row_blob_opt(&row, 6, &last, &n.last_len);
		n.first = first;
		n.last = last;
		n.added_at = db_row_int(&row, 7);
		if ((r = db_row_end(&row)) != 0 || (r = fn(&n, arg)) != 0)
			break;
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = db_fail(db, rc, err, "cannot read networks");
	sqlite3_finalize(st);
	return r;
}

int
db_artifact_first_use_iter(struct db *db,
    int (*fn)(int64_t, int64_t, int, int64_t, void *), void *arg,
    struct dp_err *err)
{
	sqlite3_stmt *st;
	int rc, r = 0;

	/* The lowest evidence id is the earliest entry: ids only grow. */
	st = db_prepare(db, "SELECT a.id, a.stored_at, (SELECT l.at FROM "
	    "evidence_files AS f JOIN evidence AS e ON e.id = f.evidence_id "
	    "JOIN audit_log AS l ON l.seq = e.audit_seq "
	    "WHERE f.artifact_id = a.id ORDER BY e.id LIMIT 1) "
	    "FROM artifacts AS a ORDER BY a.id", err);
	if (st == NULL)
		return err->code;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct db_row row;
		int64_t id, stored, first = 0;
		int has_first;

		db_row_start(&row, st, "stored file", err);
		id = db_row_id(&row, 0);
		stored = db_row_int(&row, 1);
		has_first = db_row_int_opt(&row, 2, &first);
		if ((r = db_row_end(&row)) != 0 ||
		    (r = fn(id, stored, has_first, first, arg)) != 0)
			break;
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = db_fail(db, rc, err, "cannot read stored files");
	sqlite3_finalize(st);
	return r;
}

/*
 * Step st (bound) for one id: 0 with *id, DP_EX_NOINPUT, or an error;
 * row names the row read, what the work.
 */
static int
first_id(struct db *db, sqlite3_stmt *st, int64_t *id, const char *row_name,
    const char *what, struct dp_err *err)
{
	struct db_row row;
	int rc = sqlite3_step(st), bad = 0;

	if (rc == SQLITE_ROW) {
		db_row_start(&row, st, row_name, err);
		*id = db_row_int(&row, 0);
		bad = db_row_end(&row);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return bad;
	if (rc == SQLITE_DONE)
		return dp_fail(err, DP_EX_NOINPUT, "none");
	return db_fail(db, rc, err, what);
}

int
db_retirement_first_stray(struct db *db, int64_t *id, struct dp_err *err)
{
	sqlite3_stmt *st;

	st = db_prepare(db, "SELECT r.provider_id FROM provider_retirements "
	    "AS r LEFT JOIN providers AS p ON p.id = r.provider_id "
	    "WHERE p.id IS NULL ORDER BY r.provider_id LIMIT 1", err);
	if (st == NULL)
		return err->code;
	return first_id(db, st, id, "retirement",
	    "cannot read retirements", err);
}

int
db_evidence_first_bad_type(struct db *db, int64_t *id, struct dp_err *err)
{
	sqlite3_stmt *st;
	enum ind_type t;

	/* The names from validate.h, the one list of them. */
	st = db_prepare(db, "SELECT id FROM evidence WHERE "
	    "typeof(indicator_type) <> 'text' OR indicator_type NOT IN "
	    "(?1, ?2, ?3, ?4, ?5) ORDER BY id LIMIT 1", err);
	if (st == NULL)
		return err->code;
	for (t = IND_IPV4; t <= IND_URL; t++)
		db_bind_text(st, (int)t - (int)IND_IPV4 + 1, ind_type_name(t));
	return first_id(db, st, id, "evidence",
	    "cannot read evidence", err);
}

int
db_evidence_first_file_gap(struct db *db, int64_t *id, struct dp_err *err)
{
	sqlite3_stmt *st;

	/* Positions are distinct (the primary key) and >= 1 (a CHECK):
	   1..n exactly when the largest is the count. */
	st = db_prepare(db, "SELECT evidence_id FROM evidence_files "
	    "GROUP BY evidence_id HAVING typeof(max(pos)) <> 'integer' OR "
	    "min(pos) <> 1 OR max(pos) <> count(*) "
	    "ORDER BY evidence_id LIMIT 1", err);
	if (st == NULL)
		return err->code;
	return first_id(db, st, id, "attached file",
	    "cannot read attached files", err);
}

int
db_evidence_first_stray_file(struct db *db, int64_t *id, struct dp_err *err)
{
	sqlite3_stmt *st;

	st = db_prepare(db, "SELECT f.evidence_id FROM evidence_files AS f "
	    "LEFT JOIN evidence AS e ON e.id = f.evidence_id "
	    "WHERE e.id IS NULL ORDER BY f.evidence_id LIMIT 1", err);
	if (st == NULL)
		return err->code;
	return first_id(db, st, id, "attached file",
	    "cannot read attached files", err);
}

int
db_source_first_bad_size(struct db *db, int64_t *id, struct dp_err *err)
{
	sqlite3_stmt *st;

	/* length() and typeof() of a blob read its header, not its bytes. */
	st = db_prepare(db, "SELECT id FROM sources WHERE "
	    "typeof(content) <> 'blob' OR typeof(size) <> 'integer' OR "
	    "size <> length(content) ORDER BY id LIMIT 1", err);
	if (st == NULL)
		return err->code;
	return first_id(db, st, id, "registry answer",
	    "cannot read registry answers", err);
}

int
db_source_first_stray_range(struct db *db, int64_t *id, struct dp_err *err)
{
	sqlite3_stmt *st;

	st = db_prepare(db, "SELECT r.source_id FROM source_ranges AS r "
	    "LEFT JOIN sources AS s ON s.id = r.source_id "
	    "WHERE s.id IS NULL OR s.protocol IS NOT r.protocol OR "
	    "s.server IS NOT r.server OR typeof(r.lo) <> 'blob' OR "
	    "typeof(r.hi) <> 'blob' OR "
	    "substr(r.lo, 1, 1) <> substr(r.hi, 1, 1) OR "
	    "substr(r.lo, 1, 1) NOT IN (x'04', x'06') "
	    "ORDER BY r.source_id LIMIT 1", err);
	if (st == NULL)
		return err->code;
	return first_id(db, st, id, "source range",
	    "cannot read registry answers", err);
}

int
db_upstream_unaudited_iter(struct db *db,
    int (*fn)(uint32_t, uint32_t, void *), void *arg, struct dp_err *err)
{
	sqlite3_stmt *st;
	int rc, r = 0;

	st = db_prepare(db, "SELECT asn, upstream_asn FROM upstreams "
	    "WHERE audit_seq IS NULL ORDER BY asn, upstream_asn", err);
	if (st == NULL)
		return err->code;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct db_row row;
		uint32_t asn, up;

		db_row_start(&row, st, "upstream link", err);
		asn = (uint32_t)db_row_int_range(&row, 0, 1, UINT32_MAX);
		up = (uint32_t)db_row_int_range(&row, 1, 1, UINT32_MAX);
		if ((r = db_row_end(&row)) != 0 || (r = fn(asn, up, arg)) != 0)
			break;
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = db_fail(db, rc, err, "cannot read the upstreams");
	sqlite3_finalize(st);
	return r;
}

int
db_upstream_entries_at(struct db *db, uint32_t asn, int64_t at,
    int (*fn)(const char *, void *), void *arg, struct dp_err *err)
{
	sqlite3_stmt *st;
	int rc, r = 0;

	/* The subject is how upstream_record() names the origin. */
	st = db_prepare(db, "SELECT payload FROM audit_log WHERE "
	    "action = 'upstreams' AND subject = 'upstreams:AS' || ?1 AND "
	    "at = ?2 ORDER BY seq", err);
	if (st == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, asn);
	sqlite3_bind_int64(st, 2, at);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct db_row row;
		const char *p;

		db_row_start(&row, st, "audit entry", err);
		p = db_row_text(&row, 0, NULL);
		if ((r = db_row_end(&row)) != 0 || (r = fn(p, arg)) != 0)
			break;
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = db_fail(db, rc, err, "cannot read the audit log");
	sqlite3_finalize(st);
	return r;
}

int
db_upstream_first_entry_at(struct db *db, int64_t *at, struct dp_err *err)
{
	return db_query_int64(db, "SELECT coalesce(min(at), 0) FROM audit_log "
	    "WHERE action = 'upstreams'", at, "cannot read the audit log",
	    err);
}
