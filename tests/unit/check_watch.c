/*
 * check_watch.c - "depeer watch" without a network: one origin's three
 * RIPEstat answers (tests/fakenet/data/watch-*) read into its state, the
 * union over origins, and every transition of the compare (old state +
 * new state -> events), flapping included.
 */
#include <check.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "exitcodes.h"
#include "testutil.h"
#include "watch.h"

/* ---- one origin's answers ---- */

static void
origin(const char *phase, struct watch_origin *o)
{
	static const uint32_t own[] = { 26780 };
	struct dp_err err = DP_ERR_INIT;
	char p[3][128], *t[3];
	size_t len[3];
	int i;

	snprintf(p[0], sizeof(p[0]), "../fakenet/data/watch-neighbours-%s"
	    ".json", phase);
	snprintf(p[1], sizeof(p[1]), "../fakenet/data/watch-announced-%s"
	    ".json", phase);
	snprintf(p[2], sizeof(p[2]), "../fakenet/data/watch-status-%s.json",
	    phase);
	for (i = 0; i < 3; i++)
		t[i] = test_fixture(p[i], &len[i]);
	ck_assert_msg(watch_origin_read(26780, own, 1, t[0], len[0], t[1],
	    len[1], t[2], len[2], o, &err) == 0, "%s", err.msg);
	for (i = 0; i < 3; i++)
		free(t[i]);
}

START_TEST(test_origin_read)
{
	struct watch_origin o;

	origin("base", &o);
	/* Left neighbours only: not the customer AS64496. */
	ck_assert_uint_eq(o.nups, 2);
	ck_assert_uint_eq(o.ups[0], 3549);
	ck_assert_uint_eq(o.ups[1], 6939);
	ck_assert_uint_eq(o.announced, 2);
	ck_assert_uint_eq(o.withdrawn, 0);
	ck_assert_int_eq(o.seeing, 348);
	ck_assert_int_eq(watch_origin_online(&o), 1);
	watch_origin_release(&o);

	origin("offline", &o);
	ck_assert_uint_eq(o.nups, 0);
	ck_assert_uint_eq(o.announced, 0);
	ck_assert_uint_eq(o.withdrawn, 2);
	ck_assert_int_eq(o.seeing, 0);
	ck_assert_int_eq(watch_origin_online(&o), 0);
	watch_origin_release(&o);

	origin("rehomed", &o);
	ck_assert_uint_eq(o.nups, 1);
	ck_assert_uint_eq(o.ups[0], 1299);
	ck_assert_uint_eq(o.announced, 2);
	watch_origin_release(&o);
}
END_TEST

START_TEST(test_origin_low_visibility)
{
	struct watch_origin o;

	/* Announced-prefixes empty but three RIS peers see it: online. */
	memset(&o, 0, sizeof(o));
	o.seeing = 3;
	ck_assert_int_eq(watch_origin_online(&o), 1);
	o.seeing = -1;
	ck_assert_int_eq(watch_origin_online(&o), 0);
	o.announced = 1;
	ck_assert_int_eq(watch_origin_online(&o), 1);
}
END_TEST

/* ---- the compare ---- */

/* A state: online, then the upstreams, ending with 0. */
static struct watch_state
st(int online, ...)
{
	struct watch_state s;
	va_list ap;
	uint32_t a;

	memset(&s, 0, sizeof(s));
	s.online = online;
	s.ups = calloc(16, sizeof(*s.ups));
	va_start(ap, online);
	while ((a = va_arg(ap, uint32_t)) != 0)
		s.ups[s.nups++] = a;
	va_end(ap);
	return s;
}

/*
 * Walk the states in order as runs would, each compared with what the
 * runs before recorded (a run is recorded only when something changed),
 * and return the changes of the last step as "kind:asn kind:asn".
 */
static char *
walk(const struct watch_state *v, size_t n)
{
	struct watch_prev prev;
	struct watch_change *ch;
	char *out = calloc(1, 512);
	size_t i, k, nch;

	memset(&prev, 0, sizeof(prev));
	for (i = 0; i < n; i++) {
		watch_compare(&prev, &v[i], &ch, &nch);
		if (i == n - 1) {
			for (k = 0; k < nch; k++)
				snprintf(out + strlen(out), 512 - strlen(out),
				    "%s%s:%u", k > 0 ? " " : "", ch[k].kind,
				    ch[k].asn);
		}
		if (!prev.known || nch > 0) {
			/* Recorded: the state the next run compares with. */
			prev.known = 1;
			prev.last = v[i];
			if (v[i].online) {
				prev.have_online = 1;
				prev.online_ups = v[i].ups;
				prev.nonline_ups = v[i].nups;
			}
		}
		free(ch);
	}
	return out;
}

static void
check_walk(const struct watch_state *v, size_t n, const char *want)
{
	char *got = walk(v, n);

	ck_assert_str_eq(got, want);
	free(got);
}

static void
free_states(struct watch_state *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].ups);
}

START_TEST(test_compare_baseline_and_same)
{
	struct watch_state v[3];

	v[0] = st(1, 3549u, 6939u, 0u);
	v[1] = st(1, 3549u, 6939u, 0u);
	v[2] = st(0, 0u);
	/* The first run: no change whatever the state. */
	check_walk(v, 1, "");
	check_walk(&v[2], 1, "");
	/* The same state again: nothing. */
	check_walk(v, 2, "");
	free_states(v, 3);
}
END_TEST

START_TEST(test_compare_mccolo)
{
	struct watch_state v[5];

	v[0] = st(1, 3549u, 6939u, 0u);
	v[1] = st(1, 6939u, 0u);
	v[2] = st(0, 0u);
	v[3] = st(1, 1299u, 0u);
	v[4] = st(1, 1299u, 0u);
	check_walk(v, 2, "upstream-lost:3549");
	check_walk(v, 3, "offline:0 upstream-lost:6939 de-peered:0");
	check_walk(v, 4, "upstream-gained:1299 rehomed:1299");
	check_walk(v, 5, "");
	free_states(v, 5);
}
END_TEST

START_TEST(test_compare_offline_keeps_neighbours)
{
	struct watch_state v[3];

	/* RIS still lists the old neighbour while nothing is announced. */
	v[0] = st(1, 3549u, 0u);
	v[1] = st(0, 3549u, 0u);
	v[2] = st(1, 3549u, 0u);
	check_walk(v, 2, "offline:0");
	check_walk(v, 3, "back-online:0");
	free_states(v, 3);
}
END_TEST

START_TEST(test_compare_flapping)
{
	struct watch_state v[6];

	/* Down and up and down again behind the same upstream, then back
	   behind a new one: each step recorded once. */
	v[0] = st(1, 6939u, 0u);
	v[1] = st(0, 0u);
	v[2] = st(1, 6939u, 0u);
	v[3] = st(0, 0u);
	v[4] = st(0, 0u);
	v[5] = st(1, 1299u, 6939u, 0u);
	check_walk(v, 2, "offline:0 upstream-lost:6939 de-peered:0");
	check_walk(v, 3, "upstream-gained:6939 back-online:0");
	check_walk(v, 4, "offline:0 upstream-lost:6939 de-peered:0");
	check_walk(v, 5, "");
	/* 1299 is new beside 6939: rehomed behind it. */
	check_walk(v, 6, "upstream-gained:1299 upstream-gained:6939 "
	    "rehomed:1299");
	free_states(v, 6);
}
END_TEST

START_TEST(test_compare_replaced_while_up)
{
	struct watch_state v[3];

	/* Transit replaced between two runs, never seen down. */
	v[0] = st(1, 3549u, 6939u, 0u);
	v[1] = st(1, 1299u, 0u);
	check_walk(v, 2, "upstream-lost:3549 upstream-lost:6939 "
	    "upstream-gained:1299 rehomed:1299");
	/* One kept: a gain, not a rehoming. */
	v[2] = st(1, 1299u, 6939u, 0u);
	{
		struct watch_state w[2] = { v[0], v[2] };

		check_walk(w, 2, "upstream-lost:3549 upstream-gained:1299");
	}
	free_states(v, 3);
}
END_TEST

START_TEST(test_compare_last_upstream_lost_while_up)
{
	struct watch_state v[3];

	/* The last upstream gone while RIS peers still see it (a route
	   leaking through a peer): de-peered, not offline; one of two
	   gone is only a loss. */
	v[0] = st(1, 3549u, 6939u, 0u);
	v[1] = st(1, 6939u, 0u);
	v[2] = st(1, 0u);
	check_walk(v, 2, "upstream-lost:3549");
	check_walk(&v[1], 2, "upstream-lost:6939 de-peered:0");
	free_states(v, 3);
}
END_TEST

START_TEST(test_compare_up_from_unknown)
{
	struct watch_state v[2];

	/* Watched first while offline: coming up has nothing to compare
	   with, so it is back-online, not rehomed. */
	v[0] = st(0, 0u);
	v[1] = st(1, 1299u, 0u);
	check_walk(v, 2, "upstream-gained:1299 back-online:0");
	free_states(v, 2);
}
END_TEST

START_TEST(test_state_union)
{
	struct watch_origin o[2];
	struct watch_state s;
	uint32_t a[] = { 6939, 3549 }, b[] = { 3549, 1299 };

	memset(o, 0, sizeof(o));
	o[0].ups = a;
	o[0].nups = 2;
	o[0].seeing = 0;
	o[1].ups = b;
	o[1].nups = 2;
	o[1].announced = 1;
	watch_state_of(o, 2, &s);
	ck_assert_int_eq(s.online, 1);
	ck_assert_uint_eq(s.nups, 3);
	ck_assert_uint_eq(s.ups[0], 1299);
	ck_assert_uint_eq(s.ups[1], 3549);
	ck_assert_uint_eq(s.ups[2], 6939);
	watch_state_release(&s);
}
END_TEST

Suite *
watch_suite(void)
{
	Suite *s = suite_create("watch");
	TCase *tc = tcase_create("watch");

	tcase_add_test(tc, test_origin_read);
	tcase_add_test(tc, test_origin_low_visibility);
	tcase_add_test(tc, test_compare_baseline_and_same);
	tcase_add_test(tc, test_compare_mccolo);
	tcase_add_test(tc, test_compare_offline_keeps_neighbours);
	tcase_add_test(tc, test_compare_last_upstream_lost_while_up);
	tcase_add_test(tc, test_compare_flapping);
	tcase_add_test(tc, test_compare_replaced_while_up);
	tcase_add_test(tc, test_compare_up_from_unknown);
	tcase_add_test(tc, test_state_union);
	suite_add_tcase(s, tc);
	return s;
}
