/*
 * check_cmd.c - the command dispatcher: entries found by exact name,
 * groups descended, options parsed from an entry's table in command-line
 * order, operands kept in their place, --help and bad options answered
 * before exec(), and the database opened only as the entry's flags say.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "db.h"
#include "exitcodes.h"

enum { T_ASN = OPT_FIRST_LOCAL, T_FORCE };

/* What the last exec() saw. */
static int ran;
static int seen_argc;
static char seen_argv[4][32];
static int seen_ids[8];
static char seen_vals[8][32];
static size_t seen_nopts;

static int
record(const struct cmd_args *a, struct ctx *ctx)
{
	size_t i;
	int j;

	(void)ctx;
	ran++;
	seen_argc = a->argc;
	for (j = 0; j < a->argc && j < 4; j++)
		snprintf(seen_argv[j], sizeof(seen_argv[j]), "%s", a->argv[j]);
	seen_nopts = a->nopts;
	for (i = 0; i < a->nopts && i < 8; i++) {
		seen_ids[i] = a->opts[i].id;
		snprintf(seen_vals[i], sizeof(seen_vals[i]), "%s",
		    a->opts[i].value != NULL ? a->opts[i].value : "(null)");
	}
	return 7;
}

static int
open_db(const struct cmd_args *a, struct ctx *ctx)
{
	(void)a;
	return ctx_db(ctx);
}

static const struct cmd_opt add_opts[] = {
	{ "asn", T_ASN, required_argument, "N", "an AS number" },
	{ "force", 'f', no_argument, NULL, "replace" },
	CMD_OPTS_END
};

static const struct cmd_entry add_entry = {
	.name = "add", .summary = "add", .usage = "add NAME [--asn N]...",
	.opts = add_opts, .exec = record,
};
static const struct cmd_entry rm_entry = {
	.name = "rm", .summary = "remove", .usage = "rm NAME",
	.exec = record,
};
static const struct cmd_entry *const net_subs[] = { &add_entry, &rm_entry,
	NULL };
static const struct cmd_entry net_entry = {
	.name = "net", .summary = "networks", .usage = "net add|rm ...",
	.subs = net_subs,
};
static const struct cmd_entry nodb_entry = {
	.name = "nodb", .summary = "opens without saying so",
	.usage = "nodb", .exec = open_db,
};
static const struct cmd_entry read_entry = {
	.name = "read", .summary = "reads", .usage = "read",
	.flags = CMD_DB_READ, .exec = open_db,
};
static const struct cmd_entry *const table[] = { &net_entry, &nodb_entry,
	&read_entry, NULL };

/* Run the command line words (NULL-terminated) through the dispatcher. */
static int
run(struct ctx *ctx, const char *const *words)
{
	char *argv[16];
	int argc = 0, rc;

	while (words[argc] != NULL) {
		argv[argc] = (char *)words[argc];
		argc++;
	}
	argv[argc] = NULL;
	ran = 0;
	seen_nopts = 0;
	rc = cmd_dispatch(table, argc, argv, ctx);
	return rc;
}

START_TEST(test_find_exact)
{
	ck_assert_ptr_eq(cmd_find_entry(table, "net"), &net_entry);
	ck_assert_ptr_null(cmd_find_entry(table, "ne"));
	ck_assert_ptr_null(cmd_find_entry(table, "NET"));
	ck_assert_ptr_eq(cmd_find_entry(net_subs, "rm"), &rm_entry);
}
END_TEST

START_TEST(test_options_in_order)
{
	static const char *const w[] = { "net", "add", "McColo", "--asn",
	    "26780", "-f", "--asn=3549", "--json", NULL };
	struct ctx ctx;

	memset(&ctx, 0, sizeof(ctx));
	ck_assert_int_eq(run(&ctx, w), 7);
	ck_assert_int_eq(ran, 1);
	ck_assert_str_eq(ctx.path, "net add");
	ck_assert_int_eq(ctx.json, 1);
	ck_assert_int_eq(seen_argc, 1);
	ck_assert_str_eq(seen_argv[0], "McColo");
	ck_assert_uint_eq(seen_nopts, 3);
	ck_assert_int_eq(seen_ids[0], T_ASN);
	ck_assert_str_eq(seen_vals[0], "26780");
	ck_assert_int_eq(seen_ids[1], 'f');
	ck_assert_str_eq(seen_vals[1], "(null)");
	ck_assert_int_eq(seen_ids[2], T_ASN);
	ck_assert_str_eq(seen_vals[2], "3549");
}
END_TEST

START_TEST(test_args_get_last)
{
	struct cmd_arg opts[] = { { T_ASN, "1" }, { 'f', NULL },
	    { T_ASN, "2" } };
	struct cmd_args a = { 0, NULL, opts, 3 };

	ck_assert_int_eq(args_has(&a, T_ASN), 2);
	ck_assert_int_eq(args_has(&a, 'f'), 1);
	ck_assert_int_eq(args_has(&a, T_FORCE), 0);
	ck_assert_str_eq(args_get(&a, T_ASN), "2");
	ck_assert_ptr_null(args_get(&a, T_FORCE));
}
END_TEST

START_TEST(test_operands_after_dashdash)
{
	static const char *const w[] = { "net", "rm", "--", "--asn", NULL };
	struct ctx ctx;

	memset(&ctx, 0, sizeof(ctx));
	ck_assert_int_eq(run(&ctx, w), 7);
	ck_assert_int_eq(seen_argc, 1);
	ck_assert_str_eq(seen_argv[0], "--asn");
	ck_assert_uint_eq(seen_nopts, 0);
}
END_TEST

START_TEST(test_help_and_bad_options_before_exec)
{
	static const char *const help[] = { "net", "add", "--asn", "1",
	    "--help", NULL };
	static const char *const bad[] = { "net", "add", "--frob", NULL };
	static const char *const missing[] = { "net", "add", "--asn", NULL };
	static const char *const unknown[] = { "net", "move", NULL };
	static const char *const none[] = { "net", NULL };
	static const char *const group_help[] = { "net", "help", NULL };
	struct ctx ctx;

	memset(&ctx, 0, sizeof(ctx));
	ck_assert_int_eq(run(&ctx, help), DP_EX_OK);
	ck_assert_int_eq(ran, 0);
	memset(&ctx, 0, sizeof(ctx));
	ck_assert_int_eq(run(&ctx, bad), DP_EX_USAGE);
	ck_assert_int_eq(ran, 0);
	memset(&ctx, 0, sizeof(ctx));
	ck_assert_int_eq(run(&ctx, missing), DP_EX_USAGE);
	ck_assert_int_eq(ran, 0);
	memset(&ctx, 0, sizeof(ctx));
	ck_assert_int_eq(run(&ctx, unknown), DP_EX_USAGE);
	memset(&ctx, 0, sizeof(ctx));
	ck_assert_int_eq(run(&ctx, none), DP_EX_USAGE);
	memset(&ctx, 0, sizeof(ctx));
	ck_assert_int_eq(run(&ctx, group_help), DP_EX_OK);
	ck_assert_int_eq(ran, 0);
}
END_TEST

/* A command whose entry names no database may not open one. */
START_TEST(test_db_without_flag_is_a_bug)
{
	static const char *const w[] = { "nodb", NULL };
	struct ctx ctx;

	memset(&ctx, 0, sizeof(ctx));
	ctx.db_path = ":memory:";
	run(&ctx, w);
}
END_TEST

/* CMD_DB_READ: a missing database is 66, and an open one refuses writes. */
START_TEST(test_read_flag)
{
	static const char *const w[] = { "read", NULL };
	struct dp_err err = DP_ERR_INIT;
	char dir[] = "/tmp/check_cmd.XXXXXX", path[64];
	struct ctx ctx;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/case.db", dir);
	memset(&ctx, 0, sizeof(ctx));
	ctx.db_path = path;
	ck_assert_int_eq(run(&ctx, w), DP_EX_NOINPUT);
	ck_assert_int_ne(access(path, F_OK), 0);

	ck_assert_int_eq(db_open(path, 1, &ctx.db, NULL, &err), 0);
	db_close(ctx.db);
	memset(&ctx, 0, sizeof(ctx));
	ctx.db_path = path;
	ck_assert_int_eq(run(&ctx, w), 0);
	ck_assert_ptr_nonnull(ctx.db);
	ck_assert_int_ne(db_exec(ctx.db, "CREATE TABLE t (x)", &err), 0);
	db_close(ctx.db);
	unlink(path);
	rmdir(dir);
}
END_TEST

Suite *
cmd_suite(void)
{
	Suite *s = suite_create("cmd");
	TCase *tc = tcase_create("dispatch");

	tcase_add_test(tc, test_find_exact);
	tcase_add_test(tc, test_options_in_order);
	tcase_add_test(tc, test_args_get_last);
	tcase_add_test(tc, test_operands_after_dashdash);
	tcase_add_test(tc, test_help_and_bad_options_before_exec);
	tcase_add_exit_test(tc, test_db_without_flag_is_a_bug,
	    DP_EX_SOFTWARE);
	tcase_add_test(tc, test_read_flag);
	suite_add_tcase(s, tc);
	return s;
}
