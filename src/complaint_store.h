/*
 * complaint_store.h - the complaints of a case: storing a draft, a new
 * version of its message, removing a draft, reading them back, exporting
 * a message, and the check that a draft cites no evidence retracted
 * since.  A service: each change and its audit entry are written in one
 * transaction (nested in the caller's when one is open).
 */
#ifndef DEPEER_COMPLAINT_STORE_H
#define DEPEER_COMPLAINT_STORE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "util.h"

struct complaint;
struct db;

/*
 * Store c as a new draft whose message is msg[0..len): c->id is the id
 * the caller took with db_complaint_next_id() in its open transaction
 * (the message's case tag names it), or 0 to take one now; provider_id,
 * tmpl, from_addr, to (at least one), cc, subject, message_id, due date,
 * the evidence selection and the sources are the caller's.  Sets state
 * "draft", version 1, created_at and updated_at (when 0: now), sha256,
 * size and audit_seq, and records AUDIT_COMPLAINT_DRAFT.  Returns 0 or a
 * DP_EX_* code with err filled (a Message-ID in use: DP_EX_DATAERR); on
 * an error nothing is stored.
 */
int	complaint_store_draft(struct db *db, struct complaint *c,
	    const void *msg, size_t len, struct dp_err *err);

/* What the headers of an edited message say (read by mail_check()). */
struct complaint_hdrs {
	const char	*from_addr;
	char *const	*to;
	size_t		 nto;
	char *const	*cc;
	size_t		 ncc;
	const char	*subject;	/* decoded */
	const char	*message_id;	/* without <> */
};

/*
 * Store msg[0..len), whose headers h says, as the next version of
 * complaint id's message, with an AUDIT_COMPLAINT_EDIT entry; the
 * complaint's from, to, cc and subject become the headers'.  Only a
 * draft or queued complaint can be edited, and its Message-ID must stay
 * (DP_EX_DATAERR otherwise).  The same bytes as the current version:
 * *changed is 0 and nothing is stored; else 1.  out receives the
 * complaint as it is after (the caller releases it).
 */
int	complaint_store_version(struct db *db, int64_t id, const void *msg,
	    size_t len, const struct complaint_hdrs *h, int *changed,
	    struct complaint *out, struct dp_err *err);

/*
 * Remove draft id and its messages, with an AUDIT_COMPLAINT_RM entry that
 * keeps what it was (the message's hash among it).  Anything but a draft
 * is refused (DP_EX_DATAERR); out receives what was removed.
 */
int	complaint_store_rm(struct db *db, int64_t id, struct complaint *out,
	    struct dp_err *err);

/* One change of a complaint as its audit entries record it. */
struct complaint_event {
	int64_t		 seq;		/* the audit entry */
	int64_t		 at;
	char		*kind;		/* "draft", "edit", "status" or
					   "link" */
	char		*from_state;	/* status: the state before */
	char		*to_state;	/* the state after (link: NULL) */
	char		*note;		/* status: the note, or NULL */
	int64_t		 version;	/* the message's version after */
	/* status (since schema 13): who made it ("hand", "send",
	   "inbox"), the send attempt, the server's reply, where it went,
	   the mail that caused it, a ticket, a bounce's status code. */
	char		*by, *reply, *via, *ticket, *dsn_status;
	int64_t		 attempt, mail_id;
	/* link: the complaint it was drafted from, and as what. */
	int64_t		 link_parent;
	char		*link_kind;
};
/*
 * The changes of complaint id in time order, read from the audit log:
 * *out an array of *n, freed by complaint_events_free().
 */
int	complaint_events(struct db *db, int64_t id,
	    struct complaint_event **out, size_t *n, struct dp_err *err);
void	complaint_events_free(struct complaint_event *v, size_t n);

/* Complaint id into *out (DP_EX_NOINPUT when there is none). */
int	complaint_get(struct db *db, int64_t id, struct complaint *out,
	    struct dp_err *err);
/*
 * Parse a complaint id as typed ("12", "#12" too, as the case tag shows
 * it); DP_EX_USAGE when it is not one.
 */
int	complaint_parse_id(const char *s, int64_t *id, struct dp_err *err);

/*
 * The complaints of provider (a name or id; NULL for all) in state
 * (NULL: any), in id order: *out an array of *n (each released, then the
 * array freed, by complaint_list_free()).
 */
int	complaint_list(struct db *db, const char *provider, const char *state,
	    struct complaint **out, size_t *n, struct dp_err *err);
void	complaint_list_free(struct complaint *v, size_t n);

/*
 * The bytes of complaint id's current message (a copy with a NUL added;
 * the caller frees *bytes), checked against the SHA-256 stored with them
 * (DP_EX_DATAERR when they differ).
 */
int	complaint_message(struct db *db, int64_t id, void **bytes, size_t *len,
	    struct dp_err *err);

/*
 * Whether complaint id is stale: *ids (the caller frees) receives the
 * evidence rows its message cites that were retracted after it was
 * drafted, in id order, *n their number (0: not stale).  A draft with
 * any must be drafted again before it is sent.
 */
int	complaint_stale(struct db *db, int64_t id, int64_t **ids, size_t *n,
	    struct dp_err *err);

/*
 * Complaint id and whether it is stale (complaint_stale()), read in one
 * snapshot: *out (released by the caller), *ids (freed by the caller).
 */
int	complaint_show(struct db *db, int64_t id, struct complaint *out,
	    int64_t **ids, size_t *n, struct dp_err *err);

/* How complaint_export() writes the message. */
enum complaint_fmt {
	COMPLAINT_EML,	/* the stored bytes, exactly */
	COMPLAINT_MBOX	/* one mboxrd message: a "From " line with the
			   sender and the draft's time, LF line ends,
			   ">From " quoting, an empty line after */
};
/*
 * Write complaint id's current message to path (outfile.h: whole or not
 * at all; an existing file only with force).  out (may be NULL)
 * receives the complaint.
 */
int	complaint_export(struct db *db, int64_t id, enum complaint_fmt fmt,
	    const char *path, int force, struct complaint *out,
	    struct dp_err *err);

/* The mboxrd form of msg[0..len) (complaint_export()), appended to fp. */
int	complaint_write_mbox(FILE *fp, const char *sender, int64_t at,
	    const void *msg, size_t len);

#endif
