/*
 * embedded.c - lookup of data files compiled into the binary.
 */
#include <string.h>

#include "embedded.h"

const struct embedded_file *
embedded_find(const struct embedded_file *v, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].name, name) == 0)
			return &v[i];
	return NULL;
}
