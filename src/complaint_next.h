/*
 * complaint_next.h - the next message after a complaint: a follow-up in
 * the same thread, an escalation to the next network up, a new complaint
 * to the next-ranked contact after a bounce.  Each is drafted through
 * complaint_draft() and linked to the complaint it comes from
 * (complaint_store_link()) in the same transaction: on any error nothing
 * is stored.  A service; what it reads is the case alone (contacts and
 * upstream links as stored, offline).
 *
 * A thread is a complaint and the follow-ups drafted from it (links of
 * kind "follow-up", followed both ways); its messages are those of them
 * that were sent, in the order they were sent.
 */
#ifndef DEPEER_COMPLAINT_NEXT_H
#define DEPEER_COMPLAINT_NEXT_H

#include <stddef.h>
#include <stdint.h>

#include "complaint.h"
#include "complaint_draft.h"
#include "util.h"

struct config;
struct db;

/* What the three commands ask for. */
struct complaint_next_req {
	int64_t		 id;		/* the complaint it follows */
	const char	*tmpl;		/* --template NAME|PATH, or NULL */
	uint32_t	 upstream_of;	/* escalate --to-upstream-of, or 0 */
	const char	*to;		/* escalate --to ADDR, or NULL */
};

/* What was drafted, and what the researcher should know about it. */
struct complaint_next_out {
	struct complaint_drafted *v;	/* the complaints drafted */
	size_t		 n;
	const char	*kind;		/* "follow-up", "escalation",
					   "next-contact" */
	int64_t		 parent;	/* req->id */
	char		**notes;	/* one line each: a hop without a
					   contact skipped, the contacts
					   already tried */
	size_t		 nnotes;
	int64_t		 attached;	/* escalation: earlier messages
					   attached */
	int64_t		 new_rows;	/* follow-up: evidence rows new
					   since the last message */
	int64_t		 live;		/* follow-up: indicators observed
					   after it */
};
void	complaint_next_out_release(struct complaint_next_out *o);

/*
 * Draft a follow-up of complaint req->id (template req->tmpl, default
 * "follow-up"): to the same recipients, In-Reply-To the last message of
 * its thread and References every message of it, the subject "Re: " and
 * the thread's first subject (which carries the case tag), and the data
 * member "new_since_last" (man/depeer-templates.5): the evidence recorded
 * since the last message and the indicators observed after it.
 * Refused (DP_EX_DATAERR): a complaint never sent, bounced (see
 * complaint_next_contact()), resolved or rejected.
 */
int	complaint_follow_up(struct db *db, const struct config *cfg,
	    const struct complaint_next_req *req,
	    struct complaint_next_out *out, struct dp_err *err);

/*
 * Draft the escalation of complaint req->id (template req->tmpl, default
 * "escalation") to req->to, or to each current upstream of
 * req->upstream_of, or by default of the complaint's own upstream AS
 * (for a complaint to no single AS, of each of the provider's ASes);
 * an upstream without a stored abuse contact is replaced by its own
 * upstreams (one more level; said in out->notes).  The data's notices
 * carry each earlier notice's reply or silence; every message of the
 * complaint's thread is attached as message/rfc822, byte for byte.
 * Errors: the complaint was never sent or is closed (DP_EX_DATAERR), no
 * AS to go on, the provider having none (DP_EX_USAGE), no upstream link
 * or contact stored
 * (DP_EX_NOINPUT, naming the command that finds them).
 */
int	complaint_escalate(struct db *db, const struct config *cfg,
	    const struct complaint_next_req *req,
	    struct complaint_next_out *out, struct dp_err *err);

/*
 * After a bounce: draft complaint req->id again (its template unless
 * req->tmpl) to the next-ranked contact of its upstream AS
 * (complaint_next_contact_find()).  Errors: not bounced (DP_EX_DATAERR),
 * drafted without an upstream AS (DP_EX_DATAERR), no other contact
 * stored (DP_EX_NOINPUT).
 */
int	complaint_next_contact(struct db *db, const struct config *cfg,
	    const struct complaint_next_req *req,
	    struct complaint_next_out *out, struct dp_err *err);

/*
 * The next contact to try for complaint c: the stored contacts of
 * c->upstream_asn ranked as "depeer contacts" ranks them (RFC 2142
 * guesses left out), the first not yet written to by any sent complaint
 * about that AS.  *addr (the caller frees) is NULL when there is none
 * (or c has no upstream AS); *tried (may be NULL) counts the addresses
 * passed over.
 */
int	complaint_next_contact_find(struct db *db, const struct config *cfg,
	    const struct complaint *c, char **addr, size_t *tried,
	    struct dp_err *err);

/*
 * The thread of complaint id: *root its first complaint, *ids (the
 * caller frees) every complaint of it in id order (*n of them).
 */
int	complaint_thread_ids(struct db *db, int64_t id, int64_t *root,
	    int64_t **ids, size_t *n, struct dp_err *err);

#endif
