/*
 * depeer.c - main(): global options, the command table, dispatch, and the
 * final check that stdout was written.
 */
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "cmd.h"
#include "config.h"
#include "db.h"
#include "exitcodes.h"

static int help_exec(const struct cmd_args *, struct ctx *);

static const struct cmd_entry help_entry = {
	.name = "help",
	.summary = "show help for a command",
	.usage = "help [COMMAND [SUBCOMMAND]...]",
	.exec = help_exec,
	.man = "depeer",
};

/* Every command, in the order "depeer --help" lists them. */
static const struct cmd_entry *const commands[] = {
	&cmd_init_entry,
	&cmd_provider_entry,
	&cmd_evidence_entry,
	&cmd_lookup_entry,
	&cmd_upstreams_entry,
	&cmd_contacts_entry,
	&cmd_rdap_entry,
	&cmd_source_entry,
	&cmd_log_entry,
	&cmd_verify_entry,
	&cmd_config_entry,
	&cmd_template_entry,
	&cmd_complaint_entry,
	&cmd_due_entry,
	&cmd_inbox_entry,
	&cmd_measure_entry,
	&cmd_impact_entry,
	&cmd_stats_entry,
	&cmd_event_entry,
	&cmd_timeline_entry,
	&cmd_media_entry,
	&cmd_watch_entry,
	&cmd_report_entry,
	&cmd_export_entry,
	&cmd_bgp_entry,
	&cmd_prefixes_entry,
	&cmd_attribute_entry,
	&help_entry,
	NULL
};

static void
usage(FILE *fp)
{
	const struct cmd_entry *const *c;

	fputs("usage: depeer [--db PATH] [--json] COMMAND [ARGS]\n"
	    "       depeer --version | --help\n\n"
	    "Build and track cases against rogue hosting providers.\n\n"
	    "commands:\n", fp);
	for (c = commands; *c != NULL; c++)
		fprintf(fp, "   %-10s %s\n", (*c)->name, (*c)->summary);
	fputs("\nglobal options:\n"
	    "   --db PATH  case database (default: $DEPEER_DB, else 'db' in\n"
	    "              the configuration file, else\n"
	    "              ${XDG_DATA_HOME:-~/.local/share}/depeer/depeer.db)\n"
	    "   --json     print listings and records as JSON\n\n"
	    "See 'depeer help COMMAND' and depeer(1).\n", fp);
}

static int
help_exec(const struct cmd_args *a, struct ctx *ctx)
{
	(void)ctx;
	if (a->argc == 0) {
		usage(stdout);
		return DP_EX_OK;
	}
	if (strcmp(a->argv[0], "help") == 0 && a->argc == 1)
		return cmd_help(commands, 1, a->argv);
	return cmd_help(commands, a->argc, a->argv);
}

/*
 * Every path out of main() comes here: output that could not be written
 * (a full disk, a closed pipe when SIGPIPE is ignored) is an error, 74,
 * never a silent success.
 */
static int
finish(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		error("cannot write to standard output: %s",
		    strerror(errno));
		return status != 0 ? status : DP_EX_IOERR;
	}
	return status;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct ctx ctx;
	int opt, status;

	setlocale(LC_CTYPE, "");
	memset(&ctx, 0, sizeof(ctx));
	getopt_reset();
	while ((opt = dp_getopt(argc, argv, "+:hV", longopts)) != -1) {
		switch (opt) {
		case 'd':
			if (*optarg == '\0') {
				error("--db needs a path (an empty one is not "
				    "the default database)");
				usage(stderr);
				return DP_EX_USAGE;
			}
			ctx.db_path = optarg;
			break;
		case 'h':
			usage(stdout);
			return finish(DP_EX_OK);
		case 'j':
			ctx.json = 1;
			break;
		case 'V':
			printf("depeer %s\n", DEPEER_VERSION);
			return finish(DP_EX_OK);
		default:
			cmd_getopt_error(opt, argc, argv, longopts);
			usage(stderr);
			return DP_EX_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		error("no command given");
		usage(stderr);
		return DP_EX_USAGE;
	}
	if (cmd_find_entry(commands, argv[0]) == NULL) {
		error("'%s' is not a depeer command (see 'depeer help')",
		    argv[0]);
		return DP_EX_USAGE;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
		error("cannot initialise libcurl");
		return DP_EX_SOFTWARE;
	}
	getopt_reset();
	status = cmd_dispatch(commands, argc, argv, &ctx);
	db_close(ctx.db);
	config_free(ctx.config);
	curl_global_cleanup();
	return finish(status);
}
