/*
 * mrt.h - MRT routing dumps (RFC 6396) read element by element: one RIB
 * entry, one announced or withdrawn prefix, one peer state change at a
 * time.
 *
 * Read: TABLE_DUMP (v1, and the 4-byte-AS subtypes bgpdump writes),
 * TABLE_DUMP_V2 (PEER_INDEX_TABLE, RIB_IPV4/IPV6_UNICAST and the RFC 8050
 * ADD-PATH subtypes; the multicast RIBs, RIB_GENERIC and
 * RIB_GENERIC_ADDPATH are skipped with a warning), BGP4MP and BGP4MP_ET
 * (MESSAGE, MESSAGE_AS4, STATE_CHANGE, STATE_CHANGE_AS4, the *_LOCAL and
 * *_ADDPATH subtypes), with the BGP UPDATE attributes: AS_PATH (2- or
 * 4-byte, by subtype; AS4_PATH merged as RFC 6793 says), MP_REACH_NLRI
 * and MP_UNREACH_NLRI (also the abbreviated form of RIB entries),
 * NEXT_HOP, ORIGIN, LOCAL_PREF, MULTI_EXIT_DISC, COMMUNITIES,
 * ATOMIC_AGGREGATE, AGGREGATOR and AS4_AGGREGATOR.  The file is read
 * through zread.h (gzip, bzip2, zstd or plain).
 *
 * Problems inside the file (a truncated record, a declared length that is
 * wrong, an unknown type, a bad attribute or prefix) go to the warn
 * callback with the byte offset in the decompressed stream, and are
 * recovered from as depeer-bgp(1) DAMAGED FILES documents; never a crash
 * or a hang.
 *
 * Parser layer: reads its file, prints nothing, knows no database.  Made
 * for speed: a record is parsed where it lies in one reused buffer, and
 * nothing is allocated per element.
 */
#ifndef DEPEER_MRT_H
#define DEPEER_MRT_H

#include <stddef.h>
#include <stdint.h>

#include "ipnet.h"
#include "util.h"

enum mrt_elem_type { MRT_RIB, MRT_ANNOUNCE, MRT_WITHDRAW, MRT_STATE };

/* AS_PATH segment types (RFC 4271, RFC 5065). */
#define MRT_AS_SET		1
#define MRT_AS_SEQUENCE		2
#define MRT_AS_CONFED_SEQUENCE	3
#define MRT_AS_CONFED_SET	4

/* One segment of an AS path: members path[start .. start + count). */
struct mrt_seg {
	uint8_t		 type;		/* MRT_AS_* */
	uint32_t	 start, count;
};

/*
 * The path attributes of a RIB entry or an UPDATE besides the AS path
 * (struct mrt_elem has that): what "bgp dump" prints.  A has_* flag is
 * set when the attribute was there and well formed.
 */
struct mrt_attrs {
	int		 origin;	/* 0 IGP, 1 EGP, 2 INCOMPLETE; -1 none */
	int		 has_local_pref, has_med;
	uint32_t	 local_pref, med;
	/* COMMUNITIES: ncommunities values of 4 bytes each, big-endian, as
	   they are in the file (decoded when printed, never copied). */
	const unsigned char *communities;
	size_t		 ncommunities;
	int		 atomic_aggregate;
	int		 has_aggregator;	/* AS4_AGGREGATOR applied */
	uint32_t	 aggregator_as;
	unsigned char	 aggregator_addr[4];
	/* The AS path's segments, over struct mrt_elem's path. */
	const struct mrt_seg *segs;
	size_t		 nsegs;
	int		 path_error;	/* an AS_PATH that could not be read
					   (the path is then empty) */
};

struct mrt_elem {
	enum mrt_elem_type type;
	const char	*source;	/* bgpdump's name: "TABLE_DUMP",
					   "TABLE_DUMP2", "TABLE_DUMP2_AP",
					   "BGP4MP", "BGP4MP_ET", and for
					   messages the collector sent or
					   with ADD-PATH "BGP4MP_LOCAL",
					   "BGP4MP_AP", "BGP4MP_ET_LOCAL",
					   "BGP4MP_ET_AP", "BGP4MP_LOCAL_AP",
					   "BGP4MP_ET_LOCAL_AP" */
	int64_t		 time;		/* seconds (RIB: the dump record's
					   time, as bgpdump -m prints it) */
	uint32_t	 usec;		/* BGP4MP_ET, else 0 */
	int		 has_usec;	/* the record had the extended
					   timestamp (BGP4MP_ET) */
	struct ipnet	 peer_ip;	/* the vantage point: plen 32/128 */
	uint32_t	 peer_as;
	struct ipnet	 prefix;	/* RIB / ANNOUNCE / WITHDRAW */
	int		 safi;		/* 1 unicast, 2 multicast */
	int		 has_path_id;
	uint32_t	 path_id;	/* ADD-PATH */
	/* AS path: the AS numbers in order, AS_SEQUENCE segments flattened;
	   AS_SET / AS_CONFED_* members included and flagged. */
	const uint32_t	*path;
	size_t		 npath;
	int		 path_has_set;	/* an AS_SET or confederation segment */
	const struct mrt_attrs *attrs;	/* the rest; NULL for WITHDRAW and
					   STATE */
	/* RIB / ANNOUNCE: the next hop bgpdump prints: the MP_REACH_NLRI
	   one when the prefix came from it or (RIB) there is one, its
	   global address of a global and link-local pair; else the
	   NEXT_HOP attribute.  has_next_hop 0: neither. */
	int		 has_next_hop;
	struct ipnet	 next_hop;
	int		 old_state, new_state;	/* MRT_STATE */
	uint64_t	 offset;	/* the record's offset in the
					   decompressed stream */
};
/* The element's pointers are valid until the next mrt_next(). */

struct mrt_stats {
	uint64_t	 records;	/* MRT records read */
	uint64_t	 elems;		/* elements returned */
	uint64_t	 skipped;	/* records skipped (unknown, damaged) */
	uint64_t	 warnings;
	int		 truncated;	/* the file ended inside a record or
					   inside its compression */
	int		 stopped;	/* reading stopped at a record that
					   could not be measured (a length
					   past any sane size) */
};

struct mrt_reader;
/*
 * A problem in the file at offset (in the decompressed stream); msg is a
 * complete sentence fragment ("record of type 99 skipped"), valid during
 * the call.
 */
typedef void mrt_warn_fn(void *arg, uint64_t offset, const char *msg);

/*
 * Open path (as zread_open(): "-" is standard input) for reading.  Returns
 * 0 with *out set (free with mrt_close()), or an exit status with err set.
 */
int	mrt_open(const char *path, struct mrt_reader **out, struct dp_err *err);
/* Where warnings go (fn NULL: nowhere, only counted). */
void	mrt_set_warn(struct mrt_reader *r, mrt_warn_fn *fn, void *arg);
/*
 * The next element: 1 with *e filled; 0 at the end of the file (after a
 * truncated or damaged end too: see mrt_stats()); -1 when reading cannot
 * go on: err set (DP_EX_DATAERR: not MRT at all, corrupt compressed
 * data; DP_EX_IOERR: a read error).
 */
int	mrt_next(struct mrt_reader *r, struct mrt_elem *e, struct dp_err *err);
const struct mrt_stats *mrt_stats(const struct mrt_reader *r);
/* The time of the first record (0 before it is read). */
int64_t	mrt_first_time(const struct mrt_reader *r);
/* After the end: the SHA-256 of the file's raw bytes, 64 hex digits;
   valid until mrt_close(). */
const char *mrt_file_sha256(struct mrt_reader *r);
/* The raw (compressed) bytes read so far. */
uint64_t mrt_file_size(const struct mrt_reader *r);
/* "gzip", "bzip2", "zstd" or "none". */
const char *mrt_file_format(const struct mrt_reader *r);
void	mrt_close(struct mrt_reader *r);

#endif
