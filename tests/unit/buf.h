/* A growable, always NUL-terminated byte buffer for the unit tests: the
 * documents they build and the results they compare. */
#ifndef SNE_TEST_BUF_H
#define SNE_TEST_BUF_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct buf {
	char *data;
	size_t len, cap;
};

static inline void buf_add(struct buf *b, const void *bytes, size_t len)
{
	if (b->len + len + 1 > b->cap) {
		b->cap = (b->len + len + 1) * 2;
		b->data = realloc(b->data, b->cap);
		if (b->data == NULL)
			abort();
	}
	memcpy(b->data + b->len, bytes, len);
	b->len += len;
	b->data[b->len] = '\0';
}

static inline void buf_str(struct buf *b, const char *text)
{
	buf_add(b, text, strlen(text));
}

__attribute__((format(printf, 2, 3)))
static inline void buf_printf(struct buf *b, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	buf_add(b, tmp, (size_t)n);
}

/* Appends the bytes of the file at PATH; 0, or -1 when it cannot be read. */
static inline int buf_load(struct buf *b, const char *path)
{
	char chunk[4096];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (f == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(b, chunk, n);
	fclose(f);
	if (b->data == NULL)
		buf_add(b, "", 0);
	return 0;
}

/* Creates the file at PATH holding TEXT; 0 or -1. */
static inline int buf_save(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	int rc;

	if (f == NULL)
		return -1;
	rc = fputs(text, f) < 0 ? -1 : 0;
	return fclose(f) != 0 ? -1 : rc;
}

#endif
