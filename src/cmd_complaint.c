/*
 * cmd_complaint.c - "depeer complaint list|show|edit|export|rm": the
 * complaints drafted from the case ("draft" is in
 * cmd_complaint_draft.c).  Parses and prints; complaint_store.c reads and
 * writes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "complaint.h"
#include "complaint_store.h"
#include "db.h"
#include "exitcodes.h"
#include "validate.h"

enum { OPT_PROVIDER = OPT_FIRST_LOCAL, OPT_STATE, OPT_RAW, OPT_EML,
	OPT_MBOX, OPT_FORCE };

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
	char id[24], created[TIME_STRLEN], due[TIME_STRLEN];
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
		t = table_new(7, hdr);
		for (i = 0; i < n; i++) {
			snprintf(id, sizeof(id), "%lld", (long long)v[i].id);
			fmt_time(v[i].created_at, created);
			if (v[i].has_due)
				fmt_time(v[i].due_at, due);
			join(&to, v[i].to, v[i].nto);
			row[0] = id;
			row[1] = v[i].provider_name;
			row[2] = v[i].state;
			row[3] = to.s;
			row[4] = v[i].subject;
			row[5] = created;
			row[6] = v[i].has_due ? due : NULL;
			table_row(t, row);
		}
		table_end(t);
	}
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

static int
complaint_show_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct complaint c;
	struct buf b = BUF_INIT;
	int64_t id, *ids;
	size_t n, i;
	char t[TIME_STRLEN];
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
	if (ctx->json) {
		o = complaint_to_json(&c);
		r = json_array();
		for (i = 0; i < n; i++)
			json_array_append_new(r, json_integer(ids[i]));
		json_object_set_new(o, "stale", json_boolean(n > 0));
		json_object_set_new(o, "retracted_evidence", r);
		r = json_array();
		for (i = 0; i < c.nsources; i++)
			json_array_append_new(r, json_integer(c.sources[i]));
		json_object_set_new(o, "sources", r);
		print_json(o);
	} else {
		printf("complaint:  %lld\n", (long long)c.id);
		printf("provider:   %s (%lld)\n", tx(c.provider_name),
		    (long long)c.provider_id);
		if (c.upstream_asn != 0)
			printf("upstream:   AS%u\n", c.upstream_asn);
		printf("state:      %s\n", c.state);
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
		if (c.has_due) {
			fmt_time(c.due_at, t);
			printf("due:        %s\n", t);
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
	}
	if (n > 0 && !ctx->json)
		fprintf(stderr, "depeer: complaint %lld %s\n", (long long)c.id,
		    b.s);
	buf_release(&b);
	free(ids);
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

const struct cmd_entry cmd_complaint_entry = {
	.name = "complaint",
	.summary = "draft, review and manage complaints",
	.usage = "complaint list|show|edit|export|rm ...",
	.subs = (const struct cmd_entry *const[]){ &list_entry, &show_entry,
	    &export_entry, &rm_entry, NULL },
	.man = "depeer-complaint",
};
