/*
 * net.c - the event loop for WHOIS sockets and libcurl transfers; see
 * net.h.  WHOIS (RFC 3912) is a line sent and a reply read to end of
 * file; libcurl has no WHOIS support, so that part is written here, with
 * non-blocking sockets polled together with libcurl's own through
 * curl_multi_poll()'s extra descriptors.  Everything else about HTTP
 * (TLS, redirects, Retry-After) is libcurl's.
 */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "ascii.h"
#include "clock.h"
#include "exitcodes.h"
#include "net.h"
#include "openin.h"

/* ---- connect-to mapping ---- */

struct map_entry {
	char	*from_host;	/* "" = any */
	int	 from_port;	/* 0 = any */
	char	*to_host;	/* "" = keep */
	int	 to_port;	/* 0 = keep */
	char	*spec;		/* "H1:P1:H2:P2" for CURLOPT_CONNECT_TO */
};

struct net_map {
	struct map_entry *e;
	size_t		  n;
};

/* One "host" field: "[v6]" or up to the next ':'.  Returns the rest. */
static const char *
map_host(const char *p, char **out)
{
	const char *end;

	if (*p == '[') {
		end = strchr(p, ']');
		if (end == NULL)
			return NULL;
		*out = xstrndup(p + 1, (size_t)(end - p - 1));
		p = end + 1;
	} else {
		end = p + strcspn(p, ":");
		*out = xstrndup(p, (size_t)(end - p));
		p = end;
	}
	return *p == ':' ? p + 1 : NULL;	/* a port field follows */
}

/* One "port" field: digits or empty, up to ':' or the end. */
static const char *
map_port(const char *p, int *port, int last)
{
	long v = 0;
	const char *q = p;

	while (*q >= '0' && *q <= '9' && v <= 65535)
		v = v * 10 + (*q++ - '0');
	if (v > 65535 || (q != p && v == 0))
		return NULL;
	*port = (int)v;
	if (last)
		return *q == '\0' ? q : NULL;
	return *q == ':' ? q + 1 : NULL;
}

int
net_map_parse(const char *spec, struct net_map **out, struct dp_err *err)
{
	struct net_map *m = xcalloc(1, sizeof(*m));
	char *copy = xstrdup(spec), *tok, *save = NULL;
	struct map_entry e;
	const char *p;

	for (tok = strtok_r(copy, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		memset(&e, 0, sizeof(e));
		p = tok;
		if ((p = map_host(p, &e.from_host)) == NULL ||
		    (p = map_port(p, &e.from_port, 0)) == NULL ||
		    (p = map_host(p, &e.to_host)) == NULL ||
		    (p = map_port(p, &e.to_port, 1)) == NULL) {
			free(e.from_host);
			free(e.to_host);
			dp_fail(err, DP_EX_CONFIG, "DEPEER_CONNECT_TO: bad entry "
			    "'%s' (expected HOST1:PORT1:HOST2:PORT2)", tok);
			free(copy);
			net_map_free(m);
			return DP_EX_CONFIG;
		}
		e.spec = xstrdup(tok);
		m->e = xrealloc(m->e, (m->n + 1) * sizeof(*m->e));
		m->e[m->n++] = e;
	}
	free(copy);
	*out = m;
	return 0;
}

void
net_map_free(struct net_map *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->n; i++) {
		free(m->e[i].from_host);
		free(m->e[i].to_host);
		free(m->e[i].spec);
	}
	free(m->e);
	free(m);
}

void
net_map_apply(const struct net_map *m, const char *host, int port,
    const char **host2, int *port2)
{
	size_t i;

	*host2 = host;
	*port2 = port;
	for (i = 0; m != NULL && i < m->n; i++) {
		const struct map_entry *e = &m->e[i];

		if (*e->from_host != '\0' && ascii_casecmp(e->from_host, host))
			continue;
		if (e->from_port != 0 && e->from_port != port)
			continue;
		if (*e->to_host != '\0')
			*host2 = e->to_host;
		if (e->to_port != 0)
			*port2 = e->to_port;
		return;
	}
}

/* ---- configuration ---- */

/*
 * Per-server defaults.  The RIRs publish few hard numbers; these stay well
 * inside what their acceptable-use pages describe (RIPE counts queries
 * per source address per day and blocks heavy parallel use; LACNIC's
 * WHOIS is known to throttle bursts hard), while leaving room for bulk
 * work: a researcher resolving a provider's thousand addresses is served
 * mostly from the covering records already fetched.
 */
static const struct net_limit default_limits[] = {
	/* host			conns	per s	burst */
	{ "whois.iana.org",	4,	4.0,	20 },
	{ "whois.arin.net",	4,	10.0,	20 },
	{ "whois.ripe.net",	4,	10.0,	20 },
	{ "whois.apnic.net",	4,	10.0,	20 },
	{ "whois.afrinic.net",	2,	5.0,	10 },
	{ "whois.lacnic.net",	1,	1.0,	5 },
	{ "whois.radb.net",	2,	5.0,	10 },
	{ "whois.cymru.com",	1,	2.0,	2 },
	{ "v4-peer.whois.cymru.com", 1,	2.0,	2 },
	{ "rdap.arin.net",	6,	15.0,	30 },
	{ "rdap.db.ripe.net",	6,	15.0,	30 },
	{ "rdap.apnic.net",	6,	15.0,	30 },
	{ "rdap.afrinic.net",	4,	10.0,	20 },
	{ "rdap.lacnic.net",	2,	2.0,	5 },
	{ "stat.ripe.net",	4,	8.0,	16 },
	{ NULL,			4,	10.0,	20 },
};

void
net_config_default(struct net_config *c)
{
	memset(c, 0, sizeof(*c));
	c->connect_timeout_ms = 10000;
	c->read_timeout_ms = 20000;
	c->total_timeout_ms = 60000;
	c->max_reply = 1024 * 1024;
	c->max_redirects = 5;
	c->retries = 3;
	c->backoff_ms = 1000;
	c->max_wait_ms = 60000;
	c->limits = default_limits;
	c->slow_ms = NET_SLOW_MS;
}

/* ---- the loop ---- */

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Limits in force for one server, and its use now. */
struct hoststate {
	char		*host;
	int		 concurrency;
	double		 rate;
	double		 burst;
	int		 active;
	double		 tokens;	/* starts allowed now (token bucket) */
	int64_t		 refilled;	/* when tokens was last topped up */
	struct hoststate *next;
};

enum wstate { W_CONNECTING, W_SENDING, W_READING };

/* The private part of a request while it runs. */
struct run {
	struct hoststate *hs;
	int64_t		 not_before;	/* retry wait */
	int64_t		 started, last_io;
	/* WHOIS */
	int		 fd;
	enum wstate	 wstate;
	struct addrinfo	*ai, *ai_cur;
	char		*out;
	size_t		 outlen, sent;
	char		 where[300];	/* "whois.arin.net:43 (127.0.0.1:4301)" */
	/* HTTP */
	CURL		*easy;
	struct curl_slist *headers;
	int		 too_big;
	char		 errbuf[CURL_ERROR_SIZE];
};

struct net {
	struct net_config cfg;
	struct net_map	*map;
	struct curl_slist *connect_to;
	struct curl_blob ca;
	char		*ca_data;
	CURLM		*multi;
	struct hoststate *hosts;
	struct net_req	*pending;	/* not started */
	struct net_req	*active;	/* running */
	size_t		 total, ndone;
	void		(*observe)(const struct net_event *, void *);
	void		*observe_arg;
	int64_t		 slow_told;	/* when NET_EV_SLOW was last sent */
	volatile sig_atomic_t *stop;
	int		 stopped;
	int		 offline;	/* net_offline(): connect to nothing */
	size_t		 refused;	/* requests refused for it */
};

static struct hoststate *
host_state(struct net *n, const char *host)
{
	const struct net_limit *l;
	struct hoststate *h;

	for (h = n->hosts; h != NULL; h = h->next)
		if (ascii_casecmp(h->host, host) == 0)
			return h;
	for (l = n->cfg.limits; l->host != NULL; l++)
		if (ascii_casecmp(l->host, host) == 0)
			break;
	h = xcalloc(1, sizeof(*h));
	h->host = xstrdup(host);
	h->concurrency = l->concurrency > 0 ? l->concurrency : 1;
	h->rate = l->rate > 0 ? l->rate : 1.0;
	h->burst = l->burst > 0 ? l->burst : 1;
	h->tokens = h->burst;
	h->refilled = now_ms();
	h->next = n->hosts;
	n->hosts = h;
	return h;
}

/* The system CA bundle plus the extra one, as one PEM blob for libcurl. */
static int
load_ca(struct net *n, const char *extra, struct dp_err *err)
{
	const curl_version_info_data *v = curl_version_info(CURLVERSION_NOW);
	const char *sys = v->cainfo != NULL ? v->cainfo :
	    "/etc/ssl/certs/ca-certificates.crt";
	struct buf b = BUF_INIT;
	const char *files[2];
	char chunk[8192];
	struct dp_err sub = DP_ERR_INIT;
	size_t k, got;
	FILE *fp;

	files[0] = sys;
	files[1] = extra;
	for (k = 0; k < 2; k++) {
		/* A FIFO or device is refused, not waited on (openin.h). */
		if (files[k] == NULL ||
		    fopen_regular(files[k], &fp, NULL, &sub) != 0) {
			if (k == 0)
				continue;	/* no system bundle: extra only */
			buf_release(&b);
			return dp_fail(err, DP_EX_CONFIG, "DEPEER_CA_BUNDLE: %s",
			    sub.msg);
		}
		while ((got = fread(chunk, 1, sizeof(chunk), fp)) > 0)
			buf_add(&b, chunk, got);
		fclose(fp);
		buf_addc(&b, '\n');
	}
	n->ca_data = buf_detach(&b, &n->ca.len);
	n->ca.data = n->ca_data;
	n->ca.flags = CURL_BLOB_NOCOPY;
	return 0;
}

struct net *
net_new(const struct net_config *c, struct dp_err *err)
{
	struct net *n = xcalloc(1, sizeof(*n));
	const char *spec, *ca;
	size_t i;

	n->cfg = *c;
	if (n->cfg.limits == NULL)
		n->cfg.limits = default_limits;
	spec = c->connect_to != NULL ? c->connect_to :
	    getenv("DEPEER_CONNECT_TO");
	if (spec != NULL && *spec != '\0') {
		if (net_map_parse(spec, &n->map, err) != 0)
			goto fail;
		for (i = 0; i < n->map->n; i++)
			n->connect_to = curl_slist_append(n->connect_to,
			    n->map->e[i].spec);
	}
	ca = c->ca_bundle != NULL ? c->ca_bundle : getenv("DEPEER_CA_BUNDLE");
	if (ca != NULL && *ca != '\0' && load_ca(n, ca, err) != 0)
		goto fail;
	if ((n->multi = curl_multi_init()) == NULL)
		die("cannot initialise libcurl");
	return n;
fail:
	net_free(n);
	return NULL;
}

void
net_free(struct net *n)
{
	struct hoststate *h, *hn;

	if (n == NULL)
		return;
	if (n->multi != NULL)
		curl_multi_cleanup(n->multi);
	curl_slist_free_all(n->connect_to);
	net_map_free(n->map);
	free(n->ca_data);
	for (h = n->hosts; h != NULL; h = hn) {
		hn = h->next;
		free(h->host);
		free(h);
	}
	free(n);
}

void
net_req_release(struct net_req *r)
{
	free(r->host);
	free(r->query);
	free(r->url);
	free(r->final_url);
	buf_release(&r->body);
	memset(r, 0, sizeof(*r));
}

static void
list_remove(struct net_req **head, struct net_req *r)
{
	for (; *head != NULL; head = &(*head)->next)
		if (*head == r) {
			*head = r->next;
			r->next = NULL;
			return;
		}
}

/* Append, keeping the order requests were made in. */
static void
list_append(struct net_req **head, struct net_req *r)
{
	while (*head != NULL)
		head = &(*head)->next;
	r->next = NULL;
	*head = r;
}

void
net_add(struct net *n, struct net_req *r)
{
	struct run *run = xcalloc(1, sizeof(*run));

	run->fd = -1;
	r->priv = run;
	r->rc = 0;
	r->err.code = 0;
	r->err.msg[0] = '\0';
	r->attempts = 0;
	buf_release(&r->body);
	run->hs = host_state(n, r->host);
	list_append(&n->pending, r);
	n->total++;
}

/* Label for messages: the server and query, as the user knows them. */
static void
describe(const struct net_req *r, char *buf, size_t len)
{
	const char *nl;
	size_t lines = 1;

	if (r->kind == NET_WHOIS && (nl = strchr(r->query, '\n')) != NULL) {
		/* A bulk exchange (Team Cymru): its first line and size. */
		for (; nl != NULL; nl = strchr(nl + 1, '\n'))
			lines++;
		snprintf(buf, len, "%s:%d bulk query '%.*s ...' (%zu lines)",
		    r->host, r->port, (int)strcspn(r->query, "\r\n"),
		    r->query, lines);
	} else if (r->kind == NET_WHOIS)
		snprintf(buf, len, "%s:%d query '%.100s'", r->host, r->port,
		    r->query);
	else
		snprintf(buf, len, "%.200s", r->url);
}

/* Free a run's resources (not the request's results). */
static void
run_close(struct net *n, struct net_req *r)
{
	struct run *run = r->priv;

	if (run->fd >= 0)
		close(run->fd);
	run->fd = -1;
	if (run->ai != NULL)
		freeaddrinfo(run->ai);
	run->ai = run->ai_cur = NULL;
	free(run->out);
	run->out = NULL;
	if (run->easy != NULL) {
		curl_multi_remove_handle(n->multi, run->easy);
		curl_easy_cleanup(run->easy);
		run->easy = NULL;
	}
	curl_slist_free_all(run->headers);
	run->headers = NULL;
}

static void
finish(struct net *n, struct net_req *r)
{
	struct run *run = r->priv;

	run_close(n, r);
	run->hs->active--;
	list_remove(&n->active, r);
	free(run);
	r->priv = NULL;
	r->fetched_at = clock_now();	/* DEPEER_NOW: as the store sees it */
	n->ndone++;
	if (r->done != NULL)
		r->done(r, r->arg);
}

/*
 * A failed attempt: try again after a wait (wait_ms, or the backoff for
 * this attempt) if the error is one that passes and tries are left;
 * otherwise finish with it.
 */
static void
fail_attempt(struct net *n, struct net_req *r, int retryable, long wait_ms,
    int code, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void
fail_attempt(struct net *n, struct net_req *r, int retryable, long wait_ms,
    int code, const char *fmt, ...)
{
	struct run *run = r->priv;
	char what[320], msg[700];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	describe(r, what, sizeof(what));
	if (retryable && r->attempts <= n->cfg.retries) {
		if (wait_ms <= 0)
			wait_ms = n->cfg.backoff_ms << (r->attempts - 1);
		if (wait_ms <= n->cfg.max_wait_ms) {
			if (n->observe != NULL) {
				struct net_event ev;

				memset(&ev, 0, sizeof(ev));
				ev.kind = NET_EV_RETRY;
				ev.host = r->host;
				ev.reason = msg;
				ev.retry = r->attempts;
				ev.retries = n->cfg.retries;
				ev.wait_ms = wait_ms;
				n->observe(&ev, n->observe_arg);
			}
			run_close(n, r);
			buf_reset(&r->body);
			run->hs->active--;
			run->not_before = now_ms() + wait_ms;
			list_remove(&n->active, r);
			list_append(&n->pending, r);
			return;
		}
		snprintf(msg + strlen(msg), sizeof(msg) - strlen(msg),
		    " (asked to wait %ld s)", wait_ms / 1000);
	}
	r->rc = dp_fail(&r->err, code, "%s: %s%s", what, msg,
	    r->attempts > 1 ? " (after retries)" : "");
	finish(n, r);
}

/* ---- WHOIS over TCP ---- */

static int
whois_try_connect(struct net *n, struct net_req *r)
{
	struct run *run = r->priv;
	struct addrinfo *ai;
	int fd;

	(void)n;
	for (ai = run->ai_cur; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK |
		    SOCK_CLOEXEC, ai->ai_protocol);
		if (fd < 0)
			continue;
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0 ||
		    errno == EINPROGRESS) {
			run->fd = fd;
			run->ai_cur = ai->ai_next;
			run->wstate = W_CONNECTING;
			return 0;
		}
		close(fd);
	}
	return -1;
}

static void
whois_start(struct net *n, struct net_req *r)
{
	struct run *run = r->priv;
	struct addrinfo hints;
	const char *host;
	char port[16];
	int p, rc;

	net_map_apply(n->map, r->host, r->port, &host, &p);
	snprintf(run->where, sizeof(run->where), "%s:%d", host, p);
	snprintf(port, sizeof(port), "%d", p);
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	/*
	 * getaddrinfo() blocks, but only for the few distinct registry hosts
	 * and, in tests, not at all (the connect-to mapping gives numeric
	 * addresses).
	 */
	rc = getaddrinfo(host, port, &hints, &run->ai);
	if (rc != 0) {
		fail_attempt(n, r, rc == EAI_AGAIN, 0, rc == EAI_AGAIN ?
		    DP_EX_TEMPFAIL : DP_EX_UNAVAILABLE, "cannot resolve "
		    "'%s': %s", host, gai_strerror(rc));
		return;
	}
	run->ai_cur = run->ai;
	run->out = xasprintf("%s\r\n", r->query);
	run->outlen = strlen(run->out);
	run->sent = 0;
	if (whois_try_connect(n, r) != 0)
		fail_attempt(n, r, 1, 0, DP_EX_UNAVAILABLE, "cannot connect "
		    "to %s: %s", run->where, strerror(errno));
}

static void
whois_io(struct net *n, struct net_req *r, short revents)
{
	struct run *run = r->priv;
	char chunk[16384];
	socklen_t len;
	ssize_t got;
	int soerr = 0;

	if (run->wstate == W_CONNECTING) {
		len = sizeof(soerr);
		if (getsockopt(run->fd, SOL_SOCKET, SO_ERROR, &soerr,
		    &len) != 0)
			soerr = errno;
		if (soerr != 0) {
			close(run->fd);
			run->fd = -1;
			if (whois_try_connect(n, r) == 0)
				return;
			fail_attempt(n, r, 1, 0, DP_EX_UNAVAILABLE, "cannot "
			    "connect to %s: %s", run->where, strerror(soerr));
			return;
		}
		run->wstate = W_SENDING;
		run->last_io = now_ms();
	}
	if (run->wstate == W_SENDING && (revents & (POLLOUT | POLLERR))) {
		got = send(run->fd, run->out + run->sent,
		    run->outlen - run->sent, MSG_NOSIGNAL);
		if (got < 0 && errno != EAGAIN && errno != EINTR) {
			fail_attempt(n, r, 1, 0, DP_EX_UNAVAILABLE, "cannot "
			    "send to %s: %s", run->where, strerror(errno));
			return;
		}
		if (got > 0) {
			run->sent += (size_t)got;
			run->last_io = now_ms();
		}
		if (run->sent == run->outlen)
			run->wstate = W_READING;
		return;
	}
	if (run->wstate != W_READING ||
	    !(revents & (POLLIN | POLLHUP | POLLERR)))
		return;
	for (;;) {
		got = recv(run->fd, chunk, sizeof(chunk), 0);
		if (got < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return;
			fail_attempt(n, r, errno == ECONNRESET, 0,
			    DP_EX_UNAVAILABLE, "reading from %s: %s",
			    run->where, strerror(errno));
			return;
		}
		if (got == 0)
			break;
		run->last_io = now_ms();
		if (r->body.len + (size_t)got > n->cfg.max_reply) {
			fail_attempt(n, r, 0, 0, DP_EX_PROTOCOL, "reply larger "
			    "than %zu bytes; refused", n->cfg.max_reply);
			return;
		}
		buf_add(&r->body, chunk, (size_t)got);
	}
	if (r->body.len == 0) {
		/* Closed without a word: servers do this when overloaded. */
		fail_attempt(n, r, 1, 0, DP_EX_UNAVAILABLE, "%s closed the "
		    "connection without replying", run->where);
		return;
	}
	r->rc = 0;
	finish(n, r);
}

/* ---- HTTP through libcurl ---- */

static size_t
http_write(char *data, size_t size, size_t nmemb, void *arg)
{
	struct net_req *r = arg;
	struct run *run = r->priv;
	size_t len = size * nmemb;

	/* run->outlen holds the size cap for HTTP transfers. */
	if (r->body.len + len > run->outlen) {
		run->too_big = 1;
		return 0;	/* aborts the transfer */
	}
	buf_add(&r->body, data, len);
	return len;
}

static void
http_start(struct net *n, struct net_req *r)
{
	struct run *run = r->priv;
	CURL *e = curl_easy_init();
	char *accept;

	if (e == NULL)
		die("cannot create a libcurl handle");
	run->easy = e;
	run->outlen = n->cfg.max_reply;	/* the cap http_write checks */
	curl_easy_setopt(e, CURLOPT_URL, r->url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, r);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, http_write);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, run->errbuf);
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(e, CURLOPT_MAXREDIRS, (long)n->cfg.max_redirects);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "https");
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
	    n->cfg.connect_timeout_ms);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, n->cfg.total_timeout_ms);
	/* A read that stalls: under 1 byte/s for the read timeout. */
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME,
	    (n->cfg.read_timeout_ms + 999) / 1000);
	curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE,
	    (curl_off_t)n->cfg.max_reply);
	curl_easy_setopt(e, CURLOPT_USERAGENT, "depeer/" DEPEER_VERSION);
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	if (n->connect_to != NULL)
		curl_easy_setopt(e, CURLOPT_CONNECT_TO, n->connect_to);
	if (n->ca_data != NULL)
		curl_easy_setopt(e, CURLOPT_CAINFO_BLOB, &n->ca);
	if (r->accept != NULL) {
		accept = xasprintf("Accept: %s", r->accept);
		run->headers = curl_slist_append(run->headers, accept);
		free(accept);
		curl_easy_setopt(e, CURLOPT_HTTPHEADER, run->headers);
	}
	run->errbuf[0] = '\0';
	run->too_big = 0;
	if (curl_multi_add_handle(n->multi, e) != CURLM_OK)
		die("cannot add a libcurl transfer");
}

static void
http_done(struct net *n, struct net_req *r, CURLcode cc)
{
	struct run *run = r->priv;
	curl_off_t retry_after = 0;
	char *eff = NULL;
	long status = 0;

	curl_easy_getinfo(run->easy, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(run->easy, CURLINFO_EFFECTIVE_URL, &eff);
	curl_easy_getinfo(run->easy, CURLINFO_RETRY_AFTER, &retry_after);
	r->status = status;
	free(r->final_url);
	r->final_url = eff != NULL ? xstrdup(eff) : NULL;
	if (run->too_big || cc == CURLE_FILESIZE_EXCEEDED) {
		fail_attempt(n, r, 0, 0, DP_EX_PROTOCOL, "reply larger than "
		    "%zu bytes; refused", n->cfg.max_reply);
		return;
	}
	if (cc == CURLE_OPERATION_TIMEDOUT) {
		fail_attempt(n, r, 1, 0, DP_EX_TEMPFAIL, "timed out");
		return;
	}
	if (cc == CURLE_TOO_MANY_REDIRECTS) {
		fail_attempt(n, r, 0, 0, DP_EX_PROTOCOL, "more than %d "
		    "redirects", n->cfg.max_redirects);
		return;
	}
	if (cc != CURLE_OK) {
		/*
		 * A connection refused, reset or closed without a (whole)
		 * reply is "unavailable", 69, as over WHOIS (whois_io());
		 * TLS failures and the rest are answers we cannot read, 76.
		 */
		int transient = cc == CURLE_COULDNT_CONNECT ||
		    cc == CURLE_RECV_ERROR || cc == CURLE_SEND_ERROR ||
		    cc == CURLE_GOT_NOTHING || cc == CURLE_PARTIAL_FILE;

		fail_attempt(n, r, transient, 0, transient ||
		    cc == CURLE_COULDNT_RESOLVE_HOST ? DP_EX_UNAVAILABLE :
		    DP_EX_PROTOCOL, "%s",
		    run->errbuf[0] ? run->errbuf : curl_easy_strerror(cc));
		return;
	}
	if (status == 429 || status == 503 || (status >= 500 &&
	    status <= 504)) {
		fail_attempt(n, r, 1, (long)retry_after * 1000,
		    status == 429 ? DP_EX_TEMPFAIL : DP_EX_UNAVAILABLE,
		    "HTTP %ld%s", status, status == 429 ?
		    " (rate limited)" : "");
		return;
	}
	/* Other statuses (404, 400 with an RDAP error body) are answers. */
	r->rc = 0;
	finish(n, r);
}

/* ---- running ---- */

static void
start(struct net *n, struct net_req *r)
{
	struct run *run = r->priv;
	int64_t t = now_ms();

	list_remove(&n->pending, r);
	list_append(&n->active, r);
	run->hs->active++;
	run->hs->tokens -= 1;
	run->started = run->last_io = t;
	r->attempts++;
	if (n->offline) {
		char what[300];

		describe(r, what, sizeof(what));
		r->rc = dp_fail(&r->err, DP_EX_NOINPUT, "%s: not in the case "
		    "(only stored answers are read here)", what);
		n->refused++;
		finish(n, r);
		return;
	}
	if (r->kind == NET_WHOIS)
		whois_start(n, r);
	else
		http_start(n, r);
}

/*
 * The rate limit is a token bucket: a server's first "burst" requests may
 * start together, then one each 1/rate seconds.  Registries count queries
 * per minute or per day, so a short burst within the same average is as
 * polite as even spacing, and a bulk run's first wave (one query per
 * registry block) does not wait on it.  Returns the ms until h may start
 * another request (0: now).
 */
static int64_t
rate_wait(struct hoststate *h, int64_t t)
{
	if (t > h->refilled) {
		h->tokens += (double)(t - h->refilled) * h->rate / 1000.0;
		if (h->tokens > h->burst)
			h->tokens = h->burst;
		h->refilled = t;
	}
	if (h->tokens >= 1)
		return 0;
	return (int64_t)((1 - h->tokens) * 1000.0 / h->rate) + 1;
}

/* Start what the limits allow; returns ms until the next could start. */
static int64_t
pump(struct net *n)
{
	struct net_req *r, *next;
	struct run *run;
	int64_t t = now_ms(), wait = 1000, w;

	for (r = n->pending; r != NULL; r = next) {
		next = r->next;
		run = r->priv;
		w = run->not_before - t;
		if (rate_wait(run->hs, t) > w)
			w = rate_wait(run->hs, t);
		/* Offline, nothing is sent: no limit to wait for. */
		if (n->offline)
			w = 0;
		else if (run->hs->active >= run->hs->concurrency)
			continue;
		if (w > 0) {
			if (w < wait)
				wait = w;
			continue;
		}
		start(n, r);
		/* start() may have finished r (a failed connect). */
		next = n->pending;
		t = now_ms();
	}
	return wait;
}

/* Time-outs of WHOIS requests (libcurl keeps its own). */
static void
check_timeouts(struct net *n)
{
	struct net_req *r, *next;
	struct run *run;
	int64_t t = now_ms();

	for (r = n->active; r != NULL; r = next) {
		next = r->next;
		run = r->priv;
		if (r->kind != NET_WHOIS || run->fd < 0)
			continue;
		if (run->wstate == W_CONNECTING &&
		    t - run->started > n->cfg.connect_timeout_ms)
			fail_attempt(n, r, 1, 0, DP_EX_TEMPFAIL, "connecting "
			    "to %s timed out", run->where);
		else if (t - run->last_io > n->cfg.read_timeout_ms)
			fail_attempt(n, r, 1, 0, DP_EX_TEMPFAIL, "no reply "
			    "from %s for %ld ms", run->where,
			    n->cfg.read_timeout_ms);
		else if (t - run->started > n->cfg.total_timeout_ms)
			fail_attempt(n, r, 0, 0, DP_EX_TEMPFAIL, "reply from "
			    "%s took longer than %ld s", run->where,
			    n->cfg.total_timeout_ms / 1000);
		else
			continue;
		next = n->active;	/* the list changed */
	}
}

void
net_offline(struct net *n, int on)
{
	n->offline = on;
}

size_t
net_refused(const struct net *n)
{
	return n->refused;
}

void
net_observe(struct net *n, void (*fn)(const struct net_event *, void *),
    void *arg)
{
	n->observe = fn;
	n->observe_arg = arg;
}

void
net_stop_on(struct net *n, volatile sig_atomic_t *flag)
{
	n->stop = flag;
}

int
net_stopped(const struct net *n)
{
	return n->stopped;
}

/* Drop every request not done (net_stop_on): no callback is called. */
static void
drop_all(struct net *n)
{
	struct net_req *r;
	struct run *run;

	while ((r = n->active) != NULL) {
		run = r->priv;
		run_close(n, r);
		run->hs->active--;
		n->active = r->next;
		r->next = NULL;
		free(run);
		r->priv = NULL;
	}
	while ((r = n->pending) != NULL) {
		n->pending = r->next;
		r->next = NULL;
		free(r->priv);
		r->priv = NULL;
	}
	n->total = n->ndone;
}

/*
 * Tell the observer, once a second, about the request that has run
 * longest once it has run NET_SLOW_MS: a terminal shows who is slow.
 */
static void
tell_slow(struct net *n)
{
	struct net_event ev;
	struct net_req *r, *oldest = NULL;
	struct run *run;
	int64_t t = now_ms(), first = t;
	size_t active = 0;

	if (n->observe == NULL || t - n->slow_told < 1000)
		return;
	for (r = n->active; r != NULL; r = r->next) {
		run = r->priv;
		active++;
		if (run->started < first) {
			first = run->started;
			oldest = r;
		}
	}
	if (oldest == NULL || t - first < (n->cfg.slow_ms > 0 ?
	    n->cfg.slow_ms : NET_SLOW_MS))
		return;
	memset(&ev, 0, sizeof(ev));
	ev.kind = NET_EV_SLOW;
	ev.host = oldest->host;
	ev.waited_ms = (long)(t - first);
	ev.active = active;
	n->slow_told = t;
	n->observe(&ev, n->observe_arg);
}

void
net_run(struct net *n, void (*progress)(size_t, size_t, void *), void *arg)
{
	struct curl_waitfd *fds = NULL;
	struct net_req **owners = NULL, *r;
	size_t nfds, cap = 0, i, before;
	struct CURLMsg *msg;
	int running, left;
	int64_t wait;

	n->stopped = 0;
	while (n->pending != NULL || n->active != NULL) {
		if (n->stop != NULL && *n->stop) {
			drop_all(n);
			n->stopped = 1;
			break;
		}
		before = n->ndone;
		wait = pump(n);
		/* Offline, requests end in pump(): none to wait for. */
		if (n->offline)
			wait = 0;
		nfds = 0;
		for (r = n->active; r != NULL; r = r->next) {
			struct run *run = r->priv;

			if (r->kind != NET_WHOIS || run->fd < 0)
				continue;
			if (nfds == cap) {
				cap = cap ? 2 * cap : 16;
				fds = xrealloc(fds, cap * sizeof(*fds));
				owners = xrealloc(owners,
				    cap * sizeof(*owners));
			}
			fds[nfds].fd = run->fd;
			fds[nfds].events = run->wstate == W_READING ?
			    CURL_WAIT_POLLIN : CURL_WAIT_POLLOUT;
			fds[nfds].revents = 0;
			owners[nfds++] = r;
		}
		if (wait > 200 && nfds > 0)
			wait = 200;	/* WHOIS time-outs are ours to see */
		if (wait > 250 && n->stop != NULL)
			wait = 250;	/* a stop request is seen soon */
		curl_multi_poll(n->multi, fds, (unsigned)nfds, (int)wait, NULL);
		curl_multi_perform(n->multi, &running);
		while ((msg = curl_multi_info_read(n->multi, &left)) != NULL) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
			    (char **)&r);
			http_done(n, r, msg->data.result);
		}
		for (i = 0; i < nfds; i++) {
			short ev = 0;

			if (fds[i].revents & CURL_WAIT_POLLIN)
				ev |= POLLIN;
			if (fds[i].revents & CURL_WAIT_POLLOUT)
				ev |= POLLOUT;
			if (ev == 0)
				continue;
			/* The owner may have finished in an earlier pass. */
			for (r = n->active; r != NULL && r != owners[i];
			    r = r->next)
				;
			if (r != NULL)
				whois_io(n, r, ev);
		}
		check_timeouts(n);
		tell_slow(n);
		if (progress != NULL && n->ndone != before)
			progress(n->ndone, n->total, arg);
	}
	free(fds);
	free(owners);
	if (n->observe != NULL) {
		struct net_event ev;

		memset(&ev, 0, sizeof(ev));
		ev.kind = NET_EV_DONE;
		n->observe(&ev, n->observe_arg);
	}
}

void
net_easy_setup(const struct net *n, void *e)
{
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
	    n->cfg.connect_timeout_ms);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	if (n->connect_to != NULL)
		curl_easy_setopt(e, CURLOPT_CONNECT_TO, n->connect_to);
	if (n->ca_data != NULL)
		curl_easy_setopt(e, CURLOPT_CAINFO_BLOB, &n->ca);
}
