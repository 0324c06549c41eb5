/*
 * fuzz_ipnet.c - libFuzzer target for the address and AS-number library
 * (ipnet.c, asn.c, lpm.c): any bytes, cut at newlines into values, must
 * parse or be refused without a crash, and what parses must keep the
 * promises of the headers: canonical text parses back to the same
 * value, a lenient reading never refuses what the strict one takes, a
 * prefix's range key runs from its first to its last address, more
 * permissive AS flags never refuse or change a number, and the
 * longest-prefix table answers as a linear scan does.
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "asn.h"
#include "ipnet.h"
#include "lpm.h"
#include "validate.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAXNETS	64

static void
check_addr(const char *s, size_t n)
{
	struct ipnet a, b;
	const char *what;
	char text[IPNET_STRLEN];

	if (ipnet_parse_addr(s, n, &a, &what) != NULL)
		return;
	ipnet_format_addr(&a, text, sizeof(text));
	if (ipnet_parse_addr(text, strlen(text), &b, &what) != NULL ||
	    ipnet_compare(&a, &b) != 0)
		abort();
	if (ipnet_parse_lenient(s, n, IPNET_ZEROS | IPNET_ABBREV |
	    IPNET_TRIM, &b, NULL) != 0 || ipnet_compare(&a, &b) != 0)
		abort();
}

static int
check_cidr(const char *s, struct ipnet *out)
{
	struct ipnet n, m;
	struct ipnet_perr pe;
	unsigned char lo[IPNET_KEYLEN], hi[IPNET_KEYLEN], a[16], f[16];
	char text[IPNET_STRLEN];
	int fam;

	if (ipnet_parse_cidr(s, &n, &pe) != IPNET_OK)
		return -1;
	ipnet_format(&n, text, sizeof(text));
	if (ipnet_parse_cidr(text, &m, &pe) != IPNET_OK ||
	    ipnet_compare(&n, &m) != 0 || !ipnet_host_bits_clear(&n) ||
	    !ipnet_contains(&n, &n))
		abort();
	ipnet_key_range(&n, lo, hi);
	if (memcmp(lo, hi, IPNET_KEYLEN) > 0 ||
	    ipnet_key_decode(lo, &fam, a) != 0 || fam != n.family)
		abort();
	ipnet_first(&n, f);
	if (memcmp(a, f, 16) != 0)
		abort();
	*out = n;
	return 0;
}

static void
check_asn(const char *s, size_t n)
{
	static const unsigned int flags[] = {
		0, ASN_PREFIX, ASN_NEED_PREFIX, ASN_STRICT,
		ASN_PREFIX | ASN_ZEROS, ASN_TRIM | ASN_PREFIX | ASN_ASDOT |
		ASN_ZEROS, ASN_NEED_PREFIX | ASN_ASDOT | ASN_HIGH0 |
		ASN_ZEROS | ASN_ZEROS_LOW, ASN_ZEROS | ASN_ZERO,
	};
	const unsigned int more = ASN_ZEROS | ASN_ZEROS_LOW | ASN_TRIM |
	    ASN_HIGH0 | ASN_ZERO;
	char buf[ASN_STRLEN];
	uint32_t v, w;
	size_t i;

	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		if (asn_parse(s, n, flags[i], &v) != ASN_OK)
			continue;
		if (asn_parse(s, n, flags[i] | more, &w) != ASN_OK || v != w)
			abort();
		asn_format(v, buf);
		if (v != 0 && (asn_parse(buf, strlen(buf), ASN_STRICT,
		    &w) != ASN_OK || v != w))
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lpm t = LPM_INIT;
	struct ipnet nets[MAXNETS], q;
	const struct ipnet *best;
	char line[128];
	size_t i = 0, n, k, nn = 0, j;
	void *got;

	while (i < size) {
		for (n = 0; i + n < size && data[i + n] != '\n'; n++)
			;
		if (n < sizeof(line)) {
			memcpy(line, data + i, n);
			line[n] = '\0';
			check_addr(line, n);
			check_asn(line, n);
			if (nn < MAXNETS && check_cidr(line, &nets[nn]) == 0) {
				lpm_insert(&t, &nets[nn], &nets[nn]);
				nn++;
			}
		}
		i += n + 1;
	}
	/* Each stored prefix, and each with its last bit flipped. */
	for (k = 0; k < 2 * nn; k++) {
		q = nets[k / 2];
		if (k % 2 && q.plen > 0)
			q.addr[(q.plen - 1) / 8] ^=
			    (unsigned char)(0x80 >> ((q.plen - 1) % 8));
		best = NULL;
		for (j = 0; j < nn; j++)
			if (ipnet_contains(&nets[j], &q) &&
			    (best == NULL || nets[j].plen > best->plen))
				best = &nets[j];
		got = lpm_lookup(&t, &q, NULL);
		if (best == NULL ? got != NULL : got == NULL ||
		    ipnet_compare(got, best) != 0)
			abort();
	}
	lpm_release(&t);
	return 0;
}
