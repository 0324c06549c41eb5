/*
 * check_dbmigrate.c - migration 0005-range-keys on a real schema-4 case
 * database (tests/fixtures/db/case-schema4.sql, written by depeer at
 * schema 4): the prefixes' 16-byte IPv4-mapped ranges become ipnet.h
 * range keys, the source ranges stay, and the store's queries still
 * find every row.  The raw SQLite handle is used only to build the old
 * file and to look at the bytes the migration wrote.
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <check.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include "ipnet.h"
#include "source.h"
#include "testutil.h"

Suite	*dbmigrate_suite(void);

static char dir[64], path[128];

/* A file database at schema 4 from the fixture, closed again. */
static void
make_old(void)
{
	sqlite3 *h;
	char *sql, *msg = NULL;

	snprintf(dir, sizeof(dir), "/tmp/depeer-check-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/case.db", dir);
	sql = test_fixture("db/case-schema4.sql", NULL);
	ck_assert_int_eq(sqlite3_open(path, &h), SQLITE_OK);
	ck_assert_msg(sqlite3_exec(h, sql, NULL, NULL, &msg) == SQLITE_OK,
	    "%s", msg);
	sqlite3_close(h);
	free(sql);
}

static void
rm_old(void)
{
	char cmd[160];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static struct ipnet
net(const char *s)
{
	struct ipnet n;
	struct ipnet_perr pe;
	const char *what;

	if (strchr(s, '/') != NULL)
		ck_assert_int_eq(ipnet_parse_cidr(s, &n, &pe), IPNET_OK);
	else
		ck_assert_ptr_null(ipnet_parse_addr(s, strlen(s), &n, &what));
	return n;
}

/* The prefix whose stored range holds address a, or "" (raw SQL). */
static void
covering_prefix(sqlite3 *h, const char *a, char *out, size_t len)
{
	struct ipnet n = net(a);
	unsigned char key[IPNET_KEYLEN];
	sqlite3_stmt *st;

	ipnet_key(n.family, n.addr, key);
	ck_assert_int_eq(sqlite3_prepare_v2(h, "SELECT prefix FROM "
	    "provider_networks WHERE prefix IS NOT NULL AND net_first <= ?1 "
	    "AND net_last >= ?1", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_blob(st, 1, key, IPNET_KEYLEN, SQLITE_STATIC);
	out[0] = '\0';
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(out, len, "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

START_TEST(test_range_keys)
{
	struct db *db = NULL;
	struct dp_err err = DP_ERR_INIT;
	struct provider p = PROVIDER_INIT;
	struct ipnet n, a;
	unsigned char lo[IPNET_KEYLEN], hi[IPNET_KEYLEN];
	sqlite3 *h;
	sqlite3_stmt *st;
	char text[IPNET_STRLEN], got[64];
	int64_t id = 0;
	int rows = 0;

	make_old();
	ck_assert_msg(db_open(path, 0, &db, NULL, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(db_schema_version(db), (int)db_nmigrations);
	ck_assert_int_ge(db_nmigrations, 5);

	/* The store's own queries find the old rows. */
	ck_assert_msg(db_provider_find(db, "mccolo", &p, &err) == 0, "%s",
	    err.msg);
	ck_assert_uint_eq(p.nasns, 1);
	ck_assert_uint_eq(p.asns[0], 26780);
	ck_assert_uint_eq(p.nprefixes, 2);
	ipnet_format(&p.prefixes[0], text, sizeof(text));
	ck_assert_str_eq(text, "208.66.192.0/22");
	ipnet_format(&p.prefixes[1], text, sizeof(text));
	ck_assert_str_eq(text, "2001:db8:c0::/48");
	a = net("208.66.193.7");
	ck_assert_msg(db_source_covering(db, "whois", "whois.arin.net:43",
	    a.family, a.addr, 0, &id, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(id, 2);
	a = net("208.66.194.37");
	ck_assert_int_eq(db_source_covering(db, "cymru", "whois.cymru.com:43",
	    a.family, a.addr, 0, &id, &err), 0);
	ck_assert_int_eq(id, 3);
	a = net("2001:db8:c0::1");
	ck_assert_int_eq(db_source_covering(db, "whois", "whois.arin.net:43",
	    a.family, a.addr, 0, &id, &err), DP_EX_NOINPUT);

	/* A prefix added after the migration is written with the new key. */
	n = net("91.207.4.0/22");
	ck_assert_int_eq(db_begin(db, &err), 0);
	ck_assert_msg(db_provider_net_add(db, p.id, 0, &n, 1700000000, &err)
	    == 0, "%s", err.msg);
	ck_assert_int_eq(db_commit(db, &err), 0);
	provider_release(&p);
	db_close(db);

	/* Every stored range is the key of its prefix, and ranges work. */
	ck_assert_int_eq(sqlite3_open(path, &h), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(h, "SELECT prefix, net_first, "
	    "net_last FROM provider_networks WHERE prefix IS NOT NULL", -1,
	    &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		n = net((const char *)sqlite3_column_text(st, 0));
		ipnet_key_range(&n, lo, hi);
		ck_assert_int_eq(sqlite3_column_bytes(st, 1), IPNET_KEYLEN);
		ck_assert_int_eq(sqlite3_column_bytes(st, 2), IPNET_KEYLEN);
		ck_assert_mem_eq(sqlite3_column_blob(st, 1), lo, IPNET_KEYLEN);
		ck_assert_mem_eq(sqlite3_column_blob(st, 2), hi, IPNET_KEYLEN);
		rows++;
	}
	sqlite3_finalize(st);
	ck_assert_int_eq(rows, 4);
	covering_prefix(h, "208.66.193.7", got, sizeof(got));
	ck_assert_str_eq(got, "208.66.192.0/22");
	covering_prefix(h, "85.255.127.255", got, sizeof(got));
	ck_assert_str_eq(got, "85.255.112.0/20");
	covering_prefix(h, "91.207.7.1", got, sizeof(got));
	ck_assert_str_eq(got, "91.207.4.0/22");
	covering_prefix(h, "2001:db8:c0:ffff::1", got, sizeof(got));
	ck_assert_str_eq(got, "2001:db8:c0::/48");
	/* The old mapped form of an IPv4 address is IPv6 now: no match. */
	covering_prefix(h, "::ffff:208.66.193.7", got, sizeof(got));
	ck_assert_str_eq(got, "");
	covering_prefix(h, "208.66.196.0", got, sizeof(got));
	ck_assert_str_eq(got, "");
	/* The CHECK constraints hold the new length. */
	ck_assert_int_ne(sqlite3_exec(h, "UPDATE provider_networks SET "
	    "net_first = zeroblob(16) WHERE prefix IS NOT NULL", NULL, NULL,
	    NULL), SQLITE_OK);
	/* The indexes are back. */
	ck_assert_int_eq(sqlite3_prepare_v2(h, "SELECT count(*) FROM "
	    "sqlite_master WHERE type = 'index' AND tbl_name = "
	    "'provider_networks'", -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int(st, 0), 3);
	sqlite3_finalize(st);
	sqlite3_close(h);
	rm_old();
}
END_TEST

Suite *
dbmigrate_suite(void)
{
	Suite *s = suite_create("dbmigrate");
	TCase *tc = tcase_create("range keys");

	tcase_add_test(tc, test_range_keys);
	suite_add_tcase(s, tc);
	return s;
}
