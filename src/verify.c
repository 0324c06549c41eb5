/*
 * verify.c - audit_verify(): the audit chain recomputed, then a table of
 * the actions depeer writes, each with the check that holds the database
 * to what its entries claim.
 *
 * A check has two parts: note(), called for each entry of its actions as
 * the chain is walked, remembers what the entry's payload claims (or, for
 * a check of one entry at a time, checks it at once against the
 * database); walk(), called once the chain is intact, compares what the
 * database holds with the claims noted (rows recorded by an entry that
 * claimed none are caught there too).  The walks run in the order of
 * checks[], and the first failure is the one reported.  Adding an action
 * is one row in actions[] and, when no check covers it yet, one struct
 * check in checks[] with the functions it needs, e.g.
 *
 *	static int
 *	note_upstreams(struct vctx *v, const struct audit_entry *e,
 *	    json_t *o, const char *name)
 *	{
 *		... query v->db; on a database error return its code with
 *		v->err filled; on a mismatch return bad(v, "%s: ...", name);
 *	}
 *	static const struct check upstreams_check = { note_upstreams,
 *	    NULL, NULL };
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "audit.h"
#include "db.h"
#include "evidence.h"
#include "exitcodes.h"
#include "provider.h"
#include "source.h"
#include "uplink.h"
#include "verify.h"
#include "verify_columns.h"
#include "verify_complaint.h"
#include "verify_measure.h"
#include "verify_event.h"
#include "verify_media.h"
#include "verify_merge.h"
#include "verify_schema.h"
#include "verify_upstream.h"
#include "verify_bgp.h"
#include "verify_prefix.h"

/* What an evidence entry's payload promises. */
struct rows_claim {
	int64_t		seq;
	int64_t		rows, first, last;
	unsigned char	sha[SHA256_LEN];
	int		seen;
};

/* What a lookup entry's payload promises about the sources it stored. */
struct sources_claim {
	int64_t		 seq;
	int64_t		*ids;
	size_t		 n;
	unsigned char	 sha[SHA256_LEN];
	int		 seen;
};

/* The state a provider entry recorded. */
struct pstate {
	int64_t		 id;
	int64_t		 seq;
	char		*state;		/* canonical JSON */
	int		 seen;
};

/* What an evidence.retract entry's payload promises. */
struct retract_claim {
	int64_t		 seq;
	int64_t		 at;
	int64_t		 id;
	char		*reason;
	unsigned char	 row_sha[SHA256_LEN];
	int		 seen;
};

/* What a verification has seen so far; each check keeps its part. */
struct vctx {
	struct verify_report	*rep;
	struct db		*db;	/* in a read transaction: a check
					   may query it */
	struct dp_err		*err;	/* for an error that stops verify */
	/* the chain */
	const char		*expect;
	int64_t			 last_seq;
	char			 last_hash[SHA256_HEXLEN];
	struct sha256		*rowh;		/* scratch for record hashes */
	/* rows: the claims, and the run of one entry's rows in the walk */
	struct rows_claim	*claims;
	size_t			 nclaims;
	struct sha256		*agg;
	int64_t			 group_seq, group_rows, group_first,
				 group_last;
	/* sources: the claims, and the run of one entry's sources */
	struct sources_claim	*sclaims;
	size_t			 nsclaims;
	int64_t			 sgroup_seq;
	int64_t			*sgroup_ids;
	size_t			 sgroup_n;
	struct sha256		*sagg;
	/* merges: the evidence rows each one moved (freed with the
	   providers' part) */
	struct merge_moves	*moves;
	/* providers: the state each one's last entry recorded */
	struct pstate		*pstates;
	size_t			 npstates;
	/* retractions: what each evidence.retract entry recorded */
	struct retract_claim	*rclaims;
	size_t			 nrclaims;
	/* the columns no record hash covers (verify_columns.h) */
	struct vcols		*cols;
	/* complaints: what their entries recorded (verify_complaint.h) */
	struct vcompl		*compl;
	/* measurement series (verify_measure.h) */
	struct vmeasure		*meas;
	/* provider events (verify_event.h) */
	struct vevent		*ev;
	/* media contacts (verify_media.h) */
	struct vmedia		*media;
	/* BGP imports (verify_bgp.h) */
	struct vbgp		*bgp;
	/* prefix tables (verify_prefix.h) */
	struct vprefix		*pfx;
};

static int
bad(struct vctx *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Note the first problem; returns 1 to stop the walk at hand. */
static int
bad(struct vctx *v, const char *fmt, ...)
{
	va_list ap;

	if (v->rep->ok) {
		v->rep->ok = 0;
		va_start(ap, fmt);
		vsnprintf(v->rep->first_bad, sizeof(v->rep->first_bad), fmt,
		    ap);
		va_end(ap);
	}
	return 1;
}

/*
 * The checks kept in files of their own (verify_*.h) say what they find
 * in why.  What such a note() found: why, or "" for nothing.
 */
static int
noted(struct vctx *v, const char *name, const char *why)
{
	return why[0] != '\0' ? bad(v, "%s: %s", name, why) : 0;
}

/* What such a check's walk() returned (rc), and found (why). */
static int
walked(struct vctx *v, int rc, const char *why)
{
	if (rc == 0 && why[0] != '\0')
		bad(v, "%s", why);
	return rc;
}

static int
hex_to_bin(const char *hex, unsigned char out[SHA256_LEN])
{
	int i, hi, lo;

	if (hex == NULL || !sha256_hex_valid(hex))
		return -1;
	for (i = 0; i < SHA256_LEN; i++) {
		hi = hex[2 * i] <= '9' ? hex[2 * i] - '0' : hex[2 * i] - 'a' + 10;
		lo = hex[2 * i + 1] <= '9' ? hex[2 * i + 1] - '0' :
		    hex[2 * i + 1] - 'a' + 10;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

static void
entry_name(const struct audit_entry *e, char *buf, size_t len)
{
	char t[TIME_STRLEN];

	fmt_time(e->at, t);
	snprintf(buf, len, "audit entry %" PRId64 " (%.40s %.60s at %s)",
	    e->seq, e->action, e->subject, t);
}

/* ---- evidence.add, evidence.import: rows and rows_sha256 ---- */

static int
note_rows(struct vctx *v, const struct audit_entry *e, json_t *o,
    const char *name)
{
	struct rows_claim c;
	json_t *sha = json_object_get(o, "rows_sha256");

	memset(&c, 0, sizeof(c));
	c.seq = e->seq;
	c.rows = json_integer_value(json_object_get(o, "rows"));
	c.first = json_integer_value(json_object_get(o, "first_id"));
	c.last = json_integer_value(json_object_get(o, "last_id"));
	if (!json_is_string(sha) ||
	    hex_to_bin(json_string_value(sha), c.sha) != 0 ||
	    c.rows <= 0 || c.last - c.first + 1 != c.rows)
		return bad(v, "%s: its payload is malformed", name);
	v->claims = xrealloc(v->claims,
	    (v->nclaims + 1) * sizeof(*v->claims));
	v->claims[v->nclaims++] = c;
	return 0;
}

static struct rows_claim *
find_claim(struct vctx *v, int64_t seq)
{
	size_t lo = 0, hi = v->nclaims, mid;

	while (lo < hi) {	/* claims are in seq order */
		mid = (lo + hi) / 2;
		if (v->claims[mid].seq < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < v->nclaims && v->claims[lo].seq == seq ?
	    &v->claims[lo] : NULL;
}

/* Compare a finished run of rows with the entry that recorded it. */
static int
close_group(struct vctx *v)
{
	struct rows_claim *c;
	unsigned char d[SHA256_LEN];

	if (v->group_rows == 0)
		return 0;
	sha256_final(v->agg, d);
	c = find_claim(v, v->group_seq);
	if (c == NULL)
		return bad(v, "evidence %" PRId64 ": recorded by audit entry %"
		    PRId64 ", which does not exist or records no evidence; "
		    "the row was added behind depeer's back",
		    v->group_first, v->group_seq);
	if (c->seen)
		return bad(v, "evidence %" PRId64 ": rows of audit entry %"
		    PRId64 " are out of place", v->group_first, c->seq);
	c->seen = 1;
	if (c->rows != v->group_rows || c->first != v->group_first ||
	    c->last != v->group_last)
		return bad(v, "audit entry %" PRId64 ": it recorded %" PRId64
		    " evidence rows (%" PRId64 "-%" PRId64 ") but %" PRId64
		    " %s there (%" PRId64 "-%" PRId64 "); rows were added "
		    "or removed", c->seq, c->rows, c->first, c->last,
		    v->group_rows, v->group_rows == 1 ? "is" : "are",
		    v->group_first, v->group_last);
	if (memcmp(d, c->sha, SHA256_LEN) != 0)
		return bad(v, "audit entry %" PRId64 ": the evidence rows it "
		    "recorded no longer hash to its rows_sha256", c->seq);
	v->group_rows = 0;
	return 0;
}

static int
walk_evidence(const struct evidence *ce, void *arg)
{
	struct vctx *v = arg;
	struct evidence e = *ce;	/* shallow: only row_hash is written */
	int64_t want;

	v->rep->evidence_rows++;
	/* A merged row is hashed as recorded, for the provider it was. */
	if (v->moves != NULL && merge_moves_row(v->moves, ce->id,
	    ce->provider_id, &e.provider_id, &want) != 0)
		return bad(v, "evidence %" PRId64 ": it belongs to provider %"
		    PRId64 ", but the merges recorded gave it to provider %"
		    PRId64 "; the row was altered", ce->id, ce->provider_id,
		    want);
	evidence_hash(&e, v->rowh);
	if (memcmp(e.row_hash, ce->row_hash, SHA256_LEN) != 0)
		return bad(v, "evidence %" PRId64 ": its content does not "
		    "match the hash recorded with it; the row was altered",
		    ce->id);
	if (v->group_rows > 0 && (ce->audit_seq != v->group_seq ||
	    ce->id != v->group_last + 1))
		if (close_group(v))
			return 1;
	if (v->group_rows == 0) {
		v->group_seq = ce->audit_seq;
		v->group_first = ce->id;
	}
	v->group_last = ce->id;
	v->group_rows++;
	sha256_update(v->agg, ce->row_hash, SHA256_LEN);
	return 0;
}

static int
walk_rows(struct vctx *v, struct db *db, struct dp_err *err)
{
	struct ev_filter all;
	size_t i;
	int rc;

	memset(&all, 0, sizeof(all));
	v->agg = sha256_new();
	rc = db_evidence_iter(db, &all, walk_evidence, v, err);
	if (rc != 0 && rc != 1)
		return rc;
	if (v->rep->ok)
		close_group(v);
	for (i = 0; i < v->nclaims && v->rep->ok; i++)
		if (!v->claims[i].seen)
			bad(v, "audit entry %" PRId64 ": the %" PRId64
			    " evidence rows it recorded (%" PRId64 "-%"
			    PRId64 ") are missing", v->claims[i].seq,
			    v->claims[i].rows, v->claims[i].first,
			    v->claims[i].last);
	return 0;
}

static void
release_rows(struct vctx *v)
{
	free(v->claims);
	sha256_free(v->agg);
}

/* ---- stored files: SHA-256 and size (their rows hash them in) ---- */

static int
walk_artifact(const struct artifact_check *c, void *arg)
{
	struct vctx *v = arg;

	v->rep->files++;
	if (c->fault != NULL)
		return bad(v, "stored file %" PRId64 ": %s", c->id, c->fault);
	if (c->actual_size != c->size || strcmp(c->actual, c->sha256) != 0)
		return bad(v, "stored file %" PRId64 " (%.64s): its content "
		    "no longer matches its SHA-256 and size", c->id,
		    c->sha256);
	return 0;
}

static int
walk_files(struct vctx *v, struct db *db, struct dp_err *err)
{
	int rc = db_artifact_check_iter(db, walk_artifact, v, err);

	return rc == 1 ? 0 : rc;
}

/* ---- lookup: registry answers and sources_sha256 ---- */

static int
note_sources(struct vctx *v, const struct audit_entry *e, json_t *o,
    const char *name)
{
	struct sources_claim c;
	json_t *ids = json_object_get(o, "sources");
	json_t *sha = json_object_get(o, "sources_sha256");
	size_t i;

	memset(&c, 0, sizeof(c));
	c.seq = e->seq;
	if (!json_is_array(ids) || json_array_size(ids) == 0 ||
	    !json_is_string(sha) ||
	    hex_to_bin(json_string_value(sha), c.sha) != 0)
		return bad(v, "%s: its payload is malformed", name);
	c.n = json_array_size(ids);
	c.ids = xcalloc(c.n, sizeof(*c.ids));
	for (i = 0; i < c.n; i++)
		c.ids[i] = json_integer_value(json_array_get(ids, i));
	v->sclaims = xrealloc(v->sclaims,
	    (v->nsclaims + 1) * sizeof(*v->sclaims));
	v->sclaims[v->nsclaims++] = c;
	return 0;
}

/* Compare a finished run of sources with the lookup entry that stored it. */
static int
close_sources(struct vctx *v)
{
	struct sources_claim *c = NULL;
	unsigned char d[SHA256_LEN];
	size_t i;

	if (v->sgroup_n == 0)
		return 0;
	sha256_final(v->sagg, d);
	for (i = 0; i < v->nsclaims; i++)
		if (v->sclaims[i].seq == v->sgroup_seq)
			c = &v->sclaims[i];
	if (c == NULL || c->seen)
		return bad(v, "source %" PRId64 ": stored by audit entry %"
		    PRId64 ", which does not record it; the source was added "
		    "behind depeer's back", v->sgroup_ids[0], v->sgroup_seq);
	c->seen = 1;
	if (c->n != v->sgroup_n || memcmp(c->ids, v->sgroup_ids,
	    c->n * sizeof(*c->ids)) != 0)
		return bad(v, "audit entry %" PRId64 ": it recorded %zu "
		    "registry answers but %zu %s there; answers were added or "
		    "removed", c->seq, c->n, v->sgroup_n, v->sgroup_n == 1 ?
		    "is" : "are");
	if (memcmp(d, c->sha, SHA256_LEN) != 0)
		return bad(v, "audit entry %" PRId64 ": the registry answers "
		    "it recorded no longer hash to its sources_sha256 (whom "
		    "depeer asked, what or when was changed)", c->seq);
	v->sgroup_n = 0;
	return 0;
}

static int
walk_source(const struct source *s, const char *actual, void *arg)
{
	struct vctx *v = arg;
	unsigned char d[SHA256_LEN];

	v->rep->sources++;
	if (strcmp(actual, s->sha256) != 0)
		return bad(v, "source %" PRId64 " (%.40s %.100s): its bytes "
		    "no longer match their SHA-256; the registry answer was "
		    "altered", s->id, s->server, s->query);
	source_record_hash(s, v->rowh, d);
	if (v->sgroup_n > 0 && s->audit_seq != v->sgroup_seq && close_sources(v))
		return 1;
	if (v->sgroup_n == 0)
		v->sgroup_seq = s->audit_seq;
	v->sgroup_ids = xrealloc(v->sgroup_ids,
	    (v->sgroup_n + 1) * sizeof(*v->sgroup_ids));
	v->sgroup_ids[v->sgroup_n++] = s->id;
	sha256_update(v->sagg, d, SHA256_LEN);
	return 0;
}

static int
walk_sources(struct vctx *v, struct db *db, struct dp_err *err)
{
	size_t i;
	int rc;

	v->sagg = sha256_new();
	rc = db_source_check_iter(db, walk_source, v, err);
	if (rc != 0 && rc != 1)
		return rc;
	if (v->rep->ok)
		close_sources(v);
	for (i = 0; i < v->nsclaims && v->rep->ok; i++)
		if (!v->sclaims[i].seen)
			bad(v, "audit entry %" PRId64 ": the %zu "
			    "registry answers it recorded are missing",
			    v->sclaims[i].seq, v->sclaims[i].n);
	return 0;
}

static void
release_sources(struct vctx *v)
{
	size_t i;

	for (i = 0; i < v->nsclaims; i++)
		free(v->sclaims[i].ids);
	free(v->sclaims);
	free(v->sgroup_ids);
	sha256_free(v->sagg);
}

/* ---- provider.*: each provider as its last entry left it ---- */

/* Provider id's state is st, as of entry e. */
static void
note_state(struct vctx *v, const struct audit_entry *e, long long id,
    json_t *st)
{
	size_t i;

	/* Entries written before retirement existed (0008) lack it. */
	if (json_object_get(st, "retired") == NULL)
		json_object_set_new(st, "retired", json_null());
	for (i = 0; i < v->npstates; i++)
		if (v->pstates[i].id == id)
			break;
	if (i == v->npstates) {
		v->pstates = xrealloc(v->pstates,
		    (v->npstates + 1) * sizeof(*v->pstates));
		v->pstates[v->npstates++].state = NULL;
	}
	free(v->pstates[i].state);
	if (v->cols == NULL)
		v->cols = vcols_new();
	vcols_note_state(v->cols, e, id, st);
	v->pstates[i].id = id;
	v->pstates[i].seq = e->seq;
	v->pstates[i].state = json_dumps(st, JSON_COMPACT | JSON_SORT_KEYS);
	v->pstates[i].seen = 0;
}

static int
note_provider(struct vctx *v, const struct audit_entry *e, json_t *o,
    const char *name)
{
	json_t *st = json_object_get(o, "state");
	long long id;

	if (sscanf(e->subject, "provider:%lld", &id) != 1 ||
	    !json_is_object(st))
		return bad(v, "%s: its payload is malformed", name);
	note_state(v, e, id, st);
	return 0;
}

/*
 * provider.merge: the states of both providers, and the evidence rows it
 * moved, which the rows walk then hashes as recorded (verify_merge.h).
 */
static int
note_merge(struct vctx *v, const struct audit_entry *e, json_t *o,
    const char *name)
{
	json_t *st = json_object_get(o, "state"),
	    *ist = json_object_get(o, "into_state");
	long long id, into = json_integer_value(json_object_get(o, "into"));
	char why[256];

	if (sscanf(e->subject, "provider:%lld", &id) != 1 ||
	    !json_is_object(st) || !json_is_object(ist) || into <= 0 ||
	    into == id || json_integer_value(json_object_get(ist, "id")) !=
	    into)
		return bad(v, "%s: its payload is malformed", name);
	note_state(v, e, id, st);
	note_state(v, e, into, ist);
	if (v->moves == NULL)
		v->moves = merge_moves_new();
	if (merge_moves_note(v->moves, id, into, o, why, sizeof(why)) != 0)
		return bad(v, "%s: %s", name, why);
	return 0;
}


static void
check_providers(struct vctx *v, struct db *db, struct dp_err *err)
{
	struct provider *list = NULL;
	size_t n = 0, i, j;
	json_t *o;
	char *s;

	if (db_provider_list_all(db, &list, &n, err) != 0) {
		bad(v, "providers cannot be read: %s", err->msg);
		return;
	}
	for (i = 0; i < n && v->rep->ok; i++) {
		v->rep->providers++;
		for (j = 0; j < v->npstates; j++)
			if (v->pstates[j].id == list[i].id)
				break;
		if (j == v->npstates) {
			bad(v, "provider %" PRId64 " ('%s') has no audit "
			    "entry; it was added behind depeer's back",
			    list[i].id, list[i].name);
			break;
		}
		v->pstates[j].seen = 1;
		o = provider_to_json(&list[i]);
		s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(o);
		if (s == NULL || strcmp(s, v->pstates[j].state) != 0)
			bad(v, "provider %" PRId64 " ('%s') differs from the "
			    "state audit entry %" PRId64 " recorded; it was "
			    "changed behind depeer's back", list[i].id,
			    list[i].name, v->pstates[j].seq);
		free(s);
	}
	for (j = 0; j < v->npstates && v->rep->ok; j++)
		if (!v->pstates[j].seen)
			bad(v, "provider %" PRId64 ", recorded by audit entry %"
			    PRId64 ", is missing", v->pstates[j].id,
			    v->pstates[j].seq);
	for (i = 0; i < n; i++)
		provider_release(&list[i]);
	free(list);
}

static int
walk_providers(struct vctx *v, struct db *db, struct dp_err *err)
{
	check_providers(v, db, err);
	return 0;
}

static void
release_providers(struct vctx *v)
{
	size_t i;

	for (i = 0; i < v->npstates; i++)
		free(v->pstates[i].state);
	free(v->pstates);
	merge_moves_free(v->moves);
}

/* ---- evidence.retract: one retraction per entry ---- */

static int
note_retract(struct vctx *v, const struct audit_entry *e, json_t *o,
    const char *name)
{
	struct retract_claim c;
	json_t *id = json_object_get(o, "evidence_id"),
	    *reason = json_object_get(o, "reason"),
	    *sha = json_object_get(o, "row_sha256");

	memset(&c, 0, sizeof(c));
	if (!json_is_integer(id) || !json_is_string(reason) ||
	    !json_is_string(sha) ||
	    hex_to_bin(json_string_value(sha), c.row_sha) != 0)
		return bad(v, "%s: its payload is malformed", name);
	c.seq = e->seq;
	c.at = e->at;
	c.id = json_integer_value(id);
	c.reason = xstrdup(json_string_value(reason));
	v->rclaims = xrealloc(v->rclaims,
	    (v->nrclaims + 1) * sizeof(*v->rclaims));
	v->rclaims[v->nrclaims++] = c;
	return 0;
}

/*
 * Each retraction must be the one its entry recorded: the same row, whose
 * hash is still the one retracted, the same reason and time.
 */
static int
walk_retraction(const struct retraction_check *r, void *arg)
{
	struct vctx *v = arg;
	struct retract_claim *c = NULL;
	size_t lo = 0, hi = v->nrclaims, mid;

	while (lo < hi) {	/* claims are in seq order */
		mid = (lo + hi) / 2;
		if (v->rclaims[mid].seq < r->audit_seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < v->nrclaims && v->rclaims[lo].seq == r->audit_seq)
		c = &v->rclaims[lo];
	if (c == NULL || c->seen || c->id != r->evidence_id)
		return bad(v, "the retraction of evidence %" PRId64 " names "
		    "audit entry %" PRId64 ", which did not record it; it was "
		    "added or altered behind depeer's back", r->evidence_id,
		    r->audit_seq);
	c->seen = 1;
	if (r->reason == NULL || strcmp(r->reason, c->reason) != 0 ||
	    r->at != c->at)
		return bad(v, "the retraction of evidence %" PRId64 ": its "
		    "reason or time differs from what audit entry %" PRId64
		    " recorded; it was altered", r->evidence_id, c->seq);
	if (!r->has_row || memcmp(r->row_hash, c->row_sha, SHA256_LEN) != 0)
		return bad(v, "the retraction of evidence %" PRId64 ": the "
		    "row audit entry %" PRId64 " retracted is missing or no "
		    "longer hashes the same", r->evidence_id, c->seq);
	v->rep->retractions++;
	return 0;
}

static int
walk_retractions(struct vctx *v, struct db *db, struct dp_err *err)
{
	size_t i;
	int rc;

	rc = db_retraction_check_iter(db, walk_retraction, v, err);
	if (rc != 0 && rc != 1)
		return rc;
	for (i = 0; i < v->nrclaims && v->rep->ok; i++)
		if (!v->rclaims[i].seen)
			bad(v, "audit entry %" PRId64 ": the retraction of "
			    "evidence %" PRId64 " it recorded is missing; it "
			    "was removed behind depeer's back",
			    v->rclaims[i].seq, v->rclaims[i].id);
	return 0;
}

static void
release_retractions(struct vctx *v)
{
	size_t i;

	for (i = 0; i < v->nrclaims; i++)
		free(v->rclaims[i].reason);
	free(v->rclaims);
}

/* ---- the table ---- */

/* Each function may be NULL when the check needs no such step. */
struct check {
	/*
	 * For each entry e of its actions, as the chain is walked: remember
	 * what e claims, or check it at once (it may query v->db).  o is its
	 * payload, an object; name is how messages name e.  Returns 0, 1
	 * after bad(), or a DP_EX_* code with v->err filled when the check
	 * itself failed (that stops verify with the error).
	 */
	int	(*note)(struct vctx *v, const struct audit_entry *e, json_t *o,
		    const char *name);
	/* Once the chain is intact: compare the database with the claims
	   noted.  Returns 0 (the verdict is in v->rep) or a code on an error
	   that stopped it. */
	int	(*walk)(struct vctx *v, struct db *db, struct dp_err *err);
	/* Free its part of v, whether walk() ran or not. */
	void	(*release)(struct vctx *v);
};

static const struct check rows_check = { note_rows, walk_rows,
	release_rows };
static const struct check files_check = { NULL, walk_files, NULL };
static const struct check sources_check = { note_sources, walk_sources,
	release_sources };
static const struct check providers_check = { note_provider,
	walk_providers, release_providers };
/* Its replay is used by the rows walk, and freed with the providers'. */
static const struct check merges_check = { note_merge, NULL, NULL };

/* An "upstreams" entry, checked on its own (verify_upstream.h). */
static int
note_upstreams(struct vctx *v, const struct audit_entry *e, json_t *o,
    const char *name)
{
	char why[512];
	int rc;

	(void)o;
	if ((rc = verify_upstream_entry(v->db, e, why, sizeof(why),
	    v->err)) != 0)
		return rc;
	return noted(v, name, why);
}

/* No link may name an entry that did not record its origin's links. */
static int
walk_upstreams(struct vctx *v, struct db *db, struct dp_err *err)
{
	uint32_t asn, up;
	int64_t seq;
	int rc;

	rc = db_upstream_stray(db, &asn, &up, &seq, err);
	if (rc == DP_EX_NOINPUT)
		return 0;
	if (rc != 0)
		return rc;
	bad(v, "upstream link AS%u -> AS%u names audit entry %" PRId64
	    ", which did not record it; the link was altered", asn, up, seq);
	return 0;
}

/* Links that name no entry must be ones written before links had one. */
static int
walk_unaudited(struct vctx *v, struct db *db, struct dp_err *err)
{
	char why[512];
	int rc;

	if ((rc = verify_upstream_unaudited(db, why, sizeof(why), err)) != 0)
		return rc;
	if (why[0] != '\0')
		bad(v, "%s", why);
	return 0;
}

/* ---- the columns no record hash covers (verify_columns.h) ---- */

static int
walk_columns(struct vctx *v, struct db *db, struct dp_err *err)
{
	char why[512];

	if (v->cols == NULL)
		v->cols = vcols_new();
	return walked(v, vcols_walk(v->cols, db, why, sizeof(why), err), why);
}

static void
release_columns(struct vctx *v)
{
	vcols_free(v->cols);
}

static const struct check upstreams_check = { note_upstreams,
	walk_upstreams, NULL };
static const struct check retractions_check = { note_retract,
	walk_retractions, release_retractions };
static const struct check unaudited_check = { NULL, walk_unaudited, NULL };
/* Fed by the providers' notes (note_state()). */
static const struct check columns_check = { NULL, walk_columns,
	release_columns };

/* ---- complaint.*: the complaints and their messages ---- */

static int
note_complaint(struct vctx *v, const struct audit_entry *e, json_t *o,
    const char *name)
{
	char why[512];

	if (v->compl == NULL)
		v->compl = vcompl_new();
	vcompl_note(v->compl, e, o, why, sizeof(why));
	return noted(v, name, why);
}

static int
walk_complaints(struct vctx *v, struct db *db, struct dp_err *err)
{
	char why[512];
	int rc;

	if (v->compl == NULL)
		v->compl = vcompl_new();
	rc = walked(v, vcompl_walk(v->compl, db, why, sizeof(why), err), why);
	vcompl_counts(v->compl, &v->rep->complaints, &v->rep->mails);
	return rc;
}

static void
release_complaints(struct vctx *v)
{
	vcompl_free(v->compl);
}

static const struct check complaints_check = { note_complaint,
	walk_complaints, release_complaints };

/* ---- measure.*: the series and their points ---- */

static int
note_measure(struct vctx *v, const struct audit_entry *e, json_t *o,
    const char *name)
{
	char why[512];

	if (v->meas == NULL)
		v->meas = vmeasure_new();
	vmeasure_note(v->meas, e, o, why, sizeof(why));
	return noted(v, name, why);
}

static int
walk_measure(struct vctx *v, struct db *db, struct dp_err *err)
{
	char why[512];
	int rc;

	if (v->meas == NULL)
		v->meas = vmeasure_new();
	rc = walked(v, vmeasure_walk(v->meas, db, why, sizeof(why), err), why);
	v->rep->series = vmeasure_series(v->meas);
	return rc;
}

static void
release_measure(struct vctx *v)
{
	vmeasure_free(v->meas);
}

static const struct check measure_check = { note_measure, walk_measure,
	release_measure };

/* ---- provider.event: the events of the timelines ---- */

static int
note_event(struct vctx *v, const struct audit_entry *e, json_t *o,
    const char *name)
{
	char why[512];

	if (v->ev == NULL)
		v->ev = vevent_new();
	vevent_note(v->ev, e, o, why, sizeof(why));
	return noted(v, name, why);
}

static int
walk_event(struct vctx *v, struct db *db, struct dp_err *err)
{
	char why[512];
	int rc;

	if (v->ev == NULL)
		v->ev = vevent_new();
	rc = walked(v, vevent_walk(v->ev, db, why, sizeof(why), err), why);
	v->rep->events = vevent_count(v->ev);
	return rc;
}

static void
release_event(struct vctx *v)
{
	vevent_free(v->ev);
}

static const struct check event_check = { note_event, walk_event,
	release_event };

/* ---- media.add, media.rm: the media contacts ---- */

static int
note_media(struct vctx *v, const struct audit_entry *e, json_t *o,
    const char *name)
{
	char why[512];

	if (v->media == NULL)
		v->media = vmedia_new();
	vmedia_note(v->media, e, o, why, sizeof(why));
	return noted(v, name, why);
}

static int
walk_media(struct vctx *v, struct db *db, struct dp_err *err)
{
	char why[512];
	int rc;

	if (v->media == NULL)
		v->media = vmedia_new();
	rc = walked(v, vmedia_walk(v->media, db, why, sizeof(why), err), why);
	v->rep->media = vmedia_live(v->media);
	return rc;
}

static void
release_media(struct vctx *v)
{
	vmedia_free(v->media);
}

static const struct check media_check = { note_media, walk_media,
	release_media };

/* ---- bgp.import, bgp.rm: the BGP imports and their observations ---- */

static int
note_bgp(struct vctx *v, const struct audit_entry *e, json_t *o,
    const char *name)
{
	char why[512];

	if (v->bgp == NULL)
		v->bgp = vbgp_new();
	vbgp_note(v->bgp, e, o, why, sizeof(why));
	return noted(v, name, why);
}

static int
walk_bgp(struct vctx *v, struct db *db, struct dp_err *err)
{
	char why[512];
	int rc;

	if (v->bgp == NULL)
		v->bgp = vbgp_new();
	rc = walked(v, vbgp_walk(v->bgp, db, why, sizeof(why), err), why);
	v->rep->bgp_imports = vbgp_count(v->bgp);
	return rc;
}

static void
release_bgp(struct vctx *v)
{
	vbgp_free(v->bgp);
}

static const struct check bgp_check = { note_bgp, walk_bgp, release_bgp };

/* ---- prefixes.import, prefixes.rm: the prefix tables ---- */

static int
note_prefix(struct vctx *v, const struct audit_entry *e, json_t *o,
    const char *name)
{
	char why[512];

	if (v->pfx == NULL)
		v->pfx = vprefix_new();
	vprefix_note(v->pfx, e, o, why, sizeof(why));
	return noted(v, name, why);
}

static int
walk_prefix(struct vctx *v, struct db *db, struct dp_err *err)
{
	char why[512];
	int rc;

	if (v->pfx == NULL)
		v->pfx = vprefix_new();
	rc = walked(v, vprefix_walk(v->pfx, db, why, sizeof(why), err), why);
	v->rep->prefix_tables = vprefix_live(v->pfx);
	return rc;
}

static void
release_prefix(struct vctx *v)
{
	vprefix_free(v->pfx);
}

static const struct check prefix_check = { note_prefix, walk_prefix,
	release_prefix };

/* Every check: the walks run in this order. */
static const struct check *const checks[] = {
	&rows_check, &files_check, &sources_check, &providers_check,
	&upstreams_check, &retractions_check, &unaudited_check,
	&columns_check, &complaints_check, &measure_check,
	&event_check, &media_check,
	&bgp_check,
	&prefix_check,
};

/* Every action depeer writes (audit.h), and the check that covers it. */
static const struct {
	const char		*action;
	const struct check	*check;
} actions[] = {
	{ AUDIT_PROVIDER_ADD,		&providers_check },
	{ AUDIT_PROVIDER_EDIT,		&providers_check },
	{ AUDIT_PROVIDER_NET_ADD,	&providers_check },
	{ AUDIT_PROVIDER_NET_RM,	&providers_check },
	{ AUDIT_PROVIDER_RETIRE,	&providers_check },
	{ AUDIT_PROVIDER_MERGE,		&merges_check },
	{ AUDIT_EVIDENCE_ADD,		&rows_check },
	{ AUDIT_EVIDENCE_IMPORT,	&rows_check },
	{ AUDIT_LOOKUP,			&sources_check },
	{ AUDIT_UPSTREAMS,		&upstreams_check },
	{ AUDIT_EVIDENCE_RETRACT,	&retractions_check },
	{ AUDIT_COMPLAINT_DRAFT,	&complaints_check },
	{ AUDIT_COMPLAINT_EDIT,		&complaints_check },
	{ AUDIT_COMPLAINT_RM,		&complaints_check },
	{ AUDIT_COMPLAINT_STATUS,	&complaints_check },
	{ AUDIT_COMPLAINT_LINK,		&complaints_check },
	{ AUDIT_MAIL_ADD,		&complaints_check },
	{ AUDIT_MAIL_MATCH,		&complaints_check },
	{ AUDIT_MEASURE_IMPORT,		&measure_check },
	{ AUDIT_MEASURE_RM,		&measure_check },
	{ AUDIT_PROVIDER_EVENT,		&event_check },
	{ AUDIT_MEDIA_ADD,		&media_check },
	{ AUDIT_MEDIA_RM,		&media_check },
	{ AUDIT_BGP_IMPORT,		&bgp_check },
	{ AUDIT_BGP_RM,			&bgp_check },
	{ AUDIT_PREFIXES_IMPORT,	&prefix_check },
	{ AUDIT_PREFIXES_RM,		&prefix_check },
};

/* ---- the chain ---- */

/*
 * Check e's link and hash, then hand its payload to its action's check.
 * An action in no row of actions[] claims nothing beyond its entry: the
 * chain covers it (a later depeer may write actions this one does not
 * know), and rows it might pretend to record are still caught by the
 * walks, which accept only rows an entry of theirs claimed.
 */
static int
walk_entry(const struct audit_entry *e, void *arg)
{
	struct vctx *v = arg;
	char name[256], hash[SHA256_HEXLEN];
	json_t *o;
	size_t i;
	int rc = 0;

	entry_name(e, name, sizeof(name));
	v->rep->entries++;
	if (e->seq != v->last_seq + 1)
		return bad(v, "%s: expected entry %" PRId64 " here; entries "
		    "were removed or renumbered", name, v->last_seq + 1);
	if (strcmp(e->prev_hash, v->last_hash) != 0)
		return bad(v, "%s: its link to the previous entry is broken",
		    name);
	audit_entry_hash(e, hash);
	if (strcmp(hash, e->hash) != 0)
		return bad(v, "%s: its hash does not match its content; the "
		    "entry was altered", name);
	if (v->expect != NULL &&
	    strncmp(v->expect, e->hash, strlen(v->expect)) == 0 &&
	    v->rep->expect_found++ == 0)
		memcpy(v->rep->expect_hash, e->hash,
		    sizeof(v->rep->expect_hash));
	v->last_seq = e->seq;
	memcpy(v->last_hash, e->hash, sizeof(v->last_hash));
	/* Counted for verify's summary; their checks are in actions[]. */
	if (strcmp(e->action, AUDIT_PROVIDER_RETIRE) == 0)
		v->rep->retirements++;
	else if (strcmp(e->action, AUDIT_PROVIDER_MERGE) == 0)
		v->rep->merges++;
	o = json_loads(e->payload, 0, NULL);
	if (o == NULL || !json_is_object(o)) {
		json_decref(o);
		return bad(v, "%s: its payload is not a JSON object", name);
	}
	for (i = 0; i < ARRAY_SIZE(actions); i++)
		if (strcmp(actions[i].action, e->action) == 0) {
			if (actions[i].check->note != NULL)
				rc = actions[i].check->note(v, e, o, name);
			break;
		}
	json_decref(o);
	return rc;
}

int
audit_verify(struct db *db, const char *expect_head,
    struct verify_report *rep, struct dp_err *err)
{
	struct vctx v;
	size_t i;
	int rc;

	memset(rep, 0, sizeof(*rep));
	memset(&v, 0, sizeof(v));
	rep->ok = 1;
	v.rep = rep;
	v.db = db;
	v.err = err;
	v.expect = expect_head;
	memcpy(v.last_hash, audit_genesis, sizeof(v.last_hash));
	v.rowh = sha256_new();
	if ((rc = db_begin_read(db, err)) != 0)
		goto out_free;
	if ((rc = verify_schema(db, rep, err)) != 0 || !rep->ok)
		goto out;
	rc = db_audit_iter(db, 0, walk_entry, &v, err);
	if (rc != 0 && rc != 1)
		goto out;
	if (rep->entries > 0 && rep->ok)
		memcpy(rep->head, v.last_hash, sizeof(rep->head));
	rc = 0;
	for (i = 0; i < ARRAY_SIZE(checks) && rep->ok && rc == 0; i++)
		if (checks[i]->walk != NULL)
			rc = checks[i]->walk(&v, db, err);
out:
	db_rollback(db);
out_free:
	for (i = 0; i < ARRAY_SIZE(checks); i++)
		if (checks[i]->release != NULL)
			checks[i]->release(&v);
	sha256_free(v.rowh);
	return rc;
}
