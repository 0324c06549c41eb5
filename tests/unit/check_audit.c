/*
 * check_audit.c - the audit chain: the entry hash construction, appending,
 * and verify catching each kind of tampering.
 */
#include <check.h>
#include <stdlib.h>

#include "audit.h"
#include "verify.h"
#include "evidence.h"
#include "evidence_import.h"
#include "testutil.h"

/*
 * The construction of audit.h, pinned by a digest computed independently
 * with coreutils:
 *   printf 'depeer-audit-v1\n1\n1226438580\nprovider.add\nprovider:1\n%s\n%s'
 *       "$(printf '{"x":1}' | sha256sum | cut -d' ' -f1)" 000...000 | sha256sum
 */
START_TEST(test_entry_hash_vector)
{
	struct audit_entry e = { 1, 1226438580, "provider.add", "provider:1",
	    "{\"x\":1}", audit_genesis, NULL };
	char h[SHA256_HEXLEN];

	audit_entry_hash(&e, h);
	ck_assert_str_eq(h,
	    "f65fe08c154402292f849516ab78031cc6756bb996924792cb5005890f6879a2");
}
END_TEST

START_TEST(test_entry_hash_covers_every_field)
{
	struct audit_entry e = { 1, 100, "a", "s", "{}", audit_genesis, NULL };
	struct audit_entry f;
	char h0[SHA256_HEXLEN], h[SHA256_HEXLEN];

	audit_entry_hash(&e, h0);
	f = e; f.seq = 2; audit_entry_hash(&f, h);
	ck_assert_str_ne(h, h0);
	f = e; f.at = 101; audit_entry_hash(&f, h);
	ck_assert_str_ne(h, h0);
	f = e; f.action = "b"; audit_entry_hash(&f, h);
	ck_assert_str_ne(h, h0);
	f = e; f.subject = "t"; audit_entry_hash(&f, h);
	ck_assert_str_ne(h, h0);
	f = e; f.payload = "{ }"; audit_entry_hash(&f, h);
	ck_assert_str_ne(h, h0);
	f = e; f.prev_hash = h0; audit_entry_hash(&f, h);
	ck_assert_str_ne(h, h0);
}
END_TEST

/* A case: McColo with two imported rows and one added with a file. */
static struct db *
make_case(void)
{
	static const char csv[] = "kind,indicator,observed_at,family\n"
	    "c2,208.66.194.10,2008-11-10T10:00:00Z,Srizbi\n"
	    "spam-source,208.72.169.5,,Rustock\n";
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;
	struct import_result res;
	struct rd r;
	FILE *fp = test_stream(csv, sizeof(csv) - 1);

	test_provider(db, "McColo");
	rd_init(&r, fp);
	ck_assert_msg(evidence_import(db, &r, "t.csv", "McColo", 0, &res,
	    &err) == 0, "%s", err.msg);
	rd_release(&r);
	fclose(fp);
	ck_assert_int_eq(res.rows, 2);
	ck_assert_int_eq(res.audit_seq, 2);
	return db;
}

static struct verify_report
verify(struct db *db, const char *expect)
{
	struct verify_report rep;
	struct dp_err err = DP_ERR_INIT;

	ck_assert_msg(audit_verify(db, expect, &rep, &err) == 0, "%s",
	    err.msg);
	return rep;
}

START_TEST(test_verify_intact)
{
	struct db *db = make_case();
	struct verify_report rep = verify(db, NULL);

	ck_assert_msg(rep.ok, "%s", rep.first_bad);
	ck_assert_int_eq(rep.entries, 2);
	ck_assert_int_eq(rep.evidence_rows, 2);
	ck_assert_int_eq(rep.providers, 1);
	ck_assert(sha256_hex_valid(rep.head));
	db_close(db);
}
END_TEST

/* Each tampering, applied to a fresh case, and a phrase verify must say. */
static const struct {
	const char *sql;
	const char *says;
} tamper[] = {
	{ "UPDATE evidence SET family = 'Storm' WHERE id = 2",
	  "evidence 2: its content does not match" },
	{ "UPDATE evidence SET indicator = '208.66.194.11' WHERE id = 1",
	  "evidence 1" },
	{ "UPDATE evidence SET observed_at = observed_at + 3600 WHERE id = 1",
	  "evidence 1" },
	{ "DELETE FROM evidence WHERE id = 2",
	  "audit entry 2: it recorded 2 evidence rows" },
	{ "INSERT INTO evidence (id, provider_id, kind, indicator, "
	  "indicator_type, recorded_at, audit_seq, row_hash) VALUES (3, 1, "
	  "'c2', '1.2.3.4', 'ipv4', 0, 2, randomblob(32))", "evidence 3" },
	{ "UPDATE audit_log SET payload = replace(payload, '\"rows\":2', "
	  "'\"rows\":3') WHERE seq = 2", "audit entry 2" },
	{ "DELETE FROM audit_log WHERE seq = 1", "audit entry 2" },
	{ "UPDATE audit_log SET at = at + 1 WHERE seq = 1", "audit entry 1" },
	{ "UPDATE providers SET country = 'RU' WHERE id = 1",
	  "provider 1 ('McColo') differs" },
	{ "DELETE FROM provider_networks", "provider 1" },
	{ "INSERT INTO providers (name, created_at, updated_at) "
	  "VALUES ('Atrivo', 0, 0)", "provider 2 ('Atrivo') has no audit" },
};

START_TEST(test_verify_catches_tampering)
{
	struct db *db = make_case();
	struct dp_err err = DP_ERR_INIT;
	struct verify_report rep;

	ck_assert_msg(db_exec(db, tamper[_i].sql, &err) == 0, "%s", err.msg);
	rep = verify(db, NULL);
	ck_assert_msg(!rep.ok, "not caught: %s", tamper[_i].sql);
	ck_assert_msg(strstr(rep.first_bad, tamper[_i].says) != NULL,
	    "'%s' gave '%s'", tamper[_i].sql, rep.first_bad);
	db_close(db);
}
END_TEST

START_TEST(test_expect_head)
{
	struct db *db = make_case();
	struct dp_err err = DP_ERR_INIT;
	struct verify_report rep = verify(db, NULL);
	char head[SHA256_HEXLEN];

	memcpy(head, rep.head, sizeof(head));
	rep = verify(db, head);
	ck_assert(rep.ok && rep.expect_found);
	/* Dropping the newest entry and its rows leaves a valid chain... */
	ck_assert_int_eq(db_exec(db, "DELETE FROM evidence WHERE audit_seq = 2;"
	    "DELETE FROM audit_log WHERE seq = 2", &err), 0);
	rep = verify(db, NULL);
	ck_assert(rep.ok);
	/* ...that no longer contains the head recorded earlier. */
	rep = verify(db, head);
	ck_assert(!rep.expect_found);
	db_close(db);
}
END_TEST

/*
 * A prefix of a head counts the entries whose hash starts with it; the
 * command refuses a count above one as ambiguous.  The empty prefix,
 * which the command never passes, starts every hash: the only way to
 * make a shared prefix without forging SHA-256.
 */
START_TEST(test_expect_head_prefix)
{
	struct db *db = make_case();
	struct verify_report rep = verify(db, NULL);
	char head[SHA256_HEXLEN], first[SHA256_HEXLEN];
	int64_t entries = rep.entries;

	memcpy(head, rep.head, sizeof(head));
	head[12] = '\0';
	rep = verify(db, head);
	ck_assert(rep.ok);
	ck_assert_int_eq(rep.expect_found, 1);
	ck_assert_int_eq(strncmp(rep.expect_hash, head, 12), 0);
	rep = verify(db, "");
	ck_assert(entries > 1);
	ck_assert_int_eq(rep.expect_found, entries);
	memcpy(first, rep.expect_hash, sizeof(first));
	rep = verify(db, first);
	ck_assert_int_eq(rep.expect_found, 1);	/* the first entry's */
	db_close(db);
}
END_TEST

START_TEST(test_append_chains)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;
	int64_t seq;

	ck_assert_int_eq(db_begin(db, &err), 0);
	ck_assert_int_eq(db_audit_append(db, 10, "x", "y", "{}", &seq, &err),
	    0);
	ck_assert_int_eq(seq, 1);
	ck_assert_int_eq(db_audit_append(db, 11, "x", "y", "{}", &seq, &err),
	    0);
	ck_assert_int_eq(seq, 2);
	ck_assert_int_eq(db_commit(db, &err), 0);
	ck_assert(verify(db, NULL).ok);
	db_close(db);
}
END_TEST

/*
 * An action verify has no check for claims nothing beyond its entry: the
 * chain covers it.  Rows that pretend to be recorded by it are caught,
 * even with a correct row hash, as no check accepts them.
 */
START_TEST(test_unknown_action_claims_nothing)
{
	struct db *db = make_case();
	struct dp_err err = DP_ERR_INIT;
	struct ev_input in = { "c2", "208.66.194.99", NULL, NULL, NULL,
	    NULL };
	struct db_ev_inserter *ins;
	struct evidence e;
	struct sha256 *h;
	int64_t seq;
	struct verify_report rep;

	ck_assert_int_eq(db_begin(db, &err), 0);
	ck_assert_int_eq(db_audit_append(db, 20, "upstream.someday", "as:1",
	    "{\"rows\":1,\"first_id\":3,\"last_id\":3}", &seq, &err), 0);
	ck_assert_int_eq(db_commit(db, &err), 0);
	rep = verify(db, NULL);
	ck_assert_msg(rep.ok, "%s", rep.first_bad);
	ck_assert_int_eq(rep.entries, 3);

	memset(&e, 0, sizeof(e));
	ck_assert_int_eq(evidence_from_input(&in, &e, &err), 0);
	e.id = 3;
	e.provider_id = 1;
	e.recorded_at = 20;
	e.audit_seq = seq;
	h = sha256_new();
	evidence_hash(&e, h);
	sha256_free(h);
	ck_assert_int_eq(db_begin(db, &err), 0);
	ck_assert_ptr_nonnull(ins = db_ev_inserter_new(db, &err));
	ck_assert_int_eq(db_ev_insert(ins, &e, &err), 0);
	ck_assert_int_eq(db_ev_flush(ins, &err), 0);
	db_ev_inserter_free(ins);
	ck_assert_int_eq(db_commit(db, &err), 0);
	rep = verify(db, NULL);
	ck_assert(!rep.ok);
	ck_assert_msg(strstr(rep.first_bad, "evidence 3: recorded by audit "
	    "entry 3, which does not exist or records no evidence") != NULL,
	    "%s", rep.first_bad);
	evidence_release(&e);
	db_close(db);
}
END_TEST

Suite *
audit_suite(void)
{
	Suite *s = suite_create("audit");
	TCase *tc = tcase_create("chain");

	tcase_add_test(tc, test_entry_hash_vector);
	tcase_add_test(tc, test_entry_hash_covers_every_field);
	tcase_add_test(tc, test_append_chains);
	tcase_add_test(tc, test_verify_intact);
	tcase_add_loop_test(tc, test_verify_catches_tampering, 0,
	    (int)ARRAY_SIZE(tamper));
	tcase_add_test(tc, test_expect_head);
	tcase_add_test(tc, test_expect_head_prefix);
	tcase_add_test(tc, test_unknown_action_claims_nothing);
	suite_add_tcase(s, tc);
	return s;
}
