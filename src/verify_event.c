/*
 * verify_event.c - the provider events held to their entries
 * (verify_event.h), through the claims of verify_claims.h.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_entry.h"
#include "db_event.h"
#include "event.h"
#include "verify_claims.h"
#include "verify_event.h"

/* Each claim records an event's "event" object. */
struct vevent {
	struct vclaims	 l;
};

struct vevent *
vevent_new(void)
{
	struct vevent *v = xcalloc(1, sizeof(*v));

	vclaims_init(&v->l, "provider event", "provider.event", "is not");
	return v;
}

void
vevent_free(struct vevent *v)
{
	if (v == NULL)
		return;
	vclaims_release(&v->l);
	free(v);
}

void
vevent_note(struct vevent *v, const struct audit_entry *e, json_t *o,
    char *why, size_t len)
{
	int64_t subj;

	why[0] = '\0';
	if (vclaim_subject(e, "event", &subj) != 0 ||
	    !json_is_string(json_object_get(o, "provider"))) {
		snprintf(why, len, "its payload is malformed");
		return;
	}
	vclaims_add(&v->l, e, subj, json_object_get(o, "event"), why, len);
}

int64_t
vevent_count(const struct vevent *v)
{
	return v != NULL ? (int64_t)v->l.n : 0;
}

int
vevent_walk(struct vevent *v, struct db *db, char *why, size_t len,
    struct dp_err *err)
{
	struct pevent *rows;
	size_t n, i;
	json_t *j;
	int rc;

	why[0] = '\0';
	if ((rc = db_pevent_list(db, 0, &rows, &n, err)) != 0)
		return rc;
	for (i = 0; i < n && why[0] == '\0'; i++) {
		j = pevent_to_json(&rows[i]);
		vclaims_match(&v->l, rows[i].id, j, why, len);
		json_decref(j);
	}
	if (why[0] == '\0')
		vclaims_missing(&v->l, 1, why, len);
	pevent_free(rows, n);
	return 0;
}
