/*
 * fuzz_measure.c - libFuzzer target for the reader of measurement files
 * (measure.h): any bytes must end in points or a clean error, never a
 * crash, a hang or a leak.  The first byte picks the interval (one of
 * those a series may have) and the size of the chunks the rest is fed
 * in; what is read must keep measure.h's promises:
 *
 *   - points strictly in the order of time, each on an interval's start,
 *     each value finite and 0 or more;
 *   - a log covers every interval from its first to its last;
 *   - lines counted and refused add up to no more than the lines read,
 *     and the first refused line numbers are in order;
 *   - fed whole or in chunks, the same result.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "measure.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const int64_t intervals[] = { 60, 900, 3600, 21600, 86400 };

static int
read_all(const uint8_t *data, size_t size, int64_t interval, size_t chunk,
    struct measure_parse *p, struct dp_err *err)
{
	struct measure_acc *a = measure_acc_new(interval, 0);
	size_t off, n;
	int rc;

	for (off = 0; off < size; off += n) {
		n = size - off < chunk ? size - off : chunk;
		if ((rc = measure_acc_feed(a, (const char *)data + off, n,
		    err)) != 0) {
			measure_acc_free(a);
			return rc;
		}
	}
	return measure_acc_finish(a, p, err);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dp_err e1 = DP_ERR_INIT, e2 = DP_ERR_INIT;
	struct measure_parse p, q;
	int64_t interval, i;
	size_t chunk, j;
	int r1, r2;

	if (size < 1)
		return 0;
	interval = intervals[data[0] % 5];
	chunk = (size_t)(data[0] >> 3) + 1;
	data++;
	size--;
	r1 = read_all(data, size, interval, size + 1, &p, &e1);
	r2 = read_all(data, size, interval, chunk, &q, &e2);
	if (r1 != r2 || (r1 != 0 && strcmp(e1.msg, e2.msg) != 0))
		abort();
	if (r1 != 0)
		return 0;
	if (p.n == 0 || p.n != q.n || p.used != q.used ||
	    p.malformed != q.malformed || p.lines != q.lines ||
	    p.used + p.malformed > p.lines)
		abort();
	for (j = 0; j < p.n; j++) {
		if (p.pts[j].t % interval != 0 || p.pts[j].t < 0 ||
		    !isfinite(p.pts[j].v) || p.pts[j].v < 0 ||
		    (j > 0 && p.pts[j].t <= p.pts[j - 1].t) ||
		    p.pts[j].t != q.pts[j].t || p.pts[j].v != q.pts[j].v)
			abort();
		if (p.kind == MEASURE_LOG && j > 0 &&
		    p.pts[j].t != p.pts[j - 1].t + interval)
			abort();
	}
	for (i = 1; i < MEASURE_BAD_MAX && i < p.malformed; i++)
		if (p.bad[i] <= p.bad[i - 1])
			abort();
	measure_parse_release(&p);
	measure_parse_release(&q);
	return 0;
}
