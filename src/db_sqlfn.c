/*
 * db_sqlfn.c - SQL functions depeer adds to its own connections, for
 * migrations that SQL alone cannot do: in bounded memory, or into
 * depeer's own packed format (bgp_pack.h).  The raw SQLite API: db.c
 * registers them before it migrates.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp_pack.h"
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

/*
 * depeer_bgp_pack_links(a, b, paths, vantage) and
 * depeer_bgp_pack_triplets(a, b, c, paths), aggregates for the migration
 * that packed the links and triplets of each BGP import
 * (db/migrations/0019-bgp-packed.sql): the rows given, in any order,
 * packed as an import packs them (bgp_pack.h); no row gives the empty
 * packing.  A value that is not an integer, an AS number outside 32
 * bits, a negative count or a key given twice is an error: the rows
 * were not written by depeer, and the migration stops rather than
 * change them.
 */
struct pack_agg {
	int64_t		*v;		/* 4 values a row */
	size_t		 n, cap;
	const char	*bad;
};

static void
pack_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct pack_agg *g = sqlite3_aggregate_context(ctx, sizeof(*g));
	int links = sqlite3_user_data(ctx) != NULL, k;
	int64_t x;

	if (g == NULL) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	if (g->bad != NULL)
		return;
	GROW(g->v, (g->n + 1) * 4, g->cap);
	for (k = 0; k < argc && k < 4; k++) {
		if (sqlite3_value_type(argv[k]) != SQLITE_INTEGER) {
			g->bad = "a value is not an integer";
			return;
		}
		x = sqlite3_value_int64(argv[k]);
		/* links: a, b ASNs; triplets: a, b, c */
		if (k < (links ? 2 : 3) && (x < 0 || x > UINT32_MAX)) {
			g->bad = "an AS number is outside 32 bits";
			return;
		}
		if (x < 0) {
			g->bad = "a count is negative";
			return;
		}
		g->v[g->n * 4 + (size_t)k] = x;
	}
	g->n++;
}

static void
pack_final(sqlite3_context *ctx)
{
	struct pack_agg *g = sqlite3_aggregate_context(ctx, 0);
	int links = sqlite3_user_data(ctx) != NULL;
	int (*cmp)(const void *, const void *) = links ? bgp_link_cmp :
	    bgp_triplet_cmp;
	size_t i, len, size = links ? sizeof(struct bgp_link) :
	    sizeof(struct bgp_triplet);
	const char *bad = g != NULL ? g->bad : NULL;
	size_t n = g != NULL && bad == NULL ? g->n : 0;
	void *v = xreallocarray(NULL, n + 1, size);
	uint8_t *p;

	for (i = 0; i < n; i++) {
		const int64_t *x = &g->v[4 * i];

		if (links)
			((struct bgp_link *)v)[i] = (struct bgp_link){
			    (uint32_t)x[0], (uint32_t)x[1], x[2], x[3] };
		else
			((struct bgp_triplet *)v)[i] = (struct bgp_triplet){
			    (uint32_t)x[0], (uint32_t)x[1], (uint32_t)x[2],
			    x[3] };
	}
	qsort(v, n, size, cmp);
	for (i = 1; i < n && bad == NULL; i++)
		if (cmp((char *)v + (i - 1) * size, (char *)v + i * size) ==
		    0)
			bad = "a key is given twice";
	if (g != NULL)
		free(g->v);
	if (bad != NULL) {
		char msg[128];

		snprintf(msg, sizeof(msg), "cannot pack the BGP %s: %s, which "
		    "depeer never writes", links ? "links" : "triplets", bad);
		sqlite3_result_error(ctx, msg, -1);
		sqlite3_result_error_code(ctx, SQLITE_CONSTRAINT);
		free(v);
		return;
	}
	p = links ? bgp_pack_links(v, n, &len) : bgp_pack_triplets(v, n,
	    &len);
	free(v);
	sqlite3_result_blob64(ctx, p, len, free);
}

int
db_sql_functions(sqlite3 *h)
{
	/* DIRECTONLY: never from a trigger or view planted in a case file. */
	static int links = 1;
	int rc;

	if ((rc = sqlite3_create_function_v2(h, "depeer_artifact_split", 1,
	    SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL, artifact_split, NULL, NULL,
	    NULL)) != SQLITE_OK)
		return rc;
	/* The user data tells the two packings apart (non-NULL: links). */
	if ((rc = sqlite3_create_function_v2(h, "depeer_bgp_pack_links", 4,
	    SQLITE_UTF8 | SQLITE_DIRECTONLY, &links, NULL, pack_step,
	    pack_final, NULL)) != SQLITE_OK)
		return rc;
	return sqlite3_create_function_v2(h, "depeer_bgp_pack_triplets", 4,
	    SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL, NULL, pack_step,
	    pack_final, NULL);
}
