/*
 * mrt.c - MRT records read from a (compressed) stream and handed out one
 * element at a time; see mrt.h.  The BGP messages and path attributes
 * are read by mrt_attr.c; warnings, offsets and prefixes are mrt_util.c's
 * (mrt_int.h is what the three share).
 *
 * Written by hand: the C MRT libraries (libbgpdump, libparsebgp,
 * bgpstream's) allocate per entry, print on their own or stop at the
 * first damaged record, and none reports the offsets a researcher needs
 * to say which bytes of a file were not read.
 *
 * A record is read whole into one buffer (grown for records over its
 * size, so a 64 KiB or larger record is nothing special) and parsed where
 * it lies; a TABLE_DUMP_V2 RIB record or a BGP UPDATE gives its elements
 * one per mrt_next() call from a cursor into that buffer.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "exitcodes.h"
#include "mrt.h"
#include "mrt_int.h"
#include "zread.h"

/* The buffer the decompressed stream is read into (grown on demand). */
#define MRT_BUF_INIT	(1u << 20)
/* A record declaring more than this is taken as damage, not data: the
   largest real records (RIB entries of a prefix seen by hundreds of
   peers) are a few hundred KiB. */
#define MRT_MAX_RECORD	(64u << 20)

/* MRT types (RFC 6396 section 4; 5 and 12 are the deprecated BGP and
   TABLE_DUMP). */
#define T_BGP		5
#define T_TABLE_DUMP	12
#define T_TABLE_DUMP_V2	13
#define T_BGP4MP	16
#define T_BGP4MP_ET	17

/* Whether type is one the RFCs define (including the deprecated ones),
   so that a file that is not MRT at all is told from one with a record
   of a type this reader does not know. */
static int
known_type(unsigned type)
{
	return type <= 13 || type == 16 || type == 17 || type == 32 ||
	    type == 33 || type == 48 || type == 49;
}

/* The types collectors write today (OSPFv2, TABLE_DUMP, TABLE_DUMP_V2,
   BGP4MP, ISIS, OSPFv3 and their _ET forms): what a record header found
   by a guessed length must have to be believed. */
static int
current_type(unsigned type)
{
	return type == 11 || type == 12 || type == 13 || type == 16 ||
	    type == 17 || type == 32 || type == 33 || type == 48 ||
	    type == 49;
}

/* Types whose header carries a microsecond timestamp (the _ET ones). */
static int
et_type(unsigned type)
{
	return type == 17 || type == 33 || type == 49;
}




int
mrt_open(const char *path, struct mrt_reader **out, struct dp_err *err)
{
	struct mrt_reader *r;
	struct zread *z;
	int rc;

	if ((rc = zread_open(path, &z, err)) != 0)
		return rc;
	r = xcalloc(1, sizeof(*r));
	r->z = z;
	r->name = xstrdup(path);
	r->cap = MRT_BUF_INIT;
	r->buf = xmalloc(r->cap);
	*out = r;
	return 0;
}

void
mrt_set_warn(struct mrt_reader *r, mrt_warn_fn *fn, void *arg)
{
	r->warn = fn;
	r->warn_arg = arg;
}

/*
 * Make buf[pos .. pos + need) hold stream bytes: moves the unread bytes
 * to the front and grows the buffer as needed (the current record's
 * pointers are stale afterwards).  0; 1 when the stream ends first; -1
 * with err set.
 */
static int
ensure(struct mrt_reader *r, size_t need, struct dp_err *err)
{
	long n;

	while (r->len - r->pos < need) {
		if (r->eof)
			return 1;
		if (r->pos + need > r->cap && r->pos > 0) {
			memmove(r->buf, r->buf + r->pos, r->len - r->pos);
			r->base += r->pos;
			r->len -= r->pos;
			r->pos = 0;
		}
		if (need > r->cap) {
			while (r->cap < need)
				r->cap *= 2;
			r->buf = xrealloc(r->buf, r->cap);
		}
		n = zread_read(r->z, r->buf + r->len, r->cap - r->len, err);
		if (n < 0)
			return -1;
		if (n == 0)
			r->eof = 1;
		r->len += (size_t)n;
	}
	return 0;
}

/*
 * Whether a record header could start at buf[pos + at]: the stream's end
 * exactly, or a known type with a time within a week of this record's
 * and a sane length.  For telling which of two lengths of a damaged
 * record is right.  May move the buffer (ensure()).
 */
static int
plausible_at(struct mrt_reader *r, size_t at, struct dp_err *err)
{
	const unsigned char *h;
	uint32_t t;
	int rc;

	rc = ensure(r, at + 12, err);
	if (rc < 0)
		return -1;
	if (rc == 1)
		return r->len - r->pos == at;
	h = r->buf + r->pos + at;
	t = be32(h);
	return current_type(be16(h + 4)) && be32(h + 8) <= MRT_MAX_RECORD &&
	    t + 7 * 86400ULL >= r->time && t <= r->time + 7 * 86400ULL;
}

/*
 * The bytes of a BGP4MP MESSAGE record by the length of the BGP message
 * inside it, when that can be read: the peer header and the message.
 * Else 0.  May move the buffer.
 */
static size_t
bgp4mp_len(struct mrt_reader *r, size_t hdr, uint16_t subtype,
    struct dp_err *err, int *fatal)
{
	size_t assz, ipsz, at;
	const unsigned char *p;
	unsigned afi;
	int rc;

	*fatal = 0;
	if (!mrt_bgp4mp_message(subtype))
		return 0;
	assz = mrt_bgp4mp_as4(subtype) ? 4 : 2;
	rc = ensure(r, hdr + 2 * assz + 4, err);
	if (rc != 0) {
		*fatal = rc < 0;
		return 0;
	}
	afi = be16(r->buf + r->pos + hdr + 2 * assz + 2);
	if (afi != 1 && afi != 2)
		return 0;
	ipsz = afi == 1 ? 4 : 16;
	at = hdr + 2 * assz + 4 + 2 * ipsz + 16;
	rc = ensure(r, at + 2, err);
	if (rc != 0) {
		*fatal = rc < 0;
		return 0;
	}
	p = r->buf + r->pos + hdr + 2 * assz + 4 + 2 * ipsz;
	if (be32(p) != 0xffffffffu || be16(p + 16) < 19)
		return 0;
	return 2 * assz + 4 + 2 * ipsz + be16(p + 16);
}

/*
 * The next record into r->rec: 1; 0 at the end (truncation noted); -1
 * with err set.
 */
static int
next_record(struct mrt_reader *r, struct dp_err *err)
{
	const unsigned char *h;
	size_t hdr, total, avail, bylen;
	uint32_t length;
	int rc, fatal, pa, pb;

	for (;;) {
		r->pos += r->consumed;
		r->consumed = 0;
		r->rec = NULL;
		rc = ensure(r, 12, err);
		if (rc < 0)
			return -1;
		if (rc == 1) {
			if (r->len > r->pos) {
				mrt_warn(r, r->base + r->pos, "the file ends "
				    "inside a record header (%zu bytes of "
				    "12); the file is truncated",
				    r->len - r->pos);
				r->st.truncated = 1;
			}
			return 0;
		}
		h = r->buf + r->pos;
		r->time = be32(h);
		r->type = be16(h + 4);
		r->subtype = be16(h + 6);
		length = be32(h + 8);
		r->roff = r->base + r->pos;
		if (!known_type(r->type) || (r->st.records == 0 &&
		    length > MRT_MAX_RECORD)) {
			if (r->st.records == 0)
				return dp_fail(err, DP_EX_DATAERR, "'%s': not "
				    "an MRT file (its first record has type "
				    "%u and length %u)", r->name, r->type,
				    length), -1;
		}
		if (length > MRT_MAX_RECORD) {
			mrt_warn(r, r->roff, "record of type %u declares "
			    "%u bytes, more than any MRT record holds: the "
			    "file is damaged here and cannot be read on; "
			    "stopped", r->type, length);
			r->st.stopped = 1;
			return 0;
		}
		hdr = 12;
		r->usec = 0;
		r->has_usec = 0;
		if (et_type(r->type)) {
			if (length < 4) {
				mrt_warn(r, r->roff, "extended-time record "
				    "of %u bytes, too short for its "
				    "microseconds; skipped", length);
				r->st.skipped++;
				r->st.records++;
				r->consumed = 12 + length;
				continue;
			}
			rc = ensure(r, 16, err);
			if (rc < 0)
				return -1;
			if (rc == 1)
				goto truncated;
			r->usec = be32(r->buf + r->pos + 12);
			r->has_usec = 1;
			hdr = 16;
			length -= 4;
		}
		total = hdr + length;
		if (r->type == T_BGP4MP || r->type == T_BGP4MP_ET) {
			/* Old dumps (Zebra's, in early RIPE RIS files)
			   have BGP4MP records whose declared length is not
			   that of the message inside: see DAMAGED FILES in
			   depeer-bgp(1) for the rule. */
			bylen = bgp4mp_len(r, hdr, r->subtype, err, &fatal);
			if (fatal)
				return -1;
			if (bylen != 0 && hdr + bylen != total) {
				pa = plausible_at(r, total, err);
				pb = plausible_at(r, hdr + bylen, err);
				if (pa < 0 || pb < 0)
					return -1;
				if (pa && !pb) {
					mrt_warn(r, r->roff, "BGP4MP record "
					    "declares %u bytes but its BGP "
					    "message needs %zu; the next "
					    "record starts where the declared "
					    "length says, so the message is "
					    "read as far as the record goes",
					    length, bylen);
				} else {
					mrt_warn(r, r->roff, "BGP4MP record "
					    "declares %u bytes but its BGP "
					    "message needs %zu; read by the "
					    "message's length", length,
					    bylen);
					total = hdr + bylen;
					length = (uint32_t)bylen;
				}
			}
		}
		rc = ensure(r, total, err);
		if (rc < 0)
			return -1;
		if (rc == 1)
			goto truncated;
		r->rec = r->buf + r->pos + hdr;
		r->rlen = length;
		r->hdrlen = hdr;
		r->consumed = total;
		r->st.records++;
		if (!r->have_first) {
			r->first_time = r->time;
			r->have_first = 1;
		}
		return 1;
	}
truncated:
	avail = r->len - r->pos;
	mrt_warn(r, r->roff, "record of type %u subtype %u declares %u "
	    "bytes but the file ends %zu bytes into it; the file is "
	    "truncated", r->type, r->subtype, length, avail);
	r->st.truncated = 1;
	r->st.skipped++;
	r->st.records++;
	return 0;
}



/* The whole record skipped, with a counted note naming it. */
static void
skip_record(struct mrt_reader *r, const char *what)
{
	char msg[160];

	snprintf(msg, sizeof(msg), "record of type %u subtype %u (%s) "
	    "skipped", r->type, r->subtype, what);
	mrt_note(r, (uint32_t)r->type << 16 | r->subtype, r->roff, msg);
	r->st.skipped++;
}

/*
 * TABLE_DUMP_V2 PEER_INDEX_TABLE: the peers the RIB entries after it
 * name by number.
 */
static void
peer_table(struct mrt_reader *r)
{
	const unsigned char *p = r->rec, *end = r->rec + r->rlen;
	unsigned count, i, type;
	size_t need;

	r->npeers = 0;
	r->have_peers = 1;
	if (r->rlen < 6 || (size_t)(end - p) < 6u + be16(p + 4)) {
		mrt_warn(r, r->roff, "PEER_INDEX_TABLE too short; its RIB "
		    "entries cannot be read");
		r->st.skipped++;
		return;
	}
	p += 6 + be16(p + 4);
	if (end - p < 2) {
		mrt_warn(r, mrt_off(r, p), "PEER_INDEX_TABLE without its "
		    "peer count; its RIB entries cannot be read");
		r->st.skipped++;
		return;
	}
	count = be16(p);
	p += 2;
	GROW(r->peers, count, r->peercap);
	for (i = 0; i < count; i++) {
		if (end - p < 1)
			break;
		type = p[0];
		need = 1 + 4 + (type & 1 ? 16 : 4) + (type & 2 ? 4 : 2);
		if ((size_t)(end - p) < need)
			break;
		mrt_addr(&r->peers[i].ip, type & 1 ? AF_INET6 : AF_INET,
		    p + 5);
		p += 5 + (type & 1 ? 16 : 4);
		r->peers[i].as = type & 2 ? be32(p) : be16(p);
		p += type & 2 ? 4 : 2;
	}
	r->npeers = i;
	if (i < count)
		mrt_warn(r, mrt_off(r, p), "PEER_INDEX_TABLE cut short "
		    "after %u of its %u peers; entries naming the others "
		    "are skipped", i, count);
}


/* TABLE_DUMP (v1): one RIB entry per record. */
static int
table_dump(struct mrt_reader *r, struct mrt_elem *e)
{
	const unsigned char *p = r->rec, *end = r->rec + r->rlen;
	int v6 = r->subtype == 2 || r->subtype == 4;
	int as4 = r->subtype == 3 || r->subtype == 4;
	size_t asz = v6 ? 16 : 4, need;
	unsigned plen, alen;

	if (r->subtype < 1 || r->subtype > 4) {
		skip_record(r, "TABLE_DUMP of an unknown address family");
		return 0;
	}
	need = 4 + asz + 2 + 4 + asz + (as4 ? 4 : 2) + 2;
	if (r->rlen < need) {
		mrt_warn(r, r->roff, "TABLE_DUMP record of %u bytes, too "
		    "short for its entry; skipped", r->rlen);
		r->st.skipped++;
		return 0;
	}
	plen = p[4 + asz];
	if (plen > asz * 8) {
		mrt_warn(r, mrt_off(r, p + 4 + asz), "TABLE_DUMP prefix "
		    "length %u; record skipped", plen);
		r->st.skipped++;
		return 0;
	}
	memset(e, 0, sizeof(*e));
	mrt_prefix(r, &e->prefix, v6 ? AF_INET6 : AF_INET, plen, p + 4);
	p += 4 + asz + 2 + 4;
	mrt_addr(&e->peer_ip, v6 ? AF_INET6 : AF_INET, p);
	p += asz;
	e->peer_as = as4 ? be32(p) : be16(p);
	p += as4 ? 4 : 2;
	alen = be16(p);
	p += 2;
	if (alen > (size_t)(end - p)) {
		mrt_warn(r, mrt_off(r, p - 2), "TABLE_DUMP attributes "
		    "declare %u bytes but %zu remain; read as far as they "
		    "go", alen, (size_t)(end - p));
		alen = (unsigned)(end - p);
	}
	mrt_attrs_parse(r, p, alen, as4, 1, 0);
	e->type = MRT_RIB;
	e->source = "TABLE_DUMP";
	e->safi = 1;
	mrt_fill_path(r, e, 1);
	return 1;
}

/* TABLE_DUMP_V2 RIB_IPV4/IPV6_UNICAST[_ADDPATH]: the prefix, then the
   entries one by one from rib_next(). */
static void
rib_start(struct mrt_reader *r)
{
	const unsigned char *p = r->rec, *end = r->rec + r->rlen;
	unsigned plen, max;

	r->rib_v6 = r->subtype == 4 || r->subtype == 10;
	r->rib_addpath = r->subtype >= 8;
	max = r->rib_v6 ? 128 : 32;
	if (r->rlen < 5 || (plen = p[4]) > max ||
	    (size_t)(end - p) < 5 + (plen + 7) / 8 + 2) {
		mrt_warn(r, r->roff, "RIB record too short for its prefix "
		    "or with a prefix length over /%u; skipped", max);
		r->st.skipped++;
		return;
	}
	mrt_prefix(r, &r->rib_prefix, r->rib_v6 ? AF_INET6 : AF_INET, plen,
	    p + 5);
	p += 5 + (plen + 7) / 8;
	r->rib_left = be16(p);
	r->rib_count = r->rib_left;
	r->cur = p + 2;
	r->kind = RK_RIB;
	if (!r->have_peers) {
		mrt_note(r, 0x7fff0001, r->roff, "RIB record before any "
		    "PEER_INDEX_TABLE: its entries name no peer; skipped");
		r->st.skipped++;
		r->kind = RK_NONE;
	}
}

static int
rib_next(struct mrt_reader *r, struct mrt_elem *e)
{
	const unsigned char *p, *end = r->rec + r->rlen;
	unsigned idx, alen, hl;
	uint32_t path_id = 0;

	while (r->rib_left > 0) {
		p = r->cur;
		hl = r->rib_addpath ? 12 : 8;
		if ((size_t)(end - p) < hl) {
			mrt_warn(r, mrt_off(r, p), "RIB record ends inside "
			    "entry %u of %u; the rest skipped",
			    r->rib_count - r->rib_left + 1, r->rib_count);
			r->rib_left = 0;
			return 0;
		}
		idx = be16(p);
		if (r->rib_addpath)
			path_id = be32(p + 6);
		alen = be16(p + hl - 2);
		r->rib_left--;
		if (alen > (size_t)(end - p) - hl) {
			mrt_warn(r, mrt_off(r, p), "RIB entry %u of %u "
			    "declares %u bytes of attributes but %zu "
			    "remain; the rest of the record skipped",
			    r->rib_count - r->rib_left, r->rib_count, alen,
			    (size_t)(end - p) - hl);
			r->rib_left = 0;
			return 0;
		}
		r->cur = p + hl + alen;
		if (idx >= r->npeers) {
			mrt_warn(r, mrt_off(r, p), "RIB entry names peer %u "
			    "but the peer table has %zu; entry skipped", idx,
			    r->npeers);
			continue;
		}
		mrt_attrs_parse(r, p + hl, alen, 1, 1, 0);
		e->type = MRT_RIB;
		e->source = r->rib_addpath ? "TABLE_DUMP2_AP" : "TABLE_DUMP2";
		e->time = r->time;
		e->usec = 0;
		e->has_usec = 0;
		e->peer_ip = r->peers[idx].ip;
		e->peer_as = r->peers[idx].as;
		e->prefix = r->rib_prefix;
		e->safi = 1;
		e->has_path_id = r->rib_addpath;
		e->path_id = path_id;
		e->old_state = e->new_state = 0;
		e->offset = r->roff;
		mrt_fill_path(r, e, 1);
		return 1;
	}
	if (r->cur < end)
		mrt_warn(r, mrt_off(r, r->cur), "%zu bytes after the last "
		    "RIB entry; ignored", (size_t)(end - r->cur));
	return 0;
}

/* The element of a TABLE_DUMP_V2 record, or the start of its entries. */
static int
table_dump_v2(struct mrt_reader *r)
{
	switch (r->subtype) {
	case 1:
		peer_table(r);
		return 0;
	case 2: case 4: case 8: case 10:
		rib_start(r);
		return 0;
	case 3: case 5: case 9: case 11:
		skip_record(r, "a multicast RIB");
		return 0;
	case 6: case 12:
		skip_record(r, "RIB_GENERIC");
		return 0;
	default:
		skip_record(r, "unknown TABLE_DUMP_V2 subtype");
		return 0;
	}
}

/* The next element of the current record; 0 when it has no more. */
static int
record_next(struct mrt_reader *r, struct mrt_elem *e)
{
	switch (r->kind) {
	case RK_RIB:
		return rib_next(r, e);
	case RK_UPDATE:
		return mrt_update_next(r, e);
	default:
		return 0;
	}
}

/* Start on the record just read: 1 with a single element in *e, or 0
   (its elements, if any, come from record_next()). */
static int
record_start(struct mrt_reader *r, struct mrt_elem *e)
{
	r->kind = RK_NONE;
	switch (r->type) {
	case T_TABLE_DUMP:
		if (table_dump(r, e)) {
			e->time = r->time;
			e->offset = r->roff;
			return 1;
		}
		return 0;
	case T_TABLE_DUMP_V2:
		return table_dump_v2(r);
	case T_BGP4MP:
	case T_BGP4MP_ET:
		return mrt_bgp4mp_start(r, e);
	case T_BGP:
		skip_record(r, "the deprecated BGP type");
		return 0;
	default:
		skip_record(r, "a type not read");
		return 0;
	}
}

int
mrt_next(struct mrt_reader *r, struct mrt_elem *e, struct dp_err *err)
{
	int rc;

	if (r->done)
		return r->done < 0 ? (err != NULL ? (*err = r->fail, -1) : -1)
		    : 0;
	for (;;) {
		if (r->kind != RK_NONE) {
			if (record_next(r, e)) {
				r->st.elems++;
				return 1;
			}
			r->kind = RK_NONE;
		}
		rc = next_record(r, &r->fail);
		if (rc < 0) {
			r->done = -1;
			if (err != NULL)
				*err = r->fail;
			return -1;
		}
		if (rc == 0)
			break;
		if (record_start(r, e)) {
			r->st.elems++;
			return 1;
		}
	}
	if (zread_truncated(r->z)) {
		mrt_warn(r, r->base + r->len, "the %s stream ends early: the "
		    "file is truncated", zread_format(r->z));
		r->st.truncated = 1;
	}
	mrt_notes_summary(r);
	r->done = 1;
	return 0;
}

const struct mrt_stats *
mrt_stats(const struct mrt_reader *r)
{
	return &r->st;
}

int64_t
mrt_first_time(const struct mrt_reader *r)
{
	return r->first_time;
}

const char *
mrt_file_sha256(struct mrt_reader *r)
{
	zread_sha256_hex(r->z, r->sha);
	return r->sha;
}

uint64_t
mrt_file_size(const struct mrt_reader *r)
{
	return zread_raw_bytes(r->z);
}

const char *
mrt_file_format(const struct mrt_reader *r)
{
	return zread_format(r->z);
}

void
mrt_close(struct mrt_reader *r)
{
	if (r == NULL)
		return;
	zread_close(r->z);
	free(r->buf);
	free(r->peers);
	free(r->path);
	free(r->segs);
	free(r->path4);
	free(r->segs4);
	free(r->name);
	free(r);
}
