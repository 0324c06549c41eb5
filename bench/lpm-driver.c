/*
 * lpm-driver.c - bench/lpm.sh's driver of ptab.h: builds lookup files
 * and times building, opening and lookups.
 *
 *   lpm-driver build OUT.ptab < TABLE     "prefix<TAB>asn" lines (pyasn's
 *                                          ipasn); prints the build time
 *   lpm-driver synth N OUT.ptab           N synthetic prefixes (4 in 5
 *                                          IPv4, /8../24 and /16../48)
 *   lpm-driver open FILE.ptab             ptab_open's time, median of 21
 *   lpm-driver look4 FILE.ptab N SEED     N random IPv4 addresses:
 *                                          lookups/s, one by one and batch
 *   lpm-driver look6 FILE.ptab N SEED     N random IPv6 addresses, each
 *                                          inside a random IPv6 route
 *   lpm-driver addrs4 N SEED              print the addresses look4 uses
 *
 * Times come from CLOCK_MONOTONIC; output is "name value" lines that
 * bench/lpm.sh prints side by side with pyasn's.  The *_cpu_* figures
 * are the same from the thread's CPU time, which a busy machine
 * disturbs far less than the wall clock.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ptab.h"
#include "util.h"

static double
clock_s(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double
now(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

static double
cpu(void)
{
	return clock_s(CLOCK_THREAD_CPUTIME_ID);
}

/* xorshift64*: the same sequence as bench/lpm.sh's Python side. */
static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ull;
}

static int
cmd_build(const char *out)
{
	struct ptab_builder *b = ptab_builder_new();
	struct dp_err err = DP_ERR_INIT;
	char line[512];
	double t0, t1;
	size_t n = 0;

	while (fgets(line, sizeof(line), stdin) != NULL) {
		char *tab = strchr(line, '\t'), *slash;
		struct ipnet p;
		uint32_t asn;

		if (line[0] == ';' || tab == NULL)
			continue;
		*tab = '\0';
		if ((slash = strchr(line, '/')) == NULL)
			continue;
		*slash = '\0';
		memset(&p, 0, sizeof(p));
		p.family = strchr(line, ':') ? AF_INET6 : AF_INET;
		if (inet_pton(p.family, line, p.addr) != 1)
			continue;
		p.plen = atoi(slash + 1);
		asn = (uint32_t)strtoul(tab + 1, NULL, 10);
		ptab_builder_add(b, &p, &asn, 1);
		n++;
	}
	t0 = now();
	if (ptab_write(b, out, 0, &err) != 0) {
		fprintf(stderr, "lpm-driver: %s\n", err.msg);
		return 1;
	}
	t1 = now();
	printf("prefixes %zu\nbuild_s %.3f\n", n, t1 - t0);
	ptab_builder_free(b);
	return 0;
}

static int
cmd_synth(long n, const char *out)
{
	struct ptab_builder *b = ptab_builder_new();
	struct dp_err err = DP_ERR_INIT;
	uint64_t s = 42;
	double t0;

	for (long i = 0; i < n; i++) {
		struct ipnet p;
		uint64_t r = rnd(&s), r2 = rnd(&s);
		uint32_t asn = (uint32_t)(r2 % 60000) + 1;

		memset(&p, 0, sizeof(p));
		if (i % 5 != 4) {
			p.family = AF_INET;
			p.plen = 8 + (int)(r % 17);
			memcpy(p.addr, &r2, 4);
		} else {
			p.family = AF_INET6;
			p.plen = 16 + (int)(r % 33);
			p.addr[0] = 0x20;
			p.addr[1] = (uint8_t)(r2 >> 8) & 0x0f;
			memcpy(p.addr + 2, &r, 6);
		}
		ptab_builder_add(b, &p, &asn, 1);
	}
	t0 = now();
	if (ptab_write(b, out, 0, &err) != 0) {
		fprintf(stderr, "lpm-driver: %s\n", err.msg);
		return 1;
	}
	printf("prefixes %ld\nbuild_s %.3f\n", n, now() - t0);
	ptab_builder_free(b);
	return 0;
}

static int
dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int
cmd_open(const char *path)
{
	double t[21], c[21];

	for (int i = 0; i < 21; i++) {
		struct ptab *p;
		struct dp_err err = DP_ERR_INIT;
		double t0 = now(), c0 = cpu();

		if (ptab_open(path, &p, &err) != 0) {
			fprintf(stderr, "lpm-driver: %s\n", err.msg);
			return 1;
		}
		t[i] = now() - t0;
		c[i] = cpu() - c0;
		ptab_close(p);
	}
	qsort(t, 21, sizeof(*t), dcmp);
	qsort(c, 21, sizeof(*c), dcmp);
	printf("open_ms %.2f\nopen_cpu_ms %.2f\nopen_cpu_min_ms %.2f\n",
	    t[10] * 1e3, c[10] * 1e3, c[0] * 1e3);
	return 0;
}

static struct ptab *
must_open(const char *path)
{
	struct ptab *p;
	struct dp_err err = DP_ERR_INIT;

	if (ptab_open(path, &p, &err) != 0) {
		fprintf(stderr, "lpm-driver: %s\n", err.msg);
		exit(1);
	}
	return p;
}

static int
cmd_look4(const char *path, size_t n, uint64_t seed)
{
	struct ptab *p = must_open(path);
	uint32_t *a = xmalloc(n * sizeof(*a)), *r = xmalloc(n * sizeof(*r));
	uint64_t s = seed, sum = 0, hit = 0;
	double t0, t1, t2, c1, c2;

	for (size_t i = 0; i < n; i++)
		a[i] = (uint32_t)(rnd(&s) >> 32);
	t0 = now();
	for (size_t i = 0; i < n; i++)
		sum += ptab_lookup4(p, a[i]);
	t1 = now();
	c1 = cpu();
	ptab_lookup4_batch(p, a, r, n);
	c2 = cpu();
	t2 = now();
	for (size_t i = 0; i < n; i++)
		hit += r[i] != PTAB_NONE;
	printf("lookups %zu\nmatched %" PRIu64 "\nsingle_mps %.1f\n"
	    "batch_mps %.1f\nbatch_cpu_mps %.1f\nchecksum %" PRIu64 "\n", n,
	    hit, n / (t1 - t0) / 1e6, n / (t2 - t1) / 1e6,
	    n / (c2 - c1) / 1e6, sum);
	free(a);
	free(r);
	ptab_close(p);
	return 0;
}

static int
cmd_addrs4(size_t n, uint64_t seed)
{
	uint64_t s = seed;

	for (size_t i = 0; i < n; i++) {
		uint32_t a = (uint32_t)(rnd(&s) >> 32);

		printf("%u.%u.%u.%u\n", a >> 24, (a >> 16) & 255,
		    (a >> 8) & 255, a & 255);
	}
	return 0;
}

static int
cmd_look6(const char *path, size_t n, uint64_t seed)
{
	struct ptab *p = must_open(path);
	uint32_t n4 = ptab_nroutes4(p), n6 = ptab_nroutes(p) - n4;
	uint8_t (*a)[16] = xmalloc(n * sizeof(*a));
	uint32_t *r = xmalloc(n * sizeof(*r));
	uint64_t s = seed, sum = 0, hit = 0;
	double t0, t1, t2, c1, c2;

	if (n6 == 0) {
		fprintf(stderr, "lpm-driver: %s has no IPv6 routes\n", path);
		return 1;
	}
	for (size_t i = 0; i < n; i++) {
		struct ipnet q;
		uint64_t x = rnd(&s), y = rnd(&s);

		ptab_route_prefix(p, n4 + (uint32_t)(rnd(&s) % n6), &q);
		for (int bit = q.plen; bit < 128; bit++) {
			uint64_t v = bit < 64 ? x >> bit : y >> (bit - 64);

			if (v & 1)
				q.addr[bit / 8] |= (uint8_t)(0x80 >> (bit % 8));
		}
		memcpy(a[i], q.addr, 16);
	}
	t0 = now();
	for (size_t i = 0; i < n; i++)
		sum += ptab_lookup6(p, a[i]);
	t1 = now();
	c1 = cpu();
	ptab_lookup6_batch(p, (const uint8_t (*)[16])a, r, n);
	c2 = cpu();
	t2 = now();
	for (size_t i = 0; i < n; i++)
		hit += r[i] != PTAB_NONE;
	printf("lookups6 %zu\nmatched6 %" PRIu64 "\nsingle6_mps %.1f\n"
	    "batch6_mps %.1f\nbatch6_cpu_mps %.1f\nchecksum6 %" PRIu64 "\n",
	    n, hit, n / (t1 - t0) / 1e6, n / (t2 - t1) / 1e6,
	    n / (c2 - c1) / 1e6, sum);
	free(a);
	free(r);
	ptab_close(p);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "build") == 0)
		return cmd_build(argv[2]);
	if (argc == 4 && strcmp(argv[1], "synth") == 0)
		return cmd_synth(atol(argv[2]), argv[3]);
	if (argc == 3 && strcmp(argv[1], "open") == 0)
		return cmd_open(argv[2]);
	if (argc == 5 && strcmp(argv[1], "look4") == 0)
		return cmd_look4(argv[2], strtoul(argv[3], NULL, 10),
		    strtoull(argv[4], NULL, 10));
	if (argc == 5 && strcmp(argv[1], "look6") == 0)
		return cmd_look6(argv[2], strtoul(argv[3], NULL, 10),
		    strtoull(argv[4], NULL, 10));
	if (argc == 4 && strcmp(argv[1], "addrs4") == 0)
		return cmd_addrs4(strtoul(argv[2], NULL, 10),
		    strtoull(argv[3], NULL, 10));
	fprintf(stderr, "usage: lpm-driver build|synth|open|look4|look6|"
	    "addrs4 ...\n");
	return 64;
}
