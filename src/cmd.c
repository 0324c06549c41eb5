/*
 * cmd.c - helpers of the command layer: subcommand dispatch, common
 * options, loading the configuration, opening the database, and JSON
 * output (the aligned tables are cmd_table.c's).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "advice.h"
#include "buf.h"
#include "clock.h"
#include "cmd.h"
#include "config.h"
#include "db.h"
#include "exitcodes.h"
#include "net.h"
#include "resolver.h"
#include "termsafe.h"

void
getopt_reset(void)
{
	/* glibc re-initialises on optind = 0; the BSDs use optreset. */
	optind = 0;
	/* Its messages quote argv raw: cmd_getopt_error() says them. */
	opterr = 0;
}

/*
 * Print the synopsis lines of usage ("log [--limit N]\n...") as "usage:
 * depeer PARENT log ..." and "   or: depeer ...".
 */
static void
print_synopsis(FILE *fp, const char *usage, const char *parent)
{
	const char *p = usage, *nl;
	int first = 1;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		fprintf(fp, "%s depeer %s%s%.*s\n", first ? "usage:" : "   or:",
		    parent, *parent != '\0' ? " " : "", (int)(nl - p), p);
		first = 0;
		p = *nl ? nl + 1 : nl;
	}
}

/* The element of argv the last dp_getopt() call read from. */
static int getopt_at;

int
dp_getopt(int argc, char **argv, const char *optstring,
    const struct option *longopts)
{
	char *arg0 = argv[0];
	int opt;

	/*
	 * glibc keeps optind at the element it reads (a cluster of short
	 * options included) until it is done with it; 0 means 1.
	 */
	getopt_at = optind > 0 ? optind : 1;
	argv[0] = (char *)"depeer";
	opt = getopt_long(argc, argv, optstring, longopts, NULL);
	argv[0] = arg0;
	return opt;
}

/*
 * The message getopt_long() would have printed, through error() so that
 * the option as typed is shown in the visible form.  Long options are
 * matched as getopt_long() matches them: exactly, else by a unique
 * prefix.
 */
void
cmd_getopt_error(int opt, int argc, char **argv,
    const struct option *longopts)
{
	const char *arg = getopt_at < argc ? argv[getopt_at] : "", *eq;
	const struct option *o, *exact = NULL;
	size_t len;
	int n = 0;

	if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0') {
		if (opt == ':')
			error("option '-%c' needs a value", optopt);
		else
			error("unknown option '-%c'", optopt);
		return;
	}
	eq = strchr(arg, '=');
	len = eq != NULL ? (size_t)(eq - arg - 2) : strlen(arg + 2);
	for (o = longopts; o->name != NULL; o++)
		if (strncmp(o->name, arg + 2, len) == 0) {
			n++;
			if (strlen(o->name) == len)
				exact = o;
		}
	if (opt == ':')
		error("option '%.*s' needs a value", (int)len + 2, arg);
	else if (exact != NULL || n == 1)
		error("option '%.*s' takes no value", (int)len + 2, arg);
	else if (n > 1)
		error("option '%.*s' is ambiguous", (int)len + 2, arg);
	else
		error("unknown option '%.*s'", (int)len + 2, arg);
}

/* ---- command entries ---- */

int
args_has(const struct cmd_args *a, int id)
{
	size_t i;
	int n = 0;

	for (i = 0; i < a->nopts; i++)
		if (a->opts[i].id == id)
			n++;
	return n;
}

const char *
args_get(const struct cmd_args *a, int id)
{
	size_t i;

	for (i = a->nopts; i > 0; i--)
		if (a->opts[i - 1].id == id)
			return a->opts[i - 1].value;
	return NULL;
}

const struct cmd_entry *
cmd_find_entry(const struct cmd_entry *const *table, const char *name)
{
	for (; *table != NULL; table++)
		if (strcmp((*table)->name, name) == 0)
			return *table;
	return NULL;
}

/* Append name to the command path ("provider" -> "provider net"). */
static void
path_push(struct ctx *ctx, const char *name)
{
	size_t len = strlen(ctx->path);

	snprintf(ctx->path + len, sizeof(ctx->path) - len, "%s%s",
	    len > 0 ? " " : "", name);
}

/* The command path without its last word ("provider" of "provider add"). */
static void
path_parent(const char *path, char *out, size_t outlen)
{
	const char *sp = strrchr(path, ' ');

	snprintf(out, outlen, "%.*s", sp != NULL ? (int)(sp - path) : 0,
	    path);
}

static void
print_entry_usage(FILE *fp, const struct cmd_entry *e, const char *path)
{
	char parent[64];

	path_parent(path, parent, sizeof(parent));
	print_synopsis(fp, e->usage, parent);
}

void
cmd_print_usage(FILE *fp, const struct ctx *ctx)
{
	print_entry_usage(fp, ctx->entry, ctx->path);
}

int
cmd_usage_error(const struct ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	error("%s", msg);	/* in the visible form, as every message */
	free(msg);
	cmd_print_usage(stderr, ctx);
	return DP_EX_USAGE;
}

/* A group's list of subcommands, for --help and for mistakes. */
static void
print_group(FILE *fp, const struct cmd_entry *g, const char *path)
{
	const struct cmd_entry *const *s;
	int w = 10;

	/* The names in one column, as wide as the longest. */
	for (s = g->subs; *s != NULL; s++)
		if ((int)strlen((*s)->name) > w)
			w = (int)strlen((*s)->name);
	fprintf(fp, "usage: depeer %s COMMAND [OPTIONS]\n\ncommands:\n", path);
	for (s = g->subs; *s != NULL; s++)
		fprintf(fp, "   %-*s %s\n", w, (*s)->name, (*s)->summary);
	fprintf(fp, "\nSee 'depeer %s COMMAND --help'", path);
	if (g->man != NULL)
		fprintf(fp, " and %s(1)", g->man);
	fputs(".\n", fp);
}

/* --help of a command: what it does, its synopsis, every option. */
static void
print_help(const struct cmd_entry *e, const char *path)
{
	static const struct cmd_opt common[] = {
		{ "json", 0, no_argument, NULL,
		  "print the result as JSON" },
		{ "db", 0, required_argument, "PATH",
		  "the case database to use" },
		{ "help", 'h', no_argument, NULL, "print this help" },
		CMD_OPTS_END
	};
	const struct cmd_opt *o;
	char left[64];
	int pass;

	if (e->subs != NULL) {
		print_group(stdout, e, path);
		return;
	}
	printf("%s\n\n", e->about != NULL ? e->about : e->summary);
	print_entry_usage(stdout, e, path);
	fputs("\noptions:\n", stdout);
	for (pass = 0; pass < 2; pass++) {
		for (o = pass == 0 ? e->opts : common;
		    o != NULL && o->name != NULL; o++) {
			if (o->id > 0 && o->id < 256)
				snprintf(left, sizeof(left), "-%c, ", o->id);
			else
				snprintf(left, sizeof(left), "    ");
			snprintf(left + 4, sizeof(left) - 4, "--%s%s%s",
			    o->name, o->arg != NULL ? " " : "",
			    o->arg != NULL ? o->arg : "");
			printf("   %-22s %s\n", left, o->help);
		}
	}
	if (e->man != NULL)
		printf("\nSee %s(1).\n", e->man);
}

int
cmd_help(const struct cmd_entry *const *table, int argc, char **argv)
{
	const struct cmd_entry *e = NULL;
	char path[64] = "";
	size_t len;
	int i;

	for (i = 0; i < argc; i++) {
		if (table == NULL ||
		    (e = cmd_find_entry(table, argv[i])) == NULL) {
			error("no command '%s%s%s' (see 'depeer help%s%s')",
			    path, *path ? " " : "", argv[i], *path ? " " : "",
			    path);
			return DP_EX_USAGE;
		}
		len = strlen(path);
		snprintf(path + len, sizeof(path) - len, "%s%s",
		    len > 0 ? " " : "", e->name);
		table = e->subs;
	}
	if (e == NULL)
		return DP_EX_USAGE;
	print_help(e, path);
	return DP_EX_OK;
}

/* Parse e's options from argv (argv[0] is its name) and run it. */
static int
run_entry(const struct cmd_entry *e, int argc, char **argv, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct option *longopts;
	struct cmd_args a;
	struct buf shortopts = BUF_INIT;
	const struct cmd_opt *o;
	size_t n = 0, i;
	int opt, rc = -1;

	for (o = e->opts; o != NULL && o->name != NULL; o++)
		n++;
	longopts = xcalloc(n + 4, sizeof(*longopts));
	/*
	 * "-": operands come back in their place, as option 1; ":": a
	 * missing value is ':', not '?'.
	 */
	buf_adds(&shortopts, "-:h");
	for (i = 0; i < n; i++) {
		o = &e->opts[i];
		longopts[i].name = o->name;
		longopts[i].has_arg = o->has_arg;
		longopts[i].val = o->id;
		if (o->id > 0 && o->id < 256) {
			buf_addc(&shortopts, (char)o->id);
			if (o->has_arg == required_argument)
				buf_addc(&shortopts, ':');
		}
	}
	longopts[n].name = "json";
	longopts[n].val = OPT_JSON;
	longopts[n + 1].name = "db";
	longopts[n + 1].has_arg = required_argument;
	longopts[n + 1].val = OPT_DB;
	longopts[n + 2].name = "help";
	longopts[n + 2].val = OPT_HELP;
	memset(&a, 0, sizeof(a));
	a.opts = xcalloc((size_t)argc + 1, sizeof(*a.opts));
	getopt_reset();
	a.argv = xcalloc((size_t)argc + 1, sizeof(*a.argv));
	while (rc < 0 && (opt = dp_getopt(argc, argv, shortopts.s,
	    longopts)) != -1) {
		switch (opt) {
		case 1:		/* an operand, in its place */
			a.argv[a.argc++] = optarg;
			break;
		case OPT_JSON:
			ctx->json = 1;
			break;
		case OPT_DB:
			/*
			 * "--db=$CASE" with CASE unset must not quietly
			 * mean the default database.
			 */
			if (*optarg == '\0') {
				error("--db needs a path (an empty one is not "
				    "the default database)");
				cmd_print_usage(stderr, ctx);
				rc = DP_EX_USAGE;
				break;
			}
			ctx->db_path = optarg;
			break;
		case OPT_HELP:
		case 'h':
			print_help(e, ctx->path);
			rc = DP_EX_OK;
			break;
		case '?':
		case ':':
			cmd_getopt_error(opt, argc, argv, longopts);
			cmd_print_usage(stderr, ctx);
			rc = DP_EX_USAGE;
			break;
		default:
			a.opts[a.nopts].id = opt;
			a.opts[a.nopts++].value = optarg;
		}
	}
	if (rc < 0) {
		/* After "--": the rest are operands. */
		for (; optind < argc; optind++)
			a.argv[a.argc++] = argv[optind];
		/* A malformed DEPEER_NOW stops every command (78). */
		rc = clock_check(&err) != 0 ? report(&err) : 0;
		if (rc == 0 && (e->flags & (CMD_CONFIG | CMD_NET)) != 0)
			rc = ctx_config(ctx);
		if (rc == 0)
			rc = e->exec(&a, ctx);
	}
	free(a.argv);
	free(a.opts);
	free(longopts);
	buf_release(&shortopts);
	return rc;
}

int
cmd_dispatch(const struct cmd_entry *const *table, int argc, char **argv,
    struct ctx *ctx)
{
	const struct cmd_entry *e, *sub;

	if (argc < 1 || (e = cmd_find_entry(table, argv[0])) == NULL)
		die("BUG: cmd_dispatch without a command of the table");
	for (;;) {
		path_push(ctx, e->name);
		ctx->entry = e;
		if (e->subs == NULL)
			return run_entry(e, argc, argv, ctx);
		argc--;
		argv++;
		if (argc >= 1 && strcmp(argv[0], "--json") == 0) {
			ctx->json = 1;
			argc--;
			argv++;
		}
		if (argc == 0) {
			error("'%s' needs a command", ctx->path);
			print_group(stderr, e, ctx->path);
			return DP_EX_USAGE;
		}
		if (strcmp(argv[0], "--help") == 0 ||
		    strcmp(argv[0], "-h") == 0 ||
		    strcmp(argv[0], "help") == 0) {
			print_group(stdout, e, ctx->path);
			return DP_EX_OK;
		}
		if ((sub = cmd_find_entry(e->subs, argv[0])) == NULL) {
			error("'%s' is not a depeer %s command", argv[0],
			    ctx->path);
			print_group(stderr, e, ctx->path);
			return DP_EX_USAGE;
		}
		e = sub;
	}
}

char *
db_default_path(struct ctx *ctx, int *status)
{
	const char *env, *home;
	char *dir, *path;
	int rc;

	if (ctx->db_path != NULL)	/* never empty: the parsers refuse it */
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

/*
 * Another process holds the database's write lock and depeer has waited
 * DB_WAIT_NOTICE_MS for it (db.h): say so once, rather than seem to hang
 * for up to the busy timeout.  On a terminal, over any status line.
 */
static void
lock_wait_notice(void)
{
	static int told;

	if (told++)
		return;
	if (isatty(STDERR_FILENO))
		fputs("\r\033[K", stderr);
	error("waiting for another depeer process (database locked)...");
}

/* Open the database as flags (CMD_DB_*) say. */
static int
db_open_as(struct ctx *ctx, unsigned int flags)
{
	struct dp_err err = DP_ERR_INIT;
	char *path;
	int status = 0, rc, created = 0;

	if (ctx->db != NULL)
		return 0;
	if ((flags & CMD_DB_ANY) == 0)
		die("BUG: '%s' opens the database without saying so in its "
		    "entry", ctx->path);
	if ((path = db_default_path(ctx, &status)) == NULL)
		return status;
	db_on_lock_wait(lock_wait_notice);
	rc = db_open(path, (flags & CMD_DB_CREATE) != 0, &ctx->db, &created,
	    &err);
	/*
	 * Said on stderr so that a typo in --db does not silently start an
	 * empty case ("init" opens the database itself and says it on
	 * stdout).
	 */
	if (rc == 0 && created)
		fprintf(stderr, "depeer: created new database '%s'\n",
		    tx(path));
	free(path);
	if (rc == 0 && (flags & (CMD_DB_WRITE | CMD_DB_CREATE)) == 0)
		rc = db_query_only(ctx->db, &err);
	return rc != 0 ? report(&err) : 0;
}

int
ctx_db(struct ctx *ctx)
{
	return db_open_as(ctx, ctx->entry != NULL ? ctx->entry->flags : 0);
}

int
ctx_db_write(struct ctx *ctx)
{
	return db_open_as(ctx, CMD_DB_WRITE);
}

int
cmd_ttl(const struct cmd_args *a, const struct ctx *ctx, long long *ttl)
{
	const char *arg = args_get(a, OPT_TTL);

	*ttl = config_int(ctx->config, "ttl");
	if (arg != NULL && resolver_ttl_parse(arg, ttl) != 0) {
		error("--ttl '%s': expected seconds", arg);
		return DP_EX_USAGE;
	}
	return 0;
}

/* ---- feedback on a terminal while the registries are asked ---- */

/* The status line's text for one event; empty for the end. */
static void
net_status(const struct net_event *ev, char *buf, size_t len)
{
	long w = ev->kind == NET_EV_RETRY ? ev->wait_ms : ev->waited_ms;

	if (ev->kind == NET_EV_RETRY)
		snprintf(buf, len, "%s: retry %d/%d in %ld.%ld s (%s)",
		    ev->host, ev->retry, ev->retries, w / 1000,
		    (w % 1000) / 100, ev->reason);
	else if (ev->kind == NET_EV_SLOW && ev->active > 1)
		snprintf(buf, len, "waiting for %s (%ld s; %zu requests "
		    "open)...", ev->host, w / 1000, ev->active);
	else if (ev->kind == NET_EV_SLOW)
		snprintf(buf, len, "waiting for %s (%ld s)...", ev->host,
		    w / 1000);
	else
		buf[0] = '\0';
}

/* The width of the terminal on stderr, less one column; 79 if unknown. */
static size_t
term_width(void)
{
	struct winsize ws;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
		return (size_t)ws.ws_col - 1;
	return 79;
}

/*
 * One status line on the terminal, overwritten by the next and cleared
 * when the loop is done, so that what the command prints after it
 * starts on a clean line.
 */
static void
net_feedback(const struct net_event *ev, void *arg)
{
	int *shown = arg;
	char text[512];
	const char *shown_text;
	size_t w = term_width();

	net_status(ev, text, sizeof(text));
	/* A host name may come from a registry's referral. */
	if ((shown_text = tx(text)) != text)
		snprintf(text, sizeof(text), "%s", shown_text);
	if (text[0] == '\0') {
		if (*shown)
			fputs("\r\033[K", stderr);
		*shown = 0;
	} else {
		/* Cut to the width: a wrapped line would not be cleared.
		   The escaped text is ASCII and printable UTF-8. */
		if (strlen(text) + 8 > w && w > 8)
			text[w - 8] = '\0';
		fprintf(stderr, "\rdepeer: %s\033[K", text);
		*shown = 1;
	}
	fflush(stderr);
}

int
cmd_resolver(const struct cmd_args *a, struct ctx *ctx, long long ttl,
    int boot, struct resolver *r)
{
	static int shown;
	struct dp_err err = DP_ERR_INIT;
	int rc;

	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	if (resolver_init(r, ctx->config, ctx->db, args_has(a, OPT_REFRESH),
	    ttl, &err) != 0)
		return report(&err);
	if (boot && resolver_load_bootstrap(r, &err) != 0) {
		resolver_release(r);
		return report(&err);
	}
	/* Never in a pipe or a file: only a person watching needs it. */
	if (isatty(STDERR_FILENO))
		net_observe(r->net, net_feedback, &shown);
	return 0;
}

int
report(const struct dp_err *err)
{
	error("%s", err->msg);
	return err->code != 0 ? err->code : DP_EX_SOFTWARE;
}

#define JSON_FLAGS	(JSON_INDENT(2) | JSON_PRESERVE_ORDER | \
			    JSON_REAL_PRECISION(6))

/*
 * v's JSON text, with the characters jansson writes raw that a terminal
 * obeys (DEL, C1 controls, bidi overrides and isolates, U+2028/U+2029)
 * as \uXXXX escapes: the same value, safe to show (termsafe.h).  jsonw.c
 * writes the same escapes, so listings match.  A new string; dies if v
 * cannot be encoded.
 */
static char *
json_text(json_t *v, size_t *lenp)
{
	char *s = json_dumps(v, JSON_FLAGS), *out;
	size_t len, extra;

	if (s == NULL)
		die("cannot encode JSON");
	len = strlen(s);
	if ((extra = ts_json_extra(s, len)) == 0) {
		*lenp = len;
		return s;
	}
	out = xmalloc(len + extra + 1);
	*lenp = ts_json_mem(out, s, len);
	free(s);
	return out;
}

void
print_json(json_t *v)
{
	size_t len;
	char *s = json_text(v, &len);

	fwrite(s, 1, len, stdout);
	putchar('\n');
	free(s);
	json_decref(v);
}

void
json_stream_item(json_t *v, int64_t n)
{
	size_t len;
	char *s = json_text(v, &len), *p, *nl;

	json_decref(v);
	fputs(n == 1 ? "[\n  " : ",\n  ", stdout);
	/* Each line whole, then the indent: not a putchar per byte. */
	for (p = s; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		fwrite(p, 1, (size_t)(nl + 1 - p), stdout);
		fputs("  ", stdout);
	}
	fputs(p, stdout);
	free(s);
}

void
json_stream_text(const char *s, size_t len, int64_t n)
{
	fputs(n == 1 ? "[\n  " : ",\n  ", stdout);
	fwrite(s, 1, len, stdout);
}

void
json_stream_end(int64_t n)
{
	fputs(n == 0 ? "[]\n" : "\n]\n", stdout);
}

void
print_advice(const struct advice *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		warning("%s", a->msgs[i]);
}

void
print_refanged(const char *typed, const char *used)
{
	fprintf(stderr, "depeer: read '%s' as '%s' (defanged)\n", tx(typed),
	    tx(used));
}

/* ---- stopping between units of work ---- */

volatile sig_atomic_t cmd_stop_signal;

static void
on_stop_signal(int sig)
{
	if (cmd_stop_signal != 0) {
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	cmd_stop_signal = sig;
}

void
cmd_catch_stop_signals(struct cmd_saved_signals *old)
{
	struct sigaction sa;

	cmd_stop_signal = 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;	/* no SA_RESTART: a wait ends at the signal */
	/* An ignored signal stays ignored (a background job of a shell
	   without job control ignores SIGINT). */
	sigaction(SIGINT, NULL, &old->int_);
	if (old->int_.sa_handler != SIG_IGN)
		sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, NULL, &old->term);
	if (old->term.sa_handler != SIG_IGN)
		sigaction(SIGTERM, &sa, NULL);
}

void
cmd_restore_stop_signals(const struct cmd_saved_signals *old)
{
	sigaction(SIGINT, &old->int_, NULL);
	sigaction(SIGTERM, &old->term, NULL);
}
