-- 0001-foundation: providers, their networks, evidence, attached files and
-- the tamper-evident audit log.  Times are Unix seconds UTC.

-- Marks the file as a depeer case database ("DPR1"), so that depeer never
-- adds its schema to another program's SQLite file (see db_open()).
PRAGMA application_id = 1146114609;

CREATE TABLE providers (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL COLLATE NOCASE UNIQUE
			CHECK (length(name) BETWEEN 1 AND 200),
	country		TEXT CHECK (country IS NULL OR length(country) = 2),
	url		TEXT,
	note		TEXT,
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL
);

-- One row per AS number or prefix the provider holds.  Prefixes keep their
-- first and last address as 16-byte big-endian blobs (IPv4 mapped into
-- ::ffff:0:0/96) so that later lookups can ask which provider covers an
-- address with a range query.
CREATE TABLE provider_networks (
	id		INTEGER PRIMARY KEY,
	provider_id	INTEGER NOT NULL REFERENCES providers(id)
			ON DELETE CASCADE,
	asn		INTEGER CHECK (asn BETWEEN 1 AND 4294967295),
	prefix		TEXT,
	family		INTEGER CHECK (family IN (4, 6)),
	net_first	BLOB CHECK (net_first IS NULL OR length(net_first) = 16),
	net_last	BLOB CHECK (net_last IS NULL OR length(net_last) = 16),
	added_at	INTEGER NOT NULL,
	CHECK ((asn IS NULL) <> (prefix IS NULL)),
	CHECK ((prefix IS NULL) = (family IS NULL))
);
CREATE UNIQUE INDEX provider_networks_asn
	ON provider_networks(provider_id, asn) WHERE asn IS NOT NULL;
CREATE UNIQUE INDEX provider_networks_prefix
	ON provider_networks(provider_id, prefix) WHERE prefix IS NOT NULL;
CREATE INDEX provider_networks_range
	ON provider_networks(net_first, net_last) WHERE prefix IS NOT NULL;

-- The audit log: every change appends one entry.  hash chains prev_hash
-- with the entry's own fields and the SHA-256 of its payload (a JSON text
-- describing the change); see src/audit.h for the exact construction.
CREATE TABLE audit_log (
	seq		INTEGER PRIMARY KEY,
	at		INTEGER NOT NULL,
	action		TEXT NOT NULL,
	subject		TEXT NOT NULL,
	payload		TEXT NOT NULL,
	prev_hash	TEXT NOT NULL CHECK (length(prev_hash) = 64),
	hash		TEXT NOT NULL UNIQUE CHECK (length(hash) = 64)
);

-- Evidence rows are never rewritten.  row_hash is the SHA-256 of the row's
-- canonical encoding (src/evidence.h); the audit entry that recorded the
-- row (audit_seq) holds the hash over all the rows it recorded.
CREATE TABLE evidence (
	id		INTEGER PRIMARY KEY,
	provider_id	INTEGER NOT NULL REFERENCES providers(id),
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
	audit_seq	INTEGER NOT NULL REFERENCES audit_log(seq)
			DEFERRABLE INITIALLY DEFERRED,
	row_hash	BLOB NOT NULL CHECK (length(row_hash) = 32)
);
CREATE INDEX evidence_provider ON evidence(provider_id);

-- Attached files, content-addressed: one row per distinct content.
CREATE TABLE artifacts (
	id		INTEGER PRIMARY KEY,
	sha256		TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
	size		INTEGER NOT NULL CHECK (size >= 0),
	content		BLOB NOT NULL,
	stored_at	INTEGER NOT NULL
);

CREATE TABLE evidence_files (
	evidence_id	INTEGER NOT NULL REFERENCES evidence(id),
	pos		INTEGER NOT NULL CHECK (pos >= 1),
	artifact_id	INTEGER NOT NULL REFERENCES artifacts(id),
	name		TEXT NOT NULL,
	PRIMARY KEY (evidence_id, pos)
) WITHOUT ROWID;
CREATE INDEX evidence_files_artifact ON evidence_files(artifact_id);

-- Settings of this database (key = value), for later configuration.
CREATE TABLE settings (
	key		TEXT PRIMARY KEY,
	value		TEXT NOT NULL
) WITHOUT ROWID;
