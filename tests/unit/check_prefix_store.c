/*
 * check_prefix_store.c - prefix_store.c: table names from file names, an
 * import's result and rows, the stored content (hashing to the entry's
 * content_sha256), the lookup file opened, rebuilt with a warning when
 * damaged or another table's, built privately for an in-memory
 * database, a failed import that leaves no row, entry or file, and
 * removal.
 */
#include <sys/socket.h>
#include <sys/stat.h>

#include <check.h>
#include <dirent.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "exitcodes.h"
#include "hash.h"
#include "prefix_store.h"

Suite	*prefix_store_suite(void);

static char dir[64], dbpath[128], warned[1024];

static void
warn_cb(void *arg, const char *msg)
{
	(void)arg;
	snprintf(warned + strlen(warned), sizeof(warned) - strlen(warned),
	    "%s|", msg);
}

static void
setup(void)
{
	strcpy(dir, "/tmp/check_prefix_store.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(dbpath, sizeof(dbpath), "%s/case.db", dir);
	warned[0] = '\0';
	prefix_store_set_warn(warn_cb, NULL);
}

static void
teardown(void)
{
	char cmd[128];

	prefix_store_set_warn(NULL, NULL);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static const char *
write_file(const char *name, const char *text)
{
	static char p[160];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	return p;
}

/* Rows of table in the database file (read beside the store's
   connection, as a reader would). */
static int64_t
count(struct db *db, const char *table)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	char sql[96];
	int64_t n = -1;

	(void)db;
	ck_assert_int_eq(sqlite3_open_v2(dbpath, &h, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", table);
	ck_assert_int_eq(sqlite3_prepare_v2(h, sql, -1, &st, NULL),
	    SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return n;
}

START_TEST(test_names)
{
	char *s;

	ck_assert(prefix_name_valid("ipasn_20140513"));
	ck_assert(prefix_name_valid("rv-2008.12"));
	ck_assert(!prefix_name_valid(""));
	ck_assert(!prefix_name_valid(".hidden"));
	ck_assert(!prefix_name_valid("a/b"));
	ck_assert(!prefix_name_valid("a b"));
	ck_assert(!prefix_name_valid("x123456789x123456789x123456789x123456789"
	    "x123456789x123456789x1234"));
	s = prefix_name_from_path("/x/ipasn_20140513.dat.gz");
	ck_assert_str_eq(s, "ipasn_20140513");
	free(s);
	s = prefix_name_from_path("rib.20140523.0600_firstMB.bz2");
	ck_assert_str_eq(s, "rib.20140523.0600_firstMB");
	free(s);
	s = prefix_name_from_path("routeviews-rv2-20140513-1200.pfx2as.gz");
	ck_assert_str_eq(s, "routeviews-rv2-20140513-1200");
	free(s);
	s = prefix_name_from_path("my table (v2).tsv");
	ck_assert_str_eq(s, "my_table__v2_");
	free(s);
	s = prefix_name_from_path("__x.dat");
	ck_assert_str_eq(s, "x");
	free(s);
	ck_assert_ptr_null(prefix_name_from_path("/x/--.gz"));
}
END_TEST

/* The listing handed over by prefix_store_content(), hashed. */
static int
hash_chunk(const char *data, size_t len, void *arg)
{
	sha256_update(arg, data, len);
	return 0;
}

START_TEST(test_import_open_rm)
{
	struct dp_err err = DP_ERR_INIT;
	struct prefix_import_req req;
	struct prefix_import_res res;
	struct prefix_table_info *v, info;
	struct db *db;
	struct ptab *t;
	struct ipnet a;
	const char *what;
	unsigned char d[SHA256_LEN];
	char hex[SHA256_HEXLEN], path[200];
	struct sha256 *h;
	size_t n;
	FILE *f;

	ck_assert_int_eq(db_open(dbpath, 1, &db, NULL, &err), 0);
	memset(&req, 0, sizeof(req));
	req.path = write_file("t_20081101.dat", "208.66.192.0/22\t26780\n"
	    "10.0.0.0/8\t1_2\n2001:db8::/32\t3\nbad line\n");
	ck_assert_msg(prefix_store_import(db, &req, &res, &err) == 0, "%s",
	    err.msg);
	ck_assert_str_eq(res.info.name, "t_20081101");
	ck_assert_int_eq(res.info.taken_at, 1225497600);
	ck_assert_str_eq(res.date_from, "file name");
	ck_assert_str_eq(res.compression, "none");
	ck_assert_uint_eq(res.info.prefixes4, 2);
	ck_assert_uint_eq(res.info.prefixes6, 1);
	ck_assert_uint_eq(res.info.multi_origin, 1);
	ck_assert_uint_eq(res.malformed, 1);
	ck_assert_uint_eq(res.nbad, 1);
	ck_assert_uint_eq(res.bad_line[0], 4);
	ck_assert_uint_eq(res.lines, 4);
	ck_assert_int_eq(res.seq, 1);
	snprintf(path, sizeof(path), "%s.tables/t_20081101.ptab", dbpath);
	ck_assert_str_eq(res.info.path, path);
	ck_assert_int_eq(access(path, R_OK), 0);
	prefix_import_res_release(&res);

	/* the stored content hashes to the claim */
	h = sha256_new();
	ck_assert_int_eq(prefix_store_content(db, "t_20081101", hash_chunk, h,
	    &err), 0);
	sha256_final(h, d);
	sha256_free(h);
	sha256_hex(d, hex);
	ck_assert_int_eq(prefix_store_get(db, "t_20081101", &info, &err), 0);
	ck_assert_str_eq(hex, info.content_sha256);
	prefix_table_info_free(&info, 1);

	/* open: no warning; a lookup answers */
	ck_assert_int_eq(prefix_store_open(db, "t_20081101", &t, &err), 0);
	ck_assert_str_eq(warned, "");
	ck_assert_ptr_null(ipnet_parse_addr("208.66.194.1", 12, &a, &what));
	ck_assert_uint_ne(ptab_lookup(t, &a), PTAB_NONE);
	ptab_close(t);

	/* damaged: rebuilt with a warning, then fine */
	f = fopen(path, "r+");
	ck_assert_ptr_nonnull(f);
	fseek(f, 600, SEEK_SET);
	fputc('x', f);
	fclose(f);
	ck_assert_int_eq(prefix_store_open(db, "t_20081101", &t, &err), 0);
	ck_assert_ptr_nonnull(strstr(warned, "checksum mismatch; rebuilding"));
	ck_assert_uint_ne(ptab_lookup(t, &a), PTAB_NONE);
	ptab_close(t);
	warned[0] = '\0';
	ck_assert_int_eq(prefix_store_open(db, "t_20081101", &t, &err), 0);
	ck_assert_str_eq(warned, "");
	ptab_close(t);

	/* a second table; the same name again is refused */
	memset(&req, 0, sizeof(req));
	req.path = write_file("u.dat", "10.0.0.0/8\t9\n");
	req.has_date = 1;
	req.taken_at = 1230768000;
	ck_assert_int_eq(prefix_store_import(db, &req, &res, &err), 0);
	prefix_import_res_release(&res);
	ck_assert_int_eq(prefix_store_import(db, &req, &res, &err),
	    DP_EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(err.msg, "named 'u' exists"));
	ck_assert_int_eq(prefix_store_list(db, &v, &n, &err), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(v[0].name, "t_20081101");
	ck_assert_str_eq(v[1].name, "u");
	prefix_table_info_free(v, n);
	free(v);

	/* rm: gone from the list, its file deleted, its row kept */
	ck_assert_int_eq(prefix_store_rm(db, "t_20081101", &info, &err), 0);
	prefix_table_info_free(&info, 1);
	ck_assert_int_eq(access(path, F_OK), -1);
	ck_assert_int_eq(prefix_store_list(db, &v, &n, &err), 0);
	ck_assert_uint_eq(n, 1);
	prefix_table_info_free(v, n);
	free(v);
	ck_assert_int_eq(count(db, "prefix_tables"), 2);
	ck_assert_int_eq(prefix_store_open(db, "t_20081101", &t, &err),
	    DP_EX_NOINPUT);
	ck_assert_int_eq(prefix_store_rm(db, "t_20081101", &info, &err),
	    DP_EX_NOINPUT);
	db_close(db);
}
END_TEST

START_TEST(test_failed_import)
{
	struct dp_err err = DP_ERR_INIT;
	struct prefix_import_req req;
	struct prefix_import_res res;
	struct db *db;
	char tables[200];
	DIR *dp;
	struct dirent *de;
	int files = 0;

	ck_assert_int_eq(db_open(dbpath, 1, &db, NULL, &err), 0);
	memset(&req, 0, sizeof(req));
	req.path = write_file("none_20081101.dat", "x\ty\n");
	req.format = PTAB_FMT_IPASN;
	ck_assert_int_eq(prefix_store_import(db, &req, &res, &err),
	    DP_EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(err.msg, "no prefix in it"));
	req.path = write_file("nodate.dat", "10.0.0.0/8\t1\n");
	ck_assert_int_eq(prefix_store_import(db, &req, &res, &err),
	    DP_EX_USAGE);
	ck_assert_ptr_nonnull(strstr(err.msg, "give --date"));
	req.path = "-";
	req.name = NULL;
	ck_assert_int_eq(prefix_store_import(db, &req, &res, &err),
	    DP_EX_USAGE);
	ck_assert_int_eq(count(db, "prefix_tables"), 0);
	ck_assert_int_eq(count(db, "prefix_table_chunks"), 0);
	ck_assert_int_eq(count(db, "audit_log"), 0);
	snprintf(tables, sizeof(tables), "%s.tables", dbpath);
	if ((dp = opendir(tables)) != NULL) {
		while ((de = readdir(dp)) != NULL)
			files += de->d_name[0] != '.' || strlen(de->d_name) > 2;
		closedir(dp);
	}
	ck_assert_int_eq(files, 0);
	db_close(db);
}
END_TEST

START_TEST(test_memory)
{
	struct dp_err err = DP_ERR_INIT;
	struct prefix_import_req req;
	struct prefix_import_res res;
	struct db *db;
	struct ptab *t;
	struct ipnet a;
	const char *what;

	ck_assert_int_eq(db_open(":memory:", 1, &db, NULL, &err), 0);
	memset(&req, 0, sizeof(req));
	req.path = write_file("m_20081101.dat", "10.0.0.0/8\t1\n");
	ck_assert_int_eq(prefix_store_import(db, &req, &res, &err), 0);
	ck_assert_str_eq(res.info.path, "");
	prefix_import_res_release(&res);
	ck_assert_int_eq(prefix_store_open(db, "m_20081101", &t, &err), 0);
	ck_assert_ptr_null(ipnet_parse_addr("10.2.3.4", 8, &a, &what));
	ck_assert_uint_eq(ptab_lookup(t, &a), 0);
	ck_assert_int_eq(ptab_taken_at(t), 1225497600);
	ptab_close(t);
	db_close(db);
}
END_TEST

Suite *
prefix_store_suite(void)
{
	Suite *s = suite_create("prefix_store");
	TCase *tc = tcase_create("prefix_store");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_import_open_rm);
	tcase_add_test(tc, test_failed_import);
	tcase_add_test(tc, test_memory);
	suite_add_tcase(s, tc);
	return s;
}
