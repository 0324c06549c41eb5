/*
 * validate.c - parsing and validation of the values researchers type: AS
 * numbers, IP addresses and CIDR prefixes, domain names, URLs (through
 * libcurl's URL API), times, country codes, evidence kinds, and free
 * text.  The rules for addresses are ipnet.c's, for AS numbers asn.c's,
 * for UTF-8 utf8.c's; this file adds the messages.
 *
 * Each parser writes its result and returns 0, or fills a dp_err with
 * DP_EX_DATAERR and a message that quotes the bad value and says what is
 * wrong.  Nothing here prints or exits.  The values come from untrusted
 * evidence files and their messages end up on a terminal: every quoted
 * value goes through quote(), which shortens long values so that the
 * reason at the end of the message survives, and every message is
 * printed through termsafe.h's escaper, which shows control bytes, C1
 * controls, bidi overrides and invalid UTF-8 in a visible form.
 * utf8_clean() (utf8.c) is the other side of that care: it makes text
 * from a server safe to store and print.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "ascii.h"
#include "asn.h"
#include "exitcodes.h"
#include "termsafe.h"
#include "validate.h"

/* Longest quoted value, in bytes, before "..." is put at the end. */
#define QUOTE_MAX	160
/* A buffer for quote(): QUOTE_MAX bytes, "..." and the NUL. */
#define QBUF		(QUOTE_MAX + 4)
/* Longest domain name without the final dot (RFC 1035 2.3.4, RFC 2181). */
#define DOMAIN_MAX	253
#define LABEL_MAX	63

#define IS_DIGIT(c)	((c) >= '0' && (c) <= '9')
#define IS_ALPHA(c)	(((c) >= 'a' && (c) <= 'z') || \
			    ((c) >= 'A' && (c) <= 'Z'))
#define IS_XDIGIT(c)	(IS_DIGIT(c) || ((c) >= 'a' && (c) <= 'f') || \
			    ((c) >= 'A' && (c) <= 'F'))

const char *const evidence_kinds[] = {
	"c2", "spam-source", "malware-host", "phishing", "botnet-ctrl", "scan",
	"other", NULL
};

/*
 * Write s into qb for quoting in a message: its bytes as they are, cut at
 * QUOTE_MAX bytes (never inside a UTF-8 sequence) with "..." appended.
 * Returns qb.  Nothing is escaped here: every message goes through the
 * one escaper of termsafe.h when it is printed (util.c), which shows
 * controls, C1 controls, bidi overrides and bad bytes in a visible form.
 */
static const char *
quote(const char *s, char qb[QBUF])
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned long cp = 0;
	size_t o = 0, n;

	while (*p != '\0') {
		if (*p < 0x80 || (n = utf8_seq(p, SIZE_MAX, &cp)) == 0)
			n = 1;
		if (o + n > QUOTE_MAX)
			break;
		memcpy(qb + o, p, n);
		o += n;
		p += n;
	}
	if (*p != '\0') {
		memcpy(qb + o, "...", 3);
		o += 3;
	}
	qb[o] = '\0';
	return qb;
}

/*
 * AS numbers, by asn.c's rules for what is typed (ASN_TYPED).  Leading
 * zeros ("026780") are refused, to be strict: nothing writes AS numbers
 * that way, so it is more likely a typo or a mangled field than a number
 * anyone meant.
 */
int
val_asn(const char *s, uint32_t *out, struct dp_err *err)
{
	const char *why;
	char qb[QBUF];
	uint32_t lo;

	switch (asn_parse(s, strlen(s), ASN_TYPED, out)) {
	case ASN_OK:
		return 0;
	case ASN_EEMPTY:
		return dp_fail(err, DP_EX_DATAERR, "invalid AS number '': "
		    "empty");
	case ASN_ENONUM:
		return dp_fail(err, DP_EX_DATAERR, "invalid AS number '%s': "
		    "no number after '%.2s'", quote(s, qb), s);
	case ASN_EHIGH0:
		(void)asn_parse(s, strlen(s), ASN_TYPED | ASN_HIGH0, &lo);
		return dp_fail(err, DP_EX_DATAERR, "invalid AS number '%s': "
		    "asdot form needs a high part of at least 1 (write it as "
		    "%u)", quote(s, qb), (unsigned)lo);
	case ASN_EZERO:
		why = "AS0 is reserved (RFC 7607)";
		break;
	case ASN_EDOTEMPTY:
		why = "asdot form needs two numbers, like 1.10";
		break;
	case ASN_ELEADZERO:
		why = "leading zeros are not allowed";
		break;
	case ASN_EDOTRANGE:
		why = "asdot part out of range (0-65535)";
		break;
	case ASN_ERANGE:
		why = "out of range (1-4294967295)";
		break;
	default:
		why = "not a number (expected 26780, AS26780 or asdot 1.10)";
		break;
	}
	return dp_fail(err, DP_EX_DATAERR, "invalid AS number '%s': %s",
	    quote(s, qb), why);
}

/* Whether s[0..n) is not empty and made only of digits and dots. */
static int
digits_dots(const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (!IS_DIGIT(s[i]) && s[i] != '.')
			return 0;
	return 1;
}

int
val_ip(const char *s, struct ipnet *out, struct dp_err *err)
{
	const char *why, *what;
	char qb[QBUF];

	if ((why = ipnet_parse_addr(s, strlen(s), out, &what)) != NULL)
		return dp_fail(err, DP_EX_DATAERR, "invalid %s '%s': %s",
		    what, quote(s, qb), why);
	return 0;
}

/*
 * The address is parsed as val_ip() would; the length is checked against
 * its family; a prefix with host bits set is refused, naming the network
 * the bits leave when cleared.
 */
int
val_cidr(const char *s, struct ipnet *out, struct dp_err *err)
{
	struct ipnet_perr pe;
	char qb[QBUF], net[IPNET_STRLEN];

	switch (ipnet_parse_cidr(s, out, &pe)) {
	case IPNET_OK:
		return 0;
	case IPNET_ENOSLASH:
		return dp_fail(err, DP_EX_DATAERR, "invalid CIDR prefix '%s': "
		    "missing '/' and prefix length", quote(s, qb));
	case IPNET_EADDR:
		return dp_fail(err, DP_EX_DATAERR, "invalid CIDR prefix '%s': "
		    "bad %s: %s", quote(s, qb), pe.what, pe.why);
	case IPNET_ERANGE:
		return dp_fail(err, DP_EX_DATAERR, "invalid CIDR prefix '%s': "
		    "prefix length out of range (0-%d)", quote(s, qb), pe.max);
	case IPNET_EHOST:
		ipnet_format(&pe.net, net, sizeof(net));
		return dp_fail(err, DP_EX_DATAERR, "'%s' has host bits set; "
		    "did you mean %s?", quote(s, qb), net);
	default:
		return dp_fail(err, DP_EX_DATAERR, "invalid CIDR prefix '%s': "
		    "%s", quote(s, qb), pe.why);
	}
}

/*
 * Labels are checked one by one as they are copied in lower case to buf,
 * so canon is written only once the whole name is known to be good.
 * Underscores pass anywhere in a label: they are not hostname characters,
 * but malware domains use them and DNS carries them.
 */
/* Whether label l[0..n) (lower case) is "0x" and hex digits only. */
static int
hex_number(const char *l, size_t n)
{
	size_t i;

	if (n < 2 || l[0] != '0' || l[1] != 'x')
		return 0;
	for (i = 2; i < n; i++)
		if (!IS_DIGIT((unsigned char)l[i]) && (l[i] < 'a' ||
		    l[i] > 'f'))
			return 0;
	return 1;
}

int
val_domain(const char *s, char *canon, size_t canonlen, struct dp_err *err)
{
	char buf[DOMAIN_MAX + 1], qb[QBUF];
	size_t n = strlen(s), i, start, labels = 0;
	int alldigits = 1;
	unsigned char c;

	if (n == 0)
		return dp_fail(err, DP_EX_DATAERR, "invalid domain '': empty");
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return dp_fail(err, DP_EX_DATAERR, "invalid domain "
			    "'%s': non-ASCII characters; use the IDNA A-label "
			    "(xn--) form", quote(s, qb));
	if (n > 1 && s[n - 1] == '.')
		n--;		/* the root; "x.." keeps an empty label */
	if (n > DOMAIN_MAX)
		return dp_fail(err, DP_EX_DATAERR, "invalid domain '%s': "
		    "longer than %d bytes", quote(s, qb), DOMAIN_MAX);
	for (start = 0;; start = i + 1) {
		alldigits = 1;
		for (i = start; i < n && s[i] != '.'; i++) {
			c = (unsigned char)s[i];
			if (IS_DIGIT(c))
				;
			else if (IS_ALPHA(c) || c == '-' || c == '_')
				alldigits = 0;
			else if (c <= ' ' || c == 0x7f)
				return dp_fail(err, DP_EX_DATAERR, "invalid "
				    "domain '%s': contains whitespace or a "
				    "control character", quote(s, qb));
			else
				return dp_fail(err, DP_EX_DATAERR, "invalid "
				    "domain '%s': invalid character '%c'",
				    quote(s, qb), c);
			buf[i] = (char)ascii_tolower(c);
		}
		if (i == start)
			return dp_fail(err, DP_EX_DATAERR, "invalid domain "
			    "'%s': empty label", quote(s, qb));
		if (i - start > LABEL_MAX)
			return dp_fail(err, DP_EX_DATAERR, "invalid domain "
			    "'%s': label longer than %d bytes", quote(s, qb),
			    LABEL_MAX);
		if (s[start] == '-' || s[i - 1] == '-')
			return dp_fail(err, DP_EX_DATAERR, "invalid domain "
			    "'%s': label '%.*s' %s with a hyphen", quote(s, qb),
			    (int)(i - start), s + start,
			    s[start] == '-' ? "starts" : "ends");
		labels++;
		if (i == n)
			break;
		buf[i] = '.';
	}
	buf[n] = '\0';
	if (labels < 2)
		return dp_fail(err, DP_EX_DATAERR, "invalid domain '%s': needs "
		    "at least two labels, like example.com", quote(s, qb));
	/*
	 * The top-level label may not be a number (RFC 1123 section 2.1:
	 * a host name never has the dotted-decimal form, since its
	 * highest-level label is not numeric; RFC 3696 section 2: a TLD is
	 * not all-numeric), so that "1.2.3.4" and "example.123" are not
	 * names.  A number here is also one inet_aton(3) and URL parsers
	 * read as a part of an IPv4 address: hexadecimal "0x..." too
	 * ("1.2.3.0x4" is 1.2.3.4 to them; octal "017" is all digits).
	 */
	if (alldigits)
		return dp_fail(err, DP_EX_DATAERR, "invalid domain '%s': "
		    "top-level domain '%s' is all digits", quote(s, qb),
		    buf + start);
	if (hex_number(buf + start, n - start))
		return dp_fail(err, DP_EX_DATAERR, "invalid domain '%s': "
		    "top-level domain '%s' is a hexadecimal number (read as "
		    "part of an IPv4 address)", quote(s, qb), buf + start);
	if (n >= canonlen)
		return dp_fail(err, DP_EX_DATAERR, "invalid domain '%s': "
		    "does not fit in %zu bytes", quote(s, qb), canonlen);
	memcpy(canon, buf, n + 1);
	return 0;
}

/*
 * Check the host curl found in a URL and write its canonical form for the
 * URL to host (lower-case domain without final dot, or address; an IPv6
 * address in brackets).  A dotted quad curl could not normalise gets the
 * IPv4 message rather than a domain one.
 */
static int
url_host(const char *h, char host[DOMAIN_MAX + 3], struct dp_err *err)
{
	struct ipnet n;
	char tmp[IPNET_STRLEN], qb[QBUF];
	size_t len = strlen(h);

	if (h[0] == '[') {
		if (len < 2 || h[len - 1] != ']' || len - 2 >= sizeof(tmp))
			return dp_fail(err, DP_EX_DATAERR, "invalid host '%s'",
			    quote(h, qb));
		memcpy(tmp, h + 1, len - 2);
		tmp[len - 2] = '\0';
		if (val_ip(tmp, &n, err) != 0)
			return DP_EX_DATAERR;
		ipnet_format_addr(&n, tmp, sizeof(tmp));
		snprintf(host, DOMAIN_MAX + 3, "[%s]", tmp);
		return 0;
	}
	if (digits_dots(h, len)) {
		if (val_ip(h, &n, err) != 0)
			return DP_EX_DATAERR;
		ipnet_format_addr(&n, host, DOMAIN_MAX + 3);
		return 0;
	}
	return val_domain(h, host, DOMAIN_MAX + 3, err);
}

/* A libcurl URL error as ours: curl's messages start in upper case. */
static void
url_fail(const char *s, CURLUcode uc, struct dp_err *err)
{
	char qb[QBUF], cerr[128];

	snprintf(cerr, sizeof(cerr), "%s", curl_url_strerror(uc));
	cerr[0] = (char)ascii_tolower(cerr[0]);
	dp_fail(err, DP_EX_DATAERR, "invalid URL '%s': %s", quote(s, qb),
	    cerr);
}

/*
 * The host as written in s (between "://" plus any userinfo, and the port,
 * path, query or fragment), lower-cased into out; "" if it does not fit.
 */
static void
raw_host(const char *s, char *out, size_t len)
{
	const char *p = strstr(s, "://") + 3, *end, *at;
	size_t n, i;

	end = p + strcspn(p, "/?#");
	at = memchr(p, '@', (size_t)(end - p));
	if (at != NULL)
		p = at + 1;
	n = (size_t)(end - p);
	if (*p != '[' && memchr(p, ':', n) != NULL)
		n = (size_t)((const char *)memchr(p, ':', n) - p);
	if (n >= len)
		n = 0;
	for (i = 0; i < n; i++)
		out[i] = (char)ascii_tolower(p[i]);
	out[n] = '\0';
}

int
val_url_host(const char *url, char **host, struct dp_err *err)
{
	CURLU *u = curl_url();
	char *h = NULL;
	CURLUcode uc;
	size_t n;

	if (u == NULL)
		die("out of memory");
	uc = curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME |
	    CURLU_GUESS_SCHEME);
	if (uc == CURLUE_OK)
		uc = curl_url_get(u, CURLUPART_HOST, &h, 0);
	curl_url_cleanup(u);
	if (uc != CURLUE_OK || h == NULL || *h == '\0') {
		curl_free(h);
		return dp_fail(err, DP_EX_DATAERR, "not a URL with a host "
		    "(%s)", curl_url_strerror(uc != CURLUE_OK ? uc :
		    CURLUE_NO_HOST));
	}
	n = strlen(h);
	if (h[0] == '[' && n > 2 && h[n - 1] == ']')
		*host = xstrndup(h + 1, n - 2);
	else
		*host = xstrdup(h);
	curl_free(h);
	return 0;
}

/*
 * The scheme must be letters ("http", "hxxp" in defanged evidence), and is
 * required: without "://" curl would guess one.  curl parses the rest;
 * CURLU_NON_SUPPORT_SCHEME lets it take schemes it does not speak.  The
 * host is then checked by our rules and written back in canonical form so
 * that the same URL always gives the same text.  curl rewrites numeric
 * IPv4 hosts in other forms as browsers do ("010.0.0.1" is 8.0.0.1, so is
 * "0x8.0.0.1"); such an obfuscated host is itself part of the evidence, so
 * it is refused rather than silently rewritten.
 */
int
val_url_curl(const char *s, char **canon, struct dp_err *err)
{
	CURLU *h = NULL;
	CURLUcode uc;
	struct dp_err sub = DP_ERR_INIT;
	const unsigned char *p;
	const char *sep;
	char *url = NULL, *host = NULL, *zone = NULL;
	char qb[QBUF], newhost[DOMAIN_MAX + 3], rawhost[DOMAIN_MAX + 3];
	unsigned long bcp;
	struct in_addr ia;
	size_t boff;
	int rc = DP_EX_DATAERR;

	if (*s == '\0')
		return dp_fail(err, DP_EX_DATAERR, "invalid URL '': empty");
	/*
	 * curl keeps bytes above 0x7f in the path and query as they are:
	 * the canonical form is stored and printed as text, so it must be
	 * valid UTF-8.
	 */
	if (!utf8_valid(s, strlen(s), NULL))
		return dp_fail(err, DP_EX_DATAERR, "invalid URL '%s': not "
		    "valid UTF-8", quote(s, qb));
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p <= ' ' || *p == 0x7f)
			return dp_fail(err, DP_EX_DATAERR, "invalid URL '%s': "
			    "contains a space or control character",
			    quote(s, qb));
	/* C1 controls and bidi overrides, which libcurl would keep. */
	if (ts_find_control(s, strlen(s), 0, &boff, &bcp) ||
	    ts_find_bidi(s, strlen(s), &boff, &bcp))
		return dp_fail(err, DP_EX_DATAERR, "invalid URL '%s': "
		    "contains a control character (U+%04lX)", quote(s, qb),
		    bcp);
	if ((sep = strstr(s, "://")) == NULL)
		return dp_fail(err, DP_EX_DATAERR, "invalid URL '%s': no "
		    "scheme (expected one like http://)", quote(s, qb));
	if (sep == s)
		return dp_fail(err, DP_EX_DATAERR, "invalid URL '%s': empty "
		    "scheme", quote(s, qb));
	for (p = (const unsigned char *)s; p < (const unsigned char *)sep; p++)
		if (!IS_ALPHA(*p))
			return dp_fail(err, DP_EX_DATAERR, "invalid URL '%s': "
			    "the scheme must be letters only", quote(s, qb));

	if ((h = curl_url()) == NULL)
		die("out of memory");
	uc = curl_url_set(h, CURLUPART_URL, s, CURLU_NON_SUPPORT_SCHEME);
	if (uc == CURLUE_OK)
		uc = curl_url_get(h, CURLUPART_HOST, &host, 0);
	if (uc == CURLUE_NO_HOST || (uc == CURLUE_OK && *host == '\0')) {
		dp_fail(err, DP_EX_DATAERR, "invalid URL '%s': no host",
		    quote(s, qb));
		goto out;
	}
	if (uc == CURLUE_OUT_OF_MEMORY)
		die("out of memory");
	if (uc != CURLUE_OK) {
		url_fail(s, uc, err);
		goto out;
	}
	if (curl_url_get(h, CURLUPART_ZONEID, &zone, 0) == CURLUE_OK) {
		dp_fail(err, DP_EX_DATAERR, "invalid URL '%s': IPv6 zone "
		    "index not allowed", quote(s, qb));
		goto out;
	}
	if (url_host(host, newhost, &sub) != 0) {
		dp_fail(err, DP_EX_DATAERR, "invalid URL '%s': %s",
		    quote(s, qb), sub.msg);
		goto out;
	}
	raw_host(s, rawhost, sizeof(rawhost));
	if (digits_dots(newhost, strlen(newhost)) &&
	    strcmp(rawhost, newhost) != 0) {
		dp_fail(err, DP_EX_DATAERR, "invalid URL '%s': host '%s' is "
		    "an IPv4 address in a non-standard form (it means %s); "
		    "record the URL with %s and keep the original form in "
		    "the note", quote(s, qb), rawhost, newhost, newhost);
		goto out;
	}
	/*
	 * curl left the host alone, yet it reads as an address once its
	 * final dot is gone ("0xa.0x198." is 10.0.1.152): the normal form
	 * would then mean another host than it says.
	 */
	if (inet_aton(newhost, &ia) != 0 &&
	    strcmp(newhost, inet_ntoa(ia)) != 0) {
		dp_fail(err, DP_EX_DATAERR, "invalid URL '%s': host '%s' is "
		    "an IPv4 address in a non-standard form (it means %s); "
		    "record the URL with %s and keep the original form in "
		    "the note", quote(s, qb), rawhost, inet_ntoa(ia),
		    inet_ntoa(ia));
		goto out;
	}
	uc = curl_url_set(h, CURLUPART_HOST, newhost, 0);
	if (uc == CURLUE_OK)
		uc = curl_url_get(h, CURLUPART_URL, &url, 0);
	if (uc == CURLUE_OUT_OF_MEMORY)
		die("out of memory");
	if (uc != CURLUE_OK) {
		url_fail(s, uc, err);
		goto out;
	}
	*canon = xstrdup(url);
	rc = 0;
out:
	curl_free(url);
	curl_free(zone);
	curl_free(host);
	curl_url_cleanup(h);
	return rc;
}

/*
 * Whether s[0..n) could be read as an IPv4 address by inet_aton()'s rules,
 * as libcurl reads a host: every label decimal digits or "0x" and hex
 * digits ("1.2.3.0x4" is 1.2.3.4, "0xa.0xb" is 10.0.0.11).  Such a host
 * is left to curl, which rewrites it.
 */
static int
ipv4_like(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		if (i + 1 < n && s[i] == '0' && (s[i + 1] == 'x' ||
		    s[i + 1] == 'X')) {
			for (i += 2; i < n && IS_XDIGIT(s[i]); i++)
				;
		} else {
			if (!IS_DIGIT(s[i]))
				return 0;
			while (i < n && IS_DIGIT(s[i]))
				i++;
		}
		if (i < n && s[i++] != '.')
			return 0;
	}
	return n > 0;
}

/*
 * Bytes the fast path lets through after the host: RFC 3986's unreserved
 * characters, sub-delimiters, ":", "@", "/", "?" and "#".  Not "%" (curl
 * checks percent-escapes), not "\\" or the characters RFC 3986 does not
 * allow at all; anything else goes to curl.
 */
static int
url_plain(unsigned char c)
{
	return IS_ALPHA(c) || (c >= '0' && c <= '9') ||
	    strchr("-._~!$&'()*+,;=:@/?#", c) != NULL;
}

/*
 * The common URL read without libcurl, which was a seventh of the CPU of
 * a bulk import: "http://" or "https://" in lower case, a host of lower-
 * case letters, digits, hyphens and dots that is a valid domain in
 * canonical form (not an address in any form inet_aton() reads: curl
 * rewrites those hosts), then
 * nothing or a path of url_plain() bytes without "/." (no dot segment
 * for curl to remove), "//", or an empty query or fragment (curl drops
 * them).  For such a URL libcurl's normal form is
 * the URL itself, with "/" added when there is no path, so the result is
 * that of val_url_curl(); tests/unit/check_validate.c compares the two
 * on a table of URLs.  Returns 1 with *canon set, 0 when curl must
 * decide.
 */
static int
url_fast(const char *s, char **canon)
{
	const char *h, *p;
	char host[DOMAIN_MAX + 1], chk[DOMAIN_MAX + 3];
	size_t n;
	int dots = 0;

	if (strncmp(s, "http://", 7) == 0)
		h = s + 7;
	else if (strncmp(s, "https://", 8) == 0)
		h = s + 8;
	else
		return 0;
	for (p = h; (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
	    *p == '-' || *p == '.'; p++)
		dots += *p == '.';
	n = (size_t)(p - h);
	if (n == 0 || n > DOMAIN_MAX || dots == 0 || h[n - 1] == '.' ||
	    (*p != '\0' && *p != '/') || ipv4_like(h, n))
		return 0;
	memcpy(host, h, n);
	host[n] = '\0';
	if (val_domain(host, chk, sizeof(chk), NULL) != 0 ||
	    strcmp(chk, host) != 0)
		return 0;
	if (*p == '\0') {
		*canon = xmalloc((size_t)(p - s) + 2);
		memcpy(*canon, s, (size_t)(p - s));
		memcpy(*canon + (p - s), "/", 2);
		return 1;
	}
	for (; *p != '\0'; p++)
		if (!url_plain((unsigned char)*p) ||
		    (*p == '/' && (p[1] == '.' || p[1] == '/')) ||
		    ((*p == '?' || *p == '#') && (p[1] == '\0' ||
		    p[1] == '#' || p[1] == '?')))
			return 0;
	*canon = xstrdup(s);
	return 1;
}

int
val_url(const char *s, char **canon, struct dp_err *err)
{
	if (url_fast(s, canon))
		return 0;
	return val_url_curl(s, canon, err);
}

const char *
ind_type_name(enum ind_type t)
{
	switch (t) {
	case IND_IPV4:
		return "ipv4";
	case IND_IPV6:
		return "ipv6";
	case IND_CIDR:
		return "cidr";
	case IND_DOMAIN:
		return "domain";
	case IND_URL:
		return "url";
	}
	return "unknown";
}

/*
 * A string of digits and dots is taken for an IPv4 address, so that
 * "1.2.3.256" is told about its octet rather than that it is a bad domain.
 * A slash after something that is not an address means a URL that lost its
 * scheme, and is refused as such rather than as a bad CIDR prefix.
 */
int
val_indicator(const char *s, enum ind_type *type, char **canon,
    struct dp_err *err)
{
	struct ipnet n;
	const char *slash;
	char buf[DOMAIN_MAX + 1], qb[QBUF];
	char *url;

	if (*s == '\0')
		return dp_fail(err, DP_EX_DATAERR, "invalid indicator '': "
		    "empty");
	if (strstr(s, "://") != NULL) {
		if (val_url(s, &url, err) != 0)
			return DP_EX_DATAERR;
		*type = IND_URL;
		*canon = url;
		return 0;
	}
	if ((slash = strchr(s, '/')) != NULL) {
		/* "example.com/x" is more likely a URL without its scheme. */
		if (!digits_dots(s, (size_t)(slash - s)) &&
		    memchr(s, ':', (size_t)(slash - s)) == NULL)
			return dp_fail(err, DP_EX_DATAERR, "invalid indicator "
			    "'%s': neither a CIDR prefix nor a URL (a URL "
			    "needs a scheme, like http://)", quote(s, qb));
		if (val_cidr(s, &n, err) != 0)
			return DP_EX_DATAERR;
		ipnet_format(&n, buf, sizeof(buf));
		*type = IND_CIDR;
	} else if ((slash = strchr(s, ':')) != NULL &&
	    strchr(slash + 1, ':') == NULL) {
		return dp_fail(err, DP_EX_DATAERR, "invalid indicator '%s': a "
		    "port is not allowed here; give the host alone, or a URL",
		    quote(s, qb));
	} else if (strchr(s, ':') != NULL || digits_dots(s, strlen(s))) {
		if (val_ip(s, &n, err) != 0)
			return DP_EX_DATAERR;
		ipnet_format_addr(&n, buf, sizeof(buf));
		*type = n.family == AF_INET ? IND_IPV4 : IND_IPV6;
	} else {
		if (val_domain(s, buf, sizeof(buf), err) != 0)
			return DP_EX_DATAERR;
		*type = IND_DOMAIN;
	}
	*canon = xstrdup(buf);
	return 0;
}

/* Read exactly n digits at *pp into *v and step over them; 0 if not. */
static int
get_digits(const char **pp, int n, int *v)
{
	const char *p = *pp;
	int i, x = 0;

	for (i = 0; i < n; i++) {
		if (!IS_DIGIT(p[i]))
			return 0;
		x = x * 10 + (p[i] - '0');
	}
	*pp = p + n;
	*v = x;
	return 1;
}

/* If **pp is c (or C, for letters), step over it and return 1. */
static int
get_char(const char **pp, char c)
{
	if (**pp == '\0' || ascii_tolower(**pp) != ascii_tolower(c))
		return 0;
	(*pp)++;
	return 1;
}

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/*
 * Days from 1970-01-01 to the proleptic Gregorian date y-m-d (Howard
 * Hinnant's days_from_civil, for y >= 0).
 */
static int64_t
days_from_civil(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int64_t)era * 146097 + doe - 719468;
}

/* The fields of a time as written; ranges are checked after parsing. */
struct civil {
	int	y, mo, d, h, mi, sec;
	int	sign, oh, om;	/* UTC offset: sign, hours, minutes */
};

/*
 * One grammar covers both forms in the header: a date, then optionally
 * [Tt ] HH:MM [:SS [.fraction]], then optionally one space and a zone (Z,
 * UTC, +HH:MM or +HHMM; none means UTC).  Fills *c and returns NULL, or
 * returns what is wrong with the shape of p.
 */
static const char *
parse_time(const char *p, struct civil *c)
{
	static const char *const badoff = "bad UTC offset (expected Z, UTC, "
	    "+HHMM or +HH:MM)";

	memset(c, 0, sizeof(*c));
	if (!get_digits(&p, 4, &c->y) || !get_char(&p, '-') ||
	    !get_digits(&p, 2, &c->mo) || !get_char(&p, '-') ||
	    !get_digits(&p, 2, &c->d))
		return "expected a date as YYYY-MM-DD";
	if (*p == '\0')
		return NULL;	/* a bare date: midnight UTC */
	if (!get_char(&p, 'T') && !get_char(&p, ' '))
		return "expected 'T' or a space after the date";
	if (!get_digits(&p, 2, &c->h) || !get_char(&p, ':') ||
	    !get_digits(&p, 2, &c->mi))
		return "expected a time as HH:MM or HH:MM:SS";
	if (get_char(&p, ':')) {
		if (!get_digits(&p, 2, &c->sec))
			return "expected two digits of seconds";
		if (get_char(&p, '.')) {
			/* Fractions of a second are read and dropped. */
			if (!IS_DIGIT(*p))
				return "expected digits after '.'";
			while (IS_DIGIT(*p))
				p++;
		}
	}
	if (get_char(&p, ' ') && *p == '\0')
		return "unexpected space at the end";
	if (*p == '\0')
		return NULL;
	if (get_char(&p, 'Z'))
		;
	else if (get_char(&p, 'U')) {
		if (!get_char(&p, 'T') || !get_char(&p, 'C'))
			return badoff;
	} else if (*p == '+' || *p == '-') {
		c->sign = *p++ == '-' ? -1 : 1;
		if (!get_digits(&p, 2, &c->oh))
			return badoff;
		(void)get_char(&p, ':');
		if (!get_digits(&p, 2, &c->om))
			return badoff;
	} else
		return badoff;
	if (*p != '\0')
		return "unexpected text after the time";
	return NULL;
}

/*
 * Syntax is checked before ranges, so a message about a field's range
 * means the shape was right.
 */
/* 9999-12-31T23:59:59Z */
#define TIME_MAX_UTC	253402300799LL

int
val_time(const char *s, int64_t *out, struct dp_err *err)
{
	static const int mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	struct civil c;
	const char *why;
	char qb[QBUF];
	int64_t t;

	if ((why = parse_time(s, &c)) != NULL)
		;
	else if (c.y < 1970)
		why = "year out of range (1970-9999)";
	else if (c.mo < 1 || c.mo > 12)
		why = "month out of range";
	else if (c.d < 1 || c.d > mdays[c.mo - 1] +
	    (c.mo == 2 && is_leap(c.y)))
		why = "day out of range";
	else if (c.h > 23)
		why = "hour out of range";
	else if (c.mi > 59)
		why = "minute out of range";
	else if (c.sec > 60)
		why = "second out of range";
	else if (c.oh > 23 || c.om > 59)
		why = "UTC offset out of range";
	if (why != NULL)
		return dp_fail(err, DP_EX_DATAERR, "invalid time '%s': %s",
		    quote(s, qb), why);
	if (c.sec == 60)
		c.sec = 59;	/* a leap second; Unix time has none */
	t = days_from_civil(c.y, c.mo, c.d) * 86400 + c.h * 3600 +
	    c.mi * 60 + c.sec - c.sign * (c.oh * 3600 + c.om * 60);
	/* The offset may carry a time out of the range in UTC. */
	if (t < 0 || t > TIME_MAX_UTC)
		return dp_fail(err, DP_EX_DATAERR, "invalid time '%s': "
		    "outside 1970-01-01 to 9999-12-31 in UTC", quote(s, qb));
	*out = t;
	return 0;
}

/* A time gmtime_r() cannot convert is written as "(invalid time)". */
void
fmt_time(int64_t t, char buf[TIME_STRLEN])
{
	time_t tt = (time_t)t;
	struct tm tm;

	if ((int64_t)tt != t || gmtime_r(&tt, &tm) == NULL ||
	    strftime(buf, TIME_STRLEN, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, TIME_STRLEN, "(invalid time)");
}

/*
 * ISO 3166-1 alpha-2 codes officially assigned (249, as in tzdata's
 * iso3166.tab) and the RIR pseudo-codes AP and EU, sorted for bsearch().
 */
static const char countries[][3] = {
	"AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AP", "AQ", "AR", "AS",
	"AT", "AU", "AW", "AX", "AZ", "BA", "BB", "BD", "BE", "BF", "BG", "BH",
	"BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV", "BW",
	"BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM",
	"CN", "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK",
	"DM", "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", "EU", "FI",
	"FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF", "GG", "GH",
	"GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY",
	"HK", "HM", "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO",
	"IQ", "IR", "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI",
	"KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK",
	"LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG",
	"MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU",
	"MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE", "NF", "NG", "NI", "NL",
	"NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK",
	"PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS",
	"RU", "RW", "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK",
	"SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV", "SX", "SY", "SZ", "TC",
	"TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR", "TT",
	"TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE",
	"VG", "VI", "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
};

static int
country_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* "UK" is the one common mistake (ISO has GB), so it gets a hint. */
int
val_country(const char *s, char out[3], struct dp_err *err)
{
	char up[3], qb[QBUF];

	if (!IS_ALPHA(s[0]) || !IS_ALPHA(s[1]) || s[2] != '\0')
		return dp_fail(err, DP_EX_DATAERR, "invalid country code "
		    "'%s': expected two letters (ISO 3166-1 alpha-2)",
		    quote(s, qb));
	up[0] = (char)ascii_toupper(s[0]);
	up[1] = (char)ascii_toupper(s[1]);
	up[2] = '\0';
	if (bsearch(up, countries, ARRAY_SIZE(countries), sizeof(countries[0]),
	    country_cmp) == NULL)
		return dp_fail(err, DP_EX_DATAERR, "unknown country code '%s' "
		    "(not an ISO 3166-1 alpha-2 code%s)", quote(s, qb),
		    strcmp(up, "UK") == 0 ? "; did you mean GB?" : "");
	memcpy(out, up, 3);
	return 0;
}

int
val_kind(const char *s, struct dp_err *err)
{
	char list[128], qb[QBUF];
	size_t i, o = 0;

	for (i = 0; evidence_kinds[i] != NULL; i++)
		if (strcmp(s, evidence_kinds[i]) == 0)
			return 0;
	list[0] = '\0';
	for (i = 0; evidence_kinds[i] != NULL && o < sizeof(list); i++)
		o += (size_t)snprintf(list + o, sizeof(list) - o, "%s%s",
		    i > 0 ? ", " : "", evidence_kinds[i]);
	return dp_fail(err, DP_EX_DATAERR, "unknown evidence kind '%s' "
	    "(expected one of: %s)", quote(s, qb), list);
}

int
val_text(const char *what, const char *s, size_t max, int multiline,
    struct dp_err *err)
{
	size_t len = strlen(s), i, bad;
	unsigned long cp;

	if (len > max)
		return dp_fail(err, DP_EX_DATAERR, "%s is %zu bytes long; "
		    "the limit is %zu", what, len, max);
	if (!utf8_valid(s, len, &bad))
		return dp_fail(err, DP_EX_DATAERR, "%s is not valid UTF-8 "
		    "(bad byte at offset %zu)", what, bad);
	/* C1 controls too (U+0080..U+009F): a terminal obeys U+009B. */
	if (ts_find_control(s, len, multiline ? TS_MULTILINE : 0, &i, &cp)) {
		if (cp < 0x80)
			return dp_fail(err, DP_EX_DATAERR, "%s contains a "
			    "control character (0x%02lx)", what, cp);
		return dp_fail(err, DP_EX_DATAERR, "%s contains a C1 "
		    "control character (U+%04lX)", what, cp);
	}
	/*
	 * A bidi override or isolate reorders what follows it on a screen;
	 * a one-line field (a name, a family, a source) has no use for one.
	 * Notes may hold them (right-to-left quotations) and are shown
	 * escaped.
	 */
	if (!multiline && ts_find_bidi(s, len, &i, &cp))
		return dp_fail(err, DP_EX_DATAERR, "%s contains a "
		    "bidirectional control character (U+%04lX)", what, cp);
	return 0;
}
