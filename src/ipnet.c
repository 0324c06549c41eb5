/*
 * ipnet.c - IPv4 and IPv6 addresses and prefixes; see ipnet.h.  Owns the
 * address rules every parser in depeer shares (strict for what is typed,
 * lenient for what registries write), the prefix-bit arithmetic, and the
 * 17-byte range key of the case database.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdio.h>
#include <string.h>

#include "ipnet.h"

#define IS_DIGIT(c)	((c) >= '0' && (c) <= '9')

int
ipnet_bits(int family)
{
	return family == AF_INET ? 32 : 128;
}

int
ipnet_bytes(int family)
{
	return family == AF_INET ? 4 : 16;
}

/* Outcomes of parse_dec(). */
enum { DEC_OK, DEC_EMPTY, DEC_NOTNUM, DEC_LEADZERO, DEC_RANGE };

/*
 * Parse s[0..n) as a decimal number: digits only (no sign, no space), no
 * leading zero unless the number is "0", at most max.  Sets *v only on
 * DEC_OK.
 */
static int
parse_dec(const char *s, size_t n, uint64_t max, uint64_t *v)
{
	uint64_t x = 0;
	size_t i;

	if (n == 0)
		return DEC_EMPTY;
	for (i = 0; i < n; i++)
		if (!IS_DIGIT(s[i]))
			return DEC_NOTNUM;
	if (n > 1 && s[0] == '0')
		return DEC_LEADZERO;
	for (i = 0; i < n; i++) {
		x = x * 10 + (uint64_t)(s[i] - '0');
		if (x > max)
			return DEC_RANGE;	/* stops before overflow */
	}
	*v = x;
	return DEC_OK;
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

static int
is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

/*
 * Check a dotted quad made of digits and dots: four octets, each 0..255,
 * without leading zeros (which some parsers read as octal).  Returns NULL or
 * why not.
 */
static const char *
check_ipv4(const char *s, size_t n)
{
	size_t i = 0, start;
	uint64_t v;
	int octets = 0, r;

	for (;;) {
		start = i;
		while (i < n && s[i] != '.')
			i++;
		r = parse_dec(s + start, i - start, 255, &v);
		if (r == DEC_EMPTY)
			return "empty octet";
		if (octets == 4)
			return "too many octets (expected 4)";
		switch (r) {
		case DEC_OK:
			break;
		case DEC_LEADZERO:
			return "octet has a leading zero";
		default:
			return "octet out of range";
		}
		octets++;
		if (i == n)
			break;
		i++;		/* the dot */
	}
	if (octets != 4)
		return "too few octets (expected 4)";
	return NULL;
}

const char *
ipnet_parse_addr(const char *s, size_t n, struct ipnet *out,
    const char **what)
{
	char buf[IPNET_STRLEN];
	struct ipnet a;
	const char *why;
	size_t i, colons = 0;

	*what = "IP address";
	if (n == 0)
		return "empty";
	if (is_space(s[0]) || is_space(s[n - 1]))
		return "leading or trailing whitespace";
	for (i = 0; i < n; i++)
		if (s[i] == ':')
			colons++;
	memset(&a, 0, sizeof(a));
	if (colons == 1)
		return "a port is not allowed here; give the host alone, "
		    "or a URL";
	if (colons > 1) {
		*what = "IPv6 address";
		if (memchr(s, '%', n) != NULL)
			return "zone index (%...) not allowed";
		if (n >= sizeof(buf))
			return "too long";
		/* A slice may hold a NUL, where inet_pton would stop. */
		if (memchr(s, '\0', n) != NULL)
			return "not a valid IPv6 address";
		memcpy(buf, s, n);
		buf[n] = '\0';
		if (inet_pton(AF_INET6, buf, a.addr) != 1)
			return "not a valid IPv6 address";
		a.family = AF_INET6;
		a.plen = 128;
		*out = a;
		return NULL;
	}
	if (!digits_dots(s, n))
		return "not an IPv4 or IPv6 address";
	*what = "IPv4 address";
	if ((why = check_ipv4(s, n)) != NULL)
		return why;
	/* check_ipv4() accepted at most 15 bytes. */
	memcpy(buf, s, n);
	buf[n] = '\0';
	/* glibc refuses leading zeros too; check_ipv4() makes sure anyway. */
	if (inet_pton(AF_INET, buf, a.addr) != 1)
		return "not a valid IPv4 address";
	a.family = AF_INET;
	a.plen = 32;
	*out = a;
	return NULL;
}

int
ipnet_parse_cidr(const char *s, struct ipnet *out, struct ipnet_perr *pe)
{
	struct ipnet n, m;
	const char *slash, *len;
	uint64_t plen;

	memset(pe, 0, sizeof(*pe));
	if ((slash = strchr(s, '/')) == NULL)
		return IPNET_ENOSLASH;
	if ((pe->why = ipnet_parse_addr(s, (size_t)(slash - s), &n,
	    &pe->what)) != NULL)
		return IPNET_EADDR;
	pe->max = n.plen;
	len = slash + 1;
	switch (parse_dec(len, strlen(len), (uint64_t)pe->max, &plen)) {
	case DEC_OK:
		break;
	case DEC_EMPTY:
		pe->why = "missing prefix length";
		return IPNET_ELEN;
	case DEC_NOTNUM:
		pe->why = "prefix length is not a decimal number";
		return IPNET_ELEN;
	case DEC_LEADZERO:
		pe->why = "prefix length has a leading zero";
		return IPNET_ELEN;
	default:
		return IPNET_ERANGE;
	}
	n.plen = (int)plen;
	m = n;
	ipnet_mask(&m);
	if (memcmp(m.addr, n.addr, sizeof(m.addr)) != 0) {
		pe->net = m;
		return IPNET_EHOST;
	}
	*out = n;
	return IPNET_OK;
}

/*
 * Leading zeros are dropped octet by octet into a strict dotted quad,
 * which ipnet_parse_addr() then checks; "074" is decimal 74, as registries
 * mean it, never octal.
 */
int
ipnet_parse_lenient(const char *s, size_t n, unsigned int flags,
    struct ipnet *out, int *zeros)
{
	char buf[IPNET_STRLEN];
	const char *what;
	size_t i = 0, o = 0, digits;
	int octets = 0, dropped = 0;

	if (flags & IPNET_TRIM) {
		while (n > 0 && is_blank(s[n - 1]))
			n--;
		while (n > 0 && is_blank(*s)) {
			s++;
			n--;
		}
	}
	if (n == 0 || n >= sizeof(buf))
		return -1;
	if (memchr(s, ':', n) != NULL)
		return ipnet_parse_addr(s, n, out, &what) == NULL ? 0 : -1;
	while (i < n) {
		if (octets == 4)
			return -1;
		for (digits = 0; i + digits < n && IS_DIGIT(s[i + digits]);
		    digits++)
			;
		if ((flags & IPNET_ZEROS3) && digits > 3)
			return -1;
		if (flags & IPNET_ZEROS)
			for (; digits > 1 && s[i] == '0'; i++, digits--)
				dropped = 1;
		if (digits == 0 || digits > 3)
			return -1;
		memcpy(buf + o, s + i, digits);
		o += digits;
		i += digits;
		octets++;
		if (i < n) {
			if (s[i] != '.' || i + 1 == n)
				return -1;
			buf[o++] = s[i++];
		}
	}
	while ((flags & IPNET_ABBREV) && octets < 4) {
		memcpy(buf + o, ".0", 2);
		o += 2;
		octets++;
	}
	if (ipnet_parse_addr(buf, o, out, &what) != NULL)
		return -1;
	if (zeros != NULL)
		*zeros = dropped;
	return 0;
}

void
ipnet_format_addr(const struct ipnet *n, char *buf, size_t len)
{
	char tmp[INET6_ADDRSTRLEN];

	if (len == 0)
		return;
	if (inet_ntop(n->family, n->addr, tmp, sizeof(tmp)) == NULL)
		snprintf(tmp, sizeof(tmp), "?");
	snprintf(buf, len, "%s", tmp);
}

void
ipnet_format(const struct ipnet *n, char *buf, size_t len)
{
	char tmp[INET6_ADDRSTRLEN];

	if (len == 0)
		return;
	ipnet_format_addr(n, tmp, sizeof(tmp));
	snprintf(buf, len, "%s/%d", tmp, n->plen);
}

int
ipnet_bit(const unsigned char *a, int i)
{
	return (a[i / 8] >> (7 - i % 8)) & 1;
}

int
ipnet_bits_match(const unsigned char *a, const unsigned char *b, int plen)
{
	int full = plen / 8, rest = plen % 8;

	if (memcmp(a, b, (size_t)full) != 0)
		return 0;
	return rest == 0 || ((a[full] ^ b[full]) &
	    (unsigned char)(0xff << (8 - rest))) == 0;
}

void
ipnet_mask(struct ipnet *n)
{
	int bytes = ipnet_bytes(n->family), i;

	for (i = 0; i < bytes; i++) {
		if (n->plen <= i * 8)
			n->addr[i] = 0;
		else if (n->plen < (i + 1) * 8)
			n->addr[i] &= (unsigned char)(0xff << (8 - (n->plen -
			    i * 8)));
	}
}

int
ipnet_host_bits_clear(const struct ipnet *n)
{
	int bits = ipnet_bits(n->family), i;

	for (i = n->plen; i < bits; i++)
		if (ipnet_bit(n->addr, i))
			return 0;
	return 1;
}

void
ipnet_first(const struct ipnet *n, unsigned char first[16])
{
	struct ipnet m = *n;

	memset(m.addr, 0, sizeof(m.addr));
	memcpy(m.addr, n->addr, (size_t)ipnet_bytes(n->family));
	ipnet_mask(&m);
	memcpy(first, m.addr, 16);
}

void
ipnet_last(const struct ipnet *n, unsigned char last[16])
{
	int bits = ipnet_bits(n->family), i;

	memset(last, 0, 16);
	memcpy(last, n->addr, (size_t)bits / 8);
	for (i = n->plen; i < bits; i++)
		last[i / 8] |= (unsigned char)(0x80 >> (i % 8));
}

int
ipnet_addr_inc(unsigned char a[16], int family)
{
	int i;

	for (i = ipnet_bytes(family) - 1; i >= 0; i--)
		if (++a[i] != 0)
			return 0;
	return 1;
}

int
ipnet_contains(const struct ipnet *net, const struct ipnet *x)
{
	return net->family == x->family && net->plen <= x->plen &&
	    ipnet_bits_match(net->addr, x->addr, net->plen);
}

int
ipnet_compare(const struct ipnet *a, const struct ipnet *b)
{
	int c;

	if (a->family != b->family)
		return a->family == AF_INET ? -1 : 1;
	c = memcmp(a->addr, b->addr, sizeof(a->addr));
	if (c != 0)
		return c;
	return (a->plen > b->plen) - (a->plen < b->plen);
}

void
ipnet_key(int family, const unsigned char a[16],
    unsigned char key[IPNET_KEYLEN])
{
	memset(key, 0, IPNET_KEYLEN);
	key[0] = family == AF_INET ? 4 : 6;
	memcpy(key + 1, a, (size_t)ipnet_bytes(family));
}

void
ipnet_key_range(const struct ipnet *n, unsigned char lo[IPNET_KEYLEN],
    unsigned char hi[IPNET_KEYLEN])
{
	unsigned char a[16];

	ipnet_first(n, a);
	ipnet_key(n->family, a, lo);
	ipnet_last(n, a);
	ipnet_key(n->family, a, hi);
}

int
ipnet_key_decode(const unsigned char key[IPNET_KEYLEN], int *family,
    unsigned char a[16])
{
	int i;

	if (key[0] == 6) {
		*family = AF_INET6;
		memcpy(a, key + 1, 16);
		return 0;
	}
	if (key[0] != 4)
		return -1;
	for (i = 5; i < IPNET_KEYLEN; i++)
		if (key[i] != 0)
			return -1;
	*family = AF_INET;
	memset(a, 0, 16);
	memcpy(a, key + 1, 4);
	return 0;
}
