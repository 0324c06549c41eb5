/*
 * defang.h - make an indicator safe to show in a message: no mail client
 * or filter should turn it into a link, and a reader should see at once
 * that it is not to be visited.  The forms are the ones refang.h undoes,
 * so refang(defang(x)) gives back x for every indicator depeer stores:
 *
 *   ipv4     208.66.194.22           208.66.194[.]22      (the last dot)
 *   cidr     208.66.192.0/22         208.66.192[.]0/22
 *            2001:db8::/32           2001[:]db8[:][:]/32
 *   ipv6     2001:db8::1             2001[:]db8[:][:]1    (every colon)
 *   domain   evil.example            evil[.]example       (every dot)
 *   url      http://evil.example/a   hxxp://evil[.]example/a
 *            https://...             hxxps://...
 *            ftp://x.example/        ftp[://]x[.]example/ (other schemes)
 *   e-mail   user@evil.example       user[@]evil[.]example
 *
 * The IPv4 form brackets one dot, as most threat reports do: a dotted
 * quad with a bracket in it is no longer an address to any linkifier.
 * IPv6 brackets every colon, the form IOC extractors read (a single
 * bracketed colon leaves a valid-looking address on either side).  In a
 * URL every dot after the scheme is bracketed, and so are "://" and "@",
 * so that a URL carried in another URL's query is dead too.
 *
 * Foundation layer: text in, text out.
 */
#ifndef DEPEER_DEFANG_H
#define DEPEER_DEFANG_H

#include "validate.h"

/* The defanged form of indicator, of the given type (caller frees). */
char	*defang(const char *indicator, enum ind_type type);

/*
 * Free text (a note, a source name, a family) with every token that
 * looks like an indicator defanged: a URL (a scheme and "://"), an IPv4
 * or IPv6 address or prefix, an e-mail address, a domain name whose last
 * label is two letters or more (so "e.g.", "v1.2" and "Trojan.Win32" stay
 * as they are, but a dotted malware name such as "Backdoor.Srizbi" is
 * bracketed too: better a bracket too many than a live link).  Tokens end at white space and at
 * the characters "'<>()[]{},; and lose trailing . , : ! ? (sentence
 * punctuation).  Always a new string (caller frees).
 */
char	*defang_text(const char *s);

#endif
