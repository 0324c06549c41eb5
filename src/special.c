/*
 * special.c - the special-purpose address and AS number tables; see
 * special.h.  Each row names the IANA registry entry's RFC.
 */
#include <pthread.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>

#include "special.h"
#include "util.h"

struct netrow {
	const char	*cidr;		/* parsed once, into parsed[] */
	struct special	 s;
};

/*
 * Most specific first within a block that holds another (255.255.255.255
 * before 240.0.0.0/4), so that the first match is the one to name.
 */
static const struct netrow nets[] = {
	{ "0.0.0.0/8", { "\"this network\"", "RFC 791" } },
	{ "10.0.0.0/8", { "private-use", "RFC 1918" } },
	{ "100.64.0.0/10", { "shared address space (carrier-grade NAT)",
	    "RFC 6598" } },
	{ "127.0.0.0/8", { "loopback", "RFC 1122" } },
	{ "169.254.0.0/16", { "link-local", "RFC 3927" } },
	{ "172.16.0.0/12", { "private-use", "RFC 1918" } },
	{ "192.0.0.0/24", { "IETF protocol assignments", "RFC 6890" } },
	{ "192.0.2.0/24", { "documentation (TEST-NET-1)", "RFC 5737" } },
	{ "192.88.99.0/24", { "deprecated 6to4 relay anycast",
	    "RFC 7526" } },
	{ "192.168.0.0/16", { "private-use", "RFC 1918" } },
	{ "198.18.0.0/15", { "benchmarking", "RFC 2544" } },
	{ "198.51.100.0/24", { "documentation (TEST-NET-2)", "RFC 5737" } },
	{ "203.0.113.0/24", { "documentation (TEST-NET-3)", "RFC 5737" } },
	{ "224.0.0.0/4", { "multicast", "RFC 5771" } },
	{ "255.255.255.255/32", { "limited broadcast", "RFC 919" } },
	{ "240.0.0.0/4", { "reserved", "RFC 1112" } },
	{ "::/128", { "unspecified", "RFC 4291" } },
	{ "::1/128", { "loopback", "RFC 4291" } },
	{ "::ffff:0:0/96", { "IPv4-mapped", "RFC 4291" } },
	{ "100::/64", { "discard-only", "RFC 6666" } },
	{ "2001:2::/48", { "benchmarking", "RFC 5180" } },
	{ "2001:db8::/32", { "documentation", "RFC 3849" } },
	{ "3fff::/20", { "documentation", "RFC 9637" } },
	{ "fc00::/7", { "unique local", "RFC 4193" } },
	{ "fe80::/10", { "link-local", "RFC 4291" } },
	{ "ff00::/8", { "multicast", "RFC 4291" } },
};

static const struct {
	uint32_t	 lo, hi;
	struct special	 s;
} asns[] = {
	{ 0, 0, { "reserved", "RFC 7607" } },
	{ 23456, 23456, { "AS_TRANS", "RFC 6793" } },
	{ 64496, 64511, { "documentation", "RFC 5398" } },
	{ 64512, 65534, { "private-use", "RFC 6996" } },
	{ 65535, 65535, { "reserved", "RFC 7300" } },
	{ 65536, 65551, { "documentation", "RFC 5398" } },
	{ 4200000000U, 4294967294U, { "private-use", "RFC 6996" } },
	{ 4294967295U, 4294967295U, { "reserved", "RFC 7300" } },
};

/*
 * nets[] parsed, once per process: an import checks every row, from its
 * reader thread, so the parse is not repeated and the first use is
 * made thread-safe with pthread_once().
 */
static struct ipnet parsed[ARRAY_SIZE(nets)];
static pthread_once_t parse_once = PTHREAD_ONCE_INIT;

static void
parse_nets(void)
{
	struct ipnet_perr pe;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(nets); i++)
		if (ipnet_parse_cidr(nets[i].cidr, &parsed[i], &pe) !=
		    IPNET_OK)
			die("BUG: bad special-purpose block '%s'",
			    nets[i].cidr);
}

const struct special *
special_net(const struct ipnet *n)
{
	size_t i;

	pthread_once(&parse_once, parse_nets);
	for (i = 0; i < ARRAY_SIZE(nets); i++)
		if (ipnet_contains(&parsed[i], n))
			return &nets[i].s;
	return NULL;
}

const struct special *
special_asn(uint32_t asn)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(asns); i++)
		if (asn >= asns[i].lo && asn <= asns[i].hi)
			return &asns[i].s;
	return NULL;
}
