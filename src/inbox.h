/*
 * inbox.h - the mail that comes back, recorded: each message stored
 * whole (mail_store_add(), its SHA-256 and a mail.add audit entry),
 * matched to the complaint it answers, and the complaint moved by what
 * it is.  A service over inbox_parse.h (reading), mailbox.h (the
 * messages of a mailbox) and complaint_track.h (the store).
 *
 * Matching, the first rule that finds a complaint:
 *   in-reply-to       In-Reply-To is a complaint's Message-ID
 *   references        one of References is (the last first)
 *   returned-headers  a bounce, delay or delivery report returns a
 *                     complaint's message (its Message-ID)
 *   case-tag          the Subject carries "[<case_tag> #N]" and complaint
 *                     N exists
 *   ticket            the ticket number was learned for a complaint from
 *                     an earlier mail from the same domain (or a later
 *                     mail of the same import: see below)
 * A mail none of these match is stored unmatched and listed; every
 * import tries the unmatched mails again (a ticket learned now matches
 * an agent's answer imported earlier).
 *
 * What a matched mail does to its complaint (complaint_store_change(),
 * by COMPLAINT_BY_INBOX, with the mail, ticket and status):
 *   auto-reply  -> acknowledged (the ticket number kept)
 *   reply       -> answered
 *   bounce      -> bounced with the status (5.1.1), unless the failed
 *                  recipient is none of the complaint's To addresses
 *                  (a Cc that bounced leaves it as it is)
 *   delay, delivered: recorded, no change
 * A change the transition table refuses (a late auto-reply after the
 * answer, a reply to a complaint already resolved) leaves the state as
 * it is; the outcome says why.
 *
 * An import is one transaction: every message of the mailbox is read
 * and classified before anything is written, and a message that cannot
 * be read refuses the whole import; interrupted, it leaves nothing, and
 * run again it converges (a mail stored already, by Message-ID or, for
 * one without, by SHA-256, is counted as a duplicate and not recorded
 * again).
 */
#ifndef DEPEER_INBOX_H
#define DEPEER_INBOX_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct db;
struct mbox_list;

/* What became of one message (or of an earlier unmatched mail). */
struct inbox_outcome {
	char		*where;		/* "message 3 (line 120)", "new/x",
					   "mail 12" for an earlier one */
	int64_t		 mail_id;
	int		 duplicate;	/* stored before: nothing recorded */
	int		 earlier;	/* an earlier mail matched now */
	char		*from_addr, *subject;	/* or NULL */
	int		 has_date;
	int64_t		 date;
	const char	*mclass;	/* MAIL_CLASSES' word (static) */
	char		*why;		/* what decided the class */
	char		*ticket, *dsn_status, *dsn_recipient;	/* or NULL */
	int64_t		 complaint_id;	/* 0: not matched */
	const char	*matched_by;	/* as in struct mailrec (static) */
	char		*from_state;	/* the complaint's state before */
	char		*to_state;	/* after, when it changed; else NULL */
	char		*unchanged;	/* why it did not change, or NULL */
};

struct inbox_result {
	const char	*kind;		/* "mbox", "message", "Maildir" */
	size_t		 read;		/* messages read */
	size_t		 stored;	/* stored now */
	size_t		 duplicates;	/* stored before */
	size_t		 matched;	/* matched now (earlier mails too) */
	size_t		 changed;	/* complaints moved */
	size_t		 unmatched;	/* stored now or before, not matched */
	struct inbox_outcome *v;	/* one per message read, then one per
					   earlier mail matched now */
	size_t		 n;
};
void	inbox_result_release(struct inbox_result *r);

/*
 * Import the messages of l as described above.  case_tag is the prefix
 * of the case tag (config case_tag).  Errors: DP_EX_DATAERR naming the
 * message that cannot be read (nothing is written); a database error.
 */
int	inbox_import(struct db *db, const struct mbox_list *l,
	    const char *case_tag, struct inbox_result *r,
	    struct dp_err *err);

/*
 * Record msg[0..len) by hand as a reply to complaint id (origin "hand",
 * matched_by "hand"), classified and acted on as an import would.  A
 * mail stored already is matched to id when it was not matched yet, and
 * refused (DP_EX_DATAERR) when it answers another complaint.  DP_EX_NOINPUT
 * when complaint id does not exist.  r->v[0] says what happened.
 */
int	inbox_reply(struct db *db, int64_t id, const void *msg, size_t len,
	    const char *case_tag, struct inbox_result *r, struct dp_err *err);

#endif
