/*
 * cmd_lookup.h - what the commands that ask the registries share
 * (cmd_lookup.c, cmd_bulk.c).
 */
#ifndef DEPEER_CMD_LOOKUP_H
#define DEPEER_CMD_LOOKUP_H

#include "cmd.h"
#include "lookup.h"
#include "net.h"
#include "rdap.h"

/*
 * Load the configuration for a command that asks the registries: the
 * endpoints() and the default TTL come from it.  Returns 0 or an exit
 * status after printing the error.
 */
int	lookup_config(struct ctx *ctx);
/* The default --ttl (the configuration's "ttl"); after lookup_config(). */
long long default_ttl(const struct ctx *ctx);
/*
 * The network loop with the configured time-outs, retries, connect_to
 * and CA bundle; NULL after printing the error (*rc set).  After
 * lookup_config().
 */
struct net *open_net(struct ctx *ctx, int *rc);
/*
 * The IANA bootstrap registries: the newest copies "depeer rdap
 * update-bootstrap" stored in the case database, else the bundled ones.
 * Returns 0 or an exit status after printing the error.
 */
int	load_bootstrap(struct ctx *ctx, struct rdap_bootstrap *b);
/* The registry endpoints in use; after lookup_config(). */
const struct lk_endpoints *endpoints(void);
/* Team Cymru's source label, "host:port"; after lookup_config(). */
const char *cymru_label(void);
/*
 * "lookup --bulk": the indicators in path ("-": standard input) resolved
 * together from the sources in want; see depeer-lookup(1).
 */
int	lookup_bulk(struct ctx *ctx, const char *path, unsigned want,
	    int refresh, long long ttl, int exact);

#endif
