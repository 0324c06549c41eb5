-- 0005-range-keys: one encoding for stored addresses, ipnet.h's range key.
-- 17 bytes: the family (4 or 6), then the address as struct ipnet holds
-- it, IPv6 in all 16 bytes, IPv4 in the first 4 and zeros after; blob
-- order is address order within a family (src/ipnet.h says why).
--
-- source_ranges (0004) already stores this key, so its rows stay as they
-- are.  provider_networks (0001) stored 16-byte IPv4-mapped addresses
-- (::ffff:a.b.c.d for IPv4): those become keys here, in SQL.  SQLite has
-- no hex-to-blob function before 3.41, but substr() of a blob is a blob
-- and || joins bytes as they are, so the key is the tag, the address bytes
-- and zeroblob() padding, cast back to a BLOB.  A CHECK constraint cannot
-- be altered in place, so the table is rebuilt (create, copy, drop,
-- rename) and its three indexes made again; nothing refers to it.

CREATE TABLE provider_networks_0005 (
	id		INTEGER PRIMARY KEY,
	provider_id	INTEGER NOT NULL REFERENCES providers(id)
			ON DELETE CASCADE,
	asn		INTEGER CHECK (asn BETWEEN 1 AND 4294967295),
	prefix		TEXT,
	family		INTEGER CHECK (family IN (4, 6)),
	net_first	BLOB CHECK (net_first IS NULL OR length(net_first) = 17),
	net_last	BLOB CHECK (net_last IS NULL OR length(net_last) = 17),
	added_at	INTEGER NOT NULL,
	CHECK ((asn IS NULL) <> (prefix IS NULL)),
	CHECK ((prefix IS NULL) = (family IS NULL))
);

INSERT INTO provider_networks_0005 (id, provider_id, asn, prefix, family,
    net_first, net_last, added_at)
SELECT id, provider_id, asn, prefix, family,
	CASE WHEN net_first IS NULL THEN NULL
	     WHEN family = 4 THEN
		CAST(X'04' || substr(net_first, 13, 4) || zeroblob(12) AS BLOB)
	     ELSE CAST(X'06' || net_first AS BLOB) END,
	CASE WHEN net_last IS NULL THEN NULL
	     WHEN family = 4 THEN
		CAST(X'04' || substr(net_last, 13, 4) || zeroblob(12) AS BLOB)
	     ELSE CAST(X'06' || net_last AS BLOB) END,
	added_at
FROM provider_networks;

DROP TABLE provider_networks;
ALTER TABLE provider_networks_0005 RENAME TO provider_networks;

CREATE UNIQUE INDEX provider_networks_asn
	ON provider_networks(provider_id, asn) WHERE asn IS NOT NULL;
CREATE UNIQUE INDEX provider_networks_prefix
	ON provider_networks(provider_id, prefix) WHERE prefix IS NOT NULL;
CREATE INDEX provider_networks_range
	ON provider_networks(net_first, net_last) WHERE prefix IS NOT NULL;
