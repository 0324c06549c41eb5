/*
 * report_text.c - the status report as plain text (folded at 72
 * columns, for a terminal or the body of a mail) and as Markdown (for a
 * ticket or a mail that renders it: GFM tables, every value from the
 * case escaped so that a '|' or a '*' in it stays text).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "report_int.h"

#define WIDTH	72

struct out {
	struct buf	*b;
	int		 md;
};

/*
 * Markdown: s with every character that could start markup escaped by
 * a backslash, line breaks as spaces (a table cell is one line).
 */
void
report_md_escape(const char *s, struct buf *out)
{
	size_t n;

	for (; s != NULL && *s != '\0'; s++) {
		/* a placeholder of --redact stays readable; a '(' after it
		   is escaped, so that it cannot become a link */
		if (strncmp(s, "[redacted ", 10) == 0 &&
		    (n = strspn(s + 10, "abcdefghijklmnopqrstuvwxyz0123456789"
		    " #")) > 0 && s[10 + n] == ']') {
			buf_add(out, s, 10 + n + 1);
			s += 10 + n;
			if (s[1] == '(') {
				buf_adds(out, "\\(");
				s++;
			}
			continue;
		}
		if (*s == '\n' || *s == '\r' || *s == '\t') {
			buf_addc(out, ' ');
			continue;
		}
		if (strchr("\\`*_[]<>#|~", *s) != NULL)
			buf_addc(out, '\\');
		buf_addc(out, *s);
	}
}

/* Append s as the format wants it: escaped for Markdown, else as is. */
static void
txt(struct out *o, const char *s)
{
	if (o->md)
		report_md_escape(s, o->b);
	else
		buf_adds(o->b, s != NULL ? s : "-");
}

/*
 * Fold text (one paragraph) at spaces into lines of at most WIDTH bytes
 * (so at most WIDTH columns), the first starting with first, the others
 * with the indent of rest; a word longer than a line stays whole.
 */
static void
fold(struct buf *out, const char *first, const char *rest, const char *text)
{
	const char *p = text, *w;
	size_t col, len;
	int start = 1;

	buf_adds(out, first);
	col = strlen(first);
	while (*p != '\0') {
		while (*p == ' ' || *p == '\n')
			p++;
		if (*p == '\0')
			break;
		for (w = p; *w != '\0' && *w != ' ' && *w != '\n'; w++)
			;
		len = (size_t)(w - p);
		if (!start && col + 1 + len > WIDTH) {
			buf_addc(out, '\n');
			buf_adds(out, rest);
			col = strlen(rest);
			start = 1;
		}
		if (!start) {
			buf_addc(out, ' ');
			col++;
		}
		buf_add(out, p, len);
		col += len;
		start = 0;
		p = w;
	}
	buf_addc(out, '\n');
}

/* A paragraph: folded text, or one Markdown line escaped. */
static void
para(struct out *o, const char *first, const char *rest, const char *text)
{
	struct buf e = BUF_INIT;

	if (o->md) {
		buf_adds(o->b, first);
		report_md_escape(text, o->b);
		buf_addc(o->b, '\n');
		return;
	}
	(void)e;
	fold(o->b, first, rest, text);
}

static void
heading(struct out *o, const char *title)
{
	size_t i, n = strlen(title);

	buf_addc(o->b, '\n');
	if (o->md) {
		buf_addf(o->b, "## %s\n\n", title);
		return;
	}
	buf_addf(o->b, "%s\n", title);
	for (i = 0; i < n; i++)
		buf_addc(o->b, '-');
	buf_adds(o->b, "\n\n");
}

/* A Markdown table row of n cells, each escaped. */
static void
md_row(struct out *o, const char *const *cells, size_t n)
{
	size_t i;

	buf_adds(o->b, "|");
	for (i = 0; i < n; i++) {
		buf_addc(o->b, ' ');
		report_md_escape(cells[i] != NULL ? cells[i] : "-", o->b);
		buf_adds(o->b, " |");
	}
	buf_addc(o->b, '\n');
}

static void
md_head(struct out *o, const char *const *cells, size_t n)
{
	size_t i;

	md_row(o, cells, n);
	buf_adds(o->b, "|");
	for (i = 0; i < n; i++)
		buf_adds(o->b, " --- |");
	buf_addc(o->b, '\n');
}

static void
head_block(const struct report_data *d, struct out *o)
{
	char t[32], line[256];
	size_t i, n;

	if (o->md) {
		buf_adds(o->b, "# Status report: ");
		txt(o, d->name);
		buf_adds(o->b, "\n\n");
	} else {
		snprintf(line, sizeof(line), "Status report: %s", d->name);
		buf_addf(o->b, "%s\n", line);
		for (i = 0, n = strlen(line); i < n && i < WIDTH; i++)
			buf_addc(o->b, '=');
		buf_adds(o->b, "\n\n");
	}
	snprintf(line, sizeof(line), "Generated %s from a depeer case "
	    "(schema %d) at audit entry %" PRId64 ", whose hash is %s. All "
	    "times are UTC.", rep_time(d->generated_at, t), d->schema_version,
	    d->head_seq, d->head_hash[0] != '\0' ? d->head_hash : "none");
	para(o, "", "", line);
	if (d->contact != NULL) {
		snprintf(line, sizeof(line), "Contact: %s, who sent the "
		    "complaints.", d->contact);
		buf_addc(o->b, '\n');
		para(o, "", "", line);
	}
}

static void
evidence_block(const struct report_data *d, struct out *o)
{
	struct buf b = BUF_INIT;
	char t1[32], t2[32], n[32];
	size_t i;

	heading(o, "The provider and what the evidence shows");
	buf_addf(&b, "%s", d->name);
	if (d->nasns > 0) {
		buf_adds(&b, ", AS number");
		buf_adds(&b, d->nasns > 1 ? "s " : " ");
		for (i = 0; i < d->nasns; i++)
			buf_addf(&b, "%sAS%" PRIu32, i > 0 ? ", " : "",
			    d->asns[i]);
	}
	if (d->country != NULL)
		buf_addf(&b, ", country %s", d->country);
	if (d->nprefixes > 0) {
		buf_adds(&b, ", prefixes ");
		for (i = 0; i < d->nprefixes; i++)
			buf_addf(&b, "%s%s", i > 0 ? ", " : "",
			    d->prefixes[i]);
	}
	if (d->url != NULL)
		buf_addf(&b, ", web site %s", d->url);
	buf_adds(&b, ".");
	if (d->retired_at != 0)
		buf_addf(&b, " The case stopped pursuing it on %s.",
		    rep_time(d->retired_at, t1));
	para(o, "", "", b.s);
	buf_reset(&b);
	if (d->note != NULL) {
		buf_addc(o->b, '\n');
		buf_addf(&b, "Note: %s", d->note);
		para(o, "", "      ", b.s);
		buf_reset(&b);
	}
	buf_addc(o->b, '\n');
	rep_evidence_sentence(d, &b);
	para(o, "", "", b.s);
	buf_release(&b);
	if (d->ngroups == 0)
		return;
	buf_addc(o->b, '\n');
	if (o->md) {
		static const char *const h[] = { "kind", "family", "rows",
		    "first seen", "last seen" };

		md_head(o, h, 5);
		for (i = 0; i < d->ngroups; i++) {
			const struct rep_group *g = &d->groups[i];
			const char *c[5];

			snprintf(n, sizeof(n), "%" PRId64, g->n);
			c[0] = g->kind;
			c[1] = g->family != NULL ? g->family : "(none)";
			c[2] = n;
			c[3] = rep_time(g->first_observed, t1);
			c[4] = rep_time(g->last_observed, t2);
			md_row(o, c, 5);
		}
		return;
	}
	for (i = 0; i < d->ngroups; i++) {
		const struct rep_group *g = &d->groups[i];
		struct buf l = BUF_INIT;

		buf_addf(&l, "%" PRId64 " %s, family %s: ", g->n, g->kind,
		    g->family != NULL ? g->family : "(none)");
		if (g->first_observed == 0)
			buf_adds(&l, "no time recorded");
		else
			buf_addf(&l, "seen %s to %s",
			    rep_time(g->first_observed, t1),
			    rep_time(g->last_observed, t2));
		fold(o->b, "  - ", "    ", l.s);
		buf_release(&l);
	}
}

static void
upstream_block(const struct report_data *d, struct out *o)
{
	struct buf b = BUF_INIT;
	char t1[32], t2[32], t3[32];
	size_t i, j;

	heading(o, "Upstreams and how each link was shown");
	if (d->nlinks == 0) {
		para(o, "", "", "No upstream link has been recorded (depeer "
		    "upstreams has not been run for its AS numbers).");
		return;
	}
	for (i = 0; i < d->nlinks; i++) {
		const struct rep_link *l = &d->links[i];

		buf_reset(&b);
		buf_addf(&b, "AS%" PRIu32 "%s%s%s gave transit to AS%" PRIu32
		    ": seen ", l->upstream, l->name ? " (" : "",
		    l->name ? l->name : "", l->name ? ")" : "", l->origin);
		if (l->first_seen == l->last_seen)
			buf_addf(&b, "on %s", rep_time(l->first_seen, t1));
		else
			buf_addf(&b, "from %s to %s",
			    rep_time(l->first_seen, t1),
			    rep_time(l->last_seen, t2));
		if (l->gone_since != 0)
			buf_addf(&b, ", not seen since %s",
			    rep_time(l->gone_since, t3));
		else
			buf_adds(&b, ", still seen at the last check");
		buf_addf(&b, "; confidence %.2f. Shown by:", l->confidence);
		for (j = 0; j < l->nsrc; j++)
			buf_addf(&b, "%s %s (source %" PRId64 "): %s",
			    j > 0 ? ";" : "", l->src[j].method,
			    l->src[j].source_id, l->src[j].detail);
		if (l->nsrc == 0)
			buf_adds(&b, " no stored answer");
		buf_adds(&b, ".");
		para(o, o->md ? "- " : "- ", "  ", b.s);
	}
	buf_release(&b);
}

static void
reply_block(const struct report_data *d, struct out *o)
{
	struct buf b = BUF_INIT;
	size_t i, j;

	heading(o, "Who was told, and what each said");
	if (d->nparties == 0) {
		para(o, "", "", "No complaint has been sent.");
		return;
	}
	for (i = 0; i < d->nparties; i++) {
		const struct rep_party *p = &d->parties[i];

		buf_reset(&b);
		if (p->asn != 0)
			buf_addf(&b, "AS%" PRIu32 " ", p->asn);
		buf_addf(&b, "%s%s<%s>", p->name ? p->name : "",
		    p->name ? " " : "", p->address);
		rep_party_sentence(p, &b);
		para(o, "- ", "  ", b.s);
		for (j = 0; j < p->nreplies; j++) {
			const struct rep_reply *r = &p->replies[j];

			buf_reset(&b);
			rep_reply_line(r, "\"", "\"", &b);
			para(o, "    - ", "      ", b.s);
		}
	}
	buf_release(&b);
}

static void
timeline_block(const struct report_data *d, struct out *o)
{
	struct buf b = BUF_INIT;
	char t[32];
	size_t i;

	heading(o, "Timeline");
	if (d->ntl == 0) {
		para(o, "", "", "Nothing has been recorded on the timeline.");
		return;
	}
	if (o->md) {
		static const char *const h[] = { "time (UTC)", "what",
		    "record" };

		md_head(o, h, 3);
		for (i = 0; i < d->ntl; i++) {
			const char *c[3] = { rep_time(d->tl[i].at, t),
			    d->tl[i].what, d->tl[i].record };

			md_row(o, c, 3);
		}
		return;
	}
	for (i = 0; i < d->ntl; i++) {
		buf_reset(&b);
		buf_addf(&b, "%s [%s]", d->tl[i].what, d->tl[i].record);
		buf_addf(o->b, "%s\n", rep_time(d->tl[i].at, t));
		fold(o->b, "    ", "    ", b.s);
	}
	buf_release(&b);
}

static void
impact_block(const struct report_data *d, struct out *o)
{
	struct buf b = BUF_INIT, l = BUF_INIT;
	char t1[32], t2[32], u[32];
	const char *p, *e;
	size_t i;

	heading(o, "Measured impact");
	if (d->nseries == 0) {
		para(o, "", "", "No series has been measured (depeer "
		    "measure import).");
		return;
	}
	for (i = 0; i < d->nseries; i++) {
		const struct rep_series *s = &d->series[i];

		buf_reset(&b);
		rep_interval_name(s->interval_s, u, sizeof(u));
		buf_addf(&b, "Series '%s': counts per %s, %" PRId64
		    " intervals with a count from %s to %s, %.0f in all.",
		    s->name, u, s->points, rep_time(s->first_t, t1),
		    rep_time(s->last_t, t2), s->total);
		para(o, "", "", b.s);
		buf_addc(o->b, '\n');
		buf_reset(&b);
		rep_impact_lines(s, &b);
		for (p = b.s; *p != '\0'; p = e + 1) {
			e = strchr(p, '\n');
			buf_reset(&l);
			buf_add(&l, p, (size_t)(e - p));
			para(o, "- ", "  ", l.s);
		}
		if (i + 1 < d->nseries)
			buf_addc(o->b, '\n');
	}
	buf_release(&b);
	buf_release(&l);
}

static void
appendix_block(const struct report_data *d, struct out *o)
{
	struct buf b = BUF_INIT;
	char t[32], sz[32], id[32], cid[32], v[32], seq[32];
	size_t i;

	heading(o, "Appendix: every record cited");
	para(o, "", "", "Each registry answer is stored byte for byte in the "
	    "case with its SHA-256; depeer verify recomputes every hash and "
	    "the audit chain.");
	buf_addc(o->b, '\n');
	if (d->nsources == 0 && d->nmails == 0 && d->nmsgs == 0) {
		para(o, "", "", "No record is cited.");
		return;
	}
	if (o->md) {
		if (d->nsources > 0) {
			static const char *const h[] = { "source", "protocol",
			    "server", "query", "fetched (UTC)", "bytes",
			    "SHA-256" };

			md_head(o, h, 7);
			for (i = 0; i < d->nsources; i++) {
				const struct rep_source *s = &d->sources[i];
				const char *c[7];

				snprintf(id, sizeof(id), "%" PRId64, s->id);
				snprintf(sz, sizeof(sz), "%" PRId64, s->size);
				c[0] = id;
				c[1] = s->protocol;
				c[2] = s->server;
				c[3] = s->query;
				c[4] = rep_time(s->fetched_at, t);
				c[5] = sz;
				c[6] = s->sha256;
				md_row(o, c, 7);
			}
			buf_addc(o->b, '\n');
		}
		if (d->nmails > 0) {
			static const char *const h[] = { "mail", "complaint",
			    "from", "date (UTC)", "class", "audit",
			    "SHA-256" };

			md_head(o, h, 7);
			for (i = 0; i < d->nmails; i++) {
				const struct rep_mail *m = &d->mails[i];
				const char *c[7];

				snprintf(id, sizeof(id), "%" PRId64, m->id);
				snprintf(cid, sizeof(cid), "%" PRId64,
				    m->complaint_id);
				snprintf(seq, sizeof(seq), "%" PRId64,
				    m->audit_seq);
				c[0] = id;
				c[1] = cid;
				c[2] = m->from;
				c[3] = rep_time(m->at, t);
				c[4] = m->mclass;
				c[5] = seq;
				c[6] = m->sha256;
				md_row(o, c, 7);
			}
			buf_addc(o->b, '\n');
		}
		if (d->nmsgs > 0) {
			static const char *const h[] = { "complaint", "to",
			    "state", "version", "audit", "SHA-256" };

			md_head(o, h, 6);
			for (i = 0; i < d->nmsgs; i++) {
				const struct rep_msg *m = &d->msgs[i];
				const char *c[6];

				snprintf(id, sizeof(id), "%" PRId64, m->id);
				snprintf(v, sizeof(v), "%" PRId64, m->version);
				snprintf(seq, sizeof(seq), "%" PRId64,
				    m->audit_seq);
				c[0] = id;
				c[1] = m->to;
				c[2] = m->state;
				c[3] = v;
				c[4] = seq;
				c[5] = m->sha256;
				md_row(o, c, 6);
			}
		}
		return;
	}
	for (i = 0; i < d->nsources; i++) {
		const struct rep_source *s = &d->sources[i];

		buf_reset(&b);
		buf_addf(&b, "Source %" PRId64 ": %s answer of %s to \"%s\", "
		    "fetched %s, %" PRId64 " bytes, SHA-256 %s", s->id,
		    s->protocol, s->server, s->query,
		    rep_time(s->fetched_at, t), s->size, s->sha256);
		fold(o->b, "- ", "  ", b.s);
	}
	for (i = 0; i < d->nmails; i++) {
		const struct rep_mail *m = &d->mails[i];

		buf_reset(&b);
		buf_addf(&b, "Mail %" PRId64 " (%s) from %s, dated %s, to "
		    "complaint %" PRId64 ", audit %" PRId64 ", SHA-256 %s",
		    m->id, m->mclass, m->from != NULL ? m->from : "-",
		    rep_time(m->at, t), m->complaint_id, m->audit_seq,
		    m->sha256);
		fold(o->b, "- ", "  ", b.s);
	}
	for (i = 0; i < d->nmsgs; i++) {
		const struct rep_msg *m = &d->msgs[i];

		buf_reset(&b);
		buf_addf(&b, "Complaint %" PRId64 " to %s (%s), message "
		    "version %" PRId64 ", audit %" PRId64 ", SHA-256 %s",
		    m->id, m->to, m->state, m->version, m->audit_seq,
		    m->sha256);
		fold(o->b, "- ", "  ", b.s);
	}
	buf_release(&b);
}

void
report_render_text(const struct report_data *d, int markdown,
    struct buf *out)
{
	struct out o = { out, markdown };
	size_t i;

	head_block(d, &o);
	heading(&o, "Summary");
	para(&o, "", "", d->summary);
	heading(&o, "Caveats");
	for (i = 0; i < d->ncaveats; i++)
		para(&o, "- ", "  ", d->caveats[i]);
	evidence_block(d, &o);
	upstream_block(d, &o);
	reply_block(d, &o);
	timeline_block(d, &o);
	impact_block(d, &o);
	appendix_block(d, &o);
}
