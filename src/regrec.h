/*
 * regrec.h - what a registry answer says, in one shape for every source:
 * WHOIS (ARIN, RPSL registries, LACNIC, rwhois), RDAP, Team Cymru,
 * RIPEstat and IRR objects all parse into struct reg_record and its
 * contacts.  The parsers are pure functions over the bytes of one answer;
 * the network clients, the cache and the resolution logic use these
 * structs and never the raw formats.
 *
 * Ownership: a reg_record owns every string and array it points to;
 * reg_record_release() frees them all.  Strings are NUL-terminated UTF-8
 * (a parser replaces invalid bytes with U+FFFD or drops the value, and
 * says which in a comment).
 */
#ifndef DEPEER_REGREC_H
#define DEPEER_REGREC_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"
#include "validate.h"

/* What a contact address is, best first (the order abuse_emails uses). */
enum reg_role {
	ROLE_ABUSE,		/* the registry's abuse contact: the "% Abuse
				   contact" comment, abuse-c -> abuse-mailbox,
				   OrgAbuseEmail/RAbuseEmail, an RDAP entity
				   with role "abuse", an irt abuse-mailbox,
				   RIPEstat abuse-contact-finder */
	ROLE_ABUSE_LEGACY,	/* an RPSL organisation object's own
				   abuse-mailbox: a legacy attribute the
				   registry no longer publishes as the
				   abuse contact (that is abuse-c) */
	ROLE_ABUSE_MAILBOX_LEGACY,	/* any other abuse-mailbox outside
				   abuse-c: the block's own (RIPE dropped
				   it from inetnum in 2013) or that of a
				   tech-c or admin-c person or role */
	ROLE_ABUSE_CANDIDATE,	/* an address whose local part is "abuse"
				   among the holder's or other contacts'
				   when the record names no abuse contact:
				   low confidence, never registry-declared */
	ROLE_TECH,		/* technical / noc / OrgTechEmail / tech-c */
	ROLE_ADMIN,		/* administrative / admin-c */
	ROLE_REGISTRANT,	/* the holder organisation's own address */
	ROLE_REMARK,		/* an address in free text (remarks, descr):
				   a hint, never an abuse contact */
	ROLE_FALLBACK,		/* abuse@<domain> guessed per RFC 2142 */
	ROLE_OTHER,
};
/*
 * "abuse", "org-abuse-legacy", "abuse-mailbox-legacy", "abuse-candidate",
 * "tech", "admin",
 * "registrant", "remark", "fallback", "other".
 */
const char *reg_role_name(enum reg_role r);

struct reg_contact {
	char		*email;		/* as the registry wrote it */
	enum reg_role	 role;
	char		*handle;	/* object it came from ("BTCR1-RIPE",
					   "ZG39-ARIN"), or NULL */
	char		*via;		/* how it was found: "abuse-comment",
					   "abuse-mailbox", "OrgAbuseEmail",
					   "irt", "rdap:abuse", "e-mail",
					   "remarks", ... */
	char		*from;		/* the record it was taken from when
					   not the record itself (an enclosing
					   block's handle: "NET-198-51-100-0-1"),
					   or NULL */
};

enum reg_kind {
	REG_NONE,		/* nothing found (e.g. "No entries found") */
	REG_NET,		/* an address block */
	REG_AUTNUM,		/* an AS number (or a block of them) */
	REG_ENTITY,		/* a contact object alone */
};

struct reg_record {
	enum reg_kind	 kind;
	char		*source;	/* registry: "arin", "ripe", "apnic",
					   "lacnic", "afrinic", or an NIR or
					   IRR name ("jpnic", "radb") */
	char		*handle;	/* NetHandle, inetnum key, RDAP handle */
	char		*name;		/* netname / NetName / as-name / RDAP
					   name */
	char		*org;		/* holder organisation's name */
	char		*org_handle;
	char		*country;	/* as given (ISO 3166 alpha-2 usually) */
	char		*country_from;	/* where country came from when not
					   the object itself ("registrant's
					   address"), or NULL */
	char		*status;	/* allocation status, if given */
	/* REG_NET */
	int		 has_range;
	int		 family;	/* AF_INET or AF_INET6 */
	unsigned char	 first[16], last[16];	/* inclusive, network order */
	struct ipnet	*prefixes;	/* CIDR cover of the range, or the
					   registry's own CIDR list */
	size_t		 nprefixes;
	uint32_t	*origins;	/* origin ASNs stated with the object */
	size_t		 norigins;
	char		*origins_from;	/* the enclosing record the origins
					   were taken from (the block itself
					   states none), or NULL */
	/* REG_AUTNUM */
	uint32_t	 asn_first, asn_last;
	struct reg_contact *contacts;
	size_t		 ncontacts;
	char		*referral;	/* WHOIS: the next server to ask, as
					   written ("whois.arin.net",
					   "rwhois://host:4321") */
	char		**links;	/* RDAP: entity URLs to follow for an
					   abuse address (no e-mail inline) */
	size_t		 nlinks;
	int		 summary;	/* the record is one line of a list
					   (ARIN's answer to a query matching
					   several): no contacts, no origin */
	char		**notes;	/* warnings worth keeping with the fact
					   (RIPEstat "messages", truncation) */
	size_t		 nnotes;
};
#define REG_RECORD_INIT	{ 0 }

void	reg_record_init(struct reg_record *r);
void	reg_record_release(struct reg_record *r);
/* d becomes a deep copy of s (d's old content is not freed). */
void	reg_record_copy(struct reg_record *d, const struct reg_record *s);

/* Replace *field with a copy of s (NULL clears). */
void	reg_set(char **field, const char *s);
/*
 * Add a contact unless the same address (case-insensitive) with the same
 * role is there; an address seen again with a better role is upgraded.
 * handle and via may be NULL.  Returns 1 if added or upgraded.
 */
int	reg_add_contact(struct reg_record *r, const char *email,
	    enum reg_role role, const char *handle, const char *via);
/*
 * Sort the contacts by role, best first (enum reg_role order), keeping
 * the order of those with the same role (a stable sort), so contacts[0]
 * is the best address.  A parser calls it once, after the last contact is
 * added.
 */
void	reg_sort_contacts(struct reg_record *r);
/*
 * When r names no ROLE_ABUSE address (and has no abuse entity link to
 * follow), mark each of its addresses whose local part is "abuse" (any
 * case) and whose role is below ROLE_ABUSE_CANDIDATE (a remark excepted)
 * as ROLE_ABUSE_CANDIDATE, and sort again.  Returns how many.
 */
size_t	reg_abuse_candidates(struct reg_record *r);
void	reg_add_origin(struct reg_record *r, uint32_t asn);
void	reg_add_link(struct reg_record *r, const char *url);
void	reg_add_note(struct reg_record *r, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/*
 * Set the record's range from its first and last address (same family)
 * and fill prefixes with the smallest list of CIDR blocks covering exactly
 * that range (196.11.239.0 - 196.11.246.255 is 239.0/24, 240.0/22,
 * 244.0/23, 246.0/24).  Returns 0, or DP_EX_DATAERR if last < first.
 */
int	reg_set_range(struct reg_record *r, int family,
	    const unsigned char first[16], const unsigned char last[16],
	    struct dp_err *err);
/* Set the range from one prefix (and prefixes to just it). */
void	reg_set_prefix(struct reg_record *r, const struct ipnet *n);

/*
 * The smallest CIDR cover of [first, last] (family's width); *out is an
 * array the caller frees.
 */
void	range_to_cidrs(int family, const unsigned char first[16],
	    const unsigned char last[16], struct ipnet **out, size_t *n);

/*
 * Whether s looks like a single e-mail address (local@domain, domain with
 * a dot, no spaces, no control characters, C1 included); used to pick
 * addresses out of free text and registry answers.
 */
int	email_plausible(const char *s, size_t len);

#endif
