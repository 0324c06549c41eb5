-- 0015-provider-events: what happened to a provider, for its timeline
-- ("depeer event add", "depeer timeline").  The changes of its
-- complaints are not copied here: the timeline merges complaint_events.
--
-- at is when it happened (Unix seconds), created_at when it was
-- recorded; upstream_asn the upstream lost, gained or behind which the
-- provider rehomed (NULL for the other kinds); source_id the stored
-- registry answer that shows it.  audit_seq is the provider.event entry
-- that recorded the row.
CREATE TABLE provider_events (
	id		INTEGER PRIMARY KEY,
	provider_id	INTEGER NOT NULL REFERENCES providers(id),
	kind		TEXT NOT NULL CHECK (kind IN ('upstream-lost',
			'upstream-gained', 'de-peered', 'offline',
			'back-online', 'rehomed', 'note')),
	at		INTEGER NOT NULL,
	upstream_asn	INTEGER CHECK (upstream_asn BETWEEN 1 AND 4294967295),
	note		TEXT,
	source_id	INTEGER REFERENCES sources(id),
	created_at	INTEGER NOT NULL,
	audit_seq	INTEGER NOT NULL REFERENCES audit_log(seq)
			DEFERRABLE INITIALLY DEFERRED
) STRICT;
CREATE INDEX provider_events_provider ON provider_events(provider_id, at);
-- The deferred reference looks a row up by its entry when the entry is
-- inserted: without this index that is a scan per entry.
CREATE INDEX provider_events_audit ON provider_events(audit_seq);
