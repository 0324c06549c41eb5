/*
 * cmd_impact.c - "depeer impact": what an event did to a measured
 * series, each number with its method and interval (impact.h).
 */
#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "event_store.h"
#include "exitcodes.h"
#include "impact.h"
#include "measure.h"
#include "measure_store.h"
#include "numparse.h"
#include "validate.h"

enum { OPT_SERIES = OPT_FIRST_LOCAL, OPT_AT, OPT_WINDOW, OPT_PROVIDER };

/*
 * --at: a time, or an event of a provider's timeline ("event:ID" or the
 * bare ID), whose id goes to *event_id (0 for a time) for the database.
 */
static int
parse_at(const char *s, int64_t *at, int64_t *event_id, struct dp_err *err)
{
	size_t i, n = strlen(s);
	const char *id = strncmp(s, "event:", 6) == 0 ? s + 6 : s;
	int digits = n > 0;
	long long v;

	*event_id = 0;
	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			digits = 0;
	if (id != s || digits) {
		if (parse_num("--at", id, 1, INT64_MAX, &v, err) != 0)
			return err->code;
		*event_id = v;
		return 0;
	}
	if (val_time(s, at, err) != 0) {
		dp_err_prefix(err, "'--at'");
		err->code = DP_EX_USAGE;
		return DP_EX_USAGE;
	}
	return 0;
}

/* "hour", "day", "interval of 15m" */
static void
unit_name(int64_t interval, char *buf, size_t len)
{
	char d[24];

	if (interval == 3600)
		snprintf(buf, len, "hour");
	else if (interval == 86400)
		snprintf(buf, len, "day");
	else if (interval == 60)
		snprintf(buf, len, "minute");
	else {
		measure_fmt_duration(interval, d);
		snprintf(buf, len, "interval of %s", d);
	}
}

static void
print_text(const char *name, const struct impact_result *r)
{
	char t[TIME_STRLEN], iv[24], v[64], ci[128], u[40], m[256];
	int64_t days = r->window_s / 86400;
	size_t i;

	fmt_time(r->at, t);
	measure_fmt_duration(r->interval_s, iv);
	unit_name(r->interval_s, u, sizeof(u));
	printf("series '%s': the event at %s, %" PRId64 " day%s before "
	    "against %" PRId64 " day%s after\n", tx(name), t, days,
	    days == 1 ? "" : "s", days, days == 1 ? "" : "s");
	printf("data:        %" PRId64 " and %" PRId64 " of the %" PRId64
	    " intervals of %s on each side have a count\n", r->n_before,
	    r->n_after, r->slots, iv);
	if (r->n_before > 0)
		printf("before:      %.4g per %s on average\n", r->before_mean,
		    u);
	if (r->n_after > 0)
		printf("after:       %.4g per %s on average\n", r->after_mean,
		    u);
	if (r->has_change) {
		impact_change_words(r->change_pct, v, sizeof(v));
		if (r->has_ci) {
			impact_ci_words(r->ci95, ci, sizeof(ci));
			impact_means_method(r, m, sizeof(m));
			printf("means:       %s (%s; %s)\n", v, ci, m);
		} else
			printf("means:       %s (no interval could be "
			    "computed)\n", v);
	}
	if (r->has_same_hours) {
		impact_change_words(r->same_hours_change_pct, v, sizeof(v));
		printf("same hours:  %s (each hour of the %s after against the "
		    "same hour before; no interval)\n", v, r->same_weekday ?
		    "week" : "day");
	}
	if (r->has_its) {
		impact_change_words(r->its_change_pct, v, sizeof(v));
		impact_ci_words(r->its_ci95, ci, sizeof(ci));
		impact_its_method(r, m, sizeof(m));
		printf("model:       %s (%s; %s)\n", v, ci, m);
	}
	for (i = 0; i < r->nweeks; i++) {
		if (isnan(r->weekly[i]))
			snprintf(v, sizeof(v), "too little data");
		else
			impact_change_words(r->weekly[i], v, sizeof(v));
		printf("%s%zu: %s\n", i == 0 ? "weeks after: week " :
		    "             week ", i + 1, v);
	}
	if (r->conclusive)
		printf("conclusive:  yes\n");
	else
		printf("conclusive:  no: %s\n", r->reason);
}

static int
impact_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct measure_series s;
	struct measure_point *p;
	struct impact_result r;
	const char *name, *arg;
	int64_t at = 0, event_id = 0, window = 7 * 86400;
	const char *provider;
	struct pevent ev;
	size_t n;
	int rc;

	if (a->argc != 0)
		return cmd_usage_error(ctx, "'impact' takes no arguments");
	if ((name = args_get(a, OPT_SERIES)) == NULL)
		return cmd_usage_error(ctx, "'impact' needs --series NAME");
	provider = args_get(a, OPT_PROVIDER);
	if ((arg = args_get(a, OPT_AT)) == NULL && provider == NULL)
		return cmd_usage_error(ctx, "'impact' needs --at TIME|EVENT_ID, "
		    "or --provider P for its last upstream-lost or de-peered "
		    "event");
	if (arg != NULL && provider != NULL)
		return cmd_usage_error(ctx, "'impact': --at and --provider "
		    "both name the event; give one");
	if (measure_name_valid(name, &err) != 0 ||
	    (arg != NULL && parse_at(arg, &at, &event_id, &err) != 0))
		return report(&err);
	if ((arg = args_get(a, OPT_WINDOW)) != NULL &&
	    measure_parse_duration("--window", arg, &window, &err) != 0)
		return report(&err);
	if (window % 86400 != 0)
		return cmd_usage_error(ctx, "'--window': '%s' is not whole "
		    "days (1d, 7d, 14d, ...)", arg);
	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	if (provider != NULL || event_id != 0) {
		rc = provider != NULL ?
		    event_last_withdrawal(ctx->db, provider, &ev, &err) :
		    event_get(ctx->db, event_id, &ev, &err);
		if (rc != 0)
			return report(&err);
		at = ev.at;
		pevent_release(&ev);
	}
	if (measure_points(ctx->db, name, &s, &p, &n, &err) != 0)
		return report(&err);
	rc = impact_compute(p, n, s.interval_s, at, window, &r, &err);
	free(p);
	if (rc != 0) {
		dp_err_prefix(&err, "series '%s'", name);
		measure_series_release(&s);
		return report(&err);
	}
	if (ctx->json)
		print_json(impact_to_json(s.name, &r));
	else
		print_text(s.name, &r);
	impact_release(&r);
	measure_series_release(&s);
	return DP_EX_OK;
}

const struct cmd_entry cmd_impact_entry = {
	.name = "impact",
	.summary = "measure what an event did to a series, with intervals",
	.about = "Compare a measured series before and after an event (a "
	    "de-peering): the change of the mean with a moving-block "
	    "bootstrap interval, the same hours compared, a Poisson "
	    "time-series model with its interval, and the change of each "
	    "week after.",
	.usage = "impact --series NAME --at TIME|EVENT_ID [--window 7d] "
	    "[--json]\n"
	    "impact --series NAME --provider P [--window 7d] [--json]",
	.flags = CMD_DB_READ,
	.opts = (const struct cmd_opt[]){
		{ "series", OPT_SERIES, required_argument, "NAME",
		  "the series (depeer measure)" },
		{ "at", OPT_AT, required_argument, "TIME",
		  "the event: an RFC 3339 time, or a timeline event "
		  "(event:ID or ID)" },
		{ "window", OPT_WINDOW, required_argument, "DAYS",
		  "the days compared on each side (default 7d)" },
		{ "provider", OPT_PROVIDER, required_argument, "P",
		  "the event: P's last upstream-lost or de-peered" },
		CMD_OPTS_END
	},
	.exec = impact_exec,
	.man = "depeer-impact",
};
