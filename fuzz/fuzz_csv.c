/*
 * fuzz_csv.c - libFuzzer target for the CSV reader: any bytes must end in
 * records or a clean error, never a crash, a hang or a leak.
 */
#include <stdint.h>
#include <stdio.h>

#include "csv.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dp_err err = DP_ERR_INIT;
	struct csv_record rec;
	struct csv_reader *c;
	struct rd r;
	FILE *fp;

	if (size == 0 || (fp = fmemopen((void *)data, size, "rb")) == NULL)
		return 0;
	rd_init(&r, fp);
	c = csv_new(&r, 4096);
	while (csv_read(c, &rec, &err) == 1)
		;
	csv_free(c);
	rd_release(&r);
	fclose(fp);
	return 0;
}
