-- 0009-dns-sources: DNS answers are sources too.  "depeer lookup DOMAIN"
-- keeps the resolver's answer (A, AAAA, the CNAMEs on the way, and an
-- NXDOMAIN) byte for byte like a registry's, under the protocol 'dns'.
--
-- A CHECK constraint cannot be altered in place, so sources is rebuilt
-- (create, copy, drop, rename) with the same columns and ids.  Migrations
-- run with foreign keys on and inside a transaction, where they cannot be
-- switched off, and source_ranges and upstream_evidence refer to sources:
-- their rows are set aside in temporary tables while the parent is
-- rebuilt, then put back, so that no reference ever dangles.

CREATE TEMP TABLE source_ranges_0009 AS SELECT * FROM source_ranges;
CREATE TEMP TABLE upstream_evidence_0009 AS SELECT * FROM upstream_evidence;
DELETE FROM source_ranges;
DELETE FROM upstream_evidence;

CREATE TABLE sources_0009 (
	id		INTEGER PRIMARY KEY,
	protocol	TEXT NOT NULL CHECK (protocol = 'whois' OR
			protocol = 'rwhois' OR protocol = 'rdap' OR
			protocol = 'cymru' OR protocol = 'ripestat' OR
			protocol = 'irr' OR protocol = 'dns'),
	server		TEXT NOT NULL,	-- "whois.arin.net:43", "rdap.arin.net",
					-- the resolver "192.0.2.53:53"
	query		TEXT NOT NULL,	-- the query line, the URL, or
					-- "NAME. IN TYPE"
	fetched_at	INTEGER NOT NULL,
	status		INTEGER,	-- HTTP status; NULL for WHOIS, DNS
	content		BLOB NOT NULL,
	size		INTEGER NOT NULL CHECK (size >= 0),
	sha256		TEXT NOT NULL CHECK (length(sha256) = 64),
	audit_seq	INTEGER NOT NULL REFERENCES audit_log(seq)
			DEFERRABLE INITIALLY DEFERRED
);
INSERT INTO sources_0009 (id, protocol, server, query, fetched_at, status,
    content, size, sha256, audit_seq)
SELECT id, protocol, server, query, fetched_at, status, content, size,
	sha256, audit_seq
FROM sources;
DROP TABLE sources;
ALTER TABLE sources_0009 RENAME TO sources;
CREATE INDEX sources_question ON sources(protocol, server, query,
	fetched_at);

INSERT INTO source_ranges SELECT * FROM temp.source_ranges_0009;
INSERT INTO upstream_evidence SELECT * FROM temp.upstream_evidence_0009;
DROP TABLE temp.source_ranges_0009;
DROP TABLE temp.upstream_evidence_0009;
