/*
 * draft-driver.c - bench/draft.sh's stand-in for "depeer complaint draft"
 * until that command exists: opens the case as a command does, builds
 * the draft data for one provider (draft_data_build(), offline) inside a
 * read transaction, and prints what it built, so that the benchmark
 * times the same work.
 *
 *   draft-driver DB PROVIDER (ASN | -) TO MAX_CSV
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "config.h"
#include "db.h"
#include "draft_data.h"

int
main(int argc, char **argv)
{
	struct dp_err err = DP_ERR_INIT;
	struct config *cfg = NULL;
	struct draft_req req;
	struct draft_data d;
	struct db *db = NULL;
	uint32_t asn;
	char *json;
	int rc;

	if (argc != 6) {
		fprintf(stderr, "usage: draft-driver DB PROVIDER (ASN | -) "
		    "TO MAX_CSV\n");
		return 64;
	}
	if (config_load(NULL, &cfg, &err) != 0 ||
	    db_open(argv[1], 0, &db, NULL, &err) != 0 ||
	    db_begin_read(db, &err) != 0) {
		fprintf(stderr, "draft-driver: %s\n", err.msg);
		return err.code;
	}
	memset(&req, 0, sizeof(req));
	req.provider = argv[2];
	if (strcmp(argv[3], "-") != 0) {
		asn = (uint32_t)strtoul(argv[3], NULL, 10);
		req.asns = &asn;
		req.nasns = 1;
	}
	req.to = strcmp(argv[4], "-") != 0 ? argv[4] : NULL;
	req.now = clock_now();
	req.max_csv = strtoll(argv[5], NULL, 10);
	if ((rc = draft_data_build(db, cfg, &req, &d, &err)) != 0) {
		fprintf(stderr, "draft-driver: %s\n", err.msg);
		return rc;
	}
	json = json_dumps(d.data, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	printf("rows %lld, csv %zu bytes (%lld rows, %lld omitted), "
	    "data %zu bytes, %zu records, to %s\n", (long long)d.nevidence,
	    d.csv.len, (long long)d.csv_rows, (long long)d.csv_omitted,
	    strlen(json), d.nrecords, d.to);
	if (getenv("DRAFT_DRIVER_JSON") != NULL)
		fputs(json, stderr);
	free(json);
	draft_data_release(&d);
	db_rollback(db);
	db_close(db);
	config_free(cfg);
	return 0;
}
