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
 * The network loop with the configured limits and time-outs; NULL after
 * printing the error (*rc set).
 */
struct net *open_net(int *rc);
/*
 * The IANA bootstrap registries: the newest copies "depeer rdap
 * update-bootstrap" stored in the case database, else the bundled ones.
 * Returns 0 or an exit status after printing the error.
 */
int	load_bootstrap(struct ctx *ctx, struct rdap_bootstrap *b);
/* The registry endpoints in use (configuration). */
const struct lk_endpoints *endpoints(void);
/* Team Cymru's host, and its source label ("host:port"). */
const char *cymru_server(void);
int	cymru_port(void);
const char *cymru_label(void);
/*
 * "lookup --bulk": the indicators in path ("-": standard input) resolved
 * together from the sources in want; see depeer-lookup(1).
 */
int	lookup_bulk(struct ctx *ctx, const char *path, unsigned want,
	    int refresh, long long ttl, int exact);

#endif
