-- 0014-measurements: time series the researcher measured (spamtrap
-- counts, connections seen, reports received), for "depeer impact".
--
-- series: one per name, with the length of its intervals in seconds
-- (a day divided evenly, or a whole day).  created_at and audit_seq are
-- those of the measure.import entry that made it; updated_at the time of
-- its last measure.import entry.
CREATE TABLE series (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1
			AND 200),
	interval_s	INTEGER NOT NULL CHECK (interval_s BETWEEN 60 AND
			86400 AND 86400 % interval_s = 0),
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL,
	audit_seq	INTEGER NOT NULL REFERENCES audit_log(seq)
			DEFERRABLE INITIALLY DEFERRED
) STRICT;

-- series_points: what one import counted in one interval (t: the
-- interval's start, Unix seconds, a multiple of interval_s).  The rows
-- of an import are never changed: "measure import --add" adds rows of
-- its own, and the series' value in an interval is the sum over the
-- imports, so that partial counts from several machines merge and each
-- import's rows stay what its entry hashed.
CREATE TABLE series_points (
	series_id	INTEGER NOT NULL REFERENCES series(id),
	t		INTEGER NOT NULL,
	value		REAL NOT NULL CHECK (value >= 0),
	audit_seq	INTEGER NOT NULL REFERENCES audit_log(seq)
			DEFERRABLE INITIALLY DEFERRED,
	UNIQUE (series_id, t, audit_seq)
) STRICT;
CREATE INDEX series_points_audit ON series_points(audit_seq, t);
