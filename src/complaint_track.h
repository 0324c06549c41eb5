/*
 * complaint_track.h - what happens to a complaint after it is drafted:
 * its changes of state with what caused them (a send attempt and the
 * server's reply, a reply read from the inbox, the researcher's word),
 * the mail that came back, and the links between a complaint and the
 * follow-ups and escalations drafted from it.  A service: each change and
 * its audit entry are written in one transaction (nested in the caller's
 * when one is open).
 */
#ifndef DEPEER_COMPLAINT_TRACK_H
#define DEPEER_COMPLAINT_TRACK_H

#include <stddef.h>
#include <stdint.h>

#include "complaint.h"
#include "track.h"
#include "util.h"

struct db;

/* A change of state and what caused it (complaint_store_change()). */
struct complaint_change {
	const char	*state;		/* the state after */
	enum complaint_by by;		/* who makes it */
	const char	*note;		/* one line, or NULL */
	int64_t		 attempt;	/* send: the attempt's number (1, 2,
					   ...), 0 for none */
	const char	*reply;		/* send: the server's final reply
					   ("250 2.0.0 Ok: queued as X"), or
					   what went wrong; else NULL */
	const char	*via;		/* send: "smtp://host:port",
					   "smtps://host:port" or "sendmail";
					   else NULL */
	int64_t		 mail_id;	/* the stored mail that caused it, 0
					   for none */
	const char	*ticket;	/* a ticket number learned, or NULL */
	const char	*dsn_status;	/* a bounce's status code ("5.1.1"),
					   or NULL */
	int64_t		 at;		/* 0: now */
};

/*
 * Move complaint id to ch->state (complaint_transition_ok() with ch->by),
 * with a complaint_events row and an AUDIT_COMPLAINT_STATUS entry that
 * records it.  A stale complaint (complaint_stale()) may not become
 * queued, sending or sent; "sent" by hand needs a note.  A refused
 * change: DP_EX_DATAERR, nothing stored.  out receives the complaint
 * after (the caller releases it); *event_id (may be NULL) the event's id.
 */
int	complaint_store_change(struct db *db, int64_t id,
	    const struct complaint_change *ch, struct complaint *out,
	    int64_t *event_id, struct dp_err *err);

/*
 * Move complaint id to state by hand (complaint_store_change() by
 * COMPLAINT_BY_HAND with note; NULL: none).
 */
int	complaint_store_status(struct db *db, int64_t id, const char *state,
	    const char *note, struct complaint *out, struct dp_err *err);

/*
 * The changes of complaint id (0: of every complaint) in time order (at,
 * then id): *v an array of *n, freed by complaint_ev_free().
 */
int	complaint_ev_list(struct db *db, int64_t id, struct complaint_ev **v,
	    size_t *n, struct dp_err *err);
/*
 * What the events of complaint id say about its sending: the number of
 * attempts made (*attempts), the last one's reply (*last_reply, NULL for
 * none; the caller frees), when it was sent (*sent_at, 0: not sent) and
 * the last ticket number learned (*ticket, NULL for none; the caller
 * frees).  Any pointer may be NULL.
 */
int	complaint_ev_summary(struct db *db, int64_t id, int64_t *attempts,
	    char **last_reply, int64_t *sent_at, char **ticket,
	    struct dp_err *err);

/* ---- the mail that comes back ---- */

/*
 * Store msg[0..len) as a mail with what m says of it (id, sha256, size,
 * imported_at when 0 and audit_seq are set here), with an AUDIT_MAIL_ADD
 * entry.  A mail stored already (the same Message-ID, or for one without,
 * the same SHA-256): *dup is set to its id and nothing is stored.
 */
int	mail_store_add(struct db *db, struct mailrec *m, const void *msg,
	    size_t len, int64_t *dup, struct dp_err *err);
/*
 * Match stored mail id, not matched yet, to complaint complaint_id
 * (matched_by as in struct mailrec), with an AUDIT_MAIL_MATCH entry:
 * for a mail imported before the complaint it answers could be found.
 */
int	mail_store_match(struct db *db, int64_t id, int64_t complaint_id,
	    const char *matched_by, struct dp_err *err);
/* Mail id into *m, and (bytes non-NULL) its bytes, checked against the
   SHA-256 (DP_EX_DATAERR when they differ); the caller frees *bytes. */
int	mail_store_get(struct db *db, int64_t id, struct mailrec *m,
	    void **bytes, size_t *len, struct dp_err *err);
/*
 * The mails of complaint complaint_id (0: every mail; -1: those not
 * matched) in the order of their Date (imported_at when none), then id.
 */
int	mail_store_list(struct db *db, int64_t complaint_id,
	    struct mailrec **v, size_t *n, struct dp_err *err);

/*
 * The complaint whose Message-ID is mid (without <>): *id, 0 for none.
 * Every Message-ID a complaint's messages ever had is its current one
 * (an edit keeps it).
 */
int	complaint_find_message_id(struct db *db, const char *mid, int64_t *id,
	    struct dp_err *err);
/*
 * The complaint a ticket number was learned for (by an event or a
 * matched mail; the latest when several): *id, 0 for none.
 */
int	complaint_find_ticket(struct db *db, const char *ticket, int64_t *id,
	    struct dp_err *err);

/* ---- threads: follow-ups and escalations ---- */

/*
 * Record that complaint child was drafted as kind ("follow-up",
 * "escalation" or "next-contact": to the next contact after a bounce)
 * of complaint parent, with an AUDIT_COMPLAINT_LINK entry.  Call it in
 * the transaction that drafts child.
 */
int	complaint_store_link(struct db *db, int64_t child, int64_t parent,
	    const char *kind, struct dp_err *err);
/*
 * The links that touch complaint id (as child or parent; 0: every link),
 * in child order: *v an array of *n, freed by complaint_link_free().
 */
int	complaint_link_list(struct db *db, int64_t id,
	    struct complaint_link **v, size_t *n, struct dp_err *err);

/* ---- the conversation of a thread ---- */

/* A thread: a first complaint and everything drafted from it. */
struct complaint_thread {
	int64_t			 root;		/* the first complaint */
	struct complaint	*c;		/* its complaints, by id */
	size_t			 nc;
	struct complaint_link	*links;		/* between them, by child */
	size_t			 nlinks;
	struct complaint_ev	*ev;		/* their changes, by time */
	size_t			 nev;
	struct mailrec		*mails;		/* matched to them, by date */
	size_t			 nmails;
};
/*
 * The thread complaint id belongs to (up its links to the first, then
 * every complaint drafted from those), read in one snapshot.
 */
int	complaint_thread(struct db *db, int64_t id, struct complaint_thread *t,
	    struct dp_err *err);
void	complaint_thread_release(struct complaint_thread *t);

#endif
