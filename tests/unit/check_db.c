/*
 * check_db.c - opening databases, the migration runner and nested
 * transactions.
 */
#include <check.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

static const struct migration two[] = {
	{ 1, "0001-a.sql", "CREATE TABLE a (x INTEGER);" },
	{ 2, "0002-b.sql", "ALTER TABLE a ADD COLUMN y TEXT; "
	    "CREATE TABLE b (z);" },
};

static const struct migration three_bad[] = {
	{ 1, "0001-a.sql", "CREATE TABLE a (x INTEGER);" },
	{ 2, "0002-b.sql", "ALTER TABLE a ADD COLUMN y TEXT; "
	    "CREATE TABLE b (z);" },
	{ 3, "0003-c.sql", "CREATE TABLE c (q); INSERT INTO nowhere "
	    "VALUES (1);" },
};

START_TEST(test_open_memory_is_current)
{
	struct db *db = test_db();

	ck_assert_int_eq(db_schema_version(db), (int)db_nmigrations);
	ck_assert_int_eq(db_count(db, "providers"), 0);
	ck_assert_int_eq(db_count(db, "audit_log"), 0);
	db_close(db);
}
END_TEST

START_TEST(test_migrate_in_order_and_idempotent)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;

	/* A private schema in a separate database file image. */
	ck_assert_int_eq(db_exec(db, "PRAGMA user_version = 0", &err), 0);
	ck_assert_int_eq(db_migrate(db, two, 1, &err), 0);
	ck_assert_int_eq(db_schema_version(db), 1);
	ck_assert_int_eq(db_migrate(db, two, 2, &err), 0);
	ck_assert_int_eq(db_schema_version(db), 2);
	ck_assert_int_eq(db_exec(db, "INSERT INTO a (x, y) VALUES (1, 'y')",
	    &err), 0);
	/* Again: nothing to do, nothing re-run. */
	ck_assert_int_eq(db_migrate(db, two, 2, &err), 0);
	ck_assert_int_eq(db_schema_version(db), 2);
	db_close(db);
}
END_TEST

START_TEST(test_failed_migration_rolls_back)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;

	ck_assert_int_eq(db_exec(db, "PRAGMA user_version = 0", &err), 0);
	ck_assert_int_eq(db_migrate(db, two, 1, &err), 0);
	ck_assert_int_ne(db_migrate(db, three_bad, 3, &err), 0);
	ck_assert_ptr_nonnull(strstr(err.msg, "0003-c.sql"));
	/* Neither 2 nor 3 took effect. */
	ck_assert_int_eq(db_schema_version(db), 1);
	ck_assert_int_ne(db_exec(db, "SELECT z FROM b", NULL), 0);
	ck_assert_int_ne(db_exec(db, "SELECT q FROM c", NULL), 0);
	ck_assert_int_ne(db_exec(db, "SELECT y FROM a", NULL), 0);
	db_close(db);
}
END_TEST

START_TEST(test_newer_schema_refused)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;

	ck_assert_int_eq(db_exec(db, "PRAGMA user_version = 99", &err), 0);
	ck_assert_int_eq(db_migrate(db, db_migrations, db_nmigrations, &err),
	    DP_EX_CONFIG);
	ck_assert_ptr_nonnull(strstr(err.msg, "newer"));
	db_close(db);
}
END_TEST

START_TEST(test_file_created_private)
{
	char dir[] = "/tmp/depeer-check-XXXXXX", path[256];
	struct db *db = NULL;
	struct dp_err err = DP_ERR_INIT;
	struct stat sb;
	int created = -1;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/case.db", dir);
	ck_assert_int_eq(db_open(path, 0, &db, NULL, &err), DP_EX_NOINPUT);
	ck_assert_int_eq(db_open(path, 1, &db, &created, &err), 0);
	ck_assert_int_eq(created, 1);
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0600);
	db_close(db);
	ck_assert_int_eq(db_open(path, 1, &db, &created, &err), 0);
	ck_assert_int_eq(created, 0);
	ck_assert_int_eq(db_schema_version(db), (int)db_nmigrations);
	db_close(db);
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(path), 0);
}
END_TEST

START_TEST(test_not_a_database)
{
	char path[] = "/tmp/depeer-check-XXXXXX";
	struct db *db = NULL;
	struct dp_err err = DP_ERR_INIT;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "this is not sqlite, just some text.....",
	    39), 39);
	close(fd);
	ck_assert_int_eq(db_open(path, 1, &db, NULL, &err), DP_EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(err.msg, "not a database"));
	unlink(path);
}
END_TEST

/* Regression: depeer once added its schema to any SQLite file. */
START_TEST(test_foreign_database_refused)
{
	char dir[] = "/tmp/depeer-check-XXXXXX", path[256], cmd[512];
	struct db *db = NULL;
	struct dp_err err = DP_ERR_INIT;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/other.db", dir);
	ck_assert_int_eq(db_open(path, 1, &db, NULL, &err), 0);
	ck_assert_int_eq(db_exec(db, "PRAGMA application_id = 7", &err), 0);
	db_close(db);
	db = NULL;
	ck_assert_int_eq(db_open(path, 0, &db, NULL, &err), DP_EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(err.msg, "not a depeer case database"));
	ck_assert_ptr_null(db);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

START_TEST(test_rollback_leaves_nothing)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;
	struct provider p = PROVIDER_INIT;

	p.name = xstrdup("McColo");
	p.created_at = 1;
	ck_assert_int_eq(db_begin(db, &err), 0);
	ck_assert_int_eq(db_provider_add(db, &p, &err), 0);
	db_rollback(db);
	ck_assert_int_eq(db_count(db, "providers"), 0);
	provider_release(&p);
	db_close(db);
}
END_TEST

START_TEST(test_duplicate_provider_name)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;
	struct provider p = PROVIDER_INIT;

	test_provider(db, "McColo");
	p.name = xstrdup("mccolo");
	ck_assert_int_eq(db_begin(db, &err), 0);
	ck_assert_int_eq(db_provider_add(db, &p, &err), DP_EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(err.msg, "exists already"));
	db_rollback(db);
	provider_release(&p);
	ck_assert_int_eq(db_provider_find(db, "MCCOLO", &p, &err), 0);
	ck_assert_str_eq(p.name, "McColo");
	ck_assert_uint_eq(p.nasns, 1);
	ck_assert_uint_eq(p.asns[0], 26780);
	provider_release(&p);
	ck_assert_int_eq(db_provider_find(db, "1", &p, &err), 0);
	provider_release(&p);
	ck_assert_int_eq(db_provider_find(db, "2", &p, &err), DP_EX_NOINPUT);
	ck_assert_int_eq(db_provider_find(db, "Intercage", &p, &err),
	    DP_EX_NOINPUT);
	db_close(db);
}
END_TEST

/* ---- nested transactions ---- */

static void
add_named(struct db *db, const char *name)
{
	struct dp_err err = DP_ERR_INIT;
	char sql[256];

	snprintf(sql, sizeof(sql), "INSERT INTO providers (name, created_at, "
	    "updated_at) VALUES ('%s', 0, 0)", name);
	ck_assert_msg(db_exec(db, sql, &err) == 0, "%s", err.msg);
}

static int64_t
count_named(struct db *db, const char *name)
{
	struct dp_err err = DP_ERR_INIT;
	struct provider p = PROVIDER_INIT;
	int rc = db_provider_find(db, name, &p, &err);

	provider_release(&p);
	ck_assert(rc == 0 || rc == DP_EX_NOINPUT);
	return rc == 0;
}

START_TEST(test_nested_commit)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;

	ck_assert_int_eq(db_begin(db, &err), 0);
	add_named(db, "Outer");
	ck_assert_int_eq(db_begin(db, &err), 0);
	ck_assert_int_eq(db_in_transaction(db), 2);
	add_named(db, "Inner");
	ck_assert_int_eq(db_commit(db, &err), 0);
	ck_assert_int_eq(db_in_transaction(db), 1);
	ck_assert_int_eq(db_commit(db, &err), 0);
	ck_assert_int_eq(db_in_transaction(db), 0);
	ck_assert_int_eq(db_count(db, "providers"), 2);
	db_close(db);
}
END_TEST

START_TEST(test_inner_rollback_keeps_outer)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;

	ck_assert_int_eq(db_begin(db, &err), 0);
	add_named(db, "Outer");
	ck_assert_int_eq(db_begin(db, &err), 0);
	add_named(db, "Inner");
	db_rollback(db);
	ck_assert_int_eq(db_in_transaction(db), 1);
	/* The level is gone, not only its work: a third one nests again. */
	ck_assert_int_eq(db_begin(db, &err), 0);
	add_named(db, "Again");
	ck_assert_int_eq(db_commit(db, &err), 0);
	add_named(db, "After");
	ck_assert_int_eq(db_commit(db, &err), 0);
	ck_assert_int_eq(db_in_transaction(db), 0);
	ck_assert(count_named(db, "Outer"));
	ck_assert(!count_named(db, "Inner"));
	ck_assert(count_named(db, "Again"));
	ck_assert(count_named(db, "After"));
	db_close(db);
}
END_TEST

START_TEST(test_outer_rollback_discards_inner)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;

	ck_assert_int_eq(db_begin(db, &err), 0);
	add_named(db, "Outer");
	ck_assert_int_eq(db_begin(db, &err), 0);
	add_named(db, "Inner");
	ck_assert_int_eq(db_begin(db, &err), 0);
	add_named(db, "Innermost");
	ck_assert_int_eq(db_commit(db, &err), 0);
	ck_assert_int_eq(db_commit(db, &err), 0);
	db_rollback(db);
	ck_assert_int_eq(db_in_transaction(db), 0);
	ck_assert_int_eq(db_count(db, "providers"), 0);
	/* No transaction open: rollback is a no-op, a new one works. */
	db_rollback(db);
	ck_assert_int_eq(db_begin(db, &err), 0);
	add_named(db, "Later");
	ck_assert_int_eq(db_commit(db, &err), 0);
	ck_assert_int_eq(db_count(db, "providers"), 1);
	db_close(db);
}
END_TEST

/*
 * A write that fails inside a caller's transaction (a duplicate name)
 * leaves its level to roll back; the caller rolls back too, and the
 * database is as it was, the audit log included.
 */
START_TEST(test_failure_inside_leaves_db_unchanged)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;
	int64_t seq;

	test_provider(db, "McColo");
	ck_assert_int_eq(db_begin(db, &err), 0);
	add_named(db, "Atrivo");
	ck_assert_int_eq(db_audit_append(db, 1, "x", "y", "{}", &seq, &err),
	    0);
	ck_assert_int_eq(db_begin(db, &err), 0);
	add_named(db, "Intercage");
	ck_assert_int_eq(db_exec(db, "INSERT INTO providers (name, "
	    "created_at, updated_at) VALUES ('mccolo', 0, 0)", &err),
	    DP_EX_DATAERR);
	db_rollback(db);
	ck_assert(!count_named(db, "Intercage"));
	ck_assert(count_named(db, "Atrivo"));
	db_rollback(db);
	ck_assert_int_eq(db_count(db, "providers"), 1);
	ck_assert_int_eq(db_count(db, "audit_log"), 1);
	ck_assert(!count_named(db, "Atrivo"));
	db_close(db);
}
END_TEST

/*
 * When the transaction ends under the open levels (as SQLite ends it
 * after some I/O errors; here a ROLLBACK behind their back), writes made
 * afterwards run in autocommit mode: no level may then commit as if the
 * transaction had held, nor a new level open; each rolls back.
 */
START_TEST(test_ended_transaction_cannot_commit)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;

	ck_assert_int_eq(db_begin(db, &err), 0);
	ck_assert_int_eq(db_begin(db, &err), 0);
	add_named(db, "Inner");
	ck_assert_int_eq(db_exec(db, "ROLLBACK", &err), 0);
	ck_assert_int_eq(db_begin(db, &err), DP_EX_SOFTWARE);
	ck_assert_int_eq(db_commit(db, &err), DP_EX_SOFTWARE);
	ck_assert_ptr_nonnull(strstr(err.msg, "rolled back"));
	ck_assert_int_eq(db_in_transaction(db), 1);
	ck_assert_int_eq(db_commit(db, &err), DP_EX_SOFTWARE);
	ck_assert_int_eq(db_in_transaction(db), 0);
	ck_assert_int_eq(db_count(db, "providers"), 0);
	/* Then all is as new. */
	ck_assert_int_eq(db_begin(db, &err), 0);
	add_named(db, "Later");
	ck_assert_int_eq(db_commit(db, &err), 0);
	ck_assert_int_eq(db_count(db, "providers"), 1);
	db_close(db);
}
END_TEST

/* Closing with levels open rolls every one of them back. */
START_TEST(test_close_rolls_back)
{
	char dir[] = "/tmp/depeer-check-XXXXXX", path[256];
	struct db *db = NULL;
	struct dp_err err = DP_ERR_INIT;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/case.db", dir);
	ck_assert_int_eq(db_open(path, 1, &db, NULL, &err), 0);
	ck_assert_int_eq(db_begin(db, &err), 0);
	add_named(db, "Outer");
	ck_assert_int_eq(db_begin(db, &err), 0);
	add_named(db, "Inner");
	db_close(db);
	ck_assert_int_eq(db_open(path, 0, &db, NULL, &err), 0);
	ck_assert_int_eq(db_count(db, "providers"), 0);
	db_close(db);
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(path), 0);
}
END_TEST

/* Depth errors are bugs: die (exit 70). */
START_TEST(test_commit_without_begin_dies)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;

	db_commit(db, &err);
}
END_TEST

START_TEST(test_commit_once_too_often_dies)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;

	ck_assert_int_eq(db_begin(db, &err), 0);
	ck_assert_int_eq(db_begin(db, &err), 0);
	ck_assert_int_eq(db_commit(db, &err), 0);
	ck_assert_int_eq(db_commit(db, &err), 0);
	db_commit(db, &err);
}
END_TEST

START_TEST(test_write_inside_read_dies)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;

	ck_assert_int_eq(db_begin_read(db, &err), 0);
	db_begin(db, &err);
}
END_TEST

START_TEST(test_read_inside_write_dies)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;

	ck_assert_int_eq(db_begin(db, &err), 0);
	db_begin_read(db, &err);
}
END_TEST

START_TEST(test_read_inside_read_nests)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;

	ck_assert_int_eq(db_begin_read(db, &err), 0);
	ck_assert_int_eq(db_begin_read(db, &err), 0);
	ck_assert_int_eq(db_in_transaction(db), 2);
	db_rollback(db);
	ck_assert_int_eq(db_in_transaction(db), 1);
	db_rollback(db);
	ck_assert_int_eq(db_in_transaction(db), 0);
	/* Both levels gone: a write transaction may begin. */
	ck_assert_int_eq(db_begin(db, &err), 0);
	db_rollback(db);
	db_close(db);
}
END_TEST

START_TEST(test_audit_outside_write_dies)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;

	ck_assert_int_eq(db_begin_read(db, &err), 0);
	db_audit_append(db, 1, "x", "y", "{}", NULL, &err);
}
END_TEST

Suite *
db_suite(void)
{
	Suite *s = suite_create("db");
	TCase *tc = tcase_create("migrations");

	tcase_add_test(tc, test_open_memory_is_current);
	tcase_add_test(tc, test_migrate_in_order_and_idempotent);
	tcase_add_test(tc, test_failed_migration_rolls_back);
	tcase_add_test(tc, test_newer_schema_refused);
	tcase_add_test(tc, test_file_created_private);
	tcase_add_test(tc, test_not_a_database);
	tcase_add_test(tc, test_foreign_database_refused);
	tcase_add_test(tc, test_rollback_leaves_nothing);
	tcase_add_test(tc, test_duplicate_provider_name);
	suite_add_tcase(s, tc);
	tc = tcase_create("transactions");
	tcase_add_test(tc, test_nested_commit);
	tcase_add_test(tc, test_inner_rollback_keeps_outer);
	tcase_add_test(tc, test_outer_rollback_discards_inner);
	tcase_add_test(tc, test_failure_inside_leaves_db_unchanged);
	tcase_add_test(tc, test_close_rolls_back);
	tcase_add_test(tc, test_ended_transaction_cannot_commit);
	tcase_add_exit_test(tc, test_commit_without_begin_dies,
	    DP_EX_SOFTWARE);
	tcase_add_exit_test(tc, test_commit_once_too_often_dies,
	    DP_EX_SOFTWARE);
	tcase_add_exit_test(tc, test_write_inside_read_dies, DP_EX_SOFTWARE);
	tcase_add_exit_test(tc, test_read_inside_write_dies, DP_EX_SOFTWARE);
	tcase_add_test(tc, test_read_inside_read_nests);
	tcase_add_exit_test(tc, test_audit_outside_write_dies,
	    DP_EX_SOFTWARE);
	suite_add_tcase(s, tc);
	return s;
}
