/*
 * cmd.h - what the command layer shares: the context main() builds, the
 * command tables, option and output helpers.  cmd_*.c are the only files
 * that print to stdout or choose exit statuses.
 */
#ifndef DEPEER_CMD_H
#define DEPEER_CMD_H

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "util.h"

struct config;
struct db;

/* Global state of one run. */
struct ctx {
	const char	*db_path;	/* --db, else NULL */
	int		 json;		/* --json given anywhere */
	struct db	*db;		/* opened on demand by ctx_db() */
	struct config	*config;	/* loaded on demand by ctx_config() */
};

/* A command or subcommand: name, handler, one-line summary, synopsis. */
struct cmd {
	const char	*name;
	int		(*fn)(int argc, char **argv, struct ctx *ctx);
	const char	*summary;
	const char	*usage;		/* synopsis lines, man-page form */
};

/* Top-level commands (cmd_*.c). */
int	cmd_init(int, char **, struct ctx *);
int	cmd_provider(int, char **, struct ctx *);
int	cmd_evidence(int, char **, struct ctx *);
int	cmd_log(int, char **, struct ctx *);
int	cmd_verify(int, char **, struct ctx *);
int	cmd_lookup(int, char **, struct ctx *);
int	cmd_source(int, char **, struct ctx *);
int	cmd_upstreams(int, char **, struct ctx *);
int	cmd_contacts(int, char **, struct ctx *);
int	cmd_rdap(int, char **, struct ctx *);
int	cmd_config(int, char **, struct ctx *);
/* "provider resolve", which needs the network (cmd_lookup.c). */
int	provider_resolve_cmd(int, char **, struct ctx *);

/*
 * Run the subcommand argv[0] from table (n entries) of the command group
 * named group ("provider"); prints the group's usage for --help or a
 * missing/unknown subcommand.
 */
int	run_subcmd(const char *group, const struct cmd *table, size_t n,
	    int argc, char **argv, struct ctx *ctx);
/* The entry of table (n entries) named name; dies if there is none. */
const struct cmd *cmd_find(const struct cmd *table, size_t n,
	    const char *name);
/* Print a command's synopsis ("usage: ...") to fp. */
void	print_usage(FILE *fp, const struct cmd *c, const char *prefix);

/*
 * Options every command accepts; put COMMON_LONGOPTS in each long option
 * table and pass unknown returns to common_opt(), which handles --json,
 * --db and --help (printing c's usage) and reports bad options.  It
 * returns -1 to go on, or the status to exit with.
 */
enum { OPT_JSON = 1000, OPT_DB, OPT_HELP, OPT_FIRST_LOCAL };
#define COMMON_LONGOPTS \
	{ "json", no_argument, NULL, OPT_JSON }, \
	{ "db", required_argument, NULL, OPT_DB }, \
	{ "help", no_argument, NULL, OPT_HELP }
int	common_opt(int opt, struct ctx *ctx, const struct cmd *c,
	    const char *prefix);
/*
 * getopt_long, with its own messages printed as "depeer: ..." (glibc names
 * argv[0] in them).  A leading ':' in optstring is not used.
 */
int	dp_getopt(int argc, char **argv, const char *optstring,
	    const struct option *longopts);
/* Reset getopt for parsing a new argument vector. */
void	getopt_reset(void);

/*
 * Open the database if not yet open.  Commands that change the case create
 * it on first use (DB_CREATE); commands that only read it refuse a missing
 * one (DB_EXISTING, exit 66), so a mistyped --db does not look like an
 * empty, intact case.  Returns 0 or an exit status after printing the
 * error.
 */
enum { DB_EXISTING = 0, DB_CREATE = 1 };
int	ctx_db(struct ctx *ctx, int create);
/*
 * The database path: --db, else $DEPEER_DB, else the configuration file's
 * "db" (the file is read only when neither is given), else
 * ${XDG_DATA_HOME:-~/.local/share}/depeer/depeer.db (folder made 0700).
 * Returns a new string, or NULL after printing an error (*status set).
 */
char	*db_default_path(struct ctx *ctx, int *status);

/*
 * Load the configuration (config.h: file and environment) into
 * ctx->config if not yet loaded.  Commands call it when they need a
 * setting, so that a broken file does not stop the ones that need none
 * (help, --version, "config set").  Returns 0 or an exit status
 * (DP_EX_CONFIG) after printing the error.  main() frees ctx->config.
 */
int	ctx_config(struct ctx *ctx);

/* Print err as "depeer: msg" and return its code. */
int	report(const struct dp_err *err);

/* Print a JSON value on stdout as one indented document and release it. */
void	print_json(json_t *v);
/*
 * Stream a JSON array one element at a time (listings of a million rows):
 * json_stream_item() prints v (and releases it) as element number n
 * (counting from 1); json_stream_end() closes the array after n elements.
 */
void	json_stream_item(json_t *v, int64_t n);
void	json_stream_end(int64_t n);

/*
 * Aligned text tables.  Rows are buffered to size the columns; after
 * TABLE_SAMPLE rows the widths are fixed and rows print as they come, so a
 * listing of a million rows needs no more memory than a thousand.
 */
#define TABLE_SAMPLE	1000
struct table;
struct table *table_new(int ncols, const char *const *headers);
/* Add a row of ncols cells (copied; NULL prints as "-"). */
void	table_row(struct table *t, const char *const *cells);
/* Print what is buffered and free the table. */
void	table_end(struct table *t);

/* Shorten s to at most max characters (UTF-8), ending in "..."; new string. */
char	*ellipsize(const char *s, size_t max);

#endif
