/*
 * xarf.h - an evidence row as an XARF v4 report (the JSON schemas of
 * github.com/xarf/xarf-spec, copied in tests/xarf-v4/).  A model: no
 * database, no I/O.
 *
 * Kinds and types:
 *
 *   c2, botnet-ctrl   infrastructure/botnet: c2_server (the indicator, or
 *                     a URL's host), malware_family (the family, when
 *                     recorded), compromise_evidence (required: a
 *                     sentence naming the evidence row, its kind,
 *                     observation time and source)
 *   malware-host      content/malware, when the indicator is a URL (the
 *                     content types require "url"); malware_family
 *   phishing          content/phishing, when the indicator is a URL
 *   spam-source       not reportable: messaging/spam requires the
 *   scan              protocol, and over SMTP the envelope sender and
 *                     source port; connection/port_scan requires the
 *                     protocol and (for an address) the source port.
 *                     An evidence row records none of them, and a report
 *                     must not invent them.
 *   other             not reportable: no XARF type says what it is
 *
 * Every report: xarf_version "4.2.0" (the schemas' version), report_id,
 * timestamp (when the incident was seen: observed_at, else recorded_at,
 * RFC 3339 UTC), reporter and sender (the same: the configured
 * organisation and From address; the domain is the address's),
 * source_identifier (the indicator; a URL's host for content reports),
 * category, type, and one evidence item: the row as CSV (a header line,
 * then the row; text/csv, base64) with "sha256:<hex>" of those bytes;
 * files attached to the row are named there with their SHA-256 and size,
 * not inlined.
 * evidence_source is set only when the row's source is one of the words
 * XARF lists (honeypot, spamtrap, ...); nothing else is guessed.
 *
 * report_id: stable, so that drafting the same complaint again gives the
 * same ids and a receiver can tell a resent report from a new one:
 * SHA-256 over "depeer-xarf-v1", the complaint's Message-ID and the
 * evidence id, its first 16 bytes with the version and variant bits of
 * a version 4 UUID.  Shaped as v4 because XARF asks for v4 and receivers
 * check the version digit; the bits are as unpredictable as random ones
 * to anyone without the Message-ID, whose 128 bits are random.
 */
#ifndef DEPEER_XARF_H
#define DEPEER_XARF_H

#include <stdint.h>

#include <jansson.h>

#include "addr.h"
#include "evidence.h"
#include "util.h"

#define XARF_VERSION	"4.2.0"

struct xarf_ctx {
	/* config organisation; NULL: the From name */
	const char		*organisation;
	const struct mailbox	*from;		/* config from */
	/* The complaint's Message-ID, without <> */
	const char		*message_id;
};

/*
 * Whether e can be reported as XARF: NULL, or the reason it cannot
 * (a static sentence for a message or a count: "kind 'other' has no
 * XARF type").
 */
const char *xarf_unreportable(const struct evidence *e);

/*
 * The report for e, a new reference; NULL with err filled when e is not
 * reportable (DP_EX_DATAERR, xarf_unreportable()'s reason) or c lacks
 * what a report needs (DP_EX_CONFIG: no organisation and no From name,
 * no From address, a From domain that is an address literal).
 */
json_t	*xarf_report(const struct evidence *e, const struct xarf_ctx *c,
	    struct dp_err *err);

/* The report id for (message_id, evidence id) into out (37 bytes). */
void	xarf_report_id(const char *message_id, int64_t evidence_id,
	    char out[37]);

#endif
