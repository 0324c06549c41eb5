/*
 * outfile.c - write a file through a temporary beside it and move it into
 * place when it is complete; see outfile.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exitcodes.h"
#include "outfile.h"
#include "util.h"

struct outfile {
	char	*path;		/* the name to commit to */
	char	*tmp;		/* the temporary beside it; NULL once gone */
	FILE	*fp;		/* open on tmp; NULL once closed */
	int	 force;		/* replace a file at path */
};

static int
exists_msg(const char *path, struct dp_err *err)
{
	return dp_fail(err, DP_EX_CANTCREAT, "'%s' exists; give --force to "
	    "replace it", path);
}

int
outfile_open(const char *path, int force, struct outfile **ofp,
    struct dp_err *err)
{
	return outfile_open_mode(path, 0600, force, ofp, err);
}

int
outfile_open_mode(const char *path, mode_t mode, int force,
    struct outfile **ofp, struct dp_err *err)
{
	struct outfile *of;
	struct stat st;
	mode_t mask;
	int fd, rc;

	/* Early, so as not to write it all only to be refused at the end. */
	if (!force && lstat(path, &st) == 0)
		return exists_msg(path, err);
	of = xcalloc(1, sizeof(*of));
	of->path = xstrdup(path);
	of->force = force;
	of->tmp = xasprintf("%s.tmp.XXXXXX", path);
	if ((fd = mkstemp(of->tmp)) < 0) {
		rc = dp_fail(err, DP_EX_CANTCREAT, "cannot create '%s': %s",
		    path, strerror(errno));
		free(of->tmp);
		of->tmp = NULL;
		goto fail;
	}
	/* mkstemp() made it 0600; give it mode as open(2) would. */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, mode & ~mask & 07777) != 0 ||
	    (of->fp = fdopen(fd, "wb")) == NULL) {
		rc = dp_fail(err, DP_EX_CANTCREAT, "cannot create '%s': %s",
		    path, strerror(errno));
		close(fd);
		goto fail;
	}
	*ofp = of;
	return 0;
fail:
	outfile_abort(of);
	return rc;
}

FILE *
outfile_fp(struct outfile *of)
{
	return of->fp;
}

/*
 * Put tmp at path without replacing a file there: link() fails if the
 * name is taken, atomically.  A file system without hard links (FAT, some
 * network ones) gets a check and a rename(), which a writer racing us
 * could slip between.  0 or -1 with errno set.
 */
static int
move_new(const char *tmp, const char *path)
{
	struct stat st;
	int e;

	if (link(tmp, path) == 0) {
		(void)unlink(tmp);
		return 0;
	}
	e = errno;
	if (e != EPERM && e != ENOTSUP && e != EOPNOTSUPP && e != ENOSYS)
		return -1;
	if (lstat(path, &st) == 0) {
		errno = EEXIST;
		return -1;
	}
	if (errno != ENOENT)
		return -1;
	return rename(tmp, path);
}

/* fsync the folder path is in, so that a rename into it is on disk. */
static int
sync_folder(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int fd, e, rc = 0;

	if (slash == NULL)
		dir = xstrdup(".");
	else if (slash == path)
		dir = xstrdup("/");
	else
		dir = xstrndup(path, (size_t)(slash - path));
	/*
	 * A folder we may not open for reading cannot be synced, and file
	 * systems that cannot sync folders say EINVAL: neither is an error
	 * of the write.
	 */
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		if (fsync(fd) != 0 && errno != EINVAL && errno != ENOTSUP &&
		    errno != EROFS)
			rc = -1;
		e = errno;
		close(fd);
		errno = e;
	}
	free(dir);
	return rc;
}

int
outfile_commit(struct outfile *of, struct dp_err *err)
{
	int rc = 0, e;

	errno = 0;
	if (fflush(of->fp) != 0 || ferror(of->fp) ||
	    fsync(fileno(of->fp)) != 0)
		rc = DP_EX_IOERR;
	e = errno != 0 ? errno : EIO;
	if (fclose(of->fp) != 0 && rc == 0) {
		rc = DP_EX_IOERR;
		e = errno;
	}
	of->fp = NULL;
	if (rc != 0) {
		dp_fail(err, rc, "cannot write '%s': %s", of->path,
		    strerror(e));
		goto out;
	}
	if ((of->force ? rename(of->tmp, of->path) :
	    move_new(of->tmp, of->path)) != 0) {
		if (errno == EEXIST)
			rc = exists_msg(of->path, err);
		else
			rc = dp_fail(err, DP_EX_CANTCREAT, "cannot create "
			    "'%s': %s", of->path, strerror(errno));
		goto out;
	}
	free(of->tmp);
	of->tmp = NULL;
	if (sync_folder(of->path) != 0)
		rc = dp_fail(err, DP_EX_IOERR, "cannot sync the folder of "
		    "'%s': %s", of->path, strerror(errno));
out:
	outfile_abort(of);
	return rc;
}

void
outfile_abort(struct outfile *of)
{
	if (of == NULL)
		return;
	if (of->fp != NULL)
		fclose(of->fp);
	if (of->tmp != NULL)
		(void)unlink(of->tmp);
	free(of->tmp);
	free(of->path);
	free(of);
}
