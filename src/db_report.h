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
/*
 * The groups of provider_id's evidence, most rows first, then kind and
 * family: *v an array of *n for db_report_groups_free().
 */
int	db_report_groups(struct db *db, int64_t provider_id,
	    struct db_report_group **v, size_t *n, struct dp_err *err);
void	db_report_groups_free(struct db_report_group *v, size_t n);
/* The last audit entry: *seq (0: none) and its hash (hex, "" when none). */
int	db_report_audit_head(struct db *db, int64_t *seq, char hash[65],
	    struct dp_err *err);

#endif
