/*
 * exitcodes.h - the exit statuses of depeer.
 *
 * The numbers are those of the BSD sysexits convention, defined here rather
 * than taken from <sysexits.h>, which is not POSIX and is deprecated on the
 * BSDs.  Every value is documented in man/depeer.1 (EXIT STATUS); keep the
 * two in step.
 */
#ifndef DEPEER_EXITCODES_H
#define DEPEER_EXITCODES_H

#define DP_EX_OK	0	/* success */
#define DP_EX_FAIL	1	/* a check failed (verify found tampering) */
#define DP_EX_USAGE	64	/* bad command line */
#define DP_EX_DATAERR	65	/* bad input data */
#define DP_EX_NOINPUT	66	/* input file, or a named provider or evidence
				   record, not found */
#define DP_EX_UNAVAILABLE 69	/* service unavailable, no answer */
#define DP_EX_SOFTWARE	70	/* internal error: a bug */
#define DP_EX_CANTCREAT	73	/* cannot create an output file */
#define DP_EX_IOERR	74	/* I/O error, including writing stdout */
#define DP_EX_TEMPFAIL	75	/* temporary failure (timeout, rate limit,
				   database busy): try again */
#define DP_EX_PROTOCOL	76	/* bad WHOIS/RDAP response */
#define DP_EX_CONFIG	78	/* configuration error, database schema
				   newer than this depeer */
/* Interrupted (evidence import rolled back, lookup --bulk kept what it
   fetched: each says so), as a shell reports a process killed by
   the signal: 128 + its number. */
#define DP_EX_INTERRUPTED 130	/* SIGINT */
#define DP_EX_TERMINATED 143	/* SIGTERM */

#endif
