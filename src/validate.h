/*
 * validate.h - parsing and validation of the values researchers type:
 * AS numbers, IP addresses, CIDR prefixes, domain names, URLs, times,
 * country codes, evidence kinds, and free text.  It includes utf8.h
 * (UTF-8 checks, the cleaning of text from servers) and ipnet.h for the
 * files that took them from here.
 *
 * Every parser takes a NUL-terminated string, writes its result only on
 * success, and on failure fills err (code DP_EX_DATAERR) with a message that
 * quotes the bad value and says what is wrong, then returns that code.
 * Nothing here allocates unless it says so.  Addresses and prefixes are
 * ipnet.h's; val_ip() and val_cidr() add the messages to its strict rules.
 */
#ifndef DEPEER_VALIDATE_H
#define DEPEER_VALIDATE_H

#include <stddef.h>
#include <stdint.h>

#include "ipnet.h"
#include "utf8.h"
#include "util.h"

/* Length of an RFC 3339 UTC time as fmt_time() writes it, with NUL. */
#define TIME_STRLEN	32

/*
 * AS number: "26780", "AS26780", "as26780", or asplain's asdot form
 * "1.10" (RFC 5396) meaning 65546.  Range 1..4294967295; AS0 (RFC 7607) is
 * refused.
 */
int	val_asn(const char *s, uint32_t *out, struct dp_err *err);

/*
 * A single IPv4 or IPv6 address (no prefix length, no zone index, no
 * leading zeros in IPv4 octets).  Result has plen 32 or 128.
 */
int	val_ip(const char *s, struct ipnet *out, struct dp_err *err);

/*
 * A CIDR prefix "addr/len".  A prefix with host bits set is refused, and the
 * message names the network it probably meant
 * ("'208.66.195.7/22' has host bits set; did you mean 208.66.192.0/22?").
 */
int	val_cidr(const char *s, struct ipnet *out, struct dp_err *err);

/*
 * A DNS domain name (RFC 1035 letters-digits-hyphens labels, underscores
 * allowed since they occur in real malware domains; A-labels "xn--" allowed;
 * raw non-ASCII refused with a hint to use the xn-- form).  At least two
 * labels, each 1..63 bytes, at most 253 bytes, not all-numeric TLD.  canon
 * (at least 254 bytes) receives the lower-case form without a final dot.
 */
int	val_domain(const char *s, char *canon, size_t canonlen,
	    struct dp_err *err);

/*
 * An absolute URL with a scheme (http, https, ftp, ...) and a host, parsed
 * with libcurl's URL API.  The host must be a valid domain or IP address;
 * the URL must be valid UTF-8 without spaces, control characters (C0,
 * DEL, C1) or bidi overrides.  *canon receives libcurl's normalised form
 * (the caller frees it).
 * Common URLs are read by a fast path that gives the same results.
 */
int	val_url(const char *s, char **canon, struct dp_err *err);
/* val_url() always through libcurl: for the tests of the fast path. */
int	val_url_curl(const char *s, char **canon, struct dp_err *err);
/*
 * The host of url as libcurl reads it (the parser that fetches); a URL
 * without a scheme ("mccolo.com/panel/", as evidence often has it) is
 * read as one.  IPv6 brackets dropped.  0 with *host a new string, or
 * DP_EX_DATAERR with err naming libcurl's reason.
 */
int	val_url_host(const char *url, char **host, struct dp_err *err);

/* What an evidence indicator is. */
enum ind_type {
	IND_IPV4,
	IND_IPV6,
	IND_CIDR,
	IND_DOMAIN,
	IND_URL,
};
/* "ipv4", "ipv6", "cidr", "domain", "url". */
const char *ind_type_name(enum ind_type t);

/*
 * An evidence indicator: a URL (has "://"), a CIDR (has "/"), an address,
 * or else a domain name.  *canon receives the canonical text (the caller
 * frees it).
 */
int	val_indicator(const char *s, enum ind_type *type, char **canon,
	    struct dp_err *err);

/*
 * A time: RFC 3339 ("2008-11-11T21:23:00Z", "2008-11-11T16:23:00-05:00",
 * fractional seconds dropped, "t"/"z" accepted), or
 * "YYYY-MM-DD HH:MM[:SS] [±HHMM]" (offset optional, with or without the
 * space; "Z" and "UTC" also accepted; no offset means UTC), or a bare date
 * "YYYY-MM-DD" meaning 00:00 UTC.  Fields are range-checked (month days,
 * leap years; second 60 is taken as 59).  Years 1970..9999.  *out receives
 * Unix seconds UTC.
 */
int	val_time(const char *s, int64_t *out, struct dp_err *err);
/* Unix seconds as RFC 3339 UTC: "2008-11-11T21:23:00Z". */
void	fmt_time(int64_t t, char buf[TIME_STRLEN]);

/*
 * An ISO 3166-1 alpha-2 country code, any case, from the assigned list plus
 * the RIR pseudo-codes EU and AP.  out receives the upper-case code.
 */
int	val_country(const char *s, char out[3], struct dp_err *err);

/*
 * An evidence kind: one of c2 spam-source malware-host phishing botnet-ctrl
 * scan other (exact, lower case).  The message lists the valid kinds.
 */
int	val_kind(const char *s, struct dp_err *err);
/* The valid kinds, NULL-terminated. */
extern const char *const evidence_kinds[];

/*
 * Free text typed or imported by a researcher (a note, a source name): at
 * most max bytes of valid UTF-8 without control characters (C0, DEL
 * and the C1 controls U+0080..U+009F), except line feed, carriage return
 * and tab when multiline; a one-line field (!multiline) also refuses the
 * bidirectional overrides and isolates (U+202A..U+202E, U+2066..U+2069).
 * what names the field in
 * the message ("note is not valid UTF-8 ...").
 */
int	val_text(const char *what, const char *s, size_t max, int multiline,
	    struct dp_err *err);

#endif
