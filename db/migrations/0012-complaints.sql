-- 0012-complaints: the complaints drafted from a case, each with every
-- version of its message, exactly as built, and the stored registry
-- answers it attaches.
--
-- complaints: one row per complaint.  upstream_asn is the AS whose abuse
-- desk it goes to (NULL for a complaint sent with --to, or one that
-- covers several ASes sharing one abuse address).  to_addrs and cc_addrs
-- are JSON arrays of addr-specs ('[]' for no Cc), kept in step with the
-- current message's headers.  state holds every state a complaint can
-- reach, also those of the sending and tracking commands to come, so
-- that they need no migration.  version is the current message version
-- (complaint_messages), audit_seq the entry that recorded it.
--
-- What the message cites of the evidence: the selection it was drafted
-- with (sel_kinds, a JSON array of kinds, NULL for all; sel_since, NULL
-- for no lower bound) and max_evidence_id, the last evidence id in its
-- evidence.csv (ordered by id): the rows it cites are the provider's
-- rows in that selection with id <= max_evidence_id (NULL: none), less
-- those retracted before it was drafted.  A row of those retracted
-- after it makes the draft stale.
CREATE TABLE complaints (
	id		INTEGER PRIMARY KEY,
	provider_id	INTEGER NOT NULL REFERENCES providers(id),
	upstream_asn	INTEGER CHECK (upstream_asn IS NULL OR
			upstream_asn BETWEEN 1 AND 4294967295),
	template	TEXT NOT NULL CHECK (length(template) >= 1),
	from_addr	TEXT NOT NULL CHECK (length(from_addr) >= 3),
	to_addrs	TEXT NOT NULL CHECK (json_valid(to_addrs) AND
			json_type(to_addrs) = 'array'),
	cc_addrs	TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(cc_addrs)
			AND json_type(cc_addrs) = 'array'),
	subject		TEXT NOT NULL,
	message_id	TEXT NOT NULL UNIQUE CHECK (length(message_id) >= 3),
	state		TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft',
			'queued', 'sending', 'sent', 'acknowledged',
			'answered', 'bounced', 'escalated', 'resolved',
			'rejected', 'no-response')),
	due_at		INTEGER,
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL,
	version		INTEGER NOT NULL CHECK (version >= 1),
	sel_kinds	TEXT CHECK (sel_kinds IS NULL OR (json_valid(sel_kinds)
			AND json_type(sel_kinds) = 'array')),
	sel_since	INTEGER,
	max_evidence_id	INTEGER,
	audit_seq	INTEGER NOT NULL REFERENCES audit_log(seq)
			DEFERRABLE INITIALLY DEFERRED
) STRICT;
CREATE INDEX complaints_provider ON complaints(provider_id);

-- Every version of a complaint's message: the exact bytes (CRLF line
-- ends, as on the wire), their SHA-256 and size, and the entry that
-- recorded the version (complaint.draft for 1, complaint.edit after).
-- A message is bounded by max_message_size (at most 50,000,000 bytes),
-- well inside one blob, so it is not cut into artifact chunks.
CREATE TABLE complaint_messages (
	complaint_id	INTEGER NOT NULL REFERENCES complaints(id),
	version		INTEGER NOT NULL CHECK (version >= 1),
	message		BLOB NOT NULL,
	sha256		TEXT NOT NULL CHECK (length(sha256) = 64),
	size		INTEGER NOT NULL CHECK (size >= 0),
	created_at	INTEGER NOT NULL,
	audit_seq	INTEGER NOT NULL REFERENCES audit_log(seq)
			DEFERRABLE INITIALLY DEFERRED,
	PRIMARY KEY (complaint_id, version)
) STRICT;

-- The stored registry answers a complaint attaches, byte for byte.
CREATE TABLE complaint_sources (
	complaint_id	INTEGER NOT NULL REFERENCES complaints(id),
	source_id	INTEGER NOT NULL REFERENCES sources(id),
	PRIMARY KEY (complaint_id, source_id)
) STRICT;
