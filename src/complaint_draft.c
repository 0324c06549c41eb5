/*
 * complaint_draft.c - a complaint drafted end to end: the case's data,
 * what the complaint store adds to it, the template, the message, the
 * draft stored; one transaction for all the complaints of one command.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "addr.h"
#include "buf.h"
#include "clock.h"
#include "complaint.h"
#include "complaint_draft.h"
#include "complaint_store.h"
#include "config.h"
#include "db.h"
#include "draft_data.h"
#include "evidence.h"
#include "exitcodes.h"
#include "hash.h"
#include "mail.h"
#include "source.h"
#include "tplfile.h"
#include "template.h"
#include "validate.h"
#include "wrap.h"
#include "xarf.h"

/* Room kept for the body, the headers and the MIME structure. */
#define BODY_MAX	(512 * 1024)
#define OVERHEAD	(64 * 1024)
/* Room kept for the registry answers when the CSV is capped. */
#define RECORDS_ROOM	(256 * 1024)
/* Room kept per XARF report (about 1.5 KB each, base64 included). */
#define XARF_ROOM	4096

/* The states of a complaint that reached its recipient (or tried to). */
static int
was_sent(const char *state)
{
	return strcmp(state, "draft") != 0 && strcmp(state, "queued") != 0 &&
	    strcmp(state, "sending") != 0;
}

const char *
complaint_default_template(const char *relation, int have_asn)
{
	if (!have_asn || relation == NULL)
		return "upstream-complaint";
	if (strcmp(relation, "provider") == 0)
		return "provider-abuse";
	if (strcmp(relation, "upstream-of-upstream") == 0)
		return "escalation";
	return "upstream-complaint";
}

/* The configured value of key, or NULL when unset or empty. */
static const char *
conf(const struct config *cfg, const char *key)
{
	const char *v = config_get(cfg, key);

	return v != NULL && *v != '\0' ? v : NULL;
}

/* One attachment of a message being built; owns data when own is set. */
struct att {
	char		*name;
	char		*type;
	char		*desc;
	void		*data;
	size_t		 len;
	char		 sha256[SHA256_HEXLEN];
};

struct atts {
	struct att	*v;
	size_t		 n, cap;
	int64_t		 bytes;		/* their sizes, summed */
};

static void
att_add(struct atts *a, const char *name, const char *type,
    const char *desc, void *data, size_t len)
{
	unsigned char d[SHA256_LEN];
	struct att *t;

	GROW(a->v, a->n + 1, a->cap);
	t = &a->v[a->n++];
	t->name = xstrdup(name);
	t->type = xstrdup(type);
	t->desc = xstrdup(desc);
	t->data = data;
	t->len = len;
	sha256_buf(data, len, d);
	sha256_hex(d, t->sha256);
	a->bytes += (int64_t)len;
}

static void
atts_free(struct atts *a)
{
	size_t i;

	for (i = 0; i < a->n; i++) {
		free(a->v[i].name);
		free(a->v[i].type);
		free(a->v[i].desc);
		free(a->v[i].data);
	}
	free(a->v);
	memset(a, 0, sizeof(*a));
}

/* What one command's drafting shares. */
struct run {
	struct db			*db;
	const struct config		*cfg;
	const struct complaint_draft_req *req;
	struct dp_err			*err;
	int64_t				 now;
	int64_t				 max_size;
	struct mailbox			 from;
	struct mailbox			*cc;
	size_t				 ncc;
	char				*to;	/* --to, normalised */
	const char			*tag_prefix;
};

/* ---- the evidence as XARF reports ---- */

struct xarf_walk {
	struct run		*r;
	struct complaint_drafted *out;
	struct atts		*atts;
	const char		*message_id;
	int64_t			 max_ev;
	int64_t			 budget;	/* bytes left for reports */
	long long		 max;		/* config xarf_max */
	int			 rc;
};

static int
kind_selected(const struct complaint_draft_req *req, const char *kind)
{
	size_t i;

	if (req->nkinds == 0)
		return 1;
	for (i = 0; i < req->nkinds; i++)
		if (strcmp(req->kinds[i], kind) == 0)
			return 1;
	return 0;
}

static int
xarf_one(const struct evidence *e, void *arg)
{
	struct xarf_walk *w = arg;
	struct xarf_ctx xc;
	json_t *rep;
	char *text, name[64], desc[96];
	size_t len;

	if (e->id > w->max_ev)
		return 1;	/* past the CSV's last row: done */
	if (!kind_selected(w->r->req, e->kind))
		return 0;
	if (xarf_unreportable(e) != NULL) {
		w->out->xarf_unreportable++;
		return 0;
	}
	if (w->out->xarf_attached >= w->max || w->budget <= 0) {
		w->out->xarf_dropped++;
		return 0;
	}
	memset(&xc, 0, sizeof(xc));
	xc.organisation = conf(w->r->cfg, "organisation");
	xc.from = &w->r->from;
	xc.message_id = w->message_id;
	if ((rep = xarf_report(e, &xc, w->r->err)) == NULL) {
		w->rc = w->r->err->code;
		return w->rc;
	}
	text = json_dumps(rep, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(rep);
	if (text == NULL)
		die("out of memory");
	len = strlen(text);
	/* base64 grows it by a third */
	if ((int64_t)(len * 4 / 3) > w->budget) {
		free(text);
		w->out->xarf_dropped++;
		w->budget = 0;
		return 0;
	}
	w->budget -= (int64_t)(len * 4 / 3 + 256);
	snprintf(name, sizeof(name), "xarf-%lld.json", (long long)e->id);
	snprintf(desc, sizeof(desc), "XARF v4 report of evidence %lld",
	    (long long)e->id);
	att_add(w->atts, name, "application/json", desc, text, len);
	w->out->xarf_attached++;
	return 0;
}

static int
add_xarf(struct run *r, const struct draft_data *d, const char *message_id,
    int64_t budget, struct atts *atts, struct complaint_drafted *out)
{
	struct ev_filter f;
	struct xarf_walk w;
	int rc;

	if (d->csv_rows == 0)
		return 0;
	memset(&f, 0, sizeof(f));
	f.provider_id = d->provider_id;
	f.has_since = r->req->has_since;
	f.since = r->req->since;
	f.hide_retracted = 1;
	memset(&w, 0, sizeof(w));
	w.r = r;
	w.out = out;
	w.atts = atts;
	w.message_id = message_id;
	w.max_ev = d->max_evidence_id;
	w.budget = budget;
	w.max = config_int(r->cfg, "xarf_max");
	rc = db_evidence_iter(r->db, &f, xarf_one, &w, r->err);
	if (w.rc != 0)
		return w.rc;
	return rc == 1 ? 0 : rc;
}

/* ---- the registry answers ---- */

/* The stored answer id, byte for byte, as an attachment. */
static int
add_record(struct run *r, int64_t id, const char *name, const char *type,
    const char *ref, struct atts *atts)
{
	struct source s;
	char desc[200], date[TIME_STRLEN];
	void *data;
	int rc;

	memset(&s, 0, sizeof(s));
	if ((rc = db_source_get(r->db, id, &s, r->err)) != 0)
		return rc;
	fmt_time(s.fetched_at, date);
	date[10] = '\0';
	/* The server and date only: a query may hold a live indicator. */
	snprintf(desc, sizeof(desc), "registry answer %s: %s from %.100s, "
	    "%s", ref, s.protocol, s.server, date);
	data = xmalloc(s.size + 1);
	memcpy(data, s.content, s.size);
	att_add(atts, name, type, desc, data, s.size);
	source_release(&s);
	return 0;
}

/*
 * The records of the other ASes of a group, not cited yet, added to the
 * first one's data (data.records) with the next refs, and attached.
 */
static int
merge_records(struct run *r, struct draft_data *first,
    struct draft_data *other, struct complaint *c, struct atts *atts)
{
	json_t *recs = json_object_get(first->data, "records"), *o, *copy;
	const char *att, *dash;
	char ref[32], *name;
	size_t i, j;
	int rc, dup;

	if (!json_is_array(recs)) {
		recs = json_array();
		json_object_set_new(first->data, "records", recs);
	}
	for (i = 0; i < other->nrecords; i++) {
		for (dup = 0, j = 0; j < c->nsources && !dup; j++)
			dup = c->sources[j] == other->records[i].source_id;
		if (dup)
			continue;
		snprintf(ref, sizeof(ref), "R%zu", json_array_size(recs) + 1);
		att = other->records[i].attachment;
		dash = strchr(att, '-');
		name = xasprintf("%s%s", ref, dash != NULL ? dash : "");
		o = NULL;
		for (j = 0; j < json_array_size(json_object_get(other->data,
		    "records")); j++) {
			o = json_array_get(json_object_get(other->data,
			    "records"), j);
			if (json_integer_value(json_object_get(o, "id")) ==
			    other->records[i].source_id)
				break;
			o = NULL;
		}
		copy = o != NULL ? json_deep_copy(o) : json_object();
		json_object_set_new(copy, "ref", json_string(ref));
		json_object_set_new(copy, "attachment", json_string(name));
		json_array_append_new(recs, copy);
		rc = add_record(r, other->records[i].source_id, name,
		    other->records[i].content_type, ref, atts);
		free(name);
		if (rc != 0)
			return rc;
		complaint_add_source(c, other->records[i].source_id);
	}
	return 0;
}

/* ---- what the complaint store adds to the data ---- */

struct earlier {
	struct run	*r;
	const char	*to;
	json_t		*notices;
	json_t		*previous;
	char		*prev_mid;
};

static int
note_earlier(const struct complaint *c, void *arg)
{
	struct earlier *e = arg;
	struct buf to = BUF_INIT;
	char tag[96], t[TIME_STRLEN];
	json_t *o;
	size_t i;
	int same = 0;

	if (!was_sent(c->state))
		return 0;
	snprintf(tag, sizeof(tag), "[%s #%lld]", e->r->tag_prefix,
	    (long long)c->id);
	for (i = 0; i < c->nto; i++) {
		buf_addf(&to, "%s%s", i > 0 ? ", " : "", c->to[i]);
		same |= strcasecmp(c->to[i], e->to) == 0;
	}
	fmt_time(c->created_at, t);
	o = json_object();
	json_object_set_new(o, "tag", json_string(tag));
	json_object_set_new(o, "to", json_string(to.s));
	json_object_set_new(o, "date", json_string(t));
	json_object_set_new(o, "subject", json_string(c->subject));
	json_object_set_new(o, "state", json_string(c->state));
	json_object_set_new(o, "template", json_string(c->tmpl));
	json_array_append_new(e->notices, o);
	if (same) {
		json_decref(e->previous);
		e->previous = json_object();
		json_object_set_new(e->previous, "tag", json_string(tag));
		json_object_set_new(e->previous, "subject",
		    json_string(c->subject));
		json_object_set_new(e->previous, "date", json_string(t));
		json_object_set_new(e->previous, "message_id",
		    json_string(c->message_id));
		json_object_set_new(e->previous, "to", json_string(to.s));
		free(e->prev_mid);
		e->prev_mid = xstrdup(c->message_id);
	}
	buf_release(&to);
	return 0;
}

/*
 * Whether template t can be drafted from data: a value it needs outside
 * any section (so not optional) whose top-level member the case lacks
 * is refused here with what the researcher can do about it, rather than
 * as the engine's "no value for 'previous.date'".  Anything else the
 * engine reports itself.
 */
static int
template_fits(const struct tplfile *t, json_t *data, const char *provider,
    const char *to, struct dp_err *err)
{
	struct tpl_name *v = NULL;
	size_t n = 0, i, k;
	char top[64];
	int rc = 0;

	if (tpl_names(t->name, t->text + t->body_off, t->len - t->body_off,
	    t->body_line, &v, &n, err) != 0)
		return 0;	/* the render names the syntax error */
	for (i = 0; i < n && rc == 0; i++) {
		if (v[i].kind != TPL_VARIABLE || v[i].optional ||
		    v[i].nwithin > 0)
			continue;
		k = strcspn(v[i].name, ".");
		if (k == 0 || k >= sizeof(top))
			continue;
		memcpy(top, v[i].name, k);
		top[k] = '\0';
		if (json_object_get(data, top) != NULL)
			continue;
		if (strcmp(top, "previous") == 0)
			rc = dp_fail(err, DP_EX_DATAERR, "template '%s' answers "
			    "an earlier complaint to %s about '%s', and none "
			    "was sent yet (see 'depeer complaint list "
			    "--provider')", t->name, to, provider);
		else if (strcmp(top, "upstream") == 0)
			rc = dp_fail(err, DP_EX_DATAERR, "template '%s' is "
			    "about an upstream link, and the recipient is no "
			    "stored upstream of '%s' (see 'depeer upstreams')",
			    t->name, provider);
		else if (strcmp(top, "deadline") == 0)
			rc = dp_fail(err, DP_EX_DATAERR, "template '%s' names "
			    "a deadline but declares no 'due-days:'", t->name);
		else if (strcmp(top, "notices") == 0)
			rc = dp_fail(err, DP_EX_DATAERR, "template '%s' lists "
			    "the notices sent about '%s', and none was sent "
			    "yet", t->name, provider);
	}
	tpl_names_free(v, n);
	return rc;
}

/* ---- one complaint ---- */

static int
draft_one(struct run *r, struct draft_data *ds, const size_t *group,
    size_t ngroup, struct complaint_drafted *out)
{
	const struct complaint_draft_req *req = r->req;
	struct draft_data *d = &ds[group[0]];
	struct complaint *c = &out->c;
	struct tplfile t = TPLFILE_INIT;
	struct tplfile_dirs dirs;
	struct atts atts = { NULL, 0, 0, 0 };
	struct mail_attachment *ma = NULL;
	struct mail_spec ms;
	struct mailbox to;
	struct earlier ea;
	struct buf body = BUF_INIT, msg = BUF_INIT, raw = BUF_INIT;
	const char *relation, *tname, *domain;
	char tag[96], mark[48], date[TIME_STRLEN], *subject = NULL, *s, *csv;
	struct mail_info mi;
	json_t *o, *a;
	int64_t budget, id;
	size_t i;
	int rc;

	memset(&ea, 0, sizeof(ea));
	complaint_init(c);
	c->provider_id = d->provider_id;
	c->upstream_asn = ngroup == 1 ? d->target_asn : 0;
	c->created_at = c->updated_at = r->now;
	out->asns = xcalloc(ngroup, sizeof(*out->asns));
	for (i = 0; i < ngroup; i++)
		if (ds[group[i]].target_asn != 0)
			out->asns[out->nasns++] = ds[group[i]].target_asn;
	out->csv_rows = d->csv_rows;
	out->csv_omitted = d->csv_omitted;
	o = json_object_get(json_object_get(d->data, "recipient"), "via");
	if (json_is_string(o))
		out->via = xstrdup(json_string_value(o));

	/* The template: asked for, or the one for the relation. */
	relation = json_string_value(json_object_get(d->data, "relation"));
	tname = req->tmpl != NULL ? req->tmpl :
	    complaint_default_template(relation, d->target_asn != 0);
	memset(&dirs, 0, sizeof(dirs));
	if ((rc = tplfile_find(tname, &dirs, &t, r->err)) != 0)
		goto out;
	if (t.meta.subject == NULL) {
		rc = dp_fail(r->err, DP_EX_DATAERR, "template '%s' declares no "
		    "subject (a 'subject:' line in its metadata block)",
		    t.name);
		goto out;
	}
	c->tmpl = xstrdup(req->tmpl != NULL ? req->tmpl : t.name);

	/* The id, the Message-ID, the tag, the deadline. */
	if ((rc = db_complaint_next_id(r->db, &c->id, r->err)) != 0)
		goto out;
	id = c->id;
	domain = strrchr(r->from.addr, '@') + 1;
	c->message_id = mail_make_message_id(domain, r->now);
	snprintf(tag, sizeof(tag), "[%s #%lld]", r->tag_prefix,
	    (long long)c->id);
	o = json_object();
	json_object_set_new(o, "id", json_integer(c->id));
	json_object_set_new(o, "tag", json_string(tag));
	json_object_set_new(d->data, "case", o);
	if (t.meta.due_days >= 0) {
		c->has_due = 1;
		c->due_at = r->now + (int64_t)t.meta.due_days * 86400;
		fmt_time(c->due_at, date);
		date[10] = '\0';
		o = json_object();
		json_object_set_new(o, "days", json_integer(t.meta.due_days));
		json_object_set_new(o, "date", json_string(date));
		json_object_set_new(d->data, "deadline", o);
	}

	/* Earlier notices about the provider, and the one to this address. */
	ea.r = r;
	ea.to = d->to;
	ea.notices = json_array();
	if ((rc = db_complaint_iter(r->db, 0, d->provider_id, NULL,
	    note_earlier, &ea, r->err)) != 0)
		goto out;
	if (json_array_size(ea.notices) > 0)
		json_object_set(d->data, "notices", ea.notices);
	if (ea.previous != NULL)
		json_object_set(d->data, "previous", ea.previous);
	/* A message in a thread: what complaint_next.c knows better. */
	if (req->extra != NULL)
		json_object_update(d->data, req->extra);

	/* The attachments: the CSV, the answers cited, the XARF reports. */
	if (d->csv.len > 0 && !req->bare) {
		csv = xmalloc(d->csv.len + 1);
		memcpy(csv, d->csv.s, d->csv.len);
		s = xasprintf("the evidence: %lld row%s%s", (long long)
		    d->csv_rows, d->csv_rows == 1 ? "" : "s", d->csv_omitted >
		    0 ? ", the rest left out for the message size" : "");
		att_add(&atts, "evidence.csv", "text/csv; charset=utf-8", s,
		    csv, d->csv.len);
		free(s);
	}
	if (d->csv_rows > 0) {
		c->has_max_ev = 1;
		c->max_evidence_id = d->max_evidence_id;
	}
	for (i = 0; i < d->nrecords && !req->bare; i++) {
		if ((rc = add_record(r, d->records[i].source_id,
		    d->records[i].attachment, d->records[i].content_type,
		    d->records[i].ref, &atts)) != 0)
			goto out;
		complaint_add_source(c, d->records[i].source_id);
	}
	for (i = 1; i < ngroup && !req->bare; i++)
		if ((rc = merge_records(r, d, &ds[group[i]], c, &atts)) != 0)
			goto out;
	out->nrecords = (int64_t)c->nsources;
	if (req->xarf) {
		budget = r->max_size - OVERHEAD - BODY_MAX - atts.bytes * 4 /
		    3;
		if ((rc = add_xarf(r, d, c->message_id, budget, &atts,
		    out)) != 0)
			goto out;
	}
	for (i = 0; i < req->natt; i++) {
		void *copy = xmalloc(req->att[i].len + 1);

		memcpy(copy, req->att[i].data, req->att[i].len);
		att_add(&atts, req->att[i].filename, req->att[i].content_type,
		    req->att[i].description != NULL ? req->att[i].description :
		    req->att[i].filename, copy, req->att[i].len);
	}
	a = json_array();
	for (i = 0; i < atts.n; i++) {
		o = json_object();
		json_object_set_new(o, "name", json_string(atts.v[i].name));
		json_object_set_new(o, "description",
		    json_string(atts.v[i].desc));
		json_object_set_new(o, "size", json_integer((json_int_t)
		    atts.v[i].len));
		json_object_set_new(o, "sha256",
		    json_string(atts.v[i].sha256));
		json_array_append_new(a, o);
	}
	json_object_set_new(d->data, "attachments", a);
	/* Records merged from other ASes (merge_records()) need the
	   marker that draft_data sets only for its own. */
	if (json_array_size(json_object_get(d->data, "records")) > 0)
		json_object_set_new(d->data, "has_records", json_true());
	/* Nothing attached but att: no template may say otherwise. */
	if (req->bare) {
		json_object_del(d->data, "records");
		json_object_del(d->data, "has_records");
		json_object_del(json_object_get(d->data, "evidence"), "csv");
	}

	/*
	 * The body and the subject, which carries the case tag.  A
	 * template writes a paragraph as one line; the body is folded at
	 * 76 columns (RFC 5322 2.1.1 asks for 78 at most) so that a desk's
	 * mail reader shows it without scrolling, indented blocks as they
	 * are.
	 */
	if (req->print_data) {
		out->data = json_incref(d->data);
		rc = 0;
		goto out;
	}
	if ((rc = template_fits(&t, d->data, req->provider, d->to,
	    r->err)) != 0)
		goto out;
	if ((rc = tplfile_render(&t, d->data, BODY_MAX, &raw, &subject,
	    r->err)) != 0)
		goto out;
	wrap_prose(raw.s, raw.len, 76, &body);
	/*
	 * The tag is appended when the subject carries none of this
	 * case's: a follow-up's "Re: <first subject>" keeps the thread's
	 * tag alone, so the desk's ticket system sees one case.
	 */
	snprintf(mark, sizeof(mark), "[%s #", r->tag_prefix);
	if (strstr(t.meta.subject, "case.tag") == NULL &&
	    strstr(subject, mark) == NULL) {
		s = xasprintf("%s %s", subject, tag);
		free(subject);
		subject = s;
	}
	c->subject = xstrdup(subject);

	/* The message. */
	memset(&to, 0, sizeof(to));
	to.addr = d->to;
	to.name = (char *)req->to_name;
	ma = xcalloc(atts.n + 1, sizeof(*ma));
	for (i = 0; i < atts.n; i++) {
		ma[i].filename = atts.v[i].name;
		ma[i].content_type = atts.v[i].type;
		ma[i].data = atts.v[i].data;
		ma[i].len = atts.v[i].len;
		ma[i].description = atts.v[i].desc;
	}
	memset(&ms, 0, sizeof(ms));
	ms.from = &r->from;
	ms.to = &to;
	ms.nto = 1;
	ms.cc = r->cc;
	ms.ncc = r->ncc;
	ms.subject = subject;
	ms.date = r->now;
	ms.message_id = c->message_id;
	ms.in_reply_to = req->in_reply_to != NULL ? req->in_reply_to :
	    ea.prev_mid;
	ms.references = req->references != NULL ? req->references :
	    ea.prev_mid;
	ms.body = body.s;
	ms.att = ma;
	ms.natt = atts.n;
	/*
	 * No Auto-Submitted, with --xarf too (where XARF's own mailings
	 * carry "auto-generated"): the researcher reviews the draft before
	 * it is sent, so it is not auto-generated mail in RFC 3834's sense,
	 * and the abuse desk's auto-reply with its ticket number, which the
	 * complaint asks for, must not be suppressed by it.
	 */
	ms.extra_headers = NULL;
	ms.sign_key = req->sign ? conf(r->cfg, "pgp_key") : NULL;
	if ((rc = mail_build(&ms, &msg, r->err)) != 0)
		goto out;
	/*
	 * Read back by GMime under mail_check()'s rules (each required
	 * field once, 7-bit header section, CRLF, checked addresses), and
	 * held to what is stored beside it: what the store keeps is a
	 * message a strict reader takes as written.
	 */
	memset(&mi, 0, sizeof(mi));
	if (mail_check(msg.s, msg.len, &mi, r->err) != 0) {
		dp_err_prefix(r->err, "BUG: the drafted message fails its "
		    "own check");
		rc = DP_EX_SOFTWARE;
	} else if (mi.subject == NULL || strcmp(mi.subject, subject) != 0 ||
	    mi.message_id == NULL ||
	    strcmp(mi.message_id, c->message_id) != 0 ||
	    mi.is_signed != (ms.sign_key != NULL))
		rc = dp_fail(r->err, DP_EX_SOFTWARE, "BUG: the drafted "
		    "message does not read back as built");
	mail_info_release(&mi);
	if (rc != 0)
		goto out;
	if ((int64_t)msg.len > r->max_size) {
		rc = dp_fail(r->err, DP_EX_DATAERR, "the message would be %zu "
		    "bytes, more than max_message_size (%lld): select less "
		    "evidence (--kind, --since)%s", msg.len,
		    (long long)r->max_size, req->xarf ? " or leave out --xarf" :
		    "");
		goto out;
	}

	/* Stored as a draft, with its entry. */
	c->from_addr = xstrdup(r->from.addr);
	complaint_add_to(c, d->to);
	for (i = 0; i < r->ncc; i++)
		complaint_add_cc(c, r->cc[i].addr);
	for (i = 0; i < req->nkinds; i++)
		complaint_add_kind(c, req->kinds[i]);
	c->has_since = req->has_since;
	c->sel_since = req->since;
	if ((rc = complaint_store_draft(r->db, c, msg.s, msg.len,
	    r->err)) != 0)
		goto out;
	/* As stored, with the provider's name. */
	complaint_release(c);
	rc = db_complaint_get(r->db, id, c, r->err);
out:
	free(ma);
	free(subject);
	buf_release(&body);
	buf_release(&raw);
	buf_release(&msg);
	atts_free(&atts);
	tplfile_release(&t);
	json_decref(ea.notices);
	json_decref(ea.previous);
	free(ea.prev_mid);
	return rc;
}

void
complaint_drafted_free(struct complaint_drafted *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		complaint_release(&v[i].c);
		json_decref(v[i].data);
		free(v[i].via);
		free(v[i].asns);
	}
	free(v);
}

static int
check_req(struct run *r)
{
	const struct complaint_draft_req *req = r->req;
	const char *from = conf(r->cfg, "from");
	size_t i;

	if (req->nasns == 0 && req->to == NULL)
		return dp_fail(r->err, DP_EX_USAGE, "give --upstream ASN or "
		    "--to ADDR: whom the complaint goes to");
	if (from == NULL)
		return dp_fail(r->err, DP_EX_CONFIG, "no sender identity: run "
		    "depeer config set from 'Your Name <you@example.org>'");
	if (addr_parse_mailbox(from, &r->from, r->err) != 0) {
		dp_err_prefix(r->err, "config from");
		return DP_EX_CONFIG;
	}
	if (req->sign && conf(r->cfg, "pgp_key") == NULL)
		return dp_fail(r->err, DP_EX_CONFIG, "--sign needs a key: run "
		    "depeer config set pgp_key KEYID (gpg --list-secret-keys "
		    "shows yours)");
	if (req->to != NULL && addr_normalize(req->to, &r->to, r->err) != 0)
		return DP_EX_DATAERR;
	r->cc = xcalloc(req->ncc + 1, sizeof(*r->cc));
	for (i = 0; i < req->ncc; i++) {
		if (addr_normalize(req->cc[i], &r->cc[i].addr, r->err) != 0)
			return DP_EX_DATAERR;
		r->ncc++;
	}
	for (i = 0; i < req->nkinds; i++)
		if (val_kind(req->kinds[i], r->err) != 0)
			return DP_EX_USAGE;
	return 0;
}

int
complaint_draft(struct db *db, const struct config *cfg,
    const struct complaint_draft_req *req, struct complaint_drafted **out,
    size_t *n, struct dp_err *err)
{
	struct run r;
	struct draft_req dr;
	struct draft_data *ds = NULL;
	struct complaint_drafted *v = NULL;
	size_t nds = 0, nv = 0, i, j, *group = NULL, ngroup;
	int64_t reserve;
	char *done = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	memset(&r, 0, sizeof(r));
	r.db = db;
	r.cfg = cfg;
	r.req = req;
	r.err = err;
	r.now = clock_now();
	r.max_size = config_int(cfg, "max_message_size");
	r.tag_prefix = conf(cfg, "case_tag") != NULL ? conf(cfg, "case_tag") :
	    "depeer";
	if ((rc = check_req(&r)) != 0)
		goto release;
	if ((rc = db_begin(db, err)) != 0)
		goto release;

	/* The data of each target AS (or of --to alone). */
	reserve = OVERHEAD + BODY_MAX + RECORDS_ROOM;
	for (i = 0; i < req->natt; i++)
		reserve += (int64_t)req->att[i].len;
	/* XARF's room, up to a quarter of the message: the CSV first. */
	if (req->xarf)
		reserve += config_int(cfg, "xarf_max") * XARF_ROOM <
		    r.max_size / 4 ? config_int(cfg, "xarf_max") * XARF_ROOM :
		    r.max_size / 4;
	memset(&dr, 0, sizeof(dr));
	dr.provider = req->provider;
	dr.to = r.to;
	dr.kinds = req->kinds;
	dr.nkinds = req->nkinds;
	dr.has_since = req->has_since;
	dr.since = req->since;
	dr.now = r.now;
	/* The CSV goes as base64: 3 bytes of it take 4 of the message. */
	dr.max_csv = (r.max_size - reserve) * 3 / 4;
	if (dr.max_csv < 65536)
		dr.max_csv = 65536;
	nds = req->nasns > 0 ? req->nasns : 1;
	ds = xcalloc(nds, sizeof(*ds));
	for (i = 0; i < nds; i++) {
		dr.asns = req->nasns > 0 ? &req->asns[i] : NULL;
		dr.nasns = req->nasns > 0 ? 1 : 0;
		if ((rc = draft_data_build(db, cfg, &dr, &ds[i], err)) != 0) {
			nds = i;
			goto fail;
		}
	}

	/* One complaint per abuse address, in the order of the ASes. */
	done = xcalloc(nds, 1);
	group = xcalloc(nds, sizeof(*group));
	v = xcalloc(nds, sizeof(*v));
	for (i = 0; i < nds; i++) {
		if (done[i])
			continue;
		ngroup = 0;
		for (j = i; j < nds; j++)
			if (!done[j] && strcasecmp(ds[j].to, ds[i].to) == 0) {
				done[j] = 1;
				group[ngroup++] = j;
			}
		rc = draft_one(&r, ds, group, ngroup, &v[nv++]);
		if (rc != 0)
			goto fail;
	}
	if (req->print_data)
		db_rollback(db);	/* a preview stores nothing */
	else if ((rc = db_commit(db, err)) != 0)
		goto release;
	*out = v;
	*n = nv;
	v = NULL;
	nv = 0;
	goto release;
fail:
	db_rollback(db);
release:
	complaint_drafted_free(v, nv);
	for (i = 0; i < nds; i++)
		draft_data_release(&ds[i]);
	free(ds);
	free(done);
	free(group);
	mailbox_release(&r.from);
	for (i = 0; i < r.ncc; i++)
		mailbox_release(&r.cc[i]);
	free(r.cc);
	free(r.to);
	return rc;
}
