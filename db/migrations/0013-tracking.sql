-- 0013-tracking: what happens to a complaint after it is drafted.
--
-- mails: every message read back (an auto-reply, a human answer, a
-- bounce) or recorded by hand, exactly as it came (the bytes, their
-- SHA-256 and size), with what depeer read from it: its Message-ID,
-- From, Subject and Date, its class, the ticket number or the delivery
-- status it carries, and the complaint it was matched to (NULL: none
-- yet) and how.  A message is bounded by max_message_size (at most
-- 50,000,000 bytes), so it is one blob, like a complaint's message.
CREATE TABLE mails (
	id		INTEGER PRIMARY KEY,
	sha256		TEXT NOT NULL CHECK (length(sha256) = 64),
	message		BLOB NOT NULL,
	size		INTEGER NOT NULL CHECK (size >= 0),
	message_id	TEXT CHECK (message_id IS NULL OR
			length(message_id) >= 1),
	from_addr	TEXT,
	subject		TEXT,
	date		INTEGER,
	imported_at	INTEGER NOT NULL,
	origin		TEXT NOT NULL CHECK (origin IN ('import', 'hand')),
	class		TEXT NOT NULL CHECK (class IN ('auto-reply', 'reply',
			'bounce', 'delay', 'delivered')),
	ticket		TEXT,
	dsn_status	TEXT,
	dsn_recipient	TEXT,
	complaint_id	INTEGER REFERENCES complaints(id),
	matched_by	TEXT CHECK ((complaint_id IS NULL AND matched_by IS
			NULL) OR (complaint_id IS NOT NULL AND matched_by IN
			('in-reply-to', 'references', 'returned-headers',
			'case-tag', 'ticket', 'hand'))),
	audit_seq	INTEGER NOT NULL REFERENCES audit_log(seq)
			DEFERRABLE INITIALLY DEFERRED
) STRICT;
CREATE INDEX mails_sha256 ON mails(sha256);
CREATE INDEX mails_message_id ON mails(message_id)
	WHERE message_id IS NOT NULL;
CREATE INDEX mails_complaint ON mails(complaint_id);
CREATE INDEX mails_ticket ON mails(ticket) WHERE ticket IS NOT NULL;
-- A row is written before its audit entry, whose insertion then looks
-- for the rows that wait for it (the deferred reference): without an
-- index, a scan of every mail for each entry, quadratic in an import.
CREATE INDEX mails_audit_seq ON mails(audit_seq);

-- complaint_events: every change of a complaint's state after its draft,
-- with who made it (the researcher by hand, "complaint send", a reply
-- read) and what caused it: a send attempt's number, where it went and
-- the server's final reply (or what went wrong), the mail that came
-- back, a ticket number, a bounce's status code.  The audit entry of the
-- change (complaint.status) records the same.
CREATE TABLE complaint_events (
	id		INTEGER PRIMARY KEY,
	complaint_id	INTEGER NOT NULL REFERENCES complaints(id),
	at		INTEGER NOT NULL,
	by		TEXT NOT NULL CHECK (by IN ('hand', 'send', 'inbox')),
	from_state	TEXT NOT NULL,
	to_state	TEXT NOT NULL,
	note		TEXT,
	attempt		INTEGER CHECK (attempt IS NULL OR attempt >= 1),
	reply		TEXT,
	via		TEXT,
	mail_id		INTEGER REFERENCES mails(id),
	ticket		TEXT,
	dsn_status	TEXT,
	audit_seq	INTEGER NOT NULL UNIQUE REFERENCES audit_log(seq)
			DEFERRABLE INITIALLY DEFERRED
) STRICT;
CREATE INDEX complaint_events_complaint ON complaint_events(complaint_id);
CREATE INDEX complaint_events_ticket ON complaint_events(ticket)
	WHERE ticket IS NOT NULL;

-- The changes "complaint status" made before this version, from their
-- audit entries (subject "complaint:<id>", "status": {from, to, note}).
INSERT INTO complaint_events (complaint_id, at, by, from_state, to_state,
	note, audit_seq)
	SELECT CAST(substr(subject, 11) AS INTEGER), at, 'hand',
		json_extract(payload, '$.status.from'),
		json_extract(payload, '$.status.to'),
		json_extract(payload, '$.status.note'), seq
	FROM audit_log WHERE action = 'complaint.status' ORDER BY seq;

-- complaint_links: a follow-up or an escalation drafted from a
-- complaint, or the complaint to the next contact after a bounce.
CREATE TABLE complaint_links (
	child		INTEGER PRIMARY KEY REFERENCES complaints(id),
	parent		INTEGER NOT NULL REFERENCES complaints(id),
	kind		TEXT NOT NULL CHECK (kind IN ('follow-up',
			'escalation', 'next-contact')),
	audit_seq	INTEGER NOT NULL REFERENCES audit_log(seq)
			DEFERRABLE INITIALLY DEFERRED,
	CHECK (child <> parent)
) STRICT;
CREATE INDEX complaint_links_parent ON complaint_links(parent);
CREATE INDEX complaint_links_audit_seq ON complaint_links(audit_seq);
