/*
 * fuzz_cymru.c - libFuzzer target for the Team Cymru parsers and the bulk
 * query builder: any bytes must end in rows or a clean error, never a
 * crash, a hang or a leak, and what comes out must keep the promises of
 * cymru.h (printable UTF-8, no AS0, NA rows without ASNs, sorted distinct
 * peers, a query that cannot be injected into).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cymru.h"
#include "fuzz.h"
#include "validate.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_rows(const struct cymru_row *rows, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		if (rows[i].na && (rows[i].nasns != 0 || rows[i].asns != NULL))
			abort();
		for (j = 0; j < rows[i].nasns; j++)
			if (rows[i].asns[j] == 0)
				abort();
		fuzz_check_text(rows[i].ip);
		fuzz_check_text(rows[i].prefix);
		fuzz_check_text(rows[i].cc);
		fuzz_check_text(rows[i].rir);
		fuzz_check_text(rows[i].allocated);
		fuzz_check_text(rows[i].as_name);
	}
}

/* The input split at NUL bytes is a list of query items. */
static void
check_query(const uint8_t *data, size_t size)
{
	const char *items[32];
	char *copy, *q, *p;
	size_t n = 0, i, lines = 0;

	copy = malloc(size + 1);
	if (copy == NULL)
		return;
	memcpy(copy, data, size);
	copy[size] = '\0';
	for (p = copy; n < 32 && p <= copy + size; p += strlen(p) + 1)
		items[n++] = p;
	q = cymru_bulk_query(items, n);
	if (q != NULL) {
		/* begin, verbose, one line per item, end; nothing else. */
		for (i = 0; q[i] != '\0'; i++) {
			if (q[i] == '\n' && (i == 0 || q[i - 1] != '\r'))
				abort();
			if (q[i] == '\n')
				lines++;
			else if (q[i] == '\r' && q[i + 1] != '\n')
				abort();
			else if (q[i] == ' ')
				abort();
		}
		if (lines != n + 3 ||
		    strncmp(q, "begin\r\nverbose\r\n", 16) != 0)
			abort();
		free(q);
	}
	free(copy);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dp_err err = DP_ERR_INIT;
	struct cymru_row *rows;
	uint32_t *peers;
	size_t n, i;

	if (cymru_parse((const char *)data, size, &rows, &n, &err) == 0) {
		check_rows(rows, n);
		cymru_rows_free(rows, n);
	}
	if (cymru_parse_peers((const char *)data, size, &peers, &n,
	    &err) == 0) {
		for (i = 0; i < n; i++)
			if (peers[i] == 0 ||
			    (i > 0 && peers[i] <= peers[i - 1]))
				abort();
		free(peers);
	}
	check_query(data, size);
	return 0;
}
