/*
 * verify_columns.c - verify's checks of the columns no record hash
 * covers; see verify_columns.h.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "audit.h"
#include "db_columns.h"
#include "exitcodes.h"
#include "ipnet.h"
#include "validate.h"
#include "verify_columns.h"

/* A network a provider's recorded state holds, since entry seq at at. */
struct vnet {
	char		*key;		/* "AS<n>" or the prefix's text */
	int64_t		 at, seq;
};

/* What the entries of one provider say about its bookkeeping columns. */
struct vprov {
	int64_t		 id;
	int		 has_upd;
	int64_t		 upd_at, upd_seq;	/* last add or edit */
	struct vnet	*nets;			/* sorted by key */
	size_t		 n;
	char		*retired;	/* its state's "retired", or NULL */
};

struct vcols {
	struct vprov	*p;		/* sorted by id */
	size_t		 n;
	char		 problem[512];	/* the first entry found wrong */
};

struct vcols *
vcols_new(void)
{
	return xcalloc(1, sizeof(struct vcols));
}

static void
nets_free(struct vnet *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].key);
	free(v);
}

void
vcols_free(struct vcols *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++) {
		nets_free(c->p[i].nets, c->p[i].n);
		free(c->p[i].retired);
	}
	free(c->p);
	free(c);
}

/* Provider id's part, added (in id order) when create is set. */
static struct vprov *
find(struct vcols *c, int64_t id, int create)
{
	size_t lo = 0, hi = c->n, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (c->p[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < c->n && c->p[lo].id == id)
		return &c->p[lo];
	if (!create)
		return NULL;
	c->p = xrealloc(c->p, (c->n + 1) * sizeof(*c->p));
	memmove(&c->p[lo + 1], &c->p[lo], (c->n - lo) * sizeof(*c->p));
	c->n++;
	memset(&c->p[lo], 0, sizeof(*c->p));
	c->p[lo].id = id;
	return &c->p[lo];
}

static int
cmp_net(const void *a, const void *b)
{
	return strcmp(((const struct vnet *)a)->key,
	    ((const struct vnet *)b)->key);
}

static struct vnet *
find_net(const struct vprov *p, const char *key)
{
	struct vnet k;

	k.key = (char *)key;
	return p->n == 0 ? NULL : bsearch(&k, p->nets, p->n, sizeof(k),
	    cmp_net);
}

/*
 * A retirement enters a provider's state only through its own
 * provider.retire or provider.merge entry, dated as the entry: a row put
 * in provider_retirements ahead of a provider's creation would otherwise
 * be read into the state its provider.add entry records.
 */
static void
note_retired(struct vcols *c, struct vprov *p, const struct audit_entry *e,
    json_t *st)
{
	json_t *r = json_object_get(st, "retired"), *at;
	char *now = NULL, t[TIME_STRLEN];
	long long subject;

	if (json_is_object(r))
		now = json_dumps(r, JSON_COMPACT | JSON_SORT_KEYS);
	if (now == NULL || (p->retired != NULL &&
	    strcmp(now, p->retired) == 0)) {
		free(p->retired);
		p->retired = now;
		return;
	}
	free(p->retired);
	p->retired = now;
	fmt_time(e->at, t);
	at = json_object_get(r, "at");
	if (c->problem[0] == '\0' && ((strcmp(e->action,
	    AUDIT_PROVIDER_RETIRE) != 0 && strcmp(e->action,
	    AUDIT_PROVIDER_MERGE) != 0) ||
	    sscanf(e->subject, "provider:%lld", &subject) != 1 ||
	    subject != p->id || !json_is_string(at) ||
	    strcmp(json_string_value(at), t) != 0))
		snprintf(c->problem, sizeof(c->problem), "provider %" PRId64
		    ": audit entry %" PRId64 " (%.40s) records a retirement "
		    "that it did not make; it was planted behind depeer's "
		    "back", p->id, e->seq, e->action);
}

void
vcols_note_state(struct vcols *c, const struct audit_entry *e, int64_t id,
    json_t *st)
{
	struct vprov *p = find(c, id, 1);
	json_t *asns = json_object_get(st, "asns"),
	    *prefixes = json_object_get(st, "prefixes"), *x;
	struct vnet *v, *old;
	size_t n = 0, i;
	char key[64];

	if (strcmp(e->action, AUDIT_PROVIDER_ADD) == 0 ||
	    strcmp(e->action, AUDIT_PROVIDER_EDIT) == 0) {
		p->has_upd = 1;
		p->upd_at = e->at;
		p->upd_seq = e->seq;
	}
	note_retired(c, p, e, st);
	v = xcalloc(json_array_size(asns) + json_array_size(prefixes) + 1,
	    sizeof(*v));
	json_array_foreach(asns, i, x) {
		snprintf(key, sizeof(key), "AS%" PRId64,
		    (int64_t)json_integer_value(x));
		v[n++].key = xstrdup(key);
	}
	json_array_foreach(prefixes, i, x)
		if (json_is_string(x))
			v[n++].key = xstrdup(json_string_value(x));
	qsort(v, n, sizeof(*v), cmp_net);
	/* A network held before keeps its time; a new one is this entry's. */
	for (i = 0; i < n; i++) {
		if ((old = find_net(p, v[i].key)) != NULL) {
			v[i].at = old->at;
			v[i].seq = old->seq;
		} else {
			v[i].at = e->at;
			v[i].seq = e->seq;
		}
	}
	nets_free(p->nets, p->n);
	p->nets = v;
	p->n = n;
}

/* What a walk reports into. */
struct wctx {
	struct vcols	*c;
	char		*why;
	size_t		 len;
};

static int
check_updated(int64_t id, int64_t updated_at, void *arg)
{
	struct wctx *w = arg;
	struct vprov *p = find(w->c, id, 0);
	char t[TIME_STRLEN], u[TIME_STRLEN];

	/* A provider no entry recorded is the providers check's to report. */
	if (p == NULL || !p->has_upd || updated_at == p->upd_at)
		return 0;
	fmt_time(updated_at, t);
	fmt_time(p->upd_at, u);
	snprintf(w->why, w->len, "provider %" PRId64 ": updated_at (%s) does "
	    "not match its last entry (audit entry %" PRId64 " at %s); the "
	    "row was altered", id, t, p->upd_seq, u);
	return 1;
}

/* Whether row n's family and range are those of its prefix (or none). */
static int
range_matches(const struct db_network_row *n, const struct ipnet *net)
{
	unsigned char lo[IPNET_KEYLEN], hi[IPNET_KEYLEN];

	if (net == NULL)
		return !n->has_family && !n->has_first && !n->has_last;
	ipnet_key_range(net, lo, hi);
	return n->has_family &&
	    n->family == (net->family == AF_INET ? 4 : 6) &&
	    n->has_first && n->first_len == IPNET_KEYLEN &&
	    memcmp(n->first, lo, IPNET_KEYLEN) == 0 &&
	    n->has_last && n->last_len == IPNET_KEYLEN &&
	    memcmp(n->last, hi, IPNET_KEYLEN) == 0;
}

static int
check_network(const struct db_network_row *n, void *arg)
{
	struct wctx *w = arg;
	struct vprov *p = find(w->c, n->provider_id, 0);
	struct vnet *net;
	struct ipnet in;
	char key[IPNET_STRLEN + 64], text[IPNET_STRLEN];
	char t[TIME_STRLEN], u[TIME_STRLEN];

	if (n->prefix != NULL) {
		if (val_cidr(n->prefix, &in, NULL) != 0 ||
		    (ipnet_format(&in, text, sizeof(text)),
		    strcmp(text, n->prefix) != 0)) {
			snprintf(w->why, w->len, "network %" PRId64 " of "
			    "provider %" PRId64 ": its prefix is not one "
			    "depeer wrote; the row was altered", n->id,
			    n->provider_id);
			return 1;
		}
		snprintf(key, sizeof(key), "%s", n->prefix);
	} else
		snprintf(key, sizeof(key), "AS%" PRId64, n->asn);
	if (!range_matches(n, n->prefix != NULL ? &in : NULL)) {
		snprintf(w->why, w->len, "network %" PRId64 " of provider %"
		    PRId64 " (%s): its family or address range does not match "
		    "it; the row was altered", n->id, n->provider_id, key);
		return 1;
	}
	if (p == NULL || (net = find_net(p, key)) == NULL) {
		snprintf(w->why, w->len, "network %" PRId64 " of provider %"
		    PRId64 " (%s) is in no state an entry recorded; it was "
		    "added behind depeer's back", n->id, n->provider_id, key);
		return 1;
	}
	if (n->added_at != net->at) {
		fmt_time(n->added_at, t);
		fmt_time(net->at, u);
		snprintf(w->why, w->len, "network %" PRId64 " of provider %"
		    PRId64 " (%s): added_at (%s) does not match audit entry %"
		    PRId64 ", which added it at %s; the row was altered",
		    n->id, n->provider_id, key, t, net->seq, u);
		return 1;
	}
	return 0;
}

static int
check_stored(int64_t id, int64_t stored_at, int has_first, int64_t first_at,
    void *arg)
{
	struct wctx *w = arg;
	char t[TIME_STRLEN], u[TIME_STRLEN];

	if (!has_first) {
		snprintf(w->why, w->len, "stored file %" PRId64 " is attached "
		    "to no evidence record; it was added behind depeer's "
		    "back", id);
		return 1;
	}
	if (stored_at != first_at) {
		fmt_time(stored_at, t);
		fmt_time(first_at, u);
		snprintf(w->why, w->len, "stored file %" PRId64 ": stored_at "
		    "(%s) does not match the entry that first attached it "
		    "(%s); the row was altered", id, t, u);
		return 1;
	}
	return 0;
}

/* The "first offending row" reads; a message is before, the id, after. */
static const struct {
	int		(*first)(struct db *, int64_t *, struct dp_err *);
	const char	*before, *after;
} firsts[] = {
	{ db_retirement_first_stray, "a retirement names provider ",
	    ", which does not exist; it was planted behind depeer's back" },
	{ db_evidence_first_bad_type, "evidence ", ": its indicator_type is "
	    "not one depeer writes; the row was altered" },
	{ db_evidence_first_file_gap, "evidence ", ": its attached files "
	    "are not at positions 1, 2, ...; the rows were altered" },
	{ db_evidence_first_stray_file, "attached file rows name evidence ",
	    ", which does not exist; they were added behind depeer's back" },
	{ db_source_first_bad_size, "source ", ": its size does not match "
	    "its stored bytes; the row was altered" },
	{ db_source_first_stray_range, "an address range of source ",
	    " names no answer of its protocol and server, or is malformed; "
	    "the range was altered" },
};

int
vcols_walk(struct vcols *c, struct db *db, char *why, size_t len,
    struct dp_err *err)
{
	struct wctx w;
	int64_t id;
	size_t i;
	int rc;

	if (c->problem[0] != '\0') {
		snprintf(why, len, "%s", c->problem);
		return 0;
	}
	why[0] = '\0';
	w.c = c;
	w.why = why;
	w.len = len;
	if ((rc = db_provider_updated_iter(db, check_updated, &w, err)) == 0 &&
	    (rc = db_network_iter(db, check_network, &w, err)) == 0)
		rc = db_artifact_first_use_iter(db, check_stored, &w, err);
	if (rc == 1)
		return 0;
	if (rc != 0)
		return rc;
	for (i = 0; i < ARRAY_SIZE(firsts); i++) {
		rc = firsts[i].first(db, &id, err);
		if (rc == DP_EX_NOINPUT)
			continue;
		if (rc != 0)
			return rc;
		snprintf(why, len, "%s%" PRId64 "%s", firsts[i].before, id,
		    firsts[i].after);
		return 0;
	}
	return 0;
}
