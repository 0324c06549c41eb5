/*
 * cmd_evidence.c - "depeer evidence add|import|list|show|export|retract":
 * what was seen on a provider's networks, when, by whom, with attached
 * files, and the retraction of a record found to be wrong ("rm" and
 * "delete" only explain that records are never removed).  Parses and
 * prints; evidence_store.c writes.  "import" is in cmd_evidence_import.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "advice.h"
#include "buf.h"
#include "clock.h"
#include "cmd.h"
#include "db.h"
#include "evidence.h"
#include "evidence_store.h"
#include "exitcodes.h"
#include "numparse.h"
#include "outfile.h"
#include "provider.h"

enum { OPT_PROVIDER = OPT_FIRST_LOCAL, OPT_KIND, OPT_INDICATOR,
	OPT_OBSERVED, OPT_FAMILY, OPT_SOURCE, OPT_NOTE, OPT_FILE, OPT_DRYRUN,
	OPT_SINCE, OPT_UNTIL, OPT_FORCE, OPT_ALL, OPT_REASON };

static int
evidence_add_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct ev_input in;
	struct evidence e;
	struct advice adv = ADVICE_INIT;
	struct advice_refanged rf;
	const char *provider;
	size_t i;
	int rc;

	memset(&rf, 0, sizeof(rf));
	memset(&in, 0, sizeof(in));
	memset(&e, 0, sizeof(e));
	in.family = args_get(a, OPT_FAMILY);
	in.indicator = args_get(a, OPT_INDICATOR);
	in.kind = args_get(a, OPT_KIND);
	in.note = args_get(a, OPT_NOTE);
	in.observed_at = args_get(a, OPT_OBSERVED);
	in.source = args_get(a, OPT_SOURCE);
	provider = args_get(a, OPT_PROVIDER);
	for (i = 0; i < a->nopts; i++) {
		if (a->opts[i].id != OPT_FILE)
			continue;
		e.files = xrealloc(e.files, (e.nfiles + 1) * sizeof(*e.files));
		memset(&e.files[e.nfiles], 0, sizeof(*e.files));
		e.files[e.nfiles++].path = xstrdup(a->opts[i].value);
	}
	if (a->argc != 0) {
		rc = cmd_usage_error(ctx, "unexpected argument '%s'",
		    a->argv[0]);
		goto out;
	}
	if (provider == NULL || in.kind == NULL || in.indicator == NULL) {
		rc = cmd_usage_error(ctx, "'evidence add' needs --provider, "
		    "--kind and --indicator");
		goto out;
	}
	if (advice_refang(&in, &rf))
		print_refanged(rf.original, rf.indicator);
	if (evidence_from_input(&in, &e, &err) != 0) {
		rc = report(&err);
		goto out;
	}
	if ((rc = ctx_db(ctx)) != 0)
		goto out;
	if (evidence_add(ctx->db, provider, &e, &err) != 0) {
		rc = report(&err);
		goto out;
	}
	/* Recorded: a failure to check now is said, not the exit status. */
	if (advice_evidence(ctx->db, &e, clock_now(), &adv, &err) != 0)
		warning("cannot check the record: %s", err.msg);
	print_advice(&adv);
	if (ctx->json) {
		json_t *o = evidence_to_json(&e);

		json_object_set_new(o, "warnings", advice_to_json(&adv));
		print_json(o);
	} else
		printf("recorded evidence %lld (%s %s)\n", (long long)e.id,
		    tx(e.kind), tx(e.indicator));
	rc = DP_EX_OK;
out:
	evidence_release(&e);
	advice_release(&adv);
	advice_refanged_release(&rf);
	return rc;
}

static const struct cmd_entry add_entry = {
	.name = "add",
	.summary = "record one observation",
	.about = "Record one observation on a provider's networks, with "
	    "attached files, in one transaction.",
	.usage = "add --provider P --kind KIND --indicator VALUE "
	    "[--observed-at TIME] [--family NAME] [--source NAME] "
	    "[--note TEXT] [--file PATH]...",
	.flags = CMD_DB_WRITE,
	.opts = (const struct cmd_opt[]){
		{ "provider", OPT_PROVIDER, required_argument, "P",
		  "the provider (name or id)" },
		{ "kind", OPT_KIND, required_argument, "KIND",
		  "what was seen: c2, spam-source, phishing, ..." },
		{ "indicator", OPT_INDICATOR, required_argument, "VALUE",
		  "an address, prefix, domain or URL" },
		{ "observed-at", OPT_OBSERVED, required_argument, "TIME",
		  "when it was seen (RFC 3339)" },
		{ "family", OPT_FAMILY, required_argument, "NAME",
		  "the malware family or campaign" },
		{ "source", OPT_SOURCE, required_argument, "NAME",
		  "who saw it (a feed, a sinkhole)" },
		{ "note", OPT_NOTE, required_argument, "TEXT",
		  "a note (several lines allowed)" },
		{ "file", OPT_FILE, required_argument, "PATH",
		  "attach a file (again for more)" },
		CMD_OPTS_END
	},
	.exec = evidence_add_exec,
	.man = "depeer-evidence",
};

/* Parse an evidence id argument. */
static int
parse_id(const char *s, int64_t *id)
{
	long long v;

	if (parse_num(NULL, s, 1, INT64_MAX, &v, NULL) != 0) {
		error("'%s' is not an evidence id", s);
		return DP_EX_USAGE;
	}
	*id = v;
	return 0;
}

struct list_state {
	struct ctx	*ctx;
	struct table	*t;
	int64_t		 n;
	int		 all;	/* retracted rows too, marked */
	struct buf	 json;	/* one row's JSON text, reused */
};

static int
list_row(const struct evidence *e, void *arg)
{
	struct list_state *ls = arg;
	char id[24], obs[TIME_STRLEN], files[24], ret[TIME_STRLEN], *ind;
	const char *row[9];

	ls->n++;
	if (ls->ctx->json) {
		/* Written from the row: the same text as evidence_to_json(). */
		buf_reset(&ls->json);
		evidence_json_write(&ls->json, e, 2);
		json_stream_text(ls->json.s, ls->json.len, ls->n);
		return ferror(stdout) ? DP_EX_IOERR : 0;
	}
	snprintf(id, sizeof(id), "%lld", (long long)e->id);
	if (e->has_observed)
		fmt_time(e->observed_at, obs);
	snprintf(files, sizeof(files), "%zu", e->nfiles);
	ind = ellipsize(e->indicator, 60);
	row[0] = id;
	row[1] = e->provider_name;
	row[2] = e->kind;
	row[3] = ind;
	row[4] = e->has_observed ? obs : NULL;
	row[5] = e->family;
	row[6] = e->source;
	row[7] = e->nfiles ? files : NULL;
	if (e->retracted)
		fmt_time(e->retracted_at, ret);
	row[8] = e->retracted ? ret : NULL;
	table_row(ls->t, row);
	free(ind);
	return ferror(stdout) ? DP_EX_IOERR : 0;
}

static int
evidence_list_exec(const struct cmd_args *a, struct ctx *ctx)
{
	static const char *const hdr[] = { "ID", "PROVIDER", "KIND",
	    "INDICATOR", "OBSERVED", "FAMILY", "SOURCE", "FILES",
	    "RETRACTED" };
	struct dp_err err = DP_ERR_INIT;
	struct ev_filter f;
	struct provider p = PROVIDER_INIT;
	struct list_state ls;
	const char *provider = NULL, *v;
	size_t i;
	int rc;

	memset(&f, 0, sizeof(f));
	/* Values are checked in command-line order, before the operands. */
	for (i = 0; i < a->nopts; i++) {
		v = a->opts[i].value;
		switch (a->opts[i].id) {
		case OPT_KIND:
			if (val_kind(v, &err) != 0)
				return report(&err);
			f.kind = v;
			break;
		case OPT_PROVIDER:
			provider = v;
			break;
		case OPT_SINCE:
			if (val_time(v, &f.since, &err) != 0)
				return report(&err);
			f.has_since = 1;
			break;
		case OPT_UNTIL:
			if (val_time(v, &f.until, &err) != 0)
				return report(&err);
			f.has_until = 1;
			break;
		}
	}
	if (a->argc != 0)
		return cmd_usage_error(ctx, "unexpected argument '%s'",
		    a->argv[0]);
	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	if (provider != NULL) {
		if (db_provider_find(ctx->db, provider, &p, &err) != 0)
			return report(&err);
		f.provider_id = p.id;
		provider_release(&p);
	}
	memset(&ls, 0, sizeof(ls));
	ls.ctx = ctx;
	ls.all = args_has(a, OPT_ALL) > 0;
	buf_init(&ls.json);
	f.hide_retracted = !ls.all;
	/* RETRACTED only with --all: no row would have one otherwise. */
	if (!ctx->json)
		ls.t = table_new(ls.all ? 9 : 8, hdr);
	rc = db_evidence_iter(ctx->db, &f, list_row, &ls, &err);
	buf_release(&ls.json);
	if (ctx->json)
		json_stream_end(ls.n);
	else
		table_end(ls.t);
	if (rc != 0)
		return rc == DP_EX_IOERR && err.msg[0] == '\0' ? rc :
		    report(&err);
	return DP_EX_OK;
}

static const struct cmd_entry list_entry = {
	.name = "list",
	.summary = "list evidence",
	.usage = "list [--provider P] [--kind K] [--since TIME] [--until TIME] "
	    "[--all] [--json]",
	.flags = CMD_DB_READ,
	.opts = (const struct cmd_opt[]){
		{ "provider", OPT_PROVIDER, required_argument, "P",
		  "only this provider's" },
		{ "kind", OPT_KIND, required_argument, "K",
		  "only this kind" },
		{ "since", OPT_SINCE, required_argument, "TIME",
		  "only observed at or after TIME" },
		{ "until", OPT_UNTIL, required_argument, "TIME",
		  "only observed before TIME" },
		{ "all", OPT_ALL, no_argument, NULL,
		  "retracted records too, with a RETRACTED column" },
		CMD_OPTS_END
	},
	.exec = evidence_list_exec,
	.man = "depeer-evidence",
};

/* Keep the one record loaded (a deep copy into arg). */
static int
copy_one(const struct evidence *e, void *arg)
{
	evidence_copy(arg, e);
	return 0;
}

static int
load_one(struct ctx *ctx, const char *arg, struct evidence *e)
{
	struct dp_err err = DP_ERR_INIT;
	struct ev_filter f;
	int rc;

	memset(&f, 0, sizeof(f));
	memset(e, 0, sizeof(*e));
	if ((rc = parse_id(arg, &f.id)) != 0)
		return rc;
	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	if (db_evidence_iter(ctx->db, &f, copy_one, e, &err) != 0)
		return report(&err);
	if (e->id == 0) {
		error("no evidence with id %s", arg);
		return DP_EX_NOINPUT;
	}
	return 0;
}

static int
evidence_show_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct evidence e;
	char t[TIME_STRLEN], hex[SHA256_HEXLEN];
	size_t i;
	int rc;

	if (a->argc != 1)
		return cmd_usage_error(ctx, "'evidence show' needs one ID");
	if ((rc = load_one(ctx, a->argv[0], &e)) != 0)
		return rc;
	if (ctx->json) {
		print_json(evidence_to_json(&e));
		evidence_release(&e);
		return DP_EX_OK;
	}
	printf("id:          %lld\n", (long long)e.id);
	printf("provider:    %s\n", tx(e.provider_name));
	printf("kind:        %s\n", tx(e.kind));
	printf("indicator:   %s (%s)\n", tx(e.indicator),
	    ind_type_name(e.indicator_type));
	if (e.has_observed)
		fmt_time(e.observed_at, t);
	printf("observed:    %s\n", e.has_observed ? t : "-");
	printf("family:      %s\n", tx(e.family));
	printf("source:      %s\n", tx(e.source));
	fmt_time(e.recorded_at, t);
	printf("recorded:    %s (audit entry %lld)\n", t,
	    (long long)e.audit_seq);
	sha256_hex(e.row_hash, hex);
	printf("row sha256:  %s\n", hex);
	if (e.note != NULL)
		print_field("note:        ", e.note);
	for (i = 0; i < e.nfiles; i++)
		printf("file %zu:      %s  %lld bytes  sha256 %s\n", i + 1,
		    tx(e.files[i].name), (long long)e.files[i].size,
		    e.files[i].sha256);
	if (e.retracted) {
		fmt_time(e.retracted_at, t);
		printf("RETRACTED:   %s (audit entry %lld)\n", t,
		    (long long)e.retract_seq);
		print_field("reason:      ", e.retract_reason);
	}
	evidence_release(&e);
	return DP_EX_OK;
}

static const struct cmd_entry show_entry = {
	.name = "show",
	.summary = "show one record",
	.usage = "show ID [--json]",
	.flags = CMD_DB_READ,
	.exec = evidence_show_exec,
	.man = "depeer-evidence",
};

static int
evidence_export_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct evidence e;
	const char *which = args_get(a, OPT_FILE), *out = args_get(a, 'o');
	struct outfile *of;
	struct evfile *f = NULL;
	char *end;
	size_t i;
	long n;
	int rc, force = args_has(a, OPT_FORCE) > 0;
	char t[TIME_STRLEN];

	if (a->argc != 1)
		return cmd_usage_error(ctx, "'evidence export' needs one ID");
	if ((rc = load_one(ctx, a->argv[0], &e)) != 0)
		return rc;
	/* A retracted record's files stay out of what is sent on. */
	if (e.retracted && args_has(a, OPT_ALL) == 0) {
		fmt_time(e.retracted_at, t);
		error("evidence %lld was retracted at %s (audit entry %lld: "
		    "%s); add --all to export its file anyway",
		    (long long)e.id, t, (long long)e.retract_seq,
		    e.retract_reason);
		rc = DP_EX_DATAERR;
		goto done;
	}
	rc = DP_EX_NOINPUT;
	if (e.nfiles == 0) {
		error("evidence %lld has no attached files", (long long)e.id);
		goto done;
	}
	if (which == NULL) {
		if (e.nfiles > 1) {
			error("evidence %lld has %zu files; choose one with "
			    "--file N or --file NAME:", (long long)e.id,
			    e.nfiles);
			for (i = 0; i < e.nfiles; i++)
				fprintf(stderr, "  %zu  %s\n", i + 1,
				    tx(e.files[i].name));
			rc = DP_EX_USAGE;
			goto done;
		}
		f = &e.files[0];
	} else {
		n = strtol(which, &end, 10);
		if (*which != '\0' && *end == '\0') {
			if (n >= 1 && (size_t)n <= e.nfiles)
				f = &e.files[n - 1];
		} else
			for (i = 0; i < e.nfiles && f == NULL; i++)
				if (strcmp(e.files[i].name, which) == 0)
					f = &e.files[i];
		if (f == NULL) {
			error("evidence %lld has no file '%s'",
			    (long long)e.id, which);
			goto done;
		}
	}
	if (out == NULL || strcmp(out, "-") == 0) {
		if (ctx->json) {
			error("--json needs -o PATH: the file itself goes to "
			    "standard output otherwise");
			rc = DP_EX_USAGE;
			goto done;
		}
		if (isatty(STDOUT_FILENO)) {
			error("not writing file '%s' to a terminal; use -o "
			    "PATH or a redirection", f->name);
			rc = DP_EX_USAGE;
			goto done;
		}
		rc = db_artifact_write(ctx->db, f->artifact_id, stdout, &err);
		if (rc != 0)
			report(&err);
		goto done;
	}
	/*
	 * The file appears under its name only when complete and synced
	 * (outfile.h); the mode is the usual 0666 less the umask.
	 */
	if ((rc = outfile_open_mode(out, 0666, force, &of, &err)) != 0) {
		report(&err);
		goto done;
	}
	if ((rc = db_artifact_write(ctx->db, f->artifact_id, outfile_fp(of),
	    &err)) != 0) {
		outfile_abort(of);
		report(&err);
		goto done;
	}
	if ((rc = outfile_commit(of, &err)) != 0) {
		report(&err);
		goto done;
	}
	if (rc == 0 && ctx->json) {
		json_t *o = json_object();

		json_object_set_new(o, "evidence_id", json_integer(e.id));
		json_object_set_new(o, "file", json_integer(f - e.files + 1));
		json_object_set_new(o, "name", json_string(f->name));
		json_object_set_new(o, "sha256", json_string(f->sha256));
		json_object_set_new(o, "size", json_integer(f->size));
		json_object_set_new(o, "path", json_string(out));
		print_json(o);
	} else if (rc == 0)
		fprintf(stderr, "wrote %s (%lld bytes, sha256 %s)\n", tx(out),
		    (long long)f->size, f->sha256);
done:
	evidence_release(&e);
	return rc;
}

static const struct cmd_entry export_entry = {
	.name = "export",
	.summary = "write an attached file back out",
	.about = "Write a file attached to an evidence record back out, "
	    "checked against its SHA-256.",
	.usage = "export ID [--all] [--file N|NAME] "
	    "[-o PATH [--force] [--json]]",
	.flags = CMD_DB_READ,
	.opts = (const struct cmd_opt[]){
		{ "file", OPT_FILE, required_argument, "N|NAME",
		  "which file, by position or name" },
		{ "output", 'o', required_argument, "PATH",
		  "write it to PATH (default: standard output)" },
		{ "force", OPT_FORCE, no_argument, NULL,
		  "replace PATH if it exists" },
		{ "all", OPT_ALL, no_argument, NULL,
		  "export from a retracted record too" },
		CMD_OPTS_END
	},
	.exec = evidence_export_exec,
	.man = "depeer-evidence",
};

static int
evidence_retract_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	const char *reason = args_get(a, OPT_REASON);
	struct evidence *out;
	int64_t *ids;
	char t[TIME_STRLEN];
	size_t n, i, j;
	int rc;

	if (a->argc == 0)
		return cmd_usage_error(ctx, "'evidence retract' needs one ID "
		    "or more");
	if (reason == NULL)
		return cmd_usage_error(ctx, "'evidence retract' needs --reason "
		    "TEXT, saying what was wrong");
	n = (size_t)a->argc;
	ids = xcalloc(n, sizeof(*ids));
	for (i = 0; i < n; i++) {
		if ((rc = parse_id(a->argv[i], &ids[i])) != 0)
			goto out_ids;
		for (j = 0; j < i; j++)
			if (ids[j] == ids[i]) {
				rc = cmd_usage_error(ctx, "evidence %lld is "
				    "named twice", (long long)ids[i]);
				goto out_ids;
			}
	}
	if ((rc = evidence_reason_check(reason, &err)) != 0) {
		rc = rc == DP_EX_USAGE ? cmd_usage_error(ctx, "%s", err.msg) :
		    report(&err);
		goto out_ids;
	}
	if ((rc = ctx_db(ctx)) != 0)
		goto out_ids;
	out = xcalloc(n, sizeof(*out));
	if ((rc = evidence_retract(ctx->db, ids, n, reason, out,
	    &err)) != 0) {
		report(&err);
		goto out;
	}
	if (ctx->json) {
		json_t *arr = json_array();

		for (i = 0; i < n; i++)
			json_array_append_new(arr, evidence_to_json(&out[i]));
		print_json(arr);
	} else {
		fmt_time(out[0].retracted_at, t);
		for (i = 0; i < n; i++)
			printf("retracted evidence %lld (%s %s) at %s; audit "
			    "entry %lld\n", (long long)out[i].id,
			    tx(out[i].kind), tx(out[i].indicator), t,
			    (long long)out[i].retract_seq);
	}
	for (i = 0; i < n; i++)
		evidence_release(&out[i]);
	rc = DP_EX_OK;
out:
	free(out);
out_ids:
	free(ids);
	return rc;
}

static const struct cmd_entry retract_entry = {
	.name = "retract",
	.summary = "mark records as wrong, keeping them",
	.about = "Retract evidence records found to be wrong: each stays in "
	    "the case as it was, marked retracted with the reason, in the "
	    "audit log; list and export leave it out from then on.  All "
	    "the IDs or none.",
	.usage = "retract ID... --reason TEXT",
	.flags = CMD_DB_WRITE,
	.opts = (const struct cmd_opt[]){
		{ "reason", OPT_REASON, required_argument, "TEXT",
		  "what was wrong (required; several lines allowed)" },
		CMD_OPTS_END
	},
	.exec = evidence_retract_exec,
	.man = "depeer-evidence",
};

/* "rm" and "delete": there is no such thing; say what to do instead. */
static int
evidence_rm_exec(const struct cmd_args *a, struct ctx *ctx)
{
	(void)a;
	error("evidence records are never removed: the case is append-only "
	    "and its audit log covers every row");
	fprintf(stderr, "To mark a record as wrong, keeping it and saying "
	    "why:\n    depeer evidence retract %s --reason TEXT\n",
	    a->argc > 0 ? tx(a->argv[0]) : "ID");
	cmd_print_usage(stderr, ctx);
	return DP_EX_USAGE;
}

#define RM_ENTRY(n) { \
	.name = n, \
	.summary = "refused: see retract", \
	.about = "Refused: a case is append-only.  Use 'evidence retract " \
	    "ID... --reason TEXT' to mark a record as wrong.", \
	.usage = n " ID...", \
	.exec = evidence_rm_exec, \
	.man = "depeer-evidence", \
}
static const struct cmd_entry rm_entry = RM_ENTRY("rm");
static const struct cmd_entry delete_entry = RM_ENTRY("delete");
static const struct cmd_entry remove_entry = RM_ENTRY("remove");

const struct cmd_entry cmd_evidence_entry = {
	.name = "evidence",
	.summary = "record, import, list, export and retract evidence",
	.usage = "evidence add|import|list|show|export|retract ...",
	.subs = (const struct cmd_entry *const[]){ &add_entry,
	    &cmd_evidence_import_entry, &list_entry, &show_entry, &export_entry,
	    &retract_entry, &rm_entry, &delete_entry, &remove_entry, NULL },
	.man = "depeer-evidence",
};
