/*
 * verify_bgp.c - the BGP imports held to their entries (verify_bgp.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_entry.h"
#include "bgp_obs.h"
#include "db_bgp.h"
#include "verify_bgp.h"

/* What one bgp.import entry recorded. */
struct claim {
	int64_t		 id;
	int64_t		 seq;
	json_t		*imp;		/* its "import" object */
	int		 seen;
};

struct vbgp {
	struct claim	*c;
	size_t		 n, cap;
};

struct vbgp *
vbgp_new(void)
{
	return xcalloc(1, sizeof(struct vbgp));
}

void
vbgp_free(struct vbgp *v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < v->n; i++)
		json_decref(v->c[i].imp);
	free(v->c);
	free(v);
}

static struct claim *
find(struct vbgp *v, int64_t id)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (v->c[i].id == id)
			return &v->c[i];
	return NULL;
}

void
vbgp_note(struct vbgp *v, const struct audit_entry *e, json_t *o, char *why,
    size_t len)
{
	json_t *imp = json_object_get(o, "import"),
	    *id = json_object_get(imp, "id"),
	    *seq = json_object_get(imp, "audit_seq"),
	    *sha = json_object_get(imp, "content_sha256");
	struct claim *cl;
	int64_t subj;
	char tail;

	why[0] = '\0';
	if (sscanf(e->subject, "bgp:%" SCNd64 "%c", &subj, &tail) != 1) {
		snprintf(why, len, "its subject is not bgp:<id>");
		return;
	}
	if (!json_is_object(imp) || !json_is_integer(id) ||
	    !json_is_integer(seq) || !json_is_string(sha) ||
	    json_integer_value(id) != subj) {
		snprintf(why, len, "its payload is malformed");
		return;
	}
	if (json_integer_value(seq) != e->seq) {
		snprintf(why, len, "it records BGP import %" PRId64 " with "
		    "audit seq %" PRId64 ", not its own", subj,
		    (int64_t)json_integer_value(seq));
		return;
	}
	if (find(v, subj) != NULL) {
		snprintf(why, len, "BGP import %" PRId64 " was recorded "
		    "before", subj);
		return;
	}
	GROW(v->c, v->n + 1, v->cap);
	cl = &v->c[v->n++];
	memset(cl, 0, sizeof(*cl));
	cl->id = subj;
	cl->seq = e->seq;
	cl->imp = json_incref(imp);
}

int64_t
vbgp_count(const struct vbgp *v)
{
	return v != NULL ? (int64_t)v->n : 0;
}

int
vbgp_walk(struct vbgp *v, struct db *db, char *why, size_t len,
    struct dp_err *err)
{
	struct bgp_import *imps = NULL;
	char hex[SHA256_HEXLEN];
	size_t n = 0, i;
	int64_t orphans;
	int rc;

	why[0] = '\0';
	if ((rc = db_bgp_import_list(db, &imps, &n, err)) != 0)
		return rc;
	for (i = 0; i < n && why[0] == '\0'; i++) {
		struct claim *cl = find(v, imps[i].id);
		json_t *row;

		if (cl == NULL) {
			snprintf(why, len, "BGP import %" PRId64 " has no "
			    "bgp.import entry", imps[i].id);
			break;
		}
		cl->seen = 1;
		row = bgp_import_to_json(&imps[i]);
		if (!json_equal(row, cl->imp))
			snprintf(why, len, "BGP import %" PRId64 " differs "
			    "from what audit entry %" PRId64 " recorded",
			    imps[i].id, cl->seq);
		json_decref(row);
		if (why[0] != '\0')
			break;
		if ((rc = db_bgp_obs_hash(db, imps[i].id, hex, err)) != 0)
			goto out;
		if (strcmp(hex, imps[i].content_sha256) != 0)
			snprintf(why, len, "the observations of BGP import %"
			    PRId64 " do not hash to what audit entry %" PRId64
			    " claims", imps[i].id, cl->seq);
	}
	for (i = 0; i < v->n && why[0] == '\0'; i++)
		if (!v->c[i].seen)
			snprintf(why, len, "BGP import %" PRId64 ", recorded "
			    "by audit entry %" PRId64 ", is missing",
			    v->c[i].id, v->c[i].seq);
	if (why[0] == '\0') {
		if ((rc = db_bgp_orphans(db, &orphans, err)) != 0)
			goto out;
		if (orphans > 0)
			snprintf(why, len, "%" PRId64 " BGP observation "
			    "row%s belong%s to no import", orphans,
			    orphans == 1 ? "" : "s", orphans == 1 ? "s" : "");
	}
out:
	bgp_imports_free(imps, n);
	return rc;
}
