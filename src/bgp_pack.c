/*
 * bgp_pack.c - links and triplets packed into bytes and back, and the
 * merge of sorted runs (bgp_pack.h).
 */
#include <stdlib.h>
#include <string.h>

#include "bgp_pack.h"
#include "util.h"

/* ---- varints (unsigned LEB128) ---- */

static uint8_t *
put(uint8_t *p, uint64_t v)
{
	while (v >= 0x80) {
		*p++ = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	*p++ = (uint8_t)v;
	return p;
}

struct rd {
	const uint8_t	*p;
	size_t		 len, off;
	const char	*why;
};

/* The next varint into *v; 0, or -1 with r->why set. */
static int
get(struct rd *r, uint64_t *v)
{
	uint64_t x = 0;
	size_t start = r->off;
	unsigned shift = 0;
	uint8_t b;

	for (;;) {
		if (r->off >= r->len) {
			r->off = start;
			r->why = "the data ends inside a number";
			return -1;
		}
		b = r->p[r->off++];
		if (shift == 63 && b > 1) {
			r->off = start;
			r->why = "a number is longer than 64 bits";
			return -1;
		}
		x |= (uint64_t)(b & 0x7f) << shift;
		if ((b & 0x80) == 0)
			break;
		shift += 7;
	}
	if (b == 0 && r->off - start > 1) {
		r->off = start;
		r->why = "a number is not in its shortest form";
		return -1;
	}
	*v = x;
	return 0;
}

static int
get_asn(struct rd *r, uint64_t base, uint32_t *asn)
{
	size_t start = r->off;
	uint64_t v;

	if (get(r, &v) != 0)
		return -1;
	if (base > UINT32_MAX || v > UINT32_MAX - base) {
		r->off = start;
		r->why = "an AS number is past 4294967295";
		return -1;
	}
	*asn = (uint32_t)(base + v);
	return 0;
}

static int
get_count(struct rd *r, int64_t *c)
{
	size_t start = r->off;
	uint64_t v;

	if (get(r, &v) != 0)
		return -1;
	if (v > INT64_MAX) {
		r->off = start;
		r->why = "a count is past 2^63";
		return -1;
	}
	*c = (int64_t)v;
	return 0;
}

static uint64_t
count_of(int64_t c)
{
	if (c < 0)
		die("BUG: a negative count (%lld) to pack", (long long)c);
	return (uint64_t)c;
}

/* ---- packing ---- */

uint8_t *
bgp_pack_links(const struct bgp_link *v, size_t n, size_t *len)
{
	/* A record is at most 5 + 5 + 10 + 10 bytes. */
	uint8_t *buf = xreallocarray(NULL, n + 1, 30), *p = buf;
	size_t i;

	*p++ = BGP_PACK_VERSION;
	for (i = 0; i < n; i++) {
		const struct bgp_link *x = &v[i], *w = &v[i - (i > 0)];

		if (i == 0) {
			p = put(p, x->a);
			p = put(p, x->b);
		} else if (x->a > w->a) {
			p = put(p, x->a - w->a);
			p = put(p, x->b);
		} else if (x->a == w->a && x->b > w->b) {
			p = put(p, 0);
			p = put(p, x->b - w->b - 1);
		} else
			die("BUG: links to pack are not sorted at %zu", i);
		p = put(p, count_of(x->paths));
		p = put(p, count_of(x->vantage));
	}
	*len = (size_t)(p - buf);
	return xrealloc(buf, *len);
}

uint8_t *
bgp_pack_triplets(const struct bgp_triplet *v, size_t n, size_t *len)
{
	/* A record is at most 5 + 5 + 5 + 10 bytes. */
	uint8_t *buf = xreallocarray(NULL, n + 1, 25), *p = buf;
	size_t i;

	*p++ = BGP_PACK_VERSION;
	for (i = 0; i < n; i++) {
		const struct bgp_triplet *x = &v[i], *w = &v[i - (i > 0)];

		if (i == 0) {
			p = put(p, x->a);
			p = put(p, x->b);
			p = put(p, x->c);
		} else if (x->a > w->a) {
			p = put(p, x->a - w->a);
			p = put(p, x->b);
			p = put(p, x->c);
		} else if (x->a == w->a && x->b > w->b) {
			p = put(p, 0);
			p = put(p, x->b - w->b);
			p = put(p, x->c);
		} else if (x->a == w->a && x->b == w->b && x->c > w->c) {
			p = put(p, 0);
			p = put(p, 0);
			p = put(p, x->c - w->c - 1);
		} else
			die("BUG: triplets to pack are not sorted at %zu", i);
		p = put(p, count_of(x->paths));
	}
	*len = (size_t)(p - buf);
	return xrealloc(buf, *len);
}

/* ---- unpacking ---- */

/*
 * Check the version byte and that n records can fit: every record takes
 * at least 4 bytes, so a count larger than that is refused before
 * anything is allocated for it.
 */
static int
start(struct rd *r, int64_t n)
{
	if (r->len < 1) {
		r->why = "the data is empty";
		return -1;
	}
	if (r->p[0] != BGP_PACK_VERSION) {
		r->why = "the data is of an unknown version";
		return -1;
	}
	r->off = 1;
	if (n < 0 || (uint64_t)n > (r->len - 1) / 4) {
		r->why = "the count of records does not fit the data";
		return -1;
	}
	return 0;
}

static int
finish(struct rd *r)
{
	if (r->off != r->len) {
		r->why = "bytes follow the last record";
		return -1;
	}
	return 0;
}

int
bgp_unpack_links(const uint8_t *p, size_t len, int64_t n,
    struct bgp_link **out, const char **why, size_t *at)
{
	struct rd r = { p, len, 0, NULL };
	struct bgp_link *v = NULL;
	uint64_t d;
	size_t i;

	if (start(&r, n) != 0)
		goto fail;
	v = n > 0 ? xreallocarray(NULL, (size_t)n, sizeof(*v)) : NULL;
	for (i = 0; i < (size_t)n; i++) {
		struct bgp_link *x = &v[i];
		const struct bgp_link *w = &v[i - (i > 0)];
		size_t here = r.off;

		if (i == 0) {
			if (get_asn(&r, 0, &x->a) != 0 ||
			    get_asn(&r, 0, &x->b) != 0)
				goto fail;
		} else {
			if (get(&r, &d) != 0)
				goto fail;
			if (d > UINT32_MAX - w->a) {
				r.off = here;
				r.why = "an AS number is past 4294967295";
				goto fail;
			}
			x->a = (uint32_t)(w->a + d);
			if (d > 0 ? get_asn(&r, 0, &x->b) != 0 :
			    get_asn(&r, (uint64_t)w->b + 1, &x->b) != 0)
				goto fail;
		}
		if (get_count(&r, &x->paths) != 0 ||
		    get_count(&r, &x->vantage) != 0)
			goto fail;
	}
	if (finish(&r) != 0)
		goto fail;
	*out = v;
	return 0;
fail:
	free(v);
	*why = r.why;
	*at = r.off;
	return -1;
}

int
bgp_unpack_triplets(const uint8_t *p, size_t len, int64_t n,
    struct bgp_triplet **out, const char **why, size_t *at)
{
	struct rd r = { p, len, 0, NULL };
	struct bgp_triplet *v = NULL;
	uint64_t d;
	size_t i;

	if (start(&r, n) != 0)
		goto fail;
	v = n > 0 ? xreallocarray(NULL, (size_t)n, sizeof(*v)) : NULL;
	for (i = 0; i < (size_t)n; i++) {
		struct bgp_triplet *x = &v[i];
		const struct bgp_triplet *w = &v[i - (i > 0)];
		size_t here = r.off;

		if (i == 0) {
			if (get_asn(&r, 0, &x->a) != 0 ||
			    get_asn(&r, 0, &x->b) != 0 ||
			    get_asn(&r, 0, &x->c) != 0)
				goto fail;
		} else {
			if (get(&r, &d) != 0)
				goto fail;
			if (d > UINT32_MAX - w->a) {
				r.off = here;
				r.why = "an AS number is past 4294967295";
				goto fail;
			}
			x->a = (uint32_t)(w->a + d);
			if (d > 0) {
				if (get_asn(&r, 0, &x->b) != 0 ||
				    get_asn(&r, 0, &x->c) != 0)
					goto fail;
			} else {
				here = r.off;
				if (get(&r, &d) != 0)
					goto fail;
				if (d > UINT32_MAX - w->b) {
					r.off = here;
					r.why = "an AS number is past "
					    "4294967295";
					goto fail;
				}
				x->b = (uint32_t)(w->b + d);
				if (d > 0 ? get_asn(&r, 0, &x->c) != 0 :
				    get_asn(&r, (uint64_t)w->c + 1, &x->c) != 0)
					goto fail;
			}
		}
		if (get_count(&r, &x->paths) != 0)
			goto fail;
	}
	if (finish(&r) != 0)
		goto fail;
	*out = v;
	return 0;
fail:
	free(v);
	*why = r.why;
	*at = r.off;
	return -1;
}

/* ---- merging ---- */

/* Counts from a damaged case can be anything: saturate, never wrap. */
static int64_t
add(int64_t x, int64_t y)
{
	return x > INT64_MAX - y ? INT64_MAX : x + y;
}

static int
link_cmp(const struct bgp_link *x, const struct bgp_link *y)
{
	if (x->a != y->a)
		return x->a < y->a ? -1 : 1;
	if (x->b != y->b)
		return x->b < y->b ? -1 : 1;
	return 0;
}

static int
triplet_cmp(const struct bgp_triplet *x, const struct bgp_triplet *y)
{
	if (x->a != y->a)
		return x->a < y->a ? -1 : 1;
	if (x->b != y->b)
		return x->b < y->b ? -1 : 1;
	if (x->c != y->c)
		return x->c < y->c ? -1 : 1;
	return 0;
}

size_t
bgp_links_merge(const struct bgp_link *a, size_t na,
    const struct bgp_link *b, size_t nb, struct bgp_link *out)
{
	size_t i = 0, j = 0, k = 0;
	int c;

	while (i < na || j < nb) {
		c = i == na ? 1 : j == nb ? -1 : link_cmp(&a[i], &b[j]);
		if (c < 0)
			out[k++] = a[i++];
		else if (c > 0)
			out[k++] = b[j++];
		else {
			out[k] = a[i];
			out[k].paths = add(out[k].paths, b[j].paths);
			if (b[j].vantage > out[k].vantage)
				out[k].vantage = b[j].vantage;
			k++, i++, j++;
		}
	}
	return k;
}

size_t
bgp_triplets_merge(const struct bgp_triplet *a, size_t na,
    const struct bgp_triplet *b, size_t nb, struct bgp_triplet *out)
{
	size_t i = 0, j = 0, k = 0;
	int c;

	while (i < na || j < nb) {
		c = i == na ? 1 : j == nb ? -1 : triplet_cmp(&a[i], &b[j]);
		if (c < 0)
			out[k++] = a[i++];
		else if (c > 0)
			out[k++] = b[j++];
		else {
			out[k] = a[i];
			out[k].paths = add(out[k].paths, b[j].paths);
			k++, i++, j++;
		}
	}
	return k;
}
