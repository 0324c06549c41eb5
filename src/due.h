/*
 * due.h - what is due: the complaints whose answer is overdue, and the
 * next step for each (WRITING.md section 2, the rhythm).  A service; it
 * reads the case and writes nothing.
 *
 * Deadlines are counted in business days, Monday to Friday in UTC, with
 * no holidays: abuse desks answer on working days (WRITING.md: a ticket
 * within 2 business days, an update within 5).  A complaint is due its
 * template's due-days (the days between its deadline and its drafting,
 * as stored) in business days after it was sent; one acknowledged is due
 * an update DUE_UPDATE_DAYS business days after the acknowledgement,
 * when that is later.  A complaint without a deadline is never overdue.
 *
 * The next step of an overdue complaint:
 *   follow-up      no follow-up of its thread was sent yet, and its
 *                  first message went out less than DUE_ESCALATE_DAYS
 *                  days ago or the desk acknowledged it (a desk with a
 *                  ticket is asked for its update once)
 *   escalate       otherwise: DUE_MAX_FOLLOWUPS follow-ups went
 *                  unanswered, or the thread is that old and silent
 *                  (WRITING.md: an upstream silent about a week)
 *   send           a follow-up, escalation or next contact drafted from
 *                  it waits unsent (child names it)
 * and of the others:
 *   next-contact   bounced: the next-ranked contact of its AS (named),
 *                  or escalate when none is left
 *   send           queued after a failed attempt: send again
 *   resend         found in sending: it may or may not have gone out
 * A complaint whose thread went on (a follow-up, next contact or
 * escalation of it sent) is left to the newer complaint.  Answered, resolved and rejected complaints are the
 * researcher's to decide, never due.
 */
#ifndef DEPEER_DUE_H
#define DEPEER_DUE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "complaint.h"
#include "util.h"

struct config;
struct db;

/* An acknowledged complaint's update, in business days. */
#define DUE_UPDATE_DAYS		5
/* Follow-ups before escalating, and the age of a thread that escalates
   anyway (calendar days). */
#define DUE_MAX_FOLLOWUPS	1
#define DUE_ESCALATE_DAYS	7

/*
 * t plus days business days (days >= 0): each day counted is one whose
 * date in UTC is a Monday to Friday, at the time of day of t.  From a
 * Friday, 1 is the Monday after; from a Saturday or Sunday, 1 is the
 * Monday after too.
 */
int64_t	due_add_business_days(int64_t t, int64_t days);
/*
 * The whole business days from a to b (0 when b <= a): the largest n with
 * due_add_business_days(a, n) <= b.
 */
int64_t	due_business_days_between(int64_t a, int64_t b);
/* 0 for Monday ... 6 for Sunday, of t's date in UTC. */
int	due_weekday(int64_t t);

/*
 * When complaint c's answer is due by the rule above: *due (0: it has
 * no deadline), *days the template's days it counts.  For a complaint
 * not sent yet, counted from its drafting (what it would be if sent
 * now is the caller's to say).
 */
int	due_deadline(struct db *db, const struct complaint *c, int64_t *due,
	    int64_t *days, struct dp_err *err);

struct due_item {
	struct complaint c;
	const char	*step;		/* "follow-up", "escalate",
					   "next-contact", "send", "resend" */
	int64_t		 sent_at;	/* 0: not sent */
	int64_t		 due_at;	/* the answer's deadline; for queued
					   and sending: the last attempt */
	int64_t		 overdue;	/* seconds past due_at */
	int64_t		 overdue_days;	/* whole business days past it */
	int64_t		 thread;	/* its thread's first complaint */
	int64_t		 followups;	/* follow-ups of the thread sent */
	int64_t		 thread_days;	/* days since the thread began */
	int64_t		 attempts;	/* sending attempts */
	char		*last_reply;	/* the last attempt's, or NULL */
	char		*ticket;	/* or NULL */
	char		*next_contact;	/* step next-contact: the address */
	int64_t		 child;		/* step send: the unsent draft, or 0
					   for the complaint itself */
	char		*why;		/* one line: why this step */
};
void	due_items_free(struct due_item *v, size_t n);

/*
 * The complaints of provider (name or id; NULL: every provider) that are
 * due at now, most overdue first: *v of *n.  Errors: no such provider
 * (DP_EX_NOINPUT), the store's.
 */
int	due_list(struct db *db, const struct config *cfg,
	    const char *provider, int64_t now, struct due_item **v,
	    size_t *n, struct dp_err *err);

/* The documented JSON of one item (depeer-due(1)); a new reference. */
json_t	*due_item_to_json(const struct due_item *d);

#endif
