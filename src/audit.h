/*
 * audit.h - appending to the tamper-evident audit log: the actions depeer
 * records and audit_record(), the one function that appends an entry for
 * a change.  (The entry itself and its hash: audit_entry.h.)
 *
 * Every write to a case database and its audit entry happen in one
 * transaction, in the core (the services), never in a command: the write
 * is made, then audit_record() appends the entry that describes it, then
 * the caller commits.  The payload is a JSON object, stored as compact
 * text with sorted keys; what each action's payload holds is listed with
 * its constant below and checked by verify (verify.h).
 */
#ifndef DEPEER_AUDIT_H
#define DEPEER_AUDIT_H

#include <stdint.h>

#include <jansson.h>

#include "audit_entry.h"
#include "util.h"

struct db;

/*
 * The actions.  These strings are stored in every case database: they
 * must never change.  Subjects are "provider:<id>", "evidence:<id>" or
 * "evidence:<first>-<last>", and what was looked up for "lookup".
 */
/* A provider created, changed, or its networks changed: {"state": the
   provider's whole new state (provider_to_json()), "change": what changed
   (absent for provider.add)}. */
#define AUDIT_PROVIDER_ADD	"provider.add"
#define AUDIT_PROVIDER_EDIT	"provider.edit"
#define AUDIT_PROVIDER_NET_ADD	"provider.net.add"
#define AUDIT_PROVIDER_NET_RM	"provider.net.rm"
/* A provider retired: {"state", "change": {"reason"}}.  One merged into
   another, subject the duplicate: {"state": the duplicate's, "into": the
   provider's id, "into_state": its state after, "reason" (or null),
   "networks": those moved, "evidence": {"rows", "ids": [[first, last]...]}
   (the moved rows, which keep the hash they were recorded with; verify
   hashes them with the duplicate's id, verify_merge.h)}. */
#define AUDIT_PROVIDER_RETIRE	"provider.retire"
#define AUDIT_PROVIDER_MERGE	"provider.merge"
/* Evidence rows stored: {"rows", "first_id", "last_id", "rows_sha256"}
   (evidence_rows_claim()), with "provider_id" and "files" for one row
   added, "input" and "format" for an import. */
#define AUDIT_EVIDENCE_ADD	"evidence.add"
#define AUDIT_EVIDENCE_IMPORT	"evidence.import"
/* One evidence row retracted (the row itself unchanged), subject
   "evidence:<id>": {"evidence_id", "reason", "row_sha256": the hex row hash
   of the row retracted} (evidence_retract_claim()); the entry's time is
   the retraction's. */
#define AUDIT_EVIDENCE_RETRACT	"evidence.retract"
/* Raw registry answers stored: {"sources": their ids, "sources_sha256"}
   (source.h). */
#define AUDIT_LOOKUP		"lookup"
/* The upstream links of one origin AS recorded, subject "upstreams:AS<n>":
   {"origin", "links": [{"sha256", "upstream"}], "links_sha256"}
   (uplink_payload()). */
#define AUDIT_UPSTREAMS		"upstreams"
/* A complaint drafted, a new version of its message stored, or a draft
   removed, subject "complaint:<id>": the complaint's whole state after
   the change (complaint_claim(): id, provider, recipients, subject,
   message_id, state, the current version with its sha256 and size, the
   registry answers attached and the evidence selection); for
   complaint.rm, the state it had when removed, whose messages went with
   it. */
#define AUDIT_COMPLAINT_DRAFT	"complaint.draft"
#define AUDIT_COMPLAINT_EDIT	"complaint.edit"
#define AUDIT_COMPLAINT_RM	"complaint.rm"
/* A complaint's state changed (by "complaint status", "complaint send"
   or a reply read), subject "complaint:<id>": its whole state after (as
   complaint.draft) and "status" (complaint_ev_status(): "from", "to",
   "note", and since schema 13 "by", "attempt", "reply", "via", "mail",
   "ticket", "dsn_status"; the complaint_events row); the entry's time is
   the change's. */
#define AUDIT_COMPLAINT_STATUS	"complaint.status"
/* A mail stored (a reply read, or recorded by hand), subject
   "mail:<id>": mailrec_claim() of its row, the SHA-256 of its bytes
   among it. */
#define AUDIT_MAIL_ADD		"mail.add"
/* A stored mail matched later to a complaint, subject "mail:<id>":
   {"id", "complaint_id", "matched_by"}. */
#define AUDIT_MAIL_MATCH	"mail.match"
/* A follow-up, escalation or next-contact complaint linked to the
   complaint it was drafted from, subject "complaint:<child>": {"child",
   "parent", "kind"}. */
#define AUDIT_COMPLAINT_LINK	"complaint.link"
/* Measurements stored by "measure import", subject "series:<id>":
   {"series_id", "name", "interval_s", "new" (the import made the
   series), "points", "first_t", "last_t", "total", "points_sha256"
   (measure_points_sha256() of the rows it added), "kind" ("values" or
   "log"), "input", "lines", "malformed"}; the entry's time is the
   series' updated_at (and created_at when new). */
#define AUDIT_MEASURE_IMPORT	"measure.import"
/* A series removed with its points, subject "series:<id>":
   {"series_id", "name", "interval_s", "points" (the rows removed),
   "imports" (how many imports had added them)}. */
#define AUDIT_MEASURE_RM	"measure.rm"
/* An event of a provider's timeline recorded ("event add"), subject
   "event:<id>": {"provider" (its name), "event" (pevent_to_json() of the
   row as stored)}.  The row's audit_seq is the entry's seq. */
#define AUDIT_PROVIDER_EVENT	"provider.event"
/* A media contact added ("media add"), subject "media:<id>":
   {"provider" (its name, or null for every case), "contact"
   (media_add_json() of the row as stored)}.  The row's audit_seq is the
   entry's seq. */
#define AUDIT_MEDIA_ADD		"media.add"
/* A media contact removed ("media rm"), subject "media:<id>": {"id",
   "addr", "removed_at", "note"}.  The row's removed_seq is the entry's
   seq. */
#define AUDIT_MEDIA_RM		"media.rm"
/* An MRT file imported ("bgp import"), subject "bgp:<id>": {"import"
   (bgp_import_to_json() of the row as stored, whose content_sha256 is
   the hash of its observation rows, bgp_obs.h)}.  The row's audit_seq is
   the entry's seq. */
#define AUDIT_BGP_IMPORT	"bgp.import"
/* A BGP import removed ("bgp rm"), subject "bgp:<id>": {"import"
   (bgp_import_to_json() of the row as it was)}; its row and observation
   rows are deleted with it. */
#define AUDIT_BGP_RM		"bgp.rm"
/* A prefix table imported ("prefixes import"), subject
   "prefix_table:<id>": {"table_id", "name", "taken_at", "format",
   "file_name", "file_sha256", "file_size", "prefixes4", "prefixes6",
   "multi_origin", "skipped", "content_sha256" (the SHA-256 of the
   canonical listing its chunks hold), "content_bytes", "chunks"}; the
   entry's time is the row's created_at, its seq the row's audit_seq. */
#define AUDIT_PREFIXES_IMPORT	"prefixes.import"
/* A prefix table removed ("prefixes rm"), subject "prefix_table:<id>":
   {"table_id", "name", "content_sha256", "chunks" (the chunks deleted)};
   the entry's time and seq are the row's removed_at and removed_seq. */
#define AUDIT_PREFIXES_RM	"prefixes.rm"

/*
 * Append the entry for a change made in the caller's open write
 * transaction (a bug, and death, outside one): action (one of the
 * constants above), subject, the time of the change, and payload, a JSON
 * object whose reference is taken over whatever happens.  *seq receives
 * the entry's number (may be NULL).  Returns 0 or a DP_EX_* code with
 * err filled; the caller then rolls back.
 */
int	audit_record(struct db *db, const char *action, const char *subject,
	    int64_t at, json_t *payload, int64_t *seq, struct dp_err *err);

#endif
