/*
 * report_json.c - the status report as JSON for scripts (jansson); its
 * fields are documented in depeer-report(1).
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "impact.h"
#include "report_int.h"

static json_t *
jtime(int64_t t)
{
	char b[32];

	if (t == 0)
		return json_null();
	return json_string(rep_time(t, b));
}

static json_t *
jstr(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

static json_t *
provider_json(const struct report_data *d)
{
	json_t *p = json_object(), *a = json_array(), *n = json_array();
	size_t i;

	for (i = 0; i < d->nasns; i++)
		json_array_append_new(a, json_integer(d->asns[i]));
	for (i = 0; i < d->nprefixes; i++)
		json_array_append_new(n, json_string(d->prefixes[i]));
	json_object_set_new(p, "id", json_integer(d->provider_id));
	json_object_set_new(p, "name", json_string(d->name));
	json_object_set_new(p, "country", jstr(d->country));
	json_object_set_new(p, "url", jstr(d->url));
	json_object_set_new(p, "note", jstr(d->note));
	json_object_set_new(p, "asns", a);
	json_object_set_new(p, "prefixes", n);
	json_object_set_new(p, "retired_at", jtime(d->retired_at));
	return p;
}

static json_t *
evidence_json(const struct report_data *d)
{
	json_t *e = json_object(), *g = json_array(), *o;
	size_t i;

	json_object_set_new(e, "rows", json_integer(d->rows));
	json_object_set_new(e, "retracted", json_integer(d->retracted));
	json_object_set_new(e, "undated", json_integer(d->undated));
	json_object_set_new(e, "first_observed", jtime(d->first_observed));
	json_object_set_new(e, "last_observed", jtime(d->last_observed));
	for (i = 0; i < d->ngroups; i++) {
		o = json_object();
		json_object_set_new(o, "kind", json_string(d->groups[i].kind));
		json_object_set_new(o, "family", jstr(d->groups[i].family));
		json_object_set_new(o, "rows", json_integer(d->groups[i].n));
		json_object_set_new(o, "undated",
		    json_integer(d->groups[i].undated));
		json_object_set_new(o, "first_observed",
		    jtime(d->groups[i].first_observed));
		json_object_set_new(o, "last_observed",
		    jtime(d->groups[i].last_observed));
		json_array_append_new(g, o);
	}
	json_object_set_new(e, "groups", g);
	return e;
}

static json_t *
links_json(const struct report_data *d)
{
	json_t *a = json_array(), *o, *s, *x;
	size_t i, j;

	for (i = 0; i < d->nlinks; i++) {
		const struct rep_link *l = &d->links[i];

		o = json_object();
		json_object_set_new(o, "origin_asn", json_integer(l->origin));
		json_object_set_new(o, "upstream_asn",
		    json_integer(l->upstream));
		json_object_set_new(o, "name", jstr(l->name));
		json_object_set_new(o, "confidence", json_real(l->confidence));
		json_object_set_new(o, "first_seen", jtime(l->first_seen));
		json_object_set_new(o, "last_seen", jtime(l->last_seen));
		json_object_set_new(o, "gone_since", jtime(l->gone_since));
		json_object_set_new(o, "last_checked", jtime(l->last_run));
		s = json_array();
		for (j = 0; j < l->nsrc; j++) {
			x = json_object();
			json_object_set_new(x, "method",
			    json_string(l->src[j].method));
			json_object_set_new(x, "source_id",
			    json_integer(l->src[j].source_id));
			json_object_set_new(x, "detail",
			    json_string(l->src[j].detail));
			json_array_append_new(s, x);
		}
		json_object_set_new(o, "shown_by", s);
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *
parties_json(const struct report_data *d)
{
	json_t *a = json_array(), *o, *c, *r, *x;
	size_t i, j;

	for (i = 0; i < d->nparties; i++) {
		const struct rep_party *p = &d->parties[i];

		o = json_object();
		json_object_set_new(o, "asn", p->asn != 0 ?
		    json_integer(p->asn) : json_null());
		json_object_set_new(o, "name", jstr(p->name));
		json_object_set_new(o, "address", json_string(p->address));
		c = json_array();
		for (j = 0; j < p->ncomplaints; j++)
			json_array_append_new(c,
			    json_integer(p->complaints[j]));
		json_object_set_new(o, "complaints", c);
		json_object_set_new(o, "messages_sent", json_integer(p->sent));
		json_object_set_new(o, "first_sent", jtime(p->first_sent));
		json_object_set_new(o, "last_sent", jtime(p->last_sent));
		json_object_set_new(o, "state", json_string(p->state));
		r = json_array();
		for (j = 0; j < p->nreplies; j++) {
			const struct rep_reply *y = &p->replies[j];

			x = json_object();
			json_object_set_new(x, "at", jtime(y->at));
			json_object_set_new(x, "what", json_string(y->what));
			json_object_set_new(x, "text", jstr(y->text));
			json_object_set_new(x, "complaint_id",
			    json_integer(y->complaint_id));
			json_object_set_new(x, "mail_id", y->mail_id != 0 ?
			    json_integer(y->mail_id) : json_null());
			json_object_set_new(x, "audit_seq",
			    json_integer(y->audit_seq));
			json_array_append_new(r, x);
		}
		json_object_set_new(o, "replies", r);
		json_object_set_new(o, "replied", json_boolean(p->nreplies > 0));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *
timeline_json(const struct report_data *d)
{
	json_t *a = json_array(), *o;
	size_t i;

	for (i = 0; i < d->ntl; i++) {
		o = json_object();
		json_object_set_new(o, "at", jtime(d->tl[i].at));
		json_object_set_new(o, "what", json_string(d->tl[i].what));
		json_object_set_new(o, "record", json_string(d->tl[i].record));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *
series_json(const struct report_data *d)
{
	json_t *a = json_array(), *o;
	size_t i;

	for (i = 0; i < d->nseries; i++) {
		const struct rep_series *s = &d->series[i];

		o = json_object();
		json_object_set_new(o, "name", json_string(s->name));
		json_object_set_new(o, "interval_s",
		    json_integer(s->interval_s));
		json_object_set_new(o, "points", json_integer(s->points));
		json_object_set_new(o, "first", jtime(s->first_t));
		json_object_set_new(o, "last", jtime(s->last_t));
		json_object_set_new(o, "total", json_real(s->total));
		json_object_set_new(o, "impact", s->measured ?
		    impact_to_json(s->name, &s->r) : json_null());
		json_object_set_new(o, "not_measured",
		    jstr(s->not_measured));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *
records_json(const struct report_data *d)
{
	json_t *r = json_object(), *a, *o;
	size_t i;

	a = json_array();
	for (i = 0; i < d->nsources; i++) {
		const struct rep_source *s = &d->sources[i];

		o = json_object();
		json_object_set_new(o, "id", json_integer(s->id));
		json_object_set_new(o, "protocol", json_string(s->protocol));
		json_object_set_new(o, "server", json_string(s->server));
		json_object_set_new(o, "query", json_string(s->query));
		json_object_set_new(o, "fetched_at", jtime(s->fetched_at));
		json_object_set_new(o, "size", json_integer(s->size));
		json_object_set_new(o, "sha256", json_string(s->sha256));
		json_array_append_new(a, o);
	}
	json_object_set_new(r, "sources", a);
	a = json_array();
	for (i = 0; i < d->nmails; i++) {
		const struct rep_mail *m = &d->mails[i];

		o = json_object();
		json_object_set_new(o, "id", json_integer(m->id));
		json_object_set_new(o, "complaint_id",
		    json_integer(m->complaint_id));
		json_object_set_new(o, "from", jstr(m->from));
		json_object_set_new(o, "date", jtime(m->at));
		json_object_set_new(o, "class", json_string(m->mclass));
		json_object_set_new(o, "audit_seq", json_integer(m->audit_seq));
		json_object_set_new(o, "sha256", json_string(m->sha256));
		json_array_append_new(a, o);
	}
	json_object_set_new(r, "mails", a);
	a = json_array();
	for (i = 0; i < d->nmsgs; i++) {
		const struct rep_msg *m = &d->msgs[i];

		o = json_object();
		json_object_set_new(o, "id", json_integer(m->id));
		json_object_set_new(o, "to", json_string(m->to));
		json_object_set_new(o, "state", json_string(m->state));
		json_object_set_new(o, "version", json_integer(m->version));
		json_object_set_new(o, "audit_seq", json_integer(m->audit_seq));
		json_object_set_new(o, "sha256", json_string(m->sha256));
		json_array_append_new(a, o);
	}
	json_object_set_new(r, "complaints", a);
	return r;
}

json_t *
report_render_json(const struct report_data *d)
{
	json_t *j = json_object(), *h = json_object(), *c = json_array(), *e;
	size_t i;

	json_object_set_new(j, "report_version", json_integer(1));
	json_object_set_new(j, "schema_version",
	    json_integer(d->schema_version));
	json_object_set_new(h, "seq", json_integer(d->head_seq));
	json_object_set_new(h, "hash", d->head_hash[0] != '\0' ?
	    json_string(d->head_hash) : json_null());
	json_object_set_new(j, "audit_head", h);
	json_object_set_new(j, "generated_at", jtime(d->generated_at));
	json_object_set_new(j, "redacted", json_boolean(d->red != NULL));
	json_object_set_new(j, "contact", jstr(d->contact));
	json_object_set_new(j, "summary", json_string(d->summary));
	for (i = 0; i < d->ncaveats; i++)
		json_array_append_new(c, json_string(d->caveats[i]));
	json_object_set_new(j, "caveats", c);
	json_object_set_new(j, "provider", provider_json(d));
	json_object_set_new(j, "evidence", evidence_json(d));
	json_object_set_new(j, "upstreams", links_json(d));
	json_object_set_new(j, "parties", parties_json(d));
	json_object_set_new(j, "timeline", timeline_json(d));
	e = json_object();
	if (d->has_event) {
		json_object_set_new(e, "at", jtime(d->event_at));
		json_object_set_new(e, "event_id", d->event_id != 0 ?
		    json_integer(d->event_id) : json_null());
		json_object_set_new(e, "kind", d->event_id != 0 ?
		    json_string(d->event_kind) : json_null());
	} else {
		json_decref(e);
		e = json_null();
	}
	json_object_set_new(j, "event", e);
	json_object_set_new(j, "series", series_json(d));
	json_object_set_new(j, "records", records_json(d));
	return j;
}
