/*
 * report_html.c - the status report as one self-contained HTML file: no
 * external style sheet, script, font or image; an inline style that
 * reads on a phone (tables scroll inside their own box, long hashes
 * wrap) and prints (@media print); each series as an inline SVG chart
 * (report_svg.c).  Built as a libxml2 tree and serialized by libxml2's
 * HTML writer, so every string from the case is escaped by the library.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <libxml/HTMLtree.h>
#include <libxml/tree.h>

#include "buf.h"
#include "exitcodes.h"
#include "report_int.h"

static const char style[] =
	"*{box-sizing:border-box}"
	"html{-webkit-text-size-adjust:100%}"
	"body{margin:0 auto;max-width:48rem;padding:1rem;"
	"font:16px/1.5 Georgia,'Times New Roman',serif;color:#1a1a1a;"
	"background:#fff;overflow-wrap:anywhere}"
	"h1{font-size:1.6rem;line-height:1.2;margin:.5rem 0}"
	"h2{font-size:1.2rem;margin:2rem 0 .5rem;padding-bottom:.2rem;"
	"border-bottom:1px solid #bbb}"
	"h3{font-size:1rem;margin:1.2rem 0 .4rem}"
	".meta{color:#555;font-size:.85rem}"
	".summary{font-size:1.08rem;background:#f3f3ee;padding:.8rem 1rem;"
	"border-left:4px solid #444}"
	".caveats{background:#fff7e0;padding:.5rem 1rem .5rem 2rem;"
	"border-left:4px solid #c90}"
	"ul{padding-left:1.4rem}li{margin:.3rem 0}"
	".scroll{overflow-x:auto;max-width:100%;margin:.5rem 0}"
	"table{border-collapse:collapse;font-size:.85rem;min-width:100%}"
	"th,td{border:1px solid #ccc;padding:.25rem .45rem;text-align:left;"
	"vertical-align:top;overflow-wrap:normal}"
	"th{background:#f0f0f0}"
	"td.num{text-align:right;white-space:nowrap}"
	"td.time{white-space:nowrap}"
	"code,.hash{font-family:Menlo,Consolas,monospace;font-size:.8rem;"
	"word-break:break-all}"
	"td.hash{min-width:8rem}td code{display:block;min-width:8rem}"
	/* a phone: each row a block, each cell labelled by its column */
	"@media screen and (max-width:600px){"
	".scroll table,.scroll tbody,.scroll tr,.scroll td{display:block;"
	"min-width:0}"
	".scroll thead{display:none}"
	".scroll tr{border:1px solid #ccc;margin:0 0 .6rem;padding:.2rem 0}"
	".scroll td{border:0;padding:.1rem .5rem;text-align:left}"
	".scroll td.num,.scroll td.time{white-space:normal}"
	".scroll td::before{content:attr(data-label) \": \";"
	"font-weight:bold;color:#444}}"
	"figure{margin:1rem 0}"
	"figcaption{font-size:.85rem;color:#444}"
	"svg{display:block;width:100%;height:auto;font:13px sans-serif}"
	"svg .grid{stroke:#e3e3e3}svg .base,svg .tick{stroke:#555}"
	"svg .band{fill:#9ab;fill-opacity:.35;stroke:none}"
	"svg .series{fill:none;stroke:#124;stroke-width:1.5}"
	"svg .before{fill:#dde8f3}svg .after{fill:#f6e2d4}"
	"svg .event{stroke:#a00;stroke-dasharray:4 3}"
	"svg .measured{stroke-width:2;stroke-dasharray:none}"
	"svg .events text{fill:#a00}svg text{fill:#333}"
	"@media print{body{max-width:none;font-size:11pt;padding:0}"
	".scroll{overflow:visible}table{font-size:9pt}"
	"h2{break-after:avoid}tr,li,figure{break-inside:avoid}"
	".summary,.caveats{background:none}}";

struct html {
	htmlDocPtr	 doc;
	xmlNodePtr	 body;
};

/* The header of the table being written, for the cells' data-label. */
static const char *const *cur_head;
static size_t cur_ncols, cur_col;

static xmlNodePtr
el(xmlNodePtr parent, const char *name, const char *text)
{
	return xmlNewTextChild(parent, NULL, BAD_CAST name,
	    text != NULL ? BAD_CAST text : NULL);
}

static void
attr(xmlNodePtr n, const char *name, const char *value)
{
	xmlNewProp(n, BAD_CAST name, BAD_CAST value);
}

static void
add_text(xmlNodePtr n, const char *s)
{
	xmlNodeAddContent(n, BAD_CAST s);
}

static xmlNodePtr
section(struct html *h, const char *title, const char *id)
{
	xmlNodePtr s = el(h->body, "section", NULL);

	attr(s, "id", id);
	el(s, "h2", title);
	return s;
}

/* A table in its own scrolling box, with a header row. */
static xmlNodePtr
table(xmlNodePtr parent, const char *const *head, size_t n)
{
	xmlNodePtr box = el(parent, "div", NULL), t, tr;
	size_t i;

	attr(box, "class", "scroll");
	cur_head = head;
	cur_ncols = n;
	cur_col = 0;
	t = el(box, "table", NULL);
	tr = el(el(t, "thead", NULL), "tr", NULL);
	for (i = 0; i < n; i++)
		el(tr, "th", head[i]);
	return el(t, "tbody", NULL);
}

/* A cell: a new row (tr's first cell) starts the labels again. */
static void
label(xmlNodePtr tr, xmlNodePtr td)
{
	if (tr->children == td)
		cur_col = 0;
	if (cur_head != NULL && cur_col < cur_ncols)
		attr(td, "data-label", cur_head[cur_col]);
	cur_col++;
}

static xmlNodePtr
cell(xmlNodePtr tr, const char *text, const char *cls)
{
	xmlNodePtr td = el(tr, "td", text != NULL ? text : "-");

	label(tr, td);
	if (cls != NULL)
		attr(td, "class", cls);
	return td;
}

/* An empty cell, for content added by the caller. */
static xmlNodePtr
cell_empty(xmlNodePtr tr)
{
	xmlNodePtr td = el(tr, "td", NULL);

	label(tr, td);
	return td;
}

static void
cellf(xmlNodePtr tr, const char *cls, const char *fmt, int64_t v)
{
	char b[32];

	snprintf(b, sizeof(b), fmt, v);
	cell(tr, b, cls);
}

static void
head_part(const struct report_data *d, struct html *h)
{
	char t[32], b[256];
	xmlNodePtr p;

	snprintf(b, sizeof(b), "Status report: %s", d->name);
	el(h->body, "h1", b);
	snprintf(b, sizeof(b), "Generated %s from a depeer case (schema %d) "
	    "at audit entry %" PRId64 ", whose hash is ",
	    rep_time(d->generated_at, t), d->schema_version, d->head_seq);
	p = el(h->body, "p", b);
	attr(p, "class", "meta");
	attr(el(p, "span", d->head_hash[0] != '\0' ? d->head_hash : "none"),
	    "class", "hash");
	add_text(p, ". All times are UTC.");
	if (d->contact != NULL) {
		p = el(h->body, "p", "Contact: ");
		attr(p, "class", "meta");
		add_text(p, d->contact);
		add_text(p, ", who sent the complaints.");
	}
}

static void
evidence_part(const struct report_data *d, struct html *h)
{
	static const char *const head[] = { "kind", "family", "rows",
	    "first seen", "last seen" };
	xmlNodePtr s = section(h, "The provider and what the evidence shows",
	    "provider"), tb, tr, dl;
	struct buf b = BUF_INIT;
	char t1[32], t2[32];
	size_t i;

	dl = el(s, "ul", NULL);
	el(dl, "li", NULL);
	add_text(dl->last, "Name: ");
	el(dl->last, "strong", d->name);
	if (d->nasns > 0) {
		for (i = 0; i < d->nasns; i++)
			buf_addf(&b, "%sAS%" PRIu32, i > 0 ? ", " : "",
			    d->asns[i]);
		el(dl, "li", NULL);
		add_text(dl->last, "AS numbers: ");
		add_text(dl->last, b.s);
	}
	if (d->country != NULL) {
		el(dl, "li", "Country: ");
		add_text(dl->last, d->country);
	}
	if (d->nprefixes > 0) {
		buf_reset(&b);
		for (i = 0; i < d->nprefixes; i++)
			buf_addf(&b, "%s%s", i > 0 ? ", " : "", d->prefixes[i]);
		el(dl, "li", "Prefixes: ");
		add_text(dl->last, b.s);
	}
	if (d->url != NULL) {
		/* as text, not a link: nothing in the report is clickable */
		el(dl, "li", "Web site: ");
		el(dl->last, "code", d->url);
	}
	if (d->note != NULL) {
		el(dl, "li", "Note: ");
		add_text(dl->last, d->note);
	}
	if (d->retired_at != 0) {
		el(dl, "li", "No longer pursued since ");
		add_text(dl->last, rep_time(d->retired_at, t1));
	}
	buf_reset(&b);
	rep_evidence_sentence(d, &b);
	el(s, "p", b.s);
	buf_release(&b);
	if (d->ngroups == 0)
		return;
	tb = table(s, head, 5);
	for (i = 0; i < d->ngroups; i++) {
		const struct rep_group *g = &d->groups[i];

		tr = el(tb, "tr", NULL);
		cell(tr, g->kind, NULL);
		cell(tr, g->family != NULL ? g->family : "(none)", NULL);
		cellf(tr, "num", "%" PRId64, g->n);
		cell(tr, rep_time(g->first_observed, t1), "time");
		cell(tr, rep_time(g->last_observed, t2), "time");
	}
}

static void
upstream_part(const struct report_data *d, struct html *h)
{
	static const char *const head[] = { "upstream", "customer",
	    "seen", "now", "confidence", "shown by" };
	xmlNodePtr s = section(h, "Upstreams and how each link was shown",
	    "upstreams"), tb, tr, td, ul, li;
	char t1[32], t2[32], b[160];
	size_t i, j;

	if (d->nlinks == 0) {
		el(s, "p", "No upstream link has been recorded (depeer "
		    "upstreams has not been run for its AS numbers).");
		return;
	}
	tb = table(s, head, 6);
	for (i = 0; i < d->nlinks; i++) {
		const struct rep_link *l = &d->links[i];

		tr = el(tb, "tr", NULL);
		snprintf(b, sizeof(b), "AS%" PRIu32, l->upstream);
		td = cell(tr, b, NULL);
		if (l->name != NULL) {
			el(td, "br", NULL);
			add_text(td, l->name);
		}
		snprintf(b, sizeof(b), "AS%" PRIu32, l->origin);
		cell(tr, b, NULL);
		if (l->first_seen == l->last_seen)
			snprintf(b, sizeof(b), "%s", rep_time(l->first_seen,
			    t1));
		else
			snprintf(b, sizeof(b), "%s to %s",
			    rep_time(l->first_seen, t1),
			    rep_time(l->last_seen, t2));
		cell(tr, b, NULL);
		if (l->gone_since != 0)
			snprintf(b, sizeof(b), "not seen since %s",
			    rep_time(l->gone_since, t1));
		else
			snprintf(b, sizeof(b), "still seen");
		cell(tr, b, NULL);
		snprintf(b, sizeof(b), "%.2f", l->confidence);
		cell(tr, b, "num");
		td = cell_empty(tr);
		if (l->nsrc == 0)
			add_text(td, "no stored answer");
		ul = el(td, "ul", NULL);
		for (j = 0; j < l->nsrc; j++) {
			snprintf(b, sizeof(b), "%s (source %" PRId64 "): ",
			    l->src[j].method, l->src[j].source_id);
			li = el(ul, "li", b);
			add_text(li, l->src[j].detail);
		}
	}
}

static void
reply_part(const struct report_data *d, struct html *h)
{
	xmlNodePtr s = section(h, "Who was told, and what each said",
	    "replies"), ul, li, sub;
	struct buf b = BUF_INIT;
	size_t i, j;

	if (d->nparties == 0) {
		el(s, "p", "No complaint has been sent.");
		return;
	}
	ul = el(s, "ul", NULL);
	for (i = 0; i < d->nparties; i++) {
		const struct rep_party *p = &d->parties[i];

		li = el(ul, "li", NULL);
		buf_reset(&b);
		if (p->asn != 0)
			buf_addf(&b, "AS%" PRIu32 " ", p->asn);
		if (p->name != NULL)
			buf_addf(&b, "%s ", p->name);
		el(li, "strong", b.s);
		buf_reset(&b);
		buf_addf(&b, "<%s>", p->address);
		rep_party_sentence(p, &b);
		add_text(li, b.s);
		if (p->nreplies == 0)
			continue;
		sub = el(li, "ul", NULL);
		for (j = 0; j < p->nreplies; j++) {
			const struct rep_reply *r = &p->replies[j];

			buf_reset(&b);
			rep_reply_line(r, "\u201c", "\u201d", &b);
			el(sub, "li", b.s);
		}
	}
	buf_release(&b);
}

static void
timeline_part(const struct report_data *d, struct html *h)
{
	static const char *const head[] = { "time (UTC)", "what", "record" };
	xmlNodePtr s = section(h, "Timeline", "timeline"), tb, tr;
	char t[32];
	size_t i;

	if (d->ntl == 0) {
		el(s, "p", "Nothing has been recorded on the timeline.");
		return;
	}
	tb = table(s, head, 3);
	for (i = 0; i < d->ntl; i++) {
		tr = el(tb, "tr", NULL);
		cell(tr, rep_time(d->tl[i].at, t), "time");
		cell(tr, d->tl[i].what, NULL);
		cell(tr, d->tl[i].record, NULL);
	}
}

static void
impact_part(const struct report_data *d, struct html *h)
{
	xmlNodePtr s = section(h, "Measured impact", "impact"), fig, ul;
	struct buf b = BUF_INIT;
	char t1[32], t2[32], u[32], t[32], *p, *e;
	size_t i, k;
	xmlNodePtr svg, cap, ol;

	if (d->nseries == 0) {
		el(s, "p", "No series has been measured (depeer measure "
		    "import).");
		return;
	}
	for (i = 0; i < d->nseries; i++) {
		const struct rep_series *r = &d->series[i];

		buf_reset(&b);
		buf_addf(&b, "Series \u2018%s\u2019", r->name);
		el(s, "h3", b.s);
		buf_reset(&b);
		rep_interval_name(r->interval_s, u, sizeof(u));
		buf_addf(&b, "Counts per %s, %" PRId64 " intervals with a "
		    "count from %s to %s, %.0f in all.", u, r->points,
		    rep_time(r->first_t, t1), rep_time(r->last_t, t2),
		    r->total);
		el(s, "p", b.s);
		if ((svg = report_svg_chart(d, r)) != NULL) {
			fig = el(s, "figure", NULL);
			xmlAddChild(fig, svg);
			cap = el(fig, "figcaption", "The line: the mean "
			    "count of each time bucket; the band: its lowest "
			    "and highest count; blue and orange: the days "
			    "before and after the event compared; dashed red: "
			    "the timeline's events (solid: the one measured), "
			    "numbered:");
			ol = el(cap, "ol", NULL);
			for (k = 0; k < d->nmarks; k++)
				if (report_svg_mark_shown(r, d->marks[k].at)) {
					buf_reset(&b);
					buf_addf(&b, "%s: %s", rep_time(
					    d->marks[k].at, t), d->marks[k].label);
					el(ol, "li", b.s);
				}
		}
		buf_reset(&b);
		rep_impact_lines(r, &b);
		ul = el(s, "ul", NULL);
		for (p = b.s; *p != '\0'; p = e + 1) {
			e = strchr(p, '\n');
			*e = '\0';
			el(ul, "li", p);
		}
	}
	buf_release(&b);
}

static void
appendix_part(const struct report_data *d, struct html *h)
{
	static const char *const hs[] = { "source", "protocol", "server",
	    "query", "fetched", "bytes", "SHA-256" };
	static const char *const hm[] = { "mail", "complaint", "from",
	    "date", "class", "audit", "SHA-256" };
	static const char *const hc[] = { "complaint", "to", "state",
	    "version", "audit", "SHA-256" };
	xmlNodePtr s = section(h, "Appendix: every record cited", "records"),
	    tb, tr;
	char t[32];
	size_t i;

	el(s, "p", "Each registry answer is stored byte for byte in the case "
	    "with its SHA-256; depeer verify recomputes every hash and the "
	    "audit chain.");
	if (d->nsources == 0 && d->nmails == 0 && d->nmsgs == 0) {
		el(s, "p", "No record is cited.");
		return;
	}
	if (d->nsources > 0) {
		el(s, "h3", "Registry answers");
		tb = table(s, hs, 7);
		for (i = 0; i < d->nsources; i++) {
			const struct rep_source *r = &d->sources[i];

			tr = el(tb, "tr", NULL);
			cellf(tr, "num", "%" PRId64, r->id);
			cell(tr, r->protocol, NULL);
			cell(tr, r->server, NULL);
			el(cell_empty(tr), "code", r->query);
			cell(tr, rep_time(r->fetched_at, t), "time");
			cellf(tr, "num", "%" PRId64, r->size);
			cell(tr, r->sha256, "hash");
		}
	}
	if (d->nmails > 0) {
		el(s, "h3", "Mails received");
		tb = table(s, hm, 7);
		for (i = 0; i < d->nmails; i++) {
			const struct rep_mail *m = &d->mails[i];

			tr = el(tb, "tr", NULL);
			cellf(tr, "num", "%" PRId64, m->id);
			cellf(tr, "num", "%" PRId64, m->complaint_id);
			cell(tr, m->from, NULL);
			cell(tr, rep_time(m->at, t), "time");
			cell(tr, m->mclass, NULL);
			cellf(tr, "num", "%" PRId64, m->audit_seq);
			cell(tr, m->sha256, "hash");
		}
	}
	if (d->nmsgs > 0) {
		el(s, "h3", "Complaints sent");
		tb = table(s, hc, 6);
		for (i = 0; i < d->nmsgs; i++) {
			const struct rep_msg *m = &d->msgs[i];

			tr = el(tb, "tr", NULL);
			cellf(tr, "num", "%" PRId64, m->id);
			cell(tr, m->to, NULL);
			cell(tr, m->state, NULL);
			cellf(tr, "num", "%" PRId64, m->version);
			cellf(tr, "num", "%" PRId64, m->audit_seq);
			cell(tr, m->sha256, "hash");
		}
	}
}

int
report_render_html(const struct report_data *d, struct buf *out,
    struct dp_err *err)
{
	struct html h;
	xmlNodePtr html, head, n, ul;
	xmlChar *mem = NULL;
	char title[256];
	int size = 0;
	size_t i;

	h.doc = htmlNewDocNoDtD(NULL, NULL);
	if (h.doc == NULL)
		die("out of memory");
	xmlCreateIntSubset(h.doc, BAD_CAST "html", NULL, NULL);
	html = xmlNewNode(NULL, BAD_CAST "html");
	xmlDocSetRootElement(h.doc, html);
	attr(html, "lang", "en");
	head = el(html, "head", NULL);
	n = el(head, "meta", NULL);
	attr(n, "charset", "utf-8");
	n = el(head, "meta", NULL);
	attr(n, "name", "viewport");
	attr(n, "content", "width=device-width, initial-scale=1");
	snprintf(title, sizeof(title), "Status report: %s", d->name);
	el(head, "title", title);
	n = xmlNewNode(NULL, BAD_CAST "style");
	/* a fixed text of this file: no '<' or '&' in it */
	xmlAddChild(n, xmlNewCDataBlock(h.doc, BAD_CAST style,
	    (int)strlen(style)));
	xmlAddChild(head, n);
	h.body = el(html, "body", NULL);
	head_part(d, &h);
	n = section(&h, "Summary", "summary");
	attr(el(n, "p", d->summary), "class", "summary");
	n = section(&h, "Caveats", "caveats");
	ul = el(n, "ul", NULL);
	attr(ul, "class", "caveats");
	for (i = 0; i < d->ncaveats; i++)
		el(ul, "li", d->caveats[i]);
	evidence_part(d, &h);
	upstream_part(d, &h);
	reply_part(d, &h);
	timeline_part(d, &h);
	impact_part(d, &h);
	appendix_part(d, &h);
	htmlDocDumpMemoryFormat(h.doc, &mem, &size, 1);
	xmlFreeDoc(h.doc);
	if (mem == NULL || size <= 0) {
		xmlFree(mem);
		return dp_fail(err, DP_EX_SOFTWARE, "cannot write the HTML "
		    "report");
	}
	buf_add(out, mem, (size_t)size);
	xmlFree(mem);
	return 0;
}
