/*
 * verify_measure.c - the measurement series held to their entries
 * (verify_measure.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "audit_entry.h"
#include "db_measure.h"
#include "exitcodes.h"
#include "hash.h"
#include "measure.h"
#include "verify_claims.h"
#include "verify_measure.h"

/* What one measure.import entry claims. */
struct import_claim {
	int64_t		seq;
	int64_t		series_id;
	int64_t		points, first_t, last_t;
	char		sha[SHA256_HEXLEN];
	int		removed;	/* by a later measure.rm */
	int		seen;
};

/* A series as its entries left it. */
struct series_state {
	int64_t		 id;
	char		*name;
	int64_t		 interval_s, created_at, updated_at, seq;
	int		 exists;
	int		 seen;
};

struct vmeasure {
	struct import_claim *imp;
	size_t		 nimp, capimp;
	struct series_state *ser;
	size_t		 nser, capser;
	/* the walk of the points: the run of one entry's rows */
	struct sha256	*h;
	int64_t		 gseq, gseries, gn, gfirst, glast;
	char		*why;
	size_t		 len;
};

int64_t
vmeasure_series(const struct vmeasure *v)
{
	int64_t n = 0;
	size_t i;

	for (i = 0; v != NULL && i < v->nser; i++)
		n += v->ser[i].exists != 0;
	return n;
}

struct vmeasure *
vmeasure_new(void)
{
	return xcalloc(1, sizeof(struct vmeasure));
}

void
vmeasure_free(struct vmeasure *v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < v->nser; i++)
		free(v->ser[i].name);
	free(v->ser);
	free(v->imp);
	sha256_free(v->h);
	free(v);
}

static struct series_state *
find_series(struct vmeasure *v, int64_t id)
{
	size_t i;

	for (i = 0; i < v->nser; i++)
		if (v->ser[i].id == id)
			return &v->ser[i];
	return NULL;
}

static int
note_import(struct vmeasure *v, const struct audit_entry *e, json_t *o,
    char *why, size_t len)
{
	struct import_claim c;
	struct series_state *s;
	json_t *name = json_object_get(o, "name"),
	    *isnew = json_object_get(o, "new"),
	    *sha = json_object_get(o, "points_sha256");
	int64_t interval, subj;

	memset(&c, 0, sizeof(c));
	c.seq = e->seq;
	if (vclaim_int(o, "series_id", &c.series_id) != 0 ||
	    vclaim_int(o, "interval_s", &interval) != 0 ||
	    vclaim_int(o, "points", &c.points) != 0 ||
	    vclaim_int(o, "first_t", &c.first_t) != 0 ||
	    vclaim_int(o, "last_t", &c.last_t) != 0 ||
	    !json_is_string(name) || !json_is_boolean(isnew) ||
	    !json_is_string(sha) ||
	    !sha256_hex_valid(json_string_value(sha)) || c.points <= 0 ||
	    vclaim_subject(e, "series", &subj) != 0 ||
	    subj != c.series_id) {
		snprintf(why, len, "its payload is malformed");
		return 0;
	}
	memcpy(c.sha, json_string_value(sha), SHA256_HEXLEN);
	s = find_series(v, c.series_id);
	if (json_is_true(isnew)) {
		if (s != NULL && s->exists) {
			snprintf(why, len, "it makes series %" PRId64 ", which "
			    "already exists", c.series_id);
			return 0;
		}
		if (s == NULL) {
			GROW(v->ser, v->nser + 1, v->capser);
			s = &v->ser[v->nser++];
			memset(s, 0, sizeof(*s));
		}
		free(s->name);
		s->id = c.series_id;
		s->name = xstrdup(json_string_value(name));
		s->interval_s = interval;
		s->created_at = e->at;
		s->seq = e->seq;
		s->exists = 1;
	} else if (s == NULL || !s->exists || s->interval_s != interval ||
	    strcmp(s->name, json_string_value(name)) != 0) {
		snprintf(why, len, "it adds to series %" PRId64 ", which no "
		    "earlier entry made as it says", c.series_id);
		return 0;
	}
	s->updated_at = e->at;
	GROW(v->imp, v->nimp + 1, v->capimp);
	v->imp[v->nimp++] = c;
	return 0;
}

static int
note_rm(struct vmeasure *v, const struct audit_entry *e, json_t *o,
    char *why, size_t len)
{
	struct series_state *s;
	int64_t id;
	size_t i;

	if (vclaim_int(o, "series_id", &id) != 0) {
		snprintf(why, len, "its payload is malformed");
		return 0;
	}
	if ((s = find_series(v, id)) == NULL || !s->exists) {
		snprintf(why, len, "it removes series %" PRId64 ", which does "
		    "not exist", id);
		return 0;
	}
	s->exists = 0;
	for (i = 0; i < v->nimp; i++)
		if (v->imp[i].series_id == id && v->imp[i].seq < e->seq)
			v->imp[i].removed = 1;
	return 0;
}

int
vmeasure_note(struct vmeasure *v, const struct audit_entry *e, json_t *o,
    char *why, size_t len)
{
	why[0] = '\0';
	if (strcmp(e->action, AUDIT_MEASURE_IMPORT) == 0)
		return note_import(v, e, o, why, len);
	return note_rm(v, e, o, why, len);
}

static struct import_claim *
find_import(struct vmeasure *v, int64_t seq)
{
	size_t lo = 0, hi = v->nimp, mid;

	while (lo < hi) {	/* in seq order */
		mid = (lo + hi) / 2;
		if (v->imp[mid].seq < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < v->nimp && v->imp[lo].seq == seq ? &v->imp[lo] : NULL;
}

/* Compare the run of rows of one entry with its claim; 1 on a mismatch. */
static int
close_run(struct vmeasure *v)
{
	struct import_claim *c;
	unsigned char d[SHA256_LEN];
	char hex[SHA256_HEXLEN];

	if (v->gn == 0)
		return 0;
	sha256_final(v->h, d);
	sha256_free(v->h);
	v->h = NULL;
	sha256_hex(d, hex);
	c = find_import(v, v->gseq);
	if (c == NULL || c->seen || c->removed || c->series_id != v->gseries) {
		snprintf(v->why, v->len, "series %" PRId64 ": %" PRId64
		    " points name audit entry %" PRId64 ", which did not "
		    "record them or removed them; they were added behind "
		    "depeer's back", v->gseries, v->gn, v->gseq);
		return 1;
	}
	c->seen = 1;
	if (c->points != v->gn || c->first_t != v->gfirst ||
	    c->last_t != v->glast) {
		snprintf(v->why, v->len, "audit entry %" PRId64 ": it recorded "
		    "%" PRId64 " points of series %" PRId64 " but %" PRId64
		    " %s there; points were added or removed", c->seq,
		    c->points, c->series_id, v->gn, v->gn == 1 ? "is" : "are");
		return 1;
	}
	if (strcmp(hex, c->sha) != 0) {
		snprintf(v->why, v->len, "audit entry %" PRId64 ": the points "
		    "of series %" PRId64 " it recorded no longer hash to its "
		    "points_sha256; a count was altered", c->seq,
		    c->series_id);
		return 1;
	}
	v->gn = 0;
	return 0;
}

static int
walk_point(int64_t series_id, int64_t seq, int64_t t, double val, void *arg)
{
	struct vmeasure *v = arg;

	if (v->gn > 0 && (seq != v->gseq || series_id != v->gseries) &&
	    close_run(v))
		return 1;
	if (v->gn == 0) {
		v->gseq = seq;
		v->gseries = series_id;
		v->gfirst = t;
		v->h = sha256_new();
	}
	v->glast = t;
	v->gn++;
	measure_point_hash_add(v->h, t, val);
	return 0;
}

static int
walk_series(const struct measure_series *row, void *arg)
{
	struct vmeasure *v = arg;
	struct series_state *s = find_series(v, row->id);

	if (s == NULL || !s->exists) {
		snprintf(v->why, v->len, "series %" PRId64 " ('%.100s') has no "
		    "audit entry that made it, or was removed; it was added "
		    "behind depeer's back", row->id, row->name);
		return 1;
	}
	s->seen = 1;
	if (strcmp(s->name, row->name) != 0 ||
	    s->interval_s != row->interval_s ||
	    s->created_at != row->created_at ||
	    s->updated_at != row->updated_at || s->seq != row->audit_seq) {
		snprintf(v->why, v->len, "series %" PRId64 " ('%.100s') "
		    "differs from what audit entry %" PRId64 " and its later "
		    "imports recorded (name, interval or times); it was "
		    "changed behind depeer's back", row->id, row->name,
		    s->seq);
		return 1;
	}
	return 0;
}

int
vmeasure_walk(struct vmeasure *v, struct db *db, char *why, size_t len,
    struct dp_err *err)
{
	size_t i;
	int rc;

	why[0] = '\0';
	v->why = why;
	v->len = len;
	rc = db_series_iter(db, walk_series, v, err);
	if (rc != 0)
		return rc == 1 ? 0 : rc;
	for (i = 0; i < v->nser; i++)
		if (v->ser[i].exists && !v->ser[i].seen) {
			snprintf(why, len, "series %" PRId64 " ('%.100s'), "
			    "made by audit entry %" PRId64 ", is missing",
			    v->ser[i].id, v->ser[i].name, v->ser[i].seq);
			return 0;
		}
	v->gn = 0;
	rc = db_points_iter(db, walk_point, v, err);
	if (rc != 0)
		return rc == 1 ? 0 : rc;
	if (close_run(v))
		return 0;
	for (i = 0; i < v->nimp; i++)
		if (!v->imp[i].removed && !v->imp[i].seen) {
			snprintf(why, len, "audit entry %" PRId64 ": the %"
			    PRId64 " points of series %" PRId64 " it recorded "
			    "are missing", v->imp[i].seq, v->imp[i].points,
			    v->imp[i].series_id);
			return 0;
		}
	return 0;
}
