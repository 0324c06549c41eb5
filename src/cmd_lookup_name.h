/*
 * cmd_lookup_name.h - "depeer lookup DOMAIN|URL" (cmd_lookup_name.c),
 * called by cmd_lookup.c for an operand that is a name or a URL.
 */
#ifndef DEPEER_CMD_LOOKUP_NAME_H
#define DEPEER_CMD_LOOKUP_NAME_H

#include "cmd.h"
#include "lookup.h"

/*
 * Resolve input (a domain name or a URL) and look up its addresses with
 * the registries of want; each address's result is printed by
 * render(l, raw, r), cmd_lookup.c's text for one lookup.  Returns the
 * exit status (see depeer-lookup(1)).
 */
int	cmd_lookup_name(const struct cmd_args *a, struct ctx *ctx,
	    const char *input, unsigned want, long long ttl, int raw,
	    void (*render)(const struct lookup *, int, struct resolver *));

#endif
