/*
 * evidence_import.h - importing evidence from CSV or JSON Lines, all rows
 * and their one audit entry in one transaction.
 */
#ifndef DEPEER_EVIDENCE_IMPORT_H
#define DEPEER_EVIDENCE_IMPORT_H

#include <signal.h>
#include <stdint.h>

#include "advice.h"
#include "hash.h"
#include "rd.h"
#include "util.h"

struct db;

/* Bad lines a dry run lists before it only counts them. */
#define IMPORT_MAX_PROBLEMS	100
/* Duplicate rows named in the message before it only counts them. */
#define IMPORT_DUP_SHOW		5

struct import_opts {
	const char	*provider;	/* for rows that name none, or NULL */
	int		 dry_run;	/* check everything, store nothing */
	int		 allow_dups;	/* --allow-duplicates */
	/*
	 * Set (by a signal handler) to the number of the signal that asks
	 * the import to stop; checked between records and before the commit.
	 * May be NULL.
	 */
	volatile sig_atomic_t *stop;
};

/* One row that repeats a stored row or an earlier row of the input. */
struct import_dup {
	long		 line;
	long		 first_line;	/* the earlier line of the input, or 0 */
	int64_t		 stored_id;	/* the stored evidence row, or 0 */
};

struct import_result {
	int64_t		 rows;
	int64_t		 first_id, last_id;
	int64_t		 audit_seq;
	const char	*format;	/* "csv" or "jsonl" */
	struct advice	 warnings;	/* advice.h's, one per kind of row:
					   set (even on failure), and then
					   released by the caller */
	char		 input_sha256[SHA256_HEXLEN];	/* of every byte read */
	/* A dry run's bad lines: the first IMPORT_MAX_PROBLEMS messages
	   ("line 7: ...") and how many more there were. */
	char		**problems;
	size_t		 nproblems;
	int64_t		 more_problems;
	/* Rows equal to a stored row or an earlier row in provider, kind,
	   indicator and time; the first IMPORT_DUP_SHOW of each. */
	int64_t		 dup_stored, dup_input;
	struct import_dup stored[IMPORT_DUP_SHOW], input[IMPORT_DUP_SHOW];
	/* The same bytes were imported before: that import's audit entry
	   (0 if none), time and evidence ids. */
	int64_t		 prev_seq, prev_at, prev_first, prev_last;
	int		 interrupted;	/* the signal that stopped it, or 0 */
};

/*
 * Import every record of r (CSV with a header row, or JSON Lines, told
 * apart by the first non-blank byte) in one transaction, recorded by one
 * AUDIT_EVIDENCE_IMPORT entry that also holds the SHA-256 of the input.
 * name is how the input is named in messages and in the audit entry.
 *
 * Without a dry run the first bad record rejects the whole input: err
 * says its line and what is wrong.  A dry run reads on after a bad record
 * and lists every bad line in res->problems (as far as the input can be
 * read: a CSV syntax error ends it).  Unless o->allow_dups, an input
 * already imported (the same SHA-256) or holding rows equal to stored
 * ones or to each other (provider, kind, indicator, observed time) is
 * refused with DP_EX_DATAERR; res says which rows.  When *o->stop becomes
 * non-zero before the commit, nothing is stored and res->interrupted
 * holds the signal (the return is DP_EX_INTERRUPTED or DP_EX_TERMINATED).
 * res is filled from scratch; release it with import_result_release().  Must
 * be called outside any transaction
 * (foreign keys are switched off for the bulk insert).
 */
int	evidence_import_opts(struct db *db, struct rd *r, const char *name,
	    const struct import_opts *o, struct import_result *res,
	    struct dp_err *err);

/* The same with duplicates refused and no stop flag. */
int	evidence_import(struct db *db, struct rd *r, const char *name,
	    const char *provider, int dry_run, struct import_result *res,
	    struct dp_err *err);

void	import_result_release(struct import_result *res);

/*
 * One line of JSON Lines (len bytes without the line end, not blank;
 * lineno names it in messages) checked as evidence_import() checks it,
 * without a database: 0 with e's kind, indicator, times and text filled
 * (release it with evidence_release()) and *provider the provider named,
 * a new string, or NULL when none; else DP_EX_DATAERR, err saying why.
 * The provider is not resolved: an import also refuses a name or id
 * that the case does not have.  For the fuzz target and the tests.
 */
struct evidence;
int	evidence_import_jsonl_record(const char *line, size_t len,
	    long lineno, struct evidence *e, char **provider,
	    struct dp_err *err);

#endif
