/*
 * check_openin.c - input files: a regular file opens, readable and
 * blocking; a missing file, a folder, a FIFO without a writer, a socket
 * and a device are refused at once, each named for what it is.
 */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "exitcodes.h"
#include "openin.h"

static char dir[64];

static void
setup(void)
{
	strcpy(dir, "/tmp/check_openin.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(chdir(dir), 0);
}

static void
teardown(void)
{
	unlink("reg");
	unlink("fifo");
	unlink("sock");
	rmdir("sub");
	ck_assert_int_eq(chdir("/"), 0);
	rmdir(dir);
}

/* path refused with DP_EX_NOINPUT and a message holding want. */
static void
expect_refused(const char *path, const char *want)
{
	struct dp_err err = DP_ERR_INIT;
	int fd = -42;
	FILE *fp = NULL;

	ck_assert_int_eq(open_regular(path, &fd, NULL, &err), DP_EX_NOINPUT);
	ck_assert_int_eq(fd, -42);
	ck_assert_int_eq(err.code, DP_EX_NOINPUT);
	ck_assert_msg(strstr(err.msg, want) != NULL, "'%s' lacks '%s'",
	    err.msg, want);
	ck_assert_int_eq(fopen_regular(path, &fp, NULL, &err), DP_EX_NOINPUT);
	ck_assert_ptr_null(fp);
}

START_TEST(test_regular)
{
	struct dp_err err = DP_ERR_INIT;
	struct stat st;
	char got[8];
	FILE *fp;
	int fd;

	fp = fopen("reg", "w");
	ck_assert_ptr_nonnull(fp);
	fputs("abc\n", fp);
	ck_assert_int_eq(fclose(fp), 0);
	ck_assert_int_eq(open_regular("reg", &fd, &st, &err), 0);
	ck_assert_int_eq(st.st_size, 4);
	ck_assert_int_eq(fcntl(fd, F_GETFL) & O_NONBLOCK, 0);
	ck_assert_int_ne(fcntl(fd, F_GETFD) & FD_CLOEXEC, 0);
	ck_assert_int_eq(read(fd, got, sizeof(got)), 4);
	ck_assert_mem_eq(got, "abc\n", 4);
	close(fd);
	fp = NULL;
	ck_assert_int_eq(fopen_regular("reg", &fp, NULL, &err), 0);
	ck_assert_ptr_nonnull(fp);
	ck_assert_ptr_nonnull(fgets(got, sizeof(got), fp));
	ck_assert_str_eq(got, "abc\n");
	fclose(fp);
}
END_TEST

START_TEST(test_missing)
{
	expect_refused("nothere", "cannot open 'nothere': No such file");
}
END_TEST

START_TEST(test_directory)
{
	ck_assert_int_eq(mkdir("sub", 0700), 0);
	expect_refused("sub", "'sub' is a directory, not a regular file");
}
END_TEST

/* No writer: a blocking open would never return (CK_FORK's timeout). */
START_TEST(test_fifo)
{
	ck_assert_int_eq(mkfifo("fifo", 0600), 0);
	expect_refused("fifo", "'fifo' is a FIFO, not a regular file");
}
END_TEST

START_TEST(test_socket)
{
	struct sockaddr_un sa;
	int s = socket(AF_UNIX, SOCK_STREAM, 0);

	ck_assert_int_ge(s, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	strcpy(sa.sun_path, "sock");
	ck_assert_int_eq(bind(s, (struct sockaddr *)&sa, sizeof(sa)), 0);
	expect_refused("sock", "'sock' is a socket, not a regular file");
	close(s);
}
END_TEST

START_TEST(test_device)
{
	expect_refused("/dev/null",
	    "'/dev/null' is a character device, not a regular file");
	expect_refused("/dev/zero", "is a character device");
}
END_TEST

START_TEST(test_kind)
{
	ck_assert_str_eq(file_kind(S_IFREG), "a regular file");
	ck_assert_str_eq(file_kind(S_IFBLK), "a block device");
	ck_assert_str_eq(file_kind(S_IFLNK), "a symbolic link");
}
END_TEST

Suite *
openin_suite(void)
{
	Suite *s = suite_create("openin");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 5);
	tcase_add_test(tc, test_regular);
	tcase_add_test(tc, test_missing);
	tcase_add_test(tc, test_directory);
	tcase_add_test(tc, test_fifo);
	tcase_add_test(tc, test_socket);
	tcase_add_test(tc, test_device);
	tcase_add_test(tc, test_kind);
	suite_add_tcase(s, tc);
	return s;
}
