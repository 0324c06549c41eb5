/*
 * db_report.c - SQL for the status report (db_report.h).
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "db_report.h"

void
db_report_groups_free(struct db_report_group *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].family);
	free(v);
}

int
db_report_groups(struct db *db, int64_t provider_id,
    struct db_report_group **out, size_t *n, struct dp_err *err)
{
	struct db_report_group *v = NULL, *g;
	struct db_row row;
	sqlite3_stmt *st;
	const char *k;
	size_t k_n = 0;
	int rc;

	*out = NULL;
	*n = 0;
	/* Retracted rows stay in the case but are not its evidence. */
	st = db_prepare(db, "SELECT kind, family, count(*) AS n, "
	    "count(*) - count(observed_at), min(observed_at), "
	    "max(observed_at) FROM evidence WHERE provider_id = ?1 AND NOT "
	    "EXISTS (SELECT 1 FROM evidence_retractions AS x WHERE "
	    "x.evidence_id = evidence.id) GROUP BY kind, family "
	    "ORDER BY n DESC, kind, family", err);
	if (st == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, provider_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = xreallocarray(v, k_n + 1, sizeof(*v));
		g = &v[k_n++];
		memset(g, 0, sizeof(*g));
		db_row_start(&row, st, "evidence of the provider", err);
		k = db_row_text(&row, 0, NULL);
		if (strlen(k) >= sizeof(g->kind))
			db_row_bad(&row, "kind '%.40s' is not one", k);
		else
			strcpy(g->kind, k);
		g->family = db_row_strdup_opt(&row, 1);
		g->n = db_row_int(&row, 2);
		g->undated = db_row_int(&row, 3);
		db_row_int_opt(&row, 4, &g->first_observed);
		db_row_int_opt(&row, 5, &g->last_observed);
		if (db_row_end(&row) != 0) {
			sqlite3_finalize(st);
			db_report_groups_free(v, k_n);
			return err->code;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_report_groups_free(v, k_n);
		return db_fail(db, rc, err, "cannot count the evidence");
	}
	*out = v;
	*n = k_n;
	return 0;
}

int
db_report_audit_head(struct db *db, int64_t *seq, char hash[65],
    struct dp_err *err)
{
	struct db_row row;
	sqlite3_stmt *st;
	const char *h;
	size_t len;
	int rc;

	*seq = 0;
	hash[0] = '\0';
	st = db_prepare(db, "SELECT seq, hash FROM audit_log ORDER BY seq "
	    "DESC LIMIT 1", err);
	if (st == NULL)
		return err->code;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		db_row_start(&row, st, "audit entry", err);
		*seq = db_row_int(&row, 0);
		h = db_row_text(&row, 1, &len);
		if (len != 64)
			db_row_bad(&row, "its hash is not 64 hex digits");
		else
			memcpy(hash, h, 65);
		if (db_row_end(&row) != 0) {
			sqlite3_finalize(st);
			return err->code;
		}
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, err, "cannot read the audit log");
	return 0;
}
