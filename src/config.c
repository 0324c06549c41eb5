/*
 * config.c - the settings of config.h: the key table with defaults and
 * checks, reading the file and the environment, and rewriting the file
 * for "config set|unset" without disturbing the lines it does not change.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "addr.h"
#include "buf.h"
#include "config.h"
#include "exitcodes.h"
#include "net.h"
#include "numparse.h"
#include "openin.h"
#include "outfile.h"
#include "termsafe.h"
#include "util.h"
#include "validate.h"

enum ktype {
	K_PATH,		/* a file: absolute in the file, anything in env */
	K_HOST,		/* host, host:port, [v6], [v6]:port */
	K_URL,		/* https:// base URL ending in '/' */
	K_APP,		/* RIPEstat sourceapp */
	K_INT,		/* decimal integer in [min, max] */
	K_MAP,		/* DEPEER_CONNECT_TO syntax */
	K_NS,		/* a name server: IPv4 address, optional :port */
	K_MAILBOX,	/* "Name <addr>" or addr (addr.h) */
	K_TEXT,		/* one line of text, at most 200 bytes */
	K_TAG,		/* [A-Za-z0-9._-]{1,32} */
	K_KEYID,	/* 8..40 hex digits, or an email address */
	K_KEYURL,	/* an https:// URL */
	K_SMTPURL,	/* smtp://HOST[:PORT] or smtps://HOST[:PORT] */
	K_SMTPTLS,	/* starttls or none */
	K_CMD,		/* a shell command line, one line */
};

struct keydef {
	const char	*name;
	const char	*def;
	enum ktype	 type;
	long long	 min, max;	/* K_INT */
	const char	*env;
};

/*
 * The keys.  The bounds keep a typing slip from turning a time-out into
 * "never" (curl takes 0 as no limit) or a retry loop into hours.
 */
static const struct keydef keys[] = {
	{ "db", "", K_PATH, 0, 0, "DEPEER_DB" },
	{ "whois_server", "whois.iana.org", K_HOST, 0, 0,
	  "DEPEER_WHOIS_SERVER" },
	{ "cymru_server", "whois.cymru.com", K_HOST, 0, 0,
	  "DEPEER_CYMRU_SERVER" },
	{ "cymru_peer_server", "v4-peer.whois.cymru.com", K_HOST, 0, 0,
	  "DEPEER_CYMRU_PEER_SERVER" },
	{ "irr_server", "whois.radb.net", K_HOST, 0, 0,
	  "DEPEER_IRR_SERVER" },
	{ "ripestat_url", "https://stat.ripe.net/data/", K_URL, 0, 0,
	  "DEPEER_RIPESTAT_URL" },
	{ "rdap_bootstrap_url", "https://data.iana.org/rdap/", K_URL, 0, 0,
	  "DEPEER_RDAP_BOOTSTRAP_URL" },
	{ "sourceapp", "depeer", K_APP, 0, 0, "DEPEER_SOURCEAPP" },
	{ "ttl", "86400", K_INT, 0, INT_MAX, "DEPEER_TTL" },
	{ "connect_timeout_ms", "10000", K_INT, 1, 3600000,
	  "DEPEER_CONNECT_TIMEOUT_MS" },
	{ "read_timeout_ms", "20000", K_INT, 1, 3600000,
	  "DEPEER_READ_TIMEOUT_MS" },
	{ "total_timeout_ms", "60000", K_INT, 1, 3600000,
	  "DEPEER_TOTAL_TIMEOUT_MS" },
	{ "retries", "3", K_INT, 0, 10, "DEPEER_RETRIES" },
	{ "backoff_ms", "1000", K_INT, 1, 600000, "DEPEER_BACKOFF_MS" },
	{ "connect_to", "", K_MAP, 0, 0, "DEPEER_CONNECT_TO" },
	{ "ca_bundle", "", K_PATH, 0, 0, "DEPEER_CA_BUNDLE" },
	{ "dns_server", "", K_NS, 0, 0, "DEPEER_DNS_SERVER" },
	/* The identity complaints are sent with (issue 11). */
	{ "from", "", K_MAILBOX, 0, 0, "DEPEER_FROM" },
	{ "organisation", "", K_TEXT, 0, 0, "DEPEER_ORGANISATION" },
	{ "case_tag", "depeer", K_TAG, 0, 0, "DEPEER_CASE_TAG" },
	{ "max_message_size", "10000000", K_INT, 100000, 50000000,
	  "DEPEER_MAX_MESSAGE_SIZE" },
	{ "xarf_max", "100", K_INT, 1, 10000, "DEPEER_XARF_MAX" },
	{ "pgp_key", "", K_KEYID, 0, 0, "DEPEER_PGP_KEY" },
	{ "pgp_key_url", "", K_KEYURL, 0, 0, "DEPEER_PGP_KEY_URL" },
	/* complaint send (complaint_send.c) */
	{ "smtp_url", "", K_SMTPURL, 0, 0, "DEPEER_SMTP_URL" },
	{ "smtp_tls", "starttls", K_SMTPTLS, 0, 0, "DEPEER_SMTP_TLS" },
	{ "sendmail_command", "", K_CMD, 0, 0, "DEPEER_SENDMAIL_COMMAND" },
	{ "smtp_pace", "10", K_INT, 0, 3600, "DEPEER_SMTP_PACE" },
	{ "smtp_timeout", "60", K_INT, 1, 600, "DEPEER_SMTP_TIMEOUT" },
};
#define NKEYS	ARRAY_SIZE(keys)

enum origin { O_DEFAULT, O_FILE, O_ENV };

struct config {
	char		*file;		/* "" if none */
	char		*val[NKEYS];	/* from file or env; NULL: default */
	enum origin	 origin[NKEYS];
	int		 line[NKEYS];
};

/* ---- keys ---- */

static int
key_index(const char *key)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].name, key) == 0)
			return (int)i;
	return -1;
}

/* The index of key, which the caller knows to exist. */
static int
key_must(const char *key)
{
	int k = key_index(key);

	if (k < 0)
		die("no configuration key '%s'", key);
	return k;
}

const char *
config_key(size_t i)
{
	return i < NKEYS ? keys[i].name : NULL;
}

int
config_is_key(const char *key)
{
	return key_index(key) >= 0;
}

const char *
config_default(const char *key)
{
	return keys[key_must(key)].def;
}

const char *
config_env_name(const char *key)
{
	return keys[key_must(key)].env;
}

/* ---- checking values ---- */

/* A value quoted for a message: short, printable ASCII. */
#define Q(v, b)	text_excerpt((v), strlen(v), (b))

/* "host" or "[v6]" and an optional ":port"; host parts to hbuf. */
static int
split_host(const char *v, char *hbuf, size_t hlen, int *port,
    struct dp_err *err)
{
	const char *h = v, *end, *colon;
	char qb[EXCERPT_BUF];
	size_t n;
	long p = 0;

	if (*v == '[') {
		if ((end = strchr(v, ']')) == NULL)
			return dp_fail(err, DP_EX_DATAERR, "'%s': missing ']' "
			    "after the IPv6 address", Q(v, qb));
		h = v + 1;
		n = (size_t)(end - h);
		colon = end[1] == ':' ? end + 1 : NULL;
		if (end[1] != '\0' && colon == NULL)
			return dp_fail(err, DP_EX_DATAERR, "'%s': expected "
			    "':PORT' after ']'", Q(v, qb));
	} else {
		colon = strchr(v, ':');
		if (colon != NULL && strchr(colon + 1, ':') != NULL)
			return dp_fail(err, DP_EX_DATAERR, "'%s': an IPv6 "
			    "address goes in brackets, as [2001:db8::1]:43",
			    Q(v, qb));
		n = colon != NULL ? (size_t)(colon - v) : strlen(v);
	}
	if (n == 0 || n >= hlen)
		return dp_fail(err, DP_EX_DATAERR, "'%s': %s host name",
		    Q(v, qb), n == 0 ? "empty" : "too long a");
	memcpy(hbuf, h, n);
	hbuf[n] = '\0';
	if (colon != NULL) {
		const char *d = colon + 1;

		for (; *d >= '0' && *d <= '9' && p <= 65535; d++)
			p = p * 10 + (*d - '0');
		if (d == colon + 1 || *d != '\0' || p < 1 || p > 65535)
			return dp_fail(err, DP_EX_DATAERR, "'%s': the port must "
			    "be a number from 1 to 65535", Q(v, qb));
	}
	*port = (int)p;
	return 0;
}

static int
check_host(const char *v, struct dp_err *err)
{
	char host[300], canon[300];
	struct dp_err sub = DP_ERR_INIT;
	struct ipnet ip;
	int port, bracket = *v == '[';
	const char *s;

	if (split_host(v, host, sizeof(host), &port, err) != 0)
		return DP_EX_DATAERR;
	if (bracket) {
		if (val_ip(host, &ip, &sub) != 0 || ip.family != AF_INET6)
			return dp_fail(err, DP_EX_DATAERR, "'%s' in brackets is "
			    "not an IPv6 address", host);
		return 0;
	}
	for (s = host; *s != '\0' && (*s == '.' || (*s >= '0' && *s <= '9'));
	    s++)
		;
	if (*s == '\0')		/* digits and dots: an IPv4 address */
		return val_ip(host, &ip, err);
	return val_domain(host, canon, sizeof(canon), err);
}

static int
check_url(const char *v, struct dp_err *err)
{
	char qb[EXCERPT_BUF], *canon = NULL;
	size_t n = strlen(v);

	if (strncmp(v, "https://", 8) != 0)
		return dp_fail(err, DP_EX_DATAERR, "'%s' is not an https:// URL",
		    Q(v, qb));
	if (val_url(v, &canon, err) != 0)
		return DP_EX_DATAERR;
	free(canon);
	if (strpbrk(v, "?#") != NULL)
		return dp_fail(err, DP_EX_DATAERR, "'%s': a base URL has no "
		    "query or fragment", Q(v, qb));
	if (v[n - 1] != '/')
		return dp_fail(err, DP_EX_DATAERR, "'%s' must end with '/' "
		    "(names are added to it)", Q(v, qb));
	return 0;
}

static int
check_app(const char *v, struct dp_err *err)
{
	char qb[EXCERPT_BUF];
	size_t n = strlen(v);

	if (n < 1 || n > 64 ||
	    strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789._-") != n)
		return dp_fail(err, DP_EX_DATAERR, "'%s': expected 1 to 64 "
		    "letters, digits, '.', '_' or '-'", Q(v, qb));
	return 0;
}

/*
 * A whole number in [min, max]; in a file or the environment a bad one is
 * bad data (the caller adds the key or variable to the message).
 */
static int
parse_int(const char *v, long long min, long long max, long long *out,
    struct dp_err *err)
{
	if (parse_num(NULL, v, min, max, out, err) == 0)
		return 0;
	if (err != NULL)
		err->code = DP_EX_DATAERR;
	return DP_EX_DATAERR;
}

static int
check_map(const char *v, struct dp_err *err)
{
	static const char pre[] = "DEPEER_CONNECT_TO: ";
	struct net_map *m = NULL;
	char qb[EXCERPT_BUF];
	const char *p;

	for (p = v; *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return dp_fail(err, DP_EX_DATAERR, "'%s' contains a "
			    "space or control character", Q(v, qb));
	if (net_map_parse(v, &m, err) != 0) {
		/* net.c names the variable; the caller names the source. */
		if (err != NULL && strncmp(err->msg, pre, sizeof(pre) - 1) == 0)
			memmove(err->msg, err->msg + sizeof(pre) - 1,
			    strlen(err->msg + sizeof(pre) - 1) + 1);
		if (err != NULL)
			err->code = DP_EX_DATAERR;
		return DP_EX_DATAERR;
	}
	net_map_free(m);
	return 0;
}

/*
 * The name server "lookup DOMAIN" asks instead of /etc/resolv.conf's: an
 * IPv4 address (libresolv takes an IPv6 server only from resolv.conf).
 */
static int
check_ns(const char *v, struct dp_err *err)
{
	char host[300];
	struct ipnet ip;
	int port;

	if (split_host(v, host, sizeof(host), &port, err) != 0)
		return DP_EX_DATAERR;
	if (*v == '[')
		return dp_fail(err, DP_EX_DATAERR, "'%s': an IPv6 name server "
		    "goes in /etc/resolv.conf; here an IPv4 address", host);
	if (val_ip(host, &ip, NULL) != 0 || ip.family != AF_INET)
		return dp_fail(err, DP_EX_DATAERR, "'%s' is not an IPv4 "
		    "address", host);
	return 0;
}

/*
 * A mailbox for From: (addr.h's message, which quotes the value).  The
 * environment's values skip check_value()'s control check, so the
 * identity keys make their own.
 */
static int
check_mailbox(const char *v, struct dp_err *err)
{
	struct mailbox m;

	if (addr_parse_mailbox(v, &m, err) != 0)
		return DP_EX_DATAERR;
	mailbox_release(&m);
	return 0;
}

/* One line of UTF-8 text for a header or a report: no controls. */
static int
check_text(const char *v, struct dp_err *err)
{
	char qb[EXCERPT_BUF];
	unsigned long cp;
	size_t off, n = strlen(v);

	if (!utf8_valid(v, n, NULL))
		return dp_fail(err, DP_EX_DATAERR, "'%s' is not valid UTF-8",
		    Q(v, qb));
	if (ts_find_control(v, n, 0, &off, &cp) || ts_find_bidi(v, n, &off,
	    &cp))
		return dp_fail(err, DP_EX_DATAERR, "'%s' contains a control "
		    "character or line break (U+%04lX)", Q(v, qb), cp);
	if (n > 200)
		return dp_fail(err, DP_EX_DATAERR, "'%s' is longer than 200 "
		    "bytes", Q(v, qb));
	return 0;
}

static int
check_tag(const char *v, struct dp_err *err)
{
	char qb[EXCERPT_BUF];
	size_t n = strlen(v);

	if (n < 1 || n > 32 ||
	    strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789._-") != n)
		return dp_fail(err, DP_EX_DATAERR, "'%s': expected 1 to 32 "
		    "letters, digits, '.', '_' or '-'", Q(v, qb));
	return 0;
}

/* What gpg --local-user takes from us: a key id or fingerprint (hex,
   an optional 0x), or the email address of a user id. */
static int
check_keyid(const char *v, struct dp_err *err)
{
	char qb[EXCERPT_BUF];
	const char *h = v;
	size_t n;

	if (strchr(v, '@') != NULL) {
		if (addr_check_spec(v, err) != 0)
			return DP_EX_DATAERR;
		return 0;
	}
	if (h[0] == '0' && (h[1] == 'x' || h[1] == 'X'))
		h += 2;
	n = strlen(h);
	if (n < 8 || n > 40 || strspn(h, "0123456789ABCDEFabcdef") != n)
		return dp_fail(err, DP_EX_DATAERR, "'%s': expected a key id or "
		    "fingerprint (8 to 40 hex digits) or the key's email "
		    "address", Q(v, qb));
	return 0;
}

/* Where the public key can be fetched: a full https:// URL. */
static int
check_keyurl(const char *v, struct dp_err *err)
{
	char qb[EXCERPT_BUF], *canon = NULL;
	const char *p;

	for (p = v; *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f)
			return dp_fail(err, DP_EX_DATAERR, "'%s' contains a "
			    "space, a control or a non-ASCII character",
			    Q(v, qb));
	if (strncmp(v, "https://", 8) != 0)
		return dp_fail(err, DP_EX_DATAERR, "'%s' is not an https:// "
		    "URL", Q(v, qb));
	if (val_url(v, &canon, err) != 0)
		return DP_EX_DATAERR;
	free(canon);
	return 0;
}

/*
 * The mail server complaints are sent through: smtp:// (STARTTLS) or
 * smtps:// (TLS from the start), a host and an optional port, nothing
 * else; credentials never go in it (DEPEER_SMTP_USER and
 * DEPEER_SMTP_PASSWORD, or ~/.netrc, give them).
 */
static int
check_smtpurl(const char *v, struct dp_err *err)
{
	char qb[EXCERPT_BUF];
	const char *rest;
	char *host;
	size_t n;
	int rc;

	if (strncmp(v, "smtp://", 7) == 0)
		rest = v + 7;
	else if (strncmp(v, "smtps://", 8) == 0)
		rest = v + 8;
	else
		return dp_fail(err, DP_EX_DATAERR, "'%s' is not an smtp:// "
		    "or smtps:// URL", Q(v, qb));
	if (strchr(rest, '@') != NULL)
		return dp_fail(err, DP_EX_DATAERR, "'%s': no user name or "
		    "password in the URL (DEPEER_SMTP_USER and "
		    "DEPEER_SMTP_PASSWORD, or ~/.netrc, give them)", Q(v, qb));
	n = strcspn(rest, "/");
	if (rest[n] != '\0' && strcmp(rest + n, "/") != 0)
		return dp_fail(err, DP_EX_DATAERR, "'%s': expected "
		    "smtp://HOST[:PORT] with nothing after the port",
		    Q(v, qb));
	host = xstrndup(rest, n);
	rc = check_host(host, err);
	free(host);
	return rc != 0 ? DP_EX_DATAERR : 0;
}

/* One line for /bin/sh -c: no control characters, at most 1000 bytes. */
static int
check_cmd(const char *v, struct dp_err *err)
{
	char qb[EXCERPT_BUF];
	const char *p;

	for (p = v; *p != '\0'; p++)
		if ((unsigned char)*p < ' ' || *p == 0x7f)
			return dp_fail(err, DP_EX_DATAERR, "'%s' contains a "
			    "control character", Q(v, qb));
	if (strspn(v, " ") == strlen(v))
		return dp_fail(err, DP_EX_DATAERR, "an empty command");
	if (strlen(v) > 1000)
		return dp_fail(err, DP_EX_DATAERR, "'%s' is longer than 1000 "
		    "bytes", Q(v, qb));
	return 0;
}

/*
 * Whether v suits key k; from_env relaxes paths (any path, as the
 * variables always took).  Messages quote the value, not the key.
 */
static int
check_value(int k, const char *v, int from_env, struct dp_err *err)
{
	const struct keydef *kd = &keys[k];
	char qb[EXCERPT_BUF];
	unsigned long cp;
	long long x;
	const char *p;
	size_t off;

	if (!from_env) {
		if (!utf8_valid(v, strlen(v), NULL))
			return dp_fail(err, DP_EX_DATAERR, "'%s' is not valid "
			    "UTF-8", Q(v, qb));
		for (p = v; *p != '\0'; p++)
			if ((unsigned char)*p < ' ' || *p == 0x7f)
				return dp_fail(err, DP_EX_DATAERR, "'%s' "
				    "contains a control character", Q(v, qb));
		/* C1 controls (U+0080..U+009F) and bidi overrides too. */
		if (ts_find_control(v, strlen(v), 0, &off, &cp) ||
		    ts_find_bidi(v, strlen(v), &off, &cp))
			return dp_fail(err, DP_EX_DATAERR, "'%s' contains a "
			    "control character (U+%04lX)", Q(v, qb), cp);
		if (strlen(kd->name) + strlen(v) + 5 > CONFIG_MAX_LINE)
			return dp_fail(err, DP_EX_DATAERR, "'%s' is too long "
			    "(a line holds at most %d bytes)", Q(v, qb),
			    CONFIG_MAX_LINE);
	}
	/* Keys without a default may be empty: not set. */
	if (*v == '\0' && *kd->def == '\0')
		return 0;
	if (*v == '\0')
		return dp_fail(err, DP_EX_DATAERR, "empty value (unset the key "
		    "for the default, %s)", kd->def);
	switch (kd->type) {
	case K_PATH:
		if (!from_env && *v != '/')
			return dp_fail(err, DP_EX_DATAERR, "'%s' is not an "
			    "absolute path", Q(v, qb));
		return 0;
	case K_HOST:
		return check_host(v, err);
	case K_URL:
		return check_url(v, err);
	case K_APP:
		return check_app(v, err);
	case K_INT:
		return parse_int(v, kd->min, kd->max, &x, err);
	case K_MAP:
		return check_map(v, err);
	case K_NS:
		return check_ns(v, err);
	case K_MAILBOX:
		return check_mailbox(v, err);
	case K_TEXT:
		return check_text(v, err);
	case K_TAG:
		return check_tag(v, err);
	case K_KEYID:
		return check_keyid(v, err);
	case K_KEYURL:
		return check_keyurl(v, err);
	case K_SMTPURL:
		return check_smtpurl(v, err);
	case K_SMTPTLS:
		if (strcmp(v, "starttls") != 0 && strcmp(v, "none") != 0)
			return dp_fail(err, DP_EX_DATAERR, "'%s': expected "
			    "starttls or none", Q(v, qb));
		return 0;
	case K_CMD:
		return check_cmd(v, err);
	}
	die("bad key type %d", (int)kd->type);
}

int
config_check(const char *key, const char *value, struct dp_err *err)
{
	char qb[EXCERPT_BUF];
	int k = key_index(key);

	if (k < 0)
		return dp_fail(err, DP_EX_USAGE, "unknown key '%s' (see "
		    "'depeer config list')", Q(key, qb));
	return check_value(k, value, 0, err);
}

/* ---- reading the file ---- */

/* One line of the file as it was, and what it sets. */
struct cline {
	size_t	 off, len;	/* in data; len without the line end */
	size_t	 endlen;	/* 0 (last line), 1 "\n" or 2 "\r\n" */
	int	 key;		/* -1: blank, comment */
};

struct cfile {
	char		*data;
	size_t		 len;
	struct cline	*lines;
	size_t		 n, cap;
	char		*val[NKEYS];	/* NULL: not in the file */
	int		 at[NKEYS];	/* line number (from 1), 0 */
};

static void
cfile_release(struct cfile *f)
{
	size_t i;

	free(f->data);
	free(f->lines);
	for (i = 0; i < NKEYS; i++)
		free(f->val[i]);
	memset(f, 0, sizeof(*f));
}

/* The whole file into f->data; *exists 0 when there is none. */
static int
read_all(const char *path, struct cfile *f, int *exists, struct dp_err *err)
{
	struct dp_err sub = DP_ERR_INIT;
	struct stat st;
	ssize_t got;
	size_t cap = CONFIG_MAX_FILE + 1;
	int fd, rc = 0;

	*exists = 0;
	if (stat(path, &st) != 0 && errno == ENOENT)
		return 0;	/* no file: the defaults */
	/* A FIFO or device is refused without waiting for it (openin.h);
	   any trouble with the file is a configuration error. */
	if (open_regular(path, &fd, NULL, &sub) != 0)
		return dp_fail(err, DP_EX_CONFIG, "%s", sub.msg);
	*exists = 1;
	f->data = xmalloc(cap + 1);
	while (f->len < cap) {
		got = read(fd, f->data + f->len, cap - f->len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = dp_fail(err, DP_EX_IOERR, "cannot read '%s': %s",
			    path, strerror(errno));
			goto out;
		}
		if (got == 0)
			break;
		f->len += (size_t)got;
	}
	if (f->len > CONFIG_MAX_FILE)
		rc = dp_fail(err, DP_EX_CONFIG, "'%s' is larger than %d bytes; "
		    "is it the configuration file?", path, CONFIG_MAX_FILE);
	f->data[f->len] = '\0';
out:
	close(fd);
	return rc;
}

static int
is_blank(int c)
{
	return c == ' ' || c == '\t';
}

/* Parse line l (number no) of f; errors without the FILE:LINE prefix. */
static int
parse_line(struct cfile *f, struct cline *l, int no, struct dp_err *err)
{
	char *s = f->data + l->off, *e = s + l->len, *eq, *ke, *v, *ve;
	char qb[EXCERPT_BUF], *key, *val;
	struct dp_err sub = DP_ERR_INIT;
	int k;

	l->key = -1;
	if (!utf8_valid(s, l->len, NULL))
		return dp_fail(err, DP_EX_CONFIG, "not valid UTF-8");
	while (s < e && is_blank(*s))
		s++;
	while (e > s && is_blank(e[-1]))
		e--;
	if (s == e || *s == '#')
		return 0;
	if ((eq = memchr(s, '=', (size_t)(e - s))) == NULL)
		return dp_fail(err, DP_EX_CONFIG, "expected 'key = value', "
		    "not '%s'", text_excerpt(s, (size_t)(e - s), qb));
	for (ke = eq; ke > s && is_blank(ke[-1]); ke--)
		;
	if (ke == s)
		return dp_fail(err, DP_EX_CONFIG, "no key before '='");
	key = xstrndup(s, (size_t)(ke - s));
	k = key_index(key);
	free(key);
	if (k < 0)
		return dp_fail(err, DP_EX_CONFIG, "unknown key '%s'",
		    text_excerpt(s, (size_t)(ke - s), qb));
	if (f->at[k] != 0)
		return dp_fail(err, DP_EX_CONFIG, "'%s' is set again (first on "
		    "line %d)", keys[k].name, f->at[k]);
	for (v = eq + 1; v < e && is_blank(*v); v++)
		;
	ve = e;
	if (v < ve && *v == '"') {
		if (ve - v < 2 || ve[-1] != '"')
			return dp_fail(err, DP_EX_CONFIG, "%s: the value starts "
			    "with '\"' but does not end with one", keys[k].name);
		v++;
		ve--;
	}
	val = xstrndup(v, (size_t)(ve - v));
	if (check_value(k, val, 0, &sub) != 0) {
		free(val);
		return dp_fail(err, DP_EX_CONFIG, "%s: %s", keys[k].name,
		    sub.msg);
	}
	l->key = k;
	f->val[k] = val;
	f->at[k] = no;
	return 0;
}

/*
 * Read and parse path into f (released by the caller, also on error).
 * Errors name path, and the line when there is one.
 */
static int
parse_file(const char *path, struct cfile *f, int *exists,
    struct dp_err *err)
{
	size_t off = 0, nl;
	char *p, *end;
	struct cline *l;
	int rc;

	memset(f, 0, sizeof(*f));
	if ((rc = read_all(path, f, exists, err)) != 0 || !*exists)
		return rc;
	if (f->len >= 3 && memcmp(f->data, "\xef\xbb\xbf", 3) == 0)
		off = 3;	/* a byte-order mark; kept as it is */
	while (off < f->len) {
		p = f->data + off;
		end = memchr(p, '\n', f->len - off);
		nl = end != NULL ? (size_t)(end - p) : f->len - off;
		GROW(f->lines, f->n + 1, f->cap);
		l = &f->lines[f->n++];
		l->off = off;
		l->len = nl;
		l->endlen = end != NULL ? 1 : 0;
		if (end != NULL && nl > 0 && p[nl - 1] == '\r') {
			l->len--;
			l->endlen++;
		}
		if (l->len > CONFIG_MAX_LINE)
			return dp_fail(err, DP_EX_CONFIG, "%s:%zu: line longer "
			    "than %d bytes", path, f->n, CONFIG_MAX_LINE);
		if (parse_line(f, l, (int)f->n, err) != 0) {
			dp_err_prefix(err, "%s:%zu", path, f->n);
			return DP_EX_CONFIG;
		}
		off += l->len + l->endlen;
	}
	return 0;
}

char *
config_path(struct dp_err *err)
{
	const char *v;

	if ((v = getenv("DEPEER_CONFIG")) != NULL && *v != '\0')
		return xstrdup(v);
	if ((v = getenv("XDG_CONFIG_HOME")) != NULL && *v == '/')
		return xasprintf("%s/depeer/config", v);
	if ((v = getenv("HOME")) != NULL && *v == '/')
		return xasprintf("%s/.config/depeer/config", v);
	dp_fail(err, DP_EX_CONFIG, "no configuration file path: set "
	    "DEPEER_CONFIG, XDG_CONFIG_HOME or HOME");
	return NULL;
}

int
config_load(const char *path, struct config **out, struct dp_err *err)
{
	struct config *c = xcalloc(1, sizeof(*c));
	struct cfile f;
	struct dp_err sub = DP_ERR_INIT;
	char *mine = NULL;
	const char *v;
	int exists = 0, rc = 0;
	size_t k;

	memset(&f, 0, sizeof(f));
	if (path == NULL)
		path = mine = config_path(NULL);
	c->file = xstrdup(path != NULL ? path : "");
	if (path != NULL && (rc = parse_file(path, &f, &exists, err)) != 0)
		goto out;
	for (k = 0; k < NKEYS; k++) {
		if ((v = getenv(keys[k].env)) != NULL && *v != '\0') {
			if (check_value((int)k, v, 1, &sub) != 0) {
				rc = dp_fail(err, DP_EX_CONFIG, "%s: %s",
				    keys[k].env, sub.msg);
				goto out;
			}
			c->val[k] = xstrdup(v);
			c->origin[k] = O_ENV;
		} else if (f.val[k] != NULL) {
			c->val[k] = f.val[k];
			f.val[k] = NULL;
			c->origin[k] = O_FILE;
			c->line[k] = f.at[k];
		}
	}
	*out = c;
	c = NULL;
out:
	cfile_release(&f);
	free(mine);
	config_free(c);
	return rc;
}

void
config_free(struct config *c)
{
	size_t k;

	if (c == NULL)
		return;
	for (k = 0; k < NKEYS; k++)
		free(c->val[k]);
	free(c->file);
	free(c);
}

const char *
config_file(const struct config *c)
{
	return c->file;
}

const char *
config_get(const struct config *c, const char *key)
{
	int k = key_must(key);

	return c->val[k] != NULL ? c->val[k] : keys[k].def;
}

const char *
config_origin(const struct config *c, const char *key)
{
	static const char *const names[] = { "default", "file", "env" };

	return names[c->origin[key_must(key)]];
}

int
config_line(const struct config *c, const char *key)
{
	return c->line[key_must(key)];
}

long long
config_int(const struct config *c, const char *key)
{
	int k = key_must(key);
	long long x;

	if (keys[k].type != K_INT)
		die("configuration key '%s' is not a number", key);
	if (parse_int(config_get(c, key), keys[k].min, keys[k].max, &x,
	    NULL) != 0)
		die("configuration key '%s' was not checked", key);
	return x;
}

char *
config_host(const struct config *c, const char *key, int *port)
{
	int k = key_must(key);
	char host[300];

	if (keys[k].type != K_HOST && keys[k].type != K_NS)
		die("configuration key '%s' is not a host", key);
	*port = 0;
	if (*config_get(c, key) == '\0')	/* dns_server unset */
		return xstrdup("");
	if (split_host(config_get(c, key), host, sizeof(host), port,
	    NULL) != 0)
		die("configuration key '%s' was not checked", key);
	return xstrdup(host);
}

int
config_net(const struct config *c, struct net_config *nc,
    struct dp_err *err)
{
	(void)err;
	net_config_default(nc);
	nc->connect_timeout_ms = (long)config_int(c, "connect_timeout_ms");
	nc->read_timeout_ms = (long)config_int(c, "read_timeout_ms");
	nc->total_timeout_ms = (long)config_int(c, "total_timeout_ms");
	nc->retries = (int)config_int(c, "retries");
	nc->backoff_ms = (long)config_int(c, "backoff_ms");
	nc->connect_to = config_get(c, "connect_to");
	nc->ca_bundle = config_get(c, "ca_bundle");
	return 0;
}

/* ---- rewriting the file ---- */

/*
 * Write data to path through a temporary file beside it (outfile.h), after
 * creating its missing folders (see config.h).
 */
static int
write_atomic(const char *path, const char *data, size_t len,
    struct dp_err *err)
{
	struct outfile *of;
	char *dir = xstrdup(path), *slash;
	int rc;

	slash = strrchr(dir, '/');
	if (slash != NULL && slash != dir) {
		*slash = '\0';
		if (mkdir_p(dir, 0700) != 0) {
			rc = dp_fail(err, DP_EX_CANTCREAT, "cannot create "
			    "'%s': %s", dir, strerror(errno));
			free(dir);
			return rc;
		}
	}
	free(dir);
	if ((rc = outfile_open(path, 1, &of, err)) != 0)
		return rc;
	/* A short write leaves the stream's error set for the commit. */
	(void)fwrite(data, 1, len, outfile_fp(of));
	return outfile_commit(of, err);
}

/* "key = value", quoted when the value's ends would be trimmed. */
static void
add_setting(struct buf *b, int k, const char *value)
{
	size_t n = strlen(value);

	if (n > 0 && (is_blank(value[0]) || value[0] == '"' ||
	    is_blank(value[n - 1])))
		buf_addf(b, "%s = \"%s\"", keys[k].name, value);
	else
		buf_addf(b, "%s = %s", keys[k].name, value);
}

/* Set (value not NULL) or unset key in the file at path. */
static int
edit_file(const char *path, const char *key, const char *value,
    int *changed, struct dp_err *err)
{
	struct buf b = BUF_INIT;
	struct cfile f;
	struct stat st;
	char *real = NULL;
	int k, exists, rc;
	size_t i;

	memset(&f, 0, sizeof(f));
	if (changed != NULL)
		*changed = 0;
	if ((k = key_index(key)) < 0)
		return config_check(key, "", err);
	if (value != NULL && (rc = check_value(k, value, 0, err)) != 0)
		return rc;
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		if ((real = realpath(path, NULL)) == NULL)
			return dp_fail(err, DP_EX_CONFIG, "cannot follow the "
			    "link '%s': %s", path, strerror(errno));
		path = real;
	}
	if ((rc = parse_file(path, &f, &exists, err)) != 0) {
		if (rc == DP_EX_CONFIG && err != NULL)
			snprintf(err->msg + strlen(err->msg),
			    sizeof(err->msg) - strlen(err->msg),
			    "; edit the file by hand first");
		goto out;
	}
	if (value == NULL && f.at[k] == 0)
		goto out;	/* nothing to remove */
	if (f.len >= 3 && memcmp(f.data, "\xef\xbb\xbf", 3) == 0)
		buf_add(&b, f.data, 3);
	for (i = 0; i < f.n; i++) {
		const struct cline *l = &f.lines[i];

		if (l->key != k) {
			buf_add(&b, f.data + l->off, l->len + l->endlen);
			continue;
		}
		if (value == NULL)
			continue;
		add_setting(&b, k, value);
		/* Keep the line's end: "\r\n" stays, a last line stays open. */
		buf_add(&b, f.data + l->off + l->len, l->endlen);
	}
	if (value != NULL && f.at[k] == 0) {
		if (b.len > 0 && b.s[b.len - 1] != '\n')
			buf_addc(&b, '\n');
		add_setting(&b, k, value);
		buf_addc(&b, '\n');
	}
	if (exists && b.len == f.len && memcmp(b.s, f.data, b.len) == 0)
		goto out;	/* the same already */
	if (b.len > CONFIG_MAX_FILE) {
		rc = dp_fail(err, DP_EX_DATAERR, "'%s' would grow larger than "
		    "%d bytes", path, CONFIG_MAX_FILE);
		goto out;
	}
	if ((rc = write_atomic(path, b.s, b.len, err)) == 0 &&
	    changed != NULL)
		*changed = 1;
out:
	buf_release(&b);
	cfile_release(&f);
	free(real);
	return rc;
}

int
config_set_file(const char *path, const char *key, const char *value,
    int *changed, struct dp_err *err)
{
	return edit_file(path, key, value, changed, err);
}

int
config_unset_file(const char *path, const char *key, int *changed,
    struct dp_err *err)
{
	return edit_file(path, key, NULL, changed, err);
}
