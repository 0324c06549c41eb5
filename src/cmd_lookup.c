/*
 * cmd_lookup.c - "depeer lookup" (an address, prefix or AS number through
 * the registries) and "depeer source show" (a stored registry answer).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include "cmd.h"
#include "cmd_lookup.h"
#include "config.h"
#include "db.h"
#include "embedded.h"
#include "evidence.h"
#include "exitcodes.h"
#include "jsonout.h"
#include "lookup.h"
#include "provider.h"
#include "rdap.h"

/* --ttl not given: the configuration's. */
#define TTL_UNSET	(-1)

static const struct cmd lookup_cmd = {
	"lookup", NULL, "Resolve an address, a CIDR prefix or an AS number "
	"(or, with --bulk, a file of them, one a line) through the "
	"registries: holder, origin ASNs, abuse contacts, and the record "
	"behind each fact.",
	"lookup QUERY [--source whois|rdap|cymru|ripestat|irr|all]... "
	"[--refresh] [--ttl SECONDS] [--raw] [--json]\n"
	"lookup --bulk FILE|- [--source ...]... [--exact] [--refresh] "
	"[--ttl SECONDS] [--json]"
};

enum { OPT_SOURCE = OPT_FIRST_LOCAL, OPT_REFRESH, OPT_TTL, OPT_RAW,
    OPT_BULK, OPT_EXACT };

/* The configured endpoints; the real services until lookup_config(). */
static struct lk_endpoints configured;
static const struct lk_endpoints *current = &lk_default_endpoints;
static char host_names[4][256];		/* configured's WHOIS hosts */
static char cymru_label_buf[300] = "whois.cymru.com:43";

/* A host key of the configuration, split once into h (port 43 unless
   given). */
static void
set_host(const struct ctx *ctx, const char *key, struct lk_host *h,
    char name[256])
{
	char *s = config_host(ctx->config, key, &h->port);

	snprintf(name, 256, "%s", s);
	free(s);
	h->name = name;
	if (h->port == 0)
		h->port = 43;
}

int
lookup_config(struct ctx *ctx)
{
	int rc;

	if ((rc = ctx_config(ctx)) != 0)
		return rc;
	set_host(ctx, "whois_server", &configured.whois, host_names[0]);
	set_host(ctx, "cymru_server", &configured.cymru, host_names[1]);
	set_host(ctx, "cymru_peer_server", &configured.cymru_peer,
	    host_names[2]);
	set_host(ctx, "irr_server", &configured.irr, host_names[3]);
	configured.ripestat = config_get(ctx->config, "ripestat_url");
	configured.sourceapp = config_get(ctx->config, "sourceapp");
	current = &configured;
	snprintf(cymru_label_buf, sizeof(cymru_label_buf), "%s:%d",
	    configured.cymru.name, configured.cymru.port);
	return 0;
}

long long
default_ttl(const struct ctx *ctx)
{
	return config_int(ctx->config, "ttl");
}

const struct lk_endpoints *
endpoints(void)
{
	return current;
}

const char *
cymru_label(void)
{
	return cymru_label_buf;
}

struct net *
open_net(struct ctx *ctx, int *rc)
{
	struct dp_err err = DP_ERR_INIT;
	struct net_config cfg;
	struct net *net;

	if (config_net(ctx->config, &cfg, &err) != 0 ||
	    (net = net_new(&cfg, &err)) == NULL) {
		*rc = report(&err);
		return NULL;
	}
	return net;
}

/* --ttl SECONDS: how old a stored answer may be. */
static int
parse_ttl(const char *arg, long long *ttl)
{
	char *end;

	errno = 0;
	*ttl = strtoll(arg, &end, 10);
	if (*arg == '\0' || *end != '\0' || errno != 0 || *ttl < 0)
		return error("--ttl '%s': expected seconds", arg);
	return 0;
}

/*
 * The options of a command that asks the registries about one argument:
 * --refresh, --ttl and the common ones; what names the argument in the
 * message when it is missing.  Returns -1 to go on (optind at the
 * argument), or the status to exit with.
 */
static int
fresh_opts(int argc, char **argv, struct ctx *ctx, const struct cmd *c,
    const char *what, int *refresh, long long *ttl)
{
	static const struct option longopts[] = {
		{ "refresh", no_argument, NULL, OPT_REFRESH },
		{ "ttl", required_argument, NULL, OPT_TTL },
		COMMON_LONGOPTS, { NULL, 0, NULL, 0 }
	};
	int opt, rc;

	while ((opt = dp_getopt(argc, argv, "h", longopts)) != -1) {
		switch (opt) {
		case OPT_REFRESH:
			*refresh = 1;
			break;
		case OPT_TTL:
			if (parse_ttl(optarg, ttl) != 0)
				return DP_EX_USAGE;
			break;
		default:
			if ((rc = common_opt(opt, ctx, c, NULL)) >= 0)
				return rc;
		}
	}
	if (argc - optind != 1) {
		error("'%s' needs %s", c->name, what);
		print_usage(stderr, c, NULL);
		return DP_EX_USAGE;
	}
	if ((rc = lookup_config(ctx)) != 0)
		return rc;
	if (*ttl == TTL_UNSET)
		*ttl = default_ttl(ctx);
	return -1;
}

static const char *const bootstrap_names[3] = {
	"asn.json", "ipv4.json", "ipv6.json"
};

/* The configured URL of IANA's bootstrap file i, and its host. */
static char *
bootstrap_url(const struct ctx *ctx, size_t i, char host[256])
{
	char *url = xasprintf("%s%s", config_get(ctx->config,
	    "rdap_bootstrap_url"), bootstrap_names[i]);

	if (lk_url_host(url, host) != 0)
		die("rdap_bootstrap_url '%s' was not checked", url);
	return url;
}

int
load_bootstrap(struct ctx *ctx, struct rdap_bootstrap *b)
{
	const struct embedded_file *f;
	struct dp_err err = DP_ERR_INIT;
	struct source s[3];
	const char *data[3];
	size_t len[3], i;
	char *url, host[256];
	int rc, found;

	memset(s, 0, sizeof(s));
	for (i = 0; i < 3; i++) {
		url = bootstrap_url(ctx, i, host);
		found = ctx->db != NULL && db_source_cached(ctx->db, "rdap",
		    host, url, 0, &s[i], NULL) == 0;
		free(url);
		if (found) {
			data[i] = s[i].content;
			len[i] = s[i].size;
			continue;
		}
		f = embedded_find(rdap_bootstrap_files,
		    rdap_bootstrap_files_count, bootstrap_names[i]);
		if (f == NULL)
			die("the RDAP bootstrap files are not built in");
		data[i] = f->data;
		len[i] = f->size;
	}
	rdap_bootstrap_init(b);
	rc = rdap_bootstrap_load(b, data[0], len[0], data[1], len[1], data[2],
	    len[2], &err);
	for (i = 0; i < 3; i++)
		source_release(&s[i]);
	return rc != 0 ? report(&err) : 0;
}

static void
print_human(const struct lookup *l, json_t *o, int raw, struct db *db)
{
	json_t *v, *e;
	size_t i;
	const char *keys[] = { "netname", "handle", "org", "country", "rir" };

	printf("query:       %s (%s)\n", l->input,
	    json_string_value(json_object_get(o, "type")));
	v = json_object_get(o, "prefixes");
	if (json_array_size(v) > 0) {
		printf("prefixes:   ");
		json_array_foreach(v, i, e)
			printf(" %s", json_string_value(e));
		putchar('\n');
	}
	if ((v = json_object_get(o, "range")) != NULL && json_is_object(v))
		printf("range:       %s - %s\n",
		    json_string_value(json_object_get(v, "start")),
		    json_string_value(json_object_get(v, "end")));
	v = json_object_get(o, "origin_asns");
	if (json_array_size(v) > 0) {
		printf("origin:     ");
		json_array_foreach(v, i, e)
			printf(" AS%lld", (long long)json_integer_value(e));
		putchar('\n');
	}
	for (i = 0; i < ARRAY_SIZE(keys); i++)
		if ((v = json_object_get(o, keys[i])) != NULL &&
		    json_is_string(v)) {
			char label[16];

			snprintf(label, sizeof(label), "%s:", keys[i]);
			printf("%-12s %s\n", label, json_string_value(v));
		}
	for (i = 0; i < l->ncontacts; i++) {
		const struct lk_contact *c = &l->contacts[i];

		printf("%-12s %s", i == 0 ? "contacts:" : "", c->email);
		printf("  [%s%s%s", reg_role_name(c->role), c->via ? ", " : "",
		    c->via ? c->via : "");
		if (c->src >= 0 && l->src[c->src].id != 0)
			printf(", source %lld", (long long)l->src[c->src].id);
		printf("]\n");
	}
	if (l->ncontacts == 0)
		printf("contacts:    (none found)\n");
	for (i = 0; i < l->nsrc; i++) {
		char t[TIME_STRLEN];

		fmt_time(l->src[i].fetched_at, t);
		char *q = xstrdup(l->src[i].query), *p;

		/* Team Cymru's bulk query spans lines: show it on one. */
		for (p = q; *p != '\0'; p++)
			if (*p == '\r' || *p == '\n')
				*p = ' ';
		printf("%-12s %-5lld %s %s '%s'  %s%s\n", i == 0 ?
		    "sources:" : "", (long long)l->src[i].id, l->src[i].protocol,
		    l->src[i].server, q, t,
		    l->src[i].batch < 0 ? " (cached)" : "");
		free(q);
	}
	for (i = 0; i < l->nwarnings; i++)
		printf("%-12s %s\n", i == 0 ? "warnings:" : "",
		    l->warnings[i]);
	if (!raw)
		return;
	for (i = 0; i < l->nsrc; i++) {
		struct source s;
		struct dp_err err = DP_ERR_INIT;

		if (db_source_get(db, l->src[i].id, &s, &err) != 0)
			continue;
		printf("\n--- source %lld: %s %s '%s'\n", (long long)s.id,
		    s.protocol, s.server, s.query);
		fwrite(s.content, 1, s.size, stdout);
		if (s.size > 0 && s.content[s.size - 1] != '\n')
			putchar('\n');
		source_release(&s);
	}
}

/*
 * Run one lookup to its end: the case database opened (created), the
 * bootstrap loaded, the registries asked or the store read (per refresh
 * and ttl), the new answers stored and the contacts ranked.  Returns a
 * setup failure's status (printed; nothing was asked), else 0 with
 * *stored the status of storing the answers (printed when not 0).
 */
static int
run_one(struct ctx *ctx, struct lookup *l, int refresh, long long ttl,
    int *stored)
{
	struct dp_err err = DP_ERR_INIT;
	struct rdap_bootstrap boot;
	struct net *net;
	int rc;

	l->ep = endpoints();
	if ((rc = ctx_db_mode(ctx, CMD_DB_CREATE)) != 0 ||
	    (rc = load_bootstrap(ctx, &boot)) != 0)
		return rc;
	l->db = refresh || ttl == 0 ? NULL : ctx->db;
	l->not_before = time(NULL) - ttl;
	if ((net = open_net(ctx, &rc)) == NULL) {
		rdap_bootstrap_release(&boot);
		return rc;
	}
	lookup_start(l, net, &boot);
	net_run(net, NULL, NULL);
	l->db = ctx->db;
	if ((*stored = lookup_store(l, &err)) != 0)
		report(&err);
	lookup_finish(l);
	net_free(net);
	rdap_bootstrap_release(&boot);
	return 0;
}

static int
cmd_lookup(int argc, char **argv, struct ctx *ctx)
{
	static const struct option longopts[] = {
		{ "bulk", required_argument, NULL, OPT_BULK },
		{ "exact", no_argument, NULL, OPT_EXACT },
		{ "raw", no_argument, NULL, OPT_RAW },
		{ "refresh", no_argument, NULL, OPT_REFRESH },
		{ "source", required_argument, NULL, OPT_SOURCE },
		{ "ttl", required_argument, NULL, OPT_TTL },
		COMMON_LONGOPTS, { NULL, 0, NULL, 0 }
	};
	struct dp_err err = DP_ERR_INIT;
	struct lookup l;
	unsigned want = 0, bit;
	long long ttl = TTL_UNSET;
	int opt, rc, refresh = 0, raw = 0, exact = 0, stored;
	const char *bulk = NULL;
	json_t *o;

	while ((opt = dp_getopt(argc, argv, "h", longopts)) != -1) {
		switch (opt) {
		case OPT_BULK: bulk = optarg; break;
		case OPT_EXACT: exact = 1; break;
		case OPT_RAW: raw = 1; break;
		case OPT_REFRESH: refresh = 1; break;
		case OPT_SOURCE:
			if ((bit = lookup_source_bit(optarg)) == 0) {
				error("--source '%s': expected whois, rdap, "
				    "cymru, ripestat, irr or all", optarg);
				return DP_EX_USAGE;
			}
			want |= bit;
			break;
		case OPT_TTL:
			if (parse_ttl(optarg, &ttl) != 0)
				return DP_EX_USAGE;
			break;
		default:
			if ((rc = common_opt(opt, ctx, &lookup_cmd, NULL)) >= 0)
				return rc;
		}
	}
	if ((bulk != NULL && (argc - optind != 0 || raw)) ||
	    (bulk == NULL && argc - optind != 1) || (bulk == NULL && exact)) {
		if (exact && bulk == NULL)
			error("--exact is for 'lookup --bulk'");
		else if (bulk == NULL)
			error("'lookup' needs one address, prefix or AS "
			    "number");
		else
			error("'lookup --bulk' takes its indicators from the "
			    "file%s", raw ? ", and has no --raw" : "");
		print_usage(stderr, &lookup_cmd, NULL);
		return DP_EX_USAGE;
	}
	if ((rc = lookup_config(ctx)) != 0)
		return rc;
	if (ttl == TTL_UNSET)
		ttl = default_ttl(ctx);
	if (bulk != NULL)	/* origin AS and abuse contact by default */
		return lookup_bulk(ctx, bulk, want != 0 ? want : LK_WHOIS |
		    LK_CYMRU, refresh, ttl, exact);
	if (want == 0)
		want = LK_ALL;
	if (lookup_init(&l, argv[optind], want, &err) != 0)
		return report(&err);
	if ((rc = run_one(ctx, &l, refresh, ttl, &stored)) != 0) {
		lookup_release(&l);
		return rc;
	}
	rc = stored;
	o = lookup_to_json(&l);
	if (rc == 0 && l.answered == 0) {
		/* No registry's answer could be read: the warnings say why. */
		rc = l.worst_rc != 0 ? l.worst_rc : DP_EX_UNAVAILABLE;
	}
	if (ctx->json)
		print_json(json_incref(o));
	else
		print_human(&l, o, raw, ctx->db);
	if (rc != 0 && l.answered == 0)
		error("no registry answered for %s", l.value);
	json_decref(o);
	lookup_release(&l);
	return rc;
}

static int source_show(int, char **, struct ctx *);

static const struct cmd source_show_cmd = {
	"show", source_show, "Print a stored registry answer byte for byte, with "
	"whom depeer asked, what, and when.", "source show ID [--json]"
};

static int
cmd_source(int argc, char **argv, struct ctx *ctx)
{
	return run_subcmd("source", &source_show_cmd, 1, argc - 1, argv + 1,
	    ctx);
}

static int
source_show(int argc, char **argv, struct ctx *ctx)
{
	static const struct option longopts[] = {
		COMMON_LONGOPTS, { NULL, 0, NULL, 0 }
	};
	struct dp_err err = DP_ERR_INIT;
	struct source s;
	char t[TIME_STRLEN], *end;
	long long id;
	json_t *v;
	int opt, rc;

	while ((opt = dp_getopt(argc, argv, "h", longopts)) != -1)
		if ((rc = common_opt(opt, ctx, &source_show_cmd, NULL)) >= 0)
			return rc;
	if (argc - optind != 1) {
		error("'source show' needs one ID");
		return DP_EX_USAGE;
	}
	errno = 0;
	id = strtoll(argv[optind], &end, 10);
	if (*argv[optind] == '\0' || *end != '\0' || errno != 0 || id <= 0) {
		error("'%s' is not a source id", argv[optind]);
		return DP_EX_USAGE;
	}
	if ((rc = ctx_db_mode(ctx, CMD_DB_WRITE)) != 0)
		return rc;
	if (db_source_get(ctx->db, id, &s, &err) != 0)
		return report(&err);
	if (ctx->json) {
		json_t *o = source_to_json(&s);

		json_object_set_new(o, "status", s.has_status ?
		    json_integer(s.status) : json_null());
		v = json_stringn(s.content, s.size);
		/* Bytes that are not UTF-8 cannot be a JSON string. */
		json_object_set_new(o, "content", v != NULL ? v :
		    json_null());
		print_json(o);
	} else {
		fmt_time(s.fetched_at, t);
		printf("%% source %lld: %s %s\n%% query: %s\n%% fetched: %s\n"
		    "%% sha256: %s (%zu bytes)\n", (long long)s.id,
		    s.protocol, s.server, s.query, t, s.sha256, s.size);
		fwrite(s.content, 1, s.size, stdout);
	}
	source_release(&s);
	return DP_EX_OK;
}

/* ---- upstreams ---- */

static const struct cmd upstreams_cmd = {
	"upstreams", NULL, "Find the upstream transit providers of a "
	"provider's origin ASes, with their abuse contacts and the registry "
	"records behind each link.",
	"upstreams PROVIDER|ASN [--refresh] [--ttl SECONDS] [--json]"
};

/* At most this many upstreams of one origin get their contacts looked up. */
#define MAX_UPSTREAMS	10

/* Look an ASN up (name and abuse contacts), sharing the loop and cache. */
static struct lookup *
asn_lookup(uint32_t asn, struct ctx *ctx, int refresh, int64_t not_before)
{
	struct lookup *l = xcalloc(1, sizeof(*l));
	struct dp_err err = DP_ERR_INIT;
	char q[16];

	snprintf(q, sizeof(q), "AS%u", asn);
	if (lookup_init(l, q, LK_WHOIS | LK_RDAP, &err) != 0)
		die("cannot look up %s: %s", q, err.msg);
	l->ep = endpoints();
	l->db = refresh || not_before > time(NULL) ? NULL : ctx->db;
	l->not_before = not_before;
	return l;
}

/* The AS name a lookup found: WHOIS or RDAP "name". */
static const char *
asn_name(const struct lookup *l)
{
	if (l->whois.rec.kind != REG_NONE && l->whois.rec.name != NULL)
		return l->whois.rec.name;
	return l->rdap.name;
}

static int
record_upstreams(struct ctx *ctx, struct lookup *o, struct lookup **about,
    json_t *out, struct dp_err *err)
{
	int64_t now = time(NULL), id, first;
	json_t *arr = json_array(), *u, *ev, *e, *em;
	char t[TIME_STRLEN];
	size_t i, k, n = o->nups < MAX_UPSTREAMS ? o->nups : MAX_UPSTREAMS;
	int rc;

	if ((rc = db_begin(ctx->db, err)) != 0)
		return rc;
	for (i = 0; i < n; i++) {
		const struct lk_upstream *up = &o->ups[i];
		const char *name = about[i] != NULL ? asn_name(about[i]) :
		    NULL;

		if ((rc = db_upstream_seen(ctx->db, o->asn, up->asn, name,
		    up->confidence, now, &id, &first, err)) != 0)
			goto fail;
		ev = json_array();
		for (k = 0; k < up->nev; k++) {
			const struct lk_ev *x = &up->ev[k];
			int64_t sid = x->src >= 0 ? o->src[x->src].id : 0;

			if (sid != 0 && (rc = db_upstream_evidence(ctx->db, id,
			    sid, x->method, x->detail, now, err)) != 0)
				goto fail;
			e = json_object();
			json_object_set_new(e, "source", sid ?
			    json_integer(sid) : json_null());
			json_object_set_new(e, "method",
			    json_string(x->method));
			json_object_set_new(e, "detail",
			    json_string(x->detail));
			json_array_append_new(ev, e);
		}
		em = json_array();
		for (k = 0; about[i] != NULL && k < about[i]->ncontacts; k++)
			if (about[i]->contacts[k].role == ROLE_ABUSE)
				json_array_append_new(em, json_string(
				    about[i]->contacts[k].email));
		u = json_object();
		json_object_set_new(u, "asn", json_integer(up->asn));
		json_object_set_new(u, "name", json_str_or_null(name));
		json_object_set_new(u, "abuse_emails", em);
		json_object_set_new(u, "confidence",
		    json_real((double)(int)(up->confidence * 100 + 0.5) /
		    100));
		fmt_time(first, t);
		json_object_set_new(u, "first_seen", json_string(t));
		fmt_time(now, t);
		json_object_set_new(u, "last_seen", json_string(t));
		json_object_set_new(u, "evidence", ev);
		json_array_append_new(arr, u);
	}
	if ((rc = db_commit(ctx->db, err)) != 0)
		goto fail;
	json_object_set_new(out, "upstreams", arr);
	return 0;
fail:
	db_rollback(ctx->db);
	json_decref(arr);
	return rc;
}

static void
print_upstreams(json_t *doc)
{
	json_t *origins = json_object_get(doc, "origins"), *o, *u, *x;
	size_t i, j, k;

	printf("%s\n", json_string_value(json_object_get(doc, "query")));
	json_array_foreach(origins, i, o) {
		printf("\norigin AS%lld%s%s\n", (long long)json_integer_value(
		    json_object_get(o, "asn")), json_is_string(
		    json_object_get(o, "name")) ? " " : "", json_is_string(
		    json_object_get(o, "name")) ? json_string_value(
		    json_object_get(o, "name")) : "");
		if (json_array_size(json_object_get(o, "upstreams")) == 0)
			printf("  no upstream found\n");
		json_array_foreach(json_object_get(o, "upstreams"), j, u) {
			printf("  AS%-8lld %-24s confidence %.2f\n",
			    (long long)json_integer_value(json_object_get(u,
			    "asn")), json_is_string(json_object_get(u,
			    "name")) ? json_string_value(json_object_get(u,
			    "name")) : "-", json_real_value(json_object_get(u,
			    "confidence")));
			json_array_foreach(json_object_get(u, "abuse_emails"),
			    k, x)
				printf("    abuse: %s\n", json_string_value(x));
			json_array_foreach(json_object_get(u, "evidence"), k,
			    x) {
				json_t *sid = json_object_get(x, "source");

				printf("    %s: %s", json_string_value(
				    json_object_get(x, "method")),
				    json_string_value(json_object_get(x,
				    "detail")));
				if (json_is_integer(sid))
					printf(" (source %lld)", (long long)
					    json_integer_value(sid));
				putchar('\n');
			}
		}
		json_array_foreach(json_object_get(o, "warnings"), j, x)
			printf("  warning: %s\n", json_string_value(x));
	}
}

static int
cmd_upstreams(int argc, char **argv, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct provider p = PROVIDER_INIT;
	struct rdap_bootstrap boot;
	struct net *net = NULL;
	struct lookup **origins = NULL, ***about = NULL;
	uint32_t *asns = NULL, one;
	size_t nasns = 0, i, k;
	long long ttl = TTL_UNSET;
	int64_t not_before;
	char peer[IPNET_STRLEN] = "";
	json_t *doc = NULL, *arr;
	int rc, refresh = 0, answered = 0;

	if ((rc = fresh_opts(argc, argv, ctx, &upstreams_cmd,
	    "a provider or an AS number", &refresh, &ttl)) >= 0)
		return rc;
	if ((rc = ctx_db_mode(ctx, CMD_DB_CREATE)) != 0)
		return rc;
	/* A provider by name or id first; else an AS number. */
	rc = db_provider_find(ctx->db, argv[optind], &p, &err);
	if (rc == 0) {
		if (p.nasns == 0) {
			error("provider '%s' has no AS numbers; add them with "
			    "'depeer provider net add %s --asn N'", p.name,
			    p.name);
			provider_release(&p);
			return DP_EX_DATAERR;
		}
		asns = xcalloc(p.nasns, sizeof(*asns));
		memcpy(asns, p.asns, p.nasns * sizeof(*asns));
		nasns = p.nasns;
		/*
		 * Team Cymru's peers are asked for an address the provider
		 * holds (its first IPv4 prefix's first host; the service is
		 * IPv4 only), and only when the provider has one AS: with
		 * several, the peers of that address belong to whichever AS
		 * announces it, which is not known here.
		 */
		for (k = 0; p.nasns == 1 && k < p.nprefixes; k++) {
			struct ipnet h = p.prefixes[k];

			if (h.family != AF_INET)
				continue;
			h.addr[3] |= 1;
			ipnet_format_addr(&h, peer, sizeof(peer));
			break;
		}
		} else if (rc == DP_EX_NOINPUT &&
	    val_asn(argv[optind], &one, NULL) == 0) {
		asns = xcalloc(1, sizeof(*asns));
		asns[0] = one;
		nasns = 1;
	} else {
		const char *a = argv[optind];

		if (rc == DP_EX_NOINPUT && (strncasecmp(a, "AS", 2) == 0 ||
		    (*a >= '0' && *a <= '9')))
			/* It looks like an AS number: say what is wrong. */
			rc = val_asn(a, &one, &err);
		else if (rc == DP_EX_NOINPUT)
			dp_fail(&err, rc, "'%s' is neither a provider nor an "
			    "AS number (see 'depeer provider list')", a);
		return report(&err);
	}
	if ((rc = load_bootstrap(ctx, &boot)) != 0)
		goto out_nonet;
	if ((net = open_net(ctx, &rc)) == NULL) {
		rdap_bootstrap_release(&boot);
		goto out_nonet;
	}
	/* --ttl 0: ask again (times are whole seconds). */
	not_before = ttl == 0 ? time(NULL) + 1 : time(NULL) - ttl;
	/* Round one: each origin's name, neighbours, policy and peers. */
	origins = xcalloc(nasns, sizeof(*origins));
	about = xcalloc(nasns, sizeof(*about));
	for (i = 0; i < nasns; i++) {
		origins[i] = asn_lookup(asns[i], ctx, refresh, not_before);
		origins[i]->want = LK_WHOIS;
		lookup_want_upstreams(origins[i], peer[0] ? peer : NULL);
		lookup_start(origins[i], net, &boot);
	}
	net_run(net, NULL, NULL);
	/* Round two: name and abuse contacts of each upstream found. */
	for (i = 0; i < nasns; i++) {
		lookup_upstreams_score(origins[i]);
		about[i] = xcalloc(MAX_UPSTREAMS, sizeof(**about));
		for (k = 0; k < origins[i]->nups && k < MAX_UPSTREAMS; k++) {
			about[i][k] = asn_lookup(origins[i]->ups[k].asn, ctx,
			    refresh, not_before);
			lookup_start(about[i][k], net, &boot);
		}
	}
	net_run(net, NULL, NULL);
	doc = json_object();
	json_object_set_new(doc, "query", json_string(argv[optind]));
	json_object_set_new(doc, "provider", json_str_or_null(p.name));
	arr = json_array();
	rc = 0;
	for (i = 0; i < nasns && rc == 0; i++) {
		json_t *o = json_object(), *w = json_array();
		size_t j;

		answered += origins[i]->answered;
		/* --refresh only bypasses the store when asking. */
		origins[i]->db = ctx->db;
		if ((rc = lookup_store(origins[i], &err)) != 0)
			break;
		for (k = 0; k < MAX_UPSTREAMS && about[i][k] != NULL; k++) {
			about[i][k]->db = ctx->db;
			if ((rc = lookup_store(about[i][k], &err)) != 0)
				break;
			lookup_finish(about[i][k]);
			for (j = 0; j < about[i][k]->nwarnings; j++)
				json_array_append_new(w, json_sprintf("AS%u: "
				    "%s", about[i][k]->asn,
				    about[i][k]->warnings[j]));
		}
		if (rc != 0)
			break;
		json_object_set_new(o, "asn", json_integer(asns[i]));
		json_object_set_new(o, "name",
		    json_str_or_null(asn_name(origins[i])));
		if (rc != 0 || (rc = record_upstreams(ctx, origins[i],
		    about[i], o, &err)) != 0) {
			json_decref(o);
			json_decref(w);
			break;
		}
		for (k = 0; k < origins[i]->nwarnings; k++)
			json_array_insert_new(w, k,
			    json_string(origins[i]->warnings[k]));
		json_object_set_new(o, "warnings", w);
		json_array_append_new(arr, o);
	}
	json_object_set_new(doc, "origins", arr);
	if (rc != 0)
		report(&err);
	else if (answered == 0) {
		rc = DP_EX_UNAVAILABLE;
		error("no registry answered for '%s'", argv[optind]);
	}
	if (rc == 0 || rc == DP_EX_UNAVAILABLE) {
		if (ctx->json)
			print_json(json_incref(doc));
		else
			print_upstreams(doc);
	}
	json_decref(doc);
	for (i = 0; i < nasns; i++) {
		for (k = 0; about[i] != NULL && k < MAX_UPSTREAMS; k++)
			if (about[i][k] != NULL) {
				lookup_release(about[i][k]);
				free(about[i][k]);
			}
		free(about[i]);
		lookup_release(origins[i]);
		free(origins[i]);
	}
	free(about);
	free(origins);
	net_free(net);
	rdap_bootstrap_release(&boot);
out_nonet:
	free(asns);
	provider_release(&p);
	return rc;
}

/* ---- contacts ---- */

static const struct cmd contacts_cmd = {
	"contacts", NULL, "The abuse contacts of an AS number or an address, "
	"ranked by the registries' own roles, each with the record it came "
	"from.", "contacts ASN|IP [--refresh] [--ttl SECONDS] [--json]"
};

/*
 * RFC 2142's abuse@<domain>, for the domains of the addresses found, when
 * no registry names an abuse contact: a guess, marked as one.
 */
static void
add_fallbacks(struct lookup *l, json_t *arr)
{
	size_t i, k;
	json_t *c;

	for (i = 0; i < l->ncontacts; i++)
		if (l->contacts[i].role == ROLE_ABUSE)
			return;
	for (i = 0; i < l->ncontacts; i++) {
		const char *at = strrchr(l->contacts[i].email, '@');
		char *guess;
		int dup = 0;

		if (at == NULL || l->contacts[i].role == ROLE_REMARK)
			continue;
		guess = xasprintf("abuse%s", at);
		for (k = 0; k < json_array_size(arr); k++)
			if (strcasecmp(json_string_value(json_object_get(
			    json_array_get(arr, k), "email")), guess) == 0)
				dup = 1;
		if (!dup) {
			c = json_object();
			json_object_set_new(c, "email", json_string(guess));
			json_object_set_new(c, "role", json_string("fallback"));
			json_object_set_new(c, "via", json_string("RFC 2142 "
			    "guess from the domain of a registered address; "
			    "no registry names it"));
			json_object_set_new(c, "handle", json_null());
			json_object_set_new(c, "source", json_null());
			json_array_append_new(arr, c);
		}
		free(guess);
	}
}

static int
cmd_contacts(int argc, char **argv, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct lookup l;
	long long ttl = TTL_UNSET;
	int rc, refresh = 0, stored;
	json_t *doc, *arr, *c, *s;
	size_t i;

	if ((rc = fresh_opts(argc, argv, ctx, &contacts_cmd,
	    "one AS number or address", &refresh, &ttl)) >= 0)
		return rc;
	if (lookup_init(&l, argv[optind], LK_WHOIS | LK_RDAP | LK_RIPESTAT,
	    &err) != 0)
		return report(&err);
	if ((rc = run_one(ctx, &l, refresh, ttl, &stored)) != 0) {
		lookup_release(&l);
		return rc;
	}
	rc = stored;
	doc = json_object();
	json_object_set_new(doc, "query", json_string(l.input));
	json_object_set_new(doc, "canonical", json_string(l.value));
	arr = json_array();
	for (i = 0; i < l.ncontacts; i++) {
		const struct lk_contact *k = &l.contacts[i];
		const struct lk_src *src = k->src >= 0 ? &l.src[k->src] : NULL;

		c = json_object();
		json_object_set_new(c, "email", json_string(k->email));
		json_object_set_new(c, "role",
		    json_string(reg_role_name(k->role)));
		json_object_set_new(c, "via", json_str_or_null(k->via));
		json_object_set_new(c, "handle", json_str_or_null(k->handle));
		if (src != NULL) {
			s = json_object();
			json_object_set_new(s, "id", src->id ?
			    json_integer(src->id) : json_null());
			json_object_set_new(s, "protocol",
			    json_string(src->protocol));
			json_object_set_new(s, "server",
			    json_string(src->server));
			json_object_set_new(s, "query",
			    json_string(src->query));
			json_object_set_new(s, "fetched_at",
			    json_time_or_null(1, src->fetched_at));
			json_object_set_new(c, "source", s);
		} else
			json_object_set_new(c, "source", json_null());
		json_array_append_new(arr, c);
	}
	add_fallbacks(&l, arr);
	json_object_set_new(doc, "contacts", arr);
	c = json_array();
	for (i = 0; i < l.nwarnings; i++)
		json_array_append_new(c, json_string(l.warnings[i]));
	json_object_set_new(doc, "warnings", c);
	if (rc == 0 && l.answered == 0) {
		rc = l.worst_rc != 0 ? l.worst_rc : DP_EX_UNAVAILABLE;
		error("no registry answered for %s", l.value);
	}
	if (ctx->json)
		print_json(json_incref(doc));
	else {
		json_t *x;

		printf("%s\n", l.value);
		json_array_foreach(arr, i, x) {
			json_t *sx = json_object_get(x, "source");

			printf("  %-40s %-9s %s", json_string_value(
			    json_object_get(x, "email")), json_string_value(
			    json_object_get(x, "role")), json_is_string(
			    json_object_get(x, "via")) ? json_string_value(
			    json_object_get(x, "via")) : "");
			if (json_is_object(sx))
				printf(" (source %lld: %s %s)", (long long)
				    json_integer_value(json_object_get(sx,
				    "id")), json_string_value(json_object_get(
				    sx, "protocol")), json_string_value(
				    json_object_get(sx, "server")));
			putchar('\n');
		}
		if (json_array_size(arr) == 0)
			printf("  no contact found\n");
		for (i = 0; i < l.nwarnings; i++)
			printf("  warning: %s\n", l.warnings[i]);
	}
	json_decref(doc);
	lookup_release(&l);
	return rc;
}

/* ---- rdap update-bootstrap ---- */

static int rdap_update_bootstrap(int, char **, struct ctx *);

static const struct cmd rdap_cmd = {
	"update-bootstrap", rdap_update_bootstrap, "Fetch IANA's current RDAP bootstrap "
	"registries (which RDAP server serves which addresses and AS "
	"numbers) and keep them in the case database for later lookups.",
	"rdap update-bootstrap [--json]"
};

struct bs_fetch {
	struct net_req	 req;
	int		 done;
};

static void
bs_done(struct net_req *r, void *arg)
{
	(void)r;
	((struct bs_fetch *)arg)->done = 1;
}

static int
cmd_rdap(int argc, char **argv, struct ctx *ctx)
{
	return run_subcmd("rdap", &rdap_cmd, 1, argc - 1, argv + 1, ctx);
}

static int
rdap_update_bootstrap(int argc, char **argv, struct ctx *ctx)
{
	static const struct option longopts[] = {
		COMMON_LONGOPTS, { NULL, 0, NULL, 0 }
	};
	struct dp_err err = DP_ERR_INIT;
	struct bs_fetch f[3];
	struct source_batch batch = { NULL, 0 };
	struct rdap_bootstrap b;
	struct net *net;
	char host[256];
	size_t i;
	int opt, rc;

	while ((opt = dp_getopt(argc, argv, "h", longopts)) != -1)
		if ((rc = common_opt(opt, ctx, &rdap_cmd, NULL)) >= 0)
			return rc;
	if (optind != argc) {
		error("'rdap update-bootstrap' takes no arguments");
		return DP_EX_USAGE;
	}
	if ((rc = lookup_config(ctx)) != 0 ||
	    (rc = ctx_db_mode(ctx, CMD_DB_CREATE)) != 0)
		return rc;
	if ((net = open_net(ctx, &rc)) == NULL)
		return rc;
	memset(f, 0, sizeof(f));
	for (i = 0; i < 3; i++) {
		f[i].req.kind = NET_HTTP;
		f[i].req.url = bootstrap_url(ctx, i, host);
		f[i].req.host = xstrdup(host);
		f[i].req.port = 443;
		f[i].req.accept = "application/json";
		f[i].req.done = bs_done;
		f[i].req.arg = &f[i];
		net_add(net, &f[i].req);
	}
	net_run(net, NULL, NULL);
	rc = 0;
	for (i = 0; i < 3 && rc == 0; i++) {
		if (f[i].req.rc != 0)
			rc = report(&f[i].req.err);
		else if (f[i].req.status != 200) {
			error("%s: HTTP %ld", f[i].req.url, f[i].req.status);
			rc = DP_EX_PROTOCOL;
		}
	}
	/* All three must be valid before any replaces what lookups use. */
	rdap_bootstrap_init(&b);
	if (rc == 0 && rdap_bootstrap_load(&b, f[0].req.body.s,
	    f[0].req.body.len, f[1].req.body.s, f[1].req.body.len,
	    f[2].req.body.s, f[2].req.body.len, &err) != 0)
		rc = report(&err);
	if (rc == 0) {
		for (i = 0; i < 3; i++)
			source_batch_add(&batch, "rdap", f[i].req.host,
			    f[i].req.url, f[i].req.fetched_at, f[i].req.status,
			    1, f[i].req.body.s, f[i].req.body.len);
		if ((rc = source_batch_commit(ctx->db, &batch,
		    "rdap-bootstrap", &err)) != 0)
			report(&err);
	}
	if (rc == 0 && ctx->json) {
		json_t *o = json_object();

		json_object_set_new(o, "asn_published",
		    json_str_or_null(b.asn_published));
		json_object_set_new(o, "ipv4_published",
		    json_str_or_null(b.v4_published));
		json_object_set_new(o, "ipv6_published",
		    json_str_or_null(b.v6_published));
		json_object_set_new(o, "sources", json_pack("[III]",
		    (json_int_t)batch.v[0].id, (json_int_t)batch.v[1].id,
		    (json_int_t)batch.v[2].id));
		print_json(o);
	} else if (rc == 0)
		printf("stored IANA's RDAP bootstrap: asn.json of %s, "
		    "ipv4.json of %s, ipv6.json of %s (sources %lld-%lld)\n",
		    b.asn_published ? b.asn_published : "?",
		    b.v4_published ? b.v4_published : "?",
		    b.v6_published ? b.v6_published : "?",
		    (long long)batch.v[0].id, (long long)batch.v[2].id);
	rdap_bootstrap_release(&b);
	source_batch_release(&batch);
	for (i = 0; i < 3; i++)
		net_req_release(&f[i].req);
	net_free(net);
	return rc;
}

/* ---- provider resolve ---- */


/* Evidence addresses to ask about: distinct, at most this many. */
#define RESOLVE_MAX	100000

struct collect {
	char		**addrs;
	size_t		 n;
};

static int
collect_addr(const struct evidence *e, void *arg)
{
	struct collect *c = arg;
	struct ipnet net;
	char text[IPNET_STRLEN];
	size_t i;

	if (c->n >= RESOLVE_MAX)
		return 0;
	if (e->indicator_type == IND_IPV4 || e->indicator_type == IND_IPV6) {
		if (val_ip(e->indicator, &net, NULL) != 0)
			return 0;
	} else if (e->indicator_type == IND_CIDR) {
		if (val_cidr(e->indicator, &net, NULL) != 0)
			return 0;
	} else
		return 0;
	ipnet_format_addr(&net, text, sizeof(text));
	/* Evidence is often many rows about few addresses. */
	for (i = c->n; i > 0 && i + 64 > c->n; i--)
		if (strcmp(c->addrs[i - 1], text) == 0)
			return 0;
	c->addrs = xrealloc(c->addrs, (c->n + 1) * sizeof(*c->addrs));
	c->addrs[c->n++] = xstrdup(text);
	return 0;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
provider_resolve_cmd(int argc, char **argv, struct ctx *ctx)
{
	static const struct cmd resolve_cmd = {
		"resolve", NULL, "Fill in a provider's AS numbers and BGP "
		"prefixes from the addresses in its evidence (Team Cymru, in "
		"one bulk query).", "provider resolve NAME|ID [--json]"
	};
	static const struct option longopts[] = {
		COMMON_LONGOPTS, { NULL, 0, NULL, 0 }
	};
	struct dp_err err = DP_ERR_INIT;
	struct provider p = PROVIDER_INIT, now_p = PROVIDER_INIT;
	struct collect col = { NULL, 0 };
	struct ev_filter f;
	struct source_batch batch = { NULL, 0 };
	struct net_req req;
	struct cymru_row *rows = NULL;
	struct net *net = NULL;
	json_t *added = NULL;
	size_t nrows = 0, i, k, w;
	char *q = NULL;
	int64_t now = time(NULL);
	int opt, rc;

	while ((opt = dp_getopt(argc, argv, "h", longopts)) != -1)
		if ((rc = common_opt(opt, ctx, &resolve_cmd, "provider")) >= 0)
			return rc;
	if (argc - optind != 1) {
		error("'provider resolve' needs one NAME or ID");
		print_usage(stderr, &resolve_cmd, "provider");
		return DP_EX_USAGE;
	}
	if ((rc = ctx_db_mode(ctx, CMD_DB_WRITE)) != 0)
		return rc;
	if (db_provider_find(ctx->db, argv[optind], &p, &err) != 0)
		return report(&err);
	memset(&f, 0, sizeof(f));
	f.provider_id = p.id;
	if ((rc = db_evidence_iter(ctx->db, &f, collect_addr, &col, &err))
	    != 0) {
		rc = report(&err);
		goto out;
	}
	/* Distinct, in a stable order (the query is stored as a source). */
	if (col.n > 1)
		qsort(col.addrs, col.n, sizeof(*col.addrs), str_cmp);
	for (i = w = 0; i < col.n; i++) {
		if (w > 0 && strcmp(col.addrs[w - 1], col.addrs[i]) == 0) {
			free(col.addrs[i]);
			continue;
		}
		col.addrs[w++] = col.addrs[i];
	}
	col.n = w;
	if (col.n == 0) {
		error("provider '%s' has no evidence with an address or "
		    "prefix to resolve", p.name);
		rc = DP_EX_DATAERR;
		goto out;
	}
	q = cymru_bulk_request((const char *const *)col.addrs, col.n);
	if (q == NULL)
		die("an address did not make a valid bulk query");
	if ((rc = lookup_config(ctx)) != 0 ||
	    (net = open_net(ctx, &rc)) == NULL)
		goto out;
	memset(&req, 0, sizeof(req));
	req.kind = NET_WHOIS;
	req.host = xstrdup(endpoints()->cymru.name);
	req.port = endpoints()->cymru.port;
	req.query = xstrdup(q);
	net_add(net, &req);
	net_run(net, NULL, NULL);
	if (req.rc != 0) {
		rc = report(&req.err);
		net_req_release(&req);
		goto out;
	}
	if (cymru_parse(req.body.s, req.body.len, &rows, &nrows, &err) != 0) {
		dp_err_prefix(&err, "%s", cymru_label());
		rc = report(&err);
		net_req_release(&req);
		goto out;
	}
	source_batch_add(&batch, "cymru", cymru_label(), q, req.fetched_at,
	    0, 0, req.body.s, req.body.len);
	net_req_release(&req);
	if ((rc = source_batch_commit(ctx->db, &batch, "provider-resolve",
	    &err)) != 0) {
		rc = report(&err);
		goto out;
	}
	/* Add what is new, with one audit entry, in one transaction. */
	added = json_array();
	if ((rc = db_begin(ctx->db, &err)) != 0) {
		rc = report(&err);
		goto out;
	}
	for (i = 0; i < nrows; i++) {
		struct ipnet pfx;

		for (k = 0; k < rows[i].nasns; k++)
			if (provider_add_asn(&p, rows[i].asns[k])) {
				if ((rc = db_provider_net_add(ctx->db, p.id,
				    rows[i].asns[k], NULL, now, &err)) != 0)
					goto fail;
				json_array_append_new(added,
				    json_integer(rows[i].asns[k]));
			}
		if (rows[i].prefix != NULL &&
		    val_cidr(rows[i].prefix, &pfx, NULL) == 0 &&
		    provider_add_prefix(&p, &pfx)) {
			if ((rc = db_provider_net_add(ctx->db, p.id, 0, &pfx,
			    now, &err)) != 0)
				goto fail;
			json_array_append_new(added,
			    json_string(rows[i].prefix));
		}
	}
	if (json_array_size(added) > 0) {
		json_t *change = json_object();

		json_object_set_new(change, "added", json_incref(added));
		json_object_set_new(change, "source",
		    json_integer(batch.v[0].id));
		if ((rc = provider_record(ctx->db, p.id, "provider.net.add",
		    now, change, &err)) != 0)
			goto fail;
	}
	if ((rc = db_commit(ctx->db, &err)) != 0)
		goto fail;
	if (db_provider_get(ctx->db, p.id, &now_p, &err) != 0) {
		rc = report(&err);
		goto out;
	}
	if (ctx->json) {
		json_t *o = json_object();

		json_object_set_new(o, "provider", provider_to_json(&now_p));
		json_object_set_new(o, "addresses", json_integer(
		    (json_int_t)col.n));
		json_object_set_new(o, "added", json_incref(added));
		json_object_set_new(o, "source", json_integer(batch.v[0].id));
		print_json(o);
	} else {
		json_t *x;

		printf("asked Team Cymru about %zu address%s of '%s' "
		    "(source %lld)\n", col.n, col.n == 1 ? "" : "es", p.name,
		    (long long)batch.v[0].id);
		if (json_array_size(added) == 0)
			printf("nothing new: the provider has every AS and "
			    "prefix found\n");
		json_array_foreach(added, i, x) {
			if (json_is_integer(x))
				printf("added AS%lld\n", (long long)
				    json_integer_value(x));
			else
				printf("added %s\n", json_string_value(x));
		}
	}
	rc = DP_EX_OK;
	goto out;
fail:
	db_rollback(ctx->db);
	rc = report(&err);
out:
	json_decref(added);
	for (i = 0; i < col.n; i++)
		free(col.addrs[i]);
	free(col.addrs);
	free(q);
	cymru_rows_free(rows, nrows);
	source_batch_release(&batch);
	net_free(net);
	provider_release(&p);
	provider_release(&now_p);
	return rc;
}

/* Described by its own option loop until it moves to an entry. */
const struct cmd_entry cmd_lookup_entry = {
	.name = "lookup",
	.summary = "resolve addresses, prefixes or AS numbers through the registries",
	.usage = "lookup QUERY|--bulk FILE [--source S]... [--json]",
	.man = "depeer-lookup",
	.legacy = cmd_lookup,
};

/* Described by its own option loop until it moves to an entry. */
const struct cmd_entry cmd_upstreams_entry = {
	.name = "upstreams",
	.summary = "find a provider's upstream transit providers and their abuse contacts",
	.usage = "upstreams PROVIDER|ASN [--json]",
	.man = "depeer-upstreams",
	.legacy = cmd_upstreams,
};

/* Described by its own option loop until it moves to an entry. */
const struct cmd_entry cmd_contacts_entry = {
	.name = "contacts",
	.summary = "rank the abuse contacts of an AS or an address, with their records",
	.usage = "contacts ASN|IP [--json]",
	.man = "depeer-contacts",
	.legacy = cmd_contacts,
};

/* Described by its own option loop until it moves to an entry. */
const struct cmd_entry cmd_rdap_entry = {
	.name = "rdap",
	.summary = "refresh the RDAP bootstrap registries from IANA",
	.usage = "rdap update-bootstrap [--json]",
	.man = "depeer-rdap",
	.legacy = cmd_rdap,
};

/* Described by its own option loop until it moves to an entry. */
const struct cmd_entry cmd_source_entry = {
	.name = "source",
	.summary = "show a stored registry answer",
	.usage = "source show ID [--json]",
	.man = "depeer-source",
	.legacy = cmd_source,
};
