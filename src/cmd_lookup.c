/*
 * cmd_lookup.c - "depeer lookup": an address, a CIDR prefix or an AS
 * number (or, with --bulk, a file of them) resolved through the
 * registries (lookup.c, bulk.c), printed as text or JSON.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "attribute.h"
#include "buf.h"
#include "bulk.h"
#include "cmd.h"
#include "clock.h"
#include "cmd_lookup_name.h"
#include "dns.h"
#include "exitcodes.h"
#include "lookup.h"
#include "refang.h"
#include "resolver.h"
#include "validate.h"

enum { OPT_SOURCE = OPT_FIRST_LOCAL, OPT_RAW, OPT_BULK, OPT_EXACT, OPT_AT };

/* ---- text ---- */

static void
render_text(const struct lookup *l, int raw, struct resolver *r)
{
	const struct reg_record *m = lookup_record(l);
	const char *type = l->type == LK_ADDR ? "ip" : l->type == LK_PREFIX ?
	    "cidr" : "asn";
	const char *keys[] = { "netname", "handle", "org", "country", "rir" };
	const char *vals[5];
	char text[IPNET_STRLEN], label[16];
	size_t i, np = 0;

	printf("query:       %s (%s)\n", tx(l->input), type);
	if (m != NULL)
		np += m->nprefixes;
	if (l->type == LK_ASN)
		np += l->nirr_routes;
	if (np > 0) {
		printf("prefixes:   ");
		for (i = 0; m != NULL && i < m->nprefixes; i++) {
			ipnet_format(&m->prefixes[i], text, sizeof(text));
			printf(" %s", text);
		}
		/* An AS number's prefixes: the routes it registered. */
		for (i = 0; l->type == LK_ASN && i < l->nirr_routes; i++) {
			ipnet_format(&l->irr_routes[i], text, sizeof(text));
			printf(" %s", text);
		}
		putchar('\n');
	}
	if (m != NULL && m->has_range) {
		struct ipnet n;

		memset(&n, 0, sizeof(n));
		n.family = m->family;
		memcpy(n.addr, m->first, 16);
		ipnet_format_addr(&n, text, sizeof(text));
		printf("range:       %s - ", text);
		memcpy(n.addr, m->last, 16);
		ipnet_format_addr(&n, text, sizeof(text));
		printf("%s\n", text);
	}
	if (l->norigins > 0) {
		printf("origin:     ");
		for (i = 0; i < l->norigins; i++) {
			printf(" AS%u", l->origins[i].asn);
			/* Stated by a covering record, not the block's own. */
			if (l->origins[i].from != NULL)
				printf(" (from %s)",
				    tx(l->origins[i].from));
		}
		putchar('\n');
	}
	vals[0] = m != NULL ? m->name : NULL;
	vals[1] = m != NULL ? m->handle : NULL;
	vals[2] = m != NULL ? m->org : NULL;
	vals[3] = m != NULL ? m->country : NULL;
	vals[4] = m != NULL ? m->source : NULL;
	for (i = 0; i < ARRAY_SIZE(keys); i++)
		if (vals[i] != NULL) {
			snprintf(label, sizeof(label), "%s:", keys[i]);
			printf("%-12s %s", label, tx(vals[i]));
			if (i == 3 && m->country_from != NULL)
				printf(" (from %s)", tx(m->country_from));
			putchar('\n');
		}
	for (i = 0; i < l->ncontacts; i++) {
		const struct lk_contact *c = &l->contacts[i];
		const struct source_ref *s = lookup_src(l, c->src);

		printf("%-12s %s", i == 0 ? "contacts:" : "", tx(c->email));
		printf("  [%s%s%s", reg_role_name(c->role), c->via ? ", " : "",
		    c->via ? tx(c->via) : "");
		if (s != NULL && s->id != 0)
			printf(", source %lld", (long long)s->id);
		if (c->from != NULL)
			printf(", from %s", tx(c->from));
		printf("]\n");
	}
	if (l->ncontacts == 0)
		printf("contacts:    (none found)\n");
	for (i = 0; i < l->nsrc; i++) {
		const struct source_ref *s = &l->src[i].ref;
		char t[TIME_STRLEN], *q = xstrdup(s->query), *p;

		fmt_time(s->fetched_at, t);
		/* Team Cymru's bulk query spans lines: show it on one. */
		for (p = q; *p != '\0'; p++)
			if (*p == '\r' || *p == '\n')
				*p = ' ';
		printf("%-12s %-5lld %s %s '%s'  %s%s\n", i == 0 ?
		    "sources:" : "", (long long)s->id, tx(s->protocol),
		    tx(s->server), tx(q), t, s->cached ? " (cached)" : "");
		free(q);
	}
	for (i = 0; i < l->nwarnings; i++)
		printf("%-12s %s\n", i == 0 ? "warnings:" : "",
		    tx(l->warnings[i]));
	if (!raw)
		return;
	for (i = 0; i < l->nsrc; i++) {
		struct source s;

		if (srcstore_get(&r->store, l->src[i].ref.id, &s, NULL) != 0)
			continue;
		printf("\n--- source %lld: %s %s '%s'\n", (long long)s.id,
		    tx(s.protocol), tx(s.server), tx(s.query));
		print_answer(s.content, s.size);
		if (s.size > 0 && s.content[s.size - 1] != '\n')
			putchar('\n');
		source_release(&s);
	}
}

static const char *const bulk_hdr[] = { "INDICATOR", "ORIGIN", "NETNAME",
    "RIR", "ABUSE" };

/* Where the rows of a bulk run go as they come (bulk.h: emit). */
struct bulk_out {
	int		 json;
	struct table	*t;		/* text */
	struct buf	 origin;
	struct buf	 text;		/* --json: one row's text */
	int64_t		 n;		/* rows printed */
	struct bar	*bar;		/* the progress bar, or NULL */
	int		 tty_out;	/* stdout is a terminal too */
};

static void	bar_clear(struct bar *bar);

static void
emit_row(const struct bulk *b, size_t i, const struct lookup *l, void *arg)
{
	struct bulk_out *o = arg;
	const struct reg_record *m = lookup_record(l);
	const char *cells[5];
	size_t k;

	(void)b;
	(void)i;
	/* Rows and the bar on one terminal: the rows go above it. */
	if (o->bar != NULL && o->tty_out)
		bar_clear(o->bar);
	o->n++;
	if (o->json) {
		/* Written from the struct: the bytes of lookup_to_json()'s
		   dump, without building its tree (most of a run's time). */
		buf_reset(&o->text);
		lookup_json_write(&o->text, l, 2);
		json_stream_text(o->text.s, o->text.len, o->n);
	} else {
		if (o->t == NULL)
			o->t = table_new(5, bulk_hdr);
		buf_reset(&o->origin);
		for (k = 0; k < l->norigins; k++)
			buf_addf(&o->origin, "%sAS%u", k > 0 ? " " : "",
			    l->origins[k].asn);
		cells[0] = l->value;
		cells[1] = o->origin.len > 0 ? o->origin.s : NULL;
		cells[2] = m != NULL ? m->name : NULL;
		cells[3] = m != NULL ? m->source : NULL;
		cells[4] = NULL;
		for (k = 0; k < l->ncontacts; k++)
			if (l->contacts[k].role == ROLE_ABUSE) {
				cells[4] = l->contacts[k].email;
				break;
			}
		table_row(o->t, cells);
	}
	if (o->bar != NULL && o->tty_out)
		fflush(stdout);
}

/* After the run: close the array, or the table (its header alone when
   there is no row). */
static void
emit_end(struct bulk_out *o)
{
	if (o->json)
		json_stream_end(o->n);
	else {
		if (o->t == NULL)
			o->t = table_new(5, bulk_hdr);
		table_end(o->t);
	}
	buf_release(&o->origin);
	buf_release(&o->text);
}

/* The warnings of the lookups that found nothing, on stderr. */
static void
print_bulk_failures(const struct bulk *b, const char *name)
{
	size_t i, shown = 0, failed = 0;

	for (i = 0; i < b->n; i++) {
		const struct bulk_item *it = &b->items[i];

		if (!it->emitted || it->answered > 0)
			continue;
		failed++;
		if (shown++ < 20)
			error("%s:%zu: %s: %s", name, it->line, it->value,
			    it->why != NULL ? it->why :
			    "no registry answered");
	}
	if (shown > 20)
		error("... and %zu more not resolved", shown - 20);
	if (failed > 0)
		error("%zu of %zu not resolved", failed, b->n);
}

/* ---- progress (a terminal on stderr only) ---- */

struct bar {
	int64_t		 started_ms, drawn_ms;
	const struct bulk *b;
	char		 note[200];	/* a retry or a slow server, or "" */
};

static int64_t
ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
draw(const struct bulk *b, int last, void *arg)
{
	struct bar *bar = arg;
	int64_t t = ms_now();
	char cells[31];
	size_t fill, i;

	if (!last && t - bar->drawn_ms < 100)
		return;
	bar->drawn_ms = t;
	fill = b->n > 0 ? b->ndone * 30 / b->n : 30;
	for (i = 0; i < 30; i++)
		cells[i] = i < fill ? '#' : '.';
	cells[30] = '\0';
	fprintf(stderr, "\r[%s] %zu/%zu done  %.1f s", cells, b->ndone,
	    b->n, (double)(t - bar->started_ms) / 1000.0);
	/* What the loop last said, cut to stay on one line. */
	if (!last && bar->note[0] != '\0')
		fprintf(stderr, "  %.22s", bar->note);
	fputs("\033[K", stderr);
	if (last)
		fputs("\r\033[K", stderr);
	fflush(stderr);
}

/* Take the bar off the terminal; the next draw() puts it back. */
static void
bar_clear(struct bar *bar)
{
	fputs("\r\033[K", stderr);
	fflush(stderr);
	bar->drawn_ms = 0;
}

/* The loop's retries and slow servers, shown after the bar. */
static void
bar_note(const struct net_event *ev, void *arg)
{
	struct bar *bar = arg;

	/* Short, beside the bar on one line of 80 columns. */
	if (ev->kind == NET_EV_RETRY)
		snprintf(bar->note, sizeof(bar->note), "%s retry %d/%d",
		    tx(ev->host), ev->retry, ev->retries);
	else if (ev->kind == NET_EV_SLOW)
		snprintf(bar->note, sizeof(bar->note), "%s slow",
		    tx(ev->host));
	else
		bar->note[0] = '\0';
	if (bar->note[0] != '\0' && bar->b != NULL) {
		bar->drawn_ms = 0;	/* now, not in 100 ms */
		draw(bar->b, 0, bar);
	}
}

static void
print_bulk_summary(const struct bulk *b, unsigned want)
{
	size_t i, resolved = 0;

	for (i = 0; i < b->n; i++)
		resolved += b->items[i].answered > 0;
	fprintf(stderr, "depeer: %zu of %zu resolved", resolved, b->n);
	if (b->whois_shared)
		fprintf(stderr, "; WHOIS: %zu quer%s, %zu answer%s reused",
		    b->whois_asked, b->whois_asked == 1 ? "y" : "ies",
		    b->whois_reused, b->whois_reused == 1 ? "" : "s");
	if (want & LK_CYMRU)
		fprintf(stderr, "; Team Cymru: %zu bulk quer%s, %zu row%s "
		    "from the store", b->nchunks, b->nchunks == 1 ? "y" :
		    "ies", b->cymru_cached, b->cymru_cached == 1 ? "" : "s");
	fputc('\n', stderr);
}

/* ---- interruption ---- */

/*
 * SIGINT or SIGTERM during a bulk run: the signal's number, and the run
 * stops at the loop's next turn, keeping what it has.  A second signal
 * ends the process at once, as if no handler were installed (whatever
 * transaction is open then is rolled back by SQLite on the next open).
 */

/* ---- running ---- */

static int
run_bulk(const struct cmd_args *a, struct ctx *ctx, const char *path,
    unsigned want, long long ttl, int exact)
{
	struct dp_err err = DP_ERR_INIT;
	struct resolver r;
	struct bulk b;
	struct bar bar;
	struct bulk_out out;
	struct cmd_saved_signals sigs;
	const char *name = strcmp(path, "-") == 0 ? "standard input" : path;
	int tty = isatty(STDERR_FILENO), rc;
	size_t i;

	bulk_init(&b);
	if ((rc = bulk_read(&b, path, &err)) != 0) {
		bulk_release(&b);
		return report(&err);
	}
	if ((rc = cmd_resolver(a, ctx, ttl, (want & LK_RDAP) != 0, &r)) != 0) {
		bulk_release(&b);
		return rc;
	}
	memset(&bar, 0, sizeof(bar));
	bar.started_ms = ms_now();
	memset(&out, 0, sizeof(out));
	buf_init(&out.origin);
	buf_init(&out.text);
	out.json = ctx->json;
	out.tty_out = isatty(STDOUT_FILENO);
	if (tty) {
		b.progress = draw;
		b.progress_arg = &bar;
		bar.b = &b;
		out.bar = &bar;
		net_observe(r.net, bar_note, &bar);
	}
	/* Each row printed as soon as it and those before it are done. */
	b.emit = emit_row;
	b.emit_arg = &out;
	b.stop = &cmd_stop_signal;
	cmd_catch_stop_signals(&sigs);
	bulk_run(&b, &r, want, exact);
	cmd_restore_stop_signals(&sigs);
	if (b.store_rc != 0)
		report(&b.store_err);
	emit_end(&out);
	rc = DP_EX_OK;
	for (i = 0; i < b.n && rc == DP_EX_OK; i++)
		if (b.items[i].emitted && b.items[i].answered == 0)
			rc = b.items[i].worst_rc != 0 ?
			    b.items[i].worst_rc : DP_EX_UNAVAILABLE;
	print_bulk_failures(&b, name);
	if (tty && !b.interrupted)
		print_bulk_summary(&b, want);
	if (b.store_rc != 0)
		rc = b.store_rc;
	if (b.interrupted) {
		error("interrupted: %zu of %zu done, %zu answer%s stored; run "
		    "again to continue", b.ndone, b.n, b.stored,
		    b.stored == 1 ? "" : "s");
		rc = cmd_stop_signal == SIGTERM ? DP_EX_TERMINATED :
		    DP_EX_INTERRUPTED;
	}
	bulk_release(&b);
	resolver_release(&r);
	return rc;
}

/*
 * The origin of an address or prefix in the case's own prefix table of
 * the time asked (attribute.h), printed beside the registries' answers,
 * never in their place.  *o->table is NULL when no table covers at.
 */
static int
table_origin(struct ctx *ctx, const char *q, int64_t at,
    struct attr_origin *o)
{
	struct dp_err err = DP_ERR_INIT;
	struct ipnet n;
	struct ipnet_perr pe;
	const char *what;
	int rc;

	memset(o, 0, sizeof(*o));
	if (ipnet_parse_addr(q, strlen(q), &n, &what) != NULL &&
	    ipnet_parse_cidr(q, &n, &pe) != IPNET_OK)
		return 0;	/* an AS number: no table answers it */
	if ((rc = attribute_origin(ctx->db, &n, at, o, &err)) != 0)
		return report(&err);
	return 0;
}

static void
print_table_origin(const struct attr_origin *o)
{
	char t[TIME_STRLEN], p[IPNET_STRLEN];
	size_t i;

	if (o->table == NULL)
		return;
	fmt_time(o->taken_at, t);
	printf("in table:   ");
	if (!o->routed)
		printf(" no route");
	for (i = 0; i < o->nasns; i++)
		printf(" AS%u", o->asns[i]);
	if (o->routed) {
		ipnet_format(&o->prefix, p, sizeof(p));
		printf(" (%s", p);
	} else
		printf(" (");
	printf("%stable '%s' of %s, not a registry's answer)\n",
	    o->routed ? ", " : "", tx(o->table), t);
}

static int
lookup_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct resolver r;
	struct lookup l;
	const char *bulk = args_get(a, OPT_BULK);
	unsigned want = 0, bit;
	long long ttl;
	int rc, raw = args_has(a, OPT_RAW), exact = args_has(a, OPT_EXACT);
	char *rf;
	const char *op, *arg;
	struct attr_origin to;
	int64_t at = clock_now();
	size_t i;

	for (i = 0; i < a->nopts; i++) {
		if (a->opts[i].id != OPT_SOURCE)
			continue;
		if ((bit = lookup_source_bit(a->opts[i].value)) == 0) {
			error("--source '%s': expected whois, rdap, cymru, "
			    "ripestat, irr or all", a->opts[i].value);
			return DP_EX_USAGE;
		}
		want |= bit;
	}
	if ((rc = cmd_ttl(a, ctx, &ttl)) != 0)
		return rc;
	if (exact && bulk == NULL)
		return cmd_usage_error(ctx, "--exact is for 'lookup --bulk'");
	if ((arg = args_get(a, OPT_AT)) != NULL) {
		if (bulk != NULL)
			return cmd_usage_error(ctx, "--at is for one QUERY, not "
			    "'lookup --bulk'");
		if (val_time(arg, &at, &err) != 0) {
			error("--at '%s': %s", tx(arg), err.msg);
			return DP_EX_USAGE;
		}
	}
	if (bulk == NULL && a->argc != 1)
		return cmd_usage_error(ctx, "'lookup' needs one address, "
		    "prefix, AS number, domain name or URL");
	if (bulk != NULL && (a->argc != 0 || raw))
		return cmd_usage_error(ctx, "'lookup --bulk' takes its "
		    "indicators from the file%s", raw ? ", and has no --raw" :
		    "");
	if (bulk != NULL)	/* origin AS and abuse contact by default */
		return run_bulk(a, ctx, bulk, want != 0 ? want : LK_WHOIS |
		    LK_CYMRU, ttl, exact);
	if (want == 0)
		want = LK_ALL;
	if ((rf = refang_indicator(a->argv[0])) != NULL)
		print_refanged(a->argv[0], rf);
	op = rf != NULL ? rf : a->argv[0];
	/* A domain name or a URL: resolved through DNS first. */
	if (lookup_check(op, &err) != 0 && dns_looks_like_name(op)) {
		rc = cmd_lookup_name(a, ctx, op, want, ttl, raw, render_text);
		free(rf);
		return rc;
	}
	rc = lookup_init(&l, op, want, &err);
	free(rf);
	if (rc != 0)
		return report(&err);
	if ((rc = cmd_resolver(a, ctx, ttl, 1, &r)) != 0) {
		lookup_release(&l);
		return rc;
	}
	if ((rc = lookup_run(&r, &l, &err)) != 0)
		report(&err);
	if (rc == 0 && l.answered == 0) {
		/* No registry's answer could be read: the warnings say why. */
		rc = l.worst_rc != 0 ? l.worst_rc : DP_EX_UNAVAILABLE;
	}
	if (table_origin(ctx, l.value, at, &to) != 0 && rc == 0)
		rc = DP_EX_DATAERR;
	if (ctx->json) {
		json_t *o = lookup_to_json(&l);

		if (to.table != NULL)
			json_object_set_new(o, "table_origin",
			    attr_origin_to_json(&to));
		print_json(o);
	} else {
		render_text(&l, raw, &r);
		print_table_origin(&to);
	}
	attr_origin_release(&to);
	if (rc != 0 && l.answered == 0)
		error("no registry answered for %s", l.value);
	lookup_release(&l);
	resolver_release(&r);
	return rc;
}

const struct cmd_entry cmd_lookup_entry = {
	.name = "lookup",
	.summary = "resolve addresses, prefixes or AS numbers through the "
	    "registries",
	.about = "Resolve an address, a CIDR prefix or an AS number (or, "
	    "with --bulk, a file of them, one a line) through the "
	    "registries: holder, origin ASNs, abuse contacts, and the record "
	    "behind each fact.  A domain name or a URL is resolved through "
	    "DNS first (dns_server, else /etc/resolv.conf), and each of its "
	    "addresses looked up.",
	.usage = "lookup QUERY [--source whois|rdap|cymru|ripestat|irr|all]"
	    "... [--at TIME] [--refresh] [--ttl SECONDS] [--raw] [--json]\n"
	    "lookup --bulk FILE|- [--source ...]... [--exact] [--refresh] "
	    "[--ttl SECONDS] [--json]",
	.flags = CMD_DB_CREATE | CMD_NET,
	.opts = (const struct cmd_opt[]){
		{ "at", OPT_AT, required_argument, "TIME",
		  "the origin in the case's prefix table of TIME (default "
		  "now)" },
		{ "bulk", OPT_BULK, required_argument, "FILE",
		  "resolve the indicators of FILE ('-': standard input)" },
		{ "exact", OPT_EXACT, no_argument, NULL,
		  "with --bulk: ask about every address, reuse no answer" },
		{ "raw", OPT_RAW, no_argument, NULL,
		  "also print each registry answer as received" },
		{ "source", OPT_SOURCE, required_argument, "S",
		  "ask only S (whois, rdap, cymru, ripestat, irr, all)" },
		CMD_OPTS_FRESHNESS,
		CMD_OPTS_END
	},
	.exec = lookup_exec,
	.man = "depeer-lookup",
};
