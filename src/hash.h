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

/* One-shot digest of data[0..n). */
void	sha256_buf(const void *data, size_t n, unsigned char out[SHA256_LEN]);
/* Lower-case hex of a digest. */
void	sha256_hex(const unsigned char d[SHA256_LEN], char out[SHA256_HEXLEN]);
/* Whether s is 64 lower-case hex digits. */
int	sha256_hex_valid(const char *s);

#endif
