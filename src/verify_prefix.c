/*
 * verify_prefix.c - the prefix tables held to their entries
 * (verify_prefix.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "audit_entry.h"
#include "buf.h"
#include "db_prefix.h"
#include "exitcodes.h"
#include "hash.h"
#include "ptab.h"
#include "verify_claims.h"
#include "verify_prefix.h"

/* What a table's entries claim. */
struct claim {
	int64_t		 seq, at;
	struct prefix_row r;		/* the columns the import recorded */
	int64_t		 content_bytes, chunks;
	int		 removed;
	int64_t		 rm_seq, rm_at;
	int		 seen;
};

struct vprefix {
	struct claim	*c;
	size_t		 n, cap;
	/* the walk */
	struct db	*db;
	struct dp_err	*err;
	char		*why;
	size_t		 len;
};

struct vprefix *
vprefix_new(void)
{
	return xcalloc(1, sizeof(struct vprefix));
}

void
vprefix_free(struct vprefix *v)
{
	if (v == NULL)
		return;
	for (size_t i = 0; i < v->n; i++)
		prefix_row_release(&v->c[i].r);
	free(v->c);
	free(v);
}

static struct claim *
find(struct vprefix *v, int64_t id)
{
	for (size_t i = 0; i < v->n; i++)
		if (v->c[i].r.id == id)
			return &v->c[i];
	return NULL;
}

static char *
str_field(json_t *o, const char *k)
{
	json_t *j = json_object_get(o, k);

	return json_is_string(j) ? xstrdup(json_string_value(j)) : NULL;
}

static int
note_import(struct vprefix *v, const struct audit_entry *e, json_t *o,
    char *why, size_t len)
{
	struct claim c;
	int64_t subj;

	memset(&c, 0, sizeof(c));
	c.seq = e->seq;
	c.at = e->at;
	c.r.name = str_field(o, "name");
	c.r.format = str_field(o, "format");
	c.r.file_name = str_field(o, "file_name");
	c.r.file_sha256 = str_field(o, "file_sha256");
	c.r.content_sha256 = str_field(o, "content_sha256");
	if (vclaim_int(o, "table_id", &c.r.id) != 0 ||
	    vclaim_int(o, "taken_at", &c.r.taken_at) != 0 ||
	    vclaim_int(o, "file_size", &c.r.file_size) != 0 ||
	    vclaim_int(o, "prefixes4", &c.r.prefixes4) != 0 ||
	    vclaim_int(o, "prefixes6", &c.r.prefixes6) != 0 ||
	    vclaim_int(o, "multi_origin", &c.r.multi_origin) != 0 ||
	    vclaim_int(o, "skipped", &c.r.skipped) != 0 ||
	    vclaim_int(o, "content_bytes", &c.content_bytes) != 0 ||
	    vclaim_int(o, "chunks", &c.chunks) != 0 || c.r.name == NULL ||
	    c.r.format == NULL || c.r.file_name == NULL ||
	    c.r.file_sha256 == NULL || c.r.content_sha256 == NULL ||
	    !sha256_hex_valid(c.r.content_sha256) ||
	    vclaim_subject(e, "prefix_table", &subj) != 0 || subj != c.r.id) {
		prefix_row_release(&c.r);
		snprintf(why, len, "its payload is malformed");
		return 0;
	}
	c.r.created_at = e->at;
	c.r.audit_seq = e->seq;
	if (find(v, c.r.id) != NULL) {
		snprintf(why, len, "it imports prefix table %" PRId64 ", which "
		    "an earlier entry imported", c.r.id);
		prefix_row_release(&c.r);
		return 0;
	}
	for (size_t i = 0; i < v->n; i++)
		if (!v->c[i].removed && strcmp(v->c[i].r.name, c.r.name) ==
		    0) {
			snprintf(why, len, "it imports a second live table "
			    "named '%.64s'", c.r.name);
			prefix_row_release(&c.r);
			return 0;
		}
	GROW(v->c, v->n + 1, v->cap);
	v->c[v->n++] = c;
	return 0;
}

static int
note_rm(struct vprefix *v, const struct audit_entry *e, json_t *o,
    char *why, size_t len)
{
	struct claim *c;
	json_t *name = json_object_get(o, "name"),
	    *sha = json_object_get(o, "content_sha256");
	int64_t id, subj, chunks;

	if (vclaim_int(o, "table_id", &id) != 0 ||
	    vclaim_int(o, "chunks", &chunks) != 0 || !json_is_string(name) ||
	    !json_is_string(sha) ||
	    vclaim_subject(e, "prefix_table", &subj) != 0 || subj != id) {
		snprintf(why, len, "its payload is malformed");
		return 0;
	}
	if ((c = find(v, id)) == NULL || c->removed) {
		snprintf(why, len, "it removes prefix table %" PRId64 ", which "
		    "is not there", id);
		return 0;
	}
	if (strcmp(json_string_value(name), c->r.name) != 0 ||
	    strcmp(json_string_value(sha), c->r.content_sha256) != 0 ||
	    chunks != c->chunks) {
		snprintf(why, len, "it removes prefix table %" PRId64 " but "
		    "not as audit entry %" PRId64 " imported it (name, content "
		    "or chunks)", id, c->seq);
		return 0;
	}
	c->removed = 1;
	c->rm_seq = e->seq;
	c->rm_at = e->at;
	return 0;
}

int
vprefix_note(struct vprefix *v, const struct audit_entry *e, json_t *o,
    char *why, size_t len)
{
	why[0] = '\0';
	if (strcmp(e->action, AUDIT_PREFIXES_IMPORT) == 0)
		return note_import(v, e, o, why, len);
	return note_rm(v, e, o, why, len);
}

/* The content of one live table, read back chunk by chunk. */
struct readback {
	struct sha256	*h;
	struct buf	 text;		/* a line cut by a chunk's end */
	int64_t		 chunks, bytes, n4, n6, multi, expect;
	int		 order;		/* chunks not 0, 1, 2, ... */
	char		 bad[160];
};

static void
count_lines(struct readback *rb, const char *s, size_t n, int final)
{
	size_t start = 0;

	for (size_t i = 0; i < n; i++) {
		const char *line = s + start, *tab;
		size_t len;

		if (s[i] != '\n')
			continue;
		len = i - start;
		tab = memchr(line, '\t', len);
		if (tab == NULL) {
			rb->n4 = -1;	/* not the canonical listing */
		} else if (memchr(line, ':', (size_t)(tab - line)) != NULL)
			rb->n6++;
		else
			rb->n4++;
		if (tab != NULL && memchr(tab, ',', len - (size_t)(tab -
		    line)) != NULL)
			rb->multi++;
		start = i + 1;
	}
	/* keep the unfinished line for the next chunk */
	if (start < n && !final)
		buf_add(&rb->text, s + start, n - start);
	else if (start < n)
		rb->n4 = -1;
}

static int
read_chunk(int64_t seq, const void *data, size_t len, void *arg)
{
	struct readback *rb = arg;
	struct buf out = BUF_INIT;
	struct dp_err e = DP_ERR_INIT;

	if (seq != rb->chunks)
		rb->order = 1;
	rb->chunks++;
	if (ptab_chunk_decode(data, len, &out, &e) != 0) {
		snprintf(rb->bad, sizeof(rb->bad), "chunk %" PRId64 ": %.100s",
		    seq, e.msg);
		buf_release(&out);
		return 1;
	}
	sha256_update(rb->h, out.s, out.len);
	rb->bytes += (int64_t)out.len;
	if (rb->text.len > 0) {
		buf_add(&rb->text, out.s, out.len);
		buf_release(&out);
		out = rb->text;
		buf_init(&rb->text);
	}
	count_lines(rb, out.s, out.len, 0);
	buf_release(&out);
	return 0;
}

static int
check_content(struct vprefix *v, const struct prefix_row *row,
    const struct claim *c)
{
	struct readback rb;
	unsigned char d[SHA256_LEN];
	char hex[SHA256_HEXLEN];
	int rc;

	memset(&rb, 0, sizeof(rb));
	rb.h = sha256_new();
	buf_init(&rb.text);
	rc = db_prefix_chunks(v->db, row->id, read_chunk, &rb, v->err);
	if (rc == 0 && rb.text.len > 0)
		count_lines(&rb, rb.text.s, rb.text.len, 1);
	buf_release(&rb.text);
	sha256_final(rb.h, d);
	sha256_free(rb.h);
	sha256_hex(d, hex);
	if (rc == 1) {
		snprintf(v->why, v->len, "prefix table %" PRId64 " ('%.64s'): "
		    "its stored content is damaged: %s", row->id, row->name,
		    rb.bad);
		return 1;
	}
	if (rc != 0)
		return rc;
	if (rb.order || rb.chunks != c->chunks || rb.bytes !=
	    c->content_bytes || strcmp(hex, c->r.content_sha256) != 0) {
		snprintf(v->why, v->len, "prefix table %" PRId64 " ('%.64s'): "
		    "its stored content (%" PRId64 " chunks, %" PRId64 " bytes)"
		    " is not what audit entry %" PRId64 " recorded (%" PRId64
		    " chunks, %" PRId64 " bytes, content_sha256 %.16s...); it "
		    "was changed behind depeer's back", row->id, row->name,
		    rb.chunks, rb.bytes, c->seq, c->chunks, c->content_bytes,
		    c->r.content_sha256);
		return 1;
	}
	if (rb.n4 != c->r.prefixes4 || rb.n6 != c->r.prefixes6 ||
	    rb.multi != c->r.multi_origin) {
		snprintf(v->why, v->len, "prefix table %" PRId64 " ('%.64s'): "
		    "its content has %" PRId64 " IPv4, %" PRId64 " IPv6 and %"
		    PRId64 " multi-origin prefixes, but audit entry %" PRId64
		    " recorded %" PRId64 ", %" PRId64 " and %" PRId64, row->id,
		    row->name, rb.n4, rb.n6, rb.multi, c->seq, c->r.prefixes4,
		    c->r.prefixes6, c->r.multi_origin);
		return 1;
	}
	return 0;
}

static int
same(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

static int
walk_row(const struct prefix_row *row, void *arg)
{
	struct vprefix *v = arg;
	struct claim *c = find(v, row->id);
	int64_t chunks;

	if (c == NULL) {
		snprintf(v->why, v->len, "prefix table %" PRId64 " ('%.64s') "
		    "has no prefixes.import entry; it was added behind "
		    "depeer's back", row->id, row->name);
		return 1;
	}
	c->seen = 1;
	if (!same(row->name, c->r.name) || row->taken_at != c->r.taken_at ||
	    !same(row->format, c->r.format) ||
	    !same(row->file_name, c->r.file_name) ||
	    !same(row->file_sha256, c->r.file_sha256) ||
	    row->file_size != c->r.file_size ||
	    row->prefixes4 != c->r.prefixes4 ||
	    row->prefixes6 != c->r.prefixes6 ||
	    row->multi_origin != c->r.multi_origin ||
	    row->skipped != c->r.skipped ||
	    !same(row->content_sha256, c->r.content_sha256) ||
	    row->created_at != c->r.created_at ||
	    row->audit_seq != c->r.audit_seq) {
		snprintf(v->why, v->len, "prefix table %" PRId64 " ('%.64s') "
		    "differs from what audit entry %" PRId64 " recorded (its "
		    "name, date, format, file, counts or content_sha256); it "
		    "was changed behind depeer's back", row->id, row->name,
		    c->seq);
		return 1;
	}
	if (row->removed != c->removed || (c->removed &&
	    (row->removed_at != c->rm_at || row->removed_seq != c->rm_seq))) {
		snprintf(v->why, v->len, "prefix table %" PRId64 " ('%.64s') is "
		    "%s, but its entries say it is %s", row->id, row->name,
		    row->removed ? "marked removed" : "live", c->removed ?
		    "removed (and when)" : "live");
		return 1;
	}
	if (!c->removed)
		return check_content(v, row, c);
	chunks = 0;
	{
		struct readback rb;
		int rc;

		memset(&rb, 0, sizeof(rb));
		rb.h = sha256_new();
		buf_init(&rb.text);
		rc = db_prefix_chunks(v->db, row->id, read_chunk, &rb, v->err);
		chunks = rb.chunks;
		sha256_free(rb.h);
		buf_release(&rb.text);
		if (rc != 0 && rc != 1)
			return rc;
	}
	if (chunks != 0) {
		snprintf(v->why, v->len, "prefix table %" PRId64 " ('%.64s'), "
		    "removed by audit entry %" PRId64 ", still has %" PRId64
		    " content chunks", row->id, row->name, c->rm_seq, chunks);
		return 1;
	}
	return 0;
}

int64_t
vprefix_live(const struct vprefix *v)
{
	int64_t n = 0;

	for (size_t i = 0; v != NULL && i < v->n; i++)
		n += !v->c[i].removed;
	return n;
}

int
vprefix_walk(struct vprefix *v, struct db *db, char *why, size_t len,
    struct dp_err *err)
{
	int rc;

	why[0] = '\0';
	v->why = why;
	v->len = len;
	v->db = db;
	v->err = err;
	rc = db_prefix_iter(db, walk_row, v, err);
	if (rc != 0)
		return rc == 1 ? 0 : rc;
	for (size_t i = 0; i < v->n; i++)
		if (!v->c[i].seen) {
			snprintf(why, len, "prefix table %" PRId64 " ('%.64s'), "
			    "imported by audit entry %" PRId64 ", is missing",
			    v->c[i].r.id, v->c[i].r.name, v->c[i].seq);
			return 0;
		}
	return 0;
}
