/*
 * report_svg.c - the chart of a measured series for the HTML report:
 * an inline <svg> built as libxml2 nodes (so every label from the case
 * is escaped by the serializer): the bucket means as a polyline over the
 * band of each bucket's minimum and maximum, axes with dates and values
 * as text, the timeline's events as vertical marks with their labels,
 * and the impact's window shaded (before and after in two tones).
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <libxml/tree.h>

#include "buf.h"
#include "report_int.h"

/* The drawing, in user units (the viewBox; the page scales it). */
#define W	720
#define H	320
#define X0	64		/* plot area */
#define X1	(W - 12)
#define Y0	40
#define Y1	(H - 44)

struct scale {
	int64_t		 t0, t1;
	double		 v0, v1;
};

static double
sx(const struct scale *s, int64_t t)
{
	if (s->t1 <= s->t0)
		return X0;
	return X0 + (double)(t - s->t0) * (X1 - X0) / (double)(s->t1 - s->t0);
}

static double
sy(const struct scale *s, double v)
{
	if (s->v1 <= s->v0)
		return Y1;
	return Y1 - (v - s->v0) * (Y1 - Y0) / (s->v1 - s->v0);
}

static xmlNodePtr
el(xmlNodePtr parent, const char *name)
{
	return xmlNewChild(parent, NULL, BAD_CAST name, NULL);
}

static void
attr(xmlNodePtr n, const char *name, const char *value)
{
	xmlNewProp(n, BAD_CAST name, BAD_CAST value);
}

static void
attrf(xmlNodePtr n, const char *name, double v)
{
	char b[32];

	snprintf(b, sizeof(b), "%.1f", v);
	attr(n, name, b);
}

static xmlNodePtr
text(xmlNodePtr parent, double x, double y, const char *anchor,
    const char *cls, const char *s)
{
	xmlNodePtr t = xmlNewTextChild(parent, NULL, BAD_CAST "text",
	    BAD_CAST s);

	attrf(t, "x", x);
	attrf(t, "y", y);
	if (anchor != NULL)
		attr(t, "text-anchor", anchor);
	if (cls != NULL)
		attr(t, "class", cls);
	return t;
}

static xmlNodePtr
line(xmlNodePtr parent, double x1, double y1, double x2, double y2,
    const char *cls)
{
	xmlNodePtr l = el(parent, "line");

	attrf(l, "x1", x1);
	attrf(l, "y1", y1);
	attrf(l, "x2", x2);
	attrf(l, "y2", y2);
	attr(l, "class", cls);
	return l;
}

static void
shade(xmlNodePtr g, const struct scale *sc, int64_t a, int64_t b,
    const char *cls)
{
	xmlNodePtr r;
	double xa, xb;

	if (b <= sc->t0 || a >= sc->t1)
		return;
	xa = sx(sc, a < sc->t0 ? sc->t0 : a);
	xb = sx(sc, b > sc->t1 ? sc->t1 : b);
	r = el(g, "rect");
	attrf(r, "x", xa);
	attrf(r, "y", Y0);
	attrf(r, "width", xb - xa);
	attrf(r, "height", Y1 - Y0);
	attr(r, "class", cls);
}

/* Value labels: "1.2k" style is ambiguous; plain numbers, %g. */
static void
value_label(double v, char *b, size_t len)
{
	snprintf(b, len, "%g", fabs(v) < 1e-9 ? 0 : v);
}

/* Event lines nearer than this share one label. */
#define CLUSTER_PX	24

void *
report_svg_chart(const struct report_data *d, const struct rep_series *s)
{
	struct scale sc;
	struct buf b = BUF_INIT;
	xmlNodePtr svg, g, n;
	char lab[96], t[32], id[40];
	double first, step, v, x, cx;
	int64_t days, day, dstep, t0;
	size_t i, nt, k, first_k, row;

	if (s->nchart == 0)
		return NULL;
	sc.t0 = s->first_t;
	sc.t1 = s->last_t + s->interval_s;
	sc.v0 = s->chart_min > 0 ? 0 : s->chart_min;
	sc.v1 = s->chart_max > sc.v0 ? s->chart_max * 1.05 : sc.v0 + 1;
	svg = xmlNewNode(NULL, BAD_CAST "svg");
	attr(svg, "xmlns", "http://www.w3.org/2000/svg");
	attr(svg, "viewBox", "0 0 720 320");
	attr(svg, "role", "img");
	snprintf(id, sizeof(id), "chart-%zu", (size_t)(s - d->series));
	buf_addf(&b, "%s-title %s-desc", id, id);
	attr(svg, "aria-labelledby", b.s);
	buf_reset(&b);
	buf_addf(&b, "%s-title", id);
	n = xmlNewTextChild(svg, NULL, BAD_CAST "title", NULL);
	buf_reset(&b);
	rep_interval_name(s->interval_s, lab, sizeof(lab));
	buf_addf(&b, "Series '%s': counts per %s from %s", s->name, lab,
	    rep_time(s->first_t, t));
	buf_addf(&b, " to %s", rep_time(s->last_t, t));
	xmlNodeAddContent(n, BAD_CAST b.s);
	snprintf(lab, sizeof(lab), "%s-title", id);
	attr(n, "id", lab);
	buf_reset(&b);
	buf_addf(&b, "The line is the mean count of each of %zu time "
	    "buckets (the band: each bucket's lowest and highest count), "
	    "between %g and %g. ", s->nchart, s->chart_min, s->chart_max);
	if (s->measured) {
		buf_addf(&b, "The shaded areas are the %" PRId64 " days before "
		    "and after the event at %s that the impact compares; ",
		    s->r.window_s / 86400, rep_time(s->r.at, t));
		rep_change(s->r.change_pct, lab, sizeof(lab));
		buf_addf(&b, "the mean %s. ", lab);
	}
	for (i = 0; i < d->nmarks; i++)
		if (d->marks[i].at >= sc.t0 && d->marks[i].at <= sc.t1)
			buf_addf(&b, "Marked: %s at %s. ", d->marks[i].label,
			    rep_time(d->marks[i].at, t));
	n = xmlNewTextChild(svg, NULL, BAD_CAST "desc", BAD_CAST b.s);
	snprintf(lab, sizeof(lab), "%s-desc", id);
	attr(n, "id", lab);

	/* the impact's window */
	if (s->measured) {
		g = el(svg, "g");
		shade(g, &sc, s->r.before_start, s->r.before_end, "before");
		shade(g, &sc, s->r.after_start, s->r.after_end, "after");
	}
	/* value axis: ticks at 1, 2 or 5 times a power of ten */
	g = el(svg, "g");
	attr(g, "class", "axis");
	nt = rep_ticks(sc.v0, sc.v1, 6, &first, &step);
	for (i = 0; i < nt; i++) {
		v = first + (double)i * step;
		line(g, X0, sy(&sc, v), X1, sy(&sc, v), "grid");
		value_label(v, lab, sizeof(lab));
		text(g, X0 - 6, sy(&sc, v) + 4, "end", NULL, lab);
	}
	/* time axis: whole days, at most 6 labels */
	days = (sc.t1 - sc.t0) / 86400 + 1;
	dstep = days / 6 + 1;
	t0 = (sc.t0 + 86399) / 86400 * 86400;
	for (day = t0; day <= sc.t1; day += dstep * 86400) {
		x = sx(&sc, day);
		line(g, x, Y1, x, Y1 + 5, "tick");
		rep_time(day, t);
		t[10] = '\0';
		text(g, x, Y1 + 20, "middle", NULL, t);
	}
	line(g, X0, Y1, X1, Y1, "base");
	line(g, X0, Y0, X0, Y1, "base");
	text(g, X0, Y0 - 26, "start", "unit", "count per ");
	rep_interval_name(s->interval_s, lab, sizeof(lab));
	xmlNodeAddContent(g->last, BAD_CAST lab);
	text(g, X1, H - 6, "end", "unit", "UTC");

	/* the band and the line */
	g = el(svg, "g");
	buf_reset(&b);
	for (i = 0; i < s->nchart; i++)
		buf_addf(&b, "%.1f,%.1f ", sx(&sc, s->chart[i].t),
		    sy(&sc, s->chart_hi[i]));
	for (i = s->nchart; i-- > 0;)
		buf_addf(&b, "%.1f,%.1f ", sx(&sc, s->chart[i].t),
		    sy(&sc, s->chart_lo[i]));
	n = el(g, "polygon");
	attr(n, "points", b.s);
	attr(n, "class", "band");
	buf_reset(&b);
	for (i = 0; i < s->nchart; i++)
		buf_addf(&b, "%.1f,%.1f ", sx(&sc, s->chart[i].t),
		    sy(&sc, s->chart[i].v));
	n = el(g, "polyline");
	attr(n, "points", b.s);
	attr(n, "class", "series");

	/*
	 * The events: a line each, labelled with its number in the
	 * caption's key (report_svg_mark_shown()); lines closer than
	 * CLUSTER_PX share one label, "1-3", so that labels never overlap
	 * (McColo lost both upstreams and its routes in one minute).
	 */
	g = el(svg, "g");
	attr(g, "class", "events");
	for (i = 0, k = 0, first_k = 0, cx = 0, row = 0; i <= d->nmarks;
	    i++) {
		const struct rep_mark *m = i < d->nmarks ? &d->marks[i] : NULL;

		if (m != NULL && !report_svg_mark_shown(s, m->at))
			continue;
		x = m != NULL ? sx(&sc, m->at) : 0;
		if (k > 0 && (m == NULL || x - cx > CLUSTER_PX)) {
			if (first_k == k)
				snprintf(lab, sizeof(lab), "%zu", k);
			else
				snprintf(lab, sizeof(lab), "%zu\u2013%zu",
				    first_k, k);
			n = text(g, cx, Y0 - 8 - (double)(row++ % 2) * 14,
			    "middle", NULL, lab);
		}
		if (m == NULL)
			break;
		if (k == 0 || x - cx > CLUSTER_PX) {
			first_k = k + 1;
			cx = x;
		}
		k++;
		line(g, x, Y0 - 4, x, Y1, m->measured ? "event measured" :
		    "event");
	}
	buf_release(&b);
	return svg;
}

int
report_svg_mark_shown(const struct rep_series *s, int64_t at)
{
	return s->nchart > 0 && at >= s->first_t &&
	    at <= s->last_t + s->interval_s;
}
