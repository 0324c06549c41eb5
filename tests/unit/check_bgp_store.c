/*
 * check_bgp_store.c - BGP observations stored with their bgp.import
 * entries: verify holds the import row and its observation rows to the
 * entry (a changed count, a changed column, a row removed or added, an
 * import without entry are found); the candidates "upstreams" reads,
 * with their relationship; the history of an origin over dated imports
 * (a gained upstream, a lost one, a gap).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "bgp_store.h"
#include "db.h"
#include "db_bgp.h"
#include "exitcodes.h"
#include "testutil.h"
#include "verify.h"

/* A path "vantage ... origin" for a prefix 10.<origin>.<n>.0/24. */
struct tpath {
	const uint32_t	*p;
	size_t		 n;
};

#define P(...)	{ (const uint32_t[]){ __VA_ARGS__ }, \
	sizeof((const uint32_t[]){ __VA_ARGS__ }) / sizeof(uint32_t) }

/* The backbone every snapshot has: a clique 7018 3356 174 with
   customers. */
static const struct tpath backbone[] = {
	P(3356, 7018, 100), P(174, 7018, 100), P(7018, 3356, 200),
	P(174, 3356, 200), P(7018, 174, 300), P(3356, 174, 300),
	P(3356, 7018, 3549, 9000), P(174, 7018, 3549, 9000),
	P(7018, 3356, 6939, 9100), P(174, 3356, 6939, 9100),
	P(7018, 174, 1299, 9200), P(3356, 174, 1299, 9200),
};

static int64_t
snapshot(struct db *db, int64_t when, const struct tpath *extra, size_t n)
{
	struct bgp_obs *o = bgp_obs_new();
	const struct bgp_obs_result *r;
	struct bgp_import imp;
	struct dp_err err = DP_ERR_INIT;
	struct ipnet peer, pfx;
	size_t i;

	memset(&peer, 0, sizeof(peer));
	peer.family = AF_INET;
	peer.plen = 32;
	peer.addr[0] = 192;
	pfx = peer;
	pfx.plen = 24;
	pfx.addr[0] = 10;
	for (i = 0; i < sizeof(backbone) / sizeof(backbone[0]) + n; i++) {
		const struct tpath *t = i < sizeof(backbone) /
		    sizeof(backbone[0]) ? &backbone[i] : &extra[i -
		    sizeof(backbone) / sizeof(backbone[0])];

		peer.addr[3] = (unsigned char)(t->p[0] & 0xff);
		pfx.addr[1] = (unsigned char)(t->p[t->n - 1] & 0xff);
		pfx.addr[2] = (unsigned char)i;
		ck_assert_int_eq(bgp_obs_path(o, &peer, t->p[0], &pfx, 0, t->p,
		    t->n, 0, 0), BGP_PATH_OK);
	}
	r = bgp_obs_fold(o);
	memset(&imp, 0, sizeof(imp));
	imp.file_name = xstrdup("rib.test");
	imp.file_sha256 = xstrdup("0000000000000000000000000000000000000000"
	    "000000000000000000000000");
	imp.file_size = 123;
	imp.kind = "rib";
	imp.observed_at = when;
	imp.has_span = 1;
	imp.first_time = imp.last_time = when;
	imp.records = imp.elems = imp.paths = r->accepted;
	imp.vantage = r->vantage;
	imp.warnings = xstrdup("[\"offset 7: a test warning\"]");
	imp.nwarnings = 1;
	/* The import's row comes after its observations: foreign keys
	   off, as bgp_store_import() has them. */
	ck_assert_int_eq(db_foreign_keys(db, 0, &err), 0);
	ck_assert_int_eq(db_begin(db, &err), 0);
	ck_assert_msg(bgp_store_write(db, &imp, o, when + 60, &err) == 0,
	    "%s", err.msg);
	ck_assert_int_eq(db_commit(db, &err), 0);
	ck_assert_int_eq(db_foreign_keys(db, 1, &err), 0);
	{
		char hex[SHA256_HEXLEN];

		/* Every part is stored: the hash claimed is of them all. */
		bgp_obs_result_hash(bgp_obs_wait(o, BGP_PART_TRIPLETS), hex);
		ck_assert_str_eq(imp.content_sha256, hex);
	}
	bgp_obs_free(o);
	{
		int64_t id = imp.id;

		bgp_import_release(&imp);
		return id;
	}
}

static void
expect_verify(struct db *db, const char *bad)
{
	struct verify_report rep;
	struct dp_err err = DP_ERR_INIT;

	ck_assert_int_eq(audit_verify(db, NULL, &rep, &err), 0);
	if (bad == NULL)
		ck_assert_msg(rep.ok, "%s", rep.first_bad);
	else {
		ck_assert_msg(!rep.ok, "verify missed: %s", bad);
		ck_assert_msg(strstr(rep.first_bad, bad) != NULL, "%s",
		    rep.first_bad);
	}
}

/* McColo-like: 26780 behind 3549 and 6939, and peering with 8075. */
static const struct tpath sep[] = {
	P(7018, 3549, 26780), P(3356, 7018, 3549, 26780),
	P(3356, 6939, 26780), P(7018, 3356, 6939, 26780),
	P(8075, 26780),
};
/* October: 1299 added. */
static const struct tpath oct[] = {
	P(7018, 3549, 26780), P(3356, 6939, 26780),
	P(3356, 7018, 3549, 26780), P(7018, 174, 1299, 26780),
	P(3356, 174, 1299, 26780),
};
/* After the cut-off: gone (a gap), then back behind 1299 only. */
static const struct tpath nov[] = { P(7018, 174, 1299, 26780) };

START_TEST(test_verify)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;
	int64_t id;

	id = snapshot(db, 1220227200, sep, 5);
	ck_assert_int_eq(id, 1);
	expect_verify(db, NULL);
	ck_assert_int_eq(db_exec(db, "UPDATE bgp_upstreams SET vantage = 9 "
	    "WHERE origin = 26780 AND upstream = 3549", &err), 0);
	expect_verify(db, "observations of BGP import 1");
	ck_assert_int_eq(db_exec(db, "UPDATE bgp_upstreams SET vantage = 2 "
	    "WHERE origin = 26780 AND upstream = 3549", &err), 0);
	expect_verify(db, NULL);
	ck_assert_int_eq(db_exec(db, "DELETE FROM bgp_upstreams WHERE "
	    "origin = 26780 AND upstream = 6939", &err), 0);
	expect_verify(db, "observations of BGP import 1");
	db_close(db);

	db = test_db();
	snapshot(db, 1220227200, sep, 5);
	ck_assert_int_eq(db_exec(db, "UPDATE bgp_imports SET observed_at = "
	    "observed_at + 86400", &err), 0);
	expect_verify(db, "BGP import 1 differs");
	db_close(db);

	db = test_db();
	snapshot(db, 1220227200, sep, 5);
	ck_assert_int_eq(db_exec(db, "PRAGMA foreign_keys = OFF; INSERT INTO "
	    "bgp_imports SELECT 2, file_name, file_sha256, file_size, kind, "
	    "observed_at, first_time, last_time, records, elems, paths, "
	    "dropped_empty, dropped_set, dropped_loop, dropped_reserved, "
	    "withdrawals, vantage, truncated, warnings, nwarnings, "
	    "content_sha256, created_at, audit_seq FROM bgp_imports", &err),
	    0);
	expect_verify(db, "BGP import 2 has no bgp.import entry");
	db_close(db);

	db = test_db();
	snapshot(db, 1220227200, sep, 5);
	ck_assert_int_eq(db_exec(db, "INSERT INTO bgp_packed VALUES (5, "
	    "'links', 0, x'01')", &err), 0);
	expect_verify(db, "belongs to no import");
	db_close(db);

	/* Packed links and triplets: altered, damaged, missing. */
	db = test_db();
	snapshot(db, 1220227200, sep, 5);
	ck_assert_int_eq(db_exec(db, "UPDATE bgp_packed SET data = "
	    "CAST(substr(data, 1, length(data) - 1) || x'7f' AS BLOB) "
	    "WHERE part = 'links'", &err), 0);
	expect_verify(db, "observations of BGP import 1");
	ck_assert_int_eq(db_exec(db, "UPDATE bgp_packed SET data = x'02' "
	    "WHERE part = 'links'", &err), 0);
	expect_verify(db, "the packed links of BGP import 1 are damaged: "
	    "the data is of an unknown version (byte 0)");
	ck_assert_int_eq(db_exec(db, "DELETE FROM bgp_packed WHERE part = "
	    "'links'", &err), 0);
	expect_verify(db, "the packed links of BGP import 1 are missing");
	db_close(db);
}
END_TEST

START_TEST(test_candidates)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;
	struct bgp_cands c;
	size_t i;
	int seen3549 = 0, seen8075 = 0;

	ck_assert_int_eq(bgp_store_candidates(db, 26780, &c, &err), 0);
	ck_assert_int_eq(c.import_id, 0);
	snapshot(db, 1220227200, sep, 5);
	ck_assert_int_eq(bgp_store_candidates(db, 26780, &c, &err), 0);
	ck_assert_int_eq(c.import_id, 1);
	ck_assert_uint_eq(c.n, 3);
	for (i = 0; i < c.n; i++) {
		if (c.v[i].upstream == 3549) {
			seen3549 = 1;
			ck_assert_int_eq(c.v[i].paths, 2);
			ck_assert_int_eq(c.v[i].vantage, 2);
			ck_assert_int_eq(c.v[i].rel, ASREL_PROVIDER);
		}
		if (c.v[i].upstream == 8075) {
			seen8075 = 1;
			ck_assert_int_eq(c.v[i].rel, ASREL_PEER);
		}
	}
	ck_assert(seen3549 && seen8075);
	bgp_cands_release(&c);
	/* An AS no import saw. */
	ck_assert_int_eq(bgp_store_candidates(db, 64, &c, &err), 0);
	ck_assert_int_eq(c.import_id, 0);
	db_close(db);
}
END_TEST

START_TEST(test_history)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;
	struct bgp_hist h;
	json_t *j;

	snapshot(db, 1220227200, sep, 5);		/* 2008-09-01 */
	snapshot(db, 1222819200, oct, 5);		/* 2008-10-01 */
	snapshot(db, 1226448000, NULL, 0);		/* 2008-11-12 */
	snapshot(db, 1227139200, nov, 1);		/* 2008-11-20 */
	ck_assert_int_eq(bgp_store_history(db, 26780, &h, &err), 0);
	ck_assert_uint_eq(h.n, 4);
	ck_assert_uint_eq(h.gaps, 1);
	ck_assert_uint_eq(h.distinct, 4);	/* 3549 6939 8075 1299 */
	ck_assert_uint_eq(h.changes, 2);
	ck_assert(h.v[0].announced);
	ck_assert_uint_eq(h.v[0].ngained, 0);
	ck_assert_uint_eq(h.v[1].ngained, 1);
	ck_assert_uint_eq(h.v[1].gained[0], 1299);
	ck_assert_uint_eq(h.v[1].nlost, 1);
	ck_assert_uint_eq(h.v[1].lost[0], 8075);
	ck_assert(!h.v[2].announced);
	ck_assert_uint_eq(h.v[2].nups, 0);
	/* Against the last announced point (October), not the gap. */
	ck_assert_uint_eq(h.v[3].nlost, 2);
	ck_assert_uint_eq(h.v[3].lost[0], 3549);
	ck_assert_uint_eq(h.v[3].lost[1], 6939);
	ck_assert_uint_eq(h.v[3].ngained, 0);
	j = bgp_hist_to_json(&h);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "gaps")), 1);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(
	    json_object_get(j, "observations"), 2), "observed_at")),
	    "2008-11-12T00:00:00Z");
	json_decref(j);
	bgp_hist_release(&h);
	expect_verify(db, NULL);
	db_close(db);
}
END_TEST

/* bgp list's origins, bgp rm, and what verify then holds. */
START_TEST(test_rm)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;
	struct bgp_import *v = NULL, imp;
	struct bgp_hist h;
	int64_t *origins = NULL, seq = 0, entries;
	size_t n = 0;

	ck_assert_int_eq(bgp_store_list_origins(db, &v, &origins, &n, &err),
	    0);
	ck_assert_uint_eq(n, 0);
	bgp_imports_free(v, n);
	free(origins);
	snapshot(db, 1220227200, sep, 5);
	snapshot(db, 1222819200, oct, 5);
	ck_assert_int_eq(bgp_store_list_origins(db, &v, &origins, &n, &err),
	    0);
	ck_assert_uint_eq(n, 2);
	/* 100 200 300 9000 9100 9200 of the backbone, and 26780 */
	ck_assert_int_eq(origins[0], 7);
	ck_assert_int_eq(origins[1], 7);
	bgp_imports_free(v, n);
	free(origins);

	/* unknown: nothing written */
	ck_assert_int_eq(bgp_store_rm(db, 3, 1230000000, &imp, &seq, &err),
	    DP_EX_NOINPUT);
	ck_assert_int_eq(db_audit_next_seq(db, &entries, &err), 0);
	ck_assert_int_eq(entries, 3);

	ck_assert_int_eq(bgp_store_rm(db, 1, 1230000000, &imp, &seq, &err),
	    0);
	ck_assert_int_eq(imp.id, 1);
	ck_assert_int_eq(imp.observed_at, 1220227200);
	ck_assert_int_eq(seq, 3);
	bgp_import_release(&imp);
	ck_assert_int_eq(bgp_store_history(db, 26780, &h, &err), 0);
	ck_assert_uint_eq(h.n, 1);
	ck_assert_int_eq(h.v[0].import_id, 2);
	bgp_hist_release(&h);
	expect_verify(db, NULL);
	ck_assert_int_eq(bgp_store_rm(db, 1, 1230000000, &imp, &seq, &err),
	    DP_EX_NOINPUT);
	/* the last one removed: its id is never given again (a citation
	   of "bgp import #2" keeps naming one file), and verify follows */
	ck_assert_int_eq(bgp_store_rm(db, 2, 1230000000, &imp, &seq, &err),
	    0);
	bgp_import_release(&imp);
	expect_verify(db, NULL);
	ck_assert_int_eq(snapshot(db, 1222819200, oct, 5), 3);
	expect_verify(db, NULL);
	ck_assert_int_eq(db_exec(db, "PRAGMA foreign_keys = OFF; INSERT INTO "
	    "bgp_imports SELECT 2, file_name, file_sha256, file_size, kind, "
	    "observed_at, first_time, last_time, records, elems, paths, "
	    "dropped_empty, dropped_set, dropped_loop, dropped_reserved, "
	    "withdrawals, vantage, truncated, warnings, nwarnings, "
	    "content_sha256, created_at, 2 FROM bgp_imports", &err), 0);
	expect_verify(db, "BGP import 2, removed by audit entry 4, is still "
	    "there");
	db_close(db);
}
END_TEST

/* Relationships from the imports of a window of dates. */
START_TEST(test_window)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;
	struct asrel_graph g;
	int64_t k = -1;

	ck_assert_int_eq(bgp_store_relationships_window(db, INT64_MIN,
	    INT64_MAX, &g, &k, &err), DP_EX_NOINPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, "no BGP path imported; run"));
	snapshot(db, 1220227200, sep, 5);		/* 2008-09-01 */
	snapshot(db, 1222819200, oct, 5);		/* 2008-10-01 */
	/* September only: the peer 8075, no 1299 above 26780 */
	ck_assert_int_eq(bgp_store_relationships_window(db, 1220227200,
	    1220227200, &g, &k, &err), 0);
	ck_assert_int_eq(k, 1);
	ck_assert_int_eq(asrel_get(&g, 8075, 26780), ASREL_PEER);
	ck_assert_int_eq(asrel_get(&g, 1299, 26780), ASREL_NONE);
	asrel_graph_release(&g);
	/* October only */
	ck_assert_int_eq(bgp_store_relationships_window(db, 1220227201,
	    INT64_MAX, &g, &k, &err), 0);
	ck_assert_int_eq(k, 1);
	ck_assert_int_eq(asrel_get(&g, 8075, 26780), ASREL_NONE);
	ck_assert_int_eq(asrel_get(&g, 1299, 26780), ASREL_PROVIDER);
	asrel_graph_release(&g);
	/* both, as bgp_store_relationships() */
	ck_assert_int_eq(bgp_store_relationships_window(db, 0, INT64_MAX, &g,
	    &k, &err), 0);
	ck_assert_int_eq(k, 2);
	ck_assert_int_eq(asrel_get(&g, 8075, 26780), ASREL_PEER);
	ck_assert_int_eq(asrel_get(&g, 1299, 26780), ASREL_PROVIDER);
	asrel_graph_release(&g);
	/* a window between them */
	ck_assert_int_eq(bgp_store_relationships_window(db, 1220227201,
	    1222819199, &g, &k, &err), DP_EX_NOINPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, "window asked (0 imports in "
	    "it)"));
	db_close(db);
}
END_TEST

/* The links and triplets of a window, merged from each import's packed
   ones: paths summed, the most vantage points of any import. */
START_TEST(test_window_counts)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;
	struct bgp_link *l;
	struct bgp_triplet *t;
	size_t nl, nt, i;
	int64_t lp = -1, lv = -1, tp = -1;

	snapshot(db, 1220227200, sep, 5);
	snapshot(db, 1222819200, oct, 5);
	snapshot(db, 1225497600, nov, 1);
	ck_assert_int_eq(db_bgp_links_window(db, INT64_MIN, INT64_MAX, &l,
	    &nl, &err), 0);
	ck_assert_int_eq(db_bgp_triplets_window(db, INT64_MIN, INT64_MAX, &t,
	    &nt, &err), 0);
	for (i = 0; i < nl; i++) {
		if (i > 0)
			ck_assert(l[i - 1].a < l[i].a || (l[i - 1].a ==
			    l[i].a && l[i - 1].b < l[i].b));
		if (l[i].a == 7018 && l[i].b == 3549) {
			lp = l[i].paths;
			lv = l[i].vantage;
		}
	}
	for (i = 0; i < nt; i++)
		if (t[i].a == 7018 && t[i].b == 3549 && t[i].c == 26780)
			tp = t[i].paths;
	/* 4 paths from 3 peers in September and October, 2 from 2 in
	   November (the backbone's) */
	ck_assert_int_eq(lp, 10);
	ck_assert_int_eq(lv, 3);
	ck_assert_int_eq(tp, 4);
	free(l);
	free(t);
	ck_assert_int_eq(db_bgp_links_window(db, 1225497600, INT64_MAX, &l,
	    &nl, &err), 0);
	for (i = 0; i < nl; i++)
		if (l[i].a == 7018 && l[i].b == 3549) {
			ck_assert_int_eq(l[i].paths, 2);
			ck_assert_int_eq(l[i].vantage, 2);
		}
	free(l);
	ck_assert_int_eq(db_bgp_links_window(db, 0, 1, &l, &nl, &err), 0);
	ck_assert_uint_eq(nl, 0);
	free(l);
	db_close(db);
}
END_TEST

Suite *
bgp_store_suite(void)
{
	Suite *s = suite_create("bgp_store");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_verify);
	tcase_add_test(tc, test_candidates);
	tcase_add_test(tc, test_history);
	tcase_add_test(tc, test_rm);
	tcase_add_test(tc, test_window);
	tcase_add_test(tc, test_window_counts);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}
