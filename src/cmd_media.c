/*
 * cmd_media.c - "depeer media add|list|rm": the journalists and
 * colleagues who follow a case (media_store.h).  "report --to-media"
 * drafts their status updates.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "exitcodes.h"
#include "media_store.h"
#include "numparse.h"
#include "validate.h"

enum { OPT_OUTLET = OPT_FIRST_LOCAL, OPT_PROVIDER, OPT_NOTE, OPT_ALL };

/* "media contact 3: Name <addr> (Outlet), for McColo" */
static void
print_contact(const char *what, const struct media_contact *m)
{
	char *mb = media_mailbox(m);

	printf("%s %" PRId64 ": %s", what, m->id, tx(mb));
	if (m->outlet != NULL)
		printf(" (%s)", tx(m->outlet));
	if (m->provider != NULL)
		printf(", for %s", tx(m->provider));
	else
		printf(", for every case");
	printf("\n");
	free(mb);
}

static int
media_add_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct media_contact m;
	const char *arg;
	int rc;

	if (a->argc != 2)
		return cmd_usage_error(ctx, "'media add' takes a name and an "
		    "address");
	memset(&m, 0, sizeof(m));
	m.name = xstrdup(a->argv[0]);
	m.addr = xstrdup(a->argv[1]);
	if ((arg = args_get(a, OPT_OUTLET)) != NULL)
		m.outlet = xstrdup(arg);
	if ((arg = args_get(a, OPT_NOTE)) != NULL)
		m.note = xstrdup(arg);
	if (media_check(&m, &err) != 0) {
		media_release(&m);
		return report(&err);
	}
	if ((rc = ctx_db(ctx)) != 0) {
		media_release(&m);
		return rc;
	}
	if (media_add(ctx->db, args_get(a, OPT_PROVIDER), &m, &err) != 0) {
		media_release(&m);
		return report(&err);
	}
	if (ctx->json)
		print_json(media_to_json(&m));
	else
		print_contact("media contact", &m);
	media_release(&m);
	return DP_EX_OK;
}

static int
media_list_exec(const struct cmd_args *a, struct ctx *ctx)
{
	static const char *const hdr[] = { "ID", "NAME", "ADDRESS", "OUTLET",
	    "CASE", "ADDED", "REMOVED" };
	struct dp_err err = DP_ERR_INIT;
	struct media_contact *v;
	char added[TIME_STRLEN], removed[TIME_STRLEN], id[24];
	const char *row[7];
	struct table *t;
	size_t n, i;
	int rc, all = args_has(a, OPT_ALL);

	if (a->argc != 0)
		return cmd_usage_error(ctx, "'media list' takes no operands "
		    "(--provider P for one case)");
	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	if (media_list(ctx->db, args_get(a, OPT_PROVIDER), all, &v, &n,
	    &err) != 0)
		return report(&err);
	if (ctx->json) {
		json_t *arr = json_array();

		for (i = 0; i < n; i++)
			json_array_append_new(arr, media_to_json(&v[i]));
		print_json(arr);
	} else {
		t = table_new(all ? 7 : 6, hdr);
		for (i = 0; i < n; i++) {
			snprintf(id, sizeof(id), "%" PRId64, v[i].id);
			/* The day is enough here; --json has the time. */
			fmt_time(v[i].created_at, added);
			added[10] = '\0';
			if (v[i].removed_at != 0) {
				fmt_time(v[i].removed_at, removed);
				removed[10] = '\0';
			}
			row[0] = id;
			row[1] = v[i].name;
			row[2] = v[i].addr;
			row[3] = v[i].outlet;
			row[4] = v[i].provider != NULL ? v[i].provider :
			    "(every case)";
			row[5] = added;
			row[6] = v[i].removed_at != 0 ? removed : NULL;
			table_row(t, row);
		}
		table_end(t);
	}
	media_free(v, n);
	return DP_EX_OK;
}

static int
media_rm_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct media_contact m;
	long long id;
	int rc;

	if (a->argc != 1)
		return cmd_usage_error(ctx, "'media rm' takes a contact's id "
		    "(see 'depeer media list')");
	if (parse_num("media contact id", a->argv[0], 1, INT64_MAX, &id,
	    &err) != 0)
		return report(&err);
	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	if (media_rm(ctx->db, id, args_get(a, OPT_NOTE), &m, &err) != 0)
		return report(&err);
	if (ctx->json)
		print_json(media_to_json(&m));
	else
		print_contact("removed media contact", &m);
	media_release(&m);
	return DP_EX_OK;
}

static const struct cmd_entry add_entry = {
	.name = "add",
	.summary = "add a journalist or colleague who follows a case",
	.about = "Add a media contact: a journalist or colleague who "
	    "receives the case's status updates ('depeer report --to-media'). "
	    "With --provider the contact follows that provider's case; "
	    "without, every case in this database.",
	.usage = "add NAME ADDR [--outlet TEXT] [--provider P] [--note TEXT] "
	    "[--json]",
	.flags = CMD_DB_WRITE,
	.opts = (const struct cmd_opt[]){
		{ "outlet", OPT_OUTLET, required_argument, "TEXT",
		  "the publication or organisation" },
		{ "provider", OPT_PROVIDER, required_argument, "P",
		  "the case followed (default: every case)" },
		{ "note", OPT_NOTE, required_argument, "TEXT",
		  "a line about the contact" },
		CMD_OPTS_END
	},
	.exec = media_add_exec,
	.man = "depeer-media",
};

static const struct cmd_entry list_entry = {
	.name = "list",
	.summary = "list the media contacts",
	.usage = "list [--provider P] [--all] [--json]",
	.flags = CMD_DB_READ,
	.opts = (const struct cmd_opt[]){
		{ "provider", OPT_PROVIDER, required_argument, "P",
		  "those following P's case (and every case)" },
		{ "all", OPT_ALL, no_argument, NULL,
		  "removed contacts too" },
		CMD_OPTS_END
	},
	.exec = media_list_exec,
	.man = "depeer-media",
};

static const struct cmd_entry rm_entry = {
	.name = "rm",
	.summary = "remove a media contact",
	.about = "Remove a media contact: it receives no more updates.  Its "
	    "record stays, marked removed, for the updates it was sent.",
	.usage = "rm ID [--note TEXT] [--json]",
	.flags = CMD_DB_WRITE,
	.opts = (const struct cmd_opt[]){
		{ "note", OPT_NOTE, required_argument, "TEXT",
		  "why, in a line" },
		CMD_OPTS_END
	},
	.exec = media_rm_exec,
	.man = "depeer-media",
};

const struct cmd_entry cmd_media_entry = {
	.name = "media",
	.summary = "the journalists and colleagues who follow a case",
	.usage = "add NAME ADDR [--outlet TEXT] [--provider P] [--note TEXT] "
	    "[--json]\n"
	    "media list [--provider P] [--all] [--json]\n"
	    "media rm ID [--note TEXT] [--json]",
	.subs = (const struct cmd_entry *const[]){ &add_entry, &list_entry,
	    &rm_entry, NULL },
	.man = "depeer-media",
};
