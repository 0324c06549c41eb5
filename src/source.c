/*
 * source.c - the model of a raw registry answer: its record hash, its
 * JSON, and batches of new answers (stored by srcstore.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "buf.h"
#include "ipnet.h"
#include "jsonout.h"
#include "source.h"

void
source_release(struct source *s)
{
	free(s->protocol);
	free(s->server);
	free(s->query);
	free(s->content);
	free(s->ranges);
	memset(s, 0, sizeof(*s));
}

void
source_add_range(struct source *s, int family, const unsigned char lo[16],
    const unsigned char hi[16])
{
	struct source_range *r;
	size_t len = (size_t)ipnet_bytes(family);

	s->ranges = xrealloc(s->ranges, (s->nranges + 1) *
	    sizeof(*s->ranges));
	r = &s->ranges[s->nranges++];
	memset(r, 0, sizeof(*r));
	r->family = family;
	memcpy(r->lo, lo, len);
	memcpy(r->hi, hi, len);
}

static void
ns_add(struct buf *b, const char *s)
{
	if (s == NULL)
		buf_add(b, "-,", 2);
	else
		buf_addf(b, "%zu:%s,", strlen(s), s);
}

void
source_record_hash(const struct source *s, struct sha256 *h,
    unsigned char out[SHA256_LEN])
{
	struct buf b = BUF_INIT;
	char num[32];

	ns_add(&b, "depeer-source-v1");
	snprintf(num, sizeof(num), "%lld", (long long)s->id);
	ns_add(&b, num);
	ns_add(&b, s->protocol);
	ns_add(&b, s->server);
	ns_add(&b, s->query);
	snprintf(num, sizeof(num), "%lld", (long long)s->fetched_at);
	ns_add(&b, num);
	snprintf(num, sizeof(num), "%ld", s->status);
	ns_add(&b, s->has_status ? num : NULL);
	ns_add(&b, s->sha256);
	sha256_update(h, b.s, b.len);
	sha256_final(h, out);
	buf_release(&b);
}

json_t *
source_to_json(const struct source *s)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(s->id));
	json_object_set_new(o, "protocol", json_string(s->protocol));
	json_object_set_new(o, "server", json_string(s->server));
	json_object_set_new(o, "query", json_string(s->query));
	json_object_set_new(o, "fetched_at",
	    json_time_or_null(1, s->fetched_at));
	json_object_set_new(o, "sha256", json_string(s->sha256));
	json_object_set_new(o, "size", json_integer((json_int_t)s->size));
	return o;
}

void
source_batch_add(struct source_batch *b, const char *protocol,
    const char *server, const char *query, int64_t fetched_at, long status,
    int has_status, const char *content, size_t size)
{
	struct source *s;
	unsigned char d[SHA256_LEN];

	b->v = xrealloc(b->v, (b->n + 1) * sizeof(*b->v));
	s = &b->v[b->n++];
	memset(s, 0, sizeof(*s));
	s->protocol = xstrdup(protocol);
	s->server = xstrdup(server);
	s->query = xstrdup(query);
	s->fetched_at = fetched_at;
	s->status = status;
	s->has_status = has_status;
	s->content = xmalloc(size + 1);
	memcpy(s->content, content, size);
	s->content[size] = '\0';
	s->size = size;
	sha256_buf(content, size, d);
	sha256_hex(d, s->sha256);
}

void
source_batch_release(struct source_batch *b)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		source_release(&b->v[i]);
	free(b->v);
	b->v = NULL;
	b->n = 0;
}
