/*
 * db_event.h - SQL for the provider events (schema 15).
 */
#ifndef DEPEER_DB_EVENT_H
#define DEPEER_DB_EVENT_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "util.h"

struct db;

/* Insert e (id set here). */
int	db_pevent_add(struct db *db, struct pevent *e, struct dp_err *err);
/* Event id (DP_EX_NOINPUT when none); e released by the caller. */
int	db_pevent_get(struct db *db, int64_t id, struct pevent *e,
	    struct dp_err *err);
/*
 * The events of provider_id by time then id (provider_id 0: every
 * event, by id): *v an array of *n for pevent_free().
 */
int	db_pevent_list(struct db *db, int64_t provider_id, struct pevent **v,
	    size_t *n, struct dp_err *err);
/* 0 when source id is stored, DP_EX_NOINPUT when not. */
int	db_source_exists(struct db *db, int64_t id, struct dp_err *err);

#endif
