/*
 * check_verify_claims.c - the claims verify's checks share: an entry's
 * subject id read strictly, an integer member, a claim noted (malformed,
 * another seq, a live duplicate refused; an id used again after its
 * removal accepted), removed (unknown, twice refused), matched against
 * rows (none, unlike, alike), and what is missing, with removed rows
 * kept or gone.
 */
#include <check.h>
#include <string.h>

#include <jansson.h>

#include "audit_entry.h"
#include "verify_claims.h"

static struct audit_entry
entry(int64_t seq, const char *subject)
{
	struct audit_entry e;

	memset(&e, 0, sizeof(e));
	e.seq = seq;
	e.at = 1000 + seq;
	e.action = "thing.add";
	e.subject = subject;
	e.payload = "{}";
	return e;
}

START_TEST(test_subject)
{
	struct audit_entry e;
	int64_t id = -5;

	e = entry(1, "bgp:12");
	ck_assert_int_eq(vclaim_subject(&e, "bgp", &id), 0);
	ck_assert_int_eq(id, 12);
	e = entry(1, "bgp:12x");
	ck_assert_int_eq(vclaim_subject(&e, "bgp", &id), -1);
	e = entry(1, "bgpx:12");
	ck_assert_int_eq(vclaim_subject(&e, "bgp", &id), -1);
	e = entry(1, "bgp12");
	ck_assert_int_eq(vclaim_subject(&e, "bgp", &id), -1);
	e = entry(1, "bgp:");
	ck_assert_int_eq(vclaim_subject(&e, "bgp", &id), -1);
	e = entry(1, "media:7");
	ck_assert_int_eq(vclaim_subject(&e, "bgp", &id), -1);
	ck_assert_int_eq(id, 12);	/* untouched on failure */
}
END_TEST

START_TEST(test_int)
{
	json_t *o = json_pack("{s:I,s:s,s:f,s:n}", "a", (json_int_t)42,
	    "b", "42", "c", 4.2, "d");
	int64_t x = 0;

	ck_assert_int_eq(vclaim_int(o, "a", &x), 0);
	ck_assert_int_eq(x, 42);
	ck_assert_int_eq(vclaim_int(o, "b", &x), -1);
	ck_assert_int_eq(vclaim_int(o, "c", &x), -1);
	ck_assert_int_eq(vclaim_int(o, "d", &x), -1);
	ck_assert_int_eq(vclaim_int(o, "missing", &x), -1);
	ck_assert_int_eq(vclaim_int(NULL, "a", &x), -1);
	ck_assert_int_eq(x, 42);
	json_decref(o);
}
END_TEST

/* Note id recorded by entry seq as {"id": id, "audit_seq": aseq, "v": v}. */
static struct vclaim *
add(struct vclaims *l, int64_t seq, int64_t id, int64_t aseq, int v,
    char *why)
{
	struct audit_entry e = entry(seq, "thing:1");
	json_t *rec = json_pack("{s:I,s:I,s:i}", "id", (json_int_t)id,
	    "audit_seq", (json_int_t)aseq, "v", v);
	struct vclaim *c;

	why[0] = '\0';
	c = vclaims_add(l, &e, id, rec, why, 256);
	json_decref(rec);
	ck_assert((c == NULL) == (why[0] != '\0'));
	return c;
}

static struct vclaim *
rm(struct vclaims *l, int64_t seq, int64_t id, char *why)
{
	struct audit_entry e = entry(seq, "thing:1");
	json_t *o = json_pack("{s:I}", "id", (json_int_t)id);
	struct vclaim *c;

	why[0] = '\0';
	c = vclaims_rm(l, &e, id, o, why, 256);
	json_decref(o);
	return c;
}

static struct vclaim *
match(struct vclaims *l, int64_t id, int64_t aseq, int v, char *why)
{
	json_t *row = json_pack("{s:I,s:I,s:i}", "id", (json_int_t)id,
	    "audit_seq", (json_int_t)aseq, "v", v);
	struct vclaim *c;

	why[0] = '\0';
	c = vclaims_match(l, id, row, why, 256);
	json_decref(row);
	return c;
}

START_TEST(test_note)
{
	struct vclaims l;
	struct audit_entry e = entry(3, "thing:1");
	char why[256];
	json_t *bad;

	vclaims_init(&l, "thing", "thing.add", "is not");
	ck_assert_ptr_nonnull(add(&l, 1, 1, 1, 10, why));
	ck_assert_ptr_null(add(&l, 2, 2, 1, 10, why));
	ck_assert_str_eq(why, "it records thing 2 with audit seq 1, not its "
	    "own");
	ck_assert_ptr_null(add(&l, 2, 1, 2, 10, why));
	ck_assert_str_eq(why, "thing 1 was recorded before");
	/* not an object, no id, another id, a text seq */
	bad = json_string("x");
	ck_assert_ptr_null(vclaims_add(&l, &e, 3, bad, why, sizeof(why)));
	ck_assert_str_eq(why, "its payload is malformed");
	json_decref(bad);
	bad = json_pack("{s:I}", "audit_seq", (json_int_t)3);
	ck_assert_ptr_null(vclaims_add(&l, &e, 3, bad, why, sizeof(why)));
	json_decref(bad);
	bad = json_pack("{s:I,s:I}", "id", (json_int_t)4, "audit_seq",
	    (json_int_t)3);
	ck_assert_ptr_null(vclaims_add(&l, &e, 3, bad, why, sizeof(why)));
	json_decref(bad);
	bad = json_pack("{s:I,s:s}", "id", (json_int_t)3, "audit_seq", "3");
	ck_assert_ptr_null(vclaims_add(&l, &e, 3, bad, why, sizeof(why)));
	json_decref(bad);
	ck_assert_ptr_null(vclaims_add(&l, &e, 3, NULL, why, sizeof(why)));
	ck_assert_uint_eq(l.n, 1);

	/* removals */
	ck_assert_ptr_null(rm(&l, 4, 9, why));
	ck_assert_str_eq(why, "it removes thing 9, which no thing.add entry "
	    "recorded");
	ck_assert_ptr_nonnull(rm(&l, 5, 1, why));
	ck_assert_str_eq(why, "");
	ck_assert_int_eq(vclaims_find(&l, 1)->rm_seq, 5);
	ck_assert_ptr_null(rm(&l, 6, 1, why));
	ck_assert_str_eq(why, "thing 1 was removed before, by audit entry 5");
	ck_assert_int_eq(vclaims_live(&l), 0);
	/* an id freed by a removal may come back: the latest claim counts */
	ck_assert_ptr_nonnull(add(&l, 7, 1, 7, 11, why));
	ck_assert_int_eq(vclaims_find(&l, 1)->seq, 7);
	ck_assert_int_eq(vclaims_find(&l, 1)->rm_seq, 0);
	ck_assert_int_eq(vclaims_live(&l), 1);
	ck_assert_ptr_null(vclaims_find(&l, 2));
	vclaims_release(&l);
	ck_assert_uint_eq(l.n, 0);
}
END_TEST

START_TEST(test_walk)
{
	struct vclaims l;
	char why[256];

	vclaims_init(&l, "BGP import", "bgp.import", "differs from");
	add(&l, 1, 1, 1, 10, why);
	add(&l, 2, 2, 2, 20, why);
	add(&l, 3, 3, 3, 30, why);
	rm(&l, 4, 2, why);

	ck_assert_ptr_null(match(&l, 9, 1, 10, why));
	ck_assert_str_eq(why, "BGP import 9 has no bgp.import entry");
	ck_assert_ptr_null(match(&l, 1, 1, 11, why));
	ck_assert_str_eq(why, "BGP import 1 differs from what audit entry 1 "
	    "recorded");
	ck_assert_ptr_nonnull(match(&l, 1, 1, 10, why));
	ck_assert_str_eq(why, "");

	/* removed rows gone: only live ones must be met */
	vclaims_missing(&l, 0, why, sizeof(why));
	ck_assert_str_eq(why, "BGP import 3, recorded by audit entry 3, is "
	    "missing");
	ck_assert_ptr_nonnull(match(&l, 3, 3, 30, why));
	why[0] = '\0';
	vclaims_missing(&l, 0, why, sizeof(why));
	ck_assert_str_eq(why, "");
	/* removed rows kept: they must be met too */
	vclaims_missing(&l, 1, why, sizeof(why));
	ck_assert_str_eq(why, "BGP import 2, recorded by audit entry 2, is "
	    "missing");
	vclaims_release(&l);
}
END_TEST

Suite *
verify_claims_suite(void)
{
	Suite *s = suite_create("verify_claims");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_subject);
	tcase_add_test(tc, test_int);
	tcase_add_test(tc, test_note);
	tcase_add_test(tc, test_walk);
	suite_add_tcase(s, tc);
	return s;
}
