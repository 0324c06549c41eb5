-- 0010-strict: every table but artifacts becomes a STRICT table, with the
-- same columns, constraints, indexes, ids and rows.
--
-- An ordinary SQLite column stores a value of any class: an integer column
-- takes the text '1x', a time column takes '2008-11-11' or 1226438580.5, a
-- text column takes a blob.  depeer never writes such values, but one
-- written behind its back was read through coercion ('1x' as 1) while the
-- SQL filters compared it raw, so that a row could vanish from a listing
-- or move to another provider and still verify.  A STRICT table refuses
-- such a value on every write, and PRAGMA integrity_check (which "depeer
-- verify" runs) reports one that a hand edit of the schema let in.
--
-- SQLite cannot make a table STRICT in place, so each is rebuilt: a new
-- table X_0010, its rows copied in id order, the old table dropped, the
-- new one renamed to X.  Migrations run with foreign keys on and inside a
-- transaction, where they cannot be switched off, so the new tables refer
-- to each other by their new names (SQLite renames those references with
-- the tables), parents are filled before children and old children are
-- dropped before their parents: no reference ever dangles, and no row is
-- copied twice.  artifacts keeps its table here (its storage changes in a
-- migration of its own); evidence_files goes on referring to it.  The
-- indexes are made again once the new tables have their names.

CREATE TABLE providers_0010 (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL COLLATE NOCASE UNIQUE
			CHECK (length(name) BETWEEN 1 AND 200),
	country		TEXT CHECK (country IS NULL OR length(country) = 2),
	url		TEXT,
	note		TEXT,
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL
) STRICT;

CREATE TABLE audit_log_0010 (
	seq		INTEGER PRIMARY KEY,
	at		INTEGER NOT NULL,
	action		TEXT NOT NULL,
	subject		TEXT NOT NULL,
	payload		TEXT NOT NULL,
	prev_hash	TEXT NOT NULL CHECK (length(prev_hash) = 64),
	hash		TEXT NOT NULL UNIQUE CHECK (length(hash) = 64)
) STRICT;

CREATE TABLE settings_0010 (
	key		TEXT PRIMARY KEY,
	value		TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE provider_networks_0010 (
	id		INTEGER PRIMARY KEY,
	provider_id	INTEGER NOT NULL REFERENCES providers_0010(id)
			ON DELETE CASCADE,
	asn		INTEGER CHECK (asn BETWEEN 1 AND 4294967295),
	prefix		TEXT,
	family		INTEGER CHECK (family IN (4, 6)),
	net_first	BLOB CHECK (net_first IS NULL OR length(net_first) = 17),
	net_last	BLOB CHECK (net_last IS NULL OR length(net_last) = 17),
	added_at	INTEGER NOT NULL,
	CHECK ((asn IS NULL) <> (prefix IS NULL)),
	CHECK ((prefix IS NULL) = (family IS NULL))
) STRICT;

CREATE TABLE evidence_0010 (
	id		INTEGER PRIMARY KEY,
	provider_id	INTEGER NOT NULL REFERENCES providers_0010(id),
	-- OR chains, not IN lists: SQLite builds an ephemeral index for an
	-- IN list in a CHECK on every insert, a third of a bulk import.
	kind		TEXT NOT NULL CHECK (kind = 'c2' OR
			kind = 'spam-source' OR kind = 'malware-host' OR
			kind = 'phishing' OR kind = 'botnet-ctrl' OR
			kind = 'scan' OR kind = 'other'),
	indicator	TEXT NOT NULL,
	indicator_type	TEXT NOT NULL CHECK (indicator_type = 'ipv4' OR
			indicator_type = 'ipv6' OR indicator_type = 'cidr' OR
			indicator_type = 'domain' OR indicator_type = 'url'),
	observed_at	INTEGER,
	family		TEXT,
	source		TEXT,
	note		TEXT,
	recorded_at	INTEGER NOT NULL,
	audit_seq	INTEGER NOT NULL REFERENCES audit_log_0010(seq)
			DEFERRABLE INITIALLY DEFERRED,
	row_hash	BLOB NOT NULL CHECK (length(row_hash) = 32)
) STRICT;

CREATE TABLE evidence_files_0010 (
	evidence_id	INTEGER NOT NULL REFERENCES evidence_0010(id),
	pos		INTEGER NOT NULL CHECK (pos >= 1),
	artifact_id	INTEGER NOT NULL REFERENCES artifacts(id),
	name		TEXT NOT NULL,
	PRIMARY KEY (evidence_id, pos)
) STRICT, WITHOUT ROWID;

CREATE TABLE evidence_retractions_0010 (
	evidence_id	INTEGER PRIMARY KEY REFERENCES evidence_0010(id),
	reason		TEXT NOT NULL CHECK (length(reason) >= 1),
	retracted_at	INTEGER NOT NULL,
	audit_seq	INTEGER NOT NULL REFERENCES audit_log_0010(seq)
			DEFERRABLE INITIALLY DEFERRED
) STRICT;

CREATE TABLE provider_retirements_0010 (
	provider_id	INTEGER PRIMARY KEY REFERENCES providers_0010(id),
	retired_at	INTEGER NOT NULL,
	reason		TEXT CHECK (reason IS NULL OR length(reason) >= 1),
	merged_into	INTEGER REFERENCES providers_0010(id),
	CHECK (reason IS NOT NULL OR merged_into IS NOT NULL),
	CHECK (merged_into IS NULL OR merged_into <> provider_id)
) STRICT;

CREATE TABLE sources_0010 (
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
	audit_seq	INTEGER NOT NULL REFERENCES audit_log_0010(seq)
			DEFERRABLE INITIALLY DEFERRED
) STRICT;

CREATE TABLE source_ranges_0010 (
	protocol	TEXT NOT NULL,
	server		TEXT NOT NULL,
	lo		BLOB NOT NULL CHECK (length(lo) = 17),
	hi		BLOB NOT NULL CHECK (length(hi) = 17 AND hi >= lo),
	source_id	INTEGER NOT NULL REFERENCES sources_0010(id),
	PRIMARY KEY (protocol, server, lo, hi, source_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE upstreams_0010 (
	id		INTEGER PRIMARY KEY,
	asn		INTEGER NOT NULL,	-- the customer (origin) AS
	upstream_asn	INTEGER NOT NULL,
	name		TEXT,			-- the upstream's AS name
	confidence	REAL NOT NULL CHECK (confidence BETWEEN 0 AND 1),
	first_seen	INTEGER NOT NULL,
	last_seen	INTEGER NOT NULL,
	audit_seq	INTEGER,	-- the "upstreams" entry (0006)
	UNIQUE (asn, upstream_asn)
) STRICT;

CREATE TABLE upstream_evidence_0010 (
	upstream_id	INTEGER NOT NULL REFERENCES upstreams_0010(id),
	source_id	INTEGER NOT NULL REFERENCES sources_0010(id),
	method		TEXT NOT NULL,	-- ripestat, irr, cymru
	detail		TEXT NOT NULL,
	seen_at		INTEGER NOT NULL,
	audit_seq	INTEGER,	-- the "upstreams" entry (0006)
	PRIMARY KEY (upstream_id, source_id, method)
) STRICT, WITHOUT ROWID;

-- Parents first.  A value of the wrong class stops the migration here
-- (the case stays at version 9): 'depeer verify' names it.
INSERT INTO providers_0010 SELECT id, name, country, url, note, created_at,
	updated_at FROM providers ORDER BY id;
INSERT INTO audit_log_0010 SELECT seq, at, action, subject, payload,
	prev_hash, hash FROM audit_log ORDER BY seq;
INSERT INTO settings_0010 SELECT key, value FROM settings ORDER BY key;
INSERT INTO provider_networks_0010 SELECT id, provider_id, asn, prefix,
	family, net_first, net_last, added_at FROM provider_networks
	ORDER BY id;
INSERT INTO evidence_0010 SELECT id, provider_id, kind, indicator,
	indicator_type, observed_at, family, source, note, recorded_at,
	audit_seq, row_hash FROM evidence ORDER BY id;
INSERT INTO evidence_files_0010 SELECT evidence_id, pos, artifact_id, name
	FROM evidence_files ORDER BY evidence_id, pos;
INSERT INTO evidence_retractions_0010 SELECT evidence_id, reason,
	retracted_at, audit_seq FROM evidence_retractions ORDER BY evidence_id;
INSERT INTO provider_retirements_0010 SELECT provider_id, retired_at, reason,
	merged_into FROM provider_retirements ORDER BY provider_id;
INSERT INTO sources_0010 SELECT id, protocol, server, query, fetched_at,
	status, content, size, sha256, audit_seq FROM sources ORDER BY id;
INSERT INTO source_ranges_0010 SELECT protocol, server, lo, hi, source_id
	FROM source_ranges ORDER BY protocol, server, lo, hi, source_id;
INSERT INTO upstreams_0010 SELECT id, asn, upstream_asn, name, confidence,
	first_seen, last_seen, audit_seq FROM upstreams ORDER BY id;
INSERT INTO upstream_evidence_0010 SELECT upstream_id, source_id, method,
	detail, seen_at, audit_seq FROM upstream_evidence
	ORDER BY upstream_id, source_id, method;

-- Children first.
DROP TABLE evidence_files;
DROP TABLE evidence_retractions;
DROP TABLE provider_retirements;
DROP TABLE provider_networks;
DROP TABLE upstream_evidence;
DROP TABLE source_ranges;
DROP TABLE evidence;
DROP TABLE sources;
DROP TABLE upstreams;
DROP TABLE audit_log;
DROP TABLE providers;
DROP TABLE settings;

ALTER TABLE providers_0010 RENAME TO providers;
ALTER TABLE audit_log_0010 RENAME TO audit_log;
ALTER TABLE settings_0010 RENAME TO settings;
ALTER TABLE provider_networks_0010 RENAME TO provider_networks;
ALTER TABLE evidence_0010 RENAME TO evidence;
ALTER TABLE evidence_files_0010 RENAME TO evidence_files;
ALTER TABLE evidence_retractions_0010 RENAME TO evidence_retractions;
ALTER TABLE provider_retirements_0010 RENAME TO provider_retirements;
ALTER TABLE sources_0010 RENAME TO sources;
ALTER TABLE source_ranges_0010 RENAME TO source_ranges;
ALTER TABLE upstreams_0010 RENAME TO upstreams;
ALTER TABLE upstream_evidence_0010 RENAME TO upstream_evidence;

CREATE UNIQUE INDEX provider_networks_asn
	ON provider_networks(provider_id, asn) WHERE asn IS NOT NULL;
CREATE UNIQUE INDEX provider_networks_prefix
	ON provider_networks(provider_id, prefix) WHERE prefix IS NOT NULL;
CREATE INDEX provider_networks_range
	ON provider_networks(net_first, net_last) WHERE prefix IS NOT NULL;
CREATE INDEX evidence_provider ON evidence(provider_id);
CREATE INDEX evidence_files_artifact ON evidence_files(artifact_id);
CREATE INDEX sources_question ON sources(protocol, server, query,
	fetched_at);
CREATE INDEX upstreams_audit_seq ON upstreams (audit_seq)
	WHERE audit_seq IS NOT NULL;
CREATE INDEX provider_retirements_into ON provider_retirements (merged_into)
	WHERE merged_into IS NOT NULL;
