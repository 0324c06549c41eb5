/*
 * refang.c - undo defanged indicators; see refang.h.
 *
 * Hand-written: the forms are a short fixed table and no library the
 * project uses knows them (the IOC tools that do are Python).  The
 * table is the whole policy: a form goes in only when threat-intel
 * reports and feeds use it widely, since each one added is a way an
 * odd but genuine value could be read differently.
 */
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "buf.h"
#include "refang.h"
#include "validate.h"

static const struct {
	const char	*from;		/* matched without ASCII case */
	const char	*to;
} forms[] = {
	{ "[://]", "://" },
	{ "[.]", "." },
	{ "(.)", "." },
	{ "[dot]", "." },
	{ "[:]", ":" },
	{ "[@]", "@" },
	{ "[at]", "@" },
};

/*
 * The length of a defanged scheme "hxxp" or "hxxps" at the start of s,
 * followed by ':' or "[:", with *https set for the second; 0 if none.
 */
static size_t
defanged_scheme(const char *s, int *https)
{
	size_t n;

	if (ascii_ncasecmp(s, "hxxp", 4) != 0)
		return 0;
	n = 4;
	*https = ascii_tolower((unsigned char)s[4]) == 's';
	if (*https)
		n++;
	/* Not "hxxp[.]example.com", a domain that merely starts so. */
	return s[n] == ':' || (s[n] == '[' && s[n + 1] == ':') ? n : 0;
}

char *
refang(const char *s)
{
	struct buf b = BUF_INIT;
	size_t i, k, n;
	int https, changed = 0;

	if ((n = defanged_scheme(s, &https)) > 0) {
		buf_adds(&b, https ? "https" : "http");
		s += n;
		changed = 1;
	}
	while (*s != '\0') {
		for (k = 0; k < sizeof(forms) / sizeof(forms[0]); k++) {
			n = strlen(forms[k].from);
			if (ascii_ncasecmp(s, forms[k].from, n) == 0)
				break;
		}
		if (k < sizeof(forms) / sizeof(forms[0])) {
			buf_adds(&b, forms[k].to);
			s += n;
			changed = 1;
			continue;
		}
		for (i = 1; s[i] != '\0' && s[i] != '[' && s[i] != '('; i++)
			;
		buf_add(&b, s, i);
		s += i;
	}
	if (!changed) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

/*
 * The refanged text is made first: it is a cheap scan, and an import of
 * a million rows then validates only the few rows that have a defang
 * form twice.
 */
char *
refang_indicator(const char *s)
{
	enum ind_type t;
	char *canon, *r;

	int https;

	if ((r = refang(s)) == NULL)
		return NULL;
	/*
	 * "hxxp://host/" passes val_indicator() (a URL's scheme may be one
	 * depeer does not speak), but no registered scheme is spelt so: it
	 * is always a defanged http.
	 */
	if (defanged_scheme(s, &https) == 0 &&
	    val_indicator(s, &t, &canon, NULL) == 0) {
		free(canon);	/* valid as typed: left alone */
		free(r);
		return NULL;
	}
	if (val_indicator(r, &t, &canon, NULL) != 0) {
		free(r);
		return NULL;
	}
	free(canon);
	return r;
}

char *
refang_cidr(const char *s)
{
	struct ipnet n;
	char *r;

	if ((r = refang(s)) == NULL)
		return NULL;
	if (val_cidr(s, &n, NULL) == 0 || val_cidr(r, &n, NULL) != 0) {
		free(r);
		return NULL;
	}
	return r;
}
