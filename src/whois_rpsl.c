/*
 * whois_rpsl.c - the interpreter for RPSL answers (RIPE, APNIC, AFRINIC,
 * the IRRs) and LACNIC's RPSL-like ones: picks the record's block or
 * aut-num among the objects of the answer and follows its references
 * (abuse-c, org, mnt-irt, tech-c, admin-c) to contacts.
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "asn.h"
#include "buf.h"
#include "exitcodes.h"
#include "whois_int.h"

enum ref_kind {
	REF_ABUSE,		/* abuse-c */
	REF_ORG,		/* org */
	REF_ORG_ABUSE,		/* the organisation's abuse-c */
	REF_IRT,		/* mnt-irt */
	REF_TECH,		/* tech-c, LACNIC routing-c */
	REF_ADMIN,		/* admin-c, LACNIC owner-c */
};

struct ref {
	enum ref_kind	 kind;
	long		 obj;		/* -1: not in the answer */
	const char	*handle;	/* as referenced (arena or static) */
	char		 hbuf[64];
};

/*
 * The object a reference names: a person, role or LACNIC nic-hdl block by
 * its nic-hdl; an organisation or irt by its key.  -1 if absent or when
 * the look-up budget of the answer is spent.
 */
static long
find_ref(struct rctx *c, const char *name, enum ref_kind kind)
{
	const struct answer *a = c->a;
	size_t o, i, end;
	const char *t;

	if (c->lookups++ >= MAX_LOOKUPS)
		return -1;
	for (o = 0; o < a->nobjs; o++) {
		t = wp_otype(a, o);
		if (kind == REF_ORG) {
			if (ascii_casecmp(t, "organisation") == 0 &&
			    wp_tok_eq(wp_okey(a, o), name))
				return (long)o;
			continue;
		}
		if (kind == REF_IRT) {
			if (ascii_casecmp(t, "irt") == 0 &&
			    wp_tok_eq(wp_okey(a, o), name))
				return (long)o;
			continue;
		}
		end = a->objs[o].a0 + a->objs[o].na;
		for (i = a->objs[o].a0; i < end; i++)
			if ((ascii_casecmp(wp_akey(a, i), "nic-hdl") == 0 ||
			    ascii_casecmp(wp_akey(a, i), "nic-hdl-br") == 0) &&
			    wp_tok_eq(wp_aval(a, i), name))
				return (long)o;
	}
	return -1;
}

/* Follow every attribute key of object o as references of one kind. */
static size_t
add_refs(struct rctx *c, size_t o, const char *key, enum ref_kind kind,
    struct ref *refs, size_t n)
{
	const struct answer *a = c->a;
	size_t i, end = a->objs[o].a0 + a->objs[o].na;

	for (i = a->objs[o].a0; i < end && n < MAX_REFS; i++) {
		if (ascii_casecmp(wp_akey(a, i), key) != 0)
			continue;
		if (wp_first_token(wp_aval(a, i), refs[n].hbuf,
		    sizeof(refs[n].hbuf)) == 0 ||
		    ascii_casecmp(refs[n].hbuf, "N/A") == 0)
			continue;
		refs[n].kind = kind;
		refs[n].handle = refs[n].hbuf;
		refs[n].obj = find_ref(c, refs[n].hbuf, kind == REF_ORG_ABUSE ?
		    REF_ABUSE : kind);
		n++;
	}
	return n;
}

/* Add every value of key in object o as a contact. */
static int
obj_contacts(struct rctx *c, size_t o, const char *key, enum reg_role role,
    const char *handle, const char *via)
{
	const struct answer *a = c->a;
	size_t i, end = a->objs[o].a0 + a->objs[o].na;
	int n = 0;

	for (i = a->objs[o].a0; i < end; i++)
		if (ascii_casecmp(wp_akey(a, i), key) == 0)
			n += wp_contact(c->r, wp_aval(a, i), role, handle, via);
	return n;
}

/* Addresses in the free text of object o (remarks, descr, comment). */
static void
obj_text(struct rctx *c, size_t o, const char *handle)
{
	const struct answer *a = c->a;
	size_t i, end = a->objs[o].a0 + a->objs[o].na;
	const char *k;

	for (i = a->objs[o].a0; i < end; i++) {
		k = wp_akey(a, i);
		if (ascii_casecmp(k, "remarks") == 0 ||
		    ascii_casecmp(k, "descr") == 0 ||
		    ascii_casecmp(k, "comment") == 0)
			wp_text_contacts(c->r, wp_aval(a, i), handle, k);
	}
}

/*
 * abuse-c references: the abuse-mailbox of the object named, or its
 * e-mail when it has none (LACNIC's nic-hdl blocks have only e-mail).
 */
static void
abuse_refs(struct rctx *c, const struct ref *refs, size_t n,
    enum ref_kind kind)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (refs[i].kind != kind)
			continue;
		if (refs[i].obj < 0) {
			wp_note(c->r, "abuse-c '%s' is not in the answer",
			    refs[i].handle);
			continue;
		}
		if (obj_contacts(c, (size_t)refs[i].obj, "abuse-mailbox",
		    ROLE_ABUSE, refs[i].handle, "abuse-mailbox") == 0)
			obj_contacts(c, (size_t)refs[i].obj, "e-mail",
			    ROLE_ABUSE, refs[i].handle, "abuse-c");
	}
}

/*
 * The contacts of object o (a block or an aut-num), in the registry's
 * precedence: first the registry's abuse addresses (the "% Abuse contact"
 * comment of its section, abuse-c, its organisation's abuse-c, its
 * irt's), then legacy ones (its organisation's own abuse-mailbox; its
 * own; those of its tech-c and admin-c objects), then the e-mail of
 * tech-c, irt, admin-c and organisation, then addresses in free text.
 */
static void
rpsl_collect(struct rctx *c, size_t o)
{
	const struct answer *a = c->a;
	struct reg_record *r = c->r;
	struct ref *refs;
	size_t n = 0, i, k;
	const char *key = wp_okey(a, o);
	long org = -1;

	refs = xcalloc(MAX_REFS, sizeof(*refs));
	n = add_refs(c, o, "abuse-c", REF_ABUSE, refs, n);
	n = add_refs(c, o, "org", REF_ORG, refs, n);
	for (i = 0; i < n; i++)
		if (refs[i].kind == REF_ORG && refs[i].obj >= 0) {
			org = refs[i].obj;
			break;
		}
	if (org >= 0)
		n = add_refs(c, (size_t)org, "abuse-c", REF_ORG_ABUSE, refs,
		    n);
	n = add_refs(c, o, "mnt-irt", REF_IRT, refs, n);
	n = add_refs(c, o, "tech-c", REF_TECH, refs, n);
	n = add_refs(c, o, "routing-c", REF_TECH, refs, n);
	n = add_refs(c, o, "admin-c", REF_ADMIN, refs, n);
	n = add_refs(c, o, "owner-c", REF_ADMIN, refs, n);

	/* The registry's own statement comes first. */
	for (k = 0; k < a->ncmts; k++)
		if (a->cmts[k].section == a->objs[o].section)
			wp_contact(r, a->arena.s + a->cmts[k].email, ROLE_ABUSE,
			    NULL, "abuse-comment");
	abuse_refs(c, refs, n, REF_ABUSE);
	abuse_refs(c, refs, n, REF_ORG_ABUSE);
	/*
	 * An organisation's own abuse-mailbox is legacy data (the registry
	 * answers with abuse-c and its "% Abuse contact" comment): kept,
	 * ranked below them, never taken for the abuse contact.
	 */
	if (org >= 0)
		obj_contacts(c, (size_t)org, "abuse-mailbox",
		    ROLE_ABUSE_LEGACY, wp_okey(a, (size_t)org),
		    "org-abuse-mailbox (legacy)");
	for (i = 0; i < n; i++)
		if (refs[i].kind == REF_IRT && refs[i].obj >= 0)
			obj_contacts(c, (size_t)refs[i].obj, "abuse-mailbox",
			    ROLE_ABUSE, refs[i].handle, "irt");
	/*
	 * Any other abuse-mailbox is not the registry's abuse contact
	 * (RIPE: only abuse-c's is, and the comment reflects it): the
	 * block's own, which RIPE dropped in 2013 but older answers and
	 * other databases still show, then a tech-c's or admin-c's.  Kept
	 * as likely places to write to, below the registry's answer.
	 */
	obj_contacts(c, o, "abuse-mailbox", ROLE_ABUSE_MAILBOX_LEGACY, key,
	    "abuse-mailbox (legacy, on the block)");
	for (i = 0; i < n; i++)
		if (refs[i].kind == REF_TECH && refs[i].obj >= 0)
			obj_contacts(c, (size_t)refs[i].obj, "abuse-mailbox",
			    ROLE_ABUSE_MAILBOX_LEGACY, refs[i].handle,
			    "tech-c abuse-mailbox (legacy)");
	for (i = 0; i < n; i++)
		if (refs[i].kind == REF_ADMIN && refs[i].obj >= 0)
			obj_contacts(c, (size_t)refs[i].obj, "abuse-mailbox",
			    ROLE_ABUSE_MAILBOX_LEGACY, refs[i].handle,
			    "admin-c abuse-mailbox (legacy)");

	/* Then the people behind the block. */
	for (i = 0; i < n; i++)
		if (refs[i].kind == REF_TECH && refs[i].obj >= 0)
			obj_contacts(c, (size_t)refs[i].obj, "e-mail",
			    ROLE_TECH, refs[i].handle, "e-mail");
	for (i = 0; i < n; i++)
		if (refs[i].kind == REF_IRT && refs[i].obj >= 0)
			obj_contacts(c, (size_t)refs[i].obj, "e-mail",
			    ROLE_TECH, refs[i].handle, "irt");
	for (i = 0; i < n; i++)
		if (refs[i].kind == REF_ADMIN && refs[i].obj >= 0)
			obj_contacts(c, (size_t)refs[i].obj, "e-mail",
			    ROLE_ADMIN, refs[i].handle, "e-mail");
	if (org >= 0)
		obj_contacts(c, (size_t)org, "e-mail", ROLE_REGISTRANT,
		    wp_okey(a, (size_t)org), "e-mail");

	/* Last, hints in free text: never an abuse contact. */
	obj_text(c, o, key);
	for (i = 0; i < n; i++)
		if (refs[i].obj >= 0)
			obj_text(c, (size_t)refs[i].obj, refs[i].handle);
	free(refs);
}

/* Kinds of RPSL objects the record is made of. */
static int
is_block_type(const char *t)
{
	return ascii_casecmp(t, "inetnum") == 0 ||
	    ascii_casecmp(t, "inet6num") == 0;
}

static int
is_route_type(const char *t)
{
	return ascii_casecmp(t, "route") == 0 ||
	    ascii_casecmp(t, "route6") == 0;
}

/*
 * The objects of a type class whose key parses as a block, smallest first
 * (qsort: the list may be long in a hostile answer).
 */
static size_t
rpsl_cands(const struct answer *a, int routes, struct cand **out,
    struct reg_record *r)
{
	struct cand *v = NULL;
	size_t n = 0, cap = 0, o;
	const char *t;
	int bad = 0;

	for (o = 0; o < a->nobjs; o++) {
		t = wp_otype(a, o);
		if (!(routes ? is_route_type(t) : is_block_type(t)))
			continue;
		GROW(v, n + 1, cap);
		v[n].idx = o;
		if (wp_parse_block(wp_okey(a, o), &v[n].b) != 0) {
			if (bad++ == 0)
				wp_note(r, "ignored a block that does not "
				    "parse: '%s'", wp_okey(a, o));
			continue;
		}
		n++;
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), wp_cand_cmp);
	*out = v;
	return n;
}

/* The organisation object o references, or -1. */
static long
org_of(struct rctx *c, size_t o)
{
	const char *v = wp_oget(c->a, o, "org");
	char h[64];

	if (v == NULL || wp_first_token(v, h, sizeof(h)) == 0)
		return -1;
	return find_ref(c, h, REF_ORG);
}

/* name, org, country, status, source of an RPSL or LACNIC object. */
static void
rpsl_fields(struct rctx *c, size_t o, enum whois_fmt fmt)
{
	const struct answer *a = c->a;
	struct reg_record *r = c->r;
	long org = org_of(c, o);
	const char *v;
	char h[64];

	if (fmt == WHOIS_LACNIC) {
		wp_set_if(&r->org, wp_oget(a, o, "owner"));
		wp_set_if(&r->org_handle, wp_oget(a, o, "ownerid"));
	}
	wp_set_if(&r->name, wp_oget(a, o, "netname"));
	wp_set_if(&r->name, wp_oget(a, o, "as-name"));
	if (org >= 0) {
		wp_set_if(&r->org, wp_oget(a, (size_t)org, "org-name"));
		if (wp_first_token(wp_okey(a, (size_t)org), h, sizeof(h)) != 0)
			wp_set_if(&r->org_handle, h);
	} else if ((v = wp_oget(a, o, "org")) != NULL &&
	    wp_first_token(v, h, sizeof(h)) != 0)
		wp_set_if(&r->org_handle, h);
	wp_set_if(&r->org, wp_oget(a, o, "descr"));
	wp_set_if(&r->country, wp_oget(a, o, "country"));
	if (org >= 0)
		wp_set_if(&r->country, wp_oget(a, (size_t)org, "country"));
	wp_set_if(&r->status, wp_oget(a, o, "status"));
	wp_set_source(r, wp_oget(a, o, "source"));
	if (r->source == NULL && fmt == WHOIS_LACNIC)
		reg_set(&r->source, "lacnic");
}

static const char *
obj_name(const struct rctx *c, size_t o)
{
	return wp_okey(c->a, o);
}

/* REG_NET from the smallest inetnum/inet6num (else route) object. */
void
wp_rpsl_net(struct rctx *c, enum whois_fmt fmt)
{
	const struct answer *a = c->a;
	struct reg_record *r = c->r;
	struct cand *v = NULL, *rt = NULL;
	size_t n, nr, i, o;
	const struct cand *pick;
	const char *an;
	uint32_t asn;
	int from_routes = 0;

	n = rpsl_cands(a, 0, &v, r);
	nr = rpsl_cands(a, 1, &rt, r);
	if (n == 0 && nr == 0)
		goto out;
	if (n == 0) {
		from_routes = 1;
		pick = &rt[0];
		wp_note(r, "no inetnum in the answer; the block is the route "
		    "object '%s'", wp_okey(a, rt[0].idx));
	} else
		pick = &v[0];
	o = pick->idx;
	r->kind = REG_NET;
	wp_set_block(r, &pick->b);
	reg_set(&r->handle, wp_okey(a, o));
	rpsl_fields(c, o, fmt);
	if (fmt == WHOIS_LACNIC && (an = wp_oget(a, o, "aut-num")) != NULL &&
	    wp_asn_lenient(an, strlen(an), &asn) == 0)
		wp_origin(r, asn);
	/* Route objects of the same answer: most specific first. */
	for (i = 0; i < nr; i++) {
		if (!wp_block_overlaps(&rt[i].b, &pick->b))
			continue;
		an = wp_oget(a, rt[i].idx, "origin");
		if (an != NULL && wp_asn_lenient(an, strlen(an), &asn) == 0)
			wp_origin(r, asn);
	}
	rpsl_collect(c, o);
	if (!from_routes)
		wp_parent_contacts(c, v, n, 0, rpsl_collect, obj_name);
out:
	free(v);
	free(rt);
}

/* REG_AUTNUM from the aut-num object (else the as-block). */
void
wp_rpsl_autnum(struct rctx *c, enum whois_fmt fmt)
{
	const struct answer *a = c->a;
	struct reg_record *r = c->r;
	size_t o, nroutes = 0;
	uint32_t lo, hi;
	long block = -1;
	char h[32];
	const char *t;

	for (o = 0; o < a->nobjs; o++) {
		t = wp_otype(a, o);
		if (is_route_type(t))
			nroutes++;
		if (ascii_casecmp(t, "as-block") == 0 && block < 0 &&
		    wp_asn_range(wp_okey(a, o), &lo, &hi) == 0)
			block = (long)o;
		if (ascii_casecmp(t, "aut-num") != 0 ||
		    wp_asn_lenient(wp_okey(a, o), strlen(wp_okey(a, o)),
		    &lo) != 0)
			continue;
		r->kind = REG_AUTNUM;
		r->asn_first = r->asn_last = lo;
		reg_set(&r->handle, asn_format(lo, h));
		rpsl_fields(c, o, fmt);
		rpsl_collect(c, o);
		return;
	}
	if (block >= 0) {
		o = (size_t)block;
		(void)wp_asn_range(wp_okey(a, o), &lo, &hi);
		r->kind = REG_AUTNUM;
		r->asn_first = lo;
		r->asn_last = hi;
		reg_set(&r->handle, wp_okey(a, o));
		rpsl_fields(c, o, fmt);
		rpsl_collect(c, o);
		wp_note(r, "no aut-num in the answer, only the as-block '%s'",
		    wp_okey(a, o));
		return;
	}
	if (nroutes > 0)
		wp_note(r, "%s", "the answer has route objects but no aut-num; "
		    "see rpsl_parse_routes()");
}
