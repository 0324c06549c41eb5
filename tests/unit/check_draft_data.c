/*
 * check_draft_data.c - draft_data.c on a case built through the real
 * services: evidence added and retracted, registry answers stored, links
 * recorded.  Counts, retracted rows kept out of everything, evidence.csv
 * byte for byte and under its cap, no live indicator in the template
 * data, the abuse address read from the stored answers only (no
 * connection made), and the refusals.
 */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "config.h"
#include "rdap.h"
#include "draft_data.h"
#include "evidence.h"
#include "evidence_store.h"
#include "resolver.h"
#include "ripestat.h"
#include "srcstore.h"
#include "testutil.h"
#include "upstream.h"

Suite	*draft_data_suite(void);

#define NOW	1226448000	/* 2008-11-12T00:00:00Z */
#define AT	1226300000	/* when the answers were fetched: older than
				   the default ttl, read all the same */

static struct config *cfg;
static int64_t irr_id, rs_id, ids[8];
static int listener = -1;

/* A listening socket every connection is sent to (DEPEER_CONNECT_TO). */
static void
listen_here(void)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	char spec[64];

	listener = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_ge(listener, 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(listener, (struct sockaddr *)&a, sizeof(a)), 0);
	ck_assert_int_eq(listen(listener, 8), 0);
	ck_assert_int_eq(getsockname(listener, (struct sockaddr *)&a, &len),
	    0);
	fcntl(listener, F_SETFL, fcntl(listener, F_GETFL) | O_NONBLOCK);
	snprintf(spec, sizeof(spec), "::127.0.0.1:%u", ntohs(a.sin_port));
	setenv("DEPEER_CONNECT_TO", spec, 1);
}

/* Whether anything connected to the listener. */
static int
connected(void)
{
	int fd = accept(listener, NULL, NULL);

	if (fd >= 0) {
		close(fd);
		return 1;
	}
	ck_assert(errno == EAGAIN || errno == EWOULDBLOCK);
	return 0;
}

static void
setup(void)
{
	struct dp_err err = DP_ERR_INIT;
	size_t i;

	for (i = 0; config_key(i) != NULL; i++)
		unsetenv(config_env_name(config_key(i)));
	setenv("DEPEER_NOW", "1226448000", 1);
	setenv("DEPEER_RETRIES", "0", 1);
	setenv("DEPEER_CONNECT_TIMEOUT_MS", "500", 1);
	setenv("DEPEER_TOTAL_TIMEOUT_MS", "1000", 1);
	listen_here();
	ck_assert_msg(config_load("/nonexistent/depeer/config", &cfg,
	    &err) == 0, "%s", err.msg);
}

static void
teardown(void)
{
	config_free(cfg);
	cfg = NULL;
	close(listener);
}

static int64_t
add(struct db *db, const char *prov, const char *kind, const char *ind,
    const char *observed, const char *family, const char *source)
{
	struct ev_input in = { kind, ind, observed, family, source, NULL };
	struct dp_err err = DP_ERR_INIT;
	struct evidence e;
	int64_t id;

	memset(&e, 0, sizeof(e));
	ck_assert_msg(evidence_from_input(&in, &e, &err) == 0, "%s", err.msg);
	ck_assert_msg(evidence_add(db, prov, &e, &err) == 0, "%s", err.msg);
	id = e.id;
	evidence_release(&e);
	return id;
}

/* Store one answer; its id. */
static int64_t
store(struct db *db, const char *proto, const char *server,
    const char *query, const char *body, size_t len)
{
	struct source_batch b = { NULL, 0 };
	struct dp_err err = DP_ERR_INIT;
	int64_t id;

	source_batch_add(&b, proto, server, query, AT, 200,
	    strcmp(proto, "ripestat") == 0, body, len);
	ck_assert_msg(srcstore_commit_batch(db, &b, 0, "t", &err) == 0, "%s",
	    err.msg);
	id = b.v[0].id;
	source_batch_release(&b);
	return id;
}

/* Record upstream up of origin asn, shown by answer src. */
static void
link_up(struct db *db, uint32_t asn, uint32_t up, int64_t src)
{
	struct upstream_origin o;
	struct dp_err err = DP_ERR_INIT;

	memset(&o, 0, sizeof(o));
	o.asn = asn;
	o.ups = xcalloc(1, sizeof(*o.ups));
	o.nups = 1;
	o.ups[0].asn = up;
	o.ups[0].name = xasprintf("UP%u", up);
	o.ups[0].confidence = 0.95;
	o.ups[0].ev = xcalloc(1, sizeof(*o.ups[0].ev));
	o.ups[0].nev = 1;
	o.ups[0].ev[0].method = xstrdup("irr");
	o.ups[0].ev[0].detail = xasprintf("AS%u imports ANY from AS%u", asn,
	    up);
	o.ups[0].ev[0].src = xcalloc(1, sizeof(struct source_ref));
	source_ref_set(o.ups[0].ev[0].src, src, "irr", "whois.radb.net:43",
	    "AS26780", AT, "00", 17);
	ck_assert_int_eq(db_begin(db, &err), 0);
	ck_assert_msg(upstream_record(db, &o, AT + 60, &err) == 0, "%s",
	    err.msg);
	ck_assert_int_eq(db_commit(db, &err), 0);
	free(o.ups[0].name);
	free(o.ups[0].ev[0].method);
	free(o.ups[0].ev[0].detail);
	source_ref_release(o.ups[0].ev[0].src);
	free(o.ups[0].ev[0].src);
	free(o.ups[0].ev);
	free(o.ups);
}

/*
 * McColo (AS26780): six rows, one retracted; AS3333 its upstream (an IRR
 * answer), AS1299 AS3333's; RIPEstat's abuse contact of AS3333 stored.
 */
static struct db *
case_db(void)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;
	struct evidence out;
	char *url, host[256], *body;
	size_t len;

	test_provider(db, "McColo");
	ids[0] = add(db, "McColo", "c2", "208.66.194.22",
	    "2008-11-10T10:00:00Z", "Srizbi", "sinkhole http://sink.example/");
	ids[1] = add(db, "McColo", "c2", "http://evil.example/gate.php",
	    "2008-11-09T08:30:00Z", "Srizbi", NULL);
	ids[2] = add(db, "McColo", "malware-host", "evil.example",
	    "2008-11-08T00:00:00Z", "Rustock", NULL);
	ids[3] = add(db, "McColo", "spam-source", "2001:db8::25", NULL, NULL,
	    "spamtrap");
	ids[4] = add(db, "McColo", "c2", "208.66.194.23",
	    "2008-11-11T12:00:00Z", "Srizbi", NULL);
	ids[5] = add(db, "McColo", "phishing", "208.66.193.0/24",
	    "2008-11-07T00:00:00Z", "Kit \"v2\", old", NULL);
	memset(&out, 0, sizeof(out));
	ck_assert_msg(evidence_retract(db, &ids[4], 1, "wrong host", &out,
	    &err) == 0, "%s", err.msg);
	evidence_release(&out);
	irr_id = store(db, "irr", "whois.radb.net:43", "AS26780",
	    "aut-num: AS26780\n", 17);
	link_up(db, 26780, 3333, irr_id);
	link_up(db, 3333, 1299, irr_id);
	url = ripestat_url(config_get(cfg, "ripestat_url"),
	    "abuse-contact-finder", "AS3333", config_get(cfg, "sourceapp"));
	ck_assert_int_eq(resolver_url_host(url, host), 0);
	body = test_fixture("ripestat/prsw_abuse-contact-finder.json", &len);
	rs_id = store(db, "ripestat", host, url, body, len);
	free(body);
	free(url);
	return db;
}

static void
req_init(struct draft_req *r, const uint32_t *asn)
{
	memset(r, 0, sizeof(*r));
	r->provider = "McColo";
	r->asns = asn;
	r->nasns = asn != NULL;
	r->now = NOW;
}

static json_t *
get(json_t *o, const char *path)
{
	char *p = xstrdup(path), *k, *save = NULL;
	json_t *v = o;

	for (k = strtok_r(p, ".", &save); k != NULL && v != NULL;
	    k = strtok_r(NULL, ".", &save))
		v = json_is_array(v) ? json_array_get(v, (size_t)atoi(k)) :
		    json_object_get(v, k);
	free(p);
	return v;
}

static const char *
gets(json_t *o, const char *path)
{
	json_t *v = get(o, path);

	ck_assert_msg(json_is_string(v), "%s is not a string", path);
	return json_string_value(v);
}

static json_int_t
geti(json_t *o, const char *path)
{
	json_t *v = get(o, path);

	ck_assert_msg(json_is_integer(v), "%s is not an integer", path);
	return json_integer_value(v);
}

START_TEST(test_upstream_draft)
{
	struct db *db = case_db();
	struct dp_err err = DP_ERR_INIT;
	struct draft_req req;
	struct draft_data d;
	uint32_t asn = 3333;
	json_t *j;
	size_t i;

	req_init(&req, &asn);
	ck_assert_msg(draft_data_build(db, cfg, &req, &d, &err) == 0, "%s",
	    err.msg);
	j = d.data;
	ck_assert_str_eq(gets(j, "now"), "2008-11-12T00:00:00Z");
	ck_assert_str_eq(gets(j, "today"), "2008-11-12");
	ck_assert_str_eq(gets(j, "relation"), "upstream");
	ck_assert_str_eq(gets(j, "provider.name"), "McColo");
	ck_assert_str_eq(gets(j, "provider.as_list"), "AS26780");
	ck_assert_int_eq(geti(j, "evidence.total"), 5);
	ck_assert_int_eq(d.nevidence, 5);
	ck_assert_str_eq(gets(j, "evidence.first_seen"),
	    "2008-11-07T00:00:00Z");
	ck_assert_str_eq(gets(j, "evidence.last_seen"),
	    "2008-11-10T10:00:00Z");
	/* by count, then the kinds' order */
	ck_assert_str_eq(gets(j, "evidence.by_kind.0.kind"), "c2");
	ck_assert_int_eq(geti(j, "evidence.by_kind.0.count"), 2);
	ck_assert_str_eq(gets(j, "evidence.by_kind.1.kind"), "spam-source");
	ck_assert_uint_eq(json_array_size(get(j, "evidence.by_kind")), 4);
	ck_assert_str_eq(gets(j, "evidence.by_family.0.family"), "Srizbi");
	ck_assert_int_eq(geti(j, "evidence.by_family.0.count"), 2);
	ck_assert_str_eq(gets(j, "evidence.by_type.0.type"), "ipv4");
	ck_assert_int_eq(geti(j, "evidence.shown"), 5);
	ck_assert_ptr_null(get(j, "evidence.more"));
	/* newest first, undated last; the retracted row nowhere */
	ck_assert_int_eq(geti(j, "evidence.sample.0.id"), ids[0]);
	ck_assert_str_eq(gets(j, "evidence.sample.0.indicator"),
	    "208.66.194[.]22");
	ck_assert_int_eq(geti(j, "evidence.sample.4.id"), ids[3]);
	ck_assert_ptr_null(get(j, "evidence.sample.4.observed_at"));
	for (i = 0; i < 5; i++) {
		char path[32];

		snprintf(path, sizeof(path), "evidence.sample.%zu.id", i);
		ck_assert_int_ne(geti(j, path), ids[4]);
	}
	ck_assert_ptr_null(strstr(d.csv.s, "208.66.194.23"));
	ck_assert_ptr_null(strstr(gets(j, "evidence.sample_table"),
	    "194[.]23"));
	/* the link and its record, then the contact's */
	ck_assert_str_eq(gets(j, "upstream.as"), "AS3333");
	ck_assert_str_eq(gets(j, "upstream.customer_as"), "AS26780");
	ck_assert_str_eq(gets(j, "upstream.confidence"), "0.95");
	ck_assert_ptr_null(get(j, "upstream.via_as"));
	ck_assert_uint_eq(json_array_size(get(j, "upstream.records")), 1);
	ck_assert_str_eq(gets(j, "upstream.records.0.ref"), "R1");
	ck_assert_str_eq(gets(j, "upstream.records.0.method"), "irr");
	ck_assert_uint_eq(json_array_size(get(j, "records")), 2);
	ck_assert_uint_eq(d.nrecords, 2);
	ck_assert_int_eq(d.records[0].source_id, irr_id);
	ck_assert_str_eq(d.records[0].attachment,
	    "R1-irr-whois.radb.net.txt");
	ck_assert_int_eq(d.records[1].source_id, rs_id);
	ck_assert_str_eq(d.records[1].attachment,
	    "R2-ripestat-stat.ripe.net.json");
	ck_assert_str_eq(gets(j, "records.1.date"), "2008-11-10");
	ck_assert_int_eq(geti(j, "records.1.id"), rs_id);
	/* the recipient: RIPEstat's abuse contact, cited */
	ck_assert_str_eq(d.to, "abuse@ripe.net");
	ck_assert_int_eq(d.to_source_id, rs_id);
	ck_assert_str_eq(gets(j, "recipient.address"), "abuse@ripe.net");
	ck_assert_str_eq(gets(j, "recipient.as"), "AS3333");
	ck_assert_str_eq(gets(j, "recipient.name"), "UP3333");
	ck_assert_str_eq(gets(j, "recipient.via"), "ripestat:abuse-contact-"
	    "finder of AS3333, stat.ripe.net answer of 2008-11-10 (record R2)");
	ck_assert_int_eq(d.target_asn, 3333);
	/* the members the templates' sentences and subject use */
	ck_assert_str_eq(gets(j, "evidence.summary"), "2 botnet "
	    "command-and-control (C2) servers, 1 source of spam, 1 host "
	    "serving malware and 1 phishing site");
	ck_assert_str_eq(gets(j, "evidence.kinds_short"),
	    "botnet C2, spam and other abuse");
	/* a count of one is in the singular */
	ck_assert_str_eq(gets(j, "evidence.by_kind.1.label"),
	    "source of spam");
	ck_assert_str_eq(gets(j, "evidence.by_kind.0.label"),
	    "botnet command-and-control (C2) servers");
	ck_assert(json_is_true(get(j, "evidence.has_families")));
	ck_assert(json_is_true(get(j, "has_records")));
	ck_assert(json_is_true(get(j, "provider.has_upstreams")));
	ck_assert_str_eq(gets(j, "provider.upstreams.0.as"), "AS3333");
	ck_assert_str_eq(gets(j, "provider.upstreams.0.customer_as"),
	    "AS26780");
	ck_assert(!connected());
	draft_data_release(&d);
	db_close(db);
}
END_TEST

/* The CSV byte for byte: id order, RFC 4180, live values, CRLF. */
START_TEST(test_csv_exact)
{
	struct db *db = case_db();
	struct dp_err err = DP_ERR_INIT;
	struct draft_req req;
	struct draft_data d;
	char *want;

	req_init(&req, NULL);
	req.to = "abuse@example.net";
	ck_assert_msg(draft_data_build(db, cfg, &req, &d, &err) == 0, "%s",
	    err.msg);
	want = xasprintf("evidence_id,observed_at,kind,indicator,"
	    "indicator_type,family,source,recorded_at\r\n"
	    "%lld,2008-11-10T10:00:00Z,c2,208.66.194.22,ipv4,Srizbi,"
	    "sinkhole http://sink.example/,2008-11-12T00:00:00Z\r\n"
	    "%lld,2008-11-09T08:30:00Z,c2,http://evil.example/gate.php,url,"
	    "Srizbi,,2008-11-12T00:00:00Z\r\n"
	    "%lld,2008-11-08T00:00:00Z,malware-host,evil.example,domain,"
	    "Rustock,,2008-11-12T00:00:00Z\r\n"
	    "%lld,,spam-source,2001:db8::25,ipv6,,spamtrap,"
	    "2008-11-12T00:00:00Z\r\n"
	    "%lld,2008-11-07T00:00:00Z,phishing,208.66.193.0/24,cidr,"
	    "\"Kit \"\"v2\"\", old\",,2008-11-12T00:00:00Z\r\n",
	    (long long)ids[0], (long long)ids[1], (long long)ids[2],
	    (long long)ids[3], (long long)ids[5]);
	ck_assert_str_eq(d.csv.s, want);
	ck_assert_int_eq(d.csv_rows, 5);
	ck_assert_int_eq(d.csv_omitted, 0);
	ck_assert_int_eq(d.max_evidence_id, ids[5]);
	ck_assert(json_is_false(get(d.data, "evidence.csv.truncated")));
	/* --to alone: no target, no upstream, nothing cited */
	ck_assert_str_eq(gets(d.data, "relation"), "other");
	ck_assert_ptr_null(get(d.data, "upstream"));
	ck_assert_ptr_null(get(d.data, "recipient.via"));
	ck_assert_ptr_null(get(d.data, "recipient.as"));
	ck_assert_uint_eq(json_array_size(get(d.data, "records")), 0);
	ck_assert_int_eq(d.to_source_id, 0);
	free(want);
	draft_data_release(&d);
	db_close(db);
}
END_TEST

/* The cap: whole rows in id order, the rest counted. */
START_TEST(test_csv_cap)
{
	struct db *db = case_db();
	struct dp_err err = DP_ERR_INIT;
	struct draft_req req;
	struct draft_data d, full;
	const char *third;
	size_t cap;

	req_init(&req, NULL);
	req.to = "abuse@example.net";
	ck_assert_int_eq(draft_data_build(db, cfg, &req, &full, &err), 0);
	/* room for the header and two rows, one byte short of three */
	third = strstr(full.csv.s, "\r\n") + 2;
	third = strstr(third, "\r\n") + 2;
	third = strstr(third, "\r\n") + 2;
	third = strstr(third, "\r\n") + 2;
	cap = (size_t)(third - full.csv.s) - 1;
	req.max_csv = (int64_t)cap;
	ck_assert_int_eq(draft_data_build(db, cfg, &req, &d, &err), 0);
	ck_assert_uint_le(d.csv.len, cap);
	ck_assert_int_eq(d.csv_rows, 2);
	ck_assert_int_eq(d.csv_omitted, 3);
	ck_assert_int_eq(d.max_evidence_id, ids[1]);
	ck_assert_int_eq(memcmp(d.csv.s, full.csv.s, d.csv.len), 0);
	ck_assert(json_is_true(get(d.data, "evidence.csv.truncated")));
	ck_assert_int_eq(geti(d.data, "evidence.csv.omitted"), 3);
	ck_assert_int_eq(geti(d.data, "evidence.csv.rows"), 2);
	/* the summary still counts every row */
	ck_assert_int_eq(geti(d.data, "evidence.total"), 5);
	draft_data_release(&d);
	draft_data_release(&full);
	db_close(db);
}
END_TEST

/* Every string member, recursively, into b (one per line). */
static void
strings(json_t *v, struct buf *b)
{
	const char *k;
	json_t *x;
	size_t i;

	if (json_is_string(v)) {
		buf_adds(b, json_string_value(v));
		buf_addc(b, '\n');
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			strings(x, b);
	} else if (json_is_object(v)) {
		json_object_foreach(v, k, x)
			strings(x, b);
	}
}

START_TEST(test_no_live_indicator)
{
	static const char *const live[] = {
		"208.66.194.22", "208.66.194.23", "evil.example",
		"2001:db8::25", "208.66.193.0", "sink.example",
		"http://", "https://",
	};
	struct db *db = case_db();
	struct dp_err err = DP_ERR_INIT;
	struct draft_req req;
	struct draft_data d;
	struct buf b = BUF_INIT;
	uint32_t asn = 3333;
	size_t i;

	req_init(&req, &asn);
	ck_assert_msg(draft_data_build(db, cfg, &req, &d, &err) == 0, "%s",
	    err.msg);
	strings(d.data, &b);
	/* the check can fail: the members are there, defanged */
	ck_assert_ptr_nonnull(strstr(b.s, "evil[.]example"));
	ck_assert_ptr_nonnull(strstr(b.s, "hxxp://evil[.]example/gate[.]php"));
	ck_assert_ptr_nonnull(strstr(b.s, "sinkhole hxxp://sink[.]example/"));
	ck_assert_ptr_nonnull(strstr(b.s, "2001[:]db8[:][:]25"));
	for (i = 0; i < ARRAY_SIZE(live); i++)
		ck_assert_msg(strstr(b.s, live[i]) == NULL, "%s is live in:\n%s",
		    live[i], b.s);
	/* while the CSV has them live */
	ck_assert_ptr_nonnull(strstr(d.csv.s, "http://evil.example/gate.php"));
	buf_release(&b);
	draft_data_release(&d);
	db_close(db);
}
END_TEST

/* The table: aligned, no trailing spaces, one line per row. */
START_TEST(test_sample_table)
{
	struct db *db = case_db();
	struct dp_err err = DP_ERR_INIT;
	struct draft_req req;
	struct draft_data d;
	const char *t, *nl;
	char *want;

	req_init(&req, NULL);
	req.to = "abuse@example.net";
	req.kinds = (const char *const[]){ "c2", "malware-host" };
	req.nkinds = 2;
	ck_assert_int_eq(draft_data_build(db, cfg, &req, &d, &err), 0);
	t = gets(d.data, "evidence.sample_table");
	/* indented two spaces: a preformatted block that wrap.h leaves be */
	want = xasprintf("  %-4s%-22s%-14s%-34s%s\n"
	    "  %-4lld%-22s%-14s%-34s%s\n"
	    "  %-4lld%-22s%-14s%-34s%s\n"
	    "  %-4lld%-22s%-14s%-34s%s\n",
	    "ID", "OBSERVED (UTC)", "KIND", "INDICATOR", "FAMILY",
	    (long long)ids[0], "2008-11-10T10:00:00Z", "c2",
	    "208.66.194[.]22", "Srizbi",
	    (long long)ids[1], "2008-11-09T08:30:00Z", "c2",
	    "hxxp://evil[.]example/gate[.]php", "Srizbi",
	    (long long)ids[2], "2008-11-08T00:00:00Z", "malware-host",
	    "evil[.]example", "Rustock");
	ck_assert_str_eq(t, want);
	for (nl = strchr(t, '\n'); nl != NULL; nl = strchr(nl + 1, '\n'))
		ck_assert(nl == t || nl[-1] != ' ');
	ck_assert_int_eq(geti(d.data, "evidence.total"), 3);
	ck_assert_str_eq(gets(d.data, "evidence.kinds_short"),
	    "botnet C2 and malware");
	ck_assert_str_eq(gets(d.data, "evidence.summary"), "2 botnet "
	    "command-and-control (C2) servers and 1 host serving malware");
	free(want);
	draft_data_release(&d);
	db_close(db);
}
END_TEST

/*
 * The sample: the newest distinct indicators, every kind present; the
 * others counted in "more".
 */
START_TEST(test_sample_spread)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;
	struct draft_req req;
	struct draft_data d;
	char ind[32], when[32];
	int64_t scan;
	int i;

	test_provider(db, "McColo");
	scan = add(db, "McColo", "scan", "208.66.195.1",
	    "2008-10-01T00:00:00Z", NULL, NULL);
	for (i = 0; i < 30; i++) {
		snprintf(ind, sizeof(ind), "208.66.194.%d", i % 10);
		snprintf(when, sizeof(when), "2008-11-%02dT00:00:00Z", i / 3 +
		    1);
		add(db, "McColo", "c2", ind, when, "Srizbi", NULL);
	}
	req_init(&req, NULL);
	req.to = "abuse@example.net";
	req.sample = 4;
	ck_assert_int_eq(draft_data_build(db, cfg, &req, &d, &err), 0);
	ck_assert_int_eq(geti(d.data, "evidence.shown"), 4);
	ck_assert_int_eq(geti(d.data, "evidence.more"), 27);
	/* the three newest distinct c2 rows, then the old scan */
	ck_assert_str_eq(gets(d.data, "evidence.sample.0.indicator"),
	    "208.66.194[.]9");
	ck_assert_str_eq(gets(d.data, "evidence.sample.1.indicator"),
	    "208.66.194[.]8");
	ck_assert_str_eq(gets(d.data, "evidence.sample.2.indicator"),
	    "208.66.194[.]7");
	ck_assert_int_eq(geti(d.data, "evidence.sample.3.id"), scan);
	draft_data_release(&d);
	db_close(db);
}
END_TEST

/* The other relations: the provider's own AS, an upstream's upstream. */
START_TEST(test_relations)
{
	struct db *db = case_db();
	struct dp_err err = DP_ERR_INIT;
	struct draft_req req;
	struct draft_data d;
	uint32_t asn;

	req_init(&req, &asn);
	req.to = "abuse@example.net";
	asn = 26780;
	ck_assert_int_eq(draft_data_build(db, cfg, &req, &d, &err), 0);
	ck_assert_str_eq(gets(d.data, "relation"), "provider");
	ck_assert_str_eq(gets(d.data, "recipient.as"), "AS26780");
	ck_assert_ptr_null(get(d.data, "upstream"));
	draft_data_release(&d);
	asn = 1299;
	ck_assert_int_eq(draft_data_build(db, cfg, &req, &d, &err), 0);
	ck_assert_str_eq(gets(d.data, "relation"), "upstream-of-upstream");
	ck_assert_str_eq(gets(d.data, "upstream.as"), "AS1299");
	ck_assert_str_eq(gets(d.data, "upstream.via_as"), "AS3333");
	ck_assert_str_eq(gets(d.data, "upstream.customer_as"), "AS26780");
	/* both links cite the one IRR answer: cited once */
	ck_assert_uint_eq(json_array_size(get(d.data, "records")), 1);
	draft_data_release(&d);
	asn = 64500;
	ck_assert_int_eq(draft_data_build(db, cfg, &req, &d, &err), 0);
	ck_assert_str_eq(gets(d.data, "relation"), "other");
	draft_data_release(&d);
	db_close(db);
}
END_TEST

/*
 * No stored answer about the target: refused, naming the command that
 * fetches one, and nothing was asked of the network (every connection
 * would have gone to the listener).
 */
START_TEST(test_no_contact_offline)
{
	struct db *db = case_db();
	struct dp_err err = DP_ERR_INIT;
	struct draft_req req;
	struct draft_data d;
	uint32_t asn = 1299;
	int fd;
	struct sockaddr_in a;
	socklen_t len = sizeof(a);

	req_init(&req, &asn);
	ck_assert_int_eq(draft_data_build(db, cfg, &req, &d, &err),
	    DP_EX_NOINPUT);
	ck_assert_msg(strstr(err.msg, "no abuse address known for AS1299") !=
	    NULL && strstr(err.msg, "run 'depeer contacts AS1299'") != NULL,
	    "%s", err.msg);
	ck_assert_ptr_null(d.data);
	ck_assert(!connected());
	/* the listener does see a connection when one is made */
	fd = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_eq(getsockname(listener, (struct sockaddr *)&a, &len),
	    0);
	ck_assert_int_eq(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	ck_assert(connected());
	close(fd);
	db_close(db);
}
END_TEST

/* An RDAP autnum answer: a technical contact first, then the abuse one. */
static const char rdap_tmpl[] = "{\"objectClassName\":\"autnum\","
    "\"handle\":\"AS%u\",\"startAutnum\":%u,\"endAutnum\":%u,"
    "\"name\":\"UP-AS\",\"entities\":["
    "{\"objectClassName\":\"entity\",\"handle\":\"NOC1\","
    "\"roles\":[\"technical\"],\"vcardArray\":[\"vcard\",[[\"version\",{},"
    "\"text\",\"4.0\"],[\"fn\",{},\"text\",\"NOC\"],[\"email\",{},"
    "\"text\",\"noc@up.example\"]]]}%s]}";
static const char rdap_abuse[] = ",{\"objectClassName\":\"entity\","
    "\"handle\":\"ABU1\",\"roles\":[\"abuse\"],\"vcardArray\":[\"vcard\","
    "[[\"version\",{},\"text\",\"4.0\"],[\"fn\",{},\"text\",\"Abuse\"],"
    "[\"email\",{},\"text\",\"abuse@up.example\"]]]}";

/* Store the RDAP answer about asn where an offline lookup reads it. */
static int64_t
store_rdap(struct db *db, uint32_t asn, int with_abuse)
{
	struct resolver r;
	struct dp_err err = DP_ERR_INIT;
	char *url, host[256], path[32], *body;
	const char *base;
	int64_t id;

	ck_assert_int_eq(resolver_init(&r, cfg, NULL, 1, 0, &err), 0);
	ck_assert_int_eq(resolver_load_bootstrap(&r, &err), 0);
	base = rdap_bootstrap_asn(&r.boot, asn);
	ck_assert_ptr_nonnull(base);
	snprintf(path, sizeof(path), "autnum/%u", asn);
	url = rdap_url(base, path);
	host[0] = '\0';
	sscanf(url, "https://%255[^/:]", host);
	body = xasprintf(rdap_tmpl, asn, asn, asn, with_abuse ? rdap_abuse :
	    "");
	id = store(db, "rdap", host, url, body, strlen(body));
	free(body);
	free(url);
	resolver_release(&r);
	return id;
}

/*
 * Ranked as "depeer contacts" ranks: the abuse role over a technical
 * contact listed first, RDAP over RIPEstat; the record cited is the one
 * the address came from.
 */
START_TEST(test_contact_ranking)
{
	struct db *db = case_db();
	struct dp_err err = DP_ERR_INIT;
	struct draft_req req;
	struct draft_data d;
	uint32_t asn = 3333;
	int64_t rdap_id;

	rdap_id = store_rdap(db, 3333, 1);
	req_init(&req, &asn);
	ck_assert_msg(draft_data_build(db, cfg, &req, &d, &err) == 0, "%s",
	    err.msg);
	ck_assert_str_eq(d.to, "abuse@up.example");
	ck_assert_int_eq(d.to_source_id, rdap_id);
	ck_assert_uint_eq(d.nrecords, 2);
	ck_assert_int_eq(d.records[1].source_id, rdap_id);
	ck_assert_msg(strncmp(gets(d.data, "recipient.via"), "rdap:abuse of "
	    "AS3333, rdap.db.ripe.net answer of 2008-11-10 (record R2)",
	    100) == 0, "%s", gets(d.data, "recipient.via"));
	ck_assert(!connected());
	draft_data_release(&d);
	db_close(db);
}
END_TEST

/* Only a technical contact stored: no guess is made, the draft refused. */
START_TEST(test_contact_no_abuse_role)
{
	struct db *db = case_db();
	struct dp_err err = DP_ERR_INIT;
	struct draft_req req;
	struct draft_data d;
	uint32_t asn = 1299;

	store_rdap(db, 1299, 0);
	req_init(&req, &asn);
	ck_assert_int_eq(draft_data_build(db, cfg, &req, &d, &err),
	    DP_EX_NOINPUT);
	ck_assert_msg(strstr(err.msg, "no abuse address known for AS1299 "
	    "from its stored records;") != NULL, "%s", err.msg);
	ck_assert(!connected());
	db_close(db);
}
END_TEST

START_TEST(test_refusals)
{
	struct db *db = case_db();
	struct dp_err err = DP_ERR_INIT;
	struct draft_req req;
	struct draft_data d;
	struct evidence out;
	int64_t id;

	req_init(&req, NULL);
	ck_assert_int_eq(draft_data_build(db, cfg, &req, &d, &err),
	    DP_EX_USAGE);
	req.to = "abuse@example.net";
	req.provider = "Nobody";
	ck_assert_int_eq(draft_data_build(db, cfg, &req, &d, &err),
	    DP_EX_NOINPUT);
	/* filtered out */
	req.provider = "McColo";
	req.kinds = (const char *const[]){ "scan" };
	req.nkinds = 1;
	ck_assert_int_eq(draft_data_build(db, cfg, &req, &d, &err),
	    DP_EX_NOINPUT);
	ck_assert_msg(strstr(err.msg, "--kind") != NULL, "%s", err.msg);
	/* all retracted */
	test_provider(db, "Esthost");
	id = add(db, "Esthost", "c2", "192.0.2.1", NULL, NULL, NULL);
	memset(&out, 0, sizeof(out));
	ck_assert_int_eq(evidence_retract(db, &id, 1, "test", &out, &err), 0);
	evidence_release(&out);
	req.provider = "Esthost";
	req.nkinds = 0;
	ck_assert_int_eq(draft_data_build(db, cfg, &req, &d, &err),
	    DP_EX_NOINPUT);
	ck_assert_msg(strstr(err.msg, "retracted") != NULL, "%s", err.msg);
	/* since: rows observed before it, and undated ones, are out */
	req.provider = "McColo";
	req.has_since = 1;
	req.since = 1226188800;	/* 2008-11-09 */
	ck_assert_int_eq(draft_data_build(db, cfg, &req, &d, &err), 0);
	ck_assert_int_eq(geti(d.data, "evidence.total"), 2);
	draft_data_release(&d);
	db_close(db);
}
END_TEST

Suite *
draft_data_suite(void)
{
	Suite *s = suite_create("draft_data");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_upstream_draft);
	tcase_add_test(tc, test_csv_exact);
	tcase_add_test(tc, test_csv_cap);
	tcase_add_test(tc, test_no_live_indicator);
	tcase_add_test(tc, test_sample_table);
	tcase_add_test(tc, test_sample_spread);
	tcase_add_test(tc, test_relations);
	tcase_add_test(tc, test_no_contact_offline);
	tcase_add_test(tc, test_refusals);
	tcase_add_test(tc, test_contact_ranking);
	tcase_add_test(tc, test_contact_no_abuse_role);
	suite_add_tcase(s, tc);
	return s;
}
