/*
 * fuzz_mrt.c - libFuzzer target for the MRT reader (mrt.h): any bytes,
 * written to a file and read through mrt_open() as "depeer bgp dump" reads
 * one (so zread's decompression is fuzzed too when they start with a
 * gzip, bzip2 or zstd magic), must end in elements and warnings or a
 * clean error, never a crash, a hang or a leak.  What is read must keep
 * mrt.h's promises:
 *
 *   - every element has a source, a peer address of 32 or 128 bits, and
 *     (but a state change) a prefix no longer than its family, without
 *     host bits set (trailing bits are cleared on reading);
 *   - RIB entries and announcements have their attributes, and the AS
 *     path's segments cover the path exactly, in order;
 *   - withdrawals and state changes have none;
 *   - the counts of mrt_stats() match what was returned and warned.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fuzz.h"
#include "ipnet.h"
#include "mrt.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
count_warn(void *arg, uint64_t off, const char *msg)
{
	(void)off;
	fuzz_check_text(msg);
	(*(uint64_t *)arg)++;
}

static void
check_net(const struct ipnet *n, int addr)
{
	int bits;

	if (n->family != AF_INET && n->family != AF_INET6)
		abort();
	bits = n->family == AF_INET ? 32 : 128;
	if (n->plen < 0 || n->plen > bits || (addr && n->plen != bits))
		abort();
	if (!ipnet_host_bits_clear(n))
		abort();
}

static void
check_elem(const struct mrt_elem *e)
{
	const struct mrt_attrs *a = e->attrs;
	size_t i, at = 0;

	if (e->source == NULL)
		abort();
	check_net(&e->peer_ip, 1);
	if (e->type == MRT_STATE || e->type == MRT_WITHDRAW) {
		if (a != NULL || e->npath != 0)
			abort();
		if (e->type == MRT_WITHDRAW)
			check_net(&e->prefix, 0);
		return;
	}
	check_net(&e->prefix, 0);
	if (a == NULL || (e->npath > 0 && e->path == NULL))
		abort();
	for (i = 0; i < a->nsegs; i++) {
		if (a->segs[i].start != at || a->segs[i].type < MRT_AS_SET ||
		    a->segs[i].type > MRT_AS_CONFED_SET)
			abort();
		at += a->segs[i].count;
	}
	if (at != e->npath || (a->origin < -1 || a->origin > 2))
		abort();
	if (e->has_next_hop)
		check_net(&e->next_hop, 1);
	/* Touch the communities, where they lie. */
	for (i = 0; i < a->ncommunities * 4; i++)
		at += a->communities[i];
	(void)at;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	struct dp_err err = DP_ERR_INIT;
	struct mrt_reader *r;
	struct mrt_elem e;
	uint64_t n = 0, warned = 0;
	FILE *fp;
	int rc;

	if (path[0] == '\0')
		snprintf(path, sizeof(path), "/tmp/fuzz_mrt.%ld",
		    (long)getpid());
	if ((fp = fopen(path, "wb")) == NULL ||
	    fwrite(data, 1, size, fp) != size || fclose(fp) != 0)
		abort();
	/* An input in a compression no library here reads (xz, lz4,
	   compress) is refused at open, with a message. */
	if (mrt_open(path, &r, &err) != 0) {
		fuzz_check_text(err.msg);
		return 0;
	}
	mrt_set_warn(r, count_warn, &warned);
	while ((rc = mrt_next(r, &e, &err)) > 0) {
		check_elem(&e);
		n++;
	}
	if (rc < 0)
		fuzz_check_text(err.msg);
	if (mrt_stats(r)->elems != n || mrt_stats(r)->warnings != warned)
		abort();
	if (rc == 0 && strlen(mrt_file_sha256(r)) != 64)
		abort();
	mrt_close(r);
	unlink(path);
	return 0;
}
