/*
 * fuzz_bulk.c - libFuzzer target for the bulk list reader (bulk.c,
 * "lookup --bulk"): the input is written to a file and read as a list of
 * addresses, prefixes and AS numbers, one a line.  An accepted list must
 *
 *   - hold at least one item and no two with the same canonical value;
 *   - give each item a line number within the file, in increasing order
 *     (each kept where it was first given);
 *   - have canonical values that are printable ASCII and read again as
 *     themselves (bulk_add() of the value gives the same value), and
 *     keep the text as given (shown in the results) valid UTF-8 without
 *     control characters other than the tab "AS\t26780" may hold;
 *
 * and a refused one must name a line of the file ("FILE:LINE: ...") or
 * the file alone.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bulk.h"
#include "exitcodes.h"
#include "fuzz.h"

int	LLVMFuzzerInitialize(int *argc, char ***argv);
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[300];

static void
cleanup(void)
{
	unlink(path);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *t = getenv("TMPDIR");
	int fd;

	(void)argc;
	(void)argv;
	snprintf(path, sizeof(path), "%s/depeer-fuzz-bulk.XXXXXX",
	    t != NULL && *t == '/' ? t : "/tmp");
	if ((fd = mkstemp(path)) < 0)
		abort();
	close(fd);
	atexit(cleanup);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dp_err err = DP_ERR_INIT;
	struct bulk b, again;
	size_t i, j, lines, plen = strlen(path);
	unsigned long at;
	char *end;
	FILE *fp;
	int rc;

	if ((fp = fopen(path, "wb")) == NULL)
		abort();
	if (fwrite(data, 1, size, fp) != size || fclose(fp) != 0)
		abort();
	for (i = 0, lines = 0; i < size; i++)
		lines += data[i] == '\n';
	if (size > 0 && data[size - 1] != '\n')
		lines++;
	bulk_init(&b);
	rc = bulk_read(&b, path, &err);
	if (rc != 0) {
		if (rc != DP_EX_DATAERR)
			abort();
		/* "PATH:LINE: ..." with the line in the file, or "PATH: ...". */
		if (strncmp(err.msg, path, plen) != 0)
			abort();
		if (err.msg[plen] == ':' && err.msg[plen + 1] != ' ') {
			at = strtoul(err.msg + plen + 1, &end, 10);
			if (*end != ':' || at < 1 || at > lines)
				abort();
		}
		bulk_release(&b);
		return 0;
	}
	if (b.n == 0)
		abort();
	for (i = 0; i < b.n; i++) {
		const struct bulk_item *it = &b.items[i];

		if (it->line < 1 || it->line > lines ||
		    (i > 0 && it->line <= b.items[i - 1].line))
			abort();
		fuzz_check_ascii(it->value);
		/* As given: "AS\t26780" is an AS number (asn.h's
		   ASN_GAP), so a tab may stay; no other control. */
		if (!fuzz_text_ok(it->input, strlen(it->input), "\t"))
			abort();
		for (j = 0; j < i; j++)
			if (strcmp(b.items[j].value, it->value) == 0)
				abort();
		bulk_init(&again);
		if (bulk_add(&again, it->value, 1, NULL) != 0 ||
		    strcmp(again.items[0].value, it->value) != 0)
			abort();
		bulk_release(&again);
	}
	bulk_release(&b);
	return 0;
}
