/*
 * cmd_prefixes.c - "depeer prefixes": import dated prefix tables (RIB
 * dumps and prefix-to-AS files), list them, remove them, export a
 * table's lookup file, and look addresses up in one.
 */
#include <sys/socket.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd.h"
#include "exitcodes.h"
#include "outfile.h"
#include "prefix_store.h"
#include "validate.h"

enum { OPT_NAME = OPT_FIRST_LOCAL, OPT_DATE, OPT_FORMAT, OPT_FORCE };
#define OPT_OUTPUT	'o'

static void
print_warning(void *arg, const char *msg)
{
	(void)arg;
	warning("%s", tx(msg));
}

static json_t *
info_json(const struct prefix_table_info *i)
{
	json_t *o = json_object();
	char t[TIME_STRLEN];

	fmt_time(i->taken_at, t);
	json_object_set_new(o, "id", json_integer(i->id));
	json_object_set_new(o, "name", json_string(i->name));
	json_object_set_new(o, "taken_at", json_string(t));
	json_object_set_new(o, "format", json_string(i->format));
	json_object_set_new(o, "prefixes4", json_integer(i->prefixes4));
	json_object_set_new(o, "prefixes6", json_integer(i->prefixes6));
	json_object_set_new(o, "multi_origin", json_integer(i->multi_origin));
	json_object_set_new(o, "skipped", json_integer(i->skipped));
	json_object_set_new(o, "file_name", json_string(i->file_name));
	json_object_set_new(o, "file_sha256", json_string(i->file_sha256));
	json_object_set_new(o, "file_size", json_integer(i->file_size));
	json_object_set_new(o, "content_sha256",
	    json_string(i->content_sha256));
	json_object_set_new(o, "path", i->path[0] != '\0' ?
	    json_string(i->path) : json_null());
	json_object_set_new(o, "audit_seq", json_integer(i->audit_seq));
	return o;
}

/*
 * Whether s is a table name (prefix_name_valid()): 0, or 64 after a
 * usage message that names it as what ("--name", "table name").
 */
static int
check_name(struct ctx *ctx, const char *what, const char *s)
{
	if (prefix_name_valid(s))
		return 0;
	return cmd_usage_error(ctx, "bad %s '%s': 1 to 64 letters, digits, "
	    "'.', '_' or '-', starting with a letter or digit", what, tx(s));
}

/*
 * The operands of "prefixes SUB NAME": exactly one, a table name, into
 * *name.  0, or 64 after the usage message.
 */
static int
one_name(const struct cmd_args *a, struct ctx *ctx, const char *sub,
    const char **name)
{
	if (a->argc != 1)
		return cmd_usage_error(ctx, "'prefixes %s' needs one table "
		    "NAME", sub);
	*name = a->argv[0];
	return check_name(ctx, "table name", *name);
}

static int
prefixes_import_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct prefix_import_req req;
	struct prefix_import_res res;
	const char *arg;
	char t[TIME_STRLEN], lines[160];
	size_t o = 0;
	int rc;

	memset(&req, 0, sizeof(req));
	if (a->argc != 1)
		return cmd_usage_error(ctx, "'prefixes import' needs one FILE "
		    "(or - for standard input)");
	req.path = a->argv[0];
	if ((req.name = args_get(a, OPT_NAME)) != NULL &&
	    (rc = check_name(ctx, "--name", req.name)) != 0)
		return rc;
	if ((arg = args_get(a, OPT_DATE)) != NULL) {
		if (val_time(arg, &req.taken_at, &err) != 0)
			return cmd_usage_error(ctx, "--date: %s", err.msg);
		req.has_date = 1;
	}
	if ((arg = args_get(a, OPT_FORMAT)) != NULL &&
	    (req.format = ptab_format_from_name(arg)) == PTAB_FMT_UNKNOWN)
		return cmd_usage_error(ctx, "--format: '%s' is not one of "
		    "ipasn, pfx2as, iptoasn, mrt", tx(arg));
	if (req.name == NULL && strcmp(req.path, "-") == 0)
		return cmd_usage_error(ctx, "a table read from standard input "
		    "needs --name");
	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	prefix_store_set_warn(print_warning, NULL);
	if ((rc = prefix_store_import(ctx->db, &req, &res, &err)) != 0) {
		report(&err);
		fputs("depeer: nothing was imported\n", stderr);
		return rc;
	}
	lines[0] = '\0';
	for (size_t i = 0; i < res.nbad && o < sizeof(lines); i++)
		o += (size_t)snprintf(lines + o, sizeof(lines) - o, "%s%"
		    PRIu64, i ? ", " : "", res.bad_line[i]);
	if (res.malformed > 0)
		warning("'%s': %" PRIu64 " malformed %s skipped (%s %s%s): "
		    "%s", tx(req.path), res.malformed,
		    strcmp(res.info.format, "mrt") == 0 ? "record(s)" :
		    "line(s)", strcmp(res.info.format, "mrt") == 0 ?
		    "at byte" : "line", lines, res.malformed > res.nbad ?
		    ", ..." : "", tx(res.bad_why[0]));
	fmt_time(res.info.taken_at, t);
	if (ctx->json) {
		json_t *j = info_json(&res.info), *bl = json_array();

		json_object_set_new(j, "date_from", json_string(res.date_from));
		json_object_set_new(j, "compression",
		    json_string(res.compression));
		json_object_set_new(j, "lines", json_integer((json_int_t)
		    res.lines));
		json_object_set_new(j, "entries", json_integer((json_int_t)
		    res.entries));
		json_object_set_new(j, "malformed", json_integer((json_int_t)
		    res.malformed));
		for (size_t i = 0; i < res.nbad; i++)
			json_array_append_new(bl, json_integer((json_int_t)
			    res.bad_line[i]));
		json_object_set_new(j, "malformed_lines", bl);
		json_object_set_new(j, "unrouted", json_integer((json_int_t)
		    res.unrouted));
		json_object_set_new(j, "truncated", json_boolean(
		    res.truncated));
		json_object_set_new(j, "content_bytes", json_integer(
		    (json_int_t)res.content_bytes));
		json_object_set_new(j, "chunks", json_integer((json_int_t)
		    res.chunks));
		print_json(j);
	} else
		printf("imported table '%s' taken %s (date from %s; %s, %s): "
		    "%" PRIu32 " IPv4 and %" PRIu32 " IPv6 prefixes, %" PRIu32
		    " with several origins, from %" PRIu64 " %s; audit entry %"
		    PRId64 "\n", tx(res.info.name), t, res.date_from,
		    res.info.format, res.compression, res.info.prefixes4,
		    res.info.prefixes6, res.info.multi_origin, res.lines,
		    strcmp(res.info.format, "mrt") == 0 ? "RIB entries" :
		    "lines", res.seq);
	prefix_import_res_release(&res);
	return DP_EX_OK;
}

static int
prefixes_list_exec(const struct cmd_args *a, struct ctx *ctx)
{
	static const char *const hdr[] = { "NAME", "TAKEN", "FORMAT",
	    "IPV4", "IPV6", "MULTI", "FILE" };
	struct dp_err err = DP_ERR_INIT;
	struct prefix_table_info *v;
	size_t n;
	int rc;

	if (a->argc != 0)
		return cmd_usage_error(ctx, "'prefixes list' takes no "
		    "arguments");
	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	if (prefix_store_list(ctx->db, &v, &n, &err) != 0)
		return report(&err);
	if (ctx->json) {
		json_t *arr = json_array();

		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, info_json(&v[i]));
		print_json(arr);
	} else {
		struct table *t = table_new(7, hdr);

		for (size_t i = 0; i < n; i++) {
			char tk[TIME_STRLEN], c4[16], c6[16], cm[16];
			const char *row[7];

			fmt_time(v[i].taken_at, tk);
			snprintf(c4, sizeof(c4), "%" PRIu32, v[i].prefixes4);
			snprintf(c6, sizeof(c6), "%" PRIu32, v[i].prefixes6);
			snprintf(cm, sizeof(cm), "%" PRIu32,
			    v[i].multi_origin);
			row[0] = v[i].name;
			row[1] = tk;
			row[2] = v[i].format;
			row[3] = c4;
			row[4] = c6;
			row[5] = cm;
			row[6] = v[i].file_name;
			table_row(t, row);
		}
		table_end(t);
	}
	prefix_table_info_free(v, n);
	free(v);
	return DP_EX_OK;
}

static int
prefixes_rm_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct prefix_table_info info;
	const char *name;
	int rc;

	if ((rc = one_name(a, ctx, "rm", &name)) != 0 ||
	    (rc = ctx_db(ctx)) != 0)
		return rc;
	prefix_store_set_warn(print_warning, NULL);
	if (prefix_store_rm(ctx->db, name, &info, &err) != 0)
		return report(&err);
	if (ctx->json) {
		json_t *o = info_json(&info);

		json_object_set_new(o, "removed", json_true());
		print_json(o);
	} else
		printf("removed table '%s' (%" PRIu32 " IPv4 and %" PRIu32
		    " IPv6 prefixes)\n", tx(info.name), info.prefixes4,
		    info.prefixes6);
	prefix_table_info_free(&info, 1);
	return DP_EX_OK;
}

static int
prefixes_export_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct outfile *of;
	struct ptab *t;
	const char *out = args_get(a, OPT_OUTPUT);
	const void *bytes;
	const char *name;
	size_t len;
	int rc;

	if ((rc = one_name(a, ctx, "export", &name)) != 0)
		return rc;
	if (out == NULL)
		return cmd_usage_error(ctx, "'prefixes export' needs -o FILE");
	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	prefix_store_set_warn(print_warning, NULL);
	if (prefix_store_open(ctx->db, name, &t, &err) != 0)
		return report(&err);
	bytes = ptab_bytes(t, &len);
	if ((rc = outfile_open_mode(out, 0644, args_has(a, OPT_FORCE) > 0,
	    &of, &err)) != 0) {
		ptab_close(t);
		return report(&err);
	}
	fwrite(bytes, 1, len, outfile_fp(of));
	ptab_close(t);
	if (outfile_commit(of, &err) != 0)
		return report(&err);
	if (ctx->json) {
		json_t *o = json_object();

		json_object_set_new(o, "name", json_string(name));
		json_object_set_new(o, "file", json_string(out));
		json_object_set_new(o, "bytes", json_integer((json_int_t)len));
		print_json(o);
	} else
		printf("wrote the lookup file of table '%s' to %s (%zu "
		    "bytes)\n", tx(name), tx(out), len);
	return DP_EX_OK;
}

static int
write_out(const char *data, size_t len, void *arg)
{
	(void)arg;
	if (fwrite(data, 1, len, stdout) != len)
		return DP_EX_IOERR;
	return 0;
}

static int
prefixes_show_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	const char *name;
	int rc;

	if ((rc = one_name(a, ctx, "show", &name)) != 0 ||
	    (rc = ctx_db(ctx)) != 0)
		return rc;
	if ((rc = prefix_store_content(ctx->db, name, write_out, NULL,
	    &err)) != 0) {
		if (rc == DP_EX_IOERR && err.msg[0] == '\0')
			return DP_EX_IOERR;
		return report(&err);
	}
	return DP_EX_OK;
}

/* One address looked up: text "ADDR PREFIX ORIGINS" or a JSON object. */
static int
lookup_one(const struct ptab *t, const char *s, size_t n, json_t *arr,
    struct dp_err *err)
{
	struct ipnet a, p;
	const char *what, *why;
	const uint32_t *asns;
	char addr[IPNET_STRLEN], pfx[IPNET_STRLEN];
	uint32_t r;
	size_t k;

	if ((why = ipnet_parse_addr(s, n, &a, &what)) != NULL) {
		char *c = xstrndup(s, n);

		dp_fail(err, DP_EX_DATAERR, "'%s' is not an %s: %s", tx(c),
		    what, why);
		free(c);
		return DP_EX_DATAERR;
	}
	ipnet_format_addr(&a, addr, sizeof(addr));
	r = ptab_lookup(t, &a);
	if (r == PTAB_NONE) {
		if (arr != NULL) {
			json_t *o = json_object();

			json_object_set_new(o, "address", json_string(addr));
			json_object_set_new(o, "prefix", json_null());
			json_object_set_new(o, "origins", json_array());
			json_array_append_new(arr, o);
		} else
			printf("%s\t-\t-\n", addr);
		return 0;
	}
	ptab_route_prefix(t, r, &p);
	ipnet_format(&p, pfx, sizeof(pfx));
	k = ptab_set_origins(t, ptab_route_set(t, r), &asns);
	if (arr != NULL) {
		json_t *o = json_object(), *or = json_array();

		json_object_set_new(o, "address", json_string(addr));
		json_object_set_new(o, "prefix", json_string(pfx));
		for (size_t i = 0; i < k; i++)
			json_array_append_new(or, json_integer(asns[i]));
		json_object_set_new(o, "origins", or);
		json_array_append_new(arr, o);
	} else {
		printf("%s\t%s\t", addr, pfx);
		for (size_t i = 0; i < k; i++)
			printf("%s%" PRIu32, i ? "," : "", asns[i]);
		putchar('\n');
	}
	return 0;
}

static int
prefixes_lookup_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct ptab *t;
	json_t *arr = NULL;
	int rc = 0, from_stdin;

	if (a->argc < 2)
		return cmd_usage_error(ctx, "'prefixes lookup' needs a table "
		    "NAME and addresses (or - to read them from standard "
		    "input)");
	if ((rc = check_name(ctx, "table name", a->argv[0])) != 0)
		return rc;
	from_stdin = a->argc == 2 && strcmp(a->argv[1], "-") == 0;
	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	prefix_store_set_warn(print_warning, NULL);
	if (prefix_store_open(ctx->db, a->argv[0], &t, &err) != 0)
		return report(&err);
	if (ctx->json)
		arr = json_array();
	if (from_stdin) {
		char *line = NULL;
		size_t cap = 0;
		ssize_t len;
		uint64_t no = 0;

		while ((len = getline(&line, &cap, stdin)) > 0) {
			no++;
			while (len > 0 && (line[len - 1] == '\n' ||
			    line[len - 1] == '\r'))
				len--;
			if (len == 0)
				continue;
			if ((rc = lookup_one(t, line, (size_t)len, arr,
			    &err)) != 0) {
				dp_err_prefix(&err, "line %" PRIu64, no);
				break;
			}
		}
		free(line);
	} else
		for (int i = 1; i < a->argc && rc == 0; i++)
			rc = lookup_one(t, a->argv[i], strlen(a->argv[i]), arr,
			    &err);
	ptab_close(t);
	if (rc != 0) {
		json_decref(arr);
		return report(&err);
	}
	if (arr != NULL)
		print_json(arr);
	return DP_EX_OK;
}

static const struct cmd_entry import_entry = {
	.name = "import",
	.summary = "import a dated prefix table (RIB dump or prefix-to-AS "
	    "file)",
	.about = "Import a routing table as a dated snapshot of which AS "
	    "originates each prefix: an MRT RIB dump, pyasn's ipasn, CAIDA's "
	    "pfx2as or iptoasn's TSV, compressed or not, in one transaction.",
	.usage = "import FILE|- [--name NAME] [--date DATE] "
	    "[--format ipasn|pfx2as|iptoasn|mrt] [--json]",
	.flags = CMD_DB_CREATE,
	.opts = (const struct cmd_opt[]){
		{ "name", OPT_NAME, required_argument, "NAME",
		  "the table's name (default: from the file name)" },
		{ "date", OPT_DATE, required_argument, "DATE",
		  "when the table was taken (default: the dump's time, or "
		  "the date in the file name)" },
		{ "format", OPT_FORMAT, required_argument, "FORMAT",
		  "ipasn, pfx2as, iptoasn or mrt (default: told from the "
		  "first bytes)" },
		CMD_OPTS_END
	},
	.exec = prefixes_import_exec,
	.man = "depeer-prefixes",
};

static const struct cmd_entry list_entry = {
	.name = "list",
	.summary = "list the prefix tables, oldest snapshot first",
	.usage = "list [--json]",
	.flags = CMD_DB_READ,
	.exec = prefixes_list_exec,
	.man = "depeer-prefixes",
};

static const struct cmd_entry rm_entry = {
	.name = "rm",
	.summary = "remove a prefix table",
	.usage = "rm NAME [--json]",
	.flags = CMD_DB_WRITE,
	.exec = prefixes_rm_exec,
	.man = "depeer-prefixes",
};

static const struct cmd_entry export_entry = {
	.name = "export",
	.summary = "write a table's lookup file (for attribute "
	    "--table-file)",
	.usage = "export NAME -o FILE [--force] [--json]",
	.flags = CMD_DB_READ,
	.opts = (const struct cmd_opt[]){
		{ "output", OPT_OUTPUT, required_argument, "FILE",
		  "the file to write" },
		{ "force", OPT_FORCE, no_argument, NULL,
		  "replace FILE if it exists" },
		CMD_OPTS_END
	},
	.exec = prefixes_export_exec,
	.man = "depeer-prefixes",
};

static const struct cmd_entry show_entry = {
	.name = "show",
	.summary = "print a table's canonical listing (its content_sha256 "
	    "is that of this output)",
	.usage = "show NAME",
	.flags = CMD_DB_READ,
	.exec = prefixes_show_exec,
	.man = "depeer-prefixes",
};

static const struct cmd_entry lookup_entry = {
	.name = "lookup",
	.summary = "the longest prefix and its origins for addresses",
	.usage = "lookup NAME ADDR...|- [--json]",
	.flags = CMD_DB_READ,
	.exec = prefixes_lookup_exec,
	.man = "depeer-prefixes",
};

const struct cmd_entry cmd_prefixes_entry = {
	.name = "prefixes",
	.summary = "dated prefix tables: which AS originates which prefix",
	.usage = "import FILE|- [--name NAME] [--date DATE] "
	    "[--format ipasn|pfx2as|iptoasn|mrt] [--json]\n"
	    "prefixes list [--json]\n"
	    "prefixes rm NAME [--json]\n"
	    "prefixes export NAME -o FILE [--force] [--json]\n"
	    "prefixes show NAME\n"
	    "prefixes lookup NAME ADDR...|- [--json]",
	.subs = (const struct cmd_entry *const[]){ &import_entry,
	    &list_entry, &rm_entry, &export_entry, &show_entry, &lookup_entry,
	    NULL },
	.man = "depeer-prefixes",
};
