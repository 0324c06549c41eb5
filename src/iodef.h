/*
 * iodef.h - a case as an IODEF v2 document (RFC 7970) for CERTs: one
 * Incident, written through libxml2's xmlTextWriter, which escapes every
 * string and checks the nesting, so no text from the case can break the
 * document.  A model: no database; the bytes go to the caller's sink.
 *
 * The document, in the order the schema wants it:
 *
 *   IODEF-Document version="2.00" xml:lang="en"
 *     (namespace urn:ietf:params:xml:ns:iodef-2.0)
 *   Incident purpose="mitigation" restriction="amber", status "new" until
 *     a complaint went out, then "in-progress"
 *     IncidentID name=<who made it: the From address's domain, else the
 *       case tag>: "<case tag>-P<provider id>"
 *     DetectTime       the first observation, when any row is dated
 *     ReportTime       the first complaint sent, when one was
 *     GenerationTime   now (clock_doc_stamp())
 *     Description      the case in one paragraph
 *     Assessment occurrence="actual"
 *       IncidentCategory  the evidence kinds
 *       SystemImpact type="policy": hosts used for abuse, against the
 *         upstreams' acceptable-use policies (RFC 7970 3.12.2)
 *     Contact role="creator"   the researcher (config organisation, from)
 *     Contact role="provider"  the hosting provider ("an external hosting
 *       provider for an asset", RFC 7970 3.9), RegistryHandle per AS
 *     Contact role="abuse"     each upstream ("responsible for handling
 *       the misuse of an asset"): RegistryHandle "AS<n>" with the
 *       registry of the stored answer that named it, the abuse
 *       addresses complaints went to
 *     EventData        one per evidence row: Description (kind, family,
 *       source, note), DetectTime (observed), Flow/System/Node with the
 *       indicator (Address ipv4-addr, ipv6-addr, ipv4-net, ipv6-net,
 *       site-uri for a URL; DomainData/Name for a domain), NodeRole for
 *       the kinds RFC 7970 names (c2-server, malware-distribution,
 *       phishing-site), AdditionalData: the row's id and SHA-256
 *     History          the timeline: a complaint sent is
 *       "contact-source-site" (the networks that serve the source of the
 *       abuse), with the Contact it went to; every later change of a
 *       complaint and every provider event is "status-new-info"
 *
 * IndicatorData is not used: RFC 7970 means it for detection signatures
 * shared to block on, while the evidence of a case is what was seen
 * where and when, which EventData carries.
 */
#ifndef DEPEER_IODEF_H
#define DEPEER_IODEF_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"
#include "validate.h"

#define IODEF_NS	"urn:ietf:params:xml:ns:iodef-2.0"

/* A contact; every string may be NULL (left out). */
struct iodef_contact {
	const char	*role;		/* an RFC 7970 contact role */
	const char	*type;		/* "organization" or "person" */
	const char	*name;		/* ContactName */
	const char	*description;
	/* RegistryHandles: AS numbers, each with its registry ("arin",
	   "ripe", ...; NULL: no attribute) */
	const uint32_t	*asns;
	const char *const *registries;
	size_t		 nasns;
	const char *const *emails;
	size_t		 nemails;
};

/* One evidence row. */
struct iodef_event {
	int64_t		 id;
	const char	*kind;
	const char	*indicator;
	enum ind_type	 type;
	int		 has_observed;
	int64_t		 observed_at;
	const char	*family, *source, *note;	/* or NULL */
	const char	*row_sha256;			/* hex */
};

/* One line of the History. */
struct iodef_history {
	int64_t		 at;
	const char	*action;	/* an RFC 7970 action */
	const char	*description;
	const struct iodef_contact *contact;	/* or NULL */
};

/* The case around the evidence. */
struct iodef_case {
	const char	*id_name;	/* IncidentID's name attribute */
	const char	*id;		/* IncidentID */
	const char	*status;	/* "new", "in-progress", ... */
	int		 has_detect;
	int64_t		 detect_time;
	int		 has_report;
	int64_t		 report_time;
	int64_t		 generation_time;
	const char	*description;
	const char	*category;	/* IncidentCategory, or NULL */
	const struct iodef_contact *contacts;	/* at least one */
	size_t		 ncontacts;
	const struct iodef_history *history;
	size_t		 nhistory;
};

/*
 * Where the bytes go: write(arg, bytes, len) returns 0, or -1 on an
 * error (the document then fails with DP_EX_IOERR).
 */
typedef int (*iodef_sink)(void *arg, const char *bytes, size_t len);

struct iodef_w;

/*
 * Start the document of c on sink (c and its strings are read until
 * iodef_end()): writes up to the last Contact.  Returns NULL with err
 * filled when c lacks a contact or libxml2 fails.
 */
struct iodef_w *iodef_begin(const struct iodef_case *c, iodef_sink sink,
	    void *arg, struct dp_err *err);
/* One evidence row: 0, or a code with err filled. */
int	iodef_event(struct iodef_w *w, const struct iodef_event *e,
	    struct dp_err *err);
/*
 * The History and the end of the document, flushed to the sink; w is
 * freed whatever the result.  0, or a code with err filled.
 */
int	iodef_end(struct iodef_w *w, struct dp_err *err);
/* Give up: free w without finishing the document. */
void	iodef_abort(struct iodef_w *w);

/*
 * Whether xml[0..len) is an IODEF v2 document by its root: the first
 * element, read as far as its start tag (a prefix of the document will
 * do; the rest is the schema's business), is IODEF-Document in the v2
 * namespace.  The schema bundle also accepts v1 roots
 * (urn:ietf:params:xml:ns:iodef-1.0), so a schema check alone would not
 * tell.  0, or DP_EX_DATAERR naming what the root is.
 */
int	iodef_check_root(const char *xml, size_t len, struct dp_err *err);

/* The registry enum of a RegistryHandle for a registry server's host
   name ("whois.arin.net", "rdap.db.ripe.net", ...), or NULL. */
const char *iodef_registry(const char *server);

#endif
