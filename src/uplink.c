/*
 * uplink.c - recorded upstream links: their canonical hash and the
 * payload of the audit entry that covers them; see uplink.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "uplink.h"

void
uplink_release(struct uplink *u)
{
	size_t i;

	for (i = 0; i < u->nev; i++) {
		free(u->ev[i].method);
		free(u->ev[i].detail);
	}
	free(u->ev);
	free(u->name);
	memset(u, 0, sizeof(*u));
}

static void
ns_add(struct buf *b, const char *s)
{
	if (s == NULL)
		buf_add(b, "-,", 2);
	else
		buf_addf(b, "%zu:%s,", strlen(s), s);
}

static void
ns_int(struct buf *b, long long v)
{
	char num[32];

	snprintf(num, sizeof(num), "%lld", v);
	ns_add(b, num);
}

void
uplink_hash(const struct uplink *u, unsigned char out[SHA256_LEN])
{
	struct buf b = BUF_INIT;
	char num[40];
	size_t i;

	ns_add(&b, "depeer-upstream-v1");
	ns_int(&b, u->asn);
	ns_int(&b, u->upstream);
	ns_add(&b, u->name);
	snprintf(num, sizeof(num), "%.17g", u->confidence);
	ns_add(&b, num);
	ns_int(&b, u->first_seen);
	ns_int(&b, u->last_seen);
	for (i = 0; i < u->nev; i++) {
		ns_int(&b, u->ev[i].source_id);
		ns_add(&b, u->ev[i].method);
		ns_add(&b, u->ev[i].detail);
		ns_int(&b, u->ev[i].seen_at);
	}
	sha256_buf(b.s, b.len, out);
	buf_release(&b);
}

json_t *
uplink_payload(uint32_t asn, const struct uplink *v, size_t n)
{
	struct sha256 *agg = sha256_new();
	unsigned char d[SHA256_LEN];
	char hex[SHA256_HEXLEN];
	json_t *o = json_object(), *links = json_array(), *l;
	size_t i;

	for (i = 0; i < n; i++) {
		uplink_hash(&v[i], d);
		sha256_update(agg, d, SHA256_LEN);
		sha256_hex(d, hex);
		l = json_object();
		json_object_set_new(l, "sha256", json_string(hex));
		json_object_set_new(l, "upstream", json_integer(v[i].upstream));
		json_array_append_new(links, l);
	}
	sha256_final(agg, d);
	sha256_free(agg);
	sha256_hex(d, hex);
	json_object_set_new(o, "links", links);
	json_object_set_new(o, "links_sha256", json_string(hex));
	json_object_set_new(o, "origin", json_integer(asn));
	return o;
}
