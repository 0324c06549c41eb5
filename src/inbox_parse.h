/*
 * inbox_parse.h - one mail that came back, read: its identity (Message-ID,
 * From, Subject, Date, In-Reply-To, References), what it is (a human
 * reply, an auto-reply or ticket acknowledgement, a bounce, a delay
 * warning, a delivery report), the ticket number it carries, the case
 * tag in its Subject, and for a delivery status notification the status,
 * the recipient and the Message-ID of the message it returns.  A parser
 * module: bytes in, a typed record out; no I/O, no database.
 *
 * How a mail is classified (the first rule that applies):
 *
 *   1. bounce / delay / delivered: an RFC 3464 report (multipart/report;
 *      report-type=delivery-status, or message/global-delivery-status):
 *      any recipient whose Action is "failed" makes a bounce, else
 *      "delayed" a delay, else "delivered", "relayed" or "expanded" a
 *      delivery report (a missing Action: the Status class, 5/4/2).  The
 *      returned message (message/rfc822 or text/rfc822-headers) gives the
 *      Message-ID of the mail that bounced.
 *   2. bounce / delay without a report: the texts of the MTAs that send
 *      none (Exim's "This message was created automatically by mail
 *      delivery software", qmail's "Hi. This is the qmail-send program",
 *      sendmail's "Returned mail: see transcript", Exchange's
 *      "Undeliverable:", Gmail's "Delivery Status Notification
 *      (Failure)", Postfix's "Undelivered Mail Returned to Sender"), sent
 *      from MAILER-DAEMON or postmaster or with one of these subjects.
 *      The status is the first d.d.d code in the text; the returned
 *      Message-ID is read from the headers quoted in the body.
 *   3. auto-reply: RFC 3834 Auto-Submitted with a value other than "no";
 *      X-Autoreply or X-Autorespond; Precedence auto_reply, bulk or junk
 *      (a person's mail client never sets these; "list" is a mailing
 *      list's post, which may be a person's answer, so it is not enough);
 *      a vacation subject ("Out of Office", "Automatic reply",
 *      "Autoreply", "Abwesenheitsnotiz", "Réponse automatique"); or a
 *      ticket-system subject whose Subject or first text says it is an
 *      acknowledgement ("received", "created", "automatic", "do not
 *      reply", "[Request received]").
 *   4. reply: anything else, a person's answer, even in a ticket's
 *      thread (an agent writing in an OTRS ticket keeps the
 *      [Ticket#...] subject: the ticket is kept, the class is reply).
 *
 * Ticket numbers, from the Subject (the first that applies), kept with a
 * prefix that names the kind so that numbers from different systems do
 * not meet: "Ticket#2008111110000123" (OTRS, Znuny: [Ticket#N]);
 * "<tag> #123" (Request Tracker: [RT #123], [example.net #123], except
 * the case tag's own prefix); "Case 00123456" (Salesforce: "Case
 * 00123456", "Case #00123456"); "Request #12345" (Zendesk: "Request
 * #12345", or a body "Your request (12345) has been received"); "ABUSE-123"
 * (Jira Service Management: an upper-case project key and a number in
 * brackets); "#12345" (Freshdesk: [#12345]).
 */
#ifndef DEPEER_INBOX_PARSE_H
#define DEPEER_INBOX_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* What a mail is; inbox_class_name() gives MAIL_CLASSES' words. */
enum inbox_class {
	INBOX_REPLY = 0,
	INBOX_AUTO_REPLY,
	INBOX_BOUNCE,
	INBOX_DELAY,
	INBOX_DELIVERED
};
/* "reply", "auto-reply", "bounce", "delay", "delivered". */
const char *inbox_class_name(enum inbox_class c);

/* The most bytes of a text kept from a header (a longer one is cut). */
#define INBOX_MAX_FIELD		2000

/* The most bytes the header section may have before its blank line. */
#define INBOX_MAX_HEADER	(1024 * 1024)

/*
 * A mail read.  Every string is valid UTF-8 of at most INBOX_MAX_FIELD
 * bytes without control characters or bidirectional overrides (what was
 * not is replaced by U+FFFD; what was longer is cut); message ids are
 * printable ASCII.  Owned; release with inbox_msg_release().
 */
struct inbox_msg {
	char		*message_id;	/* without <>, or NULL */
	char		*from_addr;	/* the first From addr-spec, or NULL */
	char		*subject;	/* decoded, or NULL */
	int		 has_date;
	int64_t		 date;		/* Unix seconds */
	char		*in_reply_to;	/* without <>, or NULL */
	char		**refs;		/* References, oldest first */
	size_t		 nrefs;
	enum inbox_class cls;
	char		*why;		/* what decided the class, one line:
					   "Auto-Submitted: auto-replied",
					   "RFC 3464 report: Action failed" */
	char		*ticket;	/* as described above, or NULL */
	char		*ticket_system;	/* "OTRS", "RT", "Salesforce",
					   "Zendesk", "Jira", "Freshdesk" */
	int64_t		 case_id;	/* N of "[<case_tag> #N]", 0: none */
	/* bounce, delay, delivered: */
	char		*dsn_action;	/* "failed", ... or NULL */
	char		*dsn_status;	/* "5.1.1", or NULL */
	char		*dsn_recipient;	/* the addr-spec, or NULL */
	char		*dsn_diagnostic; /* Diagnostic-Code, one line, or NULL */
	char		*returned_id;	/* the Message-ID of the returned
					   message, or NULL */
};
void	inbox_msg_init(struct inbox_msg *m);
void	inbox_msg_release(struct inbox_msg *m);

/*
 * Read one message, bytes[0..len) (LF or CRLF line ends).  case_tag is
 * the prefix of the case tag (config case_tag, "depeer"), or NULL for
 * none.  Refused with DP_EX_DATAERR and a message that says why, before
 * anything else: no header section (the first line is not a header
 * field: "the message has no header section"), a NUL byte or a header
 * section over INBOX_MAX_HEADER, no From field, or bytes GMime cannot
 * read as a message.
 */
int	inbox_parse(const void *bytes, size_t len, const char *case_tag,
	    struct inbox_msg *out, struct dp_err *err);

/*
 * The case id in subject for the tag prefix ("[depeer #12]" gives 12),
 * 0 for none.  Case-insensitive prefix; the last tag wins.
 */
int64_t	inbox_case_tag(const char *subject, const char *case_tag);

/*
 * A ticket number in subject (and, for Zendesk's acknowledgement, body,
 * which may be NULL) as described above: a new string, or NULL.  *system
 * (may be NULL) receives the system's name (static).  case_tag as for
 * inbox_parse().
 */
char	*inbox_ticket(const char *subject, const char *body,
	    const char *case_tag, const char **system);

#endif
