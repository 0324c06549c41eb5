/*
 * check_rd.c - the buffered reader: peeking, then reading what was peeked;
 * lines short and long, across the 64 KiB refill boundary, too long; end of
 * file without a newline; read errors.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "rd.h"

/* A FILE holding data[0..len), read from the start. */
static FILE *
mkfile(const void *data, size_t len)
{
	FILE *fp = tmpfile();

	ck_assert_ptr_nonnull(fp);
	if (len > 0)
		ck_assert_uint_eq(fwrite(data, 1, len, fp), len);
	rewind(fp);
	return fp;
}

/* Read the next line and check it is exactly want. */
static void
expect_line(struct rd *r, const char *want, size_t maxlen)
{
	const char *line = NULL;
	size_t len = 0;

	ck_assert_int_eq(rd_getline(r, &line, &len, maxlen), 1);
	ck_assert_uint_eq(len, strlen(want));
	ck_assert_mem_eq(line, want, len);
	ck_assert_int_eq(line[len], '\0');
}

static void
expect_end(struct rd *r)
{
	const char *line;
	size_t len;

	ck_assert_int_eq(rd_getline(r, &line, &len, 100), 0);
	ck_assert_int_eq(rd_getline(r, &line, &len, 100), 0);
}

START_TEST(test_lines)
{
	const char data[] = "one\ntwo\r\n\n\nlast";
	FILE *fp = mkfile(data, sizeof(data) - 1);
	struct rd r;

	rd_init(&r, fp);
	expect_line(&r, "one", 100);
	expect_line(&r, "two\r", 100);
	expect_line(&r, "", 100);
	expect_line(&r, "", 100);
	expect_line(&r, "last", 100);
	expect_end(&r);
	ck_assert_uint_eq(r.consumed, sizeof(data) - 1);
	rd_release(&r);
	fclose(fp);
}
END_TEST

START_TEST(test_final_newline)
{
	FILE *fp = mkfile("a\nb\n", 4);
	struct rd r;

	rd_init(&r, fp);
	expect_line(&r, "a", 1);
	expect_line(&r, "b", 1);
	expect_end(&r);
	rd_release(&r);
	fclose(fp);
}
END_TEST

START_TEST(test_empty)
{
	FILE *fp = mkfile("", 0);
	struct rd r;

	rd_init(&r, fp);
	ck_assert_int_eq(rd_peek(&r, 10), 0);
	expect_end(&r);
	ck_assert_int_eq(rd_peek(&r, 1), 0);
	rd_release(&r);
	fclose(fp);
}
END_TEST

START_TEST(test_peek_then_read)
{
	const char data[] = "{\"a\":1}\n{\"b\":2}\n";
	FILE *fp = mkfile(data, sizeof(data) - 1);
	struct rd r;
	long n;

	rd_init(&r, fp);
	n = rd_peek(&r, 1);
	ck_assert_int_eq(n, (long)sizeof(data) - 1);
	ck_assert_int_eq(r.buf[r.pos], '{');
	/* Asking for more than there is returns what there is. */
	ck_assert_int_eq(rd_peek(&r, 1000), (long)sizeof(data) - 1);
	ck_assert_uint_eq(r.consumed, 0);
	expect_line(&r, "{\"a\":1}", 100);
	ck_assert_int_eq(rd_peek(&r, 3), 8);
	ck_assert_mem_eq(r.buf + r.pos, "{\"b", 3);
	expect_line(&r, "{\"b\":2}", 100);
	expect_end(&r);
	rd_release(&r);
	fclose(fp);
}
END_TEST

/* A peek larger than the initial buffer grows it; the bytes stay in order. */
START_TEST(test_big_peek)
{
	size_t len = 300000, i;
	char *data = malloc(len);
	FILE *fp;
	struct rd r;
	long n;

	ck_assert_ptr_nonnull(data);
	for (i = 0; i < len; i++)
		data[i] = (char)('a' + i % 23);
	fp = mkfile(data, len);
	rd_init(&r, fp);
	ck_assert_int_ge(rd_peek(&r, 10), 10);
	n = rd_peek(&r, 200000);
	ck_assert_int_ge(n, 200000);
	ck_assert_mem_eq(r.buf + r.pos, data, (size_t)n);
	ck_assert_int_eq(rd_peek(&r, len + 1), (long)len);
	ck_assert_mem_eq(r.buf + r.pos, data, len);
	ck_assert_int_eq(r.eof, 1);
	rd_release(&r);
	fclose(fp);
	free(data);
}
END_TEST

/*
 * Lines of lengths 0..199 repeated past 64 KiB several times, so lines
 * straddle every refill; each must come back intact.
 */
START_TEST(test_lines_across_refills)
{
	size_t cap = 1 << 20, len = 0, i, k, nlines = 0;
	char *data = malloc(cap), want[256];
	const char *line;
	size_t llen;
	FILE *fp;
	struct rd r;

	ck_assert_ptr_nonnull(data);
	while (len < 400000) {
		k = nlines % 200;
		for (i = 0; i < k; i++)
			data[len++] = (char)('A' + (nlines + i) % 26);
		data[len++] = '\n';
		nlines++;
	}
	fp = mkfile(data, len);
	rd_init(&r, fp);
	for (i = 0; i < nlines; i++) {
		k = i % 200;
		for (llen = 0; llen < k; llen++)
			want[llen] = (char)('A' + (i + llen) % 26);
		want[k] = '\0';
		ck_assert_int_eq(rd_getline(&r, &line, &llen, 1000), 1);
		ck_assert_uint_eq(llen, k);
		ck_assert_mem_eq(line, want, k);
	}
	expect_end(&r);
	ck_assert_uint_eq(r.consumed, len);
	rd_release(&r);
	fclose(fp);
	free(data);
}
END_TEST

/* Lines longer than the buffer but within maxlen are returned whole. */
START_TEST(test_long_lines)
{
	size_t sizes[] = { 65535, 65536, 65537, 200000, 1000000 };
	size_t len = 0, total = 0, i, j;
	char *data;
	const char *line;
	size_t llen;
	FILE *fp;
	struct rd r;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		total += sizes[i] + 1 + 2;
	data = malloc(total);
	ck_assert_ptr_nonnull(data);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		for (j = 0; j < sizes[i]; j++)
			data[len++] = (char)('0' + (i + j) % 10);
		data[len++] = '\n';
		data[len++] = 'x';
		data[len++] = '\n';
	}
	fp = mkfile(data, len);
	rd_init(&r, fp);
	len = 0;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		ck_assert_int_eq(rd_getline(&r, &line, &llen, 1000000), 1);
		ck_assert_uint_eq(llen, sizes[i]);
		ck_assert_mem_eq(line, data + len, llen);
		len += sizes[i] + 1;
		expect_line(&r, "x", 1);
		len += 2;
	}
	expect_end(&r);
	rd_release(&r);
	fclose(fp);
	free(data);
}
END_TEST

/*
 * A line longer than maxlen is skipped with -2, the next line is read
 * normally, and the buffer does not grow to the long line's size.
 */
START_TEST(test_overlong)
{
	size_t big = 3000000, len = 0, i;
	char *data = malloc(big + 100);
	const char *line;
	size_t llen;
	FILE *fp;
	struct rd r;

	ck_assert_ptr_nonnull(data);
	memcpy(data, "ok\n", 3);
	len = 3;
	for (i = 0; i < 11; i++)	/* 11 bytes: one too many */
		data[len++] = 'y';
	data[len++] = '\n';
	for (i = 0; i < 10; i++)	/* exactly maxlen */
		data[len++] = 'z';
	data[len++] = '\n';
	for (i = 0; i < big; i++)
		data[len++] = 'b';
	data[len++] = '\n';
	memcpy(data + len, "after\n", 6);
	len += 6;
	for (i = 0; i < 20; i++)	/* too long and unterminated */
		data[len++] = 'e';
	fp = mkfile(data, len);
	rd_init(&r, fp);
	expect_line(&r, "ok", 10);
	ck_assert_int_eq(rd_getline(&r, &line, &llen, 10), -2);
	expect_line(&r, "zzzzzzzzzz", 10);
	ck_assert_int_eq(rd_getline(&r, &line, &llen, 10), -2);
	ck_assert_uint_le(r.cap, 256 * 1024);
	expect_line(&r, "after", 10);
	ck_assert_int_eq(rd_getline(&r, &line, &llen, 10), -2);
	expect_end(&r);
	ck_assert_uint_eq(r.consumed, len);
	rd_release(&r);
	fclose(fp);

	/* The same with a limit above the buffer size. */
	fp = mkfile(data, len);
	rd_init(&r, fp);
	expect_line(&r, "ok", 100000);
	ck_assert_int_eq(rd_getline(&r, &line, &llen, 100000), 1);
	ck_assert_int_eq(rd_getline(&r, &line, &llen, 100000), 1);
	ck_assert_int_eq(rd_getline(&r, &line, &llen, 100000), -2);
	ck_assert_uint_le(r.cap, 512 * 1024);
	expect_line(&r, "after", 100000);
	expect_line(&r, "eeeeeeeeeeeeeeeeeeee", 100000);
	expect_end(&r);
	rd_release(&r);
	fclose(fp);

	/*
	 * An unterminated overlong last line whose final piece, read after
	 * the line was found too long, is itself short.
	 */
	memcpy(data, "ok\n", 3);
	memset(data + 3, 'b', 150000);
	fp = mkfile(data, 150003);
	rd_init(&r, fp);
	expect_line(&r, "ok", 100000);
	ck_assert_int_eq(rd_getline(&r, &line, &llen, 100000), -2);
	expect_end(&r);
	ck_assert_uint_eq(r.consumed, 150003);
	rd_release(&r);
	fclose(fp);
	free(data);
}
END_TEST

/* NUL bytes are data: the length, not strlen, tells where a line ends. */
START_TEST(test_nul_in_line)
{
	FILE *fp = mkfile("a\0b\nc", 5);
	struct rd r;
	const char *line;
	size_t llen;

	rd_init(&r, fp);
	ck_assert_int_eq(rd_getline(&r, &line, &llen, 10), 1);
	ck_assert_uint_eq(llen, 3);
	ck_assert_mem_eq(line, "a\0b", 3);
	expect_line(&r, "c", 10);
	expect_end(&r);
	rd_release(&r);
	fclose(fp);
}
END_TEST

/* Reading a directory fails with EISDIR on Linux: a real read error. */
/*
 * With r->hash set every byte read is hashed once: after a peek, lines
 * across refills and a last line without a newline, the digest is that
 * of the whole input.
 */
START_TEST(test_hash_input)
{
	size_t n = 300000, i, len;
	char *data = malloc(n);
	unsigned char want[SHA256_LEN], got[SHA256_LEN];
	const char *line;
	struct rd r;
	FILE *fp;
	int rc;

	ck_assert_ptr_nonnull(data);
	for (i = 0; i < n; i++)
		data[i] = i % 61 == 60 ? '\n' : (char)('a' + i % 26);
	sha256_buf(data, n, want);
	fp = mkfile(data, n);
	rd_init(&r, fp);
	r.hash = sha256_new();
	ck_assert_int_ge(rd_peek(&r, 4096), 4096);
	while ((rc = rd_getline(&r, &line, &len, 1000)) == 1)
		;
	ck_assert_int_eq(rc, 0);
	sha256_final(r.hash, got);
	ck_assert_mem_eq(got, want, SHA256_LEN);
	sha256_free(r.hash);
	rd_release(&r);
	fclose(fp);
	free(data);
}
END_TEST

START_TEST(test_read_error)
{
	FILE *fp = fopen("/", "r");
	struct rd r;
	const char *line;
	size_t llen;

	ck_assert_ptr_nonnull(fp);
	rd_init(&r, fp);
	ck_assert_int_eq(rd_peek(&r, 1), -1);
	ck_assert_int_eq(r.ioerr, EISDIR);
	ck_assert_int_eq(rd_getline(&r, &line, &llen, 10), -1);
	rd_release(&r);
	fclose(fp);
}
END_TEST

Suite *
rd_suite(void)
{
	Suite *s = suite_create("rd");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_lines);
	tcase_add_test(tc, test_final_newline);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_peek_then_read);
	tcase_add_test(tc, test_big_peek);
	tcase_add_test(tc, test_lines_across_refills);
	tcase_add_test(tc, test_long_lines);
	tcase_add_test(tc, test_overlong);
	tcase_add_test(tc, test_nul_in_line);
	tcase_add_test(tc, test_hash_input);
	tcase_add_test(tc, test_read_error);
	suite_add_tcase(s, tc);
	return s;
}
