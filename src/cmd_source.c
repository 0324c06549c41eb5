/*
 * cmd_source.c - "depeer source show": a stored registry answer, byte for
 * byte, with whom depeer asked, what, and when.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "db.h"
#include "exitcodes.h"
#include "numparse.h"
#include "source.h"
#include "validate.h"

static int
source_show(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct source s;
	char t[TIME_STRLEN];
	long long id;
	json_t *o, *v;
	int rc;

	if (a->argc != 1) {
		error("'source show' needs one ID");
		return DP_EX_USAGE;
	}
	if (parse_num(NULL, a->argv[0], 1, INT64_MAX, &id, NULL) != 0) {
		error("'%s' is not a source id", a->argv[0]);
		return DP_EX_USAGE;
	}
	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	if (db_source_get(ctx->db, id, &s, &err) != 0)
		return report(&err);
	if (ctx->json) {
		o = source_to_json(&s);
		json_object_set_new(o, "status", s.has_status ?
		    json_integer(s.status) : json_null());
		v = json_stringn(s.content, s.size);
		/* Bytes that are not UTF-8 cannot be a JSON string. */
		json_object_set_new(o, "content", v != NULL ? v :
		    json_null());
		print_json(o);
	} else {
		fmt_time(s.fetched_at, t);
		printf("%% source %lld: %s %s\n%% query: %s\n%% fetched: %s\n"
		    "%% sha256: %s (%zu bytes)\n", (long long)s.id,
		    s.protocol, s.server, s.query, t, s.sha256, s.size);
		fwrite(s.content, 1, s.size, stdout);
	}
	source_release(&s);
	return DP_EX_OK;
}

static const struct cmd_entry show_entry = {
	.name = "show",
	.summary = "print a stored registry answer",
	.about = "Print a stored registry answer byte for byte, with whom "
	    "depeer asked, what, and when.",
	.usage = "show ID [--json]",
	.flags = CMD_DB_READ,
	.exec = source_show,
	.man = "depeer-source",
};

const struct cmd_entry cmd_source_entry = {
	.name = "source",
	.summary = "show a stored registry answer",
	.usage = "source show ID [--json]",
	.subs = (const struct cmd_entry *const[]){ &show_entry, NULL },
	.man = "depeer-source",
};
