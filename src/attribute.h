/*
 * attribute.h - log lines attributed to the networks they came from:
 * each line's address mapped by longest-prefix match in a prefix table
 * (ptab.h) to its origin AS, its route's prefix or, through the case's
 * providers, to a provider, and counted per interval and key.  Also the
 * reducer of partial counts (attribute_merge()) and the storage of the
 * counts as measurement series (attribute_store()).
 *
 * Service layer: reads the files it is named (regular files mmap'ed,
 * compressed files and standard input through zread.h) on up to
 * req->jobs threads, a file each, a thread left without a file taking
 * half of what is left of a plain file another is reading (so that one
 * large file, or files of unequal sizes, keep every thread busy); never
 * prints.
 */
#ifndef DEPEER_ATTRIBUTE_H
#define DEPEER_ATTRIBUTE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "ipnet.h"
#include "util.h"

struct db;
struct ptab;

/* What a count is kept under. */
enum attr_by { ATTR_BY_ASN, ATTR_BY_PROVIDER, ATTR_BY_PREFIX };
/*
 * A route with several origins (or an address of several providers):
 * ATTR_JOINT counts it once under the joined key ("AS1_AS2", origins in
 * numeric order; provider names in byte order); ATTR_SPLIT counts it
 * whole under each origin, so that the counts then add up to more than
 * the lines.
 */
enum attr_multi { ATTR_JOINT, ATTR_SPLIT };

/* The keys of lines no route covers, and (by provider) of lines whose
   route belongs to no provider of the case. */
#define ATTR_UNMATCHED	"unmatched"
#define ATTR_OTHER	"other"

/* A prefix table to attribute with (the caller opens and closes it). */
struct attr_snapshot {
	const char	*name;		/* for messages and JSON */
	struct ptab	*t;
	int64_t		 taken_at;
};

/* A provider's networks (--by provider). */
struct attr_provider {
	const char	*name;
	const uint32_t	*asns;
	size_t		 nasns;
	const struct ipnet *prefixes;
	size_t		 nprefixes;
};

/* The first malformed line numbers kept per file. */
#define ATTR_BAD_MAX	5

/* What the job is. */
struct attr_req {
	/*
	 * One snapshot, or several (oldest first) for --at auto: a line
	 * is attributed with the latest snapshot taken at or before its
	 * time; a line older than every snapshot, with the oldest.
	 */
	const struct attr_snapshot *snaps;
	size_t		 nsnaps;
	enum attr_by	 by;
	enum attr_multi	 multi;
	int64_t		 interval;	/* seconds; intervals start at
					   multiples of it since the epoch */
	int		 strict;	/* a malformed line is fatal */
	int		 jobs;		/* threads, at least 1 */
	const struct attr_provider *providers;	/* ATTR_BY_PROVIDER */
	size_t		 nproviders;
	const char *const *files;	/* "-" is standard input */
	size_t		 nfiles;
	/*
	 * The bytes a thread claims at a time of a plain file it reads, a
	 * quarter of the least it cuts from another thread's (0: 256 KiB;
	 * small values let the tests cut small files).
	 */
	size_t		 step;
};

/* One count. */
struct attr_count {
	int64_t		 t;		/* interval start */
	const char	*key;		/* one of the result's keys */
	uint64_t	 count;
};

/* What was read from one input. */
struct attr_file {
	const char	*path;		/* borrowed from the request */
	uint64_t	 lines;		/* lines in the input */
	uint64_t	 used;		/* lines counted */
	uint64_t	 malformed;
	uint64_t	 bad[ATTR_BAD_MAX];	/* their first line numbers */
	char		 why[128];	/* why the first was refused */
	int		 truncated;	/* a compressed stream ended early */
};

/* The counts and what was read. */
struct attr_result {
	struct attr_count *counts;	/* by t, then key (bytes) */
	size_t		 n;
	char		**keys;		/* the distinct keys, by bytes */
	size_t		 nkeys;
	int64_t		 interval;
	struct attr_file *files;	/* as in the request */
	size_t		 nfiles;
	uint64_t	 lines, used, malformed;
	uint64_t	*snap_lines;	/* lines attributed with each
					   snapshot of the request */
	uint64_t	 early;		/* lines older than every snapshot */
	size_t		 pieces;	/* the inputs were read in: one an
					   input, more when threads cut plain
					   files to share them */
};
void	attr_result_release(struct attr_result *r);

/*
 * Read every file of req and count its lines.  Returns 0 with *res
 * filled (release it), or: DP_EX_NOINPUT when a file cannot be opened,
 * DP_EX_IOERR on a read error, DP_EX_DATAERR for corrupt compressed
 * data, a CSV header naming no time or address column, a malformed line
 * under strict (the file and line named), or files that hold lines but
 * not one that could be read.  The counts do not depend on jobs.
 */
int	attribute_run(const struct attr_req *req, struct attr_result *res,
	    struct dp_err *err);

/*
 * The reducer: the CSVs "interval_start,key,count" of several runs
 * (header line first, as attribute writes them), summed per interval
 * start and key into *res (files and snap_lines empty).  Every interval
 * start must be the start of an interval of interval seconds: one that
 * is not (counts made with another --interval) is refused
 * (DP_EX_DATAERR), as is any line that is not such a row.
 */
int	attribute_merge(const char *const *files, size_t nfiles,
	    int64_t interval, struct attr_result *res, struct dp_err *err);

/*
 * The CSV of the counts: the header line "interval_start,key,count" and
 * one row a count (a key with a comma or a double quote quoted as RFC
 * 4180 says), handed to out() in pieces of about 64 KiB.
 */
void	attribute_csv(const struct attr_result *r,
	    void (*out)(const char *, size_t, void *), void *arg);
/* A count as {interval_start, key, count}; a new reference. */
json_t	*attr_count_to_json(const struct attr_count *c);

/* The case's providers (merged ones left out) as attr_provider views
   of *provs (release with attribute_providers_free()). */
struct provider;
int	attribute_providers(struct db *db, struct provider **provs,
	    struct attr_provider **views, size_t *n, struct dp_err *err);
void	attribute_providers_free(struct provider *provs,
	    struct attr_provider *views, size_t n);

/*
 * --series: each key's counts stored as the measurement series
 * "PREFIX:KEY" (measure_store.h's import, so "measure", "impact" and
 * "report" read them), each covering every interval from the first to
 * the last of res (0 where the key had no line: an interval with no
 * connection is a measurement of zero), all in one transaction with
 * one measure.import entry per series.  With add, counts are added to
 * existing series of the same names (each must exist).  input names
 * the inputs in the entries.  At most MEASURE_MAX_POINTS points in all
 * (DP_EX_DATAERR: fewer keys with --by provider, or a longer interval).
 * *names and *seqs receive each series' name and entry (free both, and
 * each name).
 */
int	attribute_store(struct db *db, const char *prefix, int add,
	    const char *input, const struct attr_result *res, char ***names,
	    int64_t **seqs, size_t *n, struct dp_err *err);

/*
 * "depeer lookup"'s answer from the case's own tables: the route of the
 * address (or the covering route of the prefix) a in the table that
 * covers time at, the latest taken at or before at.
 */
struct attr_origin {
	char		*table;		/* NULL: no table covers at */
	int64_t		 taken_at;
	int		 routed;	/* a route covers a */
	struct ipnet	 prefix;	/* the route */
	uint32_t	*asns;		/* its origins, sorted */
	size_t		 nasns;
};
/* 0 with *o filled (release it), or an error reading the tables. */
int	attribute_origin(struct db *db, const struct ipnet *a, int64_t at,
	    struct attr_origin *o, struct dp_err *err);
void	attr_origin_release(struct attr_origin *o);
/* {table, taken_at, prefix, origins} (prefix and origins null when no
   route covers a); a new reference. */
json_t	*attr_origin_to_json(const struct attr_origin *o);

#endif
