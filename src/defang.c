/*
 * defang.c - indicators made unclickable for messages; see defang.h.
 *
 * Hand-written: the forms are a short fixed table that must match
 * refang.c's, and the libraries that defang are Python.
 */
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "buf.h"
#include "defang.h"

/* Every '.' of s[0..n) as "[.]" (every ':' as "[:]" when colons). */
static void
bracket_all(struct buf *b, const char *s, size_t n, int colons)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '.' && !colons)
			buf_adds(b, "[.]");
		else if (s[i] == ':' && colons)
			buf_adds(b, "[:]");
		else
			buf_addc(b, s[i]);
	}
}

/* An address s[0..n): IPv6 every colon, IPv4 the last dot. */
static void
add_addr(struct buf *b, const char *s, size_t n)
{
	const char *dot;

	if (memchr(s, ':', n) != NULL) {
		bracket_all(b, s, n, 1);
		return;
	}
	for (dot = s + n; dot > s && dot[-1] != '.'; dot--)
		;
	if (dot == s) {
		buf_add(b, s, n);
		return;
	}
	buf_add(b, s, (size_t)(dot - 1 - s));
	buf_adds(b, "[.]");
	buf_add(b, dot, n - (size_t)(dot - s));
}

/* The length of a URL scheme followed by "://" at s, or 0. */
static size_t
scheme_len(const char *s)
{
	size_t i;

	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return 0;
	for (i = 1; s[i] != '\0'; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '+' || c == '-' ||
		    c == '.'))
			break;
	}
	return strncmp(s + i, "://", 3) == 0 ? i : 0;
}

/*
 * The part of a URL after its scheme: dots, "://" and '@' bracketed,
 * so that neither the host nor a URL in the path or query is live.
 */
static void
add_url_rest(struct buf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '.')
			buf_adds(b, "[.]");
		else if (s[i] == '@')
			buf_adds(b, "[@]");
		else if (s[i] == ':' && n - i >= 3 && s[i + 1] == '/' &&
		    s[i + 2] == '/') {
			buf_adds(b, "[://]");
			i += 2;
		} else
			buf_addc(b, s[i]);
	}
}

/* A URL s[0..n) whose scheme is k bytes long. */
static void
add_url(struct buf *b, const char *s, size_t n, size_t k)
{
	if (k == 4 && ascii_ncasecmp(s, "http", 4) == 0)
		buf_adds(b, "hxxp://");
	else if (k == 5 && ascii_ncasecmp(s, "https", 5) == 0)
		buf_adds(b, "hxxps://");
	else {
		buf_add(b, s, k);
		buf_adds(b, "[://]");
	}
	add_url_rest(b, s + k + 3, n - k - 3);
}

char *
defang(const char *s, enum ind_type type)
{
	struct buf b = BUF_INIT;
	const char *slash;
	size_t k;

	switch (type) {
	case IND_IPV4:
	case IND_IPV6:
		add_addr(&b, s, strlen(s));
		break;
	case IND_CIDR:
		slash = strchr(s, '/');
		add_addr(&b, s, slash != NULL ? (size_t)(slash - s) :
		    strlen(s));
		if (slash != NULL)
			buf_adds(&b, slash);
		break;
	case IND_DOMAIN:
		bracket_all(&b, s, strlen(s), 0);
		break;
	case IND_URL:
		if ((k = scheme_len(s)) > 0)
			add_url(&b, s, strlen(s), k);
		else
			add_url_rest(&b, s, strlen(s));
		break;
	}
	return buf_detach(&b, NULL);
}

/* A domain name a mail client would link: valid, last label letters. */
static int
domain_like(const char *s, size_t n)
{
	char tmp[256], canon[256];
	const char *last;
	size_t i;

	if (n == 0 || n >= sizeof(tmp) || memchr(s, '.', n) == NULL)
		return 0;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	if (val_domain(tmp, canon, sizeof(canon), NULL) != 0)
		return 0;
	last = strrchr(tmp, '.') + 1;
	if (strlen(last) < 2)
		return 0;
	for (i = 0; last[i] != '\0'; i++)
		if (!((last[i] >= 'a' && last[i] <= 'z') ||
		    (last[i] >= 'A' && last[i] <= 'Z')))
			return 0;
	return 1;
}

/* An address or prefix s[0..n) (val_ip, val_cidr). */
static int
addr_like(const char *s, size_t n)
{
	char tmp[IPNET_STRLEN + 8];
	struct ipnet net;

	if (n == 0 || n >= sizeof(tmp))
		return 0;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	return val_ip(tmp, &net, NULL) == 0 || val_cidr(tmp, &net, NULL) == 0;
}

/* One token of free text, defanged if it looks like an indicator. */
static void
add_token(struct buf *b, const char *s, size_t n)
{
	const char *at, *slash;
	size_t k, host;

	if ((k = scheme_len(s)) > 0 && k + 3 <= n) {
		add_url(b, s, n, k);
		return;
	}
	if ((at = memchr(s, '@', n)) != NULL && at > s &&
	    domain_like(at + 1, n - (size_t)(at + 1 - s))) {
		buf_add(b, s, (size_t)(at - s));
		buf_adds(b, "[@]");
		bracket_all(b, at + 1, n - (size_t)(at + 1 - s), 0);
		return;
	}
	if (addr_like(s, n)) {
		slash = memchr(s, '/', n);
		host = slash != NULL ? (size_t)(slash - s) : n;
		add_addr(b, s, host);
		buf_add(b, s + host, n - host);
		return;
	}
	/* A host with a path and no scheme: "evil.example/panel/". */
	slash = memchr(s, '/', n);
	host = slash != NULL ? (size_t)(slash - s) : n;
	if (domain_like(s, host)) {
		add_url_rest(b, s, n);
		return;
	}
	if (slash != NULL && addr_like(s, host)) {
		add_addr(b, s, host);
		add_url_rest(b, s + host, n - host);
		return;
	}
	buf_add(b, s, n);
}

char *
defang_text(const char *s)
{
	static const char stops[] = " \t\r\n\"'<>()[]{},;";
	static const char trail[] = ".,:!?";
	struct buf b = BUF_INIT;
	size_t n, t;

	buf_adds(&b, "");
	while (*s != '\0') {
		n = strspn(s, stops);
		buf_add(&b, s, n);
		s += n;
		n = strcspn(s, stops);
		for (t = n; t > 0 && strchr(trail, s[t - 1]) != NULL; t--)
			;
		add_token(&b, s, t);
		buf_add(&b, s + t, n - t);
		s += n;
	}
	return buf_detach(&b, NULL);
}
