/*
 * check_evidence.c - evidence validation, row hashes, and CSV / JSON Lines
 * import: good files land whole, a bad record rejects the whole file with
 * its line number and leaves the database as it was.
 */
#include <check.h>
#include <stdlib.h>

#include "buf.h"
#include "evidence.h"
#include "evidence_import.h"
#include "evidence_store.h"
#include "testutil.h"

START_TEST(test_from_input)
{
	struct ev_input in = { "c2", "208.66.194.10", "2008-11-11 16:23 -0500",
	    "Srizbi", "sinkhole", "line one\nline two" };
	struct evidence e;
	struct dp_err err = DP_ERR_INIT;

	memset(&e, 0, sizeof(e));
	ck_assert_msg(evidence_from_input(&in, &e, &err) == 0, "%s", err.msg);
	ck_assert_str_eq(e.indicator, "208.66.194.10");
	ck_assert_int_eq(e.indicator_type, IND_IPV4);
	ck_assert(e.has_observed);
	ck_assert_int_eq(e.observed_at, 1226438580);
	ck_assert_str_eq(e.note, "line one\nline two");
	evidence_release(&e);

	in.indicator = "HTTP://Update.Example.NET/gate.php";
	in.observed_at = "";
	in.family = NULL;
	ck_assert_int_eq(evidence_from_input(&in, &e, &err), 0);
	ck_assert_int_eq(e.indicator_type, IND_URL);
	ck_assert(!e.has_observed);
	ck_assert_ptr_null(e.family);
	evidence_release(&e);
}
END_TEST

static const struct {
	struct ev_input in;
	const char *says;
} bad_inputs[] = {
	{ { NULL, "1.2.3.4", NULL, NULL, NULL, NULL }, "kind is missing" },
	{ { "c&c", "1.2.3.4", NULL, NULL, NULL, NULL }, "c&c" },
	{ { "c2", "", NULL, NULL, NULL, NULL }, "indicator is missing" },
	{ { "c2", "1.2.3.256", NULL, NULL, NULL, NULL }, "1.2.3.256" },
	{ { "c2", "208.66.195.7/22", NULL, NULL, NULL, NULL },
	  "208.66.192.0/22" },
	{ { "c2", "1.2.3.4", "yesterday", NULL, NULL, NULL }, "yesterday" },
	{ { "c2", "1.2.3.4", NULL, "Sriz\x01", NULL, NULL },
	  "family contains a control character" },
	{ { "c2", "1.2.3.4", NULL, NULL, "\xff\xfe", NULL },
	  "source is not valid UTF-8" },
	{ { "c2", "bad domain.com", NULL, NULL, NULL, NULL }, "bad domain" },
};

START_TEST(test_from_input_rejects)
{
	struct evidence e;
	struct dp_err err = DP_ERR_INIT;

	memset(&e, 0, sizeof(e));
	ck_assert_int_eq(evidence_from_input(&bad_inputs[_i].in, &e, &err),
	    DP_EX_DATAERR);
	ck_assert_msg(strstr(err.msg, bad_inputs[_i].says) != NULL,
	    "expected '%s' in '%s'", bad_inputs[_i].says, err.msg);
	ck_assert_ptr_null(e.indicator);
}
END_TEST

START_TEST(test_hash_covers_fields)
{
	struct ev_input in = { "c2", "208.66.194.10", "2008-11-10T00:00:00Z",
	    NULL, NULL, NULL };
	struct evidence e;
	struct dp_err err = DP_ERR_INIT;
	struct sha256 *h = sha256_new();
	unsigned char h0[SHA256_LEN];

	memset(&e, 0, sizeof(e));
	ck_assert_int_eq(evidence_from_input(&in, &e, &err), 0);
	e.id = 1;
	e.provider_id = 1;
	e.recorded_at = 2;
	evidence_hash(&e, h);
	memcpy(h0, e.row_hash, SHA256_LEN);
	evidence_hash(&e, h);
	ck_assert_mem_eq(h0, e.row_hash, SHA256_LEN);
	e.id = 2;
	evidence_hash(&e, h);
	ck_assert_mem_ne(h0, e.row_hash, SHA256_LEN);
	e.id = 1;
	/* An absent family and an empty one must differ. */
	e.family = xstrdup("");
	evidence_hash(&e, h);
	ck_assert_mem_ne(h0, e.row_hash, SHA256_LEN);
	sha256_free(h);
	evidence_release(&e);
}
END_TEST

/*
 * The row hash of fixed rows, computed apart from depeer (Python's hashlib
 * over the netstrings evidence.h describes): the encoder may be rewritten
 * for speed, never changed.
 */
START_TEST(test_hash_known_answer)
{
	struct ev_input in = { "c2", "208.66.194.10", "2008-11-10T00:00:00Z",
	    "Srizbi", NULL, "a note, with comma" };
	struct evidence e;
	struct dp_err err = DP_ERR_INIT;
	struct sha256 *h = sha256_new();
	char hex[SHA256_HEXLEN];

	memset(&e, 0, sizeof(e));
	ck_assert_int_eq(evidence_from_input(&in, &e, &err), 0);
	e.id = -5;
	e.provider_id = 1;
	e.recorded_at = 2;
	e.files = xcalloc(1, sizeof(*e.files));
	e.files[0].name = xstrdup("cap.pcap");
	memset(e.files[0].sha256, 0, sizeof(e.files[0].sha256));
	for (int i = 0; i < 64; i += 2)
		memcpy(e.files[0].sha256 + i, "ab", 2);
	e.files[0].size = 42;
	e.nfiles = 1;
	evidence_hash(&e, h);
	sha256_hex(e.row_hash, hex);
	ck_assert_str_eq(hex, "2e14251b505e647d7a213b2a85ea55aff1c32497c6e7"
	    "0a0c105b3fab3af781f3");
	evidence_release(&e);

	/* Absent time, family, source and note; no files. */
	memset(&e, 0, sizeof(e));
	in = (struct ev_input){ "c2", "208.66.194.10", NULL, NULL, NULL,
	    NULL };
	ck_assert_int_eq(evidence_from_input(&in, &e, &err), 0);
	e.id = 1;
	e.provider_id = 1;
	e.recorded_at = 2;
	evidence_hash(&e, h);
	sha256_hex(e.row_hash, hex);
	ck_assert_str_eq(hex, "c18a042ddedc2c05166ed1a184efcb4d3d60e3d22a98"
	    "e14e287e6720d2eb7dd0");
	evidence_release(&e);
	sha256_free(h);
}
END_TEST

START_TEST(test_copy_is_deep)
{
	struct ev_input in = { "c2", "208.66.194.10", "2008-11-10T00:00:00Z",
	    "Srizbi", NULL, "a note" };
	struct evidence e, c;
	struct dp_err err = DP_ERR_INIT;

	memset(&e, 0, sizeof(e));
	ck_assert_int_eq(evidence_from_input(&in, &e, &err), 0);
	e.id = 7;
	e.files = xcalloc(1, sizeof(*e.files));
	e.files[0].name = xstrdup("cap.pcap");
	e.files[0].size = 42;
	e.nfiles = 1;
	evidence_copy(&c, &e);
	evidence_release(&e);
	ck_assert_int_eq(c.id, 7);
	ck_assert_str_eq(c.indicator, "208.66.194.10");
	ck_assert_str_eq(c.family, "Srizbi");
	ck_assert_ptr_null(c.source);
	ck_assert_str_eq(c.note, "a note");
	ck_assert_uint_eq(c.nfiles, 1);
	ck_assert_str_eq(c.files[0].name, "cap.pcap");
	ck_assert_ptr_null(c.files[0].path);
	ck_assert_int_eq(c.files[0].size, 42);
	evidence_release(&c);
}
END_TEST

/* Import text into a fresh case with provider McColo (and Atrivo). */
static int
import(struct db *db, const char *text, const char *provider, int dry_run,
    struct import_result *res, struct dp_err *err)
{
	struct rd r;
	FILE *fp = test_stream(text, strlen(text));
	int rc;

	rd_init(&r, fp);
	rc = evidence_import(db, &r, "input", provider, dry_run, res, err);
	advice_release(&res->warnings);	/* the CLI tests check them */
	rd_release(&r);
	fclose(fp);
	return rc;
}

static struct db *
case_db(void)
{
	struct db *db = test_db();

	test_provider(db, "McColo");
	test_provider(db, "Atrivo");
	return db;
}

START_TEST(test_import_csv)
{
	struct db *db = case_db();
	struct dp_err err = DP_ERR_INIT;
	struct import_result res;

	ck_assert_msg(import(db, "\xef\xbb\xbf" "Indicator, Kind ,provider,note\r\n"
	    "208.66.194.10,c2,,\"C&C, seen by \"\"us\"\"\nsecond line\"\r\n"
	    "\r\n"
	    "cc.example.com,botnet-ctrl,Atrivo,\r\n", "McColo", 0, &res,
	    &err) == DP_EX_DATAERR, "%s", err.msg);
	/* Atrivo differs from --provider McColo: rejected, line 5. */
	ck_assert_msg(strstr(err.msg, "line 5") != NULL, "%s", err.msg);
	ck_assert_int_eq(db_count(db, "evidence"), 0);
	ck_assert_int_eq(import(db, "indicator,kind,provider,note\n"
	    "208.66.194.10,c2,McColo,\"C&C, seen by \"\"us\"\"\nsecond\"\n"
	    "\n"
	    "cc.example.com,botnet-ctrl,Atrivo,\n", NULL, 0, &res, &err), 0);
	ck_assert_int_eq(res.rows, 2);
	ck_assert_str_eq(res.format, "csv");
	ck_assert_int_eq(res.first_id, 1);
	ck_assert_int_eq(res.last_id, 2);
	ck_assert_int_eq(db_count(db, "evidence"), 2);
	ck_assert_int_eq(db_count(db, "audit_log"), 3);
	db_close(db);
}
END_TEST

START_TEST(test_import_jsonl)
{
	struct db *db = case_db();
	struct dp_err err = DP_ERR_INIT;
	struct import_result res;

	ck_assert_msg(import(db, "\n{\"kind\":\"c2\",\"indicator\":\"2001:DB8::1\","
	    "\"observed_at\":\"2008-11-11T21:23:00Z\",\"family\":null}\n"
	    "  \n"
	    "{\"provider\":\"Atrivo\",\"kind\":\"scan\","
	    "\"indicator\":\"198.51.100.0/24\"}", "2", 0, &res, &err) == 0,
	    "%s", err.msg);
	ck_assert_int_eq(res.rows, 2);
	ck_assert_str_eq(res.format, "jsonl");
	db_close(db);
}
END_TEST

/* Each bad input: nothing stored, and the message names the place. */
static const struct {
	const char *text;
	const char *says;
} bad_files[] = {
	{ "", "empty" },
	{ " \n\n", "empty" },
	{ "kind,indicator\n", "no evidence records" },
	{ "kind,indicator,colour\nc2,1.2.3.4,red\n", "unknown column 'colour'" },
	{ "kind\nc2\n", "no 'indicator' column" },
	{ "kind,indicator,kind\nc2,1.2.3.4,c2\n", "appears twice" },
	{ "kind,indicator\nc2,1.2.3.4\nc2,1.2.3.5,x\n", "line 3: 3 fields" },
	{ "kind,indicator\nc2,1.2.3.4\nc2,\"1.2.3.5\n", "unbalanced quote" },
	{ "kind,indicator\nc2,1.2.3.4\nc2,1.2.3.4\nc2,1.2.3\n",
	  "line 4: invalid IPv4" },
	{ "kind,indicator\nc2,1.2.3.4\nc2,1.2\0.3.4\n", "NUL" },
	{ "kind,indicator,note\nc2,1.2.3.4,\xc3\x28\n", "UTF-8" },
	{ "kind,indicator,provider\nc2,1.2.3.4,Intercage\n",
	  "line 2: no provider named 'Intercage'" },
	{ "{\"kind\":\"c2\",\"indicator\":\"1.2.3.4\"}\n{\"kind\":\"c2\"\n",
	  "line 2: invalid JSON" },
	{ "{\"kind\":\"c2\",\"indicator\":\"1.2.3.4\",\"kind\":\"scan\"}\n",
	  "line 1: invalid JSON" },
	{ "{\"kind\":\"c2\",\"indicator\":\"1.2.3.4\",\"port\":80}\n",
	  "unknown field 'port'" },
	{ "{\"kind\":\"c2\",\"indicator\":[\"1.2.3.4\"]}\n", "not a string" },
	{ "{\"kind\":\"c2\",\"indicator\":\"1.2.3.4\\u0000\"}\n", "NUL" },
	{ "[1]\n", "JSON array" },
	{ "{\"kind\":\"c2\"}\n", "line 1: indicator is missing" },
};

START_TEST(test_import_rejects)
{
	struct db *db = case_db();
	struct dp_err err = DP_ERR_INIT;
	struct import_result res;
	int64_t audit = db_count(db, "audit_log");
	size_t len = strlen(bad_files[_i].text);
	struct rd r;
	FILE *fp;
	int rc;

	/* Texts with NUL bytes: take the length up to the final "\n". */
	if (strstr(bad_files[_i].says, "NUL") != NULL &&
	    bad_files[_i].text[0] == 'k')
		len = sizeof("kind,indicator\nc2,1.2.3.4\nc2,1.2\0.3.4\n") - 1;
	fp = test_stream(bad_files[_i].text, len);
	rd_init(&r, fp);
	rc = evidence_import(db, &r, "input", "McColo", 0, &res, &err);
	rd_release(&r);
	fclose(fp);
	ck_assert_int_eq(rc, DP_EX_DATAERR);
	ck_assert_msg(strstr(err.msg, bad_files[_i].says) != NULL,
	    "expected '%s' in '%s'", bad_files[_i].says, err.msg);
	ck_assert_int_eq(db_count(db, "evidence"), 0);
	ck_assert_int_eq(db_count(db, "audit_log"), audit);
	db_close(db);
}
END_TEST

START_TEST(test_import_huge_field)
{
	struct db *db = case_db();
	struct dp_err err = DP_ERR_INIT;
	struct import_result res;
	size_t n = 10 * 1024 * 1024;
	char *text = xmalloc(n + 64);

	strcpy(text, "kind,indicator,note\nc2,1.2.3.4,");
	memset(text + strlen(text), 'x', n);
	strcpy(text + 31 + n, "\n");
	ck_assert_int_eq(import(db, text, "McColo", 0, &res, &err),
	    DP_EX_DATAERR);
	ck_assert_msg(strstr(err.msg, "line 2") != NULL, "%s", err.msg);
	ck_assert_int_eq(db_count(db, "evidence"), 0);
	free(text);
	db_close(db);
}
END_TEST

START_TEST(test_import_dry_run)
{
	struct db *db = case_db();
	struct dp_err err = DP_ERR_INIT;
	struct import_result res;

	ck_assert_int_eq(import(db, "kind,indicator\nc2,1.2.3.4\nscan,::1\n",
	    "McColo", 1, &res, &err), 0);
	ck_assert_int_eq(res.rows, 2);
	ck_assert_int_eq(db_count(db, "evidence"), 0);
	ck_assert_int_eq(db_count(db, "audit_log"), 2);
	db_close(db);
}
END_TEST

/* Several batches and a remainder, ids contiguous across imports. */
START_TEST(test_import_many)
{
	struct db *db = case_db();
	struct dp_err err = DP_ERR_INIT;
	struct import_result res;
	struct buf b = BUF_INIT;
	int i;

	buf_adds(&b, "kind,indicator\n");
	for (i = 0; i < 1000; i++)
		buf_addf(&b, "c2,10.%d.%d.%d\n", i / 65536, i / 256 % 256,
		    i % 256);
	ck_assert_int_eq(import(db, b.s, "McColo", 0, &res, &err), 0);
	/* The same rows again would be refused as duplicates. */
	buf_reset(&b);
	buf_adds(&b, "kind,indicator\n");
	for (i = 0; i < 1000; i++)
		buf_addf(&b, "scan,10.%d.%d.%d\n", i / 65536, i / 256 % 256,
		    i % 256);
	ck_assert_int_eq(import(db, b.s, "McColo", 0, &res, &err), 0);
	ck_assert_int_eq(res.first_id, 1001);
	ck_assert_int_eq(res.last_id, 2000);
	ck_assert_int_eq(db_count(db, "evidence"), 2000);
	buf_release(&b);
	db_close(db);
}
END_TEST

/* One row for McColo (provider 1) through evidence_add(). */
static int
add_one(struct db *db, const char *indicator, const char *file,
    struct dp_err *err)
{
	struct ev_input in = { "c2", indicator, NULL, NULL, NULL, NULL };
	struct evidence e;
	int rc;

	memset(&e, 0, sizeof(e));
	ck_assert_int_eq(evidence_from_input(&in, &e, err), 0);
	if (file != NULL) {
		e.files = xcalloc(1, sizeof(*e.files));
		e.files[0].path = xstrdup(file);
		e.nfiles = 1;
	}
	rc = evidence_add(db, "McColo", &e, err);
	if (rc == 0) {
		ck_assert_int_eq(e.provider_id, 1);
		ck_assert_str_eq(e.provider_name, "McColo");
	}
	evidence_release(&e);
	return rc;
}

/*
 * A row and its entry, or neither; inside a caller's transaction the add
 * is undone with it.
 */
START_TEST(test_add_all_or_nothing)
{
	struct db *db = case_db();
	struct dp_err err = DP_ERR_INIT;

	ck_assert_msg(add_one(db, "208.66.194.10", NULL, &err) == 0, "%s",
	    err.msg);
	ck_assert_int_eq(db_count(db, "evidence"), 1);
	ck_assert_int_eq(db_count(db, "audit_log"), 3);
	ck_assert_int_eq(add_one(db, "208.66.194.11",
	    "/nonexistent/depeer-check", &err), DP_EX_NOINPUT);
	ck_assert_int_eq(db_count(db, "evidence"), 1);
	ck_assert_int_eq(db_count(db, "audit_log"), 3);
	{
		/* A missing provider is named before a missing file. */
		struct ev_input in = { "c2", "1.2.3.4", NULL, NULL, NULL,
		    NULL };
		struct evidence e;

		memset(&e, 0, sizeof(e));
		ck_assert_int_eq(evidence_from_input(&in, &e, &err), 0);
		e.files = xcalloc(1, sizeof(*e.files));
		e.files[0].path = xstrdup("/nonexistent/depeer-check");
		e.nfiles = 1;
		ck_assert_int_eq(evidence_add(db, "Nobody", &e, &err),
		    DP_EX_NOINPUT);
		ck_assert_ptr_nonnull(strstr(err.msg, "Nobody"));
		evidence_release(&e);
	}
	ck_assert_int_eq(db_begin(db, &err), 0);
	ck_assert_int_eq(add_one(db, "208.66.194.12", NULL, &err), 0);
	ck_assert_int_eq(db_in_transaction(db), 1);
	db_rollback(db);
	ck_assert_int_eq(db_count(db, "evidence"), 1);
	ck_assert_int_eq(db_count(db, "audit_log"), 3);
	db_close(db);
}
END_TEST

/* ---- evidence_json_write(): the same bytes as jansson's dump ---- */

/* What the listing printed before: jansson's dump, re-indented. */
static char *
jansson_text(const struct evidence *e, int indent)
{
	return test_jansson_text(evidence_to_json(e), indent);
}

static void
same_as_jansson(const struct evidence *e)
{
	struct buf b = BUF_INIT;
	char *want;
	int indent;

	for (indent = 0; indent <= 4; indent += 2) {
		want = jansson_text(e, indent);
		buf_reset(&b);
		evidence_json_write(&b, e, indent);
		ck_assert_msg(strcmp(b.s, want) == 0,
		    "indent %d:\n--- jansson ---\n%s\n--- written ---\n%s",
		    indent, want, b.s);
		free(want);
	}
	buf_release(&b);
}

static char ctl_chars[40];

static void
tricky_record(struct evidence *e, int variant)
{
	static struct evfile files[3] = {
		{ "capture \"1\".pcap", "", 0, 0, NULL },
		{ "back\\slash\ttab\x7f.bin", "", INT64_MAX, 0, NULL },
		{ "\xc3\xa9t\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80 \xe2\x80\xa8", "",
		  1, 0, NULL },
	};
	int i;

	for (i = 0; i < 31; i++)
		ctl_chars[i] = (char)(i + 1);	/* 0x01 .. 0x1f */
	ctl_chars[31] = '\0';
	memset(e, 0, sizeof(*e));
	memset(files[0].sha256, 'a', SHA256_HEXLEN - 1);
	memset(files[1].sha256, '0', SHA256_HEXLEN - 1);
	memset(files[2].sha256, 'f', SHA256_HEXLEN - 1);
	e->id = variant == 0 ? 1 : INT64_MAX;
	e->provider_id = 7;
	e->provider_name = variant == 2 ? NULL :
	    "Prov \"quoted\" \\ back / slash \xe2\x82\xac";
	e->kind = "c2";
	e->indicator = "hxxp://example.com/a?b=\"c\"&d=\\e";
	e->indicator_type = IND_URL;
	e->has_observed = variant != 1;
	e->observed_at = variant == 3 ? -86400 : 1226438580;
	e->family = variant == 1 ? NULL : ctl_chars;
	e->source = variant == 2 ? "" : "sinkhole \xf4\x8f\xbf\xbf";
	e->note = variant == 0 ? NULL :
	    "line one\nline two\r\n\ttabbed\b\f\x1b[31m \xc2\x80\xc2\x9f";
	e->recorded_at = variant == 3 ? 253402300799LL : 1226500000;
	e->files = files;
	e->nfiles = (size_t)(variant % 4);
	if (variant >= 2) {
		e->retracted = 1;
		e->retract_reason = variant == 2 ? "typo\nsecond line \"x\"" :
		    ctl_chars;
		e->retracted_at = 1226600000;
		e->retract_seq = INT64_MAX;
	}
}

START_TEST(test_json_write_tricky)
{
	struct evidence e;

	tricky_record(&e, _i);
	same_as_jansson(&e);
}
END_TEST

/* Random valid UTF-8 text of every class of byte, a thousand times. */
START_TEST(test_json_write_random)
{
	static const char *const pieces[] = { "\"", "\\", "/", "\n", "\r",
	    "\t", "\b", "\f", "\x01", "\x1f", "\x7f", " ", "a", "Z", "0",
	    "\xc3\xa9", "\xdf\xbf", "\xe0\xa0\x80", "\xef\xbf\xbd",
	    "\xed\x9f\xbf", "\xee\x80\x80", "\xf0\x90\x80\x80",
	    "\xf4\x8f\xbf\xbf", "\xe2\x80\xa8", "\\u0000" };
	struct evidence e;
	struct evfile f = { NULL, "", 42, 0, NULL };
	char note[200], name[200];
	size_t k, len, np = sizeof(pieces) / sizeof(pieces[0]);
	int round, j;

	srand(4242);
	memset(f.sha256, 'b', SHA256_HEXLEN - 1);
	for (round = 0; round < 1000; round++) {
		tricky_record(&e, round % 4);
		for (j = 0; j < 2; j++) {
			char *dst = j == 0 ? note : name;

			len = 0;
			for (k = (size_t)(rand() % 30); k > 0; k--) {
				const char *pc = pieces[rand() % (int)np];

				memcpy(dst + len, pc, strlen(pc));
				len += strlen(pc);
			}
			dst[len] = '\0';
		}
		/* times across and beyond the writer's own formatting */
		e.observed_at = (((int64_t)rand() << 24) ^ rand()) %
		    340000000000LL - 40000000000LL;
		e.recorded_at = round % 3 == 0 ? -30610224000LL - round :
		    round % 3 == 1 ? 253402300799LL + 1 - round :
		    e.observed_at / 7;
		e.note = note;
		f.name = name;
		e.files = &f;
		e.nfiles = 1;
		same_as_jansson(&e);
	}
}
END_TEST

/*
 * Only a database changed behind depeer's back holds invalid UTF-8:
 * jansson would drop the key; the writer keeps it with U+FFFD, and the
 * text still parses as JSON.
 */
START_TEST(test_json_write_invalid_utf8)
{
	struct evidence e;
	struct buf b = BUF_INIT;
	json_t *o;

	tricky_record(&e, 0);
	e.note = "bad \xff byte, cut \xe2\x82, overlong \xc0\xaf, "
	    "surrogate \xed\xa0\x80";
	evidence_json_write(&b, &e, 2);
	o = json_loads(b.s, 0, NULL);
	ck_assert_ptr_nonnull(o);
	ck_assert_str_eq(json_string_value(json_object_get(o, "note")),
	    "bad \xef\xbf\xbd byte, cut \xef\xbf\xbd\xef\xbf\xbd, overlong "
	    "\xef\xbf\xbd\xef\xbf\xbd, surrogate "
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	json_decref(o);
	buf_release(&b);
}
END_TEST

Suite *
evidence_suite(void)
{
	Suite *s = suite_create("evidence");
	TCase *tc = tcase_create("validate");
	TCase *ti = tcase_create("import");

	tcase_add_test(tc, test_from_input);
	tcase_add_loop_test(tc, test_from_input_rejects, 0,
	    (int)ARRAY_SIZE(bad_inputs));
	tcase_add_test(tc, test_hash_covers_fields);
	tcase_add_test(tc, test_hash_known_answer);
	tcase_add_test(tc, test_copy_is_deep);
	tcase_add_test(tc, test_add_all_or_nothing);
	tcase_add_loop_test(tc, test_json_write_tricky, 0, 4);
	tcase_add_test(tc, test_json_write_random);
	tcase_add_test(tc, test_json_write_invalid_utf8);
	suite_add_tcase(s, tc);
	tcase_add_test(ti, test_import_csv);
	tcase_add_test(ti, test_import_jsonl);
	tcase_add_loop_test(ti, test_import_rejects, 0,
	    (int)ARRAY_SIZE(bad_files));
	tcase_add_test(ti, test_import_huge_field);
	tcase_add_test(ti, test_import_dry_run);
	tcase_add_test(ti, test_import_many);
	tcase_set_timeout(ti, 30);
	suite_add_tcase(s, ti);
	return s;
}
