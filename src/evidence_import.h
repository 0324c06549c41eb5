/*
 * evidence_import.h - importing evidence from CSV or JSON Lines, all rows
 * and their one audit entry in one transaction.
 */
#ifndef DEPEER_EVIDENCE_IMPORT_H
#define DEPEER_EVIDENCE_IMPORT_H

#include <stdint.h>

#include "advice.h"
#include "rd.h"
#include "util.h"

struct db;

struct import_result {
	int64_t		 rows;
	int64_t		 first_id, last_id;
	int64_t		 audit_seq;
	const char	*format;	/* "csv" or "jsonl" */
	struct advice	 warnings;	/* advice.h's, one per kind of row:
					   set (even on failure), and then
					   released by the caller */
};

/*
 * Import every record of r (CSV with a header row, or JSON Lines, told
 * apart by the first non-blank byte) in one transaction, recorded by one
 * AUDIT_EVIDENCE_IMPORT entry.  provider, when not NULL, is the provider
 * key (name or id) for rows without a provider column or with it empty.
 * name is how the input is named in messages and in the audit entry.
 * With dry_run nothing is written.  The first bad record rejects the
 * whole input: err says its line and what is wrong.  Must be called
 * outside any transaction (foreign keys are switched off for the bulk
 * insert).
 */
int	evidence_import(struct db *db, struct rd *r, const char *name,
	    const char *provider, int dry_run, struct import_result *res,
	    struct dp_err *err);

#endif
