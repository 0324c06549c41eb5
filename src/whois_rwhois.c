/*
 * whois_rwhois.c - the interpreter for rwhois answers (RFC 2167), as
 * ISPs' referral servers send them: network objects, their contacts.
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "buf.h"
#include "exitcodes.h"
#include "whois_int.h"

/* The first value of an rwhois attribute (any class) in object o. */
static const char *
rget(const struct answer *a, size_t o, const char *attr)
{
	size_t i, end = a->objs[o].a0 + a->objs[o].na;
	const char *k;

	for (i = a->objs[o].a0; i < end; i++) {
		k = wp_akey(a, i) + wp_class_len(wp_akey(a, i));
		if (*k == ':' && ascii_casecmp(k + 1, attr) == 0)
			return wp_aval(a, i);
	}
	return NULL;
}

static int
is_rwhois_net(const struct answer *a, size_t o)
{
	const char *t = wp_otype(a, o);

	return wp_class_len(t) == 7 && ascii_ncasecmp(t, "network", 7) == 0;
}

/* Contacts of an rwhois network: addresses, or handles of objects. */
static void
rwhois_collect(struct rctx *c, size_t o)
{
	static const struct {
		const char	*attr;
		enum reg_role	 role;
	} order[] = {
		{ "Abuse-Contact", ROLE_ABUSE }, { "Tech-Contact", ROLE_TECH },
		{ "Admin-Contact", ROLE_ADMIN },
	};
	static const char *const mails[] = { "Email", "E-Mail", "Mailbox" };
	const struct answer *a = c->a;
	size_t j, i, p, m, end = a->objs[o].a0 + a->objs[o].na;
	const char *k, *v, *id;
	char h[64];

	for (j = 0; j < ARRAY_SIZE(order); j++)
		for (i = a->objs[o].a0; i < end; i++) {
			k = wp_akey(a, i) + wp_class_len(wp_akey(a, i));
			if (*k != ':' ||
			    ascii_casecmp(k + 1, order[j].attr) != 0)
				continue;
			v = wp_aval(a, i);
			if (wp_contact(c->r, v, order[j].role, NULL,
			    order[j].attr) ||
			    wp_first_token(v, h, sizeof(h)) == 0)
				continue;
			if (c->lookups++ >= MAX_LOOKUPS)
				continue;
			for (p = 0; p < a->nobjs; p++) {
				if ((id = rget(a, p, "ID")) == NULL ||
				    !wp_tok_eq(id, h))
					continue;
				for (m = 0; m < ARRAY_SIZE(mails); m++)
					if ((id = rget(a, p, mails[m])) != NULL)
						wp_contact(c->r, id,
						    order[j].role, h,
						    order[j].attr);
				break;
			}
		}
	for (i = a->objs[o].a0; i < end; i++) {
		k = wp_akey(a, i) + wp_class_len(wp_akey(a, i));
		if (*k == ':' && (ascii_casecmp(k + 1, "Comment") == 0 ||
		    ascii_casecmp(k + 1, "Remarks") == 0))
			wp_text_contacts(c->r, wp_aval(a, i), rget(a, o, "ID"),
			    k + 1);
	}
}

static const char *
rwhois_name(const struct rctx *c, size_t o)
{
	const char *id = rget(c->a, o, "ID");

	return id != NULL ? id : "?";
}

void
wp_rwhois_interpret(struct rctx *c)
{
	const struct answer *a = c->a;
	struct reg_record *r = c->r;
	struct cand *v = NULL;
	size_t n = 0, cap = 0, o;
	const char *x;

	for (o = 0; o < a->nobjs; o++) {
		if (!is_rwhois_net(a, o))
			continue;
		if ((x = rget(a, o, "IP-Network-Block")) == NULL &&
		    (x = rget(a, o, "IP-Network")) == NULL)
			continue;
		GROW(v, n + 1, cap);
		v[n].idx = o;
		if (wp_parse_block(x, &v[n].b) == 0)
			n++;
	}
	if (n == 0)
		goto out;
	if (n > 1)
		qsort(v, n, sizeof(*v), wp_cand_cmp);
	o = v[0].idx;
	r->kind = REG_NET;
	wp_set_block(r, &v[0].b);
	wp_set_if(&r->handle, rget(a, o, "ID"));
	wp_set_if(&r->name, rget(a, o, "Network-Name"));
	wp_set_if(&r->org, rget(a, o, "Org-Name"));
	wp_set_if(&r->org, rget(a, o, "Organization-Name"));
	wp_set_if(&r->org, rget(a, o, "Organization"));
	wp_set_if(&r->country, rget(a, o, "Country-Code"));
	wp_set_if(&r->country, rget(a, o, "Country"));
	wp_set_if(&r->country, rget(a, o, "Organization-Country"));
	reg_set(&r->source, "rwhois");
	rwhois_collect(c, o);
	wp_parent_contacts(c, v, n, 0, rwhois_collect, rwhois_name);
out:
	free(v);
}
