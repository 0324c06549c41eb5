/*
 * fuzz_time.c - libFuzzer target for the time and number parsers: the
 * times researchers give (validate.c's val_time(): --since, --until,
 * observed_at), the RFC 3339 UTC times of DEPEER_NOW and the stored
 * records (clock.c), SOURCE_DATE_EPOCH, and whole numbers (numparse.c).
 * Each line of the input goes through each; what is accepted must
 *
 *   - lie between 1970 and CLOCK_MAX (9999-12-31T23:59:59Z);
 *   - format as RFC 3339 UTC (fmt_time()) into text that both time
 *     parsers read back as the same second, and that formats the same;
 *   - for clock_parse_utc(), be read the same by val_time();
 *   - for a number, lie in the range asked and print back to itself.
 *
 * The first eight bytes also name a second in the range, which must
 * make the same round trip: every second of the range, not only those
 * the seeds spell.  UBSan (make fuzz) catches overflow on the way.
 */
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "fuzz.h"
#include "numparse.h"
#include "validate.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
round_trip(int64_t t)
{
	char buf[TIME_STRLEN], again[TIME_STRLEN];
	int64_t u;

	if (t < 0 || t > CLOCK_MAX)
		abort();
	fmt_time(t, buf);
	fuzz_check_ascii(buf);
	if (strlen(buf) != 20)
		abort();
	if (val_time(buf, &u, NULL) != 0 || u != t)
		abort();
	if (clock_parse_utc(buf, &u) != 0 || u != t)
		abort();
	fmt_time(u, again);
	if (strcmp(buf, again) != 0)
		abort();
}

/*
 * name=s in the environment through a static buffer (putenv): setenv()
 * would leak a copy per call, and a run makes millions.  An empty value
 * counts as unset for both variables.
 */
static void
check_env(char *buf, size_t cap, const char *name, const char *s)
{
	int64_t t;

	if ((size_t)snprintf(buf, cap, "%s=%s", name, s) >= cap ||
	    putenv(buf) != 0)
		abort();
	if (strcmp(name, "DEPEER_NOW") == 0) {
		if (clock_check(NULL) == 0 && *s != '\0')
			round_trip(clock_now());
	} else if (clock_doc_check(NULL) == 0 && *s != '\0') {
		t = clock_doc_stamp();
		/* The specification's form: decimal digits only. */
		if (strspn(s, "0123456789") != strlen(s))
			abort();
		round_trip(t);
	}
	snprintf(buf, cap, "%s=", name);
}

static void
check_num(const char *s)
{
	static const long long range[][2] = {
		{ 0, 65535 }, { 1, LLONG_MAX }, { LLONG_MIN, LLONG_MAX },
		{ -5, 5 }, { 0, CLOCK_MAX },
	};
	char buf[32];
	long long v, w;
	size_t i;

	for (i = 0; i < sizeof(range) / sizeof(range[0]); i++) {
		if (parse_num("x", s, range[i][0], range[i][1], &v,
		    NULL) != 0)
			continue;
		if (v < range[i][0] || v > range[i][1])
			abort();
		snprintf(buf, sizeof(buf), "%lld", v);
		if (parse_num(NULL, buf, range[i][0], range[i][1], &w,
		    NULL) != 0 || v != w)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char now_env[300], sde_env[300];
	char line[256];
	size_t pos = 0;
	uint64_t raw = 0;
	int64_t t, u;
	size_t i;

	for (i = 0; i < 8 && i < size; i++)
		raw = raw << 8 | data[i];
	round_trip((int64_t)(raw % ((uint64_t)CLOCK_MAX + 1)));
	while (fuzz_next_line(data, size, &pos, line, sizeof(line))) {
		if (val_time(line, &t, NULL) == 0)
			round_trip(t);
		if (clock_parse_utc(line, &t) == 0) {
			round_trip(t);
			if (val_time(line, &u, NULL) != 0 || u != t)
				abort();
		}
		check_env(now_env, sizeof(now_env), "DEPEER_NOW", line);
		check_env(sde_env, sizeof(sde_env), "SOURCE_DATE_EPOCH",
		    line);
		check_num(line);
	}
	return 0;
}
