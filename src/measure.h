/*
 * measure.h - measurements: a series of counts per interval (spamtrap
 * messages, connections seen, reports received), the reading of the
 * files they come from, and what an import's audit entry claims.
 *
 * A file is read line by line (measure_acc_feed(), any chunks): each
 * line is "TIME,VALUE" (a CSV of values per interval) or "TIME,IP" (a
 * raw log: one event per line, counted), or the same separated by
 * spaces or tabs; TIME is Unix seconds or an RFC 3339 time (validate.h's
 * val_time()).  The first line that parses decides which of the two the
 * file is.  Blank lines, lines starting with '#' and a header line
 * (a first line whose first field holds no digit) are skipped.  A value
 * is a decimal number of 0 or more (no sign, no "inf", no hex).  Every
 * value or event is added to the interval its time falls in
 * (t - t % interval, intervals aligned on the Unix epoch, so that a
 * day's intervals start at 00:00 UTC).  A raw log is taken to cover
 * every interval from its first line's to its last line's, so an
 * interval between them with no line counts 0; a CSV covers only the
 * intervals it names.  Any other line is malformed: counted, its line
 * number kept (the first MEASURE_BAD_MAX), or fatal when strict.
 *
 * No I/O, no database: bytes in, points out.
 */
#ifndef DEPEER_MEASURE_H
#define DEPEER_MEASURE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "hash.h"
#include "util.h"

/* The line numbers of malformed lines kept for the message. */
#define MEASURE_BAD_MAX		5
/* The most intervals one import may hold (ten years of minutes). */
#define MEASURE_MAX_POINTS	6000000
/* The longest line read (longer ones are malformed). */
#define MEASURE_MAX_LINE	4096
/* The default interval: an hour. */
#define MEASURE_DEFAULT_INTERVAL 3600

/* One interval: its start (Unix seconds) and its count or value. */
struct measure_point {
	int64_t		t;
	double		v;
};

/* What kind of file was read. */
enum measure_kind { MEASURE_UNKNOWN, MEASURE_VALUES, MEASURE_LOG };

/* A series as stored, with what its points sum to. */
struct measure_series {
	int64_t		 id;
	char		*name;
	int64_t		 interval_s;
	int64_t		 created_at, updated_at, audit_seq;
	/* from its points (measure_store.h's list and show) */
	int64_t		 points;	/* intervals with a value */
	int64_t		 imports;	/* imports that added points */
	int64_t		 first_t, last_t;	/* 0 when no points */
	double		 total;
};
void	measure_series_release(struct measure_series *s);

/* The reader of one input. */
struct measure_acc;

/* A reader counting into intervals of interval_s seconds. */
struct measure_acc *measure_acc_new(int64_t interval_s, int strict);
/*
 * Feed len bytes of the input (any split; a line may span calls).
 * Returns 0, or DP_EX_DATAERR with err saying which line and why when
 * strict and a line is malformed, or when the input spans more than
 * MEASURE_MAX_POINTS intervals.
 */
int	measure_acc_feed(struct measure_acc *a, const char *buf, size_t len,
	    struct dp_err *err);

/* What was read. */
struct measure_parse {
	struct measure_point *pts;	/* by t, one per interval */
	size_t		 n;
	enum measure_kind kind;
	int64_t		 lines;		/* lines in the input */
	int64_t		 used;		/* lines counted */
	int64_t		 malformed;	/* lines refused */
	int64_t		 bad[MEASURE_BAD_MAX];	/* their first line numbers */
	char		 why[160];	/* why the first was refused */
};

/*
 * End the input (a last line without a newline is read) and put what was
 * read in *out (release with measure_parse_release()); frees a.  Returns
 * 0, or DP_EX_DATAERR with err filled when the input held no line that
 * could be read ("empty", or "no line could be read: line 1: ...") or
 * (strict) the last line was malformed.
 */
int	measure_acc_finish(struct measure_acc *a, struct measure_parse *out,
	    struct dp_err *err);
void	measure_acc_free(struct measure_acc *a);	/* without finishing */
void	measure_parse_release(struct measure_parse *p);

/*
 * An interval or a window: a whole number and a unit, "s", "m", "h" or
 * "d" ("1h", "15m", "1d", "7d").  Returns 0 with *out in seconds, or
 * DP_EX_USAGE naming what (the option) when s is not one.
 */
int	measure_parse_duration(const char *what, const char *s, int64_t *out,
	    struct dp_err *err);
/*
 * An interval of a series: a duration from 1m to 1d that divides a day
 * evenly (so that a day is whole intervals).  DP_EX_USAGE otherwise.
 */
int	measure_interval_valid(const char *what, int64_t s,
	    struct dp_err *err);
/* A duration as measure_parse_duration() reads it: "1h", "15m", "90s". */
void	measure_fmt_duration(int64_t s, char buf[24]);

/*
 * A series name: 1..200 bytes of valid UTF-8, no control characters, no
 * leading or trailing space.  DP_EX_USAGE otherwise.
 */
int	measure_name_valid(const char *name, struct dp_err *err);

/*
 * The SHA-256 an import's entry records over its points: each as
 * "<t> <value>\n", the value in %.17g (which reads back to the same
 * double), in the order of t.
 */
void	measure_points_sha256(const struct measure_point *p, size_t n,
	    unsigned char out[SHA256_LEN]);
/* One point of that hash, fed to h (for verify, which walks the rows). */
void	measure_point_hash_add(struct sha256 *h, int64_t t, double v);

/*
 * The series as JSON: {name, interval, interval_s, points, imports,
 * first, last, total, created_at, updated_at}; a new reference.
 */
json_t	*measure_series_to_json(const struct measure_series *s);

#endif
