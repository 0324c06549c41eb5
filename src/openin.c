/*
 * openin.c - input files that are regular files, opened without waiting;
 * see openin.h.
 *
 * Written by hand: no library we use offers "open for reading, but only a
 * regular file, without blocking on a FIFO".  stat() before open() would
 * leave a window in which the name is swapped for a FIFO; opening with
 * O_NONBLOCK and checking the descriptor has none.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exitcodes.h"
#include "openin.h"

const char *
file_kind(mode_t mode)
{
	if (S_ISREG(mode))
		return "a regular file";
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISSOCK(mode))
		return "a socket";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	if (S_ISLNK(mode))
		return "a symbolic link";
	return "not a regular file";
}

/* The error for a path that is there but is not a regular file. */
static int
not_regular(const char *path, mode_t mode, struct dp_err *err)
{
	return dp_fail(err, DP_EX_NOINPUT, "'%s' is %s, not a regular file",
	    path, file_kind(mode));
}

int
open_regular(const char *path, int *fdp, struct stat *st,
    struct dp_err *err)
{
	struct stat sb;
	int fd, fl, e;

	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		/* A Unix socket cannot be opened (ENXIO); name it. */
		if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode))
			return not_regular(path, sb.st_mode, err);
		return dp_fail(err, DP_EX_NOINPUT, "cannot open '%s': %s",
		    path, strerror(e));
	}
	if (fstat(fd, &sb) != 0) {
		e = errno;
		close(fd);
		return dp_fail(err, DP_EX_NOINPUT, "cannot open '%s': %s",
		    path, strerror(e));
	}
	if (!S_ISREG(sb.st_mode)) {
		close(fd);
		return not_regular(path, sb.st_mode, err);
	}
	/* Reads of a regular file never wait anyway; cleared so that the
	   descriptor behaves as any other. */
	if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == -1) {
		e = errno;
		close(fd);
		return dp_fail(err, DP_EX_NOINPUT, "cannot open '%s': %s",
		    path, strerror(e));
	}
	if (st != NULL)
		*st = sb;
	*fdp = fd;
	return 0;
}

int
fopen_regular(const char *path, FILE **fpp, struct stat *st,
    struct dp_err *err)
{
	FILE *fp;
	int fd, rc, e;

	if ((rc = open_regular(path, &fd, st, err)) != 0)
		return rc;
	if ((fp = fdopen(fd, "rb")) == NULL) {
		e = errno;
		close(fd);
		return dp_fail(err, DP_EX_NOINPUT, "cannot open '%s': %s",
		    path, strerror(e));
	}
	*fpp = fp;
	return 0;
}
