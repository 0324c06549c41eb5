/*
 * db_schema.c - the case's schema held to the one depeer's migrations
 * make, its schema version to its tables, and SQLite's integrity check.
 *
 * The schema depeer expects is not written out a second time here: it is
 * made by running the compiled-in migrations into a private in-memory
 * database, so that it is exactly what a case created or migrated by this
 * depeer holds (the same CREATE text, the same renames).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"

/*
 * The objects a schema lists, SQLite's own left out: the automatic
 * indexes of UNIQUE and PRIMARY KEY constraints (no SQL of their own; the
 * integrity check holds them to their tables) and the statistics tables
 * ANALYZE may add.  Anything else named sqlite_... is listed, so that a
 * row added to sqlite_schema under such a name is seen.
 */
#define SCHEMA_SQL \
	"SELECT type, name, tbl_name, sql FROM sqlite_schema " \
	"WHERE NOT (type = 'index' AND sql IS NULL AND " \
	"name LIKE 'sqlite\\_autoindex\\_%' ESCAPE '\\') " \
	"AND NOT (type = 'table' AND name IN ('sqlite_stat1', " \
	"'sqlite_stat4', 'sqlite_sequence')) ORDER BY type, name"

struct obj {
	char	*type, *name, *tbl, *sql;
	size_t	 name_len, tbl_len, sql_len;
};

struct objs {
	struct obj	*v;
	size_t		 n;
};

/* Column col's bytes as stored, NUL-terminated, and their number. */
static char *
col_bytes(sqlite3_stmt *st, int col, size_t *len)
{
	const void *b = sqlite3_column_blob(st, col);
	char *s;

	*len = (size_t)sqlite3_column_bytes(st, col);
	s = xmalloc(*len + 1);
	if (*len > 0)
		memcpy(s, b, *len);
	s[*len] = '\0';
	return s;
}

static void
objs_release(struct objs *o)
{
	size_t i;

	for (i = 0; i < o->n; i++) {
		free(o->v[i].type);
		free(o->v[i].name);
		free(o->v[i].tbl);
		free(o->v[i].sql);
	}
	free(o->v);
	o->v = NULL;
	o->n = 0;
}

/* The schema of h (tables only when tables_only); SQLite's code or 0. */
static int
objs_read(sqlite3 *h, struct objs *o, int tables_only)
{
	sqlite3_stmt *st;
	struct obj *x;
	int rc;

	memset(o, 0, sizeof(*o));
	rc = sqlite3_prepare_v2(h, SCHEMA_SQL, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(st, 0);

		if (type == NULL || (tables_only && strcmp(type, "table") != 0))
			continue;
		o->v = xrealloc(o->v, (o->n + 1) * sizeof(*o->v));
		x = &o->v[o->n++];
		/*
		 * sqlite_schema's own columns: what the rows hold is compared
		 * byte for byte below (text by its length, so a NUL hidden
		 * in a CREATE statement is a difference too).
		 */
		x->type = xstrdup(type);
		x->name = col_bytes(st, 1, &x->name_len);
		x->tbl = col_bytes(st, 2, &x->tbl_len);
		x->sql = col_bytes(st, 3, &x->sql_len);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		objs_release(o);
		return rc;
	}
	return 0;
}

/*
 * The schema migrations 1..version make, into *o; version 0 is the empty
 * schema.
 */
static int
reference_schema(int version, struct objs *o, int tables_only, char *msg,
    size_t len)
{
	sqlite3 *h = NULL;
	char *m = NULL;
	int rc, i;

	if (version < 0 || (size_t)version > db_nmigrations)
		die("BUG: no schema version %d", version);
	rc = sqlite3_open_v2(":memory:", &h, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL);
	/* As db_open() runs them: our SQL functions, foreign keys on, one
	 * transaction. */
	if (rc == SQLITE_OK)
		rc = db_sql_functions(h);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(h, "PRAGMA foreign_keys = ON; BEGIN", NULL,
		    NULL, &m);
	for (i = 0; rc == SQLITE_OK && i < version; i++)
		rc = sqlite3_exec(h, db_migrations[i].sql, NULL, NULL, &m);
	if (rc == SQLITE_OK)
		rc = objs_read(h, o, tables_only);
	if (rc != SQLITE_OK)
		snprintf(msg, len, "cannot build the reference schema: %s",
		    m != NULL ? m : sqlite3_errstr(rc));
	sqlite3_free(m);
	sqlite3_close(h);
	return rc;
}

static int
bytes_eq(const char *a, size_t alen, const char *b, size_t blen)
{
	return alen == blen && memcmp(a, b, alen) == 0;
}

/*
 * The first difference of have from want into diff; 1 if any.  names_only:
 * compare what objects there are, not how they are defined.
 */
static int
objs_diff(const struct objs *have, const struct objs *want, int names_only,
    char *diff, size_t len)
{
	size_t i = 0, j = 0;
	int c;

	diff[0] = '\0';
	while (i < have->n || j < want->n) {
		const struct obj *a = i < have->n ? &have->v[i] : NULL;
		const struct obj *b = j < want->n ? &want->v[j] : NULL;

		if (a == NULL)
			c = 1;
		else if (b == NULL)
			c = -1;
		else if ((c = strcmp(a->type, b->type)) == 0)
			c = strcmp(a->name, b->name);
		if (c < 0) {
			snprintf(diff, len, "%s %s is not one depeer makes",
			    a->type, a->name);
			return 1;
		}
		if (c > 0) {
			snprintf(diff, len, "%s %s is missing", b->type,
			    b->name);
			return 1;
		}
		if (!names_only && (!bytes_eq(a->name, a->name_len, b->name,
		    b->name_len) || !bytes_eq(a->tbl, a->tbl_len, b->tbl,
		    b->tbl_len) || !bytes_eq(a->sql, a->sql_len, b->sql,
		    b->sql_len))) {
			snprintf(diff, len, "%s %s is not defined as depeer "
			    "defines it", a->type, a->name);
			return 1;
		}
		i++;
		j++;
	}
	return 0;
}

int
db_schema_compare(sqlite3 *h, int version, int names_only, char *diff,
    size_t len)
{
	struct objs have, want;
	int rc;

	if ((rc = reference_schema(version, &want, names_only, diff,
	    len)) != 0)
		return rc;
	if ((rc = objs_read(h, &have, names_only)) != 0) {
		objs_release(&want);
		snprintf(diff, len, "cannot read the schema: %s",
		    sqlite3_errmsg(h));
		return rc;
	}
	objs_diff(&have, &want, names_only, diff, len);
	objs_release(&have);
	objs_release(&want);
	return 0;
}
