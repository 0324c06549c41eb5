/*
 * ipnet.h - IPv4 and IPv6 addresses and prefixes: the one struct ipnet,
 * strict parsing (what a researcher types) and lenient parsing (what
 * registries write), formatting, first and last addresses, containment,
 * ordering, the prefix-bit helpers, and the one range key the case
 * database stores addresses as.
 *
 * Foundation layer: no depeer knowledge, no allocation, no messages of its
 * own beyond the short reasons the strict parsers return, which
 * validate.c quotes into the messages researchers see.
 */
#ifndef DEPEER_IPNET_H
#define DEPEER_IPNET_H

#include <stddef.h>
#include <stdint.h>

/* Longest text form of an address or prefix, with NUL ("ffff:...:ffff/128"). */
#define IPNET_STRLEN	64

/*
 * An IPv4 or IPv6 network (or a single address: plen 32 or 128).  addr is
 * in network byte order; IPv4 uses addr[0..3] and the other 12 bytes are
 * zero whenever a parser here wrote the struct.
 */
struct ipnet {
	int		family;		/* AF_INET or AF_INET6 */
	unsigned char	addr[16];
	int		plen;		/* prefix length */
};

/* Width of a family's addresses: 32 or 128 bits, 4 or 16 bytes. */
int	ipnet_bits(int family);
int	ipnet_bytes(int family);

/*
 * Strict parsing, the rules of val_ip() and val_cidr() (validate.h):
 * dotted quads without leading zeros, IPv6 as inet_pton(3) takes it but
 * without a zone index, no blanks, no port.
 *
 * ipnet_parse_addr() parses the address s[0..n) (no prefix length) into
 * *out with plen 32 or 128 and returns NULL, or returns why not ("empty",
 * "octet out of range", ...); *what is then set to what s was taken for:
 * "IP address", "IPv4 address" or "IPv6 address".  *out is written only
 * on success.
 */
const char *ipnet_parse_addr(const char *s, size_t n, struct ipnet *out,
	    const char **what);

/* What ipnet_parse_cidr() found wrong. */
enum ipnet_cidr_err {
	IPNET_OK,
	IPNET_ENOSLASH,		/* no '/' */
	IPNET_EADDR,		/* the address: why and what are set */
	IPNET_ELEN,		/* the length is not a plain number: why */
	IPNET_ERANGE,		/* the length is above max */
	IPNET_EHOST,		/* host bits set: net is what it meant */
};

/* The details of an ipnet_parse_cidr() failure, for the message. */
struct ipnet_perr {
	const char	*why;
	const char	*what;
	int		 max;
	struct ipnet	 net;
};

/*
 * A CIDR prefix "addr/len", strictly: the address as ipnet_parse_addr()
 * takes it, the length a decimal number without leading zero and at most
 * the family's width, and no host bits set.  Returns IPNET_OK with *out
 * set, or what is wrong with the details in *pe.
 */
int	ipnet_parse_cidr(const char *s, struct ipnet *out,
	    struct ipnet_perr *pe);

/* Flags of ipnet_parse_lenient(). */
#define IPNET_ZEROS	0x01	/* IPv4 octets may carry leading zeros, read
				   as decimal ("074.125.000.000") */
#define IPNET_ZEROS3	0x02	/* with IPNET_ZEROS: at most three digits an
				   octet, zeros included (RDAP's padding) */
#define IPNET_ABBREV	0x04	/* fewer than four IPv4 octets, the missing
				   ones zero (LACNIC's "200.57.128") */
#define IPNET_TRIM	0x08	/* blanks (space, tab, VT, FF) around the
				   address are ignored */

/*
 * An address as registries write it: s[0..n), IPv4 under the flags above,
 * IPv6 strictly.  At most IPNET_STRLEN - 1 bytes after trimming.  Returns
 * 0 with *out (plen 32 or 128), and *zeros (if not NULL) set to 1 when
 * leading zeros were dropped, else -1.
 */
int	ipnet_parse_lenient(const char *s, size_t n, unsigned int flags,
	    struct ipnet *out, int *zeros);

/* Canonical text of a network: "208.66.192.0/22", "2001:db8::/32". */
void	ipnet_format(const struct ipnet *n, char *buf, size_t len);
/* Canonical text of the address alone: "208.66.192.1", "2001:db8::1". */
void	ipnet_format_addr(const struct ipnet *n, char *buf, size_t len);

/*
 * Prefix bits.  Addresses here are 16-byte arrays laid out as
 * struct ipnet's addr; bit 0 is the high bit of byte 0.
 */
/* Bit i of a (0 or 1). */
int	ipnet_bit(const unsigned char *a, int i);
/* Whether the first plen bits of a and b agree. */
int	ipnet_bits_match(const unsigned char *a, const unsigned char *b,
	    int plen);
/* Clear the bits of n->addr beyond n->plen. */
void	ipnet_mask(struct ipnet *n);
/* Whether the bits of n->addr beyond n->plen are all zero. */
int	ipnet_host_bits_clear(const struct ipnet *n);
/*
 * The first address of n (host bits cleared) and the last (host bits
 * set), as 16 bytes with the family's unused bytes zero.
 */
void	ipnet_first(const struct ipnet *n, unsigned char first[16]);
void	ipnet_last(const struct ipnet *n, unsigned char last[16]);
/* Add one to the family's bytes of a; returns 1 if it wrapped to zero. */
int	ipnet_addr_inc(unsigned char a[16], int family);

/*
 * Whether net covers all of x: same family, x no shorter, and the first
 * net->plen bits agree.
 */
int	ipnet_contains(const struct ipnet *net, const struct ipnet *x);

/*
 * Order of networks: IPv4 before IPv6, then by address, then shorter
 * prefixes first.  <0, 0, >0 like memcmp.
 */
int	ipnet_compare(const struct ipnet *a, const struct ipnet *b);

/*
 * The range key: how the case database stores an address, so that one
 * index and plain BLOB comparison serve both families.
 *
 *   byte 0      the family tag: 4 or 6
 *   bytes 1-16  the address exactly as struct ipnet holds it: IPv6 in
 *               all 16, IPv4 in bytes 1-4 and zero in bytes 5-16
 *
 * Why this layout: the tag keeps the families apart (every IPv4 key sorts
 * before every IPv6 key, and ::ffff:a.b.c.d never meets a.b.c.d), and
 * since the address keeps its bit positions, a key is tag + addr with no
 * arithmetic, for either family.  Byte-wise comparison of two keys
 * (memcmp, or SQLite's BLOB order) orders addresses within a family:
 * the tags are equal, and the zero padding after an IPv4 address is the
 * same in both keys.  So "lo <= key AND key <= hi" is range containment.
 * The migration db/migrations/0005-range-keys.sql brought the older
 * 16-byte IPv4-mapped columns to this key.
 */
#define IPNET_KEYLEN	17

/* The key of family's address a (16 bytes as above). */
void	ipnet_key(int family, const unsigned char a[16],
	    unsigned char key[IPNET_KEYLEN]);
/* The keys of n's first and last addresses. */
void	ipnet_key_range(const struct ipnet *n, unsigned char lo[IPNET_KEYLEN],
	    unsigned char hi[IPNET_KEYLEN]);
/*
 * A key back into an address: 0 with *family and a set, or -1 if the tag
 * is neither 4 nor 6 or an IPv4 key's padding is not zero.
 */
int	ipnet_key_decode(const unsigned char key[IPNET_KEYLEN], int *family,
	    unsigned char a[16]);

#endif
