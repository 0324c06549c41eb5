/*
 * db_measure.h - SQL for the measurement series and their points
 * (schema 14).  The value of a series in an interval is the sum of what
 * each import put there (measure.h); the rows of one import are never
 * changed, only removed with their series.
 */
#ifndef DEPEER_DB_MEASURE_H
#define DEPEER_DB_MEASURE_H

#include <stddef.h>
#include <stdint.h>

#include "measure.h"
#include "util.h"

struct db;

/*
 * The series named name, with its point counts: 0, DP_EX_NOINPUT (none;
 * err filled), or another code.  s is released by the caller.
 */
int	db_series_get(struct db *db, const char *name,
	    struct measure_series *s, struct dp_err *err);
/* Every series, by name, with its point counts. */
int	db_series_list(struct db *db, struct measure_series **v, size_t *n,
	    struct dp_err *err);
/* Every series row as stored (no counts), by id; fn returns non-zero to
   stop (returned as is). */
int	db_series_iter(struct db *db,
	    int (*fn)(const struct measure_series *s, void *arg), void *arg,
	    struct dp_err *err);
/* A new series (s->id set). */
int	db_series_add(struct db *db, struct measure_series *s,
	    struct dp_err *err);
/* The time of the series' last import. */
int	db_series_touch(struct db *db, int64_t id, int64_t updated_at,
	    struct dp_err *err);
/* The series and its points removed; *points their rows. */
int	db_series_rm(struct db *db, int64_t id, int64_t *points,
	    struct dp_err *err);
/* The points of one import. */
int	db_points_add(struct db *db, int64_t series_id, int64_t audit_seq,
	    const struct measure_point *p, size_t n, struct dp_err *err);
/* A series' value per interval (the sum over its imports), by t. */
int	db_points_get(struct db *db, int64_t series_id,
	    struct measure_point **p, size_t *n, struct dp_err *err);
/* Every point row, by audit_seq then t; fn returns non-zero to stop. */
int	db_points_iter(struct db *db, int (*fn)(int64_t series_id,
	    int64_t audit_seq, int64_t t, double v, void *arg), void *arg,
	    struct dp_err *err);

#endif
