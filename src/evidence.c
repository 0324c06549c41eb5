/*
 * evidence.c - the evidence record: validation of what is typed or
 * imported, the canonical row hash, its JSON form, and what an audit
 * entry that stored rows claims about them.  No database, no files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "evidence.h"
#include "exitcodes.h"
#include "jsonout.h"
#include "jsonw.h"
#include "utf8.h"

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
	free(e->retract_reason);
	for (i = 0; i < e->nfiles; i++) {
		free(e->files[i].name);
		free(e->files[i].path);
	}
	free(e->files);
	memset(e, 0, sizeof(*e));
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

void
evidence_copy(struct evidence *dst, const struct evidence *src)
{
	size_t i;

	*dst = *src;
	dst->provider_name = dup_or_null(src->provider_name);
	dst->kind = dup_or_null(src->kind);
	dst->indicator = dup_or_null(src->indicator);
	dst->family = dup_or_null(src->family);
	dst->source = dup_or_null(src->source);
	dst->note = dup_or_null(src->note);
	dst->retract_reason = dup_or_null(src->retract_reason);
	dst->files = src->nfiles ? xcalloc(src->nfiles, sizeof(*dst->files)) :
	    NULL;
	for (i = 0; i < src->nfiles; i++) {
		dst->files[i] = src->files[i];
		dst->files[i].name = dup_or_null(src->files[i].name);
		dst->files[i].path = dup_or_null(src->files[i].path);
	}
}

/*
 * An optional text field: NULL or "" is absent; else it must pass
 * val_text().  *out receives a copy.
 */
static int
opt_text(const char *name, const char *s, size_t max, int multiline,
    char **out, struct dp_err *err)
{
	int rc;

	*out = NULL;
	if (s == NULL || *s == '\0')
		return 0;
	if ((rc = val_text(name, s, max, multiline, err)) != 0)
		return rc;
	*out = xstrdup(s);
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
	if ((rc = val_kind(in->kind != NULL ? in->kind : "", err)) != 0) {
		if (in->kind == NULL || *in->kind == '\0')
			dp_err_prefix(err, "kind is missing");
		return rc;
	}
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

/*
 * Netstrings, written by hand into room reserved beforehand: printf was a
 * tenth of an import's time, and byte-at-a-time appends with a length
 * check each were a fifth of what was left of the row hash.
 */
#define NS_NUM_MAX	21	/* digits of an int64_t, with its sign */

static char *
ns_put(char *o, const char *s, size_t len)
{
	char num[24], *p = fmt_dec(num, (int64_t)len);
	size_t n = (size_t)(num + 23 - p);

	memcpy(o, p, n);
	o += n;
	*o++ = ':';
	memcpy(o, s, len);
	o += len;
	*o++ = ',';
	return o;
}

/* s of length len, or "-," for NULL. */
static char *
ns_opt(char *o, const char *s, size_t len)
{
	if (s == NULL) {
		*o++ = '-';
		*o++ = ',';
		return o;
	}
	return ns_put(o, s, len);
}

static char *
ns_num(char *o, int64_t v)
{
	char num[24], *p = fmt_dec(num, v);

	return ns_put(o, p, (size_t)(num + 23 - p));
}

static size_t
len_or_0(const char *s)
{
	return s != NULL ? strlen(s) : 0;
}

/* Room for the netstring of a value of len bytes (or of a number). */
#define NS_ROOM(len)	((len) + NS_NUM_MAX + 2)

/*
 * The canonical encoding is described in evidence.h; it must never change
 * for "depeer-evidence-v1", or old databases stop verifying.
 */
void
evidence_hash(struct evidence *e, struct sha256 *h)
{
	static const char tag[] = "depeer-evidence-v1";
	static struct buf b = BUF_INIT;	/* reused scratch; single-threaded */
	const char *type = ind_type_name(e->indicator_type);
	size_t lkind = len_or_0(e->kind), lind = len_or_0(e->indicator);
	size_t ltype = len_or_0(type), lfam = len_or_0(e->family);
	size_t lsrc = len_or_0(e->source), lnote = len_or_0(e->note);
	size_t room, i;
	char *o;

	room = NS_ROOM(sizeof(tag)) + NS_ROOM(lkind) + NS_ROOM(lind) +
	    NS_ROOM(ltype) + NS_ROOM(lfam) + NS_ROOM(lsrc) + NS_ROOM(lnote) +
	    5 * NS_ROOM(NS_NUM_MAX);
	for (i = 0; i < e->nfiles; i++)
		room += 2 * NS_ROOM(NS_NUM_MAX) +
		    NS_ROOM(len_or_0(e->files[i].name)) +
		    NS_ROOM(sizeof(e->files[i].sha256));
	buf_reset(&b);
	buf_grow(&b, room);
	o = b.s;
	o = ns_put(o, tag, sizeof(tag) - 1);
	o = ns_num(o, e->id);
	o = ns_num(o, e->provider_id);
	o = ns_opt(o, e->kind, lkind);
	o = ns_opt(o, e->indicator, lind);
	o = ns_opt(o, type, ltype);
	if (e->has_observed)
		o = ns_num(o, e->observed_at);
	else
		o = ns_opt(o, NULL, 0);
	o = ns_opt(o, e->family, lfam);
	o = ns_opt(o, e->source, lsrc);
	o = ns_opt(o, e->note, lnote);
	o = ns_num(o, e->recorded_at);
	o = ns_num(o, (int64_t)e->nfiles);
	for (i = 0; i < e->nfiles; i++) {
		const char *name = e->files[i].name;

		o = ns_num(o, (int64_t)i + 1);
		o = ns_opt(o, name, len_or_0(name));
		o = ns_opt(o, e->files[i].sha256,
		    strnlen(e->files[i].sha256, sizeof(e->files[i].sha256)));
		o = ns_num(o, e->files[i].size);
	}
	sha256_update(h, b.s, (size_t)(o - b.s));
	sha256_final(h, e->row_hash);
}

json_t *
evidence_to_json(const struct evidence *e)
{
	json_t *o, *files, *f;
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
	json_object_set_new(o, "provider", json_str_or_null(e->provider_name));
	json_object_set_new(o, "kind", json_str_or_null(e->kind));
	json_object_set_new(o, "indicator", json_str_or_null(e->indicator));
	json_object_set_new(o, "indicator_type",
	    json_string(ind_type_name(e->indicator_type)));
	json_object_set_new(o, "observed_at",
	    json_time_or_null(e->has_observed, e->observed_at));
	json_object_set_new(o, "family", json_str_or_null(e->family));
	json_object_set_new(o, "source", json_str_or_null(e->source));
	json_object_set_new(o, "note", json_str_or_null(e->note));
	json_object_set_new(o, "files", files);
	json_object_set_new(o, "recorded_at",
	    json_time_or_null(1, e->recorded_at));
	if (e->retracted) {
		json_t *r = json_object();

		json_object_set_new(r, "reason",
		    json_str_or_null(e->retract_reason));
		json_object_set_new(r, "at",
		    json_time_or_null(1, e->retracted_at));
		json_object_set_new(r, "audit_seq",
		    json_integer(e->retract_seq));
		json_object_set_new(o, "retracted", r);
	} else
		json_object_set_new(o, "retracted", json_null());
	return o;
}

/* ---- the same object written straight to text (jsonw.h) ---- */

void
evidence_json_write(struct buf *b, const struct evidence *e, int indent)
{
	int in1 = indent + 2, in2 = indent + 4, in3 = indent + 6;
	size_t lprov = jw_len(e->provider_name), lkind = jw_len(e->kind),
	    lind = jw_len(e->indicator), lfam = jw_len(e->family),
	    lsrc = jw_len(e->source), lnote = jw_len(e->note),
	    lreason = jw_len(e->retract_reason), room, i;
	const char *type = ind_type_name(e->indicator_type);
	char *o, *start;

	/*
	 * The most this record can take: every string byte escaped as six,
	 * every line and its indentation, times and numbers at their widest.
	 */
	room = 6 * (lprov + lkind + lind + lfam + lsrc + lnote + lreason +
	    strlen(type)) + 24 * ((size_t)in3 + 64) + 512;
	for (i = 0; i < e->nfiles; i++)
		room += 6 * (jw_len(e->files[i].name) + SHA256_HEXLEN) +
		    6 * ((size_t)in3 + 64);
	start = o = jw_begin(b, room);

	*o++ = '{';
	JW_KEY(o, in1, 1, "\"id\": ");
	o = jw_int(o, e->id);
	JW_KEY(o, in1, 0, "\"provider\": ");
	o = jw_opt(o, e->provider_name, lprov);
	JW_KEY(o, in1, 0, "\"kind\": ");
	o = jw_opt(o, e->kind, lkind);
	JW_KEY(o, in1, 0, "\"indicator\": ");
	o = jw_opt(o, e->indicator, lind);
	JW_KEY(o, in1, 0, "\"indicator_type\": ");
	o = jw_str(o, type, strlen(type));
	JW_KEY(o, in1, 0, "\"observed_at\": ");
	o = jw_time(o, e->has_observed, e->observed_at);
	JW_KEY(o, in1, 0, "\"family\": ");
	o = jw_opt(o, e->family, lfam);
	JW_KEY(o, in1, 0, "\"source\": ");
	o = jw_opt(o, e->source, lsrc);
	JW_KEY(o, in1, 0, "\"note\": ");
	o = jw_opt(o, e->note, lnote);
	JW_KEY(o, in1, 0, "\"files\": ");
	if (e->nfiles == 0) {
		memcpy(o, "[]", 2);
		o += 2;
	} else {
		*o++ = '[';
		for (i = 0; i < e->nfiles; i++) {
			o = jw_line(o, in2, i == 0);
			*o++ = '{';
			JW_KEY(o, in3, 1, "\"name\": ");
			o = jw_opt(o, e->files[i].name,
			    jw_len(e->files[i].name));
			JW_KEY(o, in3, 0, "\"sha256\": ");
			o = jw_str(o, e->files[i].sha256,
			    strlen(e->files[i].sha256));
			JW_KEY(o, in3, 0, "\"size\": ");
			o = jw_int(o, e->files[i].size);
			o = jw_line(o, in2, 1);
			*o++ = '}';
		}
		o = jw_line(o, in1, 1);
		*o++ = ']';
	}
	JW_KEY(o, in1, 0, "\"recorded_at\": ");
	o = jw_time(o, 1, e->recorded_at);
	JW_KEY(o, in1, 0, "\"retracted\": ");
	if (!e->retracted) {
		o = jw_null(o);
	} else {
		*o++ = '{';
		JW_KEY(o, in2, 1, "\"reason\": ");
		o = jw_opt(o, e->retract_reason, lreason);
		JW_KEY(o, in2, 0, "\"at\": ");
		o = jw_time(o, 1, e->retracted_at);
		JW_KEY(o, in2, 0, "\"audit_seq\": ");
		o = jw_int(o, e->retract_seq);
		o = jw_line(o, in1, 1);
		*o++ = '}';
	}
	o = jw_line(o, indent, 1);
	*o++ = '}';
	if ((size_t)(o - start) > room)
		die("BUG: evidence_json_write() overran its room");
	jw_end(b, o);
}

/* ---- retraction ---- */

int
evidence_reason_check(const char *reason, struct dp_err *err)
{
	const char *p;

	for (p = reason != NULL ? reason : ""; *p != '\0'; p++)
		if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
			break;
	if (reason == NULL || *p == '\0')
		return dp_fail(err, DP_EX_USAGE, "a retraction needs a "
		    "reason: --reason TEXT, saying what was wrong");
	return val_text("reason", reason, EV_MAX_REASON, 1, err);
}

json_t *
evidence_retract_claim(const struct evidence *e, const char *reason)
{
	char hex[SHA256_HEXLEN];
	json_t *o = json_object();

	sha256_hex(e->row_hash, hex);
	json_object_set_new(o, "evidence_id", json_integer(e->id));
	json_object_set_new(o, "reason", json_string(reason));
	json_object_set_new(o, "row_sha256", json_string(hex));
	return o;
}

json_t *
evidence_rows_claim(json_t *extra, const char *input, const char *format,
    int64_t rows, int64_t first, int64_t last,
    const unsigned char agg[SHA256_LEN])
{
	char hex[SHA256_HEXLEN];
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
	return o;
}
