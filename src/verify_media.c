/*
 * verify_media.c - the media contacts held to their entries
 * (verify_media.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "audit_entry.h"
#include "db_media.h"
#include "media.h"
#include "validate.h"
#include "verify_claims.h"
#include "verify_media.h"

/* Each claim records a contact's "contact" object; a removal, its
   media.rm payload with "removed_at". */
struct vmedia {
	struct vclaims	 l;
};

struct vmedia *
vmedia_new(void)
{
	struct vmedia *v = xcalloc(1, sizeof(*v));

	vclaims_init(&v->l, "media contact", "media.add", "is not");
	return v;
}

void
vmedia_free(struct vmedia *v)
{
	if (v == NULL)
		return;
	vclaims_release(&v->l);
	free(v);
}

static void
note_add(struct vmedia *v, const struct audit_entry *e, json_t *o,
    int64_t subj, char *why, size_t len)
{
	json_t *prov = json_object_get(o, "provider");

	if (!json_is_string(prov) && !json_is_null(prov)) {
		snprintf(why, len, "its payload is malformed");
		return;
	}
	vclaims_add(&v->l, e, subj, json_object_get(o, "contact"), why, len);
}

static void
note_rm(struct vmedia *v, const struct audit_entry *e, json_t *o,
    int64_t subj, char *why, size_t len)
{
	int64_t id;

	if (vclaim_int(o, "id", &id) != 0 || id != subj ||
	    !json_is_string(json_object_get(o, "removed_at"))) {
		snprintf(why, len, "its payload is malformed");
		return;
	}
	vclaims_rm(&v->l, e, subj, o, why, len);
}

void
vmedia_note(struct vmedia *v, const struct audit_entry *e, json_t *o,
    char *why, size_t len)
{
	int64_t subj;

	why[0] = '\0';
	if (vclaim_subject(e, "media", &subj) != 0) {
		snprintf(why, len, "its subject is not media:<id>");
		return;
	}
	if (strcmp(e->action, AUDIT_MEDIA_RM) == 0)
		note_rm(v, e, o, subj, why, len);
	else
		note_add(v, e, o, subj, why, len);
}

int64_t
vmedia_live(const struct vmedia *v)
{
	return v != NULL ? vclaims_live(&v->l) : 0;
}

int
vmedia_walk(struct vmedia *v, struct db *db, char *why, size_t len,
    struct dp_err *err)
{
	struct media_contact *rows;
	char t[TIME_STRLEN];
	struct vclaim *c;
	size_t n, i;
	json_t *j;
	int rc;

	why[0] = '\0';
	if ((rc = db_media_list(db, 0, 1, &rows, &n, err)) != 0)
		return rc;
	for (i = 0; i < n && why[0] == '\0'; i++) {
		j = media_add_json(&rows[i]);
		c = vclaims_match(&v->l, rows[i].id, j, why, len);
		json_decref(j);
		if (c == NULL)
			break;
		if (rows[i].removed_at == 0 && c->rm_seq != 0)
			snprintf(why, len, "media contact %" PRId64 " is live, "
			    "but audit entry %" PRId64 " removed it",
			    rows[i].id, c->rm_seq);
		else if (rows[i].removed_at != 0 && c->rm_seq == 0)
			snprintf(why, len, "media contact %" PRId64 " is "
			    "marked removed, but no media.rm entry removed it",
			    rows[i].id);
		else if (rows[i].removed_at != 0) {
			fmt_time(rows[i].removed_at, t);
			if (rows[i].removed_seq != c->rm_seq || strcmp(t,
			    json_string_value(json_object_get(c->rm,
			    "removed_at"))) != 0)
				snprintf(why, len, "media contact %" PRId64
				    "'s removal is not what audit entry %"
				    PRId64 " recorded", rows[i].id,
				    c->rm_seq);
		}
	}
	if (why[0] == '\0')
		vclaims_missing(&v->l, 1, why, len);
	media_free(rows, n);
	return 0;
}
