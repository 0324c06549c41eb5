/*
 * cmd_init.c - "depeer init": create the case database, or confirm it.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "db.h"
#include "exitcodes.h"

static const struct cmd init_cmd = {
	"init", NULL, "Create the case database if it does not exist yet; "
	"safe to run again.", "init [--json]"
};

int
cmd_init(int argc, char **argv, struct ctx *ctx)
{
	static const struct option longopts[] = {
		COMMON_LONGOPTS, { NULL, 0, NULL, 0 }
	};
	struct dp_err err = DP_ERR_INIT;
	char *path;
	int opt, rc, created = 0, status = 0;

	while ((opt = dp_getopt(argc, argv, "h", longopts)) != -1)
		if ((rc = common_opt(opt, ctx, &init_cmd, NULL)) >= 0)
			return rc;
	if (optind != argc) {
		error("'init' takes no arguments");
		print_usage(stderr, &init_cmd, NULL);
		return DP_EX_USAGE;
	}
	if ((path = db_default_path(ctx, &status)) == NULL)
		return status;
	rc = db_open(path, 1, &ctx->db, &created, &err);
	if (rc != 0) {
		free(path);
		return report(&err);
	}
	if (ctx->json) {
		json_t *o = json_object();

		json_object_set_new(o, "path", json_string(path));
		json_object_set_new(o, "created", json_boolean(created));
		json_object_set_new(o, "schema_version",
		    json_integer(db_schema_version(ctx->db)));
		print_json(o);
	} else
		printf("%s %s (schema version %d)\n", created ?
		    "created" : "using existing", path,
		    db_schema_version(ctx->db));
	free(path);
	return DP_EX_OK;
}
