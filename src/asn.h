/*
 * asn.h - AS numbers: the one parser every reader of AS numbers calls
 * (researchers' arguments, WHOIS, RPSL, RDAP, Team Cymru, RIPEstat,
 * the RDAP bootstrap), with flags for the forms each of them accepts,
 * and the one text form depeer writes.
 *
 * Foundation layer: no messages, no allocation.  The reasons come back
 * as an enum; validate.c's val_asn() turns them into the messages the
 * command line prints.
 */
#ifndef DEPEER_ASN_H
#define DEPEER_ASN_H

#include <stddef.h>
#include <stdint.h>

/* "AS4294967295" and its NUL. */
#define ASN_STRLEN	13

/* Forms asn_parse() accepts beyond plain digits "26780". */
#define ASN_PREFIX	0x01	/* "AS26780", "as26780" (once, any case) */
#define ASN_NEED_PREFIX	0x02	/* the "AS" must be there */
#define ASN_ASDOT	0x04	/* asdot "1.10" = 65546 (RFC 5396), each
				   part 0..65535, the high part at least 1 */
#define ASN_HIGH0	0x08	/* asdot "0.10" (= 10) accepted too */
#define ASN_ZEROS	0x10	/* leading zeros in the number, or in the
				   high part of an asdot number */
#define ASN_ZEROS_LOW	0x20	/* leading zeros in the low part of asdot */
#define ASN_TRIM	0x40	/* blanks (space, tab, VT, FF) around ignored */
#define ASN_ZERO	0x80	/* AS0 accepted (RFC 7607 reserves it) */
#define ASN_GAP		0x100	/* blanks (space, tab) between "AS" and the
				   number: "AS 26780", as reports and mail
				   write it */

/* The plain, "AS" and asdot forms, as registries write them. */
#define ASN_STRICT	(ASN_PREFIX | ASN_ASDOT)
/*
 * What researchers type: val_asn()'s rules.  26780, AS26780, as26780,
 * "AS 26780" and asdot 1.10 (RFC 5396; not asdot+ "0.10", which val_asn()
 * answers with the plain number to write instead).
 */
#define ASN_TYPED	(ASN_STRICT | ASN_GAP)

/* asn_parse() results: ASN_OK, or what is wrong. */
enum asn_err {
	ASN_OK,
	ASN_EEMPTY,		/* nothing at all */
	ASN_ENONUM,		/* "AS" and nothing after it */
	ASN_ENOTNUM,		/* not a number of an accepted form */
	ASN_EDOTEMPTY,		/* asdot with an empty part: "1.", ".10" */
	ASN_ELEADZERO,		/* a leading zero the flags do not allow */
	ASN_ERANGE,		/* above 4294967295 */
	ASN_EDOTRANGE,		/* an asdot part above 65535 */
	ASN_EHIGH0,		/* asdot "0.10" without ASN_HIGH0 */
	ASN_EZERO,		/* AS0 without ASN_ZERO */
};

/*
 * Parse s[0..n) as an AS number under flags.  Returns ASN_OK with *out
 * set, or an asn_err (*out untouched).  When several things are wrong the
 * first of: not a number, empty asdot part, leading zero, out of range,
 * AS0, asdot high part 0 is reported (val_asn()'s order of messages).
 */
int	asn_parse(const char *s, size_t n, unsigned int flags, uint32_t *out);

/* A JSON-style integer as an AS number: 0 if 1..4294967295, else -1. */
int	asn_from_int(long long v, uint32_t *out);

/* "AS26780" into buf; returns buf. */
char	*asn_format(uint32_t asn, char buf[ASN_STRLEN]);

#endif
