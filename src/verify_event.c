/*
 * verify_event.c - the provider events held to their entries
 * (verify_event.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_entry.h"
#include "db_event.h"
#include "event.h"
#include "verify_event.h"

/* What one provider.event entry recorded. */
struct claim {
	int64_t		 id;
	int64_t		 seq;
	json_t		*event;		/* the "event" object */
	int		 seen;
};

struct vevent {
	struct claim	*c;
	size_t		 n, cap;
};

struct vevent *
vevent_new(void)
{
	return xcalloc(1, sizeof(struct vevent));
}

void
vevent_free(struct vevent *v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < v->n; i++)
		json_decref(v->c[i].event);
	free(v->c);
	free(v);
}

static struct claim *
find(struct vevent *v, int64_t id)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (v->c[i].id == id)
			return &v->c[i];
	return NULL;
}

void
vevent_note(struct vevent *v, const struct audit_entry *e, json_t *o,
    char *why, size_t len)
{
	json_t *ev = json_object_get(o, "event"),
	    *id = json_object_get(ev, "id"),
	    *seq = json_object_get(ev, "audit_seq");
	struct claim *c;
	int64_t subj;

	why[0] = '\0';
	if (!json_is_object(ev) || !json_is_integer(id) ||
	    !json_is_integer(seq) ||
	    !json_is_string(json_object_get(o, "provider")) ||
	    sscanf(e->subject, "event:%" SCNd64, &subj) != 1 ||
	    subj != json_integer_value(id)) {
		snprintf(why, len, "its payload is malformed");
		return;
	}
	if (json_integer_value(seq) != e->seq) {
		snprintf(why, len, "it records event %" PRId64 " with audit "
		    "seq %" PRId64 ", not its own", subj,
		    (int64_t)json_integer_value(seq));
		return;
	}
	if (find(v, subj) != NULL) {
		snprintf(why, len, "event %" PRId64 " was recorded before",
		    subj);
		return;
	}
	GROW(v->c, v->n + 1, v->cap);
	c = &v->c[v->n++];
	c->id = subj;
	c->seq = e->seq;
	c->event = json_incref(ev);
	c->seen = 0;
}

int64_t
vevent_count(const struct vevent *v)
{
	return v != NULL ? (int64_t)v->n : 0;
}

int
vevent_walk(struct vevent *v, struct db *db, char *why, size_t len,
    struct dp_err *err)
{
	struct pevent *rows;
	struct claim *c;
	size_t n, i;
	json_t *j;
	int rc;

	why[0] = '\0';
	if ((rc = db_pevent_list(db, 0, &rows, &n, err)) != 0)
		return rc;
	for (i = 0; i < n && why[0] == '\0'; i++) {
		if ((c = find(v, rows[i].id)) == NULL) {
			snprintf(why, len, "provider event %" PRId64 " has no "
			    "provider.event entry", rows[i].id);
			break;
		}
		c->seen = 1;
		j = pevent_to_json(&rows[i]);
		if (!json_equal(j, c->event))
			snprintf(why, len, "provider event %" PRId64 " is not "
			    "what audit entry %" PRId64 " recorded",
			    rows[i].id, c->seq);
		json_decref(j);
	}
	for (i = 0; i < v->n && why[0] == '\0'; i++)
		if (!v->c[i].seen)
			snprintf(why, len, "provider event %" PRId64 ", recorded "
			    "by audit entry %" PRId64 ", is missing",
			    v->c[i].id, v->c[i].seq);
	pevent_free(rows, n);
	return 0;
}
