/*
 * bz2par.c - bzip2 decompressed on several threads, a block at a time; see
 * bz2par.h.
 *
 * Written here because no Debian library decompresses bzip2 in parallel
 * (lbzip2 and pbzip2 are programs, not libraries).  libbz2 still does all
 * the decoding and checks every block's CRC: each block is handed to
 * BZ2_bzDecompress as a stream of its own.  What is written here is the
 * framing around it (bzip2's format: "BZh" and a level digit; blocks, each
 * the magic 0x314159265359, its 32-bit CRC and its bits; the end mark
 * 0x177245385090 and the combined CRC, combined = (combined << 1 |
 * combined >> 31) ^ blockCRC for each block), a scan for the magics at
 * every bit offset, and the threads.
 *
 * A block's bits start at any bit offset, and libbz2 takes whole bytes.
 * Instead of shifting every block to a byte boundary, a tiny block of a
 * known length is put in front of it (made once with libbz2's own
 * compressor, one for each bit offset 1 to 7) so that the real block's
 * bits land where they were in their byte, and its output is dropped.
 * For a block in the middle, the end mark and a combined CRC are written
 * right after its last bit; the last piece of a file cut off mid-block is
 * given exactly the bits the file has, so that libbz2 reaches the same
 * verdict (the end, or not) as it does reading the whole file.
 *
 * Every piece that does not decode, whole and exactly to its end, is left
 * to the caller's sequential decoder (BZ2PAR_SEQ): a magic found inside
 * compressed data splits a block in two halves that both fail, so wrong
 * bytes are never returned, and damaged data gets the sequential reader's
 * error.  Memory is bounded by a window of pieces in flight.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bzlib.h>

#include "bz2par.h"
#include "exitcodes.h"

#define MAGIC_BLOCK	0x314159265359ULL
#define MAGIC_END	0x177245385090ULL
#define MASK48		0xffffffffffffULL

/* Raw bytes read at a time. */
#define CHUNK		(256 * 1024)
/* No block is longer than this compressed (900,000 symbols of at most 20
   bits, and as many run-length symbols): a longer piece is not a block. */
#define MAX_PIECE	(5u << 20)
/* The most output a piece is decoded into memory for; a block that
   expands more (long runs) is left to the sequential decoder. */
#define MAX_OUT		(16u << 20)
#define MAX_THREADS	16

enum { E_BLOCK, E_END };
enum { P_QUEUED, P_RUNNING, P_DONE };
enum { ST_STREAM, ST_BLOCK, ST_END_MARK, ST_TAIL, ST_TRUNCATED, ST_DONE };

/* A magic found by the scan: a block (to decode) or an end mark. */
struct entry {
	struct entry	*next;
	uint64_t	 pos;		/* bit offset of the magic */
	int		 kind;		/* E_BLOCK, E_END */
	int		 tail;		/* no magic after it: the file's end */
	int		 bad;		/* too long or short to be a block */
	int		 level;		/* of the stream header before, 0 */
	uint64_t	 end;		/* bit offset of the next magic */
	int		 end_mark;	/* ... which is an end mark */
	uint32_t	 crc;		/* the block's stored CRC */
	unsigned char	*in;		/* the block as a stream of its own */
	size_t		 in_len;
	size_t		 skip;		/* output of the block in front */
	unsigned char	*out;
	size_t		 out_len;
	int		 state;		/* P_* */
	int		 ok;		/* decoded whole and exactly */
	int		 overflow;	/* the tail's output is too long */
};

struct bz2par {
	int		 fd;
	char		*name;
	bz2par_raw_fn	*raw;
	void		*raw_arg;
	unsigned int	 nthreads, started;
	int		 tried;		/* the threads were started */
	pthread_t	 th[MAX_THREADS];
	pthread_mutex_t	 mu;
	pthread_cond_t	 work, done;
	int		 quit;
	struct entry	*head, *last;	/* in file order */
	unsigned int	 pending;	/* block entries not yet taken */
	/* The scan: raw bytes rb[0..rb_len) are the file's from rb_off. */
	unsigned char	*rb;
	size_t		 rb_len, rb_cap;
	uint64_t	 rb_off, rd_off, scan;
	int		 eof, dead;
	int		 has_open, open_level, cur_level;
	uint64_t	 open_pos;
	/* The consumer: the stream from byte S, level L, next block at p. */
	int		 st;
	uint64_t	 S, p, emitted;
	int		 L;
	uint32_t	 fold;
	struct entry	*cur;		/* output being handed over */
	size_t		 cur_off;
	bz_stream	 tz;		/* the last piece, decoded here */
	struct entry	*tz_en;		/* ... from this one's input */
	int		 tz_live;
	size_t		 tz_skip;
};

/* A block put in front of a piece so that its bits keep their offset. */
struct dummy {
	unsigned char	 bits[64];
	unsigned int	 nbits;
	uint32_t	 crc;
	size_t		 outlen;
};

static struct dummy dummies[8];
static int dummies_ok;
static unsigned char magic_pair[65536 / 8];
static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static uint64_t
get_bits(const unsigned char *p, uint64_t pos, unsigned int n)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < n; i++, pos++)
		v = v << 1 | ((p[pos / 8] >> (7 - pos % 8)) & 1);
	return v;
}

static void
put_bits(unsigned char *p, uint64_t pos, uint64_t v, unsigned int n)
{
	unsigned int i;
	unsigned char m;

	for (i = 0; i < n; i++, pos++) {
		m = (unsigned char)(0x80 >> (pos % 8));
		if ((v >> (n - 1 - i)) & 1)
			p[pos / 8] |= m;
		else
			p[pos / 8] &= (unsigned char)~m;
	}
}

static uint32_t
rotl1(uint32_t x)
{
	return x << 1 | x >> 31;
}

/*
 * The dummies, one per bit offset 1..7: small inputs compressed by libbz2
 * until a block of each length modulo 8 is found; and the table of the
 * 16-bit values that bytes 2 and 3 of a magic at any bit offset take,
 * which lets the scan skip most bytes with one look-up.
 */
static void
init_tables(void)
{
	static const char *const pat[] = { "a", "ab", "abc", "abcd" };
	unsigned char data[64], comp[256];
	unsigned int dl, found = 0, n, k, pad, i;
	uint64_t m[2] = { MAGIC_BLOCK, MAGIC_END }, w;
	size_t j;

	for (i = 0; i < 2; i++)
		for (k = 0; k < 8; k++) {
			/* The magic at bit k of a 7-byte window. */
			w = m[i] << (8 - k);
			w = (w >> 24) & 0xffff;		/* bytes 2, 3 */
			magic_pair[w / 8] |= (unsigned char)(1u << (w % 8));
		}
	for (n = 1; n < 60 && found != 0xfe; n++)
		for (i = 0; i < ARRAY_SIZE(pat) && found != 0xfe; i++) {
			for (j = 0; j < n; j++)
				data[j] = (unsigned char)pat[i][j %
				    strlen(pat[i])];
			dl = sizeof(comp);
			if (BZ2_bzBuffToBuffCompress((char *)comp, &dl,
			    (char *)data, n, 1, 0, 0) != BZ_OK || dl < 14)
				continue;
			for (pad = 0; pad < 8; pad++)
				if (get_bits(comp, 8ULL * dl - pad - 80, 48) ==
				    MAGIC_END)
					break;
			if (pad == 8)
				continue;
			k = 8 * dl - pad - 80 - 32;	/* the block's bits */
			if (k % 8 == 0 || (found >> (k % 8) & 1) ||
			    k > 8 * sizeof(dummies[0].bits))
				continue;
			for (j = 0; j < k; j++)
				put_bits(dummies[k % 8].bits, j,
				    get_bits(comp, 32 + j, 1), 1);
			dummies[k % 8].nbits = k;
			dummies[k % 8].crc =
			    (uint32_t)get_bits(comp, 32 + 48, 32);
			dummies[k % 8].outlen = n;
			found |= 1u << (k % 8);
		}
	dummies_ok = found == 0xfe;
}

unsigned int
bz2par_threads(void)
{
	const char *s = getenv("DEPEER_ZREAD_THREADS");
	long n;
	char *end;

	if (s != NULL && *s != '\0') {
		errno = 0;
		n = strtol(s, &end, 10);
		if (errno == 0 && *end == '\0' && n >= 1 && n <= MAX_THREADS)
			return (unsigned int)n;
	}
	n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	return n > MAX_THREADS ? MAX_THREADS : (unsigned int)n;
}

struct bz2par *
bz2par_new(int fd, unsigned int nthreads, const char *name,
    bz2par_raw_fn *raw, void *arg)
{
	struct bz2par *e;

	pthread_once(&init_once, init_tables);
	if (!dummies_ok || nthreads < 1)
		return NULL;
	e = xcalloc(1, sizeof(*e));
	e->fd = fd;
	e->name = xstrdup(name);
	e->raw = raw;
	e->raw_arg = arg;
	e->nthreads = nthreads > MAX_THREADS ? MAX_THREADS : nthreads;
	pthread_mutex_init(&e->mu, NULL);
	pthread_cond_init(&e->work, NULL);
	pthread_cond_init(&e->done, NULL);
	e->st = ST_STREAM;
	return e;
}

/* ---- the pieces ---- */

/*
 * Make the block at start (a magic) into a stream of its own in en->in:
 * "BZh" and the level, the dummy for start's bit offset, the real bits
 * from start to end and, unless it is the tail, an end mark and the
 * combined CRC of the dummy and the block.  The raw bytes are rb's.
 */
static void
make_piece(struct bz2par *e, struct entry *en)
{
	const struct dummy *d = &dummies[en->pos % 8];
	uint64_t first = en->pos / 8, last, nreal, P, T = 0;
	unsigned char *b;
	size_t len;

	P = 32 + (en->pos % 8 != 0 ? d->nbits : 0);
	last = en->tail ? e->rb_off + e->rb_len : (en->end + 7) / 8;
	nreal = last - first;
	if (en->tail)
		len = P / 8 + nreal;
	else {
		T = P + (en->end - en->pos);	/* where the end mark goes */
		len = (T + 80 + 7) / 8;
	}
	b = xmalloc(len);
	memcpy(b, "BZh", 3);
	b[3] = (unsigned char)('0' + en->level);
	memcpy(b + P / 8, e->rb + (first - e->rb_off), nreal);
	if (en->pos % 8 != 0)
		for (unsigned int i = 0; i < d->nbits; i++)
			put_bits(b, 32 + i, get_bits(d->bits, i, 1), 1);
	if (!en->tail) {
		en->crc = (uint32_t)get_bits(e->rb, 8 * (first - e->rb_off) +
		    en->pos % 8 + 48, 32);
		memset(b + (T + 7) / 8, 0, len - (T + 7) / 8);
		put_bits(b, T, MAGIC_END, 48);
		put_bits(b, T + 48, en->pos % 8 != 0 ?
		    rotl1(d->crc) ^ en->crc : en->crc, 32);
	}
	en->in = b;
	en->in_len = len;
	en->skip = en->pos % 8 != 0 ? d->outlen : 0;
}

/*
 * Decode a whole piece: ok when libbz2 reached the end mark exactly at the
 * end of the input; for the tail, when it took all the input and wants
 * more (the file ends inside the stream: truncated).  A tail whose output
 * is too long is marked overflow and keeps its input, to be decoded by
 * the consumer as it hands the bytes over.
 */
static void
decode_piece(struct entry *en)
{
	bz_stream s;
	size_t cap = 1 << 20, n = 0;
	unsigned char *out = xmalloc(cap);
	int rc;

	memset(&s, 0, sizeof(s));
	if (BZ2_bzDecompressInit(&s, 0, 0) != BZ_OK)
		die("BZ2_bzDecompressInit: out of memory");
	s.next_in = (char *)en->in;
	s.avail_in = (unsigned int)en->in_len;
	en->ok = 0;
	for (;;) {
		s.next_out = (char *)out + n;
		s.avail_out = (unsigned int)(cap - n);
		rc = BZ2_bzDecompress(&s);
		n = cap - s.avail_out;
		if (rc == BZ_MEM_ERROR)
			die("BZ2_bzDecompress: out of memory");
		if (rc == BZ_STREAM_END) {
			en->ok = !en->tail && s.avail_in == 0 && n > en->skip;
			break;
		}
		if (rc != BZ_OK)
			break;
		if (s.avail_out > 0 && s.avail_in == 0) {
			en->ok = en->tail && n >= en->skip;
			break;
		}
		if (s.avail_out == 0) {
			if (cap >= MAX_OUT) {
				en->overflow = en->tail;
				break;
			}
			cap *= 2;
			out = xrealloc(out, cap);
		}
	}
	BZ2_bzDecompressEnd(&s);
	if (!en->overflow) {
		free(en->in);
		en->in = NULL;
	}
	if (en->ok) {
		en->out = out;
		en->out_len = n;
	} else
		free(out);
}

static void *
worker(void *arg)
{
	struct bz2par *e = arg;
	struct entry *en;

	pthread_mutex_lock(&e->mu);
	for (;;) {
		for (en = e->head; en != NULL; en = en->next)
			if (en->state == P_QUEUED)
				break;
		if (e->quit)
			break;
		if (en == NULL) {
			pthread_cond_wait(&e->work, &e->mu);
			continue;
		}
		en->state = P_RUNNING;
		pthread_mutex_unlock(&e->mu);
		decode_piece(en);
		pthread_mutex_lock(&e->mu);
		en->state = P_DONE;
		pthread_cond_broadcast(&e->done);
	}
	pthread_mutex_unlock(&e->mu);
	return NULL;
}

/* Append en; a block to decode is queued, and the threads started once
   there are two. */
static void
add_entry(struct bz2par *e, struct entry *en)
{
	unsigned int i;

	en->state = en->kind == E_BLOCK && !en->bad ? P_QUEUED : P_DONE;
	pthread_mutex_lock(&e->mu);
	if (e->last != NULL)
		e->last->next = en;
	else
		e->head = en;
	e->last = en;
	if (en->kind == E_BLOCK)
		e->pending++;
	if (en->state == P_QUEUED)
		pthread_cond_signal(&e->work);
	pthread_mutex_unlock(&e->mu);
	if (!e->tried && en->state == P_QUEUED && e->pending >= 2) {
		/* Those that cannot be started leave the work to the rest
		   and to the consumer. */
		for (i = 0; i < e->nthreads; i++)
			if (pthread_create(&e->th[i], NULL, worker, e) != 0)
				break;
		e->started = i;
		e->tried = 1;
	}
}

static struct entry *
new_entry(uint64_t pos, int kind)
{
	struct entry *en = xcalloc(1, sizeof(*en));

	en->pos = pos;
	en->kind = kind;
	return en;
}

/* The block open at the scan ends at a magic at pos (or at the file's
   end, or is too long). */
static void
close_open(struct bz2par *e, uint64_t pos, int end_mark, int how)
{
	struct entry *en = new_entry(e->open_pos, E_BLOCK);

	en->level = e->open_level;
	en->end = pos;
	en->end_mark = end_mark;
	en->tail = how == 1;
	en->bad = how == 2 || en->level == 0 ||
	    (!en->tail && pos - e->open_pos < 128);
	if (!en->bad)
		make_piece(e, en);
	e->has_open = 0;
	add_entry(e, en);
}

static void
found(struct bz2par *e, uint64_t pos, int kind)
{
	const unsigned char *h;

	if (e->has_open)
		close_open(e, pos, kind == E_END, 0);
	if (kind == E_END) {
		add_entry(e, new_entry(pos, E_END));
		return;
	}
	/* A block at a byte boundary right after "BZh" and a digit starts
	   a stream: the level of the blocks that follow. */
	if (pos % 8 == 0 && pos / 8 >= e->rb_off + 4) {
		h = e->rb + (pos / 8 - e->rb_off) - 4;
		if (memcmp(h, "BZh", 3) == 0 && h[3] >= '1' && h[3] <= '9')
			e->cur_level = h[3] - '0';
	}
	e->has_open = 1;
	e->open_pos = pos;
	e->open_level = e->cur_level;
}

/* Read the next chunk and find the magics in it; 0, or -1 with err. */
static int
scan_step(struct bz2par *e, struct dp_err *err)
{
	uint64_t end, j, keep, w;
	size_t i, k;
	ssize_t n;

	if (e->rb_len + CHUNK > e->rb_cap) {
		e->rb_cap = e->rb_len + CHUNK;
		e->rb = xrealloc(e->rb, e->rb_cap);
	}
	do
		n = pread(e->fd, e->rb + e->rb_len, CHUNK, (off_t)e->rd_off);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return dp_fail(err, DP_EX_IOERR, "cannot read %s: %s",
		    e->name, strerror(errno)), -1;
	if (n == 0)
		e->eof = 1;
	else
		e->raw(e->raw_arg, e->rd_off, e->rb + e->rb_len, (size_t)n);
	e->rb_len += (size_t)n;
	e->rd_off += (uint64_t)n;
	end = e->rb_off + e->rb_len;
	/* A magic starting in byte j needs bytes j..j+6 (fewer at the
	   file's end, where it must fit). */
	for (j = e->scan; j + (e->eof ? 6 : 7) <= end; j++) {
		i = (size_t)(j - e->rb_off);
		w = (uint64_t)e->rb[i + 2] << 8 | e->rb[i + 3];
		if (!(magic_pair[w / 8] >> (w % 8) & 1))
			continue;
		for (w = 0, k = 0; k < 7; k++)
			w = w << 8 | (j + k < end ? e->rb[i + k] : 0);
		for (k = 0; k < 8; k++) {
			uint64_t v = (w >> (8 - k)) & MASK48;

			if (8 * j + k + 48 > 8 * end)
				break;
			if (v == MAGIC_BLOCK)
				found(e, 8 * j + k, E_BLOCK);
			else if (v == MAGIC_END)
				found(e, 8 * j + k, E_END);
		}
	}
	e->scan = j;
	if (e->eof) {
		e->scan = end;
		if (e->has_open)
			close_open(e, 0, 0, 1);
	} else if (e->has_open && end - e->open_pos / 8 > MAX_PIECE) {
		close_open(e, 0, 0, 2);
		e->dead = 1;
	}
	/* Keep the open block's bytes, and a few before the scan. */
	keep = e->has_open ? e->open_pos / 8 : (j >= 8 ? j - 8 : 0);
	if (keep > e->rb_off) {
		memmove(e->rb, e->rb + (keep - e->rb_off),
		    (size_t)(end - keep));
		e->rb_len = (size_t)(end - keep);
		e->rb_off = keep;
	}
	return 0;
}

/* The first entry, scanning on until there is one (NULL: none left). */
static int
need_head(struct bz2par *e, struct entry **out, struct dp_err *err)
{
	while (e->head == NULL && !e->eof && !e->dead)
		if (scan_step(e, err) != 0)
			return -1;
	*out = e->head;
	return 0;
}

/* Scan ahead while the window has room. */
static int
fill_window(struct bz2par *e, struct dp_err *err)
{
	while (!e->eof && !e->dead && e->pending < 2 * e->nthreads + 2)
		if (scan_step(e, err) != 0)
			return -1;
	return 0;
}

static void
free_entry(struct entry *en)
{
	if (en == NULL)
		return;
	free(en->in);
	free(en->out);
	free(en);
}

/* Take the first entry off the list (it is not being decoded). */
static void
pop(struct bz2par *e)
{
	struct entry *en = e->head;

	pthread_mutex_lock(&e->mu);
	e->head = en->next;
	if (e->head == NULL)
		e->last = NULL;
	if (en->kind == E_BLOCK)
		e->pending--;
	pthread_mutex_unlock(&e->mu);
	en->next = NULL;
}

/* Wait for en's decoding, doing it here if no thread has taken it. */
static void
wait_done(struct bz2par *e, struct entry *en)
{
	pthread_mutex_lock(&e->mu);
	while (en->state != P_DONE) {
		if (en->state == P_QUEUED) {
			en->state = P_RUNNING;
			pthread_mutex_unlock(&e->mu);
			decode_piece(en);
			pthread_mutex_lock(&e->mu);
			en->state = P_DONE;
		} else
			pthread_cond_wait(&e->done, &e->mu);
	}
	pthread_mutex_unlock(&e->mu);
}

/* Read n bytes at off; the number read (fewer at the end), or -1. */
static long
read_at(struct bz2par *e, unsigned char *p, size_t n, uint64_t off,
    struct dp_err *err)
{
	size_t got = 0;
	ssize_t r;

	while (got < n) {
		r = pread(e->fd, p + got, n - got, (off_t)(off + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return dp_fail(err, DP_EX_IOERR, "cannot read %s: %s",
			    e->name, strerror(errno)), -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (long)got;
}

/* ---- the consumer ---- */

static long
to_seq(struct bz2par *e, uint64_t *seq_off, uint64_t *seq_skip)
{
	*seq_off = e->S;
	*seq_skip = e->emitted;
	e->st = ST_DONE;
	return BZ2PAR_SEQ;
}

/* The last piece, decoded here into buf: bytes, 0 at the file's end
   inside the block, or BZ2PAR_SEQ for anything else. */
static long
tail_read(struct bz2par *e, unsigned char *buf, size_t len, int *truncated,
    uint64_t *seq_off, uint64_t *seq_skip)
{
	size_t produced;
	int rc;

	for (;;) {
		e->tz.next_out = (char *)buf;
		e->tz.avail_out = (unsigned int)len;
		rc = BZ2_bzDecompress(&e->tz);
		if (rc == BZ_MEM_ERROR)
			die("BZ2_bzDecompress: out of memory");
		if (rc != BZ_OK)
			return to_seq(e, seq_off, seq_skip);
		produced = len - e->tz.avail_out;
		if (produced == 0) {
			if (e->tz.avail_in != 0)
				return to_seq(e, seq_off, seq_skip);
			*truncated = 1;
			e->st = ST_DONE;
			return 0;
		}
		if (e->tz_skip >= produced) {
			e->tz_skip -= produced;
			continue;
		}
		if (e->tz_skip > 0) {
			produced -= e->tz_skip;
			memmove(buf, buf + e->tz_skip, produced);
			e->tz_skip = 0;
		}
		e->emitted += produced;
		return (long)produced;
	}
}

long
bz2par_read(struct bz2par *e, void *buf, size_t len, int *truncated,
    uint64_t *seq_off, uint64_t *seq_skip, struct dp_err *err)
{
	struct entry *h;
	unsigned char b[5];
	uint64_t stored;
	long n;
	size_t k;

	*truncated = 0;
	if (len > UINT32_MAX / 2)
		len = UINT32_MAX / 2;
	for (;;) {
		if (e->cur != NULL) {
			k = e->cur->out_len - e->cur_off;
			if (k > 0) {
				if (k > len)
					k = len;
				memcpy(buf, e->cur->out + e->cur_off, k);
				e->cur_off += k;
				e->emitted += k;
				return (long)k;
			}
			free_entry(e->cur);
			e->cur = NULL;
		}
		switch (e->st) {
		case ST_STREAM:
			if ((n = read_at(e, b, 4, e->S, err)) < 0)
				return -1;
			if (n == 0) {
				e->st = ST_DONE;
				return 0;
			}
			e->emitted = 0;
			e->fold = 0;
			if (n < 4 || memcmp(b, "BZh", 3) != 0 || b[3] < '1' ||
			    b[3] > '9')
				return to_seq(e, seq_off, seq_skip);
			e->L = b[3] - '0';
			if (need_head(e, &h, err) != 0)
				return -1;
			if (h == NULL || h->kind != E_BLOCK ||
			    h->pos != 8 * e->S + 32)
				return to_seq(e, seq_off, seq_skip);
			e->p = h->pos;
			e->st = ST_BLOCK;
			break;
		case ST_BLOCK:
			if (need_head(e, &h, err) != 0)
				return -1;
			if (h == NULL || h->kind != E_BLOCK || h->pos != e->p ||
			    h->bad || h->level != e->L)
				return to_seq(e, seq_off, seq_skip);
			if (fill_window(e, err) != 0)
				return -1;
			wait_done(e, h);
			if (h->tail && h->ok) {
				/* The file ends inside this block. */
				pop(e);
				e->st = ST_TRUNCATED;
				e->cur = h;
				e->cur_off = h->skip;
				break;
			}
			if (h->tail && h->overflow) {
				pop(e);
				e->tz_en = h;
				memset(&e->tz, 0, sizeof(e->tz));
				if (BZ2_bzDecompressInit(&e->tz, 0, 0) != BZ_OK)
					die("BZ2_bzDecompressInit: out of "
					    "memory");
				e->tz_live = 1;
				e->tz.next_in = (char *)h->in;
				e->tz.avail_in = (unsigned int)h->in_len;
				e->tz_skip = h->skip;
				e->st = ST_TAIL;
				break;
			}
			if (!h->ok)
				return to_seq(e, seq_off, seq_skip);
			pop(e);
			e->fold = rotl1(e->fold) ^ h->crc;
			e->p = h->end;
			e->st = h->end_mark ? ST_END_MARK : ST_BLOCK;
			e->cur = h;
			e->cur_off = h->skip;
			break;
		case ST_END_MARK:
			if (need_head(e, &h, err) != 0)
				return -1;
			if (h == NULL || h->kind != E_END || h->pos != e->p)
				return to_seq(e, seq_off, seq_skip);
			pop(e);
			free_entry(h);
			/* The combined CRC: bits p+48 .. p+79. */
			n = read_at(e, b, 5, (e->p + 48) / 8, err);
			if (n < 0)
				return -1;
			if ((uint64_t)n * 8 < (e->p + 80) -
			    (e->p + 48) / 8 * 8) {
				*truncated = 1;
				e->st = ST_DONE;
				return 0;
			}
			stored = get_bits(b, (e->p + 48) % 8, 32);
			if (stored != e->fold)
				return to_seq(e, seq_off, seq_skip);
			e->S = (e->p + 80 + 7) / 8;
			e->st = ST_STREAM;
			break;
		case ST_TAIL:
			return tail_read(e, buf, len, truncated, seq_off,
			    seq_skip);
		case ST_TRUNCATED:
			*truncated = 1;
			e->st = ST_DONE;
			return 0;
		default:
			return 0;
		}
	}
}

void
bz2par_free(struct bz2par *e)
{
	struct entry *en, *next;
	unsigned int i;

	if (e == NULL)
		return;
	pthread_mutex_lock(&e->mu);
	e->quit = 1;
	pthread_cond_broadcast(&e->work);
	pthread_mutex_unlock(&e->mu);
	for (i = 0; i < e->started; i++)
		pthread_join(e->th[i], NULL);
	for (en = e->head; en != NULL; en = next) {
		next = en->next;
		free_entry(en);
	}
	free_entry(e->cur);
	free_entry(e->tz_en);
	if (e->tz_live)
		BZ2_bzDecompressEnd(&e->tz);
	pthread_mutex_destroy(&e->mu);
	pthread_cond_destroy(&e->work);
	pthread_cond_destroy(&e->done);
	free(e->rb);
	free(e->name);
	free(e);
}
