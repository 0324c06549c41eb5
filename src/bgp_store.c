/*
 * bgp_store.c - MRT files imported into observations, relationships,
 * and the per-origin reads of "upstreams" (bgp_store.h).
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit.h"
#include "bgp_store.h"
#include "db.h"
#include "exitcodes.h"
#include "ipnet.h"
#include "openin.h"
#include "validate.h"

/* ---- import ---- */

/* The claimed hash of the observations, computed on a thread of its
   own as the fold hands each part over. */
struct hash_job {
	struct bgp_obs	*o;
	char		 hex[SHA256_HEXLEN];
};

static void *
hash_main(void *arg)
{
	struct hash_job *j = arg;

	bgp_obs_hash_folded(j->o, j->hex);
	return NULL;
}

int
bgp_store_write(struct db *db, struct bgp_import *imp, struct bgp_obs *o,
    int64_t now, struct dp_err *err)
{
	struct hash_job job;
	pthread_t tid;
	char subject[40];
	int64_t seq, got, dup;
	int rc, threaded;

	/* The same observations twice would count every path twice. */
	if ((rc = db_bgp_import_find(db, imp->file_sha256, imp->observed_at,
	    &dup, err)) != 0)
		return rc;
	if (dup != 0)
		return dp_fail(err, DP_EX_DATAERR, "'%s' is imported already, "
		    "with the same date, as bgp import %lld", imp->file_name,
		    (long long)dup);
	if ((rc = db_audit_next_seq(db, &seq, err)) != 0 ||
	    (rc = db_bgp_import_next_id(db, &imp->id, err)) != 0)
		return rc;
	imp->created_at = now;
	imp->audit_seq = seq;
	/*
	 * Each part of the observations is stored as soon as it is folded
	 * (bgp_obs_wait()), and the claimed hash of them all is computed
	 * meanwhile, a part as it is folded; the import's row, which holds
	 * the hash, comes last.  Foreign keys are off for the bulk insert
	 * (bgp_store_import()).
	 */
	job.o = o;
	threaded = pthread_create(&tid, NULL, hash_main, &job) == 0;
	if ((rc = db_bgp_obs_add_part(db, imp->id, bgp_obs_wait(o,
	    BGP_PART_ORIGINS), BGP_PART_ORIGINS, err)) == 0 &&
	    (rc = db_bgp_obs_add_part(db, imp->id, bgp_obs_wait(o,
	    BGP_PART_LINKS), BGP_PART_LINKS, err)) == 0)
		rc = db_bgp_obs_add_part(db, imp->id, bgp_obs_wait(o,
		    BGP_PART_TRIPLETS), BGP_PART_TRIPLETS, err);
	if (threaded)
		pthread_join(tid, NULL);
	else
		hash_main(&job);
	if (rc != 0)
		return rc;
	free(imp->content_sha256);
	imp->content_sha256 = xstrdup(job.hex);
	if ((rc = db_bgp_import_add(db, imp, err)) != 0)
		return rc;
	snprintf(subject, sizeof(subject), "bgp:%lld", (long long)imp->id);
	rc = audit_record(db, AUDIT_BGP_IMPORT, subject, now,
	    json_pack("{s:o}", "import", bgp_import_to_json(imp)), &got,
	    err);
	if (rc == 0 && got != seq)
		die("BUG: the bgp.import entry got %lld, not %lld",
		    (long long)got, (long long)seq);
	return rc;
}

int
bgp_store_list(struct db *db, struct bgp_import **out, size_t *n,
    struct dp_err *err)
{
	return db_bgp_import_list(db, out, n, err);
}

/* ---- relationships ---- */

int
bgp_store_relationships(struct db *db, struct asrel_graph *g,
    struct dp_err *err)
{
	int64_t k;

	return bgp_store_relationships_window(db, INT64_MIN, INT64_MAX, g,
	    &k, err);
}

int
bgp_store_compare(const struct asrel_graph *g, const char *path,
    struct asrel_cmp *out, struct dp_err *err)
{
	struct asrel *ref = NULL;
	struct stat st;
	size_t nref = 0, len = 0, cap = 0;
	char *buf = NULL;
	ssize_t k;
	int fd, rc;

	if ((rc = open_regular(path, &fd, &st, err)) != 0)
		return rc;
	for (;;) {
		GROW(buf, len + 65536, cap);
		if ((k = read(fd, buf + len, cap - len)) < 0) {
			rc = dp_fail(err, DP_EX_IOERR, "cannot read '%s': %s",
			    path, strerror(errno));
			break;
		}
		if (k == 0)
			break;
		len += (size_t)k;
	}
	close(fd);
	if (rc == 0 && (rc = asrel_parse_caida(buf, len, &ref, &nref,
	    err)) != 0)
		dp_err_prefix(err, "%s", path);
	free(buf);
	if (rc != 0)
		return rc;
	asrel_compare(g->links, g->nlinks, ref, nref, out);
	free(ref);
	return 0;
}

/* ---- upstreams ---- */

void
bgp_cands_release(struct bgp_cands *c)
{
	free(c->v);
	memset(c, 0, sizeof(*c));
}

int
bgp_store_candidates(struct db *db, uint32_t asn, struct bgp_cands *out,
    struct dp_err *err)
{
	struct bgp_seen *s = NULL;
	struct bgp_cands c;
	struct asrel_graph g;
	struct bgp_import imp;
	size_t ns = 0, i, last;
	int rc;

	memset(&c, 0, sizeof(c));
	if ((rc = db_bgp_origin_history(db, asn, &s, &ns, err)) != 0)
		return rc;
	for (i = ns, last = ns; i > 0; i--)
		if (s[i - 1].present) {
			last = i - 1;
			break;
		}
	if (last == ns) {
		bgp_seen_free(s, ns);
		*out = c;
		return 0;
	}
	if ((rc = db_bgp_import_get(db, s[last].import_id, &imp, err)) != 0 ||
	    (rc = bgp_store_relationships(db, &g, err)) != 0) {
		bgp_seen_free(s, ns);
		return rc;
	}
	c.import_id = s[last].import_id;
	c.observed_at = s[last].observed_at;
	c.vantage = imp.vantage;
	c.announced = s[last].announced;
	c.v = xcalloc(s[last].nups + 1, sizeof(*c.v));
	for (i = 0; i < s[last].nups; i++) {
		c.v[i].upstream = s[last].ups[i].upstream;
		c.v[i].paths = s[last].ups[i].paths;
		c.v[i].vantage = s[last].ups[i].vantage;
		c.v[i].rel = asrel_get(&g, c.v[i].upstream, asn);
	}
	c.n = s[last].nups;
	bgp_import_release(&imp);
	asrel_graph_release(&g);
	bgp_seen_free(s, ns);
	*out = c;
	return 0;
}

void
bgp_hist_release(struct bgp_hist *h)
{
	size_t i;

	for (i = 0; i < h->n; i++) {
		free(h->v[i].ups);
		free(h->v[i].gained);
		free(h->v[i].lost);
	}
	free(h->v);
	memset(h, 0, sizeof(*h));
}

static int
has_up(const struct bgp_upstream *v, size_t n, uint32_t asn)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i].upstream == asn)
			return 1;
	return 0;
}

/* The upstreams of a not in b, into *out (ascending). */
static void
diff_ups(const struct bgp_hist_point *a, const struct bgp_hist_point *b,
    uint32_t **out, size_t *n)
{
	size_t i, j, k;

	*out = xcalloc(a->nups + 1, sizeof(**out));
	*n = 0;
	for (i = 0; i < a->nups; i++)
		if (!has_up(b->ups, b->nups, a->ups[i].upstream)) {
			uint32_t x = a->ups[i].upstream;

			for (j = *n; j > 0 && (*out)[j - 1] > x; j--)
				;
			for (k = *n; k > j; k--)
				(*out)[k] = (*out)[k - 1];
			(*out)[j] = x;
			(*n)++;
		}
}

int
bgp_store_history(struct db *db, uint32_t asn, struct bgp_hist *out,
    struct dp_err *err)
{
	struct bgp_seen *s = NULL;
	struct bgp_hist h;
	const struct bgp_hist_point *prev = NULL;
	uint32_t *seen = NULL;
	size_t ns = 0, i, k, nseen = 0, cseen = 0;
	int rc;

	memset(&h, 0, sizeof(h));
	if ((rc = db_bgp_origin_history(db, asn, &s, &ns, err)) != 0)
		return rc;
	h.v = xcalloc(ns + 1, sizeof(*h.v));
	for (i = 0; i < ns; i++) {
		struct bgp_hist_point *p;

		/* An updates file without the origin says nothing. */
		if (!s[i].present && strcmp(s[i].kind, "rib") != 0)
			continue;
		p = &h.v[h.n++];
		p->import_id = s[i].import_id;
		p->observed_at = s[i].observed_at;
		p->kind = s[i].kind;
		p->announced = s[i].present && s[i].announced;
		p->prefixes = s[i].prefixes;
		p->paths = s[i].paths;
		p->vantage = s[i].vantage;
		p->ups = s[i].ups;
		p->nups = s[i].nups;
		s[i].ups = NULL;
		s[i].nups = 0;
		if (!p->announced) {
			h.gaps++;
			continue;
		}
		for (k = 0; k < p->nups; k++) {
			size_t j;

			for (j = 0; j < nseen; j++)
				if (seen[j] == p->ups[k].upstream)
					break;
			if (j == nseen) {
				GROW(seen, nseen + 1, cseen);
				seen[nseen++] = p->ups[k].upstream;
			}
		}
		if (prev != NULL) {
			diff_ups(p, prev, &p->gained, &p->ngained);
			diff_ups(prev, p, &p->lost, &p->nlost);
			if (p->ngained + p->nlost > 0)
				h.changes++;
		}
		prev = p;
	}
	h.distinct = nseen;
	free(seen);
	bgp_seen_free(s, ns);
	*out = h;
	return 0;
}

static json_t *
asn_array(const uint32_t *v, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_integer(v[i]));
	return a;
}

json_t *
bgp_hist_to_json(const struct bgp_hist *h)
{
	json_t *o = json_object(), *pts = json_array();
	char t[TIME_STRLEN];
	size_t i, k;

	for (i = 0; i < h->n; i++) {
		const struct bgp_hist_point *p = &h->v[i];
		json_t *x = json_object(), *ups = json_array();

		for (k = 0; k < p->nups; k++)
			json_array_append_new(ups, json_pack("{s:I,s:I,s:I}",
			    "upstream", (json_int_t)p->ups[k].upstream,
			    "paths", (json_int_t)p->ups[k].paths,
			    "vantage_points", (json_int_t)p->ups[k].vantage));
		fmt_time(p->observed_at, t);
		json_object_set_new(x, "import", json_integer(p->import_id));
		json_object_set_new(x, "observed_at", json_string(t));
		json_object_set_new(x, "kind", json_string(p->kind));
		json_object_set_new(x, "announced", json_boolean(p->announced));
		json_object_set_new(x, "prefixes", json_integer(p->prefixes));
		json_object_set_new(x, "paths", json_integer(p->paths));
		json_object_set_new(x, "vantage_points",
		    json_integer(p->vantage));
		json_object_set_new(x, "upstreams", ups);
		json_object_set_new(x, "gained", asn_array(p->gained,
		    p->ngained));
		json_object_set_new(x, "lost", asn_array(p->lost, p->nlost));
		json_array_append_new(pts, x);
	}
	json_object_set_new(o, "observations", pts);
	json_object_set_new(o, "distinct_upstreams",
	    json_integer((json_int_t)h->distinct));
	json_object_set_new(o, "changes", json_integer((json_int_t)h->changes));
	json_object_set_new(o, "gaps", json_integer((json_int_t)h->gaps));
	return o;
}

/* ---- bgp list, bgp rm, relationships over a window of dates ---- */

int
bgp_store_list_origins(struct db *db, struct bgp_import **out,
    int64_t **origins, size_t *n, struct dp_err *err)
{
	struct bgp_import *v = NULL;
	int64_t *o = NULL;
	size_t nv = 0, i;
	int rc;

	if ((rc = db_begin_read(db, err)) != 0)
		return rc;
	if ((rc = db_bgp_import_list(db, &v, &nv, err)) == 0) {
		o = xcalloc(nv + 1, sizeof(*o));
		for (i = 0; i < nv && rc == 0; i++)
			rc = db_bgp_origin_count(db, v[i].id, &o[i], err);
	}
	db_rollback(db);
	if (rc != 0) {
		bgp_imports_free(v, nv);
		free(o);
		return rc;
	}
	*out = v;
	*origins = o;
	*n = nv;
	return 0;
}

int
bgp_store_rm(struct db *db, int64_t id, int64_t now, struct bgp_import *out,
    int64_t *seq, struct dp_err *err)
{
	struct bgp_import imp;
	char subject[40];
	int rc;

	if ((rc = db_begin(db, err)) != 0)
		return rc;
	if ((rc = db_bgp_import_get(db, id, &imp, err)) != 0)
		goto fail;
	snprintf(subject, sizeof(subject), "bgp:%lld", (long long)id);
	if ((rc = db_bgp_import_rm(db, id, err)) != 0 ||
	    (rc = audit_record(db, AUDIT_BGP_RM, subject, now,
	    json_pack("{s:o}", "import", bgp_import_to_json(&imp)), seq,
	    err)) != 0 || (rc = db_commit(db, err)) != 0) {
		bgp_import_release(&imp);
		goto fail;
	}
	*out = imp;
	return 0;
fail:
	db_rollback(db);
	return rc;
}

int
bgp_store_relationships_window(struct db *db, int64_t from, int64_t to,
    struct asrel_graph *g, int64_t *nimports, struct dp_err *err)
{
	struct bgp_link *l = NULL;
	struct bgp_triplet *t = NULL;
	size_t nl = 0, nt = 0;
	int64_t k = 0;
	int rc;

	if ((rc = db_begin_read(db, err)) != 0)
		return rc;
	if ((rc = db_bgp_import_count_window(db, from, to, &k, err)) == 0 &&
	    (rc = db_bgp_links_window(db, from, to, &l, &nl, err)) == 0)
		rc = db_bgp_triplets_window(db, from, to, &t, &nt, err);
	db_rollback(db);
	if (rc == 0 && nl == 0 && from == INT64_MIN && to == INT64_MAX)
		rc = dp_fail(err, DP_EX_NOINPUT, "no BGP path imported; run "
		    "'depeer bgp import FILE' first");
	else if (rc == 0 && nl == 0)
		rc = dp_fail(err, DP_EX_NOINPUT, "no BGP path imported with a "
		    "date in the window asked (%lld import%s in it)",
		    (long long)k, k == 1 ? "" : "s");
	if (rc == 0) {
		asrel_infer(l, nl, t, nt, g);
		*nimports = k;
	}
	free(l);
	free(t);
	return rc;
}
