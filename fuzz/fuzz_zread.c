/*
 * fuzz_zread.c - libFuzzer target for zread (zread.h) and its bzip2
 * decoding on several threads (bz2par.c): any bytes, written to a file,
 * read whole with libbz2 alone (DEPEER_ZREAD_THREADS=1) in large pieces
 * and on two threads in small odd ones, must give the same bytes, the
 * same end (clean or truncated) or the same error message, and the same
 * raw size and SHA-256; never a crash, a hang or a leak.  The seeds in
 * fuzz/seeds/zread/ are bzip2 files of several small blocks, one stream
 * or several, and a damaged zstd frame whose error once depended on the
 * size read.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "zread.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct res {
	unsigned char	*out;
	size_t		 n;
	long		 last;
	int		 trunc;
	char		 msg[1100];
	char		 sha[65];
	uint64_t	 raw;
};

static void
read_with(const char *path, const char *threads, size_t step,
    struct res *r)
{
	struct dp_err err = DP_ERR_INIT;
	struct zread *z;
	size_t cap = 0;
	long got;

	memset(r, 0, sizeof(*r));
	setenv("DEPEER_ZREAD_THREADS", threads, 1);
	if (zread_open(path, &z, &err) != 0) {
		fuzz_check_text(err.msg);
		r->last = -2;
		snprintf(r->msg, sizeof(r->msg), "%s", err.msg);
		return;
	}
	for (;;) {
		if (r->n + step > cap) {
			cap = (r->n + step) * 2;
			if ((r->out = realloc(r->out, cap)) == NULL)
				abort();
		}
		got = zread_read(z, r->out + r->n, step, &err);
		if (got <= 0)
			break;
		if ((size_t)got > step)
			abort();
		r->n += (size_t)got;
	}
	r->last = got;
	r->trunc = got == 0 && zread_truncated(z);
	if (got < 0) {
		fuzz_check_text(err.msg);
		snprintf(r->msg, sizeof(r->msg), "%d %s", err.code, err.msg);
	} else {
		zread_sha256_hex(z, r->sha);
		r->raw = zread_raw_bytes(z);
	}
	if (zread_out_bytes(z) != r->n)
		abort();
	zread_close(z);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	struct res a, b;
	FILE *fp;

	if (path[0] == '\0')
		snprintf(path, sizeof(path), "/tmp/fuzz_zread.%ld",
		    (long)getpid());
	if ((fp = fopen(path, "wb")) == NULL ||
	    fwrite(data, 1, size, fp) != size || fclose(fp) != 0)
		abort();
	read_with(path, "1", 65536, &a);
	read_with(path, "2", 777, &b);
	if (a.last != b.last || a.trunc != b.trunc ||
	    strcmp(a.msg, b.msg) != 0 || a.n != b.n ||
	    (a.n > 0 && memcmp(a.out, b.out, a.n) != 0) ||
	    strcmp(a.sha, b.sha) != 0 || a.raw != b.raw) {
		fprintf(stderr, "one thread: %ld %d %zu '%s'\n"
		    "two threads: %ld %d %zu '%s'\n", a.last, a.trunc, a.n,
		    a.msg, b.last, b.trunc, b.n, b.msg);
		abort();
	}
	free(a.out);
	free(b.out);
	unlink(path);
	return 0;
}
