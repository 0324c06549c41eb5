/*
 * bundle_verify.c - a case bundle checked against the database
 * (bundle.h): its SHA256SUMS, its audit chain, and every file rebuilt
 * from the database as of the bundle's head and compared.
 */
#include <sys/stat.h>

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "audit_entry.h"
#include "buf.h"
#include "bundle.h"
#include "bundle_int.h"
#include "clock.h"
#include "exitcodes.h"
#include "hash.h"
#include "iodef.h"
#include "util.h"

/* The first thing that does not hold; later ones are not reported. */
static void
bad(struct bundle_check *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
bad(struct bundle_check *out, const char *fmt, ...)
{
	va_list ap;

	if (!out->ok)
		return;
	out->ok = 0;
	va_start(ap, fmt);
	vsnprintf(out->first_bad, sizeof(out->first_bad), fmt, ap);
	va_end(ap);
}

/* The whole file path into b (NUL added): 0, or -1 with errno. */
static int
slurp(const char *path, struct buf *b)
{
	char chunk[65536];
	size_t got;
	FILE *fp;
	int e;

	if ((fp = fopen(path, "rb")) == NULL)
		return -1;
	while ((got = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_add(b, chunk, got);
	e = ferror(fp) ? EIO : 0;
	fclose(fp);
	if (e != 0) {
		errno = e;
		return -1;
	}
	buf_addc(b, '\0');
	b->len--;
	return 0;
}

/* The first 64 KiB of path into b: where an XML root is. */
static int
head_of(const char *path, struct buf *b)
{
	char chunk[65536];
	size_t got;
	FILE *fp;

	if ((fp = fopen(path, "rb")) == NULL)
		return -1;
	got = fread(chunk, 1, sizeof(chunk), fp);
	fclose(fp);
	buf_add(b, chunk, got);
	buf_addc(b, '\0');
	b->len--;
	return 0;
}

/* A bundle's file and, for a regular one, its SHA-256. */
struct have {
	struct bundle_found	*v;
	size_t			 n;
	char			(*hex)[SHA256_HEXLEN];
	int			*listed;
};

static int
cmp_found(const void *a, const void *b)
{
	return strcmp(((const struct bundle_found *)a)->rel,
	    ((const struct bundle_found *)b)->rel);
}

/* The index of rel in h (sorted by name), or -1. */
static ssize_t
have_find(const struct have *h, const char *rel)
{
	struct bundle_found key, *f;

	key.rel = (char *)rel;
	f = bsearch(&key, h->v, h->n, sizeof(*h->v), cmp_found);
	return f != NULL ? f - h->v : -1;
}

static int
cmp_sum_rel(const void *key, const void *elem)
{
	return strcmp(key, ((const struct bundle_sum *)elem)->rel);
}

/* A path SHA256SUMS may name: relative, inside the bundle. */
static int
path_ok(const char *p)
{
	const char *c = p;

	if (*p == '\0' || *p == '/')
		return 0;
	while (*c != '\0') {
		size_t n = strcspn(c, "/");

		if (n == 0 || (n == 1 && c[0] == '.') ||
		    (n == 2 && c[0] == '.' && c[1] == '.'))
			return 0;
		c += n;
		if (*c == '/')
			c++;
		if (*c == '\0' && c[-1] == '/')
			return 0;
	}
	return 1;
}

static void
check_sums(const char *dir, struct have *h, struct bundle_check *out)
{
	struct buf b = BUF_INIT;
	char *path = xasprintf("%s/SHA256SUMS", dir), *line, *next;
	size_t lineno = 0, i;
	ssize_t k;

	if (slurp(path, &b) != 0) {
		bad(out, "SHA256SUMS: %s; a bundle lists its files there",
		    strerror(errno));
		goto out;
	}
	for (line = b.s; *line != '\0'; line = next) {
		char hex[SHA256_HEXLEN];
		const char *rel;

		lineno++;
		next = strchr(line, '\n');
		if (next == NULL) {
			bad(out, "SHA256SUMS line %zu does not end", lineno);
			break;
		}
		*next++ = '\0';
		for (i = 0; i < SHA256_HEXLEN - 1; i++)
			hex[i] = (char)(line[i] >= 'A' && line[i] <= 'F' ?
			    line[i] + 32 : line[i]);
		hex[SHA256_HEXLEN - 1] = '\0';
		if (strlen(line) < SHA256_HEXLEN + 2 ||
		    !sha256_hex_valid(hex) || line[64] != ' ' ||
		    (line[65] != ' ' && line[65] != '*')) {
			bad(out, "SHA256SUMS line %zu is not '<sha256>  "
			    "<file>'", lineno);
			break;
		}
		rel = line + 66;
		if (!path_ok(rel)) {
			bad(out, "SHA256SUMS line %zu names a file outside "
			    "the bundle", lineno);
			break;
		}
		if ((k = have_find(h, rel)) < 0 || h->v[k].dir) {
			bad(out, "%.300s is listed in SHA256SUMS but missing",
			    rel);
			continue;
		}
		if (h->listed[k]) {
			bad(out, "%.300s is listed twice in SHA256SUMS", rel);
			continue;
		}
		h->listed[k] = 1;
		if (!h->v[k].regular) {
			bad(out, "%.300s is not a regular file", rel);
			continue;
		}
		if (strcmp(h->hex[k], hex) != 0)
			bad(out, "%.300s does not match its SHA-256 in "
			    "SHA256SUMS: it was changed", rel);
		out->files++;
	}
	for (i = 0; i < h->n; i++) {
		if (h->v[i].dir || h->listed[i] ||
		    strcmp(h->v[i].rel, "SHA256SUMS") == 0)
			continue;
		bad(out, "%.300s is not listed in SHA256SUMS: it was added",
		    h->v[i].rel);
	}
out:
	free(path);
	buf_release(&b);
}

/*
 * An entry's hash from the hex SHA-256 of its payload: the construction
 * of audit_entry.h, which audit_entry_hash() computes from the payload
 * itself; a withheld line (bundle.h) gives only the payload's hash.
 */
static void
entry_hash(const struct audit_entry *e, const char *payload_hex,
    char out[SHA256_HEXLEN])
{
	struct buf b = BUF_INIT;
	unsigned char d[SHA256_LEN];

	buf_addf(&b, "depeer-audit-v1\n%" PRId64 "\n%" PRId64 "\n%s\n%s\n%s\n%s",
	    e->seq, e->at, e->action, e->subject, payload_hex, e->prev_hash);
	sha256_buf(b.s, b.len, d);
	sha256_hex(d, out);
	buf_release(&b);
}

/*
 * audit.jsonl recomputed line by line (audit_entry.h): numbered from 1,
 * each following the one before, each hash its contents', the last the
 * head.
 */
static void
check_chain(const char *dir, int64_t head_seq, const char *head,
    struct bundle_check *out)
{
	struct buf b = BUF_INIT;
	char *path = xasprintf("%s/audit.jsonl", dir), *line, *next;
	char prev[SHA256_HEXLEN], calc[SHA256_HEXLEN];
	int64_t n = 0;

	memcpy(prev, audit_genesis, sizeof(prev));
	if (slurp(path, &b) != 0) {
		bad(out, "audit.jsonl: %s", strerror(errno));
		goto out;
	}
	for (line = b.s; *line != '\0'; line = next) {
		struct audit_entry e;
		json_t *o;
		int64_t seq = 0, at = 0;
		const char *ts = NULL, *ph = NULL;
		char phex[SHA256_HEXLEN];
		unsigned char d[SHA256_LEN];

		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		else
			next = line + strlen(line);
		n++;
		memset(&e, 0, sizeof(e));
		o = json_loads(line, 0, NULL);
		if (o != NULL) {
			seq = json_integer_value(json_object_get(o, "seq"));
			ts = json_string_value(json_object_get(o, "at"));
			e.action = json_string_value(json_object_get(o,
			    "action"));
			e.subject = json_string_value(json_object_get(o,
			    "subject"));
			e.payload = json_string_value(json_object_get(o,
			    "payload_text"));
			if (json_is_true(json_object_get(o, "withheld")))
				ph = json_string_value(json_object_get(o,
				    "payload_sha256"));
			else if (e.payload != NULL) {
				sha256_buf(e.payload, strlen(e.payload), d);
				sha256_hex(d, phex);
				ph = phex;
			}
			e.prev_hash = json_string_value(json_object_get(o,
			    "prev_hash"));
			e.hash = json_string_value(json_object_get(o, "hash"));
		}
		if (o == NULL || ts == NULL || clock_parse_utc(ts, &at) != 0 ||
		    e.action == NULL || e.subject == NULL ||
		    ph == NULL || e.prev_hash == NULL ||
		    e.hash == NULL) {
			bad(out, "audit.jsonl line %" PRId64 " is not an "
			    "audit entry", n);
			json_decref(o);
			break;
		}
		e.seq = seq;
		e.at = at;
		if (seq != n)
			bad(out, "audit.jsonl line %" PRId64 " holds entry %"
			    PRId64, n, seq);
		else if (strcmp(e.prev_hash, prev) != 0)
			bad(out, "audit.jsonl line %" PRId64 " does not "
			    "follow the line before: the chain is broken", n);
		entry_hash(&e, ph, calc);
		if (strcmp(calc, e.hash) != 0)
			bad(out, "audit.jsonl line %" PRId64 " (entry %" PRId64
			    ", %.60s): its hash does not match its contents: "
			    "it was changed", n, seq, e.action);
		snprintf(prev, sizeof(prev), "%s", e.hash);
		json_decref(o);
		if (!out->ok)
			break;
	}
	if (out->ok && (n != head_seq || strcmp(prev, head) != 0))
		bad(out, "audit.jsonl ends at entry %" PRId64 ", not at HEAD's "
		    "%" PRId64, n, head_seq);
out:
	free(path);
	buf_release(&b);
}

/* What README.txt's first lines say: the provider, when, redacted. */
static int
read_readme(const char *dir, int64_t *provider, char **shown,
    int64_t *stamp, int *redact)
{
	struct buf b = BUF_INIT;
	char *path = xasprintf("%s/README.txt", dir), *p, *q, *e;
	char ts[TIME_STRLEN];
	long long id;
	int rc = -1;
	size_t n;

	if (slurp(path, &b) != 0)
		goto out;
	if ((e = strchr(b.s, '\n')) == NULL)
		goto out;
	*e = '\0';
	if (strncmp(b.s, "Case bundle: ", 13) != 0 ||
	    (p = strstr(b.s, " (provider ")) == NULL ||
	    sscanf(p, " (provider %lld)", &id) != 1)
		goto out;
	*provider = id;
	*shown = xstrndup(b.s + 13, (size_t)(p - b.s - 13));
	p = e + 1;
	if (strncmp(p, "Written by depeer at ", 21) != 0)
		goto out;
	p += 21;
	if ((q = strchr(p, ',')) == NULL || (n = (size_t)(q - p)) >=
	    sizeof(ts))
		goto out;
	memcpy(ts, p, n);
	ts[n] = '\0';
	if (clock_parse_utc(ts, stamp) != 0)
		goto out;
	*redact = strstr(q, "\nREDACTED:") != NULL;
	rc = 0;
out:
	if (rc != 0) {
		free(*shown);
		*shown = NULL;
	}
	free(path);
	buf_release(&b);
	return rc;
}

/* The files a bundle may hold that are not rebuilt from the database. */
static int
not_rebuilt(const char *rel)
{
	return strcmp(rel, "SHA256SUMS") == 0 ||
	    strcmp(rel, "iodef.xml") == 0 || bundle_report_name(rel);
}

static const char *
what(const char *rel)
{
	if (strncmp(rel, "records/", 8) == 0)
		return "the registry answer the database holds";
	if (strncmp(rel, "complaints/", 11) == 0)
		return "the complaint's message the database holds";
	if (strncmp(rel, "mails/", 6) == 0)
		return "the mail the database holds";
	if (strncmp(rel, "attachments/", 12) == 0)
		return "the file the database holds";
	if (strcmp(rel, "audit.jsonl") == 0)
		return "the database's audit entries";
	return "what the database gives";
}

static int
compare(struct db *db, const char *dir, struct have *h, int64_t head_seq,
    const char *head, struct bundle_check *out, struct dp_err *err)
{
	struct bundle_expect ex;
	struct buf b = BUF_INIT;
	int64_t provider, stamp;
	char *shown = NULL;
	int redact, rc;
	size_t i;
	ssize_t k;

	if (read_readme(dir, &provider, &shown, &stamp, &redact) != 0) {
		bad(out, "README.txt does not say which provider the bundle "
		    "is of and when it was written");
		return 0;
	}
	/* the name as written: the provider may have been renamed since */
	rc = bundle_expected(db, provider, shown, head_seq, redact, stamp,
	    &ex, err);
	free(shown);
	if (rc == DP_EX_NOINPUT) {
		bad(out, "the bundle's provider %" PRId64 " is not in this "
		    "database", provider);
		return 0;
	}
	if (rc != 0)
		return rc;
	out->later = ex.later;
	if (ex.head_hash[0] == '\0')
		bad(out, "HEAD names audit entry %" PRId64 ", past the end of "
		    "the database's chain", head_seq);
	else if (strcmp(ex.head_hash, head) != 0)
		bad(out, "HEAD %" PRId64 " %s is not in the database's chain "
		    "(its entry %" PRId64 " is %s): the bundle or the "
		    "database was rewritten", head_seq, head, head_seq,
		    ex.head_hash);
	for (i = 0; i < ex.n; i++) {
		const char *rel = ex.v[i].rel;

		if ((k = have_find(h, rel)) < 0 || !h->v[k].regular)
			bad(out, "%.300s is missing: the database holds it "
			    "as of HEAD", rel);
		else if (strcmp(h->hex[k], ex.v[i].hex) != 0)
			bad(out, "%.300s differs from %s", rel, what(rel));
	}
	for (i = 0; i < h->n; i++) {
		if (h->v[i].dir || not_rebuilt(h->v[i].rel))
			continue;
		/* ex.v is sorted by name (bundle_expected()) */
		if (bsearch(h->v[i].rel, ex.v, ex.n, sizeof(*ex.v),
		    cmp_sum_rel) == NULL)
			bad(out, "%.300s is not part of this case's bundle as "
			    "of HEAD", h->v[i].rel);
	}
	k = have_find(h, "iodef.xml");
	if (k < 0 && !redact)
		bad(out, "iodef.xml is missing");
	if (k >= 0) {
		char *path = xasprintf("%s/iodef.xml", dir);
		struct dp_err e = DP_ERR_INIT;

		if (head_of(path, &b) != 0)
			bad(out, "iodef.xml: %s", strerror(errno));
		else if (iodef_check_root(b.s, b.len, &e) != 0)
			bad(out, "iodef.xml: %s", e.msg);
		free(path);
	}
	out->entries = ex.entries;
	out->records = ex.records;
	out->complaints = ex.complaints;
	out->mails = ex.mails;
	buf_release(&b);
	bundle_expect_release(&ex);
	return 0;
}

int
bundle_verify(struct db *db, const char *dir, struct bundle_check *out,
    struct dp_err *err)
{
	struct have h;
	struct buf b = BUF_INIT;
	struct stat st;
	char *path, hexbuf[SHA256_HEXLEN + 1];
	long long seq;
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&h, 0, sizeof(h));
	out->ok = 1;
	if (stat(dir, &st) != 0)
		return dp_fail(err, DP_EX_NOINPUT, "no bundle at %s: %s", dir,
		    strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return dp_fail(err, DP_EX_NOINPUT, "%s is not a folder; a "
		    "bundle is one", dir);
	if ((rc = bundle_walk(dir, &h.v, &h.n, err)) != 0)
		return rc;
	if (h.n > 1)
		qsort(h.v, h.n, sizeof(*h.v), cmp_found);
	h.hex = xcalloc(h.n + 1, sizeof(*h.hex));
	h.listed = xcalloc(h.n + 1, sizeof(*h.listed));
	for (i = 0; i < h.n; i++) {
		if (!h.v[i].regular)
			continue;
		path = xasprintf("%s/%s", dir, h.v[i].rel);
		rc = bundle_file_sha256(path, h.hex[i], err);
		free(path);
		if (rc != 0)
			goto out;
	}
	check_sums(dir, &h, out);
	path = xasprintf("%s/HEAD", dir);
	if (slurp(path, &b) != 0 || sscanf(b.s, "%lld %65s", &seq,
	    hexbuf) != 2 || strlen(hexbuf) != SHA256_HEXLEN - 1 ||
	    !sha256_hex_valid(hexbuf) || seq < 1) {
		bad(out, "HEAD does not hold '<seq> <hash>' of an audit "
		    "entry");
		free(path);
		goto out;
	}
	free(path);
	out->head_seq = seq;
	memcpy(out->head, hexbuf, SHA256_HEXLEN);	/* 64 digits, NUL */
	check_chain(dir, seq, hexbuf, out);
	rc = compare(db, dir, &h, seq, hexbuf, out, err);
out:
	buf_release(&b);
	bundle_found_free(h.v, h.n);
	free(h.hex);
	free(h.listed);
	return rc;
}
