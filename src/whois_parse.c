/*
 * whois_parse.c - WHOIS answers (IANA, ARIN, RPSL, LACNIC, rwhois) into
 * reg_records, the query lines that ask for them, and referral parsing.
 * See whois_parse.h for the contracts.
 *
 * How: whois_lex.c cuts the answer into attributes and objects (over
 * rpsl_lex.c's lines) and notes the comment lines that carry meaning;
 * then whois_parse() hands it to the interpreter for its format
 * (whois_rpsl.c, whois_arin.c, whois_iana.c, whois_rwhois.c), which
 * picks the record's block and follows its references with the record
 * building they share (whois_rec.c).  This file holds that dispatch and
 * the other public functions.  Every loop is bounded by the input's size
 * or by a constant (whois_int.h); nothing recurses.
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "asn.h"
#include "buf.h"
#include "exitcodes.h"
#include "whois_int.h"

/* ---- the public functions ---- */

/* host in lower case without scheme, port and final dot, into out. */
static void
host_norm(const char *host, char *out, size_t outlen)
{
	size_t n = 0;

	if (wp_prefix_ci(host, strlen(host), "rwhois://"))
		host += 9;
	else if (wp_prefix_ci(host, strlen(host), "whois://"))
		host += 8;
	while (host[n] != '\0' && host[n] != ':' && host[n] != '/' &&
	    n + 1 < outlen) {
		out[n] = (char)ascii_tolower((unsigned char)host[n]);
		n++;
	}
	while (n > 0 && out[n - 1] == '.')
		n--;
	out[n] = '\0';
}

enum whois_fmt
whois_fmt_for_server(const char *host)
{
	char h[256];

	if (host == NULL)
		return WHOIS_RPSL;
	if (wp_prefix_ci(host, strlen(host), "rwhois://"))
		return WHOIS_RWHOIS;
	host_norm(host, h, sizeof(h));
	if (strcmp(h, "whois.iana.org") == 0)
		return WHOIS_IANA;
	if (strcmp(h, "whois.arin.net") == 0)
		return WHOIS_ARIN;
	if (strcmp(h, "whois.lacnic.net") == 0 ||
	    strcmp(h, "whois.registro.br") == 0)
		return WHOIS_LACNIC;
	if (strncmp(h, "rwhois.", 7) == 0)
		return WHOIS_RWHOIS;
	return WHOIS_RPSL;
}

/* The RIRs whose servers take RIPE's query flags. */
static int
ripe_flags_host(const char *host)
{
	char h[256];

	if (host == NULL)
		return 0;
	host_norm(host, h, sizeof(h));
	return strcmp(h, "whois.ripe.net") == 0 ||
	    strcmp(h, "whois.apnic.net") == 0 ||
	    strcmp(h, "whois.afrinic.net") == 0;
}

char *
whois_query(enum whois_fmt fmt, const char *host, enum whois_qtype t,
    const char *value)
{
	char txt[IPNET_STRLEN], as[ASN_STRLEN];
	struct ipnet n;
	uint32_t asn = 0;
	int ripe = fmt == WHOIS_RPSL && ripe_flags_host(host);

	if (value == NULL)
		return NULL;
	switch (t) {
	case WQ_ADDR:
		if (val_ip(value, &n, NULL) != 0)
			return NULL;
		ipnet_format_addr(&n, txt, sizeof(txt));
		break;
	case WQ_PREFIX:
		if (val_cidr(value, &n, NULL) != 0)
			return NULL;
		if (fmt == WHOIS_IANA)	/* IANA wants an address */
			ipnet_format_addr(&n, txt, sizeof(txt));
		else
			ipnet_format(&n, txt, sizeof(txt));
		break;
	case WQ_ASN:
		if (asn_parse(value, strlen(value), ASN_STRICT, &asn) !=
		    ASN_OK)
			return NULL;
		break;
	default:
		return NULL;
	}
	if (fmt == WHOIS_ARIN)
		return t == WQ_ASN ? xasprintf("a %u", (unsigned)asn) :
		    t == WQ_ADDR ? xasprintf("n + %s", txt) :
		    xasprintf("r + = %s", txt);
	if (t == WQ_ASN)
		return ripe ? xasprintf("-r -T aut-num %s",
		    asn_format(asn, as)) : xstrdup(asn_format(asn, as));
	return ripe ? xasprintf("-r %s", txt) : xstrdup(txt);
}

int
whois_parse(enum whois_fmt fmt, const char *text, size_t len,
    enum whois_qtype t, struct reg_record *out, struct dp_err *err)
{
	struct answer a;
	struct reg_record r;
	struct rctx c;
	int rc;

	if ((unsigned)fmt > WHOIS_RWHOIS)
		fmt = WHOIS_RPSL;
	if ((unsigned)t > WQ_ASN)
		t = WQ_ADDR;
	wp_answer_init(&a, fmt);
	reg_record_init(&r);
	if ((rc = wp_answer_load(&a, text, len, err)) != 0) {
		if (rc == 1)	/* empty: nothing found */
			rc = 0;
		goto out;
	}
	memset(&c, 0, sizeof(c));
	c.a = &a;
	c.r = &r;
	switch (fmt) {
	case WHOIS_IANA:
		wp_iana_interpret(&c, t);
		break;
	case WHOIS_ARIN:
		wp_arin_interpret(&c, t);
		break;
	case WHOIS_RWHOIS:
		if (t != WQ_ASN)
			wp_rwhois_interpret(&c);
		break;
	default:
		if (t == WQ_ASN)
			wp_rpsl_autnum(&c, fmt);
		else
			wp_rpsl_net(&c, fmt);
		break;
	}
	if (r.kind == REG_NONE && (rc = wp_answer_verdict(&a, err)) != 0)
		goto out;
	if (r.kind != REG_NONE) {
		if (a.no_abuse)
			wp_note(&r, "%s", "the registry says no abuse "
			    "contact is registered");
		if (a.full)
			wp_note(&r, "%s", "answer too long: the rest was not "
			    "read");
		if (a.nlong > 0)
			wp_note(&r, "%s", "lines longer than 4096 bytes were "
			    "cut");
	}
	reg_sort_contacts(&r);
	reg_abuse_candidates(&r);
out:
	if (rc == 0) {
		reg_record_release(out);
		*out = r;
	} else
		reg_record_release(&r);
	wp_answer_release(&a);
	return rc;
}

int
whois_referral_parse(const char *ref, char **host, int *port,
    int *is_rwhois, struct dp_err *err)
{
	char q[QUOTE_BUF], hb[300], canon[256];
	const char *p, *e, *h, *he, *scheme;
	size_t n = ref != NULL ? strlen(ref) : 0;
	unsigned long prt = 0;
	struct ipnet ip;
	int rw = 0, wh = 0, digits = 0;

	if (ref == NULL)
		ref = "";
	p = ref;
	e = ref + n;
	while (p < e && wp_is_blank(*p))
		p++;
	while (e > p && wp_is_blank(e[-1]))
		e--;
	wp_quote_bytes(p, (size_t)(e - p), q);
	if (wp_prefix_ci(p, (size_t)(e - p), "rwhois://")) {
		rw = 1;
		p += 9;
	} else if (wp_prefix_ci(p, (size_t)(e - p), "whois://")) {
		wh = 1;
		p += 8;
	} else if ((scheme = strstr(p, "://")) != NULL && scheme < e)
		return dp_fail(err, DP_EX_PROTOCOL, "not a WHOIS referral "
		    "(another scheme): '%s'", q);
	if (p < e && *p == '[') {
		h = p + 1;
		he = memchr(h, ']', (size_t)(e - h));
		if (he == NULL)
			goto bad;
		p = he + 1;
	} else {
		h = p;
		while (p < e && *p != ':' && *p != '/')
			p++;
		he = p;
	}
	if (p < e && *p == ':') {
		for (p++; p < e && *p >= '0' && *p <= '9' && prt <= 65535;
		    p++, digits++)
			prt = prt * 10 + (unsigned long)(*p - '0');
		if (digits == 0 || prt == 0 || prt > 65535)
			goto bad;
	}
	if (p < e && *p != '/')
		goto bad;
	if (he == h || (size_t)(he - h) >= sizeof(hb))
		goto bad;
	memcpy(hb, h, (size_t)(he - h));
	hb[he - h] = '\0';
	if (val_ip(hb, &ip, NULL) == 0) {
		if ((ip.family == AF_INET6) != (h > ref && h[-1] == '['))
			goto bad;
		ipnet_format_addr(&ip, canon, sizeof(canon));
	} else if (h > ref && h[-1] == '[')
		goto bad;
	else if (val_domain(hb, canon, sizeof(canon), NULL) != 0)
		goto bad;
	*host = xstrdup(canon);
	*port = digits ? (int)prt : rw ? RWHOIS_PORT : WHOIS_PORT;
	/* The scheme names the protocol; without one, the port does. */
	*is_rwhois = rw || (!wh && *port == RWHOIS_PORT);
	return 0;
bad:
	return dp_fail(err, DP_EX_PROTOCOL, "bad WHOIS referral '%s'", q);
}
