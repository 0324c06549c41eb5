/*
 * check_event.c - provider events: the kinds and their checks, the JSON
 * form, an event stored with its entry or not at all, the timeline's
 * order and the last withdrawal by time, and verify finding a changed
 * row.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "db_event.h"
#include "event.h"
#include "event_store.h"
#include "exitcodes.h"
#include "provider_store.h"
#include "testutil.h"
#include "verify.h"

static void
mk(struct pevent *e, const char *kind, int64_t at, uint32_t asn,
    const char *note)
{
	memset(e, 0, sizeof(*e));
	snprintf(e->kind, sizeof(e->kind), "%s", kind);
	e->at = at;
	e->upstream_asn = asn;
	e->note = (char *)note;
}

/* The provider events stored (db_count() knows only older tables). */
static size_t
nevents(struct db *db)
{
	struct dp_err err = DP_ERR_INIT;
	struct pevent *v;
	size_t n;

	ck_assert_msg(db_pevent_list(db, 0, &v, &n, &err) == 0, "%s",
	    err.msg);
	pevent_free(v, n);
	return n;
}

static struct db *
case_db(void)
{
	struct db *db = test_db();
	struct provider p = PROVIDER_INIT;
	struct dp_err err = DP_ERR_INIT;

	p.name = xstrdup("McColo");
	p.created_at = 1226438580;
	provider_add_asn(&p, 26780);
	ck_assert_msg(provider_create(db, &p, &err) == 0, "%s", err.msg);
	provider_release(&p);
	return db;
}

START_TEST(test_kinds)
{
	struct dp_err err = DP_ERR_INIT;
	struct pevent e;
	size_t i;

	for (i = 0; event_kinds[i] != NULL; i++)
		ck_assert_int_eq(event_kind_valid(event_kinds[i], &err), 0);
	ck_assert_uint_eq(i, 7);
	ck_assert_int_eq(event_kind_valid("Offline", &err), DP_EX_USAGE);
	ck_assert_int_eq(event_kind_valid("", &err), DP_EX_USAGE);
	ck_assert_int_eq(event_kind_has_upstream("rehomed"), 1);
	ck_assert_int_eq(event_kind_has_upstream("de-peered"), 0);

	mk(&e, "offline", 1, 3561, NULL);
	ck_assert_int_eq(pevent_check(&e, &err), DP_EX_USAGE);
	ck_assert_ptr_nonnull(strstr(err.msg, "names no upstream"));
	mk(&e, "upstream-lost", 1, 3561, "cut");
	ck_assert_int_eq(pevent_check(&e, &err), 0);
	mk(&e, "note", 1, 0, NULL);
	ck_assert_int_eq(pevent_check(&e, &err), DP_EX_USAGE);
	mk(&e, "note", 1, 0, "a\nb");
	ck_assert_int_eq(pevent_check(&e, &err), DP_EX_USAGE);
	mk(&e, "note", 1, 0, "\xe2\x80\xae" "evil");
	ck_assert_int_eq(pevent_check(&e, &err), DP_EX_USAGE);
}
END_TEST

START_TEST(test_json)
{
	struct pevent e;
	json_t *o;

	mk(&e, "rehomed", 1226438580, 174, NULL);
	e.id = 3;
	e.source_id = 9;
	o = pevent_to_json(&e);
	ck_assert_str_eq(json_string_value(json_object_get(o, "at")),
	    "2008-11-11T21:23:00Z");
	ck_assert_int_eq(json_integer_value(json_object_get(o,
	    "upstream_asn")), 174);
	ck_assert(json_is_null(json_object_get(o, "note")));
	ck_assert_int_eq(json_integer_value(json_object_get(o, "source_id")),
	    9);
	json_decref(o);
}
END_TEST

START_TEST(test_add_and_timeline)
{
	struct db *db = case_db();
	struct dp_err err = DP_ERR_INIT;
	struct verify_report rep;
	struct timeline t;
	struct pevent e, w;
	int64_t entries;

	/* a source that does not exist: neither row nor entry */
	entries = db_count(db, "audit_log");
	mk(&e, "offline", 100, 0, NULL);
	e.source_id = 5;
	ck_assert_int_eq(event_add(db, "McColo", &e, &err), DP_EX_NOINPUT);
	ck_assert_uint_eq(nevents(db), 0);
	ck_assert_int_eq(db_count(db, "audit_log"), entries);
	mk(&e, "offline", 100, 0, NULL);
	ck_assert_int_eq(event_add(db, "Nope", &e, &err), DP_EX_NOINPUT);

	/* recorded out of time order; the same time twice */
	mk(&e, "de-peered", 300, 0, NULL);
	ck_assert_msg(event_add(db, "McColo", &e, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(e.audit_seq, entries + 1);
	mk(&e, "upstream-lost", 200, 3561, NULL);
	ck_assert_msg(event_add(db, "McColo", &e, &err) == 0, "%s", err.msg);
	mk(&e, "note", 300, 0, "same time, recorded later");
	ck_assert_msg(event_add(db, "1", &e, &err) == 0, "%s", err.msg);
	mk(&e, "upstream-lost", 250, 174, NULL);
	ck_assert_msg(event_add(db, "McColo", &e, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(db_count(db, "audit_log"), entries + 4);
	ck_assert_uint_eq(nevents(db), 4);

	ck_assert_int_eq(timeline_get(db, "McColo", &t, &err), 0);
	ck_assert_uint_eq(t.n, 4);
	ck_assert_str_eq(t.v[0].kind, "upstream-lost");
	ck_assert_int_eq(t.v[0].at, 200);
	ck_assert_int_eq(t.v[1].upstream_asn, 174);
	ck_assert_str_eq(t.v[2].kind, "de-peered");
	ck_assert_str_eq(t.v[3].kind, "note");
	ck_assert_int_eq(t.v[2].event_id, 1);
	timeline_release(&t);

	/* the last withdrawal by time, not by id */
	ck_assert_int_eq(event_last_withdrawal(db, "McColo", &w, &err), 0);
	ck_assert_str_eq(w.kind, "de-peered");
	ck_assert_int_eq(w.at, 300);
	pevent_release(&w);

	ck_assert_int_eq(audit_verify(db, NULL, &rep, &err), 0);
	ck_assert_msg(rep.ok, "%s", rep.first_bad);
	ck_assert_int_eq(db_exec(db, "UPDATE provider_events SET note = "
	    "'changed' WHERE id = 3", &err), 0);
	ck_assert_int_eq(audit_verify(db, NULL, &rep, &err), 0);
	ck_assert(!rep.ok);
	ck_assert_ptr_nonnull(strstr(rep.first_bad, "provider event 3"));
	db_close(db);
}
END_TEST

START_TEST(test_no_withdrawal)
{
	struct db *db = case_db();
	struct dp_err err = DP_ERR_INIT;
	struct pevent e;

	mk(&e, "offline", 100, 0, NULL);
	ck_assert_int_eq(event_add(db, "McColo", &e, &err), 0);
	ck_assert_int_eq(event_last_withdrawal(db, "McColo", &e, &err),
	    DP_EX_NOINPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, "no upstream-lost"));
	db_close(db);
}
END_TEST

Suite *
event_suite(void)
{
	Suite *s = suite_create("event");
	TCase *tc = tcase_create("events");

	tcase_add_test(tc, test_kinds);
	tcase_add_test(tc, test_json);
	tcase_add_test(tc, test_add_and_timeline);
	tcase_add_test(tc, test_no_withdrawal);
	suite_add_tcase(s, tc);
	return s;
}
