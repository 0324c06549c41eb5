/*
 * fuzz_ptab_open.c - libFuzzer target for ptab_open(): a damaged lookup
 * file must be refused, never crash.  A valid file is too structured for
 * a fuzzer to write from nothing, so the input is a list of damages done
 * to real files (a few kilobytes each: the index is as wide as the table
 * needs) built once at start (IPv4 and IPv6 prefixes, nested,
 * multi-origin; the third's IPv6 routes all inside 2001:db8::/32, so
 * that its IPv6 index is keyed below that base): byte 0 picks the file
 * (bit 0, and bit 3 for the third) and whether the damaged image is
 * then sealed (ptab_seal(): its size and checksum made to match, so that
 * the structural checks behind them are what decides), bytes 1-4 where to
 * cut it, and each 5 bytes after that an offset and a value to XOR in.  A
 * file ptab_open() accepts is then used: lookups of addresses taken from
 * the input and of every prefix's edges, and every answer's prefix and
 * origins read, all within bounds (AddressSanitizer watches).
 */
#include <sys/socket.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ptab.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned char *base[3];
static size_t baselen[3];
static char path[64];

static void
build(int k)
{
	static const char *const v4[] = { "0.0.0.0/0", "10.0.0.0/8",
	    "10.1.0.0/16", "10.1.2.0/24", "10.1.2.3/32", "192.0.2.0/25",
	    "192.0.2.128/25", "208.66.192.0/22" };
	/* more than 8 ranges under one index entry: an index node */
	static const char *const v6[] = { "2001:db8::/32", "2001:db8::/48",
	    "2001:db8:0:1::1/128", "2a00::/12", "::/0", "2001:db8:1::/48",
	    "2001:db8:2::/48", "2001:db8:3::/48", "2001:db8:4::/48",
	    "2001:db8:5::/48", "2001:db8:6::/48", "2001:db8:7::/56" };
	struct ptab_builder *b = ptab_builder_new();
	struct dp_err err = DP_ERR_INIT;
	FILE *f;
	long n;

	for (size_t i = 0; i < sizeof(v4) / sizeof(v4[0]); i++) {
		struct ipnet p;
		struct ipnet_perr pe;
		uint32_t o[2] = { (uint32_t)i + 1, 64500 };

		if (ipnet_parse_cidr(v4[i], &p, &pe) == IPNET_OK)
			ptab_builder_add(b, &p, o, 1 + (i % 2));
	}
	for (size_t i = 0; k >= 1 && i < sizeof(v6) / sizeof(v6[0]); i++) {
		struct ipnet p;
		struct ipnet_perr pe;
		uint32_t o = (uint32_t)i + 100;

		/* the third file: no ::/0 nor 2a00::/12, a /32 base */
		if (k == 2 && strncmp(v6[i], "2001:db8:", 9) != 0)
			continue;
		if (ipnet_parse_cidr(v6[i], &p, &pe) == IPNET_OK)
			ptab_builder_add(b, &p, &o, 1);
	}
	if (ptab_write(b, path, 1234, &err) != 0)
		abort();
	ptab_builder_free(b);
	f = fopen(path, "rb");
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	base[k] = malloc((size_t)n);
	baselen[k] = fread(base[k], 1, (size_t)n, f);
	fclose(f);
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static void
use(const struct ptab *t, const uint8_t *data, size_t size)
{
	uint32_t nr = ptab_nroutes(t), ns = ptab_nsets(t);
	uint32_t a4[8], r[8];
	uint8_t a6[8][16];

	for (size_t i = 0; i < 8; i++) {
		a4[i] = size >= 4 * (i + 1) ? get32(data + 4 * i) : (uint32_t)i
		    * 0x1f000001u;
		memset(a6[i], 0, 16);
		memcpy(a6[i], data + (i % (size > 16 ? size - 16 : 1)),
		    size >= 16 ? 16 : size);
	}
	ptab_lookup4_batch(t, a4, r, 8);
	for (size_t i = 0; i < 8; i++)
		if (r[i] != ptab_lookup4(t, a4[i]) || (r[i] != PTAB_NONE &&
		    r[i] >= nr))
			abort();
	ptab_lookup6_batch(t, (const uint8_t (*)[16])a6, r, 8);
	for (size_t i = 0; i < 8; i++)
		if (r[i] != PTAB_NONE && r[i] >= nr)
			abort();
	for (uint32_t i = 0; i < nr; i++) {
		struct ipnet p;
		const uint32_t *o;
		uint32_t s = ptab_route_set(t, i), got;

		if (s >= ns)
			abort();
		if (ptab_set_origins(t, s, &o) == 0)
			abort();
		ptab_route_prefix(t, i, &p);
		got = ptab_lookup(t, &p);
		if (got != PTAB_NONE && got >= nr)
			abort();
	}
}

static void
remove_path(void)
{
	unlink(path);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dp_err err = DP_ERR_INIT;
	struct ptab *t;
	unsigned char *img;
	size_t len, k;
	FILE *f;

	if (base[0] == NULL) {
		snprintf(path, sizeof(path), "/tmp/fuzz_ptab_open.%ld",
		    (long)getpid());
		/* the one file each input is written to, gone at exit */
		atexit(remove_path);
		build(0);
		build(1);
		build(2);
	}
	if (size < 5)
		return 0;
	k = data[0] & 1;
	if (k == 1 && (data[0] & 8) != 0)
		k = 2;
	len = get32(data + 1) % (baselen[k] + 1);
	if (len < 512 && (data[0] & 4) == 0)
		len = baselen[k];
	img = malloc(baselen[k]);
	memcpy(img, base[k], baselen[k]);
	for (size_t i = 5; i + 5 <= size; i += 5) {
		size_t off = get32(data + i) % baselen[k];

		img[off] ^= data[i + 4];
	}
	if (data[0] & 2)
		(void)ptab_seal(img, len);
	f = fopen(path, "wb");
	fwrite(img, 1, len, f);
	fclose(f);
	free(img);
	if (ptab_open(path, &t, &err) == 0) {
		use(t, data, size);
		ptab_close(t);
	} else if (err.msg[0] == '\0')
		abort();
	return 0;
}
