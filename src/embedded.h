/*
 * embedded.h - data files compiled into the binary (db/embed-files.sh):
 * the IANA RDAP bootstrap registries that lookups start from until
 * "depeer rdap update-bootstrap" fetches newer ones.
 */
#ifndef DEPEER_EMBEDDED_H
#define DEPEER_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char	*name;		/* base name: "asn.json" */
	const char	*data;		/* NUL-terminated */
	size_t		 size;
};

/* db/rdap-bootstrap/{asn,ipv4,ipv6}.json */
extern const struct embedded_file rdap_bootstrap_files[];
extern const size_t rdap_bootstrap_files_count;

/* The bundled file named name, or NULL. */
const struct embedded_file *embedded_find(const struct embedded_file *v,
	    size_t n, const char *name);

#endif
