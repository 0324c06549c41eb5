/*
 * media_store.h - the media contacts of the cases: added and removed,
 * each with its audit entry (audit.h media.add, media.rm).  A service.
 */
#ifndef DEPEER_MEDIA_STORE_H
#define DEPEER_MEDIA_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "media.h"
#include "util.h"

struct db;

/*
 * Record m (name, addr, outlet, note set by the caller; checked and its
 * address normalised here) for provider (a name or id: DP_EX_NOINPUT when
 * none, DP_EX_DATAERR when retired) or, provider NULL, for every case;
 * with its entry, in one transaction.  DP_EX_DATAERR when a live contact
 * of the same address and case exists.  Fills id, provider_id, provider,
 * created_at and audit_seq.
 */
int	media_add(struct db *db, const char *provider,
	    struct media_contact *m, struct dp_err *err);
/*
 * The contacts, by id: provider NULL every one, else those of provider
 * (DP_EX_NOINPUT when none) and those of every case; removed ones too
 * with all.  *v an array of *n for media_free().
 */
int	media_list(struct db *db, const char *provider, int all,
	    struct media_contact **v, size_t *n, struct dp_err *err);
/* Contact id (DP_EX_NOINPUT when none). */
int	media_get(struct db *db, int64_t id, struct media_contact *m,
	    struct dp_err *err);
/*
 * Remove contact id (the row stays, marked removed, with its entry:
 * the updates sent to it still name it); note may be NULL.
 * DP_EX_NOINPUT when no such contact, DP_EX_DATAERR when already
 * removed.  *m receives the contact as removed.
 */
int	media_rm(struct db *db, int64_t id, const char *note,
	    struct media_contact *m, struct dp_err *err);

#endif
