/*
 * ripestat.c - RIPEstat Data API answers: the envelope every call shares,
 * then one parser per data call (see ripestat.h for what each returns).
 * jansson holds the parsed body; every reference taken with
 * json_object_get() is borrowed, and the root is freed on every path.
 */
#include <jansson.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ascii.h"
#include "asn.h"
#include "buf.h"
#include "exitcodes.h"
#include "ripestat.h"
#include "validate.h"

/* prefix-overview origins kept per record (a prefix has one or two). */
#define MAX_ORIGINS	1000

/*
 * Helpers.
 */

/*
 * utf8_clean() of s (jansson gives valid UTF-8 without NUL, so this only
 * replaces control characters), cut to at most max bytes (and "...") at a
 * character boundary, for quoting server text in a note.  The caller
 * frees it.
 */
static char *
text_clip(const char *s, size_t max)
{
	struct buf b = BUF_INIT;
	size_t n;

	utf8_clean_append(&b, s, strlen(s));
	/* Cut at a character boundary: a note quoting it stays UTF-8. */
	if (b.len > max) {
		n = max;
		while (n > 0 && ((unsigned char)b.s[n] & 0xc0) == 0x80)
			n--;
		b.len = n;
		buf_adds(&b, "...");
	}
	return buf_detach(&b, NULL);
}

/* The string member key of o, or NULL. */
static const char *
jstr(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* A clean copy of the string member key of o, or NULL. */
static char *
jtext(const json_t *o, const char *key)
{
	const char *s = jstr(o, key);

	return s != NULL ? utf8_clean(s, strlen(s)) : NULL;
}

/* "3333" or "AS3333" (any case, leading zeros allowed), 1..4294967295. */
static int
str_asn(const char *s, uint32_t *out)
{
	return asn_parse(s, strlen(s), ASN_PREFIX | ASN_ZEROS, out) ==
	    ASN_OK ? 0 : -1;
}

/* An AS number: a JSON integer, or a string as str_asn() reads it. */
static int
jasn(const json_t *v, uint32_t *out)
{
	if (json_is_integer(v))
		return asn_from_int(json_integer_value(v), out);
	return json_is_string(v) ? str_asn(json_string_value(v), out) : -1;
}

/* A count: an integer, or a real (rounded), >= 0; else -1. */
static long
jcount(const json_t *v)
{
	double d;

	if (json_is_integer(v))
		return json_integer_value(v) < 0 ||
		    json_integer_value(v) > (json_int_t)LONG_MAX ? -1 :
		    (long)json_integer_value(v);
	if (json_is_real(v)) {
		d = json_real_value(v);
		return d >= 0 && d < 9e15 ? (long)(d + 0.5) : -1;
	}
	return -1;
}

/* The time member key of o; 0 with *t set, or -1. */
static int
jtime(const json_t *o, const char *key, int64_t *t)
{
	const char *s = jstr(o, key);

	return s != NULL && val_time(s, t, NULL) == 0 ? 0 : -1;
}

static void
add_note(char ***notes, size_t *n, char *s)
{
	*notes = xrealloc(*notes, (*n + 1) * sizeof(**notes));
	(*notes)[(*n)++] = s;
}

static void
free_notes(char **notes, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(notes[i]);
	free(notes);
}

/* Bytes of s outside printable ASCII become '?', in place. */
static void
ascii_only(char *s)
{
	for (; *s != '\0'; s++)
		if (*s < 0x20 || *s >= 0x7f)
			*s = '?';
}

/*
 * The envelope.
 */

struct env {
	json_t		*root;
	json_t		*data;		/* borrowed from root */
	char		**notes;
	size_t		 nnotes;
};

static void
env_release(struct env *e)
{
	json_decref(e->root);
	free_notes(e->notes, e->nnotes);
	memset(e, 0, sizeof(*e));
}

/*
 * Load text as an answer of data call `call` into e (see ripestat.h for
 * the checks).  On failure e holds nothing.
 */
static int
env_open(struct env *e, const char *text, size_t len, const char *call,
    struct dp_err *err)
{
	json_error_t jerr;
	json_t *msgs, *m, *sc;
	const char *status, *name, *lvl, *txt;
	char *emsg = NULL, *shown = NULL;
	json_int_t code = 200;
	size_t i;
	int rc = 0;

	memset(e, 0, sizeof(*e));
	e->root = json_loadb(text, len, 0, &jerr);
	if (e->root == NULL) {
		/* jansson quotes the bad input in its message. */
		ascii_only(jerr.text);
		rc = dp_fail(err, DP_EX_PROTOCOL, "RIPEstat %s answer is not "
		    "JSON: line %d: %s", call, jerr.line, jerr.text);
		goto out;
	}
	if (!json_is_object(e->root)) {
		rc = dp_fail(err, DP_EX_PROTOCOL, "RIPEstat %s answer is not "
		    "a JSON object", call);
		goto out;
	}
	msgs = json_object_get(e->root, "messages");
	for (i = 0; i < json_array_size(msgs); i++) {
		m = json_array_get(msgs, i);
		lvl = json_string_value(json_array_get(m, 0));
		txt = json_string_value(json_array_get(m, 1));
		if (lvl == NULL || txt == NULL)
			continue;
		add_note(&e->notes, &e->nnotes, xasprintf("%s: %s", lvl, txt));
		if (emsg == NULL && ascii_casecmp(lvl, "error") == 0)
			emsg = text_clip(txt, 200);
	}
	/* Notes may hold server text: make it fit to print. */
	for (i = 0; i < e->nnotes; i++) {
		txt = e->notes[i];
		e->notes[i] = utf8_clean(txt, strlen(txt));
		free((char *)txt);
	}
	sc = json_object_get(e->root, "status_code");
	if (sc != NULL && !json_is_integer(sc)) {
		rc = dp_fail(err, DP_EX_PROTOCOL, "RIPEstat %s answer has a "
		    "status_code that is not a number", call);
		goto out;
	}
	if (sc != NULL)
		code = json_integer_value(sc);
	if ((status = jstr(e->root, "status")) == NULL) {
		rc = dp_fail(err, DP_EX_PROTOCOL, "RIPEstat %s answer has no "
		    "status", call);
		goto out;
	}
	if (strcmp(status, "ok") != 0 || code != 200) {
		shown = xstrndup(status, 20);
		ascii_only(shown);
		rc = dp_fail(err, code == 429 || code >= 500 ?
		    DP_EX_TEMPFAIL : DP_EX_PROTOCOL, "RIPEstat %s: status "
		    "'%s', code %lld%s%s", call, shown, (long long)code,
		    emsg != NULL ? ": " : "", emsg != NULL ? emsg : "");
		goto out;
	}
	name = jstr(e->root, "data_call_name");
	if (name != NULL && strcmp(name, call) != 0) {
		shown = xstrndup(name, 40);
		ascii_only(shown);
		rc = dp_fail(err, DP_EX_PROTOCOL, "expected a RIPEstat %s "
		    "answer, got '%s'", call, shown);
		goto out;
	}
	e->data = json_object_get(e->root, "data");
	if (!json_is_object(e->data)) {
		rc = dp_fail(err, DP_EX_PROTOCOL, "RIPEstat %s answer has no "
		    "data object", call);
		goto out;
	}
out:
	free(emsg);
	free(shown);
	if (rc != 0)
		env_release(e);
	return rc;
}

/* Move the envelope's notes into a record. */
static void
notes_to_record(struct env *e, struct reg_record *r)
{
	size_t i;

	for (i = 0; i < e->nnotes; i++)
		reg_add_note(r, "%s", e->notes[i]);
}

/* Make the data's query time (first of the keys given) the answer's. */
static void
query_time(const json_t *data, int *has, int64_t *t)
{
	static const char *const keys[] = {
		"query_time", "query_endtime", "query_starttime",
	};
	size_t i;

	*has = 0;
	for (i = 0; i < ARRAY_SIZE(keys); i++)
		if (jtime(data, keys[i], t) == 0) {
			*has = 1;
			return;
		}
}

/*
 * URLs.
 */

static void
url_enc(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned char c;

	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~')
			buf_addc(b, c);
		else {
			buf_addc(b, '%');
			buf_addc(b, hex[c >> 4]);
			buf_addc(b, hex[c & 15]);
		}
	}
}

char *
ripestat_url(const char *base, const char *call, const char *resource,
    const char *sourceapp)
{
	struct buf b = BUF_INIT;

	if (call == NULL || *call == '\0' || resource == NULL)
		return NULL;
	if (base == NULL)
		base = RIPESTAT_BASE;
	buf_adds(&b, base);
	if (b.len == 0 || b.s[b.len - 1] != '/')
		buf_addc(&b, '/');
	url_enc(&b, call);
	buf_adds(&b, "/data.json?resource=");
	url_enc(&b, resource);
	if (sourceapp != NULL) {
		buf_adds(&b, "&sourceapp=");
		url_enc(&b, sourceapp);
	}
	return buf_detach(&b, NULL);
}

void
ripestat_url_param(char **url, const char *key, const char *value)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, *url);
	buf_addc(&b, '&');
	url_enc(&b, key);
	buf_addc(&b, '=');
	url_enc(&b, value);
	free(*url);
	*url = buf_detach(&b, NULL);
}

/*
 * asn-neighbours.
 */

void
rs_neighbours_release(struct rs_neighbours *n)
{
	free(n->version);
	free(n->v);
	free_notes(n->notes, n->nnotes);
	memset(n, 0, sizeof(*n));
}

/*
 * Which sides of self the paths (v4.1 details.paths[].path, "1103 20965
 * 1853 1205") show asn on: bit 1 left, bit 2 right.
 */
static int
path_sides(const json_t *paths, uint32_t self, uint32_t asn)
{
	const char *s, *p;
	uint32_t prev, cur;
	size_t i;
	int sides = 0;
	const char *end;

	for (i = 0; i < json_array_size(paths); i++) {
		s = jstr(json_array_get(paths, i), "path");
		if (s == NULL)
			continue;
		prev = 0;
		for (p = s; *p != '\0'; p = end) {
			while (*p == ' ')
				p++;
			end = p + strspn(p, "0123456789");
			if (asn_parse(p, (size_t)(end - p), ASN_ZEROS,
			    &cur) != ASN_OK)
				break;
			if (cur == prev)
				continue;	/* prepending */
			if (cur == self && prev == asn)
				sides |= 1;
			else if (prev == self && cur == asn)
				sides |= 2;
			prev = cur;
		}
	}
	return sides;
}

static int
cmp_by_asn(const void *a, const void *b)
{
	const struct rs_neighbour *x = *(const struct rs_neighbour *const *)a;
	const struct rs_neighbour *y = *(const struct rs_neighbour *const *)b;

	return x->asn < y->asn ? -1 : x->asn > y->asn;
}

/* both_sides for every ASN listed both left and right. */
static void
mark_both_sides(struct rs_neighbour *v, size_t n)
{
	struct rs_neighbour **by;
	size_t i, j, k;
	int left, right;

	if (n < 2)
		return;
	by = xcalloc(n, sizeof(*by));
	for (i = 0; i < n; i++)
		by[i] = &v[i];
	qsort(by, n, sizeof(*by), cmp_by_asn);
	for (i = 0; i < n; i = j) {
		left = right = 0;
		for (j = i; j < n && by[j]->asn == by[i]->asn; j++) {
			left |= by[j]->side != RS_RIGHT;
			right |= by[j]->side == RS_RIGHT;
		}
		if (left && right)
			for (k = i; k < j; k++)
				by[k]->both_sides = 1;
	}
	free(by);
}

int
ripestat_parse_neighbours(const char *text, size_t len,
    struct rs_neighbours *out, struct dp_err *err)
{
	struct rs_neighbours r;
	struct rs_neighbour *nb;
	struct env e;
	json_t *list, *it, *det, *pc, *cnt;
	const char *side;
	char *t;
	size_t i, skipped = 0;
	int rc, sides;

	memset(&r, 0, sizeof(r));
	if ((rc = env_open(&e, text, len, "asn-neighbours", err)) != 0)
		return rc;
	list = json_object_get(e.data, "neighbours");
	if (!json_is_array(list)) {
		rc = dp_fail(err, DP_EX_PROTOCOL, "RIPEstat asn-neighbours "
		    "answer has no neighbours list");
		goto out;
	}
	if (jasn(json_object_get(e.data, "resource"), &r.resource) != 0)
		r.resource = 0;
	r.version = jtext(e.root, "version");
	query_time(e.data, &r.has_query_time, &r.query_time);
	cnt = json_object_get(e.data, "neighbour_counts");
	r.count_left = jcount(json_object_get(cnt, "left"));
	r.count_right = jcount(json_object_get(cnt, "right"));
	r.count_uncertain = jcount(json_object_get(cnt, "uncertain"));
	r.count_unique = jcount(json_object_get(cnt, "unique"));
	if (json_array_size(list) > 0)
		r.v = xcalloc(json_array_size(list), sizeof(*r.v));
	for (i = 0; i < json_array_size(list); i++) {
		it = json_array_get(list, i);
		nb = &r.v[r.n];
		if (!json_is_object(it) ||
		    jasn(json_object_get(it, "asn"), &nb->asn) != 0) {
			skipped++;
			continue;
		}
		det = json_object_get(it, "details");	/* v4.1 */
		nb->power = jcount(json_object_get(it, "power"));
		if (nb->power < 0)
			nb->power = jcount(json_object_get(det, "path_count"));
		nb->v4_peers = jcount(json_object_get(it, "v4_peers"));
		nb->v6_peers = jcount(json_object_get(it, "v6_peers"));
		pc = json_object_get(det, "peer_count");
		if (nb->v4_peers < 0)
			nb->v4_peers = jcount(json_object_get(pc, "v4"));
		if (nb->v6_peers < 0)
			nb->v6_peers = jcount(json_object_get(pc, "v6"));
		sides = path_sides(json_object_get(det, "paths"), r.resource,
		    nb->asn);
		if ((side = jstr(it, "type")) == NULL)
			side = jstr(it, "position");
		if (side == NULL)
			nb->side = sides == 2 ? RS_RIGHT : sides == 1 ?
			    RS_LEFT : RS_UNCERTAIN;
		else if (strcmp(side, "left") == 0)
			nb->side = RS_LEFT;
		else if (strcmp(side, "right") == 0)
			nb->side = RS_RIGHT;
		else {
			nb->side = RS_UNCERTAIN;
			if (strcmp(side, "uncertain") != 0) {
				t = text_clip(side, 40);
				add_note(&e.notes, &e.nnotes, xasprintf(
				    "neighbour AS%u: unknown side '%s' "
				    "taken as uncertain", nb->asn, t));
				free(t);
			}
		}
		nb->both_sides = sides == 3;
		r.n++;
	}
	mark_both_sides(r.v, r.n);
	if (r.count_unique >= 0 && (size_t)r.count_unique > r.n)
		add_note(&e.notes, &e.nnotes, xasprintf("neighbour_counts "
		    "says %ld neighbours, the list has %zu", r.count_unique,
		    r.n));
	if (skipped > 0)
		add_note(&e.notes, &e.nnotes, xasprintf("%zu neighbours "
		    "without a valid asn left out", skipped));
	r.notes = e.notes;
	r.nnotes = e.nnotes;
	e.notes = NULL;
	e.nnotes = 0;
	*out = r;
	memset(&r, 0, sizeof(r));
out:
	rs_neighbours_release(&r);
	env_release(&e);
	return rc;
}

/*
 * abuse-contact-finder and prefix-overview: registry records.
 */

/*
 * Set r's range or AS number from a resource as RIPEstat echoes it:
 * "3333", "AS3333", "193.0.0.0/21", "193.0.0.1".  Returns -1 if it is
 * none of those.
 */
static int
set_resource(struct reg_record *r, const char *s)
{
	struct ipnet n;
	uint32_t asn;

	if (str_asn(s, &asn) == 0) {
		r->kind = REG_AUTNUM;
		r->asn_first = r->asn_last = asn;
		return 0;
	}
	if (val_cidr(s, &n, NULL) != 0 && val_ip(s, &n, NULL) != 0)
		return -1;
	r->kind = REG_NET;
	reg_set_prefix(r, &n);
	return 0;
}

int
ripestat_parse_abuse(const char *text, size_t len, struct reg_record *out,
    struct dp_err *err)
{
	static const char via[] = "ripestat:abuse-contact-finder";
	struct reg_record r;
	struct env e;
	json_t *list, *params;
	const char *s;
	char *t;
	size_t i;
	int rc;

	reg_record_init(&r);
	if ((rc = env_open(&e, text, len, "abuse-contact-finder", err)) != 0)
		return rc;
	list = json_object_get(e.data, "abuse_contacts");
	if (!json_is_array(list)) {
		rc = dp_fail(err, DP_EX_PROTOCOL, "RIPEstat "
		    "abuse-contact-finder answer has no abuse_contacts list");
		goto out;
	}
	notes_to_record(&e, &r);
	r.source = jtext(e.data, "authoritative_rir");
	/* parameters sit in data in version 2, at the top in others. */
	params = json_object_get(e.data, "parameters");
	if (params == NULL)
		params = json_object_get(e.root, "parameters");
	if ((s = jstr(params, "resource")) != NULL &&
	    set_resource(&r, s) != 0) {
		t = text_clip(s, 80);
		reg_add_note(&r, "resource '%s' is no address, prefix or "
		    "AS number", t);
		free(t);
	}
	for (i = 0; i < json_array_size(list); i++) {
		s = json_string_value(json_array_get(list, i));
		if (s != NULL && email_plausible(s, strlen(s)))
			reg_add_contact(&r, s, ROLE_ABUSE, NULL, via);
		else if (s != NULL) {
			t = text_clip(s, 80);
			reg_add_note(&r, "abuse contact '%s' is no e-mail "
			    "address; left out", t);
			free(t);
		} else
			reg_add_note(&r, "abuse contact %zu is no string; "
			    "left out", i);
	}
	if (r.kind == REG_NONE && r.ncontacts > 0)
		r.kind = REG_ENTITY;
	*out = r;
	reg_record_init(&r);
out:
	reg_record_release(&r);
	env_release(&e);
	return rc;
}

int
ripestat_parse_prefix_overview(const char *text, size_t len,
    struct reg_record *out, struct dp_err *err)
{
	struct reg_record r;
	struct env e;
	json_t *list, *it, *block, *ann;
	const char *res, *holder, *bres, *bdesc;
	char *t, *bt;
	uint32_t asn;
	size_t i, skipped = 0;
	int rc;

	reg_record_init(&r);
	if ((rc = env_open(&e, text, len, "prefix-overview", err)) != 0)
		return rc;
	res = jstr(e.data, "resource");
	if (res == NULL || set_resource(&r, res) != 0 ||
	    r.kind != REG_NET) {
		rc = dp_fail(err, DP_EX_PROTOCOL, "RIPEstat prefix-overview "
		    "answer has no prefix as its resource");
		goto out;
	}
	list = json_object_get(e.data, "asns");
	if (list != NULL && !json_is_array(list)) {
		rc = dp_fail(err, DP_EX_PROTOCOL, "RIPEstat prefix-overview "
		    "answer has asns that are not a list");
		goto out;
	}
	notes_to_record(&e, &r);
	reg_set(&r.source, "ripestat");
	for (i = 0; i < json_array_size(list); i++) {
		it = json_array_get(list, i);
		if (jasn(json_object_get(it, "asn"), &asn) != 0) {
			skipped++;
			continue;
		}
		if (r.norigins == MAX_ORIGINS) {
			reg_add_note(&r, "more than %d origins; the rest left "
			    "out", MAX_ORIGINS);
			break;
		}
		reg_add_origin(&r, asn);
		holder = jstr(it, "holder");
		if (holder == NULL)
			continue;
		t = utf8_clean(holder, strlen(holder));
		if (r.org == NULL)
			r.org = t;
		else {
			if (strcmp(r.org, t) != 0)
				reg_add_note(&r, "origin AS%u is held by "
				    "%s", asn, t);
			free(t);
		}
	}
	if (skipped > 0)
		reg_add_note(&r, "%zu origins without a valid asn left out",
		    skipped);
	block = json_object_get(e.data, "block");
	bres = jstr(block, "resource");
	bdesc = jstr(block, "desc");
	if (bres != NULL) {
		t = text_clip(bres, 80);
		bt = text_clip(bdesc != NULL ? bdesc : "", 200);
		reg_add_note(&r, "block %s%s%s", t, *bt != '\0' ? ": " : "",
		    bt);
		free(t);
		free(bt);
	}
	ann = json_object_get(e.data, "announced");
	if (json_is_false(ann))
		reg_add_note(&r, "not announced in BGP (RIS)");
	*out = r;
	reg_record_init(&r);
out:
	reg_record_release(&r);
	env_release(&e);
	return rc;
}

/*
 * routing-status.
 */

static void
routes_free(struct rs_route_origin *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].prefix);
	free(v);
}

void
rs_routing_status_release(struct rs_routing_status *s)
{
	free(s->resource);
	free(s->first_seen.prefix);
	free(s->last_seen.prefix);
	free(s->origins);
	routes_free(s->less_specifics, s->nless);
	routes_free(s->more_specifics, s->nmore);
	free_notes(s->notes, s->nnotes);
	memset(s, 0, sizeof(*s));
}

static void
read_seen(const json_t *o, struct rs_seen *s)
{
	memset(s, 0, sizeof(*s));
	if (!json_is_object(o) || json_object_size(o) == 0)
		return;
	s->present = 1;
	s->prefix = jtext(o, "prefix");
	if (jasn(json_object_get(o, "origin"), &s->origin) != 0)
		s->origin = 0;
	s->has_time = jtime(o, "time", &s->time) == 0;
}

/* less_specifics / more_specifics: [{"prefix": ..., "origin": ...}]. */
static void
read_routes(struct env *e, const char *key, struct rs_route_origin **vp,
    size_t *np)
{
	const json_t *list = json_object_get(e->data, key), *it;
	struct rs_route_origin *v = NULL;
	const char *p;
	size_t i, n = 0, skipped = 0;
	uint32_t asn;

	if (json_array_size(list) > 0)
		v = xcalloc(json_array_size(list), sizeof(*v));
	for (i = 0; i < json_array_size(list); i++) {
		it = json_array_get(list, i);
		if ((p = jstr(it, "prefix")) == NULL ||
		    jasn(json_object_get(it, "origin"), &asn) != 0) {
			skipped++;
			continue;
		}
		v[n].prefix = utf8_clean(p, strlen(p));
		v[n++].origin = asn;
	}
	if (skipped > 0)
		add_note(&e->notes, &e->nnotes, xasprintf("%s: %zu entries "
		    "without a prefix and origin left out", key, skipped));
	*vp = v;
	*np = n;
}

int
ripestat_parse_routing_status(const char *text, size_t len,
    struct rs_routing_status *out, struct dp_err *err)
{
	static const char *const keys[] = {
		"visibility", "first_seen", "last_seen", "origins",
		"announced_space",
	};
	struct rs_routing_status s;
	struct env e;
	json_t *vis, *fam, *list, *it;
	size_t i, skipped = 0;
	uint32_t asn;
	int rc;

	memset(&s, 0, sizeof(s));
	if ((rc = env_open(&e, text, len, "routing-status", err)) != 0)
		return rc;
	/*
	 * Everything is optional, so an answer of another call (without a
	 * data_call_name) would read as "never seen": ask for one member
	 * only this call has.  visibility is always there, seen or not.
	 */
	for (i = 0; i < ARRAY_SIZE(keys); i++)
		if (json_object_get(e.data, keys[i]) != NULL)
			break;
	if (i == ARRAY_SIZE(keys)) {
		env_release(&e);
		return dp_fail(err, DP_EX_PROTOCOL, "RIPEstat routing-status "
		    "answer has none of visibility, first_seen, last_seen, "
		    "origins, announced_space");
	}
	s.resource = jtext(e.data, "resource");
	query_time(e.data, &s.has_query_time, &s.query_time);
	read_seen(json_object_get(e.data, "first_seen"), &s.first_seen);
	read_seen(json_object_get(e.data, "last_seen"), &s.last_seen);
	s.v4_seeing = s.v4_total = s.v6_seeing = s.v6_total = -1;
	vis = json_object_get(e.data, "visibility");
	if (json_is_object(vis)) {
		s.has_visibility = 1;
		fam = json_object_get(vis, "v4");
		s.v4_seeing = jcount(json_object_get(fam, "ris_peers_seeing"));
		s.v4_total = jcount(json_object_get(fam, "total_ris_peers"));
		fam = json_object_get(vis, "v6");
		s.v6_seeing = jcount(json_object_get(fam, "ris_peers_seeing"));
		s.v6_total = jcount(json_object_get(fam, "total_ris_peers"));
	}
	s.observed_neighbours = jcount(json_object_get(e.data,
	    "observed_neighbours"));
	list = json_object_get(e.data, "origins");
	if (json_array_size(list) > 0)
		s.origins = xcalloc(json_array_size(list), sizeof(*s.origins));
	for (i = 0; i < json_array_size(list); i++) {
		/* {"origin": 3333, "route_objects": [...]}, or a bare ASN */
		it = json_array_get(list, i);
		if (jasn(json_is_object(it) ? json_object_get(it, "origin") :
		    it, &asn) != 0)
			skipped++;
		else
			s.origins[s.norigins++] = asn;
	}
	if (skipped > 0)
		add_note(&e.notes, &e.nnotes, xasprintf("origins: %zu entries "
		    "without a valid AS number left out", skipped));
	read_routes(&e, "less_specifics", &s.less_specifics, &s.nless);
	read_routes(&e, "more_specifics", &s.more_specifics, &s.nmore);
	s.notes = e.notes;
	s.nnotes = e.nnotes;
	e.notes = NULL;
	e.nnotes = 0;
	*out = s;
	memset(&s, 0, sizeof(s));
	rs_routing_status_release(&s);
	env_release(&e);
	return 0;
}

/*
 * looking-glass.
 */

void
rs_looking_glass_release(struct rs_looking_glass *lg)
{
	size_t i;

	for (i = 0; i < lg->n; i++) {
		free(lg->v[i].rrc);
		free(lg->v[i].peer);
		free(lg->v[i].prefix);
		free(lg->v[i].path);
	}
	free(lg->v);
	free_notes(lg->notes, lg->nnotes);
	memset(lg, 0, sizeof(*lg));
}

static void
path_add(struct rs_lg_route *r, uint32_t asn, size_t *cap)
{
	if (r->npath == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		r->path = xrealloc(r->path, *cap * sizeof(*r->path));
	}
	r->path[r->npath++] = asn;
}

/*
 * An AS path as a string ("34854 6939 1853 1853 1205", AS_SETs in
 * braces) or an array of ASNs.  Returns -1 if it holds anything else.
 */
static int
read_path(const json_t *p, struct rs_lg_route *r)
{
	const char *s, *end;
	size_t cap = 0, i;
	uint32_t asn;

	if (json_is_array(p)) {
		for (i = 0; i < json_array_size(p); i++) {
			if (jasn(json_array_get(p, i), &asn) != 0)
				return -1;
			path_add(r, asn, &cap);
		}
		return 0;
	}
	if ((s = json_string_value(p)) == NULL)
		return -1;
	while (*s != '\0') {
		if (*s == ' ') {
			s++;
			continue;
		}
		if (*s == '{') {
			/* An AS_SET: no single AS to name. */
			if ((s = strchr(s, '}')) == NULL)
				return -1;
			s++;
			r->has_set = 1;
			continue;
		}
		end = s + strspn(s, "0123456789");
		if (asn_parse(s, (size_t)(end - s), ASN_ZEROS, &asn) !=
		    ASN_OK)
			return -1;
		path_add(r, asn, &cap);
		s = end;
	}
	return 0;
}

int
ripestat_parse_looking_glass(const char *text, size_t len,
    struct rs_looking_glass *out, struct dp_err *err)
{
	struct rs_looking_glass lg;
	struct rs_lg_route r;
	struct env e;
	json_t *rrcs, *rrc, *peers, *pe;
	size_t i, j, cap = 0, skipped = 0;
	int rc;

	memset(&lg, 0, sizeof(lg));
	if ((rc = env_open(&e, text, len, "looking-glass", err)) != 0)
		return rc;
	rrcs = json_object_get(e.data, "rrcs");
	if (!json_is_array(rrcs)) {
		rc = dp_fail(err, DP_EX_PROTOCOL, "RIPEstat looking-glass "
		    "answer has no rrcs list");
		goto out;
	}
	query_time(e.data, &lg.has_query_time, &lg.query_time);
	if (!lg.has_query_time)
		query_time(e.root, &lg.has_query_time, &lg.query_time);
	for (i = 0; i < json_array_size(rrcs); i++) {
		rrc = json_array_get(rrcs, i);
		peers = json_object_get(rrc, "peers");
		for (j = 0; j < json_array_size(peers); j++) {
			pe = json_array_get(peers, j);
			memset(&r, 0, sizeof(r));
			if (read_path(json_object_get(pe, "as_path"),
			    &r) != 0 || (r.npath == 0 && !r.has_set)) {
				free(r.path);
				skipped++;
				continue;
			}
			if (jasn(json_object_get(pe, "asn_origin"),
			    &r.origin) != 0)
				r.origin = r.npath > 0 && !r.has_set ?
				    r.path[r.npath - 1] : 0;
			r.rrc = jtext(rrc, "rrc");
			r.peer = jtext(pe, "peer");
			r.prefix = jtext(pe, "prefix");
			if (lg.n == cap) {
				cap = cap ? cap * 2 : 16;
				lg.v = xrealloc(lg.v, cap * sizeof(*lg.v));
			}
			lg.v[lg.n++] = r;
		}
	}
	if (skipped > 0)
		add_note(&e.notes, &e.nnotes, xasprintf("%zu routes without a "
		    "readable as_path left out", skipped));
	lg.notes = e.notes;
	lg.nnotes = e.nnotes;
	e.notes = NULL;
	e.nnotes = 0;
	*out = lg;
	memset(&lg, 0, sizeof(lg));
out:
	rs_looking_glass_release(&lg);
	env_release(&e);
	return rc;
}

int
rs_path_upstream(const uint32_t *path, size_t n, uint32_t origin,
    uint32_t *up)
{
	size_t i;

	if (n == 0 || path[n - 1] != origin)
		return -1;
	/* Skip the origin's prepending; what is left of it is upstream. */
	for (i = n - 1; i > 0 && path[i - 1] == origin; i--)
		;
	if (i == 0)
		return -1;
	*up = path[i - 1];
	return 0;
}

/*
 * announced-prefixes.
 */

void
rs_announced_release(struct rs_announced *a)
{
	size_t i;

	free(a->resource);
	for (i = 0; i < a->n; i++) {
		free(a->v[i].prefix);
		free(a->v[i].t);
	}
	free(a->v);
	free_notes(a->notes, a->nnotes);
	memset(a, 0, sizeof(*a));
}

int
ripestat_parse_announced(const char *text, size_t len,
    struct rs_announced *out, struct dp_err *err)
{
	struct rs_announced a;
	struct env e;
	const json_t *list, *it, *tl, *x;
	const char *p;
	struct ipnet net;
	size_t i, k, badp = 0, badt = 0;
	int rc;

	memset(&a, 0, sizeof(a));
	if ((rc = env_open(&e, text, len, "announced-prefixes", err)) != 0)
		return rc;
	list = json_object_get(e.data, "prefixes");
	if (!json_is_array(list)) {
		env_release(&e);
		return dp_fail(err, DP_EX_PROTOCOL, "RIPEstat "
		    "announced-prefixes answer has no list of prefixes");
	}
	a.resource = jtext(e.data, "resource");
	if (jtime(e.data, "query_endtime", &a.query_end) == 0) {
		a.has_end = 1;
		if (jtime(e.data, "query_starttime", &a.query_start) != 0)
			a.query_start = 0;
	}
	if (json_array_size(list) > 0)
		a.v = xcalloc(json_array_size(list), sizeof(*a.v));
	for (i = 0; i < json_array_size(list); i++) {
		struct rs_announced_prefix *ap;

		it = json_array_get(list, i);
		if ((p = jstr(it, "prefix")) == NULL ||
		    val_cidr(p, &net, NULL) != 0) {
			badp++;
			continue;
		}
		ap = &a.v[a.n++];
		ap->prefix = xstrdup(p);
		tl = json_object_get(it, "timelines");
		if (json_array_size(tl) > 0)
			ap->t = xcalloc(json_array_size(tl), sizeof(*ap->t));
		for (k = 0; k < json_array_size(tl); k++) {
			x = json_array_get(tl, k);
			if (jtime(x, "starttime", &ap->t[ap->nt].start) != 0 ||
			    jtime(x, "endtime", &ap->t[ap->nt].end) != 0) {
				badt++;
				continue;
			}
			ap->nt++;
		}
	}
	if (badp > 0)
		add_note(&e.notes, &e.nnotes, xasprintf("prefixes: %zu "
		    "entries without a valid prefix left out", badp));
	if (badt > 0)
		add_note(&e.notes, &e.nnotes, xasprintf("timelines: %zu "
		    "entries without a start and end time left out", badt));
	a.notes = e.notes;
	a.nnotes = e.nnotes;
	e.notes = NULL;
	e.nnotes = 0;
	env_release(&e);
	*out = a;
	return 0;
}

int
rs_announced_now(const struct rs_announced *a,
    const struct rs_announced_prefix *p)
{
	size_t i;

	for (i = 0; i < p->nt; i++)
		if (!a->has_end || p->t[i].end >= a->query_end)
			return 1;
	return 0;
}
