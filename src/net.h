/*
 * net.h - every connection depeer makes: WHOIS queries over TCP and HTTP
 * GETs through libcurl, run together in one event loop (libcurl's multi
 * interface, with the WHOIS sockets as extra descriptors), each bounded in
 * time and size, limited per server in concurrency and rate, retried with
 * backoff, and redirected by DEPEER_CONNECT_TO.
 *
 * Ownership: the caller owns each struct net_req and keeps it alive until
 * its callback ran (or net_run() returned); the loop owns its sockets and
 * curl handles.
 */
#ifndef DEPEER_NET_H
#define DEPEER_NET_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "buf.h"
#include "util.h"

/* The well-known ports depeer connects to. */
#define NET_PORT_WHOIS	43	/* RFC 3912 */
#define NET_PORT_RWHOIS	4321	/* RFC 2167: ARIN's referrals to rwhois */
#define NET_PORT_HTTPS	443	/* RDAP, RIPEstat, IANA's bootstrap files */

/*
 * DEPEER_CONNECT_TO: "HOST1:PORT1:HOST2:PORT2[,...]" with curl's
 * --connect-to meaning: a connection to HOST1:PORT1 goes to HOST2:PORT2
 * instead (an empty HOST1 or PORT1 matches any; an empty HOST2 or PORT2
 * keeps the original).  IPv6 addresses go in brackets.  TLS still checks
 * the certificate against HOST1.
 */
struct net_map;
int	net_map_parse(const char *spec, struct net_map **out,
	    struct dp_err *err);
void	net_map_free(struct net_map *m);
/* Where host:port really goes; *host2 is borrowed from m or is host. */
void	net_map_apply(const struct net_map *m, const char *host, int port,
	    const char **host2, int *port2);

/* Limits for one server (a host name, before mapping). */
struct net_limit {
	const char	*host;		/* NULL: the default */
	int		 concurrency;	/* connections at once */
	double		 rate;		/* new requests per second, */
	int		 burst;		/* after a first burst of this
					   many (token bucket) */
};

struct net_config {
	long		 connect_timeout_ms;	/* default 10 s */
	long		 read_timeout_ms;	/* silence that ends a read;
						   default 20 s */
	long		 total_timeout_ms;	/* one request; default 60 s */
	size_t		 max_reply;		/* default 1 MiB */
	int		 max_redirects;		/* HTTP; default 5 */
	int		 retries;		/* after the first try; 3 */
	long		 backoff_ms;		/* first retry wait; 1 s */
	long		 max_wait_ms;		/* longest Retry-After honoured
						   (longer: give up); 60 s */
	const char	*connect_to;		/* spec, or NULL: the
						   DEPEER_CONNECT_TO variable */
	const char	*ca_bundle;		/* extra CA file, or NULL:
						   DEPEER_CA_BUNDLE */
	const struct net_limit *limits;		/* NULL-host terminated */
	long		 slow_ms;		/* NET_EV_SLOW after this;
						   NET_SLOW_MS */
};
/*
 * The defaults above (limits: the built-in per-registry table); the
 * configuration (config_net() in config.h) sets the rest.
 */
void	net_config_default(struct net_config *c);

enum net_kind { NET_WHOIS, NET_HTTP };

struct net_req {
	/* set by the caller */
	enum net_kind	 kind;
	char		*host;		/* WHOIS server or HTTP host */
	int		 port;		/* WHOIS: 43 or the rwhois port */
	char		*query;		/* WHOIS query line, without CRLF */
	char		*url;		/* HTTP */
	const char	*accept;	/* HTTP Accept header, or NULL */
	void		(*done)(struct net_req *, void *);
	void		*arg;
	/* results, valid in done() */
	int		 rc;		/* 0, or a DP_EX_* code */
	struct dp_err	 err;		/* names the server and query */
	struct buf	 body;		/* the reply's bytes */
	long		 status;	/* HTTP status, 0 for WHOIS */
	char		*final_url;	/* HTTP, after redirects */
	time_t		 fetched_at;
	int		 attempts;
	/* private to net.c */
	struct net_req	*next;
	void		*priv;
};

void	net_req_release(struct net_req *r);

struct net;
/* A loop with config c (copied); NULL after printing nothing and filling
   err when the connect-to spec or CA bundle is bad. */
struct net *net_new(const struct net_config *c, struct dp_err *err);
void	net_free(struct net *n);
/* Queue r; it starts when its server's limits allow.  May be called from
   a done() callback (referrals). */
void	net_add(struct net *n, struct net_req *r);
/*
 * Run until every queued request is done.  progress, when not NULL, is
 * called after each completion with (done, total) counts.
 */
void	net_run(struct net *n, void (*progress)(size_t, size_t, void *),
	    void *arg);

/*
 * What the loop tells an observer while it runs, so that a command can
 * say on a terminal which server is slow or being retried.  The loop
 * prints nothing itself.
 */
enum net_event_kind {
	NET_EV_RETRY,	/* a try failed; another follows after a wait */
	NET_EV_SLOW,	/* the longest-running request has waited
			   slow_ms (NET_SLOW_MS) or more (again each
			   second) */
	NET_EV_DONE	/* net_run() is about to return */
};
#define NET_SLOW_MS	2000

struct net_event {
	enum net_event_kind kind;
	const char	*host;		/* the server, as configured (before
					   DEPEER_CONNECT_TO); NULL: DONE */
	const char	*reason;	/* RETRY: why the try failed */
	int		 retry;		/* RETRY: which retry follows (1..) */
	int		 retries;	/* RETRY: of how many at most */
	long		 wait_ms;	/* RETRY: the wait before it */
	long		 waited_ms;	/* SLOW: how long it has waited */
	size_t		 active;	/* SLOW: requests running in all */
};
/* Call fn(event, arg) for each event (fn NULL: stop telling). */
void	net_observe(struct net *n,
	    void (*fn)(const struct net_event *, void *), void *arg);
/*
 * Stop net_run() at its next turn (at most about a second later) once
 * *flag is non-zero; a signal handler sets it.  The requests not done
 * then are dropped: their done() callbacks are not called, and their
 * struct net_req may be released.  flag NULL: never stop early.
 */
void	net_stop_on(struct net *n, volatile sig_atomic_t *flag);
/* Whether the last net_run() stopped early for that flag. */
int	net_stopped(const struct net *n);
/*
 * Offline (on non-zero): every request queued from now on fails at once
 * with DP_EX_NOINPUT ("...: not in the case") and no connection is
 * made; net_refused() counts them.  For work that must read only the
 * stored answers (drafting a complaint).
 */
void	net_offline(struct net *n, int on);
size_t	net_refused(const struct net *n);

/*
 * The connection settings of n applied to a libcurl easy handle that runs
 * outside the loop (smtp.c: one transaction at a time): the connect-to
 * map, the CA bundle, the connect time-out and no signals.  e is a CURL *;
 * n must outlive it.
 */
void	net_easy_setup(const struct net *n, void *e);

#endif
