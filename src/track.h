/*
 * track.h - the records of what happens to a complaint after its draft:
 * a change of state and its cause, a mail that came back, a link from a
 * follow-up or an escalation to the complaint it was drafted from.  A
 * model: structs and their release, no SQL (db_track.c stores them;
 * complaint_track.h changes them with their audit entries).
 */
#ifndef DEPEER_TRACK_H
#define DEPEER_TRACK_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "hash.h"

/* One change of state as complaint_events holds it. */
struct complaint_ev {
	int64_t		 id;
	int64_t		 complaint_id;
	int64_t		 at;
	char		*by;		/* "hand", "send" or "inbox" */
	char		*from_state, *to_state;
	char		*note, *reply, *via, *ticket, *dsn_status; /* or NULL */
	int64_t		 attempt;	/* 0: none */
	int64_t		 mail_id;	/* 0: none */
	int64_t		 audit_seq;
};
void	complaint_ev_release(struct complaint_ev *e);
void	complaint_ev_free(struct complaint_ev *v, size_t n);
/*
 * The "status" object of e's complaint.status entry: {"from", "to",
 * "note", "by", "attempt", "reply", "via", "mail", "ticket",
 * "dsn_status"} (absent values null; entries before schema 13 hold only
 * from, to and note, by hand).  Also the event's JSON form.  A new
 * reference.
 */
json_t	*complaint_ev_status(const struct complaint_ev *e);

/* What a stored mail is. */
#define MAIL_CLASSES	"auto-reply, reply, bounce, delay, delivered"

/* A message read from a mailbox or recorded by hand. */
struct mailrec {
	int64_t		 id;
	char		 sha256[SHA256_HEXLEN];	/* of the bytes as stored */
	int64_t		 size;
	char		*message_id;	/* its Message-ID without <>, or NULL */
	char		*from_addr;	/* the From addr-spec, or NULL */
	char		*subject;	/* decoded, or NULL */
	int		 has_date;
	int64_t		 date;		/* its Date header */
	int64_t		 imported_at;
	char		*origin;	/* "import" or "hand" */
	char		*mclass;	/* one of MAIL_CLASSES */
	char		*ticket;	/* a ticket number it carries, or NULL */
	char		*dsn_status;	/* bounce/delay: "5.1.1", or NULL */
	char		*dsn_recipient;	/* bounce/delay: the recipient that
					   failed, or NULL */
	int64_t		 complaint_id;	/* 0: not matched (yet) */
	char		*matched_by;	/* "in-reply-to", "references",
					   "returned-headers", "case-tag",
					   "ticket" or "hand"; NULL when not
					   matched */
	int64_t		 audit_seq;	/* its mail.add entry */
};
void	mailrec_init(struct mailrec *m);
void	mailrec_release(struct mailrec *m);
void	mailrec_free(struct mailrec *v, size_t n);
/*
 * What a mail.add entry records of m, also its JSON form: {"id",
 * "sha256", "size", "message_id", "from", "subject", "date",
 * "imported_at", "origin", "class", "ticket", "dsn_status",
 * "dsn_recipient", "complaint_id", "matched_by"} (absent values null).
 * A new reference.
 */
json_t	*mailrec_claim(const struct mailrec *m);
/* Whether s is one of MAIL_CLASSES. */
int	mailrec_class_valid(const char *s);

/* One link. */
struct complaint_link {
	int64_t		 child, parent;
	char		*kind;
	int64_t		 audit_seq;
};
void	complaint_link_free(struct complaint_link *v, size_t n);
/* What a complaint.link entry records: {"child", "parent", "kind"}. */
json_t	*complaint_link_claim(const struct complaint_link *l);
/* Whether s is a kind of link ("follow-up", "escalation",
   "next-contact"). */
int	complaint_link_kind_valid(const char *s);

#endif
