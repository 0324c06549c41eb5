/*
 * measure.c - the reading of measurement files into counts per interval,
 * durations, series names and the hash of an import's points.
 */
#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exitcodes.h"
#include "ipnet.h"
#include "measure.h"
#include "numparse.h"
#include "validate.h"

struct measure_acc {
	int64_t		 interval;
	int		 strict;
	struct measure_parse p;
	size_t		 cap;
	int		 data_seen;	/* a non-blank, non-comment line */
	int		 sorted;	/* pts are in t order so far */
	char		 line[MEASURE_MAX_LINE + 1];
	size_t		 len;
	int		 toolong;	/* the line at hand is over the limit */
	int		 failed;	/* strict failure already reported */
};

void
measure_series_release(struct measure_series *s)
{
	if (s == NULL)
		return;
	free(s->name);
	memset(s, 0, sizeof(*s));
}

struct measure_acc *
measure_acc_new(int64_t interval_s, int strict)
{
	struct measure_acc *a = xcalloc(1, sizeof(*a));

	a->interval = interval_s;
	a->strict = strict;
	a->sorted = 1;
	return a;
}

void
measure_acc_free(struct measure_acc *a)
{
	if (a == NULL)
		return;
	free(a->p.pts);
	free(a);
}

void
measure_parse_release(struct measure_parse *p)
{
	free(p->pts);
	memset(p, 0, sizeof(*p));
}

/* Trim spaces and one pair of double quotes around [*s, *e). */
static void
trim(const char **s, const char **e)
{
	while (*s < *e && (**s == ' ' || **s == '\t'))
		(*s)++;
	while (*e > *s && ((*e)[-1] == ' ' || (*e)[-1] == '\t'))
		(*e)--;
	if (*e - *s >= 2 && **s == '"' && (*e)[-1] == '"') {
		(*s)++;
		(*e)--;
	}
}

/* A time field: Unix seconds (digits only) or what val_time() reads. */
static int
parse_time(const char *s, size_t n, int64_t *out)
{
	char buf[64];
	long long v;
	size_t i;
	int digits = 1;

	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)buf[i]))
			digits = 0;
	if (digits) {
		/* Up to 9999-12-31T23:59:59Z, as val_time() allows. */
		if (parse_num(NULL, buf, 0, 253402300799LL, &v, NULL) != 0)
			return -1;
		*out = v;
		return 0;
	}
	return val_time(buf, out, NULL) == 0 ? 0 : -1;
}

/*
 * A value: decimal digits with at most one '.', an optional exponent;
 * a leading '-' is read only to say the value is negative.  Returns 0,
 * or -1 with why set.
 */
static int
parse_value(const char *s, size_t n, double *out, const char **why)
{
	char buf[64], *end;
	size_t i = 0;
	int digits = 0;
	double v;

	if (n == 0) {
		*why = "the value is empty";
		return -1;
	}
	if (n >= sizeof(buf)) {
		*why = "the value is not a number";
		return -1;
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (buf[0] == '-' || buf[0] == '+')
		i++;
	for (; i < n && (isdigit((unsigned char)buf[i]) || buf[i] == '.');
	    i++)
		digits += isdigit((unsigned char)buf[i]) != 0;
	if (digits > 0 && i < n && (buf[i] == 'e' || buf[i] == 'E')) {
		i++;
		if (i < n && (buf[i] == '-' || buf[i] == '+'))
			i++;
		while (i < n && isdigit((unsigned char)buf[i]))
			i++;
	}
	if (digits == 0 || i != n) {
		*why = "the value is not a number";
		return -1;
	}
	v = strtod(buf, &end);
	if (*end != '\0' || !isfinite(v)) {
		*why = "the value is not a number";
		return -1;
	}
	if (buf[0] == '-' && v != 0) {
		*why = "the value is negative (counts are 0 or more)";
		return -1;
	}
	if (v < 0)
		v = 0;	/* "-0" */
	*out = v;
	return 0;
}

static void
add_point(struct measure_acc *a, int64_t t, double v)
{
	struct measure_parse *p = &a->p;

	if (p->n > 0 && p->pts[p->n - 1].t == t) {
		p->pts[p->n - 1].v += v;
		return;
	}
	if (p->n > 0 && p->pts[p->n - 1].t > t)
		a->sorted = 0;
	GROW(p->pts, p->n + 1, a->cap);
	p->pts[p->n].t = t;
	p->pts[p->n].v = v;
	p->n++;
}

static int
cmp_point(const void *x, const void *y)
{
	const struct measure_point *a = x, *b = y;

	return a->t < b->t ? -1 : a->t > b->t;
}

/* Sort by t and add up the points of one interval. */
static void
compact(struct measure_acc *a)
{
	struct measure_parse *p = &a->p;
	size_t i, o = 0;

	if (!a->sorted)
		qsort(p->pts, p->n, sizeof(*p->pts), cmp_point);
	for (i = 0; i < p->n; i++) {
		if (o > 0 && p->pts[o - 1].t == p->pts[i].t)
			p->pts[o - 1].v += p->pts[i].v;
		else
			p->pts[o++] = p->pts[i];
	}
	p->n = o;
	a->sorted = 1;
}

static int
malformed(struct measure_acc *a, const char *why, struct dp_err *err)
{
	struct measure_parse *p = &a->p;

	if (p->malformed < MEASURE_BAD_MAX)
		p->bad[p->malformed] = p->lines;
	if (p->malformed == 0)
		snprintf(p->why, sizeof(p->why), "%s", why);
	p->malformed++;
	if (a->strict) {
		a->failed = 1;
		return dp_fail(err, DP_EX_DATAERR, "line %" PRId64 ": %s "
		    "(--strict)", p->lines, why);
	}
	return 0;
}

/* Whether [s, e) holds a digit. */
static int
has_digit(const char *s, const char *e)
{
	for (; s < e; s++)
		if (isdigit((unsigned char)*s))
			return 1;
	return 0;
}

/* One line, without its end; a->p.lines is its number. */
static int
read_line(struct measure_acc *a, const char *s, size_t n, struct dp_err *err)
{
	const char *e = s + n, *f1, *f1e, *f2, *f2e, *why = NULL, *what;
	enum measure_kind kind;
	struct ipnet ip;
	int64_t t;
	double v = 1;
	int first_data, more = 0;

	if (n > 0 && s[n - 1] == '\r')
		e--;
	f1 = s;
	while (f1 < e && (*f1 == ' ' || *f1 == '\t'))
		f1++;
	if (f1 == e || *f1 == '#')
		return 0;
	first_data = !a->data_seen;
	a->data_seen = 1;
	/* The fields: split on the first comma, else on blanks. */
	if ((f1e = memchr(f1, ',', (size_t)(e - f1))) != NULL) {
		f2 = f1e + 1;
		f2e = memchr(f2, ',', (size_t)(e - f2));
		more = f2e != NULL;
		if (f2e == NULL)
			f2e = e;
	} else {
		for (f1e = f1; f1e < e && *f1e != ' ' && *f1e != '\t'; f1e++)
			;
		for (f2 = f1e; f2 < e && (*f2 == ' ' || *f2 == '\t'); f2++)
			;
		for (f2e = f2; f2e < e && *f2e != ' ' && *f2e != '\t'; f2e++)
			;
	}
	trim(&f1, &f1e);
	trim(&f2, &f2e);
	if (parse_time(f1, (size_t)(f1e - f1), &t) != 0) {
		if (first_data && !has_digit(f1, f1e))
			return 0;	/* a header */
		return malformed(a, "the time is not Unix seconds or an RFC "
		    "3339 time", err);
	}
	if (f2 == f2e)
		return malformed(a, "there is no value or address after the "
		    "time", err);
	if (ipnet_parse_addr(f2, (size_t)(f2e - f2), &ip, &what) == NULL)
		kind = MEASURE_LOG;
	else if (parse_value(f2, (size_t)(f2e - f2), &v, &why) == 0)
		kind = MEASURE_VALUES;
	else
		return malformed(a, why, err);
	/* A CSV of values has two fields; a log may have more. */
	if (kind == MEASURE_VALUES && more)
		return malformed(a, "there are more than two fields", err);
	if (a->p.kind == MEASURE_UNKNOWN)
		a->p.kind = kind;
	else if (a->p.kind != kind)
		return malformed(a, kind == MEASURE_LOG ? "an address in a "
		    "file of values" : "a value in a log of addresses", err);
	add_point(a, t - t % a->interval, v);
	a->p.used++;
	/* Keep memory bounded when the input is out of order. */
	if (a->p.n > MEASURE_MAX_POINTS) {
		compact(a);
		if (a->p.n > MEASURE_MAX_POINTS)
			return dp_fail(err, DP_EX_DATAERR, "the input spans "
			    "more than %d intervals", MEASURE_MAX_POINTS);
	}
	return 0;
}

static int
end_line(struct measure_acc *a, struct dp_err *err)
{
	int rc;

	a->p.lines++;
	if (a->toolong)
		rc = malformed(a, "the line is too long", err);
	else
		rc = read_line(a, a->line, a->len, err);
	a->len = 0;
	a->toolong = 0;
	return rc;
}

int
measure_acc_feed(struct measure_acc *a, const char *buf, size_t len,
    struct dp_err *err)
{
	const char *nl;
	size_t take;
	int rc;

	if (a->failed)
		return DP_EX_DATAERR;
	while (len > 0) {
		nl = memchr(buf, '\n', len);
		take = nl != NULL ? (size_t)(nl - buf) : len;
		if (a->len + take > MEASURE_MAX_LINE)
			a->toolong = 1;
		else {
			memcpy(a->line + a->len, buf, take);
			a->len += take;
		}
		if (nl == NULL)
			break;
		if ((rc = end_line(a, err)) != 0)
			return rc;
		buf = nl + 1;
		len -= take + 1;
	}
	return 0;
}

int
measure_acc_finish(struct measure_acc *a, struct measure_parse *out,
    struct dp_err *err)
{
	struct measure_parse *p = &a->p;
	struct measure_point *full;
	int64_t span, i;
	size_t j;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (!a->failed && (a->len > 0 || a->toolong))
		rc = end_line(a, err);
	if (rc == 0 && a->failed)
		rc = DP_EX_DATAERR;
	if (rc != 0)
		goto fail;
	compact(a);
	if (p->used == 0) {
		if (p->malformed == 0)
			rc = dp_fail(err, DP_EX_DATAERR, "the input holds no "
			    "measurements (%s)", p->lines == 0 ? "it is empty" :
			    "only blank lines, comments or a header");
		else
			rc = dp_fail(err, DP_EX_DATAERR, "no line of the input "
			    "could be read: line %" PRId64 ": %s", p->bad[0],
			    p->why);
		goto fail;
	}
	/* A log covers every interval from its first line's to its last's. */
	if (p->kind == MEASURE_LOG) {
		span = (p->pts[p->n - 1].t - p->pts[0].t) / a->interval + 1;
		if (span > MEASURE_MAX_POINTS) {
			rc = dp_fail(err, DP_EX_DATAERR, "the log spans more "
			    "than %d intervals", MEASURE_MAX_POINTS);
			goto fail;
		}
		if ((size_t)span != p->n) {
			full = xcalloc((size_t)span, sizeof(*full));
			for (i = 0; i < span; i++)
				full[i].t = p->pts[0].t + i * a->interval;
			for (j = 0; j < p->n; j++)
				full[(p->pts[j].t - p->pts[0].t) /
				    a->interval].v = p->pts[j].v;
			free(p->pts);
			p->pts = full;
			p->n = (size_t)span;
		}
	}
	*out = *p;
	memset(p, 0, sizeof(*p));
	measure_acc_free(a);
	return 0;
fail:
	measure_acc_free(a);
	return rc;
}

int
measure_parse_duration(const char *what, const char *s, int64_t *out,
    struct dp_err *err)
{
	long long n;
	int64_t unit;
	size_t len = s != NULL ? strlen(s) : 0;
	char num[24];

	if (len < 2 || len - 1 >= sizeof(num))
		goto bad;
	switch (s[len - 1]) {
	case 's': unit = 1; break;
	case 'm': unit = 60; break;
	case 'h': unit = 3600; break;
	case 'd': unit = 86400; break;
	default: goto bad;
	}
	memcpy(num, s, len - 1);
	num[len - 1] = '\0';
	/* At most about 100 years in any unit. */
	if (parse_num(NULL, num, 1, 3200000000LL / unit, &n, NULL) != 0)
		goto bad;
	*out = (int64_t)n * unit;
	return 0;
bad:
	return dp_fail(err, DP_EX_USAGE, "'%s': '%.40s' is not a duration "
	    "(a whole number and a unit: s, m, h or d, as in 1h, 15m or 7d)",
	    what, s != NULL ? s : "");
}

int
measure_interval_valid(const char *what, int64_t s, struct dp_err *err)
{
	char d[24];

	if (s >= 60 && s <= 86400 && 86400 % s == 0)
		return 0;
	measure_fmt_duration(s, d);
	return dp_fail(err, DP_EX_USAGE, "'%s': an interval of %s does not "
	    "divide a day evenly (from 1m to 1d: 1m, 5m, 15m, 1h, 6h, 1d, ...)",
	    what, d);
}

void
measure_fmt_duration(int64_t s, char buf[24])
{
	if (s > 0 && s % 86400 == 0)
		snprintf(buf, 24, "%" PRId64 "d", s / 86400);
	else if (s > 0 && s % 3600 == 0)
		snprintf(buf, 24, "%" PRId64 "h", s / 3600);
	else if (s > 0 && s % 60 == 0)
		snprintf(buf, 24, "%" PRId64 "m", s / 60);
	else
		snprintf(buf, 24, "%" PRId64 "s", s);
}

int
measure_name_valid(const char *name, struct dp_err *err)
{
	size_t n = name != NULL ? strlen(name) : 0;

	if (n == 0)
		return dp_fail(err, DP_EX_USAGE, "a series name cannot be "
		    "empty");
	if (val_text("the series name", name, 200, 0, err) != 0) {
		err->code = DP_EX_USAGE;
		return DP_EX_USAGE;
	}
	if (name[0] == ' ' || name[n - 1] == ' ')
		return dp_fail(err, DP_EX_USAGE, "a series name cannot start "
		    "or end with a space");
	return 0;
}

void
measure_point_hash_add(struct sha256 *h, int64_t t, double v)
{
	char line[64];
	int n;

	n = snprintf(line, sizeof(line), "%" PRId64 " %.17g\n", t, v);
	sha256_update(h, line, (size_t)n);
}

void
measure_points_sha256(const struct measure_point *p, size_t n,
    unsigned char out[SHA256_LEN])
{
	struct sha256 *h = sha256_new();
	size_t i;

	for (i = 0; i < n; i++)
		measure_point_hash_add(h, p[i].t, p[i].v);
	sha256_final(h, out);
	sha256_free(h);
}

static json_t *
time_or_null(int64_t t, int have)
{
	char b[TIME_STRLEN];

	if (!have)
		return json_null();
	fmt_time(t, b);
	return json_string(b);
}

json_t *
measure_series_to_json(const struct measure_series *s)
{
	char d[24];
	json_t *o = json_object();

	measure_fmt_duration(s->interval_s, d);
	json_object_set_new(o, "name", json_string(s->name));
	json_object_set_new(o, "interval", json_string(d));
	json_object_set_new(o, "interval_s", json_integer(s->interval_s));
	json_object_set_new(o, "points", json_integer(s->points));
	json_object_set_new(o, "imports", json_integer(s->imports));
	json_object_set_new(o, "first", time_or_null(s->first_t,
	    s->points > 0));
	json_object_set_new(o, "last", time_or_null(s->last_t,
	    s->points > 0));
	json_object_set_new(o, "total", json_real(s->total));
	json_object_set_new(o, "created_at", time_or_null(s->created_at, 1));
	json_object_set_new(o, "updated_at", time_or_null(s->updated_at, 1));
	return o;
}
