/*
 * report_words.c - what every format of the status report says the same
 * way (report_int.h): times, intervals, changes and their intervals, the
 * sentences of an impact, and the chart's scaling (buckets, ticks, the
 * downsampling of a long series).  No database: unit-tested alone.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "impact.h"
#include "report_int.h"
#include "validate.h"

/* ---- words ---- */

const char *
rep_time(int64_t t, char buf[32])
{
	if (t == 0)
		return "-";
	fmt_time(t, buf);
	return buf;
}

void
rep_interval_name(int64_t s, char *buf, size_t len)
{
	if (s == 3600)
		snprintf(buf, len, "hour");
	else if (s == 86400)
		snprintf(buf, len, "day");
	else if (s == 60)
		snprintf(buf, len, "minute");
	else if (s % 3600 == 0)
		snprintf(buf, len, "%" PRId64 " hours", s / 3600);
	else if (s % 60 == 0)
		snprintf(buf, len, "%" PRId64 " minutes", s / 60);
	else
		snprintf(buf, len, "%" PRId64 " seconds", s);
}

void
rep_change(double pct, char *buf, size_t len)
{
	impact_change_words(pct, buf, len);
}

void
rep_ci(const double ci[2], char *buf, size_t len)
{
	impact_ci_words(ci, buf, len);
}

void
rep_impact_lines(const struct rep_series *s, struct buf *out)
{
	const struct impact_result *r = &s->r;
	char v[64], ci[128], u[32], t[32], m[256];
	size_t i;

	if (!s->measured) {
		buf_addf(out, "Not measured: %s.\n", s->not_measured);
		return;
	}
	rep_interval_name(r->interval_s, u, sizeof(u));
	buf_addf(out, "Window: %" PRId64 " days before and after %s; %"
	    PRId64 " and %" PRId64 " of the %" PRId64 " intervals on each "
	    "side have a count.\n", r->window_s / 86400, rep_time(r->at, t),
	    r->n_before, r->n_after, r->slots);
	if (r->n_before > 0 && r->n_after > 0)
		buf_addf(out, "Mean per %s: %.4g before, %.4g after.\n", u,
		    r->before_mean, r->after_mean);
	if (r->has_change) {
		rep_change(r->change_pct, v, sizeof(v));
		if (r->has_ci) {
			rep_ci(r->ci95, ci, sizeof(ci));
			impact_means_method(r, m, sizeof(m));
			buf_addf(out, "Means compared: %s (%s; %s).\n", v, ci,
			    m);
		} else
			buf_addf(out, "Means compared: %s (no interval could "
			    "be computed).\n", v);
	}
	if (r->has_same_hours) {
		rep_change(r->same_hours_change_pct, v, sizeof(v));
		buf_addf(out, "Same hours compared: %s (each hour of the %s "
		    "after against the same hour before; no interval).\n", v,
		    r->same_weekday ? "week" : "day");
	}
	if (r->has_its) {
		rep_change(r->its_change_pct, v, sizeof(v));
		rep_ci(r->its_ci95, ci, sizeof(ci));
		impact_its_method(r, m, sizeof(m));
		buf_addf(out, "Time-series model: %s (%s; %s).\n", v, ci, m);
	}
	for (i = 0; i < r->nweeks; i++) {
		if (isnan(r->weekly[i]))
			snprintf(v, sizeof(v), "too little data");
		else
			rep_change(r->weekly[i], v, sizeof(v));
		buf_addf(out, "Week %zu after, against the mean before: %s.\n",
		    i + 1, v);
	}
	if (r->conclusive)
		buf_addf(out, "Conclusive: yes (the estimates agree and the "
		    "data cover the event).\n");
	else
		buf_addf(out, "Conclusive: no: %s.\n", r->reason);
}

/* ---- chart scaling ---- */

size_t
rep_bucket(int64_t t, int64_t t0, int64_t t1, size_t n)
{
	long double f;
	size_t b;

	if (n == 0 || t1 <= t0 || t <= t0)
		return 0;
	if (t >= t1)
		return n - 1;
	f = (long double)(t - t0) * (long double)n / (long double)(t1 - t0);
	b = (size_t)f;
	return b >= n ? n - 1 : b;
}

size_t
rep_ticks(double lo, double hi, size_t max, double *first, double *step)
{
	static const double m[] = { 1, 2, 5 };
	double range = hi - lo, p, s = 1, f;
	size_t i, n;

	*first = lo;
	*step = 1;
	if (max < 2 || !isfinite(lo) || !isfinite(hi) || range <= 0)
		return max >= 1 ? 1 : 0;
	p = pow(10, floor(log10(range / (double)max)));
	for (i = 0; ; i = (i + 1) % 3) {
		s = m[i] * p;
		if (floor(hi / s) - ceil(lo / s) + 1 <= (double)max)
			break;
		if (i == 2)
			p *= 10;
	}
	f = ceil(lo / s) * s;
	n = (size_t)(floor(hi / s) - ceil(lo / s) + 1);
	*first = f == 0 ? 0 : f;	/* no "-0" */
	*step = s;
	return n;
}

void
rep_downsample(const struct measure_point *p, size_t n, size_t max,
    struct measure_point **out, double **lo, double **hi, size_t *nout)
{
	struct measure_point *o;
	double *l, *h, *sum_t;
	size_t *cnt, i, b, k = 0, nb;
	int64_t t0, t1;

	*out = NULL;
	*lo = *hi = NULL;
	*nout = 0;
	if (n == 0 || max == 0)
		return;
	nb = n < max ? n : max;
	t0 = p[0].t;
	t1 = p[n - 1].t + 1;
	o = xcalloc(nb, sizeof(*o));
	l = xcalloc(nb, sizeof(*l));
	h = xcalloc(nb, sizeof(*h));
	sum_t = xcalloc(nb, sizeof(*sum_t));
	cnt = xcalloc(nb, sizeof(*cnt));
	for (i = 0; i < n; i++) {
		b = n <= max ? i : rep_bucket(p[i].t, t0, t1, nb);
		if (cnt[b] == 0 || p[i].v < l[b])
			l[b] = p[i].v;
		if (cnt[b] == 0 || p[i].v > h[b])
			h[b] = p[i].v;
		o[b].v += p[i].v;
		sum_t[b] += (double)(p[i].t - t0);
		cnt[b]++;
	}
	for (b = 0; b < nb; b++) {
		if (cnt[b] == 0)
			continue;
		o[k].t = t0 + (int64_t)llround(sum_t[b] / (double)cnt[b]);
		o[k].v = o[b].v / (double)cnt[b];
		l[k] = l[b];
		h[k] = h[b];
		k++;
	}
	free(sum_t);
	free(cnt);
	*out = o;
	*lo = l;
	*hi = h;
	*nout = k;
}

void
rep_evidence_sentence(const struct report_data *d, struct buf *b)
{
	char t1[32], t2[32];

	buf_addf(b, "The case holds %" PRId64 " observation%s", d->rows,
	    d->rows == 1 ? "" : "s");
	if (d->first_observed != 0)
		buf_addf(b, ", observed from %s to %s",
		    rep_time(d->first_observed, t1),
		    rep_time(d->last_observed, t2));
	if (d->undated > 0)
		buf_addf(b, " (%" PRId64 " without a time)", d->undated);
	buf_adds(b, ". Method: each row is one observation the researcher "
	    "recorded (depeer evidence), counted here by kind and malware "
	    "family");
	if (d->retracted > 0)
		buf_addf(b, "; %" PRId64 " retracted row%s %s not counted",
		    d->retracted, d->retracted == 1 ? "" : "s",
		    d->retracted == 1 ? "is" : "are");
	buf_adds(b, ".");
}

void
rep_party_sentence(const struct rep_party *p, struct buf *b)
{
	char t1[32], t2[32];
	size_t j;

	buf_addf(b, ": %" PRId64 " message%s sent", p->sent,
	    p->sent == 1 ? "" : "s");
	if (p->first_sent != 0 && p->first_sent != p->last_sent)
		buf_addf(b, " from %s to %s", rep_time(p->first_sent, t1),
		    rep_time(p->last_sent, t2));
	else if (p->first_sent != 0)
		buf_addf(b, " on %s", rep_time(p->first_sent, t1));
	buf_addf(b, " (complaint%s ", p->ncomplaints > 1 ? "s" : "");
	for (j = 0; j < p->ncomplaints; j++)
		buf_addf(b, "%s%" PRId64, j > 0 ? ", " : "", p->complaints[j]);
	buf_addf(b, "; now %s).", p->state);
	if (p->nreplies == 0)
		buf_addf(b, " No reply after %" PRId64 " message%s.", p->sent,
		    p->sent == 1 ? "" : "s");
}

void
rep_reply_line(const struct rep_reply *r, const char *open,
    const char *close, struct buf *b)
{
	char t[32];

	buf_addf(b, "%s: %s", rep_time(r->at, t), r->what);
	if (r->text != NULL)
		buf_addf(b, ", %s%s%s", open, r->text, close);
	if (r->mail_id != 0)
		buf_addf(b, " (mail %" PRId64 ", complaint %" PRId64 ")",
		    r->mail_id, r->complaint_id);
	else
		buf_addf(b, " (recorded by hand, audit %" PRId64 ", complaint %"
		    PRId64 ")", r->audit_seq, r->complaint_id);
}
