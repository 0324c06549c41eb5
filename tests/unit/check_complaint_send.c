/*
 * check_complaint_send.c - the send service on an in-memory case,
 * through a local mail program (no network): an escalation that goes
 * out moves the complaint it escalates to "escalated" in the same
 * transaction, unless that one may no longer change; a failed delivery
 * leaves the parent as it was; every change holds up under verify.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "complaint.h"
#include "complaint_send.h"
#include "complaint_store.h"
#include "complaint_track.h"
#include "config.h"
#include "testutil.h"
#include "verify.h"

static const char msg[] = "From: Ann <ann@example.org>\r\n"
    "To: abuse@gblx.example\r\nSubject: McColo [depeer #1]\r\n"
    "Message-ID: <%s>\r\nDate: Tue, 11 Nov 2008 12:00:00 +0000\r\n\r\n"
    "From the evidence:\r\n";

static struct db *db;
static int64_t pid;

static void
setup(void)
{
	db = test_db();
	pid = test_provider(db, "McColo");
	setenv("DEPEER_SMTP_PACE", "0", 1);
	unsetenv("DEPEER_SMTP_URL");
	unsetenv("DEPEER_SMTP_USER");
	unsetenv("DEPEER_SMTP_PASSWORD");
}

static void
teardown(void)
{
	db_close(db);
	unsetenv("DEPEER_SENDMAIL_COMMAND");
	unsetenv("DEPEER_SMTP_PACE");
}

static int64_t
draft(const char *mid)
{
	struct dp_err err = DP_ERR_INIT;
	struct complaint c;
	char *m = xasprintf(msg, mid);
	int64_t id;

	complaint_init(&c);
	c.provider_id = pid;
	c.upstream_asn = 3549;
	c.tmpl = xstrdup("upstream-complaint");
	c.from_addr = xstrdup("ann@example.org");
	c.subject = xstrdup("McColo [depeer #1]");
	c.message_id = xstrdup(mid);
	complaint_add_to(&c, "abuse@gblx.example");
	c.created_at = 1226404800;
	ck_assert_msg(complaint_store_draft(db, &c, m, strlen(m), &err) == 0,
	    "%s", err.msg);
	id = c.id;
	complaint_release(&c);
	free(m);
	return id;
}

static void
set_state(int64_t id, const char *state, const char *note)
{
	struct dp_err err = DP_ERR_INIT;
	struct complaint c;

	ck_assert_msg(complaint_store_status(db, id, state, note, &c, &err) ==
	    0, "%s", err.msg);
	complaint_release(&c);
}

static char *
state_of(int64_t id)
{
	struct dp_err err = DP_ERR_INIT;
	struct complaint c;
	char *s;

	ck_assert_int_eq(complaint_get(db, id, &c, &err), 0);
	s = xstrdup(c.state);
	complaint_release(&c);
	return s;
}

/* Send complaint id through cmd; its one result's outcome. */
static enum send_outcome
send(int64_t id, const char *cmd, int64_t *escalated)
{
	struct dp_err err = DP_ERR_INIT;
	struct config *cfg = NULL;
	struct send_req req;
	struct send_one *v;
	enum send_outcome o;
	size_t n;

	setenv("DEPEER_SENDMAIL_COMMAND", cmd, 1);
	ck_assert_msg(config_load("/nonexistent/depeer/config", &cfg, &err) ==
	    0, "%s", err.msg);
	memset(&req, 0, sizeof(req));
	req.ids = &id;
	req.nids = 1;
	ck_assert_msg(complaint_send(db, cfg, &req, NULL, NULL, &v, &n,
	    &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(n, 1);
	o = v[0].outcome;
	*escalated = v[0].escalated ? v[0].parent_id : 0;
	send_free(v, n);
	config_free(cfg);
	return o;
}

static void
assert_intact(void)
{
	struct verify_report rep;
	struct dp_err err = DP_ERR_INIT;

	ck_assert_msg(audit_verify(db, NULL, &rep, &err) == 0, "%s", err.msg);
	ck_assert_msg(rep.ok, "%s", rep.first_bad);
}

static void
link_child(int64_t child, int64_t parent, const char *kind)
{
	struct dp_err err = DP_ERR_INIT;

	ck_assert_int_eq(db_begin(db, &err), 0);
	ck_assert_msg(complaint_store_link(db, child, parent, kind, &err) == 0,
	    "%s", err.msg);
	ck_assert_int_eq(db_commit(db, &err), 0);
}

START_TEST(test_escalation_moves_parent)
{
	int64_t parent, child, esc;
	char *s;

	parent = draft("1.a@example.org");
	set_state(parent, "sent", "sent from mutt");
	child = draft("2.a@example.org");
	link_child(child, parent, "escalation");

	/* not delivered: the parent stays */
	ck_assert_int_eq(send(child, "cat >/dev/null; exit 75", &esc),
	    SEND_QUEUED);
	ck_assert_int_eq(esc, 0);
	ck_assert_str_eq(s = state_of(parent), "sent");
	free(s);

	ck_assert_int_eq(send(child, "cat >/dev/null", &esc), SEND_SENT);
	ck_assert_int_eq(esc, parent);
	ck_assert_str_eq(s = state_of(child), "sent");
	free(s);
	ck_assert_str_eq(s = state_of(parent), "escalated");
	free(s);
	assert_intact();
}
END_TEST

START_TEST(test_follow_up_and_final_parent)
{
	int64_t parent, child, other, esc;
	char *s;

	/* a follow-up going out does not escalate anything */
	parent = draft("1.a@example.org");
	set_state(parent, "sent", "sent from mutt");
	child = draft("2.a@example.org");
	link_child(child, parent, "follow-up");
	ck_assert_int_eq(send(child, "cat >/dev/null", &esc), SEND_SENT);
	ck_assert_int_eq(esc, 0);
	ck_assert_str_eq(s = state_of(parent), "sent");
	free(s);

	/* a parent that is resolved meanwhile stays resolved */
	set_state(parent, "resolved", "depeered");
	other = draft("3.a@example.org");
	link_child(other, parent, "escalation");
	ck_assert_int_eq(send(other, "cat >/dev/null", &esc), SEND_SENT);
	ck_assert_int_eq(esc, 0);
	ck_assert_str_eq(s = state_of(parent), "resolved");
	free(s);
	assert_intact();
}
END_TEST

Suite *
complaint_send_suite(void)
{
	Suite *s = suite_create("complaint_send");
	TCase *tc = tcase_create("escalation");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_escalation_moves_parent);
	tcase_add_test(tc, test_follow_up_and_final_parent);
	suite_add_tcase(s, tc);
	return s;
}
