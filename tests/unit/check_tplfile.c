/*
 * check_tplfile.c - tplfile.c: the metadata block and its errors, the
 * lookup order (path, user folder, built-ins), partials, the listing,
 * and the rendering of a body and of a subject that no data can break
 * into two header lines.  The built-ins here are the test's own, so the
 * tests do not depend on which templates ship.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "buf.h"
#include "exitcodes.h"
#include "tplfile.h"
#include "util.h"

Suite	*tplfile_suite(void);

#define B(n, s)	{ n, s, sizeof(s) - 1 }
static const struct embedded_file builtins[] = {
	B("complaint.mustache", "{{!\nsubject:  Report:  {{name}}   "
	    "[{{tag}}]\ndue-days: 5\naudience: abuse desks\nsummary: a "
	    "complaint\n}}\nDear {{to}},\n{{>sig}}"),
	B("page.html.mustache", "<p>{{x}}</p>"),
	B("sig.mustache", "-- \nbuilt-in sig\n"),
	B("broken.mustache", "{{!\nsubject: x\ncolour: red\n}}\n"),
};

static char dir[64];

static void
setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/check_tplfile.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void
teardown(void)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
}

static void
put(const char *name, const char *text)
{
	char *p = xasprintf("%s/%s", dir, name);
	FILE *fp = fopen(p, "wb");

	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
	free(p);
}

static struct tplfile_dirs
dirs(void)
{
	struct tplfile_dirs d = { 0 };

	d.user = dir;
	d.builtin = builtins;
	d.nbuiltin = ARRAY_SIZE(builtins);
	return d;
}

START_TEST(test_builtin)
{
	struct tplfile_dirs d = dirs();
	struct tplfile t;
	struct dp_err err = DP_ERR_INIT;
	struct buf body = BUF_INIT;
	json_t *data = json_pack("{s:s,s:s,s:s}", "name", "Bad  Host",
	    "tag", "[depeer #4]", "to", "abuse");
	char *subject = NULL;

	ck_assert_int_eq(tplfile_find("complaint", &d, &t, &err), 0);
	ck_assert_str_eq(t.name, "complaint");
	ck_assert_str_eq(t.origin, "built-in");
	ck_assert_int_eq(t.is_builtin, 1);
	ck_assert_int_eq(t.html, 0);
	ck_assert_str_eq(t.meta.subject, "Report:  {{name}}   [{{tag}}]");
	ck_assert_int_eq(t.meta.subject_line, 2);
	ck_assert_int_eq(t.meta.due_days, 5);
	ck_assert_str_eq(t.meta.audience, "abuse desks");
	ck_assert_str_eq(t.meta.summary, "a complaint");
	ck_assert_int_eq(t.body_line, 7);
	ck_assert_int_eq(tplfile_render(&t, data, 0, &body, &subject, &err),
	    0);
	ck_assert_str_eq(body.s, "Dear abuse,\n-- \nbuilt-in sig\n");
	/* runs of spaces made one */
	ck_assert_str_eq(subject, "Report: Bad Host [[depeer #4]]");
	free(subject);
	tplfile_release(&t);

	ck_assert_int_eq(tplfile_find("page", &d, &t, &err), 0);
	ck_assert_int_eq(t.html, 1);
	ck_assert_int_eq(t.meta.due_days, -1);
	ck_assert_ptr_null(t.meta.subject);
	buf_reset(&body);
	json_object_set_new(data, "x", json_string("<b>"));
	ck_assert_int_eq(tplfile_render(&t, data, 0, &body, NULL, &err), 0);
	ck_assert_str_eq(body.s, "<p>&lt;b&gt;</p>");
	/* a message needs a subject */
	ck_assert_int_eq(tplfile_render(&t, data, 0, &body, &subject, &err),
	    DP_EX_DATAERR);
	ck_assert_str_eq(err.msg, "template 'page' has no 'subject:' line "
	    "in its metadata");
	ck_assert_str_eq(body.s, "<p>&lt;b&gt;</p>");
	tplfile_release(&t);
	buf_release(&body);
	json_decref(data);
}
END_TEST

START_TEST(test_lookup)
{
	struct tplfile_dirs d = dirs();
	struct tplfile t;
	struct dp_err err = DP_ERR_INIT;
	char *p;

	/* the user folder wins over a built-in */
	put("complaint.mustache", "mine {{x}}");
	ck_assert_int_eq(tplfile_find("complaint", &d, &t, &err), 0);
	p = xasprintf("%s/complaint.mustache", dir);
	ck_assert_str_eq(t.origin, p);
	ck_assert_int_eq(t.is_builtin, 0);
	ck_assert_str_eq(t.text, "mine {{x}}");
	free(p);
	tplfile_release(&t);
	/* NAME.mustache before NAME.html.mustache */
	put("complaint.html.mustache", "html");
	ck_assert_int_eq(tplfile_find("complaint", &d, &t, &err), 0);
	ck_assert_int_eq(t.html, 0);
	tplfile_release(&t);
	put("page.html.mustache", "user page");
	ck_assert_int_eq(tplfile_find("page", &d, &t, &err), 0);
	ck_assert_int_eq(t.html, 1);
	ck_assert_str_eq(t.text, "user page");
	tplfile_release(&t);
	/* an explicit path: by name and suffix */
	put("other.html.mustache", "o");
	p = xasprintf("%s/other.html.mustache", dir);
	ck_assert_int_eq(tplfile_find(p, &d, &t, &err), 0);
	ck_assert_str_eq(t.name, "other");
	ck_assert_int_eq(t.html, 1);
	ck_assert_str_eq(t.origin, p);
	tplfile_release(&t);
	free(p);
	ck_assert_int_eq(tplfile_find("/nonexistent/x.mustache", &d, &t,
	    &err), DP_EX_NOINPUT);
	ck_assert_str_eq(err.msg, "cannot open '/nonexistent/x.mustache': "
	    "No such file or directory");
	/* a folder in the way is not a template */
	p = xasprintf("%s/dir.mustache", dir);
	ck_assert_int_eq(mkdir(p, 0700), 0);
	ck_assert_int_eq(tplfile_find("dir", &d, &t, &err), DP_EX_NOINPUT);
	ck_assert(strstr(err.msg, "is a directory, not a regular file") !=
	    NULL);
	ck_assert_int_eq(tplfile_find(p, &d, &t, &err), DP_EX_NOINPUT);
	free(p);
	/* unknown: the message names what there is */
	ck_assert_int_eq(tplfile_find("nope", &d, &t, &err), DP_EX_NOINPUT);
	p = xasprintf("no template 'nope' (built-in: complaint, page, sig, "
	    "broken; user folder: %s)", dir);
	ck_assert_str_eq(err.msg, p);
	free(p);
	/* not a name */
	ck_assert_int_eq(tplfile_find("Nope", &d, &t, &err), DP_EX_USAGE);
	ck_assert_int_eq(tplfile_find("-x", &d, &t, &err), DP_EX_USAGE);
	ck_assert_int_eq(tplfile_find("", &d, &t, &err), DP_EX_USAGE);
	/* no user folder at all */
	d.no_user = 1;
	ck_assert_int_eq(tplfile_find("complaint", &d, &t, &err), 0);
	ck_assert_str_eq(t.origin, "built-in");
	tplfile_release(&t);
}
END_TEST

START_TEST(test_user_dir)
{
	char *p;

	setenv("XDG_CONFIG_HOME", "/x/conf", 1);
	p = tplfile_user_dir();
	ck_assert_str_eq(p, "/x/conf/depeer/templates");
	free(p);
	/* relative: ignored, as the XDG rules say */
	setenv("XDG_CONFIG_HOME", "conf", 1);
	setenv("HOME", "/home/r", 1);
	p = tplfile_user_dir();
	ck_assert_str_eq(p, "/home/r/.config/depeer/templates");
	free(p);
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("HOME");
	ck_assert_ptr_null(tplfile_user_dir());
}
END_TEST

START_TEST(test_meta_errors)
{
	static const struct {
		const char	*text;
		const char	*msg;
	} t[] = {
		{ "{{!\nsubject: s\ncolour: red\n}}\n", "template 'm' line 3: "
		  "unknown metadata key 'colour' (subject, due-days, "
		  "audience, summary)" },
		{ "{{!\n\nsubject s\n}}\n", "template 'm' line 3: want "
		  "'key: value' in the metadata (or '}}' to end it)" },
		{ "{{!\nsubject: a\nsubject: b\n}}\n", "template 'm' line 3: "
		  "'subject' given twice in the metadata" },
		{ "{{!\ndue-days: 366\n}}\n", "template 'm' line 2: "
		  "'due-days': '366' is not a whole number from 0 to 365" },
		{ "{{!\ndue-days: soon\n}}\n", "template 'm' line 2: "
		  "'due-days': 'soon' is not a whole number from 0 to 365" },
		{ "{{!\nsubject: x\n", "template 'm' line 1: the metadata "
		  "block is not ended by a line '}}'" },
		{ "{{!\nsummary: x\n}}\nok\n{{#a}}\n", "template 'm' line 5: "
		  "section 'a' is not closed" },
		{ "{{!\nsubject: {{#a}}\n}}\n", "template 'm' line 2: "
		  "section 'a' is not closed" },
		{ "ok\n\xff\n", "template 'm' line 2: not valid UTF-8" },
	};
	struct tplfile_dirs d = dirs();
	struct tplfile tf;
	struct dp_err err = DP_ERR_INIT;
	struct buf body = BUF_INIT;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		int rc;

		put("m.mustache", t[i].text);
		rc = tplfile_find("m", &d, &tf, &err);
		if (rc == 0) {
			/* a body error shows when rendered */
			json_t *empty = json_object();

			rc = tplfile_render(&tf, empty, 0, &body, NULL, &err);
			json_decref(empty);
			tplfile_release(&tf);
		}
		ck_assert_msg(rc == DP_EX_DATAERR, "case %zu: %d", i, rc);
		ck_assert_str_eq(err.msg, t[i].msg);
	}
	/* a NUL byte */
	{
		char *p = xasprintf("%s/n.mustache", dir);
		FILE *fp = fopen(p, "wb");

		fwrite("a\n\0b", 1, 4, fp);
		fclose(fp);
		ck_assert_int_eq(tplfile_find(p, &d, &tf, &err),
		    DP_EX_DATAERR);
		ck_assert_str_eq(err.msg, "template 'n' line 2: a NUL byte");
		free(p);
	}
	/* CR LF lines and blank lines in the block; "{{!" alone at the
	   end is not a block */
	put("m.mustache", "{{!\r\nsummary: s\r\n\r\n}}\r\nbody");
	ck_assert_int_eq(tplfile_find("m", &d, &tf, &err), 0);
	ck_assert_str_eq(tf.meta.summary, "s");
	ck_assert_str_eq(tf.text + tf.body_off, "body");
	tplfile_release(&tf);
	put("m.mustache", "{{! x }}\nbody");
	ck_assert_int_eq(tplfile_find("m", &d, &tf, &err), 0);
	ck_assert_ptr_null(tf.meta.summary);
	ck_assert_uint_eq(tf.body_off, 0);
	tplfile_release(&tf);
	buf_release(&body);
}
END_TEST

START_TEST(test_size)
{
	struct tplfile_dirs d = dirs();
	struct tplfile tf;
	struct dp_err err = DP_ERR_INIT;
	char *p = xasprintf("%s/big.mustache", dir);
	FILE *fp = fopen(p, "wb");
	size_t i;

	for (i = 0; i <= TPLFILE_MAX / 8; i++)
		fputs("1234567\n", fp);
	fclose(fp);
	ck_assert_int_eq(tplfile_find("big", &d, &tf, &err), DP_EX_DATAERR);
	free(p);
	p = xasprintf("template '%s/big.mustache' is larger than 1048576 "
	    "bytes", dir);
	ck_assert_str_eq(err.msg, p);
	free(p);
}
END_TEST

/* Render t's subject with data (JSON text): rc; *s the subject. */
static int
subject(const char *tp, const char *data, char **s, struct dp_err *err)
{
	struct tplfile_dirs d = dirs();
	struct tplfile tf;
	struct buf body = BUF_INIT;
	json_t *j = json_loads(data, JSON_ALLOW_NUL, NULL);
	char *text = xasprintf("{{!\nsubject: %s\n}}\nbody {{x}}\n", tp);
	int rc;

	ck_assert_ptr_nonnull(j);
	put("s.mustache", text);
	free(text);
	ck_assert_int_eq(tplfile_find("s", &d, &tf, err), 0);
	buf_adds(&body, "before|");
	*s = NULL;
	rc = tplfile_render(&tf, j, 0, &body, s, err);
	/* nothing of the body is kept on error */
	ck_assert_str_eq(body.s, rc == 0 ? "before|body 1\n" : "before|");
	tplfile_release(&tf);
	buf_release(&body);
	json_decref(j);
	return rc;
}

START_TEST(test_subject)
{
	struct dp_err err = DP_ERR_INIT;
	char *s, *long_name, *data;
	static const char *const bad[] = {
		"{\"x\":1,\"n\":\"a\\nb\"}",
		"{\"x\":1,\"n\":\"a\\rb\"}",
		"{\"x\":1,\"n\":\"a\\r\\nBcc: victim@example.net\"}",
	};
	size_t i;

	ck_assert_int_eq(subject("Abuse: {{n}} ", "{\"x\":1,\"n\":\"AS\"}",
	    &s, &err), 0);
	ck_assert_str_eq(s, "Abuse: AS");
	free(s);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		ck_assert_int_eq(subject("Abuse: {{n}}", bad[i], &s, &err),
		    DP_EX_DATAERR);
		ck_assert_str_eq(err.msg, "template 's': the subject would "
		    "carry a line break (from the data)");
		ck_assert_ptr_null(s);
	}
	/* the same through a triple mustache: no escaping to hide it */
	ck_assert_int_eq(subject("{{{n}}}", bad[0], &s, &err),
	    DP_EX_DATAERR);
	ck_assert_int_eq(subject("{{n}}", "{\"x\":1,\"n\":\"a\\u0000b\"}", &s,
	    &err), DP_EX_DATAERR);
	ck_assert_str_eq(err.msg, "template 's': the subject would carry a "
	    "control character (U+0000, from the data)");
	ck_assert_int_eq(subject("{{n}}", "{\"x\":1,\"n\":\"a\\tb\"}", &s,
	    &err), DP_EX_DATAERR);
	ck_assert_int_eq(subject("{{n}}", "{\"x\":1,\"n\":\"a\\u0085b\"}", &s,
	    &err), DP_EX_DATAERR);
	ck_assert_str_eq(err.msg, "template 's': the subject would carry a "
	    "control character (U+0085, from the data)");
	/* a missing variable names the metadata line */
	ck_assert_int_eq(subject("x {{nope}}", "{\"x\":1}", &s, &err),
	    DP_EX_DATAERR);
	ck_assert_str_eq(err.msg, "template 's' line 2: no value for "
	    "'nope'");
	ck_assert_int_eq(subject("{{n}}", "{\"x\":1,\"n\":\"   \"}", &s,
	    &err), DP_EX_DATAERR);
	ck_assert_str_eq(err.msg, "template 's': the subject would be "
	    "empty");
	/* 998 bytes at most */
	long_name = xmalloc(1000);
	memset(long_name, 'a', 999);
	long_name[999] = '\0';
	data = xasprintf("{\"x\":1,\"n\":\"%s\"}", long_name);
	ck_assert_int_eq(subject("{{n}}", data, &s, &err), DP_EX_DATAERR);
	ck_assert_str_eq(err.msg, "template 's': the subject would be longer "
	    "than 998 bytes");
	free(data);
	long_name[998] = '\0';
	data = xasprintf("{\"x\":1,\"n\":\"%s\"}", long_name);
	ck_assert_int_eq(subject("{{n}}", data, &s, &err), 0);
	ck_assert_uint_eq(strlen(s), 998);
	free(s);
	free(data);
	free(long_name);
}
END_TEST

START_TEST(test_partials)
{
	struct tplfile_dirs d = dirs();
	struct tplfile tf;
	struct dp_err err = DP_ERR_INIT;
	struct buf body = BUF_INIT;
	json_t *data = json_pack("{s:s}", "to", "you");
	char *pdir;

	/* the user folder's partial over the built-in one */
	put("sig.mustache", "user sig\n");
	ck_assert_int_eq(tplfile_find("complaint", &d, &tf, &err), 0);
	ck_assert_int_eq(tplfile_render(&tf, data, 0, &body, NULL, &err), 0);
	ck_assert_str_eq(body.s, "Dear you,\nuser sig\n");
	tplfile_release(&tf);
	/* --partials DIR: only there */
	pdir = xasprintf("%s/p", dir);
	ck_assert_int_eq(mkdir(pdir, 0700), 0);
	d.partials = pdir;
	ck_assert_int_eq(tplfile_find("complaint", &d, &tf, &err), 0);
	buf_reset(&body);
	ck_assert_int_eq(tplfile_render(&tf, data, 0, &body, NULL, &err),
	    DP_EX_DATAERR);
	ck_assert_str_eq(err.msg, "template 'complaint' line 8: no partial "
	    "'sig'");
	tplfile_release(&tf);
	put("p/sig.mustache", "p sig");
	ck_assert_int_eq(tplfile_find("complaint", &d, &tf, &err), 0);
	ck_assert_int_eq(tplfile_render(&tf, data, 0, &body, NULL, &err), 0);
	ck_assert_str_eq(body.s, "Dear you,\np sig");
	tplfile_release(&tf);
	/* a partial name that is not one */
	put("q.mustache", "{{>../x}}");
	ck_assert_int_eq(tplfile_find("q", &d, &tf, &err), 0);
	ck_assert_int_eq(tplfile_render(&tf, data, 0, &body, NULL, &err),
	    DP_EX_DATAERR);
	ck_assert_str_eq(err.msg, "template 'q': '../x' is not a partial "
	    "name (lower-case letters, digits and '-')");
	tplfile_release(&tf);
	/* a loop of partials ends */
	put("p/a.mustache", "{{>b}}");
	put("p/b.mustache", "{{>a}}");
	put("q.mustache", "{{>a}}");
	ck_assert_int_eq(tplfile_find("q", &d, &tf, &err), 0);
	ck_assert_int_eq(tplfile_render(&tf, data, 0, &body, NULL, &err),
	    DP_EX_DATAERR);
	ck_assert(strstr(err.msg, "partials nested deeper than 32 ('q' > "
	    "'a' > 'b'") != NULL);
	tplfile_release(&tf);
	/* the output cap */
	put("q.mustache", "0123456789");
	ck_assert_int_eq(tplfile_find("q", &d, &tf, &err), 0);
	buf_reset(&body);
	ck_assert_int_eq(tplfile_render(&tf, data, 9, &body, NULL, &err),
	    DP_EX_DATAERR);
	ck_assert_str_eq(body.s, "");
	ck_assert_int_eq(tplfile_render(&tf, data, 10, &body, NULL, &err), 0);
	tplfile_release(&tf);
	free(pdir);
	buf_release(&body);
	json_decref(data);
}
END_TEST

START_TEST(test_list)
{
	struct tplfile_dirs d = dirs();
	struct tplfile_entry *v;
	struct dp_err err = DP_ERR_INIT;
	size_t n;
	char *p;

	put("page.mustache", "{{!\nsummary: mine\n}}\n");
	put("page.html.mustache", "hidden");
	put("zed.html.mustache", "{{!\ndue-days: 3\n}}\n");
	put("Bad.mustache", "not a name");
	put("notes.txt", "not a template");
	ck_assert_int_eq(tplfile_list(&d, &v, &n, &err), 0);
	ck_assert_uint_eq(n, 5);
	ck_assert_str_eq(v[0].name, "broken");
	ck_assert_str_eq(v[0].error, "template 'broken' line 3: unknown "
	    "metadata key 'colour' (subject, due-days, audience, summary)");
	ck_assert_str_eq(v[1].name, "complaint");
	ck_assert_str_eq(v[1].origin, "built-in");
	ck_assert_int_eq(v[1].overrides, 0);
	ck_assert_int_eq(v[1].meta.due_days, 5);
	ck_assert_str_eq(v[2].name, "page");
	p = xasprintf("%s/page.mustache", dir);
	ck_assert_str_eq(v[2].origin, p);
	free(p);
	ck_assert_int_eq(v[2].overrides, 1);
	ck_assert_int_eq(v[2].html, 0);
	ck_assert_str_eq(v[2].meta.summary, "mine");
	ck_assert_str_eq(v[3].name, "sig");
	ck_assert_str_eq(v[4].name, "zed");
	ck_assert_int_eq(v[4].html, 1);
	ck_assert_int_eq(v[4].overrides, 0);
	ck_assert_int_eq(v[4].meta.due_days, 3);
	tplfile_list_free(v, n);
	/* a user folder that does not exist is no error */
	d.user = "/nonexistent/templates";
	ck_assert_int_eq(tplfile_list(&d, &v, &n, &err), 0);
	ck_assert_uint_eq(n, 4);
	tplfile_list_free(v, n);
}
END_TEST

Suite *
tplfile_suite(void)
{
	Suite *s = suite_create("tplfile");
	TCase *tc = tcase_create("tplfile");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_builtin);
	tcase_add_test(tc, test_lookup);
	tcase_add_test(tc, test_user_dir);
	tcase_add_test(tc, test_meta_errors);
	tcase_add_test(tc, test_size);
	tcase_add_test(tc, test_subject);
	tcase_add_test(tc, test_partials);
	tcase_add_test(tc, test_list);
	suite_add_tcase(s, tc);
	return s;
}
