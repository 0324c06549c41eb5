/*
 * db_complaint.c - SQL for complaints, their message versions and the
 * registry answers they attach.
 */
#include <stdlib.h>
#include <string.h>

#include "complaint.h"
#include "db_internal.h"
#include "exitcodes.h"
#include "hash.h"

int
db_complaint_next_id(struct db *db, int64_t *id, struct dp_err *err)
{
	/*
	 * Never an id used before, also by a complaint removed since: its
	 * case tag ("[depeer #12]") names one complaint for good, in the
	 * audit log as in any mail that quotes it.
	 */
	return db_query_int64(db, "SELECT max(coalesce((SELECT max(id) FROM "
	    "complaints), 0), coalesce((SELECT max(CAST(substr(subject, 11) "
	    "AS INTEGER)) FROM audit_log WHERE subject LIKE 'complaint:%' "
	    "AND action LIKE 'complaint.%'), 0)) + 1", id,
	    "cannot read complaint ids", err);
}

static char *
strv_text(char *const *v, size_t n)
{
	json_t *a = complaint_strv_json(v, n);
	char *s = json_dumps(a, JSON_COMPACT);

	json_decref(a);
	if (s == NULL)
		die("out of memory");
	return s;
}

static int
insert_message(struct db *db, const struct complaint *c, const void *msg,
    size_t len, struct dp_err *err)
{
	sqlite3_stmt *st;

	st = db_prepare(db, "INSERT INTO complaint_messages (complaint_id, "
	    "version, message, sha256, size, created_at, audit_seq) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7)", err);
	if (st == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, c->id);
	sqlite3_bind_int64(st, 2, c->version);
	/* A zero-length blob binds as a blob, not NULL, with "" as data. */
	sqlite3_bind_blob64(st, 3, len > 0 ? msg : "", len, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, c->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, (int64_t)len);
	sqlite3_bind_int64(st, 6, c->updated_at);
	sqlite3_bind_int64(st, 7, c->audit_seq);
	return db_step_done(db, st, "cannot store the complaint's message", err);
}

/*
 * Write the complaint's own columns with sql, whose parameters are ?1 id
 * to ?18 audit_seq in the order of the INSERT below.
 */
static int
write_row(struct db *db, const char *sql, const struct complaint *c,
    struct dp_err *err)
{
	sqlite3_stmt *st;
	char *to, *cc, *kinds = NULL;
	int rc;

	if ((st = db_prepare(db, sql, err)) == NULL)
		return err->code;
	to = strv_text(c->to, c->nto);
	cc = strv_text(c->cc, c->ncc);
	if (c->has_sel_kinds)
		kinds = strv_text(c->sel_kinds, c->nsel_kinds);
	sqlite3_bind_int64(st, 1, c->id);
	sqlite3_bind_int64(st, 2, c->provider_id);
	if (c->upstream_asn != 0)
		sqlite3_bind_int64(st, 3, c->upstream_asn);
	db_bind_text(st, 4, c->tmpl);
	db_bind_text(st, 5, c->from_addr);
	db_bind_text(st, 6, to);
	db_bind_text(st, 7, cc);
	db_bind_text(st, 8, c->subject);
	db_bind_text(st, 9, c->message_id);
	db_bind_text(st, 10, c->state);
	if (c->has_due)
		sqlite3_bind_int64(st, 11, c->due_at);
	sqlite3_bind_int64(st, 12, c->created_at);
	sqlite3_bind_int64(st, 13, c->updated_at);
	sqlite3_bind_int64(st, 14, c->version);
	db_bind_text(st, 15, kinds);
	if (c->has_since)
		sqlite3_bind_int64(st, 16, c->sel_since);
	if (c->has_max_ev)
		sqlite3_bind_int64(st, 17, c->max_evidence_id);
	sqlite3_bind_int64(st, 18, c->audit_seq);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	free(to);
	free(cc);
	free(kinds);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return dp_fail(err, DP_EX_DATAERR, "cannot store complaint "
		    "%lld: %s", (long long)c->id, sqlite3_errmsg(db->h));
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, err, "cannot store the complaint");
	return 0;
}

int
db_complaint_add(struct db *db, const struct complaint *c, const void *msg,
    size_t len, struct dp_err *err)
{
	sqlite3_stmt *st;
	size_t i;
	int rc;

	if ((rc = write_row(db, "INSERT INTO complaints (id, provider_id, "
	    "upstream_asn, template, from_addr, to_addrs, cc_addrs, subject, "
	    "message_id, state, due_at, created_at, updated_at, version, "
	    "sel_kinds, sel_since, max_evidence_id, audit_seq) VALUES (?1, "
	    "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
	    "?16, ?17, ?18)", c, err)) != 0)
		return rc;
	if ((rc = insert_message(db, c, msg, len, err)) != 0)
		return rc;
	for (i = 0; i < c->nsources; i++) {
		st = db_prepare(db, "INSERT INTO complaint_sources "
		    "(complaint_id, source_id) VALUES (?1, ?2)", err);
		if (st == NULL)
			return err->code;
		sqlite3_bind_int64(st, 1, c->id);
		sqlite3_bind_int64(st, 2, c->sources[i]);
		if ((rc = db_step_done(db, st, "cannot store the complaint's "
		    "registry answers", err)) != 0)
			return rc;
	}
	return 0;
}

int
db_complaint_new_version(struct db *db, const struct complaint *c,
    const void *msg, size_t len, struct dp_err *err)
{
	int rc;

	if ((rc = write_row(db, "UPDATE complaints SET provider_id = ?2, "
	    "upstream_asn = ?3, template = ?4, from_addr = ?5, to_addrs = ?6, "
	    "cc_addrs = ?7, subject = ?8, message_id = ?9, state = ?10, "
	    "due_at = ?11, created_at = ?12, updated_at = ?13, version = ?14, "
	    "sel_kinds = ?15, sel_since = ?16, max_evidence_id = ?17, "
	    "audit_seq = ?18 WHERE id = ?1", c, err)) != 0)
		return rc;
	return insert_message(db, c, msg, len, err);
}

int
db_complaint_rm(struct db *db, int64_t id, struct dp_err *err)
{
	static const char *const sql[] = {
		"DELETE FROM complaint_events WHERE complaint_id = ?1",
		"DELETE FROM complaint_links WHERE child = ?1",
		"DELETE FROM complaint_sources WHERE complaint_id = ?1",
		"DELETE FROM complaint_messages WHERE complaint_id = ?1",
		"DELETE FROM complaints WHERE id = ?1",
	};
	return db_exec_each_id(db, sql, ARRAY_SIZE(sql), id,
	    "cannot remove the complaint", err);
}

int
db_complaint_set_state(struct db *db, int64_t id, const char *state,
    int64_t updated_at, struct dp_err *err)
{
	sqlite3_stmt *st;

	if ((st = db_prepare(db, "UPDATE complaints SET state = ?2, "
	    "updated_at = ?3 WHERE id = ?1", err)) == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, state, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, updated_at);
	return db_step_done(db, st, "cannot set the complaint's state", err);
}

#define COMPLAINT_COLS "c.id, c.provider_id, p.name, c.upstream_asn, " \
	"c.template, c.from_addr, c.to_addrs, c.cc_addrs, c.subject, " \
	"c.message_id, c.state, c.due_at, c.created_at, c.updated_at, " \
	"c.version, c.sel_kinds, c.sel_since, c.max_evidence_id, " \
	"c.audit_seq, m.sha256, m.size FROM complaints c JOIN providers p " \
	"ON p.id = c.provider_id LEFT JOIN complaint_messages m ON " \
	"m.complaint_id = c.id AND m.version = c.version"

/* A JSON array column into a list; a row that holds something else fails. */
static void
row_strv(struct db_row *r, int col, const char *name, int opt, int *has,
    char ***v, size_t *n)
{
	const char *s = opt ? db_row_text_opt(r, col, NULL) :
	    db_row_text(r, col, NULL);

	if (has != NULL)
		*has = s != NULL;
	if (r->rc != 0 || s == NULL)
		return;
	if (complaint_strv_parse(s, v, n) != 0)
		db_row_bad(r, "%s is not a JSON array of strings", name);
}

static int
row_to_complaint(sqlite3_stmt *st, struct complaint *c, struct dp_err *err)
{
	struct db_row r;
	const char *sha;
	int64_t v;

	complaint_init(c);
	db_row_start(&r, st, "complaint", err);
	c->id = db_row_id(&r, 0);
	c->provider_id = db_row_int(&r, 1);
	c->provider_name = db_row_strdup(&r, 2);
	if (db_row_int_opt(&r, 3, &v)) {
		if (v < 1 || v > UINT32_MAX)
			db_row_bad(&r, "upstream_asn %lld is out of range",
			    (long long)v);
		c->upstream_asn = (uint32_t)v;
	}
	c->tmpl = db_row_strdup(&r, 4);
	c->from_addr = db_row_strdup(&r, 5);
	row_strv(&r, 6, "to_addrs", 0, NULL, &c->to, &c->nto);
	row_strv(&r, 7, "cc_addrs", 0, NULL, &c->cc, &c->ncc);
	c->subject = db_row_strdup(&r, 8);
	c->message_id = db_row_strdup(&r, 9);
	c->state = db_row_strdup(&r, 10);
	c->has_due = db_row_int_opt(&r, 11, &c->due_at);
	c->created_at = db_row_int(&r, 12);
	c->updated_at = db_row_int(&r, 13);
	c->version = db_row_int(&r, 14);
	row_strv(&r, 15, "sel_kinds", 1, &c->has_sel_kinds, &c->sel_kinds,
	    &c->nsel_kinds);
	c->has_since = db_row_int_opt(&r, 16, &c->sel_since);
	c->has_max_ev = db_row_int_opt(&r, 17, &c->max_evidence_id);
	c->audit_seq = db_row_int(&r, 18);
	sha = db_row_text_opt(&r, 19, NULL);
	if (r.rc == 0 && sha == NULL)
		db_row_bad(&r, "its message (version %lld) is missing",
		    (long long)c->version);
	else if (sha != NULL)
		snprintf(c->sha256, sizeof(c->sha256), "%s", sha);
	if (r.rc == 0)
		c->size = db_row_int(&r, 20);
	if (r.rc == 0 && !complaint_state_valid(c->state))
		db_row_bad(&r, "state is not a complaint state");
	return db_row_end(&r);
}

static int
load_sources(struct db *db, struct complaint *c, struct dp_err *err)
{
	sqlite3_stmt *st;
	struct db_row r;
	int64_t id;
	int rc;

	st = db_prepare(db, "SELECT source_id FROM complaint_sources WHERE "
	    "complaint_id = ?1 ORDER BY source_id", err);
	if (st == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, c->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		db_row_start(&r, st, "complaint source", err);
		r.id = c->id;
		id = db_row_int(&r, 0);
		if ((rc = db_row_end(&r)) != 0) {
			sqlite3_finalize(st);
			return rc;
		}
		complaint_add_source(c, id);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, err, "cannot read a complaint's "
		    "registry answers");
	return 0;
}

int
db_complaint_iter(struct db *db, int64_t id, int64_t provider_id,
    const char *state, int (*fn)(const struct complaint *, void *),
    void *arg, struct dp_err *err)
{
	sqlite3_stmt *st;
	struct complaint c;
	int rc, r = 0;

	st = db_prepare(db, "SELECT " COMPLAINT_COLS " WHERE (?1 = 0 OR "
	    "c.id = ?1) AND (?2 = 0 OR c.provider_id = ?2) AND (?3 IS NULL OR "
	    "c.state = ?3) ORDER BY c.id", err);
	if (st == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, provider_id);
	db_bind_text(st, 3, state);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((r = row_to_complaint(st, &c, err)) == 0 &&
		    (r = load_sources(db, &c, err)) == 0)
			r = fn(&c, arg);
		complaint_release(&c);
		if (r != 0)
			break;
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = db_fail(db, rc, err, "cannot read complaints");
	sqlite3_finalize(st);
	return r;
}

static int
copy_one(const struct complaint *c, void *arg)
{
	struct complaint *out = arg;

	/* Move the strings over: the iterator releases an empty struct. */
	*out = *c;
	complaint_init((struct complaint *)c);
	return 0;
}

int
db_complaint_get(struct db *db, int64_t id, struct complaint *c,
    struct dp_err *err)
{
	int rc;

	complaint_init(c);
	if (id <= 0)
		return dp_fail(err, DP_EX_NOINPUT, "no complaint %lld",
		    (long long)id);
	if ((rc = db_complaint_iter(db, id, 0, NULL, copy_one, c, err)) != 0)
		return rc;
	if (c->id == 0)
		return dp_fail(err, DP_EX_NOINPUT, "no complaint %lld",
		    (long long)id);
	return 0;
}

int
db_complaint_message(struct db *db, int64_t id, int64_t version,
    void **bytes, size_t *len, char sha256[SHA256_HEXLEN],
    struct dp_err *err)
{
	sqlite3_stmt *st;
	struct db_row r;
	const void *p;
	const char *sha;
	int rc;

	*bytes = NULL;
	*len = 0;
	st = db_prepare(db, "SELECT message, sha256 FROM complaint_messages "
	    "WHERE complaint_id = ?1 AND version = ?2", err);
	if (st == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, version);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_finalize(st);
		return dp_fail(err, DP_EX_NOINPUT, "complaint %lld has no "
		    "message version %lld", (long long)id, (long long)version);
	}
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		return db_fail(db, rc, err, "cannot read a complaint's message");
	}
	db_row_start(&r, st, "complaint message", err);
	r.id = id;
	p = db_row_blob(&r, 0, len);
	sha = db_row_text(&r, 1, NULL);
	if ((rc = db_row_end(&r)) == 0) {
		*bytes = xmalloc(*len + 1);
		if (*len > 0)
			memcpy(*bytes, p, *len);
		((char *)*bytes)[*len] = '\0';
		if (sha256 != NULL)
			snprintf(sha256, SHA256_HEXLEN, "%s", sha);
	}
	sqlite3_finalize(st);
	return rc;
}

int
db_complaint_draft_seq(struct db *db, int64_t id, int64_t *seq,
    struct dp_err *err)
{
	sqlite3_stmt *st;
	struct db_row r;
	int rc;

	st = db_prepare(db, "SELECT audit_seq FROM complaint_messages WHERE "
	    "complaint_id = ?1 ORDER BY version LIMIT 1", err);
	if (st == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		db_row_start(&r, st, "complaint message", err);
		r.id = id;
		*seq = db_row_int(&r, 0);
		rc = db_row_end(&r);
	} else if (rc == SQLITE_DONE)
		rc = dp_fail(err, DP_EX_NOINPUT, "complaint %lld has no "
		    "message", (long long)id);
	else
		rc = db_fail(db, rc, err, "cannot read a complaint's message");
	sqlite3_finalize(st);
	return rc;
}

int
db_complaint_retracted(struct db *db, const struct complaint *c,
    int64_t after_seq, int64_t **ids, size_t *n, struct dp_err *err)
{
	sqlite3_stmt *st;
	struct db_row r;
	char *kinds = NULL;
	int64_t id;
	size_t cap = 0;
	int rc, ret = 0;

	*ids = NULL;
	*n = 0;
	if (!c->has_max_ev)
		return 0;
	st = db_prepare(db, "SELECT r.evidence_id FROM evidence_retractions r "
	    "JOIN evidence e ON e.id = r.evidence_id WHERE e.provider_id = ?1 "
	    "AND e.id <= ?2 AND r.audit_seq > ?3 AND (?4 IS NULL OR "
	    "e.observed_at >= ?4) AND (?5 IS NULL OR e.kind IN (SELECT value "
	    "FROM json_each(?5))) ORDER BY r.evidence_id", err);
	if (st == NULL)
		return err->code;
	if (c->has_sel_kinds)
		kinds = strv_text(c->sel_kinds, c->nsel_kinds);
	sqlite3_bind_int64(st, 1, c->provider_id);
	sqlite3_bind_int64(st, 2, c->max_evidence_id);
	sqlite3_bind_int64(st, 3, after_seq);
	if (c->has_since)
		sqlite3_bind_int64(st, 4, c->sel_since);
	db_bind_text(st, 5, kinds);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		db_row_start(&r, st, "evidence retraction", err);
		id = db_row_int(&r, 0);
		if ((ret = db_row_end(&r)) != 0)
			break;
		GROW(*ids, *n + 1, cap);
		(*ids)[(*n)++] = id;
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = db_fail(db, rc, err, "cannot read retractions");
	sqlite3_finalize(st);
	free(kinds);
	if (ret != 0) {
		free(*ids);
		*ids = NULL;
		*n = 0;
	}
	return ret;
}

int
db_complaint_count(struct db *db, int64_t *n, struct dp_err *err)
{
	return db_query_int64(db, "SELECT count(*) FROM complaints", n,
	    "cannot count complaints", err);
}

int
db_complaint_msg_check_iter(struct db *db,
    int (*fn)(const struct complaint_msg_check *, void *), void *arg,
    struct dp_err *err)
{
	sqlite3_stmt *st;
	struct complaint_msg_check m;
	struct db_row r;
	unsigned char d[SHA256_LEN];
	const void *p;
	size_t len;
	int rc, ret = 0;

	st = db_prepare(db, "SELECT complaint_id, version, message, sha256, "
	    "size, created_at, audit_seq FROM complaint_messages ORDER BY "
	    "complaint_id, version", err);
	if (st == NULL)
		return err->code;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&m, 0, sizeof(m));
		db_row_start(&r, st, "complaint message", err);
		m.complaint_id = db_row_int(&r, 0);
		r.id = m.complaint_id;
		m.version = db_row_int(&r, 1);
		p = db_row_blob(&r, 2, &len);
		m.sha256 = db_row_text(&r, 3, NULL);
		m.size = db_row_int(&r, 4);
		m.created_at = db_row_int(&r, 5);
		m.audit_seq = db_row_int(&r, 6);
		if ((ret = db_row_end(&r)) != 0)
			break;
		sha256_buf(p, len, d);
		sha256_hex(d, m.actual);
		m.actual_size = (int64_t)len;
		if ((ret = fn(&m, arg)) != 0)
			break;
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = db_fail(db, rc, err, "cannot read complaint messages");
	sqlite3_finalize(st);
	return ret;
}
