/*
 * cmd_verify.c - "depeer verify": recompute the audit chain and what it
 * covers (evidence rows, files, registry answers, providers) and name the
 * first thing altered.
 */
#include <stdio.h>
#include <string.h>

#include "ascii.h"

#include "verify.h"
#include "bundle.h"
#include "cmd.h"
#include "db.h"
#include "exitcodes.h"
#include "hash.h"

#define PLURAL(n)	((n) == 1 ? "" : "s")

enum { OPT_EXPECT = OPT_FIRST_LOCAL, OPT_BUNDLE };

/*
 * Fewest hex digits --expect-head takes: 48 bits, as many as git's
 * abbreviated ids in large projects; two entries of one case sharing
 * them by chance is out of reach, and a shared prefix is refused anyway.
 */
#define EXPECT_MIN	12

/*
 * --expect-head's value as verify_audit() wants it: 12 to 64 hex digits,
 * either case, into lower case in buf.  Returns 0, or 64 after the error.
 */
static int
expect_arg(const char *s, char buf[SHA256_HEXLEN])
{
	char qb[ASCII_EXCERPT_BUF];
	size_t i, n = strlen(s);

	for (i = 0; i < n; i++)
		if (strchr("0123456789abcdefABCDEF", s[i]) == NULL)
			break;
	if (n < EXPECT_MIN || n > SHA256_HEXLEN - 1 || i != n) {
		error("--expect-head '%s': expected the head's 64 hex digits, "
		    "or at least its first %d", ascii_excerpt(s, n, qb),
		    EXPECT_MIN);
		return DP_EX_USAGE;
	}
	for (i = 0; i < n; i++)
		buf[i] = ascii_tolower(s[i]);
	buf[n] = '\0';
	return 0;
}

/*
 * Whether the error (code, msg) of audit_verify() is the store refusing a
 * row (db_internal.h's db_row messages); if so, fail rep with its
 * message, less the lead and the advice to run verify.
 */
static int
altered(struct verify_report *rep, int code, const char *msg)
{
	static const char hint[] = DB_ROW_HINT;
	static const char lead[] = DB_ROW_LEAD;
	size_t n = strlen(msg), h = sizeof(hint) - 1;

	if (code != DP_EX_DATAERR ||
	    strncmp(msg, lead, sizeof(lead) - 1) != 0)
		return 0;
	msg += sizeof(lead) - 1;
	n -= sizeof(lead) - 1;
	if (n >= h && strcmp(msg + n - h, hint) == 0)
		n -= h;
	rep->ok = 0;
	rep->damaged = 0;
	snprintf(rep->first_bad, sizeof(rep->first_bad), "%.*s", (int)n, msg);
	return 1;
}

/* verify --bundle DIR: the bundle held to the database (bundle.h). */
static int
verify_bundle(struct ctx *ctx, const char *dir)
{
	struct dp_err err = DP_ERR_INIT;
	struct bundle_check c;
	int rc;

	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	if ((rc = bundle_verify(ctx->db, dir, &c, &err)) != 0)
		return report(&err);
	if (ctx->json) {
		json_t *o = json_object();

		json_object_set_new(o, "ok", json_boolean(c.ok));
		json_object_set_new(o, "files", json_integer(c.files));
		json_object_set_new(o, "records", json_integer(c.records));
		json_object_set_new(o, "complaints",
		    json_integer(c.complaints));
		json_object_set_new(o, "mails", json_integer(c.mails));
		json_object_set_new(o, "entries", json_integer(c.entries));
		json_object_set_new(o, "head_seq", c.head[0] ?
		    json_integer(c.head_seq) : json_null());
		json_object_set_new(o, "head", c.head[0] ?
		    json_string(c.head) : json_null());
		json_object_set_new(o, "later", json_integer(c.later));
		json_object_set_new(o, "first_bad", c.ok ? json_null() :
		    json_string(c.first_bad));
		print_json(o);
	} else if (c.ok) {
		printf("bundle intact: %lld file%s match SHA256SUMS; %lld "
		    "registry answer%s, %lld complaint%s, %lld mail%s and "
		    "%lld audit entr%s match the database\n",
		    (long long)c.files, PLURAL(c.files),
		    (long long)c.records, PLURAL(c.records),
		    (long long)c.complaints, PLURAL(c.complaints),
		    (long long)c.mails, PLURAL(c.mails),
		    (long long)c.entries, c.entries == 1 ? "y" : "ies");
		printf("head: %lld %s\n", (long long)c.head_seq, c.head);
		if (c.later > 0)
			printf("the database has moved on: %lld entr%s after "
			    "the bundle's head\n", (long long)c.later,
			    c.later == 1 ? "y" : "ies");
	}
	if (!c.ok) {
		error("bundle check failed: %s", c.first_bad);
		return DP_EX_FAIL;
	}
	return DP_EX_OK;
}

/* ", N things" at the end of the summary line, when n is not 0. */
static void
count_tail(int64_t n, const char *one, const char *many)
{
	if (n > 0)
		printf(", %lld %s", (long long)n, n == 1 ? one : many);
}

static int
verify_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct verify_report rep;
	const char *expect = NULL, *arg;
	char ebuf[SHA256_HEXLEN];
	int rc, ok;

	if ((arg = args_get(a, OPT_EXPECT)) != NULL) {
		if ((rc = expect_arg(arg, ebuf)) != 0)
			return rc;
		expect = ebuf;
	}
	if (a->argc != 0)
		return cmd_usage_error(ctx, "'verify' takes no arguments");
	if ((arg = args_get(a, OPT_BUNDLE)) != NULL) {
		if (expect != NULL)
			return cmd_usage_error(ctx, "--bundle checks the "
			    "bundle's own head; --expect-head does not apply");
		return verify_bundle(ctx, arg);
	}
	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	/*
	 * A row the store refused to read (a value of another storage
	 * class, text with a hidden NUL, a row breaking the model) was
	 * written behind depeer's back: a finding, not a failure to check.
	 * Any other error (a page SQLite finds corrupt: 65) stops verify.
	 */
	if ((rc = audit_verify(ctx->db, expect, &rep, &err)) != 0 &&
	    !altered(&rep, rc, err.msg))
		return report(&err);
	if (rep.ok && rep.expect_found > 1) {
		error("--expect-head '%s' is the start of %d entries' hashes; "
		    "give more digits", ebuf, rep.expect_found);
		return DP_EX_USAGE;
	}
	if (rep.ok && expect != NULL && !rep.expect_found) {
		rep.ok = 0;
		snprintf(rep.first_bad, sizeof(rep.first_bad), "the expected "
		    "head %s is not in the audit chain; entries were "
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
		json_object_set_new(o, "retractions",
		    json_integer(rep.retractions));
		json_object_set_new(o, "retirements",
		    json_integer(rep.retirements));
		json_object_set_new(o, "merges", json_integer(rep.merges));
		json_object_set_new(o, "complaints",
		    json_integer(rep.complaints));
		json_object_set_new(o, "mails", json_integer(rep.mails));
		json_object_set_new(o, "events", json_integer(rep.events));
		json_object_set_new(o, "series", json_integer(rep.series));
		json_object_set_new(o, "media_contacts",
		    json_integer(rep.media));
		json_object_set_new(o, "bgp_imports",
		    json_integer(rep.bgp_imports));
		json_object_set_new(o, "prefix_tables",
		    json_integer(rep.prefix_tables));
		json_object_set_new(o, "head", ok && rep.head[0] ?
		    json_string(rep.head) : json_null());
		json_object_set_new(o, "first_bad", ok ? json_null() :
		    json_string(rep.first_bad));
		if (!ok)
			json_object_set_new(o, "damaged",
			    json_boolean(rep.damaged));
		print_json(o);
	} else if (ok) {
		printf("intact: %lld audit entr%s, %lld evidence row%s, "
		    "%lld file%s, %lld registry answer%s, %lld provider%s",
		    (long long)rep.entries, rep.entries == 1 ? "y" : "ies",
		    (long long)rep.evidence_rows, PLURAL(rep.evidence_rows),
		    (long long)rep.files, PLURAL(rep.files),
		    (long long)rep.sources, PLURAL(rep.sources),
		    (long long)rep.providers, PLURAL(rep.providers));
		/* The changes that undo or end records, and the kinds of
		   record a case may have, when there are any. */
		count_tail(rep.retractions, "retraction", "retractions");
		count_tail(rep.retirements, "retirement", "retirements");
		count_tail(rep.merges, "merge", "merges");
		count_tail(rep.complaints, "complaint", "complaints");
		count_tail(rep.mails, "mail read back", "mails read back");
		count_tail(rep.events, "event", "events");
		count_tail(rep.series, "measured series", "measured series");
		count_tail(rep.media, "media contact", "media contacts");
		count_tail(rep.bgp_imports, "BGP import", "BGP imports");
		count_tail(rep.prefix_tables, "prefix table", "prefix tables");
		putchar('\n');
		if (rep.head[0])
			printf("head: %s\n", rep.head);
	}
	if (!ok && rep.damaged) {
		error("verify failed: the case file is damaged: %s; restore it "
		    "from a copy", rep.first_bad);
		return DP_EX_DATAERR;
	}
	if (!ok) {
		error("verify failed: %s", rep.first_bad);
		return DP_EX_FAIL;
	}
	return DP_EX_OK;
}

const struct cmd_entry cmd_verify_entry = {
	.name = "verify",
	.summary = "check the audit chain, evidence and files for tampering",
	.about = "Check the file's schema and run SQLite's integrity check, "
	    "then recompute the audit chain and the hashes of every evidence "
	    "row, file, registry answer and provider; exit 1 naming the "
	    "first thing altered, 65 if the file is damaged.  With --bundle, "
	    "check a case bundle against the database instead.",
	.usage = "verify [--expect-head HASH] [--json]\n"
	    "verify --bundle DIR [--json]",
	.flags = CMD_DB_READ,
	.opts = (const struct cmd_opt[]){
		{ "expect-head", OPT_EXPECT, required_argument, "HASH",
		  "fail unless this earlier head (or its first 12+ hex "
		  "digits) is still in the chain" },
		{ "bundle", OPT_BUNDLE, required_argument, "DIR",
		  "check a case bundle (export bundle) against the database" },
		CMD_OPTS_END
	},
	.exec = verify_exec,
	.man = "depeer-verify",
};
