/*
 * check_media.c - media contacts: the checks of a name, an address, an
 * outlet and a note; the To: mailbox quoted when it must be; a contact
 * stored with its entry or not at all; removal; verify finding a changed
 * row.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "exitcodes.h"
#include "media.h"
#include "media_store.h"
#include "provider_store.h"
#include "testutil.h"
#include "verify.h"

static void
mk(struct media_contact *m, const char *name, const char *addr)
{
	memset(m, 0, sizeof(*m));
	m->name = name != NULL ? xstrdup(name) : NULL;
	m->addr = addr != NULL ? xstrdup(addr) : NULL;
}

START_TEST(test_check)
{
	static const struct {
		const char *name, *addr, *outlet, *why;
	} bad[] = {
		{ NULL, "a@x.example", NULL, "needs a name" },
		{ "", "a@x.example", NULL, "needs a name" },
		{ "A <b>", "a@x.example", NULL, "not allowed in a name" },
		{ "A \"B\"", "a@x.example", NULL, "not allowed in a name" },
		{ "a\tb", "a@x.example", NULL, "control" },
		{ "a\xe2\x80\xae" "b", "a@x.example", NULL, "name" },
		{ "\xff", "a@x.example", NULL, "UTF-8" },
		{ "A", NULL, NULL, "needs an address" },
		{ "A", "nobody", NULL, "no '@'" },
		{ "A", "a@x.example", "two\nlines", "outlet" },
	};
	struct dp_err err = DP_ERR_INIT;
	struct media_contact m;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		mk(&m, bad[i].name, bad[i].addr);
		if (bad[i].outlet != NULL)
			m.outlet = xstrdup(bad[i].outlet);
		ck_assert_int_eq(media_check(&m, &err), DP_EX_USAGE);
		ck_assert_msg(strstr(err.msg, bad[i].why) != NULL,
		    "%zu: '%s' lacks '%s'", i, err.msg, bad[i].why);
		media_release(&m);
	}
	mk(&m, "Jürgen Schmidt", "js@bücher.example");
	ck_assert_msg(media_check(&m, &err) == 0, "%s", err.msg);
	ck_assert_str_eq(m.addr, "js@xn--bcher-kva.example");
	media_release(&m);
}
END_TEST

START_TEST(test_mailbox)
{
	static const struct {
		const char *name, *want;
	} v[] = {
		{ "Brian Krebs", "Brian Krebs <k@x.example>" },
		{ "Doe, Jane", "\"Doe, Jane\" <k@x.example>" },
		{ "J. Doe", "\"J. Doe\" <k@x.example>" },
		{ "a\\b", "\"a\\\\b\" <k@x.example>" },
		{ "Jürgen", "Jürgen <k@x.example>" },
	};
	struct media_contact m;
	size_t i;
	char *s;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		mk(&m, v[i].name, "k@x.example");
		s = media_mailbox(&m);
		ck_assert_str_eq(s, v[i].want);
		free(s);
		media_release(&m);
	}
}
END_TEST

START_TEST(test_store)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;
	struct verify_report rep;
	struct media_contact m, *v;
	int64_t entries;
	size_t n;

	test_provider(db, "McColo");
	entries = db_count(db, "audit_log");
	/* refused: neither row nor entry */
	mk(&m, "A", "a@x.example");
	ck_assert_int_eq(media_add(db, "Nope", &m, &err), DP_EX_NOINPUT);
	ck_assert_int_eq(db_count(db, "audit_log"), entries);
	media_release(&m);

	mk(&m, "A", "a@x.example");
	ck_assert_msg(media_add(db, "McColo", &m, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(m.id, 1);
	ck_assert_int_eq(m.audit_seq, entries + 1);
	ck_assert_str_eq(m.provider, "McColo");
	media_release(&m);
	mk(&m, "B", "A@x.example");
	ck_assert_int_eq(media_add(db, "McColo", &m, &err), DP_EX_DATAERR);
	ck_assert_int_eq(db_count(db, "audit_log"), entries + 1);
	media_release(&m);
	mk(&m, "B", "b@x.example");
	ck_assert_msg(media_add(db, NULL, &m, &err) == 0, "%s", err.msg);
	ck_assert_ptr_null(m.provider);
	media_release(&m);

	ck_assert_int_eq(media_rm(db, 1, "gone", &m, &err), 0);
	ck_assert_int_ne(m.removed_at, 0);
	media_release(&m);
	ck_assert_int_eq(media_rm(db, 1, NULL, &m, &err), DP_EX_DATAERR);
	ck_assert_int_eq(media_rm(db, 7, NULL, &m, &err), DP_EX_NOINPUT);
	ck_assert_int_eq(media_list(db, "McColo", 0, &v, &n, &err), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(v[0].id, 2);
	media_free(v, n);
	ck_assert_int_eq(media_list(db, NULL, 1, &v, &n, &err), 0);
	ck_assert_uint_eq(n, 2);
	media_free(v, n);

	ck_assert_int_eq(audit_verify(db, NULL, &rep, &err), 0);
	ck_assert_msg(rep.ok, "%s", rep.first_bad);
	ck_assert_int_eq(db_exec(db, "UPDATE media_contacts SET name = "
	    "'Mallory' WHERE id = 2", &err), 0);
	ck_assert_int_eq(audit_verify(db, NULL, &rep, &err), 0);
	ck_assert(!rep.ok);
	ck_assert_ptr_nonnull(strstr(rep.first_bad, "media contact 2"));
	db_close(db);
}
END_TEST

Suite *
media_suite(void)
{
	Suite *s = suite_create("media");
	TCase *tc = tcase_create("media");

	tcase_add_test(tc, test_check);
	tcase_add_test(tc, test_mailbox);
	tcase_add_test(tc, test_store);
	suite_add_tcase(s, tc);
	return s;
}
