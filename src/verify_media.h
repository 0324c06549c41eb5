/*
 * verify_media.h - verify's check of the media contacts: every row of
 * media_contacts is the one its media.add entry recorded (each column,
 * its audit_seq that entry's), a removed row has the media.rm entry that
 * removed it (its removed_seq, its time) and a live one none, no row is
 * there that no entry recorded, none recorded is missing.  A
 * records-layer check, listed in verify's table of actions.
 */
#ifndef DEPEER_VERIFY_MEDIA_H
#define DEPEER_VERIFY_MEDIA_H

#include <stddef.h>

#include <jansson.h>

#include "util.h"

struct audit_entry;
struct db;
struct vmedia;

struct vmedia *vmedia_new(void);
void	vmedia_free(struct vmedia *v);	/* NULL is fine */
/*
 * Note a media.add or media.rm entry e, o its payload: why "" when it is
 * well-formed and consistent with the entries noted before, else why
 * (len bytes) says what is wrong.
 */
void	vmedia_note(struct vmedia *v, const struct audit_entry *e, json_t *o,
	    char *why, size_t len);
/*
 * Once the chain is intact: compare the rows with what was noted.  0 with
 * why "" or the first difference, or an error code with err filled when
 * the check itself failed.
 */
/* The contacts not removed (after a walk without a finding). */
int64_t	vmedia_live(const struct vmedia *v);
int	vmedia_walk(struct vmedia *v, struct db *db, char *why, size_t len,
	    struct dp_err *err);

#endif
