/*
 * check_report.c - the parts of the status report that need no case:
 * what --redact finds in free text and how it numbers it (report_redact.c),
 * Markdown escaping (report_text.c), and the chart's scaling: buckets,
 * axis ticks, the downsampling of a long series (report_words.c).
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "report.h"
#include "report_int.h"

static void
red_eq(struct redactor *r, const char *in, const char *want)
{
	char *got = redact_text(r, in);

	ck_assert_msg(strcmp(got, want) == 0, "'%s' gave '%s', not '%s'",
	    in, got, want);
	free(got);
}

START_TEST(test_redact_kinds)
{
	struct redactor *r = redactor_new();

	red_eq(r, "C2 at 208.66.194.22.", "C2 at [redacted ipv4 #1].");
	red_eq(r, "net 208.66.192.0/22, v6 2001:db8::7;",
	    "net [redacted cidr #1], v6 [redacted ipv6 #1];");
	red_eq(r, "see http://evil.example/gate.php?id=7 now",
	    "see [redacted url #1] now");
	red_eq(r, "host cc.srizbi.example (sinkholed)",
	    "host [redacted domain #1] (sinkholed)");
	red_eq(r, "www.evil.example/path", "[redacted url #2]");
	/* a person's address goes, a role address stays */
	red_eq(r, "from carol@example.net, cc abuse@gblx.example",
	    "from [redacted email #1], cc abuse@gblx.example");
	red_eq(r, "noc-team@he.example", "noc-team@he.example");
	/* not indicators */
	red_eq(r, "AS26780 at 2008-11-11T21:23:00Z, fell 60.2% (v1.2)",
	    "AS26780 at 2008-11-11T21:23:00Z, fell 60.2% (v1.2)");
	red_eq(r, "e.g. the 1.0 release", "e.g. the 1.0 release");
	redactor_free(r);
}
END_TEST

START_TEST(test_redact_defanged)
{
	struct redactor *r = redactor_new();

	/* defanged forms are the same value, the same number */
	red_eq(r, "208.66.194.22", "[redacted ipv4 #1]");
	red_eq(r, "208.66.194[.]22", "[redacted ipv4 #1]");
	red_eq(r, "(208[.]66[.]194[.]22)", "([redacted ipv4 #1])");
	red_eq(r, "hxxp://evil[.]example/x", "[redacted url #1]");
	red_eq(r, "evil(.)example", "[redacted domain #1]");
	red_eq(r, "carol[@]example.net", "[redacted email #1]");
	redactor_free(r);
}
END_TEST

START_TEST(test_redact_numbering)
{
	struct redactor *r = redactor_new();
	char *c;

	/* stable: the same value always the same number, in any case;
	   two values two numbers */
	ck_assert_str_eq(redact_value(r, "ipv4", "192.0.2.1"),
	    "[redacted ipv4 #1]");
	ck_assert_str_eq(redact_value(r, "ipv4", "192.0.2.2"),
	    "[redacted ipv4 #2]");
	ck_assert_str_eq(redact_value(r, "ipv4", "192.0.2.1"),
	    "[redacted ipv4 #1]");
	ck_assert_str_eq(redact_value(r, "domain", "Evil.Example"),
	    "[redacted domain #1]");
	red_eq(r, "evil.example and 192.0.2.2",
	    "[redacted domain #1] and [redacted ipv4 #2]");
	c = redact_counts(r);
	ck_assert_str_eq(c, "2 ipv4, 1 domain");
	free(c);
	/* kept values: a registry's host name */
	redactor_keep(r, "whois.arin.net");
	red_eq(r, "whois.arin.net", "whois.arin.net");
	c = redact_text_seps(r, "https://rdap.arin.net/registry/ip/192.0.2.1",
	    "/?=&");
	ck_assert_str_eq(c,
	    "https://[redacted domain #2]/registry/ip/[redacted ipv4 #1]");
	free(c);
	c = redact_address(r, "abuse@he.example");
	ck_assert_str_eq(c, "abuse@he.example");
	free(c);
	c = redact_address(r, "ann.analyst@cert.example");
	ck_assert_str_eq(c, "[redacted email #1]");
	free(c);
	ck_assert_int_eq(redact_is_role("Abuse@x.example"), 1);
	ck_assert_int_eq(redact_is_role("abuser@x.example"), 0);
	redactor_free(r);
}
END_TEST

static void
md_eq(const char *in, const char *want)
{
	struct buf b;

	buf_init(&b);
	report_md_escape(in, &b);
	ck_assert_msg(strcmp(b.s, want) == 0, "'%s' gave '%s', not '%s'",
	    in, b.s, want);
	buf_release(&b);
}

START_TEST(test_markdown_escape)
{
	md_eq("plain text, 2008-11-11.", "plain text, 2008-11-11.");
	md_eq("Mega|D*bot", "Mega\\|D\\*bot");
	md_eq("_x_ `y` [a](b) <i> #1 ~z~ \\",
	    "\\_x\\_ \\`y\\` \\[a\\](b) \\<i\\> \\#1 \\~z\\~ \\\\");
	md_eq("two\nlines\ttab", "two lines tab");
	/* placeholders stay readable; a '(' after one cannot make a link */
	md_eq("at [redacted ipv4 #3].", "at [redacted ipv4 #3].");
	md_eq("[redacted url #1](http://x)", "[redacted url #1]\\(http://x)");
	md_eq("[redacted <b>]", "\\[redacted \\<b\\>\\]");
}
END_TEST

START_TEST(test_buckets)
{
	/* [0, 100) in 10: 10 wide each, clamped at both ends */
	ck_assert_uint_eq(rep_bucket(0, 0, 100, 10), 0);
	ck_assert_uint_eq(rep_bucket(9, 0, 100, 10), 0);
	ck_assert_uint_eq(rep_bucket(10, 0, 100, 10), 1);
	ck_assert_uint_eq(rep_bucket(99, 0, 100, 10), 9);
	ck_assert_uint_eq(rep_bucket(100, 0, 100, 10), 9);
	ck_assert_uint_eq(rep_bucket(-5, 0, 100, 10), 0);
	/* a year of hours into 720 buckets: no overflow, in order */
	ck_assert_uint_eq(rep_bucket(1230000000, 1200000000,
	    1200000000 + 8760 * 3600, 720), (size_t)(30000000.0 * 720 /
	    (8760.0 * 3600)));
}
END_TEST

START_TEST(test_ticks)
{
	double first, step;
	size_t n;

	n = rep_ticks(0, 105, 6, &first, &step);
	ck_assert(first == 0 && step == 20 && n == 6);	/* 0 .. 100 */
	n = rep_ticks(0, 1, 6, &first, &step);
	ck_assert(fabs(step - 0.2) < 1e-12 && n == 6);
	n = rep_ticks(13, 87, 6, &first, &step);
	ck_assert(first == 20 && step == 20 && n == 4);
	/* every tick inside [lo, hi], never more than asked */
	for (double hi = 1; hi < 1e7; hi *= 3.7) {
		n = rep_ticks(0, hi, 6, &first, &step);
		ck_assert_msg(n >= 2 && n <= 6, "%g: %zu ticks", hi, n);
		ck_assert(first >= 0 && first + (double)(n - 1) * step <= hi);
	}
	/* an empty range: one tick, no division by zero */
	ck_assert_uint_eq(rep_ticks(5, 5, 6, &first, &step), 1);
}
END_TEST

START_TEST(test_downsample)
{
	struct measure_point *p, *o;
	double *lo, *hi, sum = 0, osum = 0;
	size_t n = 8760, no, i;

	p = calloc(n, sizeof(*p));
	for (i = 0; i < n; i++) {
		p[i].t = 1200000000 + (int64_t)i * 3600;
		p[i].v = (double)(i % 24);	/* a daily cycle 0..23 */
		sum += p[i].v;
	}
	rep_downsample(p, n, 720, &o, &lo, &hi, &no);
	ck_assert_uint_le(no, 720);
	ck_assert_uint_ge(no, 700);
	for (i = 0; i < no; i++) {
		/* each bucket holds 12 or 13 hours in a row: its extremes
		   11 or more apart, its mean between them */
		ck_assert(lo[i] <= o[i].v && o[i].v <= hi[i]);
		ck_assert_msg(hi[i] - lo[i] >= 11, "bucket %zu: %g..%g", i,
		    lo[i], hi[i]);
		if (i > 0)
			ck_assert(o[i].t > o[i - 1].t);
		osum += o[i].v;
	}
	/* the means keep the level: about 11.5 a bucket */
	ck_assert(fabs(osum / (double)no - sum / (double)n) < 0.5);
	free(o);
	free(lo);
	free(hi);
	/* fewer points than buckets: each point its own */
	rep_downsample(p, 10, 720, &o, &lo, &hi, &no);
	ck_assert_uint_eq(no, 10);
	ck_assert(o[3].t == p[3].t && o[3].v == p[3].v);
	free(o);
	free(lo);
	free(hi);
	free(p);
}
END_TEST

START_TEST(test_formats)
{
	enum report_format f;

	ck_assert_int_eq(report_format_parse("md", &f), 0);
	ck_assert_int_eq(f, REPORT_MARKDOWN);
	ck_assert_str_eq(report_format_ext(f), "md");
	ck_assert_int_eq(report_format_parse("html", &f), 0);
	ck_assert_str_eq(report_format_ext(f), "html");
	ck_assert_int_eq(report_format_parse("text", &f), 0);
	ck_assert_str_eq(report_format_ext(f), "txt");
	ck_assert_int_eq(report_format_parse("json", &f), 0);
	ck_assert_str_eq(report_format_ext(f), "json");
	ck_assert_int_eq(report_format_parse("pdf", &f), -1);
}
END_TEST

Suite *
report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("report");

	tcase_add_test(tc, test_redact_kinds);
	tcase_add_test(tc, test_redact_defanged);
	tcase_add_test(tc, test_redact_numbering);
	tcase_add_test(tc, test_markdown_escape);
	tcase_add_test(tc, test_buckets);
	tcase_add_test(tc, test_ticks);
	tcase_add_test(tc, test_downsample);
	tcase_add_test(tc, test_formats);
	suite_add_tcase(s, tc);
	return s;
}
