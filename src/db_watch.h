/*
 * db_watch.h - SQL for "depeer watch": the runs it recorded, read back.
 * A watch run that records anything stores its registry answers with
 * one "lookup" audit entry whose subject names the provider
 * (WATCH_SUBJECT_FMT in watch.h); the last state watched is read from
 * those answers, so watch keeps no table of its own.
 */
#ifndef DEPEER_DB_WATCH_H
#define DEPEER_DB_WATCH_H

#include <stdint.h>

#include "util.h"

struct db;

/*
 * The newest "lookup" entry with this subject and a seq below before
 * (0: any): 0 with *seq and *payload (a new string, the entry's JSON
 * payload), DP_EX_NOINPUT when there is none.
 */
int	db_watch_last_run(struct db *db, const char *subject, int64_t before,
	    int64_t *seq, char **payload, struct dp_err *err);

#endif
