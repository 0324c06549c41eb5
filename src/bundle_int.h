/*
 * bundle_int.h - what bundle.c (writing), bundle_iodef.c (the IODEF
 * document) and bundle_verify.c (checking) share: the names of the
 * files, evidence.csv, the head, walking a folder.
 */
#ifndef DEPEER_BUNDLE_INT_H
#define DEPEER_BUNDLE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "hash.h"
#include "iodef.h"
#include "util.h"

struct bundle_who;
struct db;
struct evfile;
struct source;

/* Where bytes go: 0, or -1 on a write error. */
typedef int (*bundle_sink)(void *arg, const char *bytes, size_t len);

/* The last audit entry: *seq (0 when the log is empty) and hash. */
int	bundle_head(struct db *db, int64_t *seq, char hash[SHA256_HEXLEN],
	    struct dp_err *err);

/*
 * The name of a file in the bundle, safe on every file system: letters,
 * digits, '.', '-' and '_' kept, anything else '_', no leading '.', at
 * most max bytes; appended to out.
 */
void	bundle_safe_name(struct buf *out, const char *s, size_t max);
/* "attachments/<sha256>-<name>" of an attached file, into out. */
void	bundle_attachment_path(struct buf *out, const struct evfile *f);
/* "records/<id>-<protocol>-<server>.<ext>" of a stored answer. */
void	bundle_record_path(struct buf *out, const struct source *s);

/*
 * evidence.csv of provider_id as of audit entry head (rows, and
 * retractions, recorded by later entries left out) to sink.
 */
int	bundle_evidence_csv(struct db *db, int64_t provider_id, int64_t head,
	    bundle_sink sink, void *arg, struct dp_err *err);

/*
 * The IODEF document of provider (a name or id) as of head (INT64_MAX:
 * everything), generated at now, to sink; who may be NULL.
 */
int	bundle_iodef_sink(struct db *db, const char *provider,
	    const struct bundle_who *who, int64_t head, int64_t now,
	    iodef_sink sink, void *arg, struct dp_err *err);

/* A file of a bundle and its SHA-256 (hex). */
struct bundle_sum {
	char	*rel;
	char	 hex[SHA256_HEXLEN];
};
void	bundle_sums_free(struct bundle_sum *v, size_t n);

/* What a bundle written at stamp, cut at audit entry head, holds. */
struct bundle_expect {
	struct bundle_sum *v;	/* by name; no SHA256SUMS, iodef.xml */
	size_t		 n;
	char		 head_hash[SHA256_HEXLEN];	/* "" when the
					   database has no entry head */
	int64_t		 later;		/* entries after head */
	int64_t		 entries, records, complaints, mails;
};
/*
 * The files bundle_write() would write for provider id (named shown in
 * README.txt, as it was when written; NULL: its name now), redacted or
 * not, cut at head, at time stamp, with their hashes: the bundle
 * rebuilt from the database without writing it, for bundle_verify().
 * Release with bundle_expect_release().
 */
int	bundle_expected(struct db *db, int64_t provider_id,
	    const char *shown, int64_t head, int redact, int64_t stamp,
	    struct bundle_expect *out, struct dp_err *err);
void	bundle_expect_release(struct bundle_expect *e);

/* Whether rel is the name of one of the bundle's reports ("report.html"). */
int	bundle_report_name(const char *rel);

/* The chain check script each bundle carries (check-audit.py). */
extern const char bundle_check_audit_py[];

/* A file found by bundle_walk(). */
struct bundle_found {
	char	*rel;		/* "records/3-whois-x.txt" */
	int	 regular;	/* 0: a symbolic link, a FIFO, ... */
	int	 dir;
};
/*
 * Every entry under root (folders after their contents), relative names
 * in *v (bundle_found_free()).  0, or DP_EX_IOERR naming what could not
 * be read.
 */
int	bundle_walk(const char *root, struct bundle_found **v, size_t *n,
	    struct dp_err *err);
void	bundle_found_free(struct bundle_found *v, size_t n);

/* The hex SHA-256 of the file path: 0, or DP_EX_IOERR. */
int	bundle_file_sha256(const char *path, char hex[SHA256_HEXLEN],
	    struct dp_err *err);

#endif
