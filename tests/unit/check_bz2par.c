/*
 * check_bz2par.c - bzip2 read through zread on several threads (bz2par.c)
 * gives what libbz2 alone gives (DEPEER_ZREAD_THREADS=1): the same bytes,
 * the same end (clean, truncated) or the same error message, the same raw
 * size and SHA-256.  Files of many small blocks (level 1, 100k), one
 * block, several streams, cut at every block boundary and inside blocks,
 * damaged, with garbage after them, and with the magics in the data.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bzlib.h>

#include "exitcodes.h"
#include "testutil.h"
#include "zread.h"

static char dir[64];

static void
setup(void)
{
	test_tmpdir_enter(dir, sizeof(dir), "check_bz2par");
}

static void
teardown(void)
{
	test_tmpdir_leave(dir);
	unsetenv("DEPEER_ZREAD_THREADS");
}

/* n bytes of MRT-like text with runs and some random bytes: blocks of
   different sizes and output lengths. */
static unsigned char *
payload(size_t n, unsigned seed)
{
	unsigned char *p = malloc(n);
	uint32_t x = seed * 2654435761u + 1;
	size_t i = 0, k, run;

	ck_assert_ptr_nonnull(p);
	while (i < n) {
		x = x * 1103515245u + 12345u;
		switch ((x >> 24) % 8) {
		case 0:		/* a run */
			run = (x >> 8) % 700;
			for (k = 0; k < run && i < n; k++)
				p[i++] = (unsigned char)(x >> 4);
			break;
		case 1:		/* noise */
			for (k = 0; k < 40 && i < n; k++) {
				x = x * 1103515245u + 12345u;
				p[i++] = (unsigned char)(x >> 16);
			}
			break;
		default:
			for (k = 0; k < 30 && i < n; k++) {
				x = x * 1103515245u + 12345u;
				p[i++] = "TABLE_DUMP2|B|208.66.192.0/22|"
				    "26780\n"[(x >> 16) % 36];
			}
		}
	}
	return p;
}

static unsigned char *
bz(const unsigned char *data, size_t n, int level, size_t *outn)
{
	unsigned int dl = (unsigned int)(n + n / 50 + 1024);
	unsigned char *out = malloc(dl);

	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(BZ2_bzBuffToBuffCompress((char *)out, &dl,
	    (char *)data, (unsigned int)n, level, 0, 0), BZ_OK);
	*outn = dl;
	return out;
}

struct res {
	unsigned char	*out;
	size_t		 n;
	long		 last;
	int		 trunc;
	char		 msg[1100];
	char		 sha[65];
	uint64_t	 raw;
};

/* "f" read whole through zread with threads ("1": libbz2 alone), step
   bytes at a time. */
static void
read_with(const char *threads, size_t step, struct res *r)
{
	struct dp_err err = DP_ERR_INIT;
	struct zread *z;
	size_t cap = 0;
	long got;

	memset(r, 0, sizeof(*r));
	setenv("DEPEER_ZREAD_THREADS", threads, 1);
	ck_assert_int_eq(zread_open("f", &z, &err), 0);
	for (;;) {
		if (r->n + step > cap) {
			cap = (r->n + step) * 2;
			r->out = realloc(r->out, cap);
			ck_assert_ptr_nonnull(r->out);
		}
		got = zread_read(z, r->out + r->n, step, &err);
		if (got <= 0)
			break;
		r->n += (size_t)got;
	}
	r->last = got;
	r->trunc = got == 0 && zread_truncated(z);
	if (got < 0)
		snprintf(r->msg, sizeof(r->msg), "%d %s", err.code, err.msg);
	else {
		zread_sha256_hex(z, r->sha);
		r->raw = zread_raw_bytes(z);
	}
	ck_assert_uint_eq(zread_out_bytes(z), r->n);
	zread_close(z);
}

/*
 * "f" read on 2 threads, and on 3 in pieces of 777 bytes, gives what it
 * gives on one; the result on one in *one (free its out) when one is not
 * NULL.
 */
static void
same(size_t step, struct res *one)
{
	static const char *const th[] = { "2", "3" };
	struct res a, b;
	size_t i;

	read_with("1", step, &a);
	for (i = 0; i < 2; i++) {
		read_with(th[i], i == 0 ? step : 777, &b);
		ck_assert_int_eq(b.last, a.last);
		ck_assert_int_eq(b.trunc, a.trunc);
		ck_assert_str_eq(b.msg, a.msg);
		ck_assert_uint_eq(b.n, a.n);
		if (a.n > 0)
			ck_assert_mem_eq(b.out, a.out, a.n);
		ck_assert_str_eq(b.sha, a.sha);
		ck_assert_uint_eq(b.raw, a.raw);
		free(b.out);
	}
	if (one != NULL)
		*one = a;
	else
		free(a.out);
}

/* The bit offsets of the block magics in c[0..n) (at most max). */
static size_t
block_starts(const unsigned char *c, size_t n, uint64_t *pos, size_t max)
{
	uint64_t w = 0, bit;
	size_t k = 0;

	for (bit = 0; bit < 8 * (uint64_t)n && k < max; bit++) {
		w = (w << 1 | ((c[bit / 8] >> (7 - bit % 8)) & 1)) &
		    0xffffffffffffULL;
		if (bit >= 47 && w == 0x314159265359ULL)
			pos[k++] = bit - 47;
	}
	return k;
}

/* Many blocks: the original bytes, in any step; threads really run. */
START_TEST(test_many_blocks)
{
	static const size_t steps[] = { 1 << 20, 65536, 4093 };
	size_t n = 3000000, cn;
	unsigned char *data = payload(n, 1), *c;
	struct dp_err err = DP_ERR_INIT;
	struct zread *z;
	struct res r;
	uint64_t pos[64];
	char buf[4096];
	int base;

	c = bz(data, n, 1, &cn);
	ck_assert_uint_gt(block_starts(c, cn, pos, 64), 10);
	test_write_file("f", c, cn);
	same(steps[_i], &r);
	ck_assert_int_eq(r.last, 0);
	ck_assert_int_eq(r.trunc, 0);
	ck_assert_uint_eq(r.n, n);
	ck_assert_mem_eq(r.out, data, n);
	free(r.out);
	/* Two threads besides those already running (a sanitizer's own)
	   once a few blocks are read; a close in the middle stops them. */
	setenv("DEPEER_ZREAD_THREADS", "2", 1);
	base = test_threads_now();
	ck_assert_int_eq(zread_open("f", &z, &err), 0);
	ck_assert_int_gt(zread_read(z, buf, sizeof(buf), &err), 0);
	if (base != -1)
		ck_assert_int_eq(test_threads_now(), base + 2);
	zread_close(z);
	if (base != -1)
		ck_assert_int_eq(test_threads_now(), base);
	free(c);
	free(data);
}
END_TEST

/* One block, and a file too small for a second: no threads. */
START_TEST(test_one_block)
{
	size_t n = 50000, cn;
	unsigned char *data = payload(n, 2), *c;
	struct dp_err err = DP_ERR_INIT;
	struct zread *z;
	struct res r;
	char buf[100];
	int base;

	c = bz(data, n, 9, &cn);
	test_write_file("f", c, cn);
	same(8192, &r);
	ck_assert_uint_eq(r.n, n);
	ck_assert_mem_eq(r.out, data, n);
	free(r.out);
	setenv("DEPEER_ZREAD_THREADS", "2", 1);
	base = test_threads_now();
	ck_assert_int_eq(zread_open("f", &z, &err), 0);
	ck_assert_int_gt(zread_read(z, buf, sizeof(buf), &err), 0);
	if (base != -1)
		ck_assert_int_eq(test_threads_now(), base);
	zread_close(z);
	free(c);
	/* An empty stream, and a stream of one byte. */
	c = bz((const unsigned char *)"", 0, 9, &cn);
	test_write_file("f", c, cn);
	same(10, &r);
	ck_assert_int_eq(r.last, 0);
	ck_assert_uint_eq(r.n, 0);
	free(r.out);
	free(c);
	c = bz((const unsigned char *)"x", 1, 9, &cn);
	test_write_file("f", c, cn);
	same(10, NULL);
	free(c);
	free(data);
}
END_TEST

/* Streams one after the other, of different levels, an empty one among
   them; then garbage, a lone "B", a second "BZh" without a digit. */
START_TEST(test_concatenated)
{
	static const int level[] = { 1, 9, 2, 1 };
	static const size_t len[] = { 700000, 1200000, 0, 333333 };
	unsigned char *all = NULL, *data = NULL, *c, *d;
	size_t an = 0, dn = 0, cn, i;
	struct res r;

	for (i = 0; i < 4; i++) {
		d = payload(len[i] + 1, (unsigned)i + 10);
		c = bz(d, len[i], level[i], &cn);
		all = realloc(all, an + cn + 16);
		data = realloc(data, dn + len[i] + 1);
		memcpy(all + an, c, cn);
		memcpy(data + dn, d, len[i]);
		an += cn;
		dn += len[i];
		free(c);
		free(d);
	}
	test_write_file("f", all, an);
	same(65536, &r);
	ck_assert_int_eq(r.last, 0);
	ck_assert_uint_eq(r.n, dn);
	ck_assert_mem_eq(r.out, data, dn);
	free(r.out);
	memcpy(all + an, "garbage!", 8);
	test_write_file("f", all, an + 8);
	same(65536, &r);
	ck_assert_int_eq(r.last, -1);
	ck_assert_uint_eq(r.n, dn);
	free(r.out);
	test_write_file("f", all, an + 1);	/* "g" */
	same(65536, NULL);
	memcpy(all + an, "B", 1);
	test_write_file("f", all, an + 1);
	same(65536, &r);
	ck_assert_int_eq(r.trunc, 1);
	free(r.out);
	memcpy(all + an, "BZhx", 4);
	test_write_file("f", all, an + 4);
	same(65536, NULL);
	memcpy(all + an, "\0\0\0\0", 4);
	test_write_file("f", all, an + 4);
	same(65536, NULL);
	free(all);
	free(data);
}
END_TEST

/* Cut at every block boundary, a byte either side, inside the magic and
   the CRC after it, in the middle of each block, in the end mark. */
START_TEST(test_truncated)
{
	size_t n = 1500000, cn, nb, i, k;
	unsigned char *data = payload(n, 3), *c;
	uint64_t pos[64], cut;
	static const int around[] = { -1, 0, 1, 3, 6, 7, 9, 11 };
	struct res r;

	c = bz(data, n, 1, &cn);
	nb = block_starts(c, cn, pos, 64);
	ck_assert_uint_gt(nb, 4);
	for (i = 0; i < nb; i++) {
		for (k = 0; k < ARRAY_SIZE(around); k++) {
			cut = pos[i] / 8 + (uint64_t)(int64_t)around[k];
			test_write_file("f", c, (size_t)cut);
			same(100000, &r);
			ck_assert_int_eq(r.last, 0);
			ck_assert_int_eq(r.trunc, 1);
			ck_assert_mem_eq(r.out, data, r.n);
			free(r.out);
		}
		cut = i + 1 < nb ? (pos[i] + pos[i + 1]) / 16 : cn - 200;
		test_write_file("f", c, (size_t)cut);
		same(100000, NULL);
	}
	/* The last 10 bytes hold the end mark and the combined CRC. */
	for (k = 1; k <= 10; k++) {
		test_write_file("f", c, cn - k);
		same(100000, &r);
		ck_assert_int_eq(r.trunc, 1);
		ck_assert_uint_eq(r.n, n);
		free(r.out);
	}
	free(c);
	free(data);
}
END_TEST

/* A flipped bit (a CRC or a decoding error) in each of several blocks,
   and in the stored CRCs: the sequential reader's error, after the same
   bytes. */
START_TEST(test_damaged)
{
	size_t n = 1500000, cn, nb, i;
	unsigned char *data = payload(n, 4), *c;
	uint64_t pos[64], bit;
	struct res r;

	c = bz(data, n, 1, &cn);
	nb = block_starts(c, cn, pos, 64);
	for (i = 0; i < nb; i += 3) {
		/* In the block's data, in its CRC, in the magic. */
		static const unsigned off[] = { 5000, 60, 20, 1200, 30000,
		    90001 };
		size_t k;

		for (k = 0; k < ARRAY_SIZE(off); k++) {
			bit = pos[i] + off[k];
			if (bit >= 8 * cn)
				continue;
			c[bit / 8] ^= (unsigned char)(0x80 >> (bit % 8));
			test_write_file("f", c, cn);
			same(65536, &r);
			/* A bit of the padding at the end changes nothing. */
			if (r.last == 0) {
				ck_assert_uint_ge(bit, 8 * cn - 8);
				ck_assert_uint_eq(r.n, n);
			} else
				ck_assert_msg(strstr(r.msg, "corrupt bzip2 "
				    "data") != NULL, "%s", r.msg);
			free(r.out);
			c[bit / 8] ^= (unsigned char)(0x80 >> (bit % 8));
		}
	}
	/* The combined CRC at the end. */
	c[cn - 2] ^= 0x10;
	test_write_file("f", c, cn);
	same(65536, &r);
	ck_assert_int_eq(r.last, -1);
	ck_assert_uint_eq(r.n, n);
	free(r.out);
	free(c);
	free(data);
}
END_TEST

/* The magics, byte-aligned and shifted, in the uncompressed data. */
START_TEST(test_magic_in_data)
{
	static const unsigned char m[] = { 0x31, 0x41, 0x59, 0x26, 0x53, 0x59,
	    0x17, 0x72, 0x45, 0x38, 0x50, 0x90, 0x18, 0xa0, 0xac, 0x93, 0x29,
	    0xac, 0x80 };
	size_t n = 1000000, cn, i;
	unsigned char *data = payload(n, 5), *c;
	struct res r;

	for (i = 0; i + sizeof(m) < n; i += 997)
		memcpy(data + i, m, sizeof(m));
	c = bz(data, n, 1, &cn);
	test_write_file("f", c, cn);
	same(65536, &r);
	ck_assert_uint_eq(r.n, n);
	ck_assert_mem_eq(r.out, data, n);
	free(r.out);
	/* A bzip2 file inside a bzip2 file. */
	free(data);
	data = c;
	n = cn;
	c = bz(data, n, 1, &cn);
	test_write_file("f", c, cn);
	same(65536, &r);
	ck_assert_uint_eq(r.n, n);
	ck_assert_mem_eq(r.out, data, n);
	free(r.out);
	free(c);
	free(data);
}
END_TEST

/* Long runs: a block whose output is far larger than its input. */
START_TEST(test_runs)
{
	size_t n = 30000000, cn;
	unsigned char *data = calloc(n, 1), *c;
	struct res r;

	ck_assert_ptr_nonnull(data);
	memset(data + n / 2, 'x', n / 4);
	c = bz(data, n, 1, &cn);
	test_write_file("f", c, cn);
	same(1 << 20, &r);
	ck_assert_uint_eq(r.n, n);
	ck_assert_mem_eq(r.out, data, n);
	free(r.out);
	free(c);
	free(data);
}
END_TEST

Suite *
bz2par_suite(void)
{
	Suite *s = suite_create("bz2par");
	TCase *tc = tcase_create("bz2par");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_many_blocks, 0, 3);
	tcase_add_test(tc, test_one_block);
	tcase_add_test(tc, test_concatenated);
	tcase_add_test(tc, test_truncated);
	tcase_add_test(tc, test_damaged);
	tcase_add_test(tc, test_magic_in_data);
	tcase_add_test(tc, test_runs);
	suite_add_tcase(s, tc);
	return s;
}
