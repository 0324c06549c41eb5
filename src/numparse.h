/*
 * numparse.h - the one parser of whole numbers given on the command line,
 * in the configuration or in the environment (after OpenBSD strtonum(3)).
 *
 * The whole string must be the number: decimal digits, and a leading '-'
 * only when min is below 0.  No spaces, no '+', no base prefix, no
 * trailing unit: "10s" or " 5" is an error, where strtoll() would quietly
 * take a part of it.  Leading zeros are allowed ("007" is 7).
 */
#ifndef DEPEER_NUMPARSE_H
#define DEPEER_NUMPARSE_H

struct dp_err;

/*
 * Parse s as a whole number from min to max (both included; min <= max)
 * into *out, which is written only on success.  Returns 0, or DP_EX_USAGE
 * with err (may be NULL) filled: a bad number on the command line is a
 * usage error, and a caller reading a file or the environment sets
 * err->code to its own status (DP_EX_DATAERR, DP_EX_CONFIG).
 *
 * The message names what (the option, key or variable, as the user wrote
 * it; NULL for none), quotes s (at most 40 bytes, other than printable
 * ASCII shown as '?') and states the range, the same whether s is not a
 * number at all or out of range:
 *
 *	'--limit': 'x' is not a whole number of 1 or more
 *	'--ttl': '-5' is not a whole number from 0 to 2147483647
 *	'99999999999999999999' is not a whole number from 0 to 65535
 */
int	parse_num(const char *what, const char *s, long long min,
	    long long max, long long *out, struct dp_err *err);

#endif
