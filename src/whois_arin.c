/*
 * whois_arin.c - the interpreter for ARIN's answers: sections from one
 * NetRange or ASNumber line to the next, POC e-mails in ARIN's
 * precedence, and the referral to another registry.
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

static size_t
arin_sections(const struct answer *a, struct asec **out)
{
	struct asec *v = NULL;
	size_t n = 0, cap = 0, i;
	const char *k;

	for (i = 0; i < a->nattrs; i++) {
		k = wp_akey(a, i);
		if (ascii_casecmp(k, "NetRange") != 0 &&
		    ascii_casecmp(k, "ASNumber") != 0)
			continue;
		if (n > 0)
			v[n - 1].a1 = i;
		GROW(v, n + 1, cap);
		v[n].a0 = i;
		v[n].a1 = a->nattrs;
		v[n].asn = ascii_casecmp(k, "ASNumber") == 0;
		n++;
	}
	*out = v;
	return n;
}

/* The first value of key in section s, or NULL. */
static const char *
sget(const struct answer *a, const struct asec *s, const char *key)
{
	size_t i;

	for (i = s->a0; i < s->a1; i++)
		if (ascii_casecmp(wp_akey(a, i), key) == 0)
			return wp_aval(a, i);
	return NULL;
}

/*
 * The POC e-mails of a section in ARIN's precedence: the resource's own
 * (R*, set on a reassignment) before the organisation's, abuse before
 * technical before administrative; then addresses in Comment text.
 */
static void
arin_collect(struct rctx *c, size_t si)
{
	static const struct {
		const char	*poc;
		enum reg_role	 role;
	} order[] = {
		{ "RAbuse", ROLE_ABUSE }, { "OrgAbuse", ROLE_ABUSE },
		{ "RTech", ROLE_TECH }, { "RNOC", ROLE_TECH },
		{ "RRouting", ROLE_TECH }, { "OrgTech", ROLE_TECH },
		{ "OrgNOC", ROLE_TECH }, { "OrgRouting", ROLE_TECH },
		{ "RAdmin", ROLE_ADMIN }, { "OrgAdmin", ROLE_ADMIN },
		{ "RDNS", ROLE_OTHER }, { "OrgDNS", ROLE_OTHER },
	};
	const struct answer *a = c->a;
	const struct asec *s = &c->secs[si];
	char hk[32], ek[32];
	const char *handle, *k;
	size_t j, i;

	for (j = 0; j < ARRAY_SIZE(order); j++) {
		snprintf(hk, sizeof(hk), "%sHandle", order[j].poc);
		snprintf(ek, sizeof(ek), "%sEmail", order[j].poc);
		handle = NULL;
		for (i = s->a0; i < s->a1; i++) {
			k = wp_akey(a, i);
			if (ascii_casecmp(k, hk) == 0)
				handle = wp_aval(a, i);
			else if (ascii_casecmp(k, ek) == 0)
				wp_contact(c->r, wp_aval(a, i), order[j].role,
				    handle != NULL && *handle != '\0' ?
				    handle : NULL, ek);
		}
	}
	for (i = s->a0; i < s->a1; i++)
		if (ascii_casecmp(wp_akey(a, i), "Comment") == 0)
			wp_text_contacts(c->r, wp_aval(a, i),
			    sget(a, s, "NetHandle"), "Comment");
}

/* The OriginAS of a section, for an enclosed block stating none. */
static void
arin_origins(struct rctx *c, size_t si)
{
	const char *x = sget(c->a, &c->secs[si], "OriginAS");

	if (x != NULL)
		wp_origin_list(c->r, x);
}

static const char *
arin_name(const struct rctx *c, size_t si)
{
	const char *h = sget(c->a, &c->secs[si], "NetHandle");

	return h != NULL ? h : wp_aval(c->a, c->secs[si].a0);
}

/* Organisation, country, status and POCs of the chosen section. */
static void
arin_fields(struct rctx *c, const struct asec *s)
{
	const struct answer *a = c->a;
	struct reg_record *r = c->r;
	const char *v;

	wp_set_if(&r->org, sget(a, s, "OrgName"));
	wp_set_if(&r->org_handle, sget(a, s, "OrgId"));
	wp_set_if(&r->org, sget(a, s, "CustName"));
	if ((v = sget(a, s, "Organization")) != NULL && *v != '\0')
		wp_name_handle(r, v);
	if ((v = sget(a, s, "Customer")) != NULL && *v != '\0')
		wp_name_handle(r, v);
	wp_set_if(&r->country, sget(a, s, "Country"));
	reg_set(&r->source, "arin");
}

/* ReferralServer (the last), else a ResourceLink naming a WHOIS host. */
static void
arin_referral(const struct answer *a, struct reg_record *r)
{
	const char *ref = NULL, *link = NULL, *k, *v;
	size_t i;

	for (i = 0; i < a->nattrs; i++) {
		k = wp_akey(a, i);
		v = wp_aval(a, i);
		if (*v == '\0')
			continue;
		if (ascii_casecmp(k, "ReferralServer") == 0)
			ref = v;
		else if (ascii_casecmp(k, "ResourceLink") == 0) {
			if (wp_prefix_ci(v, strlen(v), "http://") ||
			    wp_prefix_ci(v, strlen(v), "https://"))
				wp_note(r, "transferred resource, see %s", v);
			else
				link = v;
		}
	}
	if (ref == NULL)
		ref = link;
	if (ref != NULL)
		reg_set(&r->referral, ref);
}

void
wp_arin_interpret(struct rctx *c, enum whois_qtype t)
{
	const struct answer *a = c->a;
	struct reg_record *r = c->r;
	struct asec *secs = NULL;
	struct cand *v = NULL;
	size_t ns, n = 0, cap = 0, i, best = 0;
	uint32_t lo, hi, blo = 0, bhi = 0;
	const struct asec *s;
	const char *x;
	int found = 0;

	ns = arin_sections(a, &secs);
	c->secs = secs;
	arin_referral(a, r);
	if (t == WQ_ASN) {
		for (i = 0; i < ns; i++) {
			if (!secs[i].asn || wp_asn_range(wp_aval(a, secs[i].a0),
			    &lo, &hi) != 0)
				continue;
			if (!found || hi - lo < bhi - blo) {
				best = i;
				blo = lo;
				bhi = hi;
				found = 1;
			}
		}
		if (!found)
			goto out;
		s = &secs[best];
		r->kind = REG_AUTNUM;
		r->asn_first = blo;
		r->asn_last = bhi;
		wp_set_if(&r->handle, sget(a, s, "ASHandle"));
		wp_set_if(&r->name, sget(a, s, "ASName"));
		arin_fields(c, s);
		arin_collect(c, best);
		goto out;
	}
	for (i = 0; i < ns; i++) {
		if (secs[i].asn)
			continue;
		GROW(v, n + 1, cap);
		v[n].idx = i;
		if (wp_parse_block(wp_aval(a, secs[i].a0), &v[n].b) != 0) {
			wp_note(r, "ignored a NetRange that does not "
			    "parse: '%s'", wp_aval(a, secs[i].a0));
			continue;
		}
		n++;
	}
	if (n == 0)
		goto out;
	if (n > 1)
		qsort(v, n, sizeof(*v), wp_cand_cmp);
	s = &secs[v[0].idx];
	r->kind = REG_NET;
	wp_set_block(r, &v[0].b);
	wp_set_if(&r->handle, sget(a, s, "NetHandle"));
	wp_set_if(&r->name, sget(a, s, "NetName"));
	wp_set_if(&r->status, sget(a, s, "NetType"));
	if ((x = sget(a, s, "OriginAS")) != NULL)
		wp_origin_list(r, x);
	arin_fields(c, s);
	if (sget(a, s, "X-Summary") != NULL) {
		r->summary = 1;
		wp_note(r, "%s", WHOIS_NOTE_SUMMARY);
	}
	arin_collect(c, v[0].idx);
	wp_parent_contacts(c, v, n, 0, arin_collect, arin_name);
	wp_parent_origins(c, v, n, 0, arin_origins, arin_name);
out:
	free(v);
	free(secs);
}
