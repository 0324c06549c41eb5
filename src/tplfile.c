/*
 * tplfile.c - template files: lookup, metadata, listing, partials and the
 * rendering of a message's body and subject (tplfile.h).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exitcodes.h"
#include "numparse.h"
#include "openin.h"
#include "termsafe.h"
#include "tplfile.h"
#include "utf8.h"

static const char SUFFIX[] = ".mustache";
static const char HTML_SUFFIX[] = ".html.mustache";

char *
tplfile_user_dir(void)
{
	const char *v;

	if ((v = getenv("XDG_CONFIG_HOME")) != NULL && *v == '/')
		return xasprintf("%s/depeer/templates", v);
	if ((v = getenv("HOME")) != NULL && *v == '/')
		return xasprintf("%s/.config/depeer/templates", v);
	return NULL;
}

int
tplfile_name_ok(const char *s)
{
	const char *p;

	if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
		return 0;
	for (p = s; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-'))
			return 0;
	return p - s <= 64;
}

static int
ends_with(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n >= m && strcmp(s + n - m, suf) == 0;
}

/* The NAME of a file name ("x.html.mustache" -> "x"), *html set. */
static char *
name_of(const char *base, int *html)
{
	size_t n = strlen(base);

	*html = ends_with(base, HTML_SUFFIX);
	if (*html)
		return xstrndup(base, n - (sizeof(HTML_SUFFIX) - 1));
	if (ends_with(base, SUFFIX))
		return xstrndup(base, n - (sizeof(SUFFIX) - 1));
	return xstrdup(base);
}

/*
 * Check what a file holds: UTF-8 without NUL bytes (a template becomes
 * a mail body).  what names it in messages.
 */
static int
check_text(const char *what, const char *s, size_t len, struct dp_err *err)
{
	size_t off;
	const char *nul = memchr(s, '\0', len);

	if (nul != NULL)
		off = (size_t)(nul - s);
	else if (utf8_valid(s, len, &off))
		return 0;
	{
		size_t line = 1, i;

		for (i = 0; i < off; i++)
			line += s[i] == '\n';
		return dp_fail(err, DP_EX_DATAERR, "template '%s' line %zu: "
		    "%s", what, line, nul != NULL ? "a NUL byte" :
		    "not valid UTF-8");
	}
}

/* Read a file of at most TPLFILE_MAX bytes: 0 or an error. */
static int
read_file(const char *path, char **text, size_t *len, struct dp_err *err)
{
	FILE *fp;
	struct buf b = BUF_INIT;
	char chunk[8192];
	size_t n;
	int rc;

	if ((rc = fopen_regular(path, &fp, NULL, err)) != 0)
		return rc;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		buf_add(&b, chunk, n);
		if (b.len > TPLFILE_MAX) {
			fclose(fp);
			buf_release(&b);
			return dp_fail(err, DP_EX_DATAERR, "template '%s' is "
			    "larger than %d bytes", path, TPLFILE_MAX);
		}
	}
	if (ferror(fp)) {
		rc = dp_fail(err, DP_EX_NOINPUT, "cannot read '%s': %s", path,
		    strerror(errno));
		fclose(fp);
		buf_release(&b);
		return rc;
	}
	fclose(fp);
	*text = buf_detach(&b, len);
	return 0;
}

static void
meta_release(struct tplmeta *m)
{
	free(m->subject);
	free(m->audience);
	free(m->summary);
	memset(m, 0, sizeof(*m));
	m->due_days = -1;
}

/* The next line of s[*pos..len): its start and length without the end. */
static int
next_line(const char *s, size_t len, size_t *pos, const char **l, size_t *n)
{
	const char *nl;

	if (*pos >= len)
		return 0;
	*l = s + *pos;
	nl = memchr(*l, '\n', len - *pos);
	*n = nl != NULL ? (size_t)(nl - *l) : len - *pos;
	*pos += *n + (nl != NULL);
	if (*n > 0 && (*l)[*n - 1] == '\r')
		(*n)--;
	return 1;
}

/*
 * The metadata block of text[0..len), if it has one, into m; *body_off
 * and *body_line where the body starts.
 */
static int
parse_meta(const char *name, const char *text, size_t len,
    struct tplmeta *m, size_t *body_off, int *body_line, struct dp_err *err)
{
	static const char *const keys[] = { "subject", "due-days", "audience",
	    "summary" };
	size_t pos = 0, n, kn, vn, i;
	const char *l, *colon, *v;
	int line = 1, closed = 0;

	memset(m, 0, sizeof(*m));
	m->due_days = -1;
	*body_off = 0;
	*body_line = 1;
	if (!next_line(text, len, &pos, &l, &n) || n != 3 ||
	    memcmp(l, "{{!", 3) != 0 || pos == 3)
		return 0;
	while (next_line(text, len, &pos, &l, &n)) {
		char **slot = NULL;

		line++;
		while (n > 0 && (l[n - 1] == ' ' || l[n - 1] == '\t'))
			n--;
		if (n == 2 && memcmp(l, "}}", 2) == 0) {
			closed = 1;
			break;
		}
		if (n == 0)
			continue;
		colon = memchr(l, ':', n);
		if (colon == NULL || colon == l) {
			dp_fail(err, DP_EX_DATAERR, "template '%s' line %d: "
			    "want 'key: value' in the metadata (or '}}' to "
			    "end it)", name, line);
			goto fail;
		}
		kn = (size_t)(colon - l);
		v = colon + 1;
		vn = n - kn - 1;
		while (vn > 0 && (*v == ' ' || *v == '\t')) {
			v++;
			vn--;
		}
		for (i = 0; i < ARRAY_SIZE(keys); i++)
			if (strlen(keys[i]) == kn &&
			    memcmp(keys[i], l, kn) == 0)
				break;
		if (i == ARRAY_SIZE(keys)) {
			dp_fail(err, DP_EX_DATAERR, "template '%s' line %d: "
			    "unknown metadata key '%.*s' (subject, due-days, "
			    "audience, summary)", name, line,
			    (int)(kn > 40 ? 40 : kn), l);
			goto fail;
		}
		if (i == 1) {
			char *s = xstrndup(v, vn);
			long long d;
			struct dp_err e2 = DP_ERR_INIT;

			if (m->due_days >= 0) {
				free(s);
				goto twice;
			}
			if (parse_num("due-days", s, 0, 365, &d, &e2) != 0) {
				free(s);
				dp_fail(err, DP_EX_DATAERR, "template '%s' "
				    "line %d: %s", name, line, e2.msg);
				goto fail;
			}
			free(s);
			m->due_days = (int)d;
			continue;
		}
		slot = i == 0 ? &m->subject : i == 2 ? &m->audience :
		    &m->summary;
		if (*slot != NULL)
			goto twice;
		*slot = xstrndup(v, vn);
		if (i == 0)
			m->subject_line = line;
		continue;
twice:
		dp_fail(err, DP_EX_DATAERR, "template '%s' line %d: '%.*s' "
		    "given twice in the metadata", name, line, (int)kn, l);
		goto fail;
	}
	if (!closed) {
		dp_fail(err, DP_EX_DATAERR, "template '%s' line 1: the "
		    "metadata block is not ended by a line '}}'", name);
		goto fail;
	}
	*body_off = pos;
	*body_line = line + 1;
	if (m->subject != NULL) {
		struct tpl_name *v2;
		size_t n2;

		/* a syntax error in the subject shows now, not at render */
		if (tpl_names(name, m->subject, strlen(m->subject),
		    m->subject_line, &v2, &n2, err) != 0)
			goto fail;
		tpl_names_free(v2, n2);
	}
	return 0;
fail:
	meta_release(m);
	return DP_EX_DATAERR;
}

/* Fill t from text (taken) and check it. */
static int
load_text(struct tplfile *t, char *text, size_t len, struct dp_err *err)
{
	int rc;

	t->text = text;
	t->len = len;
	if ((rc = check_text(t->name, text, len, err)) != 0)
		return rc;
	return parse_meta(t->name, text, len, &t->meta, &t->body_off,
	    &t->body_line, err);
}

static const struct embedded_file *
builtin_find(const struct embedded_file *v, size_t n, const char *name,
    int *html)
{
	char *f;
	const struct embedded_file *e;

	f = xasprintf("%s%s", name, SUFFIX);
	e = embedded_find(v, n, f);
	free(f);
	*html = 0;
	if (e == NULL) {
		f = xasprintf("%s%s", name, HTML_SUFFIX);
		e = embedded_find(v, n, f);
		free(f);
		*html = e != NULL;
	}
	return e;
}

/*
 * dir/NAME.mustache, else dir/NAME.html.mustache: 0 with *path (new) and
 * *html; 1 when neither exists; DP_EX_NOINPUT after the error for one
 * that exists but is not a regular file.
 */
static int
dir_find(const char *dir, const char *name, char **path, int *html,
    struct dp_err *err)
{
	struct stat sb;
	int i;

	*path = NULL;
	for (i = 0; i < 2; i++) {
		char *p = xasprintf("%s/%s%s", dir, name,
		    i == 0 ? SUFFIX : HTML_SUFFIX);

		if (stat(p, &sb) == 0) {
			if (!S_ISREG(sb.st_mode)) {
				dp_fail(err, DP_EX_NOINPUT, "'%s' is %s, not "
				    "a regular file", p, file_kind(sb.st_mode));
				free(p);
				return DP_EX_NOINPUT;
			}
			*path = p;
			*html = i == 1;
			return 0;
		}
		free(p);
	}
	return 1;
}

static void
set_dirs(struct tplfile *t, const struct tplfile_dirs *d)
{
	if (d != NULL && d->no_user)
		t->user_dir = NULL;
	else if (d != NULL && d->user != NULL)
		t->user_dir = xstrdup(d->user);
	else
		t->user_dir = tplfile_user_dir();
	t->partials_dir = d != NULL && d->partials != NULL ?
	    xstrdup(d->partials) : NULL;
	t->builtin = d != NULL && d->builtin != NULL ? d->builtin :
	    builtin_templates;
	t->nbuiltin = d != NULL && d->builtin != NULL ? d->nbuiltin :
	    builtin_templates_count;
}

static int
not_found(const struct tplfile *t, const char *name, struct dp_err *err)
{
	struct buf b = BUF_INIT;
	size_t i;
	int html;

	for (i = 0; i < t->nbuiltin; i++) {
		char *n = name_of(t->builtin[i].name, &html);

		buf_addf(&b, "%s%s", b.len > 0 ? ", " : "", n);
		free(n);
	}
	dp_fail(err, DP_EX_NOINPUT, "no template '%s' (built-in: %s; user "
	    "folder: %s)", name, b.len > 0 ? b.s : "none",
	    t->user_dir != NULL ? t->user_dir : "none");
	buf_release(&b);
	return DP_EX_NOINPUT;
}

int
tplfile_find(const char *name_or_path, const struct tplfile_dirs *dirs,
    struct tplfile *out, struct dp_err *err)
{
	const struct embedded_file *e;
	const char *base;
	char *path = NULL, *text;
	size_t len;
	int rc, html;

	memset(out, 0, sizeof(*out));
	out->meta.due_days = -1;
	set_dirs(out, dirs);
	if (strchr(name_or_path, '/') != NULL ||
	    ends_with(name_or_path, SUFFIX)) {
		base = strrchr(name_or_path, '/');
		base = base != NULL ? base + 1 : name_or_path;
		out->name = name_of(base, &out->html);
		out->origin = xstrdup(name_or_path);
		if ((rc = read_file(name_or_path, &text, &len, err)) != 0 ||
		    (rc = load_text(out, text, len, err)) != 0)
			goto fail;
		return 0;
	}
	if (!tplfile_name_ok(name_or_path)) {
		rc = dp_fail(err, DP_EX_USAGE, "'%s' is not a template name "
		    "(lower-case letters, digits and '-') nor a path",
		    name_or_path);
		goto fail;
	}
	out->name = xstrdup(name_or_path);
	if (out->user_dir != NULL) {
		rc = dir_find(out->user_dir, name_or_path, &path, &html, err);
		if (rc == 0) {
			out->origin = path;
			out->html = html;
			if ((rc = read_file(path, &text, &len, err)) != 0 ||
			    (rc = load_text(out, text, len, err)) != 0)
				goto fail;
			return 0;
		}
		if (rc != 1)
			goto fail;
	}
	e = builtin_find(out->builtin, out->nbuiltin, name_or_path, &html);
	if (e == NULL) {
		rc = not_found(out, name_or_path, err);
		goto fail;
	}
	out->is_builtin = 1;
	out->origin = xstrdup("built-in");
	out->html = html;
	text = xmalloc(e->size + 1);
	memcpy(text, e->data, e->size + 1);
	if ((rc = load_text(out, text, e->size, err)) != 0)
		goto fail;
	return 0;
fail:
	tplfile_release(out);
	return rc;
}

void
tplfile_release(struct tplfile *t)
{
	free(t->name);
	free(t->origin);
	free(t->text);
	free(t->user_dir);
	free(t->partials_dir);
	meta_release(&t->meta);
	memset(t, 0, sizeof(*t));
	t->meta.due_days = -1;
}

/* The partial loader. */
static int
load_partial(void *arg, const char *name, char **text, size_t *len,
    struct dp_err *err)
{
	const struct tplfile *t = arg;
	const struct embedded_file *e;
	char *path;
	int rc, html;

	if (!tplfile_name_ok(name))
		return dp_fail(err, DP_EX_DATAERR, "template '%s': '%s' is "
		    "not a partial name (lower-case letters, digits and '-')",
		    t->name, name);
	if (t->partials_dir != NULL) {
		if ((rc = dir_find(t->partials_dir, name, &path, &html,
		    err)) != 0)
			return rc == 1 ? DP_EX_NOINPUT : rc;
	} else {
		path = NULL;
		if (t->user_dir != NULL && (rc = dir_find(t->user_dir, name,
		    &path, &html, err)) > 1)
			return rc;
		if (path == NULL) {
			e = builtin_find(t->builtin, t->nbuiltin, name, &html);
			if (e == NULL)
				return DP_EX_NOINPUT;
			*text = xmalloc(e->size + 1);
			memcpy(*text, e->data, e->size + 1);
			*len = e->size;
			return 0;
		}
	}
	rc = read_file(path, text, len, err);
	free(path);
	if (rc == 0 && (rc = check_text(name, *text, *len, err)) != 0) {
		free(*text);
		*text = NULL;
	}
	return rc;
}

void
tplfile_loader(const struct tplfile *t, struct tpl_loader *ld)
{
	ld->load = load_partial;
	ld->arg = (void *)t;
}

/*
 * The subject rendered (raw) made a header's value: refused with a line
 * break or another control character, blanks collapsed, capped.
 */
static int
clean_subject(const struct tplfile *t, struct buf *s, char **subject,
    struct dp_err *err)
{
	struct buf o = BUF_INIT;
	size_t i, off;
	unsigned long cp;

	if (memchr(s->s, '\n', s->len) != NULL ||
	    memchr(s->s, '\r', s->len) != NULL)
		return dp_fail(err, DP_EX_DATAERR, "template '%s': the "
		    "subject would carry a line break (from the data)",
		    t->name);
	if (ts_find_control(s->s, s->len, 0, &off, &cp))
		return dp_fail(err, DP_EX_DATAERR, "template '%s': the "
		    "subject would carry a control character (U+%04lX, from "
		    "the data)", t->name, cp);
	for (i = 0; i < s->len; i++) {
		if (s->s[i] == ' ' && (o.len == 0 || o.s[o.len - 1] == ' '))
			continue;
		buf_addc(&o, s->s[i]);
	}
	if (o.len > 0 && o.s[o.len - 1] == ' ')
		o.s[--o.len] = '\0';
	if (o.len == 0) {
		buf_release(&o);
		return dp_fail(err, DP_EX_DATAERR, "template '%s': the "
		    "subject would be empty", t->name);
	}
	if (o.len > TPLFILE_SUBJECT_MAX) {
		buf_release(&o);
		return dp_fail(err, DP_EX_DATAERR, "template '%s': the "
		    "subject would be longer than %d bytes", t->name,
		    TPLFILE_SUBJECT_MAX);
	}
	*subject = buf_detach(&o, NULL);
	return 0;
}

int
tplfile_render(const struct tplfile *t, json_t *data, size_t max_out,
    struct buf *body, char **subject, struct dp_err *err)
{
	struct tpl_loader ld;
	struct tpl_opts o = { 0 };
	struct buf s = BUF_INIT;
	size_t start = body->len;
	int rc;

	tplfile_loader(t, &ld);
	o.html = t->html;
	o.strict = 1;
	o.max_out = max_out;
	o.partials = &ld;
	o.line0 = t->body_line;
	if ((rc = tpl_render(t->name, t->text + t->body_off,
	    t->len - t->body_off, data, &o, body, err)) != 0)
		return rc;
	if (subject == NULL)
		return 0;
	if (t->meta.subject == NULL) {
		rc = dp_fail(err, DP_EX_DATAERR, "template '%s' has no "
		    "'subject:' line in its metadata", t->name);
		goto fail;
	}
	o.html = 0;
	o.partials = NULL;
	o.max_out = 4 * TPLFILE_SUBJECT_MAX;
	o.line0 = t->meta.subject_line;
	if ((rc = tpl_render(t->name, t->meta.subject,
	    strlen(t->meta.subject), data, &o, &s, err)) != 0 ||
	    (rc = clean_subject(t, &s, subject, err)) != 0)
		goto fail;
	buf_release(&s);
	return 0;
fail:
	buf_release(&s);
	body->len = start;
	body->s[start] = '\0';
	return rc;
}

/* Listing. */

static int
entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct tplfile_entry *)a)->name,
	    ((const struct tplfile_entry *)b)->name);
}

static struct tplfile_entry *
entry_named(struct tplfile_entry *v, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].name, name) == 0)
			return &v[i];
	return NULL;
}

/* Read e's metadata from text (taken). */
static void
entry_meta(struct tplfile_entry *e, char *text, size_t len)
{
	struct dp_err err = DP_ERR_INIT;
	size_t off;
	int line;

	if (check_text(e->name, text, len, &err) != 0 ||
	    parse_meta(e->name, text, len, &e->meta, &off, &line, &err) != 0)
		e->error = xstrdup(err.msg);
	free(text);
}

int
tplfile_list(const struct tplfile_dirs *dirs, struct tplfile_entry **out,
    size_t *n, struct dp_err *err)
{
	struct tplfile t;
	struct tplfile_entry *v = NULL, *e;
	size_t cap = 0, i, len;
	DIR *d = NULL;
	struct dirent *de;
	char *text;
	int html;

	*out = NULL;
	*n = 0;
	memset(&t, 0, sizeof(t));
	set_dirs(&t, dirs);
	for (i = 0; i < t.nbuiltin; i++) {
		char *name = name_of(t.builtin[i].name, &html);

		if (!tplfile_name_ok(name) || entry_named(v, *n, name)) {
			free(name);
			continue;
		}
		GROW(v, *n + 1, cap);
		e = &v[(*n)++];
		memset(e, 0, sizeof(*e));
		e->name = name;
		e->origin = xstrdup("built-in");
		e->html = html;
		text = xmalloc(t.builtin[i].size + 1);
		memcpy(text, t.builtin[i].data, t.builtin[i].size + 1);
		entry_meta(e, text, t.builtin[i].size);
	}
	if (t.user_dir != NULL && (d = opendir(t.user_dir)) == NULL &&
	    errno != ENOENT && errno != ENOTDIR) {
		dp_fail(err, DP_EX_NOINPUT, "cannot read the template folder "
		    "'%s': %s", t.user_dir, strerror(errno));
		tplfile_list_free(v, *n);
		*n = 0;
		tplfile_release(&t);
		return DP_EX_NOINPUT;
	} else if (t.user_dir != NULL && d != NULL) {
		while ((de = readdir(d)) != NULL) {
			char *name, *path;
			struct dp_err e2 = DP_ERR_INIT;

			if (!ends_with(de->d_name, SUFFIX))
				continue;
			name = name_of(de->d_name, &html);
			if (!tplfile_name_ok(name)) {
				free(name);
				continue;
			}
			path = xasprintf("%s/%s", t.user_dir, de->d_name);
			if ((e = entry_named(v, *n, name)) != NULL) {
				/* NAME.mustache wins over NAME.html.mustache,
				   as in tplfile_find() */
				if (strcmp(e->origin, "built-in") != 0 &&
				    html) {
					free(name);
					free(path);
					continue;
				}
				if (strcmp(e->origin, "built-in") == 0)
					e->overrides = 1;
				free(e->name);
				free(e->origin);
				free(e->error);
				meta_release(&e->meta);
			} else {
				GROW(v, *n + 1, cap);
				e = &v[(*n)++];
				memset(e, 0, sizeof(*e));
			}
			e->name = name;
			e->origin = path;
			e->html = html;
			e->error = NULL;
			if (read_file(path, &text, &len, &e2) != 0)
				e->error = xstrdup(e2.msg);
			else
				entry_meta(e, text, len);
		}
		closedir(d);
	}
	if (*n > 1)
		qsort(v, *n, sizeof(*v), entry_cmp);
	*out = v;
	tplfile_release(&t);
	return 0;
}

void
tplfile_list_free(struct tplfile_entry *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].origin);
		free(v[i].error);
		meta_release(&v[i].meta);
	}
	free(v);
}
