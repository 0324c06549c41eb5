-- 0002-sources: every raw answer a registry gave depeer (WHOIS, rwhois,
-- RDAP, Team Cymru, RIPEstat, IRR), byte for byte, with whom it asked,
-- what, and when.  Facts shown to the user name the source they came from,
-- and "depeer source show ID" prints it.  Sources are the proof behind a
-- complaint, so they are covered by the audit log like evidence: each
-- lookup that stores sources appends one entry listing their hashes.

CREATE TABLE sources (
	id		INTEGER PRIMARY KEY,
	protocol	TEXT NOT NULL CHECK (protocol = 'whois' OR
			protocol = 'rwhois' OR protocol = 'rdap' OR
			protocol = 'cymru' OR protocol = 'ripestat' OR
			protocol = 'irr'),
	server		TEXT NOT NULL,	-- "whois.arin.net:43", "rdap.arin.net"
	query		TEXT NOT NULL,	-- the query line, or the URL
	fetched_at	INTEGER NOT NULL,
	status		INTEGER,	-- HTTP status; NULL for WHOIS
	content		BLOB NOT NULL,
	size		INTEGER NOT NULL CHECK (size >= 0),
	sha256		TEXT NOT NULL CHECK (length(sha256) = 64),
	audit_seq	INTEGER NOT NULL REFERENCES audit_log(seq)
			DEFERRABLE INITIALLY DEFERRED
);
-- The cache: the newest answer to the same question.
CREATE INDEX sources_question ON sources(protocol, server, query,
	fetched_at);
