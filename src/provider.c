/*
 * provider.c - the provider record: its lists of networks, the rules for
 * its name and facts, and its JSON form.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "exitcodes.h"
#include "jsonout.h"
#include "provider.h"
#include "termsafe.h"

void
provider_release(struct provider *p)
{
	free(p->name);
	free(p->country);
	free(p->url);
	free(p->note);
	free(p->asns);
	free(p->prefixes);
	free(p->retired_reason);
	memset(p, 0, sizeof(*p));
}

int
provider_add_asn(struct provider *p, uint32_t asn)
{
	size_t i;

	for (i = 0; i < p->nasns; i++)
		if (p->asns[i] == asn)
			return 0;
	p->asns = xrealloc(p->asns, (p->nasns + 1) * sizeof(*p->asns));
	p->asns[p->nasns++] = asn;
	return 1;
}

/* ipnet_compare() for qsort(). */
static int
ipnet_cmp(const void *a, const void *b)
{
	return ipnet_compare(a, b);
}

int
provider_add_prefix(struct provider *p, const struct ipnet *n)
{
	size_t i;

	for (i = 0; i < p->nprefixes; i++)
		if (ipnet_cmp(&p->prefixes[i], n) == 0)
			return 0;
	p->prefixes = xrealloc(p->prefixes,
	    (p->nprefixes + 1) * sizeof(*p->prefixes));
	p->prefixes[p->nprefixes++] = *n;
	return 1;
}

static int
u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

void
provider_sort(struct provider *p)
{
	if (p->nasns > 1)
		qsort(p->asns, p->nasns, sizeof(*p->asns), u32_cmp);
	if (p->nprefixes > 1)
		qsort(p->prefixes, p->nprefixes, sizeof(*p->prefixes),
		    ipnet_cmp);
}

int
provider_name_valid(const char *name, struct dp_err *err)
{
	size_t len = strlen(name), i, digits = 0;
	unsigned long cp;

	if (len == 0)
		return dp_fail(err, DP_EX_DATAERR, "a provider name cannot "
		    "be empty");
	if (len > 200)
		return dp_fail(err, DP_EX_DATAERR, "provider name is %zu "
		    "bytes; the limit is 200", len);
	if (!utf8_valid(name, len, NULL))
		return dp_fail(err, DP_EX_DATAERR, "provider name is not "
		    "valid UTF-8");
	/* C1 controls and bidi overrides as well as C0 and DEL. */
	if (ts_find_control(name, len, 0, &i, &cp))
		return dp_fail(err, DP_EX_DATAERR, "provider name "
		    "contains a control character");
	if (ts_find_bidi(name, len, &i, &cp))
		return dp_fail(err, DP_EX_DATAERR, "provider name contains "
		    "a bidirectional control character (U+%04lX)", cp);
	for (i = 0; i < len; i++)
		if (name[i] >= '0' && name[i] <= '9')
			digits++;
	if (name[0] == ' ' || name[len - 1] == ' ')
		return dp_fail(err, DP_EX_DATAERR, "provider name '%s' "
		    "starts or ends with a space", name);
	if (digits == len)
		return dp_fail(err, DP_EX_DATAERR, "provider name '%s' is all "
		    "digits, which would read as an id", name);
	return 0;
}

json_t *
provider_to_json(const struct provider *p)
{
	json_t *o, *asns, *prefixes, *r;
	char text[IPNET_STRLEN];
	size_t i;

	asns = json_array();
	for (i = 0; i < p->nasns; i++)
		json_array_append_new(asns, json_integer(p->asns[i]));
	prefixes = json_array();
	for (i = 0; i < p->nprefixes; i++) {
		ipnet_format(&p->prefixes[i], text, sizeof(text));
		json_array_append_new(prefixes, json_string(text));
	}
	o = json_object();
	json_object_set_new(o, "id", json_integer(p->id));
	json_object_set_new(o, "name", json_str_or_null(p->name));
	json_object_set_new(o, "asns", asns);
	json_object_set_new(o, "prefixes", prefixes);
	json_object_set_new(o, "country", json_str_or_null(p->country));
	json_object_set_new(o, "url", json_str_or_null(p->url));
	json_object_set_new(o, "note", json_str_or_null(p->note));
	json_object_set_new(o, "created_at",
	    json_time_or_null(1, p->created_at));
	if (p->retired_at != 0) {
		r = json_object();
		json_object_set_new(r, "at", json_time_or_null(1,
		    p->retired_at));
		json_object_set_new(r, "reason",
		    json_str_or_null(p->retired_reason));
		json_object_set_new(r, "merged_into", p->merged_into != 0 ?
		    json_integer(p->merged_into) : json_null());
	} else
		r = json_null();
	json_object_set_new(o, "retired", r);
	return o;
}

int
provider_reason_valid(const char *opt, const char *reason,
    struct dp_err *err)
{
	if (*reason == '\0')
		return dp_fail(err, DP_EX_DATAERR, "%s cannot be empty: say "
		    "why, for whoever reads the case later", opt);
	return val_text(opt, reason, PROVIDER_MAX_NOTE, 1, err);
}

int
provider_set(struct provider *p, enum provider_field f, const char *value,
    struct dp_err *err)
{
	char **field, cc[3], *canon = NULL;
	int rc;

	field = f == PROVIDER_COUNTRY ? &p->country : f == PROVIDER_URL ?
	    &p->url : &p->note;
	free(*field);
	*field = NULL;
	if (*value == '\0')
		return 0;
	switch (f) {
	case PROVIDER_COUNTRY:
		if ((rc = val_country(value, cc, err)) != 0)
			return rc;
		*field = xstrdup(cc);
		break;
	case PROVIDER_URL:
		if ((rc = val_url(value, &canon, err)) != 0)
			return rc;
		if (strncmp(canon, "http://", 7) != 0 &&
		    strncmp(canon, "https://", 8) != 0) {
			free(canon);
			return dp_fail(err, DP_EX_DATAERR, "--url '%s': "
			    "expected an http or https URL", value);
		}
		*field = canon;
		break;
	case PROVIDER_NOTE:
		if ((rc = val_text("--note", value, PROVIDER_MAX_NOTE, 1,
		    err)) != 0)
			return rc;
		*field = xstrdup(value);
		break;
	}
	return 0;
}
