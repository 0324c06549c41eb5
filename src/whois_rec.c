/*
 * whois_rec.c - the record building the WHOIS interpreters share:
 * addresses, blocks and AS numbers as registries write them, e-mail
 * addresses in free text, contacts, origins and names into the record,
 * and the candidate blocks of an answer, smallest first, with the
 * contacts of their parents.  Below the interpreters (whois_rpsl.c,
 * whois_arin.c, whois_iana.c, whois_rwhois.c): they call it, it calls
 * none of them.  Values are stored as UTF-8: a byte that is not part of
 * well-formed printable UTF-8 became U+FFFD in whois_lex.c (LACNIC's
 * Latin-1 letters included: we do not guess charsets), and an e-mail
 * address holding one is refused here.
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

static const char utf8_replacement[] = "\xef\xbf\xbd";

/* ---- values: addresses, blocks, AS numbers, e-mail addresses ---- */

/*
 * An address as registries write it: IPv4 octets may have leading zeros
 * ("074.125.000.000"), and with pad set may be fewer than four (LACNIC's
 * "200.57.128" of "200.57.128/19"); blanks around it are ignored.  IPv6
 * as inet_pton takes it.
 */
static int
addr_lenient(const char *s, size_t n, int pad, struct ipnet *out)
{
	return ipnet_parse_lenient(s, n, IPNET_TRIM | IPNET_ZEROS |
	    (pad ? IPNET_ABBREV : 0), out, NULL);
}

/*
 * A block as registries write it: "a - b" (spaces optional), a prefix
 * "a/len" (host bits are cleared; IPv4 may be abbreviated), or one address.
 */
int
wp_parse_block(const char *s, struct block *b)
{
	const char *dash = strchr(s, '-'), *slash = strchr(s, '/');
	struct ipnet x, y;
	unsigned long len = 0;
	int bits, i;

	memset(b, 0, sizeof(*b));
	if (dash != NULL) {
		if (addr_lenient(s, (size_t)(dash - s), 0, &x) != 0 ||
		    addr_lenient(dash + 1, strlen(dash + 1), 0, &y) != 0 ||
		    x.family != y.family ||
		    memcmp(x.addr, y.addr, (size_t)ipnet_bytes(x.family)) > 0)
			return -1;
		b->family = x.family;
		memcpy(b->first, x.addr, 16);
		memcpy(b->last, y.addr, 16);
		b->plen = -1;
		return 0;
	}
	if (slash != NULL) {
		if (addr_lenient(s, (size_t)(slash - s), 1, &x) != 0)
			return -1;
		bits = ipnet_bits(x.family);
		for (i = 1; slash[i] >= '0' && slash[i] <= '9' && len <= 128;
		    i++)
			len = len * 10 + (unsigned long)(slash[i] - '0');
		while (wp_is_blank(slash[i]))
			i++;
		if (i == 1 || slash[i] != '\0' || len > (unsigned long)bits)
			return -1;
	} else {
		if (addr_lenient(s, strlen(s), 0, &x) != 0)
			return -1;
		bits = ipnet_bits(x.family);
		len = (unsigned long)bits;
	}
	b->family = x.family;
	b->plen = x.plen = (int)len;
	ipnet_first(&x, b->first);
	ipnet_last(&x, b->last);
	return 0;
}

/* last - first of b, as a 16-byte big-endian number. */
static void
block_size(const struct block *b, unsigned char out[16])
{
	int n = ipnet_bytes(b->family), i, borrow = 0, d;

	memset(out, 0, 16);
	for (i = n - 1; i >= 0; i--) {
		d = (int)b->last[i] - (int)b->first[i] - borrow;
		borrow = d < 0;
		out[16 - n + i] = (unsigned char)(d + (borrow ? 256 : 0));
	}
}

/* <0, 0, >0 as a is smaller than, as large as, larger than b. */
static int
block_cmp_size(const struct block *a, const struct block *b)
{
	unsigned char x[16], y[16];

	block_size(a, x);
	block_size(b, y);
	return memcmp(x, y, 16);
}

static int
block_contains(const struct block *p, const struct block *c)
{
	size_t n = (size_t)ipnet_bytes(p->family);

	return p->family == c->family && memcmp(p->first, c->first, n) <= 0 &&
	    memcmp(c->last, p->last, n) <= 0;
}

int
wp_block_overlaps(const struct block *x, const struct block *y)
{
	size_t n = (size_t)ipnet_bytes(x->family);

	return x->family == y->family && memcmp(x->first, y->last, n) <= 0 &&
	    memcmp(y->first, x->last, n) <= 0;
}

void
wp_set_block(struct reg_record *r, const struct block *b)
{
	struct ipnet n;

	if (b->plen >= 0) {
		memset(&n, 0, sizeof(n));
		n.family = b->family;
		memcpy(n.addr, b->first, 16);
		n.plen = b->plen;
		reg_set_prefix(r, &n);
	} else
		(void)reg_set_range(r, b->family, b->first, b->last, NULL);
}

/*
 * An AS number as registries write it: "AS3255", "as03255", "3255", asdot
 * "1.10"; blanks around it ignored.
 */
int
wp_asn_lenient(const char *s, size_t n, uint32_t *out)
{
	return asn_parse(s, n, ASN_TRIM | ASN_PREFIX | ASN_ASDOT | ASN_ZEROS,
	    out) == ASN_OK ? 0 : -1;
}

/* "2137-2584", "AS1877 - AS1901", "701 - 705", or one number. */
int
wp_asn_range(const char *s, uint32_t *lo, uint32_t *hi)
{
	const char *dash = strchr(s, '-');

	if (dash == NULL) {
		if (wp_asn_lenient(s, strlen(s), lo) != 0)
			return -1;
		*hi = *lo;
		return 0;
	}
	if (wp_asn_lenient(s, (size_t)(dash - s), lo) != 0 ||
	    wp_asn_lenient(dash + 1, strlen(dash + 1), hi) != 0 || *hi < *lo)
		return -1;
	return 0;
}

/*
 * Trim an e-mail-like token p[0..n) of the punctuation that free text
 * puts around addresses ("<a@b>", "(a@b).", "mailto:a@b"); returns the
 * address in out if it is plausible.
 */
static int
clean_email(const char *p, size_t n, char *out, size_t outlen)
{
	size_t i;

	while (n > 0 && strchr("<([{\"'", *p) != NULL) {
		p++;
		n--;
	}
	if (wp_prefix_ci(p, n, "mailto:")) {
		p += 7;
		n -= 7;
	}
	while (n > 0 && strchr(">)]}\"'.,;:!?", p[n - 1]) != NULL)
		n--;
	if (n == 0 || n >= outlen || !email_plausible(p, n))
		return 0;
	for (i = 0; i + 2 < n; i++)	/* a byte we replaced: corrupt */
		if (memcmp(p + i, utf8_replacement, 3) == 0)
			return 0;
	memcpy(out, p, n);
	out[n] = '\0';
	return 1;
}

static int
has_abuse(const struct reg_record *r)
{
	size_t i;

	for (i = 0; i < r->ncontacts; i++)
		if (r->contacts[i].role == ROLE_ABUSE)
			return 1;
	return 0;
}

/* Add the address in value (its first token) as a contact. */
int
wp_contact(struct reg_record *r, const char *value, enum reg_role role,
    const char *handle, const char *via)
{
	char tok[256], e[256];
	size_t n;

	if ((n = wp_first_token(value, tok, sizeof(tok))) == 0 ||
	    !clean_email(tok, n, e, sizeof(e)))
		return 0;
	if (r->ncontacts >= MAX_CONTACTS)
		return 0;
	reg_add_contact(r, e, role, handle, via);
	return 1;
}

/* Every address in free text, as ROLE_REMARK: a hint, never abuse. */
void
wp_text_contacts(struct reg_record *r, const char *s, const char *handle,
    const char *via)
{
	char e[256];
	size_t i = 0, st;

	while (s[i] != '\0') {
		while (s[i] != '\0' && (wp_is_blank(s[i]) || s[i] == ',' ||
		    s[i] == ';'))
			i++;
		st = i;
		while (s[i] != '\0' && !wp_is_blank(s[i]) && s[i] != ',' &&
		    s[i] != ';')
			i++;
		if (i > st && memchr(s + st, '@', i - st) != NULL &&
		    clean_email(s + st, i - st, e, sizeof(e)) &&
		    r->ncontacts < MAX_CONTACTS)
			reg_add_contact(r, e, ROLE_REMARK, handle, via);
	}
}

void
wp_origin(struct reg_record *r, uint32_t asn)
{
	if (r->norigins < MAX_ORIGINS)
		reg_add_origin(r, asn);
}

/* OriginAS "AS15169", "AS15169, AS36040", "AS1 AS2". */
void
wp_origin_list(struct reg_record *r, const char *s)
{
	size_t i = 0, st;
	uint32_t asn;

	while (s[i] != '\0') {
		while (s[i] != '\0' && (wp_is_blank(s[i]) || s[i] == ','))
			i++;
		st = i;
		while (s[i] != '\0' && !wp_is_blank(s[i]) && s[i] != ',')
			i++;
		if (i > st && wp_asn_lenient(s + st, i - st, &asn) == 0)
			wp_origin(r, asn);
	}
}

/* A registry's source name as the record keeps it: "RIPE # Filtered"
 * is "ripe". */
void
wp_set_source(struct reg_record *r, const char *v)
{
	char t[64];
	size_t i, n;

	if (v == NULL || (n = wp_first_token(v, t, sizeof(t))) == 0)
		return;
	for (i = 0; i < n; i++)
		t[i] = (char)ascii_tolower((unsigned char)t[i]);
	reg_set(&r->source, t);
}

void
wp_set_if(char **field, const char *v)
{
	if (*field == NULL && v != NULL && *v != '\0')
		reg_set(field, v);
}

/* "Google Inc. (GOGL)" into name and handle. */
void
wp_name_handle(struct reg_record *r, const char *v)
{
	const char *open = strrchr(v, '(');
	size_t n = strlen(v);
	char *name, *h;

	if (open == NULL || n < 3 || v[n - 1] != ')' || open == v) {
		wp_set_if(&r->org, v);
		return;
	}
	name = xstrndup(v, (size_t)(open - v));
	n = strlen(name);
	while (n > 0 && wp_is_blank(name[n - 1]))
		name[--n] = '\0';
	h = xstrndup(open + 1, strlen(open + 1) - 1);
	wp_set_if(&r->org, name);
	wp_set_if(&r->org_handle, h);
	free(name);
	free(h);
}

/* ---- candidate blocks (RPSL, ARIN, rwhois) ---- */

/* qsort order of candidates: the smallest block first. */
int
wp_cand_cmp(const void *x, const void *y)
{
	const struct cand *p = x, *q = y;
	int d = block_cmp_size(&p->b, &q->b);

	if (d != 0)
		return d;
	/* Equal sizes: the later first (the more detailed copy). */
	return p->idx < q->idx ? 1 : p->idx > q->idx ? -1 : 0;
}

/*
 * When the chosen object names no abuse address, add the contacts of the
 * enclosing blocks, closest first, up to the first that has one.
 */
void
wp_parent_contacts(struct rctx *c, const struct cand *v, size_t n, size_t me,
    void (*collect)(struct rctx *, size_t),
    const char *(*name)(const struct rctx *, size_t))
{
	enum reg_role roles[MAX_CONTACTS];
	size_t i, j, tried = 0, before;
	int changed;
	char msg[512];

	if (has_abuse(c->r))
		return;
	for (i = 0; i < n && tried < MAX_PARENTS; i++) {
		if (i == me || !block_contains(&v[i].b, &v[me].b))
			continue;
		if (block_cmp_size(&v[i].b, &v[me].b) == 0 && i < me)
			continue;	/* the same block, seen before */
		tried++;
		before = c->r->ncontacts;
		for (j = 0; j < before && j < MAX_CONTACTS; j++)
			roles[j] = c->r->contacts[j].role;
		collect(c, v[i].idx);
		snprintf(msg, sizeof(msg), "%s", name(c, v[i].idx));
		/* Each contact the enclosing block gave names it. */
		changed = 0;
		for (j = 0; j < c->r->ncontacts; j++)
			if (j >= before || (j < MAX_CONTACTS &&
			    c->r->contacts[j].role != roles[j])) {
				reg_set(&c->r->contacts[j].from, msg);
				changed = 1;
			}
		if (!changed)
			continue;
		wp_note(c->r, "no abuse contact for the block itself; contacts "
		    "of the enclosing '%s' added", msg);
		if (has_abuse(c->r))
			break;
	}
}

/*
 * When the chosen block states no origin AS (a reassignment inside a
 * carrier's block), take those of the closest enclosing block that
 * states some, and say which.
 */
void
wp_parent_origins(struct rctx *c, const struct cand *v, size_t n, size_t me,
    void (*origins)(struct rctx *, size_t),
    const char *(*name)(const struct rctx *, size_t))
{
	size_t i, tried = 0;
	char msg[512];

	if (c->r->norigins > 0)
		return;
	for (i = 0; i < n && tried < MAX_PARENTS; i++) {
		if (i == me || !block_contains(&v[i].b, &v[me].b))
			continue;
		if (block_cmp_size(&v[i].b, &v[me].b) == 0 && i < me)
			continue;
		tried++;
		origins(c, v[i].idx);
		if (c->r->norigins == 0)
			continue;
		snprintf(msg, sizeof(msg), "%s", name(c, v[i].idx));
		reg_set(&c->r->origins_from, msg);
		wp_note(c->r, "no origin AS for the block itself; origin of "
		    "the enclosing '%s' used", msg);
		break;
	}
}
