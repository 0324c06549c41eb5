/*
 * db_internal.h - what the db*.c files share: the struct db and statement
 * helpers.  Not for use outside db*.c.
 */
#ifndef DEPEER_DB_INTERNAL_H
#define DEPEER_DB_INTERNAL_H

#include <sqlite3.h>

#include "db.h"

/* Statements a command may run thousands of times, prepared once. */
enum db_kept { DB_KEPT_SOURCE_CACHED, DB_KEPT_SOURCE_COVERING, DB_KEPT_N };

struct db {
	sqlite3		*h;
	char		*path;
	int		 depth;	/* open transaction levels: 0 none, 1 the
				   transaction, more are savepoints */
	int		 read_tx;	/* the open one is db_begin_read()'s */
	int		 doomed;	/* SQLite ended the transaction itself
				   (a failure); the levels still open
				   can only roll back */
	sqlite3_stmt	*kept[DB_KEPT_N];
	int64_t		 busy_since;	/* when the current wait for another
					   process's lock began (ms) */
	int		 told_wait;	/* db_on_lock_wait's hook was called */
};

/*
 * Turn a SQLite failure into err: SQLITE_BUSY/LOCKED become DP_EX_TEMPFAIL
 * ("database is locked by another depeer"), SQLITE_FULL/IOERR DP_EX_IOERR,
 * a constraint DP_EX_DATAERR, the rest DP_EX_SOFTWARE.  what says what was
 * being done.  Returns the code.
 */
int	db_fail(struct db *db, int rc, struct dp_err *err, const char *what);

/* Prepare sql or fill err; returns NULL on failure. */
sqlite3_stmt *db_prepare(struct db *db, const char *sql, struct dp_err *err);
/*
 * The kept statement which, prepared from sql on first use; the caller
 * sqlite3_reset()s it when done instead of finalizing it (db_close()
 * does).  NULL after filling err.
 */
sqlite3_stmt *db_prepare_kept(struct db *db, enum db_kept which,
	    const char *sql, struct dp_err *err);

/*
 * Run sql (no parameters) and read one integer from its first row; what
 * names the work in an error message.
 */
int	db_query_int64(struct db *db, const char *sql, int64_t *out,
	    const char *what, struct dp_err *err);

/* Bind text, or NULL when s is NULL. */
int	db_bind_text(sqlite3_stmt *st, int i, const char *s);
/* Column text duplicated (NULL for SQL NULL); caller frees. */
char	*db_col_strdup(sqlite3_stmt *st, int i);

/* Whether a write transaction is open (at any level). */
#define DB_IN_WRITE(db)	((db)->depth > 0 && !(db)->read_tx)

#endif
