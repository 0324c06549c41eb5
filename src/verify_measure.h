/*
 * verify_measure.h - verify's check of the measurement series: the rows
 * each measure.import entry added still hash to its points_sha256, in
 * its number and span; no point row is there that no entry recorded, or
 * that a measure.rm entry removed; each series row is the one its
 * creating entry recorded (name, interval, created_at, audit_seq), its
 * updated_at the time of its last import; no series recorded is
 * missing, none removed is back.  A records-layer check, listed in
 * verify's table of actions.
 */
#ifndef DEPEER_VERIFY_MEASURE_H
#define DEPEER_VERIFY_MEASURE_H

#include <stddef.h>

#include <jansson.h>

#include "util.h"

struct audit_entry;
struct db;
struct vmeasure;

struct vmeasure *vmeasure_new(void);
void	vmeasure_free(struct vmeasure *v);	/* NULL is fine */
/*
 * Note a measure.import or measure.rm entry e, o its payload.  Returns 0
 * with why "" when it is well-formed and follows the earlier entries, else
 * 0 with why (len bytes) saying what is wrong.
 */
int	vmeasure_note(struct vmeasure *v, const struct audit_entry *e,
	    json_t *o, char *why, size_t len);
/*
 * Once the chain is intact: compare the series and their points with
 * what was noted.  Returns 0 with why "" or the first difference, or an
 * error code with err filled when the check itself failed.
 */
/* The series that exist (after a walk without a finding). */
int64_t	vmeasure_series(const struct vmeasure *v);
int	vmeasure_walk(struct vmeasure *v, struct db *db, char *why,
	    size_t len, struct dp_err *err);

#endif
