/*
 * srcstore.c - reading fresh stored answers and storing new ones with
 * their audit entry; see srcstore.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "clock.h"
#include "db.h"
#include "exitcodes.h"
#include "srcstore.h"

static int
st_cached(void *self, const char *protocol, const char *server,
    const char *query, struct source *out)
{
	struct srcstore *st = self;

	return db_source_cached(st->db, protocol, server, query,
	    st->not_before, out, NULL);
}

static int
st_covering(void *self, const char *protocol, const char *server,
    int family, const unsigned char addr[16], int64_t *id)
{
	struct srcstore *st = self;

	return db_source_covering(st->db, protocol, server, family, addr,
	    st->not_before, id, NULL);
}

static int
st_get(void *self, int64_t id, struct source *out)
{
	return db_source_get(((struct srcstore *)self)->db, id, out, NULL);
}

void
srcstore_init(struct srcstore *st, struct db *db, int refresh,
    long long ttl, int64_t now)
{
	memset(st, 0, sizeof(*st));
	st->db = db;
	st->read = db != NULL && !refresh && ttl > 0;
	st->not_before = now - ttl;
	st->reader.self = st;
	st->reader.cached = st_cached;
	st->reader.covering = st_covering;
	st->reader.get = st_get;
}

const struct source_reader *
srcstore_reader(struct srcstore *st)
{
	return st != NULL && st->read ? &st->reader : NULL;
}

int
srcstore_newest(struct srcstore *st, const char *protocol,
    const char *server, const char *query, struct source *out)
{
	if (st == NULL || st->db == NULL)
		return DP_EX_NOINPUT;
	return db_source_cached(st->db, protocol, server, query, 0, out,
	    NULL);
}

int
srcstore_get(struct srcstore *st, int64_t id, struct source *out,
    struct dp_err *err)
{
	if (st == NULL || st->db == NULL)
		return dp_fail(err, DP_EX_NOINPUT, "no source %lld",
		    (long long)id);
	return db_source_get(st->db, id, out, err);
}

int
srcstore_commit_batch(struct db *db, struct source_batch *b, size_t start,
    const char *subject, struct dp_err *err)
{
	size_t i;
	int rc;

	if (start >= b->n)
		return 0;
	if ((rc = db_begin(db, err)) != 0)
		return rc;
	if ((rc = srcstore_write_batch(db, b, start, subject, err)) != 0 ||
	    (rc = db_commit(db, err)) != 0) {
		db_rollback(db);
		for (i = start; i < b->n; i++)
			b->v[i].id = 0;		/* rolled back: not stored */
		return rc;
	}
	return 0;
}

int
srcstore_write_batch(struct db *db, struct source_batch *b, size_t start,
    const char *subject, struct dp_err *err)
{
	struct sha256 *h, *rh;
	unsigned char d[SHA256_LEN], agg[SHA256_LEN];
	char hex[SHA256_HEXLEN];
	json_t *o, *list;
	int64_t seq, at = clock_now();
	size_t i;
	int rc;

	if (start >= b->n)
		return 0;
	if ((rc = db_audit_next_seq(db, &seq, err)) != 0)
		return rc;
	h = sha256_new();
	rh = sha256_new();
	list = json_array();
	for (i = start; i < b->n; i++) {
		b->v[i].audit_seq = seq;
		if ((rc = db_source_insert(db, &b->v[i], err)) != 0) {
			sha256_free(h);
			sha256_free(rh);
			json_decref(list);
			return rc;
		}
		source_record_hash(&b->v[i], rh, d);
		sha256_update(h, d, SHA256_LEN);
		json_array_append_new(list, json_integer(b->v[i].id));
	}
	sha256_final(h, agg);
	sha256_free(h);
	sha256_free(rh);
	sha256_hex(agg, hex);
	o = json_object();
	json_object_set_new(o, "sources", list);
	json_object_set_new(o, "sources_sha256", json_string(hex));
	return audit_record(db, AUDIT_LOOKUP, subject, at, o, NULL, err);
}
