/*
 * report_redact.c - what --redact hides in a report (report_int.h):
 * indicators (IP addresses, prefixes, domain names, URLs, defanged or
 * not) and personal e-mail addresses, each replaced by a numbered
 * placeholder, "[redacted ipv4 #3]", the same value always the same
 * number, so that a reader can still tell two apart.
 *
 * Hand-written: no library finds indicators in prose.  The scan is
 * deliberately greedy (a file name such as "dump.pcap" reads as a domain
 * and is hidden too): for publication, hiding too much is the safe
 * error.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "ipnet.h"
#include "refang.h"
#include "report_int.h"

static const char *const types[] = {
	"ipv4", "ipv6", "cidr", "domain", "url", "email", "name", "file",
	NULL
};
#define NTYPES	8

struct red_entry {
	char		*value;		/* as compared: lower case */
	char		*shown;		/* the placeholder */
};

struct redactor {
	struct red_entry *v;
	size_t		 n;
	size_t		 count[NTYPES];
	char		**keep;		/* values never hidden (lower case) */
	size_t		 nkeep;
};

struct redactor *
redactor_new(void)
{
	return xcalloc(1, sizeof(struct redactor));
}

void
redactor_free(struct redactor *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++) {
		free(r->v[i].value);
		free(r->v[i].shown);
	}
	for (i = 0; i < r->nkeep; i++)
		free(r->keep[i]);
	free(r->keep);
	free(r->v);
	free(r);
}

static char *
lower(const char *s)
{
	char *l = xstrdup(s), *p;

	for (p = l; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	return l;
}

void
redactor_keep(struct redactor *r, const char *value)
{
	r->keep = xreallocarray(r->keep, r->nkeep + 1, sizeof(*r->keep));
	r->keep[r->nkeep++] = lower(value);
}

static int
kept(const struct redactor *r, const char *l)
{
	size_t i;

	for (i = 0; i < r->nkeep; i++)
		if (strcmp(r->keep[i], l) == 0)
			return 1;
	return 0;
}

const char *
redact_value(struct redactor *r, const char *type, const char *value)
{
	char *l = lower(value), buf[64];
	size_t i, t;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->v[i].value, l) == 0) {
			free(l);
			return r->v[i].shown;
		}
	for (t = 0; types[t] != NULL && strcmp(types[t], type) != 0; t++)
		;
	if (types[t] == NULL)
		t = NTYPES - 2;		/* "name": never reached by callers */
	snprintf(buf, sizeof(buf), "[redacted %s #%zu]", types[t],
	    ++r->count[t]);
	r->v = xreallocarray(r->v, r->n + 1, sizeof(*r->v));
	r->v[r->n].value = l;
	r->v[r->n].shown = xstrdup(buf);
	return r->v[r->n++].shown;
}

int
redact_is_role(const char *addr)
{
	static const char *const roles[] = {
		"abuse", "noc", "security", "postmaster", "hostmaster",
		"support", "info", "cert", "csirt", "soc", "trouble",
		"ipadmin", "peering", "legal", "press", "media", NULL
	};
	const char *at = strrchr(addr, '@');
	size_t i, n, len;

	if (at == NULL)
		return 0;
	len = (size_t)(at - addr);
	for (i = 0; roles[i] != NULL; i++) {
		n = strlen(roles[i]);
		/* abuse@, abuse-team@, abuse.desk@, abuse_reports@ */
		if (len >= n && strncasecmp(addr, roles[i], n) == 0 &&
		    (len == n || addr[n] == '-' || addr[n] == '.' ||
		    addr[n] == '_'))
			return 1;
	}
	return 0;
}

/* A host name of two labels or more whose last is letters (a TLD). */
static int
is_domain(const char *s)
{
	const char *p, *last = s;
	size_t labels = 1, len = 0;

	if (*s == '\0' || *s == '.' || *s == '-')
		return 0;
	for (p = s; *p != '\0'; p++) {
		if (*p == '.') {
			if (len == 0)
				return 0;
			labels++;
			len = 0;
			last = p + 1;
		} else if (isalnum((unsigned char)*p) || *p == '-' ||
		    *p == '_')
			len++;
		else
			return 0;
	}
	if (labels < 2 || len < 2)
		return 0;
	for (p = last; *p != '\0'; p++)
		if (!isalpha((unsigned char)*p))
			return 0;
	return 1;
}

/*
 * The type of token t (refanged already), or NULL when it is not an
 * indicator; an e-mail address of a role gives "".
 */
static const char *
classify(const char *t)
{
	struct ipnet n;
	const char *what, *at, *slash;
	char host[256];
	size_t hl;

	if (strstr(t, "://") != NULL)
		return "url";
	if ((at = strchr(t, '@')) != NULL && at != t &&
	    is_domain(at + 1))
		return redact_is_role(t) ? "" : "email";
	if ((slash = strchr(t, '/')) != NULL) {
		if (slash[1] != '\0' &&
		    strspn(slash + 1, "0123456789") == strlen(slash + 1) &&
		    ipnet_parse_addr(t, (size_t)(slash - t), &n, &what) ==
		    NULL)
			return "cidr";
		hl = (size_t)(slash - t);
		if (hl > 0 && hl < sizeof(host)) {
			memcpy(host, t, hl);
			host[hl] = '\0';
			if (is_domain(host))
				return "url";
		}
		return NULL;
	}
	if (ipnet_parse_addr(t, strlen(t), &n, &what) == NULL)
		return n.family == 4 || strchr(t, ':') == NULL ? "ipv4" :
		    "ipv6";
	if (is_domain(t))
		return "domain";
	return NULL;
}

/* Characters that end a token of prose. */
static int
delim(int c, const char *seps)
{
	return c == '\0' || isspace(c) || c == '<' || c == '>' ||
	    c == '"' || c == ',' || c == ';' || strchr(seps, c) != NULL;
}

static void
add_token(struct redactor *r, const char *s, size_t n, struct buf *out)
{
	const char *lead = "([{'`*_", *trail = ".,:;!?)]}'`*_";
	size_t a = 0, b = n;
	char *tok, *ref, *l;
	const char *type, *use;

	while (a < b && strchr(lead, s[a]) != NULL)
		a++;
	/* a defanged "[.]" or "(.)" ends in a bracket: keep those */
	while (b > a && strchr(trail, s[b - 1]) != NULL &&
	    !(b - a >= 3 && (s[b - 1] == ']' || s[b - 1] == ')') &&
	    s[b - 2] != s[b - 1] && strchr("[(", s[b - 3]) != NULL))
		b--;
	tok = xmalloc(b - a + 1);
	memcpy(tok, s + a, b - a);
	tok[b - a] = '\0';
	ref = refang(tok);
	use = ref != NULL ? ref : tok;
	type = b > a ? classify(use) : NULL;
	l = lower(use);
	if (type == NULL || *type == '\0' || kept(r, l)) {
		buf_add(out, s, n);
	} else {
		buf_add(out, s, a);
		buf_adds(out, redact_value(r, type, use));
		buf_add(out, s + b, n - b);
	}
	free(l);
	free(ref);
	free(tok);
}

char *
redact_text(struct redactor *r, const char *s)
{
	return redact_text_seps(r, s, "");
}

char *
redact_text_seps(struct redactor *r, const char *s, const char *seps)
{
	struct buf out;
	size_t i, start;

	if (s == NULL)
		return NULL;
	buf_init(&out);
	for (i = 0; s[i] != '\0';) {
		if (delim((unsigned char)s[i], seps)) {
			buf_addc(&out, s[i++]);
			continue;
		}
		start = i;
		while (!delim((unsigned char)s[i], seps))
			i++;
		add_token(r, s + start, i - start, &out);
	}
	return buf_detach(&out, NULL);
}

char *
redact_address(struct redactor *r, const char *addr)
{
	if (addr == NULL)
		return NULL;
	if (redact_is_role(addr))
		return xstrdup(addr);
	return xstrdup(redact_value(r, "email", addr));
}

char *
redact_counts(const struct redactor *r)
{
	struct buf b;
	size_t t;

	buf_init(&b);
	for (t = 0; types[t] != NULL; t++)
		if (r->count[t] > 0)
			buf_addf(&b, "%s%zu %s", b.len > 0 ? ", " : "",
			    r->count[t], types[t]);
	return buf_detach(&b, NULL);
}
