/*
 * tplfile.h - depeer's template files: finding one by name, reading its
 * metadata, listing what is visible, loading partials, and rendering a
 * message's body and subject (services layer: files and the environment;
 * the engine is template.h).
 *
 * A template is NAME.mustache (text: nothing escaped) or
 * NAME.html.mustache ({{x}} HTML-escaped).  NAME is [a-z0-9][a-z0-9-]*.
 * Looked up, first found wins:
 *   1. an explicit path (the operand contains '/' or ends in .mustache);
 *   2. ${XDG_CONFIG_HOME:-$HOME/.config}/depeer/templates/NAME.mustache,
 *      then NAME.html.mustache there;
 *   3. the built-ins compiled in from templates/ (builtin_templates).
 * Partials ({{>NAME}}) come from --partials DIR when it is given, else
 * from the user folder and then the built-ins, as templates do, and are
 * used as they are (no metadata).  Files are read through openin.h
 * (regular files only), at most TPLFILE_MAX bytes, and must be UTF-8
 * without NUL bytes.
 *
 * A template may open, at byte 0, with a metadata block: a line "{{!",
 * lines "key: value", and a line "}}" alone.  It ends at that line, not
 * at the first "}}", so the subject may hold tags:
 *
 *	{{!
 *	subject: Abuse report: {{provider.name}} ({{provider.as}})
 *	due-days: 5
 *	audience: the upstream's abuse desk
 *	summary: complaint to a transit provider about its customer
 *	}}
 *	Body ...
 *
 * Keys: subject (a one-line template), due-days (0..365), audience,
 * summary; any other key, a key twice or a line without ": " is an error
 * naming the file and line.  The body is what follows the block; line
 * numbers in messages are the file's.
 */
#ifndef DEPEER_TPLFILE_H
#define DEPEER_TPLFILE_H

#include <stddef.h>

#include <jansson.h>

#include "buf.h"
#include "embedded.h"
#include "template.h"
#include "util.h"

#define TPLFILE_MAX	(1024 * 1024)	/* bytes of one template file */
#define TPLFILE_SUBJECT_MAX 998		/* RFC 5322 line limit */

/* The files templates/NAME.mustache, compiled in (Makefile). */
extern const struct embedded_file builtin_templates[];
extern const size_t builtin_templates_count;

/* Where to look; a NULL field takes the default. */
struct tplfile_dirs {
	const char	*user;		/* the user's template folder; NULL:
					   tplfile_user_dir() */
	const char	*partials;	/* --partials DIR; NULL: none */
	const struct embedded_file *builtin;	/* NULL: builtin_templates */
	size_t		 nbuiltin;
	int		 no_user;	/* no user folder at all */
};

struct tplmeta {
	char		*subject;	/* NULL when absent */
	int		 subject_line;
	int		 due_days;	/* -1 when absent */
	char		*audience;	/* NULL when absent */
	char		*summary;	/* NULL when absent */
};

struct tplfile {
	char		*name;		/* "upstream-complaint" */
	char		*origin;	/* "built-in" or the file's path */
	int		 is_builtin;
	int		 html;		/* escape {{x}}: .html.mustache */
	char		*text;		/* the whole file, NUL-terminated */
	size_t		 len;
	size_t		 body_off;	/* the body: after the metadata */
	int		 body_line;
	struct tplmeta	 meta;
	/* for partials */
	char		*user_dir;	/* or NULL */
	char		*partials_dir;	/* or NULL */
	const struct embedded_file *builtin;
	size_t		 nbuiltin;
};
#define TPLFILE_INIT	{ 0 }

/*
 * The user's template folder, ${XDG_CONFIG_HOME:-$HOME/.config}/depeer/
 * templates (a relative XDG_CONFIG_HOME is ignored, as the XDG rules
 * say); NULL when neither variable gives an absolute path.  A new string.
 */
char	*tplfile_user_dir(void);

/* Whether s is a template or partial name: [a-z0-9][a-z0-9-]*. */
int	tplfile_name_ok(const char *s);

/*
 * Find name_or_path and read it into *out (tplfile_release()).  Returns
 * 0; DP_EX_NOINPUT when there is no such template ("no template 'x'
 * (built-in: a, b; user folder: DIR)") or the file cannot be read;
 * DP_EX_USAGE for a name that is not one; DP_EX_DATAERR for a file too
 * large, not UTF-8, or with bad metadata.
 */
int	tplfile_find(const char *name_or_path, const struct tplfile_dirs *dirs,
	    struct tplfile *out, struct dp_err *err);
void	tplfile_release(struct tplfile *t);

/* One visible template (tplfile_list). */
struct tplfile_entry {
	char		*name;
	char		*origin;	/* "built-in" or the user file */
	int		 html;
	int		 overrides;	/* a user file hiding a built-in */
	struct tplmeta	 meta;
	char		*error;		/* why its metadata cannot be read,
					   or NULL */
};

/*
 * Every visible template, by name: the built-ins and the user folder's
 * files, a user file taking the place of the built-in of its name.
 * A file whose metadata is broken is listed with error set.  Returns 0
 * (*out freed with tplfile_list_free()) or DP_EX_NOINPUT when the user
 * folder exists but cannot be read.
 */
int	tplfile_list(const struct tplfile_dirs *dirs,
	    struct tplfile_entry **out, size_t *n, struct dp_err *err);
void	tplfile_list_free(struct tplfile_entry *v, size_t n);

/*
 * The partial loader of t (struct tpl_loader): --partials DIR, else the
 * user folder, then the built-ins.  *ld borrows t.
 */
void	tplfile_loader(const struct tplfile *t, struct tpl_loader *ld);

/*
 * Render t's body with data in strict mode (HTML-escaped when t->html)
 * into body (appended), at most max_out bytes (0: no cap), and, when
 * subject is not NULL, its subject into *subject (a new string): one
 * line, no control characters whatever the data holds, runs of spaces
 * made one, at most TPLFILE_SUBJECT_MAX bytes.  Returns 0 or
 * DP_EX_DATAERR ("template 'NAME': the subject would carry a line break
 * (from the data)"); body is then as it was.
 */
int	tplfile_render(const struct tplfile *t, json_t *data, size_t max_out,
	    struct buf *body, char **subject, struct dp_err *err);

#endif
