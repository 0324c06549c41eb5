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

/*
 * Step st, which returns no row, and finalize it: 0, or db_fail() with
 * what when it did not run to its end.
 */
int	db_step_done(struct db *db, sqlite3_stmt *st, const char *what,
	    struct dp_err *err);
/*
 * Run the n statements sql[], each with ?1 bound to id and returning no
 * row (the deletes of a thing and its dependent rows, in order): 0, or
 * db_fail() with what at the first that fails.
 */
int	db_exec_each_id(struct db *db, const char *const *sql, size_t n,
	    int64_t id, const char *what, struct dp_err *err);

/* Bind text, or NULL when s is NULL. */
int	db_bind_text(sqlite3_stmt *st, int i, const char *s);

/*
 * Checked column reads.  A reader opens a struct db_row on a statement's
 * current row, naming what the row is ("evidence", "provider") for
 * messages, and reads each column through one accessor that insists on
 * the storage class depeer writes there: an integer column must hold an
 * integer, a text column text without an embedded NUL (read by its stored
 * length), a blob column a blob, a real column a real; NULL only through
 * the _opt accessors.  SQLite would coerce anything else ('1x' to 1, a
 * blob to text), so that what a command shows, and what verify hashes,
 * differs from what the SQL filters compare.
 *
 * The first violation is kept in the row (DP_EX_DATAERR, "case database
 * damaged or altered: evidence 12: provider_id holds text; run 'depeer
 * verify'"); later reads of the row return zero values, and db_row_end()
 * returns the code (0 when every read was good).  Readers also call
 * db_row_bad() for a row that breaks the model (a network with neither AS
 * nor prefix).  Borrowed text and blobs live until the statement steps.
 */
struct db_row {
	sqlite3_stmt	*st;
	const char	*what;	/* "evidence", "provider", ... */
	int64_t		 id;	/* the row's id for messages; 0: none */
	struct dp_err	*err;
	int		 rc;	/* 0, or the first failure's code */
};

/* Start reading st's current row; err may be NULL. */
void	db_row_start(struct db_row *r, sqlite3_stmt *st, const char *what,
	    struct dp_err *err);
/* An integer column that is the row's id (named in later messages). */
int64_t	db_row_id(struct db_row *r, int col);
/* An integer column that must not be NULL. */
int64_t	db_row_int(struct db_row *r, int col);
/* An integer in [lo, hi] (an AS number, a count), not NULL. */
int64_t	db_row_int_range(struct db_row *r, int col, int64_t lo, int64_t hi);
/* An integer or NULL: returns 1 with *v set, or 0 (NULL, or a failure). */
int	db_row_int_opt(struct db_row *r, int col, int64_t *v);
/* A real (REAL column) that must not be NULL. */
double	db_row_real(struct db_row *r, int col);
/*
 * Text that must not be NULL: borrowed, NUL-terminated, with *len (may be
 * NULL) its stored length; "" after a failure.  _opt: NULL for NULL.
 */
const char *db_row_text(struct db_row *r, int col, size_t *len);
const char *db_row_text_opt(struct db_row *r, int col, size_t *len);
/* The same, duplicated (the caller frees); _opt: NULL for NULL. */
char	*db_row_strdup(struct db_row *r, int col);
char	*db_row_strdup_opt(struct db_row *r, int col);
/*
 * A blob that must not be NULL (borrowed; NULL for a zero-length blob),
 * *len its length.
 */
const void *db_row_blob(struct db_row *r, int col, size_t *len);
/*
 * A blob or NULL: returns 1 with *p (NULL for a zero-length blob) and
 * *len set, or 0 (NULL, or a failure).
 */
int	db_row_blob_opt(struct db_row *r, int col, const void **p,
	    size_t *len);
/* A blob of exactly n bytes copied to out. */
void	db_row_blob_n(struct db_row *r, int col, void *out, size_t n);
/* The row breaks the model: fail it with the reason (printf format). */
void	db_row_bad(struct db_row *r, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* 0, or the code of the row's first failure (err filled). */
int	db_row_end(const struct db_row *r);

/*
 * Compare h's schema with the one the migrations 1..version make
 * (db_schema.c): only which tables there are when names_only, else every
 * table, index, trigger and view with its CREATE text.  diff receives the
 * first difference or "".  Returns 0, or SQLite's code with diff holding
 * the error.
 */
int	db_schema_compare(sqlite3 *h, int version, int names_only, char *diff,
	    size_t len);


/*
 * Add depeer's own SQL functions (db_sqlfn.c: those its migrations use)
 * to connection h; returns a SQLite result code.
 */
int	db_sql_functions(sqlite3 *h);

/* Whether a write transaction is open (at any level). */
#define DB_IN_WRITE(db)	((db)->depth > 0 && !(db)->read_tx)

#endif
