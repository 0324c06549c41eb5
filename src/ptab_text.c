/*
 * ptab_text.c - the text formats of prefix-to-origin tables; see
 * ptab_text.h.  Lines are split by hand (tabs, a few fields) rather than
 * through csv.h: the formats are tab-separated without quoting, and a
 * full table is half a million lines that this reads in well under a
 * second.
 */
#include <sys/socket.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ptab_text.h"

/* Origins a line may list (an AS set seldom has more than a dozen). */
#define MAXORIG	64

static const char *const names[] = {
	[PTAB_FMT_IPASN] = "ipasn",
	[PTAB_FMT_PFX2AS] = "pfx2as",
	[PTAB_FMT_IPTOASN] = "iptoasn",
	[PTAB_FMT_MRT] = "mrt",
	[PTAB_FMT_CANONICAL] = "canonical",
};

const char *
ptab_format_name(enum ptab_format f)
{
	if (f <= PTAB_FMT_UNKNOWN || f > PTAB_FMT_CANONICAL)
		return NULL;
	return names[f];
}

enum ptab_format
ptab_format_from_name(const char *s)
{
	for (int f = PTAB_FMT_IPASN; f <= PTAB_FMT_MRT; f++)
		if (strcmp(s, names[f]) == 0)
			return (enum ptab_format)f;
	return PTAB_FMT_UNKNOWN;
}

/* Fields of s[0..n) split at tabs into f[] (at most max); the count. */
static size_t
split(const char *s, size_t n, const char **f, size_t *fl, size_t max)
{
	size_t k = 0, start = 0;

	for (size_t i = 0; i <= n; i++) {
		if (i == n || s[i] == '\t') {
			if (k < max) {
				f[k] = s + start;
				fl[k] = i - start;
			}
			k++;
			start = i + 1;
		}
	}
	return k;
}

/* An address s[0..n), either family, strictly. */
static int
addr(const char *s, size_t n, struct ipnet *a)
{
	const char *what;

	if (n == 0 || n >= IPNET_STRLEN)
		return -1;
	return ipnet_parse_addr(s, n, a, &what) == NULL ? 0 : -1;
}

/* A decimal number s[0..n) up to max, no sign, no leading zero. */
static int
num(const char *s, size_t n, uint64_t max, uint64_t *v)
{
	uint64_t x = 0;

	if (n == 0 || n > 10 || (n > 1 && s[0] == '0'))
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		x = x * 10 + (uint64_t)(s[i] - '0');
	}
	if (x > max)
		return -1;
	*v = x;
	return 0;
}

/* "ADDR/LEN" s[0..n): the prefix, host bits cleared. */
static int
prefix(const char *s, size_t n, struct ipnet *p)
{
	const char *slash = memchr(s, '/', n);
	uint64_t len;

	if (slash == NULL || addr(s, (size_t)(slash - s), p) != 0 ||
	    num(slash + 1, n - (size_t)(slash - s) - 1,
	    (uint64_t)ipnet_bits(p->family), &len) != 0)
		return -1;
	p->plen = (int)len;
	ipnet_mask(p);
	return 0;
}

static int
u32cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Origins s[0..n): AS numbers (1..4294967295) separated by any of seps,
 * blanks around them allowed; braces around the whole allowed when
 * braces is set.  Sorted and made distinct into v; the count, or 0.
 */
static size_t
origins(const char *s, size_t n, const char *seps, int braces, uint32_t *v)
{
	size_t k = 0, i = 0, w;

	if (braces && n >= 2 && s[0] == '{' && s[n - 1] == '}') {
		s++;
		n -= 2;
	}
	while (i <= n) {
		size_t j = i, a, b;
		uint64_t x;

		while (j < n && strchr(seps, s[j]) == NULL)
			j++;
		a = i;
		b = j;
		while (a < b && s[a] == ' ')
			a++;
		while (b > a && s[b - 1] == ' ')
			b--;
		if (k == MAXORIG || num(s + a, b - a, UINT32_MAX, &x) != 0 ||
		    x == 0)
			return 0;
		v[k++] = (uint32_t)x;
		i = j + 1;
	}
	qsort(v, k, sizeof(*v), u32cmp);
	for (w = 0, i = 0; i < k; i++)
		if (w == 0 || v[w - 1] != v[i])
			v[w++] = v[i];
	return w;
}

/*
 * The range first..last (one family, first <= last) as the fewest
 * prefixes: from first, the largest aligned block that fits, repeated.
 */
static void
split_range(const struct ipnet *first, const struct ipnet *last,
    const uint32_t *asns, size_t n, ptab_emit_fn *emit, void *arg)
{
	int bits = ipnet_bits(first->family);
	struct ipnet cur = *first;

	for (;;) {
		struct ipnet p = cur, hi;
		int plen = bits;

		/* shorten while cur stays aligned and the block fits */
		while (plen > 0) {
			struct ipnet t = cur;

			t.plen = plen - 1;
			if (!ipnet_host_bits_clear(&t))
				break;
			hi = t;
			ipnet_last(&t, hi.addr);
			if (memcmp(hi.addr, last->addr, 16) > 0)
				break;
			plen--;
		}
		p.plen = plen;
		emit(arg, &p, asns, n);
		hi = p;
		ipnet_last(&p, hi.addr);
		if (memcmp(hi.addr, last->addr, 16) >= 0)
			return;
		cur = hi;
		cur.plen = bits;
		if (ipnet_addr_inc(cur.addr, cur.family))
			return;
	}
}

static int
is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

enum ptab_line
ptab_text_line(enum ptab_format f, const char *s, size_t n,
    ptab_emit_fn *emit, void *arg, const char **why)
{
	const char *fl[6];
	size_t fn[6], k;
	uint32_t v[MAXORIG];
	size_t nv;
	struct ipnet p, q;
	uint64_t len;

	if (n > 0 && s[n - 1] == '\r')
		n--;
	if (is_blank(s, n))
		return PTAB_LINE_SKIP;
	if ((f == PTAB_FMT_IPASN && s[0] == ';') ||
	    (f == PTAB_FMT_PFX2AS && s[0] == '#'))
		return PTAB_LINE_SKIP;
	k = split(s, n, fl, fn, 6);
	switch (f) {
	case PTAB_FMT_IPASN:
	case PTAB_FMT_CANONICAL:
		if (k != 2) {
			*why = k < 2 ? "no tab between prefix and ASN" :
			    "more than two fields";
			return PTAB_LINE_BAD;
		}
		if (prefix(fl[0], fn[0], &p) != 0) {
			*why = "bad prefix";
			return PTAB_LINE_BAD;
		}
		nv = origins(fl[1], fn[1], f == PTAB_FMT_IPASN ? ",_" : ",",
		    f == PTAB_FMT_IPASN, v);
		if (nv == 0) {
			*why = "bad ASN";
			return PTAB_LINE_BAD;
		}
		emit(arg, &p, v, nv);
		return PTAB_LINE_ENTRY;
	case PTAB_FMT_PFX2AS:
		if (k != 3) {
			*why = "not three tab-separated fields";
			return PTAB_LINE_BAD;
		}
		if (addr(fl[0], fn[0], &p) != 0 ||
		    num(fl[1], fn[1], (uint64_t)ipnet_bits(p.family),
		    &len) != 0) {
			*why = "bad prefix";
			return PTAB_LINE_BAD;
		}
		p.plen = (int)len;
		ipnet_mask(&p);
		if ((nv = origins(fl[2], fn[2], "_,", 0, v)) == 0) {
			*why = "bad ASN";
			return PTAB_LINE_BAD;
		}
		emit(arg, &p, v, nv);
		return PTAB_LINE_ENTRY;
	case PTAB_FMT_IPTOASN:
		if (k < 3) {
			*why = "fewer than three tab-separated fields";
			return PTAB_LINE_BAD;
		}
		if (addr(fl[0], fn[0], &p) != 0 || addr(fl[1], fn[1], &q) !=
		    0 || p.family != q.family) {
			*why = "bad address range";
			return PTAB_LINE_BAD;
		}
		if (memcmp(p.addr, q.addr, 16) > 0) {
			*why = "range ends before it starts";
			return PTAB_LINE_BAD;
		}
		if (fn[2] == 1 && fl[2][0] == '0')
			return PTAB_LINE_UNROUTED;
		if (num(fl[2], fn[2], UINT32_MAX, &len) != 0) {
			*why = "bad ASN";
			return PTAB_LINE_BAD;
		}
		v[0] = (uint32_t)len;
		split_range(&p, &q, v, 1, emit, arg);
		return PTAB_LINE_ENTRY;
	default:
		*why = "not a text format";
		return PTAB_LINE_BAD;
	}
}

size_t
ptab_canonical_line(const struct ipnet *p, const uint32_t *asns, size_t n,
    char *buf, size_t len)
{
	size_t o;

	ipnet_format(p, buf, len);
	o = strlen(buf);
	for (size_t i = 0; i < n && o + 13 < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%c%u",
		    i == 0 ? '\t' : ',', asns[i]);
	buf[o++] = '\n';
	buf[o] = '\0';
	return o;
}

/* The MRT common header: time, type, subtype, length (RFC 6396 2). */
static int
looks_mrt(const unsigned char *b, size_t n)
{
	unsigned type, len;

	if (n < 12)
		return 0;
	type = (unsigned)b[4] << 8 | b[5];
	len = (unsigned)b[8] << 24 | (unsigned)b[9] << 16 |
	    (unsigned)b[10] << 8 | b[11];
	/* TABLE_DUMP, TABLE_DUMP_V2, BGP4MP, BGP4MP_ET: an MRT file, which
	   the MRT reader takes or refuses (updates are not a table) */
	return (type == 12 || type == 13 || type == 16 || type == 17) &&
	    len > 0 && len < (1u << 24);
}

enum ptab_format
ptab_format_detect(const unsigned char *buf, size_t n)
{
	const char *s = (const char *)buf;
	size_t i = 0;

	if (looks_mrt(buf, n))
		return PTAB_FMT_MRT;
	while (i < n) {
		const char *e = memchr(s + i, '\n', n - i);
		size_t len = e ? (size_t)(e - (s + i)) : n - i;
		const char *fl[6];
		size_t fn[6], k;
		struct ipnet a;
		uint64_t v;

		if (len > 0 && s[i + len - 1] == '\r')
			len--;
		if (len >= 8 && memcmp(s + i, "; IP-ASN", 8) == 0)
			return PTAB_FMT_IPASN;
		if (is_blank(s + i, len) || s[i] == ';' || s[i] == '#') {
			i += len + 1;
			while (i < n && (s[i] == '\r' || s[i] == '\n'))
				i++;
			continue;
		}
		if (e == NULL)		/* a first line cut by the buffer */
			return PTAB_FMT_UNKNOWN;
		k = split(s + i, len, fl, fn, 6);
		if (k == 2 && memchr(fl[0], '/', fn[0]) != NULL)
			return PTAB_FMT_IPASN;
		if (k == 3 && addr(fl[0], fn[0], &a) == 0 &&
		    num(fl[1], fn[1], 128, &v) == 0)
			return PTAB_FMT_PFX2AS;
		if (k >= 3 && addr(fl[0], fn[0], &a) == 0 &&
		    addr(fl[1], fn[1], &a) == 0)
			return PTAB_FMT_IPTOASN;
		return PTAB_FMT_UNKNOWN;
	}
	return PTAB_FMT_UNKNOWN;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int
digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int
val(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

int
ptab_date_from_name(const char *path, int64_t *t)
{
	const char *base = strrchr(path, '/');
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	base = base ? base + 1 : path;
	for (const char *s = base; *s != '\0'; s++) {
		int y, m, d, hh = 0, mm = 0;
		size_t run = 0;

		if (s > base && s[-1] >= '0' && s[-1] <= '9')
			continue;
		while (s[run] >= '0' && s[run] <= '9')
			run++;
		if (run != 8)
			continue;
		y = val(s, 4);
		m = val(s + 4, 2);
		d = val(s + 6, 2);
		if (y < 1990 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] ||
		    (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 ||
		    y % 400 == 0))))
			continue;
		if ((s[8] == '.' || s[8] == '-' || s[8] == '_') &&
		    digits(s + 9, 4) && !(s[13] >= '0' && s[13] <= '9')) {
			hh = val(s + 9, 2);
			mm = val(s + 11, 2);
			if (hh > 23 || mm > 59)
				hh = mm = 0;
		}
		*t = days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60;
		return 0;
	}
	return -1;
}
