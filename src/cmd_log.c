/*
 * cmd_log.c - "depeer log" (the audit log) and "depeer verify" (check it,
 * and everything it covers, for tampering).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "cmd.h"
#include "db.h"
#include "exitcodes.h"
#include "validate.h"

static const struct cmd log_cmd = {
	"log", NULL, "Show the audit log: one entry per change, each chained "
	"to the one before by SHA-256.", "log [--limit N] [--json]"
};

static const struct cmd verify_cmd = {
	"verify", NULL, "Recompute the audit chain and the hashes of every "
	"evidence row, file and provider; exit 1 naming the first thing "
	"altered.", "verify [--expect-head HASH] [--json]"
};

#define PLURAL(n)	((n) == 1 ? "" : "s")

enum { OPT_LIMIT = OPT_FIRST_LOCAL, OPT_EXPECT };

struct log_state {
	int		json;
	int64_t		n;
	struct table	*t;
};

static int
log_row(const struct audit_entry *e, void *arg)
{
	struct log_state *ls = arg;
	char seq[24], t[TIME_STRLEN], h[13];
	const char *row[5];
	json_t *o, *payload;

	ls->n++;
	fmt_time(e->at, t);
	if (ls->json) {
		payload = json_loads(e->payload, 0, NULL);
		o = json_object();
		json_object_set_new(o, "seq", json_integer(e->seq));
		json_object_set_new(o, "at", json_string(t));
		json_object_set_new(o, "action", json_string(e->action));
		json_object_set_new(o, "subject", json_string(e->subject));
		json_object_set_new(o, "payload", payload != NULL ? payload :
		    json_string(e->payload));
		json_object_set_new(o, "prev_hash", json_string(e->prev_hash));
		json_object_set_new(o, "hash", json_string(e->hash));
		json_stream_item(o, ls->n);
		return 0;
	}
	snprintf(seq, sizeof(seq), "%lld", (long long)e->seq);
	snprintf(h, sizeof(h), "%.12s", e->hash);
	row[0] = seq;
	row[1] = t;
	row[2] = e->action;
	row[3] = e->subject;
	row[4] = h;
	table_row(ls->t, row);
	return 0;
}

int
cmd_log(int argc, char **argv, struct ctx *ctx)
{
	static const struct option longopts[] = {
		{ "limit", required_argument, NULL, OPT_LIMIT },
		COMMON_LONGOPTS, { NULL, 0, NULL, 0 }
	};
	static const char *const hdr[] = { "SEQ", "TIME", "ACTION", "SUBJECT",
	    "HASH" };
	struct dp_err err = DP_ERR_INIT;
	struct log_state ls;
	long long limit = 0;
	char *end;
	int opt, rc;

	while ((opt = dp_getopt(argc, argv, "h", longopts)) != -1) {
		if (opt == OPT_LIMIT) {
			limit = strtoll(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || limit <= 0) {
				error("--limit '%s': expected a positive "
				    "number", optarg);
				return DP_EX_USAGE;
			}
		} else if ((rc = common_opt(opt, ctx, &log_cmd, NULL)) >= 0)
			return rc;
	}
	if (optind != argc) {
		error("'log' takes no arguments");
		print_usage(stderr, &log_cmd, NULL);
		return DP_EX_USAGE;
	}
	if ((rc = ctx_db(ctx, DB_EXISTING)) != 0)
		return rc;
	memset(&ls, 0, sizeof(ls));
	ls.json = ctx->json;
	if (!ls.json)
		ls.t = table_new(5, hdr);
	rc = db_audit_iter(ctx->db, limit, log_row, &ls, &err);
	if (ls.json)
		json_stream_end(ls.n);
	else
		table_end(ls.t);
	return rc != 0 ? report(&err) : DP_EX_OK;
}

int
cmd_verify(int argc, char **argv, struct ctx *ctx)
{
	static const struct option longopts[] = {
		{ "expect-head", required_argument, NULL, OPT_EXPECT },
		COMMON_LONGOPTS, { NULL, 0, NULL, 0 }
	};
	struct dp_err err = DP_ERR_INIT;
	struct verify_report rep;
	const char *expect = NULL;
	int opt, rc, ok;

	while ((opt = dp_getopt(argc, argv, "h", longopts)) != -1) {
		if (opt == OPT_EXPECT) {
			expect = optarg;
			if (!sha256_hex_valid(expect)) {
				error("--expect-head '%s': expected 64 "
				    "lower-case hex digits", expect);
				return DP_EX_USAGE;
			}
		} else if ((rc = common_opt(opt, ctx, &verify_cmd, NULL)) >= 0)
			return rc;
	}
	if (optind != argc) {
		error("'verify' takes no arguments");
		print_usage(stderr, &verify_cmd, NULL);
		return DP_EX_USAGE;
	}
	if ((rc = ctx_db(ctx, DB_EXISTING)) != 0)
		return rc;
	if (audit_verify(ctx->db, expect, &rep, &err) != 0)
		return report(&err);
	if (rep.ok && expect != NULL && !rep.expect_found) {
		rep.ok = 0;
		snprintf(rep.first_bad, sizeof(rep.first_bad), "the expected "
		    "head %.64s is not in the audit chain; entries were "
		    "rewritten or removed", expect);
	}
	ok = rep.ok;
	if (ctx->json) {
		json_t *o = json_object();

		json_object_set_new(o, "ok", json_boolean(ok));
		json_object_set_new(o, "entries", json_integer(rep.entries));
		json_object_set_new(o, "evidence_rows",
		    json_integer(rep.evidence_rows));
		json_object_set_new(o, "files", json_integer(rep.files));
		json_object_set_new(o, "sources", json_integer(rep.sources));
		json_object_set_new(o, "providers",
		    json_integer(rep.providers));
		json_object_set_new(o, "head", ok && rep.head[0] ?
		    json_string(rep.head) : json_null());
		json_object_set_new(o, "first_bad", ok ? json_null() :
		    json_string(rep.first_bad));
		print_json(o);
	} else if (ok) {
		printf("intact: %lld audit entr%s, %lld evidence row%s, "
		    "%lld file%s, %lld registry answer%s, %lld provider%s\n",
		    (long long)rep.entries, rep.entries == 1 ? "y" : "ies",
		    (long long)rep.evidence_rows, PLURAL(rep.evidence_rows),
		    (long long)rep.files, PLURAL(rep.files),
		    (long long)rep.sources, PLURAL(rep.sources),
		    (long long)rep.providers, PLURAL(rep.providers));
		if (rep.head[0])
			printf("head: %s\n", rep.head);
	}
	if (!ok) {
		error("verify failed: %s", rep.first_bad);
		return DP_EX_FAIL;
	}
	return DP_EX_OK;
}
