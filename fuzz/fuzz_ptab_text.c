/*
 * fuzz_ptab_text.c - libFuzzer target for the prefix table formats
 * (ptab_text.h): any bytes, read as lines of the format the first byte
 * picks, must end in prefixes or a malformed line with its reason, never
 * a crash, a hang or a leak.  Every prefix handed out must be a prefix
 * of its family with its host bits clear and at least one origin, sorted,
 * distinct and not 0; its canonical line must read back as the same
 * prefix and origins.  Format detection and the date of a file name run
 * on the same bytes.
 */
#include <sys/socket.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "ptab_text.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seen {
	struct ipnet	p;
	uint32_t	asns[64];
	size_t		n;
	int		got;
};

static void
same(void *arg, const struct ipnet *p, const uint32_t *asns, size_t n)
{
	struct seen *s = arg;

	if (ipnet_compare(p, &s->p) != 0 || n != s->n ||
	    memcmp(asns, s->asns, n * sizeof(*asns)) != 0)
		abort();
	s->got++;
}

static void
check(void *arg, const struct ipnet *p, const uint32_t *asns, size_t n)
{
	char line[PTAB_LINE_MAX];
	const char *why;
	struct seen s;
	size_t len;

	(void)arg;
	if ((p->family != AF_INET && p->family != AF_INET6) || p->plen < 0 ||
	    p->plen > ipnet_bits(p->family) || !ipnet_host_bits_clear(p) ||
	    n == 0 || n > 64)
		abort();
	for (size_t i = 0; i < n; i++)
		if (asns[i] == 0 || (i > 0 && asns[i - 1] >= asns[i]))
			abort();
	len = ptab_canonical_line(p, asns, n, line, sizeof(line));
	if (len == 0 || line[len - 1] != '\n')
		abort();
	memset(&s, 0, sizeof(s));
	s.p = *p;
	s.n = n;
	memcpy(s.asns, asns, n * sizeof(*asns));
	if (ptab_text_line(PTAB_FMT_CANONICAL, line, len - 1, same, &s,
	    &why) != PTAB_LINE_ENTRY || s.got != 1)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum ptab_format fmts[] = { PTAB_FMT_IPASN,
	    PTAB_FMT_PFX2AS, PTAB_FMT_IPTOASN, PTAB_FMT_CANONICAL };
	enum ptab_format f;
	const char *s, *end, *why;
	char *name;
	int64_t t;

	if (size == 0)
		return 0;
	(void)ptab_format_detect(data, size);
	f = fmts[data[0] % 4];
	s = (const char *)data + 1;
	end = (const char *)data + size;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);

		why = NULL;
		if (ptab_text_line(f, s, n, check, NULL, &why) ==
		    PTAB_LINE_BAD && (why == NULL || *why == '\0'))
			abort();
		s += n + 1;
	}
	name = malloc(size + 1);
	memcpy(name, data, size);
	name[size] = '\0';
	if (ptab_date_from_name(name, &t) == 0 && t < 631152000)
		abort();		/* before 1990 */
	free(name);
	return 0;
}
