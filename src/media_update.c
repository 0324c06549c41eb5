/*
 * media_update.c - the status updates of a case to its media contacts
 * (media_update.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "asn.h"
#include "buf.h"
#include "bundle.h"
#include "clock.h"
#include "complaint.h"
#include "complaint_draft.h"
#include "db.h"
#include "event_store.h"
#include "exitcodes.h"
#include "mail.h"
#include "media.h"
#include "media_store.h"
#include "media_update.h"
#include "report.h"
#include "validate.h"

char *
media_change_text(const struct tl_item *it, int redact)
{
	char a[ASN_STRLEN], up[ASN_STRLEN + 16];
	const char *k = it->kind, *to = it->recipient != NULL ?
	    it->recipient : "the abuse desk";

	if (it->upstream_asn != 0)
		snprintf(up, sizeof(up), "%s", asn_format(it->upstream_asn,
		    a));
	else
		snprintf(up, sizeof(up), "an upstream");
	if (it->complaint_id != 0) {
		if (strcmp(k, "sent") == 0)
			return it->upstream_asn != 0 ? xasprintf("we wrote to "
			    "%s, the abuse desk of %s (complaint #%" PRId64 ")",
			    to, up, it->complaint_id) : xasprintf("we wrote to "
			    "%s (complaint #%" PRId64 ")", to,
			    it->complaint_id);
		if (strcmp(k, "acknowledged") == 0)
			return xasprintf("%s acknowledged complaint #%" PRId64
			    " (an automatic receipt, not yet an answer)", to,
			    it->complaint_id);
		if (strcmp(k, "answered") == 0)
			return xasprintf("%s answered complaint #%" PRId64, to,
			    it->complaint_id);
		if (strcmp(k, "bounced") == 0)
			return xasprintf("complaint #%" PRId64 " to %s could "
			    "not be delivered", it->complaint_id, to);
		if (strcmp(k, "escalated") == 0)
			return xasprintf("with no action on complaint #%" PRId64
			    ", we escalated to the next network up",
			    it->complaint_id);
		if (strcmp(k, "resolved") == 0)
			return xasprintf("complaint #%" PRId64 " to %s was "
			    "resolved", it->complaint_id, to);
		if (strcmp(k, "rejected") == 0)
			return xasprintf("%s declined to act on complaint #%"
			    PRId64, to, it->complaint_id);
		if (strcmp(k, "no-response") == 0)
			return xasprintf("%s did not answer complaint #%" PRId64
			    " in time", to, it->complaint_id);
		return xasprintf("complaint #%" PRId64 ": %s",
		    it->complaint_id, k);
	}
	if (strcmp(k, "upstream-lost") == 0)
		return xasprintf("%s stopped carrying the provider's routes",
		    up);
	if (strcmp(k, "upstream-gained") == 0)
		return xasprintf("%s began carrying the provider's routes", up);
	if (strcmp(k, "de-peered") == 0)
		return xstrdup("the provider lost its last upstream "
		    "(de-peered)");
	if (strcmp(k, "offline") == 0)
		return xstrdup("every network of the provider was withdrawn "
		    "from the Internet's routing tables (offline)");
	if (strcmp(k, "back-online") == 0)
		return xstrdup("the provider's networks were announced again "
		    "(back online)");
	if (strcmp(k, "rehomed") == 0)
		return xasprintf("the provider came back through a new "
		    "upstream, %s", up);
	if (strcmp(k, "note") == 0)
		return redact || it->note == NULL ? xstrdup("a note was "
		    "recorded (see the report)") : xasprintf("note: %s",
		    it->note);
	return xstrdup(k);
}

/* The changes since the last update sent to addr, and its time. */
static json_t *
changes_for(const struct timeline *t, const char *addr, int redact,
    int64_t *since)
{
	char when[TIME_STRLEN];
	json_t *a = json_array(), *o;
	size_t i;
	char *s;

	*since = 0;
	for (i = 0; i < t->n; i++)
		if (t->v[i].media && t->v[i].recipient != NULL &&
		    strcasecmp(t->v[i].recipient, addr) == 0)
			*since = t->v[i].at;
	for (i = 0; i < t->n; i++) {
		if (t->v[i].media || t->v[i].at <= *since)
			continue;
		fmt_time(t->v[i].at, when);
		/* "2008-11-11 21:23 UTC" */
		when[10] = ' ';
		when[16] = '\0';
		o = json_object();
		json_object_set_new(o, "at", json_pack("s+", when, " UTC"));
		s = media_change_text(&t->v[i], redact);
		json_object_set_new(o, "text", json_string(s));
		free(s);
		json_array_append_new(a, o);
	}
	return a;
}

int
media_update_draft(struct db *db, const struct config *cfg,
    const struct media_update_req *req, struct complaint_drafted **out,
    struct media_contact **contacts, size_t *n, struct dp_err *err)
{
	struct complaint_drafted *v = NULL, *one;
	struct media_contact *m = NULL;
	struct report_opts ro;
	struct timeline t;
	struct mail_attachment att[2];
	struct complaint_draft_req dr;
	struct buf html = BUF_INIT, sums = BUF_INIT;
	char *summary = NULL, since_s[TIME_STRLEN];
	size_t nm = 0, i, k, nv = 0;
	int64_t since;
	json_t *extra, *changes;
	int rc, redact = !req->unredacted, bundle_written = 0;

	*out = NULL;
	*contacts = NULL;
	*n = 0;
	memset(&t, 0, sizeof(t));
	if ((rc = media_list(db, req->provider, 0, &m, &nm, err)) != 0)
		return rc;
	if (nm == 0) {
		rc = dp_fail(err, DP_EX_NOINPUT, "provider '%s' has no media "
		    "contact: add one with depeer media add NAME ADDR "
		    "--provider %s", req->provider, req->provider);
		goto out;
	}
	memset(&ro, 0, sizeof(ro));
	ro.format = REPORT_HTML;
	ro.redact = redact;
	ro.series = req->series;
	ro.nseries = req->nseries;
	ro.at = req->at;
	ro.now = clock_now();
	if ((rc = report_write(db, req->provider, &ro, &html, err)) != 0 ||
	    (rc = report_summary(db, req->provider, &ro, &summary,
	    err)) != 0 ||
	    (rc = timeline_get(db, req->provider, &t, err)) != 0)
		goto out;
	if ((rc = bundle_write(db, req->provider, req->bundle_dir, redact,
	    &sums, err)) != 0)
		goto out;
	bundle_written = 1;

	memset(att, 0, sizeof(att));
	att[0].filename = "report.html";
	att[0].content_type = "text/html; charset=utf-8";
	att[0].data = html.s;
	att[0].len = html.len;
	att[0].description = redact ? "the status report (indicators and "
	    "personal names left out)" : "the status report";
	att[1].filename = "SHA256SUMS";
	att[1].content_type = "text/plain; charset=us-ascii";
	att[1].data = sums.s;
	att[1].len = sums.len;
	att[1].description = "the SHA-256 of every file of the case bundle "
	    "(sha256sum -c SHA256SUMS)";

	if ((rc = db_begin(db, err)) != 0)
		goto out;
	v = xcalloc(nm, sizeof(*v));
	for (i = 0; i < nm; i++) {
		extra = json_object();
		json_object_set_new(extra, "summary", json_string(summary));
		changes = changes_for(&t, m[i].addr, redact, &since);
		json_object_set_new(extra, "has_changes",
		    json_boolean(json_array_size(changes) > 0));
		json_object_set_new(extra, "changes", changes);
		if (since != 0) {
			fmt_time(since, since_s);
			since_s[10] = '\0';
			json_object_set_new(extra, "since",
			    json_string(since_s));
		}
		json_object_set_new(extra, "redacted", json_boolean(redact));
		json_object_set_new(extra, "media", media_to_json(&m[i]));
		memset(&dr, 0, sizeof(dr));
		dr.provider = req->provider;
		dr.to = m[i].addr;
		dr.to_name = m[i].name;
		dr.tmpl = COMPLAINT_MEDIA_TEMPLATE;
		dr.extra = extra;
		dr.att = att;
		dr.natt = 2;
		dr.bare = 1;
		rc = complaint_draft(db, cfg, &dr, &one, &k, err);
		json_decref(extra);
		if (rc != 0)
			goto fail;
		/* One address, one draft. */
		v[nv++] = one[0];
		free(one);
	}
	if ((rc = db_commit(db, err)) != 0)
		goto fail;
	*out = v;
	*contacts = m;
	*n = nm;
	v = NULL;
	nv = 0;
	m = NULL;
	nm = 0;
	goto out;
fail:
	db_rollback(db);
	/* No update carries its sums: the bundle goes too. */
	if (bundle_written)
		bundle_remove(req->bundle_dir);
out:
	complaint_drafted_free(v, nv);
	media_free(m, nm);
	timeline_release(&t);
	buf_release(&html);
	buf_release(&sums);
	free(summary);
	return rc;
}
