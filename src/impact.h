/*
 * impact.h - the measured impact of an event (a de-peering) on a series
 * of counts, with honest intervals.  No database, no I/O: points in,
 * estimates out.
 *
 * Spam counts have a daily and a weekly cycle and hour-to-hour
 * correlation, so the intervals come from methods that keep them: the
 * window before and the window after the event (--window, whole days)
 * are compared by
 *
 *   - the mean per interval before and after, the change in percent, and
 *     its 95% interval by a moving-block bootstrap: each side is rebuilt
 *     from IMPACT_RESAMPLES draws of blocks of one whole day starting at
 *     any interval (so the daily cycle and the correlation within a day
 *     stay inside each block), from a Mersenne Twister seeded with
 *     IMPACT_SEED: the same data give the same interval on every run;
 *   - the same hours: each hour of the day (of the week when each side
 *     holds a whole week) after the event against the same hour before,
 *     as the ratio of the sums of the matched hours' means;
 *   - an interrupted time series: a Poisson regression of the counts on
 *     hour-of-day and (when each side holds a whole week) day-of-week
 *     terms and a level change at the event, fitted by iteratively
 *     reweighted least squares (GSL), its 95% interval from the model's
 *     covariance scaled by the quasi-Poisson dispersion (the Pearson
 *     statistic over the residual degrees of freedom, never below 1) and
 *     by 1 + 2 c phi / (1 - phi), the variance of a mean of an AR(1)
 *     seen through independent noise, whose autocorrelations are
 *     c phi^k: phi = r2 / r1 and c = r1 / phi from the Pearson
 *     residuals' autocorrelations at lags 1 and 2 (phi = r1, c = 1
 *     when r2 does not fit; phi at most 0.95, c at most 1; none when
 *     r1 <= 0): a model interval without it takes counts that are
 *     correlated hour to hour for independent ones and is too narrow;
 *   - the change of each whole week after the event (to the end of the
 *     series) against the mean before, so that a rebound shows.
 *
 * The result is not conclusive, with a plain reason, when a side holds
 * fewer than IMPACT_MIN_DAYS days of data, when more than a quarter of
 * the intervals of the day before or the day after the event have no
 * data, when nothing was counted before, or when the estimates disagree
 * in sign.
 */
#ifndef DEPEER_IMPACT_H
#define DEPEER_IMPACT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "measure.h"
#include "util.h"

/* The bootstrap's seed (the date of the McColo cut-off) and draws. */
#define IMPACT_SEED		20081111UL
#define IMPACT_RESAMPLES	2000
/* The fewest days of data on each side for a conclusion. */
#define IMPACT_MIN_DAYS		3
/* The most weeks after the event reported. */
#define IMPACT_MAX_WEEKS	104

struct impact_result {
	int64_t		 at;		/* the event */
	int64_t		 window_s;
	int64_t		 interval_s;
	/* the window: [before_start, before_end) and [after_start,
	   after_end); the interval holding the event, when the event is
	   not on an interval's start, is in neither */
	int64_t		 before_start, before_end, after_start, after_end;
	int64_t		 n_before, n_after;	/* intervals with data */
	int64_t		 slots;			/* intervals per side */
	double		 before_mean, after_mean;
	/* Each estimate: has_x says whether it could be made (else null). */
	int		 has_change;
	double		 change_pct;
	int		 has_ci;
	double		 ci95[2];
	int		 resamples;		/* bootstrap draws used */
	int		 has_same_hours;
	double		 same_hours_change_pct;
	int		 same_weekday;		/* hours of the week matched */
	int		 has_its;
	double		 its_change_pct, its_ci95[2];
	double		 its_dispersion, its_inflation;
	int		 its_weekday;		/* day-of-week terms */
	int		 its_iterations;
	/* whole weeks after the event: change against before_mean */
	size_t		 nweeks;
	double		*weekly;		/* NAN: too little data */
	int		 conclusive;
	char		 reason[256];		/* "" when conclusive */
};

/*
 * The impact of the event at on the series p[0..n) (by t, one point per
 * interval of interval_s seconds), comparing window_s seconds (whole
 * days) before and after.  Returns 0 with *r filled (release it), or
 * DP_EX_DATAERR with err saying why when at lies outside the series or
 * the window reaches beyond its data (with the largest window that
 * fits), DP_EX_USAGE when window_s is not whole days.
 */
int	impact_compute(const struct measure_point *p, size_t n,
	    int64_t interval_s, int64_t at, int64_t window_s,
	    struct impact_result *r, struct dp_err *err);
void	impact_release(struct impact_result *r);

/*
 * The documented JSON: {series, at, window_s, n_before, n_after,
 * before_mean, after_mean, change_pct, ci95, same_hours_change_pct,
 * its_change_pct, its_ci95, weekly_change_pct, conclusive, reason}, an
 * estimate that could not be made null.  A new reference.
 */
json_t	*impact_to_json(const char *series, const struct impact_result *r);

/*
 * The words every place that shows an estimate uses ("depeer impact",
 * the report): a change ("fell 62%", "rose 5%", "did not change
 * (+0.2%)"); its 95% interval in the change's direction, one decimal
 * when whole percents would show "60% to 60%"; the method of the means'
 * interval and of the model, with their figures.
 */
void	impact_change_words(double pct, char *buf, size_t len);
void	impact_ci_words(const double ci[2], char *buf, size_t len);
void	impact_means_method(const struct impact_result *r, char *buf,
	    size_t len);
void	impact_its_method(const struct impact_result *r, char *buf,
	    size_t len);

/*
 * The moving-block bootstrap's 95% interval of the change in percent of
 * the mean of after[0..na) over the mean of before[0..nb) (NAN: no
 * data), blocks of block values, draws resamples with rng seed seed.
 * Returns the draws used (0: none could be made).  With block 1 it is the
 * i.i.d. bootstrap (for the tests that show why it is not used).
 */
int	impact_block_bootstrap(const double *before, size_t nb,
	    const double *after, size_t na, size_t block, int resamples,
	    unsigned long seed, double ci[2]);

#endif
