/*
 * rdap_entity.c - the entities of an RDAP object into contacts: each
 * entity's roles, its jCard (RFC 7095) e-mail addresses, name,
 * organisation and country, addresses in remarks, abuse links to fetch
 * when an abuse entity has no address, and the registrant that names the
 * organisation.  The walk is breadth first with an explicit queue,
 * RDAP_MAX_DEPTH levels and MAX_ENTITIES entities, never recursive.  See
 * rdap.h for the rules a contact's role and order follow.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "rdap_int.h"

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
			if (ascii_casecmp(r->contacts[i].email, email) == 0)
				break;
		if (i == r->ncontacts) {
			if (!(c->once & ONCE_CONTACTS))
				rp_add_note(r, "more than %d addresses; the "
				    "rest were ignored", MAX_CONTACTS);
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

	while (*s != '\0' && rp_is_blank_ctl(*s))
		s++;
	if (rp_ci_prefix(s, "mailto:"))
		s += 7;
	n = strlen(s);
	while (n > 0 && rp_is_blank_ctl(s[n - 1]))
		n--;
	if (n == 0 || n > MAX_EMAIL || !email_plausible(s, n))
		return NULL;
	/* A byte replaced with U+FFFD makes it undeliverable. */
	if (rp_ci_contains(s, n, "\xef\xbf\xbd"))
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
		if (n > 7 && ascii_ncasecmp(w, "mailto:", 7) == 0)
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
void
rp_do_remarks(struct pctx *c, json_t *list, const char *handle, int scan)
{
	json_t *rm, *d, *line;
	const char *type;
	size_t i, j;
	char *t;

	json_array_foreach(list, i, rm) {
		type = rp_jstr(rm, "type");
		if (type != NULL &&
		    rp_ci_contains(type, strlen(type), "truncated") &&
		    !(c->once & ONCE_TRUNC)) {
			t = rp_snippet(type, strlen(type), 100);
			rp_add_note(c->r, "the registry says: %s", t);
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
	const char	*country_name;	/* adr's country-name when it is no
					   two-letter code ("United States") */
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
			if (ascii_ncasecmp(s, want, n) == 0 &&
			    (s[n] == '\0' || s[n] == ',' || s[n] == ' '))
				return 1;
			if ((p = strchr(s, ',')) == NULL)
				break;
		}
	}
	json_array_foreach(v, i, e)
		if (json_is_string(e) &&
		    ascii_casecmp(json_string_value(e), want) == 0)
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
	for (; rp_is_digit(*s) && n <= 100; s++)
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
		out[0] = (char)ascii_toupper((unsigned char)s[0]);
		out[1] = (char)ascii_toupper((unsigned char)s[1]);
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
	if (tag == NULL || ascii_casecmp(tag, "vcard") != 0 ||
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
		if (ascii_casecmp(name, "fn") == 0 && v->fn == NULL)
			v->fn = json_string_value(val);
		else if (ascii_casecmp(name, "org") == 0 && v->org == NULL)
			v->org = first_str(val);
		else if (ascii_casecmp(name, "kind") == 0 && v->kind == NULL)
			v->kind = json_string_value(val);
		else if (ascii_casecmp(name, "adr") == 0) {
			/* RFC 8605 cc parameter, else country-name. */
			take_cc(json_string_value(json_object_get(params,
			    "cc")), v->country);
			take_cc(first_str(json_array_get(val, 6)), v->country);
			if (v->country_name == NULL && (tag = first_str(
			    json_array_get(val, 6))) != NULL && *tag != '\0')
				v->country_name = tag;
		} else if (ascii_casecmp(name, "email") == 0) {
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
		if (ascii_casecmp(s, "abuse") == 0) {
			abuse = 1;
			continue;
		}
		if (ascii_casecmp(s, "technical") == 0 ||
		    ascii_casecmp(s, "noc") == 0)
			m = ROLE_TECH;
		else if (ascii_casecmp(s, "administrative") == 0)
			m = ROLE_ADMIN;
		else if (ascii_casecmp(s, "registrant") == 0) {
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
		    rp_is_digit(u) || strchr("-._~", u) != NULL)
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

/*
 * The href of o's "self" link that rp_self_link() passed over (file:,
 * gopher:, control bytes), or NULL: kept as the link, so that the lookup
 * warns that it does not follow it rather than dropping it unseen.
 */
static const char *
unusable_self_link(json_t *o)
{
	json_t *l;
	size_t i;

	json_array_foreach(json_object_get(o, "links"), i, l) {
		const char *rel = rp_jstr(l, "rel"), *href = rp_jstr(l, "href");

		if (rel != NULL && ascii_casecmp(rel, "self") == 0 &&
		    href != NULL && !rp_url_ok(href))
			return href;
	}
	return NULL;
}

/* An abuse entity without an address: the link to fetch it by. */
static void
abuse_link(struct pctx *c, json_t *e, const char *handle)
{
	const char *href = rp_self_link(e), *h = handle != NULL ? handle : "?";
	const char *bad = href == NULL ? unusable_self_link(e) : NULL;
	char *url = NULL;

	if (c->r->nlinks >= MAX_LINKS) {
		if (!(c->once & ONCE_LINKS))
			rp_add_note(c->r, "more than %d links; the rest were "
			    "ignored", MAX_LINKS);
		c->once |= ONCE_LINKS;
		return;
	}
	if (href != NULL) {
		reg_add_link(c->r, href);
		rp_add_note(c->r, "abuse entity %s has no e-mail address; "
		    "fetch %s for it", h, href);
	} else if (bad != NULL) {
		reg_add_link(c->r, bad);
		rp_add_note(c->r, "abuse entity %s has no e-mail address, and "
		    "a link that is not an http URL", h);
	} else if (handle != NULL && c->self != NULL &&
	    (url = derive_entity_url(c->self, handle)) != NULL) {
		reg_add_link(c->r, url);
		rp_add_note(c->r, "abuse entity %s has no e-mail address and "
		    "no link; fetch %s (derived from the object's self "
		    "link)", h, url);
	} else
		rp_add_note(c->r, "abuse entity %s has neither an e-mail "
		    "address nor a link", h);
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
	int kind_org = v->kind != NULL && ascii_casecmp(v->kind, "org") == 0;
	int named = name != NULL && (handle == NULL ||
	    ascii_casecmp(name, handle) != 0);
	int score = 0;

	if (registrant && name != NULL)
		score = named ? (kind_org ? 4 : 3) : kind_org ? 1 : 0;
	else if (registrant)
		/* No vCard (RIPE): an organisation object by its name. */
		score = handle != NULL && rp_ci_prefix(handle, "ORG-") ? 1 : 0;
	else if (!anyrole && kind_org)
		score = named ? 2 : 1;
	if (score <= c->org_score)
		return;
	c->org_score = score;
	rp_set_text(c->r, &c->r->org, "organisation name", score >= 2 ? name :
	    NULL, MAX_NAME);
	reg_set(&c->r->org_handle, handle);
}

/*
 * One entity: its addresses with their roles, its link if it is an abuse
 * entity without one, its remarks, and whether it is the holder.  counts
 * says whether its roles apply to the object (see rdap.h).  Returns
 * whether the roles of its own nested entities count.
 */
int
rp_do_entity(struct pctx *c, json_t *e, int counts)
{
	enum reg_role best, next, role;
	struct vcard v;
	size_t order[MAX_MAILS], i, j, k, added = 0, nabuse = 0;
	int registrant, anyrole, typed = 0, cut;
	char *handle = NULL, *a;
	const char *h;

	if (!json_is_object(e))
		return 0;
	if ((h = rp_jstr(e, "handle")) != NULL)
		handle = rp_clean_text(h, MAX_HANDLE, &cut);
	entity_roles(e, &best, &next, &registrant, &anyrole);
	if (!counts)
		best = next = ROLE_OTHER;
	vcard_read(json_object_get(e, "vcardArray"), &v);

	if (e == c->obj) {
		/* The entity object itself. */
		rp_set_text(c->r, &c->r->name, "name", v.fn, MAX_NAME);
		rp_set_text(c->r, &c->r->org, "organisation name",
		    v.org != NULL ? v.org : v.kind != NULL &&
		    ascii_casecmp(v.kind, "org") == 0 ? v.fn : NULL, MAX_NAME);
		if (v.country[0] != '\0' && c->r->country == NULL)
			reg_set(&c->r->country, v.country);
	} else if (c->r->kind != REG_ENTITY && (counts || !anyrole))
		org_candidate(c, counts && registrant, anyrole, &v, handle);
	/*
	 * A network or AS number without a country of its own: the
	 * registrant's postal address says where the holder is (RFC 8605's
	 * "cc" parameter, else the country-name component), marked so.
	 */
	if (e != c->obj && c->r->kind != REG_ENTITY && counts && registrant &&
	    c->r->country == NULL && (v.country[0] != '\0' ||
	    v.country_name != NULL)) {
		rp_set_text(c->r, &c->r->country, "country", v.country[0] !=
		    '\0' ? v.country : v.country_name, MAX_HANDLE);
		if (c->r->country != NULL)
			reg_set(&c->r->country_from, "registrant's address");
	}

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
				rp_add_note(c->r, "entity %s: e-mail value "
				    "that is not an address ignored",
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
		rp_add_note(c->r, "abuse entity %s lists %zu addresses and "
		    "marks none as type abuse; all are taken as abuse "
		    "addresses", handle != NULL ? handle : "?", nabuse);
	rp_do_remarks(c, json_object_get(e, "remarks"), handle, 1);
	free(handle);
	return counts && registrant;
}

/* The queue of entities rp_walk_entities() has still to read. */
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
void
rp_walk_entities(struct pctx *c, json_t *list)
{
	struct equeue q = { NULL, 0, 0 };
	struct qent cur;
	json_t *kids;
	size_t i;
	int kids_count;

	enqueue(c, &q, list, 0, 1);
	for (i = 0; i < q.n; i++) {
		cur = q.v[i];
		kids_count = rp_do_entity(c, cur.e, cur.counts);
		kids = json_object_get(cur.e, "entities");
		if (json_array_size(kids) == 0)
			continue;
		if (cur.depth + 1 >= RDAP_MAX_DEPTH) {
			if (!(c->once & ONCE_DEEP))
				rp_add_note(c->r, "entities nested deeper "
				    "than %d levels were ignored",
				    RDAP_MAX_DEPTH);
			c->once |= ONCE_DEEP;
			continue;
		}
		enqueue(c, &q, kids, cur.depth + 1, kids_count);
	}
	if (c->nentities >= MAX_ENTITIES && !(c->once & ONCE_MANY_ENT)) {
		rp_add_note(c->r, "more than %d entities; the rest were "
		    "ignored", MAX_ENTITIES);
		c->once |= ONCE_MANY_ENT;
	}
	free(q.v);
}
