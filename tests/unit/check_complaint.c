/*
 * check_complaint.c - the complaint store: a draft and its audit entry or
 * neither, new versions, removal of drafts only, staleness after a
 * retraction, the mbox form, and verify catching every column changed
 * behind depeer's back.
 */
#include <check.h>
#include <stdlib.h>
#include <unistd.h>

#include "audit.h"
#include "complaint.h"
#include "complaint_store.h"
#include "complaint_track.h"
#include "evidence.h"
#include "evidence_store.h"
#include "testutil.h"
#include "verify.h"

static const char msg1[] = "From: Ann <ann@example.org>\r\n"
    "To: abuse@gblx.example\r\nSubject: McColo [depeer #1]\r\n"
    "Message-ID: <1.a@example.org>\r\nDate: Tue, 11 Nov 2008 12:00:00 "
    "+0000\r\n\r\nFrom the evidence:\r\n";

static struct verify_report
verify(struct db *db)
{
	struct verify_report rep;
	struct dp_err err = DP_ERR_INIT;

	ck_assert_msg(audit_verify(db, NULL, &rep, &err) == 0, "%s", err.msg);
	return rep;
}

static void
assert_intact(struct db *db)
{
	struct verify_report rep = verify(db);

	ck_assert_msg(rep.ok, "%s", rep.first_bad);
}

static void
assert_broken(struct db *db, const char *sub)
{
	struct verify_report rep = verify(db);

	ck_assert_msg(!rep.ok, "verify passed; expected '%s'", sub);
	ck_assert_msg(strstr(rep.first_bad, sub) != NULL, "'%s' lacks '%s'",
	    rep.first_bad, sub);
}

static int64_t
add_evidence(struct db *db, const char *indicator, const char *kind)
{
	struct ev_input in = { kind, indicator, "2008-11-10T12:00:00Z", NULL,
	    NULL, NULL };
	struct dp_err err = DP_ERR_INIT;
	struct evidence e;
	int64_t id;

	memset(&e, 0, sizeof(e));
	ck_assert_msg(evidence_from_input(&in, &e, &err) == 0, "%s", err.msg);
	ck_assert_msg(evidence_add(db, "McColo", &e, &err) == 0, "%s",
	    err.msg);
	id = e.id;
	evidence_release(&e);
	return id;
}

/* A draft of msg1 for provider pid citing evidence up to max_ev. */
static int
draft(struct db *db, int64_t pid, const char *mid, int64_t max_ev,
    int64_t *id, struct dp_err *err)
{
	struct complaint c;
	int rc;

	complaint_init(&c);
	c.provider_id = pid;
	c.upstream_asn = 3549;
	c.tmpl = xstrdup("upstream-complaint");
	c.from_addr = xstrdup("ann@example.org");
	c.subject = xstrdup("McColo [depeer #1]");
	c.message_id = xstrdup(mid);
	complaint_add_to(&c, "abuse@gblx.example");
	c.has_due = 1;
	c.due_at = 1226836800;
	c.created_at = 1226404800;
	if (max_ev > 0) {
		c.has_max_ev = 1;
		c.max_evidence_id = max_ev;
	}
	complaint_add_kind(&c, "c2");
	rc = complaint_store_draft(db, &c, msg1, sizeof(msg1) - 1, err);
	*id = c.id;
	complaint_release(&c);
	return rc;
}

/* Move complaint id to state by hand; 0 or the DP_EX_* code. */
static int
status(struct db *db, int64_t id, const char *state, const char *note,
    struct dp_err *err)
{
	struct complaint c;
	int rc;

	if ((rc = complaint_store_status(db, id, state, note, &c, err)) == 0)
		complaint_release(&c);
	return rc;
}

static int64_t
count(struct db *db)
{
	struct dp_err err = DP_ERR_INIT;
	int64_t n = -1;

	ck_assert_int_eq(db_complaint_count(db, &n, &err), 0);
	return n;
}

START_TEST(test_draft_stored_and_audited)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;
	struct complaint c;
	void *bytes;
	size_t len;
	int64_t pid = test_provider(db, "McColo"), id, id2, entries;

	entries = db_count(db, "audit_log");
	ck_assert_msg(draft(db, pid, "1.a@example.org", 0, &id, &err) == 0,
	    "%s", err.msg);
	ck_assert_int_eq(id, 1);
	ck_assert_int_eq(db_count(db, "audit_log"), entries + 1);
	ck_assert_int_eq(complaint_get(db, id, &c, &err), 0);
	ck_assert_str_eq(c.state, "draft");
	ck_assert_str_eq(c.provider_name, "McColo");
	ck_assert_int_eq(c.nto, 1);
	ck_assert_str_eq(c.to[0], "abuse@gblx.example");
	ck_assert_int_eq(c.version, 1);
	ck_assert_int_eq(c.size, sizeof(msg1) - 1);
	ck_assert_int_eq(c.upstream_asn, 3549);
	ck_assert(c.has_sel_kinds && c.nsel_kinds == 1);
	complaint_release(&c);
	ck_assert_int_eq(complaint_message(db, id, &bytes, &len, &err), 0);
	ck_assert_uint_eq(len, sizeof(msg1) - 1);
	ck_assert(memcmp(bytes, msg1, len) == 0);
	free(bytes);
	assert_intact(db);

	/* The same Message-ID again: refused, nothing stored. */
	ck_assert_int_eq(draft(db, pid, "1.a@example.org", 0, &id2, &err),
	    DP_EX_DATAERR);
	ck_assert_int_eq(count(db), 1);
	ck_assert_int_eq(db_count(db, "audit_log"), entries + 1);
	/* No provider: refused. */
	ck_assert_int_ne(draft(db, 99, "2.a@example.org", 0, &id2, &err), 0);
	ck_assert_int_eq(count(db), 1);
	ck_assert_int_eq(db_count(db, "audit_log"), entries + 1);
	assert_intact(db);
	db_close(db);
}
END_TEST

START_TEST(test_version_and_rm)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;
	struct complaint c;
	struct complaint_hdrs h;
	char *to[] = { "abuse@other.example", "noc@other.example" };
	char *edited;
	void *bytes;
	size_t len;
	int changed;
	int64_t pid = test_provider(db, "McColo"), id, id2, entries;

	ck_assert_int_eq(draft(db, pid, "1.a@example.org", 0, &id, &err), 0);
	entries = db_count(db, "audit_log");
	memset(&h, 0, sizeof(h));
	h.from_addr = "ann@example.org";
	h.to = to;
	h.nto = 2;
	h.subject = "Edited [depeer #1]";
	h.message_id = "1.a@example.org";
	/* The same bytes: no change, nothing stored. */
	ck_assert_int_eq(complaint_store_version(db, id, msg1,
	    sizeof(msg1) - 1, &h, &changed, &c, &err), 0);
	ck_assert_int_eq(changed, 0);
	complaint_release(&c);
	ck_assert_int_eq(db_count(db, "audit_log"), entries);

	edited = xasprintf("%sAnd more.\r\n", msg1);
	/* A changed Message-ID is refused. */
	h.message_id = "other@example.org";
	ck_assert_int_eq(complaint_store_version(db, id, edited,
	    strlen(edited), &h, &changed, &c, &err), DP_EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(err.msg, "Message-ID must stay"));
	ck_assert_int_eq(db_count(db, "audit_log"), entries);
	h.message_id = "1.a@example.org";
	ck_assert_msg(complaint_store_version(db, id, edited, strlen(edited),
	    &h, &changed, &c, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(changed, 1);
	ck_assert_int_eq(c.version, 2);
	ck_assert_int_eq(c.nto, 2);
	ck_assert_str_eq(c.subject, "Edited [depeer #1]");
	complaint_release(&c);
	ck_assert_int_eq(complaint_message(db, id, &bytes, &len, &err), 0);
	ck_assert_str_eq(bytes, edited);
	free(bytes);
	assert_intact(db);

	/* Only a draft is removed; the message goes, the entry stays. */
	ck_assert_int_eq(db_exec(db, "UPDATE complaints SET state = 'sent'",
	    &err), 0);
	ck_assert_int_eq(complaint_store_rm(db, id, &c, &err), DP_EX_DATAERR);
	ck_assert_ptr_nonnull(strstr(err.msg, "only a draft"));
	ck_assert_int_eq(complaint_store_version(db, id, msg1,
	    sizeof(msg1) - 1, &h, &changed, &c, &err), DP_EX_DATAERR);
	ck_assert_int_eq(db_exec(db, "UPDATE complaints SET state = 'draft'",
	    &err), 0);
	ck_assert_int_eq(complaint_store_rm(db, id, &c, &err), 0);
	ck_assert_int_eq(c.version, 2);
	complaint_release(&c);
	ck_assert_int_eq(count(db), 0);
	ck_assert_int_eq(complaint_get(db, id, &c, &err), DP_EX_NOINPUT);
	assert_intact(db);
	/* Its id is never given again. */
	ck_assert_int_eq(draft(db, pid, "3.a@example.org", 0, &id2, &err), 0);
	ck_assert_int_eq(id2, id + 1);
	assert_intact(db);
	free(edited);
	db_close(db);
}
END_TEST

START_TEST(test_stale_after_retraction)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;
	struct evidence out[2];
	int64_t pid = test_provider(db, "McColo"), e1, e2, e3, e4, id, *ids;
	int64_t r1[1], r2[1];
	size_t n;

	e1 = add_evidence(db, "208.66.194.1", "c2");
	e2 = add_evidence(db, "208.66.194.2", "spam-source");
	e3 = add_evidence(db, "208.66.194.3", "c2");
	/* e1 retracted before the draft: not cited, not stale. */
	r1[0] = e1;
	ck_assert_int_eq(evidence_retract(db, r1, 1, "wrong host", out, &err),
	    0);
	evidence_release(&out[0]);
	ck_assert_int_eq(draft(db, pid, "1.a@example.org", e3, &id, &err), 0);
	e4 = add_evidence(db, "208.66.194.4", "c2");
	ck_assert_int_eq(complaint_stale(db, id, &ids, &n, &err), 0);
	ck_assert_int_eq(n, 0);
	free(ids);
	/* e2 is another kind than the selection (c2): not cited. */
	r2[0] = e2;
	ck_assert_int_eq(evidence_retract(db, r2, 1, "x", out, &err), 0);
	evidence_release(&out[0]);
	/* e4 came after the CSV's last row: not cited. */
	r2[0] = e4;
	ck_assert_int_eq(evidence_retract(db, r2, 1, "x", out, &err), 0);
	evidence_release(&out[0]);
	ck_assert_int_eq(complaint_stale(db, id, &ids, &n, &err), 0);
	ck_assert_int_eq(n, 0);
	free(ids);
	r2[0] = e3;
	ck_assert_int_eq(evidence_retract(db, r2, 1, "x", out, &err), 0);
	evidence_release(&out[0]);
	ck_assert_int_eq(complaint_stale(db, id, &ids, &n, &err), 0);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(ids[0], e3);
	free(ids);
	ck_assert_int_eq(complaint_stale(db, 77, &ids, &n, &err),
	    DP_EX_NOINPUT);
	assert_intact(db);
	db_close(db);
}
END_TEST

/* Each column changed behind depeer's back is caught by verify. */
START_TEST(test_verify_tamper)
{
	static const struct {
		const char *sql, *want;
	} cases[] = {
		{ "UPDATE complaints SET state = 'sent'", "differs from the "
		  "state audit entry" },
		{ "UPDATE complaints SET to_addrs = '[\"x@evil.example\"]'",
		  "differs from the state" },
		{ "UPDATE complaints SET cc_addrs = '[\"x@evil.example\"]'",
		  "differs from the state" },
		{ "UPDATE complaints SET subject = 'x'", "differs" },
		{ "UPDATE complaints SET due_at = NULL", "differs" },
		{ "UPDATE complaints SET max_evidence_id = 9", "differs" },
		{ "UPDATE complaints SET sel_kinds = NULL", "differs" },
		{ "UPDATE complaints SET upstream_asn = 1", "differs" },
		{ "UPDATE complaints SET audit_seq = 1", "names audit entry 1" },
		{ "UPDATE complaint_messages SET message = "
		  "CAST(replace(CAST(message AS TEXT), 'evidence', 'evidencE') "
		  "AS BLOB)", "its bytes no longer match their SHA-256" },
		{ "UPDATE complaint_messages SET message = X'41', sha256 = "
		  "'559aead08264d5795d3909718cdd05abd49572e84fe55590eef31a88a08f"
		  "dffd', size = 1", "differs from the state" },
		{ "INSERT INTO complaint_sources VALUES (1, 1)", "differs" },
		{ "DELETE FROM complaint_sources; DELETE FROM complaint_messages;"
		  " DELETE FROM complaints", "is missing" },
		{ "INSERT INTO complaint_messages SELECT complaint_id, 2, "
		  "message, sha256, size, created_at, audit_seq FROM "
		  "complaint_messages", "no audit entry recorded it" },
	};
	struct dp_err err = DP_ERR_INIT;
	struct db *db;
	int64_t pid, id;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		db = test_db();
		pid = test_provider(db, "McColo");
		ck_assert_msg(draft(db, pid, "1.a@example.org", 0, &id,
		    &err) == 0, "%s", err.msg);
		assert_intact(db);
		ck_assert_int_eq(db_foreign_keys(db, 0, &err), 0);
		ck_assert_msg(db_exec(db, cases[i].sql, &err) == 0, "%s: %s",
		    cases[i].sql, err.msg);
		assert_broken(db, cases[i].want);
		db_close(db);
	}
}
END_TEST

/* A draft removed leaves nothing; a message put back is caught. */
START_TEST(test_verify_rm_leftover)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;
	struct complaint c;
	int64_t pid = test_provider(db, "McColo"), id;

	ck_assert_int_eq(draft(db, pid, "1.a@example.org", 0, &id, &err), 0);
	ck_assert_int_eq(db_exec(db, "CREATE TEMP TABLE keep AS SELECT * FROM "
	    "complaints; CREATE TEMP TABLE keepm AS SELECT * FROM "
	    "complaint_messages", &err), 0);
	ck_assert_int_eq(complaint_store_rm(db, id, &c, &err), 0);
	complaint_release(&c);
	assert_intact(db);
	ck_assert_int_eq(db_exec(db, "INSERT INTO complaints SELECT * FROM "
	    "temp.keep; INSERT INTO complaint_messages SELECT * FROM "
	    "temp.keepm", &err), 0);
	assert_broken(db, "was removed by audit entry");
	db_close(db);
}
END_TEST

START_TEST(test_mbox_quoting)
{
	static const char m[] = "From: a@example.org\r\nSubject: x\r\n\r\n"
	    "From here on\r\n>From quoted\r\nnot From\r\n";
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	ck_assert_int_eq(complaint_write_mbox(fp, "a@example.org", 1226438580,
	    m, sizeof(m) - 1), 0);
	fclose(fp);
	ck_assert_str_eq(buf, "From a@example.org Tue Nov 11 21:23:00 2008\n"
	    "From: a@example.org\nSubject: x\n\n>From here on\n>>From quoted\n"
	    "not From\n\n");
	free(buf);
}
END_TEST

START_TEST(test_parse_id)
{
	struct dp_err err = DP_ERR_INIT;
	int64_t id;

	ck_assert_int_eq(complaint_parse_id("12", &id, &err), 0);
	ck_assert_int_eq(id, 12);
	ck_assert_int_eq(complaint_parse_id("#7", &id, &err), 0);
	ck_assert_int_eq(id, 7);
	ck_assert_int_eq(complaint_parse_id("0", &id, &err), DP_EX_USAGE);
	ck_assert_int_eq(complaint_parse_id("1x", &id, &err), DP_EX_USAGE);
	ck_assert_int_eq(complaint_parse_id("", &id, &err), DP_EX_USAGE);
	ck_assert_int_eq(complaint_parse_id("99999999999999999999", &id,
	    &err), DP_EX_USAGE);
}
END_TEST

START_TEST(test_transitions)
{
	static const struct {
		const char	*from, *to;
		int		 who, ok;
		const char	*why;
	} cases[] = {
		{ "draft", "queued", COMPLAINT_BY_HAND, 1, NULL },
		{ "queued", "draft", COMPLAINT_BY_HAND, 1, NULL },
		{ "draft", "sent", COMPLAINT_BY_HAND, 1, NULL },
		{ "draft", "sending", COMPLAINT_BY_HAND, 0, "only 'depeer "
		  "complaint send'" },
		{ "queued", "sending", COMPLAINT_BY_SEND, 1, NULL },
		{ "sending", "sent", COMPLAINT_BY_HAND, 1, NULL },
		{ "sending", "queued", COMPLAINT_BY_HAND, 0, "only 'depeer "
		  "complaint send'" },
		{ "sending", "sent", COMPLAINT_BY_SEND, 1, NULL },
		{ "sending", "queued", COMPLAINT_BY_SEND, 1, NULL },
		{ "sent", "acknowledged", COMPLAINT_BY_SEND, 0, NULL },
		{ "draft", "answered", COMPLAINT_BY_HAND, 0, "never sent" },
		{ "queued", "bounced", COMPLAINT_BY_HAND, 0, "never sent" },
		{ "sent", "draft", COMPLAINT_BY_HAND, 0, "sent already" },
		{ "answered", "sent", COMPLAINT_BY_HAND, 0, "sent already" },
		{ "sent", "no-response", COMPLAINT_BY_HAND, 1, NULL },
		{ "no-response", "answered", COMPLAINT_BY_HAND, 1, NULL },
		{ "acknowledged", "escalated", COMPLAINT_BY_HAND, 1, NULL },
		{ "answered", "no-response", COMPLAINT_BY_HAND, 0, "not "
		  "allowed" },
		{ "bounced", "answered", COMPLAINT_BY_HAND, 0, "bounced" },
		{ "bounced", "resolved", COMPLAINT_BY_HAND, 1, NULL },
		{ "escalated", "answered", COMPLAINT_BY_HAND, 1, NULL },
		{ "resolved", "sent", COMPLAINT_BY_HAND, 0, "final" },
		{ "rejected", "answered", COMPLAINT_BY_HAND, 0, "final" },
		{ "answered", "answered", COMPLAINT_BY_HAND, 0, "already" },
		{ "sent", "lost", COMPLAINT_BY_HAND, 0, "not a state" },
	};
	const char *why;
	size_t i;
	int ok;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		why = NULL;
		ok = complaint_transition_ok(cases[i].from, cases[i].to,
		    cases[i].who, &why);
		ck_assert_msg(ok == cases[i].ok, "%s -> %s: %d", cases[i].from,
		    cases[i].to, ok);
		if (cases[i].why != NULL)
			ck_assert_msg(why != NULL && strstr(why,
			    cases[i].why) != NULL, "%s -> %s: '%s'",
			    cases[i].from, cases[i].to, why ? why : "(null)");
	}
}
END_TEST

/* complaint status: each change stored with its entry, or nothing. */
START_TEST(test_status)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;
	struct complaint c;
	struct complaint_event *ev;
	size_t nev;
	int64_t pid = test_provider(db, "McColo"), id, n0, n1;
	char note[5000];

	ck_assert_int_eq(draft(db, pid, "1.a@example.org", 0, &id, &err), 0);
	ck_assert_int_eq(status(db, id, "queued", NULL, &err), 0);
	/* Refused: nothing stored, not even an audit entry. */
	ck_assert_int_eq(db_audit_next_seq(db, &n0, &err), 0);
	ck_assert_int_eq(status(db, id, "answered", NULL, &err),
	    DP_EX_DATAERR);
	ck_assert_msg(strstr(err.msg, "complaint 1 is queued: it cannot "
	    "become answered (it was never sent)") != NULL, "%s", err.msg);
	ck_assert_int_eq(status(db, id, "sending", NULL, &err),
	    DP_EX_DATAERR);
	ck_assert_int_eq(status(db, id, "sent", NULL, &err), DP_EX_DATAERR);
	ck_assert_msg(strstr(err.msg, "--note") != NULL, "%s", err.msg);
	ck_assert_int_eq(status(db, id, "sent", "x\ny", &err),
	    DP_EX_DATAERR);
	memset(note, 'a', sizeof(note) - 1);
	note[sizeof(note) - 1] = '\0';
	ck_assert_int_ne(status(db, id, "sent", note, &err), 0);
	ck_assert_int_eq(status(db, id, "lost", NULL, &err), DP_EX_USAGE);
	ck_assert_int_eq(status(db, 99, "queued", NULL, &err), DP_EX_NOINPUT);
	ck_assert_int_eq(db_audit_next_seq(db, &n1, &err), 0);
	ck_assert_int_eq(n0, n1);
	ck_assert_int_eq(complaint_get(db, id, &c, &err), 0);
	ck_assert_str_eq(c.state, "queued");
	complaint_release(&c);

	ck_assert_msg(status(db, id, "sent", "from mutt, 2008-11-11 12:05 "
	    "UTC", &err) == 0, "%s", err.msg);
	ck_assert_int_eq(status(db, id, "answered", NULL, &err), 0);
	ck_assert_int_eq(status(db, id, "resolved", "McColo depeered", &err),
	    0);
	ck_assert_int_eq(status(db, id, "rejected", NULL, &err),
	    DP_EX_DATAERR);
	ck_assert_msg(strstr(err.msg, "final") != NULL, "%s", err.msg);
	assert_intact(db);

	ck_assert_int_eq(complaint_events(db, id, &ev, &nev, &err), 0);
	ck_assert_uint_eq(nev, 5);
	ck_assert_str_eq(ev[0].kind, "draft");
	ck_assert_str_eq(ev[1].kind, "status");
	ck_assert_str_eq(ev[1].from_state, "draft");
	ck_assert_str_eq(ev[1].to_state, "queued");
	ck_assert_ptr_null(ev[1].note);
	ck_assert_str_eq(ev[2].to_state, "sent");
	ck_assert_str_eq(ev[2].note, "from mutt, 2008-11-11 12:05 UTC");
	ck_assert_str_eq(ev[4].from_state, "answered");
	ck_assert_str_eq(ev[4].to_state, "resolved");
	complaint_events_free(ev, nev);

	/* The state column is held to the last entry. */
	ck_assert_int_eq(db_exec(db, "UPDATE complaints SET state = "
	    "'answered'", &err), 0);
	assert_broken(db, "differs from the state audit entry");
	db_close(db);
}
END_TEST

/* A stale draft may be neither queued nor marked sent. */
START_TEST(test_status_stale)
{
	struct db *db = test_db();
	struct dp_err err = DP_ERR_INIT;
	struct evidence out[1];
	int64_t pid = test_provider(db, "McColo"), id, ev[1];

	ev[0] = add_evidence(db, "208.66.194.22", "c2");
	ck_assert_int_eq(draft(db, pid, "1.a@example.org", ev[0], &id, &err),
	    0);
	ck_assert_msg(evidence_retract(db, ev, 1, "wrong host", out, &err) ==
	    0, "%s", err.msg);
	evidence_release(&out[0]);
	ck_assert_int_eq(status(db, id, "queued", NULL, &err),
	    DP_EX_DATAERR);
	ck_assert_msg(strstr(err.msg, "stale") != NULL, "%s", err.msg);
	ck_assert_int_eq(status(db, id, "sent", "by hand", &err),
	    DP_EX_DATAERR);
	ck_assert_msg(strstr(err.msg, "stale") != NULL, "%s", err.msg);
	db_close(db);
}
END_TEST

/*
 * A status entry written behind depeer's back, with a valid chain: one
 * that skips a state, or names a state the complaint was not in.
 */
static void
forge_status(struct db *db, int64_t id, const char *from, const char *to)
{
	struct dp_err err = DP_ERR_INIT;
	struct complaint_ev ev;
	struct complaint c;
	json_t *o, *st;

	ck_assert_int_eq(db_begin(db, &err), 0);
	ck_assert_int_eq(complaint_get(db, id, &c, &err), 0);
	free(c.state);
	c.state = xstrdup(to);
	ck_assert_int_eq(db_complaint_set_state(db, id, to, c.updated_at,
	    &err), 0);
	/* The event row as the change would have written it. */
	memset(&ev, 0, sizeof(ev));
	ev.complaint_id = id;
	ev.at = c.updated_at;
	ev.by = (char *)"hand";
	ev.from_state = (char *)from;
	ev.to_state = (char *)to;
	ck_assert_int_eq(db_audit_next_seq(db, &ev.audit_seq, &err), 0);
	ck_assert_int_eq(db_event_add(db, &ev, NULL, &err), 0);
	o = complaint_claim(&c);
	st = json_object();
	json_object_set_new(st, "from", json_string(from));
	json_object_set_new(st, "to", json_string(to));
	json_object_set_new(st, "note", json_null());
	json_object_set_new(o, "status", st);
	ck_assert_int_eq(audit_record(db, AUDIT_COMPLAINT_STATUS,
	    "complaint:1", c.updated_at, o, NULL, &err), 0);
	ck_assert_int_eq(db_commit(db, &err), 0);
	complaint_release(&c);
}

START_TEST(test_verify_status_forged)
{
	struct dp_err err = DP_ERR_INIT;
	struct db *db;
	int64_t pid, id;

	db = test_db();
	pid = test_provider(db, "McColo");
	ck_assert_int_eq(draft(db, pid, "1.a@example.org", 0, &id, &err), 0);
	forge_status(db, id, "draft", "answered");
	assert_broken(db, "which is not allowed (it was never sent)");
	db_close(db);

	db = test_db();
	pid = test_provider(db, "McColo");
	ck_assert_int_eq(draft(db, pid, "1.a@example.org", 0, &id, &err), 0);
	forge_status(db, id, "queued", "draft");
	assert_broken(db, "from queued, but it was draft");
	db_close(db);

	db = test_db();
	pid = test_provider(db, "McColo");
	ck_assert_int_eq(draft(db, pid, "1.a@example.org", 0, &id, &err), 0);
	forge_status(db, id, "draft", "queued");
	assert_intact(db);
	db_close(db);
}
END_TEST

Suite *
complaint_suite(void)
{
	Suite *s = suite_create("complaint");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_draft_stored_and_audited);
	tcase_add_test(tc, test_version_and_rm);
	tcase_add_test(tc, test_stale_after_retraction);
	tcase_add_test(tc, test_verify_tamper);
	tcase_add_test(tc, test_verify_rm_leftover);
	tcase_add_test(tc, test_mbox_quoting);
	tcase_add_test(tc, test_parse_id);
	tcase_add_test(tc, test_transitions);
	tcase_add_test(tc, test_status);
	tcase_add_test(tc, test_status_stale);
	tcase_add_test(tc, test_verify_status_forged);
	suite_add_tcase(s, tc);
	return s;
}
