/*
 * fuzz_rdap.c - libFuzzer target for the RDAP parsers: any bytes given as
 * a response body, a search result or an IANA bootstrap file must end in a
 * record or a clean error, never a crash, a hang or a leak; and what
 * comes out must keep the promises rdap.h makes (contacts ranked, a
 * range with its prefixes, text without control characters).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "fuzz.h"
#include "rdap.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_record(const struct reg_record *r)
{
	size_t i;

	for (i = 0; i < r->ncontacts; i++) {
		if (r->contacts[i].email == NULL ||
		    !email_plausible(r->contacts[i].email,
		    strlen(r->contacts[i].email)))
			abort();
		if (i > 0 && r->contacts[i - 1].role > r->contacts[i].role)
			abort();
	}
	if (r->has_range && (r->nprefixes == 0 || r->prefixes == NULL ||
	    (r->family != AF_INET && r->family != AF_INET6)))
		abort();
	if (r->kind == REG_AUTNUM && r->asn_first > r->asn_last)
		abort();
	if (r->nnotes > 33 || r->ncontacts > 256)
		abort();
	fuzz_check_text(r->handle);
	fuzz_check_text(r->name);
	fuzz_check_text(r->org);
	fuzz_check_text(r->org_handle);
	fuzz_check_text(r->country);
	fuzz_check_text(r->status);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct rdap_bootstrap b = RDAP_BOOTSTRAP_INIT;
	struct reg_record r;
	struct dp_err err = DP_ERR_INIT;
	struct ipnet a;
	size_t cut;
	char *copy, *u;
	const char *path;

	if (rdap_parse(s, size, &r, &err) == 0) {
		check_record(&r);
		reg_record_release(&r);
	}
	if (rdap_bootstrap_load(&b, s, size, s, size, s, size, &err) == 0) {
		memset(&a, 0, sizeof(a));
		a.family = AF_INET;
		a.plen = 32;
		memcpy(a.addr, "\x0a\x01\x02\x03", 4);
		(void)rdap_bootstrap_ip(&b, &a);
		a.family = AF_INET6;
		a.plen = 128;
		(void)rdap_bootstrap_ip(&b, &a);
		(void)rdap_bootstrap_asn(&b, 26780);
		rdap_bootstrap_release(&b);
	} else if (b.nurls != 0 || b.nasns != 0 || b.nnets != 0)
		abort();	/* failure must leave b empty */
	/* rdap_url over the bytes split in two at the first newline: no
	   "//" unless one of the halves had it. */
	copy = malloc(size + 1);
	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	cut = strcspn(copy, "\n");
	copy[cut] = '\0';
	path = cut < size ? copy + cut + 1 : "";
	u = rdap_url(copy, path);
	if (strstr(u, "//") != NULL && strstr(copy, "//") == NULL &&
	    strstr(path, "//") == NULL)
		abort();
	free(u);
	free(copy);
	return 0;
}
