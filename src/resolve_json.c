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
