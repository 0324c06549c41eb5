/*
 * lpm.h - longest-prefix match over IPv4 and IPv6 prefixes: a table
 * that maps prefixes to values and answers "which stored prefix is the
 * most specific one covering this address (or prefix)".  Used for the
 * RDAP bootstrap registry and IANA's special-purpose blocks, and sized
 * for a full BGP table (about a million prefixes).
 *
 * The table is a path-compressed binary trie per family: each node is a
 * prefix (key and length), holds a value or is only a branch point, and
 * has two children picked by the first bit after its length.  A chain of
 * one-child nodes never exists, so n prefixes take at most 2n - 1 nodes.
 * Nodes live in one array and point at one another by 32-bit index, so a
 * node is 32 bytes however many there are, and building the table does
 * one allocation per doubling.
 *
 * Costs: insert and lookup visit at most one node per bit of the key
 * (33 for IPv4, 129 for IPv6), in practice about log2(n) of them; memory
 * is at most 32 bytes times (2n - 1) nodes plus 8 bytes a value, and the
 * arrays' doubling may leave up to half of that unused.  Measured with
 * the table of tests/unit/check_lpm.c (a million distinct prefixes, 5 to
 * 1 IPv4 to IPv6, mostly /24), -O2: 1.54M nodes, 75 MB, built in about
 * 2 s; a lookup of a random address takes 2-3 microseconds, most of it
 * cache misses, one per node visited.  A multibit trie would make the
 * walk shorter if BGP attribution ever needs it.
 *
 * Foundation layer; dies only on exhaustion (xrealloc).
 */
#ifndef DEPEER_LPM_H
#define DEPEER_LPM_H

#include <stddef.h>
#include <stdint.h>

#include "ipnet.h"

struct lpm_node;

struct lpm {
	struct lpm_node	*nodes;		/* [0] unused: index 0 is "none" */
	uint32_t	 nnodes, cap;
	void		**vals;		/* values, by a node's value index */
	uint32_t	 nvals, vcap;
	uint32_t	 root4, root6;	/* the two tries' roots, or 0 */
};
#define LPM_INIT	{ NULL, 0, 0, NULL, 0, 0, 0, 0 }

void	lpm_init(struct lpm *t);
/* Free the table's memory (not the values, which the caller owns). */
void	lpm_release(struct lpm *t);

/*
 * Store value for prefix p (host bits beyond p->plen are ignored).
 * Returns 0 if p was new; 1 if p was in the table already, whose value is
 * then kept (the first insert wins, as in a first-match scan).
 */
int	lpm_insert(struct lpm *t, const struct ipnet *p, void *value);

/*
 * The value of the longest stored prefix of q's family that covers all
 * of q (plen at most q->plen, first bits equal), or NULL if none.  If
 * found is not NULL it receives that prefix.  value may not be NULL at
 * insert, so NULL here always means no match.
 */
void	*lpm_lookup(const struct lpm *t, const struct ipnet *q,
	    struct ipnet *found);

/* Prefixes stored, and bytes of memory the table holds. */
size_t	lpm_count(const struct lpm *t);
size_t	lpm_memory(const struct lpm *t);

#endif
