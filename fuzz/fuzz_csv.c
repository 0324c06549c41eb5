/*
 * fuzz_csv.c - libFuzzer target for the CSV reader: any bytes must end in
 * records or a clean error, never a crash, a hang or a leak.  The records
 * read must keep csv.h's promises: fields of valid UTF-8 without NUL
 * bytes and no longer than the limit, line numbers that start at 1 and
 * never go down; and written back as RFC 4180 (every field quoted, CRLF
 * line ends), they must read back as the same records.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "csv.h"
#include "fuzz.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_FIELD	4096

/* Every record of data[0..size) as RFC 4180 text into out; the count. */
static size_t
read_all(const uint8_t *data, size_t size, struct buf *out, int check)
{
	struct dp_err err = DP_ERR_INIT;
	struct csv_record rec;
	struct csv_reader *c;
	struct rd r;
	FILE *fp;
	size_t n = 0, i, j;
	long last = 1;

	if (size == 0 || (fp = fmemopen((void *)data, size, "rb")) == NULL)
		return 0;
	rd_init(&r, fp);
	c = csv_new(&r, MAX_FIELD);
	while (csv_read(c, &rec, &err) == 1) {
		if (check && (rec.line < last || rec.nfields == 0))
			abort();
		last = rec.line;
		for (i = 0; i < rec.nfields; i++) {
			if (rec.lens[i] > MAX_FIELD ||
			    strlen(rec.fields[i]) != rec.lens[i] ||
			    !utf8_valid(rec.fields[i], rec.lens[i], NULL))
				abort();
			buf_addc(out, '"');
			for (j = 0; j < rec.lens[i]; j++) {
				if (rec.fields[i][j] == '"')
					buf_addc(out, '"');
				buf_addc(out, rec.fields[i][j]);
			}
			buf_addc(out, '"');
			buf_adds(out, i + 1 < rec.nfields ? "," : "\r\n");
		}
		n++;
	}
	csv_free(c);
	rd_release(&r);
	fclose(fp);
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	size_t n, m;

	n = read_all(data, size, &a, 1);
	/* What was read, written out, reads back the same. */
	m = read_all((const uint8_t *)a.s, a.len, &b, 0);
	if (m != n || a.len != b.len || (a.len > 0 &&
	    memcmp(a.s, b.s, a.len) != 0))
		abort();
	buf_release(&a);
	buf_release(&b);
	return 0;
}
