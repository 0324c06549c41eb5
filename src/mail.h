/*
 * mail.h - RFC 5322 messages: built from a mail_spec with GMime, and
 * checked after a hand edit.  A parser module: bytes in, bytes out; no
 * database, no I/O, except that signing runs GnuPG through GMime's GPGME
 * context (which reads GNUPGHOME and talks to gpg-agent).
 *
 * Line ends: a message is built, stored and checked with CRLF line ends,
 * as it goes on the wire (RFC 5322 2.1, RFC 5321 2.3.8); "complaint show
 * --raw" prints exactly these bytes.  mail_crlf() turns an editor's LF
 * lines into that form before mail_check().
 *
 * GMime is initialised once, on first use, by mail_init() (thread-safe);
 * nobody calls g_mime_shutdown(): the process ends instead, and what
 * GMime and GLib's type system keep is reachable from their globals until
 * then, so LeakSanitizer does not count it.
 *
 * Every text that reaches a header (names, subject, message ids, extra
 * header values, file names, descriptions) is refused with DP_EX_DATAERR
 * when it holds CR, LF or another control character ("the subject
 * carries a line break"), before anything is built.  Non-ASCII display
 * names, subjects and descriptions are RFC 2047 encoded (UTF-8) by GMime;
 * non-ASCII file names RFC 2231.
 */
#ifndef DEPEER_MAIL_H
#define DEPEER_MAIL_H

#include <stddef.h>
#include <stdint.h>

#include "addr.h"
#include "util.h"

struct buf;

/* The longest subject and other one-line header text, in bytes. */
#define MAIL_MAX_SUBJECT	900
#define MAIL_MAX_FIELD		900

struct mail_attachment {
	/* UTF-8, no '/', '\\' or controls */
	const char	*filename;
	/* "text/csv; charset=utf-8", "text/plain; charset=utf-8",
	   "application/json" */
	const char	*content_type;
	const void	*data;
	size_t		 len;
	/* Content-Description, or NULL */
	const char	*description;
};

struct mail_spec {
	const struct mailbox	*from;
	const struct mailbox	*to;
	size_t			 nto;	/* at least one */
	const struct mailbox	*cc;
	size_t			 ncc;
	const char		*subject;	/* UTF-8, one line */
	int64_t			 date;		/* Unix seconds */
	const char		*message_id;	/* without <> */
	/* A message id without <>, or NULL. */
	const char		*in_reply_to;
	/* Message ids without <>, separated by spaces, or NULL. */
	const char		*references;
	const char		*body;		/* UTF-8 text */
	const struct mail_attachment *att;
	size_t			 natt;
	/*
	 * "Name", "value" pairs ending with a NULL name, or NULL: for
	 * example "Auto-Submitted", "auto-generated" for a message of XARF
	 * reports sent unreviewed (WRITING.md); a complaint a person read
	 * before sending is not auto-generated and has none.  Names are
	 * RFC 5322 field names; the fields mail_build() writes itself
	 * (From, To, Cc, Subject, Date, Message-ID, In-Reply-To,
	 * References, MIME-Version, Content-*) and Bcc are refused.
	 */
	const char *const	*extra_headers;
	/*
	 * NULL, or the key (gpg --local-user: id, fingerprint or email) to
	 * sign with: the message's MIME body is then wrapped in
	 * multipart/signed (RFC 3156, protocol="application/pgp-signature",
	 * micalg as the key's digest).
	 */
	const char		*sign_key;
};

/*
 * The message for s, appended to out (CRLF line ends).  The body's line
 * ends are normalised and a final newline added; it goes as 7bit when it
 * is ASCII with lines of at most 76 bytes, else quoted-printable.  With
 * attachments the body is multipart/mixed: the text first, then each
 * attachment in order, base64 (so that every byte comes back exactly,
 * line ends included); a message/rfc822 attachment (an earlier message,
 * CRLF lines as stored) goes as it is, 7bit or 8bit, as RFC 2046 asks.
 * Errors: DP_EX_DATAERR for a bad field (named),
 * DP_EX_CONFIG when signing fails (the key is missing or unusable; the
 * message says which key and that gpg --list-secret-keys shows what
 * exists).  Nothing is appended on error.
 */
int	mail_build(const struct mail_spec *s, struct buf *out,
	    struct dp_err *err);

/*
 * A new Message-ID without brackets, unique: "<now in hex>.<128 random
 * bits from the OS in hex>@domain".  The caller frees it.
 */
char	*mail_make_message_id(const char *domain, int64_t now);

/* What mail_check() found; strings owned (mail_info_release()). */
struct mail_info {
	char	*from;		/* decoded: "Ana <a@cert.example>" */
	char	*to;		/* decoded, comma-separated */
	char	*cc;		/* the same, NULL when no Cc */
	char	*subject;	/* decoded */
	char	*message_id;	/* without <> */
	char	*date;		/* the Date: field as written */
	int64_t	 date_unix;
	char	*in_reply_to;	/* without <>, or NULL */
	int	 is_signed;	/* the top is multipart/signed */
};

/*
 * Check a whole message as mail_build() makes it and an editor may
 * change it: every line ends with CRLF (no bare CR or LF, no NUL) and is
 * at most 998 bytes; the header section has no byte above 0x7f;
 * From, To, Date, Message-ID and Subject are there exactly once (Cc at
 * most once, Bcc never); GMime parses it, the date is a date, and every
 * address in From, To and Cc is a mailbox whose address passes
 * addr_check_spec().  Fills *out (if not NULL) on success.  Errors are
 * DP_EX_DATAERR and name the line or the field.
 */
int	mail_check(const void *bytes, size_t len, struct mail_info *out,
	    struct dp_err *err);
void	mail_info_release(struct mail_info *m);

/* One attachment of a message as mail_read() lists it. */
struct mail_part_info {
	char	*filename;	/* decoded, or NULL */
	char	*content_type;	/* "text/csv" */
	size_t	 size;		/* decoded bytes */
};

/* The readable content of a message; owned (mail_text_release()). */
struct mail_text {
	char	*body;		/* the first text/plain part that is not an
				   attachment, decoded to UTF-8, LF line
				   ends; NULL when there is none */
	struct mail_part_info *att;
	size_t	 natt;
	int	 is_signed;
};

/*
 * Read bytes[0..len) with GMime for a reviewer: the body text decoded
 * from its transfer encoding and charset, and each attachment's name,
 * type and decoded size (a PGP signature part is not listed; is_signed
 * says it is there).  0, or DP_EX_DATAERR when GMime cannot parse it.
 */
int	mail_read(const void *bytes, size_t len, struct mail_text *out,
	    struct dp_err *err);
void	mail_text_release(struct mail_text *t);

/*
 * Append bytes to out with every line end (LF, CRLF, a lone CR) written
 * as CRLF: an edited message made fit for mail_check().
 */
void	mail_crlf(const void *bytes, size_t len, struct buf *out);

/* GMime's one-time initialisation (mail_build and mail_check call it). */
void	mail_init(void);

#endif
