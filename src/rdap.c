/*
 * rdap.c - RDAP response bodies into struct reg_record: loading the body,
 * RFC 9083 objects (ip network with the cidr0 and arin_originas0
 * extensions, autnum, entity); a search result is refused.  Entities and
 * jCard contacts (RFC 7095) are rdap_entity.c's, the IANA bootstrap
 * registries (RFC 9224) rdap_bootstrap.c's, the text helpers
 * rdap_text.c's.  No I/O: the HTTP client passes bytes in; the JSON tree
 * lives only inside each call (every json_t loaded here is json_decref'd
 * before returning, and all strings borrowed from it are copied into the
 * record first).
 *
 * Hostile input is bounded everywhere: the body size (1 MiB), JSON
 * nesting (jansson's 2048), the entity walk (breadth
 * first with an explicit queue, 8 levels, 1024 entities, never
 * recursive), and the counts of contacts, links, origins, prefixes and
 * notes one record may collect, so no input makes the de-duplicating
 * adders in regrec.c quadratic.
 */
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ascii.h"
#include "asn.h"
#include "buf.h"
#include "exitcodes.h"
#include "rdap_int.h"

/*
 * Addresses.
 */

/*
 * An address as RDAP servers write it, including old quirks: IPv4 octets
 * zero-padded to three digits ("074.125.000.000", decimal, quirk bit 1)
 * and a prefix length after a single address ("62.239.237.0/32", bit 2).
 * Returns 0 or -1.
 */
static int
rdap_addr(const char *s, struct ipnet *out, int *quirk)
{
	const char *slash, *p;
	size_t n;
	int zeros = 0;

	*quirk = 0;
	n = strlen(s);
	if ((slash = strchr(s, '/')) != NULL) {
		for (p = slash + 1; rp_is_digit(*p); p++)
			;
		if (p == slash + 1 || *p != '\0' || p - slash > 4)
			return -1;
		n = (size_t)(slash - s);
		*quirk |= 2;
	}
	if (ipnet_parse_lenient(s, n, IPNET_ZEROS | IPNET_ZEROS3, out,
	    &zeros) != 0)
		return -1;
	if (zeros)
		*quirk |= 1;
	return 0;
}

/*
 * The cidr0 extension: [{"v4prefix": "1.1.1.0", "length": 24}, ...] (or
 * v6prefix).  When every prefix lies inside the range they replace its
 * computed cover; without a range they make it.
 */
static void
parse_cidr0(struct pctx *c, json_t *list)
{
	struct reg_record *r = c->r;
	struct ipnet *v = NULL;
	unsigned char first[16], last[16], l[16];
	size_t n = 0, cap = 0, i, bad = 0;
	json_t *e, *len;
	const char *s;
	int fam, quirk, inside = 1, bytes;

	json_array_foreach(list, i, e) {
		struct ipnet a;

		if (n >= MAX_PREFIXES)
			break;
		fam = AF_INET;
		if ((s = rp_jstr(e, "v4prefix")) == NULL) {
			s = rp_jstr(e, "v6prefix");
			fam = AF_INET6;
		}
		len = json_object_get(e, "length");
		if (s == NULL || !json_is_integer(len) ||
		    rdap_addr(s, &a, &quirk) != 0 || a.family != fam ||
		    json_integer_value(len) < 0 ||
		    json_integer_value(len) > a.plen) {
			bad++;
			continue;
		}
		a.plen = (int)json_integer_value(len);
		if (!ipnet_host_bits_clear(&a) ||
		    (n > 0 && a.family != v[0].family)) {
			bad++;
			continue;
		}
		GROW(v, n + 1, cap);
		v[n++] = a;
	}
	if (bad > 0)
		rp_add_note(r, "%zu cidr0 prefixes could not be read", bad);
	if (n == 0)
		goto out;
	bytes = ipnet_bytes(v[0].family);
	memset(first, 0, 16);
	memcpy(first, v[0].addr, (size_t)bytes);
	ipnet_last(&v[0], last);
	for (i = 0; i < n; i++) {
		ipnet_last(&v[i], l);
		if (r->has_range && (v[i].family != r->family ||
		    memcmp(v[i].addr, r->first, (size_t)bytes) < 0 ||
		    memcmp(l, r->last, (size_t)bytes) > 0))
			inside = 0;
		if (memcmp(v[i].addr, first, (size_t)bytes) < 0)
			memcpy(first, v[i].addr, (size_t)bytes);
		if (memcmp(l, last, (size_t)bytes) > 0)
			memcpy(last, l, (size_t)bytes);
	}
	if (!inside) {
		rp_add_note(r, "cidr0 prefixes lie outside the range; the "
		    "range's own cover is kept");
		goto out;
	}
	if (!r->has_range && reg_set_range(r, v[0].family, first, last,
	    NULL) != 0)
		goto out;
	free(r->prefixes);
	r->prefixes = v;
	r->nprefixes = n;
	v = NULL;
out:
	free(v);
}

/* An AS number member: an integer, or a string as val_asn() takes it. */
static int
json_asn(json_t *v, uint32_t *out)
{
	if (json_is_integer(v))
		return asn_from_int(json_integer_value(v), out);
	if (json_is_string(v))
		return asn_parse(json_string_value(v),
		    strlen(json_string_value(v)), ASN_STRICT, out) == ASN_OK ?
		    0 : -1;
	return -1;
}

/* Origin AS numbers: integers, or strings "AS1234" / "1234". */
static void
parse_origins(struct pctx *c, json_t *list)
{
	json_t *e;
	uint32_t asn;
	size_t i;

	json_array_foreach(list, i, e) {
		if (c->r->norigins >= MAX_ORIGINS) {
			if (!(c->once & ONCE_ORIGINS))
				rp_add_note(c->r, "more than %d origin AS "
				    "numbers; the rest were ignored",
				    MAX_ORIGINS);
			c->once |= ONCE_ORIGINS;
			return;
		}
		if (json_asn(e, &asn) == 0)
			reg_add_origin(c->r, asn);
		else if (!(c->once & ONCE_BADORIGIN)) {
			rp_add_note(c->r, "origin values that are not AS "
			    "numbers were ignored");
			c->once |= ONCE_BADORIGIN;
		}
	}
}

static int
parse_net(struct pctx *c, struct dp_err *err)
{
	struct reg_record *r = c->r;
	const char *start = rp_jstr(c->obj, "startAddress"),
	    *end = rp_jstr(c->obj, "endAddress"), *ver;
	struct ipnet a, b;
	char text[IPNET_STRLEN], *q;
	int qa, qb, rc = 0;

	if (start != NULL && end != NULL) {
		if (rdap_addr(start, &a, &qa) != 0 ||
		    rdap_addr(end, &b, &qb) != 0) {
			q = QUOTE(rdap_addr(start, &a, &qa) != 0 ? start : end);
			rc = dp_fail(err, DP_EX_PROTOCOL, "ip network with a "
			    "bad address '%s'", q);
			free(q);
			return rc;
		}
		if (a.family != b.family)
			return dp_fail(err, DP_EX_PROTOCOL, "ip network range "
			    "mixes IPv4 and IPv6");
		if (reg_set_range(r, a.family, a.addr, b.addr, NULL) != 0)
			return dp_fail(err, DP_EX_PROTOCOL, "ip network range "
			    "ends before it starts");
		if ((qa | qb) & 1)
			rp_add_note(r, "addresses written with leading zeros "
			    "('%s'), read as decimal", start);
		if ((qa | qb) & 2)
			rp_add_note(r, "addresses written with a prefix length "
			    "('%s'), which was dropped", start);
		if (memcmp(a.addr, b.addr, 16) == 0) {
			ipnet_format_addr(&a, text, sizeof(text));
			rp_add_note(r, "the registry gave the single address "
			    "%s as the network; old LACNIC servers echoed the "
			    "query, so the real block is probably larger "
			    "(ask WHOIS)", text);
		}
		ver = rp_jstr(c->obj, "ipVersion");
		if (ver != NULL && ((strcmp(ver, "v4") == 0 &&
		    a.family != AF_INET) || (strcmp(ver, "v6") == 0 &&
		    a.family != AF_INET6)))
			rp_add_note(r, "ipVersion '%s' does not match the "
			    "addresses", ver);
	}
	parse_cidr0(c, json_object_get(c->obj, "cidr0_cidrs"));
	if (!r->has_range)
		return dp_fail(err, DP_EX_PROTOCOL, "ip network without a "
		    "usable range (no startAddress and endAddress, no "
		    "cidr0_cidrs)");
	parse_origins(c, json_object_get(c->obj,
	    "arin_originas0_originautnums"));
	parse_origins(c, json_object_get(c->obj, "lacnic_originAutnum"));
	return 0;
}

static int
parse_autnum(struct pctx *c, struct dp_err *err)
{
	struct reg_record *r = c->r;
	json_t *first = json_object_get(c->obj, "startAutnum"),
	    *last = json_object_get(c->obj, "endAutnum"),
	    *handle = json_object_get(c->obj, "handle");
	uint32_t a, b;

	if (json_asn(first, &a) != 0) {
		if (first != NULL || json_asn(handle, &a) != 0)
			return dp_fail(err, DP_EX_PROTOCOL, "autnum without a "
			    "usable AS number");
		rp_add_note(r, "no startAutnum; the number is taken from the "
		    "handle");
	}
	if (last == NULL)
		b = a;
	else if (json_asn(last, &b) != 0)
		return dp_fail(err, DP_EX_PROTOCOL, "autnum with a bad "
		    "endAutnum");
	if (b < a)
		return dp_fail(err, DP_EX_PROTOCOL, "autnum range AS%u - AS%u "
		    "ends before it starts", a, b);
	r->asn_first = a;
	r->asn_last = b;
	return 0;
}

/* Notes on the abuse contacts found, after sorting. */
static void
abuse_summary(struct reg_record *r)
{
	struct buf b = BUF_INIT;
	size_t i, n = 0;

	for (i = 0; i < r->ncontacts && r->contacts[i].role == ROLE_ABUSE;
	    i++) {
		if (n < 5)
			buf_addf(&b, "%s%s (%s)", n ? ", " : "",
			    r->contacts[i].email, r->contacts[i].handle != NULL
			    ? r->contacts[i].handle : "?");
		n++;
	}
	if (n > 1)
		rp_add_note(r, "%zu abuse addresses, preferred first: %s%s", n,
		    b.s, n > 5 ? ", ..." : "");
	else if (n == 0 && r->nlinks == 0 && r->kind != REG_ENTITY)
		rp_add_note(r, "no abuse contact in this reply");
	buf_release(&b);
}

/*
 * One RDAP object (not an error, not a search) into r.
 */
static int
parse_object(json_t *o, struct reg_record *r, struct dp_err *err)
{
	struct pctx c;
	const char *cls, *src, *type;
	json_t *st, *x;
	struct buf b = BUF_INIT;
	size_t i;
	int rc = 0;

	memset(&c, 0, sizeof(c));
	c.r = r;
	c.obj = o;
	c.self = rp_self_link(o);
	if ((cls = rp_jstr(o, "objectClassName")) == NULL) {
		/* Old servers (RIPE in 2015) left it out. */
		if (json_object_get(o, "startAddress") != NULL ||
		    json_object_get(o, "cidr0_cidrs") != NULL)
			cls = "ip network";
		else if (json_object_get(o, "startAutnum") != NULL)
			cls = "autnum";
		else if (json_object_get(o, "vcardArray") != NULL)
			cls = "entity";
		else
			return dp_fail(err, DP_EX_PROTOCOL, "reply is neither "
			    "an RDAP object nor an RDAP error (no "
			    "objectClassName, no errorCode)");
		rp_add_note(r, "no objectClassName; read as %s", cls);
	}
	if (ascii_casecmp(cls, "ip network") == 0)
		r->kind = REG_NET;
	else if (ascii_casecmp(cls, "autnum") == 0)
		r->kind = REG_AUTNUM;
	else if (ascii_casecmp(cls, "entity") == 0)
		r->kind = REG_ENTITY;
	else {
		char *q = QUOTE(cls);

		rc = dp_fail(err, DP_EX_PROTOCOL, "unexpected RDAP object "
		    "class '%s'", q);
		free(q);
		return rc;
	}

	src = rp_registry_of(rp_jstr(o, "port43"));
	if (src == NULL)
		src = rp_registry_of(c.self);
	reg_set(&r->source, src);
	rp_set_text(r, &r->handle, "handle", rp_jstr(o, "handle"), MAX_HANDLE);
	if (r->kind != REG_ENTITY)
		rp_set_text(r, &r->name, "name", rp_jstr(o, "name"), MAX_NAME);
	rp_set_text(r, &r->country, "country", rp_jstr(o, "country"),
	    MAX_HANDLE);
	if ((type = rp_jstr(o, "type")) != NULL)
		rp_set_text(r, &r->status, "status", type, MAX_HANDLE);
	else {
		st = json_object_get(o, "status");
		json_array_foreach(st, i, x)
			if (json_is_string(x))
				buf_addf(&b, "%s%s", b.len ? ", " : "",
				    json_string_value(x));
		if (b.len > 0)
			rp_set_text(r, &r->status, "status", b.s, MAX_HANDLE);
		buf_release(&b);
	}

	if (r->kind == REG_NET)
		rc = parse_net(&c, err);
	else if (r->kind == REG_AUTNUM)
		rc = parse_autnum(&c, err);
	else
		rp_do_entity(&c, o, 1);
	if (rc != 0)
		return rc;
	rp_walk_entities(&c, json_object_get(o, "entities"));
	rp_do_remarks(&c, json_object_get(o, "remarks"), NULL, 1);
	rp_do_remarks(&c, json_object_get(o, "notices"), NULL, 0);
	reg_sort_contacts(r);
	/* A network or AS number's: an entity alone is not about one. */
	if (r->kind != REG_ENTITY)
		reg_abuse_candidates(r);
	abuse_summary(r);
	return 0;
}

/*
 * Loading the body.
 */

/* Whether a page says it is a rate limit ("429", "Too Many Requests"). */
static int
rate_limited(const char *s, size_t n)
{
	size_t i;

	if (rp_ci_contains(s, n, "too many requests") ||
	    rp_ci_contains(s, n, "rate limit"))
		return 1;
	for (i = 0; i + 3 <= n; i++)
		if (memcmp(s + i, "429", 3) == 0 &&
		    (i == 0 || !rp_is_digit(s[i - 1])) &&
		    (i + 3 == n || !rp_is_digit(s[i + 3])))
			return 1;
	return 0;
}

/* The text of an HTML page's <title>, or NULL.  The caller frees it. */
static char *
html_title(const char *s, size_t n)
{
	size_t i, j;

	for (i = 0; i + 6 < n; i++)
		if (s[i] == '<' && ascii_ncasecmp(s + i + 1, "title", 5) == 0 &&
		    (s[i + 6] == '>' || rp_is_blank_ctl(s[i + 6])))
			break;
	if (i + 6 >= n)
		return NULL;
	while (i < n && s[i] != '>')
		i++;
	for (j = ++i; j < n && s[j] != '<'; j++)
		;
	if (i >= n || j == i)
		return NULL;
	return rp_snippet(s + i, j - i, 120);
}

/*
 * The body is not JSON (je: jansson's reason, or NULL for an HTML page):
 * say what it looks like.  A page or a short text that says it is a rate
 * limit is a temporary failure.
 */
static int
not_json(const char *s, size_t n, const json_error_t *je, struct dp_err *err)
{
	size_t head = n < 256 ? n : 256;
	char *title, *start;
	int rc;

	if (je == NULL) {
		title = html_title(s, n < 65536 ? n : 65536);
		if (title != NULL ? rate_limited(title, strlen(title)) :
		    rate_limited(s, n < 4096 ? n : 4096))
			rc = dp_fail(err, DP_EX_TEMPFAIL, "rate limited: the "
			    "server answered with an HTML page%s%s%s",
			    title ? " '" : "", title ? title : "",
			    title ? "'" : "");
		else if (title != NULL)
			rc = dp_fail(err, DP_EX_PROTOCOL, "not JSON (looks "
			    "like an HTML page: %s)", title);
		else
			rc = dp_fail(err, DP_EX_PROTOCOL, "not JSON (looks "
			    "like an HTML page without a title)");
		free(title);
		return rc;
	}
	start = rp_snippet(s, head, 60);
	/* Broken JSON is not sniffed: "-429-" may be part of a handle. */
	if (s[0] != '{' && s[0] != '[' && rate_limited(s, head))
		rc = dp_fail(err, DP_EX_TEMPFAIL, "rate limited: the server "
		    "answered '%s'", start);
	else
		rc = dp_fail(err, DP_EX_PROTOCOL, "not JSON (%s, line %d "
		    "column %d; the reply starts '%s')", je->text, je->line,
		    je->column, start);
	free(start);
	return rc;
}

/*
 * A copy of s[0..n) with each byte that is not part of valid UTF-8
 * replaced by U+FFFD; *nbad counts them.  NUL bytes are kept for jansson
 * to refuse.
 */
static char *
utf8_repair(const char *s, size_t n, size_t *outlen, size_t *nbad)
{
	struct buf b = BUF_INIT;
	size_t i = 0, bad;

	*nbad = 0;
	while (i < n) {
		if (utf8_valid(s + i, n - i, &bad)) {
			buf_add(&b, s + i, n - i);
			break;
		}
		buf_add(&b, s + i, bad);
		i += bad;
		if (s[i] == '\0')
			buf_addc(&b, '\0');
		else {
			buf_add(&b, "\xef\xbf\xbd", 3);
			(*nbad)++;
		}
		i++;
	}
	return buf_detach(&b, outlen);
}

/*
 * Check the size, recognise HTML and other non-JSON, repair bad UTF-8,
 * and parse.  On success *root is a JSON object the caller decrefs and
 * *nbad the number of bytes replaced.
 */
static int
load_json(const char *body, size_t len, size_t max, const char *maxname,
    json_t **root, size_t *nbad, struct dp_err *err)
{
	json_error_t je;
	char *fixed = NULL;
	const char *s = body;
	size_t n = len, flen;
	json_t *j;
	int rc = 0;

	*nbad = 0;
	if (len > max)
		return dp_fail(err, DP_EX_PROTOCOL, "reply larger than %s "
		    "(%zu bytes)", maxname, len);
	if (body == NULL)
		n = 0;
	/* Leading blanks and a UTF-8 byte order mark. */
	while (n > 0 && rp_is_blank_ctl(*s) && *s != '\0')
		s++, n--;
	if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		s += 3, n -= 3;
	while (n > 0 && rp_is_blank_ctl(*s) && *s != '\0')
		s++, n--;
	if (n == 0)
		return dp_fail(err, DP_EX_PROTOCOL, "empty reply");
	if (s[0] == '<')
		return not_json(s, n, NULL, err);
	if (!utf8_valid(s, n, NULL) && memchr(s, '\0', n) == NULL) {
		fixed = utf8_repair(s, n, &flen, nbad);
		s = fixed;
		n = flen;
	}
	j = json_loadb(s, n, JSON_DECODE_ANY, &je);
	if (j == NULL)
		rc = not_json(s, n, &je, err);
	else if (!json_is_object(j)) {
		rc = dp_fail(err, DP_EX_PROTOCOL, "not an RDAP object (the "
		    "reply is a JSON %s)", json_is_array(j) ? "array" :
		    "value");
		json_decref(j);
	} else
		*root = j;
	free(fixed);
	return rc;
}

/*
 * An RDAP error object (RFC 9083 section 6): 404 is an answer (a REG_NONE
 * record, return 0), 429 a temporary failure, anything else a protocol
 * error.  Returns -1 if o is not an error object.
 */
static int
reply_error(json_t *o, struct reg_record *r, struct dp_err *err)
{
	json_t *code = json_object_get(o, "errorCode"), *d, *line;
	struct buf b = BUF_INIT;
	const char *t;
	json_int_t n = -1;
	uint64_t v = 0;
	size_t i;
	char *msg;
	int rc;

	if (code == NULL)
		return -1;
	if (json_is_integer(code))
		n = json_integer_value(code);
	else if ((t = json_string_value(code)) != NULL) {
		for (i = 0; rp_is_digit(t[i]) && i < 4; i++)
			v = v * 10 + (uint64_t)(t[i] - '0');
		if (i > 0 && t[i] == '\0')
			n = (json_int_t)v;
	}
	if ((t = rp_jstr(o, "title")) != NULL)
		buf_adds(&b, t);
	d = json_object_get(o, "description");
	if (json_is_string(d))
		buf_addf(&b, "%s%s", b.len ? ": " : "", json_string_value(d));
	json_array_foreach(d, i, line)
		if (json_is_string(line))
			buf_addf(&b, "%s%s", b.len ? (i ? " " : ": ") : "",
			    json_string_value(line));
	msg = rp_snippet(b.s, b.len, 400);
	buf_release(&b);
	if (n < 100 || n > 599)
		rc = dp_fail(err, DP_EX_PROTOCOL, "RDAP error with a bad "
		    "errorCode%s%s", *msg ? ": " : "", msg);
	else if (n == 404) {
		r->kind = REG_NONE;
		reg_set(&r->source, rp_registry_of(rp_jstr(o, "port43")));
		rp_add_note(r, "RDAP error 404%s%s", *msg ? ": " : "", msg);
		rc = 0;
	} else
		rc = dp_fail(err, n == 429 ? DP_EX_TEMPFAIL : DP_EX_PROTOCOL,
		    "RDAP error %d%s%s", (int)n, *msg ? ": " : "", msg);
	free(msg);
	return rc;
}

/* The first "...SearchResults" array member of a reply, or NULL. */
static json_t *
search_results(json_t *root)
{
	const char *key, *tail = "SearchResults";
	size_t n, m = strlen(tail);
	json_t *v;

	json_object_foreach(root, key, v) {
		n = strlen(key);
		if (n >= m && strcmp(key + n - m, tail) == 0 &&
		    json_is_array(v))
			return v;
	}
	return NULL;
}

int
rdap_parse(const char *body, size_t len, struct reg_record *out,
    struct dp_err *err)
{
	struct reg_record rec;
	json_t *root = NULL, *res;
	size_t nbad;
	int rc;

	reg_record_init(&rec);
	if ((rc = load_json(body, len, RDAP_MAX_REPLY, "1 MiB", &root, &nbad,
	    err)) != 0)
		goto out;
	if (nbad > 0)
		rp_add_note(&rec, "the reply was not valid UTF-8: %zu bytes "
		    "replaced with U+FFFD", nbad);
	if ((rc = reply_error(root, &rec, err)) >= 0)
		goto out;
	if ((res = search_results(root)) != NULL) {
		rc = dp_fail(err, DP_EX_PROTOCOL, "reply is a search result "
		    "(%zu objects), not one object", json_array_size(res));
		goto out;
	}
	rc = parse_object(root, &rec, err);
out:
	json_decref(root);
	if (rc != 0)
		reg_record_release(&rec);
	else
		*out = rec;
	return rc;
}
