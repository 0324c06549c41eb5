/*
 * smtp.c - one message handed over: libcurl's SMTP client (it speaks
 * the protocol, STARTTLS, AUTH and dot-stuffing; depeer only watches the
 * replies to know what became of the message) or a local mail transfer
 * agent run through /bin/sh -c with the message on its standard input.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "ascii.h"
#include "buf.h"
#include "exitcodes.h"
#include "net.h"
#include "smtp.h"

extern char **environ;

void
smtp_test_kill(const char *point)
{
	const char *v = getenv("DEPEER_TEST_KILL");

	if (v != NULL && strcmp(v, point) == 0)
		kill(getpid(), SIGKILL);
}

/* Whether host (as curl_url() gives it: IPv6 in brackets) is this
   machine: localhost, 127.0.0.0/8 or ::1. */
static int
host_is_loopback(const char *host)
{
	unsigned char a[16];
	char *h;
	size_t n;
	int ok = 0;

	if (ascii_casecmp(host, "localhost") == 0)
		return 1;
	n = strlen(host);
	if (n > 2 && host[0] == '[' && host[n - 1] == ']') {
		h = xstrndup(host + 1, n - 2);
		ok = inet_pton(AF_INET6, h, a) == 1 &&
		    memcmp(a, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\1", 16) == 0;
		free(h);
		return ok;
	}
	return inet_pton(AF_INET, host, a) == 1 && a[0] == 127;
}

int
smtp_transport_init(struct smtp_transport *t, const char *url,
    const char *tls, const char *sendmail, long timeout_s,
    const struct net *net, struct dp_err *err)
{
	const char *user = getenv("DEPEER_SMTP_USER");
	const char *pass = getenv("DEPEER_SMTP_PASSWORD");
	char *scheme = NULL, *host = NULL, *port = NULL;
	CURLU *u;
	int rc = 0;

	memset(t, 0, sizeof(*t));
	t->timeout_s = timeout_s;
	t->net = net;
	t->tls_none = tls != NULL && strcmp(tls, "none") == 0;
	if ((user != NULL && *user != '\0') != (pass != NULL && *pass != '\0'))
		return dp_fail(err, DP_EX_CONFIG, "DEPEER_SMTP_USER and "
		    "DEPEER_SMTP_PASSWORD go together: set both, or neither "
		    "(then ~/.netrc is read)");
	if ((url == NULL || *url == '\0') &&
	    (sendmail == NULL || *sendmail == '\0'))
		return dp_fail(err, DP_EX_CONFIG, "no way to send mail is "
		    "configured: set a mail server ('depeer config set "
		    "smtp_url smtp://mail.example.org:587', or "
		    "DEPEER_SMTP_URL) or a local mail program ('depeer config "
		    "set sendmail_command \"msmtp -t\"')");
	if (url == NULL || *url == '\0') {
		t->sendmail = xstrdup(sendmail);
		t->via = xstrdup("sendmail");
		return 0;
	}
	if ((u = curl_url()) == NULL)
		die("cannot create a libcurl URL handle");
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) !=
	    CURLUE_OK ||
	    (strcmp(scheme, "smtp") != 0 && strcmp(scheme, "smtps") != 0)) {
		rc = dp_fail(err, DP_EX_CONFIG, "smtp_url '%s' is not an "
		    "smtp:// or smtps:// URL", url);
		goto out;
	}
	if (t->tls_none && strcmp(scheme, "smtps") == 0) {
		rc = dp_fail(err, DP_EX_CONFIG, "smtp_tls = none contradicts "
		    "the smtps:// URL (TLS from the start): unset smtp_tls");
		goto out;
	}
	/* Plain text would show the complaint and the password to every
	   network between here and the server: only to this machine. */
	if (t->tls_none && !host_is_loopback(host)) {
		rc = dp_fail(err, DP_EX_CONFIG, "smtp_tls = none is only for a "
		    "relay on this machine (localhost, 127.0.0.1, ::1), not "
		    "%s: unset it to send through STARTTLS", host);
		goto out;
	}
	t->url = xstrdup(url);
	t->via = xasprintf("%s://%s:%s", scheme, host, port);
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return rc;
}

void
smtp_transport_release(struct smtp_transport *t)
{
	free(t->url);
	free(t->sendmail);
	free(t->via);
	memset(t, 0, sizeof(*t));
}

void
smtp_result_release(struct smtp_result *r)
{
	free(r->reply);
	memset(r, 0, sizeof(*r));
}

/* ---- libcurl's SMTP ---- */

/* How far the transaction got, from the commands curl sent. */
enum stage { ST_SESSION, ST_MAIL, ST_RCPT, ST_DATA, ST_BODY };

struct xfer {
	const unsigned char *p;	/* the message */
	size_t		 len, off;
	int		 reads;
	enum stage	 stage;
	char		 last[512];	/* the server's last reply line (but
					   QUIT's 221) */
	char		 refusal[512];	/* its last 4xx or 5xx line */
};

static size_t
read_msg(char *out, size_t size, size_t nitems, void *arg)
{
	struct xfer *x = arg;
	size_t n = size * nitems, left = x->len - x->off;

	/* The first chunk has gone to the server once curl asks again. */
	if (x->reads++ == 1)
		smtp_test_kill("during-data");
	/* Half the message first, so that a kill during the data finds the
	   server holding a part of it. */
	if (x->reads == 1 && left > 1 && n > left / 2)
		n = left / 2;
	if (n > left)
		n = left;
	memcpy(out, x->p + x->off, n);
	x->off += n;
	return n;
}

/*
 * What the server said, line by line (CURLINFO_HEADER_IN), and which
 * command went out (only its verb is looked at: an AUTH line carries
 * the credentials and is never copied).
 */
static int
watch(CURL *e, curl_infotype type, char *data, size_t size, void *arg)
{
	struct xfer *x = arg;
	size_t i, start, n;

	(void)e;
	if (type == CURLINFO_HEADER_OUT) {
		if (size >= 10 && ascii_ncasecmp(data, "MAIL FROM:", 10) == 0)
			x->stage = ST_MAIL;
		else if (size >= 8 && ascii_ncasecmp(data, "RCPT TO:", 8) == 0)
			x->stage = ST_RCPT;
		else if (size >= 4 && ascii_ncasecmp(data, "DATA", 4) == 0)
			x->stage = ST_DATA;
		return 0;
	}
	if (type != CURLINFO_HEADER_IN)
		return 0;
	for (start = 0; start < size; start = i + 1) {
		for (i = start; i < size && data[i] != '\n'; i++)
			;
		n = i - start;
		while (n > 0 && (data[start + n - 1] == '\r' ||
		    data[start + n - 1] == ' '))
			n--;
		if (n == 0)
			continue;
		if (n >= sizeof(x->last))
			n = sizeof(x->last) - 1;
		/* The goodbye after a refusal would hide the refusal. */
		if (n >= 3 && memcmp(data + start, "221", 3) == 0)
			continue;
		memcpy(x->last, data + start, n);
		x->last[n] = '\0';
		if (x->last[0] == '4' || x->last[0] == '5')
			memcpy(x->refusal, x->last, n + 1);
		if (x->stage == ST_DATA && strncmp(x->last, "354", 3) == 0)
			x->stage = ST_BODY;
	}
	return 0;
}

/* The reply code a line starts with, or 0. */
static int
line_code(const char *s)
{
	if (s[0] >= '2' && s[0] <= '5' && s[1] >= '0' && s[1] <= '9' &&
	    s[2] >= '0' && s[2] <= '9' && (s[3] == ' ' || s[3] == '-' ||
	    s[3] == '\0'))
		return (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
	return 0;
}

/* Printable ASCII only: a reply is stored and shown. */
static void
clean(char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < ' ' || (unsigned char)*s >= 0x7f)
			*s = '?';
}

static int
deliver_smtp(const struct smtp_transport *t, const struct smtp_msg *m,
    struct smtp_result *r)
{
	const char *user = getenv("DEPEER_SMTP_USER");
	const char *pass = getenv("DEPEER_SMTP_PASSWORD");
	struct curl_slist *rcpt = NULL;
	char errbuf[CURL_ERROR_SIZE], *from, *s;
	struct xfer x;
	CURLcode rc;
	CURL *e;
	size_t i;
	int code;

	memset(&x, 0, sizeof(x));
	x.p = m->bytes;
	x.len = m->len;
	errbuf[0] = '\0';
	if ((e = curl_easy_init()) == NULL)
		die("cannot create a libcurl handle");
	net_easy_setup(t->net, e);
	from = xasprintf("<%s>", m->from);
	for (i = 0; i < m->nrcpt; i++) {
		s = xasprintf("<%s>", m->rcpt[i]);
		rcpt = curl_slist_append(rcpt, s);
		free(s);
	}
	curl_easy_setopt(e, CURLOPT_URL, t->url);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(e, CURLOPT_USE_SSL, t->tls_none ? CURLUSESSL_NONE :
	    CURLUSESSL_ALL);
	curl_easy_setopt(e, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(e, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(e, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(e, CURLOPT_READFUNCTION, read_msg);
	curl_easy_setopt(e, CURLOPT_READDATA, &x);
	curl_easy_setopt(e, CURLOPT_INFILESIZE_LARGE, (curl_off_t)m->len);
	/* curl waits 120 s for a reply by default; a stalled upload is cut
	   after the same time-out. */
	curl_easy_setopt(e, CURLOPT_SERVER_RESPONSE_TIMEOUT, t->timeout_s);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, t->timeout_s);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(e, CURLOPT_VERBOSE, 1L);
	curl_easy_setopt(e, CURLOPT_DEBUGFUNCTION, watch);
	curl_easy_setopt(e, CURLOPT_DEBUGDATA, &x);
	if (user != NULL && *user != '\0') {
		curl_easy_setopt(e, CURLOPT_USERNAME, user);
		curl_easy_setopt(e, CURLOPT_PASSWORD, pass);
	} else
		curl_easy_setopt(e, CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);

	rc = curl_easy_perform(e);

	clean(x.last);
	clean(x.refusal);
	clean(errbuf);
	code = line_code(x.last);
	r->code = code;
	r->before_data = x.stage != ST_BODY;
	if (rc == CURLE_OK && code / 100 == 2 && x.off == x.len) {
		r->delivered = 1;
		r->reply = xstrdup(x.last);
	} else if (rc == CURLE_USE_SSL_FAILED) {
		r->server_fault = 1;
		r->reply = xstrdup("the server does not offer STARTTLS; "
		    "depeer does not send in plain text (smtp_tls = none is "
		    "only for a relay on this machine)");
	} else if (rc == CURLE_LOGIN_DENIED || rc == CURLE_AUTH_ERROR) {
		r->server_fault = 1;
		r->reply = xasprintf("%s (the server refused the user name "
		    "or password: check DEPEER_SMTP_USER and "
		    "DEPEER_SMTP_PASSWORD, or ~/.netrc)",
		    code >= 400 ? x.last : errbuf);
	} else if (x.stage == ST_BODY && code == 354) {
		/* The data went (or began to go) and no reply came. */
		if (rc == CURLE_OPERATION_TIMEDOUT)
			r->reply = xasprintf("no reply to the end of the data "
			    "within %ld s", t->timeout_s);
		else
			r->reply = xasprintf("no reply to the end of the data: "
			    "the connection ended first (%s)", *errbuf != '\0' ?
			    errbuf : curl_easy_strerror(rc));
	} else if (*x.refusal != '\0') {
		r->reply = xstrdup(x.refusal);
		code = r->code = line_code(x.refusal);
	} else if (rc == CURLE_OPERATION_TIMEDOUT) {
		r->reply = xasprintf("no answer from the server within %ld s "
		    "(%s)", t->timeout_s, *errbuf != '\0' ? errbuf :
		    curl_easy_strerror(rc));
	} else {
		s = *errbuf != '\0' ? errbuf : (char *)curl_easy_strerror(rc);
		r->reply = *x.last != '\0' ? xasprintf("%s (last reply: %s)",
		    s, x.last) : xstrdup(s);
	}
	if (!r->delivered && (x.stage == ST_SESSION || code == 530))
		r->server_fault = 1;
	curl_easy_cleanup(e);
	curl_slist_free_all(rcpt);
	free(from);
	return 0;
}

/* ---- a local mail program ---- */

/* What the command said, the start kept (its first lines say why). */
#define OUT_KEEP	2048

/* The last non-empty line of b, cleaned, or "". */
static char *
last_line(const struct buf *b)
{
	size_t end = b->len, start;
	char *s;

	while (end > 0 && (b->s[end - 1] == '\n' ||
	    b->s[end - 1] == '\r' || b->s[end - 1] == ' '))
		end--;
	for (start = end; start > 0 && b->s[start - 1] != '\n'; start--)
		;
	s = xstrndup(b->s + start, end - start);
	clean(s);
	return s;
}

/* A pipe whose ends the command does not inherit but as stdin/stdout
   (pipe2() is not POSIX; depeer runs one thread). */
static int
pipe_cloexec(int fd[2])
{
	if (pipe(fd) != 0)
		return -1;
	fcntl(fd[0], F_SETFD, FD_CLOEXEC);
	fcntl(fd[1], F_SETFD, FD_CLOEXEC);
	return 0;
}

static int64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * The message in a file of its own, unlinked at once: the command reads
 * it whole even when depeer dies while it runs.  Through a pipe, a
 * depeer killed half-way would hand the command an early end of input,
 * which sendmail -t -oi and msmtp take as the end of the message and
 * deliver cut.
 */
static int
message_file(const struct smtp_msg *m, int *fd, struct dp_err *err)
{
	const char *tmp = getenv("TMPDIR");
	const unsigned char *p = m->bytes;
	size_t off = 0;
	ssize_t k;
	char *path;

	if (tmp == NULL || *tmp != '/')
		tmp = "/tmp";
	path = xasprintf("%s/depeer-send.XXXXXX", tmp);
	if ((*fd = mkstemp(path)) < 0) {
		dp_fail(err, DP_EX_IOERR, "cannot make a file for "
		    "sendmail_command in %s: %s", tmp, strerror(errno));
		free(path);
		return DP_EX_IOERR;
	}
	unlink(path);
	free(path);
	while (off < m->len) {
		k = write(*fd, p + off, m->len - off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			dp_fail(err, DP_EX_IOERR, "cannot write the message "
			    "for sendmail_command: %s", strerror(errno));
			close(*fd);
			return DP_EX_IOERR;
		}
		off += (size_t)k;
	}
	if (lseek(*fd, 0, SEEK_SET) != 0) {
		close(*fd);
		return dp_fail(err, DP_EX_IOERR, "cannot read back the message "
		    "for sendmail_command: %s", strerror(errno));
	}
	return 0;
}

/*
 * Run the command through /bin/sh -c (so that it may be written as on a
 * command line, as git's sendemail.sendmailCmd is), nothing added to it,
 * the message on its standard input; its output, both streams, is read
 * for the reply.  Silent for the time-out: the process is killed and the
 * message counts as not delivered.
 */
static int
deliver_command(const struct smtp_transport *t, const struct smtp_msg *m,
    struct smtp_result *r, struct dp_err *err)
{
	posix_spawn_file_actions_t fa;
	char *argv[] = { "sh", "-c", t->sendmail, NULL };
	int in = -1, out[2] = { -1, -1 }, status = 0, rc;
	struct buf got = BUF_INIT;
	struct pollfd pf;
	int64_t last;
	char chunk[4096], *line;
	ssize_t k;
	pid_t pid, w = 0;
	int done_out = 0, timed_out = 0;

	if ((rc = message_file(m, &in, err)) != 0)
		return rc;
	if (pipe_cloexec(out) != 0) {
		close(in);
		return dp_fail(err, DP_EX_IOERR, "cannot make a pipe: %s",
		    strerror(errno));
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in, 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_adddup2(&fa, out[1], 2);
	rc = posix_spawn(&pid, "/bin/sh", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(in);
	close(out[1]);
	if (rc != 0) {
		close(out[0]);
		return dp_fail(err, DP_EX_IOERR, "cannot run /bin/sh for "
		    "sendmail_command: %s", strerror(rc));
	}
	smtp_test_kill("during-data");
	last = mono_ms();
	while (!done_out) {
		pf.fd = out[0];
		pf.events = POLLIN;
		if (poll(&pf, 1, 200) > 0) {
			k = read(out[0], chunk, sizeof(chunk));
			if (k > 0) {
				if (got.len < OUT_KEEP)
					buf_add(&got, chunk, (size_t)k);
				last = mono_ms();
			} else if (k == 0 || (errno != EAGAIN &&
			    errno != EINTR))
				done_out = 1;
		}
		if (mono_ms() - last > t->timeout_s * 1000) {
			timed_out = 1;
			break;
		}
	}
	close(out[0]);
	/* The command may still run after closing its output. */
	while (!timed_out && (w = waitpid(pid, &status, WNOHANG)) == 0) {
		if (mono_ms() - last > t->timeout_s * 1000)
			timed_out = 1;
		else
			poll(NULL, 0, 10);
	}
	if (timed_out) {
		kill(pid, SIGKILL);
		w = waitpid(pid, &status, 0);
	}
	line = last_line(&got);
	buf_release(&got);
	if (timed_out)
		r->reply = xasprintf("sendmail_command gave no sign of "
		    "progress for %ld s and was stopped%s%s", t->timeout_s,
		    *line != '\0' ? ": " : "", line);
	else if (w < 0)
		r->reply = xasprintf("sendmail_command: cannot learn how it "
		    "ended: %s", strerror(errno));
	else if (WIFEXITED(status)) {
		r->code = WEXITSTATUS(status);
		r->delivered = r->code == 0;
		r->reply = xasprintf("sendmail_command exited %d%s%s", r->code,
		    *line != '\0' ? ": " : "", line);
		/* The shell's "not found" and "cannot execute". */
		r->server_fault = r->code == 126 || r->code == 127;
	} else
		r->reply = xasprintf("sendmail_command was killed by signal "
		    "%d%s%s", WTERMSIG(status), *line != '\0' ? ": " : "",
		    line);
	free(line);
	return 0;
}

int
smtp_deliver(const struct smtp_transport *t, const struct smtp_msg *m,
    struct smtp_result *r, struct dp_err *err)
{
	struct sigaction ign, old;
	int rc;

	memset(r, 0, sizeof(*r));
	/* A server or command that goes away mid-message is an answer, not
	   a reason to die. */
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &old);
	if (t->url != NULL)
		rc = deliver_smtp(t, m, r);
	else
		rc = deliver_command(t, m, r, err);
	sigaction(SIGPIPE, &old, NULL);
	return rc;
}
