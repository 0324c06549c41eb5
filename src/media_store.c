/*
 * media_store.c - the media contacts of the cases (media_store.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "clock.h"
#include "db.h"
#include "db_media.h"
#include "exitcodes.h"
#include "media_store.h"
#include "provider.h"
#include "validate.h"

int
media_add(struct db *db, const char *provider, struct media_contact *m,
    struct dp_err *err)
{
	struct provider p = PROVIDER_INIT;
	char subject[48];
	json_t *o;
	int rc;

	if ((rc = media_check(m, err)) != 0)
		return rc;
	if ((rc = db_begin(db, err)) != 0)
		return rc;
	m->provider_id = 0;
	if (provider != NULL) {
		if ((rc = db_provider_find(db, provider, &p, err)) != 0)
			goto fail;
		if (p.retired_at != 0) {
			rc = dp_fail(err, DP_EX_DATAERR, "provider '%s' is "
			    "retired; its case takes no new media contacts",
			    p.name);
			goto fail;
		}
		m->provider_id = p.id;
	}
	m->created_at = clock_now();
	if ((rc = db_audit_next_seq(db, &m->audit_seq, err)) != 0 ||
	    (rc = db_media_add(db, m, err)) != 0)
		goto fail;
	o = json_object();
	json_object_set_new(o, "provider", p.name != NULL ?
	    json_string(p.name) : json_null());
	json_object_set_new(o, "contact", media_add_json(m));
	snprintf(subject, sizeof(subject), "media:%" PRId64, m->id);
	if ((rc = audit_record(db, AUDIT_MEDIA_ADD, subject, m->created_at,
	    o, NULL, err)) != 0)
		goto fail;
	if ((rc = db_commit(db, err)) != 0)
		goto fail;
	free(m->provider);
	m->provider = p.name != NULL ? xstrdup(p.name) : NULL;
	provider_release(&p);
	return 0;
fail:
	db_rollback(db);
	provider_release(&p);
	m->id = 0;
	return rc != 0 ? rc : err->code;
}

int
media_list(struct db *db, const char *provider, int all,
    struct media_contact **v, size_t *n, struct dp_err *err)
{
	struct provider p = PROVIDER_INIT;
	int rc;

	*v = NULL;
	*n = 0;
	if ((rc = db_begin_read(db, err)) != 0)
		return rc;
	if (provider == NULL ||
	    (rc = db_provider_find(db, provider, &p, err)) == 0)
		rc = db_media_list(db, provider != NULL ? p.id : 0, all, v, n,
		    err);
	db_rollback(db);
	provider_release(&p);
	return rc;
}

int
media_get(struct db *db, int64_t id, struct media_contact *m,
    struct dp_err *err)
{
	return db_media_get(db, id, m, err);
}

int
media_rm(struct db *db, int64_t id, const char *note,
    struct media_contact *m, struct dp_err *err)
{
	char subject[48], t[TIME_STRLEN];
	int64_t now, seq;
	json_t *o;
	int rc;

	memset(m, 0, sizeof(*m));
	if (note != NULL && val_text("note", note, MEDIA_NOTE_MAX, 0,
	    err) != 0) {
		err->code = DP_EX_USAGE;
		return DP_EX_USAGE;
	}
	if ((rc = db_begin(db, err)) != 0)
		return rc;
	if ((rc = db_media_get(db, id, m, err)) != 0)
		goto fail;
	if (m->removed_at != 0) {
		rc = dp_fail(err, DP_EX_DATAERR, "media contact %" PRId64
		    " (%s) was already removed", id, m->addr);
		goto fail;
	}
	now = clock_now();
	if ((rc = db_audit_next_seq(db, &seq, err)) != 0 ||
	    (rc = db_media_remove(db, id, now, seq, err)) != 0)
		goto fail;
	fmt_time(now, t);
	o = json_object();
	json_object_set_new(o, "id", json_integer(id));
	json_object_set_new(o, "addr", json_string(m->addr));
	json_object_set_new(o, "removed_at", json_string(t));
	json_object_set_new(o, "note", note != NULL ? json_string(note) :
	    json_null());
	snprintf(subject, sizeof(subject), "media:%" PRId64, id);
	if ((rc = audit_record(db, AUDIT_MEDIA_RM, subject, now, o, NULL,
	    err)) != 0)
		goto fail;
	if ((rc = db_commit(db, err)) != 0)
		goto fail;
	m->removed_at = now;
	m->removed_seq = seq;
	return 0;
fail:
	db_rollback(db);
	media_release(m);
	return rc != 0 ? rc : err->code;
}
