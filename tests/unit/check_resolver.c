/*
 * check_resolver.c - the resolver built from a configuration: endpoints
 * from config.c's defaults or the environment, Team Cymru's source label,
 * the bundled RDAP bootstrap, the freshness of --ttl.
 */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "resolver.h"
#include "testutil.h"

static struct config *
load(void)
{
	struct config *c = NULL;
	struct dp_err err = DP_ERR_INIT;
	size_t i;
	const char *k;

	for (i = 0; (k = config_key(i)) != NULL; i++)
		unsetenv(config_env_name(k));
	unsetenv("DEPEER_CONFIG");
	ck_assert_msg(config_load("/nonexistent/depeer/config", &c, &err) ==
	    0, "%s", err.msg);
	return c;
}

START_TEST(test_defaults)
{
	struct config *c = load();
	struct dp_err err = DP_ERR_INIT;
	struct resolver r;

	ck_assert_msg(resolver_init(&r, c, NULL, 0, 3600, &err) == 0, "%s",
	    err.msg);
	ck_assert_str_eq(r.ep.whois.name, config_default("whois_server"));
	ck_assert_int_eq(r.ep.whois.port, 43);
	ck_assert_str_eq(r.ep.irr.name, config_default("irr_server"));
	ck_assert_str_eq(r.ep.ripestat, config_default("ripestat_url"));
	ck_assert_str_eq(r.cymru_label, "whois.cymru.com:43");
	ck_assert_ptr_nonnull(r.net);
	/* No database: nothing is served from a store. */
	ck_assert_ptr_null(srcstore_reader(&r.store));
	ck_assert_int_eq(resolver_load_bootstrap(&r, &err), 0);
	ck_assert(r.have_boot);
	resolver_release(&r);
	config_free(c);
}
END_TEST

START_TEST(test_environment)
{
	struct config *c;
	struct dp_err err = DP_ERR_INIT;
	struct resolver r;

	c = load();
	config_free(c);
	setenv("DEPEER_CYMRU_SERVER", "cymru.example:4343", 1);
	setenv("DEPEER_WHOIS_SERVER", "[2001:db8::43]", 1);
	ck_assert_int_eq(config_load("/nonexistent/depeer/config", &c, &err),
	    0);
	ck_assert_int_eq(resolver_init(&r, c, NULL, 0, 3600, &err), 0);
	ck_assert_str_eq(r.cymru_label, "cymru.example:4343");
	ck_assert_str_eq(r.ep.whois.name, "2001:db8::43");
	ck_assert_int_eq(r.ep.whois.port, 43);
	resolver_release(&r);
	config_free(c);
}
END_TEST

START_TEST(test_ttl)
{
	long long t = 7;

	ck_assert_int_eq(resolver_ttl_parse("0", &t), 0);
	ck_assert_int_eq(t, 0);
	ck_assert_int_eq(resolver_ttl_parse("86400", &t), 0);
	ck_assert_int_eq(t, 86400);
	ck_assert_int_eq(resolver_ttl_parse("", &t), -1);
	ck_assert_int_eq(resolver_ttl_parse("-1", &t), -1);
	ck_assert_int_eq(resolver_ttl_parse("1h", &t), -1);
	ck_assert_int_eq(resolver_ttl_parse("99999999999999999999", &t), -1);
	ck_assert_int_eq(t, 86400);
}
END_TEST

Suite *
resolver_suite(void)
{
	Suite *s = suite_create("resolver");
	TCase *tc = tcase_create("config");

	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_environment);
	tcase_add_test(tc, test_ttl);
	suite_add_tcase(s, tc);
	return s;
}
