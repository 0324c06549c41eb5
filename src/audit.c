/*
 * audit.c - audit_record(), the one way an entry is appended to the
 * audit log.
 */
#include <stdlib.h>

#include <jansson.h>

#include "audit.h"
#include "db.h"

int
audit_record(struct db *db, const char *action, const char *subject,
    int64_t at, json_t *payload, int64_t *seq, struct dp_err *err)
{
	char *text;
	int rc;

	if (!json_is_object(payload))
		die("BUG: an audit payload that is not a JSON object");
	/* The one encoding of every payload ever stored: keep it. */
	text = json_dumps(payload, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(payload);
	if (text == NULL)
		die("cannot encode an audit payload");
	rc = db_audit_append(db, at, action, subject, text, seq, err);
	free(text);
	return rc;
}
