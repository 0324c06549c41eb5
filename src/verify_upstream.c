/*
 * verify_upstream.c - verify's check of "upstreams" audit entries; see
 * verify_upstream.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "audit.h"
#include "db_columns.h"
#include "exitcodes.h"
#include "hash.h"
#include "uplink.h"
#include "validate.h"
#include "verify_upstream.h"

/* A link the entry lists. */
struct listed {
	uint32_t	 upstream;
	const char	*sha256;	/* borrowed from the payload */
};

struct unlisted {
	const struct listed *v;
	size_t		 n;
	uint32_t	 found;		/* the first link not listed, or 0 */
	int		 any;
};

static int
check_listed(const struct uplink *u, void *arg)
{
	struct unlisted *x = arg;
	size_t i;

	for (i = 0; i < x->n; i++)
		if (x->v[i].upstream == u->upstream)
			return 0;
	x->found = u->upstream;
	x->any = 1;
	return 1;
}

/* Read the payload's links into *out; -1 when it is not an upstreams
   payload. */
static int
read_payload(json_t *o, uint32_t *origin, struct listed **out, size_t *n,
    const char **agg)
{
	json_t *links, *l, *up, *h;
	json_int_t asn;
	size_t i;

	links = json_object_get(o, "links");
	*agg = json_string_value(json_object_get(o, "links_sha256"));
	asn = json_integer_value(json_object_get(o, "origin"));
	if (!json_is_array(links) || *agg == NULL || asn <= 0 ||
	    asn > UINT32_MAX)
		return -1;
	*origin = (uint32_t)asn;
	*out = xcalloc(json_array_size(links) + 1, sizeof(**out));
	*n = 0;
	json_array_foreach(links, i, l) {
		up = json_object_get(l, "upstream");
		h = json_object_get(l, "sha256");
		if (!json_is_integer(up) || json_integer_value(up) <= 0 ||
		    json_integer_value(up) > UINT32_MAX ||
		    !json_is_string(h) ||
		    !sha256_hex_valid(json_string_value(h))) {
			free(*out);
			*out = NULL;
			return -1;
		}
		(*out)[*n].upstream = (uint32_t)json_integer_value(up);
		(*out)[(*n)++].sha256 = json_string_value(h);
	}
	return 0;
}

/* Whether agg is the hash of the listed link hashes, in order. */
static int
agg_matches(const struct listed *v, size_t n, const char *agg)
{
	struct sha256 *h = sha256_new();
	unsigned char d[SHA256_LEN];
	char hex[SHA256_HEXLEN];
	size_t i, k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < SHA256_LEN; k++)
			sscanf(v[i].sha256 + 2 * k, "%2hhx", &d[k]);
		sha256_update(h, d, SHA256_LEN);
	}
	sha256_final(h, d);
	sha256_free(h);
	sha256_hex(d, hex);
	return strcmp(hex, agg) == 0;
}

int
verify_upstream_entry(struct db *db, const struct audit_entry *e,
    char *why, size_t len, struct dp_err *err)
{
	struct listed *v = NULL;
	struct unlisted x;
	struct uplink u;
	unsigned char d[SHA256_LEN];
	char hex[SHA256_HEXLEN], t[TIME_STRLEN];
	const char *agg;
	uint32_t origin = 0;
	size_t n = 0, i;
	json_t *o;
	int rc = 0;

	why[0] = '\0';
	o = json_loads(e->payload, 0, NULL);
	if (o == NULL || read_payload(o, &origin, &v, &n, &agg) != 0) {
		snprintf(why, len, "its payload is not an upstreams payload");
		goto out;
	}
	if (!agg_matches(v, n, agg)) {
		snprintf(why, len, "its links_sha256 is not the hash of the "
		    "links it lists");
		goto out;
	}
	for (i = 0; i < n; i++) {
		rc = db_upstream_link_get(db, origin, v[i].upstream, &u, err);
		if (rc == DP_EX_NOINPUT) {
			snprintf(why, len, "upstream link AS%u -> AS%u is "
			    "missing", origin, v[i].upstream);
			rc = 0;
			goto out;
		}
		if (rc != 0)
			goto out;
		if (u.audit_seq == e->seq) {
			uplink_hash(&u, d);
			sha256_hex(d, hex);
			if (strcmp(hex, v[i].sha256) != 0)
				snprintf(why, len, "upstream link AS%u -> AS%u "
				    "does not match what the entry recorded",
				    origin, v[i].upstream);
		} else if (u.audit_seq < e->seq) {
			fmt_time(u.last_seen, t);
			snprintf(why, len, "upstream link AS%u -> AS%u was "
			    "changed: last written (%s) before the entry that "
			    "recorded it", origin, v[i].upstream, t);
		}
		/* Later: a later run rewrote it; its entry covers it. */
		uplink_release(&u);
		if (why[0] != '\0')
			goto out;
	}
	memset(&x, 0, sizeof(x));
	x.v = v;
	x.n = n;
	rc = db_upstream_iter_entry(db, origin, e->seq, check_listed, &x,
	    err);
	if (x.any) {
		rc = 0;
		snprintf(why, len, "upstream link AS%u -> AS%u claims the "
		    "entry but was not recorded by it", origin, x.found);
	}
out:
	free(v);
	json_decref(o);
	return rc;
}

/* The search of one unaudited link among the entries of its time. */
struct unaudited {
	struct db	*db;
	struct dp_err	*err;
	char		*why;
	size_t		 len;
	int64_t		 first_at;	/* the first "upstreams" entry's */
	uint32_t	 upstream;
	char		 hex[SHA256_HEXLEN];	/* the link's hash now */
	int		 entries, matched;
};

static int
match_entry(const char *payload, void *arg)
{
	struct unaudited *x = arg;
	struct listed *v = NULL;
	const char *agg;
	uint32_t origin;
	size_t n = 0, i;
	json_t *o = json_loads(payload, 0, NULL);

	x->entries++;
	if (o != NULL && read_payload(o, &origin, &v, &n, &agg) == 0)
		for (i = 0; i < n && !x->matched; i++)
			x->matched = v[i].upstream == x->upstream &&
			    strcmp(v[i].sha256, x->hex) == 0;
	free(v);
	json_decref(o);
	return x->matched;
}

static int
check_unaudited(uint32_t asn, uint32_t up, void *arg)
{
	struct unaudited *x = arg;
	struct uplink u;
	unsigned char d[SHA256_LEN];
	char t[TIME_STRLEN], f[TIME_STRLEN];
	int64_t seen;
	int rc;

	if ((rc = db_upstream_link_get(x->db, asn, up, &u, x->err)) != 0)
		return rc;
	uplink_hash(&u, d);
	sha256_hex(d, x->hex);
	x->upstream = up;
	x->entries = x->matched = 0;
	seen = u.last_seen;
	uplink_release(&u);
	rc = db_upstream_entries_at(x->db, asn, seen, match_entry, x, x->err);
	fmt_time(seen, t);
	if (rc != 0 && rc != 1)
		return rc;
	if (x->entries > 0 && !x->matched) {
		snprintf(x->why, x->len, "upstream link AS%u -> AS%u names no "
		    "audit entry and is not the link the entry of its time "
		    "(%s) recorded; it was altered or added behind depeer's "
		    "back", asn, up, t);
		return 1;
	}
	if (x->entries == 0 && x->first_at != 0 && seen >= x->first_at) {
		fmt_time(x->first_at, f);
		snprintf(x->why, x->len, "upstream link AS%u -> AS%u names no "
		    "audit entry, yet was last seen (%s) after depeer began "
		    "recording links (%s); it was added or altered behind "
		    "depeer's back", asn, up, t, f);
		return 1;
	}
	return 0;
}

int
verify_upstream_unaudited(struct db *db, char *why, size_t len,
    struct dp_err *err)
{
	struct unaudited x;
	int rc;

	why[0] = '\0';
	memset(&x, 0, sizeof(x));
	x.db = db;
	x.err = err;
	x.why = why;
	x.len = len;
	if ((rc = db_upstream_first_entry_at(db, &x.first_at, err)) != 0)
		return rc;
	rc = db_upstream_unaudited_iter(db, check_unaudited, &x, err);
	return rc == 1 ? 0 : rc;
}
