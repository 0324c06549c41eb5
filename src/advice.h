/*
 * advice.h - warnings about what a researcher records that is allowed but
 * probably wrong: an observation in the future, an indicator in a
 * special-purpose block or outside every network of its provider, a
 * special-purpose AS number or prefix, a network another provider already
 * holds, and a provider name that looks like an existing one.  The
 * commands that record (evidence add, evidence import, provider add,
 * provider net add) share these rules; they print each warning on stderr
 * as "depeer: warning: ..." and, with --json, in a "warnings" array.  A
 * warning never changes what is written or the exit status.
 *
 * Service layer: reads the store, writes nothing.
 */
#ifndef DEPEER_ADVICE_H
#define DEPEER_ADVICE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "util.h"

struct db;
struct evidence;
struct ev_input;
struct provider;

/* Warnings, in the order found.  Owns its strings. */
struct advice {
	char		**msgs;
	size_t		 n;
};
#define ADVICE_INIT	{ NULL, 0 }

void	advice_release(struct advice *a);
/* The warnings as a JSON array of strings; a new reference. */
json_t	*advice_to_json(const struct advice *a);

/*
 * Defanged indicators (refang.h) as evidence input: when in->indicator
 * is not valid as typed but is once refanged, point in->indicator at
 * the refanged text and in->note at the note with "defanged as:
 * ORIGINAL" appended on a line of its own, keep both in *keep (release
 * with advice_refanged_release()), and return 1; else 0 with in as it
 * was.  keep->original is the indicator as typed (borrowed from in).
 */
struct advice_refanged {
	char		*indicator;
	char		*note;
	const char	*original;
};
int	advice_refang(struct ev_input *in, struct advice_refanged *keep);
void	advice_refanged_release(struct advice_refanged *keep);

/* How far in the future an observation may be before a warning (clocks
   of sensors and researchers differ): ten minutes. */
#define ADVICE_SKEW	600

/*
 * One evidence record just validated (kind, indicator, times set; the
 * provider resolved into e->provider_id): its observation time against
 * now, its indicator against the special-purpose blocks and against the
 * provider's networks (when the provider has prefixes; only addresses
 * and prefixes can be checked).  Reads the provider.  Returns 0 or a code
 * with err.
 */
int	advice_evidence(struct db *db, const struct evidence *e, int64_t now,
	    struct advice *a, struct dp_err *err);

/*
 * Networks being given to provider self (0: a provider not yet stored):
 * special-purpose AS numbers and prefixes, and each AS number or prefix
 * that another provider holds, or a prefix that overlaps another's.
 * Returns 0 or a code with err.
 */
int	advice_nets(struct db *db, const struct provider *nets, int64_t self,
	    struct advice *a, struct dp_err *err);

/*
 * A provider name against the stored providers other than self: a
 * warning for each whose name looks the same by advice_name_key().
 * Returns 0 or a code with err.
 */
int	advice_name(struct db *db, const char *name, int64_t self,
	    struct advice *a, struct dp_err *err);

/*
 * The key under which two provider names look alike: NFC-normalised and
 * case-folded (Unicode, not just ASCII), split into words at anything
 * but letters and digits, trailing legal-form words dropped (corp,
 * corporation, inc, incorporated, ltd, limited, llc, llp, plc, co,
 * company, gmbh, ag, sa, sas, sarl, srl, bv, nv, oy, ab, as, ooo, oü,
 * and Cyrillic ооо),
 * and the rest joined without spaces: "McColo Corp.", "MCCOLO
 * CORPORATION" and "Mc-Colo" all give "mccolo".  A name made of such
 * words alone keeps them.  A new string (caller frees); NULL if name is
 * not valid UTF-8.
 */
char	*advice_name_key(const char *name);

/*
 * The warnings of an import, gathered row by row and said once each as
 * a count with the first line: "3 rows observed in the future (first:
 * line 12)".  advice_rows_init() loads the providers (call it in the
 * import's transaction); advice_row() reads nothing from the store and
 * may run on another thread than the one that made rs, one thread at a
 * time.
 */
struct advice_rows {
	struct provider	*provs;
	size_t		 nprovs;
	int64_t		 now;
	int64_t		 future, future_line;
	int64_t		 special, special_line;
	int64_t		 outside, outside_line;
	int64_t		 refanged, refanged_line;
};
int	advice_rows_init(struct advice_rows *rs, struct db *db, int64_t now,
	    struct dp_err *err);
/* Row e of line; refanged: advice_refang() refanged its indicator. */
void	advice_row(struct advice_rows *rs, const struct evidence *e,
	    long line, int refanged);
/* The summary warnings into a; then releases rs. */
void	advice_rows_finish(struct advice_rows *rs, struct advice *a);
void	advice_rows_release(struct advice_rows *rs);

#endif
