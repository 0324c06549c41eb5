/*
 * check_net.c - the event loop against a WHOIS server forked on loopback:
 * replies, size cap, silence, retries after a dropped connection, the
 * per-server concurrency limit and the connect-to mapping.
 */
#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "exitcodes.h"
#include "net.h"

/*
 * The server: answers each connection by the query it reads.
 *   "big"     -> 2 MiB of 'x'
 *   "hang"    -> reads, then says nothing for 5 s
 *   "drop"    -> closes at once the first time, answers the second
 *   "slow N"  -> waits 200 ms, answers "slow N"
 *   other     -> "% answer to <query>\n"
 * It handles up to maxconn connections one at a time per child process,
 * forking per connection, and counts the most open at once in a pipe.
 */
static int
serve(int *portp)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int ls = socket(AF_INET, SOCK_STREAM, 0), one = 1;
	pid_t pid;

	ck_assert_int_ge(ls, 0);
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(ls, (struct sockaddr *)&sa, sizeof(sa)), 0);
	ck_assert_int_eq(listen(ls, 64), 0);
	ck_assert_int_eq(getsockname(ls, (struct sockaddr *)&sa, &len), 0);
	*portp = ntohs(sa.sin_port);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid > 0) {
		close(ls);
		return pid;
	}
	/* The server process: one child per connection, for 10 s at most. */
	signal(SIGCHLD, SIG_IGN);
	alarm(10);
	for (;;) {
		char q[256], *big;
		ssize_t got;
		size_t n = 0;
		int c = accept(ls, NULL, NULL);

		if (c < 0)
			continue;
		if (fork() != 0) {
			close(c);
			continue;
		}
		close(ls);
		while (n < sizeof(q) - 1 &&
		    (got = read(c, q + n, sizeof(q) - 1 - n)) > 0) {
			n += (size_t)got;
			if (memchr(q, '\n', n) != NULL)
				break;
		}
		q[n] = '\0';
		q[strcspn(q, "\r\n")] = '\0';
		if (strcmp(q, "big") == 0) {
			big = malloc(2 << 20);
			memset(big, 'x', 2 << 20);
			(void)!write(c, big, 2 << 20);
		} else if (strcmp(q, "hang") == 0) {
			sleep(5);
		} else if (strcmp(q, "drop") == 0 &&
		    access("/tmp/depeer-check-net-dropped", F_OK) != 0) {
			FILE *fp = fopen("/tmp/depeer-check-net-dropped", "w");

			if (fp != NULL)
				fclose(fp);
		} else {
			char out[300];
			int len2;

			if (strncmp(q, "slow", 4) == 0)
				usleep(200000);
			len2 = snprintf(out, sizeof(out), "%% answer to %s\n",
			    q);
			(void)!write(c, out, (size_t)len2);
		}
		close(c);
		_exit(0);
	}
}

struct result {
	int		rc;
	char		msg[1024];
	char		body[128];
	size_t		len;
};

static void
on_done(struct net_req *r, void *arg)
{
	struct result *res = arg;

	res->rc = r->rc;
	snprintf(res->msg, sizeof(res->msg), "%s", r->err.msg);
	snprintf(res->body, sizeof(res->body), "%.*s", (int)r->body.len,
	    r->body.s);
	res->len = r->body.len;
}

/* Run queries against the forked server mapped as "whois.test:43". */
static void
run_queries(const char *const *queries, size_t n, struct result *res,
    struct net_config *cfg)
{
	struct net_req *reqs = xcalloc(n, sizeof(*reqs));
	struct dp_err err = DP_ERR_INIT;
	struct net *net;
	char map[128];
	int port, pid;
	size_t i;

	pid = serve(&port);
	snprintf(map, sizeof(map), "whois.test:43:127.0.0.1:%d", port);
	cfg->connect_to = map;
	net = net_new(cfg, &err);
	ck_assert_msg(net != NULL, "%s", err.msg);
	for (i = 0; i < n; i++) {
		reqs[i].kind = NET_WHOIS;
		reqs[i].host = xstrdup("whois.test");
		reqs[i].port = 43;
		reqs[i].query = xstrdup(queries[i]);
		reqs[i].done = on_done;
		reqs[i].arg = &res[i];
		res[i].rc = -1;
		net_add(net, &reqs[i]);
	}
	net_run(net, NULL, NULL);
	for (i = 0; i < n; i++)
		net_req_release(&reqs[i]);
	free(reqs);
	net_free(net);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

START_TEST(test_answers)
{
	static const char *const q[] = { "n + 208.66.192.1", "a 26780",
	    "-r 62.239.237.1" };
	struct result res[3];
	struct net_config cfg;
	size_t i;

	net_config_default(&cfg);
	run_queries(q, 3, res, &cfg);
	for (i = 0; i < 3; i++) {
		char want[128];

		snprintf(want, sizeof(want), "%% answer to %s\n", q[i]);
		ck_assert_msg(res[i].rc == 0, "%s", res[i].msg);
		ck_assert_str_eq(res[i].body, want);
	}
}
END_TEST

START_TEST(test_oversize_and_silence)
{
	static const char *const q[] = { "big", "hang" };
	struct result res[2];
	struct net_config cfg;

	net_config_default(&cfg);
	cfg.read_timeout_ms = 500;
	cfg.retries = 0;
	run_queries(q, 2, res, &cfg);
	ck_assert_int_eq(res[0].rc, DP_EX_PROTOCOL);
	ck_assert_ptr_nonnull(strstr(res[0].msg, "larger than 1048576"));
	ck_assert_ptr_nonnull(strstr(res[0].msg, "whois.test:43 query 'big'"));
	ck_assert_int_eq(res[1].rc, DP_EX_TEMPFAIL);
	ck_assert_ptr_nonnull(strstr(res[1].msg, "no reply"));
}
END_TEST

START_TEST(test_retry_after_drop)
{
	static const char *const q[] = { "drop" };
	struct result res[1];
	struct net_config cfg;

	unlink("/tmp/depeer-check-net-dropped");
	net_config_default(&cfg);
	cfg.backoff_ms = 50;
	run_queries(q, 1, res, &cfg);
	unlink("/tmp/depeer-check-net-dropped");
	ck_assert_msg(res[0].rc == 0, "%s", res[0].msg);
	ck_assert_str_eq(res[0].body, "% answer to drop\n");
}
END_TEST

START_TEST(test_refused)
{
	struct net_req r;
	struct net_config cfg;
	struct dp_err err = DP_ERR_INIT;
	struct result res;
	struct net *net;

	net_config_default(&cfg);
	cfg.retries = 1;
	cfg.backoff_ms = 10;
	/* Port 1 on loopback: nothing listens there. */
	cfg.connect_to = "whois.test::127.0.0.1:1";
	net = net_new(&cfg, &err);
	ck_assert_ptr_nonnull(net);
	memset(&r, 0, sizeof(r));
	r.kind = NET_WHOIS;
	r.host = xstrdup("whois.test");
	r.port = 43;
	r.query = xstrdup("x");
	r.done = on_done;
	r.arg = &res;
	net_add(net, &r);
	net_run(net, NULL, NULL);
	ck_assert_int_eq(res.rc, DP_EX_UNAVAILABLE);
	ck_assert_ptr_nonnull(strstr(res.msg, "cannot connect"));
	ck_assert_ptr_nonnull(strstr(res.msg, "after retries"));
	ck_assert_int_eq(r.attempts, 2);
	net_req_release(&r);
	net_free(net);
}
END_TEST

/* Run n queries (all must succeed) under limits lim; the seconds taken. */
static double
timed_queries(const char *const *q, size_t n, const struct net_limit *lim)
{
	struct result res[8];
	struct net_config cfg;
	struct timespec a, b;
	size_t i;

	ck_assert_uint_le(n, 8);
	net_config_default(&cfg);
	cfg.limits = lim;
	clock_gettime(CLOCK_MONOTONIC, &a);
	run_queries(q, n, res, &cfg);
	clock_gettime(CLOCK_MONOTONIC, &b);
	for (i = 0; i < n; i++)
		ck_assert_msg(res[i].rc == 0, "%s", res[i].msg);
	return (double)(b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
}

/* Eight slow queries with a limit of two at once take four rounds. */
START_TEST(test_concurrency_limit)
{
	static const char *const q[] = { "slow 1", "slow 2", "slow 3",
	    "slow 4", "slow 5", "slow 6", "slow 7", "slow 8" };
	static const struct net_limit lim[] = {
		{ "whois.test", 2, 1000.0, 10 }, { NULL, 4, 10.0, 20 },
	};
	double secs = timed_queries(q, 8, lim);

	/* Not a timing test: four rounds of 200 ms cannot be under 0.8 s. */
	ck_assert_msg(secs >= 0.8, "took %.2f s: limit not applied", secs);
}
END_TEST

/*
 * The rate is a token bucket: with 5 per second after a burst of 2, six
 * quick queries start at 0, 0, 200, 400, 600 and 800 ms; and the burst
 * itself does not wait (two queries well under the spacing of one).
 */
START_TEST(test_rate_burst)
{
	static const char *const q[] = { "a", "b", "c", "d", "e", "f" };
	static const struct net_limit lim[] = {
		{ "whois.test", 6, 5.0, 2 }, { NULL, 4, 10.0, 20 },
	};
	double secs = timed_queries(q, 6, lim);

	ck_assert_msg(secs >= 0.8, "took %.2f s: rate not applied", secs);
}
END_TEST

START_TEST(test_map)
{
	struct net_map *m;
	struct dp_err err = DP_ERR_INIT;
	const char *h;
	int p;

	ck_assert_int_eq(net_map_parse("whois.arin.net:43:127.0.0.1:4301,"
	    "::[::1]:4400,rdap.arin.net:443::8443", &m, &err), 0);
	net_map_apply(m, "whois.arin.net", 43, &h, &p);
	ck_assert_str_eq(h, "127.0.0.1");
	ck_assert_int_eq(p, 4301);
	net_map_apply(m, "rdap.arin.net", 443, &h, &p);
	ck_assert_str_eq(h, "::1");	/* the catch-all comes first */
	ck_assert_int_eq(p, 4400);
	net_map_free(m);
	ck_assert_int_eq(net_map_parse("rdap.arin.net:443::8443", &m, &err), 0);
	net_map_apply(m, "rdap.arin.net", 443, &h, &p);
	ck_assert_str_eq(h, "rdap.arin.net");
	ck_assert_int_eq(p, 8443);
	net_map_free(m);
	ck_assert_int_eq(net_map_parse("a:b:c:d", &m, &err), DP_EX_CONFIG);
	ck_assert_int_eq(net_map_parse("a:43:b", &m, &err), DP_EX_CONFIG);
	ck_assert_int_eq(net_map_parse("a:99999:b:1", &m, &err), DP_EX_CONFIG);
}
END_TEST

/* ---- the observer and the stop flag ---- */

struct seen {
	int		 retries, slow, done, last_retry, of;
	long		 waited;
	char		 host[64], reason[256];
	int		 done_last;	/* DONE came after everything else */
};

static void
observe(const struct net_event *ev, void *arg)
{
	struct seen *s = arg;

	s->done_last = 0;
	switch (ev->kind) {
	case NET_EV_RETRY:
		s->retries++;
		s->last_retry = ev->retry;
		s->of = ev->retries;
		snprintf(s->host, sizeof(s->host), "%s", ev->host);
		snprintf(s->reason, sizeof(s->reason), "%s", ev->reason);
		break;
	case NET_EV_SLOW:
		s->slow++;
		s->waited = ev->waited_ms;
		snprintf(s->host, sizeof(s->host), "%s", ev->host);
		break;
	case NET_EV_DONE:
		s->done++;
		s->done_last = 1;
		break;
	}
}

/* One query q against the forked server, told to observer s. */
static void
observed_query(const char *q, struct net_config *cfg, struct seen *s,
    struct result *res)
{
	struct dp_err err = DP_ERR_INIT;
	struct net_req r;
	struct net *net;
	char map[128];
	int port, pid;

	pid = serve(&port);
	snprintf(map, sizeof(map), "whois.test:43:127.0.0.1:%d", port);
	if (cfg->connect_to == NULL)
		cfg->connect_to = map;
	net = net_new(cfg, &err);
	ck_assert_msg(net != NULL, "%s", err.msg);
	memset(s, 0, sizeof(*s));
	net_observe(net, observe, s);
	memset(&r, 0, sizeof(r));
	r.kind = NET_WHOIS;
	r.host = xstrdup("whois.test");
	r.port = 43;
	r.query = xstrdup(q);
	r.done = on_done;
	r.arg = res;
	res->rc = -1;
	net_add(net, &r);
	net_run(net, NULL, NULL);
	net_req_release(&r);
	net_free(net);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* Each retry is told (which, of how many, why), then the end. */
START_TEST(test_observe_retries)
{
	struct net_config cfg;
	struct result res;
	struct seen s;

	net_config_default(&cfg);
	cfg.retries = 2;
	cfg.backoff_ms = 10;
	cfg.connect_to = "whois.test::127.0.0.1:1";	/* refused */
	observed_query("x", &cfg, &s, &res);
	ck_assert_int_eq(res.rc, DP_EX_UNAVAILABLE);
	ck_assert_int_eq(s.retries, 2);
	ck_assert_int_eq(s.last_retry, 2);
	ck_assert_int_eq(s.of, 2);
	ck_assert_str_eq(s.host, "whois.test");
	ck_assert_ptr_nonnull(strstr(s.reason, "cannot connect"));
	ck_assert_int_eq(s.done, 1);
	ck_assert_int_eq(s.done_last, 1);
	ck_assert_int_eq(s.slow, 0);
}
END_TEST

/* A request that keeps the loop waiting past slow_ms is told. */
START_TEST(test_observe_slow)
{
	struct net_config cfg;
	struct result res;
	struct seen s;

	net_config_default(&cfg);
	cfg.retries = 0;
	cfg.read_timeout_ms = 700;
	cfg.slow_ms = 300;
	observed_query("hang", &cfg, &s, &res);
	ck_assert_int_eq(res.rc, DP_EX_TEMPFAIL);
	ck_assert_int_ge(s.slow, 1);
	ck_assert_int_ge(s.waited, 300);
	ck_assert_str_eq(s.host, "whois.test");
	ck_assert_int_eq(s.done_last, 1);

	/* A quick answer: nothing but the end. */
	net_config_default(&cfg);
	cfg.slow_ms = 300;
	observed_query("quick", &cfg, &s, &res);
	ck_assert_int_eq(res.rc, 0);
	ck_assert_int_eq(s.slow + s.retries, 0);
	ck_assert_int_eq(s.done, 1);
}
END_TEST

static volatile sig_atomic_t stop_flag;

static void
stop_after_first(size_t done, size_t total, void *arg)
{
	(void)total;
	(void)arg;
	if (done >= 1)
		stop_flag = 1;
}

/* The flag stops the loop soon; requests not done get no callback. */
START_TEST(test_stop_flag)
{
	static const char *const q[] = { "first", "hang" };
	struct net_req reqs[2];
	struct result res[2];
	struct dp_err err = DP_ERR_INIT;
	struct net_config cfg;
	struct timespec a, b;
	struct net *net;
	char map[128];
	int port, pid;
	size_t i;
	double secs;

	pid = serve(&port);
	snprintf(map, sizeof(map), "whois.test:43:127.0.0.1:%d", port);
	net_config_default(&cfg);
	cfg.connect_to = map;
	net = net_new(&cfg, &err);
	ck_assert_msg(net != NULL, "%s", err.msg);
	stop_flag = 0;
	net_stop_on(net, &stop_flag);
	memset(reqs, 0, sizeof(reqs));
	for (i = 0; i < 2; i++) {
		reqs[i].kind = NET_WHOIS;
		reqs[i].host = xstrdup("whois.test");
		reqs[i].port = 43;
		reqs[i].query = xstrdup(q[i]);
		reqs[i].done = on_done;
		reqs[i].arg = &res[i];
		res[i].rc = -1;
		net_add(net, &reqs[i]);
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	net_run(net, stop_after_first, NULL);
	clock_gettime(CLOCK_MONOTONIC, &b);
	secs = (double)(b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
	ck_assert_int_eq(net_stopped(net), 1);
	ck_assert_int_eq(res[0].rc, 0);
	ck_assert_int_eq(res[1].rc, -1);	/* dropped: no callback */
	/* Not a timing test: "hang" alone would take 5 s. */
	ck_assert_msg(secs < 4.0, "took %.2f s to stop", secs);
	for (i = 0; i < 2; i++)
		net_req_release(&reqs[i]);
	/* The loop runs again afterwards, without the flag. */
	net_stop_on(net, NULL);
	memset(&reqs[0], 0, sizeof(reqs[0]));
	reqs[0].kind = NET_WHOIS;
	reqs[0].host = xstrdup("whois.test");
	reqs[0].port = 43;
	reqs[0].query = xstrdup("again");
	reqs[0].done = on_done;
	reqs[0].arg = &res[0];
	res[0].rc = -1;
	net_add(net, &reqs[0]);
	net_run(net, NULL, NULL);
	ck_assert_int_eq(net_stopped(net), 0);
	ck_assert_int_eq(res[0].rc, 0);
	net_req_release(&reqs[0]);
	net_free(net);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}
END_TEST

Suite *
net_suite(void)
{
	Suite *s = suite_create("net");
	TCase *tc = tcase_create("whois");

	tcase_add_test(tc, test_map);
	tcase_add_test(tc, test_answers);
	tcase_add_test(tc, test_oversize_and_silence);
	tcase_add_test(tc, test_retry_after_drop);
	tcase_add_test(tc, test_refused);
	tcase_add_test(tc, test_concurrency_limit);
	tcase_add_test(tc, test_rate_burst);
	tcase_add_test(tc, test_observe_retries);
	tcase_add_test(tc, test_observe_slow);
	tcase_add_test(tc, test_stop_flag);
	tcase_set_timeout(tc, 20);
	suite_add_tcase(s, tc);
	return s;
}
