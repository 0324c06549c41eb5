/*
 * impact.c - the impact of an event on a series of counts: means, a
 * moving-block bootstrap, same hours, an interrupted time series fitted
 * with GSL, weekly changes after (impact.h).
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_vector.h>

#include "exitcodes.h"
#include "impact.h"
#include "validate.h"

#define DAY	86400
#define WEEK	(7 * DAY)

void
impact_release(struct impact_result *r)
{
	if (r == NULL)
		return;
	free(r->weekly);
	memset(r, 0, sizeof(*r));
}

/* The mean of the values that are not NAN; NAN when none. */
static double
mean_of(const double *v, size_t n, int64_t *count)
{
	double s = 0;
	int64_t c = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (!isnan(v[i])) {
			s += v[i];
			c++;
		}
	if (count != NULL)
		*count = c;
	return c > 0 ? s / (double)c : NAN;
}

/* One side resampled: whole blocks drawn at any start, cut to n. */
static double
resample_mean(const gsl_rng *rng, const double *v, size_t n, size_t block)
{
	size_t filled = 0, start, i, c = 0;
	double s = 0;

	if (block > n)
		block = n;
	while (filled < n) {
		start = gsl_rng_uniform_int(rng, n - block + 1);
		for (i = 0; i < block && filled < n; i++, filled++)
			if (!isnan(v[start + i])) {
				s += v[start + i];
				c++;
			}
	}
	return c > 0 ? s / (double)c : NAN;
}

int
impact_block_bootstrap(const double *before, size_t nb, const double *after,
    size_t na, size_t block, int resamples, unsigned long seed, double ci[2])
{
	gsl_rng *rng;
	double *d, mb, ma;
	int i, used = 0;

	if (nb == 0 || na == 0 || block == 0 || resamples <= 0)
		return 0;
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(rng, seed);
	d = xcalloc((size_t)resamples, sizeof(*d));
	for (i = 0; i < resamples; i++) {
		mb = resample_mean(rng, before, nb, block);
		ma = resample_mean(rng, after, na, block);
		if (isnan(mb) || isnan(ma) || mb <= 0)
			continue;
		d[used++] = 100.0 * (ma / mb - 1.0);
	}
	if (used > 0) {
		gsl_sort(d, 1, (size_t)used);
		ci[0] = gsl_stats_quantile_from_sorted_data(d, 1,
		    (size_t)used, 0.025);
		ci[1] = gsl_stats_quantile_from_sorted_data(d, 1,
		    (size_t)used, 0.975);
	}
	free(d);
	gsl_rng_free(rng);
	return used;
}

/* Day of the week of t, 0 Monday (1970-01-01 was a Thursday). */
static int
weekday(int64_t t)
{
	return (int)((t / DAY + 3) % 7);
}

/* The same hours (of the week with whole weeks) before and after. */
static void
same_hours(const double *b, const double *a, int64_t slots, int64_t t0b,
    int64_t t0a, int64_t interval, struct impact_result *r)
{
	int64_t per_day = DAY / interval, nkeys, i, k;
	double *sum[2], *cnt[2], tb = 0, ta = 0;
	int weekly = r->window_s >= WEEK, side;
	const double *v;

	nkeys = weekly ? 7 * per_day : per_day;
	for (side = 0; side < 2; side++) {
		sum[side] = xcalloc((size_t)nkeys, sizeof(double));
		cnt[side] = xcalloc((size_t)nkeys, sizeof(double));
		v = side == 0 ? b : a;
		for (i = 0; i < slots; i++) {
			int64_t t = (side == 0 ? t0b : t0a) + i * interval;

			if (isnan(v[i]))
				continue;
			k = (t % DAY) / interval;
			if (weekly)
				k += weekday(t) * per_day;
			sum[side][k] += v[i];
			cnt[side][k]++;
		}
	}
	for (k = 0; k < nkeys; k++)
		if (cnt[0][k] > 0 && cnt[1][k] > 0) {
			tb += sum[0][k] / cnt[0][k];
			ta += sum[1][k] / cnt[1][k];
		}
	if (tb > 0) {
		r->has_same_hours = 1;
		r->same_hours_change_pct = 100.0 * (ta / tb - 1.0);
		r->same_weekday = weekly;
	}
	for (side = 0; side < 2; side++) {
		free(sum[side]);
		free(cnt[side]);
	}
}

/* One observation of the model. */
struct obs {
	int64_t		t;
	double		y;
	int		post;
};

/*
 * The interrupted time series: log mu = b0 + delta * post + hour-of-day
 * + day-of-week, Poisson IRLS; see impact.h for the interval.
 */
static void
its_fit(const struct obs *o, size_t n, int64_t interval,
    struct impact_result *r)
{
	int64_t hour = interval > 3600 ? interval : 3600;
	size_t nh = (size_t)(DAY / hour), p, i, j, col, it;
	int wk = r->window_s >= WEEK;
	gsl_matrix *X, *cov;
	gsl_vector *w, *z, *beta, *eta, *mu;
	gsl_multifit_linear_workspace *ws;
	gsl_error_handler_t *old;
	double chisq, dev = 0, odev = INFINITY, ymean = 0, pearson = 0,
	    num = 0, den = 0, rho, var, se, d, *resid, ac[2], phi, c;
	size_t rank, k;
	int ok = 1;

	p = 2 + (nh - 1) + (wk ? 6 : 0);
	if (n <= p + 2)
		return;
	X = gsl_matrix_calloc(n, p);
	cov = gsl_matrix_alloc(p, p);
	w = gsl_vector_alloc(n);
	z = gsl_vector_alloc(n);
	eta = gsl_vector_alloc(n);
	mu = gsl_vector_alloc(n);
	beta = gsl_vector_alloc(p);
	ws = gsl_multifit_linear_alloc(n, p);
	for (i = 0; i < n; i++) {
		size_t h = (size_t)((o[i].t % DAY) / hour);
		int wd = weekday(o[i].t);

		gsl_matrix_set(X, i, 0, 1.0);
		gsl_matrix_set(X, i, 1, o[i].post ? 1.0 : 0.0);
		col = 2;
		if (h > 0)
			gsl_matrix_set(X, i, col + h - 1, 1.0);
		col += nh - 1;
		if (wk && wd > 0)
			gsl_matrix_set(X, i, col + (size_t)wd - 1, 1.0);
		ymean += o[i].y;
	}
	ymean /= (double)n;
	/* Start from the data, kept off zero. */
	for (i = 0; i < n; i++) {
		double m0 = (o[i].y + ymean) / 2 + 0.1;

		gsl_vector_set(mu, i, m0);
		gsl_vector_set(eta, i, log(m0));
	}
	old = gsl_set_error_handler_off();
	for (it = 0; it < 50; it++) {
		for (i = 0; i < n; i++) {
			double m = gsl_vector_get(mu, i);

			gsl_vector_set(z, i, gsl_vector_get(eta, i) +
			    (o[i].y - m) / m);
			gsl_vector_set(w, i, m);
		}
		if (gsl_multifit_wlinear_tsvd(X, w, z, GSL_DBL_EPSILON * 1e3,
		    beta, cov, &chisq, &rank, ws) != GSL_SUCCESS) {
			ok = 0;
			break;
		}
		gsl_blas_dgemv(CblasNoTrans, 1.0, X, beta, 0.0, eta);
		dev = 0;
		for (i = 0; i < n; i++) {
			double e = gsl_vector_get(eta, i), m;

			if (e > 700)
				e = 700;
			if (e < -700)
				e = -700;
			m = exp(e);
			if (m < 1e-10)
				m = 1e-10;
			gsl_vector_set(eta, i, e);
			gsl_vector_set(mu, i, m);
			if (o[i].y > 0)
				dev += 2 * (o[i].y * log(o[i].y / m) -
				    (o[i].y - m));
			else
				dev += 2 * m;
		}
		if (fabs(dev - odev) < 1e-8 * (fabs(dev) + 0.1))
			break;
		odev = dev;
	}
	gsl_set_error_handler(old);
	r->its_iterations = (int)it + 1;
	if (!ok || !isfinite(dev) || rank < 2 || n <= rank)
		goto out;
	/* The covariance of the last step is (X'WX)^-1 at the fit. */
	for (i = 0; i < n; i++) {
		double m = gsl_vector_get(mu, i);

		pearson += (o[i].y - m) * (o[i].y - m) / m;
	}
	r->its_dispersion = pearson / (double)(n - rank);
	if (r->its_dispersion < 1)
		r->its_dispersion = 1;
	/* The Pearson residuals' autocorrelations up to a day's lag, neighbours
	   in time only, weighted as Newey and West do (Bartlett): the
	   variance of a level estimated from correlated errors. */
	resid = xcalloc(n, sizeof(*resid));
	for (i = 0; i < n; i++) {
		double m = gsl_vector_get(mu, i);

		resid[i] = (o[i].y - m) / sqrt(m);
		den += resid[i] * resid[i];
	}
	for (k = 1; k <= 2; k++) {
		num = 0;
		for (i = 0; i < n; i++) {
			/* o is in time order on each side. */
			j = i + k;
			if (j < n && o[j].t == o[i].t + (int64_t)k * interval)
				num += resid[i] * resid[j];
		}
		ac[k - 1] = den > 0 ? num / den : 0;
	}
	/* An AR(1) under independent noise (the count's own): r_k = c
	   phi^k, so phi = r_2 / r_1 and c = r_1 / phi; the variance of a
	   mean is 1 + 2 c phi / (1 - phi) times the independent one. */
	rho = 1;
	if (ac[0] > 0) {
		phi = ac[1] > 0 && ac[1] < ac[0] ? ac[1] / ac[0] : ac[0];
		if (phi > 0.95)
			phi = 0.95;
		c = ac[0] / phi;
		if (c > 1)
			c = 1;
		rho = 1 + 2 * c * phi / (1 - phi);
	}
	free(resid);
	if (rho < 1)
		rho = 1;
	r->its_inflation = rho;
	d = gsl_vector_get(beta, 1);
	var = gsl_matrix_get(cov, 1, 1) * r->its_dispersion * rho;
	if (!isfinite(d) || !isfinite(var) || var <= 0)
		goto out;
	se = sqrt(var);
	r->has_its = 1;
	r->its_weekday = wk;
	r->its_change_pct = 100.0 * (exp(d) - 1.0);
	r->its_ci95[0] = 100.0 * (exp(d - 1.959964 * se) - 1.0);
	r->its_ci95[1] = 100.0 * (exp(d + 1.959964 * se) - 1.0);
out:
	gsl_multifit_linear_free(ws);
	gsl_vector_free(beta);
	gsl_vector_free(mu);
	gsl_vector_free(eta);
	gsl_vector_free(z);
	gsl_vector_free(w);
	gsl_matrix_free(cov);
	gsl_matrix_free(X);
}

/* The value of the interval starting at t, NAN when the series has none. */
static double
value_at(const struct measure_point *p, size_t n, int64_t t)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (p[mid].t < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && p[lo].t == t ? p[lo].v : NAN;
}

static void
weekly_changes(const struct measure_point *p, size_t n, int64_t interval,
    struct impact_result *r)
{
	int64_t end = p[n - 1].t + interval, per_week = WEEK / interval,
	    start, k, c;
	double *v;
	size_t i;

	if (r->before_mean <= 0 || isnan(r->before_mean))
		return;
	v = xcalloc((size_t)per_week, sizeof(*v));
	for (start = r->after_start; start + WEEK <= end &&
	    r->nweeks < IMPACT_MAX_WEEKS; start += WEEK) {
		for (k = 0; k < per_week; k++)
			v[k] = value_at(p, n, start + k * interval);
		r->weekly = xrealloc(r->weekly, (r->nweeks + 1) *
		    sizeof(*r->weekly));
		r->weekly[r->nweeks] = mean_of(v, (size_t)per_week, &c);
		if (c * 2 < per_week)
			r->weekly[r->nweeks] = NAN;
		else
			r->weekly[r->nweeks] = 100.0 *
			    (r->weekly[r->nweeks] / r->before_mean - 1.0);
		r->nweeks++;
	}
	(void)i;
	free(v);
}

static int
sign_of(double x)
{
	return x > 0 ? 1 : x < 0 ? -1 : 0;
}

/* Set conclusive and the reason from what was found. */
static void
judge(struct impact_result *r, int64_t gap_missing, int64_t gap_slots)
{
	int64_t per_day = DAY / r->interval_s,
	    need = per_day * IMPACT_MIN_DAYS;
	int s[3], ns = 0, i, pos = 0, neg = 0;

	if (need < 10)
		need = 10;
	r->conclusive = 0;
	if (r->n_before < need || r->n_after < need) {
		snprintf(r->reason, sizeof(r->reason), "too few points: %"
		    PRId64 " intervals with data before and %" PRId64 " after "
		    "the event, and at least %" PRId64 " (%d days) are needed "
		    "on each side", r->n_before, r->n_after, need,
		    IMPACT_MIN_DAYS);
		return;
	}
	if (gap_missing * 4 > gap_slots) {
		snprintf(r->reason, sizeof(r->reason), "a gap at the event: %"
		    PRId64 " of the %" PRId64 " intervals of the day before "
		    "and the day after it have no data", gap_missing,
		    gap_slots);
		return;
	}
	if (!(r->before_mean > 0)) {
		snprintf(r->reason, sizeof(r->reason), "nothing was counted "
		    "before the event, so no change can be measured");
		return;
	}
	if (r->has_change)
		s[ns++] = sign_of(r->change_pct);
	if (r->has_same_hours)
		s[ns++] = sign_of(r->same_hours_change_pct);
	if (r->has_its)
		s[ns++] = sign_of(r->its_change_pct);
	for (i = 0; i < ns; i++) {
		pos += s[i] > 0;
		neg += s[i] < 0;
	}
	if (pos > 0 && neg > 0) {
		snprintf(r->reason, sizeof(r->reason), "the estimates "
		    "disagree in sign (the means %+.1f%%, the same hours "
		    "%+.1f%%, the model %+.1f%%): the data show no clear "
		    "change", r->change_pct, r->same_hours_change_pct,
		    r->its_change_pct);
		return;
	}
	if (!r->has_ci || !r->has_its) {
		snprintf(r->reason, sizeof(r->reason), "the intervals could "
		    "not be computed from these data");
		return;
	}
	r->conclusive = 1;
	r->reason[0] = '\0';
}

int
impact_compute(const struct measure_point *p, size_t n, int64_t interval,
    int64_t at, int64_t window, struct impact_result *r,
    struct dp_err *err)
{
	int64_t first, end, bend, astart, fit, i, slots, gap_missing = 0,
	    gap_slots, per_day;
	char t1[TIME_STRLEN], t2[TIME_STRLEN], t3[TIME_STRLEN];
	double *b, *a;
	struct obs *o;
	size_t no = 0;

	memset(r, 0, sizeof(*r));
	if (window < DAY || window % DAY != 0)
		return dp_fail(err, DP_EX_USAGE, "the window must be whole "
		    "days (1d, 7d, 14d, ...): the bootstrap draws whole days");
	if (n == 0)
		return dp_fail(err, DP_EX_DATAERR, "the series holds no "
		    "points");
	first = p[0].t;
	end = p[n - 1].t + interval;
	fmt_time(at, t1);
	fmt_time(first, t2);
	fmt_time(end, t3);
	if (at <= first || at >= end)
		return dp_fail(err, DP_EX_DATAERR, "%s is outside the series, "
		    "which runs from %s to %s", t1, t2, t3);
	bend = at - at % interval;		/* the interval holding at */
	astart = at % interval == 0 ? at : bend + interval;
	fit = bend - first < end - astart ? bend - first : end - astart;
	if (fit < window) {
		if (fit < DAY)
			return dp_fail(err, DP_EX_DATAERR, "the series holds "
			    "less than a day on one side of %s (it runs from "
			    "%s to %s); no window fits", t1, t2, t3);
		return dp_fail(err, DP_EX_DATAERR, "a window of %" PRId64
		    " days reaches beyond the series, which runs from %s to "
		    "%s; the data allow --window %" PRId64 "d at most",
		    window / DAY, t2, t3, fit / DAY);
	}
	r->at = at;
	r->window_s = window;
	r->interval_s = interval;
	r->before_start = bend - window;
	r->before_end = bend;
	r->after_start = astart;
	r->after_end = astart + window;
	slots = window / interval;
	r->slots = slots;
	per_day = DAY / interval;
	b = xcalloc((size_t)slots, sizeof(*b));
	a = xcalloc((size_t)slots, sizeof(*a));
	o = xcalloc((size_t)slots * 2, sizeof(*o));
	for (i = 0; i < slots; i++) {
		b[i] = value_at(p, n, r->before_start + i * interval);
		a[i] = value_at(p, n, r->after_start + i * interval);
	}
	for (i = 0; i < slots; i++)
		if (!isnan(b[i]))
			o[no++] = (struct obs){ r->before_start + i * interval,
			    b[i], 0 };
	for (i = 0; i < slots; i++)
		if (!isnan(a[i]))
			o[no++] = (struct obs){ r->after_start + i * interval,
			    a[i], 1 };
	/* The day before and the day after the event. */
	gap_slots = 2 * per_day;
	for (i = 0; i < per_day; i++)
		gap_missing += isnan(b[slots - 1 - i]) + isnan(a[i]);
	r->before_mean = mean_of(b, (size_t)slots, &r->n_before);
	r->after_mean = mean_of(a, (size_t)slots, &r->n_after);
	if (r->n_before > 0 && r->n_after > 0 && r->before_mean > 0) {
		r->has_change = 1;
		r->change_pct = 100.0 * (r->after_mean / r->before_mean - 1.0);
		r->resamples = impact_block_bootstrap(b, (size_t)slots, a,
		    (size_t)slots, (size_t)per_day, IMPACT_RESAMPLES,
		    IMPACT_SEED, r->ci95);
		r->has_ci = r->resamples > 0;
		same_hours(b, a, slots, r->before_start, r->after_start,
		    interval, r);
		its_fit(o, no, interval, r);
		weekly_changes(p, n, interval, r);
	}
	judge(r, gap_missing, gap_slots);
	free(o);
	free(a);
	free(b);
	return 0;
}

static json_t *
num_or_null(int has, double v)
{
	return has && isfinite(v) ? json_real(v) : json_null();
}

static json_t *
pair_or_null(int has, const double v[2])
{
	json_t *a;

	if (!has || !isfinite(v[0]) || !isfinite(v[1]))
		return json_null();
	a = json_array();
	json_array_append_new(a, json_real(v[0]));
	json_array_append_new(a, json_real(v[1]));
	return a;
}

json_t *
impact_to_json(const char *series, const struct impact_result *r)
{
	char t[TIME_STRLEN];
	json_t *o = json_object(), *w = json_array();
	size_t i;

	fmt_time(r->at, t);
	json_object_set_new(o, "series", json_string(series));
	json_object_set_new(o, "at", json_string(t));
	json_object_set_new(o, "window_s", json_integer(r->window_s));
	json_object_set_new(o, "n_before", json_integer(r->n_before));
	json_object_set_new(o, "n_after", json_integer(r->n_after));
	json_object_set_new(o, "before_mean", num_or_null(r->n_before > 0,
	    r->before_mean));
	json_object_set_new(o, "after_mean", num_or_null(r->n_after > 0,
	    r->after_mean));
	json_object_set_new(o, "change_pct", num_or_null(r->has_change,
	    r->change_pct));
	json_object_set_new(o, "ci95", pair_or_null(r->has_ci, r->ci95));
	json_object_set_new(o, "same_hours_change_pct",
	    num_or_null(r->has_same_hours, r->same_hours_change_pct));
	json_object_set_new(o, "its_change_pct", num_or_null(r->has_its,
	    r->its_change_pct));
	json_object_set_new(o, "its_ci95", pair_or_null(r->has_its,
	    r->its_ci95));
	for (i = 0; i < r->nweeks; i++)
		json_array_append_new(w, num_or_null(1, r->weekly[i]));
	json_object_set_new(o, "weekly_change_pct", w);
	json_object_set_new(o, "conclusive", json_boolean(r->conclusive));
	json_object_set_new(o, "reason", r->conclusive ? json_null() :
	    json_string(r->reason));
	return o;
}

void
impact_change_words(double pct, char *buf, size_t len)
{
	if (pct <= -0.5)
		snprintf(buf, len, "fell %.0f%%", -pct);
	else if (pct >= 0.5)
		snprintf(buf, len, "rose %.0f%%", pct);
	else
		snprintf(buf, len, "did not change (%+.1f%%)", pct);
}

void
impact_ci_words(const double ci[2], char *buf, size_t len)
{
	int p = ci[1] - ci[0] < 2 ? 1 : 0;

	if (ci[1] < 0)
		snprintf(buf, len, "95%% interval: a fall of %.*f%% to "
		    "%.*f%%", p, -ci[1], p, -ci[0]);
	else if (ci[0] > 0)
		snprintf(buf, len, "95%% interval: a rise of %.*f%% to "
		    "%.*f%%", p, ci[0], p, ci[1]);
	else
		snprintf(buf, len, "95%% interval: %+.*f%% to %+.*f%%, so no "
		    "change cannot be ruled out", p, ci[0], p, ci[1]);
}

void
impact_means_method(const struct impact_result *r, char *buf, size_t len)
{
	snprintf(buf, len, "moving-block bootstrap over whole days, %d "
	    "resamples, seed %lu", r->resamples, IMPACT_SEED);
}

void
impact_its_method(const struct impact_result *r, char *buf, size_t len)
{
	snprintf(buf, len, "Poisson regression with hour-of-day%s terms and "
	    "a level change at the event, overdispersion %.2f, variance "
	    "%.2f times wider for the correlation from hour to hour",
	    r->its_weekday ? " and day-of-week" : "", r->its_dispersion,
	    r->its_inflation);
}
