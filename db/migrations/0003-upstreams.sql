-- 0003-upstreams: the upstream transit providers found for an origin AS,
-- kept over time (first_seen / last_seen), each with the registry answers
-- (sources) that showed the link.  Derived from the sources, which the
-- audit log covers; a later resolution updates last_seen and the
-- confidence, so a provider that re-homes shows its old and new upstreams.

CREATE TABLE upstreams (
	id		INTEGER PRIMARY KEY,
	asn		INTEGER NOT NULL,	-- the customer (origin) AS
	upstream_asn	INTEGER NOT NULL,
	name		TEXT,			-- the upstream's AS name
	confidence	REAL NOT NULL CHECK (confidence BETWEEN 0 AND 1),
	first_seen	INTEGER NOT NULL,
	last_seen	INTEGER NOT NULL,
	UNIQUE (asn, upstream_asn)
);

CREATE TABLE upstream_evidence (
	upstream_id	INTEGER NOT NULL REFERENCES upstreams(id),
	source_id	INTEGER NOT NULL REFERENCES sources(id),
	method		TEXT NOT NULL,	-- ripestat, irr, cymru
	detail		TEXT NOT NULL,
	seen_at		INTEGER NOT NULL,
	PRIMARY KEY (upstream_id, source_id, method)
) WITHOUT ROWID;
