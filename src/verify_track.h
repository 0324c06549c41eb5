/*
 * verify_track.h - verify's check of the mails read back: each mails row
 * is what its mail.add entry recorded (and a later mail.match), column
 * by column (mailrec_claim()); its bytes still hash to the SHA-256 it
 * claims; no mail is there that no entry recorded, none recorded is
 * missing.  Called by verify_complaint.c, which handles the complaint
 * actions.
 */
#ifndef DEPEER_VERIFY_TRACK_H
#define DEPEER_VERIFY_TRACK_H

#include <stddef.h>

#include <jansson.h>

#include "util.h"

struct audit_entry;
struct db;
struct vtrack;

struct vtrack *vtrack_new(void);
void	vtrack_free(struct vtrack *v);
/* Note a mail.add or mail.match entry (as vcompl_note()). */
int	vtrack_note(struct vtrack *v, const struct audit_entry *e, json_t *o,
	    char *why, size_t len);
/* Compare the mails with what was noted (as vcompl_walk()). */
int	vtrack_walk(struct vtrack *v, struct db *db, char *why, size_t len,
	    struct dp_err *err);

/* The mails noted. */
int64_t	vtrack_count(const struct vtrack *v);

#endif
