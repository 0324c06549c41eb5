/*
 * verify_claims.c - the claims of a kind of entry, held against its rows
 * (verify_claims.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_entry.h"
#include "util.h"
#include "verify_claims.h"

void
vclaims_init(struct vclaims *l, const char *what, const char *add,
    const char *differs)
{
	memset(l, 0, sizeof(*l));
	l->what = what;
	l->add = add;
	l->differs = differs;
}

void
vclaims_release(struct vclaims *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		json_decref(l->c[i].rec);
		json_decref(l->c[i].rm);
	}
	free(l->c);
	l->c = NULL;
	l->n = l->cap = 0;
}

struct vclaim *
vclaims_find(const struct vclaims *l, int64_t id)
{
	size_t i;

	for (i = l->n; i > 0; i--)
		if (l->c[i - 1].id == id)
			return &l->c[i - 1];
	return NULL;
}

struct vclaim *
vclaims_add(struct vclaims *l, const struct audit_entry *e, int64_t id,
    json_t *rec, char *why, size_t len)
{
	json_t *rid = json_object_get(rec, "id"),
	    *seq = json_object_get(rec, "audit_seq");
	struct vclaim *c;

	if (!json_is_object(rec) || !json_is_integer(rid) ||
	    !json_is_integer(seq) || json_integer_value(rid) != id) {
		snprintf(why, len, "its payload is malformed");
		return NULL;
	}
	if (json_integer_value(seq) != e->seq) {
		snprintf(why, len, "it records %s %" PRId64 " with audit seq %"
		    PRId64 ", not its own", l->what, id,
		    (int64_t)json_integer_value(seq));
		return NULL;
	}
	if ((c = vclaims_find(l, id)) != NULL && c->rm_seq == 0) {
		snprintf(why, len, "%s %" PRId64 " was recorded before",
		    l->what, id);
		return NULL;
	}
	GROW(l->c, l->n + 1, l->cap);
	c = &l->c[l->n++];
	memset(c, 0, sizeof(*c));
	c->id = id;
	c->seq = e->seq;
	c->rec = json_incref(rec);
	return c;
}

struct vclaim *
vclaims_rm(struct vclaims *l, const struct audit_entry *e, int64_t id,
    json_t *o, char *why, size_t len)
{
	struct vclaim *c;

	if ((c = vclaims_find(l, id)) == NULL) {
		snprintf(why, len, "it removes %s %" PRId64 ", which no %s "
		    "entry recorded", l->what, id, l->add);
		return NULL;
	}
	if (c->rm_seq != 0) {
		snprintf(why, len, "%s %" PRId64 " was removed before, by "
		    "audit entry %" PRId64, l->what, id, c->rm_seq);
		return NULL;
	}
	c->rm_seq = e->seq;
	c->rm = json_incref(o);
	return c;
}

struct vclaim *
vclaims_match(struct vclaims *l, int64_t id, json_t *row, char *why,
    size_t len)
{
	struct vclaim *c;

	if ((c = vclaims_find(l, id)) == NULL) {
		snprintf(why, len, "%s %" PRId64 " has no %s entry", l->what,
		    id, l->add);
		return NULL;
	}
	c->seen = 1;
	if (!json_equal(row, c->rec)) {
		snprintf(why, len, "%s %" PRId64 " %s what audit entry %"
		    PRId64 " recorded", l->what, id, l->differs, c->seq);
		return NULL;
	}
	return c;
}

void
vclaims_missing(const struct vclaims *l, int removed_stay, char *why,
    size_t len)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!l->c[i].seen && (removed_stay || l->c[i].rm_seq == 0)) {
			snprintf(why, len, "%s %" PRId64 ", recorded by audit "
			    "entry %" PRId64 ", is missing", l->what,
			    l->c[i].id, l->c[i].seq);
			return;
		}
}

int64_t
vclaims_live(const struct vclaims *l)
{
	int64_t n = 0;
	size_t i;

	for (i = 0; i < l->n; i++)
		n += l->c[i].rm_seq == 0;
	return n;
}

int
vclaim_subject(const struct audit_entry *e, const char *prefix, int64_t *id)
{
	size_t k = strlen(prefix);
	int64_t x;
	char tail;

	if (strncmp(e->subject, prefix, k) != 0 || e->subject[k] != ':' ||
	    sscanf(e->subject + k + 1, "%" SCNd64 "%c", &x, &tail) != 1)
		return -1;
	*id = x;
	return 0;
}

int
vclaim_int(json_t *o, const char *key, int64_t *out)
{
	json_t *j = json_object_get(o, key);

	if (!json_is_integer(j))
		return -1;
	*out = json_integer_value(j);
	return 0;
}
