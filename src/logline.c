/*
 * logline.c - a log line read into a time and an address, by hand: this
 * is the inner loop of "depeer attribute" (ten million lines a second
 * is the target), so no sscanf(), strtok(), strtol() or copy of the line;
 * each byte is looked at about once.  The rules are in logline.h.
 */
#include <arpa/inet.h>
#include <string.h>

#include "logline.h"

static inline int
is_digit(unsigned char c)
{
	return (unsigned)(c - '0') < 10;
}

static inline int
is_blank(unsigned char c)
{
	return c == ' ' || c == '\t';
}

/* Days from 1970-01-01 to y-m-d (the proleptic Gregorian calendar). */
static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static int
days_in_month(unsigned y, unsigned m)
{
	static const unsigned char dm[12] = { 31, 28, 31, 30, 31, 30, 31, 31,
	    30, 31, 30, 31 };

	if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

/* n digits at s as a number, or -1 when one is not a digit. */
static int
digits(const char *s, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (!is_digit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* "YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)", exactly. */
static int
rfc3339(const char *s, size_t n, int64_t *out)
{
	int y, mo, d, h, mi, sec, oh, om;
	size_t i = 19;
	int64_t t;

	if (n < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' &&
	    s[10] != 't') || s[13] != ':' || s[16] != ':')
		return -1;
	if ((y = digits(s, 4)) < 1970 || (mo = digits(s + 5, 2)) < 1 ||
	    mo > 12 || (d = digits(s + 8, 2)) < 1 ||
	    d > days_in_month((unsigned)y, (unsigned)mo) ||
	    (h = digits(s + 11, 2)) < 0 || h > 23 ||
	    (mi = digits(s + 14, 2)) < 0 || mi > 59 ||
	    (sec = digits(s + 17, 2)) < 0 || sec > 60)
		return -1;
	if (sec == 60)
		sec = 59;
	if (s[i] == '.') {
		i++;
		if (i >= n || !is_digit((unsigned char)s[i]))
			return -1;
		while (i < n && is_digit((unsigned char)s[i]))
			i++;
	}
	t = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 +
	    h * 3600 + mi * 60 + sec;
	if (i + 1 == n && (s[i] == 'Z' || s[i] == 'z')) {
		*out = t;
		return 0;
	}
	if (i + 6 != n || (s[i] != '+' && s[i] != '-') || s[i + 3] != ':' ||
	    (oh = digits(s + i + 1, 2)) < 0 || oh > 23 ||
	    (om = digits(s + i + 4, 2)) < 0 || om > 59)
		return -1;
	/* The local time minus its offset is UTC. */
	t += (s[i] == '+' ? -1 : 1) * (int64_t)(oh * 3600 + om * 60);
	if (t < 0 || t > LOGLINE_TMAX)
		return -1;
	*out = t;
	return 0;
}

int
logline_time(const char *s, size_t n, int64_t *t)
{
	int64_t v = 0;
	size_t i = 0;

	if (n == 0)
		return -1;
	if (n >= 20 && s[4] == '-')
		return rfc3339(s, n, t);
	/* Unix seconds: at most 12 digits keeps v far from overflow. */
	while (i < n && i < 13 && is_digit((unsigned char)s[i]))
		v = v * 10 + (s[i++] - '0');
	if (i == 0 || i > 12 || v > LOGLINE_TMAX)
		return -1;
	if (i < n) {
		if (s[i] != '.' || i + 1 == n)
			return -1;
		for (i++; i < n; i++)
			if (!is_digit((unsigned char)s[i]))
				return -1;
	}
	*t = v;
	return 0;
}

int
logline_ipv4(const char *s, size_t n, uint32_t *v4)
{
	uint32_t a = 0, o;
	size_t i = 0, start;
	int k;

	for (k = 0; k < 4; k++) {
		if (k > 0) {
			if (i >= n || s[i] != '.')
				return -1;
			i++;
		}
		start = i;
		o = 0;
		while (i < n && i - start < 3 && is_digit((unsigned char)s[i]))
			o = o * 10 + (uint32_t)(s[i++] - '0');
		/* 1 to 3 digits, no leading zero, at most 255. */
		if (i == start || o > 255 || (s[start] == '0' &&
		    i - start > 1))
			return -1;
		a = a << 8 | o;
	}
	if (i != n)
		return -1;
	*v4 = a;
	return 0;
}

int
logline_addr(const char *s, size_t n, struct logline *out)
{
	static const uint8_t mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0xff, 0xff };
	char buf[48];
	size_t i;

	if (logline_ipv4(s, n, &out->v4) == 0)
		return LOGLINE_V4;
	/* IPv6 is rare in spamtrap logs: inet_pton() on a copy will do,
	   after a check that keeps zones, brackets and blanks out. */
	if (n < 2 || n >= sizeof(buf))
		return -1;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!is_digit(c) && c != ':' && c != '.' &&
		    !((c | 0x20) >= 'a' && (c | 0x20) <= 'f'))
			return -1;
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET6, buf, out->v6) != 1)
		return -1;
	if (memcmp(out->v6, mapped, 12) == 0) {
		out->v4 = (uint32_t)out->v6[12] << 24 |
		    (uint32_t)out->v6[13] << 16 | (uint32_t)out->v6[14] << 8 |
		    out->v6[15];
		return LOGLINE_V4;
	}
	return LOGLINE_V6;
}

/*
 * The CSV field starting at s[*i] (a quoted one unquoted only as far as
 * its bounds go: the time and the address never hold quotes).  Sets
 * [*fs, *fe) and leaves *i after the comma, or at n.  -1 when a quote is
 * not closed or text follows the closing quote.
 */
static int
csv_field(const char *s, size_t n, size_t *i, const char **fs,
    const char **fe)
{
	size_t j = *i;

	while (j < n && is_blank((unsigned char)s[j]))
		j++;
	if (j < n && s[j] == '"') {
		*fs = s + ++j;
		for (;;) {
			if (j >= n)
				return -1;
			if (s[j] == '"') {
				if (j + 1 < n && s[j + 1] == '"') {
					j += 2;
					continue;
				}
				break;
			}
			j++;
		}
		*fe = s + j++;
		while (j < n && is_blank((unsigned char)s[j]))
			j++;
		if (j < n && s[j] != ',')
			return -1;
	} else {
		*fs = s + j;
		while (j < n && s[j] != ',')
			j++;
		*fe = s + j;
		while (*fe > *fs && is_blank((unsigned char)(*fe)[-1]))
			(*fe)--;
	}
	*i = j < n ? j + 1 : n + 1;	/* n + 1: no field after this one */
	return 0;
}

static int
has_digit(const char *s, const char *e)
{
	for (; s < e; s++)
		if (is_digit((unsigned char)*s))
			return 1;
	return 0;
}

/* Whether [s, e) is one of the names (any case). */
static int
name_in(const char *s, const char *e, const char *const *names)
{
	size_t n = (size_t)(e - s), k, i;

	for (i = 0; names[i] != NULL; i++) {
		if (strlen(names[i]) != n)
			continue;
		for (k = 0; k < n; k++) {
			unsigned char c = (unsigned char)s[k];

			if (c >= 'A' && c <= 'Z')
				c |= 0x20;
			if (c != (unsigned char)names[i][k])
				break;
		}
		if (k == n)
			return 1;
	}
	return 0;
}

static enum logline_kind
csv_header(struct logline_fmt *fmt, const char *s, size_t n,
    const char **why)
{
	static const char *const tnames[] = { "time", "timestamp", "ts",
	    "unixtime", "date", NULL };
	static const char *const anames[] = { "address", "addr", "ip", "src",
	    "src_ip", "source_ip", "source", "client", "client_ip",
	    "remote_addr", "ip_address", NULL };
	const char *fs, *fe;
	size_t i = 0;
	int col = 0;

	fmt->tcol = fmt->acol = -1;
	while (i <= n) {
		if (csv_field(s, n, &i, &fs, &fe) != 0) {
			*why = "the CSV header has an unclosed quote";
			return LOGLINE_BADHEADER;
		}
		if (fmt->tcol < 0 && name_in(fs, fe, tnames))
			fmt->tcol = col;
		else if (fmt->acol < 0 && name_in(fs, fe, anames))
			fmt->acol = col;
		col++;
	}
	if (fmt->tcol < 0 || fmt->acol < 0) {
		*why = fmt->tcol < 0 ? "the CSV header names no time column "
		    "(time, timestamp, ts, unixtime or date)" : "the CSV header "
		    "names no address column (address, addr, ip, src, "
		    "src_ip, source_ip, source, client, client_ip, "
		    "remote_addr or ip_address)";
		return LOGLINE_BADHEADER;
	}
	fmt->maxcol = fmt->tcol > fmt->acol ? fmt->tcol : fmt->acol;
	return LOGLINE_SKIP;
}

static enum logline_kind
fields(const char *ts, size_t tn, const char *as, size_t an,
    struct logline *out, const char **why)
{
	int k;

	if (logline_time(ts, tn, &out->t) != 0) {
		*why = "the time is not Unix seconds or an RFC 3339 time";
		return LOGLINE_BAD;
	}
	if (an == 0) {
		*why = "there is no address after the time";
		return LOGLINE_BAD;
	}
	if ((k = logline_addr(as, an, out)) < 0) {
		*why = "the address is not an IPv4 or IPv6 address";
		return LOGLINE_BAD;
	}
	return (enum logline_kind)k;
}

static enum logline_kind
csv_line(struct logline_fmt *fmt, const char *s, size_t n,
    struct logline *out, const char **why)
{
	const char *fs, *fe, *ts = NULL, *te = NULL, *as = NULL, *ae = NULL;
	size_t i = 0;
	int col;

	for (col = 0; col <= fmt->maxcol; col++) {
		if (i > n) {
			*why = "the line has too few fields";
			return LOGLINE_BAD;
		}
		if (csv_field(s, n, &i, &fs, &fe) != 0) {
			*why = "a quoted field is not closed";
			return LOGLINE_BAD;
		}
		if (col == fmt->tcol) {
			ts = fs;
			te = fe;
		}
		if (col == fmt->acol) {
			as = fs;
			ae = fe;
		}
	}
	return fields(ts, (size_t)(te - ts), as, (size_t)(ae - as), out, why);
}

/*
 * The common line in one pass: Unix seconds, blanks, a dotted quad, then
 * the end or a blank.  0 when the line is anything else (the general
 * path then reads it, and says why when it is malformed).  With pad,
 * LOGLINE_PAD bytes after e are readable, and each octet is read without
 * a branch on its length: random addresses make those branches
 * unpredictable, and they cost more than the rest of the line.
 */
static inline int
fast(const char *s, const char *e, struct logline *out, int pad)
{
	const unsigned char *p = (const unsigned char *)s, *o;
	const unsigned char *ue = (const unsigned char *)e;
	int64_t t = 0;
	uint32_t a = 0, v, c0, c1, c2, n, val[3];
	int k;

	while (p < ue && is_digit(*p) && p - (const unsigned char *)s < 12)
		t = t * 10 + (*p++ - '0');
	if (p == (const unsigned char *)s || p == ue || t > LOGLINE_TMAX)
		return 0;
	if (*p == '.') {
		/* A fraction: at least one digit ("12." is no time). */
		if (++p == ue || !is_digit(*p))
			return 0;
		while (p < ue && is_digit(*p))
			p++;
	}
	if (p == ue || !is_blank(*p))
		return 0;
	while (p < ue && is_blank(*p))
		p++;
	for (k = 0; k < 4; k++) {
		if (k > 0) {
			if (p == ue || *p != '.')
				return 0;
			p++;
		}
		if (pad && p < ue) {
			c0 = (uint32_t)p[0] - '0';
			c1 = (uint32_t)p[1] - '0';
			c2 = (uint32_t)p[2] - '0';
			if (c0 > 9)
				return 0;
			n = 1 + (c1 <= 9) + ((c1 <= 9) & (c2 <= 9));
			val[0] = c0;
			val[1] = c0 * 10 + c1;
			val[2] = c0 * 100 + c1 * 10 + c2;
			v = val[n - 1];
			/* No leading zero, at most 255, within the line. */
			if ((c0 == 0 && n > 1) | (v > 255) | (p + n > ue))
				return 0;
			p += n;
		} else {
			o = p;
			v = 0;
			while (p < ue && is_digit(*p) && p - o < 3)
				v = v * 10 + (uint32_t)(*p++ - '0');
			if (p == o || v > 255 || (*o == '0' && p - o > 1))
				return 0;
		}
		a = a << 8 | v;
	}
	if (p < ue && !is_blank(*p))
		return 0;
	out->t = t;
	out->v4 = a;
	return 1;
}

static enum logline_kind parse(struct logline_fmt *fmt, const char *s,
	    size_t n, struct logline *out, const char **why, int pad);

enum logline_kind
logline_parse(struct logline_fmt *fmt, const char *s, size_t n,
    struct logline *out, const char **why)
{
	return parse(fmt, s, n, out, why, 0);
}

enum logline_kind
logline_parse_pad(struct logline_fmt *fmt, const char *s, size_t n,
    struct logline *out, const char **why)
{
	return parse(fmt, s, n, out, why, 1);
}

static enum logline_kind
parse(struct logline_fmt *fmt, const char *s, size_t n, struct logline *out,
    const char **why, int pad)
{
	const char *e, *ts, *te, *as, *ae;
	int first;

	if (n > 0 && s[n - 1] == '\r')
		n--;
	e = s + n;
	ts = s;
	while (ts < e && is_blank((unsigned char)*ts))
		ts++;
	if (ts == e || *ts == '#')
		return LOGLINE_SKIP;
	first = !fmt->decided;
	if (first) {
		fmt->decided = 1;
		fmt->csv = memchr(ts, ',', (size_t)(e - ts)) != NULL;
		if (fmt->csv) {
			const char *c = memchr(ts, ',', (size_t)(e - ts));

			if (!has_digit(ts, c))
				return csv_header(fmt, ts, (size_t)(e - ts),
				    why);
		}
	}
	if (fmt->csv)
		return csv_line(fmt, ts, (size_t)(e - ts), out, why);
	if (!first && fast(ts, e, out, pad))
		return LOGLINE_V4;
	/* The general path: "TIME ADDRESS ...". */
	for (te = ts; te < e && !is_blank((unsigned char)*te); te++)
		;
	for (as = te; as < e && is_blank((unsigned char)*as); as++)
		;
	for (ae = as; ae < e && !is_blank((unsigned char)*ae); ae++)
		;
	if (first && !has_digit(ts, te))
		return LOGLINE_SKIP;	/* a header */
	return fields(ts, (size_t)(te - ts), as, (size_t)(ae - as), out, why);
}
