/*
 * ripestat.h - the RIPEstat Data API (https://stat.ripe.net/data/<call>/
 * data.json?resource=...): request URLs, and parsers over the body of one
 * answer for the calls depeer uses to find origins, upstreams and abuse
 * contacts.  Pure functions; the HTTP client fetches and keeps the body.
 *
 * Every answer is an envelope:
 *   {"status": "ok", "status_code": 200, "data_call_name": "asn-neighbours",
 *    "messages": [["info", "..."], ["warning", "..."]], "data": {...}, ...}
 * Each parser checks it the same way: the body must be a JSON object with
 * "status" "ok" (status_code, when given, 200) and an object "data", and
 * when it names its data call, the call the parser reads.  A "status"
 * other than "ok" fails with the server's error message: DP_EX_TEMPFAIL
 * for status_code 429 and 5xx (try later), else DP_EX_PROTOCOL, as are
 * all envelope faults.  The messages come back as notes, "warning: Latest
 * available results are 29 hours old.", to be kept with the facts.
 *
 * Inside "data", what a fact needs is required (its absence or a wrong
 * JSON type fails the answer with DP_EX_PROTOCOL); an element of a list
 * that cannot be read is left out with a note saying so; unknown members
 * are ignored.  Strings are UTF-8 (jansson refuses anything else) with
 * control characters replaced by U+FFFD.  AS numbers are accepted as
 * JSON integers or strings ("3333", "AS3333"); times are RIPEstat's UTC
 * "2019-11-15T00:00:00", read into Unix seconds.
 */
#ifndef DEPEER_RIPESTAT_H
#define DEPEER_RIPESTAT_H

#include <stddef.h>
#include <stdint.h>

#include "regrec.h"
#include "util.h"

#define RIPESTAT_BASE	"https://stat.ripe.net/data/"

/*
 * The URL of a data call: base (NULL for RIPESTAT_BASE; a '/' is added
 * if it lacks one) + call + "/data.json?resource=" + resource, then
 * "&sourceapp=" + sourceapp unless that is NULL (RIPEstat asks regular
 * users to name themselves).  call, resource and sourceapp are
 * percent-encoded (RFC 3986: all but A-Z a-z 0-9 - . _ ~), so
 * "193.0.0.0/21" becomes "193.0.0.0%2F21".  Returns NULL when call is
 * NULL or empty or resource is NULL; else a string the caller frees.
 */
char	*ripestat_url(const char *base, const char *call,
	    const char *resource, const char *sourceapp);
/* Append "&key=value" (both encoded) to a URL from ripestat_url(). */
void	ripestat_url_param(char **url, const char *key, const char *value);

/*
 * asn-neighbours: the ASNs seen next to the queried one in RIS AS paths.
 * "left" neighbours are closer to the RIS peers than the queried AS, so
 * for an origin they are its upstreams (or peers); "right" ones are its
 * customers.  RIPEstat flags a left neighbour "uncertain" when it was
 * only seen as a direct RIS peer, since the RIS session itself could be
 * what makes it look like a neighbour.
 */
enum rs_side {
	RS_LEFT,
	RS_RIGHT,
	RS_UNCERTAIN,
};

struct rs_neighbour {
	uint32_t	 asn;
	enum rs_side	 side;
	/* The number of AS paths with this neighbour on this side
	   ("power" in v3, details.path_count in v4.1); -1 if not given
	   (lod=0). */
	long		 power;
	long		 v4_peers;	/* RIS peers seeing it; -1: unknown */
	long		 v6_peers;
	/* 1: the ASN is listed (or its paths show it) left and right of
	   the queried AS: a sibling or a path artefact, not clearly an
	   upstream. */
	int		 both_sides;
};

struct rs_neighbours {
	char		*version;	/* of the data call: "3.2", "4.1" */
	uint32_t	 resource;	/* the queried ASN, 0 if not stated */
	/* data.neighbour_counts as given, -1 where absent; a note says
	   when the list holds fewer (a trimmed or truncated answer). */
	long		 count_left, count_right, count_uncertain;
	long		 count_unique;
	int		 has_query_time;
	int64_t		 query_time;	/* the RIS snapshot answered */
	struct rs_neighbour *v;		/* in answer order */
	size_t		 n;
	char		**notes;
	size_t		 nnotes;
};

/*
 * Parse an asn-neighbours answer into *out (overwritten on success;
 * release it with rs_neighbours_release()).  Reads the current schema
 * (version 3.x: neighbours[] with "type" and, at lod=1, "power",
 * "v4_peers", "v6_peers") and the old one (4.1, 2011-2021: "position"
 * and details.peer_count/path_count/paths[].path).  When neither "type"
 * nor "position" is given the side is taken from the paths; an unknown
 * side is taken as RS_UNCERTAIN with a note.
 */
int	ripestat_parse_neighbours(const char *text, size_t len,
	    struct rs_neighbours *out, struct dp_err *err);
void	rs_neighbours_release(struct rs_neighbours *n);

/*
 * abuse-contact-finder: *out (overwritten on success) gets each address
 * of data.abuse_contacts as a ROLE_ABUSE contact via
 * "ripestat:abuse-contact-finder" (an entry that is no e-mail address is
 * left out with a note), source = data.authoritative_rir ("ripe"), the
 * queried resource (data.parameters.resource) as the record's range
 * (REG_NET) or AS number (REG_AUTNUM), and the messages as notes.
 */
int	ripestat_parse_abuse(const char *text, size_t len,
	    struct reg_record *out, struct dp_err *err);

/*
 * prefix-overview: *out (overwritten on success) is a REG_NET record for
 * data.resource with source "ripestat", origins = data.asns[].asn (in
 * answer order, at most 1000), org = the holder of the first origin AS
 * (RIPEstat names the AS holder, which is usually but not always the
 * address holder; other holders become notes), and notes for the IANA
 * block ("block 193.0.0.0/8: RIPE NCC (Status: ALLOCATED)") and for a
 * prefix RIS does not see announced.
 */
int	ripestat_parse_prefix_overview(const char *text, size_t len,
	    struct reg_record *out, struct dp_err *err);

/* A route as routing-status names it. */
struct rs_route_origin {
	char		*prefix;
	uint32_t	 origin;
};

/* first_seen / last_seen: present only if RIS ever saw the resource. */
struct rs_seen {
	int		 present;
	char		*prefix;	/* NULL if not given */
	uint32_t	 origin;	/* 0 if not given */
	int		 has_time;
	int64_t		 time;
};

struct rs_routing_status {
	char		*resource;	/* as RIPEstat echoes it */
	int		 has_query_time;
	int64_t		 query_time;
	struct rs_seen	 first_seen, last_seen;
	int		 has_visibility;
	/* Full-table RIS peers seeing the resource, and all of them; -1
	   if not given. */
	long		 v4_seeing, v4_total;
	long		 v6_seeing, v6_total;
	long		 observed_neighbours;	/* AS queries; else -1 */
	uint32_t	*origins;	/* prefix queries: origin ASes of the
					   exact prefix now */
	size_t		 norigins;
	struct rs_route_origin *less_specifics, *more_specifics;
	size_t		 nless, nmore;
	char		**notes;
	size_t		 nnotes;
};

/*
 * Parse a routing-status answer (prefix, address or AS query) into *out
 * (overwritten on success; release with rs_routing_status_release()).
 * Every part is optional, what the answer lacks stays absent, but data
 * must hold one of visibility, first_seen, last_seen, origins or
 * announced_space (else it is another call's answer: DP_EX_PROTOCOL).
 * No command calls it yet: it is kept for the planned "watch" command.
 */
int	ripestat_parse_routing_status(const char *text, size_t len,
	    struct rs_routing_status *out, struct dp_err *err);
void	rs_routing_status_release(struct rs_routing_status *s);

/* One route a RIS collector has, from looking-glass. */
struct rs_lg_route {
	char		*rrc;		/* "RRC00" */
	char		*peer;		/* the RIS peer's address */
	char		*prefix;	/* "140.78.0.0/16" */
	uint32_t	 origin;	/* asn_origin, else the path's last AS;
					   0 if neither */
	uint32_t	*path;		/* AS_PATH, peer first, as given
					   (prepending kept) */
	size_t		 npath;
	int		 has_set;	/* the path had an AS_SET ("{1,2}"),
					   which is left out of path */
};

struct rs_looking_glass {
	int		 has_query_time;
	int64_t		 query_time;
	struct rs_lg_route *v;
	size_t		 n;
	char		**notes;
	size_t		 nnotes;
};

/*
 * Parse a looking-glass answer (data.rrcs[].peers[]: as_path as a string
 * "34854 6939 1853 1853 1205" or an array) into *out (overwritten on
 * success; release with rs_looking_glass_release()).
 * No command calls it yet: it is kept for the planned "watch" command.
 */
int	ripestat_parse_looking_glass(const char *text, size_t len,
	    struct rs_looking_glass *out, struct dp_err *err);
void	rs_looking_glass_release(struct rs_looking_glass *lg);

/*
 * The upstream of origin on one AS path: the AS just left of it once
 * the origin's own prepending is skipped ("34854 6939 1853 1853 1205",
 * origin 1205: 1853; "... 1853 1205 1205": 1853 as well).  Returns 0 and
 * sets *up, or -1 when the path does not end in origin or has no other
 * AS (a RIS peer that is the origin itself).
 * No command calls it yet: it is kept for the planned "watch" command.
 */
int	rs_path_upstream(const uint32_t *path, size_t n, uint32_t origin,
	    uint32_t *up);

/* ---- announced-prefixes ---- */

/* One period a prefix was seen announced (RIS dumps: 8-hour steps). */
struct rs_timeline {
	int64_t		 start, end;
};

struct rs_announced_prefix {
	char		*prefix;	/* "194.226.28.0/24", as given */
	struct rs_timeline *t;		/* in answer order */
	size_t		 nt;
};

struct rs_announced {
	char		*resource;	/* as RIPEstat echoes it, or NULL */
	int		 has_end;
	int64_t		 query_start, query_end;	/* the window asked
					   about; query_end is "now" */
	struct rs_announced_prefix *v;	/* in answer order */
	size_t		 n;
	char		**notes;
	size_t		 nnotes;
};

/*
 * announced-prefixes: the prefixes an AS originated during the query
 * window (data.prefixes[] with prefix and timelines[] of starttime /
 * endtime), into *out (overwritten on success; release with
 * rs_announced_release()).  data.prefixes must be a list (else
 * DP_EX_PROTOCOL); a prefix that is not a CIDR prefix, or a timeline
 * without both times, is left out with a note.  RIPEstat leaves out
 * routes seen by fewer than 10 RIS peers, and says so in its messages
 * (kept as notes).
 */
int	ripestat_parse_announced(const char *text, size_t len,
	    struct rs_announced *out, struct dp_err *err);
void	rs_announced_release(struct rs_announced *a);
/*
 * 1 when prefix p of a is announced at the end of the window: one of
 * its timelines reaches query_end (RIPEstat ends the timeline of a
 * prefix still announced at the window's end; a withdrawn one ends
 * earlier).  Without a query_end, any timeline counts.
 */
int	rs_announced_now(const struct rs_announced *a,
	    const struct rs_announced_prefix *p);

#endif
