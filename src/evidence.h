/*
 * evidence.h - the evidence record: its struct, validation of what is
 * typed or imported, the canonical row hash, its JSON form, and the claim
 * an audit entry makes about the rows it stored.  A model: no database
 * (db_evidence.c stores rows; evidence_store.h adds one with its files,
 * evidence_import.h imports many).
 *
 * Row hash: SHA-256 over the netstring encoding ("<len>:<bytes>,"; "-," for
 * an absent value) of, in order: the tag "depeer-evidence-v1", id,
 * provider_id, kind, indicator, indicator_type, observed_at, family, source,
 * note, recorded_at, the number of files, then for each file its position,
 * name, SHA-256 (hex) and size.  Numbers are decimal text.
 */
#ifndef DEPEER_EVIDENCE_H
#define DEPEER_EVIDENCE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "hash.h"
#include "util.h"
#include "validate.h"

/* Longest accepted values, in bytes. */
#define EV_MAX_INDICATOR	4096
#define EV_MAX_SHORT		256	/* family, source */
#define EV_MAX_NOTE		65536
#define EV_MAX_REASON		4096	/* a retraction's reason */
#define EV_MAX_FIELD		EV_MAX_NOTE
/*
 * Largest attached file, as depeer-evidence(1) documents it.  Files are
 * stored in chunks (db_evidence.c), so this is not SQLite's largest blob
 * (also 1e9 bytes, which one row holding a whole file could never reach)
 * and could be raised; bench/files.sh stores a file of exactly this size.
 */
#define EV_MAX_FILE		1000000000LL

struct evfile {
	char		*name;		/* original base name */
	char		 sha256[SHA256_HEXLEN];
	int64_t		 size;
	int64_t		 artifact_id;
	char		*path;		/* where to read it from, when adding */
};

/* An evidence record; owns its strings (release with evidence_release()). */
struct evidence {
	int64_t		 id;
	int64_t		 provider_id;
	char		*provider_name;	/* filled when loaded */
	char		*kind;
	char		*indicator;
	enum ind_type	 indicator_type;
	int		 has_observed;
	int64_t		 observed_at;
	char		*family;
	char		*source;
	char		*note;
	int64_t		 recorded_at;
	int64_t		 audit_seq;
	unsigned char	 row_hash[SHA256_LEN];
	struct evfile	*files;
	size_t		 nfiles;
	/*
	 * Its retraction, filled when loaded (never part of the row hash:
	 * retracting leaves the row as it was).
	 */
	int		 retracted;
	char		*retract_reason;
	int64_t		 retracted_at;
	int64_t		 retract_seq;	/* the evidence.retract entry */
};

void	evidence_release(struct evidence *e);
/* Make dst a deep copy of src (release it with evidence_release()). */
void	evidence_copy(struct evidence *dst, const struct evidence *src);

/*
 * Raw text of an evidence record as typed or read from a file (borrowed
 * strings; NULL or "" means absent).
 */
struct ev_input {
	const char	*kind;
	const char	*indicator;
	const char	*observed_at;
	const char	*family;
	const char	*source;
	const char	*note;
};

/*
 * Validate in and fill e's kind, indicator (canonical), indicator_type,
 * observed_at, family, source and note.  Messages name the field.
 */
int	evidence_from_input(const struct ev_input *in, struct evidence *e,
	    struct dp_err *err);

/* Compute e->row_hash from e's fields (with h as scratch context). */
void	evidence_hash(struct evidence *e, struct sha256 *h);

/*
 * The documented JSON object for e; a new reference.  "retracted" is null
 * or {"reason", "at", "audit_seq"}.
 */
json_t	*evidence_to_json(const struct evidence *e);

/*
 * Append to b the same text as the JSON object of evidence_to_json(e)
 * dumped by jansson with JSON_INDENT(2) | JSON_PRESERVE_ORDER, every line
 * after the first indented by indent more spaces: the element of a
 * streamed listing, written straight from the typed row (building and
 * dumping a jansson tree per row was most of a large listing's time).
 * A string that is not valid UTF-8 (only a database changed behind
 * depeer's back holds one) is written with U+FFFD for each bad byte,
 * where jansson would leave its key out.
 */
struct buf;
void	evidence_json_write(struct buf *b, const struct evidence *e,
	    int indent);

/*
 * Check a retraction's reason (required, one or more lines, at most
 * EV_MAX_REASON bytes, valid UTF-8 without control characters other
 * than newline and tab): 0, DP_EX_USAGE when empty or blank, DP_EX_DATAERR
 * otherwise.
 */
int	evidence_reason_check(const char *reason, struct dp_err *err);

/*
 * The payload of an "evidence.retract" entry: {"evidence_id", "reason",
 * "row_sha256" (the hex row hash of the row retracted)}.  A new reference.
 */
json_t	*evidence_retract_claim(const struct evidence *e, const char *reason);

/*
 * The payload of an audit entry that stored the evidence rows first..last
 * (rows of them): extra (a JSON object whose reference is taken over, or
 * NULL for a new one) with "rows", "first_id", "last_id" and
 * "rows_sha256", the hex SHA-256 agg over the rows' 32-byte row hashes in
 * id order, and "input" and "format" when not NULL.  One entry so keeps an
 * import of a million rows verifiable.  A new reference.
 */
json_t	*evidence_rows_claim(json_t *extra, const char *input,
	    const char *format, int64_t rows, int64_t first, int64_t last,
	    const unsigned char agg[SHA256_LEN]);

#endif
