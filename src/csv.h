/*
 * csv.h - a streaming, strict RFC 4180 reader.
 *
 * Records end at CRLF or LF (a lone CR outside quotes is an error); fields
 * may be quoted, a doubled quote inside quotes is a literal quote, and
 * quoted fields may span lines.  A UTF-8 byte order mark at the start is
 * skipped.  Errors name the physical line: a quote inside an unquoted field,
 * text after a closing quote, a quoted field still open at end of file (the
 * message names the line it opened on), a NUL byte, invalid UTF-8, a field
 * longer than the reader's limit.  The reader does not know about headers:
 * the caller compares field counts.
 *
 * Hand-written because the import needs the exact line of a bad record in
 * its message, strictness about stray quotes, and a speed near the sqlite3
 * shell's own importer; a small state machine over the rd buffer does all
 * three.
 */
#ifndef DEPEER_CSV_H
#define DEPEER_CSV_H

#include <stddef.h>

#include "rd.h"
#include "util.h"

struct csv_record {
	size_t		 nfields;
	char		**fields;	/* NUL-terminated, borrowed until the
					   next csv_read() */
	size_t		*lens;		/* byte lengths of fields */
	long		 line;		/* physical line the record starts on */
};

struct csv_reader;

/*
 * A reader over r (which the caller keeps and releases after csv_free()).
 * max_field: the longest field accepted, in bytes.
 */
struct csv_reader *csv_new(struct rd *r, size_t max_field);
void	csv_free(struct csv_reader *c);

/*
 * Read the next record into *rec.  Returns 1 with a record, 0 at end of
 * input, or a DP_EX_* code with err filled ("line 7: ..."): DP_EX_DATAERR
 * for malformed input, DP_EX_IOERR for a read error.  A completely empty
 * line is returned as a record with one empty field; the caller decides.
 */
int	csv_read(struct csv_reader *c, struct csv_record *rec,
	    struct dp_err *err);

#endif
