-- 0018-bgp: what BGP paths showed ("depeer bgp import"): each MRT file
-- read (a RIB dump or BGP4MP updates) and the observations counted from
-- its cleaned AS paths, dated by the dump (or the date given).
--
-- bgp_imports: the file as read (file_*: compressed or not), its kind,
-- the time of the observations (observed_at) and the span of its records
-- (first_time, last_time; NULL without a record), the counts of the read
-- (records and elements from the MRT reader, paths counted, paths dropped
-- by reason, withdrawals, vantage points), whether the file ended inside
-- a record (truncated), the reader's warnings (the first ones, as a JSON
-- array of strings, and how many there were), and content_sha256: the
-- hash of the observation rows (bgp_obs.h), which the bgp.import entry
-- claims with the row itself.
--
-- The observations, all keyed by their import: per origin AS the
-- prefixes, paths and vantage points and whether a route was still
-- announced at the end (bgp_origins); per origin and AS seen just before
-- it the paths and vantage points (bgp_upstreams); every adjacency, left
-- to right (bgp_links); every three consecutive ASes (bgp_triplets), what
-- the relationship inference reads.
CREATE TABLE bgp_imports (
	id		INTEGER PRIMARY KEY,
	file_name	TEXT NOT NULL,
	file_sha256	TEXT NOT NULL,
	file_size	INTEGER NOT NULL,
	kind		TEXT NOT NULL CHECK (kind IN ('rib', 'updates')),
	observed_at	INTEGER NOT NULL,
	first_time	INTEGER,
	last_time	INTEGER,
	records		INTEGER NOT NULL,
	elems		INTEGER NOT NULL,
	paths		INTEGER NOT NULL,
	dropped_empty	INTEGER NOT NULL,
	dropped_set	INTEGER NOT NULL,
	dropped_loop	INTEGER NOT NULL,
	dropped_reserved INTEGER NOT NULL,
	withdrawals	INTEGER NOT NULL,
	vantage		INTEGER NOT NULL,
	truncated	INTEGER NOT NULL CHECK (truncated IN (0, 1)),
	warnings	TEXT NOT NULL,
	nwarnings	INTEGER NOT NULL,
	content_sha256	TEXT NOT NULL,
	created_at	INTEGER NOT NULL,
	audit_seq	INTEGER NOT NULL REFERENCES audit_log(seq)
			DEFERRABLE INITIALLY DEFERRED,
	CHECK ((first_time IS NULL) = (last_time IS NULL))
) STRICT;
CREATE INDEX bgp_imports_observed ON bgp_imports(observed_at);
CREATE INDEX bgp_imports_audit ON bgp_imports(audit_seq);

CREATE TABLE bgp_origins (
	import_id	INTEGER NOT NULL REFERENCES bgp_imports(id),
	asn		INTEGER NOT NULL,
	prefixes	INTEGER NOT NULL,
	paths		INTEGER NOT NULL,
	vantage		INTEGER NOT NULL,
	announced	INTEGER NOT NULL CHECK (announced IN (0, 1)),
	PRIMARY KEY (import_id, asn)
) STRICT, WITHOUT ROWID;
CREATE INDEX bgp_origins_asn ON bgp_origins(asn);

CREATE TABLE bgp_upstreams (
	import_id	INTEGER NOT NULL REFERENCES bgp_imports(id),
	origin		INTEGER NOT NULL,
	upstream	INTEGER NOT NULL,
	paths		INTEGER NOT NULL,
	vantage		INTEGER NOT NULL,
	PRIMARY KEY (import_id, origin, upstream)
) STRICT, WITHOUT ROWID;
CREATE INDEX bgp_upstreams_origin ON bgp_upstreams(origin);

CREATE TABLE bgp_links (
	import_id	INTEGER NOT NULL REFERENCES bgp_imports(id),
	a		INTEGER NOT NULL,
	b		INTEGER NOT NULL,
	paths		INTEGER NOT NULL,
	vantage		INTEGER NOT NULL,
	PRIMARY KEY (import_id, a, b)
) STRICT, WITHOUT ROWID;

CREATE TABLE bgp_triplets (
	import_id	INTEGER NOT NULL REFERENCES bgp_imports(id),
	a		INTEGER NOT NULL,
	b		INTEGER NOT NULL,
	c		INTEGER NOT NULL,
	paths		INTEGER NOT NULL,
	PRIMARY KEY (import_id, a, b, c)
) STRICT, WITHOUT ROWID;
