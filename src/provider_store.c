/*
 * provider_store.c - the writes of providers: create, edit, networks
 * added or removed, each in one transaction with its audit entry.
 *
 * Each function opens its own transaction level (db_begin() nests) and
 * ends it on every path: a caller that keeps several changes in one
 * transaction calls them inside its own db_begin().  The entry records
 * the provider's state as read back inside the transaction, after the
 * change, so that verify compares the rows with exactly what was written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "exitcodes.h"
#include "provider.h"
#include "provider_store.h"

int
provider_record(struct db *db, int64_t id, const char *action, int64_t at,
    json_t *change, struct dp_err *err)
{
	struct provider p = PROVIDER_INIT;
	char subject[64];
	json_t *o;
	int rc;

	if ((rc = db_provider_get(db, id, &p, err)) != 0) {
		json_decref(change);
		return rc;
	}
	o = json_object();
	json_object_set_new(o, "state", provider_to_json(&p));
	if (change != NULL)
		json_object_set_new(o, "change", change);
	provider_release(&p);
	snprintf(subject, sizeof(subject), "provider:%lld", (long long)id);
	return audit_record(db, action, subject, at, o, NULL, err);
}

int
provider_create(struct db *db, struct provider *p, struct dp_err *err)
{
	int rc;

	if ((rc = db_begin(db, err)) != 0)
		return rc;
	if ((rc = db_provider_add(db, p, err)) != 0 ||
	    (rc = provider_record(db, p->id, AUDIT_PROVIDER_ADD,
	    p->created_at, NULL, err)) != 0) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db, err);
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* Append field to change when its value differs. */
static void
note_change(json_t *change, const char *field, const char *old,
    const char *new)
{
	if ((old == NULL) != (new == NULL) ||
	    (old != NULL && strcmp(old, new) != 0))
		json_array_append_new(change, json_string(field));
}

/* Apply ed to next (a copy of the provider), checking every value. */
static int
apply_edit(struct provider *next, const struct provider_edit *ed,
    struct dp_err *err)
{
	int rc;

	if (ed->name != NULL) {
		if ((rc = provider_name_valid(ed->name, err)) != 0)
			return rc;
		free(next->name);
		next->name = xstrdup(ed->name);
	}
	if ((ed->country != NULL && (rc = provider_set(next,
	    PROVIDER_COUNTRY, ed->country, err)) != 0) ||
	    (ed->url != NULL && (rc = provider_set(next, PROVIDER_URL,
	    ed->url, err)) != 0) ||
	    (ed->note != NULL && (rc = provider_set(next, PROVIDER_NOTE,
	    ed->note, err)) != 0))
		return rc;
	return 0;
}

/*
 * The provider is found and the values checked inside the transaction, so
 * that the diff is taken against the row the update replaces.
 */
int
provider_update(struct db *db, const char *key,
    const struct provider_edit *ed, int64_t now, struct provider *out,
    int *changed, struct dp_err *err)
{
	struct provider p = PROVIDER_INIT, next = PROVIDER_INIT;
	json_t *change = NULL;
	int rc;

	if ((rc = db_begin(db, err)) != 0)
		return rc;
	if ((rc = db_provider_find(db, key, &p, err)) != 0)
		goto fail;
	next.id = p.id;
	next.name = xstrdup(p.name);
	next.country = dup_or_null(p.country);
	next.url = dup_or_null(p.url);
	next.note = dup_or_null(p.note);
	if ((rc = apply_edit(&next, ed, err)) != 0)
		goto fail;
	change = json_array();
	note_change(change, "name", p.name, next.name);
	note_change(change, "country", p.country, next.country);
	note_change(change, "url", p.url, next.url);
	note_change(change, "note", p.note, next.note);
	if (json_array_size(change) == 0) {
		/* Nothing to record: no entry, nothing written. */
		json_decref(change);
		db_rollback(db);
		provider_release(&next);
		*changed = 0;
		*out = p;
		return 0;
	}
	if ((rc = db_provider_update(db, &next, now, err)) != 0)
		goto fail;
	/* provider_record() takes change over, whatever it returns. */
	rc = provider_record(db, p.id, AUDIT_PROVIDER_EDIT, now, change, err);
	change = NULL;
	if (rc != 0)
		goto fail;
	if ((rc = db_commit(db, err)) != 0)
		goto out;
	provider_release(&p);
	if ((rc = db_provider_get(db, next.id, &p, err)) != 0)
		goto out;
	*changed = 1;
	*out = p;
	provider_release(&next);
	return 0;
fail:
	db_rollback(db);
out:
	json_decref(change);
	provider_release(&p);
	provider_release(&next);
	return rc;
}

/*
 * One network at a time: the first one refused (there already, or not
 * there) rolls back those before it, so it is all or none.
 */
int
provider_net_change(struct db *db, const char *key, int add,
    const struct provider *nets, int64_t now, struct provider *out,
    struct dp_err *err)
{
	struct provider p = PROVIDER_INIT;
	char text[IPNET_STRLEN];
	json_t *change = NULL;
	int64_t id;
	size_t i;
	int rc;

	if ((rc = db_begin(db, err)) != 0)
		return rc;
	if ((rc = db_provider_find(db, key, &p, err)) != 0)
		goto fail;
	change = json_array();
	for (i = 0; i < nets->nasns; i++) {
		rc = add ? db_provider_net_add(db, p.id, nets->asns[i], NULL,
		    now, err) : db_provider_net_rm(db, p.id, nets->asns[i],
		    NULL, err);
		if (rc != 0)
			goto fail;
		json_array_append_new(change, json_integer(nets->asns[i]));
	}
	for (i = 0; i < nets->nprefixes; i++) {
		rc = add ? db_provider_net_add(db, p.id, 0, &nets->prefixes[i],
		    now, err) : db_provider_net_rm(db, p.id, 0,
		    &nets->prefixes[i], err);
		if (rc != 0)
			goto fail;
		ipnet_format(&nets->prefixes[i], text, sizeof(text));
		json_array_append_new(change, json_string(text));
	}
	rc = provider_record(db, p.id, add ? AUDIT_PROVIDER_NET_ADD :
	    AUDIT_PROVIDER_NET_RM, now, change, err);
	change = NULL;
	if (rc != 0)
		goto fail;
	if ((rc = db_commit(db, err)) != 0)
		goto out;
	id = p.id;
	provider_release(&p);
	if ((rc = db_provider_get(db, id, &p, err)) != 0)
		goto out;
	*out = p;
	return 0;
fail:
	json_decref(change);
	db_rollback(db);
out:
	provider_release(&p);
	return rc;
}
