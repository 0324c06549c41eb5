/*
 * mrt_int.h - what mrt.c (records) and mrt_attr.c (BGP messages and path
 * attributes) share: the reader's state and the byte helpers.  Not for
 * other modules: they use mrt.h.
 */
#ifndef DEPEER_MRT_INT_H
#define DEPEER_MRT_INT_H

#include <stdint.h>

#include "mrt.h"

struct zread;

static inline uint32_t
be16(const unsigned char *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static inline uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* What the current record hands out. */
enum { RK_NONE, RK_RIB, RK_UPDATE };

/* A list of prefixes still to hand out, as they lie in the record. */
struct mrt_plist {
	const unsigned char *p, *end;
	int		 family;	/* AF_INET, AF_INET6 */
	int		 safi;
};

struct mrt_peer {
	struct ipnet	 ip;
	uint32_t	 as;
};

/* A counted note (mrt_note()). */
struct mrt_notecount {
	uint32_t	 key;
	uint64_t	 n, off;
	char		 what[160];
};

struct mrt_reader {
	struct zread	*z;
	char		*name;
	mrt_warn_fn	*warn;
	void		*warn_arg;
	struct mrt_stats st;
	int		 done;		/* 1 at the end, -1 failed */
	struct dp_err	 fail;
	int64_t		 first_time;
	int		 have_first;
	char		 sha[65];

	/* The decompressed stream: buf[pos .. len) unread; buf[0] is at
	   stream offset base. */
	unsigned char	*buf;
	size_t		 cap, pos, len, consumed;
	uint64_t	 base;
	int		 eof;

	/* The current record: its body (after the 12- or 16-byte header). */
	const unsigned char *rec;
	uint32_t	 rlen;
	size_t		 hdrlen;
	uint64_t	 roff;
	unsigned	 type, subtype;
	uint32_t	 time, usec;
	int		 has_usec;
	int		 kind;		/* RK_* */
	const unsigned char *cur;	/* RK_RIB: the next entry */

	/* TABLE_DUMP_V2 */
	struct mrt_peer	*peers;
	size_t		 npeers, peercap;
	int		 have_peers;
	struct ipnet	 rib_prefix;
	int		 rib_v6, rib_addpath;
	unsigned	 rib_left, rib_count;

	/* BGP4MP UPDATE: its lists (0 withdrawn, 1 MP_UNREACH_NLRI, 2 NLRI,
	   3 MP_REACH_NLRI), handed out in that order. */
	struct mrt_plist lists[4];
	int		 li;
	int		 upd_addpath;
	const char	*upd_source;
	struct ipnet	 upd_peer_ip;
	uint32_t	 upd_peer_as;

	/* The attributes of the current entry or UPDATE. */
	struct mrt_attrs attrs;
	int		 has_nh, has_mp_nh;
	struct ipnet	 nh, mp_nh;
	uint32_t	*path, *path4;
	size_t		 npath, pathcap, npath4, path4cap;
	struct mrt_seg	*segs, *segs4;
	size_t		 nsegs, segcap, nsegs4, seg4cap;
	int		 path_has_set;

	struct mrt_notecount notes[32];
	size_t		 nnotes;
};

void	mrt_warn(struct mrt_reader *r, uint64_t off, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
void	mrt_note(struct mrt_reader *r, uint32_t key, uint64_t off,
	    const char *what);
/* At the end: each counted note's total, when it came more than once. */
void	mrt_notes_summary(struct mrt_reader *r);
uint64_t mrt_off(const struct mrt_reader *r, const unsigned char *p);
void	mrt_addr(struct ipnet *n, int family, const unsigned char *p);
void	mrt_prefix(struct mrt_reader *r, struct ipnet *n, int family,
	    unsigned plen, const unsigned char *p);

/* BGP4MP subtypes: whether one holds a BGP message (else a state
   change), with 4-byte AS numbers, sent by the collector, with ADD-PATH. */
int	mrt_bgp4mp_message(unsigned subtype);
int	mrt_bgp4mp_as4(unsigned subtype);

/*
 * The path attributes p[0 .. n) into r->attrs, r->path, r->segs and the
 * next hops: as4 whether AS numbers are 4 bytes; rib whether they come
 * from a RIB entry (an MP_REACH_NLRI there may be abbreviated to its next
 * hop, and its prefixes are not wanted); addpath whether MP prefixes
 * carry path identifiers.  Damage is warned about and skipped.
 */
void	mrt_attrs_parse(struct mrt_reader *r, const unsigned char *p,
	    size_t n, int as4, int rib, int addpath);
/* e's path, attrs and (for RIB entries, rib 1) next hop from r. */
void	mrt_fill_path(struct mrt_reader *r, struct mrt_elem *e, int rib);
/* A BGP4MP record: 1 with a state change in *e; 0 (an UPDATE's elements
   then come from mrt_update_next(), kind RK_UPDATE). */
int	mrt_bgp4mp_start(struct mrt_reader *r, struct mrt_elem *e);
int	mrt_update_next(struct mrt_reader *r, struct mrt_elem *e);

#endif
