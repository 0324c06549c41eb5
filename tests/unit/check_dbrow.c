/*
 * check_dbrow.c - the checked column reads of db_internal.h: each accessor
 * takes only the storage class depeer writes, text by its stored length,
 * and the first failure names the row and the column; and the readers
 * built on them refuse a malformed row instead of crashing; and migration
 * 0010 keeps every row while it makes the tables STRICT.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "audit_entry.h"
#include "buf.h"
#include "db_internal.h"
#include "testutil.h"

/* A statement on one row of values; the caller finalizes it. */
static sqlite3_stmt *
one_row(struct db *db, const char *sql)
{
	struct dp_err err = DP_ERR_INIT;
	sqlite3_stmt *st = db_prepare(db, sql, &err);

	ck_assert_msg(st != NULL, "%s", err.msg);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	return st;
}

START_TEST(test_int_takes_only_integers)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;
	sqlite3_stmt *st = one_row(db, "SELECT 12 AS id, '1x' AS provider_id");
	struct db_row r;

	db_row_start(&r, st, "evidence", &err);
	ck_assert_int_eq(db_row_id(&r, 0), 12);
	ck_assert_int_eq(db_row_end(&r), 0);
	ck_assert_int_eq(db_row_int(&r, 1), 0);
	ck_assert_int_eq(db_row_end(&r), DP_EX_DATAERR);
	ck_assert_int_eq(err.code, DP_EX_DATAERR);
	ck_assert_str_eq(err.msg, "case database damaged or altered: "
	    "evidence 12: provider_id holds text; run 'depeer verify'");
	sqlite3_finalize(st);
	db_close(db);
}
END_TEST

START_TEST(test_each_class_refused)
{
	static const struct {
		const char	*sql;
		const char	*says;
	} cases[] = {
		{ "SELECT 1, 1226438580.5 AS t", "t holds a real" },
		{ "SELECT 1, '2008-11-11' AS t", "t holds text" },
		{ "SELECT 1, x'01' AS t", "t holds a blob" },
		{ "SELECT 1, NULL AS t", "t is NULL" },
		/* '12' is text too: never coerced, even to the same number */
		{ "SELECT 1, '12' AS t", "t holds text" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct db *db = test_db();
		struct dp_err err = DP_ERR_INIT;
		sqlite3_stmt *st = one_row(db, cases[i].sql);
		struct db_row r;

		db_row_start(&r, st, "row", &err);
		db_row_id(&r, 0);
		ck_assert_int_eq(db_row_int(&r, 1), 0);
		ck_assert_int_eq(db_row_end(&r), DP_EX_DATAERR);
		ck_assert_msg(strstr(err.msg, cases[i].says) != NULL,
		    "%s: %s", cases[i].sql, err.msg);
		sqlite3_finalize(st);
		db_close(db);
	}
}
END_TEST

START_TEST(test_int_opt_and_range)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;
	sqlite3_stmt *st = one_row(db, "SELECT NULL, 7, 4294967296 AS asn");
	struct db_row r;
	int64_t v = 99;

	db_row_start(&r, st, "upstream link", &err);
	ck_assert_int_eq(db_row_int_opt(&r, 0, &v), 0);
	ck_assert_int_eq(v, 0);
	ck_assert_int_eq(db_row_int_opt(&r, 1, &v), 1);
	ck_assert_int_eq(v, 7);
	ck_assert_int_eq(db_row_int_range(&r, 1, 1, 10), 7);
	ck_assert_int_eq(db_row_end(&r), 0);
	ck_assert_int_eq(db_row_int_range(&r, 2, 1, UINT32_MAX), 0);
	ck_assert_int_eq(db_row_end(&r), DP_EX_DATAERR);
	ck_assert_msg(strstr(err.msg, "asn holds 4294967296, out of range") !=
	    NULL, "%s", err.msg);
	sqlite3_finalize(st);
	db_close(db);
}
END_TEST

START_TEST(test_text_by_stored_length)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;
	sqlite3_stmt *st = one_row(db, "SELECT 'abc', NULL, "
	    "'last' || char(0) || 'hidden' AS note");
	struct db_row r;
	size_t n = 99;
	char *s;

	db_row_start(&r, st, "evidence", &err);
	ck_assert_str_eq(db_row_text(&r, 0, &n), "abc");
	ck_assert_uint_eq(n, 3);
	ck_assert_ptr_null(db_row_text_opt(&r, 1, &n));
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_null(db_row_strdup_opt(&r, 1));
	s = db_row_strdup(&r, 0);
	ck_assert_str_eq(s, "abc");
	free(s);
	ck_assert_int_eq(db_row_end(&r), 0);
	/* The bytes after the NUL are not silently cut off. */
	ck_assert_str_eq(db_row_text(&r, 2, &n), "");
	ck_assert_int_eq(db_row_end(&r), DP_EX_DATAERR);
	ck_assert_msg(strstr(err.msg, "note holds text with an embedded NUL")
	    != NULL, "%s", err.msg);
	sqlite3_finalize(st);
	db_close(db);
}
END_TEST

START_TEST(test_text_refuses_other_classes)
{
	static const char *const sql[] = {
		"SELECT CAST('abc' AS BLOB) AS name",
		"SELECT 5 AS name",
		"SELECT 1.5 AS name",
		"SELECT NULL AS name",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sql); i++) {
		struct db *db = test_db();
		struct dp_err err = DP_ERR_INIT;
		sqlite3_stmt *st = one_row(db, sql[i]);
		struct db_row r;
		char *s;

		db_row_start(&r, st, "provider", &err);
		s = db_row_strdup(&r, 0);
		ck_assert_str_eq(s, "");
		free(s);
		ck_assert_int_eq(db_row_end(&r), DP_EX_DATAERR);
		ck_assert_msg(strstr(err.msg, "provider: name ") != NULL,
		    "%s: %s", sql[i], err.msg);
		sqlite3_finalize(st);
		db_close(db);
	}
}
END_TEST

START_TEST(test_blob_and_real)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;
	sqlite3_stmt *st = one_row(db, "SELECT x'0102', 0.5, "
	    "x'010203' AS row_hash");
	struct db_row r;
	unsigned char two[2];
	size_t n;
	const unsigned char *b;

	db_row_start(&r, st, "evidence", &err);
	b = db_row_blob(&r, 0, &n);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(b[1], 2);
	db_row_blob_n(&r, 0, two, sizeof(two));
	ck_assert_int_eq(two[0], 1);
	ck_assert(db_row_real(&r, 1) == 0.5);
	ck_assert_int_eq(db_row_end(&r), 0);
	/* A real column holding an integer is not a real. */
	ck_assert(db_row_real(&r, 0) == 0);
	ck_assert_int_eq(db_row_end(&r), DP_EX_DATAERR);
	sqlite3_finalize(st);

	memset(&err, 0, sizeof(err));
	st = one_row(db, "SELECT x'010203' AS row_hash");
	db_row_start(&r, st, "evidence", &err);
	db_row_blob_n(&r, 0, two, sizeof(two));
	ck_assert_int_eq(db_row_end(&r), DP_EX_DATAERR);
	ck_assert_msg(strstr(err.msg, "row_hash holds 3 bytes, not 2") !=
	    NULL, "%s", err.msg);
	sqlite3_finalize(st);
	db_close(db);
}
END_TEST

START_TEST(test_blob_opt)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;
	sqlite3_stmt *st = one_row(db, "SELECT NULL, x'', x'0102', "
	    "'x' AS net_first");
	struct db_row r;
	const void *p = "";
	size_t n = 9;

	db_row_start(&r, st, "network", &err);
	ck_assert_int_eq(db_row_blob_opt(&r, 0, &p, &n), 0);
	ck_assert_ptr_null(p);
	ck_assert_uint_eq(n, 0);
	/* A zero-length blob is there, unlike NULL. */
	ck_assert_int_eq(db_row_blob_opt(&r, 1, &p, &n), 1);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(db_row_blob_opt(&r, 2, &p, &n), 1);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(((const unsigned char *)p)[1], 2);
	ck_assert_int_eq(db_row_end(&r), 0);
	ck_assert_int_eq(db_row_blob_opt(&r, 3, &p, &n), 0);
	ck_assert_int_eq(db_row_end(&r), DP_EX_DATAERR);
	ck_assert_msg(strstr(err.msg, "net_first holds text") != NULL, "%s",
	    err.msg);
	sqlite3_finalize(st);
	db_close(db);
}
END_TEST

START_TEST(test_first_failure_kept)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;
	sqlite3_stmt *st = one_row(db, "SELECT 'x' AS a, 'y' AS b, 3 AS c");
	struct db_row r;

	db_row_start(&r, st, "row", &err);
	db_row_int(&r, 0);
	db_row_int(&r, 1);
	/* later good reads give nothing once the row failed */
	ck_assert_int_eq(db_row_int(&r, 2), 0);
	db_row_bad(&r, "something else");
	ck_assert_int_eq(db_row_end(&r), DP_EX_DATAERR);
	ck_assert_msg(strstr(err.msg, "row: a holds text") != NULL, "%s",
	    err.msg);
	sqlite3_finalize(st);

	memset(&err, 0, sizeof(err));
	st = one_row(db, "SELECT 4");
	db_row_start(&r, st, "provider network", &err);
	db_row_id(&r, 0);
	db_row_bad(&r, "holds neither %s", "an AS number nor a prefix");
	ck_assert_int_eq(db_row_end(&r), DP_EX_DATAERR);
	ck_assert_str_eq(err.msg, "case database damaged or altered: "
	    "provider network 4: holds neither an AS number nor a prefix; "
	    "run 'depeer verify'");
	sqlite3_finalize(st);
	db_close(db);
}
END_TEST

/* The readers built on the accessors: a clear error, never a crash. */
START_TEST(test_network_without_as_or_prefix_refused)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;
	struct provider *v = NULL;
	struct provider p = PROVIDER_INIT;
	size_t n = 0;

	test_provider(db, "McColo");
	ck_assert_int_eq(db_exec(db, "PRAGMA ignore_check_constraints = 1; "
	    "UPDATE provider_networks SET asn = NULL; "
	    "PRAGMA ignore_check_constraints = 0", &err), 0);
	ck_assert_int_eq(db_provider_list(db, &v, &n, &err), DP_EX_DATAERR);
	ck_assert_msg(strstr(err.msg, "neither an AS number nor a prefix") !=
	    NULL, "%s", err.msg);
	ck_assert_int_eq(db_provider_find(db, "McColo", &p, &err),
	    DP_EX_DATAERR);
	db_close(db);
}
END_TEST

static int
count_entry(const struct audit_entry *e, void *arg)
{
	(void)e;
	(*(int *)arg)++;
	return 0;
}

START_TEST(test_hidden_payload_refused)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;
	int n = 0;

	test_provider(db, "McColo");
	ck_assert_int_eq(db_audit_iter(db, 0, count_entry, &n, &err), 0);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(db_exec(db, "UPDATE audit_log SET payload = "
	    "payload || char(0) || 'more'", &err), 0);
	ck_assert_int_eq(db_audit_iter(db, 0, count_entry, &n, &err),
	    DP_EX_DATAERR);
	ck_assert_int_eq(n, 1);
	ck_assert_msg(strstr(err.msg, "audit entry 1: payload holds text "
	    "with an embedded NUL") != NULL, "%s", err.msg);
	db_close(db);
}
END_TEST

/* ---- migration 0010: the same rows in STRICT tables ---- */

static const char *const all_tables[] = {
	"providers", "provider_networks", "audit_log", "evidence",
	"artifacts", "evidence_files", "settings", "sources", "upstreams",
	"upstream_evidence", "source_ranges", "evidence_retractions",
	"provider_retirements",
};

/* Every row of table in order, each value with its storage class. */
static char *
dump_table(sqlite3 *h, const char *table)
{
	struct buf b = BUF_INIT;
	sqlite3_stmt *st;
	char *sql = xasprintf("SELECT * FROM %s ORDER BY 1, 2", table);
	int i, n;

	ck_assert_int_eq(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	free(sql);
	while (sqlite3_step(st) == SQLITE_ROW) {
		n = sqlite3_column_count(st);
		for (i = 0; i < n; i++) {
			int type = sqlite3_column_type(st, i);
			const void *v = sqlite3_column_blob(st, i);

			const unsigned char *p = v;
			int j, len = sqlite3_column_bytes(st, i);

			/* in hex: the bytes of a blob may be zeros */
			buf_addf(&b, "%d:%d:", type, len);
			for (j = 0; j < len; j++)
				buf_addf(&b, "%02x", p[j]);
			buf_adds(&b, "|");
		}
		buf_adds(&b, "\n");
	}
	sqlite3_finalize(st);
	sql = xstrdup(b.s);
	buf_release(&b);
	return sql;
}

static void
exec_ok(struct db *db, const char *sql)
{
	struct dp_err err = DP_ERR_INIT;

	ck_assert_msg(db_exec(db, sql, &err) == 0, "%s: %s", sql, err.msg);
}

START_TEST(test_strict_migration_keeps_rows)
{
	struct db *db = xcalloc(1, sizeof(*db));
	struct dp_err err = DP_ERR_INIT;
	char *before[ARRAY_SIZE(all_tables)], *after;
	int64_t n;
	size_t i;

	db->path = xstrdup(":memory:");
	ck_assert_int_eq(sqlite3_open(":memory:", &db->h), SQLITE_OK);
	ck_assert_int_eq(db_sql_functions(db->h), SQLITE_OK);
	exec_ok(db, "PRAGMA foreign_keys = ON");
	ck_assert_int_eq(db_migrate(db, db_migrations, 9, &err), 0);
	/* A row in every table, as depeer 9 wrote them. */
	exec_ok(db, "BEGIN;"
	    "INSERT INTO providers VALUES (1, 'McColo', 'US', NULL, 'n', 1, 2),"
	    " (2, 'Atrivo', NULL, 'http://a.example/', NULL, 3, 3);"
	    "INSERT INTO audit_log VALUES (1, 5, 'x', 'y', '{}',"
	    " printf('%064d', 0), printf('%064d', 1));"
	    "INSERT INTO provider_networks VALUES (1, 1, 26780, NULL, NULL,"
	    " NULL, NULL, 1), (2, 1, NULL, '208.66.192.0/22', 4,"
	    " zeroblob(17), zeroblob(17), 1);"
	    "INSERT INTO evidence VALUES (1, 1, 'c2', '208.66.194.22', 'ipv4',"
	    " 1226438580, 'Srizbi', NULL, 'note', 6, 1, zeroblob(32)),"
	    " (2, 2, 'scan', 'x.example', 'domain', NULL, NULL, 's', NULL, 7,"
	    " 1, zeroblob(32));"
	    "INSERT INTO artifacts VALUES (1, printf('%064d', 2), 3, x'010203',"
	    " 8);"
	    "INSERT INTO evidence_files VALUES (1, 1, 1, 'cap.pcap');"
	    "INSERT INTO settings VALUES ('k', 'v');"
	    "INSERT INTO sources VALUES (1, 'whois', 'whois.arin.net:43',"
	    " 'n + 208.66.194.22', 9, NULL, x'00ff', 2, printf('%064d', 3), 1),"
	    " (2, 'rdap', 'rdap.arin.net', 'https://r/ip/1', 10, 200, x'7b7d',"
	    " 2, printf('%064d', 4), 1);"
	    "INSERT INTO source_ranges VALUES ('whois', 'whois.arin.net:43',"
	    " zeroblob(17), zeroblob(17), 1);"
	    "INSERT INTO upstreams VALUES (1, 26780, 3549, 'GBLX', 0.75, 11, 12,"
	    " 1), (2, 26780, 6939, NULL, 1.0, 11, 12, NULL);"
	    "INSERT INTO upstream_evidence VALUES (1, 1, 'cymru', 'd', 12, 1);"
	    "INSERT INTO evidence_retractions VALUES (2, 'wrong', 13, 1);"
	    "INSERT INTO provider_retirements VALUES (2, 14, 'gone', NULL);"
	    "COMMIT");
	for (i = 0; i < ARRAY_SIZE(all_tables); i++)
		before[i] = dump_table(db->h, all_tables[i]);
	/* To 10 only: 0011 then moves artifacts' content into chunks. */
	ck_assert_msg(db_migrate(db, db_migrations, 10, &err) == 0, "%s",
	    err.msg);
	ck_assert_int_eq(db_schema_version(db), 10);
	for (i = 0; i < ARRAY_SIZE(all_tables); i++) {
		after = dump_table(db->h, all_tables[i]);
		ck_assert_msg(strcmp(before[i], after) == 0, "%s changed:\n%s\n"
		    "now:\n%s", all_tables[i], before[i], after);
		free(before[i]);
		free(after);
	}
	/* Every table but artifacts STRICT; the rest of each definition kept. */
	ck_assert_int_eq(db_query_int64(db, "SELECT count(*) FROM "
	    "sqlite_schema WHERE type = 'table' AND name <> 'artifacts' AND "
	    "sql NOT LIKE '%) STRICT' AND sql NOT LIKE '%) STRICT, WITHOUT "
	    "ROWID'", &n, "schema", &err), 0);
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(db_query_int64(db, "SELECT count(*) FROM "
	    "sqlite_schema WHERE sql LIKE '%WITHOUT ROWID'", &n, "schema",
	    &err), 0);
	ck_assert_int_eq(n, 4);
	ck_assert_int_eq(db_query_int64(db, "SELECT count(*) FROM "
	    "sqlite_schema WHERE sql LIKE '%REFERENCES \"audit_log\"(seq)%"
	    "DEFERRABLE INITIALLY DEFERRED%'", &n, "schema", &err), 0);
	ck_assert_int_eq(n, 3);
	ck_assert_int_eq(db_query_int64(db, "SELECT count(*) FROM "
	    "sqlite_schema WHERE sql LIKE '%_0010%'", &n, "schema", &err), 0);
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(db_query_int64(db, "SELECT count(*) FROM "
	    "sqlite_schema WHERE type = 'index' AND sql LIKE '%WHERE %'", &n,
	    "schema", &err), 0);
	ck_assert_int_eq(n, 5);
	ck_assert_int_eq(db_query_int64(db, "SELECT count(*) FROM "
	    "pragma_foreign_key_check", &n, "fk", &err), 0);
	ck_assert_int_eq(n, 0);
	/* COLLATE NOCASE UNIQUE, and STRICT, still hold. */
	ck_assert_int_eq(db_exec(db, "INSERT INTO providers (name, "
	    "created_at, updated_at) VALUES ('MCCOLO', 1, 1)", &err),
	    DP_EX_DATAERR);
	ck_assert_int_eq(db_exec(db, "UPDATE evidence SET provider_id = '1x'",
	    &err), DP_EX_DATAERR);
	db_close(db);
}
END_TEST

Suite *
dbrow_suite(void)
{
	Suite *s = suite_create("dbrow");
	TCase *tc = tcase_create("accessors");

	tcase_add_test(tc, test_int_takes_only_integers);
	tcase_add_test(tc, test_each_class_refused);
	tcase_add_test(tc, test_int_opt_and_range);
	tcase_add_test(tc, test_text_by_stored_length);
	tcase_add_test(tc, test_text_refuses_other_classes);
	tcase_add_test(tc, test_blob_and_real);
	tcase_add_test(tc, test_blob_opt);
	tcase_add_test(tc, test_first_failure_kept);
	suite_add_tcase(s, tc);
	tc = tcase_create("readers");
	tcase_add_test(tc, test_network_without_as_or_prefix_refused);
	tcase_add_test(tc, test_hidden_payload_refused);
	suite_add_tcase(s, tc);
	tc = tcase_create("migration");
	tcase_add_test(tc, test_strict_migration_keeps_rows);
	suite_add_tcase(s, tc);
	return s;
}
