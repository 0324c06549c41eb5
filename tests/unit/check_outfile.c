/*
 * check_outfile.c - atomic output files: what is at the path after a
 * commit, an abort and each kind of failure, and that no temporary file
 * is ever left behind.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exitcodes.h"
#include "outfile.h"
#include "util.h"

static char tdir[64];

/* A fresh folder per test (each runs in its own process). */
static void
setup(void)
{
	strcpy(tdir, "/tmp/depeer-outfile-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tdir));
}

static void
teardown(void)
{
	char *cmd = xasprintf("rm -rf '%s'", tdir);

	(void)system(cmd);
	free(cmd);
}

/* tdir/name; the caller frees it. */
static char *
tpath(const char *name)
{
	return xasprintf("%s/%s", tdir, name);
}

static void
put(const char *path, const char *s)
{
	FILE *fp = fopen(path, "w");

	ck_assert_ptr_nonnull(fp);
	fputs(s, fp);
	ck_assert_int_eq(fclose(fp), 0);
}

/* Fail unless path holds exactly want. */
static void
assert_file(const char *path, const char *want)
{
	char got[256];
	FILE *fp = fopen(path, "r");
	size_t n;

	ck_assert_msg(fp != NULL, "%s: %s", path, strerror(errno));
	n = fread(got, 1, sizeof(got) - 1, fp);
	got[n] = '\0';
	fclose(fp);
	ck_assert_str_eq(got, want);
}

/* How many entries tdir has; fails the test on a temporary file. */
static int
entries(void)
{
	DIR *d = opendir(tdir);
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		ck_assert_msg(strstr(e->d_name, ".tmp.") == NULL,
		    "left behind: %s", e->d_name);
		n++;
	}
	closedir(d);
	return n;
}

START_TEST(test_commit)
{
	struct dp_err err = DP_ERR_INIT;
	struct outfile *of = NULL;
	char *p = tpath("out.txt");
	struct stat st;

	ck_assert_int_eq(outfile_open(p, 0, &of, &err), 0);
	fputs("first line\n", outfile_fp(of));
	fprintf(outfile_fp(of), "AS%d\n", 26780);
	/* Nothing under the name until the commit. */
	ck_assert_int_eq(access(p, F_OK), -1);
	ck_assert_msg(outfile_commit(of, &err) == 0, "%s", err.msg);
	assert_file(p, "first line\nAS26780\n");
	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0600);
	ck_assert_int_eq(entries(), 1);
	free(p);
}
END_TEST

START_TEST(test_mode)
{
	struct outfile *of = NULL;
	char *p = tpath("report.html");
	struct stat st;
	mode_t old = umask(022);

	ck_assert_int_eq(outfile_open_mode(p, 0666, 0, &of, NULL), 0);
	ck_assert_int_eq(outfile_commit(of, NULL), 0);
	umask(old);
	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0644);
	free(p);
}
END_TEST

START_TEST(test_exists)
{
	struct dp_err err = DP_ERR_INIT;
	struct outfile *of = NULL;
	char *p = tpath("out.txt");

	put(p, "old");
	ck_assert_int_eq(outfile_open(p, 0, &of, &err), DP_EX_CANTCREAT);
	ck_assert_int_eq(err.code, DP_EX_CANTCREAT);
	ck_assert_msg(strstr(err.msg, "exists; give --force") != NULL, "%s",
	    err.msg);
	assert_file(p, "old");
	ck_assert_int_eq(entries(), 1);

	/* With force it is replaced. */
	ck_assert_int_eq(outfile_open(p, 1, &of, &err), 0);
	fputs("new", outfile_fp(of));
	ck_assert_int_eq(outfile_commit(of, &err), 0);
	assert_file(p, "new");
	ck_assert_int_eq(entries(), 1);
	free(p);
}
END_TEST

/* The name taken while the file was written: refused at the commit. */
START_TEST(test_exists_race)
{
	struct dp_err err = DP_ERR_INIT;
	struct outfile *of = NULL;
	char *p = tpath("out.txt");

	ck_assert_int_eq(outfile_open(p, 0, &of, &err), 0);
	fputs("mine", outfile_fp(of));
	put(p, "theirs");
	ck_assert_int_eq(outfile_commit(of, &err), DP_EX_CANTCREAT);
	ck_assert_msg(strstr(err.msg, "exists; give --force") != NULL, "%s",
	    err.msg);
	assert_file(p, "theirs");
	ck_assert_int_eq(entries(), 1);
	free(p);
}
END_TEST

START_TEST(test_abort)
{
	struct outfile *of = NULL;
	char *p = tpath("out.txt");

	ck_assert_int_eq(outfile_open(p, 0, &of, NULL), 0);
	fputs("never", outfile_fp(of));
	outfile_abort(of);
	ck_assert_int_eq(entries(), 0);

	/* Abort leaves an existing file as it was. */
	put(p, "old");
	ck_assert_int_eq(outfile_open(p, 1, &of, NULL), 0);
	fputs("never", outfile_fp(of));
	outfile_abort(of);
	assert_file(p, "old");
	ck_assert_int_eq(entries(), 1);
	outfile_abort(NULL);
	free(p);
}
END_TEST

START_TEST(test_no_folder)
{
	struct dp_err err = DP_ERR_INIT;
	struct outfile *of = NULL;
	char *p = tpath("no/such/dir/x");

	ck_assert_int_eq(outfile_open(p, 0, &of, &err), DP_EX_CANTCREAT);
	ck_assert_msg(strstr(err.msg, "cannot create '") != NULL &&
	    strstr(err.msg, "No such file or directory") != NULL, "%s",
	    err.msg);
	ck_assert_int_eq(outfile_open(p, 1, &of, &err), DP_EX_CANTCREAT);
	ck_assert_int_eq(entries(), 0);
	free(p);
}
END_TEST

/* A write that failed is reported at the commit, and nothing is left. */
START_TEST(test_write_error)
{
	struct dp_err err = DP_ERR_INIT;
	struct outfile *of = NULL;
	char *p = tpath("out.txt");

	put(p, "old");
	ck_assert_int_eq(outfile_open(p, 1, &of, &err), 0);
	fputs("half", outfile_fp(of));
	/* Reading a write-only stream sets its error indicator. */
	ck_assert_int_eq(fgetc(outfile_fp(of)), EOF);
	ck_assert(ferror(outfile_fp(of)));
	ck_assert_int_eq(outfile_commit(of, &err), DP_EX_IOERR);
	ck_assert_int_eq(err.code, DP_EX_IOERR);
	ck_assert_msg(strncmp(err.msg, "cannot write '", 14) == 0, "%s",
	    err.msg);
	assert_file(p, "old");
	ck_assert_int_eq(entries(), 1);
	free(p);
}
END_TEST

/* A symbolic link at the name is replaced; what it points to is kept. */
START_TEST(test_symlink_replaced)
{
	struct outfile *of = NULL;
	char *p = tpath("link"), *target = tpath("target");
	struct stat st;

	put(target, "kept");
	ck_assert_int_eq(symlink(target, p), 0);
	ck_assert_int_eq(outfile_open(p, 0, &of, NULL), DP_EX_CANTCREAT);
	ck_assert_int_eq(outfile_open(p, 1, &of, NULL), 0);
	fputs("new", outfile_fp(of));
	ck_assert_int_eq(outfile_commit(of, NULL), 0);
	ck_assert_int_eq(lstat(p, &st), 0);
	ck_assert(S_ISREG(st.st_mode));
	assert_file(p, "new");
	assert_file(target, "kept");
	free(p);
	free(target);
}
END_TEST

/* A relative name: the temporary and the folder sync use ".". */
START_TEST(test_relative)
{
	struct outfile *of = NULL;
	char *p = tpath("rel.txt");

	ck_assert_int_eq(chdir(tdir), 0);
	ck_assert_int_eq(outfile_open("rel.txt", 0, &of, NULL), 0);
	fputs("here", outfile_fp(of));
	ck_assert_int_eq(outfile_commit(of, NULL), 0);
	assert_file(p, "here");
	ck_assert_int_eq(entries(), 1);
	free(p);
}
END_TEST

Suite *
outfile_suite(void)
{
	Suite *s = suite_create("outfile");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_commit);
	tcase_add_test(tc, test_mode);
	tcase_add_test(tc, test_exists);
	tcase_add_test(tc, test_exists_race);
	tcase_add_test(tc, test_abort);
	tcase_add_test(tc, test_no_folder);
	tcase_add_test(tc, test_write_error);
	tcase_add_test(tc, test_symlink_replaced);
	tcase_add_test(tc, test_relative);
	suite_add_tcase(s, tc);
	return s;
}
