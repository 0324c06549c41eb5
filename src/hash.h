/*
 * hash.h - SHA-256 through OpenSSL's libcrypto (EVP), with hex helpers.
 */
#ifndef DEPEER_HASH_H
#define DEPEER_HASH_H

#include <stddef.h>

#define SHA256_LEN	32
#define SHA256_HEXLEN	65	/* 64 hex digits and NUL */

/* An incremental hash; sha256_init() allocates, sha256_final() frees. */
struct sha256;
struct sha256 *sha256_new(void);
void	sha256_update(struct sha256 *h, const void *data, size_t n);
/* Write the digest to out and reset h for another message. */
void	sha256_final(struct sha256 *h, unsigned char out[SHA256_LEN]);
void	sha256_free(struct sha256 *h);

/*
 * An incremental hash continued on a thread of its own, for a reader that
 * has other work to do with the bytes (decompressing, parsing) while they
 * are hashed.  sha256_bg_start() hands h to the thread until
 * sha256_bg_end(); meanwhile only the thread touches it.
 * sha256_bg_feed() queues data[0..n) and returns at once (it waits only
 * when many pieces are queued); the bytes must stay untouched until
 * sha256_bg_wait() has returned for a count at or past them (counts are of
 * all bytes fed, from the first).  Pieces are hashed in the order fed.
 * sha256_bg_end() lets the thread hash every piece queued (or, with
 * discard, only the one it is hashing), joins it and frees bg: h then
 * holds the bytes hashed, and the caller may finalise it.
 */
struct sha256_bg;
struct sha256_bg *sha256_bg_start(struct sha256 *h);
void	sha256_bg_feed(struct sha256_bg *bg, const void *data, size_t n);
void	sha256_bg_wait(struct sha256_bg *bg, unsigned long long upto);
void	sha256_bg_end(struct sha256_bg *bg, int discard);

/* One-shot digest of data[0..n). */
void	sha256_buf(const void *data, size_t n, unsigned char out[SHA256_LEN]);
/* Lower-case hex of a digest. */
void	sha256_hex(const unsigned char d[SHA256_LEN], char out[SHA256_HEXLEN]);
/* Whether s is 64 lower-case hex digits. */
int	sha256_hex_valid(const char *s);

#endif
