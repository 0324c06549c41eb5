/*
 * xarfgen.c - writes XARF reports made by xarf.c from sample evidence
 * rows, one for each kind and indicator type, for tests/cli/t0203-xarf.sh
 * to validate against the XARF v4 schemas (tests/xarfcheck.py).  Not
 * installed.
 *
 *	xarfgen DIR
 *
 * writes DIR/NN-KIND.json per reportable row and DIR/skipped.txt, one
 * line "KIND INDICATOR: REASON" per row xarf.c does not report.  Exits 0,
 * or 1 with a message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "addr.h"
#include "evidence.h"
#include "hash.h"
#include "util.h"
#include "xarf.h"

static const struct ev_input rows[] = {
	{ "c2", "208.66.194.22", "2008-11-11T21:23:00Z", "Srizbi",
	  "honeypot", "C&C on port 80, \"GET /cfg\"" },
	{ "c2", "2001:db8::66", NULL, NULL, NULL, NULL },
	{ "c2", "208.66.192.0/22", "2008-11-01", "Rustock", "abuse.ch", NULL },
	{ "botnet-ctrl", "panel.evil.example", "2008-11-10 08:00", "Cutwail",
	  "researcher_analysis", "login panel,\nsecond line" },
	{ "c2", "http://cc.evil.example:8080/gate.php?id=1", NULL,
	  "Mega-D", NULL, NULL },
	{ "malware-host", "http://208.66.194.30/load/bot.exe",
	  "2008-11-09T12:00:00Z", "Srizbi", "crawler", NULL },
	{ "phishing", "https://secure-login.evil.example/bank/",
	  "2008-11-08T00:00:00Z", NULL, "user_report",
	  "cl\xc3\xb3n de banco \xe2\x80\x94 \xe6\x97\xa5\xe6\x9c\xac" },
	{ "malware-host", "208.66.194.31", NULL, NULL, NULL, NULL },
	{ "phishing", "evil.example", NULL, NULL, NULL, NULL },
	{ "spam-source", "208.66.195.1", "2008-11-07T00:00:00Z", NULL,
	  "spamtrap", NULL },
	{ "scan", "208.66.195.2", NULL, NULL, NULL, NULL },
	{ "other", "208.66.195.3", NULL, NULL, NULL, NULL },
};

int
main(int argc, char **argv)
{
	struct mailbox from = { "Ana Lima", "ana@cert.example" };
	struct xarf_ctx c = { "CERT Example \xe2\x80\x94 IR", &from,
		"4919f7b4.0123456789abcdef@cert.example" };
	struct dp_err err = DP_ERR_INIT;
	struct sha256 *h = sha256_new();
	FILE *skipped;
	size_t i;
	char *path;

	if (argc != 2) {
		fprintf(stderr, "usage: xarfgen DIR\n");
		return 1;
	}
	path = xasprintf("%s/skipped.txt", argv[1]);
	if ((skipped = fopen(path, "w")) == NULL) {
		fprintf(stderr, "xarfgen: cannot write %s\n", path);
		return 1;
	}
	free(path);
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		struct evidence e;
		json_t *r;

		memset(&e, 0, sizeof(e));
		if (evidence_from_input(&rows[i], &e, &err) != 0) {
			fprintf(stderr, "xarfgen: row %zu: %s\n", i, err.msg);
			return 1;
		}
		e.id = (int64_t)i + 1;
		e.provider_id = 1;
		e.recorded_at = 1226500000 + (int64_t)i;
		evidence_hash(&e, h);
		if (xarf_unreportable(&e) != NULL) {
			fprintf(skipped, "%s %s: %s\n", e.kind, e.indicator,
			    xarf_unreportable(&e));
			evidence_release(&e);
			continue;
		}
		if ((r = xarf_report(&e, &c, &err)) == NULL) {
			fprintf(stderr, "xarfgen: row %zu: %s\n", i, err.msg);
			return 1;
		}
		path = xasprintf("%s/%02zu-%s.json", argv[1], i + 1, e.kind);
		if (json_dump_file(r, path, JSON_INDENT(2)) != 0) {
			fprintf(stderr, "xarfgen: cannot write %s\n", path);
			return 1;
		}
		free(path);
		json_decref(r);
		evidence_release(&e);
	}
	sha256_free(h);
	return fclose(skipped) == 0 ? 0 : 1;
}
