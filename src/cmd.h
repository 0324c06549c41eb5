/*
 * cmd.h - what the command layer shares: the context main() builds, the
 * command tables, option and output helpers.  cmd_*.c are the only files
 * that print to stdout or choose exit statuses.
 */
#ifndef DEPEER_CMD_H
#define DEPEER_CMD_H

#include <getopt.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>

#include <jansson.h>

#include "util.h"

struct config;
struct db;

struct cmd_entry;

/* Global state of one run. */
struct ctx {
	const char	*db_path;	/* --db, else NULL */
	int		 json;		/* --json given anywhere */
	struct db	*db;		/* opened on demand by ctx_db() */
	struct config	*config;	/* loaded on demand by ctx_config() */
	const struct cmd_entry *entry;	/* the command running */
	char		 path[64];	/* its full name: "provider net add" */
};

/*
 * An option of a command: what getopt_long parses and what --help lists,
 * one line each.  --json, --db and --help are every command's; they are
 * not listed in a command's table.
 */
struct cmd_opt {
	const char	*name;		/* long name, without "--" */
	int		 id;		/* a short option letter, or a number
					   from OPT_FIRST_LOCAL on */
	int		 has_arg;	/* no_argument or required_argument */
	const char	*arg;		/* the value's name in --help ("N"),
					   NULL with no_argument */
	const char	*help;		/* one line */
};
#define CMD_OPTS_END	{ NULL, 0, 0, NULL, NULL }

/*
 * What a command needs before it runs (struct cmd_entry.flags).  The
 * dispatcher loads the configuration for CMD_CONFIG and CMD_NET before
 * exec().  The database is opened by ctx_db(), which a command calls once
 * it has checked its arguments (so that a usage or data error never
 * creates or touches a database); how it is opened comes from these flags
 * alone:
 *   CMD_DB_READ    an existing database (66 when missing), opened with
 *                  PRAGMA query_only: the command cannot change it
 *   CMD_DB_WRITE   an existing database (66 when missing)
 *   CMD_DB_CREATE  the database, created when missing
 * ctx_db() from a command with none of the three is a bug (70).
 */
#define CMD_DB_READ	0x01
#define CMD_DB_WRITE	0x02
#define CMD_DB_CREATE	0x04
#define CMD_CONFIG	0x08	/* reads the configuration */
#define CMD_NET		0x10	/* asks the network (implies CMD_CONFIG) */
#define CMD_DB_ANY	(CMD_DB_READ | CMD_DB_WRITE | CMD_DB_CREATE)

/* One option as given on the command line, in order. */
struct cmd_arg {
	int		 id;		/* struct cmd_opt.id */
	const char	*value;		/* its argument, or NULL */
};

/* A command line parsed against a command's options. */
struct cmd_args {
	int		 argc;		/* operands after the options */
	char		**argv;
	struct cmd_arg	*opts;		/* options in command-line order */
	size_t		 nopts;
};
/* How many times option id was given. */
int	args_has(const struct cmd_args *a, int id);
/* The value of the last option id given, or NULL. */
const char *args_get(const struct cmd_args *a, int id);

/*
 * A command, described once: depeer.c lists the top-level entries, each
 * cmd_<noun>.c exports one (a group lists its subcommands' entries in
 * subs).  The dispatcher (cmd_dispatch) finds the entry, parses its
 * options, answers --help from it, does the setup its flags name and
 * calls exec().  exec() checks its operands and option values, calls the
 * core, prints, and returns 0 or a DP_EX_* status.
 */
struct cmd_entry {
	const char	*name;
	const char	*summary;	/* one line, for the command lists */
	const char	*about;		/* what --help says it does, when
					   more than the summary; or NULL */
	const char	*usage;		/* synopsis lines (newline between),
					   without "depeer " */
	unsigned int	 flags;		/* CMD_* */
	const struct cmd_opt *opts;	/* ends with CMD_OPTS_END; or NULL */
	int		(*exec)(const struct cmd_args *a, struct ctx *ctx);
	const struct cmd_entry *const *subs;	/* a group: its subcommands,
					   NULL-terminated; exec is NULL */
	const char	*man;		/* its manual page, "depeer-provider" */
};

/*
 * Run argv[0] (a command of table, NULL-terminated) with the arguments
 * that follow; descends into groups.  Returns the exit status.
 */
int	cmd_dispatch(const struct cmd_entry *const *table, int argc,
	    char **argv, struct ctx *ctx);
/* The entry of table named name, or NULL (exact match only). */
const struct cmd_entry *cmd_find_entry(const struct cmd_entry *const *table,
	    const char *name);
/*
 * "help" for a command path (argv: "provider", "add"): print its help to
 * stdout.  Returns 0, or 64 after an error when there is no such command.
 */
int	cmd_help(const struct cmd_entry *const *table, int argc,
	    char **argv);
/* Print the running command's synopsis ("usage: depeer ...") to fp. */
void	cmd_print_usage(FILE *fp, const struct ctx *ctx);
/*
 * A bad command line: print "depeer: <msg>" and the running command's
 * synopsis to stderr; returns DP_EX_USAGE.
 */
int	cmd_usage_error(const struct ctx *ctx, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* The top-level commands: each cmd_<noun>.c exports its entry. */
extern const struct cmd_entry cmd_init_entry;
extern const struct cmd_entry cmd_provider_entry;
extern const struct cmd_entry cmd_evidence_entry;
extern const struct cmd_entry cmd_evidence_import_entry;
extern const struct cmd_entry cmd_lookup_entry;
extern const struct cmd_entry cmd_upstreams_entry;
extern const struct cmd_entry cmd_contacts_entry;
extern const struct cmd_entry cmd_rdap_entry;
extern const struct cmd_entry cmd_source_entry;
extern const struct cmd_entry cmd_log_entry;
extern const struct cmd_entry cmd_verify_entry;
extern const struct cmd_entry cmd_config_entry;
extern const struct cmd_entry cmd_template_entry;
extern const struct cmd_entry cmd_complaint_entry;
/*
 * SIGINT and SIGTERM for a command that stops between units of work
 * ("lookup --bulk", "complaint send"): the first one is noted in
 * cmd_stop_signal (the command checks it and ends cleanly); a second
 * ends the process at once, as if no handler were installed.  A signal
 * the shell ignores stays ignored; no SA_RESTART, so a wait ends at the
 * signal.  Restore what was there with cmd_restore_stop_signals().
 */
extern volatile sig_atomic_t cmd_stop_signal;
struct cmd_saved_signals {
	struct sigaction int_, term;
};
void	cmd_catch_stop_signals(struct cmd_saved_signals *old);
void	cmd_restore_stop_signals(const struct cmd_saved_signals *old);

/* "complaint thread" (cmd_complaint_thread.c), of the complaint group. */
extern const struct cmd_entry cmd_complaint_thread_entry;
/* "provider resolve" (cmd_provider_resolve.c), of the provider group. */
extern const struct cmd_entry cmd_provider_resolve_entry;
/* "complaint send" (cmd_complaint_send.c), of the complaint group. */
extern const struct cmd_entry cmd_complaint_send_entry;
/* "complaint follow-up|escalate|next-contact" (cmd_complaint_next.c) and
   "due" (cmd_due.c). */
extern const struct cmd_entry cmd_complaint_follow_up_entry;
extern const struct cmd_entry cmd_complaint_escalate_entry;
extern const struct cmd_entry cmd_complaint_next_contact_entry;
extern const struct cmd_entry cmd_due_entry;
/* "measure" (cmd_measure.c) and "impact" (cmd_impact.c). */
extern const struct cmd_entry cmd_measure_entry;
extern const struct cmd_entry cmd_impact_entry;
/* "stats" (cmd_stats.c). */
extern const struct cmd_entry cmd_stats_entry;
/* "event" (cmd_event.c) and "timeline" (cmd_timeline.c). */
extern const struct cmd_entry cmd_event_entry;
extern const struct cmd_entry cmd_timeline_entry;
/* "watch" (cmd_watch.c). */
extern const struct cmd_entry cmd_watch_entry;
/* "report" (cmd_report.c). */
extern const struct cmd_entry cmd_report_entry;
/* "export" (cmd_export.c). */
extern const struct cmd_entry cmd_export_entry;
/* "bgp import" (cmd_bgp_import.c), "bgp relationships" (cmd_bgp_rel.c). */
extern const struct cmd_entry cmd_bgp_import_entry;
extern const struct cmd_entry cmd_bgp_relationships_entry;
/* "bgp list", "bgp rm" (cmd_bgp_list.c). */
extern const struct cmd_entry cmd_bgp_list_entry;
extern const struct cmd_entry cmd_bgp_rm_entry;

/*
 * The options every command has (--json, --db, --help) take these ids, as
 * do --refresh and --ttl of the commands that ask the registries
 * (CMD_OPTS_FRESHNESS); a command's own long-only options are numbered
 * from OPT_FIRST_LOCAL.
 */
enum { OPT_JSON = 1000, OPT_DB, OPT_HELP, OPT_REFRESH, OPT_TTL,
	OPT_FIRST_LOCAL };
/* --refresh and --ttl, as every command that asks the registries has. */
#define CMD_OPTS_FRESHNESS \
	{ "refresh", OPT_REFRESH, no_argument, NULL, \
	  "ask the registries even when a stored answer is fresh" }, \
	{ "ttl", OPT_TTL, required_argument, "SECONDS", \
	  "serve stored answers younger than this" }
/*
 * getopt_long, silent (getopt_reset() turns opterr off): its messages
 * would quote the command line raw.  optstring should start "-:" or "+:",
 * so that a missing value returns ':'; on '?' or ':' the caller calls
 * cmd_getopt_error() for the message.
 */
int	dp_getopt(int argc, char **argv, const char *optstring,
	    const struct option *longopts);
/*
 * "depeer: unknown option '--x'" and the like for what the last
 * dp_getopt() call returned ('?' or ':'), in the visible form of every
 * message.
 */
void	cmd_getopt_error(int opt, int argc, char **argv,
	    const struct option *longopts);
/* Reset getopt for parsing a new argument vector. */
void	getopt_reset(void);

/*
 * Open the database if not yet open, as the running command's entry flags
 * say (CMD_DB_READ, CMD_DB_WRITE, CMD_DB_CREATE).  Returns 0 or an exit
 * status after printing the error.
 */
int	ctx_db(struct ctx *ctx);
/* The same for writing, for a command that reads unless an option says
   otherwise ("report --to-media"). */
int	ctx_db_write(struct ctx *ctx);
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

/*
 * For the commands that ask the registries (CMD_OPTS_FRESHNESS):
 * cmd_ttl() puts the --ttl given, else the configuration's "ttl", into
 * *ttl and returns 0, or 64 after the error; cmd_resolver() opens the
 * database (ctx_db) and builds r from the configuration with the
 * command's --refresh and ttl, its RDAP bootstrap loaded when boot is
 * set, and returns 0 (release r) or an exit status after the error.
 */
struct resolver;
int	cmd_ttl(const struct cmd_args *a, const struct ctx *ctx,
	    long long *ttl);
int	cmd_resolver(const struct cmd_args *a, struct ctx *ctx,
	    long long ttl, int boot, struct resolver *r);
/*
 * When standard error is a terminal, cmd_resolver() also has the loop
 * report there, on one status line cleared when it is done, which server
 * is being retried and which has kept the command waiting (net_observe;
 * lookup --bulk replaces it with a note beside its progress bar).
 */

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
 * The same for an element already written as text (len bytes of s), its
 * lines after the first indented by two spaces, as json_stream_item()
 * would print it.
 */
void	json_stream_text(const char *s, size_t len, int64_t n);

/*
 * Aligned text tables (cmd_table.c).  Rows are buffered to size the
 * columns; after TABLE_SAMPLE rows the widths are fixed and rows print as
 * they come, so a listing of a million rows needs no more memory than a
 * thousand.  Widths are display widths (text_width()); cells are always
 * two spaces or more apart, and a later cell wider than its column widens
 * the column from that row on (the policy of depeer(1) OUTPUT).
 */
#define TABLE_SAMPLE	1000
/* The most columns a table has. */
#define TABLE_MAX_COLS	16
struct table;
/* A table printed on stdout (table_new_fp(): on fp), headers its row 0. */
struct table *table_new(int ncols, const char *const *headers);
struct table *table_new_fp(FILE *fp, int ncols, const char *const *headers);
/* Add a row of ncols cells (copied; NULL prints as "-"). */
void	table_row(struct table *t, const char *const *cells);
/* Print what is buffered and free the table. */
void	table_end(struct table *t);

/*
 * The columns a terminal gives s (UTF-8): two for a wide or full-width
 * character, none for a combining mark or a control character, one for
 * each byte sequence that is not well-formed UTF-8.
 */
size_t	text_width(const char *s);
/*
 * s shortened to at most max display columns (max >= 4), ending in "..."
 * when anything was cut; whole grapheme clusters only, so no combining
 * mark loses its letter.  A tab or line break ends the text kept, as a
 * cut does.  A new string; NULL for NULL.
 */
char	*ellipsize(const char *s, size_t max);
/*
 * "label value" and a line break, where label carries its own padding
 * ("note:        "): each further line of a multi-line value starts
 * under the first, so a note cannot pass for another field.  The value
 * is shown in termsafe.h's multi-line visible form.
 */
void	print_field(const char *label, const char *value);

/*
 * The visible form of the string s (termsafe.h; flags TS_MULTILINE or
 * 0): s itself when nothing needs escaping, else the escaped text in b
 * (reset first), b->s.  No allocation for plain text.
 */
struct buf;
const char *shown_text(const char *s, struct buf *b, unsigned flags);

/*
 * Text from outside (a name, an indicator, a registry's text, a file
 * name) as printf() should show it: termsafe.h's one-line visible form
 * (tx()) or multi-line form (txm()); "-" for NULL.  s itself when
 * nothing needs escaping, else a buffer of a ring of eight that the
 * eighth call after this one reuses: use the result in the statement
 * that asked for it.  Every "%s" of a value from outside in a text
 * output goes through one of them.
 */
const char *tx(const char *s);
const char *txm(const char *s);

/*
 * A stored registry answer s[0..len) on stdout: in the multi-line
 * visible form when stdout is a terminal, else byte for byte (the
 * proof, for a file).
 */
void	print_answer(const char *s, size_t len);

/*
 * advice.h's warnings, each on stderr as "depeer: warning: ..." (their
 * JSON form is advice_to_json()); and the note that a defanged value
 * was read refanged, "depeer: read 'hxxp://x[.]example' as
 * 'http://x.example' (defanged)".
 */
struct advice;
void	print_advice(const struct advice *a);
void	print_refanged(const char *typed, const char *used);

/* "inbox" (cmd_inbox.c), and "complaint reply" (cmd_complaint_reply.c). */
extern const struct cmd_entry cmd_inbox_entry;
extern const struct cmd_entry cmd_complaint_reply_entry;

/* "media" (cmd_media.c). */
extern const struct cmd_entry cmd_media_entry;

/* "bgp" (cmd_bgp.c) and its "bgp dump" (cmd_bgp_dump.c). */
extern const struct cmd_entry cmd_bgp_entry;
extern const struct cmd_entry cmd_bgp_dump_entry;
/* "prefixes" (cmd_prefixes.c). */
extern const struct cmd_entry cmd_prefixes_entry;
/* "attribute" (cmd_attribute.c). */
extern const struct cmd_entry cmd_attribute_entry;

#endif
