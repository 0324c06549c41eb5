/*
 * event.c - the events of a provider's timeline (event.h).
 */
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "exitcodes.h"
#include "validate.h"

const char *const event_kinds[] = {
	"upstream-lost", "upstream-gained", "de-peered", "offline",
	"back-online", "rehomed", "note", NULL,
};

void
pevent_release(struct pevent *e)
{
	if (e == NULL)
		return;
	free(e->note);
	e->note = NULL;
}

void
pevent_free(struct pevent *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		pevent_release(&v[i]);
	free(v);
}

int
event_kind_valid(const char *s, struct dp_err *err)
{
	size_t i;

	for (i = 0; event_kinds[i] != NULL; i++)
		if (strcmp(s, event_kinds[i]) == 0)
			return 0;
	return dp_fail(err, DP_EX_USAGE, "'%.40s' is not an event kind "
	    "(upstream-lost, upstream-gained, de-peered, offline, "
	    "back-online, rehomed, note)", s);
}

int
event_kind_has_upstream(const char *kind)
{
	return strcmp(kind, "upstream-lost") == 0 ||
	    strcmp(kind, "upstream-gained") == 0 ||
	    strcmp(kind, "rehomed") == 0;
}

int
pevent_check(const struct pevent *e, struct dp_err *err)
{
	if (event_kind_valid(e->kind, err) != 0)
		return err->code;
	if (e->upstream_asn != 0 && !event_kind_has_upstream(e->kind))
		return dp_fail(err, DP_EX_USAGE, "an event of kind '%s' names "
		    "no upstream (--upstream goes with upstream-lost, "
		    "upstream-gained and rehomed)", e->kind);
	if (e->note != NULL && val_text("note", e->note, 1000, 0, err) != 0) {
		err->code = DP_EX_USAGE;
		return DP_EX_USAGE;
	}
	if (strcmp(e->kind, "note") == 0 && e->note == NULL)
		return dp_fail(err, DP_EX_USAGE, "an event of kind 'note' "
		    "needs --note TEXT");
	return 0;
}

json_t *
pevent_to_json(const struct pevent *e)
{
	char t[TIME_STRLEN], c[TIME_STRLEN];
	json_t *o = json_object();

	fmt_time(e->at, t);
	fmt_time(e->created_at, c);
	json_object_set_new(o, "id", json_integer(e->id));
	json_object_set_new(o, "provider_id", json_integer(e->provider_id));
	json_object_set_new(o, "kind", json_string(e->kind));
	json_object_set_new(o, "at", json_string(t));
	json_object_set_new(o, "upstream_asn", e->upstream_asn != 0 ?
	    json_integer(e->upstream_asn) : json_null());
	json_object_set_new(o, "note", e->note != NULL ?
	    json_string(e->note) : json_null());
	json_object_set_new(o, "source_id", e->source_id != 0 ?
	    json_integer(e->source_id) : json_null());
	json_object_set_new(o, "created_at", json_string(c));
	json_object_set_new(o, "audit_seq", json_integer(e->audit_seq));
	return o;
}
