-- 0019-bgp-packed: the links and the triplets of each BGP import kept
-- packed, one row per import and part, instead of one row per link or
-- triplet (src/bgp_pack.h has the format).  A RIB dump gives tens of
-- thousands of triplets per megabyte; as rows they were most of an
-- import's time and of the case's size, and nothing reads one alone:
-- the relationship inference reads them all for a window of dates, and
-- verify reads an import's to hash them.
--
-- bgp_packed: per import and part ('links' or 'triplets') the number of
-- records and the packed data; an import with no link has its empty
-- row.  The rows of 0018 are packed by depeer_bgp_pack_links() and
-- depeer_bgp_pack_triplets() (src/db_sqlfn.c), the same bytes an import
-- writes.  Rows that belong to no import (left by hand) are carried
-- over, packed, for verify to find; that is why import_id has no
-- foreign key, which would refuse them.
CREATE TABLE bgp_packed (
	import_id	INTEGER NOT NULL,
	part		TEXT NOT NULL CHECK (part IN ('links', 'triplets')),
	records		INTEGER NOT NULL CHECK (records >= 0),
	data		BLOB NOT NULL,
	PRIMARY KEY (import_id, part)
) STRICT;

INSERT INTO bgp_packed (import_id, part, records, data)
	SELECT i, 'links',
	    (SELECT count(*) FROM bgp_links WHERE import_id = i),
	    (SELECT depeer_bgp_pack_links(a, b, paths, vantage)
	    FROM bgp_links WHERE import_id = i)
	FROM (SELECT id AS i FROM bgp_imports
	    UNION SELECT import_id FROM bgp_links);
INSERT INTO bgp_packed (import_id, part, records, data)
	SELECT i, 'triplets',
	    (SELECT count(*) FROM bgp_triplets WHERE import_id = i),
	    (SELECT depeer_bgp_pack_triplets(a, b, c, paths)
	    FROM bgp_triplets WHERE import_id = i)
	FROM (SELECT id AS i FROM bgp_imports
	    UNION SELECT import_id FROM bgp_triplets);

DROP TABLE bgp_links;
DROP TABLE bgp_triplets;
