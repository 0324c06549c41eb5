/*
 * cmd_provider.c - "depeer provider add|list|show|edit|net|resolve": the
 * hosting providers under investigation and the AS numbers and prefixes
 * they hold.  Parses and prints; the writes and their audit entries are
 * provider_store.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "advice.h"
#include "buf.h"
#include "clock.h"
#include "cmd.h"
#include "db.h"
#include "exitcodes.h"
#include "provider.h"
#include "provider_store.h"
#include "refang.h"

enum { OPT_ASN = OPT_FIRST_LOCAL, OPT_PREFIX, OPT_COUNTRY, OPT_URL,
	OPT_NOTE, OPT_NAME };

/* Validate an --asn or --prefix value and add it to p's lists. */
static int
add_net_arg(struct provider *p, int is_asn, const char *arg)
{
	struct dp_err err = DP_ERR_INIT;
	struct ipnet net;
	uint32_t asn;
	char *rf;
	int rc;

	if (is_asn) {
		if (val_asn(arg, &asn, &err) != 0)
			return report(&err);
		provider_add_asn(p, asn);
	} else {
		if ((rf = refang_cidr(arg)) != NULL)
			print_refanged(arg, rf);
		rc = val_cidr(rf != NULL ? rf : arg, &net, &err);
		free(rf);
		if (rc != 0)
			return report(&err);
		provider_add_prefix(p, &net);
	}
	return 0;
}

/*
 * The --asn and --prefix options of a, in command-line order, into p's
 * lists; the first bad value is reported.
 */
static int
net_args(const struct cmd_args *a, struct provider *p)
{
	size_t i;
	int rc;

	for (i = 0; i < a->nopts; i++)
		if ((a->opts[i].id == OPT_ASN || a->opts[i].id == OPT_PREFIX) &&
		    (rc = add_net_arg(p, a->opts[i].id == OPT_ASN,
		    a->opts[i].value)) != 0)
			return rc;
	return 0;
}

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

/*
 * A provider just added to or given networks, with advice.h's warnings:
 * on stderr, and in the JSON object as "warnings".
 */
static int
print_changed(struct ctx *ctx, const struct provider *p,
    const struct advice *adv)
{
	json_t *o;

	print_advice(adv);
	if (!ctx->json)
		return DP_EX_OK;
	o = provider_to_json(p);
	json_object_set_new(o, "warnings", advice_to_json(adv));
	print_json(o);
	return DP_EX_OK;
}

/* ---- add ---- */

static int
provider_add_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct provider p = PROVIDER_INIT;
	struct advice adv = ADVICE_INIT;
	const struct cmd_arg *o;
	size_t i;
	int rc = 0;

	/* Every value is checked, in order, before the operands. */
	for (i = 0; i < a->nopts && rc == 0; i++) {
		o = &a->opts[i];
		switch (o->id) {
		case OPT_ASN:
		case OPT_PREFIX:
			rc = add_net_arg(&p, o->id == OPT_ASN, o->value);
			break;
		case OPT_COUNTRY:
		case OPT_URL:
		case OPT_NOTE:
			if (provider_set(&p, o->id == OPT_COUNTRY ?
			    PROVIDER_COUNTRY : o->id == OPT_URL ? PROVIDER_URL :
			    PROVIDER_NOTE, o->value, &err) != 0)
				rc = report(&err);
			break;
		}
	}
	if (rc != 0)
		goto out;
	if (a->argc != 1) {
		rc = cmd_usage_error(ctx, a->argc == 0 ? "'provider add' "
		    "needs a NAME" : "'provider add' takes one NAME (quote "
		    "names with spaces)");
		goto out;
	}
	if (provider_name_valid(a->argv[0], &err) != 0) {
		rc = report(&err);
		goto out;
	}
	p.name = xstrdup(a->argv[0]);
	provider_sort(&p);
	p.created_at = clock_now();
	if ((rc = ctx_db(ctx)) != 0)
		goto out;
	if (provider_create(ctx->db, &p, &err) != 0) {
		rc = report(&err);
		goto out;
	}
	/* Recorded: a failure to check now is said, not the exit status. */
	if (advice_name(ctx->db, p.name, p.id, &adv, &err) != 0 ||
	    advice_nets(ctx->db, &p, p.id, &adv, &err) != 0)
		warning("cannot check the provider: %s", err.msg);
	rc = print_changed(ctx, &p, &adv);
	if (!ctx->json)
		printf("added provider %lld '%s'\n", (long long)p.id, p.name);
out:
	provider_release(&p);
	advice_release(&adv);
	return rc;
}

static const struct cmd_entry add_entry = {
	.name = "add",
	.summary = "record a provider",
	.about = "Record a hosting provider, with the AS numbers and prefixes "
	    "it holds.",
	.usage = "add NAME [--asn N]... [--prefix CIDR]... [--country CC] "
	    "[--url URL] [--note TEXT]",
	.flags = CMD_DB_CREATE,
	.opts = (const struct cmd_opt[]){
		{ "asn", OPT_ASN, required_argument, "N",
		  "an AS number it holds (26780, AS26780 or asdot 1.10)" },
		{ "prefix", OPT_PREFIX, required_argument, "CIDR",
		  "an IPv4 or IPv6 prefix it holds" },
		{ "country", OPT_COUNTRY, required_argument, "CC",
		  "its ISO 3166 country code" },
		{ "url", OPT_URL, required_argument, "URL",
		  "its web site (http or https)" },
		{ "note", OPT_NOTE, required_argument, "TEXT",
		  "a note (several lines allowed)" },
		CMD_OPTS_END
	},
	.exec = provider_add_exec,
	.man = "depeer-provider",
};

/* ---- list ---- */

static void
list_text(const struct provider *list, size_t n)
{
	static const char *const hdr[] = { "ID", "NAME", "ASNS", "PREFIXES",
	    "COUNTRY" };
	struct table *t = table_new(5, hdr);
	size_t i, j;

	for (i = 0; i < n; i++) {
		struct buf asns = BUF_INIT, pfx = BUF_INIT;
		char id[24], text[IPNET_STRLEN];
		const char *row[5];

		for (j = 0; j < list[i].nasns; j++)
			buf_addf(&asns, "%sAS%u", j ? "," : "",
			    list[i].asns[j]);
		for (j = 0; j < list[i].nprefixes; j++) {
			ipnet_format(&list[i].prefixes[j], text, sizeof(text));
			buf_addf(&pfx, "%s%s", j ? "," : "", text);
		}
		snprintf(id, sizeof(id), "%lld", (long long)list[i].id);
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

static int
provider_list_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct provider *list = NULL;
	size_t n = 0, i;
	json_t *arr;
	int rc;

	if (a->argc != 0) {
		error("'provider list' takes no arguments");
		return DP_EX_USAGE;
	}
	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	if (db_provider_list(ctx->db, &list, &n, &err) != 0)
		return report(&err);
	if (ctx->json) {
		arr = json_array();
		for (i = 0; i < n; i++)
			json_array_append_new(arr, provider_to_json(&list[i]));
		print_json(arr);
	} else
		list_text(list, n);
	for (i = 0; i < n; i++)
		provider_release(&list[i]);
	free(list);
	return DP_EX_OK;
}

static const struct cmd_entry list_entry = {
	.name = "list",
	.summary = "list providers",
	.usage = "list [--json]",
	.flags = CMD_DB_READ,
	.exec = provider_list_exec,
	.man = "depeer-provider",
};

/* ---- show ---- */

static int
provider_show_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct provider p = PROVIDER_INIT;
	int rc;

	if (a->argc != 1)
		return cmd_usage_error(ctx, "'provider show' needs one NAME "
		    "or ID");
	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	if (db_provider_find(ctx->db, a->argv[0], &p, &err) != 0)
		return report(&err);
	rc = print_provider(ctx, &p);
	provider_release(&p);
	return rc;
}

static const struct cmd_entry show_entry = {
	.name = "show",
	.summary = "show one provider",
	.usage = "show NAME|ID [--json]",
	.flags = CMD_DB_READ,
	.exec = provider_show_exec,
	.man = "depeer-provider",
};

/* ---- edit ---- */

static int
provider_edit_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct provider p = PROVIDER_INIT;
	struct provider_edit ed;
	int rc, changed = 0;

	ed.name = args_get(a, OPT_NAME);
	ed.country = args_get(a, OPT_COUNTRY);
	ed.url = args_get(a, OPT_URL);
	ed.note = args_get(a, OPT_NOTE);
	if (a->argc != 1)
		return cmd_usage_error(ctx, "'provider edit' needs one NAME "
		    "or ID");
	if (!ed.name && !ed.country && !ed.url && !ed.note)
		return cmd_usage_error(ctx, "nothing to change: give --name, "
		    "--country, --url or --note");
	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	if (provider_update(ctx->db, a->argv[0], &ed, clock_now(), &p,
	    &changed, &err) != 0)
		return report(&err);
	if (ctx->json)
		print_provider(ctx, &p);
	else if (changed)
		printf("updated provider %lld '%s'\n", (long long)p.id,
		    p.name);
	else
		printf("provider %lld '%s' unchanged\n", (long long)p.id,
		    p.name);
	provider_release(&p);
	return DP_EX_OK;
}

static const struct cmd_entry edit_entry = {
	.name = "edit",
	.summary = "change a provider's name or details",
	.usage = "edit NAME|ID [--name NEW] [--country CC] [--url URL] "
	    "[--note TEXT]",
	.flags = CMD_DB_WRITE,
	.opts = (const struct cmd_opt[]){
		{ "name", OPT_NAME, required_argument, "NEW",
		  "its new name" },
		{ "country", OPT_COUNTRY, required_argument, "CC",
		  "its ISO 3166 country code ('' clears)" },
		{ "url", OPT_URL, required_argument, "URL",
		  "its web site ('' clears)" },
		{ "note", OPT_NOTE, required_argument, "TEXT",
		  "a note ('' clears)" },
		CMD_OPTS_END
	},
	.exec = provider_edit_exec,
	.man = "depeer-provider",
};

/* ---- net add|rm ---- */

static int
provider_net_exec(const struct cmd_args *a, struct ctx *ctx, int add)
{
	struct dp_err err = DP_ERR_INIT;
	struct provider p = PROVIDER_INIT, nets = PROVIDER_INIT;
	struct advice adv = ADVICE_INIT;
	size_t n;
	int rc;

	if ((rc = net_args(a, &nets)) != 0)
		goto out;
	if (a->argc != 1) {
		rc = cmd_usage_error(ctx, "'%s' needs one NAME or ID",
		    ctx->path);
		goto out;
	}
	if (nets.nasns + nets.nprefixes == 0) {
		rc = cmd_usage_error(ctx, "give at least one --asn or "
		    "--prefix");
		goto out;
	}
	if ((rc = ctx_db(ctx)) != 0)
		goto out;
	if (provider_net_change(ctx->db, a->argv[0], add, &nets, clock_now(),
	    &p, &err) != 0) {
		rc = report(&err);
		goto out;
	}
	n = nets.nasns + nets.nprefixes;
	if (add && advice_nets(ctx->db, &nets, p.id, &adv, &err) != 0)
		warning("cannot check the networks: %s", err.msg);
	if (ctx->json)
		rc = add ? print_changed(ctx, &p, &adv) :
		    print_provider(ctx, &p);
	else {
		rc = print_changed(ctx, &p, &adv);
		printf("%s %zu network%s %s provider %lld '%s'\n",
		    add ? "added" : "removed", n, n == 1 ? "" : "s",
		    add ? "to" : "from", (long long)p.id, p.name);
	}
out:
	provider_release(&p);
	provider_release(&nets);
	advice_release(&adv);
	return rc;
}

static int
provider_net_add_exec(const struct cmd_args *a, struct ctx *ctx)
{
	return provider_net_exec(a, ctx, 1);
}

static int
provider_net_rm_exec(const struct cmd_args *a, struct ctx *ctx)
{
	return provider_net_exec(a, ctx, 0);
}

static const struct cmd_opt net_opts[] = {
	{ "asn", OPT_ASN, required_argument, "N", "an AS number" },
	{ "prefix", OPT_PREFIX, required_argument, "CIDR",
	  "an IPv4 or IPv6 prefix" },
	CMD_OPTS_END
};

static const struct cmd_entry net_add_entry = {
	.name = "add",
	.summary = "add AS numbers and prefixes to a provider",
	.about = "Add AS numbers and prefixes to a provider, all or none.",
	.usage = "add NAME|ID (--asn N | --prefix CIDR)...",
	.flags = CMD_DB_WRITE,
	.opts = net_opts,
	.exec = provider_net_add_exec,
	.man = "depeer-provider",
};

static const struct cmd_entry net_rm_entry = {
	.name = "rm",
	.summary = "remove AS numbers and prefixes from a provider",
	.about = "Remove AS numbers and prefixes from a provider, all or "
	    "none.",
	.usage = "rm NAME|ID (--asn N | --prefix CIDR)...",
	.flags = CMD_DB_WRITE,
	.opts = net_opts,
	.exec = provider_net_rm_exec,
	.man = "depeer-provider",
};

static const struct cmd_entry net_entry = {
	.name = "net",
	.summary = "add or remove AS numbers and prefixes",
	.usage = "net add|rm NAME|ID (--asn N | --prefix CIDR)...",
	.subs = (const struct cmd_entry *const[]){ &net_add_entry,
	    &net_rm_entry, NULL },
	.man = "depeer-provider",
};

const struct cmd_entry cmd_provider_entry = {
	.name = "provider",
	.summary = "record hosting providers and their networks",
	.usage = "provider add|list|show|edit|net|resolve ...",
	.subs = (const struct cmd_entry *const[]){ &add_entry, &list_entry,
	    &show_entry, &edit_entry, &net_entry, &cmd_provider_resolve_entry, NULL },
	.man = "depeer-provider",
};
