/*
 * db_report.h - SQL for the status report (report.c): the evidence of a
 * provider folded in SQL, so that a provider with a million rows costs
 * one pass of the index and no row in memory, and the head of the audit
 * chain the report is made at.
 */
#ifndef DEPEER_DB_REPORT_H
#define DEPEER_DB_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct db;

/* The provider's evidence rows of one kind and family, not retracted. */
struct db_report_group {
	char		 kind[16];
	char		*family;	/* NULL: none given */
	int64_t		 n;
	int64_t		 undated;	/* rows without observed_at */
	int64_t		 first_observed, last_observed;	/* 0: none dated */
};
/* All of them, and the rows retracted. */
struct db_report_evidence {
	int64_t		 rows, undated, retracted;
	int64_t		 first_observed, last_observed;	/* 0: none dated */
	int64_t		 first_recorded, last_recorded;
	struct db_report_group *groups;	/* most rows first, then kind and
					   family */
	size_t		 ngroups;
};
/*
 * The evidence of provider_id folded by kind and family in one pass of
 * its rows (no sort, no row kept: a million rows cost only the scan).
 * Release with db_report_evidence_release().
 */
int	db_report_evidence(struct db *db, int64_t provider_id,
	    struct db_report_evidence *out, struct dp_err *err);
void	db_report_evidence_release(struct db_report_evidence *e);
/* The last audit entry: *seq (0: none) and its hash (hex, "" when none). */
int	db_report_audit_head(struct db *db, int64_t *seq, char hash[65],
	    struct dp_err *err);

#endif
