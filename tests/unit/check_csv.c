/*
 * check_csv.c - the strict CSV reader: good input of every shape (quotes,
 * embedded newlines and the line numbers after them, CRLF, byte order mark,
 * no final newline, empty fields, many fields), each error with the line it
 * names, a 10 MB field refused early, records straddling the reader's 64 KiB
 * refills, and a randomised round trip through an encoder.
 */
#include <check.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "exitcodes.h"
#include "rd.h"

/* One reader over an in-memory input. */
struct fx {
	FILE			*fp;
	struct rd		 r;
	struct csv_reader	*c;
	struct csv_record	 rec;
	struct dp_err		 err;
};

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

static void
fx_open(struct fx *f, const void *data, size_t len, size_t max_field)
{
	memset(f, 0, sizeof(*f));
	f->fp = mkfile(data, len);
	rd_init(&f->r, f->fp);
	f->c = csv_new(&f->r, max_field);
}

/* The same for a NUL-terminated string, with a generous field limit. */
static void
fx_opens(struct fx *f, const char *s)
{
	fx_open(f, s, strlen(s), 65536);
}

static void
fx_close(struct fx *f)
{
	csv_free(f->c);
	rd_release(&f->r);
	fclose(f->fp);
}

/*
 * The next record starts on line and has exactly the fields given, a NULL
 * after the last.
 */
static void
expect_rec(struct fx *f, long line, ...)
{
	va_list ap;
	const char *want;
	size_t i = 0;
	int rc;

	rc = csv_read(f->c, &f->rec, &f->err);
	if (rc != 1)
		ck_abort_msg("csv_read returned %d: %s", rc, f->err.msg);
	ck_assert_int_eq(f->rec.line, line);
	va_start(ap, line);
	while ((want = va_arg(ap, const char *)) != NULL) {
		ck_assert_uint_lt(i, f->rec.nfields);
		ck_assert_uint_eq(f->rec.lens[i], strlen(want));
		ck_assert_str_eq(f->rec.fields[i], want);
		i++;
	}
	va_end(ap);
	ck_assert_uint_eq(f->rec.nfields, i);
}

static void
expect_eof(struct fx *f)
{
	ck_assert_int_eq(csv_read(f->c, &f->rec, &f->err), 0);
	ck_assert_int_eq(csv_read(f->c, &f->rec, &f->err), 0);
}

/*
 * Reading data to its end fails with DP_EX_DATAERR and a message holding
 * msg; a second call fails the same way.
 */
static void
expect_fail_n(const char *data, size_t len, size_t max_field, const char *msg)
{
	struct fx f;
	int rc;

	fx_open(&f, data, len, max_field);
	while ((rc = csv_read(f.c, &f.rec, &f.err)) == 1)
		continue;
	ck_assert_int_eq(rc, DP_EX_DATAERR);
	ck_assert_int_eq(f.err.code, DP_EX_DATAERR);
	if (strstr(f.err.msg, msg) == NULL)
		ck_abort_msg("message '%s' lacks '%s'", f.err.msg, msg);
	memset(&f.err, 0, sizeof(f.err));
	ck_assert_int_eq(csv_read(f.c, &f.rec, &f.err), DP_EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(f.err.msg, msg));
	fx_close(&f);
}

static void
expect_fail(const char *data, const char *msg)
{
	expect_fail_n(data, strlen(data), 65536, msg);
}

START_TEST(test_simple)
{
	struct fx f;

	fx_opens(&f, "a,b,c\n1,2,3\n");
	expect_rec(&f, 1, "a", "b", "c", NULL);
	expect_rec(&f, 2, "1", "2", "3", NULL);
	expect_eof(&f);
	fx_close(&f);
}
END_TEST

START_TEST(test_quotes)
{
	struct fx f;

	fx_opens(&f, "\"a,b\",\"c\"\"d\",\"\",\"\"\"\",x\n"
	    "\"\"\"start\",\"end\"\"\"\n");
	expect_rec(&f, 1, "a,b", "c\"d", "", "\"", "x", NULL);
	expect_rec(&f, 2, "\"start", "end\"", NULL);
	expect_eof(&f);
	fx_close(&f);
}
END_TEST

/* Newlines inside quotes are content; the next record's line counts them. */
START_TEST(test_embedded_newlines)
{
	struct fx f;

	fx_opens(&f, "1,\"x\ny\n\nz\",3\n"
	    "2,b,c\n"
	    "\"p\r\nq\",r\r\n"
	    "4\n");
	expect_rec(&f, 1, "1", "x\ny\n\nz", "3", NULL);
	expect_rec(&f, 5, "2", "b", "c", NULL);
	expect_rec(&f, 6, "p\r\nq", "r", NULL);
	expect_rec(&f, 8, "4", NULL);
	expect_eof(&f);
	fx_close(&f);
}
END_TEST

START_TEST(test_crlf)
{
	struct fx f;

	fx_opens(&f, "a,b\r\n\"c\",d\r\n\r\ne\r\n");
	expect_rec(&f, 1, "a", "b", NULL);
	expect_rec(&f, 2, "c", "d", NULL);
	expect_rec(&f, 3, "", NULL);
	expect_rec(&f, 4, "e", NULL);
	expect_eof(&f);
	fx_close(&f);
}
END_TEST

START_TEST(test_bom)
{
	struct fx f;

	fx_opens(&f, "\xef\xbb\xbfid,name\n1,x\n");
	expect_rec(&f, 1, "id", "name", NULL);
	expect_rec(&f, 2, "1", "x", NULL);
	expect_eof(&f);
	fx_close(&f);

	fx_opens(&f, "\xef\xbb\xbf");
	expect_eof(&f);
	fx_close(&f);

	fx_opens(&f, "\xef\xbb\xbf\"q\"");
	expect_rec(&f, 1, "q", NULL);
	expect_eof(&f);
	fx_close(&f);

	/* Only at the very start: elsewhere it is content (U+FEFF). */
	fx_opens(&f, "a\n\xef\xbb\xbf" "b\n");
	expect_rec(&f, 1, "a", NULL);
	expect_rec(&f, 2, "\xef\xbb\xbf" "b", NULL);
	expect_eof(&f);
	fx_close(&f);
}
END_TEST

START_TEST(test_no_final_newline)
{
	struct fx f;

	fx_opens(&f, "a,b\nc,d");
	expect_rec(&f, 1, "a", "b", NULL);
	expect_rec(&f, 2, "c", "d", NULL);
	expect_eof(&f);
	fx_close(&f);

	fx_opens(&f, "a,\"b\nc\"");
	expect_rec(&f, 1, "a", "b\nc", NULL);
	expect_eof(&f);
	fx_close(&f);

	fx_opens(&f, "x,");
	expect_rec(&f, 1, "x", "", NULL);
	expect_eof(&f);
	fx_close(&f);
}
END_TEST

START_TEST(test_empty_fields)
{
	struct fx f;

	fx_opens(&f, ",,\n\n,\n\"\"\na\n\nb\n");
	expect_rec(&f, 1, "", "", "", NULL);
	expect_rec(&f, 2, "", NULL);
	expect_rec(&f, 3, "", "", NULL);
	expect_rec(&f, 4, "", NULL);
	expect_rec(&f, 5, "a", NULL);
	expect_rec(&f, 6, "", NULL);
	expect_rec(&f, 7, "b", NULL);
	expect_eof(&f);
	fx_close(&f);
}
END_TEST

START_TEST(test_empty_input)
{
	struct fx f;

	fx_opens(&f, "");
	expect_eof(&f);
	fx_close(&f);
}
END_TEST

/* 5000 fields, then a short record reusing the same arrays. */
START_TEST(test_many_fields)
{
	char *data = malloc(5000 * 8 + 16), want[16];
	size_t len = 0, i;
	struct fx f;

	ck_assert_ptr_nonnull(data);
	for (i = 0; i < 5000; i++)
		len += (size_t)sprintf(data + len, "%sf%zu", i ? "," : "", i);
	len += (size_t)sprintf(data + len, "\n\"a\",b\n");
	fx_open(&f, data, len, 100);
	ck_assert_int_eq(csv_read(f.c, &f.rec, &f.err), 1);
	ck_assert_uint_eq(f.rec.nfields, 5000);
	for (i = 0; i < 5000; i++) {
		snprintf(want, sizeof(want), "f%zu", i);
		ck_assert_str_eq(f.rec.fields[i], want);
		ck_assert_uint_eq(f.rec.lens[i], strlen(want));
	}
	expect_rec(&f, 2, "a", "b", NULL);
	expect_eof(&f);
	fx_close(&f);
	free(data);
}
END_TEST

START_TEST(test_utf8)
{
	struct fx f;

	fx_opens(&f, "M\xc3\xbcller,\xe6\x9d\xb1\xe4\xba\xac,"
	    "\"\xf0\x9d\x84\x9e clef, \xe2\x82\xac\"\n");
	expect_rec(&f, 1, "M\xc3\xbcller", "\xe6\x9d\xb1\xe4\xba\xac",
	    "\xf0\x9d\x84\x9e clef, \xe2\x82\xac", NULL);
	expect_eof(&f);
	fx_close(&f);
}
END_TEST

/* Format detection peeks first; the peeked bytes are still parsed. */
START_TEST(test_peek_first)
{
	struct fx f;

	fx_opens(&f, "\xef\xbb\xbfkind,value\nc2,1.2.3.4\n");
	ck_assert_int_eq(rd_peek(&f.r, 100), 25);
	ck_assert_int_eq(f.r.buf[f.r.pos], 0xef);
	expect_rec(&f, 1, "kind", "value", NULL);
	expect_rec(&f, 2, "c2", "1.2.3.4", NULL);
	expect_eof(&f);
	fx_close(&f);
}
END_TEST

START_TEST(test_stray_quote)
{
	expect_fail("h1,h2\nx,y\nab,c\"d\n",
	    "line 3: stray quote in unquoted field 2");
	expect_fail("a\"\n", "line 1: stray quote in unquoted field 1");
	expect_fail("a,\"x\ny\",b\nc, \"d\"\n",
	    "line 3: stray quote in unquoted field 2");
}
END_TEST

START_TEST(test_after_closing_quote)
{
	expect_fail("a,b\nc,\"d\"e\n",
	    "line 2: text after the closing quote of field 2");
	expect_fail("\"a\" ,b\n", "line 1: text after the closing quote of "
	    "field 1");
	expect_fail("\"a\nb\"c\n", "line 2: text after the closing quote of "
	    "field 1");
}
END_TEST

START_TEST(test_unbalanced)
{
	expect_fail("1\n2\n3\n4\na,\"bc",
	    "line 5: unbalanced quote: the quoted field opened on line 5 is "
	    "never closed");
	expect_fail("a\n\"x\ny\nz\n",
	    "line 2: unbalanced quote: the quoted field opened on line 2 is "
	    "never closed");
	expect_fail("\"", "line 1: unbalanced quote");
	expect_fail("\"ab\"\"", "line 1: unbalanced quote");
}
END_TEST

START_TEST(test_nul)
{
	expect_fail_n("a,b\nc,d\0e\n", 10, 100, "line 2: NUL byte in field 2");
	expect_fail_n("\"a\nb\0\"\n", 7, 100, "line 2: NUL byte in field 1");
	expect_fail_n("\0", 1, 100, "line 1: NUL byte in field 1");
	expect_fail_n("\"a\"\0", 4, 100,
	    "line 1: text after the closing quote of field 1");
}
END_TEST

START_TEST(test_bad_utf8)
{
	expect_fail("a,b\nc,\xff\n", "line 2: field 2 is not valid UTF-8");
	expect_fail("x,\"1\n2\n\xc3(\"\n",
	    "line 3: field 2 is not valid UTF-8");
	expect_fail("\xc0\xaf\n", "line 1: field 1 is not valid UTF-8");
	expect_fail("ok\n\xed\xa0\x80\n", "line 2: field 1 is not valid UTF-8");
	expect_fail("\xef\xbb", "line 1: field 1 is not valid UTF-8");
	expect_fail("a,\xe2\x82", "line 1: field 2 is not valid UTF-8");
}
END_TEST

START_TEST(test_lone_cr)
{
	expect_fail("a\rb\n", "line 1: carriage return without a line feed "
	    "after field 1");
	expect_fail("a,b\nc\r", "line 2: carriage return without a line feed");
	expect_fail("x\n\"q\"\rx", "line 2: carriage return without a line "
	    "feed");
	expect_fail("\r", "line 1: carriage return without a line feed");
	expect_fail("a,\r\r\n", "line 1: carriage return without a line feed "
	    "after field 2");
}
END_TEST

START_TEST(test_too_long)
{
	struct fx f;

	expect_fail_n("a,b,c\nx,y,0123456789abcdefg\n", 28, 16,
	    "line 2: field 3 is longer than 16 bytes");
	expect_fail_n("\"a\"\n\"0123456789\nabcdef\"\n", 24, 16,
	    "line 2: field 1 is longer than 16 bytes");
	/* Exactly the limit is fine, doubled quotes counting once. */
	fx_open(&f, "0123456789abcdef,\"aaaaaaaaaaaaaaa\"\"\"\n", 37, 16);
	expect_rec(&f, 1, "0123456789abcdef", "aaaaaaaaaaaaaaa\"", NULL);
	expect_eof(&f);
	fx_close(&f);
	expect_fail_n("\"aaaaaaaaaaaaaaaa\"\"\"\n", 21, 16,
	    "line 1: field 1 is longer than 16 bytes");
}
END_TEST

/*
 * A 10 MB field (plain, then quoted) is refused without reading anywhere
 * near all of it.
 */
START_TEST(test_huge_field)
{
	size_t big = 10 * 1000 * 1000, len, i;
	char *data = malloc(big + 100);
	struct fx f;
	int quoted, rc;

	ck_assert_ptr_nonnull(data);
	for (quoted = 0; quoted <= 1; quoted++) {
		len = (size_t)sprintf(data, "a,b,c\nx,y,%s",
		    quoted ? "\"" : "");
		for (i = 0; i < big; i++)
			data[len++] = quoted && i % 1000 == 999 ? '\n' : 'z';
		len += (size_t)sprintf(data + len, "%s\n", quoted ? "\"" : "");
		fx_open(&f, data, len, 65536);
		expect_rec(&f, 1, "a", "b", "c", NULL);
		rc = csv_read(f.c, &f.rec, &f.err);
		ck_assert_int_eq(rc, DP_EX_DATAERR);
		ck_assert_ptr_nonnull(strstr(f.err.msg,
		    "line 2: field 3 is longer than 65536 bytes"));
		ck_assert_uint_lt(f.r.consumed, 4 * 65536);
		ck_assert_int_lt(ftell(f.fp), 1 << 20);
		fx_close(&f);
	}
	free(data);
}
END_TEST

/* Reading a directory fails with EISDIR on Linux: a real read error. */
START_TEST(test_read_error)
{
	struct fx f;
	FILE *fp = fopen("/", "r");

	ck_assert_ptr_nonnull(fp);
	memset(&f, 0, sizeof(f));
	rd_init(&f.r, fp);
	f.c = csv_new(&f.r, 100);
	ck_assert_int_eq(csv_read(f.c, &f.rec, &f.err), DP_EX_IOERR);
	ck_assert_int_eq(f.err.code, DP_EX_IOERR);
	ck_assert_ptr_nonnull(strstr(f.err.msg, strerror(EISDIR)));
	ck_assert_int_eq(csv_read(f.c, &f.rec, NULL), DP_EX_IOERR);
	csv_free(f.c);
	rd_release(&f.r);
	fclose(fp);
}
END_TEST

/*
 * Slide a group of awkward records (doubled quotes, CRLF, a quoted newline,
 * an empty quoted field) across the first 64 KiB refill one byte at a time,
 * so that every byte of them, the CR before an LF and each quote of a
 * doubled pair included, lands on the boundary once.
 */
START_TEST(test_refill_boundary)
{
	const char tail[] = "\"a\"\"b\",c\r\n\"x\ny\",z\r\n\"\",q\n"
	    "\"\"\"\",\xe2\x82\xac\nend";
	size_t cap = 70000 + sizeof(tail), len, pad, padlen;
	char *data = malloc(cap), *first = malloc(70000);
	struct fx f;

	ck_assert_ptr_nonnull(data);
	ck_assert_ptr_nonnull(first);
	for (pad = 0; pad < 48; pad++) {
		padlen = 65536 - 40 + pad;
		memset(data, 'p', padlen);
		data[padlen] = '\n';
		memcpy(data + padlen + 1, tail, sizeof(tail) - 1);
		len = padlen + 1 + sizeof(tail) - 1;
		memcpy(first, data, padlen);
		first[padlen] = '\0';
		fx_open(&f, data, len, 1 << 20);
		expect_rec(&f, 1, first, NULL);
		expect_rec(&f, 2, "a\"b", "c", NULL);
		expect_rec(&f, 3, "x\ny", "z", NULL);
		expect_rec(&f, 5, "", "q", NULL);
		expect_rec(&f, 6, "\"", "\xe2\x82\xac", NULL);
		expect_rec(&f, 7, "end", NULL);
		expect_eof(&f);
		fx_close(&f);
	}
	free(data);
	free(first);
}
END_TEST

/* A small deterministic generator, the same on every libc. */
static unsigned long long rng_state;

static unsigned int
rng(unsigned int n)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned int)(rng_state >> 33) % n;
}

/* Growing byte array for the round trip. */
struct bytes {
	char	*s;
	size_t	 len;
	size_t	 cap;
};

static void
bytes_add(struct bytes *b, const char *s, size_t n)
{
	if (b->len + n > b->cap) {
		while (b->len + n > b->cap)
			b->cap = b->cap ? b->cap * 2 : 4096;
		b->s = realloc(b->s, b->cap);
		ck_assert_ptr_nonnull(b->s);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
}

/*
 * Random records of random fields (commas, quotes, CR, LF, multi-byte
 * UTF-8) encoded as RFC 4180 with LF or CRLF endings, over 1 MB in all;
 * the reader must give back every field and the line each record starts
 * on.  The expected values are kept as a stream of (line, nfields, then
 * length and bytes of each field).
 */
START_TEST(test_round_trip)
{
	static const char *const atoms[] = {
		"a", "b", "z", "0", " ", ",", "\"", "\n", "\r", "\r\n",
		"\xc3\xa9", "\xe2\x82\xac", "\xf0\x9d\x84\x9e", "xyz", "."
	};
	struct bytes csv = { NULL, 0, 0 }, exp = { NULL, 0, 0 };
	struct bytes fld = { NULL, 0, 0 };
	size_t nrec = 0, i, j, k, nf, pos, flen;
	long line = 1, l;
	struct fx f;
	int quote;
	const char *a;

	rng_state = 4180;
	while (csv.len < 1200000) {
		nf = 1 + rng(9);
		l = line;
		bytes_add(&exp, (const char *)&l, sizeof(l));
		bytes_add(&exp, (const char *)&nf, sizeof(nf));
		for (i = 0; i < nf; i++) {
			fld.len = 0;
			k = rng(4) == 0 ? rng(200) : rng(12);
			for (j = 0; j < k; j++) {
				a = rng(3) ? "q" :
				    atoms[rng(ARRAY_SIZE(atoms))];
				bytes_add(&fld, a, strlen(a));
			}
			quote = rng(5) == 0 || (nf == 1 && fld.len == 0);
			for (j = 0; j < fld.len; j++)
				if (strchr(",\"\r\n", fld.s[j]) != NULL)
					quote = 1;
			if (i > 0)
				bytes_add(&csv, ",", 1);
			if (quote)
				bytes_add(&csv, "\"", 1);
			for (j = 0; j < fld.len; j++) {
				if (fld.s[j] == '"')
					bytes_add(&csv, "\"", 1);
				if (fld.s[j] == '\n')
					line++;
				bytes_add(&csv, fld.s + j, 1);
			}
			if (quote)
				bytes_add(&csv, "\"", 1);
			bytes_add(&exp, (const char *)&fld.len,
			    sizeof(fld.len));
			bytes_add(&exp, fld.s != NULL ? fld.s : "", fld.len);
		}
		nrec++;
		/* The last record goes without a final newline. */
		if (csv.len < 1200000) {
			if (rng(2))
				bytes_add(&csv, "\r\n", 2);
			else
				bytes_add(&csv, "\n", 1);
			line++;
		}
	}

	fx_open(&f, csv.s, csv.len, 1 << 20);
	pos = 0;
	for (i = 0; i < nrec; i++) {
		ck_assert_int_eq(csv_read(f.c, &f.rec, &f.err), 1);
		memcpy(&l, exp.s + pos, sizeof(l));
		pos += sizeof(l);
		memcpy(&nf, exp.s + pos, sizeof(nf));
		pos += sizeof(nf);
		ck_assert_int_eq(f.rec.line, l);
		ck_assert_uint_eq(f.rec.nfields, nf);
		for (j = 0; j < nf; j++) {
			memcpy(&flen, exp.s + pos, sizeof(flen));
			pos += sizeof(flen);
			ck_assert_uint_eq(f.rec.lens[j], flen);
			ck_assert_mem_eq(f.rec.fields[j], exp.s + pos, flen);
			ck_assert_int_eq(f.rec.fields[j][flen], '\0');
			pos += flen;
		}
	}
	ck_assert_uint_eq(pos, exp.len);
	expect_eof(&f);
	ck_assert_uint_eq(f.r.consumed, csv.len);
	fx_close(&f);
	free(csv.s);
	free(exp.s);
	free(fld.s);
}
END_TEST

Suite *
csv_suite(void)
{
	Suite *s = suite_create("csv");
	TCase *tc = tcase_create("good");
	TCase *te = tcase_create("errors");
	TCase *tb = tcase_create("big");

	tcase_add_test(tc, test_simple);
	tcase_add_test(tc, test_quotes);
	tcase_add_test(tc, test_embedded_newlines);
	tcase_add_test(tc, test_crlf);
	tcase_add_test(tc, test_bom);
	tcase_add_test(tc, test_no_final_newline);
	tcase_add_test(tc, test_empty_fields);
	tcase_add_test(tc, test_empty_input);
	tcase_add_test(tc, test_many_fields);
	tcase_add_test(tc, test_utf8);
	tcase_add_test(tc, test_peek_first);
	suite_add_tcase(s, tc);

	tcase_add_test(te, test_stray_quote);
	tcase_add_test(te, test_after_closing_quote);
	tcase_add_test(te, test_unbalanced);
	tcase_add_test(te, test_nul);
	tcase_add_test(te, test_bad_utf8);
	tcase_add_test(te, test_lone_cr);
	tcase_add_test(te, test_too_long);
	tcase_add_test(te, test_read_error);
	suite_add_tcase(s, te);

	/* Generous: these run under valgrind and the sanitizers too. */
	tcase_set_timeout(tb, 120);
	tcase_add_test(tb, test_huge_field);
	tcase_add_test(tb, test_refill_boundary);
	tcase_add_test(tb, test_round_trip);
	suite_add_tcase(s, tb);
	return s;
}
