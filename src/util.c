/*
 * util.c - allocation that dies on exhaustion (arrays grown by doubling
 * too), the dp_err helpers, the "depeer: ..." message functions, and
 * mkdir_p().
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "exitcodes.h"
#include "termsafe.h"
#include "util.h"

int
dp_fail(struct dp_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL) {
		err->code = code;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return code;
}

void
dp_err_prefix(struct dp_err *err, const char *fmt, ...)
{
	char pre[256];
	size_t plen, mlen;
	va_list ap;
	int n;

	if (err == NULL)
		return;
	va_start(ap, fmt);
	n = vsnprintf(pre, sizeof(pre) - 2, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	plen = strlen(pre);
	memcpy(pre + plen, ": ", 2);
	plen += 2;
	mlen = strnlen(err->msg, sizeof(err->msg) - 1);
	if (plen + mlen > sizeof(err->msg) - 1)
		mlen = sizeof(err->msg) - 1 - plen;
	memmove(err->msg + plen, err->msg, mlen);
	memcpy(err->msg, pre, plen);
	err->msg[plen + mlen] = '\0';
}

/*
 * Every message is one line, and its values came from outside (file
 * names, registry text, parser context): the formatted text is written
 * in termsafe.h's one-line visible form, so that no control character,
 * line break or bidi override in a value reaches the terminal.  Into a
 * stack buffer first: die() says "out of memory" through here.
 */
static void
vmsg(const char *prefix, const char *fmt, va_list ap)
{
	char line[4096], *big = NULL;
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(line, sizeof(line), fmt, cp);
	va_end(cp);
	if (n < 0)
		n = 0, line[0] = '\0';
	else if ((size_t)n >= sizeof(line) &&
	    (big = malloc((size_t)n + 1)) != NULL)
		vsnprintf(big, (size_t)n + 1, fmt, ap);
	else if ((size_t)n >= sizeof(line))
		n = (int)sizeof(line) - 1;	/* no memory: cut */
	fflush(stdout);
	fputs("depeer: ", stderr);
	if (prefix != NULL)
		fputs(prefix, stderr);
	ts_fwrite(big != NULL ? big : line, (size_t)n, 0, stderr);
	fputc('\n', stderr);
	free(big);
}

int
error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(NULL, fmt, ap);
	va_end(ap);
	return -1;
}

void
warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("warning: ", fmt, ap);
	va_end(ap);
}

noreturn void
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("fatal: ", fmt, ap);
	va_end(ap);
	exit(DP_EX_SOFTWARE);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		die("out of memory (allocating %zu bytes)", n);
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (p == NULL)
		die("out of memory (allocating %zu x %zu bytes)", nmemb, size);
	return p;
}

void *
xcalloc_written(size_t nmemb, size_t size)
{
	void *p;

	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	p = xreallocarray(NULL, nmemb, size);
	memset(p, 0, nmemb * size);
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		die("out of memory (allocating %zu bytes)", n);
	return q;
}

void *
xreallocarray(void *p, size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size)
		die("out of memory (%zu x %zu bytes overflows)", nmemb, size);
	return xrealloc(p, nmemb * size);
}

size_t
grow_cap(size_t cap, size_t need)
{
	size_t n = cap < 8 ? 8 : cap;

	while (n < need) {
		if (n > SIZE_MAX / 2)
			die("out of memory (an array of %zu elements)", need);
		n *= 2;
	}
	return n;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p;
	size_t len = strnlen(s, n);

	p = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
xvasprintf(const char *fmt, va_list ap)
{
	va_list cp;
	int n;
	char *p;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		die("bad format '%s'", fmt);
	p = xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

int
mkdir_p(char *path, mode_t mode)
{
	char *p;

	for (p = path + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, mode) != 0 && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	if (mkdir(path, mode) != 0 && errno != EEXIST)
		return -1;
	return 0;
}
