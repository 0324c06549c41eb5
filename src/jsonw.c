/*
 * jsonw.c - JSON text written from typed values, the same bytes as
 * jansson's indented dump (jsonw.h).  Hand-written because jansson has
 * no call that writes a value without building a json_t for it, and the
 * tree was most of a long listing's time.
 */
#include <string.h>

#include "buf.h"
#include "jsonw.h"
#include "termsafe.h"
#include "utf8.h"
#include "util.h"
#include "validate.h"

/*
 * Bytes that need more than a copy in a JSON string: controls, '"', '\\',
 * DEL and every byte of a multi-byte sequence.  A constant
 * table, so that jw_str() needs no set-up.
 */
static const unsigned char jw_special[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* 00 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* 10 */
	0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* 20 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* 30 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* 40 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,	/* 50 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* 60 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,	/* 70 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* 80 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* 90 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* a0 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* b0 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* c0 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* d0 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* e0 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* f0 */
};

char *
jw_begin(struct buf *b, size_t room)
{
	buf_grow(b, room);
	return b->s + b->len;
}

char *
jw_room(struct buf *b, char *o, size_t room)
{
	size_t used = (size_t)(o - b->s);

	if (used + room + 1 <= b->cap)
		return o;
	b->len = used;
	buf_grow(b, room);
	return b->s + used;
}

void
jw_end(struct buf *b, char *o)
{
	size_t used = (size_t)(o - b->s);

	if (used + 1 > b->cap)
		die("BUG: a JSON writer overran its room");
	b->len = used;
	b->s[used] = '\0';
}

char *
jw_str(char *o, const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s, *end = p + len,
	    *run;
	unsigned long cp;
	size_t n;

	*o++ = '"';
	while (p < end) {
		run = p;
		while (p < end && !jw_special[*p])
			p++;
		memcpy(o, run, (size_t)(p - run));
		o += p - run;
		if (p == end)
			break;
		if (*p >= 0x7f) {
			cp = *p;
			n = *p == 0x7f ? 1 :
			    utf8_seq(p, (size_t)(end - p), &cp);
			if (n != 0 && ts_json_point(cp)) {
				/* As print_json() after jansson: \u007F. */
				memcpy(o, "\\u", 2);
				o[2] = hex[(cp >> 12) & 0xf];
				o[3] = hex[(cp >> 8) & 0xf];
				o[4] = hex[(cp >> 4) & 0xf];
				o[5] = hex[cp & 0xf];
				o += 6;
				p += n;
			} else if (n != 0) {
				memcpy(o, p, n);
				o += n;
				p += n;
			} else {
				memcpy(o, "\xef\xbf\xbd", 3);
				o += 3;
				p++;
			}
			continue;
		}
		*o++ = '\\';
		switch (*p) {
		case '"': case '\\': *o++ = (char)*p; break;
		case '\b': *o++ = 'b'; break;
		case '\f': *o++ = 'f'; break;
		case '\n': *o++ = 'n'; break;
		case '\r': *o++ = 'r'; break;
		case '\t': *o++ = 't'; break;
		default:
			memcpy(o, "u00", 3);
			o[3] = hex[*p >> 4];
			o[4] = hex[*p & 0xf];
			o += 5;
		}
		p++;
	}
	*o++ = '"';
	return o;
}

char *
jw_opt(char *o, const char *s, size_t len)
{
	if (s == NULL)
		return jw_null(o);
	return jw_str(o, s, len);
}

char *
jw_null(char *o)
{
	memcpy(o, "null", 4);
	return o + 4;
}

char *
jw_bool(char *o, int v)
{
	if (v) {
		memcpy(o, "true", 4);
		return o + 4;
	}
	memcpy(o, "false", 5);
	return o + 5;
}

/* Decimal digits, by hand: printf was a tenth of a listing's time. */
char *
jw_int(char *o, int64_t v)
{
	char num[24], *p = num + sizeof(num);
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
	size_t n;

	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	n = (size_t)(num + sizeof(num) - p);
	memcpy(o, p, n);
	return o + n;
}

static char *
jw_2(char *o, int v)
{
	o[0] = (char)('0' + v / 10);
	o[1] = (char)('0' + v % 10);
	return o + 2;
}

/* 1000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: four-digit years. */
#define JW_TIME_MIN	(-30610224000LL)
#define JW_TIME_MAX	253402300799LL

/*
 * Years 1000 to 9999 are formatted here (gmtime_r() and strftime() were
 * a tenth of a listing's time), with the days-to-date arithmetic of the
 * proleptic Gregorian calendar in 400-year eras; other times go to
 * fmt_time().
 */
char *
jw_time(char *o, int have, int64_t t)
{
	char tb[TIME_STRLEN];
	int64_t days, secs, z, era, doe, yoe, doy, mp, y, m, d;
	size_t n;

	if (!have)
		return jw_null(o);
	*o++ = '"';
	if (t < JW_TIME_MIN || t > JW_TIME_MAX) {
		fmt_time(t, tb);
		n = strlen(tb);
		memcpy(o, tb, n);
		o += n;
		*o++ = '"';
		return o;
	}
	days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	secs = t - days * 86400;
	z = days + 719468;		/* days since 0000-03-01 */
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;		/* [0, 146096] */
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;	/* March = 0 */
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y = yoe + era * 400 + (m <= 2);
	o = jw_2(o, (int)(y / 100));
	o = jw_2(o, (int)(y % 100));
	*o++ = '-';
	o = jw_2(o, (int)m);
	*o++ = '-';
	o = jw_2(o, (int)d);
	*o++ = 'T';
	o = jw_2(o, (int)(secs / 3600));
	*o++ = ':';
	o = jw_2(o, (int)(secs / 60 % 60));
	*o++ = ':';
	o = jw_2(o, (int)(secs % 60));
	memcpy(o, "Z\"", 2);
	return o + 2;
}

char *
jw_line(char *o, int ind, int first)
{
	if (!first)
		*o++ = ',';
	*o++ = '\n';
	memset(o, ' ', (size_t)ind);
	return o + ind;
}
