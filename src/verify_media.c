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
#include "verify_media.h"

/* What the entries recorded of one contact. */
struct claim {
	int64_t		 id;
	int64_t		 seq;		/* media.add */
	json_t		*contact;	/* its "contact" object */
	int64_t		 rm_seq;	/* media.rm, or 0 */
	char		*removed_at;	/* its "removed_at" */
	int		 seen;
};

struct vmedia {
	struct claim	*c;
	size_t		 n, cap;
};

struct vmedia *
vmedia_new(void)
{
	return xcalloc(1, sizeof(struct vmedia));
}

void
vmedia_free(struct vmedia *v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < v->n; i++) {
		json_decref(v->c[i].contact);
		free(v->c[i].removed_at);
	}
	free(v->c);
	free(v);
}

static struct claim *
find(struct vmedia *v, int64_t id)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (v->c[i].id == id)
			return &v->c[i];
	return NULL;
}

static void
note_add(struct vmedia *v, const struct audit_entry *e, json_t *o,
    int64_t subj, char *why, size_t len)
{
	json_t *c = json_object_get(o, "contact"),
	    *id = json_object_get(c, "id"),
	    *seq = json_object_get(c, "audit_seq"),
	    *prov = json_object_get(o, "provider");
	struct claim *cl;

	if (!json_is_object(c) || !json_is_integer(id) ||
	    !json_is_integer(seq) || json_integer_value(id) != subj ||
	    (!json_is_string(prov) && !json_is_null(prov))) {
		snprintf(why, len, "its payload is malformed");
		return;
	}
	if (json_integer_value(seq) != e->seq) {
		snprintf(why, len, "it records media contact %" PRId64
		    " with audit seq %" PRId64 ", not its own", subj,
		    (int64_t)json_integer_value(seq));
		return;
	}
	if (find(v, subj) != NULL) {
		snprintf(why, len, "media contact %" PRId64 " was recorded "
		    "before", subj);
		return;
	}
	GROW(v->c, v->n + 1, v->cap);
	cl = &v->c[v->n++];
	memset(cl, 0, sizeof(*cl));
	cl->id = subj;
	cl->seq = e->seq;
	cl->contact = json_incref(c);
}

static void
note_rm(struct vmedia *v, const struct audit_entry *e, json_t *o,
    int64_t subj, char *why, size_t len)
{
	json_t *id = json_object_get(o, "id"),
	    *at = json_object_get(o, "removed_at");
	struct claim *cl;

	if (!json_is_integer(id) || json_integer_value(id) != subj ||
	    !json_is_string(at)) {
		snprintf(why, len, "its payload is malformed");
		return;
	}
	if ((cl = find(v, subj)) == NULL) {
		snprintf(why, len, "it removes media contact %" PRId64
		    ", which no media.add entry recorded", subj);
		return;
	}
	if (cl->rm_seq != 0) {
		snprintf(why, len, "media contact %" PRId64 " was removed "
		    "before, by audit entry %" PRId64, subj, cl->rm_seq);
		return;
	}
	cl->rm_seq = e->seq;
	cl->removed_at = xstrdup(json_string_value(at));
}

void
vmedia_note(struct vmedia *v, const struct audit_entry *e, json_t *o,
    char *why, size_t len)
{
	int64_t subj;

	why[0] = '\0';
	if (sscanf(e->subject, "media:%" SCNd64, &subj) != 1) {
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
	int64_t n = 0;
	size_t i;

	for (i = 0; v != NULL && i < v->n; i++)
		n += v->c[i].rm_seq == 0;
	return n;
}

int
vmedia_walk(struct vmedia *v, struct db *db, char *why, size_t len,
    struct dp_err *err)
{
	struct media_contact *rows;
	char t[TIME_STRLEN];
	struct claim *c;
	size_t n, i;
	json_t *j;
	int rc;

	why[0] = '\0';
	if ((rc = db_media_list(db, 0, 1, &rows, &n, err)) != 0)
		return rc;
	for (i = 0; i < n && why[0] == '\0'; i++) {
		if ((c = find(v, rows[i].id)) == NULL) {
			snprintf(why, len, "media contact %" PRId64 " has no "
			    "media.add entry", rows[i].id);
			break;
		}
		c->seen = 1;
		j = media_add_json(&rows[i]);
		if (!json_equal(j, c->contact))
			snprintf(why, len, "media contact %" PRId64 " is not "
			    "what audit entry %" PRId64 " recorded",
			    rows[i].id, c->seq);
		json_decref(j);
		if (why[0] != '\0')
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
			if (rows[i].removed_seq != c->rm_seq ||
			    strcmp(t, c->removed_at) != 0)
				snprintf(why, len, "media contact %" PRId64
				    "'s removal is not what audit entry %"
				    PRId64 " recorded", rows[i].id,
				    c->rm_seq);
		}
	}
	for (i = 0; i < v->n && why[0] == '\0'; i++)
		if (!v->c[i].seen)
			snprintf(why, len, "media contact %" PRId64 ", recorded "
			    "by audit entry %" PRId64 ", is missing",
			    v->c[i].id, v->c[i].seq);
	media_free(rows, n);
	return 0;
}
