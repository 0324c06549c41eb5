/*
 * fuzz_validate.c - libFuzzer target for the validation of what
 * researchers type and import (validate.c) and the undoing of defanged
 * indicators (refang.c).  Each line of the input goes through every
 * checker; what is accepted must keep the promises of the headers:
 *
 *   - a canonical indicator, domain, address or prefix is printable
 *     ASCII, a canonical URL from valid UTF-8 is printable UTF-8;
 *   - canonicalisation is idempotent: the canonical text is accepted as
 *     it is, classified as the same type, and is its own canonical form;
 *   - val_url()'s fast path agrees with libcurl's reading (val_url_curl());
 *   - a canonical URL's host, read by libcurl (val_url_host()), is a
 *     valid host in its own canonical form;
 *   - refang_indicator() answers only for text that is not valid as it
 *     is (or says hxxp), and what it answers is valid; a canonical
 *     indicator defanged the way reports write it ("[.]", "hxxp") comes
 *     back from refang_indicator() unchanged.
 */
#include <sys/socket.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "buf.h"
#include "fuzz.h"
#include "refang.h"
#include "validate.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define LINE_MAX_FUZZ	2048

/* c with every '.' written "[.]" and http(s): as hxxp(s):. */
static char *
defang(const char *c)
{
	struct buf b = BUF_INIT;

	if (strncmp(c, "http:", 5) == 0 || strncmp(c, "https:", 6) == 0) {
		buf_adds(&b, "hxxp");
		c += 4;
	}
	for (; *c != '\0'; c++)
		if (*c == '.')
			buf_adds(&b, "[.]");
		else
			buf_addc(&b, *c);
	return buf_detach(&b, NULL);
}

static void
check_host(const char *host)
{
	enum ind_type t;
	char *c;

	if (val_indicator(host, &t, &c, NULL) != 0)
		abort();
	if (t == IND_URL || t == IND_CIDR || strcmp(c, host) != 0)
		abort();
	free(c);
}

static void
check_indicator(const char *s, int valid_utf8)
{
	enum ind_type t, t2;
	char *c, *c2, *host, *d, *r;
	int rc;

	rc = val_indicator(s, &t, &c, NULL);
	if ((r = refang_indicator(s)) != NULL) {
		/* Only for what is not valid as typed, or says hxxp. */
		if (rc == 0 && ascii_ncasecmp(s, "hxxp:", 5) != 0 &&
		    ascii_ncasecmp(s, "hxxps:", 6) != 0)
			abort();
		if (val_indicator(r, &t2, &c2, NULL) != 0)
			abort();
		free(c2);
		free(r);
	}
	if (rc != 0)
		return;
	if (t == IND_URL) {
		if (valid_utf8)
			fuzz_check_text(c);
	} else
		fuzz_check_ascii(c);
	if (val_indicator(c, &t2, &c2, NULL) != 0 || t2 != t ||
	    strcmp(c2, c) != 0)
		abort();
	free(c2);
	if (t == IND_URL) {
		if (val_url_host(c, &host, NULL) != 0)
			abort();
		check_host(host);
		free(host);
	}
	/* Defanged as reports write it, and back. */
	if ((r = refang(c)) == NULL) {
		d = defang(c);
		if (strcmp(d, c) != 0 && (strncmp(d, "hxxp", 4) == 0 ||
		    val_indicator(d, &t2, &c2, NULL) != 0)) {
			if ((r = refang_indicator(d)) == NULL ||
			    strcmp(r, c) != 0)
				abort();
		} else if (strcmp(d, c) != 0)
			free(c2);
		free(d);
	}
	free(r);
	free(c);
}

static void
check_url(const char *s, int valid_utf8)
{
	char *a = NULL, *b = NULL, *c2 = NULL;
	int ra, rb;

	ra = val_url(s, &a, NULL);
	rb = val_url_curl(s, &b, NULL);
	/* The fast path gives libcurl's answer. */
	if (ra != rb || (ra == 0 && strcmp(a, b) != 0))
		abort();
	if (ra == 0) {
		if (valid_utf8)
			fuzz_check_text(a);
		if (val_url(a, &c2, NULL) != 0 || strcmp(a, c2) != 0)
			abort();
		free(c2);
	}
	free(a);
	free(b);
}

static void
check_domain(const char *s)
{
	char c[300], c2[300];

	if (val_domain(s, c, sizeof(c), NULL) != 0)
		return;
	fuzz_check_ascii(c);
	if (strlen(c) > 253 || val_domain(c, c2, sizeof(c2), NULL) != 0 ||
	    strcmp(c, c2) != 0)
		abort();
	if (strchr(c, ':') == NULL && strchr(c, '/') == NULL)
		check_host(c);
}

static void
check_ip(const char *s)
{
	struct ipnet n, m;
	char text[IPNET_STRLEN];

	if (val_ip(s, &n, NULL) == 0) {
		ipnet_format_addr(&n, text, sizeof(text));
		fuzz_check_ascii(text);
		if (val_ip(text, &m, NULL) != 0 || ipnet_compare(&n, &m) != 0)
			abort();
	}
	if (val_cidr(s, &n, NULL) == 0) {
		ipnet_format(&n, text, sizeof(text));
		fuzz_check_ascii(text);
		if (val_cidr(text, &m, NULL) != 0 ||
		    ipnet_compare(&n, &m) != 0)
			abort();
	}
}

static void
check_small(const char *s)
{
	char cc[3], cc2[3];
	uint32_t a, b;
	size_t i;
	char text[16];

	if (val_country(s, cc, NULL) == 0 && (val_country(cc, cc2,
	    NULL) != 0 || strcmp(cc, cc2) != 0 || strlen(cc) != 2))
		abort();
	if (val_kind(s, NULL) == 0) {
		for (i = 0; evidence_kinds[i] != NULL; i++)
			if (strcmp(evidence_kinds[i], s) == 0)
				break;
		if (evidence_kinds[i] == NULL)
			abort();
	}
	if (val_asn(s, &a, NULL) == 0) {
		if (a == 0)
			abort();
		snprintf(text, sizeof(text), "AS%u", (unsigned)a);
		if (val_asn(text, &b, NULL) != 0 || a != b)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char line[LINE_MAX_FUZZ];
	size_t pos = 0;
	int ok;

	while (fuzz_next_line(data, size, &pos, line, sizeof(line))) {
		ok = utf8_valid(line, strlen(line), NULL);
		check_indicator(line, ok);
		check_url(line, ok);
		check_domain(line);
		check_ip(line);
		check_small(line);
	}
	return 0;
}
