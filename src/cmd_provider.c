/*
 * cmd_provider.c - "depeer provider add|list|show|edit|net": the hosting
 * providers under investigation and the AS numbers and prefixes they hold.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "cmd.h"
#include "db.h"
#include "evidence.h"
#include "exitcodes.h"
#include "provider.h"

static int provider_add(int, char **, struct ctx *);
static int provider_list(int, char **, struct ctx *);
static int provider_show(int, char **, struct ctx *);
static int provider_edit(int, char **, struct ctx *);
static int provider_net(int, char **, struct ctx *);

static const struct cmd subcmds[] = {
	{ "add", provider_add, "record a provider",
	  "add NAME [--asn N]... [--prefix CIDR]... [--country CC] "
	  "[--url URL] [--note TEXT]" },
	{ "list", provider_list, "list providers", "list [--json]" },
	{ "show", provider_show, "show one provider", "show NAME|ID [--json]" },
	{ "edit", provider_edit, "change a provider's name or details",
	  "edit NAME|ID [--name NEW] [--country CC] [--url URL] "
	  "[--note TEXT]" },
	{ "net", provider_net, "add or remove AS numbers and prefixes",
	  "net add|rm NAME|ID (--asn N | --prefix CIDR)..." },
	{ "resolve", provider_resolve_cmd, "fill in AS numbers and prefixes "
	  "from the evidence's addresses", "resolve NAME|ID [--json]" },
};

static int
cmd_provider(int argc, char **argv, struct ctx *ctx)
{
	return run_subcmd("provider", subcmds, ARRAY_SIZE(subcmds), argc - 1,
	    argv + 1, ctx);
}

#define sub(name)	cmd_find(subcmds, ARRAY_SIZE(subcmds), (name))

/* Validate and collect --asn and --prefix values into p. */
static int
add_net_arg(struct provider *p, int is_asn, const char *arg)
{
	struct dp_err err = DP_ERR_INIT;
	struct ipnet net;
	uint32_t asn;

	if (is_asn) {
		if (val_asn(arg, &asn, &err) != 0)
			return report(&err);
		provider_add_asn(p, asn);
	} else {
		if (val_cidr(arg, &net, &err) != 0)
			return report(&err);
		provider_add_prefix(p, &net);
	}
	return 0;
}

/* --country/--url/--note values: "" clears, else validated. */
static int
set_field(char **field, const char *what, const char *arg)
{
	struct dp_err err = DP_ERR_INIT;
	char cc[3], *canon = NULL;

	free(*field);
	*field = NULL;
	if (*arg == '\0')
		return 0;
	if (strcmp(what, "country") == 0) {
		if (val_country(arg, cc, &err) != 0)
			return report(&err);
		*field = xstrdup(cc);
	} else if (strcmp(what, "url") == 0) {
		if (val_url(arg, &canon, &err) != 0)
			return report(&err);
		if (strncmp(canon, "http://", 7) != 0 &&
		    strncmp(canon, "https://", 8) != 0) {
			free(canon);
			error("--url '%s': expected an http or https URL", arg);
			return DP_EX_DATAERR;
		}
		*field = canon;
	} else {
		if (val_text("--note", arg, EV_MAX_NOTE, 1, &err) != 0)
			return report(&err);
		*field = xstrdup(arg);
	}
	return 0;
}

enum { OPT_ASN = OPT_FIRST_LOCAL, OPT_PREFIX, OPT_COUNTRY, OPT_URL,
	OPT_NOTE, OPT_NAME };

static int
print_provider(struct ctx *ctx, const struct provider *p)
{
	char text[IPNET_STRLEN], t[TIME_STRLEN];
	size_t i;

	if (ctx->json) {
		print_json(provider_to_json(p));
		return DP_EX_OK;
	}
	fmt_time(p->created_at, t);
	printf("id:        %lld\n", (long long)p->id);
	printf("name:      %s\n", p->name);
	printf("asns:     ");
	for (i = 0; i < p->nasns; i++)
		printf(" AS%u", p->asns[i]);
	printf("%s\n", p->nasns ? "" : " -");
	printf("prefixes: ");
	for (i = 0; i < p->nprefixes; i++) {
		ipnet_format(&p->prefixes[i], text, sizeof(text));
		printf(" %s", text);
	}
	printf("%s\n", p->nprefixes ? "" : " -");
	printf("country:   %s\n", p->country ? p->country : "-");
	printf("url:       %s\n", p->url ? p->url : "-");
	printf("created:   %s\n", t);
	if (p->note != NULL)
		printf("note:      %s\n", p->note);
	return DP_EX_OK;
}

static int
provider_add(int argc, char **argv, struct ctx *ctx)
{
	static const struct option longopts[] = {
		{ "asn", required_argument, NULL, OPT_ASN },
		{ "country", required_argument, NULL, OPT_COUNTRY },
		{ "note", required_argument, NULL, OPT_NOTE },
		{ "prefix", required_argument, NULL, OPT_PREFIX },
		{ "url", required_argument, NULL, OPT_URL },
		COMMON_LONGOPTS, { NULL, 0, NULL, 0 }
	};
	const struct cmd *c = sub("add");
	struct dp_err err = DP_ERR_INIT;
	struct provider p = PROVIDER_INIT;
	int opt, rc;

	while ((opt = dp_getopt(argc, argv, "h", longopts)) != -1) {
		switch (opt) {
		case OPT_ASN:
		case OPT_PREFIX:
			rc = add_net_arg(&p, opt == OPT_ASN, optarg);
			break;
		case OPT_COUNTRY:
			rc = set_field(&p.country, "country", optarg);
			break;
		case OPT_URL:
			rc = set_field(&p.url, "url", optarg);
			break;
		case OPT_NOTE:
			rc = set_field(&p.note, "note", optarg);
			break;
		default:
			rc = common_opt(opt, ctx, c, "provider");
			if (rc < 0)
				rc = 0;
			else
				goto out;
		}
		if (rc != 0)
			goto out;
	}
	if (argc - optind != 1) {
		error(argc == optind ? "'provider add' needs a NAME" :
		    "'provider add' takes one NAME (quote names with spaces)");
		print_usage(stderr, c, "provider");
		rc = DP_EX_USAGE;
		goto out;
	}
	if (provider_name_valid(argv[optind], &err) != 0) {
		rc = report(&err);
		goto out;
	}
	p.name = xstrdup(argv[optind]);
	provider_sort(&p);
	p.created_at = time(NULL);
	if ((rc = ctx_db_mode(ctx, CMD_DB_CREATE)) != 0)
		goto out;
	if ((rc = db_begin(ctx->db, &err)) != 0 ||
	    (rc = db_provider_add(ctx->db, &p, &err)) != 0 ||
	    (rc = provider_record(ctx->db, p.id, "provider.add",
	    p.created_at, NULL, &err)) != 0 ||
	    (rc = db_commit(ctx->db, &err)) != 0) {
		db_rollback(ctx->db);
		rc = report(&err);
		goto out;
	}
	if (ctx->json)
		rc = print_provider(ctx, &p);
	else
		printf("added provider %lld '%s'\n", (long long)p.id, p.name);
out:
	provider_release(&p);
	return rc;
}

/* Parse options that take none besides the common ones; leaves optind. */
static int
common_only(int argc, char **argv, struct ctx *ctx, const struct cmd *c)
{
	static const struct option longopts[] = {
		COMMON_LONGOPTS, { NULL, 0, NULL, 0 }
	};
	int opt, rc;

	while ((opt = dp_getopt(argc, argv, "h", longopts)) != -1)
		if ((rc = common_opt(opt, ctx, c, "provider")) >= 0)
			return rc;
	return -1;
}

static int
provider_list(int argc, char **argv, struct ctx *ctx)
{
	static const char *const hdr[] = { "ID", "NAME", "ASNS", "PREFIXES",
	    "COUNTRY" };
	const struct cmd *c = sub("list");
	struct dp_err err = DP_ERR_INIT;
	struct provider *list = NULL;
	struct table *t;
	size_t n = 0, i, j;
	json_t *arr;
	int rc;

	if ((rc = common_only(argc, argv, ctx, c)) >= 0)
		return rc;
	if (optind != argc) {
		error("'provider list' takes no arguments");
		return DP_EX_USAGE;
	}
	if ((rc = ctx_db_mode(ctx, CMD_DB_WRITE)) != 0)
		return rc;
	if (db_provider_list(ctx->db, &list, &n, &err) != 0)
		return report(&err);
	if (ctx->json) {
		arr = json_array();
		for (i = 0; i < n; i++)
			json_array_append_new(arr, provider_to_json(&list[i]));
		print_json(arr);
	} else {
		t = table_new(5, hdr);
		for (i = 0; i < n; i++) {
			struct buf asns = BUF_INIT, pfx = BUF_INIT;
			char id[24], text[IPNET_STRLEN];
			const char *row[5];

			for (j = 0; j < list[i].nasns; j++)
				buf_addf(&asns, "%sAS%u", j ? "," : "",
				    list[i].asns[j]);
			for (j = 0; j < list[i].nprefixes; j++) {
				ipnet_format(&list[i].prefixes[j], text,
				    sizeof(text));
				buf_addf(&pfx, "%s%s", j ? "," : "", text);
			}
			snprintf(id, sizeof(id), "%lld",
			    (long long)list[i].id);
			row[0] = id;
			row[1] = list[i].name;
			row[2] = asns.len ? asns.s : NULL;
			row[3] = pfx.len ? pfx.s : NULL;
			row[4] = list[i].country;
			table_row(t, row);
			buf_release(&asns);
			buf_release(&pfx);
		}
		table_end(t);
	}
	for (i = 0; i < n; i++)
		provider_release(&list[i]);
	free(list);
	return DP_EX_OK;
}

static int
provider_show(int argc, char **argv, struct ctx *ctx)
{
	const struct cmd *c = sub("show");
	struct dp_err err = DP_ERR_INIT;
	struct provider p = PROVIDER_INIT;
	int rc;

	if ((rc = common_only(argc, argv, ctx, c)) >= 0)
		return rc;
	if (argc - optind != 1) {
		error("'provider show' needs one NAME or ID");
		print_usage(stderr, c, "provider");
		return DP_EX_USAGE;
	}
	if ((rc = ctx_db_mode(ctx, CMD_DB_WRITE)) != 0)
		return rc;
	if (db_provider_find(ctx->db, argv[optind], &p, &err) != 0)
		return report(&err);
	rc = print_provider(ctx, &p);
	provider_release(&p);
	return rc;
}

static void
note_change(json_t *change, const char *field, const char *old,
    const char *new)
{
	if ((old == NULL) != (new == NULL) ||
	    (old != NULL && strcmp(old, new) != 0))
		json_array_append_new(change, json_string(field));
}

static int
provider_edit(int argc, char **argv, struct ctx *ctx)
{
	static const struct option longopts[] = {
		{ "country", required_argument, NULL, OPT_COUNTRY },
		{ "name", required_argument, NULL, OPT_NAME },
		{ "note", required_argument, NULL, OPT_NOTE },
		{ "url", required_argument, NULL, OPT_URL },
		COMMON_LONGOPTS, { NULL, 0, NULL, 0 }
	};
	const struct cmd *c = sub("edit");
	struct dp_err err = DP_ERR_INIT;
	struct provider p = PROVIDER_INIT, newp = PROVIDER_INIT;
	const char *name = NULL, *country = NULL, *url = NULL, *note = NULL;
	json_t *change = NULL;
	int64_t now = time(NULL);
	int opt, rc;

	while ((opt = dp_getopt(argc, argv, "h", longopts)) != -1) {
		switch (opt) {
		case OPT_COUNTRY: country = optarg; break;
		case OPT_NAME: name = optarg; break;
		case OPT_NOTE: note = optarg; break;
		case OPT_URL: url = optarg; break;
		default:
			if ((rc = common_opt(opt, ctx, c, "provider")) >= 0)
				return rc;
		}
	}
	if (argc - optind != 1) {
		error("'provider edit' needs one NAME or ID");
		print_usage(stderr, c, "provider");
		return DP_EX_USAGE;
	}
	if (!name && !country && !url && !note) {
		error("nothing to change: give --name, --country, --url or "
		    "--note");
		print_usage(stderr, c, "provider");
		return DP_EX_USAGE;
	}
	if ((rc = ctx_db_mode(ctx, CMD_DB_WRITE)) != 0)
		return rc;
	if ((rc = db_begin(ctx->db, &err)) != 0)
		return report(&err);
	if ((rc = db_provider_find(ctx->db, argv[optind], &p, &err)) != 0)
		goto fail_report;
	newp.id = p.id;
	newp.name = xstrdup(p.name);
	newp.country = p.country ? xstrdup(p.country) : NULL;
	newp.url = p.url ? xstrdup(p.url) : NULL;
	newp.note = p.note ? xstrdup(p.note) : NULL;
	if (name != NULL) {
		if ((rc = provider_name_valid(name, &err)) != 0)
			goto fail_report;
		free(newp.name);
		newp.name = xstrdup(name);
	}
	if ((country && (rc = set_field(&newp.country, "country", country))) ||
	    (url && (rc = set_field(&newp.url, "url", url))) ||
	    (note && (rc = set_field(&newp.note, "note", note))))
		goto fail;
	change = json_array();
	note_change(change, "name", p.name, newp.name);
	note_change(change, "country", p.country, newp.country);
	note_change(change, "url", p.url, newp.url);
	note_change(change, "note", p.note, newp.note);
	if (json_array_size(change) == 0) {
		db_rollback(ctx->db);
		json_decref(change);
		change = NULL;
		if (!ctx->json)
			printf("provider %lld '%s' unchanged\n",
			    (long long)p.id, p.name);
		else
			print_provider(ctx, &p);
		rc = DP_EX_OK;
		goto out;
	}
	if ((rc = db_provider_update(ctx->db, &newp, now, &err)) != 0)
		goto fail_report;
	/* provider_record() takes change over, whatever it returns. */
	rc = provider_record(ctx->db, p.id, "provider.edit", now, change,
	    &err);
	change = NULL;
	if (rc != 0 || (rc = db_commit(ctx->db, &err)) != 0)
		goto fail_report;
	provider_release(&p);
	if (db_provider_get(ctx->db, newp.id, &p, &err) != 0) {
		rc = report(&err);
		goto out;
	}
	if (ctx->json)
		print_provider(ctx, &p);
	else
		printf("updated provider %lld '%s'\n", (long long)p.id,
		    p.name);
	rc = DP_EX_OK;
	goto out;
fail_report:
	rc = report(&err);
fail:
	json_decref(change);
	db_rollback(ctx->db);
out:
	provider_release(&p);
	provider_release(&newp);
	return rc;
}

static int
provider_net(int argc, char **argv, struct ctx *ctx)
{
	static const struct option longopts[] = {
		{ "asn", required_argument, NULL, OPT_ASN },
		{ "prefix", required_argument, NULL, OPT_PREFIX },
		COMMON_LONGOPTS, { NULL, 0, NULL, 0 }
	};
	const struct cmd *c = sub("net");
	struct dp_err err = DP_ERR_INIT;
	struct provider p = PROVIDER_INIT, nets = PROVIDER_INIT;
	char text[IPNET_STRLEN];
	json_t *change = NULL;
	int opt, rc, add;
	int64_t now = time(NULL);
	size_t i;

	while ((opt = dp_getopt(argc, argv, "h", longopts)) != -1) {
		switch (opt) {
		case OPT_ASN:
		case OPT_PREFIX:
			if ((rc = add_net_arg(&nets, opt == OPT_ASN,
			    optarg)) != 0)
				goto out;
			break;
		default:
			if ((rc = common_opt(opt, ctx, c, "provider")) >= 0)
				goto out;
		}
	}
	rc = DP_EX_USAGE;
	if (argc - optind != 2 || (strcmp(argv[optind], "add") != 0 &&
	    strcmp(argv[optind], "rm") != 0)) {
		error("'provider net' needs 'add' or 'rm' and a NAME or ID");
		print_usage(stderr, c, "provider");
		goto out;
	}
	if (nets.nasns + nets.nprefixes == 0) {
		error("give at least one --asn or --prefix");
		print_usage(stderr, c, "provider");
		goto out;
	}
	add = strcmp(argv[optind], "add") == 0;
	if ((rc = ctx_db_mode(ctx, CMD_DB_WRITE)) != 0)
		goto out;
	if ((rc = db_begin(ctx->db, &err)) != 0) {
		rc = report(&err);
		goto out;
	}
	if ((rc = db_provider_find(ctx->db, argv[optind + 1], &p, &err)) != 0)
		goto fail;
	change = json_array();
	for (i = 0; i < nets.nasns; i++) {
		rc = add ? db_provider_net_add(ctx->db, p.id, nets.asns[i],
		    NULL, now, &err) : db_provider_net_rm(ctx->db, p.id,
		    nets.asns[i], NULL, &err);
		if (rc != 0)
			goto fail;
		json_array_append_new(change, json_integer(nets.asns[i]));
	}
	for (i = 0; i < nets.nprefixes; i++) {
		rc = add ? db_provider_net_add(ctx->db, p.id, 0,
		    &nets.prefixes[i], now, &err) :
		    db_provider_net_rm(ctx->db, p.id, 0, &nets.prefixes[i],
		    &err);
		if (rc != 0)
			goto fail;
		ipnet_format(&nets.prefixes[i], text, sizeof(text));
		json_array_append_new(change, json_string(text));
	}
	rc = provider_record(ctx->db, p.id, add ? "provider.net.add" :
	    "provider.net.rm", now, change, &err);
	change = NULL;
	if (rc != 0 || (rc = db_commit(ctx->db, &err)) != 0)
		goto fail;
	if (ctx->json) {
		int64_t id = p.id;

		provider_release(&p);
		if ((rc = db_provider_get(ctx->db, id, &p, &err)) != 0) {
			rc = report(&err);
			goto out;
		}
		rc = print_provider(ctx, &p);
	} else {
		rc = DP_EX_OK;
		printf("%s %zu network%s %s provider %lld '%s'\n",
		    add ? "added" : "removed", nets.nasns + nets.nprefixes,
		    nets.nasns + nets.nprefixes == 1 ? "" : "s",
		    add ? "to" : "from", (long long)p.id, p.name);
	}
	goto out;
fail:
	json_decref(change);
	db_rollback(ctx->db);
	rc = report(&err);
out:
	provider_release(&p);
	provider_release(&nets);
	return rc;
}

/* Described by its own option loop until it moves to an entry. */
const struct cmd_entry cmd_provider_entry = {
	.name = "provider",
	.summary = "record hosting providers and their networks",
	.usage = "provider add|list|show|edit|net|resolve ...",
	.man = "depeer-provider",
	.legacy = cmd_provider,
};
