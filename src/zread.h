/*
 * zread.h - a file read through whatever compression it has: gzip (zlib),
 * bzip2 (libbz2), zstd (libzstd) or none, told by its first bytes, never by
 * its name.  Multi-member gzip, concatenated bzip2 and multi-frame zstd are
 * read through to their end.  A compressed stream that ends early (a
 * cut-off download, like a RIB dump's first megabyte) is not an I/O error:
 * zread_read() returns 0 (the end) and zread_truncated() says so, so that
 * callers keep what they read and warn.  The SHA-256 and size of the raw
 * bytes as read are kept for the provenance of an import.
 *
 * Foundation layer: reads a file through a fixed buffer (a file is never
 * loaded whole), prints nothing.
 */
#ifndef DEPEER_ZREAD_H
#define DEPEER_ZREAD_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct zread;

/*
 * Open path for reading: "-" is standard input (read whatever it is, and
 * left open by zread_close()); other paths go through openin.h (regular
 * files only).  The format is told from the first bytes (gzip 1f 8b, bzip2
 * "BZh", zstd 28 b5 2f fd; anything else, and an empty file, is "none").
 * Returns 0 with *out set (free with zread_close()), or an exit status
 * with err set: DP_EX_NOINPUT (cannot open, not a regular file),
 * DP_EX_IOERR (read error), DP_EX_DATAERR (compressed with xz, lz4 or
 * compress, which are told by their magic and refused by name).
 */
int	 zread_open(const char *path, struct zread **out, struct dp_err *err);

/*
 * Up to len (> 0) bytes of decompressed data into buf: returns the number
 * of bytes (> 0), 0 at the end (also the end of a truncated stream: see
 * zread_truncated()), or -1 with err set: DP_EX_IOERR for a read error,
 * DP_EX_DATAERR for corrupt compressed data, its message naming the file,
 * the format and the offset in the compressed bytes ("'x.gz': corrupt
 * gzip data at compressed byte 1234: invalid block type").  The bytes
 * the decoder gave before it found the damage are all returned first (a
 * bzip2 block whose CRC does not match is handed over whole, then the
 * error), so what comes before an error does not depend on len.  After 0
 * or -1 every further call returns the same.
 *
 * A bzip2 regular file is decoded on several threads (one per CPU online,
 * or DEPEER_ZREAD_THREADS, 1 to 16; 1 is libbz2 alone), started once a
 * second block is found; the bytes, the end and the errors are the same
 * as libbz2's alone.  A gzip or zstd regular file of a MiB or more is
 * decoded ahead by one thread, from the first call on (not with
 * DEPEER_ZREAD_THREADS=1); again the bytes, the end and the errors are
 * the same as without.
 */
long	 zread_read(struct zread *z, void *buf, size_t len, struct dp_err *err);

/*
 * Whether the end zread_read() returned came inside a compressed stream:
 * the file stopped before the stream's end (a gzip member without its
 * trailer, a bzip2 stream without its end of stream mark, a zstd frame
 * cut short).  Only meaningful after zread_read() returned 0.
 */
int	 zread_truncated(const struct zread *z);

/* "gzip", "bzip2", "zstd" or "none"; a static string. */
const char *zread_format(const struct zread *z);

/* The compressed (raw) bytes read from the file: after the end or
   zread_sha256_hex() (a thread may be reading ahead before). */
uint64_t zread_raw_bytes(const struct zread *z);
/* The decompressed bytes zread_read() returned so far. */
uint64_t zread_out_bytes(const struct zread *z);

/*
 * The SHA-256 of the whole file's raw bytes, as 64 lower-case hex digits
 * and a NUL, and later calls return the same.  Called before the end
 * (a caller that cannot read on), it stops decoding and reads the rest
 * of the file to hash it, so the digest and zread_raw_bytes() are the
 * whole file's (up to a read error); zread_read() may not be called
 * after that.
 */
void	 zread_sha256_hex(struct zread *z, char out[65]);

/*
 * For a caller that never asks for the digest, before its first
 * zread_read(): the raw bytes are counted but not hashed, and
 * zread_sha256_hex() must not be called.
 */
void	 zread_no_digest(struct zread *z);

/*
 * For a caller whose own threads already keep every CPU busy, before
 * its first zread_read(): a gzip or zstd file is decoded on the
 * caller's thread, without a thread decoding ahead.
 */
void	 zread_no_ahead(struct zread *z);

/* Close the file (not standard input) and free z; z may be NULL. */
void	 zread_close(struct zread *z);

#endif
