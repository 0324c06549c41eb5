/*
 * verify_complaint.h - verify's check of the complaints: each complaint
 * row is the state its last audit entry (complaint.draft, complaint.edit,
 * complaint.rm) recorded, column by column (complaint_claim()); each
 * stored message version still hashes to the SHA-256 stored with it and
 * claimed by the entry that recorded that version; no complaint or
 * message is there that no entry recorded, none an entry recorded is
 * missing, and a removed draft left nothing behind.  A records-layer
 * check, listed in verify's table of actions.
 */
#ifndef DEPEER_VERIFY_COMPLAINT_H
#define DEPEER_VERIFY_COMPLAINT_H

#include <stddef.h>

#include <jansson.h>

#include "util.h"

struct audit_entry;
struct db;
struct vcompl;

struct vcompl *vcompl_new(void);
void	vcompl_free(struct vcompl *v);
/*
 * Note entry e of a complaint action, o its payload.  Returns 0 with why
 * "" when it is well-formed and follows the complaint's earlier entries
 * (a draft of a new id, an edit of the next version, the removal of a
 * draft), else 0 with why (len bytes) saying what is wrong.
 */
int	vcompl_note(struct vcompl *v, const struct audit_entry *e, json_t *o,
	    char *why, size_t len);
/*
 * Once the chain is intact: compare the complaints and their messages
 * with what was noted.  Returns 0 with why "" or the first difference,
 * or an error code with err filled when the check itself failed.
 */
int	vcompl_walk(struct vcompl *v, struct db *db, char *why, size_t len,
	    struct dp_err *err);

/* The complaints (not removed) and mails noted: for verify's summary. */
void	vcompl_counts(const struct vcompl *v, int64_t *complaints,
	    int64_t *mails);

#endif
