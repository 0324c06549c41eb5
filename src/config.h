/*
 * config.h - depeer's settings: the registry hosts and URLs, the cache
 * TTL, the network time-outs and the case database path, each with a
 * built-in default, overridden by the configuration file, overridden by
 * a DEPEER_<KEY> environment variable.  Command-line options (--db,
 * --ttl) override all three; that is the command layer's business.
 *
 * The file is $DEPEER_CONFIG, else ${XDG_CONFIG_HOME:-$HOME/.config}/
 * depeer/config (XDG_CONFIG_HOME only when absolute): UTF-8 text of at
 * most CONFIG_MAX_FILE bytes, one "key = value" a line, '#' comment lines
 * and blank lines.  Around the key and the value, spaces and tabs are
 * dropped; a value written in double quotes keeps the spaces inside them
 * (the outer quotes go, nothing inside is an escape).  A '#' after a value
 * is part of the value, not a comment.  A line may hold at most
 * CONFIG_MAX_LINE bytes; CRLF line ends and a leading UTF-8 byte-order
 * mark are accepted.  An unknown key, a key given twice, a bad value or a
 * malformed line is an error naming FILE:LINE.
 *
 * An environment variable that is empty counts as unset.  Its value is
 * checked like the file's, except that the path keys (db, ca_bundle)
 * take any path there, as they always did; in the file they must be
 * absolute.
 *
 * Nothing here prints.  Errors fill a struct dp_err: DP_EX_CONFIG for a
 * bad file or variable, DP_EX_DATAERR for a bad value given to
 * config_set_file(), DP_EX_IOERR / DP_EX_CANTCREAT for I/O.
 */
#ifndef DEPEER_CONFIG_H
#define DEPEER_CONFIG_H

#include <stddef.h>

#include "util.h"

#define CONFIG_MAX_FILE	65536	/* bytes in the file */
#define CONFIG_MAX_LINE	4096	/* bytes in a line, without its end */

struct config;
struct net_config;

/*
 * The keys, in the order "config list" shows them: config_key(0),
 * config_key(1), ... until NULL.  Static strings.
 */
const char *config_key(size_t i);
/* Whether key is one of them (exact, lower case). */
int	config_is_key(const char *key);
/* The built-in default of key ("" for db, connect_to, ca_bundle). */
const char *config_default(const char *key);
/* The environment variable of key: "DEPEER_WHOIS_SERVER".  Static. */
const char *config_env_name(const char *key);

/*
 * The file path in use: $DEPEER_CONFIG if set and not empty, else
 * $XDG_CONFIG_HOME/depeer/config if that is absolute, else
 * $HOME/.config/depeer/config if HOME is absolute.  A new string the
 * caller frees, or NULL (err filled, DP_EX_CONFIG) when none applies.
 * The file need not exist.
 */
char	*config_path(struct dp_err *err);

/*
 * Read the file at path (NULL: config_path(), or no file when that has
 * none) and the environment into a new config in *out (written only on
 * success; free with config_free()).  A missing file is no error: the
 * defaults apply.
 */
int	config_load(const char *path, struct config **out,
	    struct dp_err *err);
void	config_free(struct config *c);
/* The file c was read from ("" if none); borrowed from c. */
const char *config_file(const struct config *c);

/*
 * The effective value of key: the variable's, else the file's, else the
 * default; "" when unset.  Borrowed from c.  An unknown key is a bug
 * (dies).
 */
const char *config_get(const struct config *c, const char *key);
/* Where it came from: "env", "file" or "default".  Static. */
const char *config_origin(const struct config *c, const char *key);
/* The file line it came from, when the origin is "file"; else 0. */
int	config_line(const struct config *c, const char *key);
/* The value of an integer key (ttl, the time-outs, retries, backoff_ms);
   another key is a bug (dies). */
long long config_int(const struct config *c, const char *key);
/*
 * A host key (whois_server, cymru_server, cymru_peer_server, irr_server,
 * dns_server) split: returns the host (a new string, without the brackets
 * of an IPv6 address; "" for dns_server unset) and sets *port to the port
 * given, or 0 when none was (the caller's protocol default applies).
 * Another key is a bug (dies).
 */
char	*config_host(const struct config *c, const char *key, int *port);

/*
 * net_config_default(nc), then the time-outs, retries and back-off of c,
 * and connect_to and ca_bundle, borrowed from c ("" when unset, so that
 * net_new() does not read the environment again): keep c alive while nc
 * is used.  Returns 0 (the values were checked when c was loaded).
 */
int	config_net(const struct config *c, struct net_config *nc,
	    struct dp_err *err);

/*
 * Check that value is acceptable for key in the file: 0, or DP_EX_DATAERR
 * with a message naming the problem (not the key).  An unknown key is
 * DP_EX_USAGE.
 */
int	config_check(const char *key, const char *value, struct dp_err *err);

/*
 * Set key to value in the file at path, or remove its line (unset).  The
 * value is checked first (DP_EX_DATAERR; DP_EX_USAGE for an unknown key);
 * then the file is read, and refused as it is (DP_EX_CONFIG, FILE:LINE,
 * "edit it by hand") when it has an error.  The key's line is replaced,
 * or a line appended; every other line, comments included, stays as it
 * was.  The new content goes to a temporary file in the same folder,
 * mode 0600, written, flushed to disk (fsync) and renamed over the file,
 * and the folder is synced (outfile.h); a failure at any point leaves the
 * old file as it was.  Missing folders
 * are created with mode 0700.  A path that is a symbolic link is followed
 * and its target replaced.  *changed (if not NULL) is set to whether the
 * file changed: unset of a key the file does not have leaves it, and a
 * missing file, alone.
 */
int	config_set_file(const char *path, const char *key, const char *value,
	    int *changed, struct dp_err *err);
int	config_unset_file(const char *path, const char *key, int *changed,
	    struct dp_err *err);

#endif
