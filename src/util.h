/*
 * util.h - memory helpers that die on exhaustion (and GROW() for arrays), the
 * error struct that core modules fill, the message functions the command
 * layer prints with, and mkdir_p().
 */
#ifndef DEPEER_UTIL_H
#define DEPEER_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdnoreturn.h>
#include <sys/types.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * An error from a core module: a DP_EX_* code and a complete message
 * ("line 4: invalid IPv4 address '1.2.3'").  Core modules never print; they
 * fill one of these and return its code.  The command layer prints the
 * message as "depeer: <msg>" and exits with the code.
 */
struct dp_err {
	int	code;
	char	msg[1024];
};
#define DP_ERR_INIT	{ 0, "" }

/*
 * Fill err (if not NULL) with code and the formatted message; returns code so
 * a caller can write "return dp_fail(err, DP_EX_DATAERR, ...)".
 */
int	dp_fail(struct dp_err *err, int code, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/*
 * Put "prefix: " in front of err's message, for context added on the way up
 * ("line 12: ...").
 */
void	dp_err_prefix(struct dp_err *err, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* Print "depeer: <msg>" on stderr; error() returns -1. */
int	error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* For out-of-memory and "cannot happen": prints and exits DP_EX_SOFTWARE. */
noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Allocation that dies on exhaustion; the caller frees the result. */
void	*xmalloc(size_t n);
void	*xcalloc(size_t nmemb, size_t size);
void	*xrealloc(void *p, size_t n);
char	*xstrdup(const char *s);
char	*xstrndup(const char *s, size_t n);
char	*xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char	*xvasprintf(const char *fmt, va_list ap);

/*
 * As xcalloc(), but zeroed by writing: for a large table that threads
 * probe (read, then write) while other threads of the process run.  A
 * calloc'ed block that large is fresh mmap'ed memory whose first read
 * of a page maps the shared zero page; the write after it is then a
 * copy-on-write fault that flushes the TLB of every CPU the process
 * runs on, by interrupt.  Written first, each page is simply allocated.
 */
void	*xcalloc_written(size_t nmemb, size_t size);

/*
 * p resized to nmemb elements of size bytes each (p may be NULL); dies if
 * nmemb * size overflows or memory is exhausted (OpenBSD reallocarray(3)
 * that dies).  The caller frees the result.
 */
void	*xreallocarray(void *p, size_t nmemb, size_t size);

/*
 * The capacity to grow an array of cap elements to so that it holds at
 * least need: double cap (at least 8) until it does.  Dies if that would
 * overflow size_t.  For GROW(); need > cap.
 */
size_t	grow_cap(size_t cap, size_t need);

/*
 * Make the array ptr, which has room for cap elements, hold at least need
 * of them: when need > cap, grow cap by doubling and reallocate ptr
 * (xreallocarray: dies on overflow or exhaustion), else do nothing.  ptr
 * may be NULL with cap 0.  cap is a size_t lvalue kept beside ptr; the
 * arguments are evaluated more than once, so they must have no side
 * effects.  Appending one element:
 *
 *	GROW(v, n + 1, cap);
 *	v[n++] = x;
 *
 * New elements are not initialised.  Growing by doubling costs O(n) copies
 * for n appends, where "realloc to n + 1" on every append costs O(n^2).
 */
#define GROW(ptr, need, cap)	do {					\
	if ((need) > (cap)) {						\
		(cap) = grow_cap((cap), (need));			\
		(ptr) = xreallocarray((ptr), (cap), sizeof(*(ptr)));	\
	}								\
} while (0)

/*
 * Create the folder path and its missing parents with mode (a folder that
 * exists already is fine).  path is changed while it runs and restored.
 * Returns 0, or -1 with errno set.
 */
int	mkdir_p(char *path, mode_t mode);

#endif
