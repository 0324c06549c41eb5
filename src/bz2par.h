/*
 * bz2par.h - a bzip2 file decompressed by several threads, block by block,
 * for zread.c (which is its only user and keeps the API of zread.h).
 *
 * The blocks of a bzip2 stream decode independently: each starts with the
 * 48-bit magic 0x314159265359 at any bit offset, the stream ends with
 * 0x177245385090 and a CRC combined from the blocks' CRCs.  The engine
 * finds the magics, gives each block, made into a stream of its own, to
 * libbz2 on a worker thread, checks the combined CRC itself and hands the
 * blocks' bytes over in order.  Whatever is not plainly a good block (a
 * block that fails to decode, a magic found inside compressed data, a
 * strange stream header, garbage after a stream, a bad combined CRC) is
 * not judged here: bz2par_read() returns BZ2PAR_SEQ with the offset of the
 * start of that stream and the bytes of it already returned, and the
 * caller decodes from there with libbz2 alone, skipping those bytes, so
 * that every error is the sequential reader's own.
 *
 * Foundation layer: reads the file with pread(2) (regular files only),
 * prints nothing.
 */
#ifndef DEPEER_BZ2PAR_H
#define DEPEER_BZ2PAR_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct bz2par;

/* Called with every raw byte the engine reads, in file order from offset
   0 (the same bytes may come again: off says where they are). */
typedef void bz2par_raw_fn(void *arg, uint64_t off, const unsigned char *p,
    size_t n);

/* bz2par_read(): decode from *seq_off with libbz2 alone. */
#define BZ2PAR_SEQ	(-2)

/*
 * The number of decoding threads zread uses for a bzip2 file: the CPUs
 * online (at most 16), or DEPEER_ZREAD_THREADS (1 to 16) when it is set;
 * 1 means no engine, libbz2 alone.
 */
unsigned int bz2par_threads(void);

/*
 * An engine over the regular file fd (read with pread, never moved),
 * nthreads (>= 1) decoding threads started once a second block is found;
 * name ("'path'") for messages.  NULL when the engine cannot run here
 * (then read sequentially).
 */
struct bz2par *bz2par_new(int fd, unsigned int nthreads, const char *name,
    bz2par_raw_fn *raw, void *arg);

/*
 * Up to len (> 0) decompressed bytes into buf: the number (> 0); 0 at the
 * end (*truncated set when the file stopped inside a stream); -1 with err
 * set for a read error; BZ2PAR_SEQ with *seq_off the file offset of the
 * start of the current stream and *seq_skip the bytes of that stream
 * already returned: decode the rest sequentially.  After anything but a
 * positive number, do not call again.
 */
long	 bz2par_read(struct bz2par *e, void *buf, size_t len, int *truncated,
	    uint64_t *seq_off, uint64_t *seq_skip, struct dp_err *err);

/* Stop the threads and free e; e may be NULL. */
void	 bz2par_free(struct bz2par *e);

#endif
