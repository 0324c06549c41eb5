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

/*
 * The next varint d, as base + d into *v when that is at most max; -1
 * with r->why = why (and r->off at the number) when it is not.
 */
static int
get_upto(struct rd *r, uint64_t base, uint64_t max, const char *why,
    uint64_t *v)
{
	size_t start = r->off;
	uint64_t d;

	if (get(r, &d) != 0)
		return -1;
	if (base > max || d > max - base) {
		r->off = start;
		r->why = why;
		return -1;
	}
	*v = base + d;
	return 0;
}

#define PAST_ASN	"an AS number is past 4294967295"
#define PAST_COUNT	"a count is past 2^63"

static uint64_t
count_of(int64_t c)
{
	if (c < 0)
		die("BUG: a negative count (%lld) to pack", (long long)c);
	return (uint64_t)c;
}

/* ---- one record: nkey AS numbers, then 4 - nkey counts ---- */

#define NFIELD	4

/* A kind of record: its key fields, its size, and how its fields are
   read from and written to an array of them. */
struct kind {
	int	 nkey;
	size_t	 size;
	void	(*load)(const void *, size_t, uint32_t *, int64_t *);
	void	(*store)(void *, size_t, const uint32_t *, const int64_t *);
};

static void
load_link(const void *v, size_t i, uint32_t *key, int64_t *cnt)
{
	const struct bgp_link *x = (const struct bgp_link *)v + i;

	key[0] = x->a;
	key[1] = x->b;
	cnt[0] = x->paths;
	cnt[1] = x->vantage;
}

static void
store_link(void *v, size_t i, const uint32_t *key, const int64_t *cnt)
{
	struct bgp_link *x = (struct bgp_link *)v + i;

	x->a = key[0];
	x->b = key[1];
	x->paths = cnt[0];
	x->vantage = cnt[1];
}

static void
load_triplet(const void *v, size_t i, uint32_t *key, int64_t *cnt)
{
	const struct bgp_triplet *x = (const struct bgp_triplet *)v + i;

	key[0] = x->a;
	key[1] = x->b;
	key[2] = x->c;
	cnt[0] = x->paths;
}

static void
store_triplet(void *v, size_t i, const uint32_t *key, const int64_t *cnt)
{
	struct bgp_triplet *x = (struct bgp_triplet *)v + i;

	x->a = key[0];
	x->b = key[1];
	x->c = key[2];
	x->paths = cnt[0];
}

static const struct kind links = {
	2, sizeof(struct bgp_link), load_link, store_link
};
static const struct kind triplets = {
	3, sizeof(struct bgp_triplet), load_triplet, store_triplet
};

static int
key_cmp(int nkey, const uint32_t *x, const uint32_t *y)
{
	int k;

	for (k = 0; k < nkey; k++)
		if (x[k] != y[k])
			return x[k] < y[k] ? -1 : 1;
	return 0;
}

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

	if (prev != NULL && key_cmp(nkey, prev, key) >= 0)
		die("BUG: records to pack are not sorted at %zu", at);
	if (prev != NULL)
		for (;; k++) {
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
	uint64_t v;
	int k = 0;

	if (prev != NULL)
		for (;; k++) {
			if (get_upto(r, (uint64_t)prev[k] + (k == nkey - 1),
			    UINT32_MAX, PAST_ASN, &v) != 0)
				return -1;
			key[k] = (uint32_t)v;
			if (key[k] > prev[k]) {
				k++;
				break;
			}
		}
	for (; k < nkey; k++) {
		if (get_upto(r, 0, UINT32_MAX, PAST_ASN, &v) != 0)
			return -1;
		key[k] = (uint32_t)v;
	}
	for (k = nkey; k < NFIELD; k++) {
		if (get_upto(r, 0, INT64_MAX, PAST_COUNT, &v) != 0)
			return -1;
		cnt[k - nkey] = (int64_t)v;
	}
	return 0;
}

/* ---- packing ---- */

static uint8_t *
pack(const struct kind *kd, const void *v, size_t n, size_t *len)
{
	/* A record is at most 5 bytes a key field and 10 a count. */
	size_t most = (size_t)kd->nkey * 5 + (size_t)(NFIELD - kd->nkey) * 10;
	uint8_t *buf = xreallocarray(NULL, n + 1, most), *p = buf;
	uint32_t key[NFIELD], prev[NFIELD];
	int64_t cnt[NFIELD];
	size_t i;

	*p++ = BGP_PACK_VERSION;
	for (i = 0; i < n; i++) {
		kd->load(v, i, key, cnt);
		p = put_record(p, kd->nkey, i > 0 ? prev : NULL, key, cnt, i);
		memcpy(prev, key, sizeof(key));
	}
	*len = (size_t)(p - buf);
	return xrealloc(buf, *len);
}

uint8_t *
bgp_pack_links(const struct bgp_link *v, size_t n, size_t *len)
{
	return pack(&links, v, n, len);
}

uint8_t *
bgp_pack_triplets(const struct bgp_triplet *v, size_t n, size_t *len)
{
	return pack(&triplets, v, n, len);
}

/* ---- unpacking ---- */

/*
 * The n records of p[0..len) into a new array (*out; NULL when n is 0).
 * Checks the version byte first, and that n records can fit: every
 * record takes at least 4 bytes, so a count larger than that is refused
 * before anything is allocated for it.
 */
static int
unpack(const struct kind *kd, const uint8_t *p, size_t len, int64_t n,
    void **out, const char **why, size_t *at)
{
	struct rd r = { p, len, 0, NULL };
	uint32_t key[NFIELD], prev[NFIELD];
	int64_t cnt[NFIELD];
	void *v = NULL;
	size_t i;

	if (len < 1)
		r.why = "the data is empty";
	else if (p[0] != BGP_PACK_VERSION)
		r.why = "the data is of an unknown version";
	else if (r.off = 1, n < 0 || (uint64_t)n > (len - 1) / 4)
		r.why = "the count of records does not fit the data";
	else if (n > 0)
		v = xreallocarray(NULL, (size_t)n, kd->size);
	for (i = 0; r.why == NULL && i < (size_t)n; i++) {
		if (get_record(&r, kd->nkey, i > 0 ? prev : NULL, key,
		    cnt) != 0)
			break;
		kd->store(v, i, key, cnt);
		memcpy(prev, key, sizeof(key));
	}
	if (r.why == NULL && r.off != r.len)
		r.why = "bytes follow the last record";
	*why = r.why;
	*at = r.off;
	if (r.why != NULL) {
		free(v);
		return -1;
	}
	*out = v;
	return 0;
}

int
bgp_unpack_links(const uint8_t *p, size_t len, int64_t n,
    struct bgp_link **out, const char **why, size_t *at)
{
	return unpack(&links, p, len, n, (void **)out, why, at);
}

int
bgp_unpack_triplets(const uint8_t *p, size_t len, int64_t n,
    struct bgp_triplet **out, const char **why, size_t *at)
{
	return unpack(&triplets, p, len, n, (void **)out, why, at);
}

/* ---- sorting and merging ---- */

static int
kind_cmp(const struct kind *kd, const void *x, const void *y)
{
	uint32_t kx[NFIELD], ky[NFIELD];
	int64_t c[NFIELD];

	kd->load(x, 0, kx, c);
	kd->load(y, 0, ky, c);
	return key_cmp(kd->nkey, kx, ky);
}

int
bgp_link_cmp(const void *x, const void *y)
{
	return kind_cmp(&links, x, y);
}

int
bgp_triplet_cmp(const void *x, const void *y)
{
	return kind_cmp(&triplets, x, y);
}

/* Counts from a damaged case can be anything: saturate, never wrap. */
static int64_t
add(int64_t x, int64_t y)
{
	return x > INT64_MAX - y ? INT64_MAX : x + y;
}

static size_t
merge(const struct kind *kd, const void *a, size_t na, const void *b,
    size_t nb, void *out)
{
	uint32_t ka[NFIELD], kb[NFIELD];
	int64_t ca[NFIELD], cb[NFIELD];
	size_t i = 0, j = 0, k = 0;
	int c, f;

	while (i < na || j < nb) {
		if (i < na)
			kd->load(a, i, ka, ca);
		if (j < nb)
			kd->load(b, j, kb, cb);
		c = i == na ? 1 : j == nb ? -1 : key_cmp(kd->nkey, ka, kb);
		if (c < 0) {
			kd->store(out, k++, ka, ca);
			i++;
		} else if (c > 0) {
			kd->store(out, k++, kb, cb);
			j++;
		} else {
			/* paths add up; vantage points: the most of any */
			ca[0] = add(ca[0], cb[0]);
			for (f = 1; f < NFIELD - kd->nkey; f++)
				if (cb[f] > ca[f])
					ca[f] = cb[f];
			kd->store(out, k++, ka, ca);
			i++, j++;
		}
	}
	return k;
}

size_t
bgp_links_merge(const struct bgp_link *a, size_t na,
    const struct bgp_link *b, size_t nb, struct bgp_link *out)
{
	return merge(&links, a, na, b, nb, out);
}

size_t
bgp_triplets_merge(const struct bgp_triplet *a, size_t na,
    const struct bgp_triplet *b, size_t nb, struct bgp_triplet *out)
{
	return merge(&triplets, a, na, b, nb, out);
}
