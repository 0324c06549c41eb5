/*
 * attribute_csv.c - the counts of the attribution service as text
 * (attribute.h): the CSV "interval_start,key,count" that "depeer
 * attribute" prints, a count as JSON, and the reducer that reads such
 * CSVs of several runs back and sums them (attribute_merge(), --merge).
 * Service layer, above attribute_count.c; never prints: the CSV goes to
 * the caller's out().
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "attribute.h"
#include "attribute_int.h"
#include "buf.h"
#include "exitcodes.h"
#include "logline.h"
#include "util.h"
#include "validate.h"
#include "zread.h"

/* The first line of the counts as CSV, written and expected back. */
static const char header[] = "interval_start,key,count";

static char *
keyset_key(const void *arg, uint64_t code)
{
	const struct attr_keyset *ks = arg;

	return xstrdup(ks->keys[code]);
}

/* One row "interval_start,key,count" of a partial CSV. */
static int
merge_row(const char *s, size_t n, int64_t interval, struct attr_keyset *ks,
    struct attr_cmap *m, const char **why)
{
	const char *c1, *c2, *k, *ke;
	uint64_t v = 0;
	int64_t t;
	struct buf b = BUF_INIT;
	size_t i;
	uint32_t id;

	if (n > 0 && s[n - 1] == '\r')
		n--;
	if ((c1 = memchr(s, ',', n)) == NULL) {
		*why = "it is not a row interval_start,key,count";
		return -1;
	}
	for (c2 = s + n; c2 > c1 && c2[-1] != ','; c2--)
		;
	if (c2 - 1 == c1) {
		*why = "it is not a row interval_start,key,count";
		return -1;
	}
	if (logline_time(s, (size_t)(c1 - s), &t) != 0) {
		*why = "the interval start is not a time";
		return -1;
	}
	if (t % interval != 0) {
		*why = "the interval start does not start an interval of the "
		    "--interval given (were the counts made with another "
		    "--interval?)";
		return -1;
	}
	if (c2 == s + n) {
		*why = "the count is empty";
		return -1;
	}
	for (i = 0; c2 + i < s + n; i++) {
		if (c2[i] < '0' || c2[i] > '9' || v > (UINT64_MAX >> 2) / 10) {
			*why = "the count is not a whole number";
			return -1;
		}
		v = v * 10 + (uint64_t)(c2[i] - '0');
	}
	k = c1 + 1;
	ke = c2 - 1;
	if (ke - k >= 2 && *k == '"' && ke[-1] == '"') {
		for (k++, ke--; k < ke; k++) {
			buf_addc(&b, *k);
			if (*k == '"' && k + 1 < ke && k[1] == '"')
				k++;
		}
		id = attr_keyset_add(ks, b.s, b.len);
		buf_release(&b);
	} else if (ke == k) {
		*why = "the key is empty";
		return -1;
	} else
		id = attr_keyset_add(ks, k, (size_t)(ke - k));
	if (v > 0)
		cmap_add(m, t, id, v);
	return 0;
}

int
attribute_merge(const char *const *files, size_t nfiles, int64_t interval,
    struct attr_result *res, struct dp_err *err)
{
	struct attr_keyset ks = ATTR_KEYSET_INIT;
	struct attr_cmap m = { NULL, 0, 0 };
	struct zread *z = NULL;
	struct buf line = BUF_INIT;
	const char *why, *name;
	char buf[65536], *nl, *p;
	uint64_t lineno;
	size_t i, j;
	long got;
	int rc = 0, eof;

	memset(res, 0, sizeof(*res));
	for (i = 0; i < nfiles && rc == 0; i++) {
		name = strcmp(files[i], "-") == 0 ? "<stdin>" : files[i];
		if ((rc = zread_open(files[i], &z, err)) != 0)
			break;
		zread_no_digest(z);
		lineno = 0;
		buf_reset(&line);
		for (eof = 0; !eof && rc == 0;) {
			if ((got = zread_read(z, buf, sizeof(buf), err)) < 0) {
				rc = err->code ? err->code : DP_EX_IOERR;
				break;
			}
			eof = got == 0;
			if (eof && line.len == 0)
				break;
			if (eof)
				buf_addc(&line, '\n');
			for (p = buf; rc == 0 && p < buf + got;) {
				if ((nl = memchr(p, '\n', (size_t)(buf + got -
				    p))) == NULL) {
					buf_add(&line, p, (size_t)(buf + got -
					    p));
					break;
				}
				buf_add(&line, p, (size_t)(nl - p));
				p = nl + 1;
				buf_addc(&line, '\n');
				if (line.len > 1000000) {
					why = "the line is too long";
					goto bad;
				}
				continue;
			bad:
				rc = dp_fail(err, DP_EX_DATAERR, "'%s': line %"
				    PRIu64 ": %s", name, lineno + 1, why);
			}
			/* The complete lines gathered. */
			while (rc == 0 && (nl = memchr(line.s, '\n',
			    line.len)) != NULL) {
				size_t n = (size_t)(nl - line.s);

				lineno++;
				if (n > 0 && line.s[n - 1] == '\r')
					n--;
				if (lineno == 1) {
					if (n != sizeof(header) - 1 ||
					    memcmp(line.s, header, n) != 0)
						rc = dp_fail(err, DP_EX_DATAERR,
						    "'%s' does not start with "
						    "the header '%s': not "
						    "counts of 'depeer "
						    "attribute'", name, header);
				} else if (n > 0 && merge_row(line.s, n,
				    interval, &ks, &m, &why) != 0)
					rc = dp_fail(err, DP_EX_DATAERR, "'%s': "
					    "line %" PRIu64 ": %s", name,
					    lineno, why);
				j = (size_t)(nl - line.s) + 1;
				memmove(line.s, line.s + j, line.len - j);
				line.len -= j;
				line.s[line.len] = '\0';
			}
		}
		if (rc == 0 && lineno == 0)
			rc = dp_fail(err, DP_EX_DATAERR, "'%s' is empty: not "
			    "counts of 'depeer attribute'", name);
		if (rc == 0 && zread_truncated(z))
			rc = dp_fail(err, DP_EX_DATAERR, "'%s' ends early (a "
			    "cut-off compressed file)", name);
		zread_close(z);
		z = NULL;
	}
	if (rc == 0) {
		res->interval = interval;
		attr_finish_counts(&m, 1, keyset_key, &ks, res);
	}
	attr_keyset_release(&ks);
	free(m.s);
	buf_release(&line);
	return rc;
}

void
attribute_csv(const struct attr_result *r,
    void (*out)(const char *, size_t, void *), void *arg)
{
	struct buf b = BUF_INIT;
	char t[TIME_STRLEN], num[24], *d;
	int64_t last = 0;
	const char *k;
	uint64_t n;
	size_t i;

	buf_adds(&b, header);
	buf_addc(&b, '\n');
	for (i = 0; i < r->n; i++) {
		const struct attr_count *c = &r->counts[i];

		/* Rows come by interval: its text made once. */
		if (i == 0 || c->t != last) {
			fmt_time(c->t, t);
			last = c->t;
		}
		buf_adds(&b, t);
		buf_addc(&b, ',');
		/* RFC 4180 quoting for a provider name with a comma or a
		   quote. */
		if (strpbrk(c->key, ",\"\r\n") != NULL) {
			buf_addc(&b, '"');
			for (k = c->key; *k; k++) {
				if (*k == '"')
					buf_addc(&b, '"');
				buf_addc(&b, *k);
			}
			buf_addc(&b, '"');
		} else
			buf_adds(&b, c->key);
		/* The count by hand: printf's parsing of its format cost
		   about 10 ms of the serial end for 200,000 rows. */
		n = c->count;
		d = num + sizeof(num);
		*--d = '\n';
		do
			*--d = (char)('0' + n % 10);
		while ((n /= 10) > 0);
		*--d = ',';
		buf_add(&b, d, (size_t)(num + sizeof(num) - d));
		if (b.len >= 65536) {
			out(b.s, b.len, arg);
			buf_reset(&b);
		}
	}
	out(b.s, b.len, arg);
	buf_release(&b);
}

json_t *
attr_count_to_json(const struct attr_count *c)
{
	char t[TIME_STRLEN];
	json_t *o = json_object();

	fmt_time(c->t, t);
	json_object_set_new(o, "interval_start", json_string(t));
	json_object_set_new(o, "key", json_string(c->key));
	json_object_set_new(o, "count", json_integer((json_int_t)c->count));
	return o;
}
