/*
 * db_media.h - SQL for the media contacts (schema 16).
 */
#ifndef DEPEER_DB_MEDIA_H
#define DEPEER_DB_MEDIA_H

#include <stddef.h>
#include <stdint.h>

#include "media.h"
#include "util.h"

struct db;

/* Insert m (id set here); DP_EX_DATAERR when a live contact of the same
   address and case exists. */
int	db_media_add(struct db *db, struct media_contact *m,
	    struct dp_err *err);
/* Contact id, removed or not (DP_EX_NOINPUT when none). */
int	db_media_get(struct db *db, int64_t id, struct media_contact *m,
	    struct dp_err *err);
/*
 * The contacts by id: provider_id 0 every one, else those of that
 * provider and those of every case; removed ones only with all.  *v an
 * array of *n for media_free().
 */
int	db_media_list(struct db *db, int64_t provider_id, int all,
	    struct media_contact **v, size_t *n, struct dp_err *err);
/*
 * The outlet of the contact of address addr for provider_id's case (or
 * every case), the latest added, removed or not: *outlet a new string,
 * or NULL when there is none.
 */
int	db_media_outlet(struct db *db, int64_t provider_id, const char *addr,
	    char **outlet, struct dp_err *err);
/* Mark contact id removed at removed_at by entry seq. */
int	db_media_remove(struct db *db, int64_t id, int64_t removed_at,
	    int64_t seq, struct dp_err *err);

#endif
