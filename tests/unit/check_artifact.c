/*
 * check_artifact.c - attached files stored in chunks (db_evidence.c):
 * the chunks written at the sizes around DB_ARTIFACT_CHUNK, the content
 * read back byte for byte, chunks of other sizes read as well, a file
 * that does not match its hash refused with nothing left, and what the
 * verify walk reports about the chunks and about a file no record has.  A file database, with the raw
 * SQLite handle used only to look at and alter the chunks.
 */
#include <check.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include "hash.h"
#include "testutil.h"

Suite	*artifact_suite(void);

static char dir[64], path[128], file[128];
static struct db *db;
static sqlite3 *raw;

static void
setup(void)
{
	struct dp_err err = DP_ERR_INIT;

	snprintf(dir, sizeof(dir), "/tmp/depeer-check-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/case.db", dir);
	snprintf(file, sizeof(file), "%s/file.bin", dir);
	ck_assert_msg(db_open(path, 1, &db, NULL, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(sqlite3_open(path, &raw), SQLITE_OK);
}

static void
teardown(void)
{
	db_close(db);
	sqlite3_close(raw);
	unlink(file);
	unlink(path);
	rmdir(dir);
}

/* n bytes of a pattern that differs from chunk to chunk. */
static unsigned char *
pattern(size_t n)
{
	unsigned char *p = xmalloc(n ? n : 1);
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 7 + i / 1000003);
	return p;
}

static void
write_file(const unsigned char *p, size_t n)
{
	FILE *fp = fopen(file, "wb");

	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(p, 1, n, fp), n);
	ck_assert_int_eq(fclose(fp), 0);
}

static int64_t
raw_int(const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = -1;

	ck_assert_int_eq(sqlite3_prepare_v2(raw, sql, -1, &st, NULL),
	    SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void
raw_exec(const char *sql)
{
	char *msg = NULL;

	ck_assert_msg(sqlite3_exec(raw, sql, NULL, NULL, &msg) == SQLITE_OK,
	    "%s: %s", sql, msg ? msg : "?");
}

/* An evidence_files row for artifact id (foreign keys are off on raw). */
static void
refer(int64_t id)
{
	char sql[160];

	snprintf(sql, sizeof(sql), "INSERT INTO evidence_files (evidence_id, "
	    "pos, artifact_id, name) VALUES (%lld, 1, %lld, 'f')",
	    (long long)id, (long long)id);
	raw_exec(sql);
}

static int64_t
store(const unsigned char *p, size_t n)
{
	struct dp_err err = DP_ERR_INIT;
	char hex[SHA256_HEXLEN];
	int64_t id = 0;

	write_file(p, n);
	test_sha256_hex(p, n, hex);
	ck_assert_int_eq(db_begin(db, &err), 0);
	ck_assert_msg(db_artifact_store(db, file, hex, (int64_t)n, 1, &id,
	    &err) == 0, "%s", err.msg);
	ck_assert_int_eq(db_commit(db, &err), 0);
	return id;
}

/* Artifact id's content as db_artifact_write() gives it equals p[0..n). */
static void
reads_back(int64_t id, const unsigned char *p, size_t n)
{
	struct dp_err err = DP_ERR_INIT;
	unsigned char *got = xmalloc(n + 1);
	FILE *fp = tmpfile();

	ck_assert_ptr_nonnull(fp);
	ck_assert_msg(db_artifact_write(db, id, fp, &err) == 0, "%s",
	    err.msg);
	ck_assert_int_eq(fseek(fp, 0, SEEK_SET), 0);
	ck_assert_uint_eq(fread(got, 1, n + 1, fp), n);
	ck_assert(memcmp(got, p, n) == 0);
	fclose(fp);
	free(got);
}

START_TEST(test_chunk_boundaries)
{
	static const size_t sizes[] = { 0, 1, DB_ARTIFACT_CHUNK - 1,
	    DB_ARTIFACT_CHUNK, DB_ARTIFACT_CHUNK + 1,
	    2 * DB_ARTIFACT_CHUNK + 7 };
	size_t n = sizes[_i], want = (n + DB_ARTIFACT_CHUNK - 1) /
	    DB_ARTIFACT_CHUNK;
	unsigned char *p = pattern(n);
	char sql[256];
	int64_t id = store(p, n);

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM artifact_chunks "
	    "WHERE artifact_id = %lld", (long long)id);
	ck_assert_int_eq(raw_int(sql), (int64_t)want);
	/* Numbered from 0 without gaps, full but for the last. */
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM artifact_chunks "
	    "WHERE artifact_id = %lld AND n < %zu AND length(data) = CASE "
	    "WHEN n = %zu - 1 THEN %zu ELSE %d END", (long long)id, want,
	    want, n - (want > 0 ? want - 1 : 0) * DB_ARTIFACT_CHUNK,
	    DB_ARTIFACT_CHUNK);
	ck_assert_int_eq(raw_int(sql), (int64_t)want);
	snprintf(sql, sizeof(sql), "SELECT size FROM artifacts WHERE id = "
	    "%lld", (long long)id);
	ck_assert_int_eq(raw_int(sql), (int64_t)n);
	reads_back(id, p, n);
	/* The same content again is the same artifact, not new chunks. */
	ck_assert_int_eq(store(p, n), id);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM artifact_chunks"),
	    (int64_t)want);
	free(p);
}
END_TEST

struct walk {
	int		 n;
	struct artifact_check last;
	char		 sha[SHA256_HEXLEN];
	char		 fault[128];
};

static int
walk_one(const struct artifact_check *c, void *arg)
{
	struct walk *w = arg;

	w->n++;
	w->last = *c;
	snprintf(w->sha, sizeof(w->sha), "%s", c->sha256);
	snprintf(w->fault, sizeof(w->fault), "%s", c->fault ? c->fault : "");
	return 0;
}

static void
walk(struct walk *w)
{
	struct dp_err err = DP_ERR_INIT;

	memset(w, 0, sizeof(*w));
	ck_assert_msg(db_artifact_check_iter(db, walk_one, w, &err) == 0,
	    "%s", err.msg);
}

START_TEST(test_any_chunk_size_read)
{
	/* Chunks another version might have written: 7 bytes, 2 MiB + 3, 5. */
	size_t n = 7 + 2 * 1048576 + 3 + 5;
	unsigned char *zero = calloc(1, n);
	char hex[SHA256_HEXLEN], sql[512];
	struct walk w;

	test_sha256_hex(zero, n, hex);
	snprintf(sql, sizeof(sql), "INSERT INTO artifacts (id, sha256, size, "
	    "stored_at) VALUES (7, '%s', %zu, 1); INSERT INTO artifact_chunks "
	    "(artifact_id, n, data) VALUES (7, 0, zeroblob(7)), "
	    "(7, 1, zeroblob(2 * 1048576 + 3)), (7, 2, zeroblob(5));", hex, n);
	raw_exec(sql);
	refer(7);
	reads_back(7, zero, n);
	walk(&w);
	ck_assert_int_eq(w.n, 1);
	ck_assert_int_eq(w.last.actual_size, (int64_t)n);
	ck_assert_str_eq(w.last.actual, hex);
	ck_assert_str_eq(w.sha, hex);
	ck_assert_str_eq(w.fault, "");
	free(zero);
}
END_TEST

START_TEST(test_changed_file_leaves_nothing)
{
	struct dp_err err = DP_ERR_INIT;
	size_t n = 3 * DB_ARTIFACT_CHUNK;
	unsigned char *p = pattern(n);
	char hex[SHA256_HEXLEN];
	int64_t id = 0;

	write_file(p, n);
	/* As if the file had changed since it was hashed. */
	test_sha256_hex(p, n - 1, hex);
	ck_assert_int_eq(db_begin(db, &err), 0);
	ck_assert_int_eq(db_artifact_store(db, file, hex, (int64_t)n, 1, &id,
	    &err), DP_EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(err.msg, "changed while"));
	db_rollback(db);
	/* Bigger than it was when hashed. */
	test_sha256_hex(p, n, hex);
	ck_assert_int_eq(db_begin(db, &err), 0);
	ck_assert_int_eq(db_artifact_store(db, file, hex, (int64_t)n - 1, 1,
	    &id, &err), DP_EX_DATAERR);
	db_rollback(db);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM artifacts"), 0);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM artifact_chunks"), 0);
	free(p);
}
END_TEST

START_TEST(test_walk_faults)
{
	size_t n = 3 * DB_ARTIFACT_CHUNK + 10;
	unsigned char *p = pattern(n);
	char hex[SHA256_HEXLEN], sql[256];
	int64_t id = store(p, n);
	struct walk w;

	test_sha256_hex(p, n, hex);
	/* Whether a record refers to it is verify_columns.c's check. */
	refer(id);
	walk(&w);
	ck_assert_int_eq(w.n, 1);
	ck_assert_str_eq(w.last.actual, hex);
	ck_assert_int_eq(w.last.actual_size, (int64_t)n);
	ck_assert_str_eq(w.fault, "");

	/* Renumbered: the same bytes, in the same order, with a gap. */
	snprintf(sql, sizeof(sql), "UPDATE artifact_chunks SET n = n + 1 "
	    "WHERE artifact_id = %lld AND n = 3", (long long)id);
	raw_exec(sql);
	walk(&w);
	ck_assert_str_eq(w.last.actual, hex);
	ck_assert_str_eq(w.fault, "chunk 3 of its content is missing");
	snprintf(sql, sizeof(sql), "UPDATE artifact_chunks SET n = 3 "
	    "WHERE artifact_id = %lld AND n = 4", (long long)id);
	raw_exec(sql);

	/* An empty chunk at the end changes no byte. */
	snprintf(sql, sizeof(sql), "PRAGMA ignore_check_constraints = ON; "
	    "INSERT INTO artifact_chunks (artifact_id, n, data) VALUES "
	    "(%lld, 4, X''); PRAGMA ignore_check_constraints = OFF",
	    (long long)id);
	raw_exec(sql);
	walk(&w);
	ck_assert_str_eq(w.last.actual, hex);
	ck_assert_str_eq(w.fault, "chunk 4 of its content is empty");
	raw_exec("DELETE FROM artifact_chunks WHERE n = 4");

	/* The same chunk number twice (the table rebuilt without its index). */
	raw_exec("CREATE TABLE c2 AS SELECT * FROM artifact_chunks; "
	    "DROP TABLE artifact_chunks; CREATE TABLE artifact_chunks "
	    "(id INTEGER PRIMARY KEY, artifact_id INTEGER, n INTEGER, "
	    "data BLOB); INSERT INTO artifact_chunks SELECT * FROM c2; "
	    "DROP TABLE c2");
	snprintf(sql, sizeof(sql), "INSERT INTO artifact_chunks (artifact_id, "
	    "n, data) VALUES (%lld, 1, X'00')", (long long)id);
	raw_exec(sql);
	walk(&w);
	ck_assert_str_eq(w.fault, "chunk 1 of its content is stored twice");
	raw_exec("DELETE FROM artifact_chunks WHERE data = X'00'");

	/* Chunks whose file row is gone. */
	raw_exec("INSERT INTO artifact_chunks (artifact_id, n, data) VALUES "
	    "(99, 0, X'01')");
	walk(&w);
	ck_assert_int_eq(w.n, 2);
	ck_assert_int_eq(w.last.id, 99);
	ck_assert_ptr_nonnull(strstr(w.fault, "chunks of its content"));
	free(p);
}
END_TEST

Suite *
artifact_suite(void)
{
	Suite *s = suite_create("artifact");
	TCase *tc = tcase_create("chunks");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_chunk_boundaries, 0, 6);
	tcase_add_test(tc, test_any_chunk_size_read);
	tcase_add_test(tc, test_changed_file_leaves_nothing);
	tcase_add_test(tc, test_walk_faults);
	suite_add_tcase(s, tc);
	return s;
}
