/*
 * check_smtp.c - the way out of "complaint send" without a network: the
 * settings smtp_url, smtp_tls and sendmail_command checked and turned
 * into a transport (plain text only to this machine, the URL winning,
 * credentials in pairs), and a local mail program run through /bin/sh
 * with the exact bytes on its standard input (a file, larger than a
 * pipe holds): exit 0 delivered, anything else not, a silent one stopped
 * at the time-out.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "exitcodes.h"
#include "net.h"
#include "smtp.h"

static char dir[64];
static struct net *net;

static void
setup(void)
{
	struct net_config nc;
	struct dp_err err = DP_ERR_INIT;

	strcpy(dir, "/tmp/check_smtp.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	unsetenv("DEPEER_SMTP_USER");
	unsetenv("DEPEER_SMTP_PASSWORD");
	net_config_default(&nc);
	nc.connect_to = "";
	nc.ca_bundle = "";
	net = net_new(&nc, &err);
	ck_assert_ptr_nonnull(net);
}

static void
teardown(void)
{
	char cmd[128];

	net_free(net);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

START_TEST(test_config_values)
{
	struct dp_err err = DP_ERR_INIT;
	static const char *const good[] = {
		"smtp://smtp.example.net", "smtp://smtp.example.net:587",
		"smtps://mail.example.org:465/", "smtp://127.0.0.1:2525",
		"smtp://[2001:db8::25]:587",
	};
	static const char *const bad[] = {
		"https://smtp.example.net/", "smtp://", "smtp://u:p@mail.test",
		"smtp://mail.test:0", "smtp://mail.test:587/path",
		"smtp://mail.test:587?x", "SMTP://mail.test", "smtp://a b",
	};
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ck_assert_msg(config_check("smtp_url", good[i], &err) == 0,
		    "%s: %s", good[i], err.msg);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(config_check("smtp_url", bad[i], &err) ==
		    DP_EX_DATAERR, "%s accepted", bad[i]);
	ck_assert_int_eq(config_check("smtp_tls", "starttls", &err), 0);
	ck_assert_int_eq(config_check("smtp_tls", "none", &err), 0);
	ck_assert_int_eq(config_check("smtp_tls", "ssl", &err), DP_EX_DATAERR);
	ck_assert_int_eq(config_check("sendmail_command",
	    "/usr/sbin/sendmail -t -oi", &err), 0);
	ck_assert_int_eq(config_check("sendmail_command", "a\tb", &err),
	    DP_EX_DATAERR);
	ck_assert_int_eq(config_check("sendmail_command", "   ", &err),
	    DP_EX_DATAERR);
	ck_assert_int_eq(config_check("smtp_pace", "0", &err), 0);
	ck_assert_int_eq(config_check("smtp_pace", "3601", &err),
	    DP_EX_DATAERR);
	ck_assert_int_eq(config_check("smtp_timeout", "0", &err),
	    DP_EX_DATAERR);
}
END_TEST

/* init with these settings: its status, and the via when 0. */
static int
init(const char *url, const char *tls, const char *cmd, char *via,
    size_t vlen, struct dp_err *err)
{
	struct smtp_transport t;
	int rc;

	rc = smtp_transport_init(&t, url, tls, cmd, 5, net, err);
	if (rc == 0 && via != NULL)
		snprintf(via, vlen, "%s", t.via);
	smtp_transport_release(&t);
	return rc;
}

START_TEST(test_transport)
{
	struct dp_err err = DP_ERR_INIT;
	char via[128];

	ck_assert_int_eq(init("", "starttls", "", NULL, 0, &err),
	    DP_EX_CONFIG);
	ck_assert_ptr_nonnull(strstr(err.msg, "smtp_url"));
	ck_assert_ptr_nonnull(strstr(err.msg, "sendmail_command"));

	ck_assert_int_eq(init("smtp://smtp.example.net:587", "starttls", "",
	    via, sizeof(via), &err), 0);
	ck_assert_str_eq(via, "smtp://smtp.example.net:587");
	/* the protocols' own ports when none is given */
	ck_assert_int_eq(init("smtp://smtp.example.net", "starttls", "", via,
	    sizeof(via), &err), 0);
	ck_assert_str_eq(via, "smtp://smtp.example.net:25");
	ck_assert_int_eq(init("smtps://mail.test", "starttls", "", via,
	    sizeof(via), &err), 0);
	ck_assert_str_eq(via, "smtps://mail.test:465");
	/* the URL wins over the command */
	ck_assert_int_eq(init("smtp://mail.test:587", "starttls", "msmtp -t",
	    via, sizeof(via), &err), 0);
	ck_assert_str_eq(via, "smtp://mail.test:587");
	ck_assert_int_eq(init("", "starttls", "msmtp -t", via, sizeof(via),
	    &err), 0);
	ck_assert_str_eq(via, "sendmail");

	/* plain text: this machine only, never with smtps */
	ck_assert_int_eq(init("smtp://127.0.0.1:2525", "none", "", via,
	    sizeof(via), &err), 0);
	ck_assert_int_eq(init("smtp://127.8.9.10", "none", "", NULL, 0,
	    &err), 0);
	ck_assert_int_eq(init("smtp://localhost:25", "none", "", NULL, 0,
	    &err), 0);
	ck_assert_int_eq(init("smtp://[::1]:25", "none", "", NULL, 0, &err),
	    0);
	ck_assert_int_eq(init("smtp://smtp.example.net:25", "none", "", NULL,
	    0, &err), DP_EX_CONFIG);
	ck_assert_ptr_nonnull(strstr(err.msg, "only for a relay"));
	ck_assert_int_eq(init("smtp://128.0.0.1:25", "none", "", NULL, 0,
	    &err), DP_EX_CONFIG);
	ck_assert_int_eq(init("smtp://[::2]:25", "none", "", NULL, 0, &err),
	    DP_EX_CONFIG);
	ck_assert_int_eq(init("smtps://localhost", "none", "", NULL, 0, &err),
	    DP_EX_CONFIG);
	ck_assert_int_eq(init("ftp://localhost", "starttls", "", NULL, 0,
	    &err), DP_EX_CONFIG);

	/* credentials in pairs */
	setenv("DEPEER_SMTP_USER", "depeer", 1);
	ck_assert_int_eq(init("smtp://mail.test", "starttls", "", NULL, 0,
	    &err), DP_EX_CONFIG);
	ck_assert_ptr_nonnull(strstr(err.msg, "go together"));
	setenv("DEPEER_SMTP_PASSWORD", "pw", 1);
	ck_assert_int_eq(init("smtp://mail.test", "starttls", "", NULL, 0,
	    &err), 0);
	unsetenv("DEPEER_SMTP_USER");
	ck_assert_int_eq(init("smtp://mail.test", "starttls", "", NULL, 0,
	    &err), DP_EX_CONFIG);
}
END_TEST

/* Deliver msg through command cmd (timeout_s): the result. */
static void
run_cmd(const char *cmd, long timeout_s, const char *msg, size_t len,
    struct smtp_result *r)
{
	struct smtp_transport t;
	struct dp_err err = DP_ERR_INIT;
	static const char *const rcpt[] = { "abuse@transit.example" };
	struct smtp_msg m = { "ann@cert.example", rcpt, 1, msg, len };

	ck_assert_int_eq(smtp_transport_init(&t, "", "starttls", cmd,
	    timeout_s, net, &err), 0);
	ck_assert_int_eq(smtp_deliver(&t, &m, r, &err), 0);
	smtp_transport_release(&t);
}

/* The bytes of file path, NUL added; *len their number. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *s = malloc(4 << 20);
	size_t n;

	ck_assert_ptr_nonnull(fp);
	ck_assert_ptr_nonnull(s);
	n = fread(s, 1, (4 << 20) - 1, fp);
	fclose(fp);
	s[n] = '\0';
	*len = n;
	return s;
}

START_TEST(test_command)
{
	struct smtp_result r;
	char cmd[256], path[128], *got, *big;
	size_t len, n, i;
	const char msg[] = "From: ann@cert.example\r\nTo: abuse@transit."
	    "example\r\nSubject: x\r\n\r\n.\r\n..dots stay\r\n";

	/* exact bytes on stdin, exit 0: delivered, the output's last line
	   the reply */
	snprintf(path, sizeof(path), "%s/got.eml", dir);
	snprintf(cmd, sizeof(cmd), "cat >'%s' && echo queued as 42", path);
	run_cmd(cmd, 5, msg, sizeof(msg) - 1, &r);
	ck_assert_int_eq(r.delivered, 1);
	ck_assert_str_eq(r.reply, "sendmail_command exited 0: queued as 42");
	smtp_result_release(&r);
	got = slurp(path, &len);
	ck_assert_uint_eq(len, sizeof(msg) - 1);
	ck_assert_mem_eq(got, msg, len);
	free(got);

	/* a message larger than a pipe's buffer, written in full */
	n = 3 << 20;
	big = malloc(n);
	ck_assert_ptr_nonnull(big);
	for (i = 0; i < n; i++)
		big[i] = (i % 80 == 78) ? '\r' : (i % 80 == 79) ? '\n' : 'a';
	run_cmd(cmd, 5, big, n, &r);
	ck_assert_int_eq(r.delivered, 1);
	smtp_result_release(&r);
	got = slurp(path, &len);
	ck_assert_uint_eq(len, n);
	ck_assert(memcmp(got, big, n) == 0);
	free(got);
	free(big);

	/* refused: its exit status and its words; stderr is read too */
	run_cmd("cat >/dev/null; echo 'sendmail: no such user' >&2; exit 67",
	    5, msg, sizeof(msg) - 1, &r);
	ck_assert_int_eq(r.delivered, 0);
	ck_assert_int_eq(r.server_fault, 0);
	ck_assert_str_eq(r.reply,
	    "sendmail_command exited 67: sendmail: no such user");
	smtp_result_release(&r);

	/* not there: the shell's 127, a fault of the settings */
	run_cmd("/nonexistent/sendmail -t", 5, msg, sizeof(msg) - 1, &r);
	ck_assert_int_eq(r.delivered, 0);
	ck_assert_int_eq(r.server_fault, 1);
	ck_assert_int_eq(r.code, 127);
	smtp_result_release(&r);

	/* silent past the time-out: stopped, not delivered */
	run_cmd("cat >/dev/null; exec sleep 30", 1, msg, sizeof(msg) - 1, &r);
	ck_assert_int_eq(r.delivered, 0);
	ck_assert_ptr_nonnull(strstr(r.reply, "no sign of progress for 1 s"));
	smtp_result_release(&r);

	/* killed by a signal */
	run_cmd("cat >/dev/null; kill -TERM $$", 5, msg, sizeof(msg) - 1, &r);
	ck_assert_int_eq(r.delivered, 0);
	ck_assert_str_eq(r.reply, "sendmail_command was killed by signal 15");
	smtp_result_release(&r);
}
END_TEST

Suite *
smtp_suite(void)
{
	Suite *s = suite_create("smtp");
	TCase *tc = tcase_create("smtp");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_config_values);
	tcase_add_test(tc, test_transport);
	tcase_add_test(tc, test_command);
	suite_add_tcase(s, tc);
	return s;
}
