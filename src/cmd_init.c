/*
 * cmd_init.c - "depeer init": create the case database, or confirm it.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "db.h"
#include "exitcodes.h"

/*
 * Opens the database itself rather than through ctx_db(): it reports
 * whether the file was created.
 */
static int
init_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	char *path;
	int rc, created = 0, status = 0;

	if (a->argc != 0)
		return cmd_usage_error(ctx, "'init' takes no arguments");
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
		    "created" : "using existing", tx(path),
		    db_schema_version(ctx->db));
	free(path);
	return DP_EX_OK;
}

const struct cmd_entry cmd_init_entry = {
	.name = "init",
	.summary = "create the case database (safe to repeat)",
	.usage = "init [--json]",
	.flags = CMD_DB_CREATE,
	.exec = init_exec,
	.man = "depeer",
};
