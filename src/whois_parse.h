/*
 * whois_parse.h - the WHOIS (RFC 3912) side of the registries without the
 * network: which answer format a server speaks, the query line to send it,
 * and parsers that turn one raw answer into a struct reg_record.
 *
 * Formats: IANA (whois.iana.org, "refer:"), ARIN ("NetRange:", "OrgAbuse*"),
 * RPSL (RIPE, APNIC, AFRINIC and the IRRs such as RADB: objects of
 * "attribute: value" lines separated by blank lines), LACNIC (RPSL-like,
 * "owner:", "abuse-c:" pointing at "nic-hdl:" blocks, abbreviated
 * prefixes "200.57.128/19") and rwhois (RFC 2167 "class:Attribute:value").
 *
 * Everything here is a pure function of its arguments: no I/O, no global
 * state, no printing.  An answer is untrusted bytes: it may end lines with
 * CRLF, LF or CR alone, contain NUL bytes (taken as line ends), lines of
 * any length (each is cut at WHOIS_LINE_MAX bytes), invalid UTF-8 and
 * control bytes (each replaced by U+FFFD in the values kept).  Parsing is
 * iterative and linear in the answer's size; the number of objects and
 * contacts kept is bounded (a note says when an answer was cut short).
 *
 * Ownership: returned strings and arrays belong to the caller; a filled
 * reg_record is released with reg_record_release().
 */
#ifndef DEPEER_WHOIS_PARSE_H
#define DEPEER_WHOIS_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "regrec.h"
#include "util.h"
#include "validate.h"

/* Longest line looked at, in bytes; the rest of a longer line is skipped. */
#define WHOIS_LINE_MAX	4096

/*
 * The note on a record ARIN gave as a one-line summary (reg_record.summary):
 * the chain (whois.c) asks for it by handle and drops the note when it
 * came whole.
 */
#define WHOIS_NOTE_SUMMARY \
	"ARIN answered with a summary list; ask for the handle for contacts"

/* Default ports of the two protocols. */
#define WHOIS_PORT	43
#define RWHOIS_PORT	4321

enum whois_fmt {
	WHOIS_IANA,
	WHOIS_ARIN,
	WHOIS_RPSL,		/* RIPE, APNIC, AFRINIC, IRRs, unknown */
	WHOIS_LACNIC,		/* whois.lacnic.net, whois.registro.br */
	WHOIS_RWHOIS,
};

/*
 * The format a server answers in, from its host name (any case, a final
 * dot ignored): whois.iana.org IANA; whois.arin.net ARIN; whois.lacnic.net
 * and whois.registro.br LACNIC; an "rwhois://..." referral or a host whose
 * first label is "rwhois" RWHOIS; everything else RPSL.
 */
enum whois_fmt	whois_fmt_for_server(const char *host);

enum whois_qtype {
	WQ_ADDR,		/* one address: "208.66.192.1" */
	WQ_PREFIX,		/* a CIDR prefix: "208.66.192.0/22" */
	WQ_ASN,			/* an AS number: "26780", "AS26780" */
};

/*
 * The query line for value, without the CRLF the caller adds.  value is
 * checked with val_ip / val_cidr / val_asn for t and sent in canonical form,
 * so nothing from it can add flags or lines.  Returns NULL if value is not
 * valid for t; else a string the caller frees.
 *
 *            WQ_ADDR            WQ_PREFIX               WQ_ASN
 *   ARIN     "n + 192.0.2.1"    "r + = 192.0.2.0/24"    "a 26780"
 *   RPSL     "-r 192.0.2.1"     "-r 192.0.2.0/24"       "-r -T aut-num AS26780"
 *            (whois.ripe.net, whois.apnic.net, whois.afrinic.net: -r leaves
 *            out personal objects, which RIPE counts against a daily quota;
 *            the "% Abuse contact" comment is still given)
 *   RPSL     "192.0.2.1"        "192.0.2.0/24"          "AS26780"
 *            (every other host: the IRRs, unknown servers)
 *   LACNIC   "192.0.2.1"        "192.0.2.0/24"          "AS26780"
 *   IANA     "192.0.2.1"        "192.0.2.0" (address)   "AS26780"
 *   RWHOIS   "192.0.2.1"        "192.0.2.0/24"          "AS26780"
 *
 * host may be NULL (then RPSL queries get no flags).
 */
char	*whois_query(enum whois_fmt fmt, const char *host, enum whois_qtype t,
	    const char *value);

/*
 * Parse one answer of format fmt to a query of type t into out, which the
 * caller has reg_record_init()ed; out is written only on success (its
 * previous contents are released then).  text[0..len) need not be
 * NUL-terminated.  Returns 0, or a DP_EX_* code with err filled:
 *
 *   DP_EX_PROTOCOL  not a WHOIS answer at all: HTML or JSON, binary bytes,
 *                   free text without a single "key: value" line, or a
 *                   server error line ("%ERROR:111: invalid option");
 *   DP_EX_TEMPFAIL  the server refused to answer for now ("%ERROR:201:
 *                   access denied", "query rate limit exceeded").
 *
 * The message quotes the first 60 bytes of the line at fault, escaped.
 *
 * On success out->kind is REG_NONE when the answer holds nothing for the
 * query ("%ERROR:101: no entries found", "No match found", an rwhois
 * banner alone, an empty answer), else:
 *
 * REG_NET (t is WQ_ADDR or WQ_PREFIX): the most specific block in the
 *   answer (smallest range: inetnum, inet6num, NetRange, rwhois network;
 *   route/route6 objects only when there is no block); its range with the
 *   CIDR cover; handle (NetHandle, or the block's key as written), name,
 *   org (org-name of the referenced organisation, OrgName, CustName,
 *   LACNIC owner, else the first descr), org_handle, country, status,
 *   source ("arin", "ripe", "apnic", "jpnic", "lacnic", "radb", ...);
 *   origins from ARIN OriginAS, LACNIC aut-num, and the route/route6
 *   objects in the same answer that overlap the block.
 * REG_AUTNUM (t is WQ_ASN): ARIN ASNumber / RPSL aut-num / LACNIC aut-num
 *   (as-block when there is nothing narrower): asn_first..asn_last, handle
 *   ("AS3255", normalised), name (ASName, as-name), org, contacts.
 * IANA answers: REG_NET or REG_AUTNUM for the block IANA names, source
 *   "iana", referral from "refer:" (else "whois:").
 *
 * contacts, best first (a stable sort by role keeps the registry's own
 * precedence within a role):
 *   RPSL    "% Abuse contact for 'x' is 'a@b'" (via "abuse-comment"),
 *           abuse-c -> abuse-mailbox (or its e-mail), org -> abuse-c,
 *           mnt-irt -> irt abuse-mailbox (via "irt"): ROLE_ABUSE; the
 *           organisation's own abuse-mailbox (legacy) ROLE_ABUSE_LEGACY;
 *           the block's own abuse-mailbox (dropped by RIPE in 2013), then
 *           that of the tech-c, then the admin-c objects
 *           ROLE_ABUSE_MAILBOX_LEGACY; e-mail of tech-c objects ROLE_TECH, of
 *           admin-c objects ROLE_ADMIN, of the organisation
 *           ROLE_REGISTRANT;
 *   LACNIC  abuse-c -> nic-hdl e-mail ROLE_ABUSE, tech-c/routing-c
 *           ROLE_TECH, owner-c ROLE_ADMIN;
 *   ARIN    RAbuseEmail (the reassignment's own) then OrgAbuseEmail
 *           ROLE_ABUSE; R/Org Tech, NOC, Routing ROLE_TECH; Admin
 *           ROLE_ADMIN;
 *   rwhois  Abuse-Contact, Tech-Contact, Admin-Contact (an address, or the
 *           handle of a contact object in the answer);
 *   and addresses found in remarks:, descr:, Comment: text: ROLE_REMARK
 *   only, never ROLE_ABUSE.
 * Only the chosen block and the objects it references are used; when they
 * name no ROLE_ABUSE address, the contacts of the enclosing blocks in the
 * same answer are added (closest first, up to the first with an abuse
 * address), each with from set to the enclosing block's handle, and a
 * note says so.  Likewise a block without origins (an ARIN reassignment
 * whose OriginAS is empty) takes those of the closest enclosing block
 * stating some, named in origins_from.  When no ROLE_ABUSE address is
 * left, addresses whose local part is "abuse" become
 * ROLE_ABUSE_CANDIDATE (reg_abuse_candidates()).  A reference to an
 * object missing from the answer ("abuse-c: X" without X) is noted, not
 * an error.
 *
 * referral: IANA "refer:"/"whois:"; ARIN the last "ReferralServer:", else
 * the last "ResourceLink:" naming a WHOIS host; as written.  Following it
 * (and stopping loops) is the caller's job; see whois_referral_parse().
 */
int	whois_parse(enum whois_fmt fmt, const char *text, size_t len,
	    enum whois_qtype t, struct reg_record *out, struct dp_err *err);

/*
 * A referral as ARIN and IANA write it: "rwhois://rwhois.example.com:4321",
 * "whois://whois.ripe.net", "whois://whois.ripe.net:43", bare
 * "whois.apnic.net" or "whois.apnic.net:43", an IP literal ("[2001:db8::1]:43"
 * for IPv6 with a port); a path after the host ("/auth-area=.") is ignored.
 * *host (lower case, the caller frees), *port (43 for whois, 4321 for
 * rwhois unless given) and *is_rwhois are written only on success.
 * *is_rwhois says which protocol (and answer format) the server speaks:
 * the scheme decides ("rwhois://host:43" is rwhois on port 43,
 * "whois://host:4321" WHOIS on port 4321); without a scheme, port 4321
 * means rwhois.
 * Anything else, "https://rdap..." included, is not a WHOIS referral:
 * DP_EX_PROTOCOL.
 */
int	whois_referral_parse(const char *ref, char **host, int *port,
	    int *is_rwhois, struct dp_err *err);

#endif
