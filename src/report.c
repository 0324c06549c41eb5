/*
 * report.c - the status report's data, gathered once in one read
 * snapshot (report.h, report_int.h), and the words every format shares:
 * the summary, the caveats, the sentences of the impact.  The renderers
 * only lay out what is here.
 */
#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "complaint.h"
#include "complaint_store.h"
#include "complaint_track.h"
#include "db.h"
#include "db_report.h"
#include "event_store.h"
#include "exitcodes.h"
#include "impact.h"
#include "ipnet.h"
#include "measure_store.h"
#include "provider.h"
#include "report_int.h"
#include "source.h"
#include "track.h"
#include "upstream.h"
#include "validate.h"

/* The window impact compares on each side (depeer impact's default). */
#define REPORT_WINDOW	(7 * 86400)

int
report_format_parse(const char *name, enum report_format *f)
{
	if (strcmp(name, "text") == 0)
		*f = REPORT_TEXT;
	else if (strcmp(name, "markdown") == 0 || strcmp(name, "md") == 0)
		*f = REPORT_MARKDOWN;
	else if (strcmp(name, "html") == 0)
		*f = REPORT_HTML;
	else if (strcmp(name, "json") == 0)
		*f = REPORT_JSON;
	else
		return -1;
	return 0;
}

const char *
report_format_ext(enum report_format f)
{
	switch (f) {
	case REPORT_MARKDOWN:
		return "md";
	case REPORT_HTML:
		return "html";
	case REPORT_JSON:
		return "json";
	case REPORT_TEXT:
	default:
		return "txt";
	}
}

/* ---- gathering ---- */

static char *
shown(struct report_data *d, const char *s)
{
	if (s == NULL)
		return NULL;
	return d->red != NULL ? redact_text(d->red, s) : xstrdup(s);
}

static char *
shown_addr(struct report_data *d, const char *s)
{
	if (s == NULL)
		return NULL;
	return d->red != NULL ? redact_address(d->red, s) : xstrdup(s);
}

static void
cite_source(struct report_data *d, int64_t id)
{
	size_t i;

	if (id <= 0)
		return;
	for (i = 0; i < d->nsources; i++)
		if (d->sources[i].id == id)
			return;
	d->sources = xreallocarray(d->sources, d->nsources + 1,
	    sizeof(*d->sources));
	memset(&d->sources[d->nsources], 0, sizeof(*d->sources));
	d->sources[d->nsources++].id = id;
}

static int
src_cmp(const void *a, const void *b)
{
	const struct rep_source *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static const char *
link_name(const struct report_data *d, uint32_t asn)
{
	size_t i;

	for (i = 0; i < d->nlinks; i++)
		if (d->links[i].upstream == asn && d->links[i].name != NULL)
			return d->links[i].name;
	return NULL;
}

static int
gather_links(struct db *db, struct report_data *d, struct dp_err *err)
{
	struct upstream_history h;
	struct draft_link dl;
	struct draft_link_src *src;
	struct rep_link *l;
	size_t i, j, k, ns;
	int rc;

	if ((rc = upstream_history(db, d->name, &h, err)) != 0)
		return rc;
	for (i = 0; i < h.norigins; i++)
		for (j = 0; j < h.origins[i].nlinks; j++) {
			const struct upstream_seen *u = &h.origins[i].links[j];

			d->links = xreallocarray(d->links, d->nlinks + 1,
			    sizeof(*d->links));
			l = &d->links[d->nlinks++];
			memset(l, 0, sizeof(*l));
			l->origin = u->asn;
			l->upstream = u->upstream;
			l->name = u->name != NULL ? xstrdup(u->name) : NULL;
			l->confidence = u->confidence;
			l->first_seen = u->first_seen;
			l->last_seen = u->last_seen;
			l->gone_since = u->gone_since;
			l->last_run = h.origins[i].last_run;
			if ((rc = db_draft_link_find(db, u->asn, u->upstream,
			    &dl, err)) != 0)
				goto out;
			rc = db_draft_link_sources(db, dl.id, &src, &ns, err);
			db_draft_link_release(&dl);
			if (rc != 0)
				goto out;
			l->src = xcalloc(ns > 0 ? ns : 1, sizeof(*l->src));
			for (k = 0; k < ns; k++) {
				l->src[k].source_id = src[k].source_id;
				l->src[k].method = xstrdup(src[k].method);
				l->src[k].detail = shown(d, src[k].detail);
				cite_source(d, src[k].source_id);
			}
			l->nsrc = ns;
			db_draft_link_src_free(src, ns);
		}
	rc = 0;
out:
	upstream_history_release(&h);
	return rc;
}

static struct rep_party *
party_for(struct report_data *d, const struct complaint *c)
{
	const char *addr = c->nto > 0 ? c->to[0] : "";
	struct rep_party *p;
	const char *nm;
	size_t i;
	char *a;

	a = shown_addr(d, addr);
	for (i = 0; i < d->nparties; i++)
		if (d->parties[i].asn == c->upstream_asn &&
		    strcmp(d->parties[i].address, a) == 0) {
			free(a);
			return &d->parties[i];
		}
	d->parties = xreallocarray(d->parties, d->nparties + 1,
	    sizeof(*d->parties));
	p = &d->parties[d->nparties++];
	memset(p, 0, sizeof(*p));
	p->asn = c->upstream_asn;
	p->address = a;
	/* a complaint to --to ADDR names no AS: the address alone */
	nm = c->upstream_asn != 0 ? link_name(d, c->upstream_asn) : NULL;
	p->name = nm != NULL ? xstrdup(nm) : NULL;
	return p;
}

static void
add_reply(struct rep_party *p, int64_t at, const char *what,
    char *text, int64_t cid, int64_t mail, int64_t seq)
{
	struct rep_reply *r;

	p->replies = xreallocarray(p->replies, p->nreplies + 1,
	    sizeof(*p->replies));
	r = &p->replies[p->nreplies++];
	r->at = at;
	r->what = xstrdup(what);
	r->text = text;
	r->complaint_id = cid;
	r->mail_id = mail;
	r->audit_seq = seq;
}

static int
reply_cmp(const void *a, const void *b)
{
	const struct rep_reply *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return x->audit_seq < y->audit_seq ? -1 : x->audit_seq > y->audit_seq;
}

/* A state a party's answer (or a bounce) moved a complaint to. */
static int
answer_state(const char *s)
{
	return strcmp(s, "acknowledged") == 0 || strcmp(s, "answered") == 0 ||
	    strcmp(s, "resolved") == 0 || strcmp(s, "rejected") == 0 ||
	    strcmp(s, "bounced") == 0;
}

static int
gather_complaints(struct db *db, struct report_data *d, struct dp_err *err)
{
	struct complaint *c = NULL;
	struct complaint_ev *ev;
	struct mailrec *m;
	struct rep_party *p;
	struct rep_msg *msg;
	struct buf to = BUF_INIT;
	size_t nc = 0, nev, nm, i, j, k;
	int64_t sent;
	int rc;

	if ((rc = complaint_list(db, d->name, NULL, &c, &nc, err)) != 0)
		return rc;
	for (i = 0; i < nc; i++) {
		/* a status update to a journalist is no complaint: it is on
		   the timeline, not among the parties asked to act */
		if (complaint_is_media_update(&c[i]))
			continue;
		if ((rc = complaint_ev_list(db, c[i].id, &ev, &nev, err)) != 0)
			goto out;
		for (j = 0, sent = 0; j < nev; j++)
			if (strcmp(ev[j].to_state, "sent") == 0)
				sent++;
		if (sent == 0) {	/* a draft: nobody was told */
			complaint_ev_free(ev, nev);
			continue;
		}
		p = party_for(d, &c[i]);
		free(d->contact);
		d->contact = shown_addr(d, c[i].from_addr);
		p->complaints = xreallocarray(p->complaints,
		    p->ncomplaints + 1, sizeof(*p->complaints));
		p->complaints[p->ncomplaints++] = c[i].id;
		free(p->state);
		p->state = xstrdup(c[i].state);
		for (j = 0; j < nev; j++) {
			if (strcmp(ev[j].to_state, "sent") == 0) {
				p->sent++;
				if (p->first_sent == 0 ||
				    ev[j].at < p->first_sent)
					p->first_sent = ev[j].at;
				if (ev[j].at > p->last_sent)
					p->last_sent = ev[j].at;
			} else if (answer_state(ev[j].to_state) &&
			    ev[j].mail_id == 0)
				/* by hand: a call, a web form, a note */
				add_reply(p, ev[j].at, ev[j].to_state,
				    shown(d, ev[j].note), c[i].id, 0,
				    ev[j].audit_seq);
		}
		complaint_ev_free(ev, nev);
		if ((rc = mail_store_list(db, c[i].id, &m, &nm, err)) != 0)
			goto out;
		for (j = 0; j < nm; j++) {
			struct rep_mail *rm;

			if (strcmp(m[j].mclass, "delivered") == 0)
				continue;
			add_reply(p, m[j].has_date ? m[j].date :
			    m[j].imported_at, m[j].mclass,
			    d->red != NULL ? NULL : shown(d, m[j].subject),
			    c[i].id, m[j].id, m[j].audit_seq);
			d->mails = xreallocarray(d->mails, d->nmails + 1,
			    sizeof(*d->mails));
			rm = &d->mails[d->nmails++];
			memset(rm, 0, sizeof(*rm));
			rm->id = m[j].id;
			rm->complaint_id = c[i].id;
			rm->from = shown_addr(d, m[j].from_addr);
			rm->at = m[j].has_date ? m[j].date : m[j].imported_at;
			rm->mclass = xstrdup(m[j].mclass);
			memcpy(rm->sha256, m[j].sha256, 65);
			rm->audit_seq = m[j].audit_seq;
		}
		mailrec_free(m, nm);
		if (p->nreplies > 1)
			qsort(p->replies, p->nreplies, sizeof(*p->replies),
			    reply_cmp);
		d->msgs = xreallocarray(d->msgs, d->nmsgs + 1,
		    sizeof(*d->msgs));
		msg = &d->msgs[d->nmsgs++];
		memset(msg, 0, sizeof(*msg));
		msg->id = c[i].id;
		buf_reset(&to);
		for (k = 0; k < c[i].nto; k++) {
			char *a = shown_addr(d, c[i].to[k]);

			buf_addf(&to, "%s%s", k > 0 ? ", " : "", a);
			free(a);
		}
		msg->to = xstrdup(to.s);
		msg->state = xstrdup(c[i].state);
		msg->version = c[i].version;
		memcpy(msg->sha256, c[i].sha256, 65);
		msg->audit_seq = c[i].audit_seq;
		for (k = 0; k < c[i].nsources; k++)
			cite_source(d, c[i].sources[k]);
	}
	rc = 0;
out:
	buf_release(&to);
	complaint_list_free(c, nc);
	return rc;
}

/* The line of a timeline item: what happened, in a sentence. */
static char *
tl_sentence(struct report_data *d, const struct tl_item *it)
{
	struct buf b = BUF_INIT;
	char *s;
	const char *nm;

	if (it->event_id != 0) {
		nm = it->upstream_asn != 0 ? link_name(d, it->upstream_asn) :
		    NULL;
		if (strcmp(it->kind, "upstream-lost") == 0)
			buf_addf(&b, "Upstream AS%" PRIu32 "%s%s%s no longer "
			    "carries %s", it->upstream_asn, nm ? " (" : "",
			    nm ? nm : "", nm ? ")" : "", d->name);
		else if (strcmp(it->kind, "upstream-gained") == 0)
			buf_addf(&b, "%s gained upstream AS%" PRIu32 "%s%s%s",
			    d->name, it->upstream_asn, nm ? " (" : "",
			    nm ? nm : "", nm ? ")" : "");
		else if (strcmp(it->kind, "de-peered") == 0)
			buf_addf(&b, "%s de-peered: no upstream carries it",
			    d->name);
		else if (strcmp(it->kind, "offline") == 0)
			buf_addf(&b, "%s offline: its prefixes withdrawn",
			    d->name);
		else if (strcmp(it->kind, "back-online") == 0)
			buf_addf(&b, "%s back online", d->name);
		else if (strcmp(it->kind, "rehomed") == 0)
			buf_addf(&b, "%s rehomed behind AS%" PRIu32 "%s%s%s",
			    d->name, it->upstream_asn, nm ? " (" : "",
			    nm ? nm : "", nm ? ")" : "");
		else
			buf_addf(&b, "Note");
	} else {
		char *to = NULL, *p, *q;

		/* the recipients, each shown as redaction allows */
		if (it->recipient != NULL) {
			struct buf t = BUF_INIT;

			to = xstrdup(it->recipient);
			for (p = to; p != NULL; p = q) {
				char *a;

				if ((q = strstr(p, ", ")) != NULL) {
					*q = '\0';
					q += 2;
				}
				a = shown_addr(d, p);
				buf_addf(&t, "%s%s", t.len > 0 ? ", " : "", a);
				free(a);
			}
			free(to);
			to = buf_detach(&t, NULL);
		}
		if (it->media) {
			buf_addf(&b, "Status update %" PRId64 " sent to %s",
			    it->complaint_id, to != NULL ? to : "-");
			if (it->outlet != NULL)
				buf_addf(&b, " (%s)", it->outlet);
			free(to);
			to = NULL;
			goto note;
		}
		buf_addf(&b, "Complaint %" PRId64 " to %s", it->complaint_id,
		    to != NULL ? to : "-");
		if (it->upstream_asn != 0)
			buf_addf(&b, " (upstream AS%" PRIu32 ")",
			    it->upstream_asn);
		buf_addf(&b, ": %s", it->kind);
		if (it->by != NULL && strcmp(it->by, "inbox") == 0)
			buf_adds(&b, " (by its reply)");
		free(to);
	}
note:
	if (it->note != NULL) {
		s = shown(d, it->note);
		buf_addf(&b, ": %s", s);
		free(s);
	}
	return buf_detach(&b, NULL);
}

static int
gather_timeline(struct db *db, struct report_data *d, struct dp_err *err)
{
	struct timeline t;
	struct rep_tl *l;
	struct buf rec = BUF_INIT;
	size_t i;
	int rc;

	if ((rc = timeline_get(db, d->name, &t, err)) != 0)
		return rc;
	d->tl = xcalloc(t.n > 0 ? t.n : 1, sizeof(*d->tl));
	for (i = 0; i < t.n; i++) {
		const struct tl_item *it = &t.v[i];

		l = &d->tl[d->ntl++];
		l->at = it->at;
		l->what = tl_sentence(d, it);
		buf_reset(&rec);
		if (it->event_id != 0)
			buf_addf(&rec, "event %" PRId64 ", ", it->event_id);
		buf_addf(&rec, "audit %" PRId64, it->audit_seq);
		if (it->mail_id != 0)
			buf_addf(&rec, ", mail %" PRId64, it->mail_id);
		if (it->source_id != 0) {
			buf_addf(&rec, ", source %" PRId64, it->source_id);
			cite_source(d, it->source_id);
		}
		l->record = xstrdup(rec.s);
		if (it->event_id != 0 && strcmp(it->kind, "note") != 0) {
			d->marks = xreallocarray(d->marks, d->nmarks + 1,
			    sizeof(*d->marks));
			d->marks[d->nmarks].at = it->at;
			d->marks[d->nmarks].label = it->upstream_asn != 0 ?
			    xasprintf("%s AS%" PRIu32 " (event %" PRId64 ")",
			    it->kind, it->upstream_asn, it->event_id) :
			    xasprintf("%s (event %" PRId64 ")", it->kind,
			    it->event_id);
			d->marks[d->nmarks++].measured =
			    d->has_event && it->event_id == d->event_id;
		}
	}
	buf_release(&rec);
	timeline_release(&t);
	return 0;
}

/* The event measured: --at, else the last withdrawal (none is no error). */
static int
gather_event(struct db *db, struct report_data *d, struct dp_err *err)
{
	const char *at = d->o->at, *id;
	struct pevent ev;
	long long v;
	char *end;
	int rc;

	if (at == NULL) {
		rc = event_last_withdrawal(db, d->name, &ev, err);
		if (rc == DP_EX_NOINPUT) {
			d->no_event = xstrdup("the timeline has no "
			    "upstream-lost or de-peered event to measure at");
			*err = (struct dp_err)DP_ERR_INIT;
			return 0;
		}
		if (rc != 0)
			return rc;
	} else {
		/* "event:ID" or the bare ID, as impact --at takes it */
		id = strncmp(at, "event:", 6) == 0 ? at + 6 :
		    *at != '\0' && strspn(at, "0123456789") == strlen(at) ?
		    at : NULL;
		if (id == NULL) {
			if (val_time(at, &d->event_at, err) != 0) {
				dp_err_prefix(err, "'--at'");
				err->code = DP_EX_USAGE;
				return DP_EX_USAGE;
			}
			d->has_event = 1;
			return 0;
		}
		v = strtoll(id, &end, 10);
		if (*id == '\0' || !isdigit((unsigned char)*id) ||
		    *end != '\0' || v <= 0)
			return dp_fail(err, DP_EX_USAGE, "'--at': '%s' is not "
			    "a time or event:ID", at);
		if ((rc = event_get(db, v, &ev, err)) != 0)
			return rc;
		if (ev.provider_id != d->provider_id) {
			pevent_release(&ev);
			return dp_fail(err, DP_EX_NOINPUT, "event %lld is not "
			    "on the timeline of provider '%s'", v, d->name);
		}
	}
	d->has_event = 1;
	d->event_at = ev.at;
	d->event_id = ev.id;
	snprintf(d->event_kind, sizeof(d->event_kind), "%s", ev.kind);
	pevent_release(&ev);
	return 0;
}

static int
gather_one_series(struct db *db, struct report_data *d, const char *name,
    struct dp_err *err)
{
	struct measure_series ms;
	struct measure_point *p;
	struct rep_series *s;
	struct dp_err e2 = DP_ERR_INIT;
	size_t n, i;
	int rc;

	if ((rc = measure_points(db, name, &ms, &p, &n, err)) != 0)
		return rc;
	d->series = xreallocarray(d->series, d->nseries + 1,
	    sizeof(*d->series));
	s = &d->series[d->nseries++];
	memset(s, 0, sizeof(*s));
	s->name = xstrdup(ms.name);
	s->interval_s = ms.interval_s;
	s->points = ms.points;
	s->first_t = ms.first_t;
	s->last_t = ms.last_t;
	s->total = ms.total;
	rep_downsample(p, n, REPORT_CHART_MAX, &s->chart, &s->chart_lo,
	    &s->chart_hi, &s->nchart);
	for (i = 0; i < s->nchart; i++) {
		if (i == 0 || s->chart_lo[i] < s->chart_min)
			s->chart_min = s->chart_lo[i];
		if (i == 0 || s->chart_hi[i] > s->chart_max)
			s->chart_max = s->chart_hi[i];
	}
	if (!d->has_event)
		s->not_measured = xstrdup(d->no_event);
	else if (impact_compute(p, n, ms.interval_s, d->event_at,
	    REPORT_WINDOW, &s->r, &e2) == 0)
		s->measured = 1;
	else
		s->not_measured = xstrdup(e2.msg);
	free(p);
	measure_series_release(&ms);
	return 0;
}

static int
gather_series(struct db *db, struct report_data *d, struct dp_err *err)
{
	struct measure_series *v;
	size_t n, i;
	int rc = 0;

	if (d->o->nseries > 0) {
		for (i = 0; i < d->o->nseries && rc == 0; i++)
			rc = gather_one_series(db, d, d->o->series[i], err);
		return rc;
	}
	if ((rc = measure_list(db, &v, &n, err)) != 0)
		return rc;
	for (i = 0; i < n; i++) {
		if (rc == 0)
			rc = gather_one_series(db, d, v[i].name, err);
		measure_series_release(&v[i]);
	}
	free(v);
	return rc;
}

static int
gather_sources(struct db *db, struct report_data *d, struct dp_err *err)
{
	struct source s;
	size_t i;
	int rc;
	char host[256], *c;

	if (d->nsources > 1)
		qsort(d->sources, d->nsources, sizeof(*d->sources), src_cmp);
	for (i = 0; i < d->nsources; i++) {
		struct rep_source *r = &d->sources[i];

		if ((rc = db_source_get(db, r->id, &s, err)) != 0)
			return rc;
		r->protocol = xstrdup(s.protocol);
		r->server = xstrdup(s.server);
		/* the registry's own host name is no indicator */
		if (d->red != NULL) {
			snprintf(host, sizeof(host), "%s", s.server);
			if ((c = strrchr(host, ':')) != NULL &&
			    strchr(host, ':') == c)
				*c = '\0';
			redactor_keep(d->red, host);
		}
		r->fetched_at = s.fetched_at;
		memcpy(r->sha256, s.sha256, 65);
		r->size = (int64_t)s.size;
		r->query = xstrdup(s.query);
		source_release(&s);
	}
	/* RIPEstat's endpoint file, which reads like a domain name */
	if (d->red != NULL)
		redactor_keep(d->red, "data.json");
	/* queries shown once every registry host is kept: a URL's path
	   and parameters split, so that its host stays and an address
	   inside it is still found */
	for (i = 0; i < d->nsources && d->red != NULL; i++) {
		c = redact_text_seps(d->red, d->sources[i].query, "/?=&");
		free(d->sources[i].query);
		d->sources[i].query = c;
	}
	return 0;
}

/* ---- the words every format shares ---- */

static void
add_caveat(struct report_data *d, char *s)
{
	d->caveats = xreallocarray(d->caveats, d->ncaveats + 1,
	    sizeof(*d->caveats));
	d->caveats[d->ncaveats++] = s;
}

/* What an event kind says happened, after "the timeline records that". */
static const char *
event_phrase(const char *kind)
{
	if (strcmp(kind, "upstream-lost") == 0)
		return "an upstream stopped carrying it";
	if (strcmp(kind, "de-peered") == 0)
		return "no upstream carried it any more";
	if (strcmp(kind, "offline") == 0)
		return "its prefixes were withdrawn";
	return "it changed";
}

static void
write_summary(struct report_data *d)
{
	struct buf b = BUF_INIT;
	char t1[32], t2[32], v[64], ci[128];
	size_t i, k, n, answered = 0, silent = 0;
	int64_t run;
	const struct rep_series *s = NULL;

	buf_addf(&b, "%s", d->name);
	if (d->nasns > 0) {
		buf_adds(&b, " (");
		for (i = 0; i < d->nasns; i++)
			buf_addf(&b, "%sAS%" PRIu32, i > 0 ? ", " : "",
			    d->asns[i]);
		if (d->country != NULL)
			buf_addf(&b, "; %s", d->country);
		buf_adds(&b, ")");
	}
	if (d->rows > 0)
		buf_addf(&b, " is alleged to host abuse: this case holds %"
		    PRId64 " observation%s recorded against it", d->rows,
		    d->rows == 1 ? "" : "s");
	else
		buf_adds(&b, " is the subject of this case, which holds no "
		    "observation of abuse against it yet");
	if (d->first_observed != 0)
		buf_addf(&b, ", seen from %s to %s",
		    rep_time(d->first_observed, t1),
		    rep_time(d->last_observed, t2));
	buf_adds(&b, ".");
	/* the upstreams by name, as the routing data showed them */
	for (i = 0, n = 0; i < d->nlinks; i++)
		if (d->links[i].gone_since == 0)
			n++;
	for (i = 0, run = 0; i < d->nlinks; i++)
		if (d->links[i].last_run > run)
			run = d->links[i].last_run;
	if (n > 0) {
		/* Dated: watch's events may tell a later story. */
		buf_addf(&b, " When its upstreams were last looked up (%s), "
		    "public routing data showed %s: ", rep_time(run, t1),
		    n == 1 ? "one upstream" : "these upstreams");
		for (i = 0, k = 0; i < d->nlinks; i++) {
			if (d->links[i].gone_since != 0)
				continue;
			buf_addf(&b, "%sAS%" PRIu32 "%s%s%s", k == 0 ? "" :
			    k + 1 == n ? " and " : ", ", d->links[i].upstream,
			    d->links[i].name ? " (" : "",
			    d->links[i].name ? d->links[i].name : "",
			    d->links[i].name ? ")" : "");
			k++;
		}
		buf_adds(&b, ".");
	}
	if (d->nparties > 0) {
		for (i = 0; i < d->nparties; i++) {
			if (d->parties[i].nreplies > 0)
				answered++;
			else
				silent++;
		}
		buf_addf(&b, " Complaints went to %zu part%s (the provider "
		    "or its upstream networks); %zu replied and %zu did "
		    "not.", d->nparties, d->nparties == 1 ? "y" : "ies",
		    answered, silent);
	} else
		buf_adds(&b, " No complaint has been sent yet.");
	if (d->has_event && d->event_id != 0)
		buf_addf(&b, " The timeline records that %s at %s (event %"
		    PRId64 ").", event_phrase(d->event_kind),
		    rep_time(d->event_at, t1), d->event_id);
	else if (d->has_event)
		buf_addf(&b, " The change is measured at %s.",
		    rep_time(d->event_at, t1));
	for (i = 0; i < d->nseries; i++)
		if (d->series[i].measured) {
			s = &d->series[i];
			break;
		}
	if (s != NULL && s->r.has_change) {
		rep_change(s->r.change_pct, v, sizeof(v));
		buf_addf(&b, " In the series '%s' the mean count %s over the "
		    "%" PRId64 " days after it against the %" PRId64 " days "
		    "before", s->name, v, s->r.window_s / 86400,
		    s->r.window_s / 86400);
		if (s->r.has_ci) {
			rep_ci(s->r.ci95, ci, sizeof(ci));
			buf_addf(&b, " (%s, by a moving-block bootstrap)", ci);
		}
		if (s->r.conclusive)
			buf_adds(&b, "; the methods agree, so the result is "
			    "conclusive for this series.");
		else
			buf_addf(&b, "; this is not conclusive: %s.",
			    s->r.reason);
	} else if (d->nseries > 0)
		buf_adds(&b, " No impact could be measured (see Measured "
		    "impact).");
	else
		buf_adds(&b, " No measurement of the abuse is part of this "
		    "case.");
	d->summary = buf_detach(&b, NULL);
}

static void
write_caveats(struct report_data *d)
{
	struct buf b = BUF_INIT;
	char t1[32];
	int64_t run = 0;
	size_t i;

	add_caveat(d, xstrdup("The observations are this case's own, from "
	    "its author's vantage points; they show abuse on the provider's "
	    "network, not its share of the abuse on the Internet."));
	if (d->nseries == 1)
		buf_addf(&b, "The impact rests on one series ('%s'), one "
		    "vantage point; other vantage points may see a different "
		    "change.", d->series[0].name);
	else if (d->nseries > 1)
		buf_addf(&b, "Each of the %zu series is one vantage point; "
		    "they are measured separately, not pooled.",
		    d->nseries);
	if (b.len > 0)
		add_caveat(d, buf_detach(&b, NULL));
	for (i = 0; i < d->nlinks; i++)
		if (d->links[i].last_run > run)
			run = d->links[i].last_run;
	if (d->nlinks > 0) {
		buf_addf(&b, "The upstream links are inferred from public "
		    "routing and registry data (RIPEstat, IRR, Team Cymru) as "
		    "of the dates given, last checked %s; a link not seen "
		    "there is not proof that none exists.", rep_time(run, t1));
		add_caveat(d, buf_detach(&b, NULL));
	}
	add_caveat(d, xstrdup("A change after an event is not by itself "
	    "proof that the event caused it, and abuse often moves to new "
	    "hosting within weeks: the weekly changes show whether it came "
	    "back in this series."));
	add_caveat(d, xstrdup("This report does not say whether any "
	    "authority is investigating, nor what the provider's legal "
	    "responsibility is."));
	if (d->red != NULL)
		add_caveat(d, xstrdup("Redacted for publication: IP "
		    "addresses, prefixes, domain names, URLs, file names and "
		    "personal e-mail addresses are shown as numbered "
		    "placeholders (the same value, the same number); AS "
		    "numbers, organisation names and role addresses such as "
		    "abuse@ are kept."));
}

void
report_data_release(struct report_data *d)
{
	size_t i, j;

	free(d->name);
	free(d->country);
	free(d->url);
	free(d->note);
	free(d->asns);
	for (i = 0; i < d->nprefixes; i++)
		free(d->prefixes[i]);
	free(d->prefixes);
	for (i = 0; i < d->ngroups; i++)
		free(d->groups[i].family);
	free(d->groups);
	for (i = 0; i < d->nlinks; i++) {
		free(d->links[i].name);
		for (j = 0; j < d->links[i].nsrc; j++) {
			free(d->links[i].src[j].method);
			free(d->links[i].src[j].detail);
		}
		free(d->links[i].src);
	}
	free(d->links);
	for (i = 0; i < d->nparties; i++) {
		struct rep_party *p = &d->parties[i];

		free(p->name);
		free(p->address);
		free(p->complaints);
		free(p->state);
		for (j = 0; j < p->nreplies; j++) {
			free(p->replies[j].what);
			free(p->replies[j].text);
		}
		free(p->replies);
	}
	free(d->parties);
	for (i = 0; i < d->ntl; i++) {
		free(d->tl[i].what);
		free(d->tl[i].record);
	}
	free(d->tl);
	for (i = 0; i < d->nmarks; i++)
		free(d->marks[i].label);
	free(d->marks);
	free(d->no_event);
	for (i = 0; i < d->nseries; i++) {
		struct rep_series *s = &d->series[i];

		free(s->name);
		free(s->chart);
		free(s->chart_lo);
		free(s->chart_hi);
		if (s->measured)
			impact_release(&s->r);
		free(s->not_measured);
	}
	free(d->series);
	for (i = 0; i < d->nsources; i++) {
		free(d->sources[i].protocol);
		free(d->sources[i].server);
		free(d->sources[i].query);
	}
	free(d->sources);
	for (i = 0; i < d->nmails; i++) {
		free(d->mails[i].from);
		free(d->mails[i].mclass);
	}
	free(d->mails);
	for (i = 0; i < d->nmsgs; i++) {
		free(d->msgs[i].to);
		free(d->msgs[i].state);
	}
	free(d->msgs);
	free(d->contact);
	free(d->summary);
	for (i = 0; i < d->ncaveats; i++)
		free(d->caveats[i]);
	free(d->caveats);
	redactor_free(d->red);
	memset(d, 0, sizeof(*d));
}

static int
gather(struct db *db, const char *provider, struct report_data *d,
    struct dp_err *err)
{
	struct provider p = PROVIDER_INIT;
	struct db_report_evidence ev;
	char net[IPNET_STRLEN];
	size_t i;
	int rc;

	if ((rc = db_provider_find_any(db, provider, &p, err)) != 0)
		return rc;
	d->provider_id = p.id;
	d->name = xstrdup(p.name);
	d->country = p.country != NULL ? xstrdup(p.country) : NULL;
	d->url = shown(d, p.url);
	d->note = shown(d, p.note);
	d->retired_at = p.retired_at;
	d->nasns = p.nasns;
	d->asns = xcalloc(p.nasns > 0 ? p.nasns : 1, sizeof(*d->asns));
	if (p.nasns > 0)
		memcpy(d->asns, p.asns, p.nasns * sizeof(*d->asns));
	d->prefixes = xcalloc(p.nprefixes > 0 ? p.nprefixes : 1,
	    sizeof(*d->prefixes));
	for (i = 0; i < p.nprefixes; i++) {
		ipnet_format(&p.prefixes[i], net, sizeof(net));
		d->prefixes[d->nprefixes++] = d->red != NULL ?
		    xstrdup(redact_value(d->red, "cidr", net)) : xstrdup(net);
	}
	provider_release(&p);
	if ((rc = db_report_evidence(db, d->provider_id, &ev, err)) != 0)
		return rc;
	d->rows = ev.rows;
	d->retracted = ev.retracted;
	d->undated = ev.undated;
	d->first_observed = ev.first_observed;
	d->last_observed = ev.last_observed;
	d->first_recorded = ev.first_recorded;
	d->last_recorded = ev.last_recorded;
	d->groups = xcalloc(ev.ngroups > 0 ? ev.ngroups : 1,
	    sizeof(*d->groups));
	for (i = 0; i < ev.ngroups; i++) {
		memcpy(d->groups[i].kind, ev.groups[i].kind,
		    sizeof(ev.groups[i].kind));
		d->groups[i].family = shown(d, ev.groups[i].family);
		d->groups[i].n = ev.groups[i].n;
		d->groups[i].undated = ev.groups[i].undated;
		d->groups[i].first_observed = ev.groups[i].first_observed;
		d->groups[i].last_observed = ev.groups[i].last_observed;
	}
	d->ngroups = ev.ngroups;
	db_report_evidence_release(&ev);
	if ((d->schema_version = db_schema_version(db)) < 0)
		return dp_fail(err, DP_EX_IOERR, "cannot read the schema "
		    "version");
	if ((rc = db_report_audit_head(db, &d->head_seq, d->head_hash,
	    err)) != 0 ||
	    (rc = gather_links(db, d, err)) != 0 ||
	    (rc = gather_event(db, d, err)) != 0 ||
	    (rc = gather_complaints(db, d, err)) != 0 ||
	    (rc = gather_timeline(db, d, err)) != 0 ||
	    (rc = gather_series(db, d, err)) != 0 ||
	    (rc = gather_sources(db, d, err)) != 0)
		return rc;
	write_summary(d);
	write_caveats(d);
	return 0;
}

int
report_gather(struct db *db, const char *provider,
    const struct report_opts *o, struct report_data *d, struct dp_err *err)
{
	int rc;

	memset(d, 0, sizeof(*d));
	d->o = o;
	d->generated_at = o->now;
	if (o->redact)
		d->red = redactor_new();
	if ((rc = db_begin_read(db, err)) != 0) {
		report_data_release(d);
		return rc;
	}
	rc = gather(db, provider, d, err);
	db_rollback(db);
	if (rc != 0)
		report_data_release(d);
	return rc;
}

int
report_write(struct db *db, const char *provider,
    const struct report_opts *o, struct buf *out, struct dp_err *err)
{
	struct report_data d;
	json_t *j;
	char *s;
	int rc;

	if ((rc = report_gather(db, provider, o, &d, err)) != 0)
		return rc;
	switch (o->format) {
	case REPORT_TEXT:
	case REPORT_MARKDOWN:
		report_render_text(&d, o->format == REPORT_MARKDOWN, out);
		break;
	case REPORT_HTML:
		rc = report_render_html(&d, out, err);
		break;
	case REPORT_JSON:
		j = report_render_json(&d);
		s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
		    JSON_ENSURE_ASCII);
		json_decref(j);
		if (s == NULL)
			die("out of memory");
		buf_adds(out, s);
		buf_addc(out, '\n');
		free(s);
		break;
	}
	report_data_release(&d);
	return rc;
}

int
report_summary(struct db *db, const char *provider,
    const struct report_opts *ro, char **text, struct dp_err *err)
{
	struct report_opts o = *ro;
	struct report_data d;
	int rc;

	o.format = REPORT_TEXT;
	if ((rc = report_gather(db, provider, &o, &d, err)) != 0)
		return rc;
	*text = d.summary;
	d.summary = NULL;
	report_data_release(&d);
	return 0;
}
