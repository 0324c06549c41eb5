/*
 * evidence_store.c - recording one evidence row with its attached files:
 * the files hashed, then stored with the row and its audit entry in one
 * transaction.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "audit.h"
#include "clock.h"
#include "db.h"
#include "evidence.h"
#include "evidence_store.h"
#include "exitcodes.h"
#include "openin.h"
#include "provider.h"

/* Hash a file to attach, checking it is a regular file within limits. */
static int
hash_file(struct evfile *f, struct dp_err *err)
{
	struct sha256 *h;
	unsigned char d[SHA256_LEN], *chunk;
	struct stat sb;
	const char *base;
	FILE *fp;
	size_t n;
	int64_t total = 0;
	int rc = 0;

	/* Opened without waiting: a FIFO or device is refused (openin.h). */
	if ((rc = fopen_regular(f->path, &fp, &sb, err)) != 0)
		return rc;
	if (sb.st_size > EV_MAX_FILE) {
		fclose(fp);
		return dp_fail(err, DP_EX_DATAERR, "'%s' is %lld bytes; the "
		    "limit for an attached file is %lld", f->path,
		    (long long)sb.st_size, EV_MAX_FILE);
	}
	h = sha256_new();
	chunk = xmalloc(65536);
	while ((n = fread(chunk, 1, 65536, fp)) > 0) {
		sha256_update(h, chunk, n);
		total += (int64_t)n;
		if (total > EV_MAX_FILE)
			break;
	}
	if (ferror(fp))
		rc = dp_fail(err, DP_EX_IOERR, "cannot read '%s': %s",
		    f->path, strerror(errno));
	else if (total > EV_MAX_FILE)
		rc = dp_fail(err, DP_EX_DATAERR, "'%s' grew past the limit "
		    "for an attached file", f->path);
	fclose(fp);
	free(chunk);
	sha256_final(h, d);
	sha256_free(h);
	if (rc != 0)
		return rc;
	sha256_hex(d, f->sha256);
	f->size = total;
	base = strrchr(f->path, '/');
	base = base != NULL ? base + 1 : f->path;
	if (*base == '\0')
		return dp_fail(err, DP_EX_NOINPUT, "'%s' names no file",
		    f->path);
	if (!utf8_valid(base, strlen(base), NULL))
		return dp_fail(err, DP_EX_DATAERR, "file name '%s' is not "
		    "valid UTF-8; rename the file", base);
	free(f->name);
	f->name = xstrdup(base);
	return 0;
}

int
evidence_add(struct db *db, const char *provider, struct evidence *e,
    struct dp_err *err)
{
	struct provider p = PROVIDER_INIT;
	struct db_ev_inserter *ins = NULL;
	struct sha256 *h = NULL;
	json_t *extra, *files;
	unsigned char agg[SHA256_LEN];
	char subject[64];
	int64_t seq, id;
	size_t i;
	int rc;

	/*
	 * The provider is found, and the files hashed, before the write lock
	 * is taken: a provider that is not there is named before a file that
	 * is not, and reading a large capture keeps no other writer waiting.
	 */
	if ((rc = db_provider_find(db, provider, &p, err)) != 0)
		return rc;
	e->provider_id = p.id;
	free(e->provider_name);
	e->provider_name = p.name;
	p.name = NULL;
	provider_release(&p);
	for (i = 0; i < e->nfiles; i++)
		if ((rc = hash_file(&e->files[i], err)) != 0)
			return rc;
	if ((rc = db_begin(db, err)) != 0)
		return rc;
	e->recorded_at = clock_now();
	for (i = 0; i < e->nfiles; i++)
		if ((rc = db_artifact_store(db, e->files[i].path,
		    e->files[i].sha256, e->files[i].size, e->recorded_at,
		    &e->files[i].artifact_id, err)) != 0)
			goto fail;
	if ((rc = db_evidence_next_id(db, &id, err)) != 0 ||
	    (rc = db_audit_next_seq(db, &seq, err)) != 0)
		goto fail;
	e->id = id;
	e->audit_seq = seq;
	h = sha256_new();
	evidence_hash(e, h);
	if ((ins = db_ev_inserter_new(db, err)) == NULL) {
		rc = err->code;
		goto fail;
	}
	if ((rc = db_ev_insert(ins, e, err)) != 0 ||
	    (rc = db_ev_flush(ins, err)) != 0)
		goto fail;
	extra = json_object();
	json_object_set_new(extra, "provider_id", json_integer(e->provider_id));
	files = json_array();
	for (i = 0; i < e->nfiles; i++)
		json_array_append_new(files, json_string(e->files[i].sha256));
	json_object_set_new(extra, "files", files);
	sha256_update(h, e->row_hash, SHA256_LEN);
	sha256_final(h, agg);
	snprintf(subject, sizeof(subject), "evidence:%lld", (long long)id);
	if ((rc = audit_record(db, AUDIT_EVIDENCE_ADD, subject, e->recorded_at,
	    evidence_rows_claim(extra, NULL, NULL, 1, id, id, agg), &seq,
	    err)) != 0)
		goto fail;
	if (seq != e->audit_seq)
		die("audit sequence moved inside a transaction");
	rc = db_commit(db, err);
	goto out;
fail:
	db_rollback(db);
out:
	db_ev_inserter_free(ins);
	sha256_free(h);
	return rc;
}

/* Keep the one record loaded (a deep copy into arg). */
static int
copy_one(const struct evidence *e, void *arg)
{
	evidence_copy(arg, e);
	return 0;
}

int
evidence_retract(struct db *db, const int64_t *ids, size_t n,
    const char *reason, struct evidence *out, struct dp_err *err)
{
	struct ev_filter f;
	char subject[64], t[TIME_STRLEN];
	int64_t at, seq, got;
	size_t i;
	int rc;

	for (i = 0; i < n; i++)
		memset(&out[i], 0, sizeof(out[i]));
	if ((rc = evidence_reason_check(reason, err)) != 0)
		return rc;
	if ((rc = db_begin(db, err)) != 0)
		return rc;
	at = clock_now();
	for (i = 0; i < n; i++) {
		memset(&f, 0, sizeof(f));
		f.id = ids[i];
		if ((rc = db_evidence_iter(db, &f, copy_one, &out[i],
		    err)) != 0)
			goto fail;
		if (out[i].id == 0) {
			rc = dp_fail(err, DP_EX_NOINPUT, "no evidence with id "
			    "%lld; nothing was retracted", (long long)ids[i]);
			goto fail;
		}
		if (out[i].retracted) {
			fmt_time(out[i].retracted_at, t);
			rc = dp_fail(err, DP_EX_DATAERR, "evidence %lld was "
			    "already retracted at %s (audit entry %lld); "
			    "nothing was retracted", (long long)ids[i], t,
			    (long long)out[i].retract_seq);
			goto fail;
		}
		if ((rc = db_audit_next_seq(db, &seq, err)) != 0 ||
		    (rc = db_evidence_retract(db, ids[i], reason, at, seq,
		    err)) != 0)
			goto fail;
		snprintf(subject, sizeof(subject), "evidence:%lld",
		    (long long)ids[i]);
		if ((rc = audit_record(db, AUDIT_EVIDENCE_RETRACT, subject, at,
		    evidence_retract_claim(&out[i], reason), &got, err)) != 0)
			goto fail;
		if (got != seq)
			die("audit sequence moved inside a transaction");
		out[i].retracted = 1;
		out[i].retract_reason = xstrdup(reason);
		out[i].retracted_at = at;
		out[i].retract_seq = seq;
	}
	if ((rc = db_commit(db, err)) != 0)
		goto release;
	return 0;
fail:
	db_rollback(db);
release:
	for (i = 0; i < n; i++)
		evidence_release(&out[i]);
	return rc;
}
