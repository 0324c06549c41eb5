/*
 * asrel.h - AS relationships (provider-customer or peer-peer) inferred
 * from cleaned BGP paths, and compared with a reference such as CAIDA's
 * serial-1 files.  Models layer: no SQL, no I/O.
 *
 * The method follows CAIDA's AS-Rank: M. Luckie, B. Huffaker,
 * A. Dhamdhere, V. Giotsas and k. claffy, "AS Relationships, Customer
 * Cones, and Validation", ACM IMC 2013 (sections 4.1-4.3), simplified to
 * what one set of paths supports:
 *   1. the transit degree of each AS: the distinct neighbours it is seen
 *      between in some path (the middle of a triplet);
 *   2. the ASes ranked by transit degree, then degree, then number;
 *   3. the clique: the largest set of the 10 first ranked ASes that are
 *      all adjacent to one another, then each of the next 40 that is
 *      adjacent to every member; links within the clique are peer-peer;
 *   4. triplets that put a non-clique AS between two clique members are
 *      ignored (poisoned or leaked paths);
 *   5. top down, in rank order and repeated until nothing changes: in a
 *      triplet "W X Y" (a route Y gave X, X gave W), when W is X's
 *      provider or peer, X may pass W only its customers' routes
 *      (valley-free, Gao 2001): X is Y's provider;
 *   6. a link still open between an AS never seen transiting (a stub)
 *      and one seen transiting: the transit AS is the stub's provider;
 *   7. every other link: peer-peer.
 * A link is inferred once (steps in that order); a triplet that would
 * contradict an earlier inference is not used.  Not done (as AS-Rank
 * does): several RIBs a month, the vantage points' partial feeds, the
 * customer-cone fold-in of step 5 of the paper, sibling detection.
 *
 * Ownership: struct asrel_graph owns its arrays (asrel_graph_release()).
 */
#ifndef DEPEER_ASREL_H
#define DEPEER_ASREL_H

#include <stddef.h>
#include <stdint.h>

#include "bgp_obs.h"
#include "util.h"

/* A relationship as CAIDA's serial-1 writes it. */
#define ASREL_P2C	(-1)	/* a is b's provider */
#define ASREL_P2P	0	/* a and b peer (a < b) */

struct asrel {
	uint32_t	 a, b;
	int		 rel;
};

/* What asrel_get() answers about a link "a b". */
enum asrel_role {
	ASREL_NONE,		/* no link */
	ASREL_PROVIDER,		/* a is b's provider */
	ASREL_CUSTOMER,		/* a is b's customer */
	ASREL_PEER
};

struct asrel_as {
	uint32_t	 asn;
	uint32_t	 transit_degree;
	uint32_t	 degree;
};

struct asrel_graph {
	struct asrel	*links;		/* sorted by the lower AS number,
					   then the higher */
	size_t		 nlinks;
	struct asrel_as	*ases;		/* sorted by number */
	size_t		 nases;
	uint32_t	*clique;	/* ascending */
	size_t		 nclique;
};

/*
 * Infer the relationships of the links l[0..nl) (directed or not,
 * repeated or not) from the triplets t[0..nt) of the same paths.
 * Fills *g (release with asrel_graph_release()).
 */
void	asrel_infer(const struct bgp_link *l, size_t nl,
	    const struct bgp_triplet *t, size_t nt, struct asrel_graph *g);
void	asrel_graph_release(struct asrel_graph *g);
/* The relationship of a to b in g. */
enum asrel_role asrel_get(const struct asrel_graph *g, uint32_t a,
	    uint32_t b);
/* The AS's entry in g, or NULL. */
const struct asrel_as *asrel_as_get(const struct asrel_graph *g,
	    uint32_t asn);

/*
 * Parse CAIDA's serial-1 as-rel text buf[0..len) ("a|b|-1" a provider of
 * b, "a|b|0" peers, "#" comments; serial-2's fourth field is ignored).
 * *out sorted as asrel_graph.links, with peer links lower AS first.
 * 0, or DP_EX_DATAERR with err naming the first bad line.
 */
int	asrel_parse_caida(const char *buf, size_t len, struct asrel **out,
	    size_t *n, struct dp_err *err);

/* Agreement on one class of links both sides have. */
struct asrel_class {
	int64_t		 both;		/* links of the class in both */
	int64_t		 agree;		/* same relationship (and, for
					   provider-customer, direction) */
	int64_t		 as_p2p;	/* ours: peer-peer */
	int64_t		 as_p2c;	/* ours: provider-customer, same
					   direction */
	int64_t		 as_c2p;	/* ours: provider-customer, reversed */
};

enum { ASREL_CLASS_P2C, ASREL_CLASS_P2P, ASREL_CLASS_STUB, ASREL_NCLASS };

/*
 * Ours against ref (both sorted as asrel_graph.links).  The classes are
 * the reference's: its provider-customer links, its peer-peer links, and
 * among its provider-customer links those whose customer is a stub in
 * the reference (provider of no one there: an AS like McColo).
 */
struct asrel_cmp {
	struct asrel_class cls[ASREL_NCLASS];
	int64_t		 ours, ref;	/* links in each */
	int64_t		 both;		/* links in both */
};
void	asrel_compare(const struct asrel *ours, size_t n,
	    const struct asrel *ref, size_t m, struct asrel_cmp *out);

#endif
