/* Copies of strings and byte runs. */
#include "sne/copy.h"

#include <stdio.h>
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

char *sne_vasprintf(const char *fmt, va_list ap)
{
	char *text;

	if (vasprintf(&text, fmt, ap) < 0)
		abort();
	return text;
}

char *sne_asprintf(const char *fmt, ...)
{
	va_list ap;
	char *text;

	va_start(ap, fmt);
	text = sne_vasprintf(fmt, ap);
	va_end(ap);
	return text;
}

void *sne_grow(void *items, size_t count, size_t *cap, size_t size, size_t first)
{
	if (count < *cap)
		return items;
	*cap = *cap ? *cap * 2 : first;
	items = realloc(items, *cap * size);
	if (items == NULL)
		abort();
	return items;
}
