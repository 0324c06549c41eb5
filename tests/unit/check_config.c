/*
 * check_config.c - the settings of config.c: parsing the file (good
 * lines, comments, quotes, every kind of bad line with its number, the
 * size limits), the environment over the file over the defaults, the
 * path rules, rewriting the file for set and unset (other lines kept,
 * replaced, appended, created 0600 in a 0700 folder, a failed write
 * leaving the old file), and the mapping onto struct net_config.
 *
 * Each test works in a temporary folder of its own and sets the
 * environment it needs (Check forks per test, so nothing leaks).
 */
#define _GNU_SOURCE	/* nftw's FTW_DEPTH, FTW_PHYS */
#include <check.h>
#include <dirent.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "exitcodes.h"
#include "net.h"

Suite	*config_suite(void);

static char tdir[256];

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* No DEPEER_* setting from the environment the tests run in. */
static void
clear_env(void)
{
	const char *k;
	size_t i;

	for (i = 0; (k = config_key(i)) != NULL; i++)
		unsetenv(config_env_name(k));
	unsetenv("DEPEER_CONFIG");
}

/* A clean environment and a fresh folder for each test. */
static void
setup(void)
{
	clear_env();
	snprintf(tdir, sizeof(tdir), "%s/depeer-config.XXXXXX",
	    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(tdir));
	setenv("HOME", tdir, 1);
	unsetenv("XDG_CONFIG_HOME");
}

static void
teardown(void)
{
	nftw(tdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* tdir/name, a new string. */
static char *
tpath(const char *name)
{
	return xasprintf("%s/%s", tdir, name);
}

static void
put(const char *path, const char *s, size_t len)
{
	FILE *fp = fopen(path, "wb");

	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(s, 1, len, fp), len);
	ck_assert_int_eq(fclose(fp), 0);
}

/* The file's content (NUL-terminated, new string). */
static char *
slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *b = xmalloc(200000);
	size_t n;

	ck_assert_msg(fp != NULL, "cannot open %s", path);
	n = fread(b, 1, 199999, fp);
	b[n] = '\0';
	fclose(fp);
	return b;
}

/* Write s to a config file and load it. */
static int
load_text(const char *s, size_t len, struct config **c, struct dp_err *err)
{
	char *p = tpath("config");
	int rc;

	put(p, s, len);
	rc = config_load(p, c, err);
	free(p);
	return rc;
}

#define LOAD(s, c, e)	load_text((s), strlen(s), (c), (e))

static struct config *
load_ok(const char *s)
{
	struct dp_err err = DP_ERR_INIT;
	struct config *c = NULL;

	ck_assert_msg(LOAD(s, &c, &err) == 0, "%s", err.msg);
	return c;
}

/* ---- keys and defaults ---- */

START_TEST(test_defaults)
{
	static const struct {
		const char	*key, *def;
	} want[] = {
		{ "db", "" }, { "whois_server", "whois.iana.org" },
		{ "cymru_server", "whois.cymru.com" },
		{ "cymru_peer_server", "v4-peer.whois.cymru.com" },
		{ "irr_server", "whois.radb.net" },
		{ "ripestat_url", "https://stat.ripe.net/data/" },
		{ "rdap_bootstrap_url", "https://data.iana.org/rdap/" },
		{ "sourceapp", "depeer" }, { "ttl", "86400" },
		{ "connect_timeout_ms", "10000" },
		{ "read_timeout_ms", "20000" }, { "total_timeout_ms", "60000" },
		{ "retries", "3" }, { "backoff_ms", "1000" },
		{ "connect_to", "" }, { "ca_bundle", "" },
		{ "dns_server", "" },
		{ "from", "" }, { "organisation", "" },
		{ "case_tag", "depeer" }, { "max_message_size", "10000000" },
		{ "xarf_max", "100" }, { "pgp_key", "" }, { "pgp_key_url", "" },
		{ "smtp_url", "" }, { "smtp_tls", "starttls" },
		{ "sendmail_command", "" }, { "smtp_pace", "10" },
		{ "smtp_timeout", "60" },
	};
	struct dp_err err = DP_ERR_INIT;
	struct config *c = NULL;
	char *p = tpath("none/config");
	size_t i;

	ck_assert_int_eq(config_load(p, &c, &err), 0);
	ck_assert_str_eq(config_file(c), p);
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		ck_assert_str_eq(config_key(i), want[i].key);
		ck_assert(config_is_key(want[i].key));
		ck_assert_str_eq(config_default(want[i].key), want[i].def);
		ck_assert_str_eq(config_get(c, want[i].key), want[i].def);
		ck_assert_str_eq(config_origin(c, want[i].key), "default");
		ck_assert_int_eq(config_line(c, want[i].key), 0);
		ck_assert_msg(config_check(want[i].key, want[i].def, &err) ==
		    0, "default of %s: %s", want[i].key, err.msg);
	}
	ck_assert_ptr_null(config_key(ARRAY_SIZE(want)));
	ck_assert(!config_is_key("WHOIS_SERVER"));
	ck_assert(!config_is_key("whois_server "));
	ck_assert_str_eq(config_env_name("connect_timeout_ms"),
	    "DEPEER_CONNECT_TIMEOUT_MS");
	ck_assert_str_eq(config_env_name("db"), "DEPEER_DB");
	ck_assert_int_eq(config_int(c, "ttl"), 86400);
	ck_assert_int_eq(config_int(c, "retries"), 3);
	/* Nothing was created by reading. */
	ck_assert_int_ne(access(p, F_OK), 0);
	config_free(c);
	free(p);
}
END_TEST

/* Asking for a key that does not exist is a bug: exit 70. */
START_TEST(test_unknown_key_dies)
{
	struct dp_err err = DP_ERR_INIT;
	struct config *c = NULL;

	clear_env();
	ck_assert_int_eq(config_load("/nonexistent/depeer/config", &c, &err),
	    0);
	ck_assert_ptr_nonnull(freopen("/dev/null", "w", stderr));
	config_get(c, "whois");
}
END_TEST

START_TEST(test_int_of_string_dies)
{
	struct dp_err err = DP_ERR_INIT;
	struct config *c = NULL;

	clear_env();
	ck_assert_int_eq(config_load("/nonexistent/depeer/config", &c, &err),
	    0);
	ck_assert_ptr_nonnull(freopen("/dev/null", "w", stderr));
	config_int(c, "whois_server");
}
END_TEST

/* ---- parsing ---- */

START_TEST(test_parse_good)
{
	static const char text[] =
	    "\xef\xbb\xbf# depeer settings\n"
	    "\n"
	    "   # an indented comment\n"
	    "whois_server = whois.example.net\n"
	    "\tcymru_server=whois.example.org:4343   \r\n"
	    "irr_server\t =\t[2001:db8::43]:43\n"
	    "cymru_peer_server = 192.0.2.1\n"
	    "ripestat_url = \"https://stat.example.net/data/\"\n"
	    "sourceapp = my-app_1.0\n"
	    "ttl = 0\n"
	    "retries = 10\n"
	    "connect_timeout_ms = 1\n"
	    "db = \"/tmp/with spaces/case.db \"\n"
	    "ca_bundle = /etc/ca#1.pem\n"
	    "connect_to = whois.iana.org:43:127.0.0.1:4343,:443:[::1]:\n"
	    "# ttl = 5 (a comment, not a setting)\n"
	    "read_timeout_ms = 3600000";	/* no final newline */
	struct config *c;

	c = load_ok(text);
	ck_assert_str_eq(config_get(c, "whois_server"), "whois.example.net");
	ck_assert_int_eq(config_line(c, "whois_server"), 4);
	ck_assert_str_eq(config_get(c, "cymru_server"),
	    "whois.example.org:4343");
	ck_assert_str_eq(config_get(c, "irr_server"), "[2001:db8::43]:43");
	ck_assert_str_eq(config_get(c, "cymru_peer_server"), "192.0.2.1");
	ck_assert_str_eq(config_get(c, "ripestat_url"),
	    "https://stat.example.net/data/");
	ck_assert_str_eq(config_get(c, "sourceapp"), "my-app_1.0");
	ck_assert_int_eq(config_int(c, "ttl"), 0);
	ck_assert_int_eq(config_int(c, "retries"), 10);
	ck_assert_int_eq(config_int(c, "connect_timeout_ms"), 1);
	ck_assert_int_eq(config_int(c, "read_timeout_ms"), 3600000);
	ck_assert_int_eq(config_line(c, "read_timeout_ms"), 17);
	ck_assert_str_eq(config_get(c, "db"), "/tmp/with spaces/case.db ");
	ck_assert_str_eq(config_get(c, "ca_bundle"), "/etc/ca#1.pem");
	ck_assert_str_eq(config_origin(c, "ttl"), "file");
	ck_assert_str_eq(config_origin(c, "total_timeout_ms"), "default");
	ck_assert_str_eq(config_get(c, "rdap_bootstrap_url"),
	    "https://data.iana.org/rdap/");
	config_free(c);

	/* Empty values: allowed where the default is empty. */
	c = load_ok("db =\nconnect_to = \"\"\n");
	ck_assert_str_eq(config_get(c, "db"), "");
	ck_assert_str_eq(config_origin(c, "db"), "file");
	ck_assert_str_eq(config_get(c, "connect_to"), "");
	config_free(c);

	/* An empty file, and one of blanks and comments only. */
	c = load_ok("");
	ck_assert_str_eq(config_origin(c, "ttl"), "default");
	config_free(c);
	c = load_ok("\n\n  \t\n#\n# x = y\n");
	ck_assert_str_eq(config_origin(c, "ttl"), "default");
	config_free(c);
}
END_TEST

START_TEST(test_parse_bad)
{
	static const struct {
		const char	*text;
		int		 line;
		const char	*part;
	} bad[] = {
		{ "whois_server\n", 1, "expected 'key = value'" },
		{ "# c\n\n = x\n", 3, "no key before '='" },
		{ "ttl = 1\nfrob = 2\n", 2, "unknown key 'frob'" },
		{ "TTL = 1\n", 1, "unknown key 'TTL'" },
		{ "ttl = 1\n\nttl = 2\n", 3, "'ttl' is set again (first on "
		  "line 1)" },
		{ "ttl = 1\nttl = 1\n", 2, "set again" },
		{ "ttl = x\n", 1, "ttl: 'x' is not a whole number" },
		{ "ttl = -1\n", 1, "from 0 to" },
		{ "ttl = +1\n", 1, "whole number" },
		{ "ttl = 1 2\n", 1, "whole number" },
		{ "ttl = 99999999999999999999999\n", 1, "whole number" },
		{ "ttl =\n", 1, "ttl: empty value" },
		{ "ttl = \"5\n", 1, "does not end with one" },
		{ "ttl = \"\n", 1, "does not end with one" },
		{ "retries = 11\n", 1, "from 0 to 10" },
		{ "connect_timeout_ms = 0\n", 1, "from 1 to" },
		{ "read_timeout_ms = 3600001\n", 1, "from 1 to 3600000" },
		{ "backoff_ms = 0\n", 1, "backoff_ms:" },
		{ "whois_server = whois\n", 1, "at least two labels" },
		{ "whois_server = who is.example\n", 1, "whois_server:" },
		{ "whois_server = host.example:0\n", 1, "from 1 to 65535" },
		{ "whois_server = host.example:65536\n", 1, "port" },
		{ "whois_server = host.example:\n", 1, "port" },
		{ "whois_server = host.example:4x\n", 1, "port" },
		{ "whois_server = 2001:db8::1\n", 1, "in brackets" },
		{ "whois_server = [1.2.3.4]\n", 1, "not an IPv6 address" },
		{ "whois_server = [2001:db8::1\n", 1, "missing ']'" },
		{ "whois_server = [2001:db8::1]x\n", 1, "expected ':PORT'" },
		{ "whois_server = 1.2.3\n", 1, "whois_server:" },
		{ "whois_server = :43\n", 1, "empty host" },
		{ "ripestat_url = http://stat.ripe.net/data/\n", 1,
		  "not an https:// URL" },
		{ "ripestat_url = https://stat.ripe.net/data\n", 1,
		  "must end with '/'" },
		{ "ripestat_url = https://stat.ripe.net/?a=1/\n", 1,
		  "no query or fragment" },
		{ "rdap_bootstrap_url = https:///\n", 1,
		  "rdap_bootstrap_url:" },
		{ "sourceapp = a b\n", 1, "1 to 64 letters" },
		{ "sourceapp = \"\"\n", 1, "empty value" },
		{ "sourceapp = aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		  "aaaaaaaaaaaaaaa\n", 1, "1 to 64" },
		{ "db = relative.db\n", 1, "db: 'relative.db' is not an "
		  "absolute path" },
		{ "ca_bundle = \"/a\tb\"\n", 1, "control character" },
		{ "connect_to = bad\n", 1, "connect_to: bad entry 'bad'" },
		{ "connect_to = a:1:b:2, c:3:d:4\n", 1, "space" },
		{ "ttl = 1\nwhois_server = caf\xc3\n", 2, "not valid UTF-8" },
		{ "# \xff\n", 1, "not valid UTF-8" },
	};
	struct dp_err err;
	struct config *c;
	char *p = tpath("config"), want[512];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		memset(&err, 0, sizeof(err));
		c = NULL;
		ck_assert_msg(LOAD(bad[i].text, &c, &err) == DP_EX_CONFIG,
		    "'%s' was accepted", bad[i].text);
		ck_assert_ptr_null(c);
		ck_assert_int_eq(err.code, DP_EX_CONFIG);
		snprintf(want, sizeof(want), "%s:%d: ", p, bad[i].line);
		ck_assert_msg(strncmp(err.msg, want, strlen(want)) == 0,
		    "'%s': message \"%s\" does not start \"%s\"",
		    bad[i].text, err.msg, want);
		ck_assert_msg(strstr(err.msg, bad[i].part) != NULL,
		    "'%s': message \"%s\" lacks \"%s\"", bad[i].text,
		    err.msg, bad[i].part);
	}
	free(p);
}
END_TEST

START_TEST(test_nul_byte)
{
	static const char text[] = "ttl = 1\nsourceapp = a\0b\n";
	struct dp_err err = DP_ERR_INIT;
	struct config *c = NULL;

	ck_assert_int_eq(load_text(text, sizeof(text) - 1, &c, &err),
	    DP_EX_CONFIG);
	ck_assert_msg(strstr(err.msg, ":2: not valid UTF-8") != NULL, "%s",
	    err.msg);
}
END_TEST

START_TEST(test_long_line)
{
	struct dp_err err = DP_ERR_INIT;
	struct config *c = NULL;
	char *s = xmalloc(CONFIG_MAX_LINE + 20);

	/* A comment of exactly CONFIG_MAX_LINE bytes, CRLF: fine. */
	s[0] = '#';
	memset(s + 1, 'x', CONFIG_MAX_LINE - 1);
	memcpy(s + CONFIG_MAX_LINE, "\r\nttl = 2\n", 11);
	c = load_ok(s);
	ck_assert_int_eq(config_int(c, "ttl"), 2);
	config_free(c);
	c = NULL;

	/* One byte more, on line 2. */
	memcpy(s, "ttl = 2\n#", 9);
	memset(s + 9, 'x', CONFIG_MAX_LINE);
	s[CONFIG_MAX_LINE + 9] = '\0';
	ck_assert_int_eq(LOAD(s, &c, &err), DP_EX_CONFIG);
	ck_assert_msg(strstr(err.msg, ":2: line longer than 4096 bytes") !=
	    NULL, "%s", err.msg);
	free(s);
}
END_TEST

START_TEST(test_big_file)
{
	struct dp_err err = DP_ERR_INIT;
	struct config *c = NULL;
	char *s = xmalloc(CONFIG_MAX_FILE + 2);
	size_t i;

	/* Comment lines of 64 bytes: exactly CONFIG_MAX_FILE is fine. */
	for (i = 0; i < CONFIG_MAX_FILE; i++)
		s[i] = i % 64 == 0 ? '#' : i % 64 == 63 ? '\n' : 'x';
	ck_assert_int_eq(load_text(s, CONFIG_MAX_FILE, &c, &err), 0);
	config_free(c);
	c = NULL;
	s[CONFIG_MAX_FILE] = '\n';
	ck_assert_int_eq(load_text(s, CONFIG_MAX_FILE + 1, &c, &err),
	    DP_EX_CONFIG);
	ck_assert_ptr_null(c);
	ck_assert_msg(strstr(err.msg, "larger than 65536 bytes") != NULL,
	    "%s", err.msg);
	free(s);
}
END_TEST

START_TEST(test_not_a_file)
{
	struct dp_err err = DP_ERR_INIT;
	struct config *c = NULL;
	char *p = tpath("dir");

	ck_assert_int_eq(mkdir(p, 0700), 0);
	ck_assert_int_eq(config_load(p, &c, &err), DP_EX_CONFIG);
	ck_assert_msg(strstr(err.msg, "not a regular file") != NULL, "%s",
	    err.msg);
	free(p);
}
END_TEST

/* ---- environment and path ---- */

START_TEST(test_precedence)
{
	struct config *c;

	setenv("DEPEER_WHOIS_SERVER", "whois.env.example:4343", 1);
	setenv("DEPEER_TTL", "", 1);		/* empty: unset */
	setenv("DEPEER_RETRIES", "0", 1);
	setenv("DEPEER_CA_BUNDLE", "relative/ca.pem", 1);
	setenv("DEPEER_DB", "case.db", 1);	/* relative: as always */
	c = load_ok("whois_server = whois.file.example\nttl = 60\n"
	    "irr_server = irr.file.example\nretries = 5\n");
	ck_assert_str_eq(config_get(c, "whois_server"),
	    "whois.env.example:4343");
	ck_assert_str_eq(config_origin(c, "whois_server"), "env");
	ck_assert_int_eq(config_line(c, "whois_server"), 0);
	ck_assert_int_eq(config_int(c, "ttl"), 60);
	ck_assert_str_eq(config_origin(c, "ttl"), "file");
	ck_assert_int_eq(config_line(c, "ttl"), 2);
	ck_assert_str_eq(config_get(c, "irr_server"), "irr.file.example");
	ck_assert_int_eq(config_int(c, "retries"), 0);
	ck_assert_str_eq(config_origin(c, "retries"), "env");
	ck_assert_str_eq(config_get(c, "ca_bundle"), "relative/ca.pem");
	ck_assert_str_eq(config_get(c, "db"), "case.db");
	ck_assert_str_eq(config_origin(c, "db"), "env");
	ck_assert_str_eq(config_origin(c, "cymru_server"), "default");
	config_free(c);
}
END_TEST

START_TEST(test_env_bad)
{
	static const struct {
		const char	*var, *value, *part;
	} bad[] = {
		{ "DEPEER_RETRIES", "x", "DEPEER_RETRIES: 'x' is not a whole "
		  "number" },
		{ "DEPEER_CONNECT_TIMEOUT_MS", "0", "DEPEER_CONNECT_TIMEOUT_MS:" },
		{ "DEPEER_CONNECT_TO", "bad", "DEPEER_CONNECT_TO: bad entry" },
		{ "DEPEER_WHOIS_SERVER", "whois", "DEPEER_WHOIS_SERVER:" },
		{ "DEPEER_RIPESTAT_URL", "http://x.example/",
		  "DEPEER_RIPESTAT_URL:" },
		{ "DEPEER_SOURCEAPP", "a/b", "DEPEER_SOURCEAPP:" },
	};
	struct dp_err err;
	struct config *c;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		memset(&err, 0, sizeof(err));
		c = NULL;
		setenv(bad[i].var, bad[i].value, 1);
		/* The file is fine; the variable wins and is wrong. */
		ck_assert_int_eq(LOAD("retries = 1\n", &c, &err),
		    DP_EX_CONFIG);
		ck_assert_ptr_null(c);
		ck_assert_msg(strstr(err.msg, bad[i].part) != NULL,
		    "%s=%s: \"%s\" lacks \"%s\"", bad[i].var, bad[i].value,
		    err.msg, bad[i].part);
		unsetenv(bad[i].var);
	}
}
END_TEST

START_TEST(test_path)
{
	struct dp_err err = DP_ERR_INIT;
	struct config *c = NULL;
	char *p, *want;

	/* HOME, then an absolute XDG_CONFIG_HOME, then DEPEER_CONFIG. */
	p = config_path(&err);
	want = xasprintf("%s/.config/depeer/config", tdir);
	ck_assert_str_eq(p, want);
	free(p);
	free(want);
	setenv("XDG_CONFIG_HOME", "relative", 1);
	p = config_path(&err);
	ck_assert(strncmp(p, tdir, strlen(tdir)) == 0);
	free(p);
	setenv("XDG_CONFIG_HOME", "/xdg", 1);
	p = config_path(&err);
	ck_assert_str_eq(p, "/xdg/depeer/config");
	free(p);
	setenv("DEPEER_CONFIG", "", 1);
	p = config_path(&err);
	ck_assert_str_eq(p, "/xdg/depeer/config");
	free(p);
	setenv("DEPEER_CONFIG", "my.conf", 1);
	p = config_path(&err);
	ck_assert_str_eq(p, "my.conf");
	free(p);

	/* config_load(NULL) reads that file. */
	want = tpath("alt.conf");
	put(want, "ttl = 7\n", 8);
	setenv("DEPEER_CONFIG", want, 1);
	ck_assert_int_eq(config_load(NULL, &c, &err), 0);
	ck_assert_int_eq(config_int(c, "ttl"), 7);
	ck_assert_str_eq(config_file(c), want);
	config_free(c);
	c = NULL;
	free(want);

	/* No path at all: an error for config_path, defaults for load. */
	unsetenv("DEPEER_CONFIG");
	unsetenv("XDG_CONFIG_HOME");
	setenv("HOME", "not/absolute", 1);
	ck_assert_ptr_null(config_path(&err));
	ck_assert_int_eq(err.code, DP_EX_CONFIG);
	ck_assert_msg(strstr(err.msg, "DEPEER_CONFIG") != NULL, "%s",
	    err.msg);
	ck_assert_int_eq(config_load(NULL, &c, &err), 0);
	ck_assert_str_eq(config_file(c), "");
	ck_assert_str_eq(config_get(c, "whois_server"), "whois.iana.org");
	config_free(c);
}
END_TEST

/* ---- values ---- */

START_TEST(test_check)
{
	static const struct {
		const char	*key, *value;
		int		 code;
	} cases[] = {
		{ "whois_server", "whois.arin.net", 0 },
		{ "whois_server", "WHOIS.ARIN.NET.", 0 },
		{ "whois_server", "whois.arin.net:43", 0 },
		{ "whois_server", "127.0.0.1:4301", 0 },
		{ "whois_server", "[::1]", 0 },
		{ "whois_server", "[::1]:4301", 0 },
		{ "whois_server", "localhost", DP_EX_DATAERR },
		{ "whois_server", "", DP_EX_DATAERR },
		{ "whois_server", "whois.arin.net\n", DP_EX_DATAERR },
		{ "ripestat_url", "https://127.0.0.1:8443/data/", 0 },
		{ "rdap_bootstrap_url", "https://rdap.example/", 0 },
		{ "rdap_bootstrap_url", "https://rdap.example", DP_EX_DATAERR },
		{ "ttl", "2147483647", 0 },
		{ "ttl", "2147483648", DP_EX_DATAERR },
		{ "total_timeout_ms", "3600000", 0 },
		{ "backoff_ms", "600000", 0 },
		{ "backoff_ms", "600001", DP_EX_DATAERR },
		{ "db", "/tmp/x.db", 0 },
		{ "db", "", 0 },
		{ "db", "~/x.db", DP_EX_DATAERR },
		{ "db", "/tmp/\xff.db", DP_EX_DATAERR },
		{ "connect_to", "::127.0.0.1:4301", 0 },
		{ "dns_server", "", 0 },
		{ "dns_server", "127.0.0.1", 0 },
		{ "dns_server", "127.0.0.1:5353", 0 },
		{ "dns_server", "127.0.0.1:0", DP_EX_DATAERR },
		{ "dns_server", "ns.example.net", DP_EX_DATAERR },
		{ "dns_server", "[::1]:53", DP_EX_DATAERR },
		{ "dns_server", "300.0.0.1", DP_EX_DATAERR },
		{ "nope", "1", DP_EX_USAGE },
	};
	struct dp_err err;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		memset(&err, 0, sizeof(err));
		ck_assert_msg(config_check(cases[i].key, cases[i].value,
		    &err) == cases[i].code, "%s = '%s': got %d (%s)",
		    cases[i].key, cases[i].value, err.code, err.msg);
	}
}
END_TEST

START_TEST(test_host)
{
	struct config *c;
	char *h;
	int port = -1;

	c = load_ok("whois_server = whois.example.net:4343\n"
	    "irr_server = [2001:db8::1]:43\ncymru_server = 192.0.2.7\n");
	h = config_host(c, "whois_server", &port);
	ck_assert_str_eq(h, "whois.example.net");
	ck_assert_int_eq(port, 4343);
	free(h);
	h = config_host(c, "irr_server", &port);
	ck_assert_str_eq(h, "2001:db8::1");
	ck_assert_int_eq(port, 43);
	free(h);
	h = config_host(c, "cymru_server", &port);
	ck_assert_str_eq(h, "192.0.2.7");
	ck_assert_int_eq(port, 0);
	free(h);
	h = config_host(c, "cymru_peer_server", &port);
	ck_assert_str_eq(h, "v4-peer.whois.cymru.com");
	ck_assert_int_eq(port, 0);
	free(h);
	/* dns_server unset: "" (/etc/resolv.conf's servers). */
	port = -1;
	h = config_host(c, "dns_server", &port);
	ck_assert_str_eq(h, "");
	ck_assert_int_eq(port, 0);
	free(h);
	config_free(c);
	c = load_ok("dns_server = 127.0.0.1:5353\n");
	h = config_host(c, "dns_server", &port);
	ck_assert_str_eq(h, "127.0.0.1");
	ck_assert_int_eq(port, 5353);
	free(h);
	config_free(c);
}
END_TEST

START_TEST(test_net)
{
	struct dp_err err = DP_ERR_INIT;
	struct net_config want, nc;
	struct config *c;

	/* Defaults give net_config_default()'s numbers. */
	c = load_ok("");
	net_config_default(&want);
	ck_assert_int_eq(config_net(c, &nc, &err), 0);
	ck_assert_int_eq(nc.connect_timeout_ms, want.connect_timeout_ms);
	ck_assert_int_eq(nc.read_timeout_ms, want.read_timeout_ms);
	ck_assert_int_eq(nc.total_timeout_ms, want.total_timeout_ms);
	ck_assert_int_eq(nc.retries, want.retries);
	ck_assert_int_eq(nc.backoff_ms, want.backoff_ms);
	ck_assert_uint_eq(nc.max_reply, want.max_reply);
	ck_assert_int_eq(nc.max_redirects, want.max_redirects);
	ck_assert_int_eq(nc.max_wait_ms, want.max_wait_ms);
	ck_assert_ptr_eq(nc.limits, want.limits);
	/* "", not NULL: net_new() must not read the variables again. */
	ck_assert_ptr_nonnull(nc.connect_to);
	ck_assert_str_eq(nc.connect_to, "");
	ck_assert_str_eq(nc.ca_bundle, "");
	config_free(c);

	setenv("DEPEER_BACKOFF_MS", "100", 1);
	setenv("DEPEER_CA_BUNDLE", "/env/ca.pem", 1);
	c = load_ok("connect_timeout_ms = 1500\nread_timeout_ms = 800\n"
	    "total_timeout_ms = 9000\nretries = 0\nbackoff_ms = 5\n"
	    "connect_to = whois.iana.org:43:127.0.0.1:4343\n"
	    "ca_bundle = /file/ca.pem\n");
	ck_assert_int_eq(config_net(c, &nc, &err), 0);
	ck_assert_int_eq(nc.connect_timeout_ms, 1500);
	ck_assert_int_eq(nc.read_timeout_ms, 800);
	ck_assert_int_eq(nc.total_timeout_ms, 9000);
	ck_assert_int_eq(nc.retries, 0);
	ck_assert_int_eq(nc.backoff_ms, 100);
	ck_assert_str_eq(nc.connect_to, "whois.iana.org:43:127.0.0.1:4343");
	ck_assert_str_eq(nc.ca_bundle, "/env/ca.pem");
	config_free(c);
}
END_TEST

/* ---- set and unset ---- */

static void
set_ok(const char *path, const char *key, const char *value, int changed)
{
	struct dp_err err = DP_ERR_INIT;
	int ch = -1;

	ck_assert_msg(config_set_file(path, key, value, &ch, &err) == 0,
	    "set %s: %s", key, err.msg);
	ck_assert_int_eq(ch, changed);
}

static void
unset_ok(const char *path, const char *key, int changed)
{
	struct dp_err err = DP_ERR_INIT;
	int ch = -1;

	ck_assert_msg(config_unset_file(path, key, &ch, &err) == 0,
	    "unset %s: %s", key, err.msg);
	ck_assert_int_eq(ch, changed);
}

static void
assert_file(const char *path, const char *want)
{
	char *got = slurp(path);

	ck_assert_msg(strcmp(got, want) == 0, "file is:\n%s\nwanted:\n%s",
	    got, want);
	free(got);
}

/* No temporary files left beside path's file. */
static void
assert_no_temp(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL)
		ck_assert_msg(strstr(e->d_name, ".tmp") == NULL,
		    "left behind: %s", e->d_name);
	closedir(d);
}

START_TEST(test_set_keeps_lines)
{
	static const char before[] =
	    "# my settings\n"
	    "\n"
	    "whois_server   =   whois.old.example   \n"
	    "  # about the IRR\n"
	    "irr_server = irr.example\r\n"
	    "ttl = 60";
	char *p = tpath("config");
	struct config *c;
	struct dp_err err = DP_ERR_INIT;
	struct stat st;

	put(p, before, strlen(before));
	set_ok(p, "whois_server", "whois.new.example:4343", 1);
	assert_file(p, "# my settings\n"
	    "\n"
	    "whois_server = whois.new.example:4343\n"
	    "  # about the IRR\n"
	    "irr_server = irr.example\r\n"
	    "ttl = 60");
	/* CRLF kept on a replaced line; an open last line stays open. */
	set_ok(p, "irr_server", "irr2.example", 1);
	set_ok(p, "ttl", "61", 1);
	assert_file(p, "# my settings\n"
	    "\n"
	    "whois_server = whois.new.example:4343\n"
	    "  # about the IRR\n"
	    "irr_server = irr2.example\r\n"
	    "ttl = 61");
	/* Appending ends the open line first. */
	set_ok(p, "retries", "1", 1);
	set_ok(p, "db", "/tmp/sp ace.db ", 1);
	assert_file(p, "# my settings\n"
	    "\n"
	    "whois_server = whois.new.example:4343\n"
	    "  # about the IRR\n"
	    "irr_server = irr2.example\r\n"
	    "ttl = 61\n"
	    "retries = 1\n"
	    "db = \"/tmp/sp ace.db \"\n");
	/* The same value again changes nothing. */
	set_ok(p, "retries", "1", 0);
	/* It reads back. */
	ck_assert_int_eq(config_load(p, &c, &err), 0);
	ck_assert_str_eq(config_get(c, "db"), "/tmp/sp ace.db ");
	ck_assert_str_eq(config_get(c, "whois_server"),
	    "whois.new.example:4343");
	config_free(c);
	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0600);

	unset_ok(p, "whois_server", 1);
	unset_ok(p, "ttl", 1);
	unset_ok(p, "ttl", 0);
	unset_ok(p, "sourceapp", 0);
	assert_file(p, "# my settings\n"
	    "\n"
	    "  # about the IRR\n"
	    "irr_server = irr2.example\r\n"
	    "retries = 1\n"
	    "db = \"/tmp/sp ace.db \"\n");
	assert_no_temp(tdir);
	free(p);
}
END_TEST

START_TEST(test_set_creates)
{
	char *p = tpath("a/b/depeer/config"), *d;
	struct stat st;

	/* unset on a missing file creates nothing. */
	unset_ok(p, "ttl", 0);
	ck_assert_int_ne(access(p, F_OK), 0);
	d = tpath("a");
	ck_assert_int_ne(access(d, F_OK), 0);
	free(d);

	umask(022);
	set_ok(p, "sourceapp", "case-1", 1);
	assert_file(p, "sourceapp = case-1\n");
	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0600);
	d = tpath("a/b/depeer");
	ck_assert_int_eq(stat(d, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0700);
	free(d);
	d = tpath("a");
	ck_assert_int_eq(stat(d, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0700);
	free(d);

	/* A file readable by others becomes 0600 when rewritten. */
	ck_assert_int_eq(chmod(p, 0644), 0);
	set_ok(p, "sourceapp", "case-2", 1);
	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0600);
	free(p);
}
END_TEST

START_TEST(test_set_refuses)
{
	static const char broken[] = "ttl = 1\nwhois = x\n";
	struct dp_err err = DP_ERR_INIT;
	char *p = tpath("config");
	int ch = -1;

	put(p, "ttl = 1\n", 8);
	/* Bad values and keys: the file stays as it was. */
	ck_assert_int_eq(config_set_file(p, "ttl", "soon", &ch, &err),
	    DP_EX_DATAERR);
	ck_assert_int_eq(ch, 0);
	ck_assert_msg(strstr(err.msg, "'soon' is not a whole number") !=
	    NULL, "%s", err.msg);
	ck_assert_int_eq(config_set_file(p, "whois", "x.example", &ch, &err),
	    DP_EX_USAGE);
	ck_assert_int_eq(config_unset_file(p, "whois", &ch, &err),
	    DP_EX_USAGE);
	ck_assert_int_eq(config_set_file(p, "db", "/a\nttl = 2", &ch, &err),
	    DP_EX_DATAERR);
	ck_assert_int_eq(config_set_file(p, "db", "relative", &ch, &err),
	    DP_EX_DATAERR);
	assert_file(p, "ttl = 1\n");

	/* A broken file is not touched; the message says where. */
	put(p, broken, strlen(broken));
	memset(&err, 0, sizeof(err));
	ck_assert_int_eq(config_set_file(p, "ttl", "2", &ch, &err),
	    DP_EX_CONFIG);
	ck_assert_msg(strstr(err.msg, ":2: unknown key 'whois'; edit the "
	    "file by hand") != NULL, "%s", err.msg);
	ck_assert_int_eq(config_unset_file(p, "ttl", &ch, &err),
	    DP_EX_CONFIG);
	assert_file(p, broken);
	assert_no_temp(tdir);
	free(p);
}
END_TEST

START_TEST(test_set_write_fails)
{
	struct dp_err err = DP_ERR_INIT;
	struct rlimit rl, old;
	char *p = tpath("config"), *q;
	int ch = -1, rc;

	/*
	 * Files may not grow past 16 bytes while the set runs (this works
	 * as root too, where a read-only folder would not stop the write;
	 * Check's own files need the limit back at once).
	 */
	put(p, "ttl = 1\n", 8);
	signal(SIGXFSZ, SIG_IGN);
	ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
	rl = old;
	rl.rlim_cur = 16;
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &rl), 0);
	rc = config_set_file(p, "whois_server", "whois.example.net", &ch,
	    &err);
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &old), 0);
	ck_assert_int_eq(rc, DP_EX_IOERR);
	ck_assert_int_eq(ch, 0);
	ck_assert_msg(strstr(err.msg, "cannot write") != NULL, "%s",
	    err.msg);
	assert_file(p, "ttl = 1\n");
	assert_no_temp(tdir);

	/* A file in the way of the folder: refused, the file kept. */
	q = tpath("file/depeer/config");
	free(p);
	p = tpath("file");
	put(p, "x", 1);
	ck_assert_int_ne(config_set_file(q, "ttl", "1", &ch, &err), 0);
	assert_file(p, "x");
	free(p);
	free(q);

	/* A folder that cannot be made (not even by root). */
	if (access("/proc/self", F_OK) == 0) {
		ck_assert_int_eq(config_set_file("/proc/depeer-test/config",
		    "ttl", "1", &ch, &err), DP_EX_CANTCREAT);
		ck_assert_msg(strstr(err.msg, "cannot create '/proc/"
		    "depeer-test'") != NULL, "%s", err.msg);
	}
}
END_TEST

START_TEST(test_set_symlink)
{
	char *real = tpath("dotfiles-config"), *link = tpath("config");
	struct stat st;

	put(real, "# kept\n", 7);
	ck_assert_int_eq(symlink(real, link), 0);
	set_ok(link, "ttl", "5", 1);
	ck_assert_int_eq(lstat(link, &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	assert_file(real, "# kept\nttl = 5\n");
	free(real);
	free(link);
}
END_TEST

Suite *
config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc;

	tc = tcase_create("bugs");
	tcase_add_exit_test(tc, test_unknown_key_dies, DP_EX_SOFTWARE);
	tcase_add_exit_test(tc, test_int_of_string_dies, DP_EX_SOFTWARE);
	suite_add_tcase(s, tc);

	tc = tcase_create("parse");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_parse_good);
	tcase_add_test(tc, test_parse_bad);
	tcase_add_test(tc, test_nul_byte);
	tcase_add_test(tc, test_long_line);
	tcase_add_test(tc, test_big_file);
	tcase_add_test(tc, test_not_a_file);
	suite_add_tcase(s, tc);

	tc = tcase_create("sources");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_precedence);
	tcase_add_test(tc, test_env_bad);
	tcase_add_test(tc, test_path);
	tcase_add_test(tc, test_check);
	tcase_add_test(tc, test_host);
	tcase_add_test(tc, test_net);
	suite_add_tcase(s, tc);

	tc = tcase_create("set");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_set_keeps_lines);
	tcase_add_test(tc, test_set_creates);
	tcase_add_test(tc, test_set_refuses);
	tcase_add_test(tc, test_set_write_fails);
	tcase_add_test(tc, test_set_symlink);
	suite_add_tcase(s, tc);
	return s;
}
