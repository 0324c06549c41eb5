/*
 * draft_int.h - what draft_data.c and draft_evidence.c share: the JSON
 * members as the template data writes them, and the evidence pass.
 */
#ifndef DEPEER_DRAFT_INT_H
#define DEPEER_DRAFT_INT_H

#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "defang.h"
#include "draft_data.h"
#include "validate.h"

struct db;

/* ---- JSON members ---- */

static inline void
set_str(json_t *o, const char *key, const char *s)
{
	json_object_set_new(o, key, json_string(s));
}

/* Free text from the case, defanged; absent when s is NULL or empty. */
static inline void
set_text(json_t *o, const char *key, const char *s)
{
	char *d;

	if (s == NULL || *s == '\0')
		return;
	d = defang_text(s);
	json_object_set_new(o, key, json_string(d));
	free(d);
}

static inline void
set_time(json_t *o, const char *key, int64_t t)
{
	char b[TIME_STRLEN];

	fmt_time(t, b);
	set_str(o, key, b);
}

/*
 * key: "on T" when a span is one instant, else "from A to B", so that a
 * sentence never reads "from T to T".
 */
static inline void
set_period(json_t *o, const char *key, int64_t a, int64_t b)
{
	char ta[TIME_STRLEN], tb[TIME_STRLEN], s[2 * TIME_STRLEN + 16];

	fmt_time(a, ta);
	fmt_time(b, tb);
	if (a == b)
		snprintf(s, sizeof(s), "on %s", ta);
	else
		snprintf(s, sizeof(s), "from %s to %s", ta, tb);
	set_str(o, key, s);
}

static inline void
set_date(json_t *o, const char *key, int64_t t)
{
	char b[TIME_STRLEN];

	fmt_time(t, b);
	b[10] = '\0';
	set_str(o, key, b);
}

static inline void
set_as(json_t *o, const char *key, uint32_t asn)
{
	char b[16];

	snprintf(b, sizeof(b), "AS%u", asn);
	set_str(o, key, b);
}

/*
 * One pass over the selected, non-retracted evidence of provider_id:
 * out->csv (evidence.csv, capped), out->nevidence, csv_rows,
 * csv_omitted and max_evidence_id, and *ev the template data's
 * "evidence" member (a new reference; NULL when no row is selected).
 */
int	draft_evidence(struct db *db, int64_t provider_id,
	    const struct draft_req *req, struct draft_data *out, json_t **ev,
	    struct dp_err *err);

#endif
