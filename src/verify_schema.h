/*
 * verify_schema.h - what verify checks of the case file itself before the
 * audit chain: the schema against the one depeer's migrations make, and
 * SQLite's integrity check.
 */
#ifndef DEPEER_VERIFY_SCHEMA_H
#define DEPEER_VERIFY_SCHEMA_H

#include "util.h"

struct db;
struct verify_report;

/*
 * Inside verify's read transaction.  A schema that differs (a CREATE
 * statement rewritten, a STRICT or CHECK dropped, a trigger or view
 * added, an index dropped), or a row the integrity check finds breaking
 * its table's NOT NULL, CHECK or STRICT rules, is tampering: rep->ok = 0
 * and first_bad names it.  A finding about the file's pages or an index
 * that no longer matches its table is damage (a fault of the disk or a
 * hand edit below SQL: verify cannot tell which): rep->damaged is set
 * too.  Returns 0, or a code when the check itself could not run.
 */
int	verify_schema(struct db *db, struct verify_report *rep,
	    struct dp_err *err);

#endif
