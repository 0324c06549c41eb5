/*
 * db_merge.c - SQL on the evidence rows of one provider as a whole: the
 * rows a merge gives to another provider, and the counts of a provider's
 * case summary.  (Single rows and their listings: db_evidence.c.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "exitcodes.h"

int
db_merge_evidence_runs(struct db *db, int64_t id, struct id_run **runs,
    size_t *nruns, int64_t *rows, struct dp_err *err)
{
	sqlite3_stmt *st;
	struct id_run *v = NULL;
	size_t n = 0, cap = 0;
	int64_t e, count = 0;
	int rc;

	st = db_prepare(db, "SELECT id FROM evidence WHERE provider_id = ?1 "
	    "ORDER BY id", err);
	if (st == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct db_row r;

		db_row_start(&r, st, "evidence", err);
		e = db_row_id(&r, 0);
		if (db_row_end(&r) != 0) {
			sqlite3_finalize(st);
			free(v);
			return err->code;
		}
		count++;
		if (n > 0 && v[n - 1].last + 1 == e) {
			v[n - 1].last = e;
			continue;
		}
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			v = xrealloc(v, cap * sizeof(*v));
		}
		v[n].first = v[n].last = e;
		n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return db_fail(db, rc, err, "cannot read the evidence");
	}
	*runs = v;
	*nruns = n;
	*rows = count;
	return 0;
}

int
db_merge_move_evidence(struct db *db, int64_t from, int64_t to,
    int64_t *moved, struct dp_err *err)
{
	sqlite3_stmt *st;
	int rc;

	st = db_prepare(db, "UPDATE evidence SET provider_id = ?2 "
	    "WHERE provider_id = ?1", err);
	if (st == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, err, "cannot move the evidence");
	*moved = sqlite3_changes(db->h);
	return 0;
}

/* The evidence row at hand has been retracted. */
#define RETRACTED \
	"EXISTS (SELECT 1 FROM evidence_retractions AS x " \
	"WHERE x.evidence_id = evidence.id)"

int
db_evidence_summary(struct db *db, int64_t provider_id, struct ev_summary *s,
    struct dp_err *err)
{
	sqlite3_stmt *st;
	struct ev_summary r;
	const char *k;
	int rc;

	memset(&r, 0, sizeof(r));
	/* Retracted rows stay in the case but are not its evidence. */
	st = db_prepare(db, "SELECT count(*) FROM evidence WHERE "
	    "provider_id = ?1 AND " RETRACTED, err);
	if (st == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, provider_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		r.retracted = sqlite3_column_int64(st, 0);	/* count(*) */
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return db_fail(db, rc, err, "cannot count the evidence");
	st = db_prepare(db, "SELECT count(*), count(*) - count(observed_at), "
	    "min(observed_at), max(observed_at), min(recorded_at), "
	    "max(recorded_at) FROM evidence WHERE provider_id = ?1 AND NOT "
	    RETRACTED, err);
	if (st == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, provider_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct db_row row;

		/* min() and max() of a column holding text would be text. */
		db_row_start(&row, st, "evidence of the provider", err);
		r.rows = db_row_int(&row, 0);
		r.undated = db_row_int(&row, 1);
		db_row_int_opt(&row, 2, &r.first_observed);
		db_row_int_opt(&row, 3, &r.last_observed);
		db_row_int_opt(&row, 4, &r.first_recorded);
		db_row_int_opt(&row, 5, &r.last_recorded);
		if (db_row_end(&row) != 0) {
			sqlite3_finalize(st);
			return err->code;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return db_fail(db, rc, err, "cannot count the evidence");
	st = db_prepare(db, "SELECT kind, count(*) AS n FROM evidence "
	    "WHERE provider_id = ?1 AND NOT " RETRACTED " GROUP BY kind "
	    "ORDER BY n DESC, kind", err);
	if (st == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, provider_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct db_row row;

		db_row_start(&row, st, "evidence of the provider", err);
		k = db_row_text(&row, 0, NULL);
		if (db_row_end(&row) != 0) {
			sqlite3_finalize(st);
			free(r.kinds);
			return err->code;
		}
		r.kinds = xrealloc(r.kinds, (r.nkinds + 1) * sizeof(*r.kinds));
		/* kinds are the schema's short names (0001's CHECK) */
		snprintf(r.kinds[r.nkinds].kind, sizeof(r.kinds->kind), "%s",
		    k);
		r.kinds[r.nkinds++].n = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(r.kinds);
		return db_fail(db, rc, err, "cannot count the evidence");
	}
	*s = r;
	return 0;
}
