/*
 * event_store.h - the timeline of a provider: its events (event add,
 * each with its provider.event entry: audit.h) merged in time order with
 * the changes of its complaints, which stay in complaint_events and are
 * read from there, not copied.
 */
#ifndef DEPEER_EVENT_STORE_H
#define DEPEER_EVENT_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "util.h"

struct db;

/*
 * Record e (kind, at, upstream_asn, note, source_id set by the caller)
 * for provider key (a name or id; DP_EX_NOINPUT when none, DP_EX_DATAERR
 * when retired), its source checked to exist (DP_EX_NOINPUT), with its
 * entry, in one transaction.  Fills e's id, provider_id, created_at and
 * audit_seq.
 */
int	event_add(struct db *db, const char *provider, struct pevent *e,
	    struct dp_err *err);
/* Event id (DP_EX_NOINPUT when none). */
int	event_get(struct db *db, int64_t id, struct pevent *e,
	    struct dp_err *err);
/*
 * The events of provider (a name or id; DP_EX_NOINPUT when none) by
 * time, then id: *v an array of *n for pevent_free().
 */
int	event_list(struct db *db, const char *provider, struct pevent **v,
	    size_t *n, struct dp_err *err);
/*
 * The last upstream-lost or de-peered event of provider (a name or id)
 * by time: 0 with *e, DP_EX_NOINPUT when the provider is unknown or has
 * none (err says which).
 */
int	event_last_withdrawal(struct db *db, const char *provider,
	    struct pevent *e, struct dp_err *err);

/* One line of a timeline. */
struct tl_item {
	int64_t		 at;
	char		*kind;		/* an event kind, or the complaint's
					   new state ("sent", "answered") */
	int64_t		 event_id;	/* a provider event; 0: a complaint's */
	int64_t		 complaint_id;	/* 0: a provider event */
	char		*recipient;	/* the complaint's To addresses */
	uint32_t	 upstream_asn;	/* 0: none */
	char		*note;		/* or NULL */
	char		*reply;		/* the server's reply, or NULL */
	char		*by;		/* hand, send, inbox; NULL for events */
	int64_t		 audit_seq;	/* the entry behind it */
	int64_t		 mail_id;	/* 0: none */
	int64_t		 source_id;	/* 0: none */
	/* A status update sent to a media contact (kind "media-update"):
	   the contact's outlet, or NULL. */
	int		 media;
	char		*outlet;
};
struct timeline {
	int64_t		 provider_id;
	char		*provider;	/* its name */
	struct tl_item	*v;
	size_t		 n;
};
/*
 * The timeline of provider (a name or id; DP_EX_NOINPUT when none), by
 * time, then provider events before complaint changes, then id; read in
 * one snapshot.
 */
int	timeline_get(struct db *db, const char *provider, struct timeline *t,
	    struct dp_err *err);
void	timeline_release(struct timeline *t);
/* An item as JSON: {"at", "kind", "event_id" | "complaint_id",
   "recipient", "upstream_asn", "note", "reply", "by", "outlet" (a media
   update's), "record": {"audit_seq", "mail_id", "source_id"}}. */
json_t	*tl_item_to_json(const struct tl_item *it);

#endif
