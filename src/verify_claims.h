/*
 * verify_claims.h - what one kind of audit entry recorded of the rows it
 * wrote, one claim per row id, for the checks of verify that hold rows
 * to their entries (verify_event.c, verify_media.c, verify_bgp.c): the
 * chain walk notes each entry's claim (and a removal's), the walk of the
 * table then matches every row to its claim, and what no row met is
 * missing.  Also the two readers of an entry all those checks share (its
 * subject's id, an integer of its payload).  A records-layer helper: no
 * SQL, no printing.
 *
 * Messages are written into why (len bytes), which stays "" when all is
 * well; they name a row as the list's what does ("media contact 3") and
 * the action that records one as its add does ("media.add").
 */
#ifndef DEPEER_VERIFY_CLAIMS_H
#define DEPEER_VERIFY_CLAIMS_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

struct audit_entry;

/* What the entries recorded of one row. */
struct vclaim {
	int64_t		 id;
	int64_t		 seq;		/* the entry that recorded it */
	json_t		*rec;		/* the object it recorded (owned
					   reference) */
	int64_t		 rm_seq;	/* the entry that removed it, or 0 */
	json_t		*rm;		/* that entry's payload (owned
					   reference), or NULL */
	int		 seen;		/* met by the walk of the rows */
};

struct vclaims {
	struct vclaim	*c;		/* in the order of the entries */
	size_t		 n, cap;
	const char	*what;		/* "media contact" (static) */
	const char	*add;		/* "media.add" (static) */
	const char	*differs;	/* "is not" or "differs from" (static):
					   the verb of a row unlike its claim */
};

void	vclaims_init(struct vclaims *l, const char *what, const char *add,
	    const char *differs);
void	vclaims_release(struct vclaims *l);

/* The latest claim of id (an id freed by a removal may be used again). */
struct vclaim *vclaims_find(const struct vclaims *l, int64_t id);

/*
 * Note that entry e recorded row id as rec, an object whose "id" must be
 * id and whose "audit_seq" must be e's seq; a live claim of the same id
 * is an error.  Returns the new claim, or NULL with why said.
 */
struct vclaim *vclaims_add(struct vclaims *l, const struct audit_entry *e,
	    int64_t id, json_t *rec, char *why, size_t len);
/*
 * Note that entry e, payload o, removed row id: it must have a live
 * claim.  Returns that claim, or NULL with why said.
 */
struct vclaim *vclaims_rm(struct vclaims *l, const struct audit_entry *e,
	    int64_t id, json_t *o, char *why, size_t len);

/*
 * In the walk of the rows: row id, whose recorded form is row, against
 * its latest claim, then marked seen.  Returns the claim, or NULL with
 * why said (no claim, or the row is not what it recorded).
 */
struct vclaim *vclaims_match(struct vclaims *l, int64_t id, json_t *row,
	    char *why, size_t len);
/*
 * After the walk: the first claim no row met, if any, into why ("...,
 * recorded by audit entry N, is missing").  removed_stay: whether a
 * removed row keeps its row (marked removed) and so must be met too.
 */
void	vclaims_missing(const struct vclaims *l, int removed_stay, char *why,
	    size_t len);
/* The claims not removed. */
int64_t	vclaims_live(const struct vclaims *l);

/*
 * The id of a subject "PREFIX:ID" (prefix without the colon), nothing
 * after it: 0, or -1 when e's subject is not of that form.
 */
int	vclaim_subject(const struct audit_entry *e, const char *prefix,
	    int64_t *id);
/* Integer member key of o into *out: 0, or -1 when it is not one. */
int	vclaim_int(json_t *o, const char *key, int64_t *out);

#endif
