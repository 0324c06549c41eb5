/*
 * complaint_send.h - sending complaints exactly once.  A service: for
 * each complaint the state "sending" (with the attempt's number and the
 * way it goes) is committed before the message leaves, "sent" (with the
 * server's final reply) after a 2xx reply to the end of the data, and
 * "queued" (with the reply or what went wrong) otherwise; each change is
 * a complaint_store_change() by COMPLAINT_BY_SEND with its audit entry.
 *
 * A complaint found in "sending" was being sent when depeer stopped: it
 * may or may not have been delivered, and is sent again only when the
 * caller says so (resend), with the same bytes and Message-ID.  One
 * already sent is never sent again.
 */
#ifndef DEPEER_COMPLAINT_SEND_H
#define DEPEER_COMPLAINT_SEND_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "hash.h"
#include "util.h"

struct config;
struct db;

/* The default of smtp_pace: seconds between two messages to a server. */
#define SEND_PACE_DEFAULT	10

/* What was asked. */
struct send_req {
	const int64_t	*ids;		/* the complaints, in order */
	size_t		 nids;
	int		 queued;	/* every queued complaint instead */
	int		 resend;	/* send those found in "sending" */
	int		 dry_run;	/* say what would go where; nothing
					   sent, nothing changed */
	volatile sig_atomic_t *stop;	/* non-zero (a signal handler sets
					   it): send no more; the message
					   being sent is finished and
					   recorded first.  May be NULL. */
};

/* What became of one complaint. */
enum send_outcome {
	SEND_SENT,		/* delivered: now "sent" */
	SEND_QUEUED,		/* not delivered: back to "queued" */
	SEND_REFUSED,		/* not tried: its state forbids it (err) */
	SEND_WOULD,		/* dry run: what would be sent */
	SEND_NOT_TRIED,		/* the server failed for an earlier one
				   (connect, TLS, AUTH), or the run was
				   stopped: left as it was (err says
				   which) */
	SEND_UNRECORDED		/* delivered, but "sent" could not be
				   stored: it stays "sending" (err) */
};

struct send_one {
	int64_t		 id;
	enum send_outcome outcome;
	char		*state;		/* the state after */
	int64_t		 attempt;	/* the attempt made (0: none) */
	char		*via;		/* where it went or would go */
	char		*reply;		/* the server's reply, or why not */
	char		*from;		/* the envelope */
	char		**rcpt;
	size_t		 nrcpt;
	char		*message_id;
	char		*subject;
	int64_t		 size;
	char		 sha256[SHA256_HEXLEN];
	int		 escalated;	/* an escalation: its parent moved to
					   escalated (parent_id) */
	int64_t		 parent_id;
	int		 rc;		/* REFUSED, UNRECORDED: the DP_EX_*
					   code; else 0 */
	struct dp_err	 err;		/* REFUSED, UNRECORDED, NOT_TRIED:
					   why ("" otherwise) */
};

/*
 * Send what req asks, one after the other, at most one message every
 * smtp_pace seconds to the same server.  After each complaint, done
 * (may be NULL) is called with what became of it.  *out receives *n of
 * them (send_free()).  Returns 0 when the run was made, whatever each
 * outcome (the caller chooses the exit status from them), or a DP_EX_*
 * code with err filled when nothing was tried: no way to send
 * configured (DP_EX_CONFIG), no such complaint (DP_EX_NOINPUT).
 */
int	complaint_send(struct db *db, const struct config *cfg,
	    const struct send_req *req,
	    void (*done)(const struct send_one *, void *), void *arg,
	    struct send_one **out, size_t *n, struct dp_err *err);
void	send_free(struct send_one *v, size_t n);

#endif
