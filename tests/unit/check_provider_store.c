/*
 * check_provider_store.c - the provider writes: each change with its
 * audit entry or neither, all or none of a list of networks, and nesting
 * in a caller's transaction.
 */
#include <check.h>
#include <stdlib.h>

#include "audit.h"
#include "provider_store.h"
#include "testutil.h"
#include "verify.h"

/* A new provider named name (with AS26780) through the service. */
static int
create(struct db *db, const char *name, struct dp_err *err)
{
	struct provider p = PROVIDER_INIT;
	int rc;

	p.name = xstrdup(name);
	p.created_at = 1226438580;
	provider_add_asn(&p, 26780);
	rc = provider_create(db, &p, err);
	provider_release(&p);
	return rc;
}

static void
assert_intact(struct db *db)
{
	struct verify_report rep;
	struct dp_err err = DP_ERR_INIT;

	ck_assert_msg(audit_verify(db, NULL, &rep, &err) == 0, "%s", err.msg);
	ck_assert_msg(rep.ok, "%s", rep.first_bad);
}

/* The action of the last audit entry. */
static int
last_action(const struct audit_entry *e, void *arg)
{
	snprintf(arg, 64, "%s", e->action);
	return 0;
}

START_TEST(test_create_records)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;
	char action[64] = "";

	ck_assert_msg(create(db, "McColo", &err) == 0, "%s", err.msg);
	ck_assert_int_eq(db_count(db, "providers"), 1);
	ck_assert_int_eq(db_count(db, "audit_log"), 1);
	ck_assert_int_eq(db_audit_iter(db, 1, last_action, action, &err), 0);
	ck_assert_str_eq(action, AUDIT_PROVIDER_ADD);
	/* A name in use: neither the row nor an entry. */
	ck_assert_int_eq(create(db, "MCCOLO", &err), DP_EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(err.msg, "exists already"));
	ck_assert_int_eq(db_count(db, "providers"), 1);
	ck_assert_int_eq(db_count(db, "audit_log"), 1);
	ck_assert_int_eq(db_in_transaction(db), 0);
	assert_intact(db);
	db_close(db);
}
END_TEST

START_TEST(test_update)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;
	struct provider p = PROVIDER_INIT;
	struct provider_edit ed = { NULL, "ZZ", NULL, NULL };
	int changed = -1;

	ck_assert_int_eq(create(db, "McColo", &err), 0);
	/* An unknown provider is named before a bad value. */
	ck_assert_int_eq(provider_update(db, "Nobody", &ed, 2, &p, &changed,
	    &err), DP_EX_NOINPUT);
	ck_assert_int_eq(provider_update(db, "McColo", &ed, 2, &p, &changed,
	    &err), DP_EX_DATAERR);
	ck_assert_int_eq(changed, -1);
	/* The same value again: nothing written. */
	ed.country = "";
	ck_assert_int_eq(provider_update(db, "mccolo", &ed, 2, &p, &changed,
	    &err), 0);
	ck_assert_int_eq(changed, 0);
	ck_assert_str_eq(p.name, "McColo");
	provider_release(&p);
	ck_assert_int_eq(db_count(db, "audit_log"), 1);
	ed.country = "us";
	ed.name = "McColo Corp";
	ck_assert_int_eq(provider_update(db, "1", &ed, 3, &p, &changed,
	    &err), 0);
	ck_assert_int_eq(changed, 1);
	ck_assert_str_eq(p.name, "McColo Corp");
	ck_assert_str_eq(p.country, "US");
	provider_release(&p);
	ck_assert_int_eq(db_count(db, "audit_log"), 2);
	ck_assert_int_eq(db_in_transaction(db), 0);
	assert_intact(db);
	db_close(db);
}
END_TEST

START_TEST(test_net_change_all_or_none)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;
	struct provider p = PROVIDER_INIT, nets = PROVIDER_INIT;
	struct ipnet net;

	ck_assert_int_eq(create(db, "McColo", &err), 0);
	provider_add_asn(&nets, 3549);
	ck_assert_int_eq(val_cidr("208.66.192.0/22", &net, &err), 0);
	provider_add_prefix(&nets, &net);
	ck_assert_int_eq(provider_net_change(db, "McColo", 1, &nets, 2, &p,
	    &err), 0);
	ck_assert_uint_eq(p.nasns, 2);
	ck_assert_uint_eq(p.nprefixes, 1);
	provider_release(&p);
	/* One present, one missing: nothing removed, no entry. */
	provider_release(&nets);
	provider_add_asn(&nets, 26780);
	provider_add_asn(&nets, 6939);
	ck_assert_int_eq(provider_net_change(db, "McColo", 0, &nets, 3, &p,
	    &err), DP_EX_NOINPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, "AS6939"));
	ck_assert_int_eq(db_count(db, "audit_log"), 2);
	ck_assert_int_eq(db_provider_find(db, "McColo", &p, &err), 0);
	ck_assert_uint_eq(p.nasns, 2);
	provider_release(&p);
	provider_release(&nets);
	ck_assert_int_eq(db_in_transaction(db), 0);
	assert_intact(db);
	db_close(db);
}
END_TEST

/*
 * Inside a caller's transaction each service is one savepoint: a failed
 * one leaves the caller's other work; the caller's rollback undoes all.
 */
START_TEST(test_nested_in_caller)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;

	ck_assert_int_eq(db_begin(db, &err), 0);
	ck_assert_int_eq(create(db, "McColo", &err), 0);
	ck_assert_int_eq(create(db, "mccolo", &err), DP_EX_DATAERR);
	ck_assert_int_eq(create(db, "Atrivo", &err), 0);
	ck_assert_int_eq(db_in_transaction(db), 1);
	ck_assert_int_eq(db_commit(db, &err), 0);
	ck_assert_int_eq(db_count(db, "providers"), 2);
	ck_assert_int_eq(db_count(db, "audit_log"), 2);
	assert_intact(db);

	ck_assert_int_eq(db_begin(db, &err), 0);
	ck_assert_int_eq(create(db, "Intercage", &err), 0);
	db_rollback(db);
	ck_assert_int_eq(db_count(db, "providers"), 2);
	ck_assert_int_eq(db_count(db, "audit_log"), 2);
	assert_intact(db);
	db_close(db);
}
END_TEST

Suite *
provider_store_suite(void)
{
	Suite *s = suite_create("provider_store");
	TCase *tc = tcase_create("writes");

	tcase_add_test(tc, test_create_records);
	tcase_add_test(tc, test_update);
	tcase_add_test(tc, test_net_change_all_or_none);
	tcase_add_test(tc, test_nested_in_caller);
	suite_add_tcase(s, tc);
	return s;
}
