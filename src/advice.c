/*
 * advice.c - warnings about what is being recorded; see advice.h.
 *
 * Warnings, not errors: each rule here has honest exceptions (a sinkhole
 * in a provider's space that is not in its registry objects yet, a reseller
 * holding part of another provider's prefix, two providers that really
 * are different companies with one name), so the researcher is told and
 * decides.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "advice.h"
#include "asn.h"
#include "buf.h"
#include "db.h"
#include "evidence.h"
#include "ipnet.h"
#include "provider.h"
#include "refang.h"
#include "special.h"
#include "validate.h"

static void
add(struct advice *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
add(struct advice *a, const char *fmt, ...)
{
	va_list ap;

	a->msgs = xreallocarray(a->msgs, a->n + 1, sizeof(*a->msgs));
	va_start(ap, fmt);
	a->msgs[a->n++] = xvasprintf(fmt, ap);
	va_end(ap);
}

void
advice_release(struct advice *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		free(a->msgs[i]);
	free(a->msgs);
	a->msgs = NULL;
	a->n = 0;
}

json_t *
advice_to_json(const struct advice *a)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; i < a->n; i++)
		json_array_append_new(arr, json_string(a->msgs[i]));
	return arr;
}

/* ---- evidence ---- */

int
advice_refang(struct ev_input *in, struct advice_refanged *keep)
{
	memset(keep, 0, sizeof(*keep));
	if (in->indicator == NULL ||
	    (keep->indicator = refang_indicator(in->indicator)) == NULL)
		return 0;
	keep->note = xasprintf("%s%sdefanged as: %s", in->note != NULL ?
	    in->note : "", in->note != NULL && *in->note != '\0' ? "\n" : "",
	    in->indicator);
	keep->original = in->indicator;
	in->indicator = keep->indicator;
	in->note = keep->note;
	return 1;
}

void
advice_refanged_release(struct advice_refanged *keep)
{
	free(keep->indicator);
	free(keep->note);
	memset(keep, 0, sizeof(*keep));
}

/*
 * The address a URL's host is (http://208.66.194.37/gate.php,
 * http://[2001:db8::1]/): 0, or -1 for a host name or a URL libcurl
 * cannot read.  libcurl's parser, not ours: it is the one that fetches.
 */
static int
url_addr(const char *url, struct ipnet *n)
{
	char *h;
	int rc;

	if (val_url_host(url, &h, NULL) != 0)
		return -1;
	rc = val_ip(h, n, NULL) == 0 ? 0 : -1;
	free(h);
	return rc;
}

/* The address or prefix e's indicator names: 0, or -1 for other kinds. */
static int
indicator_net(const struct evidence *e, struct ipnet *n)
{
	switch (e->indicator_type) {
	case IND_URL:
		return url_addr(e->indicator, n);
	case IND_IPV4:
	case IND_IPV6:
		return val_ip(e->indicator, n, NULL) == 0 ? 0 : -1;
	case IND_CIDR:
		return val_cidr(e->indicator, n, NULL) == 0 ? 0 : -1;
	default:
		return -1;
	}
}

static int
is_future(const struct evidence *e, int64_t now)
{
	return e->has_observed && e->observed_at > now + ADVICE_SKEW;
}

/* Whether p has prefixes and none of them holds n. */
static int
outside(const struct provider *p, const struct ipnet *n)
{
	size_t i;

	for (i = 0; i < p->nprefixes; i++)
		if (ipnet_contains(&p->prefixes[i], n))
			return 0;
	return p->nprefixes > 0;
}

int
advice_evidence(struct db *db, const struct evidence *e, int64_t now,
    struct advice *a, struct dp_err *err)
{
	struct provider p = PROVIDER_INIT;
	const struct special *sp;
	struct ipnet n;
	char t[TIME_STRLEN], tn[TIME_STRLEN];
	int rc;

	if (is_future(e, now)) {
		fmt_time(e->observed_at, t);
		fmt_time(now, tn);
		add(a, "observed at %s, in the future (it is now %s)", t, tn);
	}
	if (indicator_net(e, &n) != 0)
		return 0;
	/* In a special block it is outside every provider's: say it once. */
	if ((sp = special_net(&n)) != NULL) {
		add(a, "indicator %s is in a %s block (%s), not a hosting "
		    "provider's", e->indicator, sp->what, sp->ref);
		return 0;
	}
	if ((rc = db_provider_get(db, e->provider_id, &p, err)) != 0)
		return rc;
	if (outside(&p, &n))
		add(a, "indicator %s is outside every network of provider "
		    "'%s' (see 'depeer provider show %lld')", e->indicator,
		    p.name, (long long)p.id);
	provider_release(&p);
	return 0;
}

/* ---- networks ---- */

/* How a and b overlap: 0 not, 1 the same, 2 a inside b, 3 b inside a. */
static int
overlap(const struct ipnet *a, const struct ipnet *b)
{
	if (a->family != b->family)
		return 0;
	if (a->plen == b->plen && ipnet_contains(a, b))
		return 1;
	if (ipnet_contains(b, a))
		return 2;
	return ipnet_contains(a, b) ? 3 : 0;
}

int
advice_nets(struct db *db, const struct provider *nets, int64_t self,
    struct advice *a, struct dp_err *err)
{
	static const char *const how[] = { NULL, "is", "is inside",
	    "holds" };
	const struct special *sp;
	struct provider *list = NULL;
	char as[ASN_STRLEN], x[IPNET_STRLEN], y[IPNET_STRLEN];
	size_t nlist = 0, i, j, k;
	int rc, o;

	for (i = 0; i < nets->nasns; i++)
		if ((sp = special_asn(nets->asns[i])) != NULL)
			add(a, "%s is a %s AS number (%s), not a hosting "
			    "provider's", asn_format(nets->asns[i], as),
			    sp->what, sp->ref);
	for (i = 0; i < nets->nprefixes; i++)
		if ((sp = special_net(&nets->prefixes[i])) != NULL) {
			ipnet_format(&nets->prefixes[i], x, sizeof(x));
			add(a, "%s is in a %s block (%s), not a hosting "
			    "provider's", x, sp->what, sp->ref);
		}
	if ((rc = db_provider_list(db, &list, &nlist, err)) != 0)
		return rc;
	for (j = 0; j < nlist; j++) {
		if (list[j].id == self)
			continue;
		for (i = 0; i < nets->nasns; i++)
			for (k = 0; k < list[j].nasns; k++)
				if (nets->asns[i] == list[j].asns[k])
					add(a, "%s is already held by provider "
					    "%lld '%s'", asn_format(
					    nets->asns[i], as),
					    (long long)list[j].id,
					    list[j].name);
		for (i = 0; i < nets->nprefixes; i++)
			for (k = 0; k < list[j].nprefixes; k++) {
				o = overlap(&nets->prefixes[i],
				    &list[j].prefixes[k]);
				if (o == 0)
					continue;
				ipnet_format(&nets->prefixes[i], x,
				    sizeof(x));
				ipnet_format(&list[j].prefixes[k], y,
				    sizeof(y));
				if (o == 1)
					add(a, "%s is already held by "
					    "provider %lld '%s'", x,
					    (long long)list[j].id,
					    list[j].name);
				else
					add(a, "%s %s %s, held by provider "
					    "%lld '%s'", x, how[o], y,
					    (long long)list[j].id,
					    list[j].name);
			}
	}
	for (j = 0; j < nlist; j++)
		provider_release(&list[j]);
	free(list);
	return 0;
}

/* ---- names ---- */

/*
 * Words that say what kind of company a provider is, not which: dropped
 * from the end of a name (after case folding) before names are compared.
 */
static const char *const legal_forms[] = {
	"corp", "corporation", "inc", "incorporated", "ltd", "limited",
	"llc", "llp", "plc", "co", "company", "gmbh", "ag", "sa", "sas",
	"sarl", "srl", "bv", "nv", "oy", "ab", "as", "ooo", "o\xc3\xbc",
	"\xd0\xbe\xd0\xbe\xd0\xbe",	/* Cyrillic "ooo" */
};

static int
is_legal_form(const uint8_t *w, size_t n)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(legal_forms); i++)
		if (strlen(legal_forms[i]) == n &&
		    memcmp(legal_forms[i], w, n) == 0)
			return 1;
	return 0;
}

char *
advice_name_key(const char *name)
{
	struct { size_t off, len; } words[64];
	uint8_t *f;
	size_t flen, i, nw = 0, keep;
	struct buf b = BUF_INIT;
	ucs4_t c;
	int len;

	if (u8_check((const uint8_t *)name, strlen(name)) != NULL)
		return NULL;
	/* Unicode case folding, then NFC: "MCCOLO" and "mccolo" agree,
	   and so do "Straße" and "STRASSE", and composed and decomposed
	   accents. */
	f = u8_casefold((const uint8_t *)name, strlen(name), NULL,
	    UNINORM_NFC, NULL, &flen);
	if (f == NULL)
		die("out of memory");
	for (i = 0; i < flen; i += (size_t)len) {
		len = u8_mbtouc(&c, f + i, flen - i);
		if (!uc_is_alpha(c) && !uc_is_digit(c))
			continue;
		if (nw > 0 && words[nw - 1].off + words[nw - 1].len == i)
			words[nw - 1].len += (size_t)len;
		else if (nw < ARRAY_SIZE(words)) {
			words[nw].off = i;
			words[nw++].len = (size_t)len;
		}
	}
	keep = nw;
	while (keep > 1 && is_legal_form(f + words[keep - 1].off,
	    words[keep - 1].len))
		keep--;
	for (i = 0; i < keep; i++)
		buf_add(&b, f + words[i].off, words[i].len);
	free(f);
	return buf_detach(&b, NULL);
}

int
advice_name(struct db *db, const char *name, int64_t self,
    struct advice *a, struct dp_err *err)
{
	struct provider *list = NULL;
	size_t n = 0, i;
	char *key, *k;
	int rc;

	if ((key = advice_name_key(name)) == NULL)
		return 0;
	if ((rc = db_provider_list(db, &list, &n, err)) != 0) {
		free(key);
		return rc;
	}
	for (i = 0; i < n; i++) {
		if (list[i].id != self && *key != '\0' &&
		    (k = advice_name_key(list[i].name)) != NULL) {
			if (strcmp(k, key) == 0)
				add(a, "'%s' looks like provider %lld '%s'; "
				    "did you mean it? (use 'provider merge' "
				    "if they are the same)", name,
				    (long long)list[i].id, list[i].name);
			free(k);
		}
		provider_release(&list[i]);
	}
	free(list);
	free(key);
	return 0;
}

/* ---- import ---- */

int
advice_rows_init(struct advice_rows *rs, struct db *db, int64_t now,
    struct dp_err *err)
{
	memset(rs, 0, sizeof(*rs));
	rs->now = now;
	return db_provider_list(db, &rs->provs, &rs->nprovs, err);
}

void
advice_row(struct advice_rows *rs, const struct evidence *e, long line,
    int refanged)
{
	struct ipnet n;
	size_t i;

	if (refanged && rs->refanged++ == 0)
		rs->refanged_line = line;
	if (is_future(e, rs->now) && rs->future++ == 0)
		rs->future_line = line;
	if (indicator_net(e, &n) != 0)
		return;
	if (special_net(&n) != NULL) {
		if (rs->special++ == 0)
			rs->special_line = line;
		return;
	}
	for (i = 0; i < rs->nprovs; i++)
		if (rs->provs[i].id == e->provider_id) {
			if (outside(&rs->provs[i], &n) && rs->outside++ == 0)
				rs->outside_line = line;
			break;
		}
}

#define ROWS(n)	((n) == 1 ? "row" : "rows")

void
advice_rows_finish(struct advice_rows *rs, struct advice *a)
{
	if (rs->refanged > 0)
		add(a, "%lld %s with a defanged indicator, stored refanged "
		    "with the original in the note (first: line %lld)",
		    (long long)rs->refanged, ROWS(rs->refanged),
		    (long long)rs->refanged_line);
	if (rs->future > 0)
		add(a, "%lld %s observed in the future (first: line %lld)",
		    (long long)rs->future, ROWS(rs->future),
		    (long long)rs->future_line);
	if (rs->special > 0)
		add(a, "%lld %s with an indicator in a special-purpose block "
		    "(private, documentation, ...; first: line %lld)",
		    (long long)rs->special, ROWS(rs->special),
		    (long long)rs->special_line);
	if (rs->outside > 0)
		add(a, "%lld %s with an indicator outside every network of "
		    "its provider (first: line %lld)",
		    (long long)rs->outside, ROWS(rs->outside),
		    (long long)rs->outside_line);
	advice_rows_release(rs);
}

void
advice_rows_release(struct advice_rows *rs)
{
	size_t i;

	for (i = 0; i < rs->nprovs; i++)
		provider_release(&rs->provs[i]);
	free(rs->provs);
	rs->provs = NULL;
	rs->nprovs = 0;
}
