/*
 * verify_schema.c - the case file checked as a file: its schema against
 * the one depeer's migrations make, then SQLite's integrity check, each
 * finding sorted into tampering or damage (verify_schema.h).
 */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "verify.h"
#include "verify_schema.h"

struct findings {
	struct verify_report	*rep;
	int64_t			 n;
	int			 tampered;	/* a finding broke a rule */
};

/*
 * Whether an integrity-check finding names a row that breaks a rule of
 * its table, which only a write behind depeer's back (with the rule
 * switched off or the schema edited) can store: SQLite words these
 * "NULL value in T.C", "CHECK constraint failed in T" and, for STRICT
 * tables, "non-INTEGER value in T.C" (or TEXT, BLOB, REAL, "NUMERIC
 * value in T.C").  Everything else is about pages and indexes.
 */
static int
breaks_rule(const char *line)
{
	return strncmp(line, "NULL value in ", 14) == 0 ||
	    strncmp(line, "CHECK constraint failed in ", 27) == 0 ||
	    strncmp(line, "NUMERIC value in ", 17) == 0 ||
	    (strncmp(line, "non-", 4) == 0 && strstr(line, " value in ") !=
	    NULL);
}

static int
finding(const char *line, void *arg)
{
	struct findings *f = arg;
	char one[512];
	size_t i;

	f->tampered |= breaks_rule(line);
	if (f->n++ > 0)
		return 0;
	/* One line, whatever the finding holds. */
	snprintf(one, sizeof(one), "%s", line);
	for (i = 0; one[i] != '\0'; i++)
		if (one[i] == '\n' || one[i] == '\r' || one[i] == '\t')
			one[i] = ' ';
	snprintf(f->rep->first_bad, sizeof(f->rep->first_bad),
	    "%s (SQLite's integrity check)", one);
	return 0;
}

int
verify_schema(struct db *db, struct verify_report *rep, struct dp_err *err)
{
	struct findings f;
	char diff[256];
	size_t len;
	int rc;

	if ((rc = db_schema_diff(db, diff, sizeof(diff), err)) != 0)
		return rc;
	if (diff[0] != '\0') {
		rep->ok = 0;
		snprintf(rep->first_bad, sizeof(rep->first_bad), "the schema "
		    "was altered: %s", diff);
		return 0;
	}
	memset(&f, 0, sizeof(f));
	f.rep = rep;
	if ((rc = db_integrity_iter(db, finding, &f, err)) != 0)
		return rc;
	if (f.n == 0)
		return 0;
	rep->ok = 0;
	rep->damaged = !f.tampered;
	len = strlen(rep->first_bad);
	if (f.n > 1 && len + 1 < sizeof(rep->first_bad))
		snprintf(rep->first_bad + len, sizeof(rep->first_bad) - len,
		    ", and %lld more finding%s", (long long)(f.n - 1),
		    f.n == 2 ? "" : "s");
	return 0;
}
