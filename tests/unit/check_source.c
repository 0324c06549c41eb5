/*
 * check_source.c - stored registry answers: batches committed in parts,
 * the address ranges they speak for, and finding the stored answer whose
 * range covers an address (the bulk lookup's reuse), and the store's
 * freshness rule.
 */
#include <sys/socket.h>

#include "source.h"
#include "srcstore.h"
#include "testutil.h"
#include "validate.h"

static void
add(struct source_batch *b, const char *server, const char *query,
    int64_t at, const char *lo, const char *hi)
{
	struct ipnet a, z;

	source_batch_add(b, "whois", server, query, at, 0, 0, query,
	    strlen(query));
	if (lo == NULL)
		return;
	ck_assert_int_eq(val_ip(lo, &a, NULL), 0);
	ck_assert_int_eq(val_ip(hi, &z, NULL), 0);
	source_add_range(&b->v[b->n - 1], a.family, a.addr, z.addr);
}

/* The query of the answer covering addr from server, or "-". */
static const char *
covering(struct db *db, const char *server, const char *addr,
    int64_t not_before, char *buf, size_t size)
{
	struct source s;
	struct ipnet a;
	int64_t id;

	ck_assert_int_eq(val_ip(addr, &a, NULL), 0);
	if (db_source_covering(db, "whois", server, a.family, a.addr,
	    not_before, &id, NULL) != 0)
		return "-";
	ck_assert_int_eq(db_source_get(db, id, &s, NULL), 0);
	snprintf(buf, size, "%s", s.query);
	source_release(&s);
	return buf;
}

START_TEST(test_covering)
{
	struct db *db = test_db();
	struct source_batch b = { NULL, 0 };
	struct dp_err err = DP_ERR_INIT;
	char q[64];

	add(&b, "whois.iana.org:43", "iana 208/8", 1000, "208.0.0.0",
	    "208.255.255.255");
	add(&b, "whois.arin.net:43", "arin /22", 1000, "208.66.192.0",
	    "208.66.195.255");
	add(&b, "whois.arin.net:43", "arin /24 inside", 1000, "208.66.193.0",
	    "208.66.193.255");
	add(&b, "whois.arin.net:43", "arin v6", 1000, "2001:db8::",
	    "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff");
	add(&b, "whois.arin.net:43", "no range", 1000, NULL, NULL);
	ck_assert_msg(srcstore_commit_batch(db, &b, 0, "t", &err) == 0, "%s",
	    err.msg);
	/* The most specific range, per server and family. */
	ck_assert_str_eq(covering(db, "whois.arin.net:43", "208.66.193.9", 0,
	    q, sizeof(q)), "arin /24 inside");
	ck_assert_str_eq(covering(db, "whois.arin.net:43", "208.66.192.1", 0,
	    q, sizeof(q)), "arin /22");
	ck_assert_str_eq(covering(db, "whois.arin.net:43", "208.66.195.255",
	    0, q, sizeof(q)), "arin /22");
	ck_assert_str_eq(covering(db, "whois.arin.net:43", "208.66.196.0", 0,
	    q, sizeof(q)), "-");
	ck_assert_str_eq(covering(db, "whois.iana.org:43", "208.66.196.0", 0,
	    q, sizeof(q)), "iana 208/8");
	ck_assert_str_eq(covering(db, "whois.ripe.net:43", "208.66.193.9", 0,
	    q, sizeof(q)), "-");
	ck_assert_str_eq(covering(db, "whois.arin.net:43", "2001:db8::1", 0,
	    q, sizeof(q)), "arin v6");
	/* An IPv6 address whose bytes start like 208.66... is not IPv4. */
	ck_assert_str_eq(covering(db, "whois.arin.net:43", "d042:c101::", 0,
	    q, sizeof(q)), "-");
	/* Too old for the TTL. */
	ck_assert_str_eq(covering(db, "whois.arin.net:43", "208.66.193.9",
	    1001, q, sizeof(q)), "-");
	source_batch_release(&b);
	db_close(db);
}
END_TEST

/* A newer answer for the same range wins. */
START_TEST(test_covering_newest)
{
	struct db *db = test_db();
	struct source_batch b = { NULL, 0 };
	struct dp_err err = DP_ERR_INIT;
	char q[64];

	add(&b, "whois.ripe.net:43", "old", 1000, "91.0.0.0",
	    "91.0.255.255");
	add(&b, "whois.ripe.net:43", "new", 2000, "91.0.0.0",
	    "91.0.255.255");
	ck_assert_int_eq(srcstore_commit_batch(db, &b, 0, "t", &err), 0);
	ck_assert_str_eq(covering(db, "whois.ripe.net:43", "91.0.3.4", 0, q,
	    sizeof(q)), "new");
	ck_assert_str_eq(covering(db, "whois.ripe.net:43", "91.0.3.4", 1500,
	    q, sizeof(q)), "new");
	source_batch_release(&b);
	db_close(db);
}
END_TEST

/* Committing in parts: each part once, with an audit entry of its own. */
START_TEST(test_commit_from)
{
	struct db *db = test_db();
	struct source_batch b = { NULL, 0 };
	struct dp_err err = DP_ERR_INIT;
	struct source s;

	add(&b, "whois.iana.org:43", "one", 1000, NULL, NULL);
	ck_assert_int_eq(srcstore_commit_batch(db, &b, 0, "t", &err), 0);
	add(&b, "whois.iana.org:43", "two", 1000, NULL, NULL);
	add(&b, "whois.iana.org:43", "three", 1000, NULL, NULL);
	ck_assert_int_eq(srcstore_commit_batch(db, &b, 1, "t", &err), 0);
	ck_assert_int_eq(srcstore_commit_batch(db, &b, 3, "t", &err), 0);
	ck_assert(b.v[0].id > 0 && b.v[1].id > b.v[0].id &&
	    b.v[2].id > b.v[1].id);
	ck_assert_int_eq(db_source_get(db, b.v[2].id, &s, &err), 0);
	ck_assert_str_eq(s.query, "three");
	ck_assert_int_eq(s.audit_seq, 2);
	source_release(&s);
	ck_assert_int_eq(db_source_get(db, b.v[2].id + 1, &s, &err),
	    DP_EX_NOINPUT);
	source_batch_release(&b);
	db_close(db);
}
END_TEST

/* The store serves what is fresh, and nothing with --refresh or ttl 0. */
START_TEST(test_srcstore_freshness)
{
	struct db *db = test_db();
	struct source_batch b = { NULL, 0 };
	struct dp_err err = DP_ERR_INIT;
	struct srcstore st;
	const struct source_reader *r;
	struct source s;
	int64_t id;

	source_batch_add(&b, "whois", "whois.iana.org:43", "AS1", 1000, 0, 0,
	    "x", 1);
	ck_assert_int_eq(srcstore_commit_batch(db, &b, 0, "t", &err), 0);
	id = b.v[0].id;
	srcstore_init(&st, db, 0, 100, 1050);
	ck_assert_ptr_nonnull(r = srcstore_reader(&st));
	ck_assert_int_eq(r->cached(r->self, "whois", "whois.iana.org:43",
	    "AS1", &s), 0);
	ck_assert_int_eq(s.id, id);
	source_release(&s);
	ck_assert_int_eq(r->get(r->self, id, &s), 0);
	source_release(&s);
	/* Too old for a ttl of 10 s; still there however old. */
	srcstore_init(&st, db, 0, 10, 1050);
	r = srcstore_reader(&st);
	ck_assert_int_ne(r->cached(r->self, "whois", "whois.iana.org:43",
	    "AS1", &s), 0);
	ck_assert_int_eq(srcstore_newest(&st, "whois", "whois.iana.org:43",
	    "AS1", &s), 0);
	source_release(&s);
	srcstore_init(&st, db, 1, 100, 1050);
	ck_assert_ptr_null(srcstore_reader(&st));
	srcstore_init(&st, db, 0, 0, 1050);
	ck_assert_ptr_null(srcstore_reader(&st));
	srcstore_init(&st, NULL, 0, 100, 1050);
	ck_assert_ptr_null(srcstore_reader(&st));
	source_batch_release(&b);
	db_close(db);
}
END_TEST

Suite *
source_suite(void)
{
	Suite *s = suite_create("source");
	TCase *tc = tcase_create("ranges");

	tcase_add_test(tc, test_covering);
	tcase_add_test(tc, test_covering_newest);
	tcase_add_test(tc, test_commit_from);
	tcase_add_test(tc, test_srcstore_freshness);
	suite_add_tcase(s, tc);
	return s;
}
