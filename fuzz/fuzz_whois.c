/*
 * fuzz_whois.c - libFuzzer target for the WHOIS answer parsers: any bytes,
 * read in every format and for every query type, must end in a record or
 * a clean error, never a crash, a hang or a leak.  Records that come out
 * must hold only printable UTF-8.  The first line also goes through the
 * referral parser, the way ARIN's ReferralServer value would.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "exitcodes.h"
#include "fuzz.h"
#include "whois_parse.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_record(const struct reg_record *r)
{
	size_t i;

	fuzz_check_text(r->source);
	fuzz_check_text(r->handle);
	fuzz_check_text(r->name);
	fuzz_check_text(r->org);
	fuzz_check_text(r->org_handle);
	fuzz_check_text(r->country);
	fuzz_check_text(r->status);
	fuzz_check_text(r->referral);
	for (i = 0; i < r->ncontacts; i++) {
		fuzz_check_text(r->contacts[i].email);
		fuzz_check_text(r->contacts[i].handle);
		fuzz_check_text(r->contacts[i].via);
		/* Best first: roles never go down the list. */
		if (i > 0 && r->contacts[i].role < r->contacts[i - 1].role)
			abort();
	}
	for (i = 0; i < r->nnotes; i++)
		fuzz_check_text(r->notes[i]);
	/* A block without a range only as IANA's bare "refer:". */
	if (r->kind == REG_NET && !r->has_range && r->referral == NULL)
		abort();
	if (r->has_range && r->nprefixes == 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct dp_err err = DP_ERR_INIT;
	struct reg_record r;
	size_t i;
	char line[512], *host;
	int fmt, t, port, rw, rc;

	for (fmt = WHOIS_IANA; fmt <= WHOIS_RWHOIS; fmt++)
		for (t = WQ_ADDR; t <= WQ_ASN; t++) {
			reg_record_init(&r);
			rc = whois_parse((enum whois_fmt)fmt, text, size,
			    (enum whois_qtype)t, &r, &err);
			if (rc == 0)
				check_record(&r);
			else if (rc != DP_EX_PROTOCOL && rc != DP_EX_TEMPFAIL)
				abort();
			reg_record_release(&r);
		}
	for (i = 0; i < size && i + 1 < sizeof(line) && text[i] != '\n' &&
	    text[i] != '\0'; i++)
		line[i] = text[i];
	line[i] = '\0';
	if (whois_referral_parse(line, &host, &port, &rw, &err) == 0) {
		if (port < 1 || port > 65535)
			abort();
		free(host);
	}
	return 0;
}
