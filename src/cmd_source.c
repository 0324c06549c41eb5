/*
 * cmd_source.c - "depeer source show": a stored registry answer, byte for
 * byte (escaped on a terminal: print_answer()), with whom depeer asked,
 * what, and when.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "cmd.h"
#include "db.h"
#include "dns.h"
#include "exitcodes.h"
#include "numparse.h"
#include "source.h"
#include "validate.h"

/*
 * A DNS answer is binary: as text its records one a line (as dig shows
 * them) and the bytes in hex; as JSON its records and the bytes in
 * base64.
 */
static void
dns_text(const struct source *s)
{
	char *text = dns_format((const unsigned char *)s->content, s->size);
	size_t i, k;

	fputs(txm(text), stdout);
	free(text);
	printf(";; the answer as received, in hex:\n");
	for (i = 0; i < s->size; i += 16) {
		printf("%04zx ", i);
		for (k = i; k < i + 16 && k < s->size; k++)
			printf(" %02x", (unsigned char)s->content[k]);
		putchar('\n');
	}
}

static json_t *
dns_json(const struct source *s)
{
	struct dns_msg m;
	json_t *o, *a, *r;
	char tb[16], rb[16];
	size_t i;

	if (dns_parse((const unsigned char *)s->content, s->size, &m,
	    NULL) != 0)
		return json_null();
	o = json_object();
	json_object_set_new(o, "rcode", json_string(dns_rcode_name(m.rcode,
	    rb)));
	a = json_array();
	for (i = 0; i < m.nan; i++) {
		r = json_object();
		json_object_set_new(r, "name", json_string(m.an[i].name));
		json_object_set_new(r, "type", json_string(dns_type_name(
		    m.an[i].type, tb)));
		json_object_set_new(r, "ttl", json_integer(m.an[i].ttl));
		json_object_set_new(r, "data", m.an[i].data != NULL ?
		    json_string(m.an[i].data) : json_null());
		json_array_append_new(a, r);
	}
	json_object_set_new(o, "answers", a);
	dns_msg_release(&m);
	return o;
}

static json_t *
base64(const struct source *s)
{
	unsigned char *out = xmalloc(4 * ((s->size + 2) / 3) + 1);
	json_t *v;

	EVP_EncodeBlock(out, (const unsigned char *)s->content, (int)s->size);
	v = json_string((const char *)out);
	free(out);
	return v;
}

static int
source_show(const struct cmd_args *a, struct ctx *ctx)
{
	struct dp_err err = DP_ERR_INIT;
	struct source s;
	char t[TIME_STRLEN];
	long long id;
	json_t *o, *v;
	int rc;

	if (a->argc != 1) {
		error("'source show' needs one ID");
		return DP_EX_USAGE;
	}
	if (parse_num(NULL, a->argv[0], 1, INT64_MAX, &id, NULL) != 0) {
		error("'%s' is not a source id", a->argv[0]);
		return DP_EX_USAGE;
	}
	if ((rc = ctx_db(ctx)) != 0)
		return rc;
	if (db_source_get(ctx->db, id, &s, &err) != 0)
		return report(&err);
	if (ctx->json) {
		o = source_to_json(&s);
		json_object_set_new(o, "status", s.has_status ?
		    json_integer(s.status) : json_null());
		v = json_stringn(s.content, s.size);
		/* Bytes that are not UTF-8 cannot be a JSON string. */
		json_object_set_new(o, "content", v != NULL ? v :
		    json_null());
		if (strcmp(s.protocol, "dns") == 0) {
			json_object_set_new(o, "content_base64", base64(&s));
			json_object_set_new(o, "dns", dns_json(&s));
		}
		print_json(o);
	} else {
		fmt_time(s.fetched_at, t);
		printf("%% source %lld: %s %s\n%% query: %s\n%% fetched: %s\n"
		    "%% sha256: %s (%zu bytes)\n", (long long)s.id,
		    tx(s.protocol), tx(s.server), tx(s.query), t, s.sha256,
		    s.size);
		if (strcmp(s.protocol, "dns") == 0)
			dns_text(&s);
		else
			print_answer(s.content, s.size);
	}
	source_release(&s);
	return DP_EX_OK;
}

static const struct cmd_entry show_entry = {
	.name = "show",
	.summary = "print a stored registry answer",
	.about = "Print a stored registry answer byte for byte, with whom "
	    "depeer asked, what, and when.",
	.usage = "show ID [--json]",
	.flags = CMD_DB_READ,
	.exec = source_show,
	.man = "depeer-source",
};

const struct cmd_entry cmd_source_entry = {
	.name = "source",
	.summary = "show a stored registry answer",
	.usage = "source show ID [--json]",
	.subs = (const struct cmd_entry *const[]){ &show_entry, NULL },
	.man = "depeer-source",
};
