/*
 * report_int.h - what report.c gathers once and each renderer reads
 * (report_text.c, report_html.c, report_svg.c, report_json.c).  Every
 * string here is final: redacted already when the report is, so that no
 * renderer can show what --redact hides.
 */
#ifndef DEPEER_REPORT_INT_H
#define DEPEER_REPORT_INT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "impact.h"
#include "measure.h"
#include "report.h"

struct buf;

/* One group of evidence rows (db_report.h), the family shown. */
struct rep_group {
	char		 kind[16];
	char		*family;	/* NULL: none given */
	int64_t		 n, undated, first_observed, last_observed;
};

/* One stored answer behind a link. */
struct rep_linksrc {
	int64_t		 source_id;
	char		*method;	/* ripestat, irr, cymru */
	char		*detail;	/* shown */
};

/* One upstream link of one of the provider's AS numbers. */
struct rep_link {
	uint32_t	 origin, upstream;
	char		*name;		/* the upstream's AS name, or NULL */
	double		 confidence;
	int64_t		 first_seen, last_seen, gone_since;
	int64_t		 last_run;	/* the origin's latest run */
	struct rep_linksrc *src;
	size_t		 nsrc;
};

/* One thing a party sent back, or its silence. */
struct rep_reply {
	int64_t		 at;
	char		*what;		/* "auto-reply", "reply", "bounce",
					   or a state ("answered") */
	char		*text;		/* its subject or note, shown; NULL */
	int64_t		 complaint_id;
	int64_t		 mail_id;	/* 0: a change of state */
	int64_t		 audit_seq;
};

/* A party contacted: an address, with the AS it was written to. */
struct rep_party {
	uint32_t	 asn;		/* 0: the provider itself, or none */
	char		*name;		/* the AS's name, or the provider's */
	char		*address;	/* shown */
	int64_t		*complaints;	/* ids */
	size_t		 ncomplaints;
	int64_t		 sent;		/* messages sent */
	int64_t		 first_sent, last_sent;	/* 0: none */
	char		*state;		/* the latest complaint's state */
	struct rep_reply *replies;	/* by time */
	size_t		 nreplies;
};

/* One line of the timeline, shown. */
struct rep_tl {
	int64_t		 at;
	char		*what;		/* one plain sentence */
	char		*record;	/* "audit 12, source 3" */
};

/* One series, its chart points and its impact. */
struct rep_series {
	char		*name;
	int64_t		 interval_s;
	int64_t		 points, first_t, last_t;
	double		 total;
	struct measure_point *chart;	/* downsampled: REPORT_CHART_MAX at
					   most (bucket means) */
	size_t		 nchart;
	double		 chart_min, chart_max;	/* of the bucket extremes */
	double		*chart_lo, *chart_hi;	/* each bucket's extremes */
	int		 measured;	/* r is filled */
	struct impact_result r;
	char		*not_measured;	/* why not, when not */
};

/* One record cited. */
struct rep_source {
	int64_t		 id;
	char		*protocol, *server, *query;	/* query shown */
	int64_t		 fetched_at;
	char		 sha256[65];
	int64_t		 size;
};
struct rep_mail {
	int64_t		 id, complaint_id;
	char		*from;		/* shown */
	int64_t		 at;		/* Date, else imported */
	char		*mclass;
	char		 sha256[65];
	int64_t		 audit_seq;
};
struct rep_msg {
	int64_t		 id;		/* the complaint */
	char		*to;		/* shown, ", " between */
	char		*state;
	int64_t		 version;
	char		 sha256[65];
	int64_t		 audit_seq;
};

/* The chart's most points: one per pixel column of its width. */
#define REPORT_CHART_MAX	720

/* Events marked on the chart. */
struct rep_mark {
	int64_t		 at;
	char		*label;
	int		 measured;	/* the event the impact is measured at */
};

struct report_data {
	const struct report_opts *o;
	int64_t		 generated_at;
	int		 schema_version;
	int64_t		 head_seq;
	char		 head_hash[65];
	/* the provider */
	int64_t		 provider_id;
	char		*name;		/* its name */
	char		*country, *url, *note;	/* or NULL */
	uint32_t	*asns;
	size_t		 nasns;
	char		**prefixes;
	size_t		 nprefixes;
	int64_t		 retired_at;
	/* evidence */
	int64_t		 rows, retracted, undated;
	int64_t		 first_observed, last_observed;
	int64_t		 first_recorded, last_recorded;
	struct rep_group *groups;
	size_t		 ngroups;
	/* upstreams */
	struct rep_link	*links;
	size_t		 nlinks;
	/* right of reply */
	struct rep_party *parties;
	size_t		 nparties;
	/* timeline */
	struct rep_tl	*tl;
	size_t		 ntl;
	struct rep_mark	*marks;
	size_t		 nmarks;
	/* impact */
	int		 has_event;
	int64_t		 event_at;
	int64_t		 event_id;	/* 0: a time given by hand */
	char		 event_kind[16];
	char		*no_event;	/* why there is none */
	struct rep_series *series;
	size_t		 nseries;
	/* appendix */
	struct rep_source *sources;
	size_t		 nsources;
	struct rep_mail	*mails;
	size_t		 nmails;
	struct rep_msg	*msgs;
	size_t		 nmsgs;
	/* the sender of the latest complaint sent: the case's contact */
	char		*contact;	/* shown; NULL: none sent */
	/* words */
	char		*summary;
	char		**caveats;
	size_t		 ncaveats;
	/* redaction: what was hidden, by kind */
	struct redactor	*red;
};

/* Gather (report.c). */
int	report_gather(struct db *db, const char *provider,
	    const struct report_opts *o, struct report_data *d,
	    struct dp_err *err);
void	report_data_release(struct report_data *d);

/* Render (one file each). */
void	report_render_text(const struct report_data *d, int markdown,
	    struct buf *out);
int	report_render_html(const struct report_data *d, struct buf *out,
	    struct dp_err *err);
json_t	*report_render_json(const struct report_data *d);

/*
 * The chart of series s with the marks of d as an <svg> element (libxml2;
 * report_svg.c): a new xmlNodePtr, returned as void * so that this
 * header needs no libxml2.  NULL when s has nothing to draw.
 */
/* Whether the chart of s shows an event at time at (its marks are
   numbered 1... in that order). */
int	report_svg_mark_shown(const struct rep_series *s, int64_t at);
void	*report_svg_chart(const struct report_data *d,
	    const struct rep_series *s);

/* ---- helpers shared by the renderers (report_words.c) ---- */

/* "2008-11-11T21:23:00Z", or "-" for 0. */
const char *rep_time(int64_t t, char buf[32]);
/* "1 hour", "1 day", "15m" */
void	rep_interval_name(int64_t s, char *buf, size_t len);
/* "fell 62%", "rose 5%", "did not change (+0.2%)" */
void	rep_change(double pct, char *buf, size_t len);
/* "a fall of 55% to 68%" ... */
void	rep_ci(const double ci[2], char *buf, size_t len);
/* The sentences of the impact of s (method and interval each), one per
   line into out, each ending "\n". */
void	rep_impact_lines(const struct rep_series *s, struct buf *out);
/* The sentences every format shares, appended to out: the evidence
   counted, with its method; what was sent to a party and what came of
   it (after its address); one reply, its text between open and close. */
void	rep_evidence_sentence(const struct report_data *d, struct buf *out);
void	rep_party_sentence(const struct rep_party *p, struct buf *out);
void	rep_reply_line(const struct rep_reply *r, const char *open,
	    const char *close, struct buf *out);

/*
 * Chart scaling: the bucket of point t in [t0, t1) split into n equal
 * buckets, and "nice" axis ticks for [lo, hi] (report_words.c, unit-tested).
 */
size_t	rep_bucket(int64_t t, int64_t t0, int64_t t1, size_t n);
/* Up to max ticks at a step of 1, 2 or 5 times a power of ten, from the
   first multiple at or above lo to hi: *step and the count returned. */
size_t	rep_ticks(double lo, double hi, size_t max, double *first,
	    double *step);
/*
 * Downsample p[0..n) (by t) to at most max buckets over [t0, t1]: the
 * mean, min and max of each non-empty bucket (at its mean time).  *out,
 * *lo, *hi of *nout, the caller frees.
 */
void	rep_downsample(const struct measure_point *p, size_t n, size_t max,
	    struct measure_point **out, double **lo, double **hi,
	    size_t *nout);

/*
 * Markdown (report_text.c): s appended to out with every character that
 * could start markup backslash-escaped and line breaks as spaces.
 */
void	report_md_escape(const char *s, struct buf *out);

/* ---- redaction (report_redact.c) ---- */

struct redactor;
struct redactor *redactor_new(void);
void	redactor_free(struct redactor *r);
/*
 * The placeholder of an indicator or personal value of type ("ipv4",
 * "ipv6", "cidr", "domain", "url", "email", "name", "file"):
 * "[redacted ipv4 #3]", numbered per type in the order first asked, the
 * same value always the same number.  Borrowed (valid until
 * redactor_free()).
 */
const char *redact_value(struct redactor *r, const char *type,
	    const char *value);
/*
 * Free text with every IP address, prefix, domain name, URL and e-mail
 * address in it (defanged ones too) replaced by its placeholder; the
 * role addresses of abuse desks (abuse@, noc@, security@, ...) are kept.
 * A new string.
 */
char	*redact_text(struct redactor *r, const char *s);
/* The same with the characters of seps ending a token too ("/?=&": the
   parts of a registry URL). */
char	*redact_text_seps(struct redactor *r, const char *s,
	    const char *seps);
/* An e-mail address: kept when a role address, else its placeholder.
   A new string. */
char	*redact_address(struct redactor *r, const char *addr);
/* A value never hidden (a registry's host name), any case. */
void	redactor_keep(struct redactor *r, const char *value);
/* Whether the local part of addr is a role (abuse, noc, ...). */
int	redact_is_role(const char *addr);
/* How many values of each type were hidden: "2 ipv4, 1 domain", or "". */
char	*redact_counts(const struct redactor *r);

#endif
