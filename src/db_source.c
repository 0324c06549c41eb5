/*
 * db_source.c - SQL for the sources table (raw registry answers).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "db_internal.h"
#include "exitcodes.h"
#include "ipnet.h"
#include "source.h"

static int
insert_ranges(struct db *db, const struct source *s, struct dp_err *err)
{
	sqlite3_stmt *st;
	unsigned char lo[IPNET_KEYLEN], hi[IPNET_KEYLEN];
	size_t i;
	int rc = SQLITE_DONE;

	st = db_prepare(db, "INSERT OR IGNORE INTO source_ranges (protocol, "
	    "server, lo, hi, source_id) VALUES (?1, ?2, ?3, ?4, ?5)", err);
	if (st == NULL)
		return err->code;
	db_bind_text(st, 1, s->protocol);
	db_bind_text(st, 2, s->server);
	sqlite3_bind_int64(st, 5, s->id);
	for (i = 0; i < s->nranges && rc == SQLITE_DONE; i++) {
		ipnet_key(s->ranges[i].family, s->ranges[i].lo, lo);
		ipnet_key(s->ranges[i].family, s->ranges[i].hi, hi);
		sqlite3_bind_blob(st, 3, lo, IPNET_KEYLEN, SQLITE_STATIC);
		sqlite3_bind_blob(st, 4, hi, IPNET_KEYLEN, SQLITE_STATIC);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, err, "cannot store a registry answer's "
		    "range");
	return 0;
}

int
db_source_insert(struct db *db, struct source *s, struct dp_err *err)
{
	sqlite3_stmt *st;
	int rc;

	st = db_prepare(db, "INSERT INTO sources (protocol, server, query, "
	    "fetched_at, status, content, size, sha256, audit_seq) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", err);
	if (st == NULL)
		return err->code;
	db_bind_text(st, 1, s->protocol);
	db_bind_text(st, 2, s->server);
	db_bind_text(st, 3, s->query);
	sqlite3_bind_int64(st, 4, s->fetched_at);
	if (s->has_status)
		sqlite3_bind_int64(st, 5, s->status);
	sqlite3_bind_blob64(st, 6, s->content, s->size, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, (sqlite3_int64)s->size);
	db_bind_text(st, 8, s->sha256);
	sqlite3_bind_int64(st, 9, s->audit_seq);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, err, "cannot store a registry answer");
	s->id = sqlite3_last_insert_rowid(db->h);
	return s->nranges > 0 ? insert_ranges(db, s, err) : 0;
}

#define SOURCE_COLS	"id, protocol, server, query, fetched_at, status, " \
			"content, size, sha256, audit_seq"

/*
 * A stored answer: the content must be the blob depeer wrote (a text
 * value of the same bytes is not what was stored).  The size column is
 * read for its class only: the content is what verify hashes.
 */
static int
row_to_source(sqlite3_stmt *st, struct source *s, struct dp_err *err)
{
	struct db_row r;
	const void *b;
	size_t n;
	int64_t status;

	memset(s, 0, sizeof(*s));
	db_row_start(&r, st, "registry answer", err);
	s->id = db_row_id(&r, 0);
	s->protocol = db_row_strdup(&r, 1);
	s->server = db_row_strdup(&r, 2);
	s->query = db_row_strdup(&r, 3);
	s->fetched_at = db_row_int(&r, 4);
	s->has_status = db_row_int_opt(&r, 5, &status);
	s->status = (long)status;
	b = db_row_blob(&r, 6, &n);
	(void)db_row_int(&r, 7);
	snprintf(s->sha256, sizeof(s->sha256), "%s",
	    db_row_text(&r, 8, NULL));
	s->audit_seq = db_row_int(&r, 9);
	s->size = r.rc == 0 ? n : 0;
	s->content = xmalloc(s->size + 1);
	if (s->size > 0)
		memcpy(s->content, b, s->size);
	s->content[s->size] = '\0';
	return db_row_end(&r);
}

static int
one(struct db *db, sqlite3_stmt *st, struct source *s, const char *what,
    struct dp_err *err)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW && row_to_source(st, s, err) != 0) {
		sqlite3_finalize(st);
		source_release(s);
		return err->code;
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return dp_fail(err, DP_EX_NOINPUT, "%s", what);
	return db_fail(db, rc, err, "cannot read registry answers");
}

int
db_source_get(struct db *db, int64_t id, struct source *s,
    struct dp_err *err)
{
	sqlite3_stmt *st;
	char what[64];

	st = db_prepare(db, "SELECT " SOURCE_COLS " FROM sources "
	    "WHERE id = ?1", err);
	if (st == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, id);
	snprintf(what, sizeof(what), "no source with id %lld",
	    (long long)id);
	return one(db, st, s, what, err);
}

int
db_source_cached(struct db *db, const char *protocol, const char *server,
    const char *query, int64_t not_before, struct source *s,
    struct dp_err *err)
{
	sqlite3_stmt *st;
	int rc;

	st = db_prepare_kept(db, DB_KEPT_SOURCE_CACHED, "SELECT " SOURCE_COLS
	    " FROM sources WHERE protocol = ?1 AND server = ?2 AND "
	    "query = ?3 AND fetched_at >= ?4 ORDER BY fetched_at DESC, "
	    "id DESC LIMIT 1", err);
	if (st == NULL)
		return err->code;
	db_bind_text(st, 1, protocol);
	db_bind_text(st, 2, server);
	db_bind_text(st, 3, query);
	sqlite3_bind_int64(st, 4, not_before);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && row_to_source(st, s, err) != 0) {
		sqlite3_reset(st);
		source_release(s);
		return err->code;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return dp_fail(err, DP_EX_NOINPUT, "not cached");
	return db_fail(db, rc, err, "cannot read registry answers");
}

int
db_source_covering(struct db *db, const char *protocol, const char *server,
    int family, const unsigned char addr[16], int64_t not_before,
    int64_t *id, struct dp_err *err)
{
	sqlite3_stmt *st;
	unsigned char key[IPNET_KEYLEN], low[IPNET_KEYLEN];
	int rc;

	/*
	 * The inner query walks the primary key down from addr; ranges
	 * nest, so of those covering addr the one starting last is the most
	 * specific.
	 */
	st = db_prepare_kept(db, DB_KEPT_SOURCE_COVERING, "SELECT s.id "
	    "FROM (SELECT lo, hi, source_id FROM source_ranges WHERE "
	    "protocol = ?1 AND server = ?2 AND lo <= ?3 AND lo >= ?5 "
	    "ORDER BY lo DESC LIMIT 64) AS r "
	    "JOIN sources AS s ON s.id = r.source_id "
	    "WHERE r.hi >= ?3 AND s.fetched_at >= ?4 "
	    "ORDER BY r.lo DESC, r.hi ASC, s.fetched_at DESC, s.id DESC "
	    "LIMIT 1", err);
	if (st == NULL)
		return err->code;
	ipnet_key(family, addr, key);
	/* The family's lowest key: never a range of the other family. */
	memset(low, 0, sizeof(low));
	low[0] = key[0];
	db_bind_text(st, 1, protocol);
	db_bind_text(st, 2, server);
	sqlite3_bind_blob(st, 3, key, IPNET_KEYLEN, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, not_before);
	sqlite3_bind_blob(st, 5, low, IPNET_KEYLEN, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		struct db_row r;

		db_row_start(&r, st, "registry answer", err);
		*id = db_row_id(&r, 0);
		if (db_row_end(&r) != 0) {
			sqlite3_reset(st);
			return err->code;
		}
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return dp_fail(err, DP_EX_NOINPUT, "not cached");
	return db_fail(db, rc, err, "cannot read registry answers");
}

int
db_source_check_iter(struct db *db,
    int (*fn)(const struct source *, const char *, void *), void *arg,
    struct dp_err *err)
{
	sqlite3_stmt *st;
	struct source s;
	struct sha256 *h;
	unsigned char d[SHA256_LEN];
	char actual[SHA256_HEXLEN];
	int rc, r = 0;

	st = db_prepare(db, "SELECT " SOURCE_COLS " FROM sources ORDER BY id",
	    err);
	if (st == NULL)
		return err->code;
	h = sha256_new();
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((r = row_to_source(st, &s, err)) != 0) {
			source_release(&s);
			break;
		}
		sha256_update(h, s.content, s.size);
		sha256_final(h, d);
		sha256_hex(d, actual);
		r = fn(&s, actual, arg);
		source_release(&s);
		if (r != 0)
			break;
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = db_fail(db, rc, err, "cannot read registry answers");
	sqlite3_finalize(st);
	sha256_free(h);
	return r;
}
