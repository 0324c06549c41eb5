/*
 * fuzz_inbox_parse.c - libFuzzer target for inbox_parse() and
 * mailbox_split() (inbox_parse.c, mailbox.c), which read mail that
 * anyone can send to the researcher: any bytes must end in a clean
 * refusal or a filled record, never a crash, a hang or a leak.  What is
 * accepted must have
 *
 *   - every string valid UTF-8 without control characters, and each
 *     one the store keeps accepted by val_text() as one line of at most
 *     4096 bytes (the check of mail_store_add());
 *   - a From address, a class among the five, a reason;
 *   - a status of the form d.d.d when there is one;
 *
 * and the same bytes split as a mailbox must give messages that lie
 * within the input's size, each read the same way.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "inbox_parse.h"
#include "mailbox.h"
#include "validate.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
text(const char *s)
{
	if (s != NULL && (!fuzz_text_ok(s, strlen(s), "") ||
	    val_text("field", s, 4096, 0, NULL) != 0))
		abort();
}

static void
check(const void *p, size_t n)
{
	struct dp_err err = DP_ERR_INIT;
	struct inbox_msg m;
	size_t i;

	if (inbox_parse(p, n, "depeer", &m, &err) != 0)
		return;
	if (m.from_addr == NULL || m.why == NULL || m.cls > INBOX_DELIVERED)
		abort();
	text(m.message_id);
	text(m.from_addr);
	text(m.subject);
	text(m.in_reply_to);
	text(m.why);
	text(m.ticket);
	text(m.dsn_action);
	text(m.dsn_status);
	text(m.dsn_recipient);
	text(m.dsn_diagnostic);
	text(m.returned_id);
	for (i = 0; i < m.nrefs; i++)
		text(m.refs[i]);
	if (m.dsn_status != NULL && (strlen(m.dsn_status) < 5 ||
	    m.dsn_status[1] != '.'))
		abort();
	if (m.case_id < 0)
		abort();
	inbox_msg_release(&m);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dp_err err = DP_ERR_INIT;
	struct mbox_list l;
	size_t i;

	check(data, size);
	if (mailbox_split("input", data, size, 1 << 20, &l, &err) == 0) {
		for (i = 0; i < l.n; i++) {
			if (l.v[i].len > size)
				abort();
			check(l.v[i].data, l.v[i].len);
		}
		mbox_list_release(&l);
	}
	return 0;
}
