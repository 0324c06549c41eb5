/*
 * cmd_complaint.c - "depeer complaint draft|list|show|edit|export|rm|status":
 * the complaints drafted from the case.  Parses and prints;
 * complaint_draft.c drafts, complaint_store.c reads and writes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "addr.h"
#include "buf.h"
#include "cmd.h"
#include "complaint.h"
#include "complaint_draft.h"
#include "complaint_next.h"
#include "complaint_store.h"
#include "complaint_track.h"
#include "db.h"
#include "due.h"
#include "exitcodes.h"
#include "jsonout.h"
#include "mail.h"
#include "openin.h"
#include "validate.h"

enum { OPT_PROVIDER = OPT_FIRST_LOCAL, OPT_STATE, OPT_RAW, OPT_EML,
	OPT_MBOX, OPT_FORCE, OPT_UPSTREAM, OPT_TO, OPT_TEMPLATE, OPT_CC,
	OPT_KIND, OPT_SINCE, OPT_XARF, OPT_SIGN, OPT_PRINT_DATA, OPT_NOTE };

/* The id operand of "complaint show|edit|export|rm". */
static int
one_id(const struct cmd_args *a, struct ctx *ctx, int64_t *id)
{
	struct dp_err err = DP_ERR_INIT;

	if (a->argc != 1)
		return cmd_usage_error(ctx, "'%s' needs one complaint ID",
		    ctx->path);
	if (complaint_parse_id(a->argv[0], id, &err) != 0)
		return cmd_usage_error(ctx, "%s", err.msg);
	return 0;
}

static void
join(struct buf *b, char *const *v, size_t n)
{
	size_t i;

	buf_reset(b);
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_adds(b, ", ");
		buf_adds(b, v[i]);
	}
}

/* Whether a complaint in state s went out (its deadline runs). */
static int
sent_yet(const char *s)
{
	return strcmp(s, "draft") != 0 && strcmp(s, "queued") != 0 &&
	    strcmp(s, "sending") != 0;
}

/* ---- draft ---- */

static void
drafted_text(const struct complaint_drafted *d)
{
	struct buf b = BUF_INIT;
	size_t i;

	printf("drafted complaint %lld for %s\n", (long long)d->c.id,
	    tx(d->c.provider_name));
	join(&b, d->c.to, d->c.nto);
	printf("  to:       %s\n", tx(b.s));
	if (d->via != NULL)
		printf("            (%s)\n", tx(d->via));
	else
		printf("            (as given with --to)\n");
	if (d->nasns > 1) {
		buf_reset(&b);
		for (i = 0; i < d->nasns; i++)
			buf_addf(&b, "%sAS%u", i > 0 ? ", " : "", d->asns[i]);
		printf("  covers:   %s (one abuse address)\n", b.s);
	}
	if (d->c.ncc > 0) {
		join(&b, d->c.cc, d->c.ncc);
		printf("  cc:       %s\n", tx(b.s));
	}
	printf("  subject:  %s\n", tx(d->c.subject));
	printf("  template: %s\n", tx(d->c.tmpl));
	printf("  attached: evidence.csv (%lld row%s), %lld registry "
	    "answer%s", (long long)d->csv_rows, d->csv_rows == 1 ? "" : "s",
	    (long long)d->nrecords, d->nrecords == 1 ? "" : "s");
	if (d->xarf_attached > 0)
		printf(", %lld XARF report%s", (long long)d->xarf_attached,
		    d->xarf_attached == 1 ? "" : "s");
	printf("\n  message:  %lld bytes, sha256 %s\n", (long long)d->c.size,
	    d->c.sha256);
	printf("review it: depeer complaint show %lld\n",
	    (long long)d->c.id);
	buf_release(&b);
}

static void
drafted_warnings(const struct complaint_drafted *d)
{
	if (d->csv_omitted > 0)
		warning("complaint %lld: evidence.csv holds %lld of %lld "
		    "rows, to stay within max_message_size; the message says "
		    "how many were left out", (long long)d->c.id,
		    (long long)d->csv_rows,
		    (long long)(d->csv_rows + d->csv_omitted));
	if (d->xarf_dropped > 0)
		warning("complaint %lld: %lld XARF report%s left out "
		    "(xarf_max, or max_message_size); evidence.csv has every "
		    "row", (long long)d->c.id, (long long)d->xarf_dropped,
		    d->xarf_dropped == 1 ? "" : "s");
	if (d->xarf_unreportable > 0)
		warning("complaint %lld: %lld evidence row%s of no XARF type "
		    "(spam-source, scan, other, or no URL for content) "
		    "without a report", (long long)d->c.id,
		    (long long)d->xarf_unreportable,
		    d->xarf_unreportable == 1 ? "" : "s");
}

static json_t *
drafted_json(const struct complaint_drafted *d)
{
	json_t *o = complaint_to_json(&d->c), *a = json_array(), *x;
	size_t i;

	for (i = 0; i < d->nasns; i++)
		json_array_append_new(a, json_integer(d->asns[i]));
	json_object_set_new(o, "asns", a);
	json_object_set_new(o, "via", d->via != NULL ? json_string(d->via) :
	    json_null());
	x = json_object();
	json_object_set_new(x, "rows", json_integer(d->csv_rows));
	json_object_set_new(x, "omitted", json_integer(d->csv_omitted));
	json_object_set_new(o, "csv", x);
	json_object_set_new(o, "records", json_integer(d->nrecords));
	x = json_object();
	json_object_set_new(x, "attached", json_integer(d->xarf_attached));
	json_object_set_new(x, "dropped", json_integer(d->xarf_dropped));
	json_object_set_new(x, "unreportable",
	    json_integer(d->xarf_unreportable));
	json_object_set_new(o, "xarf", x);
	return o;
}

static int
complaint_draft_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct complaint_draft_req req;
	struct complaint_drafted *v = NULL;
	uint32_t *asns;
	const char **cc, **kinds;
	json_t *arr;
	size_t i, n = 0;
	int rc;

	memset(&req, 0, sizeof(req));
	asns = xcalloc(a->nopts + 1, sizeof(*asns));
	cc = xcalloc(a->nopts + 1, sizeof(*cc));
	kinds = xcalloc(a->nopts + 1, sizeof(*kinds));
	req.asns = asns;
	req.cc = cc;
	req.kinds = kinds;
	req.provider = args_get(a, OPT_PROVIDER);
	req.to = args_get(a, OPT_TO);
	req.tmpl = args_get(a, OPT_TEMPLATE);
	req.xarf = args_has(a, OPT_XARF) > 0;
	req.sign = args_has(a, OPT_SIGN) > 0;
	req.print_data = args_has(a, OPT_PRINT_DATA) > 0;
	rc = 0;
	if (a->argc != 0)
		rc = cmd_usage_error(ctx, "'complaint draft' takes no operands");
	else if (req.provider == NULL)
		rc = cmd_usage_error(ctx, "give --provider NAME|ID");
	else if (req.print_data && ctx->json)
		rc = cmd_usage_error(ctx, "--print-data prints JSON already; "
		    "leave out --json");
	else if (args_has(a, OPT_TO) > 1)
		rc = cmd_usage_error(ctx, "give --to once; add --cc for more "
		    "recipients");
	for (i = 0; i < a->nopts && rc == 0; i++) {
		const char *val = a->opts[i].value;

		switch (a->opts[i].id) {
		case OPT_UPSTREAM:
			if (val_asn(val, &asns[req.nasns], &err) != 0)
				rc = cmd_usage_error(ctx, "--upstream: %s",
				    err.msg);
			else
				req.nasns++;
			break;
		case OPT_CC:
			cc[req.ncc++] = val;
			break;
		case OPT_KIND:
			kinds[req.nkinds++] = val;
			break;
		case OPT_SINCE:
			if (val_time(val, &req.since, &err) != 0)
				rc = cmd_usage_error(ctx, "--since: %s",
				    err.msg);
			req.has_since = 1;
			break;
		}
	}
	if (rc == 0 && req.nasns == 0 && req.to == NULL)
		rc = cmd_usage_error(ctx, "give --upstream ASN or --to ADDR: "
		    "whom the complaint goes to");
	if (rc == 0 && (rc = ctx_config(ctx)) == 0 && (rc = ctx_db(ctx)) == 0) {
		if ((rc = complaint_draft(ctx->db, ctx->config, &req, &v, &n,
		    &err)) != 0) {
			if (rc == DP_EX_USAGE)
				rc = cmd_usage_error(ctx, "%s", err.msg);
			else
				report(&err);
		}
	}
	if (rc == 0 && req.print_data) {
		/* One object for template render --data; several: a list. */
		if (n == 1)
			print_json(json_incref(v[0].data));
		else {
			arr = json_array();
			for (i = 0; i < n; i++)
				json_array_append(arr, v[i].data);
			print_json(arr);
		}
	} else if (rc == 0) {
		for (i = 0; i < n; i++)
			drafted_warnings(&v[i]);
		if (ctx->json && n == 1)
			print_json(drafted_json(&v[0]));
		else if (ctx->json) {
			/* several addresses, several complaints: a list */
			arr = json_array();
			for (i = 0; i < n; i++)
				json_array_append_new(arr,
				    drafted_json(&v[i]));
			print_json(arr);
		} else
			for (i = 0; i < n; i++)
				drafted_text(&v[i]);
	}
	complaint_drafted_free(v, n);
	free(asns);
	free(cc);
	free(kinds);
	return rc;
}

static const struct cmd_entry draft_entry = {
	.name = "draft",
	.summary = "draft a complaint from the case",
	.about = "Draft a complaint to an upstream's abuse desk (or any "
	    "address) from the provider's evidence and the stored registry "
	    "answers, and store it for review.",
	.usage = "draft --provider NAME|ID (--upstream ASN ... | --to ADDR) "
	    "[--template NAME|PATH] [--cc ADDR ...] [--kind KIND ...] "
	    "[--since TIME] [--xarf] [--sign] [--print-data | --json]",
	.flags = CMD_DB_WRITE | CMD_CONFIG,
	.opts = (const struct cmd_opt[]){
		{ "provider", OPT_PROVIDER, required_argument, "NAME|ID",
		  "the provider complained about (required)" },
		{ "upstream", OPT_UPSTREAM, required_argument, "ASN",
		  "to this AS's abuse desk, from the stored answers "
		  "(repeatable)" },
		{ "to", OPT_TO, required_argument, "ADDR",
		  "to this address instead" },
		{ "template", OPT_TEMPLATE, required_argument, "NAME|PATH",
		  "the template (default: by the AS's relation)" },
		{ "cc", OPT_CC, required_argument, "ADDR",
		  "a copy to ADDR (repeatable)" },
		{ "kind", OPT_KIND, required_argument, "KIND",
		  "only evidence of this kind (repeatable)" },
		{ "since", OPT_SINCE, required_argument, "TIME",
		  "only evidence observed at or after TIME" },
		{ "xarf", OPT_XARF, no_argument, NULL,
		  "attach an XARF v4 report per indicator (up to xarf_max)" },
		{ "sign", OPT_SIGN, no_argument, NULL,
		  "sign as PGP/MIME with config pgp_key" },
		{ "print-data", OPT_PRINT_DATA, no_argument, NULL,
		  "print the template's data as JSON; store nothing" },
		CMD_OPTS_END
	},
	.exec = complaint_draft_exec,
	.man = "depeer-complaint",
};

/* ---- list ---- */

static int
complaint_list_exec(const struct cmd_args *a, struct ctx *ctx)
{
	static const char *const hdr[] = { "ID", "PROVIDER", "STATE", "TO",
		"SUBJECT", "CREATED (UTC)", "DUE (UTC)" };
	struct dp_err err = DP_ERR_INIT;
	struct complaint *v;
	struct table *t;
	struct buf to = BUF_INIT;
	char id[24], created[TIME_STRLEN], (*dues)[TIME_STRLEN] = NULL;
	int64_t answer_due, days;
	const char *row[7];
	json_t *arr;
	size_t n, i;
	int rc;

	if (a->argc != 0)
		return cmd_usage_error(ctx, "'complaint list' takes no "
		    "operands");
	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	if ((rc = complaint_list(ctx->db, args_get(a, OPT_PROVIDER),
	    args_get(a, OPT_STATE), &v, &n, &err)) != 0) {
		if (rc == DP_EX_USAGE)
			return cmd_usage_error(ctx, "%s", err.msg);
		return report(&err);
	}
	if (ctx->json) {
		arr = json_array();
		for (i = 0; i < n; i++)
			json_array_append_new(arr, complaint_to_json(&v[i]));
		print_json(arr);
	} else if (n == 0)
		fprintf(stderr, "no complaints\n");
	else {
		/* The deadline as "due" counts it (business days from the
		   send), or before sending how long; read before printing. */
		dues = xcalloc(n, sizeof(*dues));
		for (i = 0; i < n; i++) {
			if (!v[i].has_due)
				continue;
			if ((rc = due_deadline(ctx->db, &v[i], &answer_due,
			    &days, &err)) != 0) {
				free(dues);
				buf_release(&to);
				complaint_list_free(v, n);
				return report(&err);
			}
			if (sent_yet(v[i].state))
				fmt_time(answer_due, dues[i]);
			else
				snprintf(dues[i], sizeof(dues[i]), "+%lld "
				    "business day%s", (long long)days,
				    days == 1 ? "" : "s");
		}
		t = table_new(7, hdr);
		for (i = 0; i < n; i++) {
			snprintf(id, sizeof(id), "%lld", (long long)v[i].id);
			fmt_time(v[i].created_at, created);
			join(&to, v[i].to, v[i].nto);
			row[0] = id;
			row[1] = v[i].provider_name;
			row[2] = v[i].state;
			row[3] = to.s;
			row[4] = v[i].subject;
			row[5] = created;
			row[6] = v[i].has_due ? dues[i] : NULL;
			table_row(t, row);
		}
		table_end(t);
	}
	free(dues);
	buf_release(&to);
	complaint_list_free(v, n);
	return DP_EX_OK;
}

static const struct cmd_entry list_entry = {
	.name = "list",
	.summary = "list the complaints drafted and sent",
	.usage = "list [--provider NAME|ID] [--state STATE] [--json]",
	.flags = CMD_DB_READ,
	.opts = (const struct cmd_opt[]){
		{ "provider", OPT_PROVIDER, required_argument, "NAME|ID",
		  "only this provider's" },
		{ "state", OPT_STATE, required_argument, "STATE",
		  "only those in this state (draft, sent, ...)" },
		CMD_OPTS_END
	},
	.exec = complaint_list_exec,
	.man = "depeer-complaint",
};

/* ---- show ---- */

static void
stale_text(struct buf *b, const int64_t *ids, size_t n)
{
	size_t i;

	buf_reset(b);
	buf_adds(b, "cites evidence retracted after it was drafted: ");
	for (i = 0; i < n; i++)
		buf_addf(b, "%s%lld", i > 0 ? ", " : "", (long long)ids[i]);
	buf_adds(b, "; draft it again");
}

static int
show_raw(struct ctx *ctx, int64_t id)
{
	struct dp_err err = DP_ERR_INIT;
	void *msg;
	size_t len;

	if (ctx->json)
		return cmd_usage_error(ctx, "--raw and --json exclude each "
		    "other");
	if (complaint_message(ctx->db, id, &msg, &len, &err) != 0)
		return report(&err);
	print_answer(msg, len);
	free(msg);
	return DP_EX_OK;
}

/* What one event of complaint show's history says, appended to b. */
static void
event_text(struct buf *b, const struct complaint_event *e)
{
	if (strcmp(e->kind, "draft") == 0)
		buf_addf(b, "drafted (version %lld)", (long long)e->version);
	else if (strcmp(e->kind, "edit") == 0)
		buf_addf(b, "edited (version %lld)", (long long)e->version);
	else if (strcmp(e->kind, "link") == 0)
		buf_addf(b, "drafted as %s of complaint %lld", e->link_kind !=
		    NULL ? e->link_kind : "a follow-up",
		    (long long)e->link_parent);
	else if (strcmp(e->kind, "status") == 0) {
		buf_addf(b, "%s -> %s", e->from_state != NULL ?
		    e->from_state : "?", e->to_state != NULL ? e->to_state :
		    "?");
		if (e->by != NULL && strcmp(e->by, "hand") != 0)
			buf_addf(b, " (%s)", strcmp(e->by, "send") == 0 ?
			    "complaint send" : "reply read");
		if (e->attempt != 0)
			buf_addf(b, ", attempt %lld", (long long)e->attempt);
		if (e->via != NULL)
			buf_addf(b, " via %s", e->via);
		if (e->mail_id != 0)
			buf_addf(b, ", mail %lld", (long long)e->mail_id);
		if (e->ticket != NULL)
			buf_addf(b, ", ticket %s", e->ticket);
		if (e->dsn_status != NULL)
			buf_addf(b, ", status %s", e->dsn_status);
		if (e->reply != NULL)
			buf_addf(b, ": %s", e->reply);
		if (e->note != NULL)
			buf_addf(b, ": %s", e->note);
	} else
		buf_addf(b, "%s", e->kind);
}

static json_t *
events_json(const struct complaint_event *v, size_t n)
{
	json_t *a = json_array(), *o;
	size_t i;

	for (i = 0; i < n; i++) {
		o = json_object();
		json_object_set_new(o, "at", json_time_or_null(1,
		    v[i].at));
		json_object_set_new(o, "kind", json_string(v[i].kind));
		json_object_set_new(o, "from_state", v[i].from_state != NULL ?
		    json_string(v[i].from_state) : json_null());
		json_object_set_new(o, "to_state", v[i].to_state != NULL ?
		    json_string(v[i].to_state) : json_null());
		json_object_set_new(o, "note", v[i].note != NULL ?
		    json_string(v[i].note) : json_null());
		json_object_set_new(o, "by", v[i].by != NULL ?
		    json_string(v[i].by) : json_null());
		json_object_set_new(o, "attempt", v[i].attempt != 0 ?
		    json_integer(v[i].attempt) : json_null());
		json_object_set_new(o, "reply", v[i].reply != NULL ?
		    json_string(v[i].reply) : json_null());
		json_object_set_new(o, "via", v[i].via != NULL ?
		    json_string(v[i].via) : json_null());
		json_object_set_new(o, "mail", v[i].mail_id != 0 ?
		    json_integer(v[i].mail_id) : json_null());
		json_object_set_new(o, "ticket", v[i].ticket != NULL ?
		    json_string(v[i].ticket) : json_null());
		json_object_set_new(o, "dsn_status", v[i].dsn_status != NULL ?
		    json_string(v[i].dsn_status) : json_null());
		if (strcmp(v[i].kind, "link") == 0) {
			json_object_set_new(o, "parent",
			    json_integer(v[i].link_parent));
			json_object_set_new(o, "link", v[i].link_kind != NULL ?
			    json_string(v[i].link_kind) : json_null());
		}
		json_object_set_new(o, "audit_seq", json_integer(v[i].seq));
		json_array_append_new(a, o);
	}
	return a;
}

/* What came back for a complaint, as show lists it. */
static json_t *
mails_json(const struct mailrec *m, size_t n)
{
	json_t *a = json_array(), *o;
	size_t i;

	for (i = 0; i < n; i++) {
		o = mailrec_claim(&m[i]);
		json_object_set_new(o, "date", json_time_or_null(m[i].has_date,
		    m[i].date));
		json_object_set_new(o, "imported_at", json_time_or_null(1,
		    m[i].imported_at));
		json_array_append_new(a, o);
	}
	return a;
}

static void
mail_line(struct buf *b, const struct mailrec *m)
{
	char t[TIME_STRLEN];

	fmt_time(m->has_date ? m->date : m->imported_at, t);
	buf_addf(b, "%s  mail %lld, %s", t, (long long)m->id, m->mclass);
	if (m->from_addr != NULL)
		buf_addf(b, " from %s", m->from_addr);
	if (m->ticket != NULL)
		buf_addf(b, ", ticket %s", m->ticket);
	if (m->dsn_status != NULL)
		buf_addf(b, ", status %s", m->dsn_status);
	if (m->dsn_recipient != NULL)
		buf_addf(b, " for %s", m->dsn_recipient);
	if (m->subject != NULL)
		buf_addf(b, ": %s", m->subject);
}

static int
complaint_show_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct complaint_event *ev = NULL;
	struct mailrec *mails = NULL;
	size_t nev = 0, nmails = 0;
	int64_t attempts = 0, sent_at = 0, answer_due = 0, due_days = 0;
	char *last_reply = NULL, *ticket = NULL, *next = NULL;
	struct dp_err err = DP_ERR_INIT;
	struct complaint c;
	struct buf b = BUF_INIT;
	struct mail_text mt;
	int64_t id, *ids;
	size_t n, i, len;
	char t[TIME_STRLEN];
	void *msg = NULL;
	json_t *o, *r;
	int rc;

	if ((rc = one_id(a, ctx, &id)) != 0)
		return rc;
	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	if (args_has(a, OPT_RAW))
		return show_raw(ctx, id);
	if (complaint_show(ctx->db, id, &c, &ids, &n, &err) != 0)
		return report(&err);
	/* After a bounce: the desk's next contact to try. */
	if (strcmp(c.state, "bounced") == 0 && (ctx_config(ctx) != 0 ||
	    complaint_next_contact_find(ctx->db, ctx->config, &c, &next, NULL,
	    &err) != 0)) {
		free(ids);
		complaint_release(&c);
		return err.code != 0 ? report(&err) : DP_EX_CONFIG;
	}
	/* The text and the attachments as the desk will read them. */
	if (complaint_message(ctx->db, id, &msg, &len, &err) != 0 ||
	    mail_read(msg, len, &mt, &err) != 0) {
		free(msg);
		free(ids);
		free(next);
		complaint_release(&c);
		return report(&err);
	}
	free(msg);
	if (complaint_events(ctx->db, id, &ev, &nev, &err) != 0 ||
	    complaint_ev_summary(ctx->db, id, &attempts, &last_reply,
	    &sent_at, &ticket, &err) != 0 ||
	    mail_store_list(ctx->db, id, &mails, &nmails, &err) != 0 ||
	    due_deadline(ctx->db, &c, &answer_due, &due_days, &err) != 0) {
		free(ids);
		free(next);
		complaint_events_free(ev, nev);
		free(last_reply);
		mail_text_release(&mt);
		complaint_release(&c);
		return report(&err);
	}
	if (ctx->json) {
		o = complaint_to_json(&c);
		json_object_set_new(o, "events", events_json(ev, nev));
		json_object_set_new(o, "attempts", json_integer(attempts));
		json_object_set_new(o, "last_reply", last_reply != NULL ?
		    json_string(last_reply) : json_null());
		json_object_set_new(o, "sent_at", json_time_or_null(sent_at !=
		    0, sent_at));
		json_object_set_new(o, "ticket", ticket != NULL ?
		    json_string(ticket) : json_null());
		json_object_set_new(o, "mails", mails_json(mails, nmails));
		json_object_set_new(o, "answer_due", json_time_or_null(
		    c.has_due && sent_yet(c.state), answer_due));
		json_object_set_new(o, "due_business_days", c.has_due ?
		    json_integer(due_days) : json_null());
		json_object_set_new(o, "next_contact", next != NULL ?
		    json_string(next) : json_null());
		r = json_array();
		for (i = 0; i < n; i++)
			json_array_append_new(r, json_integer(ids[i]));
		json_object_set_new(o, "stale", json_boolean(n > 0));
		json_object_set_new(o, "retracted_evidence", r);
		r = json_array();
		for (i = 0; i < c.nsources; i++)
			json_array_append_new(r, json_integer(c.sources[i]));
		json_object_set_new(o, "sources", r);
		r = json_array();
		for (i = 0; i < mt.natt; i++) {
			json_t *e = json_object();

			json_object_set_new(e, "name", mt.att[i].filename ?
			    json_string(mt.att[i].filename) : json_null());
			json_object_set_new(e, "content_type",
			    json_string(mt.att[i].content_type));
			json_object_set_new(e, "size",
			    json_integer((json_int_t)mt.att[i].size));
			json_array_append_new(r, e);
		}
		json_object_set_new(o, "attachments", r);
		json_object_set_new(o, "signed", json_boolean(mt.is_signed));
		json_object_set_new(o, "text", mt.body != NULL ?
		    json_string(mt.body) : json_null());
		print_json(o);
	} else {
		printf("complaint:  %lld\n", (long long)c.id);
		printf("provider:   %s (%lld)\n", tx(c.provider_name),
		    (long long)c.provider_id);
		if (c.upstream_asn != 0)
			printf("upstream:   AS%u\n", c.upstream_asn);
		printf("state:      %s\n", c.state);
		if (sent_at != 0) {
			fmt_time(sent_at, t);
			printf("sent:       %s%s%s\n", t, last_reply != NULL ?
			    ", " : "", last_reply != NULL ? tx(last_reply) : "");
		} else if (attempts > 0)
			printf("attempts:   %lld%s%s\n", (long long)attempts,
			    last_reply != NULL ? ", last: " : "",
			    last_reply != NULL ? tx(last_reply) : "");
		if (ticket != NULL)
			printf("ticket:     %s\n", tx(ticket));
		if (strcmp(c.state, "bounced") == 0 && next != NULL)
			printf("next:       %s (depeer complaint next-contact "
			    "%lld drafts to it)\n", tx(next), (long long)c.id);
		else if (strcmp(c.state, "bounced") == 0)
			printf("next:       no other contact stored for %s; "
			    "escalate (depeer complaint escalate %lld)\n",
			    c.upstream_asn != 0 ? "its AS" : "it",
			    (long long)c.id);
		if (n > 0) {
			stale_text(&b, ids, n);
			printf("stale:      %s\n", b.s);
		}
		printf("from:       %s\n", tx(c.from_addr));
		join(&b, c.to, c.nto);
		printf("to:         %s\n", tx(b.s));
		if (c.ncc > 0) {
			join(&b, c.cc, c.ncc);
			printf("cc:         %s\n", tx(b.s));
		}
		printf("subject:    %s\n", tx(c.subject));
		printf("message-id: <%s>\n", tx(c.message_id));
		printf("template:   %s\n", tx(c.tmpl));
		fmt_time(c.created_at, t);
		printf("created:    %s\n", t);
		if (c.updated_at != c.created_at) {
			fmt_time(c.updated_at, t);
			printf("updated:    %s\n", t);
		}
		if (c.has_due && !sent_yet(c.state))
			printf("due:        %lld business day%s after it is "
			    "sent\n", (long long)due_days, due_days == 1 ? "" :
			    "s");
		else if (c.has_due) {
			fmt_time(answer_due, t);
			printf("due:        %s (%lld business day%s after it was "
			    "sent%s)\n", t, (long long)due_days, due_days == 1 ?
			    "" : "s", strcmp(c.state, "acknowledged") == 0 ?
			    ", or an update after the acknowledgement" : "");
		}
		printf("version:    %lld\n", (long long)c.version);
		printf("message:    %lld bytes, sha256 %s\n",
		    (long long)c.size, c.sha256);
		if (c.nsources > 0) {
			buf_reset(&b);
			for (i = 0; i < c.nsources; i++)
				buf_addf(&b, "%s%lld", i > 0 ? ", " : "",
				    (long long)c.sources[i]);
			printf("answers:    %s (depeer source show ID)\n",
			    b.s);
		}
		if (c.has_max_ev) {
			buf_reset(&b);
			buf_addf(&b, "ids up to %lld",
			    (long long)c.max_evidence_id);
			if (c.has_sel_kinds) {
				buf_adds(&b, ", kinds ");
				for (i = 0; i < c.nsel_kinds; i++)
					buf_addf(&b, "%s%s", i > 0 ? ", " :
					    "", c.sel_kinds[i]);
			}
			if (c.has_since) {
				fmt_time(c.sel_since, t);
				buf_addf(&b, ", observed since %s", t);
			}
			printf("evidence:   %s\n", tx(b.s));
		} else
			printf("evidence:   none cited\n");
		for (i = 0; i < mt.natt; i++)
			printf("%s %s (%s, %zu bytes)\n", i == 0 ?
			    "attached:  " : "           ",
			    tx(mt.att[i].filename), tx(mt.att[i].content_type),
			    mt.att[i].size);
		if (mt.is_signed)
			printf("signed:     PGP/MIME\n");
		for (i = 0; i < nev; i++) {
			fmt_time(ev[i].at, t);
			buf_reset(&b);
			event_text(&b, &ev[i]);
			printf("%s %s  %s\n", i == 0 ? "history:   " :
			    "           ", t, tx(b.s));
		}
		for (i = 0; i < nmails; i++) {
			buf_reset(&b);
			mail_line(&b, &mails[i]);
			printf("%s %s\n", i == 0 ? "mail:      " :
			    "           ", tx(b.s));
		}
		if (mt.body != NULL)
			printf("\n%s%s", txm(mt.body),
			    *mt.body != '\0' && mt.body[strlen(mt.body) - 1] !=
			    '\n' ? "\n" : "");
	}
	if (n > 0 && !ctx->json) {
		stale_text(&b, ids, n);
		fprintf(stderr, "depeer: complaint %lld %s\n", (long long)c.id,
		    b.s);
	}
	buf_release(&b);
	free(ids);
	complaint_events_free(ev, nev);
	mailrec_free(mails, nmails);
	free(last_reply);
	free(ticket);
	free(next);
	mail_text_release(&mt);
	complaint_release(&c);
	return DP_EX_OK;
}

static const struct cmd_entry show_entry = {
	.name = "show",
	.summary = "show a complaint, or its message as stored",
	.usage = "show ID [--json | --raw]",
	.flags = CMD_DB_READ,
	.opts = (const struct cmd_opt[]){
		{ "raw", OPT_RAW, no_argument, NULL,
		  "the message exactly as stored (escaped on a terminal)" },
		CMD_OPTS_END
	},
	.exec = complaint_show_exec,
	.man = "depeer-complaint",
};

/* ---- edit ---- */

/*
 * Split an address list as mail_check() decodes it ("A <a@x>, \"B, C\"
 * <b@x>") at the commas outside quotes and angle brackets, and keep each
 * mailbox's address.  Returns 0 or DP_EX_DATAERR.
 */
static int
addr_list(const char *s, char ***v, size_t *n, struct dp_err *err)
{
	struct mailbox m;
	const char *p, *start = s;
	int quoted = 0, angle = 0;
	char *one;

	for (p = s;; p++) {
		if (*p == '\\' && quoted && p[1] != '\0') {
			p++;
			continue;
		}
		if (*p == '"')
			quoted = !quoted;
		else if (*p == '<' && !quoted)
			angle = 1;
		else if (*p == '>' && !quoted)
			angle = 0;
		if (*p != '\0' && (*p != ',' || quoted || angle))
			continue;
		one = xstrndup(start, (size_t)(p - start));
		if (strspn(one, " \t") != strlen(one)) {
			if (addr_parse_mailbox(one, &m, err) != 0) {
				free(one);
				return DP_EX_DATAERR;
			}
			*v = xreallocarray(*v, *n + 1, sizeof(**v));
			(*v)[(*n)++] = m.addr;
			m.addr = NULL;
			mailbox_release(&m);
		}
		free(one);
		if (*p == '\0')
			return 0;
		start = p + 1;
	}
}

static void
strv_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Run $VISUAL, else $EDITOR, else vi on path; 0 when it exited 0. */
static int
run_editor(const char *path)
{
	const char *ed = getenv("VISUAL");
	char *cmd;
	pid_t pid;
	int st;

	if (ed == NULL || *ed == '\0')
		ed = getenv("EDITOR");
	if (ed == NULL || *ed == '\0')
		ed = "vi";
	/* As git does: the variable may hold options ("emacs -nw"). */
	cmd = xasprintf("%s \"$1\"", ed);
	fflush(stdout);
	if ((pid = fork()) < 0) {
		free(cmd);
		return error("cannot start the editor: %s", strerror(errno));
	}
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", cmd, "sh", path, (char *)NULL);
		_exit(127);
	}
	free(cmd);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return error("cannot wait for the editor: %s",
			    strerror(errno));
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return error("the editor '%s' failed (%s %d)", tx(ed),
		    WIFEXITED(st) ? "exit status" : "signal",
		    WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
	return 0;
}

/* The temporary copy: the message with LF line ends, mode 0600. */
static int
write_copy(int64_t id, const char *msg, size_t len, char **path)
{
	const char *dir = getenv("TMPDIR");
	size_t i;
	FILE *fp;
	int fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	*path = xasprintf("%s/depeer-complaint-%lld-XXXXXX.eml", dir,
	    (long long)id);
	if ((fd = mkstemps(*path, 4)) < 0) {
		error("cannot create a temporary copy in %s: %s", tx(dir),
		    strerror(errno));
		free(*path);
		*path = NULL;
		return DP_EX_CANTCREAT;
	}
	fp = fdopen(fd, "w");
	for (i = 0; fp != NULL && i < len; i++)
		if (!(msg[i] == '\r' && i + 1 < len && msg[i + 1] == '\n'))
			putc(msg[i], fp);
	if (fp == NULL || ferror(fp) | fclose(fp)) {
		error("cannot write %s: %s", tx(*path), strerror(errno));
		unlink(*path);
		free(*path);
		*path = NULL;
		return DP_EX_IOERR;
	}
	return 0;
}

/* Read back what the editor left (a regular file), at most max bytes. */
static int
read_copy(const char *path, size_t max, struct buf *out)
{
	struct dp_err err = DP_ERR_INIT;
	char chunk[65536];
	size_t n;
	FILE *fp;

	/* An editor may leave anything at path: a FIFO must not hang us. */
	if (fopen_regular(path, &fp, NULL, &err) != 0)
		return report(&err);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		buf_add(out, chunk, n);
		if (out->len > max) {
			fclose(fp);
			return error("%s is larger than %zu bytes", tx(path),
			    max);
		}
	}
	if (ferror(fp)) {
		fclose(fp);
		return error("cannot read %s", tx(path));
	}
	fclose(fp);
	return 0;
}

#define EDIT_MAX	((size_t)50000000)	/* max_message_size's limit */

static int
complaint_edit_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct complaint c, after;
	struct complaint_hdrs h;
	struct mail_info mi;
	struct mailbox from;
	struct buf raw = BUF_INIT, msg = BUF_INIT;
	char **to = NULL, **cc = NULL, *path = NULL;
	size_t nto = 0, ncc = 0, len;
	void *old = NULL;
	int64_t id;
	int rc, changed = 0, keep = 0;

	memset(&mi, 0, sizeof(mi));
	memset(&from, 0, sizeof(from));
	complaint_init(&c);
	if ((rc = one_id(a, ctx, &id)) != 0)
		return rc;
	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	if (complaint_get(ctx->db, id, &c, &err) != 0 ||
	    complaint_message(ctx->db, id, &old, &len, &err) != 0) {
		rc = report(&err);
		goto done;
	}
	if (!complaint_state_editable(c.state)) {
		error("complaint %lld is %s: only a draft or a queued "
		    "complaint can be edited", (long long)id, c.state);
		rc = DP_EX_DATAERR;
		goto done;
	}
	if ((rc = write_copy(id, old, len, &path)) != 0)
		goto done;
	if (run_editor(path) != 0 || read_copy(path, EDIT_MAX, &raw) != 0) {
		rc = DP_EX_UNAVAILABLE;
		keep = 1;
		goto done;
	}
	/* Back to the CRLF of the wire, then checked as a whole message. */
	mail_crlf(raw.s, raw.len, &msg);
	if (mail_check(msg.s, msg.len, &mi, &err) != 0 ||
	    addr_parse_mailbox(mi.from, &from, &err) != 0 ||
	    addr_list(mi.to, &to, &nto, &err) != 0 ||
	    (mi.cc != NULL && addr_list(mi.cc, &cc, &ncc, &err) != 0)) {
		rc = report(&err);
		keep = 1;
		goto done;
	}
	memset(&h, 0, sizeof(h));
	h.from_addr = from.addr;
	h.to = to;
	h.nto = nto;
	h.cc = cc;
	h.ncc = ncc;
	h.subject = mi.subject;
	h.message_id = mi.message_id;
	if ((rc = complaint_store_version(ctx->db, id, msg.s, msg.len, &h,
	    &changed, &after, &err)) != 0) {
		report(&err);
		keep = 1;
		goto done;
	}
	if (ctx->json) {
		json_t *o = complaint_to_json(&after);

		json_object_set_new(o, "changed", json_boolean(changed));
		print_json(o);
	} else if (!changed)
		fprintf(stderr, "no change: complaint %lld stays at version "
		    "%lld\n", (long long)id, (long long)after.version);
	else
		fprintf(stderr, "stored version %lld of complaint %lld "
		    "(%lld bytes, sha256 %s)\n", (long long)after.version,
		    (long long)id, (long long)after.size, after.sha256);
	complaint_release(&after);
done:
	if (path != NULL) {
		if (keep && rc != 0)
			fprintf(stderr, "depeer: your edit is kept in %s\n",
			    tx(path));
		else
			unlink(path);
	}
	free(path);
	free(old);
	buf_release(&raw);
	buf_release(&msg);
	mail_info_release(&mi);
	mailbox_release(&from);
	strv_free(to, nto);
	strv_free(cc, ncc);
	complaint_release(&c);
	return rc;
}

static const struct cmd_entry edit_entry = {
	.name = "edit",
	.summary = "edit a draft's message",
	.about = "Open a draft's message in $VISUAL or $EDITOR; on save it is "
	    "checked again and stored as a new version, the old one kept.",
	.usage = "edit ID [--json]",
	.flags = CMD_DB_WRITE,
	.exec = complaint_edit_exec,
	.man = "depeer-complaint",
};

/* ---- export ---- */

static int
complaint_export_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct complaint c;
	const char *eml = args_get(a, OPT_EML), *mbox = args_get(a, OPT_MBOX);
	int64_t id;
	json_t *o;
	int rc;

	if ((rc = one_id(a, ctx, &id)) != 0)
		return rc;
	if ((eml == NULL) == (mbox == NULL))
		return cmd_usage_error(ctx, "give one of --eml PATH and "
		    "--mbox PATH");
	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	if (complaint_export(ctx->db, id, eml != NULL ? COMPLAINT_EML :
	    COMPLAINT_MBOX, eml != NULL ? eml : mbox,
	    args_has(a, OPT_FORCE) > 0, &c, &err) != 0)
		return report(&err);
	if (ctx->json) {
		o = json_object();
		json_object_set_new(o, "id", json_integer(c.id));
		json_object_set_new(o, "format", json_string(eml != NULL ?
		    "eml" : "mbox"));
		json_object_set_new(o, "path", json_string(eml != NULL ? eml :
		    mbox));
		json_object_set_new(o, "sha256", json_string(c.sha256));
		json_object_set_new(o, "size", json_integer(c.size));
		print_json(o);
	} else
		fprintf(stderr, "wrote %s (complaint %lld, %s)\n",
		    tx(eml != NULL ? eml : mbox), (long long)c.id,
		    eml != NULL ? "the message as stored" : "one mbox message");
	complaint_release(&c);
	return DP_EX_OK;
}

static const struct cmd_entry export_entry = {
	.name = "export",
	.summary = "write a complaint's message to a file",
	.about = "Write a complaint's current message to a file: --eml the "
	    "exact stored bytes, --mbox one message in mboxrd form for a "
	    "mail client.",
	.usage = "export ID --eml PATH | --mbox PATH [--force] [--json]",
	.flags = CMD_DB_READ,
	.opts = (const struct cmd_opt[]){
		{ "eml", OPT_EML, required_argument, "PATH",
		  "the message exactly as stored" },
		{ "mbox", OPT_MBOX, required_argument, "PATH",
		  "one mboxrd message" },
		{ "force", OPT_FORCE, no_argument, NULL,
		  "replace PATH if it exists" },
		CMD_OPTS_END
	},
	.exec = complaint_export_exec,
	.man = "depeer-complaint",
};

/* ---- rm ---- */

static int
complaint_rm_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct complaint c;
	int64_t id;
	json_t *o;
	int rc;

	if ((rc = one_id(a, ctx, &id)) != 0)
		return rc;
	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	if (complaint_store_rm(ctx->db, id, &c, &err) != 0)
		return report(&err);
	if (ctx->json) {
		o = complaint_to_json(&c);
		json_object_set_new(o, "removed", json_true());
		print_json(o);
	} else
		fprintf(stderr, "removed draft %lld (%s); the audit log keeps "
		    "its SHA-256 %s\n", (long long)c.id, tx(c.subject),
		    c.sha256);
	complaint_release(&c);
	return DP_EX_OK;
}

static const struct cmd_entry rm_entry = {
	.name = "rm",
	.summary = "remove a draft",
	.about = "Remove a draft and its messages; the audit log keeps an "
	    "entry with what it was.  Only drafts can be removed.",
	.usage = "rm ID [--json]",
	.flags = CMD_DB_WRITE,
	.exec = complaint_rm_exec,
	.man = "depeer-complaint",
};

/* ---- status ---- */

static int
complaint_status_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct complaint c;
	const char *note = args_get(a, OPT_NOTE);
	int64_t id;
	json_t *o;
	int rc;

	if (a->argc != 2)
		return cmd_usage_error(ctx, "'%s' needs a complaint ID and a "
		    "state", ctx->path);
	if (complaint_parse_id(a->argv[0], &id, &err) != 0)
		return cmd_usage_error(ctx, "%s", err.msg);
	if (!complaint_state_valid(a->argv[1]))
		return cmd_usage_error(ctx, "unknown state '%s': one of "
		    "draft, queued, sending, sent, acknowledged, answered, "
		    "bounced, escalated, resolved, rejected, no-response",
		    a->argv[1]);
	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	if (complaint_store_status(ctx->db, id, a->argv[1], note, &c,
	    &err) != 0)
		return report(&err);
	if (ctx->json) {
		o = complaint_to_json(&c);
		print_json(o);
	} else
		fprintf(stderr, "complaint %lld is now %s\n",
		    (long long)c.id, c.state);
	complaint_release(&c);
	return DP_EX_OK;
}

static const struct cmd_entry status_entry = {
	.name = "status",
	.summary = "record what became of a complaint",
	.about = "Set a complaint's state by hand, for what the researcher "
	    "learns outside depeer: queued when ready, sent from their own "
	    "mail client (with --note saying how), an answer, a bounce, "
	    "silence, an escalation, the outcome.  Impossible changes are "
	    "refused; depeer-complaint(1) has the table.",
	.usage = "status ID STATE [--note TEXT] [--json]",
	.flags = CMD_DB_WRITE,
	.opts = (const struct cmd_opt[]){
		{ "note", OPT_NOTE, required_argument, "TEXT",
		  "one line on what happened (needed for sent)" },
		CMD_OPTS_END
	},
	.exec = complaint_status_exec,
	.man = "depeer-complaint",
};

const struct cmd_entry cmd_complaint_entry = {
	.name = "complaint",
	.summary = "draft, review and manage complaints",
	.usage = "complaint draft|list|show|edit|export|rm|status|thread|send|"
	    "follow-up|escalate|next-contact|reply ...",
	/* One a line: the subcommands in their own files append theirs. */
	.subs = (const struct cmd_entry *const[]){
	    &draft_entry,
	    &list_entry,
	    &show_entry,
	    &edit_entry,
	    &export_entry,
	    &rm_entry,
	    &status_entry,
	    &cmd_complaint_thread_entry,
	    &cmd_complaint_send_entry,
	    &cmd_complaint_follow_up_entry,
	    &cmd_complaint_escalate_entry,
	    &cmd_complaint_next_contact_entry,
	    &cmd_complaint_reply_entry,
	    NULL },
	.man = "depeer-complaint",
};
