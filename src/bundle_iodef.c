/*
 * bundle_iodef.c - the IODEF document of a provider (bundle.h): the
 * case read from the database and handed to iodef.c, the evidence
 * streamed row by row.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "bundle.h"
#include "bundle_int.h"
#include "clock.h"
#include "complaint.h"
#include "complaint_store.h"
#include "db.h"
#include "event_store.h"
#include "evidence.h"
#include "exitcodes.h"
#include "iodef.h"
#include "outfile.h"
#include "provider.h"
#include "source.h"
#include "upstream.h"
#include "util.h"
#include "validate.h"

/* Strings the document points at, freed together. */
struct pool {
	char	**v;
	size_t	  n, cap;
};

static const char *
keep(struct pool *p, char *s)
{
	GROW(p->v, p->n + 1, p->cap);
	p->v[p->n++] = s;
	return s;
}

static void
pool_release(struct pool *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->v[i]);
	free(p->v);
}

/* One upstream AS of the provider as a contact. */
struct up {
	uint32_t	 asn;
	const char	*name;
	const char	*registry;
	struct buf	 desc;
	const char	**emails;
	size_t		 nemails, cap;
	struct iodef_contact ct;
};

static void
add_email(struct up *u, const char *addr)
{
	size_t i;

	for (i = 0; i < u->nemails; i++)
		if (strcmp(u->emails[i], addr) == 0)
			return;
	GROW(u->emails, u->nemails + 1, u->cap);
	u->emails[u->nemails++] = addr;
}

struct doc {
	struct db		*db;
	struct pool		 pool;
	struct provider		 p;
	struct ev_summary	 sum;
	struct upstream_history	 hist;
	struct complaint	*cv;
	size_t			 nc;
	struct timeline		 tl;
	struct up		*ups;	/* the provider's own contact first */
	size_t			 nups, ups_cap;
	const char		**p_regs;	/* of the provider's ASes */
	struct dp_err		*err;
	struct iodef_contact	*contacts;
	struct iodef_history	*items;
	size_t			 nitems;
	struct iodef_case	 c;
	int64_t			 head;
	struct iodef_w		*w;
};

static struct up *
find_up(struct doc *d, uint32_t asn)
{
	size_t i;

	for (i = 1; i < d->nups; i++)
		if (d->ups[i].asn == asn)
			return &d->ups[i];
	return NULL;
}

/*
 * The registry of AS asn from the stored answers complaints attach: a
 * regional registry's WHOIS or RDAP answer whose query names the AS.
 */
static const char *
registry_of(struct doc *d, uint32_t asn)
{
	char num[16];
	size_t i, j;

	snprintf(num, sizeof(num), "%" PRIu32, asn);
	for (i = 0; i < d->nc; i++)
		for (j = 0; j < d->cv[i].nsources; j++) {
			struct source s;
			struct dp_err e = DP_ERR_INIT;
			const char *r = NULL;
			char *q;

			memset(&s, 0, sizeof(s));
			if (db_source_get(d->db, d->cv[i].sources[j], &s,
			    &e) != 0)
				continue;
			/* the registry's own database, not RIPEstat or
			   an IRR mirror */
			if ((strcmp(s.protocol, "whois") == 0 ||
			    strcmp(s.protocol, "rdap") == 0) &&
			    (q = strstr(s.query, num)) != NULL &&
			    (q == s.query || q[-1] < '0' || q[-1] > '9') &&
			    (q[strlen(num)] < '0' || q[strlen(num)] > '9'))
				r = iodef_registry(s.server);
			source_release(&s);
			if (r != NULL)
				return r;
		}
	return NULL;
}

/* The contact of AS asn: the provider's own, an upstream's, or NULL. */
static struct up *
contact_of(struct doc *d, uint32_t asn)
{
	size_t i;

	if (asn == 0)
		return NULL;
	for (i = 0; i < d->p.nasns; i++)
		if (d->p.asns[i] == asn)
			return &d->ups[0];
	return find_up(d, asn);
}

static void
build_contacts(struct doc *d, const struct bundle_who *who)
{
	struct iodef_contact *ct;
	struct up *u;
	size_t i, j, k, nct = 0;
	char t1[TIME_STRLEN], t2[TIME_STRLEN];

	/* ups[0]: the provider itself, reached at its own AS numbers */
	GROW(d->ups, 1, d->ups_cap);
	memset(&d->ups[0], 0, sizeof(d->ups[0]));
	d->nups = 1;
	for (i = 0; i < d->hist.norigins; i++)
		for (j = 0; j < d->hist.origins[i].nlinks; j++) {
			const struct upstream_seen *l =
			    &d->hist.origins[i].links[j];

			if ((u = find_up(d, l->upstream)) == NULL) {
				GROW(d->ups, d->nups + 1, d->ups_cap);
				u = &d->ups[d->nups++];
				memset(u, 0, sizeof(*u));
				buf_init(&u->desc);
				u->asn = l->upstream;
				u->name = l->name;
				buf_addf(&u->desc, "upstream transit of %s",
				    d->p.name);
			}
			fmt_time(l->first_seen, t1);
			fmt_time(l->gone_since != 0 ? l->gone_since :
			    l->last_seen, t2);
			buf_addf(&u->desc, "; of AS%" PRIu32 " seen from %s "
			    "%s %s", l->asn, t1, l->gone_since != 0 ?
			    "until it was gone at" : "to", t2);
		}
	buf_init(&d->ups[0].desc);
	buf_adds(&d->ups[0].desc, "the hosting provider of the hosts in "
	    "EventData");
	if (d->p.country != NULL)
		buf_addf(&d->ups[0].desc, "; country %s", d->p.country);
	if (d->p.url != NULL)
		buf_addf(&d->ups[0].desc, "; %s", d->p.url);
	if (d->p.note != NULL)
		buf_addf(&d->ups[0].desc, "; %s", d->p.note);
	for (i = 0; i < d->nc; i++) {
		const struct complaint *c = &d->cv[i];

		if (c->audit_seq > d->head || complaint_is_media_update(c))
			continue;
		if ((u = contact_of(d, c->upstream_asn)) != NULL)
			for (k = 0; k < c->nto; k++)
				add_email(u, c->to[k]);
	}
	d->contacts = xcalloc(d->nups + 1, sizeof(*d->contacts));
	if (who != NULL && (who->organisation != NULL || who->name != NULL ||
	    who->addr != NULL)) {
		ct = &d->contacts[nct++];
		ct->role = "creator";
		ct->type = who->organisation != NULL ? "organization" :
		    "person";
		ct->name = who->organisation != NULL ? who->organisation :
		    who->name;
		if (who->addr != NULL) {
			ct->emails = &who->addr;
			ct->nemails = 1;
		}
	}
	for (i = 0; i < d->nups; i++) {
		u = &d->ups[i];
		ct = &u->ct;
		ct->type = "organization";
		ct->description = u->desc.s;
		ct->emails = u->emails;
		ct->nemails = u->nemails;
		if (i == 0) {
			ct->role = "provider";
			ct->name = d->p.name;
			d->p_regs = xcalloc(d->p.nasns + 1,
			    sizeof(*d->p_regs));
			for (j = 0; j < d->p.nasns; j++)
				d->p_regs[j] = registry_of(d, d->p.asns[j]);
			ct->asns = d->p.asns;
			ct->registries = d->p_regs;
			ct->nasns = d->p.nasns;
		} else {
			ct->role = "abuse";
			ct->name = u->name != NULL ? keep(&d->pool,
			    xasprintf("AS%" PRIu32 " %s", u->asn, u->name)) :
			    keep(&d->pool, xasprintf("AS%" PRIu32, u->asn));
			u->registry = registry_of(d, u->asn);
			ct->asns = &u->asn;
			ct->registries = &u->registry;
			ct->nasns = 1;
		}
		d->contacts[nct++] = *ct;
	}
	d->c.contacts = d->contacts;
	d->c.ncontacts = nct;
}

static const struct complaint *
complaint_of(struct doc *d, int64_t id)
{
	size_t i;

	for (i = 0; i < d->nc; i++)
		if (d->cv[i].id == id)
			return &d->cv[i];
	return NULL;
}

static void
build_history(struct doc *d)
{
	size_t i;
	int sent = 0;

	d->items = xcalloc(d->tl.n + 1, sizeof(*d->items));
	for (i = 0; i < d->tl.n; i++) {
		const struct tl_item *it = &d->tl.v[i];
		struct iodef_history *h = &d->items[d->nitems];
		const struct complaint *c;
		struct buf b = BUF_INIT;
		struct up *u;

		/* status updates to journalists are not for CERTs */
		if (it->audit_seq > d->head || it->media)
			continue;
		h->at = it->at;
		h->action = "status-new-info";
		if (it->complaint_id != 0) {
			c = complaint_of(d, it->complaint_id);
			buf_addf(&b, "complaint #%" PRId64 " to %s: %s",
			    it->complaint_id, it->recipient != NULL ?
			    it->recipient : "?", it->kind);
			if (strcmp(it->kind, "sent") == 0) {
				/* to the networks serving the source */
				h->action = "contact-source-site";
				u = c != NULL ? contact_of(d, c->upstream_asn) :
				    NULL;
				if (u != NULL)
					h->contact = &u->ct;
				if (!sent || it->at < d->c.report_time)
					d->c.report_time = it->at;
				sent = 1;
				if (c != NULL)
					buf_addf(&b, " (state now %s)",
					    c->state);
			}
			if (it->reply != NULL)
				buf_addf(&b, "; server: %s", it->reply);
			if (it->mail_id != 0)
				buf_addf(&b, "; mail %" PRId64, it->mail_id);
		} else {
			buf_addf(&b, "%s", it->kind);
			if (it->upstream_asn != 0)
				buf_addf(&b, " (upstream AS%" PRIu32 ")",
				    it->upstream_asn);
		}
		if (it->note != NULL)
			buf_addf(&b, ": %s", it->note);
		if (it->source_id != 0)
			buf_addf(&b, " [registry answer %" PRId64 "]",
			    it->source_id);
		h->description = keep(&d->pool, buf_detach(&b, NULL));
		d->nitems++;
	}
	d->c.history = d->items;
	d->c.nhistory = d->nitems;
	d->c.has_report = sent;
	d->c.status = sent ? "in-progress" : "new";
}

static void
build_head(struct doc *d, const struct bundle_who *who)
{
	const char *tag = who != NULL && who->case_tag != NULL ?
	    who->case_tag : "depeer";
	const char *at = who != NULL && who->addr != NULL ?
	    strrchr(who->addr, '@') : NULL;
	struct buf b = BUF_INIT;
	char t1[TIME_STRLEN], t2[TIME_STRLEN];
	size_t i, nc = 0;

	d->c.id_name = at != NULL && at[1] != '\0' ? at + 1 : tag;
	d->c.id = keep(&d->pool, xasprintf("%s-P%" PRId64, tag, d->p.id));
	if (d->sum.first_observed != 0 || d->sum.last_observed != 0) {
		d->c.has_detect = 1;
		d->c.detect_time = d->sum.first_observed;
	}
	buf_addf(&b, "%s, a hosting provider", d->p.name);
	for (i = 0; i < d->p.nasns; i++)
		buf_addf(&b, "%sAS%" PRIu32, i == 0 ? " at " : ", ",
		    d->p.asns[i]);
	buf_addf(&b, ": %" PRId64 " evidence row%s", d->sum.rows,
	    d->sum.rows == 1 ? "" : "s");
	if (d->c.has_detect) {
		fmt_time(d->sum.first_observed, t1);
		fmt_time(d->sum.last_observed, t2);
		buf_addf(&b, " observed from %s to %s", t1, t2);
	}
	if (d->sum.retracted > 0)
		buf_addf(&b, " (%" PRId64 " retracted and left out)",
		    d->sum.retracted);
	for (i = 0; i < d->nc; i++)
		if (d->cv[i].audit_seq <= d->head &&
		    !complaint_is_media_update(&d->cv[i]))
			nc++;
	buf_addf(&b, "; %zu upstream%s recorded; %zu complaint%s.",
	    d->nups - 1, d->nups == 2 ? "" : "s", nc, nc == 1 ? "" : "s");
	d->c.description = keep(&d->pool, buf_detach(&b, NULL));
	for (i = 0; i < d->sum.nkinds; i++)
		buf_addf(&b, "%s%s %" PRId64, i == 0 ? "" : ", ",
		    d->sum.kinds[i].kind, d->sum.kinds[i].n);
	if (d->sum.nkinds > 0)
		d->c.category = keep(&d->pool, buf_detach(&b, NULL));
	buf_release(&b);
}

static int
one_row(const struct evidence *e, void *arg)
{
	struct doc *d = arg;
	struct iodef_event ev;
	char hex[SHA256_HEXLEN];

	if (e->audit_seq > d->head)
		return 0;
	sha256_hex(e->row_hash, hex);
	memset(&ev, 0, sizeof(ev));
	ev.id = e->id;
	ev.kind = e->kind;
	ev.indicator = e->indicator;
	ev.type = e->indicator_type;
	ev.has_observed = e->has_observed;
	ev.observed_at = e->observed_at;
	ev.family = e->family;
	ev.source = e->source;
	ev.note = e->note;
	ev.row_sha256 = hex;
	return iodef_event(d->w, &ev, d->err);
}

static void
doc_release(struct doc *d)
{
	size_t i;

	for (i = 0; i < d->nups; i++) {
		buf_release(&d->ups[i].desc);
		free(d->ups[i].emails);
	}
	free(d->ups);
	free(d->p_regs);
	free(d->contacts);
	free(d->items);
	timeline_release(&d->tl);
	complaint_list_free(d->cv, d->nc);
	upstream_history_release(&d->hist);
	free(d->sum.kinds);
	provider_release(&d->p);
	pool_release(&d->pool);
}

int
bundle_iodef_sink(struct db *db, const char *provider,
    const struct bundle_who *who, int64_t head, int64_t now,
    iodef_sink sink, void *arg, struct dp_err *err)
{
	struct doc d;
	struct ev_filter f;
	int rc;

	memset(&d, 0, sizeof(d));
	d.db = db;
	d.head = head;
	d.c.generation_time = now;
	d.err = err;
	d.p = (struct provider)PROVIDER_INIT;
	if ((rc = db_provider_find(db, provider, &d.p, err)) != 0)
		return rc;
	if ((rc = db_evidence_summary(db, d.p.id, &d.sum, err)) != 0 ||
	    (rc = upstream_history(db, d.p.name, &d.hist, err)) != 0 ||
	    (rc = complaint_list(db, d.p.name, NULL, &d.cv, &d.nc,
	    err)) != 0 ||
	    (rc = timeline_get(db, d.p.name, &d.tl, err)) != 0)
		goto out;
	build_contacts(&d, who);
	build_head(&d, who);
	build_history(&d);
	if ((d.w = iodef_begin(&d.c, sink, arg, err)) == NULL) {
		rc = err->code != 0 ? err->code : DP_EX_SOFTWARE;
		goto out;
	}
	memset(&f, 0, sizeof(f));
	f.provider_id = d.p.id;
	f.hide_retracted = 1;
	if ((rc = db_evidence_iter(db, &f, one_row, &d, err)) != 0) {
		iodef_abort(d.w);
		goto out;
	}
	rc = iodef_end(d.w, err);
out:
	doc_release(&d);
	return rc;
}

static int
file_sink(void *arg, const char *bytes, size_t len)
{
	return fwrite(bytes, 1, len, arg) == len ? 0 : -1;
}

int
bundle_iodef(struct db *db, const char *provider,
    const struct bundle_who *who, const char *path, int force,
    struct dp_err *err)
{
	struct provider p = PROVIDER_INIT;
	struct outfile *of;
	int rc;

	/* an unknown provider before anything is created */
	if ((rc = db_provider_find(db, provider, &p, err)) != 0)
		return rc;
	provider_release(&p);
	if ((rc = outfile_open_mode(path, 0666, force, &of, err)) != 0)
		return rc;
	if ((rc = bundle_iodef_sink(db, provider, who, INT64_MAX,
	    clock_doc_stamp(), file_sink,
	    outfile_fp(of), err)) != 0) {
		outfile_abort(of);
		return rc;
	}
	return outfile_commit(of, err);
}

int
bundle_iodef_stream(struct db *db, const char *provider,
    const struct bundle_who *who,
    int (*sink)(void *arg, const char *bytes, size_t len), void *arg,
    struct dp_err *err)
{
	return bundle_iodef_sink(db, provider, who, INT64_MAX,
	    clock_doc_stamp(), sink, arg, err);
}
