/*
 * iodef.c - a case as an IODEF v2 document (iodef.h), written with
 * libxml2's xmlTextWriter: it escapes text and attribute values and
 * keeps the elements nested, and streams, so a case of a million rows
 * is never held as a tree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlwriter.h>

#include "buf.h"
#include "exitcodes.h"
#include "iodef.h"
#include "util.h"
#include "validate.h"

struct iodef_w {
	xmlTextWriterPtr	 x;
	const struct iodef_case	*c;
	iodef_sink		 sink;
	void			*arg;
	int			 sink_failed;
};

#define X(s)	((const xmlChar *)(s))

static int
out_write(void *ctx, const char *buf, int len)
{
	struct iodef_w *w = ctx;

	/*
	 * A failed write is noted, not returned: libxml2 would print its
	 * own "I/O error" on stderr.  The caller sees it as DP_EX_IOERR.
	 */
	if (len <= 0 || w->sink_failed)
		return len < 0 ? 0 : len;
	if (w->sink(w->arg, buf, (size_t)len) != 0)
		w->sink_failed = 1;
	return len;
}

static int
out_close(void *ctx)
{
	(void)ctx;
	return 0;
}

/* A libxml2 call failed: why. */
static int
wfail(struct iodef_w *w, struct dp_err *err)
{
	if (w->sink_failed)
		return dp_fail(err, DP_EX_IOERR, "cannot write the IODEF "
		    "document");
	return dp_fail(err, DP_EX_SOFTWARE, "libxml2 failed writing the "
	    "IODEF document");
}

static int
elem(struct iodef_w *w, const char *name, const char *text)
{
	return xmlTextWriterWriteElement(w->x, X(name), X(text)) < 0 ? -1 : 0;
}

static int
start(struct iodef_w *w, const char *name)
{
	return xmlTextWriterStartElement(w->x, X(name)) < 0 ? -1 : 0;
}

static int
end(struct iodef_w *w)
{
	return xmlTextWriterEndElement(w->x) < 0 ? -1 : 0;
}

static int
attr(struct iodef_w *w, const char *name, const char *value)
{
	return xmlTextWriterWriteAttribute(w->x, X(name), X(value)) < 0 ?
	    -1 : 0;
}

static int
time_elem(struct iodef_w *w, const char *name, int64_t t)
{
	char b[TIME_STRLEN];

	fmt_time(t, b);
	return elem(w, name, b);
}

const char *
iodef_registry(const char *server)
{
	static const char *const rirs[] = { "arin", "ripe", "apnic",
	    "lacnic", "afrinic" };
	char host[256];
	size_t i, n;

	if (server == NULL)
		return NULL;
	/* "whois.arin.net:43", "rdap.db.ripe.net": one label is the RIR */
	n = strcspn(server, ":/");
	if (n >= sizeof(host))
		return NULL;
	for (i = 0; i < n; i++)
		host[i] = (char)(server[i] >= 'A' && server[i] <= 'Z' ?
		    server[i] + 32 : server[i]);
	host[n] = '\0';
	for (i = 0; i < sizeof(rirs) / sizeof(rirs[0]); i++) {
		size_t l = strlen(rirs[i]);
		const char *p;

		for (p = host; (p = strstr(p, rirs[i])) != NULL; p += l)
			if ((p == host || p[-1] == '.') &&
			    (p[l] == '.' || p[l] == '\0'))
				return rirs[i];
	}
	return NULL;
}

static int
contact(struct iodef_w *w, const struct iodef_contact *ct)
{
	char as[16];
	size_t i;

	if (start(w, "Contact") || attr(w, "role", ct->role) ||
	    attr(w, "type", ct->type != NULL ? ct->type : "organization"))
		return -1;
	if (ct->name != NULL && elem(w, "ContactName", ct->name))
		return -1;
	if (ct->description != NULL && elem(w, "Description",
	    ct->description))
		return -1;
	for (i = 0; i < ct->nasns; i++) {
		snprintf(as, sizeof(as), "AS%u", ct->asns[i]);
		if (start(w, "RegistryHandle"))
			return -1;
		if (ct->registries != NULL && ct->registries[i] != NULL &&
		    attr(w, "registry", ct->registries[i]))
			return -1;
		if (xmlTextWriterWriteString(w->x, X(as)) < 0 || end(w))
			return -1;
	}
	for (i = 0; i < ct->nemails; i++)
		if (start(w, "Email") || elem(w, "EmailTo", ct->emails[i]) ||
		    end(w))
			return -1;
	return end(w);
}

struct iodef_w *
iodef_begin(const struct iodef_case *c, iodef_sink sink, void *arg,
    struct dp_err *err)
{
	struct iodef_w *w;
	xmlOutputBufferPtr ob;
	size_t i;

	if (c->ncontacts == 0) {
		dp_fail(err, DP_EX_SOFTWARE, "an IODEF incident needs a "
		    "contact");
		return NULL;
	}
	w = xcalloc(1, sizeof(*w));
	w->c = c;
	w->sink = sink;
	w->arg = arg;
	ob = xmlOutputBufferCreateIO(out_write, out_close, w, NULL);
	if (ob == NULL || (w->x = xmlNewTextWriter(ob)) == NULL) {
		if (ob != NULL)
			xmlOutputBufferClose(ob);
		free(w);
		dp_fail(err, DP_EX_SOFTWARE, "libxml2 could not start the "
		    "IODEF document");
		return NULL;
	}
	xmlTextWriterSetIndent(w->x, 1);
	xmlTextWriterSetIndentString(w->x, X("  "));
	if (xmlTextWriterStartDocument(w->x, "1.0", "UTF-8", NULL) < 0 ||
	    xmlTextWriterStartElementNS(w->x, NULL, X("IODEF-Document"),
	    X(IODEF_NS)) < 0 || attr(w, "version", "2.00") ||
	    xmlTextWriterWriteAttributeNS(w->x, X("xml"), X("lang"), NULL,
	    X("en")) < 0)
		goto fail;
	if (start(w, "Incident") || attr(w, "purpose", "mitigation") ||
	    attr(w, "status", c->status) || attr(w, "restriction", "amber"))
		goto fail;
	if (start(w, "IncidentID") || attr(w, "name", c->id_name) ||
	    xmlTextWriterWriteString(w->x, X(c->id)) < 0 || end(w))
		goto fail;
	if (c->has_detect && time_elem(w, "DetectTime", c->detect_time))
		goto fail;
	if (c->has_report && time_elem(w, "ReportTime", c->report_time))
		goto fail;
	if (time_elem(w, "GenerationTime", c->generation_time))
		goto fail;
	if (c->description != NULL && elem(w, "Description",
	    c->description))
		goto fail;
	if (start(w, "Assessment") || attr(w, "occurrence", "actual"))
		goto fail;
	if (c->category != NULL && elem(w, "IncidentCategory", c->category))
		goto fail;
	if (start(w, "SystemImpact") || attr(w, "type", "policy") ||
	    elem(w, "Description", "hosts used for abuse, against the "
	    "acceptable-use policies of the networks that serve them") ||
	    end(w) || end(w))
		goto fail;
	for (i = 0; i < c->ncontacts; i++)
		if (contact(w, &c->contacts[i]))
			goto fail;
	return w;
fail:
	wfail(w, err);
	iodef_abort(w);
	return NULL;
}

/* The NodeRole RFC 7970 names for an evidence kind, or NULL. */
static const char *
node_role(const char *kind)
{
	if (strcmp(kind, "c2") == 0 || strcmp(kind, "botnet-ctrl") == 0)
		return "c2-server";
	if (strcmp(kind, "malware-host") == 0)
		return "malware-distribution";
	if (strcmp(kind, "phishing") == 0)
		return "phishing-site";
	return NULL;
}

static const char *
addr_category(const struct iodef_event *e)
{
	switch (e->type) {
	case IND_IPV4:
		return "ipv4-addr";
	case IND_IPV6:
		return "ipv6-addr";
	case IND_CIDR:
		return strchr(e->indicator, ':') != NULL ? "ipv6-net" :
		    "ipv4-net";
	case IND_URL:
		return "site-uri";
	case IND_DOMAIN:
		break;
	}
	return NULL;
}

int
iodef_event(struct iodef_w *w, const struct iodef_event *e,
    struct dp_err *err)
{
	struct buf d = BUF_INIT;
	const char *cat, *role = node_role(e->kind);
	char id[24];
	int bad;

	if (w->sink_failed)
		return wfail(w, err);
	buf_addf(&d, "%s", e->kind);
	if (e->family != NULL)
		buf_addf(&d, ", family %s", e->family);
	if (e->source != NULL)
		buf_addf(&d, ", seen by %s", e->source);
	if (e->note != NULL)
		buf_addf(&d, ": %s", e->note);
	snprintf(id, sizeof(id), "%lld", (long long)e->id);
	bad = start(w, "EventData") || elem(w, "Description", d.s) ||
	    (e->has_observed && time_elem(w, "DetectTime", e->observed_at)) ||
	    start(w, "Flow") || start(w, "System") ||
	    /* the C&C is between the bots and their master; every other
	       kind is where the abuse comes from */
	    attr(w, "category", role != NULL && strcmp(role, "c2-server") ==
	    0 ? "intermediate" : "source") || start(w, "Node");
	buf_release(&d);
	if (bad)
		return wfail(w, err);
	if ((cat = addr_category(e)) != NULL)
		bad = start(w, "Address") || attr(w, "category", cat) ||
		    xmlTextWriterWriteString(w->x, X(e->indicator)) < 0 ||
		    end(w);
	else
		bad = start(w, "DomainData") ||
		    elem(w, "Name", e->indicator) || end(w);
	bad = bad || end(w);	/* Node */
	if (!bad && role != NULL)
		bad = start(w, "NodeRole") || attr(w, "category", role) ||
		    end(w);
	bad = bad || end(w) || end(w);	/* System, Flow */
	bad = bad || start(w, "AdditionalData") ||
	    attr(w, "dtype", "integer") ||
	    attr(w, "meaning", "depeer evidence id") ||
	    xmlTextWriterWriteString(w->x, X(id)) < 0 || end(w);
	if (!bad && e->row_sha256 != NULL)
		bad = start(w, "AdditionalData") ||
		    attr(w, "dtype", "string") ||
		    attr(w, "meaning", "depeer evidence row SHA-256") ||
		    xmlTextWriterWriteString(w->x, X(e->row_sha256)) < 0 ||
		    end(w);
	bad = bad || end(w);	/* EventData */
	return bad ? wfail(w, err) : 0;
}

int
iodef_end(struct iodef_w *w, struct dp_err *err)
{
	const struct iodef_case *c = w->c;
	size_t i;
	int rc = 0;

	if (c->nhistory > 0) {
		if (start(w, "History"))
			goto fail;
		for (i = 0; i < c->nhistory; i++) {
			const struct iodef_history *h = &c->history[i];

			if (start(w, "HistoryItem") ||
			    attr(w, "action", h->action) ||
			    time_elem(w, "DateTime", h->at) ||
			    (h->contact != NULL && contact(w, h->contact)) ||
			    (h->description != NULL &&
			    elem(w, "Description", h->description)) || end(w))
				goto fail;
		}
		if (end(w))
			goto fail;
	}
	if (xmlTextWriterEndDocument(w->x) < 0 ||
	    xmlTextWriterFlush(w->x) < 0)
		goto fail;
	if (w->sink_failed)
		goto fail;
	iodef_abort(w);
	return 0;
fail:
	rc = wfail(w, err);
	iodef_abort(w);
	return rc;
}

void
iodef_abort(struct iodef_w *w)
{
	if (w == NULL)
		return;
	xmlFreeTextWriter(w->x);	/* closes the output buffer */
	free(w);
}

int
iodef_check_root(const char *xml, size_t len, struct dp_err *err)
{
	xmlTextReaderPtr r;
	const char *name, *ns;
	int got, rc = 0;

	if (len > (size_t)INT32_MAX)
		len = INT32_MAX;	/* the root is at the start */
	/*
	 * A reader, not a tree: only the root's start tag is read, so a
	 * document of a million rows is never parsed whole, and a prefix of
	 * it is enough.
	 */
	r = xmlReaderForMemory(xml, (int)len, NULL, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (r == NULL)
		return dp_fail(err, DP_EX_SOFTWARE, "libxml2 could not read "
		    "the document");
	while ((got = xmlTextReaderRead(r)) == 1 &&
	    xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT)
		;
	if (got != 1) {
		xmlFreeTextReader(r);
		return dp_fail(err, DP_EX_DATAERR, "not a well-formed XML "
		    "document: no root element could be read");
	}
	name = (const char *)xmlTextReaderConstLocalName(r);
	ns = (const char *)xmlTextReaderConstNamespaceUri(r);
	if (name == NULL || strcmp(name, "IODEF-Document") != 0)
		rc = dp_fail(err, DP_EX_DATAERR, "the root element is not "
		    "IODEF-Document");
	else if (ns == NULL)
		rc = dp_fail(err, DP_EX_DATAERR, "IODEF-Document has no "
		    "namespace; IODEF v2 is %s", IODEF_NS);
	else if (strcmp(ns, IODEF_NS) != 0)
		rc = dp_fail(err, DP_EX_DATAERR, "IODEF-Document is in "
		    "namespace %.200s, not IODEF v2's %s", ns, IODEF_NS);
	xmlFreeTextReader(r);
	return rc;
}
