/*
 * resolve_json.c - the JSON renderings of the resolution core's typed
 * results (a lookup, contacts, upstreams), as documented in
 * depeer-lookup(1), depeer-contacts(1) and depeer-upstreams(1).  Every
 * cited source is source_ref_to_json()'s.  The text renderings of the
 * same structs are the commands'.
 */
#include <stdio.h>
#include <string.h>

#include "contacts.h"
#include "jsonout.h"
#include "jsonw.h"
#include "lookup.h"
#include "upstream.h"

json_t *
lookup_to_json(const struct lookup *l)
{
	const struct reg_record *m = lookup_record(l);
	json_t *o = json_object(), *a, *c;
	char text[IPNET_STRLEN];
	size_t i;

	json_object_set_new(o, "query", json_string(l->input));
	json_object_set_new(o, "canonical", json_string(l->value));
	json_object_set_new(o, "type", json_string(l->type == LK_ADDR ? "ip" :
	    l->type == LK_PREFIX ? "cidr" : "asn"));
	a = json_array();
	if (m != NULL)
		for (i = 0; i < m->nprefixes; i++) {
			ipnet_format(&m->prefixes[i], text, sizeof(text));
			json_array_append_new(a, json_string(text));
		}
	/* An AS number's prefixes: the routes it registered in the IRR. */
	if (l->type == LK_ASN)
		for (i = 0; i < l->nirr_routes; i++) {
			ipnet_format(&l->irr_routes[i], text, sizeof(text));
			json_array_append_new(a, json_string(text));
		}
	json_object_set_new(o, "prefixes", a);
	if (m != NULL && m->has_range) {
		struct ipnet n;

		c = json_object();
		memset(&n, 0, sizeof(n));
		n.family = m->family;
		memcpy(n.addr, m->first, 16);
		ipnet_format_addr(&n, text, sizeof(text));
		json_object_set_new(c, "start", json_string(text));
		memcpy(n.addr, m->last, 16);
		ipnet_format_addr(&n, text, sizeof(text));
		json_object_set_new(c, "end", json_string(text));
		json_object_set_new(o, "range", c);
	} else
		json_object_set_new(o, "range", json_null());
	a = json_array();
	for (i = 0; i < l->norigins; i++)
		json_array_append_new(a, json_integer(l->origins[i].asn));
	json_object_set_new(o, "origin_asns", a);
	/* The same with the answer and record each came from. */
	a = json_array();
	for (i = 0; i < l->norigins; i++) {
		c = json_object();
		json_object_set_new(c, "asn", json_integer(l->origins[i].asn));
		json_object_set_new(c, "source", source_ref_to_json_or_null(
		    lookup_src(l, l->origins[i].src)));
		json_object_set_new(c, "from",
		    json_str_or_null(l->origins[i].from));
		json_array_append_new(a, c);
	}
	json_object_set_new(o, "origins", a);
	json_object_set_new(o, "netname", json_str_or_null(m ? m->name : NULL));
	json_object_set_new(o, "handle", json_str_or_null(m ? m->handle :
	    NULL));
	json_object_set_new(o, "org", json_str_or_null(m ? m->org : NULL));
	json_object_set_new(o, "country", json_str_or_null(m ? m->country :
	    NULL));
	json_object_set_new(o, "country_from", json_str_or_null(m ?
	    m->country_from : NULL));
	json_object_set_new(o, "rir", json_str_or_null(m ? m->source : NULL));
	a = json_array();
	for (i = 0; i < l->ncontacts; i++)
		if (l->contacts[i].role == ROLE_ABUSE)
			json_array_append_new(a,
			    json_string(l->contacts[i].email));
	json_object_set_new(o, "abuse_emails", a);
	a = json_array();
	for (i = 0; i < l->ncontacts; i++) {
		c = json_object();
		json_object_set_new(c, "email",
		    json_string(l->contacts[i].email));
		json_object_set_new(c, "role",
		    json_string(reg_role_name(l->contacts[i].role)));
		json_object_set_new(c, "via",
		    json_str_or_null(l->contacts[i].via));
		json_object_set_new(c, "source", source_ref_to_json_or_null(
		    lookup_src(l, l->contacts[i].src)));
		json_object_set_new(c, "from",
		    json_str_or_null(l->contacts[i].from));
		json_array_append_new(a, c);
	}
	json_object_set_new(o, "contacts", a);
	a = json_array();
	for (i = 0; i < l->nsrc; i++)
		json_array_append_new(a, source_ref_to_json(&l->src[i].ref));
	json_object_set_new(o, "sources", a);
	a = json_array();
	for (i = 0; i < l->nwarnings; i++)
		json_array_append_new(a, json_string(l->warnings[i]));
	json_object_set_new(o, "warnings", a);
	return o;
}

json_t *
contact_to_json(const struct contact *c)
{
	json_t *o = json_object();

	json_object_set_new(o, "email", json_string(c->email));
	json_object_set_new(o, "role", json_string(reg_role_name(c->role)));
	json_object_set_new(o, "via", json_str_or_null(c->via));
	json_object_set_new(o, "handle", json_str_or_null(c->handle));
	json_object_set_new(o, "source", source_ref_to_json_or_null(c->src));
	json_object_set_new(o, "from", json_str_or_null(c->from));
	return o;
}

static json_t *
warnings_json(char *const *w, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_string(w[i]));
	return a;
}

json_t *
contacts_result_to_json(const struct contacts_result *res)
{
	json_t *o = json_object(), *a = json_array();
	size_t i;

	json_object_set_new(o, "query", json_string(res->query));
	json_object_set_new(o, "canonical", json_string(res->canonical));
	for (i = 0; i < res->n; i++)
		json_array_append_new(a, contact_to_json(&res->v[i]));
	json_object_set_new(o, "contacts", a);
	json_object_set_new(o, "warnings", warnings_json(res->warnings,
	    res->nwarnings));
	return o;
}

static json_t *
upstream_json(const struct upstream *u)
{
	json_t *o = json_object(), *ev = json_array(), *em = json_array(), *e;
	size_t k;

	for (k = 0; k < u->nev; k++) {
		e = json_object();
		json_object_set_new(e, "source",
		    source_ref_to_json_or_null(u->ev[k].src));
		json_object_set_new(e, "method", json_string(u->ev[k].method));
		json_object_set_new(e, "detail", json_string(u->ev[k].detail));
		json_array_append_new(ev, e);
	}
	for (k = 0; k < u->ncontacts; k++)
		if (u->contacts[k].role == ROLE_ABUSE)
			json_array_append_new(em,
			    json_string(u->contacts[k].email));
	json_object_set_new(o, "asn", json_integer(u->asn));
	json_object_set_new(o, "name", json_str_or_null(u->name));
	json_object_set_new(o, "abuse_emails", em);
	/* Every contact with its role and record: candidates, legacy. */
	em = json_array();
	for (k = 0; k < u->ncontacts; k++)
		json_array_append_new(em, contact_to_json(&u->contacts[k]));
	json_object_set_new(o, "contacts", em);
	json_object_set_new(o, "confidence",
	    json_real(upstream_confidence_shown(u->confidence)));
	json_object_set_new(o, "first_seen", json_time_or_null(1,
	    u->first_seen));
	json_object_set_new(o, "last_seen", json_time_or_null(1,
	    u->last_seen));
	json_object_set_new(o, "evidence", ev);
	return o;
}

json_t *
upstream_result_to_json(const struct upstream_result *res)
{
	json_t *doc = json_object(), *arr = json_array(), *o, *ups;
	size_t i, j;

	json_object_set_new(doc, "query", json_string(res->query));
	json_object_set_new(doc, "provider", json_str_or_null(res->provider));
	for (i = 0; i < res->norigins; i++) {
		const struct upstream_origin *org = &res->origins[i];

		o = json_object();
		json_object_set_new(o, "asn", json_integer(org->asn));
		json_object_set_new(o, "name", json_str_or_null(org->name));
		ups = json_array();
		for (j = 0; j < org->nups; j++)
			json_array_append_new(ups, upstream_json(&org->ups[j]));
		json_object_set_new(o, "upstreams", ups);
		json_object_set_new(o, "warnings", warnings_json(org->warnings,
		    org->nwarnings));
		json_object_set_new(o, "inconclusive",
		    json_boolean(org->inconclusive));
		json_array_append_new(arr, o);
	}
	json_object_set_new(doc, "origins", arr);
	return doc;
}

/* ---- a lookup written straight to text (jsonw.h) ---- */

/* A source_ref_to_json_or_null() object whose "{" is on a line at ind. */
static char *
w_source(struct buf *b, char *o, const struct source_ref *r, int ind)
{
	int in = ind + 2;
	size_t lp, ls, lq;

	if (r == NULL) {
		o = jw_room(b, o, 4);
		return jw_null(o);
	}
	lp = jw_len(r->protocol);
	ls = jw_len(r->server);
	lq = jw_len(r->query);
	o = jw_room(b, o, 10 * JW_KEY_ROOM(in) + JW_STR_ROOM(lp + ls + lq +
	    SHA256_HEXLEN) + JW_TIME_ROOM + 2 * JW_NUM_ROOM + 16);
	*o++ = '{';
	JW_KEY(o, in, 1, "\"id\": ");
	o = r->id != 0 ? jw_int(o, r->id) : jw_null(o);
	JW_KEY(o, in, 0, "\"protocol\": ");
	o = jw_opt(o, r->protocol, lp);
	JW_KEY(o, in, 0, "\"server\": ");
	o = jw_opt(o, r->server, ls);
	JW_KEY(o, in, 0, "\"query\": ");
	o = jw_opt(o, r->query, lq);
	JW_KEY(o, in, 0, "\"fetched_at\": ");
	o = jw_time(o, 1, r->fetched_at);
	JW_KEY(o, in, 0, "\"sha256\": ");
	o = jw_str(o, r->sha256, strnlen(r->sha256, SHA256_HEXLEN - 1));
	JW_KEY(o, in, 0, "\"size\": ");
	o = jw_int(o, (int64_t)r->size);
	JW_KEY(o, in, 0, "\"cached\": ");
	o = jw_bool(o, r->cached);
	JW_KEY(o, in, 0, "\"reused\": ");
	o = jw_bool(o, r->reused);
	o = jw_line(o, ind, 1);
	*o++ = '}';
	return o;
}

/* An array's next element at ind: its line, after room for len bytes. */
static char *
w_elem(struct buf *b, char *o, int ind, size_t *n, size_t room)
{
	o = jw_room(b, o, JW_KEY_ROOM(ind) + room);
	return jw_line(o, ind, (*n)++ == 0);
}

/* Close an array of n elements whose key is at ind: "]" or "[]". */
static char *
w_close(struct buf *b, char *o, int ind, size_t n)
{
	o = jw_room(b, o, JW_KEY_ROOM(ind));
	if (n > 0)
		o = jw_line(o, ind, 1);
	*o++ = ']';
	return o;
}

/* A member whose value is a string or null. */
#define W_OPT(b, o, ind, lit, s) do { \
	const char *s_ = (s); \
	size_t l_ = jw_len(s_); \
	(o) = jw_room((b), (o), JW_KEY_ROOM(ind) + JW_STR_ROOM(l_)); \
	JW_KEY((o), (ind), 0, lit); \
	(o) = jw_opt((o), s_, l_); \
} while (0)

/* A member whose value is an array: its key and "[". */
#define W_ARR(b, o, ind, lit) do { \
	(o) = jw_room((b), (o), JW_KEY_ROOM(ind) + 1); \
	JW_KEY((o), (ind), 0, lit); \
	*(o)++ = '['; \
} while (0)

void
lookup_json_write(struct buf *b, const struct lookup *l, int indent)
{
	const struct reg_record *m = lookup_record(l);
	const char *type = l->type == LK_ADDR ? "ip" :
	    l->type == LK_PREFIX ? "cidr" : "asn";
	int in1 = indent + 2, in2 = indent + 4, in3 = indent + 6;
	char text[IPNET_STRLEN], *o;
	size_t i, n, li = jw_len(l->input), lv = strlen(l->value);

	o = jw_begin(b, 3 * JW_KEY_ROOM(in1) + JW_STR_ROOM(li + lv + 4) + 1);
	*o++ = '{';
	JW_KEY(o, in1, 1, "\"query\": ");
	o = jw_opt(o, l->input, li);
	JW_KEY(o, in1, 0, "\"canonical\": ");
	o = jw_str(o, l->value, lv);
	JW_KEY(o, in1, 0, "\"type\": ");
	o = jw_str(o, type, strlen(type));

	W_ARR(b, o, in1, "\"prefixes\": ");
	n = 0;
	if (m != NULL)
		for (i = 0; i < m->nprefixes; i++) {
			ipnet_format(&m->prefixes[i], text, sizeof(text));
			o = w_elem(b, o, in2, &n, JW_STR_ROOM(strlen(text)));
			o = jw_str(o, text, strlen(text));
		}
	if (l->type == LK_ASN)
		for (i = 0; i < l->nirr_routes; i++) {
			ipnet_format(&l->irr_routes[i], text, sizeof(text));
			o = w_elem(b, o, in2, &n, JW_STR_ROOM(strlen(text)));
			o = jw_str(o, text, strlen(text));
		}
	o = w_close(b, o, in1, n);

	o = jw_room(b, o, 4 * JW_KEY_ROOM(in2) + 2 * JW_STR_ROOM(IPNET_STRLEN));
	JW_KEY(o, in1, 0, "\"range\": ");
	if (m != NULL && m->has_range) {
		struct ipnet a;

		memset(&a, 0, sizeof(a));
		a.family = m->family;
		*o++ = '{';
		memcpy(a.addr, m->first, 16);
		ipnet_format_addr(&a, text, sizeof(text));
		JW_KEY(o, in2, 1, "\"start\": ");
		o = jw_str(o, text, strlen(text));
		memcpy(a.addr, m->last, 16);
		ipnet_format_addr(&a, text, sizeof(text));
		JW_KEY(o, in2, 0, "\"end\": ");
		o = jw_str(o, text, strlen(text));
		o = jw_line(o, in1, 1);
		*o++ = '}';
	} else
		o = jw_null(o);

	W_ARR(b, o, in1, "\"origin_asns\": ");
	n = 0;
	for (i = 0; i < l->norigins; i++) {
		o = w_elem(b, o, in2, &n, JW_NUM_ROOM);
		o = jw_int(o, l->origins[i].asn);
	}
	o = w_close(b, o, in1, l->norigins);

	W_ARR(b, o, in1, "\"origins\": ");
	for (i = 0; i < l->norigins; i++) {
		const struct lk_origin *g = &l->origins[i];
		size_t lf = jw_len(g->from);

		o = jw_room(b, o, 4 * JW_KEY_ROOM(in3) + JW_NUM_ROOM +
		    JW_STR_ROOM(lf) + 2);
		o = jw_line(o, in2, i == 0);
		*o++ = '{';
		JW_KEY(o, in3, 1, "\"asn\": ");
		o = jw_int(o, g->asn);
		JW_KEY(o, in3, 0, "\"source\": ");
		o = w_source(b, o, lookup_src(l, g->src), in3);
		o = jw_room(b, o, 2 * JW_KEY_ROOM(in3) + JW_STR_ROOM(lf) + 2);
		JW_KEY(o, in3, 0, "\"from\": ");
		o = jw_opt(o, g->from, lf);
		o = jw_line(o, in2, 1);
		*o++ = '}';
	}
	o = w_close(b, o, in1, l->norigins);

	W_OPT(b, o, in1, "\"netname\": ", m ? m->name : NULL);
	W_OPT(b, o, in1, "\"handle\": ", m ? m->handle : NULL);
	W_OPT(b, o, in1, "\"org\": ", m ? m->org : NULL);
	W_OPT(b, o, in1, "\"country\": ", m ? m->country : NULL);
	W_OPT(b, o, in1, "\"country_from\": ", m ? m->country_from : NULL);
	W_OPT(b, o, in1, "\"rir\": ", m ? m->source : NULL);

	W_ARR(b, o, in1, "\"abuse_emails\": ");
	n = 0;
	for (i = 0; i < l->ncontacts; i++)
		if (l->contacts[i].role == ROLE_ABUSE) {
			const char *e = l->contacts[i].email;

			o = w_elem(b, o, in2, &n, JW_STR_ROOM(jw_len(e)));
			o = jw_opt(o, e, jw_len(e));
		}
	o = w_close(b, o, in1, n);

	W_ARR(b, o, in1, "\"contacts\": ");
	for (i = 0; i < l->ncontacts; i++) {
		const struct lk_contact *c = &l->contacts[i];
		const char *role = reg_role_name(c->role);
		size_t le = jw_len(c->email), lr = jw_len(role),
		    lw = jw_len(c->via), lf = jw_len(c->from);

		o = jw_room(b, o, 5 * JW_KEY_ROOM(in3) + JW_STR_ROOM(le) +
		    JW_STR_ROOM(lr) + JW_STR_ROOM(lw));
		o = jw_line(o, in2, i == 0);
		*o++ = '{';
		JW_KEY(o, in3, 1, "\"email\": ");
		o = jw_opt(o, c->email, le);
		JW_KEY(o, in3, 0, "\"role\": ");
		o = jw_opt(o, role, lr);
		JW_KEY(o, in3, 0, "\"via\": ");
		o = jw_opt(o, c->via, lw);
		JW_KEY(o, in3, 0, "\"source\": ");
		o = w_source(b, o, lookup_src(l, c->src), in3);
		o = jw_room(b, o, 2 * JW_KEY_ROOM(in3) + JW_STR_ROOM(lf) + 2);
		JW_KEY(o, in3, 0, "\"from\": ");
		o = jw_opt(o, c->from, lf);
		o = jw_line(o, in2, 1);
		*o++ = '}';
	}
	o = w_close(b, o, in1, l->ncontacts);

	W_ARR(b, o, in1, "\"sources\": ");
	for (i = 0; i < l->nsrc; i++) {
		o = jw_room(b, o, JW_KEY_ROOM(in2));
		o = jw_line(o, in2, i == 0);
		o = w_source(b, o, &l->src[i].ref, in2);
	}
	o = w_close(b, o, in1, l->nsrc);

	W_ARR(b, o, in1, "\"warnings\": ");
	for (i = 0; i < l->nwarnings; i++) {
		size_t lw = jw_len(l->warnings[i]);

		o = jw_room(b, o, JW_KEY_ROOM(in2) + JW_STR_ROOM(lw));
		o = jw_line(o, in2, i == 0);
		o = jw_opt(o, l->warnings[i], lw);
	}
	o = w_close(b, o, in1, l->nwarnings);

	o = jw_room(b, o, JW_KEY_ROOM(indent) + 1);
	o = jw_line(o, indent, 1);
	*o++ = '}';
	jw_end(b, o);
}
