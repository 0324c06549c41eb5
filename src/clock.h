/*
 * clock.h - what time it is, for depeer: the current time, which tests fix
 * with DEPEER_NOW, and the time stamped into generated documents, which
 * reproducible builds fix with SOURCE_DATE_EPOCH.
 *
 * Every "now" in the core comes from clock_now() rather than time(NULL),
 * so that a test can run a whole command at a fixed moment and compare
 * its output byte for byte (tests/golden/).
 *
 * A malformed variable is a configuration error (DP_EX_CONFIG, exit 78),
 * found by the check functions: the dispatcher calls clock_check() once
 * before running any command, and a command that writes a document calls
 * clock_doc_check() before it starts, so that a bad value stops it with a
 * message naming the variable rather than being ignored.  clock_now() and
 * clock_doc_stamp() themselves cannot fail: meeting a malformed value
 * that was not checked first is a bug, and they die() (exit 70).
 *
 * The variables are read on every call (no cached state): the functions
 * are safe to call from any thread as long as nothing changes the
 * environment meanwhile.
 */
#ifndef DEPEER_CLOCK_H
#define DEPEER_CLOCK_H

#include <stdint.h>

struct dp_err;

/* The latest time either variable may name: 9999-12-31T23:59:59Z. */
#define CLOCK_MAX	INT64_C(253402300799)

/*
 * Check DEPEER_NOW: unset or empty (use the system clock), a whole number
 * of seconds since 1970-01-01T00:00:00Z, or an RFC 3339 time in UTC such
 * as 2008-11-11T21:23:00Z ('T' may be 't' or a space, 'Z' may be 'z'; no
 * fractions of a second, no offsets), from 1970 to CLOCK_MAX.  Returns 0,
 * or DP_EX_CONFIG with err (may be NULL) saying what is wrong.
 */
int	clock_check(struct dp_err *err);

/*
 * Now, in seconds since 1970-01-01T00:00:00Z: DEPEER_NOW if it is set and
 * not empty, else the system clock.
 */
int64_t	clock_now(void);

/*
 * Check SOURCE_DATE_EPOCH as the reproducible-builds specification has
 * it: unset or empty, or a whole number of seconds since 1970 (decimal
 * digits only, up to CLOCK_MAX).  Returns 0, or DP_EX_CONFIG with err
 * (may be NULL) filled.
 */
int	clock_doc_check(struct dp_err *err);

/*
 * The time to stamp into a generated document: SOURCE_DATE_EPOCH if it is
 * set and not empty, else clock_now().
 */
int64_t	clock_doc_stamp(void);

/*
 * Parse an RFC 3339 UTC time as clock_check() accepts it into *out
 * (written only on success).  Returns 0, or -1 if s is not one.
 */
int	clock_parse_utc(const char *s, int64_t *out);

#endif
