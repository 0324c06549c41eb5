/*
 * regrec.c - the common shape of registry facts: contacts ranked by role,
 * origins, address ranges and their CIDR cover.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ascii.h"
#include "exitcodes.h"
#include "regrec.h"

const char *
reg_role_name(enum reg_role r)
{
	static const char *const names[] = {
		"abuse", "org-abuse-legacy", "abuse-mailbox-legacy",
		"abuse-candidate", "tech", "admin", "registrant", "remark",
		"fallback", "other",
	};

	return (size_t)r < ARRAY_SIZE(names) ? names[r] : "other";
}

void
reg_record_init(struct reg_record *r)
{
	memset(r, 0, sizeof(*r));
}

void
reg_record_release(struct reg_record *r)
{
	size_t i;

	free(r->source);
	free(r->handle);
	free(r->name);
	free(r->org);
	free(r->org_handle);
	free(r->country);
	free(r->country_from);
	free(r->status);
	free(r->prefixes);
	free(r->origins);
	free(r->origins_from);
	for (i = 0; i < r->ncontacts; i++) {
		free(r->contacts[i].from);
		free(r->contacts[i].email);
		free(r->contacts[i].handle);
		free(r->contacts[i].via);
	}
	free(r->contacts);
	free(r->referral);
	for (i = 0; i < r->nlinks; i++)
		free(r->links[i]);
	free(r->links);
	for (i = 0; i < r->nnotes; i++)
		free(r->notes[i]);
	free(r->notes);
	memset(r, 0, sizeof(*r));
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

static void *
copy_bytes(const void *p, size_t n)
{
	void *d;

	if (n == 0)
		return NULL;
	d = xmalloc(n);
	memcpy(d, p, n);
	return d;
}

/* Field by field as reg_record_release() frees them: keep the two in
   step. */
void
reg_record_copy(struct reg_record *d, const struct reg_record *s)
{
	size_t i;

	*d = *s;
	d->source = dup_or_null(s->source);
	d->handle = dup_or_null(s->handle);
	d->name = dup_or_null(s->name);
	d->org = dup_or_null(s->org);
	d->org_handle = dup_or_null(s->org_handle);
	d->country = dup_or_null(s->country);
	d->country_from = dup_or_null(s->country_from);
	d->status = dup_or_null(s->status);
	d->prefixes = copy_bytes(s->prefixes, s->nprefixes *
	    sizeof(*s->prefixes));
	d->origins = copy_bytes(s->origins, s->norigins * sizeof(*s->origins));
	d->origins_from = dup_or_null(s->origins_from);
	d->contacts = copy_bytes(s->contacts, s->ncontacts *
	    sizeof(*s->contacts));
	for (i = 0; i < s->ncontacts; i++) {
		d->contacts[i].from = dup_or_null(s->contacts[i].from);
		d->contacts[i].email = dup_or_null(s->contacts[i].email);
		d->contacts[i].handle = dup_or_null(s->contacts[i].handle);
		d->contacts[i].via = dup_or_null(s->contacts[i].via);
	}
	d->referral = dup_or_null(s->referral);
	d->links = s->nlinks > 0 ? xcalloc(s->nlinks, sizeof(*d->links)) :
	    NULL;
	for (i = 0; i < s->nlinks; i++)
		d->links[i] = xstrdup(s->links[i]);
	d->notes = s->nnotes > 0 ? xcalloc(s->nnotes, sizeof(*d->notes)) :
	    NULL;
	for (i = 0; i < s->nnotes; i++)
		d->notes[i] = xstrdup(s->notes[i]);
}

void
reg_set(char **field, const char *s)
{
	free(*field);
	*field = s != NULL ? xstrdup(s) : NULL;
}

int
reg_add_contact(struct reg_record *r, const char *email, enum reg_role role,
    const char *handle, const char *via)
{
	struct reg_contact *c;
	size_t i;

	for (i = 0; i < r->ncontacts; i++) {
		c = &r->contacts[i];
		if (ascii_casecmp(c->email, email) != 0)
			continue;
		if (c->role <= role)
			return 0;
		/* Seen again in a better role: that is what it is. */
		c->role = role;
		reg_set(&c->handle, handle);
		reg_set(&c->via, via);
		reg_set(&c->from, NULL);
		return 1;
	}
	r->contacts = xrealloc(r->contacts,
	    (r->ncontacts + 1) * sizeof(*r->contacts));
	c = &r->contacts[r->ncontacts++];
	c->email = xstrdup(email);
	c->role = role;
	c->handle = handle != NULL ? xstrdup(handle) : NULL;
	c->via = via != NULL ? xstrdup(via) : NULL;
	c->from = NULL;
	return 1;
}

size_t
reg_abuse_candidates(struct reg_record *r)
{
	size_t i, n = 0;
	const char *at;

	if (r->nlinks > 0)
		return 0;	/* an abuse entity whose address is elsewhere */
	for (i = 0; i < r->ncontacts; i++)
		if (r->contacts[i].role == ROLE_ABUSE)
			return 0;
	for (i = 0; i < r->ncontacts; i++) {
		struct reg_contact *c = &r->contacts[i];

		if (c->role <= ROLE_ABUSE_CANDIDATE || c->role == ROLE_REMARK ||
		    c->role == ROLE_FALLBACK)
			continue;
		at = strchr(c->email, '@');
		if (at == NULL || at - c->email != 5 ||
		    ascii_ncasecmp(c->email, "abuse", 5) != 0)
			continue;
		c->role = ROLE_ABUSE_CANDIDATE;
		n++;
	}
	if (n > 0)
		reg_sort_contacts(r);
	return n;
}

/*
 * Insertion sort: stable, in place, allocates nothing, and a record holds
 * a few dozen contacts at most.
 */
void
reg_sort_contacts(struct reg_record *r)
{
	struct reg_contact t;
	size_t i, j;

	for (i = 1; i < r->ncontacts; i++) {
		t = r->contacts[i];
		for (j = i; j > 0 && r->contacts[j - 1].role > t.role; j--)
			r->contacts[j] = r->contacts[j - 1];
		r->contacts[j] = t;
	}
}

void
reg_add_origin(struct reg_record *r, uint32_t asn)
{
	size_t i;

	for (i = 0; i < r->norigins; i++)
		if (r->origins[i] == asn)
			return;
	r->origins = xrealloc(r->origins,
	    (r->norigins + 1) * sizeof(*r->origins));
	r->origins[r->norigins++] = asn;
}

static void
add_str(char ***v, size_t *n, char *s)
{
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = s;
}

void
reg_add_link(struct reg_record *r, const char *url)
{
	size_t i;

	for (i = 0; i < r->nlinks; i++)
		if (strcmp(r->links[i], url) == 0)
			return;
	add_str(&r->links, &r->nlinks, xstrdup(url));
}

void
reg_add_note(struct reg_record *r, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	add_str(&r->notes, &r->nnotes, s);
}

/*
 * The classic greedy cover: from the current start, take the largest block
 * aligned at it that does not pass last, then continue after it.
 */
void
range_to_cidrs(int family, const unsigned char first[16],
    const unsigned char last[16], struct ipnet **out, size_t *n)
{
	int bits = ipnet_bits(family), bytes = bits / 8, plen, ok;
	unsigned char cur[16], end[16];
	struct ipnet b;
	struct ipnet *v = NULL;
	size_t len = 0, cap = 0;

	memset(&b, 0, sizeof(b));
	b.family = family;
	memcpy(cur, first, 16);
	for (;;) {
		/* Grow the block while cur stays aligned and end <= last. */
		memcpy(b.addr, cur, 16);
		for (plen = bits; plen > 0; plen--) {
			if (ipnet_bit(cur, plen - 1))
				break;	/* not aligned for a bigger block */
			b.plen = plen - 1;
			ipnet_last(&b, end);
			if (memcmp(end, last, (size_t)bytes) > 0)
				break;
		}
		GROW(v, len + 1, cap);
		memset(&v[len], 0, sizeof(v[len]));
		v[len].family = family;
		memcpy(v[len].addr, cur, 16);
		v[len].plen = plen;
		len++;
		b.plen = plen;
		ipnet_last(&b, end);
		ok = memcmp(end, last, (size_t)bytes) < 0;
		if (!ok)
			break;
		memcpy(cur, end, 16);
		if (ipnet_addr_inc(cur, family))
			break;
	}
	*out = v;
	*n = len;
}

int
reg_set_range(struct reg_record *r, int family, const unsigned char first[16],
    const unsigned char last[16], struct dp_err *err)
{
	int bytes = ipnet_bits(family) / 8;

	if (memcmp(first, last, (size_t)bytes) > 0)
		return dp_fail(err, DP_EX_DATAERR, "range ends before it "
		    "starts");
	r->has_range = 1;
	r->family = family;
	memset(r->first, 0, 16);
	memset(r->last, 0, 16);
	memcpy(r->first, first, (size_t)bytes);
	memcpy(r->last, last, (size_t)bytes);
	free(r->prefixes);
	range_to_cidrs(family, r->first, r->last, &r->prefixes,
	    &r->nprefixes);
	return 0;
}

void
reg_set_prefix(struct reg_record *r, const struct ipnet *n)
{
	int bits = ipnet_bits(n->family);

	r->has_range = 1;
	r->family = n->family;
	memset(r->first, 0, 16);
	memcpy(r->first, n->addr, (size_t)bits / 8);
	ipnet_last(n, r->last);
	free(r->prefixes);
	r->prefixes = xmalloc(sizeof(*r->prefixes));
	r->prefixes[0] = *n;
	r->nprefixes = 1;
}

int
email_plausible(const char *s, size_t len)
{
	const char *at = memchr(s, '@', len), *dot;
	size_t i;

	if (at == NULL || at == s || at == s + len - 1)
		return 0;
	if (memchr(at + 1, '@', (size_t)(s + len - at - 1)) != NULL)
		return 0;
	dot = memchr(at + 1, '.', (size_t)(s + len - at - 1));
	if (dot == NULL || dot == at + 1 || dot == s + len - 1)
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= ' ' || c == 0x7f || c == '<' || c == '>' ||
		    c == '(' || c == ')' || c == ',' || c == ';' ||
		    c == '"' || c == '\'')
			return 0;
		/* A C1 control (U+0080..U+009F) in UTF-8: C2 80..C2 9F. */
		if (c == 0xc2 && i + 1 < len &&
		    (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9f)
			return 0;
	}
	return s[len - 1] != '.';
}
