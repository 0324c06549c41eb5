/*
 * template.h - a Mustache engine (parsers layer: text and a JSON value
 * in, text out; no files, no database).
 *
 * It follows the Mustache specification's modules comments, delimiters,
 * interpolation, inverted, partials and sections (tests/mustache/ holds
 * the spec's cases, all run by "make check"); lambdas, inheritance and
 * dynamic names are not supported.  A template is parsed once into a flat
 * array of nodes and rendered from it; partials are parsed once per
 * render, however often they are included.
 *
 * depeer's own rule on top of the spec, strict mode (tpl_opts.strict):
 * a variable whose name does not resolve, or resolves to JSON null, is an
 * error, "template 'NAME' line N: no value for 'x'", unless the template
 * marks it optional by rendering it inside a section or an inverted
 * section of the same name or of a prefix of its dotted name
 * ("{{#note}}({{note}}){{/note}}", "{{#up}}{{up.name}}{{/up}}"; the
 * section may be in a template that includes this one as a partial).
 * A section whose name does not resolve is false (that is the optional
 * marker), a missing partial is an error, and a list or an object in a
 * variable tag is an error.  Without strict mode these render as the spec
 * says: as nothing.
 *
 * Values: a string as itself, an integer in decimal, a real as the
 * shortest decimal that reads back as the same double ("1.21"; a whole
 * number keeps ".0", as jansson writes it), true and false as words.
 * Truth for sections: missing, null, false, an empty list and an empty
 * string are false; everything else, 0 included, is true.
 */
#ifndef DEPEER_TEMPLATE_H
#define DEPEER_TEMPLATE_H

#include <stddef.h>

#include <jansson.h>

#include "buf.h"
#include "util.h"

/*
 * Where partials come from: load() returns 0 with *text (malloc'd, the
 * caller frees it) and *len, DP_EX_NOINPUT when there is no such partial,
 * or another status with err filled.
 */
struct tpl_loader {
	int	(*load)(void *arg, const char *name, char **text, size_t *len,
		    struct dp_err *err);
	void	*arg;
};

#define TPL_MAX_DEPTH	32	/* default partial nesting bound */

struct tpl_opts {
	int		 html;		/* HTML-escape {{x}}: & < > " ' */
	int		 strict;	/* depeer's rule above; 0: the spec's */
	size_t		 max_out;	/* output cap in bytes; 0: none */
	int		 max_depth;	/* partial nesting; 0: TPL_MAX_DEPTH */
	const struct tpl_loader *partials;	/* or NULL: none */
	int		 line0;		/* line number of text's first line
					   in messages; 0: 1 */
};

/*
 * Render text[0..len) (called name in messages) with data, appending to
 * out.  Returns 0, or DP_EX_DATAERR with err "template 'NAME' line N:
 * ..." for a syntax error (unclosed tag or section, mismatched section,
 * bad delimiters), a missing value or partial (strict), partials nested
 * deeper than max_depth, or output beyond max_out; out is then as it was
 * before the call.  A loader's own error is returned as it came.
 */
int	tpl_render(const char *name, const char *text, size_t len,
	    json_t *data, const struct tpl_opts *o, struct buf *out,
	    struct dp_err *err);

/* The kinds of tag tpl_names() reports. */
enum tpl_kind { TPL_VARIABLE, TPL_SECTION, TPL_INVERTED, TPL_PARTIAL };

/* One tag of a template. */
struct tpl_name {
	char		*name;
	enum tpl_kind	 kind;
	int		 line;
	int		 raw;		/* {{{x}}} or {{&x}}: never escaped */
	int		 optional;	/* a variable inside a section of its
					   name or of a prefix of it */
	char		**within;	/* the enclosing sections' names,
					   outermost first */
	size_t		 nwithin;
};

/*
 * The tags of text[0..len) in order, each with its kind, line and the
 * sections around it (for "template show"); *out is freed with
 * tpl_names_free().  Returns 0, or DP_EX_DATAERR for a syntax error.
 * line0 as in tpl_opts.
 */
int	tpl_names(const char *name, const char *text, size_t len, int line0,
	    struct tpl_name **out, size_t *n, struct dp_err *err);
void	tpl_names_free(struct tpl_name *v, size_t n);

#endif
