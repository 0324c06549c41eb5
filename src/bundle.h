/*
 * bundle.h - a case exported for others: the IODEF document for CERTs,
 * and the case bundle a journalist can check without trusting the
 * author or installing depeer, with its check against the database.
 * A service: reads only.
 *
 * The bundle, a folder:
 *
 *   README.txt        what each file is and how to check it
 *   HEAD              the audit chain head the bundle was cut at:
 *                     "<seq> <hash>\n"
 *   audit.jsonl       every audit entry 1..HEAD, one JSON object a line:
 *                     the fields of 'depeer log --json' and payload_text,
 *                     the payload exactly as hashed (withheld entries:
 *                     payload null, payload_sha256, "withheld": true)
 *   check-audit.py    recomputes the chain from audit.jsonl (python3)
 *   records/          every registry answer the provider's upstream
 *                     links, complaints and events cite, byte for byte:
 *                     <id>-<protocol>-<server>.<txt|json|bin>, and
 *                     index.csv (id, protocol, server, query, time,
 *                     SHA-256, size, who cites it)
 *   evidence.csv      every evidence row of the provider, retracted ones
 *                     with their retraction
 *   attachments/      the files attached to them, as stored:
 *                     <sha256>-<name, sanitised>
 *   complaints/ID.eml each complaint's message as of HEAD, as stored
 *   mails/ID.eml      each mail read back for those complaints
 *   iodef.xml         the IODEF document (bundle_iodef())
 *   report.txt, report.md, report.html, report.json
 *                     the status report (report.h) in every format,
 *                     redacted with the bundle
 *   SHA256SUMS        GNU coreutils format over every other file, sorted
 *                     by name: 'sha256sum -c SHA256SUMS' passes
 *
 * Everything is cut at HEAD: rows, answers, messages and mails recorded
 * by later entries are left out, and a draft edited since is bundled as
 * it was, so the bundle is one state of the case.  Status updates to
 * journalists stay out, and the audit entries about them give only
 * their payload's SHA-256 ("withheld").
 * redact leaves out the files that carry indicators or the words of the
 * parties (evidence.csv, attachments/, complaints/, mails/, iodef.xml);
 * README.txt says so; the reports are then redacted too.  The reports
 * describe the case when the bundle is written, not as of HEAD, and
 * verify --bundle holds them to SHA256SUMS only.
 */
#ifndef DEPEER_BUNDLE_H
#define DEPEER_BUNDLE_H

#include <stddef.h>
#include <stdint.h>

#include "hash.h"
#include "util.h"

struct db;

/* Who exports: the configuration's identity (any member may be NULL). */
struct bundle_who {
	const char	*organisation;	/* config organisation */
	const char	*name;		/* config from: the display name */
	const char	*addr;		/*   and the address */
	const char	*case_tag;	/* config case_tag; NULL: "depeer" */
};

/*
 * The IODEF v2 document (iodef.h) of provider (a name or id) written to
 * path (outfile.h: whole or not at all; an existing file only with
 * force).  who may be NULL (then no creator contact).  The provider
 * unknown: DP_EX_NOINPUT.
 */
int	bundle_iodef(struct db *db, const char *provider,
	    const struct bundle_who *who, const char *path, int force,
	    struct dp_err *err);

/*
 * The same document written to sink(arg, bytes, len) (0, or -1 on a
 * write error: DP_EX_IOERR), for standard output.
 */
int	bundle_iodef_stream(struct db *db, const char *provider,
	    const struct bundle_who *who,
	    int (*sink)(void *arg, const char *bytes, size_t len), void *arg,
	    struct dp_err *err);

struct buf;

/*
 * Write the bundle of provider into dir, which must not exist or be an
 * empty folder (DP_EX_CANTCREAT otherwise: an earlier bundle is never
 * written over).  It is built in a temporary folder beside dir and
 * renamed to dir at the end, so a failure leaves nothing behind.  The
 * provider unknown: DP_EX_NOINPUT.  sums, when not NULL, receives the
 * bytes of its SHA256SUMS.
 */
int	bundle_write(struct db *db, const char *provider, const char *dir,
	    int redact, struct buf *sums, struct dp_err *err);
/* The same with who for the IODEF document's creator and its id. */
int	bundle_write_as(struct db *db, const char *provider, const char *dir,
	    int redact, const struct bundle_who *who, struct dp_err *err);

/* Remove a bundle just written (the caller gave up what it was for). */
void	bundle_remove(const char *dir);
/* "bundle-<provider, sanitised>-<YYYYMMDDTHHMMSSZ>": a new string. */
char	*bundle_default_dir(const char *provider, int64_t now);

/* What bundle_verify() found. */
struct bundle_check {
	int		 ok;
	int64_t		 files;		/* listed in SHA256SUMS and checked */
	int64_t		 records, complaints, mails;	/* held to the
					   database's copies */
	int64_t		 entries;	/* audit entries held to the database */
	int64_t		 head_seq;	/* HEAD */
	char		 head[SHA256_HEXLEN];
	int64_t		 later;		/* entries in the database after HEAD */
	char		 first_bad[1024];	/* when not ok */
};

/*
 * Check the bundle in dir against db: SHA256SUMS (every listed file's
 * hash, no file unlisted, none missing), every record, complaint and
 * mail byte for byte against the database's copy, evidence.csv against
 * the rows as of HEAD, audit.jsonl entry by entry against the database's
 * entries and chained to HEAD, and HEAD in the database's chain (later
 * entries are fine: out->later counts them).  Returns 0 with *out filled
 * (out->ok says whether the bundle holds), or DP_EX_NOINPUT when dir is
 * not there, another code when the check itself could not run.
 */
int	bundle_verify(struct db *db, const char *dir, struct bundle_check *out,
	    struct dp_err *err);

#endif
