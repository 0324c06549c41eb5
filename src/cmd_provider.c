/*
 * cmd_provider.c - "depeer provider add|list|show|edit|net|retire|merge|
 * resolve": the hosting providers under investigation and the AS numbers
 * and prefixes they hold.  Parses and prints; the writes and their audit
 * entries are provider_store.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "advice.h"
#include "buf.h"
#include "jsonout.h"
#include "clock.h"
#include "cmd.h"
#include "db.h"
#include "exitcodes.h"
#include "provider.h"
#include "provider_store.h"
#include "upstream.h"
#include "refang.h"

enum { OPT_ASN = OPT_FIRST_LOCAL, OPT_PREFIX, OPT_COUNTRY, OPT_URL,
	OPT_NOTE, OPT_NAME, OPT_ALL, OPT_REASON, OPT_INTO };

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
	printf("name:      %s\n", tx(p->name));
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
	printf("country:   %s\n", tx(p->country));
	printf("url:       %s\n", tx(p->url));
	printf("created:   %s\n", t);
	if (p->note != NULL)
		print_field("note:      ", p->note);
	if (p->retired_at != 0 && p->merged_into == 0) {
		char *r;

		fmt_time(p->retired_at, t);
		/* The reason may be several lines, as a note. */
		r = xasprintf("%s: %s", t, p->retired_reason);
		print_field("retired:   ", r);
		free(r);
	}
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
		printf("added provider %lld '%s'\n", (long long)p.id,
		    tx(p.name));
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

/* The STATUS cell of a listing: "-" for an active provider. */
static const char *
status_cell(const struct provider *p, const struct provider *list, size_t n,
    char *buf, size_t len)
{
	size_t i;

	if (p->retired_at == 0)
		return NULL;
	if (p->merged_into == 0)
		return "retired";
	for (i = 0; i < n; i++)
		if (list[i].id == p->merged_into) {
			snprintf(buf, len, "merged into %s", list[i].name);
			return buf;
		}
	snprintf(buf, len, "merged into %lld", (long long)p->merged_into);
	return buf;
}

static void
list_text(const struct provider *list, size_t n, int all)
{
	static const char *const hdr[] = { "ID", "NAME", "ASNS", "PREFIXES",
	    "COUNTRY", "STATUS" };
	struct table *t = table_new(all ? 6 : 5, hdr);
	size_t i, j;

	for (i = 0; i < n; i++) {
		struct buf asns = BUF_INIT, pfx = BUF_INIT;
		char id[24], text[IPNET_STRLEN], status[256];
		const char *row[6];

		if (!all && list[i].retired_at != 0)
			continue;
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
		row[5] = status_cell(&list[i], list, n, status,
		    sizeof(status));
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
	int all = args_has(a, OPT_ALL);
	json_t *arr;
	int rc;

	if (a->argc != 0) {
		error("'provider list' takes no arguments");
		return DP_EX_USAGE;
	}
	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	if (db_provider_list_all(ctx->db, &list, &n, &err) != 0)
		return report(&err);
	if (ctx->json) {
		arr = json_array();
		for (i = 0; i < n; i++)
			if (all || list[i].retired_at == 0)
				json_array_append_new(arr,
				    provider_to_json(&list[i]));
		print_json(arr);
	} else
		list_text(list, n, all);
	for (i = 0; i < n; i++)
		provider_release(&list[i]);
	free(list);
	return DP_EX_OK;
}

static const struct cmd_entry list_entry = {
	.name = "list",
	.summary = "list providers",
	.about = "List the providers being pursued; --all adds the retired "
	    "and merged ones, marked.",
	.usage = "list [--all] [--json]",
	.flags = CMD_DB_READ,
	.opts = (const struct cmd_opt[]){
		{ "all", OPT_ALL, no_argument, NULL,
		  "also list retired and merged providers" },
		CMD_OPTS_END
	},
	.exec = provider_list_exec,
	.man = "depeer-provider",
};

/* ---- show ---- */

/* "c2 7, spam-source 5" */
static void
print_kinds(const struct ev_summary *ev)
{
	size_t i;

	for (i = 0; i < ev->nkinds; i++)
		printf("%s%s %lld", i ? ", " : "", tx(ev->kinds[i].kind),
		    (long long)ev->kinds[i].n);
}

static void
summary_text(const struct provider *p, const struct provider_summary *s)
{
	char t1[TIME_STRLEN], t2[TIME_STRLEN];
	const struct ev_summary *ev = &s->ev;
	size_t i, j;

	if (s->merged_into != NULL) {
		fmt_time(p->retired_at, t1);
		printf("merged:    into '%s' (id %lld) on %s%s%s\n",
		    tx(s->merged_into->name), (long long)s->merged_into->id,
		    t1, p->retired_reason != NULL ? ": " : "",
		    p->retired_reason != NULL ? tx(p->retired_reason) : "");
	}
	for (i = 0; i < s->nmerged_from; i++) {
		fmt_time(s->merged_from[i].retired_at, t1);
		printf("merged in: '%s' (id %lld) on %s\n",
		    tx(s->merged_from[i].name),
		    (long long)s->merged_from[i].id,
		    t1);
	}
	printf("\nevidence:  %lld row%s", (long long)ev->rows,
	    ev->rows == 1 ? "" : "s");
	if (ev->nkinds > 0) {
		printf(" (");
		print_kinds(ev);
		printf(")");
	}
	if (ev->retracted > 0)
		printf("; %lld retracted, not counted",
		    (long long)ev->retracted);
	putchar('\n');
	if (ev->rows - ev->undated > 0) {
		fmt_time(ev->first_observed, t1);
		fmt_time(ev->last_observed, t2);
		printf("observed:  %s to %s", t1, t2);
		if (ev->undated > 0)
			printf(" (%lld undated)", (long long)ev->undated);
		putchar('\n');
	}
	if (ev->rows > 0) {
		fmt_time(ev->first_recorded, t1);
		fmt_time(ev->last_recorded, t2);
		printf("recorded:  %s to %s\n", t1, t2);
	}
	/* Complaints are summarised here once depeer records them. */
	if (s->norigins == 0)
		return;
	printf("upstreams:\n");
	for (i = 0; i < s->norigins; i++) {
		const struct provider_origin *o = &s->origins[i];

		if (o->last_run == 0) {
			printf("  AS%u: not looked up yet ('depeer upstreams "
			    "AS%u')\n", o->asn, o->asn);
			continue;
		}
		fmt_time(o->last_run, t1);
		printf("  AS%u, as of %s:%s\n", o->asn, t1,
		    o->nlinks == 0 ? " none found" : "");
		for (j = 0; j < o->nlinks; j++)
			printf("    AS%-8u %-24s confidence %.2f\n",
			    o->links[j].upstream, tx(o->links[j].name),
			    upstream_confidence_shown(o->links[j].confidence));
		if (o->ngone > 0)
			printf("    (%zu earlier link%s gone: 'depeer upstreams "
			    "AS%u --history')\n", o->ngone, o->ngone == 1 ?
			    "" : "s", o->asn);
	}
}

static json_t *
summary_json(const struct provider_summary *s)
{
	const struct ev_summary *ev = &s->ev;
	json_t *o = json_object(), *e = json_object(), *kinds = json_object(),
	    *ups = json_array(), *from = json_array(), *x, *links, *l;
	int dated = ev->rows - ev->undated > 0;
	size_t i, j;

	for (i = 0; i < ev->nkinds; i++)
		json_object_set_new(kinds, ev->kinds[i].kind,
		    json_integer(ev->kinds[i].n));
	json_object_set_new(e, "rows", json_integer(ev->rows));
	json_object_set_new(e, "kinds", kinds);
	json_object_set_new(e, "undated", json_integer(ev->undated));
	json_object_set_new(e, "first_observed",
	    json_time_or_null(dated, ev->first_observed));
	json_object_set_new(e, "last_observed",
	    json_time_or_null(dated, ev->last_observed));
	json_object_set_new(e, "first_recorded",
	    json_time_or_null(ev->rows > 0, ev->first_recorded));
	json_object_set_new(e, "last_recorded",
	    json_time_or_null(ev->rows > 0, ev->last_recorded));
	json_object_set_new(e, "retracted", json_integer(ev->retracted));
	for (i = 0; i < s->norigins; i++) {
		const struct provider_origin *or = &s->origins[i];

		links = json_array();
		for (j = 0; j < or->nlinks; j++) {
			l = json_object();
			json_object_set_new(l, "upstream",
			    json_integer(or->links[j].upstream));
			json_object_set_new(l, "name",
			    json_str_or_null(or->links[j].name));
			json_object_set_new(l, "confidence", json_real(
			    upstream_confidence_shown(
			    or->links[j].confidence)));
			json_object_set_new(l, "first_seen", json_time_or_null(
			    1, or->links[j].first_seen));
			json_object_set_new(l, "last_seen", json_time_or_null(
			    1, or->links[j].last_seen));
			json_array_append_new(links, l);
		}
		x = json_object();
		json_object_set_new(x, "origin", json_integer(or->asn));
		json_object_set_new(x, "last_run",
		    json_time_or_null(or->last_run != 0, or->last_run));
		json_object_set_new(x, "links", links);
		json_object_set_new(x, "gone", json_integer(or->ngone));
		json_array_append_new(ups, x);
	}
	for (i = 0; i < s->nmerged_from; i++) {
		x = json_object();
		json_object_set_new(x, "id",
		    json_integer(s->merged_from[i].id));
		json_object_set_new(x, "name",
		    json_string(s->merged_from[i].name));
		json_object_set_new(x, "at", json_time_or_null(1,
		    s->merged_from[i].retired_at));
		json_array_append_new(from, x);
	}
	json_object_set_new(o, "evidence", e);
	json_object_set_new(o, "upstreams", ups);
	json_object_set_new(o, "merged_from", from);
	if (s->merged_into != NULL) {
		x = json_object();
		json_object_set_new(x, "id", json_integer(s->merged_into->id));
		json_object_set_new(x, "name",
		    json_string(s->merged_into->name));
		json_object_set_new(o, "merged_into", x);
	} else
		json_object_set_new(o, "merged_into", json_null());
	return o;
}

static int
provider_show_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct provider p = PROVIDER_INIT;
	struct provider_summary s;
	json_t *o;
	int rc;

	if (a->argc != 1)
		return cmd_usage_error(ctx, "'provider show' needs one NAME "
		    "or ID");
	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	if (provider_show(ctx->db, a->argv[0], &p, &s, &err) != 0)
		return report(&err);
	if (ctx->json) {
		o = provider_to_json(&p);
		json_object_set_new(o, "summary", summary_json(&s));
		print_json(o);
	} else {
		print_provider(ctx, &p);
		summary_text(&p, &s);
	}
	provider_summary_release(&s);
	provider_release(&p);
	return DP_EX_OK;
}

static const struct cmd_entry show_entry = {
	.name = "show",
	.summary = "show one provider and its case at a glance",
	.about = "Show one provider (retired and merged ones too) with a "
	    "summary of its case: evidence by kind and time span, and the "
	    "upstreams of each of its AS numbers as of the latest "
	    "'depeer upstreams' run.",
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
	struct advice adv = ADVICE_INIT;
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
	/* A new name may look like another's, as with provider add. */
	if (ed.name != NULL && changed &&
	    advice_name(ctx->db, p.name, p.id, &adv, &err) != 0)
		warning("cannot check the provider: %s", err.msg);
	if (ctx->json)
		print_changed(ctx, &p, &adv);
	else if (changed)
		printf("updated provider %lld '%s'\n", (long long)p.id,
		    tx(p.name));
	else
		printf("provider %lld '%s' unchanged\n", (long long)p.id,
		    tx(p.name));
	if (!ctx->json)
		print_advice(&adv);
	provider_release(&p);
	advice_release(&adv);
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
		    add ? "to" : "from", (long long)p.id, tx(p.name));
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

/* ---- retire ---- */

static int
provider_retire_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct provider p = PROVIDER_INIT;
	const char *reason = args_get(a, OPT_REASON);
	int rc;

	if (a->argc != 1)
		return cmd_usage_error(ctx, "'provider retire' needs one NAME "
		    "or ID");
	if (reason == NULL)
		return cmd_usage_error(ctx, "'provider retire' needs --reason "
		    "TEXT: say why the provider is no longer pursued");
	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	if (provider_retire(ctx->db, a->argv[0], reason, clock_now(), &p,
	    &err) != 0)
		return report(&err);
	if (ctx->json)
		rc = print_provider(ctx, &p);
	else
		printf("retired provider %lld '%s'\n", (long long)p.id,
		    tx(p.name));
	provider_release(&p);
	return rc;
}

static const struct cmd_entry retire_entry = {
	.name = "retire",
	.summary = "stop pursuing a provider, keeping its record",
	.about = "Retire a provider that is no longer pursued or was recorded "
	    "by mistake: it stays in the case with its networks, evidence and "
	    "audit entries, and leaves the default listings.",
	.usage = "retire NAME|ID --reason TEXT",
	.flags = CMD_DB_WRITE,
	.opts = (const struct cmd_opt[]){
		{ "reason", OPT_REASON, required_argument, "TEXT",
		  "why (required; kept in the audit log)" },
		CMD_OPTS_END
	},
	.exec = provider_retire_exec,
	.man = "depeer-provider",
};

/* ---- merge ---- */

static int
provider_merge_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct provider dup = PROVIDER_INIT, into = PROVIDER_INIT;
	struct provider_merge_result res;
	const char *target = args_get(a, OPT_INTO);
	json_t *o, *m;
	int rc;

	if (a->argc != 1)
		return cmd_usage_error(ctx, "'provider merge' needs one "
		    "DUPLICATE (a NAME or ID)");
	if (target == NULL)
		return cmd_usage_error(ctx, "'provider merge' needs --into "
		    "the provider to keep");
	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	if (provider_merge(ctx->db, a->argv[0], target, args_get(a,
	    OPT_REASON), clock_now(), &dup, &into, &res, &err) != 0)
		return report(&err);
	if (ctx->json) {
		m = json_object();
		json_object_set_new(m, "evidence_rows", json_integer(res.rows));
		json_object_set_new(m, "networks", json_integer(res.nets));
		json_object_set_new(m, "networks_held",
		    json_integer(res.nets_held));
		o = json_object();
		json_object_set_new(o, "merged", provider_to_json(&dup));
		json_object_set_new(o, "into", provider_to_json(&into));
		json_object_set_new(o, "moved", m);
		print_json(o);
	} else
		printf("merged provider %lld '%s' into %lld '%s': %lld "
		    "evidence row%s and %zu network%s moved\n",
		    (long long)dup.id, tx(dup.name), (long long)into.id,
		    tx(into.name),
		    (long long)res.rows, res.rows == 1 ? "" : "s",
		    res.nets + res.nets_held, res.nets + res.nets_held == 1 ?
		    "" : "s");
	provider_release(&dup);
	provider_release(&into);
	return DP_EX_OK;
}

static const struct cmd_entry merge_entry = {
	.name = "merge",
	.summary = "fold a duplicate provider into the real one",
	.about = "Fold a look-alike duplicate into the real provider, all or "
	    "nothing: its networks and evidence become the real one's, and "
	    "the duplicate stays in the case, retired, pointing to it.",
	.usage = "merge DUPLICATE --into NAME|ID [--reason TEXT]",
	.flags = CMD_DB_WRITE,
	.opts = (const struct cmd_opt[]){
		{ "into", OPT_INTO, required_argument, "NAME|ID",
		  "the provider to keep (required)" },
		{ "reason", OPT_REASON, required_argument, "TEXT",
		  "why (kept in the audit log)" },
		CMD_OPTS_END
	},
	.exec = provider_merge_exec,
	.man = "depeer-provider",
};

/* ---- rm, delete, remove: refused ---- */

static int
provider_rm_exec(const struct cmd_args *a, struct ctx *ctx)
{
	(void)a;
	error("'%s': a case is append-only, so providers are never deleted "
	    "(their audit entries and evidence must keep meaning what they "
	    "said); use 'depeer provider retire NAME --reason TEXT' to stop "
	    "pursuing one, or 'depeer provider merge DUPLICATE --into NAME' "
	    "to fold a duplicate into the real one", ctx->path);
	return DP_EX_USAGE;
}

#define RM_ENTRY(n) { \
	.name = n, \
	.summary = "refused: see retire and merge", \
	.about = "Refused: a case is append-only.  Use 'provider retire' " \
	    "or 'provider merge'.", \
	.usage = n " NAME|ID", \
	.exec = provider_rm_exec, \
	.man = "depeer-provider", \
}
static const struct cmd_entry rm_entry = RM_ENTRY("rm");
static const struct cmd_entry delete_entry = RM_ENTRY("delete");
static const struct cmd_entry remove_entry = RM_ENTRY("remove");

const struct cmd_entry cmd_provider_entry = {
	.name = "provider",
	.summary = "record hosting providers and their networks",
	.usage = "provider add|list|show|edit|net|retire|merge|resolve ...",
	.subs = (const struct cmd_entry *const[]){ &add_entry, &list_entry,
	    &show_entry, &edit_entry, &net_entry, &retire_entry, &merge_entry,
	    &cmd_provider_resolve_entry, &rm_entry, &delete_entry,
	    &remove_entry, NULL },
	.man = "depeer-provider",
};
