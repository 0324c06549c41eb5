/*
 * complaint.h - a complaint drafted from a case: the struct, its states,
 * its JSON form and the state its audit entries record.  A model: no
 * database (db_complaint.c stores it; complaint_store.h changes it with
 * its audit entry).
 */
#ifndef DEPEER_COMPLAINT_H
#define DEPEER_COMPLAINT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "hash.h"
#include "util.h"

/*
 * A complaint and its current message.  Owns every string and array;
 * release with complaint_release().
 */
struct complaint {
	int64_t		 id;
	int64_t		 provider_id;
	char		*provider_name;	/* read with the row; not stored */
	uint32_t	 upstream_asn;	/* 0: none (--to, or several ASes) */
	char		*tmpl;		/* the template's name, or its path */
	char		*from_addr;	/* addr-spec */
	char		**to;		/* addr-specs, at least one */
	size_t		 nto;
	char		**cc;
	size_t		 ncc;
	char		*subject;	/* decoded, UTF-8 */
	char		*message_id;	/* without <> */
	char		*state;		/* one of complaint_states[] */
	int		 has_due;
	int64_t		 due_at;
	int64_t		 created_at;
	int64_t		 updated_at;
	int64_t		 version;	/* the current message's */
	/* The evidence the message cites: the selection it was drafted
	   with (kinds: NULL for every kind; since: has_since) and the last
	   evidence id of its CSV (has_max_ev 0: it cites none). */
	char		**sel_kinds;
	size_t		 nsel_kinds;
	int		 has_sel_kinds;
	int		 has_since;
	int64_t		 sel_since;
	int		 has_max_ev;
	int64_t		 max_evidence_id;
	int64_t		 audit_seq;	/* the current version's entry */
	/* The current message (sha256, size), and the registry answers it
	   attaches (source ids, ascending). */
	char		 sha256[SHA256_HEXLEN];
	int64_t		 size;
	int64_t		*sources;
	size_t		 nsources;
};

void	complaint_init(struct complaint *c);
void	complaint_release(struct complaint *c);
/* Append to c's lists (copied). */
void	complaint_add_to(struct complaint *c, const char *addr);
void	complaint_add_cc(struct complaint *c, const char *addr);
void	complaint_add_kind(struct complaint *c, const char *kind);
/* Add a source id, keeping the list ascending and without duplicates. */
void	complaint_add_source(struct complaint *c, int64_t id);
/*
 * The template of the status updates to media contacts ("report
 * --to-media"), and whether c is one: a message to a journalist, not a
 * complaint to a party, so neither the right-of-reply log, the desks'
 * figures nor what is due count it.
 */
#define COMPLAINT_MEDIA_TEMPLATE	"media-update"
int	complaint_is_media_update(const struct complaint *c);

/*
 * The states, NULL-terminated: a complaint is drafted as "draft"; the
 * others are set by sending and tracking it.
 */
extern const char *const complaint_states[];
/* Whether s is one of them. */
int	complaint_state_valid(const char *s);
/* Whether a complaint in state s may still be edited or removed. */
int	complaint_state_editable(const char *s);

/* Who changes a complaint's state (complaint_transition_ok()). */
enum complaint_by {
	COMPLAINT_BY_HAND = 1,	/* "complaint status": the researcher */
	COMPLAINT_BY_SEND = 2,	/* "complaint send" (queued, sending, sent;
				   escalated when an escalation goes out) */
	COMPLAINT_BY_INBOX = 4	/* a reply read ("inbox import", "complaint
				   reply") */
};
/*
 * Whether who may move a complaint from state from to state to (the
 * table in complaint.c, documented in depeer-complaint(1)).  When not,
 * *why (may be NULL) receives why, worded to follow "complaint 12 is
 * draft: it cannot become answered": "it was never sent", "resolved is
 * final", and so on.  A transition by hand to "sent" also needs a note
 * saying how it was sent (the caller checks it).
 */
int	complaint_transition_ok(const char *from, const char *to,
	    enum complaint_by who, const char **why);

/*
 * The state an audit entry records (complaint.draft, complaint.edit,
 * complaint.rm): {"id", "provider_id", "upstream_asn" (or null),
 * "template", "from", "to", "cc", "subject", "message_id", "state",
 * "due_at" (or null), "created_at", "updated_at" (Unix seconds),
 * "version", "sha256", "size" (the current message), "sources" (the
 * registry answers attached), "selection": {"kinds" (or null), "since"
 * (or null), "max_evidence_id" (or null)}}.  Verify compares every
 * column of the row with it.  A new reference.
 */
json_t	*complaint_claim(const struct complaint *c);
/* The same as canonical text (compact, keys sorted); the caller frees. */
char	*complaint_claim_text(const struct complaint *c);

/*
 * The documented JSON form (complaint list/show --json): {id,
 * provider, provider_id, upstream_asn, to, cc, template, subject,
 * message_id, state, due_at, created_at, updated_at, version, sha256,
 * size}.  A new reference.
 */
json_t	*complaint_to_json(const struct complaint *c);

/* A JSON array of strings from v[0..n); a new reference. */
json_t	*complaint_strv_json(char *const *v, size_t n);
/*
 * Read a JSON array text of strings (a to_addrs column) into *v, *n
 * (appended); -1 when it is not one.
 */
int	complaint_strv_parse(const char *text, char ***v, size_t *n);

#endif
