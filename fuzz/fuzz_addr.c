/*
 * fuzz_addr.c - libFuzzer target for addr.c: any text as a mailbox.
 * What addr_parse_mailbox() accepts must
 *
 *   - have an address that addr_check_spec() accepts and that
 *     addr_normalize() leaves as it is (normalising twice changes
 *     nothing), ASCII only, at most 254 bytes, one '@' outside quotes;
 *   - have a display name (if any) of valid UTF-8 without control
 *     characters, at most 200 bytes;
 *   - make a message: as From and To of mail_build(), the result passes
 *     mail_check(), which reads back the same address.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "buf.h"
#include "fuzz.h"
#include "mail.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dp_err err = DP_ERR_INIT;
	struct mailbox m = { NULL, NULL };
	struct mail_spec s;
	struct mail_info mi;
	struct buf b = BUF_INIT;
	char *in, *again = NULL;
	const char *p;

	if (size > 4096)
		return 0;
	in = xstrndup((const char *)data, size);
	if (addr_parse_mailbox(in, &m, &err) != 0) {
		if (m.addr != NULL || m.name != NULL)
			abort();	/* filled on failure */
		free(in);
		return 0;
	}
	if (addr_normalize(m.addr, &again, &err) != 0 ||
	    strcmp(again, m.addr) != 0 || strlen(m.addr) > ADDR_MAX)
		abort();
	for (p = m.addr; *p != '\0'; p++)
		if ((unsigned char)*p >= 0x7f || (unsigned char)*p < ' ')
			abort();
	if (m.name != NULL && (strlen(m.name) > ADDR_MAX_NAME ||
	    !fuzz_text_ok(m.name, strlen(m.name), "")))
		abort();

	memset(&s, 0, sizeof(s));
	s.from = &m;
	s.to = &m;
	s.nto = 1;
	s.subject = "s";
	s.date = 1226438580;
	s.message_id = "1.2@fuzz.example";
	s.body = "b";
	if (mail_build(&s, &b, &err) != 0)
		abort();
	if (mail_check(b.s, b.len, &mi, &err) != 0 ||
	    strstr(mi.to, m.addr) == NULL)
		abort();
	mail_info_release(&mi);
	buf_release(&b);
	free(again);
	mailbox_release(&m);
	free(in);
	return 0;
}
