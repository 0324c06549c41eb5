/*
 * addr.h - email addresses as a complaint's headers carry them: a strict
 * RFC 5322 addr-spec, and a mailbox ("Name <addr>" or a bare addr-spec).
 * Foundation: no knowledge of cases, no I/O.
 *
 * What is accepted (the rules a strict MTA applies, not what GMime's
 * lenient InternetAddress parser lets through):
 *
 *   local part   a dot-atom (RFC 5322 atext: letters, digits and
 *                !#$%&'*+-/=?^_`{|}~; dots between atoms, never first,
 *                last or doubled) or a quoted-string of printable ASCII
 *                and spaces with \" and \\ escapes; at most 64 bytes;
 *                ASCII only (SMTPUTF8 is not assumed of an abuse desk)
 *   domain       a dot-atom of at least two labels of letters, digits and
 *                hyphens (1..63 bytes, no hyphen first or last, the last
 *                label not all digits), at most 255 bytes; or an address
 *                literal [192.0.2.1] or [IPv6:2001:db8::1].  A domain
 *                written in Unicode is converted to its A-labels
 *                (IDNA2008, libidn2): "abuse@bücher.example" becomes
 *                "abuse@xn--bcher-kva.example"; a domain with an
 *                A-label ("xn--") must decode to valid IDNA2008 and is
 *                lower-cased as libidn2 writes it (as GMime sends it).
 *                No trailing dot.
 *   the whole    at most 254 bytes (RFC 5321's path limit less the
 *                brackets); no whitespace outside a quoted local part,
 *                no control character anywhere
 *
 * Errors are DP_EX_DATAERR, "invalid address 'x': <why>".
 */
#ifndef DEPEER_ADDR_H
#define DEPEER_ADDR_H

#include "util.h"

#define ADDR_MAX_LOCAL	64
#define ADDR_MAX_DOMAIN	255
#define ADDR_MAX	254
#define ADDR_MAX_NAME	200	/* a display name, in bytes of UTF-8 */

/* A mailbox; owns its strings (release with mailbox_release()). */
struct mailbox {
	char	*name;		/* display name, UTF-8, or NULL */
	char	*addr;		/* a checked addr-spec */
};

/* Whether s is an acceptable addr-spec: 0, or DP_EX_DATAERR. */
int	addr_check_spec(const char *s, struct dp_err *err);

/*
 * The same, and *out (on success) a new string the caller frees: s with
 * a Unicode domain, or one with A-labels, in libidn2's A-label form,
 * else s as it is.
 */
int	addr_normalize(const char *s, char **out, struct dp_err *err);

/*
 * Parse "Display Name <addr-spec>", "\"Quoted, Name\" <addr-spec>",
 * "<addr-spec>" or a bare addr-spec into *out (filled only on success).
 * The display name is UTF-8 in any script, at most ADDR_MAX_NAME bytes,
 * without control characters (C0, DEL, C1) or bidirectional overrides,
 * and without '<', '>' or an unbalanced '"'; outer quotes are removed
 * and \" \\ unescaped.  Spaces around the parts are dropped.
 */
int	addr_parse_mailbox(const char *s, struct mailbox *out,
	    struct dp_err *err);

void	mailbox_release(struct mailbox *m);

#endif
