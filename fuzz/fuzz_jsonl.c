/*
 * fuzz_jsonl.c - libFuzzer target for the JSON Lines evidence import
 * (evidence_import.c): each line of the input is read as a record the
 * way "evidence import" reads it, without a database.  Every record
 * accepted must
 *
 *   - have a kind from the list, a canonical indicator that is accepted
 *     again as the same type and the same text, and an observed time
 *     from 1970 to 9999;
 *   - have valid UTF-8 text without control characters (C0, DEL, C1),
 *     except the line breaks and tabs a note may hold, and one-line
 *     fields (indicator, family, source) without bidi overrides;
 *   - be written by evidence_json_write() as the same bytes jansson
 *     dumps of evidence_to_json() after print_json()'s escaping
 *     (termsafe.h), text that parses back and holds no raw control or
 *     bidi character;
 *   - import again from its own JSON to the same record (the same row
 *     hash): an export read back is the evidence as it was.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "clock.h"
#include "evidence.h"
#include "evidence_import.h"
#include "fuzz.h"
#include "hash.h"
#include "termsafe.h"
#include "validate.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The JSON Lines record of e's fields, as an export would write it. */
static char *
record_line(const struct evidence *e, const char *provider)
{
	json_t *o = evidence_to_json(e), *r = json_object();
	static const char *const keep[] = {
		"kind", "indicator", "observed_at", "family", "source",
		"note", NULL,
	};
	char *s;
	size_t i;

	for (i = 0; keep[i] != NULL; i++)
		json_object_set(r, keep[i], json_object_get(o, keep[i]));
	if (provider != NULL)
		json_object_set_new(r, "provider", json_string(provider));
	s = json_dumps(r, JSON_COMPACT);
	json_decref(o);
	json_decref(r);
	if (s == NULL)
		abort();
	return s;
}

static void
check_record(struct evidence *e, const char *provider)
{
	struct evidence e2;
	struct dp_err err = DP_ERR_INIT;
	struct buf b = BUF_INIT;
	struct sha256 *h;
	unsigned char h1[SHA256_LEN];
	enum ind_type t;
	json_t *o, *back;
	char *c, *dump, *raw, *line, *p2;
	size_t i, n;

	for (i = 0; evidence_kinds[i] != NULL; i++)
		if (strcmp(evidence_kinds[i], e->kind) == 0)
			break;
	if (evidence_kinds[i] == NULL)
		abort();
	if (val_indicator(e->indicator, &t, &c, NULL) != 0 ||
	    t != e->indicator_type || strcmp(c, e->indicator) != 0)
		abort();
	free(c);
	fuzz_check_name(e->indicator);
	if (e->has_observed && (e->observed_at < 0 ||
	    e->observed_at > CLOCK_MAX))
		abort();
	fuzz_check_text(e->kind);
	fuzz_check_name(e->family);
	fuzz_check_name(e->source);
	fuzz_check_lines(e->note);

	/* The listing's writer and jansson agree, and the text parses. */
	e->id = 1;
	e->recorded_at = 1226438580;
	e->provider_name = provider != NULL ? strdup(provider) : NULL;
	o = evidence_to_json(e);
	if ((raw = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER)) ==
	    NULL)
		abort();
	/* As print_json() shows jansson's text: DEL, C1, bidi escaped. */
	n = strlen(raw);
	dump = malloc(n + ts_json_extra(raw, n) + 1);
	if (dump == NULL)
		abort();
	ts_json_mem(dump, raw, n);
	free(raw);
	evidence_json_write(&b, e, 0);
	if (b.len != strlen(dump) || memcmp(b.s, dump, b.len) != 0)
		abort();
	fuzz_check_shown(b.s);
	if ((back = json_loadb(b.s, b.len, 0, NULL)) == NULL ||
	    !json_equal(back, o))
		abort();
	json_decref(back);
	json_decref(o);
	free(dump);
	buf_release(&b);

	/* Read back from its own JSON: the same record. */
	line = record_line(e, provider);
	memset(&e2, 0, sizeof(e2));
	if (evidence_import_jsonl_record(line, strlen(line), 1, &e2, &p2,
	    &err) != 0)
		abort();
	if ((provider == NULL) != (p2 == NULL) ||
	    (p2 != NULL && strcmp(p2, provider) != 0))
		abort();
	e2.id = e->id;
	e2.recorded_at = e->recorded_at;
	h = sha256_new();
	evidence_hash(e, h);
	memcpy(h1, e->row_hash, SHA256_LEN);
	evidence_hash(&e2, h);
	if (memcmp(h1, e2.row_hash, SHA256_LEN) != 0)
		abort();
	sha256_free(h);
	free(p2);
	free(line);
	evidence_release(&e2);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dp_err err = DP_ERR_INIT;
	struct evidence e;
	size_t i = 0, n, j;
	char *provider;
	long lineno = 0;

	while (i < size) {
		for (n = 0; i + n < size && data[i + n] != '\n'; n++)
			;
		lineno++;
		for (j = 0; j < n && (data[i + j] == ' ' ||
		    data[i + j] == '\t' || data[i + j] == '\r'); j++)
			;
		if (j < n) {	/* blank lines are skipped by the import */
			memset(&e, 0, sizeof(e));
			if (evidence_import_jsonl_record((const char *)data + i,
			    n, lineno, &e, &provider, &err) == 0)
				check_record(&e, provider);
			free(provider);
			evidence_release(&e);
		}
		i += n + 1;
	}
	return 0;
}
