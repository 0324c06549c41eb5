/*
 * addr.c - strict RFC 5322 addr-specs and mailboxes (addr.h).
 *
 * Hand-written on purpose: GMime's InternetAddress parser is lenient by
 * design (it repairs what mail readers meet in the wild: missing
 * brackets, stray spaces, bare dots), and a complaint tool must refuse
 * what a strict MTA would refuse rather than send something an abuse
 * desk's system drops.  Only the Unicode-to-A-label step of a domain is
 * a library's (libidn2, as lookup_name.c uses it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sys/socket.h>

#include <idn2.h>

#include "addr.h"
#include "buf.h"
#include "exitcodes.h"
#include "ipnet.h"
#include "termsafe.h"
#include "utf8.h"
#include "util.h"
#include "validate.h"

#define IS_ALPHA(c)	(((c) >= 'a' && (c) <= 'z') || \
			 ((c) >= 'A' && (c) <= 'Z'))
#define IS_DIGIT(c)	((c) >= '0' && (c) <= '9')

/* RFC 5322 atext. */
static int
is_atext(unsigned char c)
{
	return IS_ALPHA(c) || IS_DIGIT(c) ||
	    (c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL);
}

static int
bad(struct dp_err *err, const char *s, const char *why)
{
	char qb[EXCERPT_BUF];

	return dp_fail(err, DP_EX_DATAERR, "invalid address '%s': %s",
	    text_excerpt(s, strlen(s), qb), why);
}

/*
 * The local part s[0..n): a dot-atom or a quoted-string.
 */
static const char *
local_problem(const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return "nothing before the '@'";
	if (n > ADDR_MAX_LOCAL)
		return "the part before the '@' is longer than 64 bytes";
	if (s[0] == '"') {
		if (n < 2 || s[n - 1] != '"')
			return "unterminated quoted local part";
		for (i = 1; i < n - 1; i++) {
			unsigned char c = (unsigned char)s[i];

			if (c == '\\') {
				if (i + 1 >= n - 1)
					return "a '\\' ends the quoted local "
					    "part";
				c = (unsigned char)s[++i];
				if (c < ' ' || c >= 0x7f)
					return "a control or non-ASCII "
					    "character in the local part";
			} else if (c == '"')
				return "a '\"' inside the quoted local part "
				    "is not escaped";
			else if (c < ' ' || c == 0x7f)
				return "a control character in the local part";
			else if (c >= 0x80)
				return "a non-ASCII local part needs SMTPUTF8, "
				    "which is not assumed";
		}
		return NULL;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '.') {
			if (i == 0 || i == n - 1 || s[i + 1] == '.')
				return "a '.' at the start or end of the local "
				    "part, or two in a row";
		} else if (c >= 0x80)
			return "a non-ASCII local part needs SMTPUTF8, which "
			    "is not assumed";
		else if (!is_atext(c))
			return c == '"' ? "a quote inside the local part "
			    "(quote all of it, or none)" : c == '@' ?
			    "more than one '@'" : "a character not allowed "
			    "in a local part (special characters need "
			    "quotes)";
	}
	return NULL;
}

/* An ASCII domain name d: labels of letters, digits, hyphens. */
static const char *
domain_problem(const char *d)
{
	size_t n = strlen(d), i, start, labels = 0;
	int alldigits = 1;

	if (n == 0)
		return "nothing after the '@'";
	if (n > ADDR_MAX_DOMAIN)
		return "the domain is longer than 255 bytes";
	if (d[n - 1] == '.')
		return "the domain ends with a '.'";
	for (start = 0;; start = i + 1) {
		alldigits = 1;
		for (i = start; i < n && d[i] != '.'; i++) {
			unsigned char c = (unsigned char)d[i];

			if (IS_ALPHA(c) || c == '-')
				alldigits = 0;
			else if (!IS_DIGIT(c))
				return "the domain holds a character other "
				    "than letters, digits, '-' and '.'";
		}
		if (i == start)
			return "the domain has an empty label";
		if (i - start > 63)
			return "a label of the domain is longer than 63 bytes";
		if (d[start] == '-' || d[i - 1] == '-')
			return "a label of the domain starts or ends with '-'";
		labels++;
		if (i == n)
			break;
	}
	if (labels < 2)
		return "the domain has a single label; an abuse desk's "
		    "address has a full domain name, like abuse@example.net";
	if (alldigits)
		return "the domain's last label is all digits (an IP address "
		    "goes in brackets: user@[192.0.2.1])";
	return NULL;
}

/* An address literal: "[192.0.2.1]" or "[IPv6:2001:db8::1]". */
static const char *
literal_problem(const char *d)
{
	size_t n = strlen(d);
	char ip[64];
	struct ipnet net;
	int v6;

	if (n < 3 || d[n - 1] != ']')
		return "an address literal must end with ']'";
	v6 = strncmp(d + 1, "IPv6:", 5) == 0;
	if (n - 2 - (v6 ? 5 : 0) >= sizeof(ip))
		return "the address literal is too long";
	memcpy(ip, d + 1 + (v6 ? 5 : 0), n - 2 - (v6 ? 5 : 0));
	ip[n - 2 - (v6 ? 5 : 0)] = '\0';
	if (val_ip(ip, &net, NULL) != 0 || (net.family == AF_INET6) != v6)
		return v6 ? "not an IPv6 address after 'IPv6:'" :
		    "not an IPv4 address in the brackets (IPv6 is written "
		    "[IPv6:...])";
	return NULL;
}

/*
 * The A-label form of the domain d (IDNA2008, as lookup_name.c asks for
 * names) into *out: d's A-labels, if any, are decoded first and the
 * whole encoded again, which is what GMime does
 * when it writes the address, so that a label that does not survive the
 * trip (xn--vmk decodes to a compatibility character no encoder takes)
 * is refused here rather than sent as 8-bit text.  An IDN2_* code.
 */
static int
idna_ascii(const char *d, char **out)
{
	const int flags = IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT;
	char *u = NULL;
	int rc;

	*out = NULL;
	if ((rc = idn2_to_unicode_8z8z(d, &u, 0)) != IDN2_OK)
		return rc;
	rc = idn2_to_ascii_8z(u, out, flags);
	idn2_free(u);
	return rc;
}

/* Whether the domain d has a label that starts with "xn--". */
static int
has_alabel(const char *d)
{
	const char *l;

	for (l = d; l != NULL; l = strchr(l, '.') != NULL ?
	    strchr(l, '.') + 1 : NULL)
		if (strncasecmp(l, "xn--", 4) == 0)
			return 1;
	return 0;
}

int
addr_normalize(const char *s, char **out, struct dp_err *err)
{
	const char *at, *p, *why;
	char *alabel = NULL, *res;
	size_t nlocal;
	int nonascii = 0, rc;

	if (s == NULL || *s == '\0')
		return dp_fail(err, DP_EX_DATAERR, "invalid address '': empty");
	for (p = s; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '\r' || c == '\n')
			return bad(err, s, "it carries a line break");
		if (c < ' ' || c == 0x7f)
			return bad(err, s, "it carries a control character");
		if (c >= 0x80)
			nonascii = 1;
	}
	if (nonascii && !utf8_valid(s, strlen(s), NULL))
		return bad(err, s, "not valid UTF-8");
	if ((at = strrchr(s, '@')) == NULL)
		return bad(err, s, "no '@'");
	nlocal = (size_t)(at - s);
	/* A space is only ever fine inside a quoted local part. */
	if ((s[0] != '"' && strpbrk(s, " \t") != NULL) ||
	    strpbrk(at, " \t") != NULL)
		return bad(err, s, "it contains a space");
	if ((why = local_problem(s, nlocal)) != NULL)
		return bad(err, s, why);
	if (at[1] == '[')
		why = literal_problem(at + 1);
	else {
		const char *d = at + 1;

		for (p = d; *p != '\0' && (unsigned char)*p < 0x80; p++)
			;
		/*
		 * A Unicode domain, or one with an A-label ("xn--"), which
		 * must decode to valid IDNA2008: GMime writes an address's
		 * A-labels decoded, and one that does not round-trip would
		 * reach the header as 8-bit text.
		 */
		if (*p != '\0' || has_alabel(d)) {
			rc = idna_ascii(d, &alabel);
			if (rc != IDN2_OK) {
				char msg[200];

				snprintf(msg, sizeof(msg), "the domain cannot "
				    "be converted to A-labels (%s)",
				    idn2_strerror(rc));
				return bad(err, s, msg);
			}
			/*
			 * libidn2's form, lower case, even for ASCII input:
			 * GMime writes an address with A-labels that way,
			 * and the address stored must be the one sent.
			 */
			d = alabel;
		}
		why = domain_problem(d);
	}
	if (why != NULL) {
		idn2_free(alabel);
		return bad(err, s, why);
	}
	res = alabel == NULL ? xstrdup(s) :
	    xasprintf("%.*s@%s", (int)nlocal, s, alabel);
	idn2_free(alabel);
	if (strlen(res) > ADDR_MAX) {
		free(res);
		return bad(err, s, "longer than 254 bytes");
	}
	if (out != NULL)
		*out = res;
	else
		free(res);
	return 0;
}

int
addr_check_spec(const char *s, struct dp_err *err)
{
	return addr_normalize(s, NULL, err);
}

void
mailbox_release(struct mailbox *m)
{
	free(m->name);
	free(m->addr);
	m->name = m->addr = NULL;
}

/* s[0..n) without the spaces and tabs around it. */
static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

/* The display name s[0..n) unquoted into b, or why not. */
static const char *
name_unquote(const char *s, size_t n, struct buf *b)
{
	size_t i;

	if (n > 0 && s[0] == '"') {
		if (n < 2 || s[n - 1] != '"')
			return "the display name has an unbalanced '\"'";
		for (i = 1; i < n - 1; i++) {
			if (s[i] == '\\' && i + 1 < n - 1)
				i++;
			else if (s[i] == '\\' || s[i] == '"')
				return "the quoted display name has a '\"' or "
				    "'\\' that is not escaped";
			buf_addc(b, s[i]);
		}
		return NULL;
	}
	for (i = 0; i < n; i++)
		if (s[i] == '"')
			return "the display name has a '\"' inside; quote the "
			    "whole name";
	buf_add(b, s, n);
	return NULL;
}

int
addr_parse_mailbox(const char *s, struct mailbox *out, struct dp_err *err)
{
	struct buf name = BUF_INIT;
	const char *p, *lt, *why = NULL, *a;
	char *spec = NULL, *norm = NULL;
	size_t n, off, an;
	unsigned long cp;
	int rc;

	if (s == NULL)
		s = "";
	n = strlen(s);
	if (!utf8_valid(s, n, NULL))
		return bad(err, s, "not valid UTF-8");
	for (p = s; *p != '\0'; p++)
		if (*p == '\r' || *p == '\n')
			return bad(err, s, "it carries a line break");
	if (ts_find_control(s, n, 0, &off, &cp))
		return bad(err, s, "it carries a control character");
	if (ts_find_bidi(s, n, &off, &cp))
		return bad(err, s, "it carries a bidirectional override");
	trim(&s, &n);
	if (n > 0 && s[n - 1] == '>') {
		/* The last '<' opens the address: a name has none. */
		for (lt = s + n - 1; lt > s && *lt != '<'; lt--)
			;
		if (*lt != '<')
			return bad(err, s, "a '>' without a '<'");
		a = lt + 1;
		an = (size_t)(s + n - 1 - a);
		n = (size_t)(lt - s);
		trim(&s, &n);
		if (memchr(s, '<', n) != NULL || memchr(s, '>', n) != NULL)
			why = "the display name holds '<' or '>'";
		else
			why = name_unquote(s, n, &name);
		if (why == NULL && name.len > ADDR_MAX_NAME)
			why = "the display name is longer than 200 bytes";
		if (why == NULL)
			spec = xstrndup(a, an);
	} else if (strpbrk(s, "<>") != NULL) {
		why = "a '<' without a '>' at the end";
	} else
		spec = xstrndup(s, n);
	if (why != NULL) {
		rc = bad(err, s, why);
		buf_release(&name);
		return rc;
	}
	rc = addr_normalize(spec, &norm, err);
	free(spec);
	if (rc != 0) {
		buf_release(&name);
		return rc;
	}
	/* A name that is only spaces is none. */
	for (p = name.s; *p == ' ' || *p == '\t'; p++)
		;
	out->name = *p != '\0' ? buf_detach(&name, NULL) : NULL;
	out->addr = norm;
	buf_release(&name);
	return 0;
}
