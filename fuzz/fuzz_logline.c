/*
 * fuzz_logline.c - libFuzzer target for the log line reader (logline.h):
 * any bytes, split into lines as "depeer attribute" splits them, must
 * give a time and an address or a reason, never a crash or a hang; and
 * what is read must keep logline.h's promises:
 *
 *   - a time from 0 to LOGLINE_TMAX;
 *   - an address read back the same from its canonical text (IPv4 as a
 *     dotted quad, IPv6 through inet_ntop), and an IPv6 one never an
 *     IPv4-mapped address (those are read as IPv4);
 *   - a line refused says why, and a header names two columns;
 *   - the time read back the same from its RFC 3339 form;
 *   - logline_parse_pad() reads every line as logline_parse() does,
 *     whatever the padding bytes after it hold.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "logline.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_time(int64_t t)
{
	char buf[32];
	int64_t back;
	time_t tt = (time_t)t;
	struct tm tm;

	if (t < 0 || t > LOGLINE_TMAX)
		abort();
	gmtime_r(&tt, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (logline_time(buf, strlen(buf), &back) != 0 || back != t)
		abort();
}

static void
check_addr(enum logline_kind k, const struct logline *l)
{
	static const uint8_t mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0xff, 0xff };
	struct logline back;
	char buf[64];

	if (k == LOGLINE_V4)
		snprintf(buf, sizeof(buf), "%u.%u.%u.%u", l->v4 >> 24,
		    (l->v4 >> 16) & 0xff, (l->v4 >> 8) & 0xff, l->v4 & 0xff);
	else {
		if (memcmp(l->v6, mapped, 12) == 0)
			abort();
		if (inet_ntop(AF_INET6, l->v6, buf, sizeof(buf)) == NULL)
			abort();
	}
	if (logline_addr(buf, strlen(buf), &back) != (int)k)
		abort();
	if (k == LOGLINE_V4 ? back.v4 != l->v4 :
	    memcmp(back.v6, l->v6, 16) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct logline_fmt fmt = LOGLINE_FMT_INIT, fmt2 = LOGLINE_FMT_INIT;
	const char *s = (const char *)data, *e = s + size, *nl, *why, *why2;
	struct logline l, l2;
	enum logline_kind k, k2;
	char *copy;
	size_t n;

	while (s < e) {
		if ((nl = memchr(s, '\n', (size_t)(e - s))) == NULL)
			nl = e;
		why = NULL;
		n = (size_t)(nl - s);
		k = logline_parse(&fmt, s, n, &l, &why);
		/* The padding: the line's own first bytes, or 9s. */
		copy = malloc(n + LOGLINE_PAD);
		memcpy(copy, s, n);
		memset(copy + n, '9', LOGLINE_PAD);
		if (n > 0)
			memcpy(copy + n, s, n < LOGLINE_PAD ? n : LOGLINE_PAD);
		k2 = logline_parse_pad(&fmt2, copy, n, &l2, &why2);
		free(copy);
		if (k != k2 || ((k == LOGLINE_V4 || k == LOGLINE_V6) &&
		    l.t != l2.t) || (k == LOGLINE_V4 && l.v4 != l2.v4))
			abort();
		switch (k) {
		case LOGLINE_V4:
		case LOGLINE_V6:
			check_time(l.t);
			check_addr(k, &l);
			break;
		case LOGLINE_BAD:
			if (why == NULL)
				abort();
			break;
		case LOGLINE_BADHEADER:
			if (why == NULL)
				abort();
			return 0;	/* nothing more can be read */
		case LOGLINE_SKIP:
			break;
		}
		if (fmt.csv && fmt.decided && (fmt.tcol < 0 || fmt.acol < 0 ||
		    fmt.tcol == fmt.acol))
			abort();
		s = nl + 1;
	}
	return 0;
}
