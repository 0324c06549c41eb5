/*
 * template.c - the Mustache engine of template.h.
 *
 * Hand-written: no maintained C Mustache library is packaged in Debian
 * (mustach is not, and the older C++ and GLib ones pull in more than they
 * give), and the part depeer needs, without lambdas, is small.
 *
 * A template is parsed once into a flat array of nodes: a section's node
 * is followed by its children and knows the index after them (end), so
 * rendering walks the array, recursing only into sections and partials.
 * Standalone lines (a section, inverted, closing, comment, partial or
 * delimiter tag alone on its line, with only blanks beside it) are
 * dropped with their line end (LF or CR LF) while parsing.  The
 * indentation of a standalone partial is kept in its node and put in
 * front of each line the partial's own text starts, at render time, so
 * a partial is parsed once whatever its indentation.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exitcodes.h"
#include "template.h"

enum node_kind { N_TEXT, N_VAR, N_SECTION, N_INVERTED, N_PARTIAL };

struct node {
	enum node_kind	 kind;
	int		 raw;		/* N_VAR: {{{x}}} or {{&x}} */
	int		 optional;	/* N_VAR: inside a section of its name */
	int		 line;
	const char	*s;		/* N_TEXT: the text; else the name */
	size_t		 n;
	const char	*indent;	/* N_PARTIAL: standalone indentation */
	size_t		 nindent;
	size_t		 end;		/* sections: the index after the
					   children */
};

struct tpl {
	char		*name;
	char		*src;		/* owned copy of the text */
	size_t		 len;
	struct node	*v;
	size_t		 n, cap;
};

/* Sections nested deeper than this are refused (render recursion). */
#define MAX_NEST	200

static void
tpl_free(struct tpl *t)
{
	if (t == NULL)
		return;
	free(t->name);
	free(t->src);
	free(t->v);
	free(t);
}

static struct node *
add_node(struct tpl *t, enum node_kind k, int line, const char *s, size_t n)
{
	struct node *nd;

	GROW(t->v, t->n + 1, t->cap);
	nd = &t->v[t->n++];
	memset(nd, 0, sizeof(*nd));
	nd->kind = k;
	nd->line = line;
	nd->s = s;
	nd->n = n;
	return nd;
}

static int
is_blank(int c)
{
	return c == ' ' || c == '\t';
}

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

/*
 * find() and memrchr() are GNU extensions: these two stand in, so that
 * the file builds with nothing but C11 and POSIX.
 */
static const char *
find(const char *s, size_t n, const char *pat, size_t m)
{
	const char *p = s, *e = s + n;

	while (m > 0 && (size_t)(e - p) >= m &&
	    (p = memchr(p, pat[0], (size_t)(e - p) - m + 1)) != NULL) {
		if (memcmp(p, pat, m) == 0)
			return p;
		p++;
	}
	return NULL;
}

static const char *
last_nl(const char *s, size_t n)
{
	while (n-- > 0)
		if (s[n] == '\n')
			return s + n;
	return NULL;
}

static size_t
count_nl(const char *s, size_t n)
{
	size_t k = 0;
	const char *p = s, *e = s + n;

	while (p < e && (p = memchr(p, '\n', (size_t)(e - p))) != NULL) {
		k++;
		p++;
	}
	return k;
}

/* The name in s[0..n), blanks trimmed: *np its length. */
static const char *
trim(const char *s, size_t n, size_t *np)
{
	while (n > 0 && is_space((unsigned char)s[0])) {
		s++;
		n--;
	}
	while (n > 0 && is_space((unsigned char)s[n - 1]))
		n--;
	*np = n;
	return s;
}

/* Whether the dotted name a[0..an) is b or starts with "b.". */
static int
name_within(const char *a, size_t an, const char *b, size_t bn)
{
	if (an < bn || memcmp(a, b, bn) != 0)
		return 0;
	return an == bn || a[bn] == '.';
}

/* The delimiters of "{{=<% %>=}}": inner[0..n) is "<% %>". */
static int
set_delims(const struct tpl *t, int line, const char *s, size_t n,
    char *open, char *close, struct dp_err *err)
{
	const char *a, *b;
	size_t an, bn;

	s = trim(s, n, &n);
	a = s;
	for (an = 0; an < n && !is_space((unsigned char)a[an]); an++)
		;
	b = a + an;
	bn = n - an;
	b = trim(b, bn, &bn);
	if (an == 0 || bn == 0 || an > 15 || bn > 15 ||
	    memchr(a, '=', an) != NULL || memchr(b, '=', bn) != NULL)
		goto bad;
	for (size_t i = 0; i < bn; i++)
		if (is_space((unsigned char)b[i]))
			goto bad;
	memcpy(open, a, an);
	open[an] = '\0';
	memcpy(close, b, bn);
	close[bn] = '\0';
	return 0;
bad:
	return dp_fail(err, DP_EX_DATAERR, "template '%s' line %d: bad "
	    "delimiter change: want two delimiters without blanks or '=', "
	    "as '{{=<%% %%>=}}'", t->name, line);
}

/* Parse t->src into t->v. */
static int
parse(struct tpl *t, int line0, struct dp_err *err)
{
	char open[16] = "{{", close[16] = "}}";
	const char *src = t->src, *end = t->src + t->len, *p = src;
	const char *ls = src;		/* start of the current line */
	size_t stack[MAX_NEST], depth = 0;
	int line = line0;		/* line of p */

	while (p < end) {
		size_t olen = strlen(open), clen = strlen(close);
		const char *tag = find(p, (size_t)(end - p), open, olen);
		const char *body, *bend, *after, *q, *nm;
		size_t nn, textlen;
		int tline, c, standalone_kind;
		char closer[18];

		if (tag == NULL)
			tag = end;
		/* the text before the tag, kept for now in full */
		textlen = (size_t)(tag - p);
		{
			const char *nl = textlen > 0 ?
			    last_nl(p, textlen) : NULL;
			if (nl != NULL)
				ls = nl + 1;
		}
		tline = line + (int)count_nl(p, textlen);
		if (tag == end) {
			if (textlen > 0)
				add_node(t, N_TEXT, line, p, textlen);
			line = tline;
			p = end;
			break;
		}
		body = tag + olen;
		c = body < end ? (unsigned char)*body : 0;
		if (c == '{') {
			closer[0] = '}';
			memcpy(closer + 1, close, clen + 1);
		} else if (c == '=') {
			closer[0] = '=';
			memcpy(closer + 1, close, clen + 1);
		} else
			memcpy(closer, close, clen + 1);
		/* the sigil is not part of the name, nor of the closer
		   ("{{=}}" is not a delimiter tag closed by "=}}") */
		if (c == '{' || c == '&' || c == '#' || c == '^' || c == '/' ||
		    c == '>' || c == '!' || c == '=')
			body++;
		bend = find(body, (size_t)(end - body), closer,
		    strlen(closer));
		if (bend == NULL)
			return dp_fail(err, DP_EX_DATAERR, "template '%s' line "
			    "%d: tag '%s' is not closed (no '%s')", t->name,
			    tline, open, closer);
		after = bend + strlen(closer);
		/* standalone: blanks before it on its line, and after it
		   up to the line's end */
		standalone_kind = c == '#' || c == '^' || c == '/' ||
		    c == '>' || c == '!' || c == '=';
		q = NULL;
		if (standalone_kind) {
			const char *b = ls;

			while (b < tag && is_blank((unsigned char)*b))
				b++;
			if (b == tag) {
				q = after;
				while (q < end && is_blank((unsigned char)*q))
					q++;
				if (q < end && *q == '\n')
					q++;
				else if (q + 1 < end && q[0] == '\r' &&
				    q[1] == '\n')
					q += 2;
				else if (q != end)
					q = NULL;
			}
		}
		if (q != NULL && ls > p)
			textlen = (size_t)(ls - p);
		else if (q != NULL)
			textlen = 0;
		if (textlen > 0)
			add_node(t, N_TEXT, line, p, textlen);
		line = tline;
		nm = trim(body, (size_t)(bend - body), &nn);
		if (c != '!' && c != '=' && nn == 0)
			return dp_fail(err, DP_EX_DATAERR, "template '%s' line "
			    "%d: empty tag name", t->name, tline);
		if (c != '!' && c != '=')
			for (size_t i = 0; i < nn; i++)
				if (is_space((unsigned char)nm[i]))
					return dp_fail(err, DP_EX_DATAERR,
					    "template '%s' line %d: tag name "
					    "'%.*s' has a blank in it", t->name,
					    tline, (int)(nn > 64 ? 64 : nn), nm);
		switch (c) {
		case '!':
			break;
		case '=':
			if (set_delims(t, tline, body, (size_t)(bend - body),
			    open, close, err) != 0)
				return DP_EX_DATAERR;
			break;
		case '#':
		case '^':
			if (depth == MAX_NEST)
				return dp_fail(err, DP_EX_DATAERR, "template "
				    "'%s' line %d: sections nested deeper "
				    "than %d", t->name, tline, MAX_NEST);
			stack[depth++] = t->n;
			add_node(t, c == '#' ? N_SECTION : N_INVERTED, tline,
			    nm, nn);
			break;
		case '/': {
			struct node *o;

			if (depth == 0)
				return dp_fail(err, DP_EX_DATAERR, "template "
				    "'%s' line %d: '%.*s' closes no section",
				    t->name, tline, (int)(nn > 64 ? 64 : nn),
				    nm);
			o = &t->v[stack[depth - 1]];
			if (o->n != nn || memcmp(o->s, nm, nn) != 0)
				return dp_fail(err, DP_EX_DATAERR, "template "
				    "'%s' line %d: '%.*s' closes the section "
				    "'%.*s' opened at line %d", t->name, tline,
				    (int)(nn > 64 ? 64 : nn), nm,
				    (int)(o->n > 64 ? 64 : o->n), o->s,
				    o->line);
			o->end = t->n;
			depth--;
			break;
		}
		case '>': {
			struct node *nd = add_node(t, N_PARTIAL, tline, nm, nn);

			if (q != NULL) {
				nd->indent = ls;
				nd->nindent = (size_t)(tag - ls);
			}
			break;
		}
		default: {
			struct node *nd = add_node(t, N_VAR, tline, nm, nn);

			nd->raw = c == '{' || c == '&';
			for (size_t i = 0; i < depth; i++) {
				const struct node *s = &t->v[stack[i]];

				if (name_within(nm, nn, s->s, s->n))
					nd->optional = 1;
			}
			break;
		}
		}
		line += (int)count_nl(tag, (size_t)(after - tag));
		p = after;
		if (memchr(tag, '\n', (size_t)(after - tag)) != NULL)
			ls = last_nl(tag, (size_t)(after - tag)) + 1;
		if (q != NULL) {
			line += (int)count_nl(after, (size_t)(q - after));
			p = q;
			ls = q;
		}
	}
	if (depth > 0) {
		const struct node *o = &t->v[stack[depth - 1]];

		return dp_fail(err, DP_EX_DATAERR, "template '%s' line %d: "
		    "section '%.*s' is not closed", t->name, o->line,
		    (int)(o->n > 64 ? 64 : o->n), o->s);
	}
	return 0;
}

static int
tpl_parse(const char *name, const char *text, size_t len, int line0,
    struct tpl **out, struct dp_err *err)
{
	struct tpl *t = xcalloc(1, sizeof(*t));
	int rc;

	t->name = xstrdup(name);
	t->src = xmalloc(len + 1);
	memcpy(t->src, text, len);
	t->src[len] = '\0';
	t->len = len;
	if ((rc = parse(t, line0 > 0 ? line0 : 1, err)) != 0) {
		tpl_free(t);
		return rc;
	}
	*out = t;
	return 0;
}

/* Rendering. */

struct partial {
	char		*name;
	struct tpl	*t;		/* NULL: there is no such partial */
};

struct render {
	const struct tpl_opts *o;
	struct buf	*out;
	size_t		 start;		/* out->len before the call */
	struct dp_err	*err;
	json_t		**ctx;		/* the context stack */
	size_t		 nctx, capctx;
	const char	**secs;		/* names of the sections entered */
	size_t		*nsecs_len;
	size_t		 nsecs, capsecs, capsecl;
	struct partial	*parts;		/* parsed partials, by name */
	size_t		 nparts, capparts;
	const char	**chain;	/* the partials being rendered */
	size_t		 nchain, capchain;
	struct buf	 indent;	/* current partial indentation */
	int		 bol;		/* at the start of a partial's line */
	unsigned long long steps;	/* work bound */
	unsigned long long max_steps;
};

static int
over_cap(struct render *r)
{
	if (r->o->max_out == 0 || r->out->len - r->start <= r->o->max_out)
		return 0;
	/* the cap is the whole output's: named after the template asked
	   for, not the partial that crossed it */
	return dp_fail(r->err, DP_EX_DATAERR, "template '%s': the output "
	    "would be larger than %zu bytes", r->chain[0], r->o->max_out);
}

/* Put the pending indentation before what comes next at a line start. */
static void
flush_indent(struct render *r)
{
	if (r->bol && r->indent.len > 0)
		buf_add(r->out, r->indent.s, r->indent.len);
	r->bol = 0;
}

static void
emit_text(struct render *r, const char *s, size_t n)
{
	const char *nl;

	if (r->indent.len == 0) {
		buf_add(r->out, s, n);
		return;
	}
	while (n > 0) {
		flush_indent(r);
		nl = memchr(s, '\n', n);
		if (nl == NULL) {
			buf_add(r->out, s, n);
			return;
		}
		buf_add(r->out, s, (size_t)(nl - s) + 1);
		n -= (size_t)(nl - s) + 1;
		s = nl + 1;
		r->bol = 1;
	}
}

static void
emit_escaped(struct render *r, const char *s, size_t n, int html)
{
	size_t i, from = 0;
	const char *rep;

	if (!html) {
		buf_add(r->out, s, n);
		return;
	}
	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_add(r->out, s + from, i - from);
		buf_adds(r->out, rep);
		from = i + 1;
	}
	buf_add(r->out, s + from, n - from);
}

/*
 * A real as the shortest "%.*g" that reads back as the same double, with
 * ".0" after a whole number (jansson's form).
 */
static void
format_real(double d, char *b, size_t bn)
{
	int prec;

	if (!isfinite(d)) {
		snprintf(b, bn, "%s", isnan(d) ? "nan" : d > 0 ? "inf" :
		    "-inf");
		return;
	}
	for (prec = 1; prec <= 17; prec++) {
		snprintf(b, bn, "%.*g", prec, d);
		if (strtod(b, NULL) == d)
			break;
	}
	if (strpbrk(b, ".eEn") == NULL && strlen(b) + 3 < bn)
		strcat(b, ".0");
}

/* Look name[0..n) up in the context stack: NULL when it does not resolve. */
static json_t *
lookup(struct render *r, const char *name, size_t n)
{
	const char *dot;
	json_t *v = NULL;
	size_t i, k;
	char key[256];

	if (n == 1 && name[0] == '.')
		return r->nctx > 0 ? r->ctx[r->nctx - 1] : NULL;
	dot = memchr(name, '.', n);
	k = dot != NULL ? (size_t)(dot - name) : n;
	if (k >= sizeof(key))
		return NULL;
	memcpy(key, name, k);
	key[k] = '\0';
	for (i = r->nctx; i-- > 0;) {
		if (json_is_object(r->ctx[i]) &&
		    (v = json_object_get(r->ctx[i], key)) != NULL)
			break;
	}
	if (v == NULL)
		return NULL;
	while (dot != NULL) {
		name = dot + 1;
		n -= k + 1;
		dot = memchr(name, '.', n);
		k = dot != NULL ? (size_t)(dot - name) : n;
		if (k >= sizeof(key) || !json_is_object(v))
			return NULL;
		memcpy(key, name, k);
		key[k] = '\0';
		if ((v = json_object_get(v, key)) == NULL)
			return NULL;
	}
	return v;
}

static int
truthy(const json_t *v)
{
	if (v == NULL || json_is_null(v) || json_is_false(v))
		return 0;
	if (json_is_array(v))
		return json_array_size(v) > 0;
	if (json_is_string(v))
		return json_string_length(v) > 0;
	return 1;
}

static void
push_ctx(struct render *r, json_t *v)
{
	GROW(r->ctx, r->nctx + 1, r->capctx);
	r->ctx[r->nctx++] = v;
}

static void
push_sec(struct render *r, const char *s, size_t n)
{
	GROW(r->secs, r->nsecs + 1, r->capsecs);
	GROW(r->nsecs_len, r->nsecs + 1, r->capsecl);
	r->secs[r->nsecs] = s;
	r->nsecs_len[r->nsecs++] = n;
}

/* Whether a variable named s[0..n) is inside a section of its name. */
static int
optional_here(const struct render *r, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < r->nsecs; i++)
		if (name_within(s, n, r->secs[i], r->nsecs_len[i]))
			return 1;
	return 0;
}

static int render_nodes(struct render *r, const struct tpl *t, size_t from,
	    size_t to);

static int
render_var(struct render *r, const struct tpl *t, const struct node *nd)
{
	json_t *v = lookup(r, nd->s, nd->n);
	char num[64];
	int html = r->o->html && !nd->raw;
	int clip = nd->n > 64 ? 64 : (int)nd->n;

	if (v == NULL || json_is_null(v)) {
		if (r->o->strict && !nd->optional &&
		    !optional_here(r, nd->s, nd->n))
			return dp_fail(r->err, DP_EX_DATAERR, "template '%s' "
			    "line %d: no value for '%.*s'", t->name, nd->line,
			    clip, nd->s);
		flush_indent(r);
		return 0;
	}
	flush_indent(r);
	switch (json_typeof(v)) {
	case JSON_STRING:
		emit_escaped(r, json_string_value(v), json_string_length(v),
		    html);
		break;
	case JSON_INTEGER:
		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		buf_adds(r->out, num);
		break;
	case JSON_REAL:
		format_real(json_real_value(v), num, sizeof(num));
		buf_adds(r->out, num);
		break;
	case JSON_TRUE:
		buf_adds(r->out, "true");
		break;
	case JSON_FALSE:
		buf_adds(r->out, "false");
		break;
	default:
		if (r->o->strict)
			return dp_fail(r->err, DP_EX_DATAERR, "template '%s' "
			    "line %d: '%.*s' is %s, not a value (use a "
			    "section)", t->name, nd->line, clip, nd->s,
			    json_is_array(v) ? "a list" : "an object");
		break;
	}
	return 0;
}

/*
 * The partial nd names, parsed (once per render: later uses find it in
 * r->parts), in *pt; NULL when the loader has no such partial.
 */
static int
find_partial(struct render *r, const struct node *nd, struct tpl **pt)
{
	char *name = xstrndup(nd->s, nd->n), *text = NULL;
	size_t i, len = 0;
	int rc;

	for (i = 0; i < r->nparts; i++)
		if (strcmp(r->parts[i].name, name) == 0) {
			free(name);
			*pt = r->parts[i].t;
			return 0;
		}
	*pt = NULL;
	rc = DP_EX_NOINPUT;
	if (r->o->partials != NULL)
		rc = r->o->partials->load(r->o->partials->arg, name, &text,
		    &len, r->err);
	if (rc == 0) {
		rc = tpl_parse(name, text, len, 1, pt, r->err);
		free(text);
		if (rc != 0) {
			free(name);
			return rc;
		}
	} else if (rc != DP_EX_NOINPUT) {
		free(name);
		return rc;
	}
	GROW(r->parts, r->nparts + 1, r->capparts);
	r->parts[r->nparts].name = name;
	r->parts[r->nparts++].t = *pt;
	return 0;
}

static int
depth_error(struct render *r, const struct tpl *t, const struct node *nd)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < r->nchain && i < 6; i++)
		buf_addf(&b, "'%s' > ", r->chain[i]);
	if (r->nchain > 6)
		buf_adds(&b, "... > ");
	buf_addf(&b, "'%.*s'", (int)(nd->n > 64 ? 64 : nd->n), nd->s);
	dp_fail(r->err, DP_EX_DATAERR, "template '%s' line %d: partials "
	    "nested deeper than %d (%s)", t->name, nd->line,
	    r->o->max_depth > 0 ? r->o->max_depth : TPL_MAX_DEPTH, b.s);
	buf_release(&b);
	return DP_EX_DATAERR;
}

static int
render_partial(struct render *r, const struct tpl *t, const struct node *nd)
{
	struct tpl *pt;
	size_t oldindent = r->indent.len;
	int max = r->o->max_depth > 0 ? r->o->max_depth : TPL_MAX_DEPTH;
	int rc;

	if ((rc = find_partial(r, nd, &pt)) != 0)
		return rc;
	if (pt == NULL) {
		if (r->o->strict)
			return dp_fail(r->err, DP_EX_DATAERR, "template '%s' "
			    "line %d: no partial '%.*s'", t->name, nd->line,
			    (int)(nd->n > 64 ? 64 : nd->n), nd->s);
		return 0;
	}
	/* chain[0] is the template itself, the rest its partials */
	if (r->nchain - 1 >= (size_t)max)
		return depth_error(r, t, nd);
	if (nd->nindent == 0)
		flush_indent(r);
	GROW(r->chain, r->nchain + 1, r->capchain);
	r->chain[r->nchain++] = pt->name;
	if (nd->nindent > 0) {
		buf_add(&r->indent, nd->indent, nd->nindent);
		r->bol = 1;
	}
	rc = render_nodes(r, pt, 0, pt->n);
	r->indent.len = oldindent;
	r->indent.s[oldindent] = '\0';
	r->nchain--;
	return rc;
}

static int
render_nodes(struct render *r, const struct tpl *t, size_t from, size_t to)
{
	size_t i = from;
	int rc;

	while (i < to) {
		const struct node *nd = &t->v[i];

		if (++r->steps > r->max_steps)
			return dp_fail(r->err, DP_EX_DATAERR, "template '%s' "
			    "line %d: too much work (more than %llu steps): "
			    "partials or sections repeat without end?",
			    t->name, nd->line, r->max_steps);
		switch (nd->kind) {
		case N_TEXT:
			emit_text(r, nd->s, nd->n);
			rc = 0;
			break;
		case N_VAR:
			rc = render_var(r, t, nd);
			break;
		case N_PARTIAL:
			rc = render_partial(r, t, nd);
			break;
		case N_SECTION:
		case N_INVERTED: {
			json_t *v = lookup(r, nd->s, nd->n);
			size_t oldsecs = r->nsecs;

			rc = 0;
			push_sec(r, nd->s, nd->n);
			if (nd->kind == N_INVERTED) {
				if (!truthy(v))
					rc = render_nodes(r, t, i + 1, nd->end);
			} else if (json_is_array(v)) {
				size_t k;

				for (k = 0; rc == 0 &&
				    k < json_array_size(v); k++) {
					push_ctx(r, json_array_get(v, k));
					rc = render_nodes(r, t, i + 1,
					    nd->end);
					r->nctx--;
				}
			} else if (truthy(v)) {
				push_ctx(r, v);
				rc = render_nodes(r, t, i + 1, nd->end);
				r->nctx--;
			}
			r->nsecs = oldsecs;
			if (rc == 0 && (rc = over_cap(r)) == 0) {
				i = nd->end;
				continue;
			}
			break;
		}
		default:
			rc = 0;
			break;
		}
		if (rc != 0)
			return rc;
		if ((rc = over_cap(r)) != 0)
			return rc;
		i++;
	}
	return 0;
}

int
tpl_render(const char *name, const char *text, size_t len, json_t *data,
    const struct tpl_opts *o, struct buf *out, struct dp_err *err)
{
	static const struct tpl_opts none;
	struct render r;
	struct tpl *t;
	size_t i;
	int rc;

	if (o == NULL)
		o = &none;
	if ((rc = tpl_parse(name, text, len, o->line0, &t, err)) != 0)
		return rc;
	memset(&r, 0, sizeof(r));
	r.o = o;
	r.out = out;
	r.start = out->len;
	r.err = err;
	buf_init(&r.indent);
	/* enough for a million-row list through a few dozen tags, small
	   enough that a partial doubling itself 32 times gives up */
	r.max_steps = 100000000ULL;
	if (o->max_out > 0 && o->max_out < 1000000)
		r.max_steps = 64ULL * o->max_out + 1000000ULL;
	push_ctx(&r, data);
	GROW(r.chain, 1, r.capchain);
	r.chain[r.nchain++] = t->name;
	rc = render_nodes(&r, t, 0, t->n);
	if (rc != 0) {
		out->len = r.start;
		out->s[out->len] = '\0';
	}
	for (i = 0; i < r.nparts; i++) {
		free(r.parts[i].name);
		tpl_free(r.parts[i].t);
	}
	free(r.parts);
	free(r.ctx);
	free(r.secs);
	free(r.nsecs_len);
	free(r.chain);
	buf_release(&r.indent);
	tpl_free(t);
	return rc;
}

int
tpl_names(const char *name, const char *text, size_t len, int line0,
    struct tpl_name **out, size_t *n, struct dp_err *err)
{
	struct tpl *t;
	struct tpl_name *v = NULL;
	size_t *open = NULL, nopen = 0, capopen = 0, capv = 0, i, j;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = tpl_parse(name, text, len, line0, &t, err)) != 0)
		return rc;
	for (i = 0; i < t->n; i++) {
		const struct node *nd = &t->v[i];
		struct tpl_name *e;

		while (nopen > 0 && t->v[open[nopen - 1]].end <= i)
			nopen--;
		if (nd->kind == N_TEXT)
			continue;
		GROW(v, *n + 1, capv);
		e = &v[(*n)++];
		memset(e, 0, sizeof(*e));
		e->name = xstrndup(nd->s, nd->n);
		e->kind = nd->kind == N_VAR ? TPL_VARIABLE :
		    nd->kind == N_SECTION ? TPL_SECTION :
		    nd->kind == N_INVERTED ? TPL_INVERTED : TPL_PARTIAL;
		e->line = nd->line;
		e->raw = nd->raw;
		e->optional = nd->optional;
		if (nopen > 0) {
			e->within = xcalloc(nopen, sizeof(*e->within));
			for (j = 0; j < nopen; j++) {
				const struct node *s = &t->v[open[j]];

				e->within[j] = xstrndup(s->s, s->n);
			}
			e->nwithin = nopen;
		}
		if (nd->kind == N_SECTION || nd->kind == N_INVERTED) {
			GROW(open, nopen + 1, capopen);
			open[nopen++] = i;
		}
	}
	free(open);
	tpl_free(t);
	*out = v;
	return 0;
}

void
tpl_names_free(struct tpl_name *v, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		for (j = 0; j < v[i].nwithin; j++)
			free(v[i].within[j]);
		free(v[i].within);
	}
	free(v);
}
