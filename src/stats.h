/*
 * stats.h - how the upstreams answered: per upstream AS and abuse
 * address, across every provider of the case, the complaints sent and
 * what came of them, with the median time to the first reply and to the
 * resolution.  A service; it reads the case in one snapshot and writes
 * nothing.
 *
 * What is counted (depeer-stats(1)):
 *   sent           complaints that ever reached "sent", by "complaint
 *                  send" or by hand ("complaint status ID sent --note");
 *                  nothing else is counted.  Sent at: the first change
 *                  to sent.
 *   acknowledged, answered, bounced, resolved, rejected
 *                  those that ever reached that state (a bounce mail
 *                  matched to one counts as bounced too)
 *   no_reply       those sent with nothing back: no reply (below), never
 *                  bounced, resolved or rejected
 *   first reply    the earliest of: a mail of class auto-reply or reply
 *                  matched to it, a change to acknowledged or answered
 *                  (by hand or by the inbox); its time is counted from
 *                  the send (0 when a mail's Date is earlier: clocks
 *                  differ)
 *   first answer   the same with mails of class reply and changes to
 *                  answered only: a human's answer, not a robot's
 *   resolution     the first change to resolved, from the send
 * A group is the AS and the complaint's To addresses (joined by ", ");
 * a complaint without an AS (sent with --to) has AS 0.  Medians are over
 * the complaints that have the time (n says how many); of an even count,
 * the mean of the middle two, rounded down to the second.
 */
#ifndef DEPEER_STATS_H
#define DEPEER_STATS_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "complaint.h"
#include "track.h"
#include "util.h"

struct db;

/* A median over n values (n 0: none). */
struct stats_median {
	size_t		 n;
	int64_t		 s;		/* seconds; 0 when n is 0 */
};

struct stats_row {
	uint32_t	 asn;		/* 0: none */
	char		*address;
	char		**providers;	/* names, sorted, each once */
	size_t		 nproviders;
	int64_t		 sent, acknowledged, answered, bounced, resolved,
			 rejected, no_reply;
	struct stats_median first_reply, first_answer, resolution;
};

void	stats_rows_free(struct stats_row *v, size_t n);

/*
 * The median of v[0..n) (sorted in place here): the middle value, or of
 * an even n the mean of the middle two rounded toward minus infinity.
 */
struct stats_median stats_median(int64_t *v, size_t n);

/*
 * The rows from complaints c[0..nc) (in id order, provider_name set),
 * every event ev[0..nev) and every mail m[0..nm) (any order; those of
 * other complaints are skipped): *out of *n, most complaints sent first,
 * then by AS (none last), then address.  Pure: no database.
 */
void	stats_build(const struct complaint *c, size_t nc,
	    const struct complaint_ev *ev, size_t nev,
	    const struct mailrec *m, size_t nm, struct stats_row **out,
	    size_t *n);

/*
 * The rows of the case (provider: a name or id, NULL for every
 * provider), read in one snapshot.  Errors: no such provider
 * (DP_EX_NOINPUT), the store's.
 */
int	stats_upstreams(struct db *db, const char *provider,
	    struct stats_row **out, size_t *n, struct dp_err *err);

/* The documented JSON of one row (depeer-stats(1)); a new reference. */
json_t	*stats_row_to_json(const struct stats_row *r);

#endif
