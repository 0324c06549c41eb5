/*
 * check_zread.c - files read through their compression: gzip, bzip2 and
 * zstd (each alone, several members or frames one after the other, cut
 * short, corrupt), a plain file, an empty one, standard input; the raw
 * size and SHA-256 kept of each.
 */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bzlib.h>
#include <zlib.h>
#include <zstd.h>

#include "exitcodes.h"
#include "hash.h"
#include "testutil.h"
#include "zread.h"

static char dir[64];

static void
setup(void)
{
	test_tmpdir_enter(dir, sizeof(dir), "check_zread");
}

static void
teardown(void)
{
	test_tmpdir_leave(dir);
}

/* n bytes of text that compresses but is not one repeated run, so the
   streams span many of zread's input buffers and decoder calls. */
static unsigned char *
payload(size_t n, unsigned seed)
{
	unsigned char *p = malloc(n);
	uint32_t x = seed * 2654435761u + 1;
	size_t i;

	ck_assert_ptr_nonnull(p);
	for (i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		p[i] = "BGP|ASN 26780|208.66.192.0/22\n"[(x >> 16) % 30];
	}
	return p;
}

/* data compressed as fmt ("gzip", "bzip2", "zstd"); *outn its length. */
static unsigned char *
compress_as(const char *fmt, const unsigned char *data, size_t n,
    size_t *outn)
{
	unsigned char *out;
	size_t cap = n + n / 2 + 1024;

	out = malloc(cap);
	ck_assert_ptr_nonnull(out);
	if (strcmp(fmt, "gzip") == 0) {
		z_stream zs;

		memset(&zs, 0, sizeof(zs));
		ck_assert_int_eq(deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8,
		    Z_DEFAULT_STRATEGY), Z_OK);
		zs.next_in = (unsigned char *)data;
		zs.avail_in = (uInt)n;
		zs.next_out = out;
		zs.avail_out = (uInt)cap;
		ck_assert_int_eq(deflate(&zs, Z_FINISH), Z_STREAM_END);
		*outn = cap - zs.avail_out;
		deflateEnd(&zs);
	} else if (strcmp(fmt, "bzip2") == 0) {
		unsigned int dl = (unsigned int)cap;

		ck_assert_int_eq(BZ2_bzBuffToBuffCompress((char *)out, &dl,
		    (char *)data, (unsigned int)n, 9, 0, 0), BZ_OK);
		*outn = dl;
	} else {
		ZSTD_CCtx *c = ZSTD_createCCtx();

		/* With the content checksum, any damage is detected. */
		ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1);
		*outn = ZSTD_compress2(c, out, cap, data, n);
		ck_assert(!ZSTD_isError(*outn));
		ZSTD_freeCCtx(c);
	}
	return out;
}

/*
 * Read path whole through zread in pieces of step bytes; returns the
 * bytes (*n their count) and the last zread_read() result in *last, and
 * checks the raw byte count and SHA-256 against raw[0..rawn).
 */
static unsigned char *
read_all(const char *path, size_t step, size_t *n, long *last,
    const char *fmt, int *truncated, struct dp_err *err,
    const unsigned char *raw, size_t rawn)
{
	struct zread *z;
	unsigned char *out = NULL, d[SHA256_LEN];
	char hex[65], want[65];
	size_t cap = 0;
	long r;

	*n = 0;
	ck_assert_int_eq(zread_open(path, &z, err), 0);
	ck_assert_str_eq(zread_format(z), fmt);
	for (;;) {
		if (*n + step > cap) {
			cap = (*n + step) * 2;
			out = realloc(out, cap);
			ck_assert_ptr_nonnull(out);
		}
		r = zread_read(z, out + *n, step, err);
		if (r <= 0)
			break;
		ck_assert_int_le(r, (long)step);
		*n += (size_t)r;
	}
	*last = r;
	/* The end and an error stay what they were. */
	ck_assert_int_eq(zread_read(z, d, 1, err), r);
	*truncated = zread_truncated(z);
	ck_assert_uint_eq(zread_out_bytes(z), *n);
	if (r == 0 && raw != NULL) {
		ck_assert_uint_eq(zread_raw_bytes(z), rawn);
		test_sha256_hex(raw, rawn, want);
		zread_sha256_hex(z, hex);
		ck_assert_str_eq(hex, want);
		zread_sha256_hex(z, hex);
		ck_assert_str_eq(hex, want);
	}
	zread_close(z);
	return out;
}

static const char *const fmts[] = { "gzip", "bzip2", "zstd" };

/* Each format, 3 MB (many buffers), read in odd-sized pieces. */
START_TEST(test_formats)
{
	const char *fmt = fmts[_i];
	struct dp_err err = DP_ERR_INIT;
	size_t n = 3000000, cn, got;
	unsigned char *data = payload(n, 1), *c, *back;
	long last;
	int trunc;

	c = compress_as(fmt, data, n, &cn);
	test_write_file("f", c, cn);
	back = read_all("f", 4093, &got, &last, fmt, &trunc, &err, c, cn);
	ck_assert_int_eq(last, 0);
	ck_assert_int_eq(trunc, 0);
	ck_assert_uint_eq(got, n);
	ck_assert_mem_eq(back, data, n);
	free(back);
	free(c);
	free(data);
}
END_TEST

/* Two members (streams, frames) one after the other read as one. */
START_TEST(test_multi_member)
{
	const char *fmt = fmts[_i];
	struct dp_err err = DP_ERR_INIT;
	size_t n1 = 200000, n2 = 150001, c1n, c2n, got;
	unsigned char *d1 = payload(n1, 2), *d2 = payload(n2, 3), *c1, *c2;
	unsigned char *both, *back;
	long last;
	int trunc;

	c1 = compress_as(fmt, d1, n1, &c1n);
	c2 = compress_as(fmt, d2, n2, &c2n);
	both = malloc(c1n + c2n);
	memcpy(both, c1, c1n);
	memcpy(both + c1n, c2, c2n);
	test_write_file("f", both, c1n + c2n);
	back = read_all("f", 65536, &got, &last, fmt, &trunc, &err, both,
	    c1n + c2n);
	ck_assert_int_eq(last, 0);
	ck_assert_int_eq(trunc, 0);
	ck_assert_uint_eq(got, n1 + n2);
	ck_assert_mem_eq(back, d1, n1);
	ck_assert_mem_eq(back + n1, d2, n2);
	free(back);
	free(both);
	free(c1);
	free(c2);
	free(d1);
	free(d2);
}
END_TEST

/* Cut short: the end, flagged, after a prefix of the data (never more,
   never garbage). */
START_TEST(test_truncated)
{
	const char *fmt = fmts[_i];
	struct dp_err err = DP_ERR_INIT;
	size_t n = 2000000, cn, got;
	unsigned char *data = payload(n, 4), *c, *back;
	long last;
	int trunc;

	c = compress_as(fmt, data, n, &cn);
	test_write_file("f", c, cn / 2);
	back = read_all("f", 10000, &got, &last, fmt, &trunc, &err, c,
	    cn / 2);
	ck_assert_int_eq(last, 0);
	ck_assert_int_eq(trunc, 1);
	ck_assert_uint_lt(got, n);
	ck_assert_uint_gt(got, n / 8);
	ck_assert_mem_eq(back, data, got);
	free(back);
	/* Cut inside the first bytes (the header) too. */
	test_write_file("f", c, 5);
	back = read_all("f", 100, &got, &last, fmt, &trunc, &err, c, 5);
	ck_assert_int_eq(last, 0);
	ck_assert_int_eq(trunc, 1);
	ck_assert_uint_eq(got, 0);
	free(back);
	free(c);
	free(data);
}
END_TEST

/* A damaged byte inside the compressed data: an error naming the format
   and the compressed offset, DP_EX_DATAERR. */
START_TEST(test_corrupt)
{
	const char *fmt = fmts[_i];
	struct dp_err err = DP_ERR_INIT;
	size_t n = 500000, cn, got, i;
	unsigned char *data = payload(n, 5), *c, *back;
	char want[64];
	long last;
	int trunc;

	c = compress_as(fmt, data, n, &cn);
	for (i = cn / 2; i < cn / 2 + 16; i++)
		c[i] ^= 0x5a;
	test_write_file("f", c, cn);
	back = read_all("f", 8192, &got, &last, fmt, &trunc, &err, NULL, 0);
	ck_assert_int_eq(last, -1);
	ck_assert_int_eq(err.code, DP_EX_DATAERR);
	snprintf(want, sizeof(want), "'f': corrupt %s data at compressed "
	    "byte ", fmt);
	ck_assert_msg(strncmp(err.msg, want, strlen(want)) == 0, "%s",
	    err.msg);
	ck_assert_uint_le(got, n);
	free(back);
	/* Garbage after a complete member is not read as the end. */
	free(c);
	c = compress_as(fmt, data, n, &cn);
	c = realloc(c, cn + 8);
	memcpy(c + cn, "garbage!", 8);
	test_write_file("f", c, cn + 8);
	back = read_all("f", 8192, &got, &last, fmt, &trunc, &err, NULL, 0);
	ck_assert_int_eq(last, -1);
	ck_assert_int_eq(err.code, DP_EX_DATAERR);
	ck_assert_msg(strstr(err.msg, "compressed byte") != NULL, "%s",
	    err.msg);
	free(back);
	free(c);
	free(data);
}
END_TEST

/*
 * Files of several MiB read on one thread: each is hashed on a thread of
 * its own (zread.c's ZREAD_BG_MIN), into input buffers taken in turn.
 * The digest and bytes are the same, and a file closed before its end
 * (the hasher still behind) is closed cleanly; read without the digest
 * they are the same bytes, counted.
 */
START_TEST(test_large_hashed)
{
	static const char *const f4[] = { "none", "gzip", "bzip2", "zstd" };
	const char *fmt = f4[_i];
	struct dp_err err = DP_ERR_INIT;
	size_t n = 6000000, cn, got;
	unsigned char *data = payload(n, 9), *c, *back, buf[100];
	struct zread *z;
	long last;
	int trunc;

	setenv("DEPEER_ZREAD_THREADS", "1", 1);
	if (_i == 0) {
		c = malloc(n);
		ck_assert_ptr_nonnull(c);
		memcpy(c, data, n);
		cn = n;
	} else
		c = compress_as(fmt, data, n, &cn);
	ck_assert_uint_gt(cn, 1024 * 1024);
	test_write_file("f", c, cn);
	back = read_all("f", 100003, &got, &last, fmt, &trunc, &err, c, cn);
	ck_assert_int_eq(last, 0);
	ck_assert_uint_eq(got, n);
	ck_assert_mem_eq(back, data, n);
	free(back);
	ck_assert_int_eq(zread_open("f", &z, &err), 0);
	ck_assert_int_eq(zread_read(z, buf, sizeof(buf), &err), 100);
	zread_close(z);
	/* Without the digest: the same bytes, the raw bytes counted. */
	ck_assert_int_eq(zread_open("f", &z, &err), 0);
	zread_no_digest(z);
	back = malloc(n + 1);
	ck_assert_ptr_nonnull(back);
	for (got = 0; (last = zread_read(z, back + got, n + 1 - got, &err)) >
	    0;)
		got += (size_t)last;
	ck_assert_int_eq(last, 0);
	ck_assert_uint_eq(got, n);
	ck_assert_mem_eq(back, data, n);
	ck_assert_uint_eq(zread_raw_bytes(z), cn);
	zread_close(z);
	free(back);
	unsetenv("DEPEER_ZREAD_THREADS");
	free(c);
	free(data);
}
END_TEST

/* One reading of a file: its bytes, how it ended, its error. */
struct reading {
	unsigned char	*data;
	size_t		 n;
	long		 last;
	int		 truncated;
	char		 msg[sizeof(((struct dp_err *)0)->msg)];
};

static void
read_as(const char *threads, size_t step, const char *fmt,
    const unsigned char *raw, size_t rawn, struct reading *out)
{
	struct dp_err err = DP_ERR_INIT;

	setenv("DEPEER_ZREAD_THREADS", threads, 1);
	out->data = read_all("f", step, &out->n, &out->last, fmt,
	    &out->truncated, &err, raw, rawn);
	unsetenv("DEPEER_ZREAD_THREADS");
	snprintf(out->msg, sizeof(out->msg), "%s",
	    out->last < 0 ? err.msg : "");
}

/*
 * gzip and zstd files of a MiB or more are decoded ahead on a thread:
 * whole, cut short and damaged, the bytes, the end and the error are
 * those of decoding on the caller's thread, in any step; the thread
 * runs, and is gone at the end and when the file is closed early.
 */
START_TEST(test_ahead)
{
	static const char *const f2[] = { "gzip", "zstd" };
	static const size_t steps[] = { 4093, 1024 * 1024 + 1 };
	const char *fmt = f2[_i];
	struct dp_err err = DP_ERR_INIT;
	size_t n = 6000000, cn, k, v, cut = 0;
	unsigned char *data = payload(n, 11), *c, buf[100];
	struct reading one, two;
	struct zread *z;
	char hex[65], want[65];
	int base;

	c = compress_as(fmt, data, n, &cn);
	ck_assert_uint_gt(cn, 1024 * 1024);
	/* 0 whole, 1 cut short, 2 damaged at 70% */
	for (v = 0; v < 3; v++) {
		if (v == 1)
			cut = cn * 6 / 10;
		if (v == 2) {
			cut = cn;
			c[cn * 7 / 10] ^= 0x55;
		}
		test_write_file("f", c, v == 0 ? cn : cut);
		for (k = 0; k < sizeof(steps) / sizeof(steps[0]); k++) {
			read_as("1", steps[k], fmt, v == 0 ? c : NULL, cn,
			    &one);
			read_as("2", steps[k], fmt, v == 0 ? c : NULL, cn,
			    &two);
			ck_assert_uint_eq(two.n, one.n);
			ck_assert_mem_eq(two.data, one.data, one.n);
			ck_assert_int_eq(two.last, one.last);
			ck_assert_int_eq(two.truncated, one.truncated);
			ck_assert_str_eq(two.msg, one.msg);
			if (v == 0)
				ck_assert_mem_eq(two.data, data, n);
			if (v == 1)
				ck_assert(two.truncated && two.last == 0 &&
				    two.n < n);
			if (v == 2)
				ck_assert_int_eq(two.last, -1);
			free(one.data);
			free(two.data);
		}
	}
	test_write_file("f", c, cn);
	test_sha256_hex(c, cn, want);
	setenv("DEPEER_ZREAD_THREADS", "2", 1);
	/* The thread runs from the first read; closed early, it ends. */
	base = test_threads_now();
	ck_assert_int_eq(zread_open("f", &z, &err), 0);
	ck_assert_int_eq(test_threads_now(), base + 1);	/* the hasher */
	ck_assert_int_eq(zread_read(z, buf, sizeof(buf), &err), 100);
	ck_assert_int_eq(test_threads_now(), base + 2);
	zread_close(z);
	ck_assert_int_eq(test_threads_now(), base);
	/* The digest asked before the end is the whole file's. */
	ck_assert_int_eq(zread_open("f", &z, &err), 0);
	ck_assert_int_eq(zread_read(z, buf, sizeof(buf), &err), 100);
	zread_sha256_hex(z, hex);
	ck_assert_str_eq(hex, want);
	ck_assert_uint_eq(zread_raw_bytes(z), cn);
	ck_assert_int_eq(test_threads_now(), base);
	zread_close(z);
	/* Not when the caller says its threads keep the CPUs busy. */
	ck_assert_int_eq(zread_open("f", &z, &err), 0);
	zread_no_digest(z);
	zread_no_ahead(z);
	ck_assert_int_eq(zread_read(z, buf, sizeof(buf), &err), 100);
	ck_assert_int_eq(test_threads_now(), base);
	zread_close(z);
	unsetenv("DEPEER_ZREAD_THREADS");
	free(c);
	free(data);
}
END_TEST

/*
 * A damaged zstd frame (a fuzzer's find, minimised): the error is the
 * same whatever size the caller reads in.  Decoded into the caller's
 * buffer, libzstd said "Destination buffer is too small" to a read of
 * 777 bytes and "Data corruption detected" to one of 65536.
 */
START_TEST(test_zstd_error_any_step)
{
	static const unsigned char bad[] = { 0x28, 0xb5, 0x2f, 0xfd, 0x30,
	    0x97, 0xeb, 0x00, 0x01, 0xeb };
	static const size_t steps[] = { 1, 777, 65536 };
	struct dp_err err = DP_ERR_INIT;
	char first[sizeof(err.msg)];
	unsigned char *back;
	size_t got, i;
	long last;
	int trunc;

	test_write_file("f", bad, sizeof(bad));
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		back = read_all("f", steps[i], &got, &last, "zstd", &trunc,
		    &err, NULL, 0);
		ck_assert_int_eq(last, -1);
		ck_assert_int_eq(err.code, DP_EX_DATAERR);
		ck_assert_uint_eq(got, 0);
		if (i == 0)
			snprintf(first, sizeof(first), "%s", err.msg);
		else
			ck_assert_str_eq(err.msg, first);
		free(back);
	}
}
END_TEST

START_TEST(test_plain_and_empty)
{
	struct dp_err err = DP_ERR_INIT;
	const char *s = "TABLE_DUMP2|1400824800|B|1.2.3.4|1|1.0.0.0/24\n";
	unsigned char *back, *big;
	size_t got, n = 300000;
	long last;
	int trunc;

	test_write_file("f", s, strlen(s));
	back = read_all("f", 7, &got, &last, "none", &trunc, &err,
	    (const unsigned char *)s, strlen(s));
	ck_assert_int_eq(last, 0);
	ck_assert_int_eq(trunc, 0);
	ck_assert_uint_eq(got, strlen(s));
	ck_assert_mem_eq(back, s, got);
	free(back);
	big = payload(n, 6);
	test_write_file("f", big, n);
	back = read_all("f", 100000, &got, &last, "none", &trunc, &err, big,
	    n);
	ck_assert_uint_eq(got, n);
	ck_assert_mem_eq(back, big, n);
	free(back);
	free(big);
	/* One byte: too short for any magic, read as it is. */
	test_write_file("f", "\x1f", 1);
	back = read_all("f", 10, &got, &last, "none", &trunc, &err,
	    (const unsigned char *)"\x1f", 1);
	ck_assert_uint_eq(got, 1);
	free(back);
	test_write_file("f", "", 0);
	back = read_all("f", 10, &got, &last, "none", &trunc, &err,
	    (const unsigned char *)"", 0);
	ck_assert_int_eq(last, 0);
	ck_assert_int_eq(trunc, 0);
	ck_assert_uint_eq(got, 0);
	free(back);
}
END_TEST

/* "-" reads standard input (here a pipe, whose first read may be short)
   and leaves it open. */
START_TEST(test_stdin)
{
	struct dp_err err = DP_ERR_INIT;
	size_t n = 100000, cn, got;
	unsigned char *data = payload(n, 7), *c, *back;
	int p[2];
	long last;
	int trunc;
	pid_t pid;

	c = compress_as("zstd", data, n, &cn);
	ck_assert_int_eq(pipe(p), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(p[0]);
		/* The magic in two writes. */
		if (write(p[1], c, 2) != 2 ||
		    (usleep(20000), write(p[1], c + 2, cn - 2)) !=
		    (ssize_t)(cn - 2))
			_exit(1);
		_exit(0);
	}
	close(p[1]);
	ck_assert_int_eq(dup2(p[0], 0), 0);
	close(p[0]);
	back = read_all("-", 5000, &got, &last, "zstd", &trunc, &err, c, cn);
	ck_assert_int_eq(last, 0);
	ck_assert_uint_eq(got, n);
	ck_assert_mem_eq(back, data, n);
	ck_assert_int_ne(fcntl(0, F_GETFD), -1);	/* still open */
	free(back);
	free(c);
	free(data);
}
END_TEST

/* xz, lz4 and compress are named, not read as plain bytes. */
START_TEST(test_unsupported)
{
	static const char *const files[][2] = {
		{ "\xfd" "7zXZ\0\0\4", "compressed with xz" },
		{ "\x04\x22\x4d\x18\x64\x40", "compressed with lz4" },
		{ "\x1f\x9d\x90\x42", "compressed with compress (.Z)" },
	};
	struct dp_err err = DP_ERR_INIT;
	struct zread *z = NULL;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(files); i++) {
		test_write_file("f", files[i][0], strlen(files[i][0]) + 1);
		ck_assert_int_eq(zread_open("f", &z, &err), DP_EX_DATAERR);
		ck_assert_ptr_null(z);
		ck_assert_msg(strstr(err.msg, files[i][1]) != NULL, "%s",
		    err.msg);
	}
}
END_TEST

START_TEST(test_missing)
{
	struct dp_err err = DP_ERR_INIT;
	struct zread *z = NULL;

	ck_assert_int_eq(zread_open("nonesuch", &z, &err), DP_EX_NOINPUT);
	ck_assert_ptr_null(z);
	ck_assert_msg(strstr(err.msg, "nonesuch") != NULL, "%s", err.msg);
	ck_assert_int_eq(zread_open(".", &z, &err), DP_EX_NOINPUT);
	ck_assert_msg(strstr(err.msg, "a directory") != NULL, "%s", err.msg);
	zread_close(NULL);
}
END_TEST

Suite *
zread_suite(void)
{
	Suite *s = suite_create("zread");
	TCase *tc = tcase_create("zread");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_formats, 0, 3);
	tcase_add_loop_test(tc, test_multi_member, 0, 3);
	tcase_add_loop_test(tc, test_truncated, 0, 3);
	tcase_add_loop_test(tc, test_corrupt, 0, 3);
	tcase_add_loop_test(tc, test_large_hashed, 0, 4);
	tcase_add_loop_test(tc, test_ahead, 0, 2);
	tcase_add_test(tc, test_zstd_error_any_step);
	tcase_add_test(tc, test_plain_and_empty);
	tcase_add_test(tc, test_stdin);
	tcase_add_test(tc, test_unsupported);
	tcase_add_test(tc, test_missing);
	suite_add_tcase(s, tc);
	return s;
}
