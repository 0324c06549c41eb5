/*
 * fuzz_template.c - libFuzzer target for the Mustache engine: any bytes as
 * a template, rendered with fixed data (every JSON type, nested objects,
 * lists) and a partial loader whose partial "self" is the input itself,
 * must end in output or a clean error, never a crash, a hang or a leak.
 * Checked of every run: the status is 0 or DP_EX_DATAERR; an error
 * message names the template ("template '...") and leaves the output as
 * it was; the output stays within the cap; tpl_names() accepts exactly
 * the templates that parse (a syntax error fails both, strict or not);
 * without strict mode a template that parses fails only at the cap or
 * the depth and work bounds.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "exitcodes.h"
#include "template.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CAP	65536

struct input {
	const char	*s;
	size_t		 n;
};

static int
load(void *arg, const char *name, char **text, size_t *len,
    struct dp_err *err)
{
	const struct input *in = arg;
	const char *s;

	(void)err;
	if (strcmp(name, "self") == 0)
		s = NULL;
	else if (strcmp(name, "q") == 0)
		s = "  {{x}}\n{{#l}}{{.}}{{/l}}\n";
	else
		return DP_EX_NOINPUT;
	*len = s != NULL ? strlen(s) : in->n;
	*text = malloc(*len + 1);
	if (*text == NULL)
		abort();
	memcpy(*text, s != NULL ? s : in->s, *len);
	(*text)[*len] = '\0';
	return 0;
}

static json_t *
fixed_data(void)
{
	return json_pack("{s:s,s:i,s:f,s:b,s:b,s:n,s:[i,s,{s:s}],s:{s:{s:s}},"
	    "s:s,s:[]}", "x", "<b>&'\"", "i", 42, "r", 1.25, "t", 1, "f", 0,
	    "z", "l", 1, "two", "k", "v", "o", "p", "q", "deep", "e", "",
	    "empty");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static json_t *d;
	struct input in = { (const char *)data, size };
	struct tpl_loader ld = { load, &in };
	struct tpl_opts o = { .max_out = CAP, .partials = &ld };
	struct tpl_name *names;
	struct dp_err err = DP_ERR_INIT;
	struct buf out = BUF_INIT;
	size_t n;
	int pass, rc, syntax_ok;

	if (d == NULL)
		d = fixed_data();
	syntax_ok = tpl_names("f", in.s, in.n, 1, &names, &n, &err) == 0;
	if (syntax_ok)
		tpl_names_free(names, n);
	else if (err.code != DP_EX_DATAERR ||
	    strncmp(err.msg, "template 'f'", 12) != 0)
		abort();
	for (pass = 0; pass < 4; pass++) {
		o.strict = pass & 1;
		o.html = (pass >> 1) & 1;
		buf_reset(&out);
		buf_adds(&out, "kept");
		rc = tpl_render("f", in.s, in.n, d, &o, &out, &err);
		if (rc != 0 && rc != DP_EX_DATAERR)
			abort();
		if (rc != 0 && (strncmp(err.msg, "template '", 10) != 0 ||
		    out.len != 4 || strcmp(out.s, "kept") != 0))
			abort();
		if (out.len > 4 + CAP)
			abort();
		/* a syntax error fails every pass; a good parse fails
		   only for what strict mode, the cap or depth refuse */
		if (!syntax_ok && rc == 0)
			abort();
		if (syntax_ok && rc != 0 && !o.strict &&
		    strstr(err.msg, "larger than") == NULL &&
		    strstr(err.msg, "nested deeper") == NULL &&
		    strstr(err.msg, "too much work") == NULL)
			abort();
	}
	buf_release(&out);
	return 0;
}
