/*
 * testutil.h - helpers shared by the Check suites: an in-memory case
 * database with a provider, FILE streams over strings, a fresh
 * temporary directory to write files in, and a digest in hex.
 */
#ifndef DEPEER_TESTUTIL_H
#define DEPEER_TESTUTIL_H

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "buf.h"
#include "db.h"
#include "exitcodes.h"
#include "hash.h"
#include "provider.h"
#include "provider_store.h"
#include "regrec.h"
#include "termsafe.h"
#include "util.h"

/* The SHA-256 of p[0..n) in lower-case hex, as the code under test
   writes digests. */
/* The threads this process runs now (-1 without /proc). */
static inline int
test_threads_now(void)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *de;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static inline void
test_sha256_hex(const void *p, size_t n, char hex[SHA256_HEXLEN])
{
	unsigned char d[SHA256_LEN];

	sha256_buf(p, n, d);
	sha256_hex(d, hex);
}

/*
 * JSON text s with print_json()'s escapes of what a terminal obeys
 * (termsafe.h's ts_json_mem()).  Takes s (freed); a new string.
 */
static inline char *
test_json_safe(char *s)
{
	size_t len = strlen(s);
	char *out = malloc(len + ts_json_extra(s, len) + 1);

	ck_assert_ptr_nonnull(out);
	ts_json_mem(out, s, len);
	free(s);
	return out;
}

/*
 * What depeer's JSON listings printed through jansson: o dumped with two
 * spaces an indent, every line after the first indented by indent more
 * (a stream element), with print_json()'s escapes of DEL, C1 and bidi
 * characters.  Takes o's reference; a new string.
 */
static inline char *
test_jansson_text(json_t *o, int indent)
{
	struct buf b = BUF_INIT;
	char *s, *p;
	int i;

	s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(6));
	json_decref(o);
	ck_assert_ptr_nonnull(s);
	for (p = s; *p != '\0'; p++) {
		buf_addc(&b, *p);
		if (*p == '\n')
			for (i = 0; i < indent; i++)
				buf_addc(&b, ' ');
	}
	free(s);
	return test_json_safe(buf_detach(&b, NULL));
}

/* A fresh migrated in-memory database. */
static inline struct db *
test_db(void)
{
	struct db *db = NULL;
	struct dp_err err = DP_ERR_INIT;

	ck_assert_msg(db_open(":memory:", 1, &db, NULL, &err) == 0, "%s",
	    err.msg);
	return db;
}

/* Add provider name (with AS26780) the way "provider add" does. */
static inline int64_t
test_provider(struct db *db, const char *name)
{
	struct provider p = PROVIDER_INIT;
	struct dp_err err = DP_ERR_INIT;
	int64_t id;

	p.name = xstrdup(name);
	p.created_at = 1226438580;
	provider_add_asn(&p, 26780);
	ck_assert_int_eq(db_begin(db, &err), 0);
	ck_assert_msg(db_provider_add(db, &p, &err) == 0, "%s", err.msg);
	ck_assert_msg(provider_record(db, p.id, "provider.add", p.created_at,
	    NULL, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(db_commit(db, &err), 0);
	id = p.id;
	provider_release(&p);
	return id;
}

/* A read stream over a copy of s (len bytes); fclose frees it. */
static inline FILE *
test_stream(const char *s, size_t len)
{
	FILE *fp = tmpfile();

	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(s, 1, len, fp), len);
	rewind(fp);
	return fp;
}

/*
 * Read tests/fixtures/<rel> (the folder is $DEPEER_TEST_FIXTURES, set by
 * "make unit") into a NUL-terminated buffer the caller frees; *lenp gets
 * its length (may be NULL).  Fails the test if it cannot be read.
 */
static inline char *
test_fixture(const char *rel, size_t *lenp)
{
	const char *dir = getenv("DEPEER_TEST_FIXTURES");
	char path[1024];
	FILE *fp;
	char *buf;
	long n;

	snprintf(path, sizeof(path), "%s/%s", dir != NULL ? dir :
	    "tests/fixtures", rel);
	fp = fopen(path, "rb");
	ck_assert_msg(fp != NULL, "cannot open fixture %s", path);
	ck_assert_int_eq(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	ck_assert_int_ge(n, 0);
	rewind(fp);
	buf = xmalloc((size_t)n + 1);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = '\0';
	fclose(fp);
	if (lenp != NULL)
		*lenp = (size_t)n;
	return buf;
}

/*
 * The fixture of suites that write their input to a file "f": setup()
 * calls test_tmpdir_enter(), which makes a fresh directory
 * /tmp/<name>.XXXXXX (its path in dir[0..size)) and enters it;
 * teardown() calls test_tmpdir_leave(), which removes "f" and the
 * directory.
 */
static inline void
test_tmpdir_enter(char *dir, size_t size, const char *name)
{
	ck_assert_int_lt(snprintf(dir, size, "/tmp/%s.XXXXXX", name),
	    (int)size);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(chdir(dir), 0);
}

static inline void
test_tmpdir_leave(const char *dir)
{
	unlink("f");
	ck_assert_int_eq(chdir("/"), 0);
	rmdir(dir);
}

/* p[0..n) written to path (a new file, or one emptied first). */
static inline void
test_write_file(const char *path, const void *p, size_t n)
{
	FILE *fp = fopen(path, "wb");

	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(p, 1, n, fp), n);
	ck_assert_int_eq(fclose(fp), 0);
}

/* Whether a note of r contains sub. */
static inline int
has_note(const struct reg_record *r, const char *sub)
{
	size_t i;

	for (i = 0; i < r->nnotes; i++)
		if (strstr(r->notes[i], sub) != NULL)
			return 1;
	return 0;
}

/* How many of r's contacts have role. */
static inline size_t
count_role(const struct reg_record *r, enum reg_role role)
{
	size_t i, n = 0;

	for (i = 0; i < r->ncontacts; i++)
		n += r->contacts[i].role == role;
	return n;
}

#endif
