/*
 * draft_data.c - the template data, evidence.csv and cited answers of a
 * complaint; see draft_data.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "config.h"
#include "contacts.h"
#include "db.h"
#include "defang.h"
#include "draft_int.h"
#include "exitcodes.h"
#include "lookup.h"
#include "provider.h"
#include "resolver.h"
#include "source.h"
#include "validate.h"

/* ---- the cited answers ---- */

struct recs {
	struct draft_record *v;
	json_t		**obj;		/* each one's JSON */
	size_t		 n;
};

/* The answer's host for a file name: no port, only [A-Za-z0-9.-]. */
static char *
file_host(const char *server)
{
	const char *colon = strchr(server, ':');
	char *h;
	size_t i;

	if (colon != NULL && strchr(colon + 1, ':') == NULL)
		h = xstrndup(server, (size_t)(colon - server));
	else
		h = xstrdup(server);
	for (i = 0; h[i] != '\0'; i++)
		if (!((h[i] >= 'a' && h[i] <= 'z') ||
		    (h[i] >= 'A' && h[i] <= 'Z') ||
		    (h[i] >= '0' && h[i] <= '9') || h[i] == '.' ||
		    h[i] == '-'))
			h[i] = '-';
	return h;
}

/*
 * Cite stored answer id (once: a second citation returns the first's
 * index) with what it shows; *idx receives its index.
 */
static int
rec_add(struct db *db, struct recs *rs, int64_t id, const char *method,
    const char *detail, size_t *idx, struct dp_err *err)
{
	struct draft_record *r;
	struct source s;
	json_t *o;
	char *host, *q;
	const char *ext, *ctype;
	int rc;

	for (*idx = 0; *idx < rs->n; (*idx)++)
		if (rs->v[*idx].source_id == id)
			return 0;
	if ((rc = db_source_get(db, id, &s, err)) != 0)
		return rc;
	if (strcmp(s.protocol, "rdap") == 0 ||
	    strcmp(s.protocol, "ripestat") == 0) {
		ext = "json";
		ctype = "application/json";
	} else if (strcmp(s.protocol, "dns") == 0) {
		ext = "bin";	/* the wire format */
		ctype = "application/octet-stream";
	} else {
		ext = "txt";
		ctype = "text/plain";
	}
	rs->v = xreallocarray(rs->v, rs->n + 1, sizeof(*rs->v));
	rs->obj = xreallocarray(rs->obj, rs->n + 1, sizeof(*rs->obj));
	r = &rs->v[rs->n];
	r->source_id = id;
	r->ref = xasprintf("R%zu", rs->n + 1);
	host = file_host(s.server);
	r->attachment = xasprintf("%s-%s-%s.%s", r->ref, s.protocol, host,
	    ext);
	free(host);
	r->content_type = xstrdup(ctype);
	o = json_object();
	set_str(o, "ref", r->ref);
	json_object_set_new(o, "id", json_integer(id));
	set_str(o, "protocol", s.protocol);
	set_str(o, "server", s.server);
	/* A query may name an address or a URL: defanged like the rest. */
	q = defang_text(s.query);
	set_str(o, "query", q);
	free(q);
	set_time(o, "fetched_at", s.fetched_at);
	set_date(o, "date", s.fetched_at);
	set_str(o, "sha256", s.sha256);
	json_object_set_new(o, "size", json_integer((json_int_t)s.size));
	if (method != NULL)
		set_str(o, "method", method);
	set_text(o, "detail", detail);
	set_str(o, "attachment", r->attachment);
	rs->obj[rs->n] = o;
	*idx = rs->n++;
	source_release(&s);
	return 0;
}

static void
recs_release(struct recs *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		json_decref(rs->obj[i]);
	free(rs->obj);
	/* the records themselves move to the draft_data */
}

/* Cite every answer behind link l into arr (the link's records). */
static int
cite_link(struct db *db, struct recs *rs, const struct draft_link *l,
    json_t *arr, struct dp_err *err)
{
	struct draft_link_src *v;
	size_t n, i, idx;
	int rc;

	if ((rc = db_draft_link_sources(db, l->id, &v, &n, err)) != 0)
		return rc;
	for (i = 0; i < n && rc == 0; i++) {
		size_t k;
		int have = 0;

		if ((rc = rec_add(db, rs, v[i].source_id, v[i].method,
		    v[i].detail, &idx, err)) != 0)
			break;
		for (k = 0; k < json_array_size(arr); k++)
			have |= json_array_get(arr, k) == rs->obj[idx];
		if (!have)
			json_array_append(arr, rs->obj[idx]);
	}
	db_draft_link_src_free(v, n);
	return rc;
}

/* ---- the relation ---- */

/* Link a is better evidence than b: seen later, then more confident. */
static int
link_better(const struct draft_link *a, const struct draft_link *b)
{
	if (a->last_seen != b->last_seen)
		return a->last_seen > b->last_seen;
	return a->confidence > b->confidence;
}

/*
 * The relation of target to provider p, and for an upstream the
 * "upstream" object (its records cited into rs).
 */
static int
relation(struct db *db, const struct provider *p, uint32_t target,
    struct recs *rs, const char **rel, json_t **up, struct dp_err *err)
{
	struct draft_link best, best2, l, l2;
	size_t i;
	int rc, found = 0, via = 0;
	char conf[16];
	json_t *arr;

	*rel = "other";
	*up = NULL;
	if (target == 0)
		return 0;
	for (i = 0; i < p->nasns; i++)
		if (p->asns[i] == target) {
			*rel = "provider";
			return 0;
		}
	memset(&best, 0, sizeof(best));
	memset(&best2, 0, sizeof(best2));
	for (i = 0; i < p->nasns; i++) {
		rc = db_draft_link_find(db, p->asns[i], target, &l, err);
		if (rc == DP_EX_NOINPUT)
			continue;
		if (rc != 0)
			goto fail;
		if (!found || link_better(&l, &best)) {
			db_draft_link_release(&best);
			best = l;
			found = 1;
		} else
			db_draft_link_release(&l);
	}
	for (i = 0; i < p->nasns && !found; i++) {
		rc = db_draft_link_via(db, p->asns[i], target, &l, &l2, err);
		if (rc == DP_EX_NOINPUT)
			continue;
		if (rc != 0)
			goto fail;
		if (!via || link_better(&l2, &best2)) {
			db_draft_link_release(&best);
			db_draft_link_release(&best2);
			best = l;
			best2 = l2;
			via = 1;
		} else {
			db_draft_link_release(&l);
			db_draft_link_release(&l2);
		}
	}
	memset(err, 0, sizeof(*err));
	if (!found && !via)
		return 0;
	/* For two hops the object describes the upper one, target -> via. */
	*rel = via ? "upstream-of-upstream" : "upstream";
	*up = json_object();
	{
		const struct draft_link *top = via ? &best2 : &best;

		set_as(*up, "as", target);
		json_object_set_new(*up, "asn", json_integer(target));
		set_text(*up, "name", top->name);
		set_as(*up, "customer_as", best.asn);
		if (via)
			set_as(*up, "via_as", best.upstream);
		set_time(*up, "first_seen", top->first_seen);
		set_time(*up, "last_seen", top->last_seen);
		set_period(*up, "period", top->first_seen, top->last_seen);
		snprintf(conf, sizeof(conf), "%.2f", top->confidence);
		set_str(*up, "confidence", conf);
	}
	arr = json_array();
	json_object_set_new(*up, "records", arr);
	rc = cite_link(db, rs, &best, arr, err);
	if (rc == 0 && via)
		rc = cite_link(db, rs, &best2, arr, err);
	if (rc != 0) {
		json_decref(*up);
		*up = NULL;
	}
	db_draft_link_release(&best);
	db_draft_link_release(&best2);
	return rc;
fail:
	db_draft_link_release(&best);
	db_draft_link_release(&best2);
	return rc;
}

/* ---- the recipient ---- */

/*
 * The best abuse address of AS target in the stored answers, read
 * offline; *c receives a copy (contacts_free(c, 1)).
 */
static int
stored_abuse_contact(struct db *db, const struct config *cfg,
    uint32_t target, struct contact **c, struct dp_err *err)
{
	struct resolver r;
	struct contacts_result res;
	char q[16];
	size_t i;
	int rc;

	*c = NULL;
	if ((rc = resolver_init(&r, cfg, db, 0, 0, err)) != 0)
		return rc;
	resolver_offline(&r);
	if ((rc = resolver_load_bootstrap(&r, err)) != 0) {
		resolver_release(&r);
		return rc;
	}
	snprintf(q, sizeof(q), "AS%u", target);
	rc = lookup_contacts(&r, q, &res, err);
	resolver_release(&r);
	if (rc != 0)
		return rc;
	/* Ranked by role: the first is the best, if it is an abuse one. */
	for (i = 0; i < res.n; i++)
		if (res.v[i].role <= ROLE_ABUSE_CANDIDATE &&
		    res.v[i].role != ROLE_FALLBACK)
			break;
	if (i < res.n) {
		*c = xcalloc(1, sizeof(**c));
		**c = res.v[i];
		memset(&res.v[i], 0, sizeof(res.v[i]));
	} else
		rc = dp_fail(err, DP_EX_NOINPUT, "no abuse address known "
		    "for AS%u from its stored records%s; run 'depeer "
		    "contacts AS%u'", target, res.answered == 0 ?
		    " (none is stored)" : "", target);
	contacts_result_release(&res);
	return rc;
}

/* ---- the sender ---- */

/* The configured value of key, if depeer has the key and it is set. */
static const char *
conf(const struct config *cfg, const char *key)
{
	const char *v;

	if (cfg == NULL || !config_is_key(key))
		return NULL;
	v = config_get(cfg, key);
	return v != NULL && *v != '\0' ? v : NULL;
}

/*
 * The sender from config "from" ("Name <addr>" or "addr"), or NULL when
 * none is set (the complaint service refuses to draft then).  The value
 * was checked when it was set, and is parsed by the same rules here
 * (addr.h): an environment value or an edited file may hold anything.
 */
static int
sender_json(const struct config *cfg, json_t **out, struct dp_err *err)
{
	const char *from = conf(cfg, "from"), *v;
	struct mailbox mb = { NULL, NULL };
	json_t *o;

	*out = NULL;
	if (from == NULL)
		return 0;
	if (addr_parse_mailbox(from, &mb, err) != 0) {
		dp_err_prefix(err, "configuration key 'from'");
		return DP_EX_CONFIG;
	}
	o = json_object();
	set_str(o, "name", mb.name != NULL ? mb.name : mb.addr);
	set_str(o, "address", mb.addr);
	set_str(o, "mailbox", from);
	if ((v = conf(cfg, "organisation")) != NULL)
		set_str(o, "organisation", v);
	if ((v = conf(cfg, "pgp_key")) != NULL)
		set_str(o, "pgp_key", v);
	if ((v = conf(cfg, "pgp_key_url")) != NULL)
		set_str(o, "pgp_key_url", v);
	mailbox_release(&mb);
	*out = o;
	return 0;
}

/* ---- the provider ---- */

static json_t *
provider_json(const struct provider *p)
{
	json_t *o = json_object(), *a, *e;
	struct buf asl = BUF_INIT, pl = BUF_INIT;
	char net[IPNET_STRLEN], *d;
	size_t i;

	json_object_set_new(o, "id", json_integer(p->id));
	set_text(o, "name", p->name);
	a = json_array();
	for (i = 0; i < p->nasns; i++) {
		e = json_object();
		set_as(e, "as", p->asns[i]);
		json_object_set_new(e, "asn", json_integer(p->asns[i]));
		json_array_append_new(a, e);
		buf_addf(&asl, "%sAS%u", i > 0 ? ", " : "", p->asns[i]);
	}
	set_str(o, "as_list", asl.s);
	json_object_set_new(o, "asns", a);
	a = json_array();
	for (i = 0; i < p->nprefixes; i++) {
		ipnet_format(&p->prefixes[i], net, sizeof(net));
		d = defang(net, IND_CIDR);
		e = json_object();
		set_str(e, "prefix", d);
		json_array_append_new(a, e);
		buf_addf(&pl, "%s%s", i > 0 ? ", " : "", d);
		free(d);
	}
	json_object_set_new(o, "prefixes", a);
	if (p->nprefixes > 0)
		set_str(o, "prefix_list", pl.s);
	if (p->country != NULL && *p->country != '\0')
		set_str(o, "country", p->country);
	set_text(o, "note", p->note);
	buf_release(&asl);
	buf_release(&pl);
	return o;
}

/*
 * provider.upstreams: every upstream the case has seen for the
 * provider's AS numbers, {as, asn, name, first_seen, last_seen, gone},
 * oldest link first; with has_upstreams when there is one.  A media
 * update names them all, whichever one the message is about.
 */
static int
provider_upstreams(struct db *db, const struct provider *p, json_t *o,
    struct dp_err *err)
{
	struct upstream_seen *v;
	json_t *a = json_array(), *e;
	size_t i, j, n;
	int rc;

	for (i = 0; i < p->nasns; i++) {
		if ((rc = db_upstream_history(db, p->asns[i], &v, &n,
		    err)) != 0) {
			json_decref(a);
			return rc;
		}
		for (j = 0; j < n; j++) {
			e = json_object();
			set_as(e, "as", v[j].upstream);
			json_object_set_new(e, "asn",
			    json_integer(v[j].upstream));
			set_text(e, "name", v[j].name);
			set_as(e, "customer_as", v[j].asn);
			set_time(e, "first_seen", v[j].first_seen);
			set_time(e, "last_seen", v[j].last_seen);
			set_period(e, "period", v[j].first_seen,
			    v[j].last_seen);
			if (v[j].gone_since != 0)
				json_object_set_new(e, "gone", json_true());
			json_array_append_new(a, e);
		}
		db_upstream_history_free(v, n);
	}
	if (json_array_size(a) > 0)
		json_object_set_new(o, "has_upstreams", json_true());
	json_object_set_new(o, "upstreams", a);
	return 0;
}

/* ---- the whole ---- */

/* Why nothing was selected: all retracted, or all filtered out. */
static int
no_evidence(struct db *db, const struct provider *p,
    const struct draft_req *req, struct dp_err *err)
{
	struct ev_summary s;
	int rc;

	if ((rc = db_evidence_summary(db, p->id, &s, err)) != 0)
		return rc;
	free(s.kinds);
	if (s.rows > 0)
		return dp_fail(err, DP_EX_NOINPUT, "none of the %lld evidence "
		    "rows of provider '%s' matches %s", (long long)s.rows,
		    p->name, req->nkinds > 0 && req->has_since ?
		    "the --kind and --since filters" : req->nkinds > 0 ?
		    "the --kind filter" : "the --since filter");
	if (s.retracted > 0)
		return dp_fail(err, DP_EX_NOINPUT, "provider '%s' has no "
		    "evidence to complain about: all its %lld rows are "
		    "retracted", p->name, (long long)s.retracted);
	return dp_fail(err, DP_EX_NOINPUT, "provider '%s' has no evidence "
	    "to complain about; add some with 'depeer evidence add'",
	    p->name);
}

int
draft_data_build(struct db *db, const struct config *cfg,
    const struct draft_req *req, struct draft_data *out, struct dp_err *err)
{
	struct provider p;
	struct recs rs;
	struct contact *c = NULL;
	json_t *data = NULL, *o, *up = NULL, *arr, *ev = NULL;
	const char *rel;
	char *via;
	size_t i, idx;
	int rc;

	memset(out, 0, sizeof(*out));
	buf_init(&out->csv);
	memset(&rs, 0, sizeof(rs));
	memset(&p, 0, sizeof(p));
	if (req->nasns > 1)
		return dp_fail(err, DP_EX_SOFTWARE, "draft data is built for "
		    "one upstream at a time");
	if (req->nasns == 0 && req->to == NULL)
		return dp_fail(err, DP_EX_USAGE, "a complaint needs a "
		    "recipient: --upstream ASN or --to ADDR");
	if ((rc = db_provider_find(db, req->provider, &p, err)) != 0)
		return rc;
	out->provider_id = p.id;
	out->target_asn = req->nasns > 0 ? req->asns[0] : 0;

	/* The evidence, in one pass. */
	if ((rc = draft_evidence(db, p.id, req, out, &ev, err)) != 0)
		goto done;
	if (ev == NULL) {
		rc = no_evidence(db, &p, req, err);
		goto done;
	}

	/* The upstream link and its records, then the recipient's. */
	if ((rc = relation(db, &p, out->target_asn, &rs, &rel, &up,
	    err)) != 0)
		goto done;
	if (req->to == NULL) {
		if ((rc = stored_abuse_contact(db, cfg, out->target_asn, &c,
		    err)) != 0)
			goto done;
		out->to = xstrdup(c->email);
	} else
		out->to = xstrdup(req->to);

	data = json_object();
	set_time(data, "now", req->now);
	set_date(data, "today", req->now);
	if ((rc = sender_json(cfg, &o, err)) != 0)
		goto done;
	if (o != NULL)
		json_object_set_new(data, "sender", o);
	o = json_object();
	set_str(o, "address", out->to);
	if (out->target_asn != 0) {
		set_as(o, "as", out->target_asn);
		json_object_set_new(o, "asn",
		    json_integer(out->target_asn));
		if (up != NULL && json_object_get(up, "name") != NULL)
			json_object_set(o, "name",
			    json_object_get(up, "name"));
	}
	if (c != NULL && c->src != NULL) {
		char *detail = xasprintf("abuse contact of AS%u (%s%s%s)",
		    out->target_asn, c->via != NULL ? c->via :
		    reg_role_name(c->role), c->handle != NULL ?
		    ", handle " : "", c->handle != NULL ? c->handle : "");
		char date[TIME_STRLEN], *host;

		rc = rec_add(db, &rs, c->src->id, "abuse contact", detail,
		    &idx, err);
		free(detail);
		if (rc != 0) {
			json_decref(o);
			goto done;
		}
		out->to_source_id = c->src->id;
		fmt_time(c->src->fetched_at, date);
		date[10] = '\0';
		host = file_host(c->src->server);
		via = xasprintf("%s of AS%u, %s answer of %s (record %s)",
		    c->via != NULL ? c->via : reg_role_name(c->role),
		    out->target_asn, host, date, rs.v[idx].ref);
		free(host);
		set_str(o, "via", via);
		free(via);
	}
	json_object_set_new(data, "recipient", o);
	set_str(data, "relation", rel);
	o = provider_json(&p);
	if ((rc = provider_upstreams(db, &p, o, err)) != 0) {
		json_decref(o);
		goto done;
	}
	json_object_set_new(data, "provider", o);
	if (up != NULL) {
		json_object_set_new(data, "upstream", up);
		up = NULL;
	}
	json_object_set_new(data, "evidence", ev);
	ev = NULL;
	arr = json_array();
	for (i = 0; i < rs.n; i++)
		json_array_append(arr, rs.obj[i]);
	json_object_set_new(data, "records", arr);
	if (rs.n > 0)
		json_object_set_new(data, "has_records", json_true());
	out->data = data;
	data = NULL;
	out->records = rs.v;
	out->nrecords = rs.n;
	rs.v = NULL;
	rc = 0;
done:
	json_decref(data);
	json_decref(up);
	if (c != NULL)
		contacts_free(c, 1);
	for (i = 0; rs.v != NULL && i < rs.n; i++) {
		free(rs.v[i].ref);
		free(rs.v[i].attachment);
		free(rs.v[i].content_type);
	}
	free(rs.v);
	recs_release(&rs);
	json_decref(ev);
	provider_release(&p);
	if (rc != 0)
		draft_data_release(out);
	return rc;
}

void
draft_data_release(struct draft_data *d)
{
	size_t i;

	json_decref(d->data);
	free(d->to);
	buf_release(&d->csv);
	for (i = 0; i < d->nrecords; i++) {
		free(d->records[i].ref);
		free(d->records[i].attachment);
		free(d->records[i].content_type);
	}
	free(d->records);
	memset(d, 0, sizeof(*d));
	buf_init(&d->csv);
}
