/*
 * db.c - opening the case database, schema migrations, transactions and the
 * statement helpers the other db_*.c files use.
 */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "db_internal.h"
#include "exitcodes.h"

int
db_fail(struct db *db, int rc, struct dp_err *err, const char *what)
{
	const char *msg = db != NULL && db->h != NULL ? sqlite3_errmsg(db->h)
	    : sqlite3_errstr(rc);

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return dp_fail(err, DP_EX_TEMPFAIL, "%s: the database is "
		    "locked by another process; try again", what);
	case SQLITE_FULL:
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
	case SQLITE_READONLY:
		return dp_fail(err, DP_EX_IOERR, "%s: %s", what, msg);
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return dp_fail(err, DP_EX_DATAERR, "%s: %s", what, msg);
	case SQLITE_CONSTRAINT:
		return dp_fail(err, DP_EX_DATAERR, "%s: %s", what, msg);
	default:
		return dp_fail(err, DP_EX_SOFTWARE, "%s: %s", what, msg);
	}
}

sqlite3_stmt *
db_prepare(struct db *db, const char *sql, struct dp_err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		db_fail(db, rc, err, "cannot prepare a query");
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

sqlite3_stmt *
db_prepare_kept(struct db *db, enum db_kept which, const char *sql,
    struct dp_err *err)
{
	if (db->kept[which] == NULL)
		db->kept[which] = db_prepare(db, sql, err);
	else
		sqlite3_clear_bindings(db->kept[which]);
	return db->kept[which];
}

int
db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

/* ---- checked column reads (db_internal.h) ---- */

static const char *
class_name(int type)
{
	switch (type) {
	case SQLITE_INTEGER:	return "an integer";
	case SQLITE_FLOAT:	return "a real";
	case SQLITE_TEXT:	return "text";
	case SQLITE_BLOB:	return "a blob";
	default:		return "NULL";
	}
}

static void
row_fail(struct db_row *r, int col, const char *what)
{
	const char *name = sqlite3_column_name(r->st, col);

	if (r->rc != 0)
		return;
	r->rc = DP_EX_DATAERR;
	if (r->id != 0)
		dp_fail(r->err, r->rc, DB_ROW_LEAD
		    "%s %lld: %s %s" DB_ROW_HINT, r->what, (long long)r->id,
		    name != NULL ? name : "?", what);
	else
		dp_fail(r->err, r->rc, DB_ROW_LEAD
		    "%s: %s %s" DB_ROW_HINT, r->what, name != NULL ? name : "?",
		    what);
}

/*
 * Whether column col holds storage class want (or NULL when null_ok);
 * fails the row otherwise.  Returns 1 for a value of class want.
 */
static int
row_class(struct db_row *r, int col, int want, int null_ok)
{
	int type;
	char what[48];

	if (r->rc != 0)
		return 0;
	type = sqlite3_column_type(r->st, col);
	if (type == want)
		return 1;
	if (type == SQLITE_NULL && null_ok)
		return 0;
	if (type == SQLITE_NULL)
		snprintf(what, sizeof(what), "is NULL");
	else
		snprintf(what, sizeof(what), "holds %s", class_name(type));
	row_fail(r, col, what);
	return 0;
}

void
db_row_start(struct db_row *r, sqlite3_stmt *st, const char *what,
    struct dp_err *err)
{
	r->st = st;
	r->what = what;
	r->id = 0;
	r->err = err;
	r->rc = 0;
}

int64_t
db_row_int(struct db_row *r, int col)
{
	return row_class(r, col, SQLITE_INTEGER, 0) ?
	    sqlite3_column_int64(r->st, col) : 0;
}

int64_t
db_row_id(struct db_row *r, int col)
{
	int64_t id = db_row_int(r, col);

	if (r->rc == 0)
		r->id = id;
	return id;
}

int64_t
db_row_int_range(struct db_row *r, int col, int64_t lo, int64_t hi)
{
	int64_t v = db_row_int(r, col);
	char what[80];

	if (r->rc == 0 && (v < lo || v > hi)) {
		snprintf(what, sizeof(what), "holds %lld, out of range",
		    (long long)v);
		row_fail(r, col, what);
		return 0;
	}
	return v;
}

int
db_row_int_opt(struct db_row *r, int col, int64_t *v)
{
	*v = 0;
	if (!row_class(r, col, SQLITE_INTEGER, 1))
		return 0;
	*v = sqlite3_column_int64(r->st, col);
	return 1;
}

double
db_row_real(struct db_row *r, int col)
{
	return row_class(r, col, SQLITE_FLOAT, 0) ?
	    sqlite3_column_double(r->st, col) : 0;
}

static const char *
row_text(struct db_row *r, int col, size_t *len, int null_ok)
{
	const char *s;
	size_t n;

	if (len != NULL)
		*len = 0;
	if (!row_class(r, col, SQLITE_TEXT, null_ok))
		return null_ok && r->rc == 0 ? NULL : "";
	/* Text first, then its length: the order SQLite documents. */
	s = (const char *)sqlite3_column_text(r->st, col);
	n = (size_t)sqlite3_column_bytes(r->st, col);
	if (s == NULL)
		die("out of memory");
	if (memchr(s, '\0', n) != NULL) {
		row_fail(r, col, "holds text with an embedded NUL");
		return "";
	}
	if (len != NULL)
		*len = n;
	return s;
}

const char *
db_row_text(struct db_row *r, int col, size_t *len)
{
	return row_text(r, col, len, 0);
}

const char *
db_row_text_opt(struct db_row *r, int col, size_t *len)
{
	return row_text(r, col, len, 1);
}

char *
db_row_strdup(struct db_row *r, int col)
{
	size_t n;
	const char *s = row_text(r, col, &n, 0);

	return xstrndup(s, n);
}

char *
db_row_strdup_opt(struct db_row *r, int col)
{
	size_t n;
	const char *s = row_text(r, col, &n, 1);

	return s == NULL ? NULL : xstrndup(s, n);
}

const void *
db_row_blob(struct db_row *r, int col, size_t *len)
{
	*len = 0;
	if (!row_class(r, col, SQLITE_BLOB, 0))
		return NULL;
	*len = (size_t)sqlite3_column_bytes(r->st, col);
	return *len > 0 ? sqlite3_column_blob(r->st, col) : NULL;
}

int
db_row_blob_opt(struct db_row *r, int col, const void **p, size_t *len)
{
	*p = NULL;
	*len = 0;
	if (!row_class(r, col, SQLITE_BLOB, 1))
		return 0;
	*len = (size_t)sqlite3_column_bytes(r->st, col);
	*p = *len > 0 ? sqlite3_column_blob(r->st, col) : NULL;
	return 1;
}

void
db_row_blob_n(struct db_row *r, int col, void *out, size_t n)
{
	const void *b;
	size_t len;
	char what[64];

	memset(out, 0, n);
	b = db_row_blob(r, col, &len);
	if (r->rc != 0)
		return;
	if (len != n) {
		snprintf(what, sizeof(what), "holds %zu bytes, not %zu", len,
		    n);
		row_fail(r, col, what);
		return;
	}
	memcpy(out, b, n);
}

void
db_row_bad(struct db_row *r, const char *fmt, ...)
{
	char what[256];
	va_list ap;

	if (r->rc != 0)
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	r->rc = DP_EX_DATAERR;
	if (r->id != 0)
		dp_fail(r->err, r->rc, DB_ROW_LEAD
		    "%s %lld: %s" DB_ROW_HINT, r->what, (long long)r->id,
		    what);
	else
		dp_fail(r->err, r->rc, DB_ROW_LEAD
		    "%s: %s" DB_ROW_HINT, r->what, what);
}

int
db_row_end(const struct db_row *r)
{
	return r->rc;
}

int
db_step_done(struct db *db, sqlite3_stmt *st, const char *what,
    struct dp_err *err)
{
	int rc = sqlite3_step(st);

	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return 0;
	return db_fail(db, rc, err, what);
}

int
db_exec_each_id(struct db *db, const char *const *sql, size_t n, int64_t id,
    const char *what, struct dp_err *err)
{
	sqlite3_stmt *st;
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		if ((st = db_prepare(db, sql[i], err)) == NULL)
			return err->code;
		sqlite3_bind_int64(st, 1, id);
		if ((rc = db_step_done(db, st, what, err)) != 0)
			return rc;
	}
	return 0;
}

int
db_query_int64(struct db *db, const char *sql, int64_t *out, const char *what,
    struct dp_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_prepare(db, sql, err)) == NULL)
		return err != NULL ? err->code : DP_EX_SOFTWARE;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return db_fail(db, rc, err, what);
	return 0;
}

int
db_exec(struct db *db, const char *sql, struct dp_err *err)
{
	char *msg = NULL;
	int rc;

	rc = sqlite3_exec(db->h, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		int code = db_fail(db, rc, err, "database error");

		/* SQLite's own words, except for the lock: ours say more. */
		if (msg != NULL && err != NULL && code != DP_EX_TEMPFAIL)
			dp_fail(err, code, "database error: %s", msg);
		sqlite3_free(msg);
		return code;
	}
	return 0;
}

int
db_query_only(struct db *db, struct dp_err *err)
{
	return db_exec(db, "PRAGMA query_only = ON", err);
}

int
db_foreign_keys(struct db *db, int on, struct dp_err *err)
{
	if (db->depth > 0)
		die("foreign keys switched inside a transaction");
	return db_exec(db, on ? "PRAGMA foreign_keys = ON" :
	    "PRAGMA foreign_keys = OFF", err);
}

int
db_schema_version(struct db *db)
{
	sqlite3_stmt *st;
	int v = -1;

	if (sqlite3_prepare_v2(db->h, "PRAGMA user_version", -1, &st,
	    NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

/*
 * Transactions nest as fossil's do: the outermost db_begin() is BEGIN
 * IMMEDIATE, each inner one a SAVEPOINT named after its depth.  A service
 * that writes in one transaction (a provider change and its audit entry)
 * can so be called by another that must keep several such writes in one
 * (a complaint stored with its SMTP transcript and its new state): the
 * inner commit only releases its savepoint, and nothing reaches the file
 * before the outermost commit.
 *
 * When SQLite ends the whole transaction by itself (some I/O errors, a
 * full disk), the levels still open are "doomed": each can only roll
 * back, and a commit at any of them fails, so that writes made after the
 * failure are never committed as if the transaction had held.
 */
int
db_begin(struct db *db, struct dp_err *err)
{
	char sql[32];
	int rc;

	if (db->depth > 0 && db->read_tx)
		die("BUG: a write transaction inside a read transaction");
	if (db->depth > 0 && (db->doomed || sqlite3_get_autocommit(db->h))) {
		db->doomed = 1;
		return dp_fail(err, DP_EX_SOFTWARE, "the transaction was "
		    "rolled back after an earlier failure");
	}
	if (db->depth == 0)
		rc = db_exec(db, "BEGIN IMMEDIATE", err);
	else {
		snprintf(sql, sizeof(sql), "SAVEPOINT dp%d", db->depth + 1);
		rc = db_exec(db, sql, err);
	}
	if (rc == 0)
		db->depth++;
	return rc;
}

int
db_begin_read(struct db *db, struct dp_err *err)
{
	char sql[32];
	int rc;

	if (db->depth > 0 && !db->read_tx)
		die("BUG: a read transaction inside a write transaction");
	if (db->depth > 0) {
		/*
		 * Inside a read transaction (a report gathered from several
		 * services in one snapshot): a savepoint of the same
		 * snapshot, ended like any level.
		 */
		if (db->doomed || sqlite3_get_autocommit(db->h)) {
			db->doomed = 1;
			return dp_fail(err, DP_EX_SOFTWARE, "the transaction "
			    "was rolled back after an earlier failure");
		}
		snprintf(sql, sizeof(sql), "SAVEPOINT dp%d", db->depth + 1);
		if ((rc = db_exec(db, sql, err)) == 0)
			db->depth++;
		return rc;
	}
	rc = db_exec(db, "BEGIN", err);
	if (rc == 0) {
		db->depth = 1;
		db->read_tx = 1;
	}
	return rc;
}

int
db_in_transaction(const struct db *db)
{
	return db->depth;
}

int
db_commit(struct db *db, struct dp_err *err)
{
	char sql[32];
	int rc;

	if (db->depth == 0)
		die("BUG: commit without a transaction");
	if (db->doomed || sqlite3_get_autocommit(db->h)) {
		db_rollback(db);
		return dp_fail(err, DP_EX_SOFTWARE, "the transaction was "
		    "rolled back after an earlier failure");
	}
	if (db->depth > 1)
		snprintf(sql, sizeof(sql), "RELEASE dp%d", db->depth);
	else
		snprintf(sql, sizeof(sql), "COMMIT");
	if ((rc = db_exec(db, sql, err)) != 0) {
		db_rollback(db);
		return rc;
	}
	if (--db->depth == 0)
		db->read_tx = 0;
	return 0;
}

void
db_rollback(struct db *db)
{
	char sql[64];

	if (db->depth == 0)
		return;
	if (db->depth > 1) {
		/* ROLLBACK TO keeps the savepoint open: release it too. */
		snprintf(sql, sizeof(sql), "ROLLBACK TO dp%d; RELEASE dp%d",
		    db->depth, db->depth);
		if (db->doomed || sqlite3_get_autocommit(db->h) ||
		    sqlite3_exec(db->h, sql, NULL, NULL, NULL) != SQLITE_OK)
			db->doomed = 1;
		db->depth--;
		return;
	}
	if (!sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	db->depth = 0;
	db->read_tx = 0;
	db->doomed = 0;
}

/*
 * Migrations run in one IMMEDIATE transaction: either the database reaches
 * the newest version or it stays as it was.  The version is re-read inside
 * the transaction so that two processes opening a new database at once do
 * not both apply the same migration.
 */
int
db_migrate(struct db *db, const struct migration *m, size_t n,
    struct dp_err *err)
{
	char pragma[64];
	int have, rc;
	size_t i;

	for (i = 0; i < n; i++)
		if (m[i].version != (int)i + 1)
			die("migration '%s' is out of order", m[i].name);
	have = db_schema_version(db);
	if (have < 0 && sqlite3_errcode(db->h) == SQLITE_OK)
		return dp_fail(err, DP_EX_DATAERR, "'%s' is damaged: its "
		    "schema version is %d, which no depeer writes", db->path,
		    have);
	if (have < 0)
		return db_fail(db, sqlite3_errcode(db->h), err,
		    "cannot read the schema version");
	if ((size_t)have > n)
		goto newer;
	if ((size_t)have == n)
		return 0;
	if ((rc = db_begin(db, err)) != 0)
		return rc;
	have = db_schema_version(db);
	if ((size_t)have > n) {
		db_rollback(db);
		goto newer;
	}
	for (i = (size_t)have; i < n; i++) {
		if ((rc = db_exec(db, m[i].sql, err)) != 0) {
			dp_err_prefix(err, "migration %s", m[i].name);
			db_rollback(db);
			return rc;
		}
	}
	snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %zu", n);
	if ((rc = db_exec(db, pragma, err)) != 0) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db, err);
newer:
	return dp_fail(err, DP_EX_CONFIG, "'%s' has schema version %d, "
	    "newer than this depeer knows (%zu); upgrade depeer",
	    db->path, have, n);
}

/*
 * Create the file ourselves with mode 0600 so the database is never, even
 * for a moment, readable by others: it holds case work and, later,
 * correspondence.  SQLite gives its -wal and -shm files the same mode.
 */
static int
create_private(const char *path, int *created, struct dp_err *err)
{
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			return 0;
		return dp_fail(err, DP_EX_CANTCREAT, "cannot create '%s': %s",
		    path, strerror(errno));
	}
	close(fd);
	*created = 1;
	return 0;
}

/* ---- waiting for another process's lock ---- */

static void	(*lock_wait_hook)(void);

void
db_on_lock_wait(void (*fn)(void))
{
	lock_wait_hook = fn;
}

static void
tell_wait(struct db *db)
{
	if (!db->told_wait && lock_wait_hook != NULL) {
		db->told_wait = 1;
		lock_wait_hook();
	}
}

static int64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * SQLite's busy handler: what sqlite3_busy_timeout() does (wait, polling
 * the lock, up to DB_BUSY_TIMEOUT_MS), and after DB_WAIT_NOTICE_MS the
 * hook, once.  Written here because SQLite's own handler has no such
 * hook.  count is 0 on the first call of each wait.
 */
static int
busy_wait(void *arg, int count)
{
	struct db *db = arg;
	int64_t t = mono_ms();

	if (count == 0)
		db->busy_since = t;
	if (t - db->busy_since >= DB_BUSY_TIMEOUT_MS)
		return 0;	/* give up: SQLITE_BUSY, exit 75 */
	if (t - db->busy_since >= DB_WAIT_NOTICE_MS)
		tell_wait(db);
	/* Short sleeps first (a lock is mostly held briefly), then 50 ms. */
	sqlite3_sleep(count < 10 ? count * 5 + 1 : 50);
	return 1;
}

/*
 * Switching to WAL needs an exclusive lock, and SQLite does not call the
 * busy handler for it when it would have to upgrade a shared lock (to
 * avoid a deadlock): it fails at once while another process writes a new
 * database.  So wait here, within the same busy timeout.
 */
static int
set_wal(struct db *db, struct dp_err *err)
{
	int waited, rc = 0;

	for (waited = 0; waited <= DB_BUSY_TIMEOUT_MS; waited += 50) {
		rc = db_exec(db, "PRAGMA journal_mode = WAL", err);
		if (rc != DP_EX_TEMPFAIL)
			return rc;
		if (waited >= DB_WAIT_NOTICE_MS)
			tell_wait(db);
		usleep(50 * 1000);
	}
	return rc;
}

/* ---- the schema and the file's integrity ---- */

/*
 * A case at schema version `version`, below the newest, must have exactly
 * the tables the migrations up to it make before the next ones run on
 * it: DP_EX_DATAERR for a negative version or other tables (a version set
 * back, tables made by hand).  A case at the newest version is held to
 * its whole schema by verify (db_schema_diff()), not on every open.
 */
static int
check_version(struct db *db, int64_t version, struct dp_err *err)
{
	char diff[256];
	int rc;

	if (version < 0)
		return dp_fail(err, DP_EX_DATAERR, "'%s' is damaged: its "
		    "schema version is %lld, which no depeer writes",
		    db->path, (long long)version);
	if ((uint64_t)version >= db_nmigrations)
		return 0;	/* newer: db_migrate() says so */
	if ((rc = db_schema_compare(db->h, (int)version, 1, diff,
	    sizeof(diff))) != 0)
		return dp_fail(err, DP_EX_SOFTWARE, "%s", diff);
	if (diff[0] != '\0')
		return dp_fail(err, DP_EX_DATAERR, "'%s' is damaged: its "
		    "tables are not those of its schema version %lld (%s)",
		    db->path, (long long)version, diff);
	return 0;
}

int
db_schema_diff(struct db *db, char *diff, size_t len, struct dp_err *err)
{
	int64_t v;
	int rc;

	if ((rc = db_query_int64(db, "PRAGMA user_version", &v,
	    "cannot read the schema version", err)) != 0)
		return rc;
	if (v < 0 || (uint64_t)v > db_nmigrations)
		return dp_fail(err, DP_EX_DATAERR, "'%s' is damaged: its "
		    "schema version is %lld", db->path, (long long)v);
	if ((rc = db_schema_compare(db->h, (int)v, 0, diff, len)) != 0)
		return dp_fail(err, DP_EX_SOFTWARE, "%s", diff);
	return 0;
}

int
db_integrity_iter(struct db *db, int (*fn)(const char *, void *), void *arg,
    struct dp_err *err)
{
	sqlite3_stmt *st;
	const char *line;
	int rc, r = 0;

	/*
	 * The full check, not quick_check: it also holds every index to its
	 * table and every row to its NOT NULL, CHECK and STRICT rules.
	 */
	if ((st = db_prepare(db, "PRAGMA integrity_check(100)", err)) == NULL)
		return err->code;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		line = (const char *)sqlite3_column_text(st, 0);
		if (line == NULL || strcmp(line, "ok") == 0)
			continue;
		if ((r = fn(line, arg)) != 0)
			break;
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = db_fail(db, rc, err, "the integrity check failed");
	sqlite3_finalize(st);
	return r;
}

/*
 * A database is ours if it carries depeer's application_id, or is empty
 * (new).  Anything else is another program's file: depeer must not add
 * its tables to it.
 */
static int
check_ours(struct db *db, struct dp_err *err)
{
	int64_t app = 0, objects = 0, version = 0;
	int rc;

	/* One snapshot: another process may be creating the schema now. */
	if ((rc = db_begin_read(db, err)) != 0)
		return rc;
	if ((rc = db_query_int64(db, "PRAGMA application_id", &app,
	    "cannot read the database", err)) != 0 ||
	    (rc = db_query_int64(db, "SELECT count(*) FROM sqlite_master",
	    &objects, "cannot read the database", err)) != 0 ||
	    (rc = db_query_int64(db, "PRAGMA user_version", &version,
	    "cannot read the database", err)) != 0) {
		db_rollback(db);
		return rc;
	}
	if (app == DB_APPLICATION_ID || (app == 0 && objects == 0 &&
	    version == 0)) {
		/* In the same snapshot: the version against the tables. */
		rc = check_version(db, version, err);
		db_rollback(db);
		return rc;
	}
	db_rollback(db);
	return dp_fail(err, DP_EX_DATAERR, "'%s' is not a depeer case "
	    "database (it is another program's SQLite file)", db->path);
}

int
db_open(const char *path, int create, struct db **out, int *createdp,
    struct dp_err *err)
{
	struct db *db;
	struct stat sb;
	int rc, created = 0, mem = strcmp(path, ":memory:") == 0;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;

	if (!mem) {
		if (stat(path, &sb) == 0) {
			if (!S_ISREG(sb.st_mode))
				return dp_fail(err, DP_EX_NOINPUT,
				    "'%s' is not a regular file", path);
			/*
			 * An empty file holds no case: only a command that
			 * creates one may make it a case (SQLite would, on
			 * the first write, and leave a -wal beside it).
			 */
			if (sb.st_size == 0 && !create)
				return dp_fail(err, DP_EX_NOINPUT, "no case at "
				    "'%s': the file is empty (run 'depeer "
				    "init' to start one there)", path);
		} else if (errno != ENOENT) {
			return dp_fail(err, DP_EX_NOINPUT, "cannot open '%s': "
			    "%s", path, strerror(errno));
		} else if (!create) {
			return dp_fail(err, DP_EX_NOINPUT, "no database at "
			    "'%s' (run 'depeer init' first)", path);
		} else if ((rc = create_private(path, &created, err)) != 0)
			return rc;
	}
	db = xcalloc(1, sizeof(*db));
	db->path = xstrdup(path);
	rc = sqlite3_open_v2(path, &db->h, flags, NULL);
	if (rc != SQLITE_OK) {
		rc = db_fail(db, rc, err, "cannot open the database");
		goto fail;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_handler(db->h, busy_wait, db);
	if ((rc = db_sql_functions(db->h)) != SQLITE_OK) {
		rc = db_fail(db, rc, err, "cannot open the database");
		goto fail;
	}
	/*
	 * WAL lets readers go on while one process writes; NORMAL sync is
	 * durable across application crashes in WAL mode, and an import of a
	 * million rows is one transaction anyway.
	 */
	if ((rc = db_exec(db, "PRAGMA foreign_keys = ON", err)) != 0)
		goto fail;
	if (!mem && (rc = set_wal(db, err)) != 0) {
		dp_err_prefix(err, "'%s'", path);
		goto fail;
	}
	if ((rc = db_exec(db, "PRAGMA synchronous = NORMAL", err)) != 0)
		goto fail;
	/*
	 * Up to 64 MiB of page cache (allocated only as used): a bulk import
	 * otherwise spills dirty pages to the WAL and reads them back.
	 */
	if ((rc = db_exec(db, "PRAGMA cache_size = -65536", err)) != 0)
		goto fail;
	if ((rc = check_ours(db, err)) != 0 ||
	    (rc = db_migrate(db, db_migrations, db_nmigrations, err)) != 0)
		goto fail;
	if (createdp != NULL)
		*createdp = created;
	*out = db;
	return 0;
fail:
	/*
	 * A file we just created is left in place even when empty: another
	 * process may have opened it meanwhile.  The next open migrates it.
	 */
	db_close(db);
	return rc;
}

void
db_close(struct db *db)
{
	size_t i;

	if (db == NULL)
		return;
	while (db->depth > 0)
		db_rollback(db);
	for (i = 0; i < DB_KEPT_N; i++)
		sqlite3_finalize(db->kept[i]);
	if (db->h != NULL)
		sqlite3_close_v2(db->h);
	free(db->path);
	free(db);
}

int64_t
db_count(struct db *db, const char *table)
{
	static const char *const sql[][2] = {
		{ "providers", "SELECT count(*) FROM providers" },
		{ "evidence", "SELECT count(*) FROM evidence" },
		{ "artifacts", "SELECT count(*) FROM artifacts" },
		{ "audit_log", "SELECT count(*) FROM audit_log" },
		{ "complaint_events", "SELECT count(*) FROM complaint_events" },
		{ "complaint_links", "SELECT count(*) FROM complaint_links" },
		{ "mails", "SELECT count(*) FROM mails" },
	};
	int64_t n = -1;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sql); i++)
		if (strcmp(sql[i][0], table) == 0)
			break;
	if (i == ARRAY_SIZE(sql))
		die("db_count: unknown table '%s'", table);
	if (db_query_int64(db, sql[i][1], &n, "count", NULL) != 0)
		return -1;
	return n;
}
