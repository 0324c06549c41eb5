/*
 * check_template.c - template.c: every case of the Mustache
 * specification's modules comments, delimiters, interpolation, inverted,
 * partials and sections (tests/mustache/, copied unchanged), byte for
 * byte; then depeer's strict mode, errors with their line numbers, the
 * partial depth bound, the output cap, HTML escaping and CR LF lines.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "exitcodes.h"
#include "template.h"
#include "util.h"

Suite	*template_suite(void);

/* Partials from a JSON object of name -> text. */
static int
obj_load(void *arg, const char *name, char **text, size_t *len,
    struct dp_err *err)
{
	json_t *v = json_object_get(arg, name);

	(void)err;
	if (!json_is_string(v))
		return DP_EX_NOINPUT;
	*len = json_string_length(v);
	*text = xmalloc(*len + 1);
	memcpy(*text, json_string_value(v), *len + 1);
	return 0;
}

static const char *const spec_files[] = {
	"comments", "delimiters", "interpolation", "inverted", "partials",
	"sections",
};

START_TEST(test_spec)
{
	size_t total = 0, passed = 0, fi, i;
	json_error_t je;

	for (fi = 0; fi < ARRAY_SIZE(spec_files); fi++) {
		char path[128];
		json_t *root, *tests, *c;

		snprintf(path, sizeof(path), "mustache/%s.json",
		    spec_files[fi]);
		root = json_load_file(path, 0, &je);
		ck_assert_msg(root != NULL, "%s: %s", path, je.text);
		tests = json_object_get(root, "tests");
		ck_assert(json_array_size(tests) > 0);
		json_array_foreach(tests, i, c) {
			struct tpl_loader ld = { obj_load,
			    json_object_get(c, "partials") };
			struct tpl_opts o = { .html = 1, .partials = &ld };
			const char *tp = json_string_value(
			    json_object_get(c, "template"));
			const char *want = json_string_value(
			    json_object_get(c, "expected"));
			struct buf out = BUF_INIT;
			struct dp_err err = DP_ERR_INIT;
			int rc;

			total++;
			rc = tpl_render(json_string_value(json_object_get(c,
			    "name")), tp, strlen(tp), json_object_get(c,
			    "data"), &o, &out, &err);
			if (rc == 0 && strcmp(out.s, want) == 0)
				passed++;
			else
				fprintf(stderr, "mustache spec %s '%s': rc %d "
				    "%s\n  got  '%s'\n  want '%s'\n",
				    spec_files[fi], json_string_value(
				    json_object_get(c, "name")), rc, err.msg,
				    out.s, want);
			buf_release(&out);
		}
		json_decref(root);
	}
	printf("mustache spec: %zu/%zu cases passed\n", passed, total);
	fflush(stdout);
	ck_assert_uint_eq(total, 136);
	ck_assert_uint_eq(passed, total);
}
END_TEST

/* Render tp with the JSON data text and opts; rc, output in out. */
static int
render(const char *tp, const char *data, const struct tpl_opts *o,
    struct buf *out, struct dp_err *err)
{
	json_t *d = json_loads(data, JSON_DECODE_ANY, NULL);
	int rc;

	ck_assert_ptr_nonnull(d);
	buf_reset(out);
	rc = tpl_render("t", tp, strlen(tp), d, o, out, err);
	json_decref(d);
	return rc;
}

START_TEST(test_strict)
{
	struct tpl_opts o = { .strict = 1 };
	struct buf out = BUF_INIT;
	struct dp_err err = DP_ERR_INIT;

	ck_assert_int_eq(render("a\nb {{x}}", "{}", &o, &out, &err),
	    DP_EX_DATAERR);
	ck_assert_str_eq(err.msg, "template 't' line 2: no value for 'x'");
	ck_assert_str_eq(out.s, "");
	/* the same without strict: the spec's empty string */
	o.strict = 0;
	ck_assert_int_eq(render("a\nb {{x}}", "{}", &o, &out, &err), 0);
	ck_assert_str_eq(out.s, "a\nb ");
	o.strict = 1;
	/* optional inside a section of its name, or of a prefix */
	ck_assert_int_eq(render("[{{#note}}({{note}}){{/note}}]", "{}", &o,
	    &out, &err), 0);
	ck_assert_str_eq(out.s, "[]");
	ck_assert_int_eq(render("[{{#note}}({{note}}){{/note}}]",
	    "{\"note\":\"n\"}", &o, &out, &err), 0);
	ck_assert_str_eq(out.s, "[(n)]");
	ck_assert_int_eq(render("{{#up}}{{up.name}}/{{up.as}}{{/up}}",
	    "{\"up\":{\"as\":5}}", &o, &out, &err), 0);
	ck_assert_str_eq(out.s, "/5");
	ck_assert_int_eq(render("{{^note}}none{{note}}{{/note}}",
	    "{\"note\":null}", &o, &out, &err), 0);
	ck_assert_str_eq(out.s, "none");
	/* a section of another name does not make it optional */
	ck_assert_int_eq(render("{{#a}}\n{{b}}{{/a}}", "{\"a\":true}", &o,
	    &out, &err), DP_EX_DATAERR);
	ck_assert_str_eq(err.msg, "template 't' line 2: no value for 'b'");
	/* nor does a name that only starts with the section's */
	ck_assert_int_eq(render("{{#up}}{{upper}}{{/up}}", "{\"up\":1}", &o,
	    &out, &err), DP_EX_DATAERR);
	/* null is missing */
	ck_assert_int_eq(render("{{x}}", "{\"x\":null}", &o, &out, &err),
	    DP_EX_DATAERR);
	ck_assert_str_eq(err.msg, "template 't' line 1: no value for 'x'");
	/* a list is not a value */
	ck_assert_int_eq(render("{{x}}", "{\"x\":[1]}", &o, &out, &err),
	    DP_EX_DATAERR);
	ck_assert(strstr(err.msg, "'x' is a list") != NULL);
	/* a broken dotted chain */
	ck_assert_int_eq(render("{{a.b.c}}", "{\"a\":{\"b\":1}}", &o, &out,
	    &err), DP_EX_DATAERR);
	ck_assert_str_eq(err.msg,
	    "template 't' line 1: no value for 'a.b.c'");
	/* a missing partial */
	ck_assert_int_eq(render("x\n{{>p}}", "{}", &o, &out, &err),
	    DP_EX_DATAERR);
	ck_assert_str_eq(err.msg, "template 't' line 2: no partial 'p'");
	/* the optional marker reaches into partials */
	{
		json_t *parts = json_pack("{s:s}", "p", "({{note}})");
		struct tpl_loader ld = { obj_load, parts };

		o.partials = &ld;
		ck_assert_int_eq(render("{{#note}}{{>p}}{{/note}}{{>p}}",
		    "{}", &o, &out, &err), DP_EX_DATAERR);
		ck_assert_str_eq(err.msg,
		    "template 'p' line 1: no value for 'note'");
		ck_assert_int_eq(render("{{#note}}{{>p}}{{/note}}",
		    "{\"note\":\"x\"}", &o, &out, &err), 0);
		ck_assert_str_eq(out.s, "(x)");
		o.partials = NULL;
		json_decref(parts);
	}
	buf_release(&out);
}
END_TEST

START_TEST(test_values)
{
	struct tpl_opts o = { .strict = 1 };
	struct buf out = BUF_INIT;
	struct dp_err err = DP_ERR_INIT;

	ck_assert_int_eq(render("{{a}} {{b}} {{c}} {{d}} {{e}} {{f}}",
	    "{\"a\":-7,\"b\":1.5,\"c\":1.0,\"d\":true,\"e\":false,"
	    "\"f\":0.1}", &o, &out, &err), 0);
	ck_assert_str_eq(out.s, "-7 1.5 1.0 true false 0.1");
	/* truth: 0 is true, "" is false */
	ck_assert_int_eq(render("{{#z}}z{{/z}}{{#s}}s{{/s}}{{^s}}!s{{/s}}",
	    "{\"z\":0,\"s\":\"\"}", &o, &out, &err), 0);
	ck_assert_str_eq(out.s, "z!s");
	/* a missing section is false, also in strict mode */
	ck_assert_int_eq(render("[{{#m}}x{{/m}}{{^m}}y{{/m}}]", "{}", &o,
	    &out, &err), 0);
	ck_assert_str_eq(out.s, "[y]");
	buf_release(&out);
}
END_TEST

START_TEST(test_syntax_errors)
{
	static const struct {
		const char	*tp;
		const char	*msg;
	} t[] = {
		{ "a\n\nb {{x", "template 't' line 3: tag '{{' is not "
		  "closed (no '}}')" },
		{ "{{{x}}", "template 't' line 1: tag '{{' is not closed "
		  "(no '}}}')" },
		{ "x\n{{#a}}\ny", "template 't' line 2: section 'a' is not "
		  "closed" },
		{ "{{#a}}\n{{#b}}\n{{/a}}", "template 't' line 3: 'a' closes "
		  "the section 'b' opened at line 2" },
		{ "\n{{/a}}", "template 't' line 2: 'a' closes no section" },
		{ "{{=<% %>=}}\n<%x}}", "template 't' line 2: tag '<%' is not "
		  "closed (no '%>')" },
		{ "\n{{= | =}}", "template 't' line 2: bad delimiter change: "
		  "want two delimiters without blanks or '=', as "
		  "'{{=<% %>=}}'" },
		{ "{{=a=b c=}}", "template 't' line 1: bad delimiter change: "
		  "want two delimiters without blanks or '=', as "
		  "'{{=<% %>=}}'" },
		{ "{{ }}", "template 't' line 1: empty tag name" },
		/* the sigil does not count as the closer's '=' or '}' */
		{ "{{=}}", "template 't' line 1: tag '{{' is not closed "
		  "(no '=}}')" },
		{ "{{{}}", "template 't' line 1: tag '{{' is not closed "
		  "(no '}}}')" },
		{ "{{a b}}", "template 't' line 1: tag name 'a b' has a "
		  "blank in it" },
		/* a multi-line comment counts its lines */
		{ "{{!\n\n}}\n{{", "template 't' line 4: tag '{{' is not "
		  "closed (no '}}')" },
	};
	struct buf out = BUF_INIT;
	struct dp_err err = DP_ERR_INIT;
	struct tpl_opts o = { .line0 = 0 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		ck_assert_msg(render(t[i].tp, "{}", &o, &out, &err) ==
		    DP_EX_DATAERR, "'%s' rendered", t[i].tp);
		ck_assert_str_eq(err.msg, t[i].msg);
	}
	/* line0 shifts the numbers (a body after a metadata block) */
	o.line0 = 10;
	ck_assert_int_eq(render("\n{{#a}}", "{}", &o, &out, &err),
	    DP_EX_DATAERR);
	ck_assert_str_eq(err.msg, "template 't' line 11: section 'a' is "
	    "not closed");
	buf_release(&out);
}
END_TEST

START_TEST(test_depth)
{
	json_t *parts = json_pack("{s:s,s:s,s:s}", "a", "A{{>b}}", "b",
	    "B{{>a}}", "self", "{{>self}}{{>self}}");
	struct tpl_loader ld = { obj_load, parts };
	struct tpl_opts o = { .partials = &ld };
	struct buf out = BUF_INIT;
	struct dp_err err = DP_ERR_INIT;

	json_t *empty = json_object();

	buf_adds(&out, "kept");
	ck_assert_int_eq(tpl_render("top", "{{>a}}", 6, empty, &o, &out,
	    &err), DP_EX_DATAERR);
	json_decref(empty);
	ck_assert_str_eq(err.msg, "template 'b' line 1: partials nested "
	    "deeper than 32 ('top' > 'a' > 'b' > 'a' > 'b' > 'a' > ... > "
	    "'a')");
	/* nothing of the partial output is kept */
	ck_assert_str_eq(out.s, "kept");
	/* a smaller bound */
	o.max_depth = 3;
	ck_assert_int_eq(render("{{>a}}", "{}", &o, &out, &err),
	    DP_EX_DATAERR);
	ck_assert_str_eq(err.msg, "template 'a' line 1: partials nested "
	    "deeper than 3 ('t' > 'a' > 'b' > 'a' > 'b')");
	/* 3 levels are fine */
	json_object_set_new(parts, "c", json_string("C"));
	json_object_set_new(parts, "b", json_string("B{{>c}}"));
	ck_assert_int_eq(render("{{>a}}", "{}", &o, &out, &err), 0);
	ck_assert_str_eq(out.s, "ABC");
	/* a partial that doubles itself without output ends too */
	o.max_depth = 0;
	o.max_out = 4096;
	ck_assert_int_eq(render("{{>self}}", "{}", &o, &out, &err),
	    DP_EX_DATAERR);
	ck_assert_msg(strstr(err.msg, "too much work") != NULL ||
	    strstr(err.msg, "deeper") != NULL, "%s", err.msg);
	json_decref(parts);
	buf_release(&out);
}
END_TEST

START_TEST(test_cap)
{
	struct tpl_opts o = { .max_out = 10 };
	struct buf out = BUF_INIT;
	struct dp_err err = DP_ERR_INIT;

	ck_assert_int_eq(render("0123456789", "{}", &o, &out, &err), 0);
	ck_assert_str_eq(out.s, "0123456789");
	ck_assert_int_eq(render("0123456789{{x}}", "{\"x\":\"y\"}", &o,
	    &out, &err), DP_EX_DATAERR);
	ck_assert_str_eq(err.msg, "template 't': the output would be larger "
	    "than 10 bytes");
	ck_assert_str_eq(out.s, "");
	/* a list that multiplies a short template */
	ck_assert_int_eq(render("{{#l}}abc{{/l}}", "{\"l\":[1,2,3,4]}", &o,
	    &out, &err), DP_EX_DATAERR);
	buf_release(&out);
}
END_TEST

START_TEST(test_html)
{
	struct tpl_opts o = { .html = 1 };
	struct buf out = BUF_INIT;
	struct dp_err err = DP_ERR_INIT;
	const char *d = "{\"x\":\"<a href='u'>&\\\"</a>\"}";

	ck_assert_int_eq(render("{{x}}|{{{x}}}|{{&x}}", d, &o, &out, &err),
	    0);
	ck_assert_str_eq(out.s, "&lt;a href=&#39;u&#39;&gt;&amp;&quot;&lt;/a"
	    "&gt;|<a href='u'>&\"</a>|<a href='u'>&\"</a>");
	o.html = 0;
	ck_assert_int_eq(render("{{x}}", d, &o, &out, &err), 0);
	ck_assert_str_eq(out.s, "<a href='u'>&\"</a>");
	buf_release(&out);
}
END_TEST

START_TEST(test_crlf)
{
	json_t *parts = json_pack("{s:s}", "p", "x\r\ny\r\n");
	struct tpl_loader ld = { obj_load, parts };
	struct tpl_opts o = { .partials = &ld };
	struct buf out = BUF_INIT;
	struct dp_err err = DP_ERR_INIT;

	ck_assert_int_eq(render("a\r\n  {{#s}}  \r\nb\r\n{{/s}}\r\n"
	    "{{! c }}\r\nd", "{\"s\":true}", &o, &out, &err), 0);
	ck_assert_str_eq(out.s, "a\r\nb\r\nd");
	ck_assert_int_eq(render("a\r\n  {{>p}}\r\nz", "{}", &o, &out, &err),
	    0);
	ck_assert_str_eq(out.s, "a\r\n  x\r\n  y\r\nz");
	/* a lone CR does not end a line */
	ck_assert_int_eq(render("a {{#s}}\rb{{/s}}", "{\"s\":true}", &o,
	    &out, &err), 0);
	ck_assert_str_eq(out.s, "a \rb");
	json_decref(parts);
	buf_release(&out);
}
END_TEST

START_TEST(test_nested_indent)
{
	/* indentation adds up through standalone partials in partials,
	   and is not applied to what the data holds */
	json_t *parts = json_pack("{s:s,s:s}", "a", "x\n  {{>b}}\ny\n",
	    "b", "1\n{{v}}\n");
	struct tpl_loader ld = { obj_load, parts };
	struct tpl_opts o = { .partials = &ld };
	struct buf out = BUF_INIT;
	struct dp_err err = DP_ERR_INIT;

	ck_assert_int_eq(render(">\n  {{>a}}\n<", "{\"v\":\"p\\nq\"}", &o,
	    &out, &err), 0);
	ck_assert_str_eq(out.s, ">\n  x\n    1\n    p\nq\n  y\n<");
	json_decref(parts);
	buf_release(&out);
}
END_TEST

START_TEST(test_big_list)
{
	/* parsed once, rendered for each of many items */
	json_t *d = json_object(), *l = json_array();
	struct tpl_opts o = { .strict = 1 };
	struct buf out = BUF_INIT;
	struct dp_err err = DP_ERR_INIT;
	const char *tp = "{{#l}}{{n}},{{/l}}";
	int i;

	for (i = 0; i < 100000; i++)
		json_array_append_new(l, json_pack("{s:i}", "n", i % 10));
	json_object_set_new(d, "l", l);
	ck_assert_int_eq(tpl_render("t", tp, strlen(tp), d, &o, &out, &err),
	    0);
	ck_assert_uint_eq(out.len, 200000);
	ck_assert(strncmp(out.s, "0,1,2,", 6) == 0);
	json_decref(d);
	buf_release(&out);
}
END_TEST

START_TEST(test_names)
{
	const char *tp = "{{!c}}{{a}}\n{{#s}}{{s.x}}{{^t}}{{>p}}{{{r}}}"
	    "{{/t}}{{/s}}{{b}}";
	struct tpl_name *v;
	struct dp_err err = DP_ERR_INIT;
	size_t n;

	ck_assert_int_eq(tpl_names("t", tp, strlen(tp), 1, &v, &n, &err), 0);
	ck_assert_uint_eq(n, 7);
	ck_assert_str_eq(v[0].name, "a");
	ck_assert_int_eq(v[0].kind, TPL_VARIABLE);
	ck_assert_uint_eq(v[0].nwithin, 0);
	ck_assert_int_eq(v[1].kind, TPL_SECTION);
	ck_assert_int_eq(v[1].line, 2);
	ck_assert_str_eq(v[2].name, "s.x");
	ck_assert_int_eq(v[2].optional, 1);
	ck_assert_int_eq(v[3].kind, TPL_INVERTED);
	ck_assert_int_eq(v[4].kind, TPL_PARTIAL);
	ck_assert_uint_eq(v[4].nwithin, 2);
	ck_assert_str_eq(v[4].within[0], "s");
	ck_assert_str_eq(v[4].within[1], "t");
	ck_assert_str_eq(v[5].name, "r");
	ck_assert_int_eq(v[5].raw, 1);
	ck_assert_int_eq(v[5].optional, 0);
	ck_assert_str_eq(v[6].name, "b");
	ck_assert_uint_eq(v[6].nwithin, 0);
	tpl_names_free(v, n);
	ck_assert_int_eq(tpl_names("t", "{{#a}}", 6, 1, &v, &n, &err),
	    DP_EX_DATAERR);
}
END_TEST

Suite *
template_suite(void)
{
	Suite *s = suite_create("template");
	TCase *tc = tcase_create("template");

	tcase_add_test(tc, test_spec);
	tcase_add_test(tc, test_strict);
	tcase_add_test(tc, test_values);
	tcase_add_test(tc, test_syntax_errors);
	tcase_add_test(tc, test_depth);
	tcase_add_test(tc, test_cap);
	tcase_add_test(tc, test_html);
	tcase_add_test(tc, test_crlf);
	tcase_add_test(tc, test_nested_indent);
	tcase_add_test(tc, test_big_list);
	tcase_add_test(tc, test_names);
	suite_add_tcase(s, tc);
	return s;
}
