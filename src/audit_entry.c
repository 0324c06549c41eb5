/*
 * audit_entry.c - the audit entry's hash construction and JSON form (see
 * audit_entry.h).
 */
#include <inttypes.h>
#include <string.h>

#include "audit_entry.h"
#include "buf.h"
#include "util.h"
#include "validate.h"

const char audit_genesis[SHA256_HEXLEN] =
    "0000000000000000000000000000000000000000000000000000000000000000";

void
audit_entry_hash(const struct audit_entry *e, char out[SHA256_HEXLEN])
{
	struct buf b = BUF_INIT;
	unsigned char d[SHA256_LEN];
	char ph[SHA256_HEXLEN];

	sha256_buf(e->payload, strlen(e->payload), d);
	sha256_hex(d, ph);
	buf_addf(&b, "depeer-audit-v1\n%" PRId64 "\n%" PRId64 "\n%s\n%s\n%s\n%s",
	    e->seq, e->at, e->action, e->subject, ph, e->prev_hash);
	sha256_buf(b.s, b.len, d);
	sha256_hex(d, out);
	buf_release(&b);
}

json_t *
audit_entry_to_json(const struct audit_entry *e)
{
	char t[TIME_STRLEN];
	json_t *o, *payload;

	fmt_time(e->at, t);
	payload = json_loads(e->payload, 0, NULL);
	o = json_object();
	json_object_set_new(o, "seq", json_integer(e->seq));
	json_object_set_new(o, "at", json_string(t));
	json_object_set_new(o, "action", json_string(e->action));
	json_object_set_new(o, "subject", json_string(e->subject));
	json_object_set_new(o, "payload", payload != NULL ? payload :
	    json_string(e->payload));
	json_object_set_new(o, "prev_hash", json_string(e->prev_hash));
	json_object_set_new(o, "hash", json_string(e->hash));
	return o;
}
