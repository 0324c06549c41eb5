-- 0011-artifact-chunks: an attached file's content is stored in chunks of
-- at most 1 MiB (artifact_chunks), numbered from 0 in the order of its
-- bytes, instead of one blob in its artifacts row.  One blob per file
-- could not hold the documented largest file (1,000,000,000 bytes is
-- also SQLite's largest string or blob, with no room left for the row's
-- other columns), and writing or reading it whole took several times its
-- size in memory.  Files of any size are now written, exported and
-- verified a chunk at a time.
--
-- artifact_chunks is an ordinary rowid table with (artifact_id, n)
-- unique, not a WITHOUT ROWID table: SQLite's incremental blob I/O, with
-- which a chunk is read in pieces, needs a rowid, and a WITHOUT ROWID
-- table reads a whole row of that size into memory to compare keys on
-- each insert.
--
-- artifacts is rebuilt without its content column (create, copy, drop,
-- rename) with the same ids, hashes, sizes and times.  Migrations run
-- with foreign keys on and inside a transaction, where they cannot be
-- switched off: the rows of evidence_files, which refer to artifacts, are
-- set aside in a temporary table meanwhile, and so are the new chunks,
-- which are cut from the old content before its table is dropped.
-- depeer_artifact_split(ID) is depeer's own SQL function (in
-- src/db_sqlfn.c): it reads one file's old content in 1 MiB pieces
-- through incremental blob I/O and inserts each into
-- temp.artifact_chunks_split; substr() would read the whole blob again
-- for each chunk.  A content that is not a blob or text (never written
-- by depeer) is moved as one chunk of its bytes, for verify to judge.

CREATE TEMP TABLE evidence_files_0011 AS SELECT * FROM evidence_files;
DELETE FROM evidence_files;

CREATE TEMP TABLE artifact_chunks_split (
	artifact_id	INTEGER NOT NULL,
	n		INTEGER NOT NULL,
	data		BLOB NOT NULL
);
SELECT depeer_artifact_split(id) FROM artifacts
	WHERE typeof(content) IN ('blob', 'text') ORDER BY id;
INSERT INTO temp.artifact_chunks_split (artifact_id, n, data)
SELECT id, 0, CAST(content AS BLOB) FROM artifacts
	WHERE typeof(content) NOT IN ('blob', 'text');

CREATE TABLE artifacts_0011 (
	id		INTEGER PRIMARY KEY,
	sha256		TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
	size		INTEGER NOT NULL CHECK (size >= 0),
	stored_at	INTEGER NOT NULL
) STRICT;
INSERT INTO artifacts_0011 (id, sha256, size, stored_at)
SELECT id, sha256, size, stored_at FROM artifacts ORDER BY id;
DROP TABLE artifacts;
ALTER TABLE artifacts_0011 RENAME TO artifacts;

-- The chunks of artifact artifact_id, n = 0, 1, 2, ... in the order of
-- its bytes.  A chunk is never empty; depeer writes 1 MiB chunks (the
-- last one shorter) but reads chunks of any size.
CREATE TABLE artifact_chunks (
	id		INTEGER PRIMARY KEY,
	artifact_id	INTEGER NOT NULL REFERENCES artifacts(id),
	n		INTEGER NOT NULL CHECK (n >= 0),
	data		BLOB NOT NULL CHECK (length(data) >= 1),
	UNIQUE (artifact_id, n)
) STRICT;
INSERT INTO artifact_chunks (artifact_id, n, data)
SELECT artifact_id, n, data FROM temp.artifact_chunks_split ORDER BY rowid;
DROP TABLE temp.artifact_chunks_split;

INSERT INTO evidence_files SELECT * FROM temp.evidence_files_0011;
DROP TABLE temp.evidence_files_0011;
