/*
 * cmd.c - helpers of the command layer: subcommand dispatch, common
 * options, loading the configuration, opening the database, and output
 * (JSON, aligned tables).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "config.h"
#include "db.h"
#include "exitcodes.h"

void
getopt_reset(void)
{
	/* glibc re-initialises on optind = 0; the BSDs use optreset. */
	optind = 0;
	opterr = 1;
}

void
print_usage(FILE *fp, const struct cmd *c, const char *prefix)
{
	const char *p = c->usage, *nl;
	int first = 1;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		fprintf(fp, "%s depeer %s%s%.*s\n", first ? "usage:" : "   or:",
		    prefix != NULL ? prefix : "", prefix != NULL ? " " : "",
		    (int)(nl - p), p);
		first = 0;
		p = *nl ? nl + 1 : nl;
	}
}

int
common_opt(int opt, struct ctx *ctx, const struct cmd *c, const char *prefix)
{
	switch (opt) {
	case OPT_JSON:
		ctx->json = 1;
		return -1;
	case OPT_DB:
		ctx->db_path = optarg;
		return -1;
	case OPT_HELP:
	case 'h':
		printf("%s\n\n", c->summary);
		print_usage(stdout, c, prefix);
		return DP_EX_OK;
	default:
		/* getopt_long has printed what was wrong (dp_getopt). */
		print_usage(stderr, c, prefix);
		return DP_EX_USAGE;
	}
}

int
dp_getopt(int argc, char **argv, const char *optstring,
    const struct option *longopts)
{
	char *arg0 = argv[0];
	int opt;

	argv[0] = (char *)"depeer";
	opt = getopt_long(argc, argv, optstring, longopts, NULL);
	argv[0] = arg0;
	return opt;
}

const struct cmd *
cmd_find(const struct cmd *table, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(table[i].name, name) == 0)
			return &table[i];
	die("no command '%s' in the table", name);
}

int
run_subcmd(const char *group, const struct cmd *table, size_t n, int argc,
    char **argv, struct ctx *ctx)
{
	size_t i;
	FILE *fp = stdout;

	if (argc >= 1 && strcmp(argv[0], "--json") == 0) {
		ctx->json = 1;
		argc--;
		argv++;
	}
	if (argc >= 1 && strcmp(argv[0], "--help") != 0 &&
	    strcmp(argv[0], "-h") != 0 && strcmp(argv[0], "help") != 0) {
		for (i = 0; i < n; i++)
			if (strcmp(argv[0], table[i].name) == 0)
				return table[i].fn(argc, argv, ctx);
		error("'%s' is not a depeer %s command", argv[0], group);
		fp = stderr;
	} else if (argc == 0) {
		error("'%s' needs a command", group);
		fp = stderr;
	}
	fprintf(fp, "usage: depeer %s COMMAND [OPTIONS]\n\ncommands:\n", group);
	for (i = 0; i < n; i++)
		fprintf(fp, "   %-10s %s\n", table[i].name, table[i].summary);
	fprintf(fp, "\nSee 'depeer %s COMMAND --help' and depeer-%s(1).\n",
	    group, group);
	return fp == stdout ? DP_EX_OK : DP_EX_USAGE;
}

char *
db_default_path(struct ctx *ctx, int *status)
{
	const char *env, *home;
	char *dir, *path;
	int rc;

	if (ctx->db_path != NULL && *ctx->db_path != '\0')
		return xstrdup(ctx->db_path);
	if ((env = getenv("DEPEER_DB")) != NULL && *env != '\0')
		return xstrdup(env);
	if ((rc = ctx_config(ctx)) != 0) {
		*status = rc;
		return NULL;
	}
	if (*(env = config_get(ctx->config, "db")) != '\0')
		return xstrdup(env);
	if ((env = getenv("XDG_DATA_HOME")) != NULL && *env == '/')
		dir = xasprintf("%s/depeer", env);
	else if ((home = getenv("HOME")) != NULL && *home == '/')
		dir = xasprintf("%s/.local/share/depeer", home);
	else {
		error("no database path: set --db, DEPEER_DB, 'db' in the "
		    "configuration file, XDG_DATA_HOME or HOME");
		*status = DP_EX_CONFIG;
		return NULL;
	}
	if (mkdir_p(dir, 0700) != 0) {
		error("cannot create '%s': %s", dir, strerror(errno));
		free(dir);
		*status = DP_EX_CANTCREAT;
		return NULL;
	}
	path = xasprintf("%s/depeer.db", dir);
	free(dir);
	return path;
}

int
ctx_config(struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;

	if (ctx->config != NULL)
		return 0;
	if (config_load(NULL, &ctx->config, &err) != 0)
		return report(&err);
	return 0;
}

int
ctx_db(struct ctx *ctx, int create)
{
	struct dp_err err = DP_ERR_INIT;
	char *path;
	int status = 0, rc;

	if (ctx->db != NULL)
		return 0;
	if ((path = db_default_path(ctx, &status)) == NULL)
		return status;
	rc = db_open(path, create, &ctx->db, NULL, &err);
	free(path);
	return rc != 0 ? report(&err) : 0;
}

int
report(const struct dp_err *err)
{
	error("%s", err->msg);
	return err->code != 0 ? err->code : DP_EX_SOFTWARE;
}

void
print_json(json_t *v)
{
	json_dumpf(v, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(6));
	putchar('\n');
	json_decref(v);
}

void
json_stream_item(json_t *v, int64_t n)
{
	char *s = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(6)), *p;

	json_decref(v);
	if (s == NULL)
		die("cannot encode JSON");
	fputs(n == 1 ? "[\n  " : ",\n  ", stdout);
	for (p = s; *p != '\0'; p++) {
		putchar(*p);
		if (*p == '\n')
			fputs("  ", stdout);
	}
	free(s);
}

void
json_stream_end(int64_t n)
{
	fputs(n == 0 ? "[]\n" : "\n]\n", stdout);
}

/* ---- tables ---- */

struct table {
	int		  ncols;
	size_t		 *width;
	char		**cells;	/* buffered rows, ncols each */
	size_t		  nrows;
	int		  streaming;
};

/* Display width: code points, counting every one as one column. */
static size_t
text_width(const char *s)
{
	size_t w = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

static void
print_row(const struct table *t, char *const *cells)
{
	int i;
	size_t w;

	for (i = 0; i < t->ncols; i++) {
		const char *c = cells[i] != NULL ? cells[i] : "-";

		fputs(c, stdout);
		if (i == t->ncols - 1)
			break;
		for (w = text_width(c); w < t->width[i] + 2; w++)
			putchar(' ');
	}
	putchar('\n');
}

static void
flush_rows(struct table *t)
{
	size_t r;
	int i;

	for (r = 0; r < t->nrows; r++) {
		print_row(t, &t->cells[r * (size_t)t->ncols]);
		for (i = 0; i < t->ncols; i++)
			free(t->cells[r * (size_t)t->ncols + (size_t)i]);
	}
	t->nrows = 0;
}

struct table *
table_new(int ncols, const char *const *headers)
{
	struct table *t = xcalloc(1, sizeof(*t));

	t->ncols = ncols;
	t->width = xcalloc((size_t)ncols, sizeof(*t->width));
	t->cells = xcalloc((size_t)ncols * (TABLE_SAMPLE + 1),
	    sizeof(*t->cells));
	table_row(t, headers);
	return t;
}

void
table_row(struct table *t, const char *const *cells)
{
	char **row;
	size_t w;
	int i;

	if (t->streaming) {
		print_row(t, (char *const *)(uintptr_t)cells);
		return;
	}
	row = &t->cells[t->nrows++ * (size_t)t->ncols];
	for (i = 0; i < t->ncols; i++) {
		row[i] = cells[i] != NULL ? xstrdup(cells[i]) : NULL;
		w = text_width(row[i] != NULL ? row[i] : "-");
		if (w > t->width[i])
			t->width[i] = w;
	}
	if (t->nrows == TABLE_SAMPLE + 1) {
		flush_rows(t);
		t->streaming = 1;
	}
}

void
table_end(struct table *t)
{
	flush_rows(t);
	free(t->width);
	free(t->cells);
	free(t);
}

char *
ellipsize(const char *s, size_t max)
{
	size_t w = 0, i;

	if (s == NULL)
		return NULL;
	for (i = 0; s[i] != '\0'; i++) {
		if (((unsigned char)s[i] & 0xc0) == 0x80)
			continue;
		if (s[i] == '\n' || s[i] == '\t' || w == max - 3) {
			if (s[i] != '\n' && s[i] != '\t' &&
			    text_width(s + i) <= 3)
				break;
			return xasprintf("%.*s...", (int)i, s);
		}
		w++;
	}
	return xstrdup(s);
}
