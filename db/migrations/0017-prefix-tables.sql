-- 0017-prefix-tables: dated routing tables read locally ("depeer prefixes
-- import"): each prefix with its origin AS or ASes, as one RIB or one
-- prefix-to-AS file showed them at one time.  "depeer attribute" and
-- "depeer lookup" answer origins from them.
--
-- taken_at is the time of the snapshot (the RIB's dump time, or the date
-- given), not the time of the import.  file_* describe the file read, as
-- read (compressed or not).  The table's content, the canonical listing of
-- prefixes and origins it was built from, is kept in prefix_table_chunks
-- (compressed, in order) and hashed in content_sha256, which the
-- prefixes.import entry claims; the lookup file beside the database is
-- built from it, and rebuilt from it when damaged.
--
-- A table removed keeps its row (removed_at, removed_seq: the prefixes.rm
-- entry) and loses its chunks.
CREATE TABLE prefix_tables (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL,
	taken_at	INTEGER NOT NULL,
	format		TEXT NOT NULL CHECK (format IN ('ipasn', 'pfx2as',
			    'iptoasn', 'mrt')),
	file_name	TEXT NOT NULL,
	file_sha256	TEXT NOT NULL,
	file_size	INTEGER NOT NULL,
	prefixes4	INTEGER NOT NULL,
	prefixes6	INTEGER NOT NULL,
	multi_origin	INTEGER NOT NULL,
	skipped		INTEGER NOT NULL,
	content_sha256	TEXT NOT NULL,
	created_at	INTEGER NOT NULL,
	audit_seq	INTEGER NOT NULL REFERENCES audit_log(seq)
			DEFERRABLE INITIALLY DEFERRED,
	removed_at	INTEGER,
	removed_seq	INTEGER REFERENCES audit_log(seq)
			DEFERRABLE INITIALLY DEFERRED,
	CHECK ((removed_at IS NULL) = (removed_seq IS NULL))
) STRICT;
CREATE UNIQUE INDEX prefix_tables_live ON prefix_tables(name)
	WHERE removed_at IS NULL;
CREATE INDEX prefix_tables_taken ON prefix_tables(taken_at)
	WHERE removed_at IS NULL;
CREATE INDEX prefix_tables_audit ON prefix_tables(audit_seq);
CREATE INDEX prefix_tables_removed ON prefix_tables(removed_seq);

CREATE TABLE prefix_table_chunks (
	table_id	INTEGER NOT NULL REFERENCES prefix_tables(id),
	seq		INTEGER NOT NULL,
	data		BLOB NOT NULL,
	PRIMARY KEY (table_id, seq)
) STRICT, WITHOUT ROWID;
