-- 0006-upstream-audit-seq: each upstream link, and each piece of evidence
-- behind it, names the "upstreams" audit entry that last wrote it, so that
-- verify holds a link to exactly that entry (two runs within one second
-- wrote the same last_seen, which could not tell their entries apart).
-- Rows written before this migration have none: no entry recorded them.

ALTER TABLE upstreams ADD COLUMN audit_seq INTEGER;
ALTER TABLE upstream_evidence ADD COLUMN audit_seq INTEGER;
CREATE INDEX upstreams_audit_seq ON upstreams (audit_seq)
	WHERE audit_seq IS NOT NULL;
