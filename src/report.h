/*
 * report.h - the status report of a provider (depeer report): for
 * journalists and colleagues, in the order WRITING.md section 3 gives:
 * a plain summary, the caveats, the provider and its evidence, its
 * upstreams and how each link was shown, who was told and what each
 * said, the timeline, the measured impact, and every record cited.
 *
 * The data are gathered once, in one read snapshot (report.c), and
 * rendered by one file per format: report_text.c (text and Markdown),
 * report_html.c (with report_svg.c's chart), report_json.c.  A service:
 * reads only, prints nothing.
 */
#ifndef DEPEER_REPORT_H
#define DEPEER_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct buf;
struct db;

enum report_format { REPORT_TEXT, REPORT_MARKDOWN, REPORT_HTML, REPORT_JSON };

struct report_opts {
	enum report_format format;
	int		 redact;	/* hide indicators and personal names */
	const char	**series;	/* the series measured; none: every
					   series of the case */
	size_t		 nseries;
	const char	*at;		/* the event measured: a time or
					   "event:ID"; NULL: impact's default
					   (the last upstream-lost or
					   de-peered event) */
	int64_t		 now;		/* generated_at */
};

/* "text", "markdown" (or "md"), "html", "json" into *f: 0, else -1. */
int	report_format_parse(const char *name, enum report_format *f);
/* The file name extension of f: "txt", "md", "html", "json". */
const char *report_format_ext(enum report_format f);

/*
 * The report of provider (a name or id) in o->format appended to out,
 * read in one snapshot.  Returns 0, or DP_EX_NOINPUT (no such provider,
 * no such series or event), DP_EX_USAGE (a bad --at), or the store's
 * error, with err filled and out as it was.
 */
int	report_write(struct db *db, const char *provider,
	    const struct report_opts *o, struct buf *out, struct dp_err *err);

/*
 * The report's plain summary paragraph alone (one line, no markup; for
 * the media-update mails) as o (its series, event and redaction; its
 * format is ignored) makes it: *text, the caller frees.
 */
int	report_summary(struct db *db, const char *provider,
	    const struct report_opts *o, char **text, struct dp_err *err);

#endif
