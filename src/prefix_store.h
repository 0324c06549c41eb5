/*
 * prefix_store.h - the case's prefix tables (schema 17): dated snapshots
 * of which AS originates which prefix, imported from a RIB dump or a
 * prefix-to-AS file, kept as their canonical content (compressed, hashed,
 * claimed by the prefixes.import entry) and as a lookup file beside the
 * database (ptab.h), rebuilt from the content whenever it is missing or
 * fails its checks.
 *
 * The lookup files live in the folder DB.tables (the database's path
 * with ".tables" after it, made 0700), one NAME.ptab a table.  They are
 * a cache: the database holds the truth, and "depeer verify" checks the
 * content against its entries.
 *
 * Each change is one transaction with its audit entry (prefixes.import,
 * prefixes.rm: audit.h); a failed import leaves no row and no file.
 */
#ifndef DEPEER_PREFIX_STORE_H
#define DEPEER_PREFIX_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "ptab.h"
#include "ptab_text.h"
#include "util.h"

struct db;

struct prefix_table_info {
	int64_t	 id;
	char	*name;
	int64_t	 taken_at;
	char	*format;
	uint32_t prefixes4, prefixes6, multi_origin;
	char	*path;			/* its lookup file ("" for an
					   in-memory database: none) */
	/* added beyond the contract */
	char	*file_name;		/* the file imported, as named */
	char	*file_sha256;
	int64_t	 file_size;
	int64_t	 skipped;		/* malformed lines or records */
	char	*content_sha256;
	int64_t	 created_at, audit_seq;
};
/* The live tables, oldest snapshot first. */
int	prefix_store_list(struct db *db, struct prefix_table_info **v,
	    size_t *n, struct dp_err *err);
void	prefix_table_info_free(struct prefix_table_info *v, size_t n);
/* The live table named name (DP_EX_NOINPUT when none); release with
   prefix_table_info_free(info, 1) but not free(info). */
int	prefix_store_get(struct db *db, const char *name,
	    struct prefix_table_info *info, struct dp_err *err);

/*
 * Where the store's warnings go (a lookup file rebuilt, a truncated
 * input): fn gets one complete sentence.  NULL (the default) drops them.
 * Process-wide; the command layer sets it to print them.
 */
typedef void prefix_warn_fn(void *arg, const char *msg);
void	prefix_store_set_warn(prefix_warn_fn *fn, void *arg);

/*
 * Open a live table's lookup file, building it from the stored content
 * when it is missing and rebuilding it when it fails ptab_open's checks
 * or is another table's (its tag is not the table's content SHA-256, or
 * its date differs), saying so through the warn callback.  When the
 * folder cannot be written, the file is built in a private temporary
 * file instead.
 */
int	prefix_store_open(struct db *db, const char *name, struct ptab **out,
	    struct dp_err *err);

/*
 * The live table name's canonical listing (ptab_text.h), as stored: each
 * chunk decompressed and handed to fn in order (fn returns 0, or a code
 * that stops the walk and is returned).  Its SHA-256 is the table's
 * content_sha256.
 */
int	prefix_store_content(struct db *db, const char *name,
	    int (*fn)(const char *data, size_t len, void *arg), void *arg,
	    struct dp_err *err);

/* What to import. */
struct prefix_import_req {
	const char	*path;		/* the file; "-" standard input */
	const char	*name;		/* NULL: from the file name */
	int		 has_date;	/* taken_at given (--date) */
	int64_t		 taken_at;
	enum ptab_format format;	/* PTAB_FMT_UNKNOWN: detect */
};

#define PREFIX_BAD_MAX	5		/* malformed lines reported */

/* What an import did. */
struct prefix_import_res {
	struct prefix_table_info info;	/* the row as stored */
	const char	*date_from;	/* "--date", "mrt", "file name" */
	const char	*compression;	/* zread's: "gzip", "none", ... */
	uint64_t	 lines;		/* text lines, or MRT RIB entries */
	uint64_t	 entries;	/* prefixes read (duplicates each) */
	uint64_t	 malformed;	/* lines or records skipped */
	uint64_t	 unrouted;	/* iptoasn's ASN 0 ranges */
	uint64_t	 bad_line[PREFIX_BAD_MAX];	/* line numbers (MRT:
					   byte offsets) of the first */
	char		 bad_why[PREFIX_BAD_MAX][96];
	size_t		 nbad;
	int		 truncated;	/* the input ended early */
	uint64_t	 content_bytes;
	size_t		 chunks;
	int64_t		 seq;		/* the prefixes.import entry */
};
void	prefix_import_res_release(struct prefix_import_res *r);

/*
 * Whether s is a table name: 1 to 64 of A-Z a-z 0-9 . _ -, starting with
 * a letter or digit (it names a file in DB.tables).
 */
int	prefix_name_valid(const char *s);
/* A table name made from a file name: its last component without the
   compression and data extensions, other characters as "_" (a new
   string), or NULL when nothing is left. */
char	*prefix_name_from_path(const char *path);

/*
 * Import req->path as a new table: read through zread (gzip, bzip2,
 * zstd), the format given or detected (ptab_text.h's rule), every
 * prefix with every origin; the date given, else the MRT dump's, else
 * the file name's (DP_EX_USAGE when there is none: give --date).  No
 * prefix at all is DP_EX_DATAERR; malformed lines are counted in *res,
 * not fatal.  A live table of the name: DP_EX_DATAERR.  The content
 * stored and hashed, the lookup file written, the entry recorded, all
 * or nothing.
 */
int	prefix_store_import(struct db *db, const struct prefix_import_req *req,
	    struct prefix_import_res *res, struct dp_err *err);

/*
 * Remove the live table name: its row marked (removed_at, removed_seq),
 * its content chunks deleted, the prefixes.rm entry recorded; then its
 * lookup file deleted.  *info receives what it was (release it).
 */
int	prefix_store_rm(struct db *db, const char *name,
	    struct prefix_table_info *info, struct dp_err *err);

#endif
