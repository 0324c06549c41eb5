/*
 * db_report.c - SQL for the status report (db_report.h).
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "db_report.h"

void
db_report_evidence_release(struct db_report_evidence *e)
{
	size_t i;

	for (i = 0; i < e->ngroups; i++)
		free(e->groups[i].family);
	free(e->groups);
	memset(e, 0, sizeof(*e));
}

/*
 * The groups by (kind, family) in an open-addressing hash table (a case
 * may name thousands of families); hand-written, as nothing in the
 * project's libraries offers a hash table of strings.
 */
struct gtab {
	struct db_report_group *v;	/* the groups, in first-seen order */
	size_t		 n;
	size_t		*slot;		/* index + 1 into v; 0: empty */
	size_t		 cap;		/* a power of two */
};

static uint64_t
ghash(const char *kind, const char *family)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */
	const char *p;

	for (p = kind; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	h = (h ^ 0xff) * 1099511628211ULL;	/* no family: not "" */
	for (p = family; p != NULL && *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	return family == NULL ? h ^ 0x5bd1e995 : h;
}

static int
gsame(const struct db_report_group *g, const char *kind, const char *family)
{
	if (strcmp(g->kind, kind) != 0)
		return 0;
	if (g->family == NULL || family == NULL)
		return g->family == family;
	return strcmp(g->family, family) == 0;
}

static void
ggrow(struct gtab *t)
{
	size_t i, j, cap = t->cap ? t->cap * 2 : 64;
	size_t *slot = xcalloc(cap, sizeof(*slot));

	for (i = 0; i < t->n; i++) {
		j = ghash(t->v[i].kind, t->v[i].family) & (cap - 1);
		while (slot[j] != 0)
			j = (j + 1) & (cap - 1);
		slot[j] = i + 1;
	}
	free(t->slot);
	t->slot = slot;
	t->cap = cap;
}

static struct db_report_group *
gfind(struct gtab *t, const char *kind, const char *family)
{
	struct db_report_group *g;
	size_t j;

	if ((t->n + 1) * 2 > t->cap)
		ggrow(t);
	j = ghash(kind, family) & (t->cap - 1);
	while (t->slot[j] != 0) {
		g = &t->v[t->slot[j] - 1];
		if (gsame(g, kind, family))
			return g;
		j = (j + 1) & (t->cap - 1);
	}
	t->v = xreallocarray(t->v, t->n + 1, sizeof(*t->v));
	g = &t->v[t->n];
	memset(g, 0, sizeof(*g));
	snprintf(g->kind, sizeof(g->kind), "%s", kind);
	g->family = family != NULL ? xstrdup(family) : NULL;
	t->slot[j] = ++t->n;
	return g;
}

static int
gcmp(const void *a, const void *b)
{
	const struct db_report_group *x = a, *y = b;
	int c;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	if ((c = strcmp(x->kind, y->kind)) != 0)
		return c;
	if (x->family == NULL || y->family == NULL)
		return (x->family != NULL) - (y->family != NULL);
	return strcmp(x->family, y->family);
}

static int
id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

int
db_report_evidence(struct db *db, int64_t provider_id,
    struct db_report_evidence *out, struct dp_err *err)
{
	struct db_report_evidence r;
	struct gtab t = { NULL, 0, NULL, 0 };
	struct db_report_group *g;
	struct db_row row;
	sqlite3_stmt *st;
	int64_t *gone = NULL, id, obs, rec;
	size_t ngone = 0;
	const char *kind, *family;
	int rc, dated;

	memset(&r, 0, sizeof(r));
	memset(out, 0, sizeof(*out));
	/* Retracted rows stay in the case but are not its evidence: their
	   ids (few) first, skipped in the scan. */
	st = db_prepare(db, "SELECT x.evidence_id FROM evidence_retractions "
	    "AS x JOIN evidence AS e ON e.id = x.evidence_id WHERE "
	    "e.provider_id = ?1", err);
	if (st == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, provider_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		gone = xreallocarray(gone, ngone + 1, sizeof(*gone));
		gone[ngone++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(gone);
		return db_fail(db, rc, err, "cannot read the retractions");
	}
	if (ngone > 1)
		qsort(gone, ngone, sizeof(*gone), id_cmp);
	r.retracted = (int64_t)ngone;
	st = db_prepare(db, "SELECT id, kind, family, observed_at, "
	    "recorded_at FROM evidence WHERE provider_id = ?1", err);
	if (st == NULL) {
		free(gone);
		return err->code;
	}
	sqlite3_bind_int64(st, 1, provider_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		if (ngone > 0 && bsearch(&id, gone, ngone, sizeof(*gone),
		    id_cmp) != NULL)
			continue;
		db_row_start(&row, st, "evidence of the provider", err);
		kind = db_row_text(&row, 1, NULL);
		family = db_row_text_opt(&row, 2, NULL);
		dated = db_row_int_opt(&row, 3, &obs);
		rec = db_row_int(&row, 4);
		if (db_row_end(&row) != 0) {
			rc = err->code;
			goto fail;
		}
		g = gfind(&t, kind, family);
		g->n++;
		r.rows++;
		if (!dated) {
			g->undated++;
			r.undated++;
		} else {
			if (g->first_observed == 0 || obs < g->first_observed)
				g->first_observed = obs;
			if (obs > g->last_observed)
				g->last_observed = obs;
			if (r.first_observed == 0 || obs < r.first_observed)
				r.first_observed = obs;
			if (obs > r.last_observed)
				r.last_observed = obs;
		}
		if (r.first_recorded == 0 || rec < r.first_recorded)
			r.first_recorded = rec;
		if (rec > r.last_recorded)
			r.last_recorded = rec;
	}
	if (rc != SQLITE_DONE) {
		rc = db_fail(db, rc, err, "cannot read the evidence");
		goto fail;
	}
	sqlite3_finalize(st);
	free(gone);
	free(t.slot);
	if (t.n > 1)
		qsort(t.v, t.n, sizeof(*t.v), gcmp);
	r.groups = t.v;
	r.ngroups = t.n;
	*out = r;
	return 0;
fail:
	sqlite3_finalize(st);
	free(gone);
	free(t.slot);
	r.groups = t.v;
	r.ngroups = t.n;
	db_report_evidence_release(&r);
	return rc;
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
