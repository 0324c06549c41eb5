/*
 * db_provider.c - SQL for providers and their networks.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "db_internal.h"
#include "exitcodes.h"
#include "provider.h"

static int
insert_net(struct db *db, int64_t id, uint32_t asn, const struct ipnet *net,
    int64_t now, struct dp_err *err)
{
	sqlite3_stmt *st;
	unsigned char first[IPNET_KEYLEN], last[IPNET_KEYLEN];
	char text[IPNET_STRLEN];
	int rc;

	st = db_prepare(db, "INSERT INTO provider_networks (provider_id, asn, "
	    "prefix, family, net_first, net_last, added_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", err);
	if (st == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, id);
	if (asn != 0)
		sqlite3_bind_int64(st, 2, asn);
	else {
		ipnet_format(net, text, sizeof(text));
		ipnet_key_range(net, first, last);
		sqlite3_bind_text(st, 3, text, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 4, net->family == AF_INET ? 4 : 6);
		sqlite3_bind_blob(st, 5, first, IPNET_KEYLEN,
		    SQLITE_TRANSIENT);
		sqlite3_bind_blob(st, 6, last, IPNET_KEYLEN, SQLITE_TRANSIENT);
	}
	sqlite3_bind_int64(st, 7, now);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return 0;
	if ((rc & 0xff) == SQLITE_CONSTRAINT) {
		if (asn != 0)
			return dp_fail(err, DP_EX_DATAERR,
			    "the provider has AS%u already", asn);
		return dp_fail(err, DP_EX_DATAERR,
		    "the provider has %s already", text);
	}
	return db_fail(db, rc, err, "cannot add a network");
}

/*
 * Write a provider's own fields with sql, whose parameters are ?1 id,
 * ?2 name, ?3 country, ?4 url, ?5 note, ?6 time (creation or update).
 */
static int
write_provider(struct db *db, const char *sql, const struct provider *p,
    int64_t at, const char *what, struct dp_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_prepare(db, sql, err)) == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, p->id);
	db_bind_text(st, 2, p->name);
	db_bind_text(st, 3, p->country);
	db_bind_text(st, 4, p->url);
	db_bind_text(st, 5, p->note);
	sqlite3_bind_int64(st, 6, at);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return dp_fail(err, DP_EX_DATAERR,
		    "a provider named '%s' exists already", p->name);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, err, what);
	return 0;
}

int
db_provider_add(struct db *db, struct provider *p, struct dp_err *err)
{
	size_t i;
	int rc;

	if ((rc = write_provider(db, "INSERT INTO providers (name, country, "
	    "url, note, created_at, updated_at) VALUES (?2, ?3, ?4, ?5, ?6, "
	    "?6)", p, p->created_at, "cannot add the provider", err)) != 0)
		return rc;
	p->id = sqlite3_last_insert_rowid(db->h);
	for (i = 0; i < p->nasns; i++)
		if ((rc = insert_net(db, p->id, p->asns[i], NULL,
		    p->created_at, err)) != 0)
			return rc;
	for (i = 0; i < p->nprefixes; i++)
		if ((rc = insert_net(db, p->id, 0, &p->prefixes[i],
		    p->created_at, err)) != 0)
			return rc;
	return 0;
}

/*
 * One network row: an AS number or a prefix, never both nor neither (the
 * table's CHECKs, which a hand edit can bypass).
 */
static int
row_to_network(sqlite3_stmt *st, struct provider *p, struct dp_err *err)
{
	struct db_row r;
	struct ipnet net;
	const char *prefix;
	int64_t asn;
	int has_asn;

	db_row_start(&r, st, "provider network", err);
	db_row_id(&r, 0);
	has_asn = db_row_int_opt(&r, 1, &asn);
	prefix = db_row_text_opt(&r, 2, NULL);
	if (r.rc == 0 && has_asn == (prefix != NULL))
		db_row_bad(&r, has_asn ? "holds both an AS number and a "
		    "prefix" : "holds neither an AS number nor a prefix");
	else if (r.rc == 0 && has_asn && (asn < 1 || asn > UINT32_MAX))
		db_row_bad(&r, "AS number %lld is out of range",
		    (long long)asn);
	else if (r.rc == 0 && !has_asn && val_cidr(prefix, &net, NULL) != 0)
		db_row_bad(&r, "prefix is not a network");
	if (r.rc != 0)
		return db_row_end(&r);
	if (has_asn)
		provider_add_asn(p, (uint32_t)asn);
	else
		provider_add_prefix(p, &net);
	return 0;
}

static int
load_networks(struct db *db, struct provider *p, struct dp_err *err)
{
	sqlite3_stmt *st;
	int rc, r = 0;

	st = db_prepare(db, "SELECT id, asn, prefix FROM provider_networks "
	    "WHERE provider_id = ?1 ORDER BY id", err);
	if (st == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, p->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((r = row_to_network(st, p, err)) != 0)
			break;
	sqlite3_finalize(st);
	if (r != 0)
		return r;
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, err, "cannot read networks");
	provider_sort(p);
	return 0;
}

/*
 * A provider's row and its retirement's (NULLs when it has none); a
 * retirement must carry its time, and a reason or a merge.
 */
static int
row_to_provider(sqlite3_stmt *st, struct provider *p, struct dp_err *err)
{
	struct db_row r;
	int retired;

	db_row_start(&r, st, "provider", err);
	p->id = db_row_id(&r, 0);
	p->name = db_row_strdup(&r, 1);
	p->country = db_row_strdup_opt(&r, 2);
	p->url = db_row_strdup_opt(&r, 3);
	p->note = db_row_strdup_opt(&r, 4);
	p->created_at = db_row_int(&r, 5);
	retired = db_row_int_opt(&r, 6, &p->retired_at);
	p->retired_reason = db_row_strdup_opt(&r, 7);
	db_row_int_opt(&r, 8, &p->merged_into);
	if (r.rc == 0 && !retired && (p->retired_reason != NULL ||
	    p->merged_into != 0))
		db_row_bad(&r, "its retirement has no time");
	else if (r.rc == 0 && retired && p->retired_reason == NULL &&
	    p->merged_into == 0)
		db_row_bad(&r, "retired with neither a reason nor a merge");
	else if (r.rc == 0 && p->name[0] == '\0')
		db_row_bad(&r, "has an empty name");
	return db_row_end(&r);
}

/* A provider with its retirement (migration 0008), if any. */
#define PROVIDER_COLS	"p.id, p.name, p.country, p.url, p.note, " \
	"p.created_at, r.retired_at, r.reason, r.merged_into"
#define PROVIDER_FROM	" FROM providers AS p LEFT JOIN " \
	"provider_retirements AS r ON r.provider_id = p.id "

int
db_provider_get(struct db *db, int64_t id, struct provider *p,
    struct dp_err *err)
{
	sqlite3_stmt *st;
	struct provider tmp = PROVIDER_INIT;
	int rc;

	st = db_prepare(db, "SELECT " PROVIDER_COLS PROVIDER_FROM
	    "WHERE p.id = ?1", err);
	if (st == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && row_to_provider(st, &tmp, err) != 0) {
		sqlite3_finalize(st);
		provider_release(&tmp);
		return err->code;
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return dp_fail(err, DP_EX_NOINPUT, "no provider with id %lld",
		    (long long)id);
	if (rc != SQLITE_ROW)
		return db_fail(db, rc, err, "cannot read the provider");
	if ((rc = load_networks(db, &tmp, err)) != 0) {
		provider_release(&tmp);
		return rc;
	}
	*p = tmp;
	return 0;
}

int
db_provider_find_any(struct db *db, const char *key, struct provider *p,
    struct dp_err *err)
{
	sqlite3_stmt *st;
	int64_t id = 0;
	const char *c;
	int rc;

	st = db_prepare(db, "SELECT id FROM providers WHERE name = ?1", err);
	if (st == NULL)
		return err->code;
	db_bind_text(st, 1, key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		struct db_row r;

		db_row_start(&r, st, "provider", err);
		id = db_row_id(&r, 0);
		if (db_row_end(&r) != 0) {
			sqlite3_finalize(st);
			return err->code;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, rc, err, "cannot look up the provider");
	if (id == 0) {
		for (c = key; *c >= '0' && *c <= '9'; c++)
			;
		if (*key == '\0' || *c != '\0' || c - key > 18)
			return dp_fail(err, DP_EX_NOINPUT, "no provider "
			    "named '%s' (see 'depeer provider list')", key);
		id = strtoll(key, NULL, 10);
		rc = db_provider_get(db, id, p, err);
		if (rc == DP_EX_NOINPUT)
			dp_fail(err, rc, "no provider named '%s' and none "
			    "with that id (see 'depeer provider list')", key);
		return rc;
	}
	return db_provider_get(db, id, p, err);
}

int
db_provider_merge_target(struct db *db, const struct provider *p,
    struct provider *out, struct dp_err *err)
{
	struct provider cur = PROVIDER_INIT;
	int64_t next = p->merged_into;
	int hops, rc;

	/*
	 * A chain has one hop per later merge of the target (depeer never
	 * merges into a merged provider); the bound only stops a loop that
	 * a hand-edited database could hold.
	 */
	for (hops = 0; next != 0 && hops < 64; hops++) {
		provider_release(&cur);
		if ((rc = db_provider_get(db, next, &cur, err)) != 0)
			return rc;
		next = cur.merged_into;
	}
	if (next != 0 || cur.id == 0) {
		provider_release(&cur);
		return dp_fail(err, DP_EX_DATAERR, "provider '%s' points to a "
		    "merge that does not end (run 'depeer verify')", p->name);
	}
	*out = cur;
	return 0;
}

int
db_provider_find(struct db *db, const char *key, struct provider *p,
    struct dp_err *err)
{
	struct provider tmp = PROVIDER_INIT, into = PROVIDER_INIT;
	char t[TIME_STRLEN];
	int rc;

	if ((rc = db_provider_find_any(db, key, &tmp, err)) != 0)
		return rc;
	if (tmp.merged_into == 0) {
		*p = tmp;
		return 0;
	}
	if ((rc = db_provider_merge_target(db, &tmp, &into, err)) == 0) {
		fmt_time(tmp.retired_at, t);
		rc = dp_fail(err, DP_EX_DATAERR, "provider '%s' was merged "
		    "into '%s' on %s; its networks and evidence are there now "
		    "(see 'depeer provider show %lld')", tmp.name, into.name,
		    t, (long long)tmp.id);
	}
	provider_release(&into);
	provider_release(&tmp);
	return rc;
}

/* Every provider (merged ones too when all is set), by name. */
static int
list_providers(struct db *db, int all, struct provider **out, size_t *n,
    struct dp_err *err)
{
	sqlite3_stmt *st;
	struct provider *v = NULL;
	size_t len = 0, cap = 0, i;
	int rc;

	st = db_prepare(db, all ? "SELECT " PROVIDER_COLS PROVIDER_FROM
	    "ORDER BY p.name COLLATE NOCASE, p.id" : "SELECT " PROVIDER_COLS
	    PROVIDER_FROM "WHERE r.merged_into IS NULL "
	    "ORDER BY p.name COLLATE NOCASE, p.id", err);
	if (st == NULL)
		return err->code;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap ? 2 * cap : 16;
			v = xrealloc(v, cap * sizeof(*v));
		}
		memset(&v[len], 0, sizeof(v[len]));
		if (row_to_provider(st, &v[len++], err) != 0)
			break;
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW) {
		rc = err->code;
		goto fail;
	}
	if (rc != SQLITE_DONE) {
		rc = db_fail(db, rc, err, "cannot list providers");
		goto fail;
	}
	for (i = 0; i < len; i++)
		if ((rc = load_networks(db, &v[i], err)) != 0)
			goto fail;
	*out = v;
	*n = len;
	return 0;
fail:
	for (i = 0; i < len; i++)
		provider_release(&v[i]);
	free(v);
	return rc;
}

int
db_provider_list(struct db *db, struct provider **out, size_t *n,
    struct dp_err *err)
{
	return list_providers(db, 0, out, n, err);
}

int
db_provider_list_all(struct db *db, struct provider **out, size_t *n,
    struct dp_err *err)
{
	return list_providers(db, 1, out, n, err);
}

int
db_provider_update(struct db *db, const struct provider *p, int64_t now,
    struct dp_err *err)
{
	return write_provider(db, "UPDATE providers SET name = ?2, "
	    "country = ?3, url = ?4, note = ?5, updated_at = ?6 WHERE id = ?1",
	    p, now, "cannot update the provider", err);
}

int
db_provider_net_add(struct db *db, int64_t id, uint32_t asn,
    const struct ipnet *net, int64_t now, struct dp_err *err)
{
	return insert_net(db, id, asn, net, now, err);
}

int
db_provider_net_rm(struct db *db, int64_t id, uint32_t asn,
    const struct ipnet *net, struct dp_err *err)
{
	sqlite3_stmt *st;
	char text[IPNET_STRLEN] = "";
	int rc;

	if (asn != 0)
		st = db_prepare(db, "DELETE FROM provider_networks "
		    "WHERE provider_id = ?1 AND asn = ?2", err);
	else
		st = db_prepare(db, "DELETE FROM provider_networks "
		    "WHERE provider_id = ?1 AND prefix = ?2", err);
	if (st == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, id);
	if (asn != 0)
		sqlite3_bind_int64(st, 2, asn);
	else {
		ipnet_format(net, text, sizeof(text));
		sqlite3_bind_text(st, 2, text, -1, SQLITE_TRANSIENT);
	}
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, err, "cannot remove the network");
	if (sqlite3_changes(db->h) == 0) {
		if (asn != 0)
			return dp_fail(err, DP_EX_NOINPUT,
			    "the provider has no AS%u", asn);
		return dp_fail(err, DP_EX_NOINPUT,
		    "the provider has no prefix %s", text);
	}
	return 0;
}

int
db_provider_retire(struct db *db, int64_t id, int64_t at, const char *reason,
    int64_t merged_into, struct dp_err *err)
{
	sqlite3_stmt *st;
	int rc;

	/* REPLACE: a retired provider may be merged later. */
	st = db_prepare(db, "INSERT OR REPLACE INTO provider_retirements "
	    "(provider_id, retired_at, reason, merged_into) "
	    "VALUES (?1, ?2, ?3, ?4)", err);
	if (st == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, at);
	db_bind_text(st, 3, reason);
	if (merged_into != 0)
		sqlite3_bind_int64(st, 4, merged_into);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, err, "cannot retire the provider");
	return 0;
}
