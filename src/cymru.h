/*
 * cymru.h - Team Cymru's IP-to-ASN mapping service over whois (port 43):
 * the bulk query text, and parsers for the pipe-separated tables it
 * answers with.  Pure functions over the bytes of one answer; the
 * network client sends the query and keeps the raw answer as a source.
 *
 * The servers and what they answer (columns are padded with spaces,
 * shortened here; a row is one line):
 *
 *   whois.cymru.com, "-v 128.252.0.1" or bulk "begin/verbose/.../end":
 *     AS | IP | BGP Prefix | CC | Registry | Allocated | AS Name
 *     2552 | 128.252.0.1 | 128.252.0.0/16 | US | arin | 1987-06-03 |
 *         WUSTL-ASN, US
 *   the same without -v ("AS | IP | AS Name"), or for "AS2552" queries:
 *     AS | CC | Registry | Allocated | AS Name
 *   an address with no route:
 *     NA | 10.0.0.1 | NA |  | other |  | NA
 *   v4-peer.whois.cymru.com / v6-peer (the ASNs seen next to the origin
 *   in BGP paths, i.e. its observed neighbours, usually its upstreams):
 *     PEER_AS | IP | AS Name
 *     3356 | 128.252.0.1 | LEVEL3, US
 *
 * The first column may hold several ASNs separated by spaces (a prefix
 * with several origins, or several peers).  Bulk answers start with
 * "Bulk mode; whois.cymru.com [2024-10-15 05:46:42 +0000]" and have no
 * column header unless asked; the whois(1) client may add lines such as
 * "Warning: RIPE flags used with a traditional server."; a line the
 * server did not understand comes back as "Error: no ASN or IP match on
 * line 3.".  Lines without a '|', and lines starting with "Bulk mode;",
 * "Error:", "Warning:", '%' or '#', are skipped.
 */
#ifndef DEPEER_CYMRU_H
#define DEPEER_CYMRU_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* Longest query item cymru_bulk_query() accepts, in bytes. */
#define CYMRU_ITEM_MAX	64

/*
 * One table row.  Strings are NUL-terminated UTF-8 as the server wrote
 * them, padding removed; a column that is absent, empty or "NA" is NULL
 * (except cc: "NA" is Namibia unless the row is an "NA" row).  Invalid
 * UTF-8 and control characters are replaced with U+FFFD, so a hostile AS
 * name cannot carry terminal escape sequences.
 */
struct cymru_row {
	char		*ip;		/* address as echoed ("74.125.225.229");
					   NULL in an AS-number row */
	uint32_t	*asns;		/* origin (or peer) ASNs; NULL if na */
	size_t		 nasns;
	char		*prefix;	/* BGP prefix (val_cidr() checked) */
	char		*cc;		/* "US" */
	char		*rir;		/* "arin", "ripencc", "apnic", "lacnic",
					   "afrinic", "other" */
	char		*allocated;	/* "2007-03-13" */
	char		*as_name;	/* "GOOGLE, US" */
	int		 na;		/* 1: the address has no route ("NA") */
};

/*
 * The text to send to whois.cymru.com for a bulk verbose lookup:
 * "begin\r\nverbose\r\n<item>\r\n...end\r\n".  Items are addresses or
 * "AS26780" (the server answers AS-name rows for those).  Returns NULL
 * when an item is empty, longer than CYMRU_ITEM_MAX, or holds anything
 * but letters, digits, '.' and ':', since a space or line break
 * would inject a server option or end the session; else a string the
 * caller frees.  n may be 0 (an empty bulk session).
 */
char	*cymru_bulk_query(const char *const *addrs, size_t n);
/*
 * The same as one WHOIS request: without the final line end, which the
 * network loop adds to every query (net_req.query); this is also the
 * query stored with the answer.  NULL as for cymru_bulk_query().
 */
char	*cymru_bulk_request(const char *const *addrs, size_t n);

/*
 * Parse an origin answer (any of the forms above: bulk or single,
 * verbose or not, IP rows or AS rows).  A column header, when present,
 * decides the meaning of the columns; without one the column count does
 * (7: verbose IP row, 5: AS row, 3: AS | IP | AS Name, 2: AS | IP).  An
 * AS name with a '|' in it keeps the extra columns.
 *
 * On success *rows (caller frees with cymru_rows_free()) and *n receive
 * the rows in answer order (*rows is NULL when *n is 0) and 0 is
 * returned.  A row that cannot be read (a bad ASN, address or prefix, a
 * column count that fits no form) or a peer-server header fails the
 * whole answer with DP_EX_PROTOCOL and a message naming the line.
 */
int	cymru_parse(const char *text, size_t len, struct cymru_row **rows,
	    size_t *n, struct dp_err *err);
void	cymru_rows_free(struct cymru_row *rows, size_t n);
/* A deep copy of src into dst (released by cymru_rows_free()). */
void	cymru_row_copy(struct cymru_row *dst, const struct cymru_row *src);

/*
 * Parse a v4-peer/v6-peer answer into the distinct peer ASNs in
 * ascending order (*peers is NULL when *n is 0; the caller frees it).
 * An answer whose header names the first column "AS" (an origin answer,
 * not a peer answer) is refused, as cymru_parse() refuses a peer answer.
 */
int	cymru_parse_peers(const char *text, size_t len, uint32_t **peers,
	    size_t *n, struct dp_err *err);

#endif
