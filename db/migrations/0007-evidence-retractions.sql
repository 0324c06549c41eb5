-- 0007-evidence-retractions: a record found to be wrong is retracted, not
-- removed.  The evidence row and its row hash stay as they were; this table
-- says which rows are retracted, why and when, and names the
-- "evidence.retract" audit entry that recorded it (whose payload carries
-- the same reason and the retracted row's hash, so verify holds this row
-- to it).  A record is retracted at most once.
CREATE TABLE evidence_retractions (
	evidence_id	INTEGER PRIMARY KEY REFERENCES evidence(id),
	reason		TEXT NOT NULL CHECK (length(reason) >= 1),
	retracted_at	INTEGER NOT NULL,
	audit_seq	INTEGER NOT NULL REFERENCES audit_log(seq)
			DEFERRABLE INITIALLY DEFERRED
);
