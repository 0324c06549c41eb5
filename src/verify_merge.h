/*
 * verify_merge.h - what verify needs to know of provider merges: which
 * evidence rows each "provider.merge" entry gave to another provider.  A
 * merge re-homes the rows (evidence.provider_id) but leaves their
 * row_hash as recorded, so that the hash keeps proving what was recorded
 * and when; verify replays the merges to know, for each row, the
 * provider it was recorded for (to hash it) and the one it must belong
 * to now.  A records-layer helper of verify.c.
 *
 * Ownership: struct merge_moves is the caller's (merge_moves_free()).
 */
#ifndef DEPEER_VERIFY_MERGE_H
#define DEPEER_VERIFY_MERGE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

struct merge_moves;

struct merge_moves *merge_moves_new(void);
void	merge_moves_free(struct merge_moves *m);

/*
 * Replay a merge entry's move of the evidence rows it lists (payload o,
 * see AUDIT_PROVIDER_MERGE) from provider dup to provider into; entries
 * are given in log order.  Returns 0, or -1 with why (len bytes) filled
 * when the payload is malformed or moves a row that, by the merges
 * before it, was not dup's.
 */
int	merge_moves_note(struct merge_moves *m, int64_t dup, int64_t into,
	    const json_t *o, char *why, size_t len);

/*
 * Evidence row id, which belongs to provider cur: *recorded receives the
 * provider it was recorded for (its hash covers that one), *want the one
 * the merges give it to.  Returns 0 when cur is *want, else -1.
 */
int	merge_moves_row(const struct merge_moves *m, int64_t id, int64_t cur,
	    int64_t *recorded, int64_t *want);

#endif
