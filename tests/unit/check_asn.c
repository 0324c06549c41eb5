/*
 * check_asn.c - asn.c: each accepted form and each reason, and a random
 * cross-check of asn_parse() under each reader's flags against the
 * parsers those readers had before they shared it (copied below as they
 * were), so that no reader accepts or refuses anything new.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "asn.h"
#include "validate.h"

Suite	*asn_suite(void);

static int
ok(const char *s, unsigned int flags, uint32_t want)
{
	uint32_t v = 7;

	return asn_parse(s, strlen(s), flags, &v) == ASN_OK && v == want;
}

static int
why(const char *s, unsigned int flags)
{
	uint32_t v = 7;
	int r = asn_parse(s, strlen(s), flags, &v);

	ck_assert_uint_eq(v, 7);	/* untouched on failure */
	return r;
}

START_TEST(test_forms)
{
	char buf[ASN_STRLEN];

	ck_assert(ok("26780", 0, 26780));
	ck_assert(ok("4294967295", 0, 4294967295U));
	ck_assert(ok("AS26780", ASN_PREFIX, 26780));
	ck_assert(ok("as26780", ASN_PREFIX, 26780));
	ck_assert(ok("aS26780", ASN_NEED_PREFIX, 26780));
	ck_assert(ok("1.10", ASN_ASDOT, 65546));
	ck_assert(ok("AS65535.65535", ASN_STRICT, 4294967295U));
	ck_assert(ok("0.10", ASN_ASDOT | ASN_HIGH0, 10));
	ck_assert(ok("0026780", ASN_ZEROS, 26780));
	ck_assert(ok("01.10", ASN_ASDOT | ASN_ZEROS, 65546));
	ck_assert(ok("1.010", ASN_ASDOT | ASN_ZEROS_LOW, 65546));
	ck_assert(ok(" \tAS1\t ", ASN_TRIM | ASN_PREFIX, 1));
	ck_assert(ok("0", ASN_ZERO, 0));
	/* What researchers paste from reports: "AS 26780", any case. */
	ck_assert(ok("AS 26780", ASN_TYPED, 26780));
	ck_assert(ok("as\t26780", ASN_TYPED, 26780));
	ck_assert(ok("As  26780", ASN_TYPED, 26780));
	ck_assert(ok("AS 4.1234", ASN_TYPED, 4 * 65536 + 1234));
	ck_assert(ok("as26780", ASN_TYPED, 26780));
	ck_assert(ok("26780", ASN_TYPED, 26780));
	ck_assert_int_eq(why("AS 26780", ASN_STRICT), ASN_ENOTNUM);
	ck_assert_int_eq(why("AS ", ASN_TYPED), ASN_ENONUM);
	ck_assert_int_eq(why(" 26780", ASN_TYPED), ASN_ENOTNUM);
	ck_assert_int_eq(why("26780 ", ASN_TYPED), ASN_ENOTNUM);
	ck_assert_int_eq(why("AS 26780 ", ASN_TYPED), ASN_ENOTNUM);
	ck_assert_int_eq(why("AS 2 6780", ASN_TYPED), ASN_ENOTNUM);
	ck_assert_int_eq(why("AS\n26780", ASN_TYPED), ASN_ENOTNUM);
	ck_assert_int_eq(why("AS 0", ASN_TYPED), ASN_EZERO);
	ck_assert_int_eq(why("AS 0.10", ASN_TYPED), ASN_EHIGH0);
	ck_assert_int_eq(why("AS 026780", ASN_TYPED), ASN_ELEADZERO);

	ck_assert_int_eq(why("", ASN_STRICT), ASN_EEMPTY);
	ck_assert_int_eq(why("  ", ASN_TRIM), ASN_EEMPTY);
	ck_assert_int_eq(why("AS", ASN_STRICT), ASN_ENONUM);
	ck_assert_int_eq(why("AS1", 0), ASN_ENOTNUM);
	ck_assert_int_eq(why("26780", ASN_NEED_PREFIX), ASN_ENOTNUM);
	ck_assert_int_eq(why("ASAS1", ASN_STRICT), ASN_ENOTNUM);
	ck_assert_int_eq(why("1.10", 0), ASN_ENOTNUM);
	ck_assert_int_eq(why(" 1", 0), ASN_ENOTNUM);
	ck_assert_int_eq(why("1.", ASN_ASDOT), ASN_EDOTEMPTY);
	ck_assert_int_eq(why("1.2.3", ASN_ASDOT), ASN_ENOTNUM);
	ck_assert_int_eq(why("026780", ASN_STRICT), ASN_ELEADZERO);
	ck_assert_int_eq(why("1.010", ASN_ASDOT | ASN_ZEROS), ASN_ELEADZERO);
	ck_assert_int_eq(why("4294967296", 0), ASN_ERANGE);
	ck_assert_int_eq(why("99999999999999999999999", 0), ASN_ERANGE);
	ck_assert_int_eq(why("65536.0", ASN_ASDOT), ASN_EDOTRANGE);
	ck_assert_int_eq(why("0.10", ASN_ASDOT), ASN_EHIGH0);
	ck_assert_int_eq(why("0.0", ASN_ASDOT | ASN_HIGH0), ASN_EZERO);
	ck_assert_int_eq(why("AS0", ASN_STRICT), ASN_EZERO);

	ck_assert_str_eq(asn_format(26780, buf), "AS26780");
	ck_assert_str_eq(asn_format(4294967295U, buf), "AS4294967295");
	ck_assert_int_eq(asn_from_int(0, &(uint32_t){ 0 }), -1);
	ck_assert_int_eq(asn_from_int(4294967296LL, &(uint32_t){ 0 }), -1);
}
END_TEST

/* ---- the readers' parsers before asn.c, for the cross-check ---- */

/* cymru.c parse_asn() and ripestat.c str_asn(): the same rules. */
static int
old_cymru(const char *p, size_t len, uint32_t *out)
{
	uint64_t v = 0;
	size_t i = 0;

	if (len >= 2 && (p[0] | 0x20) == 'a' && (p[1] | 0x20) == 's')
		i = 2;
	if (i == len)
		return -1;
	for (; i < len; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(p[i] - '0');
		if (v > UINT32_MAX)
			return -1;
	}
	if (v == 0)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static int
old_num(const char *p, size_t len, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (len == 0)
		return -1;
	for (i = 0; i < len; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(p[i] - '0');
		if (v > max)
			return -1;
	}
	*out = v;
	return 0;
}

/* rpsl.c parse_as_token(). */
static int
old_rpsl(const char *p, size_t len, uint32_t *out)
{
	uint64_t hi, lo;
	const char *dot;

	if (len < 3 || (p[0] | 0x20) != 'a' || (p[1] | 0x20) != 's')
		return -1;
	p += 2;
	len -= 2;
	if ((dot = memchr(p, '.', len)) != NULL) {
		if (old_num(p, (size_t)(dot - p), 65535, &hi) != 0 ||
		    old_num(dot + 1, len - (size_t)(dot - p) - 1, 65535,
		    &lo) != 0)
			return -1;
		lo |= hi << 16;
	} else if (old_num(p, len, UINT32_MAX, &lo) != 0)
		return -1;
	if (lo == 0)
		return -1;
	*out = (uint32_t)lo;
	return 0;
}

static int
old_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

/* validate.c val_asn()'s parse_dec(): no leading zero. */
static int
old_dec(const char *s, size_t n, uint64_t max, uint64_t *v)
{
	if (n > 1 && s[0] == '0')
		return -1;
	return old_num(s, n, max, v);
}

/* What validate.c val_asn() accepted: the old whois reader called it. */
static int
old_val_asn(const char *s, uint32_t *out)
{
	const char *p = s, *dot;
	uint64_t v, hi, lo;

	if ((p[0] | 0x20) == 'a' && (p[1] | 0x20) == 's')
		p += 2;
	if ((dot = strchr(p, '.')) != NULL) {
		if (old_dec(p, (size_t)(dot - p), 65535, &hi) != 0 ||
		    old_dec(dot + 1, strlen(dot + 1), 65535, &lo) != 0 ||
		    hi == 0)
			return -1;
		v = hi << 16 | lo;
	} else if (old_dec(p, strlen(p), UINT32_MAX, &v) != 0 || v == 0)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

/* whois_parse.c asn_lenient(), over val_asn(). */
static int
old_whois(const char *s, size_t n, uint32_t *out)
{
	char buf[32];
	size_t o = 0;

	while (n > 0 && old_blank(s[n - 1]))
		n--;
	while (n > 0 && old_blank(*s)) {
		s++;
		n--;
	}
	if (n >= 2 && (s[0] | 0x20) == 'a' && (s[1] | 0x20) == 's') {
		s += 2;
		n -= 2;
	}
	while (n > 1 && s[0] == '0' && s[1] >= '0' && s[1] <= '9') {
		s++;
		n--;
	}
	if (n == 0 || n >= sizeof(buf))
		return -1;
	for (o = 0; o < n; o++) {
		if ((s[o] < '0' || s[o] > '9') && s[o] != '.')
			return -1;
		buf[o] = s[o];
	}
	buf[o] = '\0';
	return old_val_asn(buf, out);
}

/* rdap.c bs_asn_range() for one number. */
static int
old_bs(const char *s, uint32_t *out)
{
	uint64_t v = 0;
	int digits = 0;

	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9' || ++digits > 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
		if (v > UINT32_MAX)
			return -1;
	}
	if (digits == 0)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

/* A random string over the characters AS numbers are made of. */
static size_t
rand_asn_text(char *buf, size_t max)
{
	static const char alpha[] = "0000111223456789..aAsS \t-x";
	static const char *const seeds[] = {
		"4294967295", "4294967296", "65535.65535", "65536.1", "0.0",
		"AS", "as0", "00", "1.", ".1"
	};
	size_t n, i;

	if (rand() % 4 == 0) {
		i = (size_t)rand() % ARRAY_SIZE(seeds);
		n = strlen(seeds[i]);
		memcpy(buf, seeds[i], n + 1);
		return n;
	}
	n = (size_t)rand() % max;
	for (i = 0; i < n; i++)
		buf[i] = alpha[rand() % (sizeof(alpha) - 1)];
	buf[n] = '\0';
	return n;
}

/*
 * buf with the blanks after a leading "AS" taken out: the one form
 * val_asn() accepts that it did not before ("AS 26780", ASN_GAP).
 */
static const char *
nogap(const char *buf, char *out)
{
	size_t i = 2, o = 2;

	if (strlen(buf) < 2 || (buf[0] != 'A' && buf[0] != 'a') ||
	    (buf[1] != 'S' && buf[1] != 's'))
		return buf;
	memcpy(out, buf, 2);
	while (buf[i] == ' ' || buf[i] == '\t')
		i++;
	while (buf[i] != '\0')
		out[o++] = buf[i++];
	out[o] = '\0';
	return out;
}

START_TEST(test_same_as_before)
{
	char buf[24], gapless[24];
	uint32_t a, b;
	int i, ra, rb;
	size_t n;

	srand(5396);
	for (i = 0; i < 200000; i++) {
		n = rand_asn_text(buf, 14);
		a = b = 0;
		ra = old_cymru(buf, n, &a);
		rb = asn_parse(buf, n, ASN_PREFIX | ASN_ZEROS, &b) == ASN_OK ?
		    0 : -1;
		ck_assert_msg(ra == rb && a == b, "cymru '%s'", buf);
		a = b = 0;
		ra = old_rpsl(buf, n, &a);
		rb = asn_parse(buf, n, ASN_NEED_PREFIX | ASN_ASDOT |
		    ASN_HIGH0 | ASN_ZEROS | ASN_ZEROS_LOW, &b) == ASN_OK ?
		    0 : -1;
		ck_assert_msg(ra == rb && a == b, "rpsl '%s'", buf);
		a = b = 0;
		ra = old_whois(buf, n, &a);
		rb = asn_parse(buf, n, ASN_TRIM | ASN_PREFIX | ASN_ASDOT |
		    ASN_ZEROS, &b) == ASN_OK ? 0 : -1;
		ck_assert_msg(ra == rb && a == b, "whois '%s'", buf);
		a = b = 0;
		ra = old_bs(buf, &a);
		rb = n <= 10 && asn_parse(buf, n, ASN_ZEROS | ASN_ZERO, &b) ==
		    ASN_OK ? 0 : -1;
		ck_assert_msg(ra == rb && a == b, "bootstrap '%s'", buf);
		a = b = 0;
		ra = old_val_asn(nogap(buf, gapless), &a);
		rb = val_asn(buf, &b, NULL) == 0 ? 0 : -1;
		ck_assert_msg(ra == rb && a == b, "val_asn '%s'", buf);
	}
}
END_TEST

Suite *
asn_suite(void)
{
	Suite *s = suite_create("asn");
	TCase *tc = tcase_create("asn");

	tcase_add_test(tc, test_forms);
	tcase_add_test(tc, test_same_as_before);
	suite_add_tcase(s, tc);
	return s;
}
