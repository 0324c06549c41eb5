/*
 * draft_data.h - the data a complaint is drafted from: one JSON object
 * that the templates render (see man/depeer-templates.5 for its members),
 * the evidence.csv attachment, and the stored registry answers the
 * message cites.  Everything is read from the case; nothing is fetched
 * (a contact lookup runs offline: resolver_offline()).
 *
 * What this builds: now, today, sender (when an identity is configured),
 * recipient, relation, provider, upstream (for an upstream target),
 * evidence, records.  The complaint service adds case, deadline,
 * notices, previous and attachments.  Optional members are absent, never
 * null.  Every indicator in the object is defanged (defang.h); free text
 * copied from the case (names, notes, families, sources, queries) goes
 * through defang_text().  Live values are only in evidence.csv and the
 * attached answers.  The registries' own names (records[].server, the
 * attachment names) and the addresses of sender and recipient stay as
 * they are: they are not indicators of the case, and the desk needs them.
 *
 * The choices an abuse desk sees:
 *   sample     the most recent observations, one row per distinct
 *              indicator, and at least one row of every kind present
 *              (the newest of each kind first, then the newest of the
 *              rest), shown newest first; undated rows after dated ones
 *   by_family  the ten largest families, then one "others" entry
 *   evidence.csv  every selected, non-retracted row in evidence id
 *              order, columns evidence_id, observed_at, kind, indicator,
 *              indicator_type, family, source, recorded_at; RFC 4180
 *              (CRLF line ends, a field quoted when it holds a comma, a
 *              quote, CR or LF, quotes doubled), UTF-8, times RFC 3339
 *              UTC, live indicators.  Cells are the evidence as recorded:
 *              a cell starting with = + - @ is NOT prefixed against
 *              spreadsheet formula injection, since that would alter the
 *              evidence; open it as text.  Rows stop before the file
 *              would pass max_csv bytes; the rest are counted (omitted)
 *              and max_evidence_id is the last row written.
 *   recipient  with a target AS and no --to: the best-ranked abuse
 *              address in the stored answers about that AS (contacts.h
 *              ranking), never an RFC 2142 guess; none is DP_EX_NOINPUT
 *              naming 'depeer contacts ASN', which fetches them
 *   relation   "provider" (the target is one of the provider's AS
 *              numbers), "upstream" (a recorded upstream of one of
 *              them), "upstream-of-upstream" (a recorded upstream of
 *              such an upstream), else "other" (also without a target)
 *
 * Errors: a provider not found (DP_EX_NOINPUT, db_provider_find()), no
 * evidence selected (DP_EX_NOINPUT, saying whether rows were retracted or
 * filtered out), neither a target nor --to (DP_EX_USAGE), no abuse
 * address stored (DP_EX_NOINPUT).  Reads only: the caller may hold a read
 * transaction for a consistent snapshot.
 *
 * Ownership: struct draft_data owns everything in it
 * (draft_data_release).
 */
#ifndef DEPEER_DRAFT_DATA_H
#define DEPEER_DRAFT_DATA_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "buf.h"
#include "util.h"

struct config;
struct db;

/* Rows in the body's sample table unless asked otherwise. */
#define DRAFT_SAMPLE	20
/* Families listed by name; the rest are summed as "others". */
#define DRAFT_FAMILIES	10

struct draft_req {
	const char	*provider;	/* name or id, as provider commands
					   take it */
	const uint32_t	*asns;		/* the target AS (--upstream): at */
	size_t		 nasns;		/* most one per call */
	const char	*to;		/* --to ADDR (checked), or NULL */
	const char *const *kinds;	/* --kind filter */
	size_t		 nkinds;
	int		 has_since;	/* --since */
	int64_t		 since;
	int64_t		 now;		/* clock_now() / DEPEER_NOW */
	int64_t		 max_csv;	/* bytes for evidence.csv; 0: no cap */
	size_t		 sample;	/* rows in the body's table; 0:
					   DRAFT_SAMPLE */
};

/* A cited answer; its bytes are read through srcstore_get(). */
struct draft_record {
	int64_t		 source_id;
	char		*ref;		/* "R1" */
	char		*attachment;	/* "R1-whois-whois.arin.net.txt" */
	char		*content_type;	/* "text/plain", "application/json" */
};

struct draft_data {
	json_t		*data;		/* the template data */
	char		*to;		/* the abuse address found (or
					   req->to) */
	int64_t		 to_source_id;	/* the answer it came from; 0 for
					   --to */
	uint32_t	 target_asn;	/* 0 for --to without --upstream */
	int64_t		 provider_id;
	struct buf	 csv;		/* evidence.csv, at most max_csv */
	int64_t		 csv_rows, csv_omitted;
	int64_t		 max_evidence_id;	/* last row in the CSV */
	int64_t		 nevidence;	/* rows selected */
	struct draft_record *records;	/* in ref order */
	size_t		 nrecords;
};

int	draft_data_build(struct db *db, const struct config *cfg,
	    const struct draft_req *req, struct draft_data *out,
	    struct dp_err *err);
void	draft_data_release(struct draft_data *d);

#endif
