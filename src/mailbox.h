/*
 * mailbox.h - the messages of a mailbox the user names: an mbox file, a
 * single message (.eml), a Maildir, or standard input ("-").  Each
 * message comes back as its bytes, unchanged except for the mbox
 * framing: the "From " separator line is left out, the blank line the
 * mbox format adds after a message is taken off, and a line quoted as
 * ">From " (mboxo, mboxrd: one or more '>' before "From ") loses one '>'.
 * Nothing is parsed beyond the framing (inbox_parse.h reads a message).
 *
 *   - A regular file or standard input whose first line starts with
 *     "From " is an mbox, split by GMime's parser in mbox mode
 *     (GMIME_FORMAT_MBOX); anything else is one message.
 *   - A directory is a Maildir: every file in its new/ and cur/ whose
 *     name does not start with '.', in the order of their names (which
 *     Maildir starts with the time of delivery); tmp/ (messages being
 *     delivered) is left alone.  A directory with neither is refused.
 *
 * Files are opened through openin.h (regular files only).  Limits: a
 * message over max bytes is refused, naming it; a file or standard input
 * over MAILBOX_MAX_FILE bytes is refused before it is read to the end.
 * Nothing is returned on error: the caller imports a whole mailbox or
 * nothing of it.
 */
#ifndef DEPEER_MAILBOX_H
#define DEPEER_MAILBOX_H

#include <stddef.h>

#include "util.h"

/* The largest mbox file (or standard input) read: 2 GiB. */
#define MAILBOX_MAX_FILE	((size_t)2 << 30)

/* One message of a mailbox. */
struct mbox_msg {
	char	*data;		/* its bytes (NUL after them, not counted) */
	size_t	 len;
	char	*where;		/* for messages: "message 3 (line 120)",
				   "new/1700000000.M1P2.host", "the message" */
};

/* The messages read; release with mbox_list_release(). */
struct mbox_list {
	const char	*kind;	/* "mbox", "message" or "Maildir" (static) */
	struct mbox_msg	*v;
	size_t		 n;
};
void	mbox_list_release(struct mbox_list *l);

/*
 * Read path ("-": standard input) as described above into *out.  max is
 * the largest message accepted (config max_message_size).  Errors:
 * DP_EX_NOINPUT when the path cannot be opened or is not a regular file
 * or a directory; DP_EX_DATAERR for an empty file, a message over max, a
 * file over MAILBOX_MAX_FILE, an mbox GMime cannot split, a directory
 * that is not a Maildir.  The message says which file or message.
 */
int	mailbox_read(const char *path, size_t max, struct mbox_list *out,
	    struct dp_err *err);

/*
 * The same for bytes already read (name for messages: "'x.mbox'",
 * "standard input"): mbox when the first line starts with "From ", else
 * one message.
 */
int	mailbox_split(const char *name, const void *bytes, size_t len,
	    size_t max, struct mbox_list *out, struct dp_err *err);

#endif
