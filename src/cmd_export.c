/*
 * cmd_export.c - "depeer export iodef|bundle": a case for others, as an
 * IODEF document for CERTs or as a bundle a journalist can check
 * (bundle.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "addr.h"
#include "bundle.h"
#include "cmd.h"
#include "config.h"
#include "exitcodes.h"

enum { OPT_FORCE = OPT_FIRST_LOCAL, OPT_REDACT };

/*
 * Who exports, from the configuration: organisation, from (its display
 * name and address), case_tag.  m receives the parsed From (release it).
 */
static void
who_of(const struct ctx *ctx, struct bundle_who *who, struct mailbox *m)
{
	struct dp_err err = DP_ERR_INIT;
	const char *v;

	memset(who, 0, sizeof(*who));
	memset(m, 0, sizeof(*m));
	v = config_get(ctx->config, "organisation");
	who->organisation = v[0] != '\0' ? v : NULL;
	v = config_get(ctx->config, "from");
	/* checked when the configuration was loaded */
	if (v[0] != '\0' && addr_parse_mailbox(v, m, &err) == 0) {
		who->name = m->name;
		who->addr = m->addr;
	}
	v = config_get(ctx->config, "case_tag");
	who->case_tag = v[0] != '\0' ? v : NULL;
}

static int
stdout_sink(void *arg, const char *bytes, size_t len)
{
	(void)arg;
	return fwrite(bytes, 1, len, stdout) == len ? 0 : -1;
}

static int
iodef_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct bundle_who who;
	struct mailbox m;
	const char *out = args_get(a, 'o');
	int rc;

	if (a->argc != 1)
		return cmd_usage_error(ctx, "'export iodef' takes a provider");
	if (ctx->json)
		return cmd_usage_error(ctx, "'export iodef' writes XML; "
		    "--json does not apply");
	if ((rc = ctx_config(ctx)) != 0 || (rc = ctx_db(ctx)) != 0)
		return rc;
	who_of(ctx, &who, &m);
	if (out == NULL || strcmp(out, "-") == 0)
		rc = bundle_iodef_stream(ctx->db, a->argv[0], &who,
		    stdout_sink, NULL, &err);
	else
		rc = bundle_iodef(ctx->db, a->argv[0], &who, out,
		    args_has(a, OPT_FORCE) > 0, &err);
	mailbox_release(&m);
	return rc != 0 ? report(&err) : DP_EX_OK;
}

static const struct cmd_entry iodef_entry = {
	.name = "iodef",
	.summary = "the case as an IODEF v2 document for CERTs",
	.about = "Write the case against a provider as an IODEF v2 document "
	    "(RFC 7970): one incident with the researcher, the provider and "
	    "each upstream as contacts, every evidence row not retracted as "
	    "EventData, and the complaints and events as its history.",
	.usage = "iodef PROVIDER [-o FILE [--force]]",
	.flags = CMD_DB_READ | CMD_CONFIG,
	.opts = (const struct cmd_opt[]){
		{ "output", 'o', required_argument, "FILE",
		  "write it to FILE (default: standard output)" },
		{ "force", OPT_FORCE, no_argument, NULL,
		  "replace FILE if it exists" },
		CMD_OPTS_END
	},
	.exec = iodef_exec,
	.man = "depeer-export",
};

static int
bundle_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct bundle_who who;
	struct mailbox m;
	const char *out = args_get(a, 'o');
	int rc, redact = args_has(a, OPT_REDACT) > 0;

	if (a->argc != 1)
		return cmd_usage_error(ctx, "'export bundle' takes a "
		    "provider");
	if (out == NULL || out[0] == '\0')
		return cmd_usage_error(ctx, "'export bundle' needs -o DIR, "
		    "the folder to write");
	if ((rc = ctx_config(ctx)) != 0 || (rc = ctx_db(ctx)) != 0)
		return rc;
	who_of(ctx, &who, &m);
	rc = bundle_write_as(ctx->db, a->argv[0], out, redact, &who, &err);
	mailbox_release(&m);
	if (rc != 0)
		return report(&err);
	if (ctx->json) {
		json_t *o = json_object();

		json_object_set_new(o, "path", json_string(out));
		json_object_set_new(o, "redacted", json_boolean(redact));
		print_json(o);
	} else
		printf("wrote the bundle to %s; check it with 'sha256sum -c "
		    "SHA256SUMS' inside it\n", tx(out));
	return DP_EX_OK;
}

static const struct cmd_entry bundle_entry = {
	.name = "bundle",
	.summary = "a case bundle a journalist can check",
	.about = "Write a folder with the case against a provider as of the "
	    "audit chain's head: the evidence and its files, every registry "
	    "answer cited, the complaints and replies as .eml, the audit "
	    "entries, the IODEF document, a README.txt saying how to check "
	    "it, and SHA256SUMS over every file.  DIR must not exist or be "
	    "empty.",
	.usage = "bundle PROVIDER -o DIR [--redact] [--json]",
	.flags = CMD_DB_READ | CMD_CONFIG,
	.opts = (const struct cmd_opt[]){
		{ "output", 'o', required_argument, "DIR",
		  "the folder to write (new or empty)" },
		{ "redact", OPT_REDACT, no_argument, NULL,
		  "leave out the evidence, files, complaints, replies and "
		  "IODEF document" },
		CMD_OPTS_END
	},
	.exec = bundle_exec,
	.man = "depeer-export",
};

const struct cmd_entry cmd_export_entry = {
	.name = "export",
	.summary = "the case as IODEF, or as a bundle others can check",
	.usage = "export iodef|bundle ...",
	.subs = (const struct cmd_entry *const[]){ &iodef_entry,
	    &bundle_entry, NULL },
	.man = "depeer-export",
};
