/*
 * logline.h - the lines of a connection log (a spamtrap's, a sinkhole's,
 * a web server's): a time and a source address each, read at line rate
 * for "depeer attribute".
 *
 * Two layouts, decided by the first line that is not blank or a comment
 * (a line whose first non-blank byte is '#'):
 *
 *   blank-separated  "TIME ADDRESS [more fields...]": fields split on
 *                    spaces and tabs; what follows the address is
 *                    ignored.  A first line whose first field holds no
 *                    digit is a header and skipped.
 *   CSV              the first line holds a comma.  If its first field
 *                    holds no digit it is a header naming the columns:
 *                    the time column is the first named "time",
 *                    "timestamp", "ts", "unixtime" or "date"; the address
 *                    column the first named "address", "addr", "ip",
 *                    "src", "src_ip", "source_ip", "source", "client",
 *                    "client_ip", "remote_addr" or "ip_address" (any
 *                    case, double quotes allowed).  A header naming
 *                    neither is refused (logline_header_error()).  With
 *                    no header, the time is the first column and the
 *                    address the second.  Fields may be double-quoted
 *                    (RFC 4180, "" inside for a quote); a quoted field
 *                    cannot span lines.
 *
 * A line may end in CR LF.  TIME is Unix seconds (digits, an optional
 * fraction after '.', which is dropped: the second it falls in) or an
 * RFC 3339 time "YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)" ('T' and
 * 'Z' in either case; a leap second :60 counts in second :59, so that it
 * stays in its minute); years 1970 to 9999.  ADDRESS is a strict IPv4
 * dotted quad (four decimal octets, no leading zeros: no inet_aton(3)
 * forms like "10.1" or "012.1.1.1") or an IPv6 address as inet_pton(3)
 * reads it, without a zone or brackets.  An IPv4-mapped IPv6 address
 * (::ffff:a.b.c.d, what a dual-stack listening socket logs for an IPv4
 * client) is the IPv4 address a.b.c.d.
 *
 * Parser layer: bytes in, typed records out; no I/O, no allocation.
 */
#ifndef DEPEER_LOGLINE_H
#define DEPEER_LOGLINE_H

#include <stddef.h>
#include <stdint.h>

/* The longest line read; a longer one is malformed. */
#define LOGLINE_MAX	65536
/* The latest time read: 9999-12-31T23:59:59Z. */
#define LOGLINE_TMAX	253402300799LL

/* What logline_parse() found on a line. */
enum logline_kind {
	LOGLINE_V4,		/* a time and an IPv4 address */
	LOGLINE_V6,		/* a time and an IPv6 address */
	LOGLINE_SKIP,		/* blank, a comment or the header */
	LOGLINE_BAD,		/* malformed: why says how */
	LOGLINE_BADHEADER	/* a CSV header with no time or address
				   column: nothing else can be read */
};

/* The layout of one input, learnt from its first data line. */
struct logline_fmt {
	int		 decided;	/* the first data line was seen */
	int		 csv;
	int		 tcol, acol;	/* CSV: the columns (from 0) */
	int		 maxcol;	/* the greater of the two */
};
#define LOGLINE_FMT_INIT	{ 0, 0, 0, 1, 1 }

/* A line read. */
struct logline {
	int64_t		 t;		/* Unix seconds */
	uint32_t	 v4;		/* LOGLINE_V4: host byte order */
	uint8_t		 v6[16];	/* LOGLINE_V6: network byte order */
};

/*
 * Read the line s[0..n) (without its '\n') under fmt, which the first
 * data line decides (and a header line then sets).  Returns the kind;
 * for LOGLINE_V4 and LOGLINE_V6, *out is filled; for LOGLINE_BAD and
 * LOGLINE_BADHEADER, *why is a static string saying why.
 */
enum logline_kind logline_parse(struct logline_fmt *fmt, const char *s,
	    size_t n, struct logline *out, const char **why);

/*
 * The same, faster, when the LOGLINE_PAD bytes after s[n] can be read
 * (the next line's, or padding after the buffer): what they hold does
 * not change the result.
 */
#define LOGLINE_PAD	4
enum logline_kind logline_parse_pad(struct logline_fmt *fmt, const char *s,
	    size_t n, struct logline *out, const char **why);

/*
 * The pieces, for other readers and the tests: a time field s[0..n)
 * (0 with *t, -1), a strict IPv4 address (0 with *v4 in host order,
 * -1) and any address (LOGLINE_V4 or LOGLINE_V6 as above, or -1).
 */
int	logline_time(const char *s, size_t n, int64_t *t);
int	logline_ipv4(const char *s, size_t n, uint32_t *v4);
int	logline_addr(const char *s, size_t n, struct logline *out);

#endif
