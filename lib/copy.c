/* Copies of strings and byte runs. */
#include "sne/copy.h"

#include <stdlib.h>
#include <string.h>

void sne_copy_cut(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

char *sne_dup_bytes(const char *bytes, size_t len)
{
	char *copy = malloc(len + 1);

	if (copy == NULL)
		abort();
	memcpy(copy, bytes, len);
	copy[len] = '\0';
	return copy;
}
