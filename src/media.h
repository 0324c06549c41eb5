/*
 * media.h - the media contacts of a case (media_contacts, schema 16): the
 * journalists and colleagues who follow it and receive its status
 * updates.  The model: checks and the JSON forms.
 */
#ifndef DEPEER_MEDIA_H
#define DEPEER_MEDIA_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "util.h"

#define MEDIA_NAME_MAX		200	/* bytes, as a display name */
#define MEDIA_OUTLET_MAX	200
#define MEDIA_NOTE_MAX		1000

/* One media contact; owns its strings. */
struct media_contact {
	int64_t		 id;
	char		*name;		/* the person */
	char		*addr;		/* a checked addr-spec */
	char		*outlet;	/* or NULL */
	int64_t		 provider_id;	/* 0: every case */
	char		*provider;	/* its name when read, or NULL */
	char		*note;		/* or NULL */
	int64_t		 created_at;
	int64_t		 audit_seq;	/* the media.add entry */
	int64_t		 removed_at;	/* 0: live */
	int64_t		 removed_seq;	/* the media.rm entry, or 0 */
};
void	media_release(struct media_contact *m);
void	media_free(struct media_contact *v, size_t n);

/*
 * Check m before it is stored: a one-line name of at most
 * MEDIA_NAME_MAX bytes without '<', '>' or '"', an address (replaced by
 * its normal form: addr.h addr_normalize()), a one-line outlet and note.
 * DP_EX_USAGE naming the field when not.
 */
int	media_check(struct media_contact *m, struct dp_err *err);
/*
 * The contact as its media.add entry recorded it: {"id", "name", "addr",
 * "outlet", "provider_id" (or null), "note", "created_at",
 * "audit_seq"}.
 */
json_t	*media_add_json(const struct media_contact *m);
/* The same with "provider" (its name or null), "removed_at" and
   "removed_seq" (or null): what "media list --json" prints. */
json_t	*media_to_json(const struct media_contact *m);
/* "Name <addr>" for a To: header, the name quoted when it must be. */
char	*media_mailbox(const struct media_contact *m);

#endif
