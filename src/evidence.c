/*
 * evidence.c - evidence validation, canonical row hashes, single adds with
 * attached files, and bulk import from CSV or JSON Lines in one
 * transaction.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "buf.h"
#include "csv.h"
#include "db.h"
#include "evidence.h"
#include "exitcodes.h"
#include "provider.h"

/* Longest JSON Lines record accepted, in bytes. */
#define JSONL_MAX_LINE	(1024 * 1024)

void
evidence_release(struct evidence *e)
{
	size_t i;

	free(e->provider_name);
	free(e->kind);
	free(e->indicator);
	free(e->family);
	free(e->source);
	free(e->note);
	for (i = 0; i < e->nfiles; i++) {
		free(e->files[i].name);
		free(e->files[i].path);
	}
	free(e->files);
	memset(e, 0, sizeof(*e));
}

/*
 * An optional text field: NULL or "" is absent; else it must be valid
 * UTF-8 of at most max bytes, and (for one-line fields) have no control
 * characters.  *out receives a copy.
 */
static int
opt_text(const char *name, const char *s, size_t max, int multiline,
    char **out, struct dp_err *err)
{
	size_t len, i, bad;

	*out = NULL;
	if (s == NULL || *s == '\0')
		return 0;
	len = strlen(s);
	if (len > max)
		return dp_fail(err, DP_EX_DATAERR, "%s is %zu bytes long; "
		    "the limit is %zu", name, len, max);
	if (!utf8_valid(s, len, &bad))
		return dp_fail(err, DP_EX_DATAERR, "%s is not valid UTF-8 "
		    "(bad byte at offset %zu)", name, bad);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && !(multiline && (c == '\n' || c == '\t' ||
		    c == '\r'))) || c == 0x7f)
			return dp_fail(err, DP_EX_DATAERR, "%s contains a "
			    "control character (0x%02x)", name, c);
	}
	*out = xstrndup(s, len);
	return 0;
}

int
evidence_from_input(const struct ev_input *in, struct evidence *e,
    struct dp_err *err)
{
	struct evidence t;
	size_t len;
	int rc;

	memset(&t, 0, sizeof(t));
	if (in->kind == NULL || *in->kind == '\0')
		return dp_fail(err, DP_EX_DATAERR, "kind is missing");
	if ((rc = val_kind(in->kind, err)) != 0)
		return rc;
	if (in->indicator == NULL || *in->indicator == '\0')
		return dp_fail(err, DP_EX_DATAERR, "indicator is missing");
	len = strlen(in->indicator);
	if (len > EV_MAX_INDICATOR)
		return dp_fail(err, DP_EX_DATAERR, "indicator is %zu bytes "
		    "long; the limit is %d", len, EV_MAX_INDICATOR);
	if (!utf8_valid(in->indicator, len, NULL))
		return dp_fail(err, DP_EX_DATAERR, "indicator is not valid "
		    "UTF-8");
	if ((rc = val_indicator(in->indicator, &t.indicator_type,
	    &t.indicator, err)) != 0)
		return rc;
	if (in->observed_at != NULL && *in->observed_at != '\0') {
		if ((rc = val_time(in->observed_at, &t.observed_at, err)) != 0)
			goto fail;
		t.has_observed = 1;
	}
	if ((rc = opt_text("family", in->family, EV_MAX_SHORT, 0, &t.family,
	    err)) != 0 ||
	    (rc = opt_text("source", in->source, EV_MAX_SHORT, 0, &t.source,
	    err)) != 0 ||
	    (rc = opt_text("note", in->note, EV_MAX_NOTE, 1, &t.note,
	    err)) != 0)
		goto fail;
	t.kind = xstrdup(in->kind);
	free(e->kind);
	free(e->indicator);
	free(e->family);
	free(e->source);
	free(e->note);
	e->kind = t.kind;
	e->indicator = t.indicator;
	e->indicator_type = t.indicator_type;
	e->has_observed = t.has_observed;
	e->observed_at = t.observed_at;
	e->family = t.family;
	e->source = t.source;
	e->note = t.note;
	return 0;
fail:
	evidence_release(&t);
	return rc;
}

/* Decimal digits of v into the end of num[24]; returns the start. */
static char *
fmt_dec(char num[24], int64_t v)
{
	char *p = num + 23;
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;

	*p = '\0';
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	return p;
}

/* Netstrings, formatted by hand: printf was a tenth of an import's time. */
static void
ns_bytes(struct buf *b, const char *s, size_t len)
{
	char num[24], *p = fmt_dec(num, (int64_t)len);

	buf_add(b, p, (size_t)(num + 23 - p));
	buf_addc(b, ':');
	buf_add(b, s, len);
	buf_addc(b, ',');
}

static void
ns_str(struct buf *b, const char *s)
{
	if (s == NULL)
		buf_add(b, "-,", 2);
	else
		ns_bytes(b, s, strlen(s));
}

static void
ns_int(struct buf *b, int64_t v)
{
	char num[24], *p = fmt_dec(num, v);

	ns_bytes(b, p, (size_t)(num + 23 - p));
}

/*
 * The canonical encoding is described in evidence.h; it must never change
 * for "depeer-evidence-v1", or old databases stop verifying.
 */
void
evidence_hash(struct evidence *e, struct sha256 *h)
{
	static struct buf b = BUF_INIT;	/* reused scratch; single-threaded */
	size_t i;

	buf_reset(&b);
	ns_str(&b, "depeer-evidence-v1");
	ns_int(&b, e->id);
	ns_int(&b, e->provider_id);
	ns_str(&b, e->kind);
	ns_str(&b, e->indicator);
	ns_str(&b, ind_type_name(e->indicator_type));
	if (e->has_observed)
		ns_int(&b, e->observed_at);
	else
		ns_str(&b, NULL);
	ns_str(&b, e->family);
	ns_str(&b, e->source);
	ns_str(&b, e->note);
	ns_int(&b, e->recorded_at);
	ns_int(&b, (int64_t)e->nfiles);
	for (i = 0; i < e->nfiles; i++) {
		ns_int(&b, (int64_t)i + 1);
		ns_str(&b, e->files[i].name);
		ns_str(&b, e->files[i].sha256);
		ns_int(&b, e->files[i].size);
	}
	sha256_update(h, b.s, b.len);
	sha256_final(h, e->row_hash);
}

static json_t *
str_or_null(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

json_t *
evidence_to_json(const struct evidence *e)
{
	json_t *o, *files, *f;
	char t[TIME_STRLEN];
	size_t i;

	files = json_array();
	for (i = 0; i < e->nfiles; i++) {
		f = json_object();
		json_object_set_new(f, "name", json_string(e->files[i].name));
		json_object_set_new(f, "sha256",
		    json_string(e->files[i].sha256));
		json_object_set_new(f, "size", json_integer(e->files[i].size));
		json_array_append_new(files, f);
	}
	o = json_object();
	json_object_set_new(o, "id", json_integer(e->id));
	json_object_set_new(o, "provider", str_or_null(e->provider_name));
	json_object_set_new(o, "kind", str_or_null(e->kind));
	json_object_set_new(o, "indicator", str_or_null(e->indicator));
	json_object_set_new(o, "indicator_type",
	    json_string(ind_type_name(e->indicator_type)));
	if (e->has_observed) {
		fmt_time(e->observed_at, t);
		json_object_set_new(o, "observed_at", json_string(t));
	} else
		json_object_set_new(o, "observed_at", json_null());
	json_object_set_new(o, "family", str_or_null(e->family));
	json_object_set_new(o, "source", str_or_null(e->source));
	json_object_set_new(o, "note", str_or_null(e->note));
	json_object_set_new(o, "files", files);
	fmt_time(e->recorded_at, t);
	json_object_set_new(o, "recorded_at", json_string(t));
	return o;
}

/* The audit payload for rows [first, last] hashed into agg. */
static char *
rows_payload(const char *input, const char *format, int64_t rows,
    int64_t first, int64_t last, const unsigned char agg[SHA256_LEN],
    json_t *extra)
{
	char hex[SHA256_HEXLEN], *s;
	json_t *o = extra != NULL ? extra : json_object();

	sha256_hex(agg, hex);
	if (input != NULL)
		json_object_set_new(o, "input", json_string(input));
	if (format != NULL)
		json_object_set_new(o, "format", json_string(format));
	json_object_set_new(o, "rows", json_integer(rows));
	json_object_set_new(o, "first_id", json_integer(first));
	json_object_set_new(o, "last_id", json_integer(last));
	json_object_set_new(o, "rows_sha256", json_string(hex));
	s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	if (s == NULL)
		die("cannot encode an audit payload");
	return s;
}

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

	if ((fp = fopen(f->path, "rb")) == NULL)
		return dp_fail(err, DP_EX_NOINPUT, "cannot open '%s': %s",
		    f->path, strerror(errno));
	if (fstat(fileno(fp), &sb) != 0 || !S_ISREG(sb.st_mode)) {
		fclose(fp);
		return dp_fail(err, DP_EX_NOINPUT, "'%s' is not a regular "
		    "file", f->path);
	}
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
evidence_add(struct db *db, struct evidence *e, struct dp_err *err)
{
	struct db_ev_inserter *ins = NULL;
	struct sha256 *h = NULL;
	json_t *extra, *files;
	char subject[64], *payload = NULL;
	int64_t seq, id;
	size_t i;
	int rc;

	/* Hash the files before taking the write lock. */
	for (i = 0; i < e->nfiles; i++)
		if ((rc = hash_file(&e->files[i], err)) != 0)
			return rc;
	if ((rc = db_begin(db, err)) != 0)
		return rc;
	e->recorded_at = time(NULL);
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
	{
		/* The inserter takes a copy; e stays the caller's. */
		struct evidence tmp = *e;
		size_t k;

		tmp.provider_name = NULL;
		tmp.kind = xstrdup(e->kind);
		tmp.indicator = xstrdup(e->indicator);
		tmp.family = e->family ? xstrdup(e->family) : NULL;
		tmp.source = e->source ? xstrdup(e->source) : NULL;
		tmp.note = e->note ? xstrdup(e->note) : NULL;
		tmp.files = xcalloc(e->nfiles ? e->nfiles : 1,
		    sizeof(*tmp.files));
		for (k = 0; k < e->nfiles; k++) {
			tmp.files[k] = e->files[k];
			tmp.files[k].name = xstrdup(e->files[k].name);
			tmp.files[k].path = NULL;
		}
		if ((rc = db_ev_insert(ins, &tmp, err)) != 0 ||
		    (rc = db_ev_flush(ins, err)) != 0)
			goto fail;
	}
	extra = json_object();
	json_object_set_new(extra, "provider_id", json_integer(e->provider_id));
	files = json_array();
	for (i = 0; i < e->nfiles; i++)
		json_array_append_new(files, json_string(e->files[i].sha256));
	json_object_set_new(extra, "files", files);
	sha256_update(h, e->row_hash, SHA256_LEN);
	{
		unsigned char agg[SHA256_LEN];

		sha256_final(h, agg);
		payload = rows_payload(NULL, NULL, 1, id, id, agg, extra);
	}
	snprintf(subject, sizeof(subject), "evidence:%lld", (long long)id);
	if ((rc = db_audit_append(db, e->recorded_at, "evidence.add", subject,
	    payload, &seq, err)) != 0)
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
	free(payload);
	return rc;
}

/* ---- import ---- */

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

/* Provider keys already resolved in this import. */
struct pcache {
	char		*key;
	int64_t		 id;
};

struct importer {
	struct db		*db;
	int			 dry_run;
	const char		*default_provider;
	int64_t			 default_id;
	struct pcache		*cache;
	size_t			 ncache;
	struct db_ev_inserter	*ins;
	struct sha256		*rowh;
	struct sha256		*agg;
	int64_t			 next_id, first_id, seq, now, rows;
	struct evidence		 e;
};

static int
resolve_provider(struct importer *im, const char *key, int64_t *id,
    struct dp_err *err)
{
	struct provider p = PROVIDER_INIT;
	size_t i;
	int rc;

	if (key == NULL || *key == '\0') {
		if (im->default_id == 0)
			return dp_fail(err, DP_EX_DATAERR, "provider is "
			    "missing (give --provider or fill the column)");
		*id = im->default_id;
		return 0;
	}
	for (i = 0; i < im->ncache; i++)
		if (strcmp(im->cache[i].key, key) == 0) {
			*id = im->cache[i].id;
			goto check;
		}
	if ((rc = db_provider_find(im->db, key, &p, err)) != 0)
		return rc == DP_EX_NOINPUT ? DP_EX_DATAERR : rc;
	*id = p.id;
	provider_release(&p);
	im->cache = xrealloc(im->cache, (im->ncache + 1) * sizeof(*im->cache));
	im->cache[im->ncache].key = xstrdup(key);
	im->cache[im->ncache++].id = *id;
check:
	if (im->default_id != 0 && *id != im->default_id)
		return dp_fail(err, DP_EX_DATAERR, "provider '%s' differs from "
		    "--provider '%s'", key, im->default_provider);
	return 0;
}

/* Validate one record and (unless a dry run) store it. */
static int
import_row(struct importer *im, const char *const v[NCOLS],
    struct dp_err *err)
{
	struct ev_input in;
	struct evidence *e = &im->e;
	int rc;

	in.kind = v[COL_KIND];
	in.indicator = v[COL_INDICATOR];
	in.observed_at = v[COL_OBSERVED_AT];
	in.family = v[COL_FAMILY];
	in.source = v[COL_SOURCE];
	in.note = v[COL_NOTE];
	if ((rc = resolve_provider(im, v[COL_PROVIDER], &e->provider_id,
	    err)) != 0)
		return rc;
	if ((rc = evidence_from_input(&in, e, err)) != 0)
		return rc;
	im->rows++;
	if (im->dry_run)
		return 0;
	e->id = im->next_id++;
	e->recorded_at = im->now;
	e->audit_seq = im->seq;
	evidence_hash(e, im->rowh);
	sha256_update(im->agg, e->row_hash, SHA256_LEN);
	return db_ev_insert(im->ins, e, err);	/* takes e's contents */
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
check_required(struct importer *im, const int have[NCOLS], long line,
    struct dp_err *err)
{
	if (!have[COL_KIND])
		return dp_fail(err, DP_EX_DATAERR, "line %ld: no 'kind' "
		    "column", line);
	if (!have[COL_INDICATOR])
		return dp_fail(err, DP_EX_DATAERR, "line %ld: no 'indicator' "
		    "column", line);
	if (!have[COL_PROVIDER] && im->default_id == 0)
		return dp_fail(err, DP_EX_DATAERR, "line %ld: no 'provider' "
		    "column and no --provider", line);
	return 0;
}

static int
import_csv(struct importer *im, struct rd *r, struct dp_err *err)
{
	struct csv_reader *c;
	struct csv_record rec;
	int map[64], have[NCOLS] = { 0 };
	const char *v[NCOLS];
	size_t ncols, i;
	int rc, k;

	c = csv_new(r, EV_MAX_FIELD);
	rc = csv_read(c, &rec, err);
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
			if (name[k] >= 'A' && name[k] <= 'Z')
				name[k] = (char)(name[k] - 'A' + 'a');
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
	if ((rc = check_required(im, have, rec.line, err)) != 0)
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
		if ((rc = import_row(im, v, err)) != 0) {
			dp_err_prefix(err, "line %ld", rec.line);
			goto out;
		}
	}
out:
	csv_free(c);
	return rc;
}

static int
import_jsonl(struct importer *im, struct rd *r, struct dp_err *err)
{
	const char *line, *v[NCOLS], *key;
	json_error_t jerr;
	json_t *o, *val;
	size_t len, i;
	long lineno = 0;
	int rc, k;

	while ((rc = rd_getline(r, &line, &len, JSONL_MAX_LINE)) != 0) {
		lineno++;
		if (rc == -1)
			return dp_fail(err, DP_EX_IOERR, "line %ld: read "
			    "error: %s", lineno, strerror(r->ioerr));
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
		if (o == NULL)
			return dp_fail(err, DP_EX_DATAERR, "line %ld: invalid "
			    "JSON at column %d: %s", lineno, jerr.column,
			    jerr.text);
		if (!json_is_object(o)) {
			json_decref(o);
			return dp_fail(err, DP_EX_DATAERR, "line %ld: not a "
			    "JSON object", lineno);
		}
		for (k = 0; k < NCOLS; k++)
			v[k] = NULL;
		rc = 0;
		json_object_foreach(o, key, val) {
			if ((k = col_index(key)) < 0) {
				struct buf b = BUF_INIT;

				col_list(&b);
				rc = dp_fail(err, DP_EX_DATAERR, "line %ld: "
				    "unknown field '%.100s' (expected: %s)",
				    lineno, key, b.s);
				buf_release(&b);
				break;
			}
			if (json_is_null(val))
				continue;
			if (!json_is_string(val)) {
				rc = dp_fail(err, DP_EX_DATAERR, "line %ld: "
				    "field '%s' is not a string", lineno, key);
				break;
			}
			if (json_string_length(val) !=
			    strlen(json_string_value(val))) {
				rc = dp_fail(err, DP_EX_DATAERR, "line %ld: "
				    "field '%s' contains a NUL character",
				    lineno, key);
				break;
			}
			v[k] = json_string_value(val);
		}
		if (rc == 0 && (rc = import_row(im, v, err)) != 0)
			dp_err_prefix(err, "line %ld", lineno);
		json_decref(o);
		if (rc != 0)
			return rc;
	}
	return 0;
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
	struct provider p = PROVIDER_INIT;
	unsigned char agg[SHA256_LEN];
	char subject[64], *payload = NULL;
	const char *format = "csv";
	int64_t seq;
	size_t i;
	int rc;

	memset(&im, 0, sizeof(im));
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
	im.now = time(NULL);
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
	rc = strcmp(format, "csv") == 0 ? import_csv(&im, r, err) :
	    import_jsonl(&im, r, err);
	if (rc != 0) {
		dp_err_prefix(err, "'%s'", name);
		goto fail;
	}
	if (!dry_run && (rc = db_ev_flush(im.ins, err)) != 0)
		goto fail;
	if (im.rows == 0) {
		rc = dp_fail(err, DP_EX_DATAERR, "'%s' holds no evidence "
		    "records", name);
		goto fail;
	}
	res->rows = im.rows;
	res->format = format;
	res->first_id = im.first_id;
	res->last_id = im.first_id + im.rows - 1;
	res->audit_seq = 0;
	if (dry_run) {
		db_rollback(db);
		goto out;
	}
	sha256_final(im.agg, agg);
	payload = rows_payload(name, format, im.rows, res->first_id,
	    res->last_id, agg, NULL);
	snprintf(subject, sizeof(subject), "evidence:%lld-%lld",
	    (long long)res->first_id, (long long)res->last_id);
	if ((rc = db_audit_append(db, im.now, "evidence.import", subject,
	    payload, &seq, err)) != 0)
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
	db_ev_inserter_free(im.ins);
	sha256_free(im.rowh);
	sha256_free(im.agg);
	evidence_release(&im.e);
	for (i = 0; i < im.ncache; i++)
		free(im.cache[i].key);
	free(im.cache);
	free(payload);
	if (!dry_run)
		db_foreign_keys(db, 1, NULL);
	return rc;
}
