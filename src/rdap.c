/*
 * rdap.c - RDAP response bodies into struct reg_record (RFC 9083 objects,
 * jCard contacts per RFC 7095, the cidr0 and arin_originas0 extensions),
 * and the IANA bootstrap registries (RFC 9224).  No I/O: the HTTP client
 * passes bytes in; the JSON tree lives only inside each call (every
 * json_t loaded here is json_decref'd before returning, and all strings
 * borrowed from it are copied into the record first).
 *
 * Hostile input is bounded everywhere: the body size (1 MiB, 16 MiB for
 * searches), JSON nesting (jansson's 2048), the entity walk (breadth
 * first with an explicit queue, 8 levels, 1024 entities, never
 * recursive), and the counts of contacts, links, origins, prefixes and
 * notes one record may collect, so no input makes the de-duplicating
 * adders in regrec.c quadratic.
 */
#include <arpa/inet.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "asn.h"
#include "buf.h"
#include "exitcodes.h"
#include "rdap.h"

#define MAX_HANDLE	255	/* bytes kept of handles, country, status */
#define MAX_NAME	512	/* bytes kept of names */
#define MAX_EMAIL	254	/* longest address taken (RFC 5321 path) */
#define MAX_URL		2048
#define MAX_ENTITIES	1024
#define MAX_CONTACTS	256
#define MAX_LINKS	64
#define MAX_ORIGINS	1024
#define MAX_PREFIXES	1024
#define MAX_NOTES	32
#define MAX_MAILS	64	/* e-mail properties read from one jCard */
#define MAX_BOOTSTRAP	(4 * 1024 * 1024)

/* What one parse remembers beside the record it fills. */
struct pctx {
	struct reg_record *r;
	json_t		*obj;		/* the object being parsed */
	const char	*self;		/* its self link, or NULL */
	size_t		 nentities;
	int		 org_score;	/* how org-like the org source was */
	unsigned int	 once;		/* ONCE_* notes already given */
};

#define ONCE_DEEP	0x01
#define ONCE_MANY_ENT	0x02
#define ONCE_CONTACTS	0x04
#define ONCE_LINKS	0x08
#define ONCE_ORIGINS	0x10
#define ONCE_BADMAIL	0x20
#define ONCE_TRUNC	0x40
#define ONCE_BADORIGIN	0x80

/* ASCII helpers; <ctype.h> would depend on the locale. */
static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_blank_ctl(int c)
{
	return (unsigned char)c <= ' ' || c == 0x7f;
}

/* Whether needle occurs in s[0..n), ignoring ASCII case. */
static int
ci_contains(const char *s, size_t n, const char *needle)
{
	size_t m = strlen(needle), i, j;

	if (m == 0)
		return 1;
	for (i = 0; i + m <= n; i++) {
		for (j = 0; j < m; j++)
			if (lower((unsigned char)s[i + j]) !=
			    lower((unsigned char)needle[j]))
				break;
		if (j == m)
			return 1;
	}
	return 0;
}

/*
 * Add a note unless the record has MAX_NOTES already (then one last note
 * says so): a hostile reply must not grow the notes without bound.
 */
static void
add_note(struct reg_record *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
add_note(struct reg_record *r, const char *fmt, ...)
{
	va_list ap;
	char *s;

	if (r->nnotes > MAX_NOTES)
		return;
	if (r->nnotes == MAX_NOTES) {
		reg_add_note(r, "further notes dropped");
		return;
	}
	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	reg_add_note(r, "%s", s);
	free(s);
}

/*
 * A copy of s fit for a one-line field: control characters become spaces,
 * leading and trailing blanks go, and the text is cut at max bytes on a
 * UTF-8 character boundary (*cut set).  NULL if nothing is left.  s is
 * valid UTF-8 (jansson checks, or the bytes were replaced before).
 */
static char *
clean_text(const char *s, size_t max, int *cut)
{
	size_t len = strlen(s), start = 0, end, i;
	char *t;

	*cut = 0;
	while (start < len && is_blank_ctl(s[start]))
		start++;
	end = len;
	while (end > start && is_blank_ctl(s[end - 1]))
		end--;
	if (end - start > max) {
		end = start + max;
		while (end > start && ((unsigned char)s[end] & 0xc0) == 0x80)
			end--;
		*cut = 1;
	}
	if (end == start)
		return NULL;
	t = xstrndup(s + start, end - start);
	for (i = 0; t[i] != '\0'; i++) {
		if ((unsigned char)t[i] < 0x20 || t[i] == 0x7f)
			t[i] = ' ';
		/*
		 * C1 controls (U+0080..U+009F, "\xc2\x80".."\xc2\x9f") act as
		 * escape sequences on some terminals: a space each, like the
		 * C0 ones, so a hostile registry name cannot drive the
		 * terminal that shows it.
		 */
		if ((unsigned char)t[i] == 0xc2 && t[i + 1] != '\0' &&
		    (unsigned char)t[i + 1] >= 0x80 &&
		    (unsigned char)t[i + 1] <= 0x9f) {
			memmove(t + i + 1, t + i + 2, strlen(t + i + 2) + 1);
			t[i] = ' ';
		}
	}
	return t;
}

/* Set a record field from RDAP text, noting a cut. */
static void
set_text(struct reg_record *r, char **field, const char *what, const char *s,
    size_t max)
{
	int cut;

	free(*field);
	*field = s != NULL ? clean_text(s, max, &cut) : NULL;
	if (s != NULL && cut)
		add_note(r, "%s cut to %zu bytes", what, max);
}

/*
 * At most max bytes of s[0..n) for a message: blanks and controls
 * collapsed to one space, and bytes above 0x7f shown as '?' unless the
 * snippet is valid UTF-8.  The caller frees it.
 */
static char *
snippet(const char *s, size_t n, size_t max)
{
	char *t = xmalloc(max + 4);
	size_t i, k, o = 0, bad;
	int space = 0;

	for (i = 0; i < n && o < max; i++) {
		unsigned char c = (unsigned char)s[i];

		if (is_blank_ctl(c)) {
			space = o > 0;
			continue;
		}
		if (space) {
			t[o++] = ' ';
			space = 0;
			if (o == max)
				break;
		}
		t[o++] = (char)c;
	}
	/* A character cut at the end goes; other bad bytes become '?'. */
	if (!utf8_valid(t, o, &bad) && o - bad < 4 &&
	    (unsigned char)t[bad] >= 0xc0)
		o = bad;
	if (!utf8_valid(t, o, NULL))
		for (k = 0; k < o; k++)
			if ((unsigned char)t[k] >= 0x80)
				t[k] = '?';
	if (i < n) {
		memcpy(t + o, "...", 3);
		o += 3;
	}
	t[o] = '\0';
	return t;
}

/* A string member of a JSON object, or NULL (absent or not a string). */
static const char *
jstr(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* Whether s starts with prefix, ignoring ASCII case. */
static int
ci_prefix(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* A usable http(s) URL: printable ASCII, no blanks, not too long. */
static int
url_ok(const char *s)
{
	size_t i;

	if (s == NULL ||
	    (!ci_prefix(s, "https://") && !ci_prefix(s, "http://")))
		return 0;
	for (i = 0; s[i] != '\0'; i++)
		if ((unsigned char)s[i] <= ' ' || (unsigned char)s[i] >= 0x7f ||
		    i >= MAX_URL)
			return 0;
	return 1;
}

/* The href of o's "self" link, or NULL. */
static const char *
self_link(json_t *o)
{
	json_t *l;
	size_t i;

	json_array_foreach(json_object_get(o, "links"), i, l) {
		const char *rel = jstr(l, "rel"), *href = jstr(l, "href");

		if (rel != NULL && strcasecmp(rel, "self") == 0 && url_ok(href))
			return href;
	}
	return NULL;
}

/* The registry a host name or URL belongs to, or NULL. */
static const char *
registry_of(const char *s)
{
	static const struct {
		const char *needle, *name;
	} t[] = {
		{ "arin.net", "arin" },
		{ "ripe.net", "ripe" },
		{ "nic.ad.jp", "jpnic" },
		{ "apnic.net", "apnic" },
		{ "lacnic.net", "lacnic" },
		{ "afrinic.net", "afrinic" },
		{ "registro.br", "nicbr" },
		{ "nic.br", "nicbr" },
		{ "nic.or.kr", "krnic" },
		{ "kisa.or.kr", "krnic" },
		{ "twnic.net", "twnic" },
	};
	const char *host, *end;
	size_t i, n;

	if (s == NULL)
		return NULL;
	host = strstr(s, "://");
	host = host != NULL ? host + 3 : s;
	end = strchr(host, '/');
	n = end != NULL ? (size_t)(end - host) : strlen(host);
	for (i = 0; i < ARRAY_SIZE(t); i++)
		if (ci_contains(host, n, t[i].needle))
			return t[i].name;
	return NULL;
}

/*
 * Contacts.
 */

static const char *
via_for(enum reg_role role)
{
	switch (role) {
	case ROLE_ABUSE:
		return "rdap:abuse";
	case ROLE_TECH:
		return "rdap:technical";
	case ROLE_ADMIN:
		return "rdap:administrative";
	case ROLE_REGISTRANT:
		return "rdap:registrant";
	case ROLE_REMARK:
		return "rdap:remarks";
	default:
		return "rdap:other";
	}
}

/* reg_add_contact() with the MAX_CONTACTS bound. */
static int
add_contact(struct pctx *c, const char *email, enum reg_role role,
    const char *handle)
{
	struct reg_record *r = c->r;
	size_t i;

	if (r->ncontacts >= MAX_CONTACTS) {
		for (i = 0; i < r->ncontacts; i++)
			if (strcasecmp(r->contacts[i].email, email) == 0)
				break;
		if (i == r->ncontacts) {
			if (!(c->once & ONCE_CONTACTS))
				add_note(r, "more than %d addresses; the rest "
				    "were ignored", MAX_CONTACTS);
			c->once |= ONCE_CONTACTS;
			return 0;
		}
	}
	return reg_add_contact(r, email, role, handle, via_for(role));
}

/*
 * An e-mail value as a jCard holds it: trimmed, without "mailto:", and
 * plausible as one address; else NULL.  The caller frees it.
 */
static char *
email_clean(const char *s)
{
	size_t n;

	while (*s != '\0' && is_blank_ctl(*s))
		s++;
	if (ci_prefix(s, "mailto:"))
		s += 7;
	n = strlen(s);
	while (n > 0 && is_blank_ctl(s[n - 1]))
		n--;
	if (n == 0 || n > MAX_EMAIL || !email_plausible(s, n))
		return NULL;
	/* A byte replaced with U+FFFD makes it undeliverable. */
	if (ci_contains(s, n, "\xef\xbf\xbd"))
		return NULL;
	return xstrndup(s, n);
}

/* Separators between words when looking for addresses in free text. */
static int
text_sep(int c)
{
	unsigned char u = (unsigned char)c;

	return u <= ' ' || u >= 0x7f || strchr("<>()[]{},;\"'`|", u) != NULL;
}

/* Every plausible address in text, as ROLE_REMARK. */
static void
scan_emails(struct pctx *c, const char *s, const char *handle)
{
	const char *p = s, *w;
	size_t n;
	char *a;

	while (*p != '\0') {
		while (*p != '\0' && text_sep(*p))
			p++;
		w = p;
		while (*p != '\0' && !text_sep(*p))
			p++;
		n = (size_t)(p - w);
		if (n == 0 || memchr(w, '@', n) == NULL)
			continue;
		if (n > 7 && strncasecmp(w, "mailto:", 7) == 0)
			w += 7, n -= 7;
		while (n > 0 && strchr(".:!?", w[n - 1]) != NULL)
			n--;
		if (n == 0 || n > MAX_EMAIL || !email_plausible(w, n))
			continue;
		a = xstrndup(w, n);
		add_contact(c, a, ROLE_REMARK, handle);
		free(a);
	}
}

/*
 * Remarks (or notices, scan 0): addresses in their descriptions, and a
 * note for a registry's "truncated" type (RFC 9083 section 10.2.1).
 */
static void
do_remarks(struct pctx *c, json_t *list, const char *handle, int scan)
{
	json_t *rm, *d, *line;
	const char *type;
	size_t i, j;
	char *t;

	json_array_foreach(list, i, rm) {
		type = jstr(rm, "type");
		if (type != NULL && ci_contains(type, strlen(type), "truncated")
		    && !(c->once & ONCE_TRUNC)) {
			t = snippet(type, strlen(type), 100);
			add_note(c->r, "the registry says: %s", t);
			free(t);
			c->once |= ONCE_TRUNC;
		}
		if (!scan)
			continue;
		d = json_object_get(rm, "description");
		if (json_is_string(d))
			scan_emails(c, json_string_value(d), handle);
		json_array_foreach(d, j, line)
			if (json_is_string(line))
				scan_emails(c, json_string_value(line), handle);
	}
}

/*
 * jCard (RFC 7095): ["vcard", [[name, {params}, type, value, ...], ...]].
 * Everything borrowed from the JSON tree.
 */
struct vmail {
	const char	*addr;
	int		 abuse;		/* type parameter includes "abuse" */
	int		 pref;		/* 1 (most preferred) .. 100; 101 if
					   not given */
};

struct vcard {
	const char	*fn;
	const char	*org;
	const char	*kind;
	char		 country[3];
	struct vmail	 mails[MAX_MAILS];
	size_t		 nmails;
};

/* Whether a parameter (string, "a,b" list, or array) includes want. */
static int
param_has(json_t *params, const char *name, const char *want)
{
	json_t *v = json_object_get(params, name), *e;
	const char *s, *p = NULL;
	size_t i, n = strlen(want);

	if (json_is_string(v)) {
		for (s = json_string_value(v); ; s = p + 1) {
			while (*s == ' ')
				s++;
			if (strncasecmp(s, want, n) == 0 &&
			    (s[n] == '\0' || s[n] == ',' || s[n] == ' '))
				return 1;
			if ((p = strchr(s, ',')) == NULL)
				break;
		}
	}
	json_array_foreach(v, i, e)
		if (json_is_string(e) &&
		    strcasecmp(json_string_value(e), want) == 0)
			return 1;
	return 0;
}

/* The "pref" parameter: 1..100 as a number or a string; else 101. */
static int
param_pref(json_t *params)
{
	json_t *v = json_object_get(params, "pref");
	const char *s;
	long n = 0;

	if (json_is_array(v))
		v = json_array_get(v, 0);
	if (json_is_integer(v)) {
		if (json_integer_value(v) >= 1 && json_integer_value(v) <= 100)
			return (int)json_integer_value(v);
		return 101;
	}
	if ((s = json_string_value(v)) == NULL || *s == '\0')
		return 101;
	for (; is_digit(*s) && n <= 100; s++)
		n = n * 10 + (*s - '0');
	return *s == '\0' && n >= 1 && n <= 100 ? (int)n : 101;
}

/* A two-letter code, upper-cased into out; else out stays empty. */
static void
take_cc(const char *s, char out[3])
{
	if (s == NULL || out[0] != '\0')
		return;
	if (((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z')) &&
	    ((s[1] >= 'A' && s[1] <= 'Z') || (s[1] >= 'a' && s[1] <= 'z')) &&
	    s[2] == '\0') {
		out[0] = (char)(s[0] & ~0x20);
		out[1] = (char)(s[1] & ~0x20);
		out[2] = '\0';
	}
}

/* The first string of a value that is a string or an array of them. */
static const char *
first_str(json_t *v)
{
	json_t *e;
	size_t i;

	if (json_is_string(v))
		return json_string_value(v);
	json_array_foreach(v, i, e)
		if (json_is_string(e))
			return json_string_value(e);
	return NULL;
}

static void
vcard_read(json_t *va, struct vcard *v)
{
	json_t *props, *p, *params, *val;
	const char *name, *tag;
	size_t i, k;

	memset(v, 0, sizeof(*v));
	tag = json_string_value(json_array_get(va, 0));
	props = json_array_get(va, 1);
	if (tag == NULL || strcasecmp(tag, "vcard") != 0 ||
	    !json_is_array(props))
		return;
	json_array_foreach(props, i, p) {
		if (json_array_size(p) < 4 ||
		    (name = json_string_value(json_array_get(p, 0))) == NULL)
			continue;
		params = json_array_get(p, 1);
		if (!json_is_object(params))
			params = NULL;
		val = json_array_get(p, 3);
		if (strcasecmp(name, "fn") == 0 && v->fn == NULL)
			v->fn = json_string_value(val);
		else if (strcasecmp(name, "org") == 0 && v->org == NULL)
			v->org = first_str(val);
		else if (strcasecmp(name, "kind") == 0 && v->kind == NULL)
			v->kind = json_string_value(val);
		else if (strcasecmp(name, "adr") == 0) {
			/* RFC 8605 cc parameter, else country-name. */
			take_cc(json_string_value(json_object_get(params,
			    "cc")), v->country);
			take_cc(first_str(json_array_get(val, 6)), v->country);
		} else if (strcasecmp(name, "email") == 0) {
			/* Several values may follow the type (RFC 7095). */
			for (k = 3; k < json_array_size(p) &&
			    v->nmails < MAX_MAILS; k++) {
				const char *a = json_string_value(
				    json_array_get(p, k));

				if (a == NULL)
					continue;
				v->mails[v->nmails].addr = a;
				v->mails[v->nmails].abuse = params != NULL &&
				    param_has(params, "type", "abuse");
				v->mails[v->nmails].pref = params != NULL ?
				    param_pref(params) : 101;
				v->nmails++;
			}
		}
	}
}

/*
 * An entity's best role as ranked by enum reg_role, and its best role
 * other than abuse; *registrant if it has that role, *any if it has any.
 */
static void
entity_roles(json_t *e, enum reg_role *best, enum reg_role *next,
    int *registrant, int *any)
{
	json_t *roles = json_object_get(e, "roles"), *x;
	enum reg_role m;
	const char *s;
	size_t i, n;
	int abuse = 0;

	*next = ROLE_OTHER;
	*registrant = *any = 0;
	n = json_is_string(roles) ? 1 : json_array_size(roles);
	for (i = 0; i < n; i++) {
		x = json_is_string(roles) ? roles : json_array_get(roles, i);
		if ((s = json_string_value(x)) == NULL)
			continue;
		*any = 1;
		if (strcasecmp(s, "abuse") == 0) {
			abuse = 1;
			continue;
		}
		if (strcasecmp(s, "technical") == 0 ||
		    strcasecmp(s, "noc") == 0)
			m = ROLE_TECH;
		else if (strcasecmp(s, "administrative") == 0)
			m = ROLE_ADMIN;
		else if (strcasecmp(s, "registrant") == 0) {
			m = ROLE_REGISTRANT;
			*registrant = 1;
		} else
			m = ROLE_OTHER;
		if (m < *next)
			*next = m;
	}
	*best = abuse ? ROLE_ABUSE : *next;
}

/* s with everything but RFC 3986 unreserved characters %-encoded. */
static char *
pct_encode(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char *t = xmalloc(strlen(s) * 3 + 1), *o = t;

	for (; *s != '\0'; s++) {
		unsigned char u = (unsigned char)*s;

		if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') ||
		    is_digit(u) || strchr("-._~", u) != NULL)
			*o++ = (char)u;
		else {
			*o++ = '%';
			*o++ = hex[u >> 4];
			*o++ = hex[u & 15];
		}
	}
	*o = '\0';
	return t;
}

/*
 * An entity's URL from the object's own self link: the base before
 * ".../autnum/", ".../ip/" etc. plus "entity/<handle>" (registro.br gives
 * abuse entities without links).  NULL if there is no such base.
 */
static char *
derive_entity_url(const char *self, const char *handle)
{
	static const char *const kinds[] = {
		"/ip/", "/autnum/", "/entity/", "/domain/", "/nameserver/",
	};
	const char *at = NULL, *p;
	char *base, *enc, *path, *url;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kinds); i++)
		for (p = strstr(self, kinds[i]); p != NULL;
		    p = strstr(p + 1, kinds[i]))
			if (at == NULL || p > at)
				at = p;
	if (at == NULL)
		return NULL;
	base = xstrndup(self, (size_t)(at - self));
	enc = pct_encode(handle);
	path = xasprintf("entity/%s", enc);
	url = rdap_url(base, path);
	free(base);
	free(enc);
	free(path);
	return url;
}

/* An abuse entity without an address: the link to fetch it by. */
static void
abuse_link(struct pctx *c, json_t *e, const char *handle)
{
	const char *href = self_link(e), *h = handle != NULL ? handle : "?";
	char *url = NULL;

	if (c->r->nlinks >= MAX_LINKS) {
		if (!(c->once & ONCE_LINKS))
			add_note(c->r, "more than %d links; the rest were "
			    "ignored", MAX_LINKS);
		c->once |= ONCE_LINKS;
		return;
	}
	if (href != NULL) {
		reg_add_link(c->r, href);
		add_note(c->r, "abuse entity %s has no e-mail address; fetch "
		    "%s for it", h, href);
	} else if (handle != NULL && c->self != NULL &&
	    (url = derive_entity_url(c->self, handle)) != NULL) {
		reg_add_link(c->r, url);
		add_note(c->r, "abuse entity %s has no e-mail address and no "
		    "link; fetch %s (derived from the object's self link)", h,
		    url);
	} else
		add_note(c->r, "abuse entity %s has neither an e-mail address "
		    "nor a link", h);
	free(url);
}

/*
 * Remember the entity as the source of org/org_handle if it looks more
 * like the holder organisation than the one before (see rdap.h).
 */
static void
org_candidate(struct pctx *c, int registrant, int anyrole,
    const struct vcard *v, const char *handle)
{
	const char *name = v->fn != NULL ? v->fn : v->org;
	int kind_org = v->kind != NULL && strcasecmp(v->kind, "org") == 0;
	int named = name != NULL && (handle == NULL ||
	    strcasecmp(name, handle) != 0);
	int score = 0;

	if (registrant && name != NULL)
		score = named ? (kind_org ? 4 : 3) : kind_org ? 1 : 0;
	else if (registrant)
		/* No vCard (RIPE): an organisation object by its name. */
		score = handle != NULL && ci_prefix(handle, "ORG-") ? 1 : 0;
	else if (!anyrole && kind_org)
		score = named ? 2 : 1;
	if (score <= c->org_score)
		return;
	c->org_score = score;
	set_text(c->r, &c->r->org, "organisation name", score >= 2 ? name :
	    NULL, MAX_NAME);
	reg_set(&c->r->org_handle, handle);
}

/*
 * One entity: its addresses with their roles, its link if it is an abuse
 * entity without one, its remarks, and whether it is the holder.  counts
 * says whether its roles apply to the object (see rdap.h).  Returns
 * whether the roles of its own nested entities count.
 */
static int
do_entity(struct pctx *c, json_t *e, int counts)
{
	enum reg_role best, next, role;
	struct vcard v;
	size_t order[MAX_MAILS], i, j, k, added = 0, nabuse = 0;
	int registrant, anyrole, typed = 0, cut;
	char *handle = NULL, *a;
	const char *h;

	if (!json_is_object(e))
		return 0;
	if ((h = jstr(e, "handle")) != NULL)
		handle = clean_text(h, MAX_HANDLE, &cut);
	entity_roles(e, &best, &next, &registrant, &anyrole);
	if (!counts)
		best = next = ROLE_OTHER;
	vcard_read(json_object_get(e, "vcardArray"), &v);

	if (e == c->obj) {
		/* The entity object itself. */
		set_text(c->r, &c->r->name, "name", v.fn, MAX_NAME);
		set_text(c->r, &c->r->org, "organisation name",
		    v.org != NULL ? v.org : v.kind != NULL &&
		    strcasecmp(v.kind, "org") == 0 ? v.fn : NULL, MAX_NAME);
		if (v.country[0] != '\0' && c->r->country == NULL)
			reg_set(&c->r->country, v.country);
	} else if (c->r->kind != REG_ENTITY && (counts || !anyrole))
		org_candidate(c, counts && registrant, anyrole, &v, handle);

	/*
	 * Order: type=abuse addresses first, then by pref, else as written
	 * (a stable insertion sort).
	 */
	for (i = 0; i < v.nmails; i++)
		typed |= v.mails[i].abuse;
	for (i = 0; i < v.nmails; i++) {
		for (j = i; j > 0; j--) {
			const struct vmail *x = &v.mails[order[j - 1]],
			    *y = &v.mails[i];

			if (x->abuse > y->abuse || (x->abuse == y->abuse &&
			    x->pref <= y->pref))
				break;
			order[j] = order[j - 1];
		}
		order[j] = i;
	}
	for (k = 0; k < v.nmails; k++) {
		const struct vmail *m = &v.mails[order[k]];

		if ((a = email_clean(m->addr)) == NULL) {
			if (!(c->once & ONCE_BADMAIL))
				add_note(c->r, "entity %s: e-mail value that "
				    "is not an address ignored",
				    handle != NULL ? handle : "?");
			c->once |= ONCE_BADMAIL;
			continue;
		}
		role = best == ROLE_ABUSE && typed && !m->abuse ? next : best;
		if (add_contact(c, a, role, handle) && role == ROLE_ABUSE)
			nabuse++;
		added++;
		free(a);
	}
	if (best == ROLE_ABUSE && added == 0)
		abuse_link(c, e, handle);
	if (best == ROLE_ABUSE && !typed && nabuse > 1)
		add_note(c->r, "abuse entity %s lists %zu addresses and marks "
		    "none as type abuse; all are taken as abuse addresses",
		    handle != NULL ? handle : "?", nabuse);
	do_remarks(c, json_object_get(e, "remarks"), handle, 1);
	free(handle);
	return counts && registrant;
}

/* The queue of entities walk_entities() has still to read. */
struct qent {
	json_t	*e;
	int	 depth;
	int	 counts;
};

struct equeue {
	struct qent	*v;
	size_t		 n, cap;
};

/* Queue the entities of list at depth while MAX_ENTITIES allows. */
static void
enqueue(struct pctx *c, struct equeue *q, json_t *list, int depth,
    int counts)
{
	json_t *child;
	size_t j;

	json_array_foreach(list, j, child) {
		if (c->nentities >= MAX_ENTITIES)
			break;
		if (q->n == q->cap) {
			q->cap = q->cap ? q->cap * 2 : 16;
			q->v = xrealloc(q->v, q->cap * sizeof(*q->v));
		}
		q->v[q->n].e = child;
		q->v[q->n].depth = depth;
		q->v[q->n].counts = counts;
		q->n++;
		c->nentities++;
	}
}

/*
 * Walk the entities of the object breadth first (an explicit queue, no
 * recursion): entities on the object before nested ones, at most
 * RDAP_MAX_DEPTH levels and MAX_ENTITIES entities.
 */
static void
walk_entities(struct pctx *c, json_t *list)
{
	struct equeue q = { NULL, 0, 0 };
	struct qent cur;
	json_t *kids;
	size_t i;
	int kids_count;

	enqueue(c, &q, list, 0, 1);
	for (i = 0; i < q.n; i++) {
		cur = q.v[i];
		kids_count = do_entity(c, cur.e, cur.counts);
		kids = json_object_get(cur.e, "entities");
		if (json_array_size(kids) == 0)
			continue;
		if (cur.depth + 1 >= RDAP_MAX_DEPTH) {
			if (!(c->once & ONCE_DEEP))
				add_note(c->r, "entities nested deeper than %d "
				    "levels were ignored", RDAP_MAX_DEPTH);
			c->once |= ONCE_DEEP;
			continue;
		}
		enqueue(c, &q, kids, cur.depth + 1, kids_count);
	}
	if (c->nentities >= MAX_ENTITIES && !(c->once & ONCE_MANY_ENT)) {
		add_note(c->r, "more than %d entities; the rest were ignored",
		    MAX_ENTITIES);
		c->once |= ONCE_MANY_ENT;
	}
	free(q.v);
}

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
		for (p = slash + 1; is_digit(*p); p++)
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
	size_t n = 0, i, bad = 0;
	json_t *e, *len;
	const char *s;
	int fam, quirk, inside = 1, bytes;

	json_array_foreach(list, i, e) {
		struct ipnet a;

		if (n >= MAX_PREFIXES)
			break;
		fam = AF_INET;
		if ((s = jstr(e, "v4prefix")) == NULL) {
			s = jstr(e, "v6prefix");
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
		v = xrealloc(v, (n + 1) * sizeof(*v));
		v[n++] = a;
	}
	if (bad > 0)
		add_note(r, "%zu cidr0 prefixes could not be read", bad);
	if (n == 0)
		goto out;
	bytes = v[0].family == AF_INET ? 4 : 16;
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
		add_note(r, "cidr0 prefixes lie outside the range; the range's "
		    "own cover is kept");
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
				add_note(c->r, "more than %d origin AS "
				    "numbers; the rest were ignored",
				    MAX_ORIGINS);
			c->once |= ONCE_ORIGINS;
			return;
		}
		if (json_asn(e, &asn) == 0)
			reg_add_origin(c->r, asn);
		else if (!(c->once & ONCE_BADORIGIN)) {
			add_note(c->r, "origin values that are not AS numbers "
			    "were ignored");
			c->once |= ONCE_BADORIGIN;
		}
	}
}

/* A message-sized quote of a value from the reply. */
#define QUOTE(s)	snippet((s), strlen(s), 60)

static int
parse_net(struct pctx *c, struct dp_err *err)
{
	struct reg_record *r = c->r;
	const char *start = jstr(c->obj, "startAddress"),
	    *end = jstr(c->obj, "endAddress"), *ver;
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
			add_note(r, "addresses written with leading zeros "
			    "('%s'), read as decimal", start);
		if ((qa | qb) & 2)
			add_note(r, "addresses written with a prefix length "
			    "('%s'), which was dropped", start);
		if (memcmp(a.addr, b.addr, 16) == 0) {
			ipnet_format_addr(&a, text, sizeof(text));
			add_note(r, "the registry gave the single address %s "
			    "as the network; old LACNIC servers echoed the "
			    "query, so the real block is probably larger "
			    "(ask WHOIS)", text);
		}
		ver = jstr(c->obj, "ipVersion");
		if (ver != NULL && ((strcmp(ver, "v4") == 0 &&
		    a.family != AF_INET) || (strcmp(ver, "v6") == 0 &&
		    a.family != AF_INET6)))
			add_note(r, "ipVersion '%s' does not match the "
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
		add_note(r, "no startAutnum; the number is taken from the "
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
		add_note(r, "%zu abuse addresses, preferred first: %s%s", n,
		    b.s, n > 5 ? ", ..." : "");
	else if (n == 0 && r->nlinks == 0 && r->kind != REG_ENTITY)
		add_note(r, "no abuse contact in this reply");
	buf_release(&b);
}

/*
 * One RDAP object (not an error, not a search) into r.  Used for the
 * answer itself and for each search result.
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
	c.self = self_link(o);
	if ((cls = jstr(o, "objectClassName")) == NULL) {
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
		add_note(r, "no objectClassName; read as %s", cls);
	}
	if (strcasecmp(cls, "ip network") == 0)
		r->kind = REG_NET;
	else if (strcasecmp(cls, "autnum") == 0)
		r->kind = REG_AUTNUM;
	else if (strcasecmp(cls, "entity") == 0)
		r->kind = REG_ENTITY;
	else {
		char *q = QUOTE(cls);

		rc = dp_fail(err, DP_EX_PROTOCOL, "unexpected RDAP object "
		    "class '%s'", q);
		free(q);
		return rc;
	}

	src = registry_of(jstr(o, "port43"));
	if (src == NULL)
		src = registry_of(c.self);
	reg_set(&r->source, src);
	set_text(r, &r->handle, "handle", jstr(o, "handle"), MAX_HANDLE);
	if (r->kind != REG_ENTITY)
		set_text(r, &r->name, "name", jstr(o, "name"), MAX_NAME);
	set_text(r, &r->country, "country", jstr(o, "country"), MAX_HANDLE);
	if ((type = jstr(o, "type")) != NULL)
		set_text(r, &r->status, "status", type, MAX_HANDLE);
	else {
		st = json_object_get(o, "status");
		json_array_foreach(st, i, x)
			if (json_is_string(x))
				buf_addf(&b, "%s%s", b.len ? ", " : "",
				    json_string_value(x));
		if (b.len > 0)
			set_text(r, &r->status, "status", b.s, MAX_HANDLE);
		buf_release(&b);
	}

	if (r->kind == REG_NET)
		rc = parse_net(&c, err);
	else if (r->kind == REG_AUTNUM)
		rc = parse_autnum(&c, err);
	else
		do_entity(&c, o, 1);
	if (rc != 0)
		return rc;
	walk_entities(&c, json_object_get(o, "entities"));
	do_remarks(&c, json_object_get(o, "remarks"), NULL, 1);
	do_remarks(&c, json_object_get(o, "notices"), NULL, 0);
	reg_sort_contacts(r);
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

	if (ci_contains(s, n, "too many requests") ||
	    ci_contains(s, n, "rate limit"))
		return 1;
	for (i = 0; i + 3 <= n; i++)
		if (memcmp(s + i, "429", 3) == 0 &&
		    (i == 0 || !is_digit(s[i - 1])) &&
		    (i + 3 == n || !is_digit(s[i + 3])))
			return 1;
	return 0;
}

/* The text of an HTML page's <title>, or NULL.  The caller frees it. */
static char *
html_title(const char *s, size_t n)
{
	size_t i, j;

	for (i = 0; i + 6 < n; i++)
		if (s[i] == '<' && strncasecmp(s + i + 1, "title", 5) == 0 &&
		    (s[i + 6] == '>' || is_blank_ctl(s[i + 6])))
			break;
	if (i + 6 >= n)
		return NULL;
	while (i < n && s[i] != '>')
		i++;
	for (j = ++i; j < n && s[j] != '<'; j++)
		;
	if (i >= n || j == i)
		return NULL;
	return snippet(s + i, j - i, 120);
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
	start = snippet(s, head, 60);
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
	while (n > 0 && is_blank_ctl(*s) && *s != '\0')
		s++, n--;
	if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		s += 3, n -= 3;
	while (n > 0 && is_blank_ctl(*s) && *s != '\0')
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
		for (i = 0; is_digit(t[i]) && i < 4; i++)
			v = v * 10 + (uint64_t)(t[i] - '0');
		if (i > 0 && t[i] == '\0')
			n = (json_int_t)v;
	}
	if ((t = jstr(o, "title")) != NULL)
		buf_adds(&b, t);
	d = json_object_get(o, "description");
	if (json_is_string(d))
		buf_addf(&b, "%s%s", b.len ? ": " : "", json_string_value(d));
	json_array_foreach(d, i, line)
		if (json_is_string(line))
			buf_addf(&b, "%s%s", b.len ? (i ? " " : ": ") : "",
			    json_string_value(line));
	msg = snippet(b.s, b.len, 400);
	buf_release(&b);
	if (n < 100 || n > 599)
		rc = dp_fail(err, DP_EX_PROTOCOL, "RDAP error with a bad "
		    "errorCode%s%s", *msg ? ": " : "", msg);
	else if (n == 404) {
		r->kind = REG_NONE;
		reg_set(&r->source, registry_of(jstr(o, "port43")));
		add_note(r, "RDAP error 404%s%s", *msg ? ": " : "", msg);
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
		add_note(&rec, "the reply was not valid UTF-8: %zu bytes "
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

void
rdap_records_free(struct reg_record *recs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		reg_record_release(&recs[i]);
	free(recs);
}

int
rdap_parse_search(const char *body, size_t len, size_t max,
    struct reg_record **recs, size_t *nrecs, int *truncated,
    struct dp_err *err)
{
	struct reg_record none, *v = NULL;
	struct dp_err first = DP_ERR_INIT, e2 = DP_ERR_INIT;
	json_t *root = NULL, *list, *item, *nt;
	size_t nbad, n = 0, i, j, skipped = 0;
	const char *type;
	int rc, trunc = 0;

	reg_record_init(&none);
	if ((rc = load_json(body, len, RDAP_MAX_SEARCH, "16 MiB", &root,
	    &nbad, err)) != 0)
		goto out;
	if ((rc = reply_error(root, &none, err)) >= 0)
		goto out;	/* 404: no results */
	rc = 0;
	if ((list = search_results(root)) == NULL) {
		rc = dp_fail(err, DP_EX_PROTOCOL, "reply is not an RDAP "
		    "search result");
		goto out;
	}
	json_array_foreach(json_object_get(root, "notices"), i, nt)
		if ((type = jstr(nt, "type")) != NULL &&
		    ci_prefix(type, "result set truncated"))
			trunc = 1;
	v = xcalloc(json_array_size(list) ? json_array_size(list) : 1,
	    sizeof(*v));
	json_array_foreach(list, i, item) {
		if (max > 0 && n >= max) {
			trunc = 1;
			break;
		}
		reg_record_init(&v[n]);
		if (!json_is_object(item)) {
			skipped++;
			continue;
		}
		if (parse_object(item, &v[n], &e2) != 0) {
			if (first.msg[0] == '\0')
				first = e2;
			skipped++;
			reg_record_release(&v[n]);
			continue;
		}
		n++;
	}
	if (n == 0 && skipped > 0) {
		rc = dp_fail(err, DP_EX_PROTOCOL, "no search result could be "
		    "read%s%s", first.msg[0] ? ": " : "", first.msg);
		goto out;
	}
	for (j = 0; j < n; j++) {
		if (nbad > 0)
			add_note(&v[j], "the reply was not valid UTF-8: %zu "
			    "bytes replaced with U+FFFD", nbad);
		if (skipped > 0)
			add_note(&v[j], "%zu other search results could not "
			    "be read", skipped);
	}
out:
	json_decref(root);
	reg_record_release(&none);
	if (rc != 0) {
		rdap_records_free(v, n);
		return rc;
	}
	*recs = v;
	*nrecs = n;
	*truncated = trunc;
	return 0;
}

/*
 * Bootstrap.
 */

void
rdap_bootstrap_init(struct rdap_bootstrap *b)
{
	memset(b, 0, sizeof(*b));
}

void
rdap_bootstrap_release(struct rdap_bootstrap *b)
{
	size_t i;

	free(b->asns);
	free(b->nets);
	lpm_release(&b->net_index);
	for (i = 0; i < b->nurls; i++)
		free(b->urls[i]);
	free(b->urls);
	free(b->asn_published);
	free(b->v4_published);
	free(b->v6_published);
	memset(b, 0, sizeof(*b));
}

/*
 * "1228-1232" or "2018": decimal (leading zeros allowed, at most ten
 * digits a number), no sign, no blanks, first <= last; 0 is a number here.
 */
static int
bs_asn_range(const char *s, uint32_t *first, uint32_t *last)
{
	const unsigned int fl = ASN_ZEROS | ASN_ZERO;
	const char *dash = strchr(s, '-'), *end = s + strlen(s);
	uint32_t a, b;

	if (dash == NULL)
		dash = end;
	if (dash - s > 10 || (*dash != '\0' && end - dash - 1 > 10) ||
	    asn_parse(s, (size_t)(dash - s), fl, &a) != ASN_OK)
		return -1;
	if (*dash == '\0')
		b = a;
	else if (asn_parse(dash + 1, (size_t)(end - dash - 1), fl, &b) !=
	    ASN_OK)
		return -1;
	if (a > b)
		return -1;
	*first = a;
	*last = b;
	return 0;
}

/* The service's first https URL, else its first http URL, else NULL. */
static const char *
bs_pick_url(json_t *urls)
{
	const char *s, *http = NULL;
	json_t *u;
	size_t i;

	json_array_foreach(urls, i, u) {
		s = json_string_value(u);
		if (!url_ok(s))
			continue;
		if (ci_prefix(s, "https://"))
			return s;
		if (http == NULL)
			http = s;
	}
	return http;
}

/* One bootstrap file (asn: AS ranges, else prefixes) into b. */
static int
bs_file(struct rdap_bootstrap *b, const char *name, const char *json,
    size_t len, int asn, char **published, struct dp_err *err)
{
	json_t *root, *services, *svc, *entries, *e;
	json_error_t je;
	const char *url, *s;
	char *q;
	size_t i, j, n;
	int rc = 0, cut;

	if (json == NULL)
		return 0;
	if (len > MAX_BOOTSTRAP)
		return dp_fail(err, DP_EX_PROTOCOL, "%s: larger than 4 MiB",
		    name);
	if ((root = json_loadb(json, len, 0, &je)) == NULL)
		return dp_fail(err, DP_EX_PROTOCOL, "%s: not JSON (%s, line %d "
		    "column %d)", name, je.text, je.line, je.column);
	services = json_object_get(root, "services");
	if (!json_is_array(services)) {
		rc = dp_fail(err, DP_EX_PROTOCOL, "%s: no \"services\" list",
		    name);
		goto out;
	}
	if ((s = jstr(root, "publication")) != NULL) {
		free(*published);
		*published = clean_text(s, 64, &cut);
	}
	json_array_foreach(services, i, svc) {
		n = json_array_size(svc);
		/* [entries, urls], or [contacts, entries, urls] (tags). */
		entries = n >= 2 ? json_array_get(svc, n - 2) : NULL;
		if (!json_is_array(entries) ||
		    !json_is_array(json_array_get(svc, n - 1))) {
			rc = dp_fail(err, DP_EX_PROTOCOL, "%s: service %zu is "
			    "not [entries, URLs]", name, i + 1);
			goto out;
		}
		if ((url = bs_pick_url(json_array_get(svc, n - 1))) == NULL)
			continue;
		b->urls = xrealloc(b->urls, (b->nurls + 1) * sizeof(*b->urls));
		b->urls[b->nurls] = xstrdup(url);
		url = b->urls[b->nurls++];
		json_array_foreach(entries, j, e) {
			struct rdap_bs_asn ra;
			struct rdap_bs_net rn;

			s = json_string_value(e);
			if (s != NULL && asn &&
			    bs_asn_range(s, &ra.first, &ra.last) == 0) {
				ra.url = url;
				b->asns = xrealloc(b->asns, (b->nasns + 1) *
				    sizeof(*b->asns));
				b->asns[b->nasns++] = ra;
			} else if (s != NULL && !asn &&
			    val_cidr(s, &rn.net, NULL) == 0) {
				rn.url = url;
				b->nets = xrealloc(b->nets, (b->nnets + 1) *
				    sizeof(*b->nets));
				b->nets[b->nnets++] = rn;
			} else {
				q = s != NULL ? QUOTE(s) : xstrdup("(not a "
				    "string)");
				rc = dp_fail(err, DP_EX_PROTOCOL, "%s: bad "
				    "entry '%s' in service %zu", name, q,
				    i + 1);
				free(q);
				goto out;
			}
		}
	}
out:
	json_decref(root);
	return rc;
}

int
rdap_bootstrap_load(struct rdap_bootstrap *b, const char *asn_json,
    size_t asn_len, const char *v4_json, size_t v4_len, const char *v6_json,
    size_t v6_len, struct dp_err *err)
{
	struct rdap_bootstrap t = RDAP_BOOTSTRAP_INIT;
	size_t i;
	int rc;

	if ((rc = bs_file(&t, "asn.json", asn_json, asn_len, 1,
	    &t.asn_published, err)) != 0 ||
	    (rc = bs_file(&t, "ipv4.json", v4_json, v4_len, 0,
	    &t.v4_published, err)) != 0 ||
	    (rc = bs_file(&t, "ipv6.json", v6_json, v6_len, 0,
	    &t.v6_published, err)) != 0) {
		rdap_bootstrap_release(&t);
		return rc;
	}
	/* The URLs are owned by t.urls and never move; the first wins. */
	for (i = 0; i < t.nnets; i++)
		(void)lpm_insert(&t.net_index, &t.nets[i].net,
		    (void *)(uintptr_t)t.nets[i].url);
	*b = t;
	return 0;
}

const char *
rdap_bootstrap_ip(const struct rdap_bootstrap *b, const struct ipnet *addr)
{
	return lpm_lookup(&b->net_index, addr, NULL);
}

const char *
rdap_bootstrap_asn(const struct rdap_bootstrap *b, uint32_t asn)
{
	size_t i;

	for (i = 0; i < b->nasns; i++)
		if (asn >= b->asns[i].first && asn <= b->asns[i].last)
			return b->asns[i].url;
	return NULL;
}

char *
rdap_url(const char *base, const char *path)
{
	size_t n = strlen(base);

	while (n > 0 && base[n - 1] == '/')
		n--;
	while (*path == '/')
		path++;
	return xasprintf("%.*s/%s", (int)n, base, path);
}
