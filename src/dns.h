/*
 * dns.h - a name's address records through the C library's resolver
 * (libresolv): asking (res_nmkquery/res_nsend, against /etc/resolv.conf's
 * name servers or one given server) and reading the answer
 * (ns_initparse/ns_parserr).  The bytes asked for are kept whole: they
 * are stored as a source (protocol "dns") by the caller.
 *
 * Nothing here touches the store or prints.  Ownership: the caller owns
 * struct dns_client (dns_client_init/dns_client_release), struct dns_msg
 * (dns_msg_release) and the bytes dns_client_query() returns.
 */
#ifndef DEPEER_DNS_H
#define DEPEER_DNS_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* Record types asked for or read (RFC 1035, RFC 3596). */
#define DNS_T_A		1
#define DNS_T_CNAME	5
#define DNS_T_SOA	6
#define DNS_T_AAAA	28

/* Response codes (RFC 1035 4.1.1). */
#define DNS_R_NOERROR	0
#define DNS_R_SERVFAIL	2
#define DNS_R_NXDOMAIN	3

/* "A", "AAAA", "CNAME", "SOA", or "TYPEnn" into buf (at least 16). */
const char *dns_type_name(int type, char buf[16]);
/* "NOERROR", "NXDOMAIN", ..., or "RCODEnn" into buf (at least 16). */
const char *dns_rcode_name(int rcode, char buf[16]);

/*
 * Whether input looks like a domain name or a URL rather than an
 * address, a prefix or an AS number: it has "://", or bytes beyond
 * ASCII, or what comes before its first '/' (without a ":PORT") has a
 * letter and a dot and no other ':' ("mccolo.com", "mccolo.com/panel/",
 * "mccolo.com:8080/x"; not "2001:db8::/32").  Only a guess, for
 * choosing the path and the message; the parsers decide.
 */
int	dns_looks_like_name(const char *input);

/* ---- reading an answer (bytes in, records out: no I/O) ---- */

/* One record of the answer section. */
struct dns_rr {
	char		*name;		/* owner, lower case, no final dot */
	int		 type;		/* DNS_T_* or another number */
	uint32_t	 ttl;
	char		*data;		/* A, AAAA: the address as text;
					   CNAME: the target (lower case, no
					   final dot); else NULL */
};

struct dns_msg {
	int		 rcode;		/* DNS_R_* */
	int		 truncated;	/* TC set */
	char		*qname;		/* the question, lower case, no dot */
	int		 qtype;
	struct dns_rr	*an;		/* the answer section, in order */
	size_t		 nan;
	int		 has_neg_ttl;	/* an SOA in the authority section: */
	uint32_t	 neg_ttl;	/* how long a "no" holds (RFC 2308 5:
					   the smaller of the SOA's TTL and its
					   MINIMUM) */
};

/*
 * Read a DNS message (a response with one question) into *out: 0, or
 * DP_EX_PROTOCOL with err saying what is wrong (out is then empty).
 */
int	dns_parse(const unsigned char *msg, size_t len, struct dns_msg *out,
	    struct dp_err *err);
void	dns_msg_release(struct dns_msg *m);

/*
 * A DNS message as text, for people: ";; status: RCODE", then the answer
 * records one a line as dig(1) shows them ("mccolo.com.<TAB>300<TAB>IN
 * <TAB>A<TAB>208.66.194.37"), then the negative TTL if an SOA gave one;
 * or ";; not a DNS message (why)".  Every line ends in '\n'.  A new
 * string.
 */
char	*dns_format(const unsigned char *msg, size_t len);

/*
 * The answer read as a resolver returns it: from the question's name
 * through the CNAME records (each target the next name), the records of
 * type at the last name.  *chain gets the CNAME records followed, in
 * order (pointers into m), *addrs the records of type; both arrays are
 * the caller's to free (not their contents).  A CNAME loop or a chain
 * longer than 16 ends the walk.  *min_ttl is the smallest TTL of the
 * records used (0 when none).
 */
void	dns_follow(const struct dns_msg *m, int type,
	    const struct dns_rr ***chain, size_t *nchain,
	    const struct dns_rr ***addrs, size_t *naddrs, uint32_t *min_ttl);

/* ---- asking ---- */

struct dns_client {
	void		*state;		/* struct __res_state (resolv.h) */
	char		 label[256];	/* the servers asked: "192.0.2.53:53",
					   several separated by ", " */
	long		 timeout_s;	/* per try, as libresolv counts */
	int		 tries;
};

#define DNS_MAX_WAIT	5	/* seconds a try waits, at most */
#define DNS_MAX_TRIES	3

/*
 * Set up a client: host NULL or "" takes the name servers, time-out and
 * tries of /etc/resolv.conf (res_ninit); else host (an IPv4 address) and
 * port (0: 53) are the one server asked, each try waiting timeout_ms
 * (rounded up to whole seconds, libresolv's unit; 1 to DNS_MAX_WAIT),
 * tries times (1 to DNS_MAX_TRIES).  0, or DP_EX_CONFIG with err filled.
 */
int	dns_client_init(struct dns_client *c, const char *host, int port,
	    long timeout_ms, int tries, struct dp_err *err);
void	dns_client_release(struct dns_client *c);

/*
 * Ask for name's records of type (no search list, recursion desired;
 * libresolv retries over TCP when the UDP answer is truncated).  0 with
 * the answer's bytes in *out (malloc'd) and their length in *len, whatever
 * its response code: an NXDOMAIN is an answer too.  No server answering
 * usably (time-out, SERVFAIL, REFUSED, unreachable) is DP_EX_TEMPFAIL;
 * a name libresolv cannot encode, DP_EX_DATAERR.
 */
int	dns_client_query(struct dns_client *c, const char *name, int type,
	    unsigned char **out, size_t *len, struct dp_err *err);

#endif
