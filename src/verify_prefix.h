/*
 * verify_prefix.h - verify's check of the prefix tables: each row is the
 * one its prefixes.import entry recorded (every column: name, date,
 * format, the file read and its SHA-256, the counts, the content's
 * SHA-256, created_at and audit_seq), its stored content chunks still
 * decompress to a listing that hashes to that content_sha256 and has
 * the recorded length and counts; a removed table is removed as its
 * prefixes.rm entry says (removed_at, removed_seq) and keeps no chunk;
 * no table is there that no entry made, none recorded is missing.  A
 * records-layer check, listed in verify's table of actions.
 */
#ifndef DEPEER_VERIFY_PREFIX_H
#define DEPEER_VERIFY_PREFIX_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "util.h"

struct audit_entry;
struct db;
struct vprefix;

struct vprefix *vprefix_new(void);
void	vprefix_free(struct vprefix *v);	/* NULL is fine */
/*
 * Note a prefixes.import or prefixes.rm entry e, o its payload.  Returns
 * 0 with why "" when it is well-formed and follows the earlier entries,
 * else 0 with why (len bytes) saying what is wrong.
 */
int	vprefix_note(struct vprefix *v, const struct audit_entry *e,
	    json_t *o, char *why, size_t len);
/*
 * Once the chain is intact: compare the tables and their content with
 * what was noted.  Returns 0 with why "" or the first difference, or an
 * error code with err filled when the check itself failed.
 */
/* How many tables the entries left in place, not removed (NULL: 0). */
int64_t	vprefix_live(const struct vprefix *v);
int	vprefix_walk(struct vprefix *v, struct db *db, char *why, size_t len,
	    struct dp_err *err);

#endif
