/*
 * prefix_store.c - the case's prefix tables: import, listing, removal,
 * and the lookup files kept beside the database (prefix_store.h).
 */
#include <sys/socket.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "audit.h"
#include "buf.h"
#include "clock.h"
#include "db.h"
#include "db_prefix.h"
#include "exitcodes.h"
#include "mrt.h"
#include "prefix_store.h"
#include "zread.h"

static prefix_warn_fn *warn_fn;
static void *warn_arg;

void
prefix_store_set_warn(prefix_warn_fn *fn, void *arg)
{
	warn_fn = fn;
	warn_arg = arg;
}

static void
say(const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (warn_fn == NULL)
		return;
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	warn_fn(warn_arg, msg);
	free(msg);
}

int
prefix_name_valid(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 64)
		return 0;
	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') ||
	    (s[0] >= '0' && s[0] <= '9')))
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		    c == '-'))
			return 0;
	}
	return 1;
}

/* Whether s ends with suffix; if so it is cut off. */
static int
cut_suffix(char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	if (n > k && strcmp(s + n - k, suffix) == 0) {
		s[n - k] = '\0';
		return 1;
	}
	return 0;
}

char *
prefix_name_from_path(const char *path)
{
	static const char *const zext[] = { ".gz", ".bz2", ".zst", ".zstd",
	    ".xz" };
	static const char *const dext[] = { ".dat", ".txt", ".tsv", ".mrt",
	    ".pfx2as", ".csv" };
	const char *base = strrchr(path, '/');
	char *s, *p;

	base = base ? base + 1 : path;
	s = xstrdup(base);
	for (size_t i = 0; i < ARRAY_SIZE(zext); i++)
		if (cut_suffix(s, zext[i]))
			break;
	for (size_t i = 0; i < ARRAY_SIZE(dext); i++)
		if (cut_suffix(s, dext[i]))
			break;
	for (p = s; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' ||
		    *p == '-'))
			*p = '_';
	/* a name starts with a letter or digit, and has at most 64 */
	p = s;
	while (*p != '\0' && !((*p >= 'a' && *p <= 'z') || (*p >= 'A' &&
	    *p <= 'Z') || (*p >= '0' && *p <= '9')))
		p++;
	memmove(s, p, strlen(p) + 1);
	if (strlen(s) > 64)
		s[64] = '\0';
	if (!prefix_name_valid(s)) {
		free(s);
		return NULL;
	}
	return s;
}

/* ---- the rows as the service shows them ---- */

static void
info_from_row(struct prefix_table_info *i, struct prefix_row *r,
    const char *dir)
{
	memset(i, 0, sizeof(*i));
	i->id = r->id;
	i->taken_at = r->taken_at;
	i->prefixes4 = (uint32_t)r->prefixes4;
	i->prefixes6 = (uint32_t)r->prefixes6;
	i->multi_origin = (uint32_t)r->multi_origin;
	i->path = dir != NULL ? xasprintf("%s/%s.ptab", dir, r->name) :
	    xstrdup("");
	i->name = r->name;
	i->format = r->format;
	i->file_name = r->file_name;
	i->file_sha256 = r->file_sha256;
	i->content_sha256 = r->content_sha256;
	i->file_size = r->file_size;
	i->skipped = r->skipped;
	i->created_at = r->created_at;
	i->audit_seq = r->audit_seq;
	/* the strings now belong to i */
	memset(r, 0, sizeof(*r));
}

void
prefix_table_info_free(struct prefix_table_info *v, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		free(v[k].name);
		free(v[k].format);
		free(v[k].path);
		free(v[k].file_name);
		free(v[k].file_sha256);
		free(v[k].content_sha256);
		memset(&v[k], 0, sizeof(v[k]));
	}
}

int
prefix_store_list(struct db *db, struct prefix_table_info **v, size_t *n,
    struct dp_err *err)
{
	struct prefix_row *rows;
	char *dir = db_prefix_dir(db);
	int rc;

	*v = NULL;
	*n = 0;
	if ((rc = db_prefix_list(db, &rows, n, err)) != 0) {
		free(dir);
		return rc;
	}
	*v = xcalloc(*n + 1, sizeof(**v));
	for (size_t k = 0; k < *n; k++)
		info_from_row(&(*v)[k], &rows[k], dir);
	free(rows);
	free(dir);
	return 0;
}

int
prefix_store_get(struct db *db, const char *name,
    struct prefix_table_info *info, struct dp_err *err)
{
	struct prefix_row r;
	char *dir;
	int rc;

	memset(info, 0, sizeof(*info));
	if ((rc = db_prefix_get(db, name, &r, err)) != 0)
		return rc;
	dir = db_prefix_dir(db);
	info_from_row(info, &r, dir);
	free(dir);
	return 0;
}

/* ---- reading a table ---- */

struct reader {
	struct ptab_builder		*b;
	struct prefix_import_res	*res;
};

static void
add_prefix(void *arg, const struct ipnet *p, const uint32_t *asns,
    size_t n)
{
	struct reader *rd = arg;

	ptab_builder_add(rd->b, p, asns, n);
	rd->res->entries++;
}

static void
note_bad(struct prefix_import_res *res, uint64_t where, const char *why)
{
	res->malformed++;
	if (res->nbad < PREFIX_BAD_MAX) {
		res->bad_line[res->nbad] = where;
		snprintf(res->bad_why[res->nbad], sizeof(res->bad_why[0]),
		    "%s", why);
		res->nbad++;
	}
}

/* One text line (or a too-long line's start) of format f. */
static void
text_line(struct reader *rd, enum ptab_format f, const char *s, size_t n,
    int too_long)
{
	const char *why = NULL;

	rd->res->lines++;
	if (too_long) {
		note_bad(rd->res, rd->res->lines, "line too long");
		return;
	}
	switch (ptab_text_line(f, s, n, add_prefix, rd, &why)) {
	case PTAB_LINE_BAD:
		note_bad(rd->res, rd->res->lines, why);
		break;
	case PTAB_LINE_UNROUTED:
		rd->res->unrouted++;
		break;
	default:
		break;
	}
}

/* The longest line kept whole; a longer one is malformed. */
#define LINE_MAX_LEN	(64u << 10)
#define READ_SIZE	(1u << 20)

/*
 * The rest of a text table from z, head[0..nhead) already read: lines
 * split across reads are carried over.
 */
static int
read_text(struct zread *z, enum ptab_format f, const char *head,
    size_t nhead, struct reader *rd, struct dp_err *err)
{
	struct buf carry = BUF_INIT;
	char *blk = xmalloc(READ_SIZE);
	int skipping = 0, rc = 0;
	const char *p = head;
	long got = (long)nhead;

	for (;;) {
		const char *end = p + got, *s = p;

		while (s < end) {
			const char *nl = memchr(s, '\n', (size_t)(end - s));

			if (nl == NULL) {
				if (!skipping && carry.len + (size_t)(end -
				    s) > LINE_MAX_LEN) {
					text_line(rd, f, NULL, 0, 1);
					skipping = 1;
					buf_reset(&carry);
				}
				if (!skipping)
					buf_add(&carry, s, (size_t)(end - s));
				break;
			}
			if (skipping) {
				skipping = 0;
			} else if (carry.len > 0) {
				if (carry.len + (size_t)(nl - s) >
				    LINE_MAX_LEN)
					text_line(rd, f, NULL, 0, 1);
				else {
					buf_add(&carry, s, (size_t)(nl - s));
					text_line(rd, f, carry.s, carry.len,
					    0);
				}
				buf_reset(&carry);
			} else if ((size_t)(nl - s) > LINE_MAX_LEN)
				text_line(rd, f, NULL, 0, 1);
			else
				text_line(rd, f, s, (size_t)(nl - s), 0);
			s = nl + 1;
		}
		got = zread_read(z, blk, READ_SIZE, err);
		if (got < 0) {
			rc = err->code;
			break;
		}
		if (got == 0) {
			if (carry.len > 0 && !skipping)
				text_line(rd, f, carry.s, carry.len, 0);
			break;
		}
		p = blk;
	}
	buf_release(&carry);
	free(blk);
	return rc;
}

/* The MRT reader's warnings: malformed records. */
static void
mrt_warned(void *arg, uint64_t offset, const char *msg)
{
	note_bad(((struct reader *)arg)->res, offset, msg);
}

/* The members of the AS_SET (or confederation set) that ends e's path,
   at most max of them, or 0 when the path ends in a sequence. */
static size_t
last_set(const struct mrt_elem *e, uint32_t *v, size_t max)
{
	const struct mrt_attrs *a = e->attrs;
	const struct mrt_seg *sg;
	size_t n = 0;

	if (!e->path_has_set || a == NULL || a->nsegs == 0)
		return 0;
	sg = &a->segs[a->nsegs - 1];
	if ((sg->type != MRT_AS_SET && sg->type != MRT_AS_CONFED_SET) ||
	    (size_t)sg->start + sg->count > e->npath)
		return 0;
	for (uint32_t i = 0; i < sg->count && n < max; i++)
		v[n++] = e->path[sg->start + i];
	return n;
}

/*
 * An MRT RIB dump: each RIB entry's prefix with its origin, the last AS
 * of its path; a path ending in an AS_SET gives every member of the set
 * (all of them could be the origin: an aggregate).  The same prefix seen
 * from several peers with different origins keeps them all (a
 * multi-origin prefix).  Entries without a path (none in a RIB, but a
 * damaged one) are malformed.  Updates (BGP4MP) are not a table: refused.
 */
static int
read_mrt(const char *path, struct reader *rd, int64_t *first_time,
    char sha[65], uint64_t *size, struct dp_err *err)
{
	struct mrt_reader *r;
	struct mrt_elem e;
	int rc;

	if ((rc = mrt_open(path, &r, err)) != 0)
		return rc;
	mrt_set_warn(r, mrt_warned, rd);
	while ((rc = mrt_next(r, &e, err)) == 1) {
		uint32_t set[64];
		size_t n = 0;

		if (e.type != MRT_RIB) {
			if (e.type == MRT_ANNOUNCE || e.type == MRT_WITHDRAW) {
				mrt_close(r);
				return dp_fail(err, DP_EX_DATAERR, "%s: BGP "
				    "updates, not a RIB dump: import RIB "
				    "dumps as prefix tables ('depeer bgp "
				    "import' reads updates)", path);
			}
			continue;
		}
		rd->res->lines++;
		if (e.safi == 2)	/* multicast: not where traffic goes */
			continue;
		if (e.npath == 0) {
			note_bad(rd->res, e.offset, "a RIB entry with an empty "
			    "AS path (no origin to record)");
			continue;
		}
		n = last_set(&e, set, ARRAY_SIZE(set));
		if (n > 0)
			add_prefix(rd, &e.prefix, set, n);
		else
			add_prefix(rd, &e.prefix, &e.path[e.npath - 1], 1);
	}
	if (rc == 0) {
		const struct mrt_stats *st = mrt_stats(r);

		rd->res->truncated = st->truncated;
		*first_time = mrt_first_time(r);
		snprintf(sha, 65, "%s", mrt_file_sha256(r));
		*size = mrt_file_size(r);
	}
	mrt_close(r);
	return rc;
}

/* ---- the content and the lookup file ---- */

struct canon {
	struct ptab_content	*c;
	uint32_t		 n4, n6, multi;
};

static void
canon_line(void *arg, const struct ipnet *p, const uint32_t *asns,
    size_t n)
{
	struct canon *cn = arg;
	char line[PTAB_LINE_MAX];
	size_t len = ptab_canonical_line(p, asns, n, line, sizeof(line));

	ptab_content_add(cn->c, line, len);
	if (p->family == AF_INET)
		cn->n4++;
	else
		cn->n6++;
	cn->multi += n > 1;
}

/* The folder of the lookup files, made when missing: 0, or -1 (errno). */
static int
make_dir(const char *dir)
{
	char *d = xstrdup(dir);
	int rc = mkdir_p(d, 0700);

	free(d);
	return rc;
}

/*
 * Write b as a lookup file that no path names: a temporary file in
 * TMPDIR, opened and unlinked at once (for an in-memory database, or a
 * folder that cannot be written).
 */
static int
open_private(struct ptab_builder *b, int64_t taken_at, struct ptab **out,
    struct dp_err *err)
{
	const char *tmp = getenv("TMPDIR");
	char *path;
	int fd, rc;

	path = xasprintf("%s/depeer-ptab.XXXXXX", tmp != NULL && *tmp != '\0'
	    ? tmp : "/tmp");
	if ((fd = mkstemp(path)) < 0) {
		rc = dp_fail(err, DP_EX_CANTCREAT, "cannot create a temporary "
		    "lookup file: %s", strerror(errno));
		free(path);
		return rc;
	}
	close(fd);
	if ((rc = ptab_write(b, path, taken_at, err)) == 0)
		rc = ptab_open(path, out, err);
	unlink(path);
	free(path);
	return rc;
}

/* The stored content of table r read back into a builder. */
struct rebuild {
	struct ptab_builder	*b;
	struct buf		 text;
	struct dp_err		*err;
	uint64_t		 lines;
	int			 bad;
};

static void
rebuild_add(void *arg, const struct ipnet *p, const uint32_t *asns,
    size_t n)
{
	ptab_builder_add(((struct rebuild *)arg)->b, p, asns, n);
}

static int
rebuild_chunk(int64_t seq, const void *data, size_t len, void *arg)
{
	struct rebuild *rb = arg;
	size_t start = 0;
	int rc;

	(void)seq;
	if ((rc = ptab_chunk_decode(data, len, &rb->text, rb->err)) != 0)
		return rc;
	/* whole lines; a line cut at the chunk's end waits for the next */
	for (size_t i = 0; i < rb->text.len; i++) {
		const char *why;

		if (rb->text.s[i] != '\n')
			continue;
		rb->lines++;
		if (ptab_text_line(PTAB_FMT_CANONICAL, rb->text.s + start,
		    i - start, rebuild_add, rb, &why) != PTAB_LINE_ENTRY)
			rb->bad = 1;
		start = i + 1;
	}
	memmove(rb->text.s, rb->text.s + start, rb->text.len - start);
	rb->text.len -= start;
	return 0;
}

/*
 * Build table r's lookup file from its stored content at path (NULL:
 * none, a private one) and open it.
 */
static int
rebuild(struct db *db, const struct prefix_row *r, const char *dir,
    const char *path, struct ptab **out, struct dp_err *err)
{
	struct rebuild rb;
	struct canon cn;
	char sha[65];
	int rc;

	memset(&rb, 0, sizeof(rb));
	rb.b = ptab_builder_new();
	buf_init(&rb.text);
	rb.err = err;
	rc = db_prefix_chunks(db, r->id, rebuild_chunk, &rb, err);
	if (rc == DP_EX_DATAERR)
		dp_err_prefix(err, "prefix table '%s': its stored content is "
		    "damaged (run 'depeer verify')", r->name);
	if (rc == 0 && (rb.bad || rb.text.len > 0))
		rc = dp_fail(err, DP_EX_DATAERR, "prefix table '%s': its "
		    "stored content is damaged (run 'depeer verify')",
		    r->name);
	buf_release(&rb.text);
	if (rc != 0)
		goto out;
	/* the content must be the one the table claims */
	memset(&cn, 0, sizeof(cn));
	cn.c = ptab_content_new();
	ptab_builder_each(rb.b, canon_line, &cn);
	ptab_content_finish(cn.c, sha);
	ptab_content_free(cn.c);
	if (strcmp(sha, r->content_sha256) != 0) {
		rc = dp_fail(err, DP_EX_DATAERR, "prefix table '%s': its "
		    "stored content does not hash to its content_sha256 (run "
		    "'depeer verify')", r->name);
		goto out;
	}
	ptab_builder_set_tag(rb.b, r->content_sha256);
	if (path != NULL && make_dir(dir) == 0 &&
	    ptab_write(rb.b, path, r->taken_at, err) == 0) {
		rc = ptab_open(path, out, err);
		goto out;
	}
	if (path != NULL)
		say("cannot write %s (%s); using a private copy", path,
		    err->msg[0] != '\0' ? err->msg : strerror(errno));
	rc = open_private(rb.b, r->taken_at, out, err);
out:
	ptab_builder_free(rb.b);
	return rc;
}

int
prefix_store_open(struct db *db, const char *name, struct ptab **out,
    struct dp_err *err)
{
	struct prefix_row r;
	struct dp_err e2 = DP_ERR_INIT;
	char *dir, *path = NULL;
	int rc;

	*out = NULL;
	if ((rc = db_prefix_get(db, name, &r, err)) != 0)
		return rc;
	dir = db_prefix_dir(db);
	if (dir != NULL) {
		path = xasprintf("%s/%s.ptab", dir, r.name);
		rc = ptab_open(path, out, &e2);
		if (rc == 0 && (strcmp(ptab_tag(*out), r.content_sha256) != 0 ||
		    ptab_taken_at(*out) != r.taken_at)) {
			ptab_close(*out);
			*out = NULL;
			say("%s is not the lookup file of table '%s' (another "
			    "table's?); rebuilding it from the stored content",
			    path, r.name);
			rc = -1;
		} else if (rc == DP_EX_NOINPUT)
			say("%s is missing; building it from the stored "
			    "content", path);
		else if (rc != 0)
			say("%s; rebuilding it from the stored content",
			    e2.msg);
	}
	if (dir == NULL || rc != 0)
		rc = rebuild(db, &r, dir, path, out, err);
	free(path);
	free(dir);
	prefix_row_release(&r);
	return rc;
}

struct content_walk {
	int		(*fn)(const char *data, size_t len, void *arg);
	void		*arg;
	struct dp_err	*err;
};

static int
content_chunk(int64_t seq, const void *data, size_t len, void *arg)
{
	struct content_walk *w = arg;
	struct buf out = BUF_INIT;
	int rc;

	if ((rc = ptab_chunk_decode(data, len, &out, w->err)) != 0)
		dp_err_prefix(w->err, "stored content chunk %" PRId64, seq);
	else
		rc = w->fn(out.s, out.len, w->arg);
	buf_release(&out);
	return rc;
}

int
prefix_store_content(struct db *db, const char *name,
    int (*fn)(const char *data, size_t len, void *arg), void *arg,
    struct dp_err *err)
{
	struct content_walk w = { fn, arg, err };
	struct prefix_row r;
	int rc;

	if ((rc = db_begin_read(db, err)) != 0)
		return rc;
	if ((rc = db_prefix_get(db, name, &r, err)) == 0) {
		rc = db_prefix_chunks(db, r.id, content_chunk, &w, err);
		prefix_row_release(&r);
	}
	db_rollback(db);
	return rc;
}

/* ---- import ---- */

void
prefix_import_res_release(struct prefix_import_res *r)
{
	prefix_table_info_free(&r->info, 1);
}

static json_t *
import_claim(const struct prefix_row *r, size_t chunks, uint64_t bytes)
{
	json_t *o = json_object();

	json_object_set_new(o, "table_id", json_integer(r->id));
	json_object_set_new(o, "name", json_string(r->name));
	json_object_set_new(o, "taken_at", json_integer(r->taken_at));
	json_object_set_new(o, "format", json_string(r->format));
	json_object_set_new(o, "file_name", json_string(r->file_name));
	json_object_set_new(o, "file_sha256", json_string(r->file_sha256));
	json_object_set_new(o, "file_size", json_integer(r->file_size));
	json_object_set_new(o, "prefixes4", json_integer(r->prefixes4));
	json_object_set_new(o, "prefixes6", json_integer(r->prefixes6));
	json_object_set_new(o, "multi_origin", json_integer(r->multi_origin));
	json_object_set_new(o, "skipped", json_integer(r->skipped));
	json_object_set_new(o, "content_sha256",
	    json_string(r->content_sha256));
	json_object_set_new(o, "content_bytes", json_integer((json_int_t)
	    bytes));
	json_object_set_new(o, "chunks", json_integer((json_int_t)chunks));
	return o;
}

/* The first bytes, to tell the format by. */
#define HEAD_SIZE	(64u << 10)

int
prefix_store_import(struct db *db, const struct prefix_import_req *req,
    struct prefix_import_res *res, struct dp_err *err)
{
	struct ptab_builder *b = NULL;
	struct zread *z = NULL;
	struct reader rd;
	struct canon cn;
	struct prefix_row row;
	struct prefix_row cur;
	enum ptab_format fmt = req->format;
	char *name = NULL, *dir = NULL, *path = NULL, *tmp = NULL;
	char *head = NULL, sha[65], fsha[65], subject[48];
	int64_t taken_at = 0, first = 0, name_t;
	uint64_t fsize = 0;
	size_t nhead = 0;
	int rc, have_name_date, placed = 0;

	memset(res, 0, sizeof(*res));
	memset(&row, 0, sizeof(row));
	memset(&cn, 0, sizeof(cn));
	if (req->name != NULL)
		name = xstrdup(req->name);
	else if (strcmp(req->path, "-") == 0 ||
	    (name = prefix_name_from_path(req->path)) == NULL)
		return dp_fail(err, DP_EX_USAGE, "cannot make a table name of "
		    "'%s': give --name", req->path);
	if (!prefix_name_valid(name)) {
		rc = dp_fail(err, DP_EX_USAGE, "bad table name '%s': 1 to 64 "
		    "letters, digits, '.', '_' or '-', starting with a letter "
		    "or digit", name);
		free(name);
		return rc;
	}
	have_name_date = ptab_date_from_name(req->path, &name_t) == 0;
	/* a live table of the name: say so before reading anything */
	if ((rc = db_prefix_get(db, name, &cur, err)) == 0) {
		prefix_row_release(&cur);
		rc = dp_fail(err, DP_EX_DATAERR, "a prefix table named '%s' "
		    "exists (remove it with 'depeer prefixes rm %s', or give "
		    "another --name)", name, name);
		goto out;
	} else if (rc != DP_EX_NOINPUT)
		goto out;
	if ((rc = zread_open(req->path, &z, err)) != 0)
		goto out;
	head = xmalloc(HEAD_SIZE);
	for (;;) {
		long got = zread_read(z, head + nhead, HEAD_SIZE - nhead, err);

		if (got < 0) {
			rc = err->code;
			goto out;
		}
		if (got == 0)
			break;
		nhead += (size_t)got;
		if (nhead == HEAD_SIZE)
			break;
	}
	if (fmt == PTAB_FMT_UNKNOWN &&
	    (fmt = ptab_format_detect((unsigned char *)head, nhead)) ==
	    PTAB_FMT_UNKNOWN) {
		rc = dp_fail(err, DP_EX_DATAERR, "%s: cannot tell the table's "
		    "format from its first line; give --format", req->path);
		goto out;
	}
	if (fmt != PTAB_FMT_MRT && !req->has_date && !have_name_date) {
		rc = dp_fail(err, DP_EX_USAGE, "%s: no date in the file name; "
		    "give --date (when the table was taken)", req->path);
		goto out;
	}
	res->compression = zread_format(z);
	b = ptab_builder_new();
	rd.b = b;
	rd.res = res;
	if (fmt == PTAB_FMT_MRT) {
		if (strcmp(req->path, "-") == 0) {
			rc = dp_fail(err, DP_EX_USAGE, "an MRT dump is read "
			    "from a file, not standard input");
			goto out;
		}
		zread_close(z);
		z = NULL;
		if ((rc = read_mrt(req->path, &rd, &first, fsha, &fsize,
		    err)) != 0)
			goto out;
	} else {
		if ((rc = read_text(z, fmt, head, nhead, &rd, err)) != 0)
			goto out;
		res->truncated = zread_truncated(z);
		zread_sha256_hex(z, fsha);
		fsize = zread_raw_bytes(z);
	}
	if (res->truncated)
		say("%s ends early (a cut-off download?); keeping the %" PRIu64
		    " prefixes read", req->path, res->entries);
	if (ptab_builder_count(b) == 0) {
		rc = dp_fail(err, DP_EX_DATAERR, "%s: no prefix in it (%"
		    PRIu64 " lines, %" PRIu64 " malformed)", req->path,
		    res->lines, res->malformed);
		goto out;
	}
	if (req->has_date) {
		taken_at = req->taken_at;
		res->date_from = "--date";
	} else if (fmt == PTAB_FMT_MRT && first > 0) {
		taken_at = first;
		res->date_from = "mrt";
	} else if (have_name_date) {
		taken_at = name_t;
		res->date_from = "file name";
	} else {
		rc = dp_fail(err, DP_EX_USAGE, "%s: no dump time and no date "
		    "in the file name; give --date", req->path);
		goto out;
	}
	/* the canonical content, its hash, the lookup file */
	cn.c = ptab_content_new();
	ptab_builder_each(b, canon_line, &cn);
	ptab_content_finish(cn.c, sha);
	ptab_builder_set_tag(b, sha);
	if ((dir = db_prefix_dir(db)) != NULL) {
		if (make_dir(dir) != 0) {
			rc = dp_fail(err, DP_EX_CANTCREAT, "cannot make %s: %s",
			    dir, strerror(errno));
			goto out;
		}
		path = xasprintf("%s/%s.ptab", dir, name);
		tmp = xasprintf("%s/.%s.ptab.import-%ld", dir, name,
		    (long)getpid());
		if ((rc = ptab_write(b, tmp, taken_at, err)) != 0)
			goto out;
	}
	row.name = name;
	row.taken_at = taken_at;
	row.format = xstrdup(ptab_format_name(fmt));
	row.file_name = xstrdup(req->path);
	row.file_sha256 = xstrdup(fsha);
	row.file_size = (int64_t)fsize;
	row.prefixes4 = cn.n4;
	row.prefixes6 = cn.n6;
	row.multi_origin = cn.multi;
	row.skipped = (int64_t)res->malformed;
	row.content_sha256 = xstrdup(sha);
	row.created_at = clock_now();
	name = NULL;		/* row's now */
	if ((rc = db_begin(db, err)) != 0)
		goto out;
	if ((rc = db_audit_next_seq(db, &row.audit_seq, err)) != 0 ||
	    (rc = db_prefix_add(db, &row, err)) != 0)
		goto fail;
	for (size_t i = 0; i < ptab_content_nchunks(cn.c); i++) {
		size_t len;
		const void *p = ptab_content_chunk(cn.c, i, &len);

		if ((rc = db_prefix_chunk_add(db, row.id, (int64_t)i, p, len,
		    err)) != 0)
			goto fail;
	}
	snprintf(subject, sizeof(subject), "prefix_table:%" PRId64, row.id);
	if ((rc = audit_record(db, AUDIT_PREFIXES_IMPORT, subject,
	    row.created_at, import_claim(&row, ptab_content_nchunks(cn.c),
	    ptab_content_bytes(cn.c)), &res->seq, err)) != 0)
		goto fail;
	if (tmp != NULL) {
		if (rename(tmp, path) != 0) {
			rc = dp_fail(err, DP_EX_CANTCREAT, "cannot rename %s "
			    "to %s: %s", tmp, path, strerror(errno));
			goto fail;
		}
		placed = 1;
	}
	if ((rc = db_commit(db, err)) != 0)
		goto fail;
	res->chunks = ptab_content_nchunks(cn.c);
	res->content_bytes = ptab_content_bytes(cn.c);
	info_from_row(&res->info, &row, dir);
	goto out;
fail:
	db_rollback(db);
	if (placed)
		unlink(path);
out:
	if (tmp != NULL)
		unlink(tmp);
	prefix_row_release(&row);
	ptab_content_free(cn.c);
	ptab_builder_free(b);
	zread_close(z);
	free(head);
	free(name);
	free(dir);
	free(path);
	free(tmp);
	return rc;
}

/* ---- removal ---- */

int
prefix_store_rm(struct db *db, const char *name,
    struct prefix_table_info *info, struct dp_err *err)
{
	struct prefix_row r;
	char subject[48], *dir = NULL;
	int64_t seq, now = clock_now(), chunks;
	json_t *o;
	int rc;

	memset(info, 0, sizeof(*info));
	if ((rc = db_begin(db, err)) != 0)
		return rc;
	if ((rc = db_prefix_get(db, name, &r, err)) != 0)
		goto fail;
	if ((rc = db_audit_next_seq(db, &seq, err)) != 0 ||
	    (rc = db_prefix_remove(db, r.id, now, seq, &chunks, err)) != 0)
		goto fail_row;
	o = json_object();
	json_object_set_new(o, "table_id", json_integer(r.id));
	json_object_set_new(o, "name", json_string(r.name));
	json_object_set_new(o, "content_sha256",
	    json_string(r.content_sha256));
	json_object_set_new(o, "chunks", json_integer(chunks));
	snprintf(subject, sizeof(subject), "prefix_table:%" PRId64, r.id);
	if ((rc = audit_record(db, AUDIT_PREFIXES_RM, subject, now, o, NULL,
	    err)) != 0 || (rc = db_commit(db, err)) != 0)
		goto fail_row;
	dir = db_prefix_dir(db);
	info_from_row(info, &r, dir);
	free(dir);
	if (info->path[0] != '\0' && unlink(info->path) != 0 &&
	    errno != ENOENT)
		say("cannot delete %s: %s", info->path, strerror(errno));
	return 0;
fail_row:
	prefix_row_release(&r);
fail:
	db_rollback(db);
	return rc;
}
