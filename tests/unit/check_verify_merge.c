/*
 * check_verify_merge.c - verify's replay of provider merges: which
 * provider each moved evidence row was recorded for and belongs to now,
 * across chained merges, and the payloads it refuses.
 */
#include <check.h>
#include <string.h>

#include <jansson.h>

#include "verify_merge.h"

/* Note payload text (a provider.merge payload) moving rows dup -> into. */
static int
note(struct merge_moves *m, int64_t dup, int64_t into, const char *text,
    char *why)
{
	json_t *o = json_loads(text, 0, NULL);
	int rc;

	ck_assert_ptr_nonnull(o);
	why[0] = '\0';
	rc = merge_moves_note(m, dup, into, o, why, 256);
	json_decref(o);
	return rc;
}

START_TEST(test_replay)
{
	struct merge_moves *m = merge_moves_new();
	int64_t rec, want;
	char why[256];

	/* Rows 2 and 4-5 of provider 2 go to provider 1. */
	ck_assert_int_eq(note(m, 2, 1, "{\"evidence\": {\"rows\": 3, "
	    "\"ids\": [[4, 5], [2, 2]]}}", why), 0);
	ck_assert_int_eq(merge_moves_row(m, 4, 1, &rec, &want), 0);
	ck_assert_int_eq(rec, 2);
	ck_assert_int_eq(want, 1);
	ck_assert_int_eq(merge_moves_row(m, 2, 1, &rec, &want), 0);
	ck_assert_int_eq(rec, 2);
	/* A row moved back by hand is caught. */
	ck_assert_int_eq(merge_moves_row(m, 5, 2, &rec, &want), -1);
	ck_assert_int_eq(want, 1);
	/* A row never moved is its own provider's. */
	ck_assert_int_eq(merge_moves_row(m, 3, 7, &rec, &want), 0);
	ck_assert_int_eq(rec, 7);
	ck_assert_int_eq(want, 7);
	/* Provider 1 merged into 9 later: rows 1, 2, 4, 5 move again. */
	ck_assert_int_eq(note(m, 1, 9, "{\"evidence\": {\"rows\": 4, "
	    "\"ids\": [[1, 2], [4, 5]]}}", why), 0);
	ck_assert_int_eq(merge_moves_row(m, 4, 9, &rec, &want), 0);
	ck_assert_int_eq(rec, 2);
	ck_assert_int_eq(merge_moves_row(m, 1, 9, &rec, &want), 0);
	ck_assert_int_eq(rec, 1);
	ck_assert_int_eq(merge_moves_row(m, 2, 1, &rec, &want), -1);
	ck_assert_int_eq(want, 9);
	merge_moves_free(m);
}
END_TEST

START_TEST(test_refused)
{
	struct merge_moves *m = merge_moves_new();
	char why[256];

	ck_assert_int_eq(note(m, 2, 1, "{}", why), -1);
	ck_assert_str_eq(why, "its payload is malformed");
	/* rows disagrees with the runs */
	ck_assert_int_eq(note(m, 2, 1, "{\"evidence\": {\"rows\": 1, "
	    "\"ids\": [[4, 5]]}}", why), -1);
	ck_assert_int_eq(note(m, 2, 1, "{\"evidence\": {\"rows\": 3, "
	    "\"ids\": [[4, 5]]}}", why), -1);
	/* a run backwards, an id below 1, a run of three numbers */
	ck_assert_int_eq(note(m, 2, 1, "{\"evidence\": {\"rows\": 2, "
	    "\"ids\": [[5, 4]]}}", why), -1);
	ck_assert_int_eq(note(m, 2, 1, "{\"evidence\": {\"rows\": 1, "
	    "\"ids\": [[0, 0]]}}", why), -1);
	ck_assert_int_eq(note(m, 2, 1, "{\"evidence\": {\"rows\": 1, "
	    "\"ids\": [[3, 3, 3]]}}", why), -1);
	/* no rows is a merge of a provider without evidence */
	ck_assert_int_eq(note(m, 2, 1, "{\"evidence\": {\"rows\": 0, "
	    "\"ids\": []}}", why), 0);
	/* a row moved from a provider that, by earlier merges, lacks it */
	ck_assert_int_eq(note(m, 3, 1, "{\"evidence\": {\"rows\": 1, "
	    "\"ids\": [[8, 8]]}}", why), 0);
	ck_assert_int_eq(note(m, 3, 4, "{\"evidence\": {\"rows\": 1, "
	    "\"ids\": [[8, 8]]}}", why), -1);
	ck_assert_ptr_nonnull(strstr(why, "evidence 8"));
	merge_moves_free(m);
}
END_TEST

Suite *
verify_merge_suite(void)
{
	Suite *s = suite_create("verify_merge");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_replay);
	tcase_add_test(tc, test_refused);
	suite_add_tcase(s, tc);
	return s;
}
