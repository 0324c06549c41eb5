/*
 * mrt_attr.c - the BGP inside MRT records: BGP4MP state changes and
 * messages, an UPDATE's withdrawn and announced prefixes, and the path
 * attributes of UPDATEs and RIB entries; see mrt.h and mrt_int.h.
 *
 * Attributes are read in place: the communities stay where they lie in
 * the record, the AS path is decoded into one array the reader keeps, and
 * an UPDATE's prefix lists are walked only as its elements are asked for.
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "mrt.h"
#include "mrt_int.h"

/* The AS number a 2-byte speaker puts where a 4-byte one does not fit
   (RFC 6793). */
#define AS_TRANS	23456

/* BGP path attribute type codes (RFC 4271, 4760, 1997, 6793). */
enum {
	A_ORIGIN = 1, A_AS_PATH, A_NEXT_HOP, A_MED, A_LOCAL_PREF,
	A_ATOMIC_AGGREGATE, A_AGGREGATOR, A_COMMUNITIES,
	A_MP_REACH = 14, A_MP_UNREACH, A_AS4_PATH = 17, A_AS4_AGGREGATOR
};

int
mrt_bgp4mp_message(unsigned subtype)
{
	return subtype == 1 || subtype == 4 || (subtype >= 6 &&
	    subtype <= 11);
}

int
mrt_bgp4mp_as4(unsigned subtype)
{
	return subtype == 4 || subtype == 5 || subtype == 7 ||
	    subtype == 9 || subtype == 11;
}

static int
bgp4mp_local(unsigned subtype)
{
	return subtype == 6 || subtype == 7 || subtype == 10 ||
	    subtype == 11;
}

/*
 * An AS path p[0 .. n) of asz-byte AS numbers into *path and *segs
 * (grown as needed; their counts in *np and *ns).  0, or -1 with *why.
 */
static int
path_decode(const unsigned char *p, size_t n, size_t asz, uint32_t **path,
    size_t *np, size_t *pcap, struct mrt_seg **segs, size_t *ns,
    size_t *scap, const char **why)
{
	const unsigned char *end = p + n;
	unsigned type, cnt, i;

	*np = *ns = 0;
	while (p < end) {
		if (end - p < 2) {
			*why = "a segment header is cut short";
			return -1;
		}
		type = p[0];
		cnt = p[1];
		if (type < MRT_AS_SET || type > MRT_AS_CONFED_SET) {
			*why = "a segment has an unknown type";
			return -1;
		}
		p += 2;
		if ((size_t)(end - p) < cnt * asz) {
			*why = "a segment runs past the attribute";
			return -1;
		}
		GROW(*path, *np + cnt, *pcap);
		GROW(*segs, *ns + 1, *scap);
		(*segs)[*ns].type = (uint8_t)type;
		(*segs)[*ns].start = (uint32_t)*np;
		(*segs)[*ns].count = cnt;
		(*ns)++;
		if (asz == 4)
			for (i = 0; i < cnt; i++, p += 4)
				(*path)[(*np)++] = be32(p);
		else
			for (i = 0; i < cnt; i++, p += 2)
				(*path)[(*np)++] = be16(p);
	}
	return 0;
}

/*
 * The length of a path by RFC 6793's count: each AS of a sequence, each
 * set as one.  Confederation sequences are counted as sequences, as
 * bgpdump does (RFC 6793 leaves them out; AS4_PATH may not hold them).
 */
static size_t
path_count(const struct mrt_seg *s, size_t n)
{
	size_t c = 0, i;

	for (i = 0; i < n; i++)
		c += s[i].type == MRT_AS_SET || s[i].type == MRT_AS_CONFED_SET
		    ? 1 : s[i].count;
	return c;
}

/*
 * AS_PATH (r->path, 2-byte speaker, AS_TRANS in place of 4-byte numbers)
 * and AS4_PATH (r->path4) merged as RFC 6793 section 4.2.3 says: when
 * AS_PATH is not shorter, its leading ASes (count minus AS4_PATH's) are
 * kept and AS4_PATH follows; else AS4_PATH is ignored.  In place: the
 * kept part of r->path is a prefix of it.
 */
static void
path_merge(struct mrt_reader *r)
{
	size_t c = path_count(r->segs, r->nsegs);
	size_t c4 = path_count(r->segs4, r->nsegs4);
	size_t keep, kept = 0, ns = 0, np = 0, i;
	struct mrt_seg s;

	if (c < c4 || r->nsegs4 == 0)
		return;
	keep = c - c4;
	for (i = 0; i < r->nsegs && kept < keep; i++) {
		s = r->segs[i];
		if (s.type == MRT_AS_SET || s.type == MRT_AS_CONFED_SET)
			kept++;
		else {
			if (s.count > keep - kept)
				s.count = (uint32_t)(keep - kept);
			kept += s.count;
		}
		r->segs[ns++] = s;
		np = s.start + s.count;
	}
	GROW(r->path, np + r->npath4, r->pathcap);
	GROW(r->segs, ns + r->nsegs4, r->segcap);
	if (r->npath4 > 0)
		memcpy(r->path + np, r->path4, r->npath4 * sizeof(*r->path));
	for (i = 0; i < r->nsegs4; i++) {
		r->segs[ns] = r->segs4[i];
		r->segs[ns].start += (uint32_t)np;
		ns++;
	}
	r->npath = np + r->npath4;
	r->nsegs = ns;
}

/* An MP next hop of nhl bytes at p (RFC 4760, 2545, 5549; the VPN forms
   with their route distinguisher). */
static void
mp_next_hop(struct mrt_reader *r, const unsigned char *p, unsigned nhl)
{
	switch (nhl) {
	case 4:
		mrt_addr(&r->mp_nh, AF_INET, p);
		break;
	case 12:
		mrt_addr(&r->mp_nh, AF_INET, p + 8);
		break;
	case 16:
	case 32:	/* global, then link-local: the global one */
		mrt_addr(&r->mp_nh, AF_INET6, p);
		break;
	case 24:
	case 48:
		mrt_addr(&r->mp_nh, AF_INET6, p + 8);
		break;
	default:
		mrt_warn(r, mrt_off(r, p - 1), "MP_REACH_NLRI next hop of "
		    "%u bytes not read", nhl);
		return;
	}
	r->has_mp_nh = 1;
}

/* Whether an MP_(UN)REACH_NLRI's AFI and SAFI are read; else noted. */
static int
mp_family(struct mrt_reader *r, const unsigned char *at, unsigned afi,
    unsigned safi, const char *attr, struct mrt_plist *l)
{
	char what[128];

	if ((afi == 1 || afi == 2) && (safi == 1 || safi == 2)) {
		l->family = afi == 1 ? AF_INET : AF_INET6;
		l->safi = (int)safi;
		return 1;
	}
	snprintf(what, sizeof(what), "%s for AFI %u SAFI %u not read",
	    attr, afi, safi);
	mrt_note(r, 0x7e000000u | (afi & 0xffff) << 8 | (safi & 0xff),
	    mrt_off(r, at), what);
	return 0;
}

static void
mp_reach(struct mrt_reader *r, const unsigned char *v, size_t len, int rib)
{
	const unsigned char *q, *end = v + len;
	unsigned afi, safi, nhl, nsnpa, l;

	if (len == 0) {
		mrt_warn(r, mrt_off(r, v), "empty MP_REACH_NLRI ignored");
		return;
	}
	/* RIB entries (RFC 6396 4.3.4) keep only the next hop's length
	   and the next hop: a full attribute starts with a 2-byte AFI,
	   whose first byte is 0. */
	if (v[0] != 0) {
		if (1u + v[0] > len) {
			mrt_warn(r, mrt_off(r, v), "MP_REACH_NLRI next hop "
			    "runs past the attribute; ignored");
			return;
		}
		mp_next_hop(r, v + 1, v[0]);
		return;
	}
	if (len < 5 || 5u + v[3] > len) {
		mrt_warn(r, mrt_off(r, v), "MP_REACH_NLRI too short for its "
		    "next hop; ignored");
		return;
	}
	afi = be16(v);
	safi = v[2];
	nhl = v[3];
	if (!mp_family(r, v, afi, safi, "MP_REACH_NLRI", &r->lists[3]))
		return;
	mp_next_hop(r, v + 4, nhl);
	q = v + 4 + nhl;
	/* SNPAs (RFC 2858; RFC 4760 made the count reserved, 0): each a
	   length in semi-octets and the bytes. */
	nsnpa = *q++;
	while (nsnpa-- > 0) {
		if (q >= end || (size_t)(end - q - 1) < (q[0] + 1u) / 2) {
			mrt_warn(r, mrt_off(r, v), "MP_REACH_NLRI SNPAs run "
			    "past the attribute; its prefixes ignored");
			return;
		}
		l = q[0];
		q += 1 + (l + 1) / 2;
	}
	if (rib)
		return;
	r->lists[3].p = q;
	r->lists[3].end = end;
}

static void
mp_unreach(struct mrt_reader *r, const unsigned char *v, size_t len,
    int rib)
{
	if (len < 3) {
		mrt_warn(r, mrt_off(r, v), "MP_UNREACH_NLRI too short; "
		    "ignored");
		return;
	}
	if (rib || !mp_family(r, v, be16(v), v[2], "MP_UNREACH_NLRI",
	    &r->lists[1]))
		return;
	r->lists[1].p = v + 3;
	r->lists[1].end = v + len;
}

/* A fixed-length attribute of the wrong length: warned, ignored. */
static void
bad_len(struct mrt_reader *r, const unsigned char *at, const char *name,
    size_t len)
{
	mrt_warn(r, mrt_off(r, at), "%s attribute of %zu bytes ignored",
	    name, len);
}

void
mrt_attrs_parse(struct mrt_reader *r, const unsigned char *p, size_t n,
    int as4, int rib, int addpath)
{
	struct mrt_attrs *a = &r->attrs;
	const unsigned char *end = p + n, *v, *aspath = NULL, *as4path = NULL;
	const char *why;
	size_t len, aplen = 0, a4len = 0;
	unsigned flags, type;
	int have_as4agg = 0;
	uint32_t as4agg_as = 0;
	const unsigned char *as4agg_addr = NULL;

	(void)addpath;
	a->origin = -1;
	a->has_local_pref = a->has_med = 0;
	a->communities = NULL;
	a->ncommunities = 0;
	a->atomic_aggregate = 0;
	a->has_aggregator = 0;
	a->path_error = 0;
	r->has_nh = r->has_mp_nh = 0;
	r->lists[1].p = r->lists[1].end = NULL;
	r->lists[3].p = r->lists[3].end = NULL;
	r->npath = r->nsegs = 0;
	while (p < end) {
		if (end - p < 3 || (p[0] & 0x10 && end - p < 4)) {
			mrt_warn(r, mrt_off(r, p), "%zu stray bytes after the "
			    "last attribute; ignored", (size_t)(end - p));
			break;
		}
		flags = p[0];
		type = p[1];
		if (flags & 0x10) {	/* extended length */
			len = be16(p + 2);
			v = p + 4;
		} else {
			len = p[2];
			v = p + 3;
		}
		if (len > (size_t)(end - v)) {
			mrt_warn(r, mrt_off(r, p), "attribute %u declares %zu "
			    "bytes but %zu remain; it and any after it "
			    "ignored", type, len, (size_t)(end - v));
			break;
		}
		switch (type) {
		case A_ORIGIN:
			if (len != 1 || v[0] > 2)
				bad_len(r, p, "ORIGIN", len);
			else
				a->origin = v[0];
			break;
		case A_AS_PATH:
			aspath = v;
			aplen = len;
			break;
		case A_NEXT_HOP:
			if (len != 4)
				bad_len(r, p, "NEXT_HOP", len);
			else {
				mrt_addr(&r->nh, AF_INET, v);
				r->has_nh = 1;
			}
			break;
		case A_MED:
			if (len != 4)
				bad_len(r, p, "MULTI_EXIT_DISC", len);
			else {
				a->med = be32(v);
				a->has_med = 1;
			}
			break;
		case A_LOCAL_PREF:
			if (len != 4)
				bad_len(r, p, "LOCAL_PREF", len);
			else {
				a->local_pref = be32(v);
				a->has_local_pref = 1;
			}
			break;
		case A_ATOMIC_AGGREGATE:
			a->atomic_aggregate = 1;
			break;
		case A_AGGREGATOR:
			/* The AS number's size is told by the length: a
			   2-byte one in 6 bytes, a 4-byte one in 8. */
			if (len == 6 || len == 8) {
				a->aggregator_as = len == 8 ? be32(v) :
				    be16(v);
				memcpy(a->aggregator_addr, v + len - 4, 4);
				a->has_aggregator = 1;
			} else
				bad_len(r, p, "AGGREGATOR", len);
			break;
		case A_COMMUNITIES:
			if (len % 4 != 0)
				bad_len(r, p, "COMMUNITIES", len);
			else {
				a->communities = v;
				a->ncommunities = len / 4;
			}
			break;
		case A_MP_REACH:
			mp_reach(r, v, len, rib);
			break;
		case A_MP_UNREACH:
			mp_unreach(r, v, len, rib);
			break;
		case A_AS4_PATH:
			as4path = v;
			a4len = len;
			break;
		case A_AS4_AGGREGATOR:
			if (len != 8)
				bad_len(r, p, "AS4_AGGREGATOR", len);
			else {
				have_as4agg = 1;
				as4agg_as = be32(v);
				as4agg_addr = v + 4;
			}
			break;
		default:
			break;
		}
		p = v + len;
	}
	if (aspath != NULL && path_decode(aspath, aplen, as4 ? 4 : 2,
	    &r->path, &r->npath, &r->pathcap, &r->segs, &r->nsegs,
	    &r->segcap, &why) != 0) {
		mrt_warn(r, mrt_off(r, aspath), "AS_PATH not read (%s); the "
		    "path is left empty", why);
		a->path_error = 1;
		r->npath = r->nsegs = 0;
	}
	/* AS4_PATH and AS4_AGGREGATOR only mean something beside the
	   AS_PATH of a 2-byte speaker; a 4-byte one's are ignored. */
	if (!as4 && as4path != NULL && !a->path_error) {
		if (path_decode(as4path, a4len, 4, &r->path4, &r->npath4,
		    &r->path4cap, &r->segs4, &r->nsegs4, &r->seg4cap,
		    &why) != 0)
			mrt_warn(r, mrt_off(r, as4path), "AS4_PATH not read "
			    "(%s); AS_PATH used alone", why);
		else
			path_merge(r);
	}
	if (!as4 && have_as4agg && a->has_aggregator &&
	    a->aggregator_as == AS_TRANS) {
		a->aggregator_as = as4agg_as;
		memcpy(a->aggregator_addr, as4agg_addr, 4);
	}
	a->segs = r->segs;
	a->nsegs = r->nsegs;
}

void
mrt_fill_path(struct mrt_reader *r, struct mrt_elem *e, int rib)
{
	size_t i;

	e->path = r->path;
	e->npath = r->npath;
	e->path_has_set = 0;
	for (i = 0; i < r->nsegs; i++)
		if (r->segs[i].type != MRT_AS_SEQUENCE)
			e->path_has_set = 1;
	e->attrs = &r->attrs;
	if (rib && r->has_mp_nh) {
		e->next_hop = r->mp_nh;
		e->has_next_hop = 1;
	} else if (r->has_nh) {
		e->next_hop = r->nh;
		e->has_next_hop = 1;
	} else
		e->has_next_hop = 0;
}

/* bgpdump's names for BGP4MP sources: [ET][LOCAL][ADDPATH]. */
static const char *const bgp4mp_names[8] = {
	"BGP4MP", "BGP4MP_AP", "BGP4MP_LOCAL", "BGP4MP_LOCAL_AP",
	"BGP4MP_ET", "BGP4MP_ET_AP", "BGP4MP_ET_LOCAL",
	"BGP4MP_ET_LOCAL_AP"
};

/* A BGP4MP STATE_CHANGE[_AS4]. */
static int
state_change(struct mrt_reader *r, struct mrt_elem *e)
{
	const unsigned char *p = r->rec;
	size_t assz = r->subtype == 5 ? 4 : 2, ipsz;
	unsigned afi;

	memset(e, 0, sizeof(*e));
	e->type = MRT_STATE;
	e->source = r->has_usec ? "BGP4MP_ET" : "BGP4MP";
	e->time = r->time;
	e->usec = r->usec;
	e->has_usec = r->has_usec;
	e->offset = r->roff;
	/* Zebra wrote some state changes as the two AS numbers and the two
	   states alone (8 bytes): read as bgpdump does, peer 0.0.0.0. */
	if (assz == 2 && r->rlen == 8) {
		mrt_note(r, 0x7d000001, r->roff, "BGP4MP STATE_CHANGE of "
		    "8 bytes (no interface, addresses): read as Zebra wrote "
		    "it, peer 0.0.0.0");
		e->peer_as = be16(p);
		e->peer_ip.family = AF_INET;
		e->peer_ip.plen = 32;
		e->old_state = (int)be16(p + 4);
		e->new_state = (int)be16(p + 6);
		return 1;
	}
	if (r->rlen < 2 * assz + 4)
		goto short_;
	afi = be16(p + 2 * assz + 2);
	if (afi != 1 && afi != 2) {
		mrt_warn(r, r->roff, "BGP4MP STATE_CHANGE with address "
		    "family %u; skipped", afi);
		r->st.skipped++;
		return 0;
	}
	ipsz = afi == 1 ? 4 : 16;
	if (r->rlen < 2 * assz + 4 + 2 * ipsz + 4)
		goto short_;
	e->peer_as = assz == 4 ? be32(p) : be16(p);
	p += 2 * assz + 4;
	mrt_addr(&e->peer_ip, afi == 1 ? AF_INET : AF_INET6, p);
	p += 2 * ipsz;
	e->old_state = (int)be16(p);
	e->new_state = (int)be16(p + 2);
	return 1;
short_:
	mrt_warn(r, r->roff, "BGP4MP STATE_CHANGE of %u bytes, too short; "
	    "skipped", r->rlen);
	r->st.skipped++;
	return 0;
}

int
mrt_bgp4mp_start(struct mrt_reader *r, struct mrt_elem *e)
{
	const unsigned char *p = r->rec, *end = r->rec + r->rlen, *msg, *mend;
	unsigned sub = r->subtype, afi, ifindex, blen, type, wlen, alen;
	size_t assz, ipsz;
	int as4, addpath;
	char what[96];

	if (sub == 0 || sub == 5)
		return state_change(r, e);
	if (!mrt_bgp4mp_message(sub)) {
		snprintf(what, sizeof(what), "record of type %u subtype %u "
		    "(a BGP4MP subtype not read) skipped", r->type, sub);
		mrt_note(r, (uint32_t)r->type << 16 | sub, r->roff, what);
		r->st.skipped++;
		return 0;
	}
	as4 = mrt_bgp4mp_as4(sub);
	addpath = sub >= 8;
	assz = as4 ? 4 : 2;
	if (r->rlen < 2 * assz + 4)
		goto short_;
	ifindex = be16(p + 2 * assz);
	afi = be16(p + 2 * assz + 2);
	if (afi == 0xffff && ifindex == 0xffff)
		return 0;	/* Zebra's OPEN without addresses */
	if (afi != 1 && afi != 2) {
		snprintf(what, sizeof(what), "BGP4MP message with address "
		    "family %u skipped", afi);
		mrt_note(r, 0x7c000000u | (afi & 0xffff), r->roff, what);
		r->st.skipped++;
		return 0;
	}
	ipsz = afi == 1 ? 4 : 16;
	if (r->rlen < 2 * assz + 4 + 2 * ipsz + 19)
		goto short_;
	r->upd_peer_as = as4 ? be32(p) : be16(p);
	mrt_addr(&r->upd_peer_ip, afi == 1 ? AF_INET : AF_INET6,
	    p + 2 * assz + 4);
	msg = p + 2 * assz + 4 + 2 * ipsz;
	if (be32(msg) != 0xffffffffu || be32(msg + 4) != 0xffffffffu ||
	    be32(msg + 8) != 0xffffffffu || be32(msg + 12) != 0xffffffffu) {
		mrt_warn(r, mrt_off(r, msg), "BGP message without its marker; "
		    "record skipped");
		r->st.skipped++;
		return 0;
	}
	blen = be16(msg + 16);
	type = msg[18];
	if (blen < 19) {
		mrt_warn(r, mrt_off(r, msg), "BGP message length %u, under "
		    "the 19-byte header; record skipped", blen);
		r->st.skipped++;
		return 0;
	}
	/* The message as far as the record holds it (next_record() warned
	   when the two lengths differ). */
	mend = (size_t)(end - msg) < blen ? end : msg + blen;
	if (type != 2) {
		if (type < 1 || type > 5) {
			snprintf(what, sizeof(what), "BGP message of type %u "
			    "skipped", type);
			mrt_note(r, 0x7b000000u | type, mrt_off(r, msg), what);
		}
		return 0;	/* OPEN, NOTIFICATION, KEEPALIVE, REFRESH */
	}
	p = msg + 19;
	if (mend - p < 2 || (wlen = be16(p)) > (size_t)(mend - p - 2)) {
		mrt_warn(r, mrt_off(r, p), "UPDATE withdrawn routes run past "
		    "the message; record skipped");
		r->st.skipped++;
		return 0;
	}
	r->lists[0].p = p + 2;
	r->lists[0].end = p + 2 + wlen;
	r->lists[0].family = AF_INET;
	r->lists[0].safi = 1;
	p += 2 + wlen;
	if (mend - p < 2 || (alen = be16(p)) > (size_t)(mend - p - 2)) {
		mrt_warn(r, mrt_off(r, p), "UPDATE path attributes run past "
		    "the message; record skipped");
		r->st.skipped++;
		return 0;
	}
	mrt_attrs_parse(r, p + 2, alen, as4, 0, addpath);
	r->lists[2].p = p + 2 + alen;
	r->lists[2].end = mend;
	r->lists[2].family = AF_INET;
	r->lists[2].safi = 1;
	r->li = 0;
	r->upd_addpath = addpath;
	r->upd_source = bgp4mp_names[(r->has_usec ? 4 : 0) |
	    (bgp4mp_local(sub) ? 2 : 0) | (addpath ? 1 : 0)];
	r->kind = RK_UPDATE;
	return 0;
short_:
	mrt_warn(r, r->roff, "BGP4MP message record of %u bytes, too short "
	    "for its header; skipped", r->rlen);
	r->st.skipped++;
	return 0;
}

/* The next prefix of list l into *n (and *pid): 1, or 0 at its end or
   at damage (warned; the rest of the list is skipped). */
static int
plist_next(struct mrt_reader *r, struct mrt_plist *l, int addpath,
    struct ipnet *n, uint32_t *pid)
{
	const unsigned char *p = l->p;
	unsigned plen, max = l->family == AF_INET ? 32 : 128, nb;

	if (p >= l->end)
		return 0;
	if (addpath) {
		if (l->end - p < 5)
			goto cut;
		*pid = be32(p);
		p += 4;
	}
	plen = *p++;
	if (plen > max) {
		mrt_warn(r, mrt_off(r, p - 1), "prefix length %u over /%u; "
		    "the rest of its list skipped", plen, max);
		l->p = l->end;
		return 0;
	}
	nb = (plen + 7) / 8;
	if ((size_t)(l->end - p) < nb)
		goto cut;
	mrt_prefix(r, n, l->family, plen, p);
	l->p = p + nb;
	return 1;
cut:
	mrt_warn(r, mrt_off(r, l->p), "prefix cut short by the end of its "
	    "list; skipped");
	l->p = l->end;
	return 0;
}

int
mrt_update_next(struct mrt_reader *r, struct mrt_elem *e)
{
	struct mrt_plist *l;
	uint32_t pid = 0;

	for (; r->li < 4; r->li++) {
		l = &r->lists[r->li];
		if (l->p == NULL || !plist_next(r, l, r->upd_addpath,
		    &e->prefix, &pid))
			continue;
		e->source = r->upd_source;
		e->time = r->time;
		e->usec = r->usec;
		e->has_usec = r->has_usec;
		e->peer_ip = r->upd_peer_ip;
		e->peer_as = r->upd_peer_as;
		e->safi = l->safi;
		e->has_path_id = r->upd_addpath;
		e->path_id = pid;
		e->old_state = e->new_state = 0;
		e->offset = r->roff;
		if (r->li < 2) {
			e->type = MRT_WITHDRAW;
			e->path = NULL;
			e->npath = 0;
			e->path_has_set = 0;
			e->attrs = NULL;
			e->has_next_hop = 0;
		} else {
			e->type = MRT_ANNOUNCE;
			mrt_fill_path(r, e, 0);
			if (r->li == 3) {
				e->next_hop = r->mp_nh;
				e->has_next_hop = r->has_mp_nh;
			}
		}
		return 1;
	}
	return 0;
}
