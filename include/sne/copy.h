/* Copies of strings and byte runs, and growing arrays, once for the
 * library. */
#ifndef SNE_COPY_H
#define SNE_COPY_H

#include <stdarg.h>
#include <stddef.h>

/* snprintf(DST, SIZE, "%s", SRC) without the cost of a format (this runs
 * for every record edited): SRC cut to SIZE - 1 bytes, DST always ended by
 * a NUL.  SIZE is at least 1. */
void sne_copy_cut(char *dst, size_t size, const char *src);
/* The LEN bytes at BYTES (NUL bytes included) as a new string ended by a
 * NUL, which the caller frees; aborts when memory is exhausted. */
char *sne_dup_bytes(const char *bytes, size_t len);
/* The text FMT formats, as a new string which the caller frees; aborts
 * when memory is exhausted. */
char *sne_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *sne_vasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
/* ITEMS, an array of COUNT elements of SIZE bytes with room for *CAP,
 * with room for one more: FIRST at first, doubled when full (*CAP
 * updated); aborts when memory is exhausted.  Returns the array. */
void *sne_grow(void *items, size_t count, size_t *cap, size_t size, size_t first);

#endif
