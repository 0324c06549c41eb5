-- 0008-provider-retire-merge: a provider that is no longer pursued, or was
-- recorded by mistake, is retired rather than deleted (the case is
-- append-only: its audit entries and evidence must keep meaning what they
-- said).  A look-alike duplicate is merged into the real provider: its
-- networks and evidence rows then belong to the real one, and it stays
-- here, retired, pointing to where they went.
--
-- One row per retired provider.  merged_into is set when it was merged;
-- a merge may come without a reason (the pointer says why).  Moved
-- evidence rows keep the hash they were recorded with: the
-- "provider.merge" audit entry lists their ids, and verify hashes each
-- row with the provider it was recorded for (src/verify_merge.h).

CREATE TABLE provider_retirements (
	provider_id	INTEGER PRIMARY KEY REFERENCES providers(id),
	retired_at	INTEGER NOT NULL,
	reason		TEXT CHECK (reason IS NULL OR length(reason) >= 1),
	merged_into	INTEGER REFERENCES providers(id),
	CHECK (reason IS NOT NULL OR merged_into IS NOT NULL),
	CHECK (merged_into IS NULL OR merged_into <> provider_id)
);
CREATE INDEX provider_retirements_into ON provider_retirements (merged_into)
	WHERE merged_into IS NOT NULL;
