/*
 * evidence_import.c - bulk import of evidence from CSV or JSON Lines: a
 * reader thread parses and validates records while the calling thread
 * numbers, hashes and inserts them, all rows and their one audit entry
 * in one transaction.
 */
#include <errno.h>
#include <pthread.h>
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
#include "evidence.h"
#include "evidence_import.h"
#include "exitcodes.h"
#include "provider.h"

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

struct importer {
	struct db		*db;
	int			 dry_run;
	const char		*default_provider;
	int64_t			 default_id;
	struct pname		*names;
	size_t			 nnames;
	struct db_ev_inserter	*ins;
	struct sha256		*rowh;
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
};

static void
pbatch_free(struct pbatch *b)
{
	size_t i;

	if (b == NULL)
		return;
	for (i = 0; i < b->n; i++)
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
	size_t i;

	pthread_mutex_lock(&p->mu);
	b = p->done;
	if (b != NULL)
		p->done = b->next;
	pthread_mutex_unlock(&p->mu);
	if (b == NULL)
		return xcalloc(1, sizeof(*b));
	for (i = 0; i < b->n; i++)
		evidence_release(&b->rec[i].e);
	b->n = 0;
	b->next = NULL;
	return b;
}

/* Returned by the reader's stages when the writer has stopped. */
#define PIPE_STOPPED	(-1)

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
	struct ev_input in;
	struct advice_refanged rf;
	struct parsed *rec = &p->cur->rec[p->cur->n];
	struct evidence *e = &rec->e;
	const char *key = v[COL_PROVIDER];
	int rc, refanged;

	in.kind = v[COL_KIND];
	in.indicator = v[COL_INDICATOR];
	in.observed_at = v[COL_OBSERVED_AT];
	in.family = v[COL_FAMILY];
	in.source = v[COL_SOURCE];
	in.note = v[COL_NOTE];
	memset(rec, 0, sizeof(*rec));
	refanged = advice_refang(&in, &rf);
	rc = evidence_from_input(&in, e, err);
	advice_refanged_release(&rf);
	if (rc != 0 ||
	    (rc = resolve_provider(im, key != NULL && *key != '\0' ? key :
	    NULL, &e->provider_id, err)) != 0) {
		evidence_release(e);
		dp_err_prefix(err, "line %ld", line);
		return rc;
	}
	advice_row(&im->adv, e, line, refanged);
	rec->line = line;
	im->rows++;
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
	if (ncols > ARRAY_SIZE(map)) {
		rc = dp_fail(err, DP_EX_DATAERR, "line %ld: %zu columns in "
		    "the header; expected at most %d", rec.line, ncols, NCOLS);
		goto out;
	}
	for (i = 0; i < ncols; i++) {
		char *name = rec.fields[i];
		size_t n = rec.lens[i];

		/* Tolerate spaces around header names: "kind, indicator". */
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
	while ((rc = csv_read(c, &rec, err)) == 1) {
		if (rec.nfields == 1 && rec.lens[0] == 0 && ncols > 1)
			continue;	/* blank line */
		if (rec.nfields != ncols) {
			rc = dp_fail(err, DP_EX_DATAERR, "line %ld: %zu "
			    "fields; the header has %zu", rec.line,
			    rec.nfields, ncols);
			goto out;
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

static int
read_jsonl(struct pipe *p, struct dp_err *err)
{
	const char *line, *v[NCOLS];
	json_error_t jerr;
	json_t *o;
	size_t len, i;
	long lineno = 0;
	int rc;

	while ((rc = rd_getline(p->r, &line, &len, JSONL_MAX_LINE)) != 0) {
		lineno++;
		if (rc == -1)
			return dp_fail(err, DP_EX_IOERR, "line %ld: read "
			    "error: %s", lineno, strerror(p->r->ioerr));
		if (rc == -2)
			return dp_fail(err, DP_EX_DATAERR, "line %ld: longer "
			    "than %d bytes", lineno, JSONL_MAX_LINE);
		for (i = 0; i < len && (line[i] == ' ' || line[i] == '\t' ||
		    line[i] == '\r'); i++)
			;
		if (i == len)
			continue;	/* blank line */
		if (memchr(line, '\0', len) != NULL)
			return dp_fail(err, DP_EX_DATAERR, "line %ld: NUL "
			    "byte", lineno);
		o = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
		if (o == NULL && strstr(jerr.text, "\\u0000") != NULL)
			return dp_fail(err, DP_EX_DATAERR, "line %ld: a string "
			    "contains a NUL character (\\u0000)", lineno);
		if (o == NULL)
			return dp_fail(err, DP_EX_DATAERR, "line %ld: invalid "
			    "JSON at column %d: %s", lineno, jerr.column,
			    jerr.text);
		rc = jsonl_fields(o, v, lineno, err);
		if (rc == 0)
			rc = emit(p, v, lineno, err);
		json_decref(o);
		if (rc != 0)
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
	int rc;

	p->cur = pipe_fresh(p);
	rc = strcmp(p->format, "csv") == 0 ? read_csv(p, &err) :
	    read_jsonl(p, &err);
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

/* Store one record (writer thread). */
static int
store(struct importer *im, struct parsed *rec, struct dp_err *err)
{
	int rc;

	if (im->dry_run)
		return 0;
	if ((rc = db_ev_insert(im->ins, &rec->e, err)) != 0)
		dp_err_prefix(err, "line %ld", rec->line);
	return rc;
}

/* Write what the inserter still holds (nothing after whole batches). */
static int
db_ev_flush_if(struct importer *im, struct dp_err *err)
{
	return im->dry_run ? 0 : db_ev_flush(im->ins, err);
}

/* Run the pipeline over p->r; returns the first error of either side. */
static int
run_pipeline(struct importer *im, struct pipe *p, struct dp_err *err)
{
	struct pbatch *b;
	pthread_t tid;
	size_t i;
	int rc = 0, last = 0;

	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	if (pthread_create(&tid, NULL, reader_main, p) != 0)
		die("cannot start the import reader thread");
	while (!last && rc == 0) {
		b = pipe_pop(p);
		for (i = 0; i < b->n && rc == 0; i++)
			rc = store(im, &b->rec[i], err);
		if (rc == 0)	/* the batch's rows must be written */
			rc = db_ev_flush_if(im, err);
		if (rc == 0 && b->last && b->rc != 0) {
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
	return rc;
}

/*
 * Format by content: JSON Lines when the first byte that is not white
 * space (after an optional UTF-8 byte order mark) is "{", else CSV.
 */
static int
detect(struct rd *r, const char **format, struct dp_err *err)
{
	long n;
	size_t i = 0;

	n = rd_peek(r, 4096);
	if (n < 0)
		return dp_fail(err, DP_EX_IOERR, "read error: %s",
		    strerror(r->ioerr));
	if (n >= 3 && memcmp(r->buf + r->pos, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	for (; i < (size_t)n; i++) {
		unsigned char c = r->buf[r->pos + i];

		if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
			break;
	}
	if (i == (size_t)n)
		return dp_fail(err, DP_EX_DATAERR, "the input is empty");
	if (r->buf[r->pos + i] == '[')
		return dp_fail(err, DP_EX_DATAERR, "this looks like a JSON "
		    "array; depeer reads JSON Lines, one object per line "
		    "(jq -c '.[]' converts)");
	*format = r->buf[r->pos + i] == '{' ? "jsonl" : "csv";
	if (**format == 'j' && i >= 3 && r->buf[r->pos] == 0xef)
		r->pos += 3;	/* jansson does not skip a BOM */
	return 0;
}

int
evidence_import(struct db *db, struct rd *r, const char *name,
    const char *provider, int dry_run, struct import_result *res,
    struct dp_err *err)
{
	struct importer im;
	struct pipe pipe;
	struct provider p = PROVIDER_INIT;
	unsigned char agg[SHA256_LEN];
	char subject[64];
	const char *format = "csv";
	int64_t seq;
	size_t i;
	int rc;

	memset(&im, 0, sizeof(im));
	memset(&res->warnings, 0, sizeof(res->warnings));
	im.db = db;
	im.dry_run = dry_run;
	if ((rc = detect(r, &format, err)) != 0) {
		dp_err_prefix(err, "'%s'", name);
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
		return rc;
	rc = dry_run ? db_begin_read(db, err) : db_begin(db, err);
	if (rc != 0)
		goto out;
	if (provider != NULL) {
		if ((rc = db_provider_find(db, provider, &p, err)) != 0)
			goto fail;
		im.default_provider = provider;
		im.default_id = p.id;
		provider_release(&p);
	}
	if ((rc = load_names(&im, err)) != 0)
		goto fail;
	im.now = clock_now();
	if ((rc = advice_rows_init(&im.adv, db, im.now, err)) != 0)
		goto fail;
	im.rowh = sha256_new();
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
	pipe.r = r;
	pipe.format = format;
	pipe.im = &im;
	if ((rc = run_pipeline(&im, &pipe, err)) != 0) {
		dp_err_prefix(err, "'%s'", name);
		goto fail;
	}
	if (im.rows == 0) {
		rc = dp_fail(err, DP_EX_DATAERR, "'%s' holds no evidence "
		    "records", name);
		goto fail;
	}
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
	    evidence_rows_claim(NULL, name, format, im.rows, res->first_id,
	    res->last_id, agg), &seq, err)) != 0)
		goto fail;
	if (seq != im.seq)
		die("audit sequence moved inside a transaction");
	res->audit_seq = seq;
	if ((rc = db_commit(db, err)) != 0)
		goto out;
	goto out;
fail:
	db_rollback(db);
out:
	advice_rows_release(&im.adv);
	db_ev_inserter_free(im.ins);
	sha256_free(im.rowh);
	sha256_free(im.agg);
	for (i = 0; i < im.nnames; i++)
		free(im.names[i].name);
	free(im.names);
	if (!dry_run)
		db_foreign_keys(db, 1, NULL);
	return rc;
}
