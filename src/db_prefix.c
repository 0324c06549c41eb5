/*
 * db_prefix.c - SQL for the prefix tables and their content chunks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "db_prefix.h"
#include "exitcodes.h"

#define ROW_SQL "SELECT id, name, taken_at, format, file_name, file_sha256, " \
	"file_size, prefixes4, prefixes6, multi_origin, skipped, " \
	"content_sha256, created_at, audit_seq, removed_at, removed_seq " \
	"FROM prefix_tables "

void
prefix_row_release(struct prefix_row *r)
{
	free(r->name);
	free(r->format);
	free(r->file_name);
	free(r->file_sha256);
	free(r->content_sha256);
	memset(r, 0, sizeof(*r));
}

char *
db_prefix_dir(struct db *db)
{
	if (db->path == NULL || db->path[0] == '\0' ||
	    strcmp(db->path, ":memory:") == 0)
		return NULL;
	return xasprintf("%s.tables", db->path);
}

static int
row_read(sqlite3_stmt *st, struct prefix_row *r, struct dp_err *err)
{
	struct db_row w;

	memset(r, 0, sizeof(*r));
	db_row_start(&w, st, "prefix table", err);
	r->id = db_row_id(&w, 0);
	r->name = db_row_strdup(&w, 1);
	r->taken_at = db_row_int(&w, 2);
	r->format = db_row_strdup(&w, 3);
	r->file_name = db_row_strdup(&w, 4);
	r->file_sha256 = db_row_strdup(&w, 5);
	r->file_size = db_row_int_range(&w, 6, 0, INT64_MAX);
	r->prefixes4 = db_row_int_range(&w, 7, 0, UINT32_MAX);
	r->prefixes6 = db_row_int_range(&w, 8, 0, UINT32_MAX);
	r->multi_origin = db_row_int_range(&w, 9, 0, UINT32_MAX);
	r->skipped = db_row_int_range(&w, 10, 0, INT64_MAX);
	r->content_sha256 = db_row_strdup(&w, 11);
	r->created_at = db_row_int(&w, 12);
	r->audit_seq = db_row_int(&w, 13);
	r->removed = db_row_int_opt(&w, 14, &r->removed_at);
	db_row_int_opt(&w, 15, &r->removed_seq);
	if (db_row_end(&w) != 0) {
		prefix_row_release(r);
		return err->code;
	}
	return 0;
}

int
db_prefix_get(struct db *db, const char *name, struct prefix_row *r,
    struct dp_err *err)
{
	sqlite3_stmt *st;
	int rc, ret;

	memset(r, 0, sizeof(*r));
	if ((st = db_prepare(db, ROW_SQL "WHERE name = ?1 AND removed_at IS "
	    "NULL", err)) == NULL)
		return err->code;
	db_bind_text(st, 1, name);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		ret = row_read(st, r, err);
	else if (rc == SQLITE_DONE)
		ret = dp_fail(err, DP_EX_NOINPUT, "no prefix table named '%s'",
		    name);
	else
		ret = db_fail(db, rc, err, "cannot read the prefix tables");
	sqlite3_finalize(st);
	return ret;
}

int
db_prefix_list(struct db *db, struct prefix_row **out, size_t *n,
    struct dp_err *err)
{
	struct prefix_row *v = NULL;
	size_t cap = 0;
	sqlite3_stmt *st;
	int rc, ret = 0;

	*out = NULL;
	*n = 0;
	if ((st = db_prepare(db, ROW_SQL "WHERE removed_at IS NULL ORDER BY "
	    "taken_at, id", err)) == NULL)
		return err->code;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		GROW(v, *n + 1, cap);
		if ((ret = row_read(st, &v[*n], err)) != 0)
			break;
		(*n)++;
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = db_fail(db, rc, err, "cannot read the prefix tables");
	sqlite3_finalize(st);
	if (ret != 0) {
		for (size_t i = 0; i < *n; i++)
			prefix_row_release(&v[i]);
		free(v);
		*n = 0;
		return ret;
	}
	*out = v;
	return 0;
}

int
db_prefix_iter(struct db *db, int (*fn)(const struct prefix_row *r,
    void *arg), void *arg, struct dp_err *err)
{
	struct prefix_row r;
	sqlite3_stmt *st;
	int rc, ret = 0;

	if ((st = db_prepare(db, ROW_SQL "ORDER BY id", err)) == NULL)
		return err->code;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((ret = row_read(st, &r, err)) != 0)
			break;
		ret = fn(&r, arg);
		prefix_row_release(&r);
		if (ret != 0)
			break;
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = db_fail(db, rc, err, "cannot read the prefix tables");
	sqlite3_finalize(st);
	return ret;
}

int
db_prefix_add(struct db *db, struct prefix_row *r, struct dp_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_prepare(db, "INSERT INTO prefix_tables (name, taken_at, "
	    "format, file_name, file_sha256, file_size, prefixes4, "
	    "prefixes6, multi_origin, skipped, content_sha256, created_at, "
	    "audit_seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
	    "?11, ?12, ?13)", err)) == NULL)
		return err->code;
	db_bind_text(st, 1, r->name);
	sqlite3_bind_int64(st, 2, r->taken_at);
	db_bind_text(st, 3, r->format);
	db_bind_text(st, 4, r->file_name);
	db_bind_text(st, 5, r->file_sha256);
	sqlite3_bind_int64(st, 6, r->file_size);
	sqlite3_bind_int64(st, 7, r->prefixes4);
	sqlite3_bind_int64(st, 8, r->prefixes6);
	sqlite3_bind_int64(st, 9, r->multi_origin);
	sqlite3_bind_int64(st, 10, r->skipped);
	db_bind_text(st, 11, r->content_sha256);
	sqlite3_bind_int64(st, 12, r->created_at);
	sqlite3_bind_int64(st, 13, r->audit_seq);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_CONSTRAINT)
		return dp_fail(err, DP_EX_DATAERR, "a prefix table named '%s' "
		    "exists", r->name);
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, err, "cannot add the prefix table");
	r->id = sqlite3_last_insert_rowid(db->h);
	return 0;
}

int
db_prefix_chunk_add(struct db *db, int64_t id, int64_t seq,
    const void *data, size_t len, struct dp_err *err)
{
	sqlite3_stmt *st;

	if ((st = db_prepare(db, "INSERT INTO prefix_table_chunks (table_id, "
	    "seq, data) VALUES (?1, ?2, ?3)", err)) == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, seq);
	sqlite3_bind_blob64(st, 3, data, len, SQLITE_STATIC);
	return db_step_done(db, st, "cannot store the prefix table", err);
}

int
db_prefix_chunks(struct db *db, int64_t id, int (*fn)(int64_t seq,
    const void *data, size_t len, void *arg), void *arg,
    struct dp_err *err)
{
	sqlite3_stmt *st;
	int rc, ret = 0;

	if ((st = db_prepare(db, "SELECT seq, data FROM prefix_table_chunks "
	    "WHERE table_id = ?1 ORDER BY seq", err)) == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const void *p = sqlite3_column_blob(st, 1);
		size_t len = (size_t)sqlite3_column_bytes(st, 1);

		if (sqlite3_column_type(st, 1) != SQLITE_BLOB) {
			ret = dp_fail(err, DP_EX_DATAERR, "prefix table %lld: "
			    "a content chunk is not a blob", (long long)id);
			break;
		}
		if ((ret = fn(sqlite3_column_int64(st, 0), p, len, arg)) != 0)
			break;
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = db_fail(db, rc, err, "cannot read the prefix table");
	sqlite3_finalize(st);
	return ret;
}

int
db_prefix_remove(struct db *db, int64_t id, int64_t removed_at,
    int64_t seq, int64_t *chunks, struct dp_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_prepare(db, "UPDATE prefix_tables SET removed_at = ?2, "
	    "removed_seq = ?3 WHERE id = ?1 AND removed_at IS NULL",
	    err)) == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, removed_at);
	sqlite3_bind_int64(st, 3, seq);
	if ((rc = db_step_done(db, st, "cannot remove the prefix table",
	    err)) != 0)
		return rc;
	if ((st = db_prepare(db, "DELETE FROM prefix_table_chunks WHERE "
	    "table_id = ?1", err)) == NULL)
		return err->code;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = db_step_done(db, st, "cannot remove the prefix table",
	    err)) != 0)
		return rc;
	*chunks = sqlite3_changes(db->h);
	return 0;
}
