/*
 * event.h - the events of a provider's timeline (provider_events):
 * the kinds, which of them name an upstream, and the JSON form.
 */
#ifndef DEPEER_EVENT_H
#define DEPEER_EVENT_H

#include <stdint.h>

#include <jansson.h>

#include "util.h"

/* One provider event; owns note. */
struct pevent {
	int64_t		 id;
	int64_t		 provider_id;
	char		 kind[16];
	int64_t		 at;		/* when it happened */
	uint32_t	 upstream_asn;	/* 0: none */
	char		*note;		/* or NULL */
	int64_t		 source_id;	/* 0: none */
	int64_t		 created_at;	/* when it was recorded */
	int64_t		 audit_seq;
};
void	pevent_release(struct pevent *e);
void	pevent_free(struct pevent *v, size_t n);

/* The kinds, NULL-terminated, in the order of the schema's CHECK. */
extern const char *const event_kinds[];
/* 0 when s is a kind, else DP_EX_USAGE naming the kinds. */
int	event_kind_valid(const char *s, struct dp_err *err);
/* 1 when a kind names an upstream (lost, gained, rehomed behind). */
int	event_kind_has_upstream(const char *kind);
/*
 * Check e before it is stored: a kind, an upstream only on a kind that
 * has one, a one-line note of at most 1000 bytes without control
 * characters.  DP_EX_USAGE when not.
 */
int	pevent_check(const struct pevent *e, struct dp_err *err);
/*
 * e as JSON: {"id", "provider_id", "kind", "at" (RFC 3339), "upstream_asn"
 * (number or null), "note", "source_id" (or null), "created_at",
 * "audit_seq"}.  Also the "event" object of its provider.event entry.
 */
json_t	*pevent_to_json(const struct pevent *e);

#endif
