/*
 * hash.c - SHA-256 via OpenSSL EVP.  A context is reused across messages so
 * that hashing a million evidence rows costs no allocation per row.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "hash.h"
#include "util.h"

struct sha256 {
	EVP_MD_CTX	*ctx;
};

/*
 * The digest is fetched from the provider once: OpenSSL 3 otherwise does an
 * implicit fetch on every EVP_DigestInit_ex(), a measurable cost when each
 * of a million evidence rows is hashed.  Never freed (process lifetime).
 */
static const EVP_MD *
md(void)
{
	static EVP_MD *m;

	if (m == NULL && (m = EVP_MD_fetch(NULL, "SHA256", NULL)) == NULL)
		die("SHA-256 is not available from libcrypto");
	return m;
}

static void
init_ctx(struct sha256 *h)
{
	if (EVP_DigestInit_ex(h->ctx, md(), NULL) != 1)
		die("SHA-256 initialisation failed");
}

struct sha256 *
sha256_new(void)
{
	struct sha256 *h = xmalloc(sizeof(*h));

	h->ctx = EVP_MD_CTX_new();
	if (h->ctx == NULL)
		die("out of memory (hash context)");
	init_ctx(h);
	return h;
}

void
sha256_update(struct sha256 *h, const void *data, size_t n)
{
	if (n != 0 && EVP_DigestUpdate(h->ctx, data, n) != 1)
		die("SHA-256 update failed");
}

void
sha256_final(struct sha256 *h, unsigned char out[SHA256_LEN])
{
	unsigned int len = 0;

	if (EVP_DigestFinal_ex(h->ctx, out, &len) != 1 || len != SHA256_LEN)
		die("SHA-256 finalisation failed");
	init_ctx(h);
}

void
sha256_free(struct sha256 *h)
{
	if (h == NULL)
		return;
	EVP_MD_CTX_free(h->ctx);
	free(h);
}

void
sha256_buf(const void *data, size_t n, unsigned char out[SHA256_LEN])
{
	unsigned int len = 0;

	if (EVP_Digest(data, n, out, &len, md(), NULL) != 1 ||
	    len != SHA256_LEN)
		die("SHA-256 failed");
}

void
sha256_hex(const unsigned char d[SHA256_LEN], char out[SHA256_HEXLEN])
{
	static const char hex[] = "0123456789abcdef";
	int i;

	for (i = 0; i < SHA256_LEN; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[2 * SHA256_LEN] = '\0';
}

int
sha256_hex_valid(const char *s)
{
	size_t i;

	for (i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[64] == '\0';
}
