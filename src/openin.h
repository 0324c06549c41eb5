/*
 * openin.h - open a file the user named for reading, refusing anything but
 * a regular file before a byte is read: a FIFO without a writer, a socket,
 * a terminal or a device would otherwise make depeer wait for ever or read
 * without end.  Every input file goes through here (evidence import,
 * lookup --bulk, evidence add --file, the configuration file,
 * DEPEER_CA_BUNDLE); "-" (standard input) is the caller's business and is
 * read whatever it is.
 */
#ifndef DEPEER_OPENIN_H
#define DEPEER_OPENIN_H

#include <stdio.h>
#include <sys/stat.h>

#include "util.h"

/*
 * Open path read-only without waiting (O_NONBLOCK, so that opening a FIFO
 * returns at once), check with fstat() that it is a regular file, then
 * clear O_NONBLOCK.  On success *fdp is the descriptor (close-on-exec,
 * never the controlling terminal) and, when st is not NULL, *st its
 * status; returns 0.  Else returns DP_EX_NOINPUT with err saying why:
 * "cannot open 'x': No such file or directory", "'x' is a FIFO, not a
 * regular file" (a directory, a socket, a character device, a block
 * device); *fdp is left alone.
 */
int	open_regular(const char *path, int *fdp, struct stat *st,
	    struct dp_err *err);
/*
 * open_regular() and fdopen(fd, "rb"): *fpp the stream, owned by the
 * caller (fclose).
 */
int	fopen_regular(const char *path, FILE **fpp, struct stat *st,
	    struct dp_err *err);
/*
 * What kind of file mode is, for messages: "a directory", "a FIFO",
 * "a socket", "a character device", "a block device", "a symbolic link",
 * "a regular file", else "not a regular file".  A static string.
 */
const char *file_kind(mode_t mode);

#endif
