/*
 * verify_bgp.c - the BGP imports held to their entries (verify_bgp.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "audit_entry.h"
#include "bgp_obs.h"
#include "db_bgp.h"
#include "verify_claims.h"
#include "verify_bgp.h"

/* Each claim records an import's "import" object; a bgp.rm entry
   records the same object, removed. */
struct vbgp {
	struct vclaims	 l;
};

struct vbgp *
vbgp_new(void)
{
	struct vbgp *v = xcalloc(1, sizeof(*v));

	vclaims_init(&v->l, "BGP import", "bgp.import", "differs from");
	return v;
}

void
vbgp_free(struct vbgp *v)
{
	if (v == NULL)
		return;
	vclaims_release(&v->l);
	free(v);
}

/* bgp.rm: the import removed must be the one its claim recorded. */
static void
note_rm(struct vbgp *v, const struct audit_entry *e, json_t *imp,
    int64_t subj, char *why, size_t len)
{
	struct vclaim *c;

	if ((c = vclaims_rm(&v->l, e, subj, imp, why, len)) != NULL &&
	    !json_equal(imp, c->rec))
		snprintf(why, len, "it removes BGP import %" PRId64 " but not "
		    "as audit entry %" PRId64 " recorded it", subj, c->seq);
}

void
vbgp_note(struct vbgp *v, const struct audit_entry *e, json_t *o, char *why,
    size_t len)
{
	json_t *imp = json_object_get(o, "import");
	int64_t subj;

	why[0] = '\0';
	if (vclaim_subject(e, "bgp", &subj) != 0) {
		snprintf(why, len, "its subject is not bgp:<id>");
		return;
	}
	if (!json_is_string(json_object_get(imp, "content_sha256"))) {
		snprintf(why, len, "its payload is malformed");
		return;
	}
	if (strcmp(e->action, AUDIT_BGP_RM) == 0)
		note_rm(v, e, imp, subj, why, len);
	else
		vclaims_add(&v->l, e, subj, imp, why, len);
}

int64_t
vbgp_count(const struct vbgp *v)
{
	return v != NULL ? vclaims_live(&v->l) : 0;
}

int
vbgp_walk(struct vbgp *v, struct db *db, char *why, size_t len,
    struct dp_err *err)
{
	struct bgp_import *imps = NULL;
	struct vclaim *cl;
	char hex[SHA256_HEXLEN];
	size_t n = 0, i;
	int64_t orphans;
	json_t *row;
	int rc;

	why[0] = '\0';
	if ((rc = db_bgp_import_list(db, &imps, &n, err)) != 0)
		return rc;
	for (i = 0; i < n && why[0] == '\0'; i++) {
		row = bgp_import_to_json(&imps[i]);
		cl = vclaims_match(&v->l, imps[i].id, row, why, len);
		json_decref(row);
		if (cl == NULL)
			break;
		if (cl->rm_seq != 0) {
			snprintf(why, len, "BGP import %" PRId64 ", removed by "
			    "audit entry %" PRId64 ", is still there",
			    imps[i].id, cl->rm_seq);
			break;
		}
		if ((rc = db_bgp_obs_hash(db, imps[i].id, hex, why, len,
		    err)) != 0)
			goto out;
		if (why[0] == '\0' && strcmp(hex, imps[i].content_sha256) != 0)
			snprintf(why, len, "the observations of BGP import %"
			    PRId64 " do not hash to what audit entry %" PRId64
			    " claims", imps[i].id, cl->seq);
	}
	if (why[0] == '\0')
		vclaims_missing(&v->l, 0, why, len);
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
