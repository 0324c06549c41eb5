/*
 * check_impact.c - the impact estimates on synthetic series made here
 * with a fixed seed: hourly spam counts with a daily and a weekly cycle,
 * AR(1) hour-to-hour noise on the log scale and Poisson counts on top,
 * with a known drop, no change, or a rebound; and the coverage of the
 * i.i.d. bootstrap against the day-block bootstrap on 200 of them.
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "exitcodes.h"
#include "impact.h"

#define H	3600
#define DAY	86400
/* 2008-11-11T21:00:00Z, a Tuesday evening. */
#define AT	((int64_t)1226437200)

struct gen {
	int	days_before, days_after;
	double	drop;		/* fraction lost at AT: 0.6 for 60% */
	double	week2;		/* the level from the second week after, as
				   a fraction of before (the rebound); <0:
				   same as the first week */
	double	phi, sd;	/* AR(1) on the log scale */
	double	base;		/* mean count per hour before */
};

/* A series of hourly counts around AT; *n its length. */
static struct measure_point *
gen_series(gsl_rng *rng, const struct gen *g, size_t *n)
{
	size_t len = (size_t)(g->days_before + g->days_after) * 24, i;
	struct measure_point *p = calloc(len, sizeof(*p));
	int64_t t0 = AT - (int64_t)g->days_before * DAY, t;
	/* The marginal variance of the AR(1) is sd^2 / (1 - phi^2); its
	   mean on the count scale is exp(var / 2), taken out so that the
	   base is the mean. */
	double e = 0, var = g->sd * g->sd / (1 - g->phi * g->phi), lvl;
	int hod, dow;

	ck_assert_ptr_nonnull(p);
	e = gsl_ran_gaussian(rng, sqrt(var));
	for (i = 0; i < len; i++) {
		t = t0 + (int64_t)i * H;
		hod = (int)((t % DAY) / H);
		dow = (int)((t / DAY + 3) % 7);
		e = g->phi * e + gsl_ran_gaussian(rng, g->sd);
		lvl = g->base * (1 + 0.5 * sin(2 * M_PI * hod / 24.0)) *
		    (dow >= 5 ? 0.7 : 1.0) * exp(e - var / 2);
		if (t >= AT) {
			if (g->week2 >= 0 && t >= AT + 7 * DAY)
				lvl *= g->week2;
			else
				lvl *= 1 - g->drop;
		}
		p[i].t = t;
		p[i].v = gsl_ran_poisson(rng, lvl);
	}
	*n = len;
	return p;
}

static const struct gen spam = { 28, 28, 0.6, -1, 0.6, 0.2, 30 };

static void
compute(const struct measure_point *p, size_t n, int64_t window,
    struct impact_result *r)
{
	struct dp_err err = DP_ERR_INIT;

	ck_assert_msg(impact_compute(p, n, H, AT, window, r, &err) == 0,
	    "%s", err.msg);
}

START_TEST(test_known_drop)
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	struct impact_result r;
	struct measure_point *p;
	size_t n;

	gsl_rng_set(rng, 1);
	p = gen_series(rng, &spam, &n);
	compute(p, n, 7 * DAY, &r);
	ck_assert_int_eq(r.n_before, 168);
	ck_assert_int_eq(r.n_after, 168);
	ck_assert(r.has_ci && r.has_its && r.has_same_hours);
	ck_assert_msg(r.ci95[0] < -60 && r.ci95[1] > -60,
	    "bootstrap [%g, %g]", r.ci95[0], r.ci95[1]);
	ck_assert_msg(r.its_ci95[0] < -60 && r.its_ci95[1] > -60,
	    "model [%g, %g]", r.its_ci95[0], r.its_ci95[1]);
	ck_assert_msg(fabs(r.same_hours_change_pct + 60) < 12, "%g",
	    r.same_hours_change_pct);
	ck_assert_msg(r.ci95[1] < 0 && r.its_ci95[1] < 0, "no drop shown");
	ck_assert(r.same_weekday && r.its_weekday);
	ck_assert_msg(r.conclusive, "%s", r.reason);
	ck_assert_str_eq(r.reason, "");
	/* Four whole weeks after, each about the drop. */
	ck_assert_uint_eq(r.nweeks, 4);
	ck_assert_msg(fabs(r.weekly[3] + 60) < 15, "%g", r.weekly[3]);
	/* The same data, the same numbers: the seed is fixed. */
	{
		struct impact_result r2;

		compute(p, n, 7 * DAY, &r2);
		ck_assert(r2.ci95[0] == r.ci95[0] && r2.ci95[1] == r.ci95[1]);
		impact_release(&r2);
	}
	impact_release(&r);
	free(p);
	gsl_rng_free(rng);
}
END_TEST

START_TEST(test_no_change)
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	struct gen g = spam;
	struct impact_result r;
	struct measure_point *p;
	size_t n;

	gsl_rng_set(rng, 2);
	g.drop = 0;
	p = gen_series(rng, &g, &n);
	compute(p, n, 14 * DAY, &r);
	ck_assert_msg(r.ci95[0] < 0 && r.ci95[1] > 0, "bootstrap [%g, %g]",
	    r.ci95[0], r.ci95[1]);
	ck_assert_msg(r.its_ci95[0] < 0 && r.its_ci95[1] > 0,
	    "model [%g, %g]", r.its_ci95[0], r.its_ci95[1]);
	ck_assert_msg(fabs(r.change_pct) < 15, "%g", r.change_pct);
	impact_release(&r);
	free(p);
	gsl_rng_free(rng);
}
END_TEST

START_TEST(test_rebound)
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	struct gen g = spam;
	struct impact_result r;
	struct measure_point *p;
	size_t n;

	gsl_rng_set(rng, 3);
	g.week2 = 0.8;		/* back to 80% of before from week 2 */
	p = gen_series(rng, &g, &n);
	compute(p, n, 7 * DAY, &r);
	ck_assert_uint_eq(r.nweeks, 4);
	ck_assert_msg(r.weekly[0] < -45, "week 1 %g", r.weekly[0]);
	ck_assert_msg(r.weekly[1] > -35 && r.weekly[2] > -35,
	    "weeks 2, 3: %g %g", r.weekly[1], r.weekly[2]);
	/* The window of one week sees the drop, not the rebound. */
	ck_assert_msg(r.ci95[0] < -60 && r.ci95[1] > -60, "[%g, %g]",
	    r.ci95[0], r.ci95[1]);
	impact_release(&r);
	free(p);
	gsl_rng_free(rng);
}
END_TEST

/* Points of p not in [from, to) (by t), in place; returns the new n. */
static size_t
cut(struct measure_point *p, size_t n, int64_t from, int64_t to)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++)
		if (p[i].t < from || p[i].t >= to)
			p[o++] = p[i];
	return o;
}

START_TEST(test_inconclusive)
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	struct gen g = spam;
	struct impact_result r;
	struct measure_point *p;
	size_t n;

	gsl_rng_set(rng, 4);
	/* A gap over the event: the collector down for a day. */
	p = gen_series(rng, &g, &n);
	n = cut(p, n, AT - 20 * H, AT + 4 * H);
	compute(p, n, 7 * DAY, &r);
	ck_assert(!r.conclusive);
	ck_assert_msg(strstr(r.reason, "a gap at the event: 24 of the 48 "
	    "intervals") != NULL, "%s", r.reason);
	impact_release(&r);
	free(p);
	/* Too few points: two days left of the week before. */
	p = gen_series(rng, &g, &n);
	n = cut(p, n, AT - 7 * DAY, AT - 2 * DAY);
	compute(p, n, 7 * DAY, &r);
	ck_assert(!r.conclusive);
	ck_assert_int_eq(r.n_before, 48);
	ck_assert_msg(strstr(r.reason, "too few points: 48 intervals with "
	    "data before and 168 after") != NULL, "%s", r.reason);
	impact_release(&r);
	/* A window of a day is too short for a conclusion. */
	compute(p, n, DAY, &r);
	ck_assert(!r.conclusive);
	ck_assert_msg(strstr(r.reason, "too few points") != NULL, "%s",
	    r.reason);
	impact_release(&r);
	free(p);
	/* No change at all but noise: the estimates disagree in sign, or
	   agree and say so; here (seed 4) they disagree. */
	g.drop = 0;
	g.phi = 0.3;
	gsl_rng_set(rng, 11);
	p = gen_series(rng, &g, &n);
	compute(p, n, 7 * DAY, &r);
	if (!r.conclusive)
		ck_assert_msg(strstr(r.reason, "disagree in sign") != NULL,
		    "%s", r.reason);
	else
		ck_assert((r.change_pct > 0) == (r.its_change_pct > 0));
	impact_release(&r);
	free(p);
	/* Nothing counted before. */
	p = gen_series(rng, &g, &n);
	for (size_t i = 0; i < n; i++)
		if (p[i].t < AT)
			p[i].v = 0;
	compute(p, n, 7 * DAY, &r);
	ck_assert(!r.conclusive && !r.has_change);
	ck_assert_msg(strstr(r.reason, "nothing was counted") != NULL, "%s",
	    r.reason);
	impact_release(&r);
	free(p);
	gsl_rng_free(rng);
}
END_TEST

START_TEST(test_refused)
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	struct dp_err err = DP_ERR_INIT;
	struct impact_result r;
	struct gen g = spam;
	struct measure_point *p;
	size_t n;

	gsl_rng_set(rng, 5);
	g.days_before = 10;
	g.days_after = 5;
	p = gen_series(rng, &g, &n);
	/* The window reaches beyond the data after the event. */
	ck_assert_int_eq(impact_compute(p, n, H, AT, 7 * DAY, &r, &err),
	    DP_EX_DATAERR);
	ck_assert_msg(strstr(err.msg, "--window 5d at most") != NULL, "%s",
	    err.msg);
	/* Outside the series. */
	ck_assert_int_eq(impact_compute(p, n, H, AT + 6 * DAY, DAY, &r,
	    &err), DP_EX_DATAERR);
	ck_assert_msg(strstr(err.msg, "is outside the series") != NULL, "%s",
	    err.msg);
	ck_assert_int_eq(impact_compute(p, n, H, AT - 10 * DAY, DAY, &r,
	    &err), DP_EX_DATAERR);
	/* Not whole days. */
	ck_assert_int_eq(impact_compute(p, n, H, AT, 36 * H, &r, &err),
	    DP_EX_USAGE);
	/* An event inside an interval: that interval is on neither side. */
	ck_assert_int_eq(impact_compute(p, n, H, AT + 23 * 60, 4 * DAY, &r,
	    &err), 0);
	ck_assert_int_eq(r.before_end, AT);
	ck_assert_int_eq(r.after_start, AT + H);
	impact_release(&r);
	free(p);
	gsl_rng_free(rng);
}
END_TEST

/*
 * Why the interval is a block bootstrap: over 200 synthetic series with
 * a known 60% drop, a week each side, AR(1) noise on the log scale (phi
 * 0.8, innovations sd 0.25: the hour-to-hour drift of a botnet) under
 * Poisson counts of about 30 an hour, how often each 95% interval holds
 * the truth.  Measured with this seed (1000 resamples each):
 *
 *	i.i.d. bootstrap (blocks of one hour)	138 of 200 (69%)
 *	moving-block bootstrap (whole days)	182 of 200 (91%)
 *	the model's interval (quasi-Poisson,
 *	  widened for the AR(1))		171 of 200 (86%)
 *
 * (Without the model's AR(1) widening, and with a Newey-West estimate
 * over a day's lags in its place, the model held the truth in 158 and
 * 162 of 200: residuals that sum to 0 on each side hide the slow part
 * of the correlation.)  The i.i.d. interval takes 168 correlated hours
 * for independent ones and is far too narrow.
 */
START_TEST(test_coverage)
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	struct gen g = spam;
	struct impact_result r;
	struct measure_point *p;
	double b[168], a[168], ci[2];
	int iid = 0, block = 0, model = 0, k;
	size_t n, i, off;

	gsl_rng_set(rng, 13);
	g.days_before = 7;
	g.days_after = 7;
	g.phi = 0.8;
	g.sd = 0.25;
	for (k = 0; k < 200; k++) {
		p = gen_series(rng, &g, &n);
		ck_assert_uint_eq(n, 336);
		off = 0;
		for (i = 0; i < 168; i++) {
			b[i] = p[off + i].v;
			a[i] = p[off + 168 + i].v;
		}
		ck_assert_int_gt(impact_block_bootstrap(b, 168, a, 168, 1,
		    1000, (unsigned long)k + 1, ci), 0);
		iid += ci[0] < -60 && ci[1] > -60;
		ck_assert_int_gt(impact_block_bootstrap(b, 168, a, 168, 24,
		    1000, (unsigned long)k + 1, ci), 0);
		block += ci[0] < -60 && ci[1] > -60;
		compute(p, n, 7 * DAY, &r);
		model += r.has_its && r.its_ci95[0] < -60 &&
		    r.its_ci95[1] > -60;
		impact_release(&r);
		free(p);
	}
	fprintf(stderr, "impact coverage over 200: iid %d, day blocks %d, "
	    "model %d\n", iid, block, model);
	ck_assert_msg(block >= iid + 30, "iid %d, block %d", iid, block);
	ck_assert_msg(iid < 150, "iid %d", iid);
	ck_assert_msg(block >= 170 && model >= 160, "block %d, model %d",
	    block, model);
	gsl_rng_free(rng);
}
END_TEST

Suite *
impact_suite(void)
{
	Suite *s = suite_create("impact");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_known_drop);
	tcase_add_test(tc, test_no_change);
	tcase_add_test(tc, test_rebound);
	tcase_add_test(tc, test_inconclusive);
	tcase_add_test(tc, test_refused);
	tcase_add_test(tc, test_coverage);
	suite_add_tcase(s, tc);
	return s;
}
