/*
 * fuzz_ripestat.c - libFuzzer target for the RIPEstat parsers: every data
 * call's parser gets the same bytes, which must end in a result or a
 * clean error, never a crash, a hang or a leak; notes and strings must be
 * printable UTF-8, ASNs never 0, and every looking-glass path must be
 * safe to ask for its upstream.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "ripestat.h"
#include "validate.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_notes(char **notes, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fuzz_check_text(notes[i]);
}

static void
check_record(const struct reg_record *r)
{
	size_t i;

	fuzz_check_text(r->source);
	fuzz_check_text(r->org);
	check_notes(r->notes, r->nnotes);
	for (i = 0; i < r->ncontacts; i++)
		fuzz_check_text(r->contacts[i].email);
	for (i = 0; i < r->norigins; i++)
		if (r->origins[i] == 0)
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct dp_err err = DP_ERR_INIT;
	struct rs_neighbours nb;
	struct rs_routing_status rs;
	struct rs_looking_glass lg;
	struct rs_announced ap;
	struct reg_record r;
	size_t i;
	uint32_t up;

	if (ripestat_parse_neighbours(text, size, &nb, &err) == 0) {
		for (i = 0; i < nb.n; i++)
			if (nb.v[i].asn == 0 || nb.v[i].side > RS_UNCERTAIN)
				abort();
		check_notes(nb.notes, nb.nnotes);
		rs_neighbours_release(&nb);
	}
	if (ripestat_parse_abuse(text, size, &r, &err) == 0) {
		check_record(&r);
		reg_record_release(&r);
	}
	if (ripestat_parse_prefix_overview(text, size, &r, &err) == 0) {
		check_record(&r);
		reg_record_release(&r);
	}
	if (ripestat_parse_routing_status(text, size, &rs, &err) == 0) {
		fuzz_check_text(rs.resource);
		fuzz_check_text(rs.first_seen.prefix);
		fuzz_check_text(rs.last_seen.prefix);
		check_notes(rs.notes, rs.nnotes);
		for (i = 0; i < rs.norigins; i++)
			if (rs.origins[i] == 0)
				abort();
		rs_routing_status_release(&rs);
	}
	if (ripestat_parse_looking_glass(text, size, &lg, &err) == 0) {
		for (i = 0; i < lg.n; i++) {
			fuzz_check_text(lg.v[i].rrc);
			fuzz_check_text(lg.v[i].prefix);
			if (rs_path_upstream(lg.v[i].path, lg.v[i].npath,
			    lg.v[i].origin, &up) == 0 &&
			    (up == 0 || up == lg.v[i].origin))
				abort();
		}
		check_notes(lg.notes, lg.nnotes);
		rs_looking_glass_release(&lg);
	}
	if (ripestat_parse_announced(text, size, &ap, &err) == 0) {
		fuzz_check_text(ap.resource);
		for (i = 0; i < ap.n; i++) {
			fuzz_check_text(ap.v[i].prefix);
			(void)rs_announced_now(&ap, &ap.v[i]);
		}
		check_notes(ap.notes, ap.nnotes);
		rs_announced_release(&ap);
	}
	return 0;
}
