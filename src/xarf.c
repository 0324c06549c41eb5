/*
 * xarf.c - evidence rows as XARF v4 reports (xarf.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/evp.h>

#include "buf.h"
#include "evidence.h"
#include "exitcodes.h"
#include "hash.h"
#include "utf8.h"
#include "util.h"
#include "validate.h"
#include "xarf.h"

const char *
xarf_unreportable(const struct evidence *e)
{
	const char *k = e->kind != NULL ? e->kind : "";

	if (strcmp(k, "c2") == 0 || strcmp(k, "botnet-ctrl") == 0)
		return NULL;
	if (strcmp(k, "malware-host") == 0 || strcmp(k, "phishing") == 0)
		return e->indicator_type == IND_URL ? NULL : "XARF content "
		    "reports need a URL, and the indicator is not one";
	if (strcmp(k, "spam-source") == 0)
		return "XARF spam reports need the protocol and, for mail, the "
		    "envelope sender and source port, which an evidence row "
		    "does not record";
	if (strcmp(k, "scan") == 0)
		return "XARF port scan reports need the protocol and the "
		    "source port, which an evidence row does not record";
	return "no XARF type fits this evidence kind";
}

void
xarf_report_id(const char *message_id, int64_t evidence_id, char out[37])
{
	static const char tag[] = "depeer-xarf-v1";
	unsigned char d[SHA256_LEN];
	char num[32];
	struct sha256 *h = sha256_new();
	int n;

	n = snprintf(num, sizeof(num), "%lld", (long long)evidence_id);
	sha256_update(h, tag, sizeof(tag));		/* with its NUL */
	sha256_update(h, message_id, strlen(message_id) + 1);
	sha256_update(h, num, (size_t)n);
	sha256_final(h, d);
	sha256_free(h);
	d[6] = (unsigned char)((d[6] & 0x0f) | 0x40);	/* version 4 */
	d[8] = (unsigned char)((d[8] & 0x3f) | 0x80);	/* RFC 4122 */
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x", d[0], d[1], d[2], d[3], d[4], d[5],
	    d[6], d[7], d[8], d[9], d[10], d[11], d[12], d[13], d[14], d[15]);
}

/* An RFC 4180 field: quoted when it holds a comma, quote or line end. */
static void
csv_field(struct buf *b, const char *s)
{
	const char *p;

	if (s == NULL)
		return;
	if (strpbrk(s, ",\"\r\n") == NULL) {
		buf_adds(b, s);
		return;
	}
	buf_addc(b, '"');
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			buf_addc(b, '"');
		buf_addc(b, *p);
	}
	buf_addc(b, '"');
}

/*
 * The row as CSV: a header line and the row, CRLF line ends.  The files
 * attached to the row are named with their SHA-256 and size, not
 * inlined ("name sha256:<hex> <size>", separated by "; ").
 */
static void
row_csv(const struct evidence *e, struct buf *b)
{
	struct buf files = BUF_INIT;
	char t[TIME_STRLEN], hex[SHA256_HEXLEN];
	size_t i;

	buf_adds(b, "id,kind,indicator,indicator_type,observed_at,family,"
	    "source,note,recorded_at,row_sha256,files\r\n");
	buf_addf(b, "%lld,", (long long)e->id);
	csv_field(b, e->kind);
	buf_addc(b, ',');
	csv_field(b, e->indicator);
	buf_addf(b, ",%s,", ind_type_name(e->indicator_type));
	if (e->has_observed) {
		fmt_time(e->observed_at, t);
		buf_adds(b, t);
	}
	buf_addc(b, ',');
	csv_field(b, e->family);
	buf_addc(b, ',');
	csv_field(b, e->source);
	buf_addc(b, ',');
	csv_field(b, e->note);
	fmt_time(e->recorded_at, t);
	sha256_hex(e->row_hash, hex);
	buf_addf(b, ",%s,%s,", t, hex);
	for (i = 0; i < e->nfiles; i++)
		buf_addf(&files, "%s%s sha256:%.*s %lld", i > 0 ? "; " : "",
		    e->files[i].name, SHA256_HEXLEN - 1, e->files[i].sha256,
		    (long long)e->files[i].size);
	csv_field(b, files.s);
	buf_adds(b, "\r\n");
	buf_release(&files);
}

static char *
base64(const void *data, size_t len)
{
	size_t n = 4 * ((len + 2) / 3) + 1;
	char *out = xmalloc(n);

	EVP_EncodeBlock((unsigned char *)out, data, (int)len);
	return out;
}

/* The words of xarf-core.json's evidence_source examples. */
static const char *const sources[] = {
	"spamtrap", "user_complaint", "automated_filter", "honeypot",
	"crawler", "user_report", "automated_scan", "spam_analysis",
	"firewall_logs", "ids_detection", "flow_analysis",
	"vulnerability_scan", "researcher_analysis", "automated_discovery",
	"traffic_analysis", "threat_intelligence", NULL
};

static json_t *
contact(const struct xarf_ctx *c, const char *org, const char *domain)
{
	return json_pack("{s:s, s:s, s:s}", "org", org, "contact",
	    c->from->addr, "domain", domain);
}

/* Whether s has at most max code points. */
static int
fits_chars(const char *s, size_t max)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n <= max;
}

json_t *
xarf_report(const struct evidence *e, const struct xarf_ctx *c,
    struct dp_err *err)
{
	const char *why = xarf_unreportable(e), *org, *domain, *k = e->kind;
	struct buf row = BUF_INIT, sent = BUF_INIT;
	unsigned char d[SHA256_LEN];
	char id[37], t[TIME_STRLEN], hex[SHA256_HEXLEN], *host = NULL, *b64;
	json_t *r, *ev;
	int content, i;

	if (why != NULL) {
		dp_fail(err, DP_EX_DATAERR, "evidence %lld: %s",
		    (long long)e->id, why);
		return NULL;
	}
	if (c->from == NULL || c->from->addr == NULL ||
	    (domain = strrchr(c->from->addr, '@')) == NULL) {
		dp_fail(err, DP_EX_CONFIG, "XARF reports name the reporter: "
		    "set 'from' (depeer config set from \"Name <addr>\")");
		return NULL;
	}
	domain++;
	if (*domain == '[') {
		dp_fail(err, DP_EX_CONFIG, "XARF reports need the reporter's "
		    "domain name, and the From address '%s' has an address "
		    "literal", c->from->addr);
		return NULL;
	}
	org = c->organisation != NULL && *c->organisation != '\0' ?
	    c->organisation : c->from->name;
	if (org == NULL || *org == '\0') {
		dp_fail(err, DP_EX_CONFIG, "XARF reports name the reporter's "
		    "organisation: set 'organisation' (depeer config set "
		    "organisation NAME)");
		return NULL;
	}
	if (!fits_chars(org, 200)) {
		dp_fail(err, DP_EX_CONFIG, "the organisation is longer than "
		    "XARF's 200 characters");
		return NULL;
	}
	content = strcmp(k, "malware-host") == 0 || strcmp(k, "phishing") == 0;
	if (e->indicator_type == IND_URL &&
	    val_url_host(e->indicator, &host, err) != 0)
		return NULL;

	xarf_report_id(c->message_id, e->id, id);
	fmt_time(e->has_observed ? e->observed_at : e->recorded_at, t);
	r = json_pack("{s:s, s:s, s:s, s:o, s:o, s:s}",
	    "xarf_version", XARF_VERSION, "report_id", id, "timestamp", t,
	    "reporter", contact(c, org, domain),
	    "sender", contact(c, org, domain),
	    "source_identifier", content && host != NULL ? host :
	    e->indicator);
	if (content) {
		json_object_set_new(r, "category", json_string("content"));
		json_object_set_new(r, "type", json_string(
		    strcmp(k, "phishing") == 0 ? "phishing" : "malware"));
		json_object_set_new(r, "url", json_string(e->indicator));
	} else {
		json_object_set_new(r, "category",
		    json_string("infrastructure"));
		json_object_set_new(r, "type", json_string("botnet"));
		json_object_set_new(r, "c2_server", json_string(
		    host != NULL ? host : e->indicator));
		buf_addf(&sent, "Recorded as a botnet %s (evidence %lld, kind "
		    "%s", strcmp(k, "c2") == 0 ? "command-and-control server" :
		    "controller", (long long)e->id, k);
		if (e->has_observed) {
			fmt_time(e->observed_at, t);
			buf_addf(&sent, ", observed %s", t);
		}
		if (e->source != NULL && *e->source != '\0')
			buf_addf(&sent, ", source: %s", e->source);
		buf_adds(&sent, ")");
		json_object_set_new(r, "compromise_evidence",
		    json_string(sent.s));
	}
	if (e->family != NULL && *e->family != '\0' &&
	    strcmp(k, "phishing") != 0 && fits_chars(e->family, 200))
		json_object_set_new(r, "malware_family",
		    json_string(e->family));
	for (i = 0; e->source != NULL && sources[i] != NULL; i++)
		if (strcmp(e->source, sources[i]) == 0)
			json_object_set_new(r, "evidence_source",
			    json_string(sources[i]));

	row_csv(e, &row);
	sha256_buf(row.s, row.len, d);
	sha256_hex(d, hex);
	b64 = base64(row.s, row.len);
	ev = json_pack("{s:s, s:s, s:s, s:s, s:I}", "content_type",
	    "text/csv; charset=utf-8", "description", "The evidence row "
	    "this report is made from, as CSV with a header line",
	    "payload", b64, "hash", "sha256:", "size", (json_int_t)row.len);
	json_object_set_new(ev, "hash", json_sprintf("sha256:%s", hex));
	json_object_set_new(r, "evidence", json_pack("[o]", ev));
	free(b64);
	free(host);
	buf_release(&row);
	buf_release(&sent);
	return r;
}
