/*
 * verify_event.h - verify's check of the provider events: every row of
 * provider_events is the one its provider.event entry recorded (each
 * column, its audit_seq that entry's), no row is there that no entry
 * recorded, none recorded is missing.  A records-layer check, listed in
 * verify's table of actions.
 */
#ifndef DEPEER_VERIFY_EVENT_H
#define DEPEER_VERIFY_EVENT_H

#include <stddef.h>

#include <jansson.h>

#include "util.h"

struct audit_entry;
struct db;
struct vevent;

struct vevent *vevent_new(void);
void	vevent_free(struct vevent *v);	/* NULL is fine */
/*
 * Note a provider.event entry e, o its payload: why "" when it is
 * well-formed and records an event not recorded before, else why (len
 * bytes) says what is wrong.
 */
void	vevent_note(struct vevent *v, const struct audit_entry *e, json_t *o,
	    char *why, size_t len);
/*
 * Once the chain is intact: compare the rows with what was noted.  0 with
 * why "" or the first difference, or an error code with err filled when
 * the check itself failed.
 */
/* The events held to their entries (after a walk without a finding). */
int64_t	vevent_count(const struct vevent *v);
int	vevent_walk(struct vevent *v, struct db *db, char *why, size_t len,
	    struct dp_err *err);

#endif
