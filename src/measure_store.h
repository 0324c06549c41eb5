/*
 * measure_store.h - the measurement series of a case: imports (a new
 * series, or counts added to one), the listing, one series with its
 * points, and removal.  Each change is one transaction with its audit
 * entry (measure.import, measure.rm: audit.h); nothing is half-written.
 */
#ifndef DEPEER_MEASURE_STORE_H
#define DEPEER_MEASURE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "measure.h"
#include "util.h"

struct db;

/* What to import. */
struct measure_import_req {
	const char	*name;		/* the series */
	int64_t		 interval_s;	/* the interval the input was read
					   with */
	int		 add;		/* add to the existing series */
	const char	*input;		/* the file name, "-" for stdin */
};

/*
 * Store what p read as a new series name (none of that name may exist,
 * else DP_EX_DATAERR saying to use --add), or with add, as counts added
 * to the existing series of the same interval (none: DP_EX_NOINPUT; a
 * different interval: DP_EX_DATAERR).  *s receives the series after the
 * import (release it) and *seq the entry's number.
 */
int	measure_import(struct db *db, const struct measure_import_req *req,
	    const struct measure_parse *p, struct measure_series *s,
	    int64_t *seq, struct dp_err *err);
/* The series named name (DP_EX_NOINPUT when none), *s to release. */
int	measure_get(struct db *db, const char *name, struct measure_series *s,
	    struct dp_err *err);
/* Every series, by name (release each, free the array). */
int	measure_list(struct db *db, struct measure_series **v, size_t *n,
	    struct dp_err *err);
/* A series and its value per interval, by time (free *pts). */
int	measure_points(struct db *db, const char *name,
	    struct measure_series *s, struct measure_point **pts, size_t *n,
	    struct dp_err *err);
/* Remove the series name and its points; *s receives what it was. */
int	measure_rm(struct db *db, const char *name, struct measure_series *s,
	    struct dp_err *err);

#endif
