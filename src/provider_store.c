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

/* Say which of p's retirements stops a change; 0 when it is active. */
static int
refuse_retired(struct db *db, const struct provider *p, const char *what,
    struct dp_err *err)
{
	struct provider into = PROVIDER_INIT;
	char t[TIME_STRLEN];
	int rc;

	if (p->retired_at == 0)
		return 0;
	fmt_time(p->retired_at, t);
	if (p->merged_into == 0)
		return dp_fail(err, DP_EX_DATAERR, "%s: provider '%s' was "
		    "retired on %s (%s)", what, p->name, t,
		    p->retired_reason);
	if ((rc = db_provider_merge_target(db, p, &into, err)) != 0)
		return rc;
	rc = dp_fail(err, DP_EX_DATAERR, "%s: provider '%s' was merged into "
	    "'%s' on %s", what, p->name, into.name, t);
	provider_release(&into);
	return rc;
}

int
provider_retire(struct db *db, const char *key, const char *reason,
    int64_t now, struct provider *out, struct dp_err *err)
{
	struct provider p = PROVIDER_INIT;
	json_t *change;
	int64_t id;
	int rc;

	if ((rc = provider_reason_valid("--reason", reason, err)) != 0)
		return rc;
	if ((rc = db_begin(db, err)) != 0)
		return rc;
	if ((rc = db_provider_find_any(db, key, &p, err)) != 0 ||
	    (rc = refuse_retired(db, &p, "cannot retire it", err)) != 0 ||
	    (rc = db_provider_retire(db, p.id, now, reason, 0, err)) != 0)
		goto fail;
	change = json_object();
	json_object_set_new(change, "reason", json_string(reason));
	if ((rc = provider_record(db, p.id, AUDIT_PROVIDER_RETIRE, now,
	    change, err)) != 0)
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
	db_rollback(db);
out:
	provider_release(&p);
	return rc;
}

/*
 * Move dup's networks to into, one at a time through the same calls as
 * "provider net add|rm"; names[] lists every network dup held.
 */
static int
move_networks(struct db *db, const struct provider *dup,
    const struct provider *into, int64_t now, json_t *names,
    struct provider_merge_result *res, struct dp_err *err)
{
	char text[IPNET_STRLEN];
	size_t i, j;
	int rc, held;

	for (i = 0; i < dup->nasns; i++) {
		for (held = 0, j = 0; j < into->nasns && !held; j++)
			held = into->asns[j] == dup->asns[i];
		if ((rc = db_provider_net_rm(db, dup->id, dup->asns[i], NULL,
		    err)) != 0 || (!held && (rc = db_provider_net_add(db,
		    into->id, dup->asns[i], NULL, now, err)) != 0))
			return rc;
		held ? res->nets_held++ : res->nets++;
		json_array_append_new(names, json_integer(dup->asns[i]));
	}
	for (i = 0; i < dup->nprefixes; i++) {
		for (held = 0, j = 0; j < into->nprefixes && !held; j++)
			held = ipnet_compare(&into->prefixes[j],
			    &dup->prefixes[i]) == 0;
		if ((rc = db_provider_net_rm(db, dup->id, 0,
		    &dup->prefixes[i], err)) != 0 || (!held &&
		    (rc = db_provider_net_add(db, into->id, 0,
		    &dup->prefixes[i], now, err)) != 0))
			return rc;
		held ? res->nets_held++ : res->nets++;
		ipnet_format(&dup->prefixes[i], text, sizeof(text));
		json_array_append_new(names, json_string(text));
	}
	return 0;
}

/* The merge's entry: see AUDIT_PROVIDER_MERGE in audit.h. */
static int
record_merge(struct db *db, int64_t dup, int64_t into, const char *reason,
    json_t *nets, const struct id_run *runs, size_t nruns, int64_t rows,
    int64_t now, struct dp_err *err)
{
	struct provider d = PROVIDER_INIT, t = PROVIDER_INIT;
	char subject[64];
	json_t *o, *ev, *ids, *run;
	size_t i;
	int rc;

	if ((rc = db_provider_get(db, dup, &d, err)) != 0 ||
	    (rc = db_provider_get(db, into, &t, err)) != 0) {
		provider_release(&d);
		json_decref(nets);
		return rc;
	}
	ids = json_array();
	for (i = 0; i < nruns; i++) {
		run = json_array();
		json_array_append_new(run, json_integer(runs[i].first));
		json_array_append_new(run, json_integer(runs[i].last));
		json_array_append_new(ids, run);
	}
	ev = json_object();
	json_object_set_new(ev, "rows", json_integer(rows));
	json_object_set_new(ev, "ids", ids);
	o = json_object();
	json_object_set_new(o, "state", provider_to_json(&d));
	json_object_set_new(o, "into", json_integer(into));
	json_object_set_new(o, "into_state", provider_to_json(&t));
	json_object_set_new(o, "reason", reason != NULL ?
	    json_string(reason) : json_null());
	json_object_set_new(o, "networks", nets);
	json_object_set_new(o, "evidence", ev);
	provider_release(&d);
	provider_release(&t);
	snprintf(subject, sizeof(subject), "provider:%lld", (long long)dup);
	return audit_record(db, AUDIT_PROVIDER_MERGE, subject, now, o, NULL,
	    err);
}

int
provider_merge(struct db *db, const char *dup_key, const char *into_key,
    const char *reason, int64_t now, struct provider *dup_out,
    struct provider *into_out, struct provider_merge_result *res,
    struct dp_err *err)
{
	struct provider dup = PROVIDER_INIT, into = PROVIDER_INIT;
	struct id_run *runs = NULL;
	size_t nruns = 0;
	int64_t rows = 0, moved = 0;
	json_t *nets = NULL;
	int rc;

	memset(res, 0, sizeof(*res));
	if (reason != NULL &&
	    (rc = provider_reason_valid("--reason", reason, err)) != 0)
		return rc;
	if ((rc = db_begin(db, err)) != 0)
		return rc;
	if ((rc = db_provider_find_any(db, dup_key, &dup, err)) != 0 ||
	    (rc = db_provider_find_any(db, into_key, &into, err)) != 0)
		goto fail;
	if (dup.id == into.id) {
		rc = dp_fail(err, DP_EX_DATAERR, "cannot merge provider '%s' "
		    "into itself", dup.name);
		goto fail;
	}
	/* A retired duplicate may be merged; a merged one has gone. */
	if (dup.merged_into != 0 &&
	    (rc = refuse_retired(db, &dup, "cannot merge it", err)) != 0)
		goto fail;
	if ((rc = refuse_retired(db, &into, "cannot merge into it",
	    err)) != 0)
		goto fail;
	nets = json_array();
	if ((rc = move_networks(db, &dup, &into, now, nets, res, err)) != 0 ||
	    (rc = db_merge_evidence_runs(db, dup.id, &runs, &nruns, &rows,
	    err)) != 0 ||
	    (rc = db_merge_move_evidence(db, dup.id, into.id, &moved,
	    err)) != 0)
		goto fail;
	if (moved != rows)
		die("BUG: moved %lld evidence rows of %lld",
		    (long long)moved, (long long)rows);
	res->rows = rows;
	if ((rc = db_provider_retire(db, dup.id, now, reason, into.id,
	    err)) != 0)
		goto fail;
	/* record_merge() takes nets over, whatever it returns. */
	rc = record_merge(db, dup.id, into.id, reason, nets, runs, nruns, rows,
	    now, err);
	nets = NULL;
	if (rc != 0)
		goto fail;
	if ((rc = db_commit(db, err)) != 0)
		goto out;
	if ((rc = db_provider_get(db, dup.id, dup_out, err)) != 0)
		goto out;
	if ((rc = db_provider_get(db, into.id, into_out, err)) != 0) {
		provider_release(dup_out);
		goto out;
	}
	goto out;
fail:
	db_rollback(db);
out:
	json_decref(nets);
	free(runs);
	provider_release(&dup);
	provider_release(&into);
	return rc;
}

/* ---- reading ---- */

void
provider_summary_release(struct provider_summary *s)
{
	size_t i;

	free(s->ev.kinds);
	for (i = 0; i < s->norigins; i++)
		db_upstream_history_free(s->origins[i].links,
		    s->origins[i].nlinks);
	free(s->origins);
	for (i = 0; i < s->nmerged_from; i++)
		provider_release(&s->merged_from[i]);
	free(s->merged_from);
	if (s->merged_into != NULL)
		provider_release(s->merged_into);
	free(s->merged_into);
	memset(s, 0, sizeof(*s));
}

/* The links of origin o as of its latest run. */
static int
origin_now(struct db *db, struct provider_origin *o, struct dp_err *err)
{
	struct upstream_seen *v;
	size_t n, i, k = 0;
	int rc;

	if ((rc = db_upstream_last_run(db, o->asn, &o->last_run, err)) != 0 ||
	    (rc = db_upstream_history(db, o->asn, &v, &n, err)) != 0)
		return rc;
	/* Current links come first (db_upstream_history()). */
	for (i = 0; i < n; i++) {
		if (v[i].gone_since == 0)
			v[k++] = v[i];
		else {
			free(v[i].name);
			o->ngone++;
		}
	}
	o->links = v;
	o->nlinks = k;
	return 0;
}

int
provider_show(struct db *db, const char *key, struct provider *out,
    struct provider_summary *s, struct dp_err *err)
{
	struct provider p = PROVIDER_INIT, *all = NULL;
	size_t n = 0, i;
	int rc;

	memset(s, 0, sizeof(*s));
	/* One snapshot for the provider and its summary. */
	if ((rc = db_begin_read(db, err)) != 0)
		return rc;
	if ((rc = db_provider_find_any(db, key, &p, err)) != 0 ||
	    (rc = db_evidence_summary(db, p.id, &s->ev, err)) != 0)
		goto out;
	s->origins = xcalloc(p.nasns + 1, sizeof(*s->origins));
	for (i = 0; i < p.nasns; i++) {
		s->origins[i].asn = p.asns[i];
		s->norigins++;
		if ((rc = origin_now(db, &s->origins[i], err)) != 0)
			goto out;
	}
	if ((rc = db_provider_list_all(db, &all, &n, err)) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		if (all[i].merged_into == p.id) {
			s->merged_from = xrealloc(s->merged_from,
			    (s->nmerged_from + 1) * sizeof(*s->merged_from));
			s->merged_from[s->nmerged_from++] = all[i];
		} else
			provider_release(&all[i]);
	}
	free(all);
	if (p.merged_into != 0) {
		s->merged_into = xcalloc(1, sizeof(*s->merged_into));
		if ((rc = db_provider_merge_target(db, &p, s->merged_into,
		    err)) != 0)
			goto out;
	}
out:
	db_rollback(db);
	if (rc != 0) {
		provider_release(&p);
		provider_summary_release(s);
		return rc;
	}
	*out = p;
	return 0;
}
