/*
 * rdap_bootstrap.c - the IANA bootstrap registries for RDAP (RFC 9224):
 * asn.json, ipv4.json and ipv6.json into AS ranges and prefixes with the
 * base URL of their RDAP service, and the longest-prefix match (lpm.c)
 * over the prefixes.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "asn.h"
#include "exitcodes.h"
#include "rdap_int.h"

void
rdap_bootstrap_init(struct rdap_bootstrap *b)
{
	memset(b, 0, sizeof(*b));
}

void
rdap_bootstrap_release(struct rdap_bootstrap *b)
{
	size_t i;

	free(b->asns);
	free(b->nets);
	lpm_release(&b->net_index);
	for (i = 0; i < b->nurls; i++)
		free(b->urls[i]);
	free(b->urls);
	free(b->asn_published);
	free(b->v4_published);
	free(b->v6_published);
	memset(b, 0, sizeof(*b));
}

/*
 * "1228-1232" or "2018": decimal (leading zeros allowed, at most ten
 * digits a number), no sign, no blanks, first <= last; 0 is a number here.
 */
static int
bs_asn_range(const char *s, uint32_t *first, uint32_t *last)
{
	const unsigned int fl = ASN_ZEROS | ASN_ZERO;
	const char *dash = strchr(s, '-'), *end = s + strlen(s);
	uint32_t a, b;

	if (dash == NULL)
		dash = end;
	if (dash - s > 10 || (*dash != '\0' && end - dash - 1 > 10) ||
	    asn_parse(s, (size_t)(dash - s), fl, &a) != ASN_OK)
		return -1;
	if (*dash == '\0')
		b = a;
	else if (asn_parse(dash + 1, (size_t)(end - dash - 1), fl, &b) !=
	    ASN_OK)
		return -1;
	if (a > b)
		return -1;
	*first = a;
	*last = b;
	return 0;
}

/* The service's first https URL, else its first http URL, else NULL. */
static const char *
bs_pick_url(json_t *urls)
{
	const char *s, *http = NULL;
	json_t *u;
	size_t i;

	json_array_foreach(urls, i, u) {
		s = json_string_value(u);
		if (!rp_url_ok(s))
			continue;
		if (rp_ci_prefix(s, "https://"))
			return s;
		if (http == NULL)
			http = s;
	}
	return http;
}

/* One bootstrap file (asn: AS ranges, else prefixes) into b. */
static int
bs_file(struct rdap_bootstrap *b, const char *name, const char *json,
    size_t len, int asn, char **published, struct dp_err *err)
{
	json_t *root, *services, *svc, *entries, *e;
	json_error_t je;
	const char *url, *s;
	char *q;
	size_t i, j, n;
	int rc = 0, cut;

	if (json == NULL)
		return 0;
	if (len > MAX_BOOTSTRAP)
		return dp_fail(err, DP_EX_PROTOCOL, "%s: larger than 4 MiB",
		    name);
	if ((root = json_loadb(json, len, 0, &je)) == NULL)
		return dp_fail(err, DP_EX_PROTOCOL, "%s: not JSON (%s, line %d "
		    "column %d)", name, je.text, je.line, je.column);
	services = json_object_get(root, "services");
	if (!json_is_array(services)) {
		rc = dp_fail(err, DP_EX_PROTOCOL, "%s: no \"services\" list",
		    name);
		goto out;
	}
	if ((s = rp_jstr(root, "publication")) != NULL) {
		free(*published);
		*published = rp_clean_text(s, 64, &cut);
	}
	json_array_foreach(services, i, svc) {
		n = json_array_size(svc);
		/* [entries, urls], or [contacts, entries, urls] (tags). */
		entries = n >= 2 ? json_array_get(svc, n - 2) : NULL;
		if (!json_is_array(entries) ||
		    !json_is_array(json_array_get(svc, n - 1))) {
			rc = dp_fail(err, DP_EX_PROTOCOL, "%s: service %zu is "
			    "not [entries, URLs]", name, i + 1);
			goto out;
		}
		if ((url = bs_pick_url(json_array_get(svc, n - 1))) == NULL)
			continue;
		b->urls = xrealloc(b->urls, (b->nurls + 1) * sizeof(*b->urls));
		b->urls[b->nurls] = xstrdup(url);
		url = b->urls[b->nurls++];
		json_array_foreach(entries, j, e) {
			struct rdap_bs_asn ra;
			struct rdap_bs_net rn;

			s = json_string_value(e);
			if (s != NULL && asn &&
			    bs_asn_range(s, &ra.first, &ra.last) == 0) {
				ra.url = url;
				b->asns = xrealloc(b->asns, (b->nasns + 1) *
				    sizeof(*b->asns));
				b->asns[b->nasns++] = ra;
			} else if (s != NULL && !asn &&
			    val_cidr(s, &rn.net, NULL) == 0) {
				rn.url = url;
				b->nets = xrealloc(b->nets, (b->nnets + 1) *
				    sizeof(*b->nets));
				b->nets[b->nnets++] = rn;
			} else {
				q = s != NULL ? QUOTE(s) : xstrdup("(not a "
				    "string)");
				rc = dp_fail(err, DP_EX_PROTOCOL, "%s: bad "
				    "entry '%s' in service %zu", name, q,
				    i + 1);
				free(q);
				goto out;
			}
		}
	}
out:
	json_decref(root);
	return rc;
}

int
rdap_bootstrap_load(struct rdap_bootstrap *b, const char *asn_json,
    size_t asn_len, const char *v4_json, size_t v4_len, const char *v6_json,
    size_t v6_len, struct dp_err *err)
{
	struct rdap_bootstrap t = RDAP_BOOTSTRAP_INIT;
	size_t i;
	int rc;

	if ((rc = bs_file(&t, "asn.json", asn_json, asn_len, 1,
	    &t.asn_published, err)) != 0 ||
	    (rc = bs_file(&t, "ipv4.json", v4_json, v4_len, 0,
	    &t.v4_published, err)) != 0 ||
	    (rc = bs_file(&t, "ipv6.json", v6_json, v6_len, 0,
	    &t.v6_published, err)) != 0) {
		rdap_bootstrap_release(&t);
		return rc;
	}
	/* The URLs are owned by t.urls and never move; the first wins. */
	for (i = 0; i < t.nnets; i++)
		(void)lpm_insert(&t.net_index, &t.nets[i].net,
		    (void *)(uintptr_t)t.nets[i].url);
	*b = t;
	return 0;
}

const char *
rdap_bootstrap_ip(const struct rdap_bootstrap *b, const struct ipnet *addr)
{
	return lpm_lookup(&b->net_index, addr, NULL);
}

/*
 * The base URLs passed rp_url_ok() (http:// or https://, printable ASCII),
 * so their host is what follows "//" up to ':', '/' or the end; an IPv6
 * literal, in brackets, is compared with them.
 */
int
rdap_bootstrap_has_host(const struct rdap_bootstrap *b, const char *host)
{
	const char *h, *e;
	size_t i, n = strlen(host);

	for (i = 0; i < b->nurls; i++) {
		if ((h = strstr(b->urls[i], "//")) == NULL)
			continue;
		h += 2;
		if (*h == '[')
			e = strchr(h, ']') != NULL ? strchr(h, ']') + 1 : h;
		else
			for (e = h; *e != '\0' && *e != ':' && *e != '/'; e++)
				;
		if ((size_t)(e - h) == n && ascii_ncasecmp(h, host, n) == 0)
			return 1;
	}
	return 0;
}

const char *
rdap_bootstrap_asn(const struct rdap_bootstrap *b, uint32_t asn)
{
	size_t i;

	for (i = 0; i < b->nasns; i++)
		if (asn >= b->asns[i].first && asn <= b->asns[i].last)
			return b->asns[i].url;
	return NULL;
}
