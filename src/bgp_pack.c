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
get_asn(struct rd *r, uint32_t *asn)
{
	size_t start = r->off;
	uint64_t v;

	if (get(r, &v) != 0)
		return -1;
	if (v > UINT32_MAX) {
		r->off = start;
		r->why = "an AS number is past 4294967295";
		return -1;
	}
	*asn = (uint32_t)v;
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

/* ---- one record: nkey AS numbers, then 4 - nkey counts ---- */

#define NFIELD	4

/*
 * Put the record (key, cnt) after the one whose key is prev (NULL for
 * the first): the key fields that repeat prev's as 0 differences, the
 * first that differs as its difference (less one for the last field,
 * which must then grow), the rest as they are.
 */
static uint8_t *
put_record(uint8_t *p, int nkey, const uint32_t *prev, const uint32_t *key,
    const int64_t *cnt, size_t at)
{
	int k = 0;

	if (prev != NULL)
		for (;; k++) {
			if (key[k] < prev[k] || (k == nkey - 1 &&
			    key[k] == prev[k]))
				die("BUG: records to pack are not sorted at "
				    "%zu", at);
			p = put(p, key[k] - prev[k] - (k == nkey - 1));
			if (key[k] > prev[k]) {
				k++;
				break;
			}
		}
	for (; k < nkey; k++)
		p = put(p, key[k]);
	for (k = nkey; k < NFIELD; k++)
		p = put(p, count_of(cnt[k - nkey]));
	return p;
}

/* The record after prev (NULL: the first) into key and cnt; 0, or -1
   with r->why set and r->off at the field at fault. */
static int
get_record(struct rd *r, int nkey, const uint32_t *prev, uint32_t *key,
    int64_t *cnt)
{
	uint64_t d, base;
	size_t here;
	int k = 0;

	if (prev != NULL)
		for (;; k++) {
			here = r->off;
			if (get(r, &d) != 0)
				return -1;
			base = (uint64_t)prev[k] + (k == nkey - 1);
			if (base > UINT32_MAX || d > UINT32_MAX - base) {
				r->off = here;
				r->why = "an AS number is past 4294967295";
				return -1;
			}
			key[k] = (uint32_t)(base + d);
			if (key[k] > prev[k]) {
				k++;
				break;
			}
		}
	for (; k < nkey; k++)
		if (get_asn(r, &key[k]) != 0)
			return -1;
	for (k = nkey; k < NFIELD; k++)
		if (get_count(r, &cnt[k - nkey]) != 0)
			return -1;
	return 0;
}

/* ---- packing ---- */

uint8_t *
bgp_pack_links(const struct bgp_link *v, size_t n, size_t *len)
{
	/* A record is at most 5 + 5 + 10 + 10 bytes. */
	uint8_t *buf = xreallocarray(NULL, n + 1, 30), *p = buf;
	uint32_t key[2], prev[2];
	int64_t cnt[2];
	size_t i;

	*p++ = BGP_PACK_VERSION;
	for (i = 0; i < n; i++) {
		key[0] = v[i].a;
		key[1] = v[i].b;
		cnt[0] = v[i].paths;
		cnt[1] = v[i].vantage;
		p = put_record(p, 2, i > 0 ? prev : NULL, key, cnt, i);
		memcpy(prev, key, sizeof(key));
	}
	*len = (size_t)(p - buf);
	return xrealloc(buf, *len);
}

uint8_t *
bgp_pack_triplets(const struct bgp_triplet *v, size_t n, size_t *len)
{
	/* A record is at most 5 + 5 + 5 + 10 bytes. */
	uint8_t *buf = xreallocarray(NULL, n + 1, 25), *p = buf;
	uint32_t key[3], prev[3];
	int64_t cnt[1];
	size_t i;

	*p++ = BGP_PACK_VERSION;
	for (i = 0; i < n; i++) {
		key[0] = v[i].a;
		key[1] = v[i].b;
		key[2] = v[i].c;
		cnt[0] = v[i].paths;
		p = put_record(p, 3, i > 0 ? prev : NULL, key, cnt, i);
		memcpy(prev, key, sizeof(key));
	}
	*len = (size_t)(p - buf);
	return xrealloc(buf, *len);
}

/* ---- unpacking ---- */

/*
 * The n records of p[0..len), nkey AS numbers each, each handed to
 * store(out, i, key, cnt).  Checks the version byte first, and that n
 * records can fit: every record takes at least 4 bytes, so a count
 * larger than that is refused before anything is allocated for it.
 */
static int
unpack(const uint8_t *p, size_t len, int64_t n, int nkey, void *out,
    void (*store)(void *, size_t, const uint32_t *, const int64_t *),
    const char **why, size_t *at)
{
	struct rd r = { p, len, 0, NULL };
	uint32_t key[3], prev[3];
	int64_t cnt[2];
	size_t i;

	if (len < 1)
		r.why = "the data is empty";
	else if (p[0] != BGP_PACK_VERSION)
		r.why = "the data is of an unknown version";
	else if (r.off = 1, n < 0 || (uint64_t)n > (len - 1) / 4)
		r.why = "the count of records does not fit the data";
	for (i = 0; r.why == NULL && i < (size_t)n; i++) {
		if (get_record(&r, nkey, i > 0 ? prev : NULL, key, cnt) != 0)
			break;
		store(out, i, key, cnt);
		memcpy(prev, key, sizeof(key));
	}
	if (r.why == NULL && r.off != r.len)
		r.why = "bytes follow the last record";
	*why = r.why;
	*at = r.off;
	return r.why != NULL ? -1 : 0;
}

static void
store_link(void *out, size_t i, const uint32_t *key, const int64_t *cnt)
{
	struct bgp_link *x = (struct bgp_link *)out + i;

	x->a = key[0];
	x->b = key[1];
	x->paths = cnt[0];
	x->vantage = cnt[1];
}

static void
store_triplet(void *out, size_t i, const uint32_t *key, const int64_t *cnt)
{
	struct bgp_triplet *x = (struct bgp_triplet *)out + i;

	x->a = key[0];
	x->b = key[1];
	x->c = key[2];
	x->paths = cnt[0];
}

/* The array for n records of size bytes, when n records of 4 bytes or
   more can fit len bytes after the version (unpack() refuses others). */
static void *
room(int64_t n, size_t len, size_t size)
{
	return n > 0 && len > 0 && (uint64_t)n <= (len - 1) / 4 ?
	    xreallocarray(NULL, (size_t)n, size) : NULL;
}

int
bgp_unpack_links(const uint8_t *p, size_t len, int64_t n,
    struct bgp_link **out, const char **why, size_t *at)
{
	struct bgp_link *v = room(n, len, sizeof(*v));

	if (unpack(p, len, n, 2, v, store_link, why, at) != 0) {
		free(v);
		return -1;
	}
	*out = v;
	return 0;
}

int
bgp_unpack_triplets(const uint8_t *p, size_t len, int64_t n,
    struct bgp_triplet **out, const char **why, size_t *at)
{
	struct bgp_triplet *v = room(n, len, sizeof(*v));

	if (unpack(p, len, n, 3, v, store_triplet, why, at) != 0) {
		free(v);
		return -1;
	}
	*out = v;
	return 0;
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
