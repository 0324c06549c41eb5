/*
 * hash.c - SHA-256 via OpenSSL EVP.  A context is reused across messages so
 * that hashing a million evidence rows costs no allocation per row.
 */
#include <pthread.h>
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

/* ---- on a thread of its own ---- */

/* Pieces queued at most: a reader feeding buffers of 128 KiB keeps a few
   in flight. */
#define BG_QUEUE	16

struct sha256_bg {
	pthread_t	 tid;
	pthread_mutex_t	 mu;
	pthread_cond_t	 work, done;	/* a piece queued; a piece hashed */
	struct {
		const void	*p;
		size_t		 n;
	}		 q[BG_QUEUE];
	size_t		 head, tail;	/* pieces taken, pieces queued */
	unsigned long long hashed;	/* bytes of the pieces hashed */
	int		 stop;		/* no more pieces: end when empty */
	int		 busy;		/* q[head] is being hashed */
	struct sha256	*h;
};

static void *
bg_main(void *arg)
{
	struct sha256_bg *bg = arg;
	const void *p;
	size_t n;

	pthread_mutex_lock(&bg->mu);
	for (;;) {
		while (bg->head == bg->tail && !bg->stop)
			pthread_cond_wait(&bg->work, &bg->mu);
		if (bg->head == bg->tail)
			break;
		p = bg->q[bg->head % BG_QUEUE].p;
		n = bg->q[bg->head % BG_QUEUE].n;
		bg->busy = 1;
		pthread_mutex_unlock(&bg->mu);
		sha256_update(bg->h, p, n);
		pthread_mutex_lock(&bg->mu);
		bg->busy = 0;
		bg->head++;
		bg->hashed += n;
		pthread_cond_broadcast(&bg->done);
	}
	pthread_mutex_unlock(&bg->mu);
	return NULL;
}

struct sha256_bg *
sha256_bg_start(struct sha256 *h)
{
	struct sha256_bg *bg = xcalloc(1, sizeof(*bg));

	bg->h = h;
	pthread_mutex_init(&bg->mu, NULL);
	pthread_cond_init(&bg->work, NULL);
	pthread_cond_init(&bg->done, NULL);
	if (pthread_create(&bg->tid, NULL, bg_main, bg) != 0)
		die("cannot start a thread for SHA-256");
	return bg;
}

void
sha256_bg_feed(struct sha256_bg *bg, const void *data, size_t n)
{
	if (n == 0)
		return;
	pthread_mutex_lock(&bg->mu);
	while (bg->tail - bg->head == BG_QUEUE)
		pthread_cond_wait(&bg->done, &bg->mu);
	bg->q[bg->tail % BG_QUEUE].p = data;
	bg->q[bg->tail % BG_QUEUE].n = n;
	bg->tail++;
	pthread_cond_signal(&bg->work);
	pthread_mutex_unlock(&bg->mu);
}

void
sha256_bg_wait(struct sha256_bg *bg, unsigned long long upto)
{
	pthread_mutex_lock(&bg->mu);
	while (bg->hashed < upto && bg->head != bg->tail)
		pthread_cond_wait(&bg->done, &bg->mu);
	pthread_mutex_unlock(&bg->mu);
}

void
sha256_bg_end(struct sha256_bg *bg, int discard)
{
	if (bg == NULL)
		return;
	pthread_mutex_lock(&bg->mu);
	if (discard)
		bg->tail = bg->head + (size_t)bg->busy;
	bg->stop = 1;
	pthread_cond_signal(&bg->work);
	pthread_mutex_unlock(&bg->mu);
	pthread_join(bg->tid, NULL);
	pthread_mutex_destroy(&bg->mu);
	pthread_cond_destroy(&bg->work);
	pthread_cond_destroy(&bg->done);
	free(bg);
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
