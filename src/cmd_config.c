/*
 * cmd_config.c - "depeer config list|get|set|unset|path": the settings of
 * config.h, where each comes from, and changes to the file.  No command
 * here opens the database.  "set", "unset" and "path" do not load the
 * configuration, so they work while the file or a variable is broken
 * (set and unset then refuse the broken file themselves).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "config.h"
#include "exitcodes.h"

/*
 * The operands of a config command: exactly n of them, else a usage
 * error saying what was wanted.  Returns -1 to go on, or the status.
 */
static int
operands(const struct cmd_args *a, const struct ctx *ctx, int n,
    const char *what)
{
	if (a->argc == n)
		return -1;
	if (n == 0)
		return cmd_usage_error(ctx, "'%s' takes no arguments",
		    ctx->path);
	return cmd_usage_error(ctx, "'%s' needs %s", ctx->path, what);
}

/* An unknown KEY is a usage error (64), as an unknown option is. */
static int
known_key(const char *key)
{
	if (config_is_key(key))
		return 0;
	error("unknown key '%s' (see 'depeer config list')", key);
	return DP_EX_USAGE;
}

/* {key, value, origin}; an empty value is null. */
static json_t *
setting_json(const struct config *cf, const char *key)
{
	const char *v = config_get(cf, key);
	json_t *o = json_object();

	json_object_set_new(o, "key", json_string(key));
	json_object_set_new(o, "value", *v != '\0' ? json_string(v) :
	    json_null());
	json_object_set_new(o, "origin", json_string(config_origin(cf, key)));
	return o;
}

static int
config_list(const struct cmd_args *a, struct ctx *ctx)
{
	static const char *const hdr[] = { "KEY", "VALUE", "ORIGIN" };
	const char *key, *row[3];
	struct table *t;
	json_t *arr;
	size_t i;
	int rc;

	if ((rc = operands(a, ctx, 0, NULL)) >= 0)
		return rc;
	if (ctx->json) {
		arr = json_array();
		for (i = 0; (key = config_key(i)) != NULL; i++)
			json_array_append_new(arr, setting_json(ctx->config,
			    key));
		print_json(arr);
		return DP_EX_OK;
	}
	t = table_new(3, hdr);
	for (i = 0; (key = config_key(i)) != NULL; i++) {
		row[0] = key;
		row[1] = config_get(ctx->config, key);
		if (*row[1] == '\0')
			row[1] = NULL;
		row[2] = config_origin(ctx->config, key);
		table_row(t, row);
	}
	table_end(t);
	return DP_EX_OK;
}

/*
 * Not CMD_CONFIG: an unknown KEY is a usage error even while the file is
 * broken, so the configuration is loaded after the key is checked.
 */
static int
config_get_cmd(const struct cmd_args *a, struct ctx *ctx)
{
	const char *key;
	int rc;

	if ((rc = operands(a, ctx, 1, "a KEY")) >= 0)
		return rc;
	key = a->argv[0];
	if ((rc = known_key(key)) != 0)
		return rc;
	if ((rc = ctx_config(ctx)) != 0)
		return rc;
	if (ctx->json)
		print_json(setting_json(ctx->config, key));
	else
		printf("%s\n", tx(config_get(ctx->config, key)));
	return DP_EX_OK;
}

/*
 * A database path for "config set db": its folder must exist and the
 * path must not be a folder, checked now rather than at the next command,
 * so that a typo does not wait to surface (or, for a command that
 * creates the database, start an empty case somewhere unexpected).
 * Returns 0, or DP_EX_DATAERR after the error (a bad value, as for the
 * other keys).
 */
static int
check_db_folder(const char *path)
{
	struct stat sb;
	const char *slash = strrchr(path, '/');
	char *dir;
	int rc = 0;

	/* config_check() has made sure the path is absolute. */
	dir = xstrndup(path, slash != NULL && slash != path ?
	    (size_t)(slash - path) : 1);
	if (stat(dir, &sb) != 0)
		rc = error("db: folder '%s' of '%s' %s", dir, path,
		    errno == ENOENT ? "does not exist (create it first)" :
		    strerror(errno));
	else if (!S_ISDIR(sb.st_mode))
		rc = error("db: '%s' is not a folder", dir);
	else if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
		rc = error("db: '%s' is a folder; give the database file's "
		    "path, as '%s/depeer.db'", path, path);
	free(dir);
	return rc != 0 ? DP_EX_DATAERR : 0;
}

/* set (value not NULL) or unset key in the file. */
static int
edit(struct ctx *ctx, const char *key, const char *value)
{
	struct dp_err err = DP_ERR_INIT;
	const char *env;
	char *path;
	int rc, changed = 0;
	json_t *o;

	if ((rc = known_key(key)) != 0)
		return rc;
	if (value != NULL && config_check(key, value, &err) != 0) {
		dp_err_prefix(&err, "%s", key);
		return report(&err);
	}
	if (value != NULL && *value != '\0' && strcmp(key, "db") == 0 &&
	    (rc = check_db_folder(value)) != 0)
		return rc;
	if ((path = config_path(&err)) == NULL)
		return report(&err);
	if (value != NULL)
		rc = config_set_file(path, key, value, &changed, &err);
	else
		rc = config_unset_file(path, key, &changed, &err);
	if (rc != 0) {
		free(path);
		return report(&err);
	}
	env = getenv(config_env_name(key));
	if (env != NULL && *env != '\0')
		warning("%s is set and overrides the file's %s",
		    config_env_name(key), key);
	if (ctx->json) {
		o = json_object();
		json_object_set_new(o, "path", json_string(path));
		json_object_set_new(o, "key", json_string(key));
		json_object_set_new(o, "value", value != NULL && *value != '\0' ?
		    json_string(value) : json_null());
		json_object_set_new(o, "changed", json_boolean(changed));
		print_json(o);
	}
	free(path);
	return DP_EX_OK;
}

static int
config_set(const struct cmd_args *a, struct ctx *ctx)
{
	int rc;

	if ((rc = operands(a, ctx, 2, "a KEY and a VALUE")) >= 0)
		return rc;
	return edit(ctx, a->argv[0], a->argv[1]);
}

static int
config_unset(const struct cmd_args *a, struct ctx *ctx)
{
	int rc;

	if ((rc = operands(a, ctx, 1, "a KEY")) >= 0)
		return rc;
	return edit(ctx, a->argv[0], NULL);
}

static int
config_path_cmd(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	char *path;
	json_t *o;
	int rc;

	if ((rc = operands(a, ctx, 0, NULL)) >= 0)
		return rc;
	if ((path = config_path(&err)) == NULL)
		return report(&err);
	if (ctx->json) {
		o = json_object();
		json_object_set_new(o, "path", json_string(path));
		json_object_set_new(o, "exists",
		    json_boolean(access(path, F_OK) == 0));
		print_json(o);
	} else
		printf("%s\n", tx(path));
	free(path);
	return DP_EX_OK;
}

static const struct cmd_entry list_entry = {
	.name = "list",
	.summary = "list every setting, its value and where it comes from",
	.usage = "list [--json]",
	.flags = CMD_CONFIG,
	.exec = config_list,
	.man = "depeer-config",
};

static const struct cmd_entry get_entry = {
	.name = "get",
	.summary = "print the value of one setting",
	.usage = "get KEY [--json]",
	.exec = config_get_cmd,
	.man = "depeer-config",
};

static const struct cmd_entry set_entry = {
	.name = "set",
	.summary = "set a setting in the configuration file",
	.usage = "set KEY VALUE [--json]",
	.exec = config_set,
	.man = "depeer-config",
};

static const struct cmd_entry unset_entry = {
	.name = "unset",
	.summary = "remove a setting from the configuration file",
	.usage = "unset KEY [--json]",
	.exec = config_unset,
	.man = "depeer-config",
};

static const struct cmd_entry path_entry = {
	.name = "path",
	.summary = "print the path of the configuration file",
	.usage = "path [--json]",
	.exec = config_path_cmd,
	.man = "depeer-config",
};

const struct cmd_entry cmd_config_entry = {
	.name = "config",
	.summary = "show or change settings (registry hosts, time-outs, "
	    "database)",
	.usage = "config list|get|set|unset|path ...",
	.subs = (const struct cmd_entry *const[]){ &list_entry, &get_entry,
	    &set_entry, &unset_entry, &path_entry, NULL },
	.man = "depeer-config",
};
