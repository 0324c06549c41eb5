/*
 * db.h - the case database: opening, migrating, transactions, and every
 * query depeer runs.  db*.c are the only files that include <sqlite3.h>
 * and the only files holding SQL text.
 *
 * Errors: functions return 0 or a DP_EX_* code with err filled.  A busy
 * database (another writer held the lock past the busy timeout) is
 * DP_EX_TEMPFAIL; a database written by a newer depeer is DP_EX_CONFIG.
 */
#ifndef DEPEER_DB_H
#define DEPEER_DB_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct db;
struct provider;
struct evidence;
struct audit_entry;

/* One schema migration, compiled in from db/migrations/NNNN-name.sql. */
struct migration {
	int		 version;	/* NNNN */
	const char	*name;		/* file name */
	const char	*sql;
};
extern const struct migration db_migrations[];
extern const size_t db_nmigrations;

/*
 * How the message of a row the store refused (a value of another storage
 * class, text with a NUL, a row that breaks the model) begins and ends;
 * verify tells such a refusal from other errors by them.
 */
#define DB_ROW_LEAD	"case database damaged or altered: "
#define DB_ROW_HINT	"; run 'depeer verify'"

/* PRAGMA application_id of a depeer case database: "DPR1". */
#define DB_APPLICATION_ID	0x44505231

/* How long a writer waits for another writer's lock, in milliseconds. */
#define DB_BUSY_TIMEOUT_MS	30000
/* After this long waiting, the hook of db_on_lock_wait() is called. */
#define DB_WAIT_NOTICE_MS	1000
/*
 * Call fn once per open database when waiting for another process's lock
 * has taken DB_WAIT_NOTICE_MS, so that the command can say why it seems
 * to hang (the store prints nothing).  For the whole process; set before
 * db_open(), which may wait too.  fn NULL: call nothing.
 */
void	db_on_lock_wait(void (*fn)(void));

/*
 * Open (creating if asked) the database at path and bring its schema up to
 * date.  A new file is created with mode 0600; its directory must exist.
 * ":memory:" opens a private in-memory database (for tests).
 * Returns DP_EX_NOINPUT if the file is missing or empty and create is 0
 * (an empty file is left as it is), DP_EX_DATAERR if it is not a depeer
 * database (another program's SQLite file, or not SQLite at all) or its
 * schema version is negative or older than the newest and not that of
 * its tables, and DP_EX_CONFIG if the file's schema is newer than this
 * program's.
 * *created is set to 1 when a new database was created (may be NULL).
 */
int	db_open(const char *path, int create, struct db **out, int *created,
	    struct dp_err *err);
void	db_close(struct db *db);

/*
 * Apply the migrations m[0..n) whose version is above the database's
 * PRAGMA user_version, in order, in one transaction.  Versions must rise
 * by one from 1.  Used by db_open(); exposed for tests.
 */
int	db_migrate(struct db *db, const struct migration *m, size_t n,
	    struct dp_err *err);
/* The database's PRAGMA user_version, or -1 on error. */
int	db_schema_version(struct db *db);

/*
 * Write transactions, nested.  The outermost db_begin() runs BEGIN
 * IMMEDIATE, which takes the write lock at once (waiting up to the busy
 * timeout), so a command either owns the database for its whole change or
 * fails before changing anything; a db_begin() inside it opens a
 * SAVEPOINT.  db_commit() ends the innermost level: it releases a
 * savepoint (its work becomes part of the level around it) or, at the
 * outermost level, commits; when it fails, that level is rolled back.
 * db_rollback() undoes the innermost level's work and ends the level: the
 * savepoint (the outer levels keep theirs) or the whole transaction.
 * Every level a function opens it ends itself, on every path.
 *
 * db_rollback() is a no-op when no transaction is open (so cleanup paths
 * may call it after a failed db_begin()); db_commit() then is a bug (die).
 * Once SQLite has ended the transaction by itself after a failure, the
 * levels still open can only roll back: db_begin() and db_commit() fail
 * (DP_EX_SOFTWARE).
 */
int	db_begin(struct db *db, struct dp_err *err);
int	db_commit(struct db *db, struct dp_err *err);
void	db_rollback(struct db *db);
/* The number of open transaction levels (0: none). */
int	db_in_transaction(const struct db *db);
/*
 * Make the connection read-only (PRAGMA query_only) for a command that only
 * reads: any write it attempts then fails instead of changing the case.
 */
int	db_query_only(struct db *db, struct dp_err *err);
/*
 * Read transaction (a consistent snapshot for listings and verify), ended
 * by db_rollback().  Inside a read transaction it is a savepoint of the
 * same snapshot (so services that each read in one snapshot can be
 * called inside a caller's); inside a write transaction, or db_begin()
 * inside a read one, it is a bug (die).
 */
int	db_begin_read(struct db *db, struct dp_err *err);

/*
 * Turn foreign key enforcement on or off (outside a transaction only; on
 * is the default db_open() sets).
 */
int	db_foreign_keys(struct db *db, int on, struct dp_err *err);

/* Execute SQL text with no parameters and no result (tests, tools). */
int	db_exec(struct db *db, const char *sql, struct dp_err *err);

/* ---- providers (db_provider.c) ---- */

/* Insert p (name, country, url, note, created_at; networks too); sets p->id. */
int	db_provider_add(struct db *db, struct provider *p, struct dp_err *err);
/*
 * Find a provider by name (case-insensitive), or, when no name matches and
 * key is all digits, by id; fill *p with everything including networks.
 * DP_EX_NOINPUT when there is none.
 */
int	db_provider_find(struct db *db, const char *key, struct provider *p,
	    struct dp_err *err);
/* Load by id; DP_EX_NOINPUT when there is none. */
int	db_provider_get(struct db *db, int64_t id, struct provider *p,
	    struct dp_err *err);
/* All providers by name; *out is an array the caller releases. */
int	db_provider_list(struct db *db, struct provider **out, size_t *n,
	    struct dp_err *err);
/* Rewrite name, country, url, note of provider p->id, changed at now. */
int	db_provider_update(struct db *db, const struct provider *p,
	    int64_t now, struct dp_err *err);
/*
 * Add or remove one network (asn != 0, else the prefix net) of provider
 * id.  Adding one it has is DP_EX_DATAERR; removing one it lacks is
 * DP_EX_NOINPUT.
 */
struct ipnet;
int	db_provider_net_add(struct db *db, int64_t id, uint32_t asn,
	    const struct ipnet *net, int64_t now, struct dp_err *err);
int	db_provider_net_rm(struct db *db, int64_t id, uint32_t asn,
	    const struct ipnet *net, struct dp_err *err);

/* ---- evidence (db_evidence.c) ---- */

/*
 * Bulk insertion of evidence rows inside an open write transaction.  Ids
 * are assigned by the caller from db_evidence_next_id() so that each row's
 * hash can cover its id.  db_ev_insert() queues e and writes queued rows
 * in batches of DB_EV_BATCH; e must stay valid and unchanged until it is
 * written, which is at the latest when db_ev_flush() returns (and always
 * after every DB_EV_BATCH-th insert).  db_ev_flush() must be called before
 * the transaction commits.
 */
#define DB_EV_BATCH	64
struct db_ev_inserter;
int	db_evidence_next_id(struct db *db, int64_t *id, struct dp_err *err);
struct db_ev_inserter *db_ev_inserter_new(struct db *db, struct dp_err *err);
/* Queue e (with e->id, e->audit_seq, e->row_hash set) and its files. */
int	db_ev_insert(struct db_ev_inserter *ins, const struct evidence *e,
	    struct dp_err *err);
int	db_ev_flush(struct db_ev_inserter *ins, struct dp_err *err);
void	db_ev_inserter_free(struct db_ev_inserter *ins);

/*
 * Store an attached file's content (read from path, of the given size and
 * SHA-256) unless an artifact with that hash exists; *id receives the
 * artifact's id either way.  The content is streamed in chunks of
 * DB_ARTIFACT_CHUNK bytes (the last one shorter), inside the caller's
 * write transaction.
 */
#define DB_ARTIFACT_CHUNK	(1024 * 1024)
int	db_artifact_store(struct db *db, const char *path, const char *sha256,
	    int64_t size, int64_t now, int64_t *id, struct dp_err *err);
/*
 * Stream artifact id's content to fp, chunk by chunk (of any size); sha256
 * of what was written is checked against the stored hash (DP_EX_DATAERR on
 * mismatch).
 */
int	db_artifact_write(struct db *db, int64_t id, void *fp,
	    struct dp_err *err);

/* Filters for db_evidence_iter(); zero/NULL fields do not filter. */
struct ev_filter {
	int64_t		 id;		/* one row */
	int64_t		 provider_id;
	const char	*kind;
	int		 has_since, has_until;
	int64_t		 since, until;	/* on observed_at: [since, until);
					   undated rows never match */
	int64_t		 audit_seq;	/* rows recorded by one entry */
	int		 hide_retracted; /* leave retracted rows out */
};
/*
 * Call fn for each matching evidence row in id order, with files loaded.
 * The struct passed to fn is borrowed for the call.  fn returns 0 to go on
 * or a code to stop (returned).
 */
int	db_evidence_iter(struct db *db, const struct ev_filter *f,
	    int (*fn)(const struct evidence *, void *), void *arg,
	    struct dp_err *err);

/* ---- audit log (db_audit.c) ---- */

/*
 * Append an entry (computing prev_hash and hash; see audit_entry.h)
 * inside the open write transaction; *seq receives its number (may be
 * NULL).  The core appends through audit_record() (audit.h), which
 * encodes the payload the one way every entry is stored.
 */
int	db_audit_append(struct db *db, int64_t at, const char *action,
	    const char *subject, const char *payload, int64_t *seq,
	    struct dp_err *err);
/*
 * The number the next entry will get; valid while the caller holds the
 * write transaction (rows are stored with it before the entry that covers
 * them; the foreign key is checked at commit).
 */
int	db_audit_next_seq(struct db *db, int64_t *seq, struct dp_err *err);
/* Call fn for each entry in seq order (or the last `limit`, if > 0). */
int	db_audit_iter(struct db *db, int64_t limit,
	    int (*fn)(const struct audit_entry *, void *), void *arg,
	    struct dp_err *err);
/* ---- upstreams (db_upstream.c) ---- */

/*
 * Record that up is an upstream of asn as of now (inside the caller's
 * transaction): a new row, or last_seen, name and confidence updated;
 * audit_seq is the "upstreams" entry about to record it
 * (db_audit_next_seq()).  *id and *first_seen receive the row's.
 */
int	db_upstream_seen(struct db *db, uint32_t asn, uint32_t up,
	    const char *name, double confidence, int64_t now,
	    int64_t audit_seq, int64_t *id, int64_t *first_seen,
	    struct dp_err *err);
/*
 * Link upstream row id to the stored answer that showed it; audit_seq
 * (as for db_upstream_seen()) is the entry about to record both.
 */
int	db_upstream_evidence(struct db *db, int64_t id, int64_t source_id,
	    const char *method, const char *detail, int64_t now,
	    int64_t audit_seq, struct dp_err *err);

/*
 * Verification walks (db_evidence.c): each calls fn per row in order and
 * stops at the first non-zero return.
 */
struct artifact_check {
	int64_t		 id;
	const char	*sha256;	/* stored */
	int64_t		 size;		/* stored */
	char		 actual[65];	/* recomputed */
	int64_t		 actual_size;
	const char	*fault;		/* what is wrong with its chunks
					   besides their bytes, or NULL */
};
int	db_artifact_check_iter(struct db *db,
	    int (*fn)(const struct artifact_check *, void *), void *arg,
	    struct dp_err *err);

/*
 * Record the retraction of evidence row id (inside the open write
 * transaction) with its reason, time and the evidence.retract entry
 * audit_seq.  A row already retracted fails (the table's primary key).
 */
int	db_evidence_retract(struct db *db, int64_t id, const char *reason,
	    int64_t at, int64_t audit_seq, struct dp_err *err);
/* Each retraction in audit_seq order, with the retracted row's hash. */
struct retraction_check {
	int64_t		 evidence_id;
	const char	*reason;	/* as stored; may be NULL */
	int64_t		 at;
	int64_t		 audit_seq;
	int		 has_row;	/* the evidence row is there */
	unsigned char	 row_hash[32];
};
int	db_retraction_check_iter(struct db *db,
	    int (*fn)(const struct retraction_check *, void *), void *arg,
	    struct dp_err *err);
/* Count rows of a table (for verify's summary). */
int64_t	db_count(struct db *db, const char *table);

/* ---- retired and merged providers (db_provider.c, db_merge.c) ---- */

/*
 * db_provider_find() refuses a provider merged into another
 * (DP_EX_DATAERR, naming where it went): whatever is recorded for it
 * now goes to that one.  db_provider_find_any() finds it too (provider
 * show, and the merge itself).  db_provider_list() leaves merged
 * providers out; db_provider_list_all() lists every one.
 */
int	db_provider_find_any(struct db *db, const char *key,
	    struct provider *p, struct dp_err *err);
int	db_provider_list_all(struct db *db, struct provider **out, size_t *n,
	    struct dp_err *err);
/* The active provider merged provider p ends in (following later merges
   of its target); DP_EX_DATAERR on a loop. */
int	db_provider_merge_target(struct db *db, const struct provider *p,
	    struct provider *out, struct dp_err *err);
/*
 * Retire provider id at `at` with reason (may be NULL only with
 * merged_into), merged into merged_into (0: retired only); replaces an
 * earlier retirement.
 */
int	db_provider_retire(struct db *db, int64_t id, int64_t at,
	    const char *reason, int64_t merged_into, struct dp_err *err);

/* A run of consecutive evidence ids. */
struct id_run {
	int64_t		first, last;
};
/*
 * The ids of provider id's evidence rows, as ascending runs (*runs is
 * the caller's to free), and how many rows.
 */
int	db_merge_evidence_runs(struct db *db, int64_t id,
	    struct id_run **runs, size_t *nruns, int64_t *rows,
	    struct dp_err *err);
/* Give provider from's evidence rows to provider to; *moved rows. */
int	db_merge_move_evidence(struct db *db, int64_t from, int64_t to,
	    int64_t *moved, struct dp_err *err);

/* A provider's evidence at a glance (provider show). */
struct ev_kind_count {
	char		kind[16];
	int64_t		n;
};
struct ev_summary {
	int64_t		 rows;
	struct ev_kind_count *kinds;	/* by count, then kind; free() */
	size_t		 nkinds;
	int64_t		 undated;	/* rows without observed_at */
	int64_t		 first_observed, last_observed;	/* when dated */
	int64_t		 first_recorded, last_recorded;
	int64_t		 retracted;	/* rows retracted: not counted above */
};
int	db_evidence_summary(struct db *db, int64_t provider_id,
	    struct ev_summary *s, struct dp_err *err);

/* ---- upstream history (db_upstream.c) ---- */

/*
 * Every upstream link ever recorded for origin asn.  A link is current
 * when the latest "upstreams" run of its origin recorded it; otherwise
 * gone_since is the time of the first run of the origin that did not
 * (0 when current).  Current links first (by confidence), then the gone
 * ones, most recently seen first.  Release *out with
 * db_upstream_history_free().
 */
struct upstream_seen {
	uint32_t	 asn, upstream;
	char		*name;		/* or NULL */
	double		 confidence;
	int64_t		 first_seen, last_seen;
	int64_t		 gone_since;
};
int	db_upstream_history(struct db *db, uint32_t asn,
	    struct upstream_seen **out, size_t *n, struct dp_err *err);
void	db_upstream_history_free(struct upstream_seen *v, size_t n);
/* The time of the latest "upstreams" run of origin asn, 0 if none. */
int	db_upstream_last_run(struct db *db, uint32_t asn, int64_t *at,
	    struct dp_err *err);

/* ---- the schema and the file's integrity (db.c, db_schema.c) ---- */

/*
 * Compare the case's schema (each table, index, trigger and view, by
 * type, name, table and CREATE text) with the one depeer's migrations up
 * to its schema version make; diff (len bytes) receives the first
 * difference ("table evidence is not defined as depeer defines it",
 * "trigger t is not one depeer makes", "index x is missing"), or "".
 */
int	db_schema_diff(struct db *db, char *diff, size_t len,
	    struct dp_err *err);
/*
 * Run SQLite's integrity check (pages, every index against its table,
 * NOT NULL, CHECK and STRICT rules) and call fn with each finding (at most
 * 100), stopping at its first non-zero return.
 */
int	db_integrity_iter(struct db *db, int (*fn)(const char *, void *),
	    void *arg, struct dp_err *err);

/* ---- drafting a complaint (db_draft.c) ---- */

/* The selection a complaint is drafted from (non-retracted rows only). */
struct draft_ev_filter {
	int64_t		 provider_id;
	const char *const *kinds;	/* any of these kinds; none: all */
	size_t		 nkinds;
	int		 has_since;	/* observed_at >= since (undated */
	int64_t		 since;		/* rows never match) */
};
/* One row of it, borrowed for the call; family and source may be NULL. */
struct draft_ev_row {
	int64_t		 id;
	const char	*kind, *indicator, *indicator_type, *family, *source;
	int		 has_observed;
	int64_t		 observed_at, recorded_at;
};
/*
 * Call fn for each selected row in id order, in one scan; fn returns 0
 * to go on or a code to stop (returned).
 */
int	db_draft_evidence_iter(struct db *db, const struct draft_ev_filter *f,
	    int (*fn)(const struct draft_ev_row *, void *), void *arg,
	    struct dp_err *err);
/* A recorded upstream link (an upstreams row). */
struct draft_link {
	int64_t		 id;
	uint32_t	 asn, upstream;	/* customer, upstream */
	char		*name;		/* the upstream's AS name, or NULL */
	double		 confidence;
	int64_t		 first_seen, last_seen;
};
void	db_draft_link_release(struct draft_link *l);
/* The link up -> asn into *out; DP_EX_NOINPUT when none is recorded. */
int	db_draft_link_find(struct db *db, uint32_t asn, uint32_t up,
	    struct draft_link *out, struct dp_err *err);
/*
 * Two recorded links, via -> asn (*first) and up -> via (*second), the
 * most recently seen such pair; DP_EX_NOINPUT when there is none.
 */
int	db_draft_link_via(struct db *db, uint32_t asn, uint32_t up,
	    struct draft_link *first, struct draft_link *second,
	    struct dp_err *err);
/* The stored answers behind link id (upstream_evidence), by source id. */
struct draft_link_src {
	int64_t		 source_id;
	char		*method, *detail;
};
int	db_draft_link_sources(struct db *db, int64_t link_id,
	    struct draft_link_src **out, size_t *n, struct dp_err *err);
void	db_draft_link_src_free(struct draft_link_src *v, size_t n);
/* ---- complaints (db_complaint.c) ---- */

struct complaint;
/*
 * The id the next complaint gets (inside the caller's write transaction):
 * above every complaint's, also those removed, which the audit log names.
 */
int	db_complaint_next_id(struct db *db, int64_t *id, struct dp_err *err);
/*
 * Insert complaint c (c->id set, every column filled, c->sha256 the
 * message's), its message msg[0..len) as version c->version, and its
 * sources, inside the caller's write transaction.
 */
int	db_complaint_add(struct db *db, const struct complaint *c,
	    const void *msg, size_t len, struct dp_err *err);
/* Rewrite complaint c->id's columns and add msg as version c->version. */
int	db_complaint_new_version(struct db *db, const struct complaint *c,
	    const void *msg, size_t len, struct dp_err *err);
/* Remove complaint id, its messages and its sources. */
int	db_complaint_rm(struct db *db, int64_t id, struct dp_err *err);
/* Set complaint id's state and updated_at (nothing else). */
int	db_complaint_set_state(struct db *db, int64_t id, const char *state,
	    int64_t updated_at, struct dp_err *err);
/*
 * Call fn for each complaint in id order, loaded whole (provider name,
 * current message's sha256 and size, sources; borrowed for the call):
 * only id (when not 0), only provider_id's (when not 0), only those in
 * state (when not NULL).  fn returns 0 to go on or a code to stop.
 */
int	db_complaint_iter(struct db *db, int64_t id, int64_t provider_id,
	    const char *state, int (*fn)(const struct complaint *, void *),
	    void *arg, struct dp_err *err);
/* Complaint id into *c (released by the caller); DP_EX_NOINPUT if none. */
int	db_complaint_get(struct db *db, int64_t id, struct complaint *c,
	    struct dp_err *err);
/*
 * The bytes of message version of complaint id (a copy, NUL added, the
 * caller frees *bytes) and the SHA-256 stored with them (sha256 may be
 * NULL); DP_EX_NOINPUT when there is none.
 */
int	db_complaint_message(struct db *db, int64_t id, int64_t version,
	    void **bytes, size_t *len, char sha256[65], struct dp_err *err);
/* The audit entry of complaint id's first version (its draft). */
int	db_complaint_draft_seq(struct db *db, int64_t id, int64_t *seq,
	    struct dp_err *err);
/*
 * The evidence rows c cites (its provider's rows in its selection with
 * id <= max_evidence_id) retracted by an entry after after_seq, in id
 * order; *ids is the caller's to free.
 */
int	db_complaint_retracted(struct db *db, const struct complaint *c,
	    int64_t after_seq, int64_t **ids, size_t *n, struct dp_err *err);
int	db_complaint_count(struct db *db, int64_t *n, struct dp_err *err);
/* Each stored message version, with its SHA-256 recomputed (verify). */
struct complaint_msg_check {
	int64_t		 complaint_id, version;
	const char	*sha256;	/* stored */
	int64_t		 size;		/* stored */
	int64_t		 created_at, audit_seq;
	char		 actual[65];	/* recomputed */
	int64_t		 actual_size;
};
int	db_complaint_msg_check_iter(struct db *db,
	    int (*fn)(const struct complaint_msg_check *, void *), void *arg,
	    struct dp_err *err);

/* ---- after the draft (db_track.c): events, mails, links ---- */

struct complaint_ev;
struct mailrec;
struct complaint_link;

/* Insert event e (its id is set by SQLite: *id, may be NULL). */
int	db_event_add(struct db *db, const struct complaint_ev *e, int64_t *id,
	    struct dp_err *err);
/* The events of complaint complaint_id (0: all) by time, then id. */
int	db_event_list(struct db *db, int64_t complaint_id,
	    struct complaint_ev **out, size_t *n, struct dp_err *err);
/* Insert mail m with its bytes; *id its new id. */
int	db_mail_add(struct db *db, const struct mailrec *m, const void *msg,
	    size_t len, int64_t *id, struct dp_err *err);
/*
 * The first mail with Message-ID message_id, or when message_id is NULL
 * with SHA-256 sha256: *id, 0 for none.
 */
int	db_mail_find(struct db *db, const char *sha256, const char *message_id,
	    int64_t *id, struct dp_err *err);
int	db_mail_match(struct db *db, int64_t id, int64_t complaint_id,
	    const char *matched_by, struct dp_err *err);
/*
 * Mails (id 0: any; complaint_id 0: any, -1: not matched) by date, then
 * id, without their bytes.
 */
int	db_mail_list(struct db *db, int64_t id, int64_t complaint_id,
	    struct mailrec **out, size_t *n, struct dp_err *err);
/* Mail id's bytes (a copy with a NUL added) and their SHA-256 now. */
int	db_mail_bytes(struct db *db, int64_t id, void **bytes, size_t *len,
	    char sha256[65], struct dp_err *err);
/* The complaint with Message-ID mid, or the latest one ticket was
   learned for: *id, 0 for none. */
int	db_complaint_by_message_id(struct db *db, const char *mid,
	    int64_t *id, struct dp_err *err);
int	db_complaint_by_ticket(struct db *db, const char *ticket, int64_t *id,
	    struct dp_err *err);
int	db_link_add(struct db *db, const struct complaint_link *l,
	    struct dp_err *err);
/* The links with complaint id as child or parent (0: all), by child. */
int	db_link_list(struct db *db, int64_t id, struct complaint_link **out,
	    size_t *n, struct dp_err *err);

#endif
