/*
 * complaint_draft.h - drafting complaints: the data of the case
 * (draft_data.h), the case tag, deadline, earlier notices and
 * attachments added to it, a template rendered (tplfile.h), the message
 * built (mail.h) and stored as a draft (complaint_store.h), all in one
 * transaction: on any error nothing is stored.  A service.
 */
#ifndef DEPEER_COMPLAINT_DRAFT_H
#define DEPEER_COMPLAINT_DRAFT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "complaint.h"
#include "util.h"

struct config;
struct db;
struct mail_attachment;

struct complaint_draft_req {
	const char		*provider;	/* name or id */
	const uint32_t		*asns;		/* --upstream, in order */
	size_t			 nasns;
	const char		*to;		/* --to ADDR, or NULL */
	const char *const	*cc;		/* --cc ADDR... */
	size_t			 ncc;
	const char		*tmpl;		/* --template NAME|PATH, or
						   NULL for the default */
	const char *const	*kinds;		/* --kind K... */
	size_t			 nkinds;
	int			 has_since;	/* --since */
	int64_t			 since;
	int			 xarf;		/* --xarf */
	int			 sign;		/* --sign */
	int			 print_data;	/* --print-data: the template
						   data only, nothing stored */
	/*
	 * A message in an existing thread (complaint_next.h); zero for a
	 * first complaint.  extra: members set in the template data after
	 * case, deadline, notices and previous (so over the last two),
	 * before attachments, or NULL; in_reply_to, references: instead
	 * of the previous complaint's Message-ID, or NULL; att:
	 * attachments after the others (listed in data.attachments too).
	 */
	json_t			*extra;
	const char		*in_reply_to;
	const char		*references;
	const struct mail_attachment *att;
	size_t			 natt;
	/*
	 * A message that is no complaint (a status update to a media
	 * contact): neither the evidence CSV nor the registry answers
	 * attached, only att; to_name, or NULL, the display name of --to.
	 */
	int			 bare;
	const char		*to_name;
};

/* One complaint drafted. */
struct complaint_drafted {
	struct complaint c;
	char		*via;		/* where the address came from, or
					   NULL (--to) */
	uint32_t	*asns;		/* the target ASes it covers */
	size_t		 nasns;
	int64_t		 csv_rows, csv_omitted;
	int64_t		 xarf_attached;	/* reports attached */
	int64_t		 xarf_unreportable;	/* rows of no XARF type */
	int64_t		 xarf_dropped;	/* left out by xarf_max or the
					   message size */
	int64_t		 nrecords;	/* registry answers attached */
	json_t		*data;		/* with print_data: the data the
					   template would be rendered with
					   (a reference), else NULL */
};

/*
 * Draft the complaints req asks for.  With several --upstream ASes, the
 * ones whose abuse addresses coincide get one complaint (upstream_asn
 * NULL, its body that of the first of them, the registry answers of
 * all attached); the others one each, in the order given.  *out receives
 * *n of them (complaint_drafted_free()).
 *
 * Errors (nothing stored): no sender identity (config "from": DP_EX_CONFIG,
 * naming the command that sets it), --sign without pgp_key
 * (DP_EX_CONFIG), an invalid --to or --cc address (DP_EX_DATAERR), a
 * field that would break a header (DP_EX_DATAERR), an unknown template
 * (DP_EX_NOINPUT), and those of draft_data_build(): no such provider, no
 * evidence selected, no abuse address stored for an AS.
 *
 * With req->print_data nothing is stored: each complaint's data, as the
 * template would receive it (case, deadline, notices and attachments
 * included; case.id the number it would get), is in its data member,
 * for "depeer template render --data" to preview a template with.
 */
int	complaint_draft(struct db *db, const struct config *cfg,
	    const struct complaint_draft_req *req,
	    struct complaint_drafted **out, size_t *n, struct dp_err *err);
void	complaint_drafted_free(struct complaint_drafted *v, size_t n);

/*
 * The template drafted with when none is asked for, by the relation of
 * the target to the provider (draft_data.h's "relation").
 */
const char *complaint_default_template(const char *relation, int have_asn);

#endif
