/*
 * cmd_inbox.h - what "inbox import" and "complaint reply" print of a
 * message recorded (cmd_inbox.c).
 */
#ifndef DEPEER_CMD_INBOX_H
#define DEPEER_CMD_INBOX_H

#include <jansson.h>

struct inbox_outcome;

/*
 * {where, mail, duplicate, earlier, from, subject, date, class, why,
 * ticket, dsn_status, dsn_recipient, complaint, matched_by, state_before,
 * state, changed, unchanged}: a new reference.
 */
json_t	*inbox_outcome_json(const struct inbox_outcome *o);
/*
 * "complaint 3: mail 7 auto-reply, ticket X (in-reply-to): sent ->
 * acknowledged", or "... stays answered: why", on stdout.
 */
void	inbox_outcome_text(const struct inbox_outcome *o);

#endif
