/*
 * fuzz_dns.c - libFuzzer target for reading DNS answers (dns.c): any
 * bytes must end in records or a clean error, never a crash, a hang or a
 * leak, and what comes out must keep the promises of dns.h (printable
 * names in lower case without a final dot, data only for A, AAAA and
 * CNAME, a CNAME walk that stays inside the answer).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dns.h"
#include "fuzz.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_name(const char *s)
{
	size_t n;

	if (s == NULL)
		abort();
	fuzz_check_text(s);
	n = strlen(s);
	if (n > 1 && s[n - 1] == '.' && (n < 2 || s[n - 2] != '\\'))
		abort();
	for (; *s != '\0'; s++)
		if (*s >= 'A' && *s <= 'Z')
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dp_err err = DP_ERR_INIT;
	struct dns_msg m;
	const struct dns_rr **chain, **addrs;
	size_t nchain, naddrs, i;
	uint32_t ttl;

	if (dns_parse(data, size, &m, &err) != 0) {
		if (err.code == 0 || m.nan != 0 || m.qname != NULL)
			abort();
		return 0;
	}
	check_name(m.qname);
	for (i = 0; i < m.nan; i++) {
		check_name(m.an[i].name);
		if (m.an[i].type == DNS_T_CNAME)
			check_name(m.an[i].data);
		else if (m.an[i].type == DNS_T_A || m.an[i].type == DNS_T_AAAA)
			fuzz_check_text(m.an[i].data);
		else if (m.an[i].data != NULL)
			abort();
	}
	dns_follow(&m, DNS_T_A, &chain, &nchain, &addrs, &naddrs, &ttl);
	if (nchain > m.nan || naddrs > m.nan || nchain > 16)
		abort();
	for (i = 0; i < naddrs; i++)
		if (addrs[i]->type != DNS_T_A)
			abort();
	free(chain);
	free(addrs);
	dns_msg_release(&m);
	return 0;
}
