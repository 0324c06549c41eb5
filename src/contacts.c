/*
 * contacts.c - ranking a lookup's contacts, the RFC 2142 fallback, and
 * the contacts of one AS number or address; see contacts.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "contacts.h"
#include "lookup.h"

/* What the fallback guesses say of themselves. */
#define FALLBACK_VIA	"RFC 2142 guess from the domain of a registered " \
	"address; no registry names it"

/* Within a role, the registry's own WHOIS first, then RDAP, RIPEstat. */
static int
proto_rank(const char *p)
{
	static const char *const order[] = { "whois", "rwhois", "rdap",
	    "ripestat", "irr", "cymru" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(order); i++)
		if (strcmp(order[i], p) == 0)
			return (int)i;
	return (int)ARRAY_SIZE(order);
}

struct ranked {
	struct lk_contact c;
	int		  proto;
	size_t		  arrival;
};

static int
ranked_cmp(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->c.role != y->c.role)
		return x->c.role < y->c.role ? -1 : 1;
	if (x->proto != y->proto)
		return x->proto - y->proto;
	return (x->arrival > y->arrival) - (x->arrival < y->arrival);
}

/*
 * Rank the contacts (role, then source protocol, then the order the
 * answers gave them, which is the registry's precedence) and keep each
 * address once, at its best place: the result does not depend on which
 * answer arrived first.
 */
void
contacts_rank(struct lookup *l)
{
	struct ranked *v;
	size_t i, j, n = 0;

	if (l->ncontacts == 0)
		return;
	v = xcalloc(l->ncontacts, sizeof(*v));
	for (i = 0; i < l->ncontacts; i++) {
		v[i].c = l->contacts[i];
		v[i].proto = l->contacts[i].src >= 0 ?
		    proto_rank(l->src[l->contacts[i].src].ref.protocol) : 99;
		v[i].arrival = i;
	}
	qsort(v, l->ncontacts, sizeof(*v), ranked_cmp);
	for (i = 0; i < l->ncontacts; i++) {
		for (j = 0; j < n; j++)
			if (ascii_casecmp(l->contacts[j].email,
			    v[i].c.email) == 0)
				break;
		if (j < n) {
			free(v[i].c.email);
			free(v[i].c.via);
			free(v[i].c.handle);
			free(v[i].c.from);
			continue;
		}
		l->contacts[n++] = v[i].c;
	}
	l->ncontacts = n;
	free(v);
}

void
contacts_free(struct contact *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].email);
		free(v[i].via);
		free(v[i].handle);
		free(v[i].from);
		if (v[i].src != NULL) {
			source_ref_release(v[i].src);
			free(v[i].src);
		}
	}
	free(v);
}

static struct contact *
push(struct contact **v, size_t *n, const char *email, enum reg_role role,
    const char *via, const char *handle, const struct source_ref *src)
{
	struct contact *c;

	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	c = &(*v)[(*n)++];
	memset(c, 0, sizeof(*c));
	c->email = xstrdup(email);
	c->role = role;
	c->via = via != NULL ? xstrdup(via) : NULL;
	c->handle = handle != NULL ? xstrdup(handle) : NULL;
	c->from = NULL;
	if (src != NULL) {
		c->src = xcalloc(1, sizeof(*c->src));
		source_ref_copy(c->src, src);
	}
	return c;
}

/*
 * RFC 2142's abuse@<domain>, for the domains of the addresses found, when
 * no registry names an abuse contact: a guess, marked as one.
 */
static void
add_fallbacks(const struct lookup *l, struct contact **v, size_t *n)
{
	size_t i, k;

	for (i = 0; i < l->ncontacts; i++)
		if (l->contacts[i].role == ROLE_ABUSE)
			return;
	for (i = 0; i < l->ncontacts; i++) {
		const char *at = strrchr(l->contacts[i].email, '@');
		char *guess;
		int dup = 0;

		if (at == NULL || l->contacts[i].role == ROLE_REMARK)
			continue;
		guess = xasprintf("abuse%s", at);
		for (k = 0; k < *n; k++)
			if (ascii_casecmp((*v)[k].email, guess) == 0)
				dup = 1;
		if (!dup)
			push(v, n, guess, ROLE_FALLBACK, FALLBACK_VIA, NULL,
			    NULL);
		free(guess);
	}
}

void
contacts_of_lookup(const struct lookup *l, int fallbacks,
    struct contact **out, size_t *n)
{
	struct contact *c;
	size_t i;

	*out = NULL;
	*n = 0;
	for (i = 0; i < l->ncontacts; i++) {
		const struct lk_contact *k = &l->contacts[i];

		c = push(out, n, k->email, k->role, k->via, k->handle,
		    lookup_src(l, k->src));
		if (k->from != NULL)
			c->from = xstrdup(k->from);
	}
	if (fallbacks)
		add_fallbacks(l, out, n);
}

void
contacts_result_release(struct contacts_result *res)
{
	size_t i;

	free(res->query);
	free(res->canonical);
	contacts_free(res->v, res->n);
	for (i = 0; i < res->nwarnings; i++)
		free(res->warnings[i]);
	free(res->warnings);
	memset(res, 0, sizeof(*res));
}
