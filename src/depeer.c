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

static int cmd_help(int, char **, struct ctx *);

static const struct cmd commands[] = {
	{ "init", cmd_init, "create the case database (safe to repeat)",
	  "init" },
	{ "provider", cmd_provider, "record hosting providers and their "
	  "networks", "provider add|list|show|edit|net ..." },
	{ "evidence", cmd_evidence, "record, import, list and export "
	  "evidence", "evidence add|import|list|show|export ..." },
	{ "lookup", cmd_lookup, "resolve addresses, prefixes or AS numbers "
	  "through the registries",
	  "lookup QUERY|--bulk FILE [--source S]... [--json]" },
	{ "upstreams", cmd_upstreams, "find a provider's upstream transit "
	  "providers and their abuse contacts",
	  "upstreams PROVIDER|ASN [--json]" },
	{ "contacts", cmd_contacts, "rank the abuse contacts of an AS or an "
	  "address, with their records", "contacts ASN|IP [--json]" },
	{ "rdap", cmd_rdap, "refresh the RDAP bootstrap registries from IANA",
	  "rdap update-bootstrap [--json]" },
	{ "source", cmd_source, "show a stored registry answer",
	  "source show ID [--json]" },
	{ "log", cmd_log, "show the audit log", "log [--limit N] [--json]" },
	{ "verify", cmd_verify, "check the audit chain, evidence and files "
	  "for tampering", "verify [--expect-head HASH] [--json]" },
	{ "config", cmd_config, "show or change settings (registry hosts, "
	  "time-outs, database)", "config list|get|set|unset|path ..." },
	{ "help", cmd_help, "show help for a command", "help [COMMAND]" },
};

static void
usage(FILE *fp)
{
	size_t i;

	fputs("usage: depeer [--db PATH] [--json] COMMAND [ARGS]\n"
	    "       depeer --version | --help\n\n"
	    "Build and track cases against rogue hosting providers.\n\n"
	    "commands:\n", fp);
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(fp, "   %-10s %s\n", commands[i].name,
		    commands[i].summary);
	fputs("\nglobal options:\n"
	    "   --db PATH  case database (default: $DEPEER_DB, else 'db' in\n"
	    "              the configuration file, else\n"
	    "              ${XDG_DATA_HOME:-~/.local/share}/depeer/depeer.db)\n"
	    "   --json     print listings and records as JSON\n\n"
	    "See 'depeer help COMMAND' and depeer(1).\n", fp);
}

static const struct cmd *
find_cmd(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static int
cmd_help(int argc, char **argv, struct ctx *ctx)
{
	const struct cmd *c;
	char *args[] = { NULL, (char *)"--help", NULL };

	if (argc < 2) {
		usage(stdout);
		return DP_EX_OK;
	}
	if (argc > 2) {
		error("'help' takes one COMMAND");
		return DP_EX_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		c = find_cmd("help");
		printf("%s\n\n", c->summary);
		print_usage(stdout, c, NULL);
		return DP_EX_OK;
	}
	if ((c = find_cmd(argv[1])) == NULL) {
		error("no command '%s' (see 'depeer help')", argv[1]);
		return DP_EX_USAGE;
	}
	args[0] = argv[1];
	getopt_reset();
	return c->fn(2, args, ctx);
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
	const struct cmd *c;
	int opt, status;

	setlocale(LC_CTYPE, "");
	memset(&ctx, 0, sizeof(ctx));
	getopt_reset();
	while ((opt = dp_getopt(argc, argv, "+hV", longopts)) != -1) {
		switch (opt) {
		case 'd':
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
	if ((c = find_cmd(argv[0])) == NULL) {
		error("'%s' is not a depeer command (see 'depeer help')",
		    argv[0]);
		return DP_EX_USAGE;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
		error("cannot initialise libcurl");
		return DP_EX_SOFTWARE;
	}
	getopt_reset();
	status = c->fn(argc, argv, &ctx);
	db_close(ctx.db);
	config_free(ctx.config);
	curl_global_cleanup();
	return finish(status);
}
