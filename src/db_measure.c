/*
 * db_measure.c - SQL for the measurement series and their points.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "db_measure.h"
#include "exitcodes.h"

/* The series columns and the sums over its points (a LEFT JOIN). */
#define SERIES_SQL "SELECT s.id, s.name, s.interval_s, s.created_at, " \
	"s.updated_at, s.audit_seq, (SELECT count(DISTINCT t) FROM " \
	"series_points p WHERE p.series_id = s.id), (SELECT count(DISTINCT " \
	"audit_seq) FROM series_points p WHERE p.series_id = s.id), " \
	"(SELECT min(t) FROM series_points p WHERE p.series_id = s.id), " \
	"(SELECT max(t) FROM series_points p WHERE p.series_id = s.id), " \
	"(SELECT total(value) FROM series_points p WHERE p.series_id = s.id) " \
	"FROM series s "

static int
row_to_series(sqlite3_stmt *st, struct measure_series *s, int counts,
    struct dp_err *err)
{
	struct db_row r;
	int64_t v;

	memset(s, 0, sizeof(*s));
	db_row_start(&r, st, "series", err);
	s->id = db_row_id(&r, 0);
	s->name = db_row_strdup(&r, 1);
	s->interval_s = db_row_int_range(&r, 2, 60, 86400);
	s->created_at = db_row_int(&r, 3);
	s->updated_at = db_row_int(&r, 4);
	s->audit_seq = db_row_int(&r, 5);
	if (counts) {
		s->points = db_row_int(&r, 6);
		s->imports = db_row_int(&r, 7);
		if (db_row_int_opt(&r, 8, &v))
			s->first_t = v;
		if (db_row_int_opt(&r, 9, &v))
			s->last_t = v;
		s->total = db_row_real(&r, 10);
	}
	return db_row_end(&r);
}

int
db_series_get(struct db *db, const char *name, struct measure_series *s,
    struct dp_err *err)
{
	sqlite3_stmt *st;
	int rc, r;

	memset(s, 0, sizeof(*s));
	if ((st = db_prepare(db, SERIES_SQL "WHERE s.name = ?1", err)) ==
	    NULL)
		return err->code;
	db_bind_text(st, 1, name);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		r = row_to_series(st, s, 1, err);
	else if (rc == SQLITE_DONE)
		r = dp_fail(err, DP_EX_NOINPUT, "no series named '%s'", name);
	else
		r = db_fail(db, rc, err, "cannot read the series");
	sqlite3_finalize(st);
	if (r != 0)
		measure_series_release(s);
	return r;
}

int
db_series_list(struct db *db, struct measure_series **out, size_t *n,
    struct dp_err *err)
{
	struct measure_series *v = NULL;
	size_t cap = 0, i;
	sqlite3_stmt *st;
	int rc, r = 0;

	*out = NULL;
	*n = 0;
	if ((st = db_prepare(db, SERIES_SQL "ORDER BY s.name", err)) == NULL)
		return err->code;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		GROW(v, *n + 1, cap);
		r = row_to_series(st, &v[*n], 1, err);
		(*n)++;
		if (r != 0)
			break;
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = db_fail(db, rc, err, "cannot read the series");
	sqlite3_finalize(st);
	if (r != 0) {
		for (i = 0; i < *n; i++)
			measure_series_release(&v[i]);
		free(v);
		*n = 0;
		return r;
	}
	*out = v;
	return 0;
}

int
db_series_iter(struct db *db,
    int (*fn)(const struct measure_series *s, void *arg), void *arg,
    struct dp_err *err)
{
	struct measure_series s;
	sqlite3_stmt *st;
	int rc, r = 0;

	if ((st = db_prepare(db, "SELECT id, name, interval_s, created_at, "
	    "updated_at, audit_seq FROM series ORDER BY id", err)) == NULL)
		return err->code;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((r = row_to_series(st, &s, 0, err)) != 0)
			break;
		r = fn(&s, arg);
		measure_series_release(&s);
		if (r != 0)
			break;
	}
	if (r == 0 && rc != SQLITE_DONE && rc != SQLITE_ROW)
		r = db_fail(db, rc, err, "cannot read the series");
	sqlite3_finalize(st);
	return r;
}

int
db_series_add(struct db *db, struct measure_series *s, struct dp_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_prepare(db, "INSERT INTO series (name, interval_s, "
	    "created_at, updated_at, audit_seq) VALUES (?1, ?2, ?3, ?4, ?5)",
	    err)) == NULL)
		return err->code;
	db_bind_text(st, 1, s->name);
	sqlite3_bind_int64(st, 2, s->interval_s);
	sqlite3_bind_int64(st, 3, s->created_at);
	sqlite3_bind_int64(st, 4, s->updated_at);
	sqlite3_bind_int64(st, 5, s->audit_seq);
	if ((rc = db_step_done(db, st, "cannot add the series", err)) != 0)
		return rc;
	s->id = sqlite3_last_insert_rowid(db->h);
	return 0;
}

int
db_series_touch(struct db *db, int64_t id, int64_t updated_at,
    struct dp_err *err)
{
	sqlite3_stmt *st;

	if ((st = db_prepare(db, "UPDATE series SET updated_at = ?2 "
	    "WHERE id = ?1", err)) == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, updated_at);
	return db_step_done(db, st, "cannot update the series", err);
}

int
db_series_rm(struct db *db, int64_t id, int64_t *points, struct dp_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_prepare(db, "DELETE FROM series_points WHERE "
	    "series_id = ?1", err)) == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = db_step_done(db, st, "cannot remove the series' points",
	    err)) != 0)
		return rc;
	*points = sqlite3_changes(db->h);
	if ((st = db_prepare(db, "DELETE FROM series WHERE id = ?1", err)) ==
	    NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, id);
	return db_step_done(db, st, "cannot remove the series", err);
}

int
db_points_add(struct db *db, int64_t series_id, int64_t audit_seq,
    const struct measure_point *p, size_t n, struct dp_err *err)
{
	sqlite3_stmt *st;
	size_t i;
	int rc = 0;

	if ((st = db_prepare(db, "INSERT INTO series_points (series_id, t, "
	    "value, audit_seq) VALUES (?1, ?2, ?3, ?4)", err)) == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, series_id);
	sqlite3_bind_int64(st, 4, audit_seq);
	for (i = 0; i < n; i++) {
		sqlite3_bind_int64(st, 2, p[i].t);
		sqlite3_bind_double(st, 3, p[i].v);
		if ((rc = sqlite3_step(st)) != SQLITE_DONE) {
			rc = db_fail(db, rc, err, "cannot store the points");
			break;
		}
		rc = 0;
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}

int
db_points_get(struct db *db, int64_t series_id, struct measure_point **out,
    size_t *n, struct dp_err *err)
{
	struct measure_point *v = NULL;
	struct db_row r;
	size_t cap = 0;
	sqlite3_stmt *st;
	int rc, bad = 0;

	*out = NULL;
	*n = 0;
	if ((st = db_prepare(db, "SELECT t, total(value) FROM series_points "
	    "WHERE series_id = ?1 GROUP BY t ORDER BY t", err)) == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, series_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		GROW(v, *n + 1, cap);
		db_row_start(&r, st, "series point", err);
		v[*n].t = db_row_int(&r, 0);
		v[*n].v = db_row_real(&r, 1);
		if ((bad = db_row_end(&r)) != 0)
			break;
		(*n)++;
	}
	if (bad == 0 && rc != SQLITE_DONE)
		bad = db_fail(db, rc, err, "cannot read the points");
	sqlite3_finalize(st);
	if (bad != 0) {
		free(v);
		*n = 0;
		return bad;
	}
	*out = v;
	return 0;
}

int
db_points_iter(struct db *db, int (*fn)(int64_t series_id,
    int64_t audit_seq, int64_t t, double v, void *arg), void *arg,
    struct dp_err *err)
{
	struct db_row r;
	sqlite3_stmt *st;
	int64_t sid, seq, t;
	double v;
	int rc, bad = 0;

	if ((st = db_prepare(db, "SELECT series_id, audit_seq, t, value FROM "
	    "series_points ORDER BY audit_seq, t", err)) == NULL)
		return err->code;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		db_row_start(&r, st, "series point", err);
		sid = db_row_int(&r, 0);
		seq = db_row_int(&r, 1);
		t = db_row_int(&r, 2);
		v = db_row_real(&r, 3);
		if ((bad = db_row_end(&r)) != 0)
			break;
		if ((bad = fn(sid, seq, t, v, arg)) != 0)
			break;
	}
	if (bad == 0 && rc != SQLITE_DONE)
		bad = db_fail(db, rc, err, "cannot read the points");
	sqlite3_finalize(st);
	return bad;
}
