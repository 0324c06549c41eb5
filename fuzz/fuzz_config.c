/*
 * fuzz_config.c - libFuzzer target for the configuration file (config.c):
 * the input is written to a file and read as depeer reads its
 * configuration; a first line "#Kvalue" also names a key and a value to
 * set.  What is
 * accepted must
 *
 *   - hold only valid UTF-8 values without control characters, each one
 *     that config_check() accepts for its key, every key a known one;
 *   - give the integer and host keys their typed values (config_int()
 *     and config_host() die on a value that was not checked);
 *   - survive "config set": setting a key to a value config_check()
 *     accepts, in that file, changes that key to exactly that value and
 *     leaves every other setting as it was; "config unset" brings back
 *     the default and leaves the rest.
 *
 * The files live in a private folder under $TMPDIR (else /dev/shm, else
 * /tmp); the environment's DEPEER_* variables are cleared first, so only
 * the file counts.
 */
#include <sys/stat.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "fuzz.h"

int	LLVMFuzzerInitialize(int *argc, char ***argv);
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NK	64

static char dir[256], path[300];

static void
cleanup(void)
{
	unlink(path);
	rmdir(dir);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *t = getenv("TMPDIR");
	struct stat st;
	size_t i;

	(void)argc;
	(void)argv;
	for (i = 0; config_key(i) != NULL; i++)
		unsetenv(config_env_name(config_key(i)));
	unsetenv("DEPEER_CONFIG");
	/* Memory-backed where there is one: "config set" syncs each file. */
	if (t == NULL || *t != '/')
		t = stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) ?
		    "/dev/shm" : "/tmp";
	snprintf(dir, sizeof(dir), "%s/depeer-fuzz-config.XXXXXX", t);
	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(path, sizeof(path), "%s/config", dir);
	atexit(cleanup);
	return 0;
}

static int
write_file(const uint8_t *data, size_t size)
{
	FILE *fp = fopen(path, "wb");

	if (fp == NULL)
		abort();
	if (fwrite(data, 1, size, fp) != size || fclose(fp) != 0)
		abort();
	return 0;
}

/* The values of every key in c, copied. */
static void
snapshot(const struct config *c, char *v[NK])
{
	size_t i;

	for (i = 0; config_key(i) != NULL; i++)
		v[i] = strdup(config_get(c, config_key(i)));
}

static void
snapshot_free(char *v[NK])
{
	size_t i;

	for (i = 0; config_key(i) != NULL; i++)
		free(v[i]);
}

static void
check_config(const struct config *c)
{
	const char *k, *v;
	char *host;
	size_t i;
	int port;

	for (i = 0; (k = config_key(i)) != NULL; i++) {
		v = config_get(c, k);
		fuzz_check_text(v);
		if (strcmp(config_origin(c, k), "file") == 0 &&
		    (config_check(k, v, NULL) != 0 || config_line(c, k) < 1))
			abort();
		if (strcmp(config_origin(c, k), "env") == 0)
			abort();	/* cleared at the start */
		if (strcmp(config_default(k), v) == 0 || *v == '\0')
			continue;
		if (strstr(k, "_ms") != NULL || strcmp(k, "ttl") == 0 ||
		    strcmp(k, "retries") == 0)
			(void)config_int(c, k);
		if (strstr(k, "_server") != NULL) {
			host = config_host(c, k, &port);
			fuzz_check_text(host);
			if (*host == '\0' || port < 0 || port > 65535)
				abort();
			free(host);
		}
	}
}

/* Set (value not NULL) or unset key; everything else must stay. */
static void
check_edit(const char *key, const char *value, size_t size)
{
	struct config *c;
	char *before[NK], *after[NK];
	const char *want;
	size_t i;
	int changed, rc;

	if (config_load(path, &c, NULL) != 0)
		return;
	snapshot(c, before);
	config_free(c);
	if (value != NULL)
		rc = config_set_file(path, key, value, &changed, NULL);
	else
		rc = config_unset_file(path, key, &changed, NULL);
	if (rc != 0) {
		/* Only a file that would grow past the limit is refused. */
		if (value == NULL || size + strlen(value) + 64 <
		    CONFIG_MAX_FILE)
			abort();
		snapshot_free(before);
		return;
	}
	if (config_load(path, &c, NULL) != 0)
		abort();
	check_config(c);
	snapshot(c, after);
	config_free(c);
	for (i = 0; config_key(i) != NULL; i++) {
		if (strcmp(config_key(i), key) != 0)
			want = before[i];
		else if (value != NULL && *value != '\0')
			want = value;
		else
			want = config_default(key);
		if (strcmp(after[i], want) != 0)
			abort();
	}
	snapshot_free(before);
	snapshot_free(after);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config *c;
	char value[CONFIG_MAX_LINE + 1];
	const char *key;
	size_t nkeys, n;
	int set = 0;

	if (size > CONFIG_MAX_FILE + 16)
		return 0;
	for (nkeys = 0; config_key(nkeys) != NULL; nkeys++)
		;
	/*
	 * A first line "#Kvalue" (a comment, so that the file stays what it
	 * was) asks to set the key numbered K (any byte, modulo the number
	 * of keys) to value; otherwise the first byte picks a key to unset.
	 */
	key = config_key(size > 1 ? data[1] % nkeys : 0);
	value[0] = '\0';
	if (size > 2 && data[0] == '#') {
		for (n = 2; n < size && data[n] != '\n' &&
		    n - 2 < CONFIG_MAX_LINE; n++)
			;
		memcpy(value, data + 2, n - 2);
		value[n - 2] = '\0';
		/* A CR before the line's end is the line end's. */
		if (n - 2 > 0 && value[n - 3] == '\r')
			value[n - 3] = '\0';
		set = memchr(data + 2, '\0', n - 2) == NULL;
	}
	write_file(data, size);
	if (config_load(path, &c, NULL) != 0)
		return 0;
	check_config(c);
	config_free(c);
	/* A value config set takes is read back as it was given. */
	if (set && config_check(key, value, NULL) == 0) {
		fuzz_check_text(value);
		check_edit(key, value, size);
	}
	check_edit(key, NULL, size);
	return 0;
}
