/*
 * check_upstream.c - the resolution core's upstream links: scoring with
 * the named weights, the RFC 2142 fallback as typed contacts, a cited
 * source's JSON, and the "upstreams" audit entry over the links with
 * verify's check of it (verify_upstream_entry()), tampering included.
 */
#include <string.h>

#include "audit.h"
#include "contacts.h"
#include "lookup.h"
#include "srcstore.h"
#include "testutil.h"
#include "uplink.h"
#include "upstream.h"
#include "verify_upstream.h"

#define AT	1226438580	/* 2008-11-11T21:23:00Z */

/* A candidate with what the sources said of it. */
static struct upstream_cand *
cand(struct lookup *l, uint32_t asn)
{
	struct upstream_cand *u;

	l->release_ext = upstream_release_candidates;
	l->ups = xrealloc(l->ups, (l->nups + 1) * sizeof(*l->ups));
	u = &l->ups[l->nups++];
	memset(u, 0, sizeof(*u));
	u->asn = asn;
	u->power = -1;
	return u;
}

static double
conf(const struct lookup *l, uint32_t asn)
{
	size_t i;

	for (i = 0; i < l->nups; i++)
		if (l->ups[i].asn == asn)
			return l->ups[i].confidence;
	return -1;
}

START_TEST(test_score)
{
	struct lookup l;
	struct dp_err err = DP_ERR_INIT;
	struct upstream_cand *u;
	size_t i;

	ck_assert_int_eq(lookup_init(&l, "AS26780", LK_WHOIS, &err), 0);
	u = cand(&l, 3549);		/* every source agrees */
	u->left = 1;
	u->power = 312;
	u->irr_import = u->irr_confirmed = 1;
	u->cymru_peer = 1;
	u = cand(&l, 6939);		/* half the paths */
	u->left = 1;
	u->power = 50;
	cand(&l, 1)->left = 1;		/* no path count */
	cand(&l, 2)->irr_import = 1;
	cand(&l, 3)->cymru_peer = 1;
	u = cand(&l, 4);		/* both sides: halved */
	u->left = u->both = 1;
	u->power = 100;
	cand(&l, 12654)->uncertain = 1;	/* a route collector */
	upstream_score(&l);
	ck_assert_uint_eq(l.nups, 6);
	ck_assert_uint_eq(l.ups[0].asn, 3549);
	ck_assert(conf(&l, 3549) == UP_MAX);
	ck_assert(conf(&l, 6939) == UP_W_LEFT + UP_W_PATHS * 0.5);
	ck_assert(conf(&l, 1) == UP_W_LEFT + UP_W_PATHS * UP_PATHS_UNKNOWN);
	ck_assert(conf(&l, 2) == UP_W_IRR);
	ck_assert(conf(&l, 3) == UP_W_PEER);
	ck_assert(conf(&l, 4) == (UP_W_LEFT + UP_W_PATHS) * UP_DISAGREE);
	ck_assert(conf(&l, 12654) == -1);
	/* The values the manual gives. */
	ck_assert(upstream_confidence_shown(conf(&l, 6939)) == 0.6);
	ck_assert(upstream_confidence_shown(conf(&l, 4)) == 0.35);
	/* The disagreement is said in the evidence. */
	for (i = 0; l.ups[i].asn != 4; i++)
		;
	ck_assert_str_eq(l.ups[i].ev[0].method, "depeer");
	lookup_release(&l);
}
END_TEST

static void
contact(struct lookup *l, const char *email, enum reg_role role)
{
	l->contacts = xrealloc(l->contacts, (l->ncontacts + 1) *
	    sizeof(*l->contacts));
	l->contacts[l->ncontacts].email = xstrdup(email);
	l->contacts[l->ncontacts].role = role;
	l->contacts[l->ncontacts].via = NULL;
	l->contacts[l->ncontacts].handle = NULL;
	l->contacts[l->ncontacts].from = NULL;
	l->contacts[l->ncontacts++].src = -1;
}

START_TEST(test_fallback)
{
	struct lookup l;
	struct dp_err err = DP_ERR_INIT;
	struct contact *v;
	size_t n;

	ck_assert_int_eq(lookup_init(&l, "192.0.2.1", LK_WHOIS, &err), 0);
	contact(&l, "noc@net.example", ROLE_TECH);
	contact(&l, "hostmaster@net.example", ROLE_ADMIN);
	contact(&l, "someone@remark.example", ROLE_REMARK);
	contacts_rank(&l);
	contacts_of_lookup(&l, 1, &v, &n);
	/* Once per domain, never from a remark, typed as a guess. */
	ck_assert_uint_eq(n, 4);
	ck_assert_str_eq(v[3].email, "abuse@net.example");
	ck_assert_int_eq(v[3].role, ROLE_FALLBACK);
	ck_assert_ptr_null(v[3].src);
	ck_assert_ptr_nonnull(strstr(v[3].via, "RFC 2142"));
	contacts_free(v, n);
	/* A registry's abuse address: no guess. */
	contact(&l, "abuse@reg.example", ROLE_ABUSE);
	contacts_rank(&l);
	contacts_of_lookup(&l, 1, &v, &n);
	ck_assert_uint_eq(n, 4);
	ck_assert_str_eq(v[0].email, "abuse@reg.example");
	contacts_free(v, n);
	lookup_release(&l);
}
END_TEST

START_TEST(test_source_ref_json)
{
	struct source_ref r;
	json_t *o;

	source_ref_set(&r, 0, "whois", "whois.arin.net:43", "n + 1.2.3.4", AT,
	    "00", 12);
	r.cached = 1;
	o = source_ref_to_json(&r);
	ck_assert(json_is_null(json_object_get(o, "id")));
	ck_assert_int_eq(json_integer_value(json_object_get(o, "size")), 12);
	ck_assert(json_is_true(json_object_get(o, "cached")));
	ck_assert(json_is_false(json_object_get(o, "reused")));
	ck_assert_uint_eq(json_object_size(o), 9);
	json_decref(o);
	source_ref_release(&r);
}
END_TEST

/* ---- the audit entry and verify's check ---- */

static int64_t source_id;

/* A stored answer the links cite. */
static struct db *
links_db(void)
{
	struct db *db = test_db();
	struct source_batch b = { NULL, 0 };
	struct dp_err err = DP_ERR_INIT;

	source_batch_add(&b, "irr", "whois.radb.net:43", "AS26780", AT, 0, 0,
	    "aut-num: AS26780\n", 17);
	ck_assert_msg(srcstore_commit_batch(db, &b, 0, "t", &err) == 0, "%s",
	    err.msg);
	source_id = b.v[0].id;
	source_batch_release(&b);
	return db;
}

/* Origin AS26780 with upstreams ups[0..n), each shown by the source. */
static void
origin(struct upstream_origin *o, const uint32_t *ups, size_t n)
{
	size_t i;

	memset(o, 0, sizeof(*o));
	o->asn = 26780;
	o->ups = xcalloc(n, sizeof(*o->ups));
	o->nups = n;
	for (i = 0; i < n; i++) {
		o->ups[i].asn = ups[i];
		o->ups[i].name = xasprintf("UP%u", ups[i]);
		o->ups[i].confidence = 0.55 + 0.1 * (double)i;
		o->ups[i].ev = xcalloc(1, sizeof(*o->ups[i].ev));
		o->ups[i].nev = 1;
		o->ups[i].ev[0].method = xstrdup("irr");
		o->ups[i].ev[0].detail = xasprintf("imports ANY from AS%u",
		    ups[i]);
		o->ups[i].ev[0].src = xcalloc(1, sizeof(struct source_ref));
		source_ref_set(o->ups[i].ev[0].src, source_id, "irr",
		    "whois.radb.net:43", "AS26780", AT, "00", 17);
	}
}

static void
record(struct db *db, const uint32_t *ups, size_t n, int64_t now)
{
	struct upstream_result res;
	struct dp_err err = DP_ERR_INIT;

	memset(&res, 0, sizeof(res));
	res.origins = xcalloc(1, sizeof(*res.origins));
	res.norigins = 1;
	origin(&res.origins[0], ups, n);
	ck_assert_int_eq(db_begin(db, &err), 0);
	ck_assert_msg(upstream_record(db, &res.origins[0], now, &err) == 0,
	    "%s", err.msg);
	ck_assert_int_eq(db_commit(db, &err), 0);
	ck_assert(res.origins[0].ups[0].last_seen == now);
	upstream_result_release(&res);
}

/* The upstreams entries, checked one by one; the first complaint. */
struct walk {
	struct db	*db;
	int		 n;
	char		 why[512];
};

static int
walk_entry(const struct audit_entry *e, void *arg)
{
	struct walk *w = arg;
	struct dp_err err = DP_ERR_INIT;
	char why[512];

	if (strcmp(e->action, AUDIT_UPSTREAMS) != 0)
		return 0;
	w->n++;
	ck_assert_msg(verify_upstream_entry(w->db, e, why, sizeof(why),
	    &err) == 0, "%s", err.msg);
	if (why[0] != '\0' && w->why[0] == '\0')
		snprintf(w->why, sizeof(w->why), "%s", why);
	return 0;
}

/* Verify every upstreams entry: "" when all hold. */
static const char *
check(struct db *db, struct walk *w)
{
	struct dp_err err = DP_ERR_INIT;

	memset(w, 0, sizeof(*w));
	w->db = db;
	ck_assert_int_eq(db_audit_iter(db, 0, walk_entry, w, &err), 0);
	return w->why;
}

static const uint32_t two[] = { 3549, 6939 };

START_TEST(test_entry_holds)
{
	struct db *db = links_db();
	struct walk w;

	record(db, two, 2, AT);
	ck_assert_str_eq(check(db, &w), "");
	ck_assert_int_eq(w.n, 1);
	/* A later run rewrites one link: both entries still hold. */
	record(db, two, 1, AT + 60);
	ck_assert_str_eq(check(db, &w), "");
	ck_assert_int_eq(w.n, 2);
	db_close(db);
}
END_TEST

/*
 * Regression: two runs within one second that find different links wrote
 * the same last_seen, and the first entry then failed as if tampered.
 */
START_TEST(test_entry_same_second)
{
	struct db *db = links_db();
	struct walk w;

	record(db, two, 2, AT);
	record(db, two, 1, AT);
	ck_assert_str_eq(check(db, &w), "");
	ck_assert_int_eq(w.n, 2);
	db_close(db);
}
END_TEST

/* A link moved to an entry that did not record it is a stray. */
START_TEST(test_stray)
{
	struct db *db = links_db();
	struct dp_err err = DP_ERR_INIT;
	uint32_t asn, up;
	int64_t seq;

	record(db, two, 2, AT);
	ck_assert_int_eq(db_upstream_stray(db, &asn, &up, &seq, &err),
	    DP_EX_NOINPUT);
	ck_assert_int_eq(db_exec(db, "UPDATE upstreams SET audit_seq = 1 "
	    "WHERE upstream_asn = 6939", &err), 0);
	ck_assert_int_eq(db_upstream_stray(db, &asn, &up, &seq, &err), 0);
	ck_assert_uint_eq(asn, 26780);
	ck_assert_uint_eq(up, 6939);
	ck_assert_int_eq(seq, 1);
	db_close(db);
}
END_TEST

static const struct {
	const char	*sql;
	const char	*why;
} tamper[] = {
	{ "UPDATE upstreams SET confidence = 0.9 WHERE upstream_asn = 6939",
	  "AS26780 -> AS6939 does not match" },
	{ "UPDATE upstreams SET name = 'X' WHERE upstream_asn = 3549",
	  "AS26780 -> AS3549 does not match" },
	{ "UPDATE upstream_evidence SET detail = 'x'",
	  "does not match" },
	{ "DELETE FROM upstream_evidence WHERE upstream_id = "
	  "(SELECT id FROM upstreams WHERE upstream_asn = 3549)",
	  "AS26780 -> AS3549 does not match" },
	{ "DELETE FROM upstream_evidence WHERE upstream_id = "
	  "(SELECT id FROM upstreams WHERE upstream_asn = 6939); "
	  "DELETE FROM upstreams WHERE upstream_asn = 6939",
	  "AS26780 -> AS6939 is missing" },
	{ "UPDATE upstreams SET last_seen = last_seen - 1",
	  "does not match" },
	{ "UPDATE upstreams SET audit_seq = audit_seq - 1",
	  "was changed: last written" },
	{ "INSERT INTO upstreams (asn, upstream_asn, confidence, first_seen, "
	  "last_seen, audit_seq) VALUES (26780, 174, 0.9, 1226438580, "
	  "1226438580, (SELECT max(seq) FROM audit_log))",
	  "AS26780 -> AS174 claims the entry" },
	{ "UPDATE audit_log SET payload = replace(payload, '6939', '6940') "
	  "WHERE action = 'upstreams'",
	  "" },		/* the chain's check; the links still hold */
};

START_TEST(test_entry_tampered)
{
	struct db *db = links_db();
	struct dp_err err = DP_ERR_INIT;
	struct walk w;

	record(db, two, 2, AT);
	ck_assert_msg(db_exec(db, tamper[_i].sql, &err) == 0, "%s", err.msg);
	if (*tamper[_i].why == '\0') {
		/* The payload now lists AS6940, which does not exist. */
		ck_assert_ptr_nonnull(strstr(check(db, &w), "missing"));
	} else
		ck_assert_msg(strstr(check(db, &w), tamper[_i].why) != NULL,
		    "%s: got '%s'", tamper[_i].sql, w.why);
	db_close(db);
}
END_TEST

START_TEST(test_entry_bad_payload)
{
	struct db *db = links_db();
	struct audit_entry e;
	struct dp_err err = DP_ERR_INIT;
	char why[256];

	memset(&e, 0, sizeof(e));
	e.action = AUDIT_UPSTREAMS;
	e.at = AT;
	e.payload = "{\"origin\":26780}";
	ck_assert_int_eq(verify_upstream_entry(db, &e, why, sizeof(why),
	    &err), 0);
	ck_assert_ptr_nonnull(strstr(why, "not an upstreams payload"));
	e.payload = "{\"links\":[],\"links_sha256\":\"00\",\"origin\":1}";
	ck_assert_int_eq(verify_upstream_entry(db, &e, why, sizeof(why),
	    &err), 0);
	ck_assert_ptr_nonnull(strstr(why, "links_sha256"));
	db_close(db);
}
END_TEST

Suite *
upstream_suite(void)
{
	Suite *s = suite_create("upstream");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_score);
	tcase_add_test(tc, test_fallback);
	tcase_add_test(tc, test_source_ref_json);
	tcase_add_test(tc, test_entry_holds);
	tcase_add_test(tc, test_entry_same_second);
	tcase_add_test(tc, test_stray);
	tcase_add_loop_test(tc, test_entry_tampered, 0,
	    (int)ARRAY_SIZE(tamper));
	tcase_add_test(tc, test_entry_bad_payload);
	suite_add_tcase(s, tc);
	return s;
}
