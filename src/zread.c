/*
 * zread.c - files read through gzip, bzip2, zstd or no compression; see
 * zread.h.
 *
 * The decompression is the libraries' (zlib's inflate, libbz2's
 * BZ2_bzDecompress, libzstd's ZSTD_decompressStream); what is written here
 * is the loop around them that none of them offers as a whole: one fixed
 * input buffer, the format told from the magic bytes, the next gzip member
 * or bzip2 stream started where the last one ended, the difference
 * between a stream cut short (the end, flagged) and a corrupt one (an
 * error with the compressed offset), and the SHA-256 of every raw byte.
 * A bzip2 regular file is decoded on several threads by bz2par.c, which
 * hands back to the sequential loop here whatever it does not judge a
 * plainly good block.  A gzip or zstd regular file is decoded ahead of
 * the caller by a thread of its own (struct ahead), which runs that same
 * loop into a few chunks in turn while the caller parses the last.
 */
#include <sys/stat.h>

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bzlib.h>
#include <zlib.h>
#include <zstd.h>

#include "bz2par.h"
#include "exitcodes.h"
#include "hash.h"
#include "openin.h"
#include "zread.h"

/* The raw bytes read at a time: large enough that read(2) and the
   decoders' per-call costs vanish, small enough to stay in the cache. */
#define ZREAD_INBUF	(128 * 1024)
/* bzip2 is decoded into a buffer of its own, in windows that end at
   multiples of this in the stream's output, and read from the file in
   pieces that end at multiples of ZREAD_INBUF: libbz2 drops what it wrote
   in a call that finds a block's runs damaged, and so what comes out
   before such an error depends on nothing but the file (bz2par.c's
   fallback, starting again at a stream, gets the same). */
#define ZREAD_OUTWIN	(64 * 1024)
/*
 * A regular file of at least this many bytes read without bz2par is
 * hashed on a thread of its own (hash.h's sha256_bg), as fast as the
 * reader's own work (inflating, parsing MRT) could otherwise go on
 * beside it: ZREAD_NBUF input buffers in turn, one reused only once the
 * hasher is past it.
 */
#define ZREAD_BG_MIN	(1024 * 1024)
#define ZREAD_NBUF	4

/*
 * gzip and zstd regular files of at least ZREAD_BG_MIN bytes are decoded
 * ahead, on a thread, into ZREAD_AHEAD_N chunks of ZREAD_AHEAD_LEN
 * bytes: inflating is about as much work as parsing what comes out, and
 * the two then go on side by side.
 */
#define ZREAD_AHEAD_N	4
#define ZREAD_AHEAD_LEN	(128 * 1024)

/* The decoding thread and the chunks it hands over, in order. */
struct ahead {
	pthread_t	 tid;
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	unsigned char	*buf[ZREAD_AHEAD_N];
	size_t		 len[ZREAD_AHEAD_N];
	int		 head, count;	/* the chunks filled, from head */
	size_t		 pos;		/* taken of the chunk at head */
	int		 done;		/* the decoder returned 0 or -1 */
	int		 stop;		/* zread_close(): stop decoding */
};

enum zfmt { ZF_NONE, ZF_GZIP, ZF_BZIP2, ZF_ZSTD };

static const char *const fmt_name[] = { "none", "gzip", "bzip2", "zstd" };

struct zread {
	int		 fd;
	int		 own_fd;	/* not standard input: close it */
	char		*name;		/* "'path'" or "standard input" */
	enum zfmt	 fmt;
	unsigned char	*in;
	size_t		 in_pos, in_len;
	int		 in_eof;
	z_stream	 zs;
	bz_stream	 bz;
	ZSTD_DStream	*zd;
	int		 dec_live;	/* the decoder is initialised */
	int		 in_member;	/* inside a stream: its end not seen */
	int		 state;		/* 0 reading, 1 at the end, -1 failed */
	struct dp_err	 fail;		/* the error repeated after -1 */
	int		 truncated;
	struct sha256	*sha;
	struct sha256_bg *bg;		/* hashing sha on a thread, or NULL */
	unsigned char	*bufs[ZREAD_NBUF];	/* with bg: in is bufs[cur] */
	unsigned long long buf_fed[ZREAD_NBUF];	/* bytes fed to bg up to
						   each buffer's last */
	unsigned long long fed;
	int		 cur;
	int		 no_digest;
	int		 sha_done;
	char		 hex[SHA256_HEXLEN];
	uint64_t	 raw;		/* bytes hashed, from offset 0 */
	uint64_t	 file_off;	/* the offset after in[in_len - 1] */
	struct bz2par	*par;		/* bzip2 on several threads */
	int		 use_pread;	/* reading again after par */
	uint64_t	 skip;		/* output par already returned */
	unsigned char	*obuf;		/* bzip2: ob_len bytes, ob_pos taken */
	size_t		 ob_pos, ob_len;
	uint64_t	 sout;		/* bzip2: the stream's output so far */
	int		 fail_pending;	/* fail after obuf is handed over */
	int		 want_ahead;	/* decode ahead from the first read */
	struct ahead	*ah;		/* the thread running, or NULL */
	uint64_t	 taken;		/* bytes zread_read() returned */
	int		 regular;	/* a regular file (pread works) */
	int		 drained;	/* the digest read the rest raw */
};

/* Bytes p[0..n) of the file at off seen: those beyond what was hashed
   are hashed (reading never leaves a gap). */
static void
seen(struct zread *z, uint64_t off, const unsigned char *p, size_t n)
{
	if (off > z->raw)
		die("zread: bytes at %llu read before those at %llu",
		    (unsigned long long)off, (unsigned long long)z->raw);
	if (off + n <= z->raw)
		return;
	p += z->raw - off;
	n -= (size_t)(z->raw - off);
	if (z->no_digest)
		;
	else if (z->bg != NULL) {
		/* Only fill() feeds it, from the buffer it reads into. */
		sha256_bg_feed(z->bg, p, n);
		z->fed += n;
		z->buf_fed[z->cur] = z->fed;
	} else
		sha256_update(z->sha, p, n);
	z->raw += n;
}

static void
seen_cb(void *arg, uint64_t off, const unsigned char *p, size_t n)
{
	seen(arg, off, p, n);
}

/* Read more raw bytes after in_len (at most to the buffer's end); sets
   in_eof at the end of the file.  0, or -1 with err set. */
static int
fill(struct zread *z, struct dp_err *err)
{
	size_t want;
	ssize_t n;

	if (z->in_pos == z->in_len) {
		z->in_pos = z->in_len = 0;
		if (z->bg != NULL) {
			/* The next buffer, once hashed. */
			z->cur = (z->cur + 1) % ZREAD_NBUF;
			sha256_bg_wait(z->bg, z->buf_fed[z->cur]);
			z->in = z->bufs[z->cur];
		}
	}
	want = ZREAD_INBUF - z->in_len;
	if (want > ZREAD_INBUF - z->file_off % ZREAD_INBUF)
		want = ZREAD_INBUF - z->file_off % ZREAD_INBUF;
	for (;;) {
		if (z->use_pread)
			n = pread(z->fd, z->in + z->in_len, want,
			    (off_t)z->file_off);
		else
			n = read(z->fd, z->in + z->in_len, want);
		if (n >= 0)
			break;
		if (errno != EINTR)
			return dp_fail(err, DP_EX_IOERR, "cannot read %s: %s",
			    z->name, strerror(errno)), -1;
	}
	if (n == 0) {
		z->in_eof = 1;
		return 0;
	}
	seen(z, z->file_off, z->in + z->in_len, (size_t)n);
	z->in_len += (size_t)n;
	z->file_off += (uint64_t)n;
	return 0;
}

/* The offset in the raw file of the next byte the decoder would take;
   after an error, of the byte after the last it took (where the damage
   was found, whatever the sizes the bytes were asked for in). */
static uint64_t
raw_pos(const struct zread *z)
{
	return z->file_off - (z->in_len - z->in_pos);
}

static int
corrupt(struct zread *z, const char *why, struct dp_err *err)
{
	return dp_fail(err, DP_EX_DATAERR,
	    "%s: corrupt %s data at compressed byte %llu: %s", z->name,
	    fmt_name[z->fmt], (unsigned long long)raw_pos(z),
	    why != NULL ? why : "invalid data");
}

/*
 * A compression told by its magic that no library here reads: refused by
 * name, where it would otherwise be read as plain bytes and refused by
 * the caller as "not MRT" or the like.  0, or DP_EX_DATAERR with err.
 */
static int
unsupported(const struct zread *z, struct dp_err *err)
{
	static const struct {
		const char	*magic;
		size_t		 len;
		const char	*name, *how;
	} m[] = {
		{ "\xfd" "7zXZ", 5, "xz", "xz -d" },
		{ "\x04\x22\x4d\x18", 4, "lz4", "lz4 -d" },
		{ "\x1f\x9d", 2, "compress (.Z)", "uncompress" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(m); i++)
		if (z->in_len >= m[i].len &&
		    memcmp(z->in, m[i].magic, m[i].len) == 0)
			return dp_fail(err, DP_EX_DATAERR, "%s is compressed "
			    "with %s, which is not read (gzip, bzip2 and zstd "
			    "are); decompress it first (%s)", z->name,
			    m[i].name, m[i].how);
	return 0;
}

int
zread_open(const char *path, struct zread **out, struct dp_err *err)
{
	static const unsigned char gz[] = { 0x1f, 0x8b };
	static const unsigned char zs[] = { 0x28, 0xb5, 0x2f, 0xfd };
	struct zread *z;
	struct stat st;
	unsigned int nthreads;
	int fd, rc, regular;

	if (strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else if ((rc = open_regular(path, &fd, NULL, err)) != 0)
		return rc;
	z = xcalloc(1, sizeof(*z));
	z->fd = fd;
	z->own_fd = fd != STDIN_FILENO || strcmp(path, "-") != 0;
	z->name = strcmp(path, "-") == 0 ? xstrdup("standard input") :
	    xasprintf("'%s'", path);
	z->in = xmalloc(ZREAD_INBUF);
	z->sha = sha256_new();
	/* Enough bytes to tell the format (xz's magic is the longest, 6);
	   a pipe may give them in pieces. */
	while (z->in_len < 6 && !z->in_eof)
		if (fill(z, err) != 0) {
			rc = err != NULL ? err->code : DP_EX_IOERR;
			zread_close(z);
			return rc;
		}
	if ((rc = unsupported(z, err)) != 0) {
		zread_close(z);
		return rc;
	}
	if (z->in_len >= 2 && memcmp(z->in, gz, 2) == 0)
		z->fmt = ZF_GZIP;
	else if (z->in_len >= 3 && memcmp(z->in, "BZh", 3) == 0)
		z->fmt = ZF_BZIP2;
	else if (z->in_len >= 4 && memcmp(z->in, zs, 4) == 0)
		z->fmt = ZF_ZSTD;
	else
		z->fmt = ZF_NONE;
	if (z->fmt == ZF_GZIP) {
		/* 15 + 32: a 32 KiB window, and a gzip (or zlib) header
		   expected at the start of every member. */
		if (inflateInit2(&z->zs, 15 + 32) != Z_OK)
			die("inflateInit2: out of memory");
		z->dec_live = 1;
	} else if (z->fmt == ZF_ZSTD) {
		if ((z->zd = ZSTD_createDStream()) == NULL)
			die("ZSTD_createDStream: out of memory");
		ZSTD_initDStream(z->zd);
		z->dec_live = 1;
	}
	regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
	z->regular = regular;
	if (z->fmt == ZF_BZIP2 && regular &&
	    (nthreads = bz2par_threads()) > 1 &&
	    lseek(fd, 0, SEEK_CUR) == (off_t)z->in_len)
		/* From the start of the file (pread), which it reads again:
		   seen() hashes each byte once. */
		z->par = bz2par_new(fd, nthreads, z->name, seen_cb, z);
	if (z->par == NULL && regular && st.st_size >= ZREAD_BG_MIN) {
		int i;

		z->bufs[0] = z->in;
		for (i = 1; i < ZREAD_NBUF; i++)
			z->bufs[i] = xmalloc(ZREAD_INBUF);
		z->bg = sha256_bg_start(z->sha);
		/* Started by the first read, so that zread_no_digest()
		   before it has no thread to race with. */
		z->want_ahead = (z->fmt == ZF_GZIP || z->fmt == ZF_ZSTD) &&
		    bz2par_threads() > 1;
	}
	*out = z;
	return 0;
}

/*
 * One step of the format's decoder over the buffered input into
 * buf[0..len): *produced bytes out; sets in_member (0 once a stream's end
 * is reached).  0, or -1 with err set for corrupt data.
 */
static int
step_gzip(struct zread *z, unsigned char *buf, size_t len, size_t *produced,
    struct dp_err *err)
{
	int rc;

	if (!z->in_member) {
		if (inflateReset(&z->zs) != Z_OK)
			die("inflateReset failed");
		z->in_member = 1;
	}
	z->zs.next_in = z->in + z->in_pos;
	z->zs.avail_in = (uInt)(z->in_len - z->in_pos);
	z->zs.next_out = buf;
	z->zs.avail_out = (uInt)len;
	rc = inflate(&z->zs, Z_NO_FLUSH);
	*produced = len - z->zs.avail_out;
	if (rc == Z_STREAM_END)
		z->in_member = 0;
	else if (rc != Z_OK && rc != Z_BUF_ERROR) {
		if (rc == Z_MEM_ERROR)
			die("inflate: out of memory");
		z->in_pos = z->in_len - z->zs.avail_in;
		return corrupt(z, rc == Z_NEED_DICT ? "needs a dictionary" :
		    z->zs.msg, err), -1;
	}
	z->in_pos = z->in_len - z->zs.avail_in;
	return 0;
}

static int
step_bzip2(struct zread *z, unsigned char *buf, size_t len,
    size_t *produced, struct dp_err *err)
{
	int rc;

	if (!z->in_member) {
		if (z->dec_live)
			BZ2_bzDecompressEnd(&z->bz);
		memset(&z->bz, 0, sizeof(z->bz));
		if (BZ2_bzDecompressInit(&z->bz, 0, 0) != BZ_OK)
			die("BZ2_bzDecompressInit: out of memory");
		z->dec_live = 1;
		z->in_member = 1;
	}
	z->bz.next_in = (char *)(z->in + z->in_pos);
	z->bz.avail_in = (unsigned int)(z->in_len - z->in_pos);
	z->bz.next_out = (char *)buf;
	z->bz.avail_out = (unsigned int)len;
	rc = BZ2_bzDecompress(&z->bz);
	*produced = len - z->bz.avail_out;
	z->sout += *produced;
	if (rc == BZ_STREAM_END) {
		z->in_member = 0;
		z->sout = 0;
	} else if (rc != BZ_OK) {
		if (rc == BZ_MEM_ERROR)
			die("BZ2_bzDecompress: out of memory");
		z->in_pos = z->in_len - z->bz.avail_in;
		return corrupt(z, rc == BZ_DATA_ERROR_MAGIC ?
		    "not a bzip2 stream" : rc == BZ_DATA_ERROR ?
		    "checksum or block error" : "decoder error", err), -1;
	}
	z->in_pos = z->in_len - z->bz.avail_in;
	return 0;
}

static int
step_zstd(struct zread *z, unsigned char *buf, size_t len, size_t *produced,
    struct dp_err *err)
{
	ZSTD_inBuffer ib = { z->in + z->in_pos, z->in_len - z->in_pos, 0 };
	ZSTD_outBuffer ob = { buf, len, 0 };
	size_t rc;

	rc = ZSTD_decompressStream(z->zd, &ob, &ib);
	*produced = ob.pos;
	z->in_pos += ib.pos;
	if (ZSTD_isError(rc))
		return corrupt(z, ZSTD_getErrorName(rc), err), -1;
	/* 0: a frame was decoded and flushed whole; the next bytes, if any,
	   start another frame, which the same stream object reads. */
	z->in_member = rc != 0;
	return 0;
}

static long	direct_read(struct zread *, void *, size_t, struct dp_err *);

/* ---- decoding ahead ---- */

static void *
ahead_main(void *arg)
{
	struct zread *z = arg;
	struct ahead *a = z->ah;
	size_t len;
	long r = 1;
	int slot;

	while (r > 0) {
		pthread_mutex_lock(&a->mu);
		while (a->count == ZREAD_AHEAD_N && !a->stop)
			pthread_cond_wait(&a->cv, &a->mu);
		if (a->stop) {
			pthread_mutex_unlock(&a->mu);
			break;
		}
		slot = (a->head + a->count) % ZREAD_AHEAD_N;
		pthread_mutex_unlock(&a->mu);
		/* The caller takes only chunks counted: this one is ours. */
		for (len = 0; len < ZREAD_AHEAD_LEN; len += (size_t)r)
			if ((r = direct_read(z, a->buf[slot] + len,
			    ZREAD_AHEAD_LEN - len, NULL)) <= 0)
				break;
		pthread_mutex_lock(&a->mu);
		if (len > 0) {
			a->len[slot] = len;
			a->count++;
		}
		if (r <= 0)
			a->done = 1;
		pthread_cond_broadcast(&a->cv);
		pthread_mutex_unlock(&a->mu);
	}
	return NULL;
}

static void
ahead_start(struct zread *z)
{
	struct ahead *a = xcalloc(1, sizeof(*a));
	int i;

	for (i = 0; i < ZREAD_AHEAD_N; i++)
		a->buf[i] = xmalloc(ZREAD_AHEAD_LEN);
	pthread_mutex_init(&a->mu, NULL);
	pthread_cond_init(&a->cv, NULL);
	z->ah = a;
	if (pthread_create(&a->tid, NULL, ahead_main, z) != 0) {
		z->ah = NULL;	/* decoded by the caller, as without */
		pthread_mutex_destroy(&a->mu);
		pthread_cond_destroy(&a->cv);
		for (i = 0; i < ZREAD_AHEAD_N; i++)
			free(a->buf[i]);
		free(a);
	}
}

/* Stop the thread (stop: before the end) and free it; everything it
   wrote to z is then the caller's to read. */
static void
ahead_end(struct zread *z, int stop)
{
	struct ahead *a = z->ah;
	int i;

	if (a == NULL)
		return;
	pthread_mutex_lock(&a->mu);
	a->stop = stop;
	pthread_cond_broadcast(&a->cv);
	pthread_mutex_unlock(&a->mu);
	pthread_join(a->tid, NULL);
	pthread_mutex_destroy(&a->mu);
	pthread_cond_destroy(&a->cv);
	for (i = 0; i < ZREAD_AHEAD_N; i++)
		free(a->buf[i]);
	free(a);
	z->ah = NULL;
}

/* What the thread decoded, in order; at its end, what it ended with. */
static long
ahead_read(struct zread *z, void *buf, size_t len, struct dp_err *err)
{
	struct ahead *a = z->ah;
	size_t n;

	pthread_mutex_lock(&a->mu);
	while (a->count == 0 && !a->done)
		pthread_cond_wait(&a->cv, &a->mu);
	if (a->count == 0) {
		pthread_mutex_unlock(&a->mu);
		ahead_end(z, 0);
		return zread_read(z, buf, len, err);
	}
	pthread_mutex_unlock(&a->mu);
	/* The chunk at head is the caller's until it is given back. */
	n = a->len[a->head] - a->pos;
	if (n > len)
		n = len;
	memcpy(buf, a->buf[a->head] + a->pos, n);
	a->pos += n;
	if (a->pos == a->len[a->head]) {
		pthread_mutex_lock(&a->mu);
		a->head = (a->head + 1) % ZREAD_AHEAD_N;
		a->count--;
		a->pos = 0;
		pthread_cond_broadcast(&a->cv);
		pthread_mutex_unlock(&a->mu);
	}
	z->taken += n;
	return (long)n;
}

long
zread_read(struct zread *z, void *buf, size_t len, struct dp_err *err)
{
	long r;

	if (z->drained)
		die("BUG: zread_read() after zread_sha256_hex()");
	if (z->want_ahead) {
		z->want_ahead = 0;
		ahead_start(z);
	}
	if (z->ah != NULL)
		return ahead_read(z, buf, len, err);
	r = direct_read(z, buf, len, err);
	if (r > 0)
		z->taken += (uint64_t)r;
	return r;
}

/* The decoding loop: zread_read() without a thread. */
static long
direct_read(struct zread *z, void *buf, size_t len, struct dp_err *err)
{
	size_t produced, n;
	int rc;

	if (z->state != 0) {
		if (z->state < 0 && err != NULL)
			*err = z->fail;
		return z->state < 0 ? -1 : 0;
	}
	if (len > UINT32_MAX / 2)
		len = UINT32_MAX / 2;	/* the decoders count in 32 bits */
	if (z->ob_pos < z->ob_len) {
		n = z->ob_len - z->ob_pos;
		if (n > len)
			n = len;
		memcpy(buf, z->obuf + z->ob_pos, n);
		z->ob_pos += n;
		return (long)n;
	}
	if (z->fail_pending)
		goto fail;
	if (z->par != NULL) {
		uint64_t off, skip;
		long r;

		r = bz2par_read(z->par, buf, len, &z->truncated, &off, &skip,
		    &z->fail);
		if (r > 0)
			return r;
		if (r == 0) {
			z->state = 1;
			return 0;
		}
		if (r == -1)
			goto fail;
		/* The rest from the start of this stream, libbz2 alone,
		   without the bytes already returned. */
		bz2par_free(z->par);
		z->par = NULL;
		z->use_pread = 1;
		z->file_off = off;
		z->in_pos = z->in_len = 0;
		z->in_eof = 0;
		z->in_member = 0;
		z->sout = 0;
		z->skip = skip;
	}
	for (;;) {
		if (z->in_pos == z->in_len && !z->in_eof &&
		    fill(z, &z->fail) != 0)
			goto fail;
		if (z->fmt == ZF_NONE) {
			if (z->in_pos == z->in_len) {
				z->state = 1;
				return 0;
			}
			n = z->in_len - z->in_pos;
			if (n > len)
				n = len;
			memcpy(buf, z->in + z->in_pos, n);
			z->in_pos += n;
				return (long)n;
		}
		/* All input taken and no stream open: a clean end. */
		if (z->in_pos == z->in_len && z->in_eof && !z->in_member) {
			z->state = 1;
			return 0;
		}
		if (z->fmt == ZF_BZIP2 || z->fmt == ZF_ZSTD) {
			if (z->obuf == NULL)
				z->obuf = xmalloc(ZREAD_OUTWIN);
			/* zstd too: into a whole window each call, as its
			   error for damaged data can depend on the room it
			   is given ("Destination buffer is too small" where
			   more room gives "Data corruption detected"). */
			if (z->fmt == ZF_BZIP2)
				rc = step_bzip2(z, z->obuf, ZREAD_OUTWIN -
				    z->sout % ZREAD_OUTWIN, &produced,
				    &z->fail);
			else
				rc = step_zstd(z, z->obuf, ZREAD_OUTWIN,
				    &produced, &z->fail);
			z->ob_pos = 0;
			z->ob_len = produced;
			if (z->skip > 0) {
				/* Already returned by bz2par. */
				n = z->skip < produced ? (size_t)z->skip :
				    produced;
				z->ob_pos = n;
				z->skip -= n;
			}
			if (rc != 0) {
				z->fail_pending = 1;
				return direct_read(z, buf, len, err);
			}
			if (z->ob_pos < z->ob_len)
				return direct_read(z, buf, len, err);
		} else
			rc = step_gzip(z, buf, len, &produced, &z->fail);
		if (rc != 0 && produced > 0) {
			/* What the decoder gave before it failed is handed
			   over, and the error on the next call: the bytes
			   before an error do not depend on how they were
			   asked for. */
			z->state = -1;
			return (long)produced;
		}
		if (rc != 0)
			goto fail;
		if (produced > 0 && z->fmt != ZF_GZIP)
			continue;	/* all of it skipped (bz2par's) */
		if (produced > 0)
			return (long)produced;
		/* Nothing came out though all there is went in: the file
		   stopped inside a stream. */
		if (z->in_pos == z->in_len && z->in_eof && z->in_member) {
			z->truncated = 1;
			z->state = 1;
			return 0;
		}
	}
fail:
	z->state = -1;
	if (err != NULL)
		*err = z->fail;
	return -1;
}

int
zread_truncated(const struct zread *z)
{
	return z->truncated;
}

const char *
zread_format(const struct zread *z)
{
	return fmt_name[z->fmt];
}

uint64_t
zread_raw_bytes(const struct zread *z)
{
	return z->raw;
}

uint64_t
zread_out_bytes(const struct zread *z)
{
	return z->taken;
}

void
zread_no_digest(struct zread *z)
{
	if (z->ah != NULL)
		die("BUG: zread_no_digest() after zread_read()");
	z->no_digest = 1;
	sha256_bg_end(z->bg, 1);
	z->bg = NULL;
}

/*
 * Hash the raw bytes after the last read (threads stopped, hashing on
 * this one): a caller that stopped before the end (an MRT reader that
 * cannot read on) still gets the digest and size of the whole file,
 * whatever the decoders had read ahead.  Read errors end it: the digest
 * is then of the bytes that could be read.
 */
static void
drain_raw(struct zread *z)
{
	unsigned char *buf = xmalloc(ZREAD_INBUF);
	ssize_t n;

	for (;;) {
		if (z->regular)
			n = pread(z->fd, buf, ZREAD_INBUF, (off_t)z->raw);
		else
			n = read(z->fd, buf, ZREAD_INBUF);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		seen(z, z->raw, buf, (size_t)n);
	}
	free(buf);
}

void
zread_no_ahead(struct zread *z)
{
	if (z->ah != NULL)
		die("BUG: zread_no_ahead() after zread_read()");
	z->want_ahead = 0;
}

void
zread_sha256_hex(struct zread *z, char out[65])
{
	unsigned char d[SHA256_LEN];

	if (z->no_digest)
		die("BUG: zread_sha256_hex() after zread_no_digest()");
	if (!z->sha_done) {
		/* Before the end, as the caller sees it: no byte after the
		   digest can be given any more. */
		int mid = z->ah != NULL || z->state == 0;

		/* Decoding stops here: the digest is of the whole file. */
		ahead_end(z, 1);
		bz2par_free(z->par);
		z->par = NULL;
		sha256_bg_end(z->bg, 0);
		z->bg = NULL;
		drain_raw(z);
		z->drained = mid;
		sha256_final(z->sha, d);
		sha256_hex(d, z->hex);
		z->sha_done = 1;
	}
	memcpy(out, z->hex, SHA256_HEXLEN);
}

void
zread_close(struct zread *z)
{
	if (z == NULL)
		return;
	/* The decoder first: it feeds the hasher and uses everything. */
	ahead_end(z, 1);
	/* Before the buffers it may be reading go. */
	sha256_bg_end(z->bg, 1);
	if (z->dec_live) {
		if (z->fmt == ZF_GZIP)
			inflateEnd(&z->zs);
		else if (z->fmt == ZF_BZIP2)
			BZ2_bzDecompressEnd(&z->bz);
	}
	ZSTD_freeDStream(z->zd);
	bz2par_free(z->par);
	free(z->obuf);
	if (z->own_fd)
		close(z->fd);
	sha256_free(z->sha);
	if (z->bufs[0] != NULL) {
		int i;

		for (i = 0; i < ZREAD_NBUF; i++)
			free(z->bufs[i]);
	} else
		free(z->in);
	free(z->name);
	free(z);
}
