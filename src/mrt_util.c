/*
 * mrt_util.c - what both halves of the MRT reader use (mrt.c, the
 * records; mrt_attr.c, the BGP inside them): warnings and counted notes,
 * offsets, addresses and prefixes read from the record.  See mrt_int.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "mrt.h"
#include "mrt_int.h"

void
mrt_warn(struct mrt_reader *r, uint64_t off, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	r->st.warnings++;
	if (r->warn == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	r->warn(r->warn_arg, off, msg);
}

/*
 * A problem that may repeat in every record of a file (a record type not
 * read, an address family not read): warned about the first time, then
 * only counted, with the count given at the end.
 */
void
mrt_note(struct mrt_reader *r, uint32_t key, uint64_t off, const char *what)
{
	size_t i;

	for (i = 0; i < r->nnotes; i++)
		if (r->notes[i].key == key) {
			r->notes[i].n++;
			return;
		}
	if (r->nnotes < ARRAY_SIZE(r->notes)) {
		r->notes[r->nnotes].key = key;
		r->notes[r->nnotes].n = 1;
		r->notes[r->nnotes].off = off;
		snprintf(r->notes[r->nnotes].what,
		    sizeof(r->notes[r->nnotes].what), "%s", what);
		r->nnotes++;
	}
	mrt_warn(r, off, "%s (the others like it are counted)", what);
}

/* The counts of the notes, once, at the end. */
void
mrt_notes_summary(struct mrt_reader *r)
{
	size_t i;

	for (i = 0; i < r->nnotes; i++)
		if (r->notes[i].n > 1)
			mrt_warn(r, r->notes[i].off, "%s: %llu times in all "
			    "(the first at this offset)", r->notes[i].what,
			    (unsigned long long)r->notes[i].n);
}

/* The stream offset of p, a pointer into the current record. */
uint64_t
mrt_off(const struct mrt_reader *r, const unsigned char *p)
{
	return r->roff + r->hdrlen + (uint64_t)(p - r->rec);
}

/* An address of family (AF_INET / AF_INET6) from its bytes. */
void
mrt_addr(struct ipnet *n, int family, const unsigned char *p)
{
	memset(n, 0, sizeof(*n));
	n->family = family;
	if (family == AF_INET) {
		memcpy(n->addr, p, 4);
		n->plen = 32;
	} else {
		memcpy(n->addr, p, 16);
		n->plen = 128;
	}
}

/*
 * A prefix of nbits bits from p (ceil(nbits / 8) bytes, checked by the
 * caller) into *n; bits set past the length are cleared, with a warning
 * (bgpdump prints such a prefix cleared too).
 */
void
mrt_prefix(struct mrt_reader *r, struct ipnet *n, int family, unsigned plen,
    const unsigned char *p)
{
	unsigned nb = (plen + 7) / 8;
	char s[IPNET_STRLEN];

	memset(n, 0, sizeof(*n));
	n->family = family;
	n->plen = (int)plen;
	memcpy(n->addr, p, nb);
	if ((plen & 7) != 0 && (n->addr[nb - 1] & (0xffu >> (plen & 7)))) {
		n->addr[nb - 1] &= (unsigned char)(0xff00u >> (plen & 7));
		ipnet_format(n, s, sizeof(s));
		mrt_warn(r, mrt_off(r, p - 1), "prefix has bits set past "
		    "its length /%u; read as %s", plen, s);
	}
}
