/*
 * mailgen.c - writes sample messages built by mail.c, for
 * tests/cli/t0202-mail.sh to hand to an independent parser
 * (tests/mailcheck.py: Python's email package, policy=strict) and to
 * gpg --verify.  Not installed.
 *
 *	mailgen DIR [KEY]
 *
 * writes DIR/NAME.eml, DIR/NAME.json (what mailcheck.py must find: the
 * subject, the addresses, the body, each attachment's type and the file
 * holding its bytes) and DIR/NAME.attN for the samples plain and intl;
 * with KEY also signed (intl signed with KEY).  Each message must also
 * pass mail_check() with the values it was built from.  Exits 0, or 1
 * with a message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "addr.h"
#include "buf.h"
#include "mail.h"
#include "util.h"

static const char csv[] =
	"id,kind,indicator,observed_at,family,note\r\n"
	"1,c2,208.66.194.22,2008-11-11T21:23:00Z,Srizbi,"
	"\"C&C, \"\"port\"\" 80\"\r\n"
	"2,phishing,http://evil.example/login?a=1&b=2,2008-11-10T08:00:00Z,,"
	"\"fran\xc3\xa7" "ais, "
	"\xd1\x80\xd1\x83\xd1\x81\xd1\x81\xd0\xba\xd0\xb8\xd0\xb9, "
	"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\"\r\n"
	"3,spam-source,2001:db8::25,2008-11-09T00:00:00Z,,\r\n";

static const char whois[] =
	"% Information related to 'AS64500'\n"
	"\n"
	"aut-num:        AS64500\n"
	"as-name:        MCCOLO-EXAMPLE\n"
	"descr:          Beispiel GmbH, D\xc3\xbc" "sseldorf\n"
	"import:         from AS64496 accept ANY\n"
	"source:         RIPE\n";

static const char json[] = "{\"xarf_version\":\"4.0.0\",\"category\":"
	"\"infrastructure\"}\n";

static const char body_intl[] =
	"Gr\xc3\xbc\xc3\x9f" "e aus K\xc3\xb6ln,\n"
	"\n"
	"AS64500 (Beispiel GmbH) hosts the command servers of the Srizbi "
	"botnet; this line is long on purpose, well past seventy-six columns.\n"
	"=3D and =?utf-8?q?x?= are text here, not encodings.\n"
	"From the start of a line.\n"
	".\n"
	"Evidence IDs: 1, 2, 3 \xe2\x80\x94 times in UTC.\n";

static struct mailbox from = { "J\xc3\xb6rg M\xc3\xbcller (CERT \xe2\x80\x94 "
	"Beispiel)", "jm@cert.example" };
static struct mailbox to_intl[] = {
	{ "NOC \xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd\xd0\xbe\xd0\xb2, Transit",
	  "abuse@transit.example" },
	{ NULL, "noc@b\xc3\xbc" "cher.example" },	/* A-labels: main() */
};
static struct mailbox cc_intl = { "\xe5\xb1\xb1\xe7\x94\xb0 \xe5\xa4\xaa"
	"\xe9\x83\x8e", "yamada@cert.example" };

static void
write_file(const char *dir, const char *name, const void *data, size_t len)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *fp = fopen(path, "wb");

	if (fp == NULL || fwrite(data, 1, len, fp) != len || fclose(fp) != 0) {
		fprintf(stderr, "mailgen: cannot write %s\n", path);
		exit(1);
	}
	free(path);
}

static json_t *
mb_json(const struct mailbox *m)
{
	return json_pack("[s?s]", m->name, m->addr);
}

/* Build s, write NAME.eml, NAME.json and the attachments. */
static void
sample(const char *dir, const char *name, const struct mail_spec *s)
{
	struct buf b = BUF_INIT;
	struct dp_err err = DP_ERR_INIT;
	struct mail_info mi;
	json_t *exp, *a, *tos;
	char *fn, *text;
	size_t i;

	if (mail_build(s, &b, &err) != 0) {
		fprintf(stderr, "mailgen: %s: %s\n", name, err.msg);
		exit(1);
	}
	/* What mail_build() makes, mail_check() must accept as it is. */
	if (mail_check(b.s, b.len, &mi, &err) != 0) {
		fprintf(stderr, "mailgen: %s: mail_check: %s\n", name,
		    err.msg);
		exit(1);
	}
	if (strcmp(mi.subject, s->subject) != 0 ||
	    strcmp(mi.message_id, s->message_id) != 0 ||
	    mi.date_unix != s->date || mi.is_signed != (s->sign_key != NULL)) {
		fprintf(stderr, "mailgen: %s: mail_check read other values\n",
		    name);
		exit(1);
	}
	mail_info_release(&mi);
	fn = xasprintf("%s.eml", name);
	write_file(dir, fn, b.s, b.len);
	free(fn);
	tos = json_array();
	for (i = 0; i < s->nto; i++)
		json_array_append_new(tos, mb_json(&s->to[i]));
	exp = json_pack("{s:s, s:o, s:o, s:s, s:s, s:I, s:b}",
	    "subject", s->subject, "from", mb_json(s->from), "to", tos,
	    "message_id", s->message_id, "body", s->body,
	    "date", (json_int_t)s->date, "signed", s->sign_key != NULL);
	if (s->ncc > 0)
		json_object_set_new(exp, "cc", json_pack("[o]",
		    mb_json(&s->cc[0])));
	a = json_array();
	for (i = 0; i < s->natt; i++) {
		fn = xasprintf("%s.att%zu", name, i);
		write_file(dir, fn, s->att[i].data, s->att[i].len);
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s?}",
		    "filename", s->att[i].filename, "content_type",
		    s->att[i].content_type, "file", fn, "description",
		    s->att[i].description));
		free(fn);
	}
	json_object_set_new(exp, "attachments", a);
	text = json_dumps(exp, JSON_INDENT(1) | JSON_SORT_KEYS);
	fn = xasprintf("%s.json", name);
	write_file(dir, fn, text, strlen(text));
	free(fn);
	free(text);
	json_decref(exp);
	buf_release(&b);
}

int
main(int argc, char **argv)
{
	struct mail_spec s;
	struct mail_attachment att[3];
	struct mailbox plain_from = { NULL, "reports@cert.example" };
	struct mailbox plain_to = { "Abuse Desk", "abuse@transit.example" };
	struct dp_err err = DP_ERR_INIT;
	char *idn;

	if (argc != 2 && argc != 3) {
		fprintf(stderr, "usage: mailgen DIR [KEY]\n");
		return 1;
	}
	if (addr_normalize(to_intl[1].addr, &idn, &err) != 0) {
		fprintf(stderr, "mailgen: %s\n", err.msg);
		return 1;
	}
	to_intl[1].addr = idn;

	memset(&s, 0, sizeof(s));
	s.from = &plain_from;
	s.to = &plain_to;
	s.nto = 1;
	s.subject = "[depeer #7] AS64500: command servers of a botnet";
	s.date = 1226438580;
	s.message_id = "4919f7b4.0123456789abcdef@cert.example";
	s.body = "Hello,\n\nplain ASCII, short lines.\n";
	sample(argv[1], "plain", &s);

	memset(att, 0, sizeof(att));
	att[0].filename = "evidence.csv";
	att[0].content_type = "text/csv; charset=utf-8";
	att[0].data = csv;
	att[0].len = sizeof(csv) - 1;
	att[0].description = "Evidence rows 1-3, live indicators, UTC";
	att[1].filename = "whois-AS64500-d\xc3\xbc" "sseldorf.txt";
	att[1].content_type = "text/plain; charset=utf-8";
	att[1].data = whois;
	att[1].len = sizeof(whois) - 1;
	att[1].description = "WHOIS answer of whois.ripe.net, 2008-11-11 "
	    "\xe2\x80\x94 SHA-256 in the body";
	att[2].filename = "xarf-1.json";
	att[2].content_type = "application/json";
	att[2].data = json;
	att[2].len = sizeof(json) - 1;
	s.from = &from;
	s.to = to_intl;
	s.nto = 2;
	s.cc = &cc_intl;
	s.ncc = 1;
	s.subject = "[depeer #42] Beschwerde: AS64500 \xe2\x80\x94 "
	    "\xd0\xb1\xd0\xbe\xd1\x82\xd0\xbd\xd0\xb5\xd1\x82 C&C \xe6\x97\xa5"
	    "\xe6\x9c\xac, a subject long enough that it has to be folded "
	    "over more than one line";
	s.message_id = "4919f7b4.fedcba9876543210@cert.example";
	s.body = body_intl;
	s.att = att;
	s.natt = 3;
	sample(argv[1], "intl", &s);

	if (argc == 3) {
		s.sign_key = argv[2];
		s.message_id = "4919f7b4.5555@cert.example";
		sample(argv[1], "signed", &s);
	}
	free(idn);
	return 0;
}
