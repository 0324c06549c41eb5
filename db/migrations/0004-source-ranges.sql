-- 0004-source-ranges: the addresses a stored registry answer speaks for.
-- A WHOIS answer names the network it describes (IANA's /8, the RIR's
-- inetnum); a Team Cymru bulk answer has one row per address.  A bulk
-- lookup answers another address inside such a range from the same stored
-- answer instead of asking again, and names that answer as its source.
-- The rows are an index only: before reusing an answer depeer parses it
-- again and checks that it covers the address, so an altered row can cost
-- a query but never attach a wrong record.
--
-- Addresses are 17-byte blobs: the family (4 or 6), then the address in
-- network order padded to 16 bytes, so that blob order is address order.

CREATE TABLE source_ranges (
	protocol	TEXT NOT NULL,
	server		TEXT NOT NULL,
	lo		BLOB NOT NULL CHECK (length(lo) = 17),
	hi		BLOB NOT NULL CHECK (length(hi) = 17 AND hi >= lo),
	source_id	INTEGER NOT NULL REFERENCES sources(id),
	PRIMARY KEY (protocol, server, lo, hi, source_id)
) WITHOUT ROWID;
