/*
 * dns.c - a name's address records through libresolv (see dns.h).
 *
 * Asking uses res_nmkquery() and res_nsend() rather than res_nquery():
 * res_nquery() returns -1 for an NXDOMAIN or an empty answer and does
 * not say how long the answer it received was, and those answers are
 * evidence to keep byte for byte.  Reading uses ns_initparse() and
 * ns_parserr(); names are expanded by ns_parserr() and dn_expand().
 */
#include <sys/types.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <errno.h>
#include <resolv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "buf.h"
#include "dns.h"
#include "exitcodes.h"

const char *
dns_type_name(int type, char buf[16])
{
	switch (type) {
	case DNS_T_A:		return "A";
	case DNS_T_CNAME:	return "CNAME";
	case DNS_T_SOA:		return "SOA";
	case DNS_T_AAAA:	return "AAAA";
	}
	snprintf(buf, 16, "TYPE%d", type);
	return buf;
}

const char *
dns_rcode_name(int rcode, char buf[16])
{
	static const char *const names[] = { "NOERROR", "FORMERR",
	    "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED" };

	if (rcode >= 0 && (size_t)rcode < ARRAY_SIZE(names))
		return names[rcode];
	snprintf(buf, 16, "RCODE%d", rcode);
	return buf;
}

int
dns_looks_like_name(const char *input)
{
	const unsigned char *p;
	const char *colon;
	size_t n = strcspn(input, "/"), i;
	int letter = 0;

	if (strstr(input, "://") != NULL)
		return 1;
	/* A URL without its scheme: the host, and perhaps a port. */
	if ((colon = memchr(input, ':', n)) != NULL) {
		for (i = (size_t)(colon - input) + 1; i < n; i++)
			if (input[i] < '0' || input[i] > '9')
				return 0;	/* an IPv6 address */
		n = (size_t)(colon - input);
	}
	for (p = (const unsigned char *)input; *p != '\0'; p++)
		if (*p >= 0x80)
			return 1;
	for (i = 0; i < n; i++)
		if ((input[i] >= 'a' && input[i] <= 'z') ||
		    (input[i] >= 'A' && input[i] <= 'Z'))
			letter = 1;
	/* "AS3549" has no dot; "208.66.192.0/22" no letter. */
	return letter && memchr(input, '.', n) != NULL;
}

/* ---- reading ---- */

/* A name as depeer keeps it: lower case, without the final dot. */
static char *
name_dup(const char *s)
{
	char *d = xstrdup(s);
	size_t n = strlen(d), i;

	if (n > 1 && d[n - 1] == '.')
		d[--n] = '\0';
	for (i = 0; i < n; i++)
		d[i] = (char)ascii_tolower((unsigned char)d[i]);
	return d;
}

void
dns_msg_release(struct dns_msg *m)
{
	size_t i;

	for (i = 0; i < m->nan; i++) {
		free(m->an[i].name);
		free(m->an[i].data);
	}
	free(m->an);
	free(m->qname);
	memset(m, 0, sizeof(*m));
}

static int
bad(struct dns_msg *m, struct dp_err *err, const char *what)
{
	dns_msg_release(m);
	return dp_fail(err, DP_EX_PROTOCOL, "malformed DNS answer: %s", what);
}

/* The data of an A, AAAA or CNAME record as text, or NULL. */
static int
rr_data(ns_msg *h, ns_rr *rr, char **out)
{
	char text[NS_MAXDNAME + 1];
	int type = ns_rr_type(*rr);
	size_t len = ns_rr_rdlen(*rr);

	*out = NULL;
	if (type == DNS_T_A || type == DNS_T_AAAA) {
		if (len != (type == DNS_T_A ? 4u : 16u))
			return -1;
		if (inet_ntop(type == DNS_T_A ? AF_INET : AF_INET6,
		    ns_rr_rdata(*rr), text, sizeof(text)) == NULL)
			return -1;
		*out = xstrdup(text);
	} else if (type == DNS_T_CNAME) {
		int n = dn_expand(ns_msg_base(*h), ns_msg_end(*h),
		    ns_rr_rdata(*rr), text, sizeof(text));

		if (n < 0 || (size_t)n != len)
			return -1;
		*out = name_dup(text);
	}
	return 0;
}

/* An SOA record's negative TTL (RFC 2308 section 5), or -1. */
static int
soa_neg_ttl(ns_msg *h, ns_rr *rr, uint32_t *out)
{
	const unsigned char *p = ns_rr_rdata(*rr), *end = p + ns_rr_rdlen(*rr);
	char name[NS_MAXDNAME + 1];
	uint32_t minimum;
	int i, n;

	for (i = 0; i < 2; i++) {	/* MNAME, RNAME */
		if ((n = dn_expand(ns_msg_base(*h), ns_msg_end(*h), p, name,
		    sizeof(name))) < 0 || n > end - p)
			return -1;
		p += n;
	}
	if (end - p != 20)	/* SERIAL REFRESH RETRY EXPIRE MINIMUM */
		return -1;
	minimum = ns_get32(p + 16);
	*out = ns_rr_ttl(*rr) < minimum ? ns_rr_ttl(*rr) : minimum;
	return 0;
}

int
dns_parse(const unsigned char *msg, size_t len, struct dns_msg *out,
    struct dp_err *err)
{
	ns_msg h;
	ns_rr rr;
	uint32_t neg;
	int i, n;

	memset(out, 0, sizeof(*out));
	if (len > 65535 || ns_initparse(msg, (int)len, &h) < 0)
		return bad(out, err, "the sections do not fit the message");
	if (!ns_msg_getflag(h, ns_f_qr))
		return bad(out, err, "a question, not a response");
	if (ns_msg_count(h, ns_s_qd) != 1)
		return bad(out, err, "not exactly one question");
	out->rcode = ns_msg_getflag(h, ns_f_rcode);
	out->truncated = ns_msg_getflag(h, ns_f_tc);
	if (ns_parserr(&h, ns_s_qd, 0, &rr) < 0)
		return bad(out, err, "the question");
	out->qname = name_dup(ns_rr_name(rr));
	out->qtype = ns_rr_type(rr);
	n = ns_msg_count(h, ns_s_an);
	out->an = xcalloc((size_t)n + 1, sizeof(*out->an));
	for (i = 0; i < n; i++) {
		struct dns_rr *r = &out->an[out->nan];

		if (ns_parserr(&h, ns_s_an, i, &rr) < 0)
			return bad(out, err, "an answer record");
		if (ns_rr_class(rr) != ns_c_in)
			continue;
		if (rr_data(&h, &rr, &r->data) != 0)
			return bad(out, err, "the data of an A, AAAA or CNAME "
			    "record");
		r->name = name_dup(ns_rr_name(rr));
		r->type = ns_rr_type(rr);
		r->ttl = ns_rr_ttl(rr);
		out->nan++;
	}
	n = ns_msg_count(h, ns_s_ns);
	for (i = 0; i < n; i++) {
		if (ns_parserr(&h, ns_s_ns, i, &rr) < 0)
			return bad(out, err, "an authority record");
		if (ns_rr_type(rr) != DNS_T_SOA || ns_rr_class(rr) != ns_c_in)
			continue;
		if (soa_neg_ttl(&h, &rr, &neg) != 0)
			return bad(out, err, "an SOA record");
		if (!out->has_neg_ttl || neg < out->neg_ttl)
			out->neg_ttl = neg;
		out->has_neg_ttl = 1;
	}
	return 0;
}

char *
dns_format(const unsigned char *msg, size_t len)
{
	struct dp_err err = DP_ERR_INIT;
	struct buf b = BUF_INIT;
	struct dns_msg m;
	char tb[16], rb[16];
	size_t i;

	if (dns_parse(msg, len, &m, &err) != 0) {
		buf_addf(&b, ";; not a DNS message (%s)\n", err.msg);
		return buf_detach(&b, NULL);
	}
	buf_addf(&b, ";; status: %s\n", dns_rcode_name(m.rcode, rb));
	for (i = 0; i < m.nan; i++)
		buf_addf(&b, "%s.\t%u\tIN\t%s\t%s%s\n", m.an[i].name,
		    m.an[i].ttl, dns_type_name(m.an[i].type, tb),
		    m.an[i].data != NULL ? m.an[i].data : "(not shown)",
		    m.an[i].type == DNS_T_CNAME ? "." : "");
	if (m.has_neg_ttl)
		buf_addf(&b, ";; negative answer holds %u s (SOA)\n",
		    m.neg_ttl);
	dns_msg_release(&m);
	return buf_detach(&b, NULL);
}

void
dns_follow(const struct dns_msg *m, int type, const struct dns_rr ***chain,
    size_t *nchain, const struct dns_rr ***addrs, size_t *naddrs,
    uint32_t *min_ttl)
{
	const char *name = m->qname;
	size_t i;
	int hops, have = 0;

	*chain = xcalloc(m->nan + 1, sizeof(**chain));
	*addrs = xcalloc(m->nan + 1, sizeof(**addrs));
	*nchain = *naddrs = 0;
	*min_ttl = 0;
	for (hops = 0; hops < 16; hops++) {
		const struct dns_rr *next = NULL;
		size_t k;

		for (i = 0; i < m->nan && next == NULL; i++)
			if (m->an[i].type == DNS_T_CNAME &&
			    strcmp(m->an[i].name, name) == 0)
				next = &m->an[i];
		if (next == NULL)
			break;
		for (k = 0; k < *nchain; k++)	/* a loop */
			if ((*chain)[k] == next)
				break;
		if (k < *nchain)
			break;
		(*chain)[(*nchain)++] = next;
		if (!have || next->ttl < *min_ttl)
			*min_ttl = next->ttl;
		have = 1;
		name = next->data;
	}
	for (i = 0; i < m->nan; i++)
		if (m->an[i].type == type && strcmp(m->an[i].name, name) == 0) {
			(*addrs)[(*naddrs)++] = &m->an[i];
			if (!have || m->an[i].ttl < *min_ttl)
				*min_ttl = m->an[i].ttl;
			have = 1;
		}
}

/* ---- asking ---- */

/* "192.0.2.53:53" or "[2001:db8::53]:53" of a name server. */
static void
addr_label(const struct sockaddr *sa, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];

	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *s4 = (const void *)sa;

		inet_ntop(AF_INET, &s4->sin_addr, a, sizeof(a));
		snprintf(buf, len, "%s:%u", a, ntohs(s4->sin_port));
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)sa;

		inet_ntop(AF_INET6, &s6->sin6_addr, a, sizeof(a));
		snprintf(buf, len, "[%s]:%u", a, ntohs(s6->sin6_port));
	} else
		snprintf(buf, len, "?");
}

/* The servers st asks, as one label. */
static void
make_label(struct __res_state *st, char *out, size_t len)
{
	struct buf b = BUF_INIT;
	char one[INET6_ADDRSTRLEN + 16];
	int i;

	for (i = 0; i < st->nscount && i < MAXNS; i++) {
		const struct sockaddr *sa =
		    (const struct sockaddr *)&st->nsaddr_list[i];

#ifdef __GLIBC__
		/* glibc keeps an IPv6 server beside the IPv4 list. */
		if (st->nsaddr_list[i].sin_family == 0 &&
		    st->_u._ext.nsaddrs[i] != NULL)
			sa = (const struct sockaddr *)st->_u._ext.nsaddrs[i];
#endif
		addr_label(sa, one, sizeof(one));
		buf_addf(&b, "%s%s", i > 0 ? ", " : "", one);
	}
	snprintf(out, len, "%s", b.len > 0 ? b.s : "(no name server)");
	buf_release(&b);
}

int
dns_client_init(struct dns_client *c, const char *host, int port,
    long timeout_ms, int tries, struct dp_err *err)
{
	struct __res_state *st;
	struct sockaddr_in sin;

	memset(c, 0, sizeof(*c));
	memset(&sin, 0, sizeof(sin));
	if (host != NULL && *host != '\0' &&
	    inet_pton(AF_INET, host, &sin.sin_addr) != 1)
		return dp_fail(err, DP_EX_CONFIG, "dns_server '%.100s': "
		    "expected an IPv4 address (IPv6 name servers go in "
		    "/etc/resolv.conf)", host);
	st = xcalloc(1, sizeof(*st));
	if (res_ninit(st) != 0) {
		free(st);
		return dp_fail(err, DP_EX_CONFIG, "cannot set up the DNS "
		    "resolver (res_ninit)");
	}
	/* Ask as given: no search list, no default domain appended. */
	st->options &= ~(unsigned long)(RES_DEFNAMES | RES_DNSRCH);
	st->options |= RES_RECURSE;
	/*
	 * glibc's res_nsend() hands back a SERVFAIL, NOTIMP or REFUSED
	 * answer instead of -1 when pfcode is set (as dig sets it), so that
	 * the error can name the response code.
	 */
	st->pfcode = RES_PRF_HEAD1;
	if (host != NULL && *host != '\0') {
		sin.sin_family = AF_INET;
		sin.sin_port = htons((uint16_t)(port > 0 ? port : 53));
		st->nsaddr_list[0] = sin;
		st->nscount = 1;
		/*
		 * libresolv waits retrans seconds per try: the network's
		 * read time-out, but no more than resolv.conf's default of
		 * 5 s, nor more than 3 tries, so that a silent server costs
		 * 15 s at most, not 20 s times retries.
		 */
		st->retrans = (int)((timeout_ms + 999) / 1000);
		st->retrans = st->retrans < 1 ? 1 : st->retrans > DNS_MAX_WAIT ?
		    DNS_MAX_WAIT : st->retrans;
		st->retry = tries < 1 ? 1 : tries > DNS_MAX_TRIES ?
		    DNS_MAX_TRIES : tries;
	}
	c->state = st;
	c->timeout_s = st->retrans;
	c->tries = st->retry;
	make_label(st, c->label, sizeof(c->label));
	return 0;
}

void
dns_client_release(struct dns_client *c)
{
	if (c->state != NULL) {
		res_nclose(c->state);
		free(c->state);
	}
	memset(c, 0, sizeof(*c));
}

int
dns_client_query(struct dns_client *c, const char *name, int type,
    unsigned char **out, size_t *len, struct dp_err *err)
{
	unsigned char q[NS_PACKETSZ + 64], *ans;
	char tb[16];
	int qlen, n;

	*out = NULL;
	*len = 0;
	qlen = res_nmkquery(c->state, ns_o_query, name, ns_c_in, type, NULL,
	    0, NULL, q, (int)sizeof(q));
	if (qlen < 0)
		return dp_fail(err, DP_EX_DATAERR, "'%.260s': not a name the "
		    "resolver can ask for", name);
	ans = xmalloc(65536);
	n = res_nsend(c->state, q, qlen, ans, 65536);
	if (n < 0) {
		free(ans);
		return dp_fail(err, DP_EX_TEMPFAIL, "no answer from the name "
		    "server (%s) for %s. IN %s within %ld s, %d tr%s", c->label,
		    name, dns_type_name(type, tb), c->timeout_s, c->tries,
		    c->tries == 1 ? "y" : "ies");
	}
	if (n > 65536)
		n = 65536;
	*out = ans;
	*len = (size_t)n;
	return 0;
}
