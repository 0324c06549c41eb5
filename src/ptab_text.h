/*
 * ptab_text.h - the text formats of prefix-to-origin tables, one line at
 * a time: bytes in, prefixes with their origin ASes out.
 *
 *   ipasn     pyasn's IPASN-DAT: "PREFIX<TAB>ASN", ";" comment lines.  A
 *             multi-origin prefix as pyasn writes one with sets kept
 *             ("{3356, 174}"), or "3356_174" / "3356,174".
 *   pfx2as    CAIDA's RouteViews prefix-to-AS: "ADDR<TAB>LEN<TAB>ASN",
 *             ASN with "_" between the origins of a multi-origin prefix
 *             and "," between the members of an AS set; every one kept.
 *   iptoasn   iptoasn.com's TSV: "FIRST<TAB>LAST<TAB>ASN<TAB>COUNTRY<TAB>
 *             DESCRIPTION", a range of addresses split into the fewest
 *             prefixes that cover it exactly; ASN 0 is iptoasn's "not
 *             routed" and gives no prefix (counted apart).
 *   canonical depeer's own listing, what the case stores and hashes:
 *             "PREFIX<TAB>ASN[,ASN...]\n", the origins sorted, the
 *             prefixes IPv4 first then IPv6, each in address order and
 *             shorter first (ipnet_compare()), no comments.
 *
 * IPv4 and IPv6 in all of them.  Blank lines are skipped; a line of
 * another shape is malformed and says why (the caller counts it and
 * reports the first line numbers).
 *
 * Parser layer: no I/O, no database.
 */
#ifndef DEPEER_PTAB_TEXT_H
#define DEPEER_PTAB_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "ipnet.h"

enum ptab_format {
	PTAB_FMT_UNKNOWN,
	PTAB_FMT_IPASN,
	PTAB_FMT_PFX2AS,
	PTAB_FMT_IPTOASN,
	PTAB_FMT_MRT,
	PTAB_FMT_CANONICAL,
};

/* "ipasn", "pfx2as", "iptoasn", "mrt", "canonical" (NULL for unknown). */
const char *ptab_format_name(enum ptab_format f);
/* The format named s (one of the user-facing four: ipasn, pfx2as,
   iptoasn, mrt), or PTAB_FMT_UNKNOWN. */
enum ptab_format ptab_format_from_name(const char *s);

/*
 * The format of a table from its first (decompressed) bytes buf[0..n):
 *   - MRT when the first 12 bytes are an MRT common header whose type is
 *     TABLE_DUMP (12), TABLE_DUMP_V2 (13), BGP4MP (16) or BGP4MP_ET (17)
 *     and whose length is plausible (binary, so it is checked first; the
 *     MRT import refuses updates, which are not a table);
 *   - else the first line that is neither blank nor a ";" or "#"
 *     comment decides: two tab-separated fields, the first with a "/":
 *     ipasn; three fields, the second a prefix length: pfx2as; five
 *     fields (or more), the first two addresses: iptoasn;
 *   - else PTAB_FMT_UNKNOWN (the caller asks for --format).
 * A comment line starting with "; IP-ASN" also says ipasn.
 */
enum ptab_format ptab_format_detect(const unsigned char *buf, size_t n);

/* Called with each prefix a line gives and its origins (sorted,
   distinct, n >= 1). */
typedef void ptab_emit_fn(void *arg, const struct ipnet *p,
	    const uint32_t *asns, size_t n);

/* What ptab_text_line() made of a line. */
enum ptab_line {
	PTAB_LINE_ENTRY,	/* one or more prefixes emitted */
	PTAB_LINE_SKIP,		/* blank or comment */
	PTAB_LINE_UNROUTED,	/* iptoasn's ASN 0 */
	PTAB_LINE_BAD,		/* malformed: *why says how */
};

/*
 * Parse one line s[0..n) (without its newline; a trailing CR is ignored)
 * in format f (not MRT) and hand each prefix to emit.  *why (on
 * PTAB_LINE_BAD) is a static string: "no tab", "bad prefix", "bad
 * ASN", ...
 */
enum ptab_line ptab_text_line(enum ptab_format f, const char *s, size_t n,
	    ptab_emit_fn *emit, void *arg, const char **why);

/*
 * The canonical line of p with origins asns[0..n) (sorted) into buf
 * (at least PTAB_LINE_MAX bytes), with its newline; returns its length.
 */
#define PTAB_LINE_MAX	(IPNET_STRLEN + 12 * 64)
size_t	ptab_canonical_line(const struct ipnet *p, const uint32_t *asns,
	    size_t n, char *buf, size_t len);

/*
 * A date in a table's file name, as the archives name them: the first
 * run of exactly eight digits that is a valid YYYYMMDD from 1990 on
 * ("ipasn_20140513.dat", "rib.20140523.0600.bz2",
 * "routeviews-rv2-20140513-1200.pfx2as.gz"), with the time of day when
 * four digits HHMM follow after one '.', '-' or '_'.  Only the file
 * name is read (not the folders).  0 with *t set (UTC seconds), or -1.
 */
int	ptab_date_from_name(const char *path, int64_t *t);

#endif
