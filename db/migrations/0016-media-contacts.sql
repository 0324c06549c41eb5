-- 0016-media-contacts: the journalists and colleagues who follow a case
-- ("depeer media add|list|rm"); "depeer report --to-media" drafts their
-- status updates.
--
-- provider_id NULL: a contact for every case in this database.  A contact
-- removed keeps its row (the updates sent to it name it): removed_at and
-- removed_seq, the media.rm entry, are set.  audit_seq is the media.add
-- entry that recorded the row.
CREATE TABLE media_contacts (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL,
	addr		TEXT NOT NULL,
	outlet		TEXT,
	provider_id	INTEGER REFERENCES providers(id),
	note		TEXT,
	created_at	INTEGER NOT NULL,
	audit_seq	INTEGER NOT NULL REFERENCES audit_log(seq)
			DEFERRABLE INITIALLY DEFERRED,
	removed_at	INTEGER,
	removed_seq	INTEGER REFERENCES audit_log(seq)
			DEFERRABLE INITIALLY DEFERRED,
	CHECK ((removed_at IS NULL) = (removed_seq IS NULL))
) STRICT;
-- One live contact per address and case.
CREATE UNIQUE INDEX media_contacts_live ON media_contacts(addr COLLATE NOCASE,
	IFNULL(provider_id, 0)) WHERE removed_at IS NULL;
-- The deferred references look a row up by its entry when the entry is
-- inserted: without these indexes that is a scan per entry.
CREATE INDEX media_contacts_audit ON media_contacts(audit_seq);
CREATE INDEX media_contacts_removed ON media_contacts(removed_seq);
