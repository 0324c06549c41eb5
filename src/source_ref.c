/*
 * source_ref.c - citations of stored registry answers; see source_ref.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonout.h"
#include "source_ref.h"
#include "util.h"

void
source_ref_set(struct source_ref *r, int64_t id, const char *protocol,
    const char *server, const char *query, int64_t fetched_at,
    const char *sha256, size_t size)
{
	memset(r, 0, sizeof(*r));
	r->id = id;
	r->protocol = xstrdup(protocol);
	r->server = xstrdup(server);
	r->query = xstrdup(query);
	r->fetched_at = fetched_at;
	snprintf(r->sha256, sizeof(r->sha256), "%s", sha256);
	r->size = size;
}

void
source_ref_copy(struct source_ref *dst, const struct source_ref *src)
{
	source_ref_set(dst, src->id, src->protocol, src->server, src->query,
	    src->fetched_at, src->sha256, src->size);
	dst->cached = src->cached;
	dst->reused = src->reused;
}

void
source_ref_release(struct source_ref *r)
{
	free(r->protocol);
	free(r->server);
	free(r->query);
	memset(r, 0, sizeof(*r));
}

json_t *
source_ref_to_json(const struct source_ref *r)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", r->id != 0 ? json_integer(r->id) :
	    json_null());
	json_object_set_new(o, "protocol", json_string(r->protocol));
	json_object_set_new(o, "server", json_string(r->server));
	json_object_set_new(o, "query", json_string(r->query));
	json_object_set_new(o, "fetched_at",
	    json_time_or_null(1, r->fetched_at));
	json_object_set_new(o, "sha256", json_string(r->sha256));
	json_object_set_new(o, "size", json_integer((json_int_t)r->size));
	json_object_set_new(o, "cached", json_boolean(r->cached));
	json_object_set_new(o, "reused", json_boolean(r->reused));
	return o;
}

json_t *
source_ref_to_json_or_null(const struct source_ref *r)
{
	return r != NULL ? source_ref_to_json(r) : json_null();
}
