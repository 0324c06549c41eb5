/*
 * evidence_import.c - bulk import of evidence from CSV or JSON Lines: a
 * reader thread parses and validates records while the calling thread
 * numbers, hashes and inserts them, all rows and their one audit entry
 * in one transaction.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "advice.h"
#include "ascii.h"
#include "audit.h"
#include "buf.h"
#include "clock.h"
#include "csv.h"
#include "db.h"
#include "db_import.h"
#include "evidence.h"
#include "evidence_import.h"
#include "exitcodes.h"
#include "keyset.h"
#include "provider.h"
#include "validate.h"

/* Longest JSON Lines record accepted, in bytes. */
#define JSONL_MAX_LINE	(1024 * 1024)

enum col {
	COL_PROVIDER,
	COL_KIND,
	COL_INDICATOR,
	COL_OBSERVED_AT,
	COL_FAMILY,
	COL_SOURCE,
	COL_NOTE,
	NCOLS
};

static const char *const col_names[NCOLS] = {
	"provider", "kind", "indicator", "observed_at", "family", "source",
	"note",
};

/*
 * The providers an import may name, loaded once at its start so that the
 * reader thread resolves names without touching the database.  Names
 * compare as SQLite's NOCASE does (ASCII letters only).
 */
struct pname {
	char		*name;
	int64_t		 id;
};

/*
 * Duplicate detection.  A row's key (provider, kind, canonical indicator,
 * observed time) is hashed with SHA-256 and the first 128 bits kept: the
 * same collision resistance the audit chain already relies on, so equal
 * digests are taken as equal keys without a second look at the rows.  The
 * digests of the input's rows go in an open-addressing table as they are
 * written, which finds the rows that repeat earlier ones; then one pass
 * over the stored rows probes it.  Memory grows with the input, not with
 * the case, and the store is read once however large the input; an index
 * on the evidence table would instead cost every insert.
 */
struct dupset {
	struct keyset	 keys;		/* the input's rows' keys, by index */
	struct sha256	*h;
	long		*lines;		/* line of each row of the input */
	size_t		 caplines;
	unsigned char	*matched;	/* rows found stored, by index */
};

struct importer {
	struct db		*db;
	int			 dry_run;
	int			 check_dups;
	int			 refusing;	/* a duplicate was found */
	volatile sig_atomic_t	*stop;
	struct import_result	*res;
	struct dupset		 dups;
	const char		*default_provider;
	int64_t			 default_id;
	struct pname		*names;
	size_t			 nnames;
	struct db_ev_inserter	*ins;
	struct sha256		*rowh;
	struct sha256		*keyh;	/* the writer's, for keys */
	struct sha256		*agg;
	int64_t			 next_id, first_id, seq, now, rows;
	struct advice_rows	 adv;	/* warnings, gathered by the reader */
};

/* The same rule as db_provider_find(): a name, else an all-digit id. */
static int
resolve_provider(const struct importer *im, const char *key, int64_t *id,
    struct dp_err *err)
{
	const char *c;
	size_t i;

	if (key == NULL) {
		if (im->default_id == 0)
			return dp_fail(err, DP_EX_DATAERR, "provider is "
			    "missing (give --provider or fill the column)");
		*id = im->default_id;
		return 0;
	}
	*id = 0;
	for (i = 0; i < im->nnames && *id == 0; i++)
		if (ascii_casecmp(im->names[i].name, key) == 0)
			*id = im->names[i].id;
	for (c = key; *id == 0 && *c >= '0' && *c <= '9'; c++)
		;
	if (*id == 0 && *key != '\0' && *c == '\0' && c - key <= 18)
		for (i = 0; i < im->nnames && *id == 0; i++)
			if (im->names[i].id == strtoll(key, NULL, 10))
				*id = im->names[i].id;
	if (*id == 0)
		return dp_fail(err, DP_EX_DATAERR, "no provider named '%s' "
		    "(see 'depeer provider list')", key);
	if (im->default_id != 0 && *id != im->default_id)
		return dp_fail(err, DP_EX_DATAERR, "provider '%s' differs from "
		    "--provider '%s'", key, im->default_provider);
	return 0;
}

static int
load_names(struct importer *im, struct dp_err *err)
{
	struct provider *list;
	size_t n, i;
	int rc;

	if ((rc = db_provider_list(im->db, &list, &n, err)) != 0)
		return rc;
	im->names = xcalloc(n ? n : 1, sizeof(*im->names));
	for (i = 0; i < n; i++) {
		im->names[i].name = list[i].name;
		im->names[i].id = list[i].id;
		list[i].name = NULL;
		provider_release(&list[i]);
	}
	im->nnames = n;
	free(list);
	return 0;
}

static void
dup_digest(struct sha256 *h, int64_t provider_id, const char *kind,
    const char *indicator, int has_observed, int64_t observed_at,
    uint64_t d[2])
{
	unsigned char msg[512], out[SHA256_LEN];
	size_t lk = strlen(kind) + 1, li = strlen(indicator) + 1;
	int i;

	/* Fixed-width numbers, then two NUL-ended strings: unambiguous. */
	for (i = 0; i < 8; i++) {
		msg[i] = (unsigned char)((uint64_t)provider_id >> (8 * i));
		msg[9 + i] = (unsigned char)((uint64_t)observed_at >> (8 * i));
	}
	msg[8] = has_observed ? 1 : 0;
	if (!has_observed)
		memset(msg + 9, 0, 8);
	/*
	 * One update for the usual short key: each update through the EVP
	 * layer cost as much as hashing a block.
	 */
	if (17 + lk + li <= sizeof(msg)) {
		memcpy(msg + 17, kind, lk);
		memcpy(msg + 17 + lk, indicator, li);
		sha256_update(h, msg, 17 + lk + li);
	} else {
		sha256_update(h, msg, 17);
		sha256_update(h, kind, lk);
		sha256_update(h, indicator, li);
	}
	sha256_final(h, out);
	memcpy(d, out, 2 * sizeof(uint64_t));
}

/*
 * A stored row: if a row of the input has its key, count that row once
 * and keep the IMPORT_DUP_SHOW lowest lines as examples.
 */
static int
dup_stored_key(const struct ev_key *k, void *arg)
{
	struct importer *im = arg;
	struct dupset *s = &im->dups;
	struct import_result *res = im->res;
	struct import_dup x;
	uint64_t d[2];
	int64_t v, n, i;

	dup_digest(s->h, k->provider_id, k->kind, k->indicator,
	    k->has_observed, k->observed_at, d);
	if ((v = keyset_find(&s->keys, d)) < 0 || s->matched[v])
		return 0;
	s->matched[v] = 1;
	memset(&x, 0, sizeof(x));
	x.line = s->lines[v];
	x.stored_id = k->id;
	n = res->dup_stored < IMPORT_DUP_SHOW ? res->dup_stored :
	    IMPORT_DUP_SHOW;
	for (i = n; i > 0 && res->stored[i - 1].line > x.line; i--)
		if (i < IMPORT_DUP_SHOW)
			res->stored[i] = res->stored[i - 1];
	if (i < IMPORT_DUP_SHOW)
		res->stored[i] = x;
	res->dup_stored++;
	return 0;
}

/*
 * Check one row of the input, whose key has the digest d (writer thread);
 * 1 if it is a duplicate, -1 if the input has too many rows to check.
 */
static int
dup_check(struct importer *im, const uint64_t d[2], long line)
{
	struct dupset *s = &im->dups;
	struct import_result *res = im->res;
	struct import_dup *x;
	size_t i = s->keys.n;
	int64_t v;

	if (i == KEYSET_MAX)
		return -1;
	if (i == s->caplines) {
		s->caplines = grow_cap(s->caplines, i + 1);
		s->lines = xreallocarray(s->lines, s->caplines,
		    sizeof(*s->lines));
	}
	if ((v = keyset_add(&s->keys, d)) < 0) {
		s->lines[i] = line;
		return 0;
	}
	if (res->dup_input < IMPORT_DUP_SHOW) {
		x = &res->input[res->dup_input];
		x->line = line;
		x->first_line = s->lines[v];
	}
	res->dup_input++;
	return 1;
}

static void
dup_free(struct dupset *s)
{
	keyset_release(&s->keys);
	free(s->lines);
	free(s->matched);
	sha256_free(s->h);
	memset(s, 0, sizeof(*s));
}

/* Whether the caller's stop flag is up. */
static int
stopped(const struct importer *im)
{
	return im->stop != NULL && *im->stop != 0;
}

/*
 * The import runs as a two-stage pipeline: a reader thread parses and
 * validates records (the CSV or JSON parse, the address, URL and time
 * checks) while the calling thread resolves providers, hashes rows and
 * writes them to the database.  On two cores that overlaps a third of the
 * work with the SQLite inserts.  Records travel in batches through a
 * small bounded queue; the first error on either side stops both.  The
 * writer hands each batch back once it is written, and the reader frees
 * and reuses it: memory is allocated and freed by the same thread, which
 * glibc's allocator does several times faster than cross-thread frees.
 */
#define PIPE_BATCH	(4 * DB_EV_BATCH)	/* whole inserter batches */
#define PIPE_DEPTH	8

/* One validated record on its way to the writer. */
struct parsed {
	struct evidence	 e;
	long		 line;
};

struct pbatch {
	struct parsed	 rec[PIPE_BATCH];
	uint64_t	 dig[PIPE_BATCH][2];	/* keys' digests */
	size_t		 n;
	struct pbatch	*next;		/* on the list of written batches */
	int		 last;		/* the reader's final batch */
	int		 rc;		/* with last: the reader's result */
	struct dp_err	 err;
};

struct pipe {
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	struct pbatch	*q[PIPE_DEPTH];
	size_t		 head, count;
	int		 stop;		/* the writer gave up */
	struct pbatch	*done;		/* written, to be reused */
	/* reader side */
	struct importer	*im;
	struct rd	*r;
	const char	*format;
	struct pbatch	*cur;
	int64_t		 nbad;		/* bad records of a dry run */
	struct buf	 space_hint;	/* why a row with spaces fails */
};

/*
 * Free b and every row it ever held: rows past b->n may still own the
 * strings of an earlier fill (released rows are all zero).
 */
static void
pbatch_free(struct pbatch *b)
{
	size_t i;

	if (b == NULL)
		return;
	for (i = 0; i < PIPE_BATCH; i++)
		evidence_release(&b->rec[i].e);
	free(b);
}

/* Hand b to the writer; -1 (b freed) if the writer has stopped. */
static int
pipe_push(struct pipe *p, struct pbatch *b)
{
	pthread_mutex_lock(&p->mu);
	while (p->count == PIPE_DEPTH && !p->stop)
		pthread_cond_wait(&p->cv, &p->mu);
	if (p->stop) {
		pthread_mutex_unlock(&p->mu);
		pbatch_free(b);
		return -1;
	}
	p->q[(p->head + p->count++) % PIPE_DEPTH] = b;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	return 0;
}

static struct pbatch *
pipe_pop(struct pipe *p)
{
	struct pbatch *b;

	pthread_mutex_lock(&p->mu);
	while (p->count == 0)
		pthread_cond_wait(&p->cv, &p->mu);
	b = p->q[p->head];
	p->head = (p->head + 1) % PIPE_DEPTH;
	p->count--;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	return b;
}

/* A batch for the reader to fill: a written one back, or a new one. */
static struct pbatch *
pipe_fresh(struct pipe *p)
{
	struct pbatch *b;

	pthread_mutex_lock(&p->mu);
	b = p->done;
	if (b != NULL)
		p->done = b->next;
	pthread_mutex_unlock(&p->mu);
	if (b == NULL)
		return xcalloc(1, sizeof(*b));
	/*
	 * The rows' strings are freed one row at a time as emit() refills
	 * them, not all here: freeing a row's strings just before allocating
	 * the next row's lets the allocator hand the same chunks back from
	 * its per-thread cache, where freeing a whole batch first overflows
	 * that cache and cost a sixth of the reader's time.  The rows past
	 * the new fill are freed with the batch (pbatch_free() frees all
	 * PIPE_BATCH of them, released or not).
	 */
	b->n = 0;
	b->next = NULL;
	return b;
}

/* Returned by the reader's stages when the writer has stopped. */
#define PIPE_STOPPED	(-1)
/* Returned by the reader's stages when the stop flag went up. */
#define PIPE_SIGNALLED	(-2)

/*
 * A bad record: a dry run notes it (the first IMPORT_MAX_PROBLEMS
 * messages) and reads on, returning 0; an import stops with rc.
 */
static int
bad_record(struct pipe *p, int rc, struct dp_err *err)
{
	struct import_result *res = p->im->res;

	if (!p->im->dry_run || rc != DP_EX_DATAERR)
		return rc;
	if (res->nproblems < IMPORT_MAX_PROBLEMS) {
		if (res->problems == NULL)
			res->problems = xcalloc(IMPORT_MAX_PROBLEMS,
			    sizeof(*res->problems));
		res->problems[res->nproblems++] = xstrdup(err->msg);
	} else
		res->more_problems++;
	p->nbad++;
	*err = (struct dp_err)DP_ERR_INIT;
	return 0;
}

/*
 * A bad record with a field that starts with a space: say that the
 * space is the likely cause.
 */
static void
space_hint(struct pipe *p, const char *const v[NCOLS], struct dp_err *err)
{
	size_t len = strlen(err->msg);
	int k;

	for (k = 0; k < NCOLS; k++)
		if (v[k] != NULL && (*v[k] == ' ' || *v[k] == '\t'))
			break;
	if (k == NCOLS)
		return;
	if (p->space_hint.len > 0)
		snprintf(err->msg + len, sizeof(err->msg) - len, " (%s)",
		    p->space_hint.s);
	else
		snprintf(err->msg + len, sizeof(err->msg) - len, " (field "
		    "'%s' starts with a space: remove spaces after commas)",
		    col_names[k]);
}

/*
 * The fields of one record checked into e (kind, indicator, times and
 * text; not the provider, which needs the database): a defanged
 * indicator is refanged first (*refanged says so).
 */
static int
record_check(const char *const v[NCOLS], struct evidence *e, int *refanged,
    struct dp_err *err)
{
	struct ev_input in;
	struct advice_refanged rf;
	int rc;

	in.kind = v[COL_KIND];
	in.indicator = v[COL_INDICATOR];
	in.observed_at = v[COL_OBSERVED_AT];
	in.family = v[COL_FAMILY];
	in.source = v[COL_SOURCE];
	in.note = v[COL_NOTE];
	*refanged = advice_refang(&in, &rf);
	rc = evidence_from_input(&in, e, err);
	advice_refanged_release(&rf);
	return rc;
}

/*
 * Validate one record, resolve its provider, number and hash it, and queue
 * it (reader thread).  Ids can be given here because an import stores all
 * its records in order or none of them.
 */
static int
emit(struct pipe *p, const char *const v[NCOLS], long line,
    struct dp_err *err)
{
	struct importer *im = p->im;
	struct parsed *rec = &p->cur->rec[p->cur->n];
	struct evidence *e = &rec->e;
	const char *key = v[COL_PROVIDER];
	int rc, refanged;

	evidence_release(e);	/* the row of an earlier fill; see pipe_fresh() */
	memset(rec, 0, sizeof(*rec));
	rc = record_check(v, e, &refanged, err);
	if (rc != 0 ||
	    (rc = resolve_provider(im, key != NULL && *key != '\0' ? key :
	    NULL, &e->provider_id, err)) != 0) {
		evidence_release(e);
		memset(rec, 0, sizeof(*rec));
		space_hint(p, v, err);
		dp_err_prefix(err, "line %ld", line);
		return bad_record(p, rc, err);
	}
	advice_row(&im->adv, e, line, refanged);
	rec->line = line;
	im->rows++;
	if ((im->rows & 1023) == 0 && stopped(im))
		return PIPE_SIGNALLED;
	if (!im->dry_run) {
		e->id = im->next_id++;
		e->recorded_at = im->now;
		e->audit_seq = im->seq;
		evidence_hash(e, im->rowh);
		sha256_update(im->agg, e->row_hash, SHA256_LEN);
	}
	if (++p->cur->n < PIPE_BATCH)
		return 0;
	rc = pipe_push(p, p->cur);
	p->cur = pipe_fresh(p);
	return rc;
}

static int
col_index(const char *name)
{
	int i;

	for (i = 0; i < NCOLS; i++)
		if (strcmp(col_names[i], name) == 0)
			return i;
	return -1;
}

static void
col_list(struct buf *b)
{
	int i;

	for (i = 0; i < NCOLS; i++)
		buf_addf(b, "%s%s", i ? ", " : "", col_names[i]);
}

static int
check_required(const struct pipe *p, const int have[NCOLS], long line,
    struct dp_err *err)
{
	if (!have[COL_KIND])
		return dp_fail(err, DP_EX_DATAERR, "line %ld: no 'kind' "
		    "column", line);
	if (!have[COL_INDICATOR])
		return dp_fail(err, DP_EX_DATAERR, "line %ld: no 'indicator' "
		    "column", line);
	if (!have[COL_PROVIDER] && p->im->default_id == 0)
		return dp_fail(err, DP_EX_DATAERR, "line %ld: no 'provider' "
		    "column and no --provider", line);
	return 0;
}

/*
 * Header rows that show the file is not the CSV depeer reads, with the
 * likely cause: another separator.  Spaces after the commas are allowed
 * in the header, but rows with them fail (" c2" is no kind, and evidence
 * is never trimmed silently): hint is set to say why for those messages.
 */
static int
header_hint(const struct csv_record *rec, struct buf *hint,
    struct dp_err *err)
{
	const char *f;
	size_t i;

	if (rec->nfields == 1 && strchr(rec->fields[0], ';') != NULL)
		return dp_fail(err, DP_EX_DATAERR, "line %ld: the header is "
		    "separated by ';': depeer reads comma-separated CSV "
		    "(RFC 4180); export it again with ',' as the separator",
		    rec->line);
	if (rec->nfields == 1 && strchr(rec->fields[0], '\t') != NULL)
		return dp_fail(err, DP_EX_DATAERR, "line %ld: the header is "
		    "separated by tabs: depeer reads comma-separated CSV "
		    "(RFC 4180); export it again with ',' as the separator",
		    rec->line);
	for (i = 0; i < rec->nfields && hint->len == 0; i++) {
		f = rec->fields[i];
		if (*f == ' ' || *f == '\t')
			buf_addf(hint, "header field '%.100s' starts with a "
			    "space: remove spaces after commas", f);
	}
	return 0;
}

static int
read_csv(struct pipe *p, struct dp_err *err)
{
	struct csv_reader *c;
	struct csv_record rec;
	int map[64], have[NCOLS] = { 0 };
	const char *v[NCOLS];
	size_t ncols, i;
	int rc, k;

	c = csv_new(p->r, EV_MAX_FIELD);
	/* Blank lines before the header are skipped, as between rows. */
	while ((rc = csv_read(c, &rec, err)) == 1 && rec.nfields == 1 &&
	    rec.lens[0] == 0)
		;
	if (rc == 0) {
		rc = dp_fail(err, DP_EX_DATAERR, "no header row");
		goto out;
	}
	if (rc != 1)
		goto out;
	ncols = rec.nfields;
	if ((rc = header_hint(&rec, &p->space_hint, err)) != 0)
		goto out;
	if (ncols > ARRAY_SIZE(map)) {
		rc = dp_fail(err, DP_EX_DATAERR, "line %ld: %zu columns in "
		    "the header; expected at most %d", rec.line, ncols, NCOLS);
		goto out;
	}
	for (i = 0; i < ncols; i++) {
		char *name = rec.fields[i];
		size_t n = rec.lens[i];

		/*
		 * Spaces around header names are tolerated ("kind,
		 * indicator"); rows with them fail, with space_hint.
		 */
		while (n > 0 && name[n - 1] == ' ')
			name[--n] = '\0';
		while (*name == ' ')
			name++;
		for (k = 0; name[k] != '\0'; k++)
			name[k] = (char)ascii_tolower((unsigned char)name[k]);
		if ((k = col_index(name)) < 0) {
			struct buf b = BUF_INIT;

			col_list(&b);
			rc = dp_fail(err, DP_EX_DATAERR, "line %ld: unknown "
			    "column '%.100s' (expected: %s)", rec.line, name,
			    b.s);
			buf_release(&b);
			goto out;
		}
		if (have[k]) {
			rc = dp_fail(err, DP_EX_DATAERR, "line %ld: column "
			    "'%s' appears twice", rec.line, name);
			goto out;
		}
		have[k] = 1;
		map[i] = k;
	}
	if ((rc = check_required(p, have, rec.line, err)) != 0)
		goto out;
	while ((rc = csv_read(c, &rec, err)) == 1 ||
	    (rc == DP_EX_DATAERR && p->im->dry_run)) {
		if (rc != 1) {
			char msg[sizeof(err->msg)];

			/*
			 * The reader cannot find the next record after a
			 * syntax error: a dry run lists it as the last.
			 */
			memcpy(msg, err->msg, sizeof(msg));
			dp_fail(err, DP_EX_DATAERR, "%s (the lines after it "
			    "were not checked)", msg);
			rc = bad_record(p, rc, err);
			break;
		}
		if (rec.nfields == 1 && rec.lens[0] == 0 && ncols > 1)
			continue;	/* blank line */
		if (rec.nfields != ncols) {
			rc = dp_fail(err, DP_EX_DATAERR, "line %ld: %zu "
			    "fields; the header has %zu", rec.line,
			    rec.nfields, ncols);
			if ((rc = bad_record(p, rc, err)) != 0)
				goto out;
			continue;
		}
		for (k = 0; k < NCOLS; k++)
			v[k] = NULL;
		for (i = 0; i < ncols; i++)
			v[map[i]] = rec.fields[i];
		if ((rc = emit(p, v, rec.line, err)) != 0)
			goto out;
	}
out:
	csv_free(c);
	return rc;
}

/* One JSON Lines record into v (borrowed from o). */
static int
jsonl_fields(json_t *o, const char *v[NCOLS], long lineno,
    struct dp_err *err)
{
	const char *key;
	json_t *val;
	int k;

	if (!json_is_object(o))
		return dp_fail(err, DP_EX_DATAERR, "line %ld: not a JSON "
		    "object", lineno);
	for (k = 0; k < NCOLS; k++)
		v[k] = NULL;
	json_object_foreach(o, key, val) {
		if ((k = col_index(key)) < 0) {
			struct buf b = BUF_INIT;

			col_list(&b);
			dp_fail(err, DP_EX_DATAERR, "line %ld: unknown field "
			    "'%.100s' (expected: %s)", lineno, key, b.s);
			buf_release(&b);
			return DP_EX_DATAERR;
		}
		if (json_is_null(val))
			continue;
		if (!json_is_string(val))
			return dp_fail(err, DP_EX_DATAERR, "line %ld: field "
			    "'%s' is not a string", lineno, key);
		if (json_string_length(val) != strlen(json_string_value(val)))
			return dp_fail(err, DP_EX_DATAERR, "line %ld: field "
			    "'%s' contains a NUL character", lineno, key);
		v[k] = json_string_value(val);
	}
	return 0;
}

/*
 * One JSON Lines record (a line of len bytes without its end, not blank)
 * into v, borrowed from *o, which the caller json_decref()s whatever the
 * result (NULL when the line is not JSON).
 */
static int
jsonl_parse(const char *line, size_t len, long lineno, json_t **o,
    const char *v[NCOLS], struct dp_err *err)
{
	json_error_t jerr;

	*o = NULL;
	if (memchr(line, '\0', len) != NULL)
		return dp_fail(err, DP_EX_DATAERR, "line %ld: NUL byte",
		    lineno);
	if ((*o = json_loadb(line, len, JSON_REJECT_DUPLICATES,
	    &jerr)) == NULL && strstr(jerr.text, "\\u0000") != NULL)
		return dp_fail(err, DP_EX_DATAERR, "line %ld: a string "
		    "contains a NUL character (\\u0000)", lineno);
	if (*o == NULL)
		return dp_fail(err, DP_EX_DATAERR, "line %ld: invalid JSON "
		    "at column %d: %s", lineno, jerr.column, jerr.text);
	return jsonl_fields(*o, v, lineno, err);
}

int
evidence_import_jsonl_record(const char *line, size_t len, long lineno,
    struct evidence *e, char **provider, struct dp_err *err)
{
	const char *v[NCOLS];
	json_t *o;
	int rc, refanged;

	*provider = NULL;
	if ((rc = jsonl_parse(line, len, lineno, &o, v, err)) == 0) {
		if ((rc = record_check(v, e, &refanged, err)) != 0)
			dp_err_prefix(err, "line %ld", lineno);
		else if (v[COL_PROVIDER] != NULL && *v[COL_PROVIDER] != '\0')
			*provider = xstrdup(v[COL_PROVIDER]);
	}
	json_decref(o);
	return rc;
}

static int
read_jsonl(struct pipe *p, struct dp_err *err)
{
	const char *line, *v[NCOLS];
	json_t *o;
	size_t len, i;
	long lineno = 0;
	int rc;

	while ((rc = rd_getline(p->r, &line, &len, JSONL_MAX_LINE)) != 0) {
		lineno++;
		if (rc == -1)
			return dp_fail(err, DP_EX_IOERR, "line %ld: read "
			    "error: %s", lineno, strerror(p->r->ioerr));
		if (rc == -2) {
			rc = dp_fail(err, DP_EX_DATAERR, "line %ld: longer "
			    "than %d bytes", lineno, JSONL_MAX_LINE);
			if ((rc = bad_record(p, rc, err)) != 0)
				return rc;
			continue;
		}
		for (i = 0; i < len && (line[i] == ' ' || line[i] == '\t' ||
		    line[i] == '\r'); i++)
			;
		if (i == len)
			continue;	/* blank line */
		if ((rc = jsonl_parse(line, len, lineno, &o, v, err)) == 0) {
			rc = emit(p, v, lineno, err);
			json_decref(o);
			if (rc != 0)
				return rc;
			continue;
		}
		json_decref(o);
		if ((rc = bad_record(p, rc, err)) != 0)
			return rc;
	}
	return 0;
}

/* The reader thread: parse everything, then send the last batch. */
static void *
reader_main(void *arg)
{
	struct pipe *p = arg;
	struct dp_err err = DP_ERR_INIT;
	sigset_t set;
	int rc;

	/*
	 * The calling thread blocks SIGINT and SIGTERM while it writes, so
	 * that they arrive here: a read of a pipe or terminal that waits
	 * for input is then cut short and the stop flag seen.
	 */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	p->cur = pipe_fresh(p);
	rc = strcmp(p->format, "csv") == 0 ? read_csv(p, &err) :
	    read_jsonl(p, &err);
	if (rc != 0 && stopped(p->im))
		rc = PIPE_SIGNALLED;
	if (rc == 0 && p->nbad > 0)
		rc = dp_fail(&err, DP_EX_DATAERR, "%lld bad line%s",
		    (long long)p->nbad, p->nbad == 1 ? "" : "s");
	buf_release(&p->space_hint);
	if (rc == PIPE_STOPPED) {
		pbatch_free(p->cur);
		return NULL;
	}
	p->cur->last = 1;
	p->cur->rc = rc;
	p->cur->err = err;
	pipe_push(p, p->cur);
	return NULL;
}

/*
 * Make room in the table for a batch beforehand and have the slots its
 * keys will probe fetched into the cache: waiting for memory on every
 * probe cost a tenth of an import.  The keys are hashed here, by the
 * writer: with the row hash and the parse, the reader was the busier
 * thread.
 */
static void
dup_prepare(struct importer *im, struct pbatch *b)
{
	struct evidence *e;
	size_t i;

	for (i = 0; i < b->n; i++) {
		e = &b->rec[i].e;
		dup_digest(im->keyh, e->provider_id, e->kind, e->indicator,
		    e->has_observed, e->observed_at, b->dig[i]);
	}
	keyset_reserve(&im->dups.keys, (const uint64_t (*)[2])b->dig, b->n);
}

/* Store record i of b (writer thread). */
static int
store(struct importer *im, struct pbatch *b, size_t i, struct dp_err *err)
{
	struct parsed *rec = &b->rec[i];
	int rc;

	if (im->check_dups) {
		if ((rc = dup_check(im, b->dig[i], rec->line)) < 0)
			return dp_fail(err, DP_EX_DATAERR, "line %ld: more "
			    "than %zu rows to check for duplicates: import "
			    "the file in parts, or give --allow-duplicates",
			    rec->line, KEYSET_MAX);
		if (rc > 0)
			im->refusing = 1;	/* nothing more is written */
	}
	if (im->dry_run || im->refusing)
		return 0;
	if ((rc = db_ev_insert(im->ins, &rec->e, err)) != 0)
		dp_err_prefix(err, "line %ld", rec->line);
	return rc;
}

/* Write what the inserter still holds (nothing after whole batches). */
static int
db_ev_flush_if(struct importer *im, struct dp_err *err)
{
	return im->dry_run || im->refusing ? 0 : db_ev_flush(im->ins, err);
}

/* Run the pipeline over p->r; returns the first error of either side. */
static int
run_pipeline(struct importer *im, struct pipe *p, struct dp_err *err)
{
	struct pbatch *b;
	pthread_t tid;
	sigset_t set, old;
	size_t i;
	int rc = 0, last = 0;

	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	if (pthread_create(&tid, NULL, reader_main, p) != 0)
		die("cannot start the import reader thread");
	while (!last && rc == 0) {
		b = pipe_pop(p);
		if (b->last && b->rc == PIPE_SIGNALLED)
			rc = PIPE_SIGNALLED;
		if (im->check_dups && rc == 0)
			dup_prepare(im, b);
		for (i = 0; i < b->n && rc == 0; i++)
			rc = store(im, b, i, err);
		if (rc == 0)	/* the batch's rows must be written */
			rc = db_ev_flush_if(im, err);
		if (rc == 0 && b->last && b->rc != 0 &&
		    b->rc != PIPE_SIGNALLED) {
			rc = b->rc;
			*err = b->err;
		}
		last = b->last;
		pthread_mutex_lock(&p->mu);
		b->next = p->done;
		p->done = b;
		pthread_mutex_unlock(&p->mu);
	}
	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	pthread_join(tid, NULL);
	while (p->count > 0) {
		pbatch_free(p->q[p->head]);
		p->head = (p->head + 1) % PIPE_DEPTH;
		p->count--;
	}
	while ((b = p->done) != NULL) {
		p->done = b->next;
		pbatch_free(b);
	}
	pthread_cond_destroy(&p->cv);
	pthread_mutex_destroy(&p->mu);
	/* A signal that came while blocked is handled here. */
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}

/*
 * Format by content: JSON Lines when the first byte that is not white
 * space (after an optional UTF-8 byte order mark) is "{", else CSV.
 * UTF-16 (a byte order mark, or NUL bytes between the characters of
 * ASCII text) is told as such: it would otherwise fail as a bad header.
 */
static int
detect(struct rd *r, const char **format, struct dp_err *err)
{
	const unsigned char *b;
	long n;
	size_t i = 0, nuls = 0;

	n = rd_peek(r, 4096);
	if (n < 0)
		return dp_fail(err, DP_EX_IOERR, "read error: %s",
		    strerror(r->ioerr));
	b = r->buf + r->pos;
	if (n >= 2 && ((b[0] == 0xff && b[1] == 0xfe) ||
	    (b[0] == 0xfe && b[1] == 0xff)))
		return dp_fail(err, DP_EX_DATAERR, "looks like UTF-16 (it "
		    "starts with the byte order mark %02X %02X): save it as "
		    "UTF-8", b[0], b[1]);
	for (i = 0; i < (size_t)n && i < 256; i++)
		nuls += b[i] == 0;
	if (nuls >= 2 && nuls * 4 >= (i < 256 ? i : 256))
		return dp_fail(err, DP_EX_DATAERR, "looks like UTF-16 (NUL "
		    "bytes between the characters): save it as UTF-8");
	i = 0;
	if (n >= 3 && memcmp(b, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	for (; i < (size_t)n; i++) {
		unsigned char c = b[i];

		if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
			break;
	}
	if (i == (size_t)n)
		return dp_fail(err, DP_EX_DATAERR, "the input is empty");
	if (b[i] == '[')
		return dp_fail(err, DP_EX_DATAERR, "this looks like a JSON "
		    "array; depeer reads JSON Lines, one object per line "
		    "(jq -c '.[]' converts)");
	*format = b[i] == '{' ? "jsonl" : "csv";
	if (**format == 'j' && i >= 3 && b[0] == 0xef)
		r->pos += 3;	/* jansson does not skip a BOM */
	return 0;
}

/* Append the duplicates of res to b, in words. */
static void
dup_words(struct buf *b, const struct import_result *res)
{
	int64_t i, n;

	if (res->dup_stored > 0) {
		buf_addf(b, "%lld row%s repeat%s stored evidence (the same "
		    "provider, kind, indicator and time): ",
		    (long long)res->dup_stored, res->dup_stored == 1 ? "" :
		    "s", res->dup_stored == 1 ? "s" : "");
		n = res->dup_stored < IMPORT_DUP_SHOW ? res->dup_stored :
		    IMPORT_DUP_SHOW;
		for (i = 0; i < n; i++)
			buf_addf(b, "%sline %ld (evidence %lld)", i ? ", " :
			    "", res->stored[i].line,
			    (long long)res->stored[i].stored_id);
		if (res->dup_stored > n)
			buf_addf(b, " and %lld more",
			    (long long)(res->dup_stored - n));
	}
	if (res->dup_input > 0) {
		buf_addf(b, "%s%lld row%s repeat%s an earlier line: ",
		    res->dup_stored > 0 ? "; " : "",
		    (long long)res->dup_input, res->dup_input == 1 ? "" :
		    "s", res->dup_input == 1 ? "s" : "");
		n = res->dup_input < IMPORT_DUP_SHOW ? res->dup_input :
		    IMPORT_DUP_SHOW;
		for (i = 0; i < n; i++)
			buf_addf(b, "%sline %ld (as line %ld)", i ? ", " : "",
			    res->input[i].line, res->input[i].first_line);
		if (res->dup_input > n)
			buf_addf(b, " and %lld more",
			    (long long)(res->dup_input - n));
	}
}

/*
 * Refuse an input already imported, or with duplicate rows, unless
 * allowed.  Called with the whole input read.
 */
static int
check_dups(struct importer *im, const char *name, struct dp_err *err)
{
	struct import_result *res = im->res;
	struct buf b = BUF_INIT;
	char when[TIME_STRLEN];
	int rc;

	if (!im->check_dups)
		return 0;
	if (res->input_sha256[0] != '\0' && (rc = db_import_find_input(im->db,
	    AUDIT_EVIDENCE_IMPORT, res->input_sha256, &res->prev_seq,
	    &res->prev_at, &res->prev_first, &res->prev_last, err)) != 0)
		return rc;
	if (res->prev_seq == 0 && res->dup_stored == 0 && res->dup_input == 0)
		return 0;
	buf_addf(&b, "'%s': ", name);
	if (res->prev_seq != 0) {
		fmt_time(res->prev_at, when);
		buf_addf(&b, "this file was imported on %s as evidence "
		    "%lld-%lld (audit entry %lld)", when,
		    (long long)res->prev_first, (long long)res->prev_last,
		    (long long)res->prev_seq);
	} else
		dup_words(&b, res);
	buf_adds(&b, "; --allow-duplicates imports ");
	buf_adds(&b, res->prev_seq != 0 ? "it again" : res->dup_stored +
	    res->dup_input == 1 ? "it anyway" : "them anyway");
	rc = dp_fail(err, DP_EX_DATAERR, "%s", b.s);
	buf_release(&b);
	return rc;
}

static int
interrupted(struct importer *im, struct dp_err *err)
{
	int sig = (int)*im->stop;

	im->res->interrupted = sig;
	return dp_fail(err, sig == SIGTERM ? DP_EX_TERMINATED :
	    DP_EX_INTERRUPTED, "interrupted: nothing imported");
}

int
evidence_import_opts(struct db *db, struct rd *r, const char *name,
    const struct import_opts *o, struct import_result *res,
    struct dp_err *err)
{
	struct importer im;
	struct pipe pipe;
	struct provider p = PROVIDER_INIT;
	struct sha256 *inh = NULL;
	unsigned char agg[SHA256_LEN], ind[SHA256_LEN];
	char subject[64];
	const char *format = "csv";
	int64_t seq;
	size_t i;
	int rc, stop;
	int dry_run = o->dry_run;

	memset(res, 0, sizeof(*res));
	memset(&im, 0, sizeof(im));
	memset(&res->warnings, 0, sizeof(res->warnings));
	im.db = db;
	im.dry_run = dry_run;
	im.stop = o->stop;
	im.res = res;
	im.check_dups = !o->allow_dups;
	/* The input's own hash, for "this file was imported before". */
	if (r->consumed == 0 && r->pos == 0 && r->len == 0)
		r->hash = inh = sha256_new();
	if ((rc = detect(r, &format, err)) != 0 && stopped(&im))
		rc = interrupted(&im, err);
	else if (rc != 0)
		dp_err_prefix(err, "'%s'", name);
	if (rc != 0) {
		r->hash = NULL;
		sha256_free(inh);
		return rc;
	}
	/*
	 * Foreign keys are off for the bulk insert: with them on, SQLite
	 * opens a statement journal for every row, which tripled the time of
	 * an import.  The import resolves every provider itself and adds the
	 * audit entry its rows point to before committing; verify checks
	 * both.
	 */
	if (!dry_run && (rc = db_foreign_keys(db, 0, err)) != 0)
		goto out_nodb;
	rc = dry_run ? db_begin_read(db, err) : db_begin(db, err);
	if (rc != 0)
		goto out;
	if (o->provider != NULL) {
		if ((rc = db_provider_find(db, o->provider, &p, err)) != 0)
			goto fail;
		im.default_provider = o->provider;
		im.default_id = p.id;
		provider_release(&p);
	}
	if ((rc = load_names(&im, err)) != 0)
		goto fail;
	im.now = clock_now();
	if ((rc = advice_rows_init(&im.adv, db, im.now, err)) != 0)
		goto fail;
	im.rowh = sha256_new();
	im.keyh = sha256_new();
	im.agg = sha256_new();
	if (!dry_run) {
		if ((rc = db_evidence_next_id(db, &im.next_id, err)) != 0 ||
		    (rc = db_audit_next_seq(db, &im.seq, err)) != 0)
			goto fail;
		im.first_id = im.next_id;
		if ((im.ins = db_ev_inserter_new(db, err)) == NULL) {
			rc = err->code;
			goto fail;
		}
	}
	memset(&pipe, 0, sizeof(pipe));
	pipe.space_hint = (struct buf)BUF_INIT;
	pipe.r = r;
	pipe.format = format;
	pipe.im = &im;
	rc = run_pipeline(&im, &pipe, err);
	if (rc == PIPE_SIGNALLED || stopped(&im)) {
		rc = interrupted(&im, err);
		goto fail;
	}
	if (rc != 0) {
		dp_err_prefix(err, "'%s'", name);
		goto fail;
	}
	if (im.rows == 0) {
		rc = dp_fail(err, DP_EX_DATAERR, "'%s' holds no evidence "
		    "records", name);
		goto fail;
	}
	if (inh != NULL) {
		sha256_final(inh, ind);
		sha256_hex(ind, res->input_sha256);
	}
	if (im.check_dups) {
		/* The stored rows: those before this import's. */
		im.dups.h = sha256_new();
		im.dups.matched = xcalloc(im.dups.keys.n + 1, 1);
		if ((rc = db_import_keys(db, dry_run ? INT64_MAX :
		    im.first_id, dup_stored_key, &im, im.stop, &stop,
		    err)) != 0)
			goto fail;
		if (stop) {
			rc = interrupted(&im, err);
			goto fail;
		}
	}
	if ((rc = check_dups(&im, name, err)) != 0)
		goto fail;
	res->rows = im.rows;
	res->format = format;
	advice_rows_finish(&im.adv, &res->warnings);
	res->first_id = im.first_id;
	res->last_id = im.first_id + im.rows - 1;
	res->audit_seq = 0;
	if (dry_run) {
		db_rollback(db);
		goto out;
	}
	sha256_final(im.agg, agg);
	snprintf(subject, sizeof(subject), "evidence:%lld-%lld",
	    (long long)res->first_id, (long long)res->last_id);
	if ((rc = audit_record(db, AUDIT_EVIDENCE_IMPORT, subject, im.now,
	    evidence_rows_claim(inh != NULL ? json_pack("{s:s}",
	    "input_sha256", res->input_sha256) : NULL, name, format, im.rows,
	    res->first_id, res->last_id, agg), &seq, err)) != 0)
		goto fail;
	if (seq != im.seq)
		die("audit sequence moved inside a transaction");
	res->audit_seq = seq;
	/*
	 * The last look at the stop flag: after it the import commits and
	 * says so even if a signal comes meanwhile.
	 */
	if (stopped(&im)) {
		rc = interrupted(&im, err);
		goto fail;
	}
	if ((rc = db_commit(db, err)) != 0)
		goto out;
	goto out;
fail:
	db_rollback(db);
out:
	if (!dry_run)
		db_foreign_keys(db, 1, NULL);
out_nodb:
	advice_rows_release(&im.adv);
	r->hash = NULL;
	sha256_free(inh);
	db_ev_inserter_free(im.ins);
	sha256_free(im.rowh);
	sha256_free(im.keyh);
	sha256_free(im.agg);
	dup_free(&im.dups);
	for (i = 0; i < im.nnames; i++)
		free(im.names[i].name);
	free(im.names);
	return rc;
}

int
evidence_import(struct db *db, struct rd *r, const char *name,
    const char *provider, int dry_run, struct import_result *res,
    struct dp_err *err)
{
	struct import_opts o = { provider, dry_run, 0, NULL };

	return evidence_import_opts(db, r, name, &o, res, err);
}

void
import_result_release(struct import_result *res)
{
	size_t i;

	for (i = 0; i < res->nproblems; i++)
		free(res->problems[i]);
	free(res->problems);
	res->problems = NULL;
	res->nproblems = 0;
}
