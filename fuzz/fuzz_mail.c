/*
 * fuzz_mail.c - libFuzzer target for mail_check() (mail.c), which reads
 * a complaint after a person edited it: any bytes must end in a clean
 * refusal or a filled mail_info, never a crash, a hang or a leak.  What
 * is accepted must have
 *
 *   - CRLF line ends only, no NUL, lines of at most 998 bytes and a
 *     7-bit header section (checked here again from the bytes);
 *   - a subject, From and To of valid UTF-8, and a message id;
 *
 * and the input with its line ends made CRLF by mail_crlf() must be
 * checked without a crash too (the path of "complaint edit").
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fuzz.h"
#include "mail.h"
#include "utf8.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_accepted(const char *m, size_t n, const struct mail_info *mi)
{
	size_t i, col = 0;
	int in_header = 1;

	for (i = 0; i < n; i++) {
		if (m[i] == '\0')
			abort();
		if (m[i] == '\r' && (i + 1 >= n || m[i + 1] != '\n'))
			abort();
		if (m[i] == '\n') {
			if (i == 0 || m[i - 1] != '\r')
				abort();
			if (col == 1)
				in_header = 0;
			col = 0;
			continue;
		}
		if (++col > 999 || (in_header && (unsigned char)m[i] >= 0x80))
			abort();
	}
	if (!utf8_valid(mi->subject, strlen(mi->subject), NULL) ||
	    !utf8_valid(mi->from, strlen(mi->from), NULL) ||
	    !utf8_valid(mi->to, strlen(mi->to), NULL) ||
	    *mi->message_id == '\0')
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dp_err err = DP_ERR_INIT;
	struct mail_info mi;
	struct buf b = BUF_INIT;

	if (mail_check(data, size, &mi, &err) == 0) {
		check_accepted((const char *)data, size, &mi);
		mail_info_release(&mi);
	}
	mail_crlf(data, size, &b);
	if (mail_check(b.s, b.len, &mi, &err) == 0) {
		check_accepted(b.s, b.len, &mi);
		mail_info_release(&mi);
	}
	buf_release(&b);
	return 0;
}
