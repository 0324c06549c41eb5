/*
 * special.h - the special-purpose address blocks and AS numbers: private,
 * shared, loopback, link-local, documentation, multicast, reserved.  An
 * indicator or a provider's network in one of them is almost always a
 * typo, a copied example or an internal address from a log, never a
 * hosting provider's, so depeer warns (advice.c).
 *
 * The tables follow the IANA registries "IPv4 Special-Purpose Address
 * Registry", "IPv6 Special-Purpose Address Registry" (RFC 6890) and
 * "Special-Purpose AS Numbers", keeping the blocks that are not
 * reachable on the public Internet: blocks such as 64:ff9b::/96 or
 * AS112, which carry real traffic, are left out.
 *
 * Foundation layer: tables and lookups, no allocation.
 */
#ifndef DEPEER_SPECIAL_H
#define DEPEER_SPECIAL_H

#include <stdint.h>

#include "ipnet.h"

/* One special-purpose block or AS range. */
struct special {
	const char	*what;		/* "private-use", "documentation", ... */
	const char	*ref;		/* "RFC 1918" */
};

/*
 * The special-purpose block that holds all of n (an address or a prefix),
 * or NULL.  A prefix wider than the block (192.0.0.0/8 around
 * 192.0.2.0/24) is not in it.  The most specific block is named.
 */
const struct special *special_net(const struct ipnet *n);

/* The special-purpose range asn is in, or NULL. */
const struct special *special_asn(uint32_t asn);

#endif
