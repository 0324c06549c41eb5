/*
 * evidence_store.h - recording one observation with its attached files.
 * A service: the row, its files and its audit entry are written in one
 * transaction (nested in the caller's when one is open).
 */
#ifndef DEPEER_EVIDENCE_STORE_H
#define DEPEER_EVIDENCE_STORE_H

#include "util.h"

struct db;
struct evidence;

/*
 * Record e (filled by evidence_from_input()) for the provider named by
 * the key provider (a name, or an id; DP_EX_NOINPUT when there is none)
 * with the files whose paths are in e->files[i].path: finds the provider
 * and hashes the files (regular files of at most EV_MAX_FILE bytes; their
 * base names are kept) before taking the write lock, then stores them,
 * the row and its AUDIT_EVIDENCE_ADD entry in one transaction.  Sets
 * e->provider_id, e->provider_name, e->id, e->recorded_at, e->audit_seq,
 * e->row_hash and each file's name, size, SHA-256 and artifact id.
 * Returns 0 or a DP_EX_* code with err filled; on an error nothing is
 * stored.
 */
int	evidence_add(struct db *db, const char *provider, struct evidence *e,
	    struct dp_err *err);

/*
 * Retract the evidence rows ids[0..n) (distinct) for reason (checked with
 * evidence_reason_check()), all or none, in one transaction: each row is
 * left as it is, and gets a retraction and its own AUDIT_EVIDENCE_RETRACT
 * entry.  out[0..n) receives the records as loaded, retraction included.
 * A missing row fails with DP_EX_NOINPUT, one already retracted with
 * DP_EX_DATAERR; on an error nothing is stored.
 */
int	evidence_retract(struct db *db, const int64_t *ids, size_t n,
	    const char *reason, struct evidence *out, struct dp_err *err);

#endif
