/*
 * cmd_template.c - "depeer template render|list|show": preview a template
 * with JSON data, list the templates there are, and show one with the
 * names it uses.  No database, no configuration: templates come from
 * tplfile.h's lookup.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "exitcodes.h"
#include "openin.h"
#include "template.h"
#include "tplfile.h"

enum { OPT_DATA = OPT_FIRST_LOCAL, OPT_PARTIALS, OPT_HTML };

/* What render writes at most, and the largest --data it reads. */
#define RENDER_MAX	(16 * 1024 * 1024)
#define DATA_MAX	(256 * 1024 * 1024)

/* Read all of fp (named what) into b, at most DATA_MAX bytes. */
static int
slurp(FILE *fp, const char *what, struct buf *b)
{
	char chunk[65536];
	size_t n;

	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		buf_add(b, chunk, n);
		if (b->len > DATA_MAX) {
			error("%s: larger than %d bytes", what, DATA_MAX);
			return DP_EX_DATAERR;
		}
	}
	if (ferror(fp)) {
		error("cannot read %s: %s", what, strerror(errno));
		return DP_EX_NOINPUT;
	}
	return 0;
}

/* The --data file ("-": standard input) as a JSON value in *out. */
static int
read_data(const char *path, json_t **out)
{
	struct dp_err err = DP_ERR_INIT;
	struct buf b = BUF_INIT;
	json_error_t je;
	char *what;
	FILE *fp;
	int rc;

	if (strcmp(path, "-") == 0) {
		what = xstrdup("standard input");
		rc = slurp(stdin, what, &b);
	} else {
		what = xasprintf("'%s'", tx(path));
		if ((rc = fopen_regular(path, &fp, NULL, &err)) != 0) {
			free(what);
			return report(&err);
		}
		rc = slurp(fp, what, &b);
		fclose(fp);
	}
	if (rc == 0 && (*out = json_loadb(b.s, b.len, JSON_DECODE_ANY |
	    JSON_REJECT_DUPLICATES, &je)) == NULL) {
		error("%s: bad JSON at line %d column %d: %s", what, je.line,
		    je.column, tx(je.text));
		rc = DP_EX_DATAERR;
	}
	buf_release(&b);
	free(what);
	return rc;
}

/* The template operand, with --partials; 0 or the status after the error. */
static int
find(const struct cmd_args *a, struct tplfile *t)
{
	struct tplfile_dirs d = { 0 };
	struct dp_err err = DP_ERR_INIT;
	struct stat sb;

	d.partials = args_get(a, OPT_PARTIALS);
	if (d.partials != NULL && (stat(d.partials, &sb) != 0 ||
	    !S_ISDIR(sb.st_mode))) {
		error("--partials: '%s' is not a folder", tx(d.partials));
		return DP_EX_NOINPUT;
	}
	if (tplfile_find(a->argv[0], &d, t, &err) != 0)
		return report(&err);
	return 0;
}

static int
render_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct tplfile t = TPLFILE_INIT;
	struct dp_err err = DP_ERR_INIT;
	struct buf out = BUF_INIT;
	json_t *data = NULL, *o;
	char *subject = NULL;
	const char *path = args_get(a, OPT_DATA);
	int rc;

	if (a->argc != 1)
		return cmd_usage_error(ctx, "'template render' needs one "
		    "template: a NAME or a PATH");
	if (path == NULL)
		return cmd_usage_error(ctx, "'template render' needs --data "
		    "FILE (a JSON file; - for standard input)");
	if ((rc = find(a, &t)) != 0)
		return rc;
	if ((rc = read_data(path, &data)) != 0)
		goto done;
	if (args_has(a, OPT_HTML))
		t.html = 1;
	if ((rc = tplfile_render(&t, data, RENDER_MAX, &out, ctx->json &&
	    t.meta.subject != NULL ? &subject : NULL, &err)) != 0) {
		rc = report(&err);
		goto done;
	}
	if (ctx->json) {
		o = json_object();
		json_object_set_new(o, "name", json_string(t.name));
		json_object_set_new(o, "origin", json_string(t.origin));
		json_object_set_new(o, "html", json_boolean(t.html));
		json_object_set_new(o, "subject", subject != NULL ?
		    json_string(subject) : json_null());
		json_object_set_new(o, "output", json_stringn(out.s,
		    out.len));
		print_json(o);
	} else
		/* the bytes as rendered: escaped only on a terminal */
		print_answer(out.s, out.len);
done:
	free(subject);
	json_decref(data);
	buf_release(&out);
	tplfile_release(&t);
	return rc;
}

static const char *
kind_name(int html)
{
	return html ? "html" : "text";
}

static json_t *
str_or_null(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

static void
meta_json(json_t *o, const struct tplmeta *m)
{
	json_object_set_new(o, "subject", str_or_null(m->subject));
	json_object_set_new(o, "due_days", m->due_days >= 0 ?
	    json_integer(m->due_days) : json_null());
	json_object_set_new(o, "audience", str_or_null(m->audience));
	json_object_set_new(o, "summary", str_or_null(m->summary));
}

static int
list_exec(const struct cmd_args *a, struct ctx *ctx)
{
	static const char *const hdr[] = { "NAME", "KIND", "DUE", "ORIGIN",
	    "SUMMARY" };
	struct dp_err err = DP_ERR_INIT;
	struct tplfile_entry *v;
	struct table *tb;
	size_t n, i;
	json_t *arr, *o;
	char due[16];
	const char *row[5];

	if (a->argc != 0)
		return cmd_usage_error(ctx, "'template list' takes no "
		    "arguments");
	if (tplfile_list(NULL, &v, &n, &err) != 0)
		return report(&err);
	for (i = 0; i < n; i++)
		if (v[i].error != NULL)
			warning("%s", tx(v[i].error));
	if (ctx->json) {
		arr = json_array();
		for (i = 0; i < n; i++) {
			o = json_object();
			json_object_set_new(o, "name", json_string(v[i].name));
			json_object_set_new(o, "origin",
			    json_string(v[i].origin));
			json_object_set_new(o, "overrides_builtin",
			    json_boolean(v[i].overrides));
			json_object_set_new(o, "kind",
			    json_string(kind_name(v[i].html)));
			meta_json(o, &v[i].meta);
			json_object_set_new(o, "error",
			    str_or_null(v[i].error));
			json_array_append_new(arr, o);
		}
		print_json(arr);
	} else {
		tb = table_new(5, hdr);
		for (i = 0; i < n; i++) {
			snprintf(due, sizeof(due), "%d", v[i].meta.due_days);
			row[0] = v[i].name;
			row[1] = kind_name(v[i].html);
			row[2] = v[i].meta.due_days >= 0 ? due : NULL;
			row[3] = v[i].origin;
			row[4] = v[i].error != NULL ? "(broken: see the "
			    "warning)" : v[i].meta.summary;
			table_row(tb, row);
		}
		table_end(tb);
	}
	tplfile_list_free(v, n);
	return DP_EX_OK;
}

/* A name as "template show" lists it: once per name and sections. */
struct shown {
	char		*name;
	char		*within;	/* "a > b", or "" */
	unsigned	 uses;		/* 1 value, 2 section, 4 inverted */
	int		 optional;	/* every value use is optional */
	int		 line;		/* first use */
};

static const char *const use_names[] = { "value", "section", "inverted" };

static void
add_names(struct shown **v, size_t *n, size_t *cap, char ***parts,
    size_t *np, size_t *capp, const struct tpl_name *t, size_t nt)
{
	size_t i, j;

	for (i = 0; i < nt; i++) {
		struct buf w = BUF_INIT;
		struct shown *s = NULL;
		unsigned use;

		if (t[i].kind == TPL_PARTIAL) {
			for (j = 0; j < *np; j++)
				if (strcmp((*parts)[j], t[i].name) == 0)
					break;
			if (j == *np) {
				GROW(*parts, *np + 1, *capp);
				(*parts)[(*np)++] = xstrdup(t[i].name);
			}
			continue;
		}
		for (j = 0; j < t[i].nwithin; j++)
			buf_addf(&w, "%s%s", j > 0 ? " > " : "",
			    t[i].within[j]);
		use = t[i].kind == TPL_VARIABLE ? 1 : t[i].kind ==
		    TPL_SECTION ? 2 : 4;
		for (j = 0; j < *n; j++)
			if (strcmp((*v)[j].name, t[i].name) == 0 &&
			    strcmp((*v)[j].within, w.s) == 0) {
				s = &(*v)[j];
				break;
			}
		if (s == NULL) {
			GROW(*v, *n + 1, *cap);
			s = &(*v)[(*n)++];
			s->name = xstrdup(t[i].name);
			s->within = xstrdup(w.s);
			s->uses = 0;
			s->optional = 1;
			s->line = t[i].line;
		}
		s->uses |= use;
		if (use == 1 && !t[i].optional)
			s->optional = 0;
		buf_release(&w);
	}
}

static int
show_exec(const struct cmd_args *a, struct ctx *ctx)
{
	static const char *const hdr[] = { "NAME", "USE", "LINE", "WITHIN" };
	struct tplfile t = TPLFILE_INIT;
	struct dp_err err = DP_ERR_INIT;
	struct tpl_name *names = NULL, *snames = NULL;
	size_t nn = 0, ns = 0, n = 0, cap = 0, np = 0, capp = 0, i, k;
	struct shown *v = NULL;
	char **parts = NULL, line[16], due[16];
	struct buf use = BUF_INIT;
	json_t *o, *arr, *u;
	struct table *tb;
	const char *row[4];
	int rc;

	if (a->argc != 1)
		return cmd_usage_error(ctx, "'template show' needs one "
		    "template: a NAME or a PATH");
	if ((rc = find(a, &t)) != 0)
		return rc;
	if (t.meta.subject != NULL && (rc = tpl_names(t.name, t.meta.subject,
	    strlen(t.meta.subject), t.meta.subject_line, &snames, &ns,
	    &err)) != 0) {
		rc = report(&err);
		goto done;
	}
	if ((rc = tpl_names(t.name, t.text + t.body_off, t.len - t.body_off,
	    t.body_line, &names, &nn, &err)) != 0) {
		rc = report(&err);
		goto done;
	}
	add_names(&v, &n, &cap, &parts, &np, &capp, snames, ns);
	add_names(&v, &n, &cap, &parts, &np, &capp, names, nn);
	if (ctx->json) {
		o = json_object();
		json_object_set_new(o, "name", json_string(t.name));
		json_object_set_new(o, "origin", json_string(t.origin));
		json_object_set_new(o, "kind", json_string(kind_name(t.html)));
		meta_json(o, &t.meta);
		arr = json_array();
		for (i = 0; i < n; i++) {
			json_t *e = json_object();

			json_object_set_new(e, "name", json_string(v[i].name));
			u = json_array();
			for (k = 0; k < 3; k++)
				if (v[i].uses & (1u << k))
					json_array_append_new(u,
					    json_string(use_names[k]));
			json_object_set_new(e, "use", u);
			json_object_set_new(e, "optional", json_boolean(
			    !(v[i].uses & 1) || v[i].optional));
			json_object_set_new(e, "line",
			    json_integer(v[i].line));
			json_object_set_new(e, "within", json_string(
			    v[i].within));
			json_array_append_new(arr, e);
		}
		json_object_set_new(o, "variables", arr);
		arr = json_array();
		for (i = 0; i < np; i++)
			json_array_append_new(arr, json_string(parts[i]));
		json_object_set_new(o, "partials", arr);
		json_object_set_new(o, "text", json_stringn(t.text, t.len));
		print_json(o);
		goto done;
	}
	print_field("name:      ", t.name);
	print_field("origin:    ", t.origin);
	print_field("kind:      ", kind_name(t.html));
	if (t.meta.subject != NULL)
		print_field("subject:   ", t.meta.subject);
	if (t.meta.due_days >= 0) {
		snprintf(due, sizeof(due), "%d", t.meta.due_days);
		print_field("due-days:  ", due);
	}
	if (t.meta.audience != NULL)
		print_field("audience:  ", t.meta.audience);
	if (t.meta.summary != NULL)
		print_field("summary:   ", t.meta.summary);
	if (np > 0) {
		struct buf pl = BUF_INIT;

		for (i = 0; i < np; i++)
			buf_addf(&pl, "%s%s", i > 0 ? ", " : "", parts[i]);
		print_field("partials:  ", pl.s);
		buf_release(&pl);
	}
	printf("\n");
	if (n > 0) {
		tb = table_new(4, hdr);
		for (i = 0; i < n; i++) {
			buf_reset(&use);
			for (k = 0; k < 3; k++)
				if (v[i].uses & (1u << k))
					buf_addf(&use, "%s%s", use.len > 0 ?
					    "," : "", use_names[k]);
			if ((v[i].uses & 1) && v[i].optional)
				buf_adds(&use, " (optional)");
			snprintf(line, sizeof(line), "%d", v[i].line);
			row[0] = v[i].name;
			row[1] = use.s;
			row[2] = line;
			row[3] = v[i].within[0] != '\0' ? v[i].within : NULL;
			table_row(tb, row);
		}
		table_end(tb);
		printf("\n");
	}
	print_answer(t.text, t.len);
done:
	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].within);
	}
	free(v);
	for (i = 0; i < np; i++)
		free(parts[i]);
	free(parts);
	buf_release(&use);
	tpl_names_free(names, nn);
	tpl_names_free(snames, ns);
	tplfile_release(&t);
	return rc;
}

static const struct cmd_opt render_opts[] = {
	{ "data", OPT_DATA, required_argument, "FILE",
	  "the JSON data to render with (- for standard input)" },
	{ "partials", OPT_PARTIALS, required_argument, "DIR",
	  "take partials from this folder only" },
	{ "html", OPT_HTML, no_argument, NULL,
	  "HTML-escape {{x}} (.html.mustache templates always do)" },
	CMD_OPTS_END
};

static const struct cmd_entry render_entry = {
	.name = "render",
	.summary = "render a template with JSON data, exactly, on stdout",
	.about = "Render a template (a NAME or a PATH) with the JSON data "
	    "of --data, strictly (a missing variable or partial is an "
	    "error), and write the result to stdout as it is: no newline "
	    "added.",
	.usage = "render NAME|PATH --data FILE [--partials DIR] [--html] "
	    "[--json]",
	.opts = render_opts,
	.exec = render_exec,
	.man = "depeer-template",
};

static const struct cmd_entry list_entry = {
	.name = "list",
	.summary = "list the templates: built-in and your own",
	.usage = "list [--json]",
	.exec = list_exec,
	.man = "depeer-template",
};

static const struct cmd_entry show_entry = {
	.name = "show",
	.summary = "show a template: metadata, the names it uses, its text",
	.usage = "show NAME|PATH [--json]",
	.exec = show_exec,
	.man = "depeer-template",
};

const struct cmd_entry cmd_template_entry = {
	.name = "template",
	.summary = "preview, list and show complaint templates",
	.usage = "template render|list|show ...",
	.subs = (const struct cmd_entry *const[]){ &render_entry, &list_entry,
	    &show_entry, NULL },
	.man = "depeer-template",
};
