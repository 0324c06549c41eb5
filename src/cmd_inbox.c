/*
 * cmd_inbox.c - "depeer inbox import|list|show": the mail that came back
 * after the complaints went out.  Parses and prints; mailbox.c reads the
 * mailbox, inbox.c stores, matches and acts, complaint_track.h reads.
 */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "complaint_track.h"
#include "config.h"
#include "exitcodes.h"
#include "inbox.h"
#include "inbox_parse.h"
#include "jsonout.h"
#include "cmd_inbox.h"
#include "mailbox.h"
#include "numparse.h"
#include "validate.h"

enum { OPT_UNMATCHED = OPT_FIRST_LOCAL, OPT_RAW };

/* The settings an import needs: case tag, largest message. */
static int
settings(struct ctx *ctx, const char **tag, size_t *max)
{
	int rc;

	if ((rc = ctx_config(ctx)) != 0)
		return rc;
	*tag = config_get(ctx->config, "case_tag");
	*max = (size_t)config_int(ctx->config, "max_message_size");
	return 0;
}

static const char *
when(int has, int64_t t, char buf[TIME_STRLEN])
{
	if (!has)
		return "-";
	fmt_time(t, buf);
	return buf;
}

json_t *
inbox_outcome_json(const struct inbox_outcome *o)
{
	json_t *j = json_object();

	json_object_set_new(j, "where", json_string(o->where));
	json_object_set_new(j, "mail", json_integer(o->mail_id));
	json_object_set_new(j, "duplicate", json_boolean(o->duplicate));
	json_object_set_new(j, "earlier", json_boolean(o->earlier));
	json_object_set_new(j, "from", json_str_or_null(o->from_addr));
	json_object_set_new(j, "subject", json_str_or_null(o->subject));
	json_object_set_new(j, "date", json_time_or_null(o->has_date,
	    o->date));
	json_object_set_new(j, "class", json_string(o->mclass));
	json_object_set_new(j, "why", json_str_or_null(o->why));
	json_object_set_new(j, "ticket", json_str_or_null(o->ticket));
	json_object_set_new(j, "dsn_status", json_str_or_null(o->dsn_status));
	json_object_set_new(j, "dsn_recipient",
	    json_str_or_null(o->dsn_recipient));
	json_object_set_new(j, "complaint_id", o->complaint_id != 0 ?
	    json_integer(o->complaint_id) : json_null());
	json_object_set_new(j, "matched_by", json_str_or_null(o->matched_by));
	json_object_set_new(j, "state_before",
	    json_str_or_null(o->from_state));
	json_object_set_new(j, "state", json_str_or_null(o->to_state != NULL ?
	    o->to_state : o->from_state));
	json_object_set_new(j, "changed", json_boolean(o->to_state != NULL));
	json_object_set_new(j, "unchanged", json_str_or_null(o->unchanged));
	return j;
}

void
inbox_outcome_text(const struct inbox_outcome *o)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "mail %lld %s", (long long)o->mail_id, o->mclass);
	if (o->dsn_status != NULL)
		buf_addf(&b, " %s", tx(o->dsn_status));
	if (o->dsn_recipient != NULL)
		buf_addf(&b, " %s", tx(o->dsn_recipient));
	if (o->ticket != NULL)
		buf_addf(&b, ", ticket %s", tx(o->ticket));
	if (o->to_state != NULL)
		printf("complaint %lld: %s (%s): %s -> %s\n",
		    (long long)o->complaint_id, b.s, o->matched_by,
		    o->from_state, o->to_state);
	else
		printf("complaint %lld: %s (%s): stays %s: %s\n",
		    (long long)o->complaint_id, b.s, o->matched_by,
		    o->from_state != NULL ? o->from_state : "-",
		    tx(o->unchanged));
	buf_release(&b);
}

/* The mails of complaint id (0: all, -1: unmatched) as JSON. */
static json_t *
mail_json(const struct mailrec *m)
{
	json_t *j = json_object();

	/* the keys and order of complaint show's "mails" */
	json_object_set_new(j, "id", json_integer(m->id));
	json_object_set_new(j, "sha256", json_string(m->sha256));
	json_object_set_new(j, "size", json_integer(m->size));
	json_object_set_new(j, "message_id", json_str_or_null(m->message_id));
	json_object_set_new(j, "from", json_str_or_null(m->from_addr));
	json_object_set_new(j, "subject", json_str_or_null(m->subject));
	json_object_set_new(j, "date", json_time_or_null(m->has_date,
	    m->date));
	json_object_set_new(j, "imported_at", json_time_or_null(1,
	    m->imported_at));
	json_object_set_new(j, "origin", json_str_or_null(m->origin));
	json_object_set_new(j, "class", json_str_or_null(m->mclass));
	json_object_set_new(j, "ticket", json_str_or_null(m->ticket));
	json_object_set_new(j, "dsn_status", json_str_or_null(m->dsn_status));
	json_object_set_new(j, "dsn_recipient",
	    json_str_or_null(m->dsn_recipient));
	json_object_set_new(j, "complaint_id", m->complaint_id != 0 ?
	    json_integer(m->complaint_id) : json_null());
	json_object_set_new(j, "matched_by", json_str_or_null(m->matched_by));
	return j;
}

static void
mail_table(const struct mailrec *v, size_t n)
{
	static const char *const hdr[] = { "MAIL", "DATE", "CLASS",
	    "COMPLAINT", "BY", "FROM", "SUBJECT" };
	struct table *t = table_new(7, hdr);
	char id[32], cid[32], tb[TIME_STRLEN];
	const char *row[7];
	char *subj;
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "%lld", (long long)v[i].id);
		snprintf(cid, sizeof(cid), "%lld", (long long)v[i].complaint_id);
		subj = ellipsize(v[i].subject, 60);
		row[0] = id;
		row[1] = when(v[i].has_date, v[i].date, tb);
		row[2] = v[i].mclass;
		row[3] = v[i].complaint_id != 0 ? cid : NULL;
		row[4] = v[i].matched_by;
		row[5] = v[i].from_addr;
		row[6] = subj;
		table_row(t, row);
		free(subj);
	}
	table_end(t);
}

/* ---- import ---- */

/* Whether mail id is one of the messages of this import. */
static int
read_now(const struct inbox_result *r, int64_t id)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->v[i].mail_id == id && !r->v[i].earlier)
			return 1;
	return 0;
}

static int
import_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct mbox_list l;
	struct inbox_result r;
	struct mailrec *um = NULL;
	const char *tag;
	size_t max, i, n = 0, total = 0;
	json_t *o, *arr;
	int rc;

	if (a->argc != 1)
		return cmd_usage_error(ctx, "'%s' needs one mailbox: an mbox, "
		    "a message file, a Maildir, or - for standard input",
		    ctx->path);
	if ((rc = settings(ctx, &tag, &max)) != 0)
		return rc;
	if ((rc = mailbox_read(a->argv[0], max, &l, &err)) != 0)
		return report(&err);
	if ((rc = ctx_db(ctx)) != 0) {
		mbox_list_release(&l);
		return rc;
	}
	rc = inbox_import(ctx->db, &l, tag, &r, &err);
	if (rc != 0 && strcmp(l.kind, "message") != 0)
		dp_err_prefix(&err, "%s", strcmp(a->argv[0], "-") == 0 ?
		    "standard input" : a->argv[0]);
	mbox_list_release(&l);
	if (rc != 0)
		return report(&err);
	if ((rc = mail_store_list(ctx->db, -1, &um, &total, &err)) != 0) {
		inbox_result_release(&r);
		return report(&err);
	}
	/* those of this mailbox first; the others are only counted */
	for (i = 0; i < total; i++)
		if (read_now(&r, um[i].id)) {
			if (i != n) {
				struct mailrec t = um[n];

				um[n] = um[i];
				um[i] = t;
			}
			n++;
		}
	if (ctx->json) {
		o = json_object();
		json_object_set_new(o, "kind", json_string(r.kind));
		json_object_set_new(o, "read", json_integer((json_int_t)r.read));
		json_object_set_new(o, "stored",
		    json_integer((json_int_t)r.stored));
		json_object_set_new(o, "duplicates",
		    json_integer((json_int_t)r.duplicates));
		json_object_set_new(o, "matched",
		    json_integer((json_int_t)r.matched));
		json_object_set_new(o, "changed",
		    json_integer((json_int_t)r.changed));
		arr = json_array();
		for (i = 0; i < r.n; i++)
			json_array_append_new(arr,
			    inbox_outcome_json(&r.v[i]));
		json_object_set_new(o, "messages", arr);
		arr = json_array();
		for (i = 0; i < n; i++)
			json_array_append_new(arr, mail_json(&um[i]));
		json_object_set_new(o, "unmatched", arr);
		json_object_set_new(o, "unmatched_before",
		    json_integer((json_int_t)(total - n)));
		print_json(o);
	} else {
		printf("read %zu message%s (%s): %zu stored, %zu stored before; "
		    "%zu matched, %zu complaint%s moved\n", r.read,
		    r.read == 1 ? "" : "s", r.kind, r.stored, r.duplicates,
		    r.matched, r.changed, r.changed == 1 ? "" : "s");
		for (i = 0; i < r.n; i++)
			if (r.v[i].complaint_id != 0 &&
			    (!r.v[i].duplicate || r.v[i].earlier))
				inbox_outcome_text(&r.v[i]);
		if (n > 0) {
			printf("not matched to a complaint (%zu; 'depeer "
			    "complaint reply ID FILE' records one by hand):\n",
			    n);
			mail_table(um, n);
		}
		if (total > n)
			printf("%zu mail%s from before not matched either: "
			    "'depeer inbox list --unmatched'\n", total - n,
			    total - n == 1 ? "" : "s");
	}
	mailrec_free(um, total);
	inbox_result_release(&r);
	return DP_EX_OK;
}

static const struct cmd_entry import_entry = {
	.name = "import",
	.summary = "store, match and act on the replies in a mailbox",
	.about = "Read an mbox, a message file, a Maildir or standard input; "
	    "store each message whole with its SHA-256, match it to the "
	    "complaint it answers (In-Reply-To, References, the returned "
	    "headers of a bounce, the case tag, a ticket number), and move "
	    "the complaint: an auto-reply to acknowledged, an answer to "
	    "answered, a bounce to bounced.  A message that cannot be read "
	    "refuses the whole import; a message stored before is not "
	    "recorded again.",
	.usage = "import MBOX|EML|MAILDIR|- [--json]",
	.flags = CMD_DB_WRITE | CMD_CONFIG,
	.exec = import_exec,
	.man = "depeer-inbox",
};

/* ---- list ---- */

static int
list_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct mailrec *v = NULL;
	size_t n = 0, i;
	json_t *arr;
	int rc;

	if (a->argc != 0)
		return cmd_usage_error(ctx, "'%s' takes no operand", ctx->path);
	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	if ((rc = mail_store_list(ctx->db, args_has(a, OPT_UNMATCHED) ? -1 :
	    0, &v, &n, &err)) != 0)
		return report(&err);
	if (ctx->json) {
		arr = json_array();
		for (i = 0; i < n; i++)
			json_array_append_new(arr, mail_json(&v[i]));
		print_json(arr);
	} else if (n > 0)
		mail_table(v, n);
	mailrec_free(v, n);
	return DP_EX_OK;
}

static const struct cmd_entry list_entry = {
	.name = "list",
	.summary = "list the mail stored",
	.usage = "list [--unmatched] [--json]",
	.flags = CMD_DB_READ,
	.opts = (const struct cmd_opt[]){
		{ "unmatched", OPT_UNMATCHED, no_argument, NULL,
		  "only the mails not matched to a complaint" },
		CMD_OPTS_END
	},
	.exec = list_exec,
	.man = "depeer-inbox",
};

/* ---- show ---- */

static int
show_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct dp_err perr = DP_ERR_INIT;
	struct inbox_msg im;
	struct mailrec m;
	void *bytes = NULL;
	size_t len = 0;
	char tb[TIME_STRLEN];
	const char *tag;
	long long id;
	int rc;

	if (a->argc != 1)
		return cmd_usage_error(ctx, "'%s' needs one mail ID", ctx->path);
	if (parse_num("mail ID", a->argv[0], 1, INT64_MAX, &id, &err) != 0)
		return cmd_usage_error(ctx, "%s", err.msg);
	if ((rc = ctx_config(ctx)) != 0 || (rc = ctx_db(ctx)) != 0)
		return rc;
	tag = config_get(ctx->config, "case_tag");
	mailrec_init(&m);
	if ((rc = mail_store_get(ctx->db, id, &m, &bytes, &len, &err)) != 0)
		return report(&err);
	if (args_has(a, OPT_RAW)) {
		fwrite(bytes, 1, len, stdout);
	} else if (ctx->json) {
		print_json(mail_json(&m));
	} else {
		printf("mail %lld\n", (long long)m.id);
		print_field("from:        ", m.from_addr != NULL ? m.from_addr :
		    "-");
		print_field("subject:     ", m.subject != NULL ? m.subject : "-");
		printf("date:        %s\n", when(m.has_date, m.date, tb));
		print_field("message-id:  ", m.message_id != NULL ?
		    m.message_id : "-");
		printf("class:       %s\n", m.mclass);
		if (m.ticket != NULL)
			print_field("ticket:      ", m.ticket);
		if (m.dsn_status != NULL)
			print_field("status:      ", m.dsn_status);
		if (m.dsn_recipient != NULL)
			print_field("recipient:   ", m.dsn_recipient);
		/* what depeer reads in it now: why its class, its links */
		inbox_msg_init(&im);
		if (inbox_parse(bytes, len, tag, &im, &perr) == 0) {
			print_field("read as:     ", im.why);
			if (im.in_reply_to != NULL)
				print_field("in-reply-to: ", im.in_reply_to);
			if (im.returned_id != NULL)
				print_field("returns:     ", im.returned_id);
			if (im.dsn_diagnostic != NULL)
				print_field("diagnostic:  ", im.dsn_diagnostic);
		}
		inbox_msg_release(&im);
		if (m.complaint_id != 0)
			printf("complaint:   %lld (matched by %s)\n",
			    (long long)m.complaint_id, m.matched_by);
		else
			printf("complaint:   - (not matched)\n");
		printf("origin:      %s, %s\n", m.origin,
		    when(1, m.imported_at, tb));
		printf("sha256:      %s (%lld bytes)\n", m.sha256,
		    (long long)m.size);
	}
	free(bytes);
	mailrec_release(&m);
	return DP_EX_OK;
}

static const struct cmd_entry show_entry = {
	.name = "show",
	.summary = "show a stored mail, or its bytes",
	.about = "Show what was read from a stored mail, or with --raw the "
	    "message byte for byte as it arrived (checked against its "
	    "SHA-256).",
	.usage = "show MAILID [--raw] [--json]",
	.flags = CMD_DB_READ | CMD_CONFIG,
	.opts = (const struct cmd_opt[]){
		{ "raw", OPT_RAW, no_argument, NULL,
		  "the message's bytes as stored" },
		CMD_OPTS_END
	},
	.exec = show_exec,
	.man = "depeer-inbox",
};

const struct cmd_entry cmd_inbox_entry = {
	.name = "inbox",
	.summary = "read the replies: import a mailbox, list and show mail",
	.usage = "inbox import|list|show ...",
	.subs = (const struct cmd_entry *const[]){ &import_entry, &list_entry,
	    &show_entry, NULL },
	.man = "depeer-inbox",
};
