/*
 * cmd_bgp_dump.c - "depeer bgp dump": MRT files printed one element a line
 * in bgpdump's -m format, so that researchers can compare the two and
 * pipe either into the same scripts; or, with --count, only counted.
 *
 * The lines are formatted by hand into one buffer: printf() per field
 * would cost more than reading the file.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <jansson.h>

#include "cmd.h"
#include "exitcodes.h"
#include "mrt.h"
#include "numparse.h"

enum { OPT_COUNT = OPT_FIRST_LOCAL, OPT_WARN_LIMIT };

/* Warnings printed per file unless --warn-limit says otherwise. */
#define WARN_LIMIT_DEFAULT	100

/* The output buffer, written out when it holds more than OUT_FLUSH. */
#define OUT_SIZE	(256 * 1024)
#define OUT_FLUSH	(OUT_SIZE - 16 * 1024)

struct out {
	char	*s;
	size_t	 len, cap;
};

/* The warnings of one file: printed up to a limit, then counted. */
struct warnstate {
	const char	*name;
	long long	 limit;
	uint64_t	 shown, hidden;
};

static void
on_warn(void *arg, uint64_t offset, const char *msg)
{
	struct warnstate *w = arg;

	if ((long long)w->shown >= w->limit) {
		w->hidden++;
		return;
	}
	w->shown++;
	error("%s: offset %" PRIu64 ": %s", w->name, offset, msg);
}

static void
out_flush(struct out *o)
{
	if (o->len > 0)
		fwrite(o->s, 1, o->len, stdout);
	o->len = 0;
}

static inline void
put(struct out *o, const char *s, size_t n)
{
	memcpy(o->s + o->len, s, n);
	o->len += n;
}

static inline void
putc_(struct out *o, char c)
{
	o->s[o->len++] = c;
}

static inline void
puts_(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

/* Two decimal digits of each number below 100, for put_u32(). */
static const char digits2[] =
    "00010203040506070809101112131415161718192021222324252627282930313233"
    "34353637383940414243444546474849505152535455565758596061626364656667"
    "6869707172737475767778798081828384858687888990919293949596979899";

/* v in decimal, written in place from its last digit (two digits a
   division: the lines are mostly numbers). */
static inline void
put_u32(struct out *o, uint32_t v)
{
	char *p;
	size_t n = v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : v < 10000 ? 4 :
	    v < 100000 ? 5 : v < 1000000 ? 6 : v < 10000000 ? 7 :
	    v < 100000000 ? 8 : v < 1000000000 ? 9 : 10;

	o->len += n;
	p = o->s + o->len;
	while (v >= 100) {
		p -= 2;
		p[0] = digits2[2 * (v % 100)];
		p[1] = digits2[2 * (v % 100) + 1];
		v /= 100;
	}
	if (v >= 10) {
		p[-2] = digits2[2 * v];
		p[-1] = digits2[2 * v + 1];
	} else
		p[-1] = (char)('0' + v);
}

static void
put_u64(struct out *o, uint64_t v)
{
	char b[20];
	int i = 20;

	do {
		b[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	put(o, b + i, (size_t)(20 - i));
}

/* An octet of a dotted quad, written in place. */
static inline void
put_octet(struct out *o, unsigned v)
{
	char *p = o->s + o->len;

	if (v >= 100) {
		*p++ = (char)('0' + v / 100);
		v %= 100;
		memcpy(p, digits2 + 2 * v, 2);
		p += 2;
	} else if (v >= 10) {
		memcpy(p, digits2 + 2 * v, 2);
		p += 2;
	} else
		*p++ = (char)('0' + v);
	o->len = (size_t)(p - o->s);
}

/* An address as bgpdump prints it: dotted quad, or inet_ntop's IPv6. */
static void
put_addr(struct out *o, const struct ipnet *n)
{
	char s[INET6_ADDRSTRLEN];
	int i;

	if (n->family == AF_INET) {
		for (i = 0; i < 4; i++) {
			if (i)
				putc_(o, '.');
			put_octet(o, n->addr[i]);
		}
		return;
	}
	inet_ntop(AF_INET6, n->addr, s, sizeof(s));
	puts_(o, s);
}

static void
put_prefix(struct out *o, const struct ipnet *n)
{
	put_addr(o, n);
	putc_(o, '/');
	put_u32(o, (uint32_t)n->plen);
}

/*
 * The AS path as bgpdump writes it: sequences space-separated, an AS_SET
 * as {a,b}, a confederation sequence as (a b), a confederation set as
 * [a,b].  (bgpdump cuts a path past 8,000 characters to "..."; this
 * prints it whole.)
 */
static void
put_path(struct out *o, const struct mrt_elem *e)
{
	static const char open[] = " { ([", close[] = " } )]";
	const struct mrt_attrs *a = e->attrs;
	const struct mrt_seg *s;
	size_t i, j;
	int space = 0, prev = MRT_AS_SEQUENCE, set;

	for (i = 0; i < a->nsegs; i++) {
		s = &a->segs[i];
		if (prev != MRT_AS_SEQUENCE)
			putc_(o, close[prev]);
		if (space)
			putc_(o, ' ');
		if (s->type != MRT_AS_SEQUENCE)
			putc_(o, open[s->type]);
		set = s->type == MRT_AS_SET || s->type == MRT_AS_CONFED_SET;
		space = 0;
		for (j = 0; j < s->count; j++) {
			if (space)
				putc_(o, set ? ',' : ' ');
			space = 1;
			put_u32(o, e->path[s->start + j]);
		}
		prev = s->type;
	}
	if (a->nsegs > 0 && prev != MRT_AS_SEQUENCE)
		putc_(o, close[prev]);
}

/* Communities: "as:value", or bgpdump's names of the well-known ones. */
static void
put_communities(struct out *o, const struct mrt_attrs *a)
{
	const unsigned char *p = a->communities;
	uint32_t v;
	size_t i;

	for (i = 0; i < a->ncommunities; i++, p += 4) {
		if (i)
			putc_(o, ' ');
		v = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		    (uint32_t)p[2] << 8 | p[3];
		if (v == 0xffffff01u)
			puts_(o, "no-export");
		else if (v == 0xffffff02u)
			puts_(o, "no-advertise");
		else if (v == 0xffffff03u)
			puts_(o, "local-AS");
		else {
			put_u32(o, v >> 16);
			putc_(o, ':');
			put_u32(o, v & 0xffff);
		}
	}
}

/* The room a line of e needs at most (the path and communities grow). */
static size_t
line_room(const struct mrt_elem *e)
{
	size_t n = 512;

	if (e->attrs != NULL)
		n += e->npath * 12 + e->attrs->nsegs * 3 +
		    e->attrs->ncommunities * 13;
	return n;
}

static void
put_line(struct out *o, const struct mrt_elem *e)
{
	static const char origin[][11] = { "IGP", "EGP", "INCOMPLETE" };
	const struct mrt_attrs *a = e->attrs;
	char us[16];

	puts_(o, e->source);
	putc_(o, '|');
	put_u64(o, (uint64_t)e->time);
	if (e->has_usec) {
		/* As bgpdump: a value over 999999 (damage) is printed
		   whole rather than hidden. */
		snprintf(us, sizeof(us), ".%06u", (unsigned)e->usec);
		puts_(o, us);
	}
	switch (e->type) {
	case MRT_RIB:
		put(o, "|B|", 3);
		break;
	case MRT_ANNOUNCE:
		put(o, "|A|", 3);
		break;
	case MRT_WITHDRAW:
		put(o, "|W|", 3);
		break;
	case MRT_STATE:
		put(o, "|STATE|", 7);
		break;
	}
	put_addr(o, &e->peer_ip);
	putc_(o, '|');
	put_u32(o, e->peer_as);
	putc_(o, '|');
	if (e->type == MRT_STATE) {
		put_u32(o, (uint32_t)e->old_state);
		putc_(o, '|');
		put_u32(o, (uint32_t)e->new_state);
		putc_(o, '\n');
		return;
	}
	put_prefix(o, &e->prefix);
	if (e->has_path_id) {
		putc_(o, '|');
		put_u32(o, e->path_id);
	}
	if (e->type == MRT_WITHDRAW) {
		putc_(o, '\n');
		return;
	}
	putc_(o, '|');
	put_path(o, e);
	putc_(o, '|');
	/* No ORIGIN prints as bgpdump prints it: INCOMPLETE. */
	puts_(o, origin[a->origin >= 0 ? a->origin : 2]);
	putc_(o, '|');
	if (e->has_next_hop)
		put_addr(o, &e->next_hop);
	putc_(o, '|');
	put_u32(o, a->has_local_pref ? a->local_pref : 0);
	putc_(o, '|');
	put_u32(o, a->has_med ? a->med : 0);
	putc_(o, '|');
	put_communities(o, a);
	putc_(o, '|');
	puts_(o, a->atomic_aggregate ? "AG" : "NAG");
	putc_(o, '|');
	if (a->has_aggregator) {
		struct ipnet ag;

		memset(&ag, 0, sizeof(ag));
		ag.family = AF_INET;
		memcpy(ag.addr, a->aggregator_addr, 4);
		put_u32(o, a->aggregator_as);
		putc_(o, ' ');
		put_addr(o, &ag);
	}
	put(o, "|\n", 2);
}

/* Counts of one file for --count. */
struct counts {
	uint64_t	 n[4];		/* by enum mrt_elem_type */
};

/*
 * Read one file: print its lines (or count its elements).  Returns 0 when
 * it was read cleanly, DP_EX_DATAERR after warnings or when it could not
 * be read on, another status when it could not be opened.
 */
static int
dump_file(const char *path, int count, long long limit, struct out *o,
    json_t *arr)
{
	struct dp_err err = DP_ERR_INIT;
	struct warnstate w = { path, limit, 0, 0 };
	struct counts c = { { 0, 0, 0, 0 } };
	const struct mrt_stats *st;
	struct mrt_reader *r;
	struct mrt_elem e;
	size_t room;
	int rc, status = 0;

	if ((rc = mrt_open(path, &r, &err)) != 0) {
		error("%s", err.msg);
		return rc;
	}
	mrt_set_warn(r, on_warn, &w);
	while ((rc = mrt_next(r, &e, &err)) > 0) {
		if (count) {
			c.n[e.type]++;
			continue;
		}
		room = line_room(&e);
		if (o->len + room > o->cap) {
			out_flush(o);
			if (room > o->cap) {
				o->cap = room;
				o->s = xrealloc(o->s, o->cap);
			}
		}
		put_line(o, &e);
		if (o->len > OUT_FLUSH)
			out_flush(o);
	}
	out_flush(o);
	st = mrt_stats(r);
	if (rc < 0) {
		error("%s", err.msg);
		status = err.code != 0 ? err.code : DP_EX_DATAERR;
	} else if (st->warnings > 0)
		status = DP_EX_DATAERR;
	if (w.hidden > 0)
		error("%s: %" PRIu64 " more warning%s not shown "
		    "(--warn-limit)", path, w.hidden, w.hidden == 1 ? "" : "s");
	if (count && arr != NULL) {
		json_t *f = json_object();

		json_object_set_new(f, "file", json_string(path));
		json_object_set_new(f, "format",
		    json_string(mrt_file_format(r)));
		json_object_set_new(f, "records", json_integer(
		    (json_int_t)st->records));
		json_object_set_new(f, "elements", json_integer(
		    (json_int_t)st->elems));
		json_object_set_new(f, "rib", json_integer(
		    (json_int_t)c.n[MRT_RIB]));
		json_object_set_new(f, "announce", json_integer(
		    (json_int_t)c.n[MRT_ANNOUNCE]));
		json_object_set_new(f, "withdraw", json_integer(
		    (json_int_t)c.n[MRT_WITHDRAW]));
		json_object_set_new(f, "state", json_integer(
		    (json_int_t)c.n[MRT_STATE]));
		json_object_set_new(f, "skipped", json_integer(
		    (json_int_t)st->skipped));
		json_object_set_new(f, "warnings", json_integer(
		    (json_int_t)st->warnings));
		json_object_set_new(f, "truncated", json_boolean(
		    st->truncated));
		json_object_set_new(f, "sha256",
		    json_string(mrt_file_sha256(r)));
		json_array_append_new(arr, f);
	} else if (count)
		printf("%s: %" PRIu64 " records, %" PRIu64 " elements (%"
		    PRIu64 " B, %" PRIu64 " A, %" PRIu64 " W, %" PRIu64
		    " STATE), %" PRIu64 " skipped, %" PRIu64 " warning%s%s\n",
		    tx(path), st->records, st->elems, c.n[MRT_RIB],
		    c.n[MRT_ANNOUNCE], c.n[MRT_WITHDRAW], c.n[MRT_STATE],
		    st->skipped, st->warnings, st->warnings == 1 ? "" : "s",
		    st->truncated ? ", truncated" : "");
	mrt_close(r);
	return status;
}

static int
bgp_dump_exec(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	long long limit = WARN_LIMIT_DEFAULT;
	int count = args_has(a, OPT_COUNT), i, rc, status = 0, nstdin = 0;
	struct out o = { NULL, 0, 0 };
	json_t *arr = NULL;
	const char *v;

	if (a->argc < 1)
		return cmd_usage_error(ctx, "'bgp dump' needs a FILE (or - "
		    "for standard input)");
	if ((v = args_get(a, OPT_WARN_LIMIT)) != NULL &&
	    parse_num("--warn-limit", v, 0, 1000000000, &limit, &err) != 0)
		return cmd_usage_error(ctx, "%s", err.msg);
	if (ctx->json && !count)
		return cmd_usage_error(ctx, "'bgp dump' prints bgpdump's line "
		    "format; --json goes with --count");
	for (i = 0; i < a->argc; i++)
		nstdin += strcmp(a->argv[i], "-") == 0;
	if (nstdin > 1)
		return cmd_usage_error(ctx, "standard input (-) named more "
		    "than once");
	if (ctx->json)
		arr = json_array();
	else if (!count) {
		o.cap = OUT_SIZE;
		o.s = xmalloc(o.cap);
	}
	for (i = 0; i < a->argc; i++) {
		rc = dump_file(a->argv[i], count, limit, &o, arr);
		if (rc != 0 && status == 0)
			status = rc;
	}
	if (arr != NULL)
		print_json(arr);
	free(o.s);
	return status;
}

const struct cmd_entry cmd_bgp_dump_entry = {
	.name = "dump",
	.summary = "print MRT files as bgpdump -m does, one element a line",
	.about = "Print every RIB entry, announcement, withdrawal and state "
	    "change of MRT files (gzip, bzip2, zstd or plain) one a line in "
	    "bgpdump's -m format; damage is warned about with its byte "
	    "offset and read past where it can.",
	.usage = "dump [--count] [--warn-limit N] FILE...",
	.opts = (const struct cmd_opt[]){
		{ "count", OPT_COUNT, no_argument, NULL,
		  "only count the elements of each file (with --json: as "
		  "JSON)" },
		{ "warn-limit", OPT_WARN_LIMIT, required_argument, "N",
		  "print at most N warnings a file, then count them "
		  "(default 100)" },
		CMD_OPTS_END
	},
	.exec = bgp_dump_exec,
	.man = "depeer-bgp",
};
