/*
 * bgp_import.c - MRT files read through mrt.h into observations and
 * stored (bgp_store_import(), declared in bgp_store.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp_store.h"
#include "db.h"
#include "exitcodes.h"
#include "mrt.h"


/* The reader's warnings of one file. */
struct warns {
	json_t		*kept;		/* the first BGP_WARNINGS_KEPT */
	int64_t		 n;
};

static void
on_warn(void *arg, uint64_t offset, const char *msg)
{
	struct warns *w = arg;

	if (w->n++ < BGP_WARNINGS_KEPT) {
		char *s = xasprintf("offset %llu: %s",
		    (unsigned long long)offset, msg);

		json_array_append_new(w->kept, json_string(s));
		free(s);
	}
}

/* Read one file into imp and r (owned by o). */
static int
read_file(const char *path, const int64_t *date, struct bgp_obs *o,
    struct bgp_import *imp, struct bgp_obs_result *r, struct dp_err *err)
{
	struct mrt_reader *rd = NULL;
	struct mrt_elem e;
	struct warns w;
	const struct mrt_stats *st;
	int64_t nrib = 0, nupd = 0, tmin = 0, tmax = 0;
	int rc;

	memset(imp, 0, sizeof(*imp));
	w.kept = json_array();
	w.n = 0;
	if ((rc = mrt_open(path, &rd, err)) != 0)
		goto out;
	mrt_set_warn(rd, on_warn, &w);
	while ((rc = mrt_next(rd, &e, err)) == 1) {
		/* Multicast routes are not the unicast reachability that
		   transit is about. */
		if (e.type == MRT_STATE || e.safi == 2)
			continue;
		if (nrib + nupd == 0 || e.time < tmin)
			tmin = e.time;
		if (nrib + nupd == 0 || e.time > tmax)
			tmax = e.time;
		switch (e.type) {
		case MRT_RIB:
			nrib++;
			bgp_obs_path(o, &e.peer_ip, e.peer_as, &e.prefix,
			    e.has_path_id ? e.path_id : 0, e.path, e.npath,
			    e.path_has_set, 0);
			break;
		case MRT_ANNOUNCE:
			nupd++;
			bgp_obs_path(o, &e.peer_ip, e.peer_as, &e.prefix,
			    e.has_path_id ? e.path_id : 0, e.path, e.npath,
			    e.path_has_set, 1);
			break;
		case MRT_WITHDRAW:
			nupd++;
			bgp_obs_withdraw(o, &e.peer_ip, e.peer_as, &e.prefix,
			    e.has_path_id ? e.path_id : 0);
			break;
		default:
			break;
		}
	}
	if (rc < 0) {
		rc = err->code != 0 ? err->code : DP_EX_DATAERR;
		dp_err_prefix(err, "%s", path);
		goto out;
	}
	if (nrib + nupd == 0) {
		rc = dp_fail(err, DP_EX_DATAERR, "'%s' holds no route (no RIB "
		    "entry, announcement or withdrawal)", path);
		goto out;
	}
	st = mrt_stats(rd);
	bgp_obs_finish(o, r);
	imp->file_name = xstrdup(path);
	imp->file_sha256 = xstrdup(mrt_file_sha256(rd));
	imp->file_size = (int64_t)mrt_file_size(rd);
	imp->kind = nrib >= nupd ? "rib" : "updates";
	if (date != NULL)
		imp->observed_at = *date;
	else if (nrib >= nupd)
		imp->observed_at = mrt_first_time(rd);
	else
		imp->observed_at = tmax;
	imp->has_span = 1;
	imp->first_time = tmin;
	imp->last_time = tmax;
	imp->records = (int64_t)st->records;
	imp->elems = (int64_t)st->elems;
	imp->paths = r->accepted;
	memcpy(imp->dropped, r->dropped, sizeof(imp->dropped));
	imp->withdrawals = r->withdrawals;
	imp->vantage = r->vantage;
	imp->truncated = st->truncated != 0;
	imp->warnings = json_dumps(w.kept, JSON_COMPACT);
	imp->nwarnings = w.n;
	imp->content_sha256 = xcalloc(1, SHA256_HEXLEN);
	bgp_obs_result_hash(r, imp->content_sha256);
	rc = 0;
out:
	json_decref(w.kept);
	if (rd != NULL)
		mrt_close(rd);
	if (rc != 0)
		bgp_import_release(imp);
	return rc;
}

int
bgp_store_import(struct db *db, char *const *files, size_t n,
    const int64_t *date, int64_t now, struct bgp_import **out, size_t *nout,
    struct dp_err *err)
{
	struct bgp_import *v = xcalloc(n + 1, sizeof(*v));
	size_t i, done = 0;
	int rc;

	/*
	 * Foreign keys are off for the bulk insert (as evidence import does):
	 * with them on SQLite looks the import row up again for each of the
	 * tens of thousands of observation rows that point to it, which was
	 * about a third of the time spent in SQLite.  The rows are written
	 * right after their import row, in the same transaction, and verify
	 * checks both the rows' imports and the imports' audit entries.
	 */
	if ((rc = db_foreign_keys(db, 0, err)) != 0) {
		free(v);
		return rc;
	}
	if ((rc = db_begin(db, err)) != 0) {
		db_foreign_keys(db, 1, NULL);
		free(v);
		return rc;
	}
	for (i = 0; i < n && rc == 0; i++) {
		struct bgp_obs *o = bgp_obs_new();
		struct bgp_obs_result r;

		if ((rc = read_file(files[i], date, o, &v[i], &r, err)) == 0) {
			done++;
			rc = bgp_store_write(db, &v[i], &r, now, err);
		}
		bgp_obs_free(o);
	}
	if (rc == 0)
		rc = db_commit(db, err);
	if (rc != 0)
		db_rollback(db);
	db_foreign_keys(db, 1, NULL);
	if (rc != 0) {
		bgp_imports_free(v, done);
		return rc;
	}
	*out = v;
	*nout = n;
	return 0;
}

