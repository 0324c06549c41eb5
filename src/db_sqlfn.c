/*
 * db_sqlfn.c - SQL functions depeer adds to its own connections, for
 * migrations that SQL alone cannot do in bounded memory.  Only the raw
 * SQLite API: db.c registers them before it migrates.
 */
#include <stdlib.h>

#include "db_internal.h"
#include "util.h"

/*
 * depeer_artifact_split(ID), for the migration that moved attached files
 * into chunks (db/migrations/0011-artifact-chunks.sql): cut the old
 * content column of artifacts row ID into chunks of DB_ARTIFACT_CHUNK
 * bytes, read through incremental blob I/O, and insert them into
 * temp.artifact_chunks_split (artifact_id, n, data); the result is the
 * number of chunks.  substr() would read the whole blob into memory for
 * each chunk it cuts.
 */
static void
artifact_split(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	sqlite3 *h = sqlite3_context_db_handle(ctx);
	sqlite3_blob *b = NULL;
	sqlite3_stmt *st = NULL;
	unsigned char *buf = NULL;
	sqlite3_int64 id = sqlite3_value_int64(argv[0]), k = 0;
	int rc, bytes, off, len;

	(void)argc;
	rc = sqlite3_blob_open(h, "main", "artifacts", "content", id, 0, &b);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(h, "INSERT INTO "
		    "temp.artifact_chunks_split (artifact_id, n, data) "
		    "VALUES (?1, ?2, ?3)", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		bytes = sqlite3_blob_bytes(b);
		buf = xmalloc(DB_ARTIFACT_CHUNK);
		for (off = 0; off < bytes && rc == SQLITE_OK; off += len) {
			len = bytes - off < DB_ARTIFACT_CHUNK ? bytes - off :
			    DB_ARTIFACT_CHUNK;
			if ((rc = sqlite3_blob_read(b, buf, len, off)) !=
			    SQLITE_OK)
				break;
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_int64(st, 2, k++);
			sqlite3_bind_blob(st, 3, buf, len, SQLITE_STATIC);
			rc = sqlite3_step(st);
			sqlite3_reset(st);
			if (rc == SQLITE_DONE)
				rc = SQLITE_OK;
		}
	}
	if (rc == SQLITE_OK)
		sqlite3_result_int64(ctx, k);
	else {
		sqlite3_result_error(ctx, sqlite3_errmsg(h), -1);
		sqlite3_result_error_code(ctx, rc);
	}
	sqlite3_finalize(st);
	if (b != NULL)
		sqlite3_blob_close(b);
	free(buf);
}

int
db_sql_functions(sqlite3 *h)
{
	/* DIRECTONLY: never from a trigger or view planted in a case file. */
	return sqlite3_create_function_v2(h, "depeer_artifact_split", 1,
	    SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL, artifact_split, NULL, NULL,
	    NULL);
}
