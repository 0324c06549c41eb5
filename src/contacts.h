/*
 * contacts.h - the abuse contacts of an AS number or an address, ranked:
 * by the registries' own roles, then by the kind of source (the
 * registry's WHOIS first, then RDAP, RIPEstat), then in the order the
 * answers gave them; each address once, with the stored answer it came
 * from.  When no registry names an abuse contact, a record's own abuse@
 * address is already typed ROLE_ABUSE_CANDIDATE by its parser, and RFC
 * 2142's abuse@<domain> of the addresses found is offered as a guess,
 * typed as one (ROLE_FALLBACK, no source).
 *
 * Ownership: struct contact and struct contacts_result own their
 * strings and source copies (contacts_free, contacts_result_release).
 */
#ifndef DEPEER_CONTACTS_H
#define DEPEER_CONTACTS_H

#include <stddef.h>

#include <jansson.h>

#include "regrec.h"
#include "source_ref.h"
#include "util.h"

struct lookup;

struct contact {
	char		*email;
	enum reg_role	 role;		/* ROLE_FALLBACK for a guess */
	char		*via;		/* how it was found, or NULL */
	char		*handle;	/* the registry object, or NULL */
	char		*from;		/* the enclosing record it was taken
					   from, or NULL (lk_contact.from) */
	struct source_ref *src;		/* the answer it came from; NULL for
					   a guess, or a source not known */
};
void	contacts_free(struct contact *v, size_t n);

/*
 * Rank and de-duplicate l's contacts in place (after net_run()): the
 * result does not depend on which answer arrived first.
 */
void	contacts_rank(struct lookup *l);
/*
 * l's ranked contacts as typed contacts (copies) in *out (*n of them),
 * followed, when fallbacks is set and none has the abuse role, by the
 * RFC 2142 guesses.
 */
void	contacts_of_lookup(const struct lookup *l, int fallbacks,
	    struct contact **out, size_t *n);

/* What lookup_contacts() (lookup.h) found. */
struct contacts_result {
	char		*query;		/* as given */
	char		*canonical;	/* "AS26780", "208.66.194.37" */
	struct contact	*v;
	size_t		 n;
	char		**warnings;	/* one line per source that failed */
	size_t		 nwarnings;
	int		 answered;	/* registries whose answer was read */
	int		 worst_rc;	/* when none was: why (lookup.h) */
	int		 store_rc;	/* storing the answers failed: the */
	struct dp_err	 store_err;	/* code and message, else 0 */
};
void	contacts_result_release(struct contacts_result *res);
/* ---- rendering (resolve_json.c) ---- */

/* {email, role, via, handle, source}: a new reference. */
json_t	*contact_to_json(const struct contact *c);
/* {query, canonical, contacts, warnings}: a new reference. */
json_t	*contacts_result_to_json(const struct contacts_result *res);

#endif
