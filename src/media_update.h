/*
 * media_update.h - the status updates of a case to its media contacts
 * ("depeer report PROVIDER --to-media"): one message per contact, drafted
 * as a complaint with the media-update template (complaint.h
 * COMPLAINT_MEDIA_TEMPLATE) and sent like one ("complaint send", exactly
 * once).  Each holds the report's plain summary, what changed since the
 * last update that contact was sent, and has the HTML report and the case
 * bundle's SHA256SUMS attached.  A service.
 */
#ifndef DEPEER_MEDIA_UPDATE_H
#define DEPEER_MEDIA_UPDATE_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct config;
struct complaint_drafted;
struct db;
struct media_contact;

struct media_update_req {
	const char	 *provider;	/* a name or id */
	int		  unredacted;	/* indicators and names as they are:
					   only when the researcher says so */
	const char	**series;	/* the report's --series */
	size_t		  nseries;
	const char	 *at;		/* the report's --at, or NULL */
	const char	 *bundle_dir;	/* where the case bundle is written:
					   must not exist, or be empty */
};

/*
 * Write the case bundle to req->bundle_dir and draft one update per live
 * media contact of the provider's case (and of every case), in one
 * transaction: all of them or none.  *out receives *n drafts
 * (complaint_drafted_free()), *contacts the *n contacts in the same
 * order (media_free()).  DP_EX_NOINPUT when the provider is unknown or
 * has no media contact; the errors of report_write(), bundle_write() and
 * complaint_draft().
 */
int	media_update_draft(struct db *db, const struct config *cfg,
	    const struct media_update_req *req, struct complaint_drafted **out,
	    struct media_contact **contacts, size_t *n, struct dp_err *err);

/*
 * One line in plain words for a timeline item (event_store.h): "AS3549
 * (Global Crossing) stopped carrying its routes".  redact leaves out a
 * note's text.  A new string.
 */
struct tl_item;
char	*media_change_text(const struct tl_item *it, int redact);

#endif
