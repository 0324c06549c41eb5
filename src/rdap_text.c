/*
 * rdap_text.c - the helpers every RDAP reader shares (rdap.c, rdap_entity.c,
 * rdap_bootstrap.c): ASCII tests that ignore the locale, text from a
 * reply made fit for a record field or a message, bounded notes, JSON
 * string members, links (a URL's scheme, an object's self link, the
 * registry a link or port43 names), and rdap_url().  Below the readers,
 * so that they call it and it calls none of them.
 */
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "rdap_int.h"

/* ASCII helpers; <ctype.h> would depend on the locale. */
int
rp_is_digit(int c)
{
	return c >= '0' && c <= '9';
}

int
rp_is_blank_ctl(int c)
{
	return (unsigned char)c <= ' ' || c == 0x7f;
}

/* Whether needle occurs in s[0..n), ignoring ASCII case. */
int
rp_ci_contains(const char *s, size_t n, const char *needle)
{
	size_t m = strlen(needle), i, j;

	if (m == 0)
		return 1;
	for (i = 0; i + m <= n; i++) {
		for (j = 0; j < m; j++)
			if (ascii_tolower((unsigned char)s[i + j]) !=
			    ascii_tolower((unsigned char)needle[j]))
				break;
		if (j == m)
			return 1;
	}
	return 0;
}

/*
 * Add a note unless the record has MAX_NOTES already (then one last note
 * says so): a hostile reply must not grow the notes without bound.
 */
void
rp_add_note(struct reg_record *r, const char *fmt, ...)
{
	va_list ap;
	char *s;

	if (r->nnotes > MAX_NOTES)
		return;
	if (r->nnotes == MAX_NOTES) {
		reg_add_note(r, "further notes dropped");
		return;
	}
	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	reg_add_note(r, "%s", s);
	free(s);
}

/*
 * A copy of s fit for a one-line field: control characters become spaces,
 * leading and trailing blanks go, and the text is cut at max bytes on a
 * UTF-8 character boundary (*cut set).  NULL if nothing is left.  s is
 * valid UTF-8 (jansson checks, or the bytes were replaced before).
 */
char *
rp_clean_text(const char *s, size_t max, int *cut)
{
	size_t len = strlen(s), start = 0, end, i;
	char *t;

	*cut = 0;
	while (start < len && rp_is_blank_ctl(s[start]))
		start++;
	end = len;
	while (end > start && rp_is_blank_ctl(s[end - 1]))
		end--;
	if (end - start > max) {
		end = start + max;
		while (end > start && ((unsigned char)s[end] & 0xc0) == 0x80)
			end--;
		*cut = 1;
	}
	if (end == start)
		return NULL;
	t = xstrndup(s + start, end - start);
	for (i = 0; t[i] != '\0'; i++) {
		if ((unsigned char)t[i] < 0x20 || t[i] == 0x7f)
			t[i] = ' ';
		/*
		 * C1 controls (U+0080..U+009F, "\xc2\x80".."\xc2\x9f") act as
		 * escape sequences on some terminals: a space each, like the
		 * C0 ones, so a hostile registry name cannot drive the
		 * terminal that shows it.
		 */
		if ((unsigned char)t[i] == 0xc2 && t[i + 1] != '\0' &&
		    (unsigned char)t[i + 1] >= 0x80 &&
		    (unsigned char)t[i + 1] <= 0x9f) {
			memmove(t + i + 1, t + i + 2, strlen(t + i + 2) + 1);
			t[i] = ' ';
		}
	}
	return t;
}

/* Set a record field from RDAP text, noting a cut. */
void
rp_set_text(struct reg_record *r, char **field, const char *what, const char *s,
    size_t max)
{
	int cut;

	free(*field);
	*field = s != NULL ? rp_clean_text(s, max, &cut) : NULL;
	if (s != NULL && cut)
		rp_add_note(r, "%s cut to %zu bytes", what, max);
}

/*
 * At most max bytes of s[0..n) for a message: blanks and controls
 * collapsed to one space, and bytes above 0x7f shown as '?' unless the
 * snippet is valid UTF-8.  The caller frees it.
 */
char *
rp_snippet(const char *s, size_t n, size_t max)
{
	char *t = xmalloc(max + 4);
	size_t i, k, o = 0, bad;
	int space = 0;

	for (i = 0; i < n && o < max; i++) {
		unsigned char c = (unsigned char)s[i];

		if (rp_is_blank_ctl(c)) {
			space = o > 0;
			continue;
		}
		if (space) {
			t[o++] = ' ';
			space = 0;
			if (o == max)
				break;
		}
		t[o++] = (char)c;
	}
	/* A character cut at the end goes; other bad bytes become '?'. */
	if (!utf8_valid(t, o, &bad) && o - bad < 4 &&
	    (unsigned char)t[bad] >= 0xc0)
		o = bad;
	if (!utf8_valid(t, o, NULL))
		for (k = 0; k < o; k++)
			if ((unsigned char)t[k] >= 0x80)
				t[k] = '?';
	if (i < n) {
		memcpy(t + o, "...", 3);
		o += 3;
	}
	t[o] = '\0';
	return t;
}

/* A string member of a JSON object, or NULL (absent or not a string). */
const char *
rp_jstr(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* Whether s starts with prefix, ignoring ASCII case. */
int
rp_ci_prefix(const char *s, const char *prefix)
{
	return ascii_ncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* A usable http(s) URL: printable ASCII, no blanks, not too long. */
int
rp_url_ok(const char *s)
{
	size_t i;

	if (s == NULL ||
	    (!rp_ci_prefix(s, "https://") && !rp_ci_prefix(s, "http://")))
		return 0;
	for (i = 0; s[i] != '\0'; i++)
		if ((unsigned char)s[i] <= ' ' || (unsigned char)s[i] >= 0x7f ||
		    i >= MAX_URL)
			return 0;
	return 1;
}

/* The href of o's "self" link, or NULL. */
const char *
rp_self_link(json_t *o)
{
	json_t *l;
	size_t i;

	json_array_foreach(json_object_get(o, "links"), i, l) {
		const char *rel = rp_jstr(l, "rel"), *href = rp_jstr(l, "href");

		if (rel != NULL && ascii_casecmp(rel, "self") == 0 &&
		    rp_url_ok(href))
			return href;
	}
	return NULL;
}

/* The registry a host name or URL belongs to, or NULL. */
const char *
rp_registry_of(const char *s)
{
	static const struct {
		const char *needle, *name;
	} t[] = {
		{ "arin.net", "arin" },
		{ "ripe.net", "ripe" },
		{ "nic.ad.jp", "jpnic" },
		{ "apnic.net", "apnic" },
		{ "lacnic.net", "lacnic" },
		{ "afrinic.net", "afrinic" },
		{ "registro.br", "nicbr" },
		{ "nic.br", "nicbr" },
		{ "nic.or.kr", "krnic" },
		{ "kisa.or.kr", "krnic" },
		{ "twnic.net", "twnic" },
	};
	const char *host, *end;
	size_t i, n;

	if (s == NULL)
		return NULL;
	host = strstr(s, "://");
	host = host != NULL ? host + 3 : s;
	end = strchr(host, '/');
	n = end != NULL ? (size_t)(end - host) : strlen(host);
	for (i = 0; i < ARRAY_SIZE(t); i++)
		if (rp_ci_contains(host, n, t[i].needle))
			return t[i].name;
	return NULL;
}

char *
rdap_url(const char *base, const char *path)
{
	size_t n = strlen(base);

	while (n > 0 && base[n - 1] == '/')
		n--;
	while (*path == '/')
		path++;
	return xasprintf("%.*s/%s", (int)n, base, path);
}
