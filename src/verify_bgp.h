/*
 * verify_bgp.h - verify's check of the BGP imports: every bgp_imports row
 * is the one its bgp.import entry recorded (each column, its audit_seq
 * that entry's), its observation rows hash to the content_sha256 the
 * entry claims, no import is there that no entry recorded, none recorded
 * and not removed is missing, none a bgp.rm entry removed is still there
 * (and a bgp.rm entry removes the import as it was recorded), and no
 * observation row belongs to no import.  A records-layer check, listed
 * in verify's table of actions.
 */
#ifndef DEPEER_VERIFY_BGP_H
#define DEPEER_VERIFY_BGP_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "util.h"

struct audit_entry;
struct db;
struct vbgp;

struct vbgp *vbgp_new(void);
void	vbgp_free(struct vbgp *v);	/* NULL is fine */
/*
 * Note a bgp.import or bgp.rm entry e, o its payload: why "" when it
 * is well-formed and consistent with the entries noted before, else why
 * (len bytes) says what is wrong.
 */
void	vbgp_note(struct vbgp *v, const struct audit_entry *e, json_t *o,
	    char *why, size_t len);
/*
 * Once the chain is intact: compare the rows with what was noted.  0 with
 * why "" or the first difference, or an error code with err filled when
 * the check itself failed.
 */
/* How many imports the entries recorded and did not remove (NULL: 0). */
int64_t	vbgp_count(const struct vbgp *v);
int	vbgp_walk(struct vbgp *v, struct db *db, char *why, size_t len,
	    struct dp_err *err);

#endif
