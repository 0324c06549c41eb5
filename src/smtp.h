/*
 * smtp.h - one message handed over for delivery, exactly as given: to a
 * mail server through libcurl's SMTP client (STARTTLS required unless the
 * configuration allows plain text to a relay on this machine, or TLS from
 * the start with smtps://), or to a local mail transfer agent through a
 * configured command.  The network layer: no database, nothing printed.
 *
 * What counts as delivered is SMTP's own rule: a 2xx reply to the end of
 * the data (RFC 5321 4.1.1.4); for a command, exit status 0.  Anything
 * else (a refusal, no reply, a connection lost, a time-out) is "not
 * delivered", with the server's last reply or what went wrong.
 *
 * Credentials come from DEPEER_SMTP_USER and DEPEER_SMTP_PASSWORD, else
 * from ~/.netrc (libcurl reads it); they are handed to libcurl and never
 * kept, logged or put in a reply text or message.
 */
#ifndef DEPEER_SMTP_H
#define DEPEER_SMTP_H

#include <stddef.h>

#include "util.h"

struct net;

/* How to reach the server (smtp_transport_init()). */
struct smtp_transport {
	char		*url;		/* smtp:// or smtps:// URL, or NULL:
					   the sendmail command */
	char		*sendmail;	/* the command (/bin/sh -c), or NULL */
	int		 tls_none;	/* smtp_tls = none: plain text to a
					   loopback relay */
	long		 timeout_s;	/* a reply, or progress of the data,
					   waited for at most this long */
	char		*via;		/* "smtp://host:port", "smtps://host:port"
					   or "sendmail": what the record says */
	const struct net *net;		/* connect-to, CA bundle, connect
					   time-out (net_easy_setup()) */
};

/*
 * Fill t from the settings: url (smtp_url, "" for none), tls ("starttls"
 * or "none"), sendmail (sendmail_command, "" for none), timeout_s.  The
 * URL wins when both are set.  Errors (DP_EX_CONFIG): neither set, a bad
 * URL, smtp_tls = none with smtps:// or with a host that is not this
 * machine (localhost, 127.0.0.0/8, ::1), a user name or password in only
 * one of the two variables.  net is borrowed.
 */
int	smtp_transport_init(struct smtp_transport *t, const char *url,
	    const char *tls, const char *sendmail, long timeout_s,
	    const struct net *net, struct dp_err *err);
void	smtp_transport_release(struct smtp_transport *t);

/* One message and its envelope. */
struct smtp_msg {
	const char	*from;		/* MAIL FROM addr-spec */
	const char *const *rcpt;	/* RCPT TO addr-specs */
	size_t		 nrcpt;
	const void	*bytes;		/* the message, CRLF lines */
	size_t		 len;
};

/* What came of a delivery. */
struct smtp_result {
	int		 delivered;	/* a 2xx reply to the end of the data
					   (command: exit 0) */
	int		 code;		/* the last reply's code, 0 for none */
	int		 before_data;	/* it failed before the data began
					   (connect, TLS, AUTH, MAIL, RCPT):
					   nothing could have been delivered */
	int		 server_fault;	/* the failure is the server's or the
					   settings' (connect, TLS, AUTH), not
					   this message's: the next one would
					   fail the same way */
	char		*reply;		/* delivered: the server's final reply
					   ("250 2.0.0 Ok: queued as X"); else
					   the last reply and what went wrong */
};
void	smtp_result_release(struct smtp_result *r);

/*
 * Hand m over through t.  Returns 0 with *r filled whatever became of
 * the message (r->delivered says), or a DP_EX_* code with err filled when
 * nothing was tried (a handle or process could not be made).
 */
int	smtp_deliver(const struct smtp_transport *t, const struct smtp_msg *m,
	    struct smtp_result *r, struct dp_err *err);

/*
 * TEST HOOK, for the exactly-once tests only (tests/cli/t0231): when the
 * environment variable DEPEER_TEST_KILL equals point, the process sends
 * itself SIGKILL there, as a power cut at that moment would stop it:
 * "before-mail" (complaint_send.c: "sending" committed, no connection
 * yet), "during-data" (SMTP: a part of the data sent; sendmail_command:
 * the command started), "after-reply" (complaint_send.c: the server
 * accepted it, "sent" not yet committed).  Unset, it does nothing.
 */
void	smtp_test_kill(const char *point);

#endif
