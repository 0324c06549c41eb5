/*
 * mrt-driver.c - bench/mrt.sh's parse-only loop: reads MRT files through
 * mrt_next() (src/mrt.h) and nothing else but the file's SHA-256 (which
 * every reader of an import pays), REPEAT times each, and prints
 * the elements read and the seconds the loop took (CLOCK_MONOTONIC), so
 * that the reader's own speed is measured apart from printing lines and
 * from starting a process.
 *
 *   mrt-driver REPEAT FILE...
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "mrt.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	struct dp_err err = DP_ERR_INIT;
	struct mrt_reader *r;
	struct mrt_elem e;
	unsigned long long n = 0, sum = 0;
	double t0, t;
	int i, k, repeat, rc;

	if (argc < 3 || (repeat = atoi(argv[1])) < 1) {
		fprintf(stderr, "usage: mrt-driver REPEAT FILE...\n");
		return 64;
	}
	t0 = now();
	for (k = 0; k < repeat; k++)
		for (i = 2; i < argc; i++) {
			if (mrt_open(argv[i], &r, &err) != 0) {
				fprintf(stderr, "mrt-driver: %s\n", err.msg);
				return err.code;
			}
			while ((rc = mrt_next(r, &e, &err)) > 0) {
				n++;
				/* Use the element, so that nothing is
				   optimised away. */
				sum += e.npath + e.peer_as;
			}
			if (rc < 0) {
				fprintf(stderr, "mrt-driver: %s\n", err.msg);
				return err.code;
			}
			/* The file's SHA-256, as an import takes it: zread
			   may hash on a thread of its own, and closing first
			   would drop what it has yet to hash. */
			sum += (unsigned char)mrt_file_sha256(r)[0];
			mrt_close(r);
		}
	t = now() - t0;
	printf("%llu %.6f %llu\n", n, t, sum);
	return 0;
}
