/*
 * outfile.h - output files that appear whole or not at all.
 *
 * A file depeer writes (an exported attachment, a report, the
 * configuration) is written to a temporary file beside it, flushed to the
 * disk, and only then moved to its name, and the folder is synced so that
 * the move survives a crash too.  A reader never sees a half-written
 * file, a failure never leaves one under the name asked for, and the
 * temporary file is removed on every failure path (only a process killed
 * mid-write leaves one: "<name>.tmp.XXXXXX").
 *
 * An existing file is replaced only when asked (force, the --force of
 * every depeer command that writes a file); without it, the final step
 * fails if the name was taken meanwhile, so two writers cannot overwrite
 * each other.  A symbolic link at the name is itself replaced, not
 * followed.
 *
 *	struct outfile *of;
 *
 *	if ((rc = outfile_open(path, force, &of, &err)) != 0)
 *		return rc;
 *	fputs(text, outfile_fp(of));
 *	if ((rc = outfile_commit(of, &err)) != 0)	(of is gone either way)
 *		return rc;
 *
 * Errors are DP_EX_CANTCREAT for what stops the file from being created
 * (no such folder, no permission, the name exists) and DP_EX_IOERR for
 * what fails while writing or syncing it (a full disk), with a message
 * naming the file.
 */
#ifndef DEPEER_OUTFILE_H
#define DEPEER_OUTFILE_H

#include <stdio.h>
#include <sys/types.h>

struct dp_err;
struct outfile;

/*
 * Start writing the file path, readable and writable by its owner only
 * (0600).  Without force, fails at once if path exists.  On success *ofp
 * is an outfile the caller must end with outfile_commit() or
 * outfile_abort().  Returns 0, or DP_EX_CANTCREAT with err (may be NULL)
 * filled and nothing created.
 */
int	outfile_open(const char *path, int force, struct outfile **ofp,
	    struct dp_err *err);

/*
 * The same with the file's permissions mode, less the umask as open(2)
 * applies it (0666 gives the usual mode of a new file).  The umask is read
 * by setting it and setting it back, so no other thread may be creating
 * files meanwhile.
 */
int	outfile_open_mode(const char *path, mode_t mode, int force,
	    struct outfile **ofp, struct dp_err *err);

/*
 * The stream to write the contents to; borrowed, valid until the commit
 * or abort.  Write errors need not be checked on each call: the stream
 * remembers them and outfile_commit() reports them.  Do not fclose() it.
 */
FILE	*outfile_fp(struct outfile *of);

/*
 * Finish: flush and fsync the contents, move them to the path given to
 * outfile_open() (without force: only if the name is still free), and
 * fsync the folder.  of is freed whatever the result.  Returns 0, or with
 * err (may be NULL) filled:
 *   DP_EX_IOERR      writing, flushing or syncing failed (nothing was
 *                    created), or syncing the folder failed after the
 *                    move (the file is in place, but might not survive a
 *                    crash);
 *   DP_EX_CANTCREAT  the file could not be moved to its name: without
 *                    force, because the name exists now ("give --force
 *                    to replace it").
 * On failure the temporary file is gone and an existing file at the path
 * is untouched.
 */
int	outfile_commit(struct outfile *of, struct dp_err *err);

/*
 * Give up: close and remove the temporary file, and free of.  Nothing at
 * the path is touched.  of may be NULL.
 */
void	outfile_abort(struct outfile *of);

#endif
