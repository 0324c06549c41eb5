/*
 * resolver.h - what every resolution needs, built once from the
 * configuration and passed explicitly to the lookups, upstream discovery,
 * contacts, provider resolution and the bulk engine: the registry
 * endpoints, the network loop (time-outs, retries, connect-to, CA
 * bundle), the IANA RDAP bootstrap (the copies "rdap update-bootstrap"
 * stored, else the bundled ones), and the source store with its
 * freshness.  No globals: two resolvers may live side by side.
 *
 * The defaults of the endpoints are config.c's (one place); a resolver
 * takes every value from a struct config.
 *
 * Ownership: the caller owns the struct resolver (resolver_init /
 * resolver_release); it borrows the config and the database, which must
 * outlive it.
 */
#ifndef DEPEER_RESOLVER_H
#define DEPEER_RESOLVER_H

#include <stdint.h>

#include "rdap.h"
#include "srcstore.h"
#include "util.h"

struct config;
struct db;
struct net;

/* A WHOIS server: host name or address (no brackets), and port. */
struct resolver_host {
	const char	*name;
	int		 port;
};

/* Where the registries are (config keys in brackets). */
struct resolver_endpoints {
	/* where WHOIS chains start (whois_server) */
	struct resolver_host whois;
	/* Team Cymru IP to ASN (cymru_server) */
	struct resolver_host cymru;
	/* Team Cymru peers (cymru_peer_server) */
	struct resolver_host cymru_peer;
	/* IRR for aut-num and routes (irr_server) */
	struct resolver_host irr;
	const char	*ripestat;	/* RIPEstat Data API base URL */
	const char	*sourceapp;	/* RIPEstat's sourceapp */
	const char	*rdap_bootstrap;	/* IANA's bootstrap base URL */
};

struct resolver {
	/* the endpoints: strings owned by the resolver or borrowed from
	   the config */
	struct resolver_endpoints ep;
	char		 cymru_label[300];	/* "host:port": Team Cymru's
					   server as sources name it */
	struct net	*net;		/* the one loop every request runs on */
	struct rdap_bootstrap boot;	/* after resolver_load_bootstrap() */
	int		 have_boot;
	struct srcstore	 store;		/* answers read and stored */
	long long	 ttl;		/* freshness in use */
	int		 refresh;
	/* private */
	char		 host_names[4][256];
};

/*
 * Build r from cfg: endpoints, the network loop, and the store over db
 * (may be NULL: nothing read or stored) serving answers younger than ttl
 * seconds unless refresh.  Returns 0, or an error code with err filled
 * (r is then released).
 */
int	resolver_init(struct resolver *r, const struct config *cfg,
	    struct db *db, int refresh, long long ttl, struct dp_err *err);
void	resolver_release(struct resolver *r);
/*
 * Load the RDAP bootstrap into r->boot: the newest copies stored by
 * resolver_update_bootstrap(), else the bundled files.  0, or
 * DP_EX_PROTOCOL with err naming the bad file.
 */
int	resolver_load_bootstrap(struct resolver *r, struct dp_err *err);

/* What resolver_update_bootstrap() stored. */
struct bootstrap_update {
	char		*asn_published;	/* each file's "publication", or */
	char		*v4_published;	/* NULL */
	char		*v6_published;
	int64_t		 source_ids[3];	/* asn.json, ipv4.json, ipv6.json */
};
void	bootstrap_update_release(struct bootstrap_update *u);
/*
 * Fetch IANA's three bootstrap files and, when all three are valid, store
 * them as sources (one audit entry, subject "rdap-bootstrap") for later
 * lookups.  0 with *out filled, or an error code with err filled.
 */
int	resolver_update_bootstrap(struct resolver *r,
	    struct bootstrap_update *out, struct dp_err *err);

/*
 * Make r answer from the store alone: every stored answer is served
 * whatever its age (the newest to each question), and a question with
 * none fails as "not in the case" (net_offline()) without a connection.
 * Nothing new is fetched, so nothing new is stored.
 */
void	resolver_offline(struct resolver *r);

/*
 * A freshness in seconds as given (--ttl): 0 and *ttl set, or -1 when
 * arg is not a number of seconds (0 or more).
 */
int	resolver_ttl_parse(const char *arg, long long *ttl);

/*
 * The host (with its ":port", if any) of an https:// URL into host: 0, or
 * -1 for a URL that is not https or names no host.
 */
int	resolver_url_host(const char *url, char host[256]);

#endif
