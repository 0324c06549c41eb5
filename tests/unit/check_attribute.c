/*
 * check_attribute.c - attribute*.c over small tables built with
 * ptab_builder: the keys of each --by and --multi, the snapshot --at
 * auto picks on each side of a table's date, providers by prefix and by
 * origin, malformed lines and --strict, compressed input, the same
 * counts from one thread and from several (plain files cut between
 * threads at line ends), the reducer, and random
 * logs counted against a brute-force longest-prefix scan.
 */
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <zlib.h>

#include "attribute.h"
#include "exitcodes.h"
#include "ipnet.h"
#include "ptab.h"
#include "util.h"

Suite	*attribute_suite(void);

static char tmpdir[64];

static void
setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/check_attribute.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void
teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	ck_assert_int_eq(system(cmd), 0);
}

static char *
path(const char *name)
{
	static char buf[8][128];
	static int i;

	i = (i + 1) % 8;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", tmpdir, name);
	return buf[i];
}

static void
write_file(const char *name, const char *text)
{
	FILE *fp = fopen(path(name), "w");

	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	ck_assert_int_eq(fclose(fp), 0);
}

static void
add(struct ptab_builder *b, const char *cidr, uint32_t a1, uint32_t a2)
{
	struct ipnet n;
	struct ipnet_perr pe;
	uint32_t asns[2] = { a1, a2 };

	ck_assert_int_eq(ipnet_parse_cidr(cidr, &n, &pe), IPNET_OK);
	ptab_builder_add(b, &n, asns, a2 ? 2 : 1);
}

/* The test table of taken_at: McColo's /22 and a /24 inside a /16. */
static struct ptab *
table(const char *name, int64_t taken_at, int variant)
{
	struct dp_err err = DP_ERR_INIT;
	struct ptab_builder *b = ptab_builder_new();
	struct ptab *t;

	add(b, "208.66.192.0/22", 26780, 0);
	add(b, "10.0.0.0/16", 64500, 0);
	add(b, "10.0.1.0/24", variant ? 64511 : 64501, 0);
	add(b, "192.0.2.0/24", 64502, 64503);	/* multi-origin */
	add(b, "2001:db8::/32", 64504, 0);
	ck_assert_int_eq(ptab_write(b, path(name), taken_at, &err), 0);
	ptab_builder_free(b);
	ck_assert_int_eq(ptab_open(path(name), &t, &err), 0);
	return t;
}

/* The counts as "t key count\n" lines. */
static char *
text(const struct attr_result *r)
{
	static char buf[4096];
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < r->n && o < sizeof(buf); i++)
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%" PRId64
		    " %s %" PRIu64 "\n", r->counts[i].t, r->counts[i].key,
		    r->counts[i].count);
	return buf;
}

static int
run(struct attr_snapshot *s, size_t ns, enum attr_by by,
    enum attr_multi multi, const char **files, size_t nf, int jobs,
    struct attr_result *r, struct dp_err *err)
{
	struct attr_req req;

	memset(&req, 0, sizeof(req));
	req.snaps = s;
	req.nsnaps = ns;
	req.by = by;
	req.multi = multi;
	req.interval = 3600;
	req.jobs = jobs;
	req.files = files;
	req.nfiles = nf;
	return attribute_run(&req, r, err);
}

static const char log1[] =
    "# spamtrap\n"
    "3600 208.66.192.1\n"
    "3601 208.66.195.255 x\n"
    "3602 10.0.1.7\n"
    "3603 10.0.2.7\n"
    "7200 192.0.2.9\n"
    "7201 8.8.8.8\n"
    "7202 2001:db8::1\n"
    "7203 ::ffff:208.66.192.9\n";

START_TEST(test_keys)
{
	struct dp_err err = DP_ERR_INIT;
	struct attr_snapshot s = { "t", NULL, 0 };
	struct attr_result r;
	const char *files[1];

	s.t = table("t.ptab", 0, 0);
	write_file("a.log", log1);
	files[0] = path("a.log");
	ck_assert_int_eq(run(&s, 1, ATTR_BY_ASN, ATTR_JOINT, files, 1, 1, &r,
	    &err), 0);
	ck_assert_str_eq(text(&r),
	    "3600 AS26780 2\n3600 AS64500 1\n3600 AS64501 1\n"
	    "7200 AS26780 1\n7200 AS64502_AS64503 1\n7200 AS64504 1\n"
	    "7200 unmatched 1\n");
	ck_assert_uint_eq(r.lines, 9);
	ck_assert_uint_eq(r.used, 8);
	ck_assert_uint_eq(r.malformed, 0);
	attr_result_release(&r);
	ck_assert_int_eq(run(&s, 1, ATTR_BY_ASN, ATTR_SPLIT, files, 1, 1, &r,
	    &err), 0);
	ck_assert_str_eq(text(&r),
	    "3600 AS26780 2\n3600 AS64500 1\n3600 AS64501 1\n"
	    "7200 AS26780 1\n7200 AS64502 1\n7200 AS64503 1\n"
	    "7200 AS64504 1\n7200 unmatched 1\n");
	attr_result_release(&r);
	ck_assert_int_eq(run(&s, 1, ATTR_BY_PREFIX, ATTR_JOINT, files, 1, 1,
	    &r, &err), 0);
	ck_assert_str_eq(text(&r),
	    "3600 10.0.0.0/16 1\n3600 10.0.1.0/24 1\n"
	    "3600 208.66.192.0/22 2\n"
	    "7200 192.0.2.0/24 1\n7200 2001:db8::/32 1\n"
	    "7200 208.66.192.0/22 1\n7200 unmatched 1\n");
	attr_result_release(&r);
	ptab_close(s.t);
}
END_TEST

/* --at auto: the latest table at or before each line, else the oldest. */
START_TEST(test_at_auto)
{
	struct dp_err err = DP_ERR_INIT;
	struct attr_snapshot s[2] = { { "old", NULL, 0 }, { "new", NULL, 0 } };
	struct attr_result r;
	const char *files[1];

	s[0].t = table("old.ptab", 10000, 0);
	s[0].taken_at = 10000;
	s[1].t = table("new.ptab", 20000, 1);
	s[1].taken_at = 20000;
	/* Before both, at the first, between, at the second, after. */
	write_file("a.log", "3600 10.0.1.1\n10000 10.0.1.1\n19999 10.0.1.1\n"
	    "20000 10.0.1.1\n90000 10.0.1.1\n");
	files[0] = path("a.log");
	ck_assert_int_eq(run(s, 2, ATTR_BY_ASN, ATTR_JOINT, files, 1, 1, &r,
	    &err), 0);
	ck_assert_str_eq(text(&r), "3600 AS64501 1\n7200 AS64501 1\n"
	    "18000 AS64501 1\n18000 AS64511 1\n90000 AS64511 1\n");
	ck_assert_uint_eq(r.snap_lines[0], 3);
	ck_assert_uint_eq(r.snap_lines[1], 2);
	ck_assert_uint_eq(r.early, 1);
	attr_result_release(&r);
	/* One prefix in both tables, one hour on both sides of the second
	   table's time: one key, its lines added up. */
	write_file("b.log", "19999 10.0.0.5\n20000 10.0.0.6\n");
	files[0] = path("b.log");
	ck_assert_int_eq(run(s, 2, ATTR_BY_PREFIX, ATTR_JOINT, files, 1, 1, &r,
	    &err), 0);
	ck_assert_str_eq(text(&r), "18000 10.0.0.0/16 2\n");
	ck_assert_uint_eq(r.nkeys, 1);
	attr_result_release(&r);
	ptab_close(s[0].t);
	ptab_close(s[1].t);
}
END_TEST

START_TEST(test_providers)
{
	struct dp_err err = DP_ERR_INIT;
	struct attr_snapshot s = { "t", NULL, 0 };
	struct attr_result r;
	struct attr_provider p[3];
	struct attr_req req;
	struct ipnet pfx[2];
	struct ipnet_perr pe;
	uint32_t mc[] = { 26780 }, x[] = { 64502 }, y[] = { 64503 };
	const char *files[1];

	s.t = table("t.ptab", 0, 0);
	/* "Esthost" declared 10.0.1.128/25, inside another AS's /24. */
	ck_assert_int_eq(ipnet_parse_cidr("10.0.1.128/25", &pfx[0], &pe), 0);
	ck_assert_int_eq(ipnet_parse_cidr("2001:db8:1::/48", &pfx[1], &pe), 0);
	memset(p, 0, sizeof(p));
	p[0].name = "Esthost";
	p[0].prefixes = pfx;
	p[0].nprefixes = 2;
	p[1].name = "McColo";
	p[1].asns = mc;
	p[1].nasns = 1;
	p[2].name = "X, Ltd";
	p[2].asns = x;
	p[2].nasns = 1;
	write_file("a.log", "3600 208.66.192.1\n3600 10.0.1.200\n"
	    "3600 10.0.1.7\n3600 2001:db8:1::5\n3600 8.8.8.8\n"
	    "3600 192.0.2.1\n");
	files[0] = path("a.log");
	memset(&req, 0, sizeof(req));
	req.snaps = &s;
	req.nsnaps = 1;
	req.by = ATTR_BY_PROVIDER;
	req.interval = 3600;
	req.jobs = 1;
	req.providers = p;
	req.nproviders = 3;
	req.files = files;
	req.nfiles = 1;
	ck_assert_int_eq(attribute_run(&req, &r, &err), 0);
	ck_assert_str_eq(text(&r), "3600 Esthost 2\n3600 McColo 1\n"
	    "3600 X, Ltd 1\n3600 other 1\n3600 unmatched 1\n");
	attr_result_release(&r);
	/* Both origins of 192.0.2.0/24 with providers: joint, then split. */
	p[1].asns = y;
	ck_assert_int_eq(attribute_run(&req, &r, &err), 0);
	ck_assert_str_eq(text(&r), "3600 Esthost 2\n3600 McColo_X, Ltd 1\n"
	    "3600 other 2\n3600 unmatched 1\n");
	attr_result_release(&r);
	req.multi = ATTR_SPLIT;
	ck_assert_int_eq(attribute_run(&req, &r, &err), 0);
	ck_assert_str_eq(text(&r), "3600 Esthost 2\n3600 McColo 1\n"
	    "3600 X, Ltd 1\n3600 other 2\n3600 unmatched 1\n");
	attr_result_release(&r);
	/* A joint key's names in byte order, whatever the list's order. */
	req.multi = ATTR_JOINT;
	p[1].name = "zeta";
	p[2].name = "Alpha";
	ck_assert_int_eq(attribute_run(&req, &r, &err), 0);
	ck_assert_str_eq(text(&r), "3600 Alpha_zeta 1\n3600 Esthost 2\n"
	    "3600 other 2\n3600 unmatched 1\n");
	attr_result_release(&r);
	ptab_close(s.t);
}
END_TEST

START_TEST(test_malformed)
{
	struct dp_err err = DP_ERR_INIT;
	struct attr_snapshot s = { "t", NULL, 0 };
	struct attr_result r;
	const char *files[2];

	s.t = table("t.ptab", 0, 0);
	write_file("a.log", "3600 10.0.0.1\nnot a line\n3600 10.1\n"
	    "3600\n3600 10.0.0.2\n3600 1.2.3.4.5\nx y\nx y\n3600 10.0.0.3");
	write_file("b.log", "time,host\n1,2\n");
	files[0] = path("a.log");
	ck_assert_int_eq(run(&s, 1, ATTR_BY_ASN, ATTR_JOINT, files, 1, 1, &r,
	    &err), 0);
	ck_assert_str_eq(text(&r), "3600 AS64500 3\n");
	ck_assert_uint_eq(r.files[0].lines, 9);
	ck_assert_uint_eq(r.files[0].malformed, 6);
	ck_assert_uint_eq(r.files[0].bad[0], 2);
	ck_assert_uint_eq(r.files[0].bad[4], 7);
	ck_assert_str_eq(r.files[0].why,
	    "the time is not Unix seconds or an RFC 3339 time");
	attr_result_release(&r);
	{
		struct attr_req req;

		memset(&req, 0, sizeof(req));
		req.snaps = &s;
		req.nsnaps = 1;
		req.interval = 3600;
		req.jobs = 1;
		req.strict = 1;
		req.files = files;
		req.nfiles = 1;
		ck_assert_int_eq(attribute_run(&req, &r, &err), DP_EX_DATAERR);
		ck_assert_ptr_nonnull(strstr(err.msg, "a.log': line 2: "));
		ck_assert_ptr_null(r.counts);
	}
	files[0] = path("b.log");
	ck_assert_int_eq(run(&s, 1, ATTR_BY_ASN, ATTR_JOINT, files, 1, 1, &r,
	    &err), DP_EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(err.msg, "no address column"));
	files[0] = path("missing.log");
	ck_assert_int_eq(run(&s, 1, ATTR_BY_ASN, ATTR_JOINT, files, 1, 1, &r,
	    &err), DP_EX_NOINPUT);
	/* Lines, none readable. */
	write_file("c.log", "a b\nc d\n");
	files[0] = path("c.log");
	ck_assert_int_eq(run(&s, 1, ATTR_BY_ASN, ATTR_JOINT, files, 1, 1, &r,
	    &err), DP_EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(err.msg, "no line could be read"));
	ptab_close(s.t);
}
END_TEST

/* A gzip file reads as the plain one; a cut-off one is flagged. */
START_TEST(test_compressed)
{
	struct dp_err err = DP_ERR_INIT;
	struct attr_snapshot s = { "t", NULL, 0 };
	struct attr_result r;
	const char *files[2];
	char plain[4096];
	gzFile gz;

	s.t = table("t.ptab", 0, 0);
	write_file("a.log", log1);
	gz = gzopen(path("a.log.gz"), "wb");
	ck_assert_ptr_nonnull(gz);
	ck_assert_int_eq(gzputs(gz, log1), (int)strlen(log1));
	ck_assert_int_eq(gzclose(gz), Z_OK);
	files[0] = path("a.log");
	ck_assert_int_eq(run(&s, 1, ATTR_BY_ASN, ATTR_JOINT, files, 1, 1, &r,
	    &err), 0);
	snprintf(plain, sizeof(plain), "%s", text(&r));
	attr_result_release(&r);
	files[0] = path("a.log.gz");
	ck_assert_int_eq(run(&s, 1, ATTR_BY_ASN, ATTR_JOINT, files, 1, 1, &r,
	    &err), 0);
	ck_assert_str_eq(text(&r), plain);
	ck_assert_int_eq(r.files[0].truncated, 0);
	attr_result_release(&r);
	/* A line too long to keep, across blocks: one malformed line,
	   the lines around it read, in the stream and in the mapped file. */
	{
		size_t big = 3 * 1024 * 1024, k;
		char *line = xmalloc(big + 1);
		FILE *fp;

		memset(line, '7', big);
		line[big] = '\0';
		gz = gzopen(path("long.gz"), "wb");
		fp = fopen(path("long.log"), "w");
		ck_assert_ptr_nonnull(gz);
		ck_assert_ptr_nonnull(fp);
		gzputs(gz, "3600 10.0.0.1\n");
		fputs("3600 10.0.0.1\n", fp);
		gzputs(gz, line);
		fputs(line, fp);
		gzputs(gz, " 10.0.0.1\n3600 10.0.0.2\n3600 10.0.0.3");
		fputs(" 10.0.0.1\n3600 10.0.0.2\n3600 10.0.0.3", fp);
		ck_assert_int_eq(gzclose(gz), Z_OK);
		ck_assert_int_eq(fclose(fp), 0);
		free(line);
		for (k = 0; k < 2; k++) {
			files[0] = path(k ? "long.gz" : "long.log");
			ck_assert_int_eq(run(&s, 1, ATTR_BY_ASN, ATTR_JOINT,
			    files, 1, 1, &r, &err), 0);
			ck_assert_str_eq(text(&r), "3600 AS64500 3\n");
			ck_assert_uint_eq(r.files[0].lines, 4);
			ck_assert_uint_eq(r.files[0].malformed, 1);
			ck_assert_uint_eq(r.files[0].bad[0], 2);
			ck_assert_str_eq(r.files[0].why,
			    "the line is too long");
			attr_result_release(&r);
		}
	}
	ptab_close(s.t);
}
END_TEST

/* One brute-force longest-prefix match over the prefixes of big(). */
struct bp {
	uint32_t net, mask, asn;
	int plen;
};

static struct ptab *
big(struct bp *v, size_t n, unsigned seed)
{
	struct dp_err err = DP_ERR_INIT;
	struct ptab_builder *b = ptab_builder_new();
	struct ptab *t;
	struct ipnet p;
	size_t i;

	srandom(seed);
	for (i = 0; i < n; i++) {
		v[i].plen = (int)(random() % 25) + 8;
		v[i].mask = v[i].plen ? ~0U << (32 - v[i].plen) : 0;
		/* Addresses from a small space, so prefixes nest. */
		v[i].net = ((uint32_t)random() << 8 & 0x0fffffffU) & v[i].mask;
		v[i].asn = (uint32_t)(random() % 50) + 1;
		memset(&p, 0, sizeof(p));
		p.family = AF_INET;
		p.plen = v[i].plen;
		p.addr[0] = (unsigned char)(v[i].net >> 24);
		p.addr[1] = (unsigned char)(v[i].net >> 16);
		p.addr[2] = (unsigned char)(v[i].net >> 8);
		p.addr[3] = (unsigned char)v[i].net;
		ptab_builder_add(b, &p, &v[i].asn, 1);
	}
	ck_assert_int_eq(ptab_write(b, path("big.ptab"), 0, &err), 0);
	ptab_builder_free(b);
	ck_assert_int_eq(ptab_open(path("big.ptab"), &t, &err), 0);
	return t;
}

/* The origins of the longest prefixes covering a (several for a prefix
   given twice), as a key. */
static void
brute(const struct bp *v, size_t n, uint32_t a, char *key, size_t len)
{
	uint32_t got[64];
	size_t i, k, ng = 0, o = 0;
	int best = -1;

	for (i = 0; i < n; i++)
		if ((a & v[i].mask) == v[i].net && v[i].plen > best)
			best = v[i].plen;
	if (best < 0) {
		snprintf(key, len, "unmatched");
		return;
	}
	for (i = 0; i < n; i++)
		if ((a & v[i].mask) == v[i].net && v[i].plen == best) {
			for (k = 0; k < ng && got[k] != v[i].asn; k++)
				;
			if (k == ng && ng < 64)
				got[ng++] = v[i].asn;
		}
	/* sorted */
	for (i = 1; i < ng; i++)
		for (k = i; k > 0 && got[k - 1] > got[k]; k--) {
			uint32_t tmp = got[k];

			got[k] = got[k - 1];
			got[k - 1] = tmp;
		}
	key[0] = '\0';
	for (i = 0; i < ng; i++)
		o += (size_t)snprintf(key + o, len - o, "%sAS%u", i ? "_" : "",
		    got[i]);
}

static int
cmp_line(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

START_TEST(test_random_vs_brute)
{
	enum { NP = 400, NL = 20000, NF = 4 };
	struct dp_err err = DP_ERR_INIT;
	struct attr_snapshot s = { "t", NULL, 0 };
	struct attr_result r1, r2;
	static struct bp v[NP];
	static char *want[NL];
	const char *files[NF];
	char key[256], name[16], line[300];
	FILE *fp[NF];
	size_t i, j, nw, o;
	uint32_t a;
	int64_t t;

	s.t = big(v, NP, 7);
	for (i = 0; i < NF; i++) {
		snprintf(name, sizeof(name), "r%zu.log", i);
		files[i] = xstrdup(path(name));
		fp[i] = fopen(files[i], "w");
		ck_assert_ptr_nonnull(fp[i]);
	}
	for (i = 0; i < NL; i++) {
		a = (uint32_t)random() & 0x0fffffffU;
		t = (int64_t)(random() % (5 * 3600));
		brute(v, NP, a, key, sizeof(key));
		snprintf(line, sizeof(line), "%010" PRId64 " %s",
		    t - t % 3600, key);
		want[i] = xstrdup(line);
		fprintf(fp[i % NF], "%" PRId64 " %u.%u.%u.%u\n", t, a >> 24,
		    (a >> 16) & 255, (a >> 8) & 255, a & 255);
	}
	for (i = 0; i < NF; i++)
		ck_assert_int_eq(fclose(fp[i]), 0);
	ck_assert_int_eq(run(&s, 1, ATTR_BY_ASN, ATTR_JOINT, files, NF, 1, &r1,
	    &err), 0);
	ck_assert_int_eq(run(&s, 1, ATTR_BY_ASN, ATTR_JOINT, files, NF, 3, &r2,
	    &err), 0);
	/* The same from one thread and from three. */
	ck_assert_uint_eq(r1.n, r2.n);
	for (i = 0; i < r1.n; i++) {
		ck_assert_int_eq(r1.counts[i].t, r2.counts[i].t);
		ck_assert_str_eq(r1.counts[i].key, r2.counts[i].key);
		ck_assert_uint_eq(r1.counts[i].count, r2.counts[i].count);
	}
	/* The brute force's lines counted: the same rows. */
	qsort(want, NL, sizeof(*want), cmp_line);
	nw = 0;
	for (i = 0; i < NL; i = j) {
		for (j = i; j < NL && strcmp(want[i], want[j]) == 0; j++)
			;
		snprintf(line, sizeof(line), "%s", want[i]);
		o = strcspn(line, " ");
		line[o] = '\0';
		ck_assert_msg(nw < r1.n, "fewer rows than the brute force");
		snprintf(key, sizeof(key), "%010" PRId64, r1.counts[nw].t);
		ck_assert_str_eq(key, line);
		ck_assert_str_eq(r1.counts[nw].key, line + o + 1);
		ck_assert_uint_eq(r1.counts[nw].count, j - i);
		nw++;
	}
	ck_assert_uint_eq(nw, r1.n);
	for (i = 0; i < NL; i++)
		free(want[i]);
	for (i = 0; i < NF; i++)
		free((char *)files[i]);
	attr_result_release(&r1);
	attr_result_release(&r2);
	ptab_close(s.t);
}
END_TEST

/* Counts, files and lines of two results equal. */
static void
same_result(const struct attr_result *a, const struct attr_result *b)
{
	size_t i, j;

	ck_assert_uint_eq(a->n, b->n);
	for (i = 0; i < a->n; i++) {
		ck_assert_int_eq(a->counts[i].t, b->counts[i].t);
		ck_assert_str_eq(a->counts[i].key, b->counts[i].key);
		ck_assert_uint_eq(a->counts[i].count, b->counts[i].count);
	}
	ck_assert_uint_eq(a->lines, b->lines);
	ck_assert_uint_eq(a->used, b->used);
	ck_assert_uint_eq(a->malformed, b->malformed);
	ck_assert_uint_eq(a->nfiles, b->nfiles);
	for (i = 0; i < a->nfiles; i++) {
		ck_assert_uint_eq(a->files[i].lines, b->files[i].lines);
		ck_assert_uint_eq(a->files[i].malformed,
		    b->files[i].malformed);
		for (j = 0; j < ATTR_BAD_MAX; j++)
			ck_assert_uint_eq(a->files[i].bad[j],
			    b->files[i].bad[j]);
		ck_assert_str_eq(a->files[i].why, b->files[i].why);
		ck_assert_int_eq(a->files[i].truncated,
		    b->files[i].truncated);
	}
}

/*
 * A log of n lines, some CRLF, malformed ones at known places, the last
 * one without a newline; csv: with a header naming the address first,
 * so that a piece read from its middle must learn the layout from it.
 */
static void
write_log(const char *name, size_t n, int csv, unsigned seed)
{
	FILE *fp = fopen(path(name), "w");
	size_t i;
	uint32_t a;

	ck_assert_ptr_nonnull(fp);
	srandom(seed);
	fputs(csv ? "ip,ts\n" : "# a spamtrap\n", fp);
	for (i = 2; i <= n; i++) {
		a = (uint32_t)random();
		if (i % 9973 == 0)
			fputs(csv ? "x,y" : "not a line", fp);
		else if (i % 7919 == 0)
			fputs("", fp);		/* a blank line */
		else if (csv)
			fprintf(fp, "%u.%u.%u.%u,%zu", a >> 24 & 255,
			    a >> 16 & 255, a >> 8 & 15, a & 255, i);
		else
			fprintf(fp, "%zu %u.%u.%u.%u", i, a >> 24 & 255,
			    a >> 16 & 255, a >> 8 & 15, a & 255);
		if (i < n)
			fputs(i % 3 == 0 ? "\r\n" : "\n", fp);
	}
	ck_assert_int_eq(fclose(fp), 0);
}

/* A request for files on one thread, per minute, the default step. */
static void
one_thread(struct attr_req *req, const struct attr_snapshot *s,
    const char **files, size_t n)
{
	memset(req, 0, sizeof(*req));
	req->snaps = s;
	req->nsnaps = 1;
	req->interval = 60;
	req->files = files;
	req->nfiles = n;
	req->jobs = 1;
}

/*
 * Plain files cut between threads (a small step, so that a thread that
 * finds no file left cuts the rest of another's): the counts, line
 * counts and malformed line numbers of one thread reading the files in
 * order; the first line --strict refuses named as one thread names it;
 * a compressed file, which cannot be cut, the same with two threads.
 */
START_TEST(test_pieces)
{
	enum { NL = 60000 };
	struct dp_err err = DP_ERR_INIT, err1 = DP_ERR_INIT;
	struct attr_snapshot s = { "t", NULL, 0 };
	struct attr_result r1, r2;
	struct attr_req req;
	const char *files[3];
	size_t k, cut = 0, want;
	int csv;

	s.t = table("t.ptab", 0, 0);
	for (csv = 0; csv < 2; csv++) {
		cut = 0;
		write_log("p1.log", NL, csv, 1);
		write_log("p2.log", NL / 3, csv, 2);
		files[0] = path("p1.log");
		files[1] = path("p2.log");
		one_thread(&req, &s, files, 2);
		ck_assert_int_eq(attribute_run(&req, &r1, &err), 0);
		ck_assert_uint_eq(r1.pieces, 2);
		ck_assert_uint_eq(r1.files[0].lines, NL);
		ck_assert_uint_eq(r1.files[1].lines, NL / 3);
		/* Lines 7919 and 15838 blank, 9973, 19946, ... bad. */
		want = NL / 9973;
		ck_assert_uint_eq(r1.files[0].malformed, want);
		for (k = 0; k < ATTR_BAD_MAX && k < want; k++)
			ck_assert_uint_eq(r1.files[0].bad[k], 9973 * (k + 1));
		ck_assert_uint_eq(r1.used, NL + NL / 3 - 2 - want -
		    NL / 7919 - (NL / 3) / 9973 - (NL / 3) / 7919);
		req.jobs = 3;
		req.step = 512;
		/* Whether a thread cuts another's file depends on timing:
		   each run must agree, and some run must have cut. */
		for (k = 0; k < 20; k++) {
			ck_assert_int_eq(attribute_run(&req, &r2, &err), 0);
			same_result(&r1, &r2);
			cut += r2.pieces > 2;
			attr_result_release(&r2);
		}
		ck_assert_uint_gt(cut, 0);
		/* One file, cut by two threads. */
		req.nfiles = 1;
		req.jobs = 1;
		req.step = 0;
		attr_result_release(&r1);
		ck_assert_int_eq(attribute_run(&req, &r1, &err), 0);
		req.jobs = 2;
		req.step = 256;
		for (k = 0; k < 5; k++) {
			ck_assert_int_eq(attribute_run(&req, &r2, &err), 0);
			same_result(&r1, &r2);
			attr_result_release(&r2);
		}
		attr_result_release(&r1);
		/* --strict: the first bad line, whichever thread saw it. */
		req.strict = 1;
		req.nfiles = 2;
		req.jobs = 1;
		req.step = 0;
		ck_assert_int_eq(attribute_run(&req, &r1, &err1),
		    DP_EX_DATAERR);
		ck_assert_ptr_nonnull(strstr(err1.msg, "p1.log': line 9973: "));
		req.jobs = 3;
		req.step = 512;
		for (k = 0; k < 5; k++) {
			ck_assert_int_eq(attribute_run(&req, &r2, &err),
			    DP_EX_DATAERR);
			ck_assert_str_eq(err.msg, err1.msg);
		}
	}
	/* A gzip file is read whole, by one thread. */
	{
		FILE *in = fopen(path("p1.log"), "r");
		gzFile gz = gzopen(path("p1.log.gz"), "wb");
		char b[4096];
		size_t got;

		ck_assert_ptr_nonnull(in);
		ck_assert_ptr_nonnull(gz);
		while ((got = fread(b, 1, sizeof(b), in)) > 0)
			ck_assert_int_eq(gzwrite(gz, b, (unsigned)got),
			    (int)got);
		fclose(in);
		ck_assert_int_eq(gzclose(gz), Z_OK);
		files[0] = path("p1.log");
		files[1] = path("p1.log.gz");
		one_thread(&req, &s, files, 1);
		ck_assert_int_eq(attribute_run(&req, &r1, &err), 0);
		req.files = files + 1;
		req.jobs = 2;
		req.step = 256;
		ck_assert_int_eq(attribute_run(&req, &r2, &err), 0);
		ck_assert_uint_eq(r2.pieces, 1);
		same_result(&r1, &r2);
		attr_result_release(&r1);
		attr_result_release(&r2);
	}
	ptab_close(s.t);
}
END_TEST

/*
 * Lines out of time order, to and fro between two intervals, and a
 * table's date inside an interval: each spell of one interval and one
 * table is counted apart, and the spells are added up.
 */
START_TEST(test_unsorted)
{
	struct dp_err err = DP_ERR_INIT;
	struct attr_snapshot s[2] = { { "old", NULL, 0 }, { "new", NULL, 0 } };
	struct attr_result r;
	const char *files[1];

	s[0].t = table("old.ptab", 0, 0);
	s[1].t = table("new.ptab", 7300, 1);
	s[1].taken_at = 7300;
	write_file("a.log", "3600 10.0.0.1\n7200 10.0.0.1\n3601 10.0.0.2\n"
	    "7201 10.0.1.1\n3602 10.0.0.3\n9.9.9.9 x\n7300 10.0.1.1\n"
	    "7299 10.0.1.1\n7301 10.0.1.1\n3603 8.8.8.8\n7302 8.8.8.8\n"
	    "3604 8.8.8.8\n");
	files[0] = path("a.log");
	ck_assert_int_eq(run(s, 2, ATTR_BY_ASN, ATTR_JOINT, files, 1, 1, &r,
	    &err), 0);
	ck_assert_str_eq(text(&r), "3600 AS64500 3\n3600 unmatched 2\n"
	    "7200 AS64500 1\n7200 AS64501 2\n7200 AS64511 2\n"
	    "7200 unmatched 1\n");
	ck_assert_uint_eq(r.malformed, 1);
	attr_result_release(&r);
	ck_assert_int_eq(run(s, 2, ATTR_BY_PREFIX, ATTR_JOINT, files, 1, 1,
	    &r, &err), 0);
	ck_assert_str_eq(text(&r), "3600 10.0.0.0/16 3\n3600 unmatched 2\n"
	    "7200 10.0.0.0/16 1\n7200 10.0.1.0/24 4\n7200 unmatched 1\n");
	attr_result_release(&r);
	ptab_close(s[0].t);
	ptab_close(s[1].t);
}
END_TEST

START_TEST(test_merge)
{
	struct dp_err err = DP_ERR_INIT;
	struct attr_result r;
	const char *files[3];

	write_file("a.csv", "interval_start,key,count\n"
	    "2008-11-11T20:00:00Z,AS26780,5\n"
	    "2008-11-11T21:00:00Z,\"X, Ltd\",2\n");
	write_file("b.csv", "interval_start,key,count\r\n"
	    "2008-11-11T20:00:00Z,AS26780,7\r\n"
	    "2008-11-11T20:00:00Z,unmatched,1\r\n"
	    "2008-11-11T21:00:00Z,X, Ltd,1\r\n");
	files[0] = path("a.csv");
	files[1] = path("b.csv");
	ck_assert_int_eq(attribute_merge(files, 2, 3600, &r, &err), 0);
	ck_assert_str_eq(text(&r), "1226433600 AS26780 12\n"
	    "1226433600 unmatched 1\n1226437200 X, Ltd 3\n");
	attr_result_release(&r);
	/* Counts per 15 minutes are not hourly counts. */
	write_file("c.csv", "interval_start,key,count\n"
	    "2008-11-11T20:15:00Z,AS26780,5\n");
	files[1] = path("c.csv");
	ck_assert_int_eq(attribute_merge(files, 2, 3600, &r, &err),
	    DP_EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(err.msg, "c.csv': line 2: "));
	ck_assert_int_eq(attribute_merge(files + 1, 1, 900, &r, &err), 0);
	attr_result_release(&r);
	write_file("d.csv", "2008-11-11T20:00:00Z,AS26780,5\n");
	files[1] = path("d.csv");
	ck_assert_int_eq(attribute_merge(files, 2, 3600, &r, &err),
	    DP_EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(err.msg, "header"));
	write_file("e.csv", "interval_start,key,count\n"
	    "2008-11-11T20:00:00Z,AS26780,-5\n");
	files[1] = path("e.csv");
	ck_assert_int_eq(attribute_merge(files, 2, 3600, &r, &err),
	    DP_EX_DATAERR);
}
END_TEST

Suite *
attribute_suite(void)
{
	Suite *s = suite_create("attribute");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_keys);
	tcase_add_test(tc, test_at_auto);
	tcase_add_test(tc, test_providers);
	tcase_add_test(tc, test_malformed);
	tcase_add_test(tc, test_compressed);
	tcase_add_test(tc, test_random_vs_brute);
	tcase_add_test(tc, test_pieces);
	tcase_add_test(tc, test_unsorted);
	tcase_add_test(tc, test_merge);
	suite_add_tcase(s, tc);
	return s;
}
