/*
 * measure_store.c - the measurement series of a case, each change one
 * transaction with its audit entry.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "clock.h"
#include "db.h"
#include "db_measure.h"
#include "exitcodes.h"
#include "measure_store.h"

static json_t *
import_claim(const struct measure_series *s, int created,
    const struct measure_import_req *req, const struct measure_parse *p)
{
	unsigned char d[SHA256_LEN];
	char hex[SHA256_HEXLEN];
	double total = 0;
	json_t *o = json_object();
	size_t i;

	for (i = 0; i < p->n; i++)
		total += p->pts[i].v;
	measure_points_sha256(p->pts, p->n, d);
	sha256_hex(d, hex);
	json_object_set_new(o, "series_id", json_integer(s->id));
	json_object_set_new(o, "name", json_string(s->name));
	json_object_set_new(o, "interval_s", json_integer(s->interval_s));
	json_object_set_new(o, "new", json_boolean(created));
	json_object_set_new(o, "points", json_integer((json_int_t)p->n));
	json_object_set_new(o, "first_t", json_integer(p->pts[0].t));
	json_object_set_new(o, "last_t", json_integer(p->pts[p->n - 1].t));
	json_object_set_new(o, "total", json_real(total));
	json_object_set_new(o, "points_sha256", json_string(hex));
	json_object_set_new(o, "kind", json_string(p->kind == MEASURE_LOG ?
	    "log" : "values"));
	json_object_set_new(o, "input", json_string(req->input));
	json_object_set_new(o, "lines", json_integer(p->lines));
	json_object_set_new(o, "malformed", json_integer(p->malformed));
	return o;
}

int
measure_import(struct db *db, const struct measure_import_req *req,
    const struct measure_parse *p, struct measure_series *s, int64_t *seq,
    struct dp_err *err)
{
	struct measure_series cur;
	char subject[48], a[24], b[24];
	int64_t now = clock_now(), next;
	int rc, created = 0;

	memset(s, 0, sizeof(*s));
	if (p->n == 0)
		return dp_fail(err, DP_EX_DATAERR, "nothing to import");
	if ((rc = db_begin(db, err)) != 0)
		return rc;
	if ((rc = db_audit_next_seq(db, &next, err)) != 0)
		goto fail;
	rc = db_series_get(db, req->name, &cur, err);
	if (rc == 0 && !req->add) {
		measure_series_release(&cur);
		rc = dp_fail(err, DP_EX_DATAERR, "a series named '%s' exists; "
		    "use --add to add counts to it, or 'measure rm' first",
		    req->name);
		goto fail;
	}
	if (rc == DP_EX_NOINPUT && req->add) {
		dp_fail(err, DP_EX_NOINPUT, "no series named '%s' to add to "
		    "(import without --add to make it)", req->name);
		goto fail;
	}
	if (rc != 0 && rc != DP_EX_NOINPUT)
		goto fail;
	if (rc == 0 && cur.interval_s != req->interval_s) {
		measure_fmt_duration(cur.interval_s, a);
		measure_fmt_duration(req->interval_s, b);
		measure_series_release(&cur);
		rc = dp_fail(err, DP_EX_DATAERR, "series '%s' counts per %s, "
		    "not per %s; counts of another interval cannot be added",
		    req->name, a, b);
		goto fail;
	}
	if (rc == DP_EX_NOINPUT) {
		memset(&cur, 0, sizeof(cur));
		cur.name = xstrdup(req->name);
		cur.interval_s = req->interval_s;
		cur.created_at = cur.updated_at = now;
		cur.audit_seq = next;
		if ((rc = db_series_add(db, &cur, err)) != 0) {
			measure_series_release(&cur);
			goto fail;
		}
		created = 1;
	} else if ((rc = db_series_touch(db, cur.id, now, err)) != 0) {
		measure_series_release(&cur);
		goto fail;
	}
	if ((rc = db_points_add(db, cur.id, next, p->pts, p->n, err)) != 0) {
		measure_series_release(&cur);
		goto fail;
	}
	snprintf(subject, sizeof(subject), "series:%" PRId64, cur.id);
	rc = audit_record(db, AUDIT_MEASURE_IMPORT, subject, now,
	    import_claim(&cur, created, req, p), seq, err);
	measure_series_release(&cur);
	if (rc != 0)
		goto fail;
	if ((rc = db_commit(db, err)) != 0)
		goto fail;
	return db_series_get(db, req->name, s, err);
fail:
	db_rollback(db);
	return rc != 0 ? rc : err->code;
}

int
measure_get(struct db *db, const char *name, struct measure_series *s,
    struct dp_err *err)
{
	return db_series_get(db, name, s, err);
}

int
measure_list(struct db *db, struct measure_series **v, size_t *n,
    struct dp_err *err)
{
	return db_series_list(db, v, n, err);
}

int
measure_points(struct db *db, const char *name, struct measure_series *s,
    struct measure_point **pts, size_t *n, struct dp_err *err)
{
	int rc;

	*pts = NULL;
	*n = 0;
	if ((rc = db_begin_read(db, err)) != 0)
		return rc;
	if ((rc = db_series_get(db, name, s, err)) == 0 &&
	    (rc = db_points_get(db, s->id, pts, n, err)) != 0)
		measure_series_release(s);
	db_rollback(db);
	return rc;
}

int
measure_rm(struct db *db, const char *name, struct measure_series *s,
    struct dp_err *err)
{
	char subject[48];
	int64_t rows;
	json_t *o;
	int rc;

	memset(s, 0, sizeof(*s));
	if ((rc = db_begin(db, err)) != 0)
		return rc;
	if ((rc = db_series_get(db, name, s, err)) != 0)
		goto fail;
	if ((rc = db_series_rm(db, s->id, &rows, err)) != 0)
		goto fail;
	o = json_object();
	json_object_set_new(o, "series_id", json_integer(s->id));
	json_object_set_new(o, "name", json_string(s->name));
	json_object_set_new(o, "interval_s", json_integer(s->interval_s));
	json_object_set_new(o, "points", json_integer(rows));
	json_object_set_new(o, "imports", json_integer(s->imports));
	snprintf(subject, sizeof(subject), "series:%" PRId64, s->id);
	if ((rc = audit_record(db, AUDIT_MEASURE_RM, subject, clock_now(), o,
	    NULL, err)) != 0)
		goto fail;
	if ((rc = db_commit(db, err)) != 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	measure_series_release(s);
	return rc;
}
