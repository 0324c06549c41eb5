/*
 * mailbox.c - the messages of an mbox, a message file, a Maildir or
 * standard input (mailbox.h).
 *
 * GMime's parser in mbox mode finds the "From " separators (it knows
 * the format's rules, Content-Length excepted: mboxcl is not trusted,
 * since a wrong length would cut a message in two); the bytes of each
 * message are then taken from the original buffer by the offsets it
 * reports, so that what is stored is what arrived, not GMime's
 * re-serialisation of it.  Only the ">From " unquoting is written here:
 * GMime leaves quoted lines as they are.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gmime/gmime.h>

#include "buf.h"
#include "exitcodes.h"
#include "mail.h"
#include "mailbox.h"
#include "openin.h"
#include "util.h"

void
mbox_list_release(struct mbox_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].data);
		free(l->v[i].where);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static void
add_msg(struct mbox_list *l, char *data, size_t len, char *where)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n].data = data;
	l->v[l->n].len = len;
	l->v[l->n].where = where;
	l->n++;
}

/*
 * s[0..n) as one message of an mbox: ">From " lines lose one '>', and
 * the blank line before the next separator is taken off.
 */
static char *
unquote(const char *s, size_t n, size_t *outlen)
{
	struct buf b = BUF_INIT;
	const char *p = s, *e, *nl;
	size_t k;

	/* the separator's blank line: "\n\n" at the end becomes "\n" */
	if (n >= 2 && s[n - 1] == '\n' && s[n - 2] == '\n')
		n--;
	else if (n >= 4 && memcmp(s + n - 4, "\r\n\r\n", 4) == 0)
		n -= 2;
	e = s + n;
	buf_grow(&b, n + 1);
	while (p < e) {
		nl = memchr(p, '\n', (size_t)(e - p));
		nl = nl != NULL ? nl + 1 : e;
		for (k = 0; p + k < nl && p[k] == '>'; k++)
			;
		if (k > 0 && (size_t)(nl - p) >= k + 5 &&
		    memcmp(p + k, "From ", 5) == 0)
			p++;
		buf_add(&b, p, (size_t)(nl - p));
		p = nl;
	}
	return buf_detach(&b, outlen);
}

/* The line number (1 on) of offset off, counted on from *line at *at. */
static size_t
line_of(const char *s, size_t off, size_t *at, size_t *line)
{
	for (; *at < off; (*at)++)
		if (s[*at] == '\n')
			(*line)++;
	return *line;
}

static int
too_big(const char *name, const char *what, size_t len, size_t max,
    struct dp_err *err)
{
	return dp_fail(err, DP_EX_DATAERR, "%s: %s is %zu bytes, more than "
	    "max_message_size (%zu): nothing was read", name, what, len, max);
}

static int
split_mbox(const char *name, const char *s, size_t len, size_t max,
    struct mbox_list *out, struct dp_err *err)
{
	GMimeStream *st;
	GMimeParser *parser;
	GMimeMessage *msg;
	gint64 *begin = NULL, *mark = NULL;
	size_t n = 0, i, at = 0, line = 1, end, mlen;
	char *data, *where;
	int rc = 0;

	mail_init();
	st = g_mime_stream_mem_new_with_buffer(s, len);
	parser = g_mime_parser_new_with_stream(st);
	g_object_unref(st);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MBOX);
	g_mime_parser_set_respect_content_length(parser, FALSE);
	while (!g_mime_parser_eos(parser)) {
		msg = g_mime_parser_construct_message(parser, NULL);
		if (msg == NULL) {
			if (n > 0 && g_mime_parser_tell(parser) >= (gint64)len)
				break;
			gint64 at2 = g_mime_parser_get_mbox_marker_offset(parser);

			/* the separator GMime stopped at, when it says */
			if (at2 >= 0 && (n == 0 || at2 > mark[n - 1]) &&
			    at2 < (gint64)len)
				rc = dp_fail(err, DP_EX_DATAERR, "%s: message %zu "
				    "(line %zu) has no header section: not an "
				    "mbox that can be read", name, n + 1,
				    line_of(s, (size_t)at2, &at, &line));
			else if (n == 0)
				rc = dp_fail(err, DP_EX_DATAERR, "%s: not an mbox "
				    "that can be read: its first message has no "
				    "header section", name);
			else
				rc = dp_fail(err, DP_EX_DATAERR, "%s: not an mbox "
				    "that can be read: what follows message %zu "
				    "(line %zu) is not a message", name, n,
				    line_of(s, (size_t)mark[n - 1], &at, &line));
			goto out;
		}
		g_object_unref(msg);
		begin = xreallocarray(begin, n + 1, sizeof(*begin));
		mark = xreallocarray(mark, n + 1, sizeof(*mark));
		mark[n] = g_mime_parser_get_mbox_marker_offset(parser);
		begin[n] = g_mime_parser_get_headers_begin(parser);
		if (mark[n] < 0 || begin[n] < mark[n] || begin[n] > (gint64)len ||
		    (n > 0 && mark[n] <= mark[n - 1])) {
			rc = dp_fail(err, DP_EX_DATAERR, "%s: not an mbox that "
			    "can be read (message %zu)", name, n + 1);
			goto out;
		}
		n++;
	}
	if (n == 0) {
		rc = dp_fail(err, DP_EX_DATAERR, "%s holds no message", name);
		goto out;
	}
	at = 0;
	line = 1;
	for (i = 0; i < n; i++) {
		end = i + 1 < n ? (size_t)mark[i + 1] : len;
		mlen = end - (size_t)begin[i];
		where = xasprintf("message %zu (line %zu)", i + 1,
		    line_of(s, (size_t)mark[i], &at, &line));
		if (mlen > max) {
			rc = too_big(name, where, mlen, max, err);
			free(where);
			mbox_list_release(out);
			goto out;
		}
		data = unquote(s + begin[i], mlen, &mlen);
		add_msg(out, data, mlen, where);
	}
out:
	g_object_unref(parser);
	free(begin);
	free(mark);
	return rc;
}

int
mailbox_split(const char *name, const void *bytes, size_t len, size_t max,
    struct mbox_list *out, struct dp_err *err)
{
	const char *s = bytes;
	char *data;

	memset(out, 0, sizeof(*out));
	if (len == 0)
		return dp_fail(err, DP_EX_DATAERR, "%s is empty", name);
	if (len >= 5 && memcmp(s, "From ", 5) == 0) {
		out->kind = "mbox";
		return split_mbox(name, s, len, max, out, err);
	}
	out->kind = "message";
	if (len > max)
		return too_big(name, "the message", len, max, err);
	data = xmalloc(len + 1);
	memcpy(data, s, len);
	data[len] = '\0';
	add_msg(out, data, len, xstrdup(name));
	return 0;
}

/* Read fd to the end into *b, refusing more than limit bytes. */
static int
read_all(int fd, const char *name, size_t limit, const char *what,
    struct buf *b, struct dp_err *err)
{
	ssize_t r;

	for (;;) {
		if (b->len > limit)
			return dp_fail(err, DP_EX_DATAERR, "%s is larger than "
			    "%zu bytes, the most %s may be", name, limit, what);
		buf_grow(b, 65536);
		r = read(fd, b->s + b->len, 65536);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return dp_fail(err, DP_EX_NOINPUT, "cannot read %s: %s",
			    name, strerror(errno));
		if (r == 0)
			break;
		b->len += (size_t)r;
	}
	return 0;
}

/* One file of a Maildir. */
static int
maildir_file(const char *dir, const char *sub, const char *file, size_t max,
    struct mbox_list *out, struct dp_err *err)
{
	struct buf b = BUF_INIT;
	struct stat st;
	char *path = xasprintf("%s/%s/%s", dir, sub, file);
	char *where = xasprintf("%s/%s", sub, file);
	int fd, rc;

	if ((rc = open_regular(path, &fd, &st, err)) != 0)
		goto out;
	if ((size_t)st.st_size > max) {
		rc = too_big(path, "the message", (size_t)st.st_size, max,
		    err);
		close(fd);
		goto out;
	}
	rc = read_all(fd, path, max, "a message", &b, err);
	close(fd);
	if (rc == 0 && b.len > max)
		rc = too_big(path, "the message", b.len, max, err);
	if (rc == 0 && b.len == 0)
		rc = dp_fail(err, DP_EX_DATAERR, "%s is empty", path);
	if (rc == 0) {
		size_t len;
		char *data = buf_detach(&b, &len);

		add_msg(out, data, len, where);
		where = NULL;
	}
out:
	buf_release(&b);
	free(path);
	free(where);
	return rc;
}

struct dent {
	char	*name;
	int	 cur;
};

static int
dent_cmp(const void *a, const void *b)
{
	const struct dent *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c != 0 ? c : x->cur - y->cur;
}

static int
read_maildir(const char *path, size_t max, struct mbox_list *out,
    struct dp_err *err)
{
	static const char *const subs[] = { "new", "cur" };
	struct dent *v = NULL;
	size_t n = 0, i, found = 0;
	struct dirent *de;
	DIR *d;
	char *sp;
	int rc = 0;

	out->kind = "Maildir";
	for (i = 0; i < 2; i++) {
		sp = xasprintf("%s/%s", path, subs[i]);
		d = opendir(sp);
		free(sp);
		if (d == NULL) {
			if (errno == ENOENT || errno == ENOTDIR)
				continue;
			rc = dp_fail(err, DP_EX_NOINPUT, "cannot read '%s/%s': "
			    "%s", path, subs[i], strerror(errno));
			goto out;
		}
		found++;
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			v = xreallocarray(v, n + 1, sizeof(*v));
			v[n].name = xstrdup(de->d_name);
			v[n].cur = (int)i;
			n++;
		}
		closedir(d);
	}
	if (found == 0) {
		rc = dp_fail(err, DP_EX_DATAERR, "'%s' is a directory but not a "
		    "Maildir: it has no new/ or cur/", path);
		goto out;
	}
	if (n > 0)
		qsort(v, n, sizeof(*v), dent_cmp);
	for (i = 0; i < n && rc == 0; i++)
		rc = maildir_file(path, subs[v[i].cur], v[i].name, max, out,
		    err);
	if (rc != 0)
		mbox_list_release(out);
out:
	for (i = 0; i < n; i++)
		free(v[i].name);
	free(v);
	return rc;
}

int
mailbox_read(const char *path, size_t max, struct mbox_list *out,
    struct dp_err *err)
{
	struct buf b = BUF_INIT;
	struct stat st;
	char *name;
	int fd, rc;

	memset(out, 0, sizeof(*out));
	if (strcmp(path, "-") == 0) {
		name = xstrdup("standard input");
		rc = read_all(0, name, MAILBOX_MAX_FILE, "a mailbox", &b, err);
	} else {
		name = xasprintf("'%s'", path);
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			free(name);
			return read_maildir(path, max, out, err);
		}
		if ((rc = open_regular(path, &fd, &st, err)) != 0) {
			free(name);
			return rc;
		}
		if ((size_t)st.st_size > MAILBOX_MAX_FILE)
			rc = dp_fail(err, DP_EX_DATAERR, "%s is larger than %zu "
			    "bytes, the most a mailbox may be: split it", name,
			    MAILBOX_MAX_FILE);
		else
			rc = read_all(fd, name, MAILBOX_MAX_FILE, "a mailbox",
			    &b, err);
		close(fd);
	}
	if (rc == 0)
		rc = mailbox_split(name, b.s, b.len, max,
		    out, err);
	buf_release(&b);
	free(name);
	return rc;
}
