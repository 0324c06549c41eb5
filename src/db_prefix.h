/*
 * db_prefix.h - SQL for the prefix tables (schema 17): the table rows and
 * the chunks of their canonical content.
 */
#ifndef DEPEER_DB_PREFIX_H
#define DEPEER_DB_PREFIX_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct db;

/* A prefix_tables row (db/migrations/0017-prefix-tables.sql). */
struct prefix_row {
	int64_t	 id;
	char	*name;
	int64_t	 taken_at;
	char	*format;
	char	*file_name;
	char	*file_sha256;
	int64_t	 file_size;
	int64_t	 prefixes4, prefixes6, multi_origin, skipped;
	char	*content_sha256;
	int64_t	 created_at, audit_seq;
	int	 removed;
	int64_t	 removed_at, removed_seq;
};
void	prefix_row_release(struct prefix_row *r);

/*
 * The folder of the case's lookup files: the database's path with
 * ".tables" after it, or NULL for an in-memory database.  A new string.
 */
char	*db_prefix_dir(struct db *db);

/* The live table named name (DP_EX_NOINPUT when none). */
int	db_prefix_get(struct db *db, const char *name, struct prefix_row *r,
	    struct dp_err *err);
/* The live tables, oldest snapshot first (then by id): *v an array of
   *n rows to release, then free. */
int	db_prefix_list(struct db *db, struct prefix_row **v, size_t *n,
	    struct dp_err *err);
/* Every row, removed ones too, by id, to fn (which returns 0 or stops
   the walk with its code). */
int	db_prefix_iter(struct db *db,
	    int (*fn)(const struct prefix_row *r, void *arg), void *arg,
	    struct dp_err *err);
/* Insert r (its id set here; removed_* ignored).  DP_EX_DATAERR when a
   live table of its name exists. */
int	db_prefix_add(struct db *db, struct prefix_row *r, struct dp_err *err);
/* Chunk seq of table id's content. */
int	db_prefix_chunk_add(struct db *db, int64_t id, int64_t seq,
	    const void *data, size_t len, struct dp_err *err);
/* Table id's chunks in order to fn (0, or its code stops the walk). */
int	db_prefix_chunks(struct db *db, int64_t id,
	    int (*fn)(int64_t seq, const void *data, size_t len, void *arg),
	    void *arg, struct dp_err *err);
/* Mark table id removed at removed_at by entry seq and delete its
   chunks (*chunks: how many). */
int	db_prefix_remove(struct db *db, int64_t id, int64_t removed_at,
	    int64_t seq, int64_t *chunks, struct dp_err *err);

#endif
